/* duban-map-painter.c — the county's map drawn with cairo
 *
 * One drawing for the desk's map page, a ticket's grid map and the
 * reports' PDF: the view (where the map looks), the areas with their
 * fills, boundaries and names, the ticket marks and the legend. Which
 * colour an area's figure gets is the choropleth's, in
 * duban-map-choropleth.c.
 */

#define G_LOG_DOMAIN "duban-map-painter"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "duban-map-painter.h"

#define TILE_SIZE 256.0

/* Colours: quiet paper and ink for the base, so that the figures and the
 * ticket marks are what the eye finds. */
static const double PAPER[3]      = { 0.945, 0.941, 0.922 };
static const double COUNTY_FILL[3] = { 0.988, 0.984, 0.969 };
static const double INK[3]        = { 0.20, 0.22, 0.25 };
static const double SELECTED[3]   = { 0.11, 0.42, 0.85 };

/* ---------------------------------------------------------------- view */

double
duban_map_view_get_scale (const DubanMapView *view)
{
  g_return_val_if_fail (view != NULL, 1.0);

  return TILE_SIZE * exp2 (view->zoom);
}

void
duban_map_view_fit (DubanMapView *view,
                    double        width,
                    double        height,
                    double        min_x,
                    double        min_y,
                    double        max_x,
                    double        max_y,
                    double        padding)
{
  double span_x, span_y, scale;

  g_return_if_fail (view != NULL);

  span_x = MAX (max_x - min_x, 1e-12);
  span_y = MAX (max_y - min_y, 1e-12);
  scale = MIN (MAX (width - 2 * padding, 1) / span_x, MAX (height - 2 * padding, 1) / span_y);

  view->center_x = (min_x + max_x) / 2;
  view->center_y = (min_y + max_y) / 2;
  view->zoom = log2 (scale / TILE_SIZE);
  view->rotation = 0;
  view->width = width;
  view->height = height;
}

void
duban_map_view_to_screen (const DubanMapView *view,
                          double              x,
                          double              y,
                          double             *out_sx,
                          double             *out_sy)
{
  double scale = duban_map_view_get_scale (view);
  double dx = (x - view->center_x) * scale;
  double dy = (y - view->center_y) * scale;
  double c = cos (view->rotation), s = sin (view->rotation);

  *out_sx = view->width / 2 + c * dx - s * dy;
  *out_sy = view->height / 2 + s * dx + c * dy;
}

void
duban_map_view_from_screen (const DubanMapView *view,
                            double              sx,
                            double              sy,
                            double             *out_x,
                            double             *out_y)
{
  double scale = duban_map_view_get_scale (view);
  double dx = sx - view->width / 2;
  double dy = sy - view->height / 2;
  double c = cos (view->rotation), s = sin (view->rotation);

  *out_x = view->center_x + (c * dx + s * dy) / scale;
  *out_y = view->center_y + (-s * dx + c * dy) / scale;
}

void
duban_map_view_get_bounds (const DubanMapView *view,
                           double             *min_x,
                           double             *min_y,
                           double             *max_x,
                           double             *max_y)
{
  const double corners[4][2] = {
    { 0, 0 }, { view->width, 0 }, { 0, view->height }, { view->width, view->height },
  };

  *min_x = *min_y = INFINITY;
  *max_x = *max_y = -INFINITY;
  for (guint i = 0; i < 4; i++)
    {
      double x, y;

      duban_map_view_from_screen (view, corners[i][0], corners[i][1], &x, &y);
      *min_x = MIN (*min_x, x);
      *min_y = MIN (*min_y, y);
      *max_x = MAX (*max_x, x);
      *max_y = MAX (*max_y, y);
    }
}

/* ------------------------------------------------------------- drawing */

void
duban_map_style_init (DubanMapStyle *style)
{
  g_return_if_fail (style != NULL);

  style->focus = -1;
  style->selected = -1;
  style->background = TRUE;
  style->labels = TRUE;
  style->font = NULL;
}

typedef struct {
  cairo_t            *cr;
  const DubanRegions *regions;
  const DubanMapView *view;
  double              scale;            /* px per Mercator unit */
  cairo_matrix_t      path_matrix;      /* path units → screen */
  double              min_x, min_y, max_x, max_y;
} Painter;

static gboolean
area_visible (const Painter   *p,
              const DubanArea *area)
{
  return area->max_x >= p->min_x && area->min_x <= p->max_x &&
         area->max_y >= p->min_y && area->min_y <= p->max_y;
}

/* The size of an area on screen, in pixels (its smaller side). */
static double
area_pixels (const Painter   *p,
             const DubanArea *area)
{
  return MIN (area->max_x - area->min_x, area->max_y - area->min_y) * p->scale;
}

static void
append_area (const Painter   *p,
             const DubanArea *area)
{
  cairo_t *cr = p->cr;

  /* Append under the path matrix, then go back to pixels: the path is
   * transformed as it is appended, and lines stay a pixel wide. */
  cairo_save (cr);
  cairo_transform (cr, &p->path_matrix);
  cairo_append_path (cr, area->path);
  cairo_restore (cr);
}

static void
set_rgb (cairo_t      *cr,
         const double *rgb,
         double        alpha)
{
  cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], alpha);
}

static void
stroke_level (const Painter  *p,
              DubanAreaLevel  level,
              double          min_pixels,
              double          width,
              double          alpha,
              int             within)
{
  guint first, end;
  gboolean any = FALSE;

  duban_regions_get_level_range (p->regions, level, &first, &end);
  for (guint i = first; i < end; i++)
    {
      const DubanArea *area = duban_regions_get_area (p->regions, i);

      if (!area_visible (p, area) || area_pixels (p, area) < min_pixels)
        continue;
      if (within >= 0 && !duban_regions_is_within (p->regions, i, within))
        continue;
      append_area (p, area);
      any = TRUE;
    }
  if (!any)
    return;

  cairo_set_line_width (p->cr, width);
  set_rgb (p->cr, INK, alpha);
  cairo_stroke (p->cr);
}

static void
draw_label (cairo_t     *cr,
            PangoLayout *layout,
            const char  *text,
            double       x,
            double       y,
            double       max_width,
            double       alpha)
{
  static const double halo[4][2] = {
    { -1, -1 }, { 1, -1 }, { -1, 1 }, { 1, 1 },
  };
  int w, h;
  double left, top;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  if (w > max_width)
    return;

  /* A halo of the paper, so a name reads over any fill: the glyphs shown
   * around it, not their outlines stroked — Han glyphs have many curves,
   * and turning them into paths costs ten times as much as showing them
   * from the glyph cache. */
  left = round (x - w / 2.0);
  top = round (y - h / 2.0);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.8 * alpha);
  for (guint i = 0; i < G_N_ELEMENTS (halo); i++)
    {
      cairo_move_to (cr, left + halo[i][0], top + halo[i][1]);
      pango_cairo_show_layout (cr, layout);
    }
  set_rgb (cr, INK, alpha);
  cairo_move_to (cr, left, top);
  pango_cairo_show_layout (cr, layout);
}

static PangoLayout *
create_layout (cairo_t    *cr,
               const char *font,
               double      pixels,
               gboolean    bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font != NULL ? font : DUBAN_MAP_FONT);

  pango_font_description_set_absolute_size (desc, pixels * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  return layout;
}

static void
draw_labels (const Painter       *p,
             const DubanMapStyle *style)
{
  cairo_t *cr = p->cr;
  int focus = style->focus;
  DubanAreaLevel focus_level = DUBAN_AREA_COUNTY;
  g_autoptr(PangoLayout) town_layout = NULL;
  g_autoptr(PangoLayout) small_layout = NULL;
  guint first, end;

  if (focus >= 0)
    focus_level = duban_regions_get_area (p->regions, focus)->level;

  town_layout = create_layout (cr, style->font, 14, TRUE);
  small_layout = create_layout (cr, style->font, 11, FALSE);

  /* Grids, then villages, then towns: the larger names go on top. */
  duban_regions_get_level_range (p->regions, DUBAN_AREA_GRID, &first, &end);
  for (guint i = first; i < end; i++)
    {
      const DubanArea *area = duban_regions_get_area (p->regions, i);
      double sx, sy;

      if (focus_level < DUBAN_AREA_VILLAGE || !area_visible (p, area) ||
          !duban_regions_is_within (p->regions, i, focus) || area_pixels (p, area) < 60)
        continue;
      duban_map_view_to_screen (p->view, area->label_x, area->label_y, &sx, &sy);
      draw_label (cr, small_layout, area->name, sx, sy, area_pixels (p, area) - 4, 1.0);
    }

  duban_regions_get_level_range (p->regions, DUBAN_AREA_VILLAGE, &first, &end);
  for (guint i = first; i < end; i++)
    {
      const DubanArea *area = duban_regions_get_area (p->regions, i);
      double sx, sy;

      if (focus_level != DUBAN_AREA_TOWN || !area_visible (p, area) ||
          !duban_regions_is_within (p->regions, i, focus) || area_pixels (p, area) < 36)
        continue;
      duban_map_view_to_screen (p->view, area->label_x, area->label_y, &sx, &sy);
      draw_label (cr, small_layout, area->name, sx, sy, (area->max_x - area->min_x) * p->scale - 4, 1.0);
    }

  duban_regions_get_level_range (p->regions, DUBAN_AREA_TOWN, &first, &end);
  for (guint i = first; i < end; i++)
    {
      const DubanArea *area = duban_regions_get_area (p->regions, i);
      double sx, sy;

      /* Drilled into a town, its own name is in the breadcrumb. */
      if (!area_visible (p, area) || focus_level != DUBAN_AREA_COUNTY)
        continue;
      duban_map_view_to_screen (p->view, area->label_x, area->label_y, &sx, &sy);
      draw_label (cr, town_layout, area->name, sx, sy, (area->max_x - area->min_x) * p->scale + 40, 1.0);
    }
}

static void
painter_init (Painter            *p,
              cairo_t            *cr,
              const DubanRegions *regions,
              const DubanMapView *view)
{
  double origin_x, origin_y, path_scale;

  p->cr = cr;
  p->regions = regions;
  p->view = view;
  p->scale = duban_map_view_get_scale (view);
  duban_map_view_get_bounds (view, &p->min_x, &p->min_y, &p->max_x, &p->max_y);

  /* path units → screen: translate to the centre, turn, scale, shift */
  duban_regions_get_path_transform (regions, &origin_x, &origin_y, &path_scale);
  cairo_matrix_init_translate (&p->path_matrix, view->width / 2, view->height / 2);
  cairo_matrix_rotate (&p->path_matrix, view->rotation);
  cairo_matrix_scale (&p->path_matrix, p->scale / path_scale, p->scale / path_scale);
  cairo_matrix_translate (&p->path_matrix, (origin_x - view->center_x) * path_scale,
                          (origin_y - view->center_y) * path_scale);
}

/* The choropleth, one fill per class: the scale is classed, so a frame
 * fills a handful of paths rather than one per area. Areas off screen
 * are skipped. */
static void
fill_choropleth (const Painter         *p,
                 const DubanChoropleth *values,
                 const DubanMapStyle   *style)
{
  cairo_t *cr = p->cr;
  double from[DUBAN_CHOROPLETH_MAX_CLASSES], to[DUBAN_CHOROPLETH_MAX_CLASSES];
  int n_classes = duban_choropleth_get_classes (values, from, to);
  guint first, end, n;
  g_autofree int *class_of = NULL;
  g_autofree double *pixels_of = NULL;

  /* each area's class and size on screen (-1: off screen), once */
  duban_regions_get_level_range (p->regions, values->level, &first, &end);
  n = end - first;
  class_of = g_new (int, MAX (n, 1));
  pixels_of = g_new (double, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      const DubanArea *area = duban_regions_get_area (p->regions, first + i);

      class_of[i] = duban_choropleth_class_of (values, values->values[first + i]);
      pixels_of[i] = area_visible (p, area) ? area_pixels (p, area) : -1;
    }

  for (int klass = -1; klass < n_classes; klass++)
    {
      /* Areas that fill the screen are the context, not the glance:
       * their colour steps back so the ticket marks on them (the same
       * reds and ambers) stay readable. They are filled one by one. */
      gboolean any = FALSE;
      double rgba[4];
      double alpha = style->background ? 1.0 : 0.7;

      duban_choropleth_class_color (values, klass, rgba);
      for (guint i = 0; i < n; i++)
        {
          if (class_of[i] != klass || pixels_of[i] < 0 || pixels_of[i] > 160)
            continue;
          append_area (p, duban_regions_get_area (p->regions, first + i));
          any = TRUE;
        }
      if (any)
        {
          cairo_set_source_rgba (cr, rgba[0], rgba[1], rgba[2], alpha);
          cairo_fill (cr);
        }

      for (guint i = 0; i < n; i++)
        {
          if (class_of[i] != klass || pixels_of[i] <= 160)
            continue;
          append_area (p, duban_regions_get_area (p->regions, first + i));
          cairo_set_source_rgba (cr, rgba[0], rgba[1], rgba[2], alpha * MAX (0.3, 160 / pixels_of[i]));
          cairo_fill (cr);
        }
    }
}

/* Drilled in: the rest of the county fades behind a veil with a hole;
 * and the selected area is outlined. */
static void
draw_focus (const Painter       *p,
            const DubanMapStyle *style,
            int                  county)
{
  cairo_t *cr = p->cr;

  if (style->focus >= 0 && style->focus != county)
    {
      cairo_rectangle (cr, 0, 0, p->view->width, p->view->height);
      append_area (p, duban_regions_get_area (p->regions, style->focus));
      cairo_set_source_rgba (cr, PAPER[0], PAPER[1], PAPER[2], 0.72);
      cairo_fill (cr);
      append_area (p, duban_regions_get_area (p->regions, style->focus));
      cairo_set_line_width (cr, 2.5);
      set_rgb (cr, INK, 0.9);
      cairo_stroke (cr);
    }

  if (style->selected >= 0 && (guint) style->selected < duban_regions_get_n_areas (p->regions))
    {
      append_area (p, duban_regions_get_area (p->regions, style->selected));
      cairo_set_line_width (cr, 3.0);
      set_rgb (cr, SELECTED, 1.0);
      cairo_stroke (cr);
    }
}

void
duban_map_painter_draw (cairo_t               *cr,
                        const DubanRegions    *regions,
                        const DubanMapView    *view,
                        const DubanChoropleth *values,
                        const DubanMapStyle   *style)
{
  DubanMapStyle default_style;
  Painter p = { 0 };
  int county;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (regions != NULL);
  g_return_if_fail (view != NULL);

  if (style == NULL)
    {
      duban_map_style_init (&default_style);
      style = &default_style;
    }

  painter_init (&p, cr, regions, view);

  cairo_save (cr);
  cairo_set_fill_rule (cr, DUBAN_REGIONS_FILL_RULE);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  /* Areas and boundaries with cairo's cheaper antialiasing: it halves
   * the frame for 853 grids and the eye cannot tell at these line widths.
   * Names and the legend keep the default. */
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);

  if (style->background)
    {
      set_rgb (cr, PAPER, 1.0);
      cairo_paint (cr);
    }

  county = duban_regions_get_county (regions);
  if (county >= 0)
    {
      append_area (&p, duban_regions_get_area (regions, county));
      set_rgb (cr, COUNTY_FILL, style->background ? 1.0 : 0.55);
      cairo_fill (cr);
    }

  if (values != NULL && values->values != NULL && values->figure != DUBAN_CHOROPLETH_NONE)
    fill_choropleth (&p, values, style);

  /* Boundaries, finest first, each level when its areas are big enough
   * on screen for a line to mean something. */
  stroke_level (&p, DUBAN_AREA_GRID, 10, 0.5, 0.22, style->focus);
  stroke_level (&p, DUBAN_AREA_VILLAGE, 14, 0.8, 0.35, style->focus);
  stroke_level (&p, DUBAN_AREA_TOWN, 0, 1.4, 0.65, -1);
  if (county >= 0)
    stroke_level (&p, DUBAN_AREA_COUNTY, 0, 2.5, 0.85, -1);

  draw_focus (&p, style, county);

  if (style->labels)
    {
      cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);
      draw_labels (&p, style);
    }

  cairo_restore (cr);
}

/* -------------------------------------------------------------- marks */

DubanMapMark
duban_map_mark_for_state (DubanState state)
{
  switch (state)
    {
    case DUBAN_STATE_OPEN_OVERDUE:
      return DUBAN_MAP_MARK_OVERDUE;
    case DUBAN_STATE_OPEN_WARNING:
      return DUBAN_MAP_MARK_WARNING;
    case DUBAN_STATE_OPEN_OK:
      return DUBAN_MAP_MARK_OK;
    case DUBAN_STATE_DONE_ON_TIME:
    case DUBAN_STATE_DONE_LATE:
    case DUBAN_STATE_CANCELLED:
    case DUBAN_STATE_NOT_YET:
    default:
      return DUBAN_MAP_MARK_DONE;
    }
}

void
duban_map_mark_color (DubanMapMark  mark,
                      double       *rgba)
{
  static const double colors[DUBAN_MAP_N_MARKS][3] = {
    [DUBAN_MAP_MARK_OK] = { 0.18, 0.62, 0.38 },
    [DUBAN_MAP_MARK_WARNING] = { 0.93, 0.60, 0.05 },
    [DUBAN_MAP_MARK_OVERDUE] = { 0.85, 0.11, 0.14 },
    [DUBAN_MAP_MARK_DONE] = { 0.62, 0.63, 0.65 },
  };

  g_return_if_fail (mark < DUBAN_MAP_N_MARKS);

  rgba[0] = colors[mark][0];
  rgba[1] = colors[mark][1];
  rgba[2] = colors[mark][2];
  rgba[3] = 1.0;
}

const char *
duban_map_mark_to_display (DubanMapMark mark)
{
  switch (mark)
    {
    case DUBAN_MAP_MARK_OK:
      return duban_state_to_display (DUBAN_STATE_OPEN_OK);
    case DUBAN_MAP_MARK_WARNING:
      return duban_state_to_display (DUBAN_STATE_OPEN_WARNING);
    case DUBAN_MAP_MARK_OVERDUE:
      return duban_state_to_display (DUBAN_STATE_OPEN_OVERDUE);
    case DUBAN_MAP_MARK_DONE:
      return C_("map mark", "Done");
    default:
      return "";
    }
}

void
duban_map_painter_mark_path (cairo_t      *cr,
                             DubanMapMark  mark,
                             double        x,
                             double        y,
                             double        size)
{
  double r = size / 2;

  switch (mark)
    {
    case DUBAN_MAP_MARK_OVERDUE:
      cairo_rectangle (cr, x - r * 0.9, y - r * 0.9, 1.8 * r, 1.8 * r);
      break;
    case DUBAN_MAP_MARK_WARNING:
      cairo_move_to (cr, x, y - r * 1.1);
      cairo_line_to (cr, x + r * 1.05, y + r * 0.8);
      cairo_line_to (cr, x - r * 1.05, y + r * 0.8);
      cairo_close_path (cr);
      break;
    case DUBAN_MAP_MARK_DONE:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r * 0.8, 0, 2 * G_PI);
      break;
    case DUBAN_MAP_MARK_OK:
    default:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    }
}

void
duban_map_painter_draw_mark (cairo_t      *cr,
                             DubanMapMark  mark,
                             double        x,
                             double        y,
                             double        size)
{
  double rgba[4];

  g_return_if_fail (cr != NULL);

  duban_map_mark_color (mark, rgba);
  duban_map_painter_mark_path (cr, mark, x, y, size);
  if (mark == DUBAN_MAP_MARK_DONE)
    {
      /* a ring: done tickets stay in sight without claiming attention */
      cairo_set_source_rgba (cr, 1, 1, 1, 0.8);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, rgba[0], rgba[1], rgba[2], 1);
      cairo_set_line_width (cr, MAX (1.2, size / 6));
      cairo_stroke (cr);
      return;
    }
  cairo_set_source_rgba (cr, rgba[0], rgba[1], rgba[2], rgba[3]);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
}

/* -------------------------------------------------------------- legend */

static void
format_value (DubanChoroplethFigure  figure,
              double                 value,
              char                  *buffer,
              gsize                  size)
{
  if (duban_choropleth_figure_is_rate (figure))
    g_snprintf (buffer, size, "%.0f%%", value * 100);
  else
    g_snprintf (buffer, size, "%.0f", value);
}

static void
class_label (const DubanChoropleth *values,
             guint                  klass,
             guint                  n_classes,
             const double          *from,
             const double          *to,
             char                  *label,
             gsize                  size)
{
  char a[16], b[16];

  format_value (values->figure, from[klass], a, sizeof a);
  format_value (values->figure, to[klass], b, sizeof b);
  if (duban_choropleth_figure_is_rate (values->figure))
    {
      if (klass == 0)
        g_snprintf (label, size, "< %s", b);
      else if (klass + 1 == n_classes)
        g_snprintf (label, size, "≥ %s", a);
      else
        g_snprintf (label, size, "%s – %s", a, b);
    }
  else if (from[klass] == to[klass])
    g_snprintf (label, size, "%s", a);
  else
    g_snprintf (label, size, "%s – %s", a, b);
}

void
duban_map_painter_draw_legend (cairo_t               *cr,
                               const DubanChoropleth *values,
                               gboolean               with_marks,
                               const char            *font,
                               double                 x,
                               double                 y,
                               double                *out_width,
                               double                *out_height)
{
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) text = NULL;
  const double pad = 10, swatch = 14, row = 19;
  double width = 176, height = pad;
  double from[DUBAN_CHOROPLETH_MAX_CLASSES], to[DUBAN_CHOROPLETH_MAX_CLASSES];
  guint n_classes = 0;
  gboolean colours = values != NULL && values->figure != DUBAN_CHOROPLETH_NONE;

  g_return_if_fail (cr != NULL);

  title = create_layout (cr, font, 12.5, TRUE);
  text = create_layout (cr, font, 11.5, FALSE);

  if (colours)
    {
      n_classes = duban_choropleth_get_classes (values, from, to);
      height += row + (n_classes + 1) * row;
    }
  if (with_marks)
    height += (colours ? 8 : 0) + row + DUBAN_MAP_N_MARKS * row;
  height += pad - 4;

  /* the box */
  cairo_save (cr);
  cairo_new_path (cr);
  cairo_rectangle (cr, x, y, width, height);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.92);
  cairo_fill_preserve (cr);
  set_rgb (cr, INK, 0.25);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  y += pad;
  if (colours)
    {
      pango_layout_set_text (title, duban_choropleth_figure_to_display (values->figure), -1);
      set_rgb (cr, INK, 1);
      cairo_move_to (cr, x + pad, y);
      pango_cairo_show_layout (cr, title);
      y += row;

      /* the worst at the top: the end of the scale that needs attention */
      for (guint i = 0; i < n_classes + 1; i++)
        {
          gboolean rate = duban_choropleth_figure_is_rate (values->figure);
          int klass = i < n_classes ? (rate ? (int) i : (int) (n_classes - 1 - i)) : -1;
          double rgba[4];
          char label[64];

          duban_choropleth_class_color (values, klass, rgba);
          if (klass >= 0)
            class_label (values, klass, n_classes, from, to, label, sizeof label);
          else
            g_snprintf (label, sizeof label, "%s", C_("map legend", "No data"));

          cairo_rectangle (cr, x + pad, y + 2, swatch * 1.6, swatch);
          cairo_set_source_rgba (cr, rgba[0], rgba[1], rgba[2], 1);
          cairo_fill_preserve (cr);
          set_rgb (cr, INK, 0.4);
          cairo_set_line_width (cr, 0.8);
          cairo_stroke (cr);

          pango_layout_set_text (text, label, -1);
          set_rgb (cr, INK, 1);
          cairo_move_to (cr, x + pad + swatch * 1.6 + 8, y + 1);
          pango_cairo_show_layout (cr, text);
          y += row;
        }
      if (with_marks)
        y += 8;
    }

  if (with_marks)
    {
      pango_layout_set_text (title, C_("map legend", "Tickets"), -1);
      set_rgb (cr, INK, 1);
      cairo_move_to (cr, x + pad, y);
      pango_cairo_show_layout (cr, title);
      y += row;
      for (guint m = 0; m < DUBAN_MAP_N_MARKS; m++)
        {
          duban_map_painter_draw_mark (cr, m, x + pad + swatch * 0.8, y + 2 + swatch / 2, 11);
          pango_layout_set_text (text, duban_map_mark_to_display (m), -1);
          set_rgb (cr, INK, 1);
          cairo_move_to (cr, x + pad + swatch * 1.6 + 8, y + 1);
          pango_cairo_show_layout (cr, text);
          y += row;
        }
    }
  cairo_restore (cr);

  if (out_width != NULL)
    *out_width = width;
  if (out_height != NULL)
    *out_height = height;
}
