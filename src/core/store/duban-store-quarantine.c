/* duban-store-quarantine.c — records the desk could not read, kept
 *
 * A record that breaks the contract is kept with its reason and its bytes
 * exactly as received: the evidence the user can see and export (masked)
 * and take to the platform's people. Keeping one copy of each is the
 * sync's (duban-store-sync.c).
 */

#define G_LOG_DOMAIN "duban-store-quarantine"

#include "config.h"

#include <string.h>

#include "duban-store-private.h"

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

  duban_store_note_quarantined (self, ticket_id, raw, raw_length);
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

  return duban_store_count_rows (self, "SELECT count(*) FROM quarantine");
}

