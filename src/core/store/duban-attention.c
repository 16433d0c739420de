/* duban-attention.c — what newly needs the supervisors' attention
 *
 * Only tickets whose notified state changes are written, so a sync of a
 * large store with a handful of changes costs a handful of rows.
 */
#define G_LOG_DOMAIN "duban-attention"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "duban-attention.h"
#include "duban-store-private.h"

void
duban_attention_changes_clear (DubanAttentionChanges *changes)
{
  g_return_if_fail (changes != NULL);

  g_clear_pointer (&changes->newly_overdue, g_ptr_array_unref);
  g_clear_pointer (&changes->newly_warning, g_ptr_array_unref);
  g_clear_pointer (&changes->newly_uncontacted, g_ptr_array_unref);
}

#define UNCONTACTED_SUFFIX ";uncontacted"


/* How bad a notified state is: only a step up is news. */
static int
severity (DubanState state)
{
  switch (state)
    {
    case DUBAN_STATE_OPEN_OVERDUE: return 2;
    case DUBAN_STATE_OPEN_WARNING: return 1;
    default:                       return 0;
    }
}

static GHashTable *
load_flags (DubanStore  *store,
            GError     **error)
{
  g_autoptr(GHashTable) flags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_assert (DUBAN_IS_STORE (store));

  if (!(stmt = duban_store_prepare (store, "SELECT ticket_id, notified_state FROM ticket_flags", error)))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (flags, duban_store_column_text (stmt, 0), duban_store_column_text (stmt, 1));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      duban_store_set_sqlite_error (store, error, "read ticket flags");
      return NULL;
    }

  return g_steal_pointer (&flags);
}

static gboolean
save_flag (DubanStore  *store,
           const char  *ticket_id,
           const char  *state,
           DubanTime    at,
           GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = duban_store_prepare (store,
                                    "INSERT OR REPLACE INTO ticket_flags (ticket_id, notified_state, notified_at)"
                                    " VALUES (?1, ?2, ?3)", error)))
    return FALSE;
  duban_store_bind_text (stmt, 1, ticket_id);
  duban_store_bind_text (stmt, 2, state);
  duban_store_bind_time (stmt, 3, at);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (store, error, "save ticket flag");

  return TRUE;
}

gboolean
duban_attention_update (DubanStore            *store,
                        const DubanSlaPolicy  *policy,
                        DubanCalendar         *calendar,
                        GPtrArray             *tickets,
                        DubanTime              at,
                        DubanAttentionChanges *changes,
                        GError               **error)
{
  g_autoptr(GHashTable) flags = NULL;

  g_return_val_if_fail (DUBAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (calendar != NULL, FALSE);
  g_return_val_if_fail (tickets != NULL, FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  changes->newly_overdue = g_ptr_array_new_with_free_func (g_free);
  changes->newly_warning = g_ptr_array_new_with_free_func (g_free);
  changes->newly_uncontacted = g_ptr_array_new_with_free_func (g_free);

  if (!(flags = load_flags (store, error)))
    return FALSE;

  if (!duban_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      const char *notified_wire = g_hash_table_lookup (flags, ticket->id);
      DubanState notified = DUBAN_STATE_OPEN_OK;
      gboolean notified_uncontacted = FALSE;
      gboolean uncontacted;
      DubanSlaStatus status;
      g_autofree char *wire = NULL;

      duban_sla_evaluate (policy, calendar, ticket, at, &status);
      /* only an open ticket can still be called back */
      uncontacted = status.contact_overdue &&
                    (status.state == DUBAN_STATE_OPEN_OK || status.state == DUBAN_STATE_OPEN_WARNING ||
                     status.state == DUBAN_STATE_OPEN_OVERDUE);

      if (notified_wire != NULL)
        {
          const char *suffix = strstr (notified_wire, UNCONTACTED_SUFFIX);
          g_autofree char *base = suffix ? g_strndup (notified_wire, suffix - notified_wire)
                                         : g_strdup (notified_wire);

          notified_uncontacted = suffix != NULL;
          if (g_str_equal (base, duban_state_to_wire (DUBAN_STATE_OPEN_OVERDUE)))
            notified = DUBAN_STATE_OPEN_OVERDUE;
          else if (g_str_equal (base, duban_state_to_wire (DUBAN_STATE_OPEN_WARNING)))
            notified = DUBAN_STATE_OPEN_WARNING;
        }

      /* Nothing to say or to record for a ticket that was never flagged
       * and is fine: most of the store. */
      if (notified_wire == NULL && severity (status.state) == 0 && !uncontacted)
        continue;

      wire = g_strconcat (duban_state_to_wire (status.state), uncontacted ? UNCONTACTED_SUFFIX : "", NULL);
      if (g_strcmp0 (notified_wire, wire) == 0)
        continue;

      if (severity (status.state) > severity (notified))
        g_ptr_array_add (status.state == DUBAN_STATE_OPEN_OVERDUE ? changes->newly_overdue
                                                                   : changes->newly_warning,
                         g_strdup (ticket->id));
      if (uncontacted && !notified_uncontacted)
        g_ptr_array_add (changes->newly_uncontacted, g_strdup (ticket->id));

      if (!save_flag (store, ticket->id, wire, at, error))
        {
          duban_store_rollback (store);
          duban_attention_changes_clear (changes);
          return FALSE;
        }
    }

  if (!duban_store_commit (store, error))
    {
      duban_store_rollback (store);
      duban_attention_changes_clear (changes);
      return FALSE;
    }

  return TRUE;
}

GPtrArray *
duban_attention_newly_replied (GPtrArray *tickets,
                               DubanTime  since,
                               DubanTime  until)
{
  GPtrArray *replied;

  g_return_val_if_fail (tickets != NULL, NULL);
  g_return_val_if_fail (since != DUBAN_TIME_NONE && until != DUBAN_TIME_NONE, NULL);

  replied = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);

      if (ticket->supervisions == NULL)
        continue;
      for (guint j = 0; j < ticket->supervisions->len; j++)
        {
          const DubanSupervision *order = g_ptr_array_index (ticket->supervisions, j);

          if (order->replied_at != DUBAN_TIME_NONE && order->replied_at > since && order->replied_at <= until)
            {
              g_ptr_array_add (replied, g_strdup (ticket->id));
              break;
            }
        }
    }

  return replied;
}
