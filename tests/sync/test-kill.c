/* test-kill.c — `duban-ctl sync` killed with SIGKILL at random moments
 *
 * A real duban-feed process serves the county; duban-ctl syncs it into a
 * store that already holds the desk's own records (a note, an order and
 * their audit rows), and is killed without warning at many random
 * points, in full syncs and in the full syncs a 410 forces. After every
 * kill the store must pass PRAGMA integrity_check and still hold every
 * local record; at the end one more sync must complete and leave exactly
 * what a clean sync of the same platform leaves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/prctl.h>

#include "duban-orders.h"
#include "duban-store.h"

#define N_KILLS 16

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
start_platform (Platform *p)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *line = NULL;

  p->dir = g_dir_make_tmp ("duban-kill-XXXXXX", NULL);
  /* expire=1: every sync after the first is told its token expired and
   * does a full sync again, so there is always a long sync to interrupt,
   * and a 410 in the middle of it */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  p->feed = g_subprocess_launcher_spawn (launcher, &error,
                                         program ("DUBAN_FEED"), "--port", "0", "--seed", "5",
                                         "--tickets", "5000", "--invalid", "25", "--page-size", "200",
                                         "--now", "2026-10-15T12:00:00+08:00",
                                         "--faults", "expire=1,slow=0.02", NULL);
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
spawn_sync (Platform   *p,
            const char *db)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *ctl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                       &error, program ("DUBAN_CTL"), "--db", db,
                                       "sync", "--feed", p->url, NULL);

  g_assert_no_error (error);
  return ctl;
}

static gboolean
sync_to_the_end (Platform   *p,
                 const char *db)
{
  g_autoptr(GSubprocess) ctl = spawn_sync (p, db);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_wait (ctl, NULL, &error));
  return g_subprocess_get_if_exited (ctl) && g_subprocess_get_exit_status (ctl) == 0;
}

/* One text of a whole table, in a stable order: how two stores compare. */
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
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

static void
assert_integrity (const char *db_path)
{
  g_autofree char *result = dump (db_path, "PRAGMA integrity_check");

  g_assert_cmpstr (result, ==, "ok|\n");
}

static void
test_sigkill (void)
{
  Platform platform = { 0 };
  g_autofree char *db = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *local_before = NULL;
  g_autofree char *expected_tickets = NULL;
  g_autofree char *expected_quarantine = NULL;
  g_autofree char *tickets = NULL;
  g_autofree char *quarantine = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started, clean_usec;
  guint killed = 0;

  start_platform (&platform);
  db = g_build_filename (platform.dir, "duban.db", NULL);
  reference = g_build_filename (platform.dir, "reference.db", NULL);

  /* what a clean sync leaves, and how long it takes */
  started = g_get_monotonic_time ();
  g_assert_true (sync_to_the_end (&platform, reference));
  clean_usec = g_get_monotonic_time () - started;
  g_test_message ("a clean full sync takes %.2f s", clean_usec / 1e6);
  expected_tickets = dump (reference, "SELECT id, updated_at, status FROM tickets ORDER BY id");
  expected_quarantine = dump (reference, "SELECT DISTINCT ticket_id, reason FROM quarantine ORDER BY 1, 2");

  /* the desk's own records, made before any sync */
  {
    g_autoptr(DubanStore) store = duban_store_open (db, &error);
    g_autoptr(DubanOrder) order = NULL;

    g_assert_no_error (error);
    g_assert_true (duban_store_add_note (store, "JX202610140001", "已电话联系承办单位", &error));
    g_assert_no_error (error);
    order = duban_orders_issue (store, "JX202610140001", DUBAN_ORDER_RED, "逾期两天", DUBAN_TIME_NONE, &error);
    g_assert_no_error (error);
  }
  local_before = dump (db, "SELECT 'note', ticket_id, body FROM notes"
                           " UNION ALL SELECT 'order', ticket_id, client_id FROM supervision_orders"
                           " UNION ALL SELECT 'outbox', client_id, payload FROM outbox"
                           " UNION ALL SELECT 'audit', action, ticket_id FROM audit_log ORDER BY 1, 2, 3");

  for (guint round = 0; round < N_KILLS; round++)
    {
      g_autoptr(GSubprocess) ctl = spawn_sync (&platform, db);
      g_autofree char *local_after = NULL;
      /* anywhere from before the first request to past the end */
      guint delay_ms = (guint) g_test_rand_int_range (0, (gint32) (clean_usec / 1000 * 11 / 10) + 2);

      g_usleep ((gulong) delay_ms * 1000);
      g_subprocess_send_signal (ctl, SIGKILL);
      g_assert_true (g_subprocess_wait (ctl, NULL, &error));
      if (g_subprocess_get_if_signaled (ctl))
        killed++;
      g_test_message ("round %u: %s after %u ms", round,
                      g_subprocess_get_if_signaled (ctl) ? "killed" : "finished first", delay_ms);

      assert_integrity (db);
      /* the desk's own records never go, whatever the sync was doing */
      local_after = dump (db, "SELECT 'note', ticket_id, body FROM notes"
                              " UNION ALL SELECT 'order', ticket_id, client_id FROM supervision_orders"
                              " UNION ALL SELECT 'outbox', client_id, payload FROM outbox"
                              " UNION ALL SELECT 'audit', action, ticket_id FROM audit_log ORDER BY 1, 2, 3");
      g_assert_cmpstr (local_after, ==, local_before);
    }
  g_assert_cmpuint (killed, >=, N_KILLS / 2);

  /* the next sync completes, and leaves what a clean one leaves */
  g_assert_true (sync_to_the_end (&platform, db));
  assert_integrity (db);
  tickets = dump (db, "SELECT id, updated_at, status FROM tickets ORDER BY id");
  quarantine = dump (db, "SELECT DISTINCT ticket_id, reason FROM quarantine ORDER BY 1, 2");
  g_assert_cmpstr (tickets, ==, expected_tickets);
  g_assert_cmpstr (quarantine, ==, expected_quarantine);
  g_assert_cmpint (strlen (tickets), >, 5000 * 20);

  stop_platform (&platform);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kill/sigkill-during-sync", test_sigkill);

  return g_test_run ();
}
