/* duban-regions.h — the county's region tree in memory, for the map and the figures
 *
 * Parsed once from the platform's regions GeoJSON (duban_store_get_regions_json)
 * into flat arrays: county → towns → villages → grids, each with its code,
 * name, Mercator bounds, rings and a cached cairo path, so that a frame
 * only walks arrays. Immutable once built, so a worker thread may build it
 * and any thread may read it.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "duban-ticket.h"

G_BEGIN_DECLS

#define DUBAN_REGIONS_ERROR (duban_regions_error_quark ())
GQuark duban_regions_error_quark (void);

typedef enum {
  DUBAN_REGIONS_ERROR_INVALID,
} DubanRegionsError;

typedef enum {
  DUBAN_AREA_COUNTY,
  DUBAN_AREA_TOWN,
  DUBAN_AREA_VILLAGE,
  DUBAN_AREA_GRID,
} DubanAreaLevel;

#define DUBAN_AREA_N_LEVELS 4

typedef struct {
  char           *code;
  char           *name;
  DubanAreaLevel  level;
  int             parent;          /* area index; -1 for the county */
  guint           first_child;     /* into duban_regions_get_children() */
  guint           n_children;
  double          min_x, min_y;    /* Mercator bounds */
  double          max_x, max_y;
  double          label_x, label_y;/* Mercator: a point inside, where the name goes */
  guint           first_ring;      /* into the ring ends */
  guint           n_rings;
  cairo_path_t   *path;            /* all rings, in path units (see below) */
} DubanArea;

typedef struct _DubanRegions DubanRegions;

DubanRegions    *duban_regions_new_from_geojson (const char         *geojson,
                                                 GError            **error);
DubanRegions    *duban_regions_ref              (DubanRegions       *self);
void             duban_regions_unref            (DubanRegions       *self);

/* Areas are ordered county, towns, villages, grids, each level by code. */
guint            duban_regions_get_n_areas      (const DubanRegions *self);
const DubanArea *duban_regions_get_area         (const DubanRegions *self,
                                                 guint               index);
/* -1 when unknown. */
int              duban_regions_lookup           (const DubanRegions *self,
                                                 const char         *code);
/* The county: index 0, or -1 when the GeoJSON had none. */
int              duban_regions_get_county       (const DubanRegions *self);
/* The first and the one-past-last index of a level. */
void             duban_regions_get_level_range  (const DubanRegions *self,
                                                 DubanAreaLevel      level,
                                                 guint              *first,
                                                 guint              *end);
const guint     *duban_regions_get_children     (const DubanRegions *self,
                                                 guint               index,
                                                 guint              *n_children);
/* TRUE when @index is @ancestor or lies inside it. */
gboolean         duban_regions_is_within        (const DubanRegions *self,
                                                 int                 index,
                                                 int                 ancestor);
/* The bounds of every area together. */
void             duban_regions_get_bounds       (const DubanRegions *self,
                                                 double             *min_x,
                                                 double             *min_y,
                                                 double             *max_x,
                                                 double             *max_y);

/* Cached paths are in units of (mercator − origin) × scale: small
 * numbers, whatever the zoom, so cairo's fixed point never overflows. */
void             duban_regions_get_path_transform (const DubanRegions *self,
                                                   double             *origin_x,
                                                   double             *origin_y,
                                                   double             *scale);

/* What is inside an area, for drawing it and for finding what lies in
 * it alike: even-odd, as duban_geo_rings_contain() counts. It takes a
 * hole by where it lies whatever the direction of its ring (GeoJSON from
 * elsewhere gets that wrong), and gives a ring that crosses itself one
 * definite inside — so that a click lands in the area that was drawn. */
#define DUBAN_REGIONS_FILL_RULE CAIRO_FILL_RULE_EVEN_ODD

gboolean         duban_regions_area_contains    (const DubanRegions *self,
                                                 guint               index,
                                                 double              x,
                                                 double              y);
/* The deepest area of at most @level at a Mercator point, descending from
 * the county; -1 outside. */
int              duban_regions_find_area        (const DubanRegions *self,
                                                 double              x,
                                                 double              y,
                                                 DubanAreaLevel      level);
int              duban_regions_find_grid        (const DubanRegions *self,
                                                 double              x,
                                                 double              y);

/* Where a ticket is on the map: its Mercator position (WGS-84; GCJ-02
 * converted) or NAN, NAN when it has no location, and its grid — the
 * grid_code when known, else the grid its position falls in, else -1. */
int              duban_regions_place_ticket     (const DubanRegions *self,
                                                 const DubanTicket  *ticket,
                                                 double             *out_x,
                                                 double             *out_y);

/* Each area's parent, by area index (-1 for the county): the tree the
 * per-area figures (rules/duban-area-figures.h) add each ticket up. */
const int       *duban_regions_get_parents      (const DubanRegions *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanRegions, duban_regions_unref)

G_END_DECLS
