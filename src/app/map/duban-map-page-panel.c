/* duban-map-page-panel.c — the map page's side panel and legend
 *
 * Beside the map: the focused area's name and figure tiles, the areas
 * beneath it in order of attention, or its tickets as the queue's rows;
 * over the map, the legend of the choropleth the region layer paints.
 * Everything here is redrawn from the page's last refresh and its focus.
 */

#define G_LOG_DOMAIN "duban-map-page-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "duban-map-page-private.h"
#include "duban-ticket-object.h"
#include "duban-ticket-row.h"

/* -------------------------------------------------------- side panel */

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

/* A rate as the map colours it: over too few tickets it is "too few",
 * as the area's hatching says, with the rate and its count beside it. */
static void
set_rate_tile (DubanMapPage          *self,
               guint                  tile,
               DubanChoroplethFigure  figure,
               const DubanAreaStats  *stats,
               double                 rate)
{
  g_autofree char *text = format_rate (rate);
  guint min = g_settings_get_uint (self->settings, "map-min-denominator");

  if (duban_choropleth_too_few (figure, stats, min))
    {
      /* Translators: the rate (e.g. 0.0%) and the number of tickets it is over */
      g_autofree char *tooltip = g_strdup_printf (_("%s over %u tickets: fewer than %u"), text,
                                                  duban_choropleth_denominator_of (figure, stats), min);

      set_tile (self, tile, C_("map figure", "Too few"), NULL);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->tile_values[tile]), tooltip);
      return;
    }
  set_tile (self, tile, text, NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->tile_values[tile]), NULL);
}

static void
update_figures (DubanMapPage *self)
{
  const DubanAreaStats *stats = stats_of (self, self->focus);
  g_autofree char *open = NULL, *overdue = NULL, *warning = NULL, *received = NULL;

  if (stats == NULL)
    {
      for (guint t = 0; t < N_TILES; t++)
        set_tile (self, t, "…", NULL);
      return;
    }

  open = g_strdup_printf ("%u", stats->open);
  overdue = g_strdup_printf ("%u", stats->open_overdue);
  warning = g_strdup_printf ("%u", stats->open_warning);
  received = g_strdup_printf ("%u", stats->figures.received);

  set_tile (self, TILE_OPEN, open, NULL);
  set_tile (self, TILE_OVERDUE, overdue, stats->open_overdue > 0 ? "state-overdue" : NULL);
  set_tile (self, TILE_WARNING, warning, stats->open_warning > 0 ? "state-warning" : NULL);
  set_rate_tile (self, TILE_ON_TIME, DUBAN_CHOROPLETH_ON_TIME_RATE, stats,
                 stats->figures.on_time_completion_rate);
  set_rate_tile (self, TILE_SATISFACTION, DUBAN_CHOROPLETH_SATISFACTION_RATE, stats,
                 stats->figures.satisfaction_rate);
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

void
duban_map_page_update_side_panel (DubanMapPage *self)
{
  const DubanArea *area = duban_map_page_focus_area (self);
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

/* ------------------------------------------------------------ legend */

static void
legend_init (DubanMapPage   *self,
             DubanMapLegend *legend)
{
  gboolean heat = gtk_toggle_button_get_active (self->heat_button);

  legend->marks = !heat;
  legend->heat = heat;
  legend->dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  legend->font = NULL;
}

static void
draw_legend (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  DubanMapPage *self = user_data;
  DubanMapLegend legend;

  legend_init (self, &legend);
  duban_map_painter_draw_legend_full (cr, self->values != NULL ? &self->choropleth : NULL,
                                      &legend, 0.5, 0.5, NULL, NULL);
}

void
duban_map_page_update_legend (DubanMapPage *self)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  DubanMapLegend legend;
  double width = 0, height = 0;

  /* Measure by drawing once off screen: the legend's size depends on
   * the figure and its range. Heat mode has its own scale: a legend is
   * always there. */
  legend_init (self, &legend);
  duban_map_painter_draw_legend_full (cr, self->values != NULL ? &self->choropleth : NULL,
                                      &legend, 0, 0, &width, &height);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  gtk_drawing_area_set_content_width (self->legend_area, (int) ceil (width) + 1);
  gtk_drawing_area_set_content_height (self->legend_area, (int) ceil (height) + 1);
  gtk_widget_queue_draw (GTK_WIDGET (self->legend_area));
}

/* The level coloured: the one chosen, or the area in focus's own when it
 * is drilled in deeper, so that the fill under it is its own figure, as
 * the panel beside it says — not its town's. */
static DubanAreaLevel
coloured_level (DubanMapPage *self)
{
  const DubanArea *area = duban_map_page_focus_area (self);

  if (area != NULL && area->level > self->level)
    return area->level;
  return self->level;
}

void
duban_map_page_update_choropleth (DubanMapPage *self)
{
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->denominators, g_free);

  /* In heat mode the density is the picture: the areas stay plain. */
  if (self->placed != NULL && self->stats != NULL && self->figure != DUBAN_CHOROPLETH_NONE &&
      !gtk_toggle_button_get_active (self->heat_button))
    {
      self->values = g_new (double, MAX (self->stats->n_areas, 1));
      self->denominators = g_new (guint, MAX (self->stats->n_areas, 1));
      duban_choropleth_init (&self->choropleth, self->figure, coloured_level (self),
                             self->placed->regions, self->stats, self->values, self->denominators,
                             g_settings_get_uint (self->settings, "map-min-denominator"));
      duban_map_region_layer_set_choropleth (self->region_layer, &self->choropleth);
    }
  else
    duban_map_region_layer_set_choropleth (self->region_layer, NULL);

  duban_map_page_update_legend (self);
}

void
duban_map_page_update_not_on_map (DubanMapPage *self)
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

/* ------------------------------------------------------ construction */

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

void
duban_map_page_init_panel (DubanMapPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_assert (DUBAN_IS_MAP_PAGE (self));

  /* The side list: the queue's rows */
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->ticket_list, factory);

  build_figure_tiles (self);
  gtk_drawing_area_set_draw_func (self->legend_area, draw_legend, self, NULL);
}
