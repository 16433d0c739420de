/* duban-period.h — the periods a leader asks for: this week, last month …
 *
 * Shared by the report builder and the analysis page so that "last
 * month" is the same days on both; and how a period and the moment its
 * figures are known at are written beside every figure on screen.
 */
#pragma once

#include <glib.h>

#include "duban-time.h"

G_BEGIN_DECLS

typedef enum {
  DUBAN_PERIOD_THIS_WEEK,
  DUBAN_PERIOD_LAST_WEEK,
  DUBAN_PERIOD_THIS_MONTH,
  DUBAN_PERIOD_LAST_MONTH,
  DUBAN_PERIOD_THIS_QUARTER,
  DUBAN_PERIOD_THIS_YEAR,
  DUBAN_PERIOD_CUSTOM,
} DubanPeriodPreset;

#define DUBAN_PERIOD_N_PRESETS 7

const char *duban_period_preset_to_display (DubanPeriodPreset preset);
/* The days of @preset around @today (weeks start on Monday). FALSE for
 * DUBAN_PERIOD_CUSTOM. */
gboolean    duban_period_preset_days       (DubanPeriodPreset  preset,
                                            DubanDay           today,
                                            DubanDay          *first,
                                            DubanDay          *last);

/* The same, but a period that runs past @today stops at it: a figure
 * of "this month" is of the month so far, with no future days. */
gboolean    duban_period_preset_days_to_date (DubanPeriodPreset  preset,
                                              DubanDay           today,
                                              DubanDay          *first,
                                              DubanDay          *last);

/* "2026-12-01 to 2026-12-02, as of 2026-12-02 08:00" for [@first, @last]. */
char       *duban_period_describe_days     (DubanDay           first,
                                            DubanDay           last,
                                            DubanTime          at);
/* The same for the instants [@start, @end): DUBAN_TIME_NONE for a start
 * since ever, G_MAXINT64 for an open end. */
char       *duban_period_describe          (DubanTime          start,
                                            DubanTime          end,
                                            DubanTime          at);
/* "2026-11-29 to 2026-11-30 (the same 2 days)", or "… (30 days against
 * 31)": what a change is measured against, saying when the two periods
 * differ in length. */
char       *duban_period_describe_previous (DubanDay           first,
                                            DubanDay           last,
                                            DubanDay           previous_first,
                                            DubanDay           previous_last);

G_END_DECLS
