/* duban-queue-page.c — the supervision queue: open tickets by how late, and one's detail
 *
 * A GtkColumnView over a DubanQueueModel, and the detail of the selected
 * ticket beside it. This file holds what the page shows (its stack, the
 * counts, the selection), the session's updates, the keyboard, the marks
 * and the public API; the filter bar is duban-queue-page-filter.c and
 * the columns' cells and sort duban-queue-page-columns.c, parts of the
 * same class sharing duban-queue-page-private.h.
 */
#define G_LOG_DOMAIN "duban-queue-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "duban-queue-page-private.h"
#include "duban-store-reference.h"
#include "duban-store.h"
#include "duban-ticket-object.h"

G_DEFINE_FINAL_TYPE (DubanQueuePage, duban_queue_page, GTK_TYPE_WIDGET)

enum {
  MARKS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- what the page shows -------------------------------------------------- */

const char *
duban_queue_page_town_name (DubanQueuePage *self,
                            const char     *town_code)
{
  const char *name;
  DubanStore *store;
  char *looked_up = NULL;

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  if (town_code == NULL)
    return NULL;
  if ((name = g_hash_table_lookup (self->town_names, town_code)))
    return name;

  if (self->session != NULL && (store = duban_session_get_store (self->session, NULL)))
    looked_up = duban_store_region_name (store, town_code);
  /* No regions synced yet: the code is still a town's name to the staff. */
  if (looked_up == NULL)
    looked_up = g_strdup (town_code);

  g_hash_table_insert (self->town_names, g_strdup (town_code), looked_up);
  return looked_up;
}

static void
duban_queue_page_update_page (DubanQueuePage *self)
{
  const char *page;
  guint counts[DUBAN_QUERY_N_STATES];
  gboolean any_open = FALSE;
  GArray *statuses;

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  if (self->session == NULL || !duban_session_get_loaded (self->session))
    page = "loading";
  else if (duban_session_get_ticket_count (self->session) == 0)
    page = "empty";
  else
    {
      /* "No open tickets" is about the store, not about the filters. */
      if ((statuses = duban_session_get_statuses (self->session)))
        for (guint i = 0; i < statuses->len && !any_open; i++)
          any_open = duban_state_is_open (g_array_index (statuses, DubanSlaStatus, i).state);
      page = any_open ? "tickets" : "no-open";
    }

  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (page, "loading"));
  gtk_stack_set_visible_child_name (self->main_stack, page);

  duban_queue_model_get_counts (self->model, counts);
  /* not while a load is still on the model's worker: it says soon */
  gtk_widget_set_visible (self->no_match_page,
                          g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0 &&
                          !duban_queue_model_get_pending (self->model));
}

static void
duban_queue_page_update_counts (DubanQueuePage *self)
{
  guint counts[DUBAN_QUERY_N_STATES];

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  duban_queue_model_get_counts (self->model, counts);
  for (guint i = 0; i < DUBAN_QUERY_N_STATES; i++)
    if (self->count_labels[i] != NULL)
      {
        g_autofree char *text = g_strdup_printf ("%u", counts[i]);

        gtk_label_set_label (self->count_labels[i], text);
      }
}

void
duban_queue_page_restore_selection (DubanQueuePage *self)
{
  guint position;

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  if (self->selected_id != NULL &&
      (position = duban_queue_model_find (self->model, self->selected_id)) != G_MAXUINT &&
      position != gtk_single_selection_get_selected (self->selection))
    gtk_single_selection_set_selected (self->selection, position);
}

/* The tickets the model lists: the session's (open ones and those the
 * orders name), or the wider set a filter asked for. */
static void
duban_queue_page_set_model_tickets (DubanQueuePage *self)
{
  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  if (self->wide != NULL)
    duban_queue_model_set_tickets (self->model, duban_desk_get_tickets (self->wide),
                                   duban_desk_get_statuses (self->wide));
  else if (self->session != NULL && duban_session_get_tickets (self->session) != NULL)
    duban_queue_model_set_tickets (self->model, duban_session_get_tickets (self->session),
                                   duban_session_get_statuses (self->session));
}

/* Which tickets beyond the open ones the filter can show: FALSE when it
 * shows only open tickets (the session holds them all); else, for a
 * search, those it finds (@search: the query shows no other, whatever
 * its other terms, which still apply to them), or the span of its
 * period, or no span (every ticket) for named ids without one. */
static gboolean
filter_needs_wide (const DubanTicketQuery  *filter,
                   DubanTime               *from,
                   DubanTime               *to,
                   const char             **search)
{
  gboolean open_only = filter->state != DUBAN_QUERY_STATE_ANY && filter->state != DUBAN_QUERY_STATE_DONE &&
                       filter->search == NULL;

  *search = filter->search;
  *from = *to = DUBAN_TIME_NONE;
  if (open_only)
    return FALSE;
  if (filter->search == NULL && filter->period_start != DUBAN_TIME_NONE && filter->period_end != G_MAXINT64)
    {
      *from = filter->period_start;
      *to = filter->period_end;
    }
  return TRUE;
}

static void
wide_loaded (DubanQueuePage *self,
             DubanDesk      *desk,
             GError         *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->wide_cancellable);
  if (desk == NULL)
    g_warning ("Cannot read the tickets the filter asks for: %s", error->message);
  g_set_object (&self->wide, desk);
  duban_queue_page_set_model_tickets (self);
  duban_queue_model_set_filter (self->model, &self->filter);
  duban_queue_page_restore_selection (self);
  duban_queue_page_update_counts (self);
  duban_queue_page_update_page (self);
}

static void
span_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DubanQueuePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanDesk) desk = duban_session_load_span_finish (DUBAN_SESSION (object), result, &error);

  wide_loaded (self, desk, error);
}

static void
search_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DubanQueuePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanDesk) desk = duban_session_search_finish (DUBAN_SESSION (object), result, &error);

  wide_loaded (self, desk, error);
}

/* At most as many tickets as the queue filters at each key over the open
 * tickets of a large county (tests/bench: 50,000 within a frame). */
#define REFINE_MAX 50000

/* Whether the tickets read for the last search hold every ticket
 * @search finds: a search that holds the earlier one (its ASCII letters
 * in either case, as the rule reads them) finds none the earlier did
 * not, so typing on filters what was read (the model applies the whole
 * query) instead of reading again — while what was read is few enough
 * to keep; else the new search's fewer tickets are read. */
static gboolean
search_refines (DubanQueuePage *self,
                const char     *search)
{
  return search != NULL && self->wide_search != NULL && self->wide != NULL && self->wide_cancellable == NULL &&
         duban_desk_get_tickets (self->wide) != NULL &&
         duban_desk_get_tickets (self->wide)->len <= REFINE_MAX &&
         duban_ticket_search_matches (self->wide_search, search, NULL, NULL, NULL);
}

static void
duban_queue_page_drop_wide (DubanQueuePage *self)
{
  g_cancellable_cancel (self->wide_cancellable);
  g_clear_object (&self->wide_cancellable);
  g_clear_object (&self->wide);
  g_clear_pointer (&self->wide_search, g_free);
}

void
duban_queue_page_apply_filter (DubanQueuePage *self)
{
  DubanTime from, to;
  const char *search;
  gboolean wide, same;

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  wide = filter_needs_wide (&self->filter, &from, &to, &search);
  same = from == self->wide_from && to == self->wide_to &&
         (g_strcmp0 (search, self->wide_search) == 0 || search_refines (self, search));
  if (wide && self->session != NULL && duban_session_get_loaded (self->session) &&
      (self->wide_cancellable != NULL || self->wide == NULL || !same))
    {
      if (self->wide_cancellable == NULL || !same)
        {
          /* the old view stays until the tickets are in; a read under
           * way for another search or span is stopped */
          g_cancellable_cancel (self->wide_cancellable);
          g_clear_object (&self->wide_cancellable);
          self->wide_cancellable = g_cancellable_new ();
          self->wide_from = from;
          self->wide_to = to;
          g_free (self->wide_search);
          self->wide_search = g_strdup (search);
          if (search != NULL)
            duban_session_search_async (self->session, search, self->wide_cancellable,
                                        search_loaded_cb, g_object_ref (self));
          else
            duban_session_load_span_async (self->session, from, to, self->wide_cancellable,
                                           span_loaded_cb, g_object_ref (self));
        }
      return;
    }
  if (!wide && (self->wide != NULL || self->wide_cancellable != NULL))
    {
      duban_queue_page_drop_wide (self);
      duban_queue_page_set_model_tickets (self);
    }

  duban_queue_model_set_filter (self->model, &self->filter);
  duban_queue_page_restore_selection (self);
  duban_queue_page_update_counts (self);
  duban_queue_page_update_page (self);
}

gboolean
duban_queue_page_get_pending (DubanQueuePage *self)
{
  g_return_val_if_fail (DUBAN_IS_QUEUE_PAGE (self), FALSE);

  return self->wide_cancellable != NULL || duban_queue_model_get_pending (self->model);
}

/* ---- selection ------------------------------------------------------------------ */

static void
selected_item_changed_cb (DubanQueuePage     *self,
                          GParamSpec         *pspec,
                          GtkSingleSelection *selection)
{
  DubanTicketObject *item;

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  item = gtk_single_selection_get_selected_item (selection);
  /* A filter that hides the selected ticket moves the selection to
   * another; one that leaves nothing clears the detail, which would
   * otherwise show a ticket that does not match (the ticket is still
   * the one to go back to when the filter lets it through again). */
  if (item == NULL && g_list_model_get_n_items (G_LIST_MODEL (selection)) == 0)
    {
      duban_ticket_detail_set_ticket (self->detail, NULL);
      return;
    }

  duban_ticket_detail_set_ticket (self->detail, item);
  g_free (self->selected_id);
  self->selected_id = item != NULL ? g_strdup (duban_ticket_object_get_id (item)) : NULL;
}

/* A load the model made on a worker (a large county) is in: what the
 * page did after handing it over, again, for the view now shown. */
static void
model_pending_cb (DubanQueuePage  *self,
                  GParamSpec      *pspec,
                  DubanQueueModel *model)
{
  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  if (duban_queue_model_get_pending (model))
    return;
  duban_queue_page_restore_selection (self);
  duban_queue_page_update_counts (self);
  duban_queue_page_update_page (self);
}

/* ---- session ------------------------------------------------------------------ */

static void
session_reloaded_cb (DubanQueuePage *self,
                     DubanSession   *session)
{
  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  /* the wider tickets are older than the reload: read again */
  duban_queue_page_drop_wide (self);
  duban_queue_page_set_model_tickets (self);
  {
    DubanTime from, to;
    const char *search;

    if (filter_needs_wide (&self->filter, &from, &to, &search))
      duban_queue_page_apply_filter (self);
  }
  /* new tickets, resolutions: new curves; the old risks meanwhile */
  duban_risk_book_refresh (self->risks, TRUE);
  duban_queue_page_rebuild_choices (self);
  duban_queue_page_restore_selection (self);
  duban_queue_page_update_counts (self);
  duban_queue_page_update_page (self);

  /* The detail's object was updated in place if it is still listed; one
   * shown from elsewhere (a resolved ticket) is looked up again. */
  duban_ticket_detail_refresh (self->detail);
}

static void
session_reevaluated_cb (DubanQueuePage *self,
                        DubanSession   *session)
{
  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  /* the wider tickets keep the states they were read with: only the
   * open ones move with the clock between two reloads */
  if (self->wide == NULL)
    duban_queue_page_set_model_tickets (self);
  /* the clock: every few minutes is enough (DUBAN_RISK_BOOK_INTERVAL) */
  duban_risk_book_refresh (self->risks, FALSE);
  duban_queue_page_restore_selection (self);
  duban_queue_page_update_counts (self);
  duban_queue_page_update_page (self);
}

static void
risks_changed_cb (DubanQueuePage *self,
                  DubanRiskBook  *risks)
{
  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  /* the cells follow the book's ::changed themselves */
  duban_queue_model_set_risks (self->model, duban_risk_book_get_risks (risks));
  duban_queue_page_restore_selection (self);
}

/* ---- keyboard ------------------------------------------------------------------ */

static gboolean
list_key_pressed_cb (DubanQueuePage        *self,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     GtkEventControllerKey *controller)
{
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0)
    return FALSE;

  /* j and k as in mail readers and terminals. */
  switch (keyval)
    {
    /* GTK 4.8's list keeps Tab among its rows, so the focus never left
     * the queue: Tab goes on to the detail, Shift+Tab back to the search,
     * in the order the page reads */
    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
      if (state & GDK_SHIFT_MASK)
        duban_queue_page_focus_search (self);
      else if (!duban_ticket_detail_focus_first (self->detail))
        return FALSE;
      return TRUE;
    case GDK_KEY_ISO_Left_Tab:
      duban_queue_page_focus_search (self);
      return TRUE;
    case GDK_KEY_j:
      duban_queue_page_select_relative (self, 1);
      return TRUE;
    case GDK_KEY_k:
      duban_queue_page_select_relative (self, -1);
      return TRUE;
    case GDK_KEY_slash:
      duban_queue_page_focus_search (self);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  duban_queue_page_clear_filters (DUBAN_QUEUE_PAGE (widget));
}

static void
marks_changed_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DubanQueuePage *self = DUBAN_QUEUE_PAGE (widget);

  g_signal_emit (self, signals[MARKS_CHANGED], 0, g_hash_table_size (self->marked));
}

/* ---- construction ------------------------------------------------------------------ */

static void
duban_queue_page_build (DubanQueuePage *self)
{
  GtkEventController *keys;

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  duban_queue_page_init_filters (self);
  duban_queue_page_init_columns (self);

  keys = gtk_event_controller_key_new ();
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (list_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), keys);
}

static void
duban_queue_page_dispose (GObject *object)
{
  DubanQueuePage *self = (DubanQueuePage *)object;

  g_clear_handle_id (&self->cap_source, g_source_remove);
  duban_queue_page_drop_wide (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DUBAN_TYPE_QUEUE_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->risks);
  g_clear_object (&self->session);
  g_clear_object (&self->probe_items[0]);
  g_clear_object (&self->probe_items[1]);

  G_OBJECT_CLASS (duban_queue_page_parent_class)->dispose (object);
}

static void
duban_queue_page_finalize (GObject *object)
{
  DubanQueuePage *self = (DubanQueuePage *)object;

  g_clear_pointer (&self->marked, g_hash_table_unref);
  g_clear_pointer (&self->town_names, g_hash_table_unref);
  g_clear_pointer (&self->selected_id, g_free);
  for (guint d = 0; d < N_DROPDOWNS; d++)
    g_clear_pointer (&self->dropdown_values[d], g_ptr_array_unref);
  duban_ticket_query_clear (&self->filter);

  G_OBJECT_CLASS (duban_queue_page_parent_class)->finalize (object);
}

static void
duban_queue_page_class_init (DubanQueuePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = duban_queue_page_dispose;
  object_class->finalize = duban_queue_page_finalize;

  g_type_ensure (DUBAN_TYPE_TICKET_DETAIL);
  g_type_ensure (DUBAN_TYPE_QUERY_SORT);
  /* The number of tickets marked for an order to several at once. */
  signals[MARKS_CHANGED] =
    g_signal_new ("marks-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/duban/Duban/duban-queue-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_bind_template_child (widget_class, DubanQueuePage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DubanQueuePage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, DubanQueuePage, paned);
  gtk_widget_class_bind_template_child (widget_class, DubanQueuePage, counts_box);
  gtk_widget_class_bind_template_child (widget_class, DubanQueuePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DubanQueuePage, external_filter_box);
  gtk_widget_class_bind_template_child (widget_class, DubanQueuePage, external_filter_label);
  gtk_widget_class_bind_template_child (widget_class, DubanQueuePage, dropdown_box);
  gtk_widget_class_bind_template_child (widget_class, DubanQueuePage, no_match_page);
  gtk_widget_class_bind_template_child (widget_class, DubanQueuePage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, DubanQueuePage, column_view);
  gtk_widget_class_bind_template_child (widget_class, DubanQueuePage, detail);

  duban_queue_page_class_init_columns (widget_class);

  gtk_widget_class_install_action (widget_class, "queue.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "queue.marks-changed", NULL, marks_changed_action);
}

static void
duban_queue_page_init (DubanQueuePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->marked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->town_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  duban_ticket_query_init (&self->filter);
  self->probe_items[0] = g_object_new (G_TYPE_OBJECT, NULL);
  self->probe_items[1] = g_object_new (G_TYPE_OBJECT, NULL);

  self->model = duban_queue_model_new ();
  g_signal_connect_object (self->model, "notify::pending",
                           G_CALLBACK (model_pending_cb), self, G_CONNECT_SWAPPED);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selected_item_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  duban_queue_page_build (self);
}

void
duban_queue_page_set_session (DubanQueuePage *self,
                              DubanSession   *session)
{
  g_return_if_fail (DUBAN_IS_QUEUE_PAGE (self));
  g_return_if_fail (DUBAN_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  duban_ticket_detail_set_session (self->detail, session);
  self->risks = duban_risk_book_new (duban_session_get_store_path (session));
  g_signal_connect_object (self->risks, "changed", G_CALLBACK (risks_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (session, "reloaded", G_CALLBACK (session_reloaded_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "reevaluated", G_CALLBACK (session_reevaluated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::loaded", G_CALLBACK (duban_queue_page_update_page), self, G_CONNECT_SWAPPED);

  if (duban_session_get_loaded (session))
    session_reloaded_cb (self, session);
  else
    duban_queue_page_update_page (self);
}

DubanRiskBook *
duban_queue_page_get_risk_book (DubanQueuePage *self)
{
  g_return_val_if_fail (DUBAN_IS_QUEUE_PAGE (self), NULL);

  return self->risks;
}

DubanQueueModel *
duban_queue_page_get_model (DubanQueuePage *self)
{
  g_return_val_if_fail (DUBAN_IS_QUEUE_PAGE (self), NULL);

  return self->model;
}

GtkSingleSelection *
duban_queue_page_get_selection (DubanQueuePage *self)
{
  g_return_val_if_fail (DUBAN_IS_QUEUE_PAGE (self), NULL);

  return self->selection;
}

DubanTicketDetail *
duban_queue_page_get_detail (DubanQueuePage *self)
{
  g_return_val_if_fail (DUBAN_IS_QUEUE_PAGE (self), NULL);

  return self->detail;
}

const char *
duban_queue_page_get_page_name (DubanQueuePage *self)
{
  g_return_val_if_fail (DUBAN_IS_QUEUE_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

void
duban_queue_page_set_filter (DubanQueuePage         *self,
                             const DubanTicketQuery *filter)
{
  g_return_if_fail (DUBAN_IS_QUEUE_PAGE (self));
  g_return_if_fail (filter != NULL);

  duban_ticket_query_copy (&self->filter, filter);
  duban_queue_page_sync_controls (self);
  duban_queue_page_apply_filter (self);
}

gboolean
duban_queue_page_apply_filter_spec (DubanQueuePage  *self,
                                    const char      *spec,
                                    GError         **error)
{
  DubanTicketQuery filter;

  g_return_val_if_fail (DUBAN_IS_QUEUE_PAGE (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  duban_ticket_query_init (&filter);
  if (!duban_ticket_query_parse (&filter, spec, error))
    return FALSE;

  duban_queue_page_set_filter (self, &filter);
  duban_ticket_query_clear (&filter);

  return TRUE;
}

void
duban_queue_page_clear_filters (DubanQueuePage *self)
{
  DubanTicketQuery filter;

  g_return_if_fail (DUBAN_IS_QUEUE_PAGE (self));

  duban_ticket_query_init (&filter);
  duban_queue_page_set_filter (self, &filter);
}

void
duban_queue_page_focus_search (DubanQueuePage *self)
{
  g_return_if_fail (DUBAN_IS_QUEUE_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
duban_queue_page_focus_list (DubanQueuePage *self)
{
  guint selected;

  g_return_if_fail (DUBAN_IS_QUEUE_PAGE (self));

  selected = gtk_single_selection_get_selected (self->selection);
  if (selected != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->column_view), "list.scroll-to-item", "u", selected);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

void
duban_queue_page_select_relative (DubanQueuePage *self,
                                  int             delta)
{
  guint n_items;
  guint selected;
  gint64 target;

  g_return_if_fail (DUBAN_IS_QUEUE_PAGE (self));

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  if (n_items == 0)
    return;

  selected = gtk_single_selection_get_selected (self->selection);
  target = selected == GTK_INVALID_LIST_POSITION ? 0 : (gint64) selected + delta;
  target = CLAMP (target, 0, (gint64) n_items - 1);

  gtk_single_selection_set_selected (self->selection, (guint) target);
  /* Keeps the row in view (GTK 4.8 has no gtk_column_view_scroll_to). */
  gtk_widget_activate_action (GTK_WIDGET (self->column_view), "list.scroll-to-item", "u", (guint) target);
  /* and the focus ring on it, not on the row the arrows left */
  duban_queue_page_focus_row (self, (guint) target);
}

void
duban_queue_page_show_ticket (DubanQueuePage *self,
                              const char     *ticket_id)
{
  guint position;

  g_return_if_fail (DUBAN_IS_QUEUE_PAGE (self));
  g_return_if_fail (ticket_id != NULL);

  if ((position = duban_queue_model_find (self->model, ticket_id)) != G_MAXUINT)
    {
      gtk_single_selection_set_selected (self->selection, position);
      gtk_widget_activate_action (GTK_WIDGET (self->column_view), "list.scroll-to-item", "u", position);
      return;
    }

  /* Not in the queue (done, or filtered out): the detail shows it alone. */
  duban_ticket_detail_show_ticket_id (self->detail, ticket_id);
}

void
duban_queue_page_toggle_mark (DubanQueuePage *self)
{
  DubanTicketObject *item;
  const char *id;

  g_return_if_fail (DUBAN_IS_QUEUE_PAGE (self));

  if (!(item = gtk_single_selection_get_selected_item (self->selection)))
    return;

  id = duban_ticket_object_get_id (item);
  if (!g_hash_table_remove (self->marked, id))
    g_hash_table_add (self->marked, g_strdup (id));

  /* The row's check box shows it. */
  duban_ticket_object_set_status (item, duban_ticket_object_get_status (item));
  marks_changed_action (GTK_WIDGET (self), NULL, NULL);
}

void
duban_queue_page_clear_marks (DubanQueuePage *self)
{
  g_return_if_fail (DUBAN_IS_QUEUE_PAGE (self));

  g_hash_table_remove_all (self->marked);
  g_signal_emit (self, signals[MARKS_CHANGED], 0, 0u);
  /* Every live row shows its box again. */
  duban_queue_page_set_model_tickets (self);
}

static int
compare_id_pointers (gconstpointer a,
                     gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
duban_queue_page_dup_order_targets (DubanQueuePage *self)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  DubanTicketObject *shown;

  g_return_val_if_fail (DUBAN_IS_QUEUE_PAGE (self), ids);

  if (g_hash_table_size (self->marked) > 0)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->marked);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_ptr_array_add (ids, g_strdup (key));
      g_ptr_array_sort (ids, compare_id_pointers);
      return ids;
    }

  if ((shown = duban_ticket_detail_get_ticket (self->detail)))
    g_ptr_array_add (ids, g_strdup (duban_ticket_object_get_id (shown)));

  return ids;
}

/* The detail reads well up to its clamp (760 px and its margins); past
 * that, on a wide screen, the width is the queue's: its columns, not an
 * empty margin beside the detail. */
#define DETAIL_WIDEST 700

static gboolean
cap_detail_width_cb (gpointer user_data)
{
  DubanQueuePage *self = DUBAN_QUEUE_PAGE (user_data);
  int width = gtk_widget_get_width (GTK_WIDGET (self->paned));

  self->cap_source = 0;
  if (width > 0 && width - gtk_paned_get_position (self->paned) > DETAIL_WIDEST)
    gtk_paned_set_position (self->paned, width - DETAIL_WIDEST);
  return G_SOURCE_REMOVE;
}

static void
paned_resized_cb (DubanQueuePage *self)
{
  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  /* not inside the allocation that told us */
  if (self->cap_source == 0)
    self->cap_source = g_idle_add (cap_detail_width_cb, self);
}

void
duban_queue_page_bind_settings (DubanQueuePage *self,
                                GSettings      *settings)
{
  g_return_if_fail (DUBAN_IS_QUEUE_PAGE (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_settings_bind (settings, "sidebar-width", self->paned, "position", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->paned, "notify::max-position", G_CALLBACK (paned_resized_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->paned, "notify::position", G_CALLBACK (paned_resized_cb), self,
                           G_CONNECT_SWAPPED);
}
