/* main.c — duban-feed, the reference ticket platform
 *
 * Prints exactly one line on stdout once it is listening, so a script or
 * a test can start it on port 0 and read the address back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "duban-feed-main"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>

#include "duban-feed-client.h"
#include "duban-feed-server.h"
#include "duban-secret.h"

static gboolean
quit_on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

/* SIGUSR1: a burst of 1,000 changes at once, for benchmarks and tests
 * of incremental sync against the process. */
static gboolean
change_on_signal (gpointer user_data)
{
  guint changes = duban_feed_server_live_step (user_data, 1000);

  g_printerr ("duban-feed: %u changes\n", changes);
  return G_SOURCE_CONTINUE;
}

static gboolean
check_range (gint64       value,
             gint64       min,
             gint64       max,
             const char  *option,
             GError     **error)
{
  if (value >= min && value <= max)
    return TRUE;
  /* plain %lld: gettext cannot see through G_GINT64_FORMAT */
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("%s must be from %lld to %lld"),
               option, (long long) min, (long long) max);
  return FALSE;
}

int
main (int    argc,
      char **argv)
{
  gint port = 0;
  gint64 seed = DUBAN_FEED_DEFAULT_SEED;
  gint tickets = DUBAN_FEED_DEFAULT_TICKETS;
  gint invalid = 0;
  gint page_size = DUBAN_FEED_DEFAULT_PAGE_SIZE;
  g_autofree char *now_text = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_file = NULL;
  g_autofree char *faults = NULL;
  gboolean live = FALSE;
  gboolean plant = FALSE;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, N_("Port on 127.0.0.1 (0: any free port)"), "PORT" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Seed of the generated county"), "N" },
    { "tickets", 0, 0, G_OPTION_ARG_INT, &tickets, N_("Number of tickets to generate"), "N" },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now_text, N_("Pin the platform's clock (RFC 3339); default: the real time"), "TIME" },
    { "token", 0, 0, G_OPTION_ARG_STRING, &token, N_("Require Authorization: Bearer TOKEN"), "TOKEN" },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &token_file, N_("Read the token from FILE (first line)"), "FILE" },
    { "invalid", 0, 0, G_OPTION_ARG_INT, &invalid, N_("Mix N invalid ticket objects into the feed"), "N" },
    { "page-size", 0, 0, G_OPTION_ARG_INT, &page_size, N_("Default page size (limit), 1–1000"), "N" },
    { "live", 0, 0, G_OPTION_ARG_NONE, &live, N_("Tickets keep arriving and changing in real time"), NULL },
    { "plant", 0, 0, G_OPTION_ARG_NONE, &plant, N_("Plant hotspots, repeat complaints and slow units for the analysis to find"), NULL },
    { "faults", 0, 0, G_OPTION_ARG_STRING, &faults, N_("Inject faults, e.g. 5xx=0.05,429=0.05,slow=0.02,cut=0.02,invalid=0.01,expire=0.1"), "SPEC" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanFeedServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *url = NULL;
  DubanFeedOptions options;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("The reference ticket platform: serves a generated Jinxiang county over the feed API.\n"
                                  "Open311 GeoReport v2 endpoint: http://127.0.0.1:PORT/open311"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !check_range (port, 0, G_MAXUINT16, "--port", &error) ||
      !check_range (seed, 0, G_MAXUINT32, "--seed", &error) ||
      !check_range (tickets, 0, 2000000, "--tickets", &error) ||
      !check_range (invalid, 0, 1000000, "--invalid", &error) ||
      !check_range (page_size, 1, DUBAN_FEED_MAX_PAGE_SIZE, "--page-size", &error))
    {
      g_printerr ("duban-feed: %s\n", error->message);
      return 2;
    }

  duban_feed_options_init (&options);
  options.seed = (guint32) seed;
  options.n_tickets = (guint) tickets;
  options.n_invalid = (guint) invalid;
  options.page_size = (guint) page_size;
  options.live = live;
  options.plant = plant;

  if (faults != NULL && !duban_feed_faults_parse (faults, &options.faults, &error))
    {
      g_printerr ("duban-feed: --faults: %s\n", error->message);
      return 2;
    }

  if (now_text != NULL && !duban_time_parse_rfc3339 (now_text, &options.now, &error))
    {
      g_printerr ("duban-feed: --now: %s\n", error->message);
      return 2;
    }

  if (token != NULL && token_file != NULL)
    {
      g_printerr ("duban-feed: %s\n", _("give --token or --token-file, not both"));
      return 2;
    }
  if (token_file != NULL)
    {
      token = duban_read_token_file (token_file, &error);
      if (token == NULL)
        {
          g_printerr ("duban-feed: --token-file: %s\n", error->message);
          return 2;
        }
    }
  options.token = token;

  server = duban_feed_server_new (&options, &error);
  if (server == NULL || !duban_feed_server_listen (server, (guint) port, &error))
    {
      g_printerr ("duban-feed: %s\n", error->message);
      return 1;
    }

  url = duban_feed_server_get_url (server);
  printf ("duban-feed listening on %s\n", url);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_on_signal, loop);
  g_unix_signal_add (SIGTERM, quit_on_signal, loop);
  g_unix_signal_add (SIGUSR1, change_on_signal, server);
  g_main_loop_run (loop);

  return 0;
}
