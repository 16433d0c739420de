/* duban-ticket-detail.h — every field of one ticket, its deadlines and state */
#pragma once

#include <adwaita.h>

#include "duban-session.h"
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

/* Where the local records (orders, notes, the audit log) and the linked
 * tickets come from. */
void               duban_ticket_detail_set_session (DubanTicketDetail *self,
                                                    DubanSession      *session);
/* Shows the ticket again (its records may have changed). */
void               duban_ticket_detail_refresh    (DubanTicketDetail *self);
/* Shows a stored ticket by id, open or not; FALSE when there is none. */
gboolean           duban_ticket_detail_show_ticket_id (DubanTicketDetail *self,
                                                       const char        *ticket_id);
/* Whether the petitioner of the ticket shown is unmasked. */
gboolean           duban_ticket_detail_get_revealed (DubanTicketDetail *self);
/* Writes the reveal with its reason to the audit log, then unmasks; the
 * next ticket is masked again. */
gboolean           duban_ticket_detail_reveal     (DubanTicketDetail  *self,
                                                   const char         *reason,
                                                   GError            **error);
gboolean           duban_ticket_detail_add_note   (DubanTicketDetail  *self,
                                                   const char         *body,
                                                   GError            **error);
void               duban_ticket_detail_focus_note (DubanTicketDetail *self);
/* Moves the focus into the detail, onto its first action when a ticket
 * is shown; FALSE when nothing in it can take the focus. */
gboolean           duban_ticket_detail_focus_first (DubanTicketDetail *self);

/* Masks the petitioner again after duban_ticket_detail_reveal(). */
void               duban_ticket_detail_mask         (DubanTicketDetail  *self);

G_END_DECLS
