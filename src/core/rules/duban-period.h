/* duban-period.h — the periods a leader asks for: this week, last month …
 *
 * Shared by the report builder and the analysis page so that "last
 * month" is the same days on both.
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

G_END_DECLS
