/* duban-ticket-detail.h — every field of one ticket, its deadlines and state */
#pragma once

#include <adwaita.h>

#include "duban-ticket-object.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_TICKET_DETAIL (duban_ticket_detail_get_type ())
G_DECLARE_FINAL_TYPE (DubanTicketDetail, duban_ticket_detail, DUBAN, TICKET_DETAIL, AdwBin)

GtkWidget         *duban_ticket_detail_new        (void);
DubanTicketObject *duban_ticket_detail_get_ticket (DubanTicketDetail *self);
/* NULL shows the "nothing selected" page. */
void               duban_ticket_detail_set_ticket (DubanTicketDetail *self,
                                                   DubanTicketObject *ticket);
/* The ticket number as displayed (for tests and accessibility checks). */
const char        *duban_ticket_detail_get_displayed_id (DubanTicketDetail *self);

G_END_DECLS
