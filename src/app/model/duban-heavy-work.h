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
 * read freed before it lets go, which gives the freed memory back to the
 * system (see duban-heavy-work.c):
 *   g_autoptr(DubanHeavyWork) turn = duban_heavy_work_begin ();
 * declared before the variables that hold what is read. */
typedef struct _DubanHeavyWork DubanHeavyWork;

DubanHeavyWork *duban_heavy_work_begin (void);
void            duban_heavy_work_end   (DubanHeavyWork *work);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanHeavyWork, duban_heavy_work_end)

G_END_DECLS
