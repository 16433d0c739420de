/* duban-map-page.c — the map of the county, its grids and tickets
 *
 * Two stages of work leave the main thread. A rebuild (a new session
 * load) reads the regions from the store and places every ticket: its
 * Mercator position and its grid. A refresh (the filters or the "as of"
 * moment changed) evaluates the tickets at that moment, computes the
 * figures per area and builds the cluster index. Each carries a
 * generation number so that a result overtaken by a newer request is
 * dropped rather than shown.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <shumate/shumate.h>

#include "duban-cluster.h"
#include "duban-geo.h"
#include "duban-map-page.h"
#include "duban-map-region-layer.h"
#include "duban-map-ticket-layer.h"
#include "duban-map-tile-source.h"
#include "duban-store.h"
#include "duban-ticket-detail.h"
#include "duban-ticket-object.h"
#include "duban-ticket-row.h"

#define AS_OF_DEBOUNCE_MS 180
#define MIN_ZOOM 6
#define MAX_ZOOM 20

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

static void
placed_clear (Placed *placed)
{
  g_clear_pointer (&placed->tickets, g_ptr_array_unref);
  g_clear_pointer (&placed->regions, duban_regions_unref);
  g_clear_pointer (&placed->grid_of, g_free);
  g_clear_pointer (&placed->xs, g_free);
  g_clear_pointer (&placed->ys, g_free);
  g_clear_pointer (&placed->index_by_id, g_hash_table_unref);
  g_clear_pointer (&placed->categories, g_ptr_array_unref);
  g_clear_pointer (&placed->units, g_ptr_array_unref);
}

static Placed *
placed_ref (Placed *placed)
{
  return g_atomic_rc_box_acquire (placed);
}

static void
placed_unref (Placed *placed)
{
  g_atomic_rc_box_release_full (placed, (GDestroyNotify) placed_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Placed, placed_unref)

typedef enum {
  PERIOD_WEEK,
  PERIOD_MONTH,
  PERIOD_QUARTER,
  PERIOD_YEAR,
  PERIOD_ALL,
} PeriodChoice;

static const int period_days[] = { 7, 30, 90, 365, 0 };

/* The figure dropdown's order. */
static const DubanChoroplethFigure figure_choices[] = {
  DUBAN_CHOROPLETH_OPEN_OVERDUE,
  DUBAN_CHOROPLETH_OPEN,
  DUBAN_CHOROPLETH_ON_TIME_RATE,
  DUBAN_CHOROPLETH_SATISFACTION_RATE,
  DUBAN_CHOROPLETH_RECEIVED,
  DUBAN_CHOROPLETH_NONE,
};

static const DubanAreaLevel level_choices[] = {
  DUBAN_AREA_GRID, DUBAN_AREA_VILLAGE, DUBAN_AREA_TOWN,
};

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

  /* State */
  Placed              *placed;
  DubanRegionStats    *stats;
  double              *values;
  DubanChoropleth      choropleth;
  DubanChoroplethFigure figure;
  DubanAreaLevel       level;
  int                  focus;
  guint32              selected_ticket;
  GListStore          *ticket_store;
  GtkSingleSelection  *ticket_selection;
  char                *shown_ticket;

  guint                rebuild_generation;
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
  gboolean             fitted;
  double               pending_box[4];
  gboolean             updating_filters;
};

G_DEFINE_FINAL_TYPE (DubanMapPage, duban_map_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void duban_map_page_start_refresh   (DubanMapPage *self);
static void duban_map_page_schedule_refresh (DubanMapPage *self);
static void duban_map_page_set_focus       (DubanMapPage *self,
                                            int           focus,
                                            gboolean      zoom);

/* ------------------------------------------------------------ helpers */

static const DubanArea *
focus_area (DubanMapPage *self)
{
  if (self->placed == NULL || self->focus < 0)
    return NULL;
  return duban_regions_get_area (self->placed->regions, self->focus);
}

static const DubanAreaStats *
stats_of (DubanMapPage *self,
          int           area)
{
  if (self->stats == NULL)
    return NULL;
  if (area < 0)
    return &self->stats->county;
  return &self->stats->areas[area];
}

static const char *
level_to_display (DubanAreaLevel level)
{
  switch (level)
    {
    case DUBAN_AREA_COUNTY:
      return C_("area level", "County");
    case DUBAN_AREA_TOWN:
      return C_("area level", "Town or subdistrict");
    case DUBAN_AREA_VILLAGE:
      return C_("area level", "Village or community");
    case DUBAN_AREA_GRID:
      return C_("area level", "Grid");
    default:
      return "";
    }
}

static gboolean
animations_enabled (GtkWidget *widget)
{
  gboolean enabled = TRUE;

  g_object_get (gtk_widget_get_settings (widget), "gtk-enable-animations", &enabled, NULL);
  return enabled && gtk_widget_get_mapped (widget);
}

static void zoom_to_box (DubanMapPage *self, double min_x, double min_y, double max_x, double max_y);

static gboolean
fit_when_shown (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  DubanMapPage *self = user_data;

  if (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) <= 1)
    return G_SOURCE_CONTINUE;
  self->fit_tick = 0;
  zoom_to_box (self, self->pending_box[0], self->pending_box[1], self->pending_box[2], self->pending_box[3]);
  return G_SOURCE_REMOVE;
}

/* Moves the map so that the box fills it, with room for the legend. */
static void
zoom_to_box (DubanMapPage *self,
             double        min_x,
             double        min_y,
             double        max_x,
             double        max_y)
{
  GtkWidget *map = GTK_WIDGET (self->map);
  double width = gtk_widget_get_width (map);
  double height = gtk_widget_get_height (map);
  DubanMapView view;
  double lat, lon, legend;

  /* A hidden page has no size yet, or a provisional one: fit on the
   * first frame that it is shown. */
  if (width <= 1 || height <= 1 || !gtk_widget_get_mapped (map))
    {
      self->pending_box[0] = min_x;
      self->pending_box[1] = min_y;
      self->pending_box[2] = max_x;
      self->pending_box[3] = max_y;
      if (self->fit_tick == 0)
        self->fit_tick = gtk_widget_add_tick_callback (map, fit_when_shown, self, NULL);
      return;
    }

  /* Fit beside the legend (top left), not under it. */
  legend = gtk_widget_get_width (GTK_WIDGET (self->legend_area)) + 12;
  duban_map_view_fit (&view, width - legend, height, min_x, min_y, max_x, max_y, 36);
  view.zoom = CLAMP (view.zoom, MIN_ZOOM, MAX_ZOOM);
  view.center_x -= legend / 2.0 / duban_map_view_get_scale (&view);
  duban_geo_from_mercator (view.center_x, view.center_y, &lat, &lon);

  if (animations_enabled (map))
    shumate_map_go_to_full_with_duration (shumate_simple_map_get_map (self->map), lat, lon, view.zoom, 450);
  else
    {
      shumate_viewport_set_zoom_level (self->viewport, view.zoom);
      shumate_location_set_location (SHUMATE_LOCATION (self->viewport), lat, lon);
    }
}

static void
zoom_to_area (DubanMapPage *self,
              int           area_index)
{
  if (self->placed == NULL)
    return;

  if (area_index < 0)
    {
      double min_x, min_y, max_x, max_y;

      duban_regions_get_bounds (self->placed->regions, &min_x, &min_y, &max_x, &max_y);
      zoom_to_box (self, min_x, min_y, max_x, max_y);
    }
  else
    {
      const DubanArea *area = duban_regions_get_area (self->placed->regions, area_index);

      zoom_to_box (self, area->min_x, area->min_y, area->max_x, area->max_y);
    }
}

/* --------------------------------------------------------- breadcrumb */

static void
update_breadcrumb (DubanMapPage *self)
{
  GtkWidget *child;
  g_autoptr(GArray) chain = g_array_new (FALSE, FALSE, sizeof (int));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->breadcrumb_box))) != NULL)
    gtk_box_remove (self->breadcrumb_box, child);

  if (self->placed == NULL)
    return;

  for (int a = self->focus; a >= 0; a = duban_regions_get_area (self->placed->regions, a)->parent)
    g_array_prepend_val (chain, a);
  if (chain->len == 0)
    {
      /* no county in the regions: a plain title */
      GtkWidget *label = gtk_label_new (_("The county"));

      gtk_widget_add_css_class (label, "heading");
      gtk_box_append (self->breadcrumb_box, label);
      return;
    }

  for (guint i = 0; i < chain->len; i++)
    {
      const DubanArea *area = duban_regions_get_area (self->placed->regions, g_array_index (chain, int, i));

      if (i > 0)
        {
          GtkWidget *separator = gtk_label_new ("›");

          gtk_widget_add_css_class (separator, "dim-label");
          gtk_widget_set_margin_start (separator, 2);
          gtk_widget_set_margin_end (separator, 2);
          gtk_box_append (self->breadcrumb_box, separator);
        }

      if (i + 1 < chain->len)
        {
          GtkWidget *button = gtk_button_new_with_label (area->name);

          gtk_widget_add_css_class (button, "flat");
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "map.drill");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", area->code);
          gtk_box_append (self->breadcrumb_box, button);
        }
      else
        {
          GtkWidget *label = gtk_label_new (area->name);

          gtk_widget_add_css_class (label, "heading");
          gtk_widget_set_margin_start (label, 8);
          gtk_widget_set_margin_end (label, 8);
          gtk_box_append (self->breadcrumb_box, label);
        }
    }
}

/* --------------------------------------------------------- side panel */

static void
set_tile (DubanMapPage *self,
          guint         tile,
          const char   *text,
          const char   *css_class)
{
  GtkWidget *label = GTK_WIDGET (self->tile_values[tile]);

  gtk_label_set_text (self->tile_values[tile], text);
  gtk_widget_remove_css_class (label, "state-overdue");
  gtk_widget_remove_css_class (label, "state-warning");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
}

static char *
format_rate (double rate)
{
  /* NAN is "no data", never 0 % */
  if (isnan (rate))
    return g_strdup ("—");
  return g_strdup_printf ("%.1f%%", rate * 100);
}

static void
update_figures (DubanMapPage *self)
{
  const DubanAreaStats *stats = stats_of (self, self->focus);
  g_autofree char *open = NULL, *overdue = NULL, *warning = NULL;
  g_autofree char *on_time = NULL, *satisfaction = NULL, *received = NULL;

  if (stats == NULL)
    {
      for (guint t = 0; t < N_TILES; t++)
        set_tile (self, t, "…", NULL);
      return;
    }

  open = g_strdup_printf ("%u", stats->open);
  overdue = g_strdup_printf ("%u", stats->open_overdue);
  warning = g_strdup_printf ("%u", stats->open_warning);
  on_time = format_rate (stats->figures.on_time_completion_rate);
  satisfaction = format_rate (stats->figures.satisfaction_rate);
  received = g_strdup_printf ("%u", stats->figures.received);

  set_tile (self, TILE_OPEN, open, NULL);
  set_tile (self, TILE_OVERDUE, overdue, stats->open_overdue > 0 ? "state-overdue" : NULL);
  set_tile (self, TILE_WARNING, warning, stats->open_warning > 0 ? "state-warning" : NULL);
  set_tile (self, TILE_ON_TIME, on_time, NULL);
  set_tile (self, TILE_SATISFACTION, satisfaction, NULL);
  set_tile (self, TILE_RECEIVED, received, NULL);
}

static int
compare_areas_by_attention (gconstpointer a,
                            gconstpointer b,
                            gpointer      user_data)
{
  DubanMapPage *self = user_data;
  guint ia = *(const guint *) a, ib = *(const guint *) b;
  const DubanAreaStats *sa = &self->stats->areas[ia], *sb = &self->stats->areas[ib];

  if (sa->open_overdue != sb->open_overdue)
    return sa->open_overdue > sb->open_overdue ? -1 : 1;
  if (sa->open_warning != sb->open_warning)
    return sa->open_warning > sb->open_warning ? -1 : 1;
  if (sa->open != sb->open)
    return sa->open > sb->open ? -1 : 1;
  return g_strcmp0 (duban_regions_get_area (self->placed->regions, ia)->code,
                    duban_regions_get_area (self->placed->regions, ib)->code);
}

static GtkWidget *
create_area_row (DubanMapPage *self,
                 guint         area_index)
{
  const DubanArea *area = duban_regions_get_area (self->placed->regions, area_index);
  const DubanAreaStats *stats = &self->stats->areas[area_index];
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *badge;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), area->name);
  /* Translators: a town's, village's or grid's figures in the map's side panel */
  subtitle = g_strdup_printf (_("%u open · %u warning"), stats->open, stats->open_warning);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  if (stats->open_overdue > 0)
    {
      g_autofree char *text = g_strdup_printf (_("%u overdue"), stats->open_overdue);

      badge = gtk_label_new (text);
      gtk_widget_add_css_class (badge, "state-badge");
      gtk_widget_add_css_class (badge, "state-overdue");
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));

  g_object_set_data (G_OBJECT (row), "area-index", GUINT_TO_POINTER (area_index + 1));
  return row;
}

static void
update_area_list (DubanMapPage *self)
{
  g_autoptr(GArray) children = NULL;
  const guint *child_indexes;
  guint n = 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->area_list))) != NULL)
    gtk_list_box_remove (self->area_list, child);

  if (self->placed == NULL || self->stats == NULL)
    return;

  if (self->focus >= 0)
    child_indexes = duban_regions_get_children (self->placed->regions, self->focus, &n);
  else
    {
      guint first, end;

      duban_regions_get_level_range (self->placed->regions, DUBAN_AREA_TOWN, &first, &end);
      children = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint i = first; i < end; i++)
        g_array_append_val (children, i);
      child_indexes = (const guint *) children->data;
      n = children->len;
    }

  if (children == NULL)
    {
      children = g_array_new (FALSE, FALSE, sizeof (guint));
      g_array_append_vals (children, child_indexes, n);
    }
  g_array_sort_with_data (children, compare_areas_by_attention, self);

  for (guint i = 0; i < children->len; i++)
    gtk_list_box_append (self->area_list, create_area_row (self, g_array_index (children, guint, i)));
}

/* The queue's order of attention; g_ptr_array_sort() passes pointers to
 * the elements. */
static int
compare_ticket_objects (gconstpointer a,
                        gconstpointer b)
{
  return duban_ticket_object_compare_urgency (*(gpointer *) a, *(gpointer *) b, NULL);
}

static void
update_ticket_list (DubanMapPage *self)
{
  const DubanSlaPolicy *policy;
  DubanCalendar *calendar;
  DubanTime at = duban_ticket_filter_get_as_of (self->filter);
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (g_object_unref);
  guint select = GTK_INVALID_LIST_POSITION;

  g_list_store_remove_all (self->ticket_store);
  if (self->placed == NULL || self->session == NULL || self->focus < 0 ||
      duban_regions_get_area (self->placed->regions, self->focus)->level != DUBAN_AREA_GRID)
    return;

  policy = duban_session_get_policy (self->session);
  calendar = duban_session_get_calendar (self->session);

  /* A grid holds tens or hundreds of tickets: a walk over all of them
   * with an int compare each is cheaper than keeping per-grid lists. */
  for (guint i = 0; i < self->placed->tickets->len; i++)
    {
      const DubanTicket *ticket;
      DubanSlaStatus status;

      if (self->placed->grid_of[i] != self->focus)
        continue;
      ticket = g_ptr_array_index (self->placed->tickets, i);
      duban_sla_evaluate (policy, calendar, ticket, at, &status);
      if (!duban_ticket_filter_matches (self->filter, ticket, &status))
        continue;
      g_ptr_array_add (objects, duban_ticket_object_new (duban_ticket_copy (ticket), &status));
    }
  g_ptr_array_sort (objects, compare_ticket_objects);
  g_list_store_splice (self->ticket_store, 0, 0, objects->pdata, objects->len);

  for (guint i = 0; i < objects->len; i++)
    if (g_strcmp0 (duban_ticket_object_get_id (g_ptr_array_index (objects, i)), self->shown_ticket) == 0)
      select = i;
  gtk_single_selection_set_selected (self->ticket_selection, select);
  gtk_stack_set_visible_child_name (self->ticket_stack, objects->len > 0 ? "list" : "none");
}

static void
update_side_panel (DubanMapPage *self)
{
  const DubanArea *area = focus_area (self);
  gboolean is_grid = area != NULL && area->level == DUBAN_AREA_GRID;

  if (self->placed == NULL)
    return;

  if (area != NULL)
    {
      g_autofree char *subtitle = NULL;

      gtk_label_set_text (self->title_label, area->name);
      subtitle = g_strdup_printf ("%s · %s", level_to_display (area->level), area->code);
      gtk_label_set_text (self->subtitle_label, subtitle);
    }
  else
    {
      gtk_label_set_text (self->title_label, _("The county"));
      gtk_label_set_text (self->subtitle_label, "");
    }
  gtk_widget_set_sensitive (self->back_button, area != NULL && area->parent >= 0);

  update_figures (self);

  if (is_grid)
    {
      update_ticket_list (self);
      if (self->shown_ticket == NULL || !g_str_equal (gtk_stack_get_visible_child_name (self->side_stack), "detail"))
        gtk_stack_set_visible_child_name (self->side_stack, "tickets");
    }
  else
    {
      g_list_store_remove_all (self->ticket_store);
      update_area_list (self);
      gtk_stack_set_visible_child_name (self->side_stack, "areas");
    }
}

/* ------------------------------------------------------------- legend */

static void
draw_legend (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  DubanMapPage *self = user_data;

  duban_map_painter_draw_legend (cr, self->values != NULL ? &self->choropleth : NULL,
                                 !gtk_toggle_button_get_active (self->heat_button),
                                 NULL, 0.5, 0.5, NULL, NULL);
}

static void
update_legend (DubanMapPage *self)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  double width = 0, height = 0;

  /* Measure by drawing once off screen: the legend's size depends on
   * the figure and its range. */
  duban_map_painter_draw_legend (cr, self->values != NULL ? &self->choropleth : NULL,
                                 !gtk_toggle_button_get_active (self->heat_button),
                                 NULL, 0, 0, &width, &height);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  /* heat mode with no colouring: nothing to explain */
  gtk_widget_set_visible (GTK_WIDGET (self->legend_area),
                          self->values != NULL || !gtk_toggle_button_get_active (self->heat_button));
  gtk_drawing_area_set_content_width (self->legend_area, (int) ceil (width) + 1);
  gtk_drawing_area_set_content_height (self->legend_area, (int) ceil (height) + 1);
  gtk_widget_queue_draw (GTK_WIDGET (self->legend_area));
}

static void
update_choropleth (DubanMapPage *self)
{
  g_clear_pointer (&self->values, g_free);

  /* In heat mode the density is the picture: the areas stay plain. */
  if (self->placed != NULL && self->stats != NULL && self->figure != DUBAN_CHOROPLETH_NONE &&
      !gtk_toggle_button_get_active (self->heat_button))
    {
      self->values = g_new (double, MAX (self->stats->n_areas, 1));
      duban_choropleth_init (&self->choropleth, self->figure, self->level,
                             self->placed->regions, self->stats, self->values);
      duban_map_region_layer_set_choropleth (self->region_layer, &self->choropleth);
    }
  else
    duban_map_region_layer_set_choropleth (self->region_layer, NULL);

  update_legend (self);
}

static void
update_not_on_map (DubanMapPage *self)
{
  if (self->stats == NULL || (self->stats->not_on_map == 0 && self->stats->outside == 0))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->not_on_map_label), FALSE);
      return;
    }

  {
    g_autofree char *text = NULL;

    if (self->stats->outside == 0)
      text = g_strdup_printf (ngettext ("%u ticket has neither a location nor a grid: not on the map",
                                         "%u tickets have neither a location nor a grid: not on the map",
                                         self->stats->not_on_map),
                              self->stats->not_on_map);
    else
      /* Translators: the first number is of tickets with no position or grid, the second of tickets located outside every grid */
      text = g_strdup_printf (_("Not on the map: %u without location or grid, %u outside the grids"),
                              self->stats->not_on_map, self->stats->outside);
    gtk_label_set_text (self->not_on_map_label, text);
    gtk_widget_set_visible (GTK_WIDGET (self->not_on_map_label), TRUE);
  }
}

/* ---------------------------------------------------------- rebuilding */

typedef struct {
  GPtrArray *tickets;
  char      *store_path;
} RebuildData;

static void
rebuild_data_free (RebuildData *data)
{
  g_clear_pointer (&data->tickets, g_ptr_array_unref);
  g_free (data->store_path);
  g_free (data);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

static int
compare_units (gconstpointer a,
               gconstpointer b)
{
  const char *ua = strchr (*(const char **) a, '\t');
  const char *ub = strchr (*(const char **) b, '\t');

  return g_utf8_collate (ua + 1, ub + 1);
}

static void
rebuild_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RebuildData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GHashTable) categories = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) units = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  Placed *placed;
  GHashTableIter iter;
  gpointer key, value;

  store = duban_store_open (data->store_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  placed = g_atomic_rc_box_new0 (Placed);
  placed->tickets = g_ptr_array_ref (data->tickets);
  placed->earliest = G_MAXINT64;
  placed->regions = duban_store_load_regions (store);
  g_clear_object (&store);
  /* unreadable (the warning says why): an empty tree, the map page says so */
  if (placed->regions == NULL)
    placed->regions = duban_regions_new_from_geojson ("{\"type\":\"FeatureCollection\",\"features\":[]}", NULL);

  placed->grid_of = g_new (int, MAX (data->tickets->len, 1));
  placed->xs = g_new (double, MAX (data->tickets->len, 1));
  placed->ys = g_new (double, MAX (data->tickets->len, 1));
  placed->index_by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < data->tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (data->tickets, i);

      if (g_task_return_error_if_cancelled (task))
        {
          placed_unref (placed);
          return;
        }

      placed->grid_of[i] = duban_regions_place_ticket (placed->regions, ticket, &placed->xs[i], &placed->ys[i]);
      g_hash_table_insert (placed->index_by_id, ticket->id, GUINT_TO_POINTER (i + 1));
      if (ticket->category != NULL)
        g_hash_table_add (categories, ticket->category);
      if (ticket->unit_code != NULL && !g_hash_table_contains (units, ticket->unit_code))
        g_hash_table_insert (units, ticket->unit_code,
                             g_strdup_printf ("%s\t%s", ticket->unit_code,
                                              ticket->unit_name != NULL ? ticket->unit_name : ticket->unit_code));
      if (ticket->received_at != DUBAN_TIME_NONE)
        placed->earliest = MIN (placed->earliest, ticket->received_at);
    }

  placed->categories = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_iter_init (&iter, categories);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (placed->categories, g_strdup (key));
  g_ptr_array_sort (placed->categories, compare_strings);

  placed->units = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_iter_init (&iter, units);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (placed->units, g_strdup (value));
  g_ptr_array_sort (placed->units, compare_units);

  g_task_return_pointer (task, placed, (GDestroyNotify) placed_unref);
}

static void
set_dropdown_strings (GtkDropDown *dropdown,
                      const char  *any,
                      GPtrArray   *strings,
                      gboolean     after_tab)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  gtk_string_list_append (list, any);
  for (guint i = 0; strings != NULL && i < strings->len; i++)
    {
      const char *s = g_ptr_array_index (strings, i);

      gtk_string_list_append (list, after_tab ? strchr (s, '\t') + 1 : s);
    }
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
}

static void
update_filter_choices (DubanMapPage *self)
{
  self->updating_filters = TRUE;
  /* A sync may bring new categories and units: the choice goes back to
   * "any" rather than silently pointing at another entry. */
  set_dropdown_strings (self->category_dropdown, _("Any category"), self->placed->categories, FALSE);
  set_dropdown_strings (self->unit_dropdown, _("Any unit"), self->placed->units, TRUE);
  duban_ticket_filter_set_category (self->filter, NULL);
  duban_ticket_filter_set_unit_code (self->filter, NULL);
  self->updating_filters = FALSE;
}

static void apply_period (DubanMapPage *self);

static void
on_rebuilt (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  DubanMapPage *self = DUBAN_MAP_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(Placed) placed = NULL;
  guint generation = GPOINTER_TO_UINT (user_data);
  g_autofree char *focus_code = NULL;

  placed = g_task_propagate_pointer (G_TASK (result), &error);
  if (generation != self->rebuild_generation)
    return;
  self->rebuilding = FALSE;

  if (placed == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot place the tickets on the map: %s", error->message);
      return;
    }

  if (focus_area (self) != NULL)
    focus_code = g_strdup (focus_area (self)->code);

  g_clear_pointer (&self->placed, placed_unref);
  self->placed = g_steal_pointer (&placed);
  g_clear_pointer (&self->stats, duban_region_stats_free);

  duban_map_region_layer_set_regions (self->region_layer, self->placed->regions);
  update_filter_choices (self);

  if (duban_regions_get_n_areas (self->placed->regions) == 0)
    {
      gtk_stack_set_visible_child_name (self->page_stack, "empty");
      return;
    }
  gtk_stack_set_visible_child_name (self->page_stack, "map");

  /* the same area after a sync, when it still exists */
  self->focus = focus_code != NULL ? duban_regions_lookup (self->placed->regions, focus_code) : -1;
  if (self->focus < 0)
    self->focus = duban_regions_get_county (self->placed->regions);
  duban_map_page_set_focus (self, self->focus, FALSE);

  /* The first time there is a county to show (the first load may have
   * come before the first sync brought the regions). */
  if (!self->fitted)
    {
      self->fitted = TRUE;
      zoom_to_area (self, self->focus);
    }

  apply_period (self);
  duban_map_page_start_refresh (self);
}

static void
duban_map_page_start_rebuild (DubanMapPage *self)
{
  g_autoptr(GTask) task = NULL;
  RebuildData *data;
  GPtrArray *tickets;

  if (self->session == NULL || (tickets = duban_session_get_tickets (self->session)) == NULL)
    return;

  g_cancellable_cancel (self->rebuild_cancellable);
  g_clear_object (&self->rebuild_cancellable);
  self->rebuild_cancellable = g_cancellable_new ();
  self->rebuild_generation++;
  self->rebuilding = TRUE;

  data = g_new0 (RebuildData, 1);
  data->tickets = g_ptr_array_ref (tickets);
  data->store_path = g_strdup (duban_session_get_store_path (self->session));

  task = g_task_new (self, self->rebuild_cancellable, on_rebuilt, GUINT_TO_POINTER (self->rebuild_generation));
  g_task_set_source_tag (task, duban_map_page_start_rebuild);
  g_task_set_task_data (task, data, (GDestroyNotify) rebuild_data_free);
  g_task_run_in_thread (task, rebuild_worker);
}

/* ---------------------------------------------------------- refreshing */

typedef struct {
  Placed            *placed;
  DubanTicketFilter *filter;
  DubanSlaPolicy     policy;
  DubanCalendar     *calendar;
} RefreshData;

typedef struct {
  DubanRegionStats  *stats;
  DubanClusterIndex *index;
} RefreshResult;

static void
refresh_data_free (RefreshData *data)
{
  g_clear_pointer (&data->placed, placed_unref);
  g_clear_object (&data->filter);
  g_clear_object (&data->calendar);
  g_free (data);
}

static void
refresh_result_free (RefreshResult *result)
{
  g_clear_pointer (&result->stats, duban_region_stats_free);
  g_clear_pointer (&result->index, duban_cluster_index_unref);
  g_free (result);
}

static void
refresh_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RefreshData *data = task_data;
  Placed *placed = data->placed;
  DubanTime at = duban_ticket_filter_get_as_of (data->filter);
  g_autoptr(GArray) points = g_array_sized_new (FALSE, FALSE, sizeof (DubanClusterPoint), placed->tickets->len);
  RefreshResult *result;
  DubanPeriod period;

  duban_ticket_filter_get_figures_period (data->filter, &period);

  result = g_new0 (RefreshResult, 1);
  result->stats = duban_region_stats_compute (placed->regions, placed->tickets, placed->grid_of,
                                              &data->policy, data->calendar, &period,
                                              duban_ticket_filter_predicate, data->filter);
  if (g_task_return_error_if_cancelled (task))
    {
      refresh_result_free (result);
      return;
    }

  for (guint i = 0; i < placed->tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (placed->tickets, i);
      DubanClusterPoint point;
      DubanSlaStatus status;

      if (isnan (placed->xs[i]))
        continue;
      duban_sla_evaluate (&data->policy, data->calendar, ticket, at, &status);
      if (!duban_ticket_filter_matches (data->filter, ticket, &status))
        continue;
      point.x = placed->xs[i];
      point.y = placed->ys[i];
      point.id = i;
      point.kind = duban_map_mark_for_state (status.state);
      g_array_append_val (points, point);
    }

  result->index = duban_cluster_index_new ((const DubanClusterPoint *) points->data, points->len);
  g_task_return_pointer (task, result, (GDestroyNotify) refresh_result_free);
}

static void
on_refreshed (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  DubanMapPage *self = DUBAN_MAP_PAGE (object);
  g_autoptr(GError) error = NULL;
  RefreshResult *result;
  guint generation = GPOINTER_TO_UINT (user_data);

  result = g_task_propagate_pointer (G_TASK (res), &error);
  if (result == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot compute the map's figures: %s", error->message);
      return;
    }
  if (generation != self->refresh_generation)
    {
      refresh_result_free (result);
      return;
    }

  g_clear_pointer (&self->stats, duban_region_stats_free);
  self->stats = g_steal_pointer (&result->stats);
  duban_map_ticket_layer_set_index (self->ticket_layer, result->index);
  refresh_result_free (result);
  self->applied_refresh = generation;
  g_debug ("Map refreshed: %u tickets in %.0f ms", self->placed->tickets->len,
           (g_get_monotonic_time () - self->refresh_started) / 1000.0);

  update_choropleth (self);
  update_not_on_map (self);
  update_side_panel (self);
}

static void
duban_map_page_start_refresh (DubanMapPage *self)
{
  g_autoptr(GTask) task = NULL;
  RefreshData *data;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->placed == NULL || self->session == NULL)
    return;

  g_cancellable_cancel (self->refresh_cancellable);
  g_clear_object (&self->refresh_cancellable);
  self->refresh_cancellable = g_cancellable_new ();
  self->refresh_generation++;
  self->refresh_started = g_get_monotonic_time ();

  data = g_new0 (RefreshData, 1);
  data->placed = placed_ref (self->placed);
  data->filter = duban_ticket_filter_copy (self->filter);
  data->policy = *duban_session_get_policy (self->session);
  data->calendar = g_object_ref (duban_session_get_calendar (self->session));

  task = g_task_new (self, self->refresh_cancellable, on_refreshed, GUINT_TO_POINTER (self->refresh_generation));
  g_task_set_source_tag (task, duban_map_page_start_refresh);
  g_task_set_task_data (task, data, (GDestroyNotify) refresh_data_free);
  g_task_run_in_thread (task, refresh_worker);
}

static gboolean
refresh_timeout (gpointer user_data)
{
  DubanMapPage *self = user_data;

  self->refresh_source = 0;
  duban_map_page_start_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
duban_map_page_schedule_refresh (DubanMapPage *self)
{
  /* Several filters change at once (a new period moves "as of" too):
   * one refresh for all of them. */
  if (self->refresh_source == 0 && self->placed != NULL)
    {
      self->refresh_generation++;   /* a result in flight is stale already */
      self->refresh_source = g_timeout_add (30, refresh_timeout, self);
    }
}

/* -------------------------------------------------------------- focus */

static void
duban_map_page_set_focus (DubanMapPage *self,
                          int           focus,
                          gboolean      zoom)
{
  const DubanArea *area;

  if (self->placed == NULL)
    return;

  self->focus = focus;
  area = focus_area (self);
  if (area == NULL || area->level != DUBAN_AREA_GRID)
    {
      g_clear_pointer (&self->shown_ticket, g_free);
      self->selected_ticket = DUBAN_MAP_NO_TICKET;
      duban_map_ticket_layer_set_selected (self->ticket_layer, DUBAN_MAP_NO_TICKET);
    }

  duban_map_region_layer_set_focus (self->region_layer, focus);
  duban_map_ticket_layer_set_focus (self->ticket_layer, self->placed->regions,
                                    area != NULL && area->parent >= 0 ? focus : -1);
  duban_map_region_layer_set_selected (self->region_layer,
                                       area != NULL && area->level == DUBAN_AREA_GRID ? focus : -1);
  update_breadcrumb (self);
  update_side_panel (self);
  if (zoom)
    zoom_to_area (self, focus);
}

static void
show_ticket (DubanMapPage *self,
             guint         index)
{
  const DubanTicket *ticket = g_ptr_array_index (self->placed->tickets, index);
  int grid = self->placed->grid_of[index];
  g_autoptr(DubanTicketObject) object = NULL;
  DubanSlaStatus status;

  g_free (self->shown_ticket);
  self->shown_ticket = g_strdup (ticket->id);
  self->selected_ticket = index;
  duban_map_ticket_layer_set_selected (self->ticket_layer, index);

  if (grid >= 0 && grid != self->focus)
    duban_map_page_set_focus (self, grid, FALSE);
  else
    update_side_panel (self);

  duban_sla_evaluate (duban_session_get_policy (self->session), duban_session_get_calendar (self->session),
                      ticket, duban_ticket_filter_get_as_of (self->filter), &status);
  object = duban_ticket_object_new (duban_ticket_copy (ticket), &status);
  duban_ticket_detail_set_ticket (self->ticket_detail, object);
  gtk_stack_set_visible_child_name (self->side_stack, "detail");
}

/* ------------------------------------------------------------ actions */

static void
drill_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  DubanMapPage *self = DUBAN_MAP_PAGE (widget);
  const char *code = g_variant_get_string (parameter, NULL);
  int index;

  if (self->placed == NULL)
    return;

  index = code[0] == '\0' ? duban_regions_get_county (self->placed->regions)
                          : duban_regions_lookup (self->placed->regions, code);
  if (index < 0 && code[0] != '\0')
    {
      g_debug ("No area %s on the map", code);
      return;
    }
  duban_map_page_set_focus (self, index, TRUE);
}

static void
up_action (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  DubanMapPage *self = DUBAN_MAP_PAGE (widget);
  const DubanArea *area = focus_area (self);

  if (area == NULL || area->parent < 0)
    return;
  duban_map_page_set_focus (self, area->parent, TRUE);
}

static void
show_ticket_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DubanMapPage *self = DUBAN_MAP_PAGE (widget);
  gpointer found;

  if (self->placed == NULL)
    return;
  found = g_hash_table_lookup (self->placed->index_by_id, g_variant_get_string (parameter, NULL));
  if (found == NULL)
    return;
  show_ticket (self, GPOINTER_TO_UINT (found) - 1);

  /* bring the ticket into view when it has a position */
  {
    guint index = GPOINTER_TO_UINT (found) - 1;

    if (!isnan (self->placed->xs[index]) && self->focus >= 0)
      zoom_to_area (self, self->focus);
  }
}

static void
back_to_list_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DubanMapPage *self = DUBAN_MAP_PAGE (widget);

  gtk_stack_set_visible_child_name (self->side_stack, "tickets");
}

static void
as_of_now_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DubanMapPage *self = DUBAN_MAP_PAGE (widget);

  gtk_adjustment_set_value (self->as_of_adjustment, gtk_adjustment_get_upper (self->as_of_adjustment));
}

/* ------------------------------------------------------------ signals */

static void
on_area_row_activated (DubanMapPage  *self,
                       GtkListBoxRow *row,
                       GtkListBox    *list)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "area-index"));

  if (index > 0)
    duban_map_page_set_focus (self, index - 1, TRUE);
}

static void
on_ticket_activated (DubanMapPage *self,
                     guint         position,
                     GtkListView  *list)
{
  g_autoptr(DubanTicketObject) object = g_list_model_get_item (G_LIST_MODEL (self->ticket_store), position);
  gpointer found;

  if (object == NULL || self->placed == NULL)
    return;
  found = g_hash_table_lookup (self->placed->index_by_id, duban_ticket_object_get_id (object));
  if (found != NULL)
    show_ticket (self, GPOINTER_TO_UINT (found) - 1);
}

static void
on_ticket_selection_changed (DubanMapPage *self)
{
  DubanTicketObject *object = gtk_single_selection_get_selected_item (self->ticket_selection);
  gpointer found;

  /* a row chosen in the list rings its ticket on the map */
  if (object == NULL || self->placed == NULL ||
      (found = g_hash_table_lookup (self->placed->index_by_id, duban_ticket_object_get_id (object))) == NULL)
    return;
  self->selected_ticket = GPOINTER_TO_UINT (found) - 1;
  duban_map_ticket_layer_set_selected (self->ticket_layer, self->selected_ticket);
}

static void
on_map_clicked (DubanMapPage    *self,
                int              n_press,
                double           x,
                double           y,
                GtkGestureClick *gesture)
{
  DubanCluster cluster;
  guint32 point_id;
  DubanMapView view;
  double mx, my;
  const DubanArea *area = focus_area (self);
  DubanAreaLevel target;
  int found;

  if (n_press != 1 || self->placed == NULL)
    return;

  if (duban_map_ticket_layer_pick (self->ticket_layer, x, y, &cluster, &point_id))
    {
      if (cluster.count == 1 && point_id != DUBAN_MAP_NO_TICKET)
        {
          show_ticket (self, point_id);
          return;
        }
      /* a cluster opens up: zoom on the box of its tickets */
      {
        const DubanClusterPoint *points = duban_cluster_index_get_points (duban_map_ticket_layer_get_index (self->ticket_layer));
        double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;

        for (guint i = cluster.first; i < cluster.first + cluster.count; i++)
          {
            min_x = MIN (min_x, points[i].x);
            min_y = MIN (min_y, points[i].y);
            max_x = MAX (max_x, points[i].x);
            max_y = MAX (max_y, points[i].y);
          }
        zoom_to_box (self, min_x, min_y, max_x, max_y);
      }
      return;
    }

  duban_map_view_init_from_viewport (&view, self->viewport, GTK_WIDGET (self->map));
  duban_map_view_from_screen (&view, x, y, &mx, &my);

  /* One level down from the focus: a town from the county; from a town
   * or village straight to the grid, where the tickets are. */
  if (area == NULL || area->level == DUBAN_AREA_COUNTY)
    target = DUBAN_AREA_TOWN;
  else
    target = DUBAN_AREA_GRID;

  found = duban_regions_find_area (self->placed->regions, mx, my, target);
  if (found < 0 || found == self->focus)
    return;
  if (self->focus >= 0 && !duban_regions_is_within (self->placed->regions, found, self->focus))
    /* outside the area in focus: go to the town there instead */
    found = duban_regions_find_area (self->placed->regions, mx, my, DUBAN_AREA_TOWN);
  if (found >= 0)
    duban_map_page_set_focus (self, found, TRUE);
}

static void
on_figure_selected (DubanMapPage *self)
{
  guint i = gtk_drop_down_get_selected (self->figure_dropdown);

  if (i < G_N_ELEMENTS (figure_choices))
    duban_map_page_set_figure (self, figure_choices[i]);
}

static void
on_level_selected (DubanMapPage *self)
{
  guint i = gtk_drop_down_get_selected (self->level_dropdown);

  if (i < G_N_ELEMENTS (level_choices))
    {
      self->level = level_choices[i];
      update_choropleth (self);
    }
}

static void
on_heat_toggled (DubanMapPage *self)
{
  duban_map_ticket_layer_set_heat (self->ticket_layer, gtk_toggle_button_get_active (self->heat_button));
  update_choropleth (self);
}

/* The slider runs over the period, from its start (or the first ticket)
 * to now; "as of" is a moment in it. */
static void
as_of_range (DubanMapPage *self,
             DubanTime    *from,
             DubanTime    *to)
{
  DubanTime start = duban_ticket_filter_get_period_start (self->filter);

  *to = self->now;
  if (start == DUBAN_TIME_NONE)
    start = self->placed != NULL && self->placed->earliest != G_MAXINT64 ? self->placed->earliest : self->now - 365 * G_TIME_SPAN_DAY;
  *from = MIN (start, self->now);
}

static void
update_as_of_label (DubanMapPage *self)
{
  g_autofree char *text = duban_time_format_civil (duban_ticket_filter_get_as_of (self->filter));

  gtk_label_set_text (self->as_of_label, text);
}

static gboolean
apply_as_of (gpointer user_data)
{
  DubanMapPage *self = user_data;
  DubanTime from, to;
  double value = gtk_adjustment_get_value (self->as_of_adjustment);

  self->as_of_source = 0;
  as_of_range (self, &from, &to);
  duban_ticket_filter_set_as_of (self->filter, from + (DubanTime) ((to - from) * CLAMP (value, 0, 1)));
  update_as_of_label (self);
  return G_SOURCE_REMOVE;
}

static void
on_as_of_changed (DubanMapPage *self)
{
  /* Dragging the slider would otherwise start a refresh per pixel. */
  g_clear_handle_id (&self->as_of_source, g_source_remove);
  self->as_of_source = g_timeout_add (AS_OF_DEBOUNCE_MS, apply_as_of, self);
}

static void
apply_period (DubanMapPage *self)
{
  guint choice = gtk_drop_down_get_selected (self->period_dropdown);
  DubanDay today;

  self->now = duban_time_now ();
  today = duban_day_of_time (self->now);
  if (choice >= G_N_ELEMENTS (period_days) || period_days[choice] == 0)
    duban_ticket_filter_set_period (self->filter, DUBAN_TIME_NONE, G_MAXINT64);
  else
    duban_ticket_filter_set_period (self->filter, duban_day_start (today - period_days[choice] + 1),
                                    duban_day_start (today + 1));

  /* a new period starts at its end: the present */
  g_clear_handle_id (&self->as_of_source, g_source_remove);
  g_signal_handlers_block_by_func (self->as_of_adjustment, on_as_of_changed, self);
  gtk_adjustment_set_value (self->as_of_adjustment, 1.0);
  g_signal_handlers_unblock_by_func (self->as_of_adjustment, on_as_of_changed, self);
  duban_ticket_filter_set_as_of (self->filter, self->now);
  update_as_of_label (self);
}

static void
on_filter_dropdown_changed (DubanMapPage *self,
                            GParamSpec   *pspec,
                            GtkDropDown  *dropdown)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  if (self->updating_filters)
    return;

  if (dropdown == self->period_dropdown)
    apply_period (self);
  else if (dropdown == self->state_dropdown)
    duban_ticket_filter_set_state (self->filter, i);
  else if (dropdown == self->urgency_dropdown)
    duban_ticket_filter_set_urgency (self->filter, i == 0 ? DUBAN_FILTER_ANY : (int) i - 1);
  else if (dropdown == self->source_dropdown)
    duban_ticket_filter_set_source (self->filter, i == 0 ? DUBAN_FILTER_ANY : (int) i);
  else if (dropdown == self->category_dropdown)
    duban_ticket_filter_set_category (self->filter,
                                      i == 0 || self->placed == NULL ? NULL : g_ptr_array_index (self->placed->categories, i - 1));
  else if (dropdown == self->unit_dropdown)
    {
      g_autofree char *code = NULL;

      if (i > 0 && self->placed != NULL)
        {
          const char *entry = g_ptr_array_index (self->placed->units, i - 1);

          code = g_strndup (entry, strchr (entry, '\t') - entry);
        }
      duban_ticket_filter_set_unit_code (self->filter, code);
    }
}

static GtkDropDown *
add_filter_row (DubanMapPage *self,
                int           row,
                const char   *title,
                const char  **choices)
{
  GtkWidget *label = gtk_label_new (title);
  GtkDropDown *dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (choices));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_grid_attach (self->filter_grid, label, 0, row, 1, 1);
  gtk_grid_attach (self->filter_grid, GTK_WIDGET (dropdown), 1, row, 1, 1);
  gtk_widget_set_hexpand (GTK_WIDGET (dropdown), TRUE);
  g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (on_filter_dropdown_changed),
                           self, G_CONNECT_SWAPPED);
  return dropdown;
}

static void
build_filters (DubanMapPage *self)
{
  const char *periods[] = { _("Last 7 days"), _("Last 30 days"), _("Last 90 days"), _("Last 365 days"), _("All time"), NULL };
  const char *states[] = { _("Any state"), _("Open"), NULL, NULL, NULL, _("Done"), NULL };
  const char *urgencies[] = { _("Any urgency"), NULL, NULL, NULL };
  const char *sources[] = { _("Any source"), NULL, NULL, NULL, NULL, NULL, NULL };
  const char *none[] = { "", NULL };

  states[DUBAN_FILTER_STATE_OVERDUE] = duban_state_to_display (DUBAN_STATE_OPEN_OVERDUE);
  states[DUBAN_FILTER_STATE_WARNING] = duban_state_to_display (DUBAN_STATE_OPEN_WARNING);
  states[DUBAN_FILTER_STATE_OPEN_OK] = duban_state_to_display (DUBAN_STATE_OPEN_OK);
  urgencies[1] = duban_enum_to_display (DUBAN_ENUM_URGENCY, DUBAN_URGENCY_NORMAL);
  urgencies[2] = duban_enum_to_display (DUBAN_ENUM_URGENCY, DUBAN_URGENCY_URGENT);
  for (int s = DUBAN_SOURCE_APP; s <= DUBAN_SOURCE_OTHER; s++)
    sources[s] = duban_enum_to_display (DUBAN_ENUM_SOURCE, s);

  self->period_dropdown = add_filter_row (self, 0, _("Period"), periods);
  self->state_dropdown = add_filter_row (self, 1, _("State"), states);
  self->urgency_dropdown = add_filter_row (self, 2, _("Urgency"), urgencies);
  self->source_dropdown = add_filter_row (self, 3, _("Source"), sources);
  self->category_dropdown = add_filter_row (self, 4, _("Category"), none);
  self->unit_dropdown = add_filter_row (self, 5, _("Unit"), none);

  self->updating_filters = TRUE;
  gtk_drop_down_set_selected (self->period_dropdown, PERIOD_MONTH);
  self->updating_filters = FALSE;
}

static void
build_figure_tiles (DubanMapPage *self)
{
  const char *captions[N_TILES] = {
    [TILE_OPEN] = _("Open"),
    [TILE_OVERDUE] = duban_state_to_display (DUBAN_STATE_OPEN_OVERDUE),
    [TILE_WARNING] = duban_state_to_display (DUBAN_STATE_OPEN_WARNING),
    [TILE_ON_TIME] = C_("figures column", "On-time completion rate"),
    [TILE_SATISFACTION] = C_("figures column", "Satisfaction rate"),
    [TILE_RECEIVED] = _("Received in period"),
  };

  for (guint t = 0; t < N_TILES; t++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *value = gtk_label_new ("…");
      GtkWidget *caption = gtk_label_new (captions[t]);

      gtk_widget_add_css_class (value, "title-3");
      gtk_widget_add_css_class (value, "field-value");
      gtk_widget_add_css_class (value, "numeric");
      gtk_widget_add_css_class (caption, "caption");
      gtk_widget_add_css_class (caption, "dim-label");
      gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
      gtk_label_set_justify (GTK_LABEL (caption), GTK_JUSTIFY_CENTER);
      gtk_box_append (GTK_BOX (box), value);
      gtk_box_append (GTK_BOX (box), caption);
      gtk_grid_attach (self->figures_grid, box, t % 3, t / 3, 1, 1);
      self->tile_values[t] = GTK_LABEL (value);
    }
}

/* --------------------------------------------------------- base map */

static void
on_tiles_failed (DubanMapPage       *self,
                 const char         *message,
                 DubanMapTileSource *source)
{
  g_autofree char *text = NULL;

  /* Reported once, here, rather than once per tile in the log. */
  text = g_strdup_printf (_("The base map's tiles cannot be loaded (%s): the county's own map is shown"), message);
  gtk_label_set_text (self->tiles_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->tiles_label), TRUE);
  duban_map_region_layer_set_base_map (self->region_layer, TRUE);
}

static void
update_base_map (DubanMapPage *self)
{
  g_autofree char *kind = g_settings_get_string (self->settings, "base-map");
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ShumateRasterRenderer) renderer = NULL;

  if (self->tile_layer != NULL)
    {
      shumate_map_remove_layer (shumate_simple_map_get_map (self->map), self->tile_layer);
      g_clear_object (&self->tile_layer);
    }
  if (self->tile_source != NULL)
    g_signal_handlers_disconnect_by_func (self->tile_source, on_tiles_failed, self);
  g_clear_object (&self->tile_source);
  gtk_widget_set_visible (GTK_WIDGET (self->tiles_label), FALSE);

  if (g_str_equal (kind, "osm"))
    url = g_strdup ("https://tile.openstreetmap.org/{z}/{x}/{y}.png");
  else if (g_str_equal (kind, "tianditu"))
    {
      g_autofree char *key = g_settings_get_string (self->settings, "tianditu-key");

      g_strstrip (key);
      if (key[0] == '\0')
        {
          gtk_label_set_text (self->tiles_label, _("天地图 needs a key: enter yours in Preferences. The county's own map is shown."));
          gtk_widget_set_visible (GTK_WIDGET (self->tiles_label), TRUE);
        }
      else
        url = g_strdup_printf ("https://t0.tianditu.gov.cn/DataServer?T=vec_w&x={x}&y={y}&l={z}&tk=%s", key);
    }
  else if (g_str_equal (kind, "custom"))
    {
      url = g_settings_get_string (self->settings, "base-map-url");
      g_strstrip (url);
      if (url[0] == '\0')
        g_clear_pointer (&url, g_free);
    }
  else if (g_str_equal (kind, "mbtiles"))
    {
      g_autofree char *path = g_settings_get_string (self->settings, "mbtiles-path");

      if (path[0] != '\0')
        {
          self->tile_source = duban_map_tile_source_new_for_mbtiles (path, &error);
          if (self->tile_source == NULL)
            {
              gtk_label_set_text (self->tiles_label, error->message);
              gtk_widget_set_visible (GTK_WIDGET (self->tiles_label), TRUE);
            }
        }
    }

  if (url != NULL)
    self->tile_source = duban_map_tile_source_new_for_url (url);

  if (self->tile_source == NULL)
    {
      duban_map_region_layer_set_base_map (self->region_layer, TRUE);
      return;
    }

  g_signal_connect_object (self->tile_source, "failed", G_CALLBACK (on_tiles_failed), self, G_CONNECT_SWAPPED);
  renderer = shumate_raster_renderer_new_full ("duban-base-map", _("Base map"),
                                               g_str_equal (kind, "osm") ? "© OpenStreetMap contributors" : "",
                                               NULL, 0, 19, 256, SHUMATE_MAP_PROJECTION_MERCATOR,
                                               SHUMATE_DATA_SOURCE (self->tile_source));
  self->tile_layer = SHUMATE_LAYER (g_object_ref_sink (shumate_map_layer_new (SHUMATE_MAP_SOURCE (renderer), self->viewport)));
  /* Under the county's areas. (libshumate 1.0.3 declares
   * shumate_simple_map_insert_overlay_layer() but does not export it.) */
  shumate_map_insert_layer_behind (shumate_simple_map_get_map (self->map), self->tile_layer,
                                   SHUMATE_LAYER (self->region_layer));
  duban_map_region_layer_set_base_map (self->region_layer, FALSE);
}

/* --------------------------------------------------------- GObject */

static void
on_session_reloaded (DubanMapPage *self)
{
  duban_map_page_start_rebuild (self);
}

static void
duban_map_page_dispose (GObject *object)
{
  DubanMapPage *self = DUBAN_MAP_PAGE (object);

  g_cancellable_cancel (self->rebuild_cancellable);
  g_cancellable_cancel (self->refresh_cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->as_of_source, g_source_remove);
  if (self->fit_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->map), self->fit_tick);
  self->fit_tick = 0;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, on_session_reloaded, self);

  /* The bin's child is a bound template child: let go of it first, or
   * the template and the bin would both unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DUBAN_TYPE_MAP_PAGE);

  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_object (&self->tile_layer);
  g_clear_object (&self->tile_source);
  g_clear_object (&self->reference_source);
  g_clear_object (&self->ticket_store);
  g_clear_object (&self->ticket_selection);
  g_clear_object (&self->rebuild_cancellable);
  g_clear_object (&self->refresh_cancellable);

  G_OBJECT_CLASS (duban_map_page_parent_class)->dispose (object);
}

static void
duban_map_page_finalize (GObject *object)
{
  DubanMapPage *self = DUBAN_MAP_PAGE (object);

  g_clear_object (&self->filter);
  g_clear_pointer (&self->placed, placed_unref);
  g_clear_pointer (&self->stats, duban_region_stats_free);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->shown_ticket, g_free);

  G_OBJECT_CLASS (duban_map_page_parent_class)->finalize (object);
}

static void
duban_map_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DubanMapPage *self = DUBAN_MAP_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
duban_map_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DubanMapPage *self = DUBAN_MAP_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      duban_map_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
duban_map_page_class_init (DubanMapPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = duban_map_page_dispose;
  object_class->finalize = duban_map_page_finalize;
  object_class->get_property = duban_map_page_get_property;
  object_class->set_property = duban_map_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         DUBAN_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DUBAN_TYPE_TICKET_DETAIL);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/duban/Duban/duban-map-page.ui");

  gtk_widget_class_bind_template_child (widget_class, DubanMapPage, page_stack);
  gtk_widget_class_bind_template_child (widget_class, DubanMapPage, breadcrumb_box);
  gtk_widget_class_bind_template_child (widget_class, DubanMapPage, figure_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DubanMapPage, level_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DubanMapPage, heat_button);
  gtk_widget_class_bind_template_child (widget_class, DubanMapPage, filter_grid);
  gtk_widget_class_bind_template_child (widget_class, DubanMapPage, map_overlay);
  gtk_widget_class_bind_template_child (widget_class, DubanMapPage, legend_area);
  gtk_widget_class_bind_template_child (widget_class, DubanMapPage, tiles_label);
  gtk_widget_class_bind_template_child (widget_class, DubanMapPage, not_on_map_label);
  gtk_widget_class_bind_template_child (widget_class, DubanMapPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, DubanMapPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, DubanMapPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, DubanMapPage, figures_grid);
  gtk_widget_class_bind_template_child (widget_class, DubanMapPage, side_stack);
  gtk_widget_class_bind_template_child (widget_class, DubanMapPage, area_list);
  gtk_widget_class_bind_template_child (widget_class, DubanMapPage, ticket_stack);
  gtk_widget_class_bind_template_child (widget_class, DubanMapPage, ticket_list);
  gtk_widget_class_bind_template_child (widget_class, DubanMapPage, ticket_detail);
  gtk_widget_class_bind_template_child (widget_class, DubanMapPage, as_of_adjustment);
  gtk_widget_class_bind_template_child (widget_class, DubanMapPage, as_of_label);

  gtk_widget_class_bind_template_callback (widget_class, on_area_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_ticket_activated);

  gtk_widget_class_install_action (widget_class, "map.drill", "s", drill_action);
  gtk_widget_class_install_action (widget_class, "map.up", NULL, up_action);
  gtk_widget_class_install_action (widget_class, "map.show-ticket", "s", show_ticket_action);
  gtk_widget_class_install_action (widget_class, "map.back-to-list", NULL, back_to_list_action);
  gtk_widget_class_install_action (widget_class, "map.as-of-now", NULL, as_of_now_action);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, duban_ticket_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  duban_ticket_row_set_ticket (DUBAN_TICKET_ROW (gtk_list_item_get_child (list_item)),
                               gtk_list_item_get_item (list_item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  duban_ticket_row_set_ticket (DUBAN_TICKET_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static void
duban_map_page_init (DubanMapPage *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter = duban_ticket_filter_new ();
  self->settings = g_settings_new (APPLICATION_ID);
  self->focus = -1;
  self->selected_ticket = DUBAN_MAP_NO_TICKET;
  self->figure = DUBAN_CHOROPLETH_OPEN_OVERDUE;
  self->level = DUBAN_AREA_GRID;
  self->now = duban_time_now ();

  /* The map: no tile layer unless one is chosen. The viewport still
   * needs a reference source for its projection and tile size. */
  self->map = shumate_simple_map_new ();
  gtk_widget_set_hexpand (GTK_WIDGET (self->map), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->map), TRUE);
  gtk_overlay_set_child (self->map_overlay, GTK_WIDGET (self->map));
  self->viewport = shumate_simple_map_get_viewport (self->map);
  self->reference_source = SHUMATE_MAP_SOURCE (
    shumate_raster_renderer_new_full_from_url ("duban-county", _("The county"), "", NULL,
                                               0, MAX_ZOOM, 256, SHUMATE_MAP_PROJECTION_MERCATOR,
                                               "file:///nonexistent/{z}/{x}/{y}.png"));
  shumate_viewport_set_reference_map_source (self->viewport, self->reference_source);
  shumate_viewport_set_min_zoom_level (self->viewport, MIN_ZOOM);
  shumate_viewport_set_max_zoom_level (self->viewport, MAX_ZOOM);
  shumate_viewport_set_zoom_level (self->viewport, 10);
  shumate_location_set_location (SHUMATE_LOCATION (self->viewport), 35.07, 116.31);
  shumate_simple_map_set_show_zoom_buttons (self->map, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (shumate_simple_map_get_compass (self->map)), FALSE);
  shumate_scale_set_unit (shumate_simple_map_get_scale (self->map), SHUMATE_UNIT_METRIC);

  self->region_layer = duban_map_region_layer_new (self->viewport);
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->region_layer));
  self->ticket_layer = duban_map_ticket_layer_new (self->viewport);
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->ticket_layer));

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "released", G_CALLBACK (on_map_clicked), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (click));

  /* The side list: the queue's rows */
  self->ticket_store = g_list_store_new (DUBAN_TYPE_TICKET_OBJECT);
  self->ticket_selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->ticket_store)));
  gtk_single_selection_set_autoselect (self->ticket_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->ticket_selection, TRUE);
  g_signal_connect_object (self->ticket_selection, "notify::selected",
                           G_CALLBACK (on_ticket_selection_changed), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->ticket_list, GTK_SELECTION_MODEL (self->ticket_selection));
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->ticket_list, factory);

  build_figure_tiles (self);
  build_filters (self);
  gtk_drawing_area_set_draw_func (self->legend_area, draw_legend, self, NULL);

  g_signal_connect_object (self->figure_dropdown, "notify::selected", G_CALLBACK (on_figure_selected),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->level_dropdown, "notify::selected", G_CALLBACK (on_level_selected),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->heat_button, "toggled", G_CALLBACK (on_heat_toggled),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->as_of_adjustment, "value-changed", G_CALLBACK (on_as_of_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter, "changed", G_CALLBACK (duban_map_page_schedule_refresh),
                           self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->settings, "changed::base-map", G_CALLBACK (update_base_map), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::base-map-url", G_CALLBACK (update_base_map), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::tianditu-key", G_CALLBACK (update_base_map), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::mbtiles-path", G_CALLBACK (update_base_map), self, G_CONNECT_SWAPPED);
  update_base_map (self);

  apply_period (self);
  update_legend (self);
  gtk_stack_set_visible_child_name (self->page_stack, "loading");
}

/* ------------------------------------------------------------- public */

DubanSession *
duban_map_page_get_session (DubanMapPage *self)
{
  g_return_val_if_fail (DUBAN_IS_MAP_PAGE (self), NULL);

  return self->session;
}

void
duban_map_page_set_session (DubanMapPage *self,
                            DubanSession *session)
{
  g_return_if_fail (DUBAN_IS_MAP_PAGE (self));
  g_return_if_fail (session == NULL || DUBAN_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, on_session_reloaded, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "reloaded", G_CALLBACK (on_session_reloaded), self, G_CONNECT_SWAPPED);
      duban_map_page_start_rebuild (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

DubanTicketFilter *
duban_map_page_get_filter (DubanMapPage *self)
{
  g_return_val_if_fail (DUBAN_IS_MAP_PAGE (self), NULL);

  return self->filter;
}

gboolean
duban_map_page_is_ready (DubanMapPage *self)
{
  g_return_val_if_fail (DUBAN_IS_MAP_PAGE (self), FALSE);

  return self->placed != NULL && !self->rebuilding && self->refresh_source == 0 &&
         self->stats != NULL && self->applied_refresh == self->refresh_generation;
}

const DubanRegions *
duban_map_page_get_regions (DubanMapPage *self)
{
  g_return_val_if_fail (DUBAN_IS_MAP_PAGE (self), NULL);

  return self->placed != NULL ? self->placed->regions : NULL;
}

const DubanRegionStats *
duban_map_page_get_stats (DubanMapPage *self)
{
  g_return_val_if_fail (DUBAN_IS_MAP_PAGE (self), NULL);

  return self->stats;
}

const char *
duban_map_page_get_focus_code (DubanMapPage *self)
{
  const DubanArea *area;

  g_return_val_if_fail (DUBAN_IS_MAP_PAGE (self), NULL);

  area = focus_area (self);
  return area != NULL ? area->code : NULL;
}

char *
duban_map_page_dup_breadcrumb (DubanMapPage *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (DUBAN_IS_MAP_PAGE (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->breadcrumb_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      const char *part = GTK_IS_BUTTON (child) ? gtk_button_get_label (GTK_BUTTON (child))
                                               : gtk_label_get_text (GTK_LABEL (child));

      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, part);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

GListModel *
duban_map_page_get_tickets (DubanMapPage *self)
{
  g_return_val_if_fail (DUBAN_IS_MAP_PAGE (self), NULL);

  return G_LIST_MODEL (self->ticket_store);
}

guint
duban_map_page_get_n_area_rows (DubanMapPage *self)
{
  guint n = 0;

  g_return_val_if_fail (DUBAN_IS_MAP_PAGE (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->area_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

const char *
duban_map_page_get_shown_ticket (DubanMapPage *self)
{
  g_return_val_if_fail (DUBAN_IS_MAP_PAGE (self), NULL);

  return g_str_equal (gtk_stack_get_visible_child_name (self->side_stack), "detail") ? self->shown_ticket : NULL;
}

void
duban_map_page_set_figure (DubanMapPage          *self,
                           DubanChoroplethFigure  figure)
{
  g_return_if_fail (DUBAN_IS_MAP_PAGE (self));

  self->figure = figure;
  for (guint i = 0; i < G_N_ELEMENTS (figure_choices); i++)
    if (figure_choices[i] == figure && gtk_drop_down_get_selected (self->figure_dropdown) != i)
      gtk_drop_down_set_selected (self->figure_dropdown, i);
  update_choropleth (self);
}

GtkWidget *
duban_map_page_get_map (DubanMapPage *self)
{
  g_return_val_if_fail (DUBAN_IS_MAP_PAGE (self), NULL);

  return GTK_WIDGET (self->map);
}
