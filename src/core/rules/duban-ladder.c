/* duban-ladder.c — the escalation ladder (提醒 → 黄牌 → 红牌 → 通报)
 *
 * The one place that says which order a ticket has earned: the queue's
 * proposals, the unit page and duban-ctl all call it, so two desks of one
 * center propose the same step for the same ticket. What was already
 * issued comes from every workstation (the platform's `supervisions`), so
 * a second supervisor is not proposed to press a unit again for what a
 * first one already pressed it for. docs/sla-rules.md, "The escalation
 * ladder".
 */
#define G_LOG_DOMAIN "duban-ladder"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "duban-ladder.h"

/* Static, so that its padding is zero and two policies compare equal
 * byte for byte. */
static const DubanLadderPolicy defaults = {
  .rungs = {
    /* 提醒: the clock nearly run out or the first contact missed, an
     * extension asked for, a matter complained about again */
    [DUBAN_ORDER_NOTICE] = { .warning = TRUE, .overdue_hours = -1, .overdue_working_days = -1,
                             .extensions = 1, .unsatisfied = 0, .repeats = 2 },
    /* 黄牌: late at all, the matter rated unsatisfied, a third complaint */
    [DUBAN_ORDER_YELLOW] = { .warning = FALSE, .overdue_hours = 0, .overdue_working_days = 0,
                             .extensions = 0, .unsatisfied = 1, .repeats = 3 },
    /* 红牌: a day late (urgent) or two working days, unsatisfied twice, a fifth complaint */
    [DUBAN_ORDER_RED] = { .warning = FALSE, .overdue_hours = 24, .overdue_working_days = 2,
                          .extensions = 0, .unsatisfied = 2, .repeats = 5 },
    /* 通报: three days late (urgent) or a working week */
    [DUBAN_ORDER_BULLETIN] = { .warning = FALSE, .overdue_hours = 72, .overdue_working_days = 5,
                               .extensions = 0, .unsatisfied = 0, .repeats = 0 },
  },
  .climb_on_late_reply = TRUE,
};

void
duban_ladder_policy_init_defaults (DubanLadderPolicy *policy)
{
  g_return_if_fail (policy != NULL);

  memcpy (policy, &defaults, sizeof *policy);
}

void
duban_ladder_proposal_clear (DubanLadderProposal *proposal)
{
  if (proposal == NULL)
    return;

  g_clear_pointer (&proposal->reason, g_free);
  memset (proposal, 0, sizeof *proposal);
}

static guint
count_extensions (const DubanTicket *ticket)
{
  /* the contract carries one extension per ticket (docs/feed-api.md) */
  return ticket->extension != NULL ? 1 : 0;
}

static DubanLadderWhy
rung_holds (const DubanLadderRung  *rung,
            const DubanLadderFacts *facts)
{
  const DubanSlaStatus *status = facts->status;
  DubanLadderWhy why = 0;

  if (rung->warning &&
      (status->state == DUBAN_STATE_OPEN_WARNING || status->contact_overdue))
    why |= DUBAN_LADDER_WHY_WARNING;

  if (status->state == DUBAN_STATE_OPEN_OVERDUE && isfinite (status->overdue_by))
    {
      double limit = status->unit == DUBAN_DURATION_HOURS ? rung->overdue_hours : rung->overdue_working_days;

      /* 0 means late at all: the state already says overdue_by > 0 */
      if (limit >= 0 && status->overdue_by >= limit)
        why |= DUBAN_LADDER_WHY_OVERDUE;
    }

  if (rung->extensions > 0 && count_extensions (facts->ticket) >= (guint) rung->extensions)
    why |= DUBAN_LADDER_WHY_EXTENSIONS;
  if (rung->unsatisfied > 0 && facts->matter_unsatisfied >= (guint) rung->unsatisfied)
    why |= DUBAN_LADDER_WHY_UNSATISFIED;
  if (rung->repeats > 0 && facts->matter_tickets >= (guint) rung->repeats)
    why |= DUBAN_LADDER_WHY_REPEATS;

  return why;
}

int
duban_ladder_rung_for (const DubanLadderPolicy *policy,
                       const DubanLadderFacts  *facts,
                       DubanLadderWhy          *why)
{
  g_return_val_if_fail (policy != NULL, -1);
  g_return_val_if_fail (facts != NULL && facts->ticket != NULL && facts->status != NULL, -1);

  if (why != NULL)
    *why = 0;
  if (!duban_state_is_open (facts->status->state))
    return -1;

  for (int level = DUBAN_ORDER_N_LEVELS - 1; level >= 0; level--)
    {
      DubanLadderWhy holds = rung_holds (&policy->rungs[level], facts);

      if (holds != 0)
        {
          if (why != NULL)
            *why = holds;
          return level;
        }
    }

  return -1;
}

DubanReplyState
duban_ladder_reply_state (GPtrArray *orders,
                          DubanTime  at)
{
  const DubanSupervision *latest = NULL;

  if (orders == NULL)
    return DUBAN_REPLY_NONE;

  for (guint i = 0; i < orders->len; i++)
    {
      const DubanSupervision *s = g_ptr_array_index (orders, i);

      if (s->issued_at > at)
        continue;
      /* one late reply is enough: the unit was pressed and let it pass */
      if (duban_supervision_reply_overdue (s, at))
        return DUBAN_REPLY_OVERDUE;
      if (latest == NULL || s->issued_at >= latest->issued_at)
        latest = s;
    }

  if (latest == NULL)
    return DUBAN_REPLY_NONE;
  return duban_supervision_replied (latest, at) ? DUBAN_REPLY_REPLIED : DUBAN_REPLY_DUE;
}

const char *
duban_reply_state_to_display (DubanReplyState state)
{
  switch (state)
    {
    case DUBAN_REPLY_NONE:    return "";
    case DUBAN_REPLY_DUE:     return C_("order reply", "Not replied");
    case DUBAN_REPLY_REPLIED: return C_("order reply", "Replied");
    case DUBAN_REPLY_OVERDUE: return C_("order reply", "Reply overdue");
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
append_part (GString    *reason,
             const char *part)
{
  if (part == NULL || part[0] == '\0')
    return;
  if (reason->len > 0)
    /* TRANSLATORS: between the parts of a ladder's reason */
    g_string_append (reason, C_("ladder reason", ", "));
  g_string_append (reason, part);
}

static char *
describe (const DubanLadderFacts    *facts,
          const DubanLadderProposal *proposal)
{
  GString *reason = g_string_new (NULL);
  DubanLadderWhy why = proposal->why;

  if (why & DUBAN_LADDER_WHY_OVERDUE)
    {
      g_autofree char *clock = duban_sla_describe_clock (facts->status);

      append_part (reason, clock);
    }
  if (why & DUBAN_LADDER_WHY_WARNING)
    {
      if (facts->status->contact_overdue)
        append_part (reason, C_("ladder reason", "first contact overdue"));
      else
        {
          g_autofree char *clock = duban_sla_describe_clock (facts->status);
          g_autofree char *part = g_strdup_printf (C_("ladder reason", "warning, %s"), clock);

          append_part (reason, part);
        }
    }
  if (why & DUBAN_LADDER_WHY_EXTENSIONS)
    {
      guint n = count_extensions (facts->ticket);
      g_autofree char *part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "extended %u time",
                                                            "extended %u times", n), n);

      append_part (reason, part);
    }
  if (why & DUBAN_LADDER_WHY_UNSATISFIED)
    {
      guint n = facts->matter_unsatisfied;
      g_autofree char *part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "the matter rated unsatisfied %u time",
                                                            "the matter rated unsatisfied %u times", n), n);

      append_part (reason, part);
    }
  if (why & DUBAN_LADDER_WHY_REPEATS)
    {
      guint n = facts->matter_tickets;
      g_autofree char *part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u complaint on the same matter",
                                                            "%u complaints on the same matter", n), n);

      append_part (reason, part);
    }

  /* what the unit was already given, the strongest first */
  for (int level = DUBAN_ORDER_N_LEVELS - 1; level >= 0; level--)
    if (proposal->issued[level] > 0)
      {
        guint n = proposal->issued[level];
        /* TRANSLATORS: "already given a 黄牌 once": %s is the order's level */
        g_autofree char *part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s given %u time",
                                                              "%s given %u times", n),
                                                 duban_order_level_to_display (level), n);

        append_part (reason, part);
      }
  append_part (reason, duban_reply_state_to_display (proposal->reply));

  return g_string_free (reason, FALSE);
}

void
duban_ladder_propose (const DubanLadderPolicy *policy,
                      const DubanLadderFacts  *facts,
                      DubanTime                at,
                      DubanLadderProposal     *out)
{
  DubanLadderWhy why = 0;
  int target, late_climb = -1;

  g_return_if_fail (policy != NULL);
  g_return_if_fail (facts != NULL && facts->ticket != NULL && facts->status != NULL);
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);

  if (facts->orders != NULL)
    for (guint i = 0; i < facts->orders->len; i++)
      {
        const DubanSupervision *s = g_ptr_array_index (facts->orders, i);

        if (s->issued_at > at)
          continue;
        out->issued[s->level]++;
        if (!out->has_orders || s->level > out->highest)
          out->highest = s->level;
        out->has_orders = TRUE;
        if (policy->climb_on_late_reply && duban_supervision_reply_overdue (s, at))
          late_climb = MAX (late_climb, MIN ((int) s->level + 1, DUBAN_ORDER_BULLETIN));
      }
  out->reply = duban_ladder_reply_state (facts->orders, at);

  target = duban_ladder_rung_for (policy, facts, &why);
  /* the climb applies to open tickets only, like every rung */
  if (!duban_state_is_open (facts->status->state))
    late_climb = -1;
  if (late_climb > target)
    {
      target = late_climb;
      why = DUBAN_LADDER_WHY_LATE_REPLY;
    }
  else if (late_climb == target && target >= 0)
    why |= DUBAN_LADDER_WHY_LATE_REPLY;

  if (target < 0 || (out->has_orders && target <= (int) out->highest))
    return;

  out->proposed = TRUE;
  out->level = target;
  out->why = why;
  out->reason = describe (facts, out);
}
