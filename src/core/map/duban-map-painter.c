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
typedef struct {
  double paper[3];
  double county_fill[3];
  double ink[3];
  double halo[3];
  double box[3];        /* the legend's */
  double zero_fill[3];  /* a count of zero */
  double no_data[3];
} Palette;

static const Palette LIGHT = {
  { 0.945, 0.941, 0.922 }, { 0.988, 0.984, 0.969 }, { 0.20, 0.22, 0.25 }, { 1, 1, 1 }, { 1, 1, 1 },
  { 0.965, 0.961, 0.945 }, { 0.90, 0.90, 0.88 },
};
/* Dark: the paper and the quiet fills go dark, the ink light; the
 * figures' colours stay, they are what the eye looks for. */
static const Palette DARK = {
  { 0.118, 0.118, 0.125 }, { 0.165, 0.165, 0.176 }, { 0.86, 0.87, 0.89 }, { 0.10, 0.10, 0.11 },
  { 0.16, 0.16, 0.17 }, { 0.20, 0.20, 0.21 }, { 0.27, 0.27, 0.28 },
};
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
  style->dark = FALSE;
  style->obstacles = NULL;
  style->n_obstacles = 0;
  style->placed_labels = NULL;
}

typedef struct {
  cairo_t            *cr;
  const Palette      *palette;
  const DubanMapStyle *style;
  GArray             *boxes;            /* DubanMapLabelBox: names put so far */
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
  set_rgb (p->cr, p->palette->ink, alpha);
  cairo_stroke (p->cr);
}

static double
box_overlap (double ax, double ay, double aw, double ah,
             double bx, double by, double bw, double bh)
{
  double w = MIN (ax + aw, bx + bw) - MAX (ax, bx);
  double h = MIN (ay + ah, by + bh) - MAX (ay, by);

  return w > 0 && h > 0 ? w * h : 0;
}

/* How much a name's box at left, top covers the badges and the names put
 * before it (0: nothing); *out_first, the first badge it covers. */
static double
label_cost (const Painter *p,
            double         left,
            double         top,
            double         w,
            double         h,
            int           *out_first)
{
  const DubanMapStyle *style = p->style;
  double cost = 0;

  *out_first = -1;
  for (guint i = 0; i < style->n_obstacles; i++)
    {
      const DubanMapObstacle *o = &style->obstacles[i];
      /* the badge's square, a pixel of air around it */
      double r = o->radius + 1;
      double area = box_overlap (left, top, w, h, o->x - r, o->y - r, 2 * r, 2 * r);

      if (area > 0 && *out_first < 0)
        *out_first = i;
      /* covering a badge is worse than touching another name */
      cost += 4 * area;
    }
  for (guint i = 0; p->boxes != NULL && i < p->boxes->len; i++)
    {
      const DubanMapLabelBox *b = &g_array_index (p->boxes, DubanMapLabelBox, i);

      cost += box_overlap (left, top, w, h, b->x, b->y, b->width, b->height);
    }
  return cost;
}

static void
draw_label (const Painter  *p,
            PangoLayout    *layout,
            const char     *text,
            DubanAreaLevel  level,
            double          x,
            double          y,
            double          max_width,
            double          alpha)
{
  static const double halo[4][2] = {
    { -1, -1 }, { 1, -1 }, { -1, 1 }, { 1, 1 },
  };
  cairo_t *cr = p->cr;
  int w, h, first;
  double left, top, cost;
  DubanMapLabelBox box;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  if (w > max_width)
    return;

  /* Where the area's name belongs; when a badge sits there, beside the
   * badge that is in the way — below, above, right, left, then at its
   * corners — whichever covers the least of the badges and the names
   * put before, so that neither hides the other. */
  left = round (x - w / 2.0);
  top = round (y - h / 2.0);
  cost = label_cost (p, left, top, w, h, &first);
  /* around each badge the name's place touches, not only the first */
  for (guint k = 0; cost > 0 && first >= 0 && k < p->style->n_obstacles; k++)
    {
      const DubanMapObstacle *o = &p->style->obstacles[k];
      double r = o->radius + 2;
      double x0 = round (x - w / 2.0), y0 = round (y - h / 2.0);
      const double candidates[12][2] = {
        { x - w / 2.0, o->y + r },
        { x - w / 2.0, o->y - r - h },
        { o->x + r, y - h / 2.0 },
        { o->x - r - w, y - h / 2.0 },
        { o->x + r * 0.7, o->y + r * 0.7 },
        { o->x + r * 0.7, o->y - r * 0.7 - h },
        { o->x - r * 0.7 - w, o->y + r * 0.7 },
        { o->x - r * 0.7 - w, o->y - r * 0.7 - h },
        /* a line further off, when a neighbour's name is in the way */
        { x - w / 2.0, o->y + r + h / 2.0 },
        { x - w / 2.0, o->y - r - 1.5 * h },
        { o->x + r + w / 4.0, y - h / 2.0 },
        { o->x - r - 1.25 * w, y - h / 2.0 },
      };

      if (box_overlap (x0, y0, w, h, o->x - r, o->y - r, 2 * r, 2 * r) <= 0)
        continue;
      for (guint c = 0; c < G_N_ELEMENTS (candidates) && cost > 0; c++)
        {
          double l = round (candidates[c][0]), t = round (candidates[c][1]);
          int unused;
          double k_cost = label_cost (p, l, t, w, h, &unused);

          if (k_cost < cost)
            {
              cost = k_cost;
              left = l;
              top = t;
            }
        }
    }

  /* clear of the badges but on a name put before: a little aside */
  if (cost > 0 && first < 0)
    {
      const double shifts[4][2] = { { 0, -0.6 }, { 0, 0.6 }, { 0, -1.1 }, { 0, 1.1 } };

      for (guint c = 0; c < G_N_ELEMENTS (shifts) && cost > 0; c++)
        {
          double l = left + round (shifts[c][0] * w), t = top + round (shifts[c][1] * h);
          int badge;
          double k_cost = label_cost (p, l, t, w, h, &badge);

          if (k_cost < cost && badge < 0)
            {
              cost = k_cost;
              left = l;
              top = t;
            }
        }
    }

  box = (DubanMapLabelBox) { left, top, w, h, level, TRUE };
  label_cost (p, left, top, w, h, &first);
  box.clear = first < 0;
  if (p->boxes != NULL)
    g_array_append_val (p->boxes, box);

  /* A halo of the paper, so a name reads over any fill: the glyphs shown
   * around it, not their outlines stroked — Han glyphs have many curves,
   * and turning them into paths costs ten times as much as showing them
   * from the glyph cache. */
  set_rgb (cr, p->palette->halo, 0.8 * alpha);
  for (guint i = 0; i < G_N_ELEMENTS (halo); i++)
    {
      cairo_move_to (cr, left + halo[i][0], top + halo[i][1]);
      pango_cairo_show_layout (cr, layout);
    }
  set_rgb (cr, p->palette->ink, alpha);
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
      draw_label (p, small_layout, area->name, area->level, sx, sy, area_pixels (p, area) - 4, 1.0);
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
      draw_label (p, small_layout, area->name, area->level, sx, sy, (area->max_x - area->min_x) * p->scale - 4, 1.0);
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
      draw_label (p, town_layout, area->name, area->level, sx, sy, (area->max_x - area->min_x) * p->scale + 40, 1.0);
    }
}

static void
painter_init (Painter             *p,
              cairo_t             *cr,
              const DubanRegions  *regions,
              const DubanMapView  *view,
              const DubanMapStyle *style)
{
  double origin_x, origin_y, path_scale;

  p->cr = cr;
  p->style = style;
  p->palette = style->dark ? &DARK : &LIGHT;
  p->boxes = style->placed_labels;
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
static cairo_pattern_t *
hatch_pattern (const Palette *palette)
{
  cairo_surface_t *tile = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 8, 8);
  cairo_t *cr = cairo_create (tile);
  cairo_pattern_t *pattern;

  /* diagonal lines 8 px apart, drawn twice so the tile's corners join */
  cairo_set_source_rgba (cr, palette->ink[0], palette->ink[1], palette->ink[2], 0.45);
  cairo_set_line_width (cr, 1.2);
  cairo_move_to (cr, -2, 10);
  cairo_line_to (cr, 10, -2);
  cairo_move_to (cr, -2, 2);
  cairo_line_to (cr, 2, -2);
  cairo_move_to (cr, 6, 10);
  cairo_line_to (cr, 10, 6);
  cairo_stroke (cr);
  cairo_destroy (cr);

  pattern = cairo_pattern_create_for_surface (tile);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);
  cairo_surface_destroy (tile);
  return pattern;
}

/* The fill of a class, in the palette: a count of zero and "no data"
 * are the paper's neighbours, dark or light. */
static void
class_fill (const Painter         *p,
            const DubanChoropleth *values,
            int                    klass,
            double                *rgba)
{
  const double *quiet = NULL;

  if (klass == DUBAN_CHOROPLETH_CLASS_TOO_FEW || klass == -1)
    quiet = p->palette->no_data;
  else if (klass == 0 && !duban_choropleth_figure_is_rate (values->figure))
    quiet = p->palette->zero_fill;
  if (quiet == NULL)
    {
      duban_choropleth_class_color (values, klass, rgba);
      return;
    }
  rgba[0] = quiet[0];
  rgba[1] = quiet[1];
  rgba[2] = quiet[2];
  rgba[3] = 1;
}

/* The choropleth, one fill per class: the scale is classed, so a frame
 * fills a handful of paths rather than one per area. Areas off screen
 * are skipped. Areas with too few tickets for their rate are grey and
 * hatched: "样本不足", not a colour. */
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

      class_of[i] = duban_choropleth_class_of_area (values, first + i);
      pixels_of[i] = area_visible (p, area) ? area_pixels (p, area) : -1;
    }

  for (int klass = DUBAN_CHOROPLETH_CLASS_TOO_FEW; klass < n_classes; klass++)
    {
      /* Areas that fill the screen are the context, not the glance:
       * their colour steps back so the ticket marks on them (the same
       * reds and ambers) stay readable. They are filled one by one. */
      gboolean any = FALSE;
      double rgba[4];
      double alpha = style->background ? 1.0 : 0.7;

      class_fill (p, values, klass, rgba);
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
          if (klass == DUBAN_CHOROPLETH_CLASS_TOO_FEW)
            {
              cairo_pattern_t *hatch = hatch_pattern (p->palette);

              cairo_fill_preserve (cr);
              cairo_set_source (cr, hatch);
              cairo_pattern_destroy (hatch);
            }
          cairo_fill (cr);
        }

      for (guint i = 0; i < n; i++)
        {
          if (class_of[i] != klass || pixels_of[i] <= 160)
            continue;
          append_area (p, duban_regions_get_area (p->regions, first + i));
          cairo_set_source_rgba (cr, rgba[0], rgba[1], rgba[2], alpha * MAX (0.3, 160 / pixels_of[i]));
          if (klass == DUBAN_CHOROPLETH_CLASS_TOO_FEW)
            {
              cairo_pattern_t *hatch = hatch_pattern (p->palette);

              cairo_fill_preserve (cr);
              cairo_set_source (cr, hatch);
              cairo_pattern_destroy (hatch);
            }
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
      set_rgb (cr, p->palette->paper, 0.72);
      cairo_fill (cr);
      append_area (p, duban_regions_get_area (p->regions, style->focus));
      cairo_set_line_width (cr, 2.5);
      set_rgb (cr, p->palette->ink, 0.9);
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
  g_autoptr(GArray) own_boxes = NULL;
  int county;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (regions != NULL);
  g_return_if_fail (view != NULL);

  if (style == NULL)
    {
      duban_map_style_init (&default_style);
      style = &default_style;
    }

  painter_init (&p, cr, regions, view, style);
  /* the names put so far, for the next not to cover them */
  if (style->placed_labels != NULL)
    g_array_set_size (style->placed_labels, 0);
  else
    p.boxes = own_boxes = g_array_new (FALSE, FALSE, sizeof (DubanMapLabelBox));

  cairo_save (cr);
  cairo_set_fill_rule (cr, DUBAN_REGIONS_FILL_RULE);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  /* Areas and boundaries with cairo's cheaper antialiasing: it halves
   * the frame for 853 grids and the eye cannot tell at these line widths.
   * Names and the legend keep the default. */
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);

  if (style->background)
    {
      set_rgb (cr, p.palette->paper, 1.0);
      cairo_paint (cr);
    }

  county = duban_regions_get_county (regions);
  if (county >= 0)
    {
      append_area (&p, duban_regions_get_area (regions, county));
      set_rgb (cr, p.palette->county_fill, style->background ? 1.0 : 0.55);
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

static void
draw_swatch (cairo_t       *cr,
             const Palette *palette,
             const double  *rgba,
             gboolean       hatched,
             double         x,
             double         y,
             double         width,
             double         height)
{
  cairo_rectangle (cr, x, y, width, height);
  cairo_set_source_rgba (cr, rgba[0], rgba[1], rgba[2], 1);
  cairo_fill_preserve (cr);
  if (hatched)
    {
      cairo_pattern_t *hatch = hatch_pattern (palette);

      cairo_set_source (cr, hatch);
      cairo_fill_preserve (cr);
      cairo_pattern_destroy (hatch);
    }
  set_rgb (cr, palette->ink, 0.4);
  cairo_set_line_width (cr, 0.8);
  cairo_stroke (cr);
}

void
duban_map_painter_draw_legend_full (cairo_t               *cr,
                                    const DubanChoropleth *values,
                                    const DubanMapLegend  *legend,
                                    double                 x,
                                    double                 y,
                                    double                *out_width,
                                    double                *out_height)
{
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) text = NULL;
  const Palette *palette;
  const double pad = 10, swatch = 14, row = 19;
  double width = 176, height = pad;
  double from[DUBAN_CHOROPLETH_MAX_CLASSES], to[DUBAN_CHOROPLETH_MAX_CLASSES];
  guint n_classes = 0;
  gboolean colours = values != NULL && values->figure != DUBAN_CHOROPLETH_NONE;
  gboolean too_few = colours && values->denominators != NULL && values->min_denominator > 0 &&
                     duban_choropleth_figure_is_rate (values->figure);
  gboolean sections = FALSE;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (legend != NULL);

  palette = legend->dark ? &DARK : &LIGHT;
  title = create_layout (cr, legend->font, 12.5, TRUE);
  text = create_layout (cr, legend->font, 11.5, FALSE);

  if (colours)
    {
      n_classes = duban_choropleth_get_classes (values, from, to);
      height += row + (n_classes + 1 + (too_few ? 1 : 0)) * row;
      sections = TRUE;
    }
  if (legend->marks)
    {
      height += (sections ? 8 : 0) + row + DUBAN_MAP_N_MARKS * row;
      sections = TRUE;
    }
  if (legend->heat)
    height += (sections ? 8 : 0) + row + row + 4;
  height += pad - 4;

  /* the box */
  cairo_save (cr);
  cairo_new_path (cr);
  cairo_rectangle (cr, x, y, width, height);
  set_rgb (cr, palette->box, 0.92);
  cairo_fill_preserve (cr);
  set_rgb (cr, palette->ink, 0.25);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  y += pad;
  sections = FALSE;
  if (colours)
    {
      pango_layout_set_text (title, duban_choropleth_figure_to_display (values->figure), -1);
      set_rgb (cr, palette->ink, 1);
      cairo_move_to (cr, x + pad, y);
      pango_cairo_show_layout (cr, title);
      y += row;

      /* the worst at the top: the end of the scale that needs attention;
       * then no data, then too few */
      for (guint i = 0; i < n_classes + 1 + (too_few ? 1 : 0); i++)
        {
          gboolean rate = duban_choropleth_figure_is_rate (values->figure);
          int klass = i < n_classes ? (rate ? (int) i : (int) (n_classes - 1 - i))
                                    : i == n_classes ? -1 : DUBAN_CHOROPLETH_CLASS_TOO_FEW;
          Painter p = { .palette = palette };
          double rgba[4];
          char label[64];

          class_fill (&p, values, klass, rgba);
          if (klass >= 0)
            class_label (values, klass, n_classes, from, to, label, sizeof label);
          else if (klass == -1)
            g_snprintf (label, sizeof label, "%s", C_("map legend", "No data"));
          else
            /* Translators: an area whose rate is over fewer tickets than the minimum */
            g_snprintf (label, sizeof label, _("Too few (under %u)"), values->min_denominator);

          draw_swatch (cr, palette, rgba, klass == DUBAN_CHOROPLETH_CLASS_TOO_FEW,
                       x + pad, y + 2, swatch * 1.6, swatch);
          pango_layout_set_text (text, label, -1);
          set_rgb (cr, palette->ink, 1);
          cairo_move_to (cr, x + pad + swatch * 1.6 + 8, y + 1);
          pango_cairo_show_layout (cr, text);
          y += row;
        }
      sections = TRUE;
    }

  if (legend->marks)
    {
      if (sections)
        y += 8;
      pango_layout_set_text (title, C_("map legend", "Tickets"), -1);
      set_rgb (cr, palette->ink, 1);
      cairo_move_to (cr, x + pad, y);
      pango_cairo_show_layout (cr, title);
      y += row;
      for (guint m = 0; m < DUBAN_MAP_N_MARKS; m++)
        {
          duban_map_painter_draw_mark (cr, m, x + pad + swatch * 0.8, y + 2 + swatch / 2, 11);
          pango_layout_set_text (text, duban_map_mark_to_display (m), -1);
          set_rgb (cr, palette->ink, 1);
          cairo_move_to (cr, x + pad + swatch * 1.6 + 8, y + 1);
          pango_cairo_show_layout (cr, text);
          y += row;
        }
      sections = TRUE;
    }

  if (legend->heat)
    {
      /* the blobs' colours from the faintest to the strongest, as the
       * ticket layer draws them */
      cairo_pattern_t *ramp = cairo_pattern_create_linear (x + pad, 0, x + width - pad, 0);
      int w;

      if (sections)
        y += 8;
      pango_layout_set_text (title, C_("map legend", "Ticket density"), -1);
      set_rgb (cr, palette->ink, 1);
      cairo_move_to (cr, x + pad, y);
      pango_cairo_show_layout (cr, title);
      y += row;

      cairo_pattern_add_color_stop_rgba (ramp, 0, 0.85, 0.51, 0.10, 0.25);
      cairo_pattern_add_color_stop_rgba (ramp, 1, 0.85, 0.11, 0.10, 0.80);
      cairo_rectangle (cr, x + pad + 28, y + 3, width - 2 * pad - 56, swatch - 2);
      cairo_set_source (cr, ramp);
      cairo_fill (cr);
      cairo_pattern_destroy (ramp);

      pango_layout_set_text (text, C_("map legend", "Few"), -1);
      set_rgb (cr, palette->ink, 1);
      cairo_move_to (cr, x + pad, y + 1);
      pango_cairo_show_layout (cr, text);
      pango_layout_set_text (text, C_("map legend", "Many"), -1);
      pango_layout_get_pixel_size (text, &w, NULL);
      cairo_move_to (cr, x + width - pad - w, y + 1);
      pango_cairo_show_layout (cr, text);
      y += row;
    }
  cairo_restore (cr);

  if (out_width != NULL)
    *out_width = width;
  if (out_height != NULL)
    *out_height = height;
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
  DubanMapLegend legend = { with_marks, FALSE, FALSE, font };

  g_return_if_fail (cr != NULL);

  duban_map_painter_draw_legend_full (cr, values, &legend, x, y, out_width, out_height);
}
