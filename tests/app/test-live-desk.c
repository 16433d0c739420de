/* test-live-desk.c — a desk left open stays live
 *
 * The window syncs on the schedule GSettings sets (here every second),
 * says how fresh its tickets are beside the sync button, says after a
 * sync what newly needs attention, backs off while the platform refuses
 * the connection — failing each sync at once, not after a dozen retries —
 * and comes back to the interval once a platform answers.
 *
 * The platform runs in this process; the desk's sync on its worker
 * thread, so the test spins the main loop. Deadlines are generous: what
 * is checked is what happened, never how fast.
 */
#include "config.h"

#include <adwaita.h>

#include "duban-feed-server.h"
#include "duban-session.h"
#include "duban-sync-schedule.h"
#include "duban-window.h"

#define WAIT_USEC (90 * G_USEC_PER_SEC)

typedef struct {
  guint started;
  guint ended;
} SyncCount;

static void
syncing_changed_cb (DubanSession *session,
                    GParamSpec   *pspec,
                    SyncCount    *count)
{
  if (duban_session_get_syncing (session))
    count->started++;
  else
    count->ended++;
}

static gboolean
wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Spins until @count has seen @n syncs end and the session is idle. */
static void
spin_until_synced (DubanSession *session,
                   SyncCount    *count,
                   guint         n)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_USEC;
  guint source = g_timeout_add (50, wake_up, NULL);

  while ((count->ended < n || duban_session_get_syncing (session) || duban_session_get_loading (session)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_source_remove (source);
  g_assert_cmpuint (count->ended, >=, n);
}

/* A loopback port nothing listens at (bound, then closed). */
static guint16
refused_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);
  return port;
}

static char *
expected_last_sync (DubanSession *session)
{
  g_autofree char *full = duban_time_format_civil (duban_session_get_last_sync (session));
  g_autofree char *today = duban_time_format_civil (duban_time_now ());

  /* "14:03" today */
  g_assert_cmpint (strncmp (full, today, 10), ==, 0);
  return g_strdup_printf ("Last synced %s", full + 11);
}

static void
test_schedule_and_backoff (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanFeedServer) server = NULL;
  g_autoptr(DubanSession) session = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GPtrArray) overdue = NULL;
  g_autofree char *url = NULL;
  g_autofree char *refused_url = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *newly = NULL;
  g_autofree char *dir = g_dir_make_tmp ("duban-live-desk-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "duban.db", NULL);
  g_autofree char *cleanup = g_strdup_printf ("rm -rf '%s'", dir);
  DubanFeedOptions options;
  SyncCount count = { 0, 0 };
  DubanSyncSchedule *schedule;
  DubanWindow *window;

  duban_feed_options_init (&options);
  options.seed = 13;
  options.n_tickets = 300;
  server = duban_feed_server_new (&options, &error);
  g_assert_no_error (error);
  g_assert_true (duban_feed_server_listen (server, 0, &error));
  url = duban_feed_server_get_url (server);
  overdue = duban_feed_server_list_ids_in_state (server, DUBAN_STATE_OPEN_OVERDUE);
  g_assert_cmpuint (overdue->len, >, 0);

  settings = g_settings_new (APPLICATION_ID);
  g_settings_set_string (settings, "feed-url", url);
  /* an hour first: the first sync's message is read before a second
   * sync, however slow the machine */
  g_settings_set_uint (settings, "sync-interval", 3600);

  session = duban_session_new (db);
  g_signal_connect (session, "notify::syncing", G_CALLBACK (syncing_changed_cb), &count);
  window = duban_window_new (NULL, session);
  schedule = duban_window_get_sync_schedule (window);
  gtk_window_present (GTK_WINDOW (window));

  /* Never synced: the schedule syncs at once, and the header says so. */
  spin_until_synced (session, &count, 1);
  g_assert_cmpint (duban_session_get_ticket_count (session), >=, 300);
  expected = expected_last_sync (session);
  g_assert_cmpstr (duban_window_get_last_sync_text (window), ==, expected);
  g_assert_cmpuint (duban_sync_schedule_get_failures (schedule), ==, 0);
  g_assert_cmpuint (duban_sync_schedule_get_delay (schedule), ==, 3600);

  /* What changed, for the supervisor: every ticket overdue on the platform
   * is newly overdue to a desk that never saw it. */
  newly = g_strdup_printf ("%u newly overdue", overdue->len);
  g_assert_nonnull (duban_window_get_sync_message (window));
  g_test_message ("%s", duban_window_get_sync_message (window));
  g_assert_nonnull (strstr (duban_window_get_sync_message (window), newly));

  /* Then every second, by itself, again and again, with nothing new to say. */
  g_settings_set_uint (settings, "sync-interval", 1);
  g_assert_cmpuint (duban_sync_schedule_get_delay (schedule), ==, 1);
  spin_until_synced (session, &count, 3);
  g_assert_cmpuint (count.started, >=, 3);
  g_assert_null (duban_window_get_sync_message (window));

  /* The platform goes away: each sync fails at once (the connection is
   * refused; no retries), and the schedule waits twice as long each time. */
  refused_url = g_strdup_printf ("http://127.0.0.1:%u/", refused_port ());
  g_settings_set_string (settings, "feed-url", refused_url);
  /* (a good sync may still be under way when the address changes) */
  for (guint i = 0; i < 10 && duban_sync_schedule_get_failures (schedule) < 3; i++)
    spin_until_synced (session, &count, count.ended + 1);
  g_assert_cmpuint (duban_sync_schedule_get_failures (schedule), >=, 3);
  g_assert_cmpuint (duban_sync_schedule_get_delay (schedule), ==,
                    1u << duban_sync_schedule_get_failures (schedule));
  g_assert_true (g_str_has_prefix (duban_window_get_last_sync_text (window), "Offline, data as of "));
  g_assert_nonnull (strstr (duban_window_get_sync_message (window), "Connection refused"));
  g_assert_null (strstr (duban_window_get_sync_message (window), "attempts"));

  /* A platform answers again: back to the interval. */
  g_settings_set_string (settings, "feed-url", url);
  /* (a new address starts the count over at once; the good sync follows) */
  for (guint i = 0; i < 10 && (duban_sync_schedule_get_failures (schedule) > 0 ||
                               !g_str_has_prefix (duban_window_get_last_sync_text (window), "Last synced ")); i++)
    spin_until_synced (session, &count, count.ended + 1);
  g_assert_cmpuint (duban_sync_schedule_get_failures (schedule), ==, 0);
  g_assert_cmpuint (duban_sync_schedule_get_delay (schedule), ==, 1);
  g_assert_true (g_str_has_prefix (duban_window_get_last_sync_text (window), "Last synced "));

  /* By hand only: nothing planned. */
  g_settings_set_uint (settings, "sync-interval", 0);
  g_assert_cmpuint (duban_sync_schedule_get_delay (schedule), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "sync-interval");
  g_settings_reset (settings, "feed-url");
  g_spawn_command_line_sync (cleanup, NULL, NULL, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/app/live/schedule-and-backoff", test_schedule_and_backoff);

  return g_test_run ();
}
