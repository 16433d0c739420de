/* bench-search.c — a search of every ticket, at two million
 *
 * The queue's search looks at every ticket ever received. It used to read
 * them all whole into a desk of their own (duban_session_load_span_async()
 * without a span) and then keep the few the search finds; it now reads
 * only those (duban_desk_load_search(): the query's rule run by SQLite on
 * each row, duban-store-search.c). For each search this prints, each in a
 * process of its own so that its peak RSS is its own:
 *
 *   floor   SELECT count(*) FROM tickets WHERE instr(title, ?1) over the
 *           same store: one scan of the table, one column compared
 *   search  the desk of the search's tickets (the queue's read now)
 *   every   the desk of every ticket, then the query (the read before;
 *           with --every only, it takes long and gigabytes at 2M)
 *
 * with its wall and CPU time and what it found. With --session, the same
 * two reads as the desk's session makes them (its open tickets loaded
 * first, as at start; then duban_session_search_async(), or before it
 * duban_session_load_span_async() without a span), each process's peak
 * RSS (VmHWM) once the session is loaded and after the search's read.
 * Run by hand on a copy of a bench-scale store:
 *
 *   _build/tests/bench/bench-search [--every] STORE [SEARCH…]
 *   _build/tests/bench/bench-search --session STORE [SEARCH…]
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <time.h>

#include "duban-desk.h"
#include "duban-session.h"
#include "duban-ticket-query.h"

/* the bench moment of the scale stores (tests/bench/README.md) */
#define AT "2026-10-15T12:00:00+08:00"

static gint64
cpu_usec (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (gint64) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
         usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

static long
peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_maxrss * 1024L + 500000) / 1000000;
}

/* What the queue shows of a desk's tickets for @search (state "all open",
 * widened by the search): the count of matches. */
static guint
count_shown (DubanDesk  *desk,
             const char *search)
{
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
  guint counts[DUBAN_QUERY_N_STATES];
  DubanTicketQuery query;

  duban_ticket_query_init (&query);
  duban_ticket_query_set_search (&query, search);
  duban_ticket_query_select (&query, duban_desk_get_tickets (desk), duban_desk_get_statuses (desk),
                             indices, counts);
  duban_ticket_query_clear (&query);
  return indices->len;
}

/* kB of a /proc/self/status line, in MB */
static long
proc_status_mb (const char *key)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || !(line = strstr (status, key)))
    return -1;
  return (g_ascii_strtoll (line + strlen (key), NULL, 10) * 1024L + 500000) / 1000000;
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* The child of --session: the session loaded as at start, then one
 * search's read as the queue asks for it now ("search") or asked before
 * ("every"). */
static int
run_session (const char *mode,
             const char *path,
             const char *search)
{
  g_autoptr(DubanSession) session = duban_session_new (path);
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GAsyncResult) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanDesk) desk = NULL;
  long loaded_mb;
  gint64 start, cpu;

  duban_session_reload_async (session, NULL, result_cb, &loaded);
  if (!duban_session_reload_finish (session, wait_result (&loaded), &error))
    g_error ("%s: %s", path, error->message);
  /* and what it works out after the tickets are shown (the ladder's
   * matters), which would else run beside the search */
  while (duban_session_get_loading (session))
    g_main_context_iteration (NULL, TRUE);
  loaded_mb = proc_status_mb ("VmHWM:");

  start = g_get_monotonic_time ();
  cpu = cpu_usec ();
  if (g_str_equal (mode, "search"))
    {
      duban_session_search_async (session, search, NULL, result_cb, &read);
      desk = duban_session_search_finish (session, wait_result (&read), &error);
    }
  else
    {
      duban_session_load_span_async (session, DUBAN_TIME_NONE, DUBAN_TIME_NONE, NULL, result_cb, &read);
      desk = duban_session_load_span_finish (session, wait_result (&read), &error);
    }
  if (desk == NULL)
    g_error ("%s: %s", path, error->message);

  g_print ("{\"ms\":%.1f,\"cpu_ms\":%.1f,\"rss_mb\":%ld,\"read\":%u,\"found\":%u,\"loaded_mb\":%ld}\n",
           (g_get_monotonic_time () - start) / 1000.0, (cpu_usec () - cpu) / 1000.0, proc_status_mb ("VmHWM:"),
           duban_desk_get_tickets (desk)->len, count_shown (desk, search), loaded_mb);
  return 0;
}

/* The child: one read, one line of figures. */
static int
run_one (const char *mode,
         const char *path,
         const char *search)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanDesk) desk = NULL;
  DubanTime at;
  gint64 start = g_get_monotonic_time (), cpu = cpu_usec ();
  guint found = 0, read = 0;

  g_assert_true (duban_time_parse_rfc3339 (AT, &at, NULL));
  if (g_str_equal (mode, "floor"))
    {
      sqlite3 *db = NULL;
      sqlite3_stmt *stmt = NULL;

      if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
          sqlite3_prepare_v2 (db, "SELECT count(*) FROM tickets WHERE instr(title, ?1)", -1, &stmt, NULL) != SQLITE_OK)
        g_error ("%s: %s", path, sqlite3_errmsg (db));
      sqlite3_bind_text (stmt, 1, search, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        found = read = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
      sqlite3_close (db);
    }
  else
    {
      if (g_str_equal (mode, "search"))
        desk = duban_desk_load_search (path, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_TICKETS, search, at, NULL, &error);
      else
        /* what the queue asked the session for before: every ticket, as
         * duban_session_load_span_async() reads them without a span */
        desk = duban_desk_load (path, DUBAN_DESK_OPEN_EXISTING,
                                DUBAN_DESK_TICKETS | DUBAN_DESK_REGIONS | DUBAN_DESK_ORDERS |
                                DUBAN_DESK_REPEAT_DECISIONS, at, NULL, &error);
      if (desk == NULL)
        g_error ("%s: %s", path, error->message);
      read = duban_desk_get_tickets (desk)->len;
      found = count_shown (desk, search);
    }

  g_print ("{\"ms\":%.1f,\"cpu_ms\":%.1f,\"rss_mb\":%ld,\"read\":%u,\"found\":%u}\n",
           (g_get_monotonic_time () - start) / 1000.0, (cpu_usec () - cpu) / 1000.0, peak_rss_mb (),
           read, found);
  return 0;
}

typedef struct {
  double ms, cpu_ms, rss_mb, read, found, loaded_mb;
} Figures;

static gboolean session_mode;

static gboolean
run_child (const char *self_path,
           const char *mode,
           const char *path,
           const char *search,
           Figures    *out)
{
  const char *argv[] = { self_path, session_mode && !g_str_equal (mode, "floor") ? "--one-session" : "--one",
                         mode, path, search, NULL };
  g_autofree char *stdout_text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("\"ms\":([0-9.]+),\"cpu_ms\":([0-9.]+),\"rss_mb\":([0-9]+),"
                                         "\"read\":([0-9]+),\"found\":([0-9]+)", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  double *fields[] = { &out->ms, &out->cpu_ms, &out->rss_mb, &out->read, &out->found };
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &stdout_text, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("%s %s: %s\n", mode, search, error->message);
      return FALSE;
    }
  if (!g_regex_match (regex, stdout_text, 0, &match))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *text = g_match_info_fetch (match, i + 1);

      *fields[i] = g_ascii_strtod (text, NULL);
    }
  out->loaded_mb = -1;
  if (strstr (stdout_text, "\"loaded_mb\":") != NULL)
    out->loaded_mb = g_ascii_strtod (strstr (stdout_text, "\"loaded_mb\":") + strlen ("\"loaded_mb\":"), NULL);
  return TRUE;
}

static void
print_figures (const char    *what,
               const Figures *figures,
               const Figures *floor)
{
  g_print ("  %-8s %9.1f ms  (CPU %9.1f ms)  %6.2f× the floor (CPU %6.2f×)  peak RSS %5.0f MB  read %8.0f, shown %7.0f",
           what, figures->ms, figures->cpu_ms, figures->ms / MAX (floor->ms, 0.1),
           figures->cpu_ms / MAX (floor->cpu_ms, 0.1), figures->rss_mb, figures->read, figures->found);
  if (figures->loaded_mb >= 0)
    g_print ("  (the session loaded: %.0f MB)", figures->loaded_mb);
  g_print ("\n");
}

int
main (int   argc,
      char *argv[])
{
  static const char *default_searches[] = { "jx202609150001", "红绿灯", "黄堂村", "没有这样的工单", NULL };
  g_autofree char *self_path = NULL;
  gboolean every = FALSE;
  const char *path;
  const char **searches;

  setlocale (LC_ALL, "");
  if (argc == 5 && g_str_equal (argv[1], "--one"))
    return run_one (argv[2], argv[3], argv[4]);
  if (argc == 5 && g_str_equal (argv[1], "--one-session"))
    return run_session (argv[2], argv[3], argv[4]);

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (argc > 1 && g_str_equal (argv[1], "--every"))
    {
      every = TRUE;
      argc--, argv++;
    }
  else if (argc > 1 && g_str_equal (argv[1], "--session"))
    {
      /* the session's two reads, before and after */
      every = session_mode = TRUE;
      argc--, argv++;
    }
  if (argc < 2)
    {
      g_printerr ("usage: bench-search [--every | --session] STORE [SEARCH…]\n");
      return 2;
    }
  path = argv[1];
  searches = argc > 2 ? (const char **) argv + 2 : default_searches;

  g_print ("a search of every ticket in %s at %s: floor, the search's read%s%s\n", path, AT,
           every ? ", every ticket read (before)" : "",
           session_mode ? "; both as the session reads them, now, after loading its open tickets" : "");
  /* the table in the page cache first, as a desk that has run a while
   * has it: else the first figure is the disk's */
  {
    Figures warm;

    if (!run_child (self_path, "floor", path, "warm", &warm))
      return 1;
    g_print ("  (the table read once first: %.1f ms)\n", warm.ms);
  }
  for (guint s = 0; searches[s] != NULL; s++)
    {
      Figures floor, search, all;

      g_print ("search \"%s\"\n", searches[s]);
      if (!run_child (self_path, "floor", path, searches[s], &floor))
        return 1;
      print_figures ("floor", &floor, &floor);
      if (!run_child (self_path, "search", path, searches[s], &search))
        return 1;
      print_figures ("search", &search, &floor);
      if (every)
        {
          if (!run_child (self_path, "every", path, searches[s], &all))
            return 1;
          print_figures ("every", &all, &floor);
          if (all.found != search.found)
            g_print ("  DIFFERENT: every ticket shows %.0f, the search's read %.0f\n", all.found, search.found);
        }
    }
  return 0;
}
