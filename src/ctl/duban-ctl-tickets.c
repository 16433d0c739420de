/* duban-ctl-tickets.c — one ticket's deadline, its state, the overdue list
 *
 * `deadline`, `status` and `overdue`: the questions a script asks about
 * tickets, answered by the rules in core/rules through the desk.
 */

#define G_LOG_DOMAIN "duban-ctl-tickets"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "duban-ctl-private.h"
#include "duban-privacy.h"

/* ---- deadline ----------------------------------------------------------- */

int
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
  if ((status = ctl_parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    return ctl_usage_error (context, "unexpected argument");
  if (start_text == NULL || urgency_text == NULL)
    return ctl_usage_error (context, "--start and --urgency are required");
  if (!duban_enum_from_wire (DUBAN_ENUM_URGENCY, urgency_text, &urgency))
    return ctl_usage_error (context, "--urgency must be urgent or normal");
  if (!duban_time_parse_rfc3339 (start_text, &start, &error))
    return ctl_usage_error (context, error->message);

  /* The platform's calendar and the center's policy count when the store
   * has them; no store is created just to answer this. */
  {
    g_autofree char *path = globals->db_path ? g_strdup (globals->db_path) : duban_store_default_path ();

    duban_sla_policy_init_defaults (&policy);
    if (g_file_test (path, G_FILE_TEST_EXISTS))
      {
        if (!(desk = ctl_load_desk (globals, 0, NULL, start, &error)))
          return ctl_failed ("%s", error->message);
        calendar = g_object_ref (duban_desk_get_calendar (desk));
        policy = *duban_desk_get_policy (desk);
      }
    else
      calendar = duban_calendar_new ();
  }

  json_builder_begin_object (builder);
  ctl_add_time_member (builder, "start", start);
  ctl_add_time_member (builder, "contact_deadline", duban_sla_contact_deadline_for (&policy, urgency, start));
  ctl_add_time_member (builder, "deadline", duban_sla_deadline_for (&policy, calendar, urgency, start));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  ctl_print_json (root);
  ctl_warn_fallback_years (calendar);

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
  ctl_add_time_member (builder, "contact_deadline", st->contact_deadline);
  ctl_add_time_member (builder, "deadline", st->deadline);
  ctl_add_duration_member (builder, "allowed", st->allowed, st->unit);
  ctl_add_duration_member (builder, "remaining", st->remaining, st->unit);
  ctl_add_duration_member (builder, "overdue_by", st->overdue_by, st->unit);
}

int
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
  if ((status = ctl_parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (!ctl_parse_moment (at_text, &at, &error))
    return ctl_usage_error (context, error->message);

  /* the tickets named, or every one */
  if (!(desk = ctl_load_desk (globals, argc > 1 ? 0 : DUBAN_DESK_TICKETS, NULL, at, &error)))
    return ctl_failed ("%s", error->message);

  if (argc > 1)
    {
      named = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
      for (int i = 1; i < argc; i++)
        {
          DubanTicket *ticket = duban_store_get_ticket (duban_desk_get_store (desk), argv[i], &error);

          if (ticket == NULL)
            return ctl_failed ("%s", error->message);
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
  ctl_print_json (root);
  ctl_warn_fallback_years (duban_desk_get_calendar (desk));

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

int
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
  const DubanDeskScope open_scope = { TRUE, DUBAN_TIME_NONE, DUBAN_TIME_NONE, FALSE };
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = ctl_parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    return ctl_usage_error (context, "unexpected argument");
  if (!ctl_parse_format (format_text, "table|csv|json", &format))
    return ctl_usage_error (context, "--format must be table, csv or json");
  if (!ctl_parse_moment (at_text, &at, &error))
    return ctl_usage_error (context, error->message);

  /* only the tickets open at @at: what is overdue is open */
  if (!(desk = ctl_load_desk (globals, DUBAN_DESK_TICKETS, &open_scope, at, &error)))
    return ctl_failed ("%s", error->message);
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
      ctl_print_json (root);
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
               ? g_strdup_printf ("%.4f %s", item->status.overdue_by, ctl_unit_wire (item->status.unit))
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

  ctl_warn_fallback_years (duban_desk_get_calendar (desk));
  return 0;
}
