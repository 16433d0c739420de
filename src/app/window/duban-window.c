/* duban-window.c — the desk's main window: the queue, the map, analysis, reports
 *
 * The window is a view of a DubanSession: it holds the pages and hands
 * them the session. How it follows the session's syncs and tells the
 * supervisor is in duban-window-sync.c; its actions (the keyboard's way
 * into everything) are in duban-window-actions.c; duban-window-private.h
 * is what the three share.
 */
#define G_LOG_DOMAIN "duban-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "duban-window-private.h"

/* States move with the clock; a minute is finer than any deadline shown. */
#define REEVALUATE_INTERVAL_SECONDS 60

G_DEFINE_FINAL_TYPE (DubanWindow, duban_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
duban_window_reevaluate (gpointer user_data)
{
  DubanWindow *self = DUBAN_WINDOW (user_data);

  duban_session_reevaluate (self->session);
  /* "14:03" becomes "12-01 14:03" after midnight */
  duban_window_update_last_sync (self);

  return G_SOURCE_CONTINUE;
}

static void
duban_window_constructed (GObject *object)
{
  DubanWindow *self = (DubanWindow *)object;

  G_OBJECT_CLASS (duban_window_parent_class)->constructed (object);

  g_assert (DUBAN_IS_SESSION (self->session));

  duban_queue_page_set_session (self->queue_page, self->session);
  duban_window_sync_init (self);

  duban_sync_status_set_session (self->sync_status, self->session);
  duban_map_page_set_session (self->map_page, self->session);
  duban_analysis_page_set_session (self->analysis_page, self->session);
  duban_judgement_page_set_session (self->judgement_page, self->session);
  duban_reports_page_set_session (self->reports_page, self->session);

  self->reevaluate_source = g_timeout_add_seconds (REEVALUATE_INTERVAL_SECONDS,
                                                   duban_window_reevaluate, self);

  if (duban_session_get_loaded (self->session))
    {
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
  if (self->schedule != NULL)
    duban_sync_schedule_stop (self->schedule);
  g_clear_object (&self->schedule);

  gtk_widget_dispose_template (GTK_WIDGET (self), DUBAN_TYPE_WINDOW);

  G_OBJECT_CLASS (duban_window_parent_class)->dispose (object);
}

static void
duban_window_finalize (GObject *object)
{
  DubanWindow *self = (DubanWindow *)object;

  g_clear_weak_pointer (&self->error_toast);
  g_clear_weak_pointer (&self->sending_toast);
  g_clear_pointer (&self->attention_spec, g_free);
  g_clear_pointer (&self->sync_message, g_free);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

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

  g_type_ensure (DUBAN_TYPE_QUEUE_PAGE);
  g_type_ensure (DUBAN_TYPE_MAP_PAGE);
  g_type_ensure (DUBAN_TYPE_ANALYSIS_PAGE);
  g_type_ensure (DUBAN_TYPE_JUDGEMENT_PAGE);
  g_type_ensure (DUBAN_TYPE_REPORTS_PAGE);
  g_type_ensure (DUBAN_TYPE_SYNC_STATUS);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/duban/Duban/duban-window.ui");

  gtk_widget_class_bind_template_child (widget_class, DubanWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, queue_page);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, marked_order_button);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, map_page);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, analysis_page);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, judgement_page);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, reports_page);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, quarantine_button);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, quarantine_content);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, quarantine_label);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, sync_status);
  gtk_widget_class_bind_template_child (widget_class, DubanWindow, last_sync_label);

  duban_window_install_actions (widget_class);
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
  duban_queue_page_bind_settings (self->queue_page, self->settings);
  self->schedule = duban_sync_schedule_new (self->settings);
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

GtkSingleSelection *
duban_window_get_selection (DubanWindow *self)
{
  g_return_val_if_fail (DUBAN_IS_WINDOW (self), NULL);

  return duban_queue_page_get_selection (self->queue_page);
}

DubanTicketDetail *
duban_window_get_detail (DubanWindow *self)
{
  g_return_val_if_fail (DUBAN_IS_WINDOW (self), NULL);

  return duban_queue_page_get_detail (self->queue_page);
}

const char *
duban_window_get_page_name (DubanWindow *self)
{
  g_return_val_if_fail (DUBAN_IS_WINDOW (self), NULL);

  return duban_queue_page_get_page_name (self->queue_page);
}

DubanQueuePage *
duban_window_get_queue_page (DubanWindow *self)
{
  g_return_val_if_fail (DUBAN_IS_WINDOW (self), NULL);

  return self->queue_page;
}

gboolean
duban_window_show_queue_filtered (DubanWindow  *self,
                                  const char   *spec,
                                  GError      **error)
{
  g_return_val_if_fail (DUBAN_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  if (!duban_queue_page_apply_filter_spec (self->queue_page, spec, error))
    return FALSE;

  adw_view_stack_set_visible_child_name (self->view_stack, "queue");
  duban_queue_page_focus_list (self->queue_page);

  return TRUE;
}

void
duban_window_set_auto_sync (DubanWindow *self,
                            gboolean     auto_sync)
{
  g_return_if_fail (DUBAN_IS_WINDOW (self));

  self->auto_sync = !!auto_sync;
  if (!self->auto_sync)
    duban_sync_schedule_stop (self->schedule);
}

DubanSyncSchedule *
duban_window_get_sync_schedule (DubanWindow *self)
{
  g_return_val_if_fail (DUBAN_IS_WINDOW (self), NULL);

  return self->schedule;
}

const char *
duban_window_get_last_sync_text (DubanWindow *self)
{
  g_return_val_if_fail (DUBAN_IS_WINDOW (self), NULL);

  return gtk_label_get_label (self->last_sync_label);
}

const char *
duban_window_get_sync_message (DubanWindow *self)
{
  g_return_val_if_fail (DUBAN_IS_WINDOW (self), NULL);

  return self->sync_message;
}
