/* duban-geo.c — coordinates: Web Mercator, the GCJ-02 datum shift, point in polygon */

#define G_LOG_DOMAIN "duban-geo"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "duban-geo.h"

#define EARTH_RADIUS DUBAN_GEO_EARTH_RADIUS

/* Krasovsky 1940, the ellipsoid the published GCJ-02 transform is defined on. */
#define KRASOVSKY_A  6378245.0
#define KRASOVSKY_EE 0.00669342162296594323

void
duban_geo_to_mercator (double  lat,
                       double  lon,
                       double *out_x,
                       double *out_y)
{
  double sin_lat;

  g_return_if_fail (out_x != NULL);
  g_return_if_fail (out_y != NULL);

  lat = CLAMP (lat, -DUBAN_GEO_MAX_LATITUDE, DUBAN_GEO_MAX_LATITUDE);
  sin_lat = sin (lat * G_PI / 180.0);
  *out_x = lon / 360.0 + 0.5;
  *out_y = 0.5 - 0.25 * log ((1.0 + sin_lat) / (1.0 - sin_lat)) / G_PI;
}

void
duban_geo_from_mercator (double  x,
                         double  y,
                         double *out_lat,
                         double *out_lon)
{
  g_return_if_fail (out_lat != NULL);
  g_return_if_fail (out_lon != NULL);

  *out_lon = (x - 0.5) * 360.0;
  *out_lat = atan (sinh (G_PI * (1.0 - 2.0 * y))) * 180.0 / G_PI;
}

double
duban_geo_metres_per_unit (double y)
{
  double lat, lon;

  duban_geo_from_mercator (0.5, y, &lat, &lon);
  return 2.0 * G_PI * EARTH_RADIUS * cos (lat * G_PI / 180.0);
}

double
duban_geo_distance (double lat_a,
                    double lon_a,
                    double lat_b,
                    double lon_b)
{
  double phi_a = lat_a * G_PI / 180.0;
  double phi_b = lat_b * G_PI / 180.0;
  double dphi = phi_b - phi_a;
  double dlambda = (lon_b - lon_a) * G_PI / 180.0;
  double h = sin (dphi / 2) * sin (dphi / 2) + cos (phi_a) * cos (phi_b) * sin (dlambda / 2) * sin (dlambda / 2);

  return 2.0 * EARTH_RADIUS * asin (MIN (1.0, sqrt (h)));
}

gboolean
duban_geo_in_china (double lat,
                    double lon)
{
  return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
}

static double
shift_lat (double x,
           double y)
{
  double ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt (fabs (x));

  ret += (20.0 * sin (6.0 * x * G_PI) + 20.0 * sin (2.0 * x * G_PI)) * 2.0 / 3.0;
  ret += (20.0 * sin (y * G_PI) + 40.0 * sin (y / 3.0 * G_PI)) * 2.0 / 3.0;
  ret += (160.0 * sin (y / 12.0 * G_PI) + 320.0 * sin (y * G_PI / 30.0)) * 2.0 / 3.0;
  return ret;
}

static double
shift_lon (double x,
           double y)
{
  double ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt (fabs (x));

  ret += (20.0 * sin (6.0 * x * G_PI) + 20.0 * sin (2.0 * x * G_PI)) * 2.0 / 3.0;
  ret += (20.0 * sin (x * G_PI) + 40.0 * sin (x / 3.0 * G_PI)) * 2.0 / 3.0;
  ret += (150.0 * sin (x / 12.0 * G_PI) + 300.0 * sin (x / 30.0 * G_PI)) * 2.0 / 3.0;
  return ret;
}

void
duban_geo_wgs84_to_gcj02 (double  lat,
                          double  lon,
                          double *out_lat,
                          double *out_lon)
{
  double dlat, dlon, rad_lat, magic, sqrt_magic;

  g_return_if_fail (out_lat != NULL);
  g_return_if_fail (out_lon != NULL);

  /* The law shifts only mainland positions; elsewhere the two agree. */
  if (!duban_geo_in_china (lat, lon))
    {
      *out_lat = lat;
      *out_lon = lon;
      return;
    }

  dlat = shift_lat (lon - 105.0, lat - 35.0);
  dlon = shift_lon (lon - 105.0, lat - 35.0);
  rad_lat = lat / 180.0 * G_PI;
  magic = sin (rad_lat);
  magic = 1 - KRASOVSKY_EE * magic * magic;
  sqrt_magic = sqrt (magic);
  dlat = (dlat * 180.0) / ((KRASOVSKY_A * (1 - KRASOVSKY_EE)) / (magic * sqrt_magic) * G_PI);
  dlon = (dlon * 180.0) / (KRASOVSKY_A / sqrt_magic * cos (rad_lat) * G_PI);
  *out_lat = lat + dlat;
  *out_lon = lon + dlon;
}

void
duban_geo_gcj02_to_wgs84 (double  lat,
                          double  lon,
                          double *out_lat,
                          double *out_lon)
{
  double wgs_lat = lat;
  double wgs_lon = lon;

  g_return_if_fail (out_lat != NULL);
  g_return_if_fail (out_lon != NULL);

  /* The shift (a few hundred metres) changes by well under a millimetre
   * per metre moved, so the fixed-point iteration w ← w − (f(w) − g)
   * contracts fast: each step gains three orders of magnitude. Stop
   * below 1e-9° (0.1 mm); the cap only guards against a NaN input. */
  for (guint i = 0; i < 30; i++)
    {
      double gcj_lat, gcj_lon, err_lat, err_lon;

      duban_geo_wgs84_to_gcj02 (wgs_lat, wgs_lon, &gcj_lat, &gcj_lon);
      err_lat = gcj_lat - lat;
      err_lon = gcj_lon - lon;
      wgs_lat -= err_lat;
      wgs_lon -= err_lon;
      if (fabs (err_lat) < 1e-9 && fabs (err_lon) < 1e-9)
        break;
    }

  *out_lat = wgs_lat;
  *out_lon = wgs_lon;
}

gboolean
duban_geo_rings_contain (const double *xy,
                         const guint  *ring_ends,
                         guint         n_rings,
                         double        x,
                         double        y)
{
  gboolean inside = FALSE;
  guint start = 0;

  g_return_val_if_fail (xy != NULL || n_rings == 0, FALSE);
  g_return_val_if_fail (ring_ends != NULL || n_rings == 0, FALSE);

  for (guint r = 0; r < n_rings; r++)
    {
      guint end = ring_ends[r];

      if (end - start >= 3)
        {
          /* j trails i; starting at the last point closes the ring, and a
           * repeated closing point only adds an edge of zero length. */
          for (guint i = start, j = end - 1; i < end; j = i++)
            {
              double xi = xy[2 * i], yi = xy[2 * i + 1];
              double xj = xy[2 * j], yj = xy[2 * j + 1];

              if ((yi > y) != (yj > y) &&
                  x < (xj - xi) * (y - yi) / (yj - yi) + xi)
                inside = !inside;
            }
        }
      start = end;
    }

  return inside;
}
