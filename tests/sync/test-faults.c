/* test-faults.c — the sync and the outbox against a platform that misbehaves
 *
 * The reference platform runs in this process on loopback with faults
 * injected (5xx, 429 with Retry-After, slow answers, bodies cut mid-JSON,
 * invalid tickets, expired sync tokens). The client syncs on a worker
 * thread as the desk does; the test spins the main loop meanwhile.
 *
 * What must hold whatever happens: after a failed or interrupted sync the
 * store is the store before it or a later consistent state (every ticket
 * a version the platform really had, nothing lost that the platform still
 * has); a sync that succeeds leaves exactly the platform's tickets; every
 * invalid ticket sits in quarantine once, with its reason; each order
 * reaches the platform exactly once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "duban-feed-client.h"
#include "duban-feed-server.h"
#include "duban-orders.h"
#include "duban-outbox.h"
#include "duban-store.h"
#include "duban-test.h"

#define N_TICKETS 800
#define N_INVALID 8
#define PAGE_SIZE 60

typedef struct {
  char            *dir;
  char            *db;
  DubanFeedServer *server;
  char            *url;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  DubanFeedOptions options;
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("duban-faults-XXXXXX", NULL);
  f->db = g_build_filename (f->dir, "duban.db", NULL);

  duban_feed_options_init (&options);
  options.seed = 11;
  options.n_tickets = N_TICKETS;
  g_assert_true (duban_time_parse_rfc3339 ("2026-10-15T12:00:00+08:00", &options.now, NULL));
  options.n_invalid = N_INVALID;
  options.page_size = PAGE_SIZE;
  f->server = duban_feed_server_new (&options, &error);
  g_assert_no_error (error);
  g_assert_true (duban_feed_server_listen (f->server, 0, &error));
  g_assert_no_error (error);
  f->url = duban_feed_server_get_url (f->server);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_object (&f->server);
  g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->url);
}

static void
set_faults (Fixture    *f,
            const char *spec)
{
  DubanFeedFaults faults;
  g_autoptr(GError) error = NULL;

  g_assert_true (duban_feed_faults_parse (spec, &faults, &error));
  g_assert_no_error (error);
  faults.seed = g_test_rand_int ();
  duban_feed_server_set_faults (f->server, &faults);
}

/* ---- syncing -------------------------------------------------------- */

typedef struct {
  gboolean        done;
  gboolean        ok;
  DubanSyncStats  stats;
  GError         *error;
  guint           last_pages;
  guint           last_tickets;
} SyncResult;

static void
on_progress (const DubanSyncStats *stats,
             gpointer              user_data)
{
  SyncResult *result = user_data;

  /* on this thread, and pages and tickets only grow (a 410 starts the
   * count again from the first page) */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  if (stats->pages > result->last_pages)
    g_assert_cmpuint (stats->tickets, >=, result->last_tickets);
  g_assert_cmpuint (stats->tickets, >=, stats->inserted + stats->updated + stats->unchanged);
  result->last_pages = stats->pages;
  result->last_tickets = stats->tickets;
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
cancel_now (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* One sync; @cancel_after_ms > 0 cancels it that long after it starts. */
static gboolean
run_sync (Fixture         *f,
          guint            cancel_after_ms,
          DubanSyncStats  *stats,
          GError         **error)
{
  g_autoptr(DubanFeedClient) client = duban_feed_client_new (f->url);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  SyncResult result = { 0 };
  guint timer = 0;

  duban_feed_client_set_page_size (client, PAGE_SIZE);
  if (cancel_after_ms > 0)
    timer = g_timeout_add (cancel_after_ms, cancel_now, cancellable);
  duban_feed_client_sync_async (client, f->db, on_progress, &result, cancellable, on_synced, &result);
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);
  if (timer != 0 && !g_cancellable_is_cancelled (cancellable))
    g_source_remove (timer);

  if (stats != NULL)
    *stats = result.stats;
  if (result.error != NULL)
    g_propagate_error (error, result.error);
  return result.ok;
}

/* Syncs until one succeeds; faults may make a few fail. */
static void
sync_until_done (Fixture        *f,
                 DubanSyncStats *stats)
{
  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(GError) error = NULL;

      if (run_sync (f, 0, stats, &error))
        return;
      g_test_message ("sync attempt %u failed: %s", attempt + 1, error->message);
      g_assert_cmpuint (attempt, <, 8);
    }
}

/* ---- what the store and the platform hold --------------------------- */

/* id → updated_at of the store's tickets */
static GHashTable *
store_versions (const char *db_path)
{
  GHashTable *versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, updated_at FROM tickets", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (versions, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 1) }, sizeof (gint64)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return versions;
}

static GHashTable *
server_versions (Fixture *f)
{
  GHashTable *versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) ids = duban_feed_server_list_ids (f->server);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(DubanTicket) ticket = duban_feed_server_get_ticket (f->server, g_ptr_array_index (ids, i));

      if (ticket != NULL)
        g_hash_table_insert (versions, g_strdup (ticket->id),
                             g_memdup2 (&ticket->updated_at, sizeof (gint64)));
    }
  return versions;
}


static void
assert_integrity (const char *db_path)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static char *
sync_token (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = duban_store_open (db_path, &error);

  g_assert_no_error (error);
  return duban_store_get_state (store, "sync_token");
}

static gboolean
same_versions (GHashTable *a,
               GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 *other = g_hash_table_lookup (b, key);

      if (other == NULL || *other != *(gint64 *) value)
        return FALSE;
    }
  return TRUE;
}

/* The store after a failed sync: each ticket either as it was before or
 * as the platform has it now; each ticket the platform still has and the
 * store had before still there. */
static void
assert_consistent (GHashTable *before,
                   GHashTable *now_stored,
                   GHashTable *platform)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, now_stored);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 *old = g_hash_table_lookup (before, key);
      gint64 *current = g_hash_table_lookup (platform, key);
      gint64 stored = *(gint64 *) value;

      if (!((old != NULL && *old == stored) || (current != NULL && *current == stored)))
        g_error ("ticket %s holds a version that was never on the platform", (char *) key);
    }

  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_hash_table_contains (platform, key) && !g_hash_table_contains (now_stored, key))
      g_error ("ticket %s was lost", (char *) key);
}

static void
assert_quarantine_complete (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = duban_store_open (f->db, &error);
  g_autoptr(GPtrArray) quarantine = duban_store_load_quarantine (store, &error);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) ids = duban_feed_server_list_ids (f->server);
  guint invalid_on_server = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(DubanTicket) ticket = duban_feed_server_get_ticket (f->server, g_ptr_array_index (ids, i));

      if (ticket == NULL)
        invalid_on_server++;
    }

  for (guint i = 0; i < quarantine->len; i++)
    {
      const DubanQuarantineRecord *entry = g_ptr_array_index (quarantine, i);

      g_assert_nonnull (entry->reason);
      g_assert_cmpuint (strlen (entry->reason), >, 0);
      g_assert_nonnull (entry->raw);
      /* once each */
      if (entry->ticket_id != NULL)
        g_assert_true (g_hash_table_add (seen, entry->ticket_id));
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, invalid_on_server);
}

/* ---- tests ---------------------------------------------------------- */

static void
test_converges_under_faults (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(GHashTable) platform = NULL;
  DubanSyncStats stats;

  set_faults (f, "5xx=0.15,429=0.1,cut=0.1,slow=0.03");
  sync_until_done (f, &stats);
  g_assert_cmpuint (stats.tickets, >=, N_TICKETS + N_INVALID);

  stored = store_versions (f->db);
  platform = server_versions (f);
  g_assert_cmpuint (g_hash_table_size (stored), ==, N_TICKETS);
  g_assert_true (same_versions (stored, platform));
  /* no duplicates: every row a distinct platform ticket */
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(DISTINCT id) FROM tickets", NULL), ==, N_TICKETS);
  assert_quarantine_complete (f);

  /* the platform moves on, and says once in a while that our token
   * expired: still the platform's tickets exactly, quarantine once each */
  for (guint round = 0; round < 3; round++)
    {
      g_clear_pointer (&stored, g_hash_table_unref);
      g_clear_pointer (&platform, g_hash_table_unref);

      duban_feed_server_live_step (f->server, 120);
      set_faults (f, "5xx=0.1,429=0.1,cut=0.1,expire=0.5");
      sync_until_done (f, &stats);
      stored = store_versions (f->db);
      platform = server_versions (f);
      g_assert_true (same_versions (stored, platform));
      assert_quarantine_complete (f);
    }
}

static void
test_interrupted_stays_consistent (Fixture       *f,
                                   gconstpointer  data)
{
  DubanSyncStats stats;

  sync_until_done (f, &stats);

  for (guint round = 0; round < 12; round++)
    {
      g_autoptr(GHashTable) before = store_versions (f->db);
      g_autoptr(GHashTable) after = NULL;
      g_autoptr(GHashTable) platform = NULL;
      g_autofree char *token_before = sync_token (f->db);
      g_autofree char *token_after = NULL;
      g_autoptr(GError) error = NULL;
      gboolean ok;

      duban_feed_server_live_step (f->server, 150);
      /* a cancel at a random moment, pages cut off so often that the
       * sync gives up midway, or a 410 and a full sync that gives up */
      switch (round % 3)
        {
        case 0:
          set_faults (f, "5xx=0.1,429=0.1,cut=0.1");
          ok = run_sync (f, g_test_rand_int_range (1, 1500), &stats, &error);
          break;
        case 1:
          set_faults (f, "cut=0.6");
          ok = run_sync (f, 0, &stats, &error);
          break;
        default:
          set_faults (f, "cut=0.4,expire=1");
          ok = run_sync (f, 0, &stats, &error);
          break;
        }
      g_test_message ("round %u: %s", round, ok ? "completed" : error->message);

      after = store_versions (f->db);
      platform = server_versions (f);
      token_after = sync_token (f->db);
      if (ok || g_strcmp0 (token_before, token_after) != 0)
        /* a sync that got to its end holds the platform exactly */
        g_assert_true (same_versions (after, platform));
      else
        assert_consistent (before, after, platform);
      assert_integrity (f->db);
    }

  /* and the next good sync puts everything right */
  set_faults (f, "");
  sync_until_done (f, &stats);
  {
    g_autoptr(GHashTable) stored = store_versions (f->db);
    g_autoptr(GHashTable) platform = server_versions (f);

    g_assert_true (same_versions (stored, platform));
  }
  assert_quarantine_complete (f);
}

/* 410 answers a full sync that keeps the desk's own records. */
static void
test_expired_token_keeps_local_records (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(DubanOrder) order = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  DubanSyncStats stats;
  gint64 notes, orders, audit;

  sync_until_done (f, &stats);
  g_assert_true (stats.full);

  store = duban_store_open (f->db, &error);
  g_assert_no_error (error);
  ids = duban_feed_server_list_ids_in_state (f->server, DUBAN_STATE_OPEN_OVERDUE);
  g_assert_cmpuint (ids->len, >, 0);
  g_assert_true (duban_store_add_note (store, g_ptr_array_index (ids, 0), "电话催办，承诺周五前答复", &error));
  order = duban_orders_issue (store, g_ptr_array_index (ids, 0), DUBAN_ORDER_YELLOW, "逾期未办结",
                              DUBAN_TIME_NONE, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  notes = duban_test_count_rows (f->db, "SELECT count(*) FROM notes", NULL);
  orders = duban_test_count_rows (f->db, "SELECT count(*) FROM supervision_orders", NULL);
  audit = duban_test_count_rows (f->db, "SELECT count(*) FROM audit_log", NULL);

  duban_feed_server_live_step (f->server, 50);
  set_faults (f, "expire=1");
  sync_until_done (f, &stats);
  g_assert_true (stats.full);   /* the 410 turned it into a full sync */

  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM notes", NULL), ==, notes);
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM supervision_orders", NULL), ==, orders);
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM audit_log", NULL), >=, audit);
  {
    g_autoptr(GHashTable) stored = store_versions (f->db);
    g_autoptr(GHashTable) platform = server_versions (f);

    g_assert_true (same_versions (stored, platform));
  }
  assert_quarantine_complete (f);
}

/* ---- the outbox ----------------------------------------------------- */

typedef struct {
  gboolean          done;
  gboolean          ok;
  DubanOutboxStats  stats;
  GError           *error;
} FlushResult;

static void
on_flushed (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  FlushResult *result = user_data;

  result->ok = duban_outbox_flush_finish (DUBAN_FEED_CLIENT (source), res, &result->stats, &result->error);
  result->done = TRUE;
}

static gboolean
flush (Fixture          *f,
       DubanOutboxStats *stats)
{
  /* a new client each time: as after a restart of the desk */
  g_autoptr(DubanFeedClient) client = duban_feed_client_new (f->url);
  FlushResult result = { 0 };

  duban_outbox_flush_async (client, f->db, NULL, on_flushed, &result);
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);
  if (result.error != NULL)
    g_test_message ("flush: %s", result.error->message);
  g_clear_error (&result.error);
  *stats = result.stats;
  return result.ok;
}

static void
exec_sql (const char *db_path,
          const char *sql)
{
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_orders_exactly_once (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GPtrArray) ids = duban_feed_server_list_ids_in_state (f->server, DUBAN_STATE_OPEN_OVERDUE);
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_order_free);
  g_autoptr(DubanOrder) unknown = NULL;
  DubanOutboxStats stats;
  DubanSyncStats sync_stats;
  guint rounds = 0;

  /* orders are issued only for stored tickets */
  sync_until_done (f, &sync_stats);
  store = duban_store_open (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >, 0);
  {
    /* a ticket the desk has and the platform does not (any more) */
    g_autoptr(DubanTicket) gone = duban_store_get_ticket (store, g_ptr_array_index (ids, 0), &error);

    g_assert_no_error (error);
    g_free (gone->id);
    gone->id = g_strdup ("JX-NOT-ON-THE-PLATFORM");
    g_assert_true (duban_store_upsert_ticket (store, gone, NULL, &error));
    g_assert_no_error (error);
  }
  for (guint i = 0; i < 24; i++)
    {
      DubanOrder *order = duban_orders_issue (store, g_ptr_array_index (ids, i % ids->len),
                                              (DubanOrderLevel) (i % 3), "请于三日内办结并反馈",
                                              DUBAN_TIME_NONE, &error);

      g_assert_no_error (error);
      g_ptr_array_add (orders, order);
    }
  /* an order for a ticket the platform does not have: refused, for a
   * person to look at, and kept in the outbox */
  unknown = duban_orders_issue (store, "JX-NOT-ON-THE-PLATFORM", DUBAN_ORDER_NOTICE, "",
                                DUBAN_TIME_NONE, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  /* the platform loses answers (5xx after it stored the order), rate-limits
   * and is slow; the desk restarts between flushes and, as after a crash
   * between the answer and its commit, sends some delivered orders again */
  set_faults (f, "5xx=0.3,429=0.2,slow=0.05");
  for (;;)
    {
      g_assert_true (flush (f, &stats));
      rounds++;
      g_assert_cmpuint (stats.waiting, >=, 1);
      if (duban_test_count_rows (f->db, "SELECT count(*) FROM outbox o JOIN supervision_orders s USING (client_id)"
                             " WHERE s.ticket_id <> 'JX-NOT-ON-THE-PLATFORM'", NULL) == 0)
        break;
      g_assert_cmpuint (rounds, <, 40);
      /* days pass: every postponed order is due again */
      exec_sql (f->db, "UPDATE outbox SET next_attempt_at = 0");
    }
  g_test_message ("delivered after %u flushes", rounds);

  /* a resend of everything, as if the outbox rows had come back */
  exec_sql (f->db, "INSERT INTO outbox (client_id, method, path, payload, attempts, next_attempt_at, created_at)"
                   " SELECT o.client_id, 'POST', '/api/v1/tickets/' || o.ticket_id || '/supervisions',"
                   " json_object('client_id', o.client_id, 'level', o.level, 'note', o.note,"
                   "             'issued_by', o.issued_by, 'issued_at', '2026-10-15T12:00:00+08:00'),"
                   " 0, 0, 0 FROM supervision_orders o WHERE o.delivery_state = 'delivered'");
  set_faults (f, "5xx=0.2");
  for (rounds = 0; ; rounds++)
    {
      g_assert_true (flush (f, &stats));
      if (duban_test_count_rows (f->db, "SELECT count(*) FROM outbox o JOIN supervision_orders s USING (client_id)"
                             " WHERE s.ticket_id <> 'JX-NOT-ON-THE-PLATFORM'", NULL) == 0)
        break;
      g_assert_cmpuint (rounds, <, 40);
      exec_sql (f->db, "UPDATE outbox SET next_attempt_at = 0");
    }

  for (guint i = 0; i < orders->len; i++)
    {
      const DubanOrder *order = g_ptr_array_index (orders, i);

      g_assert_cmpuint (duban_feed_server_count_supervisions (f->server, order->client_id), ==, 1);
    }
  g_assert_cmpuint (duban_feed_server_count_supervisions (f->server, NULL), ==, orders->len);
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM supervision_orders WHERE delivery_state = 'delivered'"
                                      " AND delivered_at IS NOT NULL", NULL), ==, orders->len);
  /* refused (404), or pending if its last try met an injected 5xx */
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM supervision_orders WHERE delivery_state <> 'delivered'"
                                      " AND last_error IS NOT NULL AND ticket_id = 'JX-NOT-ON-THE-PLATFORM'", NULL), ==, 1);
  /* the refused order is the one left, waiting with its error */
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM outbox", NULL), ==, 1);
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM outbox o JOIN supervision_orders s USING (client_id)"
                                      " WHERE s.ticket_id = 'JX-NOT-ON-THE-PLATFORM'", NULL), ==, 1);
}

/* Offline: orders wait, with their attempts counted and a later time set,
 * and nothing is lost; back online they go. */
static void
test_outbox_offline (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = duban_store_open (f->db, &error);
  g_autoptr(GPtrArray) ids = duban_feed_server_list_ids_in_state (f->server, DUBAN_STATE_OPEN_WARNING);
  g_autoptr(DubanOrder) order = NULL;
  g_autoptr(DubanFeedClient) offline = NULL;
  g_autofree char *dead_url = NULL;
  DubanOutboxStats stats;
  DubanSyncStats sync_stats;

  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >, 0);
  sync_until_done (f, &sync_stats);
  order = duban_orders_issue (store, g_ptr_array_index (ids, 0), DUBAN_ORDER_RED, "",
                              DUBAN_TIME_NONE, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  /* a port nobody listens on */
  {
    g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;

    g_assert_true (g_socket_bind (socket, address, TRUE, NULL));
    bound = g_socket_get_local_address (socket, NULL);
    dead_url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  }
  offline = duban_feed_client_new (dead_url);
  g_assert_true (duban_outbox_flush (offline, f->db, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.waiting, ==, 1);
  g_assert_cmpuint (stats.delivered, ==, 0);
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT attempts FROM outbox", NULL), ==, 1);
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM outbox WHERE next_attempt_at > strftime('%s','now') * 1000000", NULL), ==, 1);
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM supervision_orders WHERE delivery_state = 'pending'"
                                      " AND last_error IS NOT NULL", NULL), ==, 1);

  /* not due yet: a flush leaves it alone */
  g_assert_true (duban_outbox_flush (offline, f->db, &stats, NULL, &error));
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT attempts FROM outbox", NULL), ==, 1);

  /* days later, the platform is back */
  exec_sql (f->db, "UPDATE outbox SET next_attempt_at = 0");
  g_assert_true (flush (f, &stats));
  g_assert_cmpuint (stats.delivered, ==, 1);
  g_assert_cmpuint (duban_feed_server_count_supervisions (f->server, order->client_id), ==, 1);
}

/* Nothing listens at the address: the sync says so at once, without
 * retrying (before, six tries with back-off kept the desk on
 * "connecting" for ~13 s to say the same); the desk's schedule retries. */
static void
test_refused_at_once (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  DubanSyncStats stats;

  /* bound, never listening: connections to it are refused */
  g_assert_true (g_socket_bind (socket, address, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  g_free (f->url);
  f->url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  g_assert_false (run_sync (f, 0, &stats, &error));
  g_assert_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_NETWORK);
  g_assert_cmpuint (stats.retries, ==, 0);
  g_assert_cmpuint (stats.pages, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/faults/converges", test_converges_under_faults);
  ADD ("/faults/interrupted-stays-consistent", test_interrupted_stays_consistent);
  ADD ("/faults/expired-token-keeps-local-records", test_expired_token_keeps_local_records);
  ADD ("/faults/orders-exactly-once", test_orders_exactly_once);
  ADD ("/faults/outbox-offline", test_outbox_offline);
  ADD ("/faults/refused-at-once", test_refused_at_once);
#undef ADD

  return g_test_run ();
}
