/* bench-sync — a full sync of 200,000 tickets, beside a tight floor
 *
 * Starts duban-feed on loopback with N tickets (default 200,000), saves
 * its pages, and serves the very same bytes from a static server (this
 * program with --serve: pages from memory, keep-alive, no work per
 * request). Then, in the same run:
 *   1. the floor: the pages fetched in one connection, parsed by yajl's
 *      callbacks straight into one prepared INSERT per ticket, one
 *      transaction per page (WAL, synchronous=NORMAL), into a store of the
 *      desk's schema — what a sync cannot do without;
 *   2. the desk's full sync (duban_feed_client_sync, pages of 1,000) into
 *      an empty store from the static server;
 *   3. 1 and 2 again, ROUNDS times in turn (3 by default): the medians
 *      are compared, wall and CPU, so that the others' load on a shared
 *      machine falls on both alike; then the desk's sync from duban-feed
 *      itself (which builds each page as it is asked, and closes each
 *      connection), with tickets per second and peak RSS;
 *   4. what the desk's per-record reader costs on those pages (the yajl
 *      cut, which also writes each record's tokens; then the contract's
 *      validation from the tokens, duban_ticket_new_from_tokens), without
 *      the network or the store;
 *   5. the platform changes 1,000 tickets (SIGUSR1) and the incremental
 *      sync that brings them into the full store is timed.
 * Targets: the desk's sync from the static server ≤ 1.5× the floor (the
 * medians), peak RSS ≤ 300 MB, incremental ≤ 1 s.
 *
 *   bench-sync [N_TICKETS [ROUNDS]]
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <gio/gio.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <yajl/yajl_parse.h>

#include "duban-feed-client.h"
#include "duban-feed-client-private.h"
#include "duban-feed-page.h"
#include "duban-store.h"
#include "duban-ticket.h"

#define PAGE_SIZE 1000
#define MAX_ROUNDS 9

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (const double *values,
        guint         n)
{
  double sorted[MAX_ROUNDS];

  memcpy (sorted, values, n * sizeof *values);
  qsort (sorted, n, sizeof *sorted, compare_doubles);
  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static double
peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

static SoupSession *
loopback_session (void)
{
  SoupSession *session = soup_session_new_with_options ("max-conns", 1, "max-conns-per-host", 1, NULL);

  soup_session_set_proxy_resolver (session, NULL);
  return session;
}

static GBytes *
get_or_die (SoupSession *session,
            const char  *url,
            guint       *status)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  GBytes *body = soup_session_send_and_read (session, msg, NULL, &error);

  if (body == NULL)
    g_error ("GET %s: %s", url, error->message);
  *status = soup_message_get_status (msg);
  return body;
}

/* ---- the static server ---------------------------------------------------- */

/* DIR/index holds one line per answer: the request's key (a path, or
 * "page:" and the page token it answers, or "page:" alone for the first
 * page), a tab, and the file with its bytes. */
typedef struct {
  GHashTable *answers;   /* key → GBytes */
} Static;

static void
serve_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Static *s = user_data;
  g_autofree char *key = NULL;
  GBytes *body;

  if (g_str_equal (path, "/api/v1/tickets"))
    {
      const char *token = query != NULL ? g_hash_table_lookup (query, "page_token") : NULL;

      key = g_strconcat ("page:", token != NULL ? token : "", NULL);
    }
  else if (query != NULL && g_hash_table_lookup (query, "year") != NULL)
    key = g_strconcat (path, "?year=", (const char *) g_hash_table_lookup (query, "year"), NULL);
  else
    key = g_strdup (path);

  if ((body = g_hash_table_lookup (s->answers, key)) == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg), "application/json", NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static int
serve (const char *dir)
{
  g_autofree char *index_path = g_build_filename (dir, "index", NULL);
  g_autofree char *index = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GSList *uris;
  Static s = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref) };

  if (!g_file_get_contents (index_path, &index, NULL, &error))
    g_error ("%s", error->message);
  lines = g_strsplit (index, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *tab = strchr (lines[i], '\t');
      g_autoptr(GMappedFile) file = NULL;

      if (tab == NULL)
        continue;
      *tab = '\0';
      if (!(file = g_mapped_file_new (tab + 1, FALSE, &error)))
        g_error ("%s", error->message);
      g_hash_table_insert (s.answers, g_strdup (lines[i]), g_mapped_file_get_bytes (file));
    }

  soup_server_add_handler (server, NULL, serve_cb, &s, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("%s", error->message);
  uris = soup_server_get_uris (server);
  {
    g_autofree char *text = g_uri_to_string (uris->data);

    /* without the trailing slash, as duban-feed says it */
    if (g_str_has_suffix (text, "/"))
      text[strlen (text) - 1] = '\0';
    printf ("static listening on %s\n", text);
    fflush (stdout);
  }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_main_loop_run (loop);
  return 0;
}

/* Saves duban-feed's answers: every page of a full sync, the regions,
 * the units and the calendars a full sync asks for. */
static guint
capture (const char *url,
         const char *dir)
{
  g_autoptr(SoupSession) session = loopback_session ();
  g_autoptr(GString) index = g_string_new (NULL);
  g_autofree char *index_path = g_build_filename (dir, "index", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  const char *paths[] = { "/api/v1/regions", "/api/v1/units", NULL };
  guint n_pages = 0;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  int year = g_date_time_get_year (now);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autofree char *full = g_strconcat (url, paths[i], NULL);
      g_autofree char *file = g_strdup_printf ("%s/answer-%u.json", dir, i);
      g_autoptr(GBytes) body = NULL;
      guint status;

      body = get_or_die (session, full, &status);
      if (status != 200)
        continue;
      g_file_set_contents (file, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
      g_string_append_printf (index, "%s\t%s\n", paths[i], file);
    }
  for (int y = year - 1; y <= year + 1; y++)
    {
      g_autofree char *full = g_strdup_printf ("%s/api/v1/calendar?year=%d", url, y);
      g_autofree char *file = g_strdup_printf ("%s/calendar-%d.json", dir, y);
      g_autoptr(GBytes) body = NULL;
      guint status;

      body = get_or_die (session, full, &status);
      if (status != 200)
        continue;
      g_file_set_contents (file, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
      g_string_append_printf (index, "/api/v1/calendar?year=%d\t%s\n", y, file);
    }

  for (;;)
    {
      g_autofree char *escaped = token != NULL ? g_uri_escape_string (token, NULL, FALSE) : NULL;
      g_autofree char *page_url = token == NULL
        ? g_strdup_printf ("%s/api/v1/tickets?limit=%u", url, PAGE_SIZE)
        : g_strdup_printf ("%s/api/v1/tickets?limit=%u&page_token=%s", url, PAGE_SIZE, escaped);
      g_autofree char *file = g_strdup_printf ("%s/page-%05u.json", dir, n_pages);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *root;
      guint status;

      body = get_or_die (session, page_url, &status);
      if (status != 200)
        g_error ("GET %s: %u", page_url, status);
      g_file_set_contents (file, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
      g_string_append_printf (index, "page:%s\t%s\n", token != NULL ? token : "", file);
      n_pages++;

      /* untimed: the token is all that is wanted here */
      if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error))
        g_error ("%s", error->message);
      root = json_node_get_object (json_parser_get_root (parser));
      g_free (token);
      token = json_object_has_member (root, "next_page_token") &&
              !json_object_get_null_member (root, "next_page_token")
        ? g_strdup (json_object_get_string_member (root, "next_page_token")) : NULL;
      if (token == NULL)
        break;
    }

  if (!g_file_set_contents (index_path, index->str, index->len, &error))
    g_error ("%s", error->message);
  return n_pages;
}

static GSubprocess *
start_static (const char  *self_path,
              const char  *dir,
              char       **url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  GSubprocess *server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                          self_path, "--serve", dir, NULL);

  if (server == NULL)
    g_error ("%s", error->message);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  if (line == NULL || !g_str_has_prefix (line, "static listening on "))
    g_error ("the static server did not start");
  *url = g_strdup (line + strlen ("static listening on "));
  return server;
}

/* ---- the floor ------------------------------------------------------------ */

/* The desk's columns, by the JSON path that fills each. */
enum { F_TEXT, F_TIME, F_REAL, F_INT, F_BOOL };
static const struct {
  const char *path;
  int         column;   /* the INSERT's parameter */
  int         kind;
} fields[] = {
  { "id", 1, F_TEXT }, { "title", 2, F_TEXT }, { "description", 3, F_TEXT }, { "kind", 4, F_TEXT },
  { "category", 5, F_TEXT }, { "urgency", 6, F_TEXT }, { "source", 7, F_TEXT },
  { "petitioner.name", 8, F_TEXT }, { "petitioner.phone", 9, F_TEXT }, { "address", 10, F_TEXT },
  { "location.lat", 11, F_REAL }, { "location.lon", 12, F_REAL }, { "location.crs", 13, F_TEXT },
  { "grid_code", 14, F_TEXT }, { "unit.code", 15, F_TEXT }, { "unit.name", 16, F_TEXT },
  { "status", 17, F_TEXT }, { "received_at", 18, F_TIME }, { "dispatched_at", 19, F_TIME },
  { "first_contact_at", 20, F_TIME }, { "resolved_at", 21, F_TIME }, { "closed_at", 22, F_TIME },
  { "updated_at", 23, F_TIME }, { "extension.reason", 25, F_TEXT }, { "extension.measures", 26, F_TEXT },
  { "extension.promised_at", 27, F_TIME }, { "extension.filed_at", 28, F_TIME },
  { "extension.approved", 29, F_BOOL }, { "disposition", 30, F_TEXT }, { "evidence_count", 31, F_INT },
  { "handled_level", 32, F_TEXT }, { "satisfaction", 33, F_TEXT }, { "visited_at", 34, F_TIME },
  { "repeat_of", 35, F_TEXT },
};

typedef struct {
  sqlite3_stmt *insert;
  GHashTable   *by_path;     /* path → index into fields + 1 */
  char          stack[16];   /* 'm' or 'a' per open container */
  int           depth;
  gboolean      in_tickets;
  char          key[64];     /* the last key, at the depth of a ticket or below */
  char          parent[64];  /* the key of the nested object a ticket holds */
  char          root_key[64];
  guint         rows;
} Floor;

/* yajl's text is not NUL-terminated (g_strlcpy would run to the end of
 * the page looking for one) */
static void
copy_text (char       *buffer,
           gsize       size,
           const char *text,
           gsize       length)
{
  length = MIN (length, size - 1);
  memcpy (buffer, text, length);
  buffer[length] = '\0';
}

static int
floor_field (Floor         *f,
             const char    *text,
             size_t         length,
             int            type)
{
  char path[160];
  int index, column;

  /* a ticket is the object at depth 3 (the page, its tickets, the ticket) */
  if (!f->in_tickets || f->depth < 3 || f->depth > 4 || f->stack[f->depth - 1] != 'm')
    return 1;
  if (f->depth == 3)
    g_strlcpy (path, f->key, sizeof path);
  else
    g_snprintf (path, sizeof path, "%s.%s", f->parent, f->key);
  if ((index = GPOINTER_TO_INT (g_hash_table_lookup (f->by_path, path))) == 0)
    return 1;
  column = fields[index - 1].column;

  if (type == 'n')
    return 1;   /* null: the column stays NULL */
  switch (fields[index - 1].kind)
    {
    case F_TEXT:
      sqlite3_bind_text (f->insert, column, text, length, SQLITE_TRANSIENT);
      break;
    case F_TIME:
      {
        char buffer[64];
        DubanTime t;

        copy_text (buffer, sizeof buffer, text, length);
        if (duban_time_parse_rfc3339 (buffer, &t, NULL))
          sqlite3_bind_int64 (f->insert, column, t);
      }
      break;
    case F_REAL:
      {
        char buffer[64];

        copy_text (buffer, sizeof buffer, text, length);
        sqlite3_bind_double (f->insert, column, g_ascii_strtod (buffer, NULL));
      }
      break;
    case F_INT:
      {
        char buffer[32];

        copy_text (buffer, sizeof buffer, text, length);
        sqlite3_bind_int64 (f->insert, column, g_ascii_strtoll (buffer, NULL, 10));
      }
      break;
    case F_BOOL:
      sqlite3_bind_int (f->insert, column, type == 't');
      break;
    }
  return 1;
}

static int floor_null_cb (void *ctx) { return floor_field (ctx, NULL, 0, 'n'); }
static int floor_boolean_cb (void *ctx, int value) { return floor_field (ctx, NULL, 0, value ? 't' : 'f'); }
static int floor_number_cb (void *ctx, const char *text, size_t length) { return floor_field (ctx, text, length, '0'); }
static int floor_string_cb (void *ctx, const unsigned char *text, size_t length) { return floor_field (ctx, (const char *) text, length, 's'); }

static int
floor_map_key_cb (void                *ctx,
                  const unsigned char *text,
                  size_t               length)
{
  Floor *f = ctx;

  if (f->depth == 1)
    copy_text (f->root_key, sizeof f->root_key, (const char *) text, length);
  else
    copy_text (f->key, sizeof f->key, (const char *) text, length);
  return 1;
}

static int
floor_start_map_cb (void *ctx)
{
  Floor *f = ctx;

  g_assert (f->depth < (int) sizeof f->stack);
  f->stack[f->depth++] = 'm';
  if (f->in_tickets && f->depth == 3)
    {
      sqlite3_reset (f->insert);
      sqlite3_clear_bindings (f->insert);
      sqlite3_bind_int (f->insert, 24, 0);
      sqlite3_bind_int (f->insert, 31, 0);
    }
  else if (f->in_tickets && f->depth == 4)
    {
      g_strlcpy (f->parent, f->key, sizeof f->parent);
      if (g_str_equal (f->parent, "extension"))
        sqlite3_bind_int (f->insert, 24, 1);
    }
  return 1;
}

static int
floor_end_map_cb (void *ctx)
{
  Floor *f = ctx;

  if (f->in_tickets && f->depth == 3)
    {
      if (sqlite3_step (f->insert) != SQLITE_DONE)
        g_error ("floor: %s", sqlite3_errmsg (sqlite3_db_handle (f->insert)));
      f->rows++;
    }
  f->depth--;
  return 1;
}

static int
floor_start_array_cb (void *ctx)
{
  Floor *f = ctx;

  g_assert (f->depth < (int) sizeof f->stack);
  if (f->depth == 1 && g_str_equal (f->root_key, "tickets"))
    f->in_tickets = TRUE;
  f->stack[f->depth++] = 'a';
  return 1;
}

static int
floor_end_array_cb (void *ctx)
{
  Floor *f = ctx;

  if (--f->depth == 1)
    f->in_tickets = FALSE;
  return 1;
}

static const yajl_callbacks floor_callbacks = {
  floor_null_cb, floor_boolean_cb, NULL, NULL, floor_number_cb, floor_string_cb,
  floor_start_map_cb, floor_map_key_cb, floor_end_map_cb, floor_start_array_cb, floor_end_array_cb,
};

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("floor: %s: %s", sql, message);
}

/* The pages from @url in one connection, each parsed by yajl straight
 * into bound parameters and inserted in one transaction. */
static double
run_floor (const char *url,
           const char *db_path,
           GPtrArray  *tokens,
           guint      *rows,
           double     *cpu_s)
{
  double cpu_start;
  g_autoptr(DubanStore) schema = NULL;
  g_autoptr(SoupSession) session = loopback_session ();
  g_autoptr(GError) error = NULL;
  Floor f = { 0 };
  sqlite3 *db;
  gint64 start;

  g_unlink (db_path);
  if (!(schema = duban_store_open (db_path, &error)))
    g_error ("%s", error->message);
  g_clear_object (&schema);

  if (sqlite3_open (db_path, &db) != SQLITE_OK)
    g_error ("floor: cannot open %s", db_path);
  exec_or_die (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
  f.by_path = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_hash_table_insert (f.by_path, (gpointer) fields[i].path, GINT_TO_POINTER (i + 1));
  if (sqlite3_prepare_v3 (db,
        "INSERT OR REPLACE INTO tickets (id, title, description, kind, category, urgency, source,"
        " petitioner_name, petitioner_phone, address, lat, lon, crs, grid_code, unit_code, unit_name,"
        " status, received_at, dispatched_at, first_contact_at, resolved_at, closed_at, updated_at,"
        " has_extension, ext_reason, ext_measures, ext_promised_at, ext_filed_at, ext_approved,"
        " disposition, evidence_count, handled_level, satisfaction, visited_at, repeat_of)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
        " ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35)",
        -1, SQLITE_PREPARE_PERSISTENT, &f.insert, NULL) != SQLITE_OK)
    g_error ("floor: %s", sqlite3_errmsg (db));

  start = g_get_monotonic_time ();
  cpu_start = cpu_seconds ();
  for (guint i = 0; i < tokens->len; i++)
    {
      const char *token = g_ptr_array_index (tokens, i);
      g_autofree char *escaped = *token != '\0' ? g_uri_escape_string (token, NULL, FALSE) : NULL;
      g_autofree char *page_url = escaped == NULL
        ? g_strdup_printf ("%s/api/v1/tickets?limit=%u", url, PAGE_SIZE)
        : g_strdup_printf ("%s/api/v1/tickets?limit=%u&page_token=%s", url, PAGE_SIZE, escaped);
      g_autoptr(GBytes) body = NULL;
      yajl_handle handle;
      guint status;

      body = get_or_die (session, page_url, &status);
      exec_or_die (db, "BEGIN IMMEDIATE");
      handle = yajl_alloc (&floor_callbacks, NULL, &f);
      if (yajl_parse (handle, g_bytes_get_data (body, NULL), g_bytes_get_size (body)) != yajl_status_ok ||
          yajl_complete_parse (handle) != yajl_status_ok)
        g_error ("floor: page %u does not parse", i);
      yajl_free (handle);
      exec_or_die (db, "COMMIT");
    }
  *rows = f.rows;
  *cpu_s = cpu_seconds () - cpu_start;
  sqlite3_finalize (f.insert);
  sqlite3_close (db);
  g_hash_table_unref (f.by_path);
  return seconds_since (start);
}

/* The page tokens in order, "" for the first page, from DIR/index. */
static GPtrArray *
page_tokens (const char *dir)
{
  g_autofree char *index_path = g_build_filename (dir, "index", NULL);
  g_autofree char *index = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);

  if (!g_file_get_contents (index_path, &index, NULL, NULL))
    g_error ("cannot read %s", index_path);
  lines = g_strsplit (index, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "page:"))
      g_ptr_array_add (tokens, g_strndup (lines[i] + 5, strchr (lines[i], '\t') - lines[i] - 5));
  return tokens;
}

/* What the desk's reader of a page costs alone: the yajl cut into
 * records and their tokens (duban-feed-page.c), then each record
 * validated from its tokens (duban_ticket_new_from_tokens) into the
 * page's batch, as the sync's reader does (duban_feed_page_read_batch);
 * CPU seconds over every saved page. */
static double
reader_cost (const char *dir,
             guint       n_pages,
             double     *cut_s)
{
  double start = cpu_seconds (), cut = 0;

  for (guint i = 0; i < n_pages; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/page-%05u.json", dir, i);
      g_autofree char *text = NULL;
      g_autoptr(DubanFeedPage) page = NULL;
      g_autoptr(DubanSyncBatch) batch = NULL;
      gsize length;
      double before;

      if (!g_file_get_contents (path, &text, &length, NULL))
        g_error ("cannot read %s", path);
      before = cpu_seconds ();
      if (!(page = duban_feed_page_read (text, length, DUBAN_FEED_PAGE_TICKETS, NULL)))
        g_error ("page %u does not read", i);
      cut += cpu_seconds () - before;
      batch = duban_feed_page_read_batch (page, FALSE, duban_time_now ());
    }
  *cut_s = cut;
  return cpu_seconds () - start;
}

static double
desk_sync (const char     *url,
           const char     *db,
           DubanSyncStats *stats,
           double         *cpu_s)
{
  g_autoptr(DubanFeedClient) client = duban_feed_client_new (url);
  g_autoptr(GError) error = NULL;
  double cpu_start;
  gint64 start;

  duban_feed_client_set_page_size (client, PAGE_SIZE);
  cpu_start = cpu_seconds ();
  start = g_get_monotonic_time ();
  if (!duban_feed_client_sync (client, db, stats, NULL, NULL, NULL, &error))
    g_error ("sync: %s", error->message);
  *cpu_s = cpu_seconds () - cpu_start;
  return seconds_since (start);
}

int
main (int    argc,
      char **argv)
{
  guint n_tickets;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *floor_db = NULL;
  g_autofree char *n_text = NULL;
  g_autoptr(GSubprocess) feed = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GDataInputStream) err = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *url = NULL;
  g_autofree char *static_url = NULL;
  g_autofree char *cleanup = NULL;
  DubanSyncStats stats, static_stats = { 0 };
  double floor_s[MAX_ROUNDS], floor_cpu[MAX_ROUNDS], static_s[MAX_ROUNDS], static_cpu[MAX_ROUNDS];
  double feed_s, feed_cpu, incremental_s, incremental_cpu;
  double rss_full, rss_end, reader_s, cut_s;
  guint n_pages, rows = 0, n_rounds;
  gint64 start;

  setlocale (LC_ALL, "");
  if (argc == 3 && g_str_equal (argv[1], "--serve"))
    return serve (argv[2]);

  n_tickets = argc > 1 ? (guint) atoi (argv[1]) : 200000;
  n_rounds = CLAMP (argc > 2 ? atoi (argv[2]) : 3, 1, MAX_ROUNDS);
  dir = g_dir_make_tmp ("duban-bench-sync-XXXXXX", NULL);
  db = g_build_filename (dir, "duban.db", NULL);
  floor_db = g_build_filename (dir, "floor.db", NULL);
  n_text = g_strdup_printf ("%u", n_tickets);
  printf ("bench-sync: %u tickets, pages of %u, stores in %s\n", n_tickets, PAGE_SIZE, dir);

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

  n_pages = capture (url, dir);
  tokens = page_tokens (dir);
  server = start_static (argv[0], dir, &static_url);
  printf ("  %u pages saved, served as they are at %s\n", n_pages, static_url);

  /* 1–3. the floor and the desk's sync from the same bytes, in turns, so
   * that the others' load on the machine falls on both alike; medians */
  for (guint round = 0; round < n_rounds; round++)
    {
      g_autofree char *store_path = g_strdup_printf ("%s/static-%u.db", dir, round);

      floor_s[round] = run_floor (static_url, floor_db, tokens, &rows, &floor_cpu[round]);
      printf ("  round %u: floor %6.2f s (CPU %5.2f s, %u rows)", round + 1, floor_s[round], floor_cpu[round], rows);
      static_s[round] = desk_sync (static_url, store_path, &static_stats, &static_cpu[round]);
      printf ("   desk %6.2f s (CPU %5.2f s, %u pages, %u new)   %.2f×\n", static_s[round], static_cpu[round],
              static_stats.pages, static_stats.inserted, static_s[round] / floor_s[round]);
      g_remove (store_path);
    }
  rss_full = peak_rss_mb ();
  printf ("  floor (one connection, yajl, one prepared insert, a transaction a page): %6.2f s  %8.0f tickets/s  CPU %5.2f s\n",
          median (floor_s, n_rounds), rows / median (floor_s, n_rounds), median (floor_cpu, n_rounds));
  printf ("  desk sync from the static server:                                       %6.2f s  %8.0f tickets/s  CPU %5.2f s  peak RSS %.0f MB\n",
          median (static_s, n_rounds), static_stats.tickets / median (static_s, n_rounds), median (static_cpu, n_rounds), rss_full);

  feed_s = desk_sync (url, db, &stats, &feed_cpu);
  printf ("  desk sync from duban-feed (pages built as asked, a connection each):    %6.2f s  %8.0f tickets/s  CPU %5.2f s\n",
          feed_s, stats.tickets / feed_s, feed_cpu);

  /* 4. the per-record reader alone */
  reader_s = reader_cost (dir, n_pages, &cut_s);
  printf ("  the desk's reader alone: CPU %.2f s (the yajl cut and tokens %.2f s; validation per record %.2f s)\n",
          reader_s, cut_s, reader_s - cut_s);

  printf ("  desk sync / floor (medians of %u rounds): %.2f× (target ≤ 1.5×), CPU %.2f×; from duban-feed %.2f×; peak RSS %.0f MB (target ≤ 300 MB)\n",
          n_rounds, median (static_s, n_rounds) / median (floor_s, n_rounds),
          median (static_cpu, n_rounds) / median (floor_cpu, n_rounds),
          feed_s / median (floor_s, n_rounds), rss_full);

  /* 5. 1,000 changes on the platform, then the incremental sync */
  {
    g_autofree char *said = NULL;

    g_subprocess_send_signal (feed, SIGUSR1);
    said = g_data_input_stream_read_line_utf8 (err, NULL, NULL, &error);
    printf ("  platform: %s\n", said != NULL ? said : "(no answer)");
  }
  incremental_s = desk_sync (url, db, &stats, &incremental_cpu);
  rss_end = peak_rss_mb ();
  printf ("  incremental sync: %7.3f s  (%u pages: %u new, %u updated, %u deleted; target ≤ 1 s)  peak RSS %.0f MB\n",
          incremental_s, stats.pages, stats.inserted, stats.updated, stats.deleted, rss_end);

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  g_subprocess_send_signal (feed, SIGTERM);
  g_subprocess_wait (feed, NULL, NULL);
  cleanup = g_strdup_printf ("rm -rf '%s'", dir);
  g_spawn_command_line_sync (cleanup, NULL, NULL, NULL, NULL);
  return 0;
}
