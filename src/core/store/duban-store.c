/* duban-store.c — the desk's local SQLite store
 *
 * Modelled on epiphany's SQLite wrapper and libshumate's file cache:
 * a small GObject around one connection, prepared statements cached by
 * their SQL literal, GError everywhere, WAL and explicit transactions.
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

#include "duban-store-private.h"

G_DEFINE_FINAL_TYPE (DubanStore, duban_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (duban-store-error-quark, duban_store_error)

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
  g_clear_pointer (&self->quarantine_keys, g_hash_table_unref);
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
  /* by the literal's address, as duban-store-private.h says: a sync
   * looks its statements up three times a ticket, and hashing the text
   * of a 35-column INSERT each time is work for nothing */
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, finalize_statement);
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

  /* FULL: a committed supervision order, note or audit row survives a
   * power cut, not just a crash. Sync pages alone are committed NORMAL
   * (duban_store_apply_page, which says why that is safe for them). */
  if (!duban_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !duban_store_exec (self, "PRAGMA synchronous = FULL", error) ||
      !duban_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !duban_store_migrate (self, target_version, error))
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

  return duban_store_read_user_version (self);
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
  /* it may hold records the rollback took back */
  g_clear_pointer (&self->quarantine_keys, g_hash_table_unref);
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

gint64
duban_store_count_rows (DubanStore *self,
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
