/* duban-map-page-load.c — the map page's two worker pipelines
 *
 * Two stages of work leave the main thread. A rebuild (a new session
 * load) reads the regions from the store and places every ticket: its
 * Mercator position and its grid. A refresh (the filters or the "as of"
 * moment changed) evaluates the tickets at that moment, computes the
 * figures per area and builds the cluster index. Each carries a
 * generation number so that a result overtaken by a newer request is
 * dropped rather than shown.
 */

#define G_LOG_DOMAIN "duban-map-page-load"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "duban-geo.h"
#include "duban-map-page-private.h"
#include "duban-store.h"
#include "duban-ticket-object.h"

static void duban_map_page_start_refresh (DubanMapPage *self);

/* ---------------------------------------------------- placed tickets */

static void
placed_clear (Placed *placed)
{
  g_clear_pointer (&placed->tickets, g_ptr_array_unref);
  g_clear_pointer (&placed->regions, duban_regions_unref);
  g_clear_pointer (&placed->grid_of, g_free);
  g_clear_pointer (&placed->xs, g_free);
  g_clear_pointer (&placed->ys, g_free);
  g_clear_pointer (&placed->index_by_id, g_hash_table_unref);
  g_clear_pointer (&placed->categories, g_ptr_array_unref);
  g_clear_pointer (&placed->units, g_ptr_array_unref);
}

Placed *
duban_map_placed_ref (Placed *placed)
{
  return g_atomic_rc_box_acquire (placed);
}

void
duban_map_placed_unref (Placed *placed)
{
  g_atomic_rc_box_release_full (placed, (GDestroyNotify) placed_clear);
}

/* -------------------------------------------------------- rebuilding */

typedef struct {
  GPtrArray    *tickets;
  DubanRegions *regions;   /* the session's desk's; NULL when it has none */
} RebuildData;

static void
rebuild_data_free (RebuildData *data)
{
  g_clear_pointer (&data->tickets, g_ptr_array_unref);
  g_clear_pointer (&data->regions, duban_regions_unref);
  g_free (data);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

static int
compare_units (gconstpointer a,
               gconstpointer b)
{
  const char *ua = strchr (*(const char **) a, '\t');
  const char *ub = strchr (*(const char **) b, '\t');

  return g_utf8_collate (ua + 1, ub + 1);
}

static void
rebuild_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RebuildData *data = task_data;
  g_autoptr(GHashTable) categories = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) units = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  Placed *placed;
  GHashTableIter iter;
  gpointer key, value;

  placed = g_atomic_rc_box_new0 (Placed);
  placed->tickets = g_ptr_array_ref (data->tickets);
  placed->earliest = G_MAXINT64;
  /* read with the tickets by the session's desk; a tree is never changed
   * once read, so this worker and the main thread share it */
  placed->regions = data->regions != NULL ? duban_regions_ref (data->regions) : NULL;
  /* unreadable (the warning says why): an empty tree, the map page says so */
  if (placed->regions == NULL)
    placed->regions = duban_regions_new_from_geojson ("{\"type\":\"FeatureCollection\",\"features\":[]}", NULL);

  placed->grid_of = g_new (int, MAX (data->tickets->len, 1));
  placed->xs = g_new (double, MAX (data->tickets->len, 1));
  placed->ys = g_new (double, MAX (data->tickets->len, 1));
  placed->index_by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < data->tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (data->tickets, i);

      if (g_task_return_error_if_cancelled (task))
        {
          duban_map_placed_unref (placed);
          return;
        }

      placed->grid_of[i] = duban_regions_place_ticket (placed->regions, ticket, &placed->xs[i], &placed->ys[i]);
      g_hash_table_insert (placed->index_by_id, ticket->id, GUINT_TO_POINTER (i + 1));
      if (ticket->category != NULL)
        g_hash_table_add (categories, ticket->category);
      if (ticket->unit_code != NULL && !g_hash_table_contains (units, ticket->unit_code))
        g_hash_table_insert (units, ticket->unit_code,
                             g_strdup_printf ("%s\t%s", ticket->unit_code,
                                              ticket->unit_name != NULL ? ticket->unit_name : ticket->unit_code));
      if (ticket->received_at != DUBAN_TIME_NONE)
        placed->earliest = MIN (placed->earliest, ticket->received_at);
    }

  placed->categories = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_iter_init (&iter, categories);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (placed->categories, g_strdup (key));
  g_ptr_array_sort (placed->categories, compare_strings);

  placed->units = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_iter_init (&iter, units);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (placed->units, g_strdup (value));
  g_ptr_array_sort (placed->units, compare_units);

  g_task_return_pointer (task, placed, (GDestroyNotify) duban_map_placed_unref);
}

static void
rebuilt_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  DubanMapPage *self = DUBAN_MAP_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(Placed) placed = NULL;
  guint generation = GPOINTER_TO_UINT (user_data);
  g_autofree char *focus_code = NULL;

  placed = g_task_propagate_pointer (G_TASK (result), &error);
  if (generation != self->rebuild_generation)
    return;
  self->rebuilding = FALSE;

  if (placed == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot place the tickets on the map: %s", error->message);
      return;
    }

  if (duban_map_page_focus_area (self) != NULL)
    focus_code = g_strdup (duban_map_page_focus_area (self)->code);

  g_clear_pointer (&self->placed, duban_map_placed_unref);
  self->placed = g_steal_pointer (&placed);
  g_clear_pointer (&self->stats, duban_region_stats_free);

  duban_map_region_layer_set_regions (self->region_layer, self->placed->regions);
  duban_map_page_update_filter_choices (self);

  if (duban_regions_get_n_areas (self->placed->regions) == 0)
    {
      gtk_stack_set_visible_child_name (self->page_stack, "empty");
      return;
    }
  gtk_stack_set_visible_child_name (self->page_stack, "map");

  /* the same area after a sync, when it still exists */
  self->focus = focus_code != NULL ? duban_regions_lookup (self->placed->regions, focus_code) : -1;
  if (self->focus < 0)
    self->focus = duban_regions_get_county (self->placed->regions);
  duban_map_page_set_focus (self, self->focus, FALSE);

  /* The first time there is a county to show (the first load may have
   * come before the first sync brought the regions). */
  if (!self->fitted)
    {
      self->fitted = TRUE;
      duban_map_page_zoom_to_area (self, self->focus);
    }

  duban_map_page_apply_period (self);
  duban_map_page_start_refresh (self);
}

typedef struct {
  DubanMapPage *self;
  guint         generation;
  DubanTime     from;
  DubanTime     to;
} SpanWait;

static void
span_wait_free (SpanWait *wait)
{
  g_clear_object (&wait->self);
  g_free (wait);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpanWait, span_wait_free)

/* The period's tickets are in: placed on a worker. */
static void
span_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SpanWait) wait = user_data;
  DubanMapPage *self = wait->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanDesk) desk = duban_session_load_span_finish (DUBAN_SESSION (object), result, &error);
  g_autoptr(GTask) task = NULL;
  RebuildData *data;

  if (wait->generation != self->rebuild_generation)
    return;
  if (desk == NULL)
    {
      self->rebuilding = FALSE;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot read the period's tickets for the map: %s", error->message);
      return;
    }

  data = g_new0 (RebuildData, 1);
  data->tickets = g_ptr_array_ref (duban_desk_get_tickets (desk));
  if (duban_desk_get_regions (desk) != NULL)
    data->regions = duban_regions_ref (duban_desk_get_regions (desk));

  task = g_task_new (self, self->rebuild_cancellable, rebuilt_cb, GUINT_TO_POINTER (self->rebuild_generation));
  g_task_set_source_tag (task, duban_map_page_start_rebuild);
  g_task_set_task_data (task, data, (GDestroyNotify) rebuild_data_free);
  g_task_run_in_thread (task, rebuild_worker);
}

/* The tickets the map's period needs: those that can count in its
 * figures and those open now (the backlog is never hidden), or every
 * ticket for "all time". */
static void
map_span (DubanMapPage *self,
          DubanTime    *from,
          DubanTime    *to)
{
  DubanTime start = duban_ticket_filter_get_period_start (self->filter);
  DubanTime end = duban_ticket_filter_get_period_end (self->filter);

  if (start == DUBAN_TIME_NONE || end == G_MAXINT64)
    *from = *to = DUBAN_TIME_NONE;
  else
    {
      *from = start;
      *to = end;
    }
}

void
duban_map_page_start_rebuild (DubanMapPage *self)
{
  SpanWait *wait;

  if (self->session == NULL || duban_session_get_desk (self->session) == NULL)
    return;
  /* a page that is not shown reads nothing: it asks when it is mapped */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  self->stale = FALSE;

  g_cancellable_cancel (self->rebuild_cancellable);
  g_clear_object (&self->rebuild_cancellable);
  self->rebuild_cancellable = g_cancellable_new ();
  self->rebuild_generation++;
  self->rebuilding = TRUE;

  /* the old map stays until the new tickets are placed */
  wait = g_new0 (SpanWait, 1);
  wait->self = g_object_ref (self);
  wait->generation = self->rebuild_generation;
  map_span (self, &wait->from, &wait->to);
  self->span_from = wait->from;
  self->span_to = wait->to;
  duban_session_load_span_async (self->session, wait->from, wait->to, self->rebuild_cancellable,
                                 span_loaded_cb, wait);
}

void
duban_map_page_check_span (DubanMapPage *self)
{
  DubanTime from, to;

  /* not before the first rebuild asked for a span */
  if (self->rebuild_generation == 0)
    return;
  map_span (self, &from, &to);
  if (from != self->span_from || to != self->span_to)
    duban_map_page_start_rebuild (self);
}

/* -------------------------------------------------------- refreshing */

typedef struct {
  Placed            *placed;
  DubanTicketFilter *filter;
  DubanSlaPolicy     policy;
  DubanCalendar     *calendar;
} RefreshData;

typedef struct {
  DubanRegionStats  *stats;
  DubanClusterIndex *index;
} RefreshResult;

static void
refresh_data_free (RefreshData *data)
{
  g_clear_pointer (&data->placed, duban_map_placed_unref);
  g_clear_object (&data->filter);
  g_clear_object (&data->calendar);
  g_free (data);
}

static void
refresh_result_free (RefreshResult *result)
{
  g_clear_pointer (&result->stats, duban_region_stats_free);
  g_clear_pointer (&result->index, duban_cluster_index_unref);
  g_free (result);
}

static void
refresh_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RefreshData *data = task_data;
  Placed *placed = data->placed;
  DubanTime at = duban_ticket_filter_get_as_of (data->filter);
  g_autoptr(GArray) points = g_array_sized_new (FALSE, FALSE, sizeof (DubanClusterPoint), placed->tickets->len);
  RefreshResult *result;
  DubanPeriod period;

  duban_ticket_filter_get_figures_period (data->filter, &period);

  result = g_new0 (RefreshResult, 1);
  {
    DubanAreaTree tree = {
      duban_regions_get_n_areas (placed->regions),
      duban_regions_get_parents (placed->regions),
      duban_regions_get_county (placed->regions),
    };

    result->stats = duban_region_stats_compute (&tree, placed->tickets, placed->grid_of,
                                                &data->policy, data->calendar, &period,
                                                duban_ticket_filter_predicate, data->filter);
  }
  if (g_task_return_error_if_cancelled (task))
    {
      refresh_result_free (result);
      return;
    }

  for (guint i = 0; i < placed->tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (placed->tickets, i);
      DubanClusterPoint point;
      DubanSlaStatus status;

      if (isnan (placed->xs[i]))
        continue;
      duban_sla_evaluate (&data->policy, data->calendar, ticket, at, &status);
      if (!duban_ticket_filter_matches (data->filter, ticket, &status))
        continue;
      point.x = placed->xs[i];
      point.y = placed->ys[i];
      point.id = i;
      point.kind = duban_map_mark_for_state (status.state);
      g_array_append_val (points, point);
    }

  result->index = duban_cluster_index_new ((const DubanClusterPoint *) points->data, points->len);
  g_task_return_pointer (task, result, (GDestroyNotify) refresh_result_free);
}

static void
refreshed_cb (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  DubanMapPage *self = DUBAN_MAP_PAGE (object);
  g_autoptr(GError) error = NULL;
  RefreshResult *result;
  guint generation = GPOINTER_TO_UINT (user_data);

  result = g_task_propagate_pointer (G_TASK (res), &error);
  if (result == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot compute the map's figures: %s", error->message);
      return;
    }
  if (generation != self->refresh_generation)
    {
      refresh_result_free (result);
      return;
    }

  g_clear_pointer (&self->stats, duban_region_stats_free);
  self->stats = g_steal_pointer (&result->stats);
  duban_map_ticket_layer_set_index (self->ticket_layer, result->index);
  refresh_result_free (result);
  self->applied_refresh = generation;
  g_debug ("Map refreshed: %u tickets in %.0f ms", self->placed->tickets->len,
           (g_get_monotonic_time () - self->refresh_started) / 1000.0);

  duban_map_page_update_choropleth (self);
  duban_map_page_update_not_on_map (self);
  duban_map_page_update_side_panel (self);
}

static void
duban_map_page_start_refresh (DubanMapPage *self)
{
  g_autoptr(GTask) task = NULL;
  RefreshData *data;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->placed == NULL || self->session == NULL)
    return;

  g_cancellable_cancel (self->refresh_cancellable);
  g_clear_object (&self->refresh_cancellable);
  self->refresh_cancellable = g_cancellable_new ();
  self->refresh_generation++;
  self->refresh_started = g_get_monotonic_time ();

  data = g_new0 (RefreshData, 1);
  data->placed = duban_map_placed_ref (self->placed);
  data->filter = duban_ticket_filter_copy (self->filter);
  data->policy = *duban_session_get_policy (self->session);
  data->calendar = g_object_ref (duban_session_get_calendar (self->session));

  task = g_task_new (self, self->refresh_cancellable, refreshed_cb, GUINT_TO_POINTER (self->refresh_generation));
  g_task_set_source_tag (task, duban_map_page_start_refresh);
  g_task_set_task_data (task, data, (GDestroyNotify) refresh_data_free);
  g_task_run_in_thread (task, refresh_worker);
}

static gboolean
refresh_timeout (gpointer user_data)
{
  DubanMapPage *self = user_data;

  self->refresh_source = 0;
  duban_map_page_start_refresh (self);
  return G_SOURCE_REMOVE;
}

void
duban_map_page_schedule_refresh (DubanMapPage *self)
{
  /* Several filters change at once (a new period moves "as of" too):
   * one refresh for all of them. */
  if (self->refresh_source == 0 && self->placed != NULL)
    {
      self->refresh_generation++;   /* a result in flight is stale already */
      self->refresh_source = g_timeout_add (30, refresh_timeout, self);
    }
}
