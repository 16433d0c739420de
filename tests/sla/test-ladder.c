/* test-ladder.c — the escalation ladder against docs/sla-rules.md
 *
 * Each condition of each rung by itself, the defaults as documented, the
 * climb on a late reply, and the rule that a unit is not pressed twice at
 * the same rung. Statuses are built by hand, as duban_sla_evaluate would
 * leave them, so that these tests pin the ladder and nothing else; one
 * goes through duban_sla_evaluate to check that the time overdue is read
 * in the ticket's own units.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "duban-ladder.h"

static DubanTime
t (const char *text)
{
  DubanTime time = 0;

  g_assert_true (duban_time_parse_rfc3339 (text, &time, NULL));
  return time;
}

typedef struct {
  DubanTicket       ticket;
  DubanExtension    extension;
  DubanSlaStatus    status;
  GPtrArray        *orders;
  DubanLadderFacts  facts;
  DubanLadderPolicy policy;
} Case;

static void
case_init (Case         *c,
           DubanState    state,
           DubanDurationUnit unit,
           double        overdue_by)
{
  memset (c, 0, sizeof *c);
  c->ticket.id = (char *) "JX-LADDER";
  c->ticket.status = duban_state_is_open (state) ? DUBAN_STATUS_IN_PROGRESS : DUBAN_STATUS_CLOSED;
  c->ticket.urgency = unit == DUBAN_DURATION_HOURS ? DUBAN_URGENCY_URGENT : DUBAN_URGENCY_NORMAL;
  c->status.state = state;
  c->status.unit = unit;
  c->status.overdue_by = state == DUBAN_STATE_OPEN_OVERDUE ? overdue_by : NAN;
  c->status.remaining = state == DUBAN_STATE_OPEN_OVERDUE ? NAN : 0.4;
  c->orders = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_supervision_free);
  c->facts.ticket = &c->ticket;
  c->facts.status = &c->status;
  c->facts.orders = c->orders;
  c->facts.matter_tickets = 1;
  duban_ladder_policy_init_defaults (&c->policy);
}

static void
case_clear (Case *c)
{
  g_clear_pointer (&c->orders, g_ptr_array_unref);
}

static void
add_order (Case            *c,
           DubanOrderLevel  level,
           const char      *issued_at,
           const char      *respond_by,
           const char      *replied_at)
{
  DubanSupervision *s = g_new0 (DubanSupervision, 1);

  s->client_id = g_strdup_printf ("order-%u", c->orders->len);
  s->level = level;
  s->note = g_strdup ("");
  s->issued_at = t (issued_at);
  s->respond_by = respond_by != NULL ? t (respond_by) : DUBAN_TIME_NONE;
  s->replied_at = replied_at != NULL ? t (replied_at) : DUBAN_TIME_NONE;
  g_ptr_array_add (c->orders, s);
}

#define NOW "2026-10-15T10:00:00+08:00"

/* The step proposed for @c at NOW, or -1 for none. */
static int
propose (Case           *c,
         DubanLadderWhy *why)
{
  DubanLadderProposal proposal;
  int level;

  duban_ladder_propose (&c->policy, &c->facts, t (NOW), &proposal);
  level = proposal.proposed ? (int) proposal.level : -1;
  if (why != NULL)
    *why = proposal.why;
  g_assert_true (proposal.proposed == (proposal.reason != NULL));
  duban_ladder_proposal_clear (&proposal);
  return level;
}

static void
test_defaults (void)
{
  DubanLadderPolicy p;

  duban_ladder_policy_init_defaults (&p);

  /* docs/sla-rules.md, "The escalation ladder", the table of defaults */
  g_assert_true (p.rungs[DUBAN_ORDER_NOTICE].warning);
  g_assert_cmpint (p.rungs[DUBAN_ORDER_NOTICE].extensions, ==, 1);
  g_assert_cmpint (p.rungs[DUBAN_ORDER_NOTICE].repeats, ==, 2);
  g_assert_cmpfloat (p.rungs[DUBAN_ORDER_NOTICE].overdue_hours, <, 0);
  g_assert_cmpfloat (p.rungs[DUBAN_ORDER_NOTICE].overdue_working_days, <, 0);
  g_assert_cmpint (p.rungs[DUBAN_ORDER_NOTICE].unsatisfied, ==, 0);

  g_assert_false (p.rungs[DUBAN_ORDER_YELLOW].warning);
  g_assert_cmpfloat (p.rungs[DUBAN_ORDER_YELLOW].overdue_hours, ==, 0);
  g_assert_cmpfloat (p.rungs[DUBAN_ORDER_YELLOW].overdue_working_days, ==, 0);
  g_assert_cmpint (p.rungs[DUBAN_ORDER_YELLOW].unsatisfied, ==, 1);
  g_assert_cmpint (p.rungs[DUBAN_ORDER_YELLOW].repeats, ==, 3);
  g_assert_cmpint (p.rungs[DUBAN_ORDER_YELLOW].extensions, ==, 0);

  g_assert_cmpfloat (p.rungs[DUBAN_ORDER_RED].overdue_hours, ==, 24);
  g_assert_cmpfloat (p.rungs[DUBAN_ORDER_RED].overdue_working_days, ==, 2);
  g_assert_cmpint (p.rungs[DUBAN_ORDER_RED].unsatisfied, ==, 2);
  g_assert_cmpint (p.rungs[DUBAN_ORDER_RED].repeats, ==, 5);

  g_assert_cmpfloat (p.rungs[DUBAN_ORDER_BULLETIN].overdue_hours, ==, 72);
  g_assert_cmpfloat (p.rungs[DUBAN_ORDER_BULLETIN].overdue_working_days, ==, 5);
  g_assert_cmpint (p.rungs[DUBAN_ORDER_BULLETIN].unsatisfied, ==, 0);
  g_assert_cmpint (p.rungs[DUBAN_ORDER_BULLETIN].repeats, ==, 0);

  g_assert_true (p.climb_on_late_reply);
}

static void
test_time_overdue (void)
{
  static const struct {
    DubanDurationUnit unit;
    double            overdue_by;
    int               level;
  } cases[] = {
    { DUBAN_DURATION_WORKING_DAYS, 0.1, DUBAN_ORDER_YELLOW },
    { DUBAN_DURATION_WORKING_DAYS, 1.9, DUBAN_ORDER_YELLOW },
    { DUBAN_DURATION_WORKING_DAYS, 2.0, DUBAN_ORDER_RED },      /* at least: the limit itself counts */
    { DUBAN_DURATION_WORKING_DAYS, 4.9, DUBAN_ORDER_RED },
    { DUBAN_DURATION_WORKING_DAYS, 5.0, DUBAN_ORDER_BULLETIN },
    { DUBAN_DURATION_HOURS, 1.0, DUBAN_ORDER_YELLOW },
    /* 2.5 is "red" in working days, but an urgent ticket is late in hours */
    { DUBAN_DURATION_HOURS, 2.5, DUBAN_ORDER_YELLOW },
    { DUBAN_DURATION_HOURS, 24.0, DUBAN_ORDER_RED },
    { DUBAN_DURATION_HOURS, 71.0, DUBAN_ORDER_RED },
    { DUBAN_DURATION_HOURS, 72.0, DUBAN_ORDER_BULLETIN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Case c;
      DubanLadderWhy why;

      case_init (&c, DUBAN_STATE_OPEN_OVERDUE, cases[i].unit, cases[i].overdue_by);
      g_assert_cmpint (propose (&c, &why), ==, cases[i].level);
      g_assert_cmpint (why, ==, DUBAN_LADDER_WHY_OVERDUE);
      case_clear (&c);
    }
}

/* through the SLA engine: a normal ticket two and a half working days
 * late is red; the same ticket urgent is late in hours */
static void
test_time_in_own_units (void)
{
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  DubanSlaPolicy sla;
  Case c;

  duban_sla_policy_init_defaults (&sla);
  case_init (&c, DUBAN_STATE_OPEN_OK, DUBAN_DURATION_WORKING_DAYS, NAN);
  c.ticket.status = DUBAN_STATUS_IN_PROGRESS;
  /* dispatched Monday 2026-10-12 09:00, due Wednesday 09:00; Friday 14:00 is 2.5 working days late */
  c.ticket.received_at = c.ticket.dispatched_at = t ("2026-10-12T09:00:00+08:00");
  c.ticket.first_contact_at = t ("2026-10-12T10:00:00+08:00");
  c.ticket.resolved_at = c.ticket.closed_at = c.ticket.visited_at = DUBAN_TIME_NONE;
  c.ticket.updated_at = c.ticket.first_contact_at;
  duban_sla_evaluate (&sla, calendar, &c.ticket, t ("2026-10-16T13:00:00+08:00"), &c.status);
  g_assert_cmpint (c.status.state, ==, DUBAN_STATE_OPEN_OVERDUE);
  g_assert_cmpint (duban_ladder_rung_for (&c.policy, &c.facts, NULL), ==, DUBAN_ORDER_RED);

  c.ticket.urgency = DUBAN_URGENCY_URGENT;
  duban_sla_evaluate (&sla, calendar, &c.ticket, t ("2026-10-13T20:00:00+08:00"), &c.status);
  g_assert_cmpint (c.status.unit, ==, DUBAN_DURATION_HOURS);
  g_assert_cmpfloat (c.status.overdue_by, <, 24);
  g_assert_cmpint (duban_ladder_rung_for (&c.policy, &c.facts, NULL), ==, DUBAN_ORDER_YELLOW);
  case_clear (&c);
}

static void
test_warning (void)
{
  Case c;
  DubanLadderWhy why;

  case_init (&c, DUBAN_STATE_OPEN_WARNING, DUBAN_DURATION_WORKING_DAYS, NAN);
  g_assert_cmpint (propose (&c, &why), ==, DUBAN_ORDER_NOTICE);
  g_assert_cmpint (why, ==, DUBAN_LADDER_WHY_WARNING);
  case_clear (&c);

  /* 未联系 with time left to finish */
  case_init (&c, DUBAN_STATE_OPEN_OK, DUBAN_DURATION_HOURS, NAN);
  g_assert_cmpint (propose (&c, NULL), ==, -1);
  c.status.contact_overdue = TRUE;
  g_assert_cmpint (propose (&c, &why), ==, DUBAN_ORDER_NOTICE);
  g_assert_cmpint (why, ==, DUBAN_LADDER_WHY_WARNING);

  /* turned off */
  c.policy.rungs[DUBAN_ORDER_NOTICE].warning = FALSE;
  g_assert_cmpint (propose (&c, NULL), ==, -1);
  case_clear (&c);
}

static void
test_extensions (void)
{
  Case c;
  DubanLadderWhy why;

  case_init (&c, DUBAN_STATE_OPEN_OK, DUBAN_DURATION_WORKING_DAYS, NAN);
  g_assert_cmpint (propose (&c, NULL), ==, -1);
  c.ticket.extension = &c.extension;
  g_assert_cmpint (propose (&c, &why), ==, DUBAN_ORDER_NOTICE);
  g_assert_cmpint (why, ==, DUBAN_LADDER_WHY_EXTENSIONS);

  /* the contract carries one extension: a rung asking for two never holds */
  c.policy.rungs[DUBAN_ORDER_NOTICE].extensions = 2;
  g_assert_cmpint (propose (&c, NULL), ==, -1);
  c.policy.rungs[DUBAN_ORDER_RED].extensions = 1;
  g_assert_cmpint (propose (&c, NULL), ==, DUBAN_ORDER_RED);
  c.ticket.extension = NULL;
  case_clear (&c);
}

static void
test_unsatisfied (void)
{
  Case c;
  DubanLadderWhy why;

  case_init (&c, DUBAN_STATE_OPEN_OK, DUBAN_DURATION_WORKING_DAYS, NAN);
  c.facts.matter_unsatisfied = 1;
  g_assert_cmpint (propose (&c, &why), ==, DUBAN_ORDER_YELLOW);
  g_assert_cmpint (why, ==, DUBAN_LADDER_WHY_UNSATISFIED);
  c.facts.matter_unsatisfied = 2;
  g_assert_cmpint (propose (&c, &why), ==, DUBAN_ORDER_RED);
  g_assert_cmpint (why, ==, DUBAN_LADDER_WHY_UNSATISFIED);
  c.facts.matter_unsatisfied = 9;
  g_assert_cmpint (propose (&c, NULL), ==, DUBAN_ORDER_RED);   /* 通报 has no such condition by default */
  case_clear (&c);
}

static void
test_repeats (void)
{
  static const struct { guint tickets; int level; } cases[] = {
    { 1, -1 }, { 2, DUBAN_ORDER_NOTICE }, { 3, DUBAN_ORDER_YELLOW }, { 4, DUBAN_ORDER_YELLOW },
    { 5, DUBAN_ORDER_RED }, { 40, DUBAN_ORDER_RED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Case c;
      DubanLadderWhy why;

      case_init (&c, DUBAN_STATE_OPEN_OK, DUBAN_DURATION_WORKING_DAYS, NAN);
      c.facts.matter_tickets = cases[i].tickets;
      g_assert_cmpint (propose (&c, &why), ==, cases[i].level);
      if (cases[i].level >= 0)
        g_assert_cmpint (why, ==, DUBAN_LADDER_WHY_REPEATS);
      case_clear (&c);
    }
}

/* the strongest rung that holds wins, and says every condition of it */
static void
test_strongest (void)
{
  Case c;
  DubanLadderWhy why;

  case_init (&c, DUBAN_STATE_OPEN_OVERDUE, DUBAN_DURATION_WORKING_DAYS, 2.5);
  c.facts.matter_unsatisfied = 2;
  c.facts.matter_tickets = 3;   /* yellow's, below the red that holds */
  g_assert_cmpint (propose (&c, &why), ==, DUBAN_ORDER_RED);
  g_assert_cmpint (why, ==, DUBAN_LADDER_WHY_OVERDUE | DUBAN_LADDER_WHY_UNSATISFIED);
  case_clear (&c);
}

static void
test_late_reply_climbs (void)
{
  Case c;
  DubanLadderWhy why;

  /* a 提醒 whose reply is a day late, on a ticket with time left */
  case_init (&c, DUBAN_STATE_OPEN_OK, DUBAN_DURATION_WORKING_DAYS, NAN);
  add_order (&c, DUBAN_ORDER_NOTICE, "2026-10-13T09:00:00+08:00", "2026-10-14T10:00:00+08:00", NULL);
  g_assert_cmpint (propose (&c, &why), ==, DUBAN_ORDER_YELLOW);
  g_assert_cmpint (why, ==, DUBAN_LADDER_WHY_LATE_REPLY);

  /* a late answer stays late */
  ((DubanSupervision *) g_ptr_array_index (c.orders, 0))->replied_at = t ("2026-10-14T16:00:00+08:00");
  g_assert_cmpint (propose (&c, NULL), ==, DUBAN_ORDER_YELLOW);

  /* an answer in time: nothing to do */
  ((DubanSupervision *) g_ptr_array_index (c.orders, 0))->replied_at = t ("2026-10-14T09:00:00+08:00");
  g_assert_cmpint (propose (&c, NULL), ==, -1);

  /* an answer not yet come at a moment before its deadline */
  ((DubanSupervision *) g_ptr_array_index (c.orders, 0))->replied_at = DUBAN_TIME_NONE;
  ((DubanSupervision *) g_ptr_array_index (c.orders, 0))->respond_by = t ("2026-10-16T17:00:00+08:00");
  g_assert_cmpint (propose (&c, NULL), ==, -1);

  /* turned off */
  ((DubanSupervision *) g_ptr_array_index (c.orders, 0))->respond_by = t ("2026-10-14T10:00:00+08:00");
  c.policy.climb_on_late_reply = FALSE;
  g_assert_cmpint (propose (&c, NULL), ==, -1);
  case_clear (&c);

  /* one above the late order, even when the conditions say less */
  case_init (&c, DUBAN_STATE_OPEN_OVERDUE, DUBAN_DURATION_WORKING_DAYS, 0.5);
  add_order (&c, DUBAN_ORDER_RED, "2026-10-13T09:00:00+08:00", "2026-10-14T10:00:00+08:00", NULL);
  g_assert_cmpint (propose (&c, &why), ==, DUBAN_ORDER_BULLETIN);
  g_assert_cmpint (why, ==, DUBAN_LADDER_WHY_LATE_REPLY);

  /* nothing above 通报 */
  ((DubanSupervision *) g_ptr_array_index (c.orders, 0))->level = DUBAN_ORDER_BULLETIN;
  g_assert_cmpint (propose (&c, NULL), ==, -1);
  case_clear (&c);

  /* a done ticket is not pressed, whatever its orders */
  case_init (&c, DUBAN_STATE_DONE_LATE, DUBAN_DURATION_WORKING_DAYS, 3);
  add_order (&c, DUBAN_ORDER_NOTICE, "2026-10-13T09:00:00+08:00", "2026-10-14T10:00:00+08:00", NULL);
  g_assert_cmpint (propose (&c, NULL), ==, -1);
  case_clear (&c);
}

/* a unit already pressed at a rung is not pressed there again */
static void
test_not_twice (void)
{
  Case c;

  case_init (&c, DUBAN_STATE_OPEN_OVERDUE, DUBAN_DURATION_WORKING_DAYS, 0.5);
  g_assert_cmpint (propose (&c, NULL), ==, DUBAN_ORDER_YELLOW);
  add_order (&c, DUBAN_ORDER_YELLOW, "2026-10-14T09:00:00+08:00", "2026-10-16T17:00:00+08:00", NULL);
  g_assert_cmpint (propose (&c, NULL), ==, -1);

  /* … nor below it */
  g_ptr_array_set_size (c.orders, 0);
  add_order (&c, DUBAN_ORDER_RED, "2026-10-14T09:00:00+08:00", "2026-10-16T17:00:00+08:00", NULL);
  g_assert_cmpint (propose (&c, NULL), ==, -1);

  /* but the next rung is proposed when the ticket earns it */
  c.status.overdue_by = 5.5;
  g_assert_cmpint (propose (&c, NULL), ==, DUBAN_ORDER_BULLETIN);

  /* an order issued after the moment asked about is not yet known */
  c.status.overdue_by = 0.5;
  g_ptr_array_set_size (c.orders, 0);
  add_order (&c, DUBAN_ORDER_YELLOW, "2026-10-15T11:00:00+08:00", NULL, NULL);
  g_assert_cmpint (propose (&c, NULL), ==, DUBAN_ORDER_YELLOW);
  case_clear (&c);
}

static void
test_reason (void)
{
  DubanLadderProposal proposal;
  Case c;

  /* the example: 超期 2.5 个工作日，已黄牌 1 次，未回复 */
  case_init (&c, DUBAN_STATE_OPEN_OVERDUE, DUBAN_DURATION_WORKING_DAYS, 2.5);
  add_order (&c, DUBAN_ORDER_YELLOW, "2026-10-14T09:00:00+08:00", "2026-10-16T17:00:00+08:00", NULL);
  duban_ladder_propose (&c.policy, &c.facts, t (NOW), &proposal);
  g_assert_true (proposal.proposed);
  g_assert_cmpint (proposal.level, ==, DUBAN_ORDER_RED);
  g_assert_cmpint (proposal.highest, ==, DUBAN_ORDER_YELLOW);
  g_assert_cmpuint (proposal.issued[DUBAN_ORDER_YELLOW], ==, 1);
  g_assert_cmpint (proposal.reply, ==, DUBAN_REPLY_DUE);
  g_assert_cmpstr (proposal.reason, ==, "Overdue by 2.5 working days, Yellow card given 1 time, Not replied");
  duban_ladder_proposal_clear (&proposal);
  case_clear (&c);

  case_init (&c, DUBAN_STATE_OPEN_OK, DUBAN_DURATION_WORKING_DAYS, NAN);
  c.facts.matter_tickets = 3;
  c.facts.matter_unsatisfied = 1;
  duban_ladder_propose (&c.policy, &c.facts, t (NOW), &proposal);
  g_assert_cmpstr (proposal.reason, ==,
                   "the matter rated unsatisfied 1 time, 3 complaints on the same matter");
  duban_ladder_proposal_clear (&proposal);
  case_clear (&c);
}

static void
test_reply_state (void)
{
  Case c;

  case_init (&c, DUBAN_STATE_OPEN_OK, DUBAN_DURATION_WORKING_DAYS, NAN);
  g_assert_cmpint (duban_ladder_reply_state (NULL, t (NOW)), ==, DUBAN_REPLY_NONE);
  g_assert_cmpint (duban_ladder_reply_state (c.orders, t (NOW)), ==, DUBAN_REPLY_NONE);
  add_order (&c, DUBAN_ORDER_NOTICE, "2026-10-13T09:00:00+08:00", "2026-10-16T17:00:00+08:00", NULL);
  g_assert_cmpint (duban_ladder_reply_state (c.orders, t (NOW)), ==, DUBAN_REPLY_DUE);
  ((DubanSupervision *) g_ptr_array_index (c.orders, 0))->replied_at = t ("2026-10-14T09:00:00+08:00");
  g_assert_cmpint (duban_ladder_reply_state (c.orders, t (NOW)), ==, DUBAN_REPLY_REPLIED);
  /* a reply after the moment is not yet known */
  g_assert_cmpint (duban_ladder_reply_state (c.orders, t ("2026-10-13T12:00:00+08:00")), ==, DUBAN_REPLY_DUE);
  g_assert_cmpint (duban_ladder_reply_state (c.orders, t ("2026-10-13T08:00:00+08:00")), ==, DUBAN_REPLY_NONE);
  /* an earlier order left unanswered past its deadline makes it overdue */
  add_order (&c, DUBAN_ORDER_NOTICE, "2026-10-10T09:00:00+08:00", "2026-10-12T17:00:00+08:00", NULL);
  g_assert_cmpint (duban_ladder_reply_state (c.orders, t (NOW)), ==, DUBAN_REPLY_OVERDUE);
  case_clear (&c);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ladder/defaults", test_defaults);
  g_test_add_func ("/ladder/time-overdue", test_time_overdue);
  g_test_add_func ("/ladder/time-in-own-units", test_time_in_own_units);
  g_test_add_func ("/ladder/warning", test_warning);
  g_test_add_func ("/ladder/extensions", test_extensions);
  g_test_add_func ("/ladder/unsatisfied", test_unsatisfied);
  g_test_add_func ("/ladder/repeats", test_repeats);
  g_test_add_func ("/ladder/strongest", test_strongest);
  g_test_add_func ("/ladder/late-reply-climbs", test_late_reply_climbs);
  g_test_add_func ("/ladder/not-twice", test_not_twice);
  g_test_add_func ("/ladder/reason", test_reason);
  g_test_add_func ("/ladder/reply-state", test_reply_state);

  return g_test_run ();
}
