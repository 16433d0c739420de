/* duban-audit-window.c — the audit log: every local action, who and when, and its export
 *
 * Read-only: the log is append-only in the store (triggers refuse any
 * change), and this window only reads it and exports it, which itself is
 * logged by duban_audit_export_csv().
 */
#define G_LOG_DOMAIN "duban-audit-window"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-audit-window.h"
#include "duban-audit.h"
#include "duban-text-row.h"

enum {
  CELL_AT,
  CELL_USER,
  CELL_ACTION,
  CELL_TICKET,
  CELL_DETAIL,
  N_CELLS
};

struct _DubanAuditWindow
{
  AdwWindow         parent_instance;

  DubanSession     *session;
  GListStore       *entries;

  /* Template widgets */
  AdwToastOverlay  *toast_overlay;
  GtkLabel         *summary_label;
  GtkStack         *stack;
  GtkColumnView    *column_view;
};

G_DEFINE_FINAL_TYPE (DubanAuditWindow, duban_audit_window, ADW_TYPE_WINDOW)

void
duban_audit_window_reload (DubanAuditWindow *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  DubanStore *store;

  g_return_if_fail (DUBAN_IS_AUDIT_WINDOW (self));

  g_list_store_remove_all (self->entries);

  if (!(store = duban_session_get_store (self->session, &error)) ||
      !(entries = duban_audit_list (store, NULL, 0, &error)))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      DubanAuditEntry *entry = g_ptr_array_index (entries, i);
      GStrv cells = g_new0 (char *, N_CELLS + 1);
      g_autoptr(DubanTextRow) row = NULL;

      /* Seconds matter in a log: two actions a minute apart are two. */
      {
        g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (entry->at / DUBAN_USEC_PER_SECOND);
        g_autoptr(GDateTime) civil = g_date_time_add_seconds (utc, DUBAN_CIVIL_OFFSET_USEC / DUBAN_USEC_PER_SECOND);

        cells[CELL_AT] = g_date_time_format (civil, "%Y-%m-%d %H:%M:%S");
      }
      cells[CELL_USER] = g_strdup (entry->user);
      cells[CELL_ACTION] = g_strdup (duban_audit_action_to_display (entry->action));
      cells[CELL_TICKET] = g_strdup (entry->ticket_id != NULL ? entry->ticket_id : "");
      /* in the user's language; the stored detail stays the code scripts read */
      cells[CELL_DETAIL] = duban_audit_detail_to_display (entry->action, entry->detail);

      row = duban_text_row_new (cells, NULL, NULL);
      g_list_store_append (self->entries, row);
    }

  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry, newest first", "%u entries, newest first",
                                          entries->len),
                             entries->len);
  gtk_label_set_label (self->summary_label, summary);
  gtk_stack_set_visible_child_name (self->stack, entries->len > 0 ? "entries" : "empty");
}

static void
export_response_cb (GtkNativeDialog  *chooser,
                    int               response,
                    DubanAuditWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  DubanStore *store;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) &&
      (path = g_file_get_path (file)))
    {
      if (!(store = duban_session_get_store (self->session, &error)) ||
          !duban_audit_export_csv (store, path, &error))
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      else
        {
          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Audit log exported")));
          /* The export is in the log now. */
          duban_audit_window_reload (self);
        }
    }

  g_object_unref (chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DubanAuditWindow *self = DUBAN_AUDIT_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *day = duban_day_format (duban_day_of_time (duban_time_now ()));
  g_autofree char *name = NULL;

  chooser = gtk_file_chooser_native_new (_("Export the Audit Log"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  /* Translators: the file name offered for the exported audit log; %s is a date */
  name = g_strdup_printf (_("audit-log-%s.csv"), day);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  duban_audit_window_reload (DUBAN_AUDIT_WINDOW (widget));
}

static void
duban_audit_window_dispose (GObject *object)
{
  DubanAuditWindow *self = (DubanAuditWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), DUBAN_TYPE_AUDIT_WINDOW);
  g_clear_object (&self->entries);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (duban_audit_window_parent_class)->dispose (object);
}

static void
duban_audit_window_class_init (DubanAuditWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = duban_audit_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/duban/Duban/duban-audit-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DubanAuditWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DubanAuditWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DubanAuditWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DubanAuditWindow, column_view);

  gtk_widget_class_install_action (widget_class, "audit.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "audit.refresh", NULL, refresh_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "audit.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "audit.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
duban_audit_window_init (DubanAuditWindow *self)
{
  g_autoptr(GtkSortListModel) sorted = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->entries = g_list_store_new (DUBAN_TYPE_TEXT_ROW);

  duban_text_row_add_column (self->column_view, C_("audit column", "Time"), CELL_AT, 160);
  duban_text_row_add_column (self->column_view, C_("audit column", "User"), CELL_USER, 90);
  duban_text_row_add_column (self->column_view, C_("audit column", "Action"), CELL_ACTION, 130);
  duban_text_row_add_column (self->column_view, C_("audit column", "Ticket"), CELL_TICKET, 130);
  duban_text_row_add_column (self->column_view, C_("audit column", "Detail"), CELL_DETAIL, -1);

  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->entries)),
                                    g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (sorted)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
}

GtkWidget *
duban_audit_window_new (GtkWindow    *parent,
                        DubanSession *session)
{
  DubanAuditWindow *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DUBAN_IS_SESSION (session), NULL);

  self = g_object_new (DUBAN_TYPE_AUDIT_WINDOW,
                       "transient-for", parent,
                       NULL);
  self->session = g_object_ref (session);
  duban_audit_window_reload (self);

  return GTK_WIDGET (self);
}

GListModel *
duban_audit_window_get_model (DubanAuditWindow *self)
{
  g_return_val_if_fail (DUBAN_IS_AUDIT_WINDOW (self), NULL);

  return G_LIST_MODEL (self->entries);
}
