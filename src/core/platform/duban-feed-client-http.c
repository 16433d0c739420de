/* duban-feed-client-http.c — a request to the platform, within a deadline
 *
 * One SoupSession per sync, answers read up to a cap, the content type
 * and the error body checked, retries with back-off for what may pass,
 * and one deadline for the whole answer and all its tries, kept by a
 * watchdog thread (libsoup 3.2 has only a timeout for silence).
 */

#define G_LOG_DOMAIN "duban-feed-client-http"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "duban-feed-client-private.h"
#include "duban-feed-page.h"
#include "duban-open311.h"
#include "duban-store-private.h"
#include "duban-ticket.h"

/* ---- HTTP --------------------------------------------------------------- */

static gboolean
is_loopback (GUri *uri)
{
  const char *host = g_uri_get_host (uri);

  return host != NULL &&
         (g_str_equal (host, "localhost") ||
          g_str_has_prefix (host, "127.") ||
          g_str_equal (host, "::1") ||
          g_str_equal (host, "[::1]"));
}

SoupSession *
duban_feed_client_create_session (DubanFeedClient  *self,
                GError          **error)
{
  g_autoptr(GUri) uri = g_uri_parse (self->base_url, G_URI_FLAGS_NONE, NULL);
  SoupSession *session;

  session = soup_session_new_with_options ("timeout", self->timeout_seconds,
                                           "user-agent", "Duban/" PACKAGE_VERSION,
                                           NULL);

  /* The intranet's CA replaces the system's store; certificates are
   * still verified against it, host name included. */
  if (self->ca_file != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (self->ca_file, &local_error);

      if (database == NULL)
        {
          g_set_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_NETWORK,
                       _("Cannot use the certificate authority file %s: %s"),
                       self->ca_file, local_error->message);
          g_object_unref (session);
          return NULL;
        }
      soup_session_set_tls_database (session, database);
    }

  /* http_proxy may be set on the workstation; a platform on this very
   * machine is never behind it. */
  if (uri != NULL && is_loopback (uri))
    soup_session_set_proxy_resolver (session, NULL);

  return session;
}

void
duban_feed_client_set_tls_error (DubanFeedClient *self,
               GError         **error,
               const GError    *tls_error)
{
  if (self->ca_file != NULL)
    g_set_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_NETWORK,
                 _("The platform's certificate is not signed by the certificate authority in %s: %s"),
                 self->ca_file, tls_error->message);
  else
    g_set_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_NETWORK,
                 _("The platform's certificate is not trusted: %s. If the platform uses the intranet's own certificate authority, choose its file in Preferences"),
                 tls_error->message);
}

/* The deepest nesting of arrays and objects, outside strings; stops
 * counting past @limit. */
static guint
json_depth (const char *text,
            gsize       length,
            guint       limit)
{
  gboolean in_string = FALSE;
  guint depth = 0, deepest = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > deepest && (deepest = depth) > limit)
            return deepest;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return deepest;
}

/* The message of the contract's error body, or NULL. */
char *
duban_feed_error_body_message (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonObject *error_object;
  const char *message;

  if (body == NULL || g_bytes_get_size (body) == 0 ||
      json_depth (g_bytes_get_data (body, NULL), g_bytes_get_size (body), MAX_JSON_DEPTH) > MAX_JSON_DEPTH ||
      !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "error") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (root), "error")))
    return NULL;

  error_object = json_object_get_object_member (json_node_get_object (root), "error");
  message = json_object_get_string_member_with_default (error_object, "message", NULL);

  return message != NULL ? g_strdup (message) : NULL;
}

/* Reads a whole body, up to a size and within @timeout_seconds from
 * now: libsoup's own timeout is for silence, and a server that trickles
 * a byte a second is never silent. */
GBytes *
duban_feed_read_capped (GInputStream  *stream,
             guint          timeout_seconds,
             GCancellable  *cancellable,
             GError       **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_seconds * G_USEC_PER_SEC;
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  guint8 chunk[65536];

  for (;;)
    {
      gssize n = g_input_stream_read (stream, chunk, sizeof chunk, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;

      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       _("The platform's answer took longer than %u seconds"), timeout_seconds);
          return NULL;
        }

      if (buffer->len + (gsize) n > MAX_RESPONSE_BYTES)
        {
          g_set_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_MALFORMED,
                       _("The platform's answer is larger than %d MB; refusing it"),
                       MAX_RESPONSE_BYTES / (1024 * 1024));
          return NULL;
        }

      g_byte_array_append (buffer, chunk, n);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

/* The text of an HTML page's <title>, for telling the user what answered. */
static char *
html_title (GBytes *body)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), MIN (g_bytes_get_size (body), 4096));
  char *start, *end;

  if ((start = strstr (text, "<title>")) == NULL || (end = strstr (start, "</title>")) == NULL)
    return NULL;
  *end = '\0';
  start = g_strstrip (start + strlen ("<title>"));
  if (!g_utf8_validate (start, -1, NULL) || *start == '\0')
    return NULL;
  return g_utf8_substring (start, 0, MIN (g_utf8_strlen (start, -1), 80));
}

/* The contract's bodies are JSON. A proxy's or a portal's HTML page that
 * comes back as "200 OK" must not be read as an empty feed. A missing
 * content type is tolerated: the parser judges the body then. */
static gboolean
check_content_type (SoupMessage  *message,
                    GBytes       *body,
                    guint         status,
                    GError      **error)
{
  const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL);

  if (type == NULL ||
      g_ascii_strcasecmp (type, "application/json") == 0 ||
      g_str_has_suffix (type, "+json"))
    return TRUE;

  if (g_ascii_strcasecmp (type, "text/html") == 0)
    {
      g_autofree char *title = html_title (body);

      g_set_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_MALFORMED,
                   _("The platform answered %u with an HTML page instead of JSON%s%s"),
                   status, title ? ": " : "", title ? title : "");
      return FALSE;
    }

  g_set_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_MALFORMED,
               _("The platform answered with content of type %s instead of JSON"), type);
  return FALSE;
}

static gboolean
is_retryable_status (guint status)
{
  return status == 429 || status == 502 || status == 503 || status == 504;
}

gboolean
duban_feed_sleep_cancellable (gint64        usec,
                   GCancellable *cancellable)
{
  gint64 until = g_get_monotonic_time () + usec;

  while (g_get_monotonic_time () < until)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      g_usleep (MIN (until - g_get_monotonic_time (), 100 * 1000));
    }

  return TRUE;
}

/* ---- the deadline ------------------------------------------------------- */

/* libsoup's own timeout is for silence on one read: a server that sends
 * its status line a byte every two seconds is never silent, and holds a
 * request for as long as it likes. The watchdog, one thread per sync,
 * cancels the request under way when its deadline passes, wherever it
 * is: connecting, waiting for the status line, reading headers or body. */
struct _DubanFeedWatchdog {
  GMutex        mutex;
  GCond         cond;
  GThread      *thread;
  GCancellable *target;    /* the request under way, or NULL */
  gint64        deadline;  /* monotonic */
  gboolean      fired;
  gboolean      quit;
};

static gpointer
watchdog_thread (gpointer data)
{
  DubanFeedWatchdog *dog = data;

  g_mutex_lock (&dog->mutex);
  while (!dog->quit)
    {
      if (dog->target == NULL)
        g_cond_wait (&dog->cond, &dog->mutex);
      else if (g_get_monotonic_time () >= dog->deadline)
        {
          dog->fired = TRUE;
          g_cancellable_cancel (dog->target);
          g_clear_object (&dog->target);
        }
      else
        g_cond_wait_until (&dog->cond, &dog->mutex, dog->deadline);
    }
  g_mutex_unlock (&dog->mutex);

  return NULL;
}

DubanFeedWatchdog *
duban_feed_watchdog_new (void)
{
  DubanFeedWatchdog *dog = g_new0 (DubanFeedWatchdog, 1);

  g_mutex_init (&dog->mutex);
  g_cond_init (&dog->cond);
  dog->thread = g_thread_new ("duban-sync-deadline", watchdog_thread, dog);
  return dog;
}

void
duban_feed_watchdog_free (DubanFeedWatchdog *dog)
{
  g_mutex_lock (&dog->mutex);
  dog->quit = TRUE;
  g_cond_signal (&dog->cond);
  g_mutex_unlock (&dog->mutex);
  g_thread_join (dog->thread);
  g_clear_object (&dog->target);
  g_mutex_clear (&dog->mutex);
  g_cond_clear (&dog->cond);
  g_free (dog);
}

static void
watchdog_arm (DubanFeedWatchdog     *dog,
              GCancellable *target,
              gint64        deadline)
{
  g_mutex_lock (&dog->mutex);
  g_set_object (&dog->target, target);
  dog->deadline = deadline;
  dog->fired = FALSE;
  g_cond_signal (&dog->cond);
  g_mutex_unlock (&dog->mutex);
}

/* Returns whether the deadline cancelled the request. */
static gboolean
watchdog_disarm (DubanFeedWatchdog *dog)
{
  gboolean fired;

  g_mutex_lock (&dog->mutex);
  g_clear_object (&dog->target);
  fired = dog->fired;
  dog->fired = FALSE;
  g_mutex_unlock (&dog->mutex);

  return fired;
}

static void
cancel_child_cb (GCancellable *parent,
                 gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/* One try: send, and read the whole answer by @deadline. */
static GBytes *
http_try (DubanFeedClient  *self,
          SoupSession      *session,
          SoupMessage      *message,
          DubanFeedWatchdog         *dog,
          gint64            deadline,
          GCancellable     *cancellable,
          GError          **error)
{
  g_autoptr(GCancellable) request = g_cancellable_new ();
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  GBytes *body = NULL;
  gulong handler = 0;
  gint64 left = deadline - g_get_monotonic_time ();
  guint left_seconds = (guint) MAX (1, (left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_child_cb),
                                     g_object_ref (request), g_object_unref);
  watchdog_arm (dog, request, deadline);

  stream = soup_session_send (session, message, request, &local_error);
  if (stream != NULL)
    body = duban_feed_read_capped (stream, left_seconds, request, &local_error);

  if (watchdog_disarm (dog) && !g_cancellable_is_cancelled (cancellable))
    {
      g_clear_pointer (&body, g_bytes_unref);
      g_clear_error (&local_error);
      g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   _("The platform's answer took longer than %u seconds"), self->timeout_seconds);
    }
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);

  if (local_error != NULL)
    {
      g_clear_pointer (&body, g_bytes_unref);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return body;
}

/* GET @url and return the body of a 2xx answer, retrying what the
 * contract says to retry, all within the client's timeout. Sets *status
 * to the last HTTP status (0 for a network failure). */
GBytes *
duban_feed_client_http_get (DubanFeedClient  *self,
          SoupSession      *session,
          DubanFeedWatchdog         *dog,
          const char       *url,
          guint            *status,
          guint            *retries,
          GCancellable     *cancellable,
          GError          **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) self->timeout_seconds * G_USEC_PER_SEC;

  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(SoupMessage) message = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GBytes) body = NULL;
      gint64 delay_usec;
      const char *retry_after;
      gboolean answered;

      message = soup_message_new (SOUP_METHOD_GET, url);
      if (message == NULL)
        {
          g_set_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_NETWORK,
                       _("Not a valid platform address: %s"), url);
          return NULL;
        }

      soup_message_headers_append (soup_message_get_request_headers (message),
                                   "Accept", "application/json");
      if (self->token != NULL)
        {
          g_autofree char *authorization = g_strdup_printf ("Bearer %s", self->token);
          soup_message_headers_append (soup_message_get_request_headers (message),
                                       "Authorization", authorization);
        }

      body = http_try (self, session, message, dog, deadline, cancellable, &local_error);
      *status = soup_message_get_status (message);
      answered = *status != SOUP_STATUS_NONE;
      if (local_error != NULL && !answered)
        *status = 0;

      /* a redirect loop, a bad redirect: asking again changes nothing */
      if (local_error != NULL && local_error->domain == SOUP_SESSION_ERROR)
        {
          g_set_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_NETWORK,
                       _("Cannot read the platform at %s: %s"), url, local_error->message);
          return NULL;
        }

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (local_error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_MALFORMED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      /* Nothing listens at the address, or the name or the network is not
       * there: the next try a second later meets the same, and the user
       * waited ~13 s on "connecting" to hear it. Said at once; the desk's
       * sync schedule is what tries again (with its own back-off). */
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
          g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
          g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
          g_error_matches (local_error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
        {
          g_set_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_NETWORK,
                       _("Cannot reach the platform: %s"), local_error->message);
          return NULL;
        }
      /* an untrusted certificate will not become trusted by asking again */
      if (local_error != NULL && local_error->domain == G_TLS_ERROR)
        {
          duban_feed_client_set_tls_error (self, error, local_error);
          return NULL;
        }

      if (local_error == NULL && *status >= 200 && *status < 300)
        {
          if (!check_content_type (message, body, *status, error))
            return NULL;
          return g_steal_pointer (&body);
        }

      if (local_error == NULL && !is_retryable_status (*status))
        {
          g_autofree char *detail = duban_feed_error_body_message (body);
          int code = DUBAN_FEED_ERROR_HTTP;

          if (*status == 401)
            code = DUBAN_FEED_ERROR_UNAUTHORIZED;
          else if (*status == 410)
            code = DUBAN_FEED_ERROR_GONE;

          g_set_error (error, DUBAN_FEED_ERROR, code,
                       _("The platform answered %u %s%s%s"),
                       *status, soup_status_get_phrase (*status) ?: "",
                       detail ? ": " : "", detail ? detail : "");
          return NULL;
        }

      /* Exponential back-off with full jitter, unless the server says when. */
      delay_usec = g_random_int_range (0, (gint32) MIN ((250 * 1000) << attempt, 30 * 1000 * 1000));
      retry_after = answered
        ? soup_message_headers_get_one (soup_message_get_response_headers (message), "Retry-After")
        : NULL;
      if (retry_after != NULL)
        {
          guint64 seconds;

          if (g_ascii_string_to_unsigned (retry_after, 10, 0, 120, &seconds, NULL))
            delay_usec = (gint64) seconds * G_USEC_PER_SEC;
        }

      /* the last try, or no time left for another: say what happened */
      if (attempt >= MAX_ATTEMPTS || g_get_monotonic_time () + delay_usec >= deadline)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
            g_set_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_NETWORK,
                         _("The platform at %s did not answer in time: %s"), self->base_url,
                         local_error->message);
          else if (local_error != NULL)
            g_set_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_NETWORK,
                         _("Cannot reach the platform: %s"), local_error->message);
          else
            g_set_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_HTTP,
                         _("The platform answered %u %s after %u attempts"),
                         *status, soup_status_get_phrase (*status) ?: "", attempt);
          return NULL;
        }

      g_debug ("GET %s: attempt %u failed (%s), retrying in %.1f s", url, attempt,
               local_error ? local_error->message : soup_status_get_phrase (*status),
               delay_usec / 1e6);

      if (!duban_feed_sleep_cancellable (delay_usec, cancellable))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sync cancelled"));
          return NULL;
        }
      if (retries != NULL)
        (*retries)++;
    }
}

