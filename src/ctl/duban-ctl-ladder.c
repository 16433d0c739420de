/* duban-ctl-ladder.c — duban-ctl ladder: the escalation ladder's next steps
 *
 * The same proposals the desk's queue shows (analysis/duban-proposals.c),
 * for a script or a supervisor at a terminal: every open ticket the
 * ladder proposes to press, the strongest step first, with the reason.
 */
#define G_LOG_DOMAIN "duban-ctl-ladder"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-ctl-private.h"
#include "duban-proposals.h"
#include "duban-table.h"

typedef struct {
  const char                *id;
  const DubanTicket         *ticket;
  const DubanLadderProposal *proposal;
} Step;

static int
compare_steps (gconstpointer a,
               gconstpointer b)
{
  const Step *x = a;
  const Step *y = b;

  if (x->proposal->level != y->proposal->level)
    return x->proposal->level > y->proposal->level ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

int
command_ladder (const Globals *globals,
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
  g_autoptr(GOptionContext) context = g_option_context_new ("- the escalation ladder's next step for each open ticket");
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanDesk) desk = NULL;
  g_autoptr(GHashTable) proposals = NULL;
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (Step));
  DubanTableFormat format;
  GPtrArray *tickets;
  DubanTime at;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = ctl_parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    return ctl_usage_error (context, "unexpected argument");
  if (!ctl_parse_format (format_text, "table|json", &format))
    return ctl_usage_error (context, "--format must be table or json");
  if (!ctl_parse_moment (at_text, &at, &error))
    return ctl_usage_error (context, error->message);

  desk = duban_desk_load (globals->db_path, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_TICKETS | DUBAN_DESK_ORDERS,
                          at, NULL, &error);
  if (desk == NULL)
    return ctl_failed ("%s", error->message);

  proposals = duban_proposals_compute (desk, NULL, NULL, NULL, NULL, at);
  tickets = duban_desk_get_tickets (desk);
  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      const DubanLadderProposal *proposal = g_hash_table_lookup (proposals, ticket->id);

      if (proposal != NULL && proposal->proposed)
        {
          Step step = { ticket->id, ticket, proposal };

          g_array_append_val (steps, step);
        }
    }
  g_array_sort (steps, compare_steps);

  if (format == DUBAN_TABLE_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < steps->len; i++)
        {
          const Step *step = &g_array_index (steps, Step, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, step->id);
          json_builder_set_member_name (builder, "unit");
          if (step->ticket->unit_code != NULL)
            json_builder_add_string_value (builder, step->ticket->unit_code);
          else
            json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "level");
          json_builder_add_string_value (builder, duban_order_level_to_wire (step->proposal->level));
          json_builder_set_member_name (builder, "orders");
          json_builder_add_int_value (builder, step->ticket->supervisions != NULL ? step->ticket->supervisions->len : 0);
          json_builder_set_member_name (builder, "reason");
          json_builder_add_string_value (builder, step->proposal->reason);
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
                               C_("ladder column", "Ticket"), "id",
                               C_("ladder column", "Unit"), "unit",
                               C_("ladder column", "Next step"), "level",
                               C_("ladder column", "Why"), "reason",
                               NULL);
      for (guint i = 0; i < steps->len; i++)
        {
          const Step *step = &g_array_index (steps, Step, i);

          duban_table_add_row (table, step->id, step->ticket->unit_name != NULL ? step->ticket->unit_name : "",
                               duban_order_level_to_display (step->proposal->level), step->proposal->reason, NULL);
        }
      duban_table_print (table, format, stdout);
    }

  ctl_warn_fallback_years (duban_desk_get_calendar (desk));
  return 0;
}
