/* test-window.c — the main window over a store made by hand
 *
 * Runs under Xvfb (see tests/meson.build for the environment). The tickets
 * are placed relative to now so their states do not depend on the day the
 * test runs: days overdue is overdue whatever the calendar says.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <sqlite3.h>

#include "duban-orders.h"
#include "duban-orders-window.h"
#include "duban-queue-page.h"
#include "duban-session.h"
#include "duban-store.h"
#include "duban-ticket-detail.h"
#include "duban-ticket-object.h"
#include "duban-window.h"

#define WAIT_TIMEOUT_USEC (20 * G_USEC_PER_SEC)

typedef struct {
  char *dir;
  char *store_path;
} Fixture;

static DubanTicket *
make_ticket (const char   *id,
             const char   *title,
             DubanUrgency  urgency,
             DubanStatus   status,
             DubanTime     dispatched_at)
{
  DubanTicket *ticket = duban_ticket_new ();

  ticket->id = g_strdup (id);
  ticket->title = g_strdup (title);
  ticket->description = g_strdup ("小区楼下自来水管破裂，水流到路面上，已经两天没人来修。");
  ticket->kind = DUBAN_KIND_COMPLAINT;
  ticket->category = g_strdup ("供水");
  ticket->urgency = urgency;
  ticket->source = DUBAN_SOURCE_HOTLINE;
  ticket->petitioner_name = g_strdup ("张三丰");
  ticket->petitioner_phone = g_strdup ("13812341234");
  ticket->address = g_strdup ("金乡县金乡街道中心街 18 号");
  ticket->grid_code = g_strdup ("370828001001001");
  ticket->unit_code = g_strdup ("U-SW");
  ticket->unit_name = g_strdup ("金乡县水务局");
  ticket->status = status;
  ticket->received_at = dispatched_at - 10 * 60 * DUBAN_USEC_PER_SECOND;
  ticket->dispatched_at = dispatched_at;
  ticket->updated_at = dispatched_at;

  return ticket;
}

static void
add_ticket (DubanStore  *store,
            DubanTicket *ticket)
{
  g_autoptr(GError) error = NULL;

  duban_store_upsert_ticket (store, ticket, NULL, &error);
  g_assert_no_error (error);
  duban_ticket_free (ticket);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("duban-test-window-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store_path = g_build_filename (fixture->dir, "duban.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);

  g_free (fixture->store_path);
  g_free (fixture->dir);
}

static void
fill_store (const char *path)
{
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  DubanTime now = duban_time_now ();
  DubanTicket *ticket;

  store = duban_store_open (path, &error);
  g_assert_no_error (error);

  /* Normal, ten days ago: several working days overdue, the latest. */
  add_ticket (store, make_ticket ("JX20260001", "中心街自来水管破裂", DUBAN_URGENCY_NORMAL,
                                  DUBAN_STATUS_IN_PROGRESS, now - 10 * DUBAN_USEC_PER_DAY));

  /* Urgent, 30 hours ago: 6 hours overdue, and never contacted. */
  add_ticket (store, make_ticket ("JX20260002", "路灯不亮存在安全隐患", DUBAN_URGENCY_URGENT,
                                  DUBAN_STATUS_DISPATCHED, now - 30 * DUBAN_USEC_PER_HOUR));

  /* Urgent, 20 hours ago: 4 of 24 hours left, in warning. */
  ticket = make_ticket ("JX20260003", "门前道路积水", DUBAN_URGENCY_URGENT,
                        DUBAN_STATUS_IN_PROGRESS, now - 20 * DUBAN_USEC_PER_HOUR);
  ticket->first_contact_at = ticket->dispatched_at + 20 * 60 * DUBAN_USEC_PER_SECOND;
  add_ticket (store, ticket);

  /* Normal, an hour ago: plenty of time. */
  add_ticket (store, make_ticket ("JX20260004", "小区垃圾清运不及时", DUBAN_URGENCY_NORMAL,
                                  DUBAN_STATUS_DISPATCHED, now - DUBAN_USEC_PER_HOUR));

  /* Resolved and cancelled tickets are not open: not listed. */
  ticket = make_ticket ("JX20260005", "已办结的诉求", DUBAN_URGENCY_NORMAL,
                        DUBAN_STATUS_RESOLVED, now - 3 * DUBAN_USEC_PER_DAY);
  ticket->resolved_at = ticket->dispatched_at + DUBAN_USEC_PER_HOUR;
  add_ticket (store, ticket);
  add_ticket (store, make_ticket ("JX20260006", "已撤销的诉求", DUBAN_URGENCY_NORMAL,
                                  DUBAN_STATUS_CANCELLED, now - 20 * DUBAN_USEC_PER_DAY));
}

static gboolean
wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main loop until the session has loaded, with a deadline so
 * a broken reload fails the test instead of hanging it. */
static void
wait_until_loaded (DubanSession *session)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_USEC;
  guint source = g_timeout_add (50, wake_up, NULL);

  while ((!duban_session_get_loaded (session) || duban_session_get_loading (session)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  /* A few more turns so the window lays out and binds its rows. */
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);

  g_source_remove (source);

  g_assert_true (duban_session_get_loaded (session));
}

static void
test_window_open_tickets (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(DubanSession) session = NULL;
  DubanWindow *window;
  GtkSingleSelection *selection;
  GListModel *model;
  DubanTicketDetail *detail;
  g_autoptr(DubanTicketObject) first = NULL;
  g_autoptr(DubanTicketObject) second = NULL;
  g_autoptr(DubanTicketObject) third = NULL;
  g_autoptr(DubanTicketObject) fourth = NULL;

  fill_store (fixture->store_path);

  session = duban_session_new (fixture->store_path);
  window = duban_window_new (NULL, session);
  duban_window_set_auto_sync (window, FALSE);
  gtk_window_present (GTK_WINDOW (window));

  wait_until_loaded (session);

  g_assert_cmpint (duban_session_get_ticket_count (session), ==, 6);
  g_assert_cmpstr (duban_window_get_page_name (window), ==, "tickets");

  selection = duban_window_get_selection (window);
  model = G_LIST_MODEL (selection);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);

  first = g_list_model_get_item (model, 0);
  second = g_list_model_get_item (model, 1);
  third = g_list_model_get_item (model, 2);
  fourth = g_list_model_get_item (model, 3);

  g_assert_cmpstr (duban_ticket_object_get_id (first), ==, "JX20260001");
  g_assert_cmpint (duban_ticket_object_get_status (first)->state, ==, DUBAN_STATE_OPEN_OVERDUE);
  g_assert_cmpstr (duban_ticket_object_get_id (second), ==, "JX20260002");
  g_assert_cmpint (duban_ticket_object_get_status (second)->state, ==, DUBAN_STATE_OPEN_OVERDUE);
  g_assert_true (duban_ticket_object_get_status (second)->contact_overdue);
  g_assert_cmpstr (duban_ticket_object_get_id (third), ==, "JX20260003");
  g_assert_cmpint (duban_ticket_object_get_status (third)->state, ==, DUBAN_STATE_OPEN_WARNING);
  g_assert_cmpstr (duban_ticket_object_get_id (fourth), ==, "JX20260004");
  g_assert_cmpint (duban_ticket_object_get_status (fourth)->state, ==, DUBAN_STATE_OPEN_OK);

  /* The first row is selected by itself and the detail shows it. */
  detail = duban_window_get_detail (window);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 0);
  g_assert_cmpstr (duban_ticket_detail_get_displayed_id (detail), ==, "JX20260001");

  /* Choosing another row shows that one. */
  gtk_single_selection_set_selected (selection, 2);
  g_assert_cmpstr (duban_ticket_detail_get_displayed_id (detail), ==, "JX20260003");

  /* A reload keeps the user's choice, though every object is new. */
  duban_window_reload (window);
  wait_until_loaded (session);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  g_assert_cmpstr (duban_ticket_detail_get_displayed_id (detail), ==, "JX20260003");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Every label text under @widget, in @texts. */
static void
collect_labels (GtkWidget *widget,
                GPtrArray *texts)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (texts, (gpointer) gtk_label_get_label (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts);
}

/* The first label under @root whose tooltip is @tooltip. */
static GtkLabel *
find_label_with_tooltip (GtkWidget  *root,
                         const char *tooltip)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0)
    return GTK_LABEL (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label_with_tooltip (child, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
window_shows (DubanWindow *window,
              const char  *text)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  collect_labels (GTK_WIDGET (duban_window_get_queue_page (window)), texts);
  return g_ptr_array_find_with_equal_func (texts, text, g_str_equal, NULL);
}

/* The orders cell of @ticket_id as the queue writes it: @base ("黄牌 ×2"),
 * then the state of the unit's reply when there is an order to answer. */
static char *
orders_cell_text (DubanSession *session,
                  const char   *ticket_id,
                  const char   *base)
{
  const DubanLadderProposal *proposal = duban_session_get_proposal (session, ticket_id);

  if (proposal == NULL || proposal->reply == DUBAN_REPLY_NONE)
    return g_strdup (base);
  return g_strdup_printf ("%s · %s", base, duban_reply_state_to_display (proposal->reply));
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  /* not a status page's own (the detail's empty page) */
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && !ADW_IS_STATUS_PAGE (gtk_widget_get_parent (widget)))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The queue says which tickets were already pressed (how many orders,
 * the latest level), and follows an order issued while it is shown; the
 * detail opens each ticket at its top; the petitioner can be masked
 * again after being shown. */
static void
test_window_orders_and_detail (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autoptr(DubanSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *twice_yellow = NULL;
  DubanWindow *window;
  DubanTicketDetail *detail;
  GtkSingleSelection *selection;
  GtkAdjustment *vadjustment;
  const DubanOrderSummary *summary;
  DubanStore *store;

  fill_store (fixture->store_path);
  {
    g_autoptr(DubanStore) writer = duban_store_open (fixture->store_path, &error);
    g_autoptr(DubanOrder) first = NULL;
    g_autoptr(DubanOrder) second = NULL;

    g_assert_no_error (error);
    first = duban_orders_issue (writer, "JX20260001", DUBAN_ORDER_YELLOW, "请尽快办理", DUBAN_TIME_NONE, &error);
    g_assert_no_error (error);
    second = duban_orders_issue (writer, "JX20260001", DUBAN_ORDER_YELLOW, "再次督办", DUBAN_TIME_NONE, &error);
    g_assert_no_error (error);
  }

  session = duban_session_new (fixture->store_path);
  window = duban_window_new (NULL, session);
  duban_window_set_auto_sync (window, FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  wait_until_loaded (session);

  summary = duban_session_get_order_summary (session, "JX20260001");
  g_assert_nonnull (summary);
  g_assert_cmpuint (summary->n_orders, ==, 2);
  g_assert_cmpint (summary->latest_level, ==, DUBAN_ORDER_YELLOW);
  g_assert_null (duban_session_get_order_summary (session, "JX20260003"));
  {
    g_autofree char *base = g_strdup_printf ("%s ×2", duban_order_level_to_display (DUBAN_ORDER_YELLOW));

    /* two orders awaiting the unit's reply */
    g_assert_cmpint (duban_session_get_proposal (session, "JX20260001")->reply, ==, DUBAN_REPLY_DUE);
    twice_yellow = orders_cell_text (session, "JX20260001", base);
  }
  g_assert_true (window_shows (window, twice_yellow));
  g_assert_false (window_shows (window, duban_order_level_to_display (DUBAN_ORDER_RED)));

  /* An order issued now shows without a reload. */
  store = duban_session_get_store (session, &error);
  g_assert_no_error (error);
  {
    g_autoptr(DubanOrder) red = duban_orders_issue (store, "JX20260003", DUBAN_ORDER_RED, "", DUBAN_TIME_NONE, &error);

    g_assert_no_error (error);
  }
  duban_session_records_changed (session);
  {
    g_autofree char *red_cell = orders_cell_text (session, "JX20260003", duban_order_level_to_display (DUBAN_ORDER_RED));

    g_assert_true (window_shows (window, red_cell));
  }

  /* The orders window finds orders by number, unit or opinion, and
   * filters them by delivery. */
  {
    GtkWidget *orders = duban_orders_window_new (GTK_WINDOW (window), session);
    GListModel *shown = duban_orders_window_get_shown (DUBAN_ORDERS_WINDOW (orders));

    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 3);
    duban_orders_window_search (DUBAN_ORDERS_WINDOW (orders), "JX20260003", 0);
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
    duban_orders_window_search (DUBAN_ORDERS_WINDOW (orders), "再次", 0);
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
    duban_orders_window_search (DUBAN_ORDERS_WINDOW (orders), "水务", 0);
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 3);
    /* none was delivered: there is no platform */
    duban_orders_window_search (DUBAN_ORDERS_WINDOW (orders), "", 3);
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
    duban_orders_window_search (DUBAN_ORDERS_WINDOW (orders), "", 1);
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 3);
    gtk_window_destroy (GTK_WINDOW (orders));
  }

  /* A long refusal reads whole in its row: wrapped over lines, not cut
   * at one, and selectable for copying; its tooltip has it too. */
  {
    static const char reason[] =
      "400 Bad Request: 督办意见不符合平台要求：答复时限早于工单的办理时限，"
      "请核对答复时限后重新提交；如有疑问请联系市级平台管理员（工单 JX20260003）";
    GtkWidget *orders;
    GtkLabel *cell;
    sqlite3 *db;
    sqlite3_stmt *stmt;
    gint64 until;
    guint source;

    g_assert_cmpint (sqlite3_open (fixture->store_path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE supervision_orders SET last_error = ?1, delivery_state = 'refused'"
                                             " WHERE ticket_id = ?2", -1, &stmt, NULL), ==, SQLITE_OK);
    sqlite3_bind_text (stmt, 1, reason, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, "JX20260003", -1, SQLITE_STATIC);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    sqlite3_finalize (stmt);
    sqlite3_close (db);

    orders = duban_orders_window_new (GTK_WINDOW (window), session);
    gtk_window_set_default_size (GTK_WINDOW (orders), 1280, 600);
    gtk_window_present (GTK_WINDOW (orders));
    until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
    source = g_timeout_add (20, wake_up, NULL);
    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, TRUE);
    g_source_remove (source);

    cell = find_label_with_tooltip (orders, reason);
    g_assert_nonnull (cell);
    g_assert_cmpstr (gtk_label_get_label (cell), ==, reason);
    g_assert_true (gtk_label_get_selectable (cell));
    g_assert_true (gtk_label_get_wrap (cell));
    g_assert_false (gtk_label_get_single_line_mode (cell));
    g_assert_cmpint (gtk_label_get_lines (cell), ==, DUBAN_ORDERS_WINDOW_ERROR_LINES);
    /* laid out in the column's width, it takes more than one line */
    g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (cell)), >, 1);
    gtk_window_destroy (GTK_WINDOW (orders));
  }

  /* Read down one ticket, open another: it opens at its top. */
  detail = duban_window_get_detail (window);
  selection = duban_window_get_selection (window);
  gtk_single_selection_set_selected (selection, 0);
  vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (find_descendant (GTK_WIDGET (detail),
                                                                                            GTK_TYPE_SCROLLED_WINDOW)));
  /* as if read down a long ticket (under Xvfb the pane may not be laid
   * out as long as on a desk) */
  if (gtk_adjustment_get_upper (vadjustment) < gtk_adjustment_get_page_size (vadjustment) + 100.0)
    gtk_adjustment_set_upper (vadjustment, gtk_adjustment_get_page_size (vadjustment) + 1000.0);
  gtk_adjustment_set_value (vadjustment, 100.0);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, 100.0);
  gtk_single_selection_set_selected (selection, 1);
  g_assert_cmpstr (duban_ticket_detail_get_displayed_id (detail), ==, "JX20260002");
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, 0.0);

  /* Shown for a reason, then masked again. */
  g_assert_true (duban_ticket_detail_reveal (detail, "回访核实", &error));
  g_assert_no_error (error);
  g_assert_true (duban_ticket_detail_get_revealed (detail));
  duban_ticket_detail_mask (detail);
  g_assert_false (duban_ticket_detail_get_revealed (detail));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The position of the row @widget is, through its state cell. */
static guint
row_position (GtkWidget *widget)
{
  GtkListItem *list_item = g_object_get_data (G_OBJECT (widget), "duban-list-item");

  if (list_item != NULL)
    return gtk_list_item_get_position (list_item);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      guint position = row_position (child);

      if (position != GTK_INVALID_LIST_POSITION)
        return position;
    }
  return GTK_INVALID_LIST_POSITION;
}

static void
spin_frames (void)
{
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  guint source = g_timeout_add (20, wake_up, NULL);

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (source);
}

/* j and k move the focus (and its ring) with the selection, not only
 * the selection. */
static void
test_window_focus_follows_selection (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  g_autoptr(DubanSession) session = NULL;
  DubanWindow *window;
  DubanQueuePage *page;
  GtkSingleSelection *selection;
  GtkWidget *focus;

  fill_store (fixture->store_path);
  session = duban_session_new (fixture->store_path);
  window = duban_window_new (NULL, session);
  duban_window_set_auto_sync (window, FALSE);
  gtk_window_present (GTK_WINDOW (window));
  wait_until_loaded (session);

  page = duban_window_get_queue_page (window);
  selection = duban_window_get_selection (window);
  duban_queue_page_focus_list (page);
  spin_frames ();

  for (int step = 0; step < 2; step++)
    {
      duban_queue_page_select_relative (page, 1);
      spin_frames ();
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_nonnull (focus);
      g_assert_cmpuint (row_position (focus), ==, gtk_single_selection_get_selected (selection));
    }
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 2);
  duban_queue_page_select_relative (page, -1);
  spin_frames ();
  g_assert_cmpuint (row_position (gtk_root_get_focus (GTK_ROOT (window))), ==, 1);

  /* Tab from the list goes to the ticket's first action, not to the
   * selectable number above it */
  g_assert_true (duban_ticket_detail_focus_first (duban_queue_page_get_detail (page)));
  spin_frames ();
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  if (!GTK_IS_BUTTON (focus))
    focus = gtk_widget_get_ancestor (focus, GTK_TYPE_BUTTON);
  g_assert_nonnull (focus);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (focus)), ==, "win.issue-order");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_empty_store (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(DubanSession) session = NULL;
  DubanWindow *window;

  session = duban_session_new (fixture->store_path);
  window = duban_window_new (NULL, session);
  duban_window_set_auto_sync (window, FALSE);
  gtk_window_present (GTK_WINDOW (window));

  wait_until_loaded (session);

  g_assert_cmpint (duban_session_get_ticket_count (session), ==, 0);
  g_assert_cmpstr (duban_window_get_page_name (window), ==, "empty");
  g_assert_null (duban_ticket_detail_get_displayed_id (duban_window_get_detail (window)));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_sync_without_platform (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(DubanSession) session = duban_session_new (fixture->store_path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ret;

  /* GSETTINGS_BACKEND=memory: feed-url is its default, empty; the sync
   * must say so instead of trying a request. */
  duban_session_sync_async (session, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  ret = duban_session_sync_finish (session, result, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_assert_false (ret);
  g_assert_false (duban_session_get_syncing (session));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/app/window/open-tickets", Fixture, NULL,
              fixture_set_up, test_window_open_tickets, fixture_tear_down);
  g_test_add ("/app/window/orders-and-detail", Fixture, NULL,
              fixture_set_up, test_window_orders_and_detail, fixture_tear_down);
  g_test_add ("/app/window/focus-follows-selection", Fixture, NULL,
              fixture_set_up, test_window_focus_follows_selection, fixture_tear_down);
  g_test_add ("/app/window/empty-store", Fixture, NULL,
              fixture_set_up, test_window_empty_store, fixture_tear_down);
  g_test_add ("/app/session/sync-without-platform", Fixture, NULL,
              fixture_set_up, test_sync_without_platform, fixture_tear_down);

  return g_test_run ();
}
