/* duban-ticket-row.h — one open ticket in the list */
#pragma once

#include <gtk/gtk.h>

#include "duban-ticket-object.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_TICKET_ROW (duban_ticket_row_get_type ())
G_DECLARE_FINAL_TYPE (DubanTicketRow, duban_ticket_row, DUBAN, TICKET_ROW, GtkWidget)

GtkWidget         *duban_ticket_row_new        (void);
DubanTicketObject *duban_ticket_row_get_ticket (DubanTicketRow    *self);
void               duban_ticket_row_set_ticket (DubanTicketRow    *self,
                                                DubanTicketObject *ticket);

G_END_DECLS
