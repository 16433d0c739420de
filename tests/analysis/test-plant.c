/* test-plant.c — the demo county plants what docs/sla-rules.md says
 *
 * The detectors' tests rest on the plants: the same seed must plant the
 * same things, the repeat series must be one matter in other words, the
 * slow units must be slow, the bursts must be there — and a county
 * without --plant must plant nothing.
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "duban-calendar.h"
#include "duban-county-generator.h"
#include "duban-geo.h"
#include "duban-sla.h"

static DubanCounty *
generate (guint32  seed,
          guint    n_tickets,
          gboolean plant)
{
  DubanCountyParams params = { .seed = seed, .n_tickets = n_tickets, .plant = plant };

  g_assert_true (duban_time_parse_rfc3339 ("2026-03-16T10:00:00+08:00", &params.now, NULL));
  return duban_county_generate (&params);
}

static char *
serialize (DubanCounty *county)
{
  GPtrArray *tickets = duban_county_get_tickets (county);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < tickets->len; i++)
    {
      g_autoptr(JsonNode) node = duban_ticket_to_json (g_ptr_array_index (tickets, i));
      g_autofree char *text = json_to_string (node, FALSE);

      g_string_append (out, text);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static void
test_deterministic (void)
{
  g_autoptr(DubanCounty) one = generate (7, 1500, TRUE);
  g_autoptr(DubanCounty) two = generate (7, 1500, TRUE);
  g_autoptr(DubanCounty) usual = generate (7, 1500, FALSE);
  g_autofree char *text_one = serialize (one);
  g_autofree char *text_two = serialize (two);
  g_autofree char *text_usual = serialize (usual);

  g_assert_cmpstr (text_one, ==, text_two);
  g_assert_cmpstr (text_one, !=, text_usual);
  g_assert_cmpuint (duban_county_get_planted_hotspots (usual)->len, ==, 0);
  g_assert_cmpuint (duban_county_get_planted_slow (usual)->len, ==, 0);
  g_assert_cmpuint (duban_county_get_planted_hotspots (one)->len, ==, 3);
  g_assert_cmpuint (duban_county_get_planted_slow (one)->len, ==, 3);
  /* the usual tickets and the planted ones */
  g_assert_cmpuint (duban_county_get_tickets (one)->len, >, 1500);
  g_assert_cmpuint (duban_county_get_tickets (usual)->len, ==, 1500);
}

static void
wgs84 (const DubanTicket *ticket,
       double            *lat,
       double            *lon)
{
  if (ticket->crs == DUBAN_CRS_GCJ02)
    duban_geo_gcj02_to_wgs84 (ticket->lat, ticket->lon, lat, lon);
  else
    {
      *lat = ticket->lat;
      *lon = ticket->lon;
    }
}

/* Every repeat_of of a planted county is a planted series: one
 * category, one grid, one spot, other words, within days. */
static void
test_repeat_series (void)
{
  g_autoptr(DubanCounty) county = generate (20221117u, 20000, TRUE);
  GPtrArray *tickets = duban_county_get_tickets (county);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  guint links = 0;

  for (guint i = 0; i < tickets->len; i++)
    g_hash_table_insert (by_id, ((DubanTicket *) g_ptr_array_index (tickets, i))->id, g_ptr_array_index (tickets, i));

  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      const DubanTicket *first;

      if (ticket->repeat_of == NULL)
        continue;
      links++;
      first = g_hash_table_lookup (by_id, ticket->repeat_of);
      g_assert_nonnull (first);
      g_assert_cmpstr (first->category, ==, ticket->category);
      g_assert_cmpstr (first->title, !=, ticket->title);
      g_assert_cmpstr (first->description, !=, ticket->description);
      g_assert_cmpint (first->received_at, <, ticket->received_at);
      /* at most three steps of five days */
      g_assert_cmpint (ticket->received_at - first->received_at, <=, 15 * DUBAN_USEC_PER_DAY);
      if (first->grid_code != NULL && ticket->grid_code != NULL)
        g_assert_cmpstr (first->grid_code, ==, ticket->grid_code);
      if (first->has_location && ticket->has_location)
        {
          double lat_a, lon_a, lat_b, lon_b;

          wgs84 (first, &lat_a, &lon_a);
          wgs84 (ticket, &lat_b, &lon_b);
          g_assert_cmpfloat (duban_geo_distance (lat_a, lon_a, lat_b, lon_b), <, 150.0);
        }
    }
  /* 80 series of 2 to 4 tickets */
  g_assert_cmpuint (links, >=, 80);
}

/* The planted units are late several times as often in their category. */
static void
test_slow_units (void)
{
  g_autoptr(DubanCounty) county = generate (20221117u, 20000, TRUE);
  GPtrArray *tickets = duban_county_get_tickets (county);
  GPtrArray *slow = duban_county_get_planted_slow (county);
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  DubanSlaPolicy policy;
  DubanTime now;
  guint slow_done = 0, slow_late = 0, other_done = 0, other_late = 0;

  duban_sla_policy_init_defaults (&policy);
  g_assert_true (duban_time_parse_rfc3339 ("2026-03-16T10:00:00+08:00", &now, NULL));
  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      gboolean is_slow = FALSE;
      DubanSlaStatus status;

      duban_sla_evaluate (&policy, calendar, ticket, now, &status);
      if (status.state != DUBAN_STATE_DONE_LATE && status.state != DUBAN_STATE_DONE_ON_TIME)
        continue;
      for (guint s = 0; s < slow->len; s++)
        {
          const DubanPlantedSlow *unit = g_ptr_array_index (slow, s);

          is_slow |= g_strcmp0 (ticket->unit_code, unit->unit_code) == 0 &&
                     g_str_equal (ticket->category, unit->category);
        }
      if (is_slow)
        {
          slow_done++;
          slow_late += status.state == DUBAN_STATE_DONE_LATE;
        }
      else
        {
          other_done++;
          other_late += status.state == DUBAN_STATE_DONE_LATE;
        }
    }
  g_assert_cmpuint (slow_done, >, 500);
  g_assert_cmpfloat ((double) slow_late / slow_done, >, 0.25);
  g_assert_cmpfloat ((double) other_late / other_done, <, 0.10);
}

/* Each burst is there: its tickets in its village, category and week. */
static void
test_bursts (void)
{
  g_autoptr(DubanCounty) county = generate (20221117u, 2000, TRUE);
  GPtrArray *tickets = duban_county_get_tickets (county);
  GPtrArray *hotspots = duban_county_get_planted_hotspots (county);

  for (guint h = 0; h < hotspots->len; h++)
    {
      const DubanPlantedHotspot *plant = g_ptr_array_index (hotspots, h);
      guint count = 0;

      g_assert_cmpint (plant->last - plant->first, ==, 6);
      for (guint i = 0; i < tickets->len; i++)
        {
          const DubanTicket *ticket = g_ptr_array_index (tickets, i);
          DubanDay day = duban_day_of_time (ticket->received_at);

          if (ticket->grid_code != NULL && g_str_has_prefix (ticket->grid_code, plant->village_code) &&
              g_str_equal (ticket->category, plant->category) && day >= plant->first && day <= plant->last)
            count++;
        }
      /* a few may come without a grid code */
      g_assert_cmpuint (count, >=, plant->count * 3 / 4);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plant/deterministic", test_deterministic);
  g_test_add_func ("/plant/repeat-series", test_repeat_series);
  g_test_add_func ("/plant/slow-units", test_slow_units);
  g_test_add_func ("/plant/bursts", test_bursts);

  return g_test_run ();
}
