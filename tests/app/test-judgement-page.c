/* test-judgement-page.c — the 研判 page in the window, over a planted county
 *
 * Runs under Xvfb. The demo county with something planted (duban-feed
 * --plant) is put in a store by hand; the page must list the hotspots,
 * the proposed repeat groups and the tickets likely to be late, a
 * hotspot's row must open the queue filtered to that hotspot's tickets
 * (the open ones among them, the queue being of open tickets), and confirming a group must be
 * saved, audited and shown. The hotspot view counts matters: a hotspot's
 * tickets confirmed as one matter are one in its count (and on the map,
 * which sums the counts), the queue it opens still every ticket. And the
 * group confirmed on the page is one matter on its unit's page
 * (DUBAN_TEST_SCREENSHOTS=DIR keeps that page rendered, and its PDF; with
 * DUBAN_TEST_LOCALEDIR and LANGUAGE=zh_CN, in Chinese).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <locale.h>

#include "duban-audit.h"
#include "duban-county-generator.h"
#include "duban-judgement-page.h"
#include "duban-repeat-decisions.h"
#include "duban-session.h"
#include "duban-store-reference.h"
#include "duban-store.h"
#include "duban-unit-page.h"
#include "duban-window.h"

#define WAIT_TIMEOUT_USEC (60 * G_USEC_PER_SEC)

static gboolean
wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main loop until @done says so, failing past the deadline. */
static void
wait_for (gboolean (*done) (gpointer), gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_USEC;
  guint source = g_timeout_add (50, wake_up, NULL);

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_source_remove (source);

  g_assert_true (done (data));
}

static gboolean
session_loaded (gpointer data)
{
  return duban_session_get_loaded (data) && !duban_session_get_loading (data);
}

static gboolean
judged (gpointer data)
{
  return duban_judgement_page_get_judgement (data) != NULL;
}

static GtkWidget *
find_widget (GtkWidget  *widget,
             GType       type,
             const char *name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (name == NULL || g_strcmp0 (gtk_widget_get_name (widget), name) == 0))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, name);

      if (found != NULL)
        return found;
    }
  return NULL;
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

/* @widget as it is drawn, over white, to @png. */
static void
render_widget (GtkWidget  *widget,
               const char *png)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_test_message ("rendered %s", png);
}

static guint
n_list_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, (int) n) != NULL)
    n++;
  return n;
}

static void
fill_store (const char *path)
{
  DubanCountyParams params = { .seed = 20221117u, .n_tickets = 2000, .plant = TRUE, .now = duban_time_now () };
  g_autoptr(DubanCounty) county = duban_county_generate (&params);
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tickets = duban_county_get_tickets (county);

  store = duban_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (duban_store_replace_regions (store, duban_county_get_regions_json (county), &error));
  g_assert_no_error (error);
  g_assert_true (duban_store_begin (store, &error));
  for (guint i = 0; i < tickets->len; i++)
    {
      duban_store_upsert_ticket (store, g_ptr_array_index (tickets, i), NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_true (duban_store_commit (store, &error));
  g_assert_no_error (error);
}

typedef struct {
  DubanJudgementPage *page;
  guint               confirmed;
} Confirmed;

static gboolean
confirmed_shown (gpointer data)
{
  Confirmed *c = data;
  const DubanJudgement *j = duban_judgement_page_get_judgement (c->page);

  return j != NULL && duban_judgement_count_confirmed (j) == c->confirmed;
}

static void
test_judgement_page (void)
{
  g_autofree char *dir = g_dir_make_tmp ("duban-test-judgement-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "duban.db", NULL);
  g_autoptr(DubanSession) session = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  const DubanJudgement *j;
  const DubanJudgementHotspot *hotspot;
  const DubanTicketQuery *filter;
  DubanJudgementPage *page;
  DubanQueueModel *queue;
  GtkListBox *hotspots, *repeats, *late;
  GtkListBoxRow *row;
  GtkWidget *stack, *button;
  DubanWindow *window;
  Confirmed confirmed;
  guint n_audited = 0;
  g_autofree char *hot_area = NULL;
  g_autofree char *hot_category = NULL;
  guint hot_tickets;

  g_assert_nonnull (dir);
  fill_store (path);

  session = duban_session_new (path);
  window = duban_window_new (NULL, session);
  duban_window_set_auto_sync (window, FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  wait_for (session_loaded, session);

  page = DUBAN_JUDGEMENT_PAGE (find_widget (GTK_WIDGET (window), DUBAN_TYPE_JUDGEMENT_PAGE, NULL));
  g_assert_nonnull (page);
  stack = find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK, NULL);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "judgement");
  wait_for (judged, page);
  j = duban_judgement_page_get_judgement (page);

  /* the planted county has something of each to show, and the lists show it */
  hotspots = GTK_LIST_BOX (find_widget (GTK_WIDGET (page), GTK_TYPE_LIST_BOX, "hotspot-list"));
  repeats = GTK_LIST_BOX (find_widget (GTK_WIDGET (page), GTK_TYPE_LIST_BOX, "repeat-list"));
  late = GTK_LIST_BOX (find_widget (GTK_WIDGET (page), GTK_TYPE_LIST_BOX, "late-list"));
  g_assert_cmpuint (j->hotspots->len, >, 0);
  g_assert_cmpuint (j->groups->len, >, 0);
  g_assert_cmpuint (j->late->len, >, 0);
  g_assert_cmpuint (n_list_rows (hotspots), ==, j->hotspots->len);
  g_assert_cmpuint (n_list_rows (repeats), ==, j->groups->len);
  g_assert_cmpuint (n_list_rows (late), ==, j->late->len);
  g_assert_cmpuint (duban_judgement_count_confirmed (j), ==, 0);

  /* a hotspot opens the queue with exactly its tickets, whatever their state */
  hotspot = g_ptr_array_index (j->hotspots, 0);
  row = gtk_list_box_get_row_at_index (hotspots, 0);
  gtk_widget_activate (GTK_WIDGET (row));
  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, "queue");
  queue = duban_queue_page_get_model (duban_window_get_queue_page (window));
  filter = duban_queue_model_get_query (queue);
  g_assert_nonnull (filter->ids);
  g_assert_cmpuint (g_hash_table_size (filter->ids), ==, hotspot->ticket_ids->len);
  for (guint i = 0; i < hotspot->ticket_ids->len; i++)
    g_assert_true (g_hash_table_contains (filter->ids, g_ptr_array_index (hotspot->ticket_ids, i)));
  /* the queue is of open tickets: it shows the open ones among them */
  {
    g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
    GPtrArray *tickets = duban_session_get_tickets (session);
    GArray *statuses = duban_session_get_statuses (session);
    guint n_open = 0;

    for (guint i = 0; i < hotspot->ticket_ids->len; i++)
      g_hash_table_add (wanted, g_ptr_array_index (hotspot->ticket_ids, i));
    for (guint i = 0; i < tickets->len; i++)
      if (g_hash_table_contains (wanted, ((DubanTicket *) g_ptr_array_index (tickets, i))->id) &&
          duban_state_is_open (g_array_index (statuses, DubanSlaStatus, i).state))
        n_open++;
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, n_open);
  }

  /* the first hotspot's tickets confirmed as one matter, as a supervisor
   * would from the store; the page reads it at its next refresh, which
   * the confirmation below makes */
  hot_area = g_strdup (hotspot->hotspot->area);
  hot_category = g_strdup (hotspot->hotspot->category);
  hot_tickets = hotspot->ticket_ids->len;
  g_assert_cmpuint (hot_tickets, ==, hotspot->hotspot->count);
  g_assert_cmpuint (hot_tickets, >=, 2);
  g_assert_true (duban_repeat_decision_set (duban_session_get_store (session, NULL),
                                            (const char * const *) hotspot->ticket_ids->pdata, hot_tickets,
                                            DUBAN_REPEAT_CONFIRMED, &error));
  g_assert_no_error (error);
  hotspot = NULL;

  /* confirming the first group: saved, audited, shown as confirmed */
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "judgement");
  row = gtk_list_box_get_row_at_index (repeats, 0);
  button = find_widget (GTK_WIDGET (row), GTK_TYPE_BUTTON, NULL);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, _("_Confirm"));
  gtk_widget_activate (button);
  confirmed.page = page;
  confirmed.confirmed = 1;
  wait_for (confirmed_shown, &confirmed);

  /* the hotspot's tickets are one matter now: merged, and the cell, if
   * still a finding, counts one of them while naming them all */
  j = duban_judgement_page_get_judgement (page);
  g_assert_cmpuint (j->n_merged, >=, hot_tickets - 1);
  g_assert_cmpuint (n_list_rows (hotspots), ==, j->hotspots->len);
  for (guint i = 0; i < j->hotspots->len; i++)
    {
      const DubanJudgementHotspot *item = g_ptr_array_index (j->hotspots, i);

      if (g_str_equal (item->hotspot->area, hot_area) && g_str_equal (item->hotspot->category, hot_category))
        {
          g_assert_cmpuint (item->hotspot->count, ==, 1);
          g_assert_cmpuint (item->ticket_ids->len, ==, hot_tickets);
        }
    }

  audit = duban_audit_list (duban_session_get_store (session, NULL), NULL, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < audit->len; i++)
    n_audited += g_str_equal (((DubanAuditEntry *) g_ptr_array_index (audit, i))->action, "repeat_decision");
  /* the hotspot's decision and the group's */
  g_assert_cmpuint (n_audited, ==, 2);

  /* the group confirmed here is one matter on its unit's page */
  {
    const char *keep = g_getenv ("DUBAN_TEST_SCREENSHOTS");
    const DubanJudgementGroup *item = NULL;
    const DubanUnitReport *report;
    const DubanTicket *first;
    const DubanUnitMatter *matter = NULL;
    GtkWindow *unit_page;
    guint own = 0;

    for (guint i = 0; i < j->groups->len && item == NULL; i++)
      if (((const DubanJudgementGroup *) g_ptr_array_index (j->groups, i))->decision == DUBAN_REPEAT_CONFIRMED)
        item = g_ptr_array_index (j->groups, i);
    g_assert_nonnull (item);
    first = g_ptr_array_index (item->group->tickets, 0);
    for (guint i = 0; i < item->group->tickets->len; i++)
      own += g_strcmp0 (((const DubanTicket *) g_ptr_array_index (item->group->tickets, i))->unit_code,
                        first->unit_code) == 0;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-unit", "s", first->unit_code));
    /* the unit's page opens once its tickets are read, on a worker */
    for (guint i = 0; i < 20 || (find_toplevel (DUBAN_TYPE_UNIT_PAGE) == NULL && i < 100000); i++)
      g_main_context_iteration (NULL, i >= 20);
    unit_page = find_toplevel (DUBAN_TYPE_UNIT_PAGE);
    g_assert_nonnull (unit_page);
    /* the page opens at once and reads on a worker */
    {
      gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_USEC;
      guint source = g_timeout_add (20, wake_up, NULL);

      while (duban_unit_page_get_loading (DUBAN_UNIT_PAGE (unit_page)) && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      g_source_remove (source);
    }
    report = duban_unit_page_get_report (DUBAN_UNIT_PAGE (unit_page));
    for (guint i = 0; i < report->groups->len && matter == NULL; i++)
      {
        const DubanUnitMatter *m = g_ptr_array_index (report->groups, i);

        if (g_strv_contains ((const char * const *) m->ticket_ids, first->id))
          matter = m;
      }
    g_assert_nonnull (matter);
    g_assert_cmpuint (g_strv_length (matter->ticket_ids), ==, own);
    g_assert_cmpuint (matter->n_group, ==, item->group->tickets->len);
    g_assert_true ((matter->resurgent_id != NULL) == (item->resurgent != NULL));
    g_assert_cmpuint (report->matters, <=, report->received - (own - 1));

    if (keep != NULL)
      {
        g_autofree char *png = g_build_filename (keep, "unit-page.png", NULL);
        g_autofree char *pdf = g_build_filename (keep, "unit-page.pdf", NULL);
        GtkWidget *clamp = find_widget (GTK_WIDGET (unit_page), ADW_TYPE_CLAMP, NULL);

        /* the whole content, not only what the window shows of it */
        render_widget (clamp, png);
        g_assert_true (duban_unit_page_export (DUBAN_UNIT_PAGE (unit_page), pdf, &error));
        g_assert_no_error (error);
      }
    gtk_window_destroy (unit_page);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&session);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)))
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);

        g_unlink (file);
      }
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* the desk's own words in the language asked for, for a screenshot */
  if (g_getenv ("DUBAN_TEST_LOCALEDIR") != NULL)
    {
      /* gtk_test_init() keeps the C locale */
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("DUBAN_TEST_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }

  g_test_add_func ("/judgement-page/lists-and-opens-the-queue", test_judgement_page);

  return g_test_run ();
}
