/* duban-proposals.c — the ladder's next step for every open ticket
 *
 * The ladder itself is a rule (rules/duban-ladder.c) and knows one ticket
 * at a time; what it needs from the rest of the county — the same matter
 * complained about again, rated unsatisfied before — is 研判 and lives
 * here, beside the repeat groups it uses.
 */
#define G_LOG_DOMAIN "duban-proposals"

#include "config.h"

#include "duban-ladder-decisions.h"
#include "duban-proposals.h"
#include "duban-repeats.h"

#define MATTER_WINDOW_USEC DUBAN_PROPOSALS_MATTER_WINDOW

static DubanSupervision *
supervision_of_order (const DubanOrder *order)
{
  DubanSupervision *s = g_new0 (DubanSupervision, 1);

  s->client_id = g_strdup (order->client_id);
  s->level = order->level;
  s->note = g_strdup (order->note != NULL ? order->note : "");
  s->respond_by = order->respond_by;
  s->issued_by = g_strdup (order->issued_by);
  s->issued_at = order->issued_at;
  s->replied_at = DUBAN_TIME_NONE;
  return s;
}

static int
compare_issued (gconstpointer a,
                gconstpointer b)
{
  const DubanSupervision *x = *(const DubanSupervision * const *) a;
  const DubanSupervision *y = *(const DubanSupervision * const *) b;

  if (x->issued_at != y->issued_at)
    return x->issued_at < y->issued_at ? -1 : 1;
  return g_strcmp0 (x->client_id, y->client_id);
}

GPtrArray *
duban_proposals_ticket_orders (const DubanTicket *ticket,
                               GPtrArray         *local)
{
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (ticket != NULL, NULL);

  orders = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_supervision_free);
  if (ticket->supervisions != NULL)
    for (guint i = 0; i < ticket->supervisions->len; i++)
      {
        DubanSupervision *s = g_ptr_array_index (ticket->supervisions, i);

        g_ptr_array_add (orders, duban_supervision_copy (s));
        g_hash_table_add (known, s->client_id);
      }

  /* the desk's own orders count from the moment they are issued: a
   * supervisor who just pressed a unit is not proposed the same step
   * again while the order waits in the outbox */
  if (local != NULL)
    for (guint i = 0; i < local->len; i++)
      {
        const DubanOrder *order = g_ptr_array_index (local, i);

        if (g_strcmp0 (order->ticket_id, ticket->id) == 0 &&
            !g_hash_table_contains (known, order->client_id))
          g_ptr_array_add (orders, supervision_of_order (order));
      }

  if (orders->len == 0)
    return NULL;
  g_ptr_array_sort (orders, compare_issued);
  return g_steal_pointer (&orders);
}

static guint
find_root (guint *parent,
           guint  i)
{
  while (parent[i] != i)
    {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
  return i;
}

static void
join (guint *parent,
      guint  a,
      guint  b)
{
  a = find_root (parent, a);
  b = find_root (parent, b);
  if (a != b)
    parent[MAX (a, b)] = MIN (a, b);
}

guint *
duban_proposals_matters (GPtrArray *tickets,
                         DubanTime  at,
                         guint     *n_matters)
{
  g_autoptr(GHashTable) index_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) groups = NULL;
  guint *parent;
  guint roots = 0;

  g_return_val_if_fail (tickets != NULL, NULL);

  parent = g_new (guint, MAX (tickets->len, 1));
  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);

      parent[i] = i;
      g_hash_table_insert (index_of, ticket->id, GUINT_TO_POINTER (i + 1));
    }

  /* the platform's own links first: they are certain */
  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      guint other;

      if (ticket->repeat_of == NULL)
        continue;
      other = GPOINTER_TO_UINT (g_hash_table_lookup (index_of, ticket->repeat_of));
      if (other > 0)
        join (parent, i, other - 1);
    }

  groups = duban_repeats_find (tickets, at - MATTER_WINDOW_USEC, at + 1, NULL);
  for (guint g = 0; g < groups->len; g++)
    {
      const DubanRepeatGroup *group = g_ptr_array_index (groups, g);
      guint first = 0;

      for (guint k = 0; k < group->tickets->len; k++)
        {
          const DubanTicket *ticket = g_ptr_array_index (group->tickets, k);
          guint i = GPOINTER_TO_UINT (g_hash_table_lookup (index_of, ticket->id));

          if (i == 0)
            continue;
          if (first == 0)
            first = i;
          else
            join (parent, first - 1, i - 1);
        }
    }

  for (guint i = 0; i < tickets->len; i++)
    {
      parent[i] = find_root (parent, i);
      roots += parent[i] == i;
    }
  if (n_matters != NULL)
    *n_matters = roots;
  return parent;
}

static void
proposal_free (gpointer data)
{
  DubanLadderProposal *proposal = data;

  duban_ladder_proposal_clear (proposal);
  g_free (proposal);
}

DubanMatterCounts *
duban_proposals_matter_counts (GPtrArray   *tickets,
                               const guint *matters,
                               DubanTime    at)
{
  g_autofree guint *matter_tickets = NULL;
  g_autofree guint *matter_unsatisfied = NULL;
  DubanMatterCounts *counts;

  g_return_val_if_fail (tickets != NULL && matters != NULL, NULL);

  matter_tickets = g_new0 (guint, MAX (tickets->len, 1));
  matter_unsatisfied = g_new0 (guint, MAX (tickets->len, 1));
  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);

      if (ticket->status == DUBAN_STATUS_CANCELLED || ticket->received_at > at)
        continue;
      matter_tickets[matters[i]]++;
      if (ticket->satisfaction == DUBAN_SATISFACTION_UNSATISFIED &&
          (ticket->visited_at == DUBAN_TIME_NONE || ticket->visited_at <= at))
        matter_unsatisfied[matters[i]]++;
    }

  counts = g_new0 (DubanMatterCounts, MAX (tickets->len, 1));
  for (guint i = 0; i < tickets->len; i++)
    {
      counts[i].tickets = matter_tickets[matters[i]];
      counts[i].unsatisfied = matter_unsatisfied[matters[i]];
    }
  return counts;
}

GHashTable *
duban_proposals_compute (DubanDesk   *desk,
                         GArray      *statuses,
                         const guint *matters,
                         GPtrArray   *local,
                         GHashTable  *dismissed,
                         DubanTime    at)
{
  g_autofree guint *own_matters = NULL;
  g_autofree DubanMatterCounts *counts = NULL;
  GPtrArray *tickets;

  g_return_val_if_fail (DUBAN_IS_DESK (desk), NULL);

  tickets = duban_desk_get_tickets (desk);
  if (tickets != NULL)
    {
      if (matters == NULL)
        matters = own_matters = duban_proposals_matters (tickets, at, NULL);
      counts = duban_proposals_matter_counts (tickets, matters, at);
    }
  return duban_proposals_compute_counted (desk, statuses, counts, local, dismissed, at);
}

GHashTable *
duban_proposals_compute_counted (DubanDesk               *desk,
                                 GArray                  *statuses,
                                 const DubanMatterCounts *counts,
                                 GPtrArray               *local,
                                 GHashTable              *dismissed,
                                 DubanTime                at)
{
  GHashTable *proposals;
  GPtrArray *tickets;
  const DubanLadderPolicy *policy;

  g_return_val_if_fail (DUBAN_IS_DESK (desk), NULL);

  proposals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, proposal_free);
  tickets = duban_desk_get_tickets (desk);
  if (tickets == NULL)
    return proposals;
  if (statuses == NULL)
    statuses = duban_desk_get_statuses (desk);
  g_return_val_if_fail (statuses != NULL && statuses->len == tickets->len, proposals);
  g_return_val_if_fail (counts != NULL || tickets->len == 0, proposals);

  policy = duban_desk_get_ladder (desk);
  if (dismissed == NULL)
    dismissed = duban_desk_get_dismissed (desk);
  if (local == NULL)
    local = duban_desk_get_orders (desk);

  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      const DubanSlaStatus *status = &g_array_index (statuses, DubanSlaStatus, i);
      g_autoptr(GPtrArray) orders = NULL;
      DubanLadderFacts facts;
      DubanLadderProposal *proposal;

      if (!duban_state_is_open (status->state))
        continue;

      orders = duban_proposals_ticket_orders (ticket, local);
      facts = (DubanLadderFacts) {
        .ticket = ticket,
        .status = status,
        .orders = orders,
        .matter_tickets = MAX (counts[i].tickets, 1),
        .matter_unsatisfied = counts[i].unsatisfied,
      };

      proposal = g_new0 (DubanLadderProposal, 1);
      duban_ladder_propose (policy, &facts, at, proposal);
      if (proposal->proposed && duban_ladder_is_dismissed (dismissed, ticket->id, proposal->level))
        {
          proposal->proposed = FALSE;
          proposal->dismissed = TRUE;
        }
      if (!proposal->proposed && !proposal->dismissed && !proposal->has_orders)
        {
          proposal_free (proposal);
          continue;
        }
      g_hash_table_insert (proposals, g_strdup (ticket->id), proposal);
    }

  return proposals;
}
