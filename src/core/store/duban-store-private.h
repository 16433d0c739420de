/* duban-store-private.h — for the store's own tests */
#pragma once

#include <sqlite3.h>

#include "duban-store.h"

G_BEGIN_DECLS

/* For the core's own record keepers (orders, notes, audit, outbox …),
 * which live in files of their own but share the store's connection,
 * statement cache and error handling. Never for anything above core. */

/* A cached prepared statement, reset, bindings cleared. @sql must be a
 * string literal: its address is the cache key. */
sqlite3_stmt *duban_store_prepare          (DubanStore    *self,
                                            const char    *sql,
                                            GError       **error);
gboolean      duban_store_exec             (DubanStore    *self,
                                            const char    *sql,
                                            GError       **error);
/* Always returns FALSE, for `return duban_store_set_sqlite_error (…);` */
gboolean      duban_store_set_sqlite_error (DubanStore    *self,
                                            GError       **error,
                                            const char    *what);
void          duban_store_bind_text        (sqlite3_stmt  *stmt,
                                            int            index,
                                            const char    *text);
/* DUBAN_TIME_NONE binds NULL */
void          duban_store_bind_time        (sqlite3_stmt  *stmt,
                                            int            index,
                                            DubanTime      time);
char         *duban_store_column_text      (sqlite3_stmt  *stmt,
                                            int            index);
DubanTime     duban_store_column_time      (sqlite3_stmt  *stmt,
                                            int            index);

/* Opens (creating) a store migrated only up to @version, as an older
 * Duban would have left it. */
DubanStore *duban_store_open_at_version (const char  *path,
                                         int          version,
                                         GError     **error);

/* One class over several files: what they share. */
struct _DubanStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  GHashTable *statements;   /* SQL text → sqlite3_stmt*, finalized on dispose */
  int         transaction_depth;
  /* The quarantine's records as keys (duban-store-sync.c), loaded when a
   * sync first quarantines one; dropped on rollback, so it never holds a
   * record the store does not. */
  GHashTable *quarantine_keys;
};

/* Adds the record's key to quarantine_keys, when they are loaded
 * (duban-store-sync.c). */
void        duban_store_note_quarantined (DubanStore  *self,
                                          const char  *ticket_id,
                                          const char  *raw,
                                          gsize        raw_length);

G_END_DECLS
