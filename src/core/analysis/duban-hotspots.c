/* duban-hotspots.c — a Poisson test per cell, Benjamini–Hochberg across
 *
 * A cell is an area at the chosen level and a category. Its baseline is
 * its history: the tickets it had in the DUBAN_HOTSPOT_HISTORY_DAYS
 * before the period. The expected count in the period is the county's
 * count in the period times the cell's share of the history — so that a
 * county-wide rise (a holiday week, a storm, a new channel) lifts every
 * cell's expectation alike and only a cell rising above its share stands
 * out, as Kulldorff's space-time permutation scan conditions on the
 * totals. A cell with little history would have a share of nearly
 * nothing and any ticket would be "significant"; its share is therefore
 * estimated with a gamma prior worth one ticket, centred on what the
 * area's and the category's totals imply if area and category were
 * independent: share = (h + 1) / (H + 1 / s0), s0 = A·K / H². A cell with
 * a long history keeps its own share; an empty one gets two thirds or so
 * of the independent one.
 *
 * The count is tested against Poisson(expected), exact upper tail; the
 * cells of every area of the level and every category make one family,
 * whose false discovery rate Benjamini–Hochberg holds at
 * DUBAN_HOTSPOT_FDR.
 */
#define G_LOG_DOMAIN "duban-hotspots"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "duban-hotspots.h"

void
duban_hotspot_free (DubanHotspot *hotspot)
{
  if (hotspot == NULL)
    return;

  g_free (hotspot->area);
  g_free (hotspot->name);
  g_free (hotspot->category);
  g_free (hotspot);
}

const char *
duban_area_level_to_wire (DubanAreaLevel level)
{
  switch (level)
    {
    case DUBAN_AREA_COUNTY:
      return "county";
    case DUBAN_AREA_TOWN:
      return "town";
    case DUBAN_AREA_VILLAGE:
      return "village";
    case DUBAN_AREA_GRID:
    default:
      return "grid";
    }
}

double
duban_poisson_upper_tail (guint  k,
                          double mu)
{
  double term, sum;

  g_return_val_if_fail (mu >= 0.0, NAN);

  if (k == 0)
    return 1.0;
  if (mu == 0.0)
    return 0.0;

  if ((double) k <= mu)
    {
      /* the tail is large: one minus the head, which is small */
      double head = 0.0;

      term = exp (-mu);
      for (guint i = 0; i < k; i++)
        {
          head += term;
          term *= mu / (double) (i + 1);
        }
      return CLAMP (1.0 - head, 0.0, 1.0);
    }

  /* past the mode the terms fall: sum them from k on */
  term = exp (-mu + (double) k * log (mu) - lgamma ((double) k + 1.0));
  sum = 0.0;
  for (guint i = k; term > 0.0; i++)
    {
      sum += term;
      if (term < sum * 1e-17)
        break;
      term *= mu / (double) (i + 1);
    }
  return CLAMP (sum, 0.0, 1.0);
}

const char *
duban_hotspot_area_of (const DubanTicket *ticket,
                       DubanRegions      *regions,
                       DubanAreaLevel     level,
                       char               buffer[16])
{
  static const guint prefix[] = { 6, 9, 12, 15 };

  g_return_val_if_fail (ticket != NULL, NULL);
  g_return_val_if_fail (level <= DUBAN_AREA_GRID, NULL);

  if (regions != NULL)
    {
      double x, y;
      int index = duban_regions_place_ticket (regions, ticket, &x, &y);

      while (index >= 0)
        {
          const DubanArea *area = duban_regions_get_area (regions, (guint) index);

          if (area->level == level)
            return area->code;
          if (area->level < level)
            return NULL;
          index = area->parent;
        }
      if (ticket->grid_code == NULL)
        return NULL;
    }

  if (ticket->grid_code == NULL || strlen (ticket->grid_code) < prefix[level])
    return NULL;
  memcpy (buffer, ticket->grid_code, prefix[level]);
  buffer[prefix[level]] = '\0';
  return buffer;
}

typedef struct {
  guint history;
  guint period;
} Counts;

typedef struct {
  const char *area;
  const char *category;
  guint       count;
  double      expected;
  double      p_value;
} Cell;

static int
compare_cells (gconstpointer a,
               gconstpointer b)
{
  const Cell *x = a, *y = b;
  int c;

  if (x->p_value != y->p_value)
    return x->p_value < y->p_value ? -1 : 1;
  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  if ((c = strcmp (x->area, y->area)) != 0)
    return c;
  return strcmp (x->category, y->category);
}

static Counts *
counts_of (GHashTable *table,
           const char *key)
{
  Counts *counts = g_hash_table_lookup (table, key);

  if (counts == NULL)
    {
      counts = g_new0 (Counts, 1);
      g_hash_table_insert (table, g_strdup (key), counts);
    }
  return counts;
}

GPtrArray *
duban_hotspots_find (GPtrArray            *tickets,
                     DubanRegions         *regions,
                     DubanAreaLevel        level,
                     DubanDay              first,
                     DubanDay              last,
                     DubanTime             at,
                     DubanHotspotNameFunc  name_lookup,
                     gpointer              user_data)
{
  g_autoptr(GHashTable) by_area = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) by_category = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) by_cell = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GArray) cells = g_array_new (FALSE, FALSE, sizeof (Cell));
  g_autoptr(GPtrArray) areas = g_ptr_array_new ();
  g_autoptr(GPtrArray) categories = g_ptr_array_new ();
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_hotspot_free);
  DubanTime history_start, period_start, period_end;
  guint history_total = 0, period_total = 0;
  guint n_significant = 0;
  double n_areas, n_categories;

  g_return_val_if_fail (tickets != NULL, found);
  g_return_val_if_fail (level == DUBAN_AREA_GRID || level == DUBAN_AREA_VILLAGE ||
                        level == DUBAN_AREA_TOWN, found);
  g_return_val_if_fail (first <= last, found);

  period_start = duban_day_start (first);
  period_end = duban_day_start (last + 1);
  history_start = duban_day_start (first - DUBAN_HOTSPOT_HISTORY_DAYS);

  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      char buffer[16];
      const char *area;
      gboolean in_period;
      g_autofree char *cell_key = NULL;

      if (ticket->status == DUBAN_STATUS_CANCELLED || ticket->category == NULL ||
          ticket->received_at < history_start || ticket->received_at >= period_end ||
          (at != DUBAN_TIME_NONE && ticket->received_at > at))
        continue;
      area = duban_hotspot_area_of (ticket, regions, level, buffer);
      if (area == NULL)
        continue;

      in_period = ticket->received_at >= period_start;
      cell_key = g_strconcat (area, "\x1f", ticket->category, NULL);
      if (in_period)
        {
          counts_of (by_area, area)->period++;
          counts_of (by_category, ticket->category)->period++;
          counts_of (by_cell, cell_key)->period++;
          period_total++;
        }
      else
        {
          counts_of (by_area, area)->history++;
          counts_of (by_category, ticket->category)->history++;
          counts_of (by_cell, cell_key)->history++;
          history_total++;
        }
    }

  /* nothing to compare with, or nothing to find */
  if (history_total == 0 || period_total == 0)
    return found;

  /* the family: every area of the level the map knows (else every area
   * seen) and every category seen */
  if (regions != NULL)
    {
      guint begin, end;

      duban_regions_get_level_range (regions, level, &begin, &end);
      for (guint a = begin; a < end; a++)
        {
          const DubanArea *area = duban_regions_get_area (regions, a);

          counts_of (by_area, area->code);
        }
    }
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, by_area);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_ptr_array_add (areas, key);
    g_hash_table_iter_init (&iter, by_category);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_ptr_array_add (categories, key);
  }
  n_areas = areas->len;
  n_categories = categories->len;

  for (guint a = 0; a < areas->len; a++)
    for (guint c = 0; c < categories->len; c++)
      {
        const char *area = g_ptr_array_index (areas, a);
        const char *category = g_ptr_array_index (categories, c);
        g_autofree char *cell_key = g_strconcat (area, "\x1f", category, NULL);
        const Counts *cell = g_hash_table_lookup (by_cell, cell_key);
        const Counts *area_counts = g_hash_table_lookup (by_area, area);
        const Counts *category_counts = g_hash_table_lookup (by_category, category);
        double h = cell != NULL ? cell->history : 0.0;
        /* the independent share, half a ticket added to each total so
         * that an area or category new this period is not impossible */
        double s0 = ((area_counts->history + 0.5) / (history_total + 0.5 * n_areas)) *
                    ((category_counts->history + 0.5) / (history_total + 0.5 * n_categories));
        double share = (h + 1.0) / ((double) history_total + 1.0 / s0);
        Cell item = { area, category, cell != NULL ? cell->period : 0, 0.0, 1.0 };

        item.expected = (double) period_total * share;
        item.p_value = duban_poisson_upper_tail (item.count, item.expected);
        g_array_append_val (cells, item);
      }
  g_array_sort (cells, compare_cells);

  /* Benjamini–Hochberg: the largest rank r with p(r) ≤ r q / m; every
   * cell up to it is a finding */
  for (guint r = cells->len; r > 0; r--)
    if (g_array_index (cells, Cell, r - 1).p_value <= (double) r * DUBAN_HOTSPOT_FDR / (double) cells->len)
      {
        n_significant = r;
        break;
      }

  for (guint r = 0; r < n_significant; r++)
    {
      const Cell *cell = &g_array_index (cells, Cell, r);
      DubanHotspot *hotspot = g_new0 (DubanHotspot, 1);
      double q = 1.0;

      /* the adjusted p: the smallest m p(j) / j over j ≥ r */
      for (guint j = r; j < cells->len; j++)
        q = MIN (q, g_array_index (cells, Cell, j).p_value * cells->len / (double) (j + 1));

      hotspot->area = g_strdup (cell->area);
      if (regions != NULL && duban_regions_lookup (regions, cell->area) >= 0)
        hotspot->name = g_strdup (duban_regions_get_area (regions, (guint) duban_regions_lookup (regions, cell->area))->name);
      else if (name_lookup != NULL)
        hotspot->name = name_lookup (cell->area, user_data);
      if (hotspot->name == NULL)
        hotspot->name = g_strdup (cell->area);
      hotspot->level = level;
      hotspot->category = g_strdup (cell->category);
      hotspot->first = first;
      hotspot->last = last;
      hotspot->count = cell->count;
      hotspot->expected = cell->expected;
      hotspot->p_value = cell->p_value;
      hotspot->q_value = q;
      g_ptr_array_add (found, hotspot);
    }

  return found;
}
