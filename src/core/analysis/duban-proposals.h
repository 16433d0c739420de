/* duban-proposals.h — the ladder's next step for every open ticket
 *
 * Gathers what the ladder (rules/duban-ladder.h) needs for each ticket of
 * a desk — its orders from every workstation, the desk's own not yet on
 * the platform, how many tickets and 不满意 ratings its matter has — and
 * asks it. The queue, the unit page and duban-ctl show the same steps.
 */
#pragma once

#include "duban-desk.h"
#include "duban-ladder.h"
#include "duban-orders.h"

G_BEGIN_DECLS

/* The orders a ticket carries (DubanSupervision*, oldest first): the
 * platform's, then the desk's own @local orders (DubanOrder*, any
 * ticket's; NULL for none) for this ticket that the platform does not
 * list yet, matched by client_id. NULL when there is none. */
GPtrArray  *duban_proposals_ticket_orders (const DubanTicket *ticket,
                                           GPtrArray         *local);

/* For each open ticket of @desk at @at that has a proposal or any order:
 * ticket id (char*) → DubanLadderProposal*. @statuses: the tickets'
 * states at @at, index for index (NULL: the desk's own); @matters: as
 * duban_proposals_matters() gives them for the desk's tickets (NULL:
 * worked out here); @local: the desk's own orders (DubanOrder*; NULL:
 * the desk's, when it loaded them); @dismissed: as
 * duban_ladder_load_dismissed() (NULL: the desk's). A proposal a
 * dismissal hides has proposed FALSE and dismissed TRUE. */
GHashTable *duban_proposals_compute       (DubanDesk         *desk,
                                           GArray            *statuses,
                                           const guint       *matters,
                                           GPtrArray         *local,
                                           GHashTable        *dismissed,
                                           DubanTime          at);

/* How far back the repeat groups that join a matter reach: a desk that
 * reads only some tickets reads at least those received this long
 * before the moment. */
#define DUBAN_PROPOSALS_MATTER_WINDOW (60 * DUBAN_USEC_PER_DAY)

/* What the ladder asks of a ticket's matter: how many tickets it holds
 * and how many of them were rated 不满意, at a moment. */
typedef struct {
  guint tickets;
  guint unsatisfied;
} DubanMatterCounts;

/* For each ticket of @tickets, its matter's counts at @at (a new array,
 * index for index; @matters as duban_proposals_matters() gives them). */
DubanMatterCounts *duban_proposals_matter_counts (GPtrArray   *tickets,
                                                  const guint *matters,
                                                  DubanTime    at);
/* duban_proposals_compute() with each ticket's matter counted already,
 * index for index with the desk's tickets: a desk that holds only the
 * open tickets gets the counts from the 60 days of tickets a worker
 * read, and keeps only these. */
GHashTable *duban_proposals_compute_counted (DubanDesk               *desk,
                                             GArray                  *statuses,
                                             const DubanMatterCounts *counts,
                                             GPtrArray               *local,
                                             GHashTable              *dismissed,
                                             DubanTime                at);

/* The matters of @tickets (DubanTicket*) at @at: ticket index → matter
 * number (guint), joined by the platform's repeat_of links and the
 * repeat groups of duban-repeats.h over the 60 days before @at. */
guint      *duban_proposals_matters       (GPtrArray         *tickets,
                                           DubanTime          at,
                                           guint             *n_matters);

G_END_DECLS
