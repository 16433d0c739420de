/* duban-report-pdf.c — a report laid out as an official document (GB/T 9704)
 *
 * The document is a list of blocks (header, title, headings, paragraphs,
 * tables, a chart) paginated once on A4 in points. Tables split between
 * rows and repeat their header; a heading never ends a page. Text is
 * measured with a Pango context of its own (72 dpi, no hinting), so the
 * same rows land on the same pages whatever surface draws them: the PDF,
 * the printer's cairo_t, or the preview widget.
 *
 * This file holds the document itself: its type, measuring, pagination
 * and the PDF file. Its blocks are built in duban-report-pdf-blocks.c
 * (what every document shares, and the supervision summary) and
 * duban-report-pdf-bulletin.c, and drawn in duban-report-pdf-draw.c;
 * the four share duban-report-pdf-private.h.
 */

#define G_LOG_DOMAIN "duban-report-pdf"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include <cairo-pdf.h>

#include "duban-report-pdf-private.h"

const DubanReportPdfFont duban_report_pdf_fonts[N_FONTS] = {
  [FONT_HEADER]     = { DUBAN_REPORT_SANS_FONT, 26, PANGO_WEIGHT_BOLD },
  [FONT_NUMBER]     = { DUBAN_REPORT_SERIF_FONT, 13, PANGO_WEIGHT_NORMAL },
  [FONT_TITLE]      = { DUBAN_REPORT_SERIF_FONT, 19, PANGO_WEIGHT_BOLD },
  [FONT_SUBTITLE]   = { DUBAN_REPORT_SERIF_FONT, 11.5, PANGO_WEIGHT_NORMAL },
  [FONT_HEADING]    = { DUBAN_REPORT_SANS_FONT, 13, PANGO_WEIGHT_BOLD },
  [FONT_SUBHEADING] = { DUBAN_REPORT_SANS_FONT, 10.5, PANGO_WEIGHT_BOLD },
  [FONT_BODY]       = { DUBAN_REPORT_SERIF_FONT, 11.5, PANGO_WEIGHT_NORMAL },
  [FONT_NOTE]       = { DUBAN_REPORT_SERIF_FONT, 8.5, PANGO_WEIGHT_NORMAL },
  [FONT_TABLE]      = { DUBAN_REPORT_SANS_FONT, 8, PANGO_WEIGHT_NORMAL },
  [FONT_TABLE_HEAD] = { DUBAN_REPORT_SANS_FONT, 8, PANGO_WEIGHT_BOLD },
  [FONT_SMALL]      = { DUBAN_REPORT_SANS_FONT, 7.5, PANGO_WEIGHT_NORMAL },
};

static void
block_free (Block *block)
{
  g_free (block->text);
  g_clear_pointer (&block->cells, g_ptr_array_unref);
  g_free (block);
}

PangoLayout *
duban_report_pdf_layout_for (DubanReportDocument *doc,
            FontRole             role)
{
  g_assert (role < N_FONTS);

  if (doc->layouts[role] == NULL)
    {
      PangoFontDescription *desc = pango_font_description_new ();
      PangoLayout *layout = pango_layout_new (doc->context);

      pango_font_description_set_family (desc, duban_report_pdf_fonts[role].family);
      pango_font_description_set_size (desc, (int) (duban_report_pdf_fonts[role].size * PANGO_SCALE));
      pango_font_description_set_weight (desc, duban_report_pdf_fonts[role].weight);
      pango_layout_set_font_description (layout, desc);
      pango_font_description_free (desc);
      doc->layouts[role] = layout;
    }

  return doc->layouts[role];
}

/* A layout ready to show @text in @width points (0: unbounded, one line). */
PangoLayout *
duban_report_pdf_prepare_text (DubanReportDocument *doc,
              FontRole             role,
              const char          *text,
              double               width,
              PangoAlignment       alignment,
              gboolean             single_line,
              double               indent)
{
  PangoLayout *layout = duban_report_pdf_layout_for (doc, role);

  pango_layout_set_tabs (layout, NULL);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, width > 0 ? (int) (width * PANGO_SCALE) : -1);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_indent (layout, (int) (indent * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (layout, single_line ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  pango_layout_set_spacing (layout, single_line ? 0 : (int) (duban_report_pdf_fonts[role].size * 0.35 * PANGO_SCALE));
  return layout;
}

double
duban_report_pdf_layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static double
measure_block (DubanReportDocument *doc,
               Block               *block)
{
  switch (block->kind)
    {
    case BLOCK_HEADER:
      return 110.0;
    case BLOCK_TITLE:
      return duban_report_pdf_layout_height (duban_report_pdf_prepare_text (doc, FONT_TITLE, block->text, TEXT_WIDTH, PANGO_ALIGN_CENTER, FALSE, 0)) + 6;
    case BLOCK_SUBTITLE:
      return duban_report_pdf_layout_height (duban_report_pdf_prepare_text (doc, FONT_SUBTITLE, block->text, TEXT_WIDTH, PANGO_ALIGN_CENTER, FALSE, 0)) + 10;
    case BLOCK_HEADING:
      return duban_report_pdf_layout_height (duban_report_pdf_prepare_text (doc, FONT_HEADING, block->text, TEXT_WIDTH, PANGO_ALIGN_LEFT, FALSE, 0)) + 6;
    case BLOCK_SUBHEADING:
      return duban_report_pdf_layout_height (duban_report_pdf_prepare_text (doc, FONT_SUBHEADING, block->text, TEXT_WIDTH, PANGO_ALIGN_LEFT, FALSE, 0)) + 2;
    case BLOCK_PARAGRAPH:
      return duban_report_pdf_layout_height (duban_report_pdf_prepare_text (doc, FONT_BODY, block->text, TEXT_WIDTH, PANGO_ALIGN_LEFT, FALSE, 2 * duban_report_pdf_fonts[FONT_BODY].size));
    case BLOCK_PLAIN:
      return duban_report_pdf_layout_height (duban_report_pdf_prepare_text (doc, FONT_BODY, block->text, TEXT_WIDTH, PANGO_ALIGN_LEFT, FALSE, 0));
    case BLOCK_NOTE:
      return duban_report_pdf_layout_height (duban_report_pdf_prepare_text (doc, FONT_NOTE, block->text, TEXT_WIDTH, PANGO_ALIGN_LEFT, FALSE, 0)) - BLOCK_GAP + 2;
    case BLOCK_SIGNATURE:
      return duban_report_pdf_layout_height (duban_report_pdf_prepare_text (doc, FONT_BODY, block->text, TEXT_WIDTH - 2 * duban_report_pdf_fonts[FONT_BODY].size, PANGO_ALIGN_RIGHT, FALSE, 0)) + 24;
    case BLOCK_TABLE:
      return doc->row_height;
    case BLOCK_CHART:
      return CHART_HEIGHT;
    case BLOCK_MAP:
      return MAP_HEIGHT;
    default:
      g_assert_not_reached ();
    }
}

static GArray *
new_page (DubanReportDocument *doc)
{
  GArray *page = g_array_new (FALSE, FALSE, sizeof (Placed));

  g_ptr_array_add (doc->pages, page);
  return page;
}

static void
paginate (DubanReportDocument *doc)
{
  GArray *page = new_page (doc);
  double y = MARGIN_TOP;

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (doc->blocks, i);

      if (block->kind == BLOCK_TABLE)
        {
          guint row = 0;
          /* a table starts where its header and three rows fit */
          double need = doc->head_height + doc->row_height * MIN (block->n_rows, 3);

          if (y + need > TEXT_BOTTOM && y > MARGIN_TOP)
            page = new_page (doc), y = MARGIN_TOP;

          do
            {
              guint fit = (guint) floor ((TEXT_BOTTOM - y - doc->head_height) / doc->row_height);
              guint n = MIN (fit, block->n_rows - row);

              /* no widows: a page never starts with a table's last lonely row */
              if (n < block->n_rows - row && block->n_rows - row - n < 2 && n > 2)
                n--;
              Placed placed = { i, y, row, row + n };

              if (fit == 0)
                {
                  page = new_page (doc), y = MARGIN_TOP;
                  continue;
                }
              g_array_append_val (page, placed);
              y += doc->head_height + doc->row_height * n;
              row += n;
              if (row < block->n_rows)
                page = new_page (doc), y = MARGIN_TOP;
            }
          while (row < block->n_rows);
          y += BLOCK_GAP;
        }
      else
        {
          double need = block->height;
          Placed placed = { i, 0, 0, 0 };

          /* headings keep with what follows */
          if ((block->kind == BLOCK_HEADING || block->kind == BLOCK_SUBHEADING) && i + 1 < doc->blocks->len)
            {
              Block *next = g_ptr_array_index (doc->blocks, i + 1);

              need += BLOCK_GAP;
              /* a table's header and first rows; a chart or a map whole,
               * since neither splits; text up to a third of a page */
              need += next->kind == BLOCK_TABLE ? doc->head_height + doc->row_height * MIN (next->n_rows, 3)
                    : next->kind == BLOCK_CHART || next->kind == BLOCK_MAP ? next->height
                    : MIN (next->height, TEXT_HEIGHT / 3);
            }
          if (y + need > TEXT_BOTTOM && y > MARGIN_TOP)
            page = new_page (doc), y = MARGIN_TOP;
          placed.y = y;
          g_array_append_val (page, placed);
          y += block->height + BLOCK_GAP;
        }
    }
}

DubanReportDocument *
duban_report_document_new (const DubanReport *report)
{
  DubanReportDocument *doc;
  cairo_font_options_t *options;
  PangoFontMap *font_map;

  g_return_val_if_fail (report != NULL, NULL);

  doc = g_new0 (DubanReportDocument, 1);
  doc->report = report;
  doc->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  doc->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  /* Metrics of our own, not the surface's: the preview on a screen and
   * the printer must break pages where the PDF does. */
  font_map = pango_cairo_font_map_get_default ();
  doc->context = pango_font_map_create_context (font_map);
  pango_cairo_context_set_resolution (doc->context, 72.0);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (doc->context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (doc->context, FALSE);

  doc->row_height = duban_report_pdf_layout_height (duban_report_pdf_prepare_text (doc, FONT_TABLE, "国 0", 0, PANGO_ALIGN_LEFT, TRUE, 0)) + 2 * CELL_PADDING;
  /* column titles may take two lines: English ones are long */
  doc->head_height = duban_report_pdf_layout_height (duban_report_pdf_prepare_text (doc, FONT_TABLE_HEAD, "国\n0", 0, PANGO_ALIGN_LEFT, FALSE, 0)) + 2 * CELL_PADDING;

  if (report->kind == DUBAN_REPORT_SUPERVISION)
    duban_report_pdf_build_supervision (doc);
  else
    duban_report_pdf_build_bulletin (doc);

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (doc->blocks, i);

      block->height = measure_block (doc, block);
    }
  paginate (doc);

  return doc;
}

void
duban_report_document_free (DubanReportDocument *document)
{
  if (document == NULL)
    return;

  for (guint i = 0; i < N_FONTS; i++)
    g_clear_object (&document->layouts[i]);
  g_clear_object (&document->context);
  g_ptr_array_unref (document->blocks);
  g_ptr_array_unref (document->pages);
  g_free (document);
}

guint
duban_report_document_get_n_pages (DubanReportDocument *document)
{
  g_return_val_if_fail (document != NULL, 0);

  return document->pages->len;
}

static cairo_status_t
append_to_bytes (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

gboolean
duban_report_write_pdf (const DubanReport  *report,
                        const char         *path,
                        GError            **error)
{
  g_autoptr(DubanReportDocument) doc = NULL;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  doc = duban_report_document_new (report);
  return duban_report_document_write_pdf (doc, path, error);
}

gboolean
duban_report_document_write_pdf (DubanReportDocument  *doc,
                                 const char           *path,
                                 GError              **error)
{
  const DubanReport *report;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *subject = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  report = doc->report;

  /* built in memory, then written in one go: a reader never finds half a
   * bulletin, and the file is owner-only from its first byte */
  surface = cairo_pdf_surface_create_for_stream (append_to_bytes, bytes,
                                                 DUBAN_REPORT_PAGE_WIDTH, DUBAN_REPORT_PAGE_HEIGHT);
  subject = duban_report_format_period (report);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, duban_report_title (report));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, subject);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, report->issuer);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Duban " PACKAGE_VERSION);
  cr = cairo_create (surface);

  for (guint i = 0; i < doc->pages->len; i++)
    {
      duban_report_pdf_draw_page_content (doc, cr, i);
      cairo_show_page (cr);
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, DUBAN_REPORT_ERROR, DUBAN_REPORT_ERROR_WRITE,
                   "cannot draw the PDF: %s", cairo_status_to_string (status));
      return FALSE;
    }

  return g_file_set_contents_full (path, (const char *) bytes->data, bytes->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}
