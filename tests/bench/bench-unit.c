/* bench-unit.c — the unit page with the matters counted, on a real store
 *
 * The unit page is built once when it opens, over every ticket the desk
 * holds. Counting its matters (analysis/duban-repeat-matters.c) adds a
 * collapse of the unit's tickets and, when a confirmed group touches the
 * unit, one pass over every ticket for the groups' other tickets. Timed
 * here beside the same page with no decision at all (the floor: the page
 * as it was), for the unit with the most tickets, with 500 confirmed
 * groups of three of its tickets and 500 of other units'. The store is
 * read, never written (a desk opened on an existing store). Run by hand:
 *
 *   _build/tests/bench/bench-unit /var/tmp/duban-scale/duban-200000.db
 *
 * Opening the page's data from a store path, as the page's worker does,
 * at the bench moment: `--open scoped` (duban_unit_report_build_from_store:
 * the unit's tickets by its index, every unit's figures from a lean
 * stream) or `--open whole` (the page as it was: every ticket loaded whole
 * into a desk, then the page built over them), each in a process of its
 * own so that its peak RSS is its own; printed beside the floor, the
 * unit's six months read once with sqlite3 (every column of each row
 * stepped), timed in the same run first:
 *
 *   _build/tests/bench/bench-unit --open scoped STORE [--at RFC3339] [--unit CODE]
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>

#include "duban-desk.h"
#include "duban-store-unit.h"
#include "duban-unit-report.h"

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static DubanRepeatDecision *
confirmed (const DubanTicket *a,
           const DubanTicket *b,
           const DubanTicket *c)
{
  DubanRepeatDecision *d = g_new0 (DubanRepeatDecision, 1);
  const char *ids[] = { a->id, b->id, c->id, NULL };

  d->ticket_ids = g_strdupv ((char **) ids);
  d->key = duban_repeat_decision_key (ids, 3);
  d->kind = DUBAN_REPEAT_CONFIRMED;
  return d;
}

/* One build, its time; the first one says what it found. */
static double
time_build (DubanDesk  *desk,
            GPtrArray  *decisions,
            const char *unit,
            guint      *matters,
            gboolean    say)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanUnitReport) report = NULL;
  gint64 start = g_get_monotonic_time ();
  double seconds;

  report = duban_unit_report_build (duban_desk_get_tickets (desk), duban_desk_get_statuses (desk),
                                    duban_desk_get_policy (desk), duban_desk_get_calendar (desk),
                                    duban_desk_get_orders (desk), decisions, unit,
                                    duban_desk_dup_name_cb, desk, duban_desk_get_moment (desk), &error);
  seconds = seconds_since (start);
  g_assert_no_error (error);
  *matters = report->matters;
  if (say)
    g_print ("  %s: %u tickets in the six months, %u matters, %u groups listed\n",
             decisions != NULL ? "with the decisions" : "no decision (the floor)",
             report->received, report->matters, report->groups->len);
  return seconds;
}

static double
peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

/* The unit with the most tickets, by the unit's index alone. */
static char *
largest_unit (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  char *unit = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT unit_code FROM tickets WHERE unit_code IS NOT NULL"
                                           " GROUP BY unit_code ORDER BY count(*) DESC LIMIT 1", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    unit = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return unit;
}

/* The floor: the unit's six months, every column of every row, once. */
static double
time_floor (sqlite3    *db,
            const char *unit,
            DubanTime   from,
            DubanTime   at,
            guint      *rows)
{
  sqlite3_stmt *stmt = NULL;
  gint64 start = g_get_monotonic_time ();
  gsize bytes = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT * FROM tickets WHERE unit_code = ?1"
                                           " AND received_at >= ?2 AND received_at <= ?3", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, unit, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, at);
  *rows = 0;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        bytes += sqlite3_column_type (stmt, c) == SQLITE_TEXT ? (gsize) sqlite3_column_bytes (stmt, c) : 8;
      (*rows)++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (bytes, >, 0);
  return seconds_since (start);
}

static int
open_page (int   argc,
           char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanUnitReport) report = NULL;
  g_autofree char *unit = NULL;
  const char *mode, *path, *at_text = "2026-10-15T12:00:00+08:00";
  DubanTime at, from;
  sqlite3 *db = NULL;
  double floor_seconds, seconds, floor_rss;
  guint floor_rows;
  gint64 start;

  if (argc < 4 || (!g_str_equal (argv[2], "scoped") && !g_str_equal (argv[2], "whole")))
    {
      g_printerr ("usage: %s --open scoped|whole STORE [--at RFC3339] [--unit CODE]\n", argv[0]);
      return 2;
    }
  mode = argv[2];
  path = argv[3];
  for (int i = 4; i + 1 < argc; i += 2)
    if (g_str_equal (argv[i], "--at"))
      at_text = argv[i + 1];
    else if (g_str_equal (argv[i], "--unit"))
      unit = g_strdup (argv[i + 1]);
  g_assert_true (duban_time_parse_rfc3339 (at_text, &at, NULL));

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (unit == NULL)
    unit = largest_unit (db);
  g_assert_nonnull (unit);
  {
    /* the page's six months: from the first day of the fifth month back */
    g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
    DubanSlaPolicy policy;
    g_autoptr(DubanUnitReportMonths) months = NULL;

    duban_sla_policy_init_defaults (&policy);
    months = duban_unit_report_months_new (&policy, calendar, at);
    from = duban_unit_report_months_start (months);
  }
  floor_seconds = time_floor (db, unit, from, at, &floor_rows);
  sqlite3_close (db);
  floor_rss = peak_rss_mb ();

  start = g_get_monotonic_time ();
  if (g_str_equal (mode, "whole"))
    {
      /* as the page was opened: every ticket whole, then the page */
      g_autoptr(DubanDesk) desk = duban_desk_load (path, DUBAN_DESK_OPEN_EXISTING,
                                                   DUBAN_DESK_TICKETS | DUBAN_DESK_ORDERS |
                                                   DUBAN_DESK_REPEAT_DECISIONS, at, NULL, &error);

      g_assert_no_error (error);
      report = duban_unit_report_build (duban_desk_get_tickets (desk), duban_desk_get_statuses (desk),
                                        duban_desk_get_policy (desk), duban_desk_get_calendar (desk),
                                        duban_desk_get_orders (desk), duban_desk_get_repeat_decisions (desk),
                                        unit, duban_desk_dup_name_cb, desk, at, &error);
    }
  else
    {
      /* as the page's worker opens it now */
      g_autoptr(DubanDesk) desk = duban_desk_load (path, DUBAN_DESK_OPEN_EXISTING,
                                                   DUBAN_DESK_ORDERS | DUBAN_DESK_REPEAT_DECISIONS,
                                                   at, NULL, &error);

      g_assert_no_error (error);
      report = duban_unit_report_build_from_store (duban_desk_get_store (desk), duban_desk_get_policy (desk),
                                                   duban_desk_get_calendar (desk), duban_desk_get_orders (desk),
                                                   duban_desk_get_repeat_decisions (desk), unit,
                                                   duban_desk_dup_name_cb, desk, at, NULL, &error);
    }
  seconds = seconds_since (start);
  g_assert_no_error (error);
  g_assert_nonnull (report);

  g_print ("unit %s at %s: %u in its six months, %u open, %u orders, %u repeats\n", unit, at_text,
           report->received, report->open->len, report->orders->len, report->repeats->len);
  g_print ("floor (its six months read once, sqlite3): %.3f s, %u rows, peak RSS %.0f MB\n",
           floor_seconds, floor_rows, floor_rss);
  g_print ("page data (%s): %.3f s (%.2fx the floor), peak RSS %.0f MB\n",
           mode, seconds, seconds / floor_seconds, peak_rss_mb ());
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DubanDesk) desk = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_repeat_decision_free);
  g_autoptr(GPtrArray) own = g_ptr_array_new ();
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  GPtrArray *tickets;
  const char *unit = NULL;
  guint most = 0, plain_matters = 0, with_matters = 0;
  DubanTime start_of_span;
  double plain, with;
  GHashTableIter iter;
  gpointer key, value;

  if (argc > 1 && g_str_equal (argv[1], "--open"))
    return open_page (argc, argv);
  if (argc < 2)
    {
      g_printerr ("usage: %s STORE | --open scoped|whole STORE [--at RFC3339] [--unit CODE]\n", argv[0]);
      return 2;
    }

  desk = duban_desk_load (argv[1], DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_TICKETS | DUBAN_DESK_ORDERS,
                          duban_time_now (), NULL, &error);
  g_assert_no_error (error);
  tickets = duban_desk_get_tickets (desk);

  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *t = g_ptr_array_index (tickets, i);

      if (t->unit_code != NULL)
        g_hash_table_insert (counts, t->unit_code,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, t->unit_code)) + 1));
    }
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_UINT (value) > most)
      {
        most = GPOINTER_TO_UINT (value);
        unit = key;
      }
  g_assert_nonnull (unit);

  /* groups of tickets received in the page's six months */
  start_of_span = duban_desk_get_moment (desk) - (gint64) 150 * 24 * 3600 * G_USEC_PER_SEC;
  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *t = g_ptr_array_index (tickets, i);

      if (t->received_at < start_of_span || t->status == DUBAN_STATUS_CANCELLED)
        continue;
      if (g_strcmp0 (t->unit_code, unit) == 0)
        g_ptr_array_add (own, (gpointer) t);
      else
        g_ptr_array_add (others, (gpointer) t);
    }
  for (guint i = 0; i + 2 < own->len && decisions->len < 500; i += 3)
    g_ptr_array_add (decisions, confirmed (own->pdata[i], own->pdata[i + 1], own->pdata[i + 2]));
  for (guint i = 0; i + 2 < others->len && decisions->len < 1000; i += 3)
    g_ptr_array_add (decisions, confirmed (others->pdata[i], others->pdata[i + 1], others->pdata[i + 2]));

  g_print ("%u tickets; unit %s with %u; %u confirmed groups\n", tickets->len, unit, most, decisions->len);
  /* in turns, best of 5 each: a loaded machine slows both alike */
  plain = with = G_MAXDOUBLE;
  for (guint round = 0; round < 5; round++)
    {
      double a = time_build (desk, NULL, unit, &plain_matters, round == 0);
      double b = time_build (desk, decisions, unit, &with_matters, round == 0);

      /* not inside MIN(), which would build twice */
      plain = MIN (plain, a);
      with = MIN (with, b);
    }
  g_print ("unit page build, best of 5: %.3f s -> %.3f s (%.2fx); matters %u -> %u\n",
           plain, with, with / plain, plain_matters, with_matters);

  return 0;
}
