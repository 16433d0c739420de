/* duban-sla.c — deadlines and states, exactly as docs/sla-rules.md says
 *
 * Every comparison that decides a state is made on integer microseconds;
 * doubles only carry the figures shown to people, so that "at or before
 * the deadline" and "25% or less left" are exact.
 */

#define G_LOG_DOMAIN "duban-sla"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "duban-sla.h"

void
duban_sla_policy_init_defaults (DubanSlaPolicy *policy)
{
  g_return_if_fail (policy != NULL);

  policy->urgent_contact_usec = DUBAN_USEC_PER_HOUR;
  policy->urgent_completion_usec = 24 * DUBAN_USEC_PER_HOUR;
  policy->normal_completion_usec = 2 * DUBAN_USEC_PER_DAY;
  policy->warning_fraction = 0.25;
  policy->weight_contact = 30;
  policy->weight_completion = 35;
  policy->weight_satisfaction = 35;
  policy->ranking_min_due = DUBAN_SLA_DEFAULT_RANKING_MIN_DUE;
}

DubanTime
duban_sla_deadline_for (const DubanSlaPolicy *policy,
                        DubanCalendar        *calendar,
                        DubanUrgency          urgency,
                        DubanTime             start)
{
  g_return_val_if_fail (policy != NULL, DUBAN_TIME_NONE);
  g_return_val_if_fail (DUBAN_IS_CALENDAR (calendar), DUBAN_TIME_NONE);
  g_return_val_if_fail (start != DUBAN_TIME_NONE, DUBAN_TIME_NONE);

  if (urgency == DUBAN_URGENCY_URGENT)
    return start + policy->urgent_completion_usec;

  return duban_calendar_add_working_time (calendar, start, policy->normal_completion_usec);
}

DubanTime
duban_sla_contact_deadline_for (const DubanSlaPolicy *policy,
                                DubanUrgency          urgency,
                                DubanTime             start)
{
  g_return_val_if_fail (policy != NULL, DUBAN_TIME_NONE);
  g_return_val_if_fail (start != DUBAN_TIME_NONE, DUBAN_TIME_NONE);

  if (urgency != DUBAN_URGENCY_URGENT)
    return DUBAN_TIME_NONE;

  return start + policy->urgent_contact_usec;
}

DubanTime
duban_sla_clock_start (const DubanTicket *ticket)
{
  g_return_val_if_fail (ticket != NULL, DUBAN_TIME_NONE);

  if (ticket->dispatched_at != DUBAN_TIME_NONE)
    return ticket->dispatched_at;

  return ticket->received_at;
}

/* Trimmed of any white space, including the full-width space (U+3000)
 * that a Chinese input method types. */
static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2 || !g_unichar_isspace (c))
        return FALSE;
    }

  return TRUE;
}

static DubanExtensionVerdict
judge_extension (const DubanExtension *extension,
                 DubanTime             original_deadline,
                 DubanTime             at)
{
  if (extension == NULL)
    return DUBAN_EXTENSION_NONE;

  /* Without a filing time nobody can show it was filed in time. */
  if (extension->filed_at == DUBAN_TIME_NONE)
    return DUBAN_EXTENSION_INCOMPLETE;

  if (extension->filed_at > at)
    return DUBAN_EXTENSION_NONE;

  if (extension->filed_at > original_deadline)
    return DUBAN_EXTENSION_FILED_LATE;

  if (is_blank (extension->reason) ||
      is_blank (extension->measures) ||
      extension->promised_at == DUBAN_TIME_NONE)
    return DUBAN_EXTENSION_INCOMPLETE;

  if (extension->approved == 0)
    return DUBAN_EXTENSION_REJECTED;

  return DUBAN_EXTENSION_COUNTED;
}

/* The span in the ticket's own time: calendar time for urgent tickets,
 * working time for normal ones. */
static gint64
span_usec (DubanCalendar     *calendar,
           DubanDurationUnit  unit,
           DubanTime          from,
           DubanTime          to)
{
  g_assert (DUBAN_IS_CALENDAR (calendar));

  if (unit == DUBAN_DURATION_HOURS)
    return to - from;

  return duban_calendar_working_time_between (calendar, from, to);
}

static double
usec_in_unit (DubanDurationUnit unit,
              gint64            usec)
{
  if (unit == DUBAN_DURATION_HOURS)
    return (double) usec / (double) DUBAN_USEC_PER_HOUR;

  return (double) usec / (double) DUBAN_USEC_PER_DAY;
}

void
duban_sla_evaluate (const DubanSlaPolicy *policy,
                    DubanCalendar        *calendar,
                    const DubanTicket    *ticket,
                    DubanTime             at,
                    DubanSlaStatus       *out)
{
  gint64 allowed_usec;

  g_return_if_fail (policy != NULL);
  g_return_if_fail (DUBAN_IS_CALENDAR (calendar));
  g_return_if_fail (ticket != NULL);
  g_return_if_fail (ticket->received_at != DUBAN_TIME_NONE);
  g_return_if_fail (at != DUBAN_TIME_NONE);
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);

  out->start = duban_sla_clock_start (ticket);
  out->unit = ticket->urgency == DUBAN_URGENCY_URGENT ? DUBAN_DURATION_HOURS
                                                      : DUBAN_DURATION_WORKING_DAYS;
  out->contact_deadline = duban_sla_contact_deadline_for (policy, ticket->urgency, out->start);
  out->original_deadline = duban_sla_deadline_for (policy, calendar, ticket->urgency, out->start);
  out->extension = judge_extension (ticket->extension, out->original_deadline, at);
  out->deadline = out->extension == DUBAN_EXTENSION_COUNTED ? ticket->extension->promised_at
                                                            : out->original_deadline;

  allowed_usec = span_usec (calendar, out->unit, out->start, out->deadline);
  out->allowed = usec_in_unit (out->unit, allowed_usec);
  out->remaining = NAN;
  out->overdue_by = NAN;
  out->lateness_seconds = 0;

  if (ticket->status == DUBAN_STATUS_CANCELLED)
    {
      out->state = DUBAN_STATE_CANCELLED;
      return;
    }

  if (ticket->received_at > at)
    {
      out->state = DUBAN_STATE_NOT_YET;
      return;
    }

  /* A returned ticket is being redone: its old resolved_at says nothing. */
  out->resolved = (ticket->status == DUBAN_STATUS_RESOLVED ||
                   ticket->status == DUBAN_STATUS_CLOSED) &&
                  ticket->resolved_at != DUBAN_TIME_NONE &&
                  ticket->resolved_at <= at;
  out->contacted = ticket->first_contact_at != DUBAN_TIME_NONE &&
                   ticket->first_contact_at <= at;

  /* Judged whatever the completion state: a ticket finished in time but
   * never called back within the hour still missed its contact deadline. */
  if (out->contact_deadline != DUBAN_TIME_NONE && at > out->contact_deadline)
    out->contact_overdue = !(out->contacted &&
                             ticket->first_contact_at <= out->contact_deadline);

  if (out->resolved)
    {
      if (ticket->resolved_at <= out->deadline)
        {
          out->state = DUBAN_STATE_DONE_ON_TIME;
        }
      else
        {
          gint64 late_usec = span_usec (calendar, out->unit, out->deadline, ticket->resolved_at);

          out->state = DUBAN_STATE_DONE_LATE;
          out->overdue_by = usec_in_unit (out->unit, late_usec);
          out->lateness_seconds = (double) late_usec / (double) DUBAN_USEC_PER_SECOND;
        }
    }
  else
    {
      /* Before the clock starts (received, dispatched later) all of the
       * allowed time is still left. */
      gint64 remaining_usec = span_usec (calendar, out->unit, MAX (at, out->start), out->deadline);

      out->remaining = usec_in_unit (out->unit, remaining_usec);

      if (at > out->deadline)
        {
          gint64 late_usec = span_usec (calendar, out->unit, out->deadline, at);

          out->state = DUBAN_STATE_OPEN_OVERDUE;
          out->overdue_by = usec_in_unit (out->unit, late_usec);
          out->lateness_seconds = (double) late_usec / (double) DUBAN_USEC_PER_SECOND;
        }
      else
        {
          /* Both sides in microseconds: exactly 25% left is a warning. */
          if ((double) remaining_usec <= policy->warning_fraction * (double) allowed_usec)
            out->state = DUBAN_STATE_OPEN_WARNING;
          else
            out->state = DUBAN_STATE_OPEN_OK;
          out->lateness_seconds = -(double) remaining_usec / (double) DUBAN_USEC_PER_SECOND;
        }
    }
}

const char *
duban_state_to_wire (DubanState state)
{
  switch (state)
    {
    case DUBAN_STATE_DONE_ON_TIME: return "done_on_time";
    case DUBAN_STATE_DONE_LATE:    return "done_late";
    case DUBAN_STATE_OPEN_OK:      return "open_ok";
    case DUBAN_STATE_OPEN_WARNING: return "open_warning";
    case DUBAN_STATE_OPEN_OVERDUE: return "open_overdue";
    case DUBAN_STATE_CANCELLED:    return "cancelled";
    case DUBAN_STATE_NOT_YET:      return "not_yet";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
duban_state_to_display (DubanState state)
{
  switch (state)
    {
    case DUBAN_STATE_DONE_ON_TIME: return C_("ticket state", "Done on time");
    case DUBAN_STATE_DONE_LATE:    return C_("ticket state", "Done late");
    case DUBAN_STATE_OPEN_OK:      return C_("ticket state", "In time");
    case DUBAN_STATE_OPEN_WARNING: return C_("ticket state", "Warning");
    case DUBAN_STATE_OPEN_OVERDUE: return C_("ticket state", "Overdue");
    case DUBAN_STATE_CANCELLED:    return C_("ticket state", "Cancelled");
    case DUBAN_STATE_NOT_YET:      return C_("ticket state", "Not yet received");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
duban_extension_verdict_to_display (DubanExtensionVerdict verdict)
{
  switch (verdict)
    {
    case DUBAN_EXTENSION_NONE:       return _("No extension");
    case DUBAN_EXTENSION_COUNTED:    return _("Extension counted");
    case DUBAN_EXTENSION_FILED_LATE: return _("Extension filed late");
    case DUBAN_EXTENSION_INCOMPLETE: return _("Extension incomplete");
    case DUBAN_EXTENSION_REJECTED:   return _("Extension rejected");
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
duban_duration_format (double            value,
                       DubanDurationUnit unit)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  double rounded;
  gsize len;

  g_return_val_if_fail (unit == DUBAN_DURATION_HOURS ||
                        unit == DUBAN_DURATION_WORKING_DAYS, NULL);

  if (isnan (value))
    return g_strdup ("—");

  rounded = round (value * 10) / 10;
  /* "-0" would read as a negative duration. */
  if (rounded == 0)
    rounded = 0;

  /* Not the locale's separator: these strings go into reports and CSV. */
  g_ascii_formatd (number, sizeof number, "%.1f", rounded);
  len = strlen (number);
  if (len >= 2 && strcmp (number + len - 2, ".0") == 0)
    number[len - 2] = '\0';

  if (unit == DUBAN_DURATION_HOURS)
    /* TRANSLATORS: a duration, e.g. "1.5 hours" */
    return g_strdup_printf (ngettext ("%s hour", "%s hours", rounded == 1 ? 1 : 2), number);

  /* TRANSLATORS: a duration in working days (工作日), e.g. "1.5 working days" */
  return g_strdup_printf (ngettext ("%s working day", "%s working days", rounded == 1 ? 1 : 2), number);
}

char *
duban_sla_describe_clock (const DubanSlaStatus *status)
{
  g_autofree char *amount = NULL;
  gboolean hours;

  g_return_val_if_fail (status != NULL, NULL);

  /* Separate strings per unit: Chinese says 超时 for hours, 超期 for days. */
  hours = status->unit == DUBAN_DURATION_HOURS;

  switch (status->state)
    {
    case DUBAN_STATE_OPEN_OVERDUE:
      amount = duban_duration_format (status->overdue_by, status->unit);
      return g_strdup_printf (hours ? C_("overdue in hours", "Overdue by %s")
                                    : C_("overdue in working days", "Overdue by %s"),
                              amount);

    case DUBAN_STATE_DONE_LATE:
      amount = duban_duration_format (status->overdue_by, status->unit);
      return g_strdup_printf (hours ? C_("late in hours", "Done %s late")
                                    : C_("late in working days", "Done %s late"),
                              amount);

    case DUBAN_STATE_OPEN_OK:
    case DUBAN_STATE_OPEN_WARNING:
      amount = duban_duration_format (status->remaining, status->unit);
      /* TRANSLATORS: time left before the deadline, e.g. "3.5 hours left" */
      return g_strdup_printf (_("%s left"), amount);

    case DUBAN_STATE_DONE_ON_TIME:
    case DUBAN_STATE_CANCELLED:
    case DUBAN_STATE_NOT_YET:
      return g_strdup (duban_state_to_display (status->state));

    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
duban_state_is_open (DubanState state)
{
  return state == DUBAN_STATE_OPEN_OVERDUE ||
         state == DUBAN_STATE_OPEN_WARNING ||
         state == DUBAN_STATE_OPEN_OK;
}

DubanGlance
duban_sla_glance (const DubanSlaStatus *status)
{
  g_return_val_if_fail (status != NULL, DUBAN_GLANCE_CANCELLED);

  switch (status->state)
    {
    case DUBAN_STATE_OPEN_OVERDUE: return DUBAN_GLANCE_OVERDUE;
    case DUBAN_STATE_OPEN_WARNING:
      return status->contact_overdue ? DUBAN_GLANCE_NOT_CONTACTED : DUBAN_GLANCE_WARNING;
    case DUBAN_STATE_OPEN_OK:
      return status->contact_overdue ? DUBAN_GLANCE_NOT_CONTACTED : DUBAN_GLANCE_OK;
    case DUBAN_STATE_DONE_LATE:    return DUBAN_GLANCE_DONE_LATE;
    case DUBAN_STATE_DONE_ON_TIME: return DUBAN_GLANCE_DONE_ON_TIME;
    case DUBAN_STATE_NOT_YET:      return DUBAN_GLANCE_NOT_YET;
    case DUBAN_STATE_CANCELLED:
    default:                       return DUBAN_GLANCE_CANCELLED;
    }
}

const char *
duban_glance_to_display (DubanGlance glance)
{
  switch (glance)
    {
    case DUBAN_GLANCE_OVERDUE:       return duban_state_to_display (DUBAN_STATE_OPEN_OVERDUE);
    case DUBAN_GLANCE_NOT_CONTACTED: return C_("ticket state", "Not contacted");
    case DUBAN_GLANCE_WARNING:       return duban_state_to_display (DUBAN_STATE_OPEN_WARNING);
    case DUBAN_GLANCE_OK:            return duban_state_to_display (DUBAN_STATE_OPEN_OK);
    case DUBAN_GLANCE_DONE_LATE:     return duban_state_to_display (DUBAN_STATE_DONE_LATE);
    case DUBAN_GLANCE_DONE_ON_TIME:  return duban_state_to_display (DUBAN_STATE_DONE_ON_TIME);
    case DUBAN_GLANCE_NOT_YET:       return duban_state_to_display (DUBAN_STATE_NOT_YET);
    case DUBAN_GLANCE_CANCELLED:     return duban_state_to_display (DUBAN_STATE_CANCELLED);
    default:
      g_return_val_if_reached (NULL);
    }
}

int
duban_sla_compare_attention (const DubanSlaStatus *a,
                             const char           *id_a,
                             const DubanSlaStatus *b,
                             const char           *id_b)
{
  int rank_a, rank_b;

  g_return_val_if_fail (a != NULL && b != NULL, 0);

  /* the glance is declared in the order of attention */
  rank_a = duban_sla_glance (a);
  rank_b = duban_sla_glance (b);
  if (rank_a != rank_b)
    return rank_a < rank_b ? -1 : 1;

  if (a->lateness_seconds != b->lateness_seconds)
    return a->lateness_seconds > b->lateness_seconds ? -1 : 1;

  return g_strcmp0 (id_a, id_b);
}
