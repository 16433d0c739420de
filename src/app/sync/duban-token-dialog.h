/* duban-token-dialog.h — asking for the platform's access token after a 401
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Asks for the token of @feed_url in a password entry, stores it with
 * duban_secret_store (keyring, or the private file) and then activates
 * "win.sync" on @parent to try again. */
void duban_token_dialog_ask (GtkWindow  *parent,
                             const char *feed_url);

G_END_DECLS
