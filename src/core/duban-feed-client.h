/* duban-feed-client.h — reading the platform (feed-api.md) into the store
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

/* Reads a token file: the first line, trimmed. The file must not be
 * readable by others (refused with a clear error otherwise). */
char            *duban_read_token_file         (const char  *path,
                                                GError     **error);

G_END_DECLS
