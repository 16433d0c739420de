/* duban-queue-page-filter.c — the queue's filter bar: state counts, search, dropdowns
 *
 * The counts double as the state filter; the dropdowns offer only what
 * the open tickets hold (their towns, units, categories…), rebuilt on
 * every load. Every control writes the page's DubanTicketQuery and the
 * model filters; a filter set from elsewhere (duban_queue_page_set_filter())
 * is written back into the controls.
 */
#define G_LOG_DOMAIN "duban-queue-page-filter"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-period.h"
#include "duban-queue-page-private.h"

void
duban_queue_page_sync_controls (DubanQueuePage *self)
{
  const DubanTicketQuery *filter = &self->filter;
  g_autoptr(GPtrArray) external_parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *external = NULL;
  const char *values[N_DROPDOWNS] = { NULL, };
  g_autofree char *urgency = NULL;
  g_autofree char *source = NULL;

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  self->updating_controls = TRUE;

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                 filter->search != NULL ? filter->search : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), filter->search != NULL ? filter->search : "");

  values[DROPDOWN_TOWN] = filter->town;
  values[DROPDOWN_UNIT] = filter->unit;
  values[DROPDOWN_CATEGORY] = filter->category;
  values[DROPDOWN_URGENCY] = filter->urgency >= 0 ? duban_enum_to_wire (DUBAN_ENUM_URGENCY, filter->urgency) : NULL;
  values[DROPDOWN_SOURCE] = filter->source >= 0 ? duban_enum_to_wire (DUBAN_ENUM_SOURCE, filter->source) : NULL;

  for (guint d = 0; d < N_DROPDOWNS; d++)
    {
      guint position = 0;

      for (guint i = 1; i < self->dropdown_values[d]->len; i++)
        if (g_strcmp0 (g_ptr_array_index (self->dropdown_values[d], i), values[d]) == 0)
          position = i;
      gtk_drop_down_set_selected (self->dropdowns[d], position);
    }

  /* a state with no button (a chart's "any state") leaves none pressed */
  for (guint i = 0; i < DUBAN_QUERY_N_STATES; i++)
    if (self->count_buttons[i] != NULL)
      gtk_toggle_button_set_active (self->count_buttons[i], i == filter->state);

  if (filter->period_start != DUBAN_TIME_NONE || filter->period_end != G_MAXINT64)
    {
      g_autofree char *period = duban_period_describe (filter->period_start, filter->period_end,
                                                       duban_time_now ());

      /* Translators: a filter on when tickets were received, e.g. "Received 2026-12-01 to 2026-12-02, …" */
      if (filter->counted)
        g_ptr_array_add (external_parts,
                         filter->state == DUBAN_QUERY_STATE_ANY
                           ? g_strdup_printf (_("Counted in the figures of %s, resolved ones included"), period)
                           : g_strdup_printf (_("Counted in the figures of %s"), period));
      else
        g_ptr_array_add (external_parts,
                         filter->state == DUBAN_QUERY_STATE_ANY
                           ? g_strdup_printf (_("Received %s, resolved ones included"), period)
                           : g_strdup_printf (_("Received %s"), period));
    }
  if (filter->ids != NULL)
    {
      guint n = g_hash_table_size (filter->ids);

      g_ptr_array_add (external_parts,
                       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u chosen ticket", "%u chosen tickets", n), n));
    }
  else if (filter->weekday > 0 || filter->hour >= 0)
    {
      static const char *weekdays[] = {
        NULL, N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
        N_("Friday"), N_("Saturday"), N_("Sunday"),
      };

      /* Translators: a filter on when tickets were received, e.g. "Wednesday 14:00–15:00" */
      g_ptr_array_add (external_parts,
                       g_strdup_printf (_("Received %s %02d:00–%02d:59"),
                                        filter->weekday > 0 ? _(weekdays[filter->weekday]) : "",
                                        MAX (filter->hour, 0), filter->hour >= 0 ? filter->hour : 23));
    }
  if (external_parts->len > 0)
    {
      g_ptr_array_add (external_parts, NULL);
      external = g_strjoinv (" · ", (char **) external_parts->pdata);
    }
  gtk_widget_set_visible (self->external_filter_box, external != NULL);
  gtk_label_set_label (self->external_filter_label, external != NULL ? external : "");
  /* the chip is cut short: the whole of it on hover */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->external_filter_label), external);

  self->updating_controls = FALSE;
}

/* ---- filter controls ------------------------------------------------------ */

static void
dropdown_selected_cb (DubanQueuePage *self,
                      GParamSpec     *pspec,
                      GtkDropDown    *dropdown)
{
  guint d;
  guint position;
  const char *value;

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  if (self->updating_controls)
    return;

  for (d = 0; d < N_DROPDOWNS && self->dropdowns[d] != dropdown; d++)
    ;
  g_assert (d < N_DROPDOWNS);

  position = gtk_drop_down_get_selected (dropdown);
  value = position < self->dropdown_values[d]->len ? g_ptr_array_index (self->dropdown_values[d], position) : NULL;

  switch ((QueueDropdown) d)
    {
    case DROPDOWN_TOWN:
      g_free (self->filter.town);
      self->filter.town = g_strdup (value);
      break;
    case DROPDOWN_UNIT:
      g_free (self->filter.unit);
      self->filter.unit = g_strdup (value);
      break;
    case DROPDOWN_CATEGORY:
      g_free (self->filter.category);
      self->filter.category = g_strdup (value);
      break;
    case DROPDOWN_URGENCY:
      if (value == NULL || !duban_enum_from_wire (DUBAN_ENUM_URGENCY, value, &self->filter.urgency))
        self->filter.urgency = -1;
      break;
    case DROPDOWN_SOURCE:
      if (value == NULL || !duban_enum_from_wire (DUBAN_ENUM_SOURCE, value, &self->filter.source))
        self->filter.source = -1;
      break;
    case N_DROPDOWNS:
    default:
      g_assert_not_reached ();
    }

  duban_queue_page_apply_filter (self);
}

static void
count_toggled_cb (DubanQueuePage  *self,
                  GtkToggleButton *button)
{
  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  if (self->updating_controls || !gtk_toggle_button_get_active (button))
    return;

  for (guint i = 0; i < DUBAN_QUERY_N_STATES; i++)
    if (self->count_buttons[i] == button)
      self->filter.state = i;

  duban_queue_page_apply_filter (self);
}

static void
search_changed_cb (DubanQueuePage *self,
                   GtkSearchEntry *entry)
{
  const char *text;

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  if (self->updating_controls)
    return;

  text = gtk_editable_get_text (GTK_EDITABLE (entry));
  duban_ticket_query_set_search (&self->filter, text);

  duban_queue_page_apply_filter (self);
}

static void
search_activate_cb (DubanQueuePage *self,
                    GtkSearchEntry *entry)
{
  /* Enter in the search goes to the results. */
  duban_queue_page_focus_list (self);
}

static void
search_stop_cb (DubanQueuePage *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  duban_queue_page_focus_list (self);
}

/* Sets a dropdown's choices: "any" first, then @values (sorted by
 * their display name), keeping the current choice when it is still there. */
static void
set_dropdown_choices (DubanQueuePage *self,
                      QueueDropdown   d,
                      const char     *any_label,
                      GHashTable     *value_to_name)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GList) keys = NULL;
  GPtrArray *values = self->dropdown_values[d];

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  g_ptr_array_set_size (values, 0);
  g_ptr_array_add (values, NULL);
  gtk_string_list_append (names, any_label);

  keys = g_list_sort_with_data (g_hash_table_get_keys (value_to_name),
                                (GCompareDataFunc) g_strcmp0, NULL);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      g_ptr_array_add (values, g_strdup (l->data));
      gtk_string_list_append (names, g_hash_table_lookup (value_to_name, l->data));
    }

  self->updating_controls = TRUE;
  gtk_drop_down_set_model (self->dropdowns[d], G_LIST_MODEL (names));
  self->updating_controls = FALSE;
}

void
duban_queue_page_rebuild_choices (DubanQueuePage *self)
{
  g_autoptr(GHashTable) towns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) units = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) categories = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) urgencies = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) sources = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *tickets;
  GArray *statuses;

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  tickets = duban_session_get_tickets (self->session);
  statuses = duban_session_get_statuses (self->session);

  for (guint i = 0; tickets != NULL && statuses != NULL && i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      char *town;

      if (!duban_state_is_open (g_array_index (statuses, DubanSlaStatus, i).state))
        continue;

      if ((town = duban_grid_code_town (ticket->grid_code)))
        {
          if (!g_hash_table_contains (towns, town))
            g_hash_table_insert (towns, town, (gpointer) duban_queue_page_town_name (self, town));
          else
            g_free (town);
        }
      if (ticket->unit_code != NULL)
        g_hash_table_insert (units, ticket->unit_code,
                             ticket->unit_name != NULL ? ticket->unit_name : ticket->unit_code);
      if (ticket->category != NULL)
        g_hash_table_insert (categories, ticket->category, ticket->category);
      g_hash_table_insert (urgencies, (gpointer) duban_enum_to_wire (DUBAN_ENUM_URGENCY, ticket->urgency),
                           (gpointer) duban_enum_to_display (DUBAN_ENUM_URGENCY, ticket->urgency));
      if (ticket->source != DUBAN_SOURCE_NONE)
        g_hash_table_insert (sources, (gpointer) duban_enum_to_wire (DUBAN_ENUM_SOURCE, ticket->source),
                             (gpointer) duban_enum_to_display (DUBAN_ENUM_SOURCE, ticket->source));
    }

  set_dropdown_choices (self, DROPDOWN_TOWN, _("All towns"), towns);
  set_dropdown_choices (self, DROPDOWN_UNIT, _("All units"), units);
  set_dropdown_choices (self, DROPDOWN_CATEGORY, _("All categories"), categories);
  set_dropdown_choices (self, DROPDOWN_URGENCY, _("Any urgency"), urgencies);
  set_dropdown_choices (self, DROPDOWN_SOURCE, _("Any source"), sources);

  duban_queue_page_sync_controls (self);
}

static GtkWidget *
make_count_button (DubanQueuePage  *self,
                   DubanQueryState  state,
                   const char      *icon_name,
                   const char      *label,
                   const char      *css_class,
                   GtkToggleButton *group)
{
  GtkWidget *button = gtk_toggle_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *count = gtk_label_new ("0");

  if (icon_name != NULL)
    gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon_name));
  gtk_box_append (GTK_BOX (box), gtk_label_new (label));
  gtk_widget_add_css_class (count, "count");
  gtk_widget_add_css_class (count, "numeric");
  gtk_box_append (GTK_BOX (box), count);
  gtk_button_set_child (GTK_BUTTON (button), box);

  gtk_widget_add_css_class (button, "state-count");
  if (css_class != NULL)
    gtk_widget_add_css_class (button, css_class);
  if (group != NULL)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);

  self->count_buttons[state] = GTK_TOGGLE_BUTTON (button);
  self->count_labels[state] = GTK_LABEL (count);
  g_signal_connect_object (button, "toggled", G_CALLBACK (count_toggled_cb), self, G_CONNECT_SWAPPED);

  return button;
}

void
duban_queue_page_init_filters (DubanQueuePage *self)
{
  static const char *dropdown_labels[N_DROPDOWNS] = {
    N_("Town"), N_("Unit"), N_("Category"), N_("Urgency"), N_("Source"),
  };
  GtkWidget *first;

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  first = make_count_button (self, DUBAN_QUERY_STATE_OPEN, NULL, _("All open"), NULL, NULL);
  gtk_box_append (self->counts_box, first);
  gtk_box_append (self->counts_box,
                  make_count_button (self, DUBAN_QUERY_STATE_OVERDUE, duban_state_icon_name (DUBAN_STATE_OPEN_OVERDUE),
                                     duban_state_to_display (DUBAN_STATE_OPEN_OVERDUE), "state-overdue",
                                     GTK_TOGGLE_BUTTON (first)));
  gtk_box_append (self->counts_box,
                  make_count_button (self, DUBAN_QUERY_STATE_CONTACT_OVERDUE, "call-missed-symbolic",
                                     _("Not contacted"), "state-overdue", GTK_TOGGLE_BUTTON (first)));
  gtk_box_append (self->counts_box,
                  make_count_button (self, DUBAN_QUERY_STATE_WARNING, duban_state_icon_name (DUBAN_STATE_OPEN_WARNING),
                                     duban_state_to_display (DUBAN_STATE_OPEN_WARNING), "state-warning",
                                     GTK_TOGGLE_BUTTON (first)));
  gtk_box_append (self->counts_box,
                  make_count_button (self, DUBAN_QUERY_STATE_OPEN_OK, duban_state_icon_name (DUBAN_STATE_OPEN_OK),
                                     duban_state_to_display (DUBAN_STATE_OPEN_OK), "state-ok",
                                     GTK_TOGGLE_BUTTON (first)));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (first), TRUE);

  for (guint d = 0; d < N_DROPDOWNS; d++)
    {
      self->dropdown_values[d] = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (self->dropdown_values[d], NULL);
      self->dropdowns[d] = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
      gtk_drop_down_set_enable_search (self->dropdowns[d], d == DROPDOWN_UNIT);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->dropdowns[d]), _(dropdown_labels[d]));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->dropdowns[d]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(dropdown_labels[d]), -1);
      g_signal_connect_object (self->dropdowns[d], "notify::selected",
                               G_CALLBACK (dropdown_selected_cb), self, G_CONNECT_SWAPPED);
      gtk_flow_box_append (self->dropdown_box, GTK_WIDGET (self->dropdowns[d]));
    }

  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate", G_CALLBACK (search_activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "stop-search", G_CALLBACK (search_stop_cb), self, G_CONNECT_SWAPPED);
}
