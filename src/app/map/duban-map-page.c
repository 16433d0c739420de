/* duban-map-page.c — the map of the county, its grids and tickets
 *
 * The widget itself: the map and its layers, where it looks (the focus,
 * the breadcrumb, the zoom to an area), the actions and clicks that move
 * it, and the public API the window and the tests use. The work that
 * leaves the main thread, the side panel, the filter bar and the base
 * map are parts of the same class in duban-map-page-*.c, sharing
 * duban-map-page-private.h.
 */
#define G_LOG_DOMAIN "duban-map-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "duban-geo.h"
#include "duban-map-page-private.h"
#include "duban-ticket-object.h"

#define MIN_ZOOM 6
#define MAX_ZOOM 20

G_DEFINE_FINAL_TYPE (DubanMapPage, duban_map_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ----------------------------------------------------------- helpers */

const DubanArea *
duban_map_page_focus_area (DubanMapPage *self)
{
  if (self->placed == NULL || self->focus < 0)
    return NULL;
  return duban_regions_get_area (self->placed->regions, self->focus);
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

  /* Mapped but not laid out yet: the next frame will be. */
  if (gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) <= 1)
    return G_SOURCE_CONTINUE;
  self->fit_tick = 0;
  zoom_to_box (self, self->pending_box[0], self->pending_box[1], self->pending_box[2], self->pending_box[3]);
  return G_SOURCE_REMOVE;
}

static void
map_shown_cb (DubanMapPage *self)
{
  if (self->fit_pending && self->fit_tick == 0)
    self->fit_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->map), fit_when_shown, self, NULL);
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
      self->fit_pending = TRUE;
      /* A tick callback runs the window's frame clock every frame while
       * it lives, shown or not: wait for the map to be shown (::map),
       * and tick only from then until it has its size. */
      if (gtk_widget_get_mapped (map))
        map_shown_cb (self);
      return;
    }
  self->fit_pending = FALSE;

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

void
duban_map_page_zoom_to_area (DubanMapPage *self,
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

/* -------------------------------------------------------- breadcrumb */

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

      {
        GtkWidget *button = gtk_button_new_with_label (area->name);

        /* The area in focus is a button too, in bold: after zooming into
         * a cluster (which moves the map, not the focus) it brings the
         * whole area back into view. */
        gtk_widget_add_css_class (button, "flat");
        if (i + 1 == chain->len)
          gtk_widget_add_css_class (button, "heading");
        gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "map.drill");
        gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", area->code);
        gtk_box_append (self->breadcrumb_box, button);
      }
    }
}

/* ------------------------------------------------------------- focus */

void
duban_map_page_set_focus (DubanMapPage *self,
                          int           focus,
                          gboolean      zoom)
{
  const DubanArea *area;

  if (self->placed == NULL)
    return;

  self->focus = focus;
  area = duban_map_page_focus_area (self);
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
  duban_map_page_update_side_panel (self);
  /* drilled in deeper than the level coloured, the area's own figure */
  duban_map_page_update_choropleth (self);
  if (zoom)
    duban_map_page_zoom_to_area (self, focus);
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
    duban_map_page_update_side_panel (self);

  duban_sla_evaluate (duban_session_get_policy (self->session), duban_session_get_calendar (self->session),
                      ticket, duban_ticket_filter_get_as_of (self->filter), &status);
  object = duban_ticket_object_new (duban_ticket_copy (ticket), &status);
  duban_ticket_detail_set_ticket (self->ticket_detail, object);
  gtk_stack_set_visible_child_name (self->side_stack, "detail");
}

/* ----------------------------------------------------------- actions */

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
  const DubanArea *area = duban_map_page_focus_area (self);

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
      duban_map_page_zoom_to_area (self, self->focus);
  }
}

static void
fit_county_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DubanMapPage *self = DUBAN_MAP_PAGE (widget);

  if (self->placed == NULL)
    return;
  duban_map_page_set_focus (self, duban_regions_get_county (self->placed->regions), TRUE);
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

/* ----------------------------------------------------------- signals */

static void
area_row_activated_cb (DubanMapPage  *self,
                       GtkListBoxRow *row,
                       GtkListBox    *list)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "area-index"));

  if (index > 0)
    duban_map_page_set_focus (self, index - 1, TRUE);
}

static void
ticket_activated_cb (DubanMapPage *self,
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
ticket_selection_changed_cb (DubanMapPage *self)
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
map_clicked_cb (DubanMapPage    *self,
                int              n_press,
                double           x,
                double           y,
                GtkGestureClick *gesture)
{
  DubanCluster cluster;
  guint32 point_id;
  DubanMapView view;
  double mx, my;
  const DubanArea *area = duban_map_page_focus_area (self);
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

/* The desk's dark style darkens the map's paper and its legend too. */
static void
dark_changed_cb (DubanMapPage *self)
{
  duban_map_region_layer_set_dark (self->region_layer,
                                   adw_style_manager_get_dark (adw_style_manager_get_default ()));
  duban_map_page_update_legend (self);
}

/* A spinner on a stack page that is not shown still animates (the stack
 * only hides its page from drawing), and its animation runs the window's
 * frame clock: 60 frames a second of layout and X round trips on an idle
 * desk. It spins only while its page is the one shown. */
static void
page_stack_changed_cb (DubanMapPage *self)
{
  /* nor while the map page itself is hidden: it reads nothing then */
  gtk_spinner_set_spinning (self->loading_spinner,
                            gtk_widget_get_mapped (GTK_WIDGET (self)) &&
                            g_strcmp0 (gtk_stack_get_visible_child_name (self->page_stack), "loading") == 0);
}

/* ----------------------------------------------------------- GObject */

static void
session_reloaded_cb (DubanMapPage *self)
{
  duban_map_page_start_rebuild (self);
}

static void
mapped_cb (DubanMapPage *self)
{
  page_stack_changed_cb (self);
  if (self->stale)
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
    g_signal_handlers_disconnect_by_func (self->session, session_reloaded_cb, self);

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
  g_clear_pointer (&self->placed, duban_map_placed_unref);
  g_clear_pointer (&self->stats, duban_region_stats_free);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->denominators, g_free);
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
  gtk_widget_class_bind_template_child (widget_class, DubanMapPage, loading_spinner);
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

  gtk_widget_class_bind_template_callback (widget_class, area_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, ticket_activated_cb);

  gtk_widget_class_install_action (widget_class, "map.drill", "s", drill_action);
  gtk_widget_class_install_action (widget_class, "map.up", NULL, up_action);
  gtk_widget_class_install_action (widget_class, "map.show-ticket", "s", show_ticket_action);
  gtk_widget_class_install_action (widget_class, "map.back-to-list", NULL, back_to_list_action);
  gtk_widget_class_install_action (widget_class, "map.fit-county", NULL, fit_county_action);
  gtk_widget_class_install_action (widget_class, "map.as-of-now", NULL, as_of_now_action);
}

static void
duban_map_page_init (DubanMapPage *self)
{
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->page_stack, "notify::visible-child-name",
                           G_CALLBACK (page_stack_changed_cb), self, G_CONNECT_SWAPPED);

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
  /* the areas' names beside the badges, not under them */
  duban_map_region_layer_set_ticket_layer (self->region_layer, self->ticket_layer);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
  duban_map_region_layer_set_dark (self->region_layer,
                                   adw_style_manager_get_dark (adw_style_manager_get_default ()));

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "released", G_CALLBACK (map_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->map, "map", G_CALLBACK (map_shown_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (click));

  self->ticket_store = g_list_store_new (DUBAN_TYPE_TICKET_OBJECT);
  self->ticket_selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->ticket_store)));
  gtk_single_selection_set_autoselect (self->ticket_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->ticket_selection, TRUE);
  g_signal_connect_object (self->ticket_selection, "notify::selected",
                           G_CALLBACK (ticket_selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->ticket_list, GTK_SELECTION_MODEL (self->ticket_selection));

  duban_map_page_init_panel (self);
  duban_map_page_init_filters (self);
  g_signal_connect_object (self->filter, "changed", G_CALLBACK (duban_map_page_schedule_refresh),
                           self, G_CONNECT_SWAPPED);
  duban_map_page_init_base_map (self);

  duban_map_page_apply_period (self);
  duban_map_page_update_legend (self);
  g_signal_connect (self, "map", G_CALLBACK (mapped_cb), NULL);
  g_signal_connect (self, "unmap", G_CALLBACK (page_stack_changed_cb), NULL);
  gtk_stack_set_visible_child_name (self->page_stack, "loading");
  page_stack_changed_cb (self);
}

/* ------------------------------------------------------------ public */

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
    g_signal_handlers_disconnect_by_func (self->session, session_reloaded_cb, self);
  g_set_object (&self->session, session);
  /* a ticket opened on the map shows its orders, notes, related tickets
   * and grid map as in the queue */
  duban_ticket_detail_set_session (self->ticket_detail, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "reloaded", G_CALLBACK (session_reloaded_cb), self, G_CONNECT_SWAPPED);
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

  area = duban_map_page_focus_area (self);
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

GtkWidget *
duban_map_page_get_map (DubanMapPage *self)
{
  g_return_val_if_fail (DUBAN_IS_MAP_PAGE (self), NULL);

  return GTK_WIDGET (self->map);
}
