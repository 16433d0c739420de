/* duban-ctl-sync.c — syncing with the platform, and what it refused
 *
 * `sync` is the only command that creates a store; `quarantine` shows the
 * records a sync set aside, masked unless a reason is given and audited.
 */

#define G_LOG_DOMAIN "duban-ctl-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "duban-audit.h"
#include "duban-ctl-private.h"
#include "duban-feed-client.h"
#include "duban-judgement-history.h"
#include "duban-privacy.h"

/* ---- sync --------------------------------------------------------------- */

int
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
  if ((status = ctl_parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    return ctl_usage_error (context, "unexpected argument");
  if (feed == NULL)
    return ctl_usage_error (context, "--feed is required");
  if (!g_str_has_prefix (feed, "http://") && !g_str_has_prefix (feed, "https://"))
    return ctl_usage_error (context, "--feed must be an http:// or https:// URL");

  if (!ctl_platform_token (feed, token_file, &token, &error))
    return ctl_failed ("%s", error->message);

  client = duban_feed_client_new (feed);
  duban_feed_client_set_token (client, token);
  duban_feed_client_set_open311 (client, open311);

  path = globals->db_path ? g_strdup (globals->db_path) : duban_store_default_path ();
  if (!duban_feed_client_sync (client, path, &stats, NULL, NULL, NULL, &error))
    return ctl_failed (_("sync failed: %s"), error->message);

  g_print ("new %u, updated %u, deleted %u, quarantined %u\n",
           stats.inserted, stats.updated, stats.deleted, stats.quarantined);

  /* The 研判's kept rows brought up to date with what came, now rather
   * than at the next bulletin: a leader waiting on a document should not
   * wait on a year of tickets judged again. The sync stands without it
   * (the 研判 then judges every ticket), so a failure here is a warning. */
  {
    g_autoptr(DubanDesk) desk = NULL;

    if (!(desk = duban_desk_load (path, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_REGIONS, duban_time_now (), NULL,
                                  &error)) ||
        !duban_judgement_history_refresh (duban_desk_get_store (desk), duban_desk_get_regions (desk),
                                          duban_desk_get_policy (desk), duban_desk_get_calendar (desk), &error))
      g_printerr (_("duban-ctl: warning: the 研判's kept history was not brought up to date: %s\n"), error->message);
  }
  return 0;
}


/* ---- quarantine --------------------------------------------------------- */

int
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
  if ((status = ctl_parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    return ctl_usage_error (context, "unexpected argument");
  if (!ctl_parse_format (format_text, "table|json", &format))
    return ctl_usage_error (context, "--format must be table or json");
  if (reason != NULL && !reveal)
    return ctl_usage_error (context, "--reason goes with --reveal");
  if (reveal && format != DUBAN_TABLE_JSON)
    return ctl_usage_error (context, "--reveal shows the raw records, which only --format json prints");
  if (reveal && (reason == NULL || g_strstrip (reason)[0] == '\0'))
    return ctl_usage_error (context, "--reveal needs --reason TEXT: say why the personal data is needed");

  if (!(store = ctl_open_store (globals, &error)) ||
      !(records = duban_store_load_quarantine (store, &error)))
    return ctl_failed ("%s", error->message);

  /* the audit row first: no row, nothing in the clear */
  if (reveal && !duban_audit_reveal_quarantine (store, records->len, reason, &error))
    return ctl_failed ("%s", error->message);

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
          ctl_add_time_member (builder, "received_at", record->received_at);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      ctl_print_json (root);
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
