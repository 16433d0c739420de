/* duban-map-ticket-layer.c — tickets on the map: clusters, points, heat
 *
 * Draw once, blit many: a cluster's badge (its ring in the states'
 * shares, its disc and its count), a ticket's mark and a heat blob are
 * each drawn once with cairo into a small texture, kept under a key of
 * what it shows (size bucket, shares to the ring's resolution, count),
 * and every frame after that is texture nodes at the badges' places.
 * Panning and zooming redraw only the badges no frame drew before.
 */

#define G_LOG_DOMAIN "duban-map-ticket-layer"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "duban-map-painter.h"
#include "duban-map-region-layer.h"
#include "duban-map-ticket-layer.h"

/* Zoomed in past the index's finest level, every ticket is its own mark. */
#define POINTS_FROM_ZOOM (DUBAN_CLUSTER_MAX_ZOOM + 1)
#define MARK_SIZE 11.0

typedef struct {
  double       sx, sy, radius;
  DubanCluster cluster;
  guint32      point_id;
} Drawn;

struct _DubanMapTicketLayer
{
  ShumateLayer       parent_instance;

  DubanClusterIndex *index;
  gboolean           heat;
  guint32            selected;
  guint32            selected_position;  /* in the index's order, or G_MAXUINT32 */
  DubanRegions      *focus_regions;
  int                focus;        /* area index, or -1 */

  /* Reused from frame to frame: cleared, never freed, so that a frame
   * allocates only when it draws more than any frame before. */
  GArray            *drawn;
  GArray            *obstacles;   /* DubanMapObstacle, one per drawn */
  DubanMapView       drawn_view;
  gboolean           drawn_valid;

  /* The drawn badges: key (see badge_key()) → Sprite */
  GHashTable        *sprites;
  guint              frame;
  int                sprite_scale;   /* the scale factor they were drawn at */
};

typedef struct {
  GdkTexture *texture;
  double      size;       /* logical px, square */
  guint       last_used;  /* frame */
} Sprite;

/* The ring's resolution: a share is drawn to 1/RING_STEPS of the circle
 * (5°), finer than the eye reads a ring of 20 px, so that clusters whose
 * shares differ by a ticket or two share a badge. */
#define RING_STEPS 72
/* Beyond this many badges kept, those not used by the last frame go. */
#define MAX_SPRITES 4096

G_DEFINE_FINAL_TYPE (DubanMapTicketLayer, duban_map_ticket_layer, SHUMATE_TYPE_LAYER)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void find_selected_position (DubanMapTicketLayer *self);

/* Order of the ring's segments: the worst first, from twelve o'clock. */
static const DubanMapMark ring_order[DUBAN_MAP_N_MARKS] = {
  DUBAN_MAP_MARK_OVERDUE, DUBAN_MAP_MARK_WARNING, DUBAN_MAP_MARK_OK, DUBAN_MAP_MARK_DONE,
};

typedef struct {
  DubanMapTicketLayer *self;
  const DubanMapView  *view;
} Frame;

static void
collect_cluster (const DubanCluster *cluster,
                 gpointer            user_data)
{
  Frame *frame = user_data;
  Drawn d;

  duban_map_view_to_screen (frame->view, cluster->x, cluster->y, &d.sx, &d.sy);
  d.cluster = *cluster;
  d.point_id = DUBAN_MAP_NO_TICKET;
  if (cluster->count == 1)
    {
      d.point_id = duban_cluster_index_get_points (frame->self->index)[cluster->first].id;
      d.radius = MARK_SIZE / 2 + 2;
    }
  else
    d.radius = 10 + 4.5 * log10 (cluster->count);
  g_array_append_val (frame->self->drawn, d);
}

static void
collect_point (const DubanClusterPoint *point,
               gpointer                 user_data)
{
  Frame *frame = user_data;
  Drawn d = { 0 };

  duban_map_view_to_screen (frame->view, point->x, point->y, &d.sx, &d.sy);
  d.cluster.x = point->x;
  d.cluster.y = point->y;
  d.cluster.count = 1;
  d.cluster.kind_counts[MIN (point->kind, DUBAN_CLUSTER_N_KINDS - 1)] = 1;
  d.point_id = point->id;
  d.radius = MARK_SIZE / 2 + 2;
  g_array_append_val (frame->self->drawn, d);
}

static DubanMapMark
single_mark (const DubanCluster *cluster)
{
  for (guint k = 0; k < DUBAN_CLUSTER_N_KINDS; k++)
    if (cluster->kind_counts[k] > 0)
      return k;
  return DUBAN_MAP_MARK_DONE;
}

static void
sprite_free (gpointer data)
{
  Sprite *sprite = data;

  g_clear_object (&sprite->texture);
  g_free (sprite);
}

/* Draws @size × @size logical pixels with @draw at the widget's scale
 * into a texture. */
typedef void (*SpriteDraw) (cairo_t *cr, double size, gconstpointer data);

static Sprite *
sprite_new (double        size,
            int           scale,
            SpriteDraw    draw,
            gconstpointer data)
{
  int px = (int) ceil (size * scale);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, px, px);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GBytes) bytes = NULL;
  Sprite *sprite = g_new0 (Sprite, 1);

  size = (double) px / scale;
  cairo_scale (cr, scale, scale);
  cairo_select_font_face (cr, DUBAN_MAP_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 11);
  draw (cr, size, data);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* cairo's ARGB32 is GDK_MEMORY_DEFAULT: premultiplied, native order */
  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * px);
  sprite->texture = gdk_memory_texture_new (px, px, GDK_MEMORY_DEFAULT, bytes,
                                            cairo_image_surface_get_stride (surface));
  sprite->size = size;
  cairo_surface_destroy (surface);
  return sprite;
}

/* The texture for @key, drawn the first time it is asked for. */
static Sprite *
lookup_sprite (DubanMapTicketLayer *self,
               const char          *key,
               double               size,
               SpriteDraw           draw,
               gconstpointer        data)
{
  Sprite *sprite = g_hash_table_lookup (self->sprites, key);

  if (sprite == NULL)
    {
      sprite = sprite_new (size, self->sprite_scale, draw, data);
      g_hash_table_insert (self->sprites, g_strdup (key), sprite);
    }
  sprite->last_used = self->frame;
  return sprite;
}

/* Centred on sx, sy, on whole device pixels: a texture drawn between
 * pixels is resampled, which blurs it and costs more. */
static void
append_sprite (GtkSnapshot  *snapshot,
               const Sprite *sprite,
               int           scale,
               double        sx,
               double        sy)
{
  double x = round ((sx - sprite->size / 2) * scale) / scale;
  double y = round ((sy - sprite->size / 2) * scale) / scale;

  gtk_snapshot_append_texture (snapshot, sprite->texture,
                               &GRAPHENE_RECT_INIT (x, y, sprite->size, sprite->size));
}

/* What a badge shows, quantised: its key and what draw_badge() needs. */
typedef struct {
  double  radius;
  guint   steps[DUBAN_MAP_N_MARKS];   /* in ring_order, summing to RING_STEPS */
  char    text[16];
} Badge;

static void
badge_init (Badge              *badge,
            const DubanCluster *cluster,
            double              radius)
{
  guint total = 0, largest = 0;

  /* half-pixel size buckets */
  badge->radius = round (radius * 2) / 2;
  for (guint i = 0; i < DUBAN_MAP_N_MARKS; i++)
    {
      guint32 n = cluster->kind_counts[ring_order[i]];

      /* a state present keeps at least one step, so it stays visible */
      badge->steps[i] = n == 0 ? 0 : MAX (1, (guint) round ((double) n * RING_STEPS / MAX (cluster->count, 1)));
      total += badge->steps[i];
      if (badge->steps[i] > badge->steps[largest])
        largest = i;
    }
  /* the rounding's remainder goes to (or comes from) the largest share */
  if (total != RING_STEPS && badge->steps[largest] + RING_STEPS > total)
    badge->steps[largest] = badge->steps[largest] + RING_STEPS - total;
  g_snprintf (badge->text, sizeof badge->text, "%u", cluster->count);
}

static void
draw_badge (cairo_t       *cr,
            double         size,
            gconstpointer  data)
{
  const Badge *badge = data;
  double c = size / 2;
  double angle = -G_PI / 2;
  double rgba[4];
  cairo_text_extents_t extents;

  /* Slices in the states' shares, then a white disc over their middle:
   * a ring, made of fills only. */
  for (guint i = 0; i < DUBAN_MAP_N_MARKS; i++)
    {
      double share = (double) badge->steps[i] / RING_STEPS;

      if (badge->steps[i] == 0)
        continue;
      duban_map_mark_color (ring_order[i], rgba);
      cairo_new_path (cr);
      if (share < 1)
        cairo_move_to (cr, c, c);
      cairo_arc (cr, c, c, badge->radius, angle, angle + share * 2 * G_PI);
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, rgba[0], rgba[1], rgba[2], 1);
      cairo_fill (cr);
      angle += share * 2 * G_PI;
    }
  cairo_new_path (cr);
  cairo_arc (cr, c, c, badge->radius - 4.5, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.96);
  cairo_fill (cr);

  cairo_text_extents (cr, badge->text, &extents);
  cairo_move_to (cr, c - extents.width / 2 - extents.x_bearing, c - extents.height / 2 - extents.y_bearing);
  cairo_set_source_rgba (cr, 0.15, 0.16, 0.18, 1);
  cairo_show_text (cr, badge->text);
}

static void
draw_single_mark (cairo_t       *cr,
                  double         size,
                  gconstpointer  data)
{
  duban_map_painter_draw_mark (cr, GPOINTER_TO_UINT (data), size / 2, size / 2, MARK_SIZE);
}

static void
append_cluster (DubanMapTicketLayer *self,
                GtkSnapshot         *snapshot,
                const Drawn         *d)
{
  char key[64];
  Sprite *sprite;

  if (d->cluster.count == 1)
    {
      DubanMapMark mark = single_mark (&d->cluster);

      g_snprintf (key, sizeof key, "m%u", mark);
      sprite = lookup_sprite (self, key, MARK_SIZE * 1.4 + 4, draw_single_mark, GUINT_TO_POINTER (mark));
    }
  else
    {
      Badge badge;

      badge_init (&badge, &d->cluster, d->radius);
      g_snprintf (key, sizeof key, "b%.1f:%u:%u:%u:%u:%s", badge.radius,
                  badge.steps[0], badge.steps[1], badge.steps[2], badge.steps[3], badge.text);
      sprite = lookup_sprite (self, key, ceil (2 * badge.radius) + 2, draw_badge, &badge);
    }
  append_sprite (snapshot, sprite, self->sprite_scale, d->sx, d->sy);
}

/* A heat blob of one weight, a 32nd of the scale apart. */
static void
draw_blob (cairo_t       *cr,
           double         size,
           gconstpointer  data)
{
  double weight = *(const double *) data;
  double radius = 26 + 26 * weight, c = size / 2;
  cairo_pattern_t *blob = cairo_pattern_create_radial (c, c, 0, c, c, radius);

  cairo_pattern_add_color_stop_rgba (blob, 0, 0.85, 0.11 + 0.4 * (1 - weight), 0.10, 0.25 + 0.55 * weight);
  cairo_pattern_add_color_stop_rgba (blob, 1, 0.95, 0.60, 0.05, 0);
  cairo_set_source (cr, blob);
  cairo_arc (cr, c, c, radius, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_pattern_destroy (blob);
}

static void
append_heat (DubanMapTicketLayer *self,
             GtkSnapshot         *snapshot)
{
  guint32 max = 1;

  for (guint i = 0; i < self->drawn->len; i++)
    max = MAX (max, g_array_index (self->drawn, Drawn, i).cluster.count);

  for (guint i = 0; i < self->drawn->len; i++)
    {
      const Drawn *d = &g_array_index (self->drawn, Drawn, i);
      double weight = round (32 * sqrt ((double) d->cluster.count / max)) / 32;
      char key[16];

      g_snprintf (key, sizeof key, "h%.0f", weight * 32);
      append_sprite (snapshot, lookup_sprite (self, key, 2 * (26 + 26 * weight) + 2, draw_blob, &weight),
                     self->sprite_scale, d->sx, d->sy);
    }
}

/* What a view shows: self->drawn, computed once per view and index (the
 * region layer asks first, to put its names beside the badges). */
static void
collect (DubanMapTicketLayer *self,
         const DubanMapView  *view)
{
  Frame frame = { self, view };
  double min_x, min_y, max_x, max_y, margin;
  int level;

  if (self->drawn_valid && memcmp (&self->drawn_view, view, sizeof *view) == 0)
    return;
  self->drawn_view = *view;
  self->drawn_valid = TRUE;
  g_array_set_size (self->drawn, 0);
  g_array_set_size (self->obstacles, 0);
  if (self->index == NULL)
    return;

  duban_map_view_get_bounds (view, &min_x, &min_y, &max_x, &max_y);
  /* a cluster just off screen still shows the edge of its disc */
  margin = 40.0 / duban_map_view_get_scale (view);
  min_x -= margin;
  min_y -= margin;
  max_x += margin;
  max_y += margin;

  /* Heat uses the next level down: finer blobs that blend. */
  level = (int) floor (view->zoom + (self->heat ? 1 : 0));
  if (!self->heat && view->zoom >= POINTS_FROM_ZOOM)
    duban_cluster_index_query_points (self->index, min_x, min_y, max_x, max_y, collect_point, &frame);
  else
    duban_cluster_index_query (self->index, MIN (level, DUBAN_CLUSTER_MAX_ZOOM),
                               min_x, min_y, max_x, max_y, collect_cluster, &frame);

  /* Heat blobs are a wash under the names, not something they hide. */
  if (!self->heat)
    for (guint i = 0; i < self->drawn->len; i++)
      {
        const Drawn *d = &g_array_index (self->drawn, Drawn, i);
        DubanMapObstacle o = { d->sx, d->sy, d->radius };

        g_array_append_val (self->obstacles, o);
      }
}

static void
invalidate (DubanMapTicketLayer *self)
{
  self->drawn_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
duban_map_ticket_layer_snapshot (GtkWidget   *widget,
                                 GtkSnapshot *snapshot)
{
  DubanMapTicketLayer *self = DUBAN_MAP_TICKET_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  DubanMapView view;

  if (self->index == NULL || viewport == NULL ||
      gtk_widget_get_width (widget) <= 0 || gtk_widget_get_height (widget) <= 0)
    {
      g_array_set_size (self->drawn, 0);
      self->drawn_valid = FALSE;
      return;
    }

  duban_map_view_init_from_viewport (&view, viewport, widget);
  collect (self, &view);

  if (self->drawn->len == 0)
    return;

  self->frame++;
  if (self->sprite_scale != gtk_widget_get_scale_factor (widget))
    {
      /* drawn for another screen's pixels */
      g_hash_table_remove_all (self->sprites);
      self->sprite_scale = gtk_widget_get_scale_factor (widget);
    }

  if (self->heat)
    append_heat (self, snapshot);
  else
    {
      const Drawn *selected = NULL;

      /* Drilled in, what lies outside the area in focus steps back:
       * drawn faint, under one opacity node. */
      for (int pass = self->focus >= 0 ? 0 : 1; pass < 2; pass++)
        {
          if (pass == 0)
            gtk_snapshot_push_opacity (snapshot, 0.22);
          for (guint i = 0; i < self->drawn->len; i++)
            {
              const Drawn *d = &g_array_index (self->drawn, Drawn, i);
              gboolean inside = self->focus < 0 ||
                                duban_regions_area_contains (self->focus_regions, self->focus,
                                                             d->cluster.x, d->cluster.y);

              if (inside != (pass == 1))
                continue;
              append_cluster (self, snapshot, d);
              /* the selected ticket, alone or inside a cluster */
              if (self->selected_position != G_MAXUINT32 &&
                  self->selected_position >= d->cluster.first &&
                  self->selected_position < d->cluster.first + d->cluster.count &&
                  (d->point_id == DUBAN_MAP_NO_TICKET || d->point_id == self->selected))
                selected = d;
            }
          if (pass == 0)
            gtk_snapshot_pop (snapshot);
        }

      if (selected != NULL)
        {
          /* one ring, drawn where it is: a node the size of the ring */
          double r = MAX (MARK_SIZE, selected->radius) + 3;
          graphene_rect_t bounds = GRAPHENE_RECT_INIT (selected->sx - r - 3, selected->sy - r - 3, 2 * r + 6, 2 * r + 6);
          cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &bounds);

          cairo_new_path (cr);
          cairo_arc (cr, selected->sx, selected->sy, r, 0, 2 * G_PI);
          cairo_set_source_rgba (cr, 0.11, 0.42, 0.85, 1);
          cairo_set_line_width (cr, 3);
          cairo_stroke (cr);
          cairo_destroy (cr);
        }
    }

  /* Badges no longer asked for go, when there are many. */
  if (g_hash_table_size (self->sprites) > MAX_SPRITES)
    {
      GHashTableIter iter;
      Sprite *sprite;

      g_hash_table_iter_init (&iter, self->sprites);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &sprite))
        if (sprite->last_used != self->frame)
          g_hash_table_iter_remove (&iter);
    }
}

static void
viewport_changed_cb (DubanMapTicketLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
duban_map_ticket_layer_constructed (GObject *object)
{
  DubanMapTicketLayer *self = DUBAN_MAP_TICKET_LAYER (object);
  ShumateViewport *viewport;

  G_OBJECT_CLASS (duban_map_ticket_layer_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  if (viewport != NULL)
    g_signal_connect_object (viewport, "notify", G_CALLBACK (viewport_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
duban_map_ticket_layer_finalize (GObject *object)
{
  DubanMapTicketLayer *self = DUBAN_MAP_TICKET_LAYER (object);

  g_clear_pointer (&self->index, duban_cluster_index_unref);
  g_clear_pointer (&self->focus_regions, duban_regions_unref);
  g_clear_pointer (&self->drawn, g_array_unref);
  g_clear_pointer (&self->sprites, g_hash_table_unref);
  g_clear_pointer (&self->obstacles, g_array_unref);

  G_OBJECT_CLASS (duban_map_ticket_layer_parent_class)->finalize (object);
}

static void
duban_map_ticket_layer_class_init (DubanMapTicketLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = duban_map_ticket_layer_constructed;
  object_class->finalize = duban_map_ticket_layer_finalize;

  widget_class->snapshot = duban_map_ticket_layer_snapshot;

  /* What it draws changed otherwise than by the viewport moving: the
   * region layer puts its names again. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
duban_map_ticket_layer_init (DubanMapTicketLayer *self)
{
  self->selected = DUBAN_MAP_NO_TICKET;
  self->selected_position = G_MAXUINT32;
  self->focus = -1;
  self->drawn = g_array_sized_new (FALSE, FALSE, sizeof (Drawn), 1024);
  self->obstacles = g_array_new (FALSE, FALSE, sizeof (DubanMapObstacle));
  self->sprites = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, sprite_free);
  self->sprite_scale = 1;
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

DubanMapTicketLayer *
duban_map_ticket_layer_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (DUBAN_TYPE_MAP_TICKET_LAYER, "viewport", viewport, NULL);
}

void
duban_map_ticket_layer_set_index (DubanMapTicketLayer *self,
                                  DubanClusterIndex   *index)
{
  g_return_if_fail (DUBAN_IS_MAP_TICKET_LAYER (self));

  if (index != NULL)
    duban_cluster_index_ref (index);
  g_clear_pointer (&self->index, duban_cluster_index_unref);
  self->index = index;
  find_selected_position (self);
  invalidate (self);
}

DubanClusterIndex *
duban_map_ticket_layer_get_index (DubanMapTicketLayer *self)
{
  g_return_val_if_fail (DUBAN_IS_MAP_TICKET_LAYER (self), NULL);

  return self->index;
}

void
duban_map_ticket_layer_set_heat (DubanMapTicketLayer *self,
                                 gboolean             heat)
{
  g_return_if_fail (DUBAN_IS_MAP_TICKET_LAYER (self));

  self->heat = !!heat;
  invalidate (self);
}

static void
find_selected_position (DubanMapTicketLayer *self)
{
  self->selected_position = G_MAXUINT32;
  if (self->index == NULL || self->selected == DUBAN_MAP_NO_TICKET)
    return;

  /* One pass over the points when the selection changes, so that the
   * frames can tell which cluster holds it by its run of points. */
  {
    const DubanClusterPoint *points = duban_cluster_index_get_points (self->index);
    guint n = duban_cluster_index_get_n_points (self->index);

    for (guint i = 0; i < n; i++)
      if (points[i].id == self->selected)
        {
          self->selected_position = i;
          break;
        }
  }
}

void
duban_map_ticket_layer_set_selected (DubanMapTicketLayer *self,
                                     guint32              id)
{
  g_return_if_fail (DUBAN_IS_MAP_TICKET_LAYER (self));

  self->selected = id;
  find_selected_position (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
duban_map_ticket_layer_set_focus (DubanMapTicketLayer *self,
                                  DubanRegions        *regions,
                                  int                  focus)
{
  g_return_if_fail (DUBAN_IS_MAP_TICKET_LAYER (self));

  if (regions != NULL)
    duban_regions_ref (regions);
  g_clear_pointer (&self->focus_regions, duban_regions_unref);
  self->focus_regions = regions;
  self->focus = regions != NULL ? focus : -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const DubanMapObstacle *
duban_map_ticket_layer_get_obstacles (DubanMapTicketLayer *self,
                                      const DubanMapView  *view,
                                      guint               *out_n)
{
  g_return_val_if_fail (DUBAN_IS_MAP_TICKET_LAYER (self), NULL);
  g_return_val_if_fail (view != NULL && out_n != NULL, NULL);

  collect (self, view);
  *out_n = self->obstacles->len;
  return (const DubanMapObstacle *) self->obstacles->data;
}

gboolean
duban_map_ticket_layer_pick (DubanMapTicketLayer *self,
                             double               x,
                             double               y,
                             DubanCluster        *out_cluster,
                             guint32             *out_point_id)
{
  const Drawn *best = NULL;
  double best_distance = G_MAXDOUBLE;

  g_return_val_if_fail (DUBAN_IS_MAP_TICKET_LAYER (self), FALSE);

  if (self->heat)
    return FALSE;

  for (guint i = 0; i < self->drawn->len; i++)
    {
      const Drawn *d = &g_array_index (self->drawn, Drawn, i);
      double distance = hypot (d->sx - x, d->sy - y);

      /* a little slack around small marks: a finger is not a pixel */
      if (distance <= MAX (d->radius, 8) && distance < best_distance)
        {
          best = d;
          best_distance = distance;
        }
    }
  if (best == NULL)
    return FALSE;

  if (out_cluster != NULL)
    *out_cluster = best->cluster;
  if (out_point_id != NULL)
    *out_point_id = best->point_id;
  return TRUE;
}

guint
duban_map_ticket_layer_get_n_drawn (DubanMapTicketLayer *self,
                                    guint64             *out_tickets)
{
  guint64 total = 0;

  g_return_val_if_fail (DUBAN_IS_MAP_TICKET_LAYER (self), 0);

  for (guint i = 0; i < self->drawn->len; i++)
    total += g_array_index (self->drawn, Drawn, i).cluster.count;
  if (out_tickets != NULL)
    *out_tickets = total;
  return self->drawn->len;
}
