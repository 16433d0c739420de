/* duban-area-figures.h — the figures of every area of the county at once
 *
 * The map colours each town, village and grid by a figure and its panel
 * shows each area's counts: one walk over the tickets adds each to its
 * grid and every area above it, by the rules of duban-figures.c. The
 * tree is given as each area's parent (duban_regions_get_parents()), so
 * that the rule knows nothing of the map's shapes.
 */
#pragma once

#include "duban-figures.h"
#include "duban-sla.h"

G_BEGIN_DECLS

/* Whether a ticket, with its status at the period's moment, counts. */
typedef gboolean (*DubanTicketPredicate) (const DubanTicket    *ticket,
                                          const DubanSlaStatus *status,
                                          gpointer              user_data);

typedef struct {
  guint      n_areas;
  const int *parents;   /* by area index; -1 for the root */
  int        county;    /* the root's index, or -1 when there is none */
} DubanAreaTree;

typedef struct {
  DubanFigures figures;      /* through duban_figures_add(), finished */
  guint        shown;        /* tickets that passed the predicate */
  guint        open;
  guint        open_ok;
  guint        open_warning;
  guint        open_overdue;
  guint        done;
} DubanAreaStats;

typedef struct {
  guint           n_areas;
  DubanAreaStats *areas;         /* by area index */
  DubanAreaStats  county;        /* every shown ticket, placed or not */
  guint           not_on_map;    /* shown tickets with neither location nor grid */
  guint           outside;       /* located but in no grid, without grid code */
} DubanRegionStats;

/* Figures per area for the tickets that pass @predicate (NULL: all) at
 * @period->at. @grid_of: the grid of each ticket (its area index, -1
 * when it has none), by the index in @tickets. */
DubanRegionStats *duban_region_stats_compute (const DubanAreaTree  *tree,
                                              GPtrArray            *tickets,
                                              const int            *grid_of,
                                              const DubanSlaPolicy *policy,
                                              DubanCalendar        *calendar,
                                              const DubanPeriod    *period,
                                              DubanTicketPredicate  predicate,
                                              gpointer              predicate_data);
void              duban_region_stats_free    (DubanRegionStats     *stats);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanRegionStats, duban_region_stats_free)

G_END_DECLS
