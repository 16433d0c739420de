/* test-map-page.c — the map page renders the demo county, colours its
 * overdue grids, and drills down from county to ticket through its actions;
 * it reads at a glance (names clear of badges, 样本不足 for rates over too
 * few tickets, a way back to the whole county, a dark map), and a map
 * page loaded behind another page leaves the frame clock idle.
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
#include "duban-map-ticket-layer.h"
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


/* ------------------------------------------------- reads at a glance */

static GtkWidget *
find_widget (GtkWidget *root,
             gboolean (*match) (GtkWidget *widget, gconstpointer data),
             gconstpointer data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_region_layer (GtkWidget *widget, gconstpointer data)
{
  return DUBAN_IS_MAP_REGION_LAYER (widget);
}

static gboolean
is_ticket_layer (GtkWidget *widget, gconstpointer data)
{
  return DUBAN_IS_MAP_TICKET_LAYER (widget);
}

static gboolean
is_button_labelled (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

static gboolean
is_button_for_action (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), data) == 0;
}

static double
current_zoom (void)
{
  return shumate_viewport_get_zoom_level (shumate_simple_map_get_viewport (SHUMATE_SIMPLE_MAP (duban_map_page_get_map (page))));
}

/* At the county, every town's name is drawn and none is under a badge
 * (the demo's tickets gather at the towns' centres, where the names are). */
static void
test_labels_clear_of_badges (void)
{
  DubanMapRegionLayer *layer = DUBAN_MAP_REGION_LAYER (find_widget (duban_map_page_get_map (page), is_region_layer, NULL));
  const DubanMapLabelBox *labels;
  guint n, towns = 0, first, end;

  gtk_widget_activate_action (GTK_WIDGET (page), "map.fit-county", NULL);
  spin_until_ready ();
  labels = duban_map_region_layer_get_labels (layer, &n);
  {
    GtkWidget *tickets = find_widget (duban_map_page_get_map (page), is_ticket_layer, NULL);
    ShumateViewport *viewport = shumate_simple_map_get_viewport (SHUMATE_SIMPLE_MAP (duban_map_page_get_map (page)));
    const DubanMapObstacle *badges;
    guint n_badges;
    DubanMapView view;

    /* the badges as the ticket layer draws them for this view */
    duban_map_view_init_from_viewport (&view, viewport, tickets);
    badges = duban_map_ticket_layer_get_obstacles (DUBAN_MAP_TICKET_LAYER (tickets), &view, &n_badges);
    g_assert_cmpuint (n_badges, >, 5);
    for (guint i = 0; i < n; i++)
      {
        const DubanMapLabelBox *b = &labels[i];

        if (b->level != DUBAN_AREA_TOWN)
          continue;
        towns++;
        g_assert_true (b->clear);
        for (guint k = 0; k < n_badges; k++)
          {
            const DubanMapObstacle *o = &badges[k];
            gboolean apart = b->x >= o->x + o->radius || b->x + b->width <= o->x - o->radius ||
                             b->y >= o->y + o->radius || b->y + b->height <= o->y - o->radius;

            if (!apart)
              g_test_message ("a town's name at %.0f, %.0f under a badge at %.0f, %.0f", b->x, b->y, o->x, o->y);
            g_assert_true (apart);
          }
      }
  }
  duban_regions_get_level_range (duban_map_page_get_regions (page), DUBAN_AREA_TOWN, &first, &end);
  g_assert_cmpuint (towns, ==, end - first);
  g_autoptr(GdkTexture) texture = render_page ("map-labels.png");
}

static gboolean
is_saturated (const double *rgb)
{
  double hi = MAX (rgb[0], MAX (rgb[1], rgb[2])), lo = MIN (rgb[0], MIN (rgb[1], rgb[2]));

  return hi - lo > 0.25;
}

/* The share of an area's samples in a rate's colour (not grey). */
static double
coloured_share (const Pixels       *pixels,
                const DubanRegions *regions,
                guint               area_index,
                guint              *out_samples)
{
  const DubanArea *area = duban_regions_get_area (regions, area_index);
  guint samples = 0, coloured = 0;

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
        coloured += is_saturated (rgb);
      }
  *out_samples = samples;
  return samples > 0 ? (double) coloured / samples : 0;
}

/* Grids whose satisfaction rate is over fewer than 5 rated visits are
 * grey and hatched; with no minimum the same grids are coloured. */
static void
test_too_few (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  const DubanRegions *regions = duban_map_page_get_regions (page);
  const DubanRegionStats *stats;
  guint first, end;
  g_autoptr(GArray) few = g_array_new (FALSE, FALSE, sizeof (guint));
  double shares[2];

  g_assert_cmpuint (g_settings_get_uint (settings, "map-min-denominator"), ==, DUBAN_CHOROPLETH_DEFAULT_MIN_DENOMINATOR);
  gtk_widget_activate_action (GTK_WIDGET (page), "map.fit-county", NULL);
  duban_map_page_set_figure (page, DUBAN_CHOROPLETH_SATISFACTION_RATE);
  spin_until_ready ();
  stats = duban_map_page_get_stats (page);
  duban_regions_get_level_range (regions, DUBAN_AREA_GRID, &first, &end);
  for (guint g = first; g < end; g++)
    if (duban_choropleth_too_few (DUBAN_CHOROPLETH_SATISFACTION_RATE, &stats->areas[g], 5))
      g_array_append_val (few, g);
  g_test_message ("%u grids with 1–4 rated visits", few->len);
  g_assert_cmpuint (few->len, >, 10);

  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(GdkTexture) texture = NULL;
      Pixels pixels;
      guint judged = 0, coloured = 0, samples;

      g_settings_set_uint (settings, "map-min-denominator", pass == 0 ? 5 : 0);
      duban_map_page_set_figure (page, DUBAN_CHOROPLETH_SATISFACTION_RATE);
      spin_until_ready ();
      texture = render_page (pass == 0 ? "map-too-few.png" : "map-too-few-off.png");
      download (texture, &pixels);
      for (guint i = 0; i < few->len; i++)
        {
          double share = coloured_share (&pixels, regions, g_array_index (few, guint, i), &samples);

          if (samples < 4)
            continue;
          judged++;
          coloured += share > 0.5;
        }
      g_free (pixels.pixels);
      shares[pass] = judged > 0 ? (double) coloured / judged : 0;
      g_test_message ("minimum %u: %u of %u such grids in a rate's colour", pass == 0 ? 5 : 0, coloured, judged);
    }
  g_assert_cmpfloat (shares[0], <, 0.1);
  g_assert_cmpfloat (shares[1], >, 0.6);
  g_settings_reset (settings, "map-min-denominator");
  duban_map_page_set_figure (page, DUBAN_CHOROPLETH_OPEN_OVERDUE);
}

/* Zoomed in (as a click on a cluster does, moving the map but not the
 * focus), the county's crumb and the fit button bring the county back. */
static void
test_back_to_county (void)
{
  ShumateViewport *viewport = shumate_simple_map_get_viewport (SHUMATE_SIMPLE_MAP (duban_map_page_get_map (page)));
  GtkWidget *crumb, *fit;
  const DubanRegions *regions = duban_map_page_get_regions (page);
  guint first, end;
  double county_zoom;

  gtk_widget_activate_action (GTK_WIDGET (page), "map.fit-county", NULL);
  spin_until_ready ();
  county_zoom = current_zoom ();

  shumate_viewport_set_zoom_level (viewport, county_zoom + 3);
  settle ();
  crumb = find_widget (GTK_WIDGET (page), is_button_labelled, "金乡县");
  g_assert_nonnull (crumb);
  g_signal_emit_by_name (crumb, "clicked");
  spin_until_ready ();
  g_assert_cmpfloat (fabs (current_zoom () - county_zoom), <, 0.01);

  /* from a town, the fit button */
  duban_regions_get_level_range (regions, DUBAN_AREA_TOWN, &first, &end);
  gtk_widget_activate_action (GTK_WIDGET (page), "map.drill", "s", duban_regions_get_area (regions, first)->code);
  spin_until_ready ();
  g_assert_cmpfloat (current_zoom (), >, county_zoom + 0.5);
  fit = find_widget (GTK_WIDGET (page), is_button_for_action, "map.fit-county");
  g_assert_nonnull (fit);
  g_assert_true (gtk_widget_get_visible (fit));
  g_signal_emit_by_name (fit, "clicked");
  spin_until_ready ();
  g_assert_cmpstr (duban_map_page_get_focus_code (page), ==, "370828");
  g_assert_cmpfloat (fabs (current_zoom () - county_zoom), <, 0.01);
}

/* Under the dark style the paper around the county is dark. */
static void
test_dark (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  const DubanRegions *regions = duban_map_page_get_regions (page);
  const DubanArea *county = duban_regions_get_area (regions, duban_regions_get_county (regions));
  g_autoptr(GdkTexture) light = NULL;
  g_autoptr(GdkTexture) dark = NULL;
  Pixels pixels;
  double px, py, rgb[3];

  gtk_widget_activate_action (GTK_WIDGET (page), "map.fit-county", NULL);
  spin_until_ready ();
  to_page (county->min_x - (county->max_x - county->min_x) * 0.03, county->label_y, &px, &py);
  light = render_page ("map-light.png");
  download (light, &pixels);
  pixel_at (&pixels, (int) px, (int) py, rgb);
  g_free (pixels.pixels);
  g_assert_cmpfloat (rgb[0] + rgb[1] + rgb[2], >, 2.4);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  settle ();
  dark = render_page ("map-dark.png");
  download (dark, &pixels);
  pixel_at (&pixels, (int) px, (int) py, rgb);
  g_free (pixels.pixels);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  settle ();
  g_assert_cmpfloat (rgb[0] + rgb[1] + rgb[2], <, 0.9);
}

/* The badges are drawn once: a frame of the ticket layer is texture
 * nodes (no cairo drawing the size of the map), and the next frame of the
 * same view shows the very same textures. */
static void
collect_nodes (GskRenderNode *node,
               GPtrArray     *textures,
               guint         *big_cairo)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        collect_nodes (gsk_container_node_get_child (node, i), textures, big_cairo);
      break;
    case GSK_OPACITY_NODE:
      collect_nodes (gsk_opacity_node_get_child (node), textures, big_cairo);
      break;
    case GSK_TRANSFORM_NODE:
      collect_nodes (gsk_transform_node_get_child (node), textures, big_cairo);
      break;
    case GSK_CLIP_NODE:
      collect_nodes (gsk_clip_node_get_child (node), textures, big_cairo);
      break;
    case GSK_DEBUG_NODE:
      collect_nodes (gsk_debug_node_get_child (node), textures, big_cairo);
      break;
    case GSK_TEXTURE_NODE:
      g_ptr_array_add (textures, gsk_texture_node_get_texture (node));
      break;
    case GSK_CAIRO_NODE:
      {
        graphene_rect_t bounds;

        gsk_render_node_get_bounds (node, &bounds);
        if (bounds.size.width > 100 || bounds.size.height > 100)
          (*big_cairo)++;
      }
      break;
    default:
      break;
    }
}

static void
test_badges_blitted (void)
{
  GtkWidget *layer = find_widget (duban_map_page_get_map (page), is_ticket_layer, NULL);
  g_autoptr(GPtrArray) first = g_ptr_array_new ();
  g_autoptr(GPtrArray) second = g_ptr_array_new ();
  guint big_cairo = 0;

  gtk_widget_activate_action (GTK_WIDGET (page), "map.fit-county", NULL);
  spin_until_ready ();
  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (layer);
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;

      gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (layer), gtk_widget_get_height (layer));
      node = gtk_snapshot_free_to_node (snapshot);
      g_assert_nonnull (node);
      collect_nodes (node, pass == 0 ? first : second, &big_cairo);
    }
  g_test_message ("%u badge textures, %u large cairo nodes", first->len, big_cairo);
  g_assert_cmpuint (first->len, >, 10);
  g_assert_cmpuint (big_cairo, ==, 0);
  g_assert_cmpuint (second->len, ==, first->len);
  for (guint i = 0; i < first->len; i++)
    g_assert_true (g_ptr_array_index (first, i) == g_ptr_array_index (second, i));
}

static void
count_frame_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  (*(guint *) user_data)++;
}

/* A map page given its session while hidden (another page of a stack
 * shown) reads nothing and asks the frame clock for nothing: an idle
 * desk draws no frames. */
static void
test_hidden_page_idle (void)
{
  GtkWidget *stack = adw_view_stack_new ();   /* as the window holds its pages */
  GtkWidget *shown = gtk_label_new ("queue");
  GtkWindow *other = GTK_WINDOW (gtk_window_new ());
  DubanMapPage *hidden = g_object_new (DUBAN_TYPE_MAP_PAGE, NULL);
  GdkFrameClock *clock;
  guint frames = 0;
  gulong handler;
  gint64 deadline = g_get_monotonic_time () + WAIT_USEC;
  guint source = g_timeout_add (20, wake_up, NULL);

  adw_view_stack_add_named (ADW_VIEW_STACK (stack), shown, "queue");
  adw_view_stack_add_named (ADW_VIEW_STACK (stack), GTK_WIDGET (hidden), "map");
  adw_view_stack_set_visible_child (ADW_VIEW_STACK (stack), shown);
  gtk_window_set_child (other, stack);
  gtk_window_set_default_size (other, 800, 600);
  gtk_window_present (other);
  /* Realized but not shown, as the desk's map is behind the queue (its
   * widgets keep what they realized when the window first laid out). */
  gtk_widget_realize (duban_map_page_get_map (hidden));
  duban_map_page_set_session (hidden, session);
  /* hidden, it reads no tickets at all: it asks for its period's when
   * it is shown (below) */
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (duban_map_page_is_ready (hidden));

  /* Whatever the window's showing asked for runs out: half a second
   * with no frame must come (a tick callback left running draws one
   * every frame, forever), however slow the machine. */
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (other));
  handler = g_signal_connect (clock, "update", G_CALLBACK (count_frame_cb), &frames);
  {
    guint seen = 0;
    gint64 quiet_since = g_get_monotonic_time ();

    deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    while (g_get_monotonic_time () < deadline &&
           g_get_monotonic_time () - quiet_since < G_USEC_PER_SEC / 2)
      {
        g_main_context_iteration (NULL, TRUE);
        if (frames != seen)
          {
            seen = frames;
            quiet_since = g_get_monotonic_time ();
          }
      }
    g_test_message ("%u frames before half a second without one", frames);
    g_assert_cmpint (g_get_monotonic_time () - quiet_since, >=, G_USEC_PER_SEC / 2);
  }
  g_signal_handler_disconnect (clock, handler);
  g_source_remove (source);

  /* shown, it fits the county: it zooms out from the 10 it starts at
   * (the county in 800 × 600 beside the panel) */
  adw_view_stack_set_visible_child (ADW_VIEW_STACK (stack), GTK_WIDGET (hidden));
  source = g_timeout_add (20, wake_up, NULL);
  deadline = g_get_monotonic_time () + WAIT_USEC;
  while (shumate_viewport_get_zoom_level (shumate_simple_map_get_viewport (SHUMATE_SIMPLE_MAP (duban_map_page_get_map (hidden)))) - 10 > -0.1 &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (source);
  g_assert_cmpfloat (shumate_viewport_get_zoom_level (shumate_simple_map_get_viewport (SHUMATE_SIMPLE_MAP (duban_map_page_get_map (hidden)))), <, 9.9);
  gtk_window_destroy (other);
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
    /* no extension: its reason and measures are the ticket's too */
    if (lost->extension != NULL)
      {
        g_free (lost->extension->reason);
        g_free (lost->extension->measures);
        g_clear_pointer (&lost->extension, g_free);
      }
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
  g_test_add_func ("/map/page/labels-clear-of-badges", test_labels_clear_of_badges);
  g_test_add_func ("/map/page/too-few", test_too_few);
  g_test_add_func ("/map/page/back-to-county", test_back_to_county);
  g_test_add_func ("/map/page/dark", test_dark);
  g_test_add_func ("/map/page/badges-blitted", test_badges_blitted);
  g_test_add_func ("/map/page/hidden-page-idle", test_hidden_page_idle);

  ret = g_test_run ();

  gtk_window_destroy (window);
  g_clear_object (&session);
  g_clear_object (&server);
  g_spawn_command_line_sync (cleanup, NULL, NULL, NULL, NULL);
  return ret;
}
