/* duban-queue-page.c — the supervision queue: open tickets by how late, and one's detail
 *
 * A GtkColumnView over a DubanQueueModel. The template declares the
 * columns, their cells' factories and their sorters; the model filters
 * and sorts arrays of indices, so the view's sorter is only read for
 * which column and which way (duban_queue_page_read_view_sort()), never
 * applied to the items.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "duban-queue-page.h"
#include "duban-store.h"
#include "duban-ticket-object.h"

typedef enum {
  DROPDOWN_TOWN,
  DROPDOWN_UNIT,
  DROPDOWN_CATEGORY,
  DROPDOWN_URGENCY,
  DROPDOWN_SOURCE,
  N_DROPDOWNS
} QueueDropdown;

struct _DubanQueuePage
{
  GtkWidget           parent_instance;

  DubanSession       *session;
  DubanQueueModel    *model;
  GtkSingleSelection *selection;
  GHashTable         *marked;          /* ticket ids */
  GHashTable         *town_names;      /* town code → name, as looked up */
  DubanQueueFilter    filter;
  char               *selected_id;

  GtkDropDown        *dropdowns[N_DROPDOWNS];
  GPtrArray          *dropdown_values[N_DROPDOWNS];   /* char*, [0] NULL for "any" */
  GtkToggleButton    *count_buttons[DUBAN_QUEUE_N_STATES];
  GtkLabel           *count_labels[DUBAN_QUEUE_N_STATES];
  /* Reading the column view's sort: duban_queue_page_read_view_sort() */
  GObject            *probe_items[2];
  DubanQueueSort      probe_key;
  gboolean            probe_answered;

  guint               updating_controls : 1;

  /* Template widgets */
  GtkStack           *main_stack;
  GtkSpinner         *loading_spinner;
  GtkPaned           *paned;
  GtkBox             *counts_box;
  GtkSearchEntry     *search_entry;
  GtkWidget          *external_filter_box;
  GtkLabel           *external_filter_label;
  GtkFlowBox         *dropdown_box;
  GtkWidget          *no_match_page;
  GtkScrolledWindow  *scrolled_window;
  GtkColumnView      *column_view;
  DubanTicketDetail  *detail;
};

G_DEFINE_FINAL_TYPE (DubanQueuePage, duban_queue_page, GTK_TYPE_WIDGET)

enum {
  MARKS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- what the page shows -------------------------------------------------- */

static const char *
duban_queue_page_town_name (DubanQueuePage *self,
                            const char     *town_code)
{
  const char *name;
  DubanStore *store;
  char *looked_up = NULL;

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  if (town_code == NULL)
    return NULL;
  if ((name = g_hash_table_lookup (self->town_names, town_code)))
    return name;

  if (self->session != NULL && (store = duban_session_get_store (self->session, NULL)))
    looked_up = duban_store_region_name (store, town_code);
  /* No regions synced yet: the code is still a town's name to the staff. */
  if (looked_up == NULL)
    looked_up = g_strdup (town_code);

  g_hash_table_insert (self->town_names, g_strdup (town_code), looked_up);
  return looked_up;
}

static void
duban_queue_page_update_page (DubanQueuePage *self)
{
  const char *page;
  guint counts[DUBAN_QUEUE_N_STATES];
  gboolean any_open = FALSE;
  GArray *statuses;

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  if (self->session == NULL || !duban_session_get_loaded (self->session))
    page = "loading";
  else if (duban_session_get_ticket_count (self->session) == 0)
    page = "empty";
  else
    {
      /* "No open tickets" is about the store, not about the filters. */
      if ((statuses = duban_session_get_statuses (self->session)))
        for (guint i = 0; i < statuses->len && !any_open; i++)
          any_open = duban_state_is_open (g_array_index (statuses, DubanSlaStatus, i).state);
      page = any_open ? "tickets" : "no-open";
    }

  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (page, "loading"));
  gtk_stack_set_visible_child_name (self->main_stack, page);

  duban_queue_model_get_counts (self->model, counts);
  gtk_widget_set_visible (self->no_match_page,
                          g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0);
}

static void
duban_queue_page_update_counts (DubanQueuePage *self)
{
  guint counts[DUBAN_QUEUE_N_STATES];

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  duban_queue_model_get_counts (self->model, counts);
  for (guint i = 0; i < DUBAN_QUEUE_N_STATES; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", counts[i]);

      gtk_label_set_label (self->count_labels[i], text);
    }
}

static void
duban_queue_page_sync_controls (DubanQueuePage *self)
{
  const DubanQueueFilter *filter = &self->filter;
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

  gtk_toggle_button_set_active (self->count_buttons[filter->state], TRUE);

  if (filter->ids != NULL)
    {
      guint n = g_hash_table_size (filter->ids);

      external = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u chosen ticket", "%u chosen tickets", n), n);
    }
  else if (filter->weekday > 0 || filter->hour >= 0)
    {
      static const char *weekdays[] = {
        NULL, N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
        N_("Friday"), N_("Saturday"), N_("Sunday"),
      };

      /* Translators: a filter on when tickets were received, e.g. "Wednesday 14:00–15:00" */
      external = g_strdup_printf (_("Received %s %02d:00–%02d:59"),
                                  filter->weekday > 0 ? _(weekdays[filter->weekday]) : "",
                                  MAX (filter->hour, 0), filter->hour >= 0 ? filter->hour : 23);
    }
  gtk_widget_set_visible (self->external_filter_box, external != NULL);
  gtk_label_set_label (self->external_filter_label, external != NULL ? external : "");

  self->updating_controls = FALSE;
}

static void
duban_queue_page_restore_selection (DubanQueuePage *self)
{
  guint position;

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  if (self->selected_id != NULL &&
      (position = duban_queue_model_find (self->model, self->selected_id)) != G_MAXUINT &&
      position != gtk_single_selection_get_selected (self->selection))
    gtk_single_selection_set_selected (self->selection, position);
}

static void
duban_queue_page_apply_filter (DubanQueuePage *self)
{
  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  duban_queue_model_set_filter (self->model, &self->filter);
  duban_queue_page_restore_selection (self);
  duban_queue_page_update_counts (self);
  duban_queue_page_update_page (self);
}

/* ---- filter controls ------------------------------------------------------ */

static void
on_dropdown_selected (DubanQueuePage *self,
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
on_count_toggled (DubanQueuePage  *self,
                  GtkToggleButton *button)
{
  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  if (self->updating_controls || !gtk_toggle_button_get_active (button))
    return;

  for (guint i = 0; i < DUBAN_QUEUE_N_STATES; i++)
    if (self->count_buttons[i] == button)
      self->filter.state = i;

  duban_queue_page_apply_filter (self);
}

static void
on_search_changed (DubanQueuePage *self,
                   GtkSearchEntry *entry)
{
  const char *text;

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  if (self->updating_controls)
    return;

  text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_free (self->filter.search);
  self->filter.search = text[0] != '\0' ? g_strstrip (g_strdup (text)) : NULL;

  duban_queue_page_apply_filter (self);
}

static void
on_search_activate (DubanQueuePage *self,
                    GtkSearchEntry *entry)
{
  /* Enter in the search goes to the results. */
  duban_queue_page_focus_list (self);
}

static void
on_search_stop (DubanQueuePage *self,
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

static void
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

/* ---- cells ------------------------------------------------------------------ */

/* The template gives each column a factory whose setup makes the cell's
 * widget and whose bind says what it shows; a sync or the clock changes
 * an item in place, so a bound cell follows the item's ::changed. */

typedef void (*CellUpdate) (DubanQueuePage    *self,
                            GtkWidget         *cell,
                            DubanTicketObject *item);

typedef struct {
  DubanQueuePage *self;
  GtkListItem    *list_item;
  CellUpdate      update;
} CellBinding;

/* One state class at a time (".state-overdue", ".urgent"…): a recycled
 * cell drops the one of its previous ticket. */
static void
set_cell_class (GtkWidget  *cell,
                const char *css_class)
{
  const char *old_class = g_object_get_data (G_OBJECT (cell), "state-class");

  if (old_class != NULL)
    gtk_widget_remove_css_class (cell, old_class);
  if (css_class != NULL)
    gtk_widget_add_css_class (cell, css_class);
  g_object_set_data (G_OBJECT (cell), "state-class", (gpointer) css_class);
}

static void
set_cell_text (GtkWidget  *cell,
               const char *text)
{
  gtk_label_set_label (GTK_LABEL (cell), text != NULL ? text : "—");
}

static const char *
item_state_class (DubanTicketObject *item)
{
  return duban_glance_css_class (duban_sla_glance (duban_ticket_object_get_status (item)));
}

static void
update_mark_cell (DubanQueuePage    *self,
                  GtkWidget         *cell,
                  DubanTicketObject *item)
{
  g_object_set_data (G_OBJECT (cell), "updating", GINT_TO_POINTER (TRUE));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (cell),
                               g_hash_table_contains (self->marked, duban_ticket_object_get_id (item)));
  g_object_set_data (G_OBJECT (cell), "updating", NULL);
}

static void
update_state_cell (DubanQueuePage    *self,
                   GtkWidget         *cell,
                   DubanTicketObject *item)
{
  const DubanSlaStatus *status = duban_ticket_object_get_status (item);
  GtkWidget *icon = gtk_widget_get_first_child (cell);
  GtkWidget *label = gtk_widget_get_next_sibling (icon);

  /* Shape and word as well as colour: readable without colour. */
  gtk_image_set_from_icon_name (GTK_IMAGE (icon),
                                status->contact_overdue ? "call-missed-symbolic"
                                                        : duban_glance_icon_name (duban_sla_glance (status)));
  gtk_label_set_label (GTK_LABEL (label), duban_glance_to_display (duban_sla_glance (status)));
  gtk_widget_set_tooltip_text (cell, status->contact_overdue ? _("Overdue, and the petitioner was not contacted in time")
                                                             : NULL);
  set_cell_class (cell, item_state_class (item));
}

static void
update_id_cell (DubanQueuePage    *self,
                GtkWidget         *cell,
                DubanTicketObject *item)
{
  set_cell_text (cell, duban_ticket_object_get_ticket (item)->id);
}

static void
update_title_cell (DubanQueuePage    *self,
                   GtkWidget         *cell,
                   DubanTicketObject *item)
{
  const DubanTicket *ticket = duban_ticket_object_get_ticket (item);

  set_cell_text (cell, ticket->title);
  gtk_widget_set_tooltip_text (cell, ticket->title);
}

static void
update_clock_cell (DubanQueuePage    *self,
                   GtkWidget         *cell,
                   DubanTicketObject *item)
{
  g_autofree char *text = duban_sla_describe_clock (duban_ticket_object_get_status (item));

  set_cell_text (cell, text);
  set_cell_class (cell, item_state_class (item));
}

static void
update_unit_cell (DubanQueuePage    *self,
                  GtkWidget         *cell,
                  DubanTicketObject *item)
{
  const DubanTicket *ticket = duban_ticket_object_get_ticket (item);
  const char *text = ticket->unit_name != NULL ? ticket->unit_name : _("Not dispatched");

  set_cell_text (cell, text);
  gtk_widget_set_tooltip_text (cell, text);
}

static void
update_deadline_cell (DubanQueuePage    *self,
                      GtkWidget         *cell,
                      DubanTicketObject *item)
{
  g_autofree char *full = duban_time_format_civil (duban_ticket_object_get_status (item)->deadline);

  /* "11-23 22:37": the year is this one or the last, and the column
   * stays narrow; the tooltip has it all. */
  set_cell_text (cell, strlen (full) > 5 ? full + 5 : full);
  gtk_widget_set_tooltip_text (cell, full);
}

static void
update_town_cell (DubanQueuePage    *self,
                  GtkWidget         *cell,
                  DubanTicketObject *item)
{
  g_autofree char *town = duban_grid_code_town (duban_ticket_object_get_ticket (item)->grid_code);

  set_cell_text (cell, town != NULL ? duban_queue_page_town_name (self, town) : "—");
}

static void
update_category_cell (DubanQueuePage    *self,
                      GtkWidget         *cell,
                      DubanTicketObject *item)
{
  set_cell_text (cell, duban_ticket_object_get_ticket (item)->category);
}

static void
update_urgency_cell (DubanQueuePage    *self,
                     GtkWidget         *cell,
                     DubanTicketObject *item)
{
  const DubanTicket *ticket = duban_ticket_object_get_ticket (item);

  set_cell_text (cell, duban_enum_to_display (DUBAN_ENUM_URGENCY, ticket->urgency));
  set_cell_class (cell, ticket->urgency == DUBAN_URGENCY_URGENT ? "urgent" : NULL);
}

static void
update_source_cell (DubanQueuePage    *self,
                    GtkWidget         *cell,
                    DubanTicketObject *item)
{
  const DubanTicket *ticket = duban_ticket_object_get_ticket (item);

  set_cell_text (cell, ticket->source != DUBAN_SOURCE_NONE ? duban_enum_to_display (DUBAN_ENUM_SOURCE, ticket->source)
                                                          : "—");
}

static void
mark_toggled_cb (GtkCheckButton *check,
                 GtkListItem    *list_item)
{
  DubanQueuePage *self = g_object_get_data (G_OBJECT (check), "page");
  DubanTicketObject *item;

  if (g_object_get_data (G_OBJECT (check), "updating") ||
      !(item = gtk_list_item_get_item (list_item)))
    return;

  if (gtk_check_button_get_active (check))
    g_hash_table_add (self->marked, g_strdup (duban_ticket_object_get_id (item)));
  else
    g_hash_table_remove (self->marked, duban_ticket_object_get_id (item));

  gtk_widget_activate_action (GTK_WIDGET (self), "queue.marks-changed", NULL);
}

static void
setup_mark_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               DubanQueuePage           *self)
{
  GtkWidget *cell = gtk_check_button_new ();

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  gtk_widget_set_tooltip_text (cell, _("Mark for a supervision order to several tickets (Ctrl+M)"));
  gtk_widget_set_focusable (cell, FALSE);
  g_object_set_data (G_OBJECT (cell), "page", self);
  g_signal_connect (cell, "toggled", G_CALLBACK (mark_toggled_cb), list_item);
  gtk_list_item_set_child (list_item, cell);
}

static void
setup_state_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                DubanQueuePage           *self)
{
  GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *icon = gtk_image_new ();

  gtk_widget_add_css_class (cell, "state-badge");
  gtk_widget_set_halign (cell, GTK_ALIGN_START);
  gtk_image_set_pixel_size (GTK_IMAGE (icon), 12);
  gtk_box_append (GTK_BOX (cell), icon);
  gtk_box_append (GTK_BOX (cell), gtk_label_new (NULL));
  gtk_list_item_set_child (list_item, cell);
}

static GtkWidget *
setup_label (GtkListItem *list_item)
{
  GtkWidget *cell = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (cell), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (cell), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (cell), TRUE);
  gtk_list_item_set_child (list_item, cell);

  return cell;
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                DubanQueuePage           *self)
{
  setup_label (list_item);
}

static void
setup_numeric_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  DubanQueuePage           *self)
{
  gtk_widget_add_css_class (setup_label (list_item), "numeric");
}

static void
setup_id_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             DubanQueuePage           *self)
{
  GtkWidget *cell = setup_label (list_item);

  gtk_widget_add_css_class (cell, "numeric");
  gtk_widget_add_css_class (cell, "dim-label");
}

static void
setup_clock_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                DubanQueuePage           *self)
{
  GtkWidget *cell = setup_label (list_item);

  gtk_widget_add_css_class (cell, "numeric");
  gtk_widget_add_css_class (cell, "state-clock");
}

static void
item_changed_cb (DubanTicketObject *item,
                 CellBinding       *binding)
{
  binding->update (binding->self, gtk_list_item_get_child (binding->list_item), item);
}

static void
bind_cell (DubanQueuePage *self,
           GtkListItem    *list_item,
           CellUpdate      update)
{
  DubanTicketObject *item = gtk_list_item_get_item (list_item);
  CellBinding *binding;
  gulong handler;

  g_assert (DUBAN_IS_QUEUE_PAGE (self));
  g_assert (DUBAN_IS_TICKET_OBJECT (item));

  update (self, gtk_list_item_get_child (list_item), item);

  binding = g_new (CellBinding, 1);
  *binding = (CellBinding) { self, list_item, update };
  handler = g_signal_connect_data (item, "changed", G_CALLBACK (item_changed_cb),
                                   binding, (GClosureNotify) g_free, 0);
  g_object_set_data (G_OBJECT (list_item), "changed-handler", GSIZE_TO_POINTER (handler));
}

#define DEFINE_BIND_CB(column) \
  static void \
  bind_##column##_cb (GtkSignalListItemFactory *factory, \
                      GtkListItem              *list_item, \
                      DubanQueuePage           *self) \
  { \
    bind_cell (self, list_item, update_##column##_cell); \
  }

DEFINE_BIND_CB (mark)
DEFINE_BIND_CB (state)
DEFINE_BIND_CB (id)
DEFINE_BIND_CB (title)
DEFINE_BIND_CB (clock)
DEFINE_BIND_CB (unit)
DEFINE_BIND_CB (deadline)
DEFINE_BIND_CB (town)
DEFINE_BIND_CB (category)
DEFINE_BIND_CB (urgency)
DEFINE_BIND_CB (source)

#undef DEFINE_BIND_CB

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                DubanQueuePage           *self)
{
  DubanTicketObject *item = gtk_list_item_get_item (list_item);
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), "changed-handler"));

  if (item != NULL && handler != 0)
    g_signal_handler_disconnect (item, handler);
  g_object_set_data (G_OBJECT (list_item), "changed-handler", NULL);
}

/* ---- sorting ------------------------------------------------------------------ */

/* The expression of every column's sorter in the template: it notes
 * the first key it is asked for (only the column view's primary column
 * is asked first) and tells the two probes apart. */
static guint
sort_probe_cb (GObject        *probe,
               DubanQueueSort  key,
               DubanQueuePage *self)
{
  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  if (!self->probe_answered)
    {
      self->probe_key = key;
      self->probe_answered = TRUE;
    }
  return probe == self->probe_items[1] ? 1 : 0;
}

/* Which column the column view is sorted by, and which way.
 *
 * GTK 4.8 keeps that inside its GtkColumnViewSorter and offers no API to
 * read it (GTK 4.10 makes GtkColumnViewSorter public, with
 * gtk_column_view_sorter_get_primary_sort_column() and
 * _get_primary_sort_order(): this function becomes those two calls).
 * Meanwhile the view's sorter is asked to compare two probes: it asks
 * the columns' sorters in order, primary first, and stops at the first
 * that tells them apart; sort_probe_cb() notes whose key that was, and
 * the sign of the answer says which way (the view inverts a descending
 * column). No column asked means no column is sorted: FALSE. */
static gboolean
duban_queue_page_read_view_sort (DubanQueuePage *self,
                                 GtkSorter      *view_sorter,
                                 DubanQueueSort *key,
                                 gboolean       *descending)
{
  GtkOrdering ordering;

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  self->probe_answered = FALSE;
  ordering = gtk_sorter_compare (view_sorter, self->probe_items[0], self->probe_items[1]);
  if (!self->probe_answered || ordering == GTK_ORDERING_EQUAL)
    return FALSE;

  *key = self->probe_key;
  *descending = ordering == GTK_ORDERING_LARGER;
  return TRUE;
}

static void
view_sorter_changed_cb (DubanQueuePage *self,
                        GtkSorterChange change,
                        GtkSorter      *sorter)
{
  DubanQueueSort key;
  gboolean descending;

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  /* The model sorts its arrays of indices itself: the view's sorter is
   * only read, never applied to the items. */
  if (duban_queue_page_read_view_sort (self, sorter, &key, &descending))
    duban_queue_model_set_sort (self->model, key, descending);
  else
    duban_queue_model_set_sort (self->model, DUBAN_QUEUE_SORT_ATTENTION, FALSE);

  duban_queue_page_restore_selection (self);
}

/* ---- selection ------------------------------------------------------------------ */

static void
on_selected_item_changed (DubanQueuePage     *self,
                          GParamSpec         *pspec,
                          GtkSingleSelection *selection)
{
  DubanTicketObject *item;

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  item = gtk_single_selection_get_selected_item (selection);
  /* A filter that hides the selected ticket moves the selection; keep
   * the detail on a ticket rather than blank it. */
  if (item == NULL && g_list_model_get_n_items (G_LIST_MODEL (selection)) == 0)
    return;

  duban_ticket_detail_set_ticket (self->detail, item);
  g_free (self->selected_id);
  self->selected_id = item != NULL ? g_strdup (duban_ticket_object_get_id (item)) : NULL;
}

/* ---- session ------------------------------------------------------------------ */

static void
on_session_reloaded (DubanQueuePage *self,
                     DubanSession   *session)
{
  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  duban_queue_model_set_tickets (self->model,
                                 duban_session_get_tickets (session),
                                 duban_session_get_statuses (session));
  duban_queue_page_rebuild_choices (self);
  duban_queue_page_restore_selection (self);
  duban_queue_page_update_counts (self);
  duban_queue_page_update_page (self);

  /* The detail's object was updated in place if it is still listed; one
   * shown from elsewhere (a resolved ticket) is looked up again. */
  duban_ticket_detail_refresh (self->detail);
}

static void
on_session_reevaluated (DubanQueuePage *self,
                        DubanSession   *session)
{
  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  duban_queue_model_set_tickets (self->model,
                                 duban_session_get_tickets (session),
                                 duban_session_get_statuses (session));
  duban_queue_page_restore_selection (self);
  duban_queue_page_update_counts (self);
  duban_queue_page_update_page (self);
}

/* ---- keyboard ------------------------------------------------------------------ */

static gboolean
on_list_key_pressed (DubanQueuePage        *self,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     GtkEventControllerKey *controller)
{
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0)
    return FALSE;

  /* j and k as in mail readers and terminals. */
  switch (keyval)
    {
    case GDK_KEY_j:
      duban_queue_page_select_relative (self, 1);
      return TRUE;
    case GDK_KEY_k:
      duban_queue_page_select_relative (self, -1);
      return TRUE;
    case GDK_KEY_slash:
      duban_queue_page_focus_search (self);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  duban_queue_page_clear_filters (DUBAN_QUEUE_PAGE (widget));
}

static void
marks_changed_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DubanQueuePage *self = DUBAN_QUEUE_PAGE (widget);

  g_signal_emit (self, signals[MARKS_CHANGED], 0, g_hash_table_size (self->marked));
}

/* ---- construction ------------------------------------------------------------------ */

static GtkWidget *
make_count_button (DubanQueuePage  *self,
                   DubanQueueState  state,
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
  g_signal_connect_object (button, "toggled", G_CALLBACK (on_count_toggled), self, G_CONNECT_SWAPPED);

  return button;
}

static void
duban_queue_page_build (DubanQueuePage *self)
{
  static const char *dropdown_labels[N_DROPDOWNS] = {
    N_("Town"), N_("Unit"), N_("Category"), N_("Urgency"), N_("Source"),
  };
  GtkSorter *view_sorter;
  GtkEventController *keys;
  GtkWidget *first;

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  first = make_count_button (self, DUBAN_QUEUE_STATE_ANY_OPEN, NULL, _("All open"), NULL, NULL);
  gtk_box_append (self->counts_box, first);
  gtk_box_append (self->counts_box,
                  make_count_button (self, DUBAN_QUEUE_STATE_OVERDUE, duban_state_icon_name (DUBAN_STATE_OPEN_OVERDUE),
                                     duban_state_to_display (DUBAN_STATE_OPEN_OVERDUE), "state-overdue",
                                     GTK_TOGGLE_BUTTON (first)));
  gtk_box_append (self->counts_box,
                  make_count_button (self, DUBAN_QUEUE_STATE_CONTACT_OVERDUE, "call-missed-symbolic",
                                     _("Not contacted"), "state-overdue", GTK_TOGGLE_BUTTON (first)));
  gtk_box_append (self->counts_box,
                  make_count_button (self, DUBAN_QUEUE_STATE_WARNING, duban_state_icon_name (DUBAN_STATE_OPEN_WARNING),
                                     duban_state_to_display (DUBAN_STATE_OPEN_WARNING), "state-warning",
                                     GTK_TOGGLE_BUTTON (first)));
  gtk_box_append (self->counts_box,
                  make_count_button (self, DUBAN_QUEUE_STATE_OK, duban_state_icon_name (DUBAN_STATE_OPEN_OK),
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
                               G_CALLBACK (on_dropdown_selected), self, G_CONNECT_SWAPPED);
      gtk_flow_box_append (self->dropdown_box, GTK_WIDGET (self->dropdowns[d]));
    }

  view_sorter = gtk_column_view_get_sorter (self->column_view);
  g_signal_connect_object (view_sorter, "changed", G_CALLBACK (view_sorter_changed_cb), self, G_CONNECT_SWAPPED);

  keys = gtk_event_controller_key_new ();
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_list_key_pressed), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), keys);

  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate", G_CALLBACK (on_search_activate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "stop-search", G_CALLBACK (on_search_stop), self, G_CONNECT_SWAPPED);
}

static void
duban_queue_page_dispose (GObject *object)
{
  DubanQueuePage *self = (DubanQueuePage *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), DUBAN_TYPE_QUEUE_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->session);
  g_clear_object (&self->probe_items[0]);
  g_clear_object (&self->probe_items[1]);

  G_OBJECT_CLASS (duban_queue_page_parent_class)->dispose (object);
}

static void
duban_queue_page_finalize (GObject *object)
{
  DubanQueuePage *self = (DubanQueuePage *)object;

  g_clear_pointer (&self->marked, g_hash_table_unref);
  g_clear_pointer (&self->town_names, g_hash_table_unref);
  g_clear_pointer (&self->selected_id, g_free);
  for (guint d = 0; d < N_DROPDOWNS; d++)
    g_clear_pointer (&self->dropdown_values[d], g_ptr_array_unref);
  duban_queue_filter_clear (&self->filter);

  G_OBJECT_CLASS (duban_queue_page_parent_class)->finalize (object);
}

static void
duban_queue_page_class_init (DubanQueuePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = duban_queue_page_dispose;
  object_class->finalize = duban_queue_page_finalize;

  g_type_ensure (DUBAN_TYPE_TICKET_DETAIL);
  g_type_ensure (DUBAN_TYPE_QUEUE_SORT);
  /* The number of tickets marked for an order to several at once. */
  signals[MARKS_CHANGED] =
    g_signal_new ("marks-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/duban/Duban/duban-queue-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_bind_template_child (widget_class, DubanQueuePage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DubanQueuePage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, DubanQueuePage, paned);
  gtk_widget_class_bind_template_child (widget_class, DubanQueuePage, counts_box);
  gtk_widget_class_bind_template_child (widget_class, DubanQueuePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DubanQueuePage, external_filter_box);
  gtk_widget_class_bind_template_child (widget_class, DubanQueuePage, external_filter_label);
  gtk_widget_class_bind_template_child (widget_class, DubanQueuePage, dropdown_box);
  gtk_widget_class_bind_template_child (widget_class, DubanQueuePage, no_match_page);
  gtk_widget_class_bind_template_child (widget_class, DubanQueuePage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, DubanQueuePage, column_view);
  gtk_widget_class_bind_template_child (widget_class, DubanQueuePage, detail);

  gtk_widget_class_bind_template_callback (widget_class, setup_mark_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_state_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_label_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_numeric_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_id_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_clock_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_mark_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_state_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_id_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_title_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_clock_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_unit_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_deadline_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_town_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_category_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_urgency_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_source_cb);
  gtk_widget_class_bind_template_callback (widget_class, unbind_cell_cb);
  gtk_widget_class_bind_template_callback (widget_class, sort_probe_cb);

  gtk_widget_class_install_action (widget_class, "queue.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "queue.marks-changed", NULL, marks_changed_action);
}

static void
duban_queue_page_init (DubanQueuePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->marked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->town_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  duban_queue_filter_init (&self->filter);
  self->probe_items[0] = g_object_new (G_TYPE_OBJECT, NULL);
  self->probe_items[1] = g_object_new (G_TYPE_OBJECT, NULL);

  self->model = duban_queue_model_new ();
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selected_item_changed), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  duban_queue_page_build (self);
}

void
duban_queue_page_set_session (DubanQueuePage *self,
                              DubanSession   *session)
{
  g_return_if_fail (DUBAN_IS_QUEUE_PAGE (self));
  g_return_if_fail (DUBAN_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  duban_ticket_detail_set_session (self->detail, session);

  g_signal_connect_object (session, "reloaded", G_CALLBACK (on_session_reloaded), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "reevaluated", G_CALLBACK (on_session_reevaluated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::loaded", G_CALLBACK (duban_queue_page_update_page), self, G_CONNECT_SWAPPED);

  if (duban_session_get_loaded (session))
    on_session_reloaded (self, session);
  else
    duban_queue_page_update_page (self);
}

DubanQueueModel *
duban_queue_page_get_model (DubanQueuePage *self)
{
  g_return_val_if_fail (DUBAN_IS_QUEUE_PAGE (self), NULL);

  return self->model;
}

GtkSingleSelection *
duban_queue_page_get_selection (DubanQueuePage *self)
{
  g_return_val_if_fail (DUBAN_IS_QUEUE_PAGE (self), NULL);

  return self->selection;
}

DubanTicketDetail *
duban_queue_page_get_detail (DubanQueuePage *self)
{
  g_return_val_if_fail (DUBAN_IS_QUEUE_PAGE (self), NULL);

  return self->detail;
}

const char *
duban_queue_page_get_page_name (DubanQueuePage *self)
{
  g_return_val_if_fail (DUBAN_IS_QUEUE_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

void
duban_queue_page_set_filter (DubanQueuePage         *self,
                             const DubanQueueFilter *filter)
{
  g_return_if_fail (DUBAN_IS_QUEUE_PAGE (self));
  g_return_if_fail (filter != NULL);

  duban_queue_filter_copy (&self->filter, filter);
  duban_queue_page_sync_controls (self);
  duban_queue_page_apply_filter (self);
}

gboolean
duban_queue_page_apply_filter_spec (DubanQueuePage  *self,
                                    const char      *spec,
                                    GError         **error)
{
  DubanQueueFilter filter;

  g_return_val_if_fail (DUBAN_IS_QUEUE_PAGE (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  duban_queue_filter_init (&filter);
  if (!duban_queue_filter_parse (&filter, spec, error))
    return FALSE;

  duban_queue_page_set_filter (self, &filter);
  duban_queue_filter_clear (&filter);

  return TRUE;
}

void
duban_queue_page_clear_filters (DubanQueuePage *self)
{
  DubanQueueFilter filter;

  g_return_if_fail (DUBAN_IS_QUEUE_PAGE (self));

  duban_queue_filter_init (&filter);
  duban_queue_page_set_filter (self, &filter);
}

void
duban_queue_page_focus_search (DubanQueuePage *self)
{
  g_return_if_fail (DUBAN_IS_QUEUE_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
duban_queue_page_focus_list (DubanQueuePage *self)
{
  guint selected;

  g_return_if_fail (DUBAN_IS_QUEUE_PAGE (self));

  selected = gtk_single_selection_get_selected (self->selection);
  if (selected != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->column_view), "list.scroll-to-item", "u", selected);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

void
duban_queue_page_select_relative (DubanQueuePage *self,
                                  int             delta)
{
  guint n_items;
  guint selected;
  gint64 target;

  g_return_if_fail (DUBAN_IS_QUEUE_PAGE (self));

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  if (n_items == 0)
    return;

  selected = gtk_single_selection_get_selected (self->selection);
  target = selected == GTK_INVALID_LIST_POSITION ? 0 : (gint64) selected + delta;
  target = CLAMP (target, 0, (gint64) n_items - 1);

  gtk_single_selection_set_selected (self->selection, (guint) target);
  /* Keeps the row in view (GTK 4.8 has no gtk_column_view_scroll_to). */
  gtk_widget_activate_action (GTK_WIDGET (self->column_view), "list.scroll-to-item", "u", (guint) target);
}

void
duban_queue_page_show_ticket (DubanQueuePage *self,
                              const char     *ticket_id)
{
  guint position;

  g_return_if_fail (DUBAN_IS_QUEUE_PAGE (self));
  g_return_if_fail (ticket_id != NULL);

  if ((position = duban_queue_model_find (self->model, ticket_id)) != G_MAXUINT)
    {
      gtk_single_selection_set_selected (self->selection, position);
      gtk_widget_activate_action (GTK_WIDGET (self->column_view), "list.scroll-to-item", "u", position);
      return;
    }

  /* Not in the queue (done, or filtered out): the detail shows it alone. */
  duban_ticket_detail_show_ticket_id (self->detail, ticket_id);
}

void
duban_queue_page_toggle_mark (DubanQueuePage *self)
{
  DubanTicketObject *item;
  const char *id;

  g_return_if_fail (DUBAN_IS_QUEUE_PAGE (self));

  if (!(item = gtk_single_selection_get_selected_item (self->selection)))
    return;

  id = duban_ticket_object_get_id (item);
  if (!g_hash_table_remove (self->marked, id))
    g_hash_table_add (self->marked, g_strdup (id));

  /* The row's check box shows it. */
  duban_ticket_object_set_status (item, duban_ticket_object_get_status (item));
  marks_changed_action (GTK_WIDGET (self), NULL, NULL);
}

void
duban_queue_page_clear_marks (DubanQueuePage *self)
{
  g_return_if_fail (DUBAN_IS_QUEUE_PAGE (self));

  g_hash_table_remove_all (self->marked);
  g_signal_emit (self, signals[MARKS_CHANGED], 0, 0u);
  /* Every live row shows its box again. */
  if (self->session != NULL && duban_session_get_tickets (self->session) != NULL)
    duban_queue_model_set_tickets (self->model,
                                   duban_session_get_tickets (self->session),
                                   duban_session_get_statuses (self->session));
}

static int
compare_id_pointers (gconstpointer a,
                     gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
duban_queue_page_dup_order_targets (DubanQueuePage *self)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  DubanTicketObject *shown;

  g_return_val_if_fail (DUBAN_IS_QUEUE_PAGE (self), ids);

  if (g_hash_table_size (self->marked) > 0)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->marked);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_ptr_array_add (ids, g_strdup (key));
      g_ptr_array_sort (ids, compare_id_pointers);
      return ids;
    }

  if ((shown = duban_ticket_detail_get_ticket (self->detail)))
    g_ptr_array_add (ids, g_strdup (duban_ticket_object_get_id (shown)));

  return ids;
}

void
duban_queue_page_bind_settings (DubanQueuePage *self,
                                GSettings      *settings)
{
  g_return_if_fail (DUBAN_IS_QUEUE_PAGE (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_settings_bind (settings, "sidebar-width", self->paned, "position", G_SETTINGS_BIND_DEFAULT);
}
