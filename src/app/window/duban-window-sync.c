/* duban-window-sync.c — the window following the session's syncs
 *
 * When the desk syncs (by hand, on the schedule, at start), how the sync
 * went and what it brought (newly overdue, 预警, 未联系), the last sync
 * beside the button, the quarantine's count, the outbox's token and
 * delivery: everything the window tells the supervisor about the session.
 * Part of DubanWindow (duban-window-private.h).
 */
#define G_LOG_DOMAIN "duban-window-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "duban-order-dialog.h"
#include "duban-store.h"
#include "duban-token-dialog.h"
#include "duban-window-private.h"

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

/* "14:03" today, "11-30 14:03" before: the label stays short. */
static char *
format_sync_time (DubanTime when)
{
  g_autofree char *full = duban_time_format_civil (when);      /* 2026-11-30 14:03 */
  g_autofree char *today = duban_time_format_civil (duban_time_now ());

  if (strlen (full) >= 16 && strncmp (full, today, 10) == 0)
    return g_strdup (full + 11);
  return g_strdup (strlen (full) > 5 ? full + 5 : full);
}

/* Beside the sync button, where the eye goes to sync: how fresh the
 * tickets are, at every width (the view switcher's subtitle is hidden
 * whenever the switcher shows). */
void
duban_window_update_last_sync (DubanWindow *self)
{
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  DubanTime last_sync, offline_since;

  g_assert (DUBAN_IS_WINDOW (self));

  last_sync = duban_session_get_last_sync (self->session);
  offline_since = duban_session_get_offline_since (self->session);

  if (offline_since != DUBAN_TIME_NONE)
    {
      g_autofree char *since = duban_time_format_civil (offline_since);

      if (last_sync != DUBAN_TIME_NONE)
        {
          g_autofree char *when = format_sync_time (last_sync);

          /* Translators: %s is the time of the last good sync, e.g. 14:03 or 11-30 14:03 */
          text = g_strdup_printf (_("Offline, data as of %s"), when);
        }
      else
        text = g_strdup (_("Offline, never synced"));
      /* Translators: %s is a date and time, e.g. 2026-10-09 14:03 */
      tooltip = g_strdup_printf (_("The platform cannot be reached since %s"), since);
      gtk_widget_add_css_class (GTK_WIDGET (self->last_sync_label), "warning");
      gtk_widget_remove_css_class (GTK_WIDGET (self->last_sync_label), "dim-label");
    }
  else
    {
      if (last_sync == DUBAN_TIME_NONE)
        text = g_strdup (_("Never synced"));
      else
        {
          g_autofree char *when = format_sync_time (last_sync);
          g_autofree char *full = duban_time_format_civil (last_sync);

          /* Translators: %s is a time, e.g. 14:03 (or 11-30 14:03 before today) */
          text = g_strdup_printf (_("Last synced %s"), when);
          /* Translators: %s is a date and time, e.g. 2026-10-09 14:03 */
          tooltip = g_strdup_printf (_("Last synced %s"), full);
        }
      gtk_widget_remove_css_class (GTK_WIDGET (self->last_sync_label), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->last_sync_label), "dim-label");
    }

  gtk_label_set_label (self->last_sync_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->last_sync_label), tooltip);
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

static void duban_window_run_sync (DubanWindow *self,
                                   gboolean     scheduled);

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
  /* offline or back: the sync wrote it in the store */
  if (!syncing)
    duban_window_update_last_sync (self);
}

static void
schedule_due_cb (DubanWindow       *self,
                 DubanSyncSchedule *schedule)
{
  g_assert (DUBAN_IS_WINDOW (self));

  /* a sync by hand is under way: it re-arms the schedule when it ends */
  if (duban_session_get_syncing (self->session))
    return;
  duban_window_run_sync (self, TRUE);
}

static void
duban_window_maybe_auto_sync (DubanWindow *self)
{
  g_autofree char *url = NULL;

  g_assert (DUBAN_IS_WINDOW (self));

  if (self->auto_sync_considered || !duban_session_get_loaded (self->session))
    return;
  self->auto_sync_considered = TRUE;
  duban_window_update_last_sync (self);

  if (!self->auto_sync)
    return;

  /* On schedule (at once when the tickets are older than the interval,
   * or were never synced); by hand only, a new desk pointed at a
   * platform still syncs once, so it shows tickets without the user
   * having to find the sync button. */
  if (g_settings_get_uint (self->settings, "sync-interval") > 0)
    {
      duban_sync_schedule_start (self->schedule, duban_session_get_last_sync (self->session));
      return;
    }

  if (duban_session_get_ticket_count (self->session) > 0 ||
      duban_session_get_quarantine_count (self->session) > 0 ||
      duban_session_get_syncing (self->session) ||
      !(url = duban_session_dup_feed_url (self->session)))
    return;

  g_debug ("Empty store and a platform set: syncing once by itself");
  duban_window_run_sync (self, FALSE);
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

  if (self->sending_toast != NULL)
    adw_toast_dismiss (self->sending_toast);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static char *
join_ids (const char * const *overdue,
          const char * const *warning,
          const char * const *uncontacted,
          const char * const *replied)
{
  GString *joined = g_string_new ("ids:");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const char * const *lists[] = { overdue, warning, uncontacted, replied };

  /* a ticket newly overdue and newly 未联系 is one ticket */
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (const char * const *id = lists[l]; *id != NULL; id++)
      if (g_hash_table_add (seen, (gpointer) *id))
        {
          if (joined->str[joined->len - 1] != ':')
            g_string_append_c (joined, ',');
          g_string_append (joined, *id);
        }
  return g_string_free (joined, FALSE);
}

/* "3 newly overdue · 1 newly not contacted": the parts that are news. */
static char *
duban_window_describe_attention (DubanWindow *self)
{
  GString *text = g_string_new (NULL);
  struct { guint n; char *part; } parts[] = {
    { self->n_newly_overdue,     g_strdup_printf (_("%u newly overdue"), self->n_newly_overdue) },
    { self->n_newly_warning,     g_strdup_printf (_("%u newly in warning"), self->n_newly_warning) },
    { self->n_newly_uncontacted, g_strdup_printf (_("%u newly not contacted"), self->n_newly_uncontacted) },
    { self->n_newly_replied,     g_strdup_printf (_("%u newly answered by their unit"), self->n_newly_replied) },
  };

  g_assert (DUBAN_IS_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i].n > 0)
        {
          if (text->len > 0)
            g_string_append (text, " · ");
          g_string_append (text, parts[i].part);
        }
      g_free (parts[i].part);
    }
  return g_string_free (text, FALSE);
}

/* Remembers which tickets newly became overdue, 预警 or 未联系 since the
 * supervisors were last told, and which orders their unit answered (the session works it out after each good
 * sync, before the sync returns): the sync's toast says it, and a desktop
 * notification when the window is not in front, whose default action
 * opens the queue on exactly those. */
static void
attention_changed_cb (DubanWindow        *self,
                      const char * const *newly_overdue,
                      const char * const *newly_warning,
                      const char * const *newly_uncontacted,
                      const char * const *newly_replied,
                      DubanSession       *session)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  GApplication *application;
  guint n_tickets;

  g_assert (DUBAN_IS_WINDOW (self));

  self->n_newly_overdue = g_strv_length ((char **) newly_overdue);
  self->n_newly_warning = g_strv_length ((char **) newly_warning);
  self->n_newly_uncontacted = g_strv_length ((char **) newly_uncontacted);
  self->n_newly_replied = g_strv_length ((char **) newly_replied);
  g_clear_pointer (&self->attention_spec, g_free);
  if (self->n_newly_overdue + self->n_newly_warning + self->n_newly_uncontacted + self->n_newly_replied == 0)
    return;

  self->attention_spec = join_ids (newly_overdue, newly_warning, newly_uncontacted, newly_replied);
  n_tickets = 1;
  for (const char *c = self->attention_spec; *c != '\0'; c++)
    if (*c == ',')
      n_tickets++;

  if (gtk_window_is_active (GTK_WINDOW (self)) || !(application = g_application_get_default ()))
    return;

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u ticket newly needs attention",
                                        "%u tickets newly need attention",
                                        n_tickets),
                           n_tickets);
  body = duban_window_describe_attention (self);

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, self->n_newly_overdue > 0 ? G_NOTIFICATION_PRIORITY_HIGH
                                                                       : G_NOTIFICATION_PRIORITY_NORMAL);
  g_notification_set_default_action_and_target (notification, "app.show-queue-filtered", "s", self->attention_spec);
  g_notification_add_button_with_target (notification, _("Show Them"), "app.show-queue-filtered", "s",
                                         self->attention_spec);
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

void
duban_window_orders_issued_cb (DubanWindow *self,
                               guint        n_issued)
{
  g_autofree char *message = NULL;
  g_autofree char *url = NULL;
  AdwToast *toast;

  g_assert (DUBAN_IS_WINDOW (self));

  if (n_issued == 0)
    return;

  url = duban_session_dup_feed_url (self->session);
  if (url == NULL)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Supervision order saved; it is sent once a platform is set in Preferences",
                                            "%u supervision orders saved; they are sent once a platform is set in Preferences",
                                            n_issued),
                               n_issued);
  else if (duban_session_get_offline_since (self->session) != DUBAN_TIME_NONE)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Supervision order saved; the platform cannot be reached, it is sent when the platform answers",
                                            "%u supervision orders saved; the platform cannot be reached, they are sent when the platform answers",
                                            n_issued),
                               n_issued);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Supervision order saved; sending it to the platform",
                                            "%u supervision orders saved; sending them to the platform",
                                            n_issued),
                               n_issued);

  toast = adw_toast_new (message);
  /* "sending" stays until the delivery ends (outbox_flushed_cb says how) */
  if (url != NULL)
    {
      if (self->sending_toast != NULL)
        adw_toast_dismiss (self->sending_toast);
      adw_toast_set_timeout (toast, 0);
      g_set_weak_pointer (&self->sending_toast, toast);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  duban_queue_page_clear_marks (self->queue_page);
  duban_session_records_changed (self->session);
  duban_session_flush_outbox (self->session);
}

/* The delivery the "sending" toast spoke of ended: it goes, and what
 * happened is said instead. */
static void
outbox_flushed_cb (DubanWindow  *self,
                   guint         delivered,
                   guint         waiting,
                   guint         refused,
                   DubanSession *session)
{
  g_autofree char *message = NULL;

  g_assert (DUBAN_IS_WINDOW (self));

  if (self->sending_toast == NULL)
    return;
  adw_toast_dismiss (self->sending_toast);
  g_clear_weak_pointer (&self->sending_toast);

  if (refused > 0)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "The platform refused %u supervision order; see Supervision Orders",
                                            "The platform refused %u supervision orders; see Supervision Orders",
                                            refused),
                               refused);
  else if (waiting > 0)
    message = g_strdup (_("The platform did not answer; the orders are saved and sent when it answers"));
  else if (delivered > 0)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u supervision order delivered to the platform",
                                            "%u supervision orders delivered to the platform",
                                            delivered),
                               delivered);
  if (message != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* What a sync brought, for the supervisor: what newly needs attention
 * first (the session worked it out before the sync returned), then the
 * counts. NULL when a scheduled sync brought nothing worth a toast. */
static char *
duban_window_describe_sync (DubanWindow          *self,
                            const DubanSyncStats *stats,
                            gboolean              scheduled)
{
  g_autofree char *attention = duban_window_describe_attention (self);
  gboolean changed = stats->inserted + stats->updated + stats->deleted + stats->quarantined > 0;

  g_assert (DUBAN_IS_WINDOW (self));

  if (attention[0] != '\0')
    /* Translators: %s lists what is news, e.g. "3 newly overdue · 1 newly not contacted" */
    return g_strdup_printf (_("Synced: %s"), attention);
  if (changed)
    /* Translators: a summary after a sync */
    return g_strdup_printf (_("Synced: %u new, %u updated, %u removed, %u quarantined"),
                            stats->inserted, stats->updated, stats->deleted, stats->quarantined);
  return scheduled ? NULL : g_strdup (_("Up to date"));
}

static void
duban_window_sync_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  DubanSession *session = DUBAN_SESSION (object);
  g_autoptr(DubanWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  DubanSyncStats stats;
  gboolean scheduled = self->scheduled_sync;
  AdwToast *toast;

  self->scheduled_sync = FALSE;

  if (!duban_session_sync_finish (session, result, &stats, &error))
    {
      duban_sync_schedule_sync_ended (self->schedule, error);
      duban_window_update_last_sync (self);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* the schedule asks for a token once, not every few minutes */
      if (g_error_matches (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_UNAUTHORIZED))
        {
          g_autofree char *url = duban_session_dup_feed_url (self->session);

          if (url != NULL && (!scheduled || duban_sync_schedule_get_failures (self->schedule) == 1))
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
      g_free (self->sync_message);
      self->sync_message = g_strdup_printf (_("Sync failed: %s"), error->message);
      /* on schedule, the offline notice and the label say it, without a
       * toast every few minutes */
      if (!scheduled || duban_sync_schedule_get_failures (self->schedule) == 1)
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (self->sync_message));
      return;
    }

  if (self->error_toast != NULL)
    adw_toast_dismiss (self->error_toast);

  /* the attention the session worked out is gone once the sync returned:
   * it said it to attention_changed_cb, whose counts are read here */
  message = duban_window_describe_sync (self, &stats, scheduled);
  /* said once: the next sync says only its own news */
  self->n_newly_overdue = self->n_newly_warning = self->n_newly_uncontacted = self->n_newly_replied = 0;
  duban_sync_schedule_sync_ended (self->schedule, NULL);
  duban_window_update_last_sync (self);
  g_free (self->sync_message);
  self->sync_message = g_strdup (message);
  if (message == NULL)
    return;

  toast = adw_toast_new (message);
  if (self->attention_spec != NULL)
    {
      adw_toast_set_button_label (toast, _("Show Them"));
      adw_toast_set_action_name (toast, "win.show-queue-filtered");
      adw_toast_set_action_target_value (toast, g_variant_new_string (self->attention_spec));
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      /* stays until read: it may come while nobody looks */
      adw_toast_set_timeout (toast, 0);
    }
  g_clear_pointer (&self->attention_spec, g_free);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
duban_window_run_sync (DubanWindow *self,
                       gboolean     scheduled)
{
  g_assert (DUBAN_IS_WINDOW (self));

  if (duban_session_get_syncing (self->session))
    return;

  self->scheduled_sync = !!scheduled;
  duban_session_sync_async (self->session, duban_sync_status_begin (self->sync_status),
                            duban_window_sync_cb, g_object_ref (self));
}

void
duban_window_sync_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  duban_window_run_sync (DUBAN_WINDOW (widget), FALSE);
}

/* What the window follows of the session and the schedule: syncing, the
 * last sync, the quarantine, what newly needs attention, the outbox; and
 * the queue's marks. Called once, when the window has its session. */
void
duban_window_sync_init (DubanWindow *self)
{
  g_assert (DUBAN_IS_WINDOW (self));
  g_assert (DUBAN_IS_SESSION (self->session));

  g_signal_connect_object (self->queue_page, "marks-changed",
                           G_CALLBACK (marks_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->session, "notify::syncing",
                           G_CALLBACK (session_syncing_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::quarantine-count",
                           G_CALLBACK (duban_window_update_quarantine), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::last-sync",
                           G_CALLBACK (duban_window_update_last_sync), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::loaded",
                           G_CALLBACK (duban_window_update_last_sync), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->schedule, "due",
                           G_CALLBACK (schedule_due_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "attention-changed",
                           G_CALLBACK (attention_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "outbox-needs-token",
                           G_CALLBACK (outbox_needs_token_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "outbox-blocked",
                           G_CALLBACK (outbox_blocked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "outbox-flushed",
                           G_CALLBACK (outbox_flushed_cb), self, G_CONNECT_SWAPPED);

  duban_window_update_last_sync (self);
  duban_window_update_quarantine (self);
  session_syncing_changed_cb (self, NULL, self->session);
}

void
duban_window_reload (DubanWindow *self)
{
  g_return_if_fail (DUBAN_IS_WINDOW (self));

  duban_session_reload_async (self->session, NULL, duban_window_reload_cb, g_object_ref (self));
}
