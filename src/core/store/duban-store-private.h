/* duban-store-private.h — one class over several files, and its keepers
 *
 * DubanStore is the connection, its statement cache and transactions
 * (duban-store.c), the schema and its migrations (duban-store-schema.c),
 * tickets (duban-store-tickets.c), quarantine (duban-store-quarantine.c),
 * the calendar, regions and units (duban-store-reference.c), audit rows
 * and notes (duban-store-records.c), the policy (duban-store-policy.c)
 * and the sync's state and pages (duban-store-sync.c); this is what they
 * share, with the record keepers beside them and the store's tests.
 */
#pragma once

#include <sqlite3.h>

#include "duban-store.h"
#include "duban-store-judgement-history.h"

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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* One class over several files: what they share. */
struct _DubanStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  GHashTable *statements;   /* SQL literal (its address) → sqlite3_stmt*, finalized on dispose */
  int         transaction_depth;
  /* The quarantine's records as keys (duban-store-sync.c), loaded when a
   * sync first quarantines one; dropped on rollback, so it never holds a
   * record the store does not. */
  GHashTable *quarantine_keys;
};

/* PRAGMA user_version, or -1 (duban-store-schema.c). */
int         duban_store_read_user_version (DubanStore  *self);
/* Brings the schema up to @target (duban-store-schema.c). */
gboolean    duban_store_migrate          (DubanStore  *self,
                                          int          target,
                                          GError     **error);
/* The one integer @sql (a literal) selects, or -1. */
gint64      duban_store_count_rows       (DubanStore  *self,
                                          const char  *sql);

/* Adds the record's key to quarantine_keys, when they are loaded
 * (duban-store-sync.c). */
void        duban_store_note_quarantined (DubanStore  *self,
                                          const char  *ticket_id,
                                          const char  *raw,
                                          gsize        raw_length);

/* The queries duban_store_load_tickets_scoped() runs — the scope's
 * rowids, then its rows a run of rowids at a time, whole or lean — and
 * the plan SQLite makes for a statement (one line per step), for the
 * tests that hold the store to reading by index. */
extern const char duban_store_scoped_rowids_sql[];
extern const char duban_store_scoped_sql[];
extern const char duban_store_scoped_lean_sql[];
extern const char duban_store_links_sql[];
extern const char duban_store_by_ids_sql[];
/* The widest gap of rowids outside the scope that one read of its rows
 * bridges (64); the tests set 0 to read every run on its own. */
extern guint duban_store_scoped_gap;
char       *duban_store_explain         (DubanStore  *self,
                                         const char  *sql);

/* The two forms of duban_store_foreach_ticket_of_history(), for the
 * tests to read their plans. */
extern const char duban_store_history_indexed_sql[];
extern const char duban_store_history_scanned_sql[];
/* duban_store_foreach_ticket_for_judgement()'s one read. */
extern const char duban_store_judgement_sql[];
/* duban_store_foreach_ticket_for_judgement_live()'s. */
extern const char duban_store_judgement_live_sql[];

/* The columns of a ticket for a 研判, lean, with the words of those
 * received in [?1, ?2) (in the order read_ticket() reads them). The
 * condition is on a stored column: one on the generated open_until (as
 * the words of the open tickets once were) is worked out again for
 * every column that asks, and cost more than the read. */
#define DUBAN_STORE_WORDS_IF(column) "CASE WHEN received_at >= ?1 AND received_at < ?2 THEN " column " END"
#define DUBAN_STORE_JUDGEMENT_COLUMNS \
  "id, " DUBAN_STORE_WORDS_IF ("title") ", " DUBAN_STORE_WORDS_IF ("description") ", kind, category, urgency, source, NULL," \
  " NULL, " DUBAN_STORE_WORDS_IF ("address") ", lat, lon, crs, grid_code, unit_code, unit_name," \
  " status, received_at, dispatched_at, first_contact_at, resolved_at, closed_at," \
  " updated_at, has_extension, ext_reason, ext_measures, ext_promised_at," \
  " ext_filed_at, ext_approved, disposition, evidence_count, handled_level," \
  " satisfaction, visited_at, " DUBAN_STORE_WORDS_IF ("repeat_of")
/* the column after them */
#define DUBAN_STORE_JUDGEMENT_N_COLUMNS 35

/* Steps @stmt, whose columns are a ticket's as read_ticket() reads them
 * and, at @row_column, its rowid: each ticket given to @func, owned. */
gboolean duban_store_step_tickets_with_rows (DubanStore         *self,
                                             sqlite3_stmt       *stmt,
                                             int                 row_column,
                                             DubanTicketRowFunc  func,
                                             gpointer            user_data,
                                             GError            **error);

G_END_DECLS
