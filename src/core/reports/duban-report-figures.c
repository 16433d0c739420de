/* duban-report-figures.c — the report's figures, rankings and boards
 *
 * The scope's own figures now and in the previous period, and the units'
 * and towns' beneath it, are duban_figures_compute()'s groupings fed the
 * report's one judgement of each ticket; this file only names the scope
 * and decides the order of the rankings and who stands on the red and
 * black boards.
 */
#define G_LOG_DOMAIN "duban-report-figures"

#include "config.h"

#include <math.h>
#include <string.h>

#include "duban-report-private.h"

/* The figures of one scoped set of tickets as a single group: the county
 * grouping of duban_figures_compute(), so every count is the engine's. */
static DubanFigures *
scope_figures (DubanReportBuild  *build,
               const DubanPeriod *period)
{
  const DubanReportSources *sources = build->sources;
  g_autoptr(GPtrArray) groups = duban_figures_compute_evaluated (build->scoped, build->statuses, sources->policy,
                                                                 sources->calendar, period, DUBAN_GROUP_COUNTY,
                                                                 sources->name_lookup, sources->name_data);

  g_assert (groups->len == 1);
  return g_ptr_array_steal_index (groups, 0);
}

void
duban_report_build_figures (DubanReportBuild *build)
{
  DubanReport *report = build->report;

  g_assert (build->scoped != NULL);

  report->current = scope_figures (build, &build->period);
  report->previous = scope_figures (build, &build->previous);
  if (report->scope != DUBAN_SCOPE_COUNTY)
    {
      g_autofree char *name = duban_report_lookup_name (build->sources, report->scope_code);

      /* a unit's name travels with its tickets when the store has no units table */
      if (name == NULL && report->scope == DUBAN_SCOPE_UNIT)
        for (guint i = 0; i < build->scoped->len && name == NULL; i++)
          name = g_strdup (((DubanTicket *) g_ptr_array_index (build->scoped, i))->unit_name);
      report->scope_name = g_strdup (name ? name : report->scope_code);
      for (DubanFigures **f = (DubanFigures *[]) { report->current, report->previous, NULL }; *f; f++)
        {
          g_free ((*f)->key), (*f)->key = g_strdup (report->scope_code);
          g_free ((*f)->name), (*f)->name = g_strdup (report->scope_name);
        }
    }
  else
    {
      g_autofree char *name = duban_report_lookup_name (build->sources, report->current->key);

      report->scope_name = g_strdup (name ? name : report->current->name);
    }
}

static GPtrArray *
ranking (DubanReportBuild *build,
         DubanGrouping     grouping)
{
  const DubanReportSources *sources = build->sources;
  GPtrArray *groups = duban_figures_compute_evaluated (build->scoped, build->statuses, sources->policy,
                                                       sources->calendar, &build->period, grouping,
                                                       sources->name_lookup, sources->name_data);

  duban_figures_rank (groups, (guint) MAX (sources->policy->ranking_min_due, 0));
  return groups;
}

void
duban_report_build_rankings (DubanReportBuild *build)
{
  DubanReport *report = build->report;

  report->units = ranking (build, DUBAN_GROUP_UNIT);
  /* a town's or a unit's report has no towns beneath it */
  report->towns = report->scope == DUBAN_SCOPE_COUNTY ? ranking (build, DUBAN_GROUP_TOWN) : g_ptr_array_new ();
}

/* The rank a ranked unit has counted from the bottom: 1 + how many
 * ranked units score lower, so that ties share the black board as they
 * share a rank. */
static guint
rank_from_bottom (GPtrArray          *units,
                  const DubanFigures *f)
{
  guint lower = 0;

  for (guint i = 0; i < units->len; i++)
    {
      const DubanFigures *other = g_ptr_array_index (units, i);

      if (other->rank > 0 && duban_figures_ranked_score (other) < duban_figures_ranked_score (f))
        lower++;
    }
  return lower + 1;
}

/* 红黑榜: of the n ranked units (a unit code, a score, enough deadlines),
 * the red board holds those ranked within the best min(3, ⌈n/2⌉), the
 * black board those within the worst min(3, ⌊n/2⌋) counted from the
 * bottom; a tie at the edge of a board is on it with the others, and a
 * unit on the red board is never on the black one. */
void
duban_report_build_boards (DubanReportBuild *build)
{
  DubanReport *report = build->report;
  guint n_ranked = 0, red_size, black_size;

  g_assert (report->units != NULL);

  report->red = g_ptr_array_new ();
  report->black = g_ptr_array_new ();
  for (guint i = 0; i < report->units->len; i++)
    if (((DubanFigures *) g_ptr_array_index (report->units, i))->rank > 0)
      n_ranked++;
  red_size = MIN (DUBAN_REPORT_BOARD_SIZE, (n_ranked + 1) / 2);
  black_size = MIN (DUBAN_REPORT_BOARD_SIZE, n_ranked / 2);

  for (guint i = 0; i < report->units->len; i++)
    {
      DubanFigures *f = g_ptr_array_index (report->units, i);

      if (f->rank > 0 && f->rank <= red_size)
        g_ptr_array_add (report->red, f);
    }
  /* the worst first */
  for (guint i = report->units->len; i > 0; i--)
    {
      DubanFigures *f = g_ptr_array_index (report->units, i - 1);

      if (f->rank > red_size && rank_from_bottom (report->units, f) <= black_size)
        g_ptr_array_add (report->black, f);
    }
}
