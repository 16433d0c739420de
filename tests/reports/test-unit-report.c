/* test-unit-report.c — one unit's page, checked by hand on a few tickets
 *
 * Two units of a hand-built county at 2026-11-20 12:00: what the page
 * says of the first — its open and late tickets, its orders from the
 * platform and from this desk counted once each with their reply states,
 * its on-time rate this month and its rank, its repeat complaints, its
 * titles masked — and that its PDF and workbook are written, owner-only.
 * Then its matters: two tickets a supervisor confirmed as one are one
 * matter, a rejected group stays two, a group shared with another unit
 * is one on each page and flagged when it came back (回潮) — and the
 * rates stay per ticket. Last, the page read from the store as the desk
 * reads it (duban_unit_report_build_from_store: the unit's tickets by its
 * index, every unit's figures from a lean stream) against the page built
 * over every ticket, field by field, for every unit of the demo county
 * at two moments, with platform orders, this desk's orders and repeat
 * decisions (confirmed groups within a unit, across units and reaching
 * back before the six months, a rejected one).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include <math.h>

#include "duban-county-generator.h"
#include "duban-desk.h"
#include "duban-orders.h"
#include "duban-store-private.h"
#include "duban-store-reference.h"
#include "duban-store-unit.h"
#include "duban-unit-report.h"

static DubanTime
t (const char *text)
{
  DubanTime time;

  g_assert_true (duban_time_parse_rfc3339 (text, &time, NULL));
  return time;
}

static DubanTicket *
ticket (const char *id,
        const char *unit,
        const char *title,
        const char *dispatched,
        const char *resolved)
{
  DubanTicket *ticket = duban_ticket_new ();

  ticket->id = g_strdup (id);
  ticket->title = g_strdup (title);
  ticket->kind = DUBAN_KIND_COMPLAINT;
  ticket->category = g_strdup ("供水");
  ticket->urgency = DUBAN_URGENCY_NORMAL;
  ticket->unit_code = g_strdup (unit);
  ticket->unit_name = g_strdup (g_str_equal (unit, "U-A") ? "县水务局" : "县住建局");
  ticket->received_at = t (dispatched) - 600 * DUBAN_USEC_PER_SECOND;
  ticket->dispatched_at = t (dispatched);
  ticket->updated_at = ticket->dispatched_at;
  ticket->status = DUBAN_STATUS_IN_PROGRESS;
  if (resolved != NULL)
    {
      ticket->status = DUBAN_STATUS_RESOLVED;
      ticket->resolved_at = t (resolved);
      ticket->updated_at = ticket->resolved_at;
    }
  return ticket;
}

static DubanSupervision *
supervision (const char      *client_id,
             DubanOrderLevel  level,
             const char      *issued,
             const char      *respond_by)
{
  DubanSupervision *s = g_new0 (DubanSupervision, 1);

  s->client_id = g_strdup (client_id);
  s->level = level;
  s->note = g_strdup ("逾期未办结");
  s->issued_by = g_strdup ("王督办");
  s->issued_at = t (issued);
  s->respond_by = t (respond_by);
  s->replied_at = DUBAN_TIME_NONE;
  return s;
}

static DubanOrder *
local_order (const char      *client_id,
             const char      *ticket_id,
             DubanOrderLevel  level,
             const char      *issued,
             const char      *respond_by)
{
  DubanOrder *order = g_new0 (DubanOrder, 1);

  order->client_id = g_strdup (client_id);
  order->ticket_id = g_strdup (ticket_id);
  order->level = level;
  order->note = g_strdup ("请加快办理");
  order->issued_by = g_strdup ("赵督办");
  order->issued_at = t (issued);
  order->respond_by = t (respond_by);
  order->delivered_at = DUBAN_TIME_NONE;
  return order;
}

#define AT "2026-11-20T12:00:00+08:00"

static void
test_unit_report (void)
{
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  g_autoptr(GPtrArray) local = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_order_free);
  g_autoptr(GArray) statuses = g_array_new (FALSE, FALSE, sizeof (DubanSlaStatus));
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(DubanUnitReport) report = NULL;
  g_autoptr(GError) error = NULL;
  DubanSlaPolicy policy;
  DubanTicket *a3, *a4;
  const DubanUnitMonth *now;
  const DubanUnitTicket *first;

  duban_sla_policy_init_defaults (&policy);

  /* due 11-04 09:00, done the 3rd: on time */
  g_ptr_array_add (tickets, ticket ("A1", "U-A", "停水", "2026-11-02T09:00:00+08:00", "2026-11-03T10:00:00+08:00"));
  /* due 11-11 09:00, done the 13th: late */
  g_ptr_array_add (tickets, ticket ("A2", "U-A", "水压低", "2026-11-09T09:00:00+08:00", "2026-11-13T10:00:00+08:00"));
  /* due 11-18 09:00, still open: overdue, a 黄牌 from the platform unanswered past 11-19 17:00 */
  a3 = ticket ("A3", "U-A", "管道漏水请回电13912345678", "2026-11-16T09:00:00+08:00", NULL);
  a3->supervisions = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_supervision_free);
  g_ptr_array_add (a3->supervisions, supervision ("S-1", DUBAN_ORDER_YELLOW, "2026-11-19T10:00:00+08:00",
                                                  "2026-11-19T17:00:00+08:00"));
  g_ptr_array_add (tickets, a3);
  /* due 11-23: open in time, again about A3's matter; a 提醒 from this desk not yet on the platform */
  a4 = ticket ("A4", "U-A", "管道又漏水", "2026-11-19T09:00:00+08:00", NULL);
  a4->repeat_of = g_strdup ("A3");
  g_ptr_array_add (tickets, a4);
  /* another unit, on time */
  g_ptr_array_add (tickets, ticket ("B1", "U-B", "路面塌陷", "2026-11-02T09:00:00+08:00", "2026-11-03T10:00:00+08:00"));

  g_ptr_array_add (local, local_order ("L-1", "A4", DUBAN_ORDER_NOTICE, "2026-11-19T15:00:00+08:00",
                                       "2026-11-21T17:00:00+08:00"));
  /* this desk's own copy of the platform's S-1: counted once */
  g_ptr_array_add (local, local_order ("S-1", "A3", DUBAN_ORDER_YELLOW, "2026-11-19T10:00:00+08:00",
                                       "2026-11-19T17:00:00+08:00"));
  /* the other unit's order, and one issued after the moment: neither is the page's */
  g_ptr_array_add (local, local_order ("L-2", "B1", DUBAN_ORDER_NOTICE, "2026-11-02T15:00:00+08:00",
                                       "2026-11-03T17:00:00+08:00"));
  g_ptr_array_add (local, local_order ("L-3", "A4", DUBAN_ORDER_RED, "2026-11-20T15:00:00+08:00",
                                       "2026-11-21T17:00:00+08:00"));

  for (guint i = 0; i < tickets->len; i++)
    {
      DubanSlaStatus status;

      duban_sla_evaluate (&policy, calendar, g_ptr_array_index (tickets, i), t (AT), &status);
      g_array_append_val (statuses, status);
    }

  g_assert_null (duban_unit_report_build (tickets, statuses, &policy, calendar, local, NULL, "U-NONE",
                                          NULL, NULL, t (AT), &error));
  g_assert_error (error, DUBAN_REPORT_ERROR, DUBAN_REPORT_ERROR_INVALID);
  g_clear_error (&error);

  report = duban_unit_report_build (tickets, statuses, &policy, calendar, local, NULL, "U-A", NULL, NULL, t (AT), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->unit_name, ==, "县水务局");

  /* open: A3 (overdue, first in the order of attention) and A4 */
  g_assert_cmpuint (report->open->len, ==, 2);
  g_assert_cmpuint (report->late, ==, 1);
  first = g_ptr_array_index (report->open, 0);
  g_assert_cmpstr (first->ticket_id, ==, "A3");
  g_assert_cmpint (first->status.state, ==, DUBAN_STATE_OPEN_OVERDUE);
  g_assert_cmpuint (first->orders, ==, 1);
  /* the petitioner's number does not leave the desk in a title */
  g_assert_null (strstr (first->title, "13912345678"));
  g_assert_nonnull (strstr (first->title, "管道漏水"));

  /* orders: S-1 once (the platform's copy), L-1; newest first */
  g_assert_cmpuint (report->orders->len, ==, 2);
  g_assert_cmpstr (((DubanUnitOrder *) g_ptr_array_index (report->orders, 0))->order->client_id, ==, "L-1");
  g_assert_cmpstr (((DubanUnitOrder *) g_ptr_array_index (report->orders, 1))->order->client_id, ==, "S-1");
  g_assert_cmpstr (((DubanUnitOrder *) g_ptr_array_index (report->orders, 1))->order->issued_by, ==, "王督办");
  g_assert_cmpuint (report->replies[DUBAN_REPLY_OVERDUE], ==, 1);
  g_assert_cmpuint (report->replies[DUBAN_REPLY_DUE], ==, 1);
  g_assert_cmpuint (report->replies[DUBAN_REPLY_REPLIED], ==, 0);

  /* six months, June to this one, which stops at the moment's day */
  g_assert_cmpuint (report->months->len, ==, DUBAN_UNIT_REPORT_MONTHS);
  {
    const DubanUnitMonth *june = g_ptr_array_index (report->months, 0);
    int y, m, d;

    duban_day_to_ymd (june->first, &y, &m, &d);
    g_assert_cmpint (y * 100 + m, ==, 202606);
    g_assert_cmpint (d, ==, 1);
  }
  now = g_ptr_array_index (report->months, report->months->len - 1);
  g_assert_cmpint (now->last, ==, duban_day_of_time (t (AT)));
  g_assert_nonnull (now->figures);
  /* due this month: A1 on time, A2 late, A3 late → 1 of 3 */
  g_assert_cmpuint (now->figures->due, ==, 3);
  g_assert_cmpuint (now->figures->on_time, ==, 1);
  g_assert_cmpfloat_with_epsilon (now->figures->on_time_completion_rate, 1.0 / 3.0, 1e-9);
  /* the other unit did better */
  g_assert_cmpuint (now->peers, ==, 2);
  g_assert_cmpuint (now->rank, ==, 2);

  /* A4 repeats A3 */
  g_assert_cmpuint (report->repeats->len, ==, 1);
  g_assert_cmpstr (((DubanUnitRepeat *) g_ptr_array_index (report->repeats, 0))->ticket_id, ==, "A4");
  g_assert_cmpstr (((DubanUnitRepeat *) g_ptr_array_index (report->repeats, 0))->repeat_of, ==, "A3");

  /* the exports */
  {
    g_autofree char *dir = g_dir_make_tmp ("duban-unit-report-XXXXXX", NULL);
    g_autofree char *pdf = g_build_filename (dir, "unit.pdf", NULL);
    g_autofree char *xlsx = g_build_filename (dir, "unit.xlsx", NULL);
    g_autofree char *bytes = NULL;
    gsize length;
    GStatBuf st;

    g_assert_true (duban_unit_report_write_pdf (report, pdf, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (pdf, &bytes, &length, NULL));
    g_assert_cmpuint (length, >, 1000);
    g_assert_true (g_str_has_prefix (bytes, "%PDF-"));
    g_assert_cmpint (g_stat (pdf, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    g_clear_pointer (&bytes, g_free);

    g_assert_true (duban_unit_report_write_xlsx (report, xlsx, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (xlsx, &bytes, &length, NULL));
    g_assert_true (length > 4 && memcmp (bytes, "PK", 2) == 0);
    g_assert_cmpint (g_stat (xlsx, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);

    g_unlink (pdf);
    g_unlink (xlsx);
    g_rmdir (dir);
  }
}

static DubanRepeatDecision *
decision (DubanRepeatDecisionKind  kind,
          const char              *ids)
{
  DubanRepeatDecision *d = g_new0 (DubanRepeatDecision, 1);

  d->ticket_ids = g_strsplit (ids, ",", -1);
  d->key = duban_repeat_decision_key ((const char * const *) d->ticket_ids, g_strv_length (d->ticket_ids));
  d->kind = kind;
  d->decided_by = g_strdup ("王督办");
  return d;
}

static DubanUnitReport *
build_with (GPtrArray *tickets,
            GArray    *statuses,
            GPtrArray *decisions)
{
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(GError) error = NULL;
  DubanUnitReport *report;
  DubanSlaPolicy policy;

  duban_sla_policy_init_defaults (&policy);
  report = duban_unit_report_build (tickets, statuses, &policy, calendar, NULL, decisions, "U-A", NULL, NULL,
                                    t (AT), &error);
  g_assert_no_error (error);
  return report;
}

static void
test_unit_matters (void)
{
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  g_autoptr(GPtrArray) decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_repeat_decision_free);
  g_autoptr(GArray) statuses = g_array_new (FALSE, FALSE, sizeof (DubanSlaStatus));
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(DubanUnitReport) plain = NULL;
  g_autoptr(DubanUnitReport) report = NULL;
  const DubanUnitMonth *now, *plain_now;
  const DubanUnitMatter *m;
  DubanSlaPolicy policy;
  DubanTicket *a5, *a6;

  duban_sla_policy_init_defaults (&policy);
  g_ptr_array_add (tickets, ticket ("A1", "U-A", "停水", "2026-11-02T09:00:00+08:00", "2026-11-03T10:00:00+08:00"));
  g_ptr_array_add (tickets, ticket ("A2", "U-A", "又停水", "2026-11-02T11:00:00+08:00", "2026-11-03T10:00:00+08:00"));
  /* reported resolved the 10th; A4 came on the 16th: 回潮 */
  g_ptr_array_add (tickets, ticket ("A3", "U-A", "井盖缺失", "2026-11-09T09:00:00+08:00", "2026-11-10T10:00:00+08:00"));
  g_ptr_array_add (tickets, ticket ("B1", "U-B", "井盖缺失", "2026-11-09T10:00:00+08:00", "2026-11-10T12:00:00+08:00"));
  g_ptr_array_add (tickets, ticket ("A4", "U-A", "井盖还没装", "2026-11-16T09:00:00+08:00", NULL));
  /* the platform's own links, a chain: A6 → A5 → A1, one matter */
  a5 = ticket ("A5", "U-A", "停水三天", "2026-11-17T09:00:00+08:00", NULL);
  a5->repeat_of = g_strdup ("A1");
  g_ptr_array_add (tickets, a5);
  a6 = ticket ("A6", "U-A", "还在停水", "2026-11-18T09:00:00+08:00", NULL);
  a6->repeat_of = g_strdup ("A5");
  g_ptr_array_add (tickets, a6);
  /* before the trend's six months: neither a ticket nor a matter of the page */
  g_ptr_array_add (tickets, ticket ("A0", "U-A", "旧事", "2026-03-02T09:00:00+08:00", "2026-03-03T10:00:00+08:00"));
  for (guint i = 0; i < tickets->len; i++)
    {
      DubanSlaStatus status;

      duban_sla_evaluate (&policy, calendar, g_ptr_array_index (tickets, i), t (AT), &status);
      g_array_append_val (statuses, status);
    }

  /* no decision: every ticket a matter */
  plain = build_with (tickets, statuses, NULL);
  g_assert_cmpuint (plain->received, ==, 6);
  g_assert_cmpuint (plain->matters, ==, 6);
  g_assert_cmpuint (plain->groups->len, ==, 0);
  plain_now = g_ptr_array_index (plain->months, plain->months->len - 1);
  g_assert_cmpuint (plain_now->received, ==, 6);
  g_assert_cmpuint (plain_now->matters, ==, 6);
  /* the platform's two repeats are about one matter */
  g_assert_cmpuint (plain->repeats->len, ==, 2);
  g_assert_cmpuint (plain->repeat_matters, ==, 1);

  /* rejected: two tickets stay two matters */
  g_ptr_array_add (decisions, decision (DUBAN_REPEAT_REJECTED, "A1,A2"));
  report = build_with (tickets, statuses, decisions);
  g_assert_cmpuint (report->matters, ==, 6);
  g_assert_cmpuint (report->groups->len, ==, 0);
  g_clear_pointer (&report, duban_unit_report_free);

  /* confirmed: two tickets, one matter */
  ((DubanRepeatDecision *) g_ptr_array_index (decisions, 0))->kind = DUBAN_REPEAT_CONFIRMED;
  report = build_with (tickets, statuses, decisions);
  g_assert_cmpuint (report->received, ==, 6);
  g_assert_cmpuint (report->matters, ==, 5);
  g_assert_cmpuint (report->groups->len, ==, 1);
  m = g_ptr_array_index (report->groups, 0);
  g_assert_cmpuint (g_strv_length (m->ticket_ids), ==, 2);
  g_assert_cmpstr (m->ticket_ids[0], ==, "A1");
  g_assert_cmpstr (m->ticket_ids[1], ==, "A2");
  g_assert_cmpstr (m->title, ==, "停水");
  g_assert_cmpuint (m->n_group, ==, 2);
  g_assert_null (m->resurgent_id);
  g_assert_cmpuint (report->resurgent, ==, 0);
  g_clear_pointer (&report, duban_unit_report_free);

  /* and a group shared with another unit, which came back: one matter
   * here (B1 is the other unit's), 回潮 named */
  g_ptr_array_add (decisions, decision (DUBAN_REPEAT_CONFIRMED, "A3,B1,A4"));
  report = build_with (tickets, statuses, decisions);
  g_assert_cmpuint (report->received, ==, 6);
  g_assert_cmpuint (report->matters, ==, 4);
  g_assert_cmpuint (report->groups->len, ==, 2);
  g_assert_cmpuint (report->resurgent, ==, 1);
  m = g_ptr_array_index (report->groups, 0);   /* newest first */
  g_assert_cmpstr (m->ticket_ids[0], ==, "A3");
  g_assert_cmpstr (m->ticket_ids[1], ==, "A4");
  g_assert_null (m->ticket_ids[2]);
  g_assert_cmpuint (m->n_group, ==, 3);
  g_assert_cmpstr (m->resurgent_id, ==, "A4");
  {
    g_autofree char *ids = duban_unit_matter_format_ids (m);
    g_assert_cmpstr (ids, ==, "A3, A4");
  }
  now = g_ptr_array_index (report->months, report->months->len - 1);
  g_assert_cmpuint (now->received, ==, 6);
  g_assert_cmpuint (now->matters, ==, 4);

  /* the rates stay per ticket: the county's rules of accountability */
  g_assert_nonnull (now->figures);
  g_assert_cmpuint (now->figures->due, ==, plain_now->figures->due);
  g_assert_cmpuint (now->figures->on_time, ==, plain_now->figures->on_time);
  g_assert_cmpfloat (now->figures->score, ==, plain_now->figures->score);
  g_assert_cmpuint (now->rank, ==, plain_now->rank);

  /* the exports carry them */
  {
    g_autofree char *dir = g_dir_make_tmp ("duban-unit-matters-XXXXXX", NULL);
    g_autofree char *pdf = g_build_filename (dir, "unit.pdf", NULL);
    g_autofree char *xlsx = g_build_filename (dir, "unit.xlsx", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_true (duban_unit_report_write_pdf (report, pdf, &error));
    g_assert_no_error (error);
    g_assert_true (duban_unit_report_write_xlsx (report, xlsx, &error));
    g_assert_no_error (error);
    if (g_getenv ("DUBAN_KEEP_UNIT_PDF") != NULL)
      g_print ("%s\n", pdf);
    else
      {
        g_unlink (pdf);
        g_unlink (xlsx);
        g_rmdir (dir);
      }
  }
}

/* ---- the page from the store equals the page from every ticket ------------ */

static void
assert_same_double (double a,
                    double b)
{
  if (isnan (a) || isnan (b))
    g_assert_true (isnan (a) && isnan (b));
  else
    /* sums of hours added in another order */
    g_assert_cmpfloat_with_epsilon (a, b, 1e-9 * MAX (1.0, fabs (a)));
}

static void
assert_same_figures (const DubanFigures *a,
                     const DubanFigures *b)
{
  g_assert_true ((a == NULL) == (b == NULL));
  if (a == NULL)
    return;
  g_assert_cmpstr (a->key, ==, b->key);
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpuint (a->received, ==, b->received);
  g_assert_cmpuint (a->resolved, ==, b->resolved);
  g_assert_cmpuint (a->due, ==, b->due);
  g_assert_cmpuint (a->on_time, ==, b->on_time);
  g_assert_cmpuint (a->urgent_due, ==, b->urgent_due);
  g_assert_cmpuint (a->contacted_on_time, ==, b->contacted_on_time);
  g_assert_cmpuint (a->visited, ==, b->visited);
  g_assert_cmpuint (a->satisfied, ==, b->satisfied);
  g_assert_cmpuint (a->settled_total, ==, b->settled_total);
  g_assert_cmpuint (a->settled_grid, ==, b->settled_grid);
  g_assert_cmpuint (a->settled_town, ==, b->settled_town);
  g_assert_cmpuint (a->settled_county, ==, b->settled_county);
  g_assert_cmpuint (a->received_urgent, ==, b->received_urgent);
  g_assert_cmpuint (a->received_normal, ==, b->received_normal);
  assert_same_double (a->sum_hours_urgent, b->sum_hours_urgent);
  assert_same_double (a->sum_working_days_normal, b->sum_working_days_normal);
  assert_same_double (a->completion_rate, b->completion_rate);
  assert_same_double (a->on_time_completion_rate, b->on_time_completion_rate);
  assert_same_double (a->on_time_contact_rate, b->on_time_contact_rate);
  assert_same_double (a->satisfaction_rate, b->satisfaction_rate);
  assert_same_double (a->mean_hours_urgent, b->mean_hours_urgent);
  assert_same_double (a->mean_working_days_normal, b->mean_working_days_normal);
  assert_same_double (a->settled_grid_share, b->settled_grid_share);
  assert_same_double (a->settled_town_share, b->settled_town_share);
  assert_same_double (a->settled_county_share, b->settled_county_share);
  /* the rates are ratios of the same counts: the very same score */
  g_assert_true (isnan (a->score) == isnan (b->score));
  if (!isnan (a->score))
    g_assert_cmpfloat (a->score, ==, b->score);
}

static void
assert_same_status (const DubanSlaStatus *a,
                    const DubanSlaStatus *b)
{
  g_assert_cmpint (a->state, ==, b->state);
  g_assert_cmpint (a->start, ==, b->start);
  g_assert_cmpint (a->deadline, ==, b->deadline);
  g_assert_cmpint (a->contact_deadline, ==, b->contact_deadline);
  g_assert_cmpint (a->resolved, ==, b->resolved);
  g_assert_cmpint (a->contacted, ==, b->contacted);
  g_assert_cmpint (a->extension, ==, b->extension);
  assert_same_double (a->lateness_seconds, b->lateness_seconds);
}

static void
assert_same_report (const DubanUnitReport *a,
                    const DubanUnitReport *b)
{
  g_assert_cmpstr (a->unit_code, ==, b->unit_code);
  g_assert_cmpstr (a->unit_name, ==, b->unit_name);
  g_assert_cmpint (a->at, ==, b->at);
  g_assert_cmpuint (a->late, ==, b->late);
  for (guint i = 0; i < G_N_ELEMENTS (a->replies); i++)
    g_assert_cmpuint (a->replies[i], ==, b->replies[i]);
  g_assert_cmpuint (a->received, ==, b->received);
  g_assert_cmpuint (a->matters, ==, b->matters);
  g_assert_cmpuint (a->repeat_matters, ==, b->repeat_matters);
  g_assert_cmpuint (a->resurgent, ==, b->resurgent);

  g_assert_cmpuint (a->open->len, ==, b->open->len);
  for (guint i = 0; i < a->open->len; i++)
    {
      const DubanUnitTicket *x = g_ptr_array_index (a->open, i), *y = g_ptr_array_index (b->open, i);

      g_assert_cmpstr (x->ticket_id, ==, y->ticket_id);
      g_assert_cmpstr (x->title, ==, y->title);
      g_assert_cmpuint (x->orders, ==, y->orders);
      assert_same_status (&x->status, &y->status);
    }

  g_assert_cmpuint (a->orders->len, ==, b->orders->len);
  for (guint i = 0; i < a->orders->len; i++)
    {
      const DubanUnitOrder *x = g_ptr_array_index (a->orders, i), *y = g_ptr_array_index (b->orders, i);

      g_assert_cmpstr (x->ticket_id, ==, y->ticket_id);
      g_assert_cmpstr (x->title, ==, y->title);
      g_assert_cmpint (x->reply, ==, y->reply);
      g_assert_cmpstr (x->order->client_id, ==, y->order->client_id);
      g_assert_cmpint (x->order->level, ==, y->order->level);
      g_assert_cmpstr (x->order->note, ==, y->order->note);
      g_assert_cmpstr (x->order->issued_by, ==, y->order->issued_by);
      g_assert_cmpint (x->order->issued_at, ==, y->order->issued_at);
      g_assert_cmpint (x->order->respond_by, ==, y->order->respond_by);
      g_assert_cmpint (x->order->replied_at, ==, y->order->replied_at);
      g_assert_cmpstr (x->order->reply, ==, y->order->reply);
    }

  g_assert_cmpuint (a->months->len, ==, DUBAN_UNIT_REPORT_MONTHS);
  g_assert_cmpuint (b->months->len, ==, DUBAN_UNIT_REPORT_MONTHS);
  for (guint i = 0; i < a->months->len; i++)
    {
      const DubanUnitMonth *x = g_ptr_array_index (a->months, i), *y = g_ptr_array_index (b->months, i);

      g_assert_cmpint (x->first, ==, y->first);
      g_assert_cmpint (x->last, ==, y->last);
      g_assert_cmpuint (x->rank, ==, y->rank);
      g_assert_cmpuint (x->peers, ==, y->peers);
      g_assert_cmpuint (x->received, ==, y->received);
      g_assert_cmpuint (x->matters, ==, y->matters);
      assert_same_figures (x->figures, y->figures);
    }

  g_assert_cmpuint (a->repeats->len, ==, b->repeats->len);
  for (guint i = 0; i < a->repeats->len; i++)
    {
      const DubanUnitRepeat *x = g_ptr_array_index (a->repeats, i), *y = g_ptr_array_index (b->repeats, i);

      g_assert_cmpstr (x->ticket_id, ==, y->ticket_id);
      g_assert_cmpstr (x->title, ==, y->title);
      g_assert_cmpstr (x->category, ==, y->category);
      g_assert_cmpstr (x->repeat_of, ==, y->repeat_of);
      g_assert_cmpint (x->received_at, ==, y->received_at);
    }

  g_assert_cmpuint (a->groups->len, ==, b->groups->len);
  for (guint i = 0; i < a->groups->len; i++)
    {
      const DubanUnitMatter *x = g_ptr_array_index (a->groups, i), *y = g_ptr_array_index (b->groups, i);

      g_assert_true (g_strv_equal ((const char * const *) x->ticket_ids, (const char * const *) y->ticket_ids));
      g_assert_cmpstr (x->title, ==, y->title);
      g_assert_cmpstr (x->category, ==, y->category);
      g_assert_cmpint (x->received_at, ==, y->received_at);
      g_assert_cmpuint (x->n_group, ==, y->n_group);
      g_assert_cmpstr (x->resurgent_id, ==, y->resurgent_id);
    }
}

#define COUNTY_AT "2026-10-15T12:00:00+08:00"

static DubanSupervision *
platform_order (const char *client_id,
                DubanTime   issued)
{
  DubanSupervision *s = g_new0 (DubanSupervision, 1);

  s->client_id = g_strdup (client_id);
  s->level = DUBAN_ORDER_YELLOW;
  s->note = g_strdup ("逾期未办结");
  s->issued_by = g_strdup ("王督办");
  s->issued_at = issued;
  s->respond_by = issued + 2 * DUBAN_USEC_PER_DAY;
  s->replied_at = DUBAN_TIME_NONE;
  return s;
}

/* Three tickets as one confirmed (or rejected) group. */
static void
decide (DubanStore              *store,
        const DubanTicket       *a,
        const DubanTicket       *b,
        const DubanTicket       *c,
        DubanRepeatDecisionKind  kind)
{
  const char *ids[] = { a->id, b->id, c->id };
  g_autoptr(GError) error = NULL;

  if (g_str_equal (a->id, b->id) || g_str_equal (a->id, c->id) || g_str_equal (b->id, c->id))
    return;
  g_assert_true (duban_repeat_decision_set (store, ids, 3, kind, &error));
  g_assert_no_error (error);
}

static char *
make_county_store (const char *dir)
{
  DubanCountyParams params = { .seed = 7, .n_tickets = 4000, .now = t (COUNTY_AT) };
  g_autoptr(DubanCounty) county = duban_county_generate (&params);
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) by_unit = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) g_ptr_array_unref);
  char *path = g_build_filename (dir, "county.db", NULL);
  GPtrArray *tickets = duban_county_get_tickets (county);
  DubanTime recent = t (COUNTY_AT) - 90 * DUBAN_USEC_PER_DAY;
  GHashTableIter iter;
  gpointer value;
  guint n = 0, n_old_open = 0;

  /* the platform's orders on some tickets, new and old, one issued
   * after the earlier of the two moments */
  for (guint i = 0; i < tickets->len; i += 37)
    {
      DubanTicket *ticket = g_ptr_array_index (tickets, i);
      g_autofree char *client_id = g_strdup_printf ("P-%u", i);

      if (ticket->supervisions == NULL)
        ticket->supervisions = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_supervision_free);
      g_ptr_array_add (ticket->supervisions, platform_order (client_id, ticket->received_at + DUBAN_USEC_PER_DAY));
    }

  /* a few old tickets still open: before any page's six months */
  for (guint i = 3; i < tickets->len; i += 211)
    {
      DubanTicket *ticket = g_ptr_array_index (tickets, i);

      if (ticket->received_at > t (COUNTY_AT) - 240 * DUBAN_USEC_PER_DAY || ticket->status == DUBAN_STATUS_CANCELLED)
        continue;
      ticket->status = DUBAN_STATUS_IN_PROGRESS;
      ticket->resolved_at = ticket->closed_at = ticket->visited_at = DUBAN_TIME_NONE;
      ticket->satisfaction = DUBAN_SATISFACTION_NONE;
      ticket->handled_level = DUBAN_LEVEL_NONE;
      ticket->disposition = DUBAN_DISPOSITION_NONE;
      n_old_open++;
    }

  store = duban_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (duban_store_begin (store, &error));
  g_assert_true (duban_store_replace_regions (store, duban_county_get_regions_json (county), &error));
  g_assert_true (duban_store_replace_units (store, duban_county_get_units_json (county), &error));
  for (guint i = 0; i < tickets->len; i++)
    g_assert_true (duban_store_upsert_ticket (store, g_ptr_array_index (tickets, i), NULL, &error));
  g_assert_true (duban_store_commit (store, &error));
  g_assert_no_error (error);

  /* this desk's own orders: on old tickets as well as recent ones */
  for (guint i = 5; i < tickets->len; i += 53)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      g_autoptr(DubanOrder) order = duban_orders_issue (store, ticket->id, DUBAN_ORDER_NOTICE, "请加快办理",
                                                        duban_time_now () + DUBAN_USEC_PER_DAY, &error);

      g_assert_no_error (error);
      g_assert_nonnull (order);
    }

  /* repeat decisions: groups within a unit, across two units, reaching
   * back a year; one rejected */
  for (guint i = 0; i < tickets->len; i++)
    {
      DubanTicket *ticket = g_ptr_array_index (tickets, i);
      GPtrArray *own;

      if (ticket->unit_code == NULL || ticket->status == DUBAN_STATUS_CANCELLED)
        continue;
      if ((own = g_hash_table_lookup (by_unit, ticket->unit_code)) == NULL)
        g_hash_table_insert (by_unit, ticket->unit_code, own = g_ptr_array_new ());
      g_ptr_array_add (own, ticket);
    }
  g_hash_table_iter_init (&iter, by_unit);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *own = value;
      guint picked = 0;

      for (guint i = 0; i + 2 < own->len && picked < 4; i++)
        {
          const DubanTicket *a = own->pdata[i], *b = own->pdata[i + 1], *c = own->pdata[i + 2];

          if (a->received_at < recent || b->received_at < recent)
            continue;
          decide (store, a, b, c, picked == 3 ? DUBAN_REPEAT_REJECTED : DUBAN_REPEAT_CONFIRMED);
          picked++;
          i += 2;
        }
    }
  /* across units: a recent ticket with the first ticket of the county
   * and one of another unit */
  for (guint i = tickets->len / 2; i + 1 < tickets->len && n < 20; i += 97, n++)
    decide (store, g_ptr_array_index (tickets, i), g_ptr_array_index (tickets, i + 1),
            g_ptr_array_index (tickets, n), DUBAN_REPEAT_CONFIRMED);

  g_assert_cmpuint (n_old_open, >, 2);
  return path;
}

static void
test_unit_from_store (void)
{
  g_autofree char *dir = g_dir_make_tmp ("duban-unit-store-XXXXXX", NULL);
  g_autofree char *path = make_county_store (dir);
  /* the county's end, a moment inside it, and now: this desk's orders
   * are issued now */
  const DubanTime moments[] = { t (COUNTY_AT), t ("2026-07-20T09:30:00+08:00"),
                                duban_time_now () + DUBAN_USEC_PER_HOUR };
  guint compared = 0, with_groups = 0, with_orders = 0, ranked = 0;

  for (guint m = 0; m < G_N_ELEMENTS (moments); m++)
    {
      DubanTime at = moments[m];
      g_autoptr(GError) error = NULL;
      g_autoptr(DubanDesk) desk = duban_desk_load (path, DUBAN_DESK_OPEN_EXISTING,
                                                   DUBAN_DESK_TICKETS | DUBAN_DESK_ORDERS |
                                                   DUBAN_DESK_REPEAT_DECISIONS, at, NULL, &error);
      g_autoptr(GHashTable) units = g_hash_table_new (g_str_hash, g_str_equal);
      GPtrArray *tickets;
      GHashTableIter iter;
      gpointer code;

      g_assert_no_error (error);
      tickets = duban_desk_get_tickets (desk);
      for (guint i = 0; i < tickets->len; i++)
        {
          const DubanTicket *ticket = g_ptr_array_index (tickets, i);

          if (ticket->unit_code != NULL)
            g_hash_table_add (units, ticket->unit_code);
        }
      g_assert_cmpuint (g_hash_table_size (units), >, 3);
      g_hash_table_add (units, (gpointer) "U-NOBODY");

      g_hash_table_iter_init (&iter, units);
      while (g_hash_table_iter_next (&iter, &code, NULL))
        {
          g_autoptr(DubanUnitReport) whole = NULL;
          g_autoptr(DubanUnitReport) read = NULL;
          g_autoptr(GError) whole_error = NULL;
          g_autoptr(GError) read_error = NULL;

          whole = duban_unit_report_build (tickets, duban_desk_get_statuses (desk), duban_desk_get_policy (desk),
                                           duban_desk_get_calendar (desk), duban_desk_get_orders (desk),
                                           duban_desk_get_repeat_decisions (desk), code,
                                           duban_desk_dup_name_cb, desk, at, &whole_error);
          read = duban_unit_report_build_from_store (duban_desk_get_store (desk), duban_desk_get_policy (desk),
                                                     duban_desk_get_calendar (desk), duban_desk_get_orders (desk),
                                                     duban_desk_get_repeat_decisions (desk), code,
                                                     duban_desk_dup_name_cb, desk, at, NULL, &read_error);
          if (whole == NULL)
            {
              g_assert_cmpstr (code, ==, "U-NOBODY");
              g_assert_null (read);
              g_assert_cmpstr (whole_error->message, ==, read_error->message);
              continue;
            }
          g_assert_no_error (read_error);
          assert_same_report (whole, read);
          compared++;
          with_groups += whole->groups->len > 0;
          with_orders += whole->orders->len > 0;
          for (guint k = 0; k < whole->months->len; k++)
            ranked += ((DubanUnitMonth *) g_ptr_array_index (whole->months, k))->rank > 0;
        }
    }
  /* the comparison had something to compare */
  g_assert_cmpuint (compared, >, 6);
  g_assert_cmpuint (with_groups, >, 3);
  g_assert_cmpuint (with_orders, >, 3);
  g_assert_cmpuint (ranked, >, 12);

  /* the unit's read is one range of its index, never a scan of the table */
  {
    g_autoptr(DubanStore) store = duban_store_open_existing (path, NULL);
    g_autofree char *plan = duban_store_explain (store, duban_store_unit_ids_sql);

    g_assert_nonnull (strstr (plan, "USING INDEX tickets_by_unit"));
    g_assert_null (strstr (plan, "SCAN tickets"));
  }

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/unit-report/by-hand", test_unit_report);
  g_test_add_func ("/unit-report/matters", test_unit_matters);
  g_test_add_func ("/unit-report/from-store", test_unit_from_store);

  return g_test_run ();
}
