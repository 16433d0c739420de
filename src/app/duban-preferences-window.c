/* duban-preferences-window.c — the platform address, the token, sync and warning settings
 *
 * The token is never shown back: the entry starts empty and says whether a
 * token is stored and where, so the user can tell without reading it.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "duban-preferences-window.h"
#include "duban-secret.h"

struct _DubanPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  AdwEntryRow          *feed_url_row;
  AdwPreferencesGroup  *token_group;
  AdwPasswordEntryRow  *token_row;
  GtkWidget            *clear_token_button;
  GtkAdjustment        *page_size_adjustment;
  GtkAdjustment        *warning_adjustment;
};

G_DEFINE_FINAL_TYPE (DubanPreferencesWindow, duban_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static char *
dup_feed_url (DubanPreferencesWindow *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "feed-url");

  return g_strstrip (g_steal_pointer (&url));
}

static void
duban_preferences_window_update_token (DubanPreferencesWindow *self)
{
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;
  DubanSecretBackend backend = DUBAN_SECRET_BACKEND_FILE;
  const char *description;

  g_assert (DUBAN_IS_PREFERENCES_WINDOW (self));

  url = dup_feed_url (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->token_group), url[0] != '\0');

  if (url[0] == '\0')
    {
      adw_preferences_group_set_description (self->token_group,
                                             _("Set the platform address first"));
      gtk_widget_set_visible (self->clear_token_button, FALSE);
      return;
    }

  token = duban_secret_lookup (url, &backend, &error);
  if (error != NULL)
    description = error->message;
  else if (token == NULL)
    description = _("No token stored. Some platforms need none.");
  else if (backend == DUBAN_SECRET_BACKEND_KEYRING)
    description = _("Stored in the keyring");
  else
    description = _("Stored in a file readable only by you");

  adw_preferences_group_set_description (self->token_group, description);
  gtk_widget_set_visible (self->clear_token_button, token != NULL);
}

static void
on_feed_url_apply (DubanPreferencesWindow *self,
                   AdwEntryRow            *row)
{
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;

  g_assert (DUBAN_IS_PREFERENCES_WINDOW (self));

  url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  /* Empty clears the address; anything else must be an http(s) URL, or
   * every later sync would fail with a less helpful message. */
  if (url[0] != '\0')
    {
      uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
      if (uri == NULL ||
          (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
           g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
          g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
        {
          gtk_widget_add_css_class (GTK_WIDGET (row), "error");
          adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                            adw_toast_new (_("Enter an address that starts with http:// or https://")));
          return;
        }
    }

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  g_settings_set_string (self->settings, "feed-url", url);
}

static void
on_token_apply (DubanPreferencesWindow *self,
                AdwPasswordEntryRow    *row)
{
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (DUBAN_IS_PREFERENCES_WINDOW (self));

  url = dup_feed_url (self);
  token = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (token[0] == '\0')
    return;

  if (!duban_secret_store (url, token, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot store the token: %s"), error->message);

      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
      return;
    }

  /* The entry keeps the (hidden) text: clearing it would count as an
   * edit and bring the apply button back for a token already saved. */
  duban_preferences_window_update_token (self);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (_("Token saved")));
}

static void
on_clear_token_clicked (DubanPreferencesWindow *self,
                        GtkButton              *button)
{
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (DUBAN_IS_PREFERENCES_WINDOW (self));

  url = dup_feed_url (self);
  if (!duban_secret_clear (url, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot remove the token: %s"), error->message);

      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
      return;
    }

  duban_preferences_window_update_token (self);
}

static void
on_feed_url_changed (DubanPreferencesWindow *self,
                     const char             *key,
                     GSettings              *settings)
{
  g_autofree char *url = dup_feed_url (self);

  g_assert (DUBAN_IS_PREFERENCES_WINDOW (self));

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->feed_url_row)), url) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->feed_url_row), url);
  duban_preferences_window_update_token (self);
}

/* The warning threshold is a fraction in GSettings and a percentage on screen. */
static gboolean
fraction_to_percent (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_double (variant) * 100.0);
  return TRUE;
}

static GVariant *
percent_to_fraction (const GValue       *value,
                     const GVariantType *expected_type,
                     gpointer            user_data)
{
  return g_variant_new_double (g_value_get_double (value) / 100.0);
}

static void
duban_preferences_window_dispose (GObject *object)
{
  DubanPreferencesWindow *self = (DubanPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), DUBAN_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (duban_preferences_window_parent_class)->dispose (object);
}

static void
duban_preferences_window_class_init (DubanPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = duban_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/duban/Duban/duban-preferences-window.ui");

  gtk_widget_class_bind_template_child (widget_class, DubanPreferencesWindow, feed_url_row);
  gtk_widget_class_bind_template_child (widget_class, DubanPreferencesWindow, token_group);
  gtk_widget_class_bind_template_child (widget_class, DubanPreferencesWindow, token_row);
  gtk_widget_class_bind_template_child (widget_class, DubanPreferencesWindow, clear_token_button);
  gtk_widget_class_bind_template_child (widget_class, DubanPreferencesWindow, page_size_adjustment);
  gtk_widget_class_bind_template_child (widget_class, DubanPreferencesWindow, warning_adjustment);

  gtk_widget_class_bind_template_callback (widget_class, on_feed_url_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_token_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_token_clicked);
}

static void
duban_preferences_window_init (DubanPreferencesWindow *self)
{
  g_autofree char *url = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);

  url = dup_feed_url (self);
  gtk_editable_set_text (GTK_EDITABLE (self->feed_url_row), url);
  g_signal_connect_object (self->settings, "changed::feed-url",
                           G_CALLBACK (on_feed_url_changed), self, G_CONNECT_SWAPPED);

  g_settings_bind (self->settings, "page-size",
                   self->page_size_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "warning-fraction",
                                self->warning_adjustment, "value", G_SETTINGS_BIND_DEFAULT,
                                fraction_to_percent, percent_to_fraction, NULL, NULL);

  duban_preferences_window_update_token (self);
}

GtkWidget *
duban_preferences_window_new (GtkWindow *transient_for)
{
  g_return_val_if_fail (!transient_for || GTK_IS_WINDOW (transient_for), NULL);

  return g_object_new (DUBAN_TYPE_PREFERENCES_WINDOW,
                       "transient-for", transient_for,
                       "modal", transient_for != NULL,
                       NULL);
}
