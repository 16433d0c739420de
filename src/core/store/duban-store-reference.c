/* duban-store-reference.c — the platform's calendar, regions and units
 *
 * Cached for offline work: the working-day tables decide every deadline,
 * the regions draw the map and group the figures, the names of areas and
 * units label them. Each is checked as the desk will read it before it
 * replaces what the store held.
 */

#define G_LOG_DOMAIN "duban-store-reference"

#include "config.h"

#include <json-glib/json-glib.h>

#include "duban-store-private.h"
#include "duban-store-reference.h"

/* ---- calendar, regions, units ------------------------------------------- */

gboolean
duban_store_save_calendar (DubanStore  *self,
                           int          year,
                           const char  *json,
                           GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);

  if (!(stmt = duban_store_prepare (self, "INSERT OR REPLACE INTO calendars (year, json) VALUES (?1, ?2)", error)))
    return FALSE;
  sqlite3_bind_int (stmt, 1, year);
  duban_store_bind_text (stmt, 2, json);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (self, error, "save calendar");

  return TRUE;
}

GPtrArray *
duban_store_load_calendars (DubanStore  *self,
                            GError     **error)
{
  g_autoptr(GPtrArray) texts = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), NULL);

  if (!(stmt = duban_store_prepare (self, "SELECT json FROM calendars ORDER BY year", error)))
    return NULL;

  texts = g_ptr_array_new_with_free_func (g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (texts, duban_store_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      duban_store_set_sqlite_error (self, error, "read calendars");
      return NULL;
    }

  return g_steal_pointer (&texts);
}

gboolean
duban_store_apply_calendars (DubanStore     *self,
                             DubanCalendar  *calendar,
                             GError        **error)
{
  g_autoptr(GPtrArray) texts = NULL;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (DUBAN_IS_CALENDAR (calendar), FALSE);

  if (!(texts = duban_store_load_calendars (self, error)))
    return FALSE;

  for (guint i = 0; i < texts->len; i++)
    if (!duban_calendar_load_json (calendar, g_ptr_array_index (texts, i), -1,
                                   DUBAN_CALENDAR_SOURCE_PLATFORM, error))
      return FALSE;

  return TRUE;
}

static const char *
object_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static JsonArray *
parse_array_member (const char  *json,
                    const char  *name,
                    JsonParser **parser_out,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonNode *member_node;

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (member_node = json_object_get_member (json_node_get_object (root), name)) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (member_node))
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                   "expected an object with an array '%s'", name);
      return NULL;
    }

  *parser_out = g_steal_pointer (&parser);
  return json_node_get_array (member_node);
}

gboolean
duban_store_replace_regions (DubanStore  *self,
                             const char  *geojson,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *features;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (geojson != NULL, FALSE);

  if (!(features = parse_array_member (geojson, "features", &parser, error)))
    return FALSE;

  /* Read them as the map and the reports will, before the old ones go:
   * regions the desk cannot draw must not replace ones it can. */
  {
    g_autoptr(DubanRegions) readable = duban_regions_new_from_geojson (geojson, error);

    if (readable == NULL)
      return FALSE;
  }

  if (!duban_store_exec (self, "DELETE FROM regions", error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonNode *feature = json_array_get_element (features, i);
      JsonObject *properties;
      JsonNode *geometry;
      const char *code, *name, *level;
      g_autofree char *geometry_text = NULL;
      int rc;

      if (!JSON_NODE_HOLDS_OBJECT (feature) ||
          !json_object_has_member (json_node_get_object (feature), "properties") ||
          !JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (feature), "properties")))
        {
          g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                       "region feature %u has no properties", i);
          return FALSE;
        }

      properties = json_object_get_object_member (json_node_get_object (feature), "properties");
      geometry = json_object_get_member (json_node_get_object (feature), "geometry");
      code = object_string (properties, "code");
      name = object_string (properties, "name");
      level = object_string (properties, "level");
      if (code == NULL || name == NULL || level == NULL || geometry == NULL)
        {
          g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                       "region feature %u lacks code, name, level or geometry", i);
          return FALSE;
        }

      geometry_text = json_to_string (geometry, FALSE);

      if (!(stmt = duban_store_prepare (self,
                            "INSERT OR REPLACE INTO regions (code, name, level, parent_code, geometry)"
                            " VALUES (?1, ?2, ?3, ?4, ?5)", error)))
        return FALSE;
      duban_store_bind_text (stmt, 1, code);
      duban_store_bind_text (stmt, 2, name);
      duban_store_bind_text (stmt, 3, level);
      duban_store_bind_text (stmt, 4, object_string (properties, "parent_code"));
      duban_store_bind_text (stmt, 5, geometry_text);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return duban_store_set_sqlite_error (self, error, "save region");
    }

  return TRUE;
}

char *
duban_store_get_regions_json (DubanStore *self)
{
  GString *out;
  sqlite3_stmt *stmt;
  gboolean first = TRUE;

  g_return_val_if_fail (DUBAN_IS_STORE (self), NULL);

  if (!(stmt = duban_store_prepare (self,
                        "SELECT json_object ('type', 'Feature',"
                        "  'properties', json_object ('code', code, 'name', name, 'level', level,"
                        "                             'parent_code', parent_code),"
                        "  'geometry', json (geometry))"
                        " FROM regions ORDER BY code", NULL)))
    return NULL;

  out = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (!first)
        g_string_append_c (out, ',');
      g_string_append (out, (const char *) sqlite3_column_text (stmt, 0));
      first = FALSE;
    }
  sqlite3_reset (stmt);
  g_string_append (out, "]}");

  return g_string_free (out, FALSE);
}

DubanRegions *
duban_store_load_regions (DubanStore *self)
{
  g_autofree char *geojson = NULL;
  g_autoptr(GError) error = NULL;
  DubanRegions *regions;

  g_return_val_if_fail (DUBAN_IS_STORE (self), NULL);

  if ((geojson = duban_store_get_regions_json (self)) == NULL)
    return NULL;
  /* a broken map is no reason to withhold the queue or the figures */
  if ((regions = duban_regions_new_from_geojson (geojson, &error)) == NULL)
    g_warning ("The stored regions cannot be drawn: %s", error->message);
  return regions;
}

char *
duban_store_region_name (DubanStore *self,
                         const char *code)
{
  sqlite3_stmt *stmt;
  char *name = NULL;

  g_return_val_if_fail (DUBAN_IS_STORE (self), NULL);

  if (code == NULL)
    return NULL;

  if (!(stmt = duban_store_prepare (self,
                        "SELECT name FROM regions WHERE code = ?1"
                        " UNION ALL SELECT name FROM units WHERE code = ?1 LIMIT 1", NULL)))
    return NULL;
  duban_store_bind_text (stmt, 1, code);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = duban_store_column_text (stmt, 0);
  sqlite3_reset (stmt);

  return name;
}

gboolean
duban_store_replace_units (DubanStore  *self,
                           const char  *units_json,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *units;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (units_json != NULL, FALSE);

  if (!(units = parse_array_member (units_json, "units", &parser, error)))
    return FALSE;

  if (!duban_store_exec (self, "DELETE FROM units", error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (units); i++)
    {
      JsonNode *node = json_array_get_element (units, i);
      JsonObject *unit;
      sqlite3_stmt *stmt;
      int rc;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          object_string ((unit = json_node_get_object (node)), "code") == NULL ||
          object_string (unit, "name") == NULL)
        {
          g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                       "unit %u lacks a code or a name", i);
          return FALSE;
        }

      if (!(stmt = duban_store_prepare (self, "INSERT OR REPLACE INTO units (code, name, kind) VALUES (?1, ?2, ?3)", error)))
        return FALSE;
      duban_store_bind_text (stmt, 1, object_string (unit, "code"));
      duban_store_bind_text (stmt, 2, object_string (unit, "name"));
      duban_store_bind_text (stmt, 3, object_string (unit, "kind"));
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return duban_store_set_sqlite_error (self, error, "save unit");
    }

  return TRUE;
}

