/* test-store-open.c — opening the store, and duban-ctl's one line (issue 11, §9)
 *
 *   - a --db where there is no store: only `sync` creates one; every other
 *     command fails with one line and leaves no folder and no file behind;
 *   - three first opens of a new store at once all succeed: the schema is
 *     migrated once, under the write lock;
 *   - a store another program left readable by others (0644, and its
 *     -wal and -shm) is owner-only again once opened;
 *   - where duban-ctl promises one line on stderr, one line: a full disk
 *     during an export (libxlsxwriter prints its own errors), and a moment
 *     thousands of years out, which has no working-day calendar.
 *
 * Real duban-ctl processes against a real duban-feed, as a script would
 * run them. A full disk is a file-size limit (RLIMIT_FSIZE) in the child:
 * every write past it fails as on a full file system, without root.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "duban-calendar.h"
#include "duban-store.h"
#include "duban-test.h"

#define NOW "2026-10-15T12:00:00+08:00"

static char *tmpdir;
static char *feed_url;
static DubanTestPlatform *platform;

static const char *
program (const char *variable)
{
  const char *path = g_getenv (variable);

  if (path == NULL)
    g_error ("%s is not set (meson sets it)", variable);
  return path;
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* A disk with @user_data bytes left for each file */
static void
limit_file_size (gpointer user_data)
{
  struct rlimit limit = { GPOINTER_TO_UINT (user_data), GPOINTER_TO_UINT (user_data) };

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  /* a write past the limit fails with EFBIG, as one on a full disk with ENOSPC */
  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

static GSubprocess *
spawn_ctl (const char        *db,
           GSpawnChildSetupFunc setup,
           gpointer           setup_data,
           const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *child;

  g_ptr_array_add (argv, (gpointer) program ("DUBAN_CTL"));
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, (gpointer) db);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_child_setup (launcher, setup != NULL ? setup : die_with_parent, setup_data, NULL);
  child = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return child;
}

/* Waits for @child: its exit status, its stderr in @err. */
static int
finish_ctl (GSubprocess  *child,
            char        **err)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_assert_true (g_subprocess_communicate_utf8 (child, NULL, NULL, &out, err, &error));
  g_assert_no_error (error);
  g_test_message ("stderr: %s", *err);
  g_assert_true (g_subprocess_get_if_exited (child));
  return g_subprocess_get_exit_status (child);
}

static int
run_ctl (const char         *db,
         char              **err,
         GSpawnChildSetupFunc setup,
         gpointer            setup_data,
         const char * const *args)
{
  g_autoptr(GSubprocess) child = spawn_ctl (db, setup, setup_data, args);

  return finish_ctl (child, err);
}

/* Exactly one line, ending in a newline */
static void
assert_one_line (const char *text)
{
  g_assert_true (g_str_has_suffix (text, "\n"));
  g_assert_true (strchr (text, '\n') == text + strlen (text) - 1);
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static void
sync_store (const char *db)
{
  const char *sync[] = { "sync", "--feed", feed_url, NULL };
  g_autofree char *err = NULL;

  g_assert_cmpint (run_ctl (db, &err, NULL, NULL, sync), ==, 0);
}

/* ---- no store at --db ---------------------------------------------------- */

static void
test_missing_store (void)
{
  g_autofree char *top = g_build_filename (tmpdir, "missing", NULL);
  g_autofree char *db = g_build_filename (top, "deeper", "duban.db", NULL);
  g_autofree char *csv = g_build_filename (tmpdir, "missing.csv", NULL);
  const char *status[] = { "status", NULL };
  const char *overdue[] = { "overdue", "--at", NOW, NULL };
  const char *figures[] = { "figures", "--from", "2026-09-01", "--to", "2026-09-30", "--at", NOW, NULL };
  const char *report[] = { "report", "--kind", "bulletin", "--from", "2026-09-01", "--to", "2026-09-30",
                           "--at", NOW, "--out", csv, NULL };
  const char *quarantine[] = { "quarantine", NULL };
  const char * const *commands[] = { status, overdue, figures, report, quarantine };
  g_autofree char *deeper = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *err = NULL;

      g_test_message ("duban-ctl %s at a path with no store", commands[i][0]);
      g_assert_cmpint (run_ctl (db, &err, NULL, NULL, commands[i]), ==, 1);
      assert_one_line (err);
      g_assert_true (g_str_has_prefix (err, "duban-ctl: "));
      g_assert_nonnull (strstr (err, db));
      /* nothing made: not the store, not its folders, not the export */
      g_assert_false (g_file_test (top, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
    }

  /* sync makes the folders and the store, owner-only */
  sync_store (db);
  g_assert_cmpuint (file_mode (db), ==, 0600);
  deeper = g_path_get_dirname (db);
  g_assert_cmpuint (file_mode (deeper), ==, 0700);
  g_assert_cmpuint (file_mode (top), ==, 0700);
  {
    g_autofree char *err = NULL;

    g_assert_cmpint (run_ctl (db, &err, NULL, NULL, status), ==, 0);
  }
}

/* ---- concurrent first opens ---------------------------------------------- */

static void
test_concurrent_first_open (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "concurrent.db", NULL);
  const char *sync[] = { "sync", "--feed", feed_url, NULL };
  GSubprocess *children[3];
  sqlite3 *holder;

  /* A new store, as the first open leaves it before migrating, whose
   * write lock this test holds while three syncs start: each of them
   * reads the schema version while the store is still empty, and waits
   * for the lock. (The wait below only makes it likely that all three
   * are waiting when the lock is let go; the verdict never depends on it:
   * with migrations done under the lock every sync succeeds, however late
   * it comes.) */
  g_assert_cmpint (sqlite3_open_v2 (db, &holder, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (g_chmod (db, 0600), ==, 0);
  g_assert_cmpint (sqlite3_exec (holder, "PRAGMA journal_mode = WAL", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (holder, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    children[i] = spawn_ctl (db, NULL, NULL, sync);
  g_usleep (2 * G_USEC_PER_SEC);
  g_assert_cmpint (sqlite3_exec (holder, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (holder);

  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    {
      g_autofree char *err = NULL;

      g_assert_cmpint (finish_ctl (children[i], &err), ==, 0);
      g_assert_cmpstr (err, ==, "");
      g_object_unref (children[i]);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DubanStore) store = duban_store_open_existing (db, &error);

    g_assert_no_error (error);
    g_assert_cmpint (duban_store_get_schema_version (store), ==, DUBAN_STORE_SCHEMA_VERSION);
    g_assert_cmpint (duban_store_count_tickets (store), ==, 300);
  }
}

/* ---- owner-only ----------------------------------------------------------- */

static void
test_owner_only (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "shared.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);
  const char *files[] = { db, wal, shm };
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) first = duban_store_open (db, &error);
  g_autoptr(DubanStore) again = NULL;

  g_assert_no_error (error);
  /* while one connection is open, the -wal and -shm are there too; as
   * another program, or a cp, might leave them */
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_assert_cmpint (g_chmod (files[i], 0644), ==, 0);

  again = duban_store_open (db, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_test_message ("%s", files[i]);
      g_assert_cmpuint (file_mode (files[i]), ==, 0600);
    }

  /* and from duban-ctl, which only opens an existing store */
  g_clear_object (&again);
  g_assert_cmpint (g_chmod (db, 0640), ==, 0);
  {
    const char *status[] = { "status", NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (run_ctl (db, &err, NULL, NULL, status), ==, 0);
    g_assert_cmpuint (file_mode (db), ==, 0600);
  }
}

/* ---- one line on stderr --------------------------------------------------- */

static void
test_export_disk_full (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "full.db", NULL);
  g_autofree char *out_dir = g_build_filename (tmpdir, "full", NULL);
  static const char *const formats[] = { "xlsx", "pdf", "csv" };
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) holder = NULL;

  sync_store (db);
  /* Held open here, the store keeps its -shm (32 KiB) and its -wal, so
   * the child need not grow them: what fails is the export's writing. */
  holder = duban_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (out_dir, 0700), ==, 0);

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autofree char *name = g_strdup_printf ("bulletin.%s", formats[f]);
      g_autofree char *out = g_build_filename (out_dir, name, NULL);
      const char *report[] = { "report", "--kind", "bulletin", "--from", "2026-09-01", "--to", "2026-09-30",
                               "--at", NOW, "--out", out, NULL };
      g_autofree char *err = NULL;
      g_autoptr(GDir) dir = NULL;

      g_test_message ("a %s export on a full disk", formats[f]);
      /* a bulletin of 300 tickets is more than 4 KiB in any form */
      g_assert_cmpint (run_ctl (db, &err, limit_file_size, GUINT_TO_POINTER (4096), report), ==, 1);
      assert_one_line (err);
      g_assert_true (g_str_has_prefix (err, "duban-ctl: "));
      g_assert_null (strstr (err, "[ERROR]"));
      /* nothing left behind, not even the temporary file */
      dir = g_dir_open (out_dir, 0, &error);
      g_assert_no_error (error);
      g_assert_null (g_dir_read_name (dir));
    }
}

static void
test_far_future_one_warning (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "future.db", NULL);
  const char *overdue[] = { "overdue", "--at", "9999-12-31T00:00:00+08:00", NULL };
  const char *status[] = { "status", "--at", "9999-12-31T00:00:00+08:00", NULL };
  const char * const *commands[] = { overdue, status };

  sync_store (db);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *err = NULL;

      g_assert_cmpint (run_ctl (db, &err, NULL, NULL, commands[i]), ==, 0);
      /* one warning, naming the years without a calendar as a range */
      assert_one_line (err);
      g_assert_nonnull (strstr (err, "9999"));
    }
}

static void
test_format_years (void)
{
  int list[] = { 2025, 2027, 2028, 2029, 2031, 2032, 2040 };
  g_autoptr(GArray) years = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree char *text = NULL;
  g_autofree char *one = NULL;
  g_autofree char *none = NULL;

  g_array_append_vals (years, list, G_N_ELEMENTS (list));
  text = duban_calendar_format_years (years);
  g_assert_cmpstr (text, ==, "2025, 2027–2029, 2031, 2032, 2040");

  g_array_set_size (years, 1);
  one = duban_calendar_format_years (years);
  g_assert_cmpstr (one, ==, "2025");

  g_array_set_size (years, 0);
  none = duban_calendar_format_years (years);
  g_assert_cmpstr (none, ==, "");
}

/* ---- the platform ---------------------------------------------------------- */

static void
start_feed (void)
{
  const char *args[] = { "--seed", "5", "--tickets", "300", "--now", NOW, NULL };

  platform = duban_test_platform_start (args);
  feed_url = g_strdup (duban_test_platform_url (platform));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  /* the messages checked here are the untranslated ones */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  tmpdir = g_dir_make_tmp ("duban-store-open-XXXXXX", NULL);
  start_feed ();

  g_test_add_func ("/store-open/missing-store", test_missing_store);
  g_test_add_func ("/store-open/concurrent-first-open", test_concurrent_first_open);
  g_test_add_func ("/store-open/owner-only", test_owner_only);
  g_test_add_func ("/store-open/export-disk-full", test_export_disk_full);
  g_test_add_func ("/store-open/far-future-one-warning", test_far_future_one_warning);
  g_test_add_func ("/store-open/format-years", test_format_years);

  status = g_test_run ();

  g_clear_pointer (&platform, duban_test_platform_stop);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  }
  return status;
}
