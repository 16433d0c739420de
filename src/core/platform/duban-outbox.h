/* duban-outbox.h — delivering the desk's supervision orders to the platform
 *
 * Each order waits in the store's outbox until the platform acknowledges
 * it (201, or 200 for an order it already had: POST is idempotent by
 * client_id), and only then leaves it. Failures that may pass (network,
 * 408, 429, 5xx) are retried with back-off across runs and restarts. A
 * 401 means the token is wrong or expired: the run stops (every other
 * order would get the same answer), the order waits for a new token and
 * is due again at the next run. Any other answer (another 4xx, a 202 …)
 * marks the order refused, with the platform's error for a person to
 * read, and keeps it queued with back-off. Runs on a worker thread with
 * its own store connection, like the sync.
 */
#pragma once

#include "duban-feed-client.h"
#include "duban-orders.h"

G_BEGIN_DECLS

typedef struct {
  guint delivered;
  guint refused;
  guint waiting;    /* still in the outbox after this run (the refused ones included) */
  gboolean unauthorized;  /* the platform answered 401: ask for a new token */
} DubanOutboxStats;

/* An order not yet acknowledged, as `duban-ctl outbox` lists it. */
typedef struct {
  char               *client_id;
  char               *ticket_id;
  DubanOrderLevel     level;
  DubanDeliveryState  delivery;         /* pending or refused */
  gint64              attempts;
  DubanTime           next_attempt_at;  /* NONE: due now */
  char               *last_error;       /* NULL before the first try */
} DubanOutboxItem;

void       duban_outbox_item_free (DubanOutboxItem *item);
/* Every order the platform has not acknowledged, oldest first.
 * DubanOutboxItem* */
GPtrArray *duban_outbox_list      (DubanStore       *store,
                                   GError          **error);

/* Blocking. Sends every order whose next attempt is due. */
gboolean duban_outbox_flush        (DubanFeedClient   *client,
                                    const char        *store_path,
                                    DubanOutboxStats  *stats,
                                    GCancellable      *cancellable,
                                    GError           **error);
/* Blocking. Sends every order not acknowledged, due or not, retrying a
 * failure that may pass a few times with back-off, as the sync retries a
 * page (a platform that cannot be reached ends the run: the rest would
 * wait as long). For a person or a script asking "deliver now". */
gboolean duban_outbox_deliver_now  (DubanFeedClient   *client,
                                    const char        *store_path,
                                    DubanOutboxStats  *stats,
                                    GCancellable      *cancellable,
                                    GError           **error);
void     duban_outbox_flush_async  (DubanFeedClient     *client,
                                    const char          *store_path,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean duban_outbox_flush_finish (DubanFeedClient   *client,
                                    GAsyncResult      *result,
                                    DubanOutboxStats  *stats,
                                    GError           **error);

G_END_DECLS
