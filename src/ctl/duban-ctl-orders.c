/* duban-ctl-orders.c — issuing supervision orders and delivering them
 *
 * `order` issues one as the desk does (audited, into the outbox); `outbox`
 * lists what waits and `--deliver` sends it.
 */

#define G_LOG_DOMAIN "duban-ctl-orders"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "duban-ctl-private.h"
#include "duban-feed-client.h"
#include "duban-orders.h"
#include "duban-outbox.h"

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

int
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
    { "level", 0, 0, G_OPTION_ARG_STRING, &level_text, N_("notice, yellow, red or bulletin"), "LEVEL" },
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
  if ((status = ctl_parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    return ctl_usage_error (context, "unexpected argument");
  if (ticket_id == NULL || level_text == NULL || note == NULL || respond_by_text == NULL)
    return ctl_usage_error (context, "--ticket, --level, --note and --respond-by are required");
  if (ticket_id[0] == '\0' || !g_utf8_validate (ticket_id, -1, NULL))
    return ctl_usage_error (context, "--ticket must name a ticket");
  if (!duban_order_level_from_wire (level_text, &level))
    return ctl_usage_error (context, "--level must be notice, yellow, red or bulletin");
  if (!g_utf8_validate (note, -1, NULL))
    return ctl_usage_error (context, "--note must be UTF-8 text");
  if (issued_by != NULL && (issued_by[0] == '\0' || !g_utf8_validate (issued_by, -1, NULL)))
    return ctl_usage_error (context, "--issued-by must be a name");
  if (!parse_respond_by (respond_by_text, &respond_by, &error))
    return ctl_usage_error (context, error->message);
  /* as in the desk's dialog: a reply cannot be due before the order */
  if (respond_by <= duban_time_now ())
    return ctl_usage_error (context, "--respond-by is not in the future");

  /* the order, its outbox row and its audit row: one transaction, as when
   * the desk issues it */
  if (!(store = ctl_open_store (globals, &error)) ||
      !(order = duban_orders_issue_as (store, ticket_id, level, note, respond_by, issued_by, &error)))
    return ctl_failed ("%s", error->message);

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
  if (!ctl_platform_token (feed, token_file, &token, &error))
    return ctl_failed ("%s", error->message);

  client = duban_feed_client_new (feed);
  duban_feed_client_set_token (client, token);

  path = globals->db_path ? g_strdup (globals->db_path) : duban_store_default_path ();
  {
    /* opened (and checked) the way every other command opens it */
    g_autoptr(DubanStore) store = ctl_open_store (globals, &error);

    if (store == NULL)
      return ctl_failed ("%s", error->message);
  }
  if (!duban_outbox_deliver_now (client, path, &stats, NULL, &error))
    return ctl_failed (_("delivery failed: %s"), error->message);

  g_print ("delivered %u, refused %u, waiting %u\n", stats.delivered, stats.refused, stats.waiting);
  if (stats.unauthorized)
    return ctl_failed (_("the platform did not accept the token; the orders wait for a new one (--token-file, or save it in the desk)"));
  if (stats.waiting > 0)
    return ctl_failed (g_dngettext (GETTEXT_PACKAGE, "%u order not acknowledged, kept in the outbox",
                                "%u orders not acknowledged, kept in the outbox", stats.waiting),
                       stats.waiting);

  return 0;
}

int
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
  if ((status = ctl_parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    return ctl_usage_error (context, "unexpected argument");

  if (deliver)
    {
      if (format_text != NULL)
        return ctl_usage_error (context, "--format lists the outbox; it does not go with --deliver");
      if (feed == NULL)
        return ctl_usage_error (context, "--deliver needs --feed");
      if (!g_str_has_prefix (feed, "http://") && !g_str_has_prefix (feed, "https://"))
        return ctl_usage_error (context, "--feed must be an http:// or https:// URL");
      return outbox_deliver (globals, feed, token_file);
    }
  if (feed != NULL || token_file != NULL)
    return ctl_usage_error (context, "--feed and --token-file go with --deliver");
  if (!ctl_parse_format (format_text, "table|json", &format))
    return ctl_usage_error (context, "--format must be table or json");

  if (!(store = ctl_open_store (globals, &error)) ||
      !(items = duban_outbox_list (store, &error)))
    return ctl_failed ("%s", error->message);

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
      ctl_print_json (root);
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
