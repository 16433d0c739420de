/* fake-platform.c — a scripted platform on its own threads (see the header)
 *
 * Plain sockets rather than SoupServer: SoupServer hands its handlers a
 * path already percent-decoded and with its dot segments removed, and
 * these tests must see the request line exactly as the desk sent it.
 * One request per connection (Connection: close) keeps it small.
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "fake-platform.h"

struct _FakePlatform {
  GSocketService *service;
  char           *url;
  GThread        *thread;    /* accepts, in a main loop of its own */
  GMainContext   *context;
  GMainLoop      *loop;
  GCond           ready;
  gboolean        started;
  GMutex          lock;
  GQueue          answers;   /* GUINT_TO_POINTER (status) */
  GPtrArray      *requests;
};

static void
fake_request_free (FakeRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->authorization);
  g_free (request);
}

static gboolean
run_cb (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source_object,
        gpointer                user_data)
{
  FakePlatform *self = user_data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (in);
  g_autofree char *request_line = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *body = NULL;
  g_autofree char *answer = NULL;
  FakeRequest *request;
  gsize content_length = 0;
  guint status;

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  g_data_input_stream_set_newline_type (lines, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  if (!(request_line = g_data_input_stream_read_line (lines, NULL, NULL, NULL)))
    return TRUE;
  parts = g_strsplit (request_line, " ", 3);
  if (g_strv_length (parts) != 3)
    return TRUE;

  request = g_new0 (FakeRequest, 1);
  request->method = g_strdup (parts[0]);
  request->path = g_strdup (parts[1]);
  for (;;)
    {
      g_autofree char *header = g_data_input_stream_read_line (lines, NULL, NULL, NULL);
      char *colon;

      if (header == NULL || header[0] == '\0')
        break;
      if ((colon = strchr (header, ':')) == NULL)
        continue;
      *colon = '\0';
      if (g_ascii_strcasecmp (header, "Authorization") == 0)
        request->authorization = g_strdup (g_strstrip (colon + 1));
      else if (g_ascii_strcasecmp (header, "Content-Length") == 0)
        content_length = g_ascii_strtoull (colon + 1, NULL, 10);
    }
  if (content_length > 0 && content_length < 1024 * 1024)
    {
      gsize read = 0;

      body = g_malloc (content_length);
      g_input_stream_read_all (G_INPUT_STREAM (lines), body, content_length, &read, NULL, NULL);
    }

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->requests, request);
  if (!g_queue_is_empty (&self->answers))
    status = GPOINTER_TO_UINT (g_queue_pop_head (&self->answers));
  else
    status = g_str_equal (parts[0], "POST") ? 201 : 401;
  g_mutex_unlock (&self->lock);

  {
    g_autofree char *payload = status >= 200 && status < 300 && status != 204
      ? g_strdup ("{}")
      : status == 204 ? g_strdup ("")
      : g_strdup_printf ("{\"error\": {\"code\": \"fake_%u\", \"message\": \"answer %u\"}}", status, status);

    answer = g_strdup_printf ("HTTP/1.1 %u Scripted\r\nContent-Type: application/json\r\n"
                              "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                              status, strlen (payload), payload);
  }
  g_output_stream_write_all (out, answer, strlen (answer), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  return TRUE;
}

static gpointer
accept_thread (gpointer data)
{
  FakePlatform *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_from_string ("127.0.0.1");
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_main_context_push_thread_default (self->context);
  self->service = g_threaded_socket_service_new (4);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error))
    g_error ("fake platform: %s", error->message);
  g_signal_connect (self->service, "run", G_CALLBACK (run_cb), self);
  g_socket_service_start (self->service);

  g_mutex_lock (&self->lock);
  self->url = g_strdup_printf ("http://127.0.0.1:%u",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  self->started = TRUE;
  g_cond_signal (&self->ready);
  g_mutex_unlock (&self->lock);

  g_main_loop_run (self->loop);

  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_clear_object (&self->service);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

FakePlatform *
fake_platform_new (void)
{
  FakePlatform *self = g_new0 (FakePlatform, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->ready);
  g_queue_init (&self->answers);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) fake_request_free);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("fake-platform", accept_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->started)
    g_cond_wait (&self->ready, &self->lock);
  g_mutex_unlock (&self->lock);

  return self;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
fake_platform_free (FakePlatform *self)
{
  if (self == NULL)
    return;

  g_main_context_invoke (self->context, quit_cb, self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_queue_clear (&self->answers);
  g_ptr_array_unref (self->requests);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->ready);
  g_free (self->url);
  g_free (self);
}

const char *
fake_platform_get_url (FakePlatform *self)
{
  return self->url;
}

void
fake_platform_queue (FakePlatform *self,
                     guint         status)
{
  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->answers, GUINT_TO_POINTER (status));
  g_mutex_unlock (&self->lock);
}

GPtrArray *
fake_platform_take_requests (FakePlatform *self)
{
  GPtrArray *taken;

  g_mutex_lock (&self->lock);
  taken = self->requests;
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) fake_request_free);
  g_mutex_unlock (&self->lock);

  return taken;
}
