/* Fuzzes the working-day calendar reader (the platform's /api/v1/calendar),
 * then uses whatever it accepted: a bad table must be refused, never make
 * deadline arithmetic misbehave. */

#include "config.h"

#include <stdint.h>

#include "duban-calendar.h"

static void
quiet_log (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(DubanCalendar) calendar = NULL;
  g_autoptr(GError) error = NULL;
  DubanTime start;

  g_log_set_default_handler (quiet_log, NULL);

  calendar = duban_calendar_new_empty ();
  if (!duban_calendar_load_json (calendar, (const char *) data, size,
                                 DUBAN_CALENDAR_SOURCE_PLATFORM, &error))
    {
      g_assert (error != NULL);
      return 0;
    }

  /* a year that loaded: its arithmetic stays consistent */
  start = duban_day_start (duban_day_from_ymd (2026, 1, 1));
  for (int i = 0; i < 8; i++)
    {
      DubanTime due = duban_calendar_add_working_time (calendar, start + i * 37 * DUBAN_USEC_PER_HOUR,
                                                       2 * DUBAN_USEC_PER_DAY);
      g_assert (duban_calendar_working_time_between (calendar, start + i * 37 * DUBAN_USEC_PER_HOUR, due)
                == 2 * DUBAN_USEC_PER_DAY);
    }

  return 0;
}
