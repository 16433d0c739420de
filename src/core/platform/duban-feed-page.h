/* duban-feed-page.h — a page from the platform, cut into its records
 *
 * The page is read once, by a streaming parser that sees what a tree
 * parser hides: each record's own bytes, each string's true length (a
 * \u0000 included) and each record's own nesting depth. A record that
 * breaks a limit is marked with the reason and goes to quarantine alone;
 * only a page that cannot be read at all fails.
 */
#pragma once

#include <glib.h>

#include "duban-json-tokens.h"

G_BEGIN_DECLS

typedef enum {
  /* {"tickets": [...], "deleted_ids": [...], "next_page_token", "sync_token", "server_time"} */
  DUBAN_FEED_PAGE_TICKETS,
  /* Open311 GeoReport v2: a bare array of requests */
  DUBAN_FEED_PAGE_OPEN311,
} DubanFeedPageKind;

typedef struct {
  gsize  offset;      /* into the page's bytes */
  gsize  length;
  char  *id;          /* the record's id as sent, control characters shown as \uXXXX; or NULL */
  gboolean id_valid;  /* the id is one a ticket may have (duban_ticket_id_is_valid) */
  char  *problem;     /* why the record cannot be read on its own, or NULL */
  guint  token;       /* the record's value in the page's tokens */
} DubanFeedRecord;

typedef struct {
  const char *text;          /* the page's bytes, borrowed */
  gsize       length;
  GArray     *records;       /* of DubanFeedRecord */
  /* every record's values, written while the page was read, so that a
   * record is validated without being parsed again
   * (duban_ticket_new_from_tokens) */
  DubanJsonTokens *tokens;

  /* DUBAN_FEED_PAGE_TICKETS only */
  gboolean    has_tickets;
  gboolean    has_next;      /* next_page_token is present and not null */
  char       *next_page_token;
  char       *sync_token;
  char       *server_time;
  GPtrArray  *deleted_ids;   /* the valid ids only; see deleted_invalid */
  guint       deleted_invalid;
  char       *envelope_problem;  /* a member of the page has the wrong type */
} DubanFeedPage;

/* Deeper than this a record is not read (json-glib recurses); a ticket
 * is four levels deep. */
#define DUBAN_FEED_RECORD_MAX_DEPTH 64

DubanFeedPage *duban_feed_page_read (const char         *text,
                                     gsize               length,
                                     DubanFeedPageKind   kind,
                                     GError            **error);
void           duban_feed_page_free (DubanFeedPage      *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanFeedPage, duban_feed_page_free)

G_END_DECLS
