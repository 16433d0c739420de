/* test-cluster.c — the cluster index: counts add up at every zoom, queries find what brute force finds */

#include "config.h"

#include <math.h>

#include "duban-cluster.h"

static GArray *
random_points (guint   n,
               guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GArray *points = g_array_sized_new (FALSE, TRUE, sizeof (DubanClusterPoint), n);

  /* A county-sized box (about Jinxiang's) with dense towns in it, plus a
   * few points on the same spot: clustering has to handle all three. */
  for (guint i = 0; i < n; i++)
    {
      DubanClusterPoint p = { 0 };

      if (i % 10 < 6)
        {
          double cx = 0.8228 + 0.0002 * (i % 7), cy = 0.4021 + 0.0002 * (i % 5);

          p.x = cx + g_rand_double_range (rand, -0.00005, 0.00005);
          p.y = cy + g_rand_double_range (rand, -0.00005, 0.00005);
        }
      else if (i % 10 < 9)
        {
          p.x = g_rand_double_range (rand, 0.8223, 0.8235);
          p.y = g_rand_double_range (rand, 0.4015, 0.4030);
        }
      else
        {
          p.x = 0.8229;
          p.y = 0.4022;
        }
      p.id = i;
      p.kind = i % DUBAN_CLUSTER_N_KINDS;
      g_array_append_val (points, p);
    }
  return points;
}

typedef struct {
  guint64 count;
  guint64 kinds[DUBAN_CLUSTER_N_KINDS];
  guint   n;
} Sum;

static void
sum_cluster (const DubanCluster *cluster,
             gpointer            user_data)
{
  Sum *sum = user_data;
  guint kinds = 0;

  sum->count += cluster->count;
  sum->n++;
  for (guint k = 0; k < DUBAN_CLUSTER_N_KINDS; k++)
    {
      sum->kinds[k] += cluster->kind_counts[k];
      kinds += cluster->kind_counts[k];
    }
  g_assert_cmpuint (kinds, ==, cluster->count);
}

static void
test_counts_add_up_at_every_zoom (void)
{
  g_autoptr(GArray) points = random_points (20000, 7);
  g_autoptr(DubanClusterIndex) index = duban_cluster_index_new ((DubanClusterPoint *) points->data, points->len);
  guint previous = 0;

  g_assert_cmpuint (duban_cluster_index_get_n_points (index), ==, points->len);

  for (int z = 0; z <= DUBAN_CLUSTER_MAX_ZOOM; z++)
    {
      Sum sum = { 0 };
      guint n = duban_cluster_index_get_n_clusters (index, z);
      const DubanCluster *clusters = duban_cluster_index_get_clusters (index, z);
      const DubanClusterPoint *sorted = duban_cluster_index_get_points (index);
      guint next_first = 0;

      /* the whole world */
      g_assert_cmpuint (duban_cluster_index_query (index, z, 0, 0, 1, 1, sum_cluster, &sum), ==, n);
      g_assert_cmpuint (sum.count, ==, points->len);
      for (guint k = 0; k < DUBAN_CLUSTER_N_KINDS; k++)
        g_assert_cmpuint (sum.kinds[k], ==, points->len / DUBAN_CLUSTER_N_KINDS);

      /* clusters tile the points: runs in order, no gap, no overlap, and
       * each cluster's points are in its cell near its centre */
      for (guint i = 0; i < n; i++)
        {
          double sx = 0, sy = 0;

          g_assert_cmpuint (clusters[i].first, ==, next_first);
          next_first += clusters[i].count;
          for (guint p = clusters[i].first; p < clusters[i].first + clusters[i].count; p++)
            {
              sx += sorted[p].x;
              sy += sorted[p].y;
              g_assert_cmpfloat (fabs (sorted[p].x - clusters[i].x), <=, exp2 (-(z + 2)));
            }
          g_assert_cmpfloat_with_epsilon (sx / clusters[i].count, clusters[i].x, 1e-12);
          g_assert_cmpfloat_with_epsilon (sy / clusters[i].count, clusters[i].y, 1e-12);
        }
      g_assert_cmpuint (next_first, ==, points->len);

      /* a finer level has at least as many clusters */
      g_assert_cmpuint (n, >=, previous);
      previous = n;
    }

  /* zoomed out, the county is one cluster; zoomed in, many */
  g_assert_cmpuint (duban_cluster_index_get_n_clusters (index, 3), ==, 1);
  g_assert_cmpuint (duban_cluster_index_get_n_clusters (index, DUBAN_CLUSTER_MAX_ZOOM), >, 1000);
}

/* A viewport query visits exactly the clusters whose centre is inside. */
static void
test_query_matches_brute_force (void)
{
  g_autoptr(GArray) points = random_points (30000, 11);
  g_autoptr(DubanClusterIndex) index = duban_cluster_index_new ((DubanClusterPoint *) points->data, points->len);
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);

  for (guint trial = 0; trial < 200; trial++)
    {
      int z = g_rand_int_range (rand, 0, DUBAN_CLUSTER_MAX_ZOOM + 1);
      double w = exp2 (-z) * g_rand_double_range (rand, 0.5, 5) * 0.004;
      double x0 = g_rand_double_range (rand, 0.8220, 0.8235);
      double y0 = g_rand_double_range (rand, 0.4012, 0.4030);
      const DubanCluster *clusters = duban_cluster_index_get_clusters (index, z);
      Sum sum = { 0 }, expected = { 0 };
      guint64 points_inside = 0;

      duban_cluster_index_query (index, z, x0, y0, x0 + w, y0 + w * 0.6, sum_cluster, &sum);
      for (guint i = 0; i < duban_cluster_index_get_n_clusters (index, z); i++)
        if (clusters[i].x >= x0 && clusters[i].x <= x0 + w &&
            clusters[i].y >= y0 && clusters[i].y <= y0 + w * 0.6)
          sum_cluster (&clusters[i], &expected);
      g_assert_cmpuint (sum.n, ==, expected.n);
      g_assert_cmpuint (sum.count, ==, expected.count);

      /* and the points query finds every point in the box */
      for (guint i = 0; i < points->len; i++)
        {
          const DubanClusterPoint *p = &g_array_index (points, DubanClusterPoint, i);

          if (p->x >= x0 && p->x <= x0 + w && p->y >= y0 && p->y <= y0 + w * 0.6)
            points_inside++;
        }
      g_assert_cmpuint (duban_cluster_index_query_points (index, x0, y0, x0 + w, y0 + w * 0.6, NULL, NULL),
                        ==, points_inside);
    }
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_build_async (void)
{
  GArray *points = random_points (5000, 5);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(DubanClusterIndex) index = NULL;
  g_autoptr(GError) error = NULL;

  duban_cluster_index_new_async (points, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  index = duban_cluster_index_new_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (duban_cluster_index_get_n_points (index), ==, 5000);
}

static void
test_empty (void)
{
  g_autoptr(DubanClusterIndex) index = duban_cluster_index_new (NULL, 0);

  for (int z = 0; z <= DUBAN_CLUSTER_MAX_ZOOM; z++)
    g_assert_cmpuint (duban_cluster_index_query (index, z, 0, 0, 1, 1, NULL, NULL), ==, 0);
  g_assert_cmpuint (duban_cluster_index_query_points (index, 0, 0, 1, 1, NULL, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cluster/counts-add-up", test_counts_add_up_at_every_zoom);
  g_test_add_func ("/cluster/query", test_query_matches_brute_force);
  g_test_add_func ("/cluster/async", test_build_async);
  g_test_add_func ("/cluster/empty", test_empty);

  return g_test_run ();
}
