/* duban-order-dialog.h — asking for a supervision order's level, note and reply deadline */
#pragma once

#include <adwaita.h>

#include "duban-session.h"

G_BEGIN_DECLS

/* Called once the dialog closes, with the number of orders saved (0 when
 * cancelled or when saving failed; the dialog said why). */
typedef void (*DubanOrderDialogDone) (gpointer user_data,
                                      guint    n_issued);

/* @ticket_ids: char*, one order each. */
void duban_order_dialog_present (GtkWindow            *parent,
                                 DubanSession         *session,
                                 GPtrArray            *ticket_ids,
                                 DubanOrderDialogDone  done,
                                 gpointer              user_data);

/* The same for one ticket, prefilled with the ladder's @proposal (its
 * level, its reason as the opinion); issuing records the proposal as
 * accepted, or edited when the level was changed (audited). */
void duban_order_dialog_present_proposal (GtkWindow                 *parent,
                                          DubanSession              *session,
                                          const char                *ticket_id,
                                          const DubanLadderProposal *proposal,
                                          DubanOrderDialogDone       done,
                                          gpointer                   user_data);

/* "YYYY-MM-DD HH:MM" in the county's civil time. */
gboolean duban_order_dialog_parse_civil (const char *text,
                                         DubanTime  *out_time);

G_END_DECLS
