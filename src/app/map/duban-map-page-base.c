/* duban-map-page-base.c — the tiles under the map page's areas
 *
 * The base map is a preference: none (the county's own map), OpenStreetMap,
 * 天地图 with the center's key, a tile URL of the center's own, or an
 * MBTiles file for a desk without the internet. Whatever cannot be shown
 * says so once above the map, and the county's own map stands in.
 */

#define G_LOG_DOMAIN "duban-map-page-base"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-map-page-private.h"

static void
tiles_failed_cb (DubanMapPage       *self,
                 const char         *message,
                 DubanMapTileSource *source)
{
  g_autofree char *text = NULL;

  /* Reported once, here, rather than once per tile in the log. */
  text = g_strdup_printf (_("The base map's tiles cannot be loaded (%s): the county's own map is shown"), message);
  gtk_label_set_text (self->tiles_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->tiles_label), TRUE);
  duban_map_region_layer_set_base_map (self->region_layer, TRUE);
}

static void
update_base_map (DubanMapPage *self)
{
  g_autofree char *kind = g_settings_get_string (self->settings, "base-map");
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ShumateRasterRenderer) renderer = NULL;

  if (self->tile_layer != NULL)
    {
      shumate_map_remove_layer (shumate_simple_map_get_map (self->map), self->tile_layer);
      g_clear_object (&self->tile_layer);
    }
  if (self->tile_source != NULL)
    g_signal_handlers_disconnect_by_func (self->tile_source, tiles_failed_cb, self);
  g_clear_object (&self->tile_source);
  gtk_widget_set_visible (GTK_WIDGET (self->tiles_label), FALSE);

  if (g_str_equal (kind, "osm"))
    url = g_strdup ("https://tile.openstreetmap.org/{z}/{x}/{y}.png");
  else if (g_str_equal (kind, "tianditu"))
    {
      g_autofree char *key = g_settings_get_string (self->settings, "tianditu-key");

      g_strstrip (key);
      if (key[0] == '\0')
        {
          gtk_label_set_text (self->tiles_label, _("天地图 needs a key: enter yours in Preferences. The county's own map is shown."));
          gtk_widget_set_visible (GTK_WIDGET (self->tiles_label), TRUE);
        }
      else
        url = g_strdup_printf ("https://t0.tianditu.gov.cn/DataServer?T=vec_w&x={x}&y={y}&l={z}&tk=%s", key);
    }
  else if (g_str_equal (kind, "custom"))
    {
      url = g_settings_get_string (self->settings, "base-map-url");
      g_strstrip (url);
      if (url[0] == '\0')
        g_clear_pointer (&url, g_free);
    }
  else if (g_str_equal (kind, "mbtiles"))
    {
      g_autofree char *path = g_settings_get_string (self->settings, "mbtiles-path");

      if (path[0] != '\0')
        {
          self->tile_source = duban_map_tile_source_new_for_mbtiles (path, &error);
          if (self->tile_source == NULL)
            {
              gtk_label_set_text (self->tiles_label, error->message);
              gtk_widget_set_visible (GTK_WIDGET (self->tiles_label), TRUE);
            }
        }
    }

  if (url != NULL)
    self->tile_source = duban_map_tile_source_new_for_url (url);

  if (self->tile_source == NULL)
    {
      duban_map_region_layer_set_base_map (self->region_layer, TRUE);
      return;
    }

  g_signal_connect_object (self->tile_source, "failed", G_CALLBACK (tiles_failed_cb), self, G_CONNECT_SWAPPED);
  renderer = shumate_raster_renderer_new_full ("duban-base-map", _("Base map"),
                                               g_str_equal (kind, "osm") ? "© OpenStreetMap contributors" : "",
                                               NULL, 0, 19, 256, SHUMATE_MAP_PROJECTION_MERCATOR,
                                               SHUMATE_DATA_SOURCE (self->tile_source));
  self->tile_layer = SHUMATE_LAYER (g_object_ref_sink (shumate_map_layer_new (SHUMATE_MAP_SOURCE (renderer), self->viewport)));
  /* Under the county's areas. (libshumate 1.0.3 declares
   * shumate_simple_map_insert_overlay_layer() but does not export it.) */
  shumate_map_insert_layer_behind (shumate_simple_map_get_map (self->map), self->tile_layer,
                                   SHUMATE_LAYER (self->region_layer));
  duban_map_region_layer_set_base_map (self->region_layer, FALSE);
}

void
duban_map_page_init_base_map (DubanMapPage *self)
{
  g_assert (DUBAN_IS_MAP_PAGE (self));

  g_signal_connect_object (self->settings, "changed::base-map", G_CALLBACK (update_base_map), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::base-map-url", G_CALLBACK (update_base_map), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::tianditu-key", G_CALLBACK (update_base_map), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::mbtiles-path", G_CALLBACK (update_base_map), self, G_CONNECT_SWAPPED);
  update_base_map (self);
}
