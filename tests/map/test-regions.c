/* test-regions.c — the demo county's region tree, tickets placed in their grids, figures per area */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "duban-county-generator.h"
#include "duban-figures.h"
#include "duban-geo.h"
#include "duban-regions.h"
#include "duban-store.h"

static DubanCounty *county;
static DubanRegions *regions;

static void
test_tree (void)
{
  guint first, end, n_towns = 0, n_villages = 0, n_grids = 0;
  int root = duban_regions_get_county (regions);

  g_assert_cmpint (root, ==, 0);
  g_assert_cmpstr (duban_regions_get_area (regions, root)->code, ==, "370828");
  g_assert_cmpstr (duban_regions_get_area (regions, root)->name, ==, "金乡县");

  duban_regions_get_level_range (regions, DUBAN_AREA_TOWN, &first, &end);
  n_towns = end - first;
  duban_regions_get_level_range (regions, DUBAN_AREA_VILLAGE, &first, &end);
  n_villages = end - first;
  duban_regions_get_level_range (regions, DUBAN_AREA_GRID, &first, &end);
  n_grids = end - first;
  g_assert_cmpuint (n_towns, ==, 13);
  g_assert_cmpuint (n_villages, >, n_towns);
  g_assert_cmpuint (n_grids, ==, DUBAN_COUNTY_N_GRIDS);

  /* every area under the right parent, and its parent lists it */
  for (guint i = 1; i < duban_regions_get_n_areas (regions); i++)
    {
      const DubanArea *area = duban_regions_get_area (regions, i);
      const DubanArea *parent;
      const guint *children;
      guint n;
      gboolean listed = FALSE;

      g_assert_cmpint (area->parent, >=, 0);
      parent = duban_regions_get_area (regions, area->parent);
      g_assert_cmpint (parent->level, ==, area->level - 1);
      g_assert_true (g_str_has_prefix (area->code, parent->code));
      children = duban_regions_get_children (regions, area->parent, &n);
      for (guint c = 0; c < n; c++)
        listed |= children[c] == i;
      g_assert_true (listed);
      g_assert_true (duban_regions_is_within (regions, i, root));

      /* the label point is inside, and finding that point finds the area */
      g_assert_true (duban_regions_area_contains (regions, i, area->label_x, area->label_y));
      if (area->level == DUBAN_AREA_GRID)
        g_assert_cmpint (duban_regions_find_grid (regions, area->label_x, area->label_y), ==, i);
      g_assert_nonnull (area->path);
      g_assert_cmpint (area->path->num_data, >=, 2 * 4 + 1);
    }

  g_assert_cmpint (duban_regions_lookup (regions, "370828"), ==, 0);
  g_assert_cmpint (duban_regions_lookup (regions, "nothing"), ==, -1);
  /* far away: no grid */
  g_assert_cmpint (duban_regions_find_grid (regions, 0.1, 0.1), ==, -1);
}

/* The store keeps the regions as the platform served them. */
static void
test_through_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("duban-regions-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "duban.db", NULL);
  g_autoptr(DubanStore) store = duban_store_open (path, &error);
  g_autofree char *json = NULL;
  g_autoptr(DubanRegions) again = NULL;

  g_assert_no_error (error);
  g_assert_true (duban_store_replace_regions (store, duban_county_get_regions_json (county), &error));
  g_assert_no_error (error);
  json = duban_store_get_regions_json (store);
  again = duban_regions_new_from_geojson (json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (duban_regions_get_n_areas (again), ==, duban_regions_get_n_areas (regions));

  g_clear_object (&store);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    g_assert_cmpint (system (cmd), ==, 0);
  }
}

static void
test_bad_geojson (void)
{
  const char *bad[] = {
    "not json",
    "{\"type\":\"FeatureCollection\"}",
    "{\"features\":[{\"properties\":{\"code\":\"1\",\"level\":\"planet\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[]}}]}",
    "{\"features\":[{\"properties\":{\"code\":\"1\",\"level\":\"town\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}]}",
    "{\"features\":[{\"properties\":{\"code\":\"1\",\"level\":\"town\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[1]]]}}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DubanRegions) r = duban_regions_new_from_geojson (bad[i], &error);

      g_assert_null (r);
      g_assert_nonnull (error);
    }
}

/* A MultiPolygon with a hole: the point in the hole is in no area. */
static void
test_multipolygon_with_hole (void)
{
  const char *json =
    "{\"type\":\"FeatureCollection\",\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"1\",\"name\":\"A\",\"level\":\"county\",\"parent_code\":null},"
    "\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":["
    "[[[116.0,35.0],[116.4,35.0],[116.4,35.4],[116.0,35.4],[116.0,35.0]],"
    "[[116.1,35.1],[116.3,35.1],[116.3,35.3],[116.1,35.3],[116.1,35.1]]],"
    "[[[117.0,35.0],[117.2,35.0],[117.1,35.2],[117.0,35.0]]]]}}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanRegions) r = duban_regions_new_from_geojson (json, &error);
  double x, y;

  g_assert_no_error (error);
  duban_geo_to_mercator (35.05, 116.05, &x, &y);
  g_assert_cmpint (duban_regions_find_area (r, x, y, DUBAN_AREA_COUNTY), ==, 0);
  duban_geo_to_mercator (35.2, 116.2, &x, &y);
  g_assert_cmpint (duban_regions_find_area (r, x, y, DUBAN_AREA_COUNTY), ==, -1);
  duban_geo_to_mercator (35.05, 117.1, &x, &y);
  g_assert_cmpint (duban_regions_find_area (r, x, y, DUBAN_AREA_COUNTY), ==, 0);
  /* the label is not in the hole */
  g_assert_true (duban_regions_area_contains (r, 0, duban_regions_get_area (r, 0)->label_x,
                                              duban_regions_get_area (r, 0)->label_y));
}

/* Every located ticket's position (GCJ-02 ones converted back) falls in
 * the grid the platform gave it; those without a grid code are placed. */
static void
test_tickets_placed (void)
{
  GPtrArray *tickets = duban_county_get_tickets (county);
  guint n_located = 0, n_gcj = 0, n_without_code = 0;

  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      double x, y;
      int grid = duban_regions_place_ticket (regions, ticket, &x, &y);

      g_assert_cmpint (grid, >=, 0);
      g_assert_cmpint (duban_regions_get_area (regions, grid)->level, ==, DUBAN_AREA_GRID);
      if (!ticket->has_location)
        {
          g_assert_true (isnan (x));
          g_assert_cmpstr (duban_regions_get_area (regions, grid)->code, ==, ticket->grid_code);
          continue;
        }

      n_located++;
      n_gcj += ticket->crs == DUBAN_CRS_GCJ02;
      g_assert_cmpint (duban_regions_find_grid (regions, x, y), ==, grid);
      if (ticket->grid_code != NULL)
        g_assert_cmpstr (duban_regions_get_area (regions, grid)->code, ==, ticket->grid_code);
      else
        n_without_code++;
    }
  g_assert_cmpuint (n_located, >, tickets->len / 2);
  g_assert_cmpuint (n_gcj, >, 0);
  g_assert_cmpuint (n_without_code, >, 0);

  /* Not converting the GCJ-02 positions would misplace some: the shift
   * (hundreds of metres) is a good part of a grid. */
  {
    guint misplaced = 0;

    for (guint i = 0; i < tickets->len; i++)
      {
        const DubanTicket *ticket = g_ptr_array_index (tickets, i);
        double x, y;

        if (!ticket->has_location || ticket->crs != DUBAN_CRS_GCJ02 || ticket->grid_code == NULL)
          continue;
        duban_geo_to_mercator (ticket->lat, ticket->lon, &x, &y);
        if (duban_regions_find_grid (regions, x, y) != duban_regions_lookup (regions, ticket->grid_code))
          misplaced++;
      }
    g_assert_cmpuint (misplaced, >, 0);
  }
}

static gboolean
urgent_only (const DubanTicket    *ticket,
             const DubanSlaStatus *status,
             gpointer              user_data)
{
  return ticket->urgency == DUBAN_URGENCY_URGENT;
}

/* Figures per area: grids add up to their town, towns to the county, and
 * the county's figures are duban_figures_compute()'s. */
static void
test_stats (void)
{
  GPtrArray *tickets = duban_county_get_tickets (county);
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autofree int *grid_of = g_new (int, tickets->len + 1);
  g_autoptr(DubanRegionStats) stats = NULL;
  g_autoptr(DubanRegionStats) urgent = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GPtrArray) unplaced = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  DubanSlaPolicy policy;
  DubanPeriod period;
  DubanTime at;
  DubanFigures *county_figures;
  guint first, end;

  duban_sla_policy_init_defaults (&policy);
  g_assert_true (duban_time_parse_rfc3339 ("2026-10-15T12:00:00+08:00", &at, NULL));
  duban_period_init (&period, duban_day_of_time (at) - 60, duban_day_of_time (at), at);

  for (guint i = 0; i < tickets->len; i++)
    grid_of[i] = duban_regions_place_ticket (regions, g_ptr_array_index (tickets, i), NULL, NULL);

  stats = duban_region_stats_compute (regions, tickets, grid_of, &policy, calendar, &period, NULL, NULL);
  g_assert_cmpuint (stats->n_areas, ==, duban_regions_get_n_areas (regions));
  g_assert_cmpuint (stats->not_on_map, ==, 0);

  expected = duban_figures_compute (tickets, &policy, calendar, &period, DUBAN_GROUP_COUNTY, NULL, NULL);
  county_figures = g_ptr_array_index (expected, 0);
  g_assert_cmpuint (stats->county.figures.received, ==, county_figures->received);
  g_assert_cmpuint (stats->county.figures.due, ==, county_figures->due);
  g_assert_cmpuint (stats->county.figures.on_time, ==, county_figures->on_time);
  g_assert_cmpuint (stats->areas[0].figures.received, ==, county_figures->received);
  g_assert_cmpfloat_with_epsilon (stats->areas[0].figures.score, county_figures->score, 1e-9);
  g_assert_cmpuint (stats->county.open_overdue, >, 0);

  duban_regions_get_level_range (regions, DUBAN_AREA_TOWN, &first, &end);
  {
    guint sum_open = 0, sum_overdue = 0, sum_received = 0;

    for (guint t = first; t < end; t++)
      {
        guint n, grid_overdue = 0;
        const guint *villages = duban_regions_get_children (regions, t, &n);

        sum_open += stats->areas[t].open;
        sum_overdue += stats->areas[t].open_overdue;
        sum_received += stats->areas[t].figures.received;
        for (guint v = 0; v < n; v++)
          {
            guint ng;
            const guint *grids = duban_regions_get_children (regions, villages[v], &ng);

            for (guint g = 0; g < ng; g++)
              grid_overdue += stats->areas[grids[g]].open_overdue;
          }
        g_assert_cmpuint (grid_overdue, ==, stats->areas[t].open_overdue);
      }
    g_assert_cmpuint (sum_open, ==, stats->county.open);
    g_assert_cmpuint (sum_overdue, ==, stats->county.open_overdue);
    g_assert_cmpuint (sum_received, ==, stats->county.figures.received);
  }

  /* the predicate filters: urgent tickets only */
  urgent = duban_region_stats_compute (regions, tickets, grid_of, &policy, calendar, &period, urgent_only, NULL);
  g_assert_cmpuint (urgent->county.shown, <, stats->county.shown);
  g_assert_cmpuint (urgent->county.figures.received_normal, ==, 0);
  g_assert_cmpuint (urgent->county.figures.received_urgent, ==, stats->county.figures.received_urgent);

  /* a ticket with neither position nor grid is "not on the map" */
  {
    DubanTicket *lost = duban_ticket_copy (g_ptr_array_index (tickets, tickets->len - 1));
    int lost_grid;
    g_autoptr(DubanRegionStats) with_lost = NULL;

    lost->has_location = FALSE;
    g_clear_pointer (&lost->grid_code, g_free);
    lost_grid = duban_regions_place_ticket (regions, lost, NULL, NULL);
    g_assert_cmpint (lost_grid, ==, -1);
    g_ptr_array_add (unplaced, lost);
    with_lost = duban_region_stats_compute (regions, unplaced, &lost_grid, &policy, calendar, &period, NULL, NULL);
    g_assert_cmpuint (with_lost->not_on_map, ==, with_lost->county.shown);
    g_assert_cmpuint (with_lost->county.shown, ==, 1);
    g_assert_cmpuint (with_lost->areas[0].shown, ==, 1);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  DubanCountyParams params = { 0 };
  int ret;

  g_test_init (&argc, &argv, NULL);

  params.seed = 20221117u;
  params.n_tickets = 4000;
  g_assert_true (duban_time_parse_rfc3339 ("2026-10-15T12:00:00+08:00", &params.now, NULL));
  county = duban_county_generate (&params);
  regions = duban_regions_new_from_geojson (duban_county_get_regions_json (county), &error);
  g_assert_no_error (error);

  g_test_add_func ("/regions/tree", test_tree);
  g_test_add_func ("/regions/through-store", test_through_store);
  g_test_add_func ("/regions/bad-geojson", test_bad_geojson);
  g_test_add_func ("/regions/multipolygon-with-hole", test_multipolygon_with_hole);
  g_test_add_func ("/regions/tickets-placed", test_tickets_placed);
  g_test_add_func ("/regions/stats", test_stats);

  ret = g_test_run ();

  duban_regions_unref (regions);
  duban_county_free (county);
  return ret;
}
