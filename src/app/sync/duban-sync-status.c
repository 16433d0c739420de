/* duban-sync-status.c — the sync's progress, its cancel button, and the
 * offline notice
 *
 * The platform does not say how many tickets a sync will bring, so the
 * bar shows pages and tickets as they arrive and pulses; a full sync of a
 * store that already held tickets (after a 410, or to another platform)
 * uses that count as its estimate and fills the bar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "duban-sync-status"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-offline-notice.h"
#include "duban-store.h"
#include "duban-sync-status.h"

struct _DubanSyncStatus
{
  GtkWidget           parent_instance;

  DubanSession       *session;
  GCancellable       *cancellable;
  guint               expected;    /* tickets in the store when the sync began */

  GtkRevealer        *progress_revealer;
  GtkProgressBar     *progress_bar;
  GtkButton          *cancel_button;
  DubanOfflineNotice *offline_notice;
};

G_DEFINE_FINAL_TYPE (DubanSyncStatus, duban_sync_status, GTK_TYPE_WIDGET)

static void
cancel_clicked_cb (DubanSyncStatus *self,
                   GtkButton       *button)
{
  g_assert (DUBAN_IS_SYNC_STATUS (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_progress_bar_set_text (self->progress_bar, _("Cancelling…"));
}

static void
syncing_changed_cb (DubanSyncStatus *self,
                    GParamSpec      *pspec,
                    DubanSession    *session)
{
  gboolean syncing = duban_session_get_syncing (session);

  g_assert (DUBAN_IS_SYNC_STATUS (self));

  if (syncing)
    {
      self->expected = duban_session_get_ticket_count (session);
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      gtk_progress_bar_set_text (self->progress_bar, _("Connecting to the platform…"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), TRUE);
    }
  gtk_revealer_set_reveal_child (self->progress_revealer, syncing);

  if (!syncing)
    {
      /* A pulsing bar keeps a tick callback, and so the window's frame
       * clock, running until it is given a fraction, hidden or not: that
       * was an idle desk drawing 60 frames a second after every sync. */
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      duban_sync_status_refresh (self);
    }
}

static void
sync_progress_cb (DubanSyncStatus      *self,
                  const DubanSyncStats *stats,
                  DubanSession         *session)
{
  g_autofree char *text = NULL;

  g_assert (DUBAN_IS_SYNC_STATUS (self));

  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  /* Translators: progress of a sync; the first %u is pages, the second tickets */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Page %u · %u tickets received",
                                       "Page %u · %u tickets received",
                                       stats->tickets),
                          stats->pages, stats->tickets);
  gtk_progress_bar_set_text (self->progress_bar, text);

  if (stats->full && self->expected > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, (double) stats->tickets / self->expected));
  else
    gtk_progress_bar_pulse (self->progress_bar);
}

static DubanTime
state_time (DubanStore *store,
            const char *key)
{
  g_autofree char *text = duban_store_get_state (store, key);
  DubanTime time;

  if (text == NULL || !duban_time_parse_rfc3339 (text, &time, NULL))
    return DUBAN_TIME_NONE;
  return time;
}

void
duban_sync_status_refresh (DubanSyncStatus *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *last_error = NULL;
  DubanStore *store;

  g_return_if_fail (DUBAN_IS_SYNC_STATUS (self));

  if (self->session == NULL)
    return;

  /* the sync records its attempts in the store (duban-feed-client.c) */
  if (!(store = duban_session_get_store (self->session, &error)))
    {
      g_debug ("No store to read the sync state from: %s", error->message);
      return;
    }
  last_error = duban_store_get_state (store, "last_error");
  duban_offline_notice_set_state (self->offline_notice,
                                  state_time (store, "offline_since"),
                                  state_time (store, "last_sync_at"),
                                  last_error);
}

GCancellable *
duban_sync_status_begin (DubanSyncStatus *self)
{
  g_return_val_if_fail (DUBAN_IS_SYNC_STATUS (self), NULL);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  return self->cancellable;
}

void
duban_sync_status_set_session (DubanSyncStatus *self,
                               DubanSession    *session)
{
  g_return_if_fail (DUBAN_IS_SYNC_STATUS (self));
  g_return_if_fail (DUBAN_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  g_signal_connect_object (session, "notify::syncing", G_CALLBACK (syncing_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "sync-progress", G_CALLBACK (sync_progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::loaded", G_CALLBACK (duban_sync_status_refresh), self, G_CONNECT_SWAPPED);
  duban_sync_status_refresh (self);
}

static void
duban_sync_status_dispose (GObject *object)
{
  DubanSyncStatus *self = DUBAN_SYNC_STATUS (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), DUBAN_TYPE_SYNC_STATUS);
  /* the template's root box has no id, so dispose_template leaves it */
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
      gtk_widget_unparent (child);
  }

  G_OBJECT_CLASS (duban_sync_status_parent_class)->dispose (object);
}

static void
duban_sync_status_class_init (DubanSyncStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = duban_sync_status_dispose;

  g_type_ensure (DUBAN_TYPE_OFFLINE_NOTICE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/duban/Duban/duban-sync-status.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, DubanSyncStatus, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, DubanSyncStatus, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, DubanSyncStatus, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, DubanSyncStatus, offline_notice);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
}

static void
duban_sync_status_init (DubanSyncStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
