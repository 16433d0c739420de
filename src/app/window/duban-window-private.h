/* duban-window-private.h — the main window, spread over three files
 *
 * As gnome-text-editor spreads its window over editor-window.c,
 * -actions.c and -dnd.c: duban-window.c builds the window and holds its
 * pages; duban-window-sync.c follows the session (syncing, the last sync,
 * the schedule, what newly needs attention, the outbox) and tells the
 * supervisor; duban-window-actions.c carries the window's actions. This
 * header is what they share: the instance and the few calls between them.
 */
#pragma once

#include <adwaita.h>

#include "duban-analysis-page.h"
#include "duban-judgement-page.h"
#include "duban-map-page.h"
#include "duban-queue-page.h"
#include "duban-reports-page.h"
#include "duban-sync-schedule.h"
#include "duban-sync-status.h"
#include "duban-window.h"

G_BEGIN_DECLS

struct _DubanWindow
{
  AdwApplicationWindow  parent_instance;

  DubanSession         *session;
  GSettings            *settings;

  guint                 reevaluate_source;
  /* what the last good sync found newly needing attention */
  guint                 n_newly_overdue;
  guint                 n_newly_warning;
  guint                 n_newly_uncontacted;
  guint                 n_newly_replied;     /* tickets whose unit answered an order */
  char                 *attention_spec;   /* "ids:…" for the queue, or NULL */
  char                 *sync_message;     /* what the last sync's toast said */
  DubanSyncSchedule    *schedule;
  guint                 auto_sync : 1;
  guint                 auto_sync_considered : 1;
  guint                 scheduled_sync : 1;   /* the sync under way was the schedule's */

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  AdwViewSwitcherTitle *window_title;
  AdwViewStack         *view_stack;
  DubanQueuePage       *queue_page;
  GtkWidget            *marked_order_button;
  DubanMapPage         *map_page;
  DubanAnalysisPage    *analysis_page;
  DubanJudgementPage   *judgement_page;
  DubanReportsPage     *reports_page;
  AdwToast             *error_toast;
  AdwToast             *sending_toast;  /* weak: "sending to the platform", until the delivery ends */
  GtkWidget            *quarantine_button;
  AdwButtonContent     *quarantine_content;
  GtkLabel             *quarantine_label;
  DubanSyncStatus      *sync_status;
  GtkLabel             *last_sync_label;
};

/* duban-window-sync.c */
void duban_window_sync_init         (DubanWindow    *self);
void duban_window_update_last_sync  (DubanWindow    *self);
void duban_window_sync_action       (GtkWidget      *widget,
                                     const char     *action_name,
                                     GVariant       *parameter);
/* An order dialog's DubanOrderDialogDone: the toast of what was issued. */
void duban_window_orders_issued_cb  (DubanWindow    *self,
                                     guint           n_issued);

/* duban-window-actions.c */
void duban_window_install_actions   (GtkWidgetClass *widget_class);

G_END_DECLS
