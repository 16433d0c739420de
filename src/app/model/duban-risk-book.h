/* duban-risk-book.h — how likely each open ticket is to end late, worked out off the main thread
 *
 * The queue's 逾期风险 column and its risk order read the probabilities
 * from one book (analysis/duban-late-risk.c makes them). The curves need
 * the past: the book reads its own history from the store on a worker
 * (the tickets received in the last DUBAN_RISK_BOOK_HISTORY_DAYS days and
 * every open one, one at a time, keeping only what the curves need) rather than rely on the session's tickets, which need
 * not hold the resolved ones. No widgets.
 */
#pragma once

#include <gio/gio.h>

#include "duban-time.h"

G_BEGIN_DECLS

/* How far back the curves look: a year holds every season of a unit's
 * handling, and at two million tickets reads a fraction of the store. */
#define DUBAN_RISK_BOOK_HISTORY_DAYS 365

/* The most often the risks are worked out again on the clock's tick: a
 * ticket given days uses well under 1% of its time in five minutes, and
 * the curves move only with the few tickets resolved meanwhile; a
 * reload (a sync) works them out again at once. */
#define DUBAN_RISK_BOOK_INTERVAL (5 * G_TIME_SPAN_MINUTE)

typedef struct {
  double   p_late;     /* 0 … 1; the prior 0.5, not to be shown, without a basis */
  gboolean has_basis;  /* FALSE: 样本不足 (DubanLateRisk's has_basis) */
  char    *basis;      /* which history and how many tickets, for a person */
} DubanTicketRisk;

#define DUBAN_TYPE_RISK_BOOK (duban_risk_book_get_type ())
G_DECLARE_FINAL_TYPE (DubanRiskBook, duban_risk_book, DUBAN, RISK_BOOK, GObject)

DubanRiskBook         *duban_risk_book_new       (const char    *store_path);
/* Works the risks out again on a worker: at once with @force (a
 * reload), else only if the last were worked out DUBAN_RISK_BOOK_INTERVAL
 * ago or more (the minute's tick). One at a time: asked again while one
 * runs, it runs once more after. The old risks stay until the new are
 * in; then ::changed. */
void                   duban_risk_book_refresh   (DubanRiskBook *self,
                                                  gboolean       force);
/* Whether a working-out is under way. */
gboolean               duban_risk_book_get_busy  (DubanRiskBook *self);
/* Ticket id (char*) → DubanTicketRisk*, every ticket open when they were
 * worked out; NULL before the first are in. Never changed once made:
 * take a reference to keep it, or to read it on another thread. */
GHashTable            *duban_risk_book_get_risks (DubanRiskBook *self);
/* NULL when the ticket has no risk (not open then, or none in yet). */
const DubanTicketRisk *duban_risk_book_lookup    (DubanRiskBook *self,
                                                  const char    *ticket_id);

G_END_DECLS
