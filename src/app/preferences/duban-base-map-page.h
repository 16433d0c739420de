/* duban-base-map-page.h — the preferences page for what lies under the map */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DUBAN_TYPE_BASE_MAP_PAGE (duban_base_map_page_get_type ())
G_DECLARE_FINAL_TYPE (DubanBaseMapPage, duban_base_map_page, DUBAN, BASE_MAP_PAGE, AdwPreferencesPage)

GtkWidget *duban_base_map_page_new (void);

G_END_DECLS
