/* duban-map-page-filter.c — the map page's filter bar and choices
 *
 * Which tickets the map counts (period, state, urgency, source, category,
 * unit), which figure colours the areas and at which level, and the
 * "as of" moment they are judged at. What changes which tickets count
 * goes into the page's DubanTicketFilter, whose ::changed schedules a
 * refresh; the figure, the level and the heat map only repaint. The
 * period and the moment are written under the panel's figures and under
 * the legend, so that no figure on the map is without them.
 */

#define G_LOG_DOMAIN "duban-map-page-filter"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-map-page-private.h"
#include "duban-period.h"

#define AS_OF_DEBOUNCE_MS 180

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

/* ----------------------------------------------------------- choices */

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

void
duban_map_page_update_filter_choices (DubanMapPage *self)
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

/* ----------------------------------------------------------- the period */

static void
update_period_labels (DubanMapPage *self)
{
  g_autofree char *period = NULL;
  g_autofree char *text = NULL;
  GtkStringObject *choice = gtk_drop_down_get_selected_item (self->period_dropdown);

  period = duban_period_describe (duban_ticket_filter_get_period_start (self->filter),
                                  duban_ticket_filter_get_period_end (self->filter),
                                  duban_ticket_filter_get_as_of (self->filter));
  /* Translators: the map's period choice, and its days and moment */
  text = choice != NULL
    ? g_strdup_printf (_("%s · %s"), gtk_string_object_get_string (choice), period)
    : g_strdup (period);
  gtk_label_set_text (self->period_label, text);
  gtk_label_set_text (self->legend_period_label, text);
}

/* The caption follows the legend's height, whatever the legend draws. */
static void
place_legend_caption_cb (DubanMapPage *self)
{
  gboolean shown = gtk_widget_get_visible (GTK_WIDGET (self->legend_area));

  gtk_widget_set_margin_top (GTK_WIDGET (self->legend_period_label),
                             gtk_widget_get_margin_top (GTK_WIDGET (self->legend_area)) +
                             (shown ? gtk_drawing_area_get_content_height (self->legend_area) + 4 : 0));
}

static void
build_period_labels (DubanMapPage *self)
{
  GtkWidget *panel = gtk_widget_get_parent (GTK_WIDGET (self->figures_grid));

  self->period_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->period_label, TRUE);
  gtk_label_set_xalign (self->period_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->period_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->period_label), "caption");
  gtk_widget_set_margin_start (GTK_WIDGET (self->period_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->period_label), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->period_label), 12);
  g_assert (GTK_IS_BOX (panel));
  gtk_box_insert_child_after (GTK_BOX (panel), GTK_WIDGET (self->period_label), GTK_WIDGET (self->figures_grid));

  self->legend_period_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->legend_period_label, TRUE);
  gtk_label_set_max_width_chars (self->legend_period_label, 36);
  gtk_label_set_xalign (self->legend_period_label, 0);
  gtk_widget_set_halign (GTK_WIDGET (self->legend_period_label), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (self->legend_period_label), GTK_ALIGN_START);
  gtk_widget_set_margin_start (GTK_WIDGET (self->legend_period_label),
                               gtk_widget_get_margin_start (GTK_WIDGET (self->legend_area)));
  gtk_widget_set_can_target (GTK_WIDGET (self->legend_period_label), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->legend_period_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->legend_period_label), "osd");
  gtk_overlay_add_overlay (self->map_overlay, GTK_WIDGET (self->legend_period_label));
  g_signal_connect_object (self->legend_area, "notify::content-height",
                           G_CALLBACK (place_legend_caption_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->legend_area, "notify::visible",
                           G_CALLBACK (place_legend_caption_cb), self, G_CONNECT_SWAPPED);
  place_legend_caption_cb (self);
}

/* ----------------------------------------------------------- signals */

static void
figure_selected_cb (DubanMapPage *self)
{
  guint i = gtk_drop_down_get_selected (self->figure_dropdown);

  if (i < G_N_ELEMENTS (figure_choices))
    duban_map_page_set_figure (self, figure_choices[i]);
}

static void
level_selected_cb (DubanMapPage *self)
{
  guint i = gtk_drop_down_get_selected (self->level_dropdown);

  if (i < G_N_ELEMENTS (level_choices))
    {
      self->level = level_choices[i];
      duban_map_page_update_choropleth (self);
    }
}

static void
heat_toggled_cb (DubanMapPage *self)
{
  duban_map_ticket_layer_set_heat (self->ticket_layer, gtk_toggle_button_get_active (self->heat_button));
  duban_map_page_update_choropleth (self);
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
as_of_changed_cb (DubanMapPage *self)
{
  /* Dragging the slider would otherwise start a refresh per pixel. */
  g_clear_handle_id (&self->as_of_source, g_source_remove);
  self->as_of_source = g_timeout_add (AS_OF_DEBOUNCE_MS, apply_as_of, self);
}

void
duban_map_page_apply_period (DubanMapPage *self)
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
  g_signal_handlers_block_by_func (self->as_of_adjustment, as_of_changed_cb, self);
  gtk_adjustment_set_value (self->as_of_adjustment, 1.0);
  g_signal_handlers_unblock_by_func (self->as_of_adjustment, as_of_changed_cb, self);
  duban_ticket_filter_set_as_of (self->filter, self->now);
  update_as_of_label (self);
  update_period_labels (self);
  duban_map_page_check_span (self);
}

static void
filter_dropdown_changed_cb (DubanMapPage *self,
                            GParamSpec   *pspec,
                            GtkDropDown  *dropdown)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  if (self->updating_filters)
    return;

  if (dropdown == self->period_dropdown)
    duban_map_page_apply_period (self);
  else if (dropdown == self->state_dropdown)
    duban_ticket_filter_set_state (self->filter, i);
  else if (dropdown == self->urgency_dropdown)
    duban_ticket_filter_set_urgency (self->filter, i == 0 ? DUBAN_QUERY_ANY : (int) i - 1);
  else if (dropdown == self->source_dropdown)
    duban_ticket_filter_set_source (self->filter, i == 0 ? DUBAN_QUERY_ANY : (int) i);
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
  g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (filter_dropdown_changed_cb),
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

  states[DUBAN_QUERY_STATE_OVERDUE] = duban_state_to_display (DUBAN_STATE_OPEN_OVERDUE);
  states[DUBAN_QUERY_STATE_WARNING] = duban_state_to_display (DUBAN_STATE_OPEN_WARNING);
  states[DUBAN_QUERY_STATE_OPEN_OK] = duban_state_to_display (DUBAN_STATE_OPEN_OK);
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

/* ------------------------------------------------------------ public */

void
duban_map_page_set_figure (DubanMapPage          *self,
                           DubanChoroplethFigure  figure)
{
  g_return_if_fail (DUBAN_IS_MAP_PAGE (self));

  self->figure = figure;
  for (guint i = 0; i < G_N_ELEMENTS (figure_choices); i++)
    if (figure_choices[i] == figure && gtk_drop_down_get_selected (self->figure_dropdown) != i)
      gtk_drop_down_set_selected (self->figure_dropdown, i);
  duban_map_page_update_choropleth (self);
}

void
duban_map_page_init_filters (DubanMapPage *self)
{
  g_assert (DUBAN_IS_MAP_PAGE (self));

  build_filters (self);
  build_period_labels (self);
  g_signal_connect_object (self->filter, "changed", G_CALLBACK (update_period_labels),
                           self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->figure_dropdown, "notify::selected", G_CALLBACK (figure_selected_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->level_dropdown, "notify::selected", G_CALLBACK (level_selected_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->heat_button, "toggled", G_CALLBACK (heat_toggled_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->as_of_adjustment, "value-changed", G_CALLBACK (as_of_changed_cb),
                           self, G_CONNECT_SWAPPED);
}
