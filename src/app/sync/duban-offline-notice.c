/* duban-offline-notice.c — "the platform cannot be reached since …"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "duban-offline-notice"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-offline-notice.h"

struct _DubanOfflineNotice
{
  GtkWidget    parent_instance;

  GtkRevealer *revealer;
  GtkLabel    *title_label;
  GtkLabel    *detail_label;
};

G_DEFINE_FINAL_TYPE (DubanOfflineNotice, duban_offline_notice, GTK_TYPE_WIDGET)

static void
duban_offline_notice_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DUBAN_TYPE_OFFLINE_NOTICE);
  /* the template's root box has no id, so dispose_template leaves it */
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
      gtk_widget_unparent (child);
  }

  G_OBJECT_CLASS (duban_offline_notice_parent_class)->dispose (object);
}

static void
duban_offline_notice_class_init (DubanOfflineNoticeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = duban_offline_notice_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/duban/Duban/duban-offline-notice.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, DubanOfflineNotice, revealer);
  gtk_widget_class_bind_template_child (widget_class, DubanOfflineNotice, title_label);
  gtk_widget_class_bind_template_child (widget_class, DubanOfflineNotice, detail_label);
}

static void
duban_offline_notice_init (DubanOfflineNotice *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
duban_offline_notice_new (void)
{
  return g_object_new (DUBAN_TYPE_OFFLINE_NOTICE, NULL);
}

void
duban_offline_notice_set_state (DubanOfflineNotice *self,
                                DubanTime           since,
                                DubanTime           last_good_sync,
                                const char         *last_error)
{
  g_autofree char *since_text = NULL;
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;

  g_return_if_fail (DUBAN_IS_OFFLINE_NOTICE (self));

  if (since == DUBAN_TIME_NONE)
    {
      gtk_revealer_set_reveal_child (self->revealer, FALSE);
      return;
    }

  since_text = duban_time_format_civil (since);
  /* Translators: %s is a date and time, e.g. 2026-10-09 14:03 */
  title = g_strdup_printf (_("The platform cannot be reached since %s"), since_text);
  if (last_good_sync != DUBAN_TIME_NONE)
    {
      g_autofree char *good = duban_time_format_civil (last_good_sync);

      /* Translators: %s is the time of the last successful sync */
      detail = g_strdup_printf (_("Working on the tickets stored at %s; orders wait in the outbox and go out once it answers."),
                                good);
    }
  else
    detail = g_strdup (_("No ticket has been synced yet; orders wait in the outbox and go out once it answers."));

  if (last_error != NULL && *last_error != '\0')
    {
      g_autofree char *with_error = g_strdup_printf ("%s\n%s", detail, last_error);

      g_free (detail);
      detail = g_steal_pointer (&with_error);
    }

  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->detail_label, detail);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
}

gboolean
duban_offline_notice_get_shown (DubanOfflineNotice *self)
{
  g_return_val_if_fail (DUBAN_IS_OFFLINE_NOTICE (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}
