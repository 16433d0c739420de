/* duban-store.h — the desk's local SQLite store
 *
 * The one source of truth on the workstation. WAL, explicit transactions,
 * schema versioned by PRAGMA user_version with forward migrations, file
 * created owner-only (0600). Tickets, quarantine and sync state are the
 * platform's copy; supervision orders, notes, the outbox and the audit log
 * are local records that no sync ever deletes.
 *
 * One DubanStore is one connection, used from one thread. A sync worker
 * opens its own connection to the same file.
 */
#pragma once

#include <glib-object.h>
#include "duban-calendar.h"
#include "duban-regions.h"
#include "duban-sla.h"
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

#define DUBAN_STORE_SCHEMA_VERSION 4

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

/* Sync state: small key/value pairs (sync_token, last_sync_at, feed_url …). */
char       *duban_store_get_state     (DubanStore  *self,
                                       const char  *key);
gboolean    duban_store_set_state     (DubanStore  *self,
                                       const char  *key,
                                       const char  *value,
                                       GError     **error);

/* The platform's calendar per year, as its JSON. */
gboolean    duban_store_save_calendar (DubanStore  *self,
                                       int          year,
                                       const char  *json,
                                       GError     **error);
/* Element type char* (JSON texts). */
GPtrArray  *duban_store_load_calendars (DubanStore *self,
                                        GError    **error);

/* Loads every cached platform calendar into @calendar, overriding its
 * bundled tables for those years. */
gboolean    duban_store_apply_calendars (DubanStore     *self,
                                         DubanCalendar  *calendar,
                                         GError        **error);

/* Regions and units, as the platform serves them. Regions that
 * duban_regions_new_from_geojson() refuses are refused here too, and the
 * ones stored before stay. */
gboolean    duban_store_replace_regions (DubanStore  *self,
                                         const char  *geojson,
                                         GError     **error);
char       *duban_store_get_regions_json (DubanStore *self);
/* The stored regions, read (an empty tree when there are none); NULL,
 * with a warning, when they cannot be read: the map and the reports then
 * go on without them. */
DubanRegions *duban_store_load_regions   (DubanStore *self);
/* name of a region or unit by code, or NULL */
char       *duban_store_region_name   (DubanStore  *self,
                                       const char  *code);
gboolean    duban_store_replace_units (DubanStore  *self,
                                       const char  *units_json,
                                       GError     **error);

/* The center's policy; fields not in the store keep the defaults. */
gboolean    duban_store_load_policy   (DubanStore      *self,
                                       DubanSlaPolicy  *policy,
                                       GError         **error);
gboolean    duban_store_save_policy   (DubanStore            *self,
                                       const DubanSlaPolicy  *policy,
                                       GError               **error);

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
