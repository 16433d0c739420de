/* duban-heavy-work.c — the desk's background reads of the store, one at a time */
#include "config.h"

#include "duban-heavy-work.h"

static GMutex turn;   /* static storage: a GMutex needs no init */

GMutex *
duban_heavy_work_turn (void)
{
  return &turn;
}
