/* duban-figures.h — the evaluation figures (考评) of docs/sla-rules.md
 *
 * One function computes them; the desk, duban-ctl and the reports all call
 * it, so a number on screen and in a PDF cannot differ.
 */
#pragma once

#include "duban-sla.h"

G_BEGIN_DECLS

typedef enum {
  DUBAN_GROUP_COUNTY,
  DUBAN_GROUP_TOWN,
  DUBAN_GROUP_UNIT,
} DubanGrouping;

typedef struct {
  DubanTime start;   /* 00:00 of the first day */
  DubanTime end;     /* 00:00 after the last day (exclusive) */
  DubanTime at;      /* as known at this moment */
} DubanPeriod;

/* [first, last] inclusive civil days, as known at @at. */
void duban_period_init (DubanPeriod *period,
                        DubanDay     first,
                        DubanDay     last,
                        DubanTime    at);

typedef struct {
  char   *key;        /* county code, town code, unit code; "" when unknown */
  char   *name;
  guint   received;
  guint   resolved;               /* received in period, resolved by T */
  guint   due;                    /* completion deadline in period */
  guint   on_time;
  guint   urgent_due;             /* contact deadline in period */
  guint   contacted_on_time;
  guint   visited;                /* rated visits in period (denominator) */
  guint   satisfied;
  guint   settled_total;
  guint   settled_grid;
  guint   settled_town;
  guint   settled_county;
  guint   received_urgent;
  guint   received_normal;
  double  sum_hours_urgent;
  double  sum_working_days_normal;
  /* rates: NAN when the denominator is empty ("no data") */
  double  completion_rate;
  double  on_time_completion_rate;
  double  on_time_contact_rate;
  double  satisfaction_rate;
  double  mean_hours_urgent;
  double  mean_working_days_normal;
  double  settled_grid_share;
  double  settled_town_share;
  double  settled_county_share;
  double  score;                  /* 0–100 */
  /* set by duban_figures_rank(): 1, 2, 2, 4 … among the ranked; 0 when
   * not ranked (no score, no unit, or too few deadlines: sample_short) */
  guint    rank;
  gboolean sample_short;
} DubanFigures;

void          duban_figures_free  (DubanFigures *figures);

/* Adds one ticket to @figures (cancelled ones are ignored). */
void          duban_figures_add   (DubanFigures         *figures,
                                   const DubanSlaPolicy *policy,
                                   DubanCalendar        *calendar,
                                   const DubanPeriod    *period,
                                   const DubanTicket    *ticket);
/* The same, for a ticket whose status at @period->at the caller has
 * already evaluated with duban_sla_evaluate() (same policy, same
 * calendar): a walk that adds each ticket to several periods sharing one
 * moment judges each ticket once. The rule is still this file's. */
void          duban_figures_add_evaluated (DubanFigures         *figures,
                                           DubanCalendar        *calendar,
                                           const DubanPeriod    *period,
                                           const DubanTicket    *ticket,
                                           const DubanSlaStatus *status);
/* Whether @ticket counts in any figure of @period: received in it, or
 * its completion deadline, its contact deadline (urgent) or its rated
 * visit falls in it. The tickets behind a unit's figures, for a view
 * that lists them (the queue from a chart's click). */
gboolean      duban_figures_ticket_counts (const DubanPeriod    *period,
                                           const DubanTicket    *ticket,
                                           const DubanSlaStatus *status);
/* Whether any ticket added to @figures counted in one of the period's
 * figures: a group with none has no line (duban_figures_compute). */
gboolean      duban_figures_counted (const DubanFigures *figures);
/* Computes the rates from the counts. */
void          duban_figures_finish (DubanFigures        *figures,
                                    const DubanSlaPolicy *policy);

/* Groups @tickets (DubanTicket*) and computes every group's figures.
 * @name_lookup maps a town or unit code to its name (may be NULL).
 * Returns DubanFigures*, ordered by key; the county grouping has one. */
typedef char *(*DubanNameLookup) (const char *code, gpointer user_data);

GPtrArray    *duban_figures_compute (GPtrArray            *tickets,
                                     const DubanSlaPolicy *policy,
                                     DubanCalendar        *calendar,
                                     const DubanPeriod    *period,
                                     DubanGrouping         grouping,
                                     DubanNameLookup       name_lookup,
                                     gpointer              name_data);

/* duban_figures_compute() with each ticket's status at @period->at
 * already evaluated: @statuses[i] is @tickets[i]'s (NULL: evaluate). */
GPtrArray    *duban_figures_compute_evaluated (GPtrArray            *tickets,
                                               const DubanSlaStatus *statuses,
                                               const DubanSlaPolicy *policy,
                                               DubanCalendar        *calendar,
                                               const DubanPeriod    *period,
                                               DubanGrouping         grouping,
                                               DubanNameLookup       name_lookup,
                                               gpointer              name_data);

/* Ranks @groups (DubanFigures*) in place, as docs/sla-rules.md says: the
 * groups with a key, a score and at least @min_due deadlines in the
 * period (DubanSlaPolicy.ranking_min_due) first, best score first, equal scores (to the tenth a document
 * prints) sharing a rank (1, 2, 2, 4); then the groups too small to rank
 * (sample_short), then those with no score, each rank 0. */
void          duban_figures_rank (GPtrArray *groups,
                                  guint      min_due);
/* The score as the rankings compare it: rounded to the tenth printed. */
double        duban_figures_ranked_score (const DubanFigures *figures);

/* The JSON object of one group, as duban-ctl figures prints it. */
JsonNode     *duban_figures_to_json (const DubanFigures *figures);

G_END_DECLS
