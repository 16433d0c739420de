/* test-token-origin.c — issue 11 §5: the stored token goes only to the
 * platform it was saved for
 *
 * The desk's token, saved for one platform, was sent by `duban-ctl sync`
 * to any URL given on the command line; a token file with the wrong mode
 * was silently skipped (the user saw only "401"); a FIFO in its place hung
 * the reader for ever. Here a scripted platform records every request's
 * Authorization header, and duban-ctl runs as a script would run it.
 *
 * No Secret Service answers in the tests (DBUS_SESSION_BUS_ADDRESS is
 * "disabled:"), so the token lives in $XDG_CONFIG_HOME/duban/token, which
 * this test points at a directory of its own.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "duban-secret.h"
#include "fake-platform.h"

static char *config_dir;

static void
reset_config (void)
{
  g_autofree char *path = duban_secret_file_path ();

  g_unlink (path);
}

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_ctl (Run        *run,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("duban-token-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "duban.db", NULL);
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("DUBAN_CTL"));
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, db);
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &run->out, &run->err, &error));
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (proc);
  g_test_message ("duban-ctl %s: exit %d; stderr: %s", first, run->status, run->err);

  g_unlink (db);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
}

static guint
count_with_token (GPtrArray  *requests,
                  const char *token)
{
  g_autofree char *expected = g_strconcat ("Bearer ", token, NULL);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      const FakeRequest *request = g_ptr_array_index (requests, i);

      /* nothing but this token, or none, is ever sent */
      if (request->authorization != NULL)
        g_assert_cmpstr (request->authorization, ==, expected);
      n += request->authorization != NULL;
    }

  return n;
}

static void
test_origin_normalised (void)
{
  static const struct { const char *url, *origin; } cases[] = {
    { "http://127.0.0.1:8080", "http://127.0.0.1:8080" },
    { "HTTP://Platform.Example.CN:80/api/v1/", "http://platform.example.cn" },
    { "https://platform.example.cn:443", "https://platform.example.cn" },
    { "https://platform.example.cn:8443/x?y#z", "https://platform.example.cn:8443" },
    { "https://user:pw@platform.example.cn/", "https://platform.example.cn" },
    { "http://[::1]:8080/", "http://[::1]:8080" },
    { "http://[::1]:80/", "http://[::1]" },
    { "http://督办.example/", "http://xn--wfrp96f.example" },
  };
  static const char * const invalid[] = { "ftp://platform.example.cn/", "platform.example.cn", "http://", "" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *origin = duban_secret_origin (cases[i].url, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (origin, ==, cases[i].origin);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *origin = duban_secret_origin (invalid[i], &error);

      g_assert_null (origin);
      g_assert_nonnull (error);
    }
}

/* The case of the issue: a token saved for one platform, a sync to a URL
 * never configured. */
static void
test_not_sent_to_another_origin (void)
{
  g_autoptr(FakePlatform) saved = fake_platform_new ();
  g_autoptr(FakePlatform) other = fake_platform_new ();
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *spelled_otherwise = NULL;
  g_auto(Run) run_other = { 0 };
  g_auto(Run) run_saved = { 0 };

  reset_config ();
  /* saved as the desk's preferences hold it, with a path */
  {
    g_autofree char *with_path = g_strconcat (fake_platform_get_url (saved), "/api/", NULL);

    g_assert_true (duban_secret_store (with_path, "desk-secret-1", NULL, &error));
    g_assert_no_error (error);
  }

  run_ctl (&run_other, "sync", "--feed", fake_platform_get_url (other), NULL);
  requests = fake_platform_take_requests (other);
  g_assert_cmpuint (requests->len, >, 0);
  g_assert_cmpuint (count_with_token (requests, "desk-secret-1"), ==, 0);
  g_clear_pointer (&requests, g_ptr_array_unref);

  /* the same origin written otherwise (the origin's own normalisation,
   * case and default ports, is /token-origin/origin-normalised) */
  spelled_otherwise = g_strconcat (fake_platform_get_url (saved), "/", NULL);
  run_ctl (&run_saved, "sync", "--feed", spelled_otherwise, NULL);
  requests = fake_platform_take_requests (saved);
  g_assert_cmpuint (requests->len, >, 0);
  g_assert_cmpuint (count_with_token (requests, "desk-secret-1"), ==, requests->len);
}

/* One file, several platforms, each its own token; clearing one leaves
 * the others; the file stays private. */
static void
test_file_keeps_each_origin (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = duban_secret_file_path ();
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  DubanSecretBackend backend;
  GStatBuf st;

  reset_config ();
  g_assert_true (duban_secret_store ("https://a.example/", "token-a", NULL, &error));
  g_assert_true (duban_secret_store ("https://b.example:8443", "token-b", &backend, &error));
  g_assert_no_error (error);
  g_assert_cmpint (backend, ==, DUBAN_SECRET_BACKEND_FILE);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  a = duban_secret_lookup ("HTTPS://A.EXAMPLE:443/api", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a, ==, "token-a");
  b = duban_secret_lookup ("https://b.example:8443/", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (b, ==, "token-b");
  /* another port is another platform */
  c = duban_secret_lookup ("https://b.example/", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (c);

  g_assert_true (duban_secret_clear ("https://a.example", &error));
  g_assert_no_error (error);
  g_clear_pointer (&a, g_free);
  g_clear_pointer (&b, g_free);
  a = duban_secret_lookup ("https://a.example", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (a);
  b = duban_secret_lookup ("https://b.example:8443", NULL, &error);
  g_assert_cmpstr (b, ==, "token-b");

  /* a token that would break the file's lines or the header */
  g_assert_false (duban_secret_store ("https://a.example", "two words", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

/* A file in the earlier format (the bare token) names no platform: its
 * token is sent nowhere, and the user is told why and what to do. */
static void
test_old_format_sent_nowhere (void)
{
  g_autoptr(FakePlatform) platform = fake_platform_new ();
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = duban_secret_file_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *token = NULL;
  g_auto(Run) run = { 0 };

  reset_config ();
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents_full (path, "old-desk-secret\n", -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));

  token = duban_secret_lookup (fake_platform_get_url (platform), NULL, &error);
  g_assert_null (token);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_assert_nonnull (strstr (error->message, path));

  run_ctl (&run, "sync", "--feed", fake_platform_get_url (platform), NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, path));
  g_assert_cmpuint (strlen (run.err), ==, strcspn (run.err, "\n") + 1);   /* one line */
  requests = fake_platform_take_requests (platform);
  g_assert_cmpuint (count_with_token (requests, "old-desk-secret"), ==, 0);

  /* saved again, the file is in the current format, the old line gone */
  g_clear_error (&error);
  g_assert_true (duban_secret_store (fake_platform_get_url (platform), "new-desk-secret", NULL, &error));
  g_clear_pointer (&token, g_free);
  token = duban_secret_lookup (fake_platform_get_url (platform), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "new-desk-secret");
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_null (strstr (contents, "old-desk-secret"));
  }
}

/* Wrong mode: refused, and the message says why — not a bare 401. */
static void
test_wrong_mode_refused (void)
{
  g_autoptr(FakePlatform) platform = fake_platform_new ();
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = duban_secret_file_path ();
  g_auto(Run) run = { 0 };

  reset_config ();
  g_assert_true (duban_secret_store (fake_platform_get_url (platform), "desk-secret-2", NULL, &error));
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);

  run_ctl (&run, "sync", "--feed", fake_platform_get_url (platform), NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, path));
  g_assert_nonnull (strstr (run.err, "chmod 600"));
  /* refused before any request: not a sync without the token */
  requests = fake_platform_take_requests (platform);
  g_assert_cmpuint (requests->len, ==, 0);

  /* --token-file too */
  {
    g_auto(Run) explicit = { 0 };

    run_ctl (&explicit, "sync", "--feed", fake_platform_get_url (platform), "--token-file", path, NULL);
    g_assert_cmpint (explicit.status, ==, 1);
    g_assert_nonnull (strstr (explicit.err, "chmod 600"));
  }
}

/* A FIFO (or a directory, a device) where the token should be: refused at
 * once, not read for ever. Before the fix this test hangs, and the test
 * harness's timeout fails it. */
static void
test_fifo_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = duban_secret_file_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *elsewhere = g_build_filename (config_dir, "token.fifo", NULL);
  g_autofree char *token = NULL;
  g_auto(Run) run = { 0 };

  reset_config ();
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);

  token = duban_secret_lookup ("http://127.0.0.1:9", NULL, &error);
  g_assert_null (token);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_clear_error (&error);

  run_ctl (&run, "sync", "--feed", "http://127.0.0.1:9", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "regular file"));

  /* --token-file names one: the same */
  g_assert_cmpint (mkfifo (elsewhere, 0600), ==, 0);
  token = duban_read_token_file (elsewhere, &error);
  g_assert_null (token);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_clear_error (&error);
  token = duban_read_token_file (config_dir, &error);
  g_assert_null (token);
  g_assert_nonnull (error);
  g_unlink (elsewhere);
  g_unlink (path);
}

/* The desk's own file is never a symbolic link (to a file an attacker
 * chose, or to one another program keeps): refused. A --token-file the
 * user names may be one (a mounted secret is), and is followed. */
static void
test_symlink (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = duban_secret_file_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *target = g_build_filename (config_dir, "token.target", NULL);
  g_autofree char *link = g_build_filename (config_dir, "token.link", NULL);
  g_autofree char *token = NULL;

  reset_config ();
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents_full (target, "http://127.0.0.1:9 linked\n", -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_assert_cmpint (symlink (target, path), ==, 0);

  token = duban_secret_lookup ("http://127.0.0.1:9", NULL, &error);
  g_assert_null (token);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_PERM);
  g_clear_error (&error);
  g_unlink (path);

  g_assert_true (g_file_set_contents_full (target, "plain-token\n", -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_assert_cmpint (symlink (target, link), ==, 0);
  token = duban_read_token_file (link, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "plain-token");
  g_unlink (link);
  g_unlink (target);
}

int
main (int    argc,
      char **argv)
{
  int status;

  config_dir = g_dir_make_tmp ("duban-config-XXXXXX", NULL);
  /* before anything asks GLib for the user's directories */
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/token-origin/origin-normalised", test_origin_normalised);
  g_test_add_func ("/token-origin/not-sent-to-another-origin", test_not_sent_to_another_origin);
  g_test_add_func ("/token-origin/file-keeps-each-origin", test_file_keeps_each_origin);
  g_test_add_func ("/token-origin/old-format-sent-nowhere", test_old_format_sent_nowhere);
  g_test_add_func ("/token-origin/wrong-mode-refused", test_wrong_mode_refused);
  g_test_add_func ("/token-origin/fifo-refused", test_fifo_refused);
  g_test_add_func ("/token-origin/symlink", test_symlink);

  status = g_test_run ();

  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", config_dir);
    g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  }
  g_free (config_dir);
  return status;
}
