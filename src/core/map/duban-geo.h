/* duban-geo.h — coordinates: Web Mercator, the GCJ-02 datum shift, point in polygon
 *
 * The map works in normalised Web Mercator: x and y in [0, 1], x east from
 * the antimeridian, y south from the north edge, one unit the width of
 * the world at zoom 0. A zoom level z shows the world 256 · 2^z pixels
 * wide, so a pixel distance is a Mercator distance times that.
 *
 * Positions from the WeChat mini-program arrive in GCJ-02, the datum that
 * Chinese law requires of consumer maps; the regions and the map are
 * WGS-84. The forward shift is the widely published one (on the
 * Krasovsky 1940 ellipsoid); it has no closed inverse, so the inverse is
 * iterated until it is within a few millimetres.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The sphere duban_geo_distance() measures on, in metres (WGS 84's
 * equatorial radius). */
#define DUBAN_GEO_EARTH_RADIUS 6378137.0

/* Web Mercator's latitude limit: the world is square there. */
#define DUBAN_GEO_MAX_LATITUDE 85.05112877980659

void     duban_geo_to_mercator    (double        lat,
                                   double        lon,
                                   double       *out_x,
                                   double       *out_y);
void     duban_geo_from_mercator  (double        x,
                                   double        y,
                                   double       *out_lat,
                                   double       *out_lon);
/* Metres on the ground per Mercator unit at a Mercator y. */
double   duban_geo_metres_per_unit (double       y);
/* Great-circle distance in metres. */
double   duban_geo_distance       (double        lat_a,
                                   double        lon_a,
                                   double        lat_b,
                                   double        lon_b);

/* TRUE inside the box where the GCJ-02 shift applies (mainland China). */
gboolean duban_geo_in_china       (double        lat,
                                   double        lon);
void     duban_geo_wgs84_to_gcj02 (double        lat,
                                   double        lon,
                                   double       *out_lat,
                                   double       *out_lon);
/* The iterative inverse; within 0.5 m (in practice millimetres). */
void     duban_geo_gcj02_to_wgs84 (double        lat,
                                   double        lon,
                                   double       *out_lat,
                                   double       *out_lon);

/* Even-odd rule over every ring of a Polygon or MultiPolygon: a point in
 * a hole crosses the outer ring and the hole, so it is outside; parts of
 * a MultiPolygon do not overlap, so their rings add up the same way.
 * @xy holds x0, y0, x1, y1 … for all rings; ring i ends (exclusive, in
 * points) at @ring_ends[i] and starts where ring i-1 ended. A ring may or
 * may not repeat its first point at its end. */
gboolean duban_geo_rings_contain  (const double *xy,
                                   const guint  *ring_ends,
                                   guint         n_rings,
                                   double        x,
                                   double        y);

G_END_DECLS
