/* duban-time.c — instants and the county's civil time
 *
 * The civil calendar arithmetic is done here by hand (Howard Hinnant's
 * days-from-civil algorithms) rather than through GDateTime: it is exact
 * for every proleptic Gregorian date, needs no allocation, and the SLA
 * engine calls it hundreds of thousands of times per figure.
 */

#define G_LOG_DOMAIN "duban-time"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <string.h>

#include "duban-time.h"

/* Floor division and modulo: civil days before 1970 must still land on
 * the right day, which C's truncating division does not give. */
static inline gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  if ((a % b != 0) && ((a < 0) != (b < 0)))
    q--;

  return q;
}

static inline gint64
floor_mod (gint64 a,
           gint64 b)
{
  return a - floor_div (a, b) * b;
}

static gboolean
is_leap_year (gint64 year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int
days_in_month (gint64 year,
               int    month)
{
  static const int lengths[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  g_assert (month >= 1 && month <= 12);

  if (month == 2 && is_leap_year (year))
    return 29;

  return lengths[month - 1];
}

static gint64
days_from_civil (gint64 y,
                 int    m,
                 int    d)
{
  gint64 era;
  gint64 yoe;
  gint64 doy;
  gint64 doe;

  /* The algorithm's year starts in March so that the leap day is last. */
  y -= m <= 2;
  era = floor_div (y, 400);
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe - 719468;
}

static void
civil_from_days (gint64  z,
                 gint64 *out_year,
                 int    *out_month,
                 int    *out_day)
{
  gint64 era;
  gint64 doe;
  gint64 yoe;
  gint64 doy;
  gint64 mp;
  int m;

  z += 719468;
  era = floor_div (z, 146097);
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  m = (int) (mp < 10 ? mp + 3 : mp - 9);

  *out_day = (int) (doy - (153 * mp + 2) / 5 + 1);
  *out_month = m;
  *out_year = yoe + era * 400 + (m <= 2);
}

/* Reads exactly @n decimal digits; a sign, a space or a short field is
 * malformed, which is what strict RFC 3339 wants. */
static gboolean
read_digits (const char **p,
             int          n,
             int         *out)
{
  int value = 0;

  g_assert (p != NULL && *p != NULL);

  for (int i = 0; i < n; i++)
    {
      char c = (*p)[i];

      if (!g_ascii_isdigit (c))
        return FALSE;
      value = value * 10 + (c - '0');
    }

  *p += n;
  *out = value;

  return TRUE;
}

static gboolean
expect_char (const char **p,
             char         c)
{
  g_assert (p != NULL && *p != NULL);

  if (**p != c)
    return FALSE;

  (*p)++;

  return TRUE;
}

/* Parses "YYYY-MM-DD" at *p and validates it as a real date. */
static gboolean
read_date (const char **p,
           int         *year,
           int         *month,
           int         *mday)
{
  if (!read_digits (p, 4, year) ||
      !expect_char (p, '-') ||
      !read_digits (p, 2, month) ||
      !expect_char (p, '-') ||
      !read_digits (p, 2, mday))
    return FALSE;

  if (*month < 1 || *month > 12)
    return FALSE;

  if (*mday < 1 || *mday > days_in_month (*year, *month))
    return FALSE;

  return TRUE;
}

static gboolean
set_malformed (GError     **error,
               const char  *text)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "malformed time '%s'", text);
  return FALSE;
}

/* Leap seconds: RFC 3339 allows a seconds field of 60, and only at the end
 * of a UTC day (23:59:60Z). We accept it there and read it as
 * 23:59:59.999999Z, so that it still orders after :59 and before the next
 * minute; a 60 anywhere else is malformed. */
gboolean
duban_time_parse_rfc3339 (const char  *text,
                          DubanTime   *out_time,
                          GError     **error)
{
  const char *p = text;
  int year, month, mday, hour, minute, second;
  gint64 usec = 0;
  gint64 offset_sec = 0;
  gint64 local_sec;
  gint64 utc_sec;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!read_date (&p, &year, &month, &mday))
    return set_malformed (error, text);

  if (*p != 'T' && *p != 't')
    return set_malformed (error, text);
  p++;

  if (!read_digits (&p, 2, &hour) ||
      !expect_char (&p, ':') ||
      !read_digits (&p, 2, &minute) ||
      !expect_char (&p, ':') ||
      !read_digits (&p, 2, &second))
    return set_malformed (error, text);

  if (hour > 23 || minute > 59 || second > 60)
    return set_malformed (error, text);

  if (*p == '.')
    {
      gint64 scale = 100000;

      p++;
      if (!g_ascii_isdigit (*p))
        return set_malformed (error, text);

      /* Digits past the sixth are below what DubanTime can hold: truncate. */
      for (; g_ascii_isdigit (*p); p++)
        {
          usec += (*p - '0') * scale;
          scale /= 10;
        }
    }

  if (*p == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "time without offset '%s'", text);
      return FALSE;
    }

  if (*p == 'Z' || *p == 'z')
    {
      p++;
    }
  else if (*p == '+' || *p == '-')
    {
      int sign = *p == '-' ? -1 : 1;
      int off_hour, off_minute;

      p++;
      if (!read_digits (&p, 2, &off_hour) ||
          !expect_char (&p, ':') ||
          !read_digits (&p, 2, &off_minute) ||
          off_hour > 23 || off_minute > 59)
        return set_malformed (error, text);

      offset_sec = sign * (off_hour * 3600 + off_minute * 60);
    }
  else
    {
      return set_malformed (error, text);
    }

  if (*p != '\0')
    return set_malformed (error, text);

  local_sec = days_from_civil (year, month, mday) * 86400
              + hour * 3600 + minute * 60 + MIN (second, 59);
  utc_sec = local_sec - offset_sec;

  if (second == 60)
    {
      if (floor_mod (utc_sec, 86400) != 86399)
        return set_malformed (error, text);
      usec = DUBAN_USEC_PER_SECOND - 1;
    }

  if (out_time != NULL)
    *out_time = utc_sec * DUBAN_USEC_PER_SECOND + usec;

  return TRUE;
}

char *
duban_time_format_rfc3339 (DubanTime time)
{
  gint64 civil_usec;
  gint64 day;
  gint64 usec_of_day;
  gint64 year;
  int month, mday;
  int sec_of_day;
  int frac;

  g_return_val_if_fail (time != DUBAN_TIME_NONE, NULL);

  civil_usec = time + DUBAN_CIVIL_OFFSET_USEC;
  day = floor_div (civil_usec, DUBAN_USEC_PER_DAY);
  usec_of_day = civil_usec - day * DUBAN_USEC_PER_DAY;
  civil_from_days (day, &year, &month, &mday);

  sec_of_day = (int) (usec_of_day / DUBAN_USEC_PER_SECOND);
  frac = (int) (usec_of_day % DUBAN_USEC_PER_SECOND);

  if (frac != 0)
    {
      char digits[8];
      int len;

      g_snprintf (digits, sizeof digits, "%06d", frac);
      for (len = 6; digits[len - 1] == '0'; len--)
        ;
      digits[len] = '\0';

      return g_strdup_printf ("%04" G_GINT64_FORMAT "-%02d-%02dT%02d:%02d:%02d.%s+08:00",
                              year, month, mday,
                              sec_of_day / 3600, sec_of_day / 60 % 60, sec_of_day % 60,
                              digits);
    }

  return g_strdup_printf ("%04" G_GINT64_FORMAT "-%02d-%02dT%02d:%02d:%02d+08:00",
                          year, month, mday,
                          sec_of_day / 3600, sec_of_day / 60 % 60, sec_of_day % 60);
}

char *
duban_time_format_civil (DubanTime time)
{
  gint64 civil_usec;
  gint64 day;
  gint64 minute_of_day;
  gint64 year;
  int month, mday;

  g_return_val_if_fail (time != DUBAN_TIME_NONE, NULL);

  civil_usec = time + DUBAN_CIVIL_OFFSET_USEC;
  day = floor_div (civil_usec, DUBAN_USEC_PER_DAY);
  minute_of_day = (civil_usec - day * DUBAN_USEC_PER_DAY) / (60 * DUBAN_USEC_PER_SECOND);
  civil_from_days (day, &year, &month, &mday);

  return g_strdup_printf ("%04" G_GINT64_FORMAT "-%02d-%02d %02d:%02d",
                          year, month, mday,
                          (int) (minute_of_day / 60), (int) (minute_of_day % 60));
}

DubanTime
duban_time_now (void)
{
  return g_get_real_time ();
}

gboolean
duban_day_parse (const char  *text,
                 DubanDay    *out_day,
                 GError     **error)
{
  const char *p = text;
  int year, month, mday;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!read_date (&p, &year, &month, &mday) || *p != '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "malformed date '%s'", text);
      return FALSE;
    }

  if (out_day != NULL)
    *out_day = (DubanDay) days_from_civil (year, month, mday);

  return TRUE;
}

char *
duban_day_format (DubanDay day)
{
  gint64 year;
  int month, mday;

  civil_from_days (day, &year, &month, &mday);

  return g_strdup_printf ("%04" G_GINT64_FORMAT "-%02d-%02d", year, month, mday);
}

DubanDay
duban_day_from_ymd (int year,
                    int month,
                    int day)
{
  g_return_val_if_fail (month >= 1 && month <= 12, 0);
  g_return_val_if_fail (day >= 1 && day <= days_in_month (year, month), 0);

  return (DubanDay) days_from_civil (year, month, day);
}

void
duban_day_to_ymd (DubanDay  day,
                  int      *year,
                  int      *month,
                  int      *mday)
{
  gint64 y;
  int m, d;

  civil_from_days (day, &y, &m, &d);

  if (year != NULL)
    *year = (int) y;
  if (month != NULL)
    *month = m;
  if (mday != NULL)
    *mday = d;
}

int
duban_day_weekday (DubanDay day)
{
  /* 1970-01-01 was a Thursday. */
  return (int) floor_mod ((gint64) day + 3, 7) + 1;
}

DubanDay
duban_day_of_time (DubanTime time)
{
  g_return_val_if_fail (time != DUBAN_TIME_NONE, 0);

  return (DubanDay) floor_div (time + DUBAN_CIVIL_OFFSET_USEC, DUBAN_USEC_PER_DAY);
}

DubanTime
duban_day_start (DubanDay day)
{
  return (DubanTime) day * DUBAN_USEC_PER_DAY - DUBAN_CIVIL_OFFSET_USEC;
}
