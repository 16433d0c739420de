/* bench-calendar — the working-day arithmetic under the figures' load.
 *
 * Run by hand: _build/tests/bench/bench-calendar
 * Prints the time for 200,000 tickets × (two deadline additions and one
 * year-long working-time difference): what a year's bulletin asks of it.
 */

#include "config.h"

#include <stdio.h>

#include "duban-calendar.h"

int
main (void)
{
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  DubanTime base = duban_day_start (duban_day_from_ymd (2025, 1, 1));
  double checksum = 0;
  gint64 began;
  double best = G_MAXDOUBLE;

  for (int run = 0; run < 5; run++)
    {
      began = g_get_monotonic_time ();
      for (int i = 0; i < 200000; i++)
        {
          DubanTime start = base + (gint64) i * 157 * DUBAN_USEC_PER_SECOND;
          DubanTime due = duban_calendar_add_working_time (calendar, start, 2 * DUBAN_USEC_PER_DAY);
          DubanTime far = duban_calendar_add_working_time (calendar, start, 240 * DUBAN_USEC_PER_DAY);

          checksum += (double) duban_calendar_working_time_between (calendar, start, due + 365 * DUBAN_USEC_PER_DAY);
          checksum += (double) (far - start);
        }
      best = MIN (best, (g_get_monotonic_time () - began) / 1e6);
    }

  printf ("calendar: 200,000 tickets x (2 additions + 1 year-long difference): best of 5 %.3f s (checksum %g)\n",
          best, checksum);
  return 0;
}
