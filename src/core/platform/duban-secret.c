/* duban-secret.c — the platform token in the keyring, or in an owner-only file
 *
 * The keyring is preferred; but a supervision center's workstation (or a
 * test, or a kiosk session) may run no Secret Service at all, and libsecret
 * would then fail or, worse, wait for D-Bus activation. So the bus is asked
 * first, with a short timeout, whether anyone owns or can start
 * org.freedesktop.secrets; only then is libsecret used. The token itself
 * never reaches a log message.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <libsecret/secret.h>
#include <sys/stat.h>

#include "duban-secret.h"

#define SECRET_BUS_NAME      "org.freedesktop.secrets"
#define SECRET_PROBE_TIMEOUT 500 /* ms: an answering bus replies in far less */

static const SecretSchema *
duban_secret_get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.duban.Duban.Token", SECRET_SCHEMA_NONE,
    {
      { "feed-url", SECRET_SCHEMA_ATTRIBUTE_STRING },
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

static char *
read_token_file (GError **error)
{
  g_autofree char *path = duban_secret_file_path ();
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        return NULL;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot read the token file %s: %s"), path, g_strerror (saved_errno));
      return NULL;
    }

  /* A token others can read may already have leaked: refuse it so the
   * user notices, rather than going on with it silently. */
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_PERM,
                   _("The token file %s is readable by others; make it readable only by you (chmod 600)"),
                   path);
      return NULL;
    }

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;

  lines = g_strsplit (contents, "\n", 2);
  if (lines[0] == NULL)
    return NULL;
  g_strstrip (lines[0]);
  if (lines[0][0] == '\0')
    return NULL;

  return g_strdup (lines[0]);
}

static gboolean
write_token_file (const char  *token,
                  GError     **error)
{
  g_autofree char *path = duban_secret_file_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *contents = g_strconcat (token, "\n", NULL);

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

  return g_file_set_contents_full (path, contents, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

char *
duban_secret_lookup (const char          *feed_url,
                     DubanSecretBackend  *backend,
                     GError             **error)
{
  g_return_val_if_fail (feed_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (keyring_available ())
    {
      g_autoptr(GError) local_error = NULL;
      char *token;

      token = secret_password_lookup_sync (duban_secret_get_schema (), NULL, &local_error,
                                           "feed-url", feed_url,
                                           NULL);
      if (token != NULL)
        {
          /* Copied out of secure memory so callers can g_free() it. */
          char *copy = g_strdup (token);

          secret_password_free (token);
          if (backend != NULL)
            *backend = DUBAN_SECRET_BACKEND_KEYRING;
          return copy;
        }
      if (local_error != NULL)
        g_debug ("Keyring lookup failed, trying the token file: %s", local_error->message);
    }

  if (backend != NULL)
    *backend = DUBAN_SECRET_BACKEND_FILE;

  return read_token_file (error);
}

gboolean
duban_secret_store (const char          *feed_url,
                    const char          *token,
                    DubanSecretBackend  *backend,
                    GError             **error)
{
  g_return_val_if_fail (feed_url != NULL, FALSE);
  g_return_val_if_fail (token != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (keyring_available ())
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *label = g_strdup_printf (_("Duban platform token for %s"), feed_url);

      if (secret_password_store_sync (duban_secret_get_schema (), SECRET_COLLECTION_DEFAULT,
                                      label, token, NULL, &local_error,
                                      "feed-url", feed_url,
                                      NULL))
        {
          /* A token left in the file would shadow nothing but still sit on
           * disk; the keyring now holds the only copy. */
          g_autofree char *path = duban_secret_file_path ();

          g_unlink (path);
          if (backend != NULL)
            *backend = DUBAN_SECRET_BACKEND_KEYRING;
          return TRUE;
        }

      g_debug ("Keyring store failed, using the token file: %s", local_error->message);
    }

  if (backend != NULL)
    *backend = DUBAN_SECRET_BACKEND_FILE;

  return write_token_file (token, error);
}

gboolean
duban_secret_clear (const char  *feed_url,
                    GError     **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (feed_url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (keyring_available ())
    {
      g_autoptr(GError) local_error = NULL;

      if (!secret_password_clear_sync (duban_secret_get_schema (), NULL, &local_error,
                                       "feed-url", feed_url,
                                       NULL) &&
          local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  path = duban_secret_file_path ();
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot remove the token file %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}
