/* duban-cluster.c — a hierarchical cluster index over located tickets */

#define G_LOG_DOMAIN "duban-cluster"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "duban-cluster.h"

/* The finest cell: 2^-(MAX_ZOOM + 2) Mercator units, 64 px at MAX_ZOOM. */
#define FINEST_BITS (DUBAN_CLUSTER_MAX_ZOOM + 2)

struct _DubanClusterIndex
{
  gatomicrefcount    ref_count;
  guint              n_points;
  DubanClusterPoint *points;                                /* sorted by cell */
  guint              n_clusters[DUBAN_CLUSTER_MAX_ZOOM + 1];
  DubanCluster      *clusters[DUBAN_CLUSTER_MAX_ZOOM + 1];   /* sorted by cell */
};

/* Spreads the low 32 bits of @v to the even bits of the result. */
static inline guint64
spread_bits (guint64 v)
{
  v &= 0xffffffffu;
  v = (v | (v << 16)) & G_GUINT64_CONSTANT (0x0000ffff0000ffff);
  v = (v | (v << 8))  & G_GUINT64_CONSTANT (0x00ff00ff00ff00ff);
  v = (v | (v << 4))  & G_GUINT64_CONSTANT (0x0f0f0f0f0f0f0f0f);
  v = (v | (v << 2))  & G_GUINT64_CONSTANT (0x3333333333333333);
  v = (v | (v << 1))  & G_GUINT64_CONSTANT (0x5555555555555555);
  return v;
}

static inline guint64
morton (guint32 cx,
        guint32 cy)
{
  return spread_bits (cx) | (spread_bits (cy) << 1);
}

static inline guint32
cell_of (double v,
         int    bits)
{
  double scaled = floor (v * (double) (1u << bits));
  double last = (double) ((1u << bits) - 1);

  /* NaN and positions off the world land on its edge rather than nowhere. */
  if (!(scaled >= 0))
    return 0;
  return (guint32) MIN (scaled, last);
}

typedef struct {
  guint64 key;
  guint32 index;
} KeyedIndex;

/* LSD radix sort on the Morton code, 11 bits a pass: four passes cover
 * the 2 × 18 bits, linear in the number of points and stable. */
static void
radix_sort (KeyedIndex *items,
            KeyedIndex *scratch,
            guint       n)
{
  enum { DIGIT_BITS = 11, N_BUCKETS = 1 << DIGIT_BITS };
  g_autofree guint *counts = g_new (guint, N_BUCKETS);
  KeyedIndex *from = items, *to = scratch;

  for (guint shift = 0; shift < 2 * FINEST_BITS; shift += DIGIT_BITS)
    {
      guint sum = 0;

      memset (counts, 0, N_BUCKETS * sizeof (guint));
      for (guint i = 0; i < n; i++)
        counts[(from[i].key >> shift) & (N_BUCKETS - 1)]++;
      for (guint b = 0; b < N_BUCKETS; b++)
        {
          guint c = counts[b];

          counts[b] = sum;
          sum += c;
        }
      for (guint i = 0; i < n; i++)
        to[counts[(from[i].key >> shift) & (N_BUCKETS - 1)]++] = from[i];

      KeyedIndex *swap = from;
      from = to;
      to = swap;
    }

  if (from != items)
    memcpy (items, from, n * sizeof (KeyedIndex));
}

DubanClusterIndex *
duban_cluster_index_new (const DubanClusterPoint *points,
                         guint                    n_points)
{
  DubanClusterIndex *self;
  g_autofree KeyedIndex *keyed = NULL;
  g_autofree KeyedIndex *scratch = NULL;
  guint64 *finest_cells;

  g_return_val_if_fail (points != NULL || n_points == 0, NULL);

  self = g_new0 (DubanClusterIndex, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->n_points = n_points;
  self->points = g_new (DubanClusterPoint, MAX (n_points, 1));

  keyed = g_new (KeyedIndex, MAX (n_points, 1));
  scratch = g_new (KeyedIndex, MAX (n_points, 1));
  for (guint i = 0; i < n_points; i++)
    {
      keyed[i].key = morton (cell_of (points[i].x, FINEST_BITS), cell_of (points[i].y, FINEST_BITS));
      keyed[i].index = i;
    }
  radix_sort (keyed, scratch, n_points);

  /* scratch is free again: keep the sorted codes in it */
  finest_cells = (guint64 *) scratch;
  for (guint i = 0; i < n_points; i++)
    {
      self->points[i] = points[keyed[i].index];
      finest_cells[i] = keyed[i].key;
    }
  g_clear_pointer (&keyed, g_free);

  /* The finest level: runs of equal codes. */
  {
    int z = DUBAN_CLUSTER_MAX_ZOOM;
    DubanCluster *level = g_new0 (DubanCluster, MAX (n_points, 1));
    guint n = 0;

    for (guint i = 0; i < n_points; )
      {
        DubanCluster *c = &level[n++];
        double sx = 0, sy = 0;
        guint j = i;

        c->cell = finest_cells[i];
        c->first = i;
        for (; j < n_points && finest_cells[j] == c->cell; j++)
          {
            sx += self->points[j].x;
            sy += self->points[j].y;
            c->kind_counts[MIN (self->points[j].kind, DUBAN_CLUSTER_N_KINDS - 1)]++;
          }
        c->count = j - i;
        c->x = sx / c->count;
        c->y = sy / c->count;
        i = j;
      }
    self->clusters[z] = g_renew (DubanCluster, level, MAX (n, 1));
    self->n_clusters[z] = n;
  }

  /* Each coarser level merges runs of the finer one whose codes agree
   * once two bits are dropped: a cell and its four quarters. */
  for (int z = DUBAN_CLUSTER_MAX_ZOOM - 1; z >= 0; z--)
    {
      const DubanCluster *finer = self->clusters[z + 1];
      guint n_finer = self->n_clusters[z + 1];
      DubanCluster *level = g_new0 (DubanCluster, MAX (n_finer, 1));
      guint n = 0;

      for (guint i = 0; i < n_finer; )
        {
          DubanCluster *c = &level[n++];
          guint64 cell = finer[i].cell >> 2;
          double sx = 0, sy = 0;
          guint j = i;

          c->cell = cell;
          c->first = finer[i].first;
          for (; j < n_finer && (finer[j].cell >> 2) == cell; j++)
            {
              c->count += finer[j].count;
              sx += finer[j].x * finer[j].count;
              sy += finer[j].y * finer[j].count;
              for (guint k = 0; k < DUBAN_CLUSTER_N_KINDS; k++)
                c->kind_counts[k] += finer[j].kind_counts[k];
            }
          c->x = sx / c->count;
          c->y = sy / c->count;
          i = j;
        }
      self->clusters[z] = g_renew (DubanCluster, level, MAX (n, 1));
      self->n_clusters[z] = n;
    }

  return self;
}

static void
build_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GArray *points = task_data;

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_pointer (task,
                         duban_cluster_index_new ((const DubanClusterPoint *) points->data, points->len),
                         (GDestroyNotify) duban_cluster_index_unref);
}

void
duban_cluster_index_new_async (GArray              *points,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (points != NULL);
  g_return_if_fail (g_array_get_element_size (points) == sizeof (DubanClusterPoint));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, duban_cluster_index_new_async);
  g_task_set_task_data (task, points, (GDestroyNotify) g_array_unref);
  g_task_run_in_thread (task, build_in_thread);
}

DubanClusterIndex *
duban_cluster_index_new_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == duban_cluster_index_new_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

DubanClusterIndex *
duban_cluster_index_ref (DubanClusterIndex *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
duban_cluster_index_unref (DubanClusterIndex *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint z = 0; z <= DUBAN_CLUSTER_MAX_ZOOM; z++)
    g_free (self->clusters[z]);
  g_free (self->points);
  g_free (self);
}

guint
duban_cluster_index_get_n_points (const DubanClusterIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_points;
}

const DubanClusterPoint *
duban_cluster_index_get_points (const DubanClusterIndex *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->points;
}

guint
duban_cluster_index_get_n_clusters (const DubanClusterIndex *self,
                                    int                      zoom)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_clusters[CLAMP (zoom, 0, DUBAN_CLUSTER_MAX_ZOOM)];
}

const DubanCluster *
duban_cluster_index_get_clusters (const DubanClusterIndex *self,
                                  int                      zoom)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->clusters[CLAMP (zoom, 0, DUBAN_CLUSTER_MAX_ZOOM)];
}

/* The first cluster whose cell is not below @cell. */
static guint
lower_bound (const DubanCluster *clusters,
             guint               n,
             guint64             cell)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (clusters[mid].cell < cell)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static inline gboolean
in_box (double x,
        double y,
        double min_x,
        double min_y,
        double max_x,
        double max_y)
{
  return x >= min_x && x <= max_x && y >= min_y && y <= max_y;
}

/* Calls @func for the clusters of @zoom whose cells meet the box: one
 * binary search per cell row segment when the box holds few cells, a
 * plain scan of the level when it holds more cells than the level has
 * clusters (the whole county at high zoom). */
typedef gboolean (*CellFunc) (const DubanCluster *cluster, gpointer data);

static void
for_cells_in_box (const DubanClusterIndex *self,
                  int                      zoom,
                  double                   min_x,
                  double                   min_y,
                  double                   max_x,
                  double                   max_y,
                  CellFunc                 func,
                  gpointer                 data)
{
  const DubanCluster *clusters = self->clusters[zoom];
  guint n = self->n_clusters[zoom];
  int bits = zoom + 2;
  guint32 x0 = cell_of (min_x, bits), x1 = cell_of (max_x, bits);
  guint32 y0 = cell_of (min_y, bits), y1 = cell_of (max_y, bits);
  double n_cells = ((double) x1 - x0 + 1) * ((double) y1 - y0 + 1);

  if (n == 0)
    return;

  if (n_cells > n / 4.0)
    {
      for (guint i = 0; i < n; i++)
        func (&clusters[i], data);
      return;
    }

  for (guint32 cy = y0; cy <= y1; cy++)
    for (guint32 cx = x0; cx <= x1; cx++)
      {
        guint64 cell = morton (cx, cy);
        guint i = lower_bound (clusters, n, cell);

        if (i < n && clusters[i].cell == cell)
          func (&clusters[i], data);
      }
}

typedef struct {
  double               min_x, min_y, max_x, max_y;
  DubanClusterVisitor  cluster_visitor;
  DubanPointVisitor    point_visitor;
  const DubanClusterPoint *points;
  gpointer             user_data;
  guint                n_visited;
} Query;

static gboolean
visit_cluster (const DubanCluster *cluster,
               gpointer            data)
{
  Query *q = data;

  if (!in_box (cluster->x, cluster->y, q->min_x, q->min_y, q->max_x, q->max_y))
    return TRUE;
  q->n_visited++;
  if (q->cluster_visitor != NULL)
    q->cluster_visitor (cluster, q->user_data);
  return TRUE;
}

static gboolean
visit_points_of (const DubanCluster *cluster,
                 gpointer            data)
{
  Query *q = data;

  for (guint i = cluster->first; i < cluster->first + cluster->count; i++)
    {
      const DubanClusterPoint *p = &q->points[i];

      if (!in_box (p->x, p->y, q->min_x, q->min_y, q->max_x, q->max_y))
        continue;
      q->n_visited++;
      if (q->point_visitor != NULL)
        q->point_visitor (p, q->user_data);
    }
  return TRUE;
}

guint
duban_cluster_index_query (const DubanClusterIndex *self,
                           int                      zoom,
                           double                   min_x,
                           double                   min_y,
                           double                   max_x,
                           double                   max_y,
                           DubanClusterVisitor      visitor,
                           gpointer                 user_data)
{
  Query q = { min_x, min_y, max_x, max_y, visitor, NULL, NULL, user_data, 0 };

  g_return_val_if_fail (self != NULL, 0);

  if (!(min_x <= max_x && min_y <= max_y))
    return 0;

  for_cells_in_box (self, CLAMP (zoom, 0, DUBAN_CLUSTER_MAX_ZOOM),
                    min_x, min_y, max_x, max_y, visit_cluster, &q);
  return q.n_visited;
}

guint
duban_cluster_index_query_points (const DubanClusterIndex *self,
                                  double                   min_x,
                                  double                   min_y,
                                  double                   max_x,
                                  double                   max_y,
                                  DubanPointVisitor        visitor,
                                  gpointer                 user_data)
{
  Query q = { min_x, min_y, max_x, max_y, NULL, visitor, self->points, user_data, 0 };

  g_return_val_if_fail (self != NULL, 0);

  if (!(min_x <= max_x && min_y <= max_y))
    return 0;

  /* A point lies in its finest cell, so the finest cells meeting the box
   * hold every point in it. */
  for_cells_in_box (self, DUBAN_CLUSTER_MAX_ZOOM, min_x, min_y, max_x, max_y, visit_points_of, &q);
  return q.n_visited;
}
