/* duban-county-generator.h — a deterministic demo county
 *
 * Jinxiang county (金乡县, 370828): its real extent and 13 real
 * divisions, 639 invented villages and exactly 853 grids, cut from a
 * synthetic outline so that grids tile villages, villages towns and towns
 * the county, with no gaps or overlaps; the
 * units that handle tickets, and a year of tickets ending at a chosen
 * moment. The same seed and the same moment always give byte-identical
 * output, so tests and demos can name tickets by id.
 *
 * The map does not depend on the seed: a desk that cached the regions of
 * one run can talk to another.
 */
#pragma once

#include <glib.h>
#include "duban-ticket.h"
#include "duban-feed-polygon.h"

G_BEGIN_DECLS

#define DUBAN_COUNTY_CODE    "370828"
#define DUBAN_COUNTY_NAME    "金乡县"
#define DUBAN_COUNTY_N_GRIDS 853

typedef enum {
  DUBAN_REGION_COUNTY,
  DUBAN_REGION_TOWN,
  DUBAN_REGION_VILLAGE,
  DUBAN_REGION_GRID,
} DubanRegionLevel;

typedef struct {
  char             *code;
  char             *name;
  DubanRegionLevel  level;
  char             *parent_code;   /* NULL for the county */
  DubanPolygon     *shape;         /* convex, counter-clockwise */
  /* the shape's bounding box */
  double            west;
  double            south;
  double            east;
  double            north;
} DubanRegion;

/* A ticket object as raw JSON text, possibly invalid on purpose. */
typedef struct {
  char *id;       /* NULL when the object has no usable id */
  char *json;
  char *reason;   /* what is wrong with it, for tests and logs */
} DubanRawTicket;

typedef struct _DubanCounty DubanCounty;

typedef struct {
  guint32   seed;
  guint     n_tickets;
  DubanTime now;          /* the moment the year of tickets ends */
  guint     n_invalid;    /* raw invalid ticket objects to make as well */
  /* Plant something for 研判 to find (duban-feed --plant): bursts of
   * one category in one village, series of repeat complaints in
   * different words linked by repeat_of (and no other repeat_of links),
   * units that are late far more often for one category, and one
   * category in one village climbing month after month (每月一题). Without it the
   * county is exactly what it always was: the null county. */
  gboolean  plant;
} DubanCountyParams;

/* A planted burst: @count tickets of @category in the village, received
 * from @first to @last (civil days), on top of the usual ones. */
typedef struct {
  char     *village_code;
  char     *category;
  DubanDay  first;
  DubanDay  last;
  guint     count;
} DubanPlantedHotspot;

/* A unit planted slow: late in about a third of its tickets of @category
 * instead of about one in thirty. */
typedef struct {
  const char *unit_code;
  const char *category;
} DubanPlantedSlow;

DubanCounty       *duban_county_generate          (const DubanCountyParams *params);
void               duban_county_free              (DubanCounty             *county);

/* Counties, towns, villages, grids, in that order; DubanRegion* owned by
 * the county. */
GPtrArray         *duban_county_get_regions       (DubanCounty             *county);
const DubanRegion *duban_county_find_region       (DubanCounty             *county,
                                                   const char              *code);
/* GET /api/v1/regions and /api/v1/units bodies. */
const char        *duban_county_get_regions_json  (DubanCounty             *county);
const char        *duban_county_get_units_json    (DubanCounty             *county);

/* DubanTicket*, owned by the county, in the order of their updated_at:
 * the order in which a platform would have recorded their last change. */
GPtrArray         *duban_county_get_tickets       (DubanCounty             *county);
/* DubanRawTicket*, owned by the county: invalid ticket objects, each
 * with a fault the desk must detect (missing title, bad enum, time
 * without offset …). */
GPtrArray         *duban_county_get_invalid_raw   (DubanCounty             *county);

/* What --plant planted (empty without it): DubanPlantedHotspot*,
 * DubanPlantedSlow*, owned by the county. The repeat series are the
 * tickets' repeat_of links. */
GPtrArray         *duban_county_get_planted_hotspots (DubanCounty          *county);
GPtrArray         *duban_county_get_planted_slow     (DubanCounty          *county);
/* The planted recurring theme (每月一题): DubanPlantedHotspot* whose
 * @count tickets are spread over [@first, @last], more each month. */
GPtrArray         *duban_county_get_planted_themes   (DubanCounty          *county);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanCounty, duban_county_free)

G_END_DECLS
