/* duban-store-reference.h — what the rules read from the store beside the tickets
 *
 * The platform's working-day calendar, its regions and units, cached for
 * offline work (duban-store-reference.c), and the center's policy
 * (duban-store-policy.c). Apart from duban-store.h so that storing and
 * reading tickets needs neither the rules nor the map.
 */
#pragma once

#include "duban-calendar.h"
#include "duban-regions.h"
#include "duban-sla.h"
#include "duban-store.h"

G_BEGIN_DECLS

/* The platform's calendar per year, as its JSON. */
gboolean    duban_store_save_calendar (DubanStore  *self,
                                       int          year,
                                       const char  *json,
                                       GError     **error);
/* Element type char* (JSON texts). */
GPtrArray  *duban_store_load_calendars (DubanStore *self,
                                        GError    **error);

/* Loads every cached platform calendar into @calendar, overriding its
 * bundled tables for those years. */
gboolean    duban_store_apply_calendars (DubanStore     *self,
                                         DubanCalendar  *calendar,
                                         GError        **error);

/* Regions and units, as the platform serves them. Regions that
 * duban_regions_new_from_geojson() refuses are refused here too, and the
 * ones stored before stay. */
gboolean    duban_store_replace_regions (DubanStore  *self,
                                         const char  *geojson,
                                         GError     **error);
char       *duban_store_get_regions_json (DubanStore *self);
/* The stored regions, read (an empty tree when there are none); NULL,
 * with a warning, when they cannot be read: the map and the reports then
 * go on without them. */
DubanRegions *duban_store_load_regions   (DubanStore *self);
/* name of a region or unit by code, or NULL */
char       *duban_store_region_name   (DubanStore  *self,
                                       const char  *code);
gboolean    duban_store_replace_units (DubanStore  *self,
                                       const char  *units_json,
                                       GError     **error);

/* The center's policy; fields not in the store keep the defaults. */
gboolean    duban_store_load_policy   (DubanStore      *self,
                                       DubanSlaPolicy  *policy,
                                       GError         **error);
gboolean    duban_store_save_policy   (DubanStore            *self,
                                       const DubanSlaPolicy  *policy,
                                       GError               **error);

G_END_DECLS
