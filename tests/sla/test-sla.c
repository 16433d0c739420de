/* test-sla.c — deadlines, extensions and states against docs/sla-rules.md
 *
 * Tickets are built by hand here (not through duban_ticket_new_from_json)
 * so that these tests pin the rules and nothing else.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "duban-sla.h"

static DubanTime
t (const char *text)
{
  g_autoptr(GError) error = NULL;
  DubanTime time = 0;

  if (!duban_time_parse_rfc3339 (text, &time, &error))
    g_error ("'%s': %s", text, error->message);

  return time;
}

static void
assert_time_eq (DubanTime   actual,
                const char *expected)
{
  g_autofree char *text = NULL;

  if (expected == NULL)
    {
      g_assert_cmpint (actual, ==, DUBAN_TIME_NONE);
      return;
    }

  text = duban_time_format_rfc3339 (actual);
  g_assert_cmpstr (text, ==, expected);
}

#define assert_near(a, b) g_assert_cmpfloat_with_epsilon ((a), (b), 1e-9)

static void
ticket_init (DubanTicket  *ticket,
             DubanUrgency  urgency,
             const char   *received_at,
             const char   *dispatched_at)
{
  memset (ticket, 0, sizeof *ticket);
  ticket->id = (char *) "JX-TEST";
  ticket->urgency = urgency;
  ticket->status = dispatched_at != NULL ? DUBAN_STATUS_DISPATCHED : DUBAN_STATUS_RECEIVED;
  ticket->received_at = t (received_at);
  ticket->dispatched_at = dispatched_at != NULL ? t (dispatched_at) : DUBAN_TIME_NONE;
  ticket->first_contact_at = DUBAN_TIME_NONE;
  ticket->resolved_at = DUBAN_TIME_NONE;
  ticket->closed_at = DUBAN_TIME_NONE;
  ticket->updated_at = ticket->received_at;
  ticket->visited_at = DUBAN_TIME_NONE;
}

static void
resolve (DubanTicket *ticket,
         const char  *resolved_at)
{
  ticket->status = DUBAN_STATUS_RESOLVED;
  ticket->resolved_at = t (resolved_at);
}

static DubanSlaStatus
evaluate_with (DubanCalendar     *calendar,
               const DubanTicket *ticket,
               const char        *at)
{
  DubanSlaPolicy policy;
  DubanSlaStatus status;

  duban_sla_policy_init_defaults (&policy);
  duban_sla_evaluate (&policy, calendar, ticket, t (at), &status);

  return status;
}

static DubanSlaStatus
evaluate (const DubanTicket *ticket,
          const char        *at)
{
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();

  return evaluate_with (calendar, ticket, at);
}

static void
assert_state (const DubanSlaStatus *status,
              DubanState            expected)
{
  g_assert_cmpstr (duban_state_to_wire (status->state), ==, duban_state_to_wire (expected));
}

static void
test_policy_defaults (void)
{
  DubanSlaPolicy policy;

  duban_sla_policy_init_defaults (&policy);
  g_assert_cmpint (policy.urgent_contact_usec, ==, G_GINT64_CONSTANT (3600000000));
  g_assert_cmpint (policy.urgent_completion_usec, ==, G_GINT64_CONSTANT (86400000000));
  g_assert_cmpint (policy.normal_completion_usec, ==, G_GINT64_CONSTANT (172800000000));
  g_assert_cmpfloat (policy.warning_fraction, ==, 0.25);
  g_assert_cmpfloat (policy.weight_contact, ==, 30);
  g_assert_cmpfloat (policy.weight_completion, ==, 35);
  g_assert_cmpfloat (policy.weight_satisfaction, ==, 35);
}

static void
test_clock_and_deadlines (void)
{
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  DubanSlaPolicy policy;
  DubanTicket ticket;
  DubanSlaStatus status;

  duban_sla_policy_init_defaults (&policy);

  /* The clock starts at dispatch... */
  ticket_init (&ticket, DUBAN_URGENCY_URGENT, "2026-03-09T10:00:00+08:00", "2026-03-09T10:30:00+08:00");
  assert_time_eq (duban_sla_clock_start (&ticket), "2026-03-09T10:30:00+08:00");
  status = evaluate_with (calendar, &ticket, "2026-03-09T11:00:00+08:00");
  assert_time_eq (status.start, "2026-03-09T10:30:00+08:00");
  assert_time_eq (status.contact_deadline, "2026-03-09T11:30:00+08:00");
  assert_time_eq (status.original_deadline, "2026-03-10T10:30:00+08:00");
  assert_time_eq (status.deadline, "2026-03-10T10:30:00+08:00");
  g_assert_cmpint (status.unit, ==, DUBAN_DURATION_HOURS);
  assert_near (status.allowed, 24.0);
  assert_near (status.remaining, 23.5);

  /* ... or at intake when never dispatched. */
  ticket_init (&ticket, DUBAN_URGENCY_URGENT, "2026-03-09T10:00:00+08:00", NULL);
  assert_time_eq (duban_sla_clock_start (&ticket), "2026-03-09T10:00:00+08:00");

  /* Urgent tickets run on calendar time, holidays or not. */
  assert_time_eq (duban_sla_deadline_for (&policy, calendar, DUBAN_URGENCY_URGENT, t ("2026-10-01T09:00:00+08:00")),
                  "2026-10-02T09:00:00+08:00");
  assert_time_eq (duban_sla_contact_deadline_for (&policy, DUBAN_URGENCY_URGENT, t ("2026-10-01T09:00:00+08:00")),
                  "2026-10-01T10:00:00+08:00");
  assert_time_eq (duban_sla_contact_deadline_for (&policy, DUBAN_URGENCY_NORMAL, t ("2026-10-01T09:00:00+08:00")),
                  NULL);

  /* The three worked examples of docs/sla-rules.md. */
  assert_time_eq (duban_sla_deadline_for (&policy, calendar, DUBAN_URGENCY_NORMAL, t ("2026-03-09T10:00:00+08:00")),
                  "2026-03-11T10:00:00+08:00");
  assert_time_eq (duban_sla_deadline_for (&policy, calendar, DUBAN_URGENCY_NORMAL, t ("2026-03-13T16:00:00+08:00")),
                  "2026-03-17T16:00:00+08:00");
  assert_time_eq (duban_sla_deadline_for (&policy, calendar, DUBAN_URGENCY_NORMAL, t ("2026-03-14T09:00:00+08:00")),
                  "2026-03-18T00:00:00+08:00");

  /* A start on a non-working day still has 2 working days allowed. */
  ticket_init (&ticket, DUBAN_URGENCY_NORMAL, "2026-03-14T08:00:00+08:00", "2026-03-14T09:00:00+08:00");
  status = evaluate_with (calendar, &ticket, "2026-03-14T12:00:00+08:00");
  g_assert_cmpint (status.unit, ==, DUBAN_DURATION_WORKING_DAYS);
  assert_time_eq (status.contact_deadline, NULL);
  assert_near (status.allowed, 2.0);
  assert_near (status.remaining, 2.0);
  assert_state (&status, DUBAN_STATE_OPEN_OK);
}

static void
test_normal_ticket_across_holidays (void)
{
  static const struct {
    const char *dispatched;
    const char *due;
  } cases[] = {
    { "2025-01-27T10:00:00+08:00", "2025-02-06T10:00:00+08:00" },
    { "2025-04-30T16:00:00+08:00", "2025-05-07T16:00:00+08:00" },
    { "2025-09-30T16:00:00+08:00", "2025-10-10T16:00:00+08:00" },
    { "2026-02-13T16:00:00+08:00", "2026-02-24T16:00:00+08:00" },
    { "2026-09-30T16:00:00+08:00", "2026-10-09T16:00:00+08:00" },
  };
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DubanTicket ticket;
      DubanSlaStatus status;

      ticket_init (&ticket, DUBAN_URGENCY_NORMAL, cases[i].dispatched, cases[i].dispatched);
      status = evaluate_with (calendar, &ticket, cases[i].dispatched);
      assert_time_eq (status.deadline, cases[i].due);
      assert_near (status.allowed, 2.0);
    }

  /* Halfway through 国庆 nothing has been used up. */
  {
    DubanTicket ticket;
    DubanSlaStatus status;

    ticket_init (&ticket, DUBAN_URGENCY_NORMAL, "2026-09-30T15:00:00+08:00", "2026-09-30T16:00:00+08:00");
    status = evaluate_with (calendar, &ticket, "2026-10-05T12:00:00+08:00");
    assert_state (&status, DUBAN_STATE_OPEN_OK);
    assert_near (status.remaining, 40.0 / 24.0);
    status = evaluate_with (calendar, &ticket, "2026-10-09T16:00:00+08:00");
    assert_state (&status, DUBAN_STATE_OPEN_WARNING);
    assert_near (status.remaining, 0);
    status = evaluate_with (calendar, &ticket, "2026-10-09T18:00:00+08:00");
    assert_state (&status, DUBAN_STATE_OPEN_OVERDUE);
    assert_near (status.overdue_by, 2.0 / 24.0);
  }
}

/* Mon 2026-03-09 10:00 → due Wed 03-11 10:00; seen Thu 03-12 12:00. */
typedef struct {
  const char            *label;
  const char            *reason;
  const char            *measures;
  const char            *promised_at;
  const char            *filed_at;
  int                    approved;
  const char            *at;
  DubanExtensionVerdict  verdict;
  const char            *deadline;
  DubanState             state;
} ExtensionCase;

static void
test_extensions (void)
{
  static const ExtensionCase cases[] = {
    { "on time", "原因", "措施", "2026-03-13T18:00:00+08:00", "2026-03-11T09:00:00+08:00", 1,
      "2026-03-12T12:00:00+08:00", DUBAN_EXTENSION_COUNTED, "2026-03-13T18:00:00+08:00", DUBAN_STATE_OPEN_OK },
    { "filed at the deadline", "原因", "措施", "2026-03-13T18:00:00+08:00", "2026-03-11T10:00:00+08:00", 1,
      "2026-03-12T12:00:00+08:00", DUBAN_EXTENSION_COUNTED, "2026-03-13T18:00:00+08:00", DUBAN_STATE_OPEN_OK },
    { "approval absent", "原因", "措施", "2026-03-13T18:00:00+08:00", "2026-03-11T09:00:00+08:00", -1,
      "2026-03-12T12:00:00+08:00", DUBAN_EXTENSION_COUNTED, "2026-03-13T18:00:00+08:00", DUBAN_STATE_OPEN_OK },
    { "filed 1 us late", "原因", "措施", "2026-03-13T18:00:00+08:00", "2026-03-11T10:00:00.000001+08:00", 1,
      "2026-03-12T12:00:00+08:00", DUBAN_EXTENSION_FILED_LATE, "2026-03-11T10:00:00+08:00", DUBAN_STATE_OPEN_OVERDUE },
    { "late and incomplete", "", "措施", NULL, "2026-03-12T09:00:00+08:00", 0,
      "2026-03-12T12:00:00+08:00", DUBAN_EXTENSION_FILED_LATE, "2026-03-11T10:00:00+08:00", DUBAN_STATE_OPEN_OVERDUE },
    { "empty reason", "", "措施", "2026-03-13T18:00:00+08:00", "2026-03-11T09:00:00+08:00", 1,
      "2026-03-12T12:00:00+08:00", DUBAN_EXTENSION_INCOMPLETE, "2026-03-11T10:00:00+08:00", DUBAN_STATE_OPEN_OVERDUE },
    { "no reason", NULL, "措施", "2026-03-13T18:00:00+08:00", "2026-03-11T09:00:00+08:00", 1,
      "2026-03-12T12:00:00+08:00", DUBAN_EXTENSION_INCOMPLETE, "2026-03-11T10:00:00+08:00", DUBAN_STATE_OPEN_OVERDUE },
    { "white-space measures", "原因", " \t\n\u3000 ", "2026-03-13T18:00:00+08:00", "2026-03-11T09:00:00+08:00", 1,
      "2026-03-12T12:00:00+08:00", DUBAN_EXTENSION_INCOMPLETE, "2026-03-11T10:00:00+08:00", DUBAN_STATE_OPEN_OVERDUE },
    { "no promised date", "原因", "措施", NULL, "2026-03-11T09:00:00+08:00", 1,
      "2026-03-12T12:00:00+08:00", DUBAN_EXTENSION_INCOMPLETE, "2026-03-11T10:00:00+08:00", DUBAN_STATE_OPEN_OVERDUE },
    { "no filing time", "原因", "措施", "2026-03-13T18:00:00+08:00", NULL, 1,
      "2026-03-12T12:00:00+08:00", DUBAN_EXTENSION_INCOMPLETE, "2026-03-11T10:00:00+08:00", DUBAN_STATE_OPEN_OVERDUE },
    { "rejected", "原因", "措施", "2026-03-13T18:00:00+08:00", "2026-03-11T09:00:00+08:00", 0,
      "2026-03-12T12:00:00+08:00", DUBAN_EXTENSION_REJECTED, "2026-03-11T10:00:00+08:00", DUBAN_STATE_OPEN_OVERDUE },
    { "rejected and incomplete", "原因", "", "2026-03-13T18:00:00+08:00", "2026-03-11T09:00:00+08:00", 0,
      "2026-03-12T12:00:00+08:00", DUBAN_EXTENSION_INCOMPLETE, "2026-03-11T10:00:00+08:00", DUBAN_STATE_OPEN_OVERDUE },
    /* Seen before it was filed: not known yet. */
    { "filed after the moment", "原因", "措施", "2026-03-13T18:00:00+08:00", "2026-03-11T09:00:00+08:00", 1,
      "2026-03-11T08:00:00+08:00", DUBAN_EXTENSION_NONE, "2026-03-11T10:00:00+08:00", DUBAN_STATE_OPEN_WARNING },
    { "filed at the moment", "原因", "措施", "2026-03-13T18:00:00+08:00", "2026-03-11T09:00:00+08:00", 1,
      "2026-03-11T09:00:00+08:00", DUBAN_EXTENSION_COUNTED, "2026-03-13T18:00:00+08:00", DUBAN_STATE_OPEN_OK },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const ExtensionCase *c = &cases[i];
      DubanExtension extension = {
        .reason = (char *) c->reason,
        .measures = (char *) c->measures,
        .promised_at = c->promised_at != NULL ? t (c->promised_at) : DUBAN_TIME_NONE,
        .filed_at = c->filed_at != NULL ? t (c->filed_at) : DUBAN_TIME_NONE,
        .approved = c->approved,
      };
      DubanTicket ticket;
      DubanSlaStatus status;

      g_test_message ("extension %s", c->label);
      ticket_init (&ticket, DUBAN_URGENCY_NORMAL, "2026-03-09T09:00:00+08:00", "2026-03-09T10:00:00+08:00");
      ticket.extension = &extension;
      status = evaluate (&ticket, c->at);

      g_assert_cmpint (status.extension, ==, c->verdict);
      assert_time_eq (status.original_deadline, "2026-03-11T10:00:00+08:00");
      assert_time_eq (status.deadline, c->deadline);
      assert_state (&status, c->state);
    }
}

static void
test_extension_values (void)
{
  DubanExtension extension = {
    .reason = (char *) "需协调供电公司",
    .measures = (char *) "已联系",
    .promised_at = t ("2026-03-13T18:00:00+08:00"),
    .filed_at = t ("2026-03-11T09:00:00+08:00"),
    .approved = 1,
  };
  DubanTicket ticket;
  DubanSlaStatus status;

  ticket_init (&ticket, DUBAN_URGENCY_NORMAL, "2026-03-09T09:00:00+08:00", "2026-03-09T10:00:00+08:00");
  ticket.extension = &extension;

  /* Allowed time grows to the promised date: Mon 10:00 → Fri 18:00. */
  status = evaluate (&ticket, "2026-03-12T12:00:00+08:00");
  assert_near (status.allowed, (14 + 24 + 24 + 24 + 18) / 24.0);
  assert_near (status.remaining, (12 + 18) / 24.0);

  /* Resolved after the original deadline, before the promised one. */
  resolve (&ticket, "2026-03-13T17:00:00+08:00");
  status = evaluate (&ticket, "2026-03-20T12:00:00+08:00");
  assert_state (&status, DUBAN_STATE_DONE_ON_TIME);

  /* Urgent tickets extend in calendar hours. */
  ticket_init (&ticket, DUBAN_URGENCY_URGENT, "2026-03-09T09:00:00+08:00", "2026-03-09T10:00:00+08:00");
  extension.filed_at = t ("2026-03-10T09:00:00+08:00");
  extension.promised_at = t ("2026-03-11T22:00:00+08:00");
  ticket.extension = &extension;
  status = evaluate (&ticket, "2026-03-11T20:00:00+08:00");
  g_assert_cmpint (status.extension, ==, DUBAN_EXTENSION_COUNTED);
  assert_near (status.allowed, 60.0);
  assert_near (status.remaining, 2.0);
  assert_state (&status, DUBAN_STATE_OPEN_WARNING);
}

static void
test_explained (void)
{
  DubanTicket ticket;
  DubanSlaStatus status;

  ticket_init (&ticket, DUBAN_URGENCY_NORMAL, "2026-03-09T09:00:00+08:00", "2026-03-09T10:00:00+08:00");
  ticket.disposition = DUBAN_DISPOSITION_EXPLAINED;
  ticket.evidence_count = 2;
  ticket.status = DUBAN_STATUS_CLOSED;

  ticket.resolved_at = t ("2026-03-11T10:00:00+08:00");
  status = evaluate (&ticket, "2026-03-20T00:00:00+08:00");
  assert_state (&status, DUBAN_STATE_DONE_ON_TIME);
  g_assert_true (status.resolved);

  ticket.resolved_at = t ("2026-03-11T10:00:00.000001+08:00");
  status = evaluate (&ticket, "2026-03-20T00:00:00+08:00");
  assert_state (&status, DUBAN_STATE_DONE_LATE);
}

static void
test_returned_is_open (void)
{
  DubanTicket ticket;
  DubanSlaStatus status;

  ticket_init (&ticket, DUBAN_URGENCY_NORMAL, "2026-03-09T09:00:00+08:00", "2026-03-09T10:00:00+08:00");
  ticket.status = DUBAN_STATUS_RETURNED;
  ticket.resolved_at = t ("2026-03-10T10:00:00+08:00");

  status = evaluate (&ticket, "2026-03-12T10:00:00+08:00");
  g_assert_false (status.resolved);
  assert_state (&status, DUBAN_STATE_OPEN_OVERDUE);
  assert_near (status.overdue_by, 1.0);

  /* So is one that claims to be resolved with no time (the feed client
   * quarantines those; here only the rule is pinned). */
  ticket.status = DUBAN_STATUS_RESOLVED;
  ticket.resolved_at = DUBAN_TIME_NONE;
  status = evaluate (&ticket, "2026-03-10T10:00:00+08:00");
  g_assert_false (status.resolved);
  assert_state (&status, DUBAN_STATE_OPEN_OK);
}

static void
test_past_moments (void)
{
  DubanTicket ticket;
  DubanSlaStatus status;

  ticket_init (&ticket, DUBAN_URGENCY_NORMAL, "2026-03-09T09:00:00+08:00", "2026-03-09T10:00:00+08:00");
  resolve (&ticket, "2026-03-12T10:00:00+08:00");

  status = evaluate (&ticket, "2026-03-09T08:59:59+08:00");
  assert_state (&status, DUBAN_STATE_NOT_YET);
  g_assert_false (status.resolved);

  status = evaluate (&ticket, "2026-03-10T10:00:00+08:00");
  assert_state (&status, DUBAN_STATE_OPEN_OK);
  g_assert_false (status.resolved);
  assert_near (status.remaining, 1.0);

  status = evaluate (&ticket, "2026-03-11T12:00:00+08:00");
  assert_state (&status, DUBAN_STATE_OPEN_OVERDUE);
  assert_near (status.overdue_by, 2.0 / 24.0);

  status = evaluate (&ticket, "2026-03-12T09:59:59.999999+08:00");
  assert_state (&status, DUBAN_STATE_OPEN_OVERDUE);

  status = evaluate (&ticket, "2026-03-12T10:00:00+08:00");
  assert_state (&status, DUBAN_STATE_DONE_LATE);
  g_assert_true (status.resolved);
  assert_near (status.overdue_by, 1.0);
  g_assert_true (isnan (status.remaining));

  /* Received, but the clock starts only at dispatch: all time is left. */
  ticket_init (&ticket, DUBAN_URGENCY_NORMAL, "2026-03-09T08:00:00+08:00", "2026-03-09T10:00:00+08:00");
  status = evaluate (&ticket, "2026-03-09T09:00:00+08:00");
  assert_state (&status, DUBAN_STATE_OPEN_OK);
  assert_near (status.remaining, 2.0);
  assert_near (status.allowed, 2.0);
}

static void
test_cancelled (void)
{
  DubanTicket ticket;
  DubanSlaStatus status;

  ticket_init (&ticket, DUBAN_URGENCY_URGENT, "2026-03-09T09:00:00+08:00", "2026-03-09T10:00:00+08:00");
  ticket.status = DUBAN_STATUS_CANCELLED;
  status = evaluate (&ticket, "2026-03-20T00:00:00+08:00");
  assert_state (&status, DUBAN_STATE_CANCELLED);
  g_assert_false (status.contact_overdue);
  g_assert_true (isnan (status.overdue_by));
  g_assert_cmpfloat (status.lateness_seconds, ==, 0);
}

static void
test_warning_boundary (void)
{
  DubanTicket ticket;
  DubanSlaStatus status;

  /* Urgent: 24 h allowed, a warning with 6 h left. */
  ticket_init (&ticket, DUBAN_URGENCY_URGENT, "2026-03-09T09:00:00+08:00", "2026-03-09T10:00:00+08:00");
  status = evaluate (&ticket, "2026-03-10T04:00:00+08:00");
  assert_state (&status, DUBAN_STATE_OPEN_WARNING);
  assert_near (status.remaining, 6.0);
  g_assert_cmpfloat (status.lateness_seconds, ==, -21600.0);
  status = evaluate (&ticket, "2026-03-10T03:59:59.999999+08:00");
  assert_state (&status, DUBAN_STATE_OPEN_OK);

  /* Normal: 2 working days allowed, a warning with 12 working hours left. */
  ticket_init (&ticket, DUBAN_URGENCY_NORMAL, "2026-03-09T09:00:00+08:00", "2026-03-09T10:00:00+08:00");
  status = evaluate (&ticket, "2026-03-10T22:00:00+08:00");
  assert_state (&status, DUBAN_STATE_OPEN_WARNING);
  assert_near (status.remaining, 0.5);
  status = evaluate (&ticket, "2026-03-10T21:59:59.999999+08:00");
  assert_state (&status, DUBAN_STATE_OPEN_OK);

  /* Across a weekend the warning comes in working time: Fri 16:00 → Tue 16:00. */
  ticket_init (&ticket, DUBAN_URGENCY_NORMAL, "2026-03-13T15:00:00+08:00", "2026-03-13T16:00:00+08:00");
  status = evaluate (&ticket, "2026-03-14T10:00:00+08:00");
  assert_state (&status, DUBAN_STATE_OPEN_OK);
  assert_near (status.remaining, 40.0 / 24.0);
  status = evaluate (&ticket, "2026-03-17T04:00:00+08:00");
  assert_state (&status, DUBAN_STATE_OPEN_WARNING);
  status = evaluate (&ticket, "2026-03-17T03:59:59.999999+08:00");
  assert_state (&status, DUBAN_STATE_OPEN_OK);
  assert_near (status.lateness_seconds, -(12 * 3600.0 + 0.000001));
}

static void
test_overdue_boundary (void)
{
  DubanTicket ticket;
  DubanSlaStatus status;

  ticket_init (&ticket, DUBAN_URGENCY_URGENT, "2026-03-09T09:00:00+08:00", "2026-03-09T10:00:00+08:00");
  status = evaluate (&ticket, "2026-03-10T10:00:00+08:00");
  assert_state (&status, DUBAN_STATE_OPEN_WARNING);
  assert_near (status.remaining, 0);
  g_assert_true (isnan (status.overdue_by));
  status = evaluate (&ticket, "2026-03-10T10:00:00.000001+08:00");
  assert_state (&status, DUBAN_STATE_OPEN_OVERDUE);
  assert_near (status.lateness_seconds, 0.000001);

  ticket_init (&ticket, DUBAN_URGENCY_NORMAL, "2026-03-09T09:00:00+08:00", "2026-03-09T10:00:00+08:00");
  status = evaluate (&ticket, "2026-03-11T10:00:00+08:00");
  assert_state (&status, DUBAN_STATE_OPEN_WARNING);
  status = evaluate (&ticket, "2026-03-11T10:00:00.000001+08:00");
  assert_state (&status, DUBAN_STATE_OPEN_OVERDUE);

  /* Resolved exactly at the deadline is on time; a microsecond later is not. */
  resolve (&ticket, "2026-03-11T10:00:00+08:00");
  status = evaluate (&ticket, "2026-03-12T00:00:00+08:00");
  assert_state (&status, DUBAN_STATE_DONE_ON_TIME);
  g_assert_cmpfloat (status.lateness_seconds, ==, 0);
  g_assert_true (isnan (status.overdue_by));
  resolve (&ticket, "2026-03-11T10:00:00.000001+08:00");
  status = evaluate (&ticket, "2026-03-12T00:00:00+08:00");
  assert_state (&status, DUBAN_STATE_DONE_LATE);
}

static void
test_contact_overdue (void)
{
  DubanTicket ticket;
  DubanSlaStatus status;

  /* Received 09:00, dispatched 10:00: the hour runs from dispatch. */
  ticket_init (&ticket, DUBAN_URGENCY_URGENT, "2026-03-09T09:00:00+08:00", "2026-03-09T10:00:00+08:00");
  status = evaluate (&ticket, "2026-03-09T11:00:00+08:00");
  g_assert_false (status.contact_overdue);
  status = evaluate (&ticket, "2026-03-09T11:00:00.000001+08:00");
  g_assert_true (status.contact_overdue);
  g_assert_false (status.contacted);

  ticket.first_contact_at = t ("2026-03-09T10:59:00+08:00");
  status = evaluate (&ticket, "2026-03-09T15:00:00+08:00");
  g_assert_false (status.contact_overdue);
  g_assert_true (status.contacted);
  /* Seen before the call was made, it had not been contacted yet. */
  status = evaluate (&ticket, "2026-03-09T10:30:00+08:00");
  g_assert_false (status.contacted);
  g_assert_false (status.contact_overdue);

  ticket.first_contact_at = t ("2026-03-09T11:00:00+08:00");
  status = evaluate (&ticket, "2026-03-09T15:00:00+08:00");
  g_assert_false (status.contact_overdue);

  /* A late call does not undo a missed hour. */
  ticket.first_contact_at = t ("2026-03-09T12:00:00+08:00");
  status = evaluate (&ticket, "2026-03-09T15:00:00+08:00");
  g_assert_true (status.contact_overdue);
  g_assert_true (status.contacted);
  status = evaluate (&ticket, "2026-03-09T11:30:00+08:00");
  g_assert_true (status.contact_overdue);
  g_assert_false (status.contacted);

  /* Resolved in time but never called back: flagged whatever its state. */
  ticket.first_contact_at = DUBAN_TIME_NONE;
  resolve (&ticket, "2026-03-09T13:00:00+08:00");
  status = evaluate (&ticket, "2026-03-10T15:00:00+08:00");
  assert_state (&status, DUBAN_STATE_DONE_ON_TIME);
  g_assert_true (status.contact_overdue);

  /* Normal tickets have no contact deadline. */
  ticket_init (&ticket, DUBAN_URGENCY_NORMAL, "2026-03-09T09:00:00+08:00", "2026-03-09T10:00:00+08:00");
  status = evaluate (&ticket, "2026-03-12T15:00:00+08:00");
  g_assert_false (status.contact_overdue);
  assert_time_eq (status.contact_deadline, NULL);
}

static void
test_units (void)
{
  DubanTicket ticket;
  DubanSlaStatus status;
  g_autofree char *urgent_text = NULL;
  g_autofree char *urgent_late_text = NULL;
  g_autofree char *normal_text = NULL;
  g_autofree char *left_text = NULL;

  /* Urgent, 2.5 calendar hours overdue. */
  ticket_init (&ticket, DUBAN_URGENCY_URGENT, "2026-03-13T09:00:00+08:00", "2026-03-13T10:00:00+08:00");
  status = evaluate (&ticket, "2026-03-14T12:30:00+08:00");
  assert_state (&status, DUBAN_STATE_OPEN_OVERDUE);
  g_assert_cmpint (status.unit, ==, DUBAN_DURATION_HOURS);
  assert_near (status.overdue_by, 2.5);
  assert_near (status.remaining, -2.5);
  g_assert_cmpfloat (status.lateness_seconds, ==, 9000.0);
  urgent_text = duban_sla_describe_clock (&status);
  g_assert_cmpstr (urgent_text, ==, "Overdue by 2.5 hours");

  resolve (&ticket, "2026-03-14T13:00:00+08:00");
  status = evaluate (&ticket, "2026-03-15T00:00:00+08:00");
  assert_state (&status, DUBAN_STATE_DONE_LATE);
  assert_near (status.overdue_by, 3.0);
  g_assert_cmpfloat (status.lateness_seconds, ==, 10800.0);
  urgent_late_text = duban_sla_describe_clock (&status);
  g_assert_cmpstr (urgent_late_text, ==, "Done 3 hours late");

  /* Normal, Wed 16:00 → due Fri 16:00, seen Mon 10:00: only Friday's 8 h
   * and Monday's 10 h count, the weekend does not. */
  ticket_init (&ticket, DUBAN_URGENCY_NORMAL, "2026-03-11T15:00:00+08:00", "2026-03-11T16:00:00+08:00");
  status = evaluate (&ticket, "2026-03-16T10:00:00+08:00");
  assert_state (&status, DUBAN_STATE_OPEN_OVERDUE);
  g_assert_cmpint (status.unit, ==, DUBAN_DURATION_WORKING_DAYS);
  assert_near (status.overdue_by, 0.75);
  g_assert_cmpfloat (status.lateness_seconds, ==, 64800.0);
  normal_text = duban_sla_describe_clock (&status);
  g_assert_cmpstr (normal_text, ==, "Overdue by 0.8 working days");

  /* Overdue on Saturday: past the deadline, but no working time late yet. */
  status = evaluate (&ticket, "2026-03-14T10:00:00+08:00");
  assert_state (&status, DUBAN_STATE_OPEN_OVERDUE);
  assert_near (status.overdue_by, 8.0 / 24.0);

  resolve (&ticket, "2026-03-16T10:00:00+08:00");
  status = evaluate (&ticket, "2026-03-20T00:00:00+08:00");
  assert_state (&status, DUBAN_STATE_DONE_LATE);
  assert_near (status.overdue_by, 0.75);

  ticket_init (&ticket, DUBAN_URGENCY_NORMAL, "2026-03-11T15:00:00+08:00", "2026-03-11T16:00:00+08:00");
  status = evaluate (&ticket, "2026-03-12T04:00:00+08:00");
  assert_near (status.remaining, 1.5);
  left_text = duban_sla_describe_clock (&status);
  g_assert_cmpstr (left_text, ==, "1.5 working days left");
}

static void
test_lateness_orders_queues (void)
{
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  DubanTicket urgent, normal;
  DubanSlaStatus a, b;

  /* 1 h overdue urgent vs 2 working hours overdue normal. */
  ticket_init (&urgent, DUBAN_URGENCY_URGENT, "2026-03-09T09:00:00+08:00", "2026-03-09T10:00:00+08:00");
  ticket_init (&normal, DUBAN_URGENCY_NORMAL, "2026-03-09T09:00:00+08:00", "2026-03-09T10:00:00+08:00");
  a = evaluate_with (calendar, &urgent, "2026-03-10T11:00:00+08:00");
  b = evaluate_with (calendar, &normal, "2026-03-11T12:00:00+08:00");
  g_assert_cmpfloat (a.lateness_seconds, ==, 3600.0);
  g_assert_cmpfloat (b.lateness_seconds, ==, 7200.0);

  /* Open and not late: negative, the time left. */
  b = evaluate_with (calendar, &normal, "2026-03-10T10:00:00+08:00");
  g_assert_cmpfloat (b.lateness_seconds, ==, -86400.0);
}

/* An urgent ticket not contacted within the hour is not "in time" at a
 * glance, and comes before the 预警 and the in-time tickets. */
static void
test_glance_not_contacted (void)
{
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  DubanTicket urgent, warning, overdue;
  DubanSlaStatus not_contacted, warned, late, called;

  ticket_init (&urgent, DUBAN_URGENCY_URGENT, "2026-03-09T09:00:00+08:00", "2026-03-09T10:00:00+08:00");
  not_contacted = evaluate_with (calendar, &urgent, "2026-03-09T13:00:00+08:00");
  assert_state (&not_contacted, DUBAN_STATE_OPEN_OK);
  g_assert_true (not_contacted.contact_overdue);
  g_assert_cmpint (duban_sla_glance (&not_contacted), ==, DUBAN_GLANCE_NOT_CONTACTED);
  g_assert_cmpstr (duban_glance_to_display (DUBAN_GLANCE_NOT_CONTACTED), !=,
                   duban_state_to_display (DUBAN_STATE_OPEN_OK));

  /* 预警 and not contacted: the missed hour is what the badge says */
  warned = evaluate_with (calendar, &urgent, "2026-03-10T05:00:00+08:00");
  assert_state (&warned, DUBAN_STATE_OPEN_WARNING);
  g_assert_cmpint (duban_sla_glance (&warned), ==, DUBAN_GLANCE_NOT_CONTACTED);

  /* overdue outright says overdue */
  late = evaluate_with (calendar, &urgent, "2026-03-10T11:00:00+08:00");
  assert_state (&late, DUBAN_STATE_OPEN_OVERDUE);
  g_assert_cmpint (duban_sla_glance (&late), ==, DUBAN_GLANCE_OVERDUE);

  /* called in time: in time */
  urgent.first_contact_at = t ("2026-03-09T10:30:00+08:00");
  called = evaluate_with (calendar, &urgent, "2026-03-09T13:00:00+08:00");
  g_assert_cmpint (duban_sla_glance (&called), ==, DUBAN_GLANCE_OK);

  /* the order of attention: overdue, not contacted, 预警, in time */
  ticket_init (&warning, DUBAN_URGENCY_NORMAL, "2026-03-09T09:00:00+08:00", "2026-03-09T10:00:00+08:00");
  warned = evaluate_with (calendar, &warning, "2026-03-11T00:00:00+08:00");
  assert_state (&warned, DUBAN_STATE_OPEN_WARNING);
  ticket_init (&overdue, DUBAN_URGENCY_NORMAL, "2026-03-02T09:00:00+08:00", "2026-03-02T10:00:00+08:00");
  late = evaluate_with (calendar, &overdue, "2026-03-09T13:00:00+08:00");
  assert_state (&late, DUBAN_STATE_OPEN_OVERDUE);
  g_assert_cmpint (duban_sla_compare_attention (&late, "B", &not_contacted, "A"), <, 0);
  g_assert_cmpint (duban_sla_compare_attention (&not_contacted, "Z", &warned, "A"), <, 0);
  g_assert_cmpint (duban_sla_compare_attention (&warned, "Z", &called, "A"), <, 0);
  g_assert_cmpint (duban_sla_compare_attention (&not_contacted, "Z", &called, "A"), <, 0);
}

static void
test_strings (void)
{
  static const struct {
    double             value;
    DubanDurationUnit  unit;
    const char        *text;
  } durations[] = {
    { 1.5, DUBAN_DURATION_WORKING_DAYS, "1.5 working days" },
    { 3.0, DUBAN_DURATION_HOURS, "3 hours" },
    { 1.0, DUBAN_DURATION_HOURS, "1 hour" },
    { 0.96, DUBAN_DURATION_WORKING_DAYS, "1 working day" },
    { 2.04, DUBAN_DURATION_WORKING_DAYS, "2 working days" },
    { 0.25, DUBAN_DURATION_HOURS, "0.3 hours" },
    { -0.04, DUBAN_DURATION_HOURS, "0 hours" },
    { 12.345, DUBAN_DURATION_HOURS, "12.3 hours" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (durations); i++)
    {
      g_autofree char *text = duban_duration_format (durations[i].value, durations[i].unit);
      g_assert_cmpstr (text, ==, durations[i].text);
    }

  {
    g_autofree char *text = duban_duration_format (NAN, DUBAN_DURATION_HOURS);
    g_assert_cmpstr (text, ==, "—");
  }

  g_assert_cmpstr (duban_state_to_wire (DUBAN_STATE_DONE_ON_TIME), ==, "done_on_time");
  g_assert_cmpstr (duban_state_to_wire (DUBAN_STATE_DONE_LATE), ==, "done_late");
  g_assert_cmpstr (duban_state_to_wire (DUBAN_STATE_OPEN_OK), ==, "open_ok");
  g_assert_cmpstr (duban_state_to_wire (DUBAN_STATE_OPEN_WARNING), ==, "open_warning");
  g_assert_cmpstr (duban_state_to_wire (DUBAN_STATE_OPEN_OVERDUE), ==, "open_overdue");
  g_assert_cmpstr (duban_state_to_wire (DUBAN_STATE_CANCELLED), ==, "cancelled");
  g_assert_cmpstr (duban_state_to_wire (DUBAN_STATE_NOT_YET), ==, "not_yet");
  g_assert_cmpstr (duban_state_to_display (DUBAN_STATE_OPEN_OVERDUE), ==, "Overdue");
  g_assert_cmpstr (duban_state_to_display (DUBAN_STATE_OPEN_WARNING), ==, "Warning");
  g_assert_cmpstr (duban_extension_verdict_to_display (DUBAN_EXTENSION_FILED_LATE), ==, "Extension filed late");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sla/policy-defaults", test_policy_defaults);
  g_test_add_func ("/sla/clock-and-deadlines", test_clock_and_deadlines);
  g_test_add_func ("/sla/normal-across-holidays", test_normal_ticket_across_holidays);
  g_test_add_func ("/sla/extensions", test_extensions);
  g_test_add_func ("/sla/extension-values", test_extension_values);
  g_test_add_func ("/sla/explained", test_explained);
  g_test_add_func ("/sla/returned-is-open", test_returned_is_open);
  g_test_add_func ("/sla/past-moments", test_past_moments);
  g_test_add_func ("/sla/cancelled", test_cancelled);
  g_test_add_func ("/sla/warning-boundary", test_warning_boundary);
  g_test_add_func ("/sla/overdue-boundary", test_overdue_boundary);
  g_test_add_func ("/sla/contact-overdue", test_contact_overdue);
  g_test_add_func ("/sla/units", test_units);
  g_test_add_func ("/sla/lateness", test_lateness_orders_queues);
  g_test_add_func ("/sla/glance-not-contacted", test_glance_not_contacted);
  g_test_add_func ("/sla/strings", test_strings);

  return g_test_run ();
}
