/* duban-map-tile-source.c — raster tiles from a URL template or an MBTiles file */

#define G_LOG_DOMAIN "duban-map-tile-source"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "duban-map-tile-source.h"

struct _DubanMapTileSource
{
  ShumateDataSource  parent_instance;

  ShumateDataSource *downloader;   /* URL template */
  sqlite3           *mbtiles;      /* or an MBTiles file, opened serialized */
  GMutex             lock;         /* one statement at a time on @mbtiles */
  gboolean           failed;
};

G_DEFINE_FINAL_TYPE (DubanMapTileSource, duban_map_tile_source, SHUMATE_TYPE_DATA_SOURCE)

enum {
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A 1 × 1 transparent PNG: what a missing tile is drawn as. */
static const guint8 transparent_png[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
  0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
  0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
  0x42, 0x60, 0x82,
};

typedef struct {
  int x, y, z;
} TileRequest;

static void
report_failure (DubanMapTileSource *self,
                const GError       *error)
{
  if (self->failed)
    return;
  self->failed = TRUE;
  g_debug ("Base map tiles unavailable: %s", error->message);
  g_signal_emit (self, signals[FAILED], 0, error->message);
}

/* Runs on the main thread whatever the back end: emits ::received-data
 * (libshumate draws nothing without it) and completes the task. */
static void
deliver (GTask  *task,
         GBytes *bytes,
         GError *error)
{
  DubanMapTileSource *self = g_task_get_source_object (task);
  TileRequest *request = g_task_get_task_data (task);

  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, error);
          return;
        }
      report_failure (self, error);
      g_error_free (error);
      bytes = g_bytes_new_static (transparent_png, sizeof transparent_png);
    }
  else
    g_bytes_ref (bytes);

  g_signal_emit_by_name (self, "received-data", request->x, request->y, request->z, bytes);
  g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

static void
downloaded_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (object), result, &error);
  deliver (task, bytes, error);
}

static void
read_mbtiles_tile (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  DubanMapTileSource *self = source_object;
  TileRequest *request = task_data;
  sqlite3_stmt *stmt = NULL;
  GBytes *bytes = NULL;
  int rc;

  g_mutex_lock (&self->lock);
  rc = sqlite3_prepare_v2 (self->mbtiles,
                           "SELECT tile_data FROM tiles WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int (stmt, 1, request->z);
      sqlite3_bind_int (stmt, 2, request->x);
      /* MBTiles rows count from the south (TMS); the map's from the north. */
      sqlite3_bind_int (stmt, 3, (1 << request->z) - 1 - request->y);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
    }
  if (bytes == NULL && rc != SQLITE_DONE)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (self->mbtiles));
  else if (bytes == NULL)
    /* a tile the file does not have is not an error: the area is outside it */
    g_task_return_pointer (task, g_bytes_new_static (transparent_png, sizeof transparent_png),
                           (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->lock);
}

static void
mbtiles_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = g_task_propagate_pointer (G_TASK (result), &error);
  deliver (task, bytes, error);
}

static void
duban_map_tile_source_get_tile_data_async (ShumateDataSource   *source,
                                           int                  x,
                                           int                  y,
                                           int                  zoom_level,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  DubanMapTileSource *self = DUBAN_MAP_TILE_SOURCE (source);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  TileRequest *request = g_new (TileRequest, 1);

  g_task_set_source_tag (task, duban_map_tile_source_get_tile_data_async);
  request->x = x;
  request->y = y;
  request->z = zoom_level;
  g_task_set_task_data (task, request, g_free);

  if (self->downloader != NULL)
    shumate_data_source_get_tile_data_async (self->downloader, x, y, zoom_level, cancellable,
                                             downloaded_cb, task);
  else
    {
      GTask *read = g_task_new (self, cancellable, mbtiles_read_cb, task);

      g_task_set_source_tag (read, read_mbtiles_tile);
      g_task_set_task_data (read, g_memdup2 (request, sizeof *request), g_free);
      g_task_run_in_thread (read, read_mbtiles_tile);
      g_object_unref (read);
    }
}

static GBytes *
duban_map_tile_source_get_tile_data_finish (ShumateDataSource  *source,
                                            GAsyncResult       *result,
                                            GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
duban_map_tile_source_finalize (GObject *object)
{
  DubanMapTileSource *self = DUBAN_MAP_TILE_SOURCE (object);

  g_clear_object (&self->downloader);
  g_clear_pointer (&self->mbtiles, sqlite3_close);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (duban_map_tile_source_parent_class)->finalize (object);
}

static void
duban_map_tile_source_class_init (DubanMapTileSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->finalize = duban_map_tile_source_finalize;

  source_class->get_tile_data_async = duban_map_tile_source_get_tile_data_async;
  source_class->get_tile_data_finish = duban_map_tile_source_get_tile_data_finish;

  /* The message of the first failure; emitted once per source. */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
duban_map_tile_source_init (DubanMapTileSource *self)
{
  g_mutex_init (&self->lock);
}

DubanMapTileSource *
duban_map_tile_source_new_for_url (const char *url_template)
{
  DubanMapTileSource *self;

  g_return_val_if_fail (url_template != NULL, NULL);

  self = g_object_new (DUBAN_TYPE_MAP_TILE_SOURCE, NULL);
  self->downloader = SHUMATE_DATA_SOURCE (shumate_tile_downloader_new (url_template));
  return self;
}

DubanMapTileSource *
duban_map_tile_source_new_for_mbtiles (const char  *path,
                                       GError     **error)
{
  g_autoptr(DubanMapTileSource) self = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (DUBAN_TYPE_MAP_TILE_SOURCE, NULL);
  rc = sqlite3_open_v2 (path, &self->mbtiles, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (self->mbtiles, "SELECT 1 FROM tiles LIMIT 1", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt) == SQLITE_ERROR ? SQLITE_ERROR : SQLITE_OK;
  sqlite3_finalize (stmt);

  if (rc != SQLITE_OK)
    {
      /* Translators: %s is the reason */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Not an MBTiles file: %s"),
                   self->mbtiles != NULL ? sqlite3_errmsg (self->mbtiles) : "out of memory");
      return NULL;
    }

  return g_steal_pointer (&self);
}

gboolean
duban_map_tile_source_get_failed (DubanMapTileSource *self)
{
  g_return_val_if_fail (DUBAN_IS_MAP_TILE_SOURCE (self), FALSE);

  return self->failed;
}
