/* duban-feed-client.h — reading the platform (docs/feed-api.md) into the store
 *
 * A sync follows next_page_token to the end; each page is one transaction,
 * and the sync token advances only after the last page commits. Invalid
 * tickets go to quarantine and never abort a sync. The network and the
 * database work run on a worker thread with its own store connection;
 * results come back on the caller's main context.
 */
#pragma once

#include <gio/gio.h>
#include "duban-calendar.h"

G_BEGIN_DECLS

#define DUBAN_FEED_ERROR (duban_feed_error_quark ())
GQuark duban_feed_error_quark (void);

typedef enum {
  DUBAN_FEED_ERROR_HTTP,          /* a non-2xx answer; message from its error body */
  DUBAN_FEED_ERROR_UNAUTHORIZED,  /* 401: the token is missing or wrong */
  DUBAN_FEED_ERROR_GONE,          /* 410: sync token expired */
  DUBAN_FEED_ERROR_MALFORMED,     /* a page that is not the contract's JSON */
  DUBAN_FEED_ERROR_NETWORK,
} DubanFeedError;

typedef struct {
  guint   pages;
  guint   inserted;
  guint   updated;
  guint   unchanged;   /* older or equal copies the store already had */
  guint   deleted;
  guint   quarantined;
  gboolean full;       /* a full sync (no token, or after 410) */
  guint   tickets;     /* ticket records received so far, valid or not */
  guint   retries;     /* requests sent again after a failure that may pass */
} DubanSyncStats;

/* Called on the caller's main context after each committed page. */
typedef void (*DubanSyncProgress) (const DubanSyncStats *stats,
                                   gpointer              user_data);

#define DUBAN_TYPE_FEED_CLIENT (duban_feed_client_get_type ())
G_DECLARE_FINAL_TYPE (DubanFeedClient, duban_feed_client, DUBAN, FEED_CLIENT, GObject)

DubanFeedClient *duban_feed_client_new        (const char       *base_url);
void             duban_feed_client_set_token  (DubanFeedClient  *self,
                                               const char       *token);
void             duban_feed_client_set_open311 (DubanFeedClient *self,
                                                gboolean         open311);
void             duban_feed_client_set_page_size (DubanFeedClient *self,
                                                  guint            limit);
/* How long one request may take, answer included (default 60 s). */
void             duban_feed_client_set_timeout   (DubanFeedClient *self,
                                                  guint            seconds);
/* The intranet's own certificate authority (PEM), trusted instead of the
 * system's. Verification itself is always on: there is deliberately no
 * way to turn it off. NULL: the system's trust store. */
void             duban_feed_client_set_ca_file (DubanFeedClient *self,
                                                const char      *ca_file);
const char      *duban_feed_client_get_base_url (DubanFeedClient *self);

/* One request with a JSON body to base URL + @path, no retries: the
 * caller (the outbox) spaces its attempts across runs. Returns the HTTP
 * status, or 0 with @error set when the platform could not be reached.
 * *@retry_after_seconds is the answer's Retry-After (-1 when absent);
 * *@error_message the message of the answer's error body, if any. */
guint            duban_feed_client_send_json  (DubanFeedClient  *self,
                                               const char       *method,
                                               const char       *path,
                                               const char       *payload,
                                               gint64           *retry_after_seconds,
                                               char            **error_message,
                                               GCancellable     *cancellable,
                                               GError          **error);

/* Blocking; for worker threads and duban-ctl. */
gboolean         duban_feed_client_sync       (DubanFeedClient  *self,
                                               const char       *store_path,
                                               DubanSyncStats   *stats,
                                               DubanSyncProgress progress,
                                               gpointer          progress_data,
                                               GCancellable     *cancellable,
                                               GError          **error);

void             duban_feed_client_sync_async  (DubanFeedClient    *self,
                                                const char         *store_path,
                                                DubanSyncProgress   progress,
                                                gpointer            progress_data,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
gboolean         duban_feed_client_sync_finish (DubanFeedClient    *self,
                                                GAsyncResult       *result,
                                                DubanSyncStats     *stats,
                                                GError            **error);


G_END_DECLS
