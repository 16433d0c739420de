/* duban-area-figures.c — the figures of every area of the county at once
 *
 * Out of the region tree (map/duban-regions.c), which now only says
 * where things are: which tickets count for an area, and how, is a rule.
 */
#define G_LOG_DOMAIN "duban-area-figures"

#include "config.h"

#include "duban-area-figures.h"

static void
count_state (DubanAreaStats       *stats,
             const DubanSlaStatus *status)
{
  stats->shown++;
  switch (status->state)
    {
    case DUBAN_STATE_OPEN_OK:
      stats->open++;
      stats->open_ok++;
      break;
    case DUBAN_STATE_OPEN_WARNING:
      stats->open++;
      stats->open_warning++;
      break;
    case DUBAN_STATE_OPEN_OVERDUE:
      stats->open++;
      stats->open_overdue++;
      break;
    case DUBAN_STATE_DONE_ON_TIME:
    case DUBAN_STATE_DONE_LATE:
      stats->done++;
      break;
    case DUBAN_STATE_CANCELLED:
    case DUBAN_STATE_NOT_YET:
    default:
      break;
    }
}

static void
add_to (DubanAreaStats       *stats,
        const DubanSlaPolicy *policy,
        DubanCalendar        *calendar,
        const DubanPeriod    *period,
        const DubanTicket    *ticket,
        const DubanSlaStatus *status)
{
  count_state (stats, status);
  duban_figures_add (&stats->figures, policy, calendar, period, ticket);
}

DubanRegionStats *
duban_region_stats_compute (const DubanAreaTree  *tree,
                            GPtrArray            *tickets,
                            const int            *grid_of,
                            const DubanSlaPolicy *policy,
                            DubanCalendar        *calendar,
                            const DubanPeriod    *period,
                            DubanTicketPredicate  predicate,
                            gpointer              predicate_data)
{
  DubanRegionStats *stats;
  int county;

  g_return_val_if_fail (tree != NULL, NULL);
  g_return_val_if_fail (tree->parents != NULL || tree->n_areas == 0, NULL);
  g_return_val_if_fail (tickets != NULL, NULL);
  g_return_val_if_fail (grid_of != NULL || tickets->len == 0, NULL);
  g_return_val_if_fail (policy != NULL, NULL);
  g_return_val_if_fail (period != NULL, NULL);

  stats = g_new0 (DubanRegionStats, 1);
  stats->n_areas = tree->n_areas;
  stats->areas = g_new0 (DubanAreaStats, MAX (stats->n_areas, 1));
  county = tree->county;

  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      DubanSlaStatus status;
      int area;

      duban_sla_evaluate (policy, calendar, ticket, period->at, &status);
      if (status.state == DUBAN_STATE_NOT_YET || status.state == DUBAN_STATE_CANCELLED)
        continue;
      if (predicate != NULL && !predicate (ticket, &status, predicate_data))
        continue;

      add_to (&stats->county, policy, calendar, period, ticket, &status);

      if (grid_of[i] < 0)
        {
          if (!ticket->has_location)
            stats->not_on_map++;
          else
            stats->outside++;
          /* The county counts every ticket, placed or not. */
          if (county >= 0)
            add_to (&stats->areas[county], policy, calendar, period, ticket, &status);
          continue;
        }

      /* The same rule for a grid and for each area above it. */
      for (area = grid_of[i]; area >= 0; area = tree->parents[area])
        add_to (&stats->areas[area], policy, calendar, period, ticket, &status);
    }

  duban_figures_finish (&stats->county.figures, policy);
  for (guint a = 0; a < stats->n_areas; a++)
    duban_figures_finish (&stats->areas[a].figures, policy);

  return stats;
}

void
duban_region_stats_free (DubanRegionStats *stats)
{
  if (stats == NULL)
    return;

  /* The figures' key and name stay NULL here: nothing else to free. */
  g_free (stats->areas);
  g_free (stats);
}
