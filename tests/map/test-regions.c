/* test-regions.c — the demo county's region tree, tickets placed in their grids, figures per area */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "duban-area-figures.h"
#include "duban-county-generator.h"
#include "duban-figures.h"
#include "duban-geo.h"
#include "duban-map-painter.h"
#include "duban-regions.h"
#include "duban-store-reference.h"
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

/* ---- polygons that are valid GeoJSON only in letter, or not at all ---- */

/* One feature: a Polygon of @ring ("[lon,lat],…" closed by the caller). */
static void
append_feature (GString    *json,
                const char *code,
                const char *level,
                const char *parent_code,
                const char *geometry_type,
                const char *coordinates)
{
  if (json->str[json->len - 1] != '[')
    g_string_append_c (json, ',');
  g_string_append_printf (json,
                          "{\"type\":\"Feature\",\"properties\":{\"code\":\"%s\",\"name\":\"%s\",\"level\":\"%s\","
                          "\"parent_code\":%s%s%s},\"geometry\":{\"type\":\"%s\",\"coordinates\":%s}}",
                          code, code, level, parent_code ? "\"" : "", parent_code ? parent_code : "null",
                          parent_code ? "\"" : "", geometry_type, coordinates);
}

static void
lonlat (double  lon,
        double  lat,
        double *x,
        double *y)
{
  duban_geo_to_mercator (lat, lon, x, y);
}

/* Where an area is drawn, the map says it is: the area's own cached path,
 * filled as the painter fills it on @size × @size pixels, against
 * duban_regions_area_contains() at the centre of every pixel. Pixels the antialiasing blends (on an
 * edge) decide nothing. Returns how many pixels were filled. */
static guint
assert_drawn_where_contained (const DubanRegions *r,
                              guint               index,
                              int                 size)
{
  const DubanArea *area = duban_regions_get_area (r, index);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, size, size);
  cairo_t *cr = cairo_create (surface);
  double origin_x, origin_y, path_scale;
  /* path units of the area's bounds → pixels, with a margin */
  double x0, y0, units_per_pixel;
  const guint8 *data;
  int stride;
  guint filled = 0, decided = 0;

  duban_regions_get_path_transform (r, &origin_x, &origin_y, &path_scale);
  x0 = (area->min_x - origin_x) * path_scale;
  y0 = (area->min_y - origin_y) * path_scale;
  units_per_pixel = MAX (area->max_x - area->min_x, area->max_y - area->min_y) * path_scale / (size - 20);
  cairo_translate (cr, 10, 10);
  cairo_scale (cr, 1 / units_per_pixel, 1 / units_per_pixel);
  cairo_translate (cr, -x0, -y0);
  cairo_append_path (cr, area->path);
  cairo_set_fill_rule (cr, DUBAN_REGIONS_FILL_RULE);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int py = 0; py < size; py++)
    for (int px = 0; px < size; px++)
      {
        guint8 alpha = data[py * stride + px];
        double ux = (px + 0.5 - 10) * units_per_pixel + x0;
        double uy = (py + 0.5 - 10) * units_per_pixel + y0;
        gboolean inside = duban_regions_area_contains (r, index, origin_x + ux / path_scale,
                                                       origin_y + uy / path_scale);

        if (alpha != 0 && alpha != 255)
          continue;
        decided++;
        if (inside != (alpha == 255))
          g_error ("area %s: pixel %d,%d is %s but the point is %s", area->code, px, py,
                   alpha == 255 ? "filled" : "empty", inside ? "inside" : "outside");
        filled += alpha == 255;
      }
  g_assert_cmpuint (decided, >, size * size / 2);
  cairo_surface_destroy (surface);
  return filled;
}

/* Rings that cross themselves are common in GeoJSON made by hand or by a
 * careless export. They are read, and one rule decides their inside for
 * the map, the clicks and the label alike: even-odd. */
static void
test_self_intersecting (void)
{
  g_autoptr(GString) json = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[");
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanRegions) r = NULL;
  double x, y;
  int bowtie, hourglass, twice, star;

  append_feature (json, "1", "county", NULL, "Polygon",
                  "[[[116.0,35.0],[117.0,35.0],[117.0,36.0],[116.0,36.0],[116.0,35.0]]]");
  /* a bow tie: two triangles meeting at (116.1, 35.1) */
  append_feature (json, "11", "town", "1", "Polygon",
                  "[[[116.0,35.0],[116.2,35.2],[116.2,35.0],[116.0,35.2],[116.0,35.0]]]");
  /* an hourglass: the same, on its side; its middle line only meets the waist */
  append_feature (json, "12", "town", "1", "Polygon",
                  "[[[116.3,35.0],[116.5,35.0],[116.3,35.2],[116.5,35.2],[116.3,35.0]]]");
  /* a square walked round twice: every point inside is crossed twice */
  append_feature (json, "13", "town", "1", "Polygon",
                  "[[[116.6,35.0],[116.8,35.0],[116.8,35.2],[116.6,35.2],[116.6,35.0],"
                  "[116.8,35.0],[116.8,35.2],[116.6,35.2],[116.6,35.0]]]");
  /* a pentagram drawn in one stroke: its pentagon middle is crossed twice */
  {
    g_autoptr(GString) star_ring = g_string_new ("[[");

    for (int k = 0; k <= 5; k++)
      {
        double angle = G_PI / 2 + k * 4 * G_PI / 5;

        g_string_append_printf (star_ring, "%s[%.6f,%.6f]", k ? "," : "",
                                116.5 + 0.1 * cos (angle), 35.5 + 0.1 * sin (angle));
      }
    g_string_append (star_ring, "]]");
    append_feature (json, "14", "town", "1", "Polygon", star_ring->str);
  }
  g_string_append (json, "]}");

  r = duban_regions_new_from_geojson (json->str, &error);
  g_assert_no_error (error);
  bowtie = duban_regions_lookup (r, "11");
  hourglass = duban_regions_lookup (r, "12");
  twice = duban_regions_lookup (r, "13");
  star = duban_regions_lookup (r, "14");

  /* the bow tie's two lobes are inside; above and below the waist is not */
  lonlat (116.03, 35.1, &x, &y);
  g_assert_true (duban_regions_area_contains (r, bowtie, x, y));
  lonlat (116.17, 35.1, &x, &y);
  g_assert_true (duban_regions_area_contains (r, bowtie, x, y));
  g_assert_cmpint (duban_regions_find_area (r, x, y, DUBAN_AREA_TOWN), ==, bowtie);
  lonlat (116.1, 35.03, &x, &y);
  g_assert_false (duban_regions_area_contains (r, bowtie, x, y));
  g_assert_cmpint (duban_regions_find_area (r, x, y, DUBAN_AREA_TOWN), ==, 0);

  /* the hourglass likewise, turned */
  lonlat (116.4, 35.03, &x, &y);
  g_assert_true (duban_regions_area_contains (r, hourglass, x, y));
  lonlat (116.33, 35.1, &x, &y);
  g_assert_false (duban_regions_area_contains (r, hourglass, x, y));

  /* even-odd: twice round is no inside at all, and the star's middle is
   * a hole — what the map shows, so what a click finds */
  lonlat (116.7, 35.1, &x, &y);
  g_assert_false (duban_regions_area_contains (r, twice, x, y));
  lonlat (116.5, 35.5, &x, &y);
  g_assert_false (duban_regions_area_contains (r, star, x, y));
  lonlat (116.5, 35.58, &x, &y);
  g_assert_true (duban_regions_area_contains (r, star, x, y));

  /* the name sits inside each, the hourglass's too (not at its waist) */
  for (int i = 1; i <= 4; i++)
    {
      const DubanArea *area = duban_regions_get_area (r, (guint) i);

      if (i == twice)
        continue;
      g_assert_true (duban_regions_area_contains (r, (guint) i, area->label_x, area->label_y));
    }

  /* and the map fills exactly what the clicks find */
  g_assert_cmpuint (assert_drawn_where_contained (r, (guint) bowtie, 200), >, 1000);
  g_assert_cmpuint (assert_drawn_where_contained (r, (guint) hourglass, 200), >, 1000);
  g_assert_cmpuint (assert_drawn_where_contained (r, (guint) twice, 200), ==, 0);
  g_assert_cmpuint (assert_drawn_where_contained (r, (guint) star, 200), >, 1000);
}

/* A grid traced at survey precision, a million points round, and a
 * village in a thousand pieces: read whole, found, drawn, labelled. */
static void
test_huge_polygons (void)
{
  const guint n_points = 1000000, n_pieces = 1000;
  g_autoptr(GString) json = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[");
  g_autoptr(GString) ring = g_string_sized_new (n_points * 26);
  g_autoptr(GString) pieces = g_string_new ("[");
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanRegions) r = NULL;
  const DubanArea *round, *scattered;
  int round_index, scattered_index;
  double x, y;

  append_feature (json, "1", "county", NULL, "Polygon",
                  "[[[116.0,35.0],[117.0,35.0],[117.0,36.0],[116.0,36.0],[116.0,35.0]]]");
  /* a circle of radius 0.1° round (116.5, 35.5) */
  g_string_append (ring, "[[");
  for (guint k = 0; k <= n_points; k++)
    {
      double angle = 2 * G_PI * (k % n_points) / n_points;

      g_string_append_printf (ring, "%s[%.9f,%.9f]", k ? "," : "",
                              116.5 + 0.1 * cos (angle), 35.5 + 0.1 * sin (angle));
    }
  g_string_append (ring, "]]");
  append_feature (json, "11", "town", "1", "Polygon", ring->str);
  /* 1000 squares of 0.005°, 0.01° apart, in the county's south-west */
  for (guint k = 0; k < n_pieces; k++)
    {
      double lon = 116.01 + 0.01 * (k % 40), lat = 35.01 + 0.01 * (k / 40);

      g_string_append_printf (pieces, "%s[[[%.3f,%.3f],[%.3f,%.3f],[%.3f,%.3f],[%.3f,%.3f],[%.3f,%.3f]]]",
                              k ? "," : "", lon, lat, lon + 0.005, lat, lon + 0.005, lat + 0.005,
                              lon, lat + 0.005, lon, lat);
    }
  g_string_append (pieces, "]");
  append_feature (json, "12", "town", "1", "MultiPolygon", pieces->str);
  g_string_append (json, "]}");
  g_test_message ("%.1f MB of GeoJSON", json->len / 1e6);

  r = duban_regions_new_from_geojson (json->str, &error);
  g_assert_no_error (error);
  round_index = duban_regions_lookup (r, "11");
  scattered_index = duban_regions_lookup (r, "12");
  round = duban_regions_get_area (r, (guint) round_index);
  scattered = duban_regions_get_area (r, (guint) scattered_index);

  /* every point kept: a move and a line per point, and a close */
  g_assert_cmpuint (round->n_rings, ==, 1);
  g_assert_cmpint (round->path->num_data, ==, 2 * (n_points + 1) + 1);
  g_assert_cmpuint (scattered->n_rings, ==, n_pieces);

  /* inside and outside, a hair either side of the edge */
  lonlat (116.5, 35.5, &x, &y);
  g_assert_cmpint (duban_regions_find_area (r, x, y, DUBAN_AREA_TOWN), ==, round_index);
  lonlat (116.5 + 0.0999, 35.5, &x, &y);
  g_assert_true (duban_regions_area_contains (r, (guint) round_index, x, y));
  lonlat (116.5 + 0.1001, 35.5, &x, &y);
  g_assert_false (duban_regions_area_contains (r, (guint) round_index, x, y));
  g_assert_true (duban_regions_area_contains (r, (guint) round_index, round->label_x, round->label_y));

  /* each piece, and none of the gaps between them */
  for (guint k = 0; k < n_pieces; k += 37)
    {
      double lon = 116.01 + 0.01 * (k % 40), lat = 35.01 + 0.01 * (k / 40);

      lonlat (lon + 0.0025, lat + 0.0025, &x, &y);
      g_assert_cmpint (duban_regions_find_area (r, x, y, DUBAN_AREA_TOWN), ==, scattered_index);
      lonlat (lon + 0.0075, lat + 0.0075, &x, &y);
      g_assert_cmpint (duban_regions_find_area (r, x, y, DUBAN_AREA_TOWN), ==, 0);
    }
  g_assert_true (duban_regions_area_contains (r, (guint) scattered_index, scattered->label_x, scattered->label_y));

  g_assert_cmpuint (assert_drawn_where_contained (r, (guint) round_index, 48), >, 400);
  g_assert_cmpuint (assert_drawn_where_contained (r, (guint) scattered_index, 200), >, 1000);
}

/* A position off the earth would stretch the county's bounds until every
 * grid is a dot: refused by name, and the regions stored before stay. */
static void
test_positions_out_of_range (void)
{
  const char *positions[] = {
    "[200.0,35.0]", "[-180.5,35.0]", "[116.0,95.0]", "[116.0,-90.01]",
    "[1e300,35.0]", "[35.0,116.0]",
  };
  g_autofree char *dir = g_dir_make_tmp ("duban-regions-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "duban.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = duban_store_open (path, &error);
  g_autofree char *before = NULL;

  g_assert_no_error (error);
  g_assert_true (duban_store_replace_regions (store, duban_county_get_regions_json (county), &error));
  g_assert_no_error (error);
  before = duban_store_get_regions_json (store);

  for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
    {
      g_autoptr(GString) json = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[");
      g_autofree char *coordinates = g_strdup_printf ("[[[116.0,35.0],[117.0,35.0],%s,[116.0,35.0]]]",
                                                      positions[i]);
      g_autoptr(DubanRegions) r = NULL;
      g_autofree char *after = NULL;

      append_feature (json, "370828", "county", NULL, "Polygon", "[[[116.0,35.0],[117.0,35.0],[117.0,36.0],[116.0,35.0]]]");
      append_feature (json, "370828001", "town", "370828", "Polygon", coordinates);
      g_string_append (json, "]}");

      r = duban_regions_new_from_geojson (json->str, &error);
      g_assert_null (r);
      g_assert_error (error, DUBAN_REGIONS_ERROR, DUBAN_REGIONS_ERROR_INVALID);
      g_test_message ("%s: %s", positions[i], error->message);
      g_assert_nonnull (strstr (error->message, "region 370828001: position 3 "));
      g_clear_error (&error);

      g_assert_false (duban_store_replace_regions (store, json->str, &error));
      g_assert_error (error, DUBAN_REGIONS_ERROR, DUBAN_REGIONS_ERROR_INVALID);
      g_clear_error (&error);
      after = duban_store_get_regions_json (store);
      g_assert_cmpstr (after, ==, before);
    }

  g_clear_object (&store);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    g_assert_cmpint (system (cmd), ==, 0);
  }
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

  DubanAreaTree tree = {
    duban_regions_get_n_areas (regions), duban_regions_get_parents (regions), duban_regions_get_county (regions),
  };

  duban_sla_policy_init_defaults (&policy);
  g_assert_true (duban_time_parse_rfc3339 ("2026-10-15T12:00:00+08:00", &at, NULL));
  duban_period_init (&period, duban_day_of_time (at) - 60, duban_day_of_time (at), at);

  for (guint i = 0; i < tickets->len; i++)
    grid_of[i] = duban_regions_place_ticket (regions, g_ptr_array_index (tickets, i), NULL, NULL);

  stats = duban_region_stats_compute (&tree, tickets, grid_of, &policy, calendar, &period, NULL, NULL);
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
  urgent = duban_region_stats_compute (&tree, tickets, grid_of, &policy, calendar, &period, urgent_only, NULL);
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
    with_lost = duban_region_stats_compute (&tree, unplaced, &lost_grid, &policy, calendar, &period, NULL, NULL);
    g_assert_cmpuint (with_lost->not_on_map, ==, with_lost->county.shown);
    g_assert_cmpuint (with_lost->county.shown, ==, 1);
    g_assert_cmpuint (with_lost->areas[0].shown, ==, 1);
  }
}

/* A rate over fewer tickets than the minimum is "too few" (样本不足), an
 * empty one "no data", a count never; the class of an area says so. */
static void
test_choropleth_too_few (void)
{
  DubanAreaStats stats[5] = { 0 };
  double values[5];
  guint denominators[5];
  DubanChoropleth choropleth = { 0 };
  const guint due[5] = { 0, 1, 4, 5, 40 };

  for (guint i = 0; i < 5; i++)
    {
      stats[i].figures.due = due[i];
      stats[i].figures.on_time = due[i];
      stats[i].figures.on_time_completion_rate = due[i] > 0 ? 1.0 : NAN;
      stats[i].open = due[i];
      values[i] = stats[i].figures.on_time_completion_rate;
      denominators[i] = duban_choropleth_denominator_of (DUBAN_CHOROPLETH_ON_TIME_RATE, &stats[i]);
    }
  g_assert_false (duban_choropleth_too_few (DUBAN_CHOROPLETH_ON_TIME_RATE, &stats[0], 5));
  g_assert_true (duban_choropleth_too_few (DUBAN_CHOROPLETH_ON_TIME_RATE, &stats[1], 5));
  g_assert_true (duban_choropleth_too_few (DUBAN_CHOROPLETH_ON_TIME_RATE, &stats[2], 5));
  g_assert_false (duban_choropleth_too_few (DUBAN_CHOROPLETH_ON_TIME_RATE, &stats[3], 5));
  g_assert_false (duban_choropleth_too_few (DUBAN_CHOROPLETH_ON_TIME_RATE, &stats[2], 0));
  /* counts have no denominator */
  g_assert_false (duban_choropleth_too_few (DUBAN_CHOROPLETH_OPEN, &stats[1], 5));
  g_assert_cmpuint (duban_choropleth_denominator_of (DUBAN_CHOROPLETH_OPEN, &stats[1]), ==, G_MAXUINT);
  g_assert_cmpuint (DUBAN_CHOROPLETH_DEFAULT_MIN_DENOMINATOR, ==, 5);

  choropleth.figure = DUBAN_CHOROPLETH_ON_TIME_RATE;
  choropleth.level = DUBAN_AREA_GRID;
  choropleth.values = values;
  choropleth.max = 1;
  choropleth.denominators = denominators;
  choropleth.min_denominator = 5;
  g_assert_cmpint (duban_choropleth_class_of_area (&choropleth, 0), ==, -1);
  g_assert_cmpint (duban_choropleth_class_of_area (&choropleth, 1), ==, DUBAN_CHOROPLETH_CLASS_TOO_FEW);
  g_assert_cmpint (duban_choropleth_class_of_area (&choropleth, 2), ==, DUBAN_CHOROPLETH_CLASS_TOO_FEW);
  g_assert_cmpint (duban_choropleth_class_of_area (&choropleth, 3), ==, duban_choropleth_class_of (&choropleth, 1.0));
  g_assert_cmpint (duban_choropleth_class_of_area (&choropleth, 4), ==, duban_choropleth_class_of (&choropleth, 1.0));
  choropleth.min_denominator = 0;
  g_assert_cmpint (duban_choropleth_class_of_area (&choropleth, 1), ==, duban_choropleth_class_of (&choropleth, 1.0));
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
  g_test_add_func ("/regions/self-intersecting", test_self_intersecting);
  g_test_add_func ("/regions/huge-polygons", test_huge_polygons);
  g_test_add_func ("/regions/positions-out-of-range", test_positions_out_of_range);
  g_test_add_func ("/regions/tickets-placed", test_tickets_placed);
  g_test_add_func ("/regions/stats", test_stats);
  g_test_add_func ("/regions/choropleth-too-few", test_choropleth_too_few);

  ret = g_test_run ();

  duban_regions_unref (regions);
  duban_county_free (county);
  return ret;
}
