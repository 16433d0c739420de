/* test-hotspots.c — the planted bursts are found, the usual county is
 * quiet
 *
 * A planted county has three bursts of one category in one village over
 * seven days (14, 8 and 5 tickets on top of the usual ones); each must
 * be found in its week at the village level. The usual county, where
 * nothing is planted, is searched week by week: every finding there is
 * false. DUBAN_MEASURE=1 prints the figures.
 */
#include "config.h"

#include <glib.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "duban-county-generator.h"
#include "duban-hotspots.h"

static DubanTime now;

static DubanCounty *
generate (guint32  seed,
          guint    n_tickets,
          gboolean plant)
{
  DubanCountyParams params = { .seed = seed, .n_tickets = n_tickets, .plant = plant, .now = now };

  return duban_county_generate (&params);
}

static DubanRegions *
regions_of (DubanCounty *county)
{
  g_autoptr(GError) error = NULL;
  DubanRegions *regions = duban_regions_new_from_geojson (duban_county_get_regions_json (county), &error);

  g_assert_no_error (error);
  return regions;
}

static gboolean
measuring (void)
{
  return g_test_verbose () || g_getenv ("DUBAN_MEASURE") != NULL;
}

static void
test_poisson (void)
{
  /* P(X ≥ 0) = 1; P(X ≥ 1 | 2) = 1 − e^−2; P(X ≥ 3 | 0.5) by hand;
   * a far tail stays positive and tiny */
  g_assert_cmpfloat (duban_poisson_upper_tail (0, 3.0), ==, 1.0);
  g_assert_cmpfloat_with_epsilon (duban_poisson_upper_tail (1, 2.0), 1.0 - exp (-2.0), 1e-12);
  g_assert_cmpfloat_with_epsilon (duban_poisson_upper_tail (3, 0.5),
                                  1.0 - exp (-0.5) * (1.0 + 0.5 + 0.125), 1e-12);
  g_assert_cmpfloat (duban_poisson_upper_tail (40, 1.0), >, 0.0);
  g_assert_cmpfloat (duban_poisson_upper_tail (40, 1.0), <, 1e-40);
  g_assert_cmpfloat (duban_poisson_upper_tail (2, 0.0), ==, 0.0);
}

static void
check_planted (guint32 seed,
               guint   n_tickets,
               guint  *found,
               guint  *planted,
               guint  *others)
{
  g_autoptr(DubanCounty) county = generate (seed, n_tickets, TRUE);
  g_autoptr(DubanRegions) regions = regions_of (county);
  GPtrArray *hotspots = duban_county_get_planted_hotspots (county);

  g_assert_cmpuint (hotspots->len, ==, 3);
  for (guint h = 0; h < hotspots->len; h++)
    {
      const DubanPlantedHotspot *plant = g_ptr_array_index (hotspots, h);
      g_autoptr(GPtrArray) findings = duban_hotspots_find (duban_county_get_tickets (county), regions,
                                                           DUBAN_AREA_VILLAGE, plant->first, plant->last,
                                                           now, NULL, NULL);
      gboolean hit = FALSE;

      for (guint f = 0; f < findings->len; f++)
        {
          const DubanHotspot *finding = g_ptr_array_index (findings, f);

          g_assert_cmpfloat (finding->p_value, <=, DUBAN_HOTSPOT_FDR);
          if (f > 0)
            g_assert_cmpfloat (((const DubanHotspot *) g_ptr_array_index (findings, f - 1))->p_value, <=,
                               finding->p_value);
          if (g_str_equal (finding->area, plant->village_code) && g_str_equal (finding->category, plant->category))
            {
              hit = TRUE;
              /* a planted ticket may be withdrawn (cancelled) like any other */
              g_assert_cmpuint (finding->count, >=, plant->count * 3 / 4);
              if (measuring ())
                g_printerr ("hotspots: seed %u, %u tickets: planted %u × %s in %s (%s): found, "
                            "count %u, expected %.3f, p %.3g\n", seed, n_tickets, plant->count,
                            plant->category, finding->name, finding->area, finding->count,
                            finding->expected, finding->p_value);
            }
          else
            (*others)++;
        }
      if (!hit && measuring ())
        g_printerr ("hotspots: seed %u, %u tickets: planted %u × %s in %s: missed\n",
                    seed, n_tickets, plant->count, plant->category, plant->village_code);
      *found += hit ? 1 : 0;
      (*planted)++;
    }
}

static void
test_planted (void)
{
  const guint32 seeds[] = { 20221117u, 5u, 77u };
  const guint sizes[] = { 2000, 20000 };
  guint found = 0, planted = 0, others = 0;

  for (guint s = 0; s < G_N_ELEMENTS (seeds); s++)
    for (guint n = 0; n < G_N_ELEMENTS (sizes); n++)
      check_planted (seeds[s], sizes[n], &found, &planted, &others);

  if (measuring ())
    g_printerr ("hotspots: planted: %u of %u found; %u other findings in their weeks\n",
                found, planted, others);
  /* the weakest burst (5 tickets in a week) may hide in a busy village */
  g_assert_cmpuint (found, >=, planted * 5 / 6);
}

/* Twelve weeks of the usual county, at each level. */
static void
test_null (void)
{
  const DubanAreaLevel levels[] = { DUBAN_AREA_TOWN, DUBAN_AREA_VILLAGE, DUBAN_AREA_GRID };
  const guint sizes[] = { 2000, 20000 };
  guint false_findings = 0, searches = 0;

  for (guint n = 0; n < G_N_ELEMENTS (sizes); n++)
    {
      g_autoptr(DubanCounty) county = generate (20221117u, sizes[n], FALSE);
      g_autoptr(DubanRegions) regions = regions_of (county);
      DubanDay today = duban_day_of_time (now);

      for (guint l = 0; l < G_N_ELEMENTS (levels); l++)
        {
          guint here = 0;

          /* the weeks before the last one, whose demo tickets are made
           * to show every state at "now" */
          for (guint w = 1; w <= 12; w++)
            {
              DubanDay last = today - 1 - 7 * (DubanDay) w;
              g_autoptr(GPtrArray) findings = duban_hotspots_find (duban_county_get_tickets (county), regions,
                                                                   levels[l], last - 6, last, now, NULL, NULL);

              here += findings->len;
              searches++;
            }
          if (measuring ())
            g_printerr ("hotspots: null county, %u tickets, %s level: %u findings in 12 weeks\n",
                        sizes[n], duban_area_level_to_wire (levels[l]), here);
          false_findings += here;
        }
    }

  if (measuring ())
    g_printerr ("hotspots: null county: %u false findings in %u searches\n", false_findings, searches);
  /* at q = 0.05 a search of a county with nothing in it finds something
   * at most about one time in twenty */
  g_assert_cmpuint (false_findings, <=, searches / 10);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_assert_true (duban_time_parse_rfc3339 ("2026-03-16T10:00:00+08:00", &now, NULL));

  g_test_add_func ("/hotspots/poisson", test_poisson);
  g_test_add_func ("/hotspots/planted", test_planted);
  g_test_add_func ("/hotspots/null", test_null);

  return g_test_run ();
}
