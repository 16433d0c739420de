/* duban-offline-notice.h — "the platform cannot be reached since …"
 *
 * A banner under the header (libadwaita 1.2 has no AdwBanner): revealed
 * while the last syncs failed, saying since when, what the last error was,
 * and that the desk is working on the stored tickets.
 */
#pragma once

#include <gtk/gtk.h>
#include "duban-time.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_OFFLINE_NOTICE (duban_offline_notice_get_type ())
G_DECLARE_FINAL_TYPE (DubanOfflineNotice, duban_offline_notice, DUBAN, OFFLINE_NOTICE, GtkWidget)

GtkWidget *duban_offline_notice_new       (void);
/* @since DUBAN_TIME_NONE hides the notice. */
void       duban_offline_notice_set_state (DubanOfflineNotice *self,
                                           DubanTime           since,
                                           DubanTime           last_good_sync,
                                           const char         *last_error);
gboolean   duban_offline_notice_get_shown (DubanOfflineNotice *self);

G_END_DECLS
