/* duban-window-actions.c — the window's actions
 *
 * The keyboard's way into everything (search, next and previous ticket,
 * marks, orders, notes, revealing a petitioner, the orders, audit and
 * quarantine windows, a unit's page, a filtered queue), most of them
 * handing over to the queue page. Part of DubanWindow
 * (duban-window-private.h).
 */
#define G_LOG_DOMAIN "duban-window-actions"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "duban-audit-window.h"
#include "duban-order-dialog.h"
#include "duban-orders-window.h"
#include "duban-quarantine-window.h"
#include "duban-ticket-object.h"
#include "duban-unit-page.h"
#include "duban-window-private.h"

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
                              (DubanOrderDialogDone) duban_window_orders_issued_cb, self);
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

  if (duban_ticket_detail_get_ticket (detail) == NULL)
    return;
  /* shown: the same action masks it again */
  if (duban_ticket_detail_get_revealed (detail))
    {
      duban_ticket_detail_mask (detail);
      return;
    }

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

/* A unit's page, from a unit's name anywhere (the queue's column, …):
 * the window opens at once and reads what it shows from the store on a
 * worker (only the unit's tickets it lists and every unit's figures,
 * never every ticket: duban-unit-page.c). */
static void
duban_window_show_unit_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  DubanWindow *self = DUBAN_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  DubanUnitPage *page;

  if (!duban_session_get_loaded (self->session))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("The tickets are not loaded yet")));
      return;
    }
  page = duban_unit_page_new (self->session, g_variant_get_string (parameter, NULL), &error);
  if (page == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  gtk_window_set_transient_for (GTK_WINDOW (page), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (page));
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

/* The window's actions, the keyboard's way into everything. */
void
duban_window_install_actions (GtkWidgetClass *widget_class)
{
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
  gtk_widget_class_install_action (widget_class, "win.show-unit", "s", duban_window_show_unit_action);
  gtk_widget_class_install_action (widget_class, "win.show-queue-filtered", "s",
                                   duban_window_show_queue_filtered_action);
}
