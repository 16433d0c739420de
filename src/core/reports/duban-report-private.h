/* duban-report-private.h — what the parts of duban_report_build() share
 *
 * duban-report.c selects the scope's tickets, judges each once at the
 * report's moment and calls the sections in turn: the figures, rankings
 * and boards (duban-report-figures.c), the one walk over the tickets for
 * the trend, the accountability list, the categories, the hotspots and
 * the repeats (duban-report-walk.c), and the supervision summary
 * (duban-report-orders.c). Each section fills its fields of the report
 * from this working set and nothing else.
 */
#pragma once

#include "duban-privacy.h"
#include "duban-report.h"

G_BEGIN_DECLS

typedef struct {
  const DubanReportSources *sources;
  DubanReport              *report;
  GPtrArray                *scoped;        /* DubanTicket* in the scope, not owned */
  GHashTable               *scoped_by_id;  /* id → DubanTicket* of scoped */
  DubanSlaStatus           *statuses;      /* parallel to scoped, at the report's moment */
  DubanPeriod               period;
  DubanPeriod               previous;
} DubanReportBuild;

/* A code's name from the sources' lookup, or NULL. */
char *duban_report_lookup_name    (const DubanReportSources *sources,
                                   const char               *code);

/* duban-report-figures.c: the scope's figures now and before, its name,
 * the units' and towns' rankings, the red and black boards. */
void  duban_report_build_figures  (DubanReportBuild         *build);
void  duban_report_build_rankings (DubanReportBuild         *build);
void  duban_report_build_boards   (DubanReportBuild         *build);

/* duban-report-walk.c: after the rankings, which it reads. */
void  duban_report_walk_tickets   (DubanReportBuild         *build);

/* duban-report-orders.c */
void  duban_report_build_orders   (DubanReportBuild         *build);

/* duban-report-judgement.c: the county's bulletin's 研判 */
gboolean duban_report_build_judgement (DubanReportBuild        *build,
                                       GError                 **error);

G_END_DECLS
