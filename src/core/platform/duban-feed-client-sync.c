/* duban-feed-client-sync.c — one sync: pages into the store
 *
 * A full or incremental sync follows the pages to the end; each page is
 * cut into records (duban-feed-page.c), each record validated alone and
 * stored in the page's transaction; the token advances with the last
 * page. The async wrapper runs it on a worker thread and brings progress
 * back to the caller's main context.
 */

#define G_LOG_DOMAIN "duban-feed-client-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "duban-feed-client-private.h"
#include "duban-feed-page.h"
#include "duban-open311.h"
#include "duban-store-reference.h"
#include "duban-store.h"
#include "duban-ticket.h"

/* ---- one sync ----------------------------------------------------------- */

typedef struct {
  DubanFeedClient   *self;
  SoupSession       *session;
  DubanStore        *store;
  DubanSyncStats    *stats;
  DubanSyncProgress  progress;
  gpointer           progress_data;
  GCancellable      *cancellable;
  DubanFeedWatchdog *watchdog;
} SyncRun;

/* What the store made of a page, in the sync's figures. */
static void
count_page (SyncRun              *run,
            const DubanSyncBatch *batch)
{
  for (guint i = 0; i < batch->records->len; i++)
    {
      const DubanSyncRecord *record = &g_array_index (batch->records, DubanSyncRecord, i);

      run->stats->tickets++;
      if (record->ticket == NULL)
        {
          run->stats->quarantined++;
          continue;
        }
      switch (record->result)
        {
        case DUBAN_UPSERT_INSERTED: run->stats->inserted++; break;
        case DUBAN_UPSERT_UPDATED: run->stats->updated++; break;
        case DUBAN_UPSERT_KEPT_NEWER: run->stats->unchanged++; break;
        default: g_assert_not_reached ();
        }
    }
  run->stats->deleted += batch->deleted + batch->swept;
  run->stats->pages++;
}

static void
report_progress (SyncRun *run)
{
  if (run->progress != NULL)
    run->progress (run->stats, run->progress_data);
}

/* Regions, units and the calendar: reference data, fetched before the
 * tickets. A platform that lacks one of them (404) is not an error. */
static gboolean
sync_reference_data (SyncRun  *run,
                     GError  **error)
{
  DubanFeedClient *self = run->self;
  g_autoptr(GBytes) regions = NULL;
  g_autoptr(GBytes) units = NULL;
  g_autofree char *regions_url = duban_feed_client_api_url (self, "/api/v1/regions", NULL);
  g_autofree char *units_url = duban_feed_client_api_url (self, "/api/v1/units", NULL);
  g_autoptr(GError) local_error = NULL;
  guint status;
  int year;

  regions = duban_feed_client_http_get (self, run->session, run->watchdog, regions_url, &status, &run->stats->retries, run->cancellable, &local_error);
  if (regions == NULL && status != 404)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_error (&local_error);

  units = duban_feed_client_http_get (self, run->session, run->watchdog, units_url, &status, &run->stats->retries, run->cancellable, &local_error);
  if (units == NULL && status != 404)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_error (&local_error);

  if (!duban_store_begin (run->store, error))
    return FALSE;

  if (regions != NULL)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (regions, NULL), g_bytes_get_size (regions));

      if (!duban_store_replace_regions (run->store, text, &local_error))
        {
          duban_store_rollback (run->store);
          g_set_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_MALFORMED,
                       _("The platform's regions are malformed: %s"), local_error->message);
          return FALSE;
        }
    }

  if (units != NULL)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (units, NULL), g_bytes_get_size (units));

      if (!duban_store_replace_units (run->store, text, &local_error))
        {
          duban_store_rollback (run->store);
          g_set_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_MALFORMED,
                       _("The platform's units are malformed: %s"), local_error->message);
          return FALSE;
        }
    }

  /* Last year's table decides deadlines of tickets received last December. */
  year = 0;
  duban_day_to_ymd (duban_day_of_time (duban_time_now ()), &year, NULL, NULL);
  for (int y = year - 1; y <= year + 1; y++)
    {
      g_autofree char *year_text = g_strdup_printf ("%d", y);
      g_autofree char *url = duban_feed_client_api_url (self, "/api/v1/calendar", "year", year_text, NULL);
      g_autoptr(GBytes) body = NULL;
      g_autofree char *text = NULL;
      g_autoptr(DubanCalendar) check = duban_calendar_new_empty ();

      body = duban_feed_client_http_get (self, run->session, run->watchdog, url, &status, &run->stats->retries, run->cancellable, &local_error);
      if (body == NULL)
        {
          if (status == 404)
            {
              g_clear_error (&local_error);
              continue;
            }
          duban_store_rollback (run->store);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      /* validate before caching: a bad table would shift every deadline */
      if (!duban_calendar_load_json (check, text, -1, DUBAN_CALENDAR_SOURCE_PLATFORM, &local_error))
        {
          duban_store_rollback (run->store);
          g_set_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_MALFORMED,
                       _("The platform's calendar for %d is malformed: %s"), y, local_error->message);
          return FALSE;
        }

      if (!duban_store_save_calendar (run->store, y, text, error))
        {
          duban_store_rollback (run->store);
          return FALSE;
        }
    }

  return duban_store_commit (run->store, error);
}

/* The ticket pages, each stored as it comes while the next one is read
 * (duban-feed-client-pages.c). */
static gboolean
sync_tickets (SyncRun     *run,
              const char  *sync_token,
              GError     **error)
{
  DubanPageReader *reader;
  guint idle_pages = 0;
  gboolean ok = FALSE;

  run->stats->full = (sync_token == NULL);
  reader = duban_page_reader_start (run->self, sync_token, run->cancellable);

  for (;;)
    {
      g_autoptr(DubanReadPage) page = duban_page_reader_next (reader);
      gboolean last;

      run->stats->retries += page->retries;
      if (page->batch == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&page->error));
          break;
        }

      last = page->batch->sync_token != NULL;
      if (!duban_store_apply_page (run->store, page->batch, error))
        break;
      count_page (run, page->batch);
      report_progress (run);
      if (last)
        {
          ok = TRUE;
          break;
        }

      /* A page token seen before is a loop (the reader says so); a
       * platform that hands out fresh tokens over the same tickets loops
       * too */
      idle_pages = page->brings_tickets || page->batch->deleted > 0 ? 0 : idle_pages + 1;
      if (idle_pages >= MAX_IDLE_PAGES)
        {
          g_set_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_MALFORMED,
                       _("The platform sent %u pages in a row with nothing new; its paging loops, so the sync stops"),
                       idle_pages);
          break;
        }
      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        break;
      if (!page->brings_tickets)
        duban_page_reader_go_on (reader);
    }

  duban_page_reader_stop (reader);
  return ok;
}

/* One window of Open311 requests, [start, end), in one transaction. */
static gboolean
sync_open311_window (SyncRun    *run,
                     DubanTime   start,
                     DubanTime   end,
                     GError    **error)
{
  g_autofree char *start_text = duban_time_format_rfc3339 (start);
  g_autofree char *end_text = duban_time_format_rfc3339 (end);
  g_autofree char *url = duban_feed_client_api_url (run->self, "/requests.json",
                                  "start_date", start_text, "end_date", end_text, NULL);
  g_autoptr(DubanSyncBatch) batch = NULL;
  DubanFeedAnswer answer = { 0 };
  DubanTime received_at = duban_time_now ();
  gboolean ok;

  if (!duban_feed_client_get_page (run->self, run->session, run->watchdog, url, DUBAN_FEED_PAGE_OPEN311,
                                   &answer, &run->stats->retries, run->cancellable, error))
    return FALSE;

  batch = duban_feed_page_read_batch (answer.page, TRUE, received_at);
  ok = duban_store_apply_page (run->store, batch, error);
  duban_feed_answer_clear (&answer);
  if (!ok)
    return FALSE;

  count_page (run, batch);
  report_progress (run);
  return TRUE;
}

/* GeoReport v2 has no change feed: the desk reads the last year of
 * requests in windows of at most 90 days (what servers commonly allow),
 * newest first so that the open ones arrive early, each window its own
 * transaction. */
static gboolean
sync_open311 (SyncRun  *run,
              GError  **error)
{
  DubanTime now = duban_time_now ();
  DubanTime oldest = now - OPEN311_HISTORY_DAYS * DUBAN_USEC_PER_DAY;
  g_autofree char *now_text = NULL;

  run->stats->full = TRUE;

  /* end is exclusive of nothing the platform may stamp "now": a minute
   * ahead covers a clock slightly ahead of ours */
  for (DubanTime end = now + 60 * DUBAN_USEC_PER_SECOND; end > oldest; end -= OPEN311_WINDOW_DAYS * DUBAN_USEC_PER_DAY)
    {
      DubanTime start = MAX (oldest, end - OPEN311_WINDOW_DAYS * DUBAN_USEC_PER_DAY);

      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;
      if (!sync_open311_window (run, start, end, error))
        return FALSE;
    }

  now_text = duban_time_format_rfc3339 (duban_time_now ());
  if (!duban_store_begin (run->store, error))
    return FALSE;
  if (!duban_store_set_state (run->store, "feed_url", run->self->base_url, error) ||
      !duban_store_set_state (run->store, "last_sync_at", now_text, error) ||
      !duban_store_commit (run->store, error))
    {
      duban_store_rollback (run->store);
      return FALSE;
    }
  return TRUE;
}

static gboolean
sync_run (SyncRun  *run,
          GError  **error)
{
  DubanFeedClient *self = run->self;
  g_autofree char *sync_token = NULL;
  g_autofree char *stored_url = NULL;
  g_autoptr(GError) local_error = NULL;

  if (self->open311)
    return sync_open311 (run, error);

  /* A token is only meaningful to the platform that issued it. */
  stored_url = duban_store_get_state (run->store, "feed_url");
  if (g_strcmp0 (stored_url, self->base_url) == 0)
    sync_token = duban_store_get_state (run->store, "sync_token");

  if (sync_token == NULL && !sync_reference_data (run, error))
    return FALSE;

  if (sync_tickets (run, sync_token, &local_error))
    return TRUE;

  if (sync_token != NULL && g_error_matches (local_error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_GONE))
    {
      /* 410: our token expired. Start over with a full sync; local
       * records are in other tables and are not touched. */
      g_debug ("sync token expired; doing a full sync");
      g_clear_error (&local_error);
      memset (run->stats, 0, sizeof *run->stats);
      if (!sync_reference_data (run, error))
        return FALSE;
      return sync_tickets (run, NULL, error);
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* Each attempt and its outcome, in sync_state, so the desk can say how
 * long it has been working offline: last_attempt_at, last_error (absent
 * after a success) and offline_since (the first failure after the last
 * success). Best effort: a store too broken to record this has already
 * said so through the sync's own error. */
static void
record_attempt (DubanStore   *store,
                const char   *key,
                const GError *failure)
{
  g_autofree char *now = duban_time_format_rfc3339 (duban_time_now ());
  g_autofree char *offline_since = NULL;
  g_autoptr(GError) error = NULL;

  if (!duban_store_begin (store, &error))
    goto failed;

  if (key != NULL)
    {
      if (!duban_store_set_state (store, key, now, &error))
        goto rollback;
    }
  else if (failure == NULL)
    {
      if (!duban_store_set_state (store, "last_error", NULL, &error) ||
          !duban_store_set_state (store, "offline_since", NULL, &error))
        goto rollback;
    }
  else
    {
      offline_since = duban_store_get_state (store, "offline_since");
      if (!duban_store_set_state (store, "last_error", failure->message, &error) ||
          (offline_since == NULL && !duban_store_set_state (store, "offline_since", now, &error)))
        goto rollback;
    }

  if (duban_store_commit (store, &error))
    return;

rollback:
  duban_store_rollback (store);
failed:
  g_debug ("could not record the sync attempt: %s", error->message);
}

gboolean
duban_feed_client_sync (DubanFeedClient    *self,
                        const char         *store_path,
                        DubanSyncStats     *stats,
                        DubanSyncProgress   progress,
                        gpointer            progress_data,
                        GCancellable       *cancellable,
                        GError            **error)
{
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) local_error = NULL;
  DubanSyncStats local_stats = { 0 };
  SyncRun run;

  g_return_val_if_fail (DUBAN_IS_FEED_CLIENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (stats == NULL)
    stats = &local_stats;
  memset (stats, 0, sizeof *stats);

  if (!(store = duban_store_open (store_path, error)))
    return FALSE;

  record_attempt (store, "last_attempt_at", NULL);

  if ((session = duban_feed_client_create_session (self, &local_error)) != NULL)
    {
      gboolean ok;

      run = (SyncRun) { self, session, store, stats, progress, progress_data, cancellable,
                        duban_feed_watchdog_new () };
      ok = sync_run (&run, &local_error);
      duban_feed_watchdog_free (run.watchdog);
      if (ok)
        {
          record_attempt (store, NULL, NULL);
          return TRUE;
        }
    }

  /* a cancel is the user's choice, not the platform being away */
  if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    record_attempt (store, NULL, local_error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* ---- async wrapper ------------------------------------------------------ */

typedef struct {
  char              *store_path;
  DubanSyncProgress  progress;
  gpointer           progress_data;
  GMainContext      *context;
  DubanSyncStats     stats;
} SyncTaskData;

static void
sync_task_data_free (SyncTaskData *data)
{
  g_free (data->store_path);
  g_main_context_unref (data->context);
  g_free (data);
}

typedef struct {
  SyncTaskData   *data;
  GTask          *task;   /* keeps data alive until delivered */
  DubanSyncStats  stats;
} ProgressEvent;

static gboolean
deliver_progress (gpointer user_data)
{
  ProgressEvent *event = user_data;

  event->data->progress (&event->stats, event->data->progress_data);

  return G_SOURCE_REMOVE;
}

static void
progress_event_free (gpointer user_data)
{
  ProgressEvent *event = user_data;

  g_object_unref (event->task);
  g_free (event);
}

static void
progress_from_thread (const DubanSyncStats *stats,
                      gpointer              user_data)
{
  GTask *task = user_data;
  SyncTaskData *data = g_task_get_task_data (task);
  ProgressEvent *event = g_new0 (ProgressEvent, 1);

  event->data = data;
  event->task = g_object_ref (task);
  event->stats = *stats;
  g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT,
                              deliver_progress, event, progress_event_free);
}

static void
sync_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  DubanFeedClient *self = source_object;
  SyncTaskData *data = task_data;
  GError *error = NULL;

  if (duban_feed_client_sync (self, data->store_path, &data->stats,
                              data->progress ? progress_from_thread : NULL, task,
                              cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
duban_feed_client_sync_async (DubanFeedClient     *self,
                              const char          *store_path,
                              DubanSyncProgress    progress,
                              gpointer             progress_data,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SyncTaskData *data;

  g_return_if_fail (DUBAN_IS_FEED_CLIENT (self));

  data = g_new0 (SyncTaskData, 1);
  data->store_path = g_strdup (store_path);
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, duban_feed_client_sync_async);
  g_task_set_task_data (task, data, (GDestroyNotify) sync_task_data_free);
  g_task_run_in_thread (task, sync_thread);
}

gboolean
duban_feed_client_sync_finish (DubanFeedClient  *self,
                               GAsyncResult     *result,
                               DubanSyncStats   *stats,
                               GError          **error)
{
  GTask *task = G_TASK (result);

  g_return_val_if_fail (DUBAN_IS_FEED_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (task) == duban_feed_client_sync_async, FALSE);

  if (stats != NULL)
    *stats = ((SyncTaskData *) g_task_get_task_data (task))->stats;

  return g_task_propagate_boolean (task, error);
}

