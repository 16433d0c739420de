/* bench-sync — a full sync of 200,000 tickets, beside its floor
 *
 * Starts duban-feed on loopback with N tickets (default 200,000), then in
 * the same run:
 *   1. syncs them all into an empty store (duban_feed_client_sync, pages
 *      of 1,000), printing tickets per second and this process's peak RSS;
 *   2. measures the floor: the same pages fetched with curl, and the same
 *      rows inserted by the sqlite3 shell in one transaction (parsing the
 *      pages with its JSON functions);
 *   3. has the platform change 1,000 tickets (SIGUSR1) and times the
 *      incremental sync that brings them into the full store.
 * Targets: full sync ≤ 2× the floor, peak RSS ≤ 300 MB, incremental ≤ 1 s.
 *
 *   bench-sync [N_TICKETS]
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <gio/gio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "duban-feed-client.h"
#include "duban-store.h"

#define PAGE_SIZE 1000

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static double
peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

static void
run_or_die (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s", argv[0], error->message);
}

/* The next page token at the end of a page, found without parsing: the
 * floor must not pay for a JSON parser it does not need. */
static char *
next_page_token (const char *path)
{
  g_autofree char *text = NULL;
  gsize length;
  const char *key = "\"next_page_token\":\"";
  const char *found;

  if (!g_file_get_contents (path, &text, &length, NULL))
    g_error ("cannot read %s", path);
  found = g_strrstr (text, key);
  if (found == NULL)
    return NULL;
  found += strlen (key);
  return g_strndup (found, strchr (found, '"') - found);
}

int
main (int    argc,
      char **argv)
{
  guint n_tickets = argc > 1 ? (guint) atoi (argv[1]) : 200000;
  g_autofree char *dir = g_dir_make_tmp ("duban-bench-sync-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "duban.db", NULL);
  g_autofree char *floor_db = g_build_filename (dir, "floor.db", NULL);
  g_autofree char *n_text = g_strdup_printf ("%u", n_tickets);
  g_autoptr(GSubprocess) feed = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GDataInputStream) err = NULL;
  g_autoptr(DubanFeedClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *line = NULL;
  g_autofree char *url = NULL;
  g_autofree char *cleanup = NULL;
  DubanSyncStats stats;
  double sync_s, curl_s, sqlite_s, incremental_s, rss_full, rss_end;
  gint64 start;

  setlocale (LC_ALL, "");
  printf ("bench-sync: %u tickets, pages of %u, store in %s\n", n_tickets, PAGE_SIZE, dir);

  start = g_get_monotonic_time ();
  feed = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           DUBAN_FEED_PATH, "--port", "0", "--tickets", n_text,
                           "--now", "2026-10-15T12:00:00+08:00", NULL);
  if (feed == NULL)
    g_error ("%s", error->message);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (feed));
  err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (feed));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  if (line == NULL || !g_str_has_prefix (line, "duban-feed listening on "))
    g_error ("duban-feed did not start");
  url = g_strdup (line + strlen ("duban-feed listening on "));
  printf ("  platform generated and listening in %.1f s at %s\n", seconds_since (start), url);

  /* 1. the sync, into an empty store */
  client = duban_feed_client_new (url);
  duban_feed_client_set_page_size (client, PAGE_SIZE);
  start = g_get_monotonic_time ();
  if (!duban_feed_client_sync (client, db, &stats, NULL, NULL, NULL, &error))
    g_error ("sync: %s", error->message);
  sync_s = seconds_since (start);
  rss_full = peak_rss_mb ();
  printf ("  full sync:        %7.2f s  %8.0f tickets/s  (%u pages, %u new)  peak RSS %.0f MB\n",
           sync_s, stats.tickets / sync_s, stats.pages, stats.inserted, rss_full);

  /* 2a. the floor: the same pages with curl */
  start = g_get_monotonic_time ();
  for (char *token = NULL; ; )
    {
      g_autofree char *page_url = token == NULL
        ? g_strdup_printf ("%s/api/v1/tickets?limit=%u", url, PAGE_SIZE)
        : g_strdup_printf ("%s/api/v1/tickets?limit=%u&page_token=%s", url, PAGE_SIZE, token);
      char *path = g_strdup_printf ("%s/page-%05u.json", dir, pages->len);
      const char *curl[] = { "curl", "-sSf", "--noproxy", "*", "-o", path, page_url, NULL };

      run_or_die (curl);
      g_ptr_array_add (pages, path);
      g_free (token);
      token = next_page_token (path);
      if (token == NULL)
        break;
    }
  curl_s = seconds_since (start);

  /* 2b. the floor: the same rows by the sqlite3 shell, in one transaction,
   * into a store of the same schema */
  {
    g_autoptr(DubanStore) empty = duban_store_open (floor_db, &error);
    g_autofree char *script_path = g_build_filename (dir, "insert.sql", NULL);
    GString *script = g_string_new ("BEGIN;\n");
    const char *sqlite[] = { "sqlite3", floor_db, NULL, NULL };
    g_autofree char *read_arg = NULL;

    if (empty == NULL)
      g_error ("%s", error->message);
#define T(f) "CAST ((julianday (json_extract (value, '$." f "')) - 2440587.5) * 86400000000 AS INTEGER)"
    for (guint i = 0; i < pages->len; i++)
      g_string_append_printf (script,
        "INSERT OR REPLACE INTO tickets (id, title, description, kind, category, urgency, source,"
        " petitioner_name, petitioner_phone, address, lat, lon, crs, grid_code, unit_code, unit_name,"
        " status, received_at, dispatched_at, first_contact_at, resolved_at, closed_at, updated_at,"
        " has_extension, ext_reason, ext_measures, ext_promised_at, ext_filed_at, ext_approved,"
        " disposition, evidence_count, handled_level, satisfaction, visited_at, repeat_of)"
        " SELECT json_extract (value, '$.id'), json_extract (value, '$.title'), json_extract (value, '$.description'),"
        " json_extract (value, '$.kind'), json_extract (value, '$.category'), json_extract (value, '$.urgency'),"
        " json_extract (value, '$.source'), json_extract (value, '$.petitioner.name'), json_extract (value, '$.petitioner.phone'),"
        " json_extract (value, '$.address'), json_extract (value, '$.location.lat'), json_extract (value, '$.location.lon'),"
        " json_extract (value, '$.location.crs'), json_extract (value, '$.grid_code'), json_extract (value, '$.unit.code'),"
        " json_extract (value, '$.unit.name'), json_extract (value, '$.status'), " T ("received_at") ", " T ("dispatched_at") ","
        " " T ("first_contact_at") ", " T ("resolved_at") ", " T ("closed_at") ", " T ("updated_at") ","
        " json_extract (value, '$.extension') IS NOT NULL, json_extract (value, '$.extension.reason'),"
        " json_extract (value, '$.extension.measures'), " T ("extension.promised_at") ", " T ("extension.filed_at") ","
        " json_extract (value, '$.extension.approved'), json_extract (value, '$.disposition'),"
        " coalesce (json_extract (value, '$.evidence_count'), 0), json_extract (value, '$.handled_level'),"
        " json_extract (value, '$.satisfaction'), " T ("visited_at") ", json_extract (value, '$.repeat_of')"
        " FROM json_each (readfile ('%s'), '$.tickets');\n",
        (const char *) g_ptr_array_index (pages, i));
#undef T
    g_string_append (script, "COMMIT;\n");
    if (!g_file_set_contents (script_path, script->str, script->len, &error))
      g_error ("%s", error->message);
    g_string_free (script, TRUE);

    read_arg = g_strdup_printf (".read %s", script_path);
    sqlite[2] = read_arg;
    start = g_get_monotonic_time ();
    run_or_die (sqlite);
    sqlite_s = seconds_since (start);
  }
  printf ("  floor:            %7.2f s  %8.0f tickets/s  (curl %.2f s for %u pages + sqlite3 %.2f s)\n",
           curl_s + sqlite_s, stats.tickets / (curl_s + sqlite_s), curl_s, pages->len, sqlite_s);
  printf ("  full sync / floor: %.2f× (target ≤ 2×), peak RSS %.0f MB (target ≤ 300 MB)\n",
           sync_s / (curl_s + sqlite_s), rss_full);

  /* 3. 1,000 changes on the platform, then the incremental sync */
  {
    g_autofree char *said = NULL;

    g_subprocess_send_signal (feed, SIGUSR1);
    said = g_data_input_stream_read_line_utf8 (err, NULL, NULL, &error);
    printf ("  platform: %s\n", said != NULL ? said : "(no answer)");
  }
  start = g_get_monotonic_time ();
  if (!duban_feed_client_sync (client, db, &stats, NULL, NULL, NULL, &error))
    g_error ("incremental sync: %s", error->message);
  incremental_s = seconds_since (start);
  rss_end = peak_rss_mb ();
  printf ("  incremental sync: %7.3f s  (%u pages: %u new, %u updated, %u deleted; target ≤ 1 s)  peak RSS %.0f MB\n",
           incremental_s, stats.pages, stats.inserted, stats.updated, stats.deleted, rss_end);

  g_subprocess_send_signal (feed, SIGTERM);
  g_subprocess_wait (feed, NULL, NULL);
  cleanup = g_strdup_printf ("rm -rf '%s'", dir);
  g_spawn_command_line_sync (cleanup, NULL, NULL, NULL, NULL);
  return 0;
}
