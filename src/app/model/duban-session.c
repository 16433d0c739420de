/* duban-session.c — the desk's model: one store, its open tickets, syncing
 *
 * The store is read by DubanDesk on a worker thread with its own
 * connection (a DubanStore is one connection for one thread), the tickets
 * are evaluated there too, and only the finished desk comes back to the
 * main thread, so a large store never freezes the window.
 */
#define G_LOG_DOMAIN "duban-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "duban-attention.h"
#include "duban-history-keeper.h"
#include "duban-audit.h"
#include "duban-desk.h"
#include "duban-outbox.h"
#include "duban-secret.h"
#include "duban-ladder-decisions.h"
#include "duban-proposal-book.h"
#include "duban-session.h"
#include "duban-store-reference.h"
#include "duban-store.h"
#include "duban-ticket-object.h"

struct _DubanSession
{
  GObject          parent_instance;

  char            *store_path;
  GSettings       *settings;
  GPtrArray       *tickets;        /* the open tickets and those the orders name, DubanTicket* */
  GHashTable      *ticket_index;   /* id → DubanTicket* of @tickets */
  GHashTable      *fetched;        /* id → DubanTicket*, read one by one since the reload (a resolved one's detail) */
  GPtrArray       *spans;          /* Span*, the last ones asked for, newest last */
  guint            span_generation;  /* a reload or a new policy makes older spans stale */
  GArray          *statuses;       /* DubanSlaStatus per ticket, as of the last evaluation */
  DubanStore      *store;          /* the main thread's connection, opened when first asked for */
  DubanDesk       *desk;           /* as of the last reload; NULL before the first */
  DubanCalendar   *calendar;
  DubanSlaPolicy   policy;
  DubanProposalBook *proposals;    /* the ladder's, as of the last evaluation */
  GHashTable      *order_summaries;  /* ticket id → DubanOrderSummary, from the main thread's store */

  gint64           ticket_count;
  gint64           quarantine_count;
  DubanTime        last_sync;
  guint            reload_generation;

  guint            loaded : 1;
  guint            loading : 1;
  guint            syncing : 1;
};

G_DEFINE_FINAL_TYPE (DubanSession, duban_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE_PATH,
  PROP_LOADED,
  PROP_LOADING,
  PROP_SYNCING,
  PROP_TICKET_COUNT,
  PROP_QUARANTINE_COUNT,
  PROP_LAST_SYNC,
  N_PROPS
};

enum {
  SYNC_PROGRESS,
  RELOADED,
  REEVALUATED,
  RECORDS_CHANGED,
  ATTENTION_CHANGED,
  OUTBOX_NEEDS_TOKEN,
  OUTBOX_BLOCKED,
  OUTBOX_FLUSHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct {
  DubanFeedClient *client;
  DubanSyncStats   stats;
  GError          *sync_error;
  DubanTime        replies_since;   /* the sync before: replies after it are news */
} SyncData;

static void
sync_data_free (SyncData *data)
{
  g_clear_object (&data->client);
  g_clear_error (&data->sync_error);
  g_free (data);
}

/* The tickets of a period, read for a page (duban_session_load_span_async). */
typedef struct {
  DubanTime  from;
  DubanTime  to;
  DubanDesk *desk;
} Span;

/* Two: a page and the one it was opened from (the analysis and the
 * queue filtered from its chart) each keep theirs. */
#define N_SPANS_KEPT 2

static void
span_free (Span *span)
{
  g_clear_object (&span->desk);
  g_free (span);
}

static void
duban_session_drop_spans (DubanSession *self)
{
  self->span_generation++;
  g_ptr_array_set_size (self->spans, 0);
}

static void
duban_session_set_loading (DubanSession *self,
                           gboolean      loading)
{
  g_assert (DUBAN_IS_SESSION (self));

  loading = !!loading;
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
duban_session_set_syncing (DubanSession *self,
                           gboolean      syncing)
{
  g_assert (DUBAN_IS_SESSION (self));

  syncing = !!syncing;
  if (self->syncing == syncing)
    return;
  self->syncing = syncing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
}

/* The orders are the desk's own records, a few hundred at most, read on
 * the main thread's connection whenever a record or the store changes. */
static void
duban_session_load_order_summaries (DubanSession *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  DubanStore *store;

  g_assert (DUBAN_IS_SESSION (self));

  g_hash_table_remove_all (self->order_summaries);
  if (!(store = duban_session_get_store (self, &error)) ||
      !(orders = duban_orders_list (store, NULL, &error)))
    {
      g_debug ("No orders for the queue: %s", error->message);
      return;
    }

  for (guint i = 0; i < orders->len; i++)
    {
      const DubanOrder *order = g_ptr_array_index (orders, i);
      DubanOrderSummary *summary = g_hash_table_lookup (self->order_summaries, order->ticket_id);

      if (summary == NULL)
        {
          summary = g_new0 (DubanOrderSummary, 1);
          summary->latest_issued_at = G_MININT64;
          g_hash_table_insert (self->order_summaries, g_strdup (order->ticket_id), summary);
        }
      summary->n_orders++;
      /* issued_at is to the second, as on the wire: of two orders in one
       * second the stronger stands for both */
      if (order->issued_at > summary->latest_issued_at ||
          (order->issued_at == summary->latest_issued_at && order->level > summary->latest_level))
        {
          summary->latest_issued_at = order->issued_at;
          summary->latest_level = order->level;
        }
    }
}

static void
duban_session_apply_reload (DubanSession *self,
                            DubanDesk    *desk)
{
  g_assert (DUBAN_IS_SESSION (self));
  g_assert (DUBAN_IS_DESK (desk));

  g_object_freeze_notify (G_OBJECT (self));

  g_set_object (&self->desk, desk);
  g_set_object (&self->calendar, duban_desk_get_calendar (desk));
  self->policy = *duban_desk_get_policy (desk);
  g_clear_pointer (&self->tickets, g_ptr_array_unref);
  self->tickets = g_ptr_array_ref (duban_desk_get_tickets (desk));
  g_hash_table_remove_all (self->ticket_index);
  for (guint i = 0; i < self->tickets->len; i++)
    {
      DubanTicket *ticket = g_ptr_array_index (self->tickets, i);

      g_hash_table_insert (self->ticket_index, ticket->id, ticket);
    }
  /* what a page read before this reload is older than it */
  g_hash_table_remove_all (self->fetched);
  duban_session_drop_spans (self);
  g_clear_pointer (&self->statuses, g_array_unref);
  self->statuses = g_array_ref (duban_desk_get_statuses (desk));
  duban_proposal_book_update (self->proposals, desk, self->statuses, duban_session_get_store (self, NULL));
  /* before the list changes: its rows show each ticket's orders */
  duban_session_load_order_summaries (self);

  if (self->ticket_count != duban_desk_get_ticket_count (desk))
    {
      self->ticket_count = duban_desk_get_ticket_count (desk);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET_COUNT]);
    }
  if (self->quarantine_count != duban_desk_get_quarantine_count (desk))
    {
      self->quarantine_count = duban_desk_get_quarantine_count (desk);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUARANTINE_COUNT]);
    }
  if (self->last_sync != duban_desk_get_last_sync (desk))
    {
      self->last_sync = duban_desk_get_last_sync (desk);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
    }
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }

  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[RELOADED], 0);
  /* tests/bench/bench-scale waits for this line: the pages have been
   * given the tickets */
  g_debug ("Reloaded: %u tickets shown", self->tickets->len);
}

static void
duban_session_finalize (GObject *object)
{
  DubanSession *self = (DubanSession *)object;

  g_clear_pointer (&self->store_path, g_free);
  g_clear_object (&self->settings);
  g_clear_object (&self->desk);
  g_clear_object (&self->calendar);
  g_clear_pointer (&self->tickets, g_ptr_array_unref);
  g_clear_pointer (&self->ticket_index, g_hash_table_unref);
  g_clear_pointer (&self->fetched, g_hash_table_unref);
  g_clear_pointer (&self->spans, g_ptr_array_unref);
  g_clear_pointer (&self->statuses, g_array_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->proposals);
  g_clear_pointer (&self->order_summaries, g_hash_table_unref);

  G_OBJECT_CLASS (duban_session_parent_class)->finalize (object);
}

static void
duban_session_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DubanSession *self = DUBAN_SESSION (object);

  switch (prop_id)
    {
    case PROP_STORE_PATH:
      g_value_set_string (value, self->store_path);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_SYNCING:
      g_value_set_boolean (value, self->syncing);
      break;

    case PROP_TICKET_COUNT:
      g_value_set_int64 (value, self->ticket_count);
      break;

    case PROP_QUARANTINE_COUNT:
      g_value_set_int64 (value, self->quarantine_count);
      break;

    case PROP_LAST_SYNC:
      g_value_set_int64 (value, self->last_sync);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
duban_session_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DubanSession *self = DUBAN_SESSION (object);

  switch (prop_id)
    {
    case PROP_STORE_PATH:
      self->store_path = g_value_dup_string (value);
      if (self->store_path == NULL)
        self->store_path = duban_store_default_path ();
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
duban_session_class_init (DubanSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = duban_session_finalize;
  object_class->get_property = duban_session_get_property;
  object_class->set_property = duban_session_set_property;

  properties[PROP_STORE_PATH] =
    g_param_spec_string ("store-path", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TICKET_COUNT] =
    g_param_spec_int64 ("ticket-count", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_QUARANTINE_COUNT] =
    g_param_spec_int64 ("quarantine-count", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LAST_SYNC] =
    g_param_spec_int64 ("last-sync", NULL, NULL, G_MININT64, G_MAXINT64, DUBAN_TIME_NONE,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The stats are only valid during emission. */
  /* The whole set of tickets (duban_session_get_tickets()) was replaced. */
  signals[RELOADED] =
    g_signal_new ("reloaded",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /* duban_session_get_statuses() was replaced: the clock moved, or the
   * policy changed. The tickets are the same. */
  signals[REEVALUATED] =
    g_signal_new ("reevaluated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  signals[SYNC_PROGRESS] =
    g_signal_new ("sync-progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);

  /* A local record changed: an order was issued or delivered, a note
   * written. Every view of a ticket's records shows them again. */
  signals[RECORDS_CHANGED] =
    g_signal_new ("records-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /* After a good sync: the ids of the tickets that newly became overdue,
   * newly 预警 and newly 未联系 since the supervisors were last told, and
   * those whose unit answered an order since the sync before
   * (duban-attention.h); emitted after every good sync, the four empty
   * when nothing is news, before the sync's task returns. */
  signals[ATTENTION_CHANGED] =
    g_signal_new ("attention-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_STRV, G_TYPE_STRV, G_TYPE_STRV, G_TYPE_STRV);

  /* A flush of the outbox ended: how many orders were delivered, still
   * wait (the platform did not answer) and were refused. */
  signals[OUTBOX_FLUSHED] =
    g_signal_new ("outbox-flushed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);

  /* The platform at this URL answered the outbox 401: the orders wait
   * for a token it accepts. */
  signals[OUTBOX_NEEDS_TOKEN] =
    g_signal_new ("outbox-needs-token",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /* The outbox could not be sent at all, and why (a stored token that
   * may not be used); the orders wait. */
  signals[OUTBOX_BLOCKED] =
    g_signal_new ("outbox-blocked",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
duban_session_init (DubanSession *self)
{
  self->settings = g_settings_new (APPLICATION_ID);
  self->proposals = duban_proposal_book_new ();
  self->calendar = duban_calendar_new ();
  self->last_sync = DUBAN_TIME_NONE;
  self->order_summaries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->ticket_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->fetched = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) duban_ticket_free);
  self->spans = g_ptr_array_new_with_free_func ((GDestroyNotify) span_free);

  duban_sla_policy_init_defaults (&self->policy);
}

DubanSession *
duban_session_new (const char *store_path)
{
  return g_object_new (DUBAN_TYPE_SESSION,
                       "store-path", store_path,
                       NULL);
}

const char *
duban_session_get_store_path (DubanSession *self)
{
  g_return_val_if_fail (DUBAN_IS_SESSION (self), NULL);

  return self->store_path;
}

gboolean
duban_session_get_loaded (DubanSession *self)
{
  g_return_val_if_fail (DUBAN_IS_SESSION (self), FALSE);

  return self->loaded;
}

gboolean
duban_session_get_loading (DubanSession *self)
{
  g_return_val_if_fail (DUBAN_IS_SESSION (self), FALSE);

  return self->loading;
}

gboolean
duban_session_get_syncing (DubanSession *self)
{
  g_return_val_if_fail (DUBAN_IS_SESSION (self), FALSE);

  return self->syncing;
}

gint64
duban_session_get_ticket_count (DubanSession *self)
{
  g_return_val_if_fail (DUBAN_IS_SESSION (self), 0);

  return self->ticket_count;
}

gint64
duban_session_get_quarantine_count (DubanSession *self)
{
  g_return_val_if_fail (DUBAN_IS_SESSION (self), 0);

  return self->quarantine_count;
}

DubanTime
duban_session_get_last_sync (DubanSession *self)
{
  g_return_val_if_fail (DUBAN_IS_SESSION (self), DUBAN_TIME_NONE);

  return self->last_sync;
}

char *
duban_session_dup_feed_url (DubanSession *self)
{
  g_autofree char *url = NULL;

  g_return_val_if_fail (DUBAN_IS_SESSION (self), NULL);

  url = g_strstrip (g_settings_get_string (self->settings, "feed-url"));
  if (url[0] == '\0')
    return NULL;

  return g_steal_pointer (&url);
}

DubanTime
duban_session_get_offline_since (DubanSession *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  DubanStore *store;
  DubanTime since;

  g_return_val_if_fail (DUBAN_IS_SESSION (self), DUBAN_TIME_NONE);

  /* the sync records its attempts in the store (duban-feed-client-sync.c) */
  if (!self->loaded || !(store = duban_session_get_store (self, &error)))
    return DUBAN_TIME_NONE;
  text = duban_store_get_state (store, "offline_since");
  if (text == NULL || !duban_time_parse_rfc3339 (text, &since, NULL))
    return DUBAN_TIME_NONE;
  return since;
}

const DubanTicket *
duban_session_lookup_ticket (DubanSession *self,
                             const char   *ticket_id)
{
  g_autoptr(GError) error = NULL;
  DubanTicket *ticket;
  DubanStore *store;

  g_return_val_if_fail (DUBAN_IS_SESSION (self), NULL);
  g_return_val_if_fail (ticket_id != NULL, NULL);

  if (!self->loaded)
    return NULL;
  if ((ticket = g_hash_table_lookup (self->ticket_index, ticket_id)) ||
      (ticket = g_hash_table_lookup (self->fetched, ticket_id)))
    return ticket;

  /* a resolved ticket, or one a repeat_of names: one row by its key, on
   * the main thread's connection (well under a millisecond) */
  if (!(store = duban_session_get_store (self, &error)))
    return NULL;
  if (!(ticket = duban_store_get_ticket (store, ticket_id, &error)))
    {
      if (error != NULL)
        g_debug ("No ticket %s: %s", ticket_id, error->message);
      return NULL;
    }
  g_hash_table_insert (self->fetched, ticket->id, ticket);
  return ticket;
}

static void
reload_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  DubanDesk *desk;

  if (!(desk = duban_desk_load_finish (result, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, desk, g_object_unref);
}

typedef struct {
  DubanSession *self;
  guint         generation;
} Matters;

static void
matters_free (Matters *matters)
{
  g_clear_object (&matters->self);
  g_free (matters);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Matters, matters_free)

static void
matters_prepared_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(Matters) matters = user_data;
  DubanSession *self = matters->self;
  g_autoptr(GError) error = NULL;
  guint generation = matters->generation;

  /* without the matters the ladder keeps what it proposed before */
  if (!duban_proposal_book_prepare_finish (DUBAN_PROPOSAL_BOOK (object), result, &error))
    g_warning ("Cannot work out the tickets' matters: %s", error->message);
  if (generation != self->reload_generation)
    return;
  /* the ladder's proposals with their matters: told as after the clock
   * moved (the queue's items, whose proposal cells follow them) and as a
   * record change is (the ladder window) */
  duban_session_reevaluate (self);
  g_signal_emit (self, signals[RECORDS_CHANGED], 0);
  duban_session_set_loading (self, FALSE);
}

void
duban_session_reload_async (DubanSession        *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const DubanDeskScope scope = { .open = TRUE, .from = DUBAN_TIME_NONE, .to = DUBAN_TIME_NONE, .order_tickets = TRUE };
  guint generation;

  g_return_if_fail (DUBAN_IS_SESSION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  generation = ++self->reload_generation;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, duban_session_reload_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (generation), NULL);

  duban_session_set_loading (self, TRUE);
  /* the desk's first run creates its store; the tickets are judged now;
   * the regions are read here, off the main thread, for the detail's map.
   * Only what the first screen needs: the open tickets (the queue, the
   * counts, the ladder) and those the orders name (the orders window);
   * a page that shows a period asks for it (duban_session_load_span_async) */
  duban_desk_load_scoped_async (self->store_path, DUBAN_DESK_OPEN_OR_CREATE,
                                DUBAN_DESK_TICKETS | DUBAN_DESK_REGIONS | DUBAN_DESK_ORDERS,
                                &scope, duban_time_now (), cancellable, reload_loaded_cb, g_steal_pointer (&task));
}

gboolean
duban_session_reload_finish (DubanSession  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_autoptr(DubanDesk) desk = NULL;
  guint generation;

  g_return_val_if_fail (DUBAN_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == duban_session_reload_async, FALSE);

  generation = GPOINTER_TO_UINT (g_task_get_task_data (G_TASK (result)));
  desk = g_task_propagate_pointer (G_TASK (result), error);

  /* Applied here rather than in a callback of our own so that the caller
   * sees the new list as soon as it is told the reload is done. A reload
   * overtaken by a newer one is dropped: its data is older. */
  if (generation == self->reload_generation)
    {
      if (desk == NULL)
        duban_session_set_loading (self, FALSE);
      else
        {
          Matters *matters = g_new0 (Matters, 1);

          duban_session_apply_reload (self, desk);
          /* the ladder's matters on a worker after the tickets are shown
           * (the 60 days of repeat groups, read there): "loading" until
           * they are in */
          matters->self = g_object_ref (self);
          matters->generation = generation;
          duban_proposal_book_prepare_async (self->proposals, desk, self->store_path, NULL,
                                             matters_prepared_cb, matters);
        }
    }

  return desk != NULL;
}

void
duban_session_reevaluate (DubanSession *self)
{
  g_autoptr(GArray) statuses = NULL;

  g_return_if_fail (DUBAN_IS_SESSION (self));

  if (self->desk == NULL || self->tickets == NULL)
    return;

  /* A new array rather than in place: pages may hold the old one. The
   * policy is the session's, which duban_session_set_policy() may have
   * changed since the desk was read. */
  statuses = duban_desk_evaluate_at (self->desk, &self->policy, duban_time_now ());

  g_clear_pointer (&self->statuses, g_array_unref);
  self->statuses = g_steal_pointer (&statuses);
  duban_proposal_book_update (self->proposals, self->desk, self->statuses, duban_session_get_store (self, NULL));

  g_signal_emit (self, signals[REEVALUATED], 0);
}

/* The platform as Preferences set it: the sync and the outbox talk to
 * it alike (its own certificate authority included). */
static DubanFeedClient *
duban_session_new_client (DubanSession *self,
                          const char   *url,
                          const char   *token)
{
  g_autofree char *ca_file = g_settings_get_string (self->settings, "ca-file");
  DubanFeedClient *client = duban_feed_client_new (url);

  g_assert (DUBAN_IS_SESSION (self));

  if (token != NULL)
    duban_feed_client_set_token (client, token);
  duban_feed_client_set_page_size (client, g_settings_get_uint (self->settings, "page-size"));
  duban_feed_client_set_ca_file (client, ca_file);
  duban_feed_client_set_open311 (client, g_settings_get_boolean (self->settings, "open311"));

  return client;
}

void
duban_session_records_changed (DubanSession *self)
{
  g_return_if_fail (DUBAN_IS_SESSION (self));

  if (self->loaded)
    duban_session_load_order_summaries (self);
  /* an order issued or a proposal dismissed changes the next step: the
   * queue's items are told through the model, as after the clock moved */
  if (self->desk != NULL && self->tickets != NULL)
    {
      duban_proposal_book_update (self->proposals, self->desk, self->statuses, duban_session_get_store (self, NULL));
        }

  g_signal_emit (self, signals[RECORDS_CHANGED], 0);
}

const DubanLadderProposal *
duban_session_get_proposal (DubanSession *self,
                            const char   *ticket_id)
{
  g_return_val_if_fail (DUBAN_IS_SESSION (self), NULL);

  return duban_proposal_book_lookup (self->proposals, ticket_id);
}

gboolean
duban_session_decide_proposal (DubanSession         *self,
                               const char           *ticket_id,
                               DubanOrderLevel       level,
                               DubanLadderDecision   decision,
                               const char           *reason,
                               GError              **error)
{
  DubanStore *store;

  g_return_val_if_fail (DUBAN_IS_SESSION (self), FALSE);
  g_return_val_if_fail (ticket_id != NULL, FALSE);

  if (!(store = duban_session_get_store (self, error)) ||
      !duban_ladder_decide (store, ticket_id, level, decision, reason, error))
    return FALSE;

  duban_session_records_changed (self);
  return TRUE;
}

const DubanOrderSummary *
duban_session_get_order_summary (DubanSession *self,
                                 const char   *ticket_id)
{
  g_return_val_if_fail (DUBAN_IS_SESSION (self), NULL);
  g_return_val_if_fail (ticket_id != NULL, NULL);

  return g_hash_table_lookup (self->order_summaries, ticket_id);
}

static void
outbox_flushed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DubanSession) self = user_data;
  g_autoptr(GError) error = NULL;
  DubanOutboxStats stats = { 0, };

  /* Failures stay in the outbox for the next attempt; the orders window
   * shows each order's state and last error. */
  if (!duban_outbox_flush_finish (DUBAN_FEED_CLIENT (object), result, &stats, &error))
    g_debug ("Outbox not flushed: %s", error->message);
  else
    g_debug ("Outbox: %u delivered, %u refused, %u waiting", stats.delivered, stats.refused, stats.waiting);

  /* The orders wait for a token the platform accepts; once it is saved
   * a good sync sends the outbox again. */
  if (stats.unauthorized)
    g_signal_emit (self, signals[OUTBOX_NEEDS_TOKEN], 0,
                   duban_feed_client_get_base_url (DUBAN_FEED_CLIENT (object)));

  if (error != NULL)
    stats.waiting = MAX (stats.waiting, 1);
  g_signal_emit (self, signals[OUTBOX_FLUSHED], 0, stats.delivered, stats.waiting, stats.refused);

  /* each order's delivery state */
  duban_session_records_changed (self);
}

void
duban_session_flush_outbox (DubanSession *self)
{
  g_autoptr(DubanFeedClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;

  g_return_if_fail (DUBAN_IS_SESSION (self));

  if (!(url = duban_session_dup_feed_url (self)))
    return;

  /* A stored token that may not be used (not private, or saved by an
   * earlier version without its platform) is not replaced by no token:
   * the orders wait, and the user is told why. */
  if (!(token = duban_secret_lookup (url, NULL, &error)) && error != NULL)
    {
      g_signal_emit (self, signals[OUTBOX_BLOCKED], 0, error->message);
      return;
    }

  client = duban_session_new_client (self, url, token);
  duban_outbox_flush_async (client, self->store_path, NULL, outbox_flushed_cb, g_object_ref (self));
}

/* A NULL-terminated view of @ids, which the caller still owns. */
static GPtrArray *
strv_view (GPtrArray *ids)
{
  GPtrArray *view = g_ptr_array_sized_new (ids->len + 1);

  g_ptr_array_extend (view, ids, NULL, NULL);
  g_ptr_array_add (view, NULL);
  return view;
}

/* Which tickets newly became overdue, 预警 or 未联系 since the supervisors
 * were last told, said once (the flags are kept in the store). */
static void
duban_session_update_attention (DubanSession *self,
                                DubanTime     replies_since)
{
  g_auto(DubanAttentionChanges) changes = { NULL, NULL, NULL };
  g_autoptr(GPtrArray) replied_ids = NULL;
  g_autoptr(GPtrArray) replied = NULL;
  DubanTime now = duban_time_now ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) overdue = NULL;
  g_autoptr(GPtrArray) warning = NULL;
  g_autoptr(GPtrArray) uncontacted = NULL;
  DubanStore *store;

  g_assert (DUBAN_IS_SESSION (self));

  if (self->tickets == NULL ||
      !(store = duban_session_get_store (self, &error)) ||
      !duban_attention_update (store, &self->policy, self->calendar, self->tickets,
                               now, &changes, &error))
    {
      if (error != NULL)
        g_warning ("Cannot work out what newly needs attention: %s", error->message);
      return;
    }

  overdue = strv_view (changes.newly_overdue);
  warning = strv_view (changes.newly_warning);
  uncontacted = strv_view (changes.newly_uncontacted);
  /* the first sync has no "before": every old reply would be news */
  replied_ids = replies_since != DUBAN_TIME_NONE
                ? duban_attention_newly_replied (self->tickets, replies_since, now)
                : g_ptr_array_new_with_free_func (g_free);
  replied = strv_view (replied_ids);
  g_signal_emit (self, signals[ATTENTION_CHANGED], 0, overdue->pdata, warning->pdata, uncontacted->pdata,
                 replied->pdata);
}

static void
sync_reloaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  DubanSession *self = DUBAN_SESSION (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  SyncData *data = g_task_get_task_data (task);

  gboolean reloaded;

  reloaded = duban_session_reload_finish (self, result, &error);
  duban_session_set_syncing (self, FALSE);

  /* A failed sync still committed the pages before the failure, which is
   * why the reload happened; its error is the one the user needs. */
  if (data->sync_error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->sync_error));
  else if (!reloaded)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      /* a good sync: say what newly needs attention, and send what waits
       * (the platform may have been unreachable when an order was issued) */
      duban_session_update_attention (self, data->replies_since);
      duban_session_flush_outbox (self);
      duban_history_keeper_refresh (self->store_path);
      g_task_return_boolean (task, TRUE);
    }
}

static void
sync_synced_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DubanFeedClient *client = DUBAN_FEED_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  DubanSession *self = g_task_get_source_object (task);
  SyncData *data = g_task_get_task_data (task);

  if (!duban_feed_client_sync_finish (client, result, &data->stats, &data->sync_error))
    g_debug ("Sync failed: %s", data->sync_error->message);

  duban_session_reload_async (self, NULL, sync_reloaded_cb, g_steal_pointer (&task));
}

static void
sync_progress_cb (const DubanSyncStats *stats,
                  gpointer              user_data)
{
  DubanSession *self = DUBAN_SESSION (user_data);

  g_signal_emit (self, signals[SYNC_PROGRESS], 0, stats);
}

void
duban_session_sync_async (DubanSession        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  SyncData *data;

  g_return_if_fail (DUBAN_IS_SESSION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, duban_session_sync_async);

  if (self->syncing)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("A sync is already running"));
      return;
    }

  if (!(url = duban_session_dup_feed_url (self)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("No platform address is set"));
      return;
    }

  /* No token is fine: a platform without one configured answers anyway,
   * and one that wants it answers 401, which the window explains. */
  token = duban_secret_lookup (url, NULL, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (SyncData, 1);
  data->client = duban_session_new_client (self, url, token);
  data->replies_since = self->last_sync;
  g_task_set_task_data (task, data, (GDestroyNotify)sync_data_free);

  duban_session_set_syncing (self, TRUE);

  duban_feed_client_sync_async (data->client, self->store_path,
                                sync_progress_cb, self,
                                cancellable,
                                sync_synced_cb, g_object_ref (task));
}

gboolean
duban_session_sync_finish (DubanSession    *self,
                           GAsyncResult    *result,
                           DubanSyncStats  *stats,
                           GError         **error)
{
  SyncData *data;

  g_return_val_if_fail (DUBAN_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == duban_session_sync_async, FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (stats != NULL)
    {
      if (data != NULL)
        *stats = data->stats;
      else
        memset (stats, 0, sizeof *stats);
    }

  return g_task_propagate_boolean (G_TASK (result), error);
}

DubanDesk *
duban_session_get_desk (DubanSession *self)
{
  g_return_val_if_fail (DUBAN_IS_SESSION (self), NULL);

  return self->desk;
}

GPtrArray *
duban_session_get_tickets (DubanSession *self)
{
  g_return_val_if_fail (DUBAN_IS_SESSION (self), NULL);

  return self->tickets;
}

DubanCalendar *
duban_session_get_calendar (DubanSession *self)
{
  g_return_val_if_fail (DUBAN_IS_SESSION (self), NULL);

  return self->calendar;
}

const DubanSlaPolicy *
duban_session_get_policy (DubanSession *self)
{
  g_return_val_if_fail (DUBAN_IS_SESSION (self), NULL);

  return &self->policy;
}

GArray *
duban_session_get_statuses (DubanSession *self)
{
  g_return_val_if_fail (DUBAN_IS_SESSION (self), NULL);

  return self->statuses;
}

DubanStore *
duban_session_get_store (DubanSession  *self,
                         GError       **error)
{
  g_return_val_if_fail (DUBAN_IS_SESSION (self), NULL);

  /* Local records (orders, notes, the audit log) are written here, on
   * the main thread: they are single rows, and the user waits for them. */
  if (self->store == NULL)
    self->store = duban_store_open (self->store_path, error);

  return self->store;
}

gboolean
duban_session_set_policy (DubanSession          *self,
                          const DubanSlaPolicy  *policy,
                          GError               **error)
{
  g_autofree char *detail = NULL;
  char warning[G_ASCII_DTOSTR_BUF_SIZE];
  DubanStore *store;

  g_return_val_if_fail (DUBAN_IS_SESSION (self), FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);

  if (!(store = duban_session_get_store (self, error)))
    return FALSE;

  g_ascii_formatd (warning, sizeof warning, "%.4g", policy->warning_fraction);
  detail = g_strdup_printf ("warning_fraction=%s weight_contact=%g weight_completion=%g weight_satisfaction=%g ranking_min_due=%g",
                            warning, policy->weight_contact, policy->weight_completion,
                            policy->weight_satisfaction, policy->ranking_min_due);

  if (!duban_store_begin (store, error))
    return FALSE;
  if (!duban_store_save_policy (store, policy, error) ||
      !duban_store_audit (store, DUBAN_AUDIT_PREFERENCE, NULL, detail, error) ||
      !duban_store_commit (store, error))
    {
      duban_store_rollback (store);
      return FALSE;
    }

  self->policy = *policy;
  /* a period's tickets were judged under the old policy */
  duban_session_drop_spans (self);
  duban_session_reevaluate (self);

  return TRUE;
}

static void
span_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DubanSession *self = g_task_get_source_object (task);
  Span *asked = g_task_get_task_data (task);
  GError *error = NULL;
  DubanDesk *desk;

  if (!(desk = duban_desk_load_finish (result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  /* kept unless a reload or a new policy came since it was asked for */
  if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "generation")) == self->span_generation)
    {
      Span *span = g_new0 (Span, 1);

      span->from = asked->from;
      span->to = asked->to;
      span->desk = g_object_ref (desk);
      g_ptr_array_add (self->spans, span);
      if (self->spans->len > N_SPANS_KEPT)
        g_ptr_array_remove_index (self->spans, 0);
    }
  g_task_return_pointer (task, desk, g_object_unref);
}

void
duban_session_load_span_async (DubanSession        *self,
                               DubanTime            from,
                               DubanTime            to,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const DubanDeskContents contents = DUBAN_DESK_TICKETS | DUBAN_DESK_REGIONS | DUBAN_DESK_ORDERS |
                                     DUBAN_DESK_REPEAT_DECISIONS;
  DubanDeskScope scope = { .open = TRUE, .from = from, .to = to, .order_tickets = TRUE };
  Span *asked;

  g_return_if_fail (DUBAN_IS_SESSION (self));
  g_return_if_fail ((from == DUBAN_TIME_NONE) == (to == DUBAN_TIME_NONE));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, duban_session_load_span_async);

  for (guint i = 0; i < self->spans->len; i++)
    {
      Span *span = g_ptr_array_index (self->spans, i);

      if (span->from == from && span->to == to)
        {
          /* the newest last: the one asked for again stays longest */
          g_ptr_array_steal_index (self->spans, i);
          g_ptr_array_add (self->spans, span);
          g_task_return_pointer (task, g_object_ref (span->desk), g_object_unref);
          return;
        }
    }

  asked = g_new0 (Span, 1);
  asked->from = from;
  asked->to = to;
  g_task_set_task_data (task, asked, (GDestroyNotify) span_free);
  g_object_set_data (G_OBJECT (task), "generation", GUINT_TO_POINTER (self->span_generation));

  if (from == DUBAN_TIME_NONE)
    duban_desk_load_async (self->store_path, DUBAN_DESK_OPEN_EXISTING, contents, duban_time_now (),
                           cancellable, span_loaded_cb, g_steal_pointer (&task));
  else
    duban_desk_load_scoped_async (self->store_path, DUBAN_DESK_OPEN_EXISTING, contents, &scope,
                                  duban_time_now (), cancellable, span_loaded_cb, g_steal_pointer (&task));
}

DubanDesk *
duban_session_load_span_finish (DubanSession  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (DUBAN_IS_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == duban_session_load_span_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
search_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  DubanDesk *desk;

  if (!(desk = duban_desk_load_finish (result, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, desk, g_object_unref);
}

void
duban_session_search_async (DubanSession        *self,
                            const char          *search,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DUBAN_IS_SESSION (self));
  g_return_if_fail (search != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, duban_session_search_async);
  /* the search's tickets only: the query shows no ticket it does not
   * find, so neither the open ones nor a period's are read again */
  duban_desk_load_search_async (self->store_path, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_TICKETS, search,
                                duban_time_now (), cancellable, search_loaded_cb, g_steal_pointer (&task));
}

DubanDesk *
duban_session_search_finish (DubanSession  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (DUBAN_IS_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == duban_session_search_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
