/* bench-ladder.c — the ladder's proposals over a year of tickets
 *
 * The session works the matters out at each reload, on a worker (the
 * repeat groups over the last 60 days), and the ladder for every open
 * ticket at each reload and each minute, on the main thread, with the
 * matters kept. Each is timed beside evaluating every ticket's state
 * once, which the same tick does anyway. N tickets received over the last
 * DAYS days (those of the last 12 still open). Run by hand:
 *
 *   _build/tests/bench/bench-ladder [N [DAYS]]
 */
#include "config.h"

#include <glib/gstdio.h>

#include "duban-desk.h"
#include "duban-proposals.h"
#include "duban-store.h"

static const char *categories[] = { "供水", "供电", "道路交通", "环境卫生", "物业管理", "农业农村", "市政设施", "教育" };
static const char *words[] = { "路灯不亮", "自来水管破裂", "垃圾清运不及时", "噪音扰民", "道路积水", "井盖缺失",
                               "物业不作为", "违章搭建", "供暖不热", "占道经营" };

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
fill_store (const char *path,
            guint       n,
            double      days,
            DubanTime   now)
{
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261015);

  store = duban_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (duban_store_begin (store, &error));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DubanTicket) ticket = duban_ticket_new ();
      guint town = g_rand_int_range (rand, 1, 14);

      ticket->id = g_strdup_printf ("JX2026%07u", i);
      ticket->title = g_strdup_printf ("%s（%u）", words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))], i);
      ticket->kind = g_rand_int_range (rand, 0, 5);
      ticket->category = g_strdup (categories[g_rand_int_range (rand, 0, G_N_ELEMENTS (categories))]);
      ticket->urgency = g_rand_int_range (rand, 0, 5) == 0 ? DUBAN_URGENCY_URGENT : DUBAN_URGENCY_NORMAL;
      ticket->has_location = TRUE;
      ticket->lat = 35.0 + g_rand_double_range (rand, 0, 0.2);
      ticket->lon = 116.2 + g_rand_double_range (rand, 0, 0.2);
      ticket->grid_code = g_strdup_printf ("370828%03u%03u%03u", town, g_rand_int_range (rand, 1, 20),
                                           g_rand_int_range (rand, 1, 10));
      ticket->unit_code = g_strdup_printf ("U%02u", g_rand_int_range (rand, 1, 60));
      ticket->unit_name = g_strdup_printf ("承办单位%s", ticket->unit_code);
      ticket->status = DUBAN_STATUS_DISPATCHED;
      ticket->received_at = now - (gint64) (g_rand_double_range (rand, 0.1, days) * DUBAN_USEC_PER_DAY);
      ticket->dispatched_at = ticket->received_at + 10 * 60 * DUBAN_USEC_PER_SECOND;
      ticket->updated_at = ticket->dispatched_at;
      if (now - ticket->received_at > 12 * DUBAN_USEC_PER_DAY)
        {
          ticket->status = DUBAN_STATUS_RESOLVED;
          ticket->resolved_at = ticket->dispatched_at + (gint64) (g_rand_double_range (rand, 0.1, 4.0) * DUBAN_USEC_PER_DAY);
          ticket->updated_at = ticket->resolved_at;
        }
      if (i % 10 == 0)
        {
          DubanSupervision *s = g_new0 (DubanSupervision, 1);

          s->client_id = g_strdup_printf ("C%07u", i);
          s->level = DUBAN_ORDER_NOTICE;
          s->note = g_strdup ("");
          s->issued_at = ticket->dispatched_at + DUBAN_USEC_PER_HOUR;
          s->respond_by = s->issued_at + DUBAN_USEC_PER_DAY;
          s->replied_at = DUBAN_TIME_NONE;
          ticket->supervisions = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_supervision_free);
          g_ptr_array_add (ticket->supervisions, s);
        }

      g_assert_true (duban_store_upsert_ticket (store, ticket, NULL, &error));
    }

  g_assert_true (duban_store_commit (store, &error));
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 200000;
  double days = argc > 2 ? g_ascii_strtod (argv[2], NULL) : 365;
  g_autofree char *dir = g_dir_make_tmp ("bench-ladder-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "duban.db", NULL);
  g_autoptr(DubanDesk) desk = NULL;
  g_autoptr(GError) error = NULL;
  DubanTime now = duban_time_now ();
  double evaluate = G_MAXDOUBLE, matters = G_MAXDOUBLE, ladder = G_MAXDOUBLE;
  guint proposed = 0, open = 0;

  fill_store (path, n, days, now);
  desk = duban_desk_load (path, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_TICKETS | DUBAN_DESK_ORDERS, now, NULL, &error);
  g_assert_no_error (error);

  /* best of 3 each */
  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GArray) statuses = NULL;
      g_autofree guint *m = NULL;
      g_autoptr(GHashTable) proposals = NULL;
      gint64 start;

      start = g_get_monotonic_time ();
      statuses = duban_desk_evaluate_at (desk, NULL, now);
      evaluate = MIN (evaluate, seconds_since (start));

      start = g_get_monotonic_time ();
      m = duban_proposals_matters (duban_desk_get_tickets (desk), now, NULL);
      matters = MIN (matters, seconds_since (start));

      start = g_get_monotonic_time ();
      proposals = duban_proposals_compute (desk, statuses, m, NULL, NULL, now);
      ladder = MIN (ladder, seconds_since (start));

      if (round == 0)
        {
          GHashTableIter iter;
          gpointer value;

          g_hash_table_iter_init (&iter, proposals);
          while (g_hash_table_iter_next (&iter, NULL, &value))
            proposed += ((DubanLadderProposal *) value)->proposed;
          for (guint i = 0; i < statuses->len; i++)
            open += duban_state_is_open (g_array_index (statuses, DubanSlaStatus, i).state);
        }
    }

  g_print ("%u tickets over %.0f days, %u open, %u proposals\n", n, days, open, proposed);
  g_print ("  %-52s %9.1f ms\n", "floor: evaluate every ticket's state", evaluate * 1000);
  g_print ("  %-52s %9.1f ms\n", "matters (repeat groups, at each reload, on a worker)", matters * 1000);
  g_print ("  %-52s %9.1f ms  (%.2f x the floor)\n", "the ladder for every open ticket (each minute)",
           ladder * 1000, ladder / evaluate);

  g_clear_object (&desk);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
  return 0;
}
