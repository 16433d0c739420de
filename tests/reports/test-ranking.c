/* Fair rankings (issue 14 §4): a unit with too few deadlines in the
 * period is listed apart (样本不足), not ranked; equal scores, to the
 * tenth a document prints, share a rank (1, 2, 2, 4); the boards take
 * only ranked units, ties at their edge included, and never one unit on
 * both. Checked on figures made by hand and on a bulletin built from
 * tickets whose scores are worked out below. And the bulletin's length
 * follows its units, not its late tickets (issue 15). */

#include "config.h"

#include <math.h>
#include <string.h>

#include "duban-figures.h"
#include "duban-report.h"
#include "duban-report-pdf.h"

static DubanFigures *
group (const char *key,
       double      score,
       guint       due)
{
  DubanFigures *f = g_new0 (DubanFigures, 1);

  f->key = g_strdup (key);
  f->name = g_strdup (key);
  f->score = score;
  f->due = due;
  return f;
}

static const DubanFigures *
find (GPtrArray  *groups,
      const char *key)
{
  for (guint i = 0; i < groups->len; i++)
    if (g_strcmp0 (((DubanFigures *) g_ptr_array_index (groups, i))->key, key) == 0)
      return g_ptr_array_index (groups, i);
  g_assert_not_reached ();
}

static void
test_ties_and_minimum (void)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_figures_free);
  const char *order[] = { "A", "B", "C", "D", "E", "F", "G" };

  /* listed out of order on purpose */
  g_ptr_array_add (groups, group ("D", 70.0, 10));
  g_ptr_array_add (groups, group ("G", NAN, 0));
  g_ptr_array_add (groups, group ("C", 80.04, 7));   /* prints 80.0: ties with B */
  g_ptr_array_add (groups, group ("E", 100.0, 4));   /* one short of the minimum */
  g_ptr_array_add (groups, group ("B", 80.0, 10));
  g_ptr_array_add (groups, group ("A", 90.0, 5));    /* exactly the minimum: ranked */
  g_ptr_array_add (groups, group ("F", 20.0, 1));

  duban_figures_rank (groups, 5);

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    g_assert_cmpstr (((DubanFigures *) g_ptr_array_index (groups, i))->key, ==, order[i]);
  g_assert_cmpuint (find (groups, "A")->rank, ==, 1);
  g_assert_cmpuint (find (groups, "B")->rank, ==, 2);
  g_assert_cmpuint (find (groups, "C")->rank, ==, 2);
  g_assert_cmpuint (find (groups, "D")->rank, ==, 4);
  /* the best score of all, on four deadlines: not first, not ranked */
  g_assert_cmpuint (find (groups, "E")->rank, ==, 0);
  g_assert_true (find (groups, "E")->sample_short);
  g_assert_true (duban_report_is_sample_short (find (groups, "E")));
  g_assert_true (duban_report_is_sample_short (find (groups, "F")));
  g_assert_false (duban_report_is_sample_short (find (groups, "A")));
  /* no score: neither ranked nor "too few", just no data */
  g_assert_cmpuint (find (groups, "G")->rank, ==, 0);
  g_assert_false (duban_report_is_sample_short (find (groups, "G")));

  /* a minimum of 0 ranks everyone with a score */
  duban_figures_rank (groups, 0);
  g_assert_cmpuint (find (groups, "E")->rank, ==, 1);
  g_assert_cmpuint (find (groups, "A")->rank, ==, 2);
  g_assert_cmpuint (find (groups, "F")->rank, ==, 6);
}

static DubanTime
t (const char *text)
{
  DubanTime time;

  g_assert_true (duban_time_parse_rfc3339 (text, &time, NULL));
  return time;
}

/* @n normal tickets of @unit dispatched on Monday 2026-09-07 at 10:00
 * (due Wednesday 10:00), the first @late of them resolved on Thursday
 * (late), the others on Tuesday; none visited, no urgent ones: the
 * score is the on-time completion rate. */
static void
add_unit (GPtrArray  *tickets,
          const char *unit,
          guint       n,
          guint       late)
{
  for (guint i = 0; i < n; i++)
    {
      DubanTicket *tk = duban_ticket_new ();

      tk->id = g_strdup_printf ("%s-%u", unit, i);
      tk->title = g_strdup ("工单");
      tk->kind = DUBAN_KIND_COMPLAINT;
      tk->category = g_strdup ("供水");
      tk->urgency = DUBAN_URGENCY_NORMAL;
      tk->unit_code = g_strdup (unit);
      tk->unit_name = g_strdup (unit);
      tk->grid_code = g_strdup ("370828001001001");
      tk->status = DUBAN_STATUS_RESOLVED;
      tk->received_at = tk->dispatched_at = t ("2026-09-07T10:00:00+08:00");
      tk->resolved_at = i < late ? t ("2026-09-10T10:00:00+08:00") : t ("2026-09-08T10:00:00+08:00");
      tk->updated_at = tk->resolved_at;
      g_ptr_array_add (tickets, tk);
    }
}

static void
test_report_boards (void)
{
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanReport) r = NULL;
  g_autofree char *rule = NULL;
  DubanReportSources sources = { 0 };
  DubanSlaPolicy policy;
  DubanDay first, last;

  /* U1 100 (10 of 10), U2 and U3 90 (9 of 10), U4 80, U5 50, U6 and U7
   * 40; U8 0 on 3 deadlines: too few, and kept off the black board */
  add_unit (tickets, "U1", 10, 0);
  add_unit (tickets, "U2", 10, 1);
  add_unit (tickets, "U3", 10, 1);
  add_unit (tickets, "U4", 10, 2);
  add_unit (tickets, "U5", 10, 5);
  add_unit (tickets, "U6", 10, 6);
  add_unit (tickets, "U7", 10, 6);
  add_unit (tickets, "U8", 3, 3);

  duban_sla_policy_init_defaults (&policy);
  g_assert_cmpfloat (policy.ranking_min_due, ==, DUBAN_SLA_DEFAULT_RANKING_MIN_DUE);
  sources.tickets = tickets;
  sources.policy = &policy;
  sources.calendar = calendar;
  g_assert_true (duban_day_parse ("2026-09-07", &first, NULL));
  g_assert_true (duban_day_parse ("2026-09-13", &last, NULL));
  r = duban_report_build (&sources, DUBAN_REPORT_BULLETIN, DUBAN_SCOPE_COUNTY, NULL,
                          first, last, t ("2026-09-20T12:00:00+08:00"), &error);
  g_assert_no_error (error);

  g_assert_cmpuint (r->ranking_min_due, ==, 5);
  g_assert_cmpuint (find (r->units, "U1")->rank, ==, 1);
  g_assert_cmpuint (find (r->units, "U2")->rank, ==, 2);
  g_assert_cmpuint (find (r->units, "U3")->rank, ==, 2);
  g_assert_cmpuint (find (r->units, "U4")->rank, ==, 4);
  g_assert_cmpuint (find (r->units, "U6")->rank, ==, 6);
  g_assert_cmpuint (find (r->units, "U7")->rank, ==, 6);
  g_assert_cmpuint (find (r->units, "U8")->rank, ==, 0);
  g_assert_true (duban_report_is_sample_short (find (r->units, "U8")));
  /* listed after every ranked unit */
  g_assert_cmpstr (((DubanFigures *) g_ptr_array_index (r->units, r->units->len - 1))->key, ==, "U8");

  /* seven ranked: the best min(3, 4) by rank, the worst min(3, 3) */
  g_assert_cmpuint (r->red->len, ==, 3);
  g_assert_cmpstr (((DubanFigures *) g_ptr_array_index (r->red, 0))->key, ==, "U1");
  g_assert_cmpstr (((DubanFigures *) g_ptr_array_index (r->red, 1))->key, ==, "U2");
  g_assert_cmpstr (((DubanFigures *) g_ptr_array_index (r->red, 2))->key, ==, "U3");
  /* U6 and U7 tie for last: both on it, then U5; never U8 */
  g_assert_cmpuint (r->black->len, ==, 3);
  g_assert_cmpstr (((DubanFigures *) g_ptr_array_index (r->black, 0))->key, ==, "U7");
  g_assert_cmpstr (((DubanFigures *) g_ptr_array_index (r->black, 1))->key, ==, "U6");
  g_assert_cmpstr (((DubanFigures *) g_ptr_array_index (r->black, 2))->key, ==, "U5");

  /* the boards say their rule, with the minimum */
  rule = duban_report_board_rule (r);
  g_assert_nonnull (strstr (rule, " 5 "));
}

static guint
bulletin_pages (guint per_unit)
{
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(DubanReport) r = NULL;
  g_autoptr(DubanReportDocument) doc = NULL;
  DubanReportSources sources = { 0 };
  DubanSlaPolicy policy;
  DubanDay first, last;

  /* twelve units, each with @per_unit tickets, half of them late */
  for (guint u = 0; u < 12; u++)
    {
      g_autofree char *unit = g_strdup_printf ("U%02u", u);

      add_unit (tickets, unit, per_unit, per_unit / 2);
    }
  duban_sla_policy_init_defaults (&policy);
  sources.tickets = tickets;
  sources.policy = &policy;
  sources.calendar = calendar;
  g_assert_true (duban_day_parse ("2026-09-07", &first, NULL));
  g_assert_true (duban_day_parse ("2026-09-13", &last, NULL));
  r = duban_report_build (&sources, DUBAN_REPORT_BULLETIN, DUBAN_SCOPE_COUNTY, NULL,
                          first, last, t ("2026-09-20T12:00:00+08:00"), NULL);
  g_assert_cmpuint (r->late_total, ==, 12 * (per_unit / 2));
  doc = duban_report_document_new (r);
  return duban_report_document_get_n_pages (doc);
}

/* Issue 15: the bulletin's length follows the number of units, not of
 * late tickets — ten times the late tickets, the same pages. */
static void
test_pages_follow_units (void)
{
  guint small = bulletin_pages (40);
  guint large = bulletin_pages (400);

  g_test_message ("%u pages with 240 late tickets, %u with 2400", small, large);
  g_assert_cmpuint (large, ==, small);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ranking/ties-and-minimum", test_ties_and_minimum);
  g_test_add_func ("/ranking/report-boards", test_report_boards);
  g_test_add_func ("/bulletin/pages-follow-units", test_pages_follow_units);

  return g_test_run ();
}
