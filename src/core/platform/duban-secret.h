/* duban-secret.h — where the platform token lives
 *
 * In the keyring through libsecret when a Secret Service answers;
 * otherwise in an owner-only (0600) file under $XDG_CONFIG_HOME/duban.
 * The caller is told which, so the UI can say so. Never logged, never in
 * the database, never on a command line.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  DUBAN_SECRET_BACKEND_KEYRING,
  DUBAN_SECRET_BACKEND_FILE,
} DubanSecretBackend;

/* $XDG_CONFIG_HOME/duban/token */
char     *duban_secret_file_path (void);
/* NULL with no error when no token is stored for @feed_url. */
char     *duban_secret_lookup    (const char          *feed_url,
                                  DubanSecretBackend  *backend,
                                  GError             **error);
gboolean  duban_secret_store     (const char          *feed_url,
                                  const char          *token,
                                  DubanSecretBackend  *backend,
                                  GError             **error);
gboolean  duban_secret_clear     (const char          *feed_url,
                                  GError             **error);

G_END_DECLS
