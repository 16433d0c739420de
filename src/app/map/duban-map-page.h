/* duban-map-page.h — the map of the county, its grids and tickets
 *
 * The county at a glance and the drill-down from county to ticket: a
 * ShumateSimpleMap with the regions (a choropleth of a chosen figure) and
 * the tickets (clustered) as custom layers, a breadcrumb, and a side
 * panel with the figures of the area in focus and its areas or tickets.
 *
 * Actions (group "map"): map.drill(s) focuses an area by code ("" is the
 * county), map.up goes one level up, map.show-ticket(s) shows a ticket
 * in its grid, map.back-to-list, map.as-of-now.
 */
#pragma once

#include <adwaita.h>

#include "duban-map-painter.h"
#include "duban-regions.h"
#include "duban-session.h"
#include "duban-ticket-filter.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_MAP_PAGE (duban_map_page_get_type ())
G_DECLARE_FINAL_TYPE (DubanMapPage, duban_map_page, DUBAN, MAP_PAGE, AdwBin)

DubanSession           *duban_map_page_get_session     (DubanMapPage *self);
void                    duban_map_page_set_session     (DubanMapPage *self,
                                                        DubanSession *session);
DubanTicketFilter      *duban_map_page_get_filter      (DubanMapPage *self);

/* TRUE when the map shows the session's tickets under the current filter
 * (no rebuild or refresh is pending). */
gboolean                duban_map_page_is_ready        (DubanMapPage *self);
const DubanRegions     *duban_map_page_get_regions     (DubanMapPage *self);
const DubanRegionStats *duban_map_page_get_stats       (DubanMapPage *self);

/* The code of the area in focus (the county's when none is chosen). */
const char             *duban_map_page_get_focus_code  (DubanMapPage *self);
/* "金乡县 › 鱼山街道 › …" */
char                   *duban_map_page_dup_breadcrumb  (DubanMapPage *self);
/* The tickets listed for the grid in focus (DubanTicketObject); empty above grids. */
GListModel             *duban_map_page_get_tickets     (DubanMapPage *self);
guint                   duban_map_page_get_n_area_rows (DubanMapPage *self);
/* The id of the ticket shown in the detail, or NULL. */
const char             *duban_map_page_get_shown_ticket (DubanMapPage *self);

void                    duban_map_page_set_figure      (DubanMapPage          *self,
                                                        DubanChoroplethFigure  figure);
/* The ShumateSimpleMap. */
GtkWidget              *duban_map_page_get_map         (DubanMapPage *self);

G_END_DECLS
