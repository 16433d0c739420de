/* duban-unit-report-months.c — every unit's figures over a unit page's months
 *
 * One table, unit code → its six months' figures, filled a ticket at a
 * time: from every ticket a desk holds (duban_unit_report_build) or from
 * the store's lean stream (duban_unit_report_build_from_store), the same
 * code either way, so that the two pages are the same.
 */
#define G_LOG_DOMAIN "duban-unit-report"

#include "config.h"

#include "duban-unit-report-months.h"

struct _DubanUnitReportMonths
{
  DubanSlaPolicy    policy;
  DubanCalendar    *calendar;
  DubanTime         at;
  DubanDay          first[DUBAN_UNIT_REPORT_MONTHS];
  DubanDay          last[DUBAN_UNIT_REPORT_MONTHS];
  DubanPeriod       periods[DUBAN_UNIT_REPORT_MONTHS];
  DubanFiguresSpan  span;      /* the six months' together */
  GHashTable       *units;     /* unit code → DubanFigures*[6], a month's NULL once stolen */
};

static void
unit_months_free (DubanFigures **months)
{
  for (guint k = 0; k < DUBAN_UNIT_REPORT_MONTHS; k++)
    duban_figures_free (months[k]);
  g_free (months);
}

DubanUnitReportMonths *
duban_unit_report_months_new (const DubanSlaPolicy *policy,
                              DubanCalendar        *calendar,
                              DubanTime             at)
{
  DubanUnitReportMonths *self;
  DubanDay today;
  int year, month, day;

  g_return_val_if_fail (policy != NULL, NULL);
  g_return_val_if_fail (DUBAN_IS_CALENDAR (calendar), NULL);

  self = g_new0 (DubanUnitReportMonths, 1);
  self->policy = *policy;
  self->calendar = g_object_ref (calendar);
  self->at = at;
  self->units = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) unit_months_free);

  /* the last months, whole, and this one up to the moment's day */
  today = duban_day_of_time (at);
  duban_day_to_ymd (today, &year, &month, &day);
  for (int back = DUBAN_UNIT_REPORT_MONTHS - 1; back >= 0; back--)
    {
      guint k = DUBAN_UNIT_REPORT_MONTHS - 1 - back;
      int y = year, m = month - back;

      while (m < 1)
        {
          m += 12;
          y--;
        }
      self->first[k] = duban_day_from_ymd (y, m, 1);
      if (back == 0)
        self->last[k] = today;
      else
        self->last[k] = (m == 12 ? duban_day_from_ymd (y + 1, 1, 1) : duban_day_from_ymd (y, m + 1, 1)) - 1;
      duban_period_init (&self->periods[k], self->first[k], self->last[k], at);
    }
  duban_figures_span_init (&self->span, &self->policy, calendar,
                           self->periods[0].start, self->periods[DUBAN_UNIT_REPORT_MONTHS - 1].end);
  return self;
}

void
duban_unit_report_months_free (DubanUnitReportMonths *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->units, g_hash_table_unref);
  g_clear_object (&self->calendar);
  g_free (self);
}

void
duban_unit_report_months_add (DubanUnitReportMonths *self,
                              const DubanTicket     *ticket,
                              const DubanSlaStatus  *status)
{
  const char *key;
  DubanFigures **months;
  DubanSlaStatus judged;

  g_return_if_fail (self != NULL && ticket != NULL);

  /* neither counts in any figure: not judged at all (a ticket received
   * after the moment is not yet, whoever reads it) */
  if (ticket->status == DUBAN_STATUS_CANCELLED || ticket->received_at > self->at ||
      !duban_figures_span_contains (&self->span, ticket))
    return;
  if (status == NULL)
    {
      duban_sla_evaluate (&self->policy, self->calendar, ticket, self->at, &judged);
      status = &judged;
    }

  key = ticket->unit_code != NULL ? ticket->unit_code : "";
  if ((months = g_hash_table_lookup (self->units, key)) == NULL)
    {
      months = g_new0 (DubanFigures *, DUBAN_UNIT_REPORT_MONTHS);
      for (guint k = 0; k < DUBAN_UNIT_REPORT_MONTHS; k++)
        {
          months[k] = g_new0 (DubanFigures, 1);
          months[k]->key = g_strdup (key);
        }
      g_hash_table_insert (self->units, g_strdup (key), months);
    }
  for (guint k = 0; k < DUBAN_UNIT_REPORT_MONTHS; k++)
    duban_figures_add_evaluated (months[k], self->calendar, &self->periods[k], ticket, status);
}

void
duban_unit_report_months_take_cb (DubanTicket *ticket,
                                  gpointer     user_data)
{
  duban_unit_report_months_add (user_data, ticket, NULL);
  duban_ticket_free (ticket);
}

void
duban_unit_report_months_days (DubanUnitReportMonths *self,
                               guint                  k,
                               DubanDay              *first,
                               DubanDay              *last)
{
  g_return_if_fail (self != NULL && k < DUBAN_UNIT_REPORT_MONTHS);

  *first = self->first[k];
  *last = self->last[k];
}

GPtrArray *
duban_unit_report_months_steal (DubanUnitReportMonths *self,
                                guint                  k)
{
  GPtrArray *units = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_figures_free);
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (self != NULL && k < DUBAN_UNIT_REPORT_MONTHS, units);

  g_hash_table_iter_init (&iter, self->units);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      DubanFigures **months = value;

      if (months[k] == NULL || !duban_figures_counted (months[k]))
        continue;
      duban_figures_finish (months[k], &self->policy);
      g_ptr_array_add (units, months[k]);
      months[k] = NULL;
    }
  return units;
}

DubanTime
duban_unit_report_months_start (DubanUnitReportMonths *self)
{
  g_return_val_if_fail (self != NULL, DUBAN_TIME_NONE);

  return self->periods[0].start;
}
