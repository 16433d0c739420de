/* The hostile-platform catalogue (issue 11 §3, §4, §8, §9): a platform
 * that overwrites one ticket with another, pages forever, answers a byte
 * at a time or not at all, nests one record past the limit, stamps its
 * tickets by a clock the workstation does not share, or sends the same
 * key twice. Each case has its own small server: a SoupServer for pages,
 * a bare socket for servers that break HTTP itself.
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "duban-feed-client.h"
#include "duban-open311.h"
#include "duban-store.h"

typedef struct _Fixture Fixture;
/* Returns the body of the answer to /api/v1/tickets, or NULL for a 404. */
typedef char *(*ServeFunc) (Fixture *f, const char *page_token);

struct _Fixture {
  SoupServer *server;
  char       *url;
  char       *dir;
  char       *db;
  ServeFunc   serve;
  const char *body;        /* for serve_body */
  guint       requests;    /* to /api/v1/tickets */
};

static const char *ticket_fmt =
  "{\"id\":\"%s\",\"title\":\"%s\",\"kind\":\"complaint\",\"category\":\"供水\","
  "\"urgency\":\"normal\",\"status\":\"%s\","
  "\"received_at\":\"%s\",\"updated_at\":\"%s\"}";

static char *
ticket_json (const char *id,
             const char *title,
             const char *status,
             const char *received_at,
             const char *updated_at)
{
  return g_strdup_printf (ticket_fmt, id, title, status, received_at, updated_at);
}

static char *
last_page (const char *tickets,
           const char *deleted)
{
  return g_strdup_printf ("{\"tickets\":[%s],\"deleted_ids\":[%s],\"next_page_token\":null,"
                          "\"sync_token\":\"t1\",\"server_time\":\"2026-10-10T12:00:00+08:00\"}",
                          tickets, deleted ? deleted : "");
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  Fixture *f = user_data;
  char *body = NULL;

  if (g_str_equal (path, "/api/v1/tickets"))
    {
      f->requests++;
      body = f->serve (f, query ? g_hash_table_lookup (query, "page_token") : NULL);
    }

  if (body == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"error\":{\"code\":\"not_found\",\"message\":\"no\"}}", 41);
      return;
    }

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, strlen (body));
}

static char *
serve_body (Fixture    *f,
            const char *page_token)
{
  return g_strdup (f->body);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  f->serve = serve_body;
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handle, f, NULL);
  g_assert_true (soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->url = g_uri_to_string (uris->data);
  if (g_str_has_suffix (f->url, "/"))
    f->url[strlen (f->url) - 1] = '\0';
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  f->dir = g_dir_make_tmp ("duban-hostile-XXXXXX", NULL);
  f->db = g_build_filename (f->dir, "duban.db", NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_object (&f->server);
  g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  g_free (f->url);
  g_free (f->dir);
  g_free (f->db);
}

typedef struct {
  gboolean        done;
  gboolean        ok;
  DubanSyncStats  stats;
  GError         *error;
} Result;

static void
on_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Result *r = user_data;

  r->ok = duban_feed_client_sync_finish (DUBAN_FEED_CLIENT (source), res, &r->stats, &r->error);
  r->done = TRUE;
}

static gboolean
sync_with (const char      *url,
           const char      *db,
           guint            timeout,
           DubanSyncStats  *stats,
           GError         **error)
{
  g_autoptr(DubanFeedClient) client = duban_feed_client_new (url);
  Result r = { 0 };

  if (timeout > 0)
    duban_feed_client_set_timeout (client, timeout);
  duban_feed_client_sync_async (client, db, NULL, NULL, NULL, on_done, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);

  if (stats)
    *stats = r.stats;
  if (r.error)
    g_propagate_error (error, r.error);
  return r.ok;
}

static gboolean
sync_once (Fixture        *f,
           DubanSyncStats *stats,
           GError        **error)
{
  return sync_with (f->url, f->db, 0, stats, error);
}

static void
seed (Fixture    *f,
      const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = duban_store_open (f->db, &error);
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(DubanTicket) ticket = duban_ticket_new_from_json (node, &error);

  g_assert_no_error (error);
  g_assert_true (duban_store_upsert_ticket (store, ticket, NULL, &error));
  g_assert_no_error (error);
}

/* The store has synced with this platform before: the next sync is
 * incremental, and sweeps nothing. */
static void
make_incremental (Fixture *f)
{
  g_autoptr(DubanStore) store = duban_store_open (f->db, NULL);

  g_assert_true (duban_store_set_state (store, "feed_url", f->url, NULL));
  g_assert_true (duban_store_set_state (store, "sync_token", "t0", NULL));
}

static GPtrArray *
quarantine (Fixture *f)
{
  g_autoptr(DubanStore) store = duban_store_open (f->db, NULL);
  GPtrArray *records = duban_store_load_quarantine (store, NULL);

  for (guint i = 0; i < records->len; i++)
    {
      const DubanQuarantineRecord *record = g_ptr_array_index (records, i);

      g_test_message ("quarantined %s: %s", record->ticket_id ? record->ticket_id : "(no id)", record->reason);
    }
  return records;
}

static const DubanQuarantineRecord *
find_reason (GPtrArray  *records,
             const char *part)
{
  for (guint i = 0; i < records->len; i++)
    {
      const DubanQuarantineRecord *record = g_ptr_array_index (records, i);

      if (strstr (record->reason, part) != NULL)
        return record;
    }
  return NULL;
}

static DubanTicket *
stored (Fixture    *f,
        const char *id)
{
  g_autoptr(DubanStore) store = duban_store_open (f->db, NULL);

  return duban_store_get_ticket (store, id, NULL);
}

static gboolean
is_stored (Fixture    *f,
           const char *id)
{
  g_autoptr(DubanTicket) ticket = stored (f, id);

  return ticket != NULL;
}

/* ---- §3: one ticket overwrites another -------------------------------- */

#define GENUINE "{\"id\":\"JX-REAL\",\"title\":\"真的工单\",\"kind\":\"complaint\",\"category\":\"供水\"," \
                "\"urgency\":\"normal\",\"status\":\"in_progress\",\"petitioner\":{\"name\":\"端木赐\"}," \
                "\"received_at\":\"2026-10-09T14:03:00+08:00\",\"updated_at\":\"2026-10-09T14:05:00+08:00\"}"

static void
assert_genuine_kept (Fixture *f)
{
  g_autoptr(DubanTicket) real = stored (f, "JX-REAL");

  g_assert_nonnull (real);
  g_assert_cmpstr (real->title, ==, "真的工单");
  g_assert_cmpstr (real->petitioner_name, ==, "端木赐");
  g_assert_cmpint (real->status, ==, DUBAN_STATUS_IN_PROGRESS);
}

static void
test_nul_in_id (Fixture *f, gconstpointer data)
{
  g_autofree char *impostor = ticket_json ("JX-REAL\\u0000x", "冒名顶替", "cancelled",
                                           "2026-10-09T14:03:00+08:00", "2026-10-10T09:00:00+08:00");
  g_autofree char *page = last_page (impostor, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  const DubanQuarantineRecord *record;
  DubanSyncStats stats;

  seed (f, GENUINE);
  make_incremental (f);
  f->body = page;
  g_assert_true (sync_once (f, &stats, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (stats.updated, ==, 0);
  g_assert_cmpuint (stats.quarantined, ==, 1);
  records = quarantine (f);
  g_assert_cmpuint (records->len, ==, 1);
  record = find_reason (records, "U+0000");
  g_assert_nonnull (record);
  /* the id as sent, not the genuine one it was cut to */
  g_assert_cmpstr (record->ticket_id, ==, "JX-REAL\\u0000x");
  assert_genuine_kept (f);
}

/* A NUL anywhere in what the desk reads: a value, or a name that json-glib
 * would cut to "id" and so take over the record's id. */
static void
test_nul_in_any_string (Fixture *f, gconstpointer data)
{
  g_autofree char *in_title = ticket_json ("JXN1", "标题\\u0000隐藏", "received",
                                           "2026-10-09T14:03:00+08:00", "2026-10-09T14:05:00+08:00");
  const char *in_name =
    "{\"id\":\"JXN2\",\"id\\u0000\":\"JX-REAL\",\"title\":\"冒名\",\"kind\":\"complaint\",\"category\":\"供水\","
    "\"urgency\":\"normal\",\"status\":\"cancelled\","
    "\"received_at\":\"2026-10-09T14:03:00+08:00\",\"updated_at\":\"2026-10-10T09:00:00+08:00\"}";
  g_autofree char *tickets = g_strdup_printf ("%s,%s", in_title, in_name);
  /* and a deletion of "JX-REAL\0x" must not delete JX-REAL */
  g_autofree char *page = last_page (tickets, "\"JX-REAL\\u0000x\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  DubanSyncStats stats;

  seed (f, GENUINE);
  make_incremental (f);
  f->body = page;
  g_assert_true (sync_once (f, &stats, &error));
  g_assert_no_error (error);

  records = quarantine (f);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_nonnull (find_reason (records, "field 'title' holds U+0000"));
  g_assert_nonnull (find_reason (records, "a field name holds U+0000"));
  g_assert_cmpuint (stats.inserted + stats.updated + stats.deleted, ==, 0);
  g_assert_false (is_stored (f, "JXN1"));
  assert_genuine_kept (f);
}

/* Half a surrogate pair in a \u escape is no character: yajl would read
 * a lone high half as "?", so the record goes to quarantine with its
 * reason; a whole pair is a character like any other. */
static void
test_lone_surrogate (Fixture *f, gconstpointer data)
{
  g_autofree char *lone = ticket_json ("JXS1", "半个\\ud800", "received",
                                       "2026-10-09T14:03:00+08:00", "2026-10-09T14:05:00+08:00");
  g_autofree char *pair = ticket_json ("JXS2", "一对\\ud83d\\ude00", "received",
                                       "2026-10-09T14:03:00+08:00", "2026-10-09T14:05:00+08:00");
  g_autofree char *tickets = g_strdup_printf ("%s,%s", lone, pair);
  g_autofree char *page = last_page (tickets, "");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  DubanSyncStats stats;

  seed (f, GENUINE);
  make_incremental (f);
  f->body = page;
  g_assert_true (sync_once (f, &stats, &error));
  g_assert_no_error (error);

  records = quarantine (f);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_nonnull (find_reason (records, "the record holds a \\u escape of half a UTF-16 surrogate pair"));
  g_assert_false (is_stored (f, "JXS1"));
  g_assert_true (is_stored (f, "JXS2"));
  assert_genuine_kept (f);
}

static void
test_nul_in_deleted_id (Fixture *f, gconstpointer data)
{
  /* an incremental sync: nothing is swept, so only the deletion could
   * remove JX-REAL */
  g_autofree char *page = last_page ("", "\"JX-REAL\\u0000x\"");
  g_autoptr(GError) error = NULL;
  DubanSyncStats stats;

  seed (f, GENUINE);
  make_incremental (f);

  f->body = page;
  g_assert_true (sync_once (f, &stats, &error));
  g_assert_no_error (error);
  g_assert_false (stats.full);
  g_assert_cmpuint (stats.deleted, ==, 0);
  assert_genuine_kept (f);
}

static void
test_bad_ids (Fixture *f, gconstpointer data)
{
  const char *ids[] = { "JX\\u0001A", ".", "..", "JX\\u007F", "JX\\u0085B", "JX\\nB" };
  g_autoptr(GString) tickets = g_string_new (NULL);
  g_autofree char *page = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *good = ticket_json ("JXGOOD", "好的", "received",
                                       "2026-10-09T14:03:00+08:00", "2026-10-09T14:05:00+08:00");

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *bad = ticket_json (ids[i], "坏的编号", "received",
                                          "2026-10-09T14:03:00+08:00", "2026-10-09T14:05:00+08:00");

      g_string_append_printf (tickets, "%s,", bad);
    }
  g_string_append (tickets, good);
  f->body = page = last_page (tickets->str, NULL);

  g_assert_true (sync_once (f, NULL, &error));
  g_assert_no_error (error);
  records = quarantine (f);
  g_assert_cmpuint (records->len, ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < records->len; i++)
    g_assert_nonnull (strstr (((DubanQuarantineRecord *) g_ptr_array_index (records, i))->reason,
                              "not a valid ticket id"));
  g_assert_true (is_stored (f, "JXGOOD"));
}

/* ---- §4: syncs that never end --------------------------------------- */

/* Pre-fix these looped for ever; the server ends after 50 pages so that a
 * client that does not notice fails the test instead of hanging it. */
#define GIVE_UP_AFTER 50

static char *
serve_same_token (Fixture    *f,
                  const char *page_token)
{
  g_autofree char *ticket = ticket_json ("JXLOOP", "循环", "received",
                                         "2026-10-09T14:03:00+08:00", "2026-10-09T14:05:00+08:00");

  if (f->requests > GIVE_UP_AFTER)
    return last_page (ticket, NULL);
  return g_strdup_printf ("{\"tickets\":[%s],\"deleted_ids\":[],\"next_page_token\":\"same\","
                          "\"server_time\":\"2026-10-10T12:00:00+08:00\"}", ticket);
}

static char *
serve_fresh_tokens (Fixture    *f,
                    const char *page_token)
{
  g_autofree char *ticket = ticket_json ("JXLOOP", "循环", "received",
                                         "2026-10-09T14:03:00+08:00", "2026-10-09T14:05:00+08:00");

  if (f->requests > GIVE_UP_AFTER)
    return last_page (ticket, NULL);
  return g_strdup_printf ("{\"tickets\":[%s],\"deleted_ids\":[],\"next_page_token\":\"p%u\","
                          "\"server_time\":\"2026-10-10T12:00:00+08:00\"}", ticket, f->requests);
}

static void
test_same_page_token (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->serve = serve_same_token;
  g_assert_false (sync_once (f, NULL, &error));
  g_assert_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_MALFORMED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "'same' a second time"));
  g_assert_cmpuint (f->requests, ==, 2);
  /* the loop's pages were stored as they came; nothing is lost */
  g_assert_true (is_stored (f, "JXLOOP"));
}

static void
test_fresh_tokens_same_ticket (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->serve = serve_fresh_tokens;
  g_assert_false (sync_once (f, NULL, &error));
  g_assert_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_MALFORMED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "in a row with nothing new"));
  /* the first page brings the ticket, five more bring nothing */
  g_assert_cmpuint (f->requests, ==, 6);
}

/* A server that breaks HTTP itself: one thread per connection. */
typedef enum {
  RAW_TRICKLE_HEADERS,  /* a byte of the status line and headers every 100 ms */
  RAW_SILENT,           /* reads the request, answers nothing */
} RawMode;

typedef struct {
  GSocketService *service;
  char           *url;
  RawMode         mode;
  gint            connections;
  gint            active;      /* connection threads still running */
  gint            stop;
} RawServer;

static gboolean
raw_wait (RawServer *raw,
          guint      ms)
{
  for (guint waited = 0; waited < ms; waited += 20)
    {
      if (g_atomic_int_get (&raw->stop))
        return FALSE;
      g_usleep (20 * 1000);
    }
  return TRUE;
}

static gboolean raw_serve (RawServer *raw, GInputStream *in, GOutputStream *out);

static gboolean
raw_run_cb (GThreadedSocketService *service,
            GSocketConnection      *connection,
            GObject                *source,
            gpointer                user_data)
{
  RawServer *raw = user_data;

  g_atomic_int_inc (&raw->active);
  raw_serve (raw, g_io_stream_get_input_stream (G_IO_STREAM (connection)),
             g_io_stream_get_output_stream (G_IO_STREAM (connection)));
  g_atomic_int_add (&raw->active, -1);
  return TRUE;
}

static gboolean
raw_serve (RawServer     *raw,
           GInputStream  *in,
           GOutputStream *out)
{
  g_autoptr(GString) request = g_string_new (NULL);
  char c;

  g_atomic_int_inc (&raw->connections);

  while (!g_str_has_suffix (request->str, "\r\n\r\n") &&
         g_input_stream_read (in, &c, 1, NULL, NULL) == 1)
    g_string_append_c (request, c);

  if (raw->mode == RAW_SILENT)
    {
      /* 30 s at most: a client that waits for ever fails the test */
      raw_wait (raw, 30 * 1000);
      return TRUE;
    }

  if (!g_str_has_prefix (request->str, "GET /api/v1/tickets"))
    {
      const char *missing = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

      g_output_stream_write_all (out, missing, strlen (missing), NULL, NULL, NULL);
      return TRUE;
    }

  {
    g_autofree char *ticket = ticket_json ("JXSLOW", "慢", "received",
                                           "2026-10-09T14:03:00+08:00", "2026-10-09T14:05:00+08:00");
    g_autofree char *body = last_page (ticket, NULL);
    g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                             "X-Padding: %s\r\nContent-Length: %zu\r\n"
                                             "Connection: close\r\n\r\n",
                                             "trickle-trickle-trickle-trickle-trickle-trickle",
                                             strlen (body));

    /* ≈ 15 s of headers, never silent for more than 100 ms */
    for (const char *p = head; *p != '\0'; p++)
      {
        if (!g_output_stream_write_all (out, p, 1, NULL, NULL, NULL) || !raw_wait (raw, 100))
          return TRUE;
      }
    g_output_stream_write_all (out, body, strlen (body), NULL, NULL, NULL);
  }
  return TRUE;
}

static RawServer *
raw_server_new (RawMode mode)
{
  RawServer *raw = g_new0 (RawServer, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  raw->mode = mode;
  raw->service = g_threaded_socket_service_new (4);
  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (raw->service), address,
                                                G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                                NULL, &bound, &error));
  g_assert_no_error (error);
  raw->url = g_strdup_printf ("http://127.0.0.1:%u",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_signal_connect (raw->service, "run", G_CALLBACK (raw_run_cb), raw);
  g_socket_service_start (raw->service);
  return raw;
}

static void
raw_server_free (RawServer *raw)
{
  g_atomic_int_set (&raw->stop, 1);
  g_socket_service_stop (raw->service);
  g_socket_listener_close (G_SOCKET_LISTENER (raw->service));
  /* every connection thread polls raw->stop, and the client has hung up */
  while (g_atomic_int_get (&raw->active) > 0)
    g_usleep (10 * 1000);
  g_object_unref (raw->service);
  g_free (raw->url);
  g_free (raw);
}

static void
test_trickled_headers (Fixture *f, gconstpointer data)
{
  RawServer *raw = raw_server_new (RAW_TRICKLE_HEADERS);
  g_autoptr(GError) error = NULL;

  /* a short deadline for the test: 2 s for the whole answer, headers
   * included; the server needs 15 s to send them */
  g_assert_false (sync_with (raw->url, f->db, 2, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "longer than 2 seconds"));
  g_assert_false (is_stored (f, "JXSLOW"));
  raw_server_free (raw);
}

static void
test_silent_server (Fixture *f, gconstpointer data)
{
  RawServer *raw = raw_server_new (RAW_SILENT);
  g_autoptr(GError) error = NULL;

  /* the timeout is for the request, every try included: a silent server
   * uses it up in one try and is reported then, not after six */
  g_assert_false (sync_with (raw->url, f->db, 2, NULL, &error));
  g_assert_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_NETWORK);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "did not answer in time"));
  g_assert_cmpint (g_atomic_int_get (&raw->connections), ==, 1);
  raw_server_free (raw);
}

static void
test_deep_unknown_field (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) tickets = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *page = NULL;
  DubanSyncStats stats;

  for (int i = 1; i <= 4; i++)
    {
      g_autofree char *id = g_strdup_printf ("JXD%d", i);
      g_autofree char *ticket = ticket_json (id, "邻居", "received",
                                             "2026-10-09T14:03:00+08:00", "2026-10-09T14:05:00+08:00");

      if (i == 3)
        {
          /* an unknown field, 70 deep, in the third */
          g_string_append_len (tickets, ticket, strlen (ticket) - 1);
          g_string_append (tickets, ",\"x_future\":");
          for (int d = 0; d < 70; d++)
            g_string_append (tickets, d % 2 ? "[" : "{\"k\":");
          g_string_append (tickets, "1");
          for (int d = 69; d >= 0; d--)
            g_string_append (tickets, d % 2 ? "]" : "}");
          g_string_append (tickets, "}");
        }
      else
        g_string_append (tickets, ticket);
      if (i < 4)
        g_string_append_c (tickets, ',');
    }
  f->body = page = last_page (tickets->str, NULL);

  g_assert_true (sync_once (f, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.inserted, ==, 3);
  records = quarantine (f);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_nonnull (find_reason (records, "nested deeper than 64"));
  g_assert_cmpstr (((DubanQuarantineRecord *) g_ptr_array_index (records, 0))->ticket_id, ==, "JXD3");
  g_assert_true (is_stored (f, "JXD4"));
}

/* ---- §8: the platform's clock decides ------------------------------- */

static char *
rfc3339_in (gint64 seconds_from_now)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, seconds_from_now);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

static void
test_server_time_authority (Fixture *f, gconstpointer data)
{
  /* the workstation is four days behind the platform */
  g_autofree char *server_time = rfc3339_in (4 * 86400);
  g_autofree char *received = rfc3339_in (3 * 86400 - 3600);
  g_autofree char *updated = rfc3339_in (3 * 86400);
  g_autofree char *after = rfc3339_in (4 * 86400 + 3600);
  g_autofree char *valid = ticket_json ("JXAHEAD", "平台时间之内", "received", received, updated);
  g_autofree char *late = ticket_json ("JXLATE", "平台时间之后", "received", received, after);
  g_autofree char *page = g_strdup_printf ("{\"tickets\":[%s,%s],\"next_page_token\":null,"
                                           "\"sync_token\":\"t1\",\"server_time\":\"%s\"}",
                                           valid, late, server_time);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  const DubanQuarantineRecord *record;

  f->body = page;
  g_assert_true (sync_once (f, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (is_stored (f, "JXAHEAD"));
  records = quarantine (f);
  g_assert_cmpuint (records->len, ==, 1);
  record = find_reason (records, "server_time");
  g_assert_nonnull (record);
  g_assert_cmpstr (record->ticket_id, ==, "JXLATE");
  g_assert_nonnull (strstr (record->reason, "updated_at"));
}

static void
test_no_server_time (Fixture *f, gconstpointer data)
{
  g_autofree char *received = rfc3339_in (3 * 86400 - 3600);
  g_autofree char *updated = rfc3339_in (3 * 86400);
  g_autofree char *ahead = ticket_json ("JXAHEAD", "无平台时间", "received", received, updated);
  g_autofree char *page = g_strdup_printf ("{\"tickets\":[%s],\"next_page_token\":null,\"sync_token\":\"t1\"}",
                                           ahead);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;

  /* nothing better than the workstation's clock: a day of skew, as before */
  f->body = page;
  g_assert_true (sync_once (f, NULL, &error));
  g_assert_no_error (error);
  records = quarantine (f);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_nonnull (find_reason (records, "workstation's clock"));
}

/* ---- §9 ---------------------------------------------------------------- */

static void
test_quarantine_keeps_bytes (Fixture *f, gconstpointer data)
{
  /* two titles: which one a reader keeps is its choice, so the record is
   * not read, and the evidence holds both, spacing and escapes as sent */
  const char *twice =
    "{ \"id\" : \"JXDUP\", \"title\":\"第一\",  \"title\":\"\\u7b2c\\u4e8c\",\"kind\":\"complaint\","
    "\"category\":\"供水\",\"urgency\":\"normal\",\"status\":\"received\","
    "\"received_at\":\"2026-10-09T14:03:00+08:00\",\"updated_at\":\"2026-10-09T14:05:00+08:00\" }";
  const char *untitled = "{\"id\":\"JXNT\",\n  \"kind\":\"complaint\",\"petitioner\":{\"name\":\"端木赐\"} }";
  g_autofree char *tickets = g_strdup_printf ("%s ,\n %s", twice, untitled);
  g_autofree char *page = last_page (tickets, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  const DubanQuarantineRecord *record;

  f->body = page;
  g_assert_true (sync_once (f, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (is_stored (f, "JXDUP"));
  records = quarantine (f);
  g_assert_cmpuint (records->len, ==, 2);

  record = find_reason (records, "field 'title' appears more than once");
  g_assert_nonnull (record);
  g_assert_cmpstr (record->ticket_id, ==, "JXDUP");
  g_assert_cmpstr (record->raw, ==, twice);

  record = find_reason (records, "missing required field 'title'");
  g_assert_nonnull (record);
  g_assert_cmpstr (record->raw, ==, untitled);
}

static void
test_open311_zero_position (Fixture *f, gconstpointer data)
{
  const char *requests[] = {
    "{\"service_request_id\":\"B1\",\"status\":\"open\",\"service_name\":\"Potholes\","
    "\"requested_datetime\":\"2026-10-09T14:03:00-04:00\",\"lat\":0,\"long\":0}",
    "{\"service_request_id\":\"B2\",\"status\":\"open\",\"service_name\":\"Potholes\","
    "\"requested_datetime\":\"2026-10-09T14:03:00-04:00\",\"lat\":0.0,\"long\":0.0}",
    "{\"service_request_id\":\"B3\",\"status\":\"open\",\"service_name\":\"Potholes\","
    "\"requested_datetime\":\"2026-10-09T14:03:00-04:00\",\"lat\":\"0\",\"long\":\"0.000\"}",
  };
  const char *placed =
    "{\"service_request_id\":\"B4\",\"status\":\"open\",\"service_name\":\"Potholes\","
    "\"requested_datetime\":\"2026-10-09T14:03:00-04:00\",\"lat\":39.1653,\"long\":0}";

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (requests[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) mapped = duban_open311_to_feed_ticket (node, &error);
      g_autoptr(DubanTicket) ticket = NULL;

      g_assert_no_error (error);
      g_assert_false (json_object_has_member (json_node_get_object (mapped), "location"));
      ticket = duban_ticket_new_from_json (mapped, &error);
      g_assert_no_error (error);
      g_assert_false (ticket->has_location);
    }

  /* on the equator, or on the prime meridian, a position is a position */
  {
    g_autoptr(JsonNode) node = json_from_string (placed, NULL);
    g_autoptr(JsonNode) mapped = duban_open311_to_feed_ticket (node, NULL);
    g_autoptr(DubanTicket) ticket = duban_ticket_new_from_json (mapped, NULL);

    g_assert_nonnull (ticket);
    g_assert_true (ticket->has_location);
    g_assert_cmpfloat (ticket->lat, ==, 39.1653);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/hostile/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("nul-in-id", test_nul_in_id);
  ADD ("nul-in-any-string", test_nul_in_any_string);
  ADD ("lone-surrogate", test_lone_surrogate);
  ADD ("nul-in-deleted-id", test_nul_in_deleted_id);
  ADD ("bad-ids", test_bad_ids);
  ADD ("same-page-token", test_same_page_token);
  ADD ("fresh-tokens-same-ticket", test_fresh_tokens_same_ticket);
  ADD ("trickled-headers", test_trickled_headers);
  ADD ("silent-server", test_silent_server);
  ADD ("deep-unknown-field", test_deep_unknown_field);
  ADD ("server-time-authority", test_server_time_authority);
  ADD ("no-server-time", test_no_server_time);
  ADD ("quarantine-keeps-bytes", test_quarantine_keeps_bytes);
  ADD ("open311-zero-position", test_open311_zero_position);
#undef ADD

  return g_test_run ();
}
