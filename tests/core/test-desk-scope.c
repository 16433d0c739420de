/* test-desk-scope.c — reading only what is asked changes no number
 *
 * duban_desk_load_scoped() reads the open tickets, or those that can
 * count in a span's figures, by the store's indexes instead of every
 * ticket. These tests hold it to the full load: the same open tickets at
 * many moments, the same figures for many periods under several
 * policies and calendars, the same bulletin and supervision summary;
 * and the store's query to the rule it implements
 * (duban_figures_span_contains), both ways, so that reading more than
 * needed shows too.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "duban-county-generator.h"
#include "duban-desk.h"
#include "duban-figures-span.h"
#include "duban-orders.h"
#include "duban-repeat-decisions.h"
#include "duban-judgement.h"
#include "duban-judgement-history.h"
#include "duban-late-risk.h"
#include "duban-proposals.h"
#include "duban-report-csv.h"
#include "duban-report-judgement.h"
#include "duban-report.h"
#include "duban-store-private.h"
#include "duban-store-reference.h"
#include "duban-store-scope.h"

#define AT "2026-10-15T12:00:00+08:00"

static char *tmpdir;
static char *store_path;
static guint n_stored;

static DubanTime
t (const char *text)
{
  DubanTime time;
  g_autoptr(GError) error = NULL;

  g_assert_true (duban_time_parse_rfc3339 (text, &time, &error));
  return time;
}

static DubanDay
d (const char *text)
{
  DubanDay day;
  g_autoptr(GError) error = NULL;

  g_assert_true (duban_day_parse (text, &day, &error));
  return day;
}

static void
make_store (void)
{
  DubanCountyParams params = { .seed = 11, .n_tickets = 6000, .now = t (AT) };
  g_autoptr(DubanCounty) county = duban_county_generate (&params);
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tickets = duban_county_get_tickets (county);

  store = duban_store_open (store_path, &error);
  g_assert_no_error (error);
  g_assert_true (duban_store_begin (store, &error));
  g_assert_true (duban_store_replace_regions (store, duban_county_get_regions_json (county), &error));
  g_assert_true (duban_store_replace_units (store, duban_county_get_units_json (county), &error));
  for (guint i = 0; i < tickets->len; i++)
    g_assert_true (duban_store_upsert_ticket (store, g_ptr_array_index (tickets, i), NULL, &error));
  g_assert_true (duban_store_commit (store, &error));
  g_assert_no_error (error);
  n_stored = tickets->len;

  /* orders on old tickets, whose moments fall outside any recent span:
   * the supervision summary must still find them */
  for (guint i = 0; i < 5; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i * 97);
      g_autoptr(DubanOrder) order = NULL;

      order = duban_orders_issue (store, ticket->id, DUBAN_ORDER_YELLOW, "请加快办理",
                                  duban_time_now () + DUBAN_USEC_PER_DAY, &error);
      g_assert_no_error (error);
      g_assert_nonnull (order);
    }
}

static void
save_policy (const DubanSlaPolicy *policy)
{
  g_autoptr(DubanStore) store = duban_store_open_existing (store_path, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (store);
  g_assert_true (duban_store_save_policy (store, policy, &error));
  g_assert_no_error (error);
}

static void
save_calendar_2026 (const char *json)
{
  g_autoptr(DubanStore) store = duban_store_open_existing (store_path, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (store);
  g_assert_true (duban_store_save_calendar (store, 2026, json, &error));
  g_assert_no_error (error);
}

static DubanDesk *
load_all (DubanDeskContents contents,
          DubanTime         at)
{
  g_autoptr(GError) error = NULL;
  DubanDesk *desk = duban_desk_load (store_path, DUBAN_DESK_OPEN_EXISTING, contents, at, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (desk);
  g_assert_cmpuint (duban_desk_get_tickets (desk)->len, ==, n_stored);
  return desk;
}

static DubanDesk *
load_scoped (DubanDeskContents     contents,
             const DubanDeskScope *scope,
             DubanTime             at)
{
  g_autoptr(GError) error = NULL;
  DubanDesk *desk = duban_desk_load_scoped (store_path, DUBAN_DESK_OPEN_EXISTING, contents, scope, at, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (desk);
  return desk;
}

/* ---- the open tickets ---------------------------------------------------- */

static void
test_open (void)
{
  const char *moments[] = {
    AT, "2026-10-12T08:00:00+08:00", "2026-09-03T23:59:59+08:00", "2026-02-18T10:00:00+08:00",
    "2025-11-01T00:00:00+08:00",
  };

  for (guint m = 0; m < G_N_ELEMENTS (moments); m++)
    {
      const DubanDeskScope scope = { TRUE, DUBAN_TIME_NONE, DUBAN_TIME_NONE, FALSE };
      g_autoptr(DubanDesk) all = load_all (DUBAN_DESK_TICKETS, t (moments[m]));
      g_autoptr(DubanDesk) open = load_scoped (DUBAN_DESK_TICKETS, &scope, t (moments[m]));
      GPtrArray *all_tickets = duban_desk_get_tickets (all);
      GArray *all_statuses = duban_desk_get_statuses (all);
      GPtrArray *open_tickets = duban_desk_get_tickets (open);
      guint j = 0;

      /* exactly the open ones, in the same order, with the same states */
      for (guint i = 0; i < all_tickets->len; i++)
        {
          const DubanTicket *ticket = g_ptr_array_index (all_tickets, i);
          const DubanSlaStatus *status = &g_array_index (all_statuses, DubanSlaStatus, i);

          if (!duban_state_is_open (status->state))
            continue;
          g_assert_cmpuint (j, <, open_tickets->len);
          g_assert_cmpstr (((DubanTicket *) g_ptr_array_index (open_tickets, j))->id, ==, ticket->id);
          g_assert_cmpint (g_array_index (duban_desk_get_statuses (open), DubanSlaStatus, j).state, ==,
                           status->state);
          j++;
        }
      g_assert_cmpuint (j, ==, open_tickets->len);
      g_test_message ("%s: %u open of %u", moments[m], j, all_tickets->len);
    }
}

/* ---- the store's query is the rule --------------------------------------- */

static void
test_query_is_the_rule (void)
{
  g_autoptr(DubanDesk) all = load_all (DUBAN_DESK_TICKETS, t (AT));
  g_autoptr(DubanStore) store = duban_store_open_existing (store_path, NULL);
  GPtrArray *tickets = duban_desk_get_tickets (all);
  const char *spans[][2] = {
    { "2026-09-01T00:00:00+08:00", "2026-10-01T00:00:00+08:00" },
    { "2026-10-03T00:00:00+08:00", "2026-10-10T00:00:00+08:00" },   /* 国庆 and the Saturday worked */
    { "2026-02-14T00:00:00+08:00", "2026-02-25T00:00:00+08:00" },   /* 春节 */
    { "2026-05-04T13:30:00+08:00", "2026-05-04T13:45:00+08:00" },   /* a quarter of an hour */
    { "2025-10-15T00:00:00+08:00", "2026-10-16T00:00:00+08:00" },   /* the whole year */
  };

  g_assert_nonnull (store);

  /* each span twice: with the gaps of rowids the read bridges, and with
   * every run of the scope's rowids read on its own */
  for (guint k = 0; k < 2 * G_N_ELEMENTS (spans); k++)
    {
      guint s = k / 2;
      DubanFiguresSpan span;
      DubanTicketScope scope = { DUBAN_TIME_NONE, &span, NULL, FALSE };
      g_autoptr(GPtrArray) read = NULL;
      g_autoptr(GError) error = NULL;
      guint j = 0;

      duban_store_scoped_gap = k % 2 == 0 ? 64 : 0;
      duban_figures_span_init (&span, duban_desk_get_policy (all), duban_desk_get_calendar (all),
                               t (spans[s][0]), t (spans[s][1]));
      read = duban_store_load_tickets_scoped (store, &scope, &error);
      g_assert_no_error (error);

      for (guint i = 0; i < tickets->len; i++)
        {
          const DubanTicket *ticket = g_ptr_array_index (tickets, i);

          if (!duban_figures_span_contains (&span, ticket))
            continue;
          g_assert_cmpuint (j, <, read->len);
          g_assert_cmpstr (((DubanTicket *) g_ptr_array_index (read, j))->id, ==, ticket->id);
          j++;
        }
      g_assert_cmpuint (j, ==, read->len);
      g_test_message ("%s – %s, gap %u: %u of %u read", spans[s][0], spans[s][1],
                      duban_store_scoped_gap, j, tickets->len);
    }
  duban_store_scoped_gap = 64;
}

/* Every term of the query is an index's range: at two million tickets a
 * scan of the table is what this is here to prevent. */
static void
test_query_plan (void)
{
  g_autoptr(DubanStore) store = duban_store_open_existing (store_path, NULL);
  g_autofree char *plan = NULL;

  g_assert_nonnull (store);
  /* the scope's rowids, from the indexes; no set of them built in SQL */
  plan = duban_store_explain (store, duban_store_scoped_rowids_sql);
  g_test_message ("%s", plan);
  g_assert_nonnull (strstr (plan, "tickets_by_open_until"));
  g_assert_nonnull (strstr (plan, "tickets_by_received"));
  g_assert_nonnull (strstr (plan, "tickets_by_resolved"));
  g_assert_nonnull (strstr (plan, "tickets_by_visited"));
  g_assert_nonnull (strstr (plan, "tickets_by_promised"));
  g_assert_nonnull (strstr (plan, "tickets_by_clock_start"));
  g_assert_null (strstr (plan, "SCAN tickets"));
  g_assert_true (g_str_has_prefix (plan, "COMPOUND QUERY\n"));
  g_clear_pointer (&plan, g_free);

  /* then the rows, a range of rowids at a time */
  for (guint lean = 0; lean < 2; lean++)
    {
      plan = duban_store_explain (store, lean ? duban_store_scoped_lean_sql : duban_store_scoped_sql);
      g_test_message ("%s", plan);
      g_assert_nonnull (strstr (plan, "SEARCH tickets USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)"));
      g_clear_pointer (&plan, g_free);
    }

  /* the repeat links from the partial index alone, the tickets they
   * reach by their key */
  plan = duban_store_explain (store, duban_store_links_sql);
  g_test_message ("%s", plan);
  g_assert_nonnull (strstr (plan, "COVERING INDEX tickets_by_repeat_of"));
  g_clear_pointer (&plan, g_free);
  plan = duban_store_explain (store, duban_store_by_ids_sql);
  g_test_message ("%s", plan);
  g_assert_null (strstr (plan, "SCAN tickets"));
  g_clear_pointer (&plan, g_free);

  /* a short history by two index ranges, a long one by one scan */
  plan = duban_store_explain (store, duban_store_history_indexed_sql);
  g_test_message ("%s", plan);
  g_assert_nonnull (strstr (plan, "tickets_by_received"));
  g_assert_nonnull (strstr (plan, "tickets_by_open_until"));
  g_assert_null (strstr (plan, "SCAN tickets"));
  g_clear_pointer (&plan, g_free);
  plan = duban_store_explain (store, duban_store_history_scanned_sql);
  g_test_message ("%s", plan);
  g_assert_nonnull (strstr (plan, "SCAN tickets"));
  g_clear_pointer (&plan, g_free);

  /* a 研判 reads every ticket once, a range of the table's rows in their
   * order: no index walked and no sort (by id, it would walk the id index
   * and seek each row) */
  plan = duban_store_explain (store, duban_store_judgement_sql);
  g_test_message ("%s", plan);
  g_assert_nonnull (strstr (plan, "USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)"));
  g_assert_null (strstr (plan, "INDEX"));
  g_assert_null (strstr (plan, "TEMP B-TREE"));
  g_clear_pointer (&plan, g_free);
}

/* ---- the figures --------------------------------------------------------- */

static char *
figures_text (DubanDesk   *desk,
              DubanDay     first,
              DubanDay     last,
              DubanTime    at,
              DubanGrouping grouping)
{
  g_autoptr(GPtrArray) groups = NULL;
  GString *text = g_string_new (NULL);
  DubanPeriod period;

  duban_period_init (&period, first, last, at);
  groups = duban_figures_compute_evaluated (duban_desk_get_tickets (desk),
                                            (DubanSlaStatus *) duban_desk_get_statuses (desk)->data,
                                            duban_desk_get_policy (desk), duban_desk_get_calendar (desk),
                                            &period, grouping, duban_desk_dup_name_cb, desk);
  for (guint i = 0; i < groups->len; i++)
    {
      g_autoptr(JsonNode) node = duban_figures_to_json (g_ptr_array_index (groups, i));
      g_autofree char *json = json_to_string (node, FALSE);

      g_string_append_printf (text, "%s\n", json);
    }

  return g_string_free (text, FALSE);
}


/* duban_store_foreach_ticket_of_history(): each ticket once, and it is ours */
static void
collect_id_cb (DubanTicket *ticket,
               gpointer     user_data)
{
  GHashTable *seen = user_data;

  g_assert_false (g_hash_table_contains (seen, ticket->id));
  g_hash_table_add (seen, g_strdup (ticket->id));
  duban_ticket_free (ticket);
}

static void
assert_same_figures (const char *what)
{
  const char *periods[][2] = {
    { "2025-11-01", "2025-11-30" }, { "2025-12-01", "2025-12-31" }, { "2026-01-01", "2026-01-31" },
    { "2026-02-01", "2026-02-28" }, { "2026-02-14", "2026-02-24" }, { "2026-04-01", "2026-04-30" },
    { "2026-06-15", "2026-06-21" }, { "2026-09-01", "2026-09-30" }, { "2026-09-28", "2026-10-09" },
    { "2026-10-10", "2026-10-10" }, { "2026-10-01", "2026-10-31" }, { "2025-10-15", "2026-10-15" },
  };
  const DubanGrouping groupings[] = { DUBAN_GROUP_COUNTY, DUBAN_GROUP_TOWN, DUBAN_GROUP_UNIT };
  const DubanTime at = t (AT);
  g_autoptr(DubanDesk) all = load_all (DUBAN_DESK_TICKETS, at);

  for (guint p = 0; p < G_N_ELEMENTS (periods); p++)
    {
      DubanDay first = d (periods[p][0]), last = d (periods[p][1]);
      const DubanDeskScope scope = { FALSE, duban_day_start (first), duban_day_start (last + 1), FALSE, FALSE };
      const DubanDeskScope lean_scope = { FALSE, duban_day_start (first), duban_day_start (last + 1), FALSE, TRUE };
      g_autoptr(DubanDesk) scoped = load_scoped (DUBAN_DESK_TICKETS, &scope, at);
      g_autoptr(DubanDesk) lean = load_scoped (DUBAN_DESK_TICKETS, &lean_scope, at);
      GPtrArray *lean_tickets = duban_desk_get_tickets (lean);

      for (guint g = 0; g < G_N_ELEMENTS (groupings); g++)
        {
          g_autofree char *expected = figures_text (all, first, last, at, groupings[g]);
          g_autofree char *got = figures_text (scoped, first, last, at, groupings[g]);
          g_autofree char *got_lean = figures_text (lean, first, last, at, groupings[g]);

          g_assert_cmpstr (got, ==, expected);
          g_assert_cmpstr (got_lean, ==, expected);
        }

      /* the lean read: the same tickets in the same states, without
       * their text */
      g_assert_cmpuint (lean_tickets->len, ==, duban_desk_get_tickets (scoped)->len);
      for (guint i = 0; i < lean_tickets->len; i++)
        {
          const DubanTicket *full = g_ptr_array_index (duban_desk_get_tickets (scoped), i);
          const DubanTicket *thin = g_ptr_array_index (lean_tickets, i);
          const DubanSlaStatus *a = &g_array_index (duban_desk_get_statuses (scoped), DubanSlaStatus, i);
          const DubanSlaStatus *b = &g_array_index (duban_desk_get_statuses (lean), DubanSlaStatus, i);

          g_assert_cmpstr (thin->id, ==, full->id);
          g_assert_cmpint (b->state, ==, a->state);
          g_assert_cmpint (b->deadline, ==, a->deadline);
          g_assert_cmpint (b->contact_deadline, ==, a->contact_deadline);
          g_assert_cmpint (b->extension, ==, a->extension);
          g_assert_cmpstr (thin->unit_name, ==, full->unit_name);
          g_assert_cmpstr (thin->category, ==, full->category);
          g_assert_null (thin->title);
          g_assert_null (thin->description);
          g_assert_null (thin->petitioner_name);
          g_assert_null (thin->petitioner_phone);
          g_assert_null (thin->address);
          g_assert_null (thin->supervisions);
        }

      /* a history: received in it, or before it and open at its end,
       * whichever of its two plans the store takes */
      {
        g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
        g_autoptr(GError) error = NULL;
        GPtrArray *all_tickets = duban_desk_get_tickets (all);
        DubanTime from = lean_scope.from, until = lean_scope.to;
        guint expected = 0;

        g_assert_true (duban_store_foreach_ticket_of_history (duban_desk_get_store (lean), from, until,
                                                              collect_id_cb, seen, &error));
        g_assert_no_error (error);
        for (guint i = 0; i < all_tickets->len; i++)
          {
            const DubanTicket *ticket = g_ptr_array_index (all_tickets, i);
            gboolean open = ticket->status != DUBAN_STATUS_CANCELLED &&
                            !((ticket->status == DUBAN_STATUS_RESOLVED || ticket->status == DUBAN_STATUS_CLOSED) &&
                              ticket->resolved_at != DUBAN_TIME_NONE && ticket->resolved_at <= until);
            gboolean in = (ticket->received_at >= from && ticket->received_at <= until) ||
                          (ticket->received_at < from && open);

            expected += in;
            g_assert_true (in == g_hash_table_contains (seen, ticket->id));
          }
        g_assert_cmpuint (g_hash_table_size (seen), ==, expected);
      }

      /* and a month reads a small part of a year of tickets */
      if (last - first < 31)
        g_assert_cmpuint (duban_desk_get_tickets (scoped)->len, <, n_stored / 4);
      g_test_message ("%s, %s – %s: %u of %u tickets read", what, periods[p][0], periods[p][1],
                      duban_desk_get_tickets (scoped)->len, n_stored);
    }
}

static void
test_figures (void)
{
  DubanSlaPolicy policy;

  duban_sla_policy_init_defaults (&policy);
  save_policy (&policy);
  assert_same_figures ("county's policy");

  /* other time limits: the span follows the policy of the moment, so a
   * changed policy leaves nothing stale */
  policy.normal_completion_usec = 5 * 24 * DUBAN_USEC_PER_HOUR;   /* 5 working days */
  policy.urgent_completion_usec = 48 * DUBAN_USEC_PER_HOUR;
  policy.urgent_contact_usec = 2 * DUBAN_USEC_PER_HOUR;
  save_policy (&policy);
  assert_same_figures ("longer limits");

  policy.normal_completion_usec = 12 * DUBAN_USEC_PER_HOUR;      /* half a working day */
  policy.urgent_completion_usec = 6 * DUBAN_USEC_PER_HOUR;
  policy.urgent_contact_usec = (gint64) 30 * 60 * G_USEC_PER_SEC;
  save_policy (&policy);
  assert_same_figures ("shorter limits");

  /* and a platform calendar with a week off in September */
  duban_sla_policy_init_defaults (&policy);
  save_policy (&policy);
  save_calendar_2026 ("{\"year\": 2026, \"holidays\": [\"2026-01-01\", \"2026-09-07\", \"2026-09-08\","
                      " \"2026-09-09\", \"2026-09-10\", \"2026-09-11\", \"2026-10-01\", \"2026-10-02\","
                      " \"2026-10-05\", \"2026-10-06\", \"2026-10-07\"], \"workdays\": [\"2026-09-13\"]}");
  assert_same_figures ("a week off in September");
}

/* ---- the documents ------------------------------------------------------- */

static char *
report_csv (DubanDesk       *desk,
            DubanReportKind  kind,
            DubanScopeKind   scope,
            const char      *code,
            DubanDay         first,
            DubanDay         last,
            DubanTime        at,
            DubanStore      *store)
{
  DubanReportSources sources = { 0 };
  g_autoptr(DubanReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const DubanJudgement *j;
  GString *text;
  char *csv;

  sources.tickets = duban_desk_get_tickets (desk);
  sources.policy = duban_desk_get_policy (desk);
  sources.calendar = duban_desk_get_calendar (desk);
  sources.name_lookup = duban_desk_dup_name_cb;
  sources.name_data = desk;
  sources.orders = duban_desk_get_orders (desk);
  sources.regions = duban_desk_get_regions (desk);
  sources.store = store;
  report = duban_report_build (&sources, kind, scope, code, first, last, at, &error);
  g_assert_no_error (error);
  text = g_string_new (NULL);
  g_string_append (text, csv = duban_report_to_csv (report, DUBAN_REPORT_CSV_KEYS));
  g_free (csv);

  /* the 研判 section, finding by finding, and what it prints */
  if ((j = report->judgement) != NULL)
    {
      g_autoptr(GPtrArray) paragraphs = duban_report_judgement_paragraphs (report);

      for (guint i = 0; i < j->hotspots->len; i++)
        {
          const DubanJudgementHotspot *h = g_ptr_array_index (j->hotspots, i);

          g_string_append_printf (text, "hotspot %s %s %u %.12g %u\n", h->hotspot->area, h->hotspot->category,
                                  h->hotspot->count, h->hotspot->p_value, h->ticket_ids->len);
        }
      for (guint i = 0; i < j->groups->len; i++)
        g_string_append_printf (text, "group %s\n", ((const DubanJudgementGroup *) g_ptr_array_index (j->groups, i))->key);
      for (guint i = 0; i < j->late->len; i++)
        {
          const DubanLateRisk *risk = g_ptr_array_index (j->late, i);

          g_string_append_printf (text, "late %s %s %.12g %s\n", risk->ticket->id, risk->ticket->title,
                                  risk->p_late, risk->basis);
        }
      for (guint i = 0; i < j->themes->len; i++)
        g_string_append_printf (text, "theme %u\n",
                                ((const DubanJudgementTheme *) g_ptr_array_index (j->themes, i))->ticket_ids->len);
      for (guint i = 0; i < paragraphs->len; i++)
        g_string_append_printf (text, "%s\n", (char *) g_ptr_array_index (paragraphs, i));
      g_string_append_printf (text, "open %u merged %u rejected %u\n", j->n_open, j->n_merged, j->n_rejected);
    }
  return g_string_free (text, FALSE);
}

static void
test_reports (void)
{
  const DubanDeskContents contents = DUBAN_DESK_TICKETS | DUBAN_DESK_ORDERS | DUBAN_DESK_REGIONS;
  const struct {
    DubanReportKind kind;
    DubanScopeKind scope;
    const char *code;
    const char *first, *last;
    gboolean now;
  } cases[] = {
    /* the county's bulletin weighs its 研判 against the whole history,
     * read lean but for the period's and the open tickets */
    { DUBAN_REPORT_BULLETIN, DUBAN_SCOPE_COUNTY, NULL, "2026-09-01", "2026-09-30", FALSE },
    { DUBAN_REPORT_BULLETIN, DUBAN_SCOPE_COUNTY, NULL, "2026-10-05", "2026-10-11", FALSE },
    { DUBAN_REPORT_BULLETIN, DUBAN_SCOPE_TOWN, "370828002", "2026-09-01", "2026-09-30", FALSE },
    { DUBAN_REPORT_BULLETIN, DUBAN_SCOPE_TOWN, "370828004", "2026-10-05", "2026-10-11", FALSE },
    { DUBAN_REPORT_SUPERVISION, DUBAN_SCOPE_COUNTY, NULL, "2026-09-01", "2026-10-15", FALSE },
    /* the orders were issued now, on tickets a year old */
    { DUBAN_REPORT_SUPERVISION, DUBAN_SCOPE_COUNTY, NULL, NULL, NULL, TRUE },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      DubanTime at = cases[c].now ? duban_time_now () : t (AT);
      DubanDay first = cases[c].now ? duban_day_of_time (at) - 2 : d (cases[c].first);
      DubanDay last = cases[c].now ? duban_day_of_time (at) : d (cases[c].last);
      DubanDeskScope scope;
      g_autoptr(DubanDesk) all = load_all (contents, at);
      g_autoptr(DubanDesk) scoped = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *got = NULL;

      gboolean judged = duban_report_has_judgement (cases[c].kind, cases[c].scope);

      g_assert_true (duban_report_desk_scope (cases[c].kind, cases[c].scope, first, last, &scope));
      scoped = load_scoped (contents, &scope, at);
      if (judged)
        g_assert_cmpuint (duban_desk_get_tickets (scoped)->len, <, n_stored / 2);
      /* every ticket whole in memory, against the scoped desk with the
       * 研判 read from the store one ticket at a time */
      expected = report_csv (all, cases[c].kind, cases[c].scope, cases[c].code, first, last, at, NULL);
      got = report_csv (scoped, cases[c].kind, cases[c].scope, cases[c].code, first, last, at,
                        judged ? duban_desk_get_store (scoped) : NULL);
      g_assert_cmpstr (got, ==, expected);
      if (judged)
        g_assert_nonnull (strstr (got, "\nopen "));
      /* not a comparison of two empty documents (the orders were issued
       * after the moment of the third case: it has none) */
      if (cases[c].kind == DUBAN_REPORT_BULLETIN || cases[c].now)
        g_assert_cmpuint (strlen (got), >, 1000);
      if (cases[c].now)
        g_assert_nonnull (strstr (got, ((DubanOrder *) g_ptr_array_index (duban_desk_get_orders (all), 0))->ticket_id));
    }
}

/* ---- the 研判 read one ticket at a time ----------------------------------- */

static void
append_ids (GString   *text,
            GPtrArray *ids)
{
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (text, " %s", (char *) g_ptr_array_index (ids, i));
  g_string_append_c (text, '\n');
}

/* Every finding, with its tickets and numbers to the last digit. */
static char *
judgement_text (const DubanJudgement *j)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < j->hotspots->len; i++)
    {
      const DubanJudgementHotspot *h = g_ptr_array_index (j->hotspots, i);

      g_string_append_printf (text, "hotspot %s %s %s %u %.17g %.17g %.17g:", h->hotspot->area, h->hotspot->name,
                              h->hotspot->category, h->hotspot->count, h->hotspot->expected,
                              h->hotspot->p_value, h->hotspot->q_value);
      append_ids (text, h->ticket_ids);
    }
  for (guint i = 0; i < j->groups->len; i++)
    {
      const DubanJudgementGroup *g = g_ptr_array_index (j->groups, i);

      g_string_append_printf (text, "group %s %d %s %s\n", g->key, g->decision,
                              g->resurgent != NULL ? g->resurgent->id : "-", g->group->reason);
    }
  for (guint i = 0; i < j->late->len; i++)
    {
      const DubanLateRisk *risk = g_ptr_array_index (j->late, i);

      g_string_append_printf (text, "late %s %s %.17g %d %s\n", risk->ticket->id, risk->ticket->title,
                              risk->p_late, risk->status.state, risk->basis);
    }
  for (guint i = 0; i < j->themes->len; i++)
    {
      const DubanJudgementTheme *t = g_ptr_array_index (j->themes, i);

      g_string_append_printf (text, "theme %s %s %u %u %.17g %.17g:", t->theme->area, t->theme->category,
                              t->theme->count, t->theme->months, t->theme->expected, t->theme->p_value);
      append_ids (text, t->ticket_ids);
    }
  g_string_append_printf (text, "open %u merged %u rejected %u\n", j->n_open, j->n_merged, j->n_rejected);
  return g_string_free (text, FALSE);
}

/* duban_judgement_read(), which keeps only what the findings name, equals
 * duban_judgement_build() over every ticket whole in memory: at each
 * level, over periods of a week and a month, with repeat groups confirmed
 * (their tickets count as one matter) and rejected. */
static void
test_judgement_read (void)
{
  g_autofree char *copy = g_build_filename (tmpdir, "judgement.db", NULL);
  /* a county with its plants: bursts, themes and repeat complaints */
  DubanCountyParams params = { .seed = 5, .n_tickets = 4000, .now = t (AT), .plant = TRUE };
  g_autoptr(DubanCounty) county = duban_county_generate (&params);
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanDesk) all = NULL;
  g_autoptr(GPtrArray) decisions = NULL;
  DubanTime at = t (AT);
  const DubanAreaLevel levels[] = { DUBAN_AREA_VILLAGE, DUBAN_AREA_GRID, DUBAN_AREA_TOWN };
  const char *periods[][2] = { { "2026-04-01", "2026-09-30" }, { "2026-10-05", "2026-10-11" } };
  guint merged = 0, hotspots = 0, groups = 0;

  {
    g_autoptr(DubanStore) store = duban_store_open (copy, &error);
    GPtrArray *tickets = duban_county_get_tickets (county);

    g_assert_no_error (error);
    g_assert_true (duban_store_begin (store, &error));
    g_assert_true (duban_store_replace_regions (store, duban_county_get_regions_json (county), &error));
    g_assert_true (duban_store_replace_units (store, duban_county_get_units_json (county), &error));
    for (guint i = 0; i < tickets->len; i++)
      g_assert_true (duban_store_upsert_ticket (store, g_ptr_array_index (tickets, i), NULL, &error));
    g_assert_true (duban_store_commit (store, &error));
  }
  all = duban_desk_load (copy, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_TICKETS | DUBAN_DESK_REGIONS, at, NULL, &error);
  g_assert_no_error (error);

  /* a supervisor's word on the half year's first proposals: two confirmed,
   * one rejected */
  {
    g_autoptr(DubanJudgement) proposed = duban_judgement_build (duban_desk_get_tickets (all), NULL,
                                                                duban_desk_get_regions (all), NULL,
                                                                duban_desk_get_policy (all),
                                                                duban_desk_get_calendar (all), DUBAN_AREA_VILLAGE,
                                                                d (periods[0][0]), d (periods[0][1]), at,
                                                                duban_desk_dup_name_cb, all);

    g_assert_cmpuint (proposed->groups->len, >=, 3);
    for (guint i = 0; i < 3; i++)
      {
        const DubanRepeatGroup *group = ((DubanJudgementGroup *) g_ptr_array_index (proposed->groups, i))->group;
        g_autoptr(GPtrArray) ids = g_ptr_array_new ();

        for (guint k = 0; k < group->tickets->len; k++)
          g_ptr_array_add (ids, ((DubanTicket *) g_ptr_array_index (group->tickets, k))->id);
        g_assert_true (duban_repeat_decision_set (duban_desk_get_store (all), (const char * const *) ids->pdata,
                                                  ids->len, i < 2 ? DUBAN_REPEAT_CONFIRMED : DUBAN_REPEAT_REJECTED,
                                                  &error));
        g_assert_no_error (error);
      }
  }
  decisions = duban_repeat_decisions_list (duban_desk_get_store (all), &error);
  g_assert_no_error (error);

  for (guint l = 0; l < G_N_ELEMENTS (levels); l++)
    for (guint p = 0; p < G_N_ELEMENTS (periods); p++)
      {
        g_autoptr(DubanJudgement) built = NULL;
        g_autoptr(DubanJudgement) read = NULL;
        g_autofree char *expected = NULL;
        g_autofree char *got = NULL;

        built = duban_judgement_build (duban_desk_get_tickets (all), NULL, duban_desk_get_regions (all), decisions,
                                       duban_desk_get_policy (all), duban_desk_get_calendar (all), levels[l],
                                       d (periods[p][0]), d (periods[p][1]), at, duban_desk_dup_name_cb, all);
        /* every ticket judged, in one part, then in two halves on two
         * connections merged; then from the kept history (worked out on
         * the first read), on one connection and on two */
        for (guint way = 0; way < 4; way++)
          {
            g_clear_pointer (&read, duban_judgement_free);
            g_clear_pointer (&got, g_free);
            g_setenv ("DUBAN_JUDGEMENT_SPLIT_ROWS", way % 2 == 1 ? "2" : "1000000000", TRUE);
            g_setenv ("DUBAN_JUDGEMENT_HISTORY", way < 2 ? "0" : "1", TRUE);
            read = duban_judgement_read (duban_desk_get_store (all), duban_desk_get_regions (all), decisions,
                                         duban_desk_get_policy (all), duban_desk_get_calendar (all), levels[l],
                                         d (periods[p][0]), d (periods[p][1]), at, duban_desk_dup_name_cb, all,
                                         &error);
            g_unsetenv ("DUBAN_JUDGEMENT_SPLIT_ROWS");
            g_unsetenv ("DUBAN_JUDGEMENT_HISTORY");
            g_assert_no_error (error);
            expected = expected != NULL ? expected : judgement_text (built);
            got = judgement_text (read);
            g_assert_cmpstr (got, ==, expected);
          }
        g_test_message ("level %u, %s..%s: %u hotspots, %u groups, %u themes, %u merged; kept %u of %u tickets",
                        l, periods[p][0], periods[p][1], read->hotspots->len, read->groups->len,
                        read->themes->len, read->n_merged, read->tickets->len,
                        duban_desk_get_tickets (all)->len);
        g_assert_cmpstr (got, ==, expected);
        /* only what the findings name or compare: the period's tickets,
         * the open ones and those of confirmed groups */
        {
          GPtrArray *tickets = duban_desk_get_tickets (all);
          GArray *statuses = duban_desk_get_statuses (all);
          DubanTime start = duban_day_start (d (periods[p][0])), end = duban_day_start (d (periods[p][1]) + 1);
          guint needed = 0;

          for (guint i = 0; i < tickets->len; i++)
            {
              const DubanTicket *ticket = g_ptr_array_index (tickets, i);
              gboolean grouped = FALSE;

              for (guint k = 0; k < decisions->len && !grouped; k++)
                {
                  const DubanRepeatDecision *decision = g_ptr_array_index (decisions, k);

                  grouped = decision->kind == DUBAN_REPEAT_CONFIRMED &&
                            g_strv_contains ((const char * const *) decision->ticket_ids, ticket->id);
                }
              needed += (ticket->received_at >= start && ticket->received_at < end && ticket->received_at <= at) ||
                        duban_state_is_open (g_array_index (statuses, DubanSlaStatus, i).state) || grouped;
            }
          g_assert_cmpuint (read->tickets->len, ==, needed);
          g_assert_cmpuint (needed, <, tickets->len);
        }
        merged += read->n_merged;
        hotspots += read->hotspots->len;
        groups += read->groups->len;
      }
  /* not a comparison of empty judgements */
  g_assert_cmpuint (merged, >, 0);
  g_assert_cmpuint (hotspots, >, 0);
  g_assert_cmpuint (groups, >, 0);
}

/* ---- the 研判's kept history ------------------------------------------------ */

static guint
count_rows (DubanStore *store,
            const char *sql)
{
  sqlite3_stmt *stmt = duban_store_prepare (store, sql, NULL);
  guint n;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* The findings from the kept history against duban_judgement_build() over
 * a desk loaded now (every ticket whole, as stored now), with @policy and
 * @calendar; and the calendar years noted without a table, alike. */
static void
assert_history_reads_as_built (const char           *path,
                               GPtrArray            *decisions,
                               const DubanSlaPolicy *policy,
                               DubanCalendar *(*make_calendar) (void),
                               DubanDay              first,
                               DubanDay              last)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanDesk) desk = duban_desk_load (path, DUBAN_DESK_OPEN_EXISTING,
                                               DUBAN_DESK_TICKETS | DUBAN_DESK_REGIONS, t (AT), NULL, &error);
  g_autoptr(DubanCalendar) built_calendar = make_calendar ();
  g_autoptr(DubanCalendar) read_calendar = make_calendar ();
  g_autoptr(DubanJudgement) built = NULL;
  g_autoptr(DubanJudgement) read = NULL;
  g_autoptr(GArray) built_years = NULL;
  g_autoptr(GArray) read_years = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;

  g_assert_no_error (error);
  built = duban_judgement_build (duban_desk_get_tickets (desk), NULL, duban_desk_get_regions (desk), decisions,
                                 policy, built_calendar, DUBAN_AREA_VILLAGE, first, last, t (AT),
                                 duban_desk_dup_name_cb, desk);
  read = duban_judgement_read (duban_desk_get_store (desk), duban_desk_get_regions (desk), decisions, policy,
                               read_calendar, DUBAN_AREA_VILLAGE, first, last, t (AT), duban_desk_dup_name_cb, desk,
                               &error);
  g_assert_no_error (error);
  expected = judgement_text (built);
  got = judgement_text (read);
  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpuint (strlen (got), >, 200);

  built_years = duban_calendar_get_fallback_years (built_calendar);
  read_years = duban_calendar_get_fallback_years (read_calendar);
  g_assert_cmpuint (read_years->len, ==, built_years->len);
  for (guint i = 0; i < built_years->len; i++)
    g_assert_cmpint (g_array_index (read_years, int, i), ==, g_array_index (built_years, int, i));
}

static DubanCalendar *
bundled_calendar (void)
{
  return duban_calendar_new ();
}

/* every year Monday–Friday: the years asked about are noted */
static DubanCalendar *
tableless_calendar (void)
{
  return duban_calendar_new_empty ();
}

/* A ticket settled is judged the same at every later moment, and the
 * history is the tickets: kept up to date as they are written, replaced
 * and deleted, and worked out again whole when the policy or the
 * calendar changes — each time the findings are those of every ticket
 * judged. */
static void
test_judgement_history (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "history.db", NULL);
  DubanCountyParams params = { .seed = 11, .n_tickets = 3000, .now = t (AT), .plant = TRUE };
  g_autoptr(DubanCounty) county = duban_county_generate (&params);
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(GPtrArray) decisions = g_ptr_array_new ();
  GPtrArray *tickets = duban_county_get_tickets (county);
  DubanSlaPolicy policy;
  DubanDay first = d ("2026-09-01"), last = d ("2026-09-30");
  guint settled = 0;
  gboolean deleted = FALSE;

  duban_sla_policy_init_defaults (&policy);

  /* settled: every later moment judges it alike */
  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      DubanSlaStatus at_settled, later;
      DubanTime when = duban_judgement_settled_at (ticket, &policy, calendar, &at_settled);

      if (when == DUBAN_JUDGEMENT_NEVER_SETTLED)
        continue;
      settled++;
      g_assert_false (duban_state_is_open (at_settled.state));
      for (guint k = 0; k < 3; k++)
        {
          DubanTime moment = when + (k == 0 ? 0 : k == 1 ? 1 : 400 * DUBAN_USEC_PER_DAY);

          duban_sla_evaluate (&policy, calendar, ticket, moment, &later);
          g_assert_cmpmem (&later, sizeof later, &at_settled, sizeof at_settled);
        }
    }
  g_assert_cmpuint (settled, >, tickets->len / 2);
  g_assert_cmpuint (settled, <, tickets->len);

  store = duban_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (duban_store_begin (store, &error));
  g_assert_true (duban_store_replace_regions (store, duban_county_get_regions_json (county), &error));
  g_assert_true (duban_store_replace_units (store, duban_county_get_units_json (county), &error));
  for (guint i = 0; i < tickets->len; i++)
    g_assert_true (duban_store_upsert_ticket (store, g_ptr_array_index (tickets, i), NULL, &error));
  g_assert_true (duban_store_commit (store, &error));
  g_assert_cmpuint (count_rows (store, "SELECT count(*) FROM judgement_dirty"), ==, tickets->len);

  /* the first read works every row out */
  assert_history_reads_as_built (path, decisions, &policy, bundled_calendar, first, last);
  g_assert_cmpuint (count_rows (store, "SELECT count(*) FROM judgement_dirty"), ==, 0);
  g_assert_cmpuint (count_rows (store, "SELECT count(*) FROM judgement_history"), ==, tickets->len);

  /* written again: a settled ticket of a month before the period
   * reopened, one newer copy replacing another; only they are marked */
  {
    g_autoptr(DubanTicket) reopened = NULL;
    g_autoptr(DubanTicket) moved = NULL;

    for (guint i = 0; i < tickets->len && (reopened == NULL || moved == NULL); i++)
      {
        const DubanTicket *ticket = g_ptr_array_index (tickets, i);

        if (duban_judgement_settled_at (ticket, &policy, calendar, NULL) == DUBAN_JUDGEMENT_NEVER_SETTLED ||
            ticket->received_at >= duban_day_start (first) || ticket->category == NULL)
          continue;
        if (reopened == NULL)
          {
            reopened = duban_ticket_copy (ticket);
            reopened->status = DUBAN_STATUS_IN_PROGRESS;
            reopened->resolved_at = DUBAN_TIME_NONE;
            reopened->closed_at = DUBAN_TIME_NONE;
            reopened->updated_at = t (AT) - DUBAN_USEC_PER_DAY;
          }
        else
          {
            moved = duban_ticket_copy (ticket);
            g_free (moved->category);
            moved->category = g_strdup ("其他");
            moved->updated_at = t (AT) - DUBAN_USEC_PER_DAY;
          }
      }
    g_assert_nonnull (reopened);
    g_assert_nonnull (moved);
    g_assert_true (duban_store_upsert_ticket (store, reopened, NULL, &error));
    g_assert_true (duban_store_upsert_ticket (store, moved, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (count_rows (store, "SELECT count(*) FROM judgement_dirty"), ==, 2);
  g_assert_cmpuint (count_rows (store, "SELECT count(*) FROM judgement_history"), ==, tickets->len - 2);
  assert_history_reads_as_built (path, decisions, &policy, bundled_calendar, first, last);
  g_assert_cmpuint (count_rows (store, "SELECT count(*) FROM judgement_history"), ==, tickets->len);

  /* deleted (a full sync's sweep): its row goes with it */
  g_assert_true (duban_store_delete_ticket (store, ((DubanTicket *) g_ptr_array_index (tickets, 7))->id, &deleted,
                                            &error));
  g_assert_true (deleted);
  /* a mark of a row no longer there: the next read sees a write */
  g_assert_cmpuint (count_rows (store, "SELECT count(*) FROM judgement_dirty"), ==, 1);
  assert_history_reads_as_built (path, decisions, &policy, bundled_calendar, first, last);

  /* another policy, another calendar: worked out again whole */
  policy.normal_completion_usec = 3 * DUBAN_USEC_PER_DAY;
  policy.warning_fraction = 0.4;
  assert_history_reads_as_built (path, decisions, &policy, bundled_calendar, first, last);
  assert_history_reads_as_built (path, decisions, &policy, tableless_calendar, first, last);
  /* and back: the years without a table are not the bundled calendar's */
  duban_sla_policy_init_defaults (&policy);
  assert_history_reads_as_built (path, decisions, &policy, bundled_calendar, first, last);

  /* a row lost past the triggers (a tool writing the file): the counts
   * do not add up, and the rows are worked out again whole */
  g_assert_true (duban_store_exec (store, "DELETE FROM judgement_history WHERE row IN"
                                          " (SELECT row FROM judgement_history LIMIT 3);"
                                          " INSERT INTO judgement_dirty (row) SELECT min(rowid) FROM tickets", &error));
  assert_history_reads_as_built (path, decisions, &policy, bundled_calendar, first, last);
  g_assert_cmpuint (count_rows (store, "SELECT count(*) FROM judgement_history"), ==,
                    count_rows (store, "SELECT count(*) FROM tickets"));
}

/* ---- the calendar walked backwards --------------------------------------- */

/* duban_calendar_working_time_before() bounds exactly the starts whose
 * deadline can fall at or after / before a moment: checked against
 * duban_calendar_add_working_time() on many random starts. */
static void
test_working_time_before (void)
{
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  const gint64 spans[] = { 0, DUBAN_USEC_PER_HOUR, 12 * DUBAN_USEC_PER_HOUR, 48 * DUBAN_USEC_PER_HOUR,
                           24 * DUBAN_USEC_PER_HOUR, 120 * DUBAN_USEC_PER_HOUR };
  const char *ends[] = {
    "2026-02-16T00:00:00+08:00", "2026-10-08T00:00:00+08:00", "2026-10-10T09:00:00+08:00",
    "2026-10-12T00:00:00+08:00", "2026-10-03T15:00:00+08:00", "2026-06-01T08:30:00+08:00",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261202);

  for (guint w = 0; w < G_N_ELEMENTS (spans); w++)
    for (guint e = 0; e < G_N_ELEMENTS (ends); e++)
      {
        DubanTime end = t (ends[e]);
        DubanTime latest, earliest;

        duban_calendar_working_time_before (calendar, end, spans[w], &latest, &earliest);
        g_assert_cmpint (earliest, <=, latest);
        g_assert_cmpint (latest, <=, end);

        for (guint i = 0; i < 4000; i++)
          {
            /* starts within three weeks of the end, some exactly on the bounds */
            DubanTime start = end - (gint64) g_rand_int_range (rand, 0, 21 * 24 * 60) * 60 * G_USEC_PER_SEC;
            DubanTime deadline;

            if (i % 50 == 0)
              start = i % 100 == 0 ? latest : earliest;
            deadline = duban_calendar_add_working_time (calendar, start, spans[w]);
            if (deadline >= end)
              g_assert_cmpint (start, >=, earliest);
            if (deadline < end)
              g_assert_cmpint (start, <=, latest);
          }

        /* tight: just inside each bound is reached */
        if (spans[w] > 0)
          {
            g_assert_cmpint (duban_calendar_add_working_time (calendar, latest, spans[w]), <=, end);
            g_assert_cmpint (duban_calendar_add_working_time (calendar, earliest + 1, spans[w]), >=, end);
          }
      }

  /* it answers no figure: no fallback year is noted for the years it
   * walked through */
  duban_calendar_clear_fallback_years (calendar);
  {
    DubanTime latest, earliest;
    g_autoptr(GArray) years = NULL;

    duban_calendar_working_time_before (calendar, t ("2025-01-02T00:00:00+08:00"), 48 * DUBAN_USEC_PER_HOUR,
                                        &latest, &earliest);
    years = duban_calendar_get_fallback_years (calendar);
    g_assert_cmpuint (years->len, ==, 0);
    g_assert_cmpint (earliest, <, t ("2025-01-01T00:00:00+08:00"));
  }
}

/* ---- the ladder's matters ---------------------------------------------- */

/* @template's copy with its own id and times: received @days_ago before
 * @at, resolved a day later (rated 不满意) unless @open, a repeat of
 * @repeat_of (NULL: none). */
static DubanTicket *
linked_ticket (const DubanTicket *template,
               const char        *id,
               DubanTime          at,
               guint              days_ago,
               gboolean           open,
               const char        *repeat_of)
{
  DubanTicket *ticket = duban_ticket_copy (template);

  g_free (ticket->id);
  ticket->id = g_strdup (id);
  g_free (ticket->repeat_of);
  ticket->repeat_of = g_strdup (repeat_of);
  ticket->received_at = at - (gint64) days_ago * DUBAN_USEC_PER_DAY;
  ticket->dispatched_at = ticket->received_at + DUBAN_USEC_PER_HOUR;
  ticket->first_contact_at = ticket->dispatched_at + DUBAN_USEC_PER_HOUR;
  ticket->updated_at = ticket->first_contact_at;
  ticket->resolved_at = ticket->closed_at = ticket->visited_at = DUBAN_TIME_NONE;
  ticket->satisfaction = DUBAN_SATISFACTION_NONE;
  ticket->status = DUBAN_STATUS_IN_PROGRESS;
  if (!open)
    {
      ticket->status = DUBAN_STATUS_CLOSED;
      ticket->resolved_at = ticket->received_at + DUBAN_USEC_PER_DAY;
      ticket->closed_at = ticket->resolved_at;
      ticket->updated_at = ticket->resolved_at;
      ticket->visited_at = ticket->resolved_at + DUBAN_USEC_PER_HOUR;
      ticket->satisfaction = DUBAN_SATISFACTION_UNSATISFIED;
    }
  return ticket;
}

static char *
proposal_text (const DubanLadderProposal *p)
{
  return g_strdup_printf ("proposed %d dismissed %d level %d why %d orders %d highest %d reply %d %s",
                          p->proposed, p->dismissed, p->level, p->why, p->has_orders, p->highest, p->reply,
                          p->reason != NULL ? p->reason : "");
}

/* The ladder's proposals from the tickets a desk of the open ones reads
 * for its matters (the proposal book's scope) equal those from every
 * ticket — also where the platform linked an open ticket to resolved
 * ones received long before the 60 days: repeats of it (JXLINKB, and
 * JXLINKC a repeat of that), the one it
 * repeats (JXLINKE) and another repeat of that (JXLINKF). Without the
 * linked term the old repeats are missed. */
static void
test_ladder_matters (void)
{
  DubanCountyParams params = { .seed = 12, .n_tickets = 3000, .now = t (AT) };
  g_autoptr(DubanCounty) county = duban_county_generate (&params);
  g_autofree char *path = g_build_filename (tmpdir, "linked.db", NULL);
  GPtrArray *generated = duban_county_get_tickets (county);
  const DubanTicket *template = NULL;
  const DubanTicket *other = NULL;   /* another category: D's matter is not A's */
  const DubanTime at = t (AT);
  g_autoptr(GError) error = NULL;
  DubanDeskScope scope = {
    .open = TRUE, .from = at - DUBAN_PROPOSALS_MATTER_WINDOW, .to = at + 1,
    .order_tickets = TRUE, .linked = TRUE,
  };
  g_autoptr(DubanDesk) all = NULL;
  g_autoptr(DubanDesk) scoped = NULL;
  g_autoptr(DubanDesk) unlinked = NULL;
  g_autoptr(GHashTable) want = NULL;
  g_autoptr(GHashTable) got = NULL;
  g_autoptr(GHashTable) missed = NULL;
  guint open = 0;

  for (guint i = 0; i < generated->len && other == NULL; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (generated, i);

      if (ticket->urgency != DUBAN_URGENCY_NORMAL || ticket->extension != NULL ||
          (ticket->supervisions != NULL && ticket->supervisions->len > 0))
        continue;
      if (template == NULL)
        template = ticket;
      else if (g_strcmp0 (ticket->category, template->category) != 0 &&
               g_strcmp0 (ticket->unit_code, template->unit_code) != 0)
        other = ticket;
    }
  g_assert_nonnull (other);

  {
    g_autoptr(DubanStore) store = duban_store_open (path, &error);
    DubanTicket *linked[] = {
      linked_ticket (template, "JXLINKA", at, 2, TRUE, NULL),
      linked_ticket (template, "JXLINKB", at, 200, FALSE, "JXLINKA"),
      linked_ticket (template, "JXLINKC", at, 250, FALSE, "JXLINKB"),
      linked_ticket (other, "JXLINKD", at, 3, TRUE, "JXLINKE"),
      linked_ticket (other, "JXLINKE", at, 400, FALSE, NULL),
      linked_ticket (other, "JXLINKF", at, 350, FALSE, "JXLINKE"),
    };

    g_assert_no_error (error);
    g_assert_true (duban_store_begin (store, &error));
    g_assert_true (duban_store_replace_units (store, duban_county_get_units_json (county), &error));
    for (guint i = 0; i < generated->len; i++)
      g_assert_true (duban_store_upsert_ticket (store, g_ptr_array_index (generated, i), NULL, &error));
    for (guint i = 0; i < G_N_ELEMENTS (linked); i++)
      {
        g_assert_true (duban_store_upsert_ticket (store, linked[i], NULL, &error));
        duban_ticket_free (linked[i]);
      }
    g_assert_true (duban_store_commit (store, &error));
    g_assert_no_error (error);
  }

  all = duban_desk_load (path, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_TICKETS | DUBAN_DESK_ORDERS, at, NULL, &error);
  g_assert_no_error (error);
  scoped = duban_desk_load_scoped (path, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_TICKETS | DUBAN_DESK_ORDERS,
                                   &scope, at, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (duban_desk_get_tickets (scoped)->len, <, duban_desk_get_tickets (all)->len);

  want = duban_proposals_compute (all, NULL, NULL, NULL, NULL, at);
  got = duban_proposals_compute (scoped, NULL, NULL, NULL, NULL, at);
  g_assert_cmpuint (g_hash_table_size (got), ==, g_hash_table_size (want));
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, want);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        const DubanLadderProposal *scoped_one = g_hash_table_lookup (got, key);
        g_autofree char *expected = proposal_text (value);
        g_autofree char *actual = NULL;

        g_assert_nonnull (scoped_one);
        actual = proposal_text (scoped_one);
        g_assert_cmpstr (actual, ==, expected);
        open++;
      }
  }
  g_assert_cmpuint (open, >, 0);

  /* the planted matters: three tickets, two rated 不满意, for A; three,
   * two, for D */
  {
    GPtrArray *tickets = duban_desk_get_tickets (scoped);
    g_autofree guint *matters = duban_proposals_matters (tickets, at, NULL);
    g_autofree DubanMatterCounts *counts = duban_proposals_matter_counts (tickets, matters, at);
    guint seen = 0;

    for (guint i = 0; i < tickets->len; i++)
      {
        const char *id = ((DubanTicket *) g_ptr_array_index (tickets, i))->id;

        if (g_strcmp0 (id, "JXLINKA") == 0 || g_strcmp0 (id, "JXLINKD") == 0)
          {
            g_assert_cmpuint (counts[i].tickets, ==, 3);
            g_assert_cmpuint (counts[i].unsatisfied, ==, 2);
            seen++;
          }
      }
    g_assert_cmpuint (seen, ==, 2);
  }

  /* the same scope without the linked term misses them: A, in time,
   * had no step proposed but for its matter (rated 不满意 twice: 红牌) */
  scope.linked = FALSE;
  unlinked = duban_desk_load_scoped (path, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_TICKETS | DUBAN_DESK_ORDERS,
                                     &scope, at, NULL, &error);
  g_assert_no_error (error);
  missed = duban_proposals_compute (unlinked, NULL, NULL, NULL, NULL, at);
  {
    const DubanLadderProposal *proposal = g_hash_table_lookup (want, "JXLINKA");

    g_assert_nonnull (proposal);
    g_assert_true (proposal->proposed);
    g_assert_cmpint (proposal->level, ==, DUBAN_ORDER_RED);
    g_assert_true (proposal->why & DUBAN_LADDER_WHY_UNSATISFIED);
    if (g_hash_table_lookup (missed, "JXLINKA") != NULL)
      {
        g_autofree char *expected = proposal_text (proposal);
        g_autofree char *actual = proposal_text (g_hash_table_lookup (missed, "JXLINKA"));

        g_test_message ("without the linked term: %s", actual);
        g_assert_cmpstr (actual, !=, expected);
      }
  }

  g_clear_object (&all);
  g_clear_object (&scoped);
  g_clear_object (&unlinked);
  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

        g_unlink (file);
      }
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("duban-desk-scope-XXXXXX", NULL);
  store_path = g_build_filename (tmpdir, "duban.db", NULL);
  make_store ();

  g_test_add_func ("/desk-scope/calendar/working-time-before", test_working_time_before);
  g_test_add_func ("/desk-scope/open", test_open);
  g_test_add_func ("/desk-scope/query-is-the-rule", test_query_is_the_rule);
  g_test_add_func ("/desk-scope/query-plan", test_query_plan);
  g_test_add_func ("/desk-scope/figures", test_figures);
  g_test_add_func ("/desk-scope/reports", test_reports);
  g_test_add_func ("/desk-scope/judgement-read", test_judgement_read);
  g_test_add_func ("/desk-scope/judgement-history", test_judgement_history);
  g_test_add_func ("/desk-scope/ladder-matters", test_ladder_matters);

  status = g_test_run ();

  g_unlink (store_path);
  {
    g_autofree char *wal = g_strconcat (store_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (store_path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (tmpdir);
  return status;
}
