/* test-crash.c — SIGKILL at random moments: during a sync, while orders
 * are issued and delivered, during a sync while orders are issued beside
 * it (a quarter of the points), during a report export
 *
 * Each case runs real processes against a real duban-feed and kills them
 * without warning at DUBAN_CRASH_POINTS random moments (200 by default),
 * each drawn uniformly over the time the work takes when left alone. A
 * run that finishes before its kill is checked too, and the moment is
 * drawn again within the time that run actually took, until a kill
 * lands: every point is a kill in the middle of the work, on a fast
 * machine or a loaded one, and no verdict depends on the machine's speed.
 * After every run:
 *
 *   - the store passes PRAGMA integrity_check;
 *   - no supervision order, note or audit row is lost or changed — the
 *     audit log as it was before is still a prefix of the audit log;
 *   - every note and order the worker reported saved is there, each
 *     order with its audit row and, until delivered, its outbox entry;
 *   - an export's file is either absent or whole, never half written,
 *     and every file the export left is owner-only.
 *
 * After the last kill the same work runs once more to the end and must
 * give what a run that was never interrupted gives: the same tickets and
 * quarantine as a clean sync, every order delivered exactly once (the
 * platform answers 200, "already received", to each when asked again),
 * the same report.
 *
 * The seed of the random points is printed (g_test's --seed repeats a run).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "duban-feed-client.h"
#include "duban-orders.h"
#include "duban-store.h"

#define NOW "2026-10-15T12:00:00+08:00"

static guint n_points = 200;

typedef struct {
  char        *dir;
  GSubprocess *feed;
  char        *url;
} Platform;

static const char *
program (const char *variable)
{
  const char *path = g_getenv (variable);

  if (path == NULL)
    g_error ("%s is not set (meson sets it)", variable);
  return path;
}

/* A platform left behind by a failed assertion would hold the test
 * runner's pipes open: it dies with the test. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
start_platform (Platform   *p,
                const char *n_tickets,
                const char *faults)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *line = NULL;

  p->dir = g_dir_make_tmp ("duban-crash-XXXXXX", NULL);
  g_ptr_array_add (args, (gpointer) program ("DUBAN_FEED"));
  g_ptr_array_add (args, (gpointer) "--port");
  g_ptr_array_add (args, (gpointer) "0");
  g_ptr_array_add (args, (gpointer) "--seed");
  g_ptr_array_add (args, (gpointer) "5");
  g_ptr_array_add (args, (gpointer) "--tickets");
  g_ptr_array_add (args, (gpointer) n_tickets);
  g_ptr_array_add (args, (gpointer) "--invalid");
  g_ptr_array_add (args, (gpointer) "25");
  g_ptr_array_add (args, (gpointer) "--page-size");
  g_ptr_array_add (args, (gpointer) "200");
  g_ptr_array_add (args, (gpointer) "--now");
  g_ptr_array_add (args, (gpointer) NOW);
  if (faults != NULL)
    {
      g_ptr_array_add (args, (gpointer) "--faults");
      g_ptr_array_add (args, (gpointer) faults);
    }
  g_ptr_array_add (args, NULL);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  p->feed = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (p->feed));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "duban-feed listening on "));
  p->url = g_strdup (line + strlen ("duban-feed listening on "));
}

static void
stop_platform (Platform *p)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", p->dir);

  g_subprocess_force_exit (p->feed);
  g_subprocess_wait (p->feed, NULL, NULL);
  g_clear_object (&p->feed);
  g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  g_free (p->dir);
  g_free (p->url);
}

static GSubprocess *
spawn (GSubprocessFlags   flags,
       const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  GSubprocess *child;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  child = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  return child;
}

/* Runs to the end; FALSE unless it exited with 0. */
static gboolean
run_to_the_end (const char * const *argv)
{
  g_autoptr(GSubprocess) child = spawn (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, argv);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_wait (child, NULL, &error));
  return g_subprocess_get_if_exited (child) && g_subprocess_get_exit_status (child) == 0;
}

typedef struct {
  gboolean exited;
  gint64   exited_at;
} Waiting;

static void
child_exited_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Waiting *waiting = user_data;

  g_assert_true (g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL));
  waiting->exited_at = g_get_monotonic_time ();
  waiting->exited = TRUE;
}

static gboolean
kill_now_cb (gpointer user_data)
{
  g_subprocess_send_signal (G_SUBPROCESS (user_data), SIGKILL);
  return G_SOURCE_REMOVE;
}

/* Lets @child, spawned at @started, run until @delay_ms after that, then
 * kills it without warning. TRUE if the kill landed; FALSE if the child
 * had finished first, and then *@took_ms says when it did. */
static gboolean
kill_after (GSubprocess *child,
            gint64       started,
            guint        delay_ms,
            guint       *took_ms)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) timeout = NULL;
  gint64 left_ms = delay_ms - (g_get_monotonic_time () - started) / 1000;
  Waiting waiting = { 0 };

  g_main_context_push_thread_default (context);
  g_subprocess_wait_async (child, NULL, child_exited_cb, &waiting);
  timeout = g_timeout_source_new ((guint) MAX (left_ms, 0));
  g_source_set_callback (timeout, kill_now_cb, child, NULL);
  g_source_attach (timeout, context);
  while (!waiting.exited)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  g_main_context_pop_thread_default (context);

  if (took_ms != NULL)
    *took_ms = (guint) ((waiting.exited_at - started) / 1000);
  return g_subprocess_get_if_signaled (child);
}

/* Uniform over [0, @window_ms]. */
static guint
random_moment (guint window_ms)
{
  return (guint) g_test_rand_int_range (0, (gint32) window_ms + 1);
}

/* The first window of a point: uniform over [0, 1.1 × the time the work
 * takes alone], so that some runs finish first, and a run that repeats a
 * finished one is checked as well. */
static guint
first_window (gint64 clean_usec)
{
  return (guint) (clean_usec / 1000 * 11 / 10) + 1;
}

/* What a case checks after each run of a point: @child has exited, by
 * the kill if @landed. */
typedef void (*CheckFunc) (GSubprocess *child,
                           gboolean     landed,
                           gpointer     user_data);

/* One kill point: runs @argv and kills it at a random moment of
 * [0, @window_ms]; while the work finishes first, draws the moment again
 * within the time that run took, so that the point always ends with a
 * kill that landed. @check runs after every run. Returns the number of
 * runs that finished first. */
static guint
kill_point (guint               point,
            GSubprocessFlags    flags,
            const char * const *argv,
            guint               window_ms,
            CheckFunc           check,
            gpointer            user_data)
{
  for (guint finished = 0; ; finished++)
    {
      guint delay_ms = random_moment (window_ms);
      gint64 started = g_get_monotonic_time ();
      g_autoptr(GSubprocess) child = spawn (flags, argv);
      guint took_ms = 0;
      gboolean landed = kill_after (child, started, delay_ms, &took_ms);

      check (child, landed, user_data);
      if (landed)
        {
          g_test_message ("point %u: killed after %u ms", point, delay_ms);
          return finished;
        }
      g_test_message ("point %u: finished after %u ms, before the kill at %u ms; drawn again",
                      point, took_ms, delay_ms);
      window_ms = took_ms > 0 ? took_ms - 1 : 0;
    }
}

/* One text of a query's rows, in its order: how two stores compare. */
static char *
dump (const char *db_path,
      const char *sql)
{
  GString *out = g_string_new (NULL);
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, c);

          g_string_append (out, text != NULL ? text : "∅");
          g_string_append_c (out, '|');
        }
      g_string_append_c (out, '\n');
    }
  g_assert_cmpint (sqlite3_finalize (stmt), ==, SQLITE_OK);
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

static gint64
count (const char *db_path,
       const char *sql,
       const char *parameter)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (parameter != NULL)
    sqlite3_bind_text (stmt, 1, parameter, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
assert_integrity (const char *db_path)
{
  g_autofree char *result = dump (db_path, "PRAGMA integrity_check");

  g_assert_cmpstr (result, ==, "ok|\n");
}

/* The desk's own records, in the order they were written, as far as they
 * never change once written (an order's delivery state does). Nothing is
 * ever deleted from them, so what was there before a kill must still be
 * a prefix of what is there after it. */
static char *
local_records (const char *db_path,
               const char *table)
{
  if (g_str_equal (table, "notes"))
    return dump (db_path, "SELECT id, ticket_id, body, author, created_at FROM notes ORDER BY id");
  if (g_str_equal (table, "orders"))
    return dump (db_path, "SELECT client_id, ticket_id, level, note, respond_by, issued_by, issued_at"
                          " FROM supervision_orders ORDER BY rowid");
  g_assert_cmpstr (table, ==, "audit");
  return dump (db_path, "SELECT id, at, user, action, ticket_id, detail FROM audit_log ORDER BY id");
}

typedef struct {
  char *notes;
  char *orders;
  char *audit;
} Records;

static void records_clear (Records *records);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Records, records_clear)

static void
records_take (Records    *records,
              const char *db_path)
{
  g_free (records->notes);
  g_free (records->orders);
  g_free (records->audit);
  records->notes = local_records (db_path, "notes");
  records->orders = local_records (db_path, "orders");
  records->audit = local_records (db_path, "audit");
}

static void
records_clear (Records *records)
{
  g_clear_pointer (&records->notes, g_free);
  g_clear_pointer (&records->orders, g_free);
  g_clear_pointer (&records->audit, g_free);
}

/* Nothing of @before is lost or changed in the store now. */
static void
assert_nothing_lost (const Records *before,
                     const char    *db_path)
{
  g_autofree char *notes = local_records (db_path, "notes");
  g_autofree char *orders = local_records (db_path, "orders");
  g_autofree char *audit = local_records (db_path, "audit");

  g_assert_true (g_str_has_prefix (notes, before->notes));
  g_assert_true (g_str_has_prefix (orders, before->orders));
  g_assert_true (g_str_has_prefix (audit, before->audit));
}

/* Every order is whole: its audit row, and its outbox entry exactly
 * while it waits for the platform. */
static void
assert_orders_whole (const char *db_path)
{
  /* each order has one audit row, and each order audit row an order:
   * as set differences and one grouping, each a sort, so that the tens
   * of thousands of orders a fast machine writes under fire are checked
   * in n log n (a join of the two groupings probed a few thousand rows
   * per order: 5 s a check at 16,000 orders, and the case ran past its
   * time) */
  g_assert_cmpint (count (db_path, "SELECT (SELECT COUNT(*) FROM (SELECT ticket_id, level || ' ' || client_id FROM supervision_orders"
                                   "                       EXCEPT SELECT ticket_id, detail FROM audit_log WHERE action = 'order'))"
                                   "     + (SELECT COUNT(*) FROM (SELECT ticket_id, detail FROM audit_log WHERE action = 'order'"
                                   "                       EXCEPT SELECT ticket_id, level || ' ' || client_id FROM supervision_orders))"
                                   "     + (SELECT COUNT(*) FROM (SELECT 1 FROM audit_log WHERE action = 'order'"
                                   "                              GROUP BY ticket_id, detail HAVING COUNT(*) > 1))",
                          NULL), ==, 0);
  g_assert_cmpint (count (db_path, "SELECT COUNT(*) FROM supervision_orders o WHERE"
                                   " (o.delivery_state = 'pending') != EXISTS (SELECT 1 FROM outbox b WHERE b.client_id = o.client_id)",
                          NULL), ==, 0);
  g_assert_cmpint (count (db_path, "SELECT COUNT(*) FROM outbox b WHERE NOT EXISTS"
                                   " (SELECT 1 FROM supervision_orders o WHERE o.client_id = b.client_id)",
                          NULL), ==, 0);
}

static void
ctl_sync_argv (const char **argv,
               const char  *db,
               const char  *url)
{
  argv[0] = program ("DUBAN_CTL");
  argv[1] = "--db";
  argv[2] = db;
  argv[3] = "sync";
  argv[4] = "--feed";
  argv[5] = url;
  argv[6] = NULL;
}

/* The desk's own records, made before any sync: a note and an order. */
static void
make_local_records (const char *db,
                    const char *ticket_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = duban_store_open (db, &error);
  g_autoptr(DubanOrder) order = NULL;
  g_autoptr(DubanTicket) stored = NULL;

  g_assert_no_error (error);
  g_assert_true (duban_store_add_note (store, ticket_id, "已电话联系承办单位", &error));
  g_assert_no_error (error);
  /* An order needs its ticket in the store. Before any sync, a stand-in
   * as old as can be: the platform's copy replaces it at the first sync. */
  if ((stored = duban_store_get_ticket (store, ticket_id, NULL)) == NULL)
    {
      g_autoptr(DubanTicket) stand_in = duban_ticket_new ();

      stand_in->id = g_strdup (ticket_id);
      stand_in->title = g_strdup ("待同步");
      stand_in->category = g_strdup ("其他");
      stand_in->received_at = 1;
      stand_in->updated_at = 1;
      g_assert_true (duban_store_upsert_ticket (store, stand_in, NULL, &error));
      g_assert_no_error (error);
    }
  order = duban_orders_issue (store, ticket_id, DUBAN_ORDER_RED, "逾期两天", DUBAN_TIME_NONE, &error);
  g_assert_no_error (error);
}

/* ---- during a sync ---------------------------------------------------- */

typedef struct {
  const char    *db;
  const Records *before;
} SyncCheck;

static void
check_sync (GSubprocess *ctl,
            gboolean     landed,
            gpointer     user_data)
{
  SyncCheck *check = user_data;
  g_autofree char *audit = NULL;

  /* a sync left alone ends well */
  if (!landed)
    g_assert_cmpint (g_subprocess_get_exit_status (ctl), ==, 0);
  assert_integrity (check->db);
  /* the desk's own records never go, whatever the sync was doing:
   * a sync writes no audit row, so they are exactly as they were */
  assert_nothing_lost (check->before, check->db);
  audit = local_records (check->db, "audit");
  g_assert_cmpstr (audit, ==, check->before->audit);
  assert_orders_whole (check->db);
}

static void
test_sync (void)
{
  Platform platform = { 0 };
  g_auto(Records) before = { 0 };
  g_autofree char *db = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *expected_tickets = NULL;
  g_autofree char *expected_quarantine = NULL;
  g_autofree char *tickets = NULL;
  g_autofree char *quarantine = NULL;
  const char *argv[7];
  gint64 started, clean_usec;
  SyncCheck check = { 0 };
  guint finished_first = 0;

  /* expire=1: every sync after the first is told its token expired and
   * does a full sync again, so there is always a long sync to interrupt,
   * and a 410 in the middle of it */
  start_platform (&platform, "5000", "expire=1,slow=0.02");
  db = g_build_filename (platform.dir, "duban.db", NULL);
  reference = g_build_filename (platform.dir, "reference.db", NULL);

  /* what a clean sync leaves, and how long it takes */
  started = g_get_monotonic_time ();
  ctl_sync_argv (argv, reference, platform.url);
  g_assert_true (run_to_the_end (argv));
  clean_usec = g_get_monotonic_time () - started;
  g_test_message ("a clean full sync takes %.2f s", clean_usec / 1e6);
  expected_tickets = dump (reference, "SELECT id, updated_at, status FROM tickets ORDER BY id");
  expected_quarantine = dump (reference, "SELECT DISTINCT ticket_id, reason FROM quarantine ORDER BY 1, 2");

  make_local_records (db, "JX202610140001");
  records_take (&before, db);

  ctl_sync_argv (argv, db, platform.url);
  check.db = db;
  check.before = &before;
  for (guint point = 0; point < n_points; point++)
    finished_first += kill_point (point, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                  argv, first_window (clean_usec), check_sync, &check);
  g_test_message ("sync: %u kills landed; %u runs finished first and were drawn again",
                  n_points, finished_first);

  /* the next sync completes, and leaves what a clean one leaves */
  g_assert_true (run_to_the_end (argv));
  assert_integrity (db);
  tickets = dump (db, "SELECT id, updated_at, status FROM tickets ORDER BY id");
  quarantine = dump (db, "SELECT DISTINCT ticket_id, reason FROM quarantine ORDER BY 1, 2");
  g_assert_cmpstr (tickets, ==, expected_tickets);
  g_assert_cmpstr (quarantine, ==, expected_quarantine);
  g_assert_cmpint (strlen (tickets), >, 5000 * 20);
  assert_nothing_lost (&before, db);

  stop_platform (&platform);
}

/* ---- issuing and delivering orders -------------------------------------- */

/* A column of a query's rows, as a set. */
static GHashTable *
column_set (const char *db_path,
            const char *sql)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (set, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return set;
}

/* Everything the worker reported saved is in the store. */
static guint
assert_acknowledged (const char *db,
                     const char *output)
{
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);
  g_autoptr(GHashTable) notes = column_set (db, "SELECT body FROM notes");
  g_autoptr(GHashTable) orders = column_set (db, "SELECT client_id FROM supervision_orders");
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "note "))
        g_assert_true (g_hash_table_contains (notes, lines[i] + 5));
      else if (g_str_has_prefix (lines[i], "order "))
        g_assert_true (g_hash_table_contains (orders, lines[i] + 6));
      else
        {
          /* the kill may cut the last line short, never an earlier one */
          g_assert_null (lines[i + 1]);
          continue;
        }
      n++;
    }
  return n;
}

typedef struct {
  const char    *db;
  const Records *before;
} DeliverCheck;

static void
check_delivery (GSubprocess *worker,
                gboolean     landed,
                gpointer     user_data)
{
  DeliverCheck *check = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *errors = NULL;

  g_assert_true (g_subprocess_communicate_utf8 (worker, NULL, NULL, &output, &errors, &error));
  g_assert_no_error (error);
  /* a delivery left alone empties the outbox */
  if (!landed)
    {
      if (!g_subprocess_get_if_exited (worker) || g_subprocess_get_exit_status (worker) != 0)
        g_error ("a delivery left alone failed (exit status %d): %s",
                 g_subprocess_get_if_exited (worker) ? g_subprocess_get_exit_status (worker) : -1, errors);
      g_assert_cmpstr (errors, ==, "");
      g_assert_cmpstr (output, ==, "done\n");
    }
  assert_integrity (check->db);
  assert_nothing_lost (check->before, check->db);
  assert_orders_whole (check->db);
}

static void
test_orders (void)
{
  Platform platform = { 0 };
  g_auto(Records) before = { 0 };
  g_autofree char *db = NULL;
  g_autofree char *ids = NULL;
  g_autoptr(GPtrArray) issue_argv = g_ptr_array_new ();
  g_auto(GStrv) ticket_ids = NULL;
  g_autoptr(DubanFeedClient) client = NULL;
  g_autoptr(GError) error = NULL;
  const char *sync_argv[7];
  const char *deliver_argv[5];
  guint acknowledged = 0, deliveries = 0, with_orders = 0, finished_first = 0;
  gint64 n_orders, n_notes;
  guint issue_ms;

  start_platform (&platform, "300", "slow=0.002");
  db = g_build_filename (platform.dir, "duban.db", NULL);
  ctl_sync_argv (sync_argv, db, platform.url);
  g_assert_true (run_to_the_end (sync_argv));
  make_local_records (db, "JX202610140001");

  /* orders go to tickets the platform has, so that it takes them all */
  ids = dump (db, "SELECT id FROM tickets ORDER BY id LIMIT 7");
  g_strdelimit (ids, "|", ' ');
  g_strstrip (ids);
  ticket_ids = g_strsplit_set (ids, " \n", -1);
  g_ptr_array_add (issue_argv, (gpointer) program ("DUBAN_CRASH_WORKER"));
  g_ptr_array_add (issue_argv, (gpointer) "issue");
  g_ptr_array_add (issue_argv, db);
  for (guint i = 0; ticket_ids[i] != NULL; i++)
    if (ticket_ids[i][0] != '\0')
      g_ptr_array_add (issue_argv, ticket_ids[i]);
  g_ptr_array_add (issue_argv, NULL);

  /* The window for the kills: the time the worker takes to save its
   * first order (a sanitizer build, or a loaded machine, starts slowly)
   * twice over, then long enough for a few hundred more, each fsynced */
  {
    g_autoptr(GSubprocess) worker = spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                           (const char * const *) issue_argv->pdata);
    g_autoptr(GDataInputStream) lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (worker));
    gint64 started = g_get_monotonic_time ();
    gint64 first_usec;
    char *line;

    while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error)) != NULL &&
           !g_str_has_prefix (line, "order "))
      g_free (line);
    g_assert_no_error (error);
    g_assert_nonnull (line);
    g_free (line);
    first_usec = g_get_monotonic_time () - started;
    issue_ms = first_window (2 * first_usec + 80 * 1000);
    kill_after (worker, g_get_monotonic_time (), 0, NULL);
    g_test_message ("issuing: the first order is saved %.0f ms after the start; kills within %u ms",
                    first_usec / 1e3, issue_ms);
  }

  deliver_argv[0] = program ("DUBAN_CRASH_WORKER");
  deliver_argv[1] = "deliver";
  deliver_argv[2] = db;
  deliver_argv[3] = platform.url;
  deliver_argv[4] = NULL;

  for (guint point = 0; point < n_points; point++)
    {
      records_take (&before, db);
      if (point % 3 == 2)
        {
          /* one kill in three while delivering: a delivery takes a few
           * milliseconds an order */
          gint64 waiting = count (db, "SELECT COUNT(*) FROM outbox", NULL);
          DeliverCheck check = { db, &before };

          finished_first += kill_point (point, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                        deliver_argv, first_window (5000 * (waiting + 1)), check_delivery, &check);
          deliveries++;
        }
      else
        {
          /* the others while issuing, which never ends of itself: one
           * from the start, one from the first order the worker reports
           * saved, so that half the issuing points come after at least
           * one saved order */
          gboolean after_first_order = point % 3 == 1;
          g_autoptr(GSubprocess) worker = NULL;
          g_autoptr(GDataInputStream) lines = NULL;
          g_autoptr(GString) output = g_string_new (NULL);
          guint delay_ms = random_moment (issue_ms);
          gint64 started = g_get_monotonic_time ();
          gboolean landed;

          worker = spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE,
                          (const char * const *) issue_argv->pdata);
          lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (worker));
          if (after_first_order)
            {
              char *line;

              while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error)) != NULL)
                {
                  gboolean order = g_str_has_prefix (line, "order ");

                  g_string_append_printf (output, "%s\n", line);
                  g_free (line);
                  if (order)
                    break;
                }
              g_assert_no_error (error);
              g_assert_true (g_str_has_suffix (output->str, "\n") &&
                             strstr (output->str, "order ") != NULL);
              started = g_get_monotonic_time ();
              with_orders++;
            }
          landed = kill_after (worker, started, delay_ms, NULL);
          /* what it printed up to the kill: lines are written whole */
          for (;;)
            {
              g_autoptr(GBytes) bytes = g_input_stream_read_bytes (G_INPUT_STREAM (lines), 65536, NULL, &error);

              g_assert_no_error (error);
              if (g_bytes_get_size (bytes) == 0)
                break;
              g_string_append_len (output, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes));
            }
          if (!landed)
            g_error ("the issuing worker stopped by itself: %s", output->str);
          g_test_message ("point %u: issuing killed %u ms after %s", point, delay_ms,
                          after_first_order ? "the first saved order" : "the start");
          assert_integrity (db);
          assert_nothing_lost (&before, db);
          acknowledged += assert_acknowledged (db, output->str);
          assert_orders_whole (db);
        }
    }

  /* the next delivery completes: every order delivered, none twice */
  g_assert_true (run_to_the_end (deliver_argv));
  assert_integrity (db);
  assert_orders_whole (db);
  n_orders = count (db, "SELECT COUNT(*) FROM supervision_orders", NULL);
  n_notes = count (db, "SELECT COUNT(*) FROM notes", NULL);
  g_test_message ("orders: %u kills landed (%u while delivering; %u deliveries finished first and were"
                  " drawn again); %u notes and orders reported saved, all kept;"
                  " %" G_GINT64_FORMAT " orders and %" G_GINT64_FORMAT " notes in the store",
                  n_points, deliveries, finished_first, acknowledged, n_orders, n_notes);
  /* the desk's own order, and at least one of each point killed after the
   * first saved order */
  g_assert_cmpint (n_orders, >=, 1 + with_orders);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM outbox", NULL), ==, 0);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM supervision_orders WHERE delivery_state != 'delivered'", NULL), ==, 0);

  /* Ask the platform about each order again, as a desk that lost track
   * would: "200, already received" for every one — it has them all, and
   * 201 would mean one never arrived. The platform counts a client_id
   * once, so none arrived twice as two orders. */
  client = duban_feed_client_new (platform.url);
  {
    g_autofree char *orders = dump (db, "SELECT client_id, ticket_id, level FROM supervision_orders");
    g_auto(GStrv) rows = g_strsplit (orders, "\n", -1);

    for (guint i = 0; rows[i] != NULL && rows[i][0] != '\0'; i++)
      {
        g_auto(GStrv) fields = g_strsplit (rows[i], "|", -1);
        g_autofree char *path = g_strdup_printf ("/api/v1/tickets/%s/supervisions", fields[1]);
        g_autofree char *payload = g_strdup_printf ("{\"client_id\":\"%s\",\"level\":\"%s\",\"issued_at\":\"%s\"}",
                                                    fields[0], fields[2], NOW);
        g_autofree char *message = NULL;
        gint64 retry_after;
        guint http_status = duban_feed_client_send_json (client, "POST", path, payload,
                                                          &retry_after, &message, NULL, &error);

        g_assert_no_error (error);
        g_assert_cmpuint (http_status, ==, 200);
      }
  }

  stop_platform (&platform);
}

/* ---- a sync while orders are issued ------------------------------------- */

/* Sync pages are committed with synchronous=NORMAL, orders FULL, on two
 * connections to one store (duban_store_apply_page). Here a sync and a
 * supervisor issuing orders and notes share the store; the sync is
 * killed at a random moment, then the supervisor: every order and note
 * reported saved is there, whole, and the next sync ends as a clean one. */
static void
test_sync_while_issuing (void)
{
  Platform platform = { 0 };
  g_auto(Records) before = { 0 };
  g_autofree char *db = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *tickets = NULL;
  g_autoptr(GPtrArray) issue_argv = g_ptr_array_new ();
  g_auto(GStrv) ticket_ids = NULL;
  g_autoptr(GError) error = NULL;
  const char *sync_argv[7];
  guint points = MAX (n_points / 4, 10), acknowledged = 0;
  gint64 started, clean_usec;

  /* expire=1: every sync is a full one, long enough to be interrupted */
  start_platform (&platform, "2000", "expire=1,slow=0.01");
  db = g_build_filename (platform.dir, "duban.db", NULL);
  reference = g_build_filename (platform.dir, "reference.db", NULL);
  ctl_sync_argv (sync_argv, reference, platform.url);
  started = g_get_monotonic_time ();
  g_assert_true (run_to_the_end (sync_argv));
  clean_usec = g_get_monotonic_time () - started;
  expected = dump (reference, "SELECT id, updated_at, status FROM tickets ORDER BY id");

  ctl_sync_argv (sync_argv, db, platform.url);
  g_assert_true (run_to_the_end (sync_argv));
  ids = dump (db, "SELECT id FROM tickets ORDER BY id LIMIT 5");
  g_strdelimit (ids, "|", ' ');
  g_strstrip (ids);
  ticket_ids = g_strsplit_set (ids, " \n", -1);
  g_ptr_array_add (issue_argv, (gpointer) program ("DUBAN_CRASH_WORKER"));
  g_ptr_array_add (issue_argv, (gpointer) "issue");
  g_ptr_array_add (issue_argv, db);
  for (guint i = 0; ticket_ids[i] != NULL; i++)
    if (ticket_ids[i][0] != '\0')
      g_ptr_array_add (issue_argv, ticket_ids[i]);
  g_ptr_array_add (issue_argv, NULL);

  for (guint point = 0; point < points; point++)
    {
      g_autoptr(GSubprocess) worker = NULL;
      g_autoptr(GSubprocess) sync = NULL;
      g_autoptr(GDataInputStream) lines = NULL;
      g_autoptr(GString) output = g_string_new (NULL);
      guint delay_ms = random_moment (first_window (clean_usec));
      gboolean landed;
      char *line;

      records_take (&before, db);
      worker = spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE,
                      (const char * const *) issue_argv->pdata);
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (worker));
      /* the supervisor is at work before the sync starts */
      while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error)) != NULL)
        {
          gboolean order = g_str_has_prefix (line, "order ");

          g_string_append_printf (output, "%s\n", line);
          g_free (line);
          if (order)
            break;
        }
      g_assert_no_error (error);

      started = g_get_monotonic_time ();
      sync = spawn (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, sync_argv);
      landed = kill_after (sync, started, delay_ms, NULL);
      /* a sync left alone ends well, orders written beside it or not */
      if (!landed)
        g_assert_cmpint (g_subprocess_get_exit_status (sync), ==, 0);
      g_assert_true (kill_after (worker, g_get_monotonic_time (), 0, NULL));
      for (;;)
        {
          g_autoptr(GBytes) bytes = g_input_stream_read_bytes (G_INPUT_STREAM (lines), 65536, NULL, &error);

          g_assert_no_error (error);
          if (g_bytes_get_size (bytes) == 0)
            break;
          g_string_append_len (output, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes));
        }
      g_test_message ("point %u: sync %s after %u ms, then the supervisor", point,
                      landed ? "killed" : "finished before its kill", delay_ms);
      assert_integrity (db);
      assert_nothing_lost (&before, db);
      acknowledged += assert_acknowledged (db, output->str);
      assert_orders_whole (db);
    }
  g_test_message ("sync beside orders: %u points; %u notes and orders reported saved, all kept",
                  points, acknowledged);
  g_assert_cmpuint (acknowledged, >=, points);

  /* the next sync ends as a clean one, the orders untouched */
  records_take (&before, db);
  g_assert_true (run_to_the_end (sync_argv));
  assert_integrity (db);
  tickets = dump (db, "SELECT id, updated_at, status FROM tickets ORDER BY id");
  g_assert_cmpstr (tickets, ==, expected);
  assert_nothing_lost (&before, db);
  assert_orders_whole (db);

  stop_platform (&platform);
}

/* ---- a report export ---------------------------------------------------- */

static const char * const formats[] = { "pdf", "xlsx", "csv" };

static void
report_argv (const char **argv,
             const char  *db,
             const char  *out)
{
  argv[0] = program ("DUBAN_CTL");
  argv[1] = "--db";
  argv[2] = db;
  argv[3] = "report";
  argv[4] = "--kind";
  argv[5] = "bulletin";
  argv[6] = "--from";
  argv[7] = "2026-09-01";
  argv[8] = "--to";
  argv[9] = "2026-09-30";
  argv[10] = "--at";
  argv[11] = NOW;
  argv[12] = "--out";
  argv[13] = out;
  argv[14] = NULL;
}

/* The file is the whole of an export like @reference: a PDF and an XLSX
 * carry the moment they were made, so they are checked by their frame
 * and size; a CSV must be the same bytes. */
static void
assert_whole_export (const char *path,
                     const char *reference)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *expected = NULL;
  gsize length, expected_length;

  g_assert_true (g_file_get_contents (path, &data, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (reference, &expected, &expected_length, &error));
  g_assert_no_error (error);

  if (g_str_has_suffix (path, ".csv"))
    {
      g_assert_cmpmem (data, length, expected, expected_length);
      return;
    }

  g_assert_cmpint (ABS ((gssize) length - (gssize) expected_length), <=, 64);
  if (g_str_has_suffix (path, ".pdf"))
    {
      g_assert_true (g_str_has_prefix (data, "%PDF-"));
      g_assert_nonnull (g_strrstr_len (data + length - 32, 32, "%%EOF"));
    }
  else
    {
      /* a ZIP ends with its end-of-central-directory record */
      g_assert_cmpmem (data, 4, "PK\x03\x04", 4);
      g_assert_cmpmem (data + length - 22, 4, "PK\x05\x06", 4);
    }
}

/* Every file an export left — a temporary one too — is owner-only. */
static void
assert_owner_only (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      GStatBuf st;

      g_assert_cmpint (g_stat (path, &st), ==, 0);
      if ((st.st_mode & 077) != 0)
        g_error ("%s is mode %o after an export was killed", path, st.st_mode & 0777);
    }
}

typedef struct {
  const char    *db;
  const Records *before;
  const char    *out_dir;
  const char    *out;
  const char    *reference;
} ExportCheck;

static void
check_export (GSubprocess *ctl,
              gboolean     landed,
              gpointer     user_data)
{
  ExportCheck *check = user_data;

  if (!landed)
    {
      g_assert_cmpint (g_subprocess_get_exit_status (ctl), ==, 0);
      assert_whole_export (check->out, check->reference);
    }
  assert_integrity (check->db);
  assert_nothing_lost (check->before, check->db);
  assert_orders_whole (check->db);
  /* an export that was there stays whole; a new one is whole or absent */
  if (g_file_test (check->out, G_FILE_TEST_EXISTS))
    assert_whole_export (check->out, check->reference);
  assert_owner_only (check->out_dir);
}

static void
test_export (void)
{
  Platform platform = { 0 };
  g_auto(Records) before = { 0 };
  g_autofree char *db = NULL;
  g_autofree char *out_dir = NULL;
  g_autofree char *ref_dir = NULL;
  const char *sync_argv[7];
  const char *argv[15];
  gint64 clean_usec[G_N_ELEMENTS (formats)];
  guint finished_first = 0;
  gint64 audit_rows;

  start_platform (&platform, "5000", NULL);
  db = g_build_filename (platform.dir, "duban.db", NULL);
  out_dir = g_build_filename (platform.dir, "out", NULL);
  ref_dir = g_build_filename (platform.dir, "reference", NULL);
  g_assert_cmpint (g_mkdir (out_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (ref_dir, 0700), ==, 0);
  ctl_sync_argv (sync_argv, db, platform.url);
  g_assert_true (run_to_the_end (sync_argv));
  make_local_records (db, "JX202610140001");

  /* what a clean export writes, and how long it takes */
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autofree char *name = g_strdup_printf ("bulletin.%s", formats[f]);
      g_autofree char *reference = g_build_filename (ref_dir, name, NULL);
      gint64 started = g_get_monotonic_time ();

      report_argv (argv, db, reference);
      g_assert_true (run_to_the_end (argv));
      clean_usec[f] = g_get_monotonic_time () - started;
      g_test_message ("a clean %s export takes %.2f s", formats[f], clean_usec[f] / 1e6);
    }

  for (guint point = 0; point < n_points; point++)
    {
      guint f = point % G_N_ELEMENTS (formats);
      g_autofree char *name = g_strdup_printf ("bulletin.%s", formats[f]);
      g_autofree char *out = g_build_filename (out_dir, name, NULL);
      g_autofree char *reference = g_build_filename (ref_dir, name, NULL);
      ExportCheck check = { db, &before, out_dir, out, reference };

      records_take (&before, db);
      report_argv (argv, db, out);
      finished_first += kill_point (point, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                    argv, first_window (clean_usec[f]), check_export, &check);
    }
  g_test_message ("export: %u kills landed; %u runs finished first and were drawn again",
                  n_points, finished_first);

  /* the next export of each kind completes and gives the same report */
  audit_rows = count (db, "SELECT COUNT(*) FROM audit_log WHERE action = 'report-export'", NULL);
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autofree char *name = g_strdup_printf ("bulletin.%s", formats[f]);
      g_autofree char *out = g_build_filename (out_dir, name, NULL);
      g_autofree char *reference = g_build_filename (ref_dir, name, NULL);

      report_argv (argv, db, out);
      g_assert_true (run_to_the_end (argv));
      assert_whole_export (out, reference);
    }
  assert_integrity (db);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM audit_log WHERE action = 'report-export'", NULL),
                   ==, audit_rows + G_N_ELEMENTS (formats));

  stop_platform (&platform);
}

int
main (int    argc,
      char **argv)
{
  const char *points = g_getenv ("DUBAN_CRASH_POINTS");

  g_test_init (&argc, &argv, NULL);

  if (points != NULL)
    n_points = (guint) g_ascii_strtoull (points, NULL, 10);
  g_assert_cmpuint (n_points, >, 0);
  /* g_test prints the random seed; --seed=… repeats the same points */
  g_test_message ("%u random kill points each", n_points);

  g_test_add_func ("/crash/sigkill-during-sync", test_sync);
  g_test_add_func ("/crash/sigkill-while-issuing-orders", test_orders);
  g_test_add_func ("/crash/sigkill-sync-while-issuing-orders", test_sync_while_issuing);
  g_test_add_func ("/crash/sigkill-during-report-export", test_export);

  return g_test_run ();
}
