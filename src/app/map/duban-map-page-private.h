/* duban-map-page-private.h — what the parts of the map page share
 *
 * The map page is one widget over several files, as gnome-text-editor
 * splits its window: duban-map-page.c (the widget, where the map looks,
 * the breadcrumb, the actions, the public API), duban-map-page-load.c
 * (the two worker pipelines: placing the tickets, evaluating them at a
 * moment), duban-map-page-panel.c (the side panel, the figure tiles, the
 * legend and the choropleth), duban-map-page-filter.c (the filter bar,
 * the figure and level choices, the "as of" slider) and
 * duban-map-page-base.c (the tiles under the map). Each part works on
 * the one instance below.
 */
#pragma once

#include <adwaita.h>
#include <shumate/shumate.h>

#include "duban-cluster.h"
#include "duban-map-page.h"
#include "duban-map-region-layer.h"
#include "duban-map-ticket-layer.h"
#include "duban-map-tile-source.h"
#include "duban-ticket-detail.h"

G_BEGIN_DECLS

/* Where each ticket is: what a rebuild produces, immutable, shared with
 * the refresh worker. */
typedef struct {
  GPtrArray    *tickets;
  DubanRegions *regions;
  int          *grid_of;
  double       *xs;
  double       *ys;
  GHashTable   *index_by_id;   /* id → index + 1 */
  GPtrArray    *categories;    /* char*, sorted */
  GPtrArray    *units;         /* "code\tname", sorted by name */
  DubanTime     earliest;      /* the first received_at */
} Placed;

Placed *duban_map_placed_ref   (Placed *placed);
void    duban_map_placed_unref (Placed *placed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Placed, duban_map_placed_unref)

enum {
  TILE_OPEN,
  TILE_OVERDUE,
  TILE_WARNING,
  TILE_ON_TIME,
  TILE_SATISFACTION,
  TILE_RECEIVED,
  N_TILES
};

struct _DubanMapPage
{
  AdwBin               parent_instance;

  DubanSession        *session;
  DubanTicketFilter   *filter;
  GSettings           *settings;

  /* Template widgets */
  GtkStack            *page_stack;
  GtkSpinner          *loading_spinner;
  GtkBox              *breadcrumb_box;
  GtkDropDown         *figure_dropdown;
  GtkDropDown         *level_dropdown;
  GtkToggleButton     *heat_button;
  GtkGrid             *filter_grid;
  GtkOverlay          *map_overlay;
  GtkDrawingArea      *legend_area;
  GtkLabel            *tiles_label;
  GtkLabel            *not_on_map_label;
  GtkWidget           *back_button;
  GtkLabel            *title_label;
  GtkLabel            *subtitle_label;
  GtkGrid             *figures_grid;
  GtkStack            *side_stack;
  GtkListBox          *area_list;
  GtkStack            *ticket_stack;
  GtkListView         *ticket_list;
  DubanTicketDetail   *ticket_detail;
  GtkAdjustment       *as_of_adjustment;
  GtkLabel            *as_of_label;

  /* The map */
  ShumateSimpleMap    *map;
  ShumateViewport     *viewport;
  ShumateMapSource    *reference_source;
  DubanMapRegionLayer *region_layer;
  DubanMapTicketLayer *ticket_layer;
  ShumateLayer        *tile_layer;
  DubanMapTileSource  *tile_source;

  /* Filter widgets built in code */
  GtkDropDown         *period_dropdown;
  GtkDropDown         *state_dropdown;
  GtkDropDown         *urgency_dropdown;
  GtkDropDown         *source_dropdown;
  GtkDropDown         *category_dropdown;
  GtkDropDown         *unit_dropdown;
  GtkLabel            *tile_values[N_TILES];
  /* the period and moment of every figure shown, without opening 筛选 */
  GtkLabel            *period_label;          /* under the panel's figures */
  GtkLabel            *legend_period_label;   /* under the legend */

  /* State */
  Placed              *placed;
  DubanRegionStats    *stats;
  double              *values;
  guint               *denominators;
  DubanChoropleth      choropleth;
  DubanChoroplethFigure figure;
  DubanAreaLevel       level;
  int                  focus;
  guint32              selected_ticket;
  GListStore          *ticket_store;
  GtkSingleSelection  *ticket_selection;
  char                *shown_ticket;

  guint                rebuild_generation;
  DubanTime            span_from;     /* the tickets the last rebuild asked for */
  DubanTime            span_to;       /*   (duban_session_load_span_async) */
  gboolean             stale;         /* asked for while not shown: rebuilt when mapped */
  guint                refresh_generation;
  guint                applied_refresh;
  gint64               refresh_started;
  gboolean             rebuilding;
  GCancellable        *rebuild_cancellable;
  GCancellable        *refresh_cancellable;
  guint                refresh_source;
  guint                as_of_source;
  DubanTime            now;
  guint                fit_tick;
  gboolean             fit_pending;
  gboolean             fitted;
  double               pending_box[4];
  gboolean             updating_filters;
};

/* duban-map-page.c */
const DubanArea *duban_map_page_focus_area   (DubanMapPage *self);
void             duban_map_page_zoom_to_area (DubanMapPage *self,
                                              int           area_index);
void             duban_map_page_set_focus    (DubanMapPage *self,
                                              int           focus,
                                              gboolean      zoom);

/* duban-map-page-load.c */
void duban_map_page_start_rebuild         (DubanMapPage *self);
/* After the period changed: a rebuild when it needs other tickets. */
void duban_map_page_check_span            (DubanMapPage *self);
void duban_map_page_schedule_refresh      (DubanMapPage *self);

/* duban-map-page-panel.c */
void duban_map_page_init_panel            (DubanMapPage *self);
void duban_map_page_update_side_panel     (DubanMapPage *self);
void duban_map_page_update_legend         (DubanMapPage *self);
void duban_map_page_update_choropleth     (DubanMapPage *self);
void duban_map_page_update_not_on_map     (DubanMapPage *self);

/* duban-map-page-filter.c */
void duban_map_page_init_filters          (DubanMapPage *self);
void duban_map_page_apply_period          (DubanMapPage *self);
void duban_map_page_update_filter_choices (DubanMapPage *self);

/* duban-map-page-base.c */
void duban_map_page_init_base_map         (DubanMapPage *self);

G_END_DECLS
