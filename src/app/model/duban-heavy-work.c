/* duban-heavy-work.c — the desk's background reads of the store, one at a time */
#include "config.h"

#include <stdlib.h>   /* defines __GLIBC__ on glibc */
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "duban-heavy-work.h"

static GMutex turn;   /* static storage: a GMutex needs no init */

struct _DubanHeavyWork {
  GMutex *mutex;
};

DubanHeavyWork *
duban_heavy_work_begin (void)
{
  DubanHeavyWork *work = g_new0 (DubanHeavyWork, 1);

  work->mutex = &turn;
  g_mutex_lock (work->mutex);
  return work;
}

void
duban_heavy_work_end (DubanHeavyWork *work)
{
  if (work == NULL)
    return;

  /* Each worker thread allocates from an arena of its own, and glibc
   * keeps what was freed there for that arena: the late risks freed
   * their hundred MB in one, and the ladder's matters, on another
   * thread, would take as much again from the system — the desk's peak
   * the sum of the two where they take turns so that it be the larger.
   * What the work freed goes back to the system before the next begins. */
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  g_mutex_unlock (work->mutex);
  g_free (work);
}
