/* duban-time.h — instants and the county's civil time
 *
 * An instant is a DubanTime: microseconds since the Unix epoch (UTC).
 * Microseconds, not seconds, because the feed's RFC 3339 times may carry
 * fractions and "at or before the deadline" must compare them exactly.
 *
 * The county's civil time is Asia/Shanghai: UTC+8 all year, no DST, so a
 * fixed offset is exact and needs no tzdata.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef gint64 DubanTime;

#define DUBAN_TIME_NONE         G_MININT64
#define DUBAN_USEC_PER_SECOND   G_GINT64_CONSTANT (1000000)
#define DUBAN_USEC_PER_HOUR     (G_GINT64_CONSTANT (3600) * DUBAN_USEC_PER_SECOND)
#define DUBAN_USEC_PER_DAY      (G_GINT64_CONSTANT (86400) * DUBAN_USEC_PER_SECOND)
#define DUBAN_CIVIL_OFFSET_USEC (G_GINT64_CONSTANT (8) * DUBAN_USEC_PER_HOUR)

/* A civil day: days since 1970-01-01 in Asia/Shanghai. */
typedef gint32 DubanDay;

gboolean   duban_time_parse_rfc3339  (const char  *text,
                                      DubanTime   *out_time,
                                      GError     **error);
/* Always "+08:00"; fractions only when present. Free with g_free(). */
char      *duban_time_format_rfc3339 (DubanTime    time);
/* "2026-10-09 14:03" in civil time, for people. */
char      *duban_time_format_civil   (DubanTime    time);
DubanTime  duban_time_now            (void);

/* YYYY-MM-DD, a civil date. */
gboolean   duban_day_parse           (const char  *text,
                                      DubanDay    *out_day,
                                      GError     **error);
char      *duban_day_format          (DubanDay     day);
DubanDay   duban_day_from_ymd        (int          year,
                                      int          month,
                                      int          day);
void       duban_day_to_ymd          (DubanDay     day,
                                      int         *year,
                                      int         *month,
                                      int         *mday);
/* 1 = Monday … 7 = Sunday */
int        duban_day_weekday         (DubanDay     day);
DubanDay   duban_day_of_time         (DubanTime    time);
/* 00:00 civil time of @day */
DubanTime  duban_day_start           (DubanDay     day);

G_END_DECLS
