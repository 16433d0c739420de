/* duban-queue-model.c — the open tickets in the queue, filtered and sorted
 *
 * Everything here is arrays of indices into the session's ticket array:
 * 50,000 open tickets are filtered and sorted without one GObject. On a
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
  GPtrArray        *towns;       /* char* town code per ticket, or NULL */
  GHashTable       *index_by_id; /* id (the ticket's own string) → index + 1 */
  GArray           *visible;     /* guint indices into tickets, in order */

  /* Made items, by ticket id, held weakly: only those on screen or
   * selected live. */
  GHashTable       *objects;

  DubanQueueFilter  filter;
  DubanQueueSort    sort;
  gboolean          descending;
  guint             counts[DUBAN_QUEUE_N_STATES];
};

static void duban_queue_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DubanQueueModel, duban_queue_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      duban_queue_model_list_model_init))

G_DEFINE_ENUM_TYPE (DubanQueueSort, duban_queue_sort,
                    G_DEFINE_ENUM_VALUE (DUBAN_QUEUE_SORT_ATTENTION, "attention"),
                    G_DEFINE_ENUM_VALUE (DUBAN_QUEUE_SORT_ID, "id"),
                    G_DEFINE_ENUM_VALUE (DUBAN_QUEUE_SORT_TITLE, "title"),
                    G_DEFINE_ENUM_VALUE (DUBAN_QUEUE_SORT_TOWN, "town"),
                    G_DEFINE_ENUM_VALUE (DUBAN_QUEUE_SORT_UNIT, "unit"),
                    G_DEFINE_ENUM_VALUE (DUBAN_QUEUE_SORT_CATEGORY, "category"),
                    G_DEFINE_ENUM_VALUE (DUBAN_QUEUE_SORT_URGENCY, "urgency"),
                    G_DEFINE_ENUM_VALUE (DUBAN_QUEUE_SORT_SOURCE, "source"),
                    G_DEFINE_ENUM_VALUE (DUBAN_QUEUE_SORT_DEADLINE, "deadline"),
                    G_DEFINE_ENUM_VALUE (DUBAN_QUEUE_SORT_RECEIVED, "received"))

/* ---- filters --------------------------------------------------------------- */

void
duban_queue_filter_init (DubanQueueFilter *filter)
{
  g_return_if_fail (filter != NULL);

  memset (filter, 0, sizeof *filter);
  filter->urgency = -1;
  filter->source = -1;
  filter->weekday = -1;
  filter->hour = -1;
  filter->state = DUBAN_QUEUE_STATE_ANY_OPEN;
}

void
duban_queue_filter_clear (DubanQueueFilter *filter)
{
  g_return_if_fail (filter != NULL);

  g_clear_pointer (&filter->town, g_free);
  g_clear_pointer (&filter->unit, g_free);
  g_clear_pointer (&filter->category, g_free);
  g_clear_pointer (&filter->search, g_free);
  g_clear_pointer (&filter->ids, g_hash_table_unref);
  duban_queue_filter_init (filter);
}

void
duban_queue_filter_copy (DubanQueueFilter       *dest,
                         const DubanQueueFilter *src)
{
  g_return_if_fail (dest != NULL && src != NULL);

  if (dest == src)
    return;

  duban_queue_filter_clear (dest);
  *dest = *src;
  dest->town = g_strdup (src->town);
  dest->unit = g_strdup (src->unit);
  dest->category = g_strdup (src->category);
  dest->search = g_strdup (src->search);
  dest->ids = src->ids != NULL ? g_hash_table_ref (src->ids) : NULL;
}

static gboolean
parse_int_in (const char *text,
              int         min,
              int         max,
              int        *out)
{
  gint64 value;
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  value = g_ascii_strtoll (text, &end, 10);
  if (end == NULL || *end != '\0' || value < min || value > max)
    return FALSE;
  *out = (int) value;
  return TRUE;
}

gboolean
duban_queue_filter_parse (DubanQueueFilter  *filter,
                          const char        *spec,
                          GError           **error)
{
  g_auto(GStrv) parts = NULL;
  const char *kind;
  const char *value;

  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  duban_queue_filter_clear (filter);

  parts = g_strsplit (spec, ":", 2);
  kind = parts[0];
  value = parts[0] != NULL ? parts[1] : NULL;

  if (kind == NULL || value == NULL || value[0] == '\0')
    goto invalid;

  if (g_str_equal (kind, "unit"))
    filter->unit = g_strdup (value);
  else if (g_str_equal (kind, "town"))
    filter->town = g_strdup (value);
  else if (g_str_equal (kind, "category"))
    filter->category = g_strdup (value);
  else if (g_str_equal (kind, "search"))
    filter->search = g_strdup (value);
  else if (g_str_equal (kind, "urgency"))
    {
      if (!duban_enum_from_wire (DUBAN_ENUM_URGENCY, value, &filter->urgency))
        goto invalid;
    }
  else if (g_str_equal (kind, "source"))
    {
      if (!duban_enum_from_wire (DUBAN_ENUM_SOURCE, value, &filter->source))
        goto invalid;
    }
  else if (g_str_equal (kind, "state"))
    {
      if (g_str_equal (value, duban_state_to_wire (DUBAN_STATE_OPEN_OVERDUE)))
        filter->state = DUBAN_QUEUE_STATE_OVERDUE;
      else if (g_str_equal (value, duban_state_to_wire (DUBAN_STATE_OPEN_WARNING)))
        filter->state = DUBAN_QUEUE_STATE_WARNING;
      else if (g_str_equal (value, duban_state_to_wire (DUBAN_STATE_OPEN_OK)))
        filter->state = DUBAN_QUEUE_STATE_OK;
      else if (g_str_equal (value, "contact_overdue"))
        filter->state = DUBAN_QUEUE_STATE_CONTACT_OVERDUE;
      else if (g_str_equal (value, "open"))
        filter->state = DUBAN_QUEUE_STATE_ANY_OPEN;
      else
        goto invalid;
    }
  else if (g_str_equal (kind, "weekday-hour"))
    {
      g_auto(GStrv) numbers = g_strsplit (value, ":", 2);

      if (numbers[0] == NULL || numbers[1] == NULL ||
          !parse_int_in (numbers[0], 1, 7, &filter->weekday) ||
          !parse_int_in (numbers[1], 0, 23, &filter->hour))
        goto invalid;
    }
  else if (g_str_equal (kind, "ids"))
    {
      g_auto(GStrv) ids = g_strsplit (value, ",", -1);

      filter->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; ids[i] != NULL; i++)
        {
          g_strstrip (ids[i]);
          if (ids[i][0] != '\0')
            g_hash_table_add (filter->ids, g_strdup (ids[i]));
        }
    }
  else
    goto invalid;

  return TRUE;

invalid:
  duban_queue_filter_clear (filter);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "not a queue filter: %s", spec);
  return FALSE;
}

void
duban_queue_weekday_hour (DubanTime  time,
                          int       *weekday,
                          int       *hour)
{
  DubanDay day = duban_day_of_time (time);

  if (weekday != NULL)
    *weekday = duban_day_weekday (day);
  if (hour != NULL)
    *hour = (int) ((time - duban_day_start (day)) / DUBAN_USEC_PER_HOUR);
}

/* ASCII case-insensitive substring: ticket numbers are typed in either
 * case; Han text has no case and its bytes compare as they are. */
static gboolean
contains (const char *haystack,
          const char *needle,
          gsize       needle_len)
{
  if (haystack == NULL)
    return FALSE;

  for (const char *p = haystack; *p != '\0'; p++)
    if (g_ascii_strncasecmp (p, needle, needle_len) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
state_matches (DubanQueueState       state,
               const DubanSlaStatus *status)
{
  switch (state)
    {
    case DUBAN_QUEUE_STATE_ANY_OPEN:        return TRUE;
    case DUBAN_QUEUE_STATE_OVERDUE:         return status->state == DUBAN_STATE_OPEN_OVERDUE;
    case DUBAN_QUEUE_STATE_CONTACT_OVERDUE: return status->contact_overdue;
    case DUBAN_QUEUE_STATE_WARNING:         return status->state == DUBAN_STATE_OPEN_WARNING;
    case DUBAN_QUEUE_STATE_OK:              return status->state == DUBAN_STATE_OPEN_OK;
    case DUBAN_QUEUE_N_STATES:
    default:                                g_return_val_if_reached (FALSE);
    }
}

/* Every filter but the state one. */
static gboolean
duban_queue_model_matches (DubanQueueModel *self,
                           guint            index,
                           gsize            search_len)
{
  const DubanTicket *ticket = g_ptr_array_index (self->tickets, index);
  const DubanQueueFilter *filter = &self->filter;

  if (filter->unit != NULL && g_strcmp0 (ticket->unit_code, filter->unit) != 0)
    return FALSE;
  if (filter->town != NULL && g_strcmp0 (g_ptr_array_index (self->towns, index), filter->town) != 0)
    return FALSE;
  if (filter->category != NULL && g_strcmp0 (ticket->category, filter->category) != 0)
    return FALSE;
  if (filter->urgency >= 0 && (int) ticket->urgency != filter->urgency)
    return FALSE;
  if (filter->source >= 0 && (int) ticket->source != filter->source)
    return FALSE;
  if (filter->ids != NULL && !g_hash_table_contains (filter->ids, ticket->id))
    return FALSE;
  if (filter->weekday > 0 || filter->hour >= 0)
    {
      int weekday, hour;

      duban_queue_weekday_hour (ticket->received_at, &weekday, &hour);
      if ((filter->weekday > 0 && weekday != filter->weekday) ||
          (filter->hour >= 0 && hour != filter->hour))
        return FALSE;
    }
  if (search_len > 0 &&
      !contains (ticket->id, filter->search, search_len) &&
      !contains (ticket->title, filter->search, search_len) &&
      !contains (ticket->address, filter->search, search_len) &&
      !contains (ticket->description, filter->search, search_len))
    return FALSE;

  return TRUE;
}

/* ---- sorting --------------------------------------------------------------- */

static int
compare_strings (const char *a,
                 const char *b)
{
  /* Absent values last whichever way the column is sorted reads oddly;
   * first is at least stable. */
  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);
  return strcmp (a, b);
}

static int
compare_times (DubanTime a,
               DubanTime b)
{
  return (a > b) - (a < b);
}

static int
compare_indices (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  DubanQueueModel *self = user_data;
  guint ia = *(const guint *) a;
  guint ib = *(const guint *) b;
  const DubanTicket *ta = g_ptr_array_index (self->tickets, ia);
  const DubanTicket *tb = g_ptr_array_index (self->tickets, ib);
  const DubanSlaStatus *sa = &g_array_index (self->statuses, DubanSlaStatus, ia);
  const DubanSlaStatus *sb = &g_array_index (self->statuses, DubanSlaStatus, ib);
  int result = 0;

  switch (self->sort)
    {
    case DUBAN_QUEUE_SORT_ATTENTION:
      break;
    case DUBAN_QUEUE_SORT_ID:
      result = compare_strings (ta->id, tb->id);
      break;
    case DUBAN_QUEUE_SORT_TITLE:
      result = compare_strings (ta->title, tb->title);
      break;
    case DUBAN_QUEUE_SORT_TOWN:
      /* By code: the county numbers its towns in its official order. */
      result = compare_strings (g_ptr_array_index (self->towns, ia), g_ptr_array_index (self->towns, ib));
      break;
    case DUBAN_QUEUE_SORT_UNIT:
      result = compare_strings (ta->unit_name, tb->unit_name);
      break;
    case DUBAN_QUEUE_SORT_CATEGORY:
      result = compare_strings (ta->category, tb->category);
      break;
    case DUBAN_QUEUE_SORT_URGENCY:
      result = (int) tb->urgency - (int) ta->urgency;
      break;
    case DUBAN_QUEUE_SORT_SOURCE:
      result = (int) ta->source - (int) tb->source;
      break;
    case DUBAN_QUEUE_SORT_DEADLINE:
      result = compare_times (sa->deadline, sb->deadline);
      break;
    case DUBAN_QUEUE_SORT_RECEIVED:
      result = compare_times (ta->received_at, tb->received_at);
      break;
    default:
      g_assert_not_reached ();
    }

  if (result == 0)
    result = duban_sla_compare_attention (sa, ta->id, sb, tb->id);

  return self->descending ? -result : result;
}

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
  gsize search_len;
  guint n_old, n_new, head = 0, tail = 0;
  GHashTableIter iter;
  gpointer key, value;

  g_assert (DUBAN_IS_QUEUE_MODEL (self));

  old_visible = g_steal_pointer (&self->visible);
  self->visible = g_array_new (FALSE, FALSE, sizeof (guint));
  memset (self->counts, 0, sizeof self->counts);

  search_len = self->filter.search != NULL ? strlen (self->filter.search) : 0;

  if (self->tickets != NULL)
    {
      for (guint i = 0; i < self->tickets->len; i++)
        {
          const DubanSlaStatus *status = &g_array_index (self->statuses, DubanSlaStatus, i);

          if (!duban_state_is_open (status->state) || !duban_queue_model_matches (self, i, search_len))
            continue;

          self->counts[DUBAN_QUEUE_STATE_ANY_OPEN]++;
          if (status->state == DUBAN_STATE_OPEN_OVERDUE)
            self->counts[DUBAN_QUEUE_STATE_OVERDUE]++;
          else if (status->state == DUBAN_STATE_OPEN_WARNING)
            self->counts[DUBAN_QUEUE_STATE_WARNING]++;
          else
            self->counts[DUBAN_QUEUE_STATE_OK]++;
          if (status->contact_overdue)
            self->counts[DUBAN_QUEUE_STATE_CONTACT_OVERDUE]++;

          if (state_matches (self->filter.state, status))
            g_array_append_val (self->visible, i);
        }

      g_array_sort_with_data (self->visible, compare_indices, self);
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

  g_clear_pointer (&self->tickets, g_ptr_array_unref);
  g_clear_pointer (&self->statuses, g_array_unref);
  g_clear_pointer (&self->towns, g_ptr_array_unref);
  g_clear_pointer (&self->index_by_id, g_hash_table_unref);
  g_clear_pointer (&self->visible, g_array_unref);
  duban_queue_filter_clear (&self->filter);

  G_OBJECT_CLASS (duban_queue_model_parent_class)->finalize (object);
}

static void
duban_queue_model_class_init (DubanQueueModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = duban_queue_model_finalize;
}

static void
duban_queue_model_init (DubanQueueModel *self)
{
  self->visible = g_array_new (FALSE, FALSE, sizeof (guint));
  self->objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  duban_queue_filter_init (&self->filter);
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
  g_autoptr(GPtrArray) old_tickets = NULL;

  g_return_if_fail (DUBAN_IS_QUEUE_MODEL (self));
  g_return_if_fail ((tickets == NULL) == (statuses == NULL));
  g_return_if_fail (tickets == NULL || tickets->len == statuses->len);

  old_tickets = g_steal_pointer (&self->tickets);
  g_clear_pointer (&self->statuses, g_array_unref);

  if (tickets != NULL)
    {
      self->statuses = g_array_ref (statuses);

      /* Same tickets, newer statuses (the clock moved): the id index and
       * the town codes still hold. */
      if (tickets != old_tickets)
        {
          g_clear_pointer (&self->towns, g_ptr_array_unref);
          g_clear_pointer (&self->index_by_id, g_hash_table_unref);

          self->towns = g_ptr_array_new_full (tickets->len, g_free);
          self->index_by_id = g_hash_table_new (g_str_hash, g_str_equal);
          for (guint i = 0; i < tickets->len; i++)
            {
              const DubanTicket *ticket = g_ptr_array_index (tickets, i);

              g_ptr_array_add (self->towns, duban_grid_code_town (ticket->grid_code));
              g_hash_table_insert (self->index_by_id, ticket->id, GUINT_TO_POINTER (i + 1));
            }
        }
      self->tickets = g_ptr_array_ref (tickets);
    }
  else
    {
      g_clear_pointer (&self->towns, g_ptr_array_unref);
      g_clear_pointer (&self->index_by_id, g_hash_table_unref);
    }

  duban_queue_model_refresh (self, old_tickets);
}

void
duban_queue_model_set_filter (DubanQueueModel        *self,
                              const DubanQueueFilter *filter)
{
  g_return_if_fail (DUBAN_IS_QUEUE_MODEL (self));
  g_return_if_fail (filter != NULL);

  duban_queue_filter_copy (&self->filter, filter);
  if (self->filter.search != NULL && self->filter.search[0] == '\0')
    g_clear_pointer (&self->filter.search, g_free);

  duban_queue_model_refresh (self, self->tickets);
}

const DubanQueueFilter *
duban_queue_model_get_filter (DubanQueueModel *self)
{
  g_return_val_if_fail (DUBAN_IS_QUEUE_MODEL (self), NULL);

  return &self->filter;
}

void
duban_queue_model_set_sort (DubanQueueModel *self,
                            DubanQueueSort   sort,
                            gboolean         descending)
{
  g_return_if_fail (DUBAN_IS_QUEUE_MODEL (self));

  if (self->sort == sort && self->descending == !!descending)
    return;

  self->sort = sort;
  self->descending = !!descending;
  duban_queue_model_refresh (self, self->tickets);
}

void
duban_queue_model_get_counts (DubanQueueModel *self,
                              guint            counts[DUBAN_QUEUE_N_STATES])
{
  g_return_if_fail (DUBAN_IS_QUEUE_MODEL (self));

  memcpy (counts, self->counts, sizeof self->counts);
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
