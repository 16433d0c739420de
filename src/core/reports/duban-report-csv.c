/* duban-report-csv.c — a report as CSV, for scripts and other systems
 *
 * Each table goes through DubanTable, so the quoting and the
 * neutralising of formula-like text are the ones duban-ctl uses (the
 * columns the code fills with numbers are declared so, and only a plain
 * number there is left as one); rates are fractions with six decimals, as
 * `duban-ctl figures --format csv` prints them.
 */

#define G_LOG_DOMAIN "duban-report-csv"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "duban-report-csv.h"
#include "duban-table.h"

static char *
fraction (double value)
{
  return isnan (value) ? g_strdup ("") : g_strdup_printf ("%.6f", value);
}

static char *
decimal (double value,
         int    decimals)
{
  return isnan (value) ? g_strdup ("") : g_strdup_printf ("%.*f", decimals, value);
}

static char *
count (guint value)
{
  return g_strdup_printf ("%u", value);
}

static char *
when (DubanTime time)
{
  return time == DUBAN_TIME_NONE ? g_strdup ("") : duban_time_format_rfc3339 (time);
}

static void
append_table (GString    *out,
              const char *key,
              DubanTable *table)
{
  g_autofree char *text = duban_table_to_string (table, DUBAN_TABLE_CSV);

  /* CRLF, as DubanTable writes its lines (RFC 4180) */
  g_string_append_printf (out, "# %s\r\n%s\r\n", key, text);
}

static void
append_figures (GString    *out,
                const char *key,
                GPtrArray  *groups)
{
  g_autoptr(DubanTable) table = duban_table_new ();

  /* the columns and formats of `duban-ctl figures --format csv`, plus the rank */
  duban_table_add_columns (table, "rank", "rank", "key", "key", "name", "name",
                           "received", "received", "resolved", "resolved",
                           "completion_rate", "completion_rate", "due", "due", "on_time", "on_time",
                           "on_time_completion_rate", "on_time_completion_rate",
                           "urgent_due", "urgent_due", "contacted_on_time", "contacted_on_time",
                           "on_time_contact_rate", "on_time_contact_rate", "visited", "visited",
                           "satisfied", "satisfied", "satisfaction_rate", "satisfaction_rate",
                           "mean_hours_urgent", "mean_hours_urgent",
                           "mean_working_days_normal", "mean_working_days_normal",
                           "settled_grid", "settled_grid", "settled_town", "settled_town",
                           "settled_county", "settled_county", "score", "score", NULL);
  duban_table_set_numeric (table, "rank", "received", "resolved", "completion_rate", "due", "on_time",
                           "on_time_completion_rate", "urgent_due", "contacted_on_time",
                           "on_time_contact_rate", "visited", "satisfied", "satisfaction_rate",
                           "mean_hours_urgent", "mean_working_days_normal", "settled_grid",
                           "settled_town", "settled_county", "score", NULL);
  for (guint i = 0; i < groups->len; i++)
    {
      const DubanFigures *f = g_ptr_array_index (groups, i);
      g_autofree char *rank = f->rank > 0 ? g_strdup_printf ("%u", f->rank) : g_strdup ("");
      g_autofree char *received = count (f->received), *resolved = count (f->resolved);
      g_autofree char *completion = fraction (f->completion_rate);
      g_autofree char *due = count (f->due), *on_time = count (f->on_time);
      g_autofree char *on_time_rate = fraction (f->on_time_completion_rate);
      g_autofree char *urgent_due = count (f->urgent_due), *contacted = count (f->contacted_on_time);
      g_autofree char *contact_rate = fraction (f->on_time_contact_rate);
      g_autofree char *visited = count (f->visited), *satisfied = count (f->satisfied);
      g_autofree char *satisfaction = fraction (f->satisfaction_rate);
      g_autofree char *hours = decimal (f->mean_hours_urgent, 4);
      g_autofree char *days = decimal (f->mean_working_days_normal, 4);
      g_autofree char *grid = fraction (f->settled_grid_share);
      g_autofree char *town = fraction (f->settled_town_share);
      g_autofree char *county = fraction (f->settled_county_share);
      g_autofree char *score = decimal (f->score, 4);

      duban_table_add_row (table, rank, f->key, f->name, received, resolved, completion,
                           due, on_time, on_time_rate, urgent_due, contacted, contact_rate,
                           visited, satisfied, satisfaction, hours, days, grid, town, county,
                           score, NULL);
    }
  append_table (out, key, table);
}

static void
append_bulletin (GString           *out,
                 const DubanReport *r)
{
  {
    g_autoptr(GPtrArray) both = g_ptr_array_new ();

    /* the scope itself, then the previous period, keyed by the period */
    g_ptr_array_add (both, r->current);
    append_figures (out, "figures", both);
    g_ptr_array_index (both, 0) = r->previous;
    append_figures (out, "figures_previous_period", both);
  }
  append_figures (out, "units", r->units);
  if (r->towns->len > 0)
    append_figures (out, "towns", r->towns);

  {
    g_autoptr(DubanTable) table = duban_table_new ();

    duban_table_add_columns (table, "board", "board", "key", "key", "name", "name", "score", "score", NULL);
    duban_table_set_numeric (table, "score", NULL);
    for (guint board = 0; board < 2; board++)
      {
        GPtrArray *units = board == 0 ? r->red : r->black;

        for (guint i = 0; i < units->len; i++)
          {
            const DubanFigures *f = g_ptr_array_index (units, i);
            g_autofree char *score = decimal (f->score, 4);

            duban_table_add_row (table, board == 0 ? "red" : "black", f->key, f->name, score, NULL);
          }
      }
    append_table (out, "boards", table);
  }

  {
    g_autoptr(DubanTable) table = duban_table_new ();

    duban_table_add_columns (table, "unit_key", "unit_key", "unit_name", "unit_name", "id", "id",
                             "title", "title", "deadline", "deadline", "overdue_by", "overdue_by",
                             "overdue_unit", "overdue_unit", "state", "state", NULL);
    duban_table_set_numeric (table, "overdue_by", NULL);
    for (guint i = 0; i < r->accountable->len; i++)
      {
        const DubanReportAccountable *a = g_ptr_array_index (r->accountable, i);

        for (guint j = 0; j < a->late->len; j++)
          {
            const DubanReportLateTicket *late = g_ptr_array_index (a->late, j);
            g_autofree char *deadline = when (late->deadline);
            g_autofree char *overdue = decimal (late->overdue_by, 4);

            duban_table_add_row (table, a->figures->key, a->figures->name, late->ticket_id,
                                 late->title, deadline, overdue,
                                 late->unit == DUBAN_DURATION_HOURS ? "hours" : "working_days",
                                 duban_state_to_wire (late->state), NULL);
          }
      }
    append_table (out, "accountability", table);
  }

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(DubanTable) table = duban_table_new ();
      GPtrArray *counts = k == 0 ? r->categories : r->grids;

      duban_table_add_columns (table, "key", "key", "name", "name", "received", "received",
                               "previous", "previous", NULL);
      duban_table_set_numeric (table, "received", "previous", NULL);
      for (guint i = 0; i < counts->len; i++)
        {
          const DubanReportCount *c = g_ptr_array_index (counts, i);
          g_autofree char *now = count (c->received), *before = count (c->previous);

          duban_table_add_row (table, c->key, c->name, now, before, NULL);
        }
      append_table (out, k == 0 ? "categories" : "grids", table);
    }

  {
    g_autoptr(DubanTable) table = duban_table_new ();

    duban_table_add_columns (table, "day", "day", "received", "received", "resolved", "resolved",
                             "overdue", "overdue", NULL);
    duban_table_set_numeric (table, "received", "resolved", "overdue", NULL);
    for (guint d = 0; d < r->days->len; d++)
      {
        const DubanReportDay *day = &g_array_index (r->days, DubanReportDay, d);
        g_autofree char *text = duban_day_format (day->day);
        g_autofree char *received = count (day->received), *resolved = count (day->resolved);
        g_autofree char *overdue = count (day->overdue);

        duban_table_add_row (table, text, received, resolved, overdue, NULL);
      }
    append_table (out, "trend", table);
  }

  {
    g_autoptr(DubanTable) table = duban_table_new ();

    duban_table_add_columns (table, "id", "id", "received_at", "received_at", "category", "category",
                             "unit", "unit", "petitioner", "petitioner", "repeat_of", "repeat_of", NULL);
    for (guint i = 0; i < r->repeats->len; i++)
      {
        const DubanReportRepeat *repeat = g_ptr_array_index (r->repeats, i);
        g_autofree char *received = when (repeat->received_at);

        duban_table_add_row (table, repeat->ticket_id, received, repeat->category, repeat->unit_name,
                             repeat->petitioner, repeat->repeat_of, NULL);
      }
    append_table (out, "repeats", table);
  }
}

static void
append_supervision (GString           *out,
                    const DubanReport *r)
{
  g_autoptr(DubanTable) units = duban_table_new ();
  g_autoptr(DubanTable) orders = duban_table_new ();
  static const char *responses[] = { "on_time", "late", "missing", "pending" };

  duban_table_add_columns (units, "unit_key", "unit_key", "unit_name", "unit_name", "orders", "orders",
                           "delivered", "delivered", "replied_on_time", "replied_on_time",
                           "replied_late", "replied_late", "no_reply_past_due", "no_reply_past_due",
                           "awaiting_reply", "awaiting_reply", NULL);
  duban_table_set_numeric (units, "orders", "delivered", "replied_on_time", "replied_late",
                           "no_reply_past_due", "awaiting_reply", NULL);
  for (guint i = 0; i < r->unit_responses->len; i++)
    {
      const DubanReportUnitResponse *u = g_ptr_array_index (r->unit_responses, i);
      g_autofree char *n = count (u->orders), *delivered = count (u->delivered);
      g_autofree char *a = count (u->responses[0]), *b = count (u->responses[1]);
      g_autofree char *c = count (u->responses[2]), *d = count (u->responses[3]);

      duban_table_add_row (units, u->unit_code, u->unit_name, n, delivered, a, b, c, d, NULL);
    }
  append_table (out, "responses", units);

  duban_table_add_columns (orders, "client_id", "client_id", "ticket_id", "ticket_id", "unit", "unit",
                           "level", "level", "issued_at", "issued_at", "issued_by", "issued_by",
                           "respond_by", "respond_by", "delivery", "delivery",
                           "delivered_at", "delivered_at", "response", "response",
                           "resolved_at", "resolved_at", "state", "state", NULL);
  for (guint i = 0; i < r->orders->len; i++)
    {
      const DubanReportOrder *o = g_ptr_array_index (r->orders, i);
      g_autofree char *issued = when (o->record->issued_at);
      g_autofree char *respond_by = when (o->record->respond_by);
      g_autofree char *delivered = when (o->record->delivered_at);
      g_autofree char *resolved = when (o->resolved_at);

      duban_table_add_row (orders, o->record->client_id, o->record->ticket_id, o->unit_name,
                           duban_order_level_to_wire (o->record->level), issued, o->record->issued_by, respond_by,
                           duban_delivery_state_to_wire (o->record->delivery), delivered, responses[o->response], resolved,
                           o->state == DUBAN_STATE_NOT_YET ? "" : duban_state_to_wire (o->state), NULL);
    }
  append_table (out, "orders", orders);
}

char *
duban_report_to_csv (const DubanReport *report)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (report != NULL, NULL);

  if (report->kind == DUBAN_REPORT_SUPERVISION)
    append_supervision (out, report);
  else
    append_bulletin (out, report);

  return g_string_free (out, FALSE);
}

gboolean
duban_report_write_csv (const DubanReport  *report,
                        const char         *path,
                        GError            **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  text = duban_report_to_csv (report);
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}
