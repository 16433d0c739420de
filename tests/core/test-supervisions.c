/* The contract's supervisions, end to end: an order issued at one desk
 * is delivered to the reference platform, which carries it on the ticket
 * with the unit's reply; a sync brings it, reply and all, into another
 * desk's store, where the ladder sees it.
 *
 * The platform answers on this thread's main context; the sync and the
 * outbox run on workers, so the test spins the main loop until each ends.
 */

#include "config.h"

#include <string.h>

#include "duban-feed-client.h"
#include "duban-feed-server.h"
#include "duban-orders.h"
#include "duban-outbox.h"
#include "duban-store.h"
#include "duban-supervision.h"
#include "duban-test.h"

typedef struct {
  gboolean done;
  gboolean ok;
  GError  *error;
} Wait;

static void
synced_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = duban_feed_client_sync_finish (DUBAN_FEED_CLIENT (source), res, NULL, &wait->error);
  wait->done = TRUE;
}

static void
flushed_cb (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = duban_outbox_flush_finish (DUBAN_FEED_CLIENT (source), res, NULL, &wait->error);
  wait->done = TRUE;
}

static void
sync_into (const char *url,
           const char *db)
{
  g_autoptr(DubanFeedClient) client = duban_feed_client_new (url);
  Wait wait = { 0 };

  duban_feed_client_sync_async (client, db, NULL, NULL, NULL, synced_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
}

static void
deliver_from (const char *url,
              const char *db)
{
  g_autoptr(DubanFeedClient) client = duban_feed_client_new (url);
  Wait wait = { 0 };

  duban_outbox_flush_async (client, db, NULL, flushed_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
}

static const DubanSupervision *
find_supervision (const DubanTicket *ticket,
                  const char        *client_id)
{
  for (guint i = 0; ticket->supervisions != NULL && i < ticket->supervisions->len; i++)
    {
      const DubanSupervision *s = g_ptr_array_index (ticket->supervisions, i);

      if (g_strcmp0 (s->client_id, client_id) == 0)
        return s;
    }
  return NULL;
}

#define N_ORDERS 12

static void
test_feed_sync_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanFeedServer) server = NULL;
  g_autofree char *dir = duban_test_make_dir ("duban-supervisions-XXXXXX");
  g_autofree char *here = g_build_filename (dir, "here.db", NULL);
  g_autofree char *there = g_build_filename (dir, "there.db", NULL);
  g_autofree char *url = NULL;
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(DubanStore) other = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  char *client_ids[N_ORDERS] = { 0 };
  char *ticket_ids[N_ORDERS] = { 0 };
  DubanFeedOptions options;
  guint late = 0, in_time = 0;

  /* the platform's own clock runs, as the desk's does: the reply
   * deadlines below are a few seconds off, and each live step moves the
   * platform's time on by at least a second */
  duban_feed_options_init (&options);
  options.seed = 11;
  options.n_tickets = 200;
  server = duban_feed_server_new (&options, &error);
  g_assert_no_error (error);
  g_assert_true (duban_feed_server_listen (server, 0, &error));
  url = duban_feed_server_get_url (server);

  sync_into (url, here);
  sync_into (url, there);

  /* orders issued at this desk, reply due in a few seconds */
  store = duban_store_open (here, &error);
  g_assert_no_error (error);
  ids = duban_feed_server_list_ids (server);
  for (guint i = 0, k = 0; i < ids->len && k < N_ORDERS; i++)
    {
      g_autoptr(DubanTicket) ticket = duban_feed_server_get_ticket (server, g_ptr_array_index (ids, i));
      g_autoptr(DubanOrder) order = NULL;

      if (ticket == NULL || ticket->status == DUBAN_STATUS_CANCELLED)
        continue;
      g_assert_null (ticket->supervisions);
      order = duban_orders_issue_as (store, ticket->id, k % 2 ? DUBAN_ORDER_YELLOW : DUBAN_ORDER_BULLETIN,
                                     "逾期未办结，请说明原因", duban_time_now () + 3 * DUBAN_USEC_PER_SECOND,
                                     "张督办", &error);
      g_assert_no_error (error);
      client_ids[k] = g_strdup (order->client_id);
      ticket_ids[k] = g_strdup (ticket->id);
      k++;
    }
  g_assert_nonnull (ticket_ids[N_ORDERS - 1]);
  g_clear_object (&store);
  deliver_from (url, here);
  g_assert_cmpuint (duban_feed_server_count_supervisions (server, NULL), ==, N_ORDERS);

  /* the platform carries each order on its ticket, not yet answered */
  for (guint k = 0; k < N_ORDERS; k++)
    {
      g_autoptr(DubanTicket) ticket = duban_feed_server_get_ticket (server, ticket_ids[k]);
      const DubanSupervision *s = find_supervision (ticket, client_ids[k]);

      g_assert_nonnull (s);
      g_assert_cmpstr (s->issued_by, ==, "张督办");
      g_assert_cmpint (s->level, ==, k % 2 ? DUBAN_ORDER_YELLOW : DUBAN_ORDER_BULLETIN);
      g_assert_cmpint (s->replied_at, ==, DUBAN_TIME_NONE);
    }

  /* the units answer, some only after the deadline */
  for (guint step = 0; step < 30; step++)
    duban_feed_server_live_step (server, 0);

  /* another workstation syncs and sees every order with its reply */
  sync_into (url, there);
  other = duban_store_open (there, &error);
  g_assert_no_error (error);
  tickets = duban_store_load_tickets (other, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < N_ORDERS; k++)
    {
      g_autoptr(DubanTicket) ticket = duban_store_get_ticket (other, ticket_ids[k], &error);
      const DubanSupervision *s;

      g_assert_no_error (error);
      s = find_supervision (ticket, client_ids[k]);
      g_assert_nonnull (s);
      g_assert_cmpstr (s->note, ==, "逾期未办结，请说明原因");
      g_assert_cmpint (s->respond_by, !=, DUBAN_TIME_NONE);
      g_assert_cmpint (s->replied_at, !=, DUBAN_TIME_NONE);
      g_assert_cmpint (s->replied_at, >=, s->issued_at);
      g_assert_nonnull (s->reply);
      g_assert_cmpuint (g_utf8_strlen (s->reply, -1), >, 4);
      if (s->replied_at > s->respond_by)
        {
          late++;
          g_assert_true (duban_supervision_reply_overdue (s, s->replied_at));
        }
      else
        {
          in_time++;
          g_assert_false (duban_supervision_reply_overdue (s, s->replied_at + DUBAN_USEC_PER_DAY));
        }
    }
  g_assert_cmpuint (late, >, 0);
  g_assert_cmpuint (in_time, >, 0);
  g_assert_cmpint (duban_test_count_rows (there, "SELECT count(*) FROM ticket_supervisions WHERE reply IS NOT NULL", NULL),
                   ==, N_ORDERS);

  /* the whole load carries them too, each on its own ticket */
  {
    guint carried = 0;

    for (guint i = 0; i < tickets->len; i++)
      {
        const DubanTicket *ticket = g_ptr_array_index (tickets, i);

        if (ticket->supervisions != NULL)
          carried += ticket->supervisions->len;
      }
    g_assert_cmpuint (carried, ==, N_ORDERS);
  }

  /* a ticket the platform withdraws takes its orders with it */
  g_assert_true (duban_feed_server_delete_ticket (server, ticket_ids[0]));
  sync_into (url, there);
  g_assert_cmpint (duban_test_count_rows (there, "SELECT count(*) FROM ticket_supervisions WHERE ticket_id = ?1", ticket_ids[0]),
                   ==, 0);

  for (guint k = 0; k < N_ORDERS; k++)
    {
      g_free (client_ids[k]);
      g_free (ticket_ids[k]);
    }
  g_clear_object (&other);
  duban_test_remove_dir (dir);
}

/* The contract's reader: a malformed order makes the ticket invalid with
 * the field named; one order told twice is refused. */
static void
test_wire (void)
{
  static const struct {
    const char *supervisions;
    const char *problem;   /* NULL: valid */
  } cases[] = {
    { "null", NULL },
    { "[]", NULL },
    { "[{\"client_id\":\"a\",\"level\":\"red\",\"issued_at\":\"2026-10-10T09:00:00+08:00\","
      "\"respond_by\":\"2026-10-11T17:00:00+08:00\",\"replied_at\":\"2026-10-11T10:00:00+08:00\",\"reply\":\"已办\"}]", NULL },
    { "{}", "'supervisions' must be an array" },
    { "[1]", "'supervisions[0]' must be an object" },
    { "[{\"level\":\"red\",\"issued_at\":\"2026-10-10T09:00:00+08:00\"}]", "'supervisions[0].client_id' is missing" },
    { "[{\"client_id\":\"a\",\"level\":\"purple\",\"issued_at\":\"2026-10-10T09:00:00+08:00\"}]", "supervisions[0].level" },
    { "[{\"client_id\":\"a\",\"level\":\"red\",\"issued_at\":\"2026-10-10 09:00\"}]", "supervisions[0].issued_at" },
    { "[{\"client_id\":\"a\",\"level\":\"red\",\"issued_at\":\"2026-10-10T09:00:00+08:00\","
      "\"replied_at\":\"2026-10-09T09:00:00+08:00\"}]", "supervisions[0].replied_at" },
    { "[{\"client_id\":\"a\",\"level\":\"red\",\"issued_at\":\"2026-10-10T09:00:00+08:00\"},"
      "{\"client_id\":\"a\",\"level\":\"notice\",\"issued_at\":\"2026-10-11T09:00:00+08:00\"}]", "supervisions[1].client_id" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"id\":\"JX1\",\"title\":\"路灯不亮\",\"kind\":\"complaint\","
                                               "\"category\":\"市政\",\"urgency\":\"normal\",\"status\":\"dispatched\","
                                               "\"received_at\":\"2026-10-09T09:00:00+08:00\","
                                               "\"updated_at\":\"2026-10-12T09:00:00+08:00\",\"supervisions\":%s}",
                                               cases[i].supervisions);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(DubanTicket) ticket = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
      ticket = duban_ticket_new_from_json (json_parser_get_root (parser), &error);
      if (cases[i].problem == NULL)
        {
          g_assert_no_error (error);
          g_assert_nonnull (ticket);
          if (ticket->supervisions != NULL)
            {
              g_autoptr(JsonNode) back = duban_ticket_to_json (ticket);
              g_autoptr(DubanTicket) again = duban_ticket_new_from_json (back, &error);
              const DubanSupervision *s = g_ptr_array_index (again->supervisions, 0);

              /* written and read back, nothing lost */
              g_assert_no_error (error);
              g_assert_cmpstr (s->reply, ==, "已办");
              g_assert_cmpint (s->level, ==, DUBAN_ORDER_RED);
              g_assert_false (duban_supervision_reply_overdue (s, s->replied_at + DUBAN_USEC_PER_DAY));
            }
        }
      else
        {
          g_assert_null (ticket);
          g_assert_error (error, DUBAN_TICKET_ERROR, DUBAN_TICKET_ERROR_INVALID);
          if (strstr (error->message, cases[i].problem) == NULL)
            g_error ("case %u: “%s” does not say “%s”", i, error->message, cases[i].problem);
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("no_proxy", "127.0.0.1,localhost", TRUE);

  g_test_add_func ("/supervisions/wire", test_wire);
  g_test_add_func ("/supervisions/feed-sync-store", test_feed_sync_store);

  return g_test_run ();
}
