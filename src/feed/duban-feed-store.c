/* duban-feed-store.c — the reference platform's change log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "duban-feed-store"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <sqlite3.h>

#include "duban-feed-store.h"

struct _DubanFeedStore
{
  GObject   parent_instance;

  sqlite3  *db;
  sqlite3_stmt *put_stmt;
  sqlite3_stmt *lookup_stmt;
  sqlite3_stmt *read_stmt;
  guint     anonymous_count;
};

G_DEFINE_FINAL_TYPE (DubanFeedStore, duban_feed_store, G_TYPE_OBJECT)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* `key` is what identifies an entry across versions: the ticket id, or a
 * made-up key for an object with no id (it can never be replaced). The
 * prefixes keep the two apart whatever the ids look like. */
static const char schema[] =
  "CREATE TABLE changes ("
  "  seq     INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  key     TEXT NOT NULL,"
  "  id      TEXT,"
  "  json    TEXT,"
  "  deleted INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX changes_by_key ON changes (key, seq);"
  "CREATE TABLE supervisions ("
  "  client_id   TEXT PRIMARY KEY,"
  "  ticket_id   TEXT NOT NULL,"
  "  json        TEXT NOT NULL,"
  "  received_at INTEGER NOT NULL);";

/* The latest version of each key as of ?3 is the only one a reader may
 * see; later versions (seq > ?3) are invisible, which keeps a page
 * stable while changes arrive. */
static const char read_sql[] =
  "SELECT seq, id, json, deleted FROM changes AS c"
  " WHERE seq > ?1 AND seq <= ?2"
  "   AND (?3 OR deleted = 0)"
  "   AND seq = (SELECT MAX(seq) FROM changes WHERE key = c.key AND seq <= ?2)"
  " ORDER BY seq LIMIT ?4";

static const char lookup_sql[] =
  "SELECT json, deleted FROM changes WHERE key = ?1 ORDER BY seq DESC LIMIT 1";

static const char put_sql[] =
  "INSERT INTO changes (key, id, json, deleted) VALUES (?1, ?2, ?3, ?4)";

static void
check_sqlite (DubanFeedStore *self,
              int             rc,
              const char     *what)
{
  /* An in-memory database of our own schema fails only on a bug or on
   * memory exhaustion; neither is something a caller could handle. */
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    g_error ("feed store: %s: %s", what, sqlite3_errmsg (self->db));
}

static sqlite3_stmt *
prepare (DubanFeedStore *self,
         const char     *sql)
{
  sqlite3_stmt *stmt = NULL;

  check_sqlite (self, sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL), sql);
  return stmt;
}

static void
exec (DubanFeedStore *self,
      const char     *sql)
{
  check_sqlite (self, sqlite3_exec (self->db, sql, NULL, NULL, NULL), sql);
}

static char *
key_for_id (const char *id)
{
  return g_strconcat ("t:", id, NULL);
}

static void
duban_feed_store_finalize (GObject *object)
{
  DubanFeedStore *self = DUBAN_FEED_STORE (object);

  g_clear_pointer (&self->put_stmt, sqlite3_finalize);
  g_clear_pointer (&self->lookup_stmt, sqlite3_finalize);
  g_clear_pointer (&self->read_stmt, sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);

  G_OBJECT_CLASS (duban_feed_store_parent_class)->finalize (object);
}

static void
duban_feed_store_class_init (DubanFeedStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = duban_feed_store_finalize;
}

static void
duban_feed_store_init (DubanFeedStore *self)
{
}

void
duban_feed_change_free (DubanFeedChange *change)
{
  if (change == NULL)
    return;
  g_free (change->id);
  g_free (change->json);
  g_free (change);
}

DubanFeedStore *
duban_feed_store_new (GError **error)
{
  g_autoptr(DubanFeedStore) self = g_object_new (DUBAN_TYPE_FEED_STORE, NULL);
  int rc;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rc = sqlite3_open_v2 (":memory:", &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Could not open the feed's in-memory database: %s",
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  /* sql-ok: schema and the three statements are string literals above */
  exec (self, schema);                            /* sql-ok: literal */
  self->put_stmt = prepare (self, put_sql);       /* sql-ok: literal */
  self->lookup_stmt = prepare (self, lookup_sql); /* sql-ok: literal */
  self->read_stmt = prepare (self, read_sql);     /* sql-ok: literal */

  return g_steal_pointer (&self);
}

void
duban_feed_store_begin (DubanFeedStore *self)
{
  g_return_if_fail (DUBAN_IS_FEED_STORE (self));

  exec (self, "BEGIN");
}

void
duban_feed_store_commit (DubanFeedStore *self)
{
  g_return_if_fail (DUBAN_IS_FEED_STORE (self));

  exec (self, "COMMIT");
}

static gint64
append_change (DubanFeedStore *self,
               const char     *key,
               const char     *id,
               const char     *json,
               gboolean        deleted)
{
  sqlite3_stmt *stmt = self->put_stmt;

  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (id != NULL)
    sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 2);
  if (json != NULL)
    sqlite3_bind_text (stmt, 3, json, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_int (stmt, 4, deleted ? 1 : 0);
  check_sqlite (self, sqlite3_step (stmt), "append change");
  sqlite3_reset (stmt);

  return sqlite3_last_insert_rowid (self->db);
}

gint64
duban_feed_store_put (DubanFeedStore *self,
                      const char     *id,
                      const char     *json)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (DUBAN_IS_FEED_STORE (self), 0);
  g_return_val_if_fail (json != NULL, 0);

  if (id != NULL)
    key = key_for_id (id);
  else
    key = g_strdup_printf ("r:%u", ++self->anonymous_count);

  return append_change (self, key, id, json, FALSE);
}

char *
duban_feed_store_lookup (DubanFeedStore *self,
                         const char     *id)
{
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;
  char *json = NULL;

  g_return_val_if_fail (DUBAN_IS_FEED_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  key = key_for_id (id);
  stmt = self->lookup_stmt;
  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 1) == 0)
    json = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return json;
}

gboolean
duban_feed_store_delete (DubanFeedStore *self,
                         const char     *id)
{
  g_autofree char *json = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (DUBAN_IS_FEED_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  json = duban_feed_store_lookup (self, id);
  if (json == NULL)
    return FALSE;

  key = key_for_id (id);
  append_change (self, key, id, NULL, TRUE);
  return TRUE;
}

gint64
duban_feed_store_get_last_seq (DubanFeedStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 seq = 0;

  g_return_val_if_fail (DUBAN_IS_FEED_STORE (self), 0);

  stmt = prepare (self, "SELECT IFNULL(MAX(seq), 0) FROM changes");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    seq = sqlite3_column_int64 (stmt, 0);
  return seq;
}

guint
duban_feed_store_count_live (DubanFeedStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint count = 0;

  g_return_val_if_fail (DUBAN_IS_FEED_STORE (self), 0);

  stmt = prepare (self,
                  "SELECT COUNT(*) FROM changes AS c WHERE deleted = 0"
                  " AND seq = (SELECT MAX(seq) FROM changes WHERE key = c.key)");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = (guint) sqlite3_column_int64 (stmt, 0);
  return count;
}

GPtrArray *
duban_feed_store_read_changes (DubanFeedStore *self,
                               gint64          after,
                               gint64          upper,
                               gboolean        with_deleted,
                               guint           limit)
{
  GPtrArray *changes;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_FEED_STORE (self), NULL);

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_feed_change_free);
  stmt = self->read_stmt;
  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, after);
  sqlite3_bind_int64 (stmt, 2, upper);
  sqlite3_bind_int (stmt, 3, with_deleted ? 1 : 0);
  sqlite3_bind_int64 (stmt, 4, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DubanFeedChange *change = g_new0 (DubanFeedChange, 1);

      change->seq = sqlite3_column_int64 (stmt, 0);
      change->id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      change->json = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      change->deleted = sqlite3_column_int (stmt, 3) != 0;
      g_ptr_array_add (changes, change);
    }
  check_sqlite (self, rc, "read changes");
  sqlite3_reset (stmt);

  return changes;
}

void
duban_feed_store_add_supervision (DubanFeedStore  *self,
                                  const char      *client_id,
                                  const char      *ticket_id,
                                  const char      *json,
                                  gint64           received_at,
                                  gboolean        *out_new,
                                  char           **out_ticket_id,
                                  gint64          *out_received_at)
{
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;

  g_return_if_fail (DUBAN_IS_FEED_STORE (self));
  g_return_if_fail (client_id != NULL);
  g_return_if_fail (ticket_id != NULL);
  g_return_if_fail (json != NULL);
  g_return_if_fail (out_new != NULL);
  g_return_if_fail (out_ticket_id != NULL);
  g_return_if_fail (out_received_at != NULL);

  find = prepare (self, "SELECT ticket_id, received_at FROM supervisions WHERE client_id = ?1");
  sqlite3_bind_text (find, 1, client_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (find) == SQLITE_ROW)
    {
      *out_new = FALSE;
      *out_ticket_id = g_strdup ((const char *) sqlite3_column_text (find, 0));
      *out_received_at = sqlite3_column_int64 (find, 1);
      return;
    }

  insert = prepare (self,
                    "INSERT INTO supervisions (client_id, ticket_id, json, received_at)"
                    " VALUES (?1, ?2, ?3, ?4)");
  sqlite3_bind_text (insert, 1, client_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 2, ticket_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 3, json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (insert, 4, received_at);
  check_sqlite (self, sqlite3_step (insert), "store supervision");

  *out_new = TRUE;
  *out_ticket_id = g_strdup (ticket_id);
  *out_received_at = received_at;
}

guint
duban_feed_store_count_supervisions (DubanFeedStore *self,
                                     const char     *client_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint count = 0;

  g_return_val_if_fail (DUBAN_IS_FEED_STORE (self), 0);

  if (client_id != NULL)
    {
      stmt = prepare (self, "SELECT COUNT(*) FROM supervisions WHERE client_id = ?1");
      sqlite3_bind_text (stmt, 1, client_id, -1, SQLITE_TRANSIENT);
    }
  else
    stmt = prepare (self, "SELECT COUNT(*) FROM supervisions");

  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = (guint) sqlite3_column_int64 (stmt, 0);
  return count;
}
