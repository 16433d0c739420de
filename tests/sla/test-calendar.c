/* test-calendar.c — the working-day calendar against docs/sla-rules.md
 *
 * The holiday blocks below are copied from docs/sla-rules.md, not read from the
 * bundled tables, so a wrong table fails here.
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "duban-calendar.h"

typedef struct {
  const char *first;   /* first day off */
  const char *last;    /* last day off */
} HolidayBlock;

static const HolidayBlock holiday_blocks[] = {
  /* 2025 */
  { "2025-01-01", "2025-01-01" },   /* 元旦 */
  { "2025-01-28", "2025-02-04" },   /* 春节 */
  { "2025-04-04", "2025-04-06" },   /* 清明 */
  { "2025-05-01", "2025-05-05" },   /* 劳动节 */
  { "2025-05-31", "2025-06-02" },   /* 端午 */
  { "2025-10-01", "2025-10-08" },   /* 国庆+中秋 */
  /* 2026 */
  { "2026-01-01", "2026-01-03" },
  { "2026-02-15", "2026-02-23" },
  { "2026-04-04", "2026-04-06" },
  { "2026-05-01", "2026-05-05" },
  { "2026-06-19", "2026-06-21" },
  { "2026-09-25", "2026-09-27" },
  { "2026-10-01", "2026-10-07" },
};

static const char * const worked_weekend_days[] = {
  "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
  "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
};

static DubanDay
day_of (const char *text)
{
  DubanDay day = 0;

  g_assert_true (duban_day_parse (text, &day, NULL));

  return day;
}

static DubanTime
t (const char *text)
{
  g_autoptr(GError) error = NULL;
  DubanTime time = 0;

  if (!duban_time_parse_rfc3339 (text, &time, &error))
    g_error ("'%s': %s", text, error->message);

  return time;
}

static void
assert_time_eq (DubanTime   actual,
                const char *expected)
{
  g_autofree char *text = duban_time_format_rfc3339 (actual);

  g_assert_cmpstr (text, ==, expected);
}

static gboolean
in_list (const char * const *list,
         guint               n,
         DubanDay            day)
{
  for (guint i = 0; i < n; i++)
    if (day_of (list[i]) == day)
      return TRUE;

  return FALSE;
}

static gboolean
in_holiday_block (DubanDay day)
{
  for (guint i = 0; i < G_N_ELEMENTS (holiday_blocks); i++)
    if (day >= day_of (holiday_blocks[i].first) && day <= day_of (holiday_blocks[i].last))
      return TRUE;

  return FALSE;
}

/* Reference answer straight from the rules, one day at a time. */
static gboolean
rules_say_working (DubanDay day)
{
  if (in_list (worked_weekend_days, G_N_ELEMENTS (worked_weekend_days), day))
    return TRUE;
  if (in_holiday_block (day))
    return FALSE;

  return duban_day_weekday (day) <= 5;
}

static void
test_every_day_of_2025_2026 (void)
{
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  DubanDay first = duban_day_from_ymd (2025, 1, 1);
  DubanDay end = duban_day_from_ymd (2027, 1, 1);

  for (DubanDay day = first; day < end; day++)
    {
      if (duban_calendar_is_working_day (calendar, day) != rules_say_working (day))
        {
          g_autofree char *text = duban_day_format (day);
          g_error ("%s: calendar disagrees with sla-rules.md", text);
        }
    }

  g_assert_cmpint (duban_calendar_get_source (calendar, 2025), ==, DUBAN_CALENDAR_SOURCE_BUNDLED);
  g_assert_cmpint (duban_calendar_get_source (calendar, 2026), ==, DUBAN_CALENDAR_SOURCE_BUNDLED);
  g_assert_cmpint (duban_calendar_get_source (calendar, 2027), ==, DUBAN_CALENDAR_SOURCE_NONE);

  /* 261 weekdays a year, less 18 / 19 holidays, plus 5 / 6 worked days. */
  g_assert_cmpint (duban_calendar_working_time_between (calendar,
                                                        t ("2025-01-01T00:00:00+08:00"),
                                                        t ("2026-01-01T00:00:00+08:00")),
                   ==, 248 * DUBAN_USEC_PER_DAY);
  g_assert_cmpint (duban_calendar_working_time_between (calendar,
                                                        t ("2026-01-01T00:00:00+08:00"),
                                                        t ("2027-01-01T00:00:00+08:00")),
                   ==, 248 * DUBAN_USEC_PER_DAY);

  {
    g_autoptr(GArray) years = duban_calendar_get_fallback_years (calendar);
    g_assert_cmpuint (years->len, ==, 0);
  }
}

static void
test_holiday_edges (void)
{
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();

  for (guint i = 0; i < G_N_ELEMENTS (holiday_blocks); i++)
    {
      DubanDay first = day_of (holiday_blocks[i].first);
      DubanDay last = day_of (holiday_blocks[i].last);

      g_test_message ("%s – %s", holiday_blocks[i].first, holiday_blocks[i].last);
      g_assert_true (duban_calendar_is_working_day (calendar, first - 1));
      g_assert_false (duban_calendar_is_working_day (calendar, first));
      g_assert_false (duban_calendar_is_working_day (calendar, last));
      g_assert_true (duban_calendar_is_working_day (calendar, last + 1));

      for (DubanDay day = first; day <= last; day++)
        g_assert_false (duban_calendar_is_working_day (calendar, day));

      /* Only the edges of the block count, and nothing inside it. */
      g_assert_cmpint (duban_calendar_working_time_between (calendar,
                                                            duban_day_start (first - 1) + 10 * DUBAN_USEC_PER_HOUR,
                                                            duban_day_start (last + 1) + 10 * DUBAN_USEC_PER_HOUR),
                       ==, 24 * DUBAN_USEC_PER_HOUR);
    }

  for (guint i = 0; i < G_N_ELEMENTS (worked_weekend_days); i++)
    {
      DubanDay day = day_of (worked_weekend_days[i]);

      g_test_message ("worked %s", worked_weekend_days[i]);
      g_assert_cmpint (duban_day_weekday (day), >=, 6);
      g_assert_true (duban_calendar_is_working_day (calendar, day));
      g_assert_cmpint (duban_calendar_working_time_between (calendar,
                                                            duban_day_start (day),
                                                            duban_day_start (day + 1)),
                       ==, DUBAN_USEC_PER_DAY);
    }
}

/* A normal ticket dispatched 16:00 on the last working day before each
 * block is due at 16:00 on the second working day after it; one that
 * arrives at 00:00 on the first day off is due at the end of that day. */
static void
test_two_days_across_holidays (void)
{
  static const struct {
    const char *start;
    const char *due;
  } cases[] = {
    { "2024-12-31T16:00:00+08:00", "2025-01-03T16:00:00+08:00" },
    { "2025-01-01T00:00:00+08:00", "2025-01-04T00:00:00+08:00" },
    { "2025-01-27T16:00:00+08:00", "2025-02-06T16:00:00+08:00" },
    { "2025-01-28T00:00:00+08:00", "2025-02-07T00:00:00+08:00" },
    { "2025-01-27T10:00:00+08:00", "2025-02-06T10:00:00+08:00" },
    { "2025-04-03T16:00:00+08:00", "2025-04-08T16:00:00+08:00" },
    { "2025-04-04T00:00:00+08:00", "2025-04-09T00:00:00+08:00" },
    { "2025-04-30T16:00:00+08:00", "2025-05-07T16:00:00+08:00" },
    { "2025-05-01T00:00:00+08:00", "2025-05-08T00:00:00+08:00" },
    { "2025-05-30T16:00:00+08:00", "2025-06-04T16:00:00+08:00" },
    { "2025-05-31T00:00:00+08:00", "2025-06-05T00:00:00+08:00" },
    { "2025-09-30T16:00:00+08:00", "2025-10-10T16:00:00+08:00" },
    { "2025-10-01T00:00:00+08:00", "2025-10-11T00:00:00+08:00" },
    { "2025-12-31T16:00:00+08:00", "2026-01-05T16:00:00+08:00" },
    { "2026-01-01T00:00:00+08:00", "2026-01-06T00:00:00+08:00" },
    { "2026-02-14T16:00:00+08:00", "2026-02-25T16:00:00+08:00" },
    { "2026-02-15T00:00:00+08:00", "2026-02-26T00:00:00+08:00" },
    { "2026-04-03T16:00:00+08:00", "2026-04-08T16:00:00+08:00" },
    { "2026-04-04T00:00:00+08:00", "2026-04-09T00:00:00+08:00" },
    { "2026-04-30T16:00:00+08:00", "2026-05-07T16:00:00+08:00" },
    { "2026-05-01T00:00:00+08:00", "2026-05-08T00:00:00+08:00" },
    { "2026-06-18T16:00:00+08:00", "2026-06-23T16:00:00+08:00" },
    { "2026-06-19T00:00:00+08:00", "2026-06-24T00:00:00+08:00" },
    { "2026-09-24T16:00:00+08:00", "2026-09-29T16:00:00+08:00" },
    { "2026-09-25T00:00:00+08:00", "2026-09-30T00:00:00+08:00" },
    { "2026-09-30T16:00:00+08:00", "2026-10-09T16:00:00+08:00" },
    { "2026-10-01T00:00:00+08:00", "2026-10-10T00:00:00+08:00" },
    /* worked weekend days count like any working day */
    { "2026-02-14T10:00:00+08:00", "2026-02-25T10:00:00+08:00" },
    { "2026-09-19T09:00:00+08:00", "2026-09-22T00:00:00+08:00" },
    { "2026-10-09T16:00:00+08:00", "2026-10-12T16:00:00+08:00" },
    { "2025-10-11T08:00:00+08:00", "2025-10-14T08:00:00+08:00" },
  };
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DubanTime start = t (cases[i].start);
      DubanTime due = duban_calendar_add_working_time (calendar, start, 2 * DUBAN_USEC_PER_DAY);

      g_test_message ("%s", cases[i].start);
      assert_time_eq (due, cases[i].due);
      g_assert_cmpint (duban_calendar_working_time_between (calendar, start, due), ==, 2 * DUBAN_USEC_PER_DAY);
    }
}

static void
test_worked_examples (void)
{
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  const gint64 two_days = 2 * DUBAN_USEC_PER_DAY;

  /* docs/sla-rules.md, "Deadlines", in an ordinary week of March 2026. */
  assert_time_eq (duban_calendar_add_working_time (calendar, t ("2026-03-09T10:00:00+08:00"), two_days),
                  "2026-03-11T10:00:00+08:00");
  assert_time_eq (duban_calendar_add_working_time (calendar, t ("2026-03-13T16:00:00+08:00"), two_days),
                  "2026-03-17T16:00:00+08:00");
  assert_time_eq (duban_calendar_add_working_time (calendar, t ("2026-03-14T09:00:00+08:00"), two_days),
                  "2026-03-18T00:00:00+08:00");
  /* ... and the same on Sunday, and at 00:00 Monday. */
  assert_time_eq (duban_calendar_add_working_time (calendar, t ("2026-03-15T23:59:59+08:00"), two_days),
                  "2026-03-18T00:00:00+08:00");
  assert_time_eq (duban_calendar_add_working_time (calendar, t ("2026-03-16T00:00:00+08:00"), two_days),
                  "2026-03-18T00:00:00+08:00");
  /* Filling Thursday and Friday ends at Friday 24:00, not Monday. */
  assert_time_eq (duban_calendar_add_working_time (calendar, t ("2026-03-12T00:00:00+08:00"), two_days),
                  "2026-03-14T00:00:00+08:00");
  assert_time_eq (duban_calendar_add_working_time (calendar, t ("2026-03-12T00:00:00.000001+08:00"), two_days),
                  "2026-03-16T00:00:00.000001+08:00");
  assert_time_eq (duban_calendar_add_working_time (calendar, t ("2026-03-09T10:00:00+08:00"), 0),
                  "2026-03-09T10:00:00+08:00");
  assert_time_eq (duban_calendar_add_working_time (calendar, t ("2026-03-09T10:00:00+08:00"), 14 * DUBAN_USEC_PER_HOUR),
                  "2026-03-10T00:00:00+08:00");
  assert_time_eq (duban_calendar_add_working_time (calendar, t ("2026-03-09T10:00:00+08:00"), 13 * DUBAN_USEC_PER_HOUR),
                  "2026-03-09T23:00:00+08:00");
}

static void
test_between (void)
{
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  DubanTime fri16 = t ("2026-03-13T16:00:00+08:00");
  DubanTime mon10 = t ("2026-03-16T10:00:00+08:00");

  g_assert_cmpint (duban_calendar_working_time_between (calendar, fri16, mon10), ==, 18 * DUBAN_USEC_PER_HOUR);
  g_assert_cmpint (duban_calendar_working_time_between (calendar, mon10, fri16), ==, -18 * DUBAN_USEC_PER_HOUR);
  g_assert_cmpint (duban_calendar_working_time_between (calendar, mon10, mon10), ==, 0);
  g_assert_cmpint (duban_calendar_working_time_between (calendar, mon10, mon10 + 1), ==, 1);
  /* A weekend contributes nothing, to the microsecond. */
  g_assert_cmpint (duban_calendar_working_time_between (calendar,
                                                        t ("2026-03-14T00:00:00+08:00"),
                                                        t ("2026-03-16T00:00:00+08:00")), ==, 0);
  g_assert_cmpint (duban_calendar_working_time_between (calendar,
                                                        t ("2026-03-13T23:59:59.999999+08:00"),
                                                        t ("2026-03-16T00:00:00.000001+08:00")), ==, 2);
  /* The whole Spring Festival block: Sat 14 (worked) … Tue 24. */
  g_assert_cmpint (duban_calendar_working_time_between (calendar,
                                                        t ("2026-02-13T12:00:00+08:00"),
                                                        t ("2026-02-24T12:00:00+08:00")),
                   ==, (12 + 24 + 12) * DUBAN_USEC_PER_HOUR);
}

/* The same answers, one day at a time, from the rules' own definition. */
static gint64
naive_between (DubanCalendar *calendar,
               DubanTime      from,
               DubanTime      to)
{
  gint64 total = 0;

  for (DubanDay day = duban_day_of_time (from); duban_day_start (day) < to; day++)
    {
      DubanTime a = MAX (from, duban_day_start (day));
      DubanTime b = MIN (to, duban_day_start (day + 1));

      if (b > a && rules_say_working (day))
        total += b - a;
    }

  (void) calendar;
  return total;
}

static void
test_against_naive (void)
{
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  GRand *rand = g_rand_new_with_seed (853);
  /* 2024 and 2027 have no table: both sides count Monday–Friday there. */
  DubanTime lo = t ("2024-06-01T00:00:00+08:00");
  DubanTime hi = t ("2027-06-01T00:00:00+08:00");

  for (int i = 0; i < 3000; i++)
    {
      DubanTime from = lo + (gint64) (g_rand_double (rand) * (double) (hi - lo));
      DubanTime to = from + (gint64) (g_rand_double (rand) * 400 * DUBAN_USEC_PER_DAY);
      gint64 amount;
      DubanTime end;

      /* Some on exact day boundaries, where off-by-one errors live. */
      if (i % 3 == 0)
        from = duban_day_start (duban_day_of_time (from));
      if (i % 5 == 0)
        to = duban_day_start (duban_day_of_time (to));

      g_assert_cmpint (duban_calendar_working_time_between (calendar, from, to), ==,
                       naive_between (calendar, from, to));

      amount = (gint64) (g_rand_double (rand) * 300 * DUBAN_USEC_PER_DAY);
      if (i % 4 == 0)
        amount -= amount % DUBAN_USEC_PER_DAY;
      end = duban_calendar_add_working_time (calendar, from, amount);
      g_assert_cmpint (naive_between (calendar, from, end), ==, amount);
      /* ... and it is the earliest such moment. */
      if (amount > 0)
        g_assert_cmpint (naive_between (calendar, from, end - 1), <, amount);
    }

  g_rand_free (rand);
}

static void
test_fallback_years (void)
{
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(GArray) none = NULL;
  g_autoptr(GArray) one = NULL;
  g_autoptr(GArray) two = NULL;
  g_autoptr(GArray) cleared = NULL;

  /* Ending exactly at 00:00 on 2027-01-01 does not touch 2027. */
  g_assert_cmpint (duban_calendar_working_time_between (calendar,
                                                        t ("2026-12-31T00:00:00+08:00"),
                                                        t ("2027-01-01T00:00:00+08:00")),
                   ==, DUBAN_USEC_PER_DAY);
  none = duban_calendar_get_fallback_years (calendar);
  g_assert_cmpuint (none->len, ==, 0);

  /* 2027-01-01 is a Friday: with no table it is a working day. */
  g_assert_true (duban_calendar_is_working_day (calendar, duban_day_from_ymd (2027, 1, 1)));
  g_assert_false (duban_calendar_is_working_day (calendar, duban_day_from_ymd (2027, 1, 2)));
  one = duban_calendar_get_fallback_years (calendar);
  g_assert_cmpuint (one->len, ==, 1);
  g_assert_cmpint (g_array_index (one, int, 0), ==, 2027);

  /* A deadline computed in 2024 relies on 2024 too: Thu Feb 29 works. */
  assert_time_eq (duban_calendar_add_working_time (calendar, t ("2024-02-28T16:00:00+08:00"), 2 * DUBAN_USEC_PER_DAY),
                  "2024-03-01T16:00:00+08:00");
  assert_time_eq (duban_calendar_add_working_time (calendar, t ("2024-03-01T16:00:00+08:00"), 2 * DUBAN_USEC_PER_DAY),
                  "2024-03-05T16:00:00+08:00");
  /* Across the turn of the year: 2026's table, then 2027 Monday–Friday. */
  assert_time_eq (duban_calendar_add_working_time (calendar, t ("2026-12-31T16:00:00+08:00"), 2 * DUBAN_USEC_PER_DAY),
                  "2027-01-04T16:00:00+08:00");
  g_assert_cmpint (duban_calendar_working_time_between (calendar,
                                                        t ("2027-01-01T00:00:00+08:00"),
                                                        t ("2028-01-01T00:00:00+08:00")),
                   ==, 261 * DUBAN_USEC_PER_DAY);

  two = duban_calendar_get_fallback_years (calendar);
  g_assert_cmpuint (two->len, ==, 2);
  g_assert_cmpint (g_array_index (two, int, 0), ==, 2024);
  g_assert_cmpint (g_array_index (two, int, 1), ==, 2027);

  duban_calendar_clear_fallback_years (calendar);
  cleared = duban_calendar_get_fallback_years (calendar);
  g_assert_cmpuint (cleared->len, ==, 0);
}

static void
test_empty_calendar (void)
{
  g_autoptr(DubanCalendar) calendar = duban_calendar_new_empty ();
  g_autoptr(GArray) years = NULL;

  g_assert_cmpint (duban_calendar_get_source (calendar, 2026), ==, DUBAN_CALENDAR_SOURCE_NONE);
  /* 国庆 is an ordinary Thursday to a calendar with no tables. */
  g_assert_true (duban_calendar_is_working_day (calendar, duban_day_from_ymd (2026, 10, 1)));
  g_assert_false (duban_calendar_is_working_day (calendar, duban_day_from_ymd (2026, 10, 10)));
  g_assert_null (duban_calendar_year_to_json (calendar, 2026));

  years = duban_calendar_get_fallback_years (calendar);
  g_assert_cmpuint (years->len, ==, 1);
  g_assert_cmpint (g_array_index (years, int, 0), ==, 2026);
}

static void
test_platform_override (void)
{
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  const char *platform_2026 = "{\"year\":2026,\"holidays\":[\"2026-03-10\"],\"workdays\":[\"2026-03-14\"]}";
  const char *platform_2027 = "{\"year\":2027,\"holidays\":[\"2027-01-01\"],\"workdays\":[]}";

  g_assert_true (duban_calendar_load_json (calendar, platform_2026, -1,
                                           DUBAN_CALENDAR_SOURCE_PLATFORM, &error));
  g_assert_no_error (error);
  g_assert_cmpint (duban_calendar_get_source (calendar, 2026), ==, DUBAN_CALENDAR_SOURCE_PLATFORM);
  g_assert_cmpint (duban_calendar_get_source (calendar, 2025), ==, DUBAN_CALENDAR_SOURCE_BUNDLED);

  /* The platform's table replaces the bundled one entirely. */
  g_assert_false (duban_calendar_is_working_day (calendar, duban_day_from_ymd (2026, 3, 10)));
  g_assert_true (duban_calendar_is_working_day (calendar, duban_day_from_ymd (2026, 3, 14)));
  g_assert_true (duban_calendar_is_working_day (calendar, duban_day_from_ymd (2026, 10, 1)));
  g_assert_false (duban_calendar_is_working_day (calendar, duban_day_from_ymd (2026, 10, 10)));
  assert_time_eq (duban_calendar_add_working_time (calendar, t ("2026-03-09T10:00:00+08:00"), 2 * DUBAN_USEC_PER_DAY),
                  "2026-03-12T10:00:00+08:00");
  assert_time_eq (duban_calendar_add_working_time (calendar, t ("2026-03-13T16:00:00+08:00"), 2 * DUBAN_USEC_PER_DAY),
                  "2026-03-16T16:00:00+08:00");
  /* 2025 still has its bundled table. */
  g_assert_false (duban_calendar_is_working_day (calendar, duban_day_from_ymd (2025, 10, 8)));

  /* A year the calendar had been guessing at stops being a fallback. */
  g_assert_true (duban_calendar_is_working_day (calendar, duban_day_from_ymd (2027, 1, 1)));
  before = duban_calendar_get_fallback_years (calendar);
  g_assert_cmpuint (before->len, ==, 1);
  g_assert_true (duban_calendar_load_json (calendar, platform_2027, -1,
                                           DUBAN_CALENDAR_SOURCE_PLATFORM, &error));
  g_assert_no_error (error);
  g_assert_false (duban_calendar_is_working_day (calendar, duban_day_from_ymd (2027, 1, 1)));
  after = duban_calendar_get_fallback_years (calendar);
  g_assert_cmpuint (after->len, ==, 0);
  g_assert_cmpint (duban_calendar_get_source (calendar, 2027), ==, DUBAN_CALENDAR_SOURCE_PLATFORM);
  /* 2026 from the platform, then 2027 from the platform. */
  assert_time_eq (duban_calendar_add_working_time (calendar, t ("2026-12-31T16:00:00+08:00"), 2 * DUBAN_USEC_PER_DAY),
                  "2027-01-05T16:00:00+08:00");
}

static void
test_load_rejects (void)
{
  static const struct {
    const char *json;
    const char *message;
  } cases[] = {
    { "{\"year\":2026,\"holidays\":[\"2025-12-31\"],\"workdays\":[]}", "calendar 2026: 2025-12-31 is outside the year" },
    { "{\"year\":2026,\"holidays\":[\"2026-01-03\"],\"workdays\":[]}", "calendar 2026: holiday 2026-01-03 falls on a weekend" },
    { "{\"year\":2026,\"holidays\":[],\"workdays\":[\"2026-01-05\"]}", "calendar 2026: workday 2026-01-05 is not a weekend day" },
    { "{\"year\":2026,\"holidays\":[\"2026-01-01\",\"2026-01-01\"],\"workdays\":[]}", "calendar 2026: 2026-01-01 is listed twice" },
    { "{\"year\":2026,\"holidays\":[],\"workdays\":[\"2026-01-04\",\"2026-01-04\"]}", "calendar 2026: 2026-01-04 is listed twice" },
    { "{\"year\":2026,\"holidays\":[\"2026-1-1\"],\"workdays\":[]}", "calendar 2026: malformed date '2026-1-1'" },
    { "{\"year\":2026,\"holidays\":[20260101],\"workdays\":[]}", "calendar 2026: 'holidays' must be an array of dates" },
    { "{\"year\":2026,\"holidays\":[]}", "calendar 2026: 'workdays' must be an array of dates" },
    { "{\"year\":\"2026\",\"holidays\":[],\"workdays\":[]}", "calendar: 'year' must be an integer" },
    { "{\"holidays\":[],\"workdays\":[]}", "calendar: 'year' must be an integer" },
    { "[2026]", "calendar: not a JSON object" },
  };
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (duban_calendar_load_json (calendar, cases[i].json, -1,
                                                DUBAN_CALENDAR_SOURCE_PLATFORM, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }

  {
    g_autoptr(GError) error = NULL;
    g_assert_false (duban_calendar_load_json (calendar, "{not json", -1,
                                              DUBAN_CALENDAR_SOURCE_PLATFORM, &error));
    g_assert_nonnull (error);
  }

  /* A rejected table leaves the bundled one in place. */
  g_assert_cmpint (duban_calendar_get_source (calendar, 2026), ==, DUBAN_CALENDAR_SOURCE_BUNDLED);
  g_assert_false (duban_calendar_is_working_day (calendar, duban_day_from_ymd (2026, 1, 1)));
}

static void
test_year_to_json (void)
{
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(DubanCalendar) copy = duban_calendar_new_empty ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = duban_calendar_year_to_json (calendar, 2026);
  g_autofree char *again = NULL;
  DubanDay first = duban_day_from_ymd (2026, 1, 1);

  g_assert_nonnull (json);
  g_assert_true (g_str_has_prefix (json, "{\"year\":2026,\"holidays\":[\"2026-01-01\",\"2026-01-02\",\"2026-02-16\","));
  g_assert_true (g_str_has_suffix (json, "\"workdays\":[\"2026-01-04\",\"2026-02-14\",\"2026-02-28\",\"2026-05-09\",\"2026-09-20\",\"2026-10-10\"]}"));

  g_assert_true (duban_calendar_load_json (copy, json, -1, DUBAN_CALENDAR_SOURCE_PLATFORM, &error));
  g_assert_no_error (error);
  for (DubanDay day = first; day < first + 365; day++)
    g_assert_cmpint (duban_calendar_is_working_day (copy, day), ==,
                     duban_calendar_is_working_day (calendar, day));

  again = duban_calendar_year_to_json (copy, 2026);
  g_assert_cmpstr (again, ==, json);
  g_assert_null (duban_calendar_year_to_json (calendar, 2027));
}

typedef struct {
  DubanCalendar *calendar;
  int            seed;
  gint64         sum;
} ThreadWork;

static gpointer
thread_work (gpointer data)
{
  ThreadWork *work = data;
  DubanTime base = t ("2024-11-01T00:00:00+08:00");

  for (int i = 0; i < 20000; i++)
    {
      DubanTime start = base + (gint64) ((i * 7 + work->seed) % 1000) * 13 * DUBAN_USEC_PER_HOUR;

      work->sum += duban_calendar_working_time_between (work->calendar, start,
                                                        start + (i % 500) * DUBAN_USEC_PER_DAY);
      work->sum += duban_calendar_add_working_time (work->calendar, start, 2 * DUBAN_USEC_PER_DAY) - start;
    }

  return NULL;
}

static void
test_shared_between_threads (void)
{
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  ThreadWork alone = { calendar, 3, 0 };
  ThreadWork works[4];
  GThread *threads[4];
  g_autoptr(GArray) years = NULL;

  thread_work (&alone);
  duban_calendar_clear_fallback_years (calendar);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      works[i] = (ThreadWork) { calendar, 3, 0 };
      threads[i] = g_thread_new ("calendar", thread_work, &works[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpint (works[i].sum, ==, alone.sum);
    }

  years = duban_calendar_get_fallback_years (calendar);
  g_assert_cmpuint (years->len, ==, 2);
  g_assert_cmpint (g_array_index (years, int, 0), ==, 2024);
  g_assert_cmpint (g_array_index (years, int, 1), ==, 2027);
}

/* "Reply by the next working day": over weekends, holidays and the
 * weekend days worked in their place, by the tables above. */
static void
test_next_working_day (void)
{
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  static const struct { const char *day, *next; } cases[] = {
    { "2026-11-27", "2026-11-30" },   /* Friday → Monday */
    { "2026-11-28", "2026-11-30" },   /* Saturday → Monday */
    { "2026-11-30", "2026-12-01" },   /* Monday → Tuesday */
    { "2026-09-30", "2026-10-08" },   /* the eve of 国庆 → after it */
    { "2026-10-09", "2026-10-10" },   /* Friday → the Saturday worked for it */
    { "2026-09-18", "2026-09-20" },   /* Friday → the Sunday worked */
    { "2026-02-13", "2026-02-14" },   /* the eve of 春节's Saturday worked */
    { "2026-02-14", "2026-02-24" },   /* … then the whole of 春节 */
    { "2025-12-31", "2026-01-04" },   /* across the year, into a worked Sunday */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DubanDay next = duban_calendar_next_working_day (calendar, day_of (cases[i].day));
      g_autofree char *text = duban_day_format (next);

      g_assert_cmpstr (text, ==, cases[i].next);
      g_assert_true (duban_calendar_is_working_day (calendar, next));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calendar/every-day-of-2025-2026", test_every_day_of_2025_2026);
  g_test_add_func ("/calendar/holiday-edges", test_holiday_edges);
  g_test_add_func ("/calendar/two-days-across-holidays", test_two_days_across_holidays);
  g_test_add_func ("/calendar/worked-examples", test_worked_examples);
  g_test_add_func ("/calendar/between", test_between);
  g_test_add_func ("/calendar/against-naive", test_against_naive);
  g_test_add_func ("/calendar/fallback-years", test_fallback_years);
  g_test_add_func ("/calendar/empty", test_empty_calendar);
  g_test_add_func ("/calendar/platform-override", test_platform_override);
  g_test_add_func ("/calendar/load-rejects", test_load_rejects);
  g_test_add_func ("/calendar/year-to-json", test_year_to_json);
  g_test_add_func ("/calendar/shared-between-threads", test_shared_between_threads);
  g_test_add_func ("/calendar/next-working-day", test_next_working_day);

  return g_test_run ();
}
