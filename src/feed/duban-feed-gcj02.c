/* duban-feed-gcj02.c — the GCJ-02 datum shift
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "duban-feed-gcj02"

#include "config.h"

#include <glib/gi18n.h>
#include "duban-feed-gcj02.h"
#include "duban-geo.h"

/* The transform lives once, in core (duban-geo.c): the desk inverts
 * exactly what the platform applied. */

void
duban_feed_wgs84_to_gcj02 (double  lat,
                           double  lon,
                           double *out_lat,
                           double *out_lon)
{
  duban_geo_wgs84_to_gcj02 (lat, lon, out_lat, out_lon);
}

void
duban_feed_gcj02_to_wgs84 (double  lat,
                           double  lon,
                           double *out_lat,
                           double *out_lon)
{
  duban_geo_gcj02_to_wgs84 (lat, lon, out_lat, out_lon);
}
