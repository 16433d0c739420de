/* duban-connection-group.c — the intranet's certificate authority and the
 * Open311 choice
 *
 * There is a CA file to choose and no switch to skip verification: a
 * platform with a certificate the desk cannot verify is refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "duban-connection-group"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-connection-group.h"

struct _DubanConnectionGroup
{
  AdwPreferencesGroup   parent_instance;

  GSettings            *settings;
  GtkFileChooserNative *chooser;
  AdwActionRow         *ca_row;
  GtkWidget            *clear_button;
};

G_DEFINE_FINAL_TYPE (DubanConnectionGroup, duban_connection_group, ADW_TYPE_PREFERENCES_GROUP)

static void
update_ca_row (DubanConnectionGroup *self)
{
  g_autofree char *ca_file = g_settings_get_string (self->settings, "ca-file");
  gboolean set = *ca_file != '\0';

  adw_action_row_set_subtitle (self->ca_row, set ? ca_file : _("The system's trusted authorities"));
  gtk_widget_set_visible (self->clear_button, set);
}

static void
chooser_response_cb (DubanConnectionGroup *self,
                     int                   response,
                     GtkNativeDialog      *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL &&
      (path = g_file_get_path (file)) != NULL)
    g_settings_set_string (self->settings, "ca-file", path);
}

static void
choose_clicked_cb (DubanConnectionGroup *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Choose the Certificate Authority"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_pattern (filter, "*.cer");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
clear_clicked_cb (DubanConnectionGroup *self)
{
  g_settings_reset (self->settings, "ca-file");
}

static void
duban_connection_group_dispose (GObject *object)
{
  DubanConnectionGroup *self = DUBAN_CONNECTION_GROUP (object);

  g_clear_object (&self->chooser);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (duban_connection_group_parent_class)->dispose (object);
}

static void
duban_connection_group_class_init (DubanConnectionGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = duban_connection_group_dispose;
}

static void
duban_connection_group_init (DubanConnectionGroup *self)
{
  GtkWidget *choose = gtk_button_new_with_mnemonic (_("C_hoose…"));
  GtkWidget *open311_row = adw_action_row_new ();
  GtkWidget *open311_switch = gtk_switch_new ();

  self->settings = g_settings_new (APPLICATION_ID);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Connection"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("The platform's HTTPS certificate is always verified."));

  self->ca_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->ca_row), _("Certificate Authority"));
  self->clear_button = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  gtk_widget_set_tooltip_text (self->clear_button, _("Use the system's trusted authorities"));
  gtk_widget_add_css_class (self->clear_button, "flat");
  gtk_widget_set_valign (self->clear_button, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  g_signal_connect_object (choose, "clicked", G_CALLBACK (choose_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->clear_button, "clicked", G_CALLBACK (clear_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (self->ca_row, self->clear_button);
  adw_action_row_add_suffix (self->ca_row, choose);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->ca_row));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (open311_row), _("Open311 GeoReport v2"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (open311_row),
                               _("The address is a standard Open311 endpoint (requests.json), not the feed API"));
  gtk_widget_set_valign (open311_switch, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (open311_row), open311_switch);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (open311_row), open311_switch);
  g_settings_bind (self->settings, "open311", open311_switch, "active", G_SETTINGS_BIND_DEFAULT);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), open311_row);

  g_signal_connect_object (self->settings, "changed::ca-file", G_CALLBACK (update_ca_row), self, G_CONNECT_SWAPPED);
  update_ca_row (self);
}

GtkWidget *
duban_connection_group_new (void)
{
  return g_object_new (DUBAN_TYPE_CONNECTION_GROUP, NULL);
}
