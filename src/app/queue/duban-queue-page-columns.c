/* duban-queue-page-columns.c — the queue's columns: their cells and their sort
 *
 * duban-queue-page.ui declares the columns, each with a factory whose
 * setup and bind are the template callbacks here, and a sorter whose
 * expression is sort_probe_cb(). The model sorts its arrays of indices
 * itself; the view's sort is only read (duban_queue_page_read_view_sort()).
 */
#define G_LOG_DOMAIN "duban-queue-page-columns"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "duban-proposal-button.h"
#include "duban-queue-page-private.h"
#include "duban-ticket-object.h"

/* ---- cells ------------------------------------------------------------------ */

/* The template gives each column a factory whose setup makes the cell's
 * widget and whose bind says what it shows; a sync or the clock changes
 * an item in place, so a bound cell follows the item's ::changed. */

typedef void (*CellUpdate) (DubanQueuePage    *self,
                            GtkWidget         *cell,
                            DubanTicketObject *item);

typedef struct {
  DubanQueuePage *self;
  GtkListItem    *list_item;
  CellUpdate      update;
} CellBinding;

/* One state class at a time (".state-overdue", ".urgent"…): a recycled
 * cell drops the one of its previous ticket. */
static void
set_cell_class (GtkWidget  *cell,
                const char *css_class)
{
  const char *old_class = g_object_get_data (G_OBJECT (cell), "state-class");

  if (old_class != NULL)
    gtk_widget_remove_css_class (cell, old_class);
  if (css_class != NULL)
    gtk_widget_add_css_class (cell, css_class);
  g_object_set_data (G_OBJECT (cell), "state-class", (gpointer) css_class);
}

static void
set_cell_text (GtkWidget  *cell,
               const char *text)
{
  gtk_label_set_label (GTK_LABEL (cell), text != NULL ? text : "—");
}

static const char *
item_state_class (DubanTicketObject *item)
{
  return duban_glance_css_class (duban_sla_glance (duban_ticket_object_get_status (item)));
}

static void
update_mark_cell (DubanQueuePage    *self,
                  GtkWidget         *cell,
                  DubanTicketObject *item)
{
  g_object_set_data (G_OBJECT (cell), "updating", GINT_TO_POINTER (TRUE));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (cell),
                               g_hash_table_contains (self->marked, duban_ticket_object_get_id (item)));
  g_object_set_data (G_OBJECT (cell), "updating", NULL);
}

static void
update_state_cell (DubanQueuePage    *self,
                   GtkWidget         *cell,
                   DubanTicketObject *item)
{
  const DubanSlaStatus *status = duban_ticket_object_get_status (item);
  GtkWidget *icon = gtk_widget_get_first_child (cell);
  GtkWidget *label = gtk_widget_get_next_sibling (icon);
  DubanGlance glance = duban_sla_glance (status);

  /* Shape and word as well as colour: readable without colour. An
   * overdue ticket not contacted either keeps the missed-call shape. */
  gtk_image_set_from_icon_name (GTK_IMAGE (icon),
                                status->contact_overdue ? "call-missed-symbolic"
                                                        : duban_glance_icon_name (glance));
  gtk_label_set_label (GTK_LABEL (label), duban_glance_to_display (glance));
  gtk_widget_set_tooltip_text (cell, status->contact_overdue ? _("Overdue, and the petitioner was not contacted in time")
                                                             : NULL);
  set_cell_class (cell, item_state_class (item));
}

/* The escalation ladder's next step (orders/duban-proposal-button.c) */
static void
update_proposal_cell (DubanQueuePage    *self,
                      GtkWidget         *cell,
                      DubanTicketObject *item)
{
  duban_proposal_button_set_ticket (DUBAN_PROPOSAL_BUTTON (cell), self->session, duban_ticket_object_get_id (item));
}

static void
update_id_cell (DubanQueuePage    *self,
                GtkWidget         *cell,
                DubanTicketObject *item)
{
  set_cell_text (cell, duban_ticket_object_get_ticket (item)->id);
}

static void
update_title_cell (DubanQueuePage    *self,
                   GtkWidget         *cell,
                   DubanTicketObject *item)
{
  const DubanTicket *ticket = duban_ticket_object_get_ticket (item);

  set_cell_text (cell, ticket->title);
  gtk_widget_set_tooltip_text (cell, ticket->title);
}

static void
update_clock_cell (DubanQueuePage    *self,
                   GtkWidget         *cell,
                   DubanTicketObject *item)
{
  g_autofree char *text = duban_sla_describe_clock (duban_ticket_object_get_status (item));

  set_cell_text (cell, text);
  set_cell_class (cell, item_state_class (item));
}

static void
update_unit_cell (DubanQueuePage    *self,
                  GtkWidget         *cell,
                  DubanTicketObject *item)
{
  const DubanTicket *ticket = duban_ticket_object_get_ticket (item);
  const char *text = ticket->unit_name != NULL ? ticket->unit_name : _("Not dispatched");
  g_autofree char *tooltip = ticket->unit_code != NULL ? g_strdup_printf (_("%s — double-click for the unit's page"), text)
                                                       : NULL;

  set_cell_text (cell, text);
  gtk_widget_set_tooltip_text (cell, tooltip != NULL ? tooltip : text);
  g_object_set_data_full (G_OBJECT (cell), "unit-code", g_strdup (ticket->unit_code), g_free);
}

/* A unit's name leads to its page (win.show-unit): a double click, so
 * that a single click still selects the row. */
static void
unit_pressed_cb (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 GtkWidget       *cell)
{
  const char *code = g_object_get_data (G_OBJECT (cell), "unit-code");

  if (n_press == 2 && code != NULL)
    gtk_widget_activate_action (cell, "win.show-unit", "s", code);
}

static void
update_deadline_cell (DubanQueuePage    *self,
                      GtkWidget         *cell,
                      DubanTicketObject *item)
{
  g_autofree char *full = duban_time_format_civil (duban_ticket_object_get_status (item)->deadline);

  /* "11-23 22:37": the year is this one or the last, and the column
   * stays narrow; the tooltip has it all. */
  set_cell_text (cell, strlen (full) > 5 ? full + 5 : full);
  gtk_widget_set_tooltip_text (cell, full);
}

static void
update_town_cell (DubanQueuePage    *self,
                  GtkWidget         *cell,
                  DubanTicketObject *item)
{
  g_autofree char *town = duban_grid_code_town (duban_ticket_object_get_ticket (item)->grid_code);

  set_cell_text (cell, town != NULL ? duban_queue_page_town_name (self, town) : "—");
}

static void
update_category_cell (DubanQueuePage    *self,
                      GtkWidget         *cell,
                      DubanTicketObject *item)
{
  set_cell_text (cell, duban_ticket_object_get_ticket (item)->category);
}

static void
update_urgency_cell (DubanQueuePage    *self,
                     GtkWidget         *cell,
                     DubanTicketObject *item)
{
  const DubanTicket *ticket = duban_ticket_object_get_ticket (item);

  set_cell_text (cell, duban_enum_to_display (DUBAN_ENUM_URGENCY, ticket->urgency));
  set_cell_class (cell, ticket->urgency == DUBAN_URGENCY_URGENT ? "urgent" : NULL);
}

static void
update_source_cell (DubanQueuePage    *self,
                    GtkWidget         *cell,
                    DubanTicketObject *item)
{
  const DubanTicket *ticket = duban_ticket_object_get_ticket (item);

  set_cell_text (cell, ticket->source != DUBAN_SOURCE_NONE ? duban_enum_to_display (DUBAN_ENUM_SOURCE, ticket->source)
                                                          : "—");
}

/* "72%": how likely the ticket is to end late (model/duban-risk-book.c),
 * what it rests on in the tooltip; "—" with no basis, the tooltip saying
 * why (样本不足): the prior behind it is not the unit's record. */
static void
update_risk_cell (DubanQueuePage    *self,
                  GtkWidget         *cell,
                  DubanTicketObject *item)
{
  const DubanTicketRisk *risk = duban_queue_model_lookup_risk (self->model, duban_ticket_object_get_id (item));
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;

  if (risk == NULL)
    {
      set_cell_text (cell, NULL);
      if (!duban_state_is_open (duban_ticket_object_get_status (item)->state))
        gtk_widget_set_tooltip_text (cell, _("Not open: no risk of ending late"));
      else if (self->risks != NULL && duban_risk_book_get_risks (self->risks) == NULL)
        gtk_widget_set_tooltip_text (cell, _("The risk of ending late is being worked out"));
      else
        gtk_widget_set_tooltip_text (cell, _("Too little history to say how likely it is to end late"));
      set_cell_class (cell, NULL);
      return;
    }

  if (!risk->has_basis)
    {
      set_cell_text (cell, NULL);
      gtk_widget_set_tooltip_text (cell, risk->basis);
      set_cell_class (cell, NULL);
      return;
    }

  text = g_strdup_printf ("%.0f%%", 100.0 * risk->p_late);
  /* Translators: %s is the percentage ("72%"), then what the estimate rests on */
  tooltip = g_strdup_printf (_("%s likely to end late. %s"), text, risk->basis != NULL ? risk->basis : "");
  set_cell_text (cell, text);
  gtk_widget_set_tooltip_text (cell, tooltip);
  /* the same threshold as a coin's toss: more likely late than not */
  set_cell_class (cell, risk->p_late >= 0.5 ? "risk-high" : NULL);
}

/* "黄牌 ×2": how often the ticket was pressed and how hard, last. */
static void
update_orders_cell (DubanQueuePage    *self,
                    GtkWidget         *cell,
                    DubanTicketObject *item)
{
  static const char *level_classes[DUBAN_ORDER_N_LEVELS] = {
    [DUBAN_ORDER_NOTICE] = "order-notice",
    [DUBAN_ORDER_YELLOW] = "order-yellow",
    [DUBAN_ORDER_RED] = "order-red",
    [DUBAN_ORDER_BULLETIN] = "order-red",   /* 通报: pressed as hard as a red card, and more */
  };
  const DubanOrderSummary *summary = NULL;
  const DubanLadderProposal *proposal = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *when = NULL;
  const char *level;

  if (self->session != NULL)
    summary = duban_session_get_order_summary (self->session, duban_ticket_object_get_id (item));
  /* blank, not "—": no order is not missing data, and the pressed
   * tickets stand out */
  if (summary == NULL)
    {
      gtk_label_set_label (GTK_LABEL (cell), "");
      gtk_widget_set_tooltip_text (cell, NULL);
      set_cell_class (cell, NULL);
      return;
    }

  level = duban_order_level_to_display (summary->latest_level);
  text = summary->n_orders == 1 ? g_strdup (level) : g_strdup_printf ("%s ×%u", level, summary->n_orders);
  /* and whether the unit answered: 待回复, 已回复, 回复超期 (the ladder's
   * judgement over every workstation's orders) */
  proposal = duban_session_get_proposal (self->session, duban_ticket_object_get_id (item));
  if (proposal != NULL && proposal->reply != DUBAN_REPLY_NONE)
    {
      char *with_reply = g_strdup_printf ("%s · %s", text, duban_reply_state_to_display (proposal->reply));

      g_free (text);
      text = with_reply;
    }
  when = duban_time_format_civil (summary->latest_issued_at);
  /* Translators: the first %u counts orders; then the latest order's level (提醒, 黄牌, 红牌) and when it was issued */
  tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u supervision order; the latest, %s, issued %s",
                                          "%u supervision orders; the latest, %s, issued %s",
                                          summary->n_orders),
                             summary->n_orders, level, when);
  set_cell_text (cell, text);
  gtk_widget_set_tooltip_text (cell, tooltip);
  g_assert ((guint) summary->latest_level < G_N_ELEMENTS (level_classes));
  set_cell_class (cell, level_classes[summary->latest_level]);
}

static void
mark_toggled_cb (GtkCheckButton *check,
                 GtkListItem    *list_item)
{
  DubanQueuePage *self = g_object_get_data (G_OBJECT (check), "page");
  DubanTicketObject *item;

  if (g_object_get_data (G_OBJECT (check), "updating") ||
      !(item = gtk_list_item_get_item (list_item)))
    return;

  if (gtk_check_button_get_active (check))
    g_hash_table_add (self->marked, g_strdup (duban_ticket_object_get_id (item)));
  else
    g_hash_table_remove (self->marked, duban_ticket_object_get_id (item));

  gtk_widget_activate_action (GTK_WIDGET (self), "queue.marks-changed", NULL);
}

static void
setup_mark_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               DubanQueuePage           *self)
{
  GtkWidget *cell = gtk_check_button_new ();

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  gtk_widget_set_tooltip_text (cell, _("Mark for a supervision order to several tickets (Ctrl+M)"));
  gtk_widget_set_focusable (cell, FALSE);
  g_object_set_data (G_OBJECT (cell), "page", self);
  g_signal_connect (cell, "toggled", G_CALLBACK (mark_toggled_cb), list_item);
  gtk_list_item_set_child (list_item, cell);
}

static void
setup_state_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                DubanQueuePage           *self)
{
  GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *icon = gtk_image_new ();

  gtk_widget_add_css_class (cell, "state-badge");
  gtk_widget_set_halign (cell, GTK_ALIGN_START);
  /* so a row can be found by its position (duban_queue_page_focus_row) */
  g_object_set_data (G_OBJECT (cell), "duban-list-item", list_item);
  gtk_image_set_pixel_size (GTK_IMAGE (icon), 12);
  gtk_box_append (GTK_BOX (cell), icon);
  gtk_box_append (GTK_BOX (cell), gtk_label_new (NULL));
  gtk_list_item_set_child (list_item, cell);
}

static void
setup_proposal_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   DubanQueuePage           *self)
{
  gtk_list_item_set_child (list_item, duban_proposal_button_new ());
}

static GtkWidget *
setup_label (GtkListItem *list_item)
{
  GtkWidget *cell = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (cell), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (cell), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (cell), TRUE);
  gtk_list_item_set_child (list_item, cell);

  return cell;
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                DubanQueuePage           *self)
{
  setup_label (list_item);
}

static void
setup_unit_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               DubanQueuePage           *self)
{
  GtkWidget *cell = setup_label (list_item);
  GtkGesture *click = gtk_gesture_click_new ();

  g_signal_connect (click, "pressed", G_CALLBACK (unit_pressed_cb), cell);
  gtk_widget_add_controller (cell, GTK_EVENT_CONTROLLER (click));
}

static void
setup_numeric_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  DubanQueuePage           *self)
{
  gtk_widget_add_css_class (setup_label (list_item), "numeric");
}

static void
setup_id_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             DubanQueuePage           *self)
{
  GtkWidget *cell = setup_label (list_item);

  gtk_widget_add_css_class (cell, "numeric");
  gtk_widget_add_css_class (cell, "dim-label");
}

static void
setup_clock_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                DubanQueuePage           *self)
{
  GtkWidget *cell = setup_label (list_item);

  gtk_widget_add_css_class (cell, "numeric");
  gtk_widget_add_css_class (cell, "state-clock");
}

static void
item_changed_cb (DubanTicketObject *item,
                 CellBinding       *binding)
{
  binding->update (binding->self, gtk_list_item_get_child (binding->list_item), item);
}

static void
bind_cell (DubanQueuePage *self,
           GtkListItem    *list_item,
           CellUpdate      update)
{
  DubanTicketObject *item = gtk_list_item_get_item (list_item);
  CellBinding *binding;
  gulong handler;

  g_assert (DUBAN_IS_QUEUE_PAGE (self));
  g_assert (DUBAN_IS_TICKET_OBJECT (item));

  update (self, gtk_list_item_get_child (list_item), item);

  binding = g_new (CellBinding, 1);
  *binding = (CellBinding) { self, list_item, update };
  handler = g_signal_connect_data (item, "changed", G_CALLBACK (item_changed_cb),
                                   binding, (GClosureNotify) g_free, 0);
  g_object_set_data (G_OBJECT (list_item), "changed-handler", GSIZE_TO_POINTER (handler));
}

#define DEFINE_BIND_CB(column) \
  static void \
  bind_##column##_cb (GtkSignalListItemFactory *factory, \
                      GtkListItem              *list_item, \
                      DubanQueuePage           *self) \
  { \
    bind_cell (self, list_item, update_##column##_cell); \
  }

DEFINE_BIND_CB (mark)
DEFINE_BIND_CB (state)
DEFINE_BIND_CB (proposal)
DEFINE_BIND_CB (id)
DEFINE_BIND_CB (title)
DEFINE_BIND_CB (clock)
DEFINE_BIND_CB (unit)
DEFINE_BIND_CB (deadline)
DEFINE_BIND_CB (town)
DEFINE_BIND_CB (category)
DEFINE_BIND_CB (urgency)
DEFINE_BIND_CB (source)

#undef DEFINE_BIND_CB

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                DubanQueuePage           *self)
{
  DubanTicketObject *item = gtk_list_item_get_item (list_item);
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), "changed-handler"));

  if (item != NULL && handler != 0)
    g_signal_handler_disconnect (item, handler);
  g_object_set_data (G_OBJECT (list_item), "changed-handler", NULL);
}

/* An order issued or delivered changes no ticket: the orders cell also
 * follows the session's ::records-changed. */
static void
records_changed_cb (GtkListItem *list_item)
{
  DubanQueuePage *self = g_object_get_data (G_OBJECT (list_item), "page");
  DubanTicketObject *item = gtk_list_item_get_item (list_item);

  if (item != NULL)
    update_orders_cell (self, gtk_list_item_get_child (list_item), item);
}

static void
bind_orders_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                DubanQueuePage           *self)
{
  gulong handler = 0;

  bind_cell (self, list_item, update_orders_cell);
  if (self->session != NULL)
    handler = g_signal_connect_object (self->session, "records-changed", G_CALLBACK (records_changed_cb),
                                       list_item, G_CONNECT_SWAPPED);
  g_object_set_data (G_OBJECT (list_item), "page", self);
  g_object_set_data (G_OBJECT (list_item), "records-handler", GSIZE_TO_POINTER (handler));
}

static void
unbind_orders_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  DubanQueuePage           *self)
{
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), "records-handler"));

  unbind_cell_cb (factory, list_item, self);
  if (handler != 0 && self->session != NULL)
    g_signal_handler_disconnect (self->session, handler);
  g_object_set_data (G_OBJECT (list_item), "records-handler", NULL);
}

/* New risks change no ticket: the risk cell also follows the book's
 * ::changed. */
static void
risks_changed_cb (GtkListItem *list_item)
{
  DubanQueuePage *self = g_object_get_data (G_OBJECT (list_item), "page");
  DubanTicketObject *item = gtk_list_item_get_item (list_item);

  if (item != NULL)
    update_risk_cell (self, gtk_list_item_get_child (list_item), item);
}

static void
bind_risk_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              DubanQueuePage           *self)
{
  gulong handler = 0;

  bind_cell (self, list_item, update_risk_cell);
  if (self->risks != NULL)
    handler = g_signal_connect_object (self->risks, "changed", G_CALLBACK (risks_changed_cb),
                                       list_item, G_CONNECT_SWAPPED);
  g_object_set_data (G_OBJECT (list_item), "page", self);
  g_object_set_data (G_OBJECT (list_item), "risks-handler", GSIZE_TO_POINTER (handler));
}

static void
unbind_risk_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                DubanQueuePage           *self)
{
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), "risks-handler"));

  unbind_cell_cb (factory, list_item, self);
  if (handler != 0 && self->risks != NULL)
    g_signal_handler_disconnect (self->risks, handler);
  g_object_set_data (G_OBJECT (list_item), "risks-handler", NULL);
}

/* ---- focus ------------------------------------------------------------------ */

/* The row widget showing @position, if it is realized: found through the
 * state cells, which know their list item (GTK 4.8 has neither
 * gtk_column_view_scroll_to nor a way from a position to its row). */
static GtkWidget *
find_row (GtkWidget *widget,
          guint      position)
{
  GtkListItem *list_item = g_object_get_data (G_OBJECT (widget), "duban-list-item");

  if (list_item != NULL && gtk_list_item_get_item (list_item) != NULL &&
      gtk_list_item_get_position (list_item) == position)
    {
      GtkWidget *row = widget;

      while (gtk_widget_get_parent (row) != NULL && !GTK_IS_LIST_VIEW (gtk_widget_get_parent (row)))
        row = gtk_widget_get_parent (row);
      return gtk_widget_get_parent (row) != NULL ? row : NULL;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = find_row (child, position);

      if (row != NULL)
        return row;
    }
  return NULL;
}

static gboolean
focus_row_later_cb (GtkWidget     *column_view,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  DubanQueuePage *self = DUBAN_QUEUE_PAGE (gtk_widget_get_ancestor (column_view, DUBAN_TYPE_QUEUE_PAGE));
  guint position = GPOINTER_TO_UINT (user_data);
  GtkWidget *row;

  if (self != NULL && gtk_single_selection_get_selected (self->selection) == position &&
      (row = find_row (column_view, position)) != NULL)
    gtk_widget_grab_focus (row);
  return G_SOURCE_REMOVE;
}

/* Moves the keyboard focus (and its ring) to the row at @position, with
 * the selection, when the focus is in the list: j and k move both. A row
 * scrolled into view only now is there at the next frame. */
void
duban_queue_page_focus_row (DubanQueuePage *self,
                            guint           position)
{
  GtkWidget *view = GTK_WIDGET (self->column_view);
  GtkRoot *root = gtk_widget_get_root (view);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row;

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  if (focus == NULL || (focus != view && !gtk_widget_is_ancestor (focus, view)))
    return;
  if ((row = find_row (view, position)) != NULL)
    gtk_widget_grab_focus (row);
  else
    gtk_widget_add_tick_callback (view, focus_row_later_cb, GUINT_TO_POINTER (position), NULL);
}

/* ---- sorting ------------------------------------------------------------------ */

/* The expression of every column's sorter in the template: it notes
 * the first key it is asked for (only the column view's primary column
 * is asked first) and tells the two probes apart. */
static guint
sort_probe_cb (GObject        *probe,
               DubanQuerySort  key,
               DubanQueuePage *self)
{
  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  if (!self->probe_answered)
    {
      self->probe_key = key;
      self->probe_answered = TRUE;
    }
  return probe == self->probe_items[1] ? 1 : 0;
}

/* Which column the column view is sorted by, and which way.
 *
 * GTK 4.8 keeps that inside its GtkColumnViewSorter and offers no API to
 * read it (GTK 4.10 makes GtkColumnViewSorter public, with
 * gtk_column_view_sorter_get_primary_sort_column() and
 * _get_primary_sort_order(): this function becomes those two calls).
 * Meanwhile the view's sorter is asked to compare two probes: it asks
 * the columns' sorters in order, primary first, and stops at the first
 * that tells them apart; sort_probe_cb() notes whose key that was, and
 * the sign of the answer says which way (the view inverts a descending
 * column). No column asked means no column is sorted: FALSE. */
static gboolean
duban_queue_page_read_view_sort (DubanQueuePage *self,
                                 GtkSorter      *view_sorter,
                                 DubanQuerySort *key,
                                 gboolean       *descending)
{
  GtkOrdering ordering;

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  self->probe_answered = FALSE;
  ordering = gtk_sorter_compare (view_sorter, self->probe_items[0], self->probe_items[1]);
  if (!self->probe_answered || ordering == GTK_ORDERING_EQUAL)
    return FALSE;

  *key = self->probe_key;
  *descending = ordering == GTK_ORDERING_LARGER;
  return TRUE;
}

static void
view_sorter_changed_cb (DubanQueuePage *self,
                        GtkSorterChange change,
                        GtkSorter      *sorter)
{
  DubanQuerySort key;
  gboolean descending;
  gboolean sorted;

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  /* the page going away while sorted by a column: its column view lets
   * go of the column's sorter after the button has gone */
  if (self->default_order_button == NULL || self->column_view == NULL)
    return;

  /* The model sorts its arrays of indices itself: the view's sorter is
   * only read, never applied to the items. */
  if (duban_queue_page_read_view_sort (self, sorter, &key, &descending))
    duban_queue_model_set_sort (self->model, key, descending);
  else
    duban_queue_model_set_sort (self->model, DUBAN_QUERY_SORT_ATTENTION, FALSE);

  /* a column's header only turns its order round: going back to the
   * order of attention needs a way of its own */
  sorted = duban_queue_model_get_query (self->model)->sort != DUBAN_QUERY_SORT_ATTENTION ||
           duban_queue_model_get_query (self->model)->descending;
  gtk_widget_set_visible (self->default_order_button, sorted);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.default-order", sorted);

  duban_queue_page_restore_selection (self);
}

static void
default_order_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DubanQueuePage *self = DUBAN_QUEUE_PAGE (widget);

  /* no column: the view is unsorted, and the model in attention order */
  gtk_column_view_sort_by_column (self->column_view, NULL, GTK_SORT_ASCENDING);
}

void
duban_queue_page_class_init_columns (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "queue.default-order", NULL, default_order_action);
  gtk_widget_class_bind_template_callback (widget_class, setup_mark_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_state_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_label_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_numeric_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_id_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_clock_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_mark_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_state_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_proposal_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_unit_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_proposal_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_id_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_title_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_clock_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_unit_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_deadline_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_town_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_category_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_urgency_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_source_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_orders_cb);
  gtk_widget_class_bind_template_callback (widget_class, unbind_orders_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_risk_cb);
  gtk_widget_class_bind_template_callback (widget_class, unbind_risk_cb);
  gtk_widget_class_bind_template_callback (widget_class, unbind_cell_cb);
  gtk_widget_class_bind_template_callback (widget_class, sort_probe_cb);
}

void
duban_queue_page_init_columns (DubanQueuePage *self)
{
  GtkSorter *view_sorter = gtk_column_view_get_sorter (self->column_view);
  GtkWidget *content;

  g_assert (DUBAN_IS_QUEUE_PAGE (self));

  content = adw_button_content_new ();
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "view-sort-descending-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("Order of attention"));
  self->default_order_button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (self->default_order_button), content);
  gtk_widget_set_tooltip_text (self->default_order_button, _("Sort the queue back into the order of attention"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->default_order_button), "queue.default-order");
  gtk_widget_add_css_class (self->default_order_button, "flat");
  gtk_widget_set_visible (self->default_order_button, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.default-order", FALSE);
  gtk_box_append (self->counts_box, self->default_order_button);

  g_signal_connect_object (view_sorter, "changed", G_CALLBACK (view_sorter_changed_cb), self, G_CONNECT_SWAPPED);
}
