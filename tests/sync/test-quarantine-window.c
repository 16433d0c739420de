/* test-quarantine-window.c — the desk's quarantine: reasons, masked raw
 * JSON, and an export that is private and audited
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "duban-quarantine-window.h"
#include "duban-session.h"
#include "duban-store.h"

static void
test_export (void)
{
  g_autofree char *dir = g_dir_make_tmp ("duban-quarantine-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "duban.db", NULL);
  g_autofree char *out = g_build_filename (dir, "quarantine.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanSession) session = NULL;
  DubanQuarantineWindow *window;
  GStatBuf st;
  sqlite3 *raw_db;
  sqlite3_stmt *stmt;

  {
    g_autoptr(DubanStore) store = duban_store_open (db, &error);

    g_assert_no_error (error);
    g_assert_true (duban_store_add_quarantine (store, "JXBAD1", "missing required field 'title'",
                                               "{\"id\":\"JXBAD1\",\"petitioner\":{\"name\":\"张三丰\",\"phone\":\"13812345678\"}}",
                                               duban_time_now (), &error));
    g_assert_true (duban_store_add_quarantine (store, NULL, "not JSON", "{\"tickets\":[{", duban_time_now (), &error));
  }

  session = duban_session_new (db);
  window = duban_quarantine_window_new (NULL, session);
  g_assert_true (duban_quarantine_window_export (window, out, &error));
  g_assert_no_error (error);

  /* private */
  g_assert_cmpint (g_stat (out, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* every record with its reason; personal data masked */
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "missing required field 'title'"));
  g_assert_nonnull (strstr (text, "not JSON"));
  g_assert_null (strstr (text, "13812345678"));
  g_assert_null (strstr (text, "张三丰"));
  g_assert_nonnull (strstr (text, "138****5678"));

  /* audited */
  g_assert_cmpint (sqlite3_open_v2 (db, &raw_db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (raw_db, "SELECT count(*) FROM audit_log WHERE action = 'export_quarantine'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (raw_db);

  gtk_window_destroy (GTK_WINDOW (window));
  g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/quarantine-window/export", test_export);

  return g_test_run ();
}
