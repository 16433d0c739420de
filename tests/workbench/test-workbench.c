/* test-workbench.c — the supervision workbench without a display
 *
 * The queue's order and filters on tickets made by hand; supervision
 * orders that survive a crash and reach the platform exactly once; the
 * audit trail of notes, reveals and exports; what newly needs attention
 * after a sync; the printed order sheet.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "duban-attention.h"
#include "duban-audit.h"
#include "duban-feed-client.h"
#include "duban-feed-server.h"
#include "duban-order-sheet.h"
#include "duban-orders.h"
#include "duban-outbox.h"
#include "duban-queue-model.h"
#include "duban-store.h"
#include "duban-test.h"

typedef struct {
  char *dir;
  char *store_path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("duban-test-workbench-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store_path = g_build_filename (fixture->dir, "duban.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);

  g_free (fixture->store_path);
  g_free (fixture->dir);
}

/* ---- the queue's order and filters ---------------------------------------- */

static DubanTicket *
make_ticket (const char   *id,
             const char   *title,
             DubanUrgency  urgency,
             DubanTime     dispatched_at,
             const char   *unit,
             const char   *category,
             const char   *grid)
{
  DubanTicket *ticket = duban_ticket_new ();

  ticket->id = g_strdup (id);
  ticket->title = g_strdup (title);
  ticket->description = g_strdup ("门口的路灯坏了很久");
  ticket->kind = DUBAN_KIND_COMPLAINT;
  ticket->category = g_strdup (category);
  ticket->urgency = urgency;
  ticket->source = urgency == DUBAN_URGENCY_URGENT ? DUBAN_SOURCE_HOTLINE : DUBAN_SOURCE_APP;
  ticket->address = g_strdup_printf ("金乡县%s路 1 号", title);
  ticket->grid_code = g_strdup (grid);
  ticket->unit_code = g_strdup (unit);
  ticket->unit_name = g_strdup (unit);
  ticket->status = DUBAN_STATUS_DISPATCHED;
  ticket->received_at = dispatched_at - 5 * 60 * DUBAN_USEC_PER_SECOND;
  ticket->dispatched_at = dispatched_at;
  ticket->updated_at = dispatched_at;

  return ticket;
}

/* An order is issued only for a stored ticket: the ticket it is for. */
static void
store_ticket (DubanStore *store,
              const char *id)
{
  g_autoptr(GError) error = NULL;
  DubanTicket *ticket = make_ticket (id, "路灯", DUBAN_URGENCY_NORMAL, duban_time_now () - DUBAN_USEC_PER_DAY,
                                     "U-1", "供电", "370828001001001");

  g_assert_true (duban_store_upsert_ticket (store, ticket, NULL, &error));
  g_assert_no_error (error);
  duban_ticket_free (ticket);
}

/* Six tickets whose states do not depend on the day the test runs:
 * urgent ones are in calendar hours, and ten days is overdue whatever the
 * calendar says. */
static GPtrArray *
make_queue_tickets (DubanTime now)
{
  GPtrArray *tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  DubanTicket *ticket;

  /* urgent, 30 h ago: 6 h overdue, not contacted */
  g_ptr_array_add (tickets, make_ticket ("Q-A", "路灯", DUBAN_URGENCY_URGENT, now - 30 * DUBAN_USEC_PER_HOUR,
                                         "U-1", "供电", "370828001001001"));
  /* urgent, 50 h ago: 26 h overdue — later than Q-A */
  g_ptr_array_add (tickets, make_ticket ("Q-B", "积水", DUBAN_URGENCY_URGENT, now - 50 * DUBAN_USEC_PER_HOUR,
                                         "U-2", "排水", "370828002001001"));
  /* urgent, 20 h ago, contacted: 4 h of 24 left, 预警 */
  ticket = make_ticket ("Q-C", "噪音", DUBAN_URGENCY_URGENT, now - 20 * DUBAN_USEC_PER_HOUR,
                        "U-1", "环境", "370828001001002");
  ticket->first_contact_at = ticket->dispatched_at + 10 * 60 * DUBAN_USEC_PER_SECOND;
  g_ptr_array_add (tickets, ticket);
  /* urgent, 2 h ago, contacted: in time */
  ticket = make_ticket ("Q-D", "供水", DUBAN_URGENCY_URGENT, now - 2 * DUBAN_USEC_PER_HOUR,
                        "U-2", "供水", "370828002001002");
  ticket->first_contact_at = ticket->dispatched_at + 10 * 60 * DUBAN_USEC_PER_SECOND;
  g_ptr_array_add (tickets, ticket);
  /* normal, 10 days ago: overdue in working days */
  g_ptr_array_add (tickets, make_ticket ("Q-E", "物业", DUBAN_URGENCY_NORMAL, now - 10 * DUBAN_USEC_PER_DAY,
                                         "U-3", "物业管理", "370828003001001"));
  /* resolved: never in the queue */
  ticket = make_ticket ("Q-F", "已办结", DUBAN_URGENCY_URGENT, now - 3 * DUBAN_USEC_PER_HOUR,
                        "U-1", "供电", "370828001001001");
  ticket->status = DUBAN_STATUS_RESOLVED;
  ticket->first_contact_at = ticket->dispatched_at + 60 * DUBAN_USEC_PER_SECOND;
  ticket->resolved_at = ticket->dispatched_at + DUBAN_USEC_PER_HOUR;
  g_ptr_array_add (tickets, ticket);

  return tickets;
}

static GArray *
evaluate_all (GPtrArray *tickets,
              DubanTime  now)
{
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  GArray *statuses = g_array_sized_new (FALSE, FALSE, sizeof (DubanSlaStatus), tickets->len);
  DubanSlaPolicy policy;

  duban_sla_policy_init_defaults (&policy);
  g_array_set_size (statuses, tickets->len);
  for (guint i = 0; i < tickets->len; i++)
    duban_sla_evaluate (&policy, calendar, g_ptr_array_index (tickets, i), now,
                        &g_array_index (statuses, DubanSlaStatus, i));

  return statuses;
}

static char *
ids_in_order (GListModel *model)
{
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DubanTicketObject) item = g_list_model_get_item (model, i);

      if (i > 0)
        g_string_append_c (ids, ' ');
      g_string_append (ids, duban_ticket_object_get_id (item));
    }

  return g_string_free (ids, FALSE);
}

static void
apply_spec (DubanQueueModel *model,
            const char      *spec)
{
  DubanTicketQuery filter;
  g_autoptr(GError) error = NULL;

  duban_ticket_query_init (&filter);
  g_assert_true (duban_ticket_query_parse (&filter, spec, &error));
  g_assert_no_error (error);
  duban_queue_model_set_filter (model, &filter);
  duban_ticket_query_clear (&filter);
}

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               guint      *n_changed)
{
  *n_changed += MAX (removed, added);
}

static void
test_queue_order_and_filters (void)
{
  DubanTime now = duban_time_now ();
  g_autoptr(GPtrArray) tickets = make_queue_tickets (now);
  g_autoptr(GArray) statuses = evaluate_all (tickets, now);
  g_autoptr(DubanQueueModel) model = duban_queue_model_new ();
  g_autofree char *order = NULL;
  guint counts[DUBAN_QUERY_N_STATES];
  DubanTicketQuery filter;
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanTicketObject) held = NULL;
  guint n_changed = 0;

  duban_queue_model_set_tickets (model, tickets, statuses);

  /* Overdue first (urgent in hours, normal in working days: each is
   * ordered by the core's comparison), then 预警, then in time. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);
  order = ids_in_order (G_LIST_MODEL (model));
  {
    g_auto(GStrv) ids = g_strsplit (order, " ", -1);

    /* The three overdue, in the core's order among themselves. */
    for (guint i = 0; i + 1 < 3; i++)
      {
        guint a = 0, b = 0;

        for (guint j = 0; j < tickets->len; j++)
          {
            if (g_str_equal (((DubanTicket *) g_ptr_array_index (tickets, j))->id, ids[i]))
              a = j;
            if (g_str_equal (((DubanTicket *) g_ptr_array_index (tickets, j))->id, ids[i + 1]))
              b = j;
          }
        g_assert_cmpint (duban_sla_compare_attention (&g_array_index (statuses, DubanSlaStatus, a), ids[i],
                                                      &g_array_index (statuses, DubanSlaStatus, b), ids[i + 1]), <, 0);
        g_assert_cmpint (g_array_index (statuses, DubanSlaStatus, a).state, ==, DUBAN_STATE_OPEN_OVERDUE);
      }
    g_assert_cmpstr (ids[3], ==, "Q-C");
    g_assert_cmpstr (ids[4], ==, "Q-D");
  }
  /* Among the urgent overdue ones, the later first. */
  g_assert_nonnull (strstr (order, "Q-B"));
  g_assert_true (strstr (order, "Q-B") < strstr (order, "Q-A"));

  duban_queue_model_get_counts (model, counts);
  g_assert_cmpuint (counts[DUBAN_QUERY_STATE_OPEN], ==, 5);
  g_assert_cmpuint (counts[DUBAN_QUERY_STATE_OVERDUE], ==, 3);
  g_assert_cmpuint (counts[DUBAN_QUERY_STATE_CONTACT_OVERDUE], ==, 2);
  g_assert_cmpuint (counts[DUBAN_QUERY_STATE_WARNING], ==, 1);
  g_assert_cmpuint (counts[DUBAN_QUERY_STATE_OPEN_OK], ==, 1);

  /* Filters. */
  apply_spec (model, "state:open_overdue");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  apply_spec (model, "state:open_warning");
  g_clear_pointer (&order, g_free);
  order = ids_in_order (G_LIST_MODEL (model));
  g_assert_cmpstr (order, ==, "Q-C");
  apply_spec (model, "state:contact_overdue");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  apply_spec (model, "unit:U-1");
  g_clear_pointer (&order, g_free);
  order = ids_in_order (G_LIST_MODEL (model));
  g_assert_cmpstr (order, ==, "Q-A Q-C");
  apply_spec (model, "town:370828002");
  g_clear_pointer (&order, g_free);
  order = ids_in_order (G_LIST_MODEL (model));
  g_assert_cmpstr (order, ==, "Q-B Q-D");
  apply_spec (model, "category:物业管理");
  g_clear_pointer (&order, g_free);
  order = ids_in_order (G_LIST_MODEL (model));
  g_assert_cmpstr (order, ==, "Q-E");
  apply_spec (model, "urgency:normal");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  apply_spec (model, "source:hotline");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);
  apply_spec (model, "ids:Q-D,Q-A,Q-F");
  g_clear_pointer (&order, g_free);
  order = ids_in_order (G_LIST_MODEL (model));
  /* Q-F is resolved: not in the queue even when asked for. */
  g_assert_cmpstr (order, ==, "Q-A Q-D");
  apply_spec (model, "search:q-c");
  g_clear_pointer (&order, g_free);
  order = ids_in_order (G_LIST_MODEL (model));
  g_assert_cmpstr (order, ==, "Q-C");
  apply_spec (model, "search:积水");
  g_clear_pointer (&order, g_free);
  order = ids_in_order (G_LIST_MODEL (model));
  g_assert_cmpstr (order, ==, "Q-B");
  /* a search finds any ticket: the resolved Q-F too */
  apply_spec (model, "search:坏了很久");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 6);

  {
    int weekday, hour;
    const DubanTicket *b = g_ptr_array_index (tickets, 1);
    g_autofree char *spec = NULL;

    duban_query_weekday_hour (b->received_at, &weekday, &hour);
    spec = g_strdup_printf ("weekday-hour:%d:%d", weekday, hour);
    apply_spec (model, spec);
    g_clear_pointer (&order, g_free);
    order = ids_in_order (G_LIST_MODEL (model));
    g_assert_nonnull (strstr (order, "Q-B"));
  }

  duban_ticket_query_init (&filter);
  g_assert_false (duban_ticket_query_parse (&filter, "weekday-hour:8:1", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (duban_ticket_query_parse (&filter, "colour:red", &error));
  g_clear_error (&error);
  g_assert_false (duban_ticket_query_parse (&filter, "state:sleepy", &error));
  g_clear_error (&error);

  /* Every filter off; sort by a column, both ways. */
  duban_ticket_query_init (&filter);
  duban_queue_model_set_filter (model, &filter);
  duban_queue_model_set_sort (model, DUBAN_QUERY_SORT_ID, FALSE);
  g_clear_pointer (&order, g_free);
  order = ids_in_order (G_LIST_MODEL (model));
  g_assert_cmpstr (order, ==, "Q-A Q-B Q-C Q-D Q-E");
  duban_queue_model_set_sort (model, DUBAN_QUERY_SORT_ID, TRUE);
  g_clear_pointer (&order, g_free);
  order = ids_in_order (G_LIST_MODEL (model));
  g_assert_cmpstr (order, ==, "Q-E Q-D Q-C Q-B Q-A");
  duban_queue_model_set_sort (model, DUBAN_QUERY_SORT_UNIT, FALSE);
  g_clear_pointer (&order, g_free);
  order = ids_in_order (G_LIST_MODEL (model));
  /* Ties within a unit by attention: Q-B (later) before Q-D. */
  g_assert_true (g_str_has_suffix (order, "Q-E"));
  g_assert_true (strstr (order, "Q-B") < strstr (order, "Q-D"));
  duban_queue_model_set_sort (model, DUBAN_QUERY_SORT_ATTENTION, FALSE);

  /* A newer load keeps an item that something holds: the same object,
   * updated in place; and a load that changes nothing reports nothing. */
  held = g_list_model_get_item (G_LIST_MODEL (model), 3);
  g_assert_cmpstr (duban_ticket_object_get_id (held), ==, "Q-C");
  g_signal_connect (model, "items-changed", G_CALLBACK (count_changes), &n_changed);
  {
    g_autoptr(GPtrArray) again = make_queue_tickets (now);
    g_autoptr(GArray) again_statuses = evaluate_all (again, now);
    g_autoptr(DubanTicketObject) same = NULL;

    duban_queue_model_set_tickets (model, again, again_statuses);
    g_assert_cmpuint (n_changed, ==, 0);
    same = g_list_model_get_item (G_LIST_MODEL (model), 3);
    g_assert_true (same == held);
    g_assert_true (duban_ticket_object_get_ticket (held) == g_ptr_array_index (again, 2));
  }
}

/* ---- a supervision order and a crash ---------------------------------------- */


static void
flushed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
flush_outbox (const char       *url,
              const char       *store_path,
              DubanOutboxStats *stats)
{
  g_autoptr(DubanFeedClient) client = duban_feed_client_new (url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  duban_outbox_flush_async (client, store_path, NULL, flushed_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (duban_outbox_flush_finish (client, result, stats, &error));
  g_assert_no_error (error);
}

static void
test_order_survives_crash (Fixture       *fixture,
                           gconstpointer  user_data)
{
  int pipe_fds[2];
  char client_id[64] = { 0, };
  gssize n;
  pid_t child;
  int status;
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanFeedServer) server = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  DubanFeedOptions options;
  DubanOutboxStats stats = { 0, };
  const char *ticket_id;

  /* A platform with tickets, and a store that has them. */
  duban_feed_options_init (&options);
  options.seed = 5;
  options.n_tickets = 40;
  server = duban_feed_server_new (&options, &error);
  g_assert_no_error (error);
  g_assert_true (duban_feed_server_listen (server, 0, &error));
  url = duban_feed_server_get_url (server);
  ids = duban_feed_server_list_ids (server);
  g_assert_cmpuint (ids->len, >, 0);
  ticket_id = g_ptr_array_index (ids, 0);

  /* Made before the fork: the child must only issue and die. */
  store = duban_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  store_ticket (store, ticket_id);
  g_clear_object (&store);

  g_assert_cmpint (pipe (pipe_fds), ==, 0);
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      g_autoptr(DubanStore) child_store = duban_store_open (fixture->store_path, NULL);
      DubanOrder *order;

      close (pipe_fds[0]);
      if (child_store == NULL)
        _exit (2);
      order = duban_orders_issue (child_store, ticket_id, DUBAN_ORDER_RED, "三日内办结并回复",
                                  duban_time_now () + DUBAN_USEC_PER_DAY, NULL);
      if (order == NULL)
        _exit (3);
      if (write (pipe_fds[1], order->client_id, strlen (order->client_id)) < 0)
        _exit (4);
      /* No close, no finalize, no exit handlers: as if the power went. */
      kill (getpid (), SIGKILL);
      _exit (5);
    }

  close (pipe_fds[1]);
  n = read (pipe_fds[0], client_id, sizeof client_id - 1);
  close (pipe_fds[0]);
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
  g_assert_cmpint (n, ==, 36);

  /* The order, its outbox entry and its audit row are all there. */
  g_assert_cmpint (duban_test_count_rows (fixture->store_path,
                               "SELECT COUNT(*) FROM supervision_orders WHERE client_id = ?1", client_id), ==, 1);
  g_assert_cmpint (duban_test_count_rows (fixture->store_path,
                               "SELECT COUNT(*) FROM outbox WHERE client_id = ?1", client_id), ==, 1);
  g_assert_cmpint (duban_test_count_rows (fixture->store_path,
                               "SELECT COUNT(*) FROM audit_log WHERE action = 'order' AND detail LIKE '%' || ?1", client_id), ==, 1);

  store = duban_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  orders = duban_orders_list (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orders->len, ==, 1);
  g_assert_cmpstr (((DubanOrder *) g_ptr_array_index (orders, 0))->client_id, ==, client_id);
  g_assert_cmpint (((DubanOrder *) g_ptr_array_index (orders, 0))->level, ==, DUBAN_ORDER_RED);
  g_assert_cmpint (((DubanOrder *) g_ptr_array_index (orders, 0))->delivery, ==, DUBAN_DELIVERY_PENDING);
  g_clear_pointer (&orders, g_ptr_array_unref);
  g_clear_object (&store);

  /* Delivered once, however often the outbox is flushed. */
  flush_outbox (url, fixture->store_path, &stats);
  g_assert_cmpuint (stats.delivered, ==, 1);
  flush_outbox (url, fixture->store_path, &stats);
  g_assert_cmpuint (stats.delivered, ==, 0);
  g_assert_cmpuint (duban_feed_server_count_supervisions (server, client_id), ==, 1);
  g_assert_cmpuint (duban_feed_server_count_supervisions (server, NULL), ==, 1);

  store = duban_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  orders = duban_orders_list (store, ticket_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orders->len, ==, 1);
  g_assert_cmpint (((DubanOrder *) g_ptr_array_index (orders, 0))->delivery, ==, DUBAN_DELIVERY_DELIVERED);
}

static void
test_order_payload (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(DubanOrder) order = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  JsonObject *payload;
  DubanTime respond_by = duban_time_now () / DUBAN_USEC_PER_SECOND * DUBAN_USEC_PER_SECOND + DUBAN_USEC_PER_DAY;

  store = duban_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  store_ticket (store, "JX/2026 01");
  order = duban_orders_issue (store, "JX/2026 01", DUBAN_ORDER_YELLOW, "请尽快联系", respond_by, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open_v2 (fixture->store_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT method, path, payload FROM outbox", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "POST");
  /* The id is one escaped path segment. */
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "/api/v1/tickets/JX%2F2026%2001/supervisions");
  g_assert_true (json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 2), -1, &error));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  payload = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (payload, "client_id"), ==, order->client_id);
  g_assert_true (g_uuid_string_is_valid (order->client_id));
  g_assert_cmpstr (json_object_get_string_member (payload, "level"), ==, "yellow");
  g_assert_cmpstr (json_object_get_string_member (payload, "note"), ==, "请尽快联系");
  g_assert_cmpstr (json_object_get_string_member (payload, "issued_by"), ==, order->issued_by);
  {
    DubanTime parsed;

    g_assert_true (duban_time_parse_rfc3339 (json_object_get_string_member (payload, "respond_by"), &parsed, NULL));
    g_assert_cmpint (parsed, ==, respond_by);
    g_assert_true (duban_time_parse_rfc3339 (json_object_get_string_member (payload, "issued_at"), &parsed, NULL));
    g_assert_cmpint (parsed, ==, order->issued_at);
  }
}

/* ---- notes, reveals, exports ------------------------------------------------- */

static void
test_audit_trail (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *csv = NULL;
  DubanAuditEntry *entry;
  GStatBuf info;

  store = duban_store_open (fixture->store_path, &error);
  g_assert_no_error (error);

  /* A reveal needs a reason, and writes it. */
  g_assert_false (duban_audit_reveal (store, "JX1", "   ", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (duban_audit_reveal (store, "JX1", "回访核实诉求", &error));
  g_assert_no_error (error);

  entries = duban_audit_list (store, "JX1", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (entry->action, ==, DUBAN_AUDIT_REVEAL);
  g_assert_cmpstr (entry->detail, ==, "回访核实诉求");
  g_assert_cmpstr (entry->user, ==, g_get_user_name ());
  g_assert_cmpint (ABS (entry->at - duban_time_now ()), <, 60 * DUBAN_USEC_PER_SECOND);
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* A note, with its row; an empty one is refused and leaves none. */
  g_assert_false (duban_audit_add_note (store, "JX1", "  \n ", &error));
  g_clear_error (&error);
  g_assert_true (duban_audit_add_note (store, "JX1", "已电话督促承办单位", &error));
  g_assert_no_error (error);
  notes = duban_audit_list_notes (store, "JX1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (((DubanNote *) g_ptr_array_index (notes, 0))->body, ==, "已电话督促承办单位");

  entries = duban_audit_list (store, NULL, 0, &error);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpstr (((DubanAuditEntry *) g_ptr_array_index (entries, 0))->action, ==, DUBAN_AUDIT_NOTE);
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* The export: 0600 even over a file that was world-readable, in CSV,
   * and itself audited. */
  csv_path = g_build_filename (fixture->dir, "audit.csv", NULL);
  g_assert_true (g_file_set_contents (csv_path, "old", -1, NULL));
  g_chmod (csv_path, 0644);
  g_assert_true (duban_audit_export_csv (store, csv_path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (csv_path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "at,user,action,ticket_id,detail"));
  g_assert_nonnull (strstr (csv, "回访核实诉求"));
  g_assert_nonnull (strstr (csv, "已电话督促承办单位"));
  /* reveal, then note: the file is oldest first */
  g_assert_true (strstr (csv, "回访核实诉求") < strstr (csv, "已电话督促承办单位"));

  entries = duban_audit_list (store, NULL, 1, &error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((DubanAuditEntry *) g_ptr_array_index (entries, 0))->action, ==, DUBAN_AUDIT_EXPORT);

  /* Nobody rewrites the trail. */
  g_assert_cmpint (duban_test_count_rows (fixture->store_path, "SELECT COUNT(*) FROM audit_log", NULL), ==, 3);
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (fixture->store_path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "DELETE FROM audit_log", NULL, NULL, NULL), !=, SQLITE_OK);
    sqlite3_close (db);
  }
  g_assert_cmpint (duban_test_count_rows (fixture->store_path, "SELECT COUNT(*) FROM audit_log", NULL), ==, 3);
}

/* ---- what newly needs attention ---------------------------------------------- */

static gboolean
contains_id (GPtrArray  *ids,
             const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_str_equal (g_ptr_array_index (ids, i), id))
      return TRUE;
  return FALSE;
}

static void
test_attention_flags (Fixture       *fixture,
                      gconstpointer  user_data)
{
  DubanTime now = duban_time_now ();
  g_autoptr(GPtrArray) tickets = make_queue_tickets (now);
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(GError) error = NULL;
  DubanSlaPolicy policy;
  g_auto(DubanAttentionChanges) first = { NULL, NULL, NULL };
  g_auto(DubanAttentionChanges) second = { NULL, NULL, NULL };
  g_auto(DubanAttentionChanges) third = { NULL, NULL, NULL };
  g_auto(DubanAttentionChanges) fourth = { NULL, NULL, NULL };

  duban_sla_policy_init_defaults (&policy);
  store = duban_store_open (fixture->store_path, &error);
  g_assert_no_error (error);

  g_assert_true (duban_attention_update (store, &policy, calendar, tickets, now, &first, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (first.newly_overdue->len, ==, 3);
  g_assert_true (contains_id (first.newly_overdue, "Q-A"));
  g_assert_true (contains_id (first.newly_overdue, "Q-E"));
  g_assert_cmpuint (first.newly_warning->len, ==, 1);
  g_assert_true (contains_id (first.newly_warning, "Q-C"));
  /* the two urgent ones never called back missed their first contact too
   * (未联系); the normal ticket has no contact deadline of an hour */
  g_assert_cmpuint (first.newly_uncontacted->len, ==, 2);
  g_assert_true (contains_id (first.newly_uncontacted, "Q-A"));
  g_assert_true (contains_id (first.newly_uncontacted, "Q-B"));

  /* Told once: the same states are not news. */
  g_assert_true (duban_attention_update (store, &policy, calendar, tickets, now, &second, &error));
  g_assert_cmpuint (second.newly_overdue->len + second.newly_warning->len + second.newly_uncontacted->len, ==, 0);

  /* Eight hours on, the 预警 ticket is overdue and the in-time one in
   * warning (2 + 8 = 10 h of 24: not yet) — only Q-C is news. */
  g_assert_true (duban_attention_update (store, &policy, calendar, tickets, now + 8 * DUBAN_USEC_PER_HOUR,
                                         &third, &error));
  g_assert_cmpuint (third.newly_overdue->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (third.newly_overdue, 0), ==, "Q-C");
  g_assert_cmpuint (third.newly_warning->len, ==, 0);
  g_assert_cmpuint (third.newly_uncontacted->len, ==, 0);
  g_assert_cmpint (duban_test_count_rows (fixture->store_path,
                               "SELECT COUNT(*) FROM ticket_flags WHERE notified_state = ?1", "open_overdue"), ==, 2);
  g_assert_cmpint (duban_test_count_rows (fixture->store_path,
                               "SELECT COUNT(*) FROM ticket_flags WHERE notified_state = ?1",
                               "open_overdue;uncontacted"), ==, 2);

  /* A row an earlier version wrote says nothing of the contact: the
   * missed contact is news, the overdue state is not. */
  g_clear_object (&store);
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (fixture->store_path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE ticket_flags SET notified_state = 'open_overdue' WHERE ticket_id = 'Q-A'",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  store = duban_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  g_assert_true (duban_attention_update (store, &policy, calendar, tickets, now + 8 * DUBAN_USEC_PER_HOUR,
                                         &fourth, &error));
  g_assert_cmpuint (fourth.newly_overdue->len, ==, 0);
  g_assert_cmpuint (fourth.newly_uncontacted->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fourth.newly_uncontacted, 0), ==, "Q-A");
}

/* ---- the order sheet --------------------------------------------------------- */

static void
test_order_sheet_pdf (Fixture       *fixture,
                      gconstpointer  user_data)
{
  DubanTime now = duban_time_now ();
  g_autoptr(GPtrArray) tickets = make_queue_tickets (now);
  g_autoptr(GArray) statuses = evaluate_all (tickets, now);
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(DubanOrder) first = NULL;
  g_autoptr(DubanOrder) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf_path = g_build_filename (fixture->dir, "orders.pdf", NULL);
  g_autofree char *pdf = NULL;
  gsize length;
  DubanOrderSheet sheets[2];
  guint pages = 0;

  store = duban_store_open (fixture->store_path, &error);
  store_ticket (store, "Q-B");
  store_ticket (store, "Q-E");
  first = duban_orders_issue (store, "Q-B", DUBAN_ORDER_RED, "立即处置积水，24小时内回复", now + DUBAN_USEC_PER_DAY, &error);
  second = duban_orders_issue (store, "Q-E", DUBAN_ORDER_NOTICE, "", DUBAN_TIME_NONE, &error);
  g_assert_no_error (error);

  sheets[0] = (DubanOrderSheet) { first, g_ptr_array_index (tickets, 1), &g_array_index (statuses, DubanSlaStatus, 1) };
  sheets[1] = (DubanOrderSheet) { second, NULL, NULL };
  /* over a world-readable file of the same name: replaced whole, and
   * owner-only (a sheet names a petitioner's ticket) */
  g_assert_true (g_file_set_contents (pdf_path, "old", -1, NULL));
  g_assert_cmpint (g_chmod (pdf_path, 0644), ==, 0);
  g_assert_true (duban_order_sheet_write_pdf (pdf_path, sheets, 2, &error));
  g_assert_no_error (error);
  {
    GStatBuf info;

    g_assert_cmpint (g_stat (pdf_path, &info), ==, 0);
    g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  }

  g_assert_true (g_file_get_contents (pdf_path, &pdf, &length, NULL));
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
  /* One page per order. cairo compresses the page tree into object
   * streams, so ask poppler's pdfinfo when it is there. */
  {
    g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");

    if (pdfinfo != NULL)
      {
        const char *argv[] = { pdfinfo, pdf_path, NULL };
        g_autofree char *out = NULL;
        const char *line;
        int wait_status;

        g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                     &out, NULL, &wait_status, &error));
        g_assert_no_error (error);
        g_assert_nonnull ((line = strstr (out, "Pages:")));
        pages = (guint) g_ascii_strtoull (line + strlen ("Pages:") + strspn (line + strlen ("Pages:"), " "), NULL, 10);
        g_assert_cmpuint (pages, ==, 2);
      }
    else
      {
        g_test_message ("pdfinfo not installed: page count not checked");
      }
  }

  g_assert_false (duban_order_sheet_write_pdf ("/nonexistent/dir/x.pdf", sheets, 1, &error));
  g_assert_nonnull (error);
}

/* Many tickets, few distinct names, statuses spread over every state. */
static GPtrArray *
make_many_tickets (guint n,
                   guint seed)
{
  static const char *titles[] = { "路灯不亮", "自来水管破裂", "垃圾清运不及时", "噪音扰民", "道路积水", "Street light" };
  static const char *units[] = { "张庄镇政府", "安监局", "李集镇政府", "王丕街道", "陈家村" };
  GPtrArray *tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  for (guint i = 0; i < n; i++)
    {
      DubanTicket *ticket = duban_ticket_new ();

      ticket->id = g_strdup_printf ("M%05u", i);
      ticket->title = g_strdup_printf ("%s%u", titles[g_rand_int_range (rand, 0, G_N_ELEMENTS (titles))],
                                       g_rand_int_range (rand, 0, 50));
      ticket->unit_name = g_strdup (units[g_rand_int_range (rand, 0, G_N_ELEMENTS (units))]);
      ticket->category = g_strdup (units[g_rand_int_range (rand, 0, G_N_ELEMENTS (units))]);
      g_ptr_array_add (tickets, ticket);
    }
  return tickets;
}

static GArray *
spread_statuses (GPtrArray *tickets,
                 guint      seed)
{
  static const DubanState states[] = { DUBAN_STATE_OPEN_OK, DUBAN_STATE_OPEN_WARNING, DUBAN_STATE_OPEN_OVERDUE,
                                       DUBAN_STATE_DONE_ON_TIME };
  GArray *statuses = g_array_new (FALSE, TRUE, sizeof (DubanSlaStatus));
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  g_array_set_size (statuses, tickets->len);
  for (guint i = 0; i < tickets->len; i++)
    {
      DubanSlaStatus *status = &g_array_index (statuses, DubanSlaStatus, i);

      status->state = states[g_rand_int_range (rand, 0, G_N_ELEMENTS (states))];
      status->lateness_seconds = g_rand_int_range (rand, -3, 4) * 3600;
      status->contact_overdue = g_rand_int_range (rand, 0, 3) == 0;
    }
  return statuses;
}

static void
settle (DubanQueueModel *model)
{
  while (duban_queue_model_get_pending (model))
    g_main_context_iteration (NULL, TRUE);
}

static void
assert_same_view (DubanQueueModel *a,
                  DubanQueueModel *b)
{
  guint counts_a[DUBAN_QUERY_N_STATES], counts_b[DUBAN_QUERY_N_STATES];
  g_autofree char *order_a = ids_in_order (G_LIST_MODEL (a));
  g_autofree char *order_b = ids_in_order (G_LIST_MODEL (b));

  g_assert_cmpstr (order_a, ==, order_b);
  duban_queue_model_get_counts (a, counts_a);
  duban_queue_model_get_counts (b, counts_b);
  g_assert_cmpmem (counts_a, sizeof counts_a, counts_b, sizeof counts_b);
}

/* A load on a worker keeps the old view until it is in, and then the
 * view is the one made at once, row for row and count for count; a
 * filter and an order asked for meanwhile apply to it; the latest load
 * wins. Nothing here depends on how fast the worker is: its result can
 * only come in while the main context runs. */
static void
test_queue_off_thread (void)
{
  g_autoptr(GPtrArray) tickets = make_many_tickets (600, 1);
  g_autoptr(GArray) statuses = spread_statuses (tickets, 2);
  g_autoptr(GPtrArray) synced = make_many_tickets (650, 3);
  g_autoptr(GArray) synced_statuses = spread_statuses (synced, 4);
  g_autoptr(GArray) later_statuses = spread_statuses (synced, 5);
  g_autoptr(DubanQueueModel) threaded = g_object_new (DUBAN_TYPE_QUEUE_MODEL, "sync-limit", 0, NULL);
  g_autoptr(DubanQueueModel) direct = duban_queue_model_new ();
  g_autofree char *before = NULL;
  g_autofree char *kept = NULL;
  DubanTicketQuery filter;

  /* The first load: an empty queue until it is in. */
  duban_queue_model_set_tickets (threaded, tickets, statuses);
  duban_queue_model_set_tickets (direct, tickets, statuses);
  g_assert_true (duban_queue_model_get_pending (threaded));
  g_assert_false (duban_queue_model_get_pending (direct));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (threaded)), ==, 0);
  settle (threaded);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (threaded)), >, 0);
  assert_same_view (threaded, direct);

  /* Orders by name, at once once loaded. */
  duban_queue_model_set_sort (threaded, DUBAN_QUERY_SORT_TITLE, FALSE);
  duban_queue_model_set_sort (direct, DUBAN_QUERY_SORT_TITLE, FALSE);
  g_assert_false (duban_queue_model_get_pending (threaded));
  assert_same_view (threaded, direct);

  /* A sync: the old tickets stay listed, in the old order, until the new
   * ones are in; a search and an order asked for meanwhile apply. */
  before = ids_in_order (G_LIST_MODEL (threaded));
  duban_queue_model_set_tickets (threaded, synced, synced_statuses);
  duban_queue_model_set_tickets (direct, synced, synced_statuses);
  g_assert_true (duban_queue_model_get_pending (threaded));
  duban_ticket_query_init (&filter);
  duban_ticket_query_set_search (&filter, "Street");
  duban_queue_model_set_filter (threaded, &filter);
  duban_queue_model_set_filter (direct, &filter);
  duban_queue_model_set_sort (threaded, DUBAN_QUERY_SORT_UNIT, TRUE);
  duban_queue_model_set_sort (direct, DUBAN_QUERY_SORT_UNIT, TRUE);
  kept = ids_in_order (G_LIST_MODEL (threaded));
  g_assert_cmpstr (kept, ==, before);
  g_assert_true (g_ptr_array_find (tickets, duban_queue_model_peek_ticket (threaded, 0), NULL));
  settle (threaded);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (threaded)), >, 0);
  assert_same_view (threaded, direct);
  g_assert_true (g_ptr_array_find (synced, duban_queue_model_peek_ticket (threaded, 0), NULL));

  /* The minute tick: the same tickets, newer statuses. */
  duban_queue_model_set_tickets (threaded, synced, later_statuses);
  duban_queue_model_set_tickets (direct, synced, later_statuses);
  g_assert_true (duban_queue_model_get_pending (threaded));
  settle (threaded);
  assert_same_view (threaded, direct);

  /* Two loads before either is in: the later one wins. */
  duban_queue_model_set_tickets (threaded, tickets, statuses);
  duban_queue_model_set_tickets (threaded, synced, synced_statuses);
  duban_queue_model_set_tickets (direct, synced, synced_statuses);
  settle (threaded);
  assert_same_view (threaded, direct);
  duban_ticket_query_clear (&filter);
}

typedef struct {
  GPtrArray *ids;      /* the list as its changes told it */
  guint      removed;
  guint      added;
  guint      changes;
} Shadow;

static void
shadow_items_changed_cb (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         Shadow     *shadow)
{
  g_assert_cmpuint (position + removed, <=, shadow->ids->len);
  g_ptr_array_remove_range (shadow->ids, position, removed);
  /* the model must already be what the change says, row for row */
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (shadow->ids, position + i,
                        g_strdup (duban_queue_model_peek_ticket (DUBAN_QUEUE_MODEL (model), position + i)->id));
  g_assert_cmpuint (shadow->ids->len, ==, g_list_model_get_n_items (model));
  shadow->removed += removed;
  shadow->added += added;
  shadow->changes++;
}

static void
assert_shadow (Shadow          *shadow,
               DubanQueueModel *model)
{
  g_autofree char *order = ids_in_order (G_LIST_MODEL (model));
  g_autoptr(GString) told = g_string_new (NULL);

  for (guint i = 0; i < shadow->ids->len; i++)
    g_string_append_printf (told, "%s%s", i > 0 ? " " : "", (char *) g_ptr_array_index (shadow->ids, i));
  g_assert_cmpstr (told->str, ==, order);
  shadow->removed = shadow->added = shadow->changes = 0;
}

/* A sync that resolves a few tickets and moves a few others reports
 * those rows, not the span between the first and the last; the list
 * its changes tell is the model's, at every step. */
static void
test_queue_patched_rows (void)
{
  g_autoptr(GPtrArray) tickets = make_many_tickets (600, 1);
  g_autoptr(GArray) statuses = spread_statuses (tickets, 2);
  g_autoptr(GPtrArray) synced = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  g_autoptr(GArray) synced_statuses = g_array_copy (statuses);
  g_autoptr(DubanQueueModel) model = duban_queue_model_new ();
  Shadow shadow = { g_ptr_array_new_with_free_func (g_free), 0, 0, 0 };
  guint n, resolved = 0, moved = 0;

  g_signal_connect (model, "items-changed", G_CALLBACK (shadow_items_changed_cb), &shadow);
  duban_queue_model_set_tickets (model, tickets, statuses);
  assert_shadow (&shadow, model);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, >, 300);

  /* Every ticket a new struct, as a reload makes them; every 50th open
   * one resolved, every 70th open one much later than it was. */
  for (guint i = 0; i < tickets->len; i++)
    {
      DubanSlaStatus *status = &g_array_index (synced_statuses, DubanSlaStatus, i);

      g_ptr_array_add (synced, duban_ticket_copy (g_ptr_array_index (tickets, i)));
      if (!duban_state_is_open (status->state))
        continue;
      if (i % 50 == 0)
        {
          status->state = DUBAN_STATE_DONE_ON_TIME;
          resolved++;
        }
      else if (i % 70 == 0)
        {
          status->state = DUBAN_STATE_OPEN_OVERDUE;
          status->lateness_seconds = 100 * 3600 + i;
          moved++;
        }
    }
  g_assert_cmpuint (resolved, >, 2);
  g_assert_cmpuint (moved, >, 2);

  duban_queue_model_set_tickets (model, synced, synced_statuses);
  assert_shadow (&shadow, model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n - resolved);

  /* Again, counting: the resolved rows go, the moved ones go and come. */
  duban_queue_model_set_tickets (model, tickets, statuses);
  assert_shadow (&shadow, model);
  duban_queue_model_set_tickets (model, synced, synced_statuses);
  g_assert_cmpuint (shadow.removed, <=, resolved + moved);
  g_assert_cmpuint (shadow.added, <=, moved);
  assert_shadow (&shadow, model);

  /* A re-sort and a search still tell the whole list right. */
  duban_queue_model_set_sort (model, DUBAN_QUERY_SORT_TITLE, TRUE);
  assert_shadow (&shadow, model);
  {
    DubanTicketQuery filter;

    duban_ticket_query_init (&filter);
    duban_ticket_query_set_search (&filter, "Street");
    duban_queue_model_set_filter (model, &filter);
    assert_shadow (&shadow, model);
    duban_ticket_query_clear (&filter);
    duban_queue_model_set_filter (model, &filter);
    assert_shadow (&shadow, model);
  }

  g_signal_handlers_disconnect_by_data (model, &shadow);
  g_ptr_array_unref (shadow.ids);
}

/* The replies a sync brought: an order the unit answered after the sync
 * before and by now, each ticket once; an older reply, one not yet
 * given, or one dated after now are not news. */
static DubanSupervision *
replied_order (const char *client_id,
               DubanTime   replied_at)
{
  DubanSupervision *order = g_new0 (DubanSupervision, 1);

  order->client_id = g_strdup (client_id);
  order->level = DUBAN_ORDER_YELLOW;
  order->note = g_strdup ("");
  order->issued_at = replied_at != DUBAN_TIME_NONE ? replied_at - DUBAN_USEC_PER_DAY : 1;
  order->replied_at = replied_at;
  if (replied_at != DUBAN_TIME_NONE)
    order->reply = g_strdup ("已办理");
  return order;
}

static void
test_attention_replies (void)
{
  const DubanTime since = 1000 * DUBAN_USEC_PER_DAY, now = since + DUBAN_USEC_PER_HOUR;
  const struct { const char *id; DubanTime replied[2]; } cases[] = {
    { "R-OLD", { since - 1, DUBAN_TIME_NONE } },            /* told at the sync before */
    { "R-NEW", { since + 1, DUBAN_TIME_NONE } },            /* news */
    { "R-TWO", { since + 5, now } },                        /* two replies: one ticket */
    { "R-NONE", { DUBAN_TIME_NONE, DUBAN_TIME_NONE } },     /* not answered */
    { "R-LATER", { now + 1, DUBAN_TIME_NONE } },            /* dated after now */
    { "R-BARE", { 0, 0 } },                                 /* no order at all */
  };
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  g_autoptr(GPtrArray) replied = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DubanTicket *ticket = duban_ticket_new ();

      ticket->id = g_strdup (cases[i].id);
      if (!g_str_equal (cases[i].id, "R-BARE"))
        {
          ticket->supervisions = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_supervision_free);
          for (guint j = 0; j < 2; j++)
            if (j == 0 || cases[i].replied[j] != DUBAN_TIME_NONE)
              g_ptr_array_add (ticket->supervisions, replied_order (j == 0 ? "a" : "b", cases[i].replied[j]));
        }
      g_ptr_array_add (tickets, ticket);
    }

  replied = duban_attention_newly_replied (tickets, since, now);
  g_assert_cmpuint (replied->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (replied, 0), ==, "R-NEW");
  g_assert_cmpstr (g_ptr_array_index (replied, 1), ==, "R-TWO");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/workbench/queue/order-and-filters", test_queue_order_and_filters);
  g_test_add_func ("/workbench/queue/off-thread", test_queue_off_thread);
  g_test_add_func ("/workbench/queue/patched-rows", test_queue_patched_rows);
  g_test_add ("/workbench/orders/survive-a-crash-and-deliver-once", Fixture, NULL,
              fixture_set_up, test_order_survives_crash, fixture_tear_down);
  g_test_add ("/workbench/orders/payload", Fixture, NULL,
              fixture_set_up, test_order_payload, fixture_tear_down);
  g_test_add ("/workbench/audit/trail", Fixture, NULL,
              fixture_set_up, test_audit_trail, fixture_tear_down);
  g_test_add_func ("/workbench/attention/replies", test_attention_replies);
  g_test_add ("/workbench/attention/flags", Fixture, NULL,
              fixture_set_up, test_attention_flags, fixture_tear_down);
  g_test_add ("/workbench/orders/sheet-pdf", Fixture, NULL,
              fixture_set_up, test_order_sheet_pdf, fixture_tear_down);

  return g_test_run ();
}
