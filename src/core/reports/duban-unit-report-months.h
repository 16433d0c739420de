/* duban-unit-report-months.h — every unit's figures over a unit page's months
 *
 * A unit's rank in a month is among every unit's scores, so the page
 * needs every unit's figures month by month — figures, not tickets:
 * each ticket is added as it is read and let go (the store's lean
 * stream), and what is kept is a few counts per unit and month. The
 * rules are the figures' own (duban_figures_add_evaluated); which
 * tickets can count is the span rule's (duban-figures-span.h), tested
 * before a ticket is judged so that the rest cost nothing.
 */
#pragma once

#include "duban-figures.h"
#include "duban-figures-span.h"

G_BEGIN_DECLS

/* How many months the trend shows, this one included. */
#define DUBAN_UNIT_REPORT_MONTHS 6

typedef struct _DubanUnitReportMonths DubanUnitReportMonths;

/* The months of a unit's page at @at: the last five whole, and this one
 * up to the moment's day. */
DubanUnitReportMonths *duban_unit_report_months_new   (const DubanSlaPolicy  *policy,
                                                       DubanCalendar         *calendar,
                                                       DubanTime              at);
void                   duban_unit_report_months_free  (DubanUnitReportMonths *self);

/* Adds @ticket to its unit's figures of every month it counts in;
 * @status is its status at the moment (NULL: judged here). The ticket
 * is not kept. */
void                   duban_unit_report_months_add   (DubanUnitReportMonths *self,
                                                       const DubanTicket     *ticket,
                                                       const DubanSlaStatus  *status);
/* A DubanTicketFunc: adds the ticket, then frees it (a store's stream). */
void                   duban_unit_report_months_take_cb (DubanTicket *ticket,
                                                         gpointer     user_data);

/* Month @k (0: the oldest): its days, and every unit's figures in it,
 * finished, those in which some ticket counted (DubanFigures*, the
 * caller's). */
void                   duban_unit_report_months_days  (DubanUnitReportMonths *self,
                                                       guint                  k,
                                                       DubanDay              *first,
                                                       DubanDay              *last);
GPtrArray             *duban_unit_report_months_steal (DubanUnitReportMonths *self,
                                                       guint                  k);

/* 00:00 of the first month's first day. */
DubanTime              duban_unit_report_months_start (DubanUnitReportMonths *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanUnitReportMonths, duban_unit_report_months_free)

G_END_DECLS
