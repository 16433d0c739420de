/* Sync against the reference platform on loopback, in this process.
 *
 * The server answers on this thread's main context; the client syncs on
 * a worker thread (as the desk does), so the test spins the main loop
 * until the sync finishes.
 */

#include "config.h"

#include <sqlite3.h>

#include "duban-feed-client.h"
#include "duban-feed-server.h"
#include "duban-store.h"
#include "duban-test.h"

typedef struct {
  char            *dir;
  char            *db;
  DubanFeedServer *server;
  char            *url;
} Fixture;

static DubanTime
t (const char *text)
{
  DubanTime time;

  g_assert_true (duban_time_parse_rfc3339 (text, &time, NULL));
  return time;
}

static void
start_server (Fixture    *f,
              const char *token,
              guint       n_invalid)
{
  DubanFeedOptions options;
  g_autoptr(GError) error = NULL;

  duban_feed_options_init (&options);
  options.seed = 7;
  options.n_tickets = 300;
  options.now = t ("2026-10-15T12:00:00+08:00");
  options.token = token;
  options.n_invalid = n_invalid;
  options.page_size = 50;

  f->server = duban_feed_server_new (&options, &error);
  g_assert_no_error (error);
  g_assert_true (duban_feed_server_listen (f->server, 0, &error));
  g_assert_no_error (error);
  f->url = duban_feed_server_get_url (f->server);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("duban-sync-XXXXXX", NULL);
  f->db = g_build_filename (f->dir, "duban.db", NULL);
  start_server (f, NULL, 3);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_object (&f->server);
  g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->url);
}

typedef struct {
  gboolean        done;
  gboolean        ok;
  DubanSyncStats  stats;
  GError         *error;
  guint           progress_calls;
} SyncResult;

static void
on_progress (const DubanSyncStats *stats,
             gpointer              user_data)
{
  SyncResult *result = user_data;

  /* called on this thread, once per committed page */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  result->progress_calls++;
  g_assert_cmpuint (stats->pages, ==, result->progress_calls);
}

static void
on_synced (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  SyncResult *result = user_data;

  result->ok = duban_feed_client_sync_finish (DUBAN_FEED_CLIENT (source), res,
                                              &result->stats, &result->error);
  result->done = TRUE;
}

static gboolean
run_sync (Fixture        *f,
          const char     *url,
          const char     *token,
          gboolean        open311,
          DubanSyncStats *stats,
          GError        **error)
{
  g_autoptr(DubanFeedClient) client = duban_feed_client_new (url);
  SyncResult result = { 0 };

  duban_feed_client_set_token (client, token);
  duban_feed_client_set_open311 (client, open311);
  duban_feed_client_set_page_size (client, 50);
  duban_feed_client_sync_async (client, f->db, on_progress, &result, NULL, on_synced, &result);

  while (!result.done)
    g_main_context_iteration (NULL, TRUE);

  if (stats != NULL)
    *stats = result.stats;
  if (result.error != NULL)
    g_propagate_error (error, result.error);

  if (result.ok)
    g_assert_cmpuint (result.progress_calls, ==, result.stats.pages);

  return result.ok;
}

static guint
count_valid_on_server (Fixture *f)
{
  g_autoptr(GPtrArray) ids = duban_feed_server_list_ids (f->server);
  guint valid = 0;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(DubanTicket) ticket = duban_feed_server_get_ticket (f->server, g_ptr_array_index (ids, i));
      if (ticket != NULL)
        valid++;
    }

  return valid;
}


static void
test_full_then_incremental (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(DubanTicket) changed = NULL;
  g_autoptr(DubanTicket) added = NULL;
  g_autoptr(DubanTicket) read = NULL;
  g_autoptr(GPtrArray) ids = duban_feed_server_list_ids (f->server);
  g_autoptr(GPtrArray) quarantine = NULL;
  g_autofree char *token_after_full = NULL;
  g_autofree char *token_after_second = NULL;
  const char *victim = NULL;
  const char *changed_id = NULL;
  DubanSyncStats stats;
  guint valid = count_valid_on_server (f);

  g_assert_cmpuint (valid, ==, 300);
  g_assert_true (run_sync (f, f->url, NULL, FALSE, &stats, &error));
  g_assert_no_error (error);
  g_assert_true (stats.full);
  g_assert_cmpuint (stats.inserted, ==, 300);
  g_assert_cmpuint (stats.updated + stats.unchanged, ==, 0);
  g_assert_cmpuint (stats.quarantined, ==, 3);
  g_assert_cmpuint (stats.pages, ==, (300 + 3 + 49) / 50);

  store = duban_store_open (f->db, &error);
  g_assert_cmpint (duban_store_count_tickets (store), ==, 300);
  g_assert_cmpint (duban_store_count_quarantine (store), ==, 3);
  quarantine = duban_store_load_quarantine (store, &error);
  for (guint i = 0; i < quarantine->len; i++)
    {
      const DubanQuarantineRecord *record = g_ptr_array_index (quarantine, i);

      g_assert_true (record->reason != NULL && *record->reason != '\0');
      g_assert_true (record->raw != NULL && record->raw[0] == '{');
    }
  token_after_full = duban_store_get_state (store, "sync_token");
  g_assert_nonnull (token_after_full);
  {
    g_autofree char *last_sync = duban_store_get_state (store, "last_sync_at");
    g_assert_nonnull (last_sync);
  }

  /* local records that no sync may touch */
  g_assert_true (duban_store_add_note (store, g_ptr_array_index (ids, 0), "已电话督促", &error));
  g_assert_true (duban_store_audit (store, "note", g_ptr_array_index (ids, 0), NULL, &error));

  /* the platform changes: one ticket updated, one added, one deleted, one invalid */
  for (guint i = 0; i < ids->len && (victim == NULL || changed_id == NULL); i++)
    {
      g_autoptr(DubanTicket) probe = duban_feed_server_get_ticket (f->server, g_ptr_array_index (ids, i));

      if (probe == NULL)
        continue;
      if (changed_id == NULL)
        changed_id = g_ptr_array_index (ids, i);
      else
        victim = g_ptr_array_index (ids, i);
    }
  changed = duban_feed_server_get_ticket (f->server, changed_id);
  g_free (changed->title);
  changed->title = g_strdup ("标题已更新");
  changed->updated_at += DUBAN_USEC_PER_HOUR;
  duban_feed_server_put_ticket (f->server, changed);

  added = duban_ticket_copy (changed);
  g_free (added->id);
  added->id = g_strdup ("JXTEST000001");
  duban_feed_server_put_ticket (f->server, added);

  g_assert_true (duban_feed_server_delete_ticket (f->server, victim));
  duban_feed_server_put_raw (f->server, "JXBAD", "{\"id\":\"JXBAD\",\"title\":\"无类型\"}");

  g_assert_true (run_sync (f, f->url, NULL, FALSE, &stats, &error));
  g_assert_no_error (error);
  g_assert_false (stats.full);
  g_assert_cmpuint (stats.inserted, ==, 1);
  g_assert_cmpuint (stats.updated, ==, 1);
  g_assert_cmpuint (stats.deleted, ==, 1);
  g_assert_cmpuint (stats.quarantined, ==, 1);

  g_assert_cmpint (duban_store_count_tickets (store), ==, 300);
  read = duban_store_get_ticket (store, changed_id, &error);
  g_assert_cmpstr (read->title, ==, "标题已更新");
  g_assert_null (duban_store_get_ticket (store, victim, NULL));
  token_after_second = duban_store_get_state (store, "sync_token");
  g_assert_cmpstr (token_after_second, !=, token_after_full);

  /* nothing changed: nothing to do */
  g_assert_true (run_sync (f, f->url, NULL, FALSE, &stats, &error));
  g_assert_cmpuint (stats.inserted + stats.updated + stats.deleted + stats.quarantined, ==, 0);

  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM notes", NULL), ==, 1);
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM audit_log", NULL), ==, 1);
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM regions WHERE level = 'grid'", NULL), ==, 853);
}

/* A page that is not JSON fails the sync; what committed before stays,
 * the token does not advance, and the next sync completes. */
static void
test_broken_page (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(DubanTicket) fixed = NULL;
  g_autoptr(GPtrArray) ids = duban_feed_server_list_ids (f->server);
  g_autofree char *token_before = NULL;
  g_autofree char *token_after = NULL;
  const char *id = NULL;
  DubanSyncStats stats;

  g_assert_true (run_sync (f, f->url, NULL, FALSE, &stats, &error));
  store = duban_store_open (f->db, &error);
  token_before = duban_store_get_state (store, "sync_token");

  for (guint i = 0; i < ids->len && id == NULL; i++)
    {
      g_autoptr(DubanTicket) probe = duban_feed_server_get_ticket (f->server, g_ptr_array_index (ids, i));
      if (probe != NULL)
        id = g_ptr_array_index (ids, i);
    }
  fixed = duban_feed_server_get_ticket (f->server, id);
  duban_feed_server_put_raw (f->server, id, "{\"id\": \"cut off in the mid");

  g_assert_false (run_sync (f, f->url, NULL, FALSE, &stats, &error));
  g_assert_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_MALFORMED);
  g_clear_error (&error);

  g_free (token_after);
  token_after = duban_store_get_state (store, "sync_token");
  g_assert_cmpstr (token_after, ==, token_before);
  g_assert_cmpint (duban_store_count_tickets (store), ==, 300);

  fixed->updated_at += DUBAN_USEC_PER_HOUR;
  duban_feed_server_put_ticket (f->server, fixed);
  g_assert_true (run_sync (f, f->url, NULL, FALSE, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.updated, ==, 1);
  g_free (token_after);
  token_after = duban_store_get_state (store, "sync_token");
  g_assert_cmpstr (token_after, !=, token_before);
}

static void
test_unauthorized (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  DubanSyncStats stats;

  g_clear_object (&f->server);
  g_clear_pointer (&f->url, g_free);
  start_server (f, "s3cret-token", 0);

  g_assert_false (run_sync (f, f->url, NULL, FALSE, &stats, &error));
  g_assert_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  g_assert_false (run_sync (f, f->url, "wrong", FALSE, &stats, &error));
  g_assert_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  g_assert_true (run_sync (f, f->url, "s3cret-token", FALSE, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.inserted, ==, 300);
}

/* A full sync from another platform leaves only that platform's tickets;
 * local records stay. */
static void
test_full_sync_sweeps (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = duban_store_open (f->db, &error);
  g_autoptr(DubanTicket) stray = duban_ticket_new ();
  DubanSyncStats stats;

  stray->id = g_strdup ("OLD-PLATFORM-1");
  stray->title = g_strdup ("旧平台工单");
  stray->category = g_strdup ("其他");
  stray->received_at = stray->updated_at = t ("2025-01-06T09:00:00+08:00");
  g_assert_true (duban_store_upsert_ticket (store, stray, NULL, &error));
  g_assert_true (duban_store_add_note (store, "OLD-PLATFORM-1", "旧平台备注", &error));

  g_assert_true (run_sync (f, f->url, NULL, FALSE, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.deleted, ==, 1);
  g_assert_null (duban_store_get_ticket (store, "OLD-PLATFORM-1", NULL));
  g_assert_cmpint (duban_store_count_tickets (store), ==, 300);
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM notes", NULL), ==, 1);
}

static void
test_open311 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = NULL;
  g_autofree char *endpoint = g_strconcat (f->url, "/open311", NULL);
  g_autoptr(GPtrArray) tickets = NULL;
  DubanSyncStats stats;

  g_assert_true (run_sync (f, endpoint, NULL, TRUE, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.inserted, >, 0);

  store = duban_store_open (f->db, &error);
  tickets = duban_store_load_tickets (store, &error);
  g_assert_cmpuint (tickets->len, ==, stats.inserted);
  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);

      g_assert_true (ticket->status == DUBAN_STATUS_IN_PROGRESS || ticket->status == DUBAN_STATUS_CLOSED);
      if (ticket->status == DUBAN_STATUS_CLOSED)
        g_assert_cmpint (ticket->resolved_at, !=, DUBAN_TIME_NONE);
    }
}

static void
test_unreachable (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanFeedClient) client = NULL;
  guint port = duban_feed_server_get_port (f->server);
  g_autofree char *url = NULL;
  DubanSyncStats stats;

  /* nothing listens there once the server is gone */
  g_clear_object (&f->server);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  client = duban_feed_client_new (url);
  g_test_message ("expect a few retries against a closed port");
  g_assert_false (duban_feed_client_sync (client, f->db, &stats, NULL, NULL, NULL, &error));
  g_assert_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_NETWORK);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync/full-then-incremental", test_full_then_incremental);
  ADD ("/sync/broken-page", test_broken_page);
  ADD ("/sync/unauthorized", test_unauthorized);
  ADD ("/sync/full-sync-sweeps", test_full_sync_sweeps);
  ADD ("/sync/open311", test_open311);
  ADD ("/sync/unreachable", test_unreachable);
#undef ADD

  return g_test_run ();
}
