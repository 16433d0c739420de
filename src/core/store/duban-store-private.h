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

/* Full-sync bookkeeping, in a TEMP table of this connection: which ids
 * the platform listed, so the rest can be removed in the last page's
 * transaction. */
gboolean    duban_store_reset_seen      (DubanStore  *self,
                                         GError     **error);
gboolean    duban_store_mark_seen       (DubanStore  *self,
                                         const char  *id,
                                         GError     **error);
gboolean    duban_store_delete_unseen   (DubanStore  *self,
                                         guint       *deleted,
                                         GError     **error);

/* The query duban_store_load_tickets_scoped() runs, and the plan SQLite
 * makes for a statement (one line per step), for the tests that hold the
 * store to reading by index. */
extern const char duban_store_scoped_sql[];
char       *duban_store_explain         (DubanStore  *self,
                                         const char  *sql);

G_END_DECLS
