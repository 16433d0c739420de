/* duban-chart.c — one chart widget for the analysis page, drawn with cairo
 *
 * The geometry of bars and cells is computed by one function for both
 * drawing and hit-testing, so what is clicked is what is drawn.
 */

#define G_LOG_DOMAIN "duban-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "duban-chart.h"

#define BAR_ROW       24.0
#define BAR_HEIGHT    14.0
#define LINES_HEIGHT  200.0
#define HEAT_LEFT     44.0
#define HEAT_TOP      18.0
#define HEAT_ROW      22.0

struct _DubanChart
{
  GtkWidget       parent_instance;

  DubanChartKind  kind;
  /* bars */
  GPtrArray      *labels;
  GPtrArray      *keys;
  GPtrArray      *value_texts;
  GArray         *values;        /* double; lines: series after series */
  double          max;
  /* lines */
  guint           n_points;
  guint           n_series;
  GPtrArray      *series_names;
  /* heat */
  guint           heat[7][24];
  GPtrArray      *heat_keys;     /* 7 × 24 */
};

G_DEFINE_FINAL_TYPE (DubanChart, duban_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_KIND,
  N_PROPS
};

enum {
  ACTIVATED,
  CONTEXT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Five series colours that stay apart for the colour-blind (Okabe–Ito). */
static const GdkRGBA series_colors[] = {
  { 0.00, 0.45, 0.70, 1 },
  { 0.00, 0.62, 0.45, 1 },
  { 0.84, 0.37, 0.00, 1 },
  { 0.80, 0.47, 0.65, 1 },
  { 0.90, 0.62, 0.00, 1 },
};

static double
label_width (double width)
{
  return MIN (width * 0.35, 180.0);
}

static double
value_width (double width)
{
  return MIN (width * 0.25, 110.0);
}

static double
data_max (DubanChart *self)
{
  double max = self->max;

  for (guint i = 0; i < self->values->len && self->max <= 0; i++)
    {
      double v = g_array_index (self->values, double, i);

      if (!isnan (v))
        max = MAX (max, v);
    }
  return max > 0 ? max : 1;
}

static guint
heat_max (DubanChart *self)
{
  guint max = 0;

  for (guint w = 0; w < 7; w++)
    for (guint h = 0; h < 24; h++)
      max = MAX (max, self->heat[w][h]);
  return MAX (max, 1);
}

static gboolean
bar_rect (DubanChart      *self,
          guint            i,
          graphene_rect_t *rect)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double left = label_width (width) + 8;
  double right = width - value_width (width) - 8;
  double v = g_array_index (self->values, double, i);
  double share = isnan (v) ? 0 : MAX (v, 0) / data_max (self);

  graphene_rect_init (rect, left, i * BAR_ROW + (BAR_ROW - BAR_HEIGHT) / 2,
                      MAX ((right - left) * MIN (share, 1.0), 1.0), BAR_HEIGHT);
  return right > left;
}

static void
heat_cell (DubanChart      *self,
           guint            weekday,
           guint            hour,
           graphene_rect_t *rect)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double cell = (width - HEAT_LEFT) / 24;

  graphene_rect_init (rect, HEAT_LEFT + hour * cell + 1, HEAT_TOP + weekday * HEAT_ROW + 1,
                      cell - 2, HEAT_ROW - 2);
}

const char *
duban_chart_key_at (DubanChart *self,
                    double      x,
                    double      y)
{
  graphene_point_t point = GRAPHENE_POINT_INIT (x, y);

  g_return_val_if_fail (DUBAN_IS_CHART (self), NULL);

  if (self->kind == DUBAN_CHART_BARS)
    {
      guint row = y < 0 ? G_MAXUINT : (guint) (y / BAR_ROW);
      double width = gtk_widget_get_width (GTK_WIDGET (self));

      /* the whole row is the target: a short bar is still easy to hit */
      if (row < self->labels->len && x >= 0 && x <= width)
        return g_ptr_array_index (self->keys, row);
      return NULL;
    }

  if (self->kind == DUBAN_CHART_HEAT)
    for (guint w = 0; w < 7; w++)
      for (guint h = 0; h < 24; h++)
        {
          graphene_rect_t rect;

          heat_cell (self, w, h, &rect);
          if (graphene_rect_contains_point (&rect, &point))
            return g_ptr_array_index (self->heat_keys, w * 24 + h);
        }

  return NULL;
}

static void
foreground (DubanChart *self,
            GdkRGBA    *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (context, color);
G_GNUC_END_IGNORE_DEPRECATIONS
}

/* Returns the width the text took. */
static double
show_text (DubanChart     *self,
           cairo_t        *cr,
           const char     *text,
           double          x,
           double          y,
           double          width,
           PangoAlignment  alignment,
           gboolean        small)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int w, h;

  if (small)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_scale_new (0.8));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  pango_layout_set_width (layout, (int) (MAX (width, 1) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x, y - h / 2.0);
  pango_cairo_show_layout (cr, layout);
  return w;
}

static void
draw_bars (DubanChart *self,
           cairo_t    *cr,
           double      width)
{
  GdkRGBA fg;

  foreground (self, &fg);
  for (guint i = 0; i < self->labels->len; i++)
    {
      graphene_rect_t rect;
      double mid = i * BAR_ROW + BAR_ROW / 2;

      gdk_cairo_set_source_rgba (cr, &fg);
      show_text (self, cr, g_ptr_array_index (self->labels, i), 0, mid, label_width (width),
                 PANGO_ALIGN_RIGHT, FALSE);
      show_text (self, cr, g_ptr_array_index (self->value_texts, i), width - value_width (width), mid,
                 value_width (width), PANGO_ALIGN_LEFT, TRUE);
      if (bar_rect (self, i, &rect))
        {
          gdk_cairo_set_source_rgba (cr, &series_colors[0]);
          cairo_rectangle (cr, rect.origin.x, rect.origin.y, rect.size.width, rect.size.height);
          cairo_fill (cr);
        }
    }
}

static void
draw_lines (DubanChart *self,
            cairo_t    *cr,
            double      width,
            double      height)
{
  const double left = 40, right = width - 8, top = 24, bottom = height - 20;
  double max = data_max (self), legend_x = left;
  GdkRGBA fg, grid;

  foreground (self, &fg);
  grid = fg;
  grid.alpha = 0.15;

  for (guint i = 0; i <= 2; i++)
    {
      double y = bottom - (bottom - top) * i / 2;
      g_autofree char *label = g_strdup_printf ("%.0f", max * i / 2);

      gdk_cairo_set_source_rgba (cr, &grid);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      gdk_cairo_set_source_rgba (cr, &fg);
      show_text (self, cr, label, 0, y, left - 4, PANGO_ALIGN_RIGHT, TRUE);
    }
  for (guint i = 0; i < 3 && self->n_points > 0; i++)
    {
      guint p = i == 0 ? 0 : i == 1 ? self->n_points / 2 : self->n_points - 1;
      double x = self->n_points > 1 ? left + (right - left) * p / (self->n_points - 1) : left;

      show_text (self, cr, g_ptr_array_index (self->labels, p), x - 50, bottom + 10, 100,
                 i == 0 ? PANGO_ALIGN_LEFT : i == 1 ? PANGO_ALIGN_CENTER : PANGO_ALIGN_RIGHT, TRUE);
    }

  for (guint s = 0; s < self->n_series; s++)
    {
      const GdkRGBA *color = &series_colors[s % G_N_ELEMENTS (series_colors)];

      gdk_cairo_set_source_rgba (cr, color);
      cairo_set_line_width (cr, self->n_points > 120 ? 1 : 2);
      for (guint p = 0; p < self->n_points; p++)
        {
          double v = g_array_index (self->values, double, s * self->n_points + p);
          double x = self->n_points > 1 ? left + (right - left) * p / (self->n_points - 1) : (left + right) / 2;
          double y = bottom - (bottom - top) * (isnan (v) ? 0 : v) / max;

          if (p == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_stroke (cr);

      cairo_rectangle (cr, legend_x, 6, 12, 4);
      cairo_fill (cr);
      gdk_cairo_set_source_rgba (cr, &fg);
      legend_x += 16 + show_text (self, cr, g_ptr_array_index (self->series_names, s), legend_x + 16, 8,
                                  MAX (right - legend_x - 16, 1), PANGO_ALIGN_LEFT, TRUE) + 18;
    }
}

static void
draw_heat (DubanChart *self,
           cairo_t    *cr,
           double      width)
{
  const char *weekdays[] = {
    C_("weekday", "Mon"), C_("weekday", "Tue"), C_("weekday", "Wed"), C_("weekday", "Thu"),
    C_("weekday", "Fri"), C_("weekday", "Sat"), C_("weekday", "Sun"),
  };
  double cell = (width - HEAT_LEFT) / 24;
  guint max = heat_max (self);
  GdkRGBA fg;

  foreground (self, &fg);
  for (guint h = 0; h < 24; h += 3)
    {
      g_autofree char *label = g_strdup_printf ("%u", h);

      gdk_cairo_set_source_rgba (cr, &fg);
      show_text (self, cr, label, HEAT_LEFT + h * cell, HEAT_TOP / 2, cell * 3, PANGO_ALIGN_LEFT, TRUE);
    }
  for (guint w = 0; w < 7; w++)
    {
      gdk_cairo_set_source_rgba (cr, &fg);
      show_text (self, cr, weekdays[w], 0, HEAT_TOP + w * HEAT_ROW + HEAT_ROW / 2, HEAT_LEFT - 6,
                 PANGO_ALIGN_RIGHT, TRUE);
      for (guint h = 0; h < 24; h++)
        {
          graphene_rect_t rect;
          GdkRGBA color = series_colors[0];

          /* never fully transparent: an empty hour is still a cell */
          color.alpha = 0.06 + 0.94 * self->heat[w][h] / max;
          heat_cell (self, w, h, &rect);
          gdk_cairo_set_source_rgba (cr, &color);
          cairo_rectangle (cr, rect.origin.x, rect.origin.y, rect.size.width, rect.size.height);
          cairo_fill (cr);
        }
    }
}

static void
duban_chart_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  DubanChart *self = DUBAN_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  switch (self->kind)
    {
    case DUBAN_CHART_BARS:
      draw_bars (self, cr, width);
      break;
    case DUBAN_CHART_LINES:
      draw_lines (self, cr, width, height);
      break;
    case DUBAN_CHART_HEAT:
      draw_heat (self, cr, width);
      break;
    default:
      g_assert_not_reached ();
    }
  cairo_destroy (cr);
}

static void
duban_chart_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  DubanChart *self = DUBAN_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 420;
      return;
    }

  switch (self->kind)
    {
    case DUBAN_CHART_BARS:
      *minimum = *natural = (int) MAX (BAR_ROW, self->labels->len * BAR_ROW);
      break;
    case DUBAN_CHART_LINES:
      *minimum = *natural = (int) LINES_HEIGHT;
      break;
    case DUBAN_CHART_HEAT:
      *minimum = *natural = (int) (HEAT_TOP + 7 * HEAT_ROW);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
click_released_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   DubanChart      *self)
{
  const char *key = duban_chart_key_at (self, x, y);

  if (key != NULL && *key != '\0')
    g_signal_emit (self, signals[ACTIVATED], 0, key);
}

/* The secondary button: the other thing a bar leads to (a unit's bar:
 * the unit's page, where the primary click opens the queue). */
static void
context_released_cb (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     DubanChart      *self)
{
  const char *key = duban_chart_key_at (self, x, y);

  if (key != NULL && *key != '\0')
    g_signal_emit (self, signals[CONTEXT_ACTIVATED], 0, key);
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           DubanChart               *self)
{
  const char *key = duban_chart_key_at (self, x, y);

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), key != NULL && *key != '\0' ? "pointer" : NULL);
}

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  DubanChart *self)
{
  if (self->kind == DUBAN_CHART_BARS)
    {
      guint row = (guint) (y / BAR_ROW);
      g_autofree char *text = NULL;

      if (y < 0 || row >= self->labels->len)
        return FALSE;
      text = g_strdup_printf ("%s: %s", (char *) g_ptr_array_index (self->labels, row),
                              (char *) g_ptr_array_index (self->value_texts, row));
      gtk_tooltip_set_text (tooltip, text);
      return TRUE;
    }

  if (self->kind == DUBAN_CHART_HEAT)
    for (guint w = 0; w < 7; w++)
      for (guint h = 0; h < 24; h++)
        {
          graphene_rect_t rect;

          heat_cell (self, w, h, &rect);
          if (graphene_rect_contains_point (&rect, &GRAPHENE_POINT_INIT (x, y)))
            {
              g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                    "%02u:00–%02u:59: %u ticket",
                                                                    "%02u:00–%02u:59: %u tickets",
                                                                    self->heat[w][h]),
                                                       h, h, self->heat[w][h]);
              gtk_tooltip_set_text (tooltip, text);
              return TRUE;
            }
        }

  return FALSE;
}

static void
duban_chart_finalize (GObject *object)
{
  DubanChart *self = DUBAN_CHART (object);

  g_ptr_array_unref (self->labels);
  g_ptr_array_unref (self->keys);
  g_ptr_array_unref (self->value_texts);
  g_ptr_array_unref (self->series_names);
  g_ptr_array_unref (self->heat_keys);
  g_array_unref (self->values);

  G_OBJECT_CLASS (duban_chart_parent_class)->finalize (object);
}

static void
duban_chart_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DubanChart *self = DUBAN_CHART (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
duban_chart_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  DubanChart *self = DUBAN_CHART (object);

  switch (prop_id)
    {
    case PROP_KIND:
      duban_chart_set_kind (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
duban_chart_class_init (DubanChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = duban_chart_finalize;
  object_class->get_property = duban_chart_get_property;
  object_class->set_property = duban_chart_set_property;
  widget_class->snapshot = duban_chart_snapshot;
  widget_class->measure = duban_chart_measure;

  /* an int rather than an enum type: the chart's shape is fixed in .ui files */
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL,
                      DUBAN_CHART_BARS, DUBAN_CHART_HEAT, DUBAN_CHART_BARS,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ACTIVATED] =
    g_signal_new ("activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /* the secondary button on a bar, cell or point, with its key */
  signals[CONTEXT_ACTIVATED] =
    g_signal_new ("context-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
duban_chart_init (DubanChart *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *context = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->labels = g_ptr_array_new_with_free_func (g_free);
  self->keys = g_ptr_array_new_with_free_func (g_free);
  self->value_texts = g_ptr_array_new_with_free_func (g_free);
  self->series_names = g_ptr_array_new_with_free_func (g_free);
  self->heat_keys = g_ptr_array_new_with_free_func (g_free);
  self->values = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint w = 0; w < 7; w++)
    for (guint h = 0; h < 24; h++)
      g_ptr_array_add (self->heat_keys, g_strdup_printf ("weekday-hour:%u:%u", w + 1, h));

  g_signal_connect (click, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (context), GDK_BUTTON_SECONDARY);
  g_signal_connect (context, "released", G_CALLBACK (context_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (context));
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
}

GtkWidget *
duban_chart_new (DubanChartKind kind)
{
  return g_object_new (DUBAN_TYPE_CHART, "kind", kind, NULL);
}

DubanChartKind
duban_chart_get_kind (DubanChart *self)
{
  g_return_val_if_fail (DUBAN_IS_CHART (self), DUBAN_CHART_BARS);

  return self->kind;
}

void
duban_chart_set_kind (DubanChart     *self,
                      DubanChartKind  kind)
{
  g_return_if_fail (DUBAN_IS_CHART (self));

  if (self->kind == kind)
    return;
  self->kind = kind;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

static void
clear_data (DubanChart *self)
{
  g_ptr_array_set_size (self->labels, 0);
  g_ptr_array_set_size (self->keys, 0);
  g_ptr_array_set_size (self->value_texts, 0);
  g_ptr_array_set_size (self->series_names, 0);
  g_array_set_size (self->values, 0);
  self->n_points = self->n_series = 0;
  self->max = 0;
}

void
duban_chart_set_bars (DubanChart         *self,
                      guint               n_bars,
                      const char * const *labels,
                      const char * const *keys,
                      const double       *values,
                      const char * const *value_texts,
                      double              max)
{
  g_return_if_fail (DUBAN_IS_CHART (self));
  g_return_if_fail (n_bars == 0 || (labels != NULL && values != NULL && value_texts != NULL));

  clear_data (self);
  for (guint i = 0; i < n_bars; i++)
    {
      g_ptr_array_add (self->labels, g_strdup (labels[i]));
      g_ptr_array_add (self->keys, g_strdup (keys ? keys[i] : NULL));
      g_ptr_array_add (self->value_texts, g_strdup (value_texts[i]));
    }
  g_array_append_vals (self->values, values, n_bars);
  self->max = max;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
duban_chart_set_lines (DubanChart         *self,
                       guint               n_points,
                       const char * const *point_labels,
                       guint               n_series,
                       const char * const *series_names,
                       const double       *values)
{
  g_return_if_fail (DUBAN_IS_CHART (self));

  clear_data (self);
  for (guint i = 0; i < n_points; i++)
    g_ptr_array_add (self->labels, g_strdup (point_labels[i]));
  for (guint s = 0; s < n_series; s++)
    g_ptr_array_add (self->series_names, g_strdup (series_names[s]));
  g_array_append_vals (self->values, values, n_points * n_series);
  self->n_points = n_points;
  self->n_series = n_series;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
duban_chart_set_heat (DubanChart  *self,
                      const guint  counts[7][24])
{
  g_return_if_fail (DUBAN_IS_CHART (self));

  memcpy (self->heat, counts, sizeof self->heat);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
