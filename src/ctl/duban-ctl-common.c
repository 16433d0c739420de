/* duban-ctl-common.c — what every duban-ctl command shares
 *
 * The contract every command keeps: exit 0 on success, 1 with a one-line
 * message on stderr on failure, 2 on a usage error; times and durations
 * written the same way in every JSON answer; a store opened only when it
 * exists (only `sync` creates one).
 */

#define G_LOG_DOMAIN "duban-ctl-common"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "duban-ctl-private.h"
#include "duban-secret.h"

int
ctl_usage_error (GOptionContext *context,
                 const char     *message)
{
  g_printerr ("duban-ctl: %s\n", message);
  if (context != NULL)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      g_printerr ("%s", help);
    }
  return EXIT_USAGE;
}

int
ctl_failed (const char *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* one line, whatever the error text contains */
  g_strdelimit (message, "\r\n", ' ');
  g_printerr ("duban-ctl: %s\n", message);
  return EXIT_FAILED;
}

/* Parses a command's options; returns -1 when parsing went well, or the
 * exit code of the usage error. */
int
ctl_parse_options (GOptionContext  *context,
                   int             *argc,
                   char          ***argv)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_help_enabled (context, TRUE);
  if (!g_option_context_parse (context, argc, argv, &error))
    return ctl_usage_error (context, error->message);

  return -1;
}

gboolean
ctl_parse_moment (const char  *text,
                  DubanTime   *out,
                  GError     **error)
{
  if (text == NULL)
    {
      *out = duban_time_now ();
      return TRUE;
    }

  return duban_time_parse_rfc3339 (text, out, error);
}

void
ctl_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

void
ctl_add_time_member (JsonBuilder *builder,
                     const char  *name,
                     DubanTime    time)
{
  json_builder_set_member_name (builder, name);
  if (time == DUBAN_TIME_NONE)
    json_builder_add_null_value (builder);
  else
    {
      g_autofree char *text = duban_time_format_rfc3339 (time);
      json_builder_add_string_value (builder, text);
    }
}

const char *
ctl_unit_wire (DubanDurationUnit unit)
{
  return unit == DUBAN_DURATION_HOURS ? "hours" : "working_days";
}

void
ctl_add_duration_member (JsonBuilder       *builder,
                         const char        *name,
                         double             value,
                         DubanDurationUnit  unit)
{
  json_builder_set_member_name (builder, name);
  if (isnan (value))
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "value");
  json_builder_add_double_value (builder, value);
  json_builder_set_member_name (builder, "unit");
  json_builder_add_string_value (builder, ctl_unit_wire (unit));
  json_builder_end_object (builder);
}

/* The store a command reads: only `sync` creates one (through the feed
 * client), so a mistyped --db is reported rather than answered from a new
 * empty store with an empty bulletin. */
static void
ctl_hint_sync_creates_store (GError **error)
{
  if (error != NULL && g_error_matches (*error, DUBAN_STORE_ERROR, DUBAN_STORE_ERROR_NO_STORE))
    {
      g_autofree char *message = g_steal_pointer (&(*error)->message);

      (*error)->message = g_strdup_printf (_("%s (duban-ctl sync creates one)"), message);
    }
}

DubanStore *
ctl_open_store (const Globals  *globals,
                GError        **error)
{
  DubanStore *store = duban_store_open_existing (globals->db_path, error);

  if (store == NULL)
    ctl_hint_sync_creates_store (error);
  return store;
}

/* The store a command reads, with its calendar, policy and names, and
 * the tickets judged at @at when asked: loaded as the desk and every
 * report load them (DubanDesk). A @scope reads only the tickets the
 * command needs (NULL: every ticket). */
DubanDesk *
ctl_load_desk (const Globals        *globals,
               DubanDeskContents     contents,
               const DubanDeskScope *scope,
               DubanTime             at,
               GError              **error)
{
  DubanDesk *desk;

  if (scope != NULL)
    desk = duban_desk_load_scoped (globals->db_path, DUBAN_DESK_OPEN_EXISTING, contents, scope, at, NULL, error);
  else
    desk = duban_desk_load (globals->db_path, DUBAN_DESK_OPEN_EXISTING, contents, at, NULL, error);

  if (desk == NULL)
    ctl_hint_sync_creates_store (error);
  return desk;
}

/* Warns on stderr when a figure or deadline relied on Monday–Friday for a
 * year without a table: the reader must know. One line, however many
 * years: runs of years are named as ranges. */
void
ctl_warn_fallback_years (DubanCalendar *calendar)
{
  g_autoptr(GArray) years = duban_calendar_get_fallback_years (calendar);
  g_autofree char *named = NULL;

  if (years->len == 0)
    return;

  named = duban_calendar_format_years (years);
  g_printerr (_("duban-ctl: warning: no working-day calendar for %s; counted Monday to Friday\n"), named);
}


/* The token to send to @feed: the file the user named, else the one the
 * desk stored for @feed's origin (none for a platform it never saved one
 * for). A stored token that may not be used is an error, not a silent
 * request without it. */
gboolean
ctl_platform_token (const char  *feed,
                    const char  *token_file,
                    char       **token,
                    GError     **error)
{
  g_assert (feed != NULL && token != NULL);

  if (token_file != NULL)
    return (*token = duban_read_token_file (token_file, error)) != NULL;

  *token = duban_secret_lookup (feed, NULL, error);
  return *token != NULL || error == NULL || *error == NULL;
}


gboolean
ctl_parse_format (const char  *text,
                  const char  *allowed,
                  DubanTableFormat *out)
{
  g_auto(GStrv) names = g_strsplit (allowed, "|", -1);

  if (text == NULL)
    text = "table";
  if (!g_strv_contains ((const char * const *) names, text))
    return FALSE;

  if (g_str_equal (text, "csv"))
    *out = DUBAN_TABLE_CSV;
  else if (g_str_equal (text, "json"))
    *out = DUBAN_TABLE_JSON;
  else
    *out = DUBAN_TABLE_TEXT;

  return TRUE;
}
