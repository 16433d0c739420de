/* The evaluation figures on a small data set computed by hand.
 *
 * The week of Monday 2026-10-12 to Sunday 2026-10-18; every number below
 * is worked out in the comments from docs/sla-rules.md, not from the code.
 */

#include "config.h"

#include <math.h>

#include "duban-figures.h"

static DubanTime
t (const char *text)
{
  DubanTime time;
  g_autoptr(GError) error = NULL;

  g_assert_true (duban_time_parse_rfc3339 (text, &time, &error));
  g_assert_no_error (error);
  return time;
}

static DubanTicket *
make (GPtrArray   *tickets,
      const char  *id,
      DubanUrgency urgency,
      const char  *received,
      const char  *dispatched,
      DubanStatus  status,
      const char  *unit)
{
  DubanTicket *ticket = duban_ticket_new ();

  ticket->id = g_strdup (id);
  ticket->title = g_strdup (id);
  ticket->category = g_strdup ("供水");
  ticket->urgency = urgency;
  ticket->status = status;
  ticket->received_at = t (received);
  ticket->dispatched_at = dispatched ? t (dispatched) : DUBAN_TIME_NONE;
  ticket->updated_at = ticket->received_at;
  ticket->unit_code = g_strdup (unit);
  ticket->unit_name = g_strdup (g_str_equal (unit, "U1") ? "县水务局" : "国网金乡县供电公司");
  ticket->grid_code = g_strdup (g_str_equal (unit, "U1") ? "370828001001001" : "370828107002003");
  g_ptr_array_add (tickets, ticket);

  return ticket;
}

static GPtrArray *
build_week (void)
{
  GPtrArray *tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  DubanTicket *x;

  /* T1 normal: due Wed 10-14 10:00, resolved Tue 09:00 (on time, 23 working h) */
  x = make (tickets, "T1", DUBAN_URGENCY_NORMAL, "2026-10-12T09:50:00+08:00", "2026-10-12T10:00:00+08:00", DUBAN_STATUS_CLOSED, "U1");
  x->resolved_at = t ("2026-10-13T09:00:00+08:00");
  x->visited_at = t ("2026-10-13T15:00:00+08:00");
  x->satisfaction = DUBAN_SATISFACTION_SATISFIED;
  x->handled_level = DUBAN_LEVEL_GRID;

  /* T2 normal, open: due Mon 10-19 16:00, outside the week; 32 working h by T */
  make (tickets, "T2", DUBAN_URGENCY_NORMAL, "2026-10-15T15:00:00+08:00", "2026-10-15T16:00:00+08:00", DUBAN_STATUS_IN_PROGRESS, "U1");

  /* T3 normal: due Wed 10-14 14:00, resolved Thu 10:00 (late, 68 working h) */
  x = make (tickets, "T3", DUBAN_URGENCY_NORMAL, "2026-10-12T13:00:00+08:00", "2026-10-12T14:00:00+08:00", DUBAN_STATUS_RESOLVED, "U1");
  x->resolved_at = t ("2026-10-15T10:00:00+08:00");
  x->visited_at = t ("2026-10-16T10:00:00+08:00");
  x->satisfaction = DUBAN_SATISFACTION_UNSATISFIED;
  x->handled_level = DUBAN_LEVEL_TOWN;

  /* T4 urgent: contact by 09:30 (09:00, on time); due 10-14 08:30, resolved 07:00 (22.5 h) */
  x = make (tickets, "T4", DUBAN_URGENCY_URGENT, "2026-10-13T08:00:00+08:00", "2026-10-13T08:30:00+08:00", DUBAN_STATUS_CLOSED, "U2");
  x->first_contact_at = t ("2026-10-13T09:00:00+08:00");
  x->resolved_at = t ("2026-10-14T07:00:00+08:00");
  x->visited_at = t ("2026-10-15T09:00:00+08:00");
  x->satisfaction = DUBAN_SATISFACTION_BASICALLY_SATISFIED;
  x->handled_level = DUBAN_LEVEL_COUNTY;

  /* T5 urgent, open, never contacted: contact by Sat 21:00, due Sun 20:00 (late); 28 h by T */
  make (tickets, "T5", DUBAN_URGENCY_URGENT, "2026-10-17T19:50:00+08:00", "2026-10-17T20:00:00+08:00", DUBAN_STATUS_IN_PROGRESS, "U2");

  /* T6 normal, open, counted extension to 10-21: not due this week; 111 working h by T */
  x = make (tickets, "T6", DUBAN_URGENCY_NORMAL, "2026-10-12T08:50:00+08:00", "2026-10-12T09:00:00+08:00", DUBAN_STATUS_IN_PROGRESS, "U1");
  x->extension = g_new0 (DubanExtension, 1);
  x->extension->reason = g_strdup ("管网改造需要协调施工");
  x->extension->measures = g_strdup ("已安排施工队");
  x->extension->promised_at = t ("2026-10-21T18:00:00+08:00");
  x->extension->filed_at = t ("2026-10-13T10:00:00+08:00");
  x->extension->approved = -1;

  /* T7 normal explained with evidence: on time (23 working h), not rated */
  x = make (tickets, "T7", DUBAN_URGENCY_NORMAL, "2026-10-12T10:50:00+08:00", "2026-10-12T11:00:00+08:00", DUBAN_STATUS_CLOSED, "U2");
  x->resolved_at = t ("2026-10-13T10:00:00+08:00");
  x->disposition = DUBAN_DISPOSITION_EXPLAINED;
  x->evidence_count = 2;
  x->visited_at = t ("2026-10-14T10:00:00+08:00");
  x->satisfaction = DUBAN_SATISFACTION_UNSATISFIED;

  /* T8 cancelled: left out of everything */
  x = make (tickets, "T8", DUBAN_URGENCY_URGENT, "2026-10-12T10:00:00+08:00", NULL, DUBAN_STATUS_CANCELLED, "U1");
  x->visited_at = t ("2026-10-13T10:00:00+08:00");
  x->satisfaction = DUBAN_SATISFACTION_UNSATISFIED;

  /* T9 received before the week (holiday start), visited in it: rated only */
  x = make (tickets, "T9", DUBAN_URGENCY_NORMAL, "2026-10-05T10:00:00+08:00", "2026-10-05T10:00:00+08:00", DUBAN_STATUS_CLOSED, "U1");
  x->resolved_at = t ("2026-10-09T10:00:00+08:00");
  x->visited_at = t ("2026-10-12T10:00:00+08:00");
  x->satisfaction = DUBAN_SATISFACTION_SATISFIED;
  x->handled_level = DUBAN_LEVEL_GRID;

  /* T10 returned after a reply: open again, due Thu 10-15 10:00 (late); 86 working h by T */
  x = make (tickets, "T10", DUBAN_URGENCY_NORMAL, "2026-10-13T09:50:00+08:00", "2026-10-13T10:00:00+08:00", DUBAN_STATUS_RETURNED, "U2");
  x->resolved_at = t ("2026-10-14T10:00:00+08:00");

  return tickets;
}

static void
period_of_week (DubanPeriod *period,
                const char  *at)
{
  DubanDay first, last;

  g_assert_true (duban_day_parse ("2026-10-12", &first, NULL));
  g_assert_true (duban_day_parse ("2026-10-18", &last, NULL));
  duban_period_init (period, first, last, t (at));
}

static void
test_county (void)
{
  g_autoptr(GPtrArray) tickets = build_week ();
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(GPtrArray) groups = NULL;
  DubanSlaPolicy policy;
  DubanPeriod period;
  const DubanFigures *f;

  duban_sla_policy_init_defaults (&policy);
  period_of_week (&period, "2026-10-20T12:00:00+08:00");
  groups = duban_figures_compute (tickets, &policy, calendar, &period, DUBAN_GROUP_COUNTY, NULL, NULL);

  g_assert_cmpuint (groups->len, ==, 1);
  f = g_ptr_array_index (groups, 0);
  g_assert_cmpstr (f->key, ==, "370828");

  /* received T1 T2 T3 T4 T5 T6 T7 T10; resolved by T: T1 T3 T4 T7 */
  g_assert_cmpuint (f->received, ==, 8);
  g_assert_cmpuint (f->resolved, ==, 4);
  g_assert_cmpfloat_with_epsilon (f->completion_rate, 0.5, 1e-12);

  /* due: T1 ok, T3 late, T4 ok, T5 late (open), T7 ok, T10 late (returned) */
  g_assert_cmpuint (f->due, ==, 6);
  g_assert_cmpuint (f->on_time, ==, 3);
  g_assert_cmpfloat_with_epsilon (f->on_time_completion_rate, 0.5, 1e-12);

  /* contact: T4 on time, T5 not */
  g_assert_cmpuint (f->urgent_due, ==, 2);
  g_assert_cmpuint (f->contacted_on_time, ==, 1);
  g_assert_cmpfloat_with_epsilon (f->on_time_contact_rate, 0.5, 1e-12);

  /* rated: T1 yes, T3 no, T4 basically, T9 yes; T7 explained+evidence out; T8 cancelled out */
  g_assert_cmpuint (f->visited, ==, 4);
  g_assert_cmpuint (f->satisfied, ==, 3);
  g_assert_cmpfloat_with_epsilon (f->satisfaction_rate, 0.75, 1e-12);

  /* 100 × (30×0.5 + 35×0.5 + 35×0.75) / 100 */
  g_assert_cmpfloat_with_epsilon (f->score, 58.75, 1e-9);

  /* settled in the week: T1 grid, T3 town, T4 county (T7 has no level, T9 resolved before) */
  g_assert_cmpuint (f->settled_total, ==, 3);
  g_assert_cmpfloat_with_epsilon (f->settled_grid_share, 1.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (f->settled_town_share, 1.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (f->settled_county_share, 1.0 / 3, 1e-12);

  /* urgent: T4 22.5 h, T5 28 h (to T = 10-19 00:00) */
  g_assert_cmpfloat_with_epsilon (f->mean_hours_urgent, 25.25, 1e-9);
  /* normal, in working hours: T1 23, T2 32, T3 68, T6 111, T7 23, T10 86 → 343 h / 24 / 6 */
  g_assert_cmpfloat_with_epsilon (f->mean_working_days_normal, 343.0 / 24 / 6, 1e-9);
}

static void
test_by_unit (void)
{
  g_autoptr(GPtrArray) tickets = build_week ();
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(GPtrArray) groups = NULL;
  DubanSlaPolicy policy;
  DubanPeriod period;
  const DubanFigures *u1, *u2;

  duban_sla_policy_init_defaults (&policy);
  period_of_week (&period, "2026-10-20T12:00:00+08:00");
  groups = duban_figures_compute (tickets, &policy, calendar, &period, DUBAN_GROUP_UNIT, NULL, NULL);

  g_assert_cmpuint (groups->len, ==, 2);
  u1 = g_ptr_array_index (groups, 0);
  u2 = g_ptr_array_index (groups, 1);
  g_assert_cmpstr (u1->key, ==, "U1");
  g_assert_cmpstr (u1->name, ==, "县水务局");
  g_assert_cmpstr (u2->key, ==, "U2");

  /* U1: due T1 ok, T3 late; no urgent tickets → contact rate is no data */
  g_assert_cmpuint (u1->due, ==, 2);
  g_assert_cmpuint (u1->on_time, ==, 1);
  g_assert_cmpuint (u1->urgent_due, ==, 0);
  g_assert_true (isnan (u1->on_time_contact_rate));
  g_assert_true (isnan (u1->mean_hours_urgent));
  /* rated T1 yes, T3 no, T9 yes */
  g_assert_cmpuint (u1->visited, ==, 3);
  g_assert_cmpuint (u1->satisfied, ==, 2);
  /* weights rescaled without the contact rate: (35×0.5 + 35×2/3) / 70 */
  g_assert_cmpfloat_with_epsilon (u1->score, 100.0 * (35 * 0.5 + 35 * 2.0 / 3) / 70, 1e-9);

  /* U2: due T4 ok, T5 late, T7 ok, T10 late; contact 1 of 2; rated T4 only */
  g_assert_cmpuint (u2->due, ==, 4);
  g_assert_cmpuint (u2->on_time, ==, 2);
  g_assert_cmpuint (u2->urgent_due, ==, 2);
  g_assert_cmpuint (u2->contacted_on_time, ==, 1);
  g_assert_cmpuint (u2->visited, ==, 1);
  g_assert_cmpfloat_with_epsilon (u2->satisfaction_rate, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (u2->score, 67.5, 1e-9);
}

static void
test_by_town (void)
{
  g_autoptr(GPtrArray) tickets = build_week ();
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(GPtrArray) groups = NULL;
  DubanSlaPolicy policy;
  DubanPeriod period;

  duban_sla_policy_init_defaults (&policy);
  period_of_week (&period, "2026-10-20T12:00:00+08:00");
  groups = duban_figures_compute (tickets, &policy, calendar, &period, DUBAN_GROUP_TOWN, NULL, NULL);

  g_assert_cmpuint (groups->len, ==, 2);
  g_assert_cmpstr (((DubanFigures *) g_ptr_array_index (groups, 0))->key, ==, "370828001");
  g_assert_cmpstr (((DubanFigures *) g_ptr_array_index (groups, 1))->key, ==, "370828107");
  /* towns follow units in this data set */
  g_assert_cmpuint (((DubanFigures *) g_ptr_array_index (groups, 1))->due, ==, 4);
}

/* Seen at Wednesday noon, T = the moment: only what was known then. */
static void
test_past_moment (void)
{
  g_autoptr(GPtrArray) tickets = build_week ();
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(GPtrArray) groups = NULL;
  DubanSlaPolicy policy;
  DubanPeriod period;
  const DubanFigures *f;

  duban_sla_policy_init_defaults (&policy);
  period_of_week (&period, "2026-10-14T12:00:00+08:00");
  groups = duban_figures_compute (tickets, &policy, calendar, &period, DUBAN_GROUP_COUNTY, NULL, NULL);
  f = g_ptr_array_index (groups, 0);

  /* received by then: T1 T3 T4 T6 T7 T10; resolved by then: T1 T4 T7 */
  g_assert_cmpuint (f->received, ==, 6);
  g_assert_cmpuint (f->resolved, ==, 3);
  /* deadlines passed by then: T1 10:00, T4 08:30, T7 11:00 — all met */
  g_assert_cmpuint (f->due, ==, 3);
  g_assert_cmpuint (f->on_time, ==, 3);
  g_assert_cmpfloat_with_epsilon (f->on_time_completion_rate, 1.0, 1e-12);
  /* only T4's contact deadline has passed */
  g_assert_cmpuint (f->urgent_due, ==, 1);
  g_assert_cmpuint (f->contacted_on_time, ==, 1);
  /* visited by then: T1 (10-13), T9 (10-12); T7 explained+evidence out */
  g_assert_cmpuint (f->visited, ==, 2);
}

static void
test_empty_is_no_data (void)
{
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *text = NULL;
  DubanSlaPolicy policy;
  DubanPeriod period;
  const DubanFigures *f;

  duban_sla_policy_init_defaults (&policy);
  period_of_week (&period, "2026-10-20T12:00:00+08:00");
  groups = duban_figures_compute (tickets, &policy, calendar, &period, DUBAN_GROUP_COUNTY, NULL, NULL);

  g_assert_cmpuint (groups->len, ==, 1);
  f = g_ptr_array_index (groups, 0);
  g_assert_true (isnan (f->on_time_completion_rate));
  g_assert_true (isnan (f->satisfaction_rate));
  g_assert_true (isnan (f->score));

  json = duban_figures_to_json (f);
  text = json_to_string (json, FALSE);
  g_assert_nonnull (strstr (text, "\"on_time_completion_rate\":null"));
  g_assert_nonnull (strstr (text, "\"score\":null"));
  g_assert_nonnull (strstr (text, "\"settled\":{\"grid\":null"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/figures/county", test_county);
  g_test_add_func ("/figures/by-unit", test_by_unit);
  g_test_add_func ("/figures/by-town", test_by_town);
  g_test_add_func ("/figures/past-moment", test_past_moment);
  g_test_add_func ("/figures/empty-is-no-data", test_empty_is_no_data);

  return g_test_run ();
}
