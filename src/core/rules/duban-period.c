/* duban-period.c — the periods a leader asks for: this week, last month … */

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
