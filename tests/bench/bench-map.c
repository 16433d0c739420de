/* bench-map.c — the map's cluster index and frame time
 *
 * For 200,000 and 1,000,000 synthetic tickets over the demo county:
 * the cluster index's build time, the median viewport query time, and
 * the frame time (snapshot plus render with the cairo renderer at
 * 1280 × 800) of the county view and of a zoomed-in town view, each
 * beside the frame time of the same map with no ticket overlay, measured
 * in the same run.
 *
 * Targets (issue 4): 1,000,000 points indexed in at most 1 s; median
 * query at most 1 ms. Issue 15: the overlay adds at most 25 % to the
 * bare frame.
 *
 * Then the points and boxes of supercluster's benchmark
 * (supercluster-bench.mjs: 13 centres, 200 boxes of about 290 × 180 px
 * at zoom 9–16, from the same generator), built and queried by the
 * cluster index in a process of its own and by supercluster under node
 * in the same run, side by side: build, median query and peak RSS.
 * DUBAN_SUPERCLUSTER_BENCH names the script, in a folder where
 * `npm install supercluster@8` was run; without it, or without node,
 * the bench says so and prints its own figures.
 *
 * Run by hand under a display, e.g.
 *   DUBAN_SUPERCLUSTER_BENCH=/tmp/sc/supercluster-bench.mjs \
 *   xvfb-run -a -s "-screen 0 1280x800x24" build/tests/bench/bench-map
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <shumate/shumate.h>
#include <sys/resource.h>

#include "duban-cluster.h"
#include "duban-county-generator.h"
#include "duban-geo.h"
#include "duban-map-painter.h"
#include "duban-map-region-layer.h"
#include "duban-map-ticket-layer.h"
#include "duban-regions.h"

#define WIDTH  1280
#define HEIGHT 800
#define N_BLOCKS 8
#define FRAMES_PER_BLOCK 5
#define N_QUERIES 2000

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return da < db ? -1 : da > db;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_double);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* Tickets cluster where people live: most near the towns' centres, the
 * rest spread over the county; every point inside the county. */
static GArray *
synthetic_points (const DubanRegions *regions,
                  guint               n,
                  guint32             seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GArray *points = g_array_sized_new (FALSE, FALSE, sizeof (DubanClusterPoint), n);
  int county = duban_regions_get_county (regions);
  const DubanArea *c = duban_regions_get_area (regions, county);
  guint first, end;

  duban_regions_get_level_range (regions, DUBAN_AREA_TOWN, &first, &end);
  while (points->len < n)
    {
      DubanClusterPoint p;

      if (g_rand_double (rand) < 0.7)
        {
          const DubanArea *town = duban_regions_get_area (regions, g_rand_int_range (rand, first, end));
          double sx = (town->max_x - town->min_x) / 5, sy = (town->max_y - town->min_y) / 5;
          double u = g_rand_double (rand) + 1e-12, v = g_rand_double (rand);
          double r = sqrt (-2 * log (u));

          p.x = town->label_x + sx * r * cos (2 * G_PI * v);
          p.y = town->label_y + sy * r * sin (2 * G_PI * v);
        }
      else
        {
          p.x = g_rand_double_range (rand, c->min_x, c->max_x);
          p.y = g_rand_double_range (rand, c->min_y, c->max_y);
        }
      if (!duban_regions_area_contains (regions, county, p.x, p.y))
        continue;
      p.id = points->len;
      p.kind = g_rand_int_range (rand, 0, DUBAN_MAP_N_MARKS);
      g_array_append_val (points, p);
    }
  return points;
}

static void
count_cluster (const DubanCluster *cluster,
               gpointer            user_data)
{
  *(guint64 *) user_data += cluster->count;
}

static gboolean
wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;
  guint source = g_timeout_add (5, wake_up, NULL);

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (source);
}

typedef struct {
  GtkWindow           *window;
  ShumateSimpleMap    *map;
  ShumateViewport     *viewport;
  DubanMapRegionLayer *regions_layer;
  DubanMapTicketLayer *tickets_layer;
} Desk;

static void
look_at (Desk               *desk,
         const DubanArea    *area)
{
  DubanMapView view;
  double lat, lon;

  duban_map_view_fit (&view, WIDTH, HEIGHT, area->min_x, area->min_y, area->max_x, area->max_y, 30);
  duban_geo_from_mercator (view.center_x, view.center_y, &lat, &lon);
  shumate_viewport_set_zoom_level (desk->viewport, view.zoom);
  shumate_location_set_location (SHUMATE_LOCATION (desk->viewport), lat, lon);
  spin (50);
}

/* Frames as the desk makes them: the map's snapshot, then the render of
 * its nodes to pixels with the window's cairo renderer. */
static void
frame_ms (Desk   *desk,
          double *times)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (desk->map));
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (desk->window));

  for (guint i = 0; i < FRAMES_PER_BLOCK; i++)
    {
      gint64 start = g_get_monotonic_time ();
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;

      gdk_paintable_snapshot (paintable, snapshot, WIDTH, HEIGHT);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        g_error ("the map drew nothing: not laid out yet?");
      texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
      times[i] = (g_get_monotonic_time () - start) / 1000.0;
    }
}

static void
bench_size (Desk               *desk,
            const DubanRegions *regions,
            int                 town,
            guint               n)
{
  g_autoptr(GArray) points = synthetic_points (regions, n, n);
  g_autoptr(DubanClusterIndex) index = NULL;
  const DubanArea *county = duban_regions_get_area (regions, duban_regions_get_county (regions));
  g_autofree double *query_times = g_new (double, N_QUERIES);
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  double build_ms = G_MAXDOUBLE;
  guint64 total = 0;

  /* the best of three builds: the machine is shared */
  for (guint run = 0; run < 3; run++)
    {
      gint64 start = g_get_monotonic_time ();
      DubanClusterIndex *built = duban_cluster_index_new ((const DubanClusterPoint *) points->data, points->len);

      build_ms = MIN (build_ms, (g_get_monotonic_time () - start) / 1000.0);
      g_clear_pointer (&index, duban_cluster_index_unref);
      index = built;
    }

  /* viewports of 1280 × 800 panned over the county at zooms 10 to 18 */
  for (guint q = 0; q < N_QUERIES; q++)
    {
      DubanMapView view = { 0 };
      double min_x, min_y, max_x, max_y;
      guint64 count = 0;
      gint64 start;

      view.width = WIDTH;
      view.height = HEIGHT;
      view.zoom = 10 + (q % 9) + g_rand_double (rand);
      view.center_x = g_rand_double_range (rand, county->min_x, county->max_x);
      view.center_y = g_rand_double_range (rand, county->min_y, county->max_y);
      duban_map_view_get_bounds (&view, &min_x, &min_y, &max_x, &max_y);

      start = g_get_monotonic_time ();
      if (view.zoom >= DUBAN_CLUSTER_MAX_ZOOM + 1)
        duban_cluster_index_query_points (index, min_x, min_y, max_x, max_y, NULL, NULL);
      else
        duban_cluster_index_query (index, (int) floor (view.zoom), min_x, min_y, max_x, max_y, count_cluster, &count);
      query_times[q] = (g_get_monotonic_time () - start) / 1000.0;
      total += count;
    }

  duban_map_ticket_layer_set_index (desk->tickets_layer, index);

  g_print ("\n%u points\n", n);
  g_print ("  index build            %8.1f ms   (target ≤ 1000 ms for 1,000,000)\n", build_ms);
  g_print ("  median viewport query  %8.3f ms   (target ≤ 1 ms; %u queries, zoom 10–19)\n",
           median (query_times, N_QUERIES), N_QUERIES);

  {
    const char *names[2] = { "county view", "town view" };
    const DubanArea *areas[2] = { county, duban_regions_get_area (regions, town) };

    for (guint v = 0; v < 2; v++)
      {
        double bare, overlay;
        double bare_times[N_BLOCKS * FRAMES_PER_BLOCK], overlay_times[N_BLOCKS * FRAMES_PER_BLOCK];
        guint drawn;
        guint64 tickets;

        look_at (desk, areas[v]);
        /* Interleaved, five frames at a time, so that a slow moment of
         * the machine weighs on both alike. */
        for (guint block = 0; block < N_BLOCKS; block++)
          {
            /* the same widgets, no tickets to draw */
            duban_map_ticket_layer_set_index (desk->tickets_layer, NULL);
            spin (20);
            frame_ms (desk, &bare_times[block * FRAMES_PER_BLOCK]);
            duban_map_ticket_layer_set_index (desk->tickets_layer, index);
            spin (20);
            frame_ms (desk, &overlay_times[block * FRAMES_PER_BLOCK]);
          }
        bare = median (bare_times, N_BLOCKS * FRAMES_PER_BLOCK);
        overlay = median (overlay_times, N_BLOCKS * FRAMES_PER_BLOCK);
        drawn = duban_map_ticket_layer_get_n_drawn (desk->tickets_layer, &tickets);
        g_print ("  frame, %-12s  bare %6.2f ms, with tickets %6.2f ms: %+.0f%%  (%u marks for %" G_GUINT64_FORMAT " tickets; target ≤ +25%%)\n",
                 names[v], bare, overlay, 100 * (overlay - bare) / bare, drawn, tickets);
      }
  }
}

/* ------------------------------------------------- supercluster's bench */

/* supercluster-bench.mjs's generator, step for step: a JavaScript
 * number is a double, and so is every step here, so that the two
 * programs draw the same points and boxes. */
static double
js_random (double *state)
{
  *state = fmod (*state * 1103515245.0 + 12345.0, 2147483648.0);
  return *state / 2147483648.0;
}

/* The child process: only the index, so that its peak RSS is the index's
 * and the points', as node's is supercluster's. Prints one line. */
static int
run_supercluster_points (guint n)
{
  double state = 12345, centres[13][2];
  g_autofree DubanClusterPoint *points = g_new (DubanClusterPoint, n);
  g_autoptr(DubanClusterIndex) index = NULL;
  double queries[200], build_ms;
  struct rusage usage;
  gint64 start;

  for (guint c = 0; c < 13; c++)
    {
      centres[c][0] = 116.109 + js_random (&state) * 0.396;
      centres[c][1] = 34.854 + js_random (&state) * 0.384;
    }
  for (guint i = 0; i < n; i++)
    {
      const double *c = centres[i % 13];
      double lon, lat;

      lon = c[0] + (js_random (&state) + js_random (&state) + js_random (&state) - 1.5) * 0.05;
      lat = c[1] + (js_random (&state) + js_random (&state) + js_random (&state) - 1.5) * 0.05;
      duban_geo_to_mercator (lat, lon, &points[i].x, &points[i].y);
      points[i].id = i;
      points[i].kind = i % DUBAN_CLUSTER_N_KINDS;
    }

  start = g_get_monotonic_time ();
  index = duban_cluster_index_new (points, n);
  build_ms = (g_get_monotonic_time () - start) / 1000.0;

  for (guint k = 0; k < 200; k++)
    {
      int z = 9 + (k % 8);
      double w = 0.4 / (1 << (z - 9));
      double x = 116.109 + js_random (&state) * 0.396, y = 34.854 + js_random (&state) * 0.384;
      double x0, y0, x1, y1;
      guint64 count = 0;

      /* [x - w, y - w/2, x + w, y + w/2] in degrees; Mercator's y runs south */
      duban_geo_to_mercator (y + w / 2, x - w, &x0, &y0);
      duban_geo_to_mercator (y - w / 2, x + w, &x1, &y1);
      start = g_get_monotonic_time ();
      duban_cluster_index_query (index, z, MIN (x0, x1), MIN (y0, y1), MAX (x0, x1), MAX (y0, y1),
                                 count_cluster, &count);
      queries[k] = (g_get_monotonic_time () - start) / 1000.0;
    }
  qsort (queries, 200, sizeof (double), compare_double);

  getrusage (RUSAGE_SELF, &usage);
  /* the same fields as the node script's line, and its upper median */
  g_print ("{\"N\":%u,\"build_ms\":%.1f,\"query_median_ms\":%.4f,\"rss_mb\":%ld}\n",
           n, build_ms, queries[100], (usage.ru_maxrss * 1024L + 500000) / 1000000);
  return 0;
}

static gboolean
read_figures (const char *line,
              double     *build_ms,
              double     *query_ms,
              double     *rss_mb)
{
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("\"build_ms\":([0-9.]+),\"query_median_ms\":([0-9.]+),\"rss_mb\":([0-9.]+)",
                                         0, 0, NULL);

  double *out[3] = { build_ms, query_ms, rss_mb };

  if (line == NULL || !g_regex_match (regex, line, 0, &match))
    return FALSE;
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *text = g_match_info_fetch (match, i + 1);

      *out[i] = g_ascii_strtod (text, NULL);
    }
  return TRUE;
}

static char *
run_for_line (const char * const *argv,
              GError            **error)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, error))
    return NULL;
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s: %s", argv[0], err != NULL ? err : "");
      return NULL;
    }
  return g_strdup (g_strstrip (out));
}

static void
bench_supercluster (const char *self_path)
{
  const char *script = g_getenv ("DUBAN_SUPERCLUSTER_BENCH");
  g_autofree char *node = g_find_program_in_path ("node");
  const guint sizes[] = { 200000, 1000000 };

  g_print ("\nsupercluster's points and boxes (13 centres, 200 boxes of about 290 × 180 px at zoom 9–16)\n");
  if (node == NULL)
    g_print ("  node is not installed here: the cluster index's figures alone\n");
  else if (script == NULL || !g_file_test (script, G_FILE_TEST_EXISTS))
    g_print ("  DUBAN_SUPERCLUSTER_BENCH does not name supercluster-bench.mjs (in a folder with `npm install supercluster@8`): the cluster index's figures alone\n");

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *n = g_strdup_printf ("%u", sizes[i]);
      const char *ours_argv[] = { self_path, "--supercluster-points", n, NULL };
      const char *node_argv[] = { node, script, n, NULL };
      g_autoptr(GError) error = NULL;
      g_autofree char *ours = run_for_line (ours_argv, &error);
      g_autofree char *theirs = NULL;
      double ob, oq, orss, tb, tq, trss;

      if (!read_figures (ours, &ob, &oq, &orss))
        {
          g_print ("  %u points: the cluster index's run failed: %s\n", sizes[i],
                   error != NULL ? error->message : ours);
          continue;
        }
      if (node != NULL && script != NULL && g_file_test (script, G_FILE_TEST_EXISTS))
        {
          theirs = run_for_line (node_argv, &error);
          if (theirs == NULL)
            g_print ("  supercluster did not run: %s\n", error->message);
        }
      if (theirs != NULL && read_figures (theirs, &tb, &tq, &trss))
        g_print ("  %7u points  build %7.1f ms vs supercluster %7.1f ms (%.2f×); median query %.4f vs %.4f ms (%.2f×); peak RSS %3.0f vs %3.0f MB (%.2f×)\n",
                 sizes[i], ob, tb, ob / tb, oq, tq, oq / MAX (tq, 1e-6), orss, trss, orss / trss);
      else
        g_print ("  %7u points  build %7.1f ms; median query %.4f ms; peak RSS %3.0f MB\n", sizes[i], ob, oq, orss);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanCounty) county = NULL;
  g_autoptr(DubanRegions) regions = NULL;
  DubanCountyParams params = { 0 };
  Desk desk = { 0 };
  guint first, end;
  int town = -1;
  double best = 0;

  if (argc == 3 && g_str_equal (argv[1], "--supercluster-points"))
    return run_supercluster_points ((guint) g_ascii_strtoull (argv[2], NULL, 10));

  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  gtk_init ();
  adw_init ();

  params.seed = 20221117u;
  params.n_tickets = 10;
  params.now = duban_time_now ();
  county = duban_county_generate (&params);
  regions = duban_regions_new_from_geojson (duban_county_get_regions_json (county), &error);
  g_assert_no_error (error);

  /* the biggest town: the zoomed-in view with the most on screen */
  duban_regions_get_level_range (regions, DUBAN_AREA_TOWN, &first, &end);
  for (guint t = first; t < end; t++)
    {
      const DubanArea *area = duban_regions_get_area (regions, t);
      double size = (area->max_x - area->min_x) * (area->max_y - area->min_y);

      if (size > best)
        {
          best = size;
          town = t;
        }
    }

  desk.window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (desk.window, WIDTH, HEIGHT);
  desk.map = shumate_simple_map_new ();
  gtk_window_set_child (desk.window, GTK_WIDGET (desk.map));
  desk.viewport = shumate_simple_map_get_viewport (desk.map);
  shumate_viewport_set_reference_map_source (desk.viewport,
    SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full_from_url ("bench", "bench", "", NULL, 0, 20, 256,
                                                                   SHUMATE_MAP_PROJECTION_MERCATOR,
                                                                   "file:///nonexistent/{z}/{x}/{y}.png")));
  shumate_viewport_set_max_zoom_level (desk.viewport, 20);
  desk.regions_layer = duban_map_region_layer_new (desk.viewport);
  duban_map_region_layer_set_regions (desk.regions_layer, regions);
  shumate_simple_map_add_overlay_layer (desk.map, SHUMATE_LAYER (desk.regions_layer));
  desk.tickets_layer = duban_map_ticket_layer_new (desk.viewport);
  shumate_simple_map_add_overlay_layer (desk.map, SHUMATE_LAYER (desk.tickets_layer));

  /* the choropleth as the desk shows it: every grid coloured */
  {
    guint n_areas = duban_regions_get_n_areas (regions);
    g_autofree double *values = g_new (double, n_areas);
    DubanChoropleth choropleth = { DUBAN_CHOROPLETH_OPEN_OVERDUE, DUBAN_AREA_GRID, values, 12 };

    for (guint i = 0; i < n_areas; i++)
      values[i] = (i * 7) % 13;
    duban_map_region_layer_set_choropleth (desk.regions_layer, &choropleth);
  }

  gtk_window_present (desk.window);
  spin (500);
  if (gtk_widget_get_width (GTK_WIDGET (desk.map)) != WIDTH)
    g_print ("note: the map is %d × %d (the display's size)\n",
             gtk_widget_get_width (GTK_WIDGET (desk.map)), gtk_widget_get_height (GTK_WIDGET (desk.map)));

  g_print ("bench-map: %u areas, %s at %d × %d, renderer %s\n",
           duban_regions_get_n_areas (regions), "cairo", WIDTH, HEIGHT,
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (desk.window))));

  bench_size (&desk, regions, town, 200000);
  bench_size (&desk, regions, town, 1000000);

  gtk_window_destroy (desk.window);

  {
    g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);

    bench_supercluster (self_path != NULL ? self_path : argv[0]);
  }
  return 0;
}
