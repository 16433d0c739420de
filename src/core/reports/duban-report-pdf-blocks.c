/* duban-report-pdf-blocks.c — the blocks every document shares
 *
 * A document is built as a list of blocks before anything is measured:
 * the helpers that add a block, a table and its rows, the front matter
 * (number, title, addressee) and the signature with the notes on how each
 * figure is counted, which every kind of document ends with; and the
 * supervision summary (督办情况通报), which is nothing but these.
 */

#define G_LOG_DOMAIN "duban-report-pdf-blocks"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "duban-report-pdf-private.h"

Block *
duban_report_pdf_add_block (DubanReportDocument *doc,
           BlockKind            kind,
           const char          *text)
{
  Block *block = g_new0 (Block, 1);

  block->kind = kind;
  block->text = g_strdup (text);
  g_ptr_array_add (doc->blocks, block);
  return block;
}

Block *
duban_report_pdf_add_table (DubanReportDocument *doc,
           const Column        *columns,
           guint                n_columns)
{
  Block *block = duban_report_pdf_add_block (doc, BLOCK_TABLE, NULL);
  double total = 0;

  g_assert (n_columns <= MAX_COLUMNS);
  block->n_columns = n_columns;
  for (guint i = 0; i < n_columns; i++)
    total += columns[i].share;
  for (guint i = 0; i < n_columns; i++)
    {
      block->columns[i] = columns[i];
      block->columns[i].share = columns[i].share / total;
    }
  block->cells = g_ptr_array_new_with_free_func (g_free);
  return block;
}

/* Exactly n_columns strings; the table copies them. */
void
duban_report_pdf_table_row (Block *table,
           ...)
{
  va_list args;

  va_start (args, table);
  for (guint i = 0; i < table->n_columns; i++)
    {
      const char *cell = va_arg (args, const char *);

      g_ptr_array_add (table->cells, g_strdup (cell ? cell : ""));
    }
  va_end (args);
  table->n_rows++;
}

char *
duban_report_pdf_count_text (guint value)
{
  return g_strdup_printf ("%u", value);
}

char *
duban_report_pdf_number_text (double value,
             int    decimals)
{
  return isnan (value) ? g_strdup (_("no data")) : g_strdup_printf ("%.*f", decimals, value);
}

char *
duban_report_pdf_signed_count (guint now,
              guint before)
{
  return g_strdup_printf ("%+d", (int) now - (int) before);
}

static char *
civil_date (DubanDay day)
{
  int y, m, d;

  duban_day_to_ymd (day, &y, &m, &d);
  /* TRANSLATORS: a document's date; positional: year, month, day (e.g. %1$d年%2$d月%3$d日) */
  return g_strdup_printf (C_("document date", "%1$d-%2$02d-%3$02d"), y, m, d);
}

void
duban_report_pdf_add_front_matter (DubanReportDocument *doc)
{
  const DubanReport *r = doc->report;
  g_autofree char *period = duban_report_format_period (r);
  g_autofree char *at = duban_time_format_civil (r->at);
  g_autofree char *subtitle = g_strdup_printf (_("%s · %s · as known at %s"), r->scope_name, period, at);

  duban_report_pdf_add_block (doc, BLOCK_HEADER, r->document_number);
  duban_report_pdf_add_block (doc, BLOCK_TITLE, duban_report_title (r));
  duban_report_pdf_add_block (doc, BLOCK_SUBTITLE, subtitle);
  duban_report_pdf_add_block (doc, BLOCK_PLAIN, _("To every town and subdistrict and every responsible unit:"));
}

void
duban_report_pdf_add_signature_and_notes (DubanReportDocument *doc)
{
  const DubanReport *r = doc->report;
  g_autofree char *date = civil_date (duban_day_of_time (r->at));
  g_autofree char *signature = g_strdup_printf ("%s\n%s", r->issuer, date);
  const char * const *definitions = duban_report_definitions (r->kind);

  duban_report_pdf_add_block (doc, BLOCK_SIGNATURE, signature);
  duban_report_pdf_add_block (doc, BLOCK_SUBHEADING, _("Notes: how each figure is counted"));
  for (guint i = 0; definitions[i] != NULL; i++)
    {
      g_autofree char *line = g_strdup_printf ("%u. %s", i + 1, definitions[i]);
      duban_report_pdf_add_block (doc, BLOCK_NOTE, line);
    }
  for (guint i = 0; i < r->fallback_years->len; i++)
    {
      g_autofree char *line = g_strdup_printf (_("No working-day calendar was available for %d: working days in it were counted Monday to Friday."),
                                               g_array_index (r->fallback_years, int, i));
      duban_report_pdf_add_block (doc, BLOCK_NOTE, line);
    }
}

void
duban_report_pdf_build_supervision (DubanReportDocument *doc)
{
  const DubanReport *r = doc->report;
  const Column level_columns[] = {
    { _("Level"), 2.0, FALSE },
    { _("Orders"), 1.0, TRUE },
  };
  const Column unit_columns[] = {
    { _("Unit"), 3.0, FALSE },
    { _("Orders"), 0.8, TRUE },
    { _("Delivered"), 0.9, TRUE },
    { C_("order response", "Replied in time"), 1.1, TRUE },
    { C_("order response", "Replied late"), 1.0, TRUE },
    { C_("order response", "No reply, past due"), 1.2, TRUE },
    { C_("order response", "Awaiting reply"), 1.1, TRUE },
  };
  /* in points of the 442-point text width: the ticket's number and both
   * times whole, to the minute */
  const Column order_columns[] = {
    { _("Ticket"), 68, FALSE },
    { _("Unit"), 88, FALSE },
    { _("Level"), 24, FALSE },
    { _("Issued"), 76, FALSE },
    { _("Reply by"), 76, FALSE },
    { _("Delivery"), 30, FALSE },
    { _("Response"), 46, FALSE },
    { _("State"), 34, FALSE },
  };
  g_autofree char *summary = NULL;
  Block *table;

  duban_report_pdf_add_front_matter (doc);

  summary = g_strdup_printf (_("In the period %u supervision orders were issued: %u delivered to the platform, %u pending, %u refused. "
                               "The units replied in time to %u, late to %u; %u are past their reply-by time without a reply and %u are awaiting a reply."),
                             r->orders->len, r->orders_by_delivery[1], r->orders_by_delivery[0], r->orders_by_delivery[2],
                             r->orders_by_response[DUBAN_RESPONSE_ON_TIME], r->orders_by_response[DUBAN_RESPONSE_LATE],
                             r->orders_by_response[DUBAN_RESPONSE_MISSING], r->orders_by_response[DUBAN_RESPONSE_PENDING]);
  duban_report_pdf_add_block (doc, BLOCK_PARAGRAPH, summary);

  duban_report_pdf_add_block (doc, BLOCK_HEADING, _("Orders by level"));
  table = duban_report_pdf_add_table (doc, level_columns, G_N_ELEMENTS (level_columns));
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *count = duban_report_pdf_count_text (r->orders_by_level[i]);
      duban_report_pdf_table_row (table, duban_order_level_to_display (i), count);
    }

  duban_report_pdf_add_block (doc, BLOCK_HEADING, _("The units' responses"));
  if (r->unit_responses->len == 0)
    duban_report_pdf_add_block (doc, BLOCK_PARAGRAPH, _("No supervision order was issued in the period."));
  else
    {
      table = duban_report_pdf_add_table (doc, unit_columns, G_N_ELEMENTS (unit_columns));
      for (guint i = 0; i < r->unit_responses->len; i++)
        {
          const DubanReportUnitResponse *u = g_ptr_array_index (r->unit_responses, i);
          g_autofree char *orders = duban_report_pdf_count_text (u->orders);
          g_autofree char *delivered = duban_report_pdf_count_text (u->delivered);
          g_autofree char *a = duban_report_pdf_count_text (u->responses[0]);
          g_autofree char *b = duban_report_pdf_count_text (u->responses[1]);
          g_autofree char *c = duban_report_pdf_count_text (u->responses[2]);
          g_autofree char *d = duban_report_pdf_count_text (u->responses[3]);

          duban_report_pdf_table_row (table, u->unit_name, orders, delivered, a, b, c, d);
        }
    }

  duban_report_pdf_add_block (doc, BLOCK_HEADING, _("The orders"));
  if (r->orders->len == 0)
    duban_report_pdf_add_block (doc, BLOCK_PARAGRAPH, _("No supervision order was issued in the period."));
  else
    {
      table = duban_report_pdf_add_table (doc, order_columns, G_N_ELEMENTS (order_columns));
      for (guint i = 0; i < r->orders->len; i++)
        {
          const DubanReportOrder *o = g_ptr_array_index (r->orders, i);
          g_autofree char *issued = duban_time_format_civil (o->record->issued_at);
          g_autofree char *reply_by = o->record->respond_by != DUBAN_TIME_NONE ? duban_time_format_civil (o->record->respond_by) : g_strdup ("—");

          duban_report_pdf_table_row (table, o->record->ticket_id, o->unit_name, duban_order_level_to_display (o->record->level),
                     issued, reply_by, duban_delivery_state_to_display (o->record->delivery),
                     duban_order_response_to_display (o->response),
                     o->state == DUBAN_STATE_NOT_YET ? "—" : duban_state_to_display (o->state));
        }
    }

  duban_report_pdf_add_signature_and_notes (doc);
}
