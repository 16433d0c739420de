/* duban-report-csv.c — a report as CSV, for a spreadsheet or a script
 *
 * Each table goes through DubanTable, so the quoting and the
 * neutralising of formula-like text are the ones duban-ctl uses (the
 * columns the code fills with numbers are declared so, and only a plain
 * number there is left as one); rates are fractions with six decimals, as
 * `duban-ctl figures --format csv` prints them.
 *
 * By default the file is for people: a UTF-8 byte order mark (without
 * it Excel on a Chinese Windows reads UTF-8 as GBK and garbles every
 * name), column and section names in the document's language, civil
 * times and states as the desk shows them. DUBAN_REPORT_CSV_KEYS gives
 * scripts the stable keys, RFC 3339 times and wire values, and no mark.
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

typedef struct {
  GString  *out;
  gboolean  keys;     /* DUBAN_REPORT_CSV_KEYS */
} Csv;

static char *
when (const Csv *csv,
      DubanTime  time)
{
  if (time == DUBAN_TIME_NONE)
    return g_strdup ("");
  return csv->keys ? duban_time_format_rfc3339 (time) : duban_time_format_civil (time);
}

/* Each key's name for people (a column, or a section after "# "). */
static const struct {
  const char *key;
  const char *title;
} titles[] = {
  { "rank", N_("Rank") }, { "key", N_("Code") }, { "name", N_("Area or unit") },
  { "received", N_("Received") }, { "resolved", N_("Resolved") },
  { "completion_rate", N_("Completion rate") }, { "due", N_("Due") }, { "on_time", N_("On time") },
  { "on_time_completion_rate", N_("On-time completion rate") }, { "urgent_due", N_("Urgent due") },
  { "contacted_on_time", N_("Contacted on time") }, { "on_time_contact_rate", N_("On-time contact rate") },
  { "visited", N_("Rated visits") }, { "satisfied", N_("Satisfied") }, { "satisfaction_rate", N_("Satisfaction rate") },
  { "mean_hours_urgent", N_("Mean hours (urgent)") }, { "mean_working_days_normal", N_("Mean working days (normal)") },
  { "settled_grid", N_("Settled in the grid") }, { "settled_town", N_("Settled in the town") },
  { "settled_county", N_("Settled in the county") }, { "score", N_("Score") },
  { "board", N_("Board") }, { "unit_key", N_("Unit code") }, { "unit_name", N_("Unit") },
  { "id", N_("Ticket") }, { "title", N_("Title") }, { "deadline", N_("Deadline") },
  { "overdue_by", N_("How late") }, { "overdue_unit", N_("Unit of time") }, { "state", N_("State") },
  { "previous", N_("Previous period") }, { "day", N_("Day") }, { "overdue", N_("Late") },
  { "received_at", N_("Received") }, { "category", N_("Category") }, { "unit", N_("Unit") },
  { "petitioner", N_("Petitioner") }, { "repeat_of", N_("Repeat of") },
  { "orders", N_("Orders") }, { "delivered", N_("Delivered") },
  { "replied_on_time", N_("Replied in time") }, { "replied_late", N_("Replied late") },
  { "no_reply_past_due", N_("No reply, past due") }, { "awaiting_reply", N_("Awaiting reply") },
  { "client_id", N_("Order") }, { "ticket_id", N_("Ticket") }, { "level", N_("Level") },
  { "issued_at", N_("Issued") }, { "issued_by", N_("Issued by") }, { "respond_by", N_("Reply by") },
  { "delivery", N_("Delivery") }, { "delivered_at", N_("Delivered at") }, { "response", N_("Response") },
  { "resolved_at", N_("Resolved at") },
  /* sections, after "# " */
  { "#figures", N_("The figures against their targets") },
  { "#figures_previous_period", N_("The figures of the previous period") },
  { "#units", N_("Ranking of the responsible units") },
  { "#towns", N_("Ranking of the towns and subdistricts") },
  { "#boards", N_("Red and black boards") },
  { "#accountability", N_("Accountability list: every late ticket") },
  { "#categories", N_("Top categories") }, { "#grids", N_("Hotspot grids") },
  { "#trend", N_("Tickets per day") }, { "#repeats", N_("Repeat complaints") },
  { "#responses", N_("The units' responses") }, { "#orders", N_("The orders") },
};

static const char *
title_of (const Csv  *csv,
          const char *key)
{
  if (csv->keys)
    return key;
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_str_equal (titles[i].key, key))
      return _(titles[i].title);
  g_return_val_if_reached (key);
}

/* The columns by key, NULL-terminated, each titled for people or not. */
static void
add_columns (const Csv  *csv,
             DubanTable *table,
             ...)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  const char *key;
  va_list args;

  va_start (args, table);
  while ((key = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (keys, (gpointer) key);
  va_end (args);

  /* DubanTable takes its columns as (title, key) pairs */
  g_assert (keys->len <= 24);
#define K(i) (i < keys->len ? title_of (csv, g_ptr_array_index (keys, i)) : NULL), \
             (i < keys->len ? (const char *) g_ptr_array_index (keys, i) : NULL)
  duban_table_add_columns (table, K (0), K (1), K (2), K (3), K (4), K (5), K (6), K (7), K (8), K (9),
                           K (10), K (11), K (12), K (13), K (14), K (15), K (16), K (17), K (18), K (19),
                           K (20), K (21), K (22), K (23), NULL);
#undef K
}

static void
append_table (const Csv  *csv,
              const char *key,
              DubanTable *table)
{
  g_autofree char *text = duban_table_to_string (table, csv->keys ? DUBAN_TABLE_CSV : DUBAN_TABLE_CSV_TITLED);
  g_autofree char *section = g_strconcat ("#", key, NULL);

  /* CRLF, as DubanTable writes its lines (RFC 4180) */
  g_string_append_printf (csv->out, "# %s\r\n%s\r\n", csv->keys ? key : title_of (csv, section), text);
}

static void
append_figures (const Csv  *csv,
                const char *key,
                GPtrArray  *groups)
{
  g_autoptr(DubanTable) table = duban_table_new ();

  /* the columns and formats of `duban-ctl figures --format csv`, plus the rank */
  add_columns (csv, table, "rank", "key", "name", "received", "resolved", "completion_rate", "due", "on_time", "on_time_completion_rate", "urgent_due", "contacted_on_time", "on_time_contact_rate", "visited", "satisfied", "satisfaction_rate", "mean_hours_urgent", "mean_working_days_normal", "settled_grid", "settled_town", "settled_county", "score", NULL);
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
  append_table (csv, key, table);
}

static void
append_bulletin (const Csv         *csv,
                 const DubanReport *r)
{
  {
    g_autoptr(GPtrArray) both = g_ptr_array_new ();

    /* the scope itself, then the previous period, keyed by the period */
    g_ptr_array_add (both, r->current);
    append_figures (csv, "figures", both);
    g_ptr_array_index (both, 0) = r->previous;
    append_figures (csv, "figures_previous_period", both);
  }
  append_figures (csv, "units", r->units);
  if (r->towns->len > 0)
    append_figures (csv, "towns", r->towns);

  {
    g_autoptr(DubanTable) table = duban_table_new ();

    add_columns (csv, table, "board", "key", "name", "score", NULL);
    duban_table_set_numeric (table, "score", NULL);
    for (guint board = 0; board < 2; board++)
      {
        GPtrArray *units = board == 0 ? r->red : r->black;

        for (guint i = 0; i < units->len; i++)
          {
            const DubanFigures *f = g_ptr_array_index (units, i);
            g_autofree char *score = decimal (f->score, 4);

            duban_table_add_row (table, csv->keys ? (board == 0 ? "red" : "black") : (board == 0 ? _("Red board") : _("Black board")),
                                 f->key, f->name, score, NULL);
          }
      }
    append_table (csv, "boards", table);
  }

  {
    g_autoptr(DubanTable) table = duban_table_new ();

    add_columns (csv, table, "unit_key", "unit_name", "id", "title", "deadline", "overdue_by", "overdue_unit", "state", NULL);
    duban_table_set_numeric (table, "overdue_by", NULL);
    for (guint i = 0; i < r->accountable->len; i++)
      {
        const DubanReportAccountable *a = g_ptr_array_index (r->accountable, i);

        for (guint j = 0; j < a->late->len; j++)
          {
            const DubanReportLateTicket *late = g_ptr_array_index (a->late, j);
            g_autofree char *deadline = when (csv, late->deadline);
            g_autofree char *overdue = decimal (late->overdue_by, 4);

            duban_table_add_row (table, a->figures->key, a->figures->name, late->ticket_id,
                                 late->title, deadline, overdue,
                                 csv->keys ? (late->unit == DUBAN_DURATION_HOURS ? "hours" : "working_days")
                                           : (late->unit == DUBAN_DURATION_HOURS ? _("hours") : _("working days")),
                                 csv->keys ? duban_state_to_wire (late->state) : duban_state_to_display (late->state), NULL);
          }
      }
    append_table (csv, "accountability", table);
  }

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(DubanTable) table = duban_table_new ();
      GPtrArray *counts = k == 0 ? r->categories : r->grids;

      add_columns (csv, table, "key", "name", "received", "previous", NULL);
      duban_table_set_numeric (table, "received", "previous", NULL);
      for (guint i = 0; i < counts->len; i++)
        {
          const DubanReportCount *c = g_ptr_array_index (counts, i);
          g_autofree char *now = count (c->received), *before = count (c->previous);

          duban_table_add_row (table, c->key, c->name, now, before, NULL);
        }
      append_table (csv, k == 0 ? "categories" : "grids", table);
    }

  {
    g_autoptr(DubanTable) table = duban_table_new ();

    add_columns (csv, table, "day", "received", "resolved", "overdue", NULL);
    duban_table_set_numeric (table, "received", "resolved", "overdue", NULL);
    for (guint d = 0; d < r->days->len; d++)
      {
        const DubanReportDay *day = &g_array_index (r->days, DubanReportDay, d);
        g_autofree char *text = duban_day_format (day->day);
        g_autofree char *received = count (day->received), *resolved = count (day->resolved);
        g_autofree char *overdue = count (day->overdue);

        duban_table_add_row (table, text, received, resolved, overdue, NULL);
      }
    append_table (csv, "trend", table);
  }

  {
    g_autoptr(DubanTable) table = duban_table_new ();

    add_columns (csv, table, "id", "received_at", "category", "unit", "petitioner", "repeat_of", NULL);
    for (guint i = 0; i < r->repeats->len; i++)
      {
        const DubanReportRepeat *repeat = g_ptr_array_index (r->repeats, i);
        g_autofree char *received = when (csv, repeat->received_at);

        duban_table_add_row (table, repeat->ticket_id, received, repeat->category, repeat->unit_name,
                             repeat->petitioner, repeat->repeat_of, NULL);
      }
    append_table (csv, "repeats", table);
  }
}

static void
append_supervision (const Csv         *csv,
                    const DubanReport *r)
{
  g_autoptr(DubanTable) units = duban_table_new ();
  g_autoptr(DubanTable) orders = duban_table_new ();
  static const char *responses[] = { "on_time", "late", "missing", "pending" };

  add_columns (csv, units, "unit_key", "unit_name", "orders", "delivered", "replied_on_time", "replied_late", "no_reply_past_due", "awaiting_reply", NULL);
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
  append_table (csv, "responses", units);

  add_columns (csv, orders, "client_id", "ticket_id", "unit", "level", "issued_at", "issued_by", "respond_by", "delivery", "delivered_at", "response", "resolved_at", "state", NULL);
  for (guint i = 0; i < r->orders->len; i++)
    {
      const DubanReportOrder *o = g_ptr_array_index (r->orders, i);
      g_autofree char *issued = when (csv, o->record->issued_at);
      g_autofree char *respond_by = when (csv, o->record->respond_by);
      g_autofree char *delivered = when (csv, o->record->delivered_at);
      g_autofree char *resolved = when (csv, o->resolved_at);

      duban_table_add_row (orders, o->record->client_id, o->record->ticket_id, o->unit_name,
                           csv->keys ? duban_order_level_to_wire (o->record->level) : duban_order_level_to_display (o->record->level),
                           issued, o->record->issued_by, respond_by,
                           csv->keys ? duban_delivery_state_to_wire (o->record->delivery)
                                     : duban_delivery_state_to_display (o->record->delivery),
                           delivered,
                           csv->keys ? responses[o->response] : duban_order_response_to_display (o->response),
                           resolved,
                           o->state == DUBAN_STATE_NOT_YET ? "" : csv->keys ? duban_state_to_wire (o->state)
                                                                            : duban_state_to_display (o->state), NULL);
    }
  append_table (csv, "orders", orders);
}

char *
duban_report_to_csv (const DubanReport     *report,
                     DubanReportCsvHeaders  headers)
{
  Csv csv = { g_string_new (NULL), headers == DUBAN_REPORT_CSV_KEYS };

  g_return_val_if_fail (report != NULL, NULL);

  if (!csv.keys)
    g_string_append (csv.out, "\xef\xbb\xbf");
  /* the document's number and issuer head the file a leader opens */
  if (!csv.keys && report->document_number != NULL)
    g_string_append_printf (csv.out, "# %s %s\r\n", report->issuer, report->document_number);

  if (report->kind == DUBAN_REPORT_SUPERVISION)
    append_supervision (&csv, report);
  else
    append_bulletin (&csv, report);

  return g_string_free (csv.out, FALSE);
}

gboolean
duban_report_write_csv (const DubanReport      *report,
                        DubanReportCsvHeaders   headers,
                        const char             *path,
                        GError                **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  text = duban_report_to_csv (report, headers);
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}
