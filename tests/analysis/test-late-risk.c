/* test-late-risk.c — the probability of ending late, checked by hand
 * and backtested
 *
 * By hand: a few urgent tickets whose shares of the allowed time are
 * known give Kaplan–Meier's conditional estimate exactly. Backtested:
 * at past moments of a planted demo county (units slow for a category),
 * the open tickets ranked by risk must find more of those that did end
 * late among the first 50 than the order of attention does; on the usual
 * county, where no unit is slower than another, the ranking must not be
 * much worse. DUBAN_MEASURE=1 prints the figures.
 */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "duban-county-generator.h"
#include "duban-late-risk.h"

#define HOUR DUBAN_USEC_PER_HOUR

static DubanTicket *
urgent_ticket (const char *id,
               DubanTime   received,
               DubanTime   resolved)
{
  DubanTicket *ticket = duban_ticket_new ();

  ticket->id = g_strdup (id);
  ticket->title = g_strdup ("主街供水管道破裂漏水");
  ticket->category = g_strdup ("供水");
  ticket->unit_code = g_strdup ("370828D01");
  ticket->unit_name = g_strdup ("县水务局");
  ticket->urgency = DUBAN_URGENCY_URGENT;
  ticket->received_at = received;
  ticket->dispatched_at = received;
  ticket->first_contact_at = received + HOUR / 10;
  ticket->resolved_at = resolved;
  ticket->status = resolved != DUBAN_TIME_NONE ? DUBAN_STATUS_RESOLVED : DUBAN_STATUS_IN_PROGRESS;
  ticket->updated_at = resolved != DUBAN_TIME_NONE ? resolved : ticket->first_contact_at;
  return ticket;
}

static void
test_by_hand (void)
{
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(GPtrArray) risks = NULL;
  const double shares[] = { 0.2, 0.5, 0.8, 1.5 };
  DubanSlaPolicy policy;
  DubanTime t0, at;
  const DubanLateRisk *first, *second;

  duban_sla_policy_init_defaults (&policy);
  g_assert_true (duban_time_parse_rfc3339 ("2026-03-02T08:00:00+08:00", &t0, NULL));
  at = t0 + 240 * HOUR;

  /* resolved at 0.2, 0.5, 0.8 and 1.5 of their 24 hours */
  for (guint i = 0; i < G_N_ELEMENTS (shares); i++)
    {
      g_autofree char *id = g_strdup_printf ("JXDONE%u", i);

      g_ptr_array_add (tickets, urgent_ticket (id, t0 + i * HOUR, t0 + i * HOUR + (gint64) (shares[i] * 24 * HOUR)));
    }
  /* open: A has used 1/24 of its time, B 0.6 */
  g_ptr_array_add (tickets, urgent_ticket ("JXOPENA", at - HOUR, DUBAN_TIME_NONE));
  g_ptr_array_add (tickets, urgent_ticket ("JXOPENB", at - (gint64) (0.6 * 24 * HOUR), DUBAN_TIME_NONE));

  risks = duban_late_risk_assess (tickets, NULL, &policy, calendar, at);
  g_assert_cmpuint (risks->len, ==, 2);
  first = g_ptr_array_index (risks, 0);
  second = g_ptr_array_index (risks, 1);

  /* B: past 0.6 are the tickets at 0.8 and 1.5; one of two ends late */
  g_assert_cmpstr (first->ticket->id, ==, "JXOPENB");
  g_assert_cmpfloat_with_epsilon (first->p_late, 0.5, 1e-9);
  /* A: S(1)/S(1/24) = (1 − 1/5)(1 − 1/4)(1 − 1/2): B, censored at 0.6,
   * is at risk at 0.2 and 0.5 and gone by 0.8 */
  g_assert_cmpstr (second->ticket->id, ==, "JXOPENA");
  g_assert_cmpfloat_with_epsilon (second->p_late, 0.8 * 0.75 * 0.5, 1e-9);
  g_assert_nonnull (strstr (second->basis, "县水务局"));

  /* once past its deadline a ticket will end late */
  g_ptr_array_add (tickets, urgent_ticket ("JXLATE", at - 30 * HOUR, DUBAN_TIME_NONE));
  g_clear_pointer (&risks, g_ptr_array_unref);
  risks = duban_late_risk_assess (tickets, NULL, &policy, calendar, at);
  g_assert_cmpuint (risks->len, ==, 3);
  first = g_ptr_array_index (risks, 0);
  g_assert_cmpstr (first->ticket->id, ==, "JXLATE");
  g_assert_cmpfloat (first->p_late, ==, 1.0);
}

/* When no ticket of the county lasted as long as an open one has, its
 * risk has no basis: marked so, not the prior passed off as a figure,
 * and after every risk that has one, even a lower one. */
static void
test_no_basis (void)
{
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(GPtrArray) risks = NULL;
  const double shares[] = { 0.2, 0.3 };
  DubanSlaPolicy policy;
  DubanTime t0, at;
  const DubanLateRisk *first, *second;

  duban_sla_policy_init_defaults (&policy);
  g_assert_true (duban_time_parse_rfc3339 ("2026-03-02T08:00:00+08:00", &t0, NULL));
  at = t0 + 240 * HOUR;

  for (guint i = 0; i < G_N_ELEMENTS (shares); i++)
    {
      g_autofree char *id = g_strdup_printf ("JXDONE%u", i);

      g_ptr_array_add (tickets, urgent_ticket (id, t0 + i * HOUR, t0 + i * HOUR + (gint64) (shares[i] * 24 * HOUR)));
    }
  /* A has used 0.1 of its time: the two resolved ones and B were at
   * risk past it; B has used 0.6, longer than any other lasted */
  g_ptr_array_add (tickets, urgent_ticket ("JXOPENA", at - (gint64) (0.1 * 24 * HOUR), DUBAN_TIME_NONE));
  g_ptr_array_add (tickets, urgent_ticket ("JXOPENB", at - (gint64) (0.6 * 24 * HOUR), DUBAN_TIME_NONE));

  risks = duban_late_risk_assess (tickets, NULL, &policy, calendar, at);
  g_assert_cmpuint (risks->len, ==, 2);
  first = g_ptr_array_index (risks, 0);
  second = g_ptr_array_index (risks, 1);

  /* A: S(1)/S(0.1) = (1 − 1/3)(1 − 1/2) */
  g_assert_cmpstr (first->ticket->id, ==, "JXOPENA");
  g_assert_true (first->has_basis);
  g_assert_cmpfloat_with_epsilon (first->p_late, 1.0 / 3.0, 1e-9);

  g_assert_cmpstr (second->ticket->id, ==, "JXOPENB");
  g_assert_false (second->has_basis);
  g_assert_cmpfloat (second->p_late, ==, 0.5);
  g_assert_nonnull (strstr (second->basis, "县水务局"));
  /* the others: the two resolved and A */
  g_assert_nonnull (strstr (second->basis, "none of the county's 3 other"));

  /* the streaming curves say the same */
  {
    g_autoptr(DubanLateRiskCurves) curves = duban_late_risk_curves_new (calendar);
    g_autoptr(GArray) statuses = g_array_sized_new (FALSE, FALSE, sizeof (DubanSlaStatus), tickets->len);
    g_autoptr(GPtrArray) streamed = NULL;

    g_array_set_size (statuses, tickets->len);
    for (guint i = 0; i < tickets->len; i++)
      {
        DubanSlaStatus *status = &g_array_index (statuses, DubanSlaStatus, i);

        duban_sla_evaluate (&policy, calendar, g_ptr_array_index (tickets, i), at, status);
        duban_late_risk_curves_observe (curves, g_ptr_array_index (tickets, i), status);
      }
    streamed = duban_late_risk_curves_assess (curves, tickets, statuses);
    g_assert_cmpuint (streamed->len, ==, 2);
    g_assert_cmpstr (((DubanLateRisk *) g_ptr_array_index (streamed, 0))->ticket->id, ==, "JXOPENA");
    g_assert_false (((DubanLateRisk *) g_ptr_array_index (streamed, 1))->has_basis);
  }
}

static DubanCounty *
generate (guint32  seed,
          gboolean plant)
{
  DubanCountyParams params = { .seed = seed, .n_tickets = 20000, .plant = plant };

  g_assert_true (duban_time_parse_rfc3339 ("2026-03-16T10:00:00+08:00", &params.now, NULL));
  return duban_county_generate (&params);
}

/* Every open ticket once, highest first, each with a basis. */
static void
test_well_formed (void)
{
  g_autoptr(DubanCounty) county = generate (20221117u, TRUE);
  GPtrArray *tickets = duban_county_get_tickets (county);
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(GPtrArray) risks = NULL;
  DubanSlaPolicy policy;
  DubanTime at;
  guint open = 0;

  duban_sla_policy_init_defaults (&policy);
  g_assert_true (duban_time_parse_rfc3339 ("2026-03-01T10:00:00+08:00", &at, NULL));
  risks = duban_late_risk_assess (tickets, NULL, &policy, calendar, at);
  for (guint i = 0; i < tickets->len; i++)
    {
      DubanSlaStatus status;

      duban_sla_evaluate (&policy, calendar, g_ptr_array_index (tickets, i), at, &status);
      open += duban_state_is_open (status.state) ? 1 : 0;
    }
  g_assert_cmpuint (risks->len, ==, open);
  for (guint i = 0; i < risks->len; i++)
    {
      const DubanLateRisk *risk = g_ptr_array_index (risks, i);

      g_assert_cmpfloat (risk->p_late, >=, 0.0);
      g_assert_cmpfloat (risk->p_late, <=, 1.0);
      g_assert_true (risk->basis != NULL && risk->basis[0] != '\0');
      if (i > 0)
        {
          const DubanLateRisk *before = g_ptr_array_index (risks, i - 1);

          /* those without a basis last */
          g_assert_true (before->has_basis || !risk->has_basis);
          if (risk->has_basis)
            g_assert_cmpfloat (before->p_late, >=, risk->p_late);
        }
    }
}

/* Eight moments, five days apart, before the county's "now". */
static void
backtest (guint32  seed,
          gboolean plant,
          guint    sums[4])
{
  g_autoptr(DubanCounty) county = generate (seed, plant);
  GPtrArray *tickets = duban_county_get_tickets (county);
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  DubanSlaPolicy policy;
  DubanTime now;

  duban_sla_policy_init_defaults (&policy);
  g_assert_true (duban_time_parse_rfc3339 ("2026-03-16T10:00:00+08:00", &now, NULL));
  sums[0] = sums[1] = sums[2] = sums[3] = 0;
  for (guint k = 1; k <= 8; k++)
    {
      DubanLateRiskBacktest result;
      g_autofree char *when = NULL;

      duban_late_risk_backtest (tickets, &policy, calendar, now - (gint64) (5 * k) * DUBAN_USEC_PER_DAY,
                                now, &result);
      when = duban_time_format_civil (result.at);
      if (g_test_verbose () || g_getenv ("DUBAN_MEASURE") != NULL)
        g_printerr ("risk: %s seed %u at %s: %u open, %u ended late; precision@20 %.2f vs %.2f, "
                    "@50 %.2f vs %.2f (risk vs order of attention)\n",
                    plant ? "planted" : "null", seed, when, result.n_open, result.n_late,
                    result.risk_top20 / 20.0, result.attention_top20 / 20.0,
                    result.risk_top50 / 50.0, result.attention_top50 / 50.0);
      g_assert_cmpuint (result.n_open, >=, 50);
      sums[0] += result.risk_top20;
      sums[1] += result.risk_top50;
      sums[2] += result.attention_top20;
      sums[3] += result.attention_top50;
    }
  if (g_test_verbose () || g_getenv ("DUBAN_MEASURE") != NULL)
    g_printerr ("risk: %s seed %u, 8 moments: precision@20 %.3f vs %.3f, @50 %.3f vs %.3f\n",
                plant ? "planted" : "null", seed, sums[0] / 160.0, sums[2] / 160.0,
                sums[1] / 400.0, sums[3] / 400.0);
}

static void
test_backtest_planted (void)
{
  const guint32 seeds[] = { 20221117u, 5u };

  for (guint s = 0; s < G_N_ELEMENTS (seeds); s++)
    {
      guint sums[4];

      backtest (seeds[s], TRUE, sums);
      /* the slow units' open tickets come up before the order of
       * attention reaches them */
      g_assert_cmpuint (sums[1], >, sums[3]);
      g_assert_cmpuint (sums[0], >=, sums[2]);
    }
}

static void
test_backtest_null (void)
{
  guint sums[4];

  backtest (20221117u, FALSE, sums);
  /* nothing to learn: within a tenth of the order of attention */
  g_assert_cmpuint (10 * sums[1], >=, 9 * sums[3]);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/late-risk/by-hand", test_by_hand);
  g_test_add_func ("/late-risk/no-basis", test_no_basis);
  g_test_add_func ("/late-risk/well-formed", test_well_formed);
  g_test_add_func ("/late-risk/backtest/planted", test_backtest_planted);
  g_test_add_func ("/late-risk/backtest/null", test_backtest_null);

  return g_test_run ();
}
