/* duban-store-unit.c — one unit's tickets, for its page (单位画像)
 *
 * Two steps: the ids, by the unit's index (each of the unit's rows is
 * looked at once, and only its few columns tested), then those tickets
 * whole by their ids through duban_store_load_tickets_scoped(), the one
 * reader of whole rows. At two million tickets the largest unit has
 * 289,110, of which about half are in its six months: read whole, they
 * are what the page holds, where every ticket of the county was before.
 */
#define G_LOG_DOMAIN "duban-store"

#include "config.h"

#include "duban-store-private.h"
#include "duban-store-scope.h"
#include "duban-store-unit.h"

/* The terms of duban_store_load_unit_tickets(), each tested on the row
 * the unit's index finds (the `+` keeps the planner on tickets_by_unit,
 * EXPLAIN QUERY PLAN: "SEARCH tickets USING INDEX tickets_by_unit"), the
 * six months first, which most rows pass; the open test is the scoped
 * read's (duban-store-tickets.c). */
const char duban_store_unit_ids_sql[] =
  "SELECT id FROM tickets WHERE unit_code = ?1 AND ("
  "  (+received_at >= ?2 AND +received_at <= ?3)"
  "  OR (+open_until > ?3 AND +received_at <= ?3)"
  "  OR repeat_of IS NOT NULL"
  "  OR id IN (SELECT ticket_id FROM ticket_supervisions)"
  "  OR id IN (SELECT ticket_id FROM supervision_orders))";

GPtrArray *
duban_store_load_unit_tickets (DubanStore  *self,
                               const char  *unit_code,
                               DubanTime    from,
                               DubanTime    at,
                               GError     **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  DubanTicketScope scope = { .open_at = DUBAN_TIME_NONE };
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), NULL);
  g_return_val_if_fail (unit_code != NULL, NULL);

  /* sql-ok: a literal, named so that the tests can read its plan */
  if (!(stmt = duban_store_prepare (self, duban_store_unit_ids_sql, error)))
    return NULL;
  duban_store_bind_text (stmt, 1, unit_code);
  duban_store_bind_time (stmt, 2, from);
  duban_store_bind_time (stmt, 3, at);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, duban_store_column_text (stmt, 0));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      duban_store_set_sqlite_error (self, error, "read a unit's tickets");
      return NULL;
    }

  if (ids->len == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  scope.ids = ids;
  return duban_store_load_tickets_scoped (self, &scope, error);
}

gboolean
duban_store_has_unit_tickets (DubanStore  *self,
                              const char  *unit_code,
                              gboolean    *has,
                              GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (unit_code != NULL && has != NULL, FALSE);

  if (!(stmt = duban_store_prepare (self, "SELECT 1 FROM tickets WHERE unit_code = ?1 LIMIT 1", error)))
    return FALSE;
  duban_store_bind_text (stmt, 1, unit_code);
  rc = sqlite3_step (stmt);
  *has = rc == SQLITE_ROW;
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (self, error, "look up a unit");
  return TRUE;
}
