/* duban-feed-client.c — reading the platform into the store
 *
 * The sync runs as one blocking function on a worker thread, with a
 * synchronous SoupSession and its own store connection: simple to reason
 * about, and the window's connection is never blocked by it for longer
 * than one page's transaction.
 *
 * What is stored is always consistent: each page is one transaction, the
 * sync token is written in the same transaction as the last page, and a
 * full sync removes the tickets the platform no longer has only in that
 * same last transaction.
 *
 * What comes in is not trusted: each page is cut into records by
 * duban-feed-page.c and each record is read alone, so one bad record is
 * quarantined with its bytes as sent and the rest of the page is stored;
 * every request has one deadline for its whole answer and all its tries;
 * a paging that loops is stopped; the page's server_time, not this
 * workstation's clock, says which ticket times are in the future.
 */

#define G_LOG_DOMAIN "duban-feed-client"

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

G_DEFINE_FINAL_TYPE (DubanFeedClient, duban_feed_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (duban-feed-error-quark, duban_feed_error)

static void
duban_feed_client_finalize (GObject *object)
{
  DubanFeedClient *self = DUBAN_FEED_CLIENT (object);

  g_free (self->base_url);
  g_free (self->ca_file);
  if (self->token != NULL)
    {
      /* do not leave the secret lying in freed memory */
      memset (self->token, 0, strlen (self->token));
      g_free (self->token);
    }

  G_OBJECT_CLASS (duban_feed_client_parent_class)->finalize (object);
}

static void
duban_feed_client_class_init (DubanFeedClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = duban_feed_client_finalize;
}

static void
duban_feed_client_init (DubanFeedClient *self)
{
  self->timeout_seconds = REQUEST_TIMEOUT_SECONDS;
  self->page_size = 500;
}

DubanFeedClient *
duban_feed_client_new (const char *base_url)
{
  DubanFeedClient *self;
  gsize length;

  g_return_val_if_fail (base_url != NULL, NULL);

  self = g_object_new (DUBAN_TYPE_FEED_CLIENT, NULL);
  self->base_url = g_strdup (base_url);

  /* "http://host/" and "http://host" are the same platform */
  length = strlen (self->base_url);
  while (length > 0 && self->base_url[length - 1] == '/')
    self->base_url[--length] = '\0';

  return self;
}

void
duban_feed_client_set_token (DubanFeedClient *self,
                             const char      *token)
{
  g_return_if_fail (DUBAN_IS_FEED_CLIENT (self));

  g_free (self->token);
  self->token = (token != NULL && *token != '\0') ? g_strdup (token) : NULL;
}

void
duban_feed_client_set_open311 (DubanFeedClient *self,
                               gboolean         open311)
{
  g_return_if_fail (DUBAN_IS_FEED_CLIENT (self));

  self->open311 = !!open311;
}

void
duban_feed_client_set_page_size (DubanFeedClient *self,
                                 guint            limit)
{
  g_return_if_fail (DUBAN_IS_FEED_CLIENT (self));

  self->page_size = CLAMP (limit, 1, 1000);
}

void
duban_feed_client_set_ca_file (DubanFeedClient *self,
                               const char      *ca_file)
{
  g_return_if_fail (DUBAN_IS_FEED_CLIENT (self));

  g_free (self->ca_file);
  self->ca_file = (ca_file != NULL && *ca_file != '\0') ? g_strdup (ca_file) : NULL;
}

void
duban_feed_client_set_timeout (DubanFeedClient *self,
                               guint            seconds)
{
  g_return_if_fail (DUBAN_IS_FEED_CLIENT (self));
  g_return_if_fail (seconds > 0);

  self->timeout_seconds = seconds;
}

const char *
duban_feed_client_get_base_url (DubanFeedClient *self)
{
  g_return_val_if_fail (DUBAN_IS_FEED_CLIENT (self), NULL);

  return self->base_url;
}

/* ---- one request with a body (the outbox) ------------------------------- */

guint
duban_feed_client_send_json (DubanFeedClient  *self,
                             const char       *method,
                             const char       *path,
                             const char       *payload,
                             gint64           *retry_after_seconds,
                             char            **error_message,
                             GCancellable     *cancellable,
                             GError          **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBytes) request_body = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *url = NULL;
  const char *retry_after;
  guint status;

  g_return_val_if_fail (DUBAN_IS_FEED_CLIENT (self), 0);
  g_return_val_if_fail (method != NULL && path != NULL && payload != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (retry_after_seconds != NULL)
    *retry_after_seconds = -1;
  if (error_message != NULL)
    *error_message = NULL;

  if (!(session = duban_feed_client_create_session (self, error)))
    return 0;

  url = g_strconcat (self->base_url, path, NULL);
  message = soup_message_new (method, url);
  if (message == NULL)
    {
      g_set_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_NETWORK,
                   _("Not a valid platform address: %s"), url);
      return 0;
    }

  soup_message_headers_append (soup_message_get_request_headers (message),
                               "Accept", "application/json");
  if (self->token != NULL)
    {
      g_autofree char *authorization = g_strdup_printf ("Bearer %s", self->token);
      soup_message_headers_append (soup_message_get_request_headers (message),
                                   "Authorization", authorization);
    }
  request_body = g_bytes_new (payload, strlen (payload));
  soup_message_set_request_body_from_bytes (message, "application/json", request_body);

  stream = soup_session_send (session, message, cancellable, &local_error);
  if (stream != NULL)
    body = duban_feed_read_capped (stream, self->timeout_seconds, cancellable, &local_error);
  if (stream == NULL || (body == NULL && local_error != NULL))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (local_error->domain == G_TLS_ERROR)
        duban_feed_client_set_tls_error (self, error, local_error);
      else
        g_set_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_NETWORK,
                     _("Cannot reach the platform: %s"), local_error->message);
      return 0;
    }

  status = soup_message_get_status (message);
  retry_after = soup_message_headers_get_one (soup_message_get_response_headers (message), "Retry-After");
  if (retry_after != NULL && retry_after_seconds != NULL)
    {
      guint64 seconds;

      if (g_ascii_string_to_unsigned (retry_after, 10, 0, 7 * 86400, &seconds, NULL))
        *retry_after_seconds = (gint64) seconds;
    }
  if ((status < 200 || status >= 300) && error_message != NULL)
    *error_message = duban_feed_error_body_message (body);

  return status;
}

