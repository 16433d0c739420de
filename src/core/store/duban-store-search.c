/* duban-store-search.c — the tickets a search finds, read from the store
 *
 * The rule is the query's (duban_ticket_search_matches(), rules/), run by
 * SQLite on each row as a function of the connection: a LIKE or instr()
 * prefilter would need its own copy of the rule (LIKE folds ASCII case
 * only and reads % and _), and an FTS index a new schema. One pass reads
 * the four columns the rule looks at and keeps the ids; the tickets found
 * are then read whole by their ids (duban_store_load_tickets_scoped()),
 * so that a search costs one scan of the table and the matches, never
 * every ticket in memory — but for a search most tickets pass, whose
 * matches are nearly every ticket anyway.
 */
#define G_LOG_DOMAIN "duban-store"

#include "config.h"

#include "duban-store-private.h"
#include "duban-store-scope.h"
#include "duban-store-search.h"
#include "duban-ticket-query.h"

#define MATCHES_FUNCTION "duban_search_matches"

/* How many SQLite virtual machine steps between two looks at the
 * cancellable (an atomic read): well under a millisecond of the scan. */
#define CANCEL_CHECK_STEPS 10000

static void
matches_fn (sqlite3_context  *context,
            int               argc,
            sqlite3_value   **argv)
{
  const char *search = (const char *) sqlite3_value_text (argv[4]);

  g_assert (argc == 5);

  if (search == NULL || search[0] == '\0')
    {
      sqlite3_result_int (context, 0);
      return;
    }
  sqlite3_result_int (context,
                      duban_ticket_search_matches (search,
                                                   (const char *) sqlite3_value_text (argv[0]),
                                                   (const char *) sqlite3_value_text (argv[1]),
                                                   (const char *) sqlite3_value_text (argv[2]),
                                                   (const char *) sqlite3_value_text (argv[3])));
}

/* Once per connection: registering again would expire the statements
 * that use it. */
static gboolean
register_matches (DubanStore  *self,
                  GError     **error)
{
  static const char key[] = "duban-store-search-registered";

  if (g_object_get_data (G_OBJECT (self), key) != NULL)
    return TRUE;
  if (sqlite3_create_function_v2 (self->db, MATCHES_FUNCTION, 5,
                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                  NULL, matches_fn, NULL, NULL, NULL) != SQLITE_OK)
    return duban_store_set_sqlite_error (self, error, "register the search");
  g_object_set_data (G_OBJECT (self), key, GINT_TO_POINTER (TRUE));
  return TRUE;
}

static int
cancelled_cb (void *user_data)
{
  return g_cancellable_is_cancelled (user_data);
}

static void
interrupt_when_cancelled (DubanStore   *self,
                          GCancellable *cancellable)
{
  if (cancellable != NULL)
    sqlite3_progress_handler (self->db, CANCEL_CHECK_STEPS, cancelled_cb, cancellable);
  else
    sqlite3_progress_handler (self->db, 0, NULL, NULL);
}

GPtrArray *
duban_store_search_ticket_ids (DubanStore    *self,
                               const char    *search,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(GPtrArray) ids = NULL;
  DubanTicketQuery query;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), NULL);
  g_return_val_if_fail (search != NULL, NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);

  ids = g_ptr_array_new_with_free_func (g_free);
  /* trimmed as the query trims it, so that both find the same */
  duban_ticket_query_init (&query);
  duban_ticket_query_set_search (&query, search);
  if (query.search == NULL)
    return g_steal_pointer (&ids);

  if (!register_matches (self, error) ||
      !(stmt = duban_store_prepare (self,
                                    "SELECT id FROM tickets"
                                    " WHERE " MATCHES_FUNCTION " (id, title, address, description, ?1)",
                                    error)))
    {
      duban_ticket_query_clear (&query);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, query.search, -1, SQLITE_TRANSIENT);
  duban_ticket_query_clear (&query);

  /* the scan of every row: typing on cancels it midway */
  interrupt_when_cancelled (self, cancellable);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, duban_store_column_text (stmt, 0));
  interrupt_when_cancelled (self, NULL);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (rc != SQLITE_DONE)
    {
      duban_store_set_sqlite_error (self, error, "search tickets");
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/* Every ticket, those not found dropped: for a search that finds most
 * of them, one read of the table costs half the read by ids (a list of
 * a million ids, looked up one by one). */
static GPtrArray *
load_found_of_every (DubanStore  *self,
                     GPtrArray   *ids,
                     GError     **error)
{
  g_autoptr(GHashTable) found = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) every = NULL;
  GPtrArray *tickets;

  if (!(every = duban_store_load_tickets (self, error)))
    return NULL;
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add (found, g_ptr_array_index (ids, i));
  tickets = g_ptr_array_new_full (ids->len, (GDestroyNotify) duban_ticket_free);
  for (guint i = 0; i < every->len; i++)
    if (g_hash_table_contains (found, ((DubanTicket *) g_ptr_array_index (every, i))->id))
      g_ptr_array_add (tickets, g_steal_pointer (&g_ptr_array_index (every, i)));
  return tickets;
}

GPtrArray *
duban_store_search_tickets (DubanStore    *self,
                            const char    *search,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GPtrArray) ids = NULL;
  DubanTicketScope scope = { DUBAN_TIME_NONE, NULL, NULL, FALSE };
  GPtrArray *tickets;

  g_return_val_if_fail (DUBAN_IS_STORE (self), NULL);
  g_return_val_if_fail (search != NULL, NULL);

  if (!(ids = duban_store_search_ticket_ids (self, search, cancellable, error)))
    return NULL;

  /* the read of the tickets found stops too (a search of a word nearly
   * every ticket has is the longest) */
  interrupt_when_cancelled (self, cancellable);
  if ((gint64) ids->len * 2 > duban_store_count_tickets (self))
    tickets = load_found_of_every (self, ids, error);
  else
    {
      scope.ids = ids;
      tickets = duban_store_load_tickets_scoped (self, &scope, error);
    }
  interrupt_when_cancelled (self, NULL);

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_clear_pointer (&tickets, g_ptr_array_unref);
      g_clear_error (error);
      g_cancellable_set_error_if_cancelled (cancellable, error);
    }
  return tickets;
}
