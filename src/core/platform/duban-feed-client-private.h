/* duban-feed-client-private.h — one class, several files
 *
 * DubanFeedClient is the object and its outbox request
 * (duban-feed-client.c), its HTTP with one deadline per request
 * (duban-feed-client-http.c) and one sync (duban-feed-client-sync.c);
 * this is what they share. Never for anything outside the class.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "duban-feed-client.h"
#include "duban-feed-page.h"
#include "duban-store.h"

G_BEGIN_DECLS

/* A page of 1000 tickets is about 1.5 MB; anything past this is not a
 * page of the contract, and reading it whole could exhaust memory. */
#define MAX_RESPONSE_BYTES (64 * 1024 * 1024)
#define MAX_ATTEMPTS 6
/* One request, every try and every wait between them included: a
 * platform that is unreachable or silent is reported within a minute. */
#define REQUEST_TIMEOUT_SECONDS 60
/* json-glib parses recursively: an error body nested a hundred thousand
 * deep would overflow the stack. Pages are cut by duban-feed-page.c,
 * which does not recurse. */
#define MAX_JSON_DEPTH 64
/* The page's server_time is the authority on "now": a ticket time after
 * it is not plausible. The platform's database and its web servers may
 * disagree by a little (NTP keeps them within seconds; five minutes is
 * what Kerberos tolerates), and a ticket written while the page was being
 * built may be stamped just after it. */
#define SERVER_TIME_SKEW (300 * DUBAN_USEC_PER_SECOND)
/* Without a server_time (Open311, or a platform that omits it) the
 * workstation's clock is all there is; a day covers a clock that is
 * somewhat off, not one days behind. */
#define MAX_FUTURE_SKEW (24 * DUBAN_USEC_PER_HOUR)
/* A page token seen before in the same sync is a loop. A platform that
 * hands out fresh tokens over the same tickets loops too, so the sync
 * also stops after this many pages in a row with no ticket it had not
 * seen in this sync, no change and no deletion. A live platform whose
 * keyset paging repeats a boundary ticket that changed mid-sync repeats
 * it on one page; an empty page or two can follow a filter on the
 * platform's side. Five in a row is no longer either, and costs five
 * requests, seconds at most. */
#define MAX_IDLE_PAGES 5
/* A body cut off mid-JSON is usually a dropped connection or a proxy's
 * doing, so it is fetched again; but a platform that always answers
 * garbage must fail soon, not after minutes of back-off. */
#define MAX_MALFORMED_ATTEMPTS 3
/* GeoReport servers commonly refuse or truncate wider date ranges. */
#define OPEN311_WINDOW_DAYS 90
#define OPEN311_HISTORY_DAYS 366

struct _DubanFeedClient
{
  GObject   parent_instance;

  char     *base_url;
  char     *token;
  char     *ca_file;
  guint     page_size;
  guint     timeout_seconds;
  gboolean  open311;
};

/* A thread that cancels the request under way when its deadline passes
 * (duban-feed-client-http.c). */
typedef struct _DubanFeedWatchdog DubanFeedWatchdog;

DubanFeedWatchdog *duban_feed_watchdog_new          (void);
void               duban_feed_watchdog_free         (DubanFeedWatchdog *dog);

SoupSession       *duban_feed_client_create_session (DubanFeedClient    *self,
                                                     GError            **error);
void               duban_feed_client_set_tls_error  (DubanFeedClient    *self,
                                                     GError            **error,
                                                     const GError       *tls_error);
/* GET @url with retries, within the client's deadline; the body of a 2xx
 * answer, or NULL with @error (and *@status set when one came). */
GBytes            *duban_feed_client_http_get       (DubanFeedClient    *self,
                                                     SoupSession        *session,
                                                     DubanFeedWatchdog  *dog,
                                                     const char         *url,
                                                     guint              *status,
                                                     guint              *retries,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
/* The message of an answer's error body, or NULL. */
char              *duban_feed_error_body_message    (GBytes             *body);
/* At most MAX_RESPONSE_BYTES of @stream, within @timeout_seconds. */
GBytes            *duban_feed_read_capped           (GInputStream       *stream,
                                                     guint               timeout_seconds,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
/* FALSE when cancelled first. */
gboolean           duban_feed_sleep_cancellable     (gint64             usec,
                                                     GCancellable       *cancellable);

/* ---- pages (duban-feed-client-pages.c) ---- */

/* An answer's bytes and the page cut from them: the records of a batch
 * read from it borrow its bytes. */
typedef struct {
  GBytes        *body;
  DubanFeedPage *page;
} DubanFeedAnswer;

void               duban_feed_answer_clear          (DubanFeedAnswer    *answer);
/* GET and cut into records, fetching again an answer cut off mid-JSON. */
gboolean           duban_feed_client_get_page       (DubanFeedClient    *self,
                                                     SoupSession        *session,
                                                     DubanFeedWatchdog  *dog,
                                                     const char         *url,
                                                     DubanFeedPageKind   kind,
                                                     DubanFeedAnswer    *answer,
                                                     guint              *retries,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
/* base + path + ?name=value&… with values escaped; NULL values left out */
char              *duban_feed_client_api_url        (DubanFeedClient    *self,
                                                     const char         *path,
                                                     const char         *first_param,
                                                     ...);
/* A page's records, each validated on its own, read into a batch for
 * the store. */
DubanSyncBatch    *duban_feed_page_read_batch       (const DubanFeedPage *page,
                                                     gboolean             open311,
                                                     DubanTime            received_at);

/* A sync's ticket pages, read on a thread of their own one page ahead of
 * the store. */
typedef struct _DubanPageReader DubanPageReader;

typedef struct {
  DubanFeedAnswer  answer;
  DubanSyncBatch  *batch;           /* the page read; NULL with @error */
  GError          *error;
  guint            retries;         /* requests sent again for it */
  gboolean         brings_tickets;  /* a ticket new to this sync, or changed since */
} DubanReadPage;

void               duban_read_page_free             (DubanReadPage      *page);
/* NULL @sync_token: a full sync. */
DubanPageReader   *duban_page_reader_start          (DubanFeedClient    *client,
                                                     const char         *sync_token,
                                                     GCancellable       *cancellable);
/* The next page, in order; the last is one with an error or with the
 * batch's sync_token. */
DubanReadPage     *duban_page_reader_next           (DubanPageReader    *reader);
/* After a page that brought no ticket: the store found it did bring
 * something (a deletion), or the sync goes on all the same. */
void               duban_page_reader_go_on          (DubanPageReader    *reader);
/* Cancels what is under way and waits for the reader. */
void               duban_page_reader_stop           (DubanPageReader    *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanReadPage, duban_read_page_free)

G_END_DECLS
