/* duban-open311.c — Open311 GeoReport v2 → the feed's ticket form
 *
 * Open311 knows less than the county's platform: it has no kind, no
 * urgency, no dispatch or contact times and no completion time. Those
 * stay empty, except where the feed contract requires a value:
 *   kind → "complaint" and urgency → "normal" (the platform's defaults
 *   for a request of unknown type);
 *   a closed request's resolved_at → its updated_datetime, the only
 *   moment Open311 gives for the closing (without it a closed ticket
 *   would be invalid);
 *   lat 0, long 0 → no location, which is what such feeds mean by it.
 * The record is then validated by duban_ticket_new_from_json like any
 * other, so bad times, offsets and coordinates are caught in one place.
 */

#define G_LOG_DOMAIN "duban-open311"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "duban-open311.h"
#include "duban-ticket.h"

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static void
copy_member (JsonBuilder *builder,
             const char  *to,
             JsonObject  *from,
             const char  *name)
{
  JsonNode *node = json_object_get_member (from, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;

  json_builder_set_member_name (builder, to);
  json_builder_add_value (builder, json_node_copy (node));
}

/* A number that is 0, or a string that says so ("0", "0.0"). */
static gboolean
is_zero (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return json_node_get_int (node) == 0;
    case G_TYPE_DOUBLE:
      return json_node_get_double (node) == 0.0;
    case G_TYPE_STRING:
      {
        const char *text = json_node_get_string (node);
        char *end = NULL;
        double value = g_ascii_strtod (text, &end);

        return *text != '\0' && end != NULL && *end == '\0' && value == 0.0;
      }
    default:
      return FALSE;
    }
}

/* The title is the first line of the description, at most 200 characters. */
static char *
title_from_description (const char *description)
{
  const char *end = strpbrk (description, "\r\n");
  g_autofree char *line = end ? g_strndup (description, end - description) : g_strdup (description);
  glong length;

  g_strstrip (line);
  length = g_utf8_strlen (line, -1);
  if (length > 200)
    *g_utf8_offset_to_pointer (line, 200) = '\0';

  return g_steal_pointer (&line);
}

JsonNode *
duban_open311_to_feed_ticket (JsonNode  *request,
                              GError   **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  JsonObject *object;
  JsonNode *id_node;
  const char *status, *description, *service, *agency, *updated;
  JsonNode *lat, *lon;

  g_return_val_if_fail (request != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (request))
    {
      g_set_error (error, DUBAN_TICKET_ERROR, DUBAN_TICKET_ERROR_INVALID,
                   "an Open311 request must be a JSON object");
      return NULL;
    }
  object = json_node_get_object (request);

  /* Many GeoReport servers send the id as a number. */
  id_node = json_object_get_member (object, "service_request_id");
  if (id_node != NULL && JSON_NODE_HOLDS_VALUE (id_node))
    {
      if (json_node_get_value_type (id_node) == G_TYPE_STRING)
        id = g_strdup (json_node_get_string (id_node));
      else if (json_node_get_value_type (id_node) == G_TYPE_INT64)
        id = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id_node));
    }
  if (id == NULL || *id == '\0')
    {
      g_set_error (error, DUBAN_TICKET_ERROR, DUBAN_TICKET_ERROR_INVALID,
                   "missing required field 'service_request_id'");
      return NULL;
    }

  status = string_member (object, "status");
  if (g_strcmp0 (status, "open") != 0 && g_strcmp0 (status, "closed") != 0)
    {
      g_set_error (error, DUBAN_TICKET_ERROR, DUBAN_TICKET_ERROR_INVALID,
                   "field 'status' must be 'open' or 'closed', not '%s'", status ? status : "(none)");
      return NULL;
    }

  description = string_member (object, "description");
  service = string_member (object, "service_name");
  if (service == NULL)
    service = string_member (object, "service_code");
  agency = string_member (object, "agency_responsible");
  updated = string_member (object, "updated_datetime");
  if (updated == NULL)
    updated = string_member (object, "requested_datetime");

  if (description != NULL && *description != '\0')
    title = title_from_description (description);
  else if (service != NULL)
    title = g_strdup (service);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  if (title != NULL && *title != '\0')
    {
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, title);
    }
  copy_member (builder, "description", object, "description");
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "complaint");
  if (service != NULL)
    {
      json_builder_set_member_name (builder, "category");
      json_builder_add_string_value (builder, service);
    }
  json_builder_set_member_name (builder, "urgency");
  json_builder_add_string_value (builder, "normal");
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, "other");
  copy_member (builder, "address", object, "address");

  lat = json_object_get_member (object, "lat");
  lon = json_object_get_member (object, "long");
  /* Real feeds (the City of Bloomington's) write "no position" as
   * lat 0, long 0: a point in the Gulf of Guinea that no request has. */
  if (is_zero (lat) && is_zero (lon))
    lat = lon = NULL;
  if (lat != NULL && !JSON_NODE_HOLDS_NULL (lat) && lon != NULL && !JSON_NODE_HOLDS_NULL (lon))
    {
      json_builder_set_member_name (builder, "location");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "lat");
      json_builder_add_value (builder, json_node_copy (lat));
      json_builder_set_member_name (builder, "lon");
      json_builder_add_value (builder, json_node_copy (lon));
      json_builder_set_member_name (builder, "crs");
      json_builder_add_string_value (builder, "wgs84");
      json_builder_end_object (builder);
    }
  else if ((lat != NULL && !JSON_NODE_HOLDS_NULL (lat)) != (lon != NULL && !JSON_NODE_HOLDS_NULL (lon)))
    {
      g_set_error (error, DUBAN_TICKET_ERROR, DUBAN_TICKET_ERROR_INVALID,
                   "an Open311 location needs both 'lat' and 'long'");
      return NULL;
    }

  if (agency != NULL && *agency != '\0')
    {
      json_builder_set_member_name (builder, "unit");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, agency);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, agency);
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, g_str_equal (status, "open") ? "in_progress" : "closed");
  copy_member (builder, "received_at", object, "requested_datetime");
  if (updated != NULL)
    {
      json_builder_set_member_name (builder, "updated_at");
      json_builder_add_string_value (builder, updated);
      if (g_str_equal (status, "closed"))
        {
          json_builder_set_member_name (builder, "resolved_at");
          json_builder_add_string_value (builder, updated);
          json_builder_set_member_name (builder, "closed_at");
          json_builder_add_string_value (builder, updated);
        }
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
