/* duban-repeat-matters.c — confirmed repeat groups as one matter, and 回潮
 *
 * Collapsing keeps a group's first ticket and drops the rest, so that a
 * count of matters is a count of tickets over the collapsed array and
 * every method that counts tickets (the hotspot test, the themes) counts
 * matters without knowing it. Only confirmed groups collapse: a proposal
 * changes no count until a person agrees with it.
 */
#define G_LOG_DOMAIN "duban-repeat-matters"

#include "config.h"

#include "duban-repeat-matters.h"

GPtrArray *
duban_repeat_matters_collapse (GPtrArray *tickets,
                               GPtrArray *decisions,
                               guint     *n_merged)
{
  g_autoptr(GHashTable) grouped = NULL;   /* id → the group's decision */
  g_autoptr(GHashTable) first_of = NULL;  /* decision → its first received ticket */
  GPtrArray *result;
  guint merged = 0;

  g_return_val_if_fail (tickets != NULL, NULL);

  result = g_ptr_array_sized_new (tickets->len);
  grouped = g_hash_table_new (g_str_hash, g_str_equal);
  first_of = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint d = 0; decisions != NULL && d < decisions->len; d++)
    {
      const DubanRepeatDecision *decision = g_ptr_array_index (decisions, d);

      if (decision->kind != DUBAN_REPEAT_CONFIRMED)
        continue;
      /* a ticket in two confirmed groups joins the first decided */
      for (guint i = 0; decision->ticket_ids[i] != NULL; i++)
        if (!g_hash_table_contains (grouped, decision->ticket_ids[i]))
          g_hash_table_insert (grouped, decision->ticket_ids[i], (gpointer) decision);
    }

  /* which of each group's tickets was received first (ties: the smaller id) */
  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      gpointer decision = g_hash_table_lookup (grouped, ticket->id);
      const DubanTicket *first;

      if (decision == NULL)
        continue;
      first = g_hash_table_lookup (first_of, decision);
      if (first == NULL || ticket->received_at < first->received_at ||
          (ticket->received_at == first->received_at && g_strcmp0 (ticket->id, first->id) < 0))
        g_hash_table_insert (first_of, decision, (gpointer) ticket);
    }

  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      gpointer decision = g_hash_table_lookup (grouped, ticket->id);

      if (decision != NULL && g_hash_table_lookup (first_of, decision) != ticket)
        {
          merged++;
          continue;
        }
      g_ptr_array_add (result, (gpointer) ticket);
    }

  if (n_merged != NULL)
    *n_merged = merged;

  return result;
}

const DubanTicket *
duban_repeat_matters_resurgence (const DubanTicket * const *tickets,
                                 guint                      n_tickets)
{
  DubanTime earliest_resolved = DUBAN_TIME_NONE;

  g_return_val_if_fail (tickets != NULL || n_tickets == 0, NULL);

  for (guint i = 0; i < n_tickets; i++)
    {
      const DubanTicket *ticket = tickets[i];

      if (earliest_resolved != DUBAN_TIME_NONE && ticket->received_at >= earliest_resolved)
        return ticket;
      if (ticket->resolved_at != DUBAN_TIME_NONE &&
          (earliest_resolved == DUBAN_TIME_NONE || ticket->resolved_at < earliest_resolved))
        earliest_resolved = ticket->resolved_at;
    }

  return NULL;
}

const DubanTicket *
duban_repeat_group_resurgence (const DubanRepeatGroup *group)
{
  g_return_val_if_fail (group != NULL, NULL);

  return duban_repeat_matters_resurgence ((const DubanTicket * const *) group->tickets->pdata,
                                          group->tickets->len);
}

char *
duban_repeat_group_key (const DubanRepeatGroup *group)
{
  g_autofree const char **ids = NULL;

  g_return_val_if_fail (group != NULL, NULL);

  ids = g_new0 (const char *, group->tickets->len + 1);
  for (guint i = 0; i < group->tickets->len; i++)
    ids[i] = ((const DubanTicket *) g_ptr_array_index (group->tickets, i))->id;

  return duban_repeat_decision_key (ids, group->tickets->len);
}
