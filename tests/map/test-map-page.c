/* test-map-page.c — the map page renders the demo county, colours its
 * overdue grids, and drills down from county to ticket through its actions.
 *
 * The platform runs in this process; the session syncs from it on its
 * worker thread, so the test spins the main loop until the page is ready.
 * The page is rendered with the window's own (cairo) renderer to a
 * texture, saved as PNG, and its pixels are checked.
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <shumate/shumate.h>

#include "duban-feed-server.h"
#include "duban-map-page.h"
#include "duban-map-region-layer.h"
#include "duban-session.h"
#include "duban-ticket-object.h"

#define WAIT_USEC (90 * G_USEC_PER_SEC)

static DubanFeedServer *server;
static DubanSession *session;
static GtkWindow *window;
static DubanMapPage *page;
static char *dir;

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

typedef struct {
  double lat, lon, zoom;
  guint  still;   /* painted frames in a row with the same view */
} Settling;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  Settling *s = user_data;
  ShumateViewport *viewport = shumate_simple_map_get_viewport (SHUMATE_SIMPLE_MAP (duban_map_page_get_map (page)));
  double lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  double lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  double zoom = shumate_viewport_get_zoom_level (viewport);

  if (lat == s->lat && lon == s->lon && zoom == s->zoom)
    s->still++;
  else
    {
      s->still = 0;
      s->lat = lat;
      s->lon = lon;
      s->zoom = zoom;
    }
}

/* Spins the main loop until the page is drawn at rest. The map moves to a
 * new focus in an animation timed by the frame clock; it is over when
 * three painted frames in a row show the same view, however late frames
 * come on a loaded machine (a wait of so many milliseconds is not enough
 * there: the page may not even be laid out again yet). */
static void
settle (void)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  Settling s = { NAN, NAN, NAN, 0 };
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &s);
  gint64 deadline = g_get_monotonic_time () + WAIT_USEC;

  while (s.still < 3 && g_get_monotonic_time () < deadline)
    {
      gtk_widget_queue_draw (GTK_WIDGET (page));
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (clock, handler);
  g_assert_cmpuint (s.still, >=, 3);
}

/* Until the page has applied every change (its figures are computed on a
 * worker thread), then drawn it at rest. */
static void
spin_until_ready (void)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_USEC;
  guint source = g_timeout_add (20, wake_up, NULL);

  while ((!duban_map_page_is_ready (page) || duban_session_get_loading (session)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (source);
  g_assert_true (duban_map_page_is_ready (page));
  settle ();
}

static GdkTexture *
render_page (const char *name)
{
  int width = gtk_widget_get_width (GTK_WIDGET (page));
  int height = gtk_widget_get_height (GTK_WIDGET (page));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (page));
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GdkTexture *texture;
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                            name, NULL);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("rendered the map page to %s", path);
  return texture;
}

typedef struct {
  guchar *pixels;
  int     width, height;
  gsize   stride;
} Pixels;

static void
download (GdkTexture *texture,
          Pixels     *out)
{
  out->width = gdk_texture_get_width (texture);
  out->height = gdk_texture_get_height (texture);
  out->stride = out->width * 4;
  out->pixels = g_malloc (out->stride * out->height);
  gdk_texture_download (texture, out->pixels, out->stride);
}

/* gdk_texture_download() gives premultiplied B, G, R, A in memory. */
static void
pixel_at (const Pixels *p,
          int           x,
          int           y,
          double       *rgb)
{
  const guchar *px;

  x = CLAMP (x, 0, p->width - 1);
  y = CLAMP (y, 0, p->height - 1);
  px = p->pixels + y * p->stride + x * 4;
  rgb[0] = px[2] / 255.0;
  rgb[1] = px[1] / 255.0;
  rgb[2] = px[0] / 255.0;
}

static gboolean
is_overdue_red (const double *rgb)
{
  return rgb[0] > 0.5 && rgb[0] - rgb[1] > 0.3 && rgb[0] - rgb[2] > 0.3;
}

/* Page coordinates of a Mercator point, through the viewport as the layers see it. */
static void
to_page (double  mx,
         double  my,
         double *px,
         double *py)
{
  GtkWidget *map = duban_map_page_get_map (page);
  ShumateViewport *viewport = shumate_simple_map_get_viewport (SHUMATE_SIMPLE_MAP (map));
  DubanMapView view;
  double sx, sy;

  duban_map_view_init_from_viewport (&view, viewport, map);
  duban_map_view_to_screen (&view, mx, my, &sx, &sy);
  g_assert_true (gtk_widget_translate_coordinates (map, GTK_WIDGET (page), sx, sy, px, py));
}

/* The share of sample points inside an area whose pixel is overdue red,
 * and how many samples there were. */
static double
red_share (const Pixels       *pixels,
           const DubanRegions *regions,
           guint               area_index,
           guint              *out_samples)
{
  const DubanArea *area = duban_regions_get_area (regions, area_index);
  guint samples = 0, red = 0;

  for (int i = 1; i < 12; i++)
    for (int j = 1; j < 12; j++)
      {
        double mx = area->min_x + (area->max_x - area->min_x) * i / 12.0;
        double my = area->min_y + (area->max_y - area->min_y) * j / 12.0;
        double px, py, rgb[3];

        if (!duban_regions_area_contains (regions, area_index, mx, my))
          continue;
        to_page (mx, my, &px, &py);
        pixel_at (pixels, (int) px, (int) py, rgb);
        samples++;
        red += is_overdue_red (rgb);
      }
  *out_samples = samples;
  return samples > 0 ? (double) red / samples : 0;
}

static void
test_county_rendered (void)
{
  const DubanRegions *regions = duban_map_page_get_regions (page);
  const DubanRegionStats *stats = duban_map_page_get_stats (page);
  g_autoptr(GdkTexture) texture = NULL;
  Pixels pixels;
  guint first, end, samples;
  guint n_overdue = 0, n_overdue_red = 0, n_quiet = 0, n_quiet_red = 0;
  int county = duban_regions_get_county (regions);
  const DubanArea *county_area = duban_regions_get_area (regions, county);
  double cx, cy, rgb[3], outside[3];

  duban_map_page_set_figure (page, DUBAN_CHOROPLETH_OPEN_OVERDUE);
  spin_until_ready ();
  g_assert_cmpstr (duban_map_page_get_focus_code (page), ==, "370828");
  g_assert_cmpuint (stats->county.open_overdue, >, 0);

  texture = render_page ("map-county.png");
  download (texture, &pixels);

  /* The county is drawn: inside it, not the paper around it; and its
   * outline is dark ink somewhere along the line through its middle. */
  to_page (county_area->label_x, county_area->label_y, &cx, &cy);
  pixel_at (&pixels, (int) cx, (int) cy, rgb);
  {
    double px, py;
    gboolean found_ink = FALSE;

    to_page (county_area->min_x - (county_area->max_x - county_area->min_x) * 0.02, county_area->label_y, &px, &py);
    pixel_at (&pixels, (int) px, (int) py, outside);
    g_assert_cmpfloat (fabs (rgb[0] - outside[0]) + fabs (rgb[1] - outside[1]) + fabs (rgb[2] - outside[2]), >, 0.03);

    for (int x = (int) px; x < (int) cx; x++)
      {
        double ink[3];

        pixel_at (&pixels, x, (int) py, ink);
        if (ink[0] < 0.45 && ink[1] < 0.45 && ink[2] < 0.45)
          found_ink = TRUE;
      }
    g_assert_true (found_ink);
  }

  /* Grids with overdue tickets are red, grids with no ticket are not.
   * Cluster discs and names cover parts of some grids, so the test asks
   * it of most grids, each judged on the samples inside its polygon. */
  duban_regions_get_level_range (regions, DUBAN_AREA_GRID, &first, &end);
  for (guint g = first; g < end; g++)
    {
      double share = red_share (&pixels, regions, g, &samples);

      if (samples < 4)
        continue;
      if (stats->areas[g].open_overdue > 0)
        {
          n_overdue++;
          n_overdue_red += share > 0.5;
        }
      else if (stats->areas[g].shown == 0)
        {
          n_quiet++;
          n_quiet_red += share > 0.05;
        }
    }
  g_test_message ("%u of %u overdue grids red, %u of %u grids without tickets red",
                  n_overdue_red, n_overdue, n_quiet_red, n_quiet);
  g_assert_cmpuint (n_overdue, >, 10);
  g_assert_cmpuint (n_quiet, >, 10);
  g_assert_cmpfloat ((double) n_overdue_red / n_overdue, >, 0.6);
  g_assert_cmpfloat ((double) n_quiet_red / n_quiet, <, 0.1);

  g_free (pixels.pixels);
}

static guint
n_breadcrumb_parts (void)
{
  g_autofree char *crumbs = duban_map_page_dup_breadcrumb (page);
  g_auto(GStrv) parts = g_strsplit (crumbs, " › ", -1);

  return g_strv_length (parts);
}

static void
test_drill_down (void)
{
  const DubanRegions *regions = duban_map_page_get_regions (page);
  const DubanRegionStats *stats = duban_map_page_get_stats (page);
  guint first, end, n_villages, n_grids;
  int town = -1, grid = -1, village;
  g_autofree char *crumbs = NULL;
  GListModel *tickets;
  g_autoptr(DubanTicketObject) top = NULL;
  g_autoptr(GdkTexture) town_texture = NULL;
  g_autoptr(GdkTexture) grid_texture = NULL;

  g_assert_cmpuint (n_breadcrumb_parts (), ==, 1);
  duban_regions_get_level_range (regions, DUBAN_AREA_TOWN, &first, &end);
  g_assert_cmpuint (duban_map_page_get_n_area_rows (page), ==, end - first);

  /* a town with overdue tickets, and in it a grid with some */
  duban_regions_get_level_range (regions, DUBAN_AREA_GRID, &first, &end);
  for (guint g = first; g < end && grid < 0; g++)
    if (stats->areas[g].open_overdue > 0)
      grid = g;
  g_assert_cmpint (grid, >=, 0);
  village = duban_regions_get_area (regions, grid)->parent;
  town = duban_regions_get_area (regions, village)->parent;

  gtk_widget_activate_action (GTK_WIDGET (page), "map.drill", "s", duban_regions_get_area (regions, town)->code);
  spin_until_ready ();
  g_assert_cmpstr (duban_map_page_get_focus_code (page), ==, duban_regions_get_area (regions, town)->code);
  crumbs = duban_map_page_dup_breadcrumb (page);
  g_assert_true (g_str_has_prefix (crumbs, "金乡县 › "));
  g_assert_true (g_str_has_suffix (crumbs, duban_regions_get_area (regions, town)->name));
  g_assert_cmpuint (n_breadcrumb_parts (), ==, 2);
  duban_regions_get_children (regions, town, &n_villages);
  g_assert_cmpuint (duban_map_page_get_n_area_rows (page), ==, n_villages);
  g_assert_cmpuint (g_list_model_get_n_items (duban_map_page_get_tickets (page)), ==, 0);
  town_texture = render_page ("map-town.png");

  /* the grid: its tickets, the most urgent first, all of this grid */
  gtk_widget_activate_action (GTK_WIDGET (page), "map.drill", "s", duban_regions_get_area (regions, grid)->code);
  spin_until_ready ();
  g_assert_cmpuint (n_breadcrumb_parts (), ==, 4);
  tickets = duban_map_page_get_tickets (page);
  g_assert_cmpuint (g_list_model_get_n_items (tickets), >=, stats->areas[grid].open_overdue);
  top = g_list_model_get_item (tickets, 0);
  g_assert_cmpint (duban_ticket_object_get_status (top)->state, ==, DUBAN_STATE_OPEN_OVERDUE);
  for (guint i = 0; i < g_list_model_get_n_items (tickets); i++)
    {
      g_autoptr(DubanTicketObject) item = g_list_model_get_item (tickets, i);
      const DubanTicket *ticket = duban_ticket_object_get_ticket (item);
      double x, y;

      g_assert_cmpint (duban_regions_place_ticket (regions, ticket, &x, &y), ==, grid);
    }

  /* the ticket's detail */
  gtk_widget_activate_action (GTK_WIDGET (page), "map.show-ticket", "s", duban_ticket_object_get_id (top));
  spin_until_ready ();
  g_assert_cmpstr (duban_map_page_get_shown_ticket (page), ==, duban_ticket_object_get_id (top));
  grid_texture = render_page ("map-grid.png");

  /* up: the village and its grids */
  gtk_widget_activate_action (GTK_WIDGET (page), "map.up", NULL);
  spin_until_ready ();
  g_assert_cmpstr (duban_map_page_get_focus_code (page), ==, duban_regions_get_area (regions, village)->code);
  g_assert_cmpuint (n_breadcrumb_parts (), ==, 3);
  duban_regions_get_children (regions, village, &n_grids);
  g_assert_cmpuint (duban_map_page_get_n_area_rows (page), ==, n_grids);
  g_assert_null (duban_map_page_get_shown_ticket (page));

  /* and back to the county */
  gtk_widget_activate_action (GTK_WIDGET (page), "map.drill", "s", "");
  spin_until_ready ();
  g_assert_cmpstr (duban_map_page_get_focus_code (page), ==, "370828");
  g_assert_cmpuint (n_breadcrumb_parts (), ==, 1);
}

/* The filters change the figures: with only overdue tickets shown, every
 * open ticket counted is overdue; "as of" a month back, fewer were received. */
static void
test_filters (void)
{
  DubanTicketFilter *filter = duban_map_page_get_filter (page);
  const DubanRegionStats *stats;
  guint all_open, received_now;

  stats = duban_map_page_get_stats (page);
  all_open = stats->county.open;
  received_now = stats->county.figures.received;
  g_assert_cmpuint (all_open, >, stats->county.open_overdue);
  /* the ticket with neither location nor grid, counted and said so */
  g_assert_cmpuint (stats->not_on_map, ==, 1);

  duban_ticket_filter_set_state (filter, DUBAN_QUERY_STATE_OVERDUE);
  spin_until_ready ();
  stats = duban_map_page_get_stats (page);
  g_assert_cmpuint (stats->county.open, ==, stats->county.open_overdue);
  g_assert_cmpuint (stats->county.open, >, 0);
  g_assert_cmpuint (stats->county.open, <, all_open);

  duban_ticket_filter_set_state (filter, DUBAN_QUERY_STATE_ANY);
  duban_ticket_filter_set_as_of (filter, duban_ticket_filter_get_as_of (filter) - 20 * G_TIME_SPAN_DAY);
  spin_until_ready ();
  stats = duban_map_page_get_stats (page);
  g_assert_cmpuint (stats->county.figures.received, <, received_now);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *url = NULL;
  g_autofree char *db = NULL;
  g_autofree char *cleanup = NULL;
  DubanFeedOptions options;
  DubanSyncStats sync_stats;
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  duban_feed_options_init (&options);
  options.seed = 7;
  options.n_tickets = 6000;
  server = duban_feed_server_new (&options, &error);
  g_assert_no_error (error);
  g_assert_true (duban_feed_server_listen (server, 0, &error));
  url = duban_feed_server_get_url (server);

  /* one ticket that the map cannot place */
  {
    g_autoptr(GPtrArray) ids = duban_feed_server_list_ids (server);
    g_autoptr(DubanTicket) lost = duban_feed_server_get_ticket (server, g_ptr_array_index (ids, 0));

    g_free (lost->id);
    lost->id = g_strdup ("JX-NOWHERE-1");
    lost->has_location = FALSE;
    g_clear_pointer (&lost->grid_code, g_free);
    lost->status = DUBAN_STATUS_IN_PROGRESS;
    lost->resolved_at = lost->closed_at = DUBAN_TIME_NONE;
    lost->received_at = lost->updated_at = duban_time_now () - G_TIME_SPAN_HOUR;
    lost->dispatched_at = lost->first_contact_at = DUBAN_TIME_NONE;
    g_clear_pointer (&lost->extension, g_free);
    lost->satisfaction = DUBAN_SATISFACTION_NONE;
    lost->visited_at = DUBAN_TIME_NONE;
    duban_feed_server_put_ticket (server, lost);
  }

  settings = g_settings_new (APPLICATION_ID);
  g_settings_set_string (settings, "feed-url", url);

  dir = g_dir_make_tmp ("duban-map-page-XXXXXX", NULL);
  db = g_build_filename (dir, "duban.db", NULL);
  cleanup = g_strdup_printf ("rm -rf '%s'", dir);
  session = duban_session_new (db);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1280, 800);
  page = g_object_new (DUBAN_TYPE_MAP_PAGE, NULL);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  duban_map_page_set_session (page, session);

  duban_session_sync_async (session, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (duban_session_sync_finish (session, result, &sync_stats, &error));
  g_assert_no_error (error);
  spin_until_ready ();

  g_test_add_func ("/map/page/county-rendered", test_county_rendered);
  g_test_add_func ("/map/page/drill-down", test_drill_down);
  g_test_add_func ("/map/page/filters", test_filters);

  ret = g_test_run ();

  gtk_window_destroy (window);
  g_clear_object (&session);
  g_clear_object (&server);
  g_spawn_command_line_sync (cleanup, NULL, NULL, NULL, NULL);
  return ret;
}
