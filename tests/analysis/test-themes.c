/* test-themes.c — the planted recurring theme is a 每月一题 candidate,
 * the usual county proposes (almost) none
 *
 * A planted county has one village whose 环境卫生 tickets climb over the
 * six months before "now" (2, 3 … 7 a month on top of the usual ones);
 * it must be proposed. The usual county, where nothing is planted, is
 * searched at each level: every candidate there is a false one.
 * DUBAN_MEASURE=1 prints the figures.
 */
#include "config.h"

#include <glib.h>
#include <locale.h>

#include "duban-county-generator.h"
#include "duban-themes.h"

static DubanTime now;

static gboolean
measuring (void)
{
  return g_test_verbose () || g_getenv ("DUBAN_MEASURE") != NULL;
}

static DubanRegions *
regions_of (DubanCounty *county)
{
  g_autoptr(GError) error = NULL;
  DubanRegions *regions = duban_regions_new_from_geojson (duban_county_get_regions_json (county), &error);

  g_assert_no_error (error);
  return regions;
}

static void
test_planted (void)
{
  const guint32 seeds[] = { 20221117u, 5u, 77u };
  const guint sizes[] = { 2000, 20000 };
  guint found = 0, planted = 0, others = 0;

  for (guint s = 0; s < G_N_ELEMENTS (seeds); s++)
    for (guint n = 0; n < G_N_ELEMENTS (sizes); n++)
      {
        DubanCountyParams params = { .seed = seeds[s], .n_tickets = sizes[n], .plant = TRUE, .now = now };
        g_autoptr(DubanCounty) county = duban_county_generate (&params);
        g_autoptr(DubanRegions) regions = regions_of (county);
        GPtrArray *themes = duban_county_get_planted_themes (county);
        const DubanPlantedHotspot *plant;
        g_autoptr(GPtrArray) candidates = NULL;
        gboolean hit = FALSE;

        g_assert_cmpuint (themes->len, ==, 1);
        plant = g_ptr_array_index (themes, 0);
        candidates = duban_themes_find (duban_county_get_tickets (county), regions, DUBAN_AREA_VILLAGE,
                                        duban_day_of_time (now), now, NULL, NULL);
        g_assert_cmpuint (candidates->len, <=, DUBAN_THEME_MAX);
        for (guint i = 0; i < candidates->len; i++)
          {
            const DubanTheme *theme = g_ptr_array_index (candidates, i);

            g_assert_cmpuint (theme->months, >=, DUBAN_THEME_MIN_MONTHS);
            g_assert_cmpfloat (theme->count, >=, DUBAN_THEME_MIN_RATIO * theme->expected);
            if (i > 0)
              g_assert_cmpuint (((const DubanTheme *) g_ptr_array_index (candidates, i - 1))->count, >=, theme->count);
            if (g_str_equal (theme->area, plant->village_code) && g_str_equal (theme->category, plant->category))
              {
                hit = TRUE;
                if (measuring ())
                  g_printerr ("themes: seed %u, %u tickets: planted %u × %s in %s: found, %u tickets in %u months, "
                              "expected %.2f, p %.3g\n", seeds[s], sizes[n], plant->count, plant->category,
                              theme->name, theme->count, theme->months, theme->expected, theme->p_value);
              }
            else
              others++;
          }
        if (!hit && measuring ())
          g_printerr ("themes: seed %u, %u tickets: planted %u × %s in %s: missed\n",
                      seeds[s], sizes[n], plant->count, plant->category, plant->village_code);
        found += hit;
        planted++;
      }

  if (measuring ())
    g_printerr ("themes: planted %u, found %u, other candidates %u\n", planted, found, others);
  g_assert_cmpuint (found, ==, planted);
}

static void
test_null_county (void)
{
  const guint32 seeds[] = { 20221117u, 5u, 77u };
  const guint sizes[] = { 2000, 20000 };
  const DubanAreaLevel levels[] = { DUBAN_AREA_GRID, DUBAN_AREA_VILLAGE, DUBAN_AREA_TOWN };
  guint searches = 0, false_candidates = 0;

  for (guint s = 0; s < G_N_ELEMENTS (seeds); s++)
    for (guint n = 0; n < G_N_ELEMENTS (sizes); n++)
      {
        DubanCountyParams params = { .seed = seeds[s], .n_tickets = sizes[n], .plant = FALSE, .now = now };
        g_autoptr(DubanCounty) county = duban_county_generate (&params);
        g_autoptr(DubanRegions) regions = regions_of (county);

        g_assert_cmpuint (duban_county_get_planted_themes (county)->len, ==, 0);
        for (guint l = 0; l < G_N_ELEMENTS (levels); l++)
          {
            g_autoptr(GPtrArray) candidates = duban_themes_find (duban_county_get_tickets (county), regions,
                                                                 levels[l], duban_day_of_time (now), now,
                                                                 NULL, NULL);

            if (measuring ())
              for (guint i = 0; i < candidates->len; i++)
                {
                  const DubanTheme *theme = g_ptr_array_index (candidates, i);

                  g_printerr ("themes: null county, seed %u, %u tickets, %s: %s %s, %u tickets in %u months, "
                              "expected %.2f, p %.3g\n", seeds[s], sizes[n], duban_area_level_to_wire (levels[l]),
                              theme->name, theme->category, theme->count, theme->months, theme->expected,
                              theme->p_value);
                }
            false_candidates += candidates->len;
            searches++;
          }
      }

  if (measuring ())
    g_printerr ("themes: null county: %u candidates in %u searches\n", false_candidates, searches);
  /* at most one false candidate in three searches */
  g_assert_cmpuint (false_candidates, <=, searches / 3);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_assert_true (duban_time_parse_rfc3339 ("2026-03-16T10:00:00+08:00", &now, NULL));

  g_test_add_func ("/themes/planted", test_planted);
  g_test_add_func ("/themes/null-county", test_null_county);

  return g_test_run ();
}
