/* duban-feed-open311.c — the same tickets as Open311 GeoReport v2
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "duban-feed-open311"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "duban-feed-gcj02.h"
#include "duban-feed-open311.h"

static gboolean
parse_time_parameter (GHashTable  *query,
                      const char  *name,
                      DubanTime   *out,
                      GError     **error)
{
  const char *text = query != NULL ? g_hash_table_lookup (query, name) : NULL;
  g_autoptr(GError) parse_error = NULL;

  *out = DUBAN_TIME_NONE;
  if (text == NULL || *text == '\0')
    return TRUE;
  if (!duban_time_parse_rfc3339 (text, out, &parse_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s is not an RFC 3339 time with an offset: %s", name, parse_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
duban_open311_query_parse (GHashTable         *query,
                           DubanOpen311Query  *out,
                           GError            **error)
{
  const char *status;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_time_parameter (query, "start_date", &out->start, error) ||
      !parse_time_parameter (query, "end_date", &out->end, error))
    return FALSE;

  status = query != NULL ? g_hash_table_lookup (query, "status") : NULL;
  if (status == NULL || *status == '\0')
    {
      out->want_open = out->want_closed = TRUE;
      return TRUE;
    }

  out->want_open = out->want_closed = FALSE;
  {
    g_auto(GStrv) words = g_strsplit (status, ",", -1);

    for (guint i = 0; words[i] != NULL; i++)
      {
        const char *word = g_strstrip (words[i]);

        if (g_str_equal (word, "open"))
          out->want_open = TRUE;
        else if (g_str_equal (word, "closed"))
          out->want_closed = TRUE;
        else
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         "status must be open, closed or both, not “%s”", word);
            return FALSE;
          }
      }
  }
  return TRUE;
}

static void
set_time_member (JsonBuilder *builder,
                 const char  *name,
                 DubanTime    time)
{
  g_autofree char *text = NULL;

  json_builder_set_member_name (builder, name);
  if (time == DUBAN_TIME_NONE)
    {
      json_builder_add_null_value (builder);
      return;
    }
  text = duban_time_format_rfc3339 (time);
  json_builder_add_string_value (builder, text);
}

static void
set_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_request (JsonBuilder          *builder,
             const DubanTicket    *ticket,
             const DubanSlaPolicy *policy,
             DubanCalendar        *calendar,
             DubanTime             now)
{
  gboolean closed = ticket->status == DUBAN_STATUS_RESOLVED || ticket->status == DUBAN_STATUS_CLOSED;
  DubanSlaStatus sla;
  g_autofree char *description = NULL;

  duban_sla_evaluate (policy, calendar, ticket, now, &sla);

  /* Open311 has one text field; keep the title first so a reader that
   * shows only the start still sees the summary */
  if (ticket->description != NULL && *ticket->description != '\0')
    description = g_strdup_printf ("%s\n%s", ticket->title, ticket->description);
  else
    description = g_strdup (ticket->title);

  json_builder_begin_object (builder);
  set_string_member (builder, "service_request_id", ticket->id);
  set_string_member (builder, "status", closed ? "closed" : "open");
  /* the wire name, not the translated one: the answer must not depend
   * on the server's locale */
  set_string_member (builder, "status_notes",
                     duban_enum_to_wire (DUBAN_ENUM_STATUS, ticket->status));
  set_string_member (builder, "service_name", ticket->category);
  set_string_member (builder, "service_code", ticket->category);
  set_string_member (builder, "description", description);
  set_string_member (builder, "agency_responsible", ticket->unit_name);
  set_string_member (builder, "service_notice", NULL);
  set_time_member (builder, "requested_datetime", ticket->received_at);
  set_time_member (builder, "updated_datetime", ticket->updated_at);
  set_time_member (builder, "expected_datetime", sla.deadline);
  set_string_member (builder, "address", ticket->address);
  set_string_member (builder, "address_id", ticket->grid_code);
  set_string_member (builder, "zipcode", NULL);

  if (ticket->has_location)
    {
      double lat = ticket->lat;
      double lon = ticket->lon;

      /* GeoReport positions are WGS-84 */
      if (ticket->crs == DUBAN_CRS_GCJ02)
        {
          duban_feed_gcj02_to_wgs84 (ticket->lat, ticket->lon, &lat, &lon);
          lat = round (lat * 1e6) / 1e6;
          lon = round (lon * 1e6) / 1e6;
        }
      json_builder_set_member_name (builder, "lat");
      json_builder_add_double_value (builder, lat);
      json_builder_set_member_name (builder, "long");
      json_builder_add_double_value (builder, lon);
    }
  set_string_member (builder, "media_url", NULL);
  json_builder_end_object (builder);
}

static gboolean
matches (const DubanTicket       *ticket,
         const DubanOpen311Query *query)
{
  gboolean closed = ticket->status == DUBAN_STATUS_RESOLVED || ticket->status == DUBAN_STATUS_CLOSED;

  if (ticket->status == DUBAN_STATUS_CANCELLED)
    return FALSE;
  if (closed ? !query->want_closed : !query->want_open)
    return FALSE;
  if (query->start != DUBAN_TIME_NONE && ticket->received_at < query->start)
    return FALSE;
  if (query->end != DUBAN_TIME_NONE && ticket->received_at > query->end)
    return FALSE;
  return TRUE;
}

static char *
builder_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

char *
duban_open311_requests_to_json (GPtrArray               *tickets,
                                const DubanOpen311Query *query,
                                const DubanSlaPolicy    *policy,
                                DubanCalendar           *calendar,
                                DubanTime                now)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (tickets != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (policy != NULL, NULL);
  g_return_val_if_fail (DUBAN_IS_CALENDAR (calendar), NULL);

  json_builder_begin_array (builder);
  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);

      if (matches (ticket, query))
        add_request (builder, ticket, policy, calendar, now);
    }
  json_builder_end_array (builder);

  return builder_to_string (builder);
}

char *
duban_open311_services_to_json (GPtrArray *tickets)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (tickets != NULL, NULL);

  json_builder_begin_array (builder);
  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);

      if (!g_hash_table_add (seen, ticket->category))
        continue;
      json_builder_begin_object (builder);
      set_string_member (builder, "service_code", ticket->category);
      set_string_member (builder, "service_name", ticket->category);
      set_string_member (builder, "description", ticket->category);
      json_builder_set_member_name (builder, "metadata");
      json_builder_add_boolean_value (builder, FALSE);
      set_string_member (builder, "type", "realtime");
      set_string_member (builder, "keywords", "");
      set_string_member (builder, "group", "");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return builder_to_string (builder);
}
