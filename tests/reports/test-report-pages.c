/* The desk's report builder and analysis page over a generated county:
 * the preview renders the bulletin (saved as PNG), the figures on screen
 * are duban_figures_compute()'s, and a click on a chart asks for the
 * filtered queue. Runs under Xvfb. */

#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "duban-analysis-page.h"
#include "duban-chart.h"
#include "duban-county-generator.h"
#include "duban-documents.h"
#include "duban-documents-group.h"
#include "duban-orders.h"
#include "duban-period.h"
#include "duban-preferences-window.h"
#include "duban-print-preview.h"
#include "duban-report-preview.h"
#include "duban-reports-page.h"
#include "duban-session.h"
#include "duban-store-reference.h"
#include "duban-store.h"

#define WAIT_USEC (60 * G_USEC_PER_SEC)

static char *tmpdir;
static char *store_path;
static char *last_filter;

static void
make_store (void)
{
  DubanCountyParams params = { .seed = 11, .n_tickets = 1500, .now = duban_time_now () };
  g_autoptr(DubanCounty) county = duban_county_generate (&params);
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tickets = duban_county_get_tickets (county);

  store = duban_store_open (store_path, &error);
  g_assert_no_error (error);
  g_assert_true (duban_store_begin (store, &error));
  g_assert_true (duban_store_replace_regions (store, duban_county_get_regions_json (county), &error));
  g_assert_true (duban_store_replace_units (store, duban_county_get_units_json (county), &error));
  for (guint i = 0; i < tickets->len; i++)
    g_assert_true (duban_store_upsert_ticket (store, g_ptr_array_index (tickets, i), NULL, &error));
  g_assert_true (duban_store_commit (store, &error));
}

static void
wait_for (gboolean (*done) (gpointer),
          gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_USEC;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (2000), TRUE);
  g_assert_true (done (data));
}

static gboolean
session_loaded (gpointer data)
{
  return duban_session_get_loaded (data) && !duban_session_get_loading (data) &&
         duban_session_get_tickets (data) != NULL;
}

static void
reloaded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* the session applies the new tickets when the reload is finished */
  g_assert_true (duban_session_reload_finish (DUBAN_SESSION (object), result, &error));
  g_assert_no_error (error);
}

static DubanSession *
load_session (void)
{
  DubanSession *session = duban_session_new (store_path);

  duban_session_reload_async (session, NULL, reloaded_cb, NULL);
  wait_for (session_loaded, session);
  return session;
}

static char *
lookup_name (const char *code,
             gpointer    user_data)
{
  return duban_store_region_name (DUBAN_STORE (user_data), code);
}

/* What duban_figures_compute() says of the whole county for @report's
 * period and moment, from every stored ticket (the session holds only
 * the open ones; the page read its period's). */
static void
assert_figures_of_engine (DubanSession      *session,
                          const DubanReport *report)
{
  g_autoptr(DubanStore) store = duban_store_open (store_path, NULL);
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GPtrArray) every = NULL;
  g_autoptr(JsonNode) engine = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  DubanPeriod period;

  duban_store_apply_calendars (store, calendar, NULL);
  duban_period_init (&period, report->first, report->last, report->at);
  every = duban_store_load_tickets (store, NULL);
  g_assert_nonnull (every);
  groups = duban_figures_compute (every, duban_session_get_policy (session),
                                  calendar, &period, DUBAN_GROUP_COUNTY, lookup_name, store);
  engine = duban_figures_to_json (g_ptr_array_index (groups, 0));
  shown = duban_figures_to_json (report->current);
  json_generator_set_root (generator, engine);
  a = json_generator_to_data (generator, NULL);
  json_generator_set_root (generator, shown);
  b = json_generator_to_data (generator, NULL);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpuint (report->current->received, >, 0);
}

static void
collect_widgets (GtkWidget *root,
                 GType      type,
                 GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (found, child);
      collect_widgets (child, type, found);
    }
}

/* The @nth widget of @type under @root, depth first, or NULL. */
static GtkWidget *
find_widget (GtkWidget *root,
             GType      type,
             guint      nth)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect_widgets (root, type, found);
  return nth < found->len ? g_ptr_array_index (found, nth) : NULL;
}

/* Renders @widget as it is on screen to a PNG; returns the surface. */
static cairo_surface_t *
render_widget (GtkWidget  *widget,
               const char *png)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  gint64 deadline = g_get_monotonic_time () + WAIT_USEC;
  int width, height;
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  /* A window just presented is mapped and drawn some frames later, and
   * later still on a loaded machine or under the sanitizers: until then
   * the widget snapshots to nothing. Wait for a frame rather than for a
   * number of main-loop turns. */
  for (;;)
    {
      GtkSnapshot *snapshot;

      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      if (gtk_widget_get_mapped (widget) && width > 100 && height > 100)
        {
          snapshot = gtk_snapshot_new ();
          gdk_paintable_snapshot (paintable, snapshot, width, height);
          if ((node = gtk_snapshot_free_to_node (snapshot)) != NULL)
            break;
        }
      if (g_get_monotonic_time () >= deadline)
        break;
      g_main_context_iteration (NULL, FALSE) || (g_usleep (2000), TRUE);
    }
  g_assert_cmpint (width, >, 100);
  g_assert_cmpint (height, >, 100);
  g_assert_nonnull (node);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
  g_test_message ("rendered %s", png);
  return surface;
}

static void
count_pixels (cairo_surface_t *surface,
              guint           *red,
              guint           *dark)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guchar *data = cairo_image_surface_get_data (surface);

  *red = *dark = 0;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 p = *(const guint32 *) (data + y * stride + x * 4);
        guint r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

        /* the issuing body's red mark, and the black of text */
        *red += r > 150 && g < 80 && b < 80;
        *dark += r < 90 && g < 90 && b < 90;
      }
}

static void
show_queue_filtered (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  g_free (last_filter);
  last_filter = g_variant_dup_string (parameter, NULL);
}

static GtkWindow *
window_with_queue_action (GtkWidget *child,
                          gboolean   with_action)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  if (with_action)
    {
      g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
      g_autoptr(GSimpleAction) action = g_simple_action_new ("show-queue-filtered", G_VARIANT_TYPE_STRING);

      g_signal_connect (action, "activate", G_CALLBACK (show_queue_filtered), NULL);
      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
      gtk_widget_insert_action_group (GTK_WIDGET (window), "win", G_ACTION_GROUP (group));
    }
  gtk_window_set_default_size (window, 1200, 860);
  gtk_window_set_child (window, child);
  gtk_window_present (window);
  return window;
}

typedef struct {
  DubanReportsPage *page;
  DubanReportKind   kind;
  DubanDay          first;
  DubanScopeKind    scope;
} ReportWait;

static gboolean
report_ready (gpointer data)
{
  ReportWait *wait = data;
  const DubanReport *report = duban_reports_page_get_report (wait->page);

  return report != NULL && report->kind == wait->kind && report->first == wait->first &&
         report->scope == wait->scope;
}

static void
preview_page_cb (cairo_t  *cr,
                 guint     page,
                 double    width,
                 double    height,
                 gpointer  user_data)
{
  duban_report_document_draw_page (user_data, cr, page, width, height);
}

/* The print dialog's 预览 opens the desk's own preview over the same
 * pages, drawn while the document is there and shown after it is gone,
 * whatever previewer the machine has or lacks. */
static void
check_print_preview (GtkWindow         *window,
                     const DubanReport *report,
                     const char        *keep)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autofree char *png = g_build_filename (keep ? keep : tmpdir, "print-preview.png", NULL);
  DubanReportDocument *document = duban_report_document_new (report);
  guint n_pages = duban_report_document_get_n_pages (document);
  GListModel *toplevels;   /* GTK's own */
  DubanPrintPreview *shown = NULL;
  gboolean handled = FALSE;
  cairo_surface_t *surface;
  guint red, dark;

  duban_print_preview_attach (operation, n_pages, DUBAN_REPORT_PAGE_WIDTH, DUBAN_REPORT_PAGE_HEIGHT,
                              preview_page_cb, document);
  /* a GtkPrintOperation is its own GtkPrintOperationPreview */
  g_signal_emit_by_name (operation, "preview", GTK_PRINT_OPERATION_PREVIEW (operation), NULL, window, &handled);
  g_assert_true (handled);
  duban_report_document_free (document);

  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && shown == NULL; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (DUBAN_IS_PRINT_PREVIEW (item))
        shown = DUBAN_PRINT_PREVIEW (item);
    }
  g_assert_nonnull (shown);
  g_assert_cmpuint (duban_print_preview_get_n_pages (shown), ==, n_pages);
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  surface = render_widget (GTK_WIDGET (shown), png);
  count_pixels (surface, &red, &dark);
  cairo_surface_destroy (surface);
  /* the first page: the red mark and text */
  g_assert_cmpuint (red, >, 200);
  g_assert_cmpuint (dark, >, 1000);
  duban_print_preview_set_page (shown, n_pages - 1);
  g_assert_cmpuint (duban_print_preview_get_page (shown), ==, n_pages - 1);
  gtk_window_destroy (GTK_WINDOW (shown));
}

static void
test_reports_page (void)
{
  g_autoptr(DubanSession) session = load_session ();
  DubanReportsPage *page = g_object_new (DUBAN_TYPE_REPORTS_PAGE, "session", session, NULL);
  GtkWindow *window = window_with_queue_action (GTK_WIDGET (page), FALSE);
  DubanDay today = duban_day_of_time (duban_time_now ());
  ReportWait wait = { page, DUBAN_REPORT_BULLETIN, today - 30, DUBAN_SCOPE_COUNTY };
  g_autofree char *png = g_build_filename (tmpdir, "reports-preview.png", NULL);
  g_autofree char *window_png = g_build_filename (tmpdir, "reports-page.png", NULL);
  const char *keep = g_getenv ("DUBAN_TEST_SCREENSHOTS");
  DubanReportPreview *preview;
  cairo_surface_t *surface;
  guint red, dark;
  const DubanReport *report;
  const DubanTicket *any_unit = NULL;

  duban_reports_page_choose (page, DUBAN_REPORT_BULLETIN, today - 30, today - 1, "county");
  wait_for (report_ready, &wait);
  report = duban_reports_page_get_report (page);
  assert_figures_of_engine (session, report);

  /* the preview draws the first page: the red mark and the text */
  preview = DUBAN_REPORT_PREVIEW (find_widget (GTK_WIDGET (window), DUBAN_TYPE_REPORT_PREVIEW, 0));
  g_assert_nonnull (preview);
  g_assert_cmpuint (duban_report_preview_get_n_pages (preview), >=, 2);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  surface = render_widget (GTK_WIDGET (preview), keep ? g_build_filename (keep, "reports-preview.png", NULL) : png);
  count_pixels (surface, &red, &dark);
  cairo_surface_destroy (surface);
  g_assert_cmpuint (red, >, 200);
  g_assert_cmpuint (dark, >, 1000);
  surface = render_widget (GTK_WIDGET (window), keep ? g_build_filename (keep, "reports-page.png", NULL) : window_png);
  cairo_surface_destroy (surface);

  /* the next page is another page */
  duban_report_preview_set_page (preview, 1);
  g_assert_cmpuint (duban_report_preview_get_page (preview), ==, 1);

  check_print_preview (window, report, keep);

  /* one unit's supervision summary */
  for (guint i = 0; i < duban_session_get_tickets (session)->len && any_unit == NULL; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (duban_session_get_tickets (session), i);

      if (ticket->unit_code != NULL)
        any_unit = ticket;
    }
  {
    g_autofree char *scope = g_strdup_printf ("unit:%s", any_unit->unit_code);

    wait.kind = DUBAN_REPORT_SUPERVISION;
    wait.scope = DUBAN_SCOPE_UNIT;
    duban_reports_page_choose (page, DUBAN_REPORT_SUPERVISION, today - 30, today - 1, scope);
    wait_for (report_ready, &wait);
    g_assert_cmpstr (duban_reports_page_get_report (page)->scope_code, ==, any_unit->unit_code);
    g_assert_cmpuint (duban_report_preview_get_n_pages (preview), >=, 1);
  }

  gtk_window_destroy (window);
}

/* Preferences → Documents: the issuer, the seal, the supervisor and the
 * prefixes, saved to the store the reports and duban-ctl read, audited. */
static void
test_documents_settings (void)
{
  g_autoptr(DubanSession) session = load_session ();
  GtkWidget *preferences = duban_preferences_window_new (NULL, session);
  const char *keep = g_getenv ("DUBAN_TEST_SCREENSHOTS");
  g_autofree char *png = g_build_filename (keep ? keep : tmpdir, "preferences-documents.png", NULL);
  g_auto(DubanDocumentSettings) saved = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GtkWidget *group, *apply;
  cairo_surface_t *surface;

  gtk_window_set_default_size (GTK_WINDOW (preferences), 700, 1400);
  gtk_window_present (GTK_WINDOW (preferences));
  group = find_widget (preferences, DUBAN_TYPE_DOCUMENTS_GROUP, 0);
  g_assert_nonnull (group);
  collect_widgets (group, ADW_TYPE_ENTRY_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 7);
  /* the defaults, as the store has none yet */
  g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (rows, 0)), ==, "金乡县社会治理服务中心督办中心");

  gtk_editable_set_text (g_ptr_array_index (rows, 0), "金乡县民生诉求督办中心");
  gtk_editable_set_text (g_ptr_array_index (rows, 2), "王晓明");
  apply = adw_preferences_group_get_header_suffix (ADW_PREFERENCES_GROUP (group));
  g_assert_true (gtk_widget_get_sensitive (apply));
  g_signal_emit_by_name (apply, "clicked");
  g_assert_false (gtk_widget_get_sensitive (apply));

  g_assert_true (duban_document_settings_load (duban_session_get_store (session, NULL), &saved, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (saved.issuer, ==, "金乡县民生诉求督办中心");
  g_assert_cmpstr (saved.supervisor_name, ==, "王晓明");
  g_assert_cmpstr (saved.prefix[DUBAN_DOCUMENT_ORDER_SHEET], ==, "金督");

  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  surface = render_widget (group, png);
  cairo_surface_destroy (surface);
  gtk_window_destroy (GTK_WINDOW (preferences));
}

static gboolean
analysis_ready (gpointer data)
{
  return duban_analysis_page_get_report (data) != NULL;
}

static void
test_analysis_page (void)
{
  g_autoptr(DubanSession) session = load_session ();
  DubanAnalysisPage *page = g_object_new (DUBAN_TYPE_ANALYSIS_PAGE, "session", session, NULL);
  GtkWindow *window = window_with_queue_action (GTK_WIDGET (page), TRUE);
  g_autofree char *png = g_build_filename (tmpdir, "analysis-page.png", NULL);
  const char *keep = g_getenv ("DUBAN_TEST_SCREENSHOTS");
  const DubanReport *report;
  DubanChart *heat = NULL;
  DubanDay first, last;
  cairo_surface_t *surface;

  wait_for (analysis_ready, page);
  report = duban_analysis_page_get_report (page);
  /* this month so far, as the page opens, and the engine's figures */
  duban_period_preset_days_to_date (DUBAN_PERIOD_THIS_MONTH, duban_day_of_time (report->at), &first, &last);
  g_assert_cmpint (last, ==, duban_day_of_time (report->at));
  g_assert_cmpint (report->first, ==, first);
  g_assert_cmpint (report->last, ==, last);
  assert_figures_of_engine (session, report);

  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  surface = render_widget (GTK_WIDGET (window), keep ? g_build_filename (keep, "analysis-page.png", NULL) : png);
  cairo_surface_destroy (surface);

  /* a click on a cell of the weekday × hour grid asks for that slice of the queue */
  for (guint n = 0; heat == NULL; n++)
    {
      DubanChart *chart = DUBAN_CHART (find_widget (GTK_WIDGET (window), DUBAN_TYPE_CHART, n));

      g_assert_nonnull (chart);
      if (duban_chart_get_kind (chart) == DUBAN_CHART_HEAT)
        heat = chart;
    }
  {
    /* Wednesday (3), 14:00: the cell's centre */
    double cell = (gtk_widget_get_width (GTK_WIDGET (heat)) - 44.0) / 24;
    const char *key = duban_chart_key_at (heat, 44.0 + 14 * cell + cell / 2, 18.0 + 2 * 22.0 + 11);

    g_autofree char *from = duban_day_format (report->first);
    g_autofree char *to = duban_day_format (report->last);
    g_autofree char *expected = g_strdup_printf ("period:%s..%s;weekday-hour:3:14", from, to);

    g_assert_cmpstr (key, ==, "weekday-hour:3:14");
    g_signal_emit_by_name (heat, "activated", key);
    /* the slice of the same period, resolved tickets included */
    g_assert_cmpstr (last_filter, ==, expected);
  }

  /* without a queue to answer, a click does nothing, and nothing breaks */
  {
    DubanAnalysisPage *other = g_object_new (DUBAN_TYPE_ANALYSIS_PAGE, NULL);
    GtkWindow *bare = window_with_queue_action (GTK_WIDGET (other), FALSE);
    DubanChart *chart = DUBAN_CHART (find_widget (GTK_WIDGET (bare), DUBAN_TYPE_CHART, 0));

    g_clear_pointer (&last_filter, g_free);
    g_signal_emit_by_name (chart, "activated", "category:供水");
    g_assert_null (last_filter);
    gtk_window_destroy (bare);
  }

  gtk_window_destroy (window);
}

typedef struct {
  DubanDesk *desk;
  gboolean   done;
} SpanWait;

static void
span_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SpanWait *wait = user_data;
  g_autoptr(GError) error = NULL;

  wait->desk = duban_session_load_span_finish (DUBAN_SESSION (object), result, &error);
  g_assert_no_error (error);
  wait->done = TRUE;
}

static gboolean
span_done (gpointer data)
{
  return ((SpanWait *) data)->done;
}

static char *
county_figures_json (GPtrArray            *tickets,
                     const DubanSlaPolicy *policy,
                     DubanStore           *store,
                     DubanCalendar        *calendar,
                     const DubanPeriod    *period)
{
  g_autoptr(GPtrArray) groups = duban_figures_compute (tickets, policy, calendar, period, DUBAN_GROUP_COUNTY,
                                                       lookup_name, store);
  g_autoptr(JsonNode) node = duban_figures_to_json (g_ptr_array_index (groups, 0));
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

/* The session holds the open tickets (and those the orders name), not
 * every stored one; a period's tickets come on demand, kept for the next
 * page that asks, and give the figures every ticket gives; a resolved
 * ticket is found by its id. */
static void
test_session_span (void)
{
  g_autoptr(DubanSession) session = load_session ();
  g_autoptr(DubanStore) store = duban_store_open (store_path, NULL);
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(GPtrArray) every = duban_store_load_tickets (store, NULL);
  g_autoptr(GPtrArray) orders = duban_orders_list (store, NULL, NULL);
  g_autoptr(GHashTable) ordered = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *held = duban_session_get_tickets (session);
  GArray *statuses = duban_session_get_statuses (session);
  DubanTime now = duban_time_now ();
  DubanDay today = duban_day_of_time (now);
  SpanWait first = { NULL, FALSE }, again = { NULL, FALSE };
  const DubanTicket *resolved = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  DubanPeriod period;

  g_assert_nonnull (every);
  g_assert_nonnull (orders);
  for (guint i = 0; i < orders->len; i++)
    g_hash_table_add (ordered, ((DubanOrder *) g_ptr_array_index (orders, i))->ticket_id);
  for (guint i = 0; i < held->len; i++)
    g_assert_true (duban_state_is_open (g_array_index (statuses, DubanSlaStatus, i).state) ||
                   g_hash_table_contains (ordered, ((DubanTicket *) g_ptr_array_index (held, i))->id));
  g_assert_cmpuint (held->len, <, every->len);
  for (guint i = 0; i < every->len && resolved == NULL; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (every, i);

      if (ticket->resolved_at != DUBAN_TIME_NONE && ticket->resolved_at <= now)
        resolved = ticket;
    }
  g_assert_nonnull (resolved);
  g_assert_nonnull (duban_session_lookup_ticket (session, resolved->id));
  g_assert_cmpstr (duban_session_lookup_ticket (session, resolved->id)->id, ==, resolved->id);

  duban_session_load_span_async (session, duban_day_start (today - 29), duban_day_start (today + 1), NULL,
                                 span_loaded_cb, &first);
  wait_for (span_done, &first);
  g_assert_nonnull (first.desk);
  g_assert_cmpuint (duban_desk_get_tickets (first.desk)->len, <=, every->len);
  g_assert_cmpuint (duban_desk_get_tickets (first.desk)->len, >=, held->len);
  duban_session_load_span_async (session, duban_day_start (today - 29), duban_day_start (today + 1), NULL,
                                 span_loaded_cb, &again);
  wait_for (span_done, &again);
  g_assert_true (again.desk == first.desk);

  duban_store_apply_calendars (store, calendar, NULL);
  duban_period_init (&period, today - 29, today, now);
  a = county_figures_json (every, duban_session_get_policy (session), store, calendar, &period);
  b = county_figures_json (duban_desk_get_tickets (first.desk), duban_session_get_policy (session), store,
                           calendar, &period);
  g_assert_cmpstr (a, ==, b);

  g_clear_object (&first.desk);
  g_clear_object (&again.desk);
}

int
main (int    argc,
      char **argv)
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  tmpdir = g_dir_make_tmp ("duban-report-pages-XXXXXX", NULL);
  store_path = g_build_filename (tmpdir, "duban.db", NULL);
  make_store ();

  g_test_add_func ("/report-pages/reports", test_reports_page);
  g_test_add_func ("/report-pages/analysis", test_analysis_page);
  g_test_add_func ("/report-pages/documents-settings", test_documents_settings);
  g_test_add_func ("/report-pages/session-span", test_session_span);

  status = g_test_run ();

  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  }
  return status;
}
