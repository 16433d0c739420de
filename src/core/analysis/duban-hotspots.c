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

#include "duban-cell-table.h"
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
      int index = duban_regions_place_ticket (regions, ticket, NULL, NULL);

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

/* the slots of the cell table */
enum {
  SLOT_HISTORY,
  SLOT_PERIOD,
};

struct _DubanHotspotTally {
  DubanRegions   *regions;        /* borrowed */
  DubanAreaLevel  level;
  DubanDay        first, last;
  DubanTime       at;
  DubanTime       history_start, period_start, period_end;
  DubanCellTable *cells;
};

typedef struct {
  guint   area;
  guint   category;
  guint   count;
  double  expected;
  double  p_value;
} Cell;

DubanHotspotTally *
duban_hotspot_tally_new (DubanRegions   *regions,
                         DubanAreaLevel  level,
                         DubanDay        first,
                         DubanDay        last,
                         DubanTime       at)
{
  DubanHotspotTally *self;

  g_return_val_if_fail (level == DUBAN_AREA_GRID || level == DUBAN_AREA_VILLAGE ||
                        level == DUBAN_AREA_TOWN, NULL);
  g_return_val_if_fail (first <= last, NULL);

  self = g_new0 (DubanHotspotTally, 1);
  self->regions = regions;
  self->level = level;
  self->first = first;
  self->last = last;
  self->at = at;
  self->period_start = duban_day_start (first);
  self->period_end = duban_day_start (last + 1);
  self->history_start = duban_day_start (first - DUBAN_HOTSPOT_HISTORY_DAYS);
  self->cells = duban_cell_table_new ();
  return self;
}

void
duban_hotspot_tally_free (DubanHotspotTally *self)
{
  if (self == NULL)
    return;

  duban_cell_table_free (self->cells);
  g_free (self);
}

static gboolean
wants_received (const DubanHotspotTally *self,
                DubanTime                received_at)
{
  return received_at >= self->history_start && received_at < self->period_end &&
         (self->at == DUBAN_TIME_NONE || received_at <= self->at);
}

gboolean
duban_hotspot_tally_wants (const DubanHotspotTally *self,
                           const DubanTicket       *ticket)
{
  g_return_val_if_fail (self != NULL && ticket != NULL, FALSE);

  return ticket->status != DUBAN_STATUS_CANCELLED && ticket->category != NULL &&
         wants_received (self, ticket->received_at);
}

void
duban_hotspot_tally_add (DubanHotspotTally *self,
                         const DubanTicket *ticket,
                         const char        *area,
                         gboolean           counted,
                         gboolean           note_id)
{
  gboolean in_period;
  DubanCell *cell;

  g_return_if_fail (self != NULL && ticket != NULL);

  if (area == NULL || !duban_hotspot_tally_wants (self, ticket))
    return;

  in_period = ticket->received_at >= self->period_start;
  cell = duban_cell_table_get (self->cells, area, ticket->category);
  if (counted)
    duban_cell_table_count (self->cells, cell, in_period ? SLOT_PERIOD : SLOT_HISTORY);
  if (note_id && in_period)
    duban_cell_table_note_id (self->cells, cell, ticket->id);
}

void
duban_hotspot_tally_add_seen (DubanHotspotTally  *self,
                              DubanTime           received_at,
                              const char         *area,
                              const char         *category,
                              DubanCell         **cell)
{
  g_return_if_fail (self != NULL && area != NULL && category != NULL && cell != NULL);

  if (!wants_received (self, received_at))
    return;
  if (*cell == NULL)
    *cell = duban_cell_table_get (self->cells, area, category);
  duban_cell_table_count (self->cells, *cell, received_at >= self->period_start ? SLOT_PERIOD : SLOT_HISTORY);
}

void
duban_hotspot_tally_merge (DubanHotspotTally *self,
                           DubanHotspotTally *from)
{
  g_return_if_fail (self != NULL && from != NULL);

  duban_cell_table_merge (self->cells, from->cells);
}

static int
compare_cells (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const Cell *x = a, *y = b;
  DubanCellTable *cells = user_data;
  int c;

  if (x->p_value != y->p_value)
    return x->p_value < y->p_value ? -1 : 1;
  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  if ((c = strcmp (duban_cell_table_area (cells, x->area), duban_cell_table_area (cells, y->area))) != 0)
    return c;
  return strcmp (duban_cell_table_category (cells, x->category), duban_cell_table_category (cells, y->category));
}

GPtrArray *
duban_hotspot_tally_find (DubanHotspotTally    *self,
                          DubanHotspotNameFunc  name_lookup,
                          gpointer              user_data)
{
  DubanCellTable *table;
  g_autoptr(GArray) cells = g_array_new (FALSE, FALSE, sizeof (Cell));
  g_autoptr(GArray) areas = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) categories = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree gboolean *in_family = NULL;
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_hotspot_free);
  guint history_total, period_total;
  guint n_significant = 0;
  double n_areas, n_categories;

  g_return_val_if_fail (self != NULL, found);

  table = self->cells;
  history_total = duban_cell_table_total (table, SLOT_HISTORY, SLOT_HISTORY);
  period_total = duban_cell_table_total (table, SLOT_PERIOD, SLOT_PERIOD);

  /* nothing to compare with, or nothing to find */
  if (history_total == 0 || period_total == 0)
    return found;

  /* the family: every area of the level the map knows (else every area
   * seen) and every category seen — seen as a counted ticket's: a
   * ticket folded into a confirmed group's first only had its id noted */
  if (self->regions != NULL)
    {
      guint begin, end;

      duban_regions_get_level_range (self->regions, self->level, &begin, &end);
      in_family = g_new0 (gboolean, duban_cell_table_n_areas (table) + (end - begin));
      for (guint a = begin; a < end; a++)
        in_family[duban_cell_table_add_area (table, duban_regions_get_area (self->regions, a)->code)] = TRUE;
    }
  for (guint a = 0; a < duban_cell_table_n_areas (table); a++)
    if ((in_family != NULL && in_family[a]) ||
        duban_cell_table_area_count (table, a, SLOT_HISTORY, SLOT_PERIOD) > 0)
      g_array_append_val (areas, a);
  for (guint c = 0; c < duban_cell_table_n_categories (table); c++)
    if (duban_cell_table_category_count (table, c, SLOT_HISTORY, SLOT_PERIOD) > 0)
      g_array_append_val (categories, c);
  n_areas = areas->len;
  n_categories = categories->len;

  for (guint i = 0; i < areas->len; i++)
    for (guint j = 0; j < categories->len; j++)
      {
        guint a = g_array_index (areas, guint, i);
        guint c = g_array_index (categories, guint, j);
        const DubanCell *cell = duban_cell_table_find (table, a, c);
        double h = cell != NULL ? cell->slot[SLOT_HISTORY] : 0.0;
        /* the independent share, half a ticket added to each total so
         * that an area or category new this period is not impossible */
        double s0 = ((duban_cell_table_area_count (table, a, SLOT_HISTORY, SLOT_HISTORY) + 0.5) /
                     (history_total + 0.5 * n_areas)) *
                    ((duban_cell_table_category_count (table, c, SLOT_HISTORY, SLOT_HISTORY) + 0.5) /
                     (history_total + 0.5 * n_categories));
        double share = (h + 1.0) / ((double) history_total + 1.0 / s0);
        Cell item = { a, c, cell != NULL ? cell->slot[SLOT_PERIOD] : 0, 0.0, 1.0 };

        item.expected = (double) period_total * share;
        item.p_value = duban_poisson_upper_tail (item.count, item.expected);
        g_array_append_val (cells, item);
      }
  g_array_sort_with_data (cells, compare_cells, table);

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
      const char *area = duban_cell_table_area (table, cell->area);
      DubanHotspot *hotspot = g_new0 (DubanHotspot, 1);
      double q = 1.0;
      int index;

      /* the adjusted p: the smallest m p(j) / j over j ≥ r */
      for (guint j = r; j < cells->len; j++)
        q = MIN (q, g_array_index (cells, Cell, j).p_value * cells->len / (double) (j + 1));

      hotspot->area = g_strdup (area);
      if (self->regions != NULL && (index = duban_regions_lookup (self->regions, area)) >= 0)
        hotspot->name = g_strdup (duban_regions_get_area (self->regions, (guint) index)->name);
      else if (name_lookup != NULL)
        hotspot->name = name_lookup (area, user_data);
      if (hotspot->name == NULL)
        hotspot->name = g_strdup (area);
      hotspot->level = self->level;
      hotspot->category = g_strdup (duban_cell_table_category (table, cell->category));
      hotspot->first = self->first;
      hotspot->last = self->last;
      hotspot->count = cell->count;
      hotspot->expected = cell->expected;
      hotspot->p_value = cell->p_value;
      hotspot->q_value = q;
      g_ptr_array_add (found, hotspot);
    }

  return found;
}

GPtrArray *
duban_hotspot_tally_dup_ids (DubanHotspotTally  *self,
                             const DubanHotspot *hotspot)
{
  DubanCell *cell;

  g_return_val_if_fail (self != NULL && hotspot != NULL, NULL);

  /* the cell was made by a ticket noted or counted; a finding always has
   * tickets in the period */
  cell = duban_cell_table_get (self->cells, hotspot->area, hotspot->category);
  return duban_cell_table_dup_ids (self->cells, cell);
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
  g_autoptr(DubanHotspotTally) tally = NULL;

  g_return_val_if_fail (tickets != NULL, g_ptr_array_new_with_free_func ((GDestroyNotify) duban_hotspot_free));

  if ((tally = duban_hotspot_tally_new (regions, level, first, last, at)) == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) duban_hotspot_free);
  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      char buffer[16];

      if (duban_hotspot_tally_wants (tally, ticket))
        duban_hotspot_tally_add (tally, ticket, duban_hotspot_area_of (ticket, regions, level, buffer),
                                 TRUE, FALSE);
    }
  return duban_hotspot_tally_find (tally, name_lookup, user_data);
}
