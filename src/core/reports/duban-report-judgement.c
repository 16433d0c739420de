/* duban-report-judgement.c — the bulletin's 研判 section
 *
 * Built only for the county's bulletin: a hotspot or a theme is judged
 * against the whole county, and a town's share of it would say less than
 * the county's list. The findings are analysis/duban-judgement.c's, at
 * the village level the 研判 page opens on; this file only says them in
 * sentences, a few of each, so the section stays short on paper.
 */
#define G_LOG_DOMAIN "duban-report-judgement"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-judgement.h"
#include "duban-report-judgement.h"
#include "duban-report-private.h"

/* How many findings of each kind the paper names. */
#define NAMED 3

static char *
lookup_name_cb (const char *code,
                gpointer    user_data)
{
  return duban_report_lookup_name (user_data, code);
}

gboolean
duban_report_has_judgement (DubanReportKind kind,
                            DubanScopeKind  scope)
{
  /* the county's bulletin only */
  return kind == DUBAN_REPORT_BULLETIN && scope == DUBAN_SCOPE_COUNTY;
}

gboolean
duban_report_build_judgement (DubanReportBuild  *build,
                              GError           **error)
{
  const DubanReportSources *sources = build->sources;
  DubanReport *report = build->report;

  g_assert (build != NULL);

  if (!duban_report_has_judgement (report->kind, report->scope))
    return TRUE;

  /* every stored ticket: the figures' own scope would leave out the
   * history the period is weighed against */
  if (sources->store != NULL)
    report->judgement = duban_judgement_read (sources->store, sources->regions, sources->repeat_decisions,
                                              sources->policy, sources->calendar, DUBAN_AREA_VILLAGE,
                                              report->first, report->last, report->at,
                                              lookup_name_cb, (gpointer) sources, error);
  else
    report->judgement = duban_judgement_build (sources->tickets, NULL, sources->regions,
                                               sources->repeat_decisions, sources->policy,
                                               sources->calendar, DUBAN_AREA_VILLAGE,
                                               report->first, report->last, report->at,
                                               lookup_name_cb, (gpointer) sources);
  return report->judgement != NULL;
}

static char *
join_named (GPtrArray *names)
{
  g_ptr_array_add (names, NULL);
  /* TRANSLATORS: between the names of a list in a sentence */
  return g_strjoinv (_(", "), (char **) names->pdata);
}

GPtrArray *
duban_report_judgement_paragraphs (const DubanReport *report)
{
  GPtrArray *paragraphs = g_ptr_array_new_with_free_func (g_free);
  const DubanJudgement *j;

  g_return_val_if_fail (report != NULL, paragraphs);

  if ((j = report->judgement) == NULL)
    return paragraphs;

  if (j->hotspots->len == 0)
    g_ptr_array_add (paragraphs, g_strdup (_("Hotspots: no village had significantly more tickets of a category than its own past predicts.")));
  else
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < j->hotspots->len && i < NAMED; i++)
        {
          const DubanJudgementHotspot *item = g_ptr_array_index (j->hotspots, i);
          const DubanHotspot *h = item->hotspot;

          /* a confirmed group in the cell is one matter of the count */
          if (item->ticket_ids->len != h->count)
            g_ptr_array_add (names, g_strdup_printf (_("%s %s: %u matters (%u tickets) against %.1f expected (p = %.2g)"),
                                                     h->name, h->category, h->count, item->ticket_ids->len,
                                                     h->expected, h->p_value));
          else
            g_ptr_array_add (names, g_strdup_printf (_("%s %s: %u tickets against %.1f expected (p = %.2g)"),
                                                     h->name, h->category, h->count, h->expected, h->p_value));
        }
      {
        g_autofree char *named = join_named (names);

        g_ptr_array_add (paragraphs,
                         g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "Hotspots: %u village and category had significantly more tickets than its own past predicts, among them %s.",
                                                       "Hotspots: %u villages and categories had significantly more tickets than their own past predicts, among them %s.",
                                                       j->hotspots->len),
                                          j->hotspots->len, named));
      }
    }

  {
    guint confirmed = duban_judgement_count_confirmed (j);
    guint resurgent = duban_judgement_count_resurgent (j);
    guint n_tickets = 0;

    for (guint i = 0; i < j->groups->len; i++)
      n_tickets += ((DubanJudgementGroup *) g_ptr_array_index (j->groups, i))->group->tickets->len;
    g_ptr_array_add (paragraphs,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "Repeat complaints: %u group of tickets likely about one matter (%u tickets), %u confirmed by a supervisor, %u rejected; %u matters came back after they were reported resolved.",
                                                   "Repeat complaints: %u groups of tickets likely about one matter (%u tickets), %u confirmed by a supervisor, %u rejected; %u matters came back after they were reported resolved.",
                                                   j->groups->len),
                                      j->groups->len, n_tickets, confirmed, j->n_rejected, resurgent));
  }

  if (j->late->len > 0)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      guint likely = 0;

      for (guint i = 0; i < j->late->len; i++)
        likely += ((DubanLateRisk *) g_ptr_array_index (j->late, i))->p_late >= 0.5;
      for (guint i = 0; i < j->late->len && i < NAMED; i++)
        {
          const DubanLateRisk *risk = g_ptr_array_index (j->late, i);

          g_ptr_array_add (names, g_strdup_printf (_("%s (%s, %.0f%%)"), risk->ticket->id,
                                                   risk->ticket->unit_name != NULL ? risk->ticket->unit_name : "",
                                                   100.0 * risk->p_late));
        }
      {
        g_autofree char *named = join_named (names);

        g_ptr_array_add (paragraphs,
                         g_strdup_printf (_("Likely to be late: %u tickets are open at the moment of the report; of the %u not yet overdue that are likeliest to miss their deadline, %u are more likely than not to miss it; the first are %s."),
                                          j->n_open, j->late->len, likely, named));
      }
    }

  if (j->themes->len == 0)
    g_ptr_array_add (paragraphs, g_strdup (_("Problem of the month: no village and category recurred with significantly more tickets over the last months.")));
  else
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < j->themes->len && i < NAMED; i++)
        {
          const DubanTheme *t = ((DubanJudgementTheme *) g_ptr_array_index (j->themes, i))->theme;

          g_ptr_array_add (names, g_strdup_printf (_("%s %s (%u tickets in %u of %u months, %.1f expected)"),
                                                   t->name, t->category, t->count, t->months,
                                                   t->n_months, t->expected));
        }
      {
        g_autofree char *named = join_named (names);

        g_ptr_array_add (paragraphs, g_strdup_printf (_("Candidates for the problem of the month: %s."), named));
      }
    }

  return paragraphs;
}
