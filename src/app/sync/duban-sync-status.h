/* duban-sync-status.h — the sync's progress, its cancel button, and the
 * offline notice, under the window's header
 */
#pragma once

#include <gtk/gtk.h>
#include "duban-session.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_SYNC_STATUS (duban_sync_status_get_type ())
G_DECLARE_FINAL_TYPE (DubanSyncStatus, duban_sync_status, DUBAN, SYNC_STATUS, GtkWidget)

void          duban_sync_status_set_session (DubanSyncStatus *self,
                                             DubanSession    *session);
/* A fresh cancellable for the sync about to start, cancelled by the
 * status's Cancel button. Owned by @self. */
GCancellable *duban_sync_status_begin       (DubanSyncStatus *self);
/* Reads the last attempts from the store again (after a sync). */
void          duban_sync_status_refresh     (DubanSyncStatus *self);

G_END_DECLS
