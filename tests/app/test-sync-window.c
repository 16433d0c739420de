/* test-sync-window.c — the desk syncs from the reference platform on
 * loopback, and the most overdue ticket is on top of its list.
 *
 * The platform runs in this process (its handlers on this thread's main
 * context); the desk's sync runs on its worker thread, so the test spins
 * the main loop until both are done.
 */
#include "config.h"

#include <adwaita.h>

#include "duban-desk.h"
#include "duban-feed-server.h"
#include "duban-judgement-history.h"
#include "duban-session.h"
#include "duban-store-judgement-history.h"
#include "duban-ticket-object.h"
#include "duban-window.h"

#define WAIT_USEC (60 * G_USEC_PER_SEC)

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
spin_until_loaded (DubanSession *session)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_USEC;
  guint source = g_timeout_add (50, wake_up, NULL);

  while ((!duban_session_get_loaded (session) || duban_session_get_loading (session) ||
          duban_session_get_syncing (session)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_source_remove (source);
}

static void
record_attention_cb (DubanSession       *session,
                     const char * const *newly_overdue,
                     const char * const *newly_warning,
                     const char * const *newly_uncontacted,
                     const char * const *newly_replied,
                     GPtrArray          *told)
{
  for (const char * const *id = newly_overdue; *id != NULL; id++)
    g_ptr_array_add (told, g_strdup (*id));
}

static void
test_sync_then_overdue_on_top (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanFeedServer) server = NULL;
  g_autoptr(DubanSession) session = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) overdue = NULL;
  g_autoptr(DubanTicketObject) top = NULL;
  g_autofree char *url = NULL;
  g_autofree char *dir = g_dir_make_tmp ("duban-sync-window-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "duban.db", NULL);
  g_autofree char *cleanup = g_strdup_printf ("rm -rf '%s'", dir);
  DubanFeedOptions options;
  DubanSyncStats stats;
  g_autoptr(GPtrArray) told = g_ptr_array_new_with_free_func (g_free);
  GtkSingleSelection *selection;
  DubanWindow *window;
  const char *top_id;
  gboolean top_is_known = FALSE;

  /* the platform's present is the real present, as the desk's is */
  duban_feed_options_init (&options);
  options.seed = 11;
  options.n_tickets = 500;
  options.n_invalid = 2;
  server = duban_feed_server_new (&options, &error);
  g_assert_no_error (error);
  g_assert_true (duban_feed_server_listen (server, 0, &error));
  url = duban_feed_server_get_url (server);

  settings = g_settings_new (APPLICATION_ID);
  g_settings_set_string (settings, "feed-url", url);

  session = duban_session_new (db);
  window = duban_window_new (NULL, session);
  duban_window_set_auto_sync (window, FALSE);
  gtk_window_present (GTK_WINDOW (window));

  /* the session, not the window, works out what newly needs attention */
  g_signal_connect (session, "attention-changed", G_CALLBACK (record_attention_cb), told);
  duban_session_sync_async (session, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (duban_session_sync_finish (session, result, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.inserted, >=, 500);
  g_assert_cmpuint (stats.quarantined, ==, 2);

  spin_until_loaded (session);
  g_assert_cmpint (duban_session_get_quarantine_count (session), ==, 2);
  g_assert_cmpstr (duban_window_get_page_name (window), ==, "tickets");

  selection = duban_window_get_selection (window);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), >, 0);
  top = g_list_model_get_item (G_LIST_MODEL (selection), 0);
  top_id = duban_ticket_object_get_id (top);

  /* The platform knows which of its tickets are overdue now. */
  overdue = duban_feed_server_list_ids_in_state (server, DUBAN_STATE_OPEN_OVERDUE);
  g_assert_cmpuint (overdue->len, >, 0);
  for (guint i = 0; i < overdue->len; i++)
    if (g_str_equal (g_ptr_array_index (overdue, i), top_id))
      top_is_known = TRUE;
  g_assert_true (top_is_known);
  g_assert_cmpint (duban_ticket_object_get_status (top)->state, ==, DUBAN_STATE_OPEN_OVERDUE);

  /* told once, after the good sync, of every ticket overdue on the platform */
  g_assert_cmpuint (told->len, ==, overdue->len);
  for (guint i = 0; i < overdue->len; i++)
    g_assert_true (g_ptr_array_find_with_equal_func (told, g_ptr_array_index (overdue, i), g_str_equal, NULL));

  /* and nothing below it is later than it */
  for (guint i = 1; i < g_list_model_get_n_items (G_LIST_MODEL (selection)); i++)
    {
      g_autoptr(DubanTicketObject) other = g_list_model_get_item (G_LIST_MODEL (selection), i);

      if (duban_ticket_object_get_status (other)->state == DUBAN_STATE_OPEN_OVERDUE)
        g_assert_cmpfloat (duban_ticket_object_get_status (other)->lateness_seconds, <=,
                           duban_ticket_object_get_status (top)->lateness_seconds);
    }

  /* and the 研判's kept rows are brought up to date after the good sync,
   * on a worker: the first 研判 page need not */
  {
    g_autoptr(DubanDesk) desk = duban_desk_load (db, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_REGIONS, duban_time_now (),
                                                 NULL, &error);
    g_autofree char *stamp = NULL;
    gint64 deadline = g_get_monotonic_time () + WAIT_USEC;
    gboolean current = FALSE;

    g_assert_no_error (error);
    stamp = duban_judgement_history_stamp (duban_desk_get_regions (desk), duban_desk_get_policy (desk),
                                           duban_desk_get_calendar (desk));
    while (g_get_monotonic_time () < deadline)
      {
        g_assert_true (duban_store_judgement_history_is_current (duban_desk_get_store (desk), stamp, &current, NULL,
                                                                 NULL, &error));
        if (current)
          break;
        g_usleep (50 * 1000);
        g_main_context_iteration (NULL, FALSE);
      }
    g_assert_true (current);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_spawn_command_line_sync (cleanup, NULL, NULL, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/app/sync/overdue-on-top", test_sync_then_overdue_on_top);

  return g_test_run ();
}
