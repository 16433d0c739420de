/* duban-figures-span.c — which tickets can count in a period's figures
 *
 * See duban-figures-span.h. The store's query (duban_store_load_tickets_scoped)
 * and duban_figures_span_contains() make the same test; the tests check
 * that a span's figures equal those of every ticket.
 */

#define G_LOG_DOMAIN "duban-figures-span"

#include "config.h"

#include "duban-figures-span.h"

void
duban_figures_span_init (DubanFiguresSpan     *span,
                         const DubanSlaPolicy *policy,
                         DubanCalendar        *calendar,
                         DubanTime             from,
                         DubanTime             to)
{
  gint64 shortest, longest;
  DubanTime unused;

  g_return_if_fail (span != NULL);
  g_return_if_fail (policy != NULL);
  g_return_if_fail (DUBAN_IS_CALENDAR (calendar));
  g_return_if_fail (from != DUBAN_TIME_NONE && to != DUBAN_TIME_NONE);

  span->from = from;
  span->to = to;

  /* Urgent deadlines are the clock start plus plain hours: a contact
   * deadline (start + contact) or a completion deadline (start +
   * completion) in [from, to) starts between the two shifts. */
  shortest = MIN (policy->urgent_contact_usec, policy->urgent_completion_usec);
  longest = MAX (policy->urgent_contact_usec, policy->urgent_completion_usec);
  span->urgent_first = from - longest;
  span->urgent_end = to - shortest;

  /* A normal deadline is the clock start plus working time: it falls at
   * or after @from only for a start with at most that much working time
   * before @from, and before @to only for a start with at least that much
   * before @to. */
  duban_calendar_working_time_before (calendar, from, policy->normal_completion_usec,
                                      &unused, &span->normal_first);
  duban_calendar_working_time_before (calendar, to, policy->normal_completion_usec,
                                      &span->normal_last, &unused);
}

static inline gboolean
in_span (DubanTime time,
         DubanTime from,
         DubanTime to)
{
  return time != DUBAN_TIME_NONE && time >= from && time < to;
}

gboolean
duban_figures_span_contains (const DubanFiguresSpan *span,
                             const DubanTicket      *ticket)
{
  DubanTime start;

  g_return_val_if_fail (span != NULL, FALSE);
  g_return_val_if_fail (ticket != NULL, FALSE);

  if (in_span (ticket->received_at, span->from, span->to) ||
      in_span (ticket->resolved_at, span->from, span->to) ||
      in_span (ticket->visited_at, span->from, span->to) ||
      (ticket->extension != NULL && in_span (ticket->extension->promised_at, span->from, span->to)))
    return TRUE;

  start = duban_sla_clock_start (ticket);
  if (ticket->urgency == DUBAN_URGENCY_URGENT)
    return in_span (start, span->urgent_first, span->urgent_end);

  return start != DUBAN_TIME_NONE && start >= span->normal_first && start <= span->normal_last;
}
