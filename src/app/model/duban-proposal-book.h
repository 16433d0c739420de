/* duban-proposal-book.h — the ladder's proposals as of the session's last evaluation
 *
 * The session keeps one: the queue's column, the order dialog and the
 * unit page read the next step for a ticket from it rather than each
 * asking the ladder again. No widgets.
 */
#pragma once

#include <glib-object.h>

#include "duban-desk.h"
#include "duban-ladder.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_PROPOSAL_BOOK (duban_proposal_book_get_type ())
G_DECLARE_FINAL_TYPE (DubanProposalBook, duban_proposal_book, DUBAN, PROPOSAL_BOOK, GObject)

DubanProposalBook         *duban_proposal_book_new     (void);
/* Works the proposals out again for @desk's tickets at @statuses (now),
 * with the local orders and dismissals read from @store (the main
 * thread's connection; NULL: the desk's as loaded). The matters are
 * worked out here only when @desk is neither the one of the last update
 * nor one prepared. */
void                       duban_proposal_book_update  (DubanProposalBook *self,
                                                        DubanDesk         *desk,
                                                        GArray            *statuses,
                                                        DubanStore        *store);
/* Works out the matters of @desk's tickets on a worker thread: the
 * repeat groups cost seconds in a large county, and a reload must not
 * stop the window for them. A later update for @desk uses them. A desk
 * that holds only some tickets (the open ones) has its matters worked
 * out over the tickets of the 60 days before now, resolved ones
 * included, and those its tickets link to, read from @store_path on the
 * worker; only each ticket's matter counts are kept, not those tickets. */
void                       duban_proposal_book_prepare_async  (DubanProposalBook   *self,
                                                               DubanDesk           *desk,
                                                               const char          *store_path,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean                   duban_proposal_book_prepare_finish (DubanProposalBook   *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
/* NULL when the ticket has neither a proposal nor any order. */
const DubanLadderProposal *duban_proposal_book_lookup  (DubanProposalBook *self,
                                                        const char        *ticket_id);

G_END_DECLS
