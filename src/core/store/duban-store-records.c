/* duban-store-records.c — a row of the audit log, a note on a ticket
 *
 * The two local records every other keeper writes beside its own (an
 * order, a reveal, an export each leave an audit row); reading them back
 * is duban-audit.c's.
 */

#define G_LOG_DOMAIN "duban-store-records"

#include "config.h"

#include "duban-store-private.h"

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

