/* The catalogue of bad input (issue 7): each case ends in a clear error or
 * in quarantine — no crash, and nothing already stored is lost.
 *
 * A SoupServer in this process plays a broken platform; the desk's sync
 * runs on a worker thread against it, as in the desk.
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "duban-feed-client.h"
#include "duban-audit.h"
#include "duban-geo.h"
#include "duban-regions.h"
#include "duban-store-reference.h"
#include "duban-store.h"

typedef enum {
  SERVE_PAGE,          /* the body as given, as JSON */
  SERVE_CONTENT_TYPE,  /* the body with another content type */
  SERVE_TRICKLE,       /* a valid page, one byte at a time, slowly */
  SERVE_HUGE,          /* an endless stream of JSON */
  SERVE_REDIRECT_LOOP,
} ServeMode;

typedef struct {
  SoupServer *server;
  char       *url;
  char       *dir;
  char       *db;

  ServeMode   mode;
  GBytes     *body;
  GBytes     *regions;     /* served at /api/v1/regions when set */
  const char *content_type;
  guint       status;
  GPtrArray  *trickles;
} Fixture;

static const char *valid_ticket_fmt =
  "{\"id\":\"%s\",\"title\":\"%s\",\"kind\":\"complaint\",\"category\":\"供水\","
  "\"urgency\":\"normal\",\"status\":\"in_progress\","
  "\"received_at\":\"2026-10-09T14:03:00+08:00\",\"updated_at\":\"%s\"}";

static char *
valid_ticket (const char *id,
              const char *title,
              const char *updated_at)
{
  return g_strdup_printf (valid_ticket_fmt, id, title, updated_at);
}

/* One page, the last: the tickets given, and a sync token. */
static GBytes *
page_of (const char *tickets_json)
{
  char *text = g_strdup_printf ("{\"tickets\":[%s],\"deleted_ids\":[],\"next_page_token\":null,"
                                "\"sync_token\":\"t1\",\"server_time\":\"2026-10-10T12:00:00+08:00\"}",
                                tickets_json);
  return g_bytes_new_take (text, strlen (text));
}

typedef struct {
  SoupServerMessage *msg;
  GBytes            *body;
  gsize              offset;
  gboolean           finished;   /* the client hung up */
  guint              source;
  GPtrArray         *owner;      /* the fixture's list of live trickles */
} Trickle;

static void
trickle_free (Trickle *trickle)
{
  g_clear_handle_id (&trickle->source, g_source_remove);
  g_signal_handlers_disconnect_by_data (trickle->msg, trickle);
  g_object_unref (trickle->msg);
  g_bytes_unref (trickle->body);
  g_free (trickle);
}

static void
trickle_finished (SoupServerMessage *msg,
                  gpointer           user_data)
{
  ((Trickle *) user_data)->finished = TRUE;
}

static gboolean
trickle_next (gpointer user_data)
{
  Trickle *trickle = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (trickle->msg);

  if (trickle->finished || trickle->offset >= g_bytes_get_size (trickle->body))
    {
      if (!trickle->finished)
        {
          soup_message_body_complete (body);
          soup_server_message_unpause (trickle->msg);
        }
      trickle->source = 0;
      g_ptr_array_remove (trickle->owner, trickle);
      return G_SOURCE_REMOVE;
    }

  soup_message_body_append (body, SOUP_MEMORY_COPY,
                            (const char *) g_bytes_get_data (trickle->body, NULL) + trickle->offset, 1);
  trickle->offset++;
  soup_server_message_unpause (trickle->msg);
  return G_SOURCE_CONTINUE;
}

static void
huge_chunk (SoupServerMessage *msg,
            gpointer           user_data)
{
  guint *sent = user_data;
  static char chunk[1 << 16];
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  if (chunk[0] == '\0')
    {
      memset (chunk, ' ', sizeof chunk);
      chunk[0] = ' ';
    }

  /* 100 MB of blanks inside a JSON array: the client must stop early */
  if (*sent < 1600)
    {
      soup_message_body_append (body, SOUP_MEMORY_STATIC, chunk, sizeof chunk);
      (*sent)++;
    }
  else
    soup_message_body_complete (body);
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (g_str_equal (path, "/api/v1/regions") && f->regions != NULL)
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/geo+json", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (f->regions, NULL), g_bytes_get_size (f->regions));
      return;
    }

  /* The reference data is missing on this platform: the desk goes on. */
  if (!g_str_equal (path, "/api/v1/tickets"))
    {
      soup_server_message_set_status (msg, 404, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"error\":{\"code\":\"not_found\",\"message\":\"no\"}}", 41);
      return;
    }

  switch (f->mode)
    {
    case SERVE_PAGE:
    case SERVE_CONTENT_TYPE:
      soup_server_message_set_status (msg, f->status ? f->status : 200, NULL);
      soup_server_message_set_response (msg, f->content_type ? f->content_type : "application/json",
                                        SOUP_MEMORY_COPY,
                                        g_bytes_get_data (f->body, NULL), g_bytes_get_size (f->body));
      break;

    case SERVE_TRICKLE:
      {
        Trickle *trickle = g_new0 (Trickle, 1);

        soup_server_message_set_status (msg, 200, NULL);
        soup_message_headers_set_content_type (headers, "application/json", NULL);
        soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
        trickle->msg = g_object_ref (msg);
        trickle->body = g_bytes_ref (f->body);
        g_signal_connect (msg, "finished", G_CALLBACK (trickle_finished), trickle);
        soup_server_message_pause (msg);
        trickle->owner = f->trickles;
        trickle->source = g_timeout_add (200, trickle_next, trickle);
        g_ptr_array_add (f->trickles, trickle);
      }
      break;

    case SERVE_HUGE:
      {
        guint *sent = g_new0 (guint, 1);

        soup_server_message_set_status (msg, 200, NULL);
        soup_message_headers_set_content_type (headers, "application/json", NULL);
        soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
        soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                                  "{\"tickets\":[", 12);
        g_signal_connect (msg, "wrote-chunk", G_CALLBACK (huge_chunk), sent);
        g_object_set_data_full (G_OBJECT (msg), "sent", sent, g_free);
        huge_chunk (msg, sent);
      }
      break;

    case SERVE_REDIRECT_LOOP:
      soup_server_message_set_redirect (msg, 302, "/api/v1/tickets?again=1");
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autoptr(DubanStore) store = NULL;
  g_autofree char *seed = valid_ticket ("JXKEEP", "早已入库的工单", "2026-10-09T14:05:00+08:00");
  g_autoptr(JsonNode) node = json_from_string (seed, NULL);
  g_autoptr(DubanTicket) ticket = duban_ticket_new_from_json (node, NULL);

  f->trickles = g_ptr_array_new_with_free_func ((GDestroyNotify) trickle_free);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handle, f, NULL);
  g_assert_true (soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->url = g_uri_to_string (uris->data);
  if (g_str_has_suffix (f->url, "/"))
    f->url[strlen (f->url) - 1] = '\0';
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  f->dir = g_dir_make_tmp ("duban-bad-XXXXXX", NULL);
  f->db = g_build_filename (f->dir, "duban.db", NULL);

  /* Something the store had before: it must still be there after any of this. */
  store = duban_store_open (f->db, &error);
  g_assert_no_error (error);
  g_assert_true (duban_store_upsert_ticket (store, ticket, NULL, &error));
  g_assert_true (duban_store_add_note (store, "JXKEEP", "督办备注", &error));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_pointer (&f->trickles, g_ptr_array_unref);
  g_clear_object (&f->server);
  g_clear_pointer (&f->body, g_bytes_unref);
  g_clear_pointer (&f->regions, g_bytes_unref);
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
sync_once (Fixture        *f,
           DubanSyncStats *stats,
           GError        **error)
{
  g_autoptr(DubanFeedClient) client = duban_feed_client_new (f->url);
  Result r = { 0 };

  duban_feed_client_sync_async (client, f->db, NULL, NULL, NULL, on_done, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);

  if (stats)
    *stats = r.stats;
  if (r.error)
    g_propagate_error (error, r.error);
  return r.ok;
}

/* The supervisor's own records survive anything. */
static void
assert_local_records_kept (Fixture *f)
{
  g_autoptr(DubanStore) store = duban_store_open (f->db, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = NULL;

  g_assert_nonnull (store);
  notes = duban_audit_list_notes (store, "JXKEEP", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 1);
}

/* A failed sync leaves the store as it was. */
static void
assert_kept (Fixture *f)
{
  g_autoptr(DubanStore) store = duban_store_open (f->db, NULL);
  g_autoptr(DubanTicket) kept = duban_store_get_ticket (store, "JXKEEP", NULL);

  g_assert_nonnull (kept);
  g_assert_cmpstr (kept->title, ==, "早已入库的工单");
  g_assert_cmpint (duban_store_count_tickets (store), ==, 1);
  g_clear_object (&store);
  assert_local_records_kept (f);
}

static gint64
quarantined (Fixture *f)
{
  g_autoptr(DubanStore) store = duban_store_open (f->db, NULL);

  return duban_store_count_quarantine (store);
}

static void
expect_error (Fixture    *f,
              const char *what)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (sync_once (f, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s → %s", what, error->message);
  g_assert_true (strlen (error->message) > 10);
  assert_kept (f);
}

static void
expect_quarantine (Fixture    *f,
                   gint64      n,
                   const char *reason_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GPtrArray) records = NULL;
  DubanSyncStats stats;

  g_assert_true (sync_once (f, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpint (quarantined (f), ==, n);
  store = duban_store_open (f->db, NULL);
  records = duban_store_load_quarantine (store, NULL);
  if (reason_part != NULL)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < records->len; i++)
        {
          const DubanQuarantineRecord *record = g_ptr_array_index (records, i);

          g_test_message ("quarantined: %s", record->reason);
          if (strstr (record->reason, reason_part) != NULL)
            found = TRUE;
        }
      g_assert_true (found);
    }
  /* a successful full sync from this platform replaces the platform's
   * copy (JXKEEP is not on it); the local records stay */
  assert_local_records_kept (f);
}

static void
set_page (Fixture    *f,
          const char *tickets_json)
{
  g_clear_pointer (&f->body, g_bytes_unref);
  f->body = page_of (tickets_json);
  f->mode = SERVE_PAGE;
}

static void
set_raw (Fixture    *f,
         const char *raw)
{
  g_clear_pointer (&f->body, g_bytes_unref);
  f->body = g_bytes_new (raw, strlen (raw));
  f->mode = SERVE_PAGE;
}

static void
test_malformed_json (Fixture *f, gconstpointer data)
{
  set_raw (f, "{\"tickets\": [ {\"id\": \"JX1\", ");
  expect_error (f, "malformed JSON");
}

static void
test_wrong_types (Fixture *f, gconstpointer data)
{
  set_page (f, "{\"id\":\"JX1\",\"title\":42,\"kind\":\"complaint\",\"category\":\"供水\","
               "\"urgency\":\"normal\",\"status\":\"received\",\"received_at\":\"2026-10-09T14:03:00+08:00\","
               "\"updated_at\":\"2026-10-09T14:03:00+08:00\"}");
  expect_quarantine (f, 1, "'title' must be a string");
}

static void
test_unknown_enum (Fixture *f, gconstpointer data)
{
  set_page (f, "{\"id\":\"JX1\",\"title\":\"t\",\"kind\":\"grumble\",\"category\":\"供水\","
               "\"urgency\":\"normal\",\"status\":\"received\",\"received_at\":\"2026-10-09T14:03:00+08:00\","
               "\"updated_at\":\"2026-10-09T14:03:00+08:00\"}");
  expect_quarantine (f, 1, "unknown value 'grumble'");
}

static void
test_coordinates (Fixture *f, gconstpointer data)
{
  set_page (f, "{\"id\":\"JX1\",\"title\":\"t\",\"kind\":\"help\",\"category\":\"供水\",\"urgency\":\"normal\","
               "\"status\":\"received\",\"received_at\":\"2026-10-09T14:03:00+08:00\","
               "\"updated_at\":\"2026-10-09T14:03:00+08:00\",\"location\":{\"lat\":91,\"lon\":116}},"
               "{\"id\":\"JX2\",\"title\":\"t\",\"kind\":\"help\",\"category\":\"供水\",\"urgency\":\"normal\","
               "\"status\":\"received\",\"received_at\":\"2026-10-09T14:03:00+08:00\","
               "\"updated_at\":\"2026-10-09T14:03:00+08:00\",\"location\":{\"lat\":35,\"lon\":1e400}}");
  /* 1e400 is infinity once read: not a finite number */
  expect_quarantine (f, 2, "outside [-90, 90]");
}

static void
test_nan_coordinates (Fixture *f, gconstpointer data)
{
  /* NaN is not JSON: the page itself is broken */
  set_page (f, "{\"id\":\"JX1\",\"title\":\"t\",\"kind\":\"help\",\"category\":\"供水\",\"urgency\":\"normal\","
               "\"status\":\"received\",\"received_at\":\"2026-10-09T14:03:00+08:00\","
               "\"updated_at\":\"2026-10-09T14:03:00+08:00\",\"location\":{\"lat\":NaN,\"lon\":116}}");
  expect_error (f, "NaN");
}

static void
test_invalid_utf8 (Fixture *f, gconstpointer data)
{
  g_autofree char *bad = valid_ticket ("JX1", "坏\xff\xfe字节", "2026-10-09T14:03:00+08:00");

  set_page (f, bad);
  /* the one bad record is set aside with its bytes; the page is not lost */
  expect_quarantine (f, 1, "UTF-8");
}

static void
test_long_strings (Fixture *f, gconstpointer data)
{
  g_autofree char *big = g_strnfill (1024 * 1024, 'x');
  g_autofree char *ticket = valid_ticket ("JX1", big, "2026-10-09T14:03:00+08:00");

  set_page (f, ticket);
  expect_quarantine (f, 1, "longer than 200");
}

static void
test_million_elements (Fixture *f, gconstpointer data)
{
  GString *many = g_string_sized_new (2 * 1000 * 1000);

  for (int i = 0; i < 1000 * 1000; i++)
    g_string_append (many, i ? ",1" : "1");
  set_page (f, many->str);
  g_string_free (many, TRUE);

  /* far more entries than the page size asked for: not a page of the contract */
  expect_error (f, "a million elements");
  g_assert_cmpint (quarantined (f), ==, 0);
}

static void
test_deep_nesting (Fixture *f, gconstpointer data)
{
  GString *deep = g_string_new ("{\"tickets\":[");

  for (int i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  for (int i = 0; i < 200000; i++)
    g_string_append_c (deep, ']');
  g_string_append (deep, "],\"next_page_token\":null,\"sync_token\":\"t\"}");
  set_raw (f, deep->str);
  g_string_free (deep, TRUE);

  /* the record breaks a limit, not the page: it goes to quarantine
   * whole, and the parser that cut it out did not recurse */
  expect_quarantine (f, 1, "nested deeper than 64");
}

static void
test_duplicate_ids (Fixture *f, gconstpointer data)
{
  g_autofree char *a = valid_ticket ("JX1", "旧的", "2026-10-09T15:00:00+08:00");
  g_autofree char *b = valid_ticket ("JX1", "新的", "2026-10-09T16:00:00+08:00");
  g_autofree char *c = valid_ticket ("JX1", "更旧", "2026-10-09T14:30:00+08:00");
  g_autofree char *page = g_strdup_printf ("%s,%s,%s", a, b, c);
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(DubanTicket) read = NULL;
  DubanSyncStats stats;

  set_page (f, page);
  g_assert_true (sync_once (f, &stats, NULL));
  store = duban_store_open (f->db, NULL);
  read = duban_store_get_ticket (store, "JX1", NULL);
  /* the greatest updated_at wins, wherever it stands */
  g_assert_cmpstr (read->title, ==, "新的");
  /* one copy; JXKEEP, not on this platform, went with the full sync */
  g_assert_cmpint (duban_store_count_tickets (store), ==, 1);
}

static void
test_time_without_offset (Fixture *f, gconstpointer data)
{
  g_autofree char *bad = valid_ticket ("JX1", "t", "2026-10-09T14:03:00");

  set_page (f, bad);
  expect_quarantine (f, 1, "offset");
}

static void
test_time_far_future (Fixture *f, gconstpointer data)
{
  g_autofree char *bad = valid_ticket ("JX1", "t", "9999-12-31T23:59:59+08:00");

  set_page (f, bad);
  expect_quarantine (f, 1, "future");
}

static void
test_trickle (Fixture *f, gconstpointer data)
{
  g_autofree char *ticket = valid_ticket ("JX1", "t", "2026-10-09T14:03:00+08:00");
  g_autoptr(DubanFeedClient) client = duban_feed_client_new (f->url);
  g_autoptr(GError) error = NULL;
  gint64 began = g_get_monotonic_time ();

  set_page (f, ticket);
  f->mode = SERVE_TRICKLE;

  /* a short deadline for the test; the desk's is a minute or two */
  duban_feed_client_set_timeout (client, 1);
  {
    Result r = { 0 };

    duban_feed_client_sync_async (client, f->db, NULL, NULL, NULL, on_done, &r);
    while (!r.done)
      g_main_context_iteration (NULL, TRUE);
    g_assert_false (r.ok);
    g_assert_nonnull (r.error);
    g_test_message ("trickle → %s after %.1f s", r.error->message, (g_get_monotonic_time () - began) / 1e6);
    g_assert_true (strstr (r.error->message, "longer than") != NULL);
    g_clear_error (&r.error);
  }
  assert_kept (f);
}

static void
test_huge_response (Fixture *f, gconstpointer data)
{
  f->mode = SERVE_HUGE;
  expect_error (f, "100 MB response");
}

static void
test_redirect_loop (Fixture *f, gconstpointer data)
{
  f->mode = SERVE_REDIRECT_LOOP;
  expect_error (f, "redirect loop");
}

static void
test_content_type (Fixture *f, gconstpointer data)
{
  g_autofree char *ticket = valid_ticket ("JX1", "t", "2026-10-09T14:03:00+08:00");

  set_page (f, ticket);
  f->mode = SERVE_CONTENT_TYPE;
  f->content_type = "text/plain";
  expect_error (f, "text/plain");
}

static void
test_html_error_page (Fixture *f, gconstpointer data)
{
  set_raw (f, "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
              "<body><h1>网关错误</h1></body></html>");
  f->mode = SERVE_CONTENT_TYPE;
  f->content_type = "text/html; charset=utf-8";
  f->status = 200;
  expect_error (f, "an HTML page with status 200");
}

/* ---- the platform's regions ------------------------------------------- */

/* A county of one town: @town_ring its Polygon's one ring, "[[lon,lat],…]". */
static GBytes *
regions_of (const char *town_ring)
{
  char *text = g_strdup_printf ("{\"type\":\"FeatureCollection\",\"features\":["
                                "{\"type\":\"Feature\",\"properties\":{\"code\":\"370828\",\"name\":\"金乡县\","
                                "\"level\":\"county\",\"parent_code\":null},\"geometry\":{\"type\":\"Polygon\","
                                "\"coordinates\":[[[116.0,35.0],[116.6,35.0],[116.6,35.4],[116.0,35.4],[116.0,35.0]]]}},"
                                "{\"type\":\"Feature\",\"properties\":{\"code\":\"370828001\",\"name\":\"金乡街道\","
                                "\"level\":\"town\",\"parent_code\":\"370828\"},\"geometry\":{\"type\":\"Polygon\","
                                "\"coordinates\":[%s]}}]}", town_ring);

  return g_bytes_new_take (text, strlen (text));
}

/* The regions the store holds now, read as the map reads them. */
static DubanRegions *
stored_regions (Fixture *f)
{
  g_autoptr(DubanStore) store = duban_store_open (f->db, NULL);
  g_autofree char *json = duban_store_get_regions_json (store);
  g_autoptr(GError) error = NULL;
  DubanRegions *regions = duban_regions_new_from_geojson (json, &error);

  g_assert_no_error (error);
  return regions;
}

static gboolean
town_contains (DubanRegions *regions,
               double        lon,
               double        lat)
{
  double x, y;

  duban_geo_to_mercator (lat, lon, &x, &y);
  return duban_regions_find_area (regions, x, y, DUBAN_AREA_TOWN) == duban_regions_lookup (regions, "370828001");
}

/* A position off the earth: the sync stops with the region named, and
 * the regions the desk had stay, to draw the map with. */
static void
test_polygon_out_of_range (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) good = regions_of ("[[116.1,35.1],[116.3,35.1],[116.3,35.3],[116.1,35.3],[116.1,35.1]]");
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanRegions) regions = NULL;

  {
    g_autoptr(DubanStore) store = duban_store_open (f->db, NULL);
    g_autofree char *text = g_strndup (g_bytes_get_data (good, NULL), g_bytes_get_size (good));

    g_assert_true (duban_store_replace_regions (store, text, &error));
    g_assert_no_error (error);
  }

  set_page (f, "");
  f->regions = regions_of ("[[116.1,35.1],[116.3,35.1],[1161.3,35.3],[116.1,35.3],[116.1,35.1]]");
  g_assert_false (sync_once (f, NULL, &error));
  g_test_message ("→ %s", error->message);
  g_assert_nonnull (strstr (error->message, "370828001"));
  g_assert_nonnull (strstr (error->message, "1161.3"));
  assert_kept (f);

  regions = stored_regions (f);
  g_assert_true (town_contains (regions, 116.2, 35.2));
}

/* A town traced to the centimetre: its south edge a saw of a million
 * teeth (24 MB of GeoJSON, under the 64 MB cap). Read whole, stored,
 * found. */
static void
test_huge_polygon (Fixture *f, gconstpointer data)
{
  const guint teeth = 500000;
  GString *ring = g_string_sized_new (teeth * 2 * 26);
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanRegions) regions = NULL;
  DubanSyncStats stats;
  const DubanArea *town;

  g_string_append (ring, "[[116.1,35.3]");
  for (guint k = 0; k < teeth; k++)
    {
      double lon = 116.1 + 0.2 * k / teeth;

      g_string_append_printf (ring, ",[%.9f,35.1],[%.9f,35.1001]", lon, lon + 0.1 / teeth);
    }
  g_string_append (ring, ",[116.3,35.1],[116.3,35.3],[116.1,35.3]]");
  f->regions = regions_of (ring->str);
  g_test_message ("%.1f MB of regions", g_bytes_get_size (f->regions) / 1e6);
  g_string_free (ring, TRUE);
  set_page (f, "");

  sync_once (f, &stats, &error);
  g_assert_no_error (error);
  assert_local_records_kept (f);

  regions = stored_regions (f);
  town = duban_regions_get_area (regions, (guint) duban_regions_lookup (regions, "370828001"));
  g_assert_cmpint (town->path->num_data, ==, 2 * (2 * teeth + 4) + 1);
  g_assert_true (town_contains (regions, 116.2, 35.2));
  /* the teeth point north, into the town: just under a tip is outside,
   * the same height between two tips is inside */
  g_assert_false (town_contains (regions, 116.1 + 0.2 * 1000.5 / teeth, 35.10009));
  g_assert_true (town_contains (regions, 116.1 + 0.2 * 1000.05 / teeth, 35.10009));
}

/* A town whose one ring crosses itself, a bow tie: read and stored; the
 * two lobes are the town, the notches above and below the waist are not. */
static void
test_self_intersecting_polygon (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanRegions) regions = NULL;
  DubanSyncStats stats;

  f->regions = regions_of ("[[116.1,35.1],[116.3,35.3],[116.3,35.1],[116.1,35.3],[116.1,35.1]]");
  set_page (f, "");
  sync_once (f, &stats, &error);
  g_assert_no_error (error);
  assert_local_records_kept (f);

  regions = stored_regions (f);
  g_assert_true (town_contains (regions, 116.13, 35.2));
  g_assert_true (town_contains (regions, 116.27, 35.2));
  g_assert_false (town_contains (regions, 116.2, 35.13));
  g_assert_false (town_contains (regions, 116.2, 35.27));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/bad-input/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("malformed-json", test_malformed_json);
  ADD ("wrong-types", test_wrong_types);
  ADD ("unknown-enum", test_unknown_enum);
  ADD ("coordinates", test_coordinates);
  ADD ("nan-coordinates", test_nan_coordinates);
  ADD ("invalid-utf8", test_invalid_utf8);
  ADD ("long-strings", test_long_strings);
  ADD ("million-elements", test_million_elements);
  ADD ("deep-nesting", test_deep_nesting);
  ADD ("duplicate-ids", test_duplicate_ids);
  ADD ("time-without-offset", test_time_without_offset);
  ADD ("time-far-future", test_time_far_future);
  ADD ("trickle", test_trickle);
  ADD ("huge-response", test_huge_response);
  ADD ("redirect-loop", test_redirect_loop);
  ADD ("content-type", test_content_type);
  ADD ("html-error-page", test_html_error_page);
  ADD ("polygon-out-of-range", test_polygon_out_of_range);
  ADD ("huge-polygon", test_huge_polygon);
  ADD ("self-intersecting-polygon", test_self_intersecting_polygon);
#undef ADD

  return g_test_run ();
}
