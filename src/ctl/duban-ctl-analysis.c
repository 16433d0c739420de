/* duban-ctl-analysis.c — 研判 from the command line
 *
 * `hotspots`, `repeats` and `risk`: the analysis room's answers, with the
 * JSON interfaces docs/ describes.
 */

#define G_LOG_DOMAIN "duban-ctl-analysis"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "duban-ctl-private.h"
#include "duban-hotspots.h"
#include "duban-late-risk.h"
#include "duban-repeats.h"

/* ---- 研判: hotspots ------------------------------------------------------ */

static int parse_analysis_days (GOptionContext *context,
                                const char     *from_text,
                                const char     *to_text,
                                gboolean        required,
                                DubanDay       *first,
                                DubanDay       *last);

int
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
  if ((status = ctl_parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    return ctl_usage_error (context, "unexpected argument");
  if ((status = parse_analysis_days (context, from_text, to_text, TRUE, &first, &last)) >= 0)
    return status;
  if (level_text == NULL || g_str_equal (level_text, "village"))
    level = DUBAN_AREA_VILLAGE;
  else if (g_str_equal (level_text, "grid"))
    level = DUBAN_AREA_GRID;
  else if (g_str_equal (level_text, "town"))
    level = DUBAN_AREA_TOWN;
  else
    return ctl_usage_error (context, "--level must be grid, village or town");
  if (!ctl_parse_format (format_text, "table|json", &format))
    return ctl_usage_error (context, "--format must be table or json");
  if (!ctl_parse_moment (at_text, &at, &error))
    return ctl_usage_error (context, error->message);

  desk = duban_desk_load (globals->db_path, DUBAN_DESK_OPEN_EXISTING,
                          DUBAN_DESK_TICKETS | DUBAN_DESK_REGIONS, at, NULL, &error);
  if (desk == NULL)
    return ctl_failed ("%s", error->message);

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
      ctl_print_json (root);
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
    return ctl_usage_error (context, required ? "--from and --to are required"
                                          : "--from and --to go together");
  if (!duban_day_parse (from_text, first, &error) || !duban_day_parse (to_text, last, &error))
    return ctl_usage_error (context, error->message);
  if (*last < *first)
    return ctl_usage_error (context, "--to is before --from");
  return -1;
}

int
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
  if ((status = ctl_parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    return ctl_usage_error (context, "unexpected argument");
  if ((status = parse_analysis_days (context, from_text, to_text, FALSE, &first, &last)) >= 0)
    return status;
  if (from_text != NULL)
    {
      from = duban_day_start (first);
      to = duban_day_start (last + 1);
    }
  if (!ctl_parse_format (format_text, "table|json", &format))
    return ctl_usage_error (context, "--format must be table or json");

  desk = duban_desk_load (globals->db_path, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_TICKETS,
                          duban_time_now (), NULL, &error);
  if (desk == NULL)
    return ctl_failed ("%s", error->message);

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
      ctl_print_json (root);
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

int
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
  if ((status = ctl_parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    return ctl_usage_error (context, "unexpected argument");
  if (!ctl_parse_format (format_text, "table|json", &format))
    return ctl_usage_error (context, "--format must be table or json");
  if (!ctl_parse_moment (at_text, &at, &error))
    return ctl_usage_error (context, error->message);

  desk = duban_desk_load (globals->db_path, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_TICKETS, at, NULL, &error);
  if (desk == NULL)
    return ctl_failed ("%s", error->message);

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
          /* null without a basis (样本不足): the prior is no figure */
          json_builder_set_member_name (builder, "p_late");
          if (risk->has_basis)
            json_builder_add_double_value (builder, risk->p_late);
          else
            json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "basis");
          json_builder_add_string_value (builder, risk->basis);
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
                               C_("risk column", "Ticket"), "id",
                               C_("risk column", "Unit"), "unit",
                               C_("risk column", "State"), "state",
                               C_("risk column", "Chance of ending late"), "p_late",
                               C_("risk column", "Based on"), "basis",
                               NULL);
      for (guint i = 0; i < risks->len; i++)
        {
          const DubanLateRisk *risk = g_ptr_array_index (risks, i);
          g_autofree char *p_late = risk->has_basis ? g_strdup_printf ("%.0f%%", 100.0 * risk->p_late)
                                                    : g_strdup ("—");

          duban_table_add_row (table, risk->ticket->id,
                               risk->ticket->unit_name != NULL ? risk->ticket->unit_name : "",
                               duban_state_to_display (risk->status.state), p_late, risk->basis, NULL);
        }
      duban_table_print (table, format, stdout);
    }

  ctl_warn_fallback_years (duban_desk_get_calendar (desk));
  return 0;
}
