/* duban-ticket-filter.h — which tickets a view shows, and as of when
 *
 * The filters that the map and the lists share: a period, a state, an
 * urgency, a category, a unit, a source, and the moment ("as of") at which
 * states are evaluated. A plain GObject of properties, so that widgets can
 * bind to it; ::changed says that the set of tickets shown changed.
 *
 * A thin wrapper of a DubanTicketQuery (core/rules) with its state
 * "any" and the backlog shown: a ticket passes when it was received in
 * the period or is still open at the moment (the backlog is never hidden
 * by the period), and it matches every other criterion that is set.
 */
#pragma once

#include <glib-object.h>

#include "duban-figures.h"
#include "duban-sla.h"
#include "duban-ticket-query.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_TICKET_FILTER (duban_ticket_filter_get_type ())
G_DECLARE_FINAL_TYPE (DubanTicketFilter, duban_ticket_filter, DUBAN, TICKET_FILTER, GObject)

DubanTicketFilter *duban_ticket_filter_new          (void);
/* An independent copy, e.g. for a worker thread. */
DubanTicketFilter *duban_ticket_filter_copy         (DubanTicketFilter    *self);

/* [start, end) */
void               duban_ticket_filter_set_period   (DubanTicketFilter    *self,
                                                     DubanTime             start,
                                                     DubanTime             end);
DubanTime          duban_ticket_filter_get_period_start (DubanTicketFilter *self);
DubanTime          duban_ticket_filter_get_period_end   (DubanTicketFilter *self);
void               duban_ticket_filter_set_as_of    (DubanTicketFilter    *self,
                                                     DubanTime             as_of);
DubanTime          duban_ticket_filter_get_as_of    (DubanTicketFilter    *self);
/* The period as the figures take it, known at "as of". */
void               duban_ticket_filter_get_figures_period (DubanTicketFilter *self,
                                                           DubanPeriod       *period);

void               duban_ticket_filter_set_state    (DubanTicketFilter    *self,
                                                     DubanQueryState      state);
DubanQueryState   duban_ticket_filter_get_state    (DubanTicketFilter    *self);
/* DUBAN_QUERY_ANY or a DubanUrgency */
void               duban_ticket_filter_set_urgency  (DubanTicketFilter    *self,
                                                     int                   urgency);
int                duban_ticket_filter_get_urgency  (DubanTicketFilter    *self);
/* DUBAN_QUERY_ANY or a DubanSource */
void               duban_ticket_filter_set_source   (DubanTicketFilter    *self,
                                                     int                   source);
int                duban_ticket_filter_get_source   (DubanTicketFilter    *self);
/* NULL: any */
void               duban_ticket_filter_set_category (DubanTicketFilter    *self,
                                                     const char           *category);
const char        *duban_ticket_filter_get_category (DubanTicketFilter    *self);
void               duban_ticket_filter_set_unit_code (DubanTicketFilter   *self,
                                                      const char          *unit_code);
const char        *duban_ticket_filter_get_unit_code (DubanTicketFilter   *self);

/* The query the filter stands for (its sort unused). */
const DubanTicketQuery *duban_ticket_filter_get_query (DubanTicketFilter *self);

/* @status: the ticket evaluated at duban_ticket_filter_get_as_of(). */
gboolean           duban_ticket_filter_matches      (DubanTicketFilter    *self,
                                                     const DubanTicket    *ticket,
                                                     const DubanSlaStatus *status);
/* The same, as a DubanTicketPredicate (duban-regions.h). */
gboolean           duban_ticket_filter_predicate    (const DubanTicket    *ticket,
                                                     const DubanSlaStatus *status,
                                                     gpointer              filter);

G_END_DECLS
