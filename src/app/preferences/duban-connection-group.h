/* duban-connection-group.h — how the desk talks to the platform: the
 * intranet's certificate authority and the Open311 choice (preferences)
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DUBAN_TYPE_CONNECTION_GROUP (duban_connection_group_get_type ())
G_DECLARE_FINAL_TYPE (DubanConnectionGroup, duban_connection_group, DUBAN, CONNECTION_GROUP, AdwPreferencesGroup)

GtkWidget *duban_connection_group_new (void);

G_END_DECLS
