/* duban-map-ticket-layer.h — tickets on the map: clusters, points, heat
 *
 * One snapshot draws every visible cluster (a ring in the states' colours
 * with its count) or, zoomed in, every ticket as the mark of its state,
 * queried from a DubanClusterIndex: nothing is a widget. Each badge is
 * drawn once into a texture kept by what it shows, and a frame is texture
 * nodes.
 */
#pragma once

#include <shumate/shumate.h>

#include "duban-cluster.h"
#include "duban-map-painter.h"
#include "duban-regions.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_MAP_TICKET_LAYER (duban_map_ticket_layer_get_type ())
G_DECLARE_FINAL_TYPE (DubanMapTicketLayer, duban_map_ticket_layer, DUBAN, MAP_TICKET_LAYER, ShumateLayer)

#define DUBAN_MAP_NO_TICKET G_MAXUINT32

/* The points' kind is a DubanMapMark. */
DubanMapTicketLayer *duban_map_ticket_layer_new          (ShumateViewport      *viewport);
void                 duban_map_ticket_layer_set_index    (DubanMapTicketLayer  *self,
                                                          DubanClusterIndex    *index);
DubanClusterIndex   *duban_map_ticket_layer_get_index    (DubanMapTicketLayer  *self);
void                 duban_map_ticket_layer_set_heat     (DubanMapTicketLayer  *self,
                                                          gboolean              heat);
/* The point id (DubanClusterPoint.id) to ring; DUBAN_MAP_NO_TICKET for none. */
void                 duban_map_ticket_layer_set_selected (DubanMapTicketLayer  *self,
                                                          guint32               id);
/* Tickets outside the area @focus of @regions are drawn faint; -1 or
 * NULL: none are. */
void                 duban_map_ticket_layer_set_focus    (DubanMapTicketLayer  *self,
                                                          DubanRegions         *regions,
                                                          int                   focus);
/* The badges @view shows (the same as the layer draws for it), for names
 * to be put beside; valid until the next call or frame. */
const DubanMapObstacle *duban_map_ticket_layer_get_obstacles (DubanMapTicketLayer *self,
                                                              const DubanMapView  *view,
                                                              guint               *out_n);
/* What was drawn at widget coordinates x, y in the last frame: TRUE with
 * the cluster (count 1 for a single ticket, whose id is in
 * *out_point_id), FALSE when nothing. */
gboolean             duban_map_ticket_layer_pick         (DubanMapTicketLayer  *self,
                                                          double                x,
                                                          double                y,
                                                          DubanCluster         *out_cluster,
                                                          guint32              *out_point_id);
/* Clusters and points drawn in the last frame, and their ticket total. */
guint                duban_map_ticket_layer_get_n_drawn  (DubanMapTicketLayer  *self,
                                                          guint64              *out_tickets);

G_END_DECLS
