/* duban-feed-server.c — the reference ticket platform (docs/feed-api.md)
 *
 * One SoupServer handler takes every request, so that authentication,
 * routing and (later) injected faults happen in one place, in order.
 *
 * Sync tokens and page tokens are base64url text of "v1:s:<upper>" and
 * "v1:p:<f|i>:<since>:<after>:<upper>": opaque to clients, but carrying
 * the upper sequence a sync started at, which is what keeps every page of
 * one sync consistent while changes keep arriving.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "duban-feed-server"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "duban-calendar.h"
#include "duban-county-generator.h"
#include "duban-feed-json.h"
#include "duban-feed-open311.h"
#include "duban-feed-server.h"
#include "duban-feed-store.h"

#define API_PREFIX          "/api/v1"
#define OPEN311_PREFIX      "/open311"
#define SUPERVISIONS_SUFFIX "/supervisions"
#define JSON_CONTENT_TYPE   "application/json; charset=utf-8"

struct _DubanFeedServer
{
  GObject          parent_instance;

  DubanFeedOptions options;
  char            *token;
  DubanTime        now;
  gboolean         now_pinned;

  DubanCounty     *county;
  DubanFeedStore  *store;
  DubanCalendar   *calendar;
  DubanSlaPolicy   policy;

  SoupServer      *soup;
  guint            port;

  /* Sync tokens below this answer 410 Gone. Zero while the log is never
   * compacted; a long-running live server will raise it. */
  gint64           oldest_sync_seq;

  DubanFeedFaults  faults;
  GRand           *fault_rand;
  gint64           started;        /* monotonic: a live pinned clock runs from here */
  guint            live_source;
  GRand           *live_rand;
  GPtrArray       *live_ids;       /* char*: ids a live step may change */
  DubanTime        live_time;      /* the last live change's time */
  guint            live_serial;
  GPtrArray       *pending_replies; /* PendingReply*: orders a unit has yet to answer */
};

/* An order received and not yet answered: the unit answers after a few
 * live steps, or, for a unit that lets it slide, only once the reply
 * deadline has passed. */
typedef struct
{
  char    *ticket_id;
  char    *client_id;
  guint    steps_left;
  gboolean late;
} PendingReply;

static void
pending_reply_free (PendingReply *pending)
{
  g_free (pending->ticket_id);
  g_free (pending->client_id);
  g_free (pending);
}

G_DEFINE_FINAL_TYPE (DubanFeedServer, duban_feed_server, G_TYPE_OBJECT)

/* Where a page starts and the sync it belongs to. */
typedef struct
{
  gboolean incremental;
  gint64   since;   /* the sync token's sequence; 0 for a full sync */
  gint64   after;   /* the last sequence already served */
  gint64   upper;   /* the snapshot: nothing newer belongs to this sync */
} SyncCursor;

void
duban_feed_options_init (DubanFeedOptions *options)
{
  g_return_if_fail (options != NULL);

  *options = (DubanFeedOptions) {
    .seed = DUBAN_FEED_DEFAULT_SEED,
    .n_tickets = DUBAN_FEED_DEFAULT_TICKETS,
    .now = DUBAN_TIME_NONE,
    .token = NULL,
    .n_invalid = 0,
    .page_size = DUBAN_FEED_DEFAULT_PAGE_SIZE,
  };
}

static DubanTime
server_time (DubanFeedServer *self)
{
  if (!self->now_pinned)
    return duban_time_now ();
  /* a live platform's pinned clock keeps running from the pinned moment */
  if (self->options.live)
    return self->now + (g_get_monotonic_time () - self->started) / G_USEC_PER_SEC * G_USEC_PER_SEC;
  return self->now;
}

/* ------------------------------------------------------------------ */
/* faults                                                              */

gboolean
duban_feed_faults_parse (const char       *spec,
                         DubanFeedFaults  *out,
                         GError          **error)
{
  g_auto(GStrv) items = NULL;

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  *out = (DubanFeedFaults) { .seed = 311 };
  items = g_strsplit (spec, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (g_strstrip (items[i]), "=", 2);
      char *end = NULL;
      double rate;
      double *field;

      if (*items[i] == '\0')
        continue;
      if (pair[0] == NULL || pair[1] == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "fault “%s” needs a rate, e.g. 5xx=0.05", items[i]);
          return FALSE;
        }
      if (g_str_equal (pair[0], "seed"))
        {
          guint64 seed;

          if (!g_ascii_string_to_unsigned (pair[1], 10, 0, G_MAXUINT32, &seed, error))
            return FALSE;
          out->seed = (guint32) seed;
          continue;
        }
      if (g_str_equal (pair[0], "5xx"))
        field = &out->server_error;
      else if (g_str_equal (pair[0], "429"))
        field = &out->too_many;
      else if (g_str_equal (pair[0], "slow"))
        field = &out->slow;
      else if (g_str_equal (pair[0], "cut"))
        field = &out->cut;
      else if (g_str_equal (pair[0], "invalid"))
        field = &out->invalid;
      else if (g_str_equal (pair[0], "expire"))
        field = &out->expire;
      else
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "unknown fault “%s”; known: 5xx, 429, slow, cut, invalid, expire, seed", pair[0]);
          return FALSE;
        }
      rate = g_ascii_strtod (pair[1], &end);
      if (end == pair[1] || *end != '\0' || !(rate >= 0.0 && rate <= 1.0))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "the rate of %s must be a number from 0 to 1, not “%s”", pair[0], pair[1]);
          return FALSE;
        }
      *field = rate;
    }
  return TRUE;
}

static gboolean
fault_drawn (DubanFeedServer *self,
             double           rate)
{
  /* no draw at rate 0: turning one fault off keeps the others' sequence */
  return rate > 0.0 && g_rand_double (self->fault_rand) < rate;
}

/* ------------------------------------------------------------------ */
/* tokens                                                              */

static char *
encode_token (const char *plain)
{
  char *text = g_base64_encode ((const guchar *) plain, strlen (plain));
  char *end;

  /* base64url without padding: nothing a query string would mangle */
  for (char *p = text; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
    }
  end = strchr (text, '=');
  if (end != NULL)
    *end = '\0';
  return text;
}

static char *
decode_token (const char *token)
{
  g_autoptr(GString) padded = NULL;
  g_autofree guchar *plain = NULL;
  gsize length = 0;

  if (token == NULL || *token == '\0' || strlen (token) > 256)
    return NULL;

  padded = g_string_new (NULL);
  for (const char *p = token; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (padded, *p);
      else if (*p == '-')
        g_string_append_c (padded, '+');
      else if (*p == '_')
        g_string_append_c (padded, '/');
      else
        return NULL;
    }
  if (padded->len % 4 == 1)
    return NULL;
  while (padded->len % 4 != 0)
    g_string_append_c (padded, '=');

  plain = g_base64_decode (padded->str, &length);
  if (plain == NULL || length == 0 || memchr (plain, '\0', length) != NULL
      || !g_utf8_validate ((const char *) plain, (gssize) length, NULL))
    return NULL;
  return g_strndup ((const char *) plain, length);
}

static gboolean
parse_sequence (const char *text,
                gint64     *out)
{
  return g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, out, NULL);
}

static char *
make_sync_token (gint64 upper)
{
  g_autofree char *plain = g_strdup_printf ("v1:s:%" G_GINT64_FORMAT, upper);

  return encode_token (plain);
}

static gboolean
parse_sync_token (const char *token,
                  gint64     *out_since)
{
  g_autofree char *plain = decode_token (token);
  g_auto(GStrv) parts = NULL;

  if (plain == NULL)
    return FALSE;
  parts = g_strsplit (plain, ":", -1);
  return g_strv_length (parts) == 3
      && g_str_equal (parts[0], "v1") && g_str_equal (parts[1], "s")
      && parse_sequence (parts[2], out_since);
}

static char *
make_page_token (const SyncCursor *cursor)
{
  g_autofree char *plain = g_strdup_printf ("v1:p:%s:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                                            cursor->incremental ? "i" : "f",
                                            cursor->since, cursor->after, cursor->upper);

  return encode_token (plain);
}

static gboolean
parse_page_token (const char *token,
                  SyncCursor *out)
{
  g_autofree char *plain = decode_token (token);
  g_auto(GStrv) parts = NULL;

  if (plain == NULL)
    return FALSE;
  parts = g_strsplit (plain, ":", -1);
  if (g_strv_length (parts) != 6
      || !g_str_equal (parts[0], "v1") || !g_str_equal (parts[1], "p")
      || !(g_str_equal (parts[2], "f") || g_str_equal (parts[2], "i")))
    return FALSE;

  out->incremental = g_str_equal (parts[2], "i");
  return parse_sequence (parts[3], &out->since)
      && parse_sequence (parts[4], &out->after)
      && parse_sequence (parts[5], &out->upper)
      && out->since <= out->after
      && out->after <= out->upper
      && (out->incremental || out->since == 0);
}

/* ------------------------------------------------------------------ */
/* answers                                                             */

static void
respond_text (SoupServerMessage *msg,
              guint              status,
              char              *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, JSON_CONTENT_TYPE, SOUP_MEMORY_TAKE, body, strlen (body));
}

static void
respond_copy (SoupServerMessage *msg,
              const char        *body)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, JSON_CONTENT_TYPE, SOUP_MEMORY_COPY, body, strlen (body));
}

G_GNUC_PRINTF (4, 5)
static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *code,
               const char        *format,
               ...)
{
  g_autofree char *message = NULL;
  GString *body = g_string_new ("{\"error\":{\"code\":");
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  duban_feed_json_append_string (body, code);
  g_string_append (body, ",\"message\":");
  duban_feed_json_append_string (body, message);
  g_string_append (body, "}}");

  g_debug ("%s %s → %u %s: %s", soup_server_message_get_method (msg),
           g_uri_get_path (soup_server_message_get_uri (msg)), status, code, message);
  respond_text (msg, status, g_string_free (body, FALSE));
}

static void
respond_method_not_allowed (SoupServerMessage *msg,
                            const char        *allowed)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allowed);
  respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                 "%s is not allowed here; use %s", soup_server_message_get_method (msg), allowed);
}

static const char *
query_lookup (GHashTable *query,
              const char *name)
{
  const char *value = query != NULL ? g_hash_table_lookup (query, name) : NULL;

  /* an empty parameter is an absent one: "sync_token=" starts a full sync */
  return value != NULL && *value != '\0' ? value : NULL;
}

/* ------------------------------------------------------------------ */
/* authentication                                                      */

static gboolean
equal_in_constant_time (const char *a,
                        const char *b)
{
  gsize length_a = strlen (a);
  gsize length_b = strlen (b);
  guchar difference = length_a != length_b;

  /* a token compared byte by byte with an early exit leaks its prefix
   * through timing */
  for (gsize i = 0; i < length_a; i++)
    difference |= (guchar) a[i] ^ (guchar) b[i % MAX (length_b, 1)];
  return difference == 0;
}

static gboolean
is_authorized (DubanFeedServer   *self,
               SoupServerMessage *msg)
{
  const char *header;

  if (self->token == NULL)
    return TRUE;

  header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return FALSE;
  header += 7;
  while (*header == ' ')
    header++;
  return equal_in_constant_time (header, self->token);
}

/* ------------------------------------------------------------------ */
/* GET /api/v1/tickets                                                 */

static void
handle_tickets (DubanFeedServer   *self,
                SoupServerMessage *msg,
                GHashTable        *query)
{
  const char *limit_text = query_lookup (query, "limit");
  const char *page_token = query_lookup (query, "page_token");
  const char *sync_token = query_lookup (query, "sync_token");
  guint64 limit = self->options.page_size;
  gint64 last_seq = duban_feed_store_get_last_seq (self->store);
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *now_text = NULL;
  SyncCursor cursor = { 0 };
  gboolean has_more;
  GString *body;
  gboolean first;

  if (query != NULL && g_hash_table_contains (query, "limit")
      && (limit_text == NULL
          || !g_ascii_string_to_unsigned (limit_text, 10, 1, DUBAN_FEED_MAX_PAGE_SIZE, &limit, NULL)))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_limit",
                     "limit must be a whole number from 1 to %u", DUBAN_FEED_MAX_PAGE_SIZE);
      return;
    }

  if (page_token != NULL)
    {
      /* a page token carries its whole sync; a sync_token beside it is
       * the one that started the sync, and adds nothing */
      if (!parse_page_token (page_token, &cursor) || cursor.upper > last_seq)
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_page_token",
                         "page_token is not one this server issued");
          return;
        }
      if (cursor.incremental && cursor.since < self->oldest_sync_seq)
        {
          respond_error (msg, SOUP_STATUS_GONE, "sync_token_expired",
                         "the changes since this sync started are no longer kept; do a full sync");
          return;
        }
    }
  else if (sync_token != NULL)
    {
      gint64 since;

      if (!parse_sync_token (sync_token, &since) || since > last_seq)
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_sync_token",
                         "sync_token is not one this server issued");
          return;
        }
      if (since < self->oldest_sync_seq || fault_drawn (self, self->faults.expire))
        {
          respond_error (msg, SOUP_STATUS_GONE, "sync_token_expired",
                         "the changes since this sync token are no longer kept; do a full sync");
          return;
        }
      cursor = (SyncCursor) { .incremental = TRUE, .since = since, .after = since, .upper = last_seq };
    }
  else
    cursor = (SyncCursor) { .incremental = FALSE, .since = 0, .after = 0, .upper = last_seq };

  /* one more than asked tells whether another page follows */
  changes = duban_feed_store_read_changes (self->store, cursor.after, cursor.upper,
                                           cursor.incremental, (guint) limit + 1);
  has_more = changes->len > limit;
  if (has_more)
    g_ptr_array_set_size (changes, (guint) limit);

  body = g_string_sized_new (1024 + changes->len * 1536);
  g_string_append (body, "{\"tickets\":[");
  first = TRUE;
  for (guint i = 0; i < changes->len; i++)
    {
      const DubanFeedChange *change = g_ptr_array_index (changes, i);

      if (change->deleted)
        continue;
      if (!first)
        g_string_append_c (body, ',');
      g_string_append (body, change->json);
      first = FALSE;
    }
  g_string_append (body, "],\"deleted_ids\":[");
  first = TRUE;
  for (guint i = 0; i < changes->len; i++)
    {
      const DubanFeedChange *change = g_ptr_array_index (changes, i);

      if (!change->deleted || change->id == NULL)
        continue;
      if (!first)
        g_string_append_c (body, ',');
      duban_feed_json_append_string (body, change->id);
      first = FALSE;
    }
  g_string_append (body, "],\"next_page_token\":");
  if (has_more)
    {
      const DubanFeedChange *last = g_ptr_array_index (changes, changes->len - 1);
      SyncCursor next = cursor;
      g_autofree char *token = NULL;

      next.after = last->seq;
      token = make_page_token (&next);
      duban_feed_json_append_string (body, token);
    }
  else
    {
      g_autofree char *token = make_sync_token (cursor.upper);

      g_string_append (body, "null,\"sync_token\":");
      duban_feed_json_append_string (body, token);
    }
  now_text = duban_time_format_rfc3339 (server_time (self));
  g_string_append (body, ",\"server_time\":");
  duban_feed_json_append_string (body, now_text);
  g_string_append_c (body, '}');

  g_debug ("tickets page: %s sync, %u entries after %" G_GINT64_FORMAT " (upper %" G_GINT64_FORMAT ")%s",
           cursor.incremental ? "incremental" : "full", changes->len,
           cursor.after, cursor.upper, has_more ? ", more follow" : "");
  respond_text (msg, SOUP_STATUS_OK, g_string_free (body, FALSE));
}

/* ------------------------------------------------------------------ */
/* GET /api/v1/calendar                                                */

static void
handle_calendar (DubanFeedServer   *self,
                 SoupServerMessage *msg,
                 GHashTable        *query)
{
  const char *year_text = query_lookup (query, "year");
  gint64 year;

  if (year_text == NULL || !g_ascii_string_to_signed (year_text, 10, 1, 9999, &year, NULL))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_year",
                     "year must be given as a four-digit year, e.g. year=2026");
      return;
    }

  /* the platform publishes only what the State Council has announced */
  if (duban_calendar_get_source (self->calendar, (int) year) != DUBAN_CALENDAR_SOURCE_BUNDLED)
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "no_calendar",
                     "the platform has no working-day calendar for %" G_GINT64_FORMAT, year);
      return;
    }

  respond_text (msg, SOUP_STATUS_OK, duban_calendar_year_to_json (self->calendar, (int) year));
}

/* ------------------------------------------------------------------ */
/* POST /api/v1/tickets/{id}/supervisions                              */

static gboolean
check_string_member (JsonObject  *object,
                     const char  *name,
                     gboolean     required,
                     gsize        max_length,
                     const char **out,
                     GString     *problems)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        g_string_append_printf (problems, "missing required field '%s'; ", name);
      return !required;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_string_append_printf (problems, "'%s' must be a string; ", name);
      return FALSE;
    }
  *out = json_node_get_string (node);
  if (required && **out == '\0')
    {
      g_string_append_printf (problems, "'%s' must not be empty; ", name);
      return FALSE;
    }
  if (g_utf8_strlen (*out, -1) > (glong) max_length)
    {
      g_string_append_printf (problems, "'%s' is longer than %" G_GSIZE_FORMAT " characters; ",
                              name, max_length);
      return FALSE;
    }
  return TRUE;
}

static void
check_time_member (JsonObject *object,
                   const char *name,
                   gboolean    required,
                   GString    *problems)
{
  const char *text;
  DubanTime time;

  if (!check_string_member (object, name, required, 64, &text, problems) || text == NULL)
    return;
  if (!duban_time_parse_rfc3339 (text, &time, NULL))
    g_string_append_printf (problems, "'%s' is not an RFC 3339 time with an offset; ", name);
}

/* The order's fields as docs/feed-api.md lists them. client_id, level and
 * issued_at are required; the rest may be absent but must be well formed. */
static char *
validate_supervision (JsonNode    *root,
                      const char **out_client_id)
{
  GString *problems = g_string_new (NULL);
  JsonObject *object;
  const char *level = NULL;
  const char *ignored;

  *out_client_id = NULL;
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_string_free (problems, TRUE);
      return g_strdup ("the body must be a JSON object");
    }
  object = json_node_get_object (root);

  check_string_member (object, "client_id", TRUE, 128, out_client_id, problems);
  if (check_string_member (object, "level", TRUE, 16, &level, problems)
      && !g_str_equal (level, "notice") && !g_str_equal (level, "yellow") && !g_str_equal (level, "red")
      && !g_str_equal (level, "bulletin"))
    g_string_append_printf (problems, "'level' must be notice, yellow, red or bulletin, not '%s'; ", level);
  check_string_member (object, "note", FALSE, 10000, &ignored, problems);
  check_string_member (object, "issued_by", FALSE, 200, &ignored, problems);
  check_time_member (object, "issued_at", TRUE, problems);
  check_time_member (object, "respond_by", FALSE, problems);

  if (problems->len == 0)
    {
      g_string_free (problems, TRUE);
      return NULL;
    }
  g_string_truncate (problems, problems->len - 2);   /* the last "; " */
  return g_string_free (problems, FALSE);
}

/* The ticket carries every order received for it (docs/feed-api.md,
 * `supervisions`), so that every workstation sees it: a new version of
 * the ticket, later than the last, goes into the change log. A ticket the
 * platform holds only as an invalid record carries nothing. */
static void
carry_supervision (DubanFeedServer *self,
                   const char      *ticket_id,
                   JsonNode        *order,
                   DubanTime        received_at)
{
  g_autoptr(DubanTicket) ticket = duban_feed_server_get_ticket (self, ticket_id);
  g_autoptr(JsonObject) holder = json_object_new ();
  g_autoptr(JsonArray) one = json_array_new ();
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GError) error = NULL;
  PendingReply *pending;
  DubanSupervision *supervision;

  if (ticket == NULL)
    return;

  /* read back through the contract's own reader: what the platform
   * serves is what the desk will accept */
  json_array_add_element (one, json_node_copy (order));
  json_object_set_array_member (holder, "supervisions", g_steal_pointer (&one));
  if (!duban_supervisions_read (holder, &read, &error) || read == NULL)
    {
      g_debug ("supervision for %s not carried: %s", ticket_id, error != NULL ? error->message : "empty");
      return;
    }
  supervision = g_ptr_array_steal_index (read, 0);

  if (ticket->supervisions == NULL)
    ticket->supervisions = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_supervision_free);
  g_ptr_array_add (ticket->supervisions, supervision);
  ticket->updated_at = MAX (received_at, ticket->updated_at + DUBAN_USEC_PER_SECOND);
  duban_feed_server_put_ticket (self, ticket);

  pending = g_new0 (PendingReply, 1);
  pending->ticket_id = g_strdup (ticket_id);
  pending->client_id = g_strdup (supervision->client_id);
  pending->steps_left = (guint) g_rand_int_range (self->live_rand, 1, 6);
  /* one unit in four lets the order slide past its reply deadline */
  pending->late = supervision->respond_by != DUBAN_TIME_NONE && g_rand_int_range (self->live_rand, 0, 4) == 0;
  g_ptr_array_add (self->pending_replies, pending);
}

static const char * const unit_replies[] = {
  "已收到督办，已安排专人当日联系群众，三个工作日内办结。",
  "已现场核实，正在协调相关部门处置，办结后及时回复。",
  "已责成责任科室限期整改，整改情况另行报送。",
  "已与诉求人电话沟通，说明办理进度，群众表示理解。",
};

/* The units answer the orders that are due an answer at @now; returns
 * how many did. */
static guint
answer_orders (DubanFeedServer *self,
               DubanTime        now)
{
  guint answered = 0;

  for (guint i = 0; i < self->pending_replies->len; )
    {
      PendingReply *pending = g_ptr_array_index (self->pending_replies, i);
      g_autoptr(DubanTicket) ticket = NULL;
      DubanSupervision *supervision = NULL;

      if (pending->steps_left > 0)
        pending->steps_left--;
      if (pending->steps_left > 0)
        {
          i++;
          continue;
        }

      ticket = duban_feed_server_get_ticket (self, pending->ticket_id);
      for (guint k = 0; ticket != NULL && ticket->supervisions != NULL && k < ticket->supervisions->len; k++)
        {
          DubanSupervision *s = g_ptr_array_index (ticket->supervisions, k);

          if (g_strcmp0 (s->client_id, pending->client_id) == 0)
            supervision = s;
        }
      if (supervision != NULL && pending->late && now <= supervision->respond_by)
        {
          i++;
          continue;
        }

      if (supervision != NULL && supervision->replied_at == DUBAN_TIME_NONE)
        {
          supervision->replied_at = MAX (now, supervision->issued_at);
          supervision->reply = g_strdup (unit_replies[g_rand_int_range (self->live_rand, 0,
                                                                        G_N_ELEMENTS (unit_replies))]);
          ticket->updated_at = MAX (now, ticket->updated_at + DUBAN_USEC_PER_SECOND);
          duban_feed_server_put_ticket (self, ticket);
          answered++;
        }
      g_ptr_array_remove_index (self->pending_replies, i);
    }

  return answered;
}

static void
handle_supervision (DubanFeedServer   *self,
                    SoupServerMessage *msg,
                    const char        *escaped_id)
{
  g_autofree char *ticket_id = g_uri_unescape_string (escaped_id, "/");
  g_autofree char *ticket_json = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *first_ticket_id = NULL;
  g_autofree char *received_text = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *client_id;
  const char *data;
  gsize length;
  gboolean is_new;
  gint64 received_at;
  GString *body;

  if (!g_str_equal (soup_server_message_get_method (msg), SOUP_METHOD_POST))
    {
      respond_method_not_allowed (msg, "POST");
      return;
    }
  if (ticket_id == NULL || *ticket_id == '\0')
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no ticket id in the path");
      return;
    }

  request = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (request, &length);
  if (length == 0 || !json_parser_load_from_data (parser, data, (gssize) length, &error))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_json",
                     "the body is not JSON: %s", error != NULL ? error->message : "empty");
      return;
    }

  problem = validate_supervision (json_parser_get_root (parser), &client_id);
  if (problem != NULL)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_supervision", "%s", problem);
      return;
    }

  ticket_json = duban_feed_store_lookup (self->store, ticket_id);
  if (ticket_json == NULL)
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "ticket_not_found",
                     "there is no ticket %s", ticket_id);
      return;
    }

  duban_feed_store_add_supervision (self->store, client_id, ticket_id,
                                    data, server_time (self),
                                    &is_new, &first_ticket_id, &received_at);
  if (!is_new && !g_str_equal (first_ticket_id, ticket_id))
    {
      respond_error (msg, SOUP_STATUS_CONFLICT, "client_id_reused",
                     "client_id %s was already received for ticket %s", client_id, first_ticket_id);
      return;
    }

  if (is_new)
    carry_supervision (self, ticket_id, json_parser_get_root (parser), received_at);

  received_text = duban_time_format_rfc3339 (received_at);
  body = g_string_new ("{\"supervision\":{\"client_id\":");
  duban_feed_json_append_string (body, client_id);
  g_string_append (body, ",\"ticket_id\":");
  duban_feed_json_append_string (body, ticket_id);
  g_string_append (body, ",\"received_at\":");
  duban_feed_json_append_string (body, received_text);
  g_string_append (body, "}}");

  g_debug ("supervision %s for %s: %s", client_id, ticket_id, is_new ? "new" : "again");
  respond_text (msg, is_new ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, g_string_free (body, FALSE));
}

/* ------------------------------------------------------------------ */
/* Open311                                                             */

/* Valid live tickets; invalid raw entries have no Open311 form. */
static GPtrArray *
load_valid_tickets (DubanFeedServer *self)
{
  GPtrArray *tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  g_autoptr(GPtrArray) changes = duban_feed_store_read_changes (self->store, 0,
                                                                duban_feed_store_get_last_seq (self->store),
                                                                FALSE, G_MAXUINT);

  for (guint i = 0; i < changes->len; i++)
    {
      const DubanFeedChange *change = g_ptr_array_index (changes, i);
      g_autoptr(JsonParser) parser = json_parser_new ();
      DubanTicket *ticket;

      if (!json_parser_load_from_data (parser, change->json, -1, NULL))
        continue;
      ticket = duban_ticket_new_from_json (json_parser_get_root (parser), NULL);
      if (ticket != NULL)
        g_ptr_array_add (tickets, ticket);
    }
  return tickets;
}

static void
handle_open311 (DubanFeedServer   *self,
                SoupServerMessage *msg,
                const char        *resource,
                GHashTable        *query)
{
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;
  DubanOpen311Query filter;

  if (g_str_equal (resource, "/services.json"))
    {
      tickets = load_valid_tickets (self);
      respond_text (msg, SOUP_STATUS_OK, duban_open311_services_to_json (tickets));
      return;
    }
  if (!g_str_equal (resource, "/requests.json"))
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                     "Open311 resources here: requests.json, services.json");
      return;
    }
  if (!duban_open311_query_parse (query, &filter, &error))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameter", "%s", error->message);
      return;
    }

  tickets = load_valid_tickets (self);
  respond_text (msg, SOUP_STATUS_OK,
                duban_open311_requests_to_json (tickets, &filter, &self->policy,
                                                self->calendar, server_time (self)));
}

/* ------------------------------------------------------------------ */
/* routing                                                             */

static void
respond_refusal (DubanFeedServer   *self,
                 SoupServerMessage *msg,
                 gboolean           too_many)
{
  static const guint statuses[] = { 502, 503, 504 };

  if (too_many)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
      respond_error (msg, 429, "rate_limited",
                     "too many requests; try again after 1 second");
      return;
    }
  respond_error (msg, statuses[g_rand_int_range (self->fault_rand, 0, G_N_ELEMENTS (statuses))],
                 "unavailable", "the platform is briefly unavailable");
}

/* Keeps the first part of a 200 answer: the connection "dropped" in the
 * middle of a page. */
static void
cut_body (DubanFeedServer   *self,
          SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  gsize length = g_bytes_get_size (body);
  gsize keep;

  if (soup_server_message_get_status (msg) != SOUP_STATUS_OK || length < 4)
    return;
  keep = 1 + (gsize) g_rand_int_range (self->fault_rand, 0, (gint32) MIN (length - 2, G_MAXINT32));
  soup_server_message_set_response (msg, JSON_CONTENT_TYPE, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), keep);
}

static gboolean
unpause_message (gpointer user_data)
{
  soup_server_message_unpause (user_data);
  return G_SOURCE_REMOVE;
}

static void
handle_request_inner (DubanFeedServer   *self,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query);

/* Faults apply to the requests a sync and the outbox make: ticket pages,
 * Open311 requests and supervision orders. */
static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  DubanFeedServer *self = user_data;
  gboolean is_post = g_str_equal (soup_server_message_get_method (msg), SOUP_METHOD_POST);
  gboolean faultable = g_str_equal (path, API_PREFIX "/tickets")
                    || g_str_has_suffix (path, "/requests.json")
                    || (is_post && g_str_has_suffix (path, SUPERVISIONS_SUFFIX));

  g_assert (DUBAN_IS_FEED_SERVER (self));

  /* One request per connection. libsoup 3.2's server never notices a
   * client closing an idle keep-alive connection: each one stays in
   * CLOSE_WAIT, a file descriptor gone, until the platform runs out of
   * them (a desk syncing every few minutes for a few days, or the crash
   * tests' thousands of orders, did). On loopback a new connection per
   * request costs nothing that matters. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");

  if (!faultable || !is_authorized (self, msg))
    {
      handle_request_inner (self, msg, path, query);
      return;
    }

  if (fault_drawn (self, self->faults.too_many))
    respond_refusal (self, msg, TRUE);
  else if (fault_drawn (self, self->faults.server_error))
    {
      /* an order may be received and its answer lost: the desk must
       * resend, and the platform must count it once */
      if (is_post && g_rand_boolean (self->fault_rand))
        handle_request_inner (self, msg, path, query);
      respond_refusal (self, msg, FALSE);
    }
  else
    {
      handle_request_inner (self, msg, path, query);
      if (!is_post && fault_drawn (self, self->faults.cut))
        cut_body (self, msg);
    }

  if (fault_drawn (self, self->faults.slow))
    {
      soup_server_message_pause (msg);
      g_object_ref (msg);
      g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) g_rand_int_range (self->fault_rand, 500, 2000),
                          unpause_message, msg, g_object_unref);
    }
}

static void
handle_request_inner (DubanFeedServer   *self,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  gboolean is_get = g_str_equal (method, SOUP_METHOD_GET);

  g_debug ("%s %s", method, path);

  if (!is_authorized (self, msg))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer realm=\"duban-feed\"");
      respond_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                     "this platform needs Authorization: Bearer <token>");
      return;
    }

  if (g_str_equal (path, API_PREFIX "/tickets"))
    {
      if (is_get)
        handle_tickets (self, msg, query);
      else
        respond_method_not_allowed (msg, "GET");
    }
  else if (g_str_equal (path, API_PREFIX "/regions")
           || g_str_equal (path, API_PREFIX "/units"))
    {
      if (!is_get)
        respond_method_not_allowed (msg, "GET");
      else if (g_str_has_suffix (path, "/regions"))
        respond_copy (msg, duban_county_get_regions_json (self->county));
      else
        respond_copy (msg, duban_county_get_units_json (self->county));
    }
  else if (g_str_equal (path, API_PREFIX "/calendar"))
    {
      if (is_get)
        handle_calendar (self, msg, query);
      else
        respond_method_not_allowed (msg, "GET");
    }
  else if (g_str_has_prefix (path, API_PREFIX "/tickets/")
           && g_str_has_suffix (path, SUPERVISIONS_SUFFIX)
           && strlen (path) > strlen (API_PREFIX "/tickets/" SUPERVISIONS_SUFFIX))
    {
      /* the id from the still-escaped path: an id may contain "%2F" */
      const char *raw_path = g_uri_get_path (soup_server_message_get_uri (msg));
      const char *start = raw_path + strlen (API_PREFIX "/tickets/");
      g_autofree char *escaped_id = NULL;

      if (!g_str_has_prefix (raw_path, API_PREFIX "/tickets/")
          || !g_str_has_suffix (raw_path, SUPERVISIONS_SUFFIX)
          || strlen (start) <= strlen (SUPERVISIONS_SUFFIX))
        {
          respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such resource: %s", path);
          return;
        }
      escaped_id = g_strndup (start, strlen (start) - strlen (SUPERVISIONS_SUFFIX));

      handle_supervision (self, msg, escaped_id);
    }
  else if (g_str_has_prefix (path, OPEN311_PREFIX "/")
           || g_str_equal (path, API_PREFIX "/requests.json"))
    {
      const char *resource = g_str_has_prefix (path, OPEN311_PREFIX)
                           ? path + strlen (OPEN311_PREFIX)
                           : path + strlen (API_PREFIX);

      if (is_get)
        handle_open311 (self, msg, resource, query);
      else
        respond_method_not_allowed (msg, "GET");
    }
  else
    respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such resource: %s", path);
}

/* ------------------------------------------------------------------ */
/* the object                                                          */

static void
duban_feed_server_finalize (GObject *object)
{
  DubanFeedServer *self = DUBAN_FEED_SERVER (object);

  g_clear_handle_id (&self->live_source, g_source_remove);
  g_clear_pointer (&self->live_ids, g_ptr_array_unref);
  g_clear_pointer (&self->live_rand, g_rand_free);
  g_clear_pointer (&self->pending_replies, g_ptr_array_unref);
  g_clear_pointer (&self->fault_rand, g_rand_free);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->store);
  g_clear_object (&self->calendar);
  g_clear_pointer (&self->county, duban_county_free);
  g_clear_pointer (&self->token, g_free);

  G_OBJECT_CLASS (duban_feed_server_parent_class)->finalize (object);
}

static void
duban_feed_server_class_init (DubanFeedServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = duban_feed_server_finalize;
}

static void
duban_feed_server_init (DubanFeedServer *self)
{
}

static char *
ticket_to_text (const DubanTicket *ticket)
{
  g_autoptr(JsonNode) node = duban_ticket_to_json (ticket);

  return json_to_string (node, FALSE);
}

/* The invalid objects are spread evenly through the log, so that a
 * client meets them on different pages, not all at the end. */
static void
load_county (DubanFeedServer *self)
{
  GPtrArray *tickets = duban_county_get_tickets (self->county);
  GPtrArray *invalid = duban_county_get_invalid_raw (self->county);
  guint next_invalid = 0;

  duban_feed_store_begin (self->store);
  for (guint i = 0; i <= tickets->len; i++)
    {
      while (next_invalid < invalid->len
             && (guint64) (next_invalid + 1) * tickets->len / (invalid->len + 1) <= i)
        {
          const DubanRawTicket *raw = g_ptr_array_index (invalid, next_invalid++);

          duban_feed_store_put (self->store, raw->id, raw->json);
        }

      if (i < tickets->len)
        {
          const DubanTicket *ticket = g_ptr_array_index (tickets, i);
          g_autofree char *text = ticket_to_text (ticket);

          duban_feed_store_put (self->store, ticket->id, text);
        }
    }
  duban_feed_store_commit (self->store);
}

/* ------------------------------------------------------------------ */
/* --live                                                              */

static void
collect_live_ids (DubanFeedServer *self)
{
  GPtrArray *tickets = duban_county_get_tickets (self->county);

  self->live_ids = g_ptr_array_new_full (tickets->len, g_free);
  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);

      g_ptr_array_add (self->live_ids, g_strdup (ticket->id));
    }
}

/* The next step of a ticket's life, as the platform would record it;
 * FALSE for a ticket whose life is over. */
static gboolean
advance_ticket (DubanFeedServer *self,
                DubanTicket     *ticket,
                DubanTime        now)
{
  switch (ticket->status)
    {
    case DUBAN_STATUS_RECEIVED:
      ticket->status = DUBAN_STATUS_DISPATCHED;
      ticket->dispatched_at = now;
      break;
    case DUBAN_STATUS_DISPATCHED:
      ticket->status = DUBAN_STATUS_IN_PROGRESS;
      ticket->first_contact_at = now;
      break;
    case DUBAN_STATUS_IN_PROGRESS:
    case DUBAN_STATUS_RETURNED:
      ticket->status = DUBAN_STATUS_RESOLVED;
      ticket->resolved_at = now;
      ticket->disposition = g_rand_int_range (self->live_rand, 0, 10) == 0
                          ? DUBAN_DISPOSITION_EXPLAINED : DUBAN_DISPOSITION_RESOLVED;
      break;
    case DUBAN_STATUS_RESOLVED:
      /* now and then the follow-up sends it back to the unit */
      if (g_rand_int_range (self->live_rand, 0, 12) == 0)
        {
          ticket->status = DUBAN_STATUS_RETURNED;
          break;
        }
      ticket->status = DUBAN_STATUS_CLOSED;
      ticket->closed_at = now;
      ticket->visited_at = now;
      ticket->satisfaction = g_rand_int_range (self->live_rand, 0, 30) == 0
                           ? DUBAN_SATISFACTION_UNSATISFIED : DUBAN_SATISFACTION_SATISFIED;
      break;
    case DUBAN_STATUS_CLOSED:
    case DUBAN_STATUS_CANCELLED:
    default:
      return FALSE;
    }
  ticket->updated_at = now;
  return TRUE;
}

/* A new request: a fresh copy of an existing one's matter and place. */
static DubanTicket *
new_live_ticket (DubanFeedServer   *self,
                 const DubanTicket *model,
                 DubanTime          now)
{
  DubanTicket *ticket = duban_ticket_copy (model);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now / DUBAN_USEC_PER_SECOND);
  g_autoptr(GDateTime) civil = g_date_time_add (utc, DUBAN_CIVIL_OFFSET_USEC);
  g_autofree char *digits = g_date_time_format (civil, "%Y%m%d");

  /* the L keeps live ids apart from the generated year's */
  g_free (ticket->id);
  ticket->id = g_strdup_printf ("JX%sL%05u", digits, ++self->live_serial);
  ticket->status = DUBAN_STATUS_RECEIVED;
  ticket->received_at = now;
  ticket->updated_at = now;
  ticket->dispatched_at = ticket->first_contact_at = DUBAN_TIME_NONE;
  ticket->resolved_at = ticket->closed_at = ticket->visited_at = DUBAN_TIME_NONE;
  if (ticket->extension != NULL)
    {
      g_free (ticket->extension->reason);
      g_free (ticket->extension->measures);
      g_clear_pointer (&ticket->extension, g_free);
    }
  g_clear_pointer (&ticket->repeat_of, g_free);
  ticket->disposition = DUBAN_DISPOSITION_NONE;
  ticket->satisfaction = DUBAN_SATISFACTION_NONE;
  ticket->handled_level = DUBAN_LEVEL_NONE;
  ticket->evidence_count = 0;
  return ticket;
}

guint
duban_feed_server_live_step (DubanFeedServer *self,
                             guint            n)
{
  DubanTime now;
  guint changes = 0;
  guint answered;

  g_return_val_if_fail (DUBAN_IS_FEED_SERVER (self), 0);

  if (self->live_ids == NULL)
    collect_live_ids (self);
  if (self->live_ids->len == 0 && self->pending_replies->len == 0)
    return 0;
  /* every step is later than anything before it, even on a pinned clock
   * that does not run: a change must be newer than what it changes */
  now = MAX (server_time (self), MAX (self->now, self->live_time) + DUBAN_USEC_PER_SECOND);
  self->live_time = now;

  answered = answer_orders (self, now);

  /* tickets whose life is over are skipped: a bounded number of tries
   * finds @n that can still change */
  for (guint tries = 0; changes < n && tries < 20 * n && self->live_ids->len > 0; tries++)
    {
      guint pick = (guint) g_rand_int_range (self->live_rand, 0, (gint32) self->live_ids->len);
      const char *id = g_ptr_array_index (self->live_ids, pick);
      g_autoptr(DubanTicket) ticket = duban_feed_server_get_ticket (self, id);
      guint roll = (guint) g_rand_int_range (self->live_rand, 0, 100);

      if (ticket == NULL)
        continue;

      if (roll < 12)
        {
          g_autoptr(DubanTicket) fresh = new_live_ticket (self, ticket, now);

          if (fault_drawn (self, self->faults.invalid))
            {
              g_autoptr(JsonNode) node = duban_ticket_to_json (fresh);
              g_autofree char *text = NULL;

              /* a broken arrival: the platform lost the title */
              json_object_remove_member (json_node_get_object (node), "title");
              text = json_to_string (node, FALSE);
              duban_feed_store_put (self->store, fresh->id, text);
            }
          else
            {
              duban_feed_server_put_ticket (self, fresh);
              g_ptr_array_add (self->live_ids, g_strdup (fresh->id));
            }
          changes++;
        }
      else if (roll < 13)
        {
          /* withdrawn on the platform (a duplicate entered twice) */
          duban_feed_store_delete (self->store, id);
          g_ptr_array_remove_index_fast (self->live_ids, pick);
          changes++;
        }
      else if (advance_ticket (self, ticket, now))
        {
          duban_feed_server_put_ticket (self, ticket);
          changes++;
        }
    }
  return changes + answered;
}

static gboolean
live_tick (gpointer user_data)
{
  DubanFeedServer *self = user_data;

  duban_feed_server_live_step (self, (guint) g_rand_int_range (self->live_rand, 1, 6));
  return G_SOURCE_CONTINUE;
}

void
duban_feed_server_set_faults (DubanFeedServer       *self,
                              const DubanFeedFaults *faults)
{
  g_return_if_fail (DUBAN_IS_FEED_SERVER (self));
  g_return_if_fail (faults != NULL);

  self->faults = *faults;
  g_rand_set_seed (self->fault_rand, faults->seed);
}

DubanFeedServer *
duban_feed_server_new (const DubanFeedOptions  *options,
                       GError                 **error)
{
  g_autoptr(DubanFeedServer) self = NULL;
  DubanCountyParams params;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options->page_size < 1 || options->page_size > DUBAN_FEED_MAX_PAGE_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The page size must be from 1 to %u, not %u",
                   DUBAN_FEED_MAX_PAGE_SIZE, options->page_size);
      return NULL;
    }
  if (options->token != NULL && *options->token == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The token must not be empty");
      return NULL;
    }

  self = g_object_new (DUBAN_TYPE_FEED_SERVER, NULL);
  self->options = *options;
  self->token = g_strdup (options->token);
  self->options.token = self->token;
  self->now_pinned = options->now != DUBAN_TIME_NONE;
  self->now = self->now_pinned ? options->now : duban_time_now ();

  self->store = duban_feed_store_new (error);
  if (self->store == NULL)
    return NULL;
  self->calendar = duban_calendar_new ();
  duban_sla_policy_init_defaults (&self->policy);

  self->started = g_get_monotonic_time ();
  self->faults = options->faults;
  self->fault_rand = g_rand_new_with_seed (options->faults.seed);
  self->live_rand = g_rand_new_with_seed (options->seed ^ 0x11feu);
  self->pending_replies = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_reply_free);

  params = (DubanCountyParams) {
    .seed = options->seed,
    .n_tickets = options->n_tickets,
    .now = self->now,
    .plant = options->plant,
    /* invalid=RATE: that share of the county arrives broken */
    .n_invalid = MAX (options->n_invalid, (guint) (options->faults.invalid * options->n_tickets + 0.5)),
  };
  self->county = duban_county_generate (&params);
  load_county (self);

  self->soup = soup_server_new ("server-header", "duban-feed/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (self->soup, NULL, handle_request, self, NULL);

  if (options->live)
    self->live_source = g_timeout_add_seconds (2, live_tick, self);

  return g_steal_pointer (&self);
}

gboolean
duban_feed_server_listen (DubanFeedServer  *self,
                          guint             port,
                          GError          **error)
{
  GSList *uris;

  g_return_val_if_fail (DUBAN_IS_FEED_SERVER (self), FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (self->port == 0, FALSE);

  /* loopback only: this is a demo and test platform, never a public one */
  if (!soup_server_listen_local (self->soup, port, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return FALSE;

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    self->port = (guint) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return TRUE;
}

guint
duban_feed_server_get_port (DubanFeedServer *self)
{
  g_return_val_if_fail (DUBAN_IS_FEED_SERVER (self), 0);

  return self->port;
}

char *
duban_feed_server_get_url (DubanFeedServer *self)
{
  g_return_val_if_fail (DUBAN_IS_FEED_SERVER (self), NULL);
  g_return_val_if_fail (self->port != 0, NULL);

  return g_strdup_printf ("http://127.0.0.1:%u", self->port);
}

guint
duban_feed_server_get_n_tickets (DubanFeedServer *self)
{
  g_return_val_if_fail (DUBAN_IS_FEED_SERVER (self), 0);

  return duban_feed_store_count_live (self->store);
}

DubanTime
duban_feed_server_get_now (DubanFeedServer *self)
{
  g_return_val_if_fail (DUBAN_IS_FEED_SERVER (self), DUBAN_TIME_NONE);

  return self->now;
}

void
duban_feed_server_put_ticket (DubanFeedServer   *self,
                              const DubanTicket *ticket)
{
  g_autofree char *text = NULL;

  g_return_if_fail (DUBAN_IS_FEED_SERVER (self));
  g_return_if_fail (ticket != NULL);
  g_return_if_fail (ticket->id != NULL);

  text = ticket_to_text (ticket);
  duban_feed_store_put (self->store, ticket->id, text);
}

void
duban_feed_server_put_raw (DubanFeedServer *self,
                           const char      *id_or_null,
                           const char      *raw_json)
{
  g_return_if_fail (DUBAN_IS_FEED_SERVER (self));
  g_return_if_fail (raw_json != NULL);

  duban_feed_store_put (self->store, id_or_null, raw_json);
}

gboolean
duban_feed_server_delete_ticket (DubanFeedServer *self,
                                 const char      *id)
{
  g_return_val_if_fail (DUBAN_IS_FEED_SERVER (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return duban_feed_store_delete (self->store, id);
}

DubanTicket *
duban_feed_server_get_ticket (DubanFeedServer *self,
                              const char      *id)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = NULL;

  g_return_val_if_fail (DUBAN_IS_FEED_SERVER (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  text = duban_feed_store_lookup (self->store, id);
  if (text == NULL)
    return NULL;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  return duban_ticket_new_from_json (json_parser_get_root (parser), NULL);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
duban_feed_server_list_ids (DubanFeedServer *self)
{
  g_autoptr(GPtrArray) changes = NULL;
  GPtrArray *ids;

  g_return_val_if_fail (DUBAN_IS_FEED_SERVER (self), NULL);

  changes = duban_feed_store_read_changes (self->store, 0, duban_feed_store_get_last_seq (self->store),
                                           FALSE, G_MAXUINT);
  ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < changes->len; i++)
    {
      const DubanFeedChange *change = g_ptr_array_index (changes, i);

      if (change->id != NULL)
        g_ptr_array_add (ids, g_strdup (change->id));
    }
  g_ptr_array_sort (ids, compare_strings);
  return ids;
}

GPtrArray *
duban_feed_server_list_ids_in_state (DubanFeedServer *self,
                                     DubanState       state)
{
  g_autoptr(GPtrArray) tickets = NULL;
  GPtrArray *ids;

  g_return_val_if_fail (DUBAN_IS_FEED_SERVER (self), NULL);

  tickets = load_valid_tickets (self);
  ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      DubanSlaStatus status;

      duban_sla_evaluate (&self->policy, self->calendar, ticket, server_time (self), &status);
      if (status.state == state)
        g_ptr_array_add (ids, g_strdup (ticket->id));
    }
  g_ptr_array_sort (ids, compare_strings);
  return ids;
}

guint
duban_feed_server_count_supervisions (DubanFeedServer *self,
                                      const char      *client_id)
{
  g_return_val_if_fail (DUBAN_IS_FEED_SERVER (self), 0);

  return duban_feed_store_count_supervisions (self->store, client_id);
}
