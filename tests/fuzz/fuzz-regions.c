/* Fuzzes the GeoJSON regions reader (the county's towns, villages and
 * grids, as the platform serves them), then queries what it accepted:
 * huge, degenerate or self-intersecting polygons must be refused or
 * handled, never crash the map. */

#include "config.h"

#include <stdint.h>

#include "duban-regions.h"

static void
quiet_log (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanRegions) regions = NULL;
  double min_x, min_y, max_x, max_y;

  g_log_set_default_handler (quiet_log, NULL);

  regions = duban_regions_new_from_geojson (text, &error);
  if (regions == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }

  duban_regions_get_bounds (regions, &min_x, &min_y, &max_x, &max_y);
  for (int i = 0; i <= 4; i++)
    for (int j = 0; j <= 4; j++)
      {
        double x = min_x + (max_x - min_x) * i / 4;
        double y = min_y + (max_y - min_y) * j / 4;
        int grid = duban_regions_find_grid (regions, x, y);

        g_assert (grid >= -1 && grid < (int) duban_regions_get_n_areas (regions));
      }

  for (guint i = 0; i < duban_regions_get_n_areas (regions); i++)
    {
      guint n_children;
      const guint *children = duban_regions_get_children (regions, i, &n_children);

      for (guint c = 0; c < n_children; c++)
        g_assert (children[c] < duban_regions_get_n_areas (regions));
    }

  return 0;
}
