/* duban-feed-client-pages.c — a sync's pages, read one ahead of the store
 *
 * Each page is fetched (again when it came cut off mid-JSON), cut into
 * records by duban-feed-page.c, its paging checked, and each record read
 * on its own into a batch for the store (duban_store_apply_page). The
 * ticket pages are read on a thread of their own, the next one while the
 * store commits the last, so that the network, the platform's work and
 * the parsing overlap with SQLite's.
 */

#define G_LOG_DOMAIN "duban-feed-client-pages"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-feed-client-private.h"
#include "duban-open311.h"
#include "duban-ticket.h"

/* ---- one page ----------------------------------------------------------- */

void
duban_feed_answer_clear (DubanFeedAnswer *answer)
{
  g_clear_pointer (&answer->page, duban_feed_page_free);
  g_clear_pointer (&answer->body, g_bytes_unref);
}

/* GET and cut into records, fetching again an answer cut off mid-JSON. */
gboolean
duban_feed_client_get_page (DubanFeedClient    *self,
                            SoupSession        *session,
                            DubanFeedWatchdog  *dog,
                            const char         *url,
                            DubanFeedPageKind   kind,
                            DubanFeedAnswer    *answer,
                            guint              *retries,
                            GCancellable       *cancellable,
                            GError            **error)
{
  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      guint status;

      duban_feed_answer_clear (answer);
      if (!(answer->body = duban_feed_client_http_get (self, session, dog, url, &status,
                                                       retries, cancellable, error)))
        return FALSE;
      answer->page = duban_feed_page_read (g_bytes_get_data (answer->body, NULL),
                                           g_bytes_get_size (answer->body), kind, &local_error);
      if (answer->page != NULL)
        {
          if (answer->page->envelope_problem != NULL)
            {
              g_set_error_literal (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_MALFORMED,
                                   answer->page->envelope_problem);
              duban_feed_answer_clear (answer);
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
      if (!duban_feed_sleep_cancellable (g_random_int_range (100 * 1000, 300 * 1000) * attempt, cancellable))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sync cancelled"));
          return FALSE;
        }
      (*retries)++;
    }
}

/* base + path + ?name=value&… with values escaped */
char *
duban_feed_client_api_url (DubanFeedClient *self,
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
             JsonParser            *parser,
             DubanSyncBatch        *batch)
{
  const char *raw = page->text + record->offset;
  g_autoptr(GError) invalid = NULL;
  g_autoptr(DubanTicket) ticket = NULL;
  g_autoptr(JsonNode) mapped = NULL;

  if (record->problem != NULL)
    g_set_error_literal (&invalid, DUBAN_TICKET_ERROR, DUBAN_TICKET_ERROR_INVALID, record->problem);
  else if (!open311)
    /* read from the tokens the cutter wrote: the record is not parsed again */
    ticket = duban_ticket_new_from_tokens (page->tokens, record->token, &invalid);
  else
    {
      /* no NUL, valid UTF-8, at most DUBAN_FEED_RECORD_MAX_DEPTH deep:
       * json-glib reads it as it is, for the Open311 mapping */
      if (!json_parser_load_from_data (parser, raw, record->length, &invalid))
        g_prefix_error (&invalid, "not readable: ");
      else if ((mapped = duban_open311_to_feed_ticket (json_parser_get_root (parser), &invalid)) != NULL)
        ticket = duban_ticket_new_from_json (mapped, &invalid);
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

DubanSyncBatch *
duban_feed_page_read_batch (const DubanFeedPage *page,
                            gboolean             open311,
                            DubanTime            received_at)
{
  DubanSyncBatch *batch = duban_sync_batch_new ();
  /* one parser for the page: each load replaces the last record's tree */
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  TimeBound bound = { 0 };

  /* GeoReport v2 has no server time: the workstation's clock it is */
  time_bound_init (&bound, open311 ? NULL : page->server_time);
  batch->received_at = received_at;
  for (guint i = 0; i < page->records->len; i++)
    read_record (page, &g_array_index (page->records, DubanFeedRecord, i), open311, &bound, parser, batch);
  g_free (bound.authority);

  if (page->deleted_ids != NULL)
    for (guint i = 0; i < page->deleted_ids->len; i++)
      g_ptr_array_add (batch->deleted_ids, g_strdup (g_ptr_array_index (page->deleted_ids, i)));

  return batch;
}

/* What a page says of the paging, checked before anything of it is
 * stored: at most the page size, a sync token on the last page, and no
 * page token seen before in this sync. */
static gboolean
check_paging (DubanFeedClient      *self,
              const DubanFeedPage  *page,
              const char           *page_token,
              GHashTable           *tokens_seen,
              GError              **error)
{
  /* a page holds at most what was asked for: anything more is not the
   * contract's paging, and a million junk entries would otherwise
   * flood the quarantine */
  if (page->records->len > self->page_size)
    {
      g_set_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_MALFORMED,
                   _("The platform sent %u tickets in a page of at most %u"),
                   page->records->len, self->page_size);
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

/* Whether a page brings anything new to this sync: a ticket not seen in
 * it, or one that changed since (a deletion the store makes counts too:
 * duban-feed-client-sync.c). @ids_seen maps an id to the greatest
 * updated_at read for it in this sync. */
static gboolean
page_brings_tickets (const DubanSyncBatch *batch,
                     GHashTable           *ids_seen)
{
  gboolean progressed = FALSE;

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

/* ---- one page ahead ----------------------------------------------------- */

struct _DubanPageReader
{
  DubanFeedClient *client;
  char            *sync_token;
  GCancellable    *cancellable;   /* the reader's own: stopping it cancels what is under way */
  GCancellable    *caller;        /* the sync's, which cancels the reader's */
  gulong           caller_handler;
  GAsyncQueue     *pages;         /* DubanReadPage*, in order */
  GAsyncQueue     *room;          /* a token per page the reader may read; STOP ends it */
  GThread         *thread;
};

#define STOP GINT_TO_POINTER (2)
#define GO GINT_TO_POINTER (1)

void
duban_read_page_free (DubanReadPage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->batch, duban_sync_batch_free);
  duban_feed_answer_clear (&page->answer);
  g_clear_error (&page->error);
  g_free (page);
}

/* The page after @page_token (or the first), fetched, cut, checked and
 * read into a batch. */
static void
read_one (DubanPageReader    *r,
          SoupSession        *session,
          DubanFeedWatchdog  *dog,
          const char         *page_token,
          gboolean            first,
          GHashTable         *tokens_seen,
          DubanReadPage      *page)
{
  DubanFeedClient *self = r->client;
  g_autofree char *limit = g_strdup_printf ("%u", self->page_size);
  g_autofree char *url = NULL;
  DubanTime received_at = duban_time_now ();
  DubanSyncBatch *batch;

  /* A page token is opaque and carries its own position, so only the
   * first request names the sync token. */
  url = duban_feed_client_api_url (self, "/api/v1/tickets",
                                   "limit", limit,
                                   "sync_token", page_token == NULL ? r->sync_token : NULL,
                                   "page_token", page_token,
                                   NULL);

  if (!duban_feed_client_get_page (self, session, dog, url, DUBAN_FEED_PAGE_TICKETS, &page->answer,
                                   &page->retries, r->cancellable, &page->error))
    return;
  if (!check_paging (self, page->answer.page, page_token, tokens_seen, &page->error))
    return;

  batch = page->batch = duban_feed_page_read_batch (page->answer.page, FALSE, received_at);
  /* A full sync lists every ticket the platform has; whatever the store
   * has beyond them was deleted while we were not looking (an expired
   * token, another platform's leftovers), and goes with the last page. */
  batch->full = (r->sync_token == NULL);
  batch->first = first;
  if (!page->answer.page->has_next)
    {
      batch->sync_token = g_strdup (page->answer.page->sync_token);
      batch->feed_url = g_strdup (self->base_url);
    }
}

/* The pages in order, each read while the store commits the one before
 * (its own session: a SoupSession is used from one thread). After a page
 * that brings no ticket new to this sync the reader waits for the store's
 * word: the paging may be looping, and a page fetched ahead would be a
 * request the loop did not need. */
static gpointer
reader_thread_cb (gpointer data)
{
  DubanPageReader *r = data;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GHashTable) tokens_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) ids_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *page_token = NULL;
  DubanFeedWatchdog *dog = duban_feed_watchdog_new ();
  GError *error = NULL;

  if ((session = duban_feed_client_create_session (r->client, &error)) == NULL)
    {
      DubanReadPage *page = g_new0 (DubanReadPage, 1);

      page->error = error;
      g_async_queue_push (r->pages, page);
    }

  for (gboolean first = TRUE; session != NULL; first = FALSE)
    {
      DubanReadPage *page;
      gboolean done;

      if (g_async_queue_pop (r->room) == STOP)
        break;

      page = g_new0 (DubanReadPage, 1);
      read_one (r, session, dog, page_token, first, tokens_seen, page);
      if (page->batch != NULL)
        {
          page->brings_tickets = page_brings_tickets (page->batch, ids_seen);
          g_free (page_token);
          page_token = g_strdup (page->answer.page->next_page_token);
        }
      /* once pushed the page is the store's, and may be gone */
      done = page->batch == NULL || page->batch->sync_token != NULL;
      g_async_queue_push (r->pages, page);
      if (done)
        break;
    }

  duban_feed_watchdog_free (dog);
  return NULL;
}

static void
caller_cancelled_cb (GCancellable *caller,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

DubanPageReader *
duban_page_reader_start (DubanFeedClient *client,
                         const char      *sync_token,
                         GCancellable    *cancellable)
{
  DubanPageReader *r = g_new0 (DubanPageReader, 1);

  r->client = g_object_ref (client);
  r->sync_token = g_strdup (sync_token);
  r->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      r->caller = g_object_ref (cancellable);
      r->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                 g_object_ref (r->cancellable), g_object_unref);
    }
  r->pages = g_async_queue_new_full ((GDestroyNotify) duban_read_page_free);
  r->room = g_async_queue_new ();
  /* the first page; then one more each time the store takes one */
  g_async_queue_push (r->room, GO);
  r->thread = g_thread_new ("duban-sync-pages", reader_thread_cb, r);
  return r;
}

DubanReadPage *
duban_page_reader_next (DubanPageReader *r)
{
  DubanReadPage *page = g_async_queue_pop (r->pages);

  /* the next one is read while this one is stored, unless the paging
   * may be looping (duban_page_reader_go_on) */
  if (page->batch != NULL && page->batch->sync_token == NULL && page->brings_tickets)
    g_async_queue_push (r->room, GO);
  return page;
}

void
duban_page_reader_go_on (DubanPageReader *r)
{
  g_async_queue_push (r->room, GO);
}

void
duban_page_reader_stop (DubanPageReader *r)
{
  if (r == NULL)
    return;

  g_async_queue_push (r->room, STOP);
  g_cancellable_cancel (r->cancellable);
  g_thread_join (r->thread);
  if (r->caller != NULL)
    {
      g_cancellable_disconnect (r->caller, r->caller_handler);
      g_object_unref (r->caller);
    }
  g_async_queue_unref (r->pages);
  g_async_queue_unref (r->room);
  g_object_unref (r->cancellable);
  g_object_unref (r->client);
  g_free (r->sync_token);
  g_free (r);
}
