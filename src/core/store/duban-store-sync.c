/* duban-store-sync.c — one sync page into the store, in one transaction
 *
 * The feed client reads a page into a batch (duban-feed-client-sync.c);
 * what the store does with it is here, in one call and one transaction:
 * the tickets, the quarantine kept to one copy of each broken record, the
 * deletions, a full sync's seen-marks and sweep, and the token that
 * advances with the last page. A page crosses from the client to the
 * store once, and the client holds no SQL.
 */

#define G_LOG_DOMAIN "duban-store-sync"

#include "config.h"

#include <string.h>

#include "duban-store-private.h"

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


/* ---- the batch ---------------------------------------------------------- */

static void
sync_record_clear (gpointer data)
{
  DubanSyncRecord *record = data;

  g_clear_pointer (&record->ticket, duban_ticket_free);
  g_clear_pointer (&record->id, g_free);
  g_clear_pointer (&record->reason, g_free);
}

DubanSyncBatch *
duban_sync_batch_new (void)
{
  DubanSyncBatch *batch = g_new0 (DubanSyncBatch, 1);

  batch->records = g_array_new (FALSE, TRUE, sizeof (DubanSyncRecord));
  g_array_set_clear_func (batch->records, sync_record_clear);
  batch->deleted_ids = g_ptr_array_new_with_free_func (g_free);
  batch->received_at = DUBAN_TIME_NONE;
  return batch;
}

void
duban_sync_batch_free (DubanSyncBatch *batch)
{
  if (batch == NULL)
    return;

  g_array_unref (batch->records);
  g_ptr_array_unref (batch->deleted_ids);
  g_free (batch->sync_token);
  g_free (batch->feed_url);
  g_free (batch);
}

void
duban_sync_batch_add_ticket (DubanSyncBatch *batch,
                             DubanTicket    *ticket,
                             const char     *id,
                             gboolean        id_valid)
{
  DubanSyncRecord record = { 0 };

  g_return_if_fail (batch != NULL);
  g_return_if_fail (ticket != NULL && ticket->id != NULL);

  record.ticket = ticket;
  record.id = g_strdup (id);
  record.id_valid = id_valid;
  g_array_append_val (batch->records, record);
}

void
duban_sync_batch_add_quarantine (DubanSyncBatch *batch,
                                 const char     *id,
                                 gboolean        id_valid,
                                 const char     *reason,
                                 const char     *raw,
                                 gsize           raw_length)
{
  DubanSyncRecord record = { 0 };

  g_return_if_fail (batch != NULL);
  g_return_if_fail (reason != NULL && raw != NULL);

  record.id = g_strdup (id);
  record.id_valid = id_valid;
  record.reason = g_strdup (reason);
  record.raw = raw;
  record.raw_length = raw_length;
  g_array_append_val (batch->records, record);
}

/* ---- quarantine, one copy of each --------------------------------------- */

static char *
quarantine_key (const char *id,
                const char *raw,
                gsize       raw_length)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) (id != NULL ? id : ""), -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) raw, raw_length);
  return g_strdup (g_checksum_get_string (checksum));
}

void
duban_store_note_quarantined (DubanStore *self,
                              const char *ticket_id,
                              const char *raw,
                              gsize       raw_length)
{
  g_assert (DUBAN_IS_STORE (self));

  if (self->quarantine_keys != NULL)
    g_hash_table_add (self->quarantine_keys, quarantine_key (ticket_id, raw, raw_length));
}

static gboolean
load_quarantine_keys (DubanStore  *self,
                      GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_assert (self->quarantine_keys == NULL);

  if (!(stmt = duban_store_prepare (self, "SELECT ticket_id, raw FROM quarantine", error)))
    return FALSE;

  self->quarantine_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (self->quarantine_keys,
                      quarantine_key ((const char *) sqlite3_column_text (stmt, 0),
                                      sqlite3_column_blob (stmt, 1),
                                      sqlite3_column_bytes (stmt, 1)));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      g_clear_pointer (&self->quarantine_keys, g_hash_table_unref);
      return duban_store_set_sqlite_error (self, error, "read the quarantine");
    }
  return TRUE;
}

/* The same broken record comes back on every full sync and after every
 * 410; quarantine keeps one copy of each (id and raw bytes), not one per
 * sync. The raw bytes are the record exactly as the platform sent them:
 * the evidence, duplicate keys and all. */
static gboolean
quarantine_once (DubanStore       *self,
                 DubanSyncBatch   *batch,
                 DubanSyncRecord  *record,
                 GError          **error)
{
  g_autofree char *key = NULL;

  g_assert (record->ticket == NULL && record->reason != NULL);

  if (self->quarantine_keys == NULL && !load_quarantine_keys (self, error))
    return FALSE;

  key = quarantine_key (record->id, record->raw, record->raw_length);
  if (g_hash_table_contains (self->quarantine_keys, key))
    return TRUE;

  /* adds the key (duban_store_note_quarantined) */
  if (!duban_store_add_quarantine_bytes (self, record->id, record->reason, record->raw,
                                         record->raw_length, batch->received_at, error))
    return FALSE;
  batch->quarantined++;
  return TRUE;
}

/* ---- a full sync's seen-marks ------------------------------------------- */

/* In a TEMP table of this connection: which ids the platform listed in
 * this full sync, so the rest can be removed in the last page's
 * transaction. A TEMP table is transactional like any other: a page
 * rolled back takes its marks with it. */
static gboolean
reset_seen (DubanStore  *self,
            GError     **error)
{
  return duban_store_exec (self,
               "CREATE TEMP TABLE IF NOT EXISTS seen (id TEXT PRIMARY KEY NOT NULL);"
               "DELETE FROM temp.seen;",
               error);
}

static gboolean
mark_seen (DubanStore  *self,
           const char  *id,
           GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = duban_store_prepare (self, "INSERT OR IGNORE INTO temp.seen (id) VALUES (?1)", error)))
    return FALSE;
  duban_store_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (self, error, "mark seen");
  return TRUE;
}

static gboolean
delete_unseen (DubanStore  *self,
               guint       *deleted,
               GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = duban_store_prepare (self, "DELETE FROM tickets WHERE id NOT IN (SELECT id FROM temp.seen)", error)))
    return FALSE;
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (self, error, "remove tickets the platform no longer has");

  *deleted += sqlite3_changes (self->db);
  return TRUE;
}

/* ---- one page ----------------------------------------------------------- */

static gboolean
apply_records (DubanStore      *self,
               DubanSyncBatch  *batch,
               GError         **error)
{
  for (guint i = 0; i < batch->records->len; i++)
    {
      DubanSyncRecord *record = &g_array_index (batch->records, DubanSyncRecord, i);

      if (record->ticket != NULL)
        {
          if (!duban_store_upsert_ticket (self, record->ticket, &record->result, error))
            return FALSE;
        }
      else if (!quarantine_once (self, batch, record, error))
        return FALSE;

      /* the id as sent, whole: one with a NUL or a control character
       * names no ticket, and its cut form is another ticket's. A
       * quarantined ticket is still on the platform: not swept. */
      if (batch->full && record->id != NULL && record->id_valid && !mark_seen (self, record->id, error))
        return FALSE;
    }

  for (guint i = 0; i < batch->deleted_ids->len; i++)
    {
      gboolean removed = FALSE;

      if (!duban_store_delete_ticket (self, g_ptr_array_index (batch->deleted_ids, i), &removed, error))
        return FALSE;
      if (removed)
        batch->deleted++;
    }

  return TRUE;
}

/* The last page: a full sync's sweep, and the token with the platform it
 * belongs to. */
static gboolean
advance (DubanStore      *self,
         DubanSyncBatch  *batch,
         GError         **error)
{
  g_autofree char *now = duban_time_format_rfc3339 (duban_time_now ());

  g_assert (batch->sync_token != NULL);

  if (batch->full && !delete_unseen (self, &batch->swept, error))
    return FALSE;

  return duban_store_set_state (self, "sync_token", batch->sync_token, error) &&
         duban_store_set_state (self, "feed_url", batch->feed_url, error) &&
         duban_store_set_state (self, "last_sync_at", now, error);
}

/* Back to FULL, whatever happened to the page: the next thing written on
 * this connection may be an order. */
static gboolean
restore_full (DubanStore  *self,
              GError     **error)
{
  return duban_store_exec (self, "PRAGMA synchronous = FULL", error);
}

gboolean
duban_store_apply_page (DubanStore      *self,
                        DubanSyncBatch  *batch,
                        GError         **error)
{
  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (batch->sync_token == NULL || batch->feed_url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  batch->deleted = batch->swept = batch->quarantined = 0;
  if (batch->received_at == DUBAN_TIME_NONE)
    batch->received_at = duban_time_now ();

  /* synchronous=NORMAL for this transaction only. Under WAL a commit
   * then survives the program's crash but not the machine's: a power cut
   * may lose the last pages committed, and the fsync of each page is
   * what a sync spends most of its waiting on. That is safe for the
   * platform's copy, because the token advances in the last page's own
   * transaction: a page lost is a page fetched again by the next sync.
   * Local records (orders, notes, the audit log, the outbox) are
   * committed FULL, as the store opens (duban-store.c), and a FULL commit
   * syncs the whole log, the pages written before it included. */
  if (!duban_store_exec (self, "PRAGMA synchronous = NORMAL", error))
    return FALSE;

  if (!duban_store_begin (self, error) ||
      (batch->full && batch->first && !reset_seen (self, error)) ||
      !apply_records (self, batch, error) ||
      (batch->sync_token != NULL && !advance (self, batch, error)) ||
      !duban_store_commit (self, error))
    {
      duban_store_rollback (self);
      batch->deleted = batch->swept = batch->quarantined = 0;
      restore_full (self, NULL);
      return FALSE;
    }

  /* the page is stored; a connection that cannot be made FULL again
   * must not go on to write anything else */
  return restore_full (self, error);
}
