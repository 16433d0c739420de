/* duban-late-risk.h — how likely an open ticket is to end late
 *
 * The order of attention puts first the tickets with the least time
 * left; it cannot see that one unit takes three times as long as another
 * over the same kind of ticket. This estimates, for each open ticket,
 * the probability that it will be resolved after its deadline, from how
 * long the same unit took over the same category and urgency before:
 * Kaplan–Meier with the still-open tickets censored, shrunk toward the
 * county's curve when the unit's history is thin, conditioned on the
 * time the ticket has already used. docs/sla-rules.md, "研判", says how.
 */
#pragma once

#include <glib.h>

#include "duban-calendar.h"
#include "duban-sla.h"
#include "duban-ticket.h"

G_BEGIN_DECLS

/* How many tickets' worth the county's curve weighs against a unit's. */
#define DUBAN_LATE_RISK_PRIOR_TICKETS 20.0

typedef struct {
  const DubanTicket *ticket;     /* borrowed */
  guint              index;      /* into the tickets given */
  DubanSlaStatus     status;     /* at the moment */
  double             p_late;     /* 0 … 1 */
  /* FALSE when no ticket of the county (same urgency) went unresolved as
   * long as this one has: nothing to estimate from. p_late is then the
   * prior 0.5, a placeholder never to be shown as a figure ("—", 样本不足),
   * and the risk sorts after every one with a basis. */
  gboolean           has_basis;
  char              *basis;      /* which history and how many tickets, for a person */
} DubanLateRisk;

void        duban_late_risk_free       (DubanLateRisk        *risk);

/* Every ticket of @tickets (DubanTicket*) open at @at, with its risk,
 * the highest first (ties in the order of attention), those without a
 * basis last: DubanLateRisk*.
 * @statuses: the tickets' states at @at, index for index (as a DubanDesk
 * has them), or NULL to evaluate them here. Only what is known at @at is
 * used: a resolution after @at is not yet a resolution. */
GPtrArray  *duban_late_risk_assess     (GPtrArray            *tickets,
                                        GArray               *statuses,
                                        const DubanSlaPolicy *policy,
                                        DubanCalendar        *calendar,
                                        DubanTime             at);

/* The same, fed one ticket at a time, for a history too large to hold
 * (the desk's queue over a prefecture's year): every ticket of the
 * history is observed with its state at the moment, the open ones too
 * (censored), then the open tickets are assessed. Assessing a ticket not
 * observed first is a programming error. */
typedef struct _DubanLateRiskCurves DubanLateRiskCurves;

DubanLateRiskCurves *duban_late_risk_curves_new     (DubanCalendar        *calendar);
void                 duban_late_risk_curves_free    (DubanLateRiskCurves  *curves);
void                 duban_late_risk_curves_observe (DubanLateRiskCurves  *curves,
                                                     const DubanTicket    *ticket,
                                                     const DubanSlaStatus *status);
/* One ticket's observation without the curves: the share of its time
 * @ticket used in @status and whether it was resolved there (an event);
 * FALSE when it is none (cancelled, not yet received, no allowed time).
 * Its stratum's key, allocated. What duban_late_risk_curves_observe()
 * adds, for a history that keeps it (duban-judgement-history.c). */
gboolean             duban_late_risk_observation    (const DubanTicket    *ticket,
                                                     const DubanSlaStatus *status,
                                                     DubanCalendar        *calendar,
                                                     double               *share,
                                                     gboolean             *event);
char                *duban_late_risk_stratum_key    (const DubanTicket    *ticket);
/* The curve of the stratum @key (made when new), to give
 * duban_late_risk_curves_add() an observation kept elsewhere: the same
 * as observing its ticket. */
gpointer             duban_late_risk_curves_stratum (DubanLateRiskCurves  *curves,
                                                     const char           *key);
void                 duban_late_risk_curves_add     (DubanLateRiskCurves  *curves,
                                                     gpointer              stratum,
                                                     gboolean              urgent,
                                                     double                share,
                                                     gboolean              event);
/* Adds @from's observations to @curves': two sets of curves fed halves
 * of the tickets make the curves of all of them. */
void                 duban_late_risk_curves_merge   (DubanLateRiskCurves  *curves,
                                                     DubanLateRiskCurves  *from);
/* The open ones of @tickets (their states at the moment the history's
 * were judged at, index for index in @statuses), highest risk first, as
 * duban_late_risk_assess() orders them: DubanLateRisk*. */
GPtrArray           *duban_late_risk_curves_assess  (DubanLateRiskCurves  *curves,
                                                     GPtrArray            *tickets,
                                                     GArray               *statuses);

/* The backtest: at @at, the open tickets ranked by risk and in the order
 * of attention; how many of each order's first 20 and 50 did end late,
 * as known at @truth_at (resolved late, or still open past the
 * deadline). A ticket still open in time at @truth_at counts as not late
 * (n_unknown says how many). */
typedef struct {
  DubanTime at;
  guint     n_open;
  guint     n_late;              /* of the open ones, ended late */
  guint     n_unknown;
  guint     risk_top20;
  guint     risk_top50;
  guint     attention_top20;
  guint     attention_top50;
} DubanLateRiskBacktest;

void        duban_late_risk_backtest   (GPtrArray             *tickets,
                                        const DubanSlaPolicy  *policy,
                                        DubanCalendar         *calendar,
                                        DubanTime              at,
                                        DubanTime              truth_at,
                                        DubanLateRiskBacktest *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanLateRisk, duban_late_risk_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanLateRiskCurves, duban_late_risk_curves_free)

G_END_DECLS
