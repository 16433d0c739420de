/* test-workbench-window.c — the workbench driven through its actions, under Xvfb
 *
 * What a supervisor does by keyboard goes through the window's actions;
 * the test activates the same actions, answers the dialogs they open, and
 * checks the store afterwards.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <adwaita.h>

#include "duban-audit-window.h"
#include "duban-audit.h"
#include "duban-orders-window.h"
#include "duban-orders.h"
#include "duban-session.h"
#include "duban-store-reference.h"
#include "duban-store.h"
#include "duban-ticket-detail.h"
#include "duban-ticket-object.h"
#include "duban-ticket-row.h"
#include "duban-window.h"

#define WAIT_TIMEOUT_USEC (20 * G_USEC_PER_SEC)

static char *test_dir;
static char *store_path;

static DubanTicket *
make_ticket (const char   *id,
             const char   *title,
             DubanUrgency  urgency,
             DubanTime     dispatched_at,
             const char   *unit_code,
             const char   *unit_name)
{
  DubanTicket *ticket = duban_ticket_new ();

  ticket->id = g_strdup (id);
  ticket->title = g_strdup (title);
  ticket->description = g_strdup ("群众反映的问题需要尽快处理。");
  ticket->kind = DUBAN_KIND_COMPLAINT;
  ticket->category = g_strdup ("市政设施");
  ticket->urgency = urgency;
  ticket->source = DUBAN_SOURCE_HOTLINE;
  ticket->petitioner_name = g_strdup ("李四");
  ticket->petitioner_phone = g_strdup ("13900001111");
  ticket->address = g_strdup ("金乡县鸡黍镇幸福路 3 号");
  ticket->grid_code = g_strdup ("370828101001001");
  ticket->unit_code = g_strdup (unit_code);
  ticket->unit_name = g_strdup (unit_name);
  ticket->status = DUBAN_STATUS_DISPATCHED;
  ticket->received_at = dispatched_at - 10 * 60 * DUBAN_USEC_PER_SECOND;
  ticket->dispatched_at = dispatched_at;
  ticket->updated_at = dispatched_at;

  return ticket;
}

static void
put (DubanStore  *store,
     DubanTicket *ticket)
{
  g_autoptr(GError) error = NULL;

  duban_store_upsert_ticket (store, ticket, NULL, &error);
  g_assert_no_error (error);
  duban_ticket_free (ticket);
}

static void
fill_store (void)
{
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  DubanTime now = duban_time_now ();
  DubanTicket *ticket;

  store = duban_store_open (store_path, &error);
  g_assert_no_error (error);

  put (store, make_ticket ("W-1", "窨井盖缺失", DUBAN_URGENCY_URGENT, now - 40 * DUBAN_USEC_PER_HOUR, "U-ZJ", "住建局"));
  put (store, make_ticket ("W-2", "路灯不亮", DUBAN_URGENCY_URGENT, now - 30 * DUBAN_USEC_PER_HOUR, "U-GD", "供电公司"));
  ticket = make_ticket ("W-3", "门前积水", DUBAN_URGENCY_URGENT, now - 20 * DUBAN_USEC_PER_HOUR, "U-ZJ", "住建局");
  ticket->first_contact_at = ticket->dispatched_at + 600 * DUBAN_USEC_PER_SECOND;
  put (store, ticket);
  ticket = make_ticket ("W-4", "噪音扰民", DUBAN_URGENCY_URGENT, now - 2 * DUBAN_USEC_PER_HOUR, "U-HB", "生态环境分局");
  ticket->first_contact_at = ticket->dispatched_at + 600 * DUBAN_USEC_PER_SECOND;
  /* Same address as W-3, later: W-3 is its earlier ticket from there. */
  ticket->repeat_of = g_strdup ("W-3");
  put (store, ticket);
}

static gboolean
wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
spin (guint turns)
{
  for (guint i = 0; i < turns; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
wait_until_loaded (DubanSession *session)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_USEC;
  guint source = g_timeout_add (50, wake_up, NULL);

  while ((!duban_session_get_loaded (session) || duban_session_get_loading (session)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  spin (20);
  g_source_remove (source);

  g_assert_true (duban_session_get_loaded (session));
}

static GtkWindow *
find_toplevel (GType type)
{
  /* transfer none: GTK's own list */
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static char *
ids_shown (GListModel *model)
{
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DubanTicketObject) item = g_list_model_get_item (model, i);

      g_string_append_printf (ids, "%s%s", i > 0 ? " " : "", duban_ticket_object_get_id (item));
    }

  return g_string_free (ids, FALSE);
}

static guint
count_audit (DubanSession *session,
             const char   *action,
             const char   *ticket_id)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  entries = duban_audit_list (duban_session_get_store (session, NULL), ticket_id, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    n += g_str_equal (((DubanAuditEntry *) g_ptr_array_index (entries, i))->action, action);

  return n;
}

static void
test_workbench_by_actions (void)
{
  g_autoptr(DubanSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  DubanWindow *window;
  GtkSingleSelection *selection;
  GListModel *model;
  DubanTicketDetail *detail;
  GtkWindow *dialog;
  g_autofree char *shown = NULL;

  fill_store ();

  session = duban_session_new (store_path);
  window = duban_window_new (NULL, session);
  duban_window_set_auto_sync (window, FALSE);
  gtk_window_present (GTK_WINDOW (window));
  wait_until_loaded (session);

  selection = duban_window_get_selection (window);
  model = G_LIST_MODEL (selection);
  detail = duban_window_get_detail (window);
  shown = ids_shown (model);
  g_assert_cmpstr (shown, ==, "W-1 W-2 W-3 W-4");

  /* Filter through the action the map and the reports use. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-queue-filtered", "s", "state:open_warning"));
  g_clear_pointer (&shown, g_free);
  shown = ids_shown (model);
  g_assert_cmpstr (shown, ==, "W-3");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-queue-filtered", "s", "unit:U-ZJ"));
  g_clear_pointer (&shown, g_free);
  shown = ids_shown (model);
  g_assert_cmpstr (shown, ==, "W-1 W-3");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-queue-filtered", "s", "ids:W-4,W-2"));
  g_clear_pointer (&shown, g_free);
  shown = ids_shown (model);
  g_assert_cmpstr (shown, ==, "W-2 W-4");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-filters", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);

  /* Next and previous. */
  gtk_single_selection_set_selected (selection, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-ticket", NULL));
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 1);
  g_assert_cmpstr (duban_ticket_detail_get_displayed_id (detail), ==, "W-2");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.previous-ticket", NULL));
  g_assert_cmpstr (duban_ticket_detail_get_displayed_id (detail), ==, "W-1");

  /* Reveal: asks for a reason, and logs it before showing anything. */
  g_assert_false (duban_ticket_detail_get_revealed (detail));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reveal-petitioner", NULL));
  spin (5);
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reveal"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog))),
                         "回访核实办理情况");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reveal"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "reveal");
  /* A click closes the dialog; a programmatic response does not. */
  gtk_window_destroy (dialog);
  spin (5);
  g_assert_true (duban_ticket_detail_get_revealed (detail));
  g_assert_cmpuint (count_audit (session, DUBAN_AUDIT_REVEAL, "W-1"), ==, 1);
  /* The next ticket is masked again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-ticket", NULL));
  g_assert_false (duban_ticket_detail_get_revealed (detail));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.previous-ticket", NULL));

  /* Issue an order from the detail. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.issue-order", NULL));
  spin (5);
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "issue");
  /* A click closes the dialog; a programmatic response does not. */
  gtk_window_destroy (dialog);
  spin (5);
  orders = duban_orders_list (duban_session_get_store (session, NULL), "W-1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orders->len, ==, 1);
  g_assert_cmpint (((DubanOrder *) g_ptr_array_index (orders, 0))->delivery, ==, DUBAN_DELIVERY_PENDING);
  g_assert_cmpuint (count_audit (session, DUBAN_AUDIT_ORDER, "W-1"), ==, 1);
  g_clear_pointer (&orders, g_ptr_array_unref);

  /* An order to several: mark two, issue once. */
  gtk_single_selection_set_selected (selection, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-mark", NULL));
  gtk_single_selection_set_selected (selection, 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-mark", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.issue-order", NULL));
  spin (5);
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "issue");
  /* A click closes the dialog; a programmatic response does not. */
  gtk_window_destroy (dialog);
  spin (5);
  orders = duban_orders_list (duban_session_get_store (session, NULL), NULL, &error);
  g_assert_cmpuint (orders->len, ==, 3);
  g_assert_cmpuint (count_audit (session, DUBAN_AUDIT_ORDER, "W-2"), ==, 1);
  g_assert_cmpuint (count_audit (session, DUBAN_AUDIT_ORDER, "W-4"), ==, 1);
  g_clear_pointer (&orders, g_ptr_array_unref);

  /* A note from the detail. */
  g_assert_true (duban_ticket_detail_add_note (detail, "已电话督促", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_audit (session, DUBAN_AUDIT_NOTE, "W-4"), ==, 1);

  /* The orders window lists them and writes their sheets; the export is logged. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-orders", NULL));
  spin (5);
  dialog = find_toplevel (DUBAN_TYPE_ORDERS_WINDOW);
  g_assert_nonnull (dialog);
  g_assert_cmpuint (g_list_model_get_n_items (duban_orders_window_get_model (DUBAN_ORDERS_WINDOW (dialog))), ==, 3);
  {
    g_autofree char *pdf = g_build_filename (test_dir, "sheets.pdf", NULL);

    g_assert_true (duban_orders_window_write_pdf (DUBAN_ORDERS_WINDOW (dialog), pdf, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
    g_assert_cmpuint (count_audit (session, DUBAN_AUDIT_EXPORT, NULL), ==, 1);
    /* each sheet issued with a number of the store's sequence, audited once */
    g_assert_cmpuint (count_audit (session, DUBAN_AUDIT_DOCUMENT, NULL), ==, 3);
    {
      g_autofree char *command = g_strdup_printf ("pdftotext -enc UTF-8 '%s' -", pdf);
      g_autofree char *text = NULL;

      g_assert_true (g_spawn_command_line_sync (command, &text, NULL, NULL, NULL));
      g_assert_nonnull (strstr (text, "金督〔"));
      g_assert_nonnull (strstr (text, "〕3号"));
    }
  }
  gtk_window_destroy (dialog);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-audit", NULL));
  spin (5);
  dialog = find_toplevel (DUBAN_TYPE_AUDIT_WINDOW);
  g_assert_nonnull (dialog);
  /* reveal, 3 orders, note, export, the 3 sheets' numbers */
  g_assert_cmpuint (g_list_model_get_n_items (duban_audit_window_get_model (DUBAN_AUDIT_WINDOW (dialog))), ==, 9);
  gtk_window_destroy (dialog);

  /* The rules: a wider warning threshold puts W-4 in warning, and is logged. */
  {
    DubanSlaPolicy policy = *duban_session_get_policy (session);
    DubanSlaPolicy stored;
    g_autoptr(DubanTicketObject) last = NULL;

    policy.warning_fraction = 0.95;
    g_assert_true (duban_session_set_policy (session, &policy, &error));
    g_assert_no_error (error);
    spin (5);
    last = g_list_model_get_item (model, 3);
    g_assert_cmpstr (duban_ticket_object_get_id (last), ==, "W-4");
    g_assert_cmpint (duban_ticket_object_get_status (last)->state, ==, DUBAN_STATE_OPEN_WARNING);
    g_assert_cmpuint (count_audit (session, DUBAN_AUDIT_PREFERENCE, NULL), ==, 1);
    g_assert_true (duban_store_load_policy (duban_session_get_store (session, NULL), &stored, &error));
    g_assert_cmpfloat_with_epsilon (stored.warning_fraction, 0.95, 1e-9);
  }

  /* Live update: a sync resolves W-2 and the selection stays on W-3. */
  gtk_single_selection_set_selected (selection, 2);
  g_assert_cmpstr (duban_ticket_detail_get_displayed_id (detail), ==, "W-3");
  {
    g_autoptr(DubanTicketObject) before = gtk_single_selection_get_selected_item (selection)
                                          ? g_object_ref (gtk_single_selection_get_selected_item (selection)) : NULL;
    g_autoptr(DubanStore) writer = duban_store_open (store_path, &error);
    DubanTicket *resolved = make_ticket ("W-2", "路灯不亮", DUBAN_URGENCY_URGENT,
                                         duban_time_now () - 30 * DUBAN_USEC_PER_HOUR, "U-GD", "供电公司");

    resolved->status = DUBAN_STATUS_RESOLVED;
    resolved->resolved_at = duban_time_now () - DUBAN_USEC_PER_HOUR;
    resolved->updated_at = duban_time_now ();
    put (writer, resolved);

    duban_window_reload (window);
    wait_until_loaded (session);

    g_clear_pointer (&shown, g_free);
    shown = ids_shown (model);
    g_assert_cmpstr (shown, ==, "W-1 W-3 W-4");
    g_assert_cmpstr (duban_ticket_detail_get_displayed_id (detail), ==, "W-3");
    /* the very same item: the view kept its row */
    g_assert_true (gtk_single_selection_get_selected_item (selection) == before);
  }

  /* Links: W-4 repeats W-3; showing a ticket by id selects it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-ticket", "s", "W-4"));
  g_assert_cmpstr (duban_ticket_detail_get_displayed_id (detail), ==, "W-4");
  /* a ticket no longer in the queue is shown on its own */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-ticket", "s", "W-2"));
  g_assert_cmpstr (duban_ticket_detail_get_displayed_id (detail), ==, "W-2");

  gtk_window_destroy (GTK_WINDOW (window));
  spin (10);
}

/* Is there a visible label reading @text under @widget? */
static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  if (!gtk_widget_get_visible (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;
  return FALSE;
}

/* An urgent ticket nobody called within the hour, with most of its 24
 * hours left: its badge says 未联系 in the list and in the detail, never
 * a green "in time". */
static void
test_badge_not_contacted (void)
{
  DubanTime now = duban_time_now ();
  DubanTicket *ticket = make_ticket ("B-1", "供水管道破裂", DUBAN_URGENCY_URGENT,
                                     now - 3 * DUBAN_USEC_PER_HOUR, "U-SW", "水务局");
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(DubanTicketObject) item = NULL;
  DubanSlaPolicy policy;
  DubanSlaStatus status;
  GtkWidget *row, *detail;
  const char *not_contacted = duban_glance_to_display (DUBAN_GLANCE_NOT_CONTACTED);
  const char *in_time = duban_state_to_display (DUBAN_STATE_OPEN_OK);

  duban_sla_policy_init_defaults (&policy);
  duban_sla_evaluate (&policy, calendar, ticket, now, &status);
  g_assert_cmpint (status.state, ==, DUBAN_STATE_OPEN_OK);
  g_assert_true (status.contact_overdue);
  item = duban_ticket_object_new (ticket, &status);

  row = g_object_ref_sink (duban_ticket_row_new ());
  duban_ticket_row_set_ticket (DUBAN_TICKET_ROW (row), item);
  g_assert_true (shows_label (row, not_contacted));
  g_assert_false (shows_label (row, in_time));
  g_object_unref (row);

  detail = g_object_ref_sink (duban_ticket_detail_new ());
  duban_ticket_detail_set_ticket (DUBAN_TICKET_DETAIL (detail), item);
  g_assert_true (shows_label (detail, not_contacted));
  g_object_unref (detail);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  test_dir = g_dir_make_tmp ("duban-test-workbench-window-XXXXXX", &error);
  g_assert_no_error (error);
  store_path = g_build_filename (test_dir, "duban.db", NULL);

  g_test_add_func ("/workbench/window/by-actions", test_workbench_by_actions);
  g_test_add_func ("/workbench/window/badge-not-contacted", test_badge_not_contacted);
  ret = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (test_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)))
      {
        g_autofree char *path = g_build_filename (test_dir, name, NULL);

        g_unlink (path);
      }
    g_rmdir (test_dir);
  }

  return ret;
}
