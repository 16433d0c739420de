/* duban-secret.c — the platform token in the keyring, or in an owner-only file
 *
 * The keyring is preferred; but a supervision center's workstation (or a
 * test, or a kiosk session) may run no Secret Service at all, and libsecret
 * would then fail or, worse, wait for D-Bus activation. So the bus is asked
 * first, with a short timeout, whether anyone owns or can start
 * org.freedesktop.secrets; only then is libsecret used. The token itself
 * never reaches a log message.
 *
 * Both places key the token by the platform's origin. The file holds one
 * line per platform, "ORIGIN TOKEN"; the format before origins were kept
 * was the bare token on the first line. Such a line names no platform, so
 * its token is never sent: the lookup says why, and saving the token again
 * rewrites the file in the current format. A bare token cannot be told
 * apart from a mistyped platform, and guessing would send it to whatever
 * URL asked first, which is the leak this file exists to prevent.
 */
#define G_LOG_DOMAIN "duban-secret"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <libsecret/secret.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "duban-secret.h"

#define SECRET_BUS_NAME      "org.freedesktop.secrets"
#define SECRET_PROBE_TIMEOUT 500 /* ms: an answering bus replies in far less */
/* A token is a few hundred bytes; a file much larger is not a token file,
 * and reading it whole would only cost memory. */
#define TOKEN_FILE_MAX       (64 * 1024)

static const SecretSchema *
duban_secret_get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.duban.Duban.Token", SECRET_SCHEMA_NONE,
    {
      /* the URL it was saved for: the only key of items saved before
       * origins were kept, and shown in the keyring's own tools */
      { "feed-url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "origin", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

static gboolean
bus_name_answers (GDBusConnection *bus,
                  const char      *method)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (G_IS_DBUS_CONNECTION (bus));

  if (g_str_equal (method, "NameHasOwner"))
    {
      gboolean has_owner = FALSE;

      reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "NameHasOwner",
                                           g_variant_new ("(s)", SECRET_BUS_NAME),
                                           G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                           SECRET_PROBE_TIMEOUT, NULL, &error);
      if (reply == NULL)
        return FALSE;
      g_variant_get (reply, "(b)", &has_owner);
      return has_owner;
    }
  else
    {
      g_autofree const char **names = NULL;

      reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "ListActivatableNames",
                                           NULL, G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE,
                                           SECRET_PROBE_TIMEOUT, NULL, &error);
      if (reply == NULL)
        return FALSE;
      g_variant_get (reply, "(^a&s)", &names);
      return names != NULL && g_strv_contains (names, SECRET_BUS_NAME);
    }
}

/* Asked once per process: a Secret Service does not come and go while the
 * desk runs, and every probe would otherwise cost a round trip. */
static gboolean
keyring_available (void)
{
  static gsize probed = 0;
  static gboolean available = FALSE;

  if (g_once_init_enter (&probed))
    {
      g_autoptr(GDBusConnection) bus = NULL;
      g_autoptr(GError) error = NULL;

      bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
      if (bus != NULL)
        available = bus_name_answers (bus, "NameHasOwner") ||
                    bus_name_answers (bus, "ListActivatableNames");
      if (!available)
        g_debug ("No Secret Service on the session bus; the token is kept in a file");

      g_once_init_leave (&probed, 1);
    }

  return available;
}

char *
duban_secret_file_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "duban", "token", NULL);
}

char *
duban_secret_origin (const char  *url,
                     GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *ascii = NULL;
  g_autofree char *host = NULL;
  gboolean https;
  int port;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(uri = g_uri_parse (url, G_URI_FLAGS_NONE, &local_error)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Not a valid platform address: %s"), url);
      return NULL;
    }

  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  https = g_str_equal (scheme, "https");
  if ((!https && !g_str_equal (scheme, "http")) ||
      g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Not a valid platform address: %s"), url);
      return NULL;
    }

  /* 督办.example and XN--…example are one host: compare the ASCII form. */
  if (!(ascii = g_hostname_to_ascii (g_uri_get_host (uri))))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Not a valid platform address: %s"), url);
      return NULL;
    }
  host = g_ascii_strdown (ascii, -1);

  port = g_uri_get_port (uri);
  if (port == (https ? 443 : 80))
    port = -1;

  /* GUri gives an IPv6 literal without its brackets */
  if (strchr (host, ':') != NULL)
    return port < 0 ? g_strdup_printf ("%s://[%s]", scheme, host)
                    : g_strdup_printf ("%s://[%s]:%d", scheme, host, port);

  return port < 0 ? g_strdup_printf ("%s://%s", scheme, host)
                  : g_strdup_printf ("%s://%s:%d", scheme, host, port);
}

char *
duban_secret_read_private_file (const char  *path,
                                gboolean     follow_symlinks,
                                GError     **error)
{
  g_autoptr(GByteArray) contents = NULL;
  struct stat st;
  int fd, saved_errno;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
   * writer, for ever. The type is checked on the opened file, so nothing
   * can be swapped in between the check and the read. */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | (follow_symlinks ? 0 : O_NOFOLLOW), 0);
  if (fd < 0)
    {
      saved_errno = errno;
      if (saved_errno == ELOOP && !follow_symlinks)
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_PERM,
                     _("The token file %s is a symbolic link; it is not read"), path);
      else
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                     _("Cannot read the token file %s: %s"), path, g_strerror (saved_errno));
      return NULL;
    }

  if (fstat (fd, &st) != 0)
    {
      saved_errno = errno;
      close (fd);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot read the token file %s: %s"), path, g_strerror (saved_errno));
      return NULL;
    }

  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("The token file %s is not a regular file; it is not read"), path);
      return NULL;
    }

  /* A token others can read may already have leaked: refuse it so the
   * user notices, rather than going on with it silently. */
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    {
      close (fd);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_PERM,
                   _("The token file %s can be read or changed by others (mode %03o); it is not used. Make it private: chmod 600 %s"),
                   path, (unsigned) (st.st_mode & 0777), path);
      return NULL;
    }

  if (st.st_size > TOKEN_FILE_MAX)
    {
      close (fd);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("The token file %s is too large to hold a token"), path);
      return NULL;
    }

  contents = g_byte_array_sized_new ((guint) st.st_size + 1);
  for (;;)
    {
      guint8 buffer[4096];
      gssize n = read (fd, buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved_errno = errno;
          close (fd);
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       _("Cannot read the token file %s: %s"), path, g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      if (contents->len + (gsize) n > TOKEN_FILE_MAX)
        {
          close (fd);
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       _("The token file %s is too large to hold a token"), path);
          return NULL;
        }
      g_byte_array_append (contents, buffer, (guint) n);
    }
  close (fd);

  /* a NUL would cut the token short without anyone noticing */
  if (memchr (contents->data, '\0', contents->len) != NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("The token file %s is not a text file"), path);
      return NULL;
    }
  g_byte_array_append (contents, (const guint8 *) "", 1);

  return (char *) g_byte_array_free (g_steal_pointer (&contents), FALSE);
}

/* ---- the token file ---------------------------------------------------- */

typedef struct {
  GPtrArray *origins;   /* char*, parallel to tokens */
  GPtrArray *tokens;
  gboolean   has_bare;  /* a line in the earlier format: a token naming no platform */
} TokenFile;

static void
token_file_clear (TokenFile *file)
{
  g_clear_pointer (&file->origins, g_ptr_array_unref);
  g_clear_pointer (&file->tokens, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TokenFile, token_file_clear)

static void
token_file_parse (TokenFile  *file,
                  const char *contents)
{
  g_auto(GStrv) lines = NULL;

  g_assert (file != NULL);

  file->origins = g_ptr_array_new_with_free_func (g_free);
  file->tokens = g_ptr_array_new_with_free_func (g_free);
  file->has_bare = FALSE;
  if (contents == NULL)
    return;

  lines = g_strsplit_set (contents, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *space;

      if (line[0] == '\0' || line[0] == '#')
        continue;

      space = strpbrk (line, " \t");
      if (space == NULL)
        {
          file->has_bare = TRUE;
          continue;
        }
      *space = '\0';
      g_ptr_array_add (file->origins, g_strdup (line));
      g_ptr_array_add (file->tokens, g_strdup (g_strchug (space + 1)));
    }
}

/* Reads $XDG_CONFIG_HOME/duban/token. FALSE with @error set when the file
 * is there but may not be used; TRUE with an empty @file when it is not
 * there at all. */
static gboolean
token_file_load (TokenFile  *file,
                 GError    **error)
{
  g_autofree char *path = duban_secret_file_path ();
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!(contents = duban_secret_read_private_file (path, FALSE, &local_error)) &&
      !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      token_file_parse (file, NULL);
      return FALSE;
    }

  token_file_parse (file, contents);
  return TRUE;
}

static int
token_file_find (const TokenFile *file,
                 const char      *origin)
{
  for (guint i = 0; i < file->origins->len; i++)
    if (g_str_equal (g_ptr_array_index (file->origins, i), origin))
      return (int) i;

  return -1;
}

/* Writes the file whole (lines in the earlier format are dropped: the
 * user has just saved or cleared a token), or removes it when no token is
 * left. */
static gboolean
token_file_save (const TokenFile  *file,
                 GError          **error)
{
  g_autofree char *path = duban_secret_file_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GString) contents = NULL;

  if (file->origins->len == 0)
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       _("Cannot remove the token file %s: %s"), path, g_strerror (saved_errno));
          return FALSE;
        }
      return TRUE;
    }

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot create %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }
  /* An existing directory keeps its mode through mkdir; tighten it, since
   * the token's name in it should not be listed by others either. */
  g_chmod (dir, 0700);

  contents = g_string_new ("# Duban platform tokens: one line per platform, \"ORIGIN TOKEN\"; keep private (mode 600)\n");
  for (guint i = 0; i < file->origins->len; i++)
    g_string_append_printf (contents, "%s %s\n", (const char *) g_ptr_array_index (file->origins, i),
                            (const char *) g_ptr_array_index (file->tokens, i));

  return g_file_set_contents_full (path, contents->str, (gssize) contents->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static char *
lookup_file (const char  *origin,
             GError     **error)
{
  g_auto(TokenFile) file = { 0 };
  int index;

  if (!token_file_load (&file, error))
    return NULL;

  if ((index = token_file_find (&file, origin)) >= 0)
    return g_strdup (g_ptr_array_index (file.tokens, index));

  if (file.has_bare)
    {
      g_autofree char *path = duban_secret_file_path ();

      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("The token file %s was written by an earlier version and does not say which platform its token is for, so it is sent nowhere. Enter the token for %s again to save it for that platform."),
                   path, origin);
    }

  return NULL;
}

/* Removes @origin's line; FALSE only when the file could not be read or
 * written. */
static gboolean
forget_in_file (const char  *origin,
                GError     **error)
{
  g_auto(TokenFile) file = { 0 };
  int index;

  /* A file that may not be read (not private, not a regular file) is
   * left for the user, whom every lookup tells why. */
  if (!token_file_load (&file, NULL))
    return TRUE;

  index = token_file_find (&file, origin);
  if (index < 0 && !file.has_bare)
    return TRUE;
  if (index >= 0)
    {
      g_ptr_array_remove_index (file.origins, (guint) index);
      g_ptr_array_remove_index (file.tokens, (guint) index);
    }

  return token_file_save (&file, error);
}

static gboolean
store_in_file (const char  *origin,
               const char  *token,
               GError     **error)
{
  g_auto(TokenFile) file = { 0 };
  g_autoptr(GError) local_error = NULL;
  int index;

  /* A file that may not be used (wrong mode, not a regular file) is
   * replaced by a private one: the user is saving the token anew. */
  if (!token_file_load (&file, &local_error))
    g_debug ("Replacing the token file: %s", local_error->message);

  if ((index = token_file_find (&file, origin)) >= 0)
    {
      g_free (file.tokens->pdata[index]);
      file.tokens->pdata[index] = g_strdup (token);
    }
  else
    {
      g_ptr_array_add (file.origins, g_strdup (origin));
      g_ptr_array_add (file.tokens, g_strdup (token));
    }

  return token_file_save (&file, error);
}

/* ---- the keyring, then the file ---------------------------------------- */

static gboolean
check_token (const char  *token,
             GError     **error)
{
  /* a bearer token is printable ASCII without spaces (RFC 6750 b64token);
   * anything else would break the file's lines or the request header */
  if (token[0] == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The token is empty"));
      return FALSE;
    }
  for (const char *p = token; *p != '\0'; p++)
    if ((guchar) *p <= ' ' || (guchar) *p >= 0x7f)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("The token holds a space or a character that is not printable ASCII; paste it again"));
        return FALSE;
      }

  return TRUE;
}

static char *
keyring_lookup (const char *attribute,
                const char *value)
{
  g_autoptr(GError) local_error = NULL;
  char *token;
  char *copy;

  token = secret_password_lookup_sync (duban_secret_get_schema (), NULL, &local_error,
                                       attribute, value,
                                       NULL);
  if (token == NULL)
    {
      if (local_error != NULL)
        g_debug ("Keyring lookup failed, trying the token file: %s", local_error->message);
      return NULL;
    }

  /* Copied out of secure memory so callers can g_free() it. */
  copy = g_strdup (token);
  secret_password_free (token);
  return copy;
}

char *
duban_secret_lookup (const char          *feed_url,
                     DubanSecretBackend  *backend,
                     GError             **error)
{
  g_autofree char *origin = NULL;

  g_return_val_if_fail (feed_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(origin = duban_secret_origin (feed_url, error)))
    return NULL;

  if (keyring_available ())
    {
      char *token;

      /* An item saved before origins were kept is found by the exact URL
       * it was saved for, which has this very origin. */
      if ((token = keyring_lookup ("origin", origin)) != NULL ||
          (token = keyring_lookup ("feed-url", feed_url)) != NULL)
        {
          if (backend != NULL)
            *backend = DUBAN_SECRET_BACKEND_KEYRING;
          return token;
        }
    }

  if (backend != NULL)
    *backend = DUBAN_SECRET_BACKEND_FILE;

  return lookup_file (origin, error);
}

gboolean
duban_secret_store (const char          *feed_url,
                    const char          *token,
                    DubanSecretBackend  *backend,
                    GError             **error)
{
  g_autofree char *origin = NULL;

  g_return_val_if_fail (feed_url != NULL, FALSE);
  g_return_val_if_fail (token != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(origin = duban_secret_origin (feed_url, error)) ||
      !check_token (token, error))
    return FALSE;

  if (keyring_available ())
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *label = g_strdup_printf (_("Duban platform token for %s"), origin);

      if (secret_password_store_sync (duban_secret_get_schema (), SECRET_COLLECTION_DEFAULT,
                                      label, token, NULL, &local_error,
                                      "origin", origin,
                                      "feed-url", feed_url,
                                      NULL))
        {
          /* A copy left in the file would still sit on disk; the keyring
           * now holds the only one. */
          forget_in_file (origin, NULL);
          if (backend != NULL)
            *backend = DUBAN_SECRET_BACKEND_KEYRING;
          return TRUE;
        }

      g_debug ("Keyring store failed, using the token file: %s", local_error->message);
    }

  if (backend != NULL)
    *backend = DUBAN_SECRET_BACKEND_FILE;

  return store_in_file (origin, token, error);
}

gboolean
duban_secret_clear (const char  *feed_url,
                    GError     **error)
{
  g_autofree char *origin = NULL;

  g_return_val_if_fail (feed_url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(origin = duban_secret_origin (feed_url, error)))
    return FALSE;

  if (keyring_available ())
    {
      g_autoptr(GError) local_error = NULL;

      if ((!secret_password_clear_sync (duban_secret_get_schema (), NULL, &local_error,
                                        "origin", origin,
                                        NULL) &&
           local_error != NULL) ||
          (!secret_password_clear_sync (duban_secret_get_schema (), NULL, &local_error,
                                        "feed-url", feed_url,
                                        NULL) &&
           local_error != NULL))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  return forget_in_file (origin, error);
}

/* ---- a token file named on a command line ------------------------------ */

char *
duban_read_token_file (const char  *path,
                       GError     **error)
{
  g_autofree char *contents = NULL;
  char *newline;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The user named this file: a symbolic link to it (a mounted secret,
   * say) is followed, but what it leads to must still be a private
   * regular file. */
  if (!(contents = duban_secret_read_private_file (path, TRUE, error)))
    return NULL;

  if ((newline = strpbrk (contents, "\r\n")) != NULL)
    *newline = '\0';
  g_strstrip (contents);

  if (*contents == '\0')
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("The token file %s is empty"), path);
      return NULL;
    }

  return g_steal_pointer (&contents);
}
