/* duban-ticket-filter.h — which tickets a view shows, and as of when
 *
 * The filters that the map and the lists share: a period, a state, an
 * urgency, a category, a unit, a source, and the moment ("as of") at which
 * states are evaluated. A plain GObject of properties, so that widgets can
 * bind to it; ::changed says that the set of tickets shown changed.
 *
 * A ticket passes when it was received in the period or is still open at
 * the moment (the backlog is never hidden by the period), and it matches
 * every other criterion that is set.
 */
#pragma once

#include <glib-object.h>

#include "duban-figures.h"
#include "duban-sla.h"

G_BEGIN_DECLS

typedef enum {
  DUBAN_FILTER_STATE_ANY,
  DUBAN_FILTER_STATE_OPEN,
  DUBAN_FILTER_STATE_OVERDUE,
  DUBAN_FILTER_STATE_WARNING,
  DUBAN_FILTER_STATE_OPEN_OK,
  DUBAN_FILTER_STATE_DONE,
} DubanFilterState;

#define DUBAN_FILTER_ANY (-1)

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
                                                     DubanFilterState      state);
DubanFilterState   duban_ticket_filter_get_state    (DubanTicketFilter    *self);
/* DUBAN_FILTER_ANY or a DubanUrgency */
void               duban_ticket_filter_set_urgency  (DubanTicketFilter    *self,
                                                     int                   urgency);
int                duban_ticket_filter_get_urgency  (DubanTicketFilter    *self);
/* DUBAN_FILTER_ANY or a DubanSource */
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

/* @status: the ticket evaluated at duban_ticket_filter_get_as_of(). */
gboolean           duban_ticket_filter_matches      (DubanTicketFilter    *self,
                                                     const DubanTicket    *ticket,
                                                     const DubanSlaStatus *status);
/* The same, as a DubanTicketPredicate (duban-regions.h). */
gboolean           duban_ticket_filter_predicate    (const DubanTicket    *ticket,
                                                     const DubanSlaStatus *status,
                                                     gpointer              filter);

G_END_DECLS
