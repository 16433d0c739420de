/* duban-supervisions.c — the orders the platform says a ticket carries
 *
 * Kept in a table of their own, keyed by ticket and client_id, rather
 * than as JSON in the ticket's row: the ladder, the unit page and the
 * "already pressed" warning look them up by ticket, and a reply arriving
 * is one row changing. Rows go with their ticket (a trigger of the
 * migration), so neither delete path of the store needs to know of them.
 */
#define G_LOG_DOMAIN "duban-supervisions"

#include "config.h"

#include "duban-supervisions.h"
#include "duban-store-private.h"

gboolean
duban_supervisions_save (DubanStore         *store,
                         const DubanTicket  *ticket,
                         GError            **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (ticket != NULL && ticket->id != NULL, FALSE);

  /* A copy without the member says nothing about orders (a platform
   * that does not carry them yet, or an older one): what the desk last
   * knew stays. Most tickets have none, so a full sync costs nothing. */
  if (ticket->supervisions == NULL || ticket->supervisions->len == 0)
    return TRUE;

  if (!(stmt = duban_store_prepare (store, "DELETE FROM ticket_supervisions WHERE ticket_id = ?1", error)))
    return FALSE;
  duban_store_bind_text (stmt, 1, ticket->id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (store, error, "replace the ticket's orders");

  for (guint i = 0; i < ticket->supervisions->len; i++)
    {
      const DubanSupervision *s = g_ptr_array_index (ticket->supervisions, i);

      if (!(stmt = duban_store_prepare (store,
                                        "INSERT OR REPLACE INTO ticket_supervisions"
                                        " (ticket_id, client_id, level, note, respond_by, issued_by, issued_at,"
                                        "  replied_at, reply)"
                                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error)))
        return FALSE;
      duban_store_bind_text (stmt, 1, ticket->id);
      duban_store_bind_text (stmt, 2, s->client_id);
      duban_store_bind_text (stmt, 3, duban_order_level_to_wire (s->level));
      duban_store_bind_text (stmt, 4, s->note != NULL ? s->note : "");
      duban_store_bind_time (stmt, 5, s->respond_by);
      duban_store_bind_text (stmt, 6, s->issued_by);
      duban_store_bind_time (stmt, 7, s->issued_at);
      duban_store_bind_time (stmt, 8, s->replied_at);
      duban_store_bind_text (stmt, 9, s->reply);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return duban_store_set_sqlite_error (store, error, "save the ticket's orders");
    }

  return TRUE;
}

gboolean
duban_supervisions_attach (DubanStore  *store,
                           GPtrArray   *tickets,
                           GError     **error)
{
  g_autoptr(GHashTable) by_id = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (tickets != NULL, FALSE);

  if (tickets->len == 0)
    return TRUE;

  by_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < tickets->len; i++)
    {
      DubanTicket *ticket = g_ptr_array_index (tickets, i);

      g_hash_table_insert (by_id, ticket->id, ticket);
    }

  if (!(stmt = duban_store_prepare (store,
                                    "SELECT ticket_id, client_id, level, note, respond_by, issued_by, issued_at,"
                                    " replied_at, reply"
                                    " FROM ticket_supervisions ORDER BY ticket_id, issued_at, client_id", error)))
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *ticket_id = (const char *) sqlite3_column_text (stmt, 0);
      DubanTicket *ticket = ticket_id != NULL ? g_hash_table_lookup (by_id, ticket_id) : NULL;
      g_autofree char *level = NULL;
      DubanSupervision *s;

      if (ticket == NULL)
        continue;

      s = g_new0 (DubanSupervision, 1);
      s->client_id = duban_store_column_text (stmt, 1);
      level = duban_store_column_text (stmt, 2);
      if (!duban_order_level_from_wire (level, &s->level))
        s->level = DUBAN_ORDER_NOTICE;
      s->note = duban_store_column_text (stmt, 3);
      if (s->note == NULL)
        s->note = g_strdup ("");
      s->respond_by = duban_store_column_time (stmt, 4);
      s->issued_by = duban_store_column_text (stmt, 5);
      s->issued_at = duban_store_column_time (stmt, 6);
      s->replied_at = duban_store_column_time (stmt, 7);
      s->reply = duban_store_column_text (stmt, 8);

      if (ticket->supervisions == NULL)
        ticket->supervisions = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_supervision_free);
      g_ptr_array_add (ticket->supervisions, s);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (store, error, "read the tickets' orders");

  return TRUE;
}
