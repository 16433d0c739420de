/* duban-test.c — the fixtures the tests share */

#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/prctl.h>

#include "duban-test.h"

struct _DubanTestPlatform
{
  GSubprocess *process;
  char        *url;
};

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

DubanTestPlatform *
duban_test_platform_start (const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *program = g_getenv ("DUBAN_FEED");
  const char *prefix = "duban-feed listening on ";
  DubanTestPlatform *platform;

  g_assert_nonnull (program);
  g_ptr_array_add (argv, (gpointer) program);
  g_ptr_array_add (argv, "--port");
  g_ptr_array_add (argv, "0");
  for (; args != NULL && *args != NULL; args++)
    g_ptr_array_add (argv, (gpointer) *args);
  g_ptr_array_add (argv, NULL);

  platform = g_new0 (DubanTestPlatform, 1);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  platform->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  /* its first line says where it listens */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (platform->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, prefix));
  g_assert_true (g_str_has_prefix (line + strlen (prefix), "http://127.0.0.1:"));
  platform->url = g_strdup (line + strlen (prefix));

  return platform;
}

const char *
duban_test_platform_url (DubanTestPlatform *platform)
{
  g_assert_nonnull (platform);

  return platform->url;
}

void
duban_test_platform_stop (DubanTestPlatform *platform)
{
  if (platform == NULL)
    return;

  g_subprocess_force_exit (platform->process);
  g_subprocess_wait (platform->process, NULL, NULL);
  g_object_unref (platform->process);
  g_free (platform->url);
  g_free (platform);
}

gint64
duban_test_count_rows (const char *db_path,
                       const char *sql,
                       const char *bound)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (bound != NULL)
    g_assert_cmpint (sqlite3_bind_text (stmt, 1, bound, -1, SQLITE_TRANSIENT), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return n;
}

void
duban_test_assert_integrity (const char *db_path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

char *
duban_test_make_dir (const char *name)
{
  g_autofree char *template = g_strdup_printf ("duban-%s-XXXXXX", name);
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return path;
}

void
duban_test_remove_dir (const char *path)
{
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;
  GFile *child;

  if (path == NULL)
    return;

  dir = g_file_new_for_path (path);
  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL && g_file_enumerator_iterate (children, &info, &child, NULL, NULL) && info != NULL)
    {
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          g_autofree char *sub = g_file_get_path (child);

          duban_test_remove_dir (sub);
        }
      else
        g_file_delete (child, NULL, NULL);
    }
  g_file_delete (dir, NULL, NULL);
}
