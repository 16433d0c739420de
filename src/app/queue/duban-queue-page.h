/* duban-queue-page.h — the supervision queue: open tickets by how late, and one's detail */
#pragma once

#include <adwaita.h>

#include "duban-queue-model.h"
#include "duban-session.h"
#include "duban-ticket-detail.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_QUEUE_PAGE (duban_queue_page_get_type ())
G_DECLARE_FINAL_TYPE (DubanQueuePage, duban_queue_page, DUBAN, QUEUE_PAGE, GtkWidget)

void                duban_queue_page_set_session     (DubanQueuePage         *self,
                                                      DubanSession           *session);
DubanQueueModel    *duban_queue_page_get_model       (DubanQueuePage         *self);
/* The risks of the 逾期风险 column and order; NULL before a session. */
DubanRiskBook      *duban_queue_page_get_risk_book   (DubanQueuePage         *self);
/* The tickets in the order shown, and which one is selected. */
GtkSingleSelection *duban_queue_page_get_selection   (DubanQueuePage         *self);
DubanTicketDetail  *duban_queue_page_get_detail      (DubanQueuePage         *self);
/* Whether the list is still an older view while the one last asked for
 * is being read (a filter's tickets beyond the open ones) or made. */
gboolean            duban_queue_page_get_pending     (DubanQueuePage         *self);
/* "loading", "empty", "no-open" or "tickets" */
const char         *duban_queue_page_get_page_name   (DubanQueuePage         *self);

/* Replaces every filter with the one @spec names (see
 * duban_ticket_query_parse()); the filter bar shows it. */
gboolean            duban_queue_page_apply_filter_spec (DubanQueuePage       *self,
                                                        const char           *spec,
                                                        GError              **error);
void                duban_queue_page_set_filter      (DubanQueuePage         *self,
                                                      const DubanTicketQuery *filter);
void                duban_queue_page_clear_filters   (DubanQueuePage         *self);
void                duban_queue_page_focus_search    (DubanQueuePage         *self);
void                duban_queue_page_focus_list      (DubanQueuePage         *self);
/* Moves the selection by @delta rows, keeping it in view. */
void                duban_queue_page_select_relative (DubanQueuePage         *self,
                                                      int                     delta);
/* Selects the ticket when it is in the list; else shows it in the detail. */
void                duban_queue_page_show_ticket     (DubanQueuePage         *self,
                                                      const char             *ticket_id);
/* Marks or unmarks the selected ticket for an order to several at once. */
void                duban_queue_page_toggle_mark     (DubanQueuePage         *self);
void                duban_queue_page_clear_marks     (DubanQueuePage         *self);
/* The tickets an order would go to: the marked ones, else the one in the
 * detail. char* ids; empty when none. */
GPtrArray          *duban_queue_page_dup_order_targets (DubanQueuePage       *self);

/* Remembers the width of the list beside the detail. */
void                duban_queue_page_bind_settings   (DubanQueuePage         *self,
                                                      GSettings              *settings);

G_END_DECLS
