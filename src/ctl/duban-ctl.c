/* duban-ctl.c — the desk's engine without a window
 *
 * The command-line interface is a contract that scripts and tests outside
 * the project use: exit 0 on success, 1 with a one-line message on stderr
 * on failure, 2 on a usage error. Every rule comes from core/.
 */

#define G_LOG_DOMAIN "duban-ctl"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "duban-audit.h"
#include "duban-calendar.h"
#include "duban-desk.h"
#include "duban-document-language.h"
#include "duban-feed-client.h"
#include "duban-figures.h"
#include "duban-orders.h"
#include "duban-outbox.h"
#include "duban-hotspots.h"
#include "duban-late-risk.h"
#include "duban-report-csv.h"
#include "duban-report-pdf.h"
#include "duban-privacy.h"
#include "duban-report-xlsx.h"
#include "duban-repeats.h"
#include "duban-secret.h"
#include "duban-sla.h"
#include "duban-store.h"
#include "duban-table.h"

#define EXIT_FAILED 1
#define EXIT_USAGE  2

typedef struct {
  const char *db_path;   /* NULL: the desk's default store */
} Globals;

typedef int (*CommandFunc) (const Globals *globals, int argc, char **argv);

static int
usage_error (GOptionContext *context,
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

static int
failed (const char *format,
        ...) G_GNUC_PRINTF (1, 2);

static int
failed (const char *format,
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
static int
parse_options (GOptionContext  *context,
               int             *argc,
               char          ***argv)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_help_enabled (context, TRUE);
  if (!g_option_context_parse (context, argc, argv, &error))
    return usage_error (context, error->message);

  return -1;
}

static gboolean
parse_moment (const char  *text,
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

static void
print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static void
add_time_member (JsonBuilder *builder,
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

static const char *
unit_wire (DubanDurationUnit unit)
{
  return unit == DUBAN_DURATION_HOURS ? "hours" : "working_days";
}

static void
add_duration_member (JsonBuilder       *builder,
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
  json_builder_add_string_value (builder, unit_wire (unit));
  json_builder_end_object (builder);
}

/* The store a command reads: only `sync` creates one (through the feed
 * client), so a mistyped --db is reported rather than answered from a new
 * empty store with an empty bulletin. */
static void
hint_sync_creates_store (GError **error)
{
  if (error != NULL && g_error_matches (*error, DUBAN_STORE_ERROR, DUBAN_STORE_ERROR_NO_STORE))
    {
      g_autofree char *message = g_steal_pointer (&(*error)->message);

      (*error)->message = g_strdup_printf (_("%s (duban-ctl sync creates one)"), message);
    }
}

static DubanStore *
open_store (const Globals  *globals,
            GError        **error)
{
  DubanStore *store = duban_store_open_existing (globals->db_path, error);

  if (store == NULL)
    hint_sync_creates_store (error);
  return store;
}

/* The store a command reads, with its calendar, policy and names, and
 * the tickets judged at @at when asked: loaded as the desk and every
 * report load them (DubanDesk). */
static DubanDesk *
load_desk (const Globals      *globals,
           DubanDeskContents   contents,
           DubanTime           at,
           GError            **error)
{
  DubanDesk *desk = duban_desk_load (globals->db_path, DUBAN_DESK_OPEN_EXISTING, contents, at, NULL, error);

  if (desk == NULL)
    hint_sync_creates_store (error);
  return desk;
}

/* Warns on stderr when a figure or deadline relied on Monday–Friday for a
 * year without a table: the reader must know. One line, however many
 * years: runs of years are named as ranges. */
static void
warn_fallback_years (DubanCalendar *calendar)
{
  g_autoptr(GArray) years = duban_calendar_get_fallback_years (calendar);
  g_autofree char *named = NULL;

  if (years->len == 0)
    return;

  named = duban_calendar_format_years (years);
  g_printerr (_("duban-ctl: warning: no working-day calendar for %s; counted Monday to Friday\n"), named);
}

/* ---- deadline ----------------------------------------------------------- */

static int
command_deadline (const Globals *globals,
                  int            argc,
                  char         **argv)
{
  g_autofree char *start_text = NULL;
  g_autofree char *urgency_text = NULL;
  GOptionEntry entries[] = {
    { "start", 0, 0, G_OPTION_ARG_STRING, &start_text, N_("Start of the clock (RFC 3339)"), "TIME" },
    { "urgency", 0, 0, G_OPTION_ARG_STRING, &urgency_text, N_("urgent or normal"), "URGENCY" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- the deadlines for a start");
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanDesk) desk = NULL;
  g_autoptr(DubanCalendar) calendar = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  DubanSlaPolicy policy;
  DubanTime start;
  int urgency;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    return usage_error (context, "unexpected argument");
  if (start_text == NULL || urgency_text == NULL)
    return usage_error (context, "--start and --urgency are required");
  if (!duban_enum_from_wire (DUBAN_ENUM_URGENCY, urgency_text, &urgency))
    return usage_error (context, "--urgency must be urgent or normal");
  if (!duban_time_parse_rfc3339 (start_text, &start, &error))
    return usage_error (context, error->message);

  /* The platform's calendar and the center's policy count when the store
   * has them; no store is created just to answer this. */
  {
    g_autofree char *path = globals->db_path ? g_strdup (globals->db_path) : duban_store_default_path ();

    duban_sla_policy_init_defaults (&policy);
    if (g_file_test (path, G_FILE_TEST_EXISTS))
      {
        if (!(desk = load_desk (globals, 0, start, &error)))
          return failed ("%s", error->message);
        calendar = g_object_ref (duban_desk_get_calendar (desk));
        policy = *duban_desk_get_policy (desk);
      }
    else
      calendar = duban_calendar_new ();
  }

  json_builder_begin_object (builder);
  add_time_member (builder, "start", start);
  add_time_member (builder, "contact_deadline", duban_sla_contact_deadline_for (&policy, urgency, start));
  add_time_member (builder, "deadline", duban_sla_deadline_for (&policy, calendar, urgency, start));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  print_json (root);
  warn_fallback_years (calendar);

  return 0;
}

/* ---- sync --------------------------------------------------------------- */

/* The token to send to @feed: the file the user named, else the one the
 * desk stored for @feed's origin (none for a platform it never saved one
 * for). A stored token that may not be used is an error, not a silent
 * request without it. */
static gboolean
platform_token (const char  *feed,
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

static int
command_sync (const Globals *globals,
              int            argc,
              char         **argv)
{
  g_autofree char *feed = NULL;
  g_autofree char *token_file = NULL;
  gboolean open311 = FALSE;
  GOptionEntry entries[] = {
    { "feed", 0, 0, G_OPTION_ARG_STRING, &feed, N_("The platform's base URL"), "URL" },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &token_file, N_("A private file holding the platform's token"), "FILE" },
    { "open311", 0, 0, G_OPTION_ARG_NONE, &open311, N_("Read an Open311 GeoReport v2 endpoint"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- read the platform into the store");
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanFeedClient) client = NULL;
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  DubanSyncStats stats;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    return usage_error (context, "unexpected argument");
  if (feed == NULL)
    return usage_error (context, "--feed is required");
  if (!g_str_has_prefix (feed, "http://") && !g_str_has_prefix (feed, "https://"))
    return usage_error (context, "--feed must be an http:// or https:// URL");

  if (!platform_token (feed, token_file, &token, &error))
    return failed ("%s", error->message);

  client = duban_feed_client_new (feed);
  duban_feed_client_set_token (client, token);
  duban_feed_client_set_open311 (client, open311);

  path = globals->db_path ? g_strdup (globals->db_path) : duban_store_default_path ();
  if (!duban_feed_client_sync (client, path, &stats, NULL, NULL, NULL, &error))
    return failed (_("sync failed: %s"), error->message);

  g_print ("new %u, updated %u, deleted %u, quarantined %u\n",
           stats.inserted, stats.updated, stats.deleted, stats.quarantined);

  return 0;
}

/* ---- status and overdue ------------------------------------------------- */

static void
add_status_members (JsonBuilder          *builder,
                    const DubanTicket    *ticket,
                    const DubanSlaStatus *st)
{
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, ticket->id);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, duban_state_to_wire (st->state));
  json_builder_set_member_name (builder, "contact_overdue");
  json_builder_add_boolean_value (builder, st->contact_overdue);
  add_time_member (builder, "contact_deadline", st->contact_deadline);
  add_time_member (builder, "deadline", st->deadline);
  add_duration_member (builder, "allowed", st->allowed, st->unit);
  add_duration_member (builder, "remaining", st->remaining, st->unit);
  add_duration_member (builder, "overdue_by", st->overdue_by, st->unit);
}

static int
command_status (const Globals *globals,
                int            argc,
                char         **argv)
{
  g_autofree char *at_text = NULL;
  GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("The moment to judge at (default: now)"), "TIME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[ID …] - the state of tickets");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(DubanDesk) desk = NULL;
  g_autoptr(GPtrArray) named = NULL;
  GPtrArray *tickets;
  DubanTime at;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (!parse_moment (at_text, &at, &error))
    return usage_error (context, error->message);

  /* the tickets named, or every one */
  if (!(desk = load_desk (globals, argc > 1 ? 0 : DUBAN_DESK_TICKETS, at, &error)))
    return failed ("%s", error->message);

  if (argc > 1)
    {
      named = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
      for (int i = 1; i < argc; i++)
        {
          DubanTicket *ticket = duban_store_get_ticket (duban_desk_get_store (desk), argv[i], &error);

          if (ticket == NULL)
            return failed ("%s", error->message);
          g_ptr_array_add (named, ticket);
        }
      tickets = named;
    }
  else
    tickets = duban_desk_get_tickets (desk);

  json_builder_begin_array (builder);
  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      DubanSlaStatus st;

      duban_sla_evaluate (duban_desk_get_policy (desk), duban_desk_get_calendar (desk), ticket, at, &st);
      if (st.state == DUBAN_STATE_CANCELLED || st.state == DUBAN_STATE_NOT_YET)
        continue;

      json_builder_begin_object (builder);
      add_status_members (builder, ticket, &st);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  print_json (root);
  warn_fallback_years (duban_desk_get_calendar (desk));

  return 0;
}

typedef struct {
  const DubanTicket *ticket;
  DubanSlaStatus     status;
} Judged;

static int
compare_attention (gconstpointer a,
                   gconstpointer b)
{
  const Judged *ja = a, *jb = b;

  return duban_sla_compare_attention (&ja->status, ja->ticket->id, &jb->status, jb->ticket->id);
}

static gboolean
parse_format (const char  *text,
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

static int
command_overdue (const Globals *globals,
                 int            argc,
                 char         **argv)
{
  g_autofree char *at_text = NULL;
  g_autofree char *format_text = NULL;
  GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("The moment to judge at (default: now)"), "TIME" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("table, csv or json"), "FORMAT" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- open tickets past a deadline");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) judged = g_array_new (FALSE, FALSE, sizeof (Judged));
  g_autoptr(DubanDesk) desk = NULL;
  GPtrArray *tickets;
  GArray *statuses;
  DubanTableFormat format;
  DubanTime at;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    return usage_error (context, "unexpected argument");
  if (!parse_format (format_text, "table|csv|json", &format))
    return usage_error (context, "--format must be table, csv or json");
  if (!parse_moment (at_text, &at, &error))
    return usage_error (context, error->message);

  if (!(desk = load_desk (globals, DUBAN_DESK_TICKETS, at, &error)))
    return failed ("%s", error->message);
  tickets = duban_desk_get_tickets (desk);
  statuses = duban_desk_get_statuses (desk);

  /* Overdue: open and past the completion deadline, or an urgent ticket
   * still waiting for its first contact past the hour. */
  for (guint i = 0; i < tickets->len; i++)
    {
      Judged item = { g_ptr_array_index (tickets, i), g_array_index (statuses, DubanSlaStatus, i) };

      if (item.status.state == DUBAN_STATE_OPEN_OVERDUE ||
          (item.status.contact_overdue && duban_state_is_open (item.status.state)))
        g_array_append_val (judged, item);
    }
  g_array_sort (judged, compare_attention);

  if (format == DUBAN_TABLE_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < judged->len; i++)
        {
          const Judged *item = &g_array_index (judged, Judged, i);
          g_autofree char *title = duban_privacy_mask_ticket_text (item->ticket->title,
                                                                   item->ticket->petitioner_phone);

          json_builder_begin_object (builder);
          add_status_members (builder, item->ticket, &item->status);
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, title);
          json_builder_set_member_name (builder, "urgency");
          json_builder_add_string_value (builder, duban_enum_to_wire (DUBAN_ENUM_URGENCY, item->ticket->urgency));
          json_builder_set_member_name (builder, "unit");
          json_builder_add_string_value (builder, item->ticket->unit_name ? item->ticket->unit_name : "");
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }
  else
    {
      g_autoptr(DubanTable) table = duban_table_new ();

      duban_table_add_columns (table,
                               _("Ticket"), "id",
                               _("Title"), "title",
                               _("Unit"), "unit",
                               _("Urgency"), "urgency",
                               _("State"), "state",
                               _("Deadline"), "deadline",
                               _("Overdue by"), "overdue_by",
                               _("Contact overdue"), "contact_overdue",
                               NULL);
      for (guint i = 0; i < judged->len; i++)
        {
          const Judged *item = &g_array_index (judged, Judged, i);
          /* a phone in the title leaves masked, like the petitioner field */
          g_autofree char *title = duban_privacy_mask_ticket_text (item->ticket->title,
                                                                   item->ticket->petitioner_phone);
          g_autofree char *deadline = format == DUBAN_TABLE_CSV
            ? duban_time_format_rfc3339 (item->status.deadline)
            : duban_time_format_civil (item->status.deadline);
          g_autofree char *overdue = isnan (item->status.overdue_by)
            ? g_strdup ("")
            : (format == DUBAN_TABLE_CSV
               ? g_strdup_printf ("%.4f %s", item->status.overdue_by, unit_wire (item->status.unit))
               : duban_duration_format (item->status.overdue_by, item->status.unit));

          duban_table_add_row (table,
                               item->ticket->id,
                               title,
                               item->ticket->unit_name ? item->ticket->unit_name : "",
                               duban_enum_to_display (DUBAN_ENUM_URGENCY, item->ticket->urgency),
                               duban_state_to_display (item->status.state),
                               deadline,
                               overdue,
                               item->status.contact_overdue ? _("yes") : "",
                               NULL);
        }
      duban_table_print (table, format, stdout);
    }

  warn_fallback_years (duban_desk_get_calendar (desk));
  return 0;
}

/* ---- figures ------------------------------------------------------------ */

static char *
format_rate (double value)
{
  return isnan (value) ? g_strdup (_("no data")) : g_strdup_printf ("%.2f%%", 100.0 * value);
}

static char *
format_number (double value,
               int    decimals)
{
  return isnan (value) ? g_strdup ("") : g_strdup_printf ("%.*f", decimals, value);
}

static int
command_figures (const Globals *globals,
                 int            argc,
                 char         **argv)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *by_text = NULL;
  g_autofree char *at_text = NULL;
  g_autofree char *format_text = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("First day of the period"), "DATE" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Last day of the period"), "DATE" },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by_text, N_("county, town or unit"), "GROUPING" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("As known at this moment (default: now)"), "TIME" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("table, csv or json"), "FORMAT" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- the evaluation figures of a period");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(DubanDesk) desk = NULL;
  DubanGrouping grouping = DUBAN_GROUP_COUNTY;
  DubanTableFormat format;
  DubanPeriod period;
  DubanDay first, last;
  DubanTime at;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    return usage_error (context, "unexpected argument");
  if (from_text == NULL || to_text == NULL)
    return usage_error (context, "--from and --to are required");
  if (!duban_day_parse (from_text, &first, &error) || !duban_day_parse (to_text, &last, &error))
    return usage_error (context, error->message);
  if (last < first)
    return usage_error (context, "--to is before --from");
  if (by_text == NULL || g_str_equal (by_text, "county"))
    grouping = DUBAN_GROUP_COUNTY;
  else if (g_str_equal (by_text, "town"))
    grouping = DUBAN_GROUP_TOWN;
  else if (g_str_equal (by_text, "unit"))
    grouping = DUBAN_GROUP_UNIT;
  else
    return usage_error (context, "--by must be county, town or unit");
  if (!parse_format (format_text, "table|csv|json", &format))
    return usage_error (context, "--format must be table, csv or json");
  if (!parse_moment (at_text, &at, &error))
    return usage_error (context, error->message);

  if (!(desk = load_desk (globals, DUBAN_DESK_TICKETS, at, &error)))
    return failed ("%s", error->message);

  duban_period_init (&period, first, last, at);
  groups = duban_figures_compute (duban_desk_get_tickets (desk), duban_desk_get_policy (desk),
                                  duban_desk_get_calendar (desk), &period,
                                  grouping, duban_desk_dup_name_cb, desk);

  if (format == DUBAN_TABLE_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *from_day = duban_day_format (first);
      g_autofree char *to_day = duban_day_format (last);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "from");
      json_builder_add_string_value (builder, from_day);
      json_builder_set_member_name (builder, "to");
      json_builder_add_string_value (builder, to_day);
      add_time_member (builder, "at", at);
      json_builder_set_member_name (builder, "groups");
      json_builder_begin_array (builder);
      for (guint i = 0; i < groups->len; i++)
        json_builder_add_value (builder, duban_figures_to_json (g_ptr_array_index (groups, i)));
      json_builder_end_array (builder);
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      print_json (root);
    }
  else
    {
      g_autoptr(DubanTable) table = duban_table_new ();
      gboolean csv = format == DUBAN_TABLE_CSV;

      duban_table_add_columns (table,
                               C_("figures column", "Code"), "key",
                               C_("figures column", "Name"), "name",
                               C_("figures column", "Received"), "received",
                               C_("figures column", "Resolved"), "resolved",
                               C_("figures column", "Completion rate"), "completion_rate",
                               C_("figures column", "Due"), "due",
                               C_("figures column", "On time"), "on_time",
                               C_("figures column", "On-time completion rate"), "on_time_completion_rate",
                               C_("figures column", "Urgent due"), "urgent_due",
                               C_("figures column", "Contacted on time"), "contacted_on_time",
                               C_("figures column", "On-time contact rate"), "on_time_contact_rate",
                               C_("figures column", "Rated visits"), "visited",
                               C_("figures column", "Satisfied"), "satisfied",
                               C_("figures column", "Satisfaction rate"), "satisfaction_rate",
                               C_("figures column", "Mean hours (urgent)"), "mean_hours_urgent",
                               C_("figures column", "Mean working days (normal)"), "mean_working_days_normal",
                               C_("figures column", "Settled in grid"), "settled_grid",
                               C_("figures column", "Settled in town"), "settled_town",
                               C_("figures column", "Settled in county"), "settled_county",
                               C_("figures column", "Score"), "score",
                               NULL);
      duban_table_set_numeric (table, "received", "resolved", "completion_rate", "due", "on_time",
                               "on_time_completion_rate", "urgent_due", "contacted_on_time",
                               "on_time_contact_rate", "visited", "satisfied", "satisfaction_rate",
                               "mean_hours_urgent", "mean_working_days_normal", "settled_grid",
                               "settled_town", "settled_county", "score", NULL);

      for (guint i = 0; i < groups->len; i++)
        {
          const DubanFigures *f = g_ptr_array_index (groups, i);
          g_autofree char *received = g_strdup_printf ("%u", f->received);
          g_autofree char *resolved = g_strdup_printf ("%u", f->resolved);
          g_autofree char *due = g_strdup_printf ("%u", f->due);
          g_autofree char *on_time = g_strdup_printf ("%u", f->on_time);
          g_autofree char *urgent_due = g_strdup_printf ("%u", f->urgent_due);
          g_autofree char *contacted = g_strdup_printf ("%u", f->contacted_on_time);
          g_autofree char *visited = g_strdup_printf ("%u", f->visited);
          g_autofree char *satisfied = g_strdup_printf ("%u", f->satisfied);
          /* CSV carries fractions for machines; the table percentages for people */
          g_autofree char *completion = csv ? format_number (f->completion_rate, 6) : format_rate (f->completion_rate);
          g_autofree char *on_time_rate = csv ? format_number (f->on_time_completion_rate, 6) : format_rate (f->on_time_completion_rate);
          g_autofree char *contact_rate = csv ? format_number (f->on_time_contact_rate, 6) : format_rate (f->on_time_contact_rate);
          g_autofree char *satisfaction = csv ? format_number (f->satisfaction_rate, 6) : format_rate (f->satisfaction_rate);
          g_autofree char *hours = format_number (f->mean_hours_urgent, csv ? 4 : 1);
          g_autofree char *days = format_number (f->mean_working_days_normal, csv ? 4 : 2);
          g_autofree char *grid = csv ? format_number (f->settled_grid_share, 6) : format_rate (f->settled_grid_share);
          g_autofree char *town = csv ? format_number (f->settled_town_share, 6) : format_rate (f->settled_town_share);
          g_autofree char *county = csv ? format_number (f->settled_county_share, 6) : format_rate (f->settled_county_share);
          g_autofree char *score = format_number (f->score, csv ? 4 : 1);

          duban_table_add_row (table, f->key, f->name, received, resolved, completion,
                               due, on_time, on_time_rate, urgent_due, contacted, contact_rate,
                               visited, satisfied, satisfaction, hours, days, grid, town, county,
                               score, NULL);
        }
      duban_table_print (table, format, stdout);
    }

  warn_fallback_years (duban_desk_get_calendar (desk));
  return 0;
}

/* ---- quarantine --------------------------------------------------------- */

static int
command_quarantine (const Globals *globals,
                    int            argc,
                    char         **argv)
{
  g_autofree char *format_text = NULL;
  g_autofree char *reason = NULL;
  gboolean reveal = FALSE;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("table or json"), "FORMAT" },
    { "reveal", 0, 0, G_OPTION_ARG_NONE, &reveal,
      N_("Print the raw records with the petitioners' personal data in the clear (needs --reason; logged)"), NULL },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the personal data is needed"), "TEXT" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- records the platform sent that are not valid tickets");
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GPtrArray) records = NULL;
  DubanTableFormat format;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    return usage_error (context, "unexpected argument");
  if (!parse_format (format_text, "table|json", &format))
    return usage_error (context, "--format must be table or json");
  if (reason != NULL && !reveal)
    return usage_error (context, "--reason goes with --reveal");
  if (reveal && format != DUBAN_TABLE_JSON)
    return usage_error (context, "--reveal shows the raw records, which only --format json prints");
  if (reveal && (reason == NULL || g_strstrip (reason)[0] == '\0'))
    return usage_error (context, "--reveal needs --reason TEXT: say why the personal data is needed");

  if (!(store = open_store (globals, &error)) ||
      !(records = duban_store_load_quarantine (store, &error)))
    return failed ("%s", error->message);

  /* the audit row first: no row, nothing in the clear */
  if (reveal && !duban_audit_reveal_quarantine (store, records->len, reason, &error))
    return failed ("%s", error->message);

  if (format == DUBAN_TABLE_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < records->len; i++)
        {
          const DubanQuarantineRecord *record = g_ptr_array_index (records, i);
          g_autofree char *why = duban_privacy_mask_text (record->reason, NULL);
          /* personal data masked unless revealed; and JSON output must
           * be UTF-8 where the raw bytes may not be */
          g_autofree char *raw = reveal ? g_utf8_make_valid (record->raw, -1)
                                        : duban_privacy_mask_raw (record->raw);

          json_builder_begin_object (builder);
          if (record->ticket_id != NULL)
            {
              json_builder_set_member_name (builder, "id");
              json_builder_add_string_value (builder, record->ticket_id);
            }
          json_builder_set_member_name (builder, "reason");
          json_builder_add_string_value (builder, why);
          json_builder_set_member_name (builder, "raw");
          json_builder_add_string_value (builder, raw);
          add_time_member (builder, "received_at", record->received_at);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }
  else
    {
      g_autoptr(DubanTable) table = duban_table_new ();

      duban_table_add_columns (table, _("Ticket"), "id", _("Reason"), "reason",
                               C_("quarantine column", "Received at"), "received_at", NULL);
      for (guint i = 0; i < records->len; i++)
        {
          const DubanQuarantineRecord *record = g_ptr_array_index (records, i);
          g_autofree char *when = duban_time_format_civil (record->received_at);
          g_autofree char *why = duban_privacy_mask_text (record->reason, NULL);

          duban_table_add_row (table, record->ticket_id ? record->ticket_id : "—",
                               why, when, NULL);
        }
      duban_table_print (table, format, stdout);
    }

  return 0;
}

/* ---- report ------------------------------------------------------------- */

static int
command_report (const Globals *globals,
                int            argc,
                char         **argv)
{
  g_autofree char *kind_text = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *scope_text = NULL;
  g_autofree char *at_text = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *lang_text = NULL;
  GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, N_("bulletin or supervision"), "KIND" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("First day of the period"), "DATE" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Last day of the period"), "DATE" },
    { "scope", 0, 0, G_OPTION_ARG_STRING, &scope_text, N_("county, town:CODE or unit:CODE"), "SCOPE" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("As known at this moment (default: now)"), "TIME" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, N_("The file to write: .pdf, .xlsx or .csv"), "FILE" },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang_text, N_("The document's language: zh_CN (the default, whatever the locale) or en"), "LANG" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- write a bulletin or a supervision summary");
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanReport) report = NULL;
  g_autoptr(DubanDesk) desk = NULL;
  g_autofree char *scope_code = NULL;
  DubanReportSources sources = { 0 };
  DubanReportKind kind;
  DubanScopeKind scope;
  DubanDay first, last;
  DubanTime at;
  gboolean written;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    return usage_error (context, "unexpected argument");
  if (kind_text == NULL || !duban_report_kind_from_wire (kind_text, &kind))
    return usage_error (context, "--kind must be bulletin or supervision");
  if (from_text == NULL || to_text == NULL)
    return usage_error (context, "--from and --to are required");
  if (!duban_day_parse (from_text, &first, &error) || !duban_day_parse (to_text, &last, &error))
    return usage_error (context, error->message);
  if (last < first)
    return usage_error (context, "--to is before --from");
  if (!duban_report_scope_parse (scope_text, &scope, &scope_code, &error))
    return usage_error (context, error->message);
  if (!parse_moment (at_text, &at, &error))
    return usage_error (context, error->message);
  if (out_path == NULL ||
      !(g_str_has_suffix (out_path, ".pdf") || g_str_has_suffix (out_path, ".xlsx") ||
        g_str_has_suffix (out_path, ".csv")))
    return usage_error (context, "--out must name a .pdf, .xlsx or .csv file");
  if (lang_text != NULL && !duban_document_language_is_known (lang_text))
    return usage_error (context, "--lang must be zh_CN or en");

  if (!(desk = load_desk (globals, DUBAN_DESK_TICKETS | DUBAN_DESK_ORDERS | DUBAN_DESK_REGIONS, at, &error)))
    return failed ("%s", error->message);

  sources.tickets = duban_desk_get_tickets (desk);
  sources.policy = duban_desk_get_policy (desk);
  sources.calendar = duban_desk_get_calendar (desk);
  sources.name_lookup = duban_desk_dup_name_cb;
  sources.name_data = desk;
  sources.orders = duban_desk_get_orders (desk);
  sources.regions = duban_desk_get_regions (desk);
  /* the document in its language, whatever this process's locale */
  {
    g_autoptr(DubanDocumentLanguage) document_language = duban_document_language_begin (lang_text);

    report = duban_report_build (&sources, kind, scope, scope_code, first, last, at, &error);
    if (report == NULL)
      written = FALSE;
    else if (g_str_has_suffix (out_path, ".pdf"))
      written = duban_report_write_pdf (report, out_path, &error);
    else if (g_str_has_suffix (out_path, ".xlsx"))
      written = duban_report_write_xlsx (report, out_path, &error);
    else
      written = duban_report_write_csv (report, out_path, &error);
  }
  if (!written)
    return failed ("%s", error->message);

  {
    g_autofree char *detail = g_strdup_printf ("%s %s %s..%s %s", duban_report_kind_to_wire (kind),
                                               scope_text ? scope_text : "county", from_text, to_text, out_path);
    if (!duban_store_audit (duban_desk_get_store (desk), "report-export", NULL, detail, &error))
      return failed ("%s", error->message);
  }

  warn_fallback_years (duban_desk_get_calendar (desk));
  return 0;
}

/* ---- order and outbox ---------------------------------------------------- */

/* YYYY-MM-DD is that day at 17:00 civil time, the end of its office hours
 * (the desk's order dialog offers the same hour); an RFC 3339 time is
 * taken as it is. */
static gboolean
parse_respond_by (const char  *text,
                  DubanTime   *out,
                  GError     **error)
{
  DubanDay day;

  g_assert (text != NULL && out != NULL);

  if (strlen (text) == 10 && duban_day_parse (text, &day, NULL))
    {
      *out = duban_day_start (day) + 17 * DUBAN_USEC_PER_HOUR;
      return TRUE;
    }

  if (!duban_time_parse_rfc3339 (text, out, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--respond-by must be YYYY-MM-DD or an RFC 3339 time, not %s", text);
      return FALSE;
    }

  return TRUE;
}

static int
command_order (const Globals *globals,
               int            argc,
               char         **argv)
{
  g_autofree char *ticket_id = NULL;
  g_autofree char *level_text = NULL;
  g_autofree char *note = NULL;
  g_autofree char *respond_by_text = NULL;
  g_autofree char *issued_by = NULL;
  GOptionEntry entries[] = {
    { "ticket", 0, 0, G_OPTION_ARG_STRING, &ticket_id, N_("The ticket the order is for"), "ID" },
    { "level", 0, 0, G_OPTION_ARG_STRING, &level_text, N_("notice, yellow or red"), "LEVEL" },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("What the unit is asked to do"), "TEXT" },
    { "respond-by", 0, 0, G_OPTION_ARG_STRING, &respond_by_text, N_("Reply by this day (17:00) or time (RFC 3339)"), "DATE" },
    { "issued-by", 0, 0, G_OPTION_ARG_STRING, &issued_by, N_("The issuer's name (default: this account's)"), "NAME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- issue a supervision order and queue it for the platform");
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(DubanOrder) order = NULL;
  DubanOrderLevel level;
  DubanTime respond_by;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    return usage_error (context, "unexpected argument");
  if (ticket_id == NULL || level_text == NULL || note == NULL || respond_by_text == NULL)
    return usage_error (context, "--ticket, --level, --note and --respond-by are required");
  if (ticket_id[0] == '\0' || !g_utf8_validate (ticket_id, -1, NULL))
    return usage_error (context, "--ticket must name a ticket");
  if (!duban_order_level_from_wire (level_text, &level))
    return usage_error (context, "--level must be notice, yellow or red");
  if (!g_utf8_validate (note, -1, NULL))
    return usage_error (context, "--note must be UTF-8 text");
  if (issued_by != NULL && (issued_by[0] == '\0' || !g_utf8_validate (issued_by, -1, NULL)))
    return usage_error (context, "--issued-by must be a name");
  if (!parse_respond_by (respond_by_text, &respond_by, &error))
    return usage_error (context, error->message);
  /* as in the desk's dialog: a reply cannot be due before the order */
  if (respond_by <= duban_time_now ())
    return usage_error (context, "--respond-by is not in the future");

  /* the order, its outbox row and its audit row: one transaction, as when
   * the desk issues it */
  if (!(store = open_store (globals, &error)) ||
      !(order = duban_orders_issue_as (store, ticket_id, level, note, respond_by, issued_by, &error)))
    return failed ("%s", error->message);

  g_print ("%s\n", order->client_id);
  return 0;
}

static int
outbox_deliver (const Globals *globals,
                const char    *feed,
                const char    *token_file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanFeedClient) client = NULL;
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  DubanOutboxStats stats = { 0 };

  /* the token that belongs to --feed's origin, never another's */
  if (!platform_token (feed, token_file, &token, &error))
    return failed ("%s", error->message);

  client = duban_feed_client_new (feed);
  duban_feed_client_set_token (client, token);

  path = globals->db_path ? g_strdup (globals->db_path) : duban_store_default_path ();
  {
    /* opened (and checked) the way every other command opens it */
    g_autoptr(DubanStore) store = open_store (globals, &error);

    if (store == NULL)
      return failed ("%s", error->message);
  }
  if (!duban_outbox_deliver_now (client, path, &stats, NULL, &error))
    return failed (_("delivery failed: %s"), error->message);

  g_print ("delivered %u, refused %u, waiting %u\n", stats.delivered, stats.refused, stats.waiting);
  if (stats.unauthorized)
    return failed (_("the platform did not accept the token; the orders wait for a new one (--token-file, or save it in the desk)"));
  if (stats.waiting > 0)
    return failed (g_dngettext (GETTEXT_PACKAGE, "%u order not acknowledged, kept in the outbox",
                                "%u orders not acknowledged, kept in the outbox", stats.waiting),
                   stats.waiting);

  return 0;
}

static int
command_outbox (const Globals *globals,
                int            argc,
                char         **argv)
{
  g_autofree char *format_text = NULL;
  g_autofree char *feed = NULL;
  g_autofree char *token_file = NULL;
  gboolean deliver = FALSE;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("table or json"), "FORMAT" },
    { "deliver", 0, 0, G_OPTION_ARG_NONE, &deliver, N_("Send every order not yet acknowledged"), NULL },
    { "feed", 0, 0, G_OPTION_ARG_STRING, &feed, N_("The platform's base URL"), "URL" },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &token_file, N_("A private file holding the platform's token"), "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- the supervision orders the platform has not acknowledged");
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GPtrArray) items = NULL;
  DubanTableFormat format;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    return usage_error (context, "unexpected argument");

  if (deliver)
    {
      if (format_text != NULL)
        return usage_error (context, "--format lists the outbox; it does not go with --deliver");
      if (feed == NULL)
        return usage_error (context, "--deliver needs --feed");
      if (!g_str_has_prefix (feed, "http://") && !g_str_has_prefix (feed, "https://"))
        return usage_error (context, "--feed must be an http:// or https:// URL");
      return outbox_deliver (globals, feed, token_file);
    }
  if (feed != NULL || token_file != NULL)
    return usage_error (context, "--feed and --token-file go with --deliver");
  if (!parse_format (format_text, "table|json", &format))
    return usage_error (context, "--format must be table or json");

  if (!(store = open_store (globals, &error)) ||
      !(items = duban_outbox_list (store, &error)))
    return failed ("%s", error->message);

  if (format == DUBAN_TABLE_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < items->len; i++)
        {
          const DubanOutboxItem *item = g_ptr_array_index (items, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "client_id");
          json_builder_add_string_value (builder, item->client_id);
          json_builder_set_member_name (builder, "ticket_id");
          json_builder_add_string_value (builder, item->ticket_id);
          json_builder_set_member_name (builder, "level");
          json_builder_add_string_value (builder, duban_order_level_to_wire (item->level));
          json_builder_set_member_name (builder, "attempts");
          json_builder_add_int_value (builder, item->attempts);
          json_builder_set_member_name (builder, "last_error");
          if (item->last_error != NULL)
            json_builder_add_string_value (builder, item->last_error);
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }
  else
    {
      g_autoptr(DubanTable) table = duban_table_new ();

      duban_table_add_columns (table,
                               C_("outbox column", "Order"), "client_id",
                               C_("outbox column", "Ticket"), "ticket_id",
                               C_("outbox column", "Level"), "level",
                               C_("outbox column", "State"), "state",
                               C_("outbox column", "Attempts"), "attempts",
                               C_("outbox column", "Next try"), "next_attempt_at",
                               C_("outbox column", "Last error"), "last_error",
                               NULL);
      for (guint i = 0; i < items->len; i++)
        {
          const DubanOutboxItem *item = g_ptr_array_index (items, i);
          g_autofree char *attempts = g_strdup_printf ("%" G_GINT64_FORMAT, item->attempts);
          g_autofree char *next = item->next_attempt_at != DUBAN_TIME_NONE && item->next_attempt_at > duban_time_now ()
            ? duban_time_format_civil (item->next_attempt_at)
            : g_strdup (C_("outbox next try", "now"));

          duban_table_add_row (table, item->client_id, item->ticket_id,
                               duban_order_level_to_display (item->level),
                               duban_delivery_state_to_display (item->delivery),
                               attempts, next, item->last_error != NULL ? item->last_error : "—", NULL);
        }
      duban_table_print (table, format, stdout);
    }

  return 0;
}

/* ---- 研判: hotspots ------------------------------------------------------ */

static int parse_analysis_days (GOptionContext *context,
                                const char     *from_text,
                                const char     *to_text,
                                gboolean        required,
                                DubanDay       *first,
                                DubanDay       *last);

static int
command_hotspots (const Globals *globals,
                  int            argc,
                  char         **argv)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *level_text = NULL;
  g_autofree char *at_text = NULL;
  g_autofree char *format_text = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("First day of the period"), "DATE" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Last day of the period"), "DATE" },
    { "level", 0, 0, G_OPTION_ARG_STRING, &level_text, N_("grid, village (the default) or town"), "LEVEL" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("As known at this moment (default: now)"), "TIME" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("table or json"), "FORMAT" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- areas and categories with significantly more tickets than usual");
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanDesk) desk = NULL;
  g_autoptr(GPtrArray) hotspots = NULL;
  DubanAreaLevel level = DUBAN_AREA_VILLAGE;
  DubanTableFormat format;
  DubanDay first, last;
  DubanTime at;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    return usage_error (context, "unexpected argument");
  if ((status = parse_analysis_days (context, from_text, to_text, TRUE, &first, &last)) >= 0)
    return status;
  if (level_text == NULL || g_str_equal (level_text, "village"))
    level = DUBAN_AREA_VILLAGE;
  else if (g_str_equal (level_text, "grid"))
    level = DUBAN_AREA_GRID;
  else if (g_str_equal (level_text, "town"))
    level = DUBAN_AREA_TOWN;
  else
    return usage_error (context, "--level must be grid, village or town");
  if (!parse_format (format_text, "table|json", &format))
    return usage_error (context, "--format must be table or json");
  if (!parse_moment (at_text, &at, &error))
    return usage_error (context, error->message);

  desk = duban_desk_load (globals->db_path, DUBAN_DESK_OPEN_EXISTING,
                          DUBAN_DESK_TICKETS | DUBAN_DESK_REGIONS, at, NULL, &error);
  if (desk == NULL)
    return failed ("%s", error->message);

  hotspots = duban_hotspots_find (duban_desk_get_tickets (desk), duban_desk_get_regions (desk),
                                  level, first, last, at, duban_desk_dup_name_cb, desk);

  if (format == DUBAN_TABLE_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *from_day = duban_day_format (first);
      g_autofree char *to_day = duban_day_format (last);

      json_builder_begin_array (builder);
      for (guint i = 0; i < hotspots->len; i++)
        {
          const DubanHotspot *hotspot = g_ptr_array_index (hotspots, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "area");
          json_builder_add_string_value (builder, hotspot->area);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, hotspot->name);
          json_builder_set_member_name (builder, "level");
          json_builder_add_string_value (builder, duban_area_level_to_wire (hotspot->level));
          json_builder_set_member_name (builder, "category");
          json_builder_add_string_value (builder, hotspot->category);
          json_builder_set_member_name (builder, "from");
          json_builder_add_string_value (builder, from_day);
          json_builder_set_member_name (builder, "to");
          json_builder_add_string_value (builder, to_day);
          json_builder_set_member_name (builder, "count");
          json_builder_add_int_value (builder, hotspot->count);
          json_builder_set_member_name (builder, "expected");
          json_builder_add_double_value (builder, hotspot->expected);
          json_builder_set_member_name (builder, "p_value");
          json_builder_add_double_value (builder, hotspot->p_value);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }
  else
    {
      g_autoptr(DubanTable) table = duban_table_new ();

      duban_table_add_columns (table,
                               C_("hotspots column", "Area"), "area",
                               C_("hotspots column", "Name"), "name",
                               C_("hotspots column", "Category"), "category",
                               C_("hotspots column", "Tickets"), "count",
                               C_("hotspots column", "Expected"), "expected",
                               C_("hotspots column", "p-value"), "p_value",
                               NULL);
      for (guint i = 0; i < hotspots->len; i++)
        {
          const DubanHotspot *hotspot = g_ptr_array_index (hotspots, i);
          g_autofree char *count = g_strdup_printf ("%u", hotspot->count);
          g_autofree char *expected = g_strdup_printf ("%.2f", hotspot->expected);
          g_autofree char *p_value = g_strdup_printf ("%.2g", hotspot->p_value);

          duban_table_add_row (table, hotspot->area, hotspot->name, hotspot->category,
                               count, expected, p_value, NULL);
        }
      duban_table_print (table, format, stdout);
    }

  return 0;
}

/* ---- 研判: repeats ------------------------------------------------------- */

/* --from/--to as the instants that bound received_at: the first day's
 * start and the start of the day after the last. */
static int
parse_analysis_days (GOptionContext *context,
                     const char     *from_text,
                     const char     *to_text,
                     gboolean        required,
                     DubanDay       *first,
                     DubanDay       *last)
{
  g_autoptr(GError) error = NULL;

  if (from_text == NULL && to_text == NULL && !required)
    return -1;
  if (from_text == NULL || to_text == NULL)
    return usage_error (context, required ? "--from and --to are required"
                                          : "--from and --to go together");
  if (!duban_day_parse (from_text, first, &error) || !duban_day_parse (to_text, last, &error))
    return usage_error (context, error->message);
  if (*last < *first)
    return usage_error (context, "--to is before --from");
  return -1;
}

static int
command_repeats (const Globals *globals,
                 int            argc,
                 char         **argv)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *format_text = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("First day tickets were received"), "DATE" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Last day tickets were received"), "DATE" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("table or json"), "FORMAT" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- tickets likely about the same matter");
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanDesk) desk = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  DubanTableFormat format;
  DubanTime from = DUBAN_TIME_NONE, to = DUBAN_TIME_NONE;
  DubanDay first, last;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    return usage_error (context, "unexpected argument");
  if ((status = parse_analysis_days (context, from_text, to_text, FALSE, &first, &last)) >= 0)
    return status;
  if (from_text != NULL)
    {
      from = duban_day_start (first);
      to = duban_day_start (last + 1);
    }
  if (!parse_format (format_text, "table|json", &format))
    return usage_error (context, "--format must be table or json");

  desk = duban_desk_load (globals->db_path, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_TICKETS,
                          duban_time_now (), NULL, &error);
  if (desk == NULL)
    return failed ("%s", error->message);

  groups = duban_repeats_find (duban_desk_get_tickets (desk), from, to, NULL);

  if (format == DUBAN_TABLE_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint g = 0; g < groups->len; g++)
        {
          const DubanRepeatGroup *group = g_ptr_array_index (groups, g);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "ids");
          json_builder_begin_array (builder);
          for (guint t = 0; t < group->tickets->len; t++)
            json_builder_add_string_value (builder, ((const DubanTicket *) g_ptr_array_index (group->tickets, t))->id);
          json_builder_end_array (builder);
          json_builder_set_member_name (builder, "reason");
          json_builder_add_string_value (builder, group->reason);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }
  else
    {
      g_autoptr(DubanTable) table = duban_table_new ();

      duban_table_add_columns (table,
                               C_("repeats column", "Tickets"), "ids",
                               C_("repeats column", "First received"), "first",
                               C_("repeats column", "Why"), "reason",
                               NULL);
      for (guint g = 0; g < groups->len; g++)
        {
          const DubanRepeatGroup *group = g_ptr_array_index (groups, g);
          const DubanTicket *oldest = g_ptr_array_index (group->tickets, 0);
          g_autoptr(GString) ids = g_string_new (NULL);
          g_autofree char *received = duban_time_format_civil (oldest->received_at);

          for (guint t = 0; t < group->tickets->len; t++)
            {
              if (t > 0)
                g_string_append_c (ids, ' ');
              g_string_append (ids, ((const DubanTicket *) g_ptr_array_index (group->tickets, t))->id);
            }
          duban_table_add_row (table, ids->str, received, group->reason, NULL);
        }
      duban_table_print (table, format, stdout);
    }

  return 0;
}

/* ---- 研判: risk ---------------------------------------------------------- */

static int
command_risk (const Globals *globals,
              int            argc,
              char         **argv)
{
  g_autofree char *at_text = NULL;
  g_autofree char *format_text = NULL;
  GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("The moment to judge at (default: now)"), "TIME" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("table or json"), "FORMAT" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- open tickets likely to end late");
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanDesk) desk = NULL;
  g_autoptr(GPtrArray) risks = NULL;
  DubanTableFormat format;
  DubanTime at;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    return usage_error (context, "unexpected argument");
  if (!parse_format (format_text, "table|json", &format))
    return usage_error (context, "--format must be table or json");
  if (!parse_moment (at_text, &at, &error))
    return usage_error (context, error->message);

  desk = duban_desk_load (globals->db_path, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_TICKETS, at, NULL, &error);
  if (desk == NULL)
    return failed ("%s", error->message);

  risks = duban_late_risk_assess (duban_desk_get_tickets (desk), duban_desk_get_statuses (desk),
                                  duban_desk_get_policy (desk), duban_desk_get_calendar (desk), at);

  if (format == DUBAN_TABLE_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < risks->len; i++)
        {
          const DubanLateRisk *risk = g_ptr_array_index (risks, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, risk->ticket->id);
          json_builder_set_member_name (builder, "p_late");
          json_builder_add_double_value (builder, risk->p_late);
          json_builder_set_member_name (builder, "basis");
          json_builder_add_string_value (builder, risk->basis);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }
  else
    {
      g_autoptr(DubanTable) table = duban_table_new ();

      duban_table_add_columns (table,
                               C_("risk column", "Ticket"), "id",
                               C_("risk column", "Unit"), "unit",
                               C_("risk column", "State"), "state",
                               C_("risk column", "Chance of ending late"), "p_late",
                               C_("risk column", "Based on"), "basis",
                               NULL);
      for (guint i = 0; i < risks->len; i++)
        {
          const DubanLateRisk *risk = g_ptr_array_index (risks, i);
          g_autofree char *p_late = g_strdup_printf ("%.0f%%", 100.0 * risk->p_late);

          duban_table_add_row (table, risk->ticket->id,
                               risk->ticket->unit_name != NULL ? risk->ticket->unit_name : "",
                               duban_state_to_display (risk->status.state), p_late, risk->basis, NULL);
        }
      duban_table_print (table, format, stdout);
    }

  warn_fallback_years (duban_desk_get_calendar (desk));
  return 0;
}

/* ---- main --------------------------------------------------------------- */

static const struct {
  const char  *name;
  CommandFunc  func;
  const char  *summary;
} commands[] = {
  { "deadline", command_deadline, "deadline --start TIME --urgency urgent|normal" },
  { "sync", command_sync, "sync --feed URL [--token-file FILE] [--open311]" },
  { "status", command_status, "status [--at TIME] [ID ...]" },
  { "overdue", command_overdue, "overdue [--at TIME] [--format table|csv|json]" },
  { "figures", command_figures, "figures --from DATE --to DATE [--by county|town|unit] [--at TIME] [--format table|csv|json]" },
  { "quarantine", command_quarantine, "quarantine [--format table|json]" },
  { "order", command_order, "order --ticket ID --level notice|yellow|red --note TEXT --respond-by DATE [--issued-by NAME]" },
  { "outbox", command_outbox, "outbox [--format table|json]" },
  /* the same command, listed twice so each form has its usage line */
  { "outbox", command_outbox, "outbox --deliver --feed URL [--token-file FILE]" },
  { "report", command_report, "report --kind bulletin|supervision --from DATE --to DATE [--scope county|town:CODE|unit:CODE] [--at TIME] [--lang zh_CN|en] --out FILE.pdf|.xlsx|.csv" },
  { "hotspots", command_hotspots, "hotspots --from DATE --to DATE [--level grid|village|town] [--at TIME] [--format table|json]" },
  { "repeats", command_repeats, "repeats [--from DATE --to DATE] [--format table|json]" },
  { "risk", command_risk, "risk [--at TIME] [--format table|json]" },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "Usage:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  duban-ctl [--db PATH] %s\n", commands[i].summary);
}

int
main (int    argc,
      char **argv)
{
  Globals globals = { NULL };
  g_autofree char *db_path = NULL;
  const char *localedir;
  int i;

  setlocale (LC_ALL, "");
  localedir = g_getenv ("DUBAN_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Global options come before the command. */
  for (i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--db"))
        {
          if (i + 1 >= argc)
            {
              g_printerr ("duban-ctl: --db needs a path\n");
              return EXIT_USAGE;
            }
          g_free (db_path);
          db_path = g_strdup (argv[++i]);
        }
      else if (g_str_has_prefix (argv[i], "--db="))
        {
          g_free (db_path);
          db_path = g_strdup (argv[i] + strlen ("--db="));
        }
      else if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          print_usage (stdout);
          return 0;
        }
      else
        break;
    }
  globals.db_path = db_path;

  if (i >= argc)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    if (g_str_equal (argv[i], commands[c].name))
      {
        /* the command sees itself as argv[0] */
        g_autofree char **command_argv = g_new0 (char *, argc - i + 1);
        g_autofree char *program = g_strdup_printf ("duban-ctl %s", commands[c].name);

        command_argv[0] = program;
        for (int j = i + 1; j < argc; j++)
          command_argv[j - i] = argv[j];

        return commands[c].func (&globals, argc - i, command_argv);
      }

  g_printerr ("duban-ctl: unknown command '%s'\n", argv[i]);
  print_usage (stderr);
  return EXIT_USAGE;
}
