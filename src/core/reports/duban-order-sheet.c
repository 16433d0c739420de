/* duban-order-sheet.c — the printed supervision order (督办单)
 *
 * Laid out on A4 in points and scaled to whatever the caller's context
 * offers, so a print preview, a printer with other margins and the PDF
 * all show the same page. Han text is set in the SC members of Noto CJK
 * by name: left to fontconfig, the Japanese member would draw some
 * characters in shapes a reader in the county does not use.
 */
#define G_LOG_DOMAIN "duban-order-sheet"

#include "config.h"

#include <glib/gi18n.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "duban-order-sheet.h"
#include "duban-privacy.h"

#define MARGIN         62.0
#define LABEL_WIDTH    112.0
#define CELL_PADDING   7.0
#define SERIF          "Noto Serif CJK SC"
#define SANS           "Noto Sans CJK SC"

/* The red of official mastheads (党政机关公文 use a pure red). */
#define MASTHEAD_R 0.80
#define MASTHEAD_G 0.0
#define MASTHEAD_B 0.0

static PangoLayout *
make_layout (cairo_t    *cr,
             const char *family,
             gboolean    bold,
             double      size,
             double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_new ();
  PangoContext *context = pango_layout_get_context (layout);
  cairo_font_options_t *options = cairo_font_options_create ();

  g_assert (cr != NULL);

  /* Metrics independent of the device, or the preview and the printout
   * would break lines in different places. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_layout_context_changed (layout);

  pango_font_description_set_family (font, family);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }

  return layout;
}

/* Draws @text at (@x, @y), returns its height. */
static double
draw_text (cairo_t        *cr,
           const char     *text,
           const char     *family,
           gboolean        bold,
           double          size,
           double          x,
           double          y,
           double          width,
           PangoAlignment  alignment)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, family, bold, size, width);
  int w, h;

  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_get_size (layout, &w, &h);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);

  return (double) h / PANGO_SCALE;
}

static double
measure_text (cairo_t    *cr,
              const char *text,
              const char *family,
              double      size,
              double      width)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, family, FALSE, size, width);
  int w, h;

  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  pango_layout_get_size (layout, &w, &h);

  return (double) h / PANGO_SCALE;
}

static void
set_level_colour (cairo_t         *cr,
                  DubanOrderLevel  level)
{
  switch (level)
    {
    case DUBAN_ORDER_RED:    cairo_set_source_rgb (cr, 0.80, 0.0, 0.0); break;
    case DUBAN_ORDER_YELLOW: cairo_set_source_rgb (cr, 0.80, 0.55, 0.0); break;
    case DUBAN_ORDER_NOTICE:
    default:                 cairo_set_source_rgb (cr, 0.15, 0.35, 0.65); break;
    }
}

static char *
format_time_or_dash (DubanTime time)
{
  return time == DUBAN_TIME_NONE ? g_strdup ("—") : duban_time_format_civil (time);
}

static char *
format_date_long (DubanTime time)
{
  int year, month, mday;

  duban_day_to_ymd (duban_day_of_time (time), &year, &month, &mday);
  /* Translators: the date under the signature of an official document,
   * year, month and day, e.g. "2026年10月15日" */
  return g_strdup_printf (_("%d-%02d-%02d"), year, month, mday);
}

char *
duban_order_sheet_take_number (DubanStore                  *store,
                               const DubanDocumentSettings *documents,
                               const DubanOrder            *order,
                               GError                     **error)
{
  int year;

  g_return_val_if_fail (DUBAN_IS_STORE (store), NULL);
  g_return_val_if_fail (documents != NULL && order != NULL && order->client_id != NULL, NULL);

  /* numbered in the year the order was issued, whenever it is printed */
  duban_day_to_ymd (duban_day_of_time (order->issued_at), &year, NULL, NULL);
  return duban_document_number_take (store, documents, DUBAN_DOCUMENT_ORDER_SHEET, order->client_id, year, error);
}

typedef struct {
  const char *label;
  char       *value;
  gboolean    tall;     /* gets room for a paragraph */
} Row;

/* Masthead: the issuing body in red, the document's name and number,
 * the red double rule under them. Returns the height used. */
static double
draw_masthead (cairo_t                     *cr,
               const DubanOrderSheet       *sheet,
               const DubanDocumentSettings *documents,
               double                       x,
               double                       y,
               double                       content_width)
{
  const char *number = sheet->number != NULL ? sheet->number : "";
  double top = y;

  cairo_set_source_rgb (cr, MASTHEAD_R, MASTHEAD_G, MASTHEAD_B);
  y += draw_text (cr, documents->issuer, SERIF, TRUE, 24, x, y, content_width, PANGO_ALIGN_CENTER);
  y += 4;
  y += draw_text (cr, _("Supervision Order"), SERIF, TRUE, 30, x, y, content_width, PANGO_ALIGN_CENTER);
  y += 8;

  cairo_set_source_rgb (cr, 0, 0, 0);
  y += draw_text (cr, number, SERIF, FALSE, 12.5, x, y, content_width, PANGO_ALIGN_CENTER);
  y += 6;

  cairo_set_source_rgb (cr, MASTHEAD_R, MASTHEAD_G, MASTHEAD_B);
  cairo_set_line_width (cr, 2.2);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + content_width, y);
  cairo_stroke (cr);
  cairo_set_line_width (cr, 0.7);
  cairo_move_to (cr, x, y + 3.5);
  cairo_line_to (cr, x + content_width, y + 3.5);
  cairo_stroke (cr);
  y += 18;

  return y - top;
}

/* The level, as a stamp-like box at the right: seen before anything
 * else; then the addressee and the order's paragraph. Returns the
 * height used. */
static double
draw_address (cairo_t               *cr,
              const DubanOrderSheet *sheet,
              const char            *respond_by,
              double                 x,
              double                 y,
              double                 content_width)
{
  const DubanOrder *order = sheet->order;
  const DubanTicket *ticket = sheet->ticket;
  const char *level = duban_order_level_to_display (order->level);
  double box_w = 96, box_h = 34;
  double box_x = x + content_width - box_w;
  g_autofree char *addressee = NULL;
  g_autofree char *body = NULL;
  g_autofree char *indented = NULL;
  const char *unit_name;
  double top = y;

  set_level_colour (cr, order->level);
  cairo_set_line_width (cr, 2.0);
  cairo_rectangle (cr, box_x, y, box_w, box_h);
  cairo_stroke (cr);
  draw_text (cr, level, SERIF, TRUE, 17, box_x, y + 6, box_w, PANGO_ALIGN_CENTER);

  unit_name = ticket != NULL && ticket->unit_name != NULL ? ticket->unit_name
            : ticket != NULL && ticket->unit_code != NULL ? ticket->unit_code
            : _("Responsible unit");
  /* Translators: the addressee line of a supervision order, "承办单位名称：" */
  addressee = g_strdup_printf (_("%s:"), unit_name);
  cairo_set_source_rgb (cr, 0, 0, 0);
  y += draw_text (cr, addressee, SERIF, TRUE, 15, x, y + 4, content_width - 110, PANGO_ALIGN_LEFT) + 14;

  /* Translators: the body of a supervision order; %s are the ticket's
   * number and the reply deadline */
  body = g_strdup_printf (_("The request below, handled by your unit, is under supervision by this center. "
                            "Handle it without delay and report the result on the platform by %s."),
                          respond_by);
  indented = g_strconcat ("\u3000\u3000", body, NULL);
  y += draw_text (cr, indented, SERIF, FALSE, 13.5, x, y, content_width, PANGO_ALIGN_LEFT) + 16;

  return y - top;
}

/* The particulars, as a table of label and value. Returns the height used. */
static double
draw_particulars (cairo_t               *cr,
                  const DubanOrderSheet *sheet,
                  const char            *respond_by,
                  double                 x,
                  double                 y,
                  double                 content_width)
{
  const DubanOrder *order = sheet->order;
  const DubanTicket *ticket = sheet->ticket;
  Row rows[10];
  guint n_rows = 0;
  double top = y;

  rows[n_rows++] = (Row) { _("Ticket number"), g_strdup (order->ticket_id), FALSE };
  /* the petitioner's own words, not the title the operator gave them;
   * the sheet leaves the store: names and phones in them are masked as
   * on every path out */
  rows[n_rows++] = (Row) { _("Request"),
                           ticket == NULL ? g_strdup ("—")
                           : duban_privacy_mask_ticket_text (ticket->description != NULL && *ticket->description != '\0'
                                                               ? ticket->description : ticket->title,
                                                             ticket->petitioner_phone),
                           FALSE };
  if (ticket != NULL)
    {
      rows[n_rows++] = (Row) { _("Category"),
                               g_strdup_printf ("%s · %s · %s",
                                                ticket->category,
                                                duban_enum_to_display (DUBAN_ENUM_KIND, ticket->kind),
                                                duban_enum_to_display (DUBAN_ENUM_URGENCY, ticket->urgency)),
                               FALSE };
      rows[n_rows++] = (Row) { _("Address"), ticket->address != NULL ? duban_privacy_mask_ticket_text (ticket->address, ticket->petitioner_phone)
                                                                       : g_strdup ("—"), FALSE };
      rows[n_rows++] = (Row) { _("Received"), format_time_or_dash (ticket->received_at), FALSE };
    }
  if (sheet->status != NULL)
    {
      g_autofree char *deadline = format_time_or_dash (sheet->status->deadline);
      g_autofree char *clock = duban_sla_describe_clock (sheet->status);

      rows[n_rows++] = (Row) { _("Deadline"), g_steal_pointer (&deadline), FALSE };
      /* The clock names the state itself ("超期 1.5 个工作日"). */
      rows[n_rows++] = (Row) { _("When issued"), g_steal_pointer (&clock), FALSE };
    }
  rows[n_rows++] = (Row) { _("Supervision opinion"),
                           g_strdup (order->note != NULL && order->note[0] != '\0' ? order->note : "—"),
                           TRUE };
  rows[n_rows++] = (Row) { _("Reply by"), g_strdup (respond_by), FALSE };
  g_assert (n_rows <= G_N_ELEMENTS (rows));

  cairo_set_line_width (cr, 0.8);
  for (guint i = 0; i < n_rows; i++)
    {
      double value_width = content_width - LABEL_WIDTH - 2 * CELL_PADDING;
      double text_height = MAX (measure_text (cr, rows[i].value, SANS, 12, value_width),
                                measure_text (cr, rows[i].label, SERIF, 12, LABEL_WIDTH - 2 * CELL_PADDING));
      double row_height = MAX (text_height + 2 * CELL_PADDING, rows[i].tall ? 96 : 28);

      cairo_set_source_rgb (cr, 0.95, 0.95, 0.95);
      cairo_rectangle (cr, x, y, LABEL_WIDTH, row_height);
      cairo_fill (cr);

      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_rectangle (cr, x, y, content_width, row_height);
      cairo_stroke (cr);
      cairo_move_to (cr, x + LABEL_WIDTH, y);
      cairo_line_to (cr, x + LABEL_WIDTH, y + row_height);
      cairo_stroke (cr);

      draw_text (cr, rows[i].label, SERIF, TRUE, 12, x + CELL_PADDING,
                 y + (rows[i].tall ? CELL_PADDING : (row_height - text_height) / 2),
                 LABEL_WIDTH - 2 * CELL_PADDING, PANGO_ALIGN_CENTER);
      draw_text (cr, rows[i].value, SANS, FALSE, 12, x + LABEL_WIDTH + CELL_PADDING,
                 y + (rows[i].tall ? CELL_PADDING : (row_height - text_height) / 2),
                 value_width, PANGO_ALIGN_LEFT);
      y += row_height;
      g_free (rows[i].value);
    }

  return y - top;
}

/* Signature block, right-aligned as on official documents: the
 * center's name and the date, with the place for its seal over them;
 * measured, and kept clear of the footer even when a long opinion made
 * the table tall. */
static void
draw_signature (cairo_t                     *cr,
                const DubanOrder            *order,
                const DubanDocumentSettings *documents,
                double                       x,
                double                       y,
                double                       content_width)
{
  const double text_width = 280;
  const char *center = documents->issuer;
  static const double dashes[] = { 4.0, 3.0 };
  double block_x = x + content_width - text_width;
  double name_height, date_height, issuer_height, needed, top, cx, cy;
  g_autofree char *issued_date = format_date_long (order->issued_at);
  g_autofree char *issuer = NULL;

  /* the supervisor's real name and title from the settings, not the
   * account that happened to be logged in */
  if (documents->supervisor_name != NULL && *documents->supervisor_name != '\0')
    {
      g_autofree char *who = documents->supervisor_title != NULL && *documents->supervisor_title != '\0'
        ? g_strdup_printf ("%s %s", documents->supervisor_title, documents->supervisor_name)
        : g_strdup (documents->supervisor_name);

      /* Translators: the signature line of a supervision order, %s is a name */
      issuer = g_strdup_printf (_("Issued by: %s"), who);
    }
  else
    issuer = g_strdup_printf (_("Issued by: %s"), order->issued_by);

  name_height = measure_text (cr, center, SERIF, 13, text_width);
  date_height = measure_text (cr, issued_date, SERIF, 13, text_width);
  issuer_height = measure_text (cr, issuer, SANS, 10.5, 220);
  needed = name_height + 4 + date_height;
  top = MIN (y + 64, DUBAN_ORDER_SHEET_HEIGHT - MARGIN - needed - 14);

  cairo_set_source_rgb (cr, 0, 0, 0);
  draw_text (cr, center, SERIF, FALSE, 13, block_x, top, text_width, PANGO_ALIGN_CENTER);
  draw_text (cr, issued_date, SERIF, FALSE, 13, block_x, top + name_height + 4, text_width, PANGO_ALIGN_CENTER);
  draw_text (cr, issuer, SANS, FALSE, 10.5, x, top + needed - issuer_height, 220, PANGO_ALIGN_LEFT);

  cairo_set_source_rgb (cr, MASTHEAD_R, MASTHEAD_G, MASTHEAD_B);
  cairo_set_line_width (cr, 1.0);
  cx = block_x + text_width / 2;
  cy = top + needed / 2;
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
  /* A path of its own: the last text left a current point, and the arc
   * would be joined to it by a line. */
  cairo_new_path (cr);
  cairo_arc (cr, cx, cy, 46, 0, 2 * G_PI);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  /* the seal's text when the settings give one, else where it goes */
  if (documents->seal != NULL && *documents->seal != '\0')
    draw_text (cr, documents->seal, SERIF, FALSE, 9, cx - 40, cy - 12, 80, PANGO_ALIGN_CENTER);
  else
    draw_text (cr, _("(Seal)"), SERIF, FALSE, 9, cx - 46, cy - 46 + 6, 92, PANGO_ALIGN_CENTER);
}

/* Footer: what ties the paper to the record in the desk's store. */
static void
draw_footer (cairo_t          *cr,
             const DubanOrder *order,
             double            x,
             double            content_width)
{
  g_autofree char *issued_at = duban_time_format_civil (order->issued_at);
  g_autofree char *footer = NULL;

  /* Translators: small print at the foot of a supervision order:
   * the issue time and the order's identifier */
  footer = g_strdup_printf (_("Issued %s · Order %s"), issued_at, order->client_id);
  cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, x, DUBAN_ORDER_SHEET_HEIGHT - MARGIN + 8);
  cairo_line_to (cr, x + content_width, DUBAN_ORDER_SHEET_HEIGHT - MARGIN + 8);
  cairo_stroke (cr);
  draw_text (cr, footer, SANS, FALSE, 8, x, DUBAN_ORDER_SHEET_HEIGHT - MARGIN + 12,
             content_width, PANGO_ALIGN_CENTER);
}

void
duban_order_sheet_draw (cairo_t               *cr,
                        const DubanOrderSheet *sheet,
                        double                 width,
                        double                 height)
{
  g_autofree char *respond_by = NULL;
  DubanDocumentSettings defaults = { 0 };
  const DubanDocumentSettings *documents = sheet != NULL ? sheet->documents : NULL;
  double scale, content_width, x, y;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (sheet != NULL && sheet->order != NULL);

  if (documents == NULL)
    duban_document_settings_init (&defaults), documents = &defaults;

  cairo_save (cr);

  scale = MIN (width / DUBAN_ORDER_SHEET_WIDTH, height / DUBAN_ORDER_SHEET_HEIGHT);
  cairo_scale (cr, scale, scale);

  content_width = DUBAN_ORDER_SHEET_WIDTH - 2 * MARGIN;
  x = MARGIN;
  y = MARGIN - 6;
  respond_by = format_time_or_dash (sheet->order->respond_by);

  y += draw_masthead (cr, sheet, documents, x, y, content_width);
  y += draw_address (cr, sheet, respond_by, x, y, content_width);
  y += draw_particulars (cr, sheet, respond_by, x, y, content_width);
  draw_signature (cr, sheet->order, documents, x, y, content_width);
  draw_footer (cr, sheet->order, x, content_width);

  cairo_restore (cr);
  duban_document_settings_clear (&defaults);
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
duban_order_sheet_write_pdf (const char            *path,
                             const DubanOrderSheet *sheets,
                             guint                  n_sheets,
                             GError               **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (sheets != NULL || n_sheets == 0, FALSE);

  /* Drawn in memory, then written owner-only beside the file and renamed
   * over it: a sheet names the petitioner's ticket and the unit, and a
   * crash must not leave half a sheet to be printed and sent. */
  surface = cairo_pdf_surface_create_for_stream (append_to_bytes, bytes,
                                                 DUBAN_ORDER_SHEET_WIDTH, DUBAN_ORDER_SHEET_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Supervision Order"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Duban " PACKAGE_VERSION);
  cr = cairo_create (surface);

  for (guint i = 0; i < n_sheets; i++)
    {
      duban_order_sheet_draw (cr, &sheets[i], DUBAN_ORDER_SHEET_WIDTH, DUBAN_ORDER_SHEET_HEIGHT);
      cairo_show_page (cr);
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s: %s", path, cairo_status_to_string (status));
      return FALSE;
    }

  return g_file_set_contents_full (path, (const char *) bytes->data, bytes->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}
