/* duban-feed-polygon.h — convex polygons cut into pieces of given areas
 *
 * The demo county's map is built by cutting: the county outline into
 * towns, each town into villages, each village into grids. Every cut is a
 * straight line through a convex polygon, and the two halves take the
 * very same intersection points, so the pieces tile their parent exactly:
 * no gaps, no overlaps, whatever the rounding.
 *
 * Coordinates are (lon, lat) in degrees; areas are computed in a local
 * equirectangular projection, fine for a county 40 km across.
 * Private to src/feed.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  double x;   /* longitude */
  double y;   /* latitude */
} DubanPoint;

/* Counter-clockwise, convex, not closed (the last point is not the first). */
typedef struct {
  guint       n;
  DubanPoint *points;
} DubanPolygon;

DubanPolygon *duban_polygon_new          (const DubanPoint   *points,
                                          guint               n);
void          duban_polygon_free         (DubanPolygon       *polygon);
/* km² */
double        duban_polygon_area_km2     (const DubanPolygon *polygon);
DubanPoint    duban_polygon_centroid     (const DubanPolygon *polygon);
gboolean      duban_polygon_contains     (const DubanPolygon *polygon,
                                          double              x,
                                          double              y);
void          duban_polygon_bounds       (const DubanPolygon *polygon,
                                          double             *west,
                                          double             *south,
                                          double             *east,
                                          double             *north);
/* A uniformly random point, kept @margin (0..1) of the way off the edge
 * towards the centroid so it never sits on a shared border. */
DubanPoint    duban_polygon_random_point (const DubanPolygon *polygon,
                                          GRand              *rand,
                                          double              margin);

/* Cuts @polygon into @n convex pieces whose areas are proportional to
 * @weights. @seeds (optional) are points that want to end up near their
 * piece: they order the pieces along each cut. @jitter_degrees tilts each
 * cut at random so the pieces do not look like a chessboard. Returns n
 * DubanPolygon*, piece i for weight i. */
GPtrArray    *duban_polygon_partition    (const DubanPolygon *polygon,
                                          const double       *weights,
                                          const DubanPoint   *seeds,
                                          guint               n,
                                          GRand              *rand,
                                          double              jitter_degrees);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanPolygon, duban_polygon_free)

G_END_DECLS
