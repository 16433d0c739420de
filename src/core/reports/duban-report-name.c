/* duban-report-name.c — what and when, in the office's words
 *
 * A whole calendar month is named as a month, a single day as a day, any
 * other span by its first and last days (the year once when both lie in
 * it). The words come from the translation like every other word of the
 * document, so under zh_CN the name is Chinese.
 */

#define G_LOG_DOMAIN "duban-report-name"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-report-name.h"

static gboolean
is_whole_month (DubanDay first,
                DubanDay last)
{
  int y1, m1, d1, y2, m2, d2, y3, m3, d3;

  duban_day_to_ymd (first, &y1, &m1, &d1);
  duban_day_to_ymd (last, &y2, &m2, &d2);
  duban_day_to_ymd (last + 1, &y3, &m3, &d3);
  return d1 == 1 && y1 == y2 && m1 == m2 && d3 == 1;
}

static char *
format_period (DubanDay first,
               DubanDay last)
{
  int y1, m1, d1, y2, m2, d2;

  duban_day_to_ymd (first, &y1, &m1, &d1);
  duban_day_to_ymd (last, &y2, &m2, &d2);

  if (is_whole_month (first, last))
    /* Translators: a month in a file name: year, month */
    return g_strdup_printf (C_("file name", "%1$d-%2$02d"), y1, m1);
  if (first == last)
    /* Translators: a day in a file name: year, month, day */
    return g_strdup_printf (C_("file name", "%1$d-%2$02d-%3$02d"), y1, m1, d1);
  if (y1 == y2)
    /* Translators: a span of days within one year in a file name:
     * year, first month, first day, last month, last day */
    return g_strdup_printf (C_("file name", "%1$d-%2$02d-%3$02d to %4$02d-%5$02d"), y1, m1, d1, m2, d2);
  /* Translators: a span of days across years in a file name */
  return g_strdup_printf (C_("file name", "%1$d-%2$02d-%3$02d to %4$d-%5$02d-%6$02d"),
                          y1, m1, d1, y2, m2, d2);
}

char *
duban_report_file_name (const DubanReport *report,
                        const char        *extension)
{
  g_autofree char *period = NULL;
  const char *what;
  char *name;

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (extension != NULL, NULL);

  what = report->kind == DUBAN_REPORT_SUPERVISION
    ? C_("file name", "Supervision summary")
    : C_("file name", "Accountability bulletin");
  period = format_period (report->first, report->last);
  name = g_strdup_printf ("%s-%s.%s", what, period, extension);
  /* a translation must not make it a path */
  g_strdelimit (name, "/\\", '-');
  return name;
}
