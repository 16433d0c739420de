/* duban-orders-window.h — every supervision order, its delivery, and its printed sheet */
#pragma once

#include <adwaita.h>

#include "duban-session.h"

G_BEGIN_DECLS

/* The most lines the platform's last answer wraps over in its row; the
 * tooltip has it whole beyond them. */
#define DUBAN_ORDERS_WINDOW_ERROR_LINES 6

#define DUBAN_TYPE_ORDERS_WINDOW (duban_orders_window_get_type ())
G_DECLARE_FINAL_TYPE (DubanOrdersWindow, duban_orders_window, DUBAN, ORDERS_WINDOW, AdwWindow)

GtkWidget *duban_orders_window_new         (GtkWindow         *parent,
                                            DubanSession      *session);
/* Reads the orders from the store again. */
void       duban_orders_window_reload      (DubanOrdersWindow *self);
/* Element type DubanTextRow; the payload is the DubanOrder. */
GListModel *duban_orders_window_get_model  (DubanOrdersWindow *self);
/* The rows shown: those the search and the filter let through, sorted. */
GListModel *duban_orders_window_get_shown  (DubanOrdersWindow *self);
/* What the search entry and the filter do: @filter is 0 all, 1 waiting,
 * 2 refused, 3 delivered, 4 unit has not acted (the dropdown's order). */
void        duban_orders_window_search     (DubanOrdersWindow *self,
                                            const char        *text,
                                            guint              filter);
/* Writes the sheets of the selected orders (all when none is) to @path. */
gboolean   duban_orders_window_write_pdf   (DubanOrdersWindow *self,
                                            const char        *path,
                                            GError           **error);

G_END_DECLS
