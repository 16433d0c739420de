/* duban-ctl-figures.c — the evaluation figures for a period
 *
 * `figures`: the same numbers as the bulletin (duban_figures_compute_evaluated
 * through the desk), as a table, CSV or JSON.
 */

#define G_LOG_DOMAIN "duban-ctl-figures"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "duban-ctl-private.h"
#include "duban-figures.h"

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

int
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
  DubanDeskScope scope = { FALSE, DUBAN_TIME_NONE, DUBAN_TIME_NONE, FALSE, FALSE };
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = ctl_parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    return ctl_usage_error (context, "unexpected argument");
  if (from_text == NULL || to_text == NULL)
    return ctl_usage_error (context, "--from and --to are required");
  if (!duban_day_parse (from_text, &first, &error) || !duban_day_parse (to_text, &last, &error))
    return ctl_usage_error (context, error->message);
  if (last < first)
    return ctl_usage_error (context, "--to is before --from");
  if (by_text == NULL || g_str_equal (by_text, "county"))
    grouping = DUBAN_GROUP_COUNTY;
  else if (g_str_equal (by_text, "town"))
    grouping = DUBAN_GROUP_TOWN;
  else if (g_str_equal (by_text, "unit"))
    grouping = DUBAN_GROUP_UNIT;
  else
    return ctl_usage_error (context, "--by must be county, town or unit");
  if (!ctl_parse_format (format_text, "table|csv|json", &format))
    return ctl_usage_error (context, "--format must be table, csv or json");
  if (!ctl_parse_moment (at_text, &at, &error))
    return ctl_usage_error (context, error->message);

  /* only the tickets that can count in the period: a month of a
   * prefecture, not every ticket it ever received; and of them only
   * what the figures judge by (no ticket's text is printed here) */
  scope.from = duban_day_start (first);
  scope.to = duban_day_start (last + 1);
  scope.lean = TRUE;
  if (!(desk = ctl_load_desk (globals, DUBAN_DESK_TICKETS, &scope, at, &error)))
    return ctl_failed ("%s", error->message);

  duban_period_init (&period, first, last, at);
  /* the desk judged each ticket at @at as it loaded them: judging them
   * again would be a seventh of the command's work for the same states */
  groups = duban_figures_compute_evaluated (duban_desk_get_tickets (desk),
                                            (const DubanSlaStatus *) duban_desk_get_statuses (desk)->data,
                                            duban_desk_get_policy (desk),
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
      ctl_add_time_member (builder, "at", at);
      json_builder_set_member_name (builder, "groups");
      json_builder_begin_array (builder);
      for (guint i = 0; i < groups->len; i++)
        json_builder_add_value (builder, duban_figures_to_json (g_ptr_array_index (groups, i)));
      json_builder_end_array (builder);
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      ctl_print_json (root);
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

  ctl_warn_fallback_years (duban_desk_get_calendar (desk));
  return 0;
}
