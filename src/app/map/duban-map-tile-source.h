/* duban-map-tile-source.h — raster tiles from a URL template or an MBTiles file
 *
 * A ShumateDataSource with two back ends: a URL template (OpenStreetMap,
 * 天地图 with the user's key, an intranet server) through libshumate's
 * downloader, or an offline MBTiles file (SQLite, TMS rows) read on a
 * worker thread. A tile that cannot be had is drawn transparent, so the
 * county's own polygons show through, and the first failure is reported
 * once through ::failed rather than as a warning per tile.
 */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define DUBAN_TYPE_MAP_TILE_SOURCE (duban_map_tile_source_get_type ())
G_DECLARE_FINAL_TYPE (DubanMapTileSource, duban_map_tile_source, DUBAN, MAP_TILE_SOURCE, ShumateDataSource)

DubanMapTileSource *duban_map_tile_source_new_for_url     (const char          *url_template);
/* NULL with @error when the file is not an MBTiles database. */
DubanMapTileSource *duban_map_tile_source_new_for_mbtiles (const char          *path,
                                                           GError             **error);
/* TRUE once a tile has failed (::failed has been emitted). */
gboolean            duban_map_tile_source_get_failed     (DubanMapTileSource  *self);

G_END_DECLS
