/* bench-unit.c — the unit page with the matters counted, on a real store
 *
 * The unit page is built once when it opens, over every ticket the desk
 * holds. Counting its matters (analysis/duban-repeat-matters.c) adds a
 * collapse of the unit's tickets and, when a confirmed group touches the
 * unit, one pass over every ticket for the groups' other tickets. Timed
 * here beside the same page with no decision at all (the floor: the page
 * as it was), for the unit with the most tickets, with 500 confirmed
 * groups of three of its tickets and 500 of other units'. The store is
 * read, never written (a desk opened on an existing store). Run by hand:
 *
 *   _build/tests/bench/bench-unit /var/tmp/duban-scale/duban-200000.db
 */
#include "config.h"

#include "duban-desk.h"
#include "duban-unit-report.h"

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static DubanRepeatDecision *
confirmed (const DubanTicket *a,
           const DubanTicket *b,
           const DubanTicket *c)
{
  DubanRepeatDecision *d = g_new0 (DubanRepeatDecision, 1);
  const char *ids[] = { a->id, b->id, c->id, NULL };

  d->ticket_ids = g_strdupv ((char **) ids);
  d->key = duban_repeat_decision_key (ids, 3);
  d->kind = DUBAN_REPEAT_CONFIRMED;
  return d;
}

/* One build, its time; the first one says what it found. */
static double
time_build (DubanDesk  *desk,
            GPtrArray  *decisions,
            const char *unit,
            guint      *matters,
            gboolean    say)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanUnitReport) report = NULL;
  gint64 start = g_get_monotonic_time ();
  double seconds;

  report = duban_unit_report_build (duban_desk_get_tickets (desk), duban_desk_get_statuses (desk),
                                    duban_desk_get_policy (desk), duban_desk_get_calendar (desk),
                                    duban_desk_get_orders (desk), decisions, unit,
                                    duban_desk_dup_name_cb, desk, duban_desk_get_moment (desk), &error);
  seconds = seconds_since (start);
  g_assert_no_error (error);
  *matters = report->matters;
  if (say)
    g_print ("  %s: %u tickets in the six months, %u matters, %u groups listed\n",
             decisions != NULL ? "with the decisions" : "no decision (the floor)",
             report->received, report->matters, report->groups->len);
  return seconds;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DubanDesk) desk = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_repeat_decision_free);
  g_autoptr(GPtrArray) own = g_ptr_array_new ();
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  GPtrArray *tickets;
  const char *unit = NULL;
  guint most = 0, plain_matters = 0, with_matters = 0;
  DubanTime start_of_span;
  double plain, with;
  GHashTableIter iter;
  gpointer key, value;

  if (argc < 2)
    {
      g_printerr ("usage: %s STORE\n", argv[0]);
      return 2;
    }

  desk = duban_desk_load (argv[1], DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_TICKETS | DUBAN_DESK_ORDERS,
                          duban_time_now (), NULL, &error);
  g_assert_no_error (error);
  tickets = duban_desk_get_tickets (desk);

  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *t = g_ptr_array_index (tickets, i);

      if (t->unit_code != NULL)
        g_hash_table_insert (counts, t->unit_code,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, t->unit_code)) + 1));
    }
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_UINT (value) > most)
      {
        most = GPOINTER_TO_UINT (value);
        unit = key;
      }
  g_assert_nonnull (unit);

  /* groups of tickets received in the page's six months */
  start_of_span = duban_desk_get_moment (desk) - (gint64) 150 * 24 * 3600 * G_USEC_PER_SEC;
  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *t = g_ptr_array_index (tickets, i);

      if (t->received_at < start_of_span || t->status == DUBAN_STATUS_CANCELLED)
        continue;
      if (g_strcmp0 (t->unit_code, unit) == 0)
        g_ptr_array_add (own, (gpointer) t);
      else
        g_ptr_array_add (others, (gpointer) t);
    }
  for (guint i = 0; i + 2 < own->len && decisions->len < 500; i += 3)
    g_ptr_array_add (decisions, confirmed (own->pdata[i], own->pdata[i + 1], own->pdata[i + 2]));
  for (guint i = 0; i + 2 < others->len && decisions->len < 1000; i += 3)
    g_ptr_array_add (decisions, confirmed (others->pdata[i], others->pdata[i + 1], others->pdata[i + 2]));

  g_print ("%u tickets; unit %s with %u; %u confirmed groups\n", tickets->len, unit, most, decisions->len);
  /* in turns, best of 5 each: a loaded machine slows both alike */
  plain = with = G_MAXDOUBLE;
  for (guint round = 0; round < 5; round++)
    {
      double a = time_build (desk, NULL, unit, &plain_matters, round == 0);
      double b = time_build (desk, decisions, unit, &with_matters, round == 0);

      /* not inside MIN(), which would build twice */
      plain = MIN (plain, a);
      with = MIN (with, b);
    }
  g_print ("unit page build, best of 5: %.3f s -> %.3f s (%.2fx); matters %u -> %u\n",
           plain, with, with / plain, plain_matters, with_matters);

  return 0;
}
