/* duban-report-pdf-draw.c — drawing a paginated document's pages
 *
 * Pagination has placed every block; this draws one page of them on any
 * cairo context, in points on A4: text, tables with their header row on
 * every page they span, the trend chart and the county map through the
 * desk's own map painter.
 */

#define G_LOG_DOMAIN "duban-report-pdf-draw"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "duban-map-painter.h"
#include "duban-report-pdf-private.h"

static void
show_text (DubanReportDocument *doc,
           cairo_t             *cr,
           FontRole             role,
           const char          *text,
           double               x,
           double               y,
           double               width,
           PangoAlignment       alignment,
           gboolean             single_line,
           double               indent)
{
  PangoLayout *layout = duban_report_pdf_prepare_text (doc, role, text, width, alignment, single_line, indent);

  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* The width of @text set in @role, measured. */
static double
text_width (DubanReportDocument *doc,
            FontRole             role,
            const char          *text,
            gssize               length)
{
  PangoLayout *layout = duban_report_pdf_layout_for (doc, role);
  int w, h;

  pango_layout_set_tabs (layout, NULL);
  pango_layout_set_width (layout, -1);
  pango_layout_set_indent (layout, 0);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_text (layout, text, (int) length);
  pango_layout_get_size (layout, &w, &h);
  return (double) w / PANGO_SCALE;
}

/* Appends @text, cut with an ellipsis only when it does not fit in
 * @width points of @role's type. A half-width character is first
 * reckoned 0.6 em and a full-width one 1.2 em — more than they take —
 * so that the thousands of cells that plainly fit are never measured;
 * one the estimate doubts is measured, so that a time or a ticket number
 * with room for it is never cut. */
static void
append_fitted (DubanReportDocument *doc,
               FontRole             role,
               GString             *out,
               const char          *text,
               double               width)
{
  double size = duban_report_pdf_fonts[role].size;
  double budget = width / (0.6 * size);
  double used = 0;
  const char *p, *end;

  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      used += g_unichar_iswide (c) ? 2 : 1;
      if (used > budget)
        break;
    }
  if (*p == '\0' || text_width (doc, role, text, -1) <= width)
    {
      g_string_append (out, text);
      return;
    }

  /* the longest start that leaves room for the ellipsis, by bisection
   * over the characters: a long title is measured a few times, not once
   * per character */
  {
    glong lo = 0, hi = g_utf8_strlen (text, -1);

    while (lo < hi)
      {
        glong mid = (lo + hi + 1) / 2;
        const char *cut = g_utf8_offset_to_pointer (text, mid);

        if (text_width (doc, role, text, cut - text) + 0.8 * size <= width)
          lo = mid;
        else
          hi = mid - 1;
      }
    end = g_utf8_offset_to_pointer (text, lo);
  }
  g_string_append_len (out, text, end - text);
  g_string_append (out, "…");
}

/* One row is one line of text with a tab stop per column (left for text,
 * right for numbers): a single layout and a single glyph run per row
 * rather than one per cell, which is what keeps a year's bulletin of
 * thousands of late tickets quick to write. */
static void
show_row (DubanReportDocument *doc,
          cairo_t             *cr,
          const Block         *block,
          FontRole             role,
          const char * const  *cells,
          double               y)
{
  PangoLayout *layout = duban_report_pdf_layout_for (doc, role);
  PangoTabArray *tabs = pango_tab_array_new (block->n_columns, FALSE);
  g_autoptr(GString) line = g_string_sized_new (128);
  double x = 0;

  for (guint c = 0; c < block->n_columns; c++)
    {
      double w = block->columns[c].share * TEXT_WIDTH;
      gboolean numeric = block->columns[c].numeric;

      pango_tab_array_set_tab (tabs, c, numeric ? PANGO_TAB_RIGHT : PANGO_TAB_LEFT,
                               (int) ((numeric ? x + w - CELL_PADDING : x + CELL_PADDING) * PANGO_SCALE));
      g_string_append_c (line, '\t');
      append_fitted (doc, role, line, cells[c], w - 2 * CELL_PADDING);
      x += w;
    }

  pango_layout_set_width (layout, -1);
  pango_layout_set_indent (layout, 0);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_spacing (layout, 0);
  pango_layout_set_alignment (layout, PANGO_ALIGN_LEFT);
  pango_layout_set_tabs (layout, tabs);
  pango_layout_set_text (layout, line->str, (int) line->len);
  cairo_move_to (cr, MARGIN_LEFT, y + CELL_PADDING);
  pango_cairo_show_layout (cr, layout);
  pango_layout_set_tabs (layout, NULL);
  pango_tab_array_free (tabs);
}

static void
draw_table (DubanReportDocument *doc,
            cairo_t             *cr,
            const Block         *block,
            const Placed        *placed)
{
  double y = placed->y;
  double rh = doc->row_height;

  /* header, repeated on every page the table spans; each title wraps
   * onto a second line rather than being cut */
  cairo_set_source_rgb (cr, 0.92, 0.92, 0.92);
  cairo_rectangle (cr, MARGIN_LEFT, y, TEXT_WIDTH, doc->head_height);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  {
    double x = MARGIN_LEFT;

    for (guint c = 0; c < block->n_columns; c++)
      {
        double w = block->columns[c].share * TEXT_WIDTH;
        PangoLayout *layout = duban_report_pdf_prepare_text (doc, FONT_TABLE_HEAD, block->columns[c].title, w - 2 * CELL_PADDING,
                                            block->columns[c].numeric ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT,
                                            FALSE, 0);

        pango_layout_set_spacing (layout, 0);
        pango_layout_set_height (layout, -2);
        pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
        cairo_move_to (cr, x + CELL_PADDING, y + CELL_PADDING);
        pango_cairo_show_layout (cr, layout);
        pango_layout_set_height (layout, -1);
        x += w;
      }
  }
  y += doc->head_height;

  for (guint r = placed->row_start; r < placed->row_end; r++)
    {
      show_row (doc, cr, block, block->dense ? FONT_SMALL : FONT_TABLE,
                (const char * const *) &g_ptr_array_index (block->cells, r * block->n_columns), y);
      y += rh;
      cairo_move_to (cr, MARGIN_LEFT, y);
      cairo_line_to (cr, MARGIN_LEFT + TEXT_WIDTH, y);
    }
  cairo_set_line_width (cr, 0.4);
  cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
}

static guint
nice_ceiling (guint value)
{
  guint step = 1;

  while (step * 10 <= value)
    step *= 10;
  for (guint m = 1; m <= 10; m++)
    if (step * m >= value)
      return MAX (step * m, 1);
  return value;
}

static void
draw_chart (DubanReportDocument *doc,
            cairo_t             *cr,
            double               top)
{
  const DubanReport *r = doc->report;
  const double left = MARGIN_LEFT + 34, right = MARGIN_LEFT + TEXT_WIDTH - 4;
  const double plot_top = top + 22, plot_bottom = top + CHART_HEIGHT - 18;
  const struct { const char *label; double red, green, blue; } series[] = {
    { _("Received"), 0.16, 0.38, 0.75 },
    { _("Resolved"), 0.20, 0.60, 0.30 },
    { _("Late (deadline that day, not met)"), RED_R, RED_G, RED_B },
  };
  guint n = r->days->len, max = 0, top_value;
  double legend_x = left;

  for (guint d = 0; d < n; d++)
    {
      const DubanReportDay *day = &g_array_index (r->days, DubanReportDay, d);

      max = MAX (max, MAX (day->received, MAX (day->resolved, day->overdue)));
    }
  top_value = nice_ceiling (MAX (max, 1));

  /* axes and grid lines at 0, ½ and the top */
  cairo_set_line_width (cr, 0.4);
  for (guint i = 0; i <= 2; i++)
    {
      double y = plot_bottom - (plot_bottom - plot_top) * i / 2.0;
      g_autofree char *label = g_strdup_printf ("%u", top_value * i / 2);

      cairo_set_source_rgb (cr, 0.8, 0.8, 0.8);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      show_text (doc, cr, FONT_SMALL, label, MARGIN_LEFT, y - 5, 30, PANGO_ALIGN_RIGHT, TRUE, 0);
    }
  for (guint i = 0; i < 3 && n > 0; i++)
    {
      guint d = i == 0 ? 0 : i == 1 ? n / 2 : n - 1;
      double x = n > 1 ? left + (right - left) * d / (n - 1) : left;
      g_autofree char *label = duban_day_format (g_array_index (r->days, DubanReportDay, d).day);

      show_text (doc, cr, FONT_SMALL, label, x - 40, plot_bottom + 3, 80,
                 i == 0 ? PANGO_ALIGN_LEFT : i == 1 ? PANGO_ALIGN_CENTER : PANGO_ALIGN_RIGHT, TRUE, 0);
    }

  for (guint s = 0; s < G_N_ELEMENTS (series); s++)
    {
      cairo_set_source_rgb (cr, series[s].red, series[s].green, series[s].blue);
      cairo_set_line_width (cr, n > 120 ? 0.6 : 1.2);
      for (guint d = 0; d < n; d++)
        {
          const DubanReportDay *day = &g_array_index (r->days, DubanReportDay, d);
          guint value = s == 0 ? day->received : s == 1 ? day->resolved : day->overdue;
          double x = n > 1 ? left + (right - left) * d / (n - 1) : (left + right) / 2;
          double y = plot_bottom - (plot_bottom - plot_top) * value / top_value;

          if (d == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      if (n == 1)
        cairo_rel_line_to (cr, 0.1, 0);
      cairo_stroke (cr);

      /* legend */
      cairo_rectangle (cr, legend_x, top + 6, 10, 3);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      show_text (doc, cr, FONT_SMALL, series[s].label, legend_x + 13, top + 1, 150, PANGO_ALIGN_LEFT, TRUE, 0);
      legend_x += 160;
    }
  cairo_set_source_rgb (cr, 0, 0, 0);
}

/* The county with its grids coloured by the tickets each received in the
 * period (the hotspot counts above), through the desk's map painter. */
static void
draw_map (DubanReportDocument *doc,
          cairo_t             *cr,
          double               top)
{
  const DubanReport *r = doc->report;
  guint n_areas = duban_regions_get_n_areas (r->regions);
  g_autofree double *values = g_new (double, MAX (n_areas, 1));
  DubanChoropleth choropleth = { DUBAN_CHOROPLETH_RECEIVED, DUBAN_AREA_GRID, values, 1 };
  double legend_width = 0, legend_height = 0;
  double min_x, min_y, max_x, max_y;
  DubanMapStyle style;
  DubanMapView view;

  for (guint i = 0; i < n_areas; i++)
    values[i] = duban_regions_get_area (r->regions, i)->level == DUBAN_AREA_GRID ? 0 : NAN;
  for (guint i = 0; i < r->grids->len; i++)
    {
      const DubanReportCount *count = g_ptr_array_index (r->grids, i);
      int index = duban_regions_lookup (r->regions, count->key);

      if (index >= 0)
        {
          values[index] = count->received;
          choropleth.max = MAX (choropleth.max, count->received);
        }
    }

  cairo_save (cr);
  cairo_translate (cr, MARGIN_LEFT, top);
  cairo_rectangle (cr, 0, 0, TEXT_WIDTH, MAP_HEIGHT);
  cairo_clip (cr);
  /* the painter's legend is sized for a screen: smaller on paper */
  cairo_save (cr);
  cairo_scale (cr, LEGEND_SCALE, LEGEND_SCALE);
  duban_map_painter_draw_legend (cr, &choropleth, FALSE, DUBAN_REPORT_SANS_FONT, 0, 0,
                                 &legend_width, &legend_height);
  cairo_restore (cr);
  legend_width *= LEGEND_SCALE;

  /* The painter sets its names in screen pixels (towns 14 px): drawn
   * one-to-one on paper they would crowd one another in a county
   * 260 points across. The map is painted MAP_ZOOM times larger and
   * scaled down, so the county keeps its size and its names stand apart. */
  duban_regions_get_bounds (r->regions, &min_x, &min_y, &max_x, &max_y);
  duban_map_view_fit (&view, (TEXT_WIDTH - legend_width - 8) * MAP_ZOOM, MAP_HEIGHT * MAP_ZOOM,
                      min_x, min_y, max_x, max_y, 4);
  duban_map_style_init (&style);
  style.background = FALSE;
  style.font = DUBAN_REPORT_SANS_FONT;
  cairo_translate (cr, legend_width + 8, 0);
  cairo_scale (cr, 1.0 / MAP_ZOOM, 1.0 / MAP_ZOOM);
  duban_map_painter_draw (cr, r->regions, &view, &choropleth, &style);
  cairo_restore (cr);
}

static void
draw_header (DubanReportDocument *doc,
             cairo_t             *cr,
             const Block         *block,
             double               top)
{
  const char *mark = doc->report->issuer;
  double rule_y = top + block->height - 12;

  /* the issuing body's mark in red, then the number, then the red rule */
  cairo_set_source_rgb (cr, RED_R, RED_G, RED_B);
  show_text (doc, cr, FONT_HEADER, mark, MARGIN_LEFT, top, TEXT_WIDTH, PANGO_ALIGN_CENTER, TRUE, 0);
  cairo_set_source_rgb (cr, 0, 0, 0);
  /* no number until the document is issued (duban_report_take_number) */
  if (block->text != NULL)
    show_text (doc, cr, FONT_NUMBER, block->text, MARGIN_LEFT, rule_y - 26, TEXT_WIDTH, PANGO_ALIGN_CENTER, TRUE, 0);
  cairo_set_source_rgb (cr, RED_R, RED_G, RED_B);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, MARGIN_LEFT, rule_y);
  cairo_line_to (cr, MARGIN_LEFT + TEXT_WIDTH, rule_y);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
}

static void
draw_block (DubanReportDocument *doc,
            cairo_t             *cr,
            const Block         *block,
            const Placed        *placed)
{
  double y = placed->y;

  switch (block->kind)
    {
    case BLOCK_HEADER:
      draw_header (doc, cr, block, y);
      break;
    case BLOCK_TITLE:
      show_text (doc, cr, FONT_TITLE, block->text, MARGIN_LEFT, y, TEXT_WIDTH, PANGO_ALIGN_CENTER, FALSE, 0);
      break;
    case BLOCK_SUBTITLE:
      show_text (doc, cr, FONT_SUBTITLE, block->text, MARGIN_LEFT, y, TEXT_WIDTH, PANGO_ALIGN_CENTER, FALSE, 0);
      break;
    case BLOCK_HEADING:
      show_text (doc, cr, FONT_HEADING, block->text, MARGIN_LEFT, y + 4, TEXT_WIDTH, PANGO_ALIGN_LEFT, FALSE, 0);
      break;
    case BLOCK_SUBHEADING:
      show_text (doc, cr, FONT_SUBHEADING, block->text, MARGIN_LEFT, y, TEXT_WIDTH, PANGO_ALIGN_LEFT, FALSE, 0);
      break;
    case BLOCK_PARAGRAPH:
      show_text (doc, cr, FONT_BODY, block->text, MARGIN_LEFT, y, TEXT_WIDTH, PANGO_ALIGN_LEFT, FALSE, 2 * duban_report_pdf_fonts[FONT_BODY].size);
      break;
    case BLOCK_PLAIN:
      show_text (doc, cr, FONT_BODY, block->text, MARGIN_LEFT, y, TEXT_WIDTH, PANGO_ALIGN_LEFT, FALSE, 0);
      break;
    case BLOCK_NOTE:
      show_text (doc, cr, FONT_NOTE, block->text, MARGIN_LEFT, y, TEXT_WIDTH, PANGO_ALIGN_LEFT, FALSE, 0);
      break;
    case BLOCK_SIGNATURE:
      show_text (doc, cr, FONT_BODY, block->text, MARGIN_LEFT, y + 18,
                 TEXT_WIDTH - 2 * duban_report_pdf_fonts[FONT_BODY].size, PANGO_ALIGN_RIGHT, FALSE, 0);
      break;
    case BLOCK_TABLE:
      draw_table (doc, cr, block, placed);
      break;
    case BLOCK_CHART:
      draw_chart (doc, cr, y);
      break;
    case BLOCK_MAP:
      draw_map (doc, cr, y);
      break;
    default:
      g_assert_not_reached ();
    }
}

void
duban_report_pdf_draw_page_content (DubanReportDocument *doc,
                   cairo_t             *cr,
                   guint                page_index)
{
  GArray *page = g_ptr_array_index (doc->pages, page_index);
  g_autofree char *number = g_strdup_printf ("— %u —", page_index + 1);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);

  /* the marking on every page, top left as GB/T 9704 places it */
  show_text (doc, cr, FONT_SUBHEADING, _("Internal material"), MARGIN_LEFT, MARGIN_TOP - 30 * MM / 2.5,
             TEXT_WIDTH, PANGO_ALIGN_LEFT, TRUE, 0);

  for (guint i = 0; i < page->len; i++)
    {
      const Placed *placed = &g_array_index (page, Placed, i);

      draw_block (doc, cr, g_ptr_array_index (doc->blocks, placed->block), placed);
    }

  /* page numbers: outside corners alternate, as on bound documents */
  show_text (doc, cr, FONT_NUMBER, number, MARGIN_LEFT, TEXT_BOTTOM + 7 * MM, TEXT_WIDTH,
             page_index % 2 == 0 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT, TRUE, 0);
}

void
duban_report_document_draw_page (DubanReportDocument *document,
                                 cairo_t             *cr,
                                 guint                page,
                                 double               width,
                                 double               height)
{
  double scale;

  g_return_if_fail (document != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page < document->pages->len);
  g_return_if_fail (width > 0 && height > 0);

  scale = MIN (width / DUBAN_REPORT_PAGE_WIDTH, height / DUBAN_REPORT_PAGE_HEIGHT);

  cairo_save (cr);
  cairo_translate (cr, (width - DUBAN_REPORT_PAGE_WIDTH * scale) / 2,
                   (height - DUBAN_REPORT_PAGE_HEIGHT * scale) / 2);
  cairo_scale (cr, scale, scale);
  cairo_rectangle (cr, 0, 0, DUBAN_REPORT_PAGE_WIDTH, DUBAN_REPORT_PAGE_HEIGHT);
  cairo_clip (cr);
  duban_report_pdf_draw_page_content (document, cr, page);
  cairo_restore (cr);
}
