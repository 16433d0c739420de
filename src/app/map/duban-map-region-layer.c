/* duban-map-region-layer.c — the county's areas as a map layer
 *
 * The painter's drawing in a snapshot, with the names put beside the
 * ticket layer's badges (it asks that layer what the same view shows)
 * so that neither hides the other.
 */

#define G_LOG_DOMAIN "duban-map-region-layer"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-geo.h"
#include "duban-map-region-layer.h"
#include "duban-map-ticket-layer.h"

struct _DubanMapRegionLayer
{
  ShumateLayer     parent_instance;

  DubanRegions    *regions;
  DubanChoropleth  choropleth;
  double          *values;
  guint           *denominators;
  DubanMapStyle    style;
  GWeakRef         ticket_layer;
  GArray          *labels;        /* DubanMapLabelBox, of the last frame */
};

G_DEFINE_FINAL_TYPE (DubanMapRegionLayer, duban_map_region_layer, SHUMATE_TYPE_LAYER)

void
duban_map_view_init_from_viewport (DubanMapView    *view,
                                   ShumateViewport *viewport,
                                   GtkWidget       *widget)
{
  g_return_if_fail (view != NULL);
  g_return_if_fail (SHUMATE_IS_VIEWPORT (viewport));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  duban_geo_to_mercator (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                         shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                         &view->center_x, &view->center_y);
  /* The reference source's tiles are 256 px, as the painter's are. */
  view->zoom = shumate_viewport_get_zoom_level (viewport);
  view->rotation = shumate_viewport_get_rotation (viewport);
  view->width = gtk_widget_get_width (widget);
  view->height = gtk_widget_get_height (widget);
}

static void
duban_map_region_layer_snapshot (GtkWidget   *widget,
                                 GtkSnapshot *snapshot)
{
  DubanMapRegionLayer *self = DUBAN_MAP_REGION_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  DubanMapView view;
  cairo_t *cr;

  if (self->regions == NULL || viewport == NULL ||
      gtk_widget_get_width (widget) <= 0 || gtk_widget_get_height (widget) <= 0)
    return;

  duban_map_view_init_from_viewport (&view, viewport, widget);
  {
    g_autoptr(DubanMapTicketLayer) tickets = g_weak_ref_get (&self->ticket_layer);

    self->style.obstacles = tickets != NULL ? duban_map_ticket_layer_get_obstacles (tickets, &view, &self->style.n_obstacles)
                                            : NULL;
    if (tickets == NULL)
      self->style.n_obstacles = 0;
  }
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, view.width, view.height));
  duban_map_painter_draw (cr, self->regions, &view,
                          self->values != NULL ? &self->choropleth : NULL, &self->style);
  cairo_destroy (cr);
  self->style.obstacles = NULL;
  self->style.n_obstacles = 0;
}

static void
duban_map_region_layer_finalize (GObject *object)
{
  DubanMapRegionLayer *self = DUBAN_MAP_REGION_LAYER (object);

  g_clear_pointer (&self->regions, duban_regions_unref);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->denominators, g_free);
  g_clear_pointer (&self->labels, g_array_unref);
  g_weak_ref_clear (&self->ticket_layer);

  G_OBJECT_CLASS (duban_map_region_layer_parent_class)->finalize (object);
}

static void
viewport_changed_cb (DubanMapRegionLayer *self)
{
  /* A custom layer is not redrawn by the map: follow the viewport. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
duban_map_region_layer_constructed (GObject *object)
{
  DubanMapRegionLayer *self = DUBAN_MAP_REGION_LAYER (object);
  ShumateViewport *viewport;

  G_OBJECT_CLASS (duban_map_region_layer_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  if (viewport != NULL)
    g_signal_connect_object (viewport, "notify", G_CALLBACK (viewport_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
duban_map_region_layer_class_init (DubanMapRegionLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = duban_map_region_layer_constructed;
  object_class->finalize = duban_map_region_layer_finalize;

  widget_class->snapshot = duban_map_region_layer_snapshot;
}

static void
duban_map_region_layer_init (DubanMapRegionLayer *self)
{
  duban_map_style_init (&self->style);
  g_weak_ref_init (&self->ticket_layer, NULL);
  self->labels = g_array_new (FALSE, FALSE, sizeof (DubanMapLabelBox));
  self->style.placed_labels = self->labels;
  /* Clicks go to the map's own gestures, below. */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

DubanMapRegionLayer *
duban_map_region_layer_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (DUBAN_TYPE_MAP_REGION_LAYER, "viewport", viewport, NULL);
}

void
duban_map_region_layer_set_regions (DubanMapRegionLayer *self,
                                    DubanRegions        *regions)
{
  g_return_if_fail (DUBAN_IS_MAP_REGION_LAYER (self));

  if (regions == self->regions)
    return;
  if (regions != NULL)
    duban_regions_ref (regions);
  g_clear_pointer (&self->regions, duban_regions_unref);
  self->regions = regions;
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->denominators, g_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
duban_map_region_layer_set_choropleth (DubanMapRegionLayer   *self,
                                       const DubanChoropleth *choropleth)
{
  g_return_if_fail (DUBAN_IS_MAP_REGION_LAYER (self));

  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->denominators, g_free);
  if (choropleth != NULL && choropleth->values != NULL && self->regions != NULL)
    {
      guint n = duban_regions_get_n_areas (self->regions);

      self->choropleth = *choropleth;
      self->values = g_memdup2 (choropleth->values, sizeof (double) * MAX (n, 1));
      self->choropleth.values = self->values;
      if (choropleth->denominators != NULL)
        self->denominators = g_memdup2 (choropleth->denominators, sizeof (guint) * MAX (n, 1));
      self->choropleth.denominators = self->denominators;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
duban_map_region_layer_set_focus (DubanMapRegionLayer *self,
                                  int                  focus)
{
  g_return_if_fail (DUBAN_IS_MAP_REGION_LAYER (self));

  self->style.focus = focus;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
duban_map_region_layer_set_selected (DubanMapRegionLayer *self,
                                     int                  selected)
{
  g_return_if_fail (DUBAN_IS_MAP_REGION_LAYER (self));

  self->style.selected = selected;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
duban_map_region_layer_set_base_map (DubanMapRegionLayer *self,
                                     gboolean             base_map)
{
  g_return_if_fail (DUBAN_IS_MAP_REGION_LAYER (self));

  self->style.background = base_map;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
duban_map_region_layer_set_dark (DubanMapRegionLayer *self,
                                 gboolean             dark)
{
  g_return_if_fail (DUBAN_IS_MAP_REGION_LAYER (self));

  self->style.dark = !!dark;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
tickets_changed_cb (DubanMapRegionLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
duban_map_region_layer_set_ticket_layer (DubanMapRegionLayer *self,
                                         DubanMapTicketLayer *tickets)
{
  g_return_if_fail (DUBAN_IS_MAP_REGION_LAYER (self));
  g_return_if_fail (tickets == NULL || DUBAN_IS_MAP_TICKET_LAYER (tickets));

  g_weak_ref_set (&self->ticket_layer, tickets);
  if (tickets != NULL)
    g_signal_connect_object (tickets, "changed", G_CALLBACK (tickets_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const DubanMapLabelBox *
duban_map_region_layer_get_labels (DubanMapRegionLayer *self,
                                   guint               *out_n)
{
  g_return_val_if_fail (DUBAN_IS_MAP_REGION_LAYER (self), NULL);
  g_return_val_if_fail (out_n != NULL, NULL);

  *out_n = self->labels->len;
  return (const DubanMapLabelBox *) self->labels->data;
}
