/* duban-ticket-object.h — one ticket and its state, as an item of a list model
 *
 * DubanTicket is a plain struct (the core walks hundreds of thousands of
 * them); list models need GObjects, so the desk wraps only the tickets it
 * shows, together with the DubanSlaStatus computed for them.
 */
#pragma once

#include <glib-object.h>

#include "duban-sla.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_TICKET_OBJECT (duban_ticket_object_get_type ())
G_DECLARE_FINAL_TYPE (DubanTicketObject, duban_ticket_object, DUBAN, TICKET_OBJECT, GObject)

/* Takes ownership of @ticket. */
DubanTicketObject    *duban_ticket_object_new          (DubanTicket             *ticket,
                                                        const DubanSlaStatus    *status);
/* Points into @tickets (DubanTicket*, e.g. duban_session_get_tickets())
 * at @index, keeping the array alive: no copy, for lists of thousands. */
DubanTicketObject    *duban_ticket_object_new_shared   (GPtrArray               *tickets,
                                                        guint                    index,
                                                        const DubanSlaStatus    *status);
/* The same ticket from a newer load: the object stays (selections and
 * rows keep following it) and emits ::changed. */
void                  duban_ticket_object_update       (DubanTicketObject       *self,
                                                        GPtrArray               *tickets,
                                                        guint                    index,
                                                        const DubanSlaStatus    *status);
const DubanTicket    *duban_ticket_object_get_ticket   (DubanTicketObject       *self);
const char           *duban_ticket_object_get_id       (DubanTicketObject       *self);
const DubanSlaStatus *duban_ticket_object_get_status   (DubanTicketObject       *self);
void                  duban_ticket_object_set_status   (DubanTicketObject       *self,
                                                        const DubanSlaStatus    *status);
/* The desk's order of attention: overdue (most late first), then warning,
 * then the rest by time left; a GCompareDataFunc for GtkCustomSorter. */
int                   duban_ticket_object_compare_urgency (gconstpointer         a,
                                                           gconstpointer         b,
                                                           gpointer              user_data);

/* The CSS class and icon that stand for a state (".state-overdue", …). */
const char           *duban_state_css_class            (DubanState               state);
const char           *duban_state_icon_name            (DubanState               state);
/* The badge of duban_sla_glance(): a missed first contact is red, with
 * its own icon, as an overdue ticket is. */
const char           *duban_glance_css_class           (DubanGlance              glance);
const char           *duban_glance_icon_name           (DubanGlance              glance);

G_END_DECLS
