/* duban-figures-span.h — which tickets can count in a period's figures
 *
 * A period's figures (docs/sla-rules.md, "The evaluation figures") read
 * a ticket when one of its moments falls in the period: received,
 * resolved, visited, the contact deadline, the completion deadline or an
 * extension's promised time. Deadlines are derived from the clock start
 * with the calendar and the policy, and adding working time never goes
 * backwards, so the tickets whose deadline can fall in [from, to) are
 * those whose clock start falls in a span worked out here, from the
 * calendar and the policy of the moment. A store then reads those
 * tickets by its indexes instead of every ticket it ever received, and
 * no stored deadline can go stale when the calendar or the policy
 * changes: nothing derived is stored.
 *
 * The span is a superset: the figures still judge each ticket it lets
 * through by the rules (duban_figures_compute_evaluated), so reading more
 * changes nothing and reading less is what the tests look for.
 */
#pragma once

#include "duban-calendar.h"
#include "duban-sla.h"
#include "duban-ticket.h"

G_BEGIN_DECLS

typedef struct {
  /* received_at, resolved_at, visited_at or an extension's promised_at
   * in [from, to) */
  DubanTime from;
  DubanTime to;
  /* urgent tickets whose clock starts in [urgent_first, urgent_end):
   * their contact or completion deadline can fall in [from, to) */
  DubanTime urgent_first;
  DubanTime urgent_end;
  /* normal tickets whose clock starts in [normal_first, normal_last] */
  DubanTime normal_first;
  DubanTime normal_last;
} DubanFiguresSpan;

/* The tickets that can count in the figures of [@from, @to) under
 * @policy and @calendar. */
void     duban_figures_span_init     (DubanFiguresSpan       *span,
                                      const DubanSlaPolicy   *policy,
                                      DubanCalendar          *calendar,
                                      DubanTime               from,
                                      DubanTime               to);
/* The same test the store's query makes, on one ticket. */
gboolean duban_figures_span_contains (const DubanFiguresSpan *span,
                                      const DubanTicket      *ticket);

G_END_DECLS
