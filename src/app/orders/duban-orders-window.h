/* duban-orders-window.h — every supervision order, its delivery, and its printed sheet */
#pragma once

#include <adwaita.h>

#include "duban-session.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_ORDERS_WINDOW (duban_orders_window_get_type ())
G_DECLARE_FINAL_TYPE (DubanOrdersWindow, duban_orders_window, DUBAN, ORDERS_WINDOW, AdwWindow)

GtkWidget *duban_orders_window_new         (GtkWindow         *parent,
                                            DubanSession      *session);
/* Reads the orders from the store again. */
void       duban_orders_window_reload      (DubanOrdersWindow *self);
/* Element type DubanTextRow; the payload is the DubanOrder. */
GListModel *duban_orders_window_get_model  (DubanOrdersWindow *self);
/* Writes the sheets of the selected orders (all when none is) to @path. */
gboolean   duban_orders_window_write_pdf   (DubanOrdersWindow *self,
                                            const char        *path,
                                            GError           **error);

G_END_DECLS
