/* test-feed-server.c — the reference platform over real HTTP
 *
 * The server runs in-process on port 0 and is reached through a
 * SoupSession like any client, asynchronously, because the server's
 * handlers run on this thread's main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "duban-county-generator.h"
#include "duban-feed-server.h"
#include "duban-open311.h"
#include "duban-sla.h"
#include "duban-ticket.h"

#define PINNED_NOW "2026-10-15T12:00:00+08:00"
#define TEST_TICKETS 600

typedef struct
{
  DubanFeedServer *server;
  SoupSession     *session;
  char            *url;
} Fixture;

typedef struct
{
  guint     status;
  GBytes   *body;
  JsonNode *json;      /* NULL when the body is not JSON */
  char     *content_type;
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->body, g_bytes_unref);
  g_clear_pointer (&answer->json, json_node_unref);
  g_clear_pointer (&answer->content_type, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

static void
options_for_tests (DubanFeedOptions *options)
{
  duban_feed_options_init (options);
  options->seed = 7;
  options->n_tickets = TEST_TICKETS;
  g_assert_true (duban_time_parse_rfc3339 (PINNED_NOW, &options->now, NULL));
}

static DubanFeedServer *
start_server (const DubanFeedOptions *options)
{
  g_autoptr(GError) error = NULL;
  DubanFeedServer *server;

  server = duban_feed_server_new (options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (server);
  duban_feed_server_listen (server, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (duban_feed_server_get_port (server), >, 0);
  return server;
}

static SoupSession *
new_session (void)
{
  SoupSession *session = soup_session_new ();

  /* http_proxy may be set on the machine; this is loopback */
  soup_session_set_proxy_resolver (session, NULL);
  return session;
}

static void
fixture_set_up_with (Fixture                *fixture,
                     const DubanFeedOptions *options)
{
  fixture->server = start_server (options);
  fixture->session = new_session ();
  fixture->url = duban_feed_server_get_url (fixture->server);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  DubanFeedOptions options;

  options_for_tests (&options);
  fixture_set_up_with (fixture, &options);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->url, g_free);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GBytes **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
}

static void
request_full (SoupSession *session,
              const char  *url,
              const char  *method,
              const char  *path,
              const char  *token,
              const char  *body,
              Answer      *answer)
{
  g_autofree char *full = g_strconcat (url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, full);
  g_autoptr(JsonParser) parser = json_parser_new ();
  GBytes *received = NULL;
  const char *data;
  gsize length;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *header = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_sent, &received);
  while (received == NULL)
    g_main_context_iteration (NULL, TRUE);

  answer->status = soup_message_get_status (msg);
  answer->body = received;
  answer->content_type = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                                 "Content-Type"));
  data = g_bytes_get_data (received, &length);
  if (length > 0 && json_parser_load_from_data (parser, data, (gssize) length, NULL))
    answer->json = json_node_ref (json_parser_get_root (parser));
}

static void
get (Fixture    *fixture,
     const char *path,
     Answer     *answer)
{
  request_full (fixture->session, fixture->url, "GET", path, NULL, NULL, answer);
}

static void
assert_error_answer (const Answer *answer,
                     guint         status,
                     const char   *code)
{
  JsonObject *error;

  g_assert_cmpuint (answer->status, ==, status);
  g_assert_cmpstr (answer->content_type, ==, "application/json; charset=utf-8");
  g_assert_nonnull (answer->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (answer->json));
  error = json_object_get_object_member (json_node_get_object (answer->json), "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_true (strlen (json_object_get_string_member (error, "message")) > 0);
}

static char *
tickets_path (const char *token_name,
              const char *token,
              guint       limit)
{
  GString *path = g_string_new ("/api/v1/tickets");
  char separator = '?';

  if (token != NULL)
    {
      g_string_append_printf (path, "%c%s=", separator, token_name);
      g_string_append_uri_escaped (path, token, NULL, FALSE);
      separator = '&';
    }
  if (limit > 0)
    g_string_append_printf (path, "%climit=%u", separator, limit);
  return g_string_free (path, FALSE);
}

/* Follows a whole sync; fills @ids (id → count) and @deleted, returns
 * the sync token. */
static char *
sync_to_end (Fixture    *fixture,
             const char *sync_token,
             guint       limit,
             GHashTable *ids,
             GPtrArray  *deleted,
             guint      *out_pages)
{
  g_autofree char *page_token = NULL;
  guint pages = 0;

  for (;;)
    {
      g_autofree char *path = page_token != NULL ? tickets_path ("page_token", page_token, limit)
                                                 : tickets_path ("sync_token", sync_token, limit);
      g_auto(Answer) answer = { 0 };
      JsonObject *page;
      JsonArray *tickets, *deleted_ids;
      JsonNode *next;

      get (fixture, path, &answer);
      g_assert_cmpuint (answer.status, ==, 200);
      g_assert_cmpstr (answer.content_type, ==, "application/json; charset=utf-8");
      g_assert_nonnull (answer.json);
      page = json_node_get_object (answer.json);
      pages++;

      g_assert_cmpstr (json_object_get_string_member (page, "server_time"), ==, PINNED_NOW);
      tickets = json_object_get_array_member (page, "tickets");
      deleted_ids = json_object_get_array_member (page, "deleted_ids");
      g_assert_nonnull (tickets);
      g_assert_nonnull (deleted_ids);
      g_assert_cmpuint (json_array_get_length (tickets) + json_array_get_length (deleted_ids), <=, limit);

      for (guint i = 0; i < json_array_get_length (tickets); i++)
        {
          JsonObject *ticket = json_array_get_object_element (tickets, i);
          const char *id = json_object_get_string_member_with_default (ticket, "id", "(none)");

          g_hash_table_insert (ids, g_strdup (id),
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (ids, id)) + 1));
        }
      for (guint i = 0; i < json_array_get_length (deleted_ids); i++)
        g_ptr_array_add (deleted, g_strdup (json_array_get_string_element (deleted_ids, i)));

      next = json_object_get_member (page, "next_page_token");
      g_assert_nonnull (next);
      g_clear_pointer (&page_token, g_free);
      if (JSON_NODE_HOLDS_NULL (next))
        {
          g_assert_true (json_object_has_member (page, "sync_token"));
          if (out_pages != NULL)
            *out_pages = pages;
          return g_strdup (json_object_get_string_member (page, "sync_token"));
        }
      /* the sync token belongs on the last page only */
      g_assert_false (json_object_has_member (page, "sync_token"));
      page_token = g_strdup (json_node_get_string (next));
      g_assert_cmpuint (pages, <, 10000);
    }
}

static GHashTable *
new_id_counter (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
test_full_sync_pages (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GHashTable) ids = new_id_counter ();
  g_autoptr(GPtrArray) deleted = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) expected = duban_feed_server_list_ids (fixture->server);
  g_autofree char *sync_token = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint pages = 0;

  sync_token = sync_to_end (fixture, NULL, 97, ids, deleted, &pages);
  g_assert_nonnull (sync_token);
  g_assert_cmpuint (pages, ==, (TEST_TICKETS + 96) / 97);
  g_assert_cmpuint (deleted->len, ==, 0);
  g_assert_cmpuint (g_hash_table_size (ids), ==, duban_feed_server_get_n_tickets (fixture->server));
  g_assert_cmpuint (g_hash_table_size (ids), ==, TEST_TICKETS);
  g_assert_cmpuint (expected->len, ==, TEST_TICKETS);

  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpuint (GPOINTER_TO_UINT (value), ==, 1);
  for (guint i = 0; i < expected->len; i++)
    g_assert_true (g_hash_table_contains (ids, g_ptr_array_index (expected, i)));
}

static void
test_default_page_is_valid (Fixture       *fixture,
                            gconstpointer  data)
{
  g_auto(Answer) answer = { 0 };
  JsonArray *tickets;

  get (fixture, "/api/v1/tickets", &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  tickets = json_object_get_array_member (json_node_get_object (answer.json), "tickets");
  g_assert_cmpuint (json_array_get_length (tickets), ==, DUBAN_FEED_DEFAULT_PAGE_SIZE);

  /* every generated ticket passes the desk's own validation */
  for (guint i = 0; i < json_array_get_length (tickets); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DubanTicket) ticket = duban_ticket_new_from_json (json_array_get_element (tickets, i), &error);

      g_assert_no_error (error);
      g_assert_nonnull (ticket);
    }
}

static DubanTicket *
some_ticket (Fixture *fixture,
             guint    index)
{
  g_autoptr(GPtrArray) ids = duban_feed_server_list_ids (fixture->server);
  DubanTicket *ticket = duban_feed_server_get_ticket (fixture->server, g_ptr_array_index (ids, index));

  g_assert_nonnull (ticket);
  return ticket;
}

static void
test_incremental_sync (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GHashTable) ids = new_id_counter ();
  g_autoptr(GHashTable) changed = new_id_counter ();
  g_autoptr(GPtrArray) deleted = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DubanTicket) edited = some_ticket (fixture, 10);
  g_autoptr(DubanTicket) added = some_ticket (fixture, 20);
  g_autoptr(DubanTicket) back = NULL;
  g_autofree char *victim = NULL;
  g_autofree char *first_token = NULL;
  g_autofree char *second_token = NULL;
  g_autofree char *third_token = NULL;

  first_token = sync_to_end (fixture, NULL, 250, ids, deleted, NULL);

  g_free (edited->title);
  edited->title = g_strdup ("已修改的标题");
  edited->updated_at += DUBAN_USEC_PER_HOUR;
  duban_feed_server_put_ticket (fixture->server, edited);

  g_free (added->id);
  added->id = g_strdup ("JXTEST0001");
  duban_feed_server_put_ticket (fixture->server, added);

  {
    g_autoptr(DubanTicket) doomed = some_ticket (fixture, 30);

    victim = g_strdup (doomed->id);
  }
  g_assert_true (duban_feed_server_delete_ticket (fixture->server, victim));
  g_assert_false (duban_feed_server_delete_ticket (fixture->server, victim));
  g_assert_null (duban_feed_server_get_ticket (fixture->server, victim));
  g_assert_cmpuint (duban_feed_server_get_n_tickets (fixture->server), ==, TEST_TICKETS);

  back = duban_feed_server_get_ticket (fixture->server, edited->id);
  g_assert_cmpstr (back->title, ==, "已修改的标题");

  second_token = sync_to_end (fixture, first_token, 1, changed, deleted, NULL);
  g_assert_cmpuint (g_hash_table_size (changed), ==, 2);
  g_assert_true (g_hash_table_contains (changed, edited->id));
  g_assert_true (g_hash_table_contains (changed, "JXTEST0001"));
  g_assert_cmpuint (deleted->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (deleted, 0), ==, victim);
  g_assert_cmpstr (first_token, !=, second_token);

  /* nothing changed since: an empty answer, and a usable token */
  g_hash_table_remove_all (changed);
  g_ptr_array_set_size (deleted, 0);
  third_token = sync_to_end (fixture, second_token, 100, changed, deleted, NULL);
  g_assert_cmpuint (g_hash_table_size (changed), ==, 0);
  g_assert_cmpuint (deleted->len, ==, 0);
  g_assert_cmpstr (third_token, ==, second_token);
}

static void
test_page_is_stable (Fixture       *fixture,
                     gconstpointer  data)
{
  g_auto(Answer) first = { 0 };
  g_auto(Answer) before = { 0 };
  g_auto(Answer) after = { 0 };
  g_autoptr(DubanTicket) late = some_ticket (fixture, 5);
  g_autoptr(GHashTable) ids = new_id_counter ();
  g_autoptr(GPtrArray) deleted = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *next_path = NULL;
  g_autofree char *sync_token = NULL;
  const char *next;

  get (fixture, "/api/v1/tickets?limit=100", &first);
  next = json_object_get_string_member (json_node_get_object (first.json), "next_page_token");
  next_path = tickets_path ("page_token", next, 100);
  get (fixture, next_path, &before);

  /* changes arrive while the client is between pages */
  g_free (late->id);
  late->id = g_strdup ("JXTEST0002");
  duban_feed_server_put_ticket (fixture->server, late);
  {
    g_autoptr(GPtrArray) all = duban_feed_server_list_ids (fixture->server);

    duban_feed_server_delete_ticket (fixture->server, g_ptr_array_index (all, 150));
  }

  get (fixture, next_path, &after);
  g_assert_cmpuint (after.status, ==, 200);
  g_assert_true (g_bytes_equal (before.body, after.body));

  /* and the new ticket waits for the next sync rather than sneaking in */
  sync_token = sync_to_end (fixture, NULL, 1000, ids, deleted, NULL);
  g_assert_true (g_hash_table_contains (ids, "JXTEST0002"));
  g_hash_table_remove_all (ids);
  {
    g_auto(Answer) incremental = { 0 };
    g_autofree char *path = tickets_path ("sync_token", sync_token, 0);

    get (fixture, path, &incremental);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (incremental.json),
                                                                           "tickets")), ==, 0);
  }
}

static void
test_auth (void)
{
  DubanFeedOptions options;
  g_autoptr(DubanFeedServer) server = NULL;
  g_autoptr(SoupSession) session = new_session ();
  g_autofree char *url = NULL;
  g_auto(Answer) none = { 0 };
  g_auto(Answer) wrong = { 0 };
  g_auto(Answer) right = { 0 };

  options_for_tests (&options);
  options.n_tickets = 20;
  options.token = "s3cret-t0ken";
  server = start_server (&options);
  url = duban_feed_server_get_url (server);

  request_full (session, url, "GET", "/api/v1/tickets", NULL, NULL, &none);
  assert_error_answer (&none, 401, "unauthorized");
  request_full (session, url, "GET", "/api/v1/regions", "s3cret-t0ke", NULL, &wrong);
  assert_error_answer (&wrong, 401, "unauthorized");
  request_full (session, url, "GET", "/api/v1/tickets", "s3cret-t0ken", NULL, &right);
  g_assert_cmpuint (right.status, ==, 200);
}

static void
test_bad_requests (Fixture       *fixture,
                   gconstpointer  data)
{
  static const struct {
    const char *method;
    const char *path;
    guint       status;
    const char *code;
  } cases[] = {
    { "GET", "/api/v1/tickets?limit=0", 400, "invalid_limit" },
    { "GET", "/api/v1/tickets?limit=1001", 400, "invalid_limit" },
    { "GET", "/api/v1/tickets?limit=ten", 400, "invalid_limit" },
    { "GET", "/api/v1/tickets?limit=", 400, "invalid_limit" },
    { "GET", "/api/v1/tickets?sync_token=garbage!", 400, "invalid_sync_token" },
    { "GET", "/api/v1/tickets?sync_token=djE6czo5OTk5OTk", 400, "invalid_sync_token" },   /* v1:s:999999 */
    { "GET", "/api/v1/tickets?page_token=bm90IGEgdG9rZW4", 400, "invalid_page_token" },   /* "not a token" */
    { "GET", "/api/v1/calendar", 400, "invalid_year" },
    { "GET", "/api/v1/nothing", 404, "not_found" },
    { "POST", "/api/v1/tickets", 405, "method_not_allowed" },
    { "GET", "/open311/requests.json?start_date=yesterday", 400, "invalid_parameter" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Answer) answer = { 0 };

      request_full (fixture->session, fixture->url, cases[i].method, cases[i].path, NULL,
                    g_str_equal (cases[i].method, "POST") ? "{}" : NULL, &answer);
      assert_error_answer (&answer, cases[i].status, cases[i].code);
    }
}

static void
test_regions (Fixture       *fixture,
              gconstpointer  data)
{
  static const char * const town_names[] = {
    "金乡街道", "高河街道", "鱼山街道", "王丕街道", "羊山镇", "胡集镇", "霄云镇",
    "鸡黍镇", "司马镇", "马庙镇", "化雨镇", "卜集镇", "兴隆镇",
  };
  static const char * const town_codes[] = {
    "370828001", "370828002", "370828003", "370828004", "370828101", "370828102",
    "370828103", "370828104", "370828107", "370828109", "370828110", "370828111", "370828112",
  };
  g_auto(Answer) answer = { 0 };
  g_autoptr(GHashTable) levels = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *collection;
  JsonArray *features;
  guint grids = 0, towns = 0, counties = 0;

  get (fixture, "/api/v1/regions", &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  collection = json_node_get_object (answer.json);
  g_assert_cmpstr (json_object_get_string_member (collection, "type"), ==, "FeatureCollection");
  features = json_object_get_array_member (collection, "features");

  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *feature = json_array_get_object_element (features, i);
      JsonObject *properties = json_object_get_object_member (feature, "properties");
      JsonObject *geometry = json_object_get_object_member (feature, "geometry");
      JsonArray *ring = json_array_get_array_element (json_object_get_array_member (geometry, "coordinates"), 0);
      JsonArray *first = json_array_get_array_element (ring, 0);
      JsonArray *last = json_array_get_array_element (ring, json_array_get_length (ring) - 1);
      const char *code = json_object_get_string_member (properties, "code");
      const char *level = json_object_get_string_member (properties, "level");
      const char *parent = json_object_get_string_member_with_default (properties, "parent_code", NULL);

      g_assert_cmpstr (json_object_get_string_member (feature, "type"), ==, "Feature");
      g_assert_cmpstr (json_object_get_string_member (geometry, "type"), ==, "Polygon");
      g_assert_cmpuint (json_array_get_length (ring), >=, 4);
      g_assert_cmpfloat (json_array_get_double_element (first, 0), ==, json_array_get_double_element (last, 0));
      g_assert_cmpfloat (json_array_get_double_element (first, 1), ==, json_array_get_double_element (last, 1));
      g_assert_nonnull (json_object_get_string_member (properties, "name"));
      g_hash_table_insert (levels, (gpointer) code, (gpointer) level);

      if (g_str_equal (level, "county"))
        {
          counties++;
          g_assert_cmpstr (code, ==, "370828");
          g_assert_null (parent);
          continue;
        }

      /* parents come before their children, each one level up */
      g_assert_nonnull (parent);
      g_assert_true (g_str_has_prefix (code, parent));
      if (g_str_equal (level, "town"))
        {
          g_assert_cmpuint (strlen (code), ==, 9);
          g_assert_cmpstr (g_hash_table_lookup (levels, parent), ==, "county");
          g_assert_true (g_strv_contains (town_codes, code));
          for (guint t = 0; t < G_N_ELEMENTS (town_codes); t++)
            if (g_str_equal (town_codes[t], code))
              g_assert_cmpstr (json_object_get_string_member (properties, "name"), ==, town_names[t]);
          towns++;
        }
      else if (g_str_equal (level, "village"))
        {
          g_assert_cmpuint (strlen (code), ==, 12);
          g_assert_cmpstr (g_hash_table_lookup (levels, parent), ==, "town");
        }
      else
        {
          g_assert_cmpstr (level, ==, "grid");
          g_assert_cmpuint (strlen (code), ==, 15);
          g_assert_cmpstr (g_hash_table_lookup (levels, parent), ==, "village");
          grids++;
        }
    }

  g_assert_cmpuint (counties, ==, 1);
  g_assert_cmpuint (towns, ==, 13);
  g_assert_cmpuint (grids, ==, 853);
}

static void
test_units (Fixture       *fixture,
            gconstpointer  data)
{
  g_auto(Answer) answer = { 0 };
  JsonArray *units;
  guint towns = 0;
  gboolean water = FALSE;

  get (fixture, "/api/v1/units", &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  units = json_object_get_array_member (json_node_get_object (answer.json), "units");
  for (guint i = 0; i < json_array_get_length (units); i++)
    {
      JsonObject *unit = json_array_get_object_element (units, i);
      const char *kind = json_object_get_string_member (unit, "kind");

      g_assert_true (g_str_equal (kind, "department") || g_str_equal (kind, "town")
                     || g_str_equal (kind, "enterprise"));
      towns += g_str_equal (kind, "town");
      water |= g_str_equal (json_object_get_string_member (unit, "name"), "县水务局");
    }
  g_assert_cmpuint (towns, ==, 13);
  g_assert_true (water);
}

static char *
supervision_body (const char *client_id,
                  const char *level)
{
  return g_strdup_printf ("{\"client_id\":\"%s\",\"level\":\"%s\",\"note\":\"请于今日内回复\","
                          "\"respond_by\":\"2026-10-16T12:00:00+08:00\",\"issued_by\":\"督办中心\","
                          "\"issued_at\":\"2026-10-15T12:05:00+08:00\"}", client_id, level);
}

static void
test_supervisions (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = duban_feed_server_list_ids (fixture->server);
  const char *id = g_ptr_array_index (ids, 3);
  const char *other = g_ptr_array_index (ids, 4);
  g_autofree char *path = g_strdup_printf ("/api/v1/tickets/%s/supervisions", id);
  g_autofree char *other_path = g_strdup_printf ("/api/v1/tickets/%s/supervisions", other);
  g_autofree char *body = supervision_body ("7d9a1c2e-0000-4000-8000-000000000001", "red");
  g_autofree char *bad_level = supervision_body ("7d9a1c2e-0000-4000-8000-000000000002", "purple");
  g_auto(Answer) first = { 0 };
  g_auto(Answer) again = { 0 };
  g_auto(Answer) reused = { 0 };
  g_auto(Answer) unknown = { 0 };
  g_auto(Answer) invalid = { 0 };
  g_auto(Answer) not_json = { 0 };
  g_auto(Answer) missing = { 0 };
  JsonObject *receipt;

  request_full (fixture->session, fixture->url, "POST", path, NULL, body, &first);
  g_assert_cmpuint (first.status, ==, 201);
  receipt = json_object_get_object_member (json_node_get_object (first.json), "supervision");
  g_assert_cmpstr (json_object_get_string_member (receipt, "ticket_id"), ==, id);

  /* a resend after a timeout or a restart */
  request_full (fixture->session, fixture->url, "POST", path, NULL, body, &again);
  g_assert_cmpuint (again.status, ==, 200);
  g_assert_true (g_bytes_equal (first.body, again.body));
  g_assert_cmpuint (duban_feed_server_count_supervisions (fixture->server,
                                                          "7d9a1c2e-0000-4000-8000-000000000001"), ==, 1);
  g_assert_cmpuint (duban_feed_server_count_supervisions (fixture->server, NULL), ==, 1);

  request_full (fixture->session, fixture->url, "POST", other_path, NULL, body, &reused);
  assert_error_answer (&reused, 409, "client_id_reused");

  request_full (fixture->session, fixture->url, "POST", "/api/v1/tickets/JXNOSUCH/supervisions",
                NULL, body, &unknown);
  assert_error_answer (&unknown, 404, "ticket_not_found");

  request_full (fixture->session, fixture->url, "POST", path, NULL, bad_level, &invalid);
  assert_error_answer (&invalid, 400, "invalid_supervision");

  request_full (fixture->session, fixture->url, "POST", path, NULL, "{\"client_id\":", &not_json);
  assert_error_answer (&not_json, 400, "invalid_json");

  request_full (fixture->session, fixture->url, "POST", path, NULL,
                "{\"client_id\":\"x\",\"level\":\"notice\"}", &missing);
  assert_error_answer (&missing, 400, "invalid_supervision");

  g_assert_cmpuint (duban_feed_server_count_supervisions (fixture->server, NULL), ==, 1);
}

static void
test_calendar (Fixture       *fixture,
               gconstpointer  data)
{
  g_auto(Answer) known = { 0 };
  g_auto(Answer) unknown = { 0 };
  JsonObject *year;
  JsonArray *holidays;
  gboolean national_day = FALSE;

  get (fixture, "/api/v1/calendar?year=2026", &known);
  g_assert_cmpuint (known.status, ==, 200);
  year = json_node_get_object (known.json);
  g_assert_cmpint (json_object_get_int_member (year, "year"), ==, 2026);
  holidays = json_object_get_array_member (year, "holidays");
  for (guint i = 0; i < json_array_get_length (holidays); i++)
    national_day |= g_str_equal (json_array_get_string_element (holidays, i), "2026-10-01");
  g_assert_true (national_day);
  g_assert_nonnull (json_object_get_array_member (year, "workdays"));

  get (fixture, "/api/v1/calendar?year=2030", &unknown);
  assert_error_answer (&unknown, 404, "no_calendar");
}

static void
test_determinism (void)
{
  DubanFeedOptions options;
  g_autoptr(DubanFeedServer) one = NULL;
  g_autoptr(DubanFeedServer) two = NULL;
  g_autoptr(DubanFeedServer) other_seed = NULL;
  g_autoptr(SoupSession) session = new_session ();
  g_autofree char *url_one = NULL;
  g_autofree char *url_two = NULL;
  g_autofree char *url_other = NULL;
  g_auto(Answer) page_one = { 0 };
  g_auto(Answer) page_two = { 0 };
  g_auto(Answer) page_other = { 0 };

  options_for_tests (&options);
  options.n_invalid = 5;
  one = start_server (&options);
  two = start_server (&options);
  options.seed = 8;
  other_seed = start_server (&options);
  url_one = duban_feed_server_get_url (one);
  url_two = duban_feed_server_get_url (two);
  url_other = duban_feed_server_get_url (other_seed);
  g_assert_cmpstr (url_one, !=, url_two);

  request_full (session, url_one, "GET", "/api/v1/tickets", NULL, NULL, &page_one);
  request_full (session, url_two, "GET", "/api/v1/tickets", NULL, NULL, &page_two);
  request_full (session, url_other, "GET", "/api/v1/tickets", NULL, NULL, &page_other);
  g_assert_cmpuint (page_one.status, ==, 200);
  g_assert_true (g_bytes_equal (page_one.body, page_two.body));
  g_assert_false (g_bytes_equal (page_one.body, page_other.body));
}

static void
test_invalid_objects (void)
{
  DubanFeedOptions options;
  Fixture fixture = { 0 };
  g_autoptr(GHashTable) ids = new_id_counter ();
  g_autoptr(GPtrArray) deleted = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sync_token = NULL;
  GHashTableIter iter;
  gpointer count;
  guint invalid = 0, total = 0;

  options_for_tests (&options);
  options.n_tickets = 100;
  options.n_invalid = 24;
  options.page_size = 1000;
  fixture_set_up_with (&fixture, &options);
  g_assert_cmpuint (duban_feed_server_get_n_tickets (fixture.server), ==, 124);

  {
    g_auto(Answer) answer = { 0 };
    JsonArray *tickets;

    get (&fixture, "/api/v1/tickets", &answer);
    tickets = json_object_get_array_member (json_node_get_object (answer.json), "tickets");
    total = json_array_get_length (tickets);
    for (guint i = 0; i < total; i++)
      {
        g_autoptr(DubanTicket) ticket = duban_ticket_new_from_json (json_array_get_element (tickets, i), NULL);

        if (ticket == NULL)
          invalid++;
      }
  }
  /* every fault the generator makes is one the desk's validator sees */
  g_assert_cmpuint (total, ==, 124);
  g_assert_cmpuint (invalid, ==, 24);

  /* raw text passes through verbatim, even when it is not JSON */
  duban_feed_server_put_raw (fixture.server, "JXBROKEN", "{\"id\":");
  {
    g_auto(Answer) answer = { 0 };

    get (&fixture, "/api/v1/tickets", &answer);
    g_assert_cmpuint (answer.status, ==, 200);
    g_assert_null (answer.json);
  }
  duban_feed_server_delete_ticket (fixture.server, "JXBROKEN");
  sync_token = sync_to_end (&fixture, NULL, 50, ids, deleted, NULL);
  g_assert_nonnull (sync_token);
  total = 0;
  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, NULL, &count))
    total += GPOINTER_TO_UINT (count);
  g_assert_cmpuint (total, ==, 124);

  fixture_tear_down (&fixture, NULL);
}

static void
test_open311 (Fixture       *fixture,
              gconstpointer  data)
{
  g_auto(Answer) all = { 0 };
  g_auto(Answer) open = { 0 };
  g_auto(Answer) recent = { 0 };
  g_autoptr(GPtrArray) ids = duban_feed_server_list_ids (fixture->server);
  guint cancelled = 0;
  JsonArray *requests;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(DubanTicket) ticket = duban_feed_server_get_ticket (fixture->server, g_ptr_array_index (ids, i));

      cancelled += ticket->status == DUBAN_STATUS_CANCELLED;
    }

  get (fixture, "/open311/requests.json", &all);
  g_assert_cmpuint (all.status, ==, 200);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (all.json));
  requests = json_node_get_array (all.json);
  g_assert_cmpuint (json_array_get_length (requests), ==, TEST_TICKETS - cancelled);

  /* the desk's Open311 reader accepts every record */
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) mapped = duban_open311_to_feed_ticket (json_array_get_element (requests, i), &error);
      g_autoptr(DubanTicket) ticket = NULL;
      JsonObject *request = json_array_get_object_element (requests, i);

      g_assert_no_error (error);
      ticket = duban_ticket_new_from_json (mapped, &error);
      g_assert_no_error (error);
      g_assert_nonnull (json_object_get_string_member (request, "expected_datetime"));
    }

  get (fixture, "/open311/requests.json?status=open", &open);
  requests = json_node_get_array (open.json);
  g_assert_cmpuint (json_array_get_length (requests), >, 0);
  g_assert_cmpuint (json_array_get_length (requests), <, TEST_TICKETS / 4);
  for (guint i = 0; i < json_array_get_length (requests); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (requests, i), "status"),
                     ==, "open");

  get (fixture, "/open311/requests.json?start_date=2026-10-01T00:00:00%2B08:00&end_date=2026-10-15T12:00:00%2B08:00", &recent);
  g_assert_cmpuint (recent.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (recent.json)), >, 0);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (recent.json)), <,
                    json_array_get_length (json_node_get_array (all.json)));
}

static void
test_open_states (Fixture       *fixture,
                  gconstpointer  data)
{
  static const DubanState open_states[] = {
    DUBAN_STATE_OPEN_OVERDUE, DUBAN_STATE_OPEN_WARNING, DUBAN_STATE_OPEN_OK,
  };

  /* the demo needs something in every pile, urgent and normal */
  for (guint s = 0; s < G_N_ELEMENTS (open_states); s++)
    {
      g_autoptr(GPtrArray) ids = duban_feed_server_list_ids_in_state (fixture->server, open_states[s]);
      guint urgent = 0;

      for (guint i = 0; i < ids->len; i++)
        {
          g_autoptr(DubanTicket) ticket = duban_feed_server_get_ticket (fixture->server, g_ptr_array_index (ids, i));

          urgent += ticket->urgency == DUBAN_URGENCY_URGENT;
        }
      g_test_message ("%s: %u tickets, %u urgent", duban_state_to_wire (open_states[s]), ids->len, urgent);
      g_assert_cmpuint (ids->len, >=, 2);
      g_assert_cmpuint (urgent, >=, 1);
      g_assert_cmpuint (ids->len - urgent, >=, 1);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/feed/full-sync-pages", Fixture, NULL, fixture_set_up, test_full_sync_pages, fixture_tear_down);
  g_test_add ("/feed/default-page-is-valid", Fixture, NULL, fixture_set_up, test_default_page_is_valid, fixture_tear_down);
  g_test_add ("/feed/incremental-sync", Fixture, NULL, fixture_set_up, test_incremental_sync, fixture_tear_down);
  g_test_add ("/feed/page-is-stable", Fixture, NULL, fixture_set_up, test_page_is_stable, fixture_tear_down);
  g_test_add_func ("/feed/auth", test_auth);
  g_test_add ("/feed/bad-requests", Fixture, NULL, fixture_set_up, test_bad_requests, fixture_tear_down);
  g_test_add ("/feed/regions", Fixture, NULL, fixture_set_up, test_regions, fixture_tear_down);
  g_test_add ("/feed/units", Fixture, NULL, fixture_set_up, test_units, fixture_tear_down);
  g_test_add ("/feed/supervisions", Fixture, NULL, fixture_set_up, test_supervisions, fixture_tear_down);
  g_test_add ("/feed/calendar", Fixture, NULL, fixture_set_up, test_calendar, fixture_tear_down);
  g_test_add_func ("/feed/determinism", test_determinism);
  g_test_add_func ("/feed/invalid-objects", test_invalid_objects);
  g_test_add ("/feed/open311", Fixture, NULL, fixture_set_up, test_open311, fixture_tear_down);
  g_test_add ("/feed/open-states", Fixture, NULL, fixture_set_up, test_open_states, fixture_tear_down);

  return g_test_run ();
}
