/* duban-proposal-book.c — the ladder's proposals as of the session's last evaluation
 *
 * The repeat groups that make a ticket's matter are the costly part and
 * change only with the tickets, so they are kept from one evaluation to
 * the next (the minute's tick re-judges states, not matters); the local
 * orders and the dismissals are read again each time, so that an order
 * just issued or a proposal just dismissed shows at once.
 */
#define G_LOG_DOMAIN "duban-proposal-book"

#include "config.h"

#include "duban-heavy-work.h"
#include "duban-ladder-decisions.h"
#include "duban-orders.h"
#include "duban-proposal-book.h"
#include "duban-proposals.h"
#include "duban-ticket.h"

struct _DubanProposalBook
{
  GObject     parent_instance;

  DubanDesk  *desk;        /* the one the counts are of (compared only) */
  DubanMatterCounts *counts;  /* per ticket of @desk: its matter's tickets and 不满意 */
  GHashTable *proposals;   /* ticket id → DubanLadderProposal* */
};

G_DEFINE_FINAL_TYPE (DubanProposalBook, duban_proposal_book, G_TYPE_OBJECT)

static void
duban_proposal_book_finalize (GObject *object)
{
  DubanProposalBook *self = (DubanProposalBook *) object;

  g_clear_object (&self->desk);
  g_clear_pointer (&self->counts, g_free);
  g_clear_pointer (&self->proposals, g_hash_table_unref);

  G_OBJECT_CLASS (duban_proposal_book_parent_class)->finalize (object);
}

static void
duban_proposal_book_class_init (DubanProposalBookClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = duban_proposal_book_finalize;
}

static void
duban_proposal_book_init (DubanProposalBook *self)
{
}

DubanProposalBook *
duban_proposal_book_new (void)
{
  return g_object_new (DUBAN_TYPE_PROPOSAL_BOOK, NULL);
}

/* The counts from @tickets' own matters: right for a desk of every
 * ticket. */
static DubanMatterCounts *
own_counts (GPtrArray *tickets,
            DubanTime  at)
{
  g_autofree guint *matters = duban_proposals_matters (tickets, at, NULL);

  return duban_proposals_matter_counts (tickets, matters, at);
}

void
duban_proposal_book_update (DubanProposalBook *self,
                            DubanDesk         *desk,
                            GArray            *statuses,
                            DubanStore        *store)
{
  g_autoptr(GPtrArray) local = NULL;
  g_autoptr(GHashTable) dismissed = NULL;
  g_autoptr(GError) error = NULL;
  DubanTime now = duban_time_now ();

  g_return_if_fail (DUBAN_IS_PROPOSAL_BOOK (self));
  g_return_if_fail (DUBAN_IS_DESK (desk));
  g_return_if_fail (store == NULL || DUBAN_IS_STORE (store));

  if (duban_desk_get_tickets (desk) == NULL)
    return;

  if (self->desk != desk)
    {
      /* a desk of some tickets has its matters read on a worker
       * (duban_proposal_book_prepare_async): until they are in, the
       * proposals stay as they were */
      if (duban_desk_get_scope (desk, NULL))
        return;
      g_set_object (&self->desk, desk);
      g_clear_pointer (&self->counts, g_free);
      self->counts = own_counts (duban_desk_get_tickets (desk), now);
    }

  if (store != NULL)
    {
      if (!(local = duban_orders_list (store, NULL, &error)) ||
          !(dismissed = duban_ladder_load_dismissed (store, &error)))
        g_warning ("The ladder goes on without this desk's latest orders: %s", error->message);
    }

  g_clear_pointer (&self->proposals, g_hash_table_unref);
  self->proposals = duban_proposals_compute_counted (desk, statuses, self->counts, local, dismissed, now);
}

typedef struct {
  DubanDesk *desk;
  char      *store_path;
  DubanTime  at;
  DubanMatterCounts *counts;
} Prepare;

static void
prepare_free (Prepare *prepare)
{
  g_clear_object (&prepare->desk);
  g_free (prepare->store_path);
  g_free (prepare->counts);
  g_free (prepare);
}

/* The tickets a matter of the desk's can reach: those of the repeat
 * groups' 60 days (resolved ones too), the open ones and the ones the
 * orders name (the desk's own), and, link after link, those their
 * repeat_of names and those whose repeat_of names one of them — an old
 * resolved ticket that is a repeat of an open one counts in its matter
 * (the store's linked term, by tickets_by_repeat_of). */
static GPtrArray *
load_matter_tickets (Prepare       *prepare,
                     DubanDesk    **out_span,
                     GCancellable  *cancellable,
                     GError       **error)
{
  DubanDeskScope scope = {
    .open = TRUE,
    .from = prepare->at - DUBAN_PROPOSALS_MATTER_WINDOW,
    .to = prepare->at + 1,
    .order_tickets = TRUE,
    .linked = TRUE,
  };
  g_autoptr(DubanDesk) span = NULL;

  if (!(span = duban_desk_load_scoped (prepare->store_path, DUBAN_DESK_OPEN_EXISTING,
                                       DUBAN_DESK_TICKETS | DUBAN_DESK_ORDERS, &scope,
                                       prepare->at, cancellable, error)))
    return NULL;

  *out_span = g_steal_pointer (&span);
  return g_ptr_array_ref (duban_desk_get_tickets (*out_span));
}

/* A loaded desk is read-only: a worker may read its tickets. */
static void
prepare_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Prepare *prepare = task_data;
  GPtrArray *own = duban_desk_get_tickets (prepare->desk);
  g_autoptr(DubanHeavyWork) turn = duban_heavy_work_begin ();
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GHashTable) index_of = NULL;
  g_autoptr(DubanDesk) span = NULL;
  g_autofree DubanMatterCounts *counts = NULL;
  gint64 started = g_get_monotonic_time ();
  GError *error = NULL;

  if (prepare->store_path == NULL || !duban_desk_get_scope (prepare->desk, NULL))
    {
      prepare->counts = own_counts (own, prepare->at);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (!(tickets = load_matter_tickets (prepare, &span, cancellable, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  g_debug ("Matters: %u tickets read in %.2f s", tickets->len,
           (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  counts = own_counts (tickets, prepare->at);
  g_debug ("Matters worked out in %.2f s", (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);

  index_of = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < tickets->len; i++)
    g_hash_table_insert (index_of, ((DubanTicket *) g_ptr_array_index (tickets, i))->id, GUINT_TO_POINTER (i + 1));

  prepare->counts = g_new0 (DubanMatterCounts, MAX (own->len, 1));
  for (guint i = 0; i < own->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (own, i);
      guint k = GPOINTER_TO_UINT (g_hash_table_lookup (index_of, ticket->id));

      /* a ticket read since (a later sync) is a matter of its own until
       * the next reload works it out again */
      if (k > 0)
        prepare->counts[i] = counts[k - 1];
      else
        prepare->counts[i] = (DubanMatterCounts) {
          1, ticket->satisfaction == DUBAN_SATISFACTION_UNSATISFIED
        };
    }
  g_task_return_boolean (task, TRUE);
}

void
duban_proposal_book_prepare_async (DubanProposalBook   *self,
                                   DubanDesk           *desk,
                                   const char          *store_path,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Prepare *prepare;

  g_return_if_fail (DUBAN_IS_PROPOSAL_BOOK (self));
  g_return_if_fail (DUBAN_IS_DESK (desk));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, duban_proposal_book_prepare_async);
  prepare = g_new0 (Prepare, 1);
  prepare->desk = g_object_ref (desk);
  prepare->store_path = g_strdup (store_path);
  prepare->at = duban_time_now ();
  g_task_set_task_data (task, prepare, (GDestroyNotify) prepare_free);
  if (duban_desk_get_tickets (desk) == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  g_task_run_in_thread (task, prepare_thread);
}

gboolean
duban_proposal_book_prepare_finish (DubanProposalBook  *self,
                                    GAsyncResult       *result,
                                    GError            **error)
{
  Prepare *prepare;

  g_return_val_if_fail (DUBAN_IS_PROPOSAL_BOOK (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  prepare = g_task_get_task_data (G_TASK (result));
  if (prepare->counts != NULL)
    {
      g_set_object (&self->desk, prepare->desk);
      g_free (self->counts);
      self->counts = g_steal_pointer (&prepare->counts);
    }
  return TRUE;
}

const DubanLadderProposal *
duban_proposal_book_lookup (DubanProposalBook *self,
                            const char        *ticket_id)
{
  g_return_val_if_fail (DUBAN_IS_PROPOSAL_BOOK (self), NULL);

  if (self->proposals == NULL || ticket_id == NULL)
    return NULL;
  return g_hash_table_lookup (self->proposals, ticket_id);
}
