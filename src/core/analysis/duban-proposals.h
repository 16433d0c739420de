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

/* The matters of @tickets (DubanTicket*) at @at: ticket index → matter
 * number (guint), joined by the platform's repeat_of links and the
 * repeat groups of duban-repeats.h over the 60 days before @at. */
guint      *duban_proposals_matters       (GPtrArray         *tickets,
                                           DubanTime          at,
                                           guint             *n_matters);

G_END_DECLS
