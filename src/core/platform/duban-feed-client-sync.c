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

typedef struct {
  GBytes        *body;
  DubanFeedPage *page;
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->page, duban_feed_page_free);
  g_clear_pointer (&answer->body, g_bytes_unref);
}

/* GET and cut into records, fetching again an answer cut off mid-JSON. */
static gboolean
get_page (SyncRun            *run,
          const char         *url,
          DubanFeedPageKind   kind,
          Answer             *answer,
          GError            **error)
{
  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      guint status;

      answer_clear (answer);
      if (!(answer->body = duban_feed_client_http_get (run->self, run->session, run->watchdog, url, &status,
                                     &run->stats->retries, run->cancellable, error)))
        return FALSE;
      answer->page = duban_feed_page_read (g_bytes_get_data (answer->body, NULL),
                                           g_bytes_get_size (answer->body), kind, &local_error);
      if (answer->page != NULL)
        {
          if (answer->page->envelope_problem != NULL)
            {
              g_set_error_literal (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_MALFORMED,
                                   answer->page->envelope_problem);
              answer_clear (answer);
              return FALSE;
            }
          return TRUE;
        }

      if (attempt >= MAX_MALFORMED_ATTEMPTS)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_debug ("GET %s: %s; fetching it again", url, local_error->message);
      if (!duban_feed_sleep_cancellable (g_random_int_range (100 * 1000, 300 * 1000) * attempt, run->cancellable))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sync cancelled"));
          return FALSE;
        }
      run->stats->retries++;
    }
}

/* base + path + ?name=value&… with values escaped */
static char *
api_url (DubanFeedClient *self,
         const char      *path,
         const char      *first_param,
         ...)
{
  GString *url = g_string_new (self->base_url);
  const char *name = first_param;
  gboolean first = TRUE;
  va_list args;

  g_string_append (url, path);

  va_start (args, first_param);
  while (name != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        {
          g_string_append_c (url, first ? '?' : '&');
          g_string_append (url, name);
          g_string_append_c (url, '=');
          g_string_append_uri_escaped (url, value, NULL, FALSE);
          first = FALSE;
        }
      name = va_arg (args, const char *);
    }
  va_end (args);

  return g_string_free (url, FALSE);
}

/* What a page's tickets may be stamped with at the latest. */
typedef struct {
  DubanTime   latest;
  char       *authority;   /* "the platform's server_time …", for the reason */
} TimeBound;

static void
time_bound_init (TimeBound  *bound,
                 const char *server_time)
{
  DubanTime server = DUBAN_TIME_NONE;

  if (server_time != NULL && !duban_time_parse_rfc3339 (server_time, &server, NULL))
    server = DUBAN_TIME_NONE;

  if (server != DUBAN_TIME_NONE)
    {
      bound->latest = server + SERVER_TIME_SKEW;
      bound->authority = g_strdup_printf ("later than the platform's server_time %s plus 5 minutes", server_time);
    }
  else
    {
      bound->latest = duban_time_now () + MAX_FUTURE_SKEW;
      bound->authority = g_strdup ("later than this workstation's clock plus 24 hours: the page has no server_time");
    }
}

/* Validates one record and adds it to the page's batch, as a ticket or
 * for quarantine. The record is read on its own, from its own bytes:
 * what it breaks is its alone. */
static void
read_record (const DubanFeedPage   *page,
             const DubanFeedRecord *record,
             gboolean               open311,
             const TimeBound       *bound,
             DubanSyncBatch        *batch)
{
  const char *raw = page->text + record->offset;
  g_autoptr(GError) invalid = NULL;
  g_autoptr(DubanTicket) ticket = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonNode) mapped = NULL;

  if (record->problem != NULL)
    g_set_error_literal (&invalid, DUBAN_TICKET_ERROR, DUBAN_TICKET_ERROR_INVALID, record->problem);
  else
    {
      /* no NUL, valid UTF-8, at most DUBAN_FEED_RECORD_MAX_DEPTH deep:
       * json-glib reads it as it is */
      parser = json_parser_new_immutable ();
      if (!json_parser_load_from_data (parser, raw, record->length, &invalid))
        g_prefix_error (&invalid, "not readable: ");
      else if (open311)
        {
          if ((mapped = duban_open311_to_feed_ticket (json_parser_get_root (parser), &invalid)) != NULL)
            ticket = duban_ticket_new_from_json (mapped, &invalid);
        }
      else
        ticket = duban_ticket_new_from_json (json_parser_get_root (parser), &invalid);
    }

  if (ticket != NULL && !duban_ticket_check_times (ticket, bound->latest, &invalid))
    {
      g_autofree char *reason = g_strdup_printf ("%s (%s)", invalid->message, bound->authority);

      g_clear_error (&invalid);
      g_set_error_literal (&invalid, DUBAN_TICKET_ERROR, DUBAN_TICKET_ERROR_INVALID, reason);
      g_clear_pointer (&ticket, duban_ticket_free);
    }

  if (ticket != NULL)
    duban_sync_batch_add_ticket (batch, g_steal_pointer (&ticket), record->id, record->id_valid);
  else
    {
      g_assert (invalid != NULL);
      duban_sync_batch_add_quarantine (batch, record->id, record->id_valid, invalid->message,
                                       raw, record->length);
    }
}

/* A page's records, read into a batch for the store. */
static DubanSyncBatch *
read_page (const DubanFeedPage *page,
           gboolean             open311,
           DubanTime            received_at)
{
  DubanSyncBatch *batch = duban_sync_batch_new ();
  TimeBound bound = { 0 };

  /* GeoReport v2 has no server time: the workstation's clock it is */
  time_bound_init (&bound, open311 ? NULL : page->server_time);
  batch->received_at = received_at;
  for (guint i = 0; i < page->records->len; i++)
    read_record (page, &g_array_index (page->records, DubanFeedRecord, i), open311, &bound, batch);
  g_free (bound.authority);

  if (page->deleted_ids != NULL)
    for (guint i = 0; i < page->deleted_ids->len; i++)
      g_ptr_array_add (batch->deleted_ids, g_strdup (g_ptr_array_index (page->deleted_ids, i)));

  return batch;
}

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
  g_autofree char *regions_url = api_url (self, "/api/v1/regions", NULL);
  g_autofree char *units_url = api_url (self, "/api/v1/units", NULL);
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
      g_autofree char *url = api_url (self, "/api/v1/calendar", "year", year_text, NULL);
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

/* What a page says of the paging, checked before anything of it is
 * stored: at most the page size, a sync token on the last page, and no
 * page token seen before in this sync. */
static gboolean
check_paging (SyncRun              *run,
              const DubanFeedPage  *page,
              const char           *page_token,
              GHashTable           *tokens_seen,
              GError              **error)
{
  /* a page holds at most what was asked for: anything more is not the
   * contract's paging, and a million junk entries would otherwise
   * flood the quarantine */
  if (page->records->len > run->self->page_size)
    {
      g_set_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_MALFORMED,
                   _("The platform sent %u tickets in a page of at most %u"),
                   page->records->len, run->self->page_size);
      return FALSE;
    }

  if (!page->has_next)
    {
      if (page->sync_token == NULL || *page->sync_token == '\0')
        {
          g_set_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_MALFORMED,
                       _("The platform's last page has no 'sync_token'"));
          return FALSE;
        }
    }
  else if (!g_hash_table_add (tokens_seen, g_strdup (page->next_page_token)) ||
           g_strcmp0 (page->next_page_token, page_token) == 0)
    {
      /* the same page again, and again: a loop, not a feed */
      g_set_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_MALFORMED,
                   _("The platform sent the page token '%s' a second time in one sync; its paging loops, so the sync stops"),
                   page->next_page_token);
      return FALSE;
    }

  return TRUE;
}

/* Whether a stored page brought anything new to this sync: a ticket not
 * seen in it, one that changed since, or a deletion. @ids_seen maps an
 * id to the greatest updated_at stored for it in this sync. */
static gboolean
page_progressed (const DubanSyncBatch *batch,
                 GHashTable           *ids_seen)
{
  gboolean progressed = batch->deleted > 0;

  for (guint i = 0; i < batch->records->len; i++)
    {
      const DubanSyncRecord *record = &g_array_index (batch->records, DubanSyncRecord, i);
      DubanTime updated_at = record->ticket != NULL ? record->ticket->updated_at : DUBAN_TIME_NONE;
      DubanTime *seen;

      if (record->id == NULL || !record->id_valid)
        continue;

      /* new: a ticket not seen in this sync, or one that changed since;
       * the same copy again is not (the store counts it "updated", since
       * ties go to the later one received) */
      seen = g_hash_table_lookup (ids_seen, record->id);
      if (seen == NULL)
        {
          seen = g_new (DubanTime, 1);
          *seen = updated_at;
          g_hash_table_insert (ids_seen, g_strdup (record->id), seen);
          progressed = TRUE;
        }
      else if (updated_at > *seen)
        {
          *seen = updated_at;
          progressed = TRUE;
        }
    }

  return progressed;
}

static gboolean
sync_tickets (SyncRun     *run,
              const char  *sync_token,
              GError     **error)
{
  DubanFeedClient *self = run->self;
  g_autofree char *page_token = NULL;
  g_autofree char *limit = g_strdup_printf ("%u", self->page_size);
  g_autoptr(GHashTable) tokens_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) ids_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gboolean full = (sync_token == NULL);
  guint idle_pages = 0;

  run->stats->full = full;

  for (gboolean first = TRUE; ; first = FALSE)
    {
      g_autofree char *url = NULL;
      g_autoptr(DubanSyncBatch) batch = NULL;
      Answer answer = { 0 };
      DubanTime received_at = duban_time_now ();
      gboolean last;

      /* A page token is opaque and carries its own position, so only the
       * first request names the sync token. */
      url = api_url (self, "/api/v1/tickets",
                     "limit", limit,
                     "sync_token", page_token == NULL ? sync_token : NULL,
                     "page_token", page_token,
                     NULL);

      if (!get_page (run, url, DUBAN_FEED_PAGE_TICKETS, &answer, error))
        return FALSE;
      if (!check_paging (run, answer.page, page_token, tokens_seen, error))
        {
          answer_clear (&answer);
          return FALSE;
        }

      last = !answer.page->has_next;
      batch = read_page (answer.page, FALSE, received_at);
      /* A full sync lists every ticket the platform has; whatever the
       * store has beyond them was deleted while we were not looking (an
       * expired token, another platform's leftovers), and goes with the
       * last page. */
      batch->full = full;
      batch->first = first;
      if (last)
        {
          batch->sync_token = g_strdup (answer.page->sync_token);
          batch->feed_url = g_strdup (self->base_url);
        }
      g_free (page_token);
      page_token = g_strdup (answer.page->next_page_token);

      if (!duban_store_apply_page (run->store, batch, error))
        {
          answer_clear (&answer);
          return FALSE;
        }
      answer_clear (&answer);

      count_page (run, batch);
      report_progress (run);
      if (last)
        return TRUE;

      idle_pages = page_progressed (batch, ids_seen) ? 0 : idle_pages + 1;
      if (idle_pages >= MAX_IDLE_PAGES)
        {
          g_set_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_MALFORMED,
                       _("The platform sent %u pages in a row with nothing new; its paging loops, so the sync stops"),
                       idle_pages);
          return FALSE;
        }

      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;
    }
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
  g_autofree char *url = api_url (run->self, "/requests.json",
                                  "start_date", start_text, "end_date", end_text, NULL);
  g_autoptr(DubanSyncBatch) batch = NULL;
  Answer answer = { 0 };
  DubanTime received_at = duban_time_now ();
  gboolean ok;

  if (!get_page (run, url, DUBAN_FEED_PAGE_OPEN311, &answer, error))
    return FALSE;

  batch = read_page (answer.page, TRUE, received_at);
  ok = duban_store_apply_page (run->store, batch, error);
  answer_clear (&answer);
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

