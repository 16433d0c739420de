/* duban-store.h — the desk's local SQLite store
 *
 * The one source of truth on the workstation. WAL, explicit transactions,
 * schema versioned by PRAGMA user_version with forward migrations, file
 * created owner-only (0600). Tickets, quarantine and sync state are the
 * platform's copy; supervision orders, notes, the outbox and the audit log
 * are local records that no sync ever deletes.
 *
 * One DubanStore is one connection, used from one thread. A sync worker
 * opens its own connection to the same file. What the rules read beside
 * the tickets — the calendar, regions, units and the center's policy —
 * is in duban-store-reference.h, so that a file that only stores or
 * reads tickets does not depend on the rules and the map.
 */
#pragma once

#include <glib-object.h>

#include "duban-ticket.h"

G_BEGIN_DECLS

#define DUBAN_STORE_ERROR (duban_store_error_quark ())
GQuark duban_store_error_quark (void);

typedef enum {
  DUBAN_STORE_ERROR_SQLITE,
  DUBAN_STORE_ERROR_TOO_NEW,
  DUBAN_STORE_ERROR_NOT_FOUND,
  DUBAN_STORE_ERROR_NO_STORE,   /* duban_store_open_existing(): no file there */
} DubanStoreError;

#define DUBAN_STORE_SCHEMA_VERSION 9

#define DUBAN_TYPE_STORE (duban_store_get_type ())
G_DECLARE_FINAL_TYPE (DubanStore, duban_store, DUBAN, STORE, GObject)

/* NULL @path: the default, $DUBAN_DB or $XDG_DATA_HOME/duban/duban.db. */
char       *duban_store_default_path (void);
DubanStore *duban_store_open         (const char  *path,
                                      GError     **error);
/* As duban_store_open(), but never creates one: DUBAN_STORE_ERROR_NO_STORE
 * when there is no store at @path. */
DubanStore *duban_store_open_existing (const char  *path,
                                       GError     **error);
const char *duban_store_get_path     (DubanStore  *self);
int         duban_store_get_schema_version (DubanStore *self);

gboolean    duban_store_begin        (DubanStore  *self,
                                      GError     **error);
gboolean    duban_store_commit       (DubanStore  *self,
                                      GError     **error);
void        duban_store_rollback     (DubanStore  *self);

typedef enum {
  DUBAN_UPSERT_INSERTED,
  DUBAN_UPSERT_UPDATED,
  DUBAN_UPSERT_KEPT_NEWER,   /* the stored copy has a greater updated_at */
} DubanUpsertResult;

/* Keeps the copy with the greatest updated_at (ties: this one). */
gboolean    duban_store_upsert_ticket (DubanStore        *self,
                                       const DubanTicket *ticket,
                                       DubanUpsertResult *result,
                                       GError           **error);
/* TRUE in @deleted when a row was removed. */
gboolean    duban_store_delete_ticket (DubanStore  *self,
                                       const char  *id,
                                       gboolean    *deleted,
                                       GError     **error);
DubanTicket *duban_store_get_ticket   (DubanStore  *self,
                                       const char  *id,
                                       GError     **error);
/* Every ticket, cancelled ones included, ordered by id.
 * Element type DubanTicket*, owned by the array. */
GPtrArray  *duban_store_load_tickets  (DubanStore  *self,
                                       GError     **error);
gint64      duban_store_count_tickets (DubanStore  *self);

/* Quarantine: a malformed record with its raw JSON and the reason. */
typedef struct {
  gint64     rowid;
  char      *ticket_id;      /* NULL when the raw record has none */
  char      *reason;
  char      *raw;
  DubanTime  received_at;
} DubanQuarantineRecord;

void        duban_quarantine_record_free (DubanQuarantineRecord *record);
gboolean    duban_store_add_quarantine (DubanStore  *self,
                                        const char  *ticket_id,
                                        const char  *reason,
                                        const char  *raw,
                                        DubanTime    received_at,
                                        GError     **error);
/* The same, for raw bytes as the platform sent them, of @raw_length
 * bytes: kept exactly, whatever they hold. */
gboolean    duban_store_add_quarantine_bytes (DubanStore  *self,
                                              const char  *ticket_id,
                                              const char  *reason,
                                              const char  *raw,
                                              gsize        raw_length,
                                              DubanTime    received_at,
                                              GError     **error);
GPtrArray  *duban_store_load_quarantine (DubanStore  *self,
                                         GError     **error);
gint64      duban_store_count_quarantine (DubanStore *self);

/* One sync page, as the feed client cut and read it: each record a
 * ticket to keep, or a record to quarantine with its reason and its
 * bytes as sent; the ids the platform deleted; and, on the last page,
 * the token to advance to. duban_store_apply_page() stores it all in
 * one transaction. */
typedef struct {
  DubanTicket       *ticket;      /* owned; NULL: the record goes to quarantine */
  char              *id;          /* owned; the id as sent, or NULL */
  gboolean           id_valid;    /* @id names a ticket (duban_ticket_id_is_valid) */
  char              *reason;      /* owned; why it is quarantined */
  const char        *raw;         /* borrowed from the page; the record's bytes */
  gsize              raw_length;
  DubanUpsertResult  result;      /* set by duban_store_apply_page(), tickets only */
} DubanSyncRecord;

typedef struct {
  GArray     *records;        /* of DubanSyncRecord */
  GPtrArray  *deleted_ids;    /* owned, of char*: ids the platform deleted */
  DubanTime   received_at;
  /* A full sync lists every ticket the platform has: each id is marked
   * seen, and on the last page whatever was not seen goes. */
  gboolean    full;
  gboolean    first;          /* a full sync's first page: earlier marks are forgotten */
  char       *sync_token;     /* the last page: the token to advance to; else NULL */
  char       *feed_url;       /* the last page: the platform the token belongs to */

  /* set by duban_store_apply_page() */
  guint       deleted;        /* rows removed by deleted_ids */
  guint       swept;          /* rows a full sync's last page removed as unseen */
  guint       quarantined;    /* records newly quarantined (copies already held are not) */
} DubanSyncBatch;

DubanSyncBatch *duban_sync_batch_new            (void);
void            duban_sync_batch_free           (DubanSyncBatch *batch);
/* Takes @ticket. */
void            duban_sync_batch_add_ticket     (DubanSyncBatch *batch,
                                                 DubanTicket    *ticket,
                                                 const char     *id,
                                                 gboolean        id_valid);
/* @raw is borrowed: it must outlive the batch. */
void            duban_sync_batch_add_quarantine (DubanSyncBatch *batch,
                                                 const char     *id,
                                                 gboolean        id_valid,
                                                 const char     *reason,
                                                 const char     *raw,
                                                 gsize           raw_length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanSyncBatch, duban_sync_batch_free)

/* Stores one page in one transaction: the tickets (the copy with the
 * greater updated_at kept), the quarantine (one copy of each record: the
 * same broken record comes back on every full sync), the deletions, a
 * full sync's seen-marks and sweep, and on the last page the token, the
 * feed's URL and last_sync_at. On failure nothing of the page is kept. */
gboolean    duban_store_apply_page    (DubanStore      *self,
                                       DubanSyncBatch  *batch,
                                       GError         **error);

/* Sync state: small key/value pairs (sync_token, last_sync_at, feed_url …). */
char       *duban_store_get_state     (DubanStore  *self,
                                       const char  *key);
gboolean    duban_store_set_state     (DubanStore  *self,
                                       const char  *key,
                                       const char  *value,
                                       GError     **error);

/* Local records. */
gboolean    duban_store_audit         (DubanStore  *self,
                                       const char  *action,
                                       const char  *ticket_id,
                                       const char  *detail,
                                       GError     **error);
gboolean    duban_store_add_note      (DubanStore  *self,
                                       const char  *ticket_id,
                                       const char  *body,
                                       GError     **error);

G_END_DECLS
