/* duban-feed-polygon.c — convex polygons cut into pieces of given areas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "duban-feed-polygon"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "duban-feed-polygon.h"

/* km per degree at Jinxiang's latitude (35.05° N) */
#define KM_PER_DEGREE_LON 91.11
#define KM_PER_DEGREE_LAT 110.95

DubanPolygon *
duban_polygon_new (const DubanPoint *points,
                   guint             n)
{
  DubanPolygon *polygon;

  g_return_val_if_fail (points != NULL || n == 0, NULL);

  polygon = g_new0 (DubanPolygon, 1);
  polygon->n = n;
  polygon->points = g_memdup2 (points, sizeof *points * n);
  return polygon;
}

void
duban_polygon_free (DubanPolygon *polygon)
{
  if (polygon == NULL)
    return;
  g_free (polygon->points);
  g_free (polygon);
}

static double
signed_area_degrees (const DubanPoint *points,
                     guint             n)
{
  double twice = 0;

  for (guint i = 0; i < n; i++)
    {
      const DubanPoint *a = &points[i];
      const DubanPoint *b = &points[(i + 1) % n];

      twice += a->x * b->y - b->x * a->y;
    }
  return twice / 2;
}

double
duban_polygon_area_km2 (const DubanPolygon *polygon)
{
  g_return_val_if_fail (polygon != NULL, 0);

  return fabs (signed_area_degrees (polygon->points, polygon->n)) * KM_PER_DEGREE_LON * KM_PER_DEGREE_LAT;
}

DubanPoint
duban_polygon_centroid (const DubanPolygon *polygon)
{
  static const DubanPoint origin = { 0, 0 };
  double area = 0, cx = 0, cy = 0;

  g_return_val_if_fail (polygon != NULL && polygon->n > 0, origin);

  for (guint i = 0; i < polygon->n; i++)
    {
      const DubanPoint *a = &polygon->points[i];
      const DubanPoint *b = &polygon->points[(i + 1) % polygon->n];
      double cross = a->x * b->y - b->x * a->y;

      area += cross;
      cx += (a->x + b->x) * cross;
      cy += (a->y + b->y) * cross;
    }
  if (fabs (area) < 1e-18)
    return polygon->points[0];
  return (DubanPoint) { cx / (3 * area), cy / (3 * area) };
}

/* Ray casting: right for any simple polygon, not only convex ones, so
 * tests can use it on whatever the GeoJSON holds. */
gboolean
duban_polygon_contains (const DubanPolygon *polygon,
                        double              x,
                        double              y)
{
  gboolean inside = FALSE;

  g_return_val_if_fail (polygon != NULL, FALSE);

  for (guint i = 0, j = polygon->n - 1; i < polygon->n; j = i++)
    {
      const DubanPoint *a = &polygon->points[i];
      const DubanPoint *b = &polygon->points[j];

      if ((a->y > y) != (b->y > y) &&
          x < (b->x - a->x) * (y - a->y) / (b->y - a->y) + a->x)
        inside = !inside;
    }
  return inside;
}

void
duban_polygon_bounds (const DubanPolygon *polygon,
                      double             *west,
                      double             *south,
                      double             *east,
                      double             *north)
{
  g_return_if_fail (polygon != NULL && polygon->n > 0);

  *west = *east = polygon->points[0].x;
  *south = *north = polygon->points[0].y;
  for (guint i = 1; i < polygon->n; i++)
    {
      *west = MIN (*west, polygon->points[i].x);
      *east = MAX (*east, polygon->points[i].x);
      *south = MIN (*south, polygon->points[i].y);
      *north = MAX (*north, polygon->points[i].y);
    }
}

DubanPoint
duban_polygon_random_point (const DubanPolygon *polygon,
                            GRand              *rand,
                            double              margin)
{
  static const DubanPoint origin = { 0, 0 };
  DubanPoint centre, p;
  double total = 0, pick, r1, r2, s;
  guint t;

  g_return_val_if_fail (polygon != NULL && polygon->n >= 3, origin);

  /* a fan of triangles from the first vertex covers a convex polygon */
  for (guint i = 1; i + 1 < polygon->n; i++)
    total += fabs (signed_area_degrees ((DubanPoint[]) { polygon->points[0], polygon->points[i], polygon->points[i + 1] }, 3));
  pick = g_rand_double (rand) * total;
  for (t = 1; t + 2 < polygon->n; t++)
    {
      double area = fabs (signed_area_degrees ((DubanPoint[]) { polygon->points[0], polygon->points[t], polygon->points[t + 1] }, 3));

      if (pick < area)
        break;
      pick -= area;
    }

  r1 = g_rand_double (rand);
  r2 = g_rand_double (rand);
  s = sqrt (r1);
  p.x = (1 - s) * polygon->points[0].x + s * (1 - r2) * polygon->points[t].x + s * r2 * polygon->points[t + 1].x;
  p.y = (1 - s) * polygon->points[0].y + s * (1 - r2) * polygon->points[t].y + s * r2 * polygon->points[t + 1].y;

  centre = duban_polygon_centroid (polygon);
  p.x = centre.x + (p.x - centre.x) * (1 - margin);
  p.y = centre.y + (p.y - centre.y) * (1 - margin);
  return p;
}

/* ---- cutting ---------------------------------------------------------- */

typedef struct {
  double dx, dy;   /* the cut's normal, in km space */
} Direction;

static double
project (const DubanPoint *p,
         Direction         d)
{
  return p->x * KM_PER_DEGREE_LON * d.dx + p->y * KM_PER_DEGREE_LAT * d.dy;
}

/* One walk round the polygon fills both halves, and each crossing point
 * is computed once and given to both: the two halves share their edge
 * exactly. Vertices on the line go to both. */
static void
cut (const DubanPolygon *polygon,
     Direction           d,
     double              at,
     GArray             *below,
     GArray             *above)
{
  g_array_set_size (below, 0);
  g_array_set_size (above, 0);

  for (guint i = 0; i < polygon->n; i++)
    {
      const DubanPoint *a = &polygon->points[i];
      const DubanPoint *b = &polygon->points[(i + 1) % polygon->n];
      double side_a = project (a, d) - at;
      double side_b = project (b, d) - at;

      if (side_a <= 0)
        g_array_append_val (below, *a);
      if (side_a >= 0)
        g_array_append_val (above, *a);
      if ((side_a < 0 && side_b > 0) || (side_a > 0 && side_b < 0))
        {
          double t = side_a / (side_a - side_b);
          DubanPoint x = { a->x + t * (b->x - a->x), a->y + t * (b->y - a->y) };

          g_array_append_val (below, x);
          g_array_append_val (above, x);
        }
    }
}

typedef struct {
  const double     *weights;
  const DubanPoint *seeds;
  GRand            *rand;
  double            jitter;
  GPtrArray        *pieces;
} Partition;

typedef struct {
  guint  index;
  double key;
} Ordered;

static int
compare_ordered (gconstpointer a,
                 gconstpointer b)
{
  const Ordered *x = a, *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->index < y->index ? -1 : (x->index > y->index);
}

/* The cut across @d whose lower side holds @fraction of the area; leaves
 * the two sides in @below and @above. */
static double
find_cut (const DubanPolygon *polygon,
          Direction           d,
          double              fraction,
          GArray             *below,
          GArray             *above)
{
  double lo, hi, area;

  lo = hi = project (&polygon->points[0], d);
  for (guint i = 1; i < polygon->n; i++)
    {
      lo = MIN (lo, project (&polygon->points[i], d));
      hi = MAX (hi, project (&polygon->points[i], d));
    }
  area = fabs (signed_area_degrees (polygon->points, polygon->n));
  for (guint step = 0; step < 60; step++)
    {
      double mid = (lo + hi) / 2;

      cut (polygon, d, mid, below, above);
      if (fabs (signed_area_degrees ((DubanPoint *) below->data, below->len)) < fraction * area)
        lo = mid;
      else
        hi = mid;
    }
  cut (polygon, d, (lo + hi) / 2, below, above);
  return (lo + hi) / 2;
}

static void
partition_into (Partition          *run,
                const DubanPolygon *polygon,
                const guint        *indices,
                guint               n)
{
  g_autofree Ordered *order = NULL;
  g_autofree guint *sorted = NULL;
  g_autoptr(GArray) below = g_array_new (FALSE, FALSE, sizeof (DubanPoint));
  g_autoptr(GArray) above = g_array_new (FALSE, FALSE, sizeof (DubanPoint));
  g_autoptr(DubanPolygon) low = NULL;
  g_autoptr(DubanPolygon) high = NULL;
  double west, south, east, north, angle, total = 0, running = 0, fraction;
  Direction d;
  guint k = 1;

  g_assert (n >= 1);

  if (n == 1)
    {
      g_ptr_array_index (run->pieces, indices[0]) = duban_polygon_new (polygon->points, polygon->n);
      return;
    }

  /* cut across the polygon's longest direction (its vertices' principal
   * axis), so that the pieces stay compact rather than sliver-thin; the
   * seeds only decide which piece goes to which side. Then tilt a little. */
  duban_polygon_bounds (polygon, &west, &south, &east, &north);
  angle = (east - west) * KM_PER_DEGREE_LON >= (north - south) * KM_PER_DEGREE_LAT ? 0 : G_PI / 2;
  {
    double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;

    for (guint i = 0; i < polygon->n; i++)
      {
        mx += polygon->points[i].x * KM_PER_DEGREE_LON / polygon->n;
        my += polygon->points[i].y * KM_PER_DEGREE_LAT / polygon->n;
      }
    for (guint i = 0; i < polygon->n; i++)
      {
        double x = polygon->points[i].x * KM_PER_DEGREE_LON - mx;
        double y = polygon->points[i].y * KM_PER_DEGREE_LAT - my;

        sxx += x * x;
        syy += y * y;
        sxy += x * y;
      }
    if (fabs (sxx - syy) + fabs (sxy) > 1e-12)
      angle = 0.5 * atan2 (2 * sxy, sxx - syy);
  }
  angle += g_rand_double_range (run->rand, -run->jitter, run->jitter) * G_PI / 180;
  d = (Direction) { cos (angle), sin (angle) };

  order = g_new (Ordered, n);
  for (guint i = 0; i < n; i++)
    {
      order[i].index = indices[i];
      order[i].key = run->seeds != NULL ? project (&run->seeds[indices[i]], d) : (double) i;
      total += run->weights[indices[i]];
    }
  qsort (order, n, sizeof *order, compare_ordered);
  sorted = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    sorted[i] = order[i].index;

  /* Where to split the ordered pieces: near half the weight, and where
   * the area-true cut leaves the fewest seeds on the wrong side (so a
   * town ends up around its seat). */
  {
    double best = G_MAXDOUBLE;

    for (guint i = 1; i < n; i++)
      {
        double share, score;

        running += run->weights[sorted[i - 1]];
        share = running / total;
        score = fabs (share - 0.5) * 4;
        if (run->seeds != NULL && share > 0.15 && share < 0.85)
          {
            double at = find_cut (polygon, d, share, below, above);

            for (guint j = 0; j < n; j++)
              if ((j < i) != (order[j].key < at))
                score += 1;
          }
        else if (run->seeds != NULL)
          score += n;
        if (score < best)
          {
            best = score;
            k = i;
          }
      }
    running = 0;
    for (guint i = 0; i < k; i++)
      running += run->weights[sorted[i]];
  }
  fraction = running / total;
  find_cut (polygon, d, fraction, below, above);

  low = duban_polygon_new ((DubanPoint *) below->data, below->len);
  high = duban_polygon_new ((DubanPoint *) above->data, above->len);
  partition_into (run, low, sorted, k);
  partition_into (run, high, sorted + k, n - k);
}

GPtrArray *
duban_polygon_partition (const DubanPolygon *polygon,
                         const double       *weights,
                         const DubanPoint   *seeds,
                         guint               n,
                         GRand              *rand,
                         double              jitter_degrees)
{
  g_autofree guint *indices = NULL;
  Partition run;

  g_return_val_if_fail (polygon != NULL && polygon->n >= 3, NULL);
  g_return_val_if_fail (weights != NULL && n > 0, NULL);
  g_return_val_if_fail (rand != NULL, NULL);

  run = (Partition) { weights, seeds, rand, jitter_degrees,
                      g_ptr_array_new_with_free_func ((GDestroyNotify) duban_polygon_free) };
  g_ptr_array_set_size (run.pieces, n);
  indices = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    indices[i] = i;
  partition_into (&run, polygon, indices, n);
  return run.pieces;
}
