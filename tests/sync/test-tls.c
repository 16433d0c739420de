/* test-tls.c — HTTPS with the intranet's own certificate authority
 *
 * A certificate authority and a server certificate for 127.0.0.1 are made
 * with openssl for this run; a local HTTPS SoupServer answers as a tiny
 * platform. The sync must succeed when the client is given that CA's file,
 * and must refuse the platform without it, or with another CA: there is
 * no way to skip verification.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "duban-feed-client.h"
#include "duban-store.h"

typedef struct {
  char       *dir;
  SoupServer *server;
  char       *url;
} Fixture;

static gboolean
run (const char *dir,
     const char *command)
{
  g_autofree char *full = g_strdup_printf ("sh -c 'cd \"%s\" && %s'", dir, command);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_command_line_sync (full, NULL, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, NULL))
    {
      g_test_message ("%s: %s", command, err != NULL ? err : error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
make_authority (const char *dir,
                const char *name)
{
  g_autofree char *command = g_strdup_printf ("openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2"
                                              " -keyout %s.key -out %s.pem -subj /CN=%s 2>/dev/null",
                                              name, name, name);

  return run (dir, command);
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  static const char page[] =
    "{\"tickets\":[{\"id\":\"JX-TLS-1\",\"title\":\"路灯不亮\",\"kind\":\"complaint\",\"category\":\"市政设施\","
    "\"urgency\":\"normal\",\"status\":\"received\",\"received_at\":\"2026-10-14T09:00:00+08:00\","
    "\"updated_at\":\"2026-10-14T09:00:00+08:00\"}],"
    "\"deleted_ids\":[],\"next_page_token\":null,\"sync_token\":\"s1\","
    "\"server_time\":\"2026-10-15T12:00:00+08:00\"}";
  static const char missing[] = "{\"error\":{\"code\":\"not_found\",\"message\":\"none here\"}}";

  if (g_str_equal (path, "/api/v1/tickets"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, page, strlen (page));
    }
  else
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, missing, strlen (missing));
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *cert_path = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *ext = NULL;
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  GSList *uris;

  f->dir = g_dir_make_tmp ("duban-tls-XXXXXX", NULL);

  if (openssl == NULL)
    return;

  /* the intranet's CA, an unrelated CA, and the platform's certificate
   * for 127.0.0.1 signed by the first */
  ext = g_build_filename (f->dir, "san.cnf", NULL);
  g_assert_true (g_file_set_contents (ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n", -1, NULL));
  g_assert_true (make_authority (f->dir, "intranet-ca"));
  g_assert_true (make_authority (f->dir, "other-ca"));
  g_assert_true (run (f->dir, "openssl req -newkey rsa:2048 -nodes -sha256 -keyout server.key -out server.csr"
                              " -subj /CN=127.0.0.1 2>/dev/null"));
  g_assert_true (run (f->dir, "openssl x509 -req -in server.csr -CA intranet-ca.pem -CAkey intranet-ca.key"
                              " -CAcreateserial -out server.pem -days 2 -sha256 -extfile san.cnf 2>/dev/null"));

  cert_path = g_build_filename (f->dir, "server.pem", NULL);
  key_path = g_build_filename (f->dir, "server.key", NULL);
  certificate = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);

  f->server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (f->server, NULL, handle, f, NULL);
  g_assert_true (soup_server_listen_local (f->server, 0,
                                           SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  g_assert_nonnull (uris);
  f->url = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  if (f->server != NULL)
    soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  g_free (f->dir);
  g_free (f->url);
}

typedef struct {
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Result;

static void
on_synced (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  Result *result = user_data;

  result->ok = duban_feed_client_sync_finish (DUBAN_FEED_CLIENT (source), res, NULL, &result->error);
  result->done = TRUE;
}

static gboolean
sync_with (Fixture     *f,
           const char  *ca_name,
           const char  *db_name,
           GError     **error)
{
  g_autoptr(DubanFeedClient) client = duban_feed_client_new (f->url);
  g_autofree char *db = g_build_filename (f->dir, db_name, NULL);
  g_autofree char *ca_file = ca_name != NULL ? g_build_filename (f->dir, ca_name, NULL) : NULL;
  Result result = { 0 };

  duban_feed_client_set_ca_file (client, ca_file);
  duban_feed_client_sync_async (client, db, NULL, NULL, NULL, on_synced, &result);
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);
  if (result.error != NULL)
    g_propagate_error (error, result.error);
  return result.ok;
}

static void
test_accepted_with_the_ca (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = NULL;
  g_autofree char *db = NULL;

  if (f->server == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  g_assert_true (sync_with (f, "intranet-ca.pem", "good.db", &error));
  g_assert_no_error (error);
  db = g_build_filename (f->dir, "good.db", NULL);
  store = duban_store_open (db, &error);
  g_assert_cmpint (duban_store_count_tickets (store), ==, 1);
}

static void
test_refused_without_it (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) other_error = NULL;
  g_autoptr(GError) missing_error = NULL;
  gint64 started;

  if (f->server == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  /* the system's trust store does not know the intranet's CA; the refusal
   * is immediate, not retried for a minute */
  started = g_get_monotonic_time ();
  g_assert_false (sync_with (f, NULL, "none.db", &error));
  g_assert_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "certificate"));
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);

  /* another CA is no better */
  g_assert_false (sync_with (f, "other-ca.pem", "other.db", &other_error));
  g_assert_error (other_error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_NETWORK);
  g_assert_nonnull (strstr (other_error->message, "other-ca.pem"));

  /* nor is a CA file that is not there */
  g_assert_false (sync_with (f, "no-such-ca.pem", "missing.db", &missing_error));
  g_assert_error (missing_error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_NETWORK);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tls/accepted-with-the-ca", Fixture, NULL, fixture_set_up, test_accepted_with_the_ca, fixture_tear_down);
  g_test_add ("/tls/refused-without-it", Fixture, NULL, fixture_set_up, test_refused_without_it, fixture_tear_down);

  return g_test_run ();
}
