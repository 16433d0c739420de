/* duban-window.c — the desk's main window: the queue, the map, analysis, reports
 *
 * The window is a view of a DubanSession: it holds the pages, turns the
 * session's sync into progress, toasts and a desktop notification of what
 * newly became overdue, and carries the window's actions (the keyboard's
 * way into everything), which mostly hand over to the queue page.
 */
#define G_LOG_DOMAIN "duban-window"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-audit-window.h"
#include "duban-order-dialog.h"
#include "duban-orders-window.h"
#include "duban-queue-page.h"
#include "duban-quarantine-window.h"
#include "duban-sync-status.h"
#include "duban-token-dialog.h"
#include "duban-ticket-object.h"
#include "duban-window.h"
#include "duban-analysis-page.h"
#include "duban-judgement-page.h"
#include "duban-map-page.h"
#include "duban-reports-page.h"

/* States move with the clock; a minute is finer than any deadline shown. */
#define REEVALUATE_INTERVAL_SECONDS 60

struct _DubanWindow
{
  AdwApplicationWindow  parent_instance;

  DubanSession         *session;
  GSettings            *settings;

  guint                 reevaluate_source;
  guint                 auto_sync : 1;
  guint                 auto_sync_considered : 1;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  AdwViewSwitcherTitle *window_title;
  AdwViewStack         *view_stack;
  DubanQueuePage       *queue_page;
  GtkWidget            *marked_order_button;
  DubanMapPage         *map_page;
  DubanAnalysisPage    *analysis_page;
  DubanJudgementPage   *judgement_page;
  DubanReportsPage     *reports_page;
  AdwToast             *error_toast;
  GtkWidget            *quarantine_button;
  AdwButtonContent     *quarantine_content;
  GtkLabel             *quarantine_label;
  DubanSyncStatus      *sync_status;
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

static void
session_syncing_changed_cb (DubanWindow  *self,
                            GParamSpec   *pspec,
                            DubanSession *session)
{
  gboolean syncing;

  g_assert (DUBAN_IS_WINDOW (self));

  syncing = duban_session_get_syncing (session);
  /* the sync status under the header shows pages, tickets and Cancel */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync", !syncing);
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
  duban_session_sync_async (self->session, duban_sync_status_begin (self->sync_status),
                            duban_window_sync_cb, g_object_ref (self));
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

  duban_window_maybe_auto_sync (self);
}

/* ---- the workbench ------------------------------------------------------ */

/* The outbox waits for a token the platform accepts: the dialog saves it
 * and syncs, and a good sync sends the outbox again. */
static void
outbox_needs_token_cb (DubanWindow  *self,
                       const char   *url,
                       DubanSession *session)
{
  g_assert (DUBAN_IS_WINDOW (self));

  duban_token_dialog_ask (GTK_WINDOW (self), url);
}

static void
outbox_blocked_cb (DubanWindow  *self,
                   const char   *message,
                   DubanSession *session)
{
  g_assert (DUBAN_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
append_ids (GString            *joined,
            const char * const *ids)
{
  for (; *ids != NULL; ids++)
    {
      if (joined->str[joined->len - 1] != ':')
        g_string_append_c (joined, ',');
      g_string_append (joined, *ids);
    }
}

static char *
join_ids (const char * const *overdue,
          const char * const *warning)
{
  GString *joined = g_string_new ("ids:");

  append_ids (joined, overdue);
  append_ids (joined, warning);
  return g_string_free (joined, FALSE);
}

/* Tells the user, by a desktop notification, which tickets newly became
 * overdue or 预警 since they were last told (the session works it out
 * after each good sync); its default action opens the queue on exactly
 * those. */
static void
attention_changed_cb (DubanWindow        *self,
                      const char * const *newly_overdue,
                      const char * const *newly_warning,
                      DubanSession       *session)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *spec = NULL;
  GApplication *application;
  guint n_overdue, n_warning;

  g_assert (DUBAN_IS_WINDOW (self));

  n_overdue = g_strv_length ((char **) newly_overdue);
  n_warning = g_strv_length ((char **) newly_warning);
  if (n_overdue + n_warning == 0 || !(application = g_application_get_default ()))
    return;

  spec = join_ids (newly_overdue, newly_warning);

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u ticket newly needs attention",
                                        "%u tickets newly need attention",
                                        n_overdue + n_warning),
                           n_overdue + n_warning);
  /* Translators: the body of the notification after a sync */
  body = g_strdup_printf (_("Newly overdue: %u · newly in warning: %u"), n_overdue, n_warning);

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, n_overdue > 0 ? G_NOTIFICATION_PRIORITY_HIGH
                                                            : G_NOTIFICATION_PRIORITY_NORMAL);
  g_notification_set_default_action_and_target (notification, "app.show-queue-filtered", "s", spec);
  g_notification_add_button_with_target (notification, _("Show Them"), "app.show-queue-filtered", "s", spec);
  g_application_send_notification (application, "attention", notification);
}

static void
marks_changed_cb (DubanWindow    *self,
                  guint           n_marked,
                  DubanQueuePage *page)
{
  g_assert (DUBAN_IS_WINDOW (self));

  gtk_widget_set_visible (self->marked_order_button, n_marked > 0);
  if (n_marked > 0)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "Order for %u Marked",
                                                             "Order for %u Marked",
                                                             n_marked),
                                                n_marked);

      gtk_button_set_label (GTK_BUTTON (self->marked_order_button), label);
    }
}

static void
orders_issued_cb (DubanWindow *self,
                  guint        n_issued)
{
  g_autofree char *message = NULL;

  g_assert (DUBAN_IS_WINDOW (self));

  if (n_issued == 0)
    return;

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Supervision order saved; sending it to the platform",
                                          "%u supervision orders saved; sending them to the platform",
                                          n_issued),
                             n_issued);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));

  duban_queue_page_clear_marks (self->queue_page);
  duban_session_records_changed (self->session);
  duban_session_flush_outbox (self->session);
}

static void
duban_window_show_queue (DubanWindow *self)
{
  adw_view_stack_set_visible_child_name (self->view_stack, "queue");
}

static void
duban_window_search_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  DubanWindow *self = DUBAN_WINDOW (widget);

  duban_window_show_queue (self);
  duban_queue_page_focus_search (self->queue_page);
}

static void
duban_window_next_ticket_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  duban_queue_page_select_relative (DUBAN_WINDOW (widget)->queue_page, 1);
}

static void
duban_window_previous_ticket_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  duban_queue_page_select_relative (DUBAN_WINDOW (widget)->queue_page, -1);
}

static void
duban_window_focus_queue_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  DubanWindow *self = DUBAN_WINDOW (widget);

  duban_window_show_queue (self);
  duban_queue_page_focus_list (self->queue_page);
}

static void
duban_window_toggle_mark_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  duban_queue_page_toggle_mark (DUBAN_WINDOW (widget)->queue_page);
}

static void
duban_window_issue_order_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  DubanWindow *self = DUBAN_WINDOW (widget);
  g_autoptr(GPtrArray) targets = duban_queue_page_dup_order_targets (self->queue_page);

  if (targets->len == 0)
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("Select a ticket, or mark several, first")));
      return;
    }

  duban_order_dialog_present (GTK_WINDOW (self), self->session, targets,
                              (DubanOrderDialogDone) orders_issued_cb, self);
}

static void
duban_window_add_note_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  DubanWindow *self = DUBAN_WINDOW (widget);

  duban_window_show_queue (self);
  duban_ticket_detail_focus_note (duban_queue_page_get_detail (self->queue_page));
}

static void
reveal_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    DubanWindow      *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "reason-entry");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "reveal") != 0)
    return;

  if (!duban_ticket_detail_reveal (duban_queue_page_get_detail (self->queue_page),
                                   gtk_editable_get_text (entry), &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
reveal_reason_changed_cb (GtkEditable      *entry,
                          AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "reveal", reason[0] != '\0');
}

static void
duban_window_reveal_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  DubanWindow *self = DUBAN_WINDOW (widget);
  DubanTicketDetail *detail = duban_queue_page_get_detail (self->queue_page);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (duban_ticket_detail_get_ticket (detail) == NULL || duban_ticket_detail_get_revealed (detail))
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Show the Petitioner's Personal Data?"),
                                   _("The name and phone number are shown only for a reason, "
                                     "which is written to the audit log with your name and the time."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason, e.g. calling back about the complaint"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_object_set_data (G_OBJECT (dialog), "reason-entry", entry);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "reveal", _("_Show"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reveal", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reveal", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "reveal");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_signal_connect (entry, "changed", G_CALLBACK (reveal_reason_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reveal_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
duban_window_show_orders_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  DubanWindow *self = DUBAN_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (duban_orders_window_new (GTK_WINDOW (self), self->session)));
}

static void
duban_window_show_quarantine_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  DubanWindow *self = DUBAN_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (duban_quarantine_window_new (GTK_WINDOW (self), self->session)));
}

static void
duban_window_show_audit_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  DubanWindow *self = DUBAN_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (duban_audit_window_new (GTK_WINDOW (self), self->session)));
}

static void
duban_window_clear_filters_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  duban_queue_page_clear_filters (DUBAN_WINDOW (widget)->queue_page);
}

static void
duban_window_show_ticket_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  DubanWindow *self = DUBAN_WINDOW (widget);

  duban_window_show_queue (self);
  duban_queue_page_show_ticket (self->queue_page, g_variant_get_string (parameter, NULL));
}

static void
duban_window_show_queue_filtered_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  DubanWindow *self = DUBAN_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!duban_window_show_queue_filtered (self, g_variant_get_string (parameter, NULL), &error))
    g_warning ("%s", error->message);
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
          g_autofree char *url = duban_session_dup_feed_url (self->session);

          if (url != NULL)
            duban_token_dialog_ask (GTK_WINDOW (self), url);
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

  duban_session_sync_async (self->session, duban_sync_status_begin (self->sync_status),
                            duban_window_sync_cb, g_object_ref (self));
}

static gboolean
duban_window_reevaluate (gpointer user_data)
{
  DubanWindow *self = DUBAN_WINDOW (user_data);

  duban_session_reevaluate (self->session);

  return G_SOURCE_CONTINUE;
}

static void
duban_window_constructed (GObject *object)
{
  DubanWindow *self = (DubanWindow *)object;

  G_OBJECT_CLASS (duban_window_parent_class)->constructed (object);

  g_assert (DUBAN_IS_SESSION (self->session));

  duban_queue_page_set_session (self->queue_page, self->session);
  g_signal_connect_object (self->queue_page, "marks-changed",
                           G_CALLBACK (marks_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->session, "notify::syncing",
                           G_CALLBACK (session_syncing_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::quarantine-count",
                           G_CALLBACK (duban_window_update_quarantine), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::last-sync",
                           G_CALLBACK (duban_window_update_last_sync), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "attention-changed",
                           G_CALLBACK (attention_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "outbox-needs-token",
                           G_CALLBACK (outbox_needs_token_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "outbox-blocked",
                           G_CALLBACK (outbox_blocked_cb), self, G_CONNECT_SWAPPED);

  duban_sync_status_set_session (self->sync_status, self->session);
  duban_map_page_set_session (self->map_page, self->session);
  duban_analysis_page_set_session (self->analysis_page, self->session);
  duban_judgement_page_set_session (self->judgement_page, self->session);
  duban_reports_page_set_session (self->reports_page, self->session);

  duban_window_update_last_sync (self);
  duban_window_update_quarantine (self);
  session_syncing_changed_cb (self, NULL, self->session);

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

  gtk_widget_dispose_template (GTK_WIDGET (self), DUBAN_TYPE_WINDOW);

  G_OBJECT_CLASS (duban_window_parent_class)->dispose (object);
}

static void
duban_window_finalize (GObject *object)
{
  DubanWindow *self = (DubanWindow *)object;

  g_clear_weak_pointer (&self->error_toast);
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

  /* Its accelerators (Ctrl+R, F5) are set by the application, so that
   * menus and the shortcuts window show them. */
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, duban_window_sync_action);
  /* The workbench's; their accelerators are the application's too. */
  gtk_widget_class_install_action (widget_class, "win.search", NULL, duban_window_search_action);
  gtk_widget_class_install_action (widget_class, "win.next-ticket", NULL, duban_window_next_ticket_action);
  gtk_widget_class_install_action (widget_class, "win.previous-ticket", NULL, duban_window_previous_ticket_action);
  gtk_widget_class_install_action (widget_class, "win.focus-queue", NULL, duban_window_focus_queue_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-mark", NULL, duban_window_toggle_mark_action);
  gtk_widget_class_install_action (widget_class, "win.issue-order", NULL, duban_window_issue_order_action);
  gtk_widget_class_install_action (widget_class, "win.add-note", NULL, duban_window_add_note_action);
  gtk_widget_class_install_action (widget_class, "win.reveal-petitioner", NULL, duban_window_reveal_action);
  gtk_widget_class_install_action (widget_class, "win.show-orders", NULL, duban_window_show_orders_action);
  gtk_widget_class_install_action (widget_class, "win.show-audit", NULL, duban_window_show_audit_action);
  gtk_widget_class_install_action (widget_class, "win.show-quarantine", NULL, duban_window_show_quarantine_action);
  gtk_widget_class_install_action (widget_class, "win.clear-filters", NULL, duban_window_clear_filters_action);
  gtk_widget_class_install_action (widget_class, "win.show-ticket", "s", duban_window_show_ticket_action);
  gtk_widget_class_install_action (widget_class, "win.show-queue-filtered", "s",
                                   duban_window_show_queue_filtered_action);
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
}
