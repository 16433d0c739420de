/* duban-figures.c — the evaluation figures (考评), as docs/sla-rules.md defines them
 *
 * Each figure is a count over a denominator that a reader can check by
 * hand; the rate is derived from the counts at the end, and is NAN ("no
 * data") — never 0% or 100% — when its denominator is empty.
 */

#define G_LOG_DOMAIN "duban-figures"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "duban-figures.h"

void
duban_period_init (DubanPeriod *period,
                   DubanDay     first,
                   DubanDay     last,
                   DubanTime    at)
{
  g_return_if_fail (period != NULL);
  g_return_if_fail (first <= last);

  period->start = duban_day_start (first);
  period->end = duban_day_start (last + 1);
  period->at = at;
}

/* "Falls in the period": inside [start, end) and not after the moment the
 * figures are known at. */
static inline gboolean
falls_in (const DubanPeriod *period,
          DubanTime          time)
{
  return time != DUBAN_TIME_NONE &&
         time >= period->start &&
         time < period->end &&
         time <= period->at;
}

/* A visit that is rated: the satisfaction rate's denominator. */
static inline gboolean
is_rated_visit (const DubanTicket *ticket)
{
  return ticket->satisfaction != DUBAN_SATISFACTION_NONE &&
         ticket->satisfaction != DUBAN_SATISFACTION_UNREACHABLE &&
         /* 核减: an explained request with supporting documents is not rated */
         !(ticket->disposition == DUBAN_DISPOSITION_EXPLAINED && ticket->evidence_count >= 1);
}

gboolean
duban_figures_ticket_counts (const DubanPeriod    *period,
                             const DubanTicket    *ticket,
                             const DubanSlaStatus *status)
{
  g_return_val_if_fail (period != NULL && ticket != NULL && status != NULL, FALSE);

  /* the same conditions as duban_figures_add_evaluated()'s, below */
  if (ticket->status == DUBAN_STATUS_CANCELLED ||
      status->state == DUBAN_STATE_NOT_YET || status->state == DUBAN_STATE_CANCELLED)
    return FALSE;
  return falls_in (period, ticket->received_at) ||
         falls_in (period, status->deadline) ||
         (ticket->urgency == DUBAN_URGENCY_URGENT && falls_in (period, status->contact_deadline)) ||
         (falls_in (period, ticket->visited_at) && is_rated_visit (ticket));
}

void
duban_figures_free (DubanFigures *figures)
{
  if (figures == NULL)
    return;

  g_free (figures->key);
  g_free (figures->name);
  g_free (figures);
}

void
duban_figures_add (DubanFigures         *figures,
                   const DubanSlaPolicy *policy,
                   DubanCalendar        *calendar,
                   const DubanPeriod    *period,
                   const DubanTicket    *ticket)
{
  DubanSlaStatus status;

  g_return_if_fail (figures != NULL);
  g_return_if_fail (ticket != NULL);

  if (ticket->status == DUBAN_STATUS_CANCELLED)
    return;

  duban_sla_evaluate (policy, calendar, ticket, period->at, &status);
  duban_figures_add_evaluated (figures, calendar, period, ticket, &status);
}

void
duban_figures_add_evaluated (DubanFigures         *figures,
                             DubanCalendar        *calendar,
                             const DubanPeriod    *period,
                             const DubanTicket    *ticket,
                             const DubanSlaStatus *evaluated)
{
  const DubanSlaStatus status = *evaluated;
  DubanTime until;

  g_return_if_fail (figures != NULL);
  g_return_if_fail (ticket != NULL);
  g_return_if_fail (evaluated != NULL);

  if (ticket->status == DUBAN_STATUS_CANCELLED)
    return;
  if (status.state == DUBAN_STATE_NOT_YET || status.state == DUBAN_STATE_CANCELLED)
    return;

  /* T: the end of the period or the moment, whichever is earlier */
  until = MIN (period->end, period->at);

  if (falls_in (period, ticket->received_at))
    {
      gboolean resolved_by_until = status.resolved && ticket->resolved_at < period->end;
      DubanTime finished = resolved_by_until ? ticket->resolved_at : until;

      figures->received++;
      if (resolved_by_until)
        figures->resolved++;

      /* Zero when the clock had not started by T (dispatched later). */
      if (ticket->urgency == DUBAN_URGENCY_URGENT)
        {
          figures->received_urgent++;
          if (status.start < finished)
            figures->sum_hours_urgent += (double) (finished - status.start) / DUBAN_USEC_PER_HOUR;
        }
      else
        {
          figures->received_normal++;
          if (status.start < finished)
            figures->sum_working_days_normal +=
              (double) duban_calendar_working_time_between (calendar, status.start, finished) / DUBAN_USEC_PER_DAY;
        }
    }

  if (falls_in (period, status.deadline))
    {
      figures->due++;
      if (status.resolved && ticket->resolved_at <= status.deadline)
        figures->on_time++;
    }

  if (ticket->urgency == DUBAN_URGENCY_URGENT && falls_in (period, status.contact_deadline))
    {
      figures->urgent_due++;
      if (status.contacted && ticket->first_contact_at <= status.contact_deadline)
        figures->contacted_on_time++;
    }

  if (falls_in (period, ticket->visited_at) && is_rated_visit (ticket))
    {
      figures->visited++;
      if (ticket->satisfaction == DUBAN_SATISFACTION_SATISFIED ||
          ticket->satisfaction == DUBAN_SATISFACTION_BASICALLY_SATISFIED)
        figures->satisfied++;
    }

  if (status.resolved && falls_in (period, ticket->resolved_at) &&
      ticket->handled_level != DUBAN_LEVEL_NONE)
    {
      figures->settled_total++;
      switch (ticket->handled_level)
        {
        case DUBAN_LEVEL_GRID: figures->settled_grid++; break;
        case DUBAN_LEVEL_TOWN: figures->settled_town++; break;
        case DUBAN_LEVEL_COUNTY: figures->settled_county++; break;
        case DUBAN_LEVEL_NONE:
        default: g_assert_not_reached ();
        }
    }
}

static double
ratio (double numerator,
       guint  denominator)
{
  return denominator == 0 ? NAN : numerator / denominator;
}

void
duban_figures_finish (DubanFigures         *figures,
                      const DubanSlaPolicy *policy)
{
  const double rates[3] = {
    figures->on_time_contact_rate = ratio (figures->contacted_on_time, figures->urgent_due),
    figures->on_time_completion_rate = ratio (figures->on_time, figures->due),
    figures->satisfaction_rate = ratio (figures->satisfied, figures->visited),
  };
  const double weights[3] = {
    policy->weight_contact,
    policy->weight_completion,
    policy->weight_satisfaction,
  };
  double weighted = 0, total_weight = 0;

  g_return_if_fail (figures != NULL);

  figures->completion_rate = ratio (figures->resolved, figures->received);
  figures->mean_hours_urgent = ratio (figures->sum_hours_urgent, figures->received_urgent);
  figures->mean_working_days_normal = ratio (figures->sum_working_days_normal, figures->received_normal);
  figures->settled_grid_share = ratio (figures->settled_grid, figures->settled_total);
  figures->settled_town_share = ratio (figures->settled_town, figures->settled_total);
  figures->settled_county_share = ratio (figures->settled_county, figures->settled_total);

  /* A rate with no data is left out and the other weights rescaled. */
  for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
    if (!isnan (rates[i]) && weights[i] > 0)
      {
        weighted += weights[i] * rates[i];
        total_weight += weights[i];
      }

  figures->score = total_weight > 0 ? 100.0 * weighted / total_weight : NAN;
}

gboolean
duban_figures_counted (const DubanFigures *figures)
{
  return figures->received > 0 || figures->due > 0 || figures->urgent_due > 0 ||
         figures->visited > 0 || figures->settled_total > 0;
}

static const char *
group_key (const DubanTicket *ticket,
           DubanGrouping      grouping,
           char               town[10])
{
  switch (grouping)
    {
    case DUBAN_GROUP_COUNTY:
      return "county";

    case DUBAN_GROUP_TOWN:
      if (ticket->grid_code == NULL || strlen (ticket->grid_code) < 9)
        return "";
      memcpy (town, ticket->grid_code, 9);
      town[9] = '\0';
      return town;

    case DUBAN_GROUP_UNIT:
      return ticket->unit_code != NULL ? ticket->unit_code : "";

    default:
      g_assert_not_reached ();
    }
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  const DubanFigures *fa = *(const DubanFigures **) a;
  const DubanFigures *fb = *(const DubanFigures **) b;

  return strcmp (fa->key, fb->key);
}

GPtrArray *
duban_figures_compute (GPtrArray            *tickets,
                       const DubanSlaPolicy *policy,
                       DubanCalendar        *calendar,
                       const DubanPeriod    *period,
                       DubanGrouping         grouping,
                       DubanNameLookup       name_lookup,
                       gpointer              name_data)
{
  return duban_figures_compute_evaluated (tickets, NULL, policy, calendar, period, grouping,
                                          name_lookup, name_data);
}

GPtrArray *
duban_figures_compute_evaluated (GPtrArray            *tickets,
                                 const DubanSlaStatus *statuses,
                                 const DubanSlaPolicy *policy,
                                 DubanCalendar        *calendar,
                                 const DubanPeriod    *period,
                                 DubanGrouping         grouping,
                                 DubanNameLookup       name_lookup,
                                 gpointer              name_data)
{
  g_autoptr(GHashTable) groups = NULL;
  g_autoptr(GPtrArray) result = NULL;
  char county_code[7] = "";

  g_return_val_if_fail (tickets != NULL, NULL);
  g_return_val_if_fail (policy != NULL && calendar != NULL && period != NULL, NULL);

  groups = g_hash_table_new (g_str_hash, g_str_equal);
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_figures_free);

  /* The county always has its line, even with no tickets at all. */
  if (grouping == DUBAN_GROUP_COUNTY)
    {
      DubanFigures *county = g_new0 (DubanFigures, 1);

      county->key = g_strdup ("county");
      g_hash_table_insert (groups, county->key, county);
      g_ptr_array_add (result, county);
    }

  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      char town[10];
      const char *key = group_key (ticket, grouping, town);
      DubanFigures *figures = g_hash_table_lookup (groups, key);

      if (ticket->status == DUBAN_STATUS_CANCELLED)
        continue;

      if (county_code[0] == '\0' && ticket->grid_code != NULL && strlen (ticket->grid_code) >= 6)
        memcpy (county_code, ticket->grid_code, 6), county_code[6] = '\0';

      if (figures == NULL)
        {
          figures = g_new0 (DubanFigures, 1);
          figures->key = g_strdup (key);
          if (grouping == DUBAN_GROUP_UNIT && ticket->unit_name != NULL)
            figures->name = g_strdup (ticket->unit_name);
          g_hash_table_insert (groups, figures->key, figures);
          g_ptr_array_add (result, figures);
        }

      if (statuses != NULL)
        duban_figures_add_evaluated (figures, calendar, period, ticket, &statuses[i]);
      else
        duban_figures_add (figures, policy, calendar, period, ticket);
    }

  /* A group whose tickets all fall outside the period has no line (the
   * county always has one): which groups are listed must not depend on
   * how much history the store holds, nor on whether every ticket or
   * only the period's (duban-figures-span.h) was read. */
  for (guint i = result->len; i-- > 0;)
    {
      DubanFigures *figures = g_ptr_array_index (result, i);

      if (grouping != DUBAN_GROUP_COUNTY && !duban_figures_counted (figures))
        {
          g_hash_table_remove (groups, figures->key);
          g_ptr_array_remove_index (result, i);
        }
    }

  for (guint i = 0; i < result->len; i++)
    {
      DubanFigures *figures = g_ptr_array_index (result, i);

      if (grouping == DUBAN_GROUP_COUNTY && county_code[0] != '\0')
        {
          g_free (figures->key);
          figures->key = g_strdup (county_code);
        }

      if (figures->name == NULL && *figures->key != '\0' && name_lookup != NULL)
        figures->name = name_lookup (figures->key, name_data);

      if (figures->name == NULL)
        {
          if (grouping == DUBAN_GROUP_COUNTY)
            figures->name = g_strdup (_("County"));
          else if (*figures->key == '\0')
            figures->name = g_strdup (grouping == DUBAN_GROUP_UNIT ? _("Not dispatched") : _("Not located"));
          else
            figures->name = g_strdup (figures->key);
        }

      duban_figures_finish (figures, policy);
    }

  g_ptr_array_sort (result, compare_keys);

  return g_steal_pointer (&result);
}

static void
add_number_or_null (JsonBuilder *builder,
                    const char  *name,
                    double       value)
{
  json_builder_set_member_name (builder, name);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

static void
add_count (JsonBuilder *builder,
           const char  *name,
           guint        value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

double
duban_figures_ranked_score (const DubanFigures *figures)
{
  g_return_val_if_fail (figures != NULL, NAN);

  /* A reader sees 95.0 and 95.0: ranking them 1 and 2 on a difference no
   * document shows would be unfair, so they tie. */
  return isnan (figures->score) ? NAN : round (figures->score * 10.0) / 10.0;
}

/* 0: ranked; 1: too few deadlines (样本不足); 2: no score, or no unit */
static int
rank_class (const DubanFigures *f)
{
  if (f->key == NULL || *f->key == '\0' || isnan (f->score))
    return 2;
  return f->sample_short ? 1 : 0;
}

static int
compare_for_ranking (gconstpointer a,
                     gconstpointer b)
{
  const DubanFigures *fa = *(const DubanFigures **) a;
  const DubanFigures *fb = *(const DubanFigures **) b;
  int ca = rank_class (fa), cb = rank_class (fb);
  double sa, sb;

  if (ca != cb)
    return ca < cb ? -1 : 1;
  sa = duban_figures_ranked_score (fa);
  sb = duban_figures_ranked_score (fb);
  if (!isnan (sa) && !isnan (sb) && sa != sb)
    return sa > sb ? -1 : 1;
  /* equal scores share a rank; they are listed by code, so the list is
   * the same from one run to the next and says nothing about who is
   * "really" ahead */
  return g_strcmp0 (fa->key, fb->key);
}

void
duban_figures_rank (GPtrArray *groups,
                    guint      min_due)
{
  g_return_if_fail (groups != NULL);

  for (guint i = 0; i < groups->len; i++)
    {
      DubanFigures *f = g_ptr_array_index (groups, i);

      f->sample_short = f->due < min_due;
      f->rank = 0;
    }
  g_ptr_array_sort (groups, compare_for_ranking);

  for (guint i = 0; i < groups->len; i++)
    {
      DubanFigures *f = g_ptr_array_index (groups, i);
      const DubanFigures *before = i > 0 ? g_ptr_array_index (groups, i - 1) : NULL;

      if (rank_class (f) != 0)
        break;
      /* competition ranking: a tie shares the rank, the next is skipped */
      f->rank = before != NULL && duban_figures_ranked_score (before) == duban_figures_ranked_score (f)
        ? before->rank : i + 1;
    }
}

JsonNode *
duban_figures_to_json (const DubanFigures *figures)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (figures != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, figures->key);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, figures->name);
  add_count (builder, "received", figures->received);
  add_count (builder, "resolved", figures->resolved);
  add_number_or_null (builder, "completion_rate", figures->completion_rate);
  add_count (builder, "due", figures->due);
  add_count (builder, "on_time", figures->on_time);
  add_number_or_null (builder, "on_time_completion_rate", figures->on_time_completion_rate);
  add_count (builder, "urgent_due", figures->urgent_due);
  add_count (builder, "contacted_on_time", figures->contacted_on_time);
  add_number_or_null (builder, "on_time_contact_rate", figures->on_time_contact_rate);
  add_count (builder, "visited", figures->visited);
  add_count (builder, "satisfied", figures->satisfied);
  add_number_or_null (builder, "satisfaction_rate", figures->satisfaction_rate);
  add_number_or_null (builder, "mean_hours_urgent", figures->mean_hours_urgent);
  add_number_or_null (builder, "mean_working_days_normal", figures->mean_working_days_normal);
  json_builder_set_member_name (builder, "settled");
  json_builder_begin_object (builder);
  add_number_or_null (builder, "grid", figures->settled_grid_share);
  add_number_or_null (builder, "town", figures->settled_town_share);
  add_number_or_null (builder, "county", figures->settled_county_share);
  json_builder_end_object (builder);
  add_number_or_null (builder, "score", figures->score);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
