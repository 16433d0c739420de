/* duban-report.c — the content of a report for leadership, before layout
 *
 * Every count here is a DubanFigures field filled by duban_figures_add()
 * or duban_figures_compute() (their _evaluated forms, fed each ticket's
 * one duban_sla_evaluate() at the report's moment, so that 200,000
 * tickets are judged once, not seven times); the only things the report
 * decides are what to list and in which order. This file holds the
 * report's kinds, scopes and periods, selects and judges the scope's
 * tickets and calls the sections in turn (duban-report-private.h says
 * which file builds which); the text every form of the report shares is
 * at the end.
 */

#define G_LOG_DOMAIN "duban-report"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "duban-report-private.h"

G_DEFINE_QUARK (duban-report-error-quark, duban_report_error)

gboolean
duban_report_kind_from_wire (const char      *wire,
                             DubanReportKind *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (g_strcmp0 (wire, "bulletin") == 0)
    *out = DUBAN_REPORT_BULLETIN;
  else if (g_strcmp0 (wire, "supervision") == 0)
    *out = DUBAN_REPORT_SUPERVISION;
  else
    return FALSE;

  return TRUE;
}

const char *
duban_report_kind_to_wire (DubanReportKind kind)
{
  return kind == DUBAN_REPORT_SUPERVISION ? "supervision" : "bulletin";
}

gboolean
duban_report_scope_parse (const char      *text,
                          DubanScopeKind  *out_kind,
                          char           **out_code,
                          GError         **error)
{
  const char *code = NULL;

  g_return_val_if_fail (out_kind != NULL && out_code != NULL, FALSE);

  *out_code = NULL;
  if (text == NULL || g_str_equal (text, "county"))
    {
      *out_kind = DUBAN_SCOPE_COUNTY;
      return TRUE;
    }

  if (g_str_has_prefix (text, "town:"))
    *out_kind = DUBAN_SCOPE_TOWN, code = text + strlen ("town:");
  else if (g_str_has_prefix (text, "unit:"))
    *out_kind = DUBAN_SCOPE_UNIT, code = text + strlen ("unit:");

  if (code == NULL || *code == '\0' ||
      (*out_kind == DUBAN_SCOPE_TOWN && (strlen (code) != 9 || strspn (code, "0123456789") != 9)))
    {
      g_set_error (error, DUBAN_REPORT_ERROR, DUBAN_REPORT_ERROR_INVALID,
                   "scope must be county, town:CODE (9 digits) or unit:CODE, not '%s'", text);
      return FALSE;
    }

  *out_code = g_strdup (code);
  return TRUE;
}

static gboolean
is_month_start (DubanDay day)
{
  int y, m, d;

  duban_day_to_ymd (day, &y, &m, &d);
  return d == 1;
}

void
duban_report_previous_period (DubanDay  first,
                              DubanDay  last,
                              DubanDay *prev_first,
                              DubanDay *prev_last)
{
  g_return_if_fail (prev_first != NULL && prev_last != NULL);

  /* A month is compared with the month before, not with the 30 days
   * before: leaders read "September against August". */
  if (is_month_start (first) && is_month_start (last + 1))
    {
      int fy, fm, fd, ly, lm, ld;
      int months;

      duban_day_to_ymd (first, &fy, &fm, &fd);
      duban_day_to_ymd (last + 1, &ly, &lm, &ld);
      months = (ly * 12 + lm) - (fy * 12 + fm);
      fm -= months;
      while (fm < 1)
        fm += 12, fy--;
      *prev_first = duban_day_from_ymd (fy, fm, 1);
      *prev_last = first - 1;
      return;
    }

  *prev_last = first - 1;
  *prev_first = first - (last - first + 1);
}

/* ---- building ----------------------------------------------------------- */

void
duban_report_free (DubanReport *report)
{
  if (report == NULL)
    return;

  g_free (report->scope_code);
  g_free (report->scope_name);
  g_free (report->document_number);
  g_free (report->issuer);
  g_free (report->seal);
  duban_figures_free (report->current);
  duban_figures_free (report->previous);
  g_clear_pointer (&report->red, g_ptr_array_unref);
  g_clear_pointer (&report->black, g_ptr_array_unref);
  g_clear_pointer (&report->late_worst, g_ptr_array_unref);
  g_clear_pointer (&report->accountable, g_ptr_array_unref);
  g_clear_pointer (&report->units, g_ptr_array_unref);
  g_clear_pointer (&report->towns, g_ptr_array_unref);
  g_clear_pointer (&report->categories, g_ptr_array_unref);
  g_clear_pointer (&report->grids, g_ptr_array_unref);
  g_clear_pointer (&report->days, g_array_unref);
  g_clear_pointer (&report->repeats, g_ptr_array_unref);
  g_clear_pointer (&report->orders, g_ptr_array_unref);
  g_clear_pointer (&report->unit_responses, g_ptr_array_unref);
  g_clear_pointer (&report->fallback_years, g_array_unref);
  g_clear_pointer (&report->regions, duban_regions_unref);
  g_clear_pointer (&report->judgement, duban_judgement_free);
  g_free (report);
}

char *
duban_report_lookup_name (const DubanReportSources *sources,
                          const char               *code)
{
  g_assert (sources != NULL);

  if (code == NULL || *code == '\0' || sources->name_lookup == NULL)
    return NULL;
  return sources->name_lookup (code, sources->name_data);
}

static gboolean
in_scope (const DubanTicket *ticket,
          DubanScopeKind     scope,
          const char        *code)
{
  switch (scope)
    {
    case DUBAN_SCOPE_COUNTY:
      return TRUE;
    case DUBAN_SCOPE_TOWN:
      /* the same town as duban_figures_compute()'s town grouping */
      return ticket->grid_code != NULL && strlen (ticket->grid_code) >= 9 &&
             strncmp (ticket->grid_code, code, 9) == 0;
    case DUBAN_SCOPE_UNIT:
      return g_strcmp0 (ticket->unit_code, code) == 0;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
check_period (DubanDay   first,
              DubanDay   last,
              GError   **error)
{
  if (last < first)
    {
      g_set_error_literal (error, DUBAN_REPORT_ERROR, DUBAN_REPORT_ERROR_INVALID,
                           "the period ends before it starts");
      return FALSE;
    }
  /* one bulletin covers at most a few years; a typo of a year would
   * otherwise allocate a day table for centuries */
  if (last - first >= 3 * 366)
    {
      g_set_error_literal (error, DUBAN_REPORT_ERROR, DUBAN_REPORT_ERROR_INVALID,
                           "the period is longer than three years");
      return FALSE;
    }
  return TRUE;
}

static DubanReport *
report_new (DubanReportKind  kind,
            DubanScopeKind   scope,
            const char      *scope_code,
            DubanDay         first,
            DubanDay         last,
            DubanTime        at)
{
  DubanReport *report = g_new0 (DubanReport, 1);

  report->kind = kind;
  report->scope = scope;
  report->scope_code = g_strdup (scope == DUBAN_SCOPE_COUNTY ? NULL : scope_code);
  report->first = first;
  report->last = last;
  report->at = at;
  duban_report_previous_period (first, last, &report->previous_first, &report->previous_last);

  return report;
}

gboolean
duban_report_desk_scope (DubanReportKind  kind,
                         DubanScopeKind   scope,
                         DubanDay         first,
                         DubanDay         last,
                         DubanDeskScope  *out)
{
  DubanDay previous_first, previous_last;

  g_return_val_if_fail (first <= last, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  duban_report_previous_period (first, last, &previous_first, &previous_last);
  out->open = FALSE;
  out->from = duban_day_start (MIN (previous_first, first));
  out->to = duban_day_start (last + 1);
  out->order_tickets = TRUE;
  /* the report lists tickets with their titles */
  out->lean = FALSE;
  return TRUE;
}

/* The scope's tickets, each judged once: every figure of the report is
 * known at the same moment, and every period and group counts that one
 * judgement. */
static void
select_and_evaluate (DubanReportBuild *build)
{
  const DubanReportSources *sources = build->sources;
  DubanReport *report = build->report;

  build->scoped = g_ptr_array_new ();
  build->scoped_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < sources->tickets->len; i++)
    {
      DubanTicket *ticket = g_ptr_array_index (sources->tickets, i);

      if (in_scope (ticket, report->scope, report->scope_code))
        {
          g_ptr_array_add (build->scoped, ticket);
          g_hash_table_insert (build->scoped_by_id, ticket->id, ticket);
        }
    }

  build->statuses = g_new0 (DubanSlaStatus, build->scoped->len);
  for (guint i = 0; i < build->scoped->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (build->scoped, i);

      if (ticket->status == DUBAN_STATUS_CANCELLED)
        build->statuses[i].state = DUBAN_STATE_CANCELLED;
      else
        duban_sla_evaluate (sources->policy, sources->calendar, ticket, build->period.at, &build->statuses[i]);
    }
  g_assert (build->previous.at == build->period.at);
}

DubanReport *
duban_report_build (const DubanReportSources  *sources,
                    DubanReportKind            kind,
                    DubanScopeKind             scope,
                    const char                *scope_code,
                    DubanDay                   first,
                    DubanDay                   last,
                    DubanTime                  at,
                    GError                   **error)
{
  DubanReportBuild build = { 0 };
  DubanReport *report;

  g_return_val_if_fail (sources != NULL && sources->tickets != NULL, NULL);
  g_return_val_if_fail (sources->policy != NULL && DUBAN_IS_CALENDAR (sources->calendar), NULL);
  g_return_val_if_fail (scope == DUBAN_SCOPE_COUNTY || scope_code != NULL, NULL);

  if (!check_period (first, last, error))
    return NULL;

  duban_calendar_clear_fallback_years (sources->calendar);

  report = report_new (kind, scope, scope_code, first, last, at);
  {
    DubanDocumentSettings defaults;
    const DubanDocumentSettings *documents = sources->documents;

    if (documents == NULL)
      duban_document_settings_init (&defaults), documents = &defaults;
    report->issuer = g_strdup (documents->issuer);
    report->seal = g_strdup (documents->seal);
    if (documents == &defaults)
      duban_document_settings_clear (&defaults);
  }
  build.sources = sources;
  build.report = report;
  duban_period_init (&build.period, first, last, at);
  duban_period_init (&build.previous, report->previous_first, report->previous_last, at);

  report->ranking_min_due = (guint) CLAMP (sources->policy->ranking_min_due, 0, G_MAXUINT);
  select_and_evaluate (&build);

  /* The sections in the order they depend on one another: the walk
   * reads the units' figures, the accountability list the walk's late
   * tickets. */
  duban_report_build_figures (&build);
  duban_report_build_rankings (&build);
  duban_report_build_boards (&build);
  duban_report_walk_tickets (&build);
  duban_report_build_orders (&build);
  if (!duban_report_build_judgement (&build, error))
    g_clear_pointer (&report, duban_report_free);

  if (report != NULL)
    {
      report->fallback_years = duban_calendar_get_fallback_years (sources->calendar);
      if (sources->regions != NULL)
        report->regions = duban_regions_ref (sources->regions);
    }

  g_ptr_array_unref (build.scoped);
  g_hash_table_unref (build.scoped_by_id);
  g_free (build.statuses);

  return report;
}

/* ---- its number ---------------------------------------------------------- */

char *
duban_report_document_key (const DubanReport *report)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  first = duban_day_format (report->first);
  last = duban_day_format (report->last);
  /* the moment is not part of it: a bulletin exported again after a
   * late sync is the same document, with the same number */
  return g_strdup_printf ("%s/%s%s%s/%s/%s", duban_report_kind_to_wire (report->kind),
                          report->scope == DUBAN_SCOPE_COUNTY ? "county"
                          : report->scope == DUBAN_SCOPE_TOWN ? "town" : "unit",
                          report->scope_code ? ":" : "", report->scope_code ? report->scope_code : "",
                          first, last);
}

gboolean
duban_report_take_number (DubanReport                  *report,
                          DubanStore                   *store,
                          const DubanDocumentSettings  *settings,
                          GError                      **error)
{
  g_autofree char *key = NULL;
  char *number;
  int year;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (DUBAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);

  key = duban_report_document_key (report);
  duban_day_to_ymd (duban_day_of_time (report->at), &year, NULL, NULL);
  number = duban_document_number_take (store, settings,
                                       report->kind == DUBAN_REPORT_SUPERVISION ? DUBAN_DOCUMENT_SUPERVISION
                                                                                : DUBAN_DOCUMENT_BULLETIN,
                                       key, year, error);
  if (number == NULL)
    return FALSE;

  g_free (report->document_number);
  report->document_number = number;
  return TRUE;
}

/* ---- text --------------------------------------------------------------- */

const char *
duban_report_title (const DubanReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);

  return report->kind == DUBAN_REPORT_SUPERVISION
    ? _("Bulletin on supervision orders")
    : _("Accountability bulletin on the handling of citizens' requests");
}

const char * const *
duban_report_definitions (DubanReportKind kind)
{
  static const char *bulletin[] = {
    N_("Period: from 00:00 of the first day up to, but not including, 00:00 after the last day (Beijing time). A moment falls in the period when it is inside that span and not after the moment the report was made (A). T is the end of the period or A, whichever is earlier. Cancelled tickets are left out of every figure."),
    N_("Received: tickets whose time of receipt falls in the period. Resolved: of those, resolved before the end of the period and not after A. Completion rate = resolved ÷ received."),
    N_("On-time completion rate (target 100%): among tickets whose completion deadline (the extended one when an extension counts) falls in the period, the share resolved at or before it. A ticket not resolved by its deadline is late, resolved later or still open. Deadline: urgent tickets 24 hours after the start of the clock; normal tickets 2 working days of working time after it; the clock starts at dispatch, or at intake when never dispatched."),
    N_("On-time contact rate: among urgent tickets whose contact deadline (1 hour after the start) falls in the period, the share first contacted at or before it."),
    N_("Satisfaction rate: among tickets whose follow-up visit falls in the period, rated other than unreachable, leaving out explained requests with supporting documents: the share satisfied or basically satisfied."),
    N_("Mean handling time: among tickets received in the period, the mean of (resolution, or T when not resolved by T) minus the start of the clock; hours for urgent tickets, working days for normal ones."),
    N_("Level of settlement: among tickets resolved in the period with a recorded level, the shares settled in the grid, the town and the county."),
    N_("Score = 100 × weighted mean of the on-time contact, on-time completion and satisfaction rates (weights 30 / 35 / 35 unless the center set others); a rate with no tickets is left out and the other weights rescaled. \"No data\" means an empty denominator, never 0% or 100%."),
    N_("Change: the same figure for the previous period of the same length (the previous months for whole months), as known at A; in percentage points for rates."),
    N_("Accountability list: every unit whose on-time completion rate is under 100%, with its late tickets (deadline in the period, not met) and its worst three: still open first, then the longest late, a working day counted as 24 hours; how late is counted to its resolution, or to A when still open. The appendix lists the worst late tickets of all units and says how many there are; the Excel and CSV exports list every one. Trend: per day, tickets received, resolved, and whose deadline fell that day and was not met."),
    N_("Categories and hotspot grids: tickets received in the period, against the previous period. Repeat complaints: tickets received in the period that name an earlier ticket on the same matter. Personal data is masked."),
    N_("Analysis (county only): hotspots are the villages and categories whose tickets in the period are significantly more than their own past year predicts (exact Poisson test, false discovery rate 5%); repeat groups are tickets the desk proposes as one matter (same category, near, within 5 days, in similar words), a confirmed group counted as one matter; a matter came back when it was complained about again after it was reported resolved; the likelihood of ending late is learned from the same unit's past handling times (Kaplan–Meier); a candidate problem of the month is a village and category with tickets in at least 4 of the last 6 months and at least 1.5 times what the county's mix predicts (p below 5% over the number of cells)."),
    NULL
  };
  static const char *supervision[] = {
    N_("Orders: supervision orders issued in the period (from 00:00 of the first day to 00:00 after the last, Beijing time, and not after the moment the report was made, A), on tickets in the scope."),
    N_("Delivery: pending (kept in the desk's outbox, not yet acknowledged by the platform), delivered (acknowledged), refused (the platform refused it; a person must act)."),
    N_("Response: replied in time when the unit's completion reply on the ticket came at or before the order's reply-by time; replied late when after it; no reply when the reply-by time has passed by A without one; awaiting reply otherwise. The ticket's state is as of A."),
    NULL
  };
  static gsize translated = 0;
  static const char *bulletin_t[G_N_ELEMENTS (bulletin)];
  static const char *supervision_t[G_N_ELEMENTS (supervision)];

  if (g_once_init_enter (&translated))
    {
      for (guint i = 0; bulletin[i] != NULL; i++)
        bulletin_t[i] = _(bulletin[i]);
      for (guint i = 0; supervision[i] != NULL; i++)
        supervision_t[i] = _(supervision[i]);
      g_once_init_leave (&translated, 1);
    }

  return kind == DUBAN_REPORT_SUPERVISION ? supervision_t : bulletin_t;
}

gboolean
duban_report_is_sample_short (const DubanFigures *figures)
{
  g_return_val_if_fail (figures != NULL, FALSE);

  return figures->sample_short && figures->rank == 0 && !isnan (figures->score) && *figures->key != '\0';
}

char *
duban_report_board_rule (const DubanReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Units are ranked by score, equal scores to the tenth sharing a rank (1, 2, 2, 4); "
                                       "a unit with fewer than %u deadline in the period is listed apart as too few to rank. "
                                       "Of the n ranked units the red board holds those ranked within the best min(3, ⌈n/2⌉), "
                                       "the black board those within the worst min(3, ⌊n/2⌋); a unit is never on both.",
                                       "Units are ranked by score, equal scores to the tenth sharing a rank (1, 2, 2, 4); "
                                       "a unit with fewer than %u deadlines in the period is listed apart as too few to rank. "
                                       "Of the n ranked units the red board holds those ranked within the best min(3, ⌈n/2⌉), "
                                       "the black board those within the worst min(3, ⌊n/2⌋); a unit is never on both.",
                                       report->ranking_min_due),
                          report->ranking_min_due);
}

char *
duban_report_format_rate (double value)
{
  /* two decimals, as duban-ctl figures prints them */
  return isnan (value) ? g_strdup (_("no data")) : g_strdup_printf ("%.2f%%", 100.0 * value);
}

char *
duban_report_format_change (double now,
                            double before)
{
  if (isnan (now) || isnan (before))
    return g_strdup ("—");
  return g_strdup_printf (C_("percentage points", "%+.2f pts"), 100.0 * (now - before));
}

char *
duban_report_format_period (const DubanReport *report)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  from = duban_day_format (report->first);
  to = duban_day_format (report->last);
  return g_strdup_printf (C_("report period", "%s to %s"), from, to);
}
