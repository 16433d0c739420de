/* duban-queue-page-private.h — what the parts of the queue page share
 *
 * One widget over three files: duban-queue-page.c (the page, the
 * session's updates, the selection, the marks, the public API),
 * duban-queue-page-filter.c (the state counts, the search, the
 * dropdowns) and duban-queue-page-columns.c (the cells of the columns
 * the template declares, and reading their sort).
 */
#pragma once

#include "duban-queue-page.h"

G_BEGIN_DECLS

typedef enum {
  DROPDOWN_TOWN,
  DROPDOWN_UNIT,
  DROPDOWN_CATEGORY,
  DROPDOWN_URGENCY,
  DROPDOWN_SOURCE,
  N_DROPDOWNS
} QueueDropdown;

struct _DubanQueuePage
{
  GtkWidget           parent_instance;

  DubanSession       *session;
  DubanQueueModel    *model;
  DubanRiskBook      *risks;           /* the risk column's and order's, worked out off the main thread */
  GtkSingleSelection *selection;
  GHashTable         *marked;          /* ticket ids */
  GHashTable         *town_names;      /* town code → name, as looked up */
  DubanTicketQuery    filter;
  char               *selected_id;
  /* The tickets beyond the open ones a filter asks for (a period with
   * resolved ones, named ids): duban_session_load_span_async; or those
   * a search finds: duban_session_search_async */
  DubanDesk          *wide;
  DubanTime           wide_from, wide_to;     /* of @wide, or of the load under way */
  char               *wide_search;            /* the search @wide was read for (a later one that
                                               * refines it shows from it too), or NULL: a span */
  GCancellable       *wide_cancellable;       /* the load under way, or NULL */

  GtkDropDown        *dropdowns[N_DROPDOWNS];
  GPtrArray          *dropdown_values[N_DROPDOWNS];   /* char*, [0] NULL for "any" */
  GtkToggleButton    *count_buttons[DUBAN_QUERY_N_STATES];
  GtkLabel           *count_labels[DUBAN_QUERY_N_STATES];
  /* Reading the column view's sort: duban_queue_page_read_view_sort() */
  GObject            *probe_items[2];
  DubanQuerySort      probe_key;
  gboolean            probe_answered;
  /* back to the order of attention, shown while a column sorts */
  GtkWidget          *default_order_button;

  guint               cap_source;      /* idle: the detail no wider than it reads well */
  guint               updating_controls : 1;

  /* Template widgets */
  GtkStack           *main_stack;
  GtkSpinner         *loading_spinner;
  GtkPaned           *paned;
  GtkBox             *counts_box;
  GtkSearchEntry     *search_entry;
  GtkWidget          *external_filter_box;
  GtkLabel           *external_filter_label;
  GtkFlowBox         *dropdown_box;
  GtkWidget          *no_match_page;
  GtkScrolledWindow  *scrolled_window;
  GtkColumnView      *column_view;
  DubanTicketDetail  *detail;
};

/* duban-queue-page.c */
const char *duban_queue_page_town_name          (DubanQueuePage *self,
                                                 const char     *town_code);
void        duban_queue_page_restore_selection  (DubanQueuePage *self);
void        duban_queue_page_apply_filter       (DubanQueuePage *self);

/* duban-queue-page-filter.c */
void        duban_queue_page_init_filters       (DubanQueuePage *self);
void        duban_queue_page_sync_controls      (DubanQueuePage *self);
void        duban_queue_page_rebuild_choices    (DubanQueuePage *self);

/* duban-queue-page-columns.c */
void        duban_queue_page_class_init_columns (GtkWidgetClass *widget_class);
void        duban_queue_page_init_columns       (DubanQueuePage *self);
void        duban_queue_page_focus_row          (DubanQueuePage *self,
                                                 guint           position);

G_END_DECLS
