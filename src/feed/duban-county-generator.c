/* duban-county-generator.c — a deterministic demo county
 *
 * Everything random comes from one GRand seeded by the caller, drawn in a
 * fixed order, so the same seed and the same moment give the same county
 * byte for byte. Tickets are made in two passes: a year of history whose
 * lives are cut off at "now" (so recent ones are naturally still open),
 * and a small demo set built backwards from "now" so that every open
 * state (overdue, 预警, ok; urgent and normal) is always present.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "duban-county-generator"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "duban-calendar.h"
#include "duban-county-data.h"
#include "duban-county-generator.h"
#include "duban-feed-gcj02.h"
#include "duban-feed-json.h"
#include "duban-sla.h"

/* Jinxiang's bounding box (WGS-84); the outline touches all four sides. */
#define COUNTY_WEST  116.109
#define COUNTY_EAST  116.505
#define COUNTY_SOUTH 34.854
#define COUNTY_NORTH 35.238

/* The outline as fractions of the bounding box, counter-clockwise from
 * the south: a synthetic shape of Jinxiang's proportions — longer north
 * to south, widest a little south of the middle — of about 900 km². */
static const DubanPoint county_outline[] = {
  { 0.52, 0.00 }, { 0.65, 0.07 }, { 0.80, 0.21 }, { 1.00, 0.44 },
  { 0.91, 0.61 }, { 0.77, 0.76 }, { 0.62, 0.89 }, { 0.48, 1.00 },
  { 0.35, 0.89 }, { 0.20, 0.75 }, { 0.08, 0.61 }, { 0.00, 0.44 },
  { 0.12, 0.27 }, { 0.26, 0.12 }, { 0.39, 0.04 },
};

/* How far each cut may lean, per level: towns and villages irregular,
 * grids tidier, as blocks and fields are. */
#define TOWN_JITTER_DEGREES    20
#define VILLAGE_JITTER_DEGREES 25
#define GRID_JITTER_DEGREES    15

/* The map's names are drawn from a fixed seed: the map is the same for
 * every ticket seed. */
#define MAP_SEED 370828u

#define MINUTES(m) ((gint64) (m) * 60 * DUBAN_USEC_PER_SECOND)
#define HOURS(h)   ((gint64) (h) * DUBAN_USEC_PER_HOUR)
#define DAYS(d)    ((gint64) (d) * DUBAN_USEC_PER_DAY)

struct _DubanCounty
{
  GPtrArray  *regions;          /* DubanRegion* */
  GHashTable *regions_by_code;  /* code → DubanRegion* (borrowed) */
  GPtrArray  *grids;            /* DubanRegion* (borrowed) */
  char       *regions_json;
  char       *units_json;
  GPtrArray  *tickets;          /* DubanTicket* */
  GPtrArray  *invalid_raw;      /* DubanRawTicket* */
  GPtrArray  *planted_hotspots; /* DubanPlantedHotspot* */
  GPtrArray  *planted_themes;   /* DubanPlantedHotspot* */
  GPtrArray  *planted_slow;     /* DubanPlantedSlow* */
};

/* Where a ticket happened. */
typedef struct
{
  const DubanRegion   *grid;
  const DubanRegion   *village;
  const DubanRegion   *town;
  const DubanTownInfo *town_info;
} Place;

/* The events of a ticket's life, before they are cut off at "now". */
typedef struct
{
  DubanUrgency       urgency;
  DubanTime          received;
  DubanTime          dispatched;
  DubanTime          first_contact;
  DubanTime          resolved;
  DubanTime          visited;
  DubanTime          closed;
  DubanTime          cancelled;
  DubanTime          returned;
  DubanTime          redone;          /* resolved again after a return */
  gboolean           has_extension;
  DubanTime          extension_filed;
  DubanTime          extension_promised;
  const char        *extension_reason;
  const char        *extension_measures;
  int                extension_approved;
  DubanDisposition   disposition;
  int                evidence_count;
  DubanHandledLevel  handled_level;
  DubanSatisfaction  satisfaction;
} Lifecycle;

/* Open tickets made on purpose so that every state shows at "now". */
typedef enum
{
  DEMO_NONE,
  DEMO_URGENT_OVERDUE,
  DEMO_URGENT_WARNING,
  DEMO_URGENT_OK,
  DEMO_URGENT_OK_NOT_CONTACTED,   /* contact_overdue while still in time */
  DEMO_NORMAL_OVERDUE,
  DEMO_NORMAL_OVERDUE_LATE_EXTENSION,
  DEMO_NORMAL_WARNING,
  DEMO_NORMAL_OK,
  DEMO_NORMAL_OK_NOT_DISPATCHED,
  DEMO_NORMAL_EXTENDED,           /* past the original deadline, extension counts */
  DEMO_NORMAL_RETURNED,
} DemoKind;

/* The first thirteen cover every kind once, so even a tiny county has
 * them all; the rest weight the mix towards what a desk mostly sees. */
static const DemoKind demo_cycle[] = {
  DEMO_URGENT_OVERDUE, DEMO_NORMAL_OVERDUE, DEMO_URGENT_WARNING,
  DEMO_NORMAL_WARNING, DEMO_URGENT_OK_NOT_CONTACTED, DEMO_NORMAL_OK,
  DEMO_NORMAL_OK_NOT_DISPATCHED, DEMO_NORMAL_EXTENDED,
  DEMO_NORMAL_OVERDUE_LATE_EXTENSION, DEMO_URGENT_OK, DEMO_NORMAL_RETURNED,
  DEMO_NORMAL_WARNING, DEMO_NORMAL_OVERDUE,
  DEMO_NORMAL_OK, DEMO_NORMAL_OK, DEMO_NORMAL_OVERDUE, DEMO_NORMAL_WARNING,
  DEMO_URGENT_OVERDUE, DEMO_NORMAL_OK, DEMO_URGENT_WARNING, DEMO_NORMAL_OK,
};

#define DEMO_MINIMUM 13

/* What --plant adds on top of the usual year (see the header). */
typedef enum
{
  PLANT_NONE,
  PLANT_HOTSPOT,
  PLANT_REPEAT,
  PLANT_THEME,    /* made as a hotspot's tickets are, from a rand of its own */
} PlantKind;

typedef struct
{
  PlantKind                 kind;
  const DubanRegion        *grid;
  const char               *category;   /* hotspot */
  const DubanPlantedMatter *matter;     /* repeat */
  guint                     phrasing;
  guint                     series;
  DubanPoint                point;      /* repeat: where the matter is (WGS-84) */
} PlantSpec;

/* The planted bursts: how many tickets, in which category, ending how
 * many days before "now". Strong, middling and weak, each over seven
 * days in one village, where a village's usual rate for one category is
 * well under one ticket a week. */
static const struct
{
  guint       count;
  guint       days_before;
  const char *category;
} planted_bursts[] = {
  { 14, 3, "供水" },
  { 8, 31, "环境卫生" },
  { 5, 59, "道路交通" },
};
#define PLANTED_BURST_DAYS 7

/* The planted recurring theme (每月一题): tickets of one category in one
 * village in each of the six 30-day spans before "now", climbing from
 * the oldest span to the latest — a street whose 环境卫生 complaints
 * climb month after month, never a burst of one week. They are spread
 * evenly over each span, at least six days apart, so that no two of them
 * pass for a repeat complaint (a series stays within five days). */
static const guint planted_theme_counts[] = { 1, 2, 3, 4, 5, 5 };
#define PLANTED_THEME_CATEGORY "环境卫生"
#define PLANTED_THEME_SPAN_DAYS 30

/* The planted slow units: (template unit key, category). */
static const struct
{
  const char *unit_key;
  const char *category;
} planted_slow_units[] = {
  { "water", "供水" },
  { "housing", "物业管理" },
  { "urban", "环境卫生" },
};

/* Late without extension: one ticket in about thirty, or a third for a
 * planted slow unit's category. */
#define LATE_SHARE       0.03
#define LATE_SHARE_SLOW  0.35

typedef struct
{
  DubanTime        received;
  DemoKind         demo;
  DubanTime        demo_start;     /* DEMO_* only */
  guint            order;          /* tie-break that keeps the sort deterministic */
  const PlantSpec *plant;          /* NULL for the usual tickets */
} PlannedTicket;

typedef struct
{
  GRand          *rand;
  DubanCounty    *county;
  DubanCalendar  *calendar;
  DubanSlaPolicy  policy;
  DubanTime       now;
  guint           template_weight_total;
  double          urgent_given_urgent_template;
  gboolean        plant;
  /* what is planted draws from a rand of its own, so that the usual
   * tickets draw the same numbers with and without --plant */
  GRand          *plant_rand;
  /* … and the recurring theme from another, so that adding it changed
   * none of the tickets planted before it */
  GRand          *theme_rand;
} Generator;

/* ------------------------------------------------------------------ */
/* small helpers                                                       */

static DubanTime
whole_seconds (DubanTime time)
{
  return time - time % DUBAN_USEC_PER_SECOND;
}

static gint64
random_span (Generator *gen,
             gint64     low,
             gint64     high)
{
  g_assert (high >= low);

  return low + (gint64) (g_rand_double (gen->rand) * (double) (high - low));
}

static gboolean
chance (Generator *gen,
        double     probability)
{
  return g_rand_double (gen->rand) < probability;
}

static const char *
pick (Generator          *gen,
      const char * const *items,
      guint               n_items)
{
  return items[g_rand_int_range (gen->rand, 0, (gint32) n_items)];
}

static DubanTime
max_time (DubanTime a,
          DubanTime b)
{
  /* DUBAN_TIME_NONE is G_MININT64, so it never wins. */
  return MAX (a, b);
}

static void
append_coordinate (GString *out,
                   double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.6f", value));
}

/* ------------------------------------------------------------------ */
/* the map                                                             */

static void
region_free (gpointer data)
{
  DubanRegion *region = data;

  g_free (region->code);
  g_free (region->name);
  g_free (region->parent_code);
  duban_polygon_free (region->shape);
  g_free (region);
}

static void
set_shape (DubanRegion  *region,
           DubanPolygon *shape)
{
  region->shape = shape;
  duban_polygon_bounds (shape, &region->west, &region->south, &region->east, &region->north);
}

static DubanRegion *
add_region (DubanCounty      *county,
            DubanRegionLevel  level,
            char             *code,
            char             *name,
            const char       *parent_code)
{
  DubanRegion *region = g_new0 (DubanRegion, 1);

  region->level = level;
  region->code = code;
  region->name = name;
  region->parent_code = g_strdup (parent_code);
  g_ptr_array_add (county->regions, region);
  g_hash_table_insert (county->regions_by_code, region->code, region);
  if (level == DUBAN_REGION_GRID)
    g_ptr_array_add (county->grids, region);
  return region;
}

static char *
make_village_name (GRand               *rand,
                   const DubanTownInfo *town,
                   GHashTable          *used)
{
  for (;;)
    {
      char *name;

      /* a subdistrict's first places are its urban communities; its
       * outskirts are villages like anywhere else */
      if (town->subdistrict && g_hash_table_size (used) < 16)
        name = g_strdup_printf ("%s社区",
                                duban_county_community_names[g_rand_int_range (rand, 0, (gint32) duban_county_n_community_names)]);
      else
        name = g_strdup_printf ("%s%s村",
                                duban_county_surnames[g_rand_int_range (rand, 0, (gint32) duban_county_n_surnames)],
                                duban_county_village_suffixes[g_rand_int_range (rand, 0, (gint32) duban_county_n_village_suffixes)]);

      if (!g_hash_table_contains (used, name))
        {
          g_hash_table_add (used, g_strdup (name));
          return name;
        }
      g_free (name);
    }
}

static void
build_map (DubanCounty *county)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (MAP_SEED);
  DubanPoint outline[G_N_ELEMENTS (county_outline)];
  double town_weights[G_N_ELEMENTS (duban_county_towns)];
  DubanPoint town_seats[G_N_ELEMENTS (duban_county_towns)];
  g_autoptr(GPtrArray) town_shapes = NULL;
  DubanRegion *whole;
  guint n_grids = 0;

  for (guint i = 0; i < G_N_ELEMENTS (county_outline); i++)
    outline[i] = (DubanPoint) { COUNTY_WEST + county_outline[i].x * (COUNTY_EAST - COUNTY_WEST),
                                COUNTY_SOUTH + county_outline[i].y * (COUNTY_NORTH - COUNTY_SOUTH) };

  whole = add_region (county, DUBAN_REGION_COUNTY,
                      g_strdup (DUBAN_COUNTY_CODE), g_strdup (DUBAN_COUNTY_NAME), NULL);
  set_shape (whole, duban_polygon_new (outline, G_N_ELEMENTS (outline)));

  for (guint t = 0; t < G_N_ELEMENTS (duban_county_towns); t++)
    {
      town_weights[t] = duban_county_towns[t].area_km2;
      town_seats[t] = (DubanPoint) { duban_county_towns[t].lon, duban_county_towns[t].lat };
    }
  town_shapes = duban_polygon_partition (whole->shape, town_weights, town_seats,
                                         G_N_ELEMENTS (duban_county_towns), rand, TOWN_JITTER_DEGREES);

  for (guint t = 0; t < G_N_ELEMENTS (duban_county_towns); t++)
    {
      const DubanTownInfo *info = &duban_county_towns[t];
      g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autofree double *village_weights = g_new (double, info->n_villages);
      g_autofree DubanPoint *village_seeds = g_new (DubanPoint, info->n_villages);
      g_autoptr(GPtrArray) village_shapes = NULL;
      DubanRegion *town;
      guint grids_left = info->n_grids;

      town = add_region (county, DUBAN_REGION_TOWN,
                         g_strdup (info->code), g_strdup (info->name), whole->code);
      set_shape (town, g_steal_pointer (&g_ptr_array_index (town_shapes, t)));

      /* villages of uneven size, scattered over the town */
      for (guint v = 0; v < info->n_villages; v++)
        {
          village_weights[v] = g_rand_double_range (rand, 0.6, 1.6);
          village_seeds[v] = duban_polygon_random_point (town->shape, rand, 0);
        }
      village_shapes = duban_polygon_partition (town->shape, village_weights, village_seeds,
                                                info->n_villages, rand, VILLAGE_JITTER_DEGREES);

      for (guint v = 0; v < info->n_villages; v++)
        {
          DubanRegion *village;
          char *village_name = make_village_name (rand, info, used);
          /* spread the town's grids as evenly as the count allows */
          guint villages_left = info->n_villages - v;
          guint village_grids = (grids_left + villages_left - 1) / villages_left;
          g_autofree double *grid_weights = g_new (double, village_grids);
          g_autoptr(GPtrArray) grid_shapes = NULL;

          village = add_region (county, DUBAN_REGION_VILLAGE,
                                g_strdup_printf ("%s%03u", info->code, v + 1),
                                village_name, town->code);
          set_shape (village, g_steal_pointer (&g_ptr_array_index (village_shapes, v)));

          for (guint g = 0; g < village_grids; g++)
            grid_weights[g] = g_rand_double_range (rand, 0.8, 1.25);
          grid_shapes = duban_polygon_partition (village->shape, grid_weights, NULL,
                                                 village_grids, rand, GRID_JITTER_DEGREES);

          for (guint g = 0; g < village_grids; g++)
            {
              DubanRegion *grid;
              char *grid_name = village_grids == 1
                ? g_strdup_printf ("%s网格", village->name)
                : g_strdup_printf ("%s第%u网格", village->name, g + 1);

              grid = add_region (county, DUBAN_REGION_GRID,
                                 g_strdup_printf ("%s%03u", village->code, g + 1),
                                 grid_name, village->code);
              set_shape (grid, g_steal_pointer (&g_ptr_array_index (grid_shapes, g)));
            }

          grids_left -= village_grids;
          n_grids += village_grids;
        }
    }

  g_assert (n_grids == DUBAN_COUNTY_N_GRIDS);
}

static const char *
region_level_to_wire (DubanRegionLevel level)
{
  switch (level)
    {
    case DUBAN_REGION_COUNTY:  return "county";
    case DUBAN_REGION_TOWN:    return "town";
    case DUBAN_REGION_VILLAGE: return "village";
    case DUBAN_REGION_GRID:    return "grid";
    default:                   g_assert_not_reached ();
    }
}

static char *
regions_to_geojson (DubanCounty *county)
{
  GString *out = g_string_sized_new (512 * county->regions->len);

  g_string_append (out, "{\"type\":\"FeatureCollection\",\"features\":[");
  for (guint i = 0; i < county->regions->len; i++)
    {
      const DubanRegion *region = g_ptr_array_index (county->regions, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"type\":\"Feature\",\"properties\":{\"code\":");
      duban_feed_json_append_string (out, region->code);
      g_string_append (out, ",\"name\":");
      duban_feed_json_append_string (out, region->name);
      g_string_append (out, ",\"level\":");
      duban_feed_json_append_string (out, region_level_to_wire (region->level));
      g_string_append (out, ",\"parent_code\":");
      if (region->parent_code != NULL)
        duban_feed_json_append_string (out, region->parent_code);
      else
        g_string_append (out, "null");
      g_string_append (out, "},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[");
      /* RFC 7946: exterior rings counter-clockwise, first = last */
      for (guint p = 0; p <= region->shape->n; p++)
        {
          const DubanPoint *point = &region->shape->points[p % region->shape->n];

          if (p > 0)
            g_string_append_c (out, ',');
          g_string_append_c (out, '[');
          append_coordinate (out, point->x);
          g_string_append_c (out, ',');
          append_coordinate (out, point->y);
          g_string_append_c (out, ']');
        }
      g_string_append (out, "]]}}");
    }
  g_string_append (out, "]}");

  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ */
/* units                                                               */

static char *
town_unit_name (const DubanTownInfo *town)
{
  /* a subdistrict is run by an office of the county, a town by its own
   * government */
  return g_strdup_printf (town->subdistrict ? "%s办事处" : "%s人民政府", town->name);
}

static const char *
unit_kind_to_wire (DubanUnitKind kind)
{
  switch (kind)
    {
    case DUBAN_UNIT_DEPARTMENT: return "department";
    case DUBAN_UNIT_TOWN:       return "town";
    case DUBAN_UNIT_ENTERPRISE: return "enterprise";
    default:                    g_assert_not_reached ();
    }
}

static void
append_unit (GString       *out,
             const char    *code,
             const char    *name,
             DubanUnitKind  kind)
{
  if (out->str[out->len - 1] != '[')
    g_string_append_c (out, ',');
  g_string_append (out, "{\"code\":");
  duban_feed_json_append_string (out, code);
  g_string_append (out, ",\"name\":");
  duban_feed_json_append_string (out, name);
  g_string_append (out, ",\"kind\":");
  duban_feed_json_append_string (out, unit_kind_to_wire (kind));
  g_string_append_c (out, '}');
}

static char *
units_to_json (void)
{
  GString *out = g_string_new ("{\"units\":[");

  for (guint i = 0; i < duban_county_n_departments; i++)
    append_unit (out, duban_county_departments[i].code,
                 duban_county_departments[i].name,
                 duban_county_departments[i].kind);

  for (guint i = 0; i < G_N_ELEMENTS (duban_county_towns); i++)
    {
      g_autofree char *name = town_unit_name (&duban_county_towns[i]);

      append_unit (out, duban_county_towns[i].code, name, DUBAN_UNIT_TOWN);
    }
  g_string_append (out, "]}");

  return g_string_free (out, FALSE);
}

static const DubanUnitInfo *
find_department (const char *key)
{
  for (guint i = 0; i < duban_county_n_departments; i++)
    if (g_str_equal (duban_county_departments[i].key, key))
      return &duban_county_departments[i];
  g_assert_not_reached ();
}

/* ------------------------------------------------------------------ */
/* what, where, who                                                    */

static gboolean
is_garlic_season (DubanTime time)
{
  int year, month, mday;

  /* harvest and sale in May–June, cold storage and trade in autumn */
  duban_day_to_ymd (duban_day_of_time (time), &year, &month, &mday);
  return month == 5 || month == 6 || month == 7 || month == 10 || month == 11;
}

static const DubanTicketTemplate *
pick_template (Generator *gen,
               DubanTime  received,
               gboolean   must_allow_urgent)
{
  for (;;)
    {
      guint target = (guint) g_rand_int_range (gen->rand, 0, (gint32) gen->template_weight_total);
      const DubanTicketTemplate *tpl = NULL;

      for (guint i = 0; i < duban_county_n_templates; i++)
        {
          if (target < duban_county_templates[i].weight)
            {
              tpl = &duban_county_templates[i];
              break;
            }
          target -= duban_county_templates[i].weight;
        }
      g_assert (tpl != NULL);

      if (must_allow_urgent && !tpl->can_be_urgent)
        continue;
      /* garlic trade matters out of season too, just less */
      if (tpl->garlic_season && !is_garlic_season (received) && chance (gen, 0.6))
        continue;
      return tpl;
    }
}

static void
place_in_grid (DubanCounty       *county,
               const DubanRegion *grid,
               Place             *place)
{
  place->grid = grid;
  place->village = g_hash_table_lookup (county->regions_by_code, place->grid->parent_code);
  place->town = g_hash_table_lookup (county->regions_by_code, place->village->parent_code);
  place->town_info = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (duban_county_towns); i++)
    if (g_str_equal (duban_county_towns[i].code, place->town->code))
      place->town_info = &duban_county_towns[i];
  g_assert (place->town_info != NULL);
}

static void
pick_place (Generator *gen,
            Place     *place)
{
  DubanCounty *county = gen->county;

  for (guint attempt = 0; ; attempt++)
    {
      place_in_grid (county,
                     g_ptr_array_index (county->grids,
                                        g_rand_int_range (gen->rand, 0, (gint32) county->grids->len)),
                     place);

      /* the town proper has more people per grid than the countryside */
      if (place->town_info->subdistrict || attempt > 0 || !chance (gen, 0.3))
        return;
    }
}

static char *
fill_template (const char  *text,
               const Place *place)
{
  GString *out = g_string_new (text);

  g_string_replace (out, "{村}", place->village->name, 0);
  g_string_replace (out, "{镇}", place->town->name, 0);
  return g_string_free (out, FALSE);
}

static char *
make_address (Generator   *gen,
              const Place *place)
{
  if (place->town_info->subdistrict)
    return g_strdup_printf ("%s%s%s%s%d号", DUBAN_COUNTY_NAME, place->town->name,
                            place->village->name,
                            pick (gen, duban_county_street_names, duban_county_n_street_names),
                            g_rand_int_range (gen->rand, 1, 400));
  return g_strdup_printf ("%s%s%s%d号", DUBAN_COUNTY_NAME, place->town->name,
                          place->village->name, g_rand_int_range (gen->rand, 1, 200));
}

static char *
make_phone (Generator *gen)
{
  static const char * const prefixes[] = { "138", "139", "135", "150", "152", "158", "187", "188", "133", "177" };

  return g_strdup_printf ("%s%08d", pick (gen, prefixes, G_N_ELEMENTS (prefixes)),
                          g_rand_int_range (gen->rand, 0, 100000000));
}

static DubanSource
pick_source (Generator *gen)
{
  double roll = g_rand_double (gen->rand);

  if (roll < 0.30) return DUBAN_SOURCE_APP;
  if (roll < 0.65) return DUBAN_SOURCE_WECHAT;
  if (roll < 0.85) return DUBAN_SOURCE_HOTLINE;
  if (roll < 0.95) return DUBAN_SOURCE_GRID;
  return DUBAN_SOURCE_OTHER;
}

/* ------------------------------------------------------------------ */
/* lives                                                               */

static void
lifecycle_init (Lifecycle    *life,
                DubanUrgency  urgency,
                DubanTime     received)
{
  *life = (Lifecycle) {
    .urgency = urgency,
    .received = received,
    .dispatched = DUBAN_TIME_NONE,
    .first_contact = DUBAN_TIME_NONE,
    .resolved = DUBAN_TIME_NONE,
    .visited = DUBAN_TIME_NONE,
    .closed = DUBAN_TIME_NONE,
    .cancelled = DUBAN_TIME_NONE,
    .returned = DUBAN_TIME_NONE,
    .redone = DUBAN_TIME_NONE,
    .extension_filed = DUBAN_TIME_NONE,
    .extension_promised = DUBAN_TIME_NONE,
    .extension_approved = -1,
  };
}

static DubanTime
deadline_for (Generator    *gen,
              DubanUrgency  urgency,
              DubanTime     start)
{
  return duban_sla_deadline_for (&gen->policy, gen->calendar, urgency, start);
}

static void
plan_extension (Generator *gen,
                Lifecycle *life,
                DubanTime  filed,
                DubanTime  promised)
{
  life->has_extension = TRUE;
  life->extension_filed = whole_seconds (filed);
  /* units promise a day, and the platform stores its end */
  life->extension_promised = duban_day_start (duban_day_of_time (promised) + 1) - DUBAN_USEC_PER_SECOND;
  life->extension_reason = pick (gen, duban_county_extension_reasons, duban_county_n_extension_reasons);
  life->extension_measures = pick (gen, duban_county_extension_measures, duban_county_n_extension_measures);
  life->extension_approved = 1;
}

static DubanSatisfaction
pick_satisfaction (Generator *gen)
{
  double roll;

  if (chance (gen, 0.05))
    return DUBAN_SATISFACTION_UNREACHABLE;
  /* the county's published figure: 96.77% satisfied or basically so */
  roll = g_rand_double (gen->rand);
  if (roll < 0.9677 * 0.90)
    return DUBAN_SATISFACTION_SATISFIED;
  if (roll < 0.9677)
    return DUBAN_SATISFACTION_BASICALLY_SATISFIED;
  return DUBAN_SATISFACTION_UNSATISFIED;
}

static DubanHandledLevel
pick_handled_level (Generator     *gen,
                    DubanUnitKind  unit_kind)
{
  double roll = g_rand_double (gen->rand);

  /* 小事不出格、大事不出镇、难事不出县 */
  if (unit_kind == DUBAN_UNIT_TOWN)
    return roll < 0.6 ? DUBAN_LEVEL_GRID : DUBAN_LEVEL_TOWN;
  if (roll < 0.15)
    return DUBAN_LEVEL_GRID;
  return roll < 0.45 ? DUBAN_LEVEL_TOWN : DUBAN_LEVEL_COUNTY;
}

static void
plan_completion (Generator     *gen,
                 Lifecycle     *life,
                 DubanUnitKind  unit_kind)
{
  double roll = g_rand_double (gen->rand);

  if (roll < 0.89)
    life->disposition = DUBAN_DISPOSITION_RESOLVED;
  else if (roll < 0.97)
    {
      life->disposition = DUBAN_DISPOSITION_EXPLAINED;
      /* most explained tickets carry evidence, so they leave the
       * satisfaction rate; some do not, and stay in */
      life->evidence_count = chance (gen, 0.7) ? g_rand_int_range (gen->rand, 1, 4) : 0;
    }
  else
    life->disposition = DUBAN_DISPOSITION_UNRESOLVABLE;

  life->handled_level = pick_handled_level (gen, unit_kind);

  life->visited = whole_seconds (life->resolved + random_span (gen, HOURS (2), HOURS (72)));
  life->satisfaction = pick_satisfaction (gen);
  if (life->satisfaction == DUBAN_SATISFACTION_UNSATISFIED && chance (gen, 0.3))
    {
      /* sent back to the unit, which answers again within days; only a
       * recent return is still open at "now" */
      life->returned = whole_seconds (life->visited + random_span (gen, HOURS (1), HOURS (8)));
      life->redone = whole_seconds (life->returned + random_span (gen, HOURS (12), HOURS (96)));
    }
  else
    life->closed = whole_seconds (life->visited + random_span (gen, MINUTES (10), HOURS (24)));
}

/* A full life as the platform would have recorded it, ignoring "now". */
static void
plan_history (Generator     *gen,
              Lifecycle     *life,
              DubanUnitKind  unit_kind,
              double         late_share)
{
  gboolean urgent = life->urgency == DUBAN_URGENCY_URGENT;
  DubanTime start, deadline;
  gint64 span;
  double roll;

  life->dispatched = whole_seconds (life->received + (urgent ? random_span (gen, MINUTES (3), MINUTES (20))
                                                             : random_span (gen, MINUTES (5), HOURS (3))));
  start = life->dispatched;
  deadline = deadline_for (gen, life->urgency, start);
  span = deadline - start;

  if (chance (gen, 0.015))
    {
      /* withdrawn by the petitioner, sometimes before dispatch */
      if (chance (gen, 0.5))
        {
          life->dispatched = DUBAN_TIME_NONE;
          life->cancelled = whole_seconds (life->received + random_span (gen, MINUTES (10), HOURS (4)));
        }
      else
        life->cancelled = whole_seconds (start + random_span (gen, HOURS (1), HOURS (24)));
      return;
    }

  if (urgent)
    life->first_contact = start + (chance (gen, 0.95) ? random_span (gen, MINUTES (5), MINUTES (50))
                                                      : random_span (gen, MINUTES (65), MINUTES (200)));
  else
    life->first_contact = start + random_span (gen, MINUTES (20), MIN (HOURS (8), span * 4 / 10));
  life->first_contact = whole_seconds (life->first_contact);

  roll = g_rand_double (gen->rand);
  if (roll < late_share)
    {
      /* late, no extension */
      life->resolved = deadline + random_span (gen, HOURS (1), HOURS (96));
    }
  else if (roll < late_share + 0.04 && !urgent)
    {
      double kind = g_rand_double (gen->rand);
      DubanTime filed_in_time = start + (gint64) (span * (0.5 + 0.45 * g_rand_double (gen->rand)));

      if (kind < 0.6)
        {
          /* counted: the promise replaces the deadline, mostly kept */
          plan_extension (gen, life, filed_in_time, deadline + random_span (gen, DAYS (2), DAYS (10)));
          if (chance (gen, 0.85))
            life->resolved = deadline + random_span (gen, HOURS (1), life->extension_promised - deadline);
          else
            life->resolved = life->extension_promised + random_span (gen, HOURS (2), HOURS (72));
        }
      else
        {
          DubanTime filed = filed_in_time;

          if (kind < 0.75)
            filed = deadline + random_span (gen, HOURS (1), HOURS (48));
          plan_extension (gen, life, filed, filed + random_span (gen, DAYS (3), DAYS (7)));
          if (kind >= 0.75 && kind < 0.9)
            life->extension_measures = "";          /* incomplete */
          else if (kind >= 0.9)
            life->extension_approved = 0;           /* rejected */
          life->resolved = MAX (deadline, filed) + random_span (gen, HOURS (1), HOURS (120));
        }
    }
  else
    {
      life->resolved = start + (gint64) (span * (0.2 + 0.75 * g_rand_double (gen->rand)));
    }
  life->resolved = whole_seconds (MAX (life->resolved, life->first_contact + MINUTES (10)));

  plan_completion (gen, life, unit_kind);
}

/* The earliest start that has @elapsed of working time before "now". */
static DubanTime
start_with_working_time_elapsed (Generator *gen,
                                 gint64     elapsed)
{
  const gint64 step = MINUTES (15);
  DubanTime start = whole_seconds (gen->now);

  /* Stepping back is simple and exact at the step's resolution; a year
   * bounds it even for a calendar with no working days at all. */
  while (duban_calendar_working_time_between (gen->calendar, start, gen->now) < elapsed
         && gen->now - start < DAYS (366))
    start -= step;
  return start;
}

static void
plan_demo (Generator     *gen,
           Lifecycle     *life,
           DemoKind       demo,
           DubanTime      start,
           DubanUnitKind  unit_kind)
{
  DubanTime now = gen->now;
  gint64 since_start = now - start;

  if (demo == DEMO_NORMAL_OK_NOT_DISPATCHED)
    {
      life->received = start;
      return;
    }

  life->dispatched = start;
  life->received = whole_seconds (start - random_span (gen, MINUTES (5), MINUTES (40)));

  switch (demo)
    {
    case DEMO_URGENT_OK_NOT_CONTACTED:
      break;

    case DEMO_URGENT_OVERDUE:
    case DEMO_URGENT_WARNING:
    case DEMO_URGENT_OK:
      life->first_contact = whole_seconds (start + MIN (random_span (gen, MINUTES (8), MINUTES (50)),
                                                        since_start / 2));
      break;

    case DEMO_NORMAL_EXTENDED:
    case DEMO_NORMAL_OVERDUE_LATE_EXTENSION:
      {
        DubanTime deadline = deadline_for (gen, life->urgency, start);

        life->first_contact = whole_seconds (start + since_start / 10);
        if (demo == DEMO_NORMAL_EXTENDED)
          plan_extension (gen, life, start + (deadline - start) * 8 / 10,
                          now + random_span (gen, DAYS (2), DAYS (6)));
        else
          plan_extension (gen, life, deadline + (now - deadline) * 6 / 10,
                          now + random_span (gen, DAYS (1), DAYS (4)));
      }
      break;

    case DEMO_NORMAL_RETURNED:
      life->first_contact = whole_seconds (start + since_start / 10);
      life->resolved = whole_seconds (start + since_start * 4 / 10);
      life->disposition = DUBAN_DISPOSITION_RESOLVED;
      life->handled_level = pick_handled_level (gen, unit_kind);
      life->visited = whole_seconds (start + since_start * 5 / 10);
      life->satisfaction = DUBAN_SATISFACTION_UNSATISFIED;
      life->returned = whole_seconds (start + since_start * 6 / 10);
      break;

    case DEMO_NORMAL_OVERDUE:
    case DEMO_NORMAL_WARNING:
    case DEMO_NORMAL_OK:
      if (chance (gen, 0.6))
        life->first_contact = whole_seconds (start + since_start / 5);
      break;

    case DEMO_NONE:
    case DEMO_NORMAL_OK_NOT_DISPATCHED:
    default:
      g_assert_not_reached ();
    }
}

static DubanTime
demo_start (Generator *gen,
            DemoKind   demo)
{
  switch (demo)
    {
    /* urgent: 24 calendar hours, 预警 in the last 6 */
    case DEMO_URGENT_OVERDUE:
      return whole_seconds (gen->now - random_span (gen, HOURS (26), HOURS (72)));
    case DEMO_URGENT_WARNING:
      return whole_seconds (gen->now - random_span (gen, HOURS (19), HOURS (23)));
    case DEMO_URGENT_OK:
      return whole_seconds (gen->now - random_span (gen, MINUTES (20), HOURS (12)));
    case DEMO_URGENT_OK_NOT_CONTACTED:
      return whole_seconds (gen->now - random_span (gen, HOURS (2), HOURS (12)));

    /* normal: 48 working hours, 预警 in the last 12 */
    case DEMO_NORMAL_OVERDUE:
    case DEMO_NORMAL_EXTENDED:
    case DEMO_NORMAL_OVERDUE_LATE_EXTENSION:
      return start_with_working_time_elapsed (gen, random_span (gen, HOURS (54), HOURS (150)));
    case DEMO_NORMAL_RETURNED:
      return start_with_working_time_elapsed (gen, random_span (gen, HOURS (60), HOURS (120)));
    case DEMO_NORMAL_WARNING:
      return start_with_working_time_elapsed (gen, random_span (gen, HOURS (38), HOURS (45)));
    case DEMO_NORMAL_OK:
    case DEMO_NORMAL_OK_NOT_DISPATCHED:
      return start_with_working_time_elapsed (gen, random_span (gen, HOURS (1), HOURS (28)));

    case DEMO_NONE:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
demo_is_urgent (DemoKind demo)
{
  return demo == DEMO_URGENT_OVERDUE || demo == DEMO_URGENT_WARNING
      || demo == DEMO_URGENT_OK || demo == DEMO_URGENT_OK_NOT_CONTACTED;
}

/* ------------------------------------------------------------------ */
/* a ticket as the platform shows it at "now"                          */

static DubanTime
known_at (DubanTime time,
          DubanTime now)
{
  return time != DUBAN_TIME_NONE && time <= now ? time : DUBAN_TIME_NONE;
}

static void
settle_at_now (Generator *gen,
               Lifecycle *life)
{
  DubanTime now = gen->now;

  life->dispatched = known_at (life->dispatched, now);
  life->first_contact = known_at (life->first_contact, now);
  life->cancelled = known_at (life->cancelled, now);
  life->resolved = known_at (life->resolved, now);
  life->visited = known_at (life->visited, now);
  life->closed = known_at (life->closed, now);
  life->returned = known_at (life->returned, now);
  life->redone = known_at (life->redone, now);

  if (life->redone != DUBAN_TIME_NONE)
    {
      /* the second answer replaces the first and is visited and archived
       * in turn; the platform keeps only the latest times */
      life->resolved = life->redone;
      life->returned = DUBAN_TIME_NONE;
      life->visited = known_at (life->redone + HOURS (20), now);
      life->satisfaction = DUBAN_SATISFACTION_BASICALLY_SATISFIED;
      life->closed = known_at (life->redone + HOURS (22), now);
    }

  if (life->has_extension && known_at (life->extension_filed, now) == DUBAN_TIME_NONE)
    life->has_extension = FALSE;
  if (life->resolved == DUBAN_TIME_NONE)
    {
      life->disposition = DUBAN_DISPOSITION_NONE;
      life->evidence_count = 0;
      life->handled_level = DUBAN_LEVEL_NONE;
      life->visited = life->closed = life->returned = DUBAN_TIME_NONE;
    }
  if (life->visited == DUBAN_TIME_NONE)
    {
      life->satisfaction = DUBAN_SATISFACTION_NONE;
      life->closed = life->returned = DUBAN_TIME_NONE;
    }
}

static DubanStatus
status_of (const Lifecycle *life)
{
  if (life->cancelled != DUBAN_TIME_NONE)
    return DUBAN_STATUS_CANCELLED;
  if (life->returned != DUBAN_TIME_NONE)
    return DUBAN_STATUS_RETURNED;
  if (life->closed != DUBAN_TIME_NONE)
    return DUBAN_STATUS_CLOSED;
  if (life->resolved != DUBAN_TIME_NONE)
    return DUBAN_STATUS_RESOLVED;
  if (life->first_contact != DUBAN_TIME_NONE)
    return DUBAN_STATUS_IN_PROGRESS;
  if (life->dispatched != DUBAN_TIME_NONE)
    return DUBAN_STATUS_DISPATCHED;
  return DUBAN_STATUS_RECEIVED;
}

static DubanTicket *
build_ticket (Generator                 *gen,
              const char                *id,
              const DubanTicketTemplate *tpl,
              const Place               *place,
              const Lifecycle           *life,
              const char                *unit_code,
              const char                *unit_name,
              const char                *repeat_of)
{
  DubanTicket *ticket = duban_ticket_new ();
  DubanTime last;

  ticket->id = g_strdup (id);
  ticket->title = fill_template (tpl->title, place);
  ticket->description = fill_template (tpl->description, place);
  ticket->kind = tpl->kind;
  ticket->category = g_strdup (tpl->category);
  ticket->urgency = life->urgency;
  ticket->source = pick_source (gen);

  /* patrol finds need no petitioner; everyone else leaves a contact */
  if (ticket->source != DUBAN_SOURCE_GRID || chance (gen, 0.3))
    {
      ticket->petitioner_name = g_strdup_printf ("%s%s",
                                                 pick (gen, duban_county_surnames, duban_county_n_surnames),
                                                 pick (gen, duban_county_given_names, duban_county_n_given_names));
      ticket->petitioner_phone = make_phone (gen);
    }
  ticket->address = make_address (gen, place);

  if (ticket->source == DUBAN_SOURCE_HOTLINE && chance (gen, 0.4))
    ticket->has_location = FALSE;   /* a caller gives an address, not a position */
  else
    {
      DubanPoint point = duban_polygon_random_point (place->grid->shape, gen->rand, 0.15);
      double lat = point.y;
      double lon = point.x;

      ticket->has_location = TRUE;
      if (ticket->source == DUBAN_SOURCE_WECHAT)
        {
          ticket->crs = DUBAN_CRS_GCJ02;
          duban_feed_wgs84_to_gcj02 (lat, lon, &ticket->lat, &ticket->lon);
        }
      else
        {
          ticket->crs = DUBAN_CRS_WGS84;
          ticket->lat = lat;
          ticket->lon = lon;
        }
      /* round to what a phone reports, so the JSON stays short */
      ticket->lat = round (ticket->lat * 1e6) / 1e6;
      ticket->lon = round (ticket->lon * 1e6) / 1e6;
    }
  /* a few tickets come without a grid; the desk places them by position */
  if (!ticket->has_location || chance (gen, 0.95))
    ticket->grid_code = g_strdup (place->grid->code);

  ticket->status = status_of (life);
  if (life->dispatched != DUBAN_TIME_NONE)
    {
      ticket->unit_code = g_strdup (unit_code);
      ticket->unit_name = g_strdup (unit_name);
    }

  ticket->received_at = life->received;
  ticket->dispatched_at = life->dispatched;
  ticket->first_contact_at = life->first_contact;
  ticket->resolved_at = life->resolved;
  ticket->closed_at = life->closed;
  ticket->visited_at = life->visited;
  ticket->satisfaction = life->satisfaction;
  ticket->disposition = life->disposition;
  ticket->evidence_count = life->evidence_count;
  ticket->handled_level = life->handled_level;

  if (life->has_extension)
    {
      ticket->extension = g_new0 (DubanExtension, 1);
      ticket->extension->reason = g_strdup (life->extension_reason);
      ticket->extension->measures = g_strdup (life->extension_measures);
      ticket->extension->promised_at = life->extension_promised;
      ticket->extension->filed_at = life->extension_filed;
      ticket->extension->approved = life->extension_approved;
    }
  ticket->repeat_of = g_strdup (repeat_of);

  last = life->received;
  last = max_time (last, life->dispatched);
  last = max_time (last, life->first_contact);
  last = max_time (last, life->resolved);
  last = max_time (last, life->visited);
  last = max_time (last, life->closed);
  last = max_time (last, life->cancelled);
  last = max_time (last, life->returned);
  last = max_time (last, life->redone);
  if (life->has_extension)
    last = max_time (last, life->extension_filed);
  /* the platform records a change a little after the event */
  ticket->updated_at = MIN (whole_seconds (last + random_span (gen, 0, MINUTES (3))),
                            MAX (last, whole_seconds (gen->now)));

  return ticket;
}

/* ------------------------------------------------------------------ */
/* the year of tickets                                                 */

static int
compare_planned (gconstpointer a,
                 gconstpointer b)
{
  const PlannedTicket *pa = a;
  const PlannedTicket *pb = b;

  if (pa->received != pb->received)
    return pa->received < pb->received ? -1 : 1;
  return pa->order < pb->order ? -1 : (pa->order > pb->order ? 1 : 0);
}

static int
compare_by_updated (gconstpointer a,
                    gconstpointer b)
{
  const DubanTicket *ta = *(DubanTicket * const *) a;
  const DubanTicket *tb = *(DubanTicket * const *) b;

  if (ta->updated_at != tb->updated_at)
    return ta->updated_at < tb->updated_at ? -1 : 1;
  return strcmp (ta->id, tb->id);
}

static DubanTime
random_intake_time (Generator *gen)
{
  for (;;)
    {
      DubanDay today = duban_day_of_time (gen->now);
      DubanDay day = today - g_rand_int_range (gen->rand, 0, 365);
      /* people write in from early morning to late evening */
      DubanTime time = duban_day_start (day)
                     + HOURS (g_rand_int_range (gen->rand, 6, 23))
                     + MINUTES (g_rand_int_range (gen->rand, 0, 60))
                     + g_rand_int_range (gen->rand, 0, 60) * DUBAN_USEC_PER_SECOND;

      if (time <= gen->now)
        return time;
    }
}

static gboolean
is_planted_slow (const DubanTicketTemplate *tpl)
{
  for (guint i = 0; i < G_N_ELEMENTS (planted_slow_units); i++)
    if (g_str_equal (planted_slow_units[i].unit_key, tpl->unit_key) &&
        g_str_equal (planted_slow_units[i].category, tpl->category))
      return TRUE;
  return FALSE;
}

static const DubanTicketTemplate *
pick_template_of_category (Generator  *gen,
                           DubanTime   received,
                           const char *category)
{
  for (;;)
    {
      const DubanTicketTemplate *tpl = pick_template (gen, received, FALSE);

      if (g_str_equal (tpl->category, category))
        return tpl;
    }
}

static DubanTime
random_time_of_day (GRand    *rand,
                    DubanDay  day)
{
  return duban_day_start (day) + HOURS (g_rand_int_range (rand, 6, 23))
         + MINUTES (g_rand_int_range (rand, 0, 60))
         + g_rand_int_range (rand, 0, 60) * DUBAN_USEC_PER_SECOND;
}

/* Adds what --plant plants to @planted, drawing from gen->plant_rand
 * only; the specs live in @specs, which the caller keeps until the
 * tickets are built. */
static void
plan_plants (Generator *gen,
             GArray    *planted,
             GPtrArray *specs,
             guint      n_tickets)
{
  DubanCounty *county = gen->county;
  GRand *rand = gen->plant_rand;
  DubanDay today = duban_day_of_time (gen->now);
  g_autoptr(GPtrArray) villages = g_ptr_array_new ();
  guint order = n_tickets;
  guint n_series = MAX (8, n_tickets / 250);

  for (guint i = 0; i < county->regions->len; i++)
    {
      const DubanRegion *region = g_ptr_array_index (county->regions, i);

      if (region->level == DUBAN_REGION_VILLAGE)
        g_ptr_array_add (villages, (gpointer) region);
    }

  for (guint b = 0; b < G_N_ELEMENTS (planted_bursts); b++)
    {
      const DubanRegion *village = g_ptr_array_index (villages, g_rand_int_range (rand, 0, (gint32) villages->len));
      g_autoptr(GPtrArray) grids = g_ptr_array_new ();
      DubanPlantedHotspot *hotspot = g_new0 (DubanPlantedHotspot, 1);

      for (guint g = 0; g < county->grids->len; g++)
        {
          const DubanRegion *grid = g_ptr_array_index (county->grids, g);

          if (g_str_equal (grid->parent_code, village->code))
            g_ptr_array_add (grids, (gpointer) grid);
        }
      g_assert (grids->len > 0);

      hotspot->village_code = g_strdup (village->code);
      hotspot->category = g_strdup (planted_bursts[b].category);
      hotspot->last = today - (DubanDay) planted_bursts[b].days_before;
      hotspot->first = hotspot->last - (PLANTED_BURST_DAYS - 1);
      hotspot->count = planted_bursts[b].count;
      g_ptr_array_add (county->planted_hotspots, hotspot);

      for (guint k = 0; k < hotspot->count; k++)
        {
          PlantSpec *spec = g_new0 (PlantSpec, 1);
          PlannedTicket plan = { .order = order++, .demo = DEMO_NONE, .plant = spec };

          spec->kind = PLANT_HOTSPOT;
          spec->grid = g_ptr_array_index (grids, g_rand_int_range (rand, 0, (gint32) grids->len));
          spec->category = planted_bursts[b].category;
          plan.received = random_time_of_day (rand, hotspot->first + g_rand_int_range (rand, 0, PLANTED_BURST_DAYS));
          g_ptr_array_add (specs, spec);
          g_array_append_val (planted, plan);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (planted_slow_units); i++)
    {
      DubanPlantedSlow *slow = g_new0 (DubanPlantedSlow, 1);

      slow->unit_code = find_department (planted_slow_units[i].unit_key)->code;
      slow->category = planted_slow_units[i].category;
      g_ptr_array_add (county->planted_slow, slow);
    }

  /* Series of two to four tickets on one matter, a few hours to five
   * days apart, from the same spot, each in other words. */
  for (guint series = 0; series < n_series; series++)
    {
      const DubanPlantedMatter *matter = &duban_county_matters[g_rand_int_range (rand, 0, (gint32) duban_county_n_matters)];
      const DubanRegion *grid = g_ptr_array_index (county->grids, g_rand_int_range (rand, 0, (gint32) county->grids->len));
      DubanPoint point = duban_polygon_random_point (grid->shape, rand, 0.2);
      guint size = (guint) g_rand_int_range (rand, 2, 5);
      guint phrasings[DUBAN_MATTER_N_PHRASINGS];
      DubanTime received = random_time_of_day (rand, today - g_rand_int_range (rand, 10, 360));

      for (guint p = 0; p < DUBAN_MATTER_N_PHRASINGS; p++)
        phrasings[p] = p;
      for (guint p = DUBAN_MATTER_N_PHRASINGS - 1; p > 0; p--)
        {
          guint q = (guint) g_rand_int_range (rand, 0, (gint32) p + 1);
          guint t = phrasings[p];

          phrasings[p] = phrasings[q];
          phrasings[q] = t;
        }

      for (guint k = 0; k < size; k++)
        {
          PlantSpec *spec = g_new0 (PlantSpec, 1);
          PlannedTicket plan = { .order = order++, .demo = DEMO_NONE, .plant = spec };

          spec->kind = PLANT_REPEAT;
          spec->grid = grid;
          spec->matter = matter;
          spec->phrasing = phrasings[k];
          spec->series = series;
          spec->point = point;
          if (k > 0)
            received = whole_seconds (received + (gint64) (g_rand_double_range (rand, 0.15, 5.0) * DAYS (1)));
          plan.received = MIN (received, whole_seconds (gen->now));
          g_ptr_array_add (specs, spec);
          g_array_append_val (planted, plan);
        }
    }

  /* The recurring theme, from a rand of its own so that what was
   * planted before draws the numbers it always drew. */
  rand = gen->theme_rand;
  {
    const DubanRegion *village = g_ptr_array_index (villages, g_rand_int_range (rand, 0, (gint32) villages->len));
    g_autoptr(GPtrArray) grids = g_ptr_array_new ();
    DubanPlantedHotspot *theme = g_new0 (DubanPlantedHotspot, 1);
    guint n_spans = G_N_ELEMENTS (planted_theme_counts);

    for (guint g = 0; g < county->grids->len; g++)
      {
        const DubanRegion *grid = g_ptr_array_index (county->grids, g);

        if (g_str_equal (grid->parent_code, village->code))
          g_ptr_array_add (grids, (gpointer) grid);
      }
    g_assert (grids->len > 0);

    theme->village_code = g_strdup (village->code);
    theme->category = g_strdup (PLANTED_THEME_CATEGORY);
    theme->first = today - (DubanDay) (n_spans * PLANTED_THEME_SPAN_DAYS);
    theme->last = today - 1;
    g_ptr_array_add (county->planted_themes, theme);

    for (guint span = 0; span < n_spans; span++)
      for (guint k = 0; k < planted_theme_counts[span]; k++)
        {
          PlantSpec *spec = g_new0 (PlantSpec, 1);
          PlannedTicket plan = { .order = order++, .demo = DEMO_NONE, .plant = spec };
          DubanDay day = theme->first + (DubanDay) (span * PLANTED_THEME_SPAN_DAYS) +
                         (DubanDay) ((k + 0.5) * PLANTED_THEME_SPAN_DAYS / planted_theme_counts[span]);

          spec->kind = PLANT_THEME;
          spec->grid = g_ptr_array_index (grids, g_rand_int_range (rand, 0, (gint32) grids->len));
          spec->category = PLANTED_THEME_CATEGORY;
          plan.received = random_time_of_day (rand, day);
          g_ptr_array_add (specs, spec);
          g_array_append_val (planted, plan);
          theme->count++;
        }
  }
}

/* A planted repeat is made at the matter's spot, give or take 50 m. */
static void
move_to_matter (Generator       *gen,
                DubanTicket     *ticket,
                const PlantSpec *spec)
{
  double lat = spec->point.y + g_rand_double_range (gen->rand, -0.00045, 0.00045);
  double lon = spec->point.x + g_rand_double_range (gen->rand, -0.00055, 0.00055);

  if (!ticket->has_location)
    return;
  if (ticket->crs == DUBAN_CRS_GCJ02)
    duban_feed_wgs84_to_gcj02 (lat, lon, &ticket->lat, &ticket->lon);
  else
    {
      ticket->lat = lat;
      ticket->lon = lon;
    }
  ticket->lat = round (ticket->lat * 1e6) / 1e6;
  ticket->lon = round (ticket->lon * 1e6) / 1e6;
}

static void
generate_tickets (Generator *gen,
                  guint      n_tickets)
{
  guint n_demo = MIN (n_tickets, MAX (DEMO_MINIMUM, n_tickets / 40));
  g_autoptr(GArray) planned = g_array_sized_new (FALSE, TRUE, sizeof (PlannedTicket), n_tickets);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) specs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) series_first = g_ptr_array_new ();   /* borrowed from ids */
  DubanDay serial_day = G_MININT32;
  guint serial = 0;

  for (guint i = 0; i < n_tickets; i++)
    {
      PlannedTicket plan = { .order = i, .demo = DEMO_NONE };

      if (i < n_demo)
        {
          plan.demo = demo_cycle[i % G_N_ELEMENTS (demo_cycle)];
          plan.demo_start = demo_start (gen, plan.demo);
          plan.received = plan.demo_start;   /* refined by plan_demo, kept for order */
        }
      else
        plan.received = random_intake_time (gen);
      g_array_append_val (planned, plan);
    }
  if (gen->plant)
    plan_plants (gen, planned, specs, n_tickets);
  g_array_sort (planned, compare_planned);

  for (guint i = 0; i < planned->len; i++)
    {
      const PlannedTicket *plan = &g_array_index (planned, PlannedTicket, i);
      const PlantSpec *spec = plan->plant;
      GRand *usual_rand = gen->rand;
      gboolean urgent_template_needed = plan->demo != DEMO_NONE && demo_is_urgent (plan->demo);
      DubanTicketTemplate matter_template;
      const DubanTicketTemplate *tpl;
      DubanUrgency urgency;
      Place place;
      Lifecycle life;
      g_autofree char *town_name = NULL;
      const char *unit_code, *unit_name;
      DubanUnitKind unit_kind;
      const char *repeat_of = NULL;
      DubanDay day;
      char *id;
      DubanTicket *ticket;

      if (spec != NULL)
        {
          gen->rand = spec->kind == PLANT_THEME ? gen->theme_rand : gen->plant_rand;
          if (spec->kind == PLANT_REPEAT)
            {
              matter_template = (DubanTicketTemplate) {
                .category = spec->matter->category,
                .kind = spec->matter->kind,
                .title = spec->matter->titles[spec->phrasing],
                .description = spec->matter->descriptions[spec->phrasing],
                .unit_key = spec->matter->unit_key,
                .weight = 1,
              };
              tpl = &matter_template;
            }
          else
            tpl = pick_template_of_category (gen, plan->received, spec->category);
          place_in_grid (gen->county, spec->grid, &place);
        }
      else
        {
          tpl = pick_template (gen, plan->received, urgent_template_needed);
          pick_place (gen, &place);
        }

      if (g_str_equal (tpl->unit_key, DUBAN_UNIT_KEY_TOWN))
        {
          town_name = town_unit_name (place.town_info);
          unit_code = place.town->code;
          unit_name = town_name;
          unit_kind = DUBAN_UNIT_TOWN;
        }
      else
        {
          const DubanUnitInfo *unit = find_department (tpl->unit_key);

          unit_code = unit->code;
          unit_name = unit->name;
          unit_kind = unit->kind;
        }

      if (plan->demo != DEMO_NONE)
        {
          urgency = demo_is_urgent (plan->demo) ? DUBAN_URGENCY_URGENT : DUBAN_URGENCY_NORMAL;
          lifecycle_init (&life, urgency, plan->received);
          plan_demo (gen, &life, plan->demo, plan->demo_start, unit_kind);
        }
      else
        {
          urgency = tpl->can_be_urgent && chance (gen, gen->urgent_given_urgent_template)
                  ? DUBAN_URGENCY_URGENT : DUBAN_URGENCY_NORMAL;
          lifecycle_init (&life, urgency, plan->received);
          plan_history (gen, &life, unit_kind,
                        gen->plant && is_planted_slow (tpl) ? LATE_SHARE_SLOW : LATE_SHARE);
        }
      settle_at_now (gen, &life);

      /* 工单编号: JX + intake date + serial within the day */
      day = duban_day_of_time (life.received);
      if (day != serial_day)
        {
          serial_day = day;
          serial = 0;
        }
      {
        int year, month, mday;

        duban_day_to_ymd (day, &year, &month, &mday);
        id = g_strdup_printf ("JX%04d%02d%02d%04u", year, month, mday, ++serial);
      }

      if (spec == NULL)
        {
          /* the usual county links a few tickets to any earlier one;
           * a planted county links only its series, so that repeat_of is
           * a ground truth to measure against (the draws are made
           * either way) */
          if (ids->len > 0 && chance (gen, 0.02))
            {
              const char *target = g_ptr_array_index (ids, g_rand_int_range (gen->rand, 0, (gint32) ids->len));

              if (!gen->plant)
                repeat_of = target;
            }
        }
      else if (spec->kind == PLANT_REPEAT)
        {
          if (series_first->len <= spec->series)
            g_ptr_array_set_size (series_first, spec->series + 1);
          if (g_ptr_array_index (series_first, spec->series) == NULL)
            g_ptr_array_index (series_first, spec->series) = id;
          else
            repeat_of = g_ptr_array_index (series_first, spec->series);
        }

      ticket = build_ticket (gen, id, tpl, &place, &life, unit_code, unit_name, repeat_of);
      if (spec != NULL && spec->kind == PLANT_REPEAT)
        move_to_matter (gen, ticket, spec);
      g_ptr_array_add (gen->county->tickets, ticket);
      g_ptr_array_add (ids, id);
      gen->rand = usual_rand;
    }

  g_ptr_array_sort (gen->county->tickets, compare_by_updated);
}

/* ------------------------------------------------------------------ */
/* invalid objects                                                     */

static void
raw_ticket_free (gpointer data)
{
  DubanRawTicket *raw = data;

  g_free (raw->id);
  g_free (raw->json);
  g_free (raw->reason);
  g_free (raw);
}

static DubanTicket *
make_bare_ticket (Generator *gen)
{
  DubanTicket *ticket = duban_ticket_new ();

  ticket->id = g_strdup ("JXBASE");
  ticket->title = g_strdup ("路灯不亮");
  ticket->kind = DUBAN_KIND_COMPLAINT;
  ticket->category = g_strdup ("道路交通");
  ticket->urgency = DUBAN_URGENCY_NORMAL;
  ticket->status = DUBAN_STATUS_RECEIVED;
  ticket->received_at = whole_seconds (gen->now) - HOURS (1);
  ticket->updated_at = ticket->received_at;
  return ticket;
}

/* One fault per object, cycling through the contract's validation rules. */
static void
generate_invalid (Generator *gen,
                  guint      n_invalid)
{
  GPtrArray *tickets = gen->county->tickets;
  g_autoptr(DubanTicket) bare = NULL;

  if (n_invalid == 0)
    return;
  if (tickets->len == 0)
    bare = make_bare_ticket (gen);

  for (guint i = 0; i < n_invalid; i++)
    {
      const DubanTicket *base = bare != NULL ? bare
                              : g_ptr_array_index (tickets, (i * 7919u) % tickets->len);
      g_autoptr(JsonNode) node = duban_ticket_to_json (base);
      JsonObject *object = json_node_get_object (node);
      DubanRawTicket *raw = g_new0 (DubanRawTicket, 1);
      g_autofree char *civil = NULL;

      raw->id = g_strdup_printf ("JXBAD%04u", i + 1);
      json_object_set_string_member (object, "id", raw->id);

      switch (i % 12)
        {
        case 0:
          json_object_remove_member (object, "title");
          raw->reason = g_strdup ("missing title");
          break;
        case 1:
          json_object_set_string_member (object, "kind", "praise");
          raw->reason = g_strdup ("unknown kind");
          break;
        case 2:
          /* the local time without its offset: ambiguous, so invalid */
          civil = duban_time_format_rfc3339 (base->received_at);
          if (strlen (civil) > 6 && g_str_has_suffix (civil, "+08:00"))
            civil[strlen (civil) - 6] = '\0';
          json_object_set_string_member (object, "received_at", civil);
          raw->reason = g_strdup ("time without offset");
          break;
        case 3:
          {
            JsonObject *location = json_object_new ();

            json_object_set_double_member (location, "lat", 123.0);
            json_object_set_double_member (location, "lon", 116.3);
            json_object_set_string_member (location, "crs", "wgs84");
            json_object_set_object_member (object, "location", location);
            raw->reason = g_strdup ("latitude out of range");
          }
          break;
        case 4:
          json_object_set_string_member (object, "status", "resolved");
          if (json_object_has_member (object, "resolved_at"))
            json_object_remove_member (object, "resolved_at");
          if (json_object_has_member (object, "closed_at"))
            json_object_remove_member (object, "closed_at");
          raw->reason = g_strdup ("resolved without resolved_at");
          break;
        case 5:
          json_object_set_int_member (object, "urgency", 1);
          raw->reason = g_strdup ("urgency of the wrong type");
          break;
        case 6:
          {
            GString *title = g_string_new (NULL);

            while (g_utf8_strlen (title->str, -1) <= 200)
              g_string_append (title, "反映的问题一直没有解决");
            json_object_set_string_member (object, "title", title->str);
            g_string_free (title, TRUE);
            raw->reason = g_strdup ("title over 200 characters");
          }
          break;
        case 7:
          json_object_set_string_member (object, "urgency", "critical");
          raw->reason = g_strdup ("unknown urgency");
          break;
        case 8:
          json_object_remove_member (object, "id");
          g_clear_pointer (&raw->id, g_free);
          raw->reason = g_strdup ("missing id");
          break;
        case 9:
          {
            JsonObject *location = json_object_new ();

            json_object_set_double_member (location, "lat", 35.07);
            json_object_set_double_member (location, "lon", 200.0);
            json_object_set_string_member (location, "crs", "gcj02");
            json_object_set_object_member (object, "location", location);
            raw->reason = g_strdup ("longitude out of range");
          }
          break;
        case 10:
          json_object_set_string_member (object, "updated_at", "2026-13-45T25:00:00+08:00");
          raw->reason = g_strdup ("malformed time");
          break;
        case 11:
        default:
          json_object_set_int_member (object, "evidence_count", -1);
          raw->reason = g_strdup ("negative evidence_count");
          break;
        }

      raw->json = json_to_string (node, FALSE);
      g_ptr_array_add (gen->county->invalid_raw, raw);
    }
}

/* ------------------------------------------------------------------ */
/* public                                                              */

static void
planted_hotspot_free (gpointer data)
{
  DubanPlantedHotspot *hotspot = data;

  g_free (hotspot->village_code);
  g_free (hotspot->category);
  g_free (hotspot);
}

DubanCounty *
duban_county_generate (const DubanCountyParams *params)
{
  Generator gen = { 0 };
  guint urgent_weight = 0;
  DubanCounty *county;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (params->now != DUBAN_TIME_NONE, NULL);

  county = g_new0 (DubanCounty, 1);
  county->regions = g_ptr_array_new_with_free_func (region_free);
  county->regions_by_code = g_hash_table_new (g_str_hash, g_str_equal);
  county->grids = g_ptr_array_new ();
  county->tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  county->invalid_raw = g_ptr_array_new_with_free_func (raw_ticket_free);
  county->planted_hotspots = g_ptr_array_new_with_free_func (planted_hotspot_free);
  county->planted_themes = g_ptr_array_new_with_free_func (planted_hotspot_free);
  county->planted_slow = g_ptr_array_new_with_free_func (g_free);

  build_map (county);
  county->regions_json = regions_to_geojson (county);
  county->units_json = units_to_json ();

  gen.rand = g_rand_new_with_seed (params->seed);
  gen.county = county;
  gen.calendar = duban_calendar_new ();
  duban_sla_policy_init_defaults (&gen.policy);
  gen.now = params->now;
  gen.plant = params->plant;
  gen.plant_rand = g_rand_new_with_seed (params->seed ^ 0x9e3779b9u);
  gen.theme_rand = g_rand_new_with_seed (params->seed ^ 0x7f4a7c15u);
  for (guint i = 0; i < duban_county_n_templates; i++)
    {
      gen.template_weight_total += duban_county_templates[i].weight;
      if (duban_county_templates[i].can_be_urgent)
        urgent_weight += duban_county_templates[i].weight;
    }
  /* about 5% of all tickets are urgent, all of them from templates that
   * can be (a water main burst, not a pension question) */
  gen.urgent_given_urgent_template = MIN (1.0, 0.05 * gen.template_weight_total / MAX (urgent_weight, 1));

  generate_tickets (&gen, params->n_tickets);
  generate_invalid (&gen, params->n_invalid);

  g_rand_free (gen.rand);
  g_rand_free (gen.plant_rand);
  g_rand_free (gen.theme_rand);
  g_object_unref (gen.calendar);

  return county;
}

void
duban_county_free (DubanCounty *county)
{
  if (county == NULL)
    return;

  g_ptr_array_unref (county->invalid_raw);
  g_ptr_array_unref (county->planted_hotspots);
  g_ptr_array_unref (county->planted_themes);
  g_ptr_array_unref (county->planted_slow);
  g_ptr_array_unref (county->tickets);
  g_ptr_array_unref (county->grids);
  g_hash_table_unref (county->regions_by_code);
  g_ptr_array_unref (county->regions);
  g_free (county->regions_json);
  g_free (county->units_json);
  g_free (county);
}

GPtrArray *
duban_county_get_regions (DubanCounty *county)
{
  g_return_val_if_fail (county != NULL, NULL);

  return county->regions;
}

const DubanRegion *
duban_county_find_region (DubanCounty *county,
                          const char  *code)
{
  g_return_val_if_fail (county != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  return g_hash_table_lookup (county->regions_by_code, code);
}

const char *
duban_county_get_regions_json (DubanCounty *county)
{
  g_return_val_if_fail (county != NULL, NULL);

  return county->regions_json;
}

const char *
duban_county_get_units_json (DubanCounty *county)
{
  g_return_val_if_fail (county != NULL, NULL);

  return county->units_json;
}

GPtrArray *
duban_county_get_tickets (DubanCounty *county)
{
  g_return_val_if_fail (county != NULL, NULL);

  return county->tickets;
}

GPtrArray *
duban_county_get_invalid_raw (DubanCounty *county)
{
  g_return_val_if_fail (county != NULL, NULL);

  return county->invalid_raw;
}

GPtrArray *
duban_county_get_planted_hotspots (DubanCounty *county)
{
  g_return_val_if_fail (county != NULL, NULL);

  return county->planted_hotspots;
}

GPtrArray *
duban_county_get_planted_themes (DubanCounty *county)
{
  g_return_val_if_fail (county != NULL, NULL);

  return county->planted_themes;
}

GPtrArray *
duban_county_get_planted_slow (DubanCounty *county)
{
  g_return_val_if_fail (county != NULL, NULL);

  return county->planted_slow;
}
