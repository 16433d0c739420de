/* duban-map-page.h — the map of the county, its grids and tickets */
#pragma once

#include <adwaita.h>

#include "duban-session.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_MAP_PAGE (duban_map_page_get_type ())
G_DECLARE_FINAL_TYPE (DubanMapPage, duban_map_page, DUBAN, MAP_PAGE, AdwBin)

DubanSession *duban_map_page_get_session (DubanMapPage *self);
void          duban_map_page_set_session (DubanMapPage *self,
                                            DubanSession   *session);

G_END_DECLS
