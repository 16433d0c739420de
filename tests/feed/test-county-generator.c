/* test-county-generator.c — the demo county is consistent and repeatable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "duban-calendar.h"
#include "duban-county-generator.h"
#include "duban-feed-gcj02.h"
#include "duban-sla.h"

#define PINNED_NOW "2026-10-15T12:00:00+08:00"

static DubanCounty *
generate (guint32     seed,
          guint       n_tickets,
          const char *now_text,
          guint       n_invalid)
{
  DubanCountyParams params = { .seed = seed, .n_tickets = n_tickets, .n_invalid = n_invalid };

  g_assert_true (duban_time_parse_rfc3339 (now_text, &params.now, NULL));
  return duban_county_generate (&params);
}

static char *
serialize_tickets (DubanCounty *county)
{
  GPtrArray *tickets = duban_county_get_tickets (county);
  GPtrArray *invalid = duban_county_get_invalid_raw (county);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < tickets->len; i++)
    {
      g_autoptr(JsonNode) node = duban_ticket_to_json (g_ptr_array_index (tickets, i));
      g_autofree char *text = json_to_string (node, FALSE);

      g_string_append (out, text);
      g_string_append_c (out, '\n');
    }
  for (guint i = 0; i < invalid->len; i++)
    {
      const DubanRawTicket *raw = g_ptr_array_index (invalid, i);

      g_string_append (out, raw->json);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static void
test_deterministic (void)
{
  g_autoptr(DubanCounty) one = generate (42, 400, PINNED_NOW, 12);
  g_autoptr(DubanCounty) two = generate (42, 400, PINNED_NOW, 12);
  g_autoptr(DubanCounty) other = generate (43, 400, PINNED_NOW, 12);
  g_autofree char *text_one = serialize_tickets (one);
  g_autofree char *text_two = serialize_tickets (two);
  g_autofree char *text_other = serialize_tickets (other);

  g_assert_cmpstr (text_one, ==, text_two);
  g_assert_cmpstr (text_one, !=, text_other);
  /* the map does not depend on the seed */
  g_assert_cmpstr (duban_county_get_regions_json (one), ==, duban_county_get_regions_json (other));
  g_assert_cmpstr (duban_county_get_units_json (one), ==, duban_county_get_units_json (other));
}

/* Is @p inside or on the border of the convex, counter-clockwise @shape? */
static gboolean
inside_convex (const DubanPolygon *shape,
               const DubanPoint   *p)
{
  for (guint i = 0; i < shape->n; i++)
    {
      const DubanPoint *a = &shape->points[i];
      const DubanPoint *b = &shape->points[(i + 1) % shape->n];
      double cross = (b->x - a->x) * (p->y - a->y) - (b->y - a->y) * (p->x - a->x);

      if (cross < -1e-12)
        return FALSE;
    }
  return TRUE;
}

static double
signed_area (const DubanPolygon *shape)
{
  double twice = 0;

  for (guint i = 0; i < shape->n; i++)
    {
      /* about Jinxiang, not about (0, 0): 116 × 35 would drown the
       * digits that matter */
      double ax = shape->points[i].x - 116.3, ay = shape->points[i].y - 35.0;
      double bx = shape->points[(i + 1) % shape->n].x - 116.3, by = shape->points[(i + 1) % shape->n].y - 35.0;

      twice += ax * by - bx * ay;
    }
  return twice / 2;
}

static void
test_map_tiles (void)
{
  g_autoptr(DubanCounty) county = generate (1, 0, PINNED_NOW, 0);
  GPtrArray *regions = duban_county_get_regions (county);
  const DubanRegion *whole = duban_county_find_region (county, "370828");
  g_autoptr(GHashTable) child_area = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  guint grids = 0, towns = 0, villages = 0, urban_grids = 0, rural_grids = 0;
  double urban_area = 0, rural_area = 0;

  g_assert_nonnull (whole);
  g_assert_cmpstr (whole->name, ==, "金乡县");
  /* the real extent: the outline touches the real bounding box … */
  g_assert_cmpfloat (fabs (whole->west - 116.109), <, 1e-9);
  g_assert_cmpfloat (fabs (whole->east - 116.505), <, 1e-9);
  g_assert_cmpfloat (fabs (whole->south - 34.854), <, 1e-9);
  g_assert_cmpfloat (fabs (whole->north - 35.238), <, 1e-9);
  /* … and holds about the real 888 km², not the box's 1 540 */
  g_assert_cmpfloat (duban_polygon_area_km2 (whole->shape), >, 888 * 0.95);
  g_assert_cmpfloat (duban_polygon_area_km2 (whole->shape), <, 888 * 1.05);

  for (guint i = 0; i < regions->len; i++)
    {
      const DubanRegion *region = g_ptr_array_index (regions, i);
      const DubanRegion *parent;
      double *sum;

      g_assert_cmpuint (region->shape->n, >=, 3);
      /* counter-clockwise (RFC 7946) and convex */
      g_assert_cmpfloat (signed_area (region->shape), >, 0);
      for (guint p = 0; p < region->shape->n; p++)
        g_assert_true (inside_convex (region->shape, &region->shape->points[p]));
      if (region->level == DUBAN_REGION_COUNTY)
        continue;

      parent = duban_county_find_region (county, region->parent_code);
      g_assert_nonnull (parent);
      g_assert_cmpint (parent->level, ==, region->level - 1);
      g_assert_true (g_str_has_prefix (region->code, parent->code));
      g_assert_cmpuint (strlen (region->code), ==, strlen (parent->code) + 3);

      /* every corner inside the parent: the piece lies within it */
      for (guint p = 0; p < region->shape->n; p++)
        g_assert_true (inside_convex (parent->shape, &region->shape->points[p]));

      sum = g_hash_table_lookup (child_area, parent->code);
      if (sum == NULL)
        {
          sum = g_new0 (double, 1);
          g_hash_table_insert (child_area, parent->code, sum);
        }
      *sum += signed_area (region->shape);

      switch (region->level)
        {
        case DUBAN_REGION_TOWN:    towns++; break;
        case DUBAN_REGION_VILLAGE: villages++; break;
        case DUBAN_REGION_GRID:
          grids++;
          /* 金乡、高河、鱼山、王丕 are the four subdistricts (codes 001–004) */
          if (region->code[8] <= '4' && region->code[6] == '0' && region->code[7] == '0')
            {
              urban_grids++;
              urban_area += duban_polygon_area_km2 (region->shape);
            }
          else
            {
              rural_grids++;
              rural_area += duban_polygon_area_km2 (region->shape);
            }
          break;
        case DUBAN_REGION_COUNTY:
        default:                   g_assert_not_reached ();
        }
    }

  g_assert_cmpuint (towns, ==, 13);
  g_assert_cmpuint (villages, ==, 639);
  g_assert_cmpuint (grids, ==, DUBAN_COUNTY_N_GRIDS);

  /* pieces inside their parent whose areas add up to the parent's: no
   * gap, and no overlap */
  for (guint i = 0; i < regions->len; i++)
    {
      const DubanRegion *region = g_ptr_array_index (regions, i);
      double *sum = g_hash_table_lookup (child_area, region->code);
      double area = signed_area (region->shape);

      if (region->level == DUBAN_REGION_GRID)
        {
          g_assert_null (sum);
          continue;
        }
      g_assert_nonnull (sum);
      g_assert_cmpfloat (fabs (*sum - area) / area, <, 1e-9);   /* a square centimetre in a grid */
    }

  /* the town proper: smaller, denser grids */
  g_assert_cmpfloat (urban_area / urban_grids, <, 0.5 * rural_area / rural_grids);
}

/* The GeoJSON the server sends: closed counter-clockwise rings, the
 * contract's properties. */
static void
test_regions_geojson (void)
{
  g_autoptr(DubanCounty) county = generate (1, 0, PINNED_NOW, 0);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *features;
  guint grids = 0;

  json_parser_load_from_data (parser, duban_county_get_regions_json (county), -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "type"), ==, "FeatureCollection");
  features = json_object_get_array_member (root, "features");
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *feature = json_array_get_object_element (features, i);
      JsonObject *properties = json_object_get_object_member (feature, "properties");
      JsonObject *geometry = json_object_get_object_member (feature, "geometry");
      JsonArray *ring = json_array_get_array_element (json_object_get_array_member (geometry, "coordinates"), 0);
      guint n = json_array_get_length (ring);
      JsonArray *first = json_array_get_array_element (ring, 0);
      JsonArray *last = json_array_get_array_element (ring, n - 1);
      const char *level = json_object_get_string_member (properties, "level");
      double twice = 0;

      g_assert_cmpstr (json_object_get_string_member (feature, "type"), ==, "Feature");
      g_assert_cmpstr (json_object_get_string_member (geometry, "type"), ==, "Polygon");
      g_assert_cmpuint (n, >=, 4);
      g_assert_cmpfloat (json_array_get_double_element (first, 0), ==, json_array_get_double_element (last, 0));
      g_assert_cmpfloat (json_array_get_double_element (first, 1), ==, json_array_get_double_element (last, 1));
      for (guint p = 0; p + 1 < n; p++)
        {
          JsonArray *a = json_array_get_array_element (ring, p);
          JsonArray *b = json_array_get_array_element (ring, p + 1);

          twice += json_array_get_double_element (a, 0) * json_array_get_double_element (b, 1)
                 - json_array_get_double_element (b, 0) * json_array_get_double_element (a, 1);
        }
      g_assert_cmpfloat (twice, >, 0);
      g_assert_nonnull (json_object_get_string_member (properties, "code"));
      g_assert_nonnull (json_object_get_string_member (properties, "name"));
      if (g_str_equal (level, "grid"))
        {
          grids++;
          g_assert_cmpuint (strlen (json_object_get_string_member (properties, "code")), ==, 15);
        }
    }
  g_assert_cmpuint (grids, ==, 853);
}

static void
test_tickets_consistent (void)
{
  g_autoptr(DubanCounty) county = generate (20221117, 2000, PINNED_NOW, 0);
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  GPtrArray *tickets = duban_county_get_tickets (county);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  DubanSlaPolicy policy;
  DubanTime now;
  guint urgent = 0, satisfied = 0, rated = 0, late = 0, extended = 0, explained_with_evidence = 0;
  guint explained_without = 0, returned = 0, cancelled = 0, gcj02 = 0;
  DubanTime previous_update = G_MININT64;

  duban_sla_policy_init_defaults (&policy);
  g_assert_true (duban_time_parse_rfc3339 (PINNED_NOW, &now, NULL));
  g_assert_cmpuint (tickets->len, ==, 2000);

  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      g_autoptr(JsonNode) node = duban_ticket_to_json (ticket);
      g_autoptr(GError) error = NULL;
      g_autoptr(DubanTicket) back = duban_ticket_new_from_json (node, &error);
      DubanTime chain[] = { ticket->received_at, ticket->dispatched_at, ticket->first_contact_at,
                            ticket->resolved_at, ticket->closed_at, ticket->updated_at };
      DubanTime last = G_MININT64;
      DubanSlaStatus status;

      g_assert_no_error (error);
      g_assert_nonnull (back);
      g_assert_true (g_hash_table_add (ids, ticket->id));

      /* received ≤ dispatched ≤ first contact ≤ resolved ≤ closed ≤ updated ≤ now */
      for (guint c = 0; c < G_N_ELEMENTS (chain); c++)
        if (chain[c] != DUBAN_TIME_NONE)
          {
            g_assert_cmpint (chain[c], >=, last);
            last = chain[c];
          }
      g_assert_cmpint (ticket->updated_at, <=, now);
      g_assert_cmpint (ticket->received_at, >=, now - 366 * DUBAN_USEC_PER_DAY);
      g_assert_cmpint (ticket->updated_at, >=, previous_update);
      previous_update = ticket->updated_at;

      if (ticket->status == DUBAN_STATUS_RESOLVED || ticket->status == DUBAN_STATUS_CLOSED)
        g_assert_cmpint (ticket->resolved_at, !=, DUBAN_TIME_NONE);
      if (ticket->status != DUBAN_STATUS_RECEIVED && ticket->status != DUBAN_STATUS_CANCELLED)
        g_assert_nonnull (ticket->unit_code);
      if (ticket->visited_at != DUBAN_TIME_NONE)
        {
          g_assert_cmpint (ticket->visited_at, >=, ticket->resolved_at);
          g_assert_cmpint (ticket->visited_at, <=, ticket->updated_at);
        }

      /* where it says it is */
      g_assert_true (ticket->grid_code != NULL || ticket->has_location);
      if (ticket->grid_code != NULL && ticket->has_location)
        {
          const DubanRegion *grid = duban_county_find_region (county, ticket->grid_code);
          double lat = ticket->lat, lon = ticket->lon;

          g_assert_nonnull (grid);
          g_assert_cmpint (grid->level, ==, DUBAN_REGION_GRID);
          if (ticket->crs == DUBAN_CRS_GCJ02)
            {
              duban_feed_gcj02_to_wgs84 (ticket->lat, ticket->lon, &lat, &lon);
              gcj02++;
              /* the shift is real: hundreds of metres around Jinxiang */
              g_assert_cmpfloat (fabs (lat - ticket->lat) + fabs (lon - ticket->lon), >, 0.001);
            }
          g_assert_true (duban_polygon_contains (grid->shape, lon, lat));
        }

      urgent += ticket->urgency == DUBAN_URGENCY_URGENT;
      returned += ticket->status == DUBAN_STATUS_RETURNED;
      cancelled += ticket->status == DUBAN_STATUS_CANCELLED;
      extended += ticket->extension != NULL;
      if (ticket->disposition == DUBAN_DISPOSITION_EXPLAINED)
        {
          if (ticket->evidence_count > 0)
            explained_with_evidence++;
          else
            explained_without++;
        }
      if (ticket->satisfaction != DUBAN_SATISFACTION_NONE
          && ticket->satisfaction != DUBAN_SATISFACTION_UNREACHABLE)
        {
          rated++;
          satisfied += ticket->satisfaction != DUBAN_SATISFACTION_UNSATISFIED;
        }

      duban_sla_evaluate (&policy, calendar, ticket, now, &status);
      late += status.state == DUBAN_STATE_DONE_LATE;
    }

  g_test_message ("urgent %u, late %u, extended %u, explained %u+%u, returned %u, cancelled %u, "
                  "satisfied %u/%u, gcj02 %u", urgent, late, extended, explained_with_evidence,
                  explained_without, returned, cancelled, satisfied, rated, gcj02);
  g_assert_cmpuint (urgent, >=, 2000 * 3 / 100);
  g_assert_cmpuint (urgent, <=, 2000 * 9 / 100);
  g_assert_cmpfloat ((double) satisfied / rated, >, 0.95);
  g_assert_cmpfloat ((double) satisfied / rated, <, 0.985);
  g_assert_cmpuint (late, >, 10);
  g_assert_cmpuint (extended, >, 10);
  g_assert_cmpuint (explained_with_evidence, >, 0);
  g_assert_cmpuint (explained_without, >, 0);
  g_assert_cmpuint (returned, >, 0);
  g_assert_cmpuint (cancelled, >, 0);
  g_assert_cmpuint (gcj02, >, 100);
}

static void
check_every_open_state (guint       n_tickets,
                        const char *now_text)
{
  g_autoptr(DubanCounty) county = generate (5, n_tickets, now_text, 0);
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  GPtrArray *tickets = duban_county_get_tickets (county);
  DubanSlaPolicy policy;
  DubanTime now;
  guint found[DUBAN_STATE_NOT_YET + 1][2] = { { 0 } };
  guint contact_overdue = 0;
  guint counted_extensions = 0;

  duban_sla_policy_init_defaults (&policy);
  g_assert_true (duban_time_parse_rfc3339 (now_text, &now, NULL));

  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      DubanSlaStatus status;

      duban_sla_evaluate (&policy, calendar, ticket, now, &status);
      found[status.state][ticket->urgency == DUBAN_URGENCY_URGENT]++;
      contact_overdue += status.contact_overdue && status.state != DUBAN_STATE_DONE_ON_TIME
                         && status.state != DUBAN_STATE_DONE_LATE;
      counted_extensions += status.extension == DUBAN_EXTENSION_COUNTED && !status.resolved;
    }

  for (guint urgent = 0; urgent < 2; urgent++)
    {
      g_assert_cmpuint (found[DUBAN_STATE_OPEN_OVERDUE][urgent], >=, 1);
      g_assert_cmpuint (found[DUBAN_STATE_OPEN_WARNING][urgent], >=, 1);
      g_assert_cmpuint (found[DUBAN_STATE_OPEN_OK][urgent], >=, 1);
    }
  g_assert_cmpuint (contact_overdue, >=, 1);
  g_assert_cmpuint (counted_extensions, >=, 1);
}

static void
test_every_open_state (void)
{
  check_every_open_state (2000, PINNED_NOW);
  /* a tiny county still has them all */
  check_every_open_state (13, PINNED_NOW);
  /* and so does a "now" in a holiday week and on a weekend */
  check_every_open_state (200, "2026-10-04T09:30:00+08:00");
  check_every_open_state (200, "2025-06-07T23:00:00+08:00");
}

static void
test_invalid_objects (void)
{
  g_autoptr(DubanCounty) county = generate (9, 50, PINNED_NOW, 30);
  GPtrArray *invalid = duban_county_get_invalid_raw (county);

  g_assert_cmpuint (invalid->len, ==, 30);
  for (guint i = 0; i < invalid->len; i++)
    {
      const DubanRawTicket *raw = g_ptr_array_index (invalid, i);
      g_autoptr(JsonNode) node = json_from_string (raw->json, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(DubanTicket) ticket = NULL;

      g_assert_nonnull (node);
      ticket = duban_ticket_new_from_json (node, &error);
      g_test_message ("%s (%s): %s", raw->id ? raw->id : "(no id)", raw->reason,
                      error ? error->message : "accepted!");
      g_assert_null (ticket);
      g_assert_nonnull (error);
    }
}

static void
test_gcj02_round_trip (void)
{
  double lat, lon, back_lat, back_lon;

  duban_feed_wgs84_to_gcj02 (35.070, 116.305, &lat, &lon);
  g_assert_cmpfloat (fabs (lat - 35.070), <, 0.01);
  g_assert_cmpfloat (fabs (lon - 116.305), <, 0.01);
  g_assert_cmpfloat (fabs (lat - 35.070) + fabs (lon - 116.305), >, 0.001);
  duban_feed_gcj02_to_wgs84 (lat, lon, &back_lat, &back_lon);
  g_assert_cmpfloat (fabs (back_lat - 35.070), <, 1e-7);
  g_assert_cmpfloat (fabs (back_lon - 116.305), <, 1e-7);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/county/deterministic", test_deterministic);
  g_test_add_func ("/county/map-tiles", test_map_tiles);
  g_test_add_func ("/county/regions-geojson", test_regions_geojson);
  g_test_add_func ("/county/tickets-consistent", test_tickets_consistent);
  g_test_add_func ("/county/every-open-state", test_every_open_state);
  g_test_add_func ("/county/invalid-objects", test_invalid_objects);
  g_test_add_func ("/county/gcj02-round-trip", test_gcj02_round_trip);

  return g_test_run ();
}
