/* duban-calendar.h — the working-day calendar (工作日)
 *
 * A working day is Monday–Friday and not a public holiday, or a weekend
 * day worked by the State Council's notice (调休). Working time runs
 * 00:00–24:00 civil time on working days only.
 *
 * Tables come from the bundled data (2025, 2026 in data/calendar, compiled
 * into the core's GResource) and may be overridden per year by the
 * platform's /api/v1/calendar answer. For a year with no table the
 * calendar counts Monday–Friday and records that year, so the UI and every
 * report can say so (duban_calendar_get_fallback_years()).
 */
#pragma once

#include <glib-object.h>
#include "duban-time.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_CALENDAR (duban_calendar_get_type ())
G_DECLARE_FINAL_TYPE (DubanCalendar, duban_calendar, DUBAN, CALENDAR, GObject)

typedef enum {
  DUBAN_CALENDAR_SOURCE_NONE,      /* no table: Monday–Friday */
  DUBAN_CALENDAR_SOURCE_BUNDLED,
  DUBAN_CALENDAR_SOURCE_PLATFORM,
} DubanCalendarSource;

/* With the bundled tables loaded. */
DubanCalendar       *duban_calendar_new                 (void);
/* With no tables at all (every year Monday–Friday); for tests. */
DubanCalendar       *duban_calendar_new_empty           (void);

/* Loads one year in the format of GET /api/v1/calendar:
 * { "year": 2026, "holidays": [...], "workdays": [...] }.
 * Replaces any table for that year. Rejects dates outside the year,
 * holidays on weekends, workdays on weekdays, duplicates. */
gboolean             duban_calendar_load_json           (DubanCalendar        *self,
                                                         const char           *json,
                                                         gssize                length,
                                                         DubanCalendarSource   source,
                                                         GError              **error);
/* Serializes the year's table in the same format (for caching in the store). */
char                *duban_calendar_year_to_json        (DubanCalendar        *self,
                                                         int                   year);

DubanCalendarSource  duban_calendar_get_source          (DubanCalendar        *self,
                                                         int                   year);
gboolean             duban_calendar_is_working_day      (DubanCalendar        *self,
                                                         DubanDay              day);
/* The first working day after @day: what "reply by the next working day"
 * means (a Friday's is Monday; the day before 国庆 waits out the holiday,
 * and a worked Saturday counts). */
DubanDay             duban_calendar_next_working_day    (DubanCalendar        *self,
                                                         DubanDay              day);

/* The moment at which @working_usec of working time have passed since
 * @start. A start on a non-working day counts from 00:00 of the next
 * working day. Exactly filling a day ends at 24:00 (= 00:00 next day). */
DubanTime            duban_calendar_add_working_time    (DubanCalendar        *self,
                                                         DubanTime             start,
                                                         gint64                working_usec);
/* Working time in [@from, @to); negative when @to < @from. */
gint64               duban_calendar_working_time_between (DubanCalendar       *self,
                                                         DubanTime             from,
                                                         DubanTime             to);

/* Walking back from @end over @working_usec of working time: @latest is
 * the last moment s with at least that much working time in [s, @end),
 * @earliest the first moment s with at most that much (the start of the
 * days off just before @latest, when there are any). Together they bound
 * the clock starts whose deadline can fall near @end (see
 * duban-figures-span.h). Asks nothing about years without a table: it
 * answers no figure, so it notes no fallback year. */
void                 duban_calendar_working_time_before (DubanCalendar       *self,
                                                         DubanTime            end,
                                                         gint64               working_usec,
                                                         DubanTime           *latest,
                                                         DubanTime           *earliest);

/* Years the calendar was asked about that had no table (sorted, unique).
 * Thread-safe; the calendar is otherwise read-only after loading and may be
 * shared between threads. */
GArray              *duban_calendar_get_fallback_years  (DubanCalendar        *self);
void                 duban_calendar_clear_fallback_years (DubanCalendar       *self);
/* @years (sorted, unique, as above) as text, runs as ranges: "2025, 2027–9999". */
char                *duban_calendar_format_years        (GArray               *years);

G_END_DECLS
