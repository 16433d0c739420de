/* duban-chart.h — one chart widget for the analysis page, drawn with cairo
 *
 * Three shapes: labelled horizontal bars, lines over days, and a
 * weekday × hour grid. A bar or a cell carries a key ("unit:CODE",
 * "category:供水", "weekday-hour:3:14"); clicking it emits ::activated
 * with that key.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  DUBAN_CHART_BARS,
  DUBAN_CHART_LINES,
  DUBAN_CHART_HEAT,
} DubanChartKind;

#define DUBAN_TYPE_CHART (duban_chart_get_type ())
G_DECLARE_FINAL_TYPE (DubanChart, duban_chart, DUBAN, CHART, GtkWidget)

GtkWidget      *duban_chart_new        (DubanChartKind kind);
DubanChartKind  duban_chart_get_kind   (DubanChart    *self);
void            duban_chart_set_kind   (DubanChart    *self,
                                        DubanChartKind kind);

/* Bars, top to bottom. @value_text: what each bar says (e.g. "95.2%");
 * @keys may be NULL (bars not clickable). @max: the scale's end (0: the
 * largest value). */
void            duban_chart_set_bars   (DubanChart         *self,
                                        guint               n_bars,
                                        const char * const *labels,
                                        const char * const *keys,
                                        const double       *values,
                                        const char * const *value_texts,
                                        double              max);
/* @values: n_series × n_points, series after series. */
void            duban_chart_set_lines  (DubanChart         *self,
                                        guint               n_points,
                                        const char * const *point_labels,
                                        guint               n_series,
                                        const char * const *series_names,
                                        const double       *values);
/* 7 × 24 counts, Monday first; a cell's key is "weekday-hour:W:H" (W 1–7). */
void            duban_chart_set_heat   (DubanChart         *self,
                                        const guint         counts[7][24]);

/* The key at a point of the widget, or NULL (for tests and tooltips). */
const char     *duban_chart_key_at     (DubanChart         *self,
                                        double              x,
                                        double              y);

G_END_DECLS
