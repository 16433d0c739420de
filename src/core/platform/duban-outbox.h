/* duban-outbox.h — delivering the desk's supervision orders to the platform
 *
 * Each order waits in the store's outbox until the platform acknowledges
 * it (201, or 200 for an order it already had: POST is idempotent by
 * client_id). Failures that may pass (network, 429, 502–504) are retried
 * with back-off across runs and restarts; a refusal (another 4xx) marks
 * the order refused for a person to look at. Runs on a worker thread with
 * its own store connection, like the sync.
 */
#pragma once

#include "duban-feed-client.h"

G_BEGIN_DECLS

typedef struct {
  guint delivered;
  guint refused;
  guint waiting;    /* still in the outbox after this run */
} DubanOutboxStats;

/* Blocking. Sends every order whose next attempt is due. */
gboolean duban_outbox_flush        (DubanFeedClient   *client,
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
