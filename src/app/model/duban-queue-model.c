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

  /* The arrays last given while the view is still the older one's
   * (pending): held until the names are ranked. */
  GPtrArray        *next_tickets;
  GArray           *next_statuses;
  /* Ranks of the array last given (next_tickets, else tickets). */
  DubanTicketRanks *ranks;
  gboolean          has_next;
  GCancellable     *ranking;     /* the worker ranking that array's names */
  guint             sync_limit;  /* fewer tickets: names ranked at once */
  gboolean          pending;
};

enum {
  PROP_0,
  PROP_PENDING,
  PROP_SYNC_LIMIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Below this the names of a load are ranked at once (a few ms): a demo
 * county's queue never waits. */
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

static void
duban_queue_model_refresh (DubanQueueModel *self,
                           GPtrArray       *old_tickets)
{
  g_autoptr(GArray) old_visible = NULL;
  guint n_old, n_new, head = 0, tail = 0;
  GHashTableIter iter;
  gpointer key, value;

  g_assert (DUBAN_IS_QUEUE_MODEL (self));

  old_visible = g_steal_pointer (&self->visible);
  self->visible = g_array_new (FALSE, FALSE, sizeof (guint));
  memset (self->counts, 0, sizeof self->counts);

  if (self->tickets != NULL)
    {
      DubanQueryState state = duban_ticket_query_get_state (&self->query);

      for (guint i = 0; i < self->tickets->len; i++)
        {
          const DubanTicket *ticket = g_ptr_array_index (self->tickets, i);
          const DubanSlaStatus *status = &g_array_index (self->statuses, DubanSlaStatus, i);

          if (!duban_ticket_query_matches_except_state (&self->query, ticket, status))
            continue;

          for (guint s = 0; s < DUBAN_QUERY_N_STATES; s++)
            if (duban_query_state_matches (s, status))
              self->counts[s]++;

          if (duban_query_state_matches (state, status))
            g_array_append_val (self->visible, i);
        }

      g_assert (self->ranks != NULL && duban_ticket_ranks_get_tickets (self->ranks) == self->tickets);
      duban_ticket_query_sort_ranked (&self->query, self->tickets, self->statuses, self->ranks, self->visible);
    }

  /* Live objects follow their tickets into the new arrays. */
  g_hash_table_iter_init (&iter, self->objects);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint index = duban_queue_model_index_of (self, key);

      if (index != G_MAXUINT)
        duban_ticket_object_update (value, self->tickets, index,
                                    &g_array_index (self->statuses, DubanSlaStatus, index));
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

  if (n_old - head - tail > 0 || n_new - head - tail > 0)
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

/* The view for the arrays and the query last given, now, unless its
 * order needs names not ranked yet: then the old view stays until the
 * worker is done. */
static void
duban_queue_model_request_refresh (DubanQueueModel *self)
{
  g_autoptr(GPtrArray) old_tickets = NULL;

  g_assert (DUBAN_IS_QUEUE_MODEL (self));

  if (self->ranks != NULL && duban_ticket_query_sort_needs_names (&self->query) &&
      !duban_ticket_ranks_has_names (self->ranks))
    {
      g_assert (self->ranking != NULL);
      duban_queue_model_set_pending (self, TRUE);
      return;
    }

  old_tickets = self->tickets != NULL ? g_ptr_array_ref (self->tickets) : NULL;
  if (self->has_next)
    {
      GPtrArray *tickets = g_steal_pointer (&self->next_tickets);

      self->has_next = FALSE;

      g_clear_pointer (&self->statuses, g_array_unref);
      self->statuses = g_steal_pointer (&self->next_statuses);

      /* Same tickets, newer statuses (the clock moved): the id index
       * still holds. */
      if (tickets != self->tickets)
        {
          g_clear_pointer (&self->index_by_id, g_hash_table_unref);
          if (tickets != NULL)
            {
              self->index_by_id = g_hash_table_new (g_str_hash, g_str_equal);
              for (guint i = 0; i < tickets->len; i++)
                {
                  const DubanTicket *ticket = g_ptr_array_index (tickets, i);

                  g_hash_table_insert (self->index_by_id, ticket->id, GUINT_TO_POINTER (i + 1));
                }
            }
        }
      g_clear_pointer (&self->tickets, g_ptr_array_unref);
      self->tickets = tickets;
    }

  duban_queue_model_refresh (self, old_tickets);
  duban_queue_model_set_pending (self, FALSE);
}

static void
rank_names_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GPtrArray *tickets = task_data;

  g_task_return_pointer (task, duban_ticket_ranks_new (tickets, TRUE),
                         (GDestroyNotify) duban_ticket_ranks_unref);
}

static void
rank_names_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DubanQueueModel *self = DUBAN_QUEUE_MODEL (object);
  g_autoptr(DubanTicketRanks) ranks = NULL;

  /* NULL: cancelled, a newer array was given meanwhile */
  if (!(ranks = g_task_propagate_pointer (G_TASK (result), NULL)))
    return;
  if (self->ranks == NULL || duban_ticket_ranks_get_tickets (ranks) != duban_ticket_ranks_get_tickets (self->ranks))
    return;

  g_clear_object (&self->ranking);
  duban_ticket_ranks_unref (self->ranks);
  self->ranks = g_steal_pointer (&ranks);
  if (self->pending)
    duban_queue_model_request_refresh (self);
}

/* Ranks for a newly given array: the ids at once, the names at once when
 * few, else on a worker. */
static void
duban_queue_model_rank (DubanQueueModel *self,
                        GPtrArray       *tickets)
{
  g_autoptr(GTask) task = NULL;
  gboolean now;

  g_assert (DUBAN_IS_QUEUE_MODEL (self));

  if (self->ranks != NULL && duban_ticket_ranks_get_tickets (self->ranks) == tickets)
    return;

  if (self->ranking != NULL)
    {
      g_cancellable_cancel (self->ranking);
      g_clear_object (&self->ranking);
    }
  g_clear_pointer (&self->ranks, duban_ticket_ranks_unref);
  if (tickets == NULL)
    return;

  now = tickets->len < self->sync_limit;
  self->ranks = duban_ticket_ranks_new (tickets, now);
  if (now)
    return;

  self->ranking = g_cancellable_new ();
  task = g_task_new (self, self->ranking, rank_names_cb, NULL);
  g_task_set_source_tag (task, duban_queue_model_rank);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, g_ptr_array_ref (tickets), (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, rank_names_thread);
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

  if (self->ranking != NULL)
    g_cancellable_cancel (self->ranking);
  g_clear_object (&self->ranking);
  g_clear_pointer (&self->ranks, duban_ticket_ranks_unref);
  g_clear_pointer (&self->next_tickets, g_ptr_array_unref);
  g_clear_pointer (&self->next_statuses, g_array_unref);
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

  g_clear_pointer (&self->next_tickets, g_ptr_array_unref);
  g_clear_pointer (&self->next_statuses, g_array_unref);
  self->next_tickets = tickets != NULL ? g_ptr_array_ref (tickets) : NULL;
  self->next_statuses = statuses != NULL ? g_array_ref (statuses) : NULL;
  self->has_next = TRUE;

  duban_queue_model_rank (self, tickets);
  duban_queue_model_request_refresh (self);
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

  duban_queue_model_request_refresh (self);
}

const DubanTicketQuery *
duban_queue_model_get_query (DubanQueueModel *self)
{
  g_return_val_if_fail (DUBAN_IS_QUEUE_MODEL (self), NULL);

  return &self->query;
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

  /* The same tickets pass: only their order changes, an integer sort of
   * the rows shown (no ticket read again), reported as one change. */
  if (!self->has_next && !self->pending && self->tickets != NULL && self->visible->len > 0 &&
      !(duban_ticket_query_sort_needs_names (&self->query) && !duban_ticket_ranks_has_names (self->ranks)))
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

  duban_queue_model_request_refresh (self);
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
