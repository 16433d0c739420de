/* test-orders-outbox.c — issue 11 §7: no supervision order is dropped or
 * misdelivered
 *
 * The contract keeps every order in the outbox until the platform
 * acknowledges it (200 or 201). Before: a 401 or a 202 marked it refused
 * and removed it for good; an order for ticket ".." went to
 * POST /api/v1/supervisions and was recorded delivered. Here a scripted
 * platform answers on cue and records the raw path of every request;
 * duban-ctl's order and outbox commands run as a script runs them.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "duban-orders.h"
#include "duban-outbox.h"
#include "duban-secret.h"
#include "duban-store.h"
#include "fake-platform.h"
#include "duban-test.h"

typedef struct {
  char         *dir;
  char         *db;
  FakePlatform *platform;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("duban-orders-XXXXXX", NULL);
  f->db = g_build_filename (f->dir, "duban.db", NULL);
  f->platform = fake_platform_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_pointer (&f->platform, fake_platform_free);
  g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  g_free (f->dir);
  g_free (f->db);
}


static void
exec_sql (const char *db_path,
          const char *sql)
{
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
store_ticket (DubanStore *store,
              const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanTicket) ticket = duban_ticket_new ();

  ticket->id = g_strdup (id);
  ticket->title = g_strdup ("路灯不亮");
  ticket->category = g_strdup ("市政设施");
  ticket->status = DUBAN_STATUS_DISPATCHED;
  ticket->received_at = duban_time_now () - 3 * DUBAN_USEC_PER_DAY;
  ticket->dispatched_at = ticket->received_at + 600 * DUBAN_USEC_PER_SECOND;
  ticket->updated_at = ticket->dispatched_at;
  g_assert_true (duban_store_upsert_ticket (store, ticket, NULL, &error));
  g_assert_no_error (error);
}

/* A store holding @ids, each with one order. */
static GPtrArray *
issue_orders (Fixture            *f,
              const char * const *ids)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = duban_store_open (f->db, &error);
  GPtrArray *orders = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_order_free);

  g_assert_no_error (error);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      DubanOrder *order;

      store_ticket (store, ids[i]);
      order = duban_orders_issue (store, ids[i], DUBAN_ORDER_YELLOW, "逾期未办结，请于三日内答复",
                                  duban_time_now () + DUBAN_USEC_PER_DAY, &error);
      g_assert_no_error (error);
      g_ptr_array_add (orders, order);
    }

  return orders;
}

static gboolean
flush (Fixture          *f,
       DubanOutboxStats *stats)
{
  g_autoptr(DubanFeedClient) client = duban_feed_client_new (fake_platform_get_url (f->platform));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = duban_outbox_flush (client, f->db, stats, NULL, &error);
  g_assert_no_error (error);
  return ok;
}

static DubanOrder *
get_order (Fixture    *f,
           const char *client_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = duban_store_open (f->db, &error);
  DubanOrder *order;

  g_assert_no_error (error);
  order = duban_orders_get (store, client_id, &error);
  g_assert_no_error (error);
  return order;
}

/* ---- kept until acknowledged -------------------------------------------- */

static void
test_401_waits_for_token (Fixture       *f,
                          gconstpointer  data)
{
  static const char * const ids[] = { "JX-401-A", "JX-401-B", NULL };
  g_autoptr(GPtrArray) orders = issue_orders (f, ids);
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(DubanOrder) first = NULL;
  DubanOutboxStats stats;

  fake_platform_queue (f->platform, 401);
  g_assert_true (flush (f, &stats));
  g_assert_true (stats.unauthorized);
  g_assert_cmpuint (stats.delivered, ==, 0);
  g_assert_cmpuint (stats.waiting, ==, 2);
  /* the second order is not sent with a token the platform just refused */
  requests = fake_platform_take_requests (f->platform);
  g_assert_cmpuint (requests->len, ==, 1);

  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM outbox", NULL), ==, 2);
  first = get_order (f, ((DubanOrder *) g_ptr_array_index (orders, 0))->client_id);
  g_assert_cmpint (first->delivery, ==, DUBAN_DELIVERY_PENDING);
  g_assert_nonnull (first->last_error);
  g_assert_nonnull (strstr (first->last_error, "401"));

  /* with a token it accepts, at once (no back-off after a 401) */
  g_assert_true (flush (f, &stats));
  g_assert_false (stats.unauthorized);
  g_assert_cmpuint (stats.delivered, ==, 2);
  g_assert_cmpuint (stats.waiting, ==, 0);
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM supervision_orders WHERE delivery_state = 'delivered'", NULL), ==, 2);
}

/* 202 (accepted, not stored), and each refusal: kept, with the error the
 * supervisor sees, and sent again later until acknowledged. */
static void
test_other_answers_keep_order (Fixture       *f,
                               gconstpointer  data)
{
  static const guint answers[] = { 202, 204, 400, 403, 404, 409, 422 };
  static const char * const ids[] = { "JX-KEEP", NULL };
  g_autoptr(GPtrArray) orders = issue_orders (f, ids);
  const char *client_id = ((DubanOrder *) g_ptr_array_index (orders, 0))->client_id;
  DubanOutboxStats stats;

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(DubanOrder) order = NULL;
      g_autofree char *code = g_strdup_printf ("%u", answers[i]);

      fake_platform_queue (f->platform, answers[i]);
      g_assert_true (flush (f, &stats));
      g_assert_cmpuint (stats.delivered, ==, 0);
      g_assert_cmpuint (stats.waiting, ==, 1);
      g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM outbox", NULL), ==, 1);
      g_assert_cmpint (duban_test_count_rows (f->db, "SELECT attempts FROM outbox", NULL), ==, i + 1);

      order = get_order (f, client_id);
      g_assert_cmpint (order->delivery, ==, DUBAN_DELIVERY_REFUSED);
      g_assert_nonnull (order->last_error);
      g_assert_nonnull (strstr (order->last_error, code));

      /* a later run: the back-off has passed */
      exec_sql (f->db, "UPDATE outbox SET next_attempt_at = 0");
    }

  g_assert_true (flush (f, &stats));
  g_assert_cmpuint (stats.delivered, ==, 1);
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM outbox", NULL), ==, 0);
  /* one audit row for the refusal, not one per try */
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM audit_log WHERE action = 'order_refused'", NULL), ==, 1);
}

/* An order an earlier version marked refused and took out of the outbox
 * is queued again, and delivered. */
static void
test_requeues_dropped_orders (Fixture       *f,
                              gconstpointer  data)
{
  static const char * const ids[] = { "JX-DROPPED", NULL };
  g_autoptr(GPtrArray) orders = issue_orders (f, ids);
  DubanOutboxStats stats;

  exec_sql (f->db, "DELETE FROM outbox;"
                   " UPDATE supervision_orders SET delivery_state = 'refused', last_error = 'The platform answered 401'");
  g_assert_true (flush (f, &stats));
  g_assert_cmpuint (stats.delivered, ==, 1);
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM supervision_orders WHERE delivery_state = 'delivered'", NULL), ==, 1);
}

/* ---- one path segment --------------------------------------------------- */

static void
test_id_is_one_segment (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const ids[] = { "JX/2026 01", "a?b#c", "../..", "%2E%2E", "./x", "督办 1", "a;b=c&d", NULL };
  g_autoptr(GPtrArray) orders = issue_orders (f, ids);
  g_autoptr(GPtrArray) requests = NULL;
  DubanOutboxStats stats;

  g_assert_true (flush (f, &stats));
  requests = fake_platform_take_requests (f->platform);
  g_assert_cmpuint (stats.delivered, ==, G_N_ELEMENTS (ids) - 1);
  g_assert_cmpuint (requests->len, ==, G_N_ELEMENTS (ids) - 1);

  for (guint i = 0; i < requests->len; i++)
    {
      const FakeRequest *request = g_ptr_array_index (requests, i);
      g_auto(GStrv) segments = g_strsplit (request->path, "/", -1);
      g_autofree char *id = NULL;

      g_test_message ("%s %s", request->method, request->path);
      /* "", "api", "v1", "tickets", ID, "supervisions" */
      g_assert_cmpuint (g_strv_length (segments), ==, 6);
      g_assert_cmpstr (segments[3], ==, "tickets");
      g_assert_cmpstr (segments[5], ==, "supervisions");
      id = g_uri_unescape_string (segments[4], NULL);
      g_assert_cmpstr (id, ==, ids[i]);
    }
}

/* A row queued by an earlier version holds the path it built; the
 * delivery builds it again from the order's ticket. */
static void
test_old_row_path_rebuilt (Fixture       *f,
                           gconstpointer  data)
{
  static const char * const ids[] = { "JX/2026/7", NULL };
  g_autoptr(GPtrArray) orders = issue_orders (f, ids);
  g_autoptr(GPtrArray) requests = NULL;
  DubanOutboxStats stats;

  exec_sql (f->db, "UPDATE outbox SET path = '/api/v1/tickets/JX/2026/7/supervisions'");
  g_assert_true (flush (f, &stats));
  requests = fake_platform_take_requests (f->platform);
  g_assert_cmpuint (requests->len, ==, 1);
  g_assert_cmpstr (((FakeRequest *) g_ptr_array_index (requests, 0))->path, ==,
                   "/api/v1/tickets/JX%2F2026%2F7/supervisions");
}

/* "." and ".." are dot segments: no URL names them (GUri and the servers
 * decode %2E before resolving them), so no order is issued for such a
 * ticket, and one an earlier version queued is kept, with the reason,
 * and never sent — before, it went to POST /api/v1/supervisions and was
 * recorded delivered. */
static void
test_dot_ids_never_sent (Fixture       *f,
                         gconstpointer  data)
{
  static const char * const dots[] = { "..", "." };
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = duban_store_open (f->db, &error);
  g_autoptr(GPtrArray) requests = NULL;
  DubanOutboxStats stats;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (dots); i++)
    {
      g_autoptr(DubanOrder) order = NULL;

      /* as a store from before ids were checked may hold it */
      store_ticket (store, dots[i]);
      order = duban_orders_issue (store, dots[i], DUBAN_ORDER_RED, "", DUBAN_TIME_NONE, &error);
      g_assert_null (order);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }
  g_clear_object (&store);
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM supervision_orders", NULL), ==, 0);
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM outbox", NULL), ==, 0);

  /* queued by an earlier version */
  exec_sql (f->db, "INSERT INTO supervision_orders (client_id, ticket_id, level, note, issued_by, issued_at)"
                   " VALUES ('6f1c1f9e-0000-4000-8000-000000000001', '..', 'red', '', '值班员', 0);"
                   " INSERT INTO outbox (client_id, method, path, payload, attempts, next_attempt_at, created_at)"
                   " VALUES ('6f1c1f9e-0000-4000-8000-000000000001', 'POST', '/api/v1/tickets/../supervisions',"
                   " '{\"client_id\": \"6f1c1f9e-0000-4000-8000-000000000001\", \"level\": \"red\"}', 0, 0, 0)");
  g_assert_true (flush (f, &stats));
  requests = fake_platform_take_requests (f->platform);
  g_assert_cmpuint (requests->len, ==, 0);
  g_assert_cmpuint (stats.delivered, ==, 0);
  g_assert_cmpuint (stats.waiting, ==, 1);
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM supervision_orders WHERE delivery_state = 'refused'"
                                      " AND last_error IS NOT NULL", NULL), ==, 1);
}

static void
test_unstored_ticket_refused (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = duban_store_open (f->db, &error);
  g_autoptr(DubanOrder) order = NULL;

  g_assert_no_error (error);
  order = duban_orders_issue (store, "JX-NEVER-SYNCED", DUBAN_ORDER_RED, "", DUBAN_TIME_NONE, &error);
  g_assert_null (order);
  g_assert_error (error, DUBAN_STORE_ERROR, DUBAN_STORE_ERROR_NOT_FOUND);
  g_clear_object (&store);

  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM supervision_orders", NULL), ==, 0);
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM outbox", NULL), ==, 0);
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM audit_log WHERE action = 'order'", NULL), ==, 0);
}

/* ---- duban-ctl order and outbox ----------------------------------------- */

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
run_ctl (Fixture    *f,
         Run        *run,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("DUBAN_CTL"));
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, f->db);
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
  g_test_message ("duban-ctl %s: exit %d; stdout: %s; stderr: %s", first, run->status, run->out, run->err);
}

static JsonArray *
outbox_json (Fixture *f,
             JsonNode **root)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };

  run_ctl (f, &run, "outbox", "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  *root = json_node_copy (json_parser_get_root (parser));
  return json_node_get_array (*root);
}

static void
test_ctl_order (Fixture       *f,
                gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) missing = { 0 };
  g_auto(Run) bad_level = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *pending;
  JsonObject *item;
  DubanTime expected;

  {
    g_autoptr(DubanStore) store = duban_store_open (f->db, &error);

    g_assert_no_error (error);
    store_ticket (store, "JX202612010001");
  }

  run_ctl (f, &run, "order", "--ticket", "JX202612010001", "--level", "red", "--note", "立即处置，今日答复",
           "--respond-by", "2099-01-02", "--issued-by", "督办科 王敏", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_strstrip (run.out);
  g_assert_true (g_uuid_string_is_valid (run.out));

  /* the order, its outbox row and its audit row */
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM supervision_orders WHERE ticket_id = 'JX202612010001'"
                                      " AND level = 'red' AND issued_by = '督办科 王敏' AND note = '立即处置，今日答复'", NULL), ==, 1);
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM outbox", NULL), ==, 1);
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM audit_log WHERE action = 'order'"
                                      " AND ticket_id = 'JX202612010001'", NULL), ==, 1);
  /* a date is 17:00 that day, civil time */
  g_assert_true (duban_time_parse_rfc3339 ("2099-01-02T17:00:00+08:00", &expected, NULL));
  {
    g_autoptr(DubanOrder) order = get_order (f, run.out);

    g_assert_cmpint (order->respond_by, ==, expected);
  }

  /* not in the store: exit 1, one line, nothing saved */
  run_ctl (f, &missing, "order", "--ticket", "JX-NEVER-SYNCED", "--level", "notice", "--note", "",
           "--respond-by", "2099-01-02T12:00:00+08:00", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_cmpstr (missing.out, ==, "");
  g_assert_cmpuint (strlen (missing.err), >, 0);
  g_assert_cmpuint (strlen (missing.err), ==, strcspn (missing.err, "\n") + 1);
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM supervision_orders", NULL), ==, 1);

  run_ctl (f, &bad_level, "order", "--ticket", "JX202612010001", "--level", "orange", "--note", "",
           "--respond-by", "2099-01-02", NULL);
  g_assert_cmpint (bad_level.status, ==, 2);

  pending = outbox_json (f, &root);
  g_assert_cmpuint (json_array_get_length (pending), ==, 1);
  item = json_array_get_object_element (pending, 0);
  g_assert_cmpuint (json_object_get_size (item), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (item, "client_id"), ==, run.out);
  g_assert_cmpstr (json_object_get_string_member (item, "ticket_id"), ==, "JX202612010001");
  g_assert_cmpstr (json_object_get_string_member (item, "level"), ==, "red");
  g_assert_cmpint (json_object_get_int_member (item, "attempts"), ==, 0);
  g_assert_true (json_object_get_null_member (item, "last_error"));
}

static void
test_ctl_deliver (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const ids[] = { "JX-D1", "JX-D2", NULL };
  g_autoptr(GPtrArray) orders = issue_orders (f, ids);
  g_autoptr(JsonNode) root = NULL;
  g_auto(Run) first = { 0 };
  g_auto(Run) second = { 0 };
  g_auto(Run) table = { 0 };
  JsonArray *pending;
  JsonObject *item;

  /* D1: 503 then 201, within the run (the usual retries); D2: 422 */
  fake_platform_queue (f->platform, 503);
  fake_platform_queue (f->platform, 201);
  fake_platform_queue (f->platform, 422);
  run_ctl (f, &first, "outbox", "--deliver", "--feed", fake_platform_get_url (f->platform), NULL);
  g_assert_cmpint (first.status, ==, 1);
  g_assert_cmpuint (strcspn (first.err, "\n") + 1, ==, strlen (first.err));

  pending = outbox_json (f, &root);
  g_assert_cmpuint (json_array_get_length (pending), ==, 1);
  item = json_array_get_object_element (pending, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "ticket_id"), ==, "JX-D2");
  g_assert_cmpint (json_object_get_int_member (item, "attempts"), ==, 1);
  g_assert_nonnull (strstr (json_object_get_string_member (item, "last_error"), "422"));

  run_ctl (f, &table, "outbox", NULL);
  g_assert_cmpint (table.status, ==, 0);
  g_assert_nonnull (strstr (table.out, "JX-D2"));

  /* --deliver does not wait for the back-off: asked now, sent now */
  run_ctl (f, &second, "outbox", "--deliver", "--feed", fake_platform_get_url (f->platform), NULL);
  g_assert_cmpint (second.status, ==, 0);
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM outbox", NULL), ==, 0);
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM supervision_orders WHERE delivery_state = 'delivered'", NULL), ==, 2);
}

/* The outbox sends the token of --feed's origin, and no other. */
static void
test_ctl_deliver_token (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const ids[] = { "JX-T1", NULL };
  g_autoptr(GPtrArray) orders = issue_orders (f, ids);
  g_autoptr(FakePlatform) other = fake_platform_new ();
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) elsewhere = { 0 };
  g_auto(Run) unauthorized = { 0 };
  g_auto(Run) home = { 0 };
  const FakeRequest *request;

  g_assert_true (duban_secret_store (fake_platform_get_url (f->platform), "desk-outbox-secret", NULL, &error));
  g_assert_no_error (error);

  run_ctl (f, &elsewhere, "outbox", "--deliver", "--feed", fake_platform_get_url (other), NULL);
  g_assert_cmpint (elsewhere.status, ==, 0);
  requests = fake_platform_take_requests (other);
  g_assert_cmpuint (requests->len, ==, 1);
  g_assert_null (((FakeRequest *) g_ptr_array_index (requests, 0))->authorization);
  g_clear_pointer (&requests, g_ptr_array_unref);

  /* again, to the desk's platform, which first says the token expired */
  exec_sql (f->db, "UPDATE supervision_orders SET delivery_state = 'pending', delivered_at = NULL");
  fake_platform_queue (f->platform, 401);
  run_ctl (f, &unauthorized, "outbox", "--deliver", "--feed", fake_platform_get_url (f->platform), NULL);
  g_assert_cmpint (unauthorized.status, ==, 1);
  g_assert_nonnull (strstr (unauthorized.err, "token"));
  g_assert_cmpint (duban_test_count_rows (f->db, "SELECT count(*) FROM outbox", NULL), ==, 1);

  run_ctl (f, &home, "outbox", "--deliver", "--feed", fake_platform_get_url (f->platform), NULL);
  g_assert_cmpint (home.status, ==, 0);
  requests = fake_platform_take_requests (f->platform);
  g_assert_cmpuint (requests->len, ==, 2);
  request = g_ptr_array_index (requests, 1);
  g_assert_cmpstr (request->authorization, ==, "Bearer desk-outbox-secret");

  g_assert_true (duban_secret_clear (fake_platform_get_url (f->platform), &error));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *config_dir = g_dir_make_tmp ("duban-config-XXXXXX", NULL);
  int status;

  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/orders-outbox/401-waits-for-token", test_401_waits_for_token);
  ADD ("/orders-outbox/other-answers-keep-order", test_other_answers_keep_order);
  ADD ("/orders-outbox/requeues-dropped-orders", test_requeues_dropped_orders);
  ADD ("/orders-outbox/id-is-one-segment", test_id_is_one_segment);
  ADD ("/orders-outbox/old-row-path-rebuilt", test_old_row_path_rebuilt);
  ADD ("/orders-outbox/dot-ids-never-sent", test_dot_ids_never_sent);
  ADD ("/orders-outbox/unstored-ticket-refused", test_unstored_ticket_refused);
  ADD ("/orders-outbox/ctl-order", test_ctl_order);
  ADD ("/orders-outbox/ctl-deliver", test_ctl_deliver);
  ADD ("/orders-outbox/ctl-deliver-token", test_ctl_deliver_token);
#undef ADD

  status = g_test_run ();

  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", config_dir);
    g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  }
  return status;
}
