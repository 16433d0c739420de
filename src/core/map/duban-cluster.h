/* duban-cluster.h — a hierarchical cluster index over located tickets
 *
 * In the manner of supercluster: for every zoom level from 0 to
 * DUBAN_CLUSTER_MAX_ZOOM the points are grouped into clusters, each
 * cluster of a level the union of clusters of the level below, so that a
 * point belongs to exactly one cluster per level and the counts of any
 * set of clusters add up exactly to the points they stand for.
 *
 * Clusters are cells of a quadtree about 64 pixels wide on screen at
 * their zoom (the cell of zoom z is 2^-(z+2) Mercator units), which makes
 * the hierarchy exact by construction and the build one sort plus a linear
 * pass per level: the points are sorted once by their Morton code at the
 * finest level, after which every cluster of every level is a contiguous
 * run of points and a parent's code is its child's shifted by two bits.
 * A cluster is drawn at the mean of its points, not at its cell's centre.
 *
 * The index is immutable once built (build it on a worker thread, query
 * it from any). Queries call a visitor and allocate nothing.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DUBAN_CLUSTER_MAX_ZOOM 16
#define DUBAN_CLUSTER_N_KINDS  4

typedef struct {
  double  x, y;      /* Mercator */
  guint32 id;        /* the caller's (e.g. the ticket's index) */
  guint8  kind;      /* the caller's class, < DUBAN_CLUSTER_N_KINDS (e.g. a state) */
} DubanClusterPoint;

typedef struct {
  double  x, y;                               /* the mean of its points */
  guint32 first;                              /* its points: a run of duban_cluster_index_get_points() */
  guint32 count;
  guint32 kind_counts[DUBAN_CLUSTER_N_KINDS];
  guint64 cell;                               /* Morton code of its cell at its level */
} DubanCluster;

typedef struct _DubanClusterIndex DubanClusterIndex;

/* Copies @points. */
DubanClusterIndex       *duban_cluster_index_new        (const DubanClusterPoint *points,
                                                         guint                    n_points);
/* Builds on a worker thread; takes @points (DubanClusterPoint). */
void                     duban_cluster_index_new_async  (GArray                  *points,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
DubanClusterIndex       *duban_cluster_index_new_finish (GAsyncResult            *result,
                                                         GError                 **error);
DubanClusterIndex       *duban_cluster_index_ref        (DubanClusterIndex       *self);
void                     duban_cluster_index_unref      (DubanClusterIndex       *self);

guint                    duban_cluster_index_get_n_points   (const DubanClusterIndex *self);
/* The points in the index's order (clusters refer to runs of it). */
const DubanClusterPoint *duban_cluster_index_get_points     (const DubanClusterIndex *self);
guint                    duban_cluster_index_get_n_clusters (const DubanClusterIndex *self,
                                                             int                      zoom);
const DubanCluster      *duban_cluster_index_get_clusters   (const DubanClusterIndex *self,
                                                             int                      zoom);

typedef void (*DubanClusterVisitor) (const DubanCluster *cluster,
                                     gpointer            user_data);
typedef void (*DubanPointVisitor)   (const DubanClusterPoint *point,
                                     gpointer                 user_data);

/* Visits every cluster of level @zoom (clamped to 0 … MAX_ZOOM) whose
 * centre lies in the box; returns how many. */
guint duban_cluster_index_query        (const DubanClusterIndex *self,
                                        int                      zoom,
                                        double                   min_x,
                                        double                   min_y,
                                        double                   max_x,
                                        double                   max_y,
                                        DubanClusterVisitor      visitor,
                                        gpointer                 user_data);
/* Visits every point in the box; returns how many. */
guint duban_cluster_index_query_points (const DubanClusterIndex *self,
                                        double                   min_x,
                                        double                   min_y,
                                        double                   max_x,
                                        double                   max_y,
                                        DubanPointVisitor        visitor,
                                        gpointer                 user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanClusterIndex, duban_cluster_index_unref)

G_END_DECLS
