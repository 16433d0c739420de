/* duban-window.c — the desk's main window: open tickets and one's detail
 *
 * The window is a view of a DubanSession: it sorts the session's open
 * tickets into the order of attention, shows the selected one, and turns
 * the session's sync into progress and toasts. The sidebar/detail split is
 * a GtkPaned so that later views (map, queue, reports) can take its place
 * in the main stack.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "duban-ticket-object.h"
#include "duban-ticket-row.h"
#include "duban-window.h"
#include "duban-analysis-page.h"
#include "duban-map-page.h"
#include "duban-reports-page.h"

/* States move with the clock; a minute is finer than any deadline shown. */
#define REEVALUATE_INTERVAL_SECONDS 60
#define PULSE_INTERVAL_MS           120

struct _DubanWindow
{
  AdwApplicationWindow  parent_instance;

  DubanSession         *session;
  GSettings            *settings;
  GtkSortListModel     *sorted;
  GtkSingleSelection   *selection;
  char                 *selected_id;

  guint                 reevaluate_source;
  guint                 pulse_source;
  guint                 replacing_items : 1;
  guint                 auto_sync : 1;
  guint                 auto_sync_considered : 1;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  AdwViewSwitcherTitle *window_title;
  AdwViewStack         *view_stack;
  DubanMapPage         *map_page;
  DubanAnalysisPage    *analysis_page;
  DubanReportsPage     *reports_page;
  AdwToast             *error_toast;
  GtkWidget            *quarantine_button;
  AdwButtonContent     *quarantine_content;
  GtkLabel             *quarantine_label;
  GtkProgressBar       *progress_bar;
  GtkStack             *main_stack;
  GtkSpinner           *loading_spinner;
  GtkPaned             *paned;
  GtkLabel             *summary_label;
  GtkListView          *list_view;
  DubanTicketDetail    *detail;
};

G_DEFINE_FINAL_TYPE (DubanWindow, duban_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void duban_window_sync_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data);

static void
duban_window_show_preferences_toast (DubanWindow *self,
                                     const char  *message)
{
  AdwToast *toast;

  g_assert (DUBAN_IS_WINDOW (self));

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 0);
  /* Stays until the user acts on it or a later sync succeeds. */
  g_set_weak_pointer (&self->error_toast, toast);
  adw_toast_set_button_label (toast, _("_Preferences"));
  adw_toast_set_action_name (toast, "app.preferences");
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
duban_window_update_page (DubanWindow *self)
{
  const char *page;

  g_assert (DUBAN_IS_WINDOW (self));

  if (!duban_session_get_loaded (self->session))
    page = "loading";
  else if (duban_session_get_ticket_count (self->session) == 0)
    page = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) == 0)
    page = "no-open";
  else
    page = "tickets";

  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (page, "loading"));
  gtk_stack_set_visible_child_name (self->main_stack, page);
}

static void
duban_window_update_summary (DubanWindow *self)
{
  GListModel *model = G_LIST_MODEL (self->sorted);
  guint n_items = g_list_model_get_n_items (model);
  guint n_overdue = 0;
  guint n_warning = 0;
  g_autofree char *open = NULL;
  g_autofree char *overdue = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *summary = NULL;

  g_assert (DUBAN_IS_WINDOW (self));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(DubanTicketObject) item = g_list_model_get_item (model, i);
      DubanState state = duban_ticket_object_get_status (item)->state;

      if (state == DUBAN_STATE_OPEN_OVERDUE)
        n_overdue++;
      else if (state == DUBAN_STATE_OPEN_WARNING)
        n_warning++;
    }

  open = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open", "%u open", n_items), n_items);
  overdue = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u overdue", "%u overdue", n_overdue), n_overdue);
  warning = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u in warning", "%u in warning", n_warning), n_warning);
  /* Translators: "12 open · 3 overdue · 2 in warning" */
  summary = g_strdup_printf (_("%s · %s · %s"), open, overdue, warning);
  gtk_label_set_label (self->summary_label, summary);
}

static void
duban_window_update_last_sync (DubanWindow *self)
{
  DubanTime last_sync;

  g_assert (DUBAN_IS_WINDOW (self));

  last_sync = duban_session_get_last_sync (self->session);
  if (last_sync == DUBAN_TIME_NONE)
    {
      adw_view_switcher_title_set_subtitle (self->window_title, _("Never synced"));
    }
  else
    {
      g_autofree char *when = duban_time_format_civil (last_sync);
      /* Translators: %s is a date and time, e.g. 2026-10-09 14:03 */
      g_autofree char *subtitle = g_strdup_printf (_("Last synced %s"), when);

      adw_view_switcher_title_set_subtitle (self->window_title, subtitle);
    }
}

static void
duban_window_update_quarantine (DubanWindow *self)
{
  gint64 count;
  guint n;
  g_autofree char *label = NULL;
  g_autofree char *explanation = NULL;

  g_assert (DUBAN_IS_WINDOW (self));

  count = duban_session_get_quarantine_count (self->session);
  gtk_widget_set_visible (self->quarantine_button, count > 0);
  if (count <= 0)
    return;

  /* "%u", not G_GINT64_FORMAT: xgettext cannot expand a macro inside a
   * message, and no store holds four billion bad records. */
  n = (guint) MIN (count, G_MAXUINT);
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u quarantined", "%u quarantined", n), n);
  adw_button_content_set_label (self->quarantine_content, label);

  explanation = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u record from the platform was invalid. "
                                              "It is kept aside with the reason, and the sync went on with the rest.",
                                              "%u records from the platform were invalid. "
                                              "They are kept aside with the reasons, and the sync went on with the rest.",
                                              n),
                                 n);
  gtk_label_set_label (self->quarantine_label, explanation);
}

static gboolean
duban_window_pulse (gpointer user_data)
{
  DubanWindow *self = DUBAN_WINDOW (user_data);

  gtk_progress_bar_pulse (self->progress_bar);

  return G_SOURCE_CONTINUE;
}

static void
on_session_syncing_changed (DubanWindow  *self,
                            GParamSpec   *pspec,
                            DubanSession *session)
{
  gboolean syncing;

  g_assert (DUBAN_IS_WINDOW (self));

  syncing = duban_session_get_syncing (session);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync", !syncing);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), syncing);

  /* The number of pages is not known in advance, so the bar pulses. */
  if (syncing && self->pulse_source == 0)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      self->pulse_source = g_timeout_add (PULSE_INTERVAL_MS, duban_window_pulse, self);
    }
  else if (!syncing)
    {
      g_clear_handle_id (&self->pulse_source, g_source_remove);
    }
}

static void
on_session_sync_progress (DubanWindow          *self,
                          const DubanSyncStats *stats,
                          DubanSession         *session)
{
  g_autofree char *text = NULL;

  g_assert (DUBAN_IS_WINDOW (self));

  /* Translators: shown while syncing, after each page of tickets */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Synced %u page: %u new, %u updated",
                                       "Synced %u pages: %u new, %u updated",
                                       stats->pages),
                          stats->pages, stats->inserted, stats->updated);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->progress_bar), text);
  gtk_progress_bar_pulse (self->progress_bar);
}

static void
duban_window_restore_selection (DubanWindow *self)
{
  GListModel *model = G_LIST_MODEL (self->sorted);
  guint n_items = g_list_model_get_n_items (model);

  g_assert (DUBAN_IS_WINDOW (self));

  if (self->selected_id != NULL)
    {
      for (guint i = 0; i < n_items; i++)
        {
          g_autoptr(DubanTicketObject) item = g_list_model_get_item (model, i);

          if (g_strcmp0 (duban_ticket_object_get_id (item), self->selected_id) == 0)
            {
              gtk_single_selection_set_selected (self->selection, i);
              break;
            }
        }
    }

  /* Refresh even when the selection did not move: the item may be a new
   * object for the same ticket, or the same one with a newer status. */
  duban_ticket_detail_set_ticket (self->detail,
                                  gtk_single_selection_get_selected_item (self->selection));
  g_free (self->selected_id);
  self->selected_id = duban_ticket_detail_get_ticket (self->detail) != NULL
    ? g_strdup (duban_ticket_object_get_id (duban_ticket_detail_get_ticket (self->detail)))
    : NULL;
}

static void
on_tickets_replacing (DubanWindow *self,
                      guint        position,
                      guint        removed,
                      guint        added,
                      GListModel  *model)
{
  /* Runs before the sort model and the selection see the change: the
   * selection they make up in between is not the user's choice. */
  self->replacing_items = TRUE;
}

static void
on_tickets_replaced (DubanWindow *self,
                     guint        position,
                     guint        removed,
                     guint        added,
                     GListModel  *model)
{
  self->replacing_items = FALSE;

  duban_window_restore_selection (self);
  duban_window_update_summary (self);
  duban_window_update_page (self);
}

static void
on_selected_item_changed (DubanWindow        *self,
                          GParamSpec         *pspec,
                          GtkSingleSelection *selection)
{
  DubanTicketObject *item;

  g_assert (DUBAN_IS_WINDOW (self));

  if (self->replacing_items)
    return;

  item = gtk_single_selection_get_selected_item (selection);
  duban_ticket_detail_set_ticket (self->detail, item);

  g_free (self->selected_id);
  self->selected_id = item != NULL ? g_strdup (duban_ticket_object_get_id (item)) : NULL;
}

static void
duban_window_maybe_auto_sync (DubanWindow *self)
{
  g_autofree char *url = NULL;

  g_assert (DUBAN_IS_WINDOW (self));

  /* Once, on the first load: a new desk pointed at a platform shows
   * tickets without the user having to find the sync button. */
  if (self->auto_sync_considered || !duban_session_get_loaded (self->session))
    return;
  self->auto_sync_considered = TRUE;

  if (!self->auto_sync ||
      duban_session_get_ticket_count (self->session) > 0 ||
      duban_session_get_quarantine_count (self->session) > 0 ||
      duban_session_get_syncing (self->session) ||
      !(url = duban_session_dup_feed_url (self->session)))
    return;

  g_debug ("Empty store and a platform set: syncing once by itself");
  duban_session_sync_async (self->session, NULL, duban_window_sync_cb, g_object_ref (self));
}

static void
duban_window_reload_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  DubanSession *session = DUBAN_SESSION (object);
  g_autoptr(DubanWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!duban_session_reload_finish (session, result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot read the tickets: %s"), error->message);

      g_warning ("%s", message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      return;
    }

  duban_window_update_page (self);
  duban_window_maybe_auto_sync (self);
}

static void
duban_window_sync_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  DubanSession *session = DUBAN_SESSION (object);
  g_autoptr(DubanWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  DubanSyncStats stats;

  if (!duban_session_sync_finish (session, result, &stats, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      if (g_error_matches (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_UNAUTHORIZED))
        {
          duban_window_show_preferences_toast (self,
            _("The platform refused the sync: the access token is missing or wrong"));
          return;
        }

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED))
        {
          duban_window_show_preferences_toast (self,
            _("Set the platform address in Preferences first"));
          return;
        }

      /* Translators: %s is the reason, e.g. a network error */
      message = g_strdup_printf (_("Sync failed: %s"), error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      return;
    }

  if (self->error_toast != NULL)
    adw_toast_dismiss (self->error_toast);

  if (stats.inserted + stats.updated + stats.deleted + stats.quarantined == 0)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Up to date")));
    }
  else
    {
      /* Translators: a summary after a sync */
      g_autofree char *message = g_strdup_printf (_("Synced: %u new, %u updated, %u removed, %u quarantined"),
                                                  stats.inserted, stats.updated,
                                                  stats.deleted, stats.quarantined);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
    }
}

static void
duban_window_sync_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  DubanWindow *self = DUBAN_WINDOW (widget);

  if (duban_session_get_syncing (self->session))
    return;

  duban_session_sync_async (self->session, NULL, duban_window_sync_cb, g_object_ref (self));
}

static gboolean
duban_window_reevaluate (gpointer user_data)
{
  DubanWindow *self = DUBAN_WINDOW (user_data);

  duban_session_reevaluate (self->session);

  return G_SOURCE_CONTINUE;
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
duban_window_constructed (GObject *object)
{
  DubanWindow *self = (DubanWindow *)object;
  g_autoptr(GtkListItemFactory) factory = NULL;
  GListModel *tickets;
  GtkSorter *sorter;

  G_OBJECT_CLASS (duban_window_parent_class)->constructed (object);

  g_assert (DUBAN_IS_SESSION (self->session));

  tickets = duban_session_get_open_tickets (self->session);

  /* Connected before the sort model exists, so it runs first; the _after
   * one runs once the sort model and the selection have caught up. */
  g_signal_connect_object (tickets, "items-changed",
                           G_CALLBACK (on_tickets_replacing), self, G_CONNECT_SWAPPED);

  sorter = GTK_SORTER (gtk_custom_sorter_new (duban_ticket_object_compare_urgency, NULL, NULL));
  self->sorted = gtk_sort_list_model_new (g_object_ref (tickets), sorter);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selected_item_changed), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (tickets, "items-changed",
                           G_CALLBACK (on_tickets_replaced), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->session, "notify::syncing",
                           G_CALLBACK (on_session_syncing_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::quarantine-count",
                           G_CALLBACK (duban_window_update_quarantine), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::last-sync",
                           G_CALLBACK (duban_window_update_last_sync), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::ticket-count",
                           G_CALLBACK (duban_window_update_page), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::loaded",
                           G_CALLBACK (duban_window_update_page), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "sync-progress",
                           G_CALLBACK (on_session_sync_progress), self, G_CONNECT_SWAPPED);

  duban_map_page_set_session (self->map_page, self->session);
  duban_analysis_page_set_session (self->analysis_page, self->session);
  duban_reports_page_set_session (self->reports_page, self->session);

  duban_window_update_page (self);
  duban_window_update_summary (self);
  duban_window_update_last_sync (self);
  duban_window_update_quarantine (self);
  on_session_syncing_changed (self, NULL, self->session);

  self->reevaluate_source = g_timeout_add_seconds (REEVALUATE_INTERVAL_SECONDS,
                                                   duban_window_reevaluate, self);

  if (duban_session_get_loaded (self->session))
    {
      duban_window_restore_selection (self);
      self->auto_sync_considered = TRUE;
    }
  else
    {
      duban_window_reload (self);
    }
}

static void
duban_window_dispose (GObject *object)
{
  DubanWindow *self = (DubanWindow *)object;

  g_clear_handle_id (&self->reevaluate_source, g_source_remove);
  g_clear_handle_id (&self->pulse_source, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), DUBAN_TYPE_WINDOW);

  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);

  G_OBJECT_CLASS (duban_window_parent_class)->dispose (object);
}

static void
duban_window_finalize (GObject *object)
{
  DubanWindow *self = (DubanWindow *)object;

  g_clear_weak_pointer (&self->error_toast);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->selected_id, g_free);

  G_OBJECT_CLASS (duban_window_parent_class)->finalize (object);
}

static void
duban_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DubanWindow *self = DUBAN_WINDOW (object);

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
duban_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  DubanWindow *self = DUBAN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
duban_window_class_init (DubanWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = duban_window_constructed;
  object_class->dispose = duban_window_dispose;
  object_class->finalize = duban_window_finalize;
  object_class->get_property = duban_window_get_property;
  object_class->set_property = duban_window_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         DUBAN_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DUBAN_TYPE_TICKET_DETAIL);
  g_type_ensure (DUBAN_TYPE_MAP_PAGE);
  g_type_ensure (DUBAN_TYPE_ANALYSIS_PAGE);
  g_type_ensure (DUBAN_TYPE_REPORTS_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/duban/Duban/duban-window.ui");

  gtk_widget_class_bind_template_child (widget_class, DubanWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, map_page);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, analysis_page);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, reports_page);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, quarantine_button);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, quarantine_content);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, quarantine_label);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, detail);

  /* Its accelerators (Ctrl+R, F5) are set by the application, so that
   * menus and the shortcuts window show them. */
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, duban_window_sync_action);
}

static void
duban_window_init (DubanWindow *self)
{
  self->auto_sync = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sidebar-width", self->paned, "position", G_SETTINGS_BIND_DEFAULT);
}

DubanWindow *
duban_window_new (GtkApplication *application,
                  DubanSession   *session)
{
  g_return_val_if_fail (!application || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (DUBAN_IS_SESSION (session), NULL);

  return g_object_new (DUBAN_TYPE_WINDOW,
                       "application", application,
                       "session", session,
                       NULL);
}

DubanSession *
duban_window_get_session (DubanWindow *self)
{
  g_return_val_if_fail (DUBAN_IS_WINDOW (self), NULL);

  return self->session;
}

void
duban_window_reload (DubanWindow *self)
{
  g_return_if_fail (DUBAN_IS_WINDOW (self));

  duban_session_reload_async (self->session, NULL, duban_window_reload_cb, g_object_ref (self));
}

GtkSingleSelection *
duban_window_get_selection (DubanWindow *self)
{
  g_return_val_if_fail (DUBAN_IS_WINDOW (self), NULL);

  return self->selection;
}

DubanTicketDetail *
duban_window_get_detail (DubanWindow *self)
{
  g_return_val_if_fail (DUBAN_IS_WINDOW (self), NULL);

  return self->detail;
}

const char *
duban_window_get_page_name (DubanWindow *self)
{
  g_return_val_if_fail (DUBAN_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

void
duban_window_set_auto_sync (DubanWindow *self,
                            gboolean     auto_sync)
{
  g_return_if_fail (DUBAN_IS_WINDOW (self));

  self->auto_sync = !!auto_sync;
}
