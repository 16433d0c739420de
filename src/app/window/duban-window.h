/* duban-window.h — the desk's main window: open tickets and one's detail */
#pragma once

#include <adwaita.h>

#include "duban-queue-page.h"
#include "duban-session.h"
#include "duban-sync-schedule.h"
#include "duban-ticket-detail.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_WINDOW (duban_window_get_type ())
G_DECLARE_FINAL_TYPE (DubanWindow, duban_window, DUBAN, WINDOW, AdwApplicationWindow)

/* @application may be NULL (tests). */
DubanWindow       *duban_window_new           (GtkApplication *application,
                                               DubanSession   *session);
DubanSession      *duban_window_get_session   (DubanWindow    *self);
/* Reads the store again; e.g. after something else wrote to it. */
void               duban_window_reload        (DubanWindow    *self);
/* The open tickets in the order shown, and which one is selected. */
GtkSingleSelection *duban_window_get_selection (DubanWindow   *self);
DubanTicketDetail *duban_window_get_detail    (DubanWindow    *self);
/* The queue page's state: "loading", "empty", "no-open", "tickets". */
const char        *duban_window_get_page_name (DubanWindow    *self);
/* Whether to sync by itself: on the schedule (sync-interval), or, when
 * that is 0, once when a platform is set and the store is empty (the
 * default; tests turn it off before the first load ends). */
void               duban_window_set_auto_sync (DubanWindow    *self,
                                               gboolean        auto_sync);
DubanSyncSchedule *duban_window_get_sync_schedule (DubanWindow *self);
/* What the header says of the tickets' freshness ("Last synced 14:03",
 * "Offline, data as of 11-30 14:03"). */
const char        *duban_window_get_last_sync_text (DubanWindow *self);
/* What the last sync's toast said (what newly needs attention, or the
 * counts, or the failure); NULL before the first sync or when a
 * scheduled sync brought nothing. */
const char        *duban_window_get_sync_message (DubanWindow *self);

DubanQueuePage    *duban_window_get_queue_page (DubanWindow   *self);
/* Shows the queue filtered by @spec ("unit:CODE", "ids:A,B" …, see
 * duban_ticket_query_parse()): what win.show-queue-filtered does. */
gboolean           duban_window_show_queue_filtered (DubanWindow  *self,
                                                     const char   *spec,
                                                     GError      **error);

G_END_DECLS
