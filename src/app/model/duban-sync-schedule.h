/* duban-sync-schedule.h — when the desk syncs by itself
 *
 * A desk left open all day must not go stale silently: it syncs every
 * sync-interval seconds (GSettings, set in Preferences; 0: by hand only),
 * backs off while the platform cannot be reached, and syncs soon after
 * the machine wakes from suspend or the network comes back. The schedule
 * only says when (::due); whoever runs the sync tells it how it ended.
 */
#pragma once

#include <gio/gio.h>

#include "duban-time.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_SYNC_SCHEDULE (duban_sync_schedule_get_type ())
G_DECLARE_FINAL_TYPE (DubanSyncSchedule, duban_sync_schedule, DUBAN, SYNC_SCHEDULE, GObject)

/* Reads sync-interval and feed-url from @settings and follows their changes. */
DubanSyncSchedule *duban_sync_schedule_new          (GSettings          *settings);
/* Starts the clock: due at once when @last_sync (DUBAN_TIME_NONE: never)
 * is older than the interval, else when it will be. Also listens for the
 * system waking up (logind's PrepareForSleep, when the system bus is there). */
void               duban_sync_schedule_start        (DubanSyncSchedule  *self,
                                                     DubanTime           last_sync);
void               duban_sync_schedule_stop         (DubanSyncSchedule  *self);
/* Every sync, by hand or on schedule, ends here: NULL @error is a good
 * sync; a cancel changes nothing; any other error backs off. */
void               duban_sync_schedule_sync_ended   (DubanSyncSchedule  *self,
                                                     const GError       *error);
/* Failed syncs in a row since the last good one. */
guint              duban_sync_schedule_get_failures (DubanSyncSchedule  *self);
/* Seconds from the last sync's end (or the start) to the next, 0 when
 * none is planned (stopped, by hand only, or no platform set). */
guint              duban_sync_schedule_get_delay    (DubanSyncSchedule  *self);

G_END_DECLS
