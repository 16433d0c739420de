/* bench-queue.c — the supervision queue with 50,000 open tickets
 *
 * Times what the desk does with a large store: the bare SQLite query that
 * feeds the queue, loading and evaluating the tickets, populating the
 * queue model, filtering, a search typed a character at a time,
 * re-sorting by every column, a live update (a sync changing a few
 * hundred tickets; the minute tick), and making the items for one screen
 * of rows. Each step the desk does in answer to a person is printed
 * beside the frame budget (16 ms) and the bare SQL floor; a step the
 * model does off the main thread prints what the main thread spent and,
 * apart, when the new view was in. Run by hand:
 *
 *   build/tests/bench/bench-queue [N]
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <time.h>

#include "duban-queue-model.h"
#include "duban-store.h"

static const char *categories[] = { "供水", "供电", "道路交通", "环境卫生", "物业管理", "农业农村", "市政设施", "教育" };
static const char *words[] = { "路灯不亮", "自来水管破裂", "垃圾清运不及时", "噪音扰民", "道路积水", "井盖缺失",
                               "物业不作为", "违章搭建", "供暖不热", "占道经营" };

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

#define FRAME_MS 16.0

static double floor_ms;
static gint64 cpu_start;

/* The main thread's CPU time since start_cpu(): what a step costs on a
 * core of its own, while the wall time also holds the waits of a loaded
 * machine. */
static gint64
thread_cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gint64
start_clock (void)
{
  cpu_start = thread_cpu_usec ();
  return g_get_monotonic_time ();
}

static void
report (const char *what,
        double      seconds)
{
  g_print ("  %-56s %9.1f ms\n", what, seconds * 1000.0);
}

/* A step a person waits for: beside the frame and the floor. */
static void
report_step (const char *what,
             double      seconds)
{
  double ms = seconds * 1000.0;
  double cpu = (thread_cpu_usec () - cpu_start) / 1000.0;

  g_print ("  %-56s %9.1f ms  (CPU %6.1f ms)  %5.2f× frame  %5.3f× SQL  %s\n", what, ms, cpu, cpu / FRAME_MS,
           floor_ms > 0 ? cpu / floor_ms : 0.0, cpu <= FRAME_MS ? "ok" : "OVER");
}

/* Until the model's view is the one last asked for (the model may
 * finish a step off the main thread, keeping the old view meanwhile). */
static double
wait_settled (DubanQueueModel *model,
              gint64           start)
{
  while (duban_queue_model_get_pending (model))
    g_main_context_iteration (NULL, TRUE);
  return seconds_since (start);
}

/* What the model told GTK a step changed: each change costs the list
 * view its rows in the span. */
static guint n_changes, n_removed, n_added;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  n_changes++;
  n_removed += removed;
  n_added += added;
}

static void
report_changes (void)
{
  g_print ("  %-56s %u changes: %u rows removed, %u added\n", "    (told GTK)", n_changes, n_removed, n_added);
  n_changes = n_removed = n_added = 0;
}

/* After a step handed to a worker: when the new view was in, and what
 * swapping it in cost the main thread. */
static void
report_settled (DubanQueueModel *model,
                gint64           start)
{
  gint64 cpu = thread_cpu_usec ();
  double wall;

  if (!duban_queue_model_get_pending (model))
    return;
  wall = wait_settled (model, start);
  g_print ("  %-56s %9.1f ms  (swap in: CPU %5.1f ms on the main thread)\n",
           "    (on a worker, the old view kept; new view in after)", wall * 1000.0,
           (thread_cpu_usec () - cpu) / 1000.0);
}

static void
timed_sort (DubanQueueModel *model,
            DubanQuerySort   sort,
            gboolean         descending,
            const char      *what)
{
  gint64 start = start_clock ();
  double main_thread;

  duban_queue_model_set_sort (model, sort, descending);
  main_thread = seconds_since (start);
  report_step (what, main_thread);
  report_settled (model, start);
}

static void
fill_store (const char *path,
            guint       n,
            DubanTime   now)
{
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261015);

  store = duban_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (duban_store_begin (store, &error));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DubanTicket) ticket = duban_ticket_new ();
      guint town = g_rand_int_range (rand, 1, 14);

      ticket->id = g_strdup_printf ("JX2026%07u", i);
      ticket->title = g_strdup_printf ("%s（%u）", words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))], i);
      ticket->description = g_strdup ("群众反映该问题已持续多日，影响正常生活，请尽快处理并回复。");
      ticket->kind = g_rand_int_range (rand, 0, 5);
      ticket->category = g_strdup (categories[g_rand_int_range (rand, 0, G_N_ELEMENTS (categories))]);
      ticket->urgency = g_rand_int_range (rand, 0, 5) == 0 ? DUBAN_URGENCY_URGENT : DUBAN_URGENCY_NORMAL;
      ticket->source = g_rand_int_range (rand, 1, 6);
      ticket->address = g_strdup_printf ("金乡县第%u镇幸福路 %u 号", town, g_rand_int_range (rand, 1, 300));
      ticket->grid_code = g_strdup_printf ("370828%03u%03u%03u", town, g_rand_int_range (rand, 1, 20),
                                           g_rand_int_range (rand, 1, 10));
      ticket->unit_code = g_strdup_printf ("U%02u", g_rand_int_range (rand, 1, 60));
      ticket->unit_name = g_strdup_printf ("承办单位%s", ticket->unit_code);
      ticket->status = DUBAN_STATUS_DISPATCHED;
      ticket->received_at = now - (gint64) g_rand_double_range (rand, 0.1, 12.0) * DUBAN_USEC_PER_DAY;
      ticket->dispatched_at = ticket->received_at + 10 * 60 * DUBAN_USEC_PER_SECOND;
      ticket->updated_at = ticket->dispatched_at;

      g_assert_true (duban_store_upsert_ticket (store, ticket, NULL, &error));
    }

  g_assert_true (duban_store_commit (store, &error));
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 50000;
  g_autofree char *dir = g_dir_make_tmp ("duban-bench-queue-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GArray) statuses = NULL;
  g_autoptr(GArray) later = NULL;
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(DubanQueueModel) model = NULL;
  g_autoptr(GError) error = NULL;
  DubanTicketQuery filter;
  DubanSlaPolicy policy;
  DubanTime now = duban_time_now ();
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 start;
  guint rows = 0, open = 0;

  setlocale (LC_ALL, "");
  duban_sla_policy_init_defaults (&policy);

  g_print ("bench-queue: %u tickets\n", n);
  start = start_clock ();
  fill_store (path, n, now);
  g_print ("  (store filled in %.1f s)\n\n", seconds_since (start));

  /* The bare query: every column of every row, stepped, nothing built. */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  start = start_clock ();
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT * FROM tickets ORDER BY id", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        (void) sqlite3_column_text (stmt, c);
      rows++;
    }
  sqlite3_finalize (stmt);
  floor_ms = (thread_cpu_usec () - cpu_start) / 1000.0;
  report ("bare SQLite query (SELECT * FROM tickets): the floor", seconds_since (start));
  g_print ("  %-56s %9.1f ms CPU\n", "  (the floor, CPU)", floor_ms);
  sqlite3_close (db);
  g_assert_cmpuint (rows, ==, n);

  store = duban_store_open (path, &error);
  g_assert_no_error (error);
  start = start_clock ();
  tickets = duban_store_load_tickets (store, &error);
  g_assert_no_error (error);
  report ("load into DubanTicket structs (duban_store_load_tickets)", seconds_since (start));

  start = start_clock ();
  statuses = g_array_sized_new (FALSE, FALSE, sizeof (DubanSlaStatus), tickets->len);
  g_array_set_size (statuses, tickets->len);
  for (guint i = 0; i < tickets->len; i++)
    {
      duban_sla_evaluate (&policy, calendar, g_ptr_array_index (tickets, i), now,
                          &g_array_index (statuses, DubanSlaStatus, i));
      open += duban_state_is_open (g_array_index (statuses, DubanSlaStatus, i).state);
    }
  report ("evaluate every ticket (duban_sla_evaluate)", seconds_since (start));
  g_print ("  (%u open)\n", open);

  model = duban_queue_model_new ();
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), NULL);
  g_print ("\n  step (budget: one frame, %.0f ms of the main thread's CPU)   wall   (CPU)  CPU÷frame  CPU÷floor\n", FRAME_MS);
  start = start_clock ();
  duban_queue_model_set_tickets (model, tickets, statuses);
  report_step ("populate the queue (filter + attention sort)", seconds_since (start));
  report_settled (model, start);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, open);

  start = start_clock ();
  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (model), i);
    }
  report_step ("make the items of one screen (40 rows)", seconds_since (start));

  duban_ticket_query_init (&filter);
  filter.unit = g_strdup ("U07");
  start = start_clock ();
  duban_queue_model_set_filter (model, &filter);
  report_step ("filter by unit", seconds_since (start));
  g_print ("  (%u rows)\n", g_list_model_get_n_items (G_LIST_MODEL (model)));
  duban_ticket_query_clear (&filter);

  /* Typed a character at a time, as the search entry hands it over. */
  {
    static const char *typed[] = { "积", "积水", "积水（", "积水（1", "jx2026" };

    for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
      {
        g_autofree char *what = g_strdup_printf ("search, typed \"%s\"", typed[i]);

        duban_ticket_query_set_search (&filter, typed[i]);
        start = start_clock ();
        duban_queue_model_set_filter (model, &filter);
        report_step (what, seconds_since (start));
        g_print ("  (%u rows)\n", g_list_model_get_n_items (G_LIST_MODEL (model)));
      }
    duban_ticket_query_clear (&filter);
  }

  filter.state = DUBAN_QUERY_STATE_OVERDUE;
  start = start_clock ();
  duban_queue_model_set_filter (model, &filter);
  report_step ("filter by state (overdue)", seconds_since (start));
  g_print ("  (%u rows)\n", g_list_model_get_n_items (G_LIST_MODEL (model)));
  duban_ticket_query_clear (&filter);

  start = start_clock ();
  duban_queue_model_set_filter (model, &filter);
  report_step ("clear the filters", seconds_since (start));

  timed_sort (model, DUBAN_QUERY_SORT_ID, FALSE, "re-sort by id");
  timed_sort (model, DUBAN_QUERY_SORT_TITLE, FALSE, "re-sort by title (pinyin)");
  timed_sort (model, DUBAN_QUERY_SORT_TITLE, TRUE, "re-sort by title, descending");
  timed_sort (model, DUBAN_QUERY_SORT_TOWN, FALSE, "re-sort by town");
  timed_sort (model, DUBAN_QUERY_SORT_UNIT, FALSE, "re-sort by unit (pinyin)");
  timed_sort (model, DUBAN_QUERY_SORT_CATEGORY, FALSE, "re-sort by category (pinyin)");
  timed_sort (model, DUBAN_QUERY_SORT_URGENCY, FALSE, "re-sort by urgency");
  timed_sort (model, DUBAN_QUERY_SORT_SOURCE, FALSE, "re-sort by source");
  timed_sort (model, DUBAN_QUERY_SORT_DEADLINE, TRUE, "re-sort by deadline, descending");
  timed_sort (model, DUBAN_QUERY_SORT_RECEIVED, FALSE, "re-sort by received");
  /* The risk book's risks come in (made here at random: the risk book
   * works them out on a worker, timed by hand as the docs say): one
   * lookup per ticket, then the risk order as an integer sort. */
  {
    g_autoptr(GHashTable) risks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    g_autoptr(GRand) rand = g_rand_new_with_seed (16);

    for (guint i = 0; i < tickets->len; i++)
      if (duban_state_is_open (g_array_index (statuses, DubanSlaStatus, i).state))
        {
          DubanTicketRisk *risk = g_new0 (DubanTicketRisk, 1);

          /* as the assessment has it: an overdue ticket's is certain */
          risk->p_late = g_array_index (statuses, DubanSlaStatus, i).state == DUBAN_STATE_OPEN_OVERDUE
                         ? 1.0 : g_rand_double (rand);
          risk->has_basis = TRUE;
          g_hash_table_insert (risks, g_strdup (((DubanTicket *) g_ptr_array_index (tickets, i))->id), risk);
        }
    start = start_clock ();
    duban_queue_model_set_risks (model, risks);
    report_step ("the risks come in (a lookup per ticket)", seconds_since (start));
    report_settled (model, start);
    timed_sort (model, DUBAN_QUERY_SORT_RISK, FALSE, "re-sort by risk");
    /* the next risks, a few minutes later: every ticket's moved a little */
    {
      g_autoptr(GHashTable) next = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, risks);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          DubanTicketRisk *risk = g_new0 (DubanTicketRisk, 1);

          risk->p_late = CLAMP (((DubanTicketRisk *) value)->p_late + g_rand_double_range (rand, -0.01, 0.01), 0.0, 1.0);
          risk->has_basis = TRUE;
          g_hash_table_insert (next, g_strdup (key), risk);
        }
      start = start_clock ();
      duban_queue_model_set_risks (model, next);
      report_step ("new risks while sorted by risk (lookup + re-sort)", seconds_since (start));
      report_settled (model, start);
    }
    duban_queue_model_set_risks (model, NULL);
    wait_settled (model, g_get_monotonic_time ());
  }
  timed_sort (model, DUBAN_QUERY_SORT_ATTENTION, FALSE, "re-sort by attention (the default)");

  /* A sync: the desk reloads every ticket (new structs, a new array),
   * a few hundred of them changed (resolved, or dispatched again). */
  {
    g_autoptr(GPtrArray) synced = g_ptr_array_new_full (tickets->len, (GDestroyNotify) duban_ticket_free);
    g_autoptr(GArray) synced_statuses = NULL;
    g_autoptr(GRand) rand = g_rand_new_with_seed (7);
    guint changed = 0;

    for (guint i = 0; i < tickets->len; i++)
      {
        DubanTicket *copy = duban_ticket_copy (g_ptr_array_index (tickets, i));

        if (g_rand_int_range (rand, 0, 1000) < 6)
          {
            if (changed % 2 == 0)
              {
                copy->status = DUBAN_STATUS_RESOLVED;
                copy->resolved_at = now - 60 * DUBAN_USEC_PER_SECOND;
              }
            else
              copy->received_at -= DUBAN_USEC_PER_DAY;
            copy->updated_at = now;
            changed++;
          }
        g_ptr_array_add (synced, copy);
      }
    synced_statuses = g_array_sized_new (FALSE, FALSE, sizeof (DubanSlaStatus), synced->len);
    g_array_set_size (synced_statuses, synced->len);
    for (guint i = 0; i < synced->len; i++)
      duban_sla_evaluate (&policy, calendar, g_ptr_array_index (synced, i), now,
                          &g_array_index (synced_statuses, DubanSlaStatus, i));

    n_changes = n_removed = n_added = 0;
    start = start_clock ();
    duban_queue_model_set_tickets (model, synced, synced_statuses);
    {
      g_autofree char *what = g_strdup_printf ("live update: a sync changing %u tickets", changed);

      report_step (what, seconds_since (start));
    }
    report_settled (model, start);
    report_changes ();

    /* back to the first load, for the minute tick below */
    duban_queue_model_set_tickets (model, tickets, statuses);
    wait_settled (model, g_get_monotonic_time ());
  }

  /* The minute tick: the same tickets, evaluated again, a minute on. */
  later = g_array_sized_new (FALSE, FALSE, sizeof (DubanSlaStatus), tickets->len);
  g_array_set_size (later, tickets->len);
  start = start_clock ();
  for (guint i = 0; i < tickets->len; i++)
    duban_sla_evaluate (&policy, calendar, g_ptr_array_index (tickets, i), now + 60 * DUBAN_USEC_PER_SECOND,
                        &g_array_index (later, DubanSlaStatus, i));
  report ("minute tick: re-evaluate every ticket (the session's)", seconds_since (start));
  n_changes = n_removed = n_added = 0;
  start = start_clock ();
  duban_queue_model_set_tickets (model, tickets, later);
  report_step ("minute tick: refresh the queue", seconds_since (start));
  report_settled (model, start);
  report_changes ();

  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }

  return 0;
}
