/* duban-proposal-button.h — the ladder's next step for one ticket, to accept or dismiss */
#pragma once

#include <gtk/gtk.h>

#include "duban-session.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_PROPOSAL_BUTTON (duban_proposal_button_get_type ())
G_DECLARE_FINAL_TYPE (DubanProposalButton, duban_proposal_button, DUBAN, PROPOSAL_BUTTON, GtkWidget)

GtkWidget  *duban_proposal_button_new        (void);
/* Shows the session's proposal for @ticket_id (nothing when there is
 * none); NULL @session clears it. */
void        duban_proposal_button_set_ticket (DubanProposalButton *self,
                                              DubanSession        *session,
                                              const char          *ticket_id);
/* What the button says ("黄牌"), "" when there is no proposal. */
const char *duban_proposal_button_get_label  (DubanProposalButton *self);
/* What its popover's buttons do, for keyboard users and tests. */
void        duban_proposal_button_accept     (DubanProposalButton *self);
gboolean    duban_proposal_button_dismiss    (DubanProposalButton *self,
                                              GError             **error);

G_END_DECLS
