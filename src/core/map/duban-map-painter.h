/* duban-map-painter.h — the county's map drawn with cairo
 *
 * One drawing for the desk's map layer and for the reports' map image:
 * region fills (a choropleth of a chosen figure), boundaries by level,
 * names where they fit, a legend, and the marks that stand for ticket
 * states (a shape as well as a colour, so that the map reads without
 * colour). Everything is given: the regions, a Mercator view and the
 * values; the painter keeps no state.
 */
#pragma once

#include <cairo.h>

#include "duban-area-figures.h"
#include "duban-regions.h"
#include "duban-sla.h"

G_BEGIN_DECLS

/* The font that has the county's names under any locale (C.UTF-8 too). */
#define DUBAN_MAP_FONT "Noto Sans CJK SC"

/* What the screen shows: a Mercator centre and a zoom (the world is
 * 256 · 2^zoom pixels wide), turned by @rotation radians. */
typedef struct {
  double center_x;
  double center_y;
  double zoom;
  double rotation;
  double width;
  double height;
} DubanMapView;

/* Centres @view on the box and zooms so that it fits with @padding px. */
void   duban_map_view_fit          (DubanMapView       *view,
                                    double              width,
                                    double              height,
                                    double              min_x,
                                    double              min_y,
                                    double              max_x,
                                    double              max_y,
                                    double              padding);
/* Pixels per Mercator unit. */
double duban_map_view_get_scale    (const DubanMapView *view);
void   duban_map_view_to_screen    (const DubanMapView *view,
                                    double              x,
                                    double              y,
                                    double             *out_sx,
                                    double             *out_sy);
void   duban_map_view_from_screen  (const DubanMapView *view,
                                    double              sx,
                                    double              sy,
                                    double             *out_x,
                                    double             *out_y);
/* The Mercator box that the (possibly turned) screen covers. */
void   duban_map_view_get_bounds   (const DubanMapView *view,
                                    double             *min_x,
                                    double             *min_y,
                                    double             *max_x,
                                    double             *max_y);

typedef enum {
  DUBAN_CHOROPLETH_NONE,
  DUBAN_CHOROPLETH_OPEN,
  DUBAN_CHOROPLETH_OPEN_OVERDUE,
  DUBAN_CHOROPLETH_ON_TIME_RATE,
  DUBAN_CHOROPLETH_SATISFACTION_RATE,
  DUBAN_CHOROPLETH_RECEIVED,
} DubanChoroplethFigure;

#define DUBAN_CHOROPLETH_N_FIGURES 6

typedef struct {
  DubanChoroplethFigure  figure;
  DubanAreaLevel         level;    /* the areas coloured */
  const double          *values;   /* by area index; NAN: no data */
  double                 max;      /* the top of the scale for counts */
  /* A rate over fewer tickets than min_denominator is noise (one ticket
   * makes 0% or 100%): such an area is "too few" (样本不足), hatched, not
   * coloured. denominators: by area index; NULL, or min_denominator 0,
   * for none (counts have no denominator). docs/sla-rules.md, "The map". */
  const guint           *denominators;
  guint                  min_denominator;
} DubanChoropleth;

/* The county's default minimum (docs/sla-rules.md, "The map"). */
#define DUBAN_CHOROPLETH_DEFAULT_MIN_DENOMINATOR 5
/* duban_choropleth_class_of_area() of an area with too few tickets. */
#define DUBAN_CHOROPLETH_CLASS_TOO_FEW (-2)

const char *duban_choropleth_figure_to_display (DubanChoroplethFigure figure);
gboolean    duban_choropleth_figure_is_rate    (DubanChoroplethFigure figure);
/* The figure's value for one area, NAN when there is no data. */
double      duban_choropleth_value_of          (DubanChoroplethFigure  figure,
                                                const DubanAreaStats  *stats);
/* The tickets a rate is a share of (its denominator); G_MAXUINT for a
 * count, which has none. */
guint       duban_choropleth_denominator_of    (DubanChoroplethFigure  figure,
                                                const DubanAreaStats  *stats);
/* Whether the figure of an area with these stats is too few to colour
 * under @min_denominator (0: never). */
gboolean    duban_choropleth_too_few           (DubanChoroplethFigure  figure,
                                                const DubanAreaStats  *stats,
                                                guint                  min_denominator);
/* Fills @values (one per area) and, unless NULL, @denominators from
 * @stats and sets up @choropleth. */
void        duban_choropleth_init              (DubanChoropleth         *choropleth,
                                                DubanChoroplethFigure    figure,
                                                DubanAreaLevel           level,
                                                const DubanRegions      *regions,
                                                const DubanRegionStats  *stats,
                                                double                  *values,
                                                guint                   *denominators,
                                                guint                    min_denominator);
/* The scale is classed (the legend's rows are its classes). Counts: 0,
 * then up to four steps on a square-root scale up to max; rates: five
 * bands against the county's targets. Fills @from and @to (inclusive for
 * counts; rates [from, to)) and returns the number of classes. */
#define DUBAN_CHOROPLETH_MAX_CLASSES 6
guint       duban_choropleth_get_classes       (const DubanChoropleth   *choropleth,
                                                double                  *from,
                                                double                  *to);
/* -1 for "no data" (NAN). */
int         duban_choropleth_class_of          (const DubanChoropleth   *choropleth,
                                                double                   value);
/* The class of one area: DUBAN_CHOROPLETH_CLASS_TOO_FEW below the
 * minimum denominator, else that of its value. */
int         duban_choropleth_class_of_area     (const DubanChoropleth   *choropleth,
                                                guint                    area_index);
void        duban_choropleth_class_color       (const DubanChoropleth   *choropleth,
                                                int                      klass,
                                                double                  *rgba);
/* The fill for a value, in 0–1 RGBA. */
void        duban_choropleth_color             (const DubanChoropleth   *choropleth,
                                                double                   value,
                                                double                  *rgba);

/* Something drawn over the map that a name must not be put under (a
 * cluster's badge), in the view's pixels. */
typedef struct {
  double x, y, radius;
} DubanMapObstacle;

/* Where a name was put, in the view's pixels. */
typedef struct {
  double          x, y, width, height;   /* top left, size */
  DubanAreaLevel  level;
  gboolean        clear;                 /* it hides no obstacle */
} DubanMapLabelBox;

typedef struct {
  int         focus;        /* the area drilled into (names its children); -1: the county */
  int         selected;     /* outlined; -1: none */
  gboolean    background;   /* paint the paper under the county: no tiles below */
  gboolean    labels;
  const char *font;         /* NULL: DUBAN_MAP_FONT */
  gboolean    dark;         /* dark paper, light ink */
  /* Names are moved off these (beside, above or below), so that neither
   * hides the other. */
  const DubanMapObstacle *obstacles;
  guint                   n_obstacles;
  GArray                 *placed_labels;  /* out, DubanMapLabelBox; NULL: not wanted */
} DubanMapStyle;

void duban_map_style_init (DubanMapStyle *style);

/* Draws the regions in @view's pixel space (0,0 top left). */
void duban_map_painter_draw        (cairo_t                *cr,
                                    const DubanRegions     *regions,
                                    const DubanMapView     *view,
                                    const DubanChoropleth  *values,
                                    const DubanMapStyle    *style);
typedef struct {
  gboolean    marks;        /* the ticket marks */
  gboolean    heat;         /* the heat map's scale */
  gboolean    dark;
  const char *font;         /* NULL: DUBAN_MAP_FONT */
} DubanMapLegend;

/* A legend box for @values (NULL: none) and what @legend asks for, with
 * its top-left corner at x, y; returns its size. */
void duban_map_painter_draw_legend_full (cairo_t                *cr,
                                         const DubanChoropleth  *values,
                                         const DubanMapLegend   *legend,
                                         double                  x,
                                         double                  y,
                                         double                 *out_width,
                                         double                 *out_height);
/* A legend box for @values with its top-left corner at x, y, and the
 * ticket marks below it when @with_marks; returns its size. */
void duban_map_painter_draw_legend (cairo_t                *cr,
                                    const DubanChoropleth  *values,
                                    gboolean                with_marks,
                                    const char             *font,
                                    double                  x,
                                    double                  y,
                                    double                 *out_width,
                                    double                 *out_height);

/* The four marks for tickets. */
typedef enum {
  DUBAN_MAP_MARK_OK,        /* green circle */
  DUBAN_MAP_MARK_WARNING,   /* amber triangle */
  DUBAN_MAP_MARK_OVERDUE,   /* red square */
  DUBAN_MAP_MARK_DONE,      /* grey ring */
} DubanMapMark;

#define DUBAN_MAP_N_MARKS 4

DubanMapMark duban_map_mark_for_state  (DubanState    state);
void         duban_map_mark_color      (DubanMapMark  mark,
                                        double       *rgba);
const char  *duban_map_mark_to_display (DubanMapMark  mark);
/* Adds the mark's outline to the path (does not fill or stroke). */
void         duban_map_painter_mark_path (cairo_t      *cr,
                                          DubanMapMark  mark,
                                          double        x,
                                          double        y,
                                          double        size);
/* Fills and outlines one mark. */
void         duban_map_painter_draw_mark (cairo_t      *cr,
                                          DubanMapMark  mark,
                                          double        x,
                                          double        y,
                                          double        size);

G_END_DECLS
