/* test-window-query.c — the queue's search and order, and the periods
 * the figures on screen say, in the main window over a store made by hand
 *
 * Runs under Xvfb (see tests/meson.build for the environment). The
 * tickets are placed relative to now, so their states do not depend on
 * the day the test runs.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <adwaita.h>

#include "duban-analysis-page.h"
#include "duban-chart.h"
#include "duban-county-generator.h"
#include "duban-desk.h"
#include "duban-late-risk.h"
#include "duban-map-page.h"
#include "duban-queue-model.h"
#include "duban-queue-page.h"
#include "duban-risk-book.h"
#include "duban-session.h"
#include "duban-store.h"
#include "duban-store-reference.h"
#include "duban-ticket-object.h"
#include "duban-unit-page.h"
#include "duban-window.h"

#define WAIT_TIMEOUT_USEC (20 * G_USEC_PER_SEC)

typedef struct {
  char         *dir;
  char         *store_path;
  DubanSession *session;
  DubanWindow  *window;
} Fixture;

static DubanTicket *
make_ticket (const char   *id,
             const char   *title,
             const char   *unit_name,
             DubanStatus   status,
             DubanTime     dispatched_at)
{
  DubanTicket *ticket = duban_ticket_new ();

  ticket->id = g_strdup (id);
  ticket->title = g_strdup (title);
  ticket->description = g_strdup ("反映的问题需要尽快处理。");
  ticket->kind = DUBAN_KIND_COMPLAINT;
  ticket->category = g_strdup ("供水");
  ticket->urgency = DUBAN_URGENCY_NORMAL;
  ticket->source = DUBAN_SOURCE_HOTLINE;
  ticket->address = g_strdup ("金乡县金乡街道中心街 18 号");
  ticket->grid_code = g_strdup ("370828001001001");
  ticket->unit_code = g_strdup_printf ("U-%s", id);
  ticket->unit_name = g_strdup (unit_name);
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
fill_store (const char *path)
{
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  DubanTime now = duban_time_now ();
  DubanTicket *ticket;

  store = duban_store_open (path, &error);
  g_assert_no_error (error);

  /* open: ten days ago (overdue), two hours ago, an hour ago; their
   * units' names in pinyin order 安 陈 张, not in code-point order */
  add_ticket (store, make_ticket ("JX20260101", "中心街自来水管破裂", "张庄镇政府",
                                  DUBAN_STATUS_IN_PROGRESS, now - 10 * DUBAN_USEC_PER_DAY));
  add_ticket (store, make_ticket ("JX20260102", "小区垃圾清运不及时", "安监局",
                                  DUBAN_STATUS_DISPATCHED, now - 2 * DUBAN_USEC_PER_HOUR));
  add_ticket (store, make_ticket ("JX20260103", "门前道路积水", "陈家村委会",
                                  DUBAN_STATUS_DISPATCHED, now - DUBAN_USEC_PER_HOUR));
  /* closed: named in a bulletin's accountability list */
  ticket = make_ticket ("JX20260104", "路灯不亮已修复", "李集镇政府",
                        DUBAN_STATUS_CLOSED, now - 3 * DUBAN_USEC_PER_DAY);
  ticket->resolved_at = ticket->dispatched_at + DUBAN_USEC_PER_HOUR;
  ticket->closed_at = ticket->resolved_at;
  add_ticket (store, ticket);
  /* closed, received today (since midnight whenever the test runs): in
   * every period that ends today */
  {
    DubanTime received = MAX (now - 10 * 60 * DUBAN_USEC_PER_SECOND, duban_day_start (duban_day_of_time (now)));

    ticket = make_ticket ("JX20260105", "井盖缺失已补装", "王丕街道", DUBAN_STATUS_CLOSED, received);
    ticket->received_at = received;
    ticket->resolved_at = received;
    ticket->closed_at = received;
    add_ticket (store, ticket);
  }
}

/* A past for the late-risk curves: JX20260103's unit was late over
 * twenty tickets like it, JX20260102's quick (done in minutes, so its
 * own curve says nothing of a ticket two hours in: the county's does),
 * the rest of the county in time, in a day; the test that needs it adds
 * it (the others count every ticket). */
static void
fill_history (const char *path)
{
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  DubanTime now = duban_time_now ();

  store = duban_store_open (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 100; i++)
    {
      static const char *units[] = { "U-JX20260103", "U-JX20260102", "U-JX20250000" };
      static const char *names[] = { "陈家村委会", "安监局", "鸡黍镇政府" };
      static const DubanTime took[] = { 30 * DUBAN_USEC_PER_DAY, 10 * 60 * DUBAN_USEC_PER_SECOND, DUBAN_USEC_PER_DAY };
      guint kind = i < 20 ? 0 : i < 40 ? 1 : 2;
      g_autofree char *id = g_strdup_printf ("JX20250%03u", i);
      DubanTicket *ticket = make_ticket (id, "往年的诉求", names[kind], DUBAN_STATUS_CLOSED,
                                         now - (40 + i) * DUBAN_USEC_PER_DAY);

      g_free (ticket->unit_code);
      ticket->unit_code = g_strdup (units[kind]);
      ticket->resolved_at = ticket->dispatched_at + took[kind];
      ticket->closed_at = ticket->resolved_at;
      add_ticket (store, ticket);
    }
}

/* The demo county (duban-feed's), received up to now, and beside it a
 * cancelled and a resolved ticket whose text holds % and _ (which a
 * LIKE would read as patterns), in place of the hand-made store. */
static void
fill_county (const char *path)
{
  DubanCountyParams params = { .seed = 20261015u, .n_tickets = 2000, .now = duban_time_now () };
  g_autoptr(DubanCounty) county = duban_county_generate (&params);
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tickets = duban_county_get_tickets (county);
  DubanTime now = duban_time_now ();
  DubanTicket *ticket;

  store = duban_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (duban_store_begin (store, &error));
  g_assert_true (duban_store_replace_regions (store, duban_county_get_regions_json (county), &error));
  g_assert_true (duban_store_replace_units (store, duban_county_get_units_json (county), &error));
  for (guint i = 0; i < tickets->len; i++)
    g_assert_true (duban_store_upsert_ticket (store, g_ptr_array_index (tickets, i), NULL, &error));
  g_assert_true (duban_store_commit (store, &error));

  ticket = make_ticket ("JX2026CAN01", "退款100%_待核实", "安监局", DUBAN_STATUS_CANCELLED,
                        now - 20 * DUBAN_USEC_PER_DAY);
  ticket->closed_at = ticket->dispatched_at + DUBAN_USEC_PER_HOUR;
  add_ticket (store, ticket);
  ticket = make_ticket ("JX2026RES01", "路面塌陷", "安监局", DUBAN_STATUS_CLOSED, now - 30 * DUBAN_USEC_PER_DAY);
  g_free (ticket->address);
  ticket->address = g_strdup ("幸福路_东段 100% 覆盖区");
  ticket->resolved_at = ticket->dispatched_at + DUBAN_USEC_PER_DAY;
  ticket->closed_at = ticket->resolved_at;
  add_ticket (store, ticket);
}

/* An urgent ticket open for twenty hours in a county whose only other
 * urgent tickets were done in minutes: nothing lasted as long, so its
 * risk has no basis. */
static void
fill_urgent_without_history (const char *path)
{
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  DubanTime now = duban_time_now ();
  DubanTicket *ticket;

  store = duban_store_open (path, &error);
  g_assert_no_error (error);
  ticket = make_ticket ("JX20260106", "主管道爆裂停水", "水务局", DUBAN_STATUS_IN_PROGRESS,
                        now - 20 * DUBAN_USEC_PER_HOUR);
  ticket->urgency = DUBAN_URGENCY_URGENT;
  add_ticket (store, ticket);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("JX2025U%03u", i);

      ticket = make_ticket (id, "往年的紧急诉求", "水务局", DUBAN_STATUS_CLOSED,
                            now - (40 + i) * DUBAN_USEC_PER_DAY);
      ticket->urgency = DUBAN_URGENCY_URGENT;
      ticket->resolved_at = ticket->dispatched_at + 10 * 60 * DUBAN_USEC_PER_SECOND;
      ticket->closed_at = ticket->resolved_at;
      add_ticket (store, ticket);
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
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_USEC;
  guint source;

  fixture->dir = g_dir_make_tmp ("duban-test-window-query-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store_path = g_build_filename (fixture->dir, "duban.db", NULL);
  if (g_strcmp0 (user_data, "county") == 0)
    fill_county (fixture->store_path);
  else
    fill_store (fixture->store_path);
  if (g_strcmp0 (user_data, "history") == 0)
    fill_history (fixture->store_path);
  if (g_strcmp0 (user_data, "no-basis") == 0)
    fill_urgent_without_history (fixture->store_path);

  fixture->session = duban_session_new (fixture->store_path);
  fixture->window = duban_window_new (NULL, fixture->session);
  duban_window_set_auto_sync (fixture->window, FALSE);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));

  source = g_timeout_add (50, wake_up, NULL);
  while ((!duban_session_get_loaded (fixture->session) || duban_session_get_loading (fixture->session)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (source);
  spin (10);
  g_assert_true (duban_session_get_loaded (fixture->session));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->session);
  spin (10);

  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->store_path);
  g_free (fixture->dir);
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
find_widgets (GtkWidget *root,
              GType      type,
              GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_widgets (child, type, found);
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

/* Until the queue shows what it was last asked for: a filter beyond the
 * open tickets reads them on a worker. */
static void
wait_for_queue (DubanQueuePage *page)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_USEC;
  guint source = g_timeout_add (20, wake_up, NULL);

  spin (10);
  while (duban_queue_page_get_pending (page) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (source);
  g_assert_false (duban_queue_page_get_pending (page));
  spin (5);
}

/* Types into the search as a person does, and waits out the entry's delay. */
static void
search_for (GtkWidget  *entry,
            const char *text)
{
  GtkWidget *page = gtk_widget_get_ancestor (entry, DUBAN_TYPE_QUEUE_PAGE);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "search-changed");
  spin (10);
  if (page != NULL)
    wait_for_queue (DUBAN_QUEUE_PAGE (page));
}

static void
test_search (Fixture       *fixture,
             gconstpointer  user_data)
{
  DubanQueuePage *page = duban_window_get_queue_page (fixture->window);
  GListModel *model = G_LIST_MODEL (duban_window_get_selection (fixture->window));
  DubanTicketDetail *detail = duban_window_get_detail (fixture->window);
  GtkWidget *entry = find_widget (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY);
  g_autofree char *open = ids_shown (model);
  g_autofree char *closed = NULL;
  g_autofree char *several = NULL;

  g_assert_nonnull (entry);
  g_assert_cmpstr (open, ==, "JX20260101 JX20260102 JX20260103");

  /* a closed ticket's id finds it, and the detail shows it */
  search_for (entry, "jx20260104");
  closed = ids_shown (model);
  g_assert_cmpstr (closed, ==, "JX20260104");
  g_assert_cmpstr (duban_ticket_detail_get_displayed_id (detail), ==, "JX20260104");

  /* a word of every ticket: the open ones by attention, then the closed */
  search_for (entry, "尽快处理");
  several = ids_shown (model);
  g_assert_cmpstr (several, ==, "JX20260101 JX20260102 JX20260103 JX20260104 JX20260105");

  /* nothing found: the detail no longer shows a ticket that does not match */
  search_for (entry, "没有这样的工单");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_null (duban_ticket_detail_get_displayed_id (detail));

  /* the search cleared: the open tickets again, one of them shown */
  search_for (entry, "");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_assert_nonnull (duban_ticket_detail_get_displayed_id (detail));
}

/* What the queue showed before it read only a search's tickets: the
 * same query over every stored ticket (duban_session_load_span_async()
 * without a span, as the page asked for), in a model of its own. */
static char *
shown_over_every_ticket (Fixture         *fixture,
                         DubanQueueModel *page_model,
                         guint            counts[DUBAN_QUERY_N_STATES])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanDesk) every = NULL;
  g_autoptr(DubanQueueModel) model = duban_queue_model_new ();
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_USEC;

  every = duban_desk_load (fixture->store_path, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_TICKETS,
                           duban_time_now (), NULL, &error);
  g_assert_no_error (error);
  duban_queue_model_set_tickets (model, duban_desk_get_tickets (every), duban_desk_get_statuses (every));
  duban_queue_model_set_filter (model, duban_queue_model_get_query (page_model));
  while (duban_queue_model_get_pending (model) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (duban_queue_model_get_pending (model));
  duban_queue_model_get_counts (model, counts);
  return ids_shown (G_LIST_MODEL (model));
}

static gboolean
shown_has (const char *shown,
           const char *id)
{
  g_auto(GStrv) ids = g_strsplit (shown, " ", -1);

  return g_strv_contains ((const char * const *) ids, id);
}

/* Over the demo county: each search shows what it showed when every
 * ticket was read, in the same order, with the same counts per state,
 * though the page now reads only the tickets it finds. */
static void
test_search_county (Fixture       *fixture,
                    gconstpointer  user_data)
{
  DubanQueuePage *page = duban_window_get_queue_page (fixture->window);
  DubanQueueModel *page_model = duban_queue_page_get_model (page);
  GtkWidget *entry = find_widget (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY);
  GPtrArray *tickets = duban_session_get_tickets (fixture->session);
  g_autoptr(DubanStore) store = duban_store_open_existing (fixture->store_path, NULL);
  g_autoptr(GPtrArray) every = NULL;
  g_autoptr(GPtrArray) searches = g_ptr_array_new_with_free_func (g_free);
  const DubanTicket *resolved = NULL, *worded = NULL;

  g_assert_nonnull (entry);
  g_assert_nonnull (tickets);
  g_assert_nonnull (store);
  every = duban_store_load_tickets (store, NULL);
  g_assert_nonnull (every);
  /* a resolved ticket of the county (not one the session holds), and
   * one with every field to take words from */
  for (guint i = 0; i < every->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (every, i);

      if (resolved == NULL && ticket->resolved_at != DUBAN_TIME_NONE && g_str_has_prefix (ticket->id, "JX") == FALSE)
        resolved = ticket;
      if (worded == NULL && i > every->len / 2 && ticket->address != NULL && ticket->description != NULL &&
          g_utf8_strlen (ticket->title, -1) >= 4 && g_utf8_strlen (ticket->description, -1) >= 8)
        worded = ticket;
    }
  if (resolved == NULL)
    for (guint i = 0; i < every->len && resolved == NULL; i++)
      if (((DubanTicket *) g_ptr_array_index (every, i))->resolved_at != DUBAN_TIME_NONE)
        resolved = g_ptr_array_index (every, i);
  g_assert_nonnull (resolved);
  g_assert_nonnull (worded);

  /* an id in lower case; a title word; an address; a description phrase */
  g_ptr_array_add (searches, g_ascii_strdown (resolved->id, -1));
  g_ptr_array_add (searches, g_utf8_substring (worded->title, 0, 2));
  g_ptr_array_add (searches, g_strdup (worded->address));
  g_ptr_array_add (searches, g_utf8_substring (worded->description, 2, 8));
  /* % and _, which find the cancelled and the resolved ticket planted */
  g_ptr_array_add (searches, g_strdup ("%"));
  g_ptr_array_add (searches, g_strdup ("100%_"));
  g_ptr_array_add (searches, g_strdup ("_"));
  /* none */
  g_ptr_array_add (searches, g_strdup ("没有这样的工单"));

  for (guint s = 0; s < searches->len; s++)
    {
      const char *search = g_ptr_array_index (searches, s);
      g_autofree char *shown = NULL;
      g_autofree char *before = NULL;
      guint counts[DUBAN_QUERY_N_STATES], counts_before[DUBAN_QUERY_N_STATES];

      search_for (entry, search);
      shown = ids_shown (G_LIST_MODEL (page_model));
      duban_queue_model_get_counts (page_model, counts);
      before = shown_over_every_ticket (fixture, page_model, counts_before);
      g_test_message ("search \"%s\": %s", search, shown);
      g_assert_cmpstr (shown, ==, before);
      for (guint i = 0; i < DUBAN_QUERY_N_STATES; i++)
        g_assert_cmpuint (counts[i], ==, counts_before[i]);

      if (s == 0)
        g_assert_true (shown_has (shown, resolved->id));
      if (s == 1 || s == 2 || s == 3)
        g_assert_true (shown_has (shown, worded->id));
      if (s == 4 || s == 6)
        {
          /* the cancelled one too: a search finds any ticket */
          g_assert_true (shown_has (shown, "JX2026CAN01"));
          g_assert_true (shown_has (shown, "JX2026RES01"));
        }
      if (s == 5)
        g_assert_cmpstr (shown, ==, "JX2026CAN01");
      if (s == 7)
        g_assert_cmpstr (shown, ==, "");
    }

  /* typing on: a search that holds the last one read (its letters in
   * either case) filters what was read, reading nothing; one that does
   * not (characters taken back beyond it) reads its own. Typed at the end, as a
   * person types: setting the whole text would clear the search first. */
  search_for (entry, "100");
  {
    static const char *typed[] = { "%", "_" };
    GtkEditable *editable = GTK_EDITABLE (entry);

    for (guint i = 0; i < G_N_ELEMENTS (typed) + 1; i++)
      {
        guint counts_before[DUBAN_QUERY_N_STATES];
        g_autofree char *shown = NULL;
        g_autofree char *before = NULL;
        int position = g_utf8_strlen (gtk_editable_get_text (editable), -1);

        if (i < G_N_ELEMENTS (typed))
          gtk_editable_insert_text (editable, typed[i], -1, &position);
        else
          gtk_editable_delete_text (editable, 2, -1);
        g_signal_emit_by_name (entry, "search-changed");
        /* "100%" and "100%_" from the tickets of "100"; "10" read */
        g_assert_true (duban_queue_page_get_pending (page) == (i == G_N_ELEMENTS (typed)));
        wait_for_queue (page);
        shown = ids_shown (G_LIST_MODEL (page_model));
        before = shown_over_every_ticket (fixture, page_model, counts_before);
        g_assert_cmpstr (shown, ==, before);
        if (i == 1)
          g_assert_cmpstr (shown, ==, "JX2026CAN01");
      }
  }

  /* typed quickly, each read stopped for the next: the last one shows */
  gtk_editable_set_text (GTK_EDITABLE (entry), "路");
  g_signal_emit_by_name (entry, "search-changed");
  spin (2);
  gtk_editable_set_text (GTK_EDITABLE (entry), "100%");
  g_signal_emit_by_name (entry, "search-changed");
  spin (2);
  search_for (entry, "100%_");
  {
    g_autofree char *shown = ids_shown (G_LIST_MODEL (page_model));

    g_assert_cmpstr (shown, ==, "JX2026CAN01");
  }

  /* the search cleared: the open tickets the session holds */
  search_for (entry, "");
  {
    guint counts[DUBAN_QUERY_N_STATES], counts_before[DUBAN_QUERY_N_STATES];
    g_autofree char *shown = ids_shown (G_LIST_MODEL (page_model));
    g_autofree char *before = shown_over_every_ticket (fixture, page_model, counts_before);

    duban_queue_model_get_counts (page_model, counts);
    g_assert_cmpstr (shown, ==, before);
    g_assert_false (shown_has (shown, "JX2026RES01"));
  }
}

static GtkColumnViewColumn *
column_sorting_by (GtkColumnView *view,
                   const char    *title)
{
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }
  g_assert_not_reached ();
}

static void
test_sort_and_back (Fixture       *fixture,
                    gconstpointer  user_data)
{
  DubanQueuePage *page = duban_window_get_queue_page (fixture->window);
  GListModel *model = G_LIST_MODEL (duban_window_get_selection (fixture->window));
  GtkColumnView *view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW));
  g_autofree char *by_unit = NULL;
  g_autofree char *back = NULL;

  g_assert_nonnull (view);

  /* the unit's name by its reading: 安 (ān), 陈 (chén), 张 (zhāng) */
  gtk_column_view_sort_by_column (view, column_sorting_by (view, _("Unit")), GTK_SORT_ASCENDING);
  spin (5);
  by_unit = ids_shown (model);
  g_assert_cmpstr (by_unit, ==, "JX20260102 JX20260103 JX20260101");

  /* and back to the order of attention, which a header cannot give */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.default-order", NULL));
  spin (5);
  back = ids_shown (model);
  g_assert_cmpstr (back, ==, "JX20260101 JX20260102 JX20260103");
}

/* The risk column's order is duban_late_risk_assess()'s over the same
 * tickets, and differs from the order of attention where a unit's past
 * says so. */
static void
test_sort_by_risk (Fixture       *fixture,
                   gconstpointer  user_data)
{
  DubanQueuePage *page = duban_window_get_queue_page (fixture->window);
  GListModel *model = G_LIST_MODEL (duban_window_get_selection (fixture->window));
  GtkColumnView *view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW));
  DubanRiskBook *book = duban_queue_page_get_risk_book (page);
  g_autoptr(DubanDesk) desk = NULL;
  g_autoptr(GPtrArray) risks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *by_risk = NULL;
  g_autofree char *back = NULL;
  GString *expected = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_USEC;
  guint source;

  g_assert_nonnull (book);
  source = g_timeout_add (50, wake_up, NULL);
  while ((duban_risk_book_get_risks (book) == NULL || duban_risk_book_get_busy (book)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (source);
  spin (5);
  g_assert_nonnull (duban_risk_book_get_risks (book));

  desk = duban_desk_load (fixture->store_path, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_TICKETS,
                          duban_time_now (), NULL, &error);
  g_assert_no_error (error);
  risks = duban_late_risk_assess (duban_desk_get_tickets (desk), duban_desk_get_statuses (desk),
                                  duban_desk_get_policy (desk), duban_desk_get_calendar (desk),
                                  duban_desk_get_moment (desk));
  for (guint i = 0; i < risks->len; i++)
    {
      const DubanLateRisk *risk = g_ptr_array_index (risks, i);
      const DubanTicketRisk *shown = duban_risk_book_lookup (book, risk->ticket->id);

      g_string_append_printf (expected, "%s%s", i > 0 ? " " : "", risk->ticket->id);
      g_assert_nonnull (shown);
      g_assert_cmpfloat_with_epsilon (shown->p_late, risk->p_late, 0.02);
    }
  /* overdue first (p = 1), then the slow unit's ticket before the quick
   * one's, though it has more time left */
  g_assert_cmpstr (expected->str, ==, "JX20260101 JX20260103 JX20260102");

  gtk_column_view_sort_by_column (view, column_sorting_by (view, _("Late risk")), GTK_SORT_ASCENDING);
  spin (5);
  by_risk = ids_shown (model);
  g_assert_cmpstr (by_risk, ==, expected->str);

  /* the same, with the lookups and the re-sort on a worker (as for a
   * large load): no risks, every ticket ties; the risks, their order */
  {
    DubanQueueModel *queue = duban_queue_page_get_model (page);
    g_autofree char *none = NULL;
    g_autofree char *again = NULL;

    duban_queue_model_set_sync_limit (queue, 0);
    duban_queue_model_set_risks (queue, NULL);
    while (duban_queue_model_get_pending (queue) && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
    none = ids_shown (model);
    g_assert_cmpstr (none, ==, "JX20260101 JX20260102 JX20260103");
    duban_queue_model_set_risks (queue, duban_risk_book_get_risks (book));
    g_assert_true (duban_queue_model_get_pending (queue));
    while (duban_queue_model_get_pending (queue) && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
    again = ids_shown (model);
    g_assert_cmpstr (again, ==, expected->str);
  }

  /* and the order of attention again */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.default-order", NULL));
  spin (5);
  back = ids_shown (model);
  g_assert_cmpstr (back, ==, "JX20260101 JX20260102 JX20260103");
  g_string_free (expected, TRUE);
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

/* A risk without a basis shows no figure: "—", the tooltip saying why
 * (样本不足), and it sorts after every risk with one, as duban-ctl risk
 * orders them — not at the prior of 50% it stands on. */
static void
test_risk_without_basis (Fixture       *fixture,
                         gconstpointer  user_data)
{
  DubanQueuePage *page = duban_window_get_queue_page (fixture->window);
  GListModel *model = G_LIST_MODEL (duban_window_get_selection (fixture->window));
  GtkColumnView *view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW));
  DubanRiskBook *book = duban_queue_page_get_risk_book (page);
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_USEC;
  const DubanTicketRisk *risk;
  g_autofree char *by_risk = NULL;
  GtkLabel *cell;
  guint source;

  source = g_timeout_add (50, wake_up, NULL);
  while ((duban_risk_book_get_risks (book) == NULL || duban_risk_book_get_busy (book)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (source);
  spin (10);

  risk = duban_risk_book_lookup (book, "JX20260106");
  g_assert_nonnull (risk);
  g_assert_false (risk->has_basis);
  g_assert_nonnull (strstr (risk->basis, "Too little history"));
  /* the others rest on the county's normal tickets */
  g_assert_true (duban_risk_book_lookup (book, "JX20260102")->has_basis);

  cell = find_label_with_tooltip (GTK_WIDGET (view), risk->basis);
  g_assert_nonnull (cell);
  g_assert_cmpstr (gtk_label_get_label (cell), ==, "—");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (cell), "risk-high"));

  gtk_column_view_sort_by_column (view, column_sorting_by (view, _("Late risk")), GTK_SORT_ASCENDING);
  spin (5);
  by_risk = ids_shown (model);
  g_assert_true (g_str_has_suffix (by_risk, " JX20260106"));
  /* and the window closes while sorted by the column */
}

/* The first label under @root whose text contains @part. */
static const char *
find_label_text (GtkWidget  *root,
                 const char *part)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_label (GTK_LABEL (root)), part) != NULL)
    return gtk_label_get_label (GTK_LABEL (root));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *found = find_label_text (child, part);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_periods (Fixture       *fixture,
              gconstpointer  user_data)
{
  DubanAnalysisPage *analysis = DUBAN_ANALYSIS_PAGE (find_widget (GTK_WIDGET (fixture->window),
                                                                   DUBAN_TYPE_ANALYSIS_PAGE));
  GtkWidget *map = find_widget (GTK_WIDGET (fixture->window), DUBAN_TYPE_MAP_PAGE);
  GListModel *model = G_LIST_MODEL (duban_window_get_selection (fixture->window));
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_USEC;
  const DubanReport *report;
  DubanDay today = duban_day_of_time (duban_time_now ());
  g_autofree char *today_text = duban_day_format (today);
  g_autofree char *first_text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *shown = NULL;
  const char *heading, *map_text, *queue_text;
  DubanChart *chart;

  g_assert_nonnull (analysis);
  g_assert_nonnull (map);
  /* a page reads its period's tickets when it is shown */
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (find_widget (GTK_WIDGET (fixture->window),
                                                                      ADW_TYPE_VIEW_STACK)),
                                         "analysis");
  while ((report = duban_analysis_page_get_report (analysis)) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (report);
  spin (5);

  /* 本月 (the default) stops at today: no future days, none plotted */
  g_assert_cmpint (report->last, ==, today);
  g_assert_cmpuint (report->days->len, ==, (guint) (report->last - report->first + 1));
  /* … and its change is against as many days, which the heading says */
  g_assert_cmpint (report->previous_last - report->previous_first, ==, report->last - report->first);
  first_text = duban_day_format (report->first);
  heading = find_label_text (GTK_WIDGET (analysis), "The period: ");
  g_assert_nonnull (heading);
  g_assert_nonnull (strstr (heading, first_text));
  g_assert_nonnull (strstr (heading, ", as of "));
  g_assert_nonnull (strstr (heading, "change against"));
  g_assert_nonnull (strstr (heading, "the same"));
  /* every card says its period or its moment */
  g_assert_nonnull (find_label_text (GTK_WIDGET (analysis), "Now, as of "));

  /* the map says its period without opening its filters, in the panel
   * and under the legend */
  map_text = find_label_text (map, "Last 30 days · ");
  g_assert_nonnull (map_text);
  g_assert_nonnull (strstr (map_text, today_text));
  g_assert_nonnull (strstr (map_text, ", as of "));

  /* a chart's click: the queue of the same period, resolved tickets
   * included (the closed JX20260104's unit) */
  {
    g_autoptr(GPtrArray) charts = g_ptr_array_new ();

    find_widgets (GTK_WIDGET (analysis), DUBAN_TYPE_CHART, charts);
    /* the trend, the heat map, then the units' bars */
    g_assert_cmpuint (charts->len, ==, 4);
    chart = g_ptr_array_index (charts, 2);
  }
  g_signal_emit_by_name (chart, "activated", "unit:U-JX20260105");
  wait_for_queue (duban_window_get_queue_page (fixture->window));
  shown = ids_shown (model);
  g_assert_cmpstr (shown, ==, "JX20260105");
  expected = report->first == report->last
    ? g_strdup_printf ("Counted in the figures of %s, as of", first_text)
    : g_strdup_printf ("Counted in the figures of %s to %s", first_text, today_text);
  queue_text = find_label_text (GTK_WIDGET (duban_window_get_queue_page (fixture->window)), expected);
  g_assert_nonnull (queue_text);
  g_assert_nonnull (strstr (queue_text, "resolved ones included"));

  /* the secondary click on a unit's bar: the unit's page */
  g_signal_emit_by_name (chart, "context-activated", "unit:U-JX20260105");
  spin (10);
  {
    GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */
    GtkWindow *page = NULL;
    /* the unit's tickets are read on a worker first */
    guint source = g_timeout_add (20, wake_up, NULL);

    deadline = g_get_monotonic_time () + WAIT_TIMEOUT_USEC;
    while (page == NULL && g_get_monotonic_time () < deadline)
      {
        for (guint i = 0; i < g_list_model_get_n_items (toplevels) && page == NULL; i++)
          {
            g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

            if (DUBAN_IS_UNIT_PAGE (w))
              page = w;
          }
        if (page == NULL)
          g_main_context_iteration (NULL, TRUE);
      }
    g_source_remove (source);
    g_assert_nonnull (page);
    gtk_window_destroy (page);
  }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/app/queue/search", Fixture, NULL, fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/app/queue/search-county", Fixture, "county", fixture_set_up, test_search_county, fixture_tear_down);
  g_test_add ("/app/queue/sort-and-back", Fixture, NULL, fixture_set_up, test_sort_and_back, fixture_tear_down);
  g_test_add ("/app/queue/sort-by-risk", Fixture, "history", fixture_set_up, test_sort_by_risk, fixture_tear_down);
  g_test_add ("/app/queue/risk-without-basis", Fixture, "no-basis", fixture_set_up, test_risk_without_basis, fixture_tear_down);
  g_test_add ("/app/periods", Fixture, NULL, fixture_set_up, test_periods, fixture_tear_down);

  return g_test_run ();
}
