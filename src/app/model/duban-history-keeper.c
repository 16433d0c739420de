/* duban-history-keeper.c — the 研判's kept rows brought up to date after a sync */
#define G_LOG_DOMAIN "duban-history-keeper"

#include "config.h"

#include "duban-desk.h"
#include "duban-heavy-work.h"
#include "duban-history-keeper.h"
#include "duban-judgement-history.h"

static void
refresh_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  const char *store_path = task_data;
  g_autoptr(DubanHeavyWork) turn = duban_heavy_work_begin ();
  g_autoptr(DubanDesk) desk = NULL;
  g_autoptr(GError) error = NULL;

  /* the calendar, the policy and the region tree the rows are worked out
   * with, as the 研判 loads them, and a connection of its own */
  if (!(desk = duban_desk_load (store_path, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_REGIONS, duban_time_now (),
                                cancellable, &error)) ||
      !duban_judgement_history_refresh (duban_desk_get_store (desk), duban_desk_get_regions (desk),
                                        duban_desk_get_policy (desk), duban_desk_get_calendar (desk), &error))
    g_debug ("The 研判's kept rows were not brought up to date: %s", error->message);
  g_task_return_boolean (task, error == NULL);
}

void
duban_history_keeper_refresh (const char *store_path)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (store_path != NULL);

  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_source_tag (task, duban_history_keeper_refresh);
  g_task_set_task_data (task, g_strdup (store_path), g_free);
  g_task_run_in_thread (task, refresh_thread);
}
