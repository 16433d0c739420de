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

#include "duban-judgement-private.h"

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

/* ---- the tally: the judgement fed one ticket at a time --------------------- */


DubanJudgementTally *
duban_judgement_tally_new_judged (DubanRegions         *regions,
                                  GPtrArray            *decisions,
                                  const DubanSlaPolicy *policy,
                                  DubanCalendar        *calendar,
                                  DubanAreaLevel        level,
                                  DubanDay              first,
                                  DubanDay              last,
                                  DubanTime             at,
                                  DubanTime             judged_at)
{
  DubanJudgementTally *self;

  g_return_val_if_fail (policy != NULL, NULL);
  g_return_val_if_fail (DUBAN_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (first <= last, NULL);

  self = g_new0 (DubanJudgementTally, 1);
  self->regions = regions;
  self->policy = *policy;
  self->calendar = g_object_ref (calendar);
  self->decisions = decisions != NULL ? g_ptr_array_ref (decisions) : NULL;
  self->level = level;
  self->first = first;
  self->last = last;
  self->at = at;
  self->judged_at = judged_at;
  self->start = duban_day_start (first);
  self->end = duban_day_start (last + 1);
  if (at != DUBAN_TIME_NONE && self->end > at + 1)
    self->end = at + 1;
  self->hotspots = duban_hotspot_tally_new (regions, level, first, last, at);
  self->themes = duban_theme_tally_new (regions, level, last, at);
  self->curves = duban_late_risk_curves_new (calendar);
  self->held = g_ptr_array_new ();
  self->period = g_ptr_array_new ();
  self->open = g_ptr_array_new ();
  self->open_statuses = g_array_new (FALSE, FALSE, sizeof (DubanSlaStatus));

  /* a ticket in two confirmed groups joins the first decided */
  self->grouped = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint d = 0; decisions != NULL && d < decisions->len; d++)
    {
      const DubanRepeatDecision *decision = g_ptr_array_index (decisions, d);

      if (decision->kind != DUBAN_REPEAT_CONFIRMED)
        continue;
      for (guint i = 0; decision->ticket_ids[i] != NULL; i++)
        if (!g_hash_table_contains (self->grouped, decision->ticket_ids[i]))
          g_hash_table_insert (self->grouped, decision->ticket_ids[i], (gpointer) decision);
    }
  return self;
}

DubanJudgementTally *
duban_judgement_tally_new (DubanRegions         *regions,
                           GPtrArray            *decisions,
                           const DubanSlaPolicy *policy,
                           DubanCalendar        *calendar,
                           DubanAreaLevel        level,
                           DubanDay              first,
                           DubanDay              last,
                           DubanTime             at)
{
  return duban_judgement_tally_new_judged (regions, decisions, policy, calendar, level, first, last, at,
                                           at != DUBAN_TIME_NONE ? at : duban_time_now ());
}

void
duban_judgement_tally_free (DubanJudgementTally *self)
{
  if (self == NULL)
    return;

  duban_hotspot_tally_free (self->hotspots);
  duban_theme_tally_free (self->themes);
  duban_late_risk_curves_free (self->curves);
  g_hash_table_unref (self->grouped);
  g_ptr_array_unref (self->held);
  g_ptr_array_unref (self->period);
  g_ptr_array_unref (self->open);
  g_array_unref (self->open_statuses);
  g_clear_pointer (&self->decisions, g_ptr_array_unref);
  g_object_unref (self->calendar);
  g_free (self);
}

gboolean
duban_judgement_tally_add (DubanJudgementTally  *self,
                           const DubanTicket    *ticket,
                           const DubanSlaStatus *status)
{
  DubanSlaStatus own;
  gboolean grouped, hotspot, theme, keep = FALSE;

  g_return_val_if_fail (self != NULL && ticket != NULL, FALSE);

  if (status == NULL)
    {
      duban_sla_evaluate (&self->policy, self->calendar, ticket, self->judged_at, &own);
      status = &own;
    }

  /* every ticket is the late risk's history (the open ones censored);
   * the open ones are assessed against it at the end */
  duban_late_risk_curves_observe (self->curves, ticket, status);
  if (duban_state_is_open (status->state))
    {
      g_ptr_array_add (self->open, (gpointer) ticket);
      g_array_append_val (self->open_statuses, *status);
      keep = TRUE;
    }

  /* the repeat groups compare the period's tickets, and a finding names
   * them */
  if (ticket->received_at >= self->start && ticket->received_at < self->end)
    {
      g_ptr_array_add (self->period, (gpointer) ticket);
      keep = TRUE;
    }

  /* a ticket of a confirmed group counts once its group's first is
   * known, which needs all of them: held till the end, its id noted now */
  grouped = g_hash_table_contains (self->grouped, ticket->id);
  if (grouped)
    {
      g_ptr_array_add (self->held, (gpointer) ticket);
      keep = TRUE;
    }

  hotspot = duban_hotspot_tally_wants (self->hotspots, ticket);
  theme = duban_theme_tally_wants (self->themes, ticket);
  if (hotspot || theme)
    {
      char buffer[16];
      const char *area = duban_hotspot_area_of (ticket, self->regions, self->level, buffer);

      if (hotspot)
        duban_hotspot_tally_add (self->hotspots, ticket, area, !grouped, TRUE);
      if (theme)
        duban_theme_tally_add (self->themes, ticket, area, !grouped, TRUE);
    }
  return keep;
}

void
duban_judgement_tally_merge (DubanJudgementTally *self,
                             DubanJudgementTally *from)
{
  duban_hotspot_tally_merge (self->hotspots, from->hotspots);
  duban_theme_tally_merge (self->themes, from->themes);
  duban_late_risk_curves_merge (self->curves, from->curves);
  g_ptr_array_extend (self->held, from->held, NULL, NULL);
  g_ptr_array_extend (self->period, from->period, NULL, NULL);
  g_ptr_array_extend (self->open, from->open, NULL, NULL);
  g_array_append_vals (self->open_statuses, from->open_statuses->data, from->open_statuses->len);
}

/* Counts the first ticket of each confirmed group, as one matter; the
 * others are merged into it. Returns how many were. */
static guint
count_groups_firsts (DubanJudgementTally *self)
{
  g_autoptr(GHashTable) first_of = g_hash_table_new (g_direct_hash, g_direct_equal);
  GHashTableIter iter;
  gpointer value;

  /* which of each group's tickets was received first (ties: the smaller id) */
  for (guint i = 0; i < self->held->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (self->held, i);
      gpointer decision = g_hash_table_lookup (self->grouped, ticket->id);
      const DubanTicket *first = g_hash_table_lookup (first_of, decision);

      if (first == NULL || ticket->received_at < first->received_at ||
          (ticket->received_at == first->received_at && g_strcmp0 (ticket->id, first->id) < 0))
        g_hash_table_insert (first_of, decision, (gpointer) ticket);
    }

  g_hash_table_iter_init (&iter, first_of);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const DubanTicket *first = value;
      char buffer[16];
      const char *area = duban_hotspot_area_of (first, self->regions, self->level, buffer);

      duban_hotspot_tally_add (self->hotspots, first, area, TRUE, FALSE);
      duban_theme_tally_add (self->themes, first, area, TRUE, FALSE);
    }
  return self->held->len - g_hash_table_size (first_of);
}

/* Below this many rows a second connection and thread cost more than they
 * save; DUBAN_JUDGEMENT_SPLIT_ROWS sets another bound (the tests split a
 * small store to check that halves merged are the whole). */
#define SPLIT_ROWS 50000

gint64
duban_judgement_split_rows (void)
{
  const char *text = g_getenv ("DUBAN_JUDGEMENT_SPLIT_ROWS");

  return text != NULL && *text != '\0' ? g_ascii_strtoll (text, NULL, 10) : SPLIT_ROWS;
}

/* The repeat groups of the period, found on a thread of their own while
 * the rest is worked out when the period holds many tickets (half the
 * bound above): they are the longest step after the read, and use no
 * other step's results. */

static gpointer
find_repeats (gpointer data)
{
  DubanJudgementTally *self = data;

  return duban_repeats_find (self->period, self->start, self->end, NULL);
}

DubanJudgement *
duban_judgement_tally_finish (DubanJudgementTally  *self,
                              GPtrArray            *tickets,
                              DubanHotspotNameFunc  name_lookup,
                              gpointer              user_data)
{
  DubanJudgement *judgement;
  g_autoptr(GPtrArray) hotspots = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GPtrArray) risks = NULL;
  g_autoptr(GPtrArray) themes = NULL;
  GThread *repeats;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (tickets != NULL, NULL);

  judgement = g_new0 (DubanJudgement, 1);
  judgement->tickets = g_ptr_array_ref (tickets);
  judgement->level = self->level;
  judgement->first = self->first;
  judgement->last = self->last;
  judgement->at = self->at;
  judgement->hotspots = g_ptr_array_new_with_free_func ((GDestroyNotify) hotspot_free);
  judgement->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  judgement->late = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_late_risk_free);
  judgement->themes = g_ptr_array_new_with_free_func ((GDestroyNotify) theme_free);

  repeats = self->period->len >= duban_judgement_split_rows () / 2 && g_get_num_processors () > 1
            ? g_thread_new ("duban-repeats", find_repeats, self) : NULL;

  judgement->n_merged = count_groups_firsts (self);

  hotspots = duban_hotspot_tally_find (self->hotspots, name_lookup, user_data);
  for (guint i = 0; i < hotspots->len; i++)
    {
      DubanJudgementHotspot *item = g_new0 (DubanJudgementHotspot, 1);

      item->hotspot = g_steal_pointer (&hotspots->pdata[i]);
      item->ticket_ids = duban_hotspot_tally_dup_ids (self->hotspots, item->hotspot);
      g_ptr_array_add (judgement->hotspots, item);
    }

  risks = duban_late_risk_curves_assess (self->curves, self->open, self->open_statuses);
  judgement->n_open = risks->len;
  for (guint i = 0; i < risks->len && judgement->late->len < DUBAN_JUDGEMENT_MAX_LATE; i++)
    {
      DubanLateRisk *risk = g_ptr_array_index (risks, i);

      if (risk->status.state == DUBAN_STATE_OPEN_OVERDUE)
        continue;
      g_ptr_array_add (judgement->late, g_steal_pointer (&risks->pdata[i]));
    }

  themes = duban_theme_tally_find (self->themes, name_lookup, user_data);
  for (guint i = 0; i < themes->len; i++)
    {
      DubanJudgementTheme *item = g_new0 (DubanJudgementTheme, 1);

      item->theme = g_steal_pointer (&themes->pdata[i]);
      item->ticket_ids = duban_theme_tally_dup_ids (self->themes, item->theme);
      g_ptr_array_add (judgement->themes, item);
    }

  /* joined last: the steps above ran meanwhile */
  groups = repeats != NULL ? g_thread_join (repeats) : find_repeats (self);
  for (guint i = 0; i < groups->len; i++)
    {
      DubanRepeatGroup *group = g_ptr_array_index (groups, i);
      g_autofree char *key = duban_repeat_group_key (group);
      const DubanRepeatDecision *decision = duban_repeat_decisions_lookup (self->decisions, key);
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

  return judgement;
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
  g_autoptr(DubanJudgementTally) tally = NULL;

  g_return_val_if_fail (tickets != NULL, NULL);
  g_return_val_if_fail (statuses == NULL || statuses->len == tickets->len, NULL);
  g_return_val_if_fail (policy != NULL, NULL);
  g_return_val_if_fail (DUBAN_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (first <= last, NULL);

  tally = duban_judgement_tally_new (regions, decisions, policy, calendar, level, first, last, at);
  for (guint i = 0; i < tickets->len; i++)
    duban_judgement_tally_add (tally, g_ptr_array_index (tickets, i),
                               statuses != NULL ? &g_array_index (statuses, DubanSlaStatus, i) : NULL);
  return duban_judgement_tally_finish (tally, tickets, name_lookup, user_data);
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
