/* duban-queue-model.h — the tickets in the queue, filtered and sorted
 *
 * Which tickets and in which order is a DubanTicketQuery (core/rules):
 * this is only the list model around it.
 *
 * A GListModel of DubanTicketObject over the session's array of every
 * stored ticket and their statuses, that keeps only an array of indices:
 * filtering and sorting work on that array, and an item object is made
 * only when a position is asked for (the rows on screen, the selection).
 * An object, once made, is the ticket's for as long as something holds
 * it; a newer load updates it in place, so rows, the selection and the
 * scroll position follow their tickets across syncs.
 */
#pragma once

#include <gio/gio.h>

#include "duban-risk-book.h"
#include "duban-sla.h"
#include "duban-ticket-query.h"
#include "duban-ticket-object.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_QUEUE_MODEL (duban_queue_model_get_type ())
G_DECLARE_FINAL_TYPE (DubanQueueModel, duban_queue_model, DUBAN, QUEUE_MODEL, GObject)

DubanQueueModel        *duban_queue_model_new          (void);
/* @tickets: DubanTicket*; @statuses: DubanSlaStatus, one per ticket. Both
 * are referenced, not copied, and must not change afterwards. */
void                    duban_queue_model_set_tickets  (DubanQueueModel        *self,
                                                        GPtrArray              *tickets,
                                                        GArray                 *statuses);
/* The query's filter; its sort is left as it was (the column view's). */
void                    duban_queue_model_set_filter   (DubanQueueModel        *self,
                                                        const DubanTicketQuery *query);
const DubanTicketQuery *duban_queue_model_get_query    (DubanQueueModel        *self);
void                    duban_queue_model_set_sort     (DubanQueueModel        *self,
                                                        DubanQuerySort          sort,
                                                        gboolean                descending);
/* The risks the risk order (DUBAN_QUERY_SORT_RISK) is by: id →
 * DubanTicketRisk*, never changed once given (duban_risk_book_get_risks()),
 * referenced; NULL: none, every ticket ties. One lookup per ticket
 * loaded, and a re-sort if the view is in the risk order: at once for
 * a small load, on a worker for one as large as "sync-limit" (the old
 * view kept, "pending" meanwhile). */
void                    duban_queue_model_set_risks    (DubanQueueModel        *self,
                                                        GHashTable             *risks);
/* The risk of a ticket as the order has it; NULL: none. */
const DubanTicketRisk  *duban_queue_model_lookup_risk  (DubanQueueModel        *self,
                                                        const char             *ticket_id);
/* Per DubanQueryState, over the tickets that pass every criterion but
 * the state one. */
void                    duban_queue_model_get_counts   (DubanQueueModel        *self,
                                                        guint                   counts[DUBAN_QUERY_N_STATES]);
/* Whether the view is still an older one while the one last asked for
 * is being made off the main thread ("pending" notifies when it is in). */
gboolean                duban_queue_model_get_pending  (DubanQueueModel        *self);
/* A load (set_tickets) of fewer tickets is made at once; a larger one on
 * a worker, the old view kept meanwhile ("sync-limit", 8,000 by
 * default; 0: always on a worker). */
void                    duban_queue_model_set_sync_limit (DubanQueueModel      *self,
                                                          guint                 sync_limit);
/* G_MAXUINT when not in the list. */
guint                   duban_queue_model_find         (DubanQueueModel        *self,
                                                        const char             *ticket_id);
/* The ticket at @position without making an object. */
const DubanTicket      *duban_queue_model_peek_ticket  (DubanQueueModel        *self,
                                                        guint                   position);
const DubanSlaStatus   *duban_queue_model_peek_status  (DubanQueueModel        *self,
                                                        guint                   position);

G_END_DECLS
