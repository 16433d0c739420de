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

typedef struct {
  guint count;
  guint by_month[DUBAN_THEME_MONTHS];
} Cell;

static guint *
total_of (GHashTable *table,
          const char *key)
{
  guint *total = g_hash_table_lookup (table, key);

  if (total == NULL)
    {
      total = g_new0 (guint, 1);
      g_hash_table_insert (table, g_strdup (key), total);
    }
  return total;
}

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

GPtrArray *
duban_themes_find (GPtrArray            *tickets,
                   DubanRegions         *regions,
                   DubanAreaLevel        level,
                   DubanDay              last,
                   DubanTime             at,
                   DubanHotspotNameFunc  name_lookup,
                   gpointer              user_data)
{
  g_autoptr(GHashTable) by_area = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) by_category = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) by_cell = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_theme_free);
  DubanDay month_start[DUBAN_THEME_MONTHS + 1];
  DubanTime start, end;
  guint total = 0, n_cells;
  double n_areas, n_categories;
  GHashTableIter iter;
  gpointer key, value;
  int year, month, day;

  g_return_val_if_fail (tickets != NULL, found);
  g_return_val_if_fail (level == DUBAN_AREA_GRID || level == DUBAN_AREA_VILLAGE ||
                        level == DUBAN_AREA_TOWN, found);

  /* the months, the oldest first; the last one ends at @last */
  duban_day_to_ymd (last, &year, &month, &day);
  for (int m = DUBAN_THEME_MONTHS - 1; m >= 0; m--)
    {
      month_start[m] = duban_day_from_ymd (year, month, 1);
      if (--month == 0)
        {
          month = 12;
          year--;
        }
    }
  month_start[DUBAN_THEME_MONTHS] = last + 1;
  start = duban_day_start (month_start[0]);
  end = duban_day_start (last + 1);

  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      char buffer[16];
      const char *area;
      g_autofree char *cell_key = NULL;
      DubanDay received;
      Cell *cell;
      guint m;

      if (ticket->status == DUBAN_STATUS_CANCELLED || ticket->category == NULL ||
          ticket->received_at < start || ticket->received_at >= end ||
          (at != DUBAN_TIME_NONE && ticket->received_at > at))
        continue;
      area = duban_hotspot_area_of (ticket, regions, level, buffer);
      if (area == NULL)
        continue;

      received = duban_day_of_time (ticket->received_at);
      for (m = 0; m + 1 < DUBAN_THEME_MONTHS && received >= month_start[m + 1]; m++)
        ;
      cell_key = g_strconcat (area, "\x1f", ticket->category, NULL);
      cell = g_hash_table_lookup (by_cell, cell_key);
      if (cell == NULL)
        {
          cell = g_new0 (Cell, 1);
          g_hash_table_insert (by_cell, g_steal_pointer (&cell_key), cell);
        }
      cell->count++;
      cell->by_month[m]++;
      (*total_of (by_area, area))++;
      (*total_of (by_category, ticket->category))++;
      total++;
    }

  if (total == 0)
    return found;

  /* the family is every area and category seen, as many cells as a
   * table of them would have */
  n_areas = g_hash_table_size (by_area);
  n_categories = g_hash_table_size (by_category);
  n_cells = (guint) (n_areas * n_categories);

  g_hash_table_iter_init (&iter, by_cell);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const Cell *cell = value;
      g_auto(GStrv) parts = g_strsplit (key, "\x1f", 2);
      double expected = (double) *(guint *) g_hash_table_lookup (by_area, parts[0]) *
                        (double) *(guint *) g_hash_table_lookup (by_category, parts[1]) / (double) total;
      guint months = 0;
      double p;
      DubanTheme *theme;
      int index;

      for (guint m = 0; m < DUBAN_THEME_MONTHS; m++)
        months += cell->by_month[m] > 0;
      if (months < DUBAN_THEME_MIN_MONTHS || (double) cell->count < DUBAN_THEME_MIN_RATIO * expected)
        continue;
      p = duban_poisson_upper_tail (cell->count, expected);
      if (p > DUBAN_THEME_ALPHA / (double) n_cells)
        continue;

      theme = g_new0 (DubanTheme, 1);
      theme->area = g_strdup (parts[0]);
      if (regions != NULL && (index = duban_regions_lookup (regions, parts[0])) >= 0)
        theme->name = g_strdup (duban_regions_get_area (regions, (guint) index)->name);
      else if (name_lookup != NULL)
        theme->name = name_lookup (parts[0], user_data);
      if (theme->name == NULL)
        theme->name = g_strdup (parts[0]);
      theme->level = level;
      theme->category = g_strdup (parts[1]);
      theme->first = month_start[0];
      theme->last = last;
      theme->n_months = DUBAN_THEME_MONTHS;
      theme->months = months;
      theme->count = cell->count;
      theme->expected = expected;
      theme->p_value = p;
      g_ptr_array_add (found, theme);
    }

  g_ptr_array_sort (found, compare_themes);
  if (found->len > DUBAN_THEME_MAX)
    g_ptr_array_set_size (found, DUBAN_THEME_MAX);

  return found;
}
