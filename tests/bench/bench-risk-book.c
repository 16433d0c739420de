/* bench-risk-book.c — the queue's late risks worked out on a worker
 *
 * Times the risk book (src/app/model/duban-risk-book.c) over a store
 * made by bench-scale: from the refresh to the risks being in (the
 * worker reads the open tickets and DUBAN_RISK_BOOK_HISTORY_DAYS of
 * history with its own connection, then draws the curves), and what the
 * main thread spent meanwhile. Never writes to the store. Run by hand:
 *
 *   build/tests/bench/bench-risk-book STORE [RUNS]
 */
#include "config.h"

#include <locale.h>
#include <time.h>

#include "duban-risk-book.h"

static gint64
thread_cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
changed_cb (DubanRiskBook *book,
            gboolean      *done)
{
  *done = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DubanRiskBook) book = NULL;
  guint runs = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 2;

  setlocale (LC_ALL, "");
  if (argc < 2)
    {
      g_printerr ("usage: %s STORE [RUNS]\n", argv[0]);
      return 2;
    }

  book = duban_risk_book_new (argv[1]);
  g_print ("risk book over %s (history: %d days)\n", argv[1], DUBAN_RISK_BOOK_HISTORY_DAYS);
  for (guint run = 0; run < MAX (runs, 1); run++)
    {
      gboolean done = FALSE;
      gulong handler = g_signal_connect (book, "changed", G_CALLBACK (changed_cb), &done);
      gint64 start = g_get_monotonic_time ();
      gint64 cpu = thread_cpu_usec ();

      duban_risk_book_refresh (book, TRUE);
      while (!done && duban_risk_book_get_busy (book))
        g_main_context_iteration (NULL, TRUE);
      g_signal_handler_disconnect (book, handler);
      if (!done)
        {
          g_printerr ("no risks came in\n");
          return 1;
        }
      g_print ("  run %u: %u open tickets assessed in %.0f ms on the worker; main thread CPU %.1f ms\n",
               run + 1, g_hash_table_size (duban_risk_book_get_risks (book)),
               (g_get_monotonic_time () - start) / 1000.0, (thread_cpu_usec () - cpu) / 1000.0);
    }
  return 0;
}
