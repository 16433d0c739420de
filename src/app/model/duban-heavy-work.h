/* duban-heavy-work.h — the desk's background reads of the store, one at a time
 *
 * After a reload the desk works out, on workers, what no one asked for
 * yet but the queue shows: the ladder's matters (60 days of tickets) and
 * the late risks (a year of them). At two million tickets each holds
 * hundreds of MB while it runs; run side by side, their peaks add up and
 * both cores are busy while the supervisor starts to work. Taken in
 * turn, the desk's peak is the larger of the two and a core stays free
 * for the window. What a person asks for (a page's period) does not
 * wait behind them.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Held by a worker for the whole of one background read, the memory it
 * read freed before it lets go:
 *   g_autoptr(GMutexLocker) turn = g_mutex_locker_new (duban_heavy_work_turn ());
 * declared before the variables that hold what is read. */
GMutex *duban_heavy_work_turn (void);

G_END_DECLS
