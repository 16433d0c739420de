/* duban-themes.c — cells that recur with too many tickets, month after month
 *
 * The yardstick is the county, not the cell's past: a cell's expected
 * count over the months is what it would have if its area's tickets were
 * split among the categories as the whole county's are, E = A · K / N
 * (A the area's tickets, K the category's, N all). A candidate has
 * tickets in at least DUBAN_THEME_MIN_MONTHS of the DUBAN_THEME_MONTHS
 * months (a burst of one week is a hotspot, not a theme), at least
 * DUBAN_THEME_MIN_RATIO times E, and a Poisson upper tail below
 * DUBAN_THEME_ALPHA divided by the number of cells (Bonferroni: the
 * list is short and each item is a month's work, so a false one costs
 * more than a missed one).
 */
#define G_LOG_DOMAIN "duban-themes"

#include "config.h"

#include <math.h>
#include <string.h>

#include "duban-cell-table.h"
#include "duban-themes.h"

void
duban_theme_free (DubanTheme *theme)
{
  if (theme == NULL)
    return;

  g_free (theme->area);
  g_free (theme->name);
  g_free (theme->category);
  g_free (theme);
}

struct _DubanThemeTally {
  DubanRegions   *regions;        /* borrowed */
  DubanAreaLevel  level;
  DubanDay        last;
  DubanTime       at;
  DubanDay        month_start[DUBAN_THEME_MONTHS + 1];
  DubanTime       start, end;
  DubanCellTable *cells;          /* a slot per month, the oldest first */
};

G_STATIC_ASSERT (DUBAN_THEME_MONTHS <= DUBAN_CELL_SLOTS);

static int
compare_themes (gconstpointer a,
                gconstpointer b)
{
  const DubanTheme *x = *(const DubanTheme * const *) a;
  const DubanTheme *y = *(const DubanTheme * const *) b;
  int c;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  if (x->p_value != y->p_value)
    return x->p_value < y->p_value ? -1 : 1;
  if ((c = strcmp (x->area, y->area)) != 0)
    return c;
  return strcmp (x->category, y->category);
}

DubanThemeTally *
duban_theme_tally_new (DubanRegions   *regions,
                       DubanAreaLevel  level,
                       DubanDay        last,
                       DubanTime       at)
{
  DubanThemeTally *self;
  int year, month, day;

  g_return_val_if_fail (level == DUBAN_AREA_GRID || level == DUBAN_AREA_VILLAGE ||
                        level == DUBAN_AREA_TOWN, NULL);

  self = g_new0 (DubanThemeTally, 1);
  self->regions = regions;
  self->level = level;
  self->last = last;
  self->at = at;

  /* the months, the oldest first; the last one ends at @last */
  duban_day_to_ymd (last, &year, &month, &day);
  for (int m = DUBAN_THEME_MONTHS - 1; m >= 0; m--)
    {
      self->month_start[m] = duban_day_from_ymd (year, month, 1);
      if (--month == 0)
        {
          month = 12;
          year--;
        }
    }
  self->month_start[DUBAN_THEME_MONTHS] = last + 1;
  self->start = duban_day_start (self->month_start[0]);
  self->end = duban_day_start (last + 1);
  self->cells = duban_cell_table_new ();
  return self;
}

void
duban_theme_tally_free (DubanThemeTally *self)
{
  if (self == NULL)
    return;

  duban_cell_table_free (self->cells);
  g_free (self);
}

static gboolean
wants_received (const DubanThemeTally *self,
                DubanTime              received_at)
{
  return received_at >= self->start && received_at < self->end &&
         (self->at == DUBAN_TIME_NONE || received_at <= self->at);
}

/* the month of the window a ticket received on @received falls in */
static guint
month_of (const DubanThemeTally *self,
          DubanDay               received)
{
  guint m;

  for (m = 0; m + 1 < DUBAN_THEME_MONTHS && received >= self->month_start[m + 1]; m++)
    ;
  return m;
}

gboolean
duban_theme_tally_wants (const DubanThemeTally *self,
                         const DubanTicket     *ticket)
{
  g_return_val_if_fail (self != NULL && ticket != NULL, FALSE);

  return ticket->status != DUBAN_STATUS_CANCELLED && ticket->category != NULL &&
         wants_received (self, ticket->received_at);
}

void
duban_theme_tally_add (DubanThemeTally   *self,
                       const DubanTicket *ticket,
                       const char        *area,
                       gboolean           counted,
                       gboolean           note_id)
{
  DubanDay received;
  DubanCell *cell;
  guint m;

  g_return_if_fail (self != NULL && ticket != NULL);

  if (area == NULL || !duban_theme_tally_wants (self, ticket))
    return;

  received = duban_day_of_time (ticket->received_at);
  m = month_of (self, received);
  cell = duban_cell_table_get (self->cells, area, ticket->category);
  if (counted)
    duban_cell_table_count (self->cells, cell, m);
  if (note_id)
    duban_cell_table_note_id (self->cells, cell, ticket->id);
}

gboolean
duban_theme_tally_add_seen (DubanThemeTally  *self,
                            DubanTime         received_at,
                            const char       *area,
                            const char       *category,
                            DubanCell       **cell)
{
  g_return_val_if_fail (self != NULL && area != NULL && category != NULL && cell != NULL, FALSE);

  if (!wants_received (self, received_at))
    return FALSE;
  if (*cell == NULL)
    *cell = duban_cell_table_get (self->cells, area, category);
  duban_cell_table_count (self->cells, *cell, month_of (self, duban_day_of_time (received_at)));
  return TRUE;
}

void
duban_theme_tally_note_id (DubanThemeTally  *self,
                           const DubanTheme *theme,
                           const char       *id)
{
  g_return_if_fail (self != NULL && theme != NULL && id != NULL);

  duban_cell_table_note_id (self->cells, duban_cell_table_get (self->cells, theme->area, theme->category), id);
}

void
duban_theme_tally_merge (DubanThemeTally *self,
                         DubanThemeTally *from)
{
  g_return_if_fail (self != NULL && from != NULL);

  duban_cell_table_merge (self->cells, from->cells);
}

GPtrArray *
duban_theme_tally_find (DubanThemeTally      *self,
                        DubanHotspotNameFunc  name_lookup,
                        gpointer              user_data)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_theme_free);
  DubanCellTable *table;
  GPtrArray *cells;
  guint total, n_cells, n_areas = 0, n_categories = 0;
  const guint L = DUBAN_THEME_MONTHS - 1;

  g_return_val_if_fail (self != NULL, found);

  table = self->cells;
  if ((total = duban_cell_table_total (table, 0, L)) == 0)
    return found;

  /* the family is every area and category seen — seen counted: a ticket
   * folded into a confirmed group's first only had its id noted — as
   * many cells as a table of them would have */
  for (guint a = 0; a < duban_cell_table_n_areas (table); a++)
    n_areas += duban_cell_table_area_count (table, a, 0, L) > 0;
  for (guint c = 0; c < duban_cell_table_n_categories (table); c++)
    n_categories += duban_cell_table_category_count (table, c, 0, L) > 0;
  n_cells = (guint) ((double) n_areas * (double) n_categories);

  cells = duban_cell_table_cells (table);
  for (guint i = 0; i < cells->len; i++)
    {
      const DubanCell *cell = g_ptr_array_index (cells, i);
      const char *area = duban_cell_table_area (table, cell->area);
      guint count = 0, months = 0;
      double expected, p;
      DubanTheme *theme;
      int index;

      for (guint m = 0; m < DUBAN_THEME_MONTHS; m++)
        {
          count += cell->slot[m];
          months += cell->slot[m] > 0;
        }
      if (count == 0)
        continue;
      expected = (double) duban_cell_table_area_count (table, cell->area, 0, L) *
                 (double) duban_cell_table_category_count (table, cell->category, 0, L) / (double) total;
      if (months < DUBAN_THEME_MIN_MONTHS || (double) count < DUBAN_THEME_MIN_RATIO * expected)
        continue;
      p = duban_poisson_upper_tail (count, expected);
      if (p > DUBAN_THEME_ALPHA / (double) n_cells)
        continue;

      theme = g_new0 (DubanTheme, 1);
      theme->area = g_strdup (area);
      if (self->regions != NULL && (index = duban_regions_lookup (self->regions, area)) >= 0)
        theme->name = g_strdup (duban_regions_get_area (self->regions, (guint) index)->name);
      else if (name_lookup != NULL)
        theme->name = name_lookup (area, user_data);
      if (theme->name == NULL)
        theme->name = g_strdup (area);
      theme->level = self->level;
      theme->category = g_strdup (duban_cell_table_category (table, cell->category));
      theme->first = self->month_start[0];
      theme->last = self->last;
      theme->n_months = DUBAN_THEME_MONTHS;
      theme->months = months;
      theme->count = count;
      theme->expected = expected;
      theme->p_value = p;
      g_ptr_array_add (found, theme);
    }

  g_ptr_array_sort (found, compare_themes);
  if (found->len > DUBAN_THEME_MAX)
    g_ptr_array_set_size (found, DUBAN_THEME_MAX);

  return found;
}

GPtrArray *
duban_theme_tally_dup_ids (DubanThemeTally  *self,
                           const DubanTheme *theme)
{
  g_return_val_if_fail (self != NULL && theme != NULL, NULL);

  return duban_cell_table_dup_ids (self->cells, duban_cell_table_get (self->cells, theme->area, theme->category));
}

GPtrArray *
duban_themes_find (GPtrArray            *tickets,
                   DubanRegions         *regions,
                   DubanAreaLevel        level,
                   DubanDay              last,
                   DubanTime             at,
                   DubanHotspotNameFunc  name_lookup,
                   gpointer              user_data)
{
  g_autoptr(DubanThemeTally) tally = NULL;

  g_return_val_if_fail (tickets != NULL, g_ptr_array_new_with_free_func ((GDestroyNotify) duban_theme_free));

  if ((tally = duban_theme_tally_new (regions, level, last, at)) == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) duban_theme_free);
  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      char buffer[16];

      if (duban_theme_tally_wants (tally, ticket))
        duban_theme_tally_add (tally, ticket, duban_hotspot_area_of (ticket, regions, level, buffer),
                               TRUE, FALSE);
    }
  return duban_theme_tally_find (tally, name_lookup, user_data);
}
