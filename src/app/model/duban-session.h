/* duban-session.h — the desk's model: one store, its open tickets, syncing, the outbox
 *
 * Apart from the windows so that a window is only a view of it, tests can
 * drive it without a display, and the later views (map, queue, reports)
 * share one loaded set of tickets.
 */
#pragma once

#include <gio/gio.h>

#include "duban-desk.h"
#include "duban-feed-client.h"
#include "duban-ladder-decisions.h"
#include "duban-orders.h"
#include "duban-sla.h"
#include "duban-store.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_SESSION (duban_session_get_type ())
G_DECLARE_FINAL_TYPE (DubanSession, duban_session, DUBAN, SESSION, GObject)

/* NULL @store_path: duban_store_default_path(). */
DubanSession *duban_session_new                  (const char           *store_path);
const char   *duban_session_get_store_path       (DubanSession         *self);
gboolean      duban_session_get_loaded           (DubanSession         *self);
gboolean      duban_session_get_loading          (DubanSession         *self);
gboolean      duban_session_get_syncing          (DubanSession         *self);
gint64        duban_session_get_ticket_count     (DubanSession         *self);
gint64        duban_session_get_quarantine_count (DubanSession         *self);
/* DUBAN_TIME_NONE when the store was never synced. */
DubanTime     duban_session_get_last_sync        (DubanSession         *self);
char         *duban_session_dup_feed_url         (DubanSession         *self);
/* Since when the platform has not answered (the sync's record in the
 * store), or DUBAN_TIME_NONE when the last attempt reached it. */
DubanTime     duban_session_get_offline_since    (DubanSession         *self);
/* The ticket with this id, or NULL: one of duban_session_get_tickets(),
 * or else read from the store (a resolved ticket's detail, a repeat_of)
 * and kept until the next reload. */
const DubanTicket *duban_session_lookup_ticket   (DubanSession         *self,
                                                  const char           *ticket_id);

/* What the last reload read (DubanDesk: the calendar, the policy, the
 * names of areas and units, the tickets); NULL before the first. Pages
 * read the tickets and names from it rather than opening the store. */
DubanDesk            *duban_session_get_desk     (DubanSession *self);
/* The tickets open at the last reload and those the orders name, as of
 * the last reload, ordered by id; NULL before the first. Not every
 * stored ticket: a page that shows a period asks for its tickets
 * (duban_session_load_span_async()). Read-only, owned by the session,
 * replaced on each reload (::reloaded): take a reference to keep it. */
GPtrArray            *duban_session_get_tickets  (DubanSession *self);
DubanCalendar        *duban_session_get_calendar (DubanSession *self);
const DubanSlaPolicy *duban_session_get_policy   (DubanSession *self);
/* DubanSlaStatus per ticket of duban_session_get_tickets(), evaluated at
 * the last reload or reevaluation (::reevaluated); NULL before the first. */
GArray               *duban_session_get_statuses (DubanSession *self);
/* The main thread's own connection to the store, for local records
 * (orders, notes, the audit log); owned by the session. */
DubanStore           *duban_session_get_store    (DubanSession  *self,
                                                  GError       **error);
/* Saves the center's policy in the store, audits the change and
 * evaluates every ticket again under it. */
gboolean              duban_session_set_policy   (DubanSession          *self,
                                                  const DubanSlaPolicy  *policy,
                                                  GError               **error);

/* Sends the orders waiting in the outbox to the platform (after an order
 * is issued; a good sync does it by itself). Emits ::outbox-flushed
 * (delivered, waiting, refused) and ::records-changed when done,
 * ::outbox-needs-token after a 401, ::outbox-blocked when the stored
 * token may not be used. */
void                  duban_session_flush_outbox    (DubanSession *self);
/* Whoever writes a local record (an order, a note) says so: every view
 * of a ticket's records listens to ::records-changed. */
void                  duban_session_records_changed (DubanSession *self);

/* The escalation ladder's next step for a ticket as of the last
 * evaluation (rules/duban-ladder.h), NULL when it has neither a proposal
 * nor an order. */
const DubanLadderProposal *duban_session_get_proposal (DubanSession *self,
                                                       const char   *ticket_id);
/* Records a supervisor's decision on a proposal (audited; a dismissal is
 * remembered) and works the proposals out again (::records-changed). */
gboolean      duban_session_decide_proposal      (DubanSession         *self,
                                                  const char           *ticket_id,
                                                  DubanOrderLevel       level,
                                                  DubanLadderDecision   decision,
                                                  const char           *reason,
                                                  GError              **error);
/* A ticket's supervision orders at a glance, for the queue's column:
 * how many, and the latest one's level. (The escalation ladder adds the
 * latest order's reply state here: due, replied, reply overdue.) */
typedef struct {
  guint            n_orders;
  DubanOrderLevel  latest_level;
  DubanTime        latest_issued_at;
} DubanOrderSummary;

/* NULL when the ticket has no order; owned by the session, valid until
 * the next ::records-changed or ::reloaded. */
const DubanOrderSummary *duban_session_get_order_summary (DubanSession *self,
                                                          const char   *ticket_id);

/* Reads the store again (on a worker thread) and replaces the list. */
void          duban_session_reload_async         (DubanSession         *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean      duban_session_reload_finish        (DubanSession         *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* The tickets that can count in the figures of [@from, @to) (the span
 * rule, duban-figures-span.h), those open now and those the orders
 * name, with their states now, read on a worker: a DubanDesk of its own
 * (tickets, statuses, names, regions, orders, repeat decisions). Every
 * figure of a period within [@from, @to) computed from it equals the
 * figure from every ticket. DUBAN_TIME_NONE for both: every ticket (a
 * search of everything). The last two spans asked for are kept, until
 * the next reload or policy change; pages ask for theirs when shown. */
void          duban_session_load_span_async      (DubanSession         *self,
                                                  DubanTime             from,
                                                  DubanTime             to,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
/* A new reference, or NULL with @error set. */
DubanDesk    *duban_session_load_span_finish     (DubanSession         *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* The tickets @search finds (a query's search: duban_ticket_search_matches()),
 * in any state, whole, with their states now, read on a worker: a
 * DubanDesk of its own holding those and no other (a search's query
 * passes no other). Not kept: the page keeps what it shows. Finished
 * with G_IO_ERROR_CANCELLED, its scan stopped midway, when @cancellable
 * is cancelled (a search typed on). */
void          duban_session_search_async         (DubanSession         *self,
                                                  const char           *search,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
/* A new reference, or NULL with @error set. */
DubanDesk    *duban_session_search_finish        (DubanSession         *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* States move with the clock: evaluates the loaded tickets again for now. */
void          duban_session_reevaluate           (DubanSession         *self);

/* Syncs from the platform set in GSettings (feed-url) with the stored
 * token, then reloads. Emits ::sync-progress after each page. After a
 * good sync it works out what newly needs attention (::attention-changed)
 * and sends the outbox (duban_session_flush_outbox()). */
void          duban_session_sync_async           (DubanSession         *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean      duban_session_sync_finish          (DubanSession         *self,
                                                  GAsyncResult         *result,
                                                  DubanSyncStats       *stats,
                                                  GError              **error);

G_END_DECLS
