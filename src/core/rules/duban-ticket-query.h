/* duban-ticket-query.h — which tickets a view shows, and in which order
 *
 * One query for every list of tickets: the queue, the map, a chart's
 * click. It says whether a ticket (with its status at the view's moment)
 * passes, and in which order the passing ones come. The queue's list
 * model and the map's filter are thin GObjects around it; duban-ctl may
 * use it as it is. A plain struct of fields, walked in tight loops over
 * every stored ticket.
 *
 * Which tickets (docs/sla-rules.md, "Where the contract is silent"):
 * - tickets not received yet at the moment, and cancelled ones, never
 *   pass (a cancelled one passes only a search: the search finds any
 *   ticket);
 * - the period: received in [period_start, period_end); with @backlog a
 *   ticket still open at the moment passes whenever it was received (the
 *   map: the backlog is never hidden by the period);
 * - the state; DUBAN_QUERY_STATE_OPEN (the queue's default) widens to
 *   every state while a search is set: a search looks for a ticket named
 *   in a bulletin, which is often closed;
 * - every other criterion that is set.
 *
 * The order: by the sort key, then by the order of attention
 * (duban_sla_compare_attention()), whichever way the key runs; names by
 * their Chinese reading (pinyin, through ICU, whatever the locale); and
 * a ticket whose id is the search text comes first.
 */
#pragma once

#include <glib-object.h>

#include "duban-figures.h"
#include "duban-sla.h"
#include "duban-ticket.h"

G_BEGIN_DECLS

typedef enum {
  DUBAN_QUERY_STATE_ANY,
  DUBAN_QUERY_STATE_OPEN,
  DUBAN_QUERY_STATE_OVERDUE,
  DUBAN_QUERY_STATE_WARNING,
  DUBAN_QUERY_STATE_OPEN_OK,
  DUBAN_QUERY_STATE_DONE,
  DUBAN_QUERY_STATE_CONTACT_OVERDUE,
  DUBAN_QUERY_N_STATES
} DubanQueryState;

typedef enum {
  DUBAN_QUERY_SORT_ATTENTION,   /* duban_sla_compare_attention(): the default */
  DUBAN_QUERY_SORT_ID,
  DUBAN_QUERY_SORT_TITLE,
  DUBAN_QUERY_SORT_TOWN,
  DUBAN_QUERY_SORT_UNIT,
  DUBAN_QUERY_SORT_CATEGORY,
  DUBAN_QUERY_SORT_URGENCY,
  DUBAN_QUERY_SORT_SOURCE,
  DUBAN_QUERY_SORT_DEADLINE,
  DUBAN_QUERY_SORT_RECEIVED,
  DUBAN_QUERY_SORT_RISK,        /* the probability of ending late, highest first;
                                 * no basis last: by ranks with risks only */
} DubanQuerySort;

/* Registered so that a template can name a sort key ("title", "unit"…). */
#define DUBAN_TYPE_QUERY_SORT (duban_query_sort_get_type ())
GType duban_query_sort_get_type (void) G_GNUC_CONST;

#define DUBAN_QUERY_ANY (-1)

typedef struct {
  /* which tickets */
  DubanTime        period_start; /* DUBAN_TIME_NONE: since ever */
  DubanTime        period_end;   /* exclusive; G_MAXINT64: open-ended */
  gboolean         backlog;      /* also every ticket still open, whenever received */
  gboolean         counted;      /* the period is the tickets counted in its figures
                                  * (duban_figures_ticket_counts()), as known now,
                                  * not those received in it */
  DubanQueryState  state;
  char            *town;         /* 9-digit town code, NULL: any */
  char            *unit;         /* unit code, NULL: any */
  char            *category;     /* NULL: any */
  int              urgency;      /* DubanUrgency, DUBAN_QUERY_ANY: any */
  int              source;       /* DubanSource, DUBAN_QUERY_ANY: any */
  char            *search;       /* over id, title, address, description; NULL: none */
  GHashTable      *ids;          /* char* set, NULL: any */
  int              weekday;      /* of receipt, 1–7; DUBAN_QUERY_ANY: any */
  int              hour;         /* of receipt, 0–23; DUBAN_QUERY_ANY: any */
  /* in which order */
  DubanQuerySort   sort;
  gboolean         descending;
} DubanTicketQuery;

/* Every ticket open now, in the order of attention: the queue's default. */
void     duban_ticket_query_init        (DubanTicketQuery       *query);
void     duban_ticket_query_clear       (DubanTicketQuery       *query);
void     duban_ticket_query_copy        (DubanTicketQuery       *dest,
                                         const DubanTicketQuery *src);
gboolean duban_ticket_query_equal       (const DubanTicketQuery *a,
                                         const DubanTicketQuery *b);

/* [first, last] civil days; backlog as given. */
void     duban_ticket_query_set_days    (DubanTicketQuery       *query,
                                         DubanDay                first,
                                         DubanDay                last,
                                         gboolean                backlog);
/* Sets or clears (NULL, "", blanks) the search, trimmed. */
void     duban_ticket_query_set_search  (DubanTicketQuery       *query,
                                         const char             *search);

/* Parses a spec into @query, reset first: terms joined by ';', each
 * "unit:CODE", "town:CODE", "category:供水", "urgency:urgent",
 * "source:hotline", "state:open_overdue" (also open, contact_overdue,
 * done, any), "weekday-hour:3:14", "ids:A,B", "period:2026-12-01..2026-12-02"
 * (received those days, in any state unless a state term says otherwise),
 * "counted:2026-12-01..2026-12-02" (the same for the tickets counted in
 * the figures of those days: a unit's score) or "search:text" (which
 * takes the rest of the spec, ';' included).
 * What win.show-queue-filtered is given. */
gboolean duban_ticket_query_parse       (DubanTicketQuery       *query,
                                         const char             *spec,
                                         GError                **error);

/* Whether a search finds a ticket with these fields (any may be NULL):
 * @search, a query's (trimmed, not empty: duban_ticket_query_set_search()),
 * is in one of them byte for byte, but for ASCII letters, which match in
 * either case (an id typed in lower case). The query's own test, and the
 * store's (duban-store-search.h), which reads only the tickets it finds. */
gboolean duban_ticket_search_matches    (const char             *search,
                                         const char             *id,
                                         const char             *title,
                                         const char             *address,
                                         const char             *description);

/* Does @ticket pass, @status being its status at the view's moment. */
gboolean duban_ticket_query_matches     (const DubanTicketQuery *query,
                                         const DubanTicket      *ticket,
                                         const DubanSlaStatus   *status);
/* The same, but for the state criterion: what a view's counts per
 * state are taken over. */
gboolean duban_ticket_query_matches_except_state (const DubanTicketQuery *query,
                                                  const DubanTicket      *ticket,
                                                  const DubanSlaStatus   *status);
/* The state the query asks for, DUBAN_QUERY_STATE_OPEN widened to any
 * while a search is set: duban_ticket_query_matches() is
 * duban_ticket_query_matches_except_state() and this state's
 * duban_query_state_matches(). */
DubanQueryState duban_ticket_query_get_state (const DubanTicketQuery *query);
/* The state criterion alone (DUBAN_QUERY_STATE_OPEN read as it is, not
 * widened by a search). */
gboolean duban_query_state_matches      (DubanQueryState         state,
                                         const DubanSlaStatus   *status);

/* Appends to @indices (guint) every ticket that passes, in array order,
 * and with @counts, per DubanQueryState, the tickets that pass every
 * criterion but the state one: a view's one walk over every ticket. */
void     duban_ticket_query_select      (const DubanTicketQuery *query,
                                         GPtrArray              *tickets,
                                         GArray                 *statuses,
                                         GArray                 *indices,
                                         guint                   counts[DUBAN_QUERY_N_STATES]);

/* Sorts @indices (guint, into @tickets and its parallel @statuses of
 * DubanSlaStatus) in the query's order. */
void     duban_ticket_query_sort        (const DubanTicketQuery *query,
                                         GPtrArray              *tickets,
                                         GArray                 *statuses,
                                         GArray                 *indices);

/* What makes a re-sort an integer sort: per ticket of one array, the
 * rank of its id and, with @names, of its title, unit name and category
 * by duban_name_collate_key() (equal keys, equal ranks). Computed once
 * when the tickets are loaded, not per comparison: the ids in O(n) when
 * the array is in id order (as the store reads it), the names through
 * ICU once per distinct name — the cost of a load, which a caller may
 * pay on a worker thread. Immutable once made: shared across threads. */
typedef struct _DubanTicketRanks DubanTicketRanks;

DubanTicketRanks *duban_ticket_ranks_new         (GPtrArray              *tickets,
                                                  gboolean                names);
DubanTicketRanks *duban_ticket_ranks_ref         (DubanTicketRanks       *ranks);
void              duban_ticket_ranks_unref       (DubanTicketRanks       *ranks);
GPtrArray        *duban_ticket_ranks_get_tickets (const DubanTicketRanks *ranks);
/* The risk order (DUBAN_QUERY_SORT_RISK): new ranks, sharing @ranks'
 * keys, with per ticket of its array the probability that it ends late
 * (@p_late, index for index, copied; negative: no basis; NULL: the
 * ranks without risks). The risks are
 * worked out elsewhere (analysis/duban-late-risk.c, which rules does not
 * know) and change every few minutes, the names only with a load: this
 * costs one pass over the tickets, not the names' ICU keys. Without
 * risks every ticket ties in the risk order (the order of attention),
 * as in duban_ticket_query_sort(), which has no ranks. */
DubanTicketRanks *duban_ticket_ranks_new_with_risks (DubanTicketRanks     *ranks,
                                                     const double         *p_late);
gboolean          duban_ticket_ranks_has_risks   (const DubanTicketRanks *ranks);
gboolean          duban_ticket_ranks_has_names   (const DubanTicketRanks *ranks);
/* Whether the query's order is by a name (then it wants ranks with names). */
gboolean          duban_ticket_query_sort_needs_names (const DubanTicketQuery *query);
/* The order of duban_ticket_query_sort() (the same, position for
 * position), by @ranks made over @tickets; a name order with ranks
 * without names falls back to duban_ticket_query_sort(). */
void              duban_ticket_query_sort_ranked (const DubanTicketQuery *query,
                                                  GPtrArray              *tickets,
                                                  GArray                 *statuses,
                                                  const DubanTicketRanks *ranks,
                                                  GArray                 *indices);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanTicketRanks, duban_ticket_ranks_unref)

/* The key a name sorts by: its pinyin reading for Han text (ICU's
 * Chinese collation, so the order does not depend on the locale the desk
 * runs in). Compare keys with strcmp(). */
char    *duban_name_collate_key         (const char             *name);

/* The civil weekday (1 = Monday) and hour of an instant, as the
 * weekday-hour criterion reads received_at. */
void     duban_query_weekday_hour       (DubanTime               time,
                                         int                    *weekday,
                                         int                    *hour);

G_END_DECLS
