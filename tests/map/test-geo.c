/* test-geo.c — Web Mercator, the GCJ-02 shift and its inverse, point in polygon */

#include "config.h"

#include <math.h>

#include "duban-geo.h"

static void
test_mercator_known_points (void)
{
  double x, y, lat, lon;

  duban_geo_to_mercator (0, 0, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 0.5, 1e-15);
  g_assert_cmpfloat_with_epsilon (y, 0.5, 1e-15);

  /* the square world's corners */
  duban_geo_to_mercator (DUBAN_GEO_MAX_LATITUDE, -180, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (y, 0.0, 1e-9);
  duban_geo_to_mercator (-DUBAN_GEO_MAX_LATITUDE, 180, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (y, 1.0, 1e-9);

  /* Tile arithmetic as every slippy map does it: Jinxiang's seat
   * (35.07 N, 116.31 E) is in tile (10, 842, 405) at zoom 10:
   * x = (116.31 / 360 + ½) · 1024 = 842.8, y = 405.4. */
  duban_geo_to_mercator (35.07, 116.31, &x, &y);
  g_assert_cmpint ((int) floor (x * 1024), ==, 842);
  g_assert_cmpint ((int) floor (y * 1024), ==, 405);

  /* y of 45 N, by hand: 0.5 − ln(tan(π/4 + φ/2)) / 2π */
  duban_geo_to_mercator (45, 0, &x, &y);
  g_assert_cmpfloat_with_epsilon (y, 0.5 - log (tan (G_PI / 4 + G_PI / 8)) / (2 * G_PI), 1e-15);

  duban_geo_from_mercator (0.75, 0.25, &lat, &lon);
  g_assert_cmpfloat_with_epsilon (lon, 90.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (lat, 66.51326044311186, 1e-9);
}

static void
test_mercator_round_trip (void)
{
  for (double lat = -80; lat <= 80; lat += 7.3)
    for (double lon = -179; lon <= 179; lon += 11.9)
      {
        double x, y, lat2, lon2;

        duban_geo_to_mercator (lat, lon, &x, &y);
        g_assert_cmpfloat (x, >=, 0);
        g_assert_cmpfloat (x, <=, 1);
        duban_geo_from_mercator (x, y, &lat2, &lon2);
        g_assert_cmpfloat_with_epsilon (lat2, lat, 1e-10);
        g_assert_cmpfloat_with_epsilon (lon2, lon, 1e-10);
      }
}

static void
test_metres (void)
{
  double x, y;

  /* the equator: 2πR per unit */
  g_assert_cmpfloat_with_epsilon (duban_geo_metres_per_unit (0.5), 2 * G_PI * 6378137.0, 1e-3);
  duban_geo_to_mercator (60, 0, &x, &y);
  g_assert_cmpfloat_with_epsilon (duban_geo_metres_per_unit (y), G_PI * 6378137.0, 1e-3);
  /* one degree of latitude ≈ 111.2 km on the sphere */
  g_assert_cmpfloat_with_epsilon (duban_geo_distance (35, 116, 36, 116), 111319.49, 0.5);
}

/* The widely published reference output of the transform (the
 * coordtransform library's documented example, Tiananmen):
 * wgs84togcj02(116.404, 39.915) = (116.41024449916938, 39.91640428150164). */
static void
test_gcj02_forward_reference (void)
{
  double lat, lon;

  duban_geo_wgs84_to_gcj02 (39.915, 116.404, &lat, &lon);
  g_assert_cmpfloat_with_epsilon (lon, 116.41024449916938, 1e-11);
  g_assert_cmpfloat_with_epsilon (lat, 39.91640428150164, 1e-11);

  /* outside mainland China the datums agree */
  duban_geo_wgs84_to_gcj02 (48.8566, 2.3522, &lat, &lon);
  g_assert_cmpfloat (lat, ==, 48.8566);
  g_assert_cmpfloat (lon, ==, 2.3522);
}

static void
test_gcj02_inverse_reference (void)
{
  double lat, lon;

  /* The inverse of the reference pair returns the WGS-84 input. */
  duban_geo_gcj02_to_wgs84 (39.91640428150164, 116.41024449916938, &lat, &lon);
  g_assert_cmpfloat (duban_geo_distance (lat, lon, 39.915, 116.404), <, 0.01);

  /* The same library's documented (one-step, approximate) inverse,
   * gcj02towgs84(116.404, 39.915) = (116.39775550083061, 39.91359571849836):
   * the iterated one agrees within half a metre, and maps forward onto
   * its input where the one-step one does not quite. */
  duban_geo_gcj02_to_wgs84 (39.915, 116.404, &lat, &lon);
  g_assert_cmpfloat (duban_geo_distance (lat, lon, 39.91359571849836, 116.39775550083061), <, 0.5);
  {
    double back_lat, back_lon;

    duban_geo_wgs84_to_gcj02 (lat, lon, &back_lat, &back_lon);
    g_assert_cmpfloat (duban_geo_distance (back_lat, back_lon, 39.915, 116.404), <, 0.01);
  }
}

/* Round trips over Jinxiang and the whole country: under half a metre. */
static void
test_gcj02_round_trip (void)
{
  double worst = 0;

  for (double lat = 18.5; lat < 53; lat += 0.71)
    for (double lon = 74; lon < 134; lon += 0.93)
      {
        double gcj_lat, gcj_lon, lat2, lon2;

        duban_geo_wgs84_to_gcj02 (lat, lon, &gcj_lat, &gcj_lon);
        /* the shift is real: hundreds of metres, not nothing */
        g_assert_cmpfloat (duban_geo_distance (lat, lon, gcj_lat, gcj_lon), >, 1.0);
        duban_geo_gcj02_to_wgs84 (gcj_lat, gcj_lon, &lat2, &lon2);
        worst = MAX (worst, duban_geo_distance (lat, lon, lat2, lon2));
      }
  g_assert_cmpfloat (worst, <, 0.5);

  for (double lat = 34.85; lat < 35.25; lat += 0.013)
    for (double lon = 116.1; lon < 116.5; lon += 0.017)
      {
        double gcj_lat, gcj_lon, lat2, lon2;

        duban_geo_wgs84_to_gcj02 (lat, lon, &gcj_lat, &gcj_lon);
        duban_geo_gcj02_to_wgs84 (gcj_lat, gcj_lon, &lat2, &lon2);
        g_assert_cmpfloat (duban_geo_distance (lat, lon, lat2, lon2), <, 0.01);
      }
}

static void
test_point_in_polygon (void)
{
  /* a 10 × 10 square with a 4 × 4 hole in the middle (not closed), and a
   * second part: a closed triangle off to the right */
  const double xy[] = {
    0, 0, 10, 0, 10, 10, 0, 10,
    3, 3, 7, 3, 7, 7, 3, 7,
    20, 0, 30, 0, 25, 8, 20, 0,
  };
  const guint square[] = { 4 };
  const guint with_hole[] = { 4, 8 };
  const guint multi[] = { 4, 8, 12 };

  g_assert_true (duban_geo_rings_contain (xy, square, 1, 5, 5));
  g_assert_true (duban_geo_rings_contain (xy, square, 1, 0.5, 9.5));
  g_assert_false (duban_geo_rings_contain (xy, square, 1, 10.5, 5));
  g_assert_false (duban_geo_rings_contain (xy, square, 1, -0.001, 5));

  g_assert_false (duban_geo_rings_contain (xy, with_hole, 2, 5, 5));
  g_assert_true (duban_geo_rings_contain (xy, with_hole, 2, 2, 5));
  g_assert_true (duban_geo_rings_contain (xy, with_hole, 2, 8, 8));

  g_assert_true (duban_geo_rings_contain (xy, multi, 3, 25, 4));
  g_assert_false (duban_geo_rings_contain (xy, multi, 3, 25, 9));
  g_assert_false (duban_geo_rings_contain (xy, multi, 3, 5, 5));
  g_assert_true (duban_geo_rings_contain (xy, multi, 3, 1, 1));
  g_assert_false (duban_geo_rings_contain (xy, multi, 3, 15, 4));

  /* a concave L: the notch is outside */
  {
    const double l[] = { 0, 0, 6, 0, 6, 2, 2, 2, 2, 6, 0, 6 };
    const guint ends[] = { 6 };

    g_assert_true (duban_geo_rings_contain (l, ends, 1, 1, 5));
    g_assert_true (duban_geo_rings_contain (l, ends, 1, 5, 1));
    g_assert_false (duban_geo_rings_contain (l, ends, 1, 4, 4));
  }

  g_assert_false (duban_geo_rings_contain (NULL, NULL, 0, 1, 1));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/geo/mercator/known-points", test_mercator_known_points);
  g_test_add_func ("/geo/mercator/round-trip", test_mercator_round_trip);
  g_test_add_func ("/geo/metres", test_metres);
  g_test_add_func ("/geo/gcj02/forward-reference", test_gcj02_forward_reference);
  g_test_add_func ("/geo/gcj02/inverse-reference", test_gcj02_inverse_reference);
  g_test_add_func ("/geo/gcj02/round-trip", test_gcj02_round_trip);
  g_test_add_func ("/geo/point-in-polygon", test_point_in_polygon);

  return g_test_run ();
}
