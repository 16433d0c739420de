/* duban-preferences-window.c — the platform address, the token, sync settings and the center's rules
 *
 * The token is never shown back: the entry starts empty and says whether a
 * token is stored and where, so the user can tell without reading it.
 */
#define G_LOG_DOMAIN "duban-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "duban-base-map-page.h"
#include "duban-preferences-window.h"
#include "duban-connection-group.h"
#include "duban-documents-group.h"
#include "duban-ladder-group.h"
#include "duban-secret.h"
#include "duban-session.h"

struct _DubanPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  DubanSession         *session;   /* the rules edited here; may be NULL */

  /* Template widgets */
  AdwEntryRow          *feed_url_row;
  AdwPreferencesGroup  *token_group;
  AdwPasswordEntryRow  *token_row;
  GtkWidget            *clear_token_button;
  GtkAdjustment        *page_size_adjustment;
  GtkAdjustment        *sync_interval_adjustment;
  GtkAdjustment        *warning_adjustment;
  GtkAdjustment        *weight_contact_adjustment;
  GtkAdjustment        *weight_completion_adjustment;
  GtkAdjustment        *weight_satisfaction_adjustment;
  GtkAdjustment        *ranking_min_due_adjustment;
  AdwPreferencesGroup  *rules_group;
  GtkWidget            *rules_apply_button;
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
feed_url_apply_cb (DubanPreferencesWindow *self,
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
token_apply_cb (DubanPreferencesWindow *self,
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
clear_token_clicked_cb (DubanPreferencesWindow *self,
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
feed_url_changed_cb (DubanPreferencesWindow *self,
                     const char             *key,
                     GSettings              *settings)
{
  g_autofree char *url = dup_feed_url (self);

  g_assert (DUBAN_IS_PREFERENCES_WINDOW (self));

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->feed_url_row)), url) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->feed_url_row), url);
  duban_preferences_window_update_token (self);
}

/* The center's rules live in the store, shared by everyone who opens it
 * (duban-ctl, the reports), not in this workstation's settings; a change
 * is audited. The window edits the session it was given. */
static DubanSession *
duban_preferences_window_get_session (DubanPreferencesWindow *self)
{
  return self->session;
}

static void
duban_preferences_window_read_rules (DubanPreferencesWindow *self,
                                     DubanSlaPolicy         *policy)
{
  DubanSession *session = duban_preferences_window_get_session (self);

  g_assert (DUBAN_IS_PREFERENCES_WINDOW (self));

  if (session != NULL)
    *policy = *duban_session_get_policy (session);
  else
    duban_sla_policy_init_defaults (policy);

  policy->warning_fraction = gtk_adjustment_get_value (self->warning_adjustment) / 100.0;
  policy->weight_contact = gtk_adjustment_get_value (self->weight_contact_adjustment);
  policy->weight_completion = gtk_adjustment_get_value (self->weight_completion_adjustment);
  policy->weight_satisfaction = gtk_adjustment_get_value (self->weight_satisfaction_adjustment);
  policy->ranking_min_due = gtk_adjustment_get_value (self->ranking_min_due_adjustment);
}

static void
rules_changed_cb (DubanPreferencesWindow *self)
{
  DubanSession *session = duban_preferences_window_get_session (self);
  const DubanSlaPolicy *current;
  DubanSlaPolicy edited;
  double sum;
  gboolean changed;

  g_assert (DUBAN_IS_PREFERENCES_WINDOW (self));

  if (session == NULL)
    return;

  current = duban_session_get_policy (session);
  duban_preferences_window_read_rules (self, &edited);
  sum = edited.weight_contact + edited.weight_completion + edited.weight_satisfaction;

  changed = fabs (edited.warning_fraction - current->warning_fraction) > 1e-9 ||
            edited.weight_contact != current->weight_contact ||
            edited.weight_completion != current->weight_completion ||
            edited.weight_satisfaction != current->weight_satisfaction ||
            edited.ranking_min_due != current->ranking_min_due;

  /* The weights are shares of a score out of 100. */
  gtk_widget_set_sensitive (self->rules_apply_button, changed && fabs (sum - 100.0) < 1e-9);
  if (fabs (sum - 100.0) >= 1e-9)
    {
      g_autofree char *message = g_strdup_printf (_("The weights add up to %g; they must add up to 100"), sum);

      adw_preferences_group_set_description (self->rules_group, message);
    }
  else
    {
      adw_preferences_group_set_description (self->rules_group,
                                             _("The center's rules, kept in the store: duban-ctl and the reports "
                                               "judge by them too. Every change is written to the audit log."));
    }
}

static void
rules_apply_clicked_cb (DubanPreferencesWindow *self)
{
  DubanSession *session = duban_preferences_window_get_session (self);
  g_autoptr(GError) error = NULL;
  DubanSlaPolicy policy;

  g_assert (DUBAN_IS_PREFERENCES_WINDOW (self));

  if (session == NULL)
    return;

  duban_preferences_window_read_rules (self, &policy);
  if (!duban_session_set_policy (session, &policy, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot save the rules: %s"), error->message);

      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
      return;
    }

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (_("Rules saved")));
  rules_changed_cb (self);
}

static void
duban_preferences_window_load_rules (DubanPreferencesWindow *self)
{
  DubanSession *session = duban_preferences_window_get_session (self);
  DubanSlaPolicy defaults;
  const DubanSlaPolicy *policy = &defaults;

  g_assert (DUBAN_IS_PREFERENCES_WINDOW (self));

  duban_sla_policy_init_defaults (&defaults);
  if (session != NULL)
    policy = duban_session_get_policy (session);
  gtk_widget_set_sensitive (GTK_WIDGET (self->rules_group), session != NULL);

  gtk_adjustment_set_value (self->warning_adjustment, policy->warning_fraction * 100.0);
  gtk_adjustment_set_value (self->weight_contact_adjustment, policy->weight_contact);
  gtk_adjustment_set_value (self->weight_completion_adjustment, policy->weight_completion);
  gtk_adjustment_set_value (self->weight_satisfaction_adjustment, policy->weight_satisfaction);
  gtk_adjustment_set_value (self->ranking_min_due_adjustment, policy->ranking_min_due);
  rules_changed_cb (self);
}

static void
duban_preferences_window_dispose (GObject *object)
{
  DubanPreferencesWindow *self = (DubanPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), DUBAN_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);

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
  gtk_widget_class_bind_template_child (widget_class, DubanPreferencesWindow, sync_interval_adjustment);
  gtk_widget_class_bind_template_child (widget_class, DubanPreferencesWindow, warning_adjustment);
  gtk_widget_class_bind_template_child (widget_class, DubanPreferencesWindow, weight_contact_adjustment);
  gtk_widget_class_bind_template_child (widget_class, DubanPreferencesWindow, weight_completion_adjustment);
  gtk_widget_class_bind_template_child (widget_class, DubanPreferencesWindow, ranking_min_due_adjustment);
  gtk_widget_class_bind_template_child (widget_class, DubanPreferencesWindow, weight_satisfaction_adjustment);
  gtk_widget_class_bind_template_child (widget_class, DubanPreferencesWindow, rules_group);

  gtk_widget_class_bind_template_callback (widget_class, feed_url_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, token_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_token_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rules_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rules_apply_clicked_cb);
}

/* sync-interval is in seconds (a test asks for one second); the row in minutes */
static gboolean
sync_interval_get_mapping (GValue   *value,
                           GVariant *variant,
                           gpointer  user_data)
{
  g_value_set_double (value, (g_variant_get_uint32 (variant) + 30) / 60);
  return TRUE;
}

static GVariant *
sync_interval_set_mapping (const GValue       *value,
                           const GVariantType *expected_type,
                           gpointer            user_data)
{
  return g_variant_new_uint32 ((guint32) g_value_get_double (value) * 60);
}

static void
duban_preferences_window_init (DubanPreferencesWindow *self)
{
  g_autofree char *url = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (duban_base_map_page_new ()));
  /* Not a bound template child: the group disposes its header suffix. */
  self->rules_apply_button = adw_preferences_group_get_header_suffix (self->rules_group);

  self->settings = g_settings_new (APPLICATION_ID);

  url = dup_feed_url (self);
  gtk_editable_set_text (GTK_EDITABLE (self->feed_url_row), url);
  g_signal_connect_object (self->settings, "changed::feed-url",
                           G_CALLBACK (feed_url_changed_cb), self, G_CONNECT_SWAPPED);

  g_settings_bind (self->settings, "page-size",
                   self->page_size_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "sync-interval",
                                self->sync_interval_adjustment, "value", G_SETTINGS_BIND_DEFAULT,
                                sync_interval_get_mapping, sync_interval_set_mapping, NULL, NULL);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (self->feed_url_row),
                                                                           ADW_TYPE_PREFERENCES_PAGE)),
                            ADW_PREFERENCES_GROUP (duban_connection_group_new ()));

  duban_preferences_window_update_token (self);
}

GtkWidget *
duban_preferences_window_new (GtkWindow    *transient_for,
                              DubanSession *session)
{
  g_return_val_if_fail (!transient_for || GTK_IS_WINDOW (transient_for), NULL);
  g_return_val_if_fail (!session || DUBAN_IS_SESSION (session), NULL);

  DubanPreferencesWindow *self;

  self = g_object_new (DUBAN_TYPE_PREFERENCES_WINDOW,
                       "transient-for", transient_for,
                       "modal", transient_for != NULL,
                       NULL);
  g_set_object (&self->session, session);
  /* After construction: the rules come from the session. */
  duban_preferences_window_load_rules (self);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (self->rules_group),
                                                                           ADW_TYPE_PREFERENCES_PAGE)),
                            ADW_PREFERENCES_GROUP (duban_documents_group_new (session)));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (self->rules_group),
                                                                           ADW_TYPE_PREFERENCES_PAGE)),
                            ADW_PREFERENCES_GROUP (duban_ladder_group_new (session)));

  return GTK_WIDGET (self);
}
