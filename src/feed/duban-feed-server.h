/* duban-feed-server.h — the reference ticket platform (docs/feed-api.md)
 *
 * A real HTTP server (SoupServer on 127.0.0.1) over a generated county.
 * Request handlers run on the thread-default main context of the thread
 * that called duban_feed_server_listen(): a client in the same thread
 * must be asynchronous (or run on a worker thread, as the desk's feed
 * client does), or the two deadlock.
 *
 * URL layout, under http://127.0.0.1:PORT:
 *   GET  /api/v1/tickets                     sync (sync_token, page_token, limit)
 *   GET  /api/v1/regions                     GeoJSON FeatureCollection
 *   GET  /api/v1/units
 *   GET  /api/v1/calendar?year=YYYY
 *   POST /api/v1/tickets/{id}/supervisions
 *   GET  /open311/requests.json              Open311 endpoint = http://127.0.0.1:PORT/open311
 *   GET  /open311/services.json
 */
#pragma once

#include <glib-object.h>
#include "duban-sla.h"
#include "duban-ticket.h"

G_BEGIN_DECLS

#define DUBAN_FEED_DEFAULT_SEED       20221117u   /* the day 蒜都民生 made the news */
#define DUBAN_FEED_DEFAULT_TICKETS    2000u
#define DUBAN_FEED_DEFAULT_PAGE_SIZE  500u
#define DUBAN_FEED_MAX_PAGE_SIZE      1000u

/* Faults the platform injects, for tests: each a probability per
 * request (expire: per incremental sync started with a sync token;
 * invalid: a share of generated and live tickets that are invalid). */
typedef struct {
  double server_error;   /* 502/503/504 with an error body */
  double too_many;       /* 429 with Retry-After */
  double slow;           /* the answer waits 0.5–2 s */
  double cut;            /* 200 whose body stops mid-JSON */
  double invalid;
  double expire;         /* 410 for a sync token */
  guint32 seed;          /* which requests fail: the same seed, the same faults */
} DubanFeedFaults;

/* "5xx=0.05,429=0.05,slow=0.02,cut=0.02,invalid=0.01,expire=0.1" */
gboolean     duban_feed_faults_parse        (const char             *spec,
                                             DubanFeedFaults        *out,
                                             GError                **error);

typedef struct {
  guint32     seed;
  guint       n_tickets;
  DubanTime   now;          /* DUBAN_TIME_NONE: the real time, and a live server_time */
  const char *token;        /* NULL: no authentication */
  guint       n_invalid;    /* invalid raw ticket objects mixed into the feed */
  guint       page_size;    /* the default `limit` */
  DubanFeedFaults faults;   /* all zero: a well-behaved platform */
  gboolean    live;         /* tickets keep arriving and changing */
  gboolean    plant;        /* plant hotspots, repeats and slow units (DubanCountyParams) */
} DubanFeedOptions;

void         duban_feed_options_init        (DubanFeedOptions       *options);

#define DUBAN_TYPE_FEED_SERVER (duban_feed_server_get_type ())
G_DECLARE_FINAL_TYPE (DubanFeedServer, duban_feed_server, DUBAN, FEED_SERVER, GObject)

DubanFeedServer *duban_feed_server_new      (const DubanFeedOptions *options,
                                             GError                **error);
/* 127.0.0.1 only; port 0 picks a free one. */
gboolean     duban_feed_server_listen       (DubanFeedServer        *self,
                                             guint                   port,
                                             GError                **error);
guint        duban_feed_server_get_port     (DubanFeedServer        *self);
/* "http://127.0.0.1:PORT"; free with g_free(). */
char        *duban_feed_server_get_url      (DubanFeedServer        *self);
/* Live entries in the feed, invalid raw objects included. */
guint        duban_feed_server_get_n_tickets (DubanFeedServer       *self);
/* The moment the county was generated for (the pinned or the start time). */
DubanTime    duban_feed_server_get_now      (DubanFeedServer        *self);

/* Mutations for tests; each is a new change in the sequence. */
void         duban_feed_server_put_ticket   (DubanFeedServer        *self,
                                             const DubanTicket      *ticket);
/* @raw_json is served verbatim: text that is not JSON at all makes the
 * page that carries it malformed, which is how a client's handling of a
 * broken page is tested. With an id, replaces the entry with that id. */
void         duban_feed_server_put_raw      (DubanFeedServer        *self,
                                             const char             *id_or_null,
                                             const char             *raw_json);
gboolean     duban_feed_server_delete_ticket (DubanFeedServer       *self,
                                             const char             *id);
/* A copy, or NULL when unknown, deleted or not a valid ticket. */
DubanTicket *duban_feed_server_get_ticket   (DubanFeedServer        *self,
                                             const char             *id);

/* Ids of all live entries, sorted; char*, free the array. */
GPtrArray   *duban_feed_server_list_ids     (DubanFeedServer        *self);
/* Ids of the valid live tickets in @state at the server's "now" as the
 * core's SLA rules see it (default policy, bundled calendar), sorted —
 * how a test finds a known overdue ticket. */
GPtrArray   *duban_feed_server_list_ids_in_state (DubanFeedServer   *self,
                                                  DubanState         state);

/* Faults can be turned on and off while serving (a test syncs cleanly,
 * then with faults). */
void         duban_feed_server_set_faults   (DubanFeedServer        *self,
                                             const DubanFeedFaults  *faults);
/* One step of --live: the units answer the orders whose answer is due
 * (a few steps after receipt; one unit in four only after the reply
 * deadline), then @n tickets arrive, change or are withdrawn now.
 * Returns the number of changes made: the answers, and @n unless the
 * county has too few open tickets left (tests call it directly;
 * duban-feed on SIGUSR1). */
guint        duban_feed_server_live_step    (DubanFeedServer        *self,
                                             guint                   n);

/* Orders received with @client_id (0 or 1), or all orders for NULL. */
guint        duban_feed_server_count_supervisions (DubanFeedServer  *self,
                                                   const char       *client_id);

G_END_DECLS
