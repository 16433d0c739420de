/* The ticket query: which tickets pass and in which order, on a few
 * tickets with their statuses written by hand (no calendar, no display).
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "duban-ticket-query.h"

typedef struct {
  GPtrArray *tickets;
  GArray    *statuses;
} Fixture;

static DubanTime
t (const char *text)
{
  DubanTime time;
  g_autoptr(GError) error = NULL;

  g_assert_true (duban_time_parse_rfc3339 (text, &time, &error));
  g_assert_no_error (error);
  return time;
}

static void
add (Fixture     *f,
     const char  *id,
     DubanState   state,
     double       lateness,
     const char  *received,
     const char  *unit_name,
     const char  *grid_code)
{
  DubanTicket *ticket = duban_ticket_new ();
  DubanSlaStatus status = { 0 };

  ticket->id = g_strdup (id);
  ticket->title = g_strdup_printf ("%s的诉求", unit_name);
  ticket->description = g_strdup ("路灯不亮");
  ticket->category = g_strdup ("市政设施");
  ticket->urgency = DUBAN_URGENCY_NORMAL;
  ticket->source = DUBAN_SOURCE_HOTLINE;
  ticket->received_at = t (received);
  ticket->unit_code = g_strdup_printf ("U-%s", id);
  ticket->unit_name = g_strdup (unit_name);
  ticket->grid_code = g_strdup (grid_code);
  g_ptr_array_add (f->tickets, ticket);

  status.state = state;
  status.lateness_seconds = lateness;
  status.deadline = ticket->received_at + 3 * G_TIME_SPAN_DAY;
  g_array_append_val (f->statuses, status);
}

static void
fixture_init (Fixture *f)
{
  f->tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  f->statuses = g_array_new (FALSE, FALSE, sizeof (DubanSlaStatus));

  /* index: id, state, how late, received, unit, grid */
  /* 0 */ add (f, "T1",  DUBAN_STATE_OPEN_OK,      -500, "2026-12-01T09:00:00+08:00", "张庄镇政府", "370828001001001");
  /* 1 */ add (f, "T10", DUBAN_STATE_OPEN_OVERDUE,  900, "2026-11-20T10:00:00+08:00", "安监局",     "370828002001001");
  /* 2 */ add (f, "T11", DUBAN_STATE_DONE_ON_TIME,    0, "2026-12-01T11:00:00+08:00", "李集镇政府", "370828003001001");
  /* 3 */ add (f, "T2",  DUBAN_STATE_OPEN_WARNING,  -10, "2026-12-02T08:00:00+08:00", "王丕街道",   "370828001002001");
  /* 4 */ add (f, "T3",  DUBAN_STATE_CANCELLED,       0, "2026-12-01T12:00:00+08:00", "赵家村",     "370828001001002");
  /* 5 */ add (f, "T4",  DUBAN_STATE_NOT_YET,         0, "2026-12-03T08:00:00+08:00", "陈家村",     "370828001001003");
  /* 6 */ add (f, "T5",  DUBAN_STATE_DONE_LATE,       0, "2026-11-25T08:00:00+08:00", "陈家村",     NULL);
}

static void
fixture_clear (Fixture *f)
{
  g_ptr_array_unref (f->tickets);
  g_array_unref (f->statuses);
}

/* The ids that pass @query, in its order, joined by spaces. */
static char *
run (Fixture                *f,
     const DubanTicketQuery *query)
{
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < f->tickets->len; i++)
    if (duban_ticket_query_matches (query, g_ptr_array_index (f->tickets, i),
                                    &g_array_index (f->statuses, DubanSlaStatus, i)))
      g_array_append_val (indices, i);
  duban_ticket_query_sort (query, f->tickets, f->statuses, indices);
  for (guint i = 0; i < indices->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (f->tickets, g_array_index (indices, guint, i));

      g_string_append_printf (ids, "%s%s", i > 0 ? " " : "", ticket->id);
    }
  return g_string_free (ids, FALSE);
}

static char *
run_spec (Fixture    *f,
          const char *spec)
{
  DubanTicketQuery query;
  g_autoptr(GError) error = NULL;
  char *ids;

  duban_ticket_query_init (&query);
  g_assert_true (duban_ticket_query_parse (&query, spec, &error));
  g_assert_no_error (error);
  ids = run (f, &query);
  duban_ticket_query_clear (&query);
  return ids;
}

#define assert_ids(f, spec, expected) G_STMT_START {     \
    g_autofree char *_ids = run_spec ((f), (spec));      \
    g_assert_cmpstr (_ids, ==, (expected));              \
  } G_STMT_END

static void
test_default_is_open_by_attention (void)
{
  Fixture f;
  DubanTicketQuery query;
  g_autofree char *ids = NULL;

  fixture_init (&f);
  duban_ticket_query_init (&query);
  /* open only; overdue first, then 预警, then in time */
  ids = run (&f, &query);
  g_assert_cmpstr (ids, ==, "T10 T2 T1");
  duban_ticket_query_clear (&query);
  fixture_clear (&f);
}

static void
test_search_finds_any_ticket (void)
{
  Fixture f;

  fixture_init (&f);
  /* the closed T11 and T5, the cancelled T3; never T4, not received yet */
  assert_ids (&f, "search:路灯", "T10 T2 T1 T5 T11 T3");
  /* the exact id first, before the overdue T10 and whichever way the
   * order runs */
  assert_ids (&f, "search:t1", "T1 T10 T11");
  assert_ids (&f, "search:T11", "T11");
  /* a search within a state stays within it */
  assert_ids (&f, "state:done;search:T1", "T11");
  /* nothing: nothing */
  assert_ids (&f, "search:不存在", "");
  fixture_clear (&f);
}

static void
test_exact_id_first_in_any_order (void)
{
  Fixture f;
  DubanTicketQuery query;
  g_autofree char *ids = NULL;

  fixture_init (&f);
  duban_ticket_query_init (&query);
  duban_ticket_query_set_search (&query, "  T1 ");
  g_assert_cmpstr (query.search, ==, "T1");
  query.sort = DUBAN_QUERY_SORT_ID;
  query.descending = TRUE;
  ids = run (&f, &query);
  g_assert_cmpstr (ids, ==, "T1 T11 T10");
  duban_ticket_query_set_search (&query, "   ");
  g_assert_null (query.search);
  duban_ticket_query_clear (&query);
  fixture_clear (&f);
}

static void
test_period_and_backlog (void)
{
  Fixture f;
  DubanTicketQuery query;
  g_autofree char *received = NULL;
  g_autofree char *map = NULL;
  DubanDay first, last;

  fixture_init (&f);
  g_assert_true (duban_day_parse ("2026-12-01", &first, NULL));
  g_assert_true (duban_day_parse ("2026-12-02", &last, NULL));

  /* a chart's period: received those days, resolved ones included */
  assert_ids (&f, "period:2026-12-01..2026-12-02", "T2 T1 T11");
  /* a state term holds, before or after the period */
  assert_ids (&f, "state:open;period:2026-12-01..2026-12-02", "T2 T1");
  assert_ids (&f, "period:2026-12-01..2026-12-02;state:done", "T11");
  assert_ids (&f, "period:2026-11-01..2026-11-30;unit:U-T5", "T5");

  /* the map's: the period, and every ticket still open whenever received */
  duban_ticket_query_init (&query);
  query.state = DUBAN_QUERY_STATE_ANY;
  duban_ticket_query_set_days (&query, first, last, TRUE);
  map = run (&f, &query);
  g_assert_cmpstr (map, ==, "T10 T2 T1 T11");
  query.backlog = FALSE;
  received = run (&f, &query);
  g_assert_cmpstr (received, ==, "T2 T1 T11");
  duban_ticket_query_clear (&query);
  fixture_clear (&f);
}

/* A unit's score counts tickets whose deadline falls in the period,
 * received before it; "counted:" lists them, by the figures' own rule. */
static void
test_counted_in_figures (void)
{
  Fixture f;
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  DubanPeriod period;
  DubanDay first, last;

  fixture_init (&f);
  /* T10, received 11-20, due 11-23; T5, received 11-25, due 11-28 */
  assert_ids (&f, "period:2026-11-23..2026-11-30", "T5");
  assert_ids (&f, "counted:2026-11-23..2026-11-30", "T10 T5");
  assert_ids (&f, "counted:2026-11-23..2026-11-30;state:open", "T10");

  /* the same tickets as the figures count, one by one */
  g_assert_true (duban_day_parse ("2026-11-23", &first, NULL));
  g_assert_true (duban_day_parse ("2026-12-02", &last, NULL));
  duban_period_init (&period, first, last, G_MAXINT64);
  for (guint i = 0; i < f.tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (f.tickets, i);
      const DubanSlaStatus *status = &g_array_index (f.statuses, DubanSlaStatus, i);
      DubanFigures figures = { 0 };

      duban_figures_add_evaluated (&figures, calendar, &period, ticket, status);
      g_assert_cmpint (duban_figures_ticket_counts (&period, ticket, status), ==,
                       figures.received + figures.due + figures.urgent_due + figures.visited > 0);
    }
  fixture_clear (&f);
}

static void
test_criteria (void)
{
  Fixture f;
  int weekday, hour;
  g_autofree char *spec = NULL;

  fixture_init (&f);
  /* a town is the first nine digits of its grids' codes */
  assert_ids (&f, "town:370828001", "T2 T1");
  assert_ids (&f, "town:370828002", "T10");
  assert_ids (&f, "unit:U-T2", "T2");
  assert_ids (&f, "ids:T1, T11 ,T10", "T10 T1");
  assert_ids (&f, "urgency:urgent", "");
  assert_ids (&f, "source:hotline", "T10 T2 T1");
  assert_ids (&f, "state:open_overdue", "T10");
  assert_ids (&f, "state:any", "T10 T2 T1 T5 T11");

  duban_query_weekday_hour (t ("2026-12-02T08:30:00+08:00"), &weekday, &hour);
  g_assert_cmpint (weekday, ==, 3);
  g_assert_cmpint (hour, ==, 8);
  spec = g_strdup_printf ("weekday-hour:%d:%d", weekday, hour);
  assert_ids (&f, spec, "T2");
  fixture_clear (&f);
}

static void
test_parse_errors (void)
{
  const char *bad[] = {
    "", "unit", "unit:", "colour:red", "state:sleepy", "weekday-hour:8:1",
    "period:2026-12-02..2026-12-01", "period:2026-12-01", "unit:U1;", "search:  ",
  };
  DubanTicketQuery query;

  duban_ticket_query_init (&query);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (duban_ticket_query_parse (&query, bad[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      /* and the query is left as the default, not half set */
      g_assert_null (query.unit);
      g_assert_cmpint (query.state, ==, DUBAN_QUERY_STATE_OPEN);
      g_assert_cmpint (query.period_start, ==, DUBAN_TIME_NONE);
    }

  /* the search takes the rest, ';' and ':' included */
  g_assert_true (duban_ticket_query_parse (&query, "unit:U1;search:a;b:c", NULL));
  g_assert_cmpstr (query.unit, ==, "U1");
  g_assert_cmpstr (query.search, ==, "a;b:c");
  duban_ticket_query_clear (&query);
}

static void
test_names_by_pinyin (void)
{
  Fixture f;
  DubanTicketQuery query;
  g_autofree char *ids = NULL;
  g_autofree char *descending = NULL;
  g_autofree char *an = duban_name_collate_key ("安监局");
  g_autofree char *zhang = duban_name_collate_key ("张庄镇政府");

  fixture_init (&f);
  /* 安 (ān) 陈 (chén) 李 (lǐ) 王 (wáng) 张 (zhāng) 赵 (zhào): in code
   * points 张 (U+5F20) would come before 李 (U+674E) and 陈 (U+9648)
   * last. The locale is C here, as on a bare Debian. */
  g_assert_cmpint (strcmp (an, zhang), <, 0);
  duban_ticket_query_init (&query);
  query.state = DUBAN_QUERY_STATE_ANY;
  query.sort = DUBAN_QUERY_SORT_UNIT;
  ids = run (&f, &query);
  g_assert_cmpstr (ids, ==, "T10 T5 T11 T2 T1");
  query.descending = TRUE;
  descending = run (&f, &query);
  g_assert_cmpstr (descending, ==, "T1 T2 T11 T5 T10");
  g_assert_null (duban_name_collate_key (NULL));
  duban_ticket_query_clear (&query);
  fixture_clear (&f);
}

/* The ranked sort (integer keys made once per ticket array) gives the
 * order of the plain one, position for position, in every column and
 * both ways: over tickets with repeated, equal-reading and missing
 * names, equal glances and lateness, missing and short grid codes, an
 * array out of id order, and a search naming an id. */
static void
test_ranked_sort_is_the_plain_order (void)
{
  static const char *names[] = { "张庄镇政府", "安监局", "李集镇政府", "王丕街道", "陈家村", "Zhang", "zhang", "", NULL };
  static const char *grids[] = { "370828001001001", "370828002001001", "37082800", "370828001", "370828003x", NULL };
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  g_autoptr(GArray) statuses = g_array_new (FALSE, FALSE, sizeof (DubanSlaStatus));
  g_autoptr(GRand) rand = g_rand_new_with_seed (15);
  g_autoptr(DubanTicketRanks) ranks = NULL;
  g_autoptr(DubanTicketRanks) plain_ranks = NULL;
  GEnumClass *sorts = g_type_class_ref (DUBAN_TYPE_QUERY_SORT);

  for (guint i = 0; i < 400; i++)
    {
      DubanTicket *ticket = duban_ticket_new ();
      DubanSlaStatus status = { 0 };
      static const DubanState states[] = { DUBAN_STATE_OPEN_OK, DUBAN_STATE_OPEN_WARNING, DUBAN_STATE_OPEN_OVERDUE,
                                           DUBAN_STATE_DONE_LATE, DUBAN_STATE_DONE_ON_TIME };

      /* out of id order, T7 twice, t123 beside T123 */
      ticket->id = i == 399 ? g_strdup ("T7") : i == 398 ? g_strdup ("t123") : i == 397 ? g_strdup ("T123") :
                   g_strdup_printf ("T%u", g_rand_int_range (rand, 0, 2) ? i : 1000 - i);
      ticket->title = g_strdup (names[g_rand_int_range (rand, 0, G_N_ELEMENTS (names))]);
      ticket->unit_name = g_strdup (names[g_rand_int_range (rand, 0, G_N_ELEMENTS (names))]);
      ticket->category = g_strdup (names[g_rand_int_range (rand, 0, G_N_ELEMENTS (names))]);
      ticket->grid_code = g_strdup (grids[g_rand_int_range (rand, 0, G_N_ELEMENTS (grids))]);
      ticket->urgency = g_rand_int_range (rand, 0, 2) ? DUBAN_URGENCY_URGENT : DUBAN_URGENCY_NORMAL;
      ticket->source = g_rand_int_range (rand, 1, 4);
      ticket->received_at = t ("2026-12-01T09:00:00+08:00") + g_rand_int_range (rand, 0, 5) * G_TIME_SPAN_HOUR;
      g_ptr_array_add (tickets, ticket);

      status.state = states[g_rand_int_range (rand, 0, G_N_ELEMENTS (states))];
      status.contact_overdue = g_rand_int_range (rand, 0, 4) == 0;
      status.lateness_seconds = g_rand_int_range (rand, -2, 3) * 600;
      status.deadline = ticket->received_at + g_rand_int_range (rand, 0, 3) * G_TIME_SPAN_DAY;
      g_array_append_val (statuses, status);
    }

  ranks = duban_ticket_ranks_new (tickets, TRUE);
  plain_ranks = duban_ticket_ranks_new (tickets, FALSE);
  g_assert_true (duban_ticket_ranks_has_names (ranks));
  g_assert_false (duban_ticket_ranks_has_names (plain_ranks));
  g_assert_true (duban_ticket_ranks_get_tickets (ranks) == tickets);

  for (guint s = 0; s < sorts->n_values; s++)
    for (guint descending = 0; descending < 2; descending++)
      for (guint searched = 0; searched < 3; searched++)
        {
          DubanTicketQuery query;
          g_autoptr(GArray) plain = g_array_new (FALSE, FALSE, sizeof (guint));
          g_autoptr(GArray) ranked = NULL;
          g_autoptr(GArray) fallback = NULL;

          duban_ticket_query_init (&query);
          query.sort = sorts->values[s].value;
          query.descending = descending;
          /* "t123": two ids fold alike; the other names one ticket */
          if (searched == 1)
            duban_ticket_query_set_search (&query, "t123");
          else if (searched == 2)
            {
              g_autofree char *folded = g_ascii_strdown (((DubanTicket *) g_ptr_array_index (tickets, 5))->id, -1);

              duban_ticket_query_set_search (&query, folded);
            }
          for (guint i = 0; i < tickets->len; i++)
            g_array_append_val (plain, i);
          ranked = g_array_copy (plain);
          fallback = g_array_copy (plain);

          duban_ticket_query_sort (&query, tickets, statuses, plain);
          duban_ticket_query_sort_ranked (&query, tickets, statuses, ranks, ranked);
          duban_ticket_query_sort_ranked (&query, tickets, statuses, plain_ranks, fallback);
          g_assert_cmpuint (duban_ticket_query_sort_needs_names (&query), ==,
                            query.sort == DUBAN_QUERY_SORT_TITLE || query.sort == DUBAN_QUERY_SORT_UNIT ||
                            query.sort == DUBAN_QUERY_SORT_CATEGORY);
          for (guint i = 0; i < plain->len; i++)
            {
              if (g_array_index (plain, guint, i) != g_array_index (ranked, guint, i))
                g_error ("sort %s%s%s: position %u is %u, not %u", sorts->values[s].value_nick,
                         descending ? " descending" : "", searched ? " searched" : "", i,
                         g_array_index (ranked, guint, i), g_array_index (plain, guint, i));
              g_assert_cmpuint (g_array_index (plain, guint, i), ==, g_array_index (fallback, guint, i));
            }
          duban_ticket_query_clear (&query);
        }

  g_type_class_unref (sorts);
}

/* The ids of the open tickets in the risk order of @p_late (NULL: ranks
 * without risks), as a ranked re-sort makes it. */
static char *
run_risk (Fixture      *f,
          const double *p_late,
          gboolean      descending)
{
  g_autoptr(DubanTicketRanks) ranks = duban_ticket_ranks_new (f->tickets, FALSE);
  g_autoptr(DubanTicketRanks) with = NULL;
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
  DubanTicketQuery query;
  GString *ids = g_string_new (NULL);

  duban_ticket_query_init (&query);
  query.sort = DUBAN_QUERY_SORT_RISK;
  query.descending = descending;
  if (p_late != NULL)
    {
      with = duban_ticket_ranks_new_with_risks (ranks, p_late);
      g_assert_true (duban_ticket_ranks_has_risks (with));
      g_assert_true (duban_ticket_ranks_get_tickets (with) == f->tickets);
      /* risks anew over ranks with risks: the base's keys, the new risks */
      {
        DubanTicketRanks *again = duban_ticket_ranks_new_with_risks (with, p_late);

        DubanTicketRanks *none = duban_ticket_ranks_new_with_risks (again, NULL);

        /* and none: the ranks without risks */
        g_assert_false (duban_ticket_ranks_has_risks (none));
        g_assert_true (none == ranks);
        duban_ticket_ranks_unref (none);
        duban_ticket_ranks_unref (with);
        with = again;
      }
    }
  g_assert_false (duban_ticket_ranks_has_risks (ranks));
  duban_ticket_query_select (&query, f->tickets, f->statuses, indices, NULL);
  duban_ticket_query_sort_ranked (&query, f->tickets, f->statuses, with != NULL ? with : ranks, indices);
  for (guint i = 0; i < indices->len; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? " " : "",
                            ((const DubanTicket *) g_ptr_array_index (f->tickets, g_array_index (indices, guint, i)))->id);
  duban_ticket_query_clear (&query);
  return g_string_free (ids, FALSE);
}

static void
test_risk_order (void)
{
  Fixture f;
  /* per index of the fixture; the open ones are T1 (ok), T10 (overdue), T2 (warning) */
  double tied[] = { 0.8, -1.0, 0.0, 0.8, 0.5, 0.5, 0.9 };
  double apart[] = { 0.8 + 1e-12, 0.0, 0.0, 0.8, 0.5, 0.5, 0.9 };
  char *ids;

  fixture_init (&f);

  /* no risks: every ticket ties, the order of attention, as the plain sort */
  ids = run_risk (&f, NULL, FALSE);
  g_assert_cmpstr (ids, ==, "T10 T2 T1");
  g_free (ids);
  /* highest first, a tie in the order of attention, no basis last */
  ids = run_risk (&f, tied, FALSE);
  g_assert_cmpstr (ids, ==, "T2 T1 T10");
  g_free (ids);
  ids = run_risk (&f, tied, TRUE);
  g_assert_cmpstr (ids, ==, "T10 T1 T2");
  g_free (ids);
  /* the key is the probability's own order, however close; 0 is a basis */
  ids = run_risk (&f, apart, FALSE);
  g_assert_cmpstr (ids, ==, "T1 T2 T10");
  g_free (ids);

  fixture_clear (&f);
}

static void
test_copy_and_equal (void)
{
  DubanTicketQuery a, b;

  duban_ticket_query_init (&a);
  duban_ticket_query_init (&b);
  g_assert_true (duban_ticket_query_parse (&a, "unit:U1;ids:A,B;search:x", NULL));
  duban_ticket_query_copy (&b, &a);
  g_assert_true (duban_ticket_query_equal (&a, &b));
  g_assert_true (a.unit != b.unit);
  g_free (b.unit);
  b.unit = g_strdup ("U2");
  g_assert_false (duban_ticket_query_equal (&a, &b));
  duban_ticket_query_clear (&a);
  /* b holds its own strings and its reference to the set */
  g_assert_true (g_hash_table_contains (b.ids, "A"));
  duban_ticket_query_clear (&b);
}

int
main (int   argc,
      char *argv[])
{
  /* whatever the machine's locale: the order must not depend on it */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/query/default", test_default_is_open_by_attention);
  g_test_add_func ("/query/search", test_search_finds_any_ticket);
  g_test_add_func ("/query/exact-id-first", test_exact_id_first_in_any_order);
  g_test_add_func ("/query/period", test_period_and_backlog);
  g_test_add_func ("/query/counted", test_counted_in_figures);
  g_test_add_func ("/query/criteria", test_criteria);
  g_test_add_func ("/query/parse-errors", test_parse_errors);
  g_test_add_func ("/query/pinyin", test_names_by_pinyin);
  g_test_add_func ("/query/copy", test_copy_and_equal);
  g_test_add_func ("/query/ranked-sort", test_ranked_sort_is_the_plain_order);
  g_test_add_func ("/query/risk-order", test_risk_order);

  return g_test_run ();
}
