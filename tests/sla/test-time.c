/* test-time.c — RFC 3339 and civil days, checked against hand-computed
 * instants and against GDateTime. */

#include "config.h"

#include <gio/gio.h>

#include "duban-time.h"

static DubanTime
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  DubanTime t = 0;

  if (!duban_time_parse_rfc3339 (text, &t, &error))
    g_error ("'%s' should parse: %s", text, error->message);

  return t;
}

static void
test_parse_valid (void)
{
  g_assert_cmpint (parse_ok ("2026-10-09T14:03:00+08:00"), ==, G_GINT64_CONSTANT (1791525780000000));
  g_assert_cmpint (parse_ok ("2026-10-09t14:03:00+08:00"), ==, G_GINT64_CONSTANT (1791525780000000));
  g_assert_cmpint (parse_ok ("2026-10-09T06:03:00Z"), ==, G_GINT64_CONSTANT (1791525780000000));
  g_assert_cmpint (parse_ok ("2026-10-09T06:03:00z"), ==, G_GINT64_CONSTANT (1791525780000000));
  g_assert_cmpint (parse_ok ("2026-10-09T06:03:00+00:00"), ==, G_GINT64_CONSTANT (1791525780000000));
  g_assert_cmpint (parse_ok ("2026-10-09T06:03:00-00:00"), ==, G_GINT64_CONSTANT (1791525780000000));
  g_assert_cmpint (parse_ok ("2026-10-09T01:03:00-05:00"), ==, G_GINT64_CONSTANT (1791525780000000));
  g_assert_cmpint (parse_ok ("2026-10-08T23:33:00-06:30"), ==, G_GINT64_CONSTANT (1791525780000000));
  g_assert_cmpint (parse_ok ("1970-01-01T00:00:00Z"), ==, 0);
  g_assert_cmpint (parse_ok ("1970-01-01T08:00:00+08:00"), ==, 0);
  g_assert_cmpint (parse_ok ("1969-12-31T23:59:59.5-05:30"), ==, G_GINT64_CONSTANT (19799500000));
  g_assert_cmpint (parse_ok ("1969-12-31T23:59:59Z"), ==, -1000000);
}

static void
test_parse_fractions (void)
{
  DubanTime base = parse_ok ("2026-10-09T14:03:00+08:00");

  g_assert_cmpint (parse_ok ("2026-10-09T14:03:00.5+08:00") - base, ==, 500000);
  g_assert_cmpint (parse_ok ("2026-10-09T14:03:00.000001+08:00") - base, ==, 1);
  g_assert_cmpint (parse_ok ("2026-10-09T14:03:00.123456+08:00") - base, ==, 123456);
  /* Beyond microseconds: truncated, never rounded up into the next µs. */
  g_assert_cmpint (parse_ok ("2026-10-09T14:03:00.1234569+08:00") - base, ==, 123456);
  g_assert_cmpint (parse_ok ("2026-10-09T14:03:00.999999999Z") - parse_ok ("2026-10-09T14:03:00Z"), ==, 999999);
  g_assert_cmpint (parse_ok ("2026-10-09T14:03:00.0+08:00"), ==, base);
}

static void
test_parse_leap_days (void)
{
  g_assert_cmpint (parse_ok ("2000-02-29T12:00:00+00:00"), ==, G_GINT64_CONSTANT (951825600000000));
  g_assert_cmpint (parse_ok ("2024-02-29T00:00:00+08:00"), ==, G_GINT64_CONSTANT (1709136000000000));
  g_assert_true (duban_time_parse_rfc3339 ("2028-02-29T00:00:00+08:00", NULL, NULL));
  g_assert_false (duban_time_parse_rfc3339 ("2026-02-29T00:00:00+08:00", NULL, NULL));
  g_assert_false (duban_time_parse_rfc3339 ("2025-02-29T00:00:00+08:00", NULL, NULL));
  g_assert_false (duban_time_parse_rfc3339 ("1900-02-29T00:00:00+08:00", NULL, NULL));
  g_assert_false (duban_time_parse_rfc3339 ("2024-02-30T00:00:00+08:00", NULL, NULL));
  g_assert_false (duban_time_parse_rfc3339 ("2026-04-31T00:00:00+08:00", NULL, NULL));
  g_assert_true (duban_time_parse_rfc3339 ("2026-12-31T00:00:00+08:00", NULL, NULL));
}

static void
test_parse_leap_second (void)
{
  /* Accepted only at the end of a UTC day, read as its last microsecond. */
  g_assert_cmpint (parse_ok ("2016-12-31T23:59:60Z"), ==, G_GINT64_CONSTANT (1483228799999999));
  g_assert_cmpint (parse_ok ("2017-01-01T07:59:60+08:00"), ==, G_GINT64_CONSTANT (1483228799999999));
  g_assert_cmpint (parse_ok ("2016-12-31T23:59:60.5Z"), ==, G_GINT64_CONSTANT (1483228799999999));
  g_assert_false (duban_time_parse_rfc3339 ("2026-10-09T14:03:60+08:00", NULL, NULL));
  g_assert_false (duban_time_parse_rfc3339 ("2016-12-31T23:59:61Z", NULL, NULL));
}

static void
test_parse_no_offset (void)
{
  const char *cases[] = {
    "2026-10-09T14:03:00",
    "2026-10-09T14:03:00.25",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = g_strdup_printf ("time without offset '%s'", cases[i]);
      DubanTime t = 42;

      g_assert_false (duban_time_parse_rfc3339 (cases[i], &t, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_cmpstr (error->message, ==, expected);
      g_assert_cmpint (t, ==, 42);
    }
}

static void
test_parse_garbage (void)
{
  const char *cases[] = {
    "",
    "garbage",
    "2026-10-09",
    "2026-10-09 14:03:00+08:00",
    "2026-10-09_14:03:00+08:00",
    "2026-10-09T14:03+08:00",
    "2026-10-09T14:03:00+0800",
    "2026-10-09T14:03:00+08",
    "2026-10-09T14:03:00+8:00",
    "2026-10-09T14:03:00 +08:00",
    "2026-10-09T14:03:00+08:00 ",
    " 2026-10-09T14:03:00+08:00",
    "2026-10-09T14:03:00+08:00Z",
    "2026-10-09T14:03:00ZZ",
    "2026-10-09T14:03:00.+08:00",
    "2026-10-09T14:03:00,5+08:00",
    "2026-10-09T14:03:00UTC",
    "2026-10-09T14:03:00+24:00",
    "2026-10-09T14:03:00+08:60",
    "2026-1-09T14:03:00+08:00",
    "26-10-09T14:03:00+08:00",
    "+2026-10-09T14:03:00+08:00",
    "2026-00-09T14:03:00+08:00",
    "2026-13-09T14:03:00+08:00",
    "2026-10-00T14:03:00+08:00",
    "2026-10-32T14:03:00+08:00",
    "2026-10-09T24:00:00+08:00",
    "2026-10-09T14:60:00+08:00",
    "2026-10-09T-1:03:00+08:00",
    "２０２６-10-09T14:03:00+08:00",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = g_strdup_printf ("malformed time '%s'", cases[i]);

      if (duban_time_parse_rfc3339 (cases[i], NULL, &error))
        g_error ("'%s' should be rejected", cases[i]);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_cmpstr (error->message, ==, expected);
    }
}

static void
assert_formats (const char *input,
                const char *expected)
{
  g_autofree char *text = duban_time_format_rfc3339 (parse_ok (input));

  g_assert_cmpstr (text, ==, expected);
}

static void
test_format (void)
{
  assert_formats ("2026-10-09T14:03:00+08:00", "2026-10-09T14:03:00+08:00");
  assert_formats ("2026-10-09T06:03:00Z", "2026-10-09T14:03:00+08:00");
  assert_formats ("2026-10-08T20:00:00-04:00", "2026-10-09T08:00:00+08:00");
  assert_formats ("2026-12-31T16:00:00Z", "2027-01-01T00:00:00+08:00");
  assert_formats ("2026-10-09T14:03:00.5+08:00", "2026-10-09T14:03:00.5+08:00");
  assert_formats ("2026-10-09T14:03:00.000120+08:00", "2026-10-09T14:03:00.00012+08:00");
  assert_formats ("2026-10-09T14:03:00.999999+08:00", "2026-10-09T14:03:00.999999+08:00");
  assert_formats ("1969-12-31T23:59:59.5Z", "1970-01-01T07:59:59.5+08:00");
  assert_formats ("1950-06-01T00:00:00+08:00", "1950-06-01T00:00:00+08:00");

  {
    g_autofree char *civil = duban_time_format_civil (parse_ok ("2026-10-09T06:03:59.9Z"));
    g_assert_cmpstr (civil, ==, "2026-10-09 14:03");
  }
  {
    g_autofree char *civil = duban_time_format_civil (parse_ok ("1969-12-31T15:59:00Z"));
    g_assert_cmpstr (civil, ==, "1969-12-31 23:59");
  }
}

/* Our arithmetic against GLib's, over two centuries of instants. */
static void
test_format_matches_gdatetime (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+08:00");
  GRand *rand = g_rand_new_with_seed (20261009);

  for (int i = 0; i < 20000; i++)
    {
      gint64 seconds = g_rand_int_range (rand, -2000000000, 2000000000) * G_GINT64_CONSTANT (2);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (seconds);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);
      g_autofree char *expected = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S+08:00");
      g_autofree char *ours = duban_time_format_rfc3339 (seconds * DUBAN_USEC_PER_SECOND);
      DubanDay day = duban_day_of_time (seconds * DUBAN_USEC_PER_SECOND);
      int y, m, d;

      g_assert_cmpstr (ours, ==, expected);
      g_assert_cmpint (parse_ok (ours), ==, seconds * DUBAN_USEC_PER_SECOND);

      duban_day_to_ymd (day, &y, &m, &d);
      g_assert_cmpint (y, ==, g_date_time_get_year (local));
      g_assert_cmpint (m, ==, g_date_time_get_month (local));
      g_assert_cmpint (d, ==, g_date_time_get_day_of_month (local));
      g_assert_cmpint (duban_day_weekday (day), ==, g_date_time_get_day_of_week (local));
      g_assert_cmpint (duban_day_from_ymd (y, m, d), ==, day);
    }

  g_rand_free (rand);
}

static void
test_days (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  DubanDay day = 0;
  int y, m, d;

  g_assert_cmpint (duban_day_from_ymd (1970, 1, 1), ==, 0);
  g_assert_cmpint (duban_day_from_ymd (1969, 12, 31), ==, -1);
  g_assert_cmpint (duban_day_weekday (0), ==, 4);   /* Thursday */
  g_assert_cmpint (duban_day_weekday (-1), ==, 3);
  g_assert_cmpint (duban_day_weekday (duban_day_from_ymd (2026, 10, 9)), ==, 5);
  g_assert_cmpint (duban_day_weekday (duban_day_from_ymd (2026, 1, 4)), ==, 7);
  g_assert_cmpint (duban_day_weekday (duban_day_from_ymd (2025, 1, 27)), ==, 1);

  g_assert_true (duban_day_parse ("2026-10-09", &day, &error));
  g_assert_no_error (error);
  g_assert_cmpint (day, ==, duban_day_from_ymd (2026, 10, 9));
  duban_day_to_ymd (day, &y, &m, &d);
  g_assert_cmpint (y, ==, 2026);
  g_assert_cmpint (m, ==, 10);
  g_assert_cmpint (d, ==, 9);
  text = duban_day_format (day);
  g_assert_cmpstr (text, ==, "2026-10-09");

  g_assert_true (duban_day_parse ("2024-02-29", NULL, NULL));
  g_assert_false (duban_day_parse ("2026-02-29", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_false (duban_day_parse ("2026-10-09T00:00:00+08:00", NULL, NULL));
  g_assert_false (duban_day_parse ("2026-10-9", NULL, NULL));
  g_assert_false (duban_day_parse ("", NULL, NULL));

  /* The civil day turns at 00:00 +08:00, i.e. 16:00 UTC the day before. */
  g_assert_cmpint (duban_day_of_time (parse_ok ("2026-10-08T16:00:00Z")), ==, day);
  g_assert_cmpint (duban_day_of_time (parse_ok ("2026-10-08T15:59:59.999999Z")), ==, day - 1);
  g_assert_cmpint (duban_day_of_time (parse_ok ("2026-10-09T23:59:59.999999+08:00")), ==, day);
  g_assert_cmpint (duban_day_start (day), ==, parse_ok ("2026-10-09T00:00:00+08:00"));
  g_assert_cmpint (duban_day_of_time (parse_ok ("1970-01-01T07:59:59+08:00")), ==, 0);
  g_assert_cmpint (duban_day_of_time (parse_ok ("1970-01-01T00:00:00+08:00")), ==, 0);
  g_assert_cmpint (duban_day_of_time (parse_ok ("1969-12-31T23:59:59+08:00")), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/time/parse/valid", test_parse_valid);
  g_test_add_func ("/time/parse/fractions", test_parse_fractions);
  g_test_add_func ("/time/parse/leap-days", test_parse_leap_days);
  g_test_add_func ("/time/parse/leap-second", test_parse_leap_second);
  g_test_add_func ("/time/parse/no-offset", test_parse_no_offset);
  g_test_add_func ("/time/parse/garbage", test_parse_garbage);
  g_test_add_func ("/time/format", test_format);
  g_test_add_func ("/time/format/matches-gdatetime", test_format_matches_gdatetime);
  g_test_add_func ("/time/days", test_days);

  return g_test_run ();
}
