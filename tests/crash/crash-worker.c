/* crash-worker.c — a supervisor who never stops, for test-crash to kill
 *
 *   crash-worker issue DB TICKET-ID...   notes and orders, forever
 *   crash-worker deliver DB URL           the outbox, until it is empty
 *
 * "issue" does what the desk does when a supervisor writes a note and
 * issues an order: duban_store_add_note() and duban_orders_issue(), the
 * very calls the ticket detail and the order dialog make. After each
 * call returns, the worker prints what it saved ("note N" or "order
 * CLIENT-ID") and flushes: from that moment the desk would tell the
 * supervisor it is saved, so test-crash holds the store to it.
 *
 * "deliver" does what the desk does after each sync: it sends the outbox
 * to the platform with duban_outbox_flush(), and prints "done" when the
 * outbox is empty.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <unistd.h>

#include "duban-orders.h"
#include "duban-outbox.h"
#include "duban-store.h"

static const char * const notes[] = {
  "已电话联系承办单位，要求今日内答复",
  "承办单位称已派人到现场",
  "群众再次来电，情绪激动",
};

static int
issue_forever (const char  *db,
               char       **ticket_ids,
               int          n_ticket_ids)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = duban_store_open (db, &error);

  if (store == NULL)
    {
      g_printerr ("crash-worker: %s\n", error->message);
      return 2;
    }

  for (guint64 i = 0; ; i++)
    {
      const char *ticket_id = ticket_ids[i % (guint) n_ticket_ids];
      g_autoptr(DubanOrder) order = NULL;
      g_autofree char *note = g_strdup_printf ("%s（%d-%" G_GUINT64_FORMAT "）", notes[i % G_N_ELEMENTS (notes)],
                                         (int) getpid (), i);

      if (!duban_store_add_note (store, ticket_id, note, &error))
        {
          g_printerr ("crash-worker: %s\n", error->message);
          return 3;
        }
      printf ("note %s\n", note);
      fflush (stdout);

      order = duban_orders_issue (store, ticket_id, (DubanOrderLevel) (i % 3), note,
                                  duban_time_now () + DUBAN_USEC_PER_DAY, &error);
      if (order == NULL)
        {
          g_printerr ("crash-worker: %s\n", error->message);
          return 4;
        }
      printf ("order %s\n", order->client_id);
      fflush (stdout);
    }
}

static int
deliver (const char *db,
         const char *url)
{
  g_autoptr(DubanFeedClient) client = duban_feed_client_new (url);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      DubanOutboxStats stats = { 0 };

      if (!duban_outbox_flush (client, db, &stats, NULL, &error))
        {
          g_printerr ("crash-worker: %s\n", error->message);
          return 5;
        }
      if (stats.waiting == 0)
        break;
      /* a failure that may pass: the outbox has put the order off */
      g_usleep (G_USEC_PER_SEC / 10);
    }
  /* flushed here, as every line the test reads: under AddressSanitizer
   * the process was seen to end with status 0 and this line unwritten,
   * about once in twenty loaded runs */
  printf ("done\n");
  fflush (stdout);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  if (argc >= 4 && g_str_equal (argv[1], "issue"))
    return issue_forever (argv[2], argv + 3, argc - 3);
  if (argc == 4 && g_str_equal (argv[1], "deliver"))
    return deliver (argv[2], argv[3]);

  g_printerr ("usage: crash-worker issue DB TICKET-ID...\n"
              "       crash-worker deliver DB URL\n");
  return 1;
}
