/* test-ladder-window.c — the escalation ladder's proposals on the desk, under Xvfb
 *
 * A morning's queue with tickets on each rung: the queue's column says
 * the step, a supervisor dismisses one, accepts one as proposed and
 * changes another, and each decision is in the audit log; an order a
 * colleague already issued from another workstation (the platform's
 * `supervisions`) stops the same step being proposed, and the order
 * dialog warns before pressing the unit again.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "duban-audit.h"
#include "duban-ladder-decisions.h"
#include "duban-ladder-group.h"
#include "duban-order-dialog.h"
#include "duban-orders.h"
#include "duban-proposal-button.h"
#include "duban-repeat-decisions.h"
#include "duban-session.h"
#include "duban-store.h"
#include "duban-unit-page.h"
#include "duban-window.h"

#define WAIT_TIMEOUT_USEC (20 * G_USEC_PER_SEC)

static char *test_dir;
static char *store_path;

static DubanTicket *
urgent_ticket (const char *id,
               const char *title,
               double      hours_since_dispatch)
{
  DubanTicket *ticket = duban_ticket_new ();
  DubanTime dispatched = duban_time_now () - (gint64) (hours_since_dispatch * DUBAN_USEC_PER_HOUR);

  ticket->id = g_strdup (id);
  ticket->title = g_strdup (title);
  ticket->kind = DUBAN_KIND_COMPLAINT;
  ticket->category = g_strdup ("供水");
  ticket->urgency = DUBAN_URGENCY_URGENT;
  ticket->grid_code = g_strdup ("370828101001001");
  ticket->unit_code = g_strdup ("U-SW");
  ticket->unit_name = g_strdup ("县水务局");
  ticket->status = DUBAN_STATUS_IN_PROGRESS;
  ticket->received_at = dispatched - 10 * 60 * DUBAN_USEC_PER_SECOND;
  ticket->dispatched_at = dispatched;
  ticket->first_contact_at = dispatched + 20 * 60 * DUBAN_USEC_PER_SECOND;
  ticket->updated_at = ticket->first_contact_at;
  return ticket;
}

/* An order a colleague issued from another workstation, as the platform carries it. */
static void
carry (DubanTicket     *ticket,
       DubanOrderLevel  level,
       double           hours_ago,
       double           reply_in_hours)
{
  DubanSupervision *s = g_new0 (DubanSupervision, 1);
  DubanTime now = duban_time_now () / DUBAN_USEC_PER_SECOND * DUBAN_USEC_PER_SECOND;

  s->client_id = g_uuid_string_random ();
  s->level = level;
  s->note = g_strdup ("请立即组织抢修");
  s->issued_by = g_strdup ("李督办");
  s->issued_at = now - (gint64) (hours_ago * DUBAN_USEC_PER_HOUR);
  s->respond_by = now + (gint64) (reply_in_hours * DUBAN_USEC_PER_HOUR);
  s->replied_at = DUBAN_TIME_NONE;
  if (ticket->supervisions == NULL)
    ticket->supervisions = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_supervision_free);
  g_ptr_array_add (ticket->supervisions, s);
}

static void
fill_store (void)
{
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  DubanTicket *tickets[6];

  store = duban_store_open (store_path, &error);
  g_assert_no_error (error);

  tickets[0] = urgent_ticket ("L-1", "小区停水", 40);     /* 16 h late: 黄牌 */
  tickets[1] = urgent_ticket ("L-2", "管道破裂", 60);     /* 36 h late: 红牌 */
  tickets[2] = urgent_ticket ("L-3", "水质浑浊", 100);    /* 76 h late: 通报 */
  tickets[3] = urgent_ticket ("L-4", "水压不足", 2);      /* in time: nothing */
  tickets[4] = urgent_ticket ("L-5", "井盖破损", 30);     /* 6 h late, a 黄牌 already out, reply due */
  carry (tickets[4], DUBAN_ORDER_YELLOW, 3, 5);
  tickets[5] = urgent_ticket ("L-6", "消防栓漏水", 30);   /* 6 h late, a 提醒 unanswered past its deadline */
  carry (tickets[5], DUBAN_ORDER_NOTICE, 8, -1);

  for (guint i = 0; i < G_N_ELEMENTS (tickets); i++)
    {
      g_assert_true (duban_store_upsert_ticket (store, tickets[i], NULL, &error));
      g_assert_no_error (error);
      duban_ticket_free (tickets[i]);
    }
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
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

/* A window that opens after a read on a worker (a unit's page reads the
 * unit's tickets first). */
static GtkWindow *
wait_for_toplevel (GType type)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_USEC;
  guint source = g_timeout_add (20, wake_up, NULL);
  GtkWindow *found;

  spin (10);
  while ((found = find_toplevel (type)) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (source);
  return found;
}

/* A unit's page, once its read on a worker is in. */
static GtkWindow *
wait_for_unit_page (void)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_USEC;
  guint source = g_timeout_add (20, wake_up, NULL);
  GtkWindow *page = wait_for_toplevel (DUBAN_TYPE_UNIT_PAGE);

  while (page != NULL && duban_unit_page_get_loading (DUBAN_UNIT_PAGE (page)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (source);
  g_assert_true (page == NULL || duban_unit_page_get_report (DUBAN_UNIT_PAGE (page)) != NULL);
  return page;
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

/* The proposal buttons under @widget that show something, their labels. */
static void
collect_shown_proposals (GtkWidget *widget,
                         GPtrArray *labels)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (DUBAN_IS_PROPOSAL_BUTTON (widget))
    {
      const char *label = duban_proposal_button_get_label (DUBAN_PROPOSAL_BUTTON (widget));

      if (label[0] != '\0')
        g_ptr_array_add (labels, g_strdup (label));
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_shown_proposals (child, labels);
}

static guint
count_label (GPtrArray  *labels,
             const char *label)
{
  guint n = 0;

  for (guint i = 0; i < labels->len; i++)
    n += g_str_equal (g_ptr_array_index (labels, i), label);
  return n;
}

static gpointer
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gpointer found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* How many widgets under @widget are named @name. */
static guint
count_named (GtkWidget  *widget,
             const char *name)
{
  guint n = g_strcmp0 (gtk_widget_get_name (widget), name) == 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_named (child, name);
  return n;
}

/* The button under @widget whose action is @action_name, or NULL. */
static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action_name)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The visible label with the "warning" style under @widget, or NULL. */
static GtkLabel *
find_warning (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "warning"))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_warning (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static const DubanLadderProposal *
proposal_of (DubanSession *session,
             const char   *id)
{
  return duban_session_get_proposal (session, id);
}

static DubanOrder *
only_order (DubanSession *session,
            const char   *id)
{
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;

  orders = duban_orders_list (duban_session_get_store (session, NULL), id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orders->len, ==, 1);
  return g_ptr_array_steal_index (orders, 0);
}

static void
answer_dialog (const char *response)
{
  GtkWindow *dialog;

  spin (5);
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  /* a click closes the dialog; a programmatic response does not */
  gtk_window_destroy (dialog);
  spin (5);
}

static void
test_proposals (void)
{
  g_autoptr(DubanSession) session = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const DubanLadderProposal *p;
  GtkWidget *button;
  DubanWindow *window;

  fill_store ();

  session = duban_session_new (store_path);
  window = duban_window_new (NULL, session);
  duban_window_set_auto_sync (window, FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  wait_until_loaded (session);

  /* each ticket on its rung */
  p = proposal_of (session, "L-1");
  g_assert_true (p != NULL && p->proposed);
  g_assert_cmpint (p->level, ==, DUBAN_ORDER_YELLOW);
  p = proposal_of (session, "L-2");
  g_assert_true (p != NULL && p->proposed);
  g_assert_cmpint (p->level, ==, DUBAN_ORDER_RED);
  g_assert_nonnull (strstr (p->reason, "Overdue by"));
  p = proposal_of (session, "L-3");
  g_assert_true (p != NULL && p->proposed);
  g_assert_cmpint (p->level, ==, DUBAN_ORDER_BULLETIN);
  g_assert_null (proposal_of (session, "L-4"));
  /* pressed by a colleague at this rung: nothing proposed, the order known */
  p = proposal_of (session, "L-5");
  g_assert_nonnull (p);
  g_assert_false (p->proposed);
  g_assert_true (p->has_orders);
  g_assert_cmpint (p->highest, ==, DUBAN_ORDER_YELLOW);
  g_assert_cmpint (p->reply, ==, DUBAN_REPLY_DUE);
  /* a 提醒 left unanswered past its deadline climbs */
  p = proposal_of (session, "L-6");
  g_assert_true (p != NULL && p->proposed);
  g_assert_cmpint (p->level, ==, DUBAN_ORDER_YELLOW);
  g_assert_cmpint (p->reply, ==, DUBAN_REPLY_OVERDUE);
  g_assert_nonnull (strstr (p->reason, "Notice given 1 time"));
  g_assert_nonnull (strstr (p->reason, "Reply overdue"));

  /* the queue's column shows them: 2 黄牌, 1 红牌, 1 通报 */
  spin (20);
  collect_shown_proposals (GTK_WIDGET (window), labels);
  g_assert_cmpuint (count_label (labels, duban_order_level_to_display (DUBAN_ORDER_YELLOW)), ==, 2);
  g_assert_cmpuint (count_label (labels, duban_order_level_to_display (DUBAN_ORDER_RED)), ==, 1);
  g_assert_cmpuint (count_label (labels, duban_order_level_to_display (DUBAN_ORDER_BULLETIN)), ==, 1);
  g_assert_cmpuint (labels->len, ==, 4);

  button = g_object_ref_sink (duban_proposal_button_new ());

  /* dismissed: no longer proposed, audited, remembered */
  duban_proposal_button_set_ticket (DUBAN_PROPOSAL_BUTTON (button), session, "L-1");
  g_assert_cmpstr (duban_proposal_button_get_label (DUBAN_PROPOSAL_BUTTON (button)), ==,
                   duban_order_level_to_display (DUBAN_ORDER_YELLOW));
  g_assert_true (duban_proposal_button_dismiss (DUBAN_PROPOSAL_BUTTON (button), &error));
  g_assert_no_error (error);
  p = proposal_of (session, "L-1");
  g_assert_true (p != NULL && !p->proposed && p->dismissed);
  g_assert_cmpuint (count_audit (session, DUBAN_AUDIT_LADDER_DISMISSED, "L-1"), ==, 1);
  duban_proposal_button_set_ticket (DUBAN_PROPOSAL_BUTTON (button), session, "L-1");
  g_assert_cmpstr (duban_proposal_button_get_label (DUBAN_PROPOSAL_BUTTON (button)), ==, "");

  /* accepted as proposed: the dialog opens prefilled, the order is the proposal */
  duban_proposal_button_set_ticket (DUBAN_PROPOSAL_BUTTON (button), session, "L-2");
  {
    g_autofree char *reason = g_strdup (proposal_of (session, "L-2")->reason);
    g_autoptr(DubanOrder) order = NULL;

    duban_proposal_button_accept (DUBAN_PROPOSAL_BUTTON (button));
    answer_dialog ("issue");
    order = only_order (session, "L-2");
    g_assert_cmpint (order->level, ==, DUBAN_ORDER_RED);
    g_assert_cmpstr (order->note, ==, reason);
  }
  g_assert_cmpuint (count_audit (session, DUBAN_AUDIT_LADDER_ACCEPTED, "L-2"), ==, 1);
  g_assert_cmpuint (count_audit (session, DUBAN_AUDIT_ORDER, "L-2"), ==, 1);
  /* pressed now: the same step is not proposed again */
  p = proposal_of (session, "L-2");
  g_assert_true (p != NULL && !p->proposed && p->highest == DUBAN_ORDER_RED);

  /* edited: the supervisor gives a 红牌 where the ladder proposed 通报 */
  duban_proposal_button_set_ticket (DUBAN_PROPOSAL_BUTTON (button), session, "L-3");
  duban_proposal_button_accept (DUBAN_PROPOSAL_BUTTON (button));
  spin (5);
  {
    GtkWindow *dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    GtkDropDown *level;
    g_autoptr(DubanOrder) order = NULL;

    g_assert_nonnull (dialog);
    level = find_widget (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN);
    g_assert_cmpuint (gtk_drop_down_get_selected (level), ==, DUBAN_ORDER_BULLETIN);
    gtk_drop_down_set_selected (level, DUBAN_ORDER_RED);
    answer_dialog ("issue");
    order = only_order (session, "L-3");
    g_assert_cmpint (order->level, ==, DUBAN_ORDER_RED);
  }
  g_assert_cmpuint (count_audit (session, DUBAN_AUDIT_LADDER_EDITED, "L-3"), ==, 1);
  g_assert_cmpuint (count_audit (session, DUBAN_AUDIT_LADDER_ACCEPTED, "L-3"), ==, 0);
  /* 通报 is still earned, above the 红牌 given */
  p = proposal_of (session, "L-3");
  g_assert_true (p != NULL && p->proposed && p->level == DUBAN_ORDER_BULLETIN);

  /* pressing L-5 again: the dialog names the colleague's order and asks twice */
  {
    g_autoptr(GPtrArray) ids = g_ptr_array_new ();
    GtkWindow *dialog;
    GtkLabel *warning;
    GtkDropDown *level;

    g_ptr_array_add (ids, (gpointer) "L-5");
    duban_order_dialog_present (GTK_WINDOW (window), session, ids, (DubanOrderDialogDone) g_nullify_pointer, NULL);
    spin (5);
    dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (dialog);
    level = find_widget (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN);
    gtk_drop_down_set_selected (level, DUBAN_ORDER_YELLOW);
    warning = find_warning (GTK_WIDGET (dialog));
    g_assert_nonnull (warning);
    g_assert_nonnull (strstr (gtk_label_get_label (warning), "李督办"));
    g_assert_cmpstr (adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (dialog), "issue"), ==, _("_Issue Anyway"));
    /* a step above it is no second press */
    gtk_drop_down_set_selected (level, DUBAN_ORDER_RED);
    g_assert_null (find_warning (GTK_WIDGET (dialog)));
    g_assert_cmpstr (adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (dialog), "issue"), ==, _("_Issue"));
    gtk_window_destroy (dialog);
    spin (5);
  }

  g_object_unref (button);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (10);
}

/* The unit's page, from the queue's action: what it says of 县水务局, and
 * its exports, each in the audit log. */
static void
test_unit_page (void)
{
  g_autoptr(DubanSession) session = NULL;
  g_autoptr(GError) error = NULL;
  const DubanUnitReport *report;
  DubanWindow *window;
  GtkWindow *page;
  double on_time;

  g_free (store_path);
  store_path = g_build_filename (test_dir, "unit.db", NULL);
  fill_store ();

  session = duban_session_new (store_path);
  window = duban_window_new (NULL, session);
  duban_window_set_auto_sync (window, FALSE);
  gtk_window_present (GTK_WINDOW (window));
  wait_until_loaded (session);

  /* a unit nobody knows: no page */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-unit", "s", "U-NOBODY"));
  spin (5);
  g_assert_null (find_toplevel (DUBAN_TYPE_UNIT_PAGE));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-unit", "s", "U-SW"));
  /* the window opens at once, a spinner in it, while a worker reads
   * (its answer comes through this main loop, not turned yet) */
  page = find_toplevel (DUBAN_TYPE_UNIT_PAGE);
  g_assert_nonnull (page);
  g_assert_true (duban_unit_page_get_loading (DUBAN_UNIT_PAGE (page)));
  g_assert_null (duban_unit_page_get_report (DUBAN_UNIT_PAGE (page)));
  g_assert_cmpuint (count_named (GTK_WIDGET (page), "unit-page-spinner"), ==, 1);
  page = wait_for_unit_page ();
  g_assert_nonnull (page);
  g_assert_cmpuint (count_named (GTK_WIDGET (page), "unit-page-spinner"), ==, 0);
  report = duban_unit_page_get_report (DUBAN_UNIT_PAGE (page));
  g_assert_cmpstr (report->unit_name, ==, "县水务局");
  g_assert_nonnull (strstr (gtk_window_get_title (page), "县水务局"));
  /* six open, all but L-4 late; the two orders colleagues issued, L-6's reply overdue */
  g_assert_cmpuint (report->open->len, ==, 6);
  g_assert_cmpuint (report->late, ==, 5);
  g_assert_cmpuint (report->orders->len, ==, 2);
  g_assert_cmpuint (report->replies[DUBAN_REPLY_OVERDUE], ==, 1);
  g_assert_cmpuint (report->replies[DUBAN_REPLY_DUE], ==, 1);
  g_assert_cmpuint (report->months->len, ==, DUBAN_UNIT_REPORT_MONTHS);

  {
    g_autofree char *pdf = g_build_filename (test_dir, "unit.pdf", NULL);
    g_autofree char *xlsx = g_build_filename (test_dir, "unit.xlsx", NULL);

    g_assert_true (duban_unit_page_export (DUBAN_UNIT_PAGE (page), pdf, &error));
    g_assert_no_error (error);
    g_assert_true (duban_unit_page_export (DUBAN_UNIT_PAGE (page), xlsx, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
    g_assert_true (g_file_test (xlsx, G_FILE_TEST_IS_REGULAR));
    g_assert_cmpuint (count_audit (session, DUBAN_AUDIT_EXPORT, NULL), ==, 2);
  }
  /* nothing confirmed yet: every ticket a matter */
  g_assert_cmpuint (report->received, ==, 6);
  g_assert_cmpuint (report->matters, ==, 6);
  g_assert_cmpuint (count_named (GTK_WIDGET (page), "unit-matter"), ==, 0);
  on_time = ((const DubanUnitMonth *) g_ptr_array_index (report->months, report->months->len - 1))
              ->figures->on_time_completion_rate;

  /* a reload reads the page again: the old content stays until the new is in */
  g_signal_emit_by_name (session, "reloaded");
  g_assert_true (duban_unit_page_get_loading (DUBAN_UNIT_PAGE (page)));
  g_assert_true (duban_unit_page_get_report (DUBAN_UNIT_PAGE (page)) == report);
  g_assert_cmpuint (count_named (GTK_WIDGET (page), "unit-page-spinner"), ==, 0);
  g_assert_true (wait_for_unit_page () == page);
  report = duban_unit_page_get_report (DUBAN_UNIT_PAGE (page));
  g_assert_cmpuint (report->open->len, ==, 6);

  gtk_window_destroy (page);
  spin (5);

  /* a supervisor confirms L-1 and L-2 as one matter (on the 研判 page):
   * the page opened next counts them once, lists the group, and its
   * rates are what they were */
  {
    const char *ids[] = { "L-1", "L-2" };
    DubanStore *store = duban_session_get_store (session, &error);

    g_assert_no_error (error);
    g_assert_true (duban_repeat_decision_set (store, ids, 2, DUBAN_REPEAT_CONFIRMED, &error));
    g_assert_no_error (error);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-unit", "s", "U-SW"));
    page = wait_for_unit_page ();
    g_assert_nonnull (page);
    report = duban_unit_page_get_report (DUBAN_UNIT_PAGE (page));
    g_assert_cmpuint (report->received, ==, 6);
    g_assert_cmpuint (report->matters, ==, 5);
    g_assert_cmpuint (report->groups->len, ==, 1);
    g_assert_cmpuint (count_named (GTK_WIDGET (page), "unit-matter"), ==, 1);
    g_assert_cmpfloat (((const DubanUnitMonth *) g_ptr_array_index (report->months, report->months->len - 1))
                         ->figures->on_time_completion_rate, ==, on_time);
    gtk_window_destroy (page);
    spin (5);
  }

  /* and from a ticket's detail, wherever it is shown: its unit's row */
  {
    GtkWidget *button;
    GVariant *target;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-ticket", "s", "L-6"));
    spin (5);
    button = find_action_button (GTK_WIDGET (duban_window_get_detail (window)), "win.show-unit");
    g_assert_nonnull (button);
    target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button));
    g_assert_nonnull (target);
    g_assert_cmpstr (g_variant_get_string (target, NULL), ==, "U-SW");
    g_assert_true (gtk_widget_is_sensitive (button));
    g_signal_emit_by_name (button, "clicked");
    page = wait_for_unit_page ();
    g_assert_nonnull (page);
    g_assert_cmpstr (duban_unit_page_get_report (DUBAN_UNIT_PAGE (page))->unit_name, ==, "县水务局");
    gtk_window_destroy (page);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  spin (10);
}

/* The first widget of @type under @widget, depth first. */
static GtkWidget *
find_nth (GtkWidget *widget,
          GType      type,
          guint     *n)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && (*n)-- == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_nth (child, type, n);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
reloaded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (duban_session_reload_finish (DUBAN_SESSION (object), result, &error));
  g_assert_no_error (error);
}

/* The ladder set in Preferences: shown as stored, saved to the store
 * with an audit row, and the queue's proposals follow it. */
static void
test_ladder_settings (void)
{
  g_autoptr(DubanSession) session = NULL;
  g_autoptr(GError) error = NULL;
  DubanLadderPolicy stored, shown, defaults;
  GtkWidget *window, *group, *spin_button, *apply;
  guint n, audited;

  g_free (store_path);
  store_path = g_build_filename (test_dir, "ladder-settings.db", NULL);
  fill_store ();
  session = duban_session_new (store_path);
  duban_session_reload_async (session, NULL, reloaded_cb, NULL);
  wait_until_loaded (session);

  window = gtk_window_new ();
  group = duban_ladder_group_new (session);
  gtk_window_set_child (GTK_WINDOW (window), group);
  gtk_window_present (GTK_WINDOW (window));
  spin (2);

  /* it shows the ladder of docs/sla-rules.md, which the store holds */
  duban_ladder_policy_init_defaults (&defaults);
  duban_ladder_group_read (DUBAN_LADDER_GROUP (group), &shown);
  g_assert_cmpmem (&shown, sizeof shown, &defaults, sizeof defaults);

  /* 黄牌 for normal tickets from 1.5 working days overdue: the second
   * spin button of the second rung */
  n = 5 + 1;   /* five conditions with a number a rung */
  spin_button = find_nth (group, GTK_TYPE_SPIN_BUTTON, &n);
  g_assert_nonnull (spin_button);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin_button), 1.5);
  audited = count_audit (session, "preference", NULL);
  n = 0;
  apply = find_nth (group, GTK_TYPE_BUTTON, &n);
  g_assert_nonnull (apply);
  g_assert_true (gtk_widget_get_sensitive (apply));
  g_signal_emit_by_name (apply, "clicked");
  spin (5);

  g_assert_true (duban_ladder_load_policy (duban_session_get_store (session, NULL), &stored, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (stored.rungs[DUBAN_ORDER_YELLOW].overdue_working_days, ==, 1.5);
  g_assert_cmpfloat (stored.rungs[DUBAN_ORDER_YELLOW].overdue_hours, ==,
                     defaults.rungs[DUBAN_ORDER_YELLOW].overdue_hours);
  g_assert_cmpuint (count_audit (session, "preference", NULL), ==, audited + 1);
  g_assert_false (gtk_widget_get_sensitive (apply));

  gtk_window_destroy (GTK_WINDOW (window));
  spin (5);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  test_dir = g_dir_make_tmp ("duban-test-ladder-window-XXXXXX", &error);
  g_assert_no_error (error);
  store_path = g_build_filename (test_dir, "duban.db", NULL);

  g_test_add_func ("/workbench/ladder/proposals", test_proposals);
  g_test_add_func ("/workbench/ladder/unit-page", test_unit_page);
  g_test_add_func ("/workbench/ladder/settings", test_ladder_settings);
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
