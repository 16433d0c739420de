/* duban-feed-gcj02.h — the mini-program's GCJ-02 positions
 *
 * WeChat reports positions in GCJ-02, the obfuscated datum that Chinese
 * law requires of consumer maps. The reference platform serves such
 * positions as they really arrive (crs "gcj02"), so it needs the forward
 * transform to make them, and the inverse for the Open311 view, which is
 * WGS-84 only. This is the widely published transform; it is exact
 * enough (well under a metre after inversion) for grid placement.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void duban_feed_wgs84_to_gcj02 (double  lat,
                                double  lon,
                                double *out_lat,
                                double *out_lon);
/* Iterative inverse of duban_feed_wgs84_to_gcj02(). */
void duban_feed_gcj02_to_wgs84 (double  lat,
                                double  lon,
                                double *out_lat,
                                double *out_lon);

G_END_DECLS
