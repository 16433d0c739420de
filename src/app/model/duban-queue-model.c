/* duban-queue-model.c — the tickets in the queue, filtered and sorted
 *
 * Everything here is arrays of indices into the session's ticket array:
 * 50,000 open tickets are filtered and sorted without one GObject, by the
 * rules of DubanTicketQuery (core/rules/duban-ticket-query.c). On a
 * change the model reports only the span between the unchanged head and
 * tail of the list (usually small: a sync moves a few tickets), so GTK
 * keeps the rows, the selection and the scroll position of the rest.
 */
#define G_LOG_DOMAIN "duban-queue-model"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "duban-queue-model.h"

struct _DubanQueueModel
{
  GObject           parent_instance;

  GPtrArray        *tickets;     /* DubanTicket*, not owned by us */
  GArray           *statuses;    /* DubanSlaStatus, parallel to tickets */
  GHashTable       *index_by_id; /* id (the ticket's own string) → index + 1 */
  GArray           *visible;     /* guint indices into tickets, in order */

  /* Made items, by ticket id, held weakly: only those on screen or
   * selected live. */
  GHashTable       *objects;

  DubanTicketQuery  query;
  guint             counts[DUBAN_QUERY_N_STATES];

  DubanTicketRanks *ranks;       /* of tickets, names included, and risks once given */
  GHashTable       *risks;       /* id → DubanTicketRisk*, as given; NULL: none */
  GCancellable     *job;         /* the latest load on a worker; NULL: none */
  guint             sync_limit;  /* fewer tickets: loaded on the main thread */
  gboolean          pending;
};

enum {
  PROP_0,
  PROP_PENDING,
  PROP_SYNC_LIMIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Below this a load is made at once (a few ms): a demo county's queue
 * never waits. */
#define DEFAULT_SYNC_LIMIT 8000

static void duban_queue_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DubanQueueModel, duban_queue_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      duban_queue_model_list_model_init))

/* ---- items ------------------------------------------------------------------ */

static void
object_finalized_cb (gpointer  user_data,
                     GObject  *where_the_object_was)
{
  DubanQueueModel *self = user_data;
  GHashTableIter iter;
  gpointer value;

  /* The object's fields are gone by now: find it by address. Only the few
   * live objects are in the table. */
  g_hash_table_iter_init (&iter, self->objects);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == (gpointer) where_the_object_was)
      {
        g_hash_table_iter_remove (&iter);
        break;
      }
}

static guint
duban_queue_model_index_of (DubanQueueModel *self,
                            const char      *id)
{
  gpointer value;

  if (self->index_by_id == NULL ||
      !(value = g_hash_table_lookup (self->index_by_id, id)))
    return G_MAXUINT;

  return GPOINTER_TO_UINT (value) - 1;
}

static GType
duban_queue_model_get_item_type (GListModel *model)
{
  return DUBAN_TYPE_TICKET_OBJECT;
}

static guint
duban_queue_model_get_n_items (GListModel *model)
{
  DubanQueueModel *self = DUBAN_QUEUE_MODEL (model);

  return self->visible->len;
}

static gpointer
duban_queue_model_get_item (GListModel *model,
                            guint       position)
{
  DubanQueueModel *self = DUBAN_QUEUE_MODEL (model);
  const DubanTicket *ticket;
  DubanTicketObject *object;
  guint index;

  if (position >= self->visible->len)
    return NULL;

  index = g_array_index (self->visible, guint, position);
  ticket = g_ptr_array_index (self->tickets, index);

  if ((object = g_hash_table_lookup (self->objects, ticket->id)))
    return g_object_ref (object);

  object = duban_ticket_object_new_shared (self->tickets, index,
                                           &g_array_index (self->statuses, DubanSlaStatus, index));
  g_hash_table_insert (self->objects, g_strdup (ticket->id), object);
  g_object_weak_ref (G_OBJECT (object), object_finalized_cb, self);

  return object;
}

static void
duban_queue_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = duban_queue_model_get_item_type;
  iface->get_n_items = duban_queue_model_get_n_items;
  iface->get_item = duban_queue_model_get_item;
}

/* ---- refresh ----------------------------------------------------------------- */

static GHashTable *
index_new (GPtrArray *tickets)
{
  /* keys: the tickets' own strings */
  GHashTable *index = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);

      g_hash_table_insert (index, ticket->id, GUINT_TO_POINTER (i + 1));
    }
  return index;
}

/* @ranks (transferred) with the risks of @risks (NULL: none): one
 * lookup per ticket, no name's key made again. */
static DubanTicketRanks *
ranks_with_risks (DubanTicketRanks *ranks,
                  GHashTable       *risks)
{
  GPtrArray *tickets;
  g_autofree double *p_late = NULL;
  DubanTicketRanks *with;

  if (risks == NULL && !duban_ticket_ranks_has_risks (ranks))
    return ranks;

  tickets = duban_ticket_ranks_get_tickets (ranks);
  if (risks != NULL)
    p_late = g_new (double, MAX (tickets->len, 1));
  for (guint i = 0; risks != NULL && i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      const DubanTicketRisk *risk = ticket->id != NULL ? g_hash_table_lookup (risks, ticket->id) : NULL;

      /* without a basis, with the tickets that have no risk: last */
      p_late[i] = risk != NULL && risk->has_basis ? risk->p_late : -1.0;
    }
  with = duban_ticket_ranks_new_with_risks (ranks, p_late);
  duban_ticket_ranks_unref (ranks);
  return with;
}

static void
compute_view (const DubanTicketQuery *query,
              GPtrArray              *tickets,
              GArray                 *statuses,
              const DubanTicketRanks *ranks,
              GArray                 *visible,
              guint                   counts[DUBAN_QUERY_N_STATES])
{
  memset (counts, 0, DUBAN_QUERY_N_STATES * sizeof (guint));
  if (tickets == NULL)
    return;

  duban_ticket_query_select (query, tickets, statuses, visible, counts);
  duban_ticket_query_sort_ranked (query, tickets, statuses, ranks, visible);
}

/* More rows changed than this and one change for the whole span costs
 * GTK less than a change per row. */
#define MAX_PATCHED_ROWS 512

/* Between the unchanged head and tail, the rows that left (or moved) are
 * removed and those that came (or moved) inserted, one change per run,
 * the rest untouched: a sync that resolves a few hundred tickets leaves
 * the other rows' widgets, and the selection, as they were. The rows
 * kept in place are the longest run of common rows in the same order
 * (an increasing subsequence, O(n log n)). The list is the one reported
 * at every step, as GListModel wants. FALSE (nothing reported) when too
 * many rows changed, or a row's ticket is gone from the new array.
 * @old_mapped: each old row's index in the new array (G_MAXUINT: gone),
 * found on the worker that made the view; NULL: looked up here. */
static gboolean
duban_queue_model_patch (DubanQueueModel *self,
                         GPtrArray       *old_tickets,
                         GArray          *old_visible,
                         const guint     *old_mapped,
                         guint            head,
                         guint            tail)
{
  guint n_a = old_visible->len - head - tail;
  guint n_b = self->visible->len - head - tail;
  g_autofree guint *a = g_new (guint, MAX (n_a, 1));     /* old rows, as new indices */
  g_autofree gint32 *in_b = NULL;                        /* new index -> place in b, -1 */
  g_autofree gint32 *seq = g_new (gint32, MAX (n_a, 1)); /* place in b of each kept-able old row */
  g_autofree guint *seq_at = g_new (guint, MAX (n_a, 1));
  g_autofree guint *tails = g_new (guint, MAX (n_a, 1));
  g_autofree gint32 *prev = g_new (gint32, MAX (n_a, 1));
  g_autofree gboolean *keep_a = g_new0 (gboolean, MAX (n_a, 1));
  g_autofree gboolean *keep_b = g_new0 (gboolean, MAX (n_b, 1));
  g_autoptr(GArray) final = NULL;
  guint n_seq = 0, n_lis = 0;
  const guint *b = &g_array_index (self->visible, guint, head);

  g_assert (DUBAN_IS_QUEUE_MODEL (self));

  if (n_a + n_b > 4 * MAX_PATCHED_ROWS + 2 * MIN (n_a, n_b))
    return FALSE;

  for (guint i = 0; i < n_a; i++)
    {
      guint old_index = g_array_index (old_visible, guint, head + i);

      if (old_tickets == self->tickets)
        a[i] = old_index;
      else if (old_mapped != NULL)
        {
          if ((a[i] = old_mapped[head + i]) == G_MAXUINT)
            return FALSE;
        }
      else if ((a[i] = duban_queue_model_index_of (self, ((DubanTicket *) g_ptr_array_index (old_tickets, old_index))->id)) == G_MAXUINT)
        return FALSE;
    }

  in_b = g_new (gint32, MAX (self->tickets->len, 1));
  memset (in_b, 0xff, self->tickets->len * sizeof (gint32));
  for (guint j = 0; j < n_b; j++)
    in_b[b[j]] = (gint32) j;

  for (guint i = 0; i < n_a; i++)
    if (in_b[a[i]] >= 0)
      {
        seq[n_seq] = in_b[a[i]];
        seq_at[n_seq] = i;
        n_seq++;
      }

  /* the longest increasing subsequence of seq: tails[k] ends the best of length k + 1 */
  for (guint s = 0; s < n_seq; s++)
    {
      guint lo = 0, hi = n_lis;

      while (lo < hi)
        {
          guint mid = (lo + hi) / 2;

          if (seq[tails[mid]] < seq[s])
            lo = mid + 1;
          else
            hi = mid;
        }
      prev[s] = lo > 0 ? (gint32) tails[lo - 1] : -1;
      tails[lo] = s;
      if (lo == n_lis)
        n_lis++;
    }
  if ((n_a - n_lis) + (n_b - n_lis) > MAX_PATCHED_ROWS)
    return FALSE;
  for (gint32 s = n_lis > 0 ? (gint32) tails[n_lis - 1] : -1; s >= 0; s = prev[s])
    {
      keep_a[seq_at[s]] = TRUE;
      keep_b[seq[s]] = TRUE;
    }

  /* the list as it was, in new indices, then edited towards the new one */
  final = g_steal_pointer (&self->visible);
  self->visible = g_array_sized_new (FALSE, FALSE, sizeof (guint), MAX (final->len, old_visible->len));
  g_array_append_vals (self->visible, final->data, head);
  g_array_append_vals (self->visible, a, n_a);
  g_array_append_vals (self->visible, &g_array_index (final, guint, final->len - tail), tail);

  for (gint i = (gint) n_a - 1; i >= 0; i--)
    if (!keep_a[i])
      {
        gint first = i;

        while (first > 0 && !keep_a[first - 1])
          first--;
        g_array_remove_range (self->visible, head + first, i - first + 1);
        g_list_model_items_changed (G_LIST_MODEL (self), head + first, i - first + 1, 0);
        i = first;
      }

  for (guint j = 0; j < n_b; j++)
    if (!keep_b[j])
      {
        guint last = j;

        while (last + 1 < n_b && !keep_b[last + 1])
          last++;
        g_array_insert_vals (self->visible, head + j, &b[j], last - j + 1);
        g_list_model_items_changed (G_LIST_MODEL (self), head + j, 0, last - j + 1);
        j = last;
      }

  g_assert (self->visible->len == final->len);
  /* an empty GArray's data may be NULL, which memcmp must not be given */
  g_assert (final->len == 0 || memcmp (self->visible->data, final->data, final->len * sizeof (guint)) == 0);
  return TRUE;
}

/* Shows a view made for @tickets (all four transferred; @index NULL:
 * the same tickets, the index kept). */
static void
duban_queue_model_apply (DubanQueueModel  *self,
                         GPtrArray        *tickets,
                         GArray           *statuses,
                         DubanTicketRanks *ranks,
                         GHashTable       *index,
                         GArray           *visible,
                         const guint       counts[DUBAN_QUERY_N_STATES],
                         const guint      *old_mapped)
{
  g_autoptr(GPtrArray) old_tickets = NULL;
  g_autoptr(GArray) old_visible = NULL;
  guint n_old, n_new, head = 0, tail = 0;
  GHashTableIter iter;
  gpointer key, value;

  g_assert (DUBAN_IS_QUEUE_MODEL (self));

  old_tickets = g_steal_pointer (&self->tickets);
  old_visible = g_steal_pointer (&self->visible);
  g_clear_pointer (&self->statuses, g_array_unref);
  g_clear_pointer (&self->ranks, duban_ticket_ranks_unref);
  if (index != NULL || tickets != old_tickets)
    {
      g_clear_pointer (&self->index_by_id, g_hash_table_unref);
      self->index_by_id = index;
    }
  self->tickets = tickets;
  self->statuses = statuses;
  self->ranks = ranks;
  self->visible = visible;
  memcpy (self->counts, counts, sizeof self->counts);

  /* Live objects follow their tickets into the new arrays. */
  g_hash_table_iter_init (&iter, self->objects);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint i = duban_queue_model_index_of (self, key);

      if (i != G_MAXUINT)
        duban_ticket_object_update (value, self->tickets, i,
                                    &g_array_index (self->statuses, DubanSlaStatus, i));
    }

  /* Report only what lies between the unchanged head and tail. */
  n_old = old_visible->len;
  n_new = self->visible->len;
  if (old_tickets != NULL && self->tickets != NULL)
    {
      while (head < n_old && head < n_new &&
             strcmp (((DubanTicket *) g_ptr_array_index (old_tickets, g_array_index (old_visible, guint, head)))->id,
                     ((DubanTicket *) g_ptr_array_index (self->tickets, g_array_index (self->visible, guint, head)))->id) == 0)
        head++;
      while (tail < n_old - head && tail < n_new - head &&
             strcmp (((DubanTicket *) g_ptr_array_index (old_tickets, g_array_index (old_visible, guint, n_old - 1 - tail)))->id,
                     ((DubanTicket *) g_ptr_array_index (self->tickets, g_array_index (self->visible, guint, n_new - 1 - tail)))->id) == 0)
        tail++;
    }

  if (n_old - head - tail == 0 && n_new - head - tail == 0)
    return;
  if (old_tickets == NULL || self->tickets == NULL ||
      !duban_queue_model_patch (self, old_tickets, old_visible, old_mapped, head, tail))
    g_list_model_items_changed (G_LIST_MODEL (self), head, n_old - head - tail, n_new - head - tail);
}

static void
duban_queue_model_set_pending (DubanQueueModel *self,
                               gboolean         pending)
{
  g_assert (DUBAN_IS_QUEUE_MODEL (self));

  if (self->pending == pending)
    return;
  self->pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

/* The view of @tickets under the current query, made and shown now. */
static void
duban_queue_model_refresh_now (DubanQueueModel *self,
                               GPtrArray       *tickets,
                               GArray          *statuses)
{
  DubanTicketRanks *ranks = NULL;
  GHashTable *index = NULL;
  GArray *visible = g_array_new (FALSE, FALSE, sizeof (guint));
  guint counts[DUBAN_QUERY_N_STATES];

  g_assert (DUBAN_IS_QUEUE_MODEL (self));

  if (tickets != NULL)
    {
      if (self->ranks != NULL && duban_ticket_ranks_get_tickets (self->ranks) == tickets)
        ranks = duban_ticket_ranks_ref (self->ranks);
      else
        ranks = ranks_with_risks (duban_ticket_ranks_new (tickets, TRUE), self->risks);
      if (tickets != self->tickets)
        index = index_new (tickets);
    }
  compute_view (&self->query, tickets, statuses, ranks, visible, counts);

  duban_queue_model_apply (self,
                           tickets != NULL ? g_ptr_array_ref (tickets) : NULL,
                           statuses != NULL ? g_array_ref (statuses) : NULL,
                           ranks, index, visible, counts, NULL);
}

/* ---- a load on a worker ---------------------------------------------------------- */

typedef struct {
  GPtrArray        *tickets;
  GArray           *statuses;
  DubanTicketRanks *ranks;     /* given when the array is the one shown; else made */
  GHashTable       *risks;     /* the model's when the job started, for ranks made */
  gboolean          new_array;
  GHashTable       *index;     /* made for a new array */
  DubanTicketQuery  query;
  GArray           *visible;
  guint             counts[DUBAN_QUERY_N_STATES];
  /* the rows shown when the job started (the view does not change while
   * it runs), and the index of each in the new array */
  GPtrArray        *old_tickets;
  GArray           *old_visible;
  guint            *old_mapped;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_ptr_array_unref (job->tickets);
  g_array_unref (job->statuses);
  g_clear_pointer (&job->ranks, duban_ticket_ranks_unref);
  g_clear_pointer (&job->risks, g_hash_table_unref);
  g_clear_pointer (&job->index, g_hash_table_unref);
  g_clear_pointer (&job->visible, g_array_unref);
  g_clear_pointer (&job->old_tickets, g_ptr_array_unref);
  g_clear_pointer (&job->old_visible, g_array_unref);
  g_free (job->old_mapped);
  duban_ticket_query_clear (&job->query);
  g_free (job);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;

  /* Nothing here is shared but read-only: the arrays, as given, and the
   * ranks, made once and never changed. */
  /* the risks again whether the ranks are made or given: a lookup per
   * ticket here rather than on the main thread */
  job->ranks = ranks_with_risks (job->ranks != NULL ? job->ranks : duban_ticket_ranks_new (job->tickets, TRUE),
                                 job->risks);
  if (job->new_array)
    {
      job->index = index_new (job->tickets);
      if (job->old_tickets != NULL)
        {
          job->old_mapped = g_new (guint, MAX (job->old_visible->len, 1));
          for (guint i = 0; i < job->old_visible->len; i++)
            {
              const DubanTicket *ticket = g_ptr_array_index (job->old_tickets, g_array_index (job->old_visible, guint, i));
              gpointer value = g_hash_table_lookup (job->index, ticket->id);

              job->old_mapped[i] = value != NULL ? GPOINTER_TO_UINT (value) - 1 : G_MAXUINT;
            }
        }
    }
  job->visible = g_array_new (FALSE, FALSE, sizeof (guint));
  compute_view (&job->query, job->tickets, job->statuses, job->ranks, job->visible, job->counts);

  g_task_return_boolean (task, TRUE);
}

static void duban_queue_model_load_async (DubanQueueModel *self,
                                          GPtrArray       *tickets,
                                          GArray          *statuses);

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  DubanQueueModel *self = DUBAN_QUEUE_MODEL (object);
  GTask *task = G_TASK (result);
  Job *job = g_task_get_task_data (task);
  GPtrArray *old_tickets;
  guint old_length;

  /* A later load, or one made at once, superseded this one. */
  if (!g_task_propagate_boolean (task, NULL) || g_task_get_cancellable (task) != self->job)
    return;
  g_clear_object (&self->job);

  old_tickets = self->tickets;
  old_length = self->visible->len;

  /* A filter or an order asked for meanwhile: the view again, at the
   * cost of a filter (the ranks are made). */
  if (!duban_ticket_query_equal (&job->query, &self->query))
    {
      g_array_set_size (job->visible, 0);
      compute_view (&self->query, job->tickets, job->statuses, job->ranks, job->visible, job->counts);
    }

  duban_queue_model_apply (self,
                           g_ptr_array_ref (job->tickets),
                           g_array_ref (job->statuses),
                           g_steal_pointer (&job->ranks),
                           job->new_array ? g_steal_pointer (&job->index) : NULL,
                           g_steal_pointer (&job->visible),
                           job->counts,
                           job->old_tickets == old_tickets && job->old_visible != NULL &&
                           job->old_visible->len == old_length ? job->old_mapped : NULL);
  /* risks given meanwhile: on a worker again, the view kept */
  if (job->risks != self->risks)
    {
      duban_queue_model_load_async (self, self->tickets, self->statuses);
      return;
    }
  duban_queue_model_set_pending (self, FALSE);
}

static void
duban_queue_model_cancel_job (DubanQueueModel *self)
{
  g_assert (DUBAN_IS_QUEUE_MODEL (self));

  if (self->job != NULL)
    {
      g_cancellable_cancel (self->job);
      g_clear_object (&self->job);
    }
}

static void
duban_queue_model_load_async (DubanQueueModel *self,
                              GPtrArray       *tickets,
                              GArray          *statuses)
{
  g_autoptr(GTask) task = NULL;
  Job *job = g_new0 (Job, 1);

  g_assert (DUBAN_IS_QUEUE_MODEL (self));

  duban_queue_model_cancel_job (self);

  job->tickets = g_ptr_array_ref (tickets);
  job->statuses = g_array_ref (statuses);
  job->new_array = tickets != self->tickets;
  if (!job->new_array && self->ranks != NULL)
    job->ranks = duban_ticket_ranks_ref (self->ranks);
  job->risks = self->risks != NULL ? g_hash_table_ref (self->risks) : NULL;
  if (job->new_array && self->tickets != NULL)
    {
      job->old_tickets = g_ptr_array_ref (self->tickets);
      job->old_visible = g_array_copy (self->visible);
    }
  duban_ticket_query_init (&job->query);
  duban_ticket_query_copy (&job->query, &self->query);

  self->job = g_cancellable_new ();
  task = g_task_new (self, self->job, load_cb, NULL);
  g_task_set_source_tag (task, duban_queue_model_load_async);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, load_thread);

  duban_queue_model_set_pending (self, TRUE);
}

/* ---- object ------------------------------------------------------------------ */

static void
duban_queue_model_finalize (GObject *object)
{
  DubanQueueModel *self = (DubanQueueModel *)object;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->objects);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_object_weak_unref (value, object_finalized_cb, self);
  g_clear_pointer (&self->objects, g_hash_table_unref);

  g_clear_object (&self->job);
  g_clear_pointer (&self->ranks, duban_ticket_ranks_unref);
  g_clear_pointer (&self->risks, g_hash_table_unref);
  g_clear_pointer (&self->tickets, g_ptr_array_unref);
  g_clear_pointer (&self->statuses, g_array_unref);
  g_clear_pointer (&self->index_by_id, g_hash_table_unref);
  g_clear_pointer (&self->visible, g_array_unref);
  duban_ticket_query_clear (&self->query);

  G_OBJECT_CLASS (duban_queue_model_parent_class)->finalize (object);
}

static void
duban_queue_model_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DubanQueueModel *self = DUBAN_QUEUE_MODEL (object);

  switch (prop_id)
    {
    case PROP_PENDING:
      g_value_set_boolean (value, self->pending);
      break;
    case PROP_SYNC_LIMIT:
      g_value_set_uint (value, self->sync_limit);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
duban_queue_model_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DubanQueueModel *self = DUBAN_QUEUE_MODEL (object);

  switch (prop_id)
    {
    case PROP_SYNC_LIMIT:
      duban_queue_model_set_sync_limit (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
duban_queue_model_class_init (DubanQueueModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = duban_queue_model_finalize;
  object_class->get_property = duban_queue_model_get_property;
  object_class->set_property = duban_queue_model_set_property;

  properties[PROP_PENDING] =
    g_param_spec_boolean ("pending", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC_LIMIT] =
    g_param_spec_uint ("sync-limit", NULL, NULL, 0, G_MAXUINT, DEFAULT_SYNC_LIMIT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
duban_queue_model_init (DubanQueueModel *self)
{
  self->visible = g_array_new (FALSE, FALSE, sizeof (guint));
  self->objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->sync_limit = DEFAULT_SYNC_LIMIT;
  duban_ticket_query_init (&self->query);
}

DubanQueueModel *
duban_queue_model_new (void)
{
  return g_object_new (DUBAN_TYPE_QUEUE_MODEL, NULL);
}

void
duban_queue_model_set_tickets (DubanQueueModel *self,
                               GPtrArray       *tickets,
                               GArray          *statuses)
{
  g_return_if_fail (DUBAN_IS_QUEUE_MODEL (self));
  g_return_if_fail ((tickets == NULL) == (statuses == NULL));
  g_return_if_fail (tickets == NULL || tickets->len == statuses->len);

  if (tickets != NULL && tickets->len >= self->sync_limit)
    {
      duban_queue_model_load_async (self, tickets, statuses);
      return;
    }

  duban_queue_model_cancel_job (self);
  duban_queue_model_refresh_now (self, tickets, statuses);
  duban_queue_model_set_pending (self, FALSE);
}

void
duban_queue_model_set_filter (DubanQueueModel        *self,
                              const DubanTicketQuery *query)
{
  DubanQuerySort sort;
  gboolean descending;

  g_return_if_fail (DUBAN_IS_QUEUE_MODEL (self));
  g_return_if_fail (query != NULL);

  sort = self->query.sort;
  descending = self->query.descending;
  duban_ticket_query_copy (&self->query, query);
  self->query.sort = sort;
  self->query.descending = descending;

  /* A load on a worker takes the new filter when it is in. */
  if (!self->pending)
    duban_queue_model_refresh_now (self, self->tickets, self->statuses);
}

const DubanTicketQuery *
duban_queue_model_get_query (DubanQueueModel *self)
{
  g_return_val_if_fail (DUBAN_IS_QUEUE_MODEL (self), NULL);

  return &self->query;
}

/* The same tickets pass: only their order changes, an integer sort of
 * the rows shown (no ticket read again), reported as one change. */
static void
duban_queue_model_resort (DubanQueueModel *self)
{
  g_assert (DUBAN_IS_QUEUE_MODEL (self));

  if (self->tickets != NULL && self->visible->len > 0)
    {
      g_autoptr(GArray) old_visible = g_array_copy (self->visible);
      guint head = 0, tail = 0, n = self->visible->len;

      duban_ticket_query_sort_ranked (&self->query, self->tickets, self->statuses, self->ranks, self->visible);
      while (head < n && g_array_index (old_visible, guint, head) == g_array_index (self->visible, guint, head))
        head++;
      while (tail < n - head &&
             g_array_index (old_visible, guint, n - 1 - tail) == g_array_index (self->visible, guint, n - 1 - tail))
        tail++;
      if (n - head - tail > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), head, n - head - tail, n - head - tail);
      return;
    }

  duban_queue_model_refresh_now (self, self->tickets, self->statuses);
}

void
duban_queue_model_set_sort (DubanQueueModel *self,
                            DubanQuerySort   sort,
                            gboolean         descending)
{
  g_return_if_fail (DUBAN_IS_QUEUE_MODEL (self));

  if (self->query.sort == sort && self->query.descending == !!descending)
    return;

  self->query.sort = sort;
  self->query.descending = !!descending;

  if (!self->pending)
    duban_queue_model_resort (self);
}

void
duban_queue_model_set_risks (DubanQueueModel *self,
                             GHashTable      *risks)
{
  g_return_if_fail (DUBAN_IS_QUEUE_MODEL (self));

  if (risks == self->risks)
    return;
  g_clear_pointer (&self->risks, g_hash_table_unref);
  self->risks = risks != NULL ? g_hash_table_ref (risks) : NULL;

  /* A load on a worker takes them when it is in (load_cb()). */
  if (self->pending || self->tickets == NULL || self->ranks == NULL)
    return;
  /* as large a load as would go to a worker: the lookups go there too,
   * and the re-sort, the old view kept meanwhile */
  if (self->tickets->len >= self->sync_limit)
    {
      duban_queue_model_load_async (self, self->tickets, self->statuses);
      return;
    }
  self->ranks = ranks_with_risks (self->ranks, self->risks);
  if (self->query.sort == DUBAN_QUERY_SORT_RISK)
    duban_queue_model_resort (self);
}

const DubanTicketRisk *
duban_queue_model_lookup_risk (DubanQueueModel *self,
                               const char      *ticket_id)
{
  g_return_val_if_fail (DUBAN_IS_QUEUE_MODEL (self), NULL);

  if (self->risks == NULL || ticket_id == NULL)
    return NULL;
  return g_hash_table_lookup (self->risks, ticket_id);
}

void
duban_queue_model_get_counts (DubanQueueModel *self,
                              guint            counts[DUBAN_QUERY_N_STATES])
{
  g_return_if_fail (DUBAN_IS_QUEUE_MODEL (self));

  memcpy (counts, self->counts, sizeof self->counts);
}

gboolean
duban_queue_model_get_pending (DubanQueueModel *self)
{
  g_return_val_if_fail (DUBAN_IS_QUEUE_MODEL (self), FALSE);

  return self->pending;
}

void
duban_queue_model_set_sync_limit (DubanQueueModel *self,
                                  guint            sync_limit)
{
  g_return_if_fail (DUBAN_IS_QUEUE_MODEL (self));

  if (self->sync_limit == sync_limit)
    return;
  self->sync_limit = sync_limit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_LIMIT]);
}

guint
duban_queue_model_find (DubanQueueModel *self,
                        const char      *ticket_id)
{
  guint index;

  g_return_val_if_fail (DUBAN_IS_QUEUE_MODEL (self), G_MAXUINT);

  if (ticket_id == NULL || (index = duban_queue_model_index_of (self, ticket_id)) == G_MAXUINT)
    return G_MAXUINT;

  for (guint i = 0; i < self->visible->len; i++)
    if (g_array_index (self->visible, guint, i) == index)
      return i;

  return G_MAXUINT;
}

const DubanTicket *
duban_queue_model_peek_ticket (DubanQueueModel *self,
                               guint            position)
{
  g_return_val_if_fail (DUBAN_IS_QUEUE_MODEL (self), NULL);
  g_return_val_if_fail (position < self->visible->len, NULL);

  return g_ptr_array_index (self->tickets, g_array_index (self->visible, guint, position));
}

const DubanSlaStatus *
duban_queue_model_peek_status (DubanQueueModel *self,
                               guint            position)
{
  g_return_val_if_fail (DUBAN_IS_QUEUE_MODEL (self), NULL);
  g_return_val_if_fail (position < self->visible->len, NULL);

  return &g_array_index (self->statuses, DubanSlaStatus, g_array_index (self->visible, guint, position));
}
