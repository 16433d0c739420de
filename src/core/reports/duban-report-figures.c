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

/* Best first: by score, then on-time completion; no data last; ties by code
 * so that the ranking is stable from one run to the next. */
static int
compare_by_score (gconstpointer a,
                  gconstpointer b)
{
  const DubanFigures *fa = *(const DubanFigures **) a;
  const DubanFigures *fb = *(const DubanFigures **) b;

  if (isnan (fa->score) != isnan (fb->score))
    return isnan (fa->score) ? 1 : -1;
  if (!isnan (fa->score) && fa->score != fb->score)
    return fa->score > fb->score ? -1 : 1;
  if (isnan (fa->on_time_completion_rate) != isnan (fb->on_time_completion_rate))
    return isnan (fa->on_time_completion_rate) ? 1 : -1;
  if (!isnan (fa->on_time_completion_rate) && fa->on_time_completion_rate != fb->on_time_completion_rate)
    return fa->on_time_completion_rate > fb->on_time_completion_rate ? -1 : 1;
  return strcmp (fa->key, fb->key);
}

static GPtrArray *
ranking (DubanReportBuild *build,
         DubanGrouping     grouping)
{
  const DubanReportSources *sources = build->sources;
  GPtrArray *groups = duban_figures_compute_evaluated (build->scoped, build->statuses, sources->policy,
                                                       sources->calendar, &build->period, grouping,
                                                       sources->name_lookup, sources->name_data);

  g_ptr_array_sort (groups, compare_by_score);
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

static gboolean
is_ranked (const DubanFigures *f)
{
  return *f->key != '\0' && !isnan (f->score);
}

/* 红黑榜: dispatched units with a score; the two ends never overlap. */
void
duban_report_build_boards (DubanReportBuild *build)
{
  DubanReport *report = build->report;
  guint n_ranked = 0;

  g_assert (report->units != NULL);

  report->red = g_ptr_array_new ();
  report->black = g_ptr_array_new ();
  for (guint i = 0; i < report->units->len; i++)
    if (is_ranked (g_ptr_array_index (report->units, i)))
      n_ranked++;

  for (guint i = 0, taken = 0; i < report->units->len && taken < MIN (DUBAN_REPORT_BOARD_SIZE, (n_ranked + 1) / 2); i++)
    {
      DubanFigures *f = g_ptr_array_index (report->units, i);

      if (is_ranked (f))
        g_ptr_array_add (report->red, f), taken++;
    }
  for (guint i = report->units->len, taken = 0; i > 0 && taken < MIN (DUBAN_REPORT_BOARD_SIZE, n_ranked / 2); i--)
    {
      DubanFigures *f = g_ptr_array_index (report->units, i - 1);

      if (is_ranked (f))
        g_ptr_array_add (report->black, f), taken++;
    }
}
