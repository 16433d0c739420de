/* The store: migrations, permissions, keeping the newer copy, and local
 * records that no sync deletes. */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "duban-ladder-decisions.h"
#include "duban-store-private.h"
#include "duban-store-reference.h"

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("duban-store-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  /* a folder that does not exist yet: the store creates it */
  f->path = g_build_filename (f->dir, "sub", "duban.db", NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL));
  g_free (f->dir);
  g_free (f->path);
}

static DubanTicket *
sample (const char *id,
        DubanTime   updated_at,
        const char *title)
{
  DubanTicket *ticket = duban_ticket_new ();

  ticket->id = g_strdup (id);
  ticket->title = g_strdup (title);
  ticket->category = g_strdup ("供水");
  ticket->kind = DUBAN_KIND_HELP;
  ticket->urgency = DUBAN_URGENCY_URGENT;
  ticket->status = DUBAN_STATUS_IN_PROGRESS;
  ticket->received_at = updated_at - 3600 * DUBAN_USEC_PER_SECOND;
  ticket->updated_at = updated_at;
  ticket->has_location = TRUE;
  ticket->lat = 35.07;
  ticket->lon = 116.3;
  ticket->crs = DUBAN_CRS_GCJ02;
  ticket->petitioner_name = g_strdup ("张伟");
  ticket->extension = g_new0 (DubanExtension, 1);
  ticket->extension->reason = g_strdup ("原因");
  ticket->extension->promised_at = updated_at + DUBAN_USEC_PER_DAY;
  ticket->extension->filed_at = DUBAN_TIME_NONE;
  ticket->extension->approved = 0;

  return ticket;
}

static void
test_create_private (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = duban_store_open (f->path, &error);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_cmpint (duban_store_get_schema_version (store), ==, DUBAN_STORE_SCHEMA_VERSION);

  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* the WAL holds the same personal data */
  g_assert_true (duban_store_audit (store, "test", NULL, NULL, NULL));
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static gint64
count_rows_in (const char *path,
                          const char *sql)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 count;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

/* A store left by the previous schema, with local records in it, is
 * migrated and loses nothing. */
static void
test_migrate_from_previous (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) old = duban_store_open_at_version (f->path, 1, &error);
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(DubanTicket) ticket = sample ("JX1", 1000 * DUBAN_USEC_PER_SECOND, "旧");
  g_autoptr(GPtrArray) tickets = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (duban_store_get_schema_version (old), ==, 1);
  g_assert_true (duban_store_upsert_ticket (old, ticket, NULL, &error));
  g_assert_true (duban_store_add_note (old, "JX1", "已电话催办", &error));
  g_assert_true (duban_store_audit (old, "note", "JX1", "已电话催办", &error));
  g_assert_no_error (error);
  g_clear_object (&old);

  store = duban_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (duban_store_get_schema_version (store), ==, DUBAN_STORE_SCHEMA_VERSION);
  tickets = duban_store_load_tickets (store, &error);
  g_assert_cmpuint (tickets->len, ==, 1);

  /* version 8's index on repeat_of is there */
  g_assert_cmpint (count_rows_in (f->path, "SELECT count(*) FROM sqlite_master"
                                           " WHERE type = 'index' AND name = 'tickets_by_repeat_of'"), ==, 1);

  /* version 4's tables are there, empty */
  g_assert_cmpint (count_rows_in (f->path, "SELECT count(*) FROM ticket_supervisions"), ==, 0);
  g_assert_cmpint (count_rows_in (f->path, "SELECT count(*) FROM ladder_decisions"), ==, 0);

  /* version 2's tables work */
  g_assert_true (duban_store_save_calendar (store, 2027, "{\"year\":2027,\"holidays\":[],\"workdays\":[]}", &error));
  g_assert_no_error (error);

  /* and the local records are still there */
  {
    sqlite3 *db;
    sqlite3_stmt *stmt;

    g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT count(*) FROM notes), (SELECT count(*) FROM audit_log)", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 1);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
}

/* The ladder in the policy table: the defaults when nothing is stored,
 * what was saved afterwards, each key on its own; and a dismissal hides
 * its step and those below, not those above. */
static void
test_ladder_policy (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = duban_store_open (f->path, &error);
  g_autoptr(GHashTable) dismissed = NULL;
  DubanLadderPolicy defaults, policy, read;

  duban_ladder_policy_init_defaults (&defaults);
  g_assert_true (duban_ladder_load_policy (store, &read, &error));
  g_assert_cmpmem (&read, sizeof read, &defaults, sizeof defaults);

  policy = defaults;
  policy.rungs[DUBAN_ORDER_RED].overdue_working_days = 3;
  policy.rungs[DUBAN_ORDER_NOTICE].warning = FALSE;
  policy.rungs[DUBAN_ORDER_BULLETIN].unsatisfied = 4;
  policy.climb_on_late_reply = FALSE;
  g_assert_true (duban_ladder_save_policy (store, &policy, &error));
  g_assert_no_error (error);
  g_assert_true (duban_ladder_load_policy (store, &read, &error));
  g_assert_cmpmem (&read, sizeof read, &policy, sizeof policy);
  /* the deadlines' policy is untouched by the ladder's keys */
  {
    DubanSlaPolicy sla, sla_defaults;

    duban_sla_policy_init_defaults (&sla_defaults);
    g_assert_true (duban_store_load_policy (store, &sla, &error));
    g_assert_cmpmem (&sla, sizeof sla, &sla_defaults, sizeof sla_defaults);
  }

  {
    g_autoptr(DubanTicket) ticket = sample ("JX1", 1000 * DUBAN_USEC_PER_SECOND, "旧");

    g_assert_true (duban_store_upsert_ticket (store, ticket, NULL, &error));
  }
  g_assert_true (duban_ladder_decide (store, "JX1", DUBAN_ORDER_YELLOW, DUBAN_LADDER_DISMISSED, "超期 1 个工作日", &error));
  g_assert_no_error (error);
  dismissed = duban_ladder_load_dismissed (store, &error);
  g_assert_true (duban_ladder_is_dismissed (dismissed, "JX1", DUBAN_ORDER_NOTICE));
  g_assert_true (duban_ladder_is_dismissed (dismissed, "JX1", DUBAN_ORDER_YELLOW));
  g_assert_false (duban_ladder_is_dismissed (dismissed, "JX1", DUBAN_ORDER_RED));
  g_assert_false (duban_ladder_is_dismissed (dismissed, "JX2", DUBAN_ORDER_NOTICE));
  g_clear_pointer (&dismissed, g_hash_table_unref);
  /* an order issued clears it */
  g_assert_true (duban_ladder_decide (store, "JX1", DUBAN_ORDER_RED, DUBAN_LADDER_ACCEPTED, NULL, &error));
  dismissed = duban_ladder_load_dismissed (store, &error);
  g_assert_false (duban_ladder_is_dismissed (dismissed, "JX1", DUBAN_ORDER_NOTICE));
  g_assert_cmpint (count_rows_in (f->path, "SELECT count(*) FROM audit_log WHERE action LIKE 'ladder_%'"), ==, 2);
}

static void
test_policy (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = duban_store_open (f->path, &error);
  DubanSlaPolicy policy, defaults, read;

  duban_sla_policy_init_defaults (&defaults);
  g_assert_true (duban_store_load_policy (store, &read, &error));
  g_assert_cmpmem (&read, sizeof read, &defaults, sizeof defaults);

  policy = defaults;
  policy.warning_fraction = 0.3;
  policy.normal_completion_usec = 3 * DUBAN_USEC_PER_DAY;
  policy.weight_satisfaction = 50;
  g_assert_true (duban_store_save_policy (store, &policy, &error));
  g_assert_true (duban_store_load_policy (store, &read, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (read.warning_fraction, ==, 0.3);
  g_assert_cmpint (read.normal_completion_usec, ==, 3 * DUBAN_USEC_PER_DAY);
  g_assert_cmpfloat (read.weight_satisfaction, ==, 50);
  g_assert_cmpint (read.urgent_contact_usec, ==, defaults.urgent_contact_usec);
}

static void
test_too_new (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = duban_store_open (f->path, &error);
  sqlite3 *db;

  g_assert_no_error (error);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = duban_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, DUBAN_STORE_ERROR, DUBAN_STORE_ERROR_TOO_NEW);
}

static void
test_keeps_newer (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = duban_store_open (f->path, &error);
  g_autoptr(DubanTicket) v2 = sample ("JX1", 2000 * DUBAN_USEC_PER_SECOND, "第二版");
  g_autoptr(DubanTicket) v1 = sample ("JX1", 1000 * DUBAN_USEC_PER_SECOND, "第一版");
  g_autoptr(DubanTicket) v2b = sample ("JX1", 2000 * DUBAN_USEC_PER_SECOND, "第二版（后收到）");
  g_autoptr(DubanTicket) read = NULL;
  DubanUpsertResult result;

  g_assert_true (duban_store_upsert_ticket (store, v2, &result, &error));
  g_assert_cmpint (result, ==, DUBAN_UPSERT_INSERTED);
  g_assert_true (duban_store_upsert_ticket (store, v1, &result, &error));
  g_assert_cmpint (result, ==, DUBAN_UPSERT_KEPT_NEWER);
  read = duban_store_get_ticket (store, "JX1", &error);
  g_assert_cmpstr (read->title, ==, "第二版");
  g_clear_pointer (&read, duban_ticket_free);

  /* a tie: the later one received wins */
  g_assert_true (duban_store_upsert_ticket (store, v2b, &result, &error));
  g_assert_cmpint (result, ==, DUBAN_UPSERT_UPDATED);
  read = duban_store_get_ticket (store, "JX1", &error);
  g_assert_cmpstr (read->title, ==, "第二版（后收到）");

  /* every field survives the store */
  g_assert_true (read->has_location);
  g_assert_cmpint (read->crs, ==, DUBAN_CRS_GCJ02);
  g_assert_cmpstr (read->petitioner_name, ==, "张伟");
  g_assert_nonnull (read->extension);
  g_assert_cmpint (read->extension->approved, ==, 0);
  g_assert_cmpint (read->extension->filed_at, ==, DUBAN_TIME_NONE);
  g_assert_null (read->extension->measures);
  g_assert_cmpint (read->dispatched_at, ==, DUBAN_TIME_NONE);
  g_assert_no_error (error);
}

static void
test_rollback (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = duban_store_open (f->path, &error);
  g_autoptr(DubanTicket) ticket = sample ("JX9", 1000 * DUBAN_USEC_PER_SECOND, "回滚");

  g_assert_true (duban_store_begin (store, &error));
  g_assert_true (duban_store_upsert_ticket (store, ticket, NULL, &error));
  g_assert_true (duban_store_set_state (store, "sync_token", "abc", &error));
  duban_store_rollback (store);

  g_assert_cmpint (duban_store_count_tickets (store), ==, 0);
  g_assert_null (duban_store_get_state (store, "sync_token"));
}

static void
test_audit_append_only (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = duban_store_open (f->path, &error);
  sqlite3 *db;
  char *message = NULL;

  g_assert_true (duban_store_audit (store, "reveal", "JX1", "核实诉求", &error));
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM audit_log", NULL, NULL, &message), !=, SQLITE_OK);
  g_assert_nonnull (strstr (message, "append-only"));
  sqlite3_free (message);
  sqlite3_close (db);
}

static void
test_quarantine (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = duban_store_open (f->path, &error);
  g_autoptr(GPtrArray) records = NULL;
  const DubanQuarantineRecord *record;

  g_assert_true (duban_store_add_quarantine (store, "JX7", "missing required field 'title'",
                                             "{\"id\":\"JX7\"}", 42, &error));
  g_assert_true (duban_store_add_quarantine (store, NULL, "a ticket must be a JSON object", "[1]", 43, &error));
  g_assert_cmpint (duban_store_count_quarantine (store), ==, 2);

  records = duban_store_load_quarantine (store, &error);
  g_assert_cmpuint (records->len, ==, 2);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpstr (record->ticket_id, ==, "JX7");
  g_assert_cmpstr (record->raw, ==, "{\"id\":\"JX7\"}");
  g_assert_cmpint (record->received_at, ==, 42);
  record = g_ptr_array_index (records, 1);
  g_assert_null (record->ticket_id);
}

/* One page in one call: tickets, quarantine kept to one copy, deletions,
 * a full sync's sweep and the token; a page that fails keeps nothing,
 * and what it would have quarantined is quarantined when it comes back. */
static void
test_apply_page (Fixture *f, gconstpointer data)
{
  static const char broken[] = "{\"id\":\"JX9\",\"title\":1}";
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = duban_store_open (f->path, &error);
  g_autoptr(DubanSyncBatch) first = duban_sync_batch_new ();
  g_autoptr(DubanSyncBatch) failing = duban_sync_batch_new ();
  g_autoptr(DubanSyncBatch) last = duban_sync_batch_new ();
  g_autoptr(DubanTicket) old = sample ("JX-OLD", 1000, "旧");
  g_autofree char *token = NULL;

  g_assert_no_error (error);
  /* a ticket the full sync will not list */
  g_assert_true (duban_store_upsert_ticket (store, old, NULL, &error));

  first->full = first->first = TRUE;
  duban_sync_batch_add_ticket (first, sample ("JX1", 2000, "停水"), "JX1", TRUE);
  duban_sync_batch_add_ticket (first, sample ("JX2", 2000, "路灯"), "JX2", TRUE);
  duban_sync_batch_add_quarantine (first, "JX9", TRUE, "field 'title' must be a string", broken, strlen (broken));
  duban_sync_batch_add_quarantine (first, "JX9", TRUE, "field 'title' must be a string", broken, strlen (broken));
  g_assert_true (duban_store_apply_page (store, first, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_array_index (first->records, DubanSyncRecord, 0).result, ==, DUBAN_UPSERT_INSERTED);
  g_assert_cmpuint (first->quarantined, ==, 1);
  g_assert_cmpint (duban_store_count_quarantine (store), ==, 1);
  g_assert_cmpint (duban_store_count_tickets (store), ==, 3);

  /* a row the store refuses (title NOT NULL) fails the page, which
   * takes its quarantine record back with it */
  failing->full = TRUE;
  duban_sync_batch_add_quarantine (failing, NULL, FALSE, "a ticket must be a JSON object", "[2]", 3);
  duban_sync_batch_add_ticket (failing, sample ("JX3", 3000, NULL), "JX3", TRUE);
  g_assert_false (duban_store_apply_page (store, failing, &error));
  g_assert_error (error, DUBAN_STORE_ERROR, DUBAN_STORE_ERROR_SQLITE);
  g_clear_error (&error);
  g_assert_cmpint (duban_store_count_quarantine (store), ==, 1);
  g_assert_null (duban_store_get_ticket (store, "JX3", NULL));

  /* the last page: the same record again is not added, the one the
   * failed page lost is; JX1 deleted, JX-OLD swept as unseen, JX9
   * (quarantined, so on the platform) and JX2 kept */
  last->full = TRUE;
  last->sync_token = g_strdup ("T1");
  last->feed_url = g_strdup ("http://127.0.0.1:1");
  duban_sync_batch_add_quarantine (last, "JX9", TRUE, "field 'title' must be a string", broken, strlen (broken));
  duban_sync_batch_add_quarantine (last, NULL, FALSE, "a ticket must be a JSON object", "[2]", 3);
  duban_sync_batch_add_ticket (last, sample ("JX2", 1500, "路灯"), "JX2", TRUE);
  g_ptr_array_add (last->deleted_ids, g_strdup ("JX1"));
  g_assert_true (duban_store_apply_page (store, last, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_array_index (last->records, DubanSyncRecord, 2).result, ==, DUBAN_UPSERT_KEPT_NEWER);
  g_assert_cmpuint (last->quarantined, ==, 1);
  g_assert_cmpuint (last->deleted, ==, 1);
  g_assert_cmpuint (last->swept, ==, 1);
  g_assert_cmpint (duban_store_count_quarantine (store), ==, 2);
  g_assert_cmpint (duban_store_count_tickets (store), ==, 1);
  token = duban_store_get_state (store, "sync_token");
  g_assert_cmpstr (token, ==, "T1");
}

static int
synchronous (DubanStore *store)
{
  sqlite3_stmt *stmt = duban_store_prepare (store, "PRAGMA synchronous", NULL);
  int level;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  level = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return level;
}

/* A sync page is committed NORMAL, and the connection is FULL again
 * after it, stored or failed: the next thing it writes may be an order. */
static void
test_page_then_full (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = duban_store_open (f->path, &error);
  g_autoptr(DubanSyncBatch) good = duban_sync_batch_new ();
  g_autoptr(DubanSyncBatch) failing = duban_sync_batch_new ();

  g_assert_no_error (error);
  g_assert_cmpint (synchronous (store), ==, 2);   /* FULL */

  duban_sync_batch_add_ticket (good, sample ("JX1", 2000, "停水"), "JX1", TRUE);
  g_assert_true (duban_store_apply_page (store, good, &error));
  g_assert_no_error (error);
  g_assert_cmpint (synchronous (store), ==, 2);

  duban_sync_batch_add_ticket (failing, sample ("JX2", 2000, NULL), "JX2", TRUE);
  g_assert_false (duban_store_apply_page (store, failing, &error));
  g_clear_error (&error);
  g_assert_cmpint (synchronous (store), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store/create-private", test_create_private);
  ADD ("/store/migrate-from-previous", test_migrate_from_previous);
  ADD ("/store/too-new", test_too_new);
  ADD ("/store/policy", test_policy);
  ADD ("/store/ladder-policy", test_ladder_policy);
  ADD ("/store/keeps-newer", test_keeps_newer);
  ADD ("/store/rollback", test_rollback);
  ADD ("/store/audit-append-only", test_audit_append_only);
  ADD ("/store/quarantine", test_quarantine);
  ADD ("/store/apply-page", test_apply_page);
  ADD ("/store/page-then-full", test_page_then_full);
#undef ADD

  return g_test_run ();
}
