/* duban-regions.c — the county's region tree in memory, for the map and the figures */

#define G_LOG_DOMAIN "duban-regions"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "duban-geo.h"
#include "duban-regions.h"

struct _DubanRegions
{
  gatomicrefcount  ref_count;

  GArray          *areas;        /* DubanArea */
  GArray          *children;     /* guint: children of each area, contiguous */
  GArray          *ring_ends;    /* guint, per ring: one past its last point */
  GArray          *points;       /* double x, y in Mercator */
  GHashTable      *by_code;      /* code → index + 1 */
  int             *parents;      /* each area's parent, for the figures (duban-area-figures.h) */
  guint            level_first[DUBAN_AREA_N_LEVELS + 1];
  double           min_x, min_y, max_x, max_y;
  double           path_origin_x, path_origin_y, path_scale;
};

G_DEFINE_QUARK (duban-regions-error-quark, duban_regions_error)

static gboolean
level_from_wire (const char     *wire,
                 DubanAreaLevel *level)
{
  static const char * const names[] = { "county", "town", "village", "grid" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (wire, names[i]) == 0)
      {
        *level = i;
        return TRUE;
      }
  return FALSE;
}

/* One area while parsing, before the tree is put in order. */
typedef struct {
  char           *code;
  char           *name;
  char           *parent_code;
  DubanAreaLevel  level;
  GArray         *ring_ends;   /* guint, relative to @points */
  GArray         *points;      /* double */
} ParsedArea;

static void
parsed_area_free (ParsedArea *parsed)
{
  g_free (parsed->code);
  g_free (parsed->name);
  g_free (parsed->parent_code);
  g_array_unref (parsed->ring_ends);
  g_array_unref (parsed->points);
  g_free (parsed);
}

/* json-glib's member getters complain when the member is missing or of
 * another type; platform data is checked, not trusted. */
static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
number_element (JsonArray *array,
                guint      index,
                double    *out)
{
  JsonNode *node = json_array_get_element (array, index);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_DOUBLE && json_node_get_value_type (node) != G_TYPE_INT64))
    return FALSE;
  *out = json_node_get_double (node);
  return TRUE;
}

static gboolean
parse_ring (JsonArray  *ring,
            ParsedArea *parsed,
            GError    **error)
{
  guint n = json_array_get_length (ring);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (ring, i);
      JsonArray *position;
      double lon, lat, x, y;

      if (!JSON_NODE_HOLDS_ARRAY (node) ||
          json_array_get_length (position = json_node_get_array (node)) < 2 ||
          !number_element (position, 0, &lon) || !number_element (position, 1, &lat))
        {
          g_set_error (error, DUBAN_REGIONS_ERROR, DUBAN_REGIONS_ERROR_INVALID,
                       "region %s: a position is not [lon, lat]", parsed->code);
          return FALSE;
        }
      /* One position off the earth (1e300, or a swapped pair past 90°)
       * would stretch the bounds of the whole county, and every grid
       * would shrink to a dot on the map: refused, by name. JSON has no
       * NaN, but 1e999 reads as infinity. */
      if (!(lon >= -180.0 && lon <= 180.0 && lat >= -90.0 && lat <= 90.0))
        {
          g_set_error (error, DUBAN_REGIONS_ERROR, DUBAN_REGIONS_ERROR_INVALID,
                       "region %s: position %u of a ring, [%g, %g], is not a longitude and latitude",
                       parsed->code, i + 1, lon, lat);
          return FALSE;
        }
      duban_geo_to_mercator (lat, lon, &x, &y);
      g_array_append_val (parsed->points, x);
      g_array_append_val (parsed->points, y);
    }

  n = parsed->points->len / 2;
  g_array_append_val (parsed->ring_ends, n);
  return TRUE;
}

static gboolean
parse_polygon (JsonArray  *rings,
               ParsedArea *parsed,
               GError    **error)
{
  for (guint i = 0; i < json_array_get_length (rings); i++)
    {
      JsonNode *ring = json_array_get_element (rings, i);

      if (!JSON_NODE_HOLDS_ARRAY (ring))
        {
          g_set_error (error, DUBAN_REGIONS_ERROR, DUBAN_REGIONS_ERROR_INVALID,
                       "region %s: a ring is not an array", parsed->code);
          return FALSE;
        }
      if (!parse_ring (json_node_get_array (ring), parsed, error))
        return FALSE;
    }
  return TRUE;
}

/* A member's string, or @fallback when it is absent, null or not a
 * string: json-glib's _with_default gives NULL for a null member, and
 * GeoJSON from elsewhere has nulls where strings should be. */
static const char *
string_member_or (JsonObject *object,
                  const char *name,
                  const char *fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fallback;

  return json_node_get_string (node);
}

static ParsedArea *
parse_feature (JsonNode  *node,
               GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *feature, *properties, *geometry;
  JsonArray *coordinates;
  const char *type;
  ParsedArea *parsed;

  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      !(properties = object_member (feature = json_node_get_object (node), "properties")) ||
      !json_object_has_member (properties, "code"))
    {
      g_set_error (error, DUBAN_REGIONS_ERROR, DUBAN_REGIONS_ERROR_INVALID,
                   "a feature has no properties.code");
      return NULL;
    }

  parsed = g_new0 (ParsedArea, 1);
  parsed->ring_ends = g_array_new (FALSE, FALSE, sizeof (guint));
  parsed->points = g_array_new (FALSE, FALSE, sizeof (double));
  parsed->code = g_strdup (string_member_or (properties, "code", ""));
  parsed->name = g_strdup (string_member_or (properties, "name", parsed->code));
  parsed->parent_code = g_strdup (string_member_or (properties, "parent_code", NULL));

  if (!level_from_wire (string_member_or (properties, "level", NULL), &parsed->level))
    {
      g_set_error (error, DUBAN_REGIONS_ERROR, DUBAN_REGIONS_ERROR_INVALID,
                   "region %s: unknown level", parsed->code);
      parsed_area_free (parsed);
      return NULL;
    }

  geometry = object_member (feature, "geometry");
  if (geometry == NULL || array_member (geometry, "coordinates") == NULL)
    {
      g_set_error (error, DUBAN_REGIONS_ERROR, DUBAN_REGIONS_ERROR_INVALID,
                   "region %s: no geometry", parsed->code);
      parsed_area_free (parsed);
      return NULL;
    }
  type = string_member_or (geometry, "type", "");
  coordinates = array_member (geometry, "coordinates");

  if (g_str_equal (type, "Polygon"))
    {
      if (!parse_polygon (coordinates, parsed, error))
        g_clear_pointer (&parsed, parsed_area_free);
    }
  else if (g_str_equal (type, "MultiPolygon"))
    {
      for (guint i = 0; parsed != NULL && i < json_array_get_length (coordinates); i++)
        {
          JsonNode *polygon = json_array_get_element (coordinates, i);

          if (!JSON_NODE_HOLDS_ARRAY (polygon) ||
              !parse_polygon (json_node_get_array (polygon), parsed, &local_error))
            {
              if (local_error == NULL)
                g_set_error (&local_error, DUBAN_REGIONS_ERROR, DUBAN_REGIONS_ERROR_INVALID,
                             "region %s: a polygon is not an array", parsed->code);
              g_propagate_error (error, g_steal_pointer (&local_error));
              g_clear_pointer (&parsed, parsed_area_free);
            }
        }
    }
  else
    {
      g_set_error (error, DUBAN_REGIONS_ERROR, DUBAN_REGIONS_ERROR_INVALID,
                   "region %s: geometry %s is not a Polygon or MultiPolygon", parsed->code, type);
      g_clear_pointer (&parsed, parsed_area_free);
    }

  return parsed;
}

static int
compare_parsed (gconstpointer a,
                gconstpointer b)
{
  const ParsedArea *pa = *(ParsedArea **) a;
  const ParsedArea *pb = *(ParsedArea **) b;

  if (pa->level != pb->level)
    return (int) pa->level - (int) pb->level;
  return strcmp (pa->code, pb->code);
}

/* A cairo path built by hand rather than copied from a context: cairo
 * keeps a context's path in 24.8 fixed point, and the rings would lose
 * their precision on the way. */
static cairo_path_t *
build_path (const double *xy,
            const guint  *ring_ends,
            guint         n_rings,
            double        origin_x,
            double        origin_y,
            double        scale)
{
  cairo_path_t *path = g_new0 (cairo_path_t, 1);
  guint n_points = n_rings > 0 ? ring_ends[n_rings - 1] : 0;
  guint start, k = 0;

  /* per point: a header and a point; per ring: a close */
  path->data = g_new (cairo_path_data_t, 2 * n_points + n_rings);
  start = 0;
  for (guint r = 0; r < n_rings; r++)
    {
      for (guint i = start; i < ring_ends[r]; i++)
        {
          path->data[k].header.type = i == start ? CAIRO_PATH_MOVE_TO : CAIRO_PATH_LINE_TO;
          path->data[k].header.length = 2;
          path->data[k + 1].point.x = (xy[2 * i] - origin_x) * scale;
          path->data[k + 1].point.y = (xy[2 * i + 1] - origin_y) * scale;
          k += 2;
        }
      path->data[k].header.type = CAIRO_PATH_CLOSE_PATH;
      path->data[k].header.length = 1;
      k++;
      start = ring_ends[r];
    }
  path->num_data = k;
  path->status = CAIRO_STATUS_SUCCESS;
  return path;
}

static void
free_path (cairo_path_t *path)
{
  if (path == NULL)
    return;
  g_free (path->data);
  g_free (path);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return da < db ? -1 : da > db;
}

/* The widest inside stretch of a horizontal line at @y: its width (-1
 * when the line meets no inside) and its middle in *@mid_x. Crossings
 * taken in pairs are inside by the even-odd rule, the rule the map fills
 * with, so this holds for holes and for rings that cross themselves. */
static double
widest_stretch (const DubanRegions *self,
                const DubanArea    *area,
                double              y,
                GArray             *crossings,
                double             *mid_x)
{
  const double *xy = (const double *) self->points->data;
  const guint *ends = &g_array_index (self->ring_ends, guint, area->first_ring);
  guint start = area->first_ring > 0 ? g_array_index (self->ring_ends, guint, area->first_ring - 1) : 0;
  double best = -1;

  g_array_set_size (crossings, 0);
  for (guint r = 0; r < area->n_rings; r++)
    {
      for (guint i = start, j = ends[r] - 1; i < ends[r]; j = i++)
        {
          double xi = xy[2 * i], yi = xy[2 * i + 1];
          double xj = xy[2 * j], yj = xy[2 * j + 1];

          if ((yi > y) != (yj > y))
            {
              double x = (xj - xi) * (y - yi) / (yj - yi) + xi;

              g_array_append_val (crossings, x);
            }
        }
      start = ends[r];
    }

  g_array_sort (crossings, compare_double);
  for (guint i = 0; i + 1 < crossings->len; i += 2)
    {
      double a = g_array_index (crossings, double, i);
      double b = g_array_index (crossings, double, i + 1);

      if (b - a > best)
        {
          best = b - a;
          *mid_x = (a + b) / 2;
        }
    }
  return best;
}

/* Where the name goes: the middle of the widest inside stretch of a few
 * horizontal lines across the area — inside even for an L-shaped or
 * concave area, where the centre of the bounds may not be, and for an
 * hourglass, whose middle line only grazes the waist. The middle line
 * wins unless another is clearly wider, so that labels of ordinary
 * areas sit where the eye expects them. */
static void
find_label_point (DubanRegions *self,
                  DubanArea    *area)
{
  static const double fractions[] = { 0.5, 0.35, 0.65, 0.2, 0.8 };
  g_autoptr(GArray) crossings = g_array_new (FALSE, FALSE, sizeof (double));
  double best = -1;

  area->label_x = (area->min_x + area->max_x) / 2;
  area->label_y = (area->min_y + area->max_y) / 2;

  for (guint f = 0; f < G_N_ELEMENTS (fractions); f++)
    {
      double y = area->min_y + (area->max_y - area->min_y) * fractions[f];
      double mid_x = 0;
      double width = widest_stretch (self, area, y, crossings, &mid_x);

      if (width > (best > 0 ? 1.5 * best : 0))
        {
          best = width;
          area->label_x = mid_x;
          area->label_y = y;
        }
    }
}

DubanRegions *
duban_regions_new_from_geojson (const char  *geojson,
                                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) parsed_area_free);
  g_autoptr(DubanRegions) self = NULL;
  JsonObject *root;
  JsonArray *features;
  guint n_points = 0;

  g_return_val_if_fail (geojson != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, geojson, -1, error))
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      !(features = array_member (root = json_node_get_object (json_parser_get_root (parser)), "features")))
    {
      g_set_error (error, DUBAN_REGIONS_ERROR, DUBAN_REGIONS_ERROR_INVALID,
                   "the regions are not a GeoJSON FeatureCollection");
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      ParsedArea *area = parse_feature (json_array_get_element (features, i), error);

      if (area == NULL)
        return NULL;
      g_ptr_array_add (parsed, area);
    }
  g_ptr_array_sort (parsed, compare_parsed);

  self = g_new0 (DubanRegions, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->areas = g_array_sized_new (FALSE, TRUE, sizeof (DubanArea), parsed->len);
  self->children = g_array_sized_new (FALSE, FALSE, sizeof (guint), parsed->len);
  self->ring_ends = g_array_new (FALSE, FALSE, sizeof (guint));
  self->points = g_array_new (FALSE, FALSE, sizeof (double));
  self->by_code = g_hash_table_new (g_str_hash, g_str_equal);
  self->min_x = self->min_y = INFINITY;
  self->max_x = self->max_y = -INFINITY;

  for (guint l = 0; l <= DUBAN_AREA_N_LEVELS; l++)
    self->level_first[l] = parsed->len;

  for (guint i = 0; i < parsed->len; i++)
    {
      ParsedArea *p = g_ptr_array_index (parsed, i);
      DubanArea area = { 0 };
      const double *xy = (const double *) p->points->data;

      if (g_hash_table_contains (self->by_code, p->code))
        {
          g_set_error (error, DUBAN_REGIONS_ERROR, DUBAN_REGIONS_ERROR_INVALID,
                       "region %s appears twice", p->code);
          return NULL;
        }

      area.code = g_steal_pointer (&p->code);
      area.name = g_steal_pointer (&p->name);
      area.level = p->level;
      area.parent = -1;
      area.first_ring = self->ring_ends->len;
      area.n_rings = p->ring_ends->len;
      area.min_x = area.min_y = INFINITY;
      area.max_x = area.max_y = -INFINITY;
      for (guint k = 0; k < p->points->len / 2; k++)
        {
          area.min_x = MIN (area.min_x, xy[2 * k]);
          area.max_x = MAX (area.max_x, xy[2 * k]);
          area.min_y = MIN (area.min_y, xy[2 * k + 1]);
          area.max_y = MAX (area.max_y, xy[2 * k + 1]);
        }
      self->min_x = MIN (self->min_x, area.min_x);
      self->min_y = MIN (self->min_y, area.min_y);
      self->max_x = MAX (self->max_x, area.max_x);
      self->max_y = MAX (self->max_y, area.max_y);

      for (guint r = 0; r < p->ring_ends->len; r++)
        {
          guint end = n_points + g_array_index (p->ring_ends, guint, r);

          g_array_append_val (self->ring_ends, end);
        }
      g_array_append_vals (self->points, p->points->data, p->points->len);
      n_points += p->points->len / 2;

      if (self->level_first[area.level] == parsed->len)
        self->level_first[area.level] = i;
      g_hash_table_insert (self->by_code, area.code, GUINT_TO_POINTER (i + 1));
      g_array_append_val (self->areas, area);
    }

  /* A level with no areas starts where the next one does. */
  for (int l = DUBAN_AREA_N_LEVELS - 1; l >= 0; l--)
    if (self->level_first[l] == parsed->len)
      self->level_first[l] = self->level_first[l + 1];

  /* Parents, then children as one contiguous run per parent: the areas
   * are sorted by level and code, so a parent's children are met in order. */
  {
    g_autofree guint *n_children = g_new0 (guint, parsed->len + 1);
    g_autofree guint *next = g_new0 (guint, parsed->len + 1);
    guint total = 0;

    for (guint i = 0; i < self->areas->len; i++)
      {
        ParsedArea *p = g_ptr_array_index (parsed, i);
        DubanArea *area = &g_array_index (self->areas, DubanArea, i);
        gpointer found;

        /* Only a parent of a higher level counts: an area that names
         * itself, or one of its own level or below, as its parent would
         * make a cycle, and every walk up or down the tree would loop. */
        if (p->parent_code != NULL &&
            (found = g_hash_table_lookup (self->by_code, p->parent_code)) != NULL &&
            g_array_index (self->areas, DubanArea, GPOINTER_TO_UINT (found) - 1).level < area->level)
          {
            area->parent = GPOINTER_TO_UINT (found) - 1;
            n_children[area->parent]++;
          }
      }
    for (guint i = 0; i < self->areas->len; i++)
      {
        DubanArea *area = &g_array_index (self->areas, DubanArea, i);

        area->first_child = next[i] = total;
        area->n_children = n_children[i];
        total += n_children[i];
      }
    g_array_set_size (self->children, total);
    for (guint i = 0; i < self->areas->len; i++)
      {
        DubanArea *area = &g_array_index (self->areas, DubanArea, i);

        if (area->parent >= 0)
          g_array_index (self->children, guint, next[area->parent]++) = i;
      }
  }

  if (self->areas->len == 0)
    {
      self->min_x = self->min_y = self->max_x = self->max_y = 0.5;
    }

  self->parents = g_new (int, MAX (self->areas->len, 1));
  for (guint i = 0; i < self->areas->len; i++)
    self->parents[i] = g_array_index (self->areas, DubanArea, i).parent;

  self->path_origin_x = self->min_x;
  self->path_origin_y = self->min_y;
  self->path_scale = 1e6 / MAX (MAX (self->max_x - self->min_x, self->max_y - self->min_y), 1e-12);

  for (guint i = 0; i < self->areas->len; i++)
    {
      DubanArea *area = &g_array_index (self->areas, DubanArea, i);
      guint base = area->first_ring > 0 ? g_array_index (self->ring_ends, guint, area->first_ring - 1) : 0;
      g_autofree guint *local_ends = g_new (guint, MAX (area->n_rings, 1));
      /* a collection whose polygons are all empty has no arrays at all:
       * no pointer arithmetic on their NULL data */
      const double *points = self->points->len > 0 ? (const double *) self->points->data + 2 * base : NULL;

      for (guint r = 0; r < area->n_rings; r++)
        local_ends[r] = g_array_index (self->ring_ends, guint, area->first_ring + r) - base;
      area->path = build_path (points, local_ends, area->n_rings,
                               self->path_origin_x, self->path_origin_y, self->path_scale);
      if (area->n_rings > 0)
        find_label_point (self, area);
    }

  return g_steal_pointer (&self);
}

DubanRegions *
duban_regions_ref (DubanRegions *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
duban_regions_unref (DubanRegions *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint i = 0; self->areas != NULL && i < self->areas->len; i++)
    {
      DubanArea *area = &g_array_index (self->areas, DubanArea, i);

      g_free (area->code);
      g_free (area->name);
      free_path (area->path);
    }
  g_clear_pointer (&self->areas, g_array_unref);
  g_clear_pointer (&self->children, g_array_unref);
  g_clear_pointer (&self->ring_ends, g_array_unref);
  g_clear_pointer (&self->points, g_array_unref);
  g_clear_pointer (&self->by_code, g_hash_table_unref);
  g_free (self->parents);
  g_free (self);
}

guint
duban_regions_get_n_areas (const DubanRegions *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->areas->len;
}

const DubanArea *
duban_regions_get_area (const DubanRegions *self,
                        guint               index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->areas->len, NULL);

  return &g_array_index (self->areas, DubanArea, index);
}

int
duban_regions_lookup (const DubanRegions *self,
                      const char         *code)
{
  g_return_val_if_fail (self != NULL, -1);

  if (code == NULL)
    return -1;
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->by_code, code)) - 1;
}

int
duban_regions_get_county (const DubanRegions *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->level_first[DUBAN_AREA_COUNTY] < self->level_first[DUBAN_AREA_TOWN] ? (int) self->level_first[DUBAN_AREA_COUNTY] : -1;
}

void
duban_regions_get_level_range (const DubanRegions *self,
                               DubanAreaLevel      level,
                               guint              *first,
                               guint              *end)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (level < DUBAN_AREA_N_LEVELS);

  if (first != NULL)
    *first = self->level_first[level];
  if (end != NULL)
    *end = self->level_first[level + 1];
}

const guint *
duban_regions_get_children (const DubanRegions *self,
                            guint               index,
                            guint              *n_children)
{
  const DubanArea *area;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->areas->len, NULL);
  g_return_val_if_fail (n_children != NULL, NULL);

  area = &g_array_index (self->areas, DubanArea, index);
  *n_children = area->n_children;
  return area->n_children > 0 ? &g_array_index (self->children, guint, area->first_child) : NULL;
}

gboolean
duban_regions_is_within (const DubanRegions *self,
                         int                 index,
                         int                 ancestor)
{
  g_return_val_if_fail (self != NULL, FALSE);

  while (index >= 0)
    {
      if (index == ancestor)
        return TRUE;
      index = g_array_index (self->areas, DubanArea, index).parent;
    }
  return FALSE;
}

void
duban_regions_get_bounds (const DubanRegions *self,
                          double             *min_x,
                          double             *min_y,
                          double             *max_x,
                          double             *max_y)
{
  g_return_if_fail (self != NULL);

  *min_x = self->min_x;
  *min_y = self->min_y;
  *max_x = self->max_x;
  *max_y = self->max_y;
}

void
duban_regions_get_path_transform (const DubanRegions *self,
                                  double             *origin_x,
                                  double             *origin_y,
                                  double             *scale)
{
  g_return_if_fail (self != NULL);

  *origin_x = self->path_origin_x;
  *origin_y = self->path_origin_y;
  *scale = self->path_scale;
}

gboolean
duban_regions_area_contains (const DubanRegions *self,
                             guint               index,
                             double              x,
                             double              y)
{
  const DubanArea *area;
  guint base, n_rings;
  guint local_ends[64];
  g_autofree guint *heap_ends = NULL;
  guint *ends = local_ends;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (index < self->areas->len, FALSE);

  area = &g_array_index (self->areas, DubanArea, index);
  if (x < area->min_x || x > area->max_x || y < area->min_y || y > area->max_y)
    return FALSE;

  /* The ring ends are global; the test wants them relative to the area's
   * first point. Most areas have a ring or two: no allocation for them. */
  base = area->first_ring > 0 ? g_array_index (self->ring_ends, guint, area->first_ring - 1) : 0;
  n_rings = area->n_rings;
  if (n_rings > G_N_ELEMENTS (local_ends))
    ends = heap_ends = g_new (guint, n_rings);
  for (guint r = 0; r < n_rings; r++)
    ends[r] = g_array_index (self->ring_ends, guint, area->first_ring + r) - base;

  /* no points anywhere (every polygon empty): nothing contains anything,
   * and there is no array to offset into */
  if (self->points->len == 0)
    return FALSE;

  return duban_geo_rings_contain ((const double *) self->points->data + 2 * base, ends, n_rings, x, y);
}

static int
find_among (const DubanRegions *self,
            const guint        *candidates,
            guint               n,
            double              x,
            double              y)
{
  for (guint i = 0; i < n; i++)
    if (duban_regions_area_contains (self, candidates[i], x, y))
      return candidates[i];
  return -1;
}

int
duban_regions_find_area (const DubanRegions *self,
                         double              x,
                         double              y,
                         DubanAreaLevel      level)
{
  int found = -1;
  int current;

  g_return_val_if_fail (self != NULL, -1);

  current = duban_regions_get_county (self);
  if (current >= 0 && !duban_regions_area_contains (self, current, x, y))
    current = -1;

  /* Down the tree: a point is tested against a town's villages only. */
  if (current >= 0)
    {
      found = current;
      while ((DubanAreaLevel) g_array_index (self->areas, DubanArea, found).level < level)
        {
          guint n;
          const guint *children = duban_regions_get_children (self, found, &n);
          int child = find_among (self, children, n, x, y);

          if (child < 0)
            break;
          found = child;
        }
      if (g_array_index (self->areas, DubanArea, found).level == level)
        return found;
    }

  /* A tree with gaps (or no county): every area of the level. */
  for (guint i = self->level_first[level]; i < self->level_first[level + 1]; i++)
    if (duban_regions_area_contains (self, i, x, y))
      return i;

  return found;
}

int
duban_regions_find_grid (const DubanRegions *self,
                         double              x,
                         double              y)
{
  int found;

  g_return_val_if_fail (self != NULL, -1);

  found = duban_regions_find_area (self, x, y, DUBAN_AREA_GRID);
  if (found >= 0 && g_array_index (self->areas, DubanArea, found).level != DUBAN_AREA_GRID)
    return -1;
  return found;
}

int
duban_regions_place_ticket (const DubanRegions *self,
                            const DubanTicket  *ticket,
                            double             *out_x,
                            double             *out_y)
{
  double x = NAN, y = NAN;
  int grid = -1;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (ticket != NULL, -1);

  if (ticket->grid_code != NULL)
    {
      grid = duban_regions_lookup (self, ticket->grid_code);
      if (grid >= 0 && g_array_index (self->areas, DubanArea, grid).level != DUBAN_AREA_GRID)
        grid = -1;
    }

  /* the position, projected, only where it is asked for or places the
   * ticket: a 研判 places two million tickets by their grid code, and
   * the projection's trigonometry was most of that */
  if (ticket->has_location && (grid < 0 || out_x != NULL || out_y != NULL))
    {
      double lat = ticket->lat, lon = ticket->lon;

      if (ticket->crs == DUBAN_CRS_GCJ02)
        duban_geo_gcj02_to_wgs84 (ticket->lat, ticket->lon, &lat, &lon);
      duban_geo_to_mercator (lat, lon, &x, &y);
    }
  if (grid < 0 && ticket->has_location)
    grid = duban_regions_find_grid (self, x, y);

  if (out_x != NULL)
    *out_x = x;
  if (out_y != NULL)
    *out_y = y;
  return grid;
}

const int *
duban_regions_get_parents (const DubanRegions *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->parents;
}
