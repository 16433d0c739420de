/* duban-store.c — the desk's local SQLite store
 *
 * Modelled on epiphany's SQLite wrapper and libshumate's file cache:
 * a small GObject around one connection, prepared statements cached by
 * their SQL text, GError everywhere, WAL and explicit transactions.
 * Every statement binds its parameters; no SQL is ever built from data.
 */

#define G_LOG_DOMAIN "duban-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "duban-regions.h"
#include "duban-store-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

struct _DubanStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  GHashTable *statements;   /* SQL text → sqlite3_stmt*, finalized on dispose */
  int         transaction_depth;
};

G_DEFINE_FINAL_TYPE (DubanStore, duban_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (duban-store-error-quark, duban_store_error)

/* Each entry takes the schema from version i to i + 1. Never edit a
 * migration that has shipped: add a new one. */
static const char *const migrations[] = {
  /* 0 → 1: tickets, quarantine, sync state and the local records */
  "CREATE TABLE tickets ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  title TEXT NOT NULL,"
  "  description TEXT,"
  "  kind TEXT NOT NULL,"
  "  category TEXT NOT NULL,"
  "  urgency TEXT NOT NULL,"
  "  source TEXT,"
  "  petitioner_name TEXT,"
  "  petitioner_phone TEXT,"
  "  address TEXT,"
  "  lat REAL,"
  "  lon REAL,"
  "  crs TEXT,"
  "  grid_code TEXT,"
  "  unit_code TEXT,"
  "  unit_name TEXT,"
  "  status TEXT NOT NULL,"
  "  received_at INTEGER NOT NULL,"
  "  dispatched_at INTEGER,"
  "  first_contact_at INTEGER,"
  "  resolved_at INTEGER,"
  "  closed_at INTEGER,"
  "  updated_at INTEGER NOT NULL,"
  "  has_extension INTEGER NOT NULL DEFAULT 0,"
  "  ext_reason TEXT,"
  "  ext_measures TEXT,"
  "  ext_promised_at INTEGER,"
  "  ext_filed_at INTEGER,"
  "  ext_approved INTEGER,"
  "  disposition TEXT,"
  "  evidence_count INTEGER NOT NULL DEFAULT 0,"
  "  handled_level TEXT,"
  "  satisfaction TEXT,"
  "  visited_at INTEGER,"
  "  repeat_of TEXT"
  ");"
  "CREATE TABLE quarantine ("
  "  id INTEGER PRIMARY KEY,"
  "  ticket_id TEXT,"
  "  reason TEXT NOT NULL,"
  "  raw TEXT NOT NULL,"
  "  received_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE sync_state ("
  "  key TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT"
  ");"
  "CREATE TABLE supervision_orders ("
  "  client_id TEXT PRIMARY KEY NOT NULL,"
  "  ticket_id TEXT NOT NULL,"
  "  level TEXT NOT NULL,"
  "  note TEXT NOT NULL DEFAULT '',"
  "  respond_by INTEGER,"
  "  issued_by TEXT NOT NULL,"
  "  issued_at INTEGER NOT NULL,"
  "  delivery_state TEXT NOT NULL DEFAULT 'pending',"
  "  delivered_at INTEGER,"
  "  last_error TEXT"
  ");"
  "CREATE TABLE outbox ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id TEXT NOT NULL UNIQUE,"
  "  method TEXT NOT NULL,"
  "  path TEXT NOT NULL,"
  "  payload TEXT NOT NULL,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_at INTEGER,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE notes ("
  "  id INTEGER PRIMARY KEY,"
  "  ticket_id TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  author TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE audit_log ("
  "  id INTEGER PRIMARY KEY,"
  "  at INTEGER NOT NULL,"
  "  user TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  ticket_id TEXT,"
  "  detail TEXT"
  ");"
  /* The audit trail is evidence: nothing in the desk may rewrite it. */
  "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;",

  /* 1 → 2: the platform's regions, units and calendar, cached for offline
   * work, and the indexes the lists and figures filter by */
  "CREATE TABLE regions ("
  "  code TEXT PRIMARY KEY NOT NULL,"
  "  name TEXT NOT NULL,"
  "  level TEXT NOT NULL,"
  "  parent_code TEXT,"
  "  geometry TEXT NOT NULL"
  ");"
  "CREATE TABLE units ("
  "  code TEXT PRIMARY KEY NOT NULL,"
  "  name TEXT NOT NULL,"
  "  kind TEXT"
  ");"
  "CREATE TABLE calendars ("
  "  year INTEGER PRIMARY KEY NOT NULL,"
  "  json TEXT NOT NULL"
  ");"
  "CREATE INDEX tickets_by_status ON tickets (status);"
  "CREATE INDEX tickets_by_grid ON tickets (grid_code);"
  "CREATE INDEX tickets_by_unit ON tickets (unit_code);"
  "CREATE INDEX notes_by_ticket ON notes (ticket_id);"
  "CREATE INDEX orders_by_ticket ON supervision_orders (ticket_id);",

  /* 2 → 3: the center's policy settings (deadlines, warning threshold,
   * weights), kept in the store so that the desk, duban-ctl and the
   * reports of one store judge by the same rules; and the last state the
   * desk told the user about, per ticket, so a sync can say what newly
   * became overdue or 预警 */
  "CREATE TABLE policy ("
  "  key TEXT PRIMARY KEY NOT NULL,"
  "  value REAL NOT NULL"
  ");"
  "CREATE TABLE ticket_flags ("
  "  ticket_id TEXT PRIMARY KEY NOT NULL,"
  "  notified_state TEXT,"
  "  notified_at INTEGER"
  ");"
  "CREATE INDEX outbox_by_next_attempt ON outbox (next_attempt_at);"
  "CREATE INDEX audit_by_ticket ON audit_log (ticket_id);",

  /* 3 → 4: who issues the center's documents, and their numbers, never
   * reused (duban-documents.c) */
  "CREATE TABLE document_settings ("
  "  key TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT NOT NULL"
  ");"
  "CREATE TABLE document_numbers ("
  "  prefix TEXT NOT NULL,"
  "  year INTEGER NOT NULL,"
  "  sequence INTEGER NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  document_key TEXT NOT NULL,"
  "  number TEXT NOT NULL,"
  "  issued_at INTEGER NOT NULL,"
  "  PRIMARY KEY (prefix, year, sequence),"
  "  UNIQUE (kind, document_key)"
  ");",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == DUBAN_STORE_SCHEMA_VERSION);

gboolean
duban_store_set_sqlite_error (DubanStore  *self,
                              GError     **error,
                              const char  *what)
{
  g_set_error (error, DUBAN_STORE_ERROR, DUBAN_STORE_ERROR_SQLITE,
               "%s: %s", what, sqlite3_errmsg (self->db));
  return FALSE;
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
duban_store_finalize (GObject *object)
{
  DubanStore *self = DUBAN_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self->path);

  G_OBJECT_CLASS (duban_store_parent_class)->finalize (object);
}

static void
duban_store_class_init (DubanStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = duban_store_finalize;
}

static void
duban_store_init (DubanStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);
}

/* Returns a cached prepared statement, reset and with its bindings
 * cleared. @sql must be a string literal: it is the cache key. */
sqlite3_stmt *
duban_store_prepare (DubanStore  *self,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        {
          duban_store_set_sqlite_error (self, error, "prepare");
          return NULL;
        }
      g_hash_table_insert (self->statements, (gpointer) sql, stmt);
    }
  else
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }

  return stmt;
}

gboolean
duban_store_exec (DubanStore  *self,
                  const char  *sql,
                  GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, DUBAN_STORE_ERROR, DUBAN_STORE_ERROR_SQLITE, "%s", message);
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

static int
read_user_version (DubanStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);

  return version;
}

/* Brings the schema up to @target, each step in its own transaction, so a
 * crash mid-migration leaves the previous version intact. The version is
 * read inside the transaction, under the write lock: two programs that
 * open a new store at once (two `duban-ctl sync`, the desk and a script)
 * take turns, and the second finds the step already done. */
static gboolean
migrate (DubanStore  *self,
         int          target,
         GError     **error)
{
  for (;;)
    {
      g_autofree char *set_version = NULL;
      int version;

      if (!duban_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      version = read_user_version (self);
      if (version < 0)
        {
          duban_store_set_sqlite_error (self, error, "read schema version");
          duban_store_exec (self, "ROLLBACK", NULL);
          return FALSE;
        }

      if (version > DUBAN_STORE_SCHEMA_VERSION)
        {
          duban_store_exec (self, "ROLLBACK", NULL);
          g_set_error (error, DUBAN_STORE_ERROR, DUBAN_STORE_ERROR_TOO_NEW,
                       _("The store %s was written by a newer Duban (schema %d; this one knows %d)"),
                       self->path, version, DUBAN_STORE_SCHEMA_VERSION);
          return FALSE;
        }

      if (version >= target)
        return duban_store_exec (self, "COMMIT", error);

      /* sql-ok: PRAGMA takes no bound parameters; an integer we computed */
      set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      /* sql-ok: the migrations are the literals above */
      if (!duban_store_exec (self, migrations[version], error) ||
          !duban_store_exec (self, set_version, error))   /* sql-ok: an integer, above */
        {
          duban_store_exec (self, "ROLLBACK", NULL);
          g_prefix_error (error, "migrating the store to schema %d: ", version + 1);
          return FALSE;
        }

      if (!duban_store_exec (self, "COMMIT", error))
        return FALSE;
    }
}

char *
duban_store_default_path (void)
{
  const char *env = g_getenv ("DUBAN_DB");

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return g_build_filename (g_get_user_data_dir (), "duban", "duban.db", NULL);
}

/* The store holds petitioners' names and phones: create it owner-only
 * before SQLite does, since SQLite would honour the umask. Its -wal and
 * -shm files take the database file's permissions. */
static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  fd = g_open (path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      if (saved_errno == EEXIST)
        return TRUE;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the store %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  close (fd);
  return TRUE;
}

/* A store made before Duban created it owner-only, or copied in with
 * cp, may be readable by others: it holds petitioners' names and phones,
 * so it is made owner-only when opened, its -wal and -shm with it (SQLite
 * gives those the database file's mode, but keeps ones that exist). */
static gboolean
make_private (const char  *path,
              GError     **error)
{
  static const char *const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      GStatBuf st;

      if (g_stat (file, &st) != 0 || (st.st_mode & 077) == 0)
        continue;

      if (g_chmod (file, st.st_mode & 0700) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("The store %s can be read by others (mode %03o) and cannot be made owner-only: %s"),
                       file, (guint) (st.st_mode & 0777), g_strerror (saved_errno));
          return FALSE;
        }
    }

  return TRUE;
}

static DubanStore *
open_at_version (const char  *path,
                 int          target_version,
                 gboolean     create,
                 GError     **error)
{
  g_autoptr(DubanStore) self = NULL;
  g_autofree char *default_path = NULL;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

  if (path == NULL)
    path = default_path = duban_store_default_path ();

  if (create)
    {
      if (!create_private_file (path, error))
        return NULL;
      flags |= SQLITE_OPEN_CREATE;
    }
  else if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, DUBAN_STORE_ERROR, DUBAN_STORE_ERROR_NO_STORE,
                   _("There is no store at %s"), path);
      return NULL;
    }

  if (!make_private (path, error))
    return NULL;

  self = g_object_new (DUBAN_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  if (sqlite3_open_v2 (path, &self->db, flags, NULL) != SQLITE_OK)
    {
      if (self->db != NULL)
        duban_store_set_sqlite_error (self, error, path);
      else
        g_set_error (error, DUBAN_STORE_ERROR, DUBAN_STORE_ERROR_SQLITE,
                     _("Cannot open the store %s"), path);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  /* The sync worker and the window hold separate connections. */
  sqlite3_busy_timeout (self->db, 10000);

  /* FULL: a committed supervision order survives a power cut, not just a
   * crash. The cost is one fsync per sync page, which is small. */
  if (!duban_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !duban_store_exec (self, "PRAGMA synchronous = FULL", error) ||
      !duban_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !migrate (self, target_version, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }

  return g_steal_pointer (&self);
}

DubanStore *
duban_store_open (const char  *path,
                  GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_at_version (path, DUBAN_STORE_SCHEMA_VERSION, TRUE, error);
}

DubanStore *
duban_store_open_existing (const char  *path,
                           GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_at_version (path, DUBAN_STORE_SCHEMA_VERSION, FALSE, error);
}

DubanStore *
duban_store_open_at_version (const char  *path,
                             int          version,
                             GError     **error)
{
  g_return_val_if_fail (version >= 0 && version <= DUBAN_STORE_SCHEMA_VERSION, NULL);

  return open_at_version (path, version, TRUE, error);
}

const char *
duban_store_get_path (DubanStore *self)
{
  g_return_val_if_fail (DUBAN_IS_STORE (self), NULL);

  return self->path;
}

int
duban_store_get_schema_version (DubanStore *self)
{
  g_return_val_if_fail (DUBAN_IS_STORE (self), -1);

  return read_user_version (self);
}

/* ---- transactions ------------------------------------------------------- */

gboolean
duban_store_begin (DubanStore  *self,
                   GError     **error)
{
  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->transaction_depth == 0, FALSE);

  /* IMMEDIATE: take the write lock now, so a busy store makes us wait at
   * the start instead of failing halfway through a page. */
  if (!duban_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  self->transaction_depth = 1;
  return TRUE;
}

gboolean
duban_store_commit (DubanStore  *self,
                    GError     **error)
{
  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->transaction_depth == 1, FALSE);

  if (!duban_store_exec (self, "COMMIT", error))
    return FALSE;

  self->transaction_depth = 0;
  return TRUE;
}

void
duban_store_rollback (DubanStore *self)
{
  g_return_if_fail (DUBAN_IS_STORE (self));

  if (self->transaction_depth == 0)
    return;

  duban_store_exec (self, "ROLLBACK", NULL);
  self->transaction_depth = 0;
}

/* ---- binding helpers ---------------------------------------------------- */

void
duban_store_bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

void
duban_store_bind_time (sqlite3_stmt *stmt,
           int           index,
           DubanTime     time)
{
  if (time == DUBAN_TIME_NONE)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, time);
}

static void
bind_enum (sqlite3_stmt  *stmt,
           int            index,
           DubanEnumType  type,
           int            value)
{
  const char *wire = duban_enum_to_wire (type, value);

  duban_store_bind_text (stmt, index, wire != NULL && *wire != '\0' ? wire : NULL);
}

char *
duban_store_column_text (sqlite3_stmt *stmt,
             int           index)
{
  const unsigned char *text = sqlite3_column_text (stmt, index);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

DubanTime
duban_store_column_time (sqlite3_stmt *stmt,
             int           index)
{
  if (sqlite3_column_type (stmt, index) == SQLITE_NULL)
    return DUBAN_TIME_NONE;

  return sqlite3_column_int64 (stmt, index);
}

static int
column_enum (sqlite3_stmt  *stmt,
             int            index,
             DubanEnumType  type,
             int            fallback)
{
  const char *wire = (const char *) sqlite3_column_text (stmt, index);
  int value;

  if (wire != NULL && duban_enum_from_wire (type, wire, &value))
    return value;

  return fallback;
}

/* ---- tickets ------------------------------------------------------------ */

#define TICKET_COLUMNS \
  "id, title, description, kind, category, urgency, source, petitioner_name," \
  " petitioner_phone, address, lat, lon, crs, grid_code, unit_code, unit_name," \
  " status, received_at, dispatched_at, first_contact_at, resolved_at, closed_at," \
  " updated_at, has_extension, ext_reason, ext_measures, ext_promised_at," \
  " ext_filed_at, ext_approved, disposition, evidence_count, handled_level," \
  " satisfaction, visited_at, repeat_of"

static void
bind_ticket (sqlite3_stmt      *stmt,
             const DubanTicket *t)
{
  const DubanExtension *ext = t->extension;

  duban_store_bind_text (stmt, 1, t->id);
  duban_store_bind_text (stmt, 2, t->title);
  duban_store_bind_text (stmt, 3, t->description);
  bind_enum (stmt, 4, DUBAN_ENUM_KIND, t->kind);
  duban_store_bind_text (stmt, 5, t->category);
  bind_enum (stmt, 6, DUBAN_ENUM_URGENCY, t->urgency);
  bind_enum (stmt, 7, DUBAN_ENUM_SOURCE, t->source);
  duban_store_bind_text (stmt, 8, t->petitioner_name);
  duban_store_bind_text (stmt, 9, t->petitioner_phone);
  duban_store_bind_text (stmt, 10, t->address);
  if (t->has_location)
    {
      sqlite3_bind_double (stmt, 11, t->lat);
      sqlite3_bind_double (stmt, 12, t->lon);
      bind_enum (stmt, 13, DUBAN_ENUM_CRS, t->crs);
    }
  else
    {
      sqlite3_bind_null (stmt, 11);
      sqlite3_bind_null (stmt, 12);
      sqlite3_bind_null (stmt, 13);
    }
  duban_store_bind_text (stmt, 14, t->grid_code);
  duban_store_bind_text (stmt, 15, t->unit_code);
  duban_store_bind_text (stmt, 16, t->unit_name);
  bind_enum (stmt, 17, DUBAN_ENUM_STATUS, t->status);
  duban_store_bind_time (stmt, 18, t->received_at);
  duban_store_bind_time (stmt, 19, t->dispatched_at);
  duban_store_bind_time (stmt, 20, t->first_contact_at);
  duban_store_bind_time (stmt, 21, t->resolved_at);
  duban_store_bind_time (stmt, 22, t->closed_at);
  duban_store_bind_time (stmt, 23, t->updated_at);
  sqlite3_bind_int (stmt, 24, ext != NULL);
  duban_store_bind_text (stmt, 25, ext ? ext->reason : NULL);
  duban_store_bind_text (stmt, 26, ext ? ext->measures : NULL);
  duban_store_bind_time (stmt, 27, ext ? ext->promised_at : DUBAN_TIME_NONE);
  duban_store_bind_time (stmt, 28, ext ? ext->filed_at : DUBAN_TIME_NONE);
  if (ext != NULL && ext->approved >= 0)
    sqlite3_bind_int (stmt, 29, ext->approved);
  else
    sqlite3_bind_null (stmt, 29);
  bind_enum (stmt, 30, DUBAN_ENUM_DISPOSITION, t->disposition);
  sqlite3_bind_int (stmt, 31, t->evidence_count);
  bind_enum (stmt, 32, DUBAN_ENUM_LEVEL, t->handled_level);
  bind_enum (stmt, 33, DUBAN_ENUM_SATISFACTION, t->satisfaction);
  duban_store_bind_time (stmt, 34, t->visited_at);
  duban_store_bind_text (stmt, 35, t->repeat_of);
}

static DubanTicket *
read_ticket (sqlite3_stmt *stmt)
{
  DubanTicket *t = duban_ticket_new ();

  t->id = duban_store_column_text (stmt, 0);
  t->title = duban_store_column_text (stmt, 1);
  t->description = duban_store_column_text (stmt, 2);
  t->kind = column_enum (stmt, 3, DUBAN_ENUM_KIND, DUBAN_KIND_COMPLAINT);
  t->category = duban_store_column_text (stmt, 4);
  t->urgency = column_enum (stmt, 5, DUBAN_ENUM_URGENCY, DUBAN_URGENCY_NORMAL);
  t->source = column_enum (stmt, 6, DUBAN_ENUM_SOURCE, DUBAN_SOURCE_NONE);
  t->petitioner_name = duban_store_column_text (stmt, 7);
  t->petitioner_phone = duban_store_column_text (stmt, 8);
  t->address = duban_store_column_text (stmt, 9);
  if (sqlite3_column_type (stmt, 10) != SQLITE_NULL)
    {
      t->has_location = TRUE;
      t->lat = sqlite3_column_double (stmt, 10);
      t->lon = sqlite3_column_double (stmt, 11);
      t->crs = column_enum (stmt, 12, DUBAN_ENUM_CRS, DUBAN_CRS_WGS84);
    }
  t->grid_code = duban_store_column_text (stmt, 13);
  t->unit_code = duban_store_column_text (stmt, 14);
  t->unit_name = duban_store_column_text (stmt, 15);
  t->status = column_enum (stmt, 16, DUBAN_ENUM_STATUS, DUBAN_STATUS_RECEIVED);
  t->received_at = duban_store_column_time (stmt, 17);
  t->dispatched_at = duban_store_column_time (stmt, 18);
  t->first_contact_at = duban_store_column_time (stmt, 19);
  t->resolved_at = duban_store_column_time (stmt, 20);
  t->closed_at = duban_store_column_time (stmt, 21);
  t->updated_at = duban_store_column_time (stmt, 22);
  if (sqlite3_column_int (stmt, 23))
    {
      DubanExtension *ext = g_new0 (DubanExtension, 1);

      ext->reason = duban_store_column_text (stmt, 24);
      ext->measures = duban_store_column_text (stmt, 25);
      ext->promised_at = duban_store_column_time (stmt, 26);
      ext->filed_at = duban_store_column_time (stmt, 27);
      ext->approved = sqlite3_column_type (stmt, 28) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 28);
      t->extension = ext;
    }
  t->disposition = column_enum (stmt, 29, DUBAN_ENUM_DISPOSITION, DUBAN_DISPOSITION_NONE);
  t->evidence_count = sqlite3_column_int (stmt, 30);
  t->handled_level = column_enum (stmt, 31, DUBAN_ENUM_LEVEL, DUBAN_LEVEL_NONE);
  t->satisfaction = column_enum (stmt, 32, DUBAN_ENUM_SATISFACTION, DUBAN_SATISFACTION_NONE);
  t->visited_at = duban_store_column_time (stmt, 33);
  t->repeat_of = duban_store_column_text (stmt, 34);

  return t;
}

gboolean
duban_store_upsert_ticket (DubanStore         *self,
                           const DubanTicket  *ticket,
                           DubanUpsertResult  *result,
                           GError            **error)
{
  sqlite3_stmt *stmt;
  gboolean existed = FALSE;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (ticket != NULL && ticket->id != NULL, FALSE);

  if (!(stmt = duban_store_prepare (self, "SELECT updated_at FROM tickets WHERE id = ?1", error)))
    return FALSE;
  duban_store_bind_text (stmt, 1, ticket->id);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      existed = TRUE;
      /* The contract: keep the copy with the greatest updated_at; on a tie
       * the later one received wins. */
      if (sqlite3_column_int64 (stmt, 0) > ticket->updated_at)
        {
          sqlite3_reset (stmt);
          if (result)
            *result = DUBAN_UPSERT_KEPT_NEWER;
          return TRUE;
        }
      break;
    case SQLITE_DONE:
      break;
    default:
      return duban_store_set_sqlite_error (self, error, "read ticket");
    }
  sqlite3_reset (stmt);

  if (!(stmt = duban_store_prepare (self,
                        "INSERT OR REPLACE INTO tickets (" TICKET_COLUMNS ") VALUES ("
                        "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                        "?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28,"
                        "?29, ?30, ?31, ?32, ?33, ?34, ?35)",
                        error)))
    return FALSE;

  bind_ticket (stmt, ticket);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      duban_store_set_sqlite_error (self, error, "store ticket");
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);

  if (result)
    *result = existed ? DUBAN_UPSERT_UPDATED : DUBAN_UPSERT_INSERTED;

  return TRUE;
}

gboolean
duban_store_delete_ticket (DubanStore  *self,
                           const char  *id,
                           gboolean    *deleted,
                           GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!(stmt = duban_store_prepare (self, "DELETE FROM tickets WHERE id = ?1", error)))
    return FALSE;
  duban_store_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return duban_store_set_sqlite_error (self, error, "delete ticket");
    }
  sqlite3_reset (stmt);

  if (deleted)
    *deleted = sqlite3_changes (self->db) > 0;

  return TRUE;
}

DubanTicket *
duban_store_get_ticket (DubanStore  *self,
                        const char  *id,
                        GError     **error)
{
  sqlite3_stmt *stmt;
  DubanTicket *ticket = NULL;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (!(stmt = duban_store_prepare (self, "SELECT " TICKET_COLUMNS " FROM tickets WHERE id = ?1", error)))
    return NULL;
  duban_store_bind_text (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    ticket = read_ticket (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, DUBAN_STORE_ERROR, DUBAN_STORE_ERROR_NOT_FOUND,
                 _("No ticket %s in the store"), id);
  else
    duban_store_set_sqlite_error (self, error, "read ticket");
  sqlite3_reset (stmt);

  return ticket;
}

GPtrArray *
duban_store_load_tickets (DubanStore  *self,
                          GError     **error)
{
  g_autoptr(GPtrArray) tickets = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), NULL);

  if (!(stmt = duban_store_prepare (self, "SELECT " TICKET_COLUMNS " FROM tickets ORDER BY id", error)))
    return NULL;

  tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tickets, read_ticket (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      duban_store_set_sqlite_error (self, error, "read tickets");
      return NULL;
    }

  return g_steal_pointer (&tickets);
}

static gint64
count_rows (DubanStore *self,
            const char *sql)
{
  sqlite3_stmt *stmt = duban_store_prepare (self, sql, NULL);
  gint64 count = -1;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);

  return count;
}

gint64
duban_store_count_tickets (DubanStore *self)
{
  g_return_val_if_fail (DUBAN_IS_STORE (self), -1);

  return count_rows (self, "SELECT count(*) FROM tickets");
}

/* ---- quarantine --------------------------------------------------------- */

void
duban_quarantine_record_free (DubanQuarantineRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->ticket_id);
  g_free (record->reason);
  g_free (record->raw);
  g_free (record);
}

gboolean
duban_store_add_quarantine (DubanStore  *self,
                            const char  *ticket_id,
                            const char  *reason,
                            const char  *raw,
                            DubanTime    received_at,
                            GError     **error)
{
  g_return_val_if_fail (raw != NULL, FALSE);

  return duban_store_add_quarantine_bytes (self, ticket_id, reason, raw, strlen (raw), received_at, error);
}

gboolean
duban_store_add_quarantine_bytes (DubanStore  *self,
                                  const char  *ticket_id,
                                  const char  *reason,
                                  const char  *raw,
                                  gsize        raw_length,
                                  DubanTime    received_at,
                                  GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (reason != NULL && raw != NULL, FALSE);

  if (!(stmt = duban_store_prepare (self,
                        "INSERT INTO quarantine (ticket_id, reason, raw, received_at)"
                        " VALUES (?1, ?2, ?3, ?4)", error)))
    return FALSE;

  duban_store_bind_text (stmt, 1, ticket_id);
  duban_store_bind_text (stmt, 2, reason);
  /* Raw bytes from the network may not be valid UTF-8: keep them as a
   * blob of their full length so nothing is lost, the reader decides
   * how to show them. */
  sqlite3_bind_blob64 (stmt, 3, raw, raw_length, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, received_at);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (self, error, "quarantine");

  return TRUE;
}

GPtrArray *
duban_store_load_quarantine (DubanStore  *self,
                             GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), NULL);

  if (!(stmt = duban_store_prepare (self,
                        "SELECT id, ticket_id, reason, CAST (raw AS TEXT), received_at"
                        " FROM quarantine ORDER BY id", error)))
    return NULL;

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_quarantine_record_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DubanQuarantineRecord *record = g_new0 (DubanQuarantineRecord, 1);

      record->rowid = sqlite3_column_int64 (stmt, 0);
      record->ticket_id = duban_store_column_text (stmt, 1);
      record->reason = duban_store_column_text (stmt, 2);
      record->raw = duban_store_column_text (stmt, 3);
      /* the blob is the record as the platform sent it, bytes that are
       * not UTF-8 included; what is shown and exported is text */
      if (record->raw != NULL && !g_utf8_validate (record->raw, -1, NULL))
        {
          char *valid = g_utf8_make_valid (record->raw, -1);

          g_free (record->raw);
          record->raw = valid;
        }
      record->received_at = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (records, record);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      duban_store_set_sqlite_error (self, error, "read quarantine");
      return NULL;
    }

  return g_steal_pointer (&records);
}

gint64
duban_store_count_quarantine (DubanStore *self)
{
  g_return_val_if_fail (DUBAN_IS_STORE (self), -1);

  return count_rows (self, "SELECT count(*) FROM quarantine");
}

/* ---- sync state --------------------------------------------------------- */

char *
duban_store_get_state (DubanStore *self,
                       const char *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (DUBAN_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (!(stmt = duban_store_prepare (self, "SELECT value FROM sync_state WHERE key = ?1", NULL)))
    return NULL;
  duban_store_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = duban_store_column_text (stmt, 0);
  sqlite3_reset (stmt);

  return value;
}

gboolean
duban_store_set_state (DubanStore  *self,
                       const char  *key,
                       const char  *value,
                       GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (value == NULL)
    stmt = duban_store_prepare (self, "DELETE FROM sync_state WHERE key = ?1", error);
  else
    stmt = duban_store_prepare (self, "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;

  duban_store_bind_text (stmt, 1, key);
  if (value != NULL)
    duban_store_bind_text (stmt, 2, value);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (self, error, "save sync state");

  return TRUE;
}

/* ---- calendar, regions, units ------------------------------------------- */

gboolean
duban_store_save_calendar (DubanStore  *self,
                           int          year,
                           const char  *json,
                           GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);

  if (!(stmt = duban_store_prepare (self, "INSERT OR REPLACE INTO calendars (year, json) VALUES (?1, ?2)", error)))
    return FALSE;
  sqlite3_bind_int (stmt, 1, year);
  duban_store_bind_text (stmt, 2, json);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (self, error, "save calendar");

  return TRUE;
}

GPtrArray *
duban_store_load_calendars (DubanStore  *self,
                            GError     **error)
{
  g_autoptr(GPtrArray) texts = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), NULL);

  if (!(stmt = duban_store_prepare (self, "SELECT json FROM calendars ORDER BY year", error)))
    return NULL;

  texts = g_ptr_array_new_with_free_func (g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (texts, duban_store_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      duban_store_set_sqlite_error (self, error, "read calendars");
      return NULL;
    }

  return g_steal_pointer (&texts);
}

gboolean
duban_store_apply_calendars (DubanStore     *self,
                             DubanCalendar  *calendar,
                             GError        **error)
{
  g_autoptr(GPtrArray) texts = NULL;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (DUBAN_IS_CALENDAR (calendar), FALSE);

  if (!(texts = duban_store_load_calendars (self, error)))
    return FALSE;

  for (guint i = 0; i < texts->len; i++)
    if (!duban_calendar_load_json (calendar, g_ptr_array_index (texts, i), -1,
                                   DUBAN_CALENDAR_SOURCE_PLATFORM, error))
      return FALSE;

  return TRUE;
}

static const char *
object_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static JsonArray *
parse_array_member (const char  *json,
                    const char  *name,
                    JsonParser **parser_out,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonNode *member_node;

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (member_node = json_object_get_member (json_node_get_object (root), name)) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (member_node))
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                   "expected an object with an array '%s'", name);
      return NULL;
    }

  *parser_out = g_steal_pointer (&parser);
  return json_node_get_array (member_node);
}

gboolean
duban_store_replace_regions (DubanStore  *self,
                             const char  *geojson,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *features;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (geojson != NULL, FALSE);

  if (!(features = parse_array_member (geojson, "features", &parser, error)))
    return FALSE;

  /* Read them as the map and the reports will, before the old ones go:
   * regions the desk cannot draw must not replace ones it can. */
  {
    g_autoptr(DubanRegions) readable = duban_regions_new_from_geojson (geojson, error);

    if (readable == NULL)
      return FALSE;
  }

  if (!duban_store_exec (self, "DELETE FROM regions", error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonNode *feature = json_array_get_element (features, i);
      JsonObject *properties;
      JsonNode *geometry;
      const char *code, *name, *level;
      g_autofree char *geometry_text = NULL;
      int rc;

      if (!JSON_NODE_HOLDS_OBJECT (feature) ||
          !json_object_has_member (json_node_get_object (feature), "properties") ||
          !JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (feature), "properties")))
        {
          g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                       "region feature %u has no properties", i);
          return FALSE;
        }

      properties = json_object_get_object_member (json_node_get_object (feature), "properties");
      geometry = json_object_get_member (json_node_get_object (feature), "geometry");
      code = object_string (properties, "code");
      name = object_string (properties, "name");
      level = object_string (properties, "level");
      if (code == NULL || name == NULL || level == NULL || geometry == NULL)
        {
          g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                       "region feature %u lacks code, name, level or geometry", i);
          return FALSE;
        }

      geometry_text = json_to_string (geometry, FALSE);

      if (!(stmt = duban_store_prepare (self,
                            "INSERT OR REPLACE INTO regions (code, name, level, parent_code, geometry)"
                            " VALUES (?1, ?2, ?3, ?4, ?5)", error)))
        return FALSE;
      duban_store_bind_text (stmt, 1, code);
      duban_store_bind_text (stmt, 2, name);
      duban_store_bind_text (stmt, 3, level);
      duban_store_bind_text (stmt, 4, object_string (properties, "parent_code"));
      duban_store_bind_text (stmt, 5, geometry_text);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return duban_store_set_sqlite_error (self, error, "save region");
    }

  return TRUE;
}

char *
duban_store_get_regions_json (DubanStore *self)
{
  GString *out;
  sqlite3_stmt *stmt;
  gboolean first = TRUE;

  g_return_val_if_fail (DUBAN_IS_STORE (self), NULL);

  if (!(stmt = duban_store_prepare (self,
                        "SELECT json_object ('type', 'Feature',"
                        "  'properties', json_object ('code', code, 'name', name, 'level', level,"
                        "                             'parent_code', parent_code),"
                        "  'geometry', json (geometry))"
                        " FROM regions ORDER BY code", NULL)))
    return NULL;

  out = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (!first)
        g_string_append_c (out, ',');
      g_string_append (out, (const char *) sqlite3_column_text (stmt, 0));
      first = FALSE;
    }
  sqlite3_reset (stmt);
  g_string_append (out, "]}");

  return g_string_free (out, FALSE);
}

DubanRegions *
duban_store_load_regions (DubanStore *self)
{
  g_autofree char *geojson = NULL;
  g_autoptr(GError) error = NULL;
  DubanRegions *regions;

  g_return_val_if_fail (DUBAN_IS_STORE (self), NULL);

  if ((geojson = duban_store_get_regions_json (self)) == NULL)
    return NULL;
  /* a broken map is no reason to withhold the queue or the figures */
  if ((regions = duban_regions_new_from_geojson (geojson, &error)) == NULL)
    g_warning ("The stored regions cannot be drawn: %s", error->message);
  return regions;
}

char *
duban_store_region_name (DubanStore *self,
                         const char *code)
{
  sqlite3_stmt *stmt;
  char *name = NULL;

  g_return_val_if_fail (DUBAN_IS_STORE (self), NULL);

  if (code == NULL)
    return NULL;

  if (!(stmt = duban_store_prepare (self,
                        "SELECT name FROM regions WHERE code = ?1"
                        " UNION ALL SELECT name FROM units WHERE code = ?1 LIMIT 1", NULL)))
    return NULL;
  duban_store_bind_text (stmt, 1, code);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = duban_store_column_text (stmt, 0);
  sqlite3_reset (stmt);

  return name;
}

gboolean
duban_store_replace_units (DubanStore  *self,
                           const char  *units_json,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *units;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (units_json != NULL, FALSE);

  if (!(units = parse_array_member (units_json, "units", &parser, error)))
    return FALSE;

  if (!duban_store_exec (self, "DELETE FROM units", error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (units); i++)
    {
      JsonNode *node = json_array_get_element (units, i);
      JsonObject *unit;
      sqlite3_stmt *stmt;
      int rc;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          object_string ((unit = json_node_get_object (node)), "code") == NULL ||
          object_string (unit, "name") == NULL)
        {
          g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                       "unit %u lacks a code or a name", i);
          return FALSE;
        }

      if (!(stmt = duban_store_prepare (self, "INSERT OR REPLACE INTO units (code, name, kind) VALUES (?1, ?2, ?3)", error)))
        return FALSE;
      duban_store_bind_text (stmt, 1, object_string (unit, "code"));
      duban_store_bind_text (stmt, 2, object_string (unit, "name"));
      duban_store_bind_text (stmt, 3, object_string (unit, "kind"));
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return duban_store_set_sqlite_error (self, error, "save unit");
    }

  return TRUE;
}

/* ---- local records ------------------------------------------------------ */

gboolean
duban_store_audit (DubanStore  *self,
                   const char  *action,
                   const char  *ticket_id,
                   const char  *detail,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  if (!(stmt = duban_store_prepare (self,
                        "INSERT INTO audit_log (at, user, action, ticket_id, detail)"
                        " VALUES (?1, ?2, ?3, ?4, ?5)", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, duban_time_now ());
  duban_store_bind_text (stmt, 2, g_get_user_name ());
  duban_store_bind_text (stmt, 3, action);
  duban_store_bind_text (stmt, 4, ticket_id);
  duban_store_bind_text (stmt, 5, detail);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (self, error, "write audit log");

  return TRUE;
}

gboolean
duban_store_add_note (DubanStore  *self,
                      const char  *ticket_id,
                      const char  *body,
                      GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (ticket_id != NULL && body != NULL, FALSE);

  if (!(stmt = duban_store_prepare (self,
                        "INSERT INTO notes (ticket_id, body, author, created_at)"
                        " VALUES (?1, ?2, ?3, ?4)", error)))
    return FALSE;
  duban_store_bind_text (stmt, 1, ticket_id);
  duban_store_bind_text (stmt, 2, body);
  duban_store_bind_text (stmt, 3, g_get_user_name ());
  sqlite3_bind_int64 (stmt, 4, duban_time_now ());
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (self, error, "save note");

  return TRUE;
}

/* ---- full-sync bookkeeping ---------------------------------------------- */

gboolean
duban_store_reset_seen (DubanStore  *self,
                        GError     **error)
{
  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);

  return duban_store_exec (self,
               "CREATE TEMP TABLE IF NOT EXISTS seen (id TEXT PRIMARY KEY NOT NULL);"
               "DELETE FROM temp.seen;",
               error);
}

gboolean
duban_store_mark_seen (DubanStore  *self,
                       const char  *id,
                       GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);

  if (!(stmt = duban_store_prepare (self, "INSERT OR IGNORE INTO temp.seen (id) VALUES (?1)", error)))
    return FALSE;
  duban_store_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (self, error, "mark seen");

  return TRUE;
}

gboolean
duban_store_delete_unseen (DubanStore  *self,
                           guint       *deleted,
                           GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);

  if (!(stmt = duban_store_prepare (self, "DELETE FROM tickets WHERE id NOT IN (SELECT id FROM temp.seen)", error)))
    return FALSE;
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (self, error, "remove tickets the platform no longer has");

  if (deleted != NULL)
    *deleted += sqlite3_changes (self->db);

  return TRUE;
}

/* ---- policy --------------------------------------------------------------- */

/* The stored keys, and where each lives in the struct. */
static const struct {
  const char *key;
  gsize       offset;
  gboolean    is_usec;
} policy_fields[] = {
  { "urgent_contact_hours", G_STRUCT_OFFSET (DubanSlaPolicy, urgent_contact_usec), TRUE },
  { "urgent_completion_hours", G_STRUCT_OFFSET (DubanSlaPolicy, urgent_completion_usec), TRUE },
  { "normal_completion_working_hours", G_STRUCT_OFFSET (DubanSlaPolicy, normal_completion_usec), TRUE },
  { "warning_fraction", G_STRUCT_OFFSET (DubanSlaPolicy, warning_fraction), FALSE },
  { "weight_contact", G_STRUCT_OFFSET (DubanSlaPolicy, weight_contact), FALSE },
  { "weight_completion", G_STRUCT_OFFSET (DubanSlaPolicy, weight_completion), FALSE },
  { "weight_satisfaction", G_STRUCT_OFFSET (DubanSlaPolicy, weight_satisfaction), FALSE },
  { "ranking_min_due", G_STRUCT_OFFSET (DubanSlaPolicy, ranking_min_due), FALSE },
};

gboolean
duban_store_load_policy (DubanStore      *self,
                         DubanSlaPolicy  *policy,
                         GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);

  duban_sla_policy_init_defaults (policy);

  if (!(stmt = duban_store_prepare (self, "SELECT key, value FROM policy", error)))
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      double value = sqlite3_column_double (stmt, 1);

      for (guint i = 0; i < G_N_ELEMENTS (policy_fields); i++)
        if (g_strcmp0 (key, policy_fields[i].key) == 0)
          {
            gpointer field = G_STRUCT_MEMBER_P (policy, policy_fields[i].offset);

            if (policy_fields[i].is_usec)
              *(gint64 *) field = (gint64) (value * DUBAN_USEC_PER_HOUR);
            else
              *(double *) field = value;
          }
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (self, error, "read policy");

  return TRUE;
}

gboolean
duban_store_save_policy (DubanStore            *self,
                         const DubanSlaPolicy  *policy,
                         GError               **error)
{
  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (policy_fields); i++)
    {
      gconstpointer field = G_STRUCT_MEMBER_P (policy, policy_fields[i].offset);
      double value = policy_fields[i].is_usec
        ? (double) *(const gint64 *) field / DUBAN_USEC_PER_HOUR
        : *(const double *) field;
      sqlite3_stmt *stmt;
      int rc;

      if (!(stmt = duban_store_prepare (self, "INSERT OR REPLACE INTO policy (key, value) VALUES (?1, ?2)", error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, policy_fields[i].key, -1, SQLITE_STATIC);
      sqlite3_bind_double (stmt, 2, value);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return duban_store_set_sqlite_error (self, error, "save policy");
    }

  return TRUE;
}
