/* duban-feed-gcj02.c — the GCJ-02 datum shift
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "duban-feed-gcj02.h"

/* Krasovsky 1940, the ellipsoid the published transform is defined on. */
#define KRASOVSKY_A  6378245.0
#define KRASOVSKY_EE 0.00669342162296594323

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
duban_feed_wgs84_to_gcj02 (double  lat,
                           double  lon,
                           double *out_lat,
                           double *out_lon)
{
  double dlat, dlon, rad_lat, magic, sqrt_magic;

  g_return_if_fail (out_lat != NULL);
  g_return_if_fail (out_lon != NULL);

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
duban_feed_gcj02_to_wgs84 (double  lat,
                           double  lon,
                           double *out_lat,
                           double *out_lon)
{
  double wgs_lat = lat;
  double wgs_lon = lon;

  g_return_if_fail (out_lat != NULL);
  g_return_if_fail (out_lon != NULL);

  /* The shift varies slowly, so a fixed-point iteration converges to
   * sub-millimetre in a handful of steps. */
  for (guint i = 0; i < 8; i++)
    {
      double gcj_lat, gcj_lon;

      duban_feed_wgs84_to_gcj02 (wgs_lat, wgs_lon, &gcj_lat, &gcj_lon);
      wgs_lat -= gcj_lat - lat;
      wgs_lon -= gcj_lon - lon;
    }

  *out_lat = wgs_lat;
  *out_lon = wgs_lon;
}
