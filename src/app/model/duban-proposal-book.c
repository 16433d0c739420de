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

#include "duban-ladder-decisions.h"
#include "duban-orders.h"
#include "duban-proposal-book.h"
#include "duban-proposals.h"

struct _DubanProposalBook
{
  GObject     parent_instance;

  DubanDesk  *desk;        /* the one the matters are of (a weak pointer's worth: compared only) */
  guint      *matters;
  GHashTable *proposals;   /* ticket id → DubanLadderProposal* */
};

G_DEFINE_FINAL_TYPE (DubanProposalBook, duban_proposal_book, G_TYPE_OBJECT)

static void
duban_proposal_book_finalize (GObject *object)
{
  DubanProposalBook *self = (DubanProposalBook *) object;

  g_clear_object (&self->desk);
  g_clear_pointer (&self->matters, g_free);
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
      g_set_object (&self->desk, desk);
      g_clear_pointer (&self->matters, g_free);
      self->matters = duban_proposals_matters (duban_desk_get_tickets (desk), now, NULL);
    }

  if (store != NULL)
    {
      if (!(local = duban_orders_list (store, NULL, &error)) ||
          !(dismissed = duban_ladder_load_dismissed (store, &error)))
        g_warning ("The ladder goes on without this desk's latest orders: %s", error->message);
    }

  g_clear_pointer (&self->proposals, g_hash_table_unref);
  self->proposals = duban_proposals_compute (desk, statuses, self->matters, local, dismissed, now);
}

typedef struct {
  DubanDesk *desk;
  DubanTime  at;
  guint     *matters;
} Prepare;

static void
prepare_free (Prepare *prepare)
{
  g_clear_object (&prepare->desk);
  g_free (prepare->matters);
  g_free (prepare);
}

/* A loaded desk is read-only: a worker may read its tickets. */
static void
prepare_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Prepare *prepare = task_data;

  prepare->matters = duban_proposals_matters (duban_desk_get_tickets (prepare->desk), prepare->at, NULL);
  g_task_return_boolean (task, TRUE);
}

void
duban_proposal_book_prepare_async (DubanProposalBook   *self,
                                   DubanDesk           *desk,
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
  if (prepare->matters != NULL)
    {
      g_set_object (&self->desk, prepare->desk);
      g_free (self->matters);
      self->matters = g_steal_pointer (&prepare->matters);
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
