/* duban-judgement.c — the 研判 of a period, worked out once
 *
 * The detectors in this room each answer one question; this puts their
 * answers together the way a supervisor reads them, with confirmed
 * repeat groups collapsed first so that hotspots and themes count
 * matters, not complaints, and with the tickets of each finding named.
 * The likely-late list leaves out tickets already past their deadline:
 * their lateness is certain and the queue already puts them first.
 */
#define G_LOG_DOMAIN "duban-judgement"

#include "config.h"

#include "duban-judgement.h"

static void
hotspot_free (DubanJudgementHotspot *item)
{
  duban_hotspot_free (item->hotspot);
  g_ptr_array_unref (item->ticket_ids);
  g_free (item);
}

static void
group_free (DubanJudgementGroup *item)
{
  duban_repeat_group_free (item->group);
  g_free (item->key);
  g_free (item);
}

static void
theme_free (DubanJudgementTheme *item)
{
  duban_theme_free (item->theme);
  g_ptr_array_unref (item->ticket_ids);
  g_free (item);
}

void
duban_judgement_free (DubanJudgement *judgement)
{
  if (judgement == NULL)
    return;

  g_clear_pointer (&judgement->hotspots, g_ptr_array_unref);
  g_clear_pointer (&judgement->groups, g_ptr_array_unref);
  g_clear_pointer (&judgement->late, g_ptr_array_unref);
  g_clear_pointer (&judgement->themes, g_ptr_array_unref);
  g_clear_pointer (&judgement->tickets, g_ptr_array_unref);
  g_free (judgement);
}

/* The ids of @tickets received in [@start, @end) and by @at, of @category
 * in @area of @level. */
static GPtrArray *
cell_ticket_ids (GPtrArray      *tickets,
                 DubanRegions   *regions,
                 DubanAreaLevel  level,
                 const char     *area,
                 const char     *category,
                 DubanTime       start,
                 DubanTime       end,
                 DubanTime       at)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      char buffer[16];
      const char *code;

      if (ticket->status == DUBAN_STATUS_CANCELLED ||
          ticket->received_at < start || ticket->received_at >= end ||
          (at != DUBAN_TIME_NONE && ticket->received_at > at) ||
          g_strcmp0 (ticket->category, category) != 0)
        continue;
      code = duban_hotspot_area_of (ticket, regions, level, buffer);
      if (g_strcmp0 (code, area) == 0)
        g_ptr_array_add (ids, g_strdup (ticket->id));
    }

  return ids;
}

DubanJudgement *
duban_judgement_build (GPtrArray            *tickets,
                       GArray               *statuses,
                       DubanRegions         *regions,
                       GPtrArray            *decisions,
                       const DubanSlaPolicy *policy,
                       DubanCalendar        *calendar,
                       DubanAreaLevel        level,
                       DubanDay              first,
                       DubanDay              last,
                       DubanTime             at,
                       DubanHotspotNameFunc  name_lookup,
                       gpointer              user_data)
{
  DubanJudgement *judgement;
  g_autoptr(GPtrArray) matters = NULL;
  g_autoptr(GPtrArray) hotspots = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GPtrArray) risks = NULL;
  g_autoptr(GPtrArray) themes = NULL;
  DubanTime start, end;

  g_return_val_if_fail (tickets != NULL, NULL);
  g_return_val_if_fail (statuses == NULL || statuses->len == tickets->len, NULL);
  g_return_val_if_fail (policy != NULL, NULL);
  g_return_val_if_fail (DUBAN_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (first <= last, NULL);

  judgement = g_new0 (DubanJudgement, 1);
  judgement->tickets = g_ptr_array_ref (tickets);
  judgement->level = level;
  judgement->first = first;
  judgement->last = last;
  judgement->at = at;
  judgement->hotspots = g_ptr_array_new_with_free_func ((GDestroyNotify) hotspot_free);
  judgement->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  judgement->late = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_late_risk_free);
  judgement->themes = g_ptr_array_new_with_free_func ((GDestroyNotify) theme_free);

  start = duban_day_start (first);
  end = duban_day_start (last + 1);
  if (at != DUBAN_TIME_NONE && end > at + 1)
    end = at + 1;

  matters = duban_repeat_matters_collapse (tickets, decisions, &judgement->n_merged);

  hotspots = duban_hotspots_find (matters, regions, level, first, last, at, name_lookup, user_data);
  for (guint i = 0; i < hotspots->len; i++)
    {
      DubanJudgementHotspot *item = g_new0 (DubanJudgementHotspot, 1);

      item->hotspot = g_steal_pointer (&hotspots->pdata[i]);
      item->ticket_ids = cell_ticket_ids (tickets, regions, level, item->hotspot->area,
                                          item->hotspot->category, start, end, at);
      g_ptr_array_add (judgement->hotspots, item);
    }

  groups = duban_repeats_find (tickets, start, end, NULL);
  for (guint i = 0; i < groups->len; i++)
    {
      DubanRepeatGroup *group = g_ptr_array_index (groups, i);
      g_autofree char *key = duban_repeat_group_key (group);
      const DubanRepeatDecision *decision = duban_repeat_decisions_lookup (decisions, key);
      DubanJudgementGroup *item;

      if (decision != NULL && decision->kind == DUBAN_REPEAT_REJECTED)
        {
          judgement->n_rejected++;
          continue;
        }
      item = g_new0 (DubanJudgementGroup, 1);
      item->group = g_steal_pointer (&groups->pdata[i]);
      item->key = g_steal_pointer (&key);
      item->decision = decision != NULL ? (int) decision->kind : -1;
      item->resurgent = duban_repeat_group_resurgence (item->group);
      g_ptr_array_add (judgement->groups, item);
    }

  risks = duban_late_risk_assess (tickets, statuses, policy, calendar,
                                  at != DUBAN_TIME_NONE ? at : duban_time_now ());
  judgement->n_open = risks->len;
  for (guint i = 0; i < risks->len && judgement->late->len < DUBAN_JUDGEMENT_MAX_LATE; i++)
    {
      DubanLateRisk *risk = g_ptr_array_index (risks, i);

      if (risk->status.state == DUBAN_STATE_OPEN_OVERDUE)
        continue;
      g_ptr_array_add (judgement->late, g_steal_pointer (&risks->pdata[i]));
    }

  themes = duban_themes_find (matters, regions, level, last, at, name_lookup, user_data);
  for (guint i = 0; i < themes->len; i++)
    {
      DubanJudgementTheme *item = g_new0 (DubanJudgementTheme, 1);

      item->theme = g_steal_pointer (&themes->pdata[i]);
      item->ticket_ids = cell_ticket_ids (tickets, regions, level, item->theme->area,
                                          item->theme->category, duban_day_start (item->theme->first),
                                          end, at);
      g_ptr_array_add (judgement->themes, item);
    }

  return judgement;
}

guint
duban_judgement_count_confirmed (const DubanJudgement *judgement)
{
  guint n = 0;

  g_return_val_if_fail (judgement != NULL, 0);

  for (guint i = 0; i < judgement->groups->len; i++)
    n += ((const DubanJudgementGroup *) g_ptr_array_index (judgement->groups, i))->decision == DUBAN_REPEAT_CONFIRMED;
  return n;
}

guint
duban_judgement_count_resurgent (const DubanJudgement *judgement)
{
  guint n = 0;

  g_return_val_if_fail (judgement != NULL, 0);

  for (guint i = 0; i < judgement->groups->len; i++)
    n += ((const DubanJudgementGroup *) g_ptr_array_index (judgement->groups, i))->resurgent != NULL;
  return n;
}
