/* duban-county-data.h — the fixed tables behind the demo county
 *
 * Kept apart from the generator so that realism (real outlines, more
 * templates, seasonal weights) can grow here without touching the logic.
 * Private to src/feed.
 */
#pragma once

#include <glib.h>
#include "duban-ticket.h"

G_BEGIN_DECLS

typedef struct {
  const char *code;          /* 9 digits */
  const char *name;
  gboolean    subdistrict;   /* 街道: urban communities rather than villages */
  guint       n_villages;    /* the thirteen add up to 639 */
  guint       n_grids;       /* the thirteen add up to 853 */
  double      area_km2;      /* its share of the county's 888 km², roughly */
  double      lon, lat;      /* about where its seat is (WGS-84) */
} DubanTownInfo;

typedef enum {
  DUBAN_UNIT_DEPARTMENT,
  DUBAN_UNIT_TOWN,
  DUBAN_UNIT_ENTERPRISE,
} DubanUnitKind;

typedef struct {
  const char    *key;        /* what templates refer to */
  const char    *code;
  const char    *name;
  DubanUnitKind  kind;
} DubanUnitInfo;

/* Templates say which unit handles them; this key means "the government
 * of the town the ticket is in". */
#define DUBAN_UNIT_KEY_TOWN "town"

typedef struct {
  const char *category;
  DubanKind   kind;
  const char *title;         /* {村} = village or community, {镇} = town */
  const char *description;
  const char *unit_key;
  guint       weight;
  gboolean    can_be_urgent;
  gboolean    garlic_season; /* more frequent in the harvest and storage months */
} DubanTicketTemplate;

/* A matter that several people write in about, each in their own words:
 * the demo county's planted repeat complaints (--plant). The phrasings
 * share what the matter is about, not a template's wording, so that
 * finding them takes more than comparing identical strings. */
#define DUBAN_MATTER_N_PHRASINGS 4

typedef struct {
  const char *category;
  DubanKind   kind;
  const char *unit_key;
  const char *titles[DUBAN_MATTER_N_PHRASINGS];        /* {村}, {镇} as in templates */
  const char *descriptions[DUBAN_MATTER_N_PHRASINGS];
} DubanPlantedMatter;

/* The map places each town around its seat. */
extern const DubanTownInfo       duban_county_towns[13];
extern const DubanUnitInfo       duban_county_departments[];
extern const guint               duban_county_n_departments;
extern const DubanTicketTemplate duban_county_templates[];
extern const guint               duban_county_n_templates;
extern const DubanPlantedMatter  duban_county_matters[];
extern const guint               duban_county_n_matters;

extern const char * const duban_county_surnames[];
extern const guint        duban_county_n_surnames;
extern const char * const duban_county_given_names[];
extern const guint        duban_county_n_given_names;
extern const char * const duban_county_village_suffixes[];
extern const guint        duban_county_n_village_suffixes;
extern const char * const duban_county_community_names[];
extern const guint        duban_county_n_community_names;
extern const char * const duban_county_street_names[];
extern const guint        duban_county_n_street_names;
extern const char * const duban_county_extension_reasons[];
extern const guint        duban_county_n_extension_reasons;
extern const char * const duban_county_extension_measures[];
extern const guint        duban_county_n_extension_measures;

G_END_DECLS
