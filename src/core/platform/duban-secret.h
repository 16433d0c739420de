/* duban-secret.h — where the platform token lives
 *
 * In the keyring through libsecret when a Secret Service answers;
 * otherwise in an owner-only (0600) file under $XDG_CONFIG_HOME/duban.
 * The caller is told which, so the UI can say so. Never logged, never in
 * the database, never on a command line.
 *
 * A token belongs to the platform it was saved for: its origin (scheme,
 * host, port, normalised). A lookup for any other origin finds nothing,
 * so a URL typed on a command line never receives the desk's token.
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
/* "scheme://host[:port]": scheme and host in lower case (an IDN host in
 * its ASCII form), the port only when not the scheme's default.
 * Only http and https URLs have one. */
char     *duban_secret_origin    (const char          *url,
                                  GError             **error);
/* Reads a private file: a regular file (never a FIFO or a device, opened
 * without blocking), not readable or writable by others, at most 64 KiB.
 * With @follow_symlinks FALSE a symbolic link is refused too. */
char     *duban_secret_read_private_file (const char  *path,
                                          gboolean     follow_symlinks,
                                          GError     **error);
/* The token stored for @feed_url's origin; NULL with no error when none
 * is. A token file that is not private, not a regular file, or written by
 * an earlier version (which did not record the origin) is an error that
 * says so: its token is sent nowhere. */
char     *duban_secret_lookup    (const char          *feed_url,
                                  DubanSecretBackend  *backend,
                                  GError             **error);
gboolean  duban_secret_store     (const char          *feed_url,
                                  const char          *token,
                                  DubanSecretBackend  *backend,
                                  GError             **error);
gboolean  duban_secret_clear     (const char          *feed_url,
                                  GError             **error);

/* A token file named by the user (--token-file): the first line, trimmed,
 * of a private regular file (as duban_secret_read_private_file, symbolic
 * links followed). */
char     *duban_read_token_file  (const char          *path,
                                  GError             **error);

G_END_DECLS
