/* duban-token-dialog.c — asking for the platform's access token after a 401
 *
 * The token goes from the password entry straight to duban_secret_store:
 * never into a log message, the settings or the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "duban-token-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-secret.h"
#include "duban-token-dialog.h"

static void
token_changed_cb (GtkEditable      *entry,
                  AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "save", *gtk_editable_get_text (entry) != '\0');
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             GtkWindow        *parent)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "token-entry");
  const char *url = g_object_get_data (G_OBJECT (dialog), "feed-url");
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "save"))
    return;

  token = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  gtk_editable_set_text (entry, "");
  if (*token == '\0')
    return;

  if (!duban_secret_store (url, token, NULL, &error))
    {
      GtkWidget *failed = adw_message_dialog_new (parent, _("Cannot Store the Token"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (failed), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (failed));
      return;
    }

  gtk_widget_activate_action (GTK_WIDGET (parent), "win.sync", NULL);
}

void
duban_token_dialog_ask (GtkWindow  *parent,
                        const char *feed_url)
{
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  GtkWidget *entry;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (feed_url != NULL);

  /* Translators: %s is the platform's address */
  body = g_strdup_printf (_("The platform at %s refused the sync: it needs an access token, "
                            "or the one stored is wrong. The platform's administrator issues it. "
                            "It is kept in the keyring (or a private file), never shown again."),
                          feed_url);
  dialog = adw_message_dialog_new (parent, _("Access Token Needed"), body);
  entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  g_object_set (entry, "activates-default", TRUE, "placeholder-text", _("Access token"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Access token"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_object_set_data (G_OBJECT (dialog), "token-entry", entry);
  g_object_set_data_full (G_OBJECT (dialog), "feed-url", g_strdup (feed_url), g_free);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save and Sync"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_signal_connect (entry, "changed", G_CALLBACK (token_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (response_cb), parent, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}
