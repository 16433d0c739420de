/* duban-quarantine-window.c — the records the platform sent broken
 *
 * The raw JSON is what the platform sent, so it may carry a petitioner's
 * name and phone: they are masked here and in the export by the rule
 * every path out of the store follows (duban-privacy.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "duban-quarantine-window"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "duban-quarantine-window.h"
#include "duban-ticket-reason.h"
#include "duban-privacy.h"
#include "duban-store.h"
#include "duban-ticket.h"

struct _DubanQuarantineWindow
{
  AdwWindow             parent_instance;

  DubanSession         *session;
  GPtrArray            *records;    /* DubanQuarantineRecord* */
  GtkFileChooserNative *chooser;

  GtkListBox           *list;
  GtkStack             *stack;
  AdwWindowTitle       *window_title;
  GtkButton            *export_button;
  AdwToastOverlay      *toast_overlay;
};

G_DEFINE_FINAL_TYPE (DubanQuarantineWindow, duban_quarantine_window, ADW_TYPE_WINDOW)

static void
copy_clicked_cb (GtkButton *button)
{
  const char *raw = g_object_get_data (G_OBJECT (button), "raw");

  if (raw != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), raw);
}

static GtkWidget *
create_row (const DubanQuarantineRecord *record)
{
  g_autofree char *when = duban_time_format_civil (record->received_at);
  g_autofree char *raw = duban_privacy_mask_raw (record->raw);
  /* the stored reason is English, the record's stable code; said here in
   * the user's language */
  g_autofree char *said = duban_ticket_reason_to_display (record->reason);
  g_autofree char *reason = duban_privacy_mask_text (said, NULL);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 record->ticket_id != NULL ? record->ticket_id : _("(no ticket number)"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  /* Translators: the reason a record was quarantined, and when it came */
  subtitle = g_strdup_printf (_("%s — received %s"), reason, when);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), raw, -1);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_CHAR);
  gtk_widget_add_css_class (view, "quarantine-raw");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Raw record as received"), -1);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), view);

  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_tooltip_text (copy, _("Copy the raw record"));
  g_object_set_data_full (G_OBJECT (copy), "raw", g_steal_pointer (&raw), g_free);
  g_signal_connect (copy, "clicked", G_CALLBACK (copy_clicked_cb), NULL);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), copy);

  return row;
}

static void
duban_quarantine_window_load (DubanQuarantineWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;
  DubanStore *store;
  GtkWidget *child;

  g_assert (DUBAN_IS_QUARANTINE_WINDOW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_clear_pointer (&self->records, g_ptr_array_unref);

  if (!(store = duban_session_get_store (self->session, &error)) ||
      !(self->records = duban_store_load_quarantine (store, &error)))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot read the quarantine: %s"), error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      self->records = g_ptr_array_new ();
    }

  for (guint i = 0; i < self->records->len; i++)
    {
      gtk_list_box_append (self->list, create_row (g_ptr_array_index (self->records, i)));
    }

  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record", "%u records", self->records->len),
                              self->records->len);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_stack_set_visible_child_name (self->stack, self->records->len > 0 ? "list" : "empty");
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), self->records->len > 0);
}

static char *
records_to_json (GPtrArray *records)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < records->len; i++)
    {
      const DubanQuarantineRecord *record = g_ptr_array_index (records, i);
      g_autofree char *received = duban_time_format_rfc3339 (record->received_at);
      g_autofree char *raw = duban_privacy_mask_raw (record->raw);
      g_autofree char *reason = duban_privacy_mask_text (record->reason, NULL);
      g_autofree char *said = duban_ticket_reason_to_display (record->reason);
      g_autofree char *reason_text = duban_privacy_mask_text (said, NULL);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ticket_id");
      if (record->ticket_id != NULL)
        json_builder_add_string_value (builder, record->ticket_id);
      else
        json_builder_add_null_value (builder);
      /* the stable code for scripts, and the same in the user's language */
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, reason);
      json_builder_set_member_name (builder, "reason_text");
      json_builder_add_string_value (builder, reason_text);
      json_builder_set_member_name (builder, "received_at");
      json_builder_add_string_value (builder, received);
      json_builder_set_member_name (builder, "raw");
      json_builder_add_string_value (builder, raw);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, TRUE);
}

gboolean
duban_quarantine_window_export (DubanQuarantineWindow  *self,
                                const char             *path,
                                GError                **error)
{
  g_autofree char *text = NULL;
  g_autofree char *detail = NULL;
  g_autoptr(GError) local_error = NULL;
  DubanStore *store;

  g_return_val_if_fail (DUBAN_IS_QUARANTINE_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  text = records_to_json (self->records);

  /* private (the raw records are the platform's data), and whole or
   * not at all: written beside and renamed over */
  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Cannot write %s: %s"), path, local_error->message);
      return FALSE;
    }

  if (!(store = duban_session_get_store (self->session, error)))
    return FALSE;
  detail = g_strdup_printf ("%u records to %s", self->records->len, path);
  return duban_store_audit (store, "export_quarantine", NULL, detail, error);
}

static void
chooser_response_cb (DubanQuarantineWindow *self,
                     int                    response,
                     GtkNativeDialog       *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (DUBAN_IS_QUARANTINE_WINDOW (self));

  if (response != GTK_RESPONSE_ACCEPT ||
      !(file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) ||
      !(path = g_file_get_path (file)))
    return;

  if (duban_quarantine_window_export (self, path, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Exported to %s"), path);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
    }
  else
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
export_clicked_cb (DubanQuarantineWindow *self,
                   GtkButton             *button)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  g_assert (DUBAN_IS_QUARANTINE_WINDOW (self));

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export Quarantined Records"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("JSON"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "quarantine.json");
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
duban_quarantine_window_dispose (GObject *object)
{
  DubanQuarantineWindow *self = DUBAN_QUARANTINE_WINDOW (object);

  g_clear_object (&self->chooser);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), DUBAN_TYPE_QUARANTINE_WINDOW);

  G_OBJECT_CLASS (duban_quarantine_window_parent_class)->dispose (object);
}

static void
duban_quarantine_window_class_init (DubanQuarantineWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = duban_quarantine_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/duban/Duban/duban-quarantine-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DubanQuarantineWindow, list);
  gtk_widget_class_bind_template_child (widget_class, DubanQuarantineWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DubanQuarantineWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, DubanQuarantineWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, DubanQuarantineWindow, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
duban_quarantine_window_init (DubanQuarantineWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

DubanQuarantineWindow *
duban_quarantine_window_new (GtkWindow    *parent,
                             DubanSession *session)
{
  DubanQuarantineWindow *self;

  g_return_val_if_fail (DUBAN_IS_SESSION (session), NULL);

  self = g_object_new (DUBAN_TYPE_QUARANTINE_WINDOW,
                       "transient-for", parent,
                       NULL);
  self->session = g_object_ref (session);
  duban_quarantine_window_load (self);
  return self;
}
