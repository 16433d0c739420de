/* duban-period.c — the periods a leader asks for: this week, last month …
 *
 * And how a period is written beside its figures, once: 87.1% on the map
 * and 64.71% on the analysis page were each true, of different periods
 * that neither said.
 */

#define G_LOG_DOMAIN "duban-period"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-period.h"

const char *
duban_period_preset_to_display (DubanPeriodPreset preset)
{
  switch (preset)
    {
    case DUBAN_PERIOD_THIS_WEEK:    return C_("period", "This week");
    case DUBAN_PERIOD_LAST_WEEK:    return C_("period", "Last week");
    case DUBAN_PERIOD_THIS_MONTH:   return C_("period", "This month");
    case DUBAN_PERIOD_LAST_MONTH:   return C_("period", "Last month");
    case DUBAN_PERIOD_THIS_QUARTER: return C_("period", "This quarter");
    case DUBAN_PERIOD_THIS_YEAR:    return C_("period", "This year");
    case DUBAN_PERIOD_CUSTOM:       return C_("period", "Custom");
    default:
      g_return_val_if_reached (NULL);
    }
}

static DubanDay
month_start (int year,
             int month)
{
  while (month < 1)
    month += 12, year--;
  while (month > 12)
    month -= 12, year++;
  return duban_day_from_ymd (year, month, 1);
}

gboolean
duban_period_preset_days (DubanPeriodPreset  preset,
                          DubanDay           today,
                          DubanDay          *first,
                          DubanDay          *last)
{
  int y, m, d;
  DubanDay monday = today - (duban_day_weekday (today) - 1);

  g_return_val_if_fail (first != NULL && last != NULL, FALSE);

  duban_day_to_ymd (today, &y, &m, &d);
  switch (preset)
    {
    case DUBAN_PERIOD_THIS_WEEK:
      *first = monday, *last = monday + 6;
      return TRUE;
    case DUBAN_PERIOD_LAST_WEEK:
      *first = monday - 7, *last = monday - 1;
      return TRUE;
    case DUBAN_PERIOD_THIS_MONTH:
      *first = month_start (y, m), *last = month_start (y, m + 1) - 1;
      return TRUE;
    case DUBAN_PERIOD_LAST_MONTH:
      *first = month_start (y, m - 1), *last = month_start (y, m) - 1;
      return TRUE;
    case DUBAN_PERIOD_THIS_QUARTER:
      *first = month_start (y, (m - 1) / 3 * 3 + 1);
      *last = month_start (y, (m - 1) / 3 * 3 + 4) - 1;
      return TRUE;
    case DUBAN_PERIOD_THIS_YEAR:
      *first = duban_day_from_ymd (y, 1, 1), *last = duban_day_from_ymd (y, 12, 31);
      return TRUE;
    case DUBAN_PERIOD_CUSTOM:
    default:
      return FALSE;
    }
}

gboolean
duban_period_preset_days_to_date (DubanPeriodPreset  preset,
                                  DubanDay           today,
                                  DubanDay          *first,
                                  DubanDay          *last)
{
  g_return_val_if_fail (first != NULL && last != NULL, FALSE);

  if (!duban_period_preset_days (preset, today, first, last))
    return FALSE;
  if (*first <= today && today < *last)
    *last = today;
  return TRUE;
}

static char *
describe_span (DubanDay first,
               DubanDay last)
{
  g_autofree char *from = duban_day_format (first);
  g_autofree char *to = NULL;

  if (first == last)
    return g_steal_pointer (&from);
  to = duban_day_format (last);
  /* Translators: a span of days, both included */
  return g_strdup_printf (C_("period", "%s to %s"), from, to);
}

char *
duban_period_describe_days (DubanDay  first,
                            DubanDay  last,
                            DubanTime at)
{
  g_autofree char *span = NULL;
  g_autofree char *moment = NULL;

  g_return_val_if_fail (first <= last, NULL);

  span = describe_span (first, last);
  moment = duban_time_format_civil (at);
  /* Translators: a period, and the moment its figures are known at */
  return g_strdup_printf (C_("period", "%s, as of %s"), span, moment);
}

char *
duban_period_describe (DubanTime start,
                       DubanTime end,
                       DubanTime at)
{
  g_autofree char *moment = duban_time_format_civil (at);

  if (start == DUBAN_TIME_NONE && end == G_MAXINT64)
    return g_strdup_printf (C_("period", "All time, as of %s"), moment);
  if (end == G_MAXINT64)
    {
      g_autofree char *from = duban_day_format (duban_day_of_time (start));

      return g_strdup_printf (C_("period", "Since %s, as of %s"), from, moment);
    }
  if (start == DUBAN_TIME_NONE)
    {
      g_autofree char *to = duban_day_format (duban_day_of_time (end - 1));

      return g_strdup_printf (C_("period", "Until %s, as of %s"), to, moment);
    }
  return duban_period_describe_days (duban_day_of_time (start), duban_day_of_time (MAX (end - 1, start)), at);
}

char *
duban_period_describe_previous (DubanDay first,
                                DubanDay last,
                                DubanDay previous_first,
                                DubanDay previous_last)
{
  g_autofree char *span = NULL;
  int days = last - first + 1;
  int previous_days = previous_last - previous_first + 1;

  g_return_val_if_fail (first <= last && previous_first <= previous_last, NULL);

  span = describe_span (previous_first, previous_last);
  if (days == previous_days)
    /* Translators: the period a change is measured against, as long as the period's */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (the same %d day)", "%s (the same %d days)", days),
                            span, days);
  /* Translators: the period a change is measured against, and the two lengths */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%d day against %d)", "%s (%d days against %d)", previous_days),
                          span, previous_days, days);
}
