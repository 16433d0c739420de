/* duban-map-region-layer.h — the county's areas as a map layer
 *
 * Draws the regions (fills, boundaries, names, the choropleth) in one
 * snapshot through duban_map_painter_draw(), the same drawing the
 * reports use. With no tiles below it, it is the base map.
 */
#pragma once

#include <shumate/shumate.h>

#include "duban-map-painter.h"
#include "duban-regions.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_MAP_REGION_LAYER (duban_map_region_layer_get_type ())
G_DECLARE_FINAL_TYPE (DubanMapRegionLayer, duban_map_region_layer, DUBAN, MAP_REGION_LAYER, ShumateLayer)

DubanMapRegionLayer *duban_map_region_layer_new            (ShumateViewport       *viewport);
void                 duban_map_region_layer_set_regions    (DubanMapRegionLayer   *self,
                                                            DubanRegions          *regions);
/* @values: one per area (copied); NULL clears the colouring. */
void                 duban_map_region_layer_set_choropleth (DubanMapRegionLayer   *self,
                                                            const DubanChoropleth *choropleth);
void                 duban_map_region_layer_set_focus      (DubanMapRegionLayer   *self,
                                                            int                    focus);
void                 duban_map_region_layer_set_selected   (DubanMapRegionLayer   *self,
                                                            int                    selected);
/* FALSE when raster tiles are below: lighter fills, no paper. */
void                 duban_map_region_layer_set_base_map   (DubanMapRegionLayer   *self,
                                                            gboolean               base_map);

/* Light ink on dark paper (the desk's dark style). */
void                 duban_map_region_layer_set_dark       (DubanMapRegionLayer   *self,
                                                            gboolean               dark);
/* Names are put beside @tickets's badges (held weakly). */
typedef struct _DubanMapTicketLayer DubanMapTicketLayer;
void                 duban_map_region_layer_set_ticket_layer (DubanMapRegionLayer *self,
                                                              DubanMapTicketLayer *tickets);
/* The names of the last frame, where they were put. */
const DubanMapLabelBox *duban_map_region_layer_get_labels  (DubanMapRegionLayer   *self,
                                                            guint                 *out_n);

/* What @widget (a layer or the map, centred on the viewport) shows. */
void                 duban_map_view_init_from_viewport     (DubanMapView          *view,
                                                            ShumateViewport       *viewport,
                                                            GtkWidget             *widget);

G_END_DECLS
