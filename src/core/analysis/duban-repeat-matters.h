/* duban-repeat-matters.h — confirmed repeat groups as one matter, and 回潮
 *
 * Five complaints about one burst main are one matter badly handled, not
 * five problems: once a supervisor confirms a group (store/
 * duban-repeat-decisions.c), the hotspot view, the 每月一题 candidates
 * and the bulletin's 研判 section count it once. And a matter complained
 * about again after it was reported resolved is the worst sign of all —
 * the resolution did not hold (回潮). docs/sla-rules.md, "研判".
 */
#pragma once

#include <glib.h>

#include "duban-repeats.h"
#include "duban-repeat-decisions.h"
#include "duban-ticket.h"

G_BEGIN_DECLS

/* @tickets (DubanTicket*) with every ticket of a confirmed group in
 * @decisions (DubanRepeatDecision*, or NULL) left out but the group's
 * first received: a new array of the same, borrowed, pointers in the
 * same order. @n_merged (or NULL) gets how many were left out. */
GPtrArray         *duban_repeat_matters_collapse (GPtrArray          *tickets,
                                                  GPtrArray          *decisions,
                                                  guint              *n_merged);

/* Of a group's tickets, oldest first, the first received after an
 * earlier one of them had been reported resolved (resolved_at at or
 * before its received_at): the matter came back (回潮). NULL when none. */
const DubanTicket *duban_repeat_matters_resurgence (const DubanTicket * const *tickets,
                                                    guint                      n_tickets);

/* The same for a proposed group. */
const DubanTicket *duban_repeat_group_resurgence  (const DubanRepeatGroup    *group);

/* The key a proposed group is decided under (duban_repeat_decision_key()). */
char              *duban_repeat_group_key         (const DubanRepeatGroup    *group);

G_END_DECLS
