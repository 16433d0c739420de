/* duban-orders-window.c — every supervision order, its delivery, and its printed sheet
 *
 * The sheet is drawn by core (duban-order-sheet.c) both for the print
 * dialog — whose Preview button shows the pages before they go to paper —
 * and for the PDF, so the two cannot differ.
 */
#define G_LOG_DOMAIN "duban-orders-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "duban-audit.h"
#include "duban-order-sheet.h"
#include "duban-orders-window.h"
#include "duban-print-preview.h"
#include "duban-orders.h"
#include "duban-text-row.h"

enum {
  CELL_ISSUED,
  CELL_TICKET,
  CELL_TITLE,
  CELL_UNIT,
  CELL_LEVEL,
  CELL_RESPOND_BY,
  CELL_DELIVERY,
  CELL_LAST_ERROR,
  CELL_ACTED,
  CELL_ISSUED_BY,
  N_CELLS
};

struct _DubanOrdersWindow
{
  AdwWindow           parent_instance;

  DubanSession       *session;
  GListStore         *orders;
  GtkCustomFilter    *filter;
  GtkMultiSelection  *selection;

  /* Template widgets */
  AdwToastOverlay    *toast_overlay;
  GtkLabel           *summary_label;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *filter_dropdown;
  GtkStack           *stack;
  GtkColumnView      *column_view;
};

G_DEFINE_FINAL_TYPE (DubanOrdersWindow, duban_orders_window, ADW_TYPE_WINDOW)

/* What one printed page needs, kept alive while printing. */
typedef struct {
  DubanOrder     *order;
  DubanTicket    *ticket;
  DubanSlaStatus  status;
  gboolean        has_status;
  char                  *number;      /* the sheet's number, from the store's sequence */
  DubanDocumentSettings  documents;   /* the issuer, seal and supervisor */
} SheetData;

static void
sheet_data_free (SheetData *data)
{
  g_free (data->number);
  duban_document_settings_clear (&data->documents);
  duban_order_free (data->order);
  duban_ticket_free (data->ticket);
  g_free (data);
}

static const DubanTicket *
find_ticket (DubanOrdersWindow *self,
             const char        *id)
{
  GPtrArray *tickets = duban_session_get_tickets (self->session);

  for (guint i = 0; tickets != NULL && i < tickets->len; i++)
    if (g_strcmp0 (((DubanTicket *) g_ptr_array_index (tickets, i))->id, id) == 0)
      return g_ptr_array_index (tickets, i);

  return NULL;
}

void
duban_orders_window_reload (DubanOrdersWindow *self)
{
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  guint n_pending = 0, n_refused = 0, n_acted = 0;
  DubanStore *store;

  g_return_if_fail (DUBAN_IS_ORDERS_WINDOW (self));

  g_list_store_remove_all (self->orders);

  if (!(store = duban_session_get_store (self->session, &error)) ||
      !(orders = duban_orders_list (store, NULL, &error)))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  for (guint i = 0; i < orders->len; i++)
    {
      DubanOrder *order = g_ptr_array_index (orders, i);
      const DubanTicket *ticket = find_ticket (self, order->ticket_id);
      gboolean acted = duban_order_unit_has_acted (order, ticket);
      GStrv cells = g_new0 (char *, N_CELLS + 1);
      g_autoptr(DubanTextRow) row = NULL;

      cells[CELL_ISSUED] = duban_time_format_civil (order->issued_at);
      cells[CELL_TICKET] = g_strdup (order->ticket_id);
      cells[CELL_TITLE] = g_strdup (ticket != NULL ? ticket->title : "—");
      cells[CELL_UNIT] = g_strdup (ticket != NULL && ticket->unit_name != NULL ? ticket->unit_name : "—");
      cells[CELL_LEVEL] = g_strdup (duban_order_level_to_display (order->level));
      cells[CELL_RESPOND_BY] = order->respond_by != DUBAN_TIME_NONE ? duban_time_format_civil (order->respond_by)
                                                                    : g_strdup ("—");
      cells[CELL_DELIVERY] = g_strdup (duban_delivery_state_to_display (order->delivery));
      /* refused or waiting, the order is still queued: the supervisor
       * reads what the platform last answered, in a column of its own
       * (beside the state it was cut off) */
      cells[CELL_LAST_ERROR] = g_strdup (order->last_error != NULL && order->delivery != DUBAN_DELIVERY_DELIVERED
                                         ? order->last_error : "");
      cells[CELL_ACTED] = g_strdup (ticket == NULL ? _("Ticket no longer stored")
                                    : acted ? _("Yes, since the order")
                                    : _("No action since the order"));
      cells[CELL_ISSUED_BY] = g_strdup (order->issued_by);

      /* The row owns the order from here; the array's slot lets go. */
      row = duban_text_row_new (cells, order, (GDestroyNotify) duban_order_free);
      orders->pdata[i] = NULL;

      duban_text_row_set_cell_class (row, CELL_DELIVERY,
                                     order->delivery == DUBAN_DELIVERY_DELIVERED ? "success"
                                     : order->delivery == DUBAN_DELIVERY_REFUSED ? "error"
                                     : order->last_error != NULL ? "warning" : NULL);
      duban_text_row_set_cell_class (row, CELL_ACTED, acted ? "success" : "warning");
      duban_text_row_set_cell_class (row, CELL_LEVEL, order->level == DUBAN_ORDER_RED ? "error"
                                                    : order->level == DUBAN_ORDER_YELLOW ? "warning" : NULL);
      g_list_store_append (self->orders, row);

      n_pending += order->delivery == DUBAN_DELIVERY_PENDING;
      n_refused += order->delivery == DUBAN_DELIVERY_REFUSED;
      n_acted += acted;
    }

  {
    g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order", "%u orders", orders->len),
                                              orders->len);

    /* Translators: a summary above the list of supervision orders; the
     * first %s is "3 orders" */
    summary = g_strdup_printf (_("%s · %u waiting to be sent · %u refused · the unit has acted on %u"),
                               count, n_pending, n_refused, n_acted);
  }
  gtk_label_set_label (self->summary_label, summary);
  gtk_stack_set_visible_child_name (self->stack, orders->len > 0 ? "orders" : "empty");
}

/* The selected orders' sheets, or every order's when none is selected;
 * each is issued: numbered from the store's sequence of order sheets (a
 * sheet printed before keeps its number). */
static GPtrArray *
collect_sheets (DubanOrdersWindow *self)
{
  GPtrArray *sheets = g_ptr_array_new_with_free_func ((GDestroyNotify) sheet_data_free);
  DubanStore *store = duban_session_get_store (self->session, NULL);
  g_auto(DubanDocumentSettings) documents = { 0 };
  g_autoptr(GError) error = NULL;

  if (store == NULL || !duban_document_settings_load (store, &documents, &error))
    duban_document_settings_init (&documents);
  /* The rows as shown (sorted): the selection's positions are those. */
  GListModel *model = G_LIST_MODEL (self->selection);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  gboolean all = gtk_bitset_is_empty (selected);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DubanTextRow) row = NULL;
      const DubanOrder *order;
      const DubanTicket *ticket;
      SheetData *data;

      if (!all && !gtk_bitset_contains (selected, i))
        continue;

      row = g_list_model_get_item (model, i);
      order = duban_text_row_get_payload (row);
      ticket = find_ticket (self, order->ticket_id);

      data = g_new0 (SheetData, 1);
      duban_document_settings_copy (&data->documents, &documents);
      if (store != NULL && !(data->number = duban_order_sheet_take_number (store, &documents, order, &error)))
        {
          g_warning ("Cannot number the order sheet of %s: %s", order->client_id, error->message);
          g_clear_error (&error);
        }
      data->order = g_new0 (DubanOrder, 1);
      *data->order = *order;
      data->order->client_id = g_strdup (order->client_id);
      data->order->ticket_id = g_strdup (order->ticket_id);
      data->order->note = g_strdup (order->note);
      data->order->issued_by = g_strdup (order->issued_by);
      data->order->last_error = g_strdup (order->last_error);
      if (ticket != NULL)
        {
          data->ticket = duban_ticket_copy (ticket);
          /* The sheet states how late the ticket was when the order went out. */
          duban_sla_evaluate (duban_session_get_policy (self->session),
                              duban_session_get_calendar (self->session),
                              ticket, order->issued_at, &data->status);
          data->has_status = TRUE;
        }
      g_ptr_array_add (sheets, data);
    }

  return sheets;
}

static void
to_sheet (const SheetData *data,
          DubanOrderSheet *sheet)
{
  sheet->order = data->order;
  sheet->ticket = data->ticket;
  sheet->status = data->has_status ? &data->status : NULL;
  sheet->number = data->number;
  sheet->documents = &data->documents;
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              GPtrArray         *sheets)
{
  DubanOrderSheet sheet;

  to_sheet (g_ptr_array_index (sheets, page_nr), &sheet);
  duban_order_sheet_draw (gtk_print_context_get_cairo_context (context), &sheet,
                          gtk_print_context_get_width (context),
                          gtk_print_context_get_height (context));
}

static void
preview_page_cb (cairo_t  *cr,
                 guint     page,
                 double    width,
                 double    height,
                 gpointer  user_data)
{
  GPtrArray *sheets = user_data;
  DubanOrderSheet sheet;

  to_sheet (g_ptr_array_index (sheets, page), &sheet);
  duban_order_sheet_draw (cr, &sheet, width, height);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  DubanOrdersWindow *self = DUBAN_ORDERS_WINDOW (widget);
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autoptr(GError) error = NULL;
  GPtrArray *sheets = collect_sheets (self);
  GtkPrintOperationResult result;

  if (sheets->len == 0)
    {
      g_ptr_array_unref (sheets);
      return;
    }

  /* The sheet has its own margins, on A4. */
  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_page_setup_set_top_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_bottom_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_left_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_right_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_n_pages (operation, sheets->len);
  gtk_print_operation_set_job_name (operation, _("Supervision Order"));
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (draw_page_cb), sheets,
                         (GClosureNotify) g_ptr_array_unref, 0);
  /* 预览 shows the desk's own preview: no external previewer needed */
  duban_print_preview_attach (operation, sheets->len, DUBAN_ORDER_SHEET_WIDTH, DUBAN_ORDER_SHEET_HEIGHT,
                              preview_page_cb, sheets);

  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    GTK_WINDOW (self), &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    {
      /* Paper leaves the office too: logged like a PDF. */
      g_autofree char *detail = g_strdup_printf ("%d order sheets printed", gtk_print_operation_get_n_pages_to_print (operation));
      DubanStore *store = duban_session_get_store (self->session, NULL);

      if (store == NULL || !duban_store_audit (store, DUBAN_AUDIT_EXPORT, NULL, detail, &error))
        g_warning ("Cannot log the printing: %s", error != NULL ? error->message : "no store");
    }
}

gboolean
duban_orders_window_write_pdf (DubanOrdersWindow  *self,
                               const char         *path,
                               GError            **error)
{
  g_autoptr(GPtrArray) sheets = NULL;
  g_autofree DubanOrderSheet *pages = NULL;
  g_autofree char *detail = NULL;
  DubanStore *store;

  g_return_val_if_fail (DUBAN_IS_ORDERS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  sheets = collect_sheets (self);
  pages = g_new0 (DubanOrderSheet, MAX (sheets->len, 1));
  for (guint i = 0; i < sheets->len; i++)
    to_sheet (g_ptr_array_index (sheets, i), &pages[i]);

  if (!duban_order_sheet_write_pdf (path, pages, sheets->len, error))
    return FALSE;

  /* Translators: not shown; the audit log's detail is for the record */
  detail = g_strdup_printf ("%u order sheets to %s", sheets->len, path);
  return (store = duban_session_get_store (self->session, error)) != NULL &&
         duban_store_audit (store, DUBAN_AUDIT_EXPORT, sheets->len == 1 ? pages[0].order->ticket_id : NULL,
                            detail, error);
}

static void
save_response_cb (GtkNativeDialog   *chooser,
                  int                response,
                  DubanOrdersWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) &&
      (path = g_file_get_path (file)))
    {
      if (!duban_orders_window_write_pdf (self, path, &error))
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      else
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Order sheets saved")));
    }

  g_object_unref (chooser);
}

static void
save_pdf_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DubanOrdersWindow *self = DUBAN_ORDERS_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;
  g_autofree char *day = duban_day_format (duban_day_of_time (duban_time_now ()));

  chooser = gtk_file_chooser_native_new (_("Save Order Sheets"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  /* Translators: the file name offered for saved order sheets; %s is a date */
  name = g_strdup_printf (_("supervision-orders-%s.pdf"), day);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  duban_orders_window_reload (DUBAN_ORDERS_WINDOW (widget));
}

/* ---- search and filter ---------------------------------------------- */

enum {
  SHOW_ALL,
  SHOW_WAITING,
  SHOW_REFUSED,
  SHOW_DELIVERED,
  SHOW_NOT_ACTED,
};

static gboolean
order_row_matches (gpointer item,
                   gpointer user_data)
{
  DubanOrdersWindow *self = DUBAN_ORDERS_WINDOW (user_data);
  DubanTextRow *row = DUBAN_TEXT_ROW (item);
  const DubanOrder *order = duban_text_row_get_payload (row);
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  const guint searched[] = { CELL_TICKET, CELL_TITLE, CELL_UNIT, CELL_LEVEL, CELL_ISSUED_BY };
  gboolean found;

  switch (gtk_drop_down_get_selected (self->filter_dropdown))
    {
    case SHOW_WAITING:   if (order->delivery != DUBAN_DELIVERY_PENDING) return FALSE; break;
    case SHOW_REFUSED:   if (order->delivery != DUBAN_DELIVERY_REFUSED) return FALSE; break;
    case SHOW_DELIVERED: if (order->delivery != DUBAN_DELIVERY_DELIVERED) return FALSE; break;
    case SHOW_NOT_ACTED:
      if (!g_str_equal (duban_text_row_get_cell (row, CELL_ACTED), _("No action since the order")))
        return FALSE;
      break;
    default: break;
    }

  if (query == NULL || query[0] == '\0')
    return TRUE;

  /* a number, a title, a unit, a level, the issuer or the opinion,
   * case folded (Chinese has no case; ids and names may) */
  {
    g_autofree char *needle = g_utf8_casefold (query, -1);

    found = order->note != NULL && strstr (order->note, query) != NULL;
    for (guint i = 0; !found && i < G_N_ELEMENTS (searched); i++)
      {
        g_autofree char *hay = g_utf8_casefold (duban_text_row_get_cell (row, searched[i]), -1);

        found = strstr (hay, needle) != NULL;
      }
  }
  return found;
}

static void
search_changed_cb (DubanOrdersWindow *self,
                   GtkSearchEntry    *entry)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
filter_changed_cb (DubanOrdersWindow *self,
                   GParamSpec        *pspec,
                   GtkDropDown       *dropdown)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (DUBAN_ORDERS_WINDOW (widget)->search_entry));
}

static void
duban_orders_window_dispose (GObject *object)
{
  DubanOrdersWindow *self = (DubanOrdersWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), DUBAN_TYPE_ORDERS_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter);
  g_clear_object (&self->orders);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (duban_orders_window_parent_class)->dispose (object);
}

static void
duban_orders_window_class_init (DubanOrdersWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = duban_orders_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/duban/Duban/duban-orders-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DubanOrdersWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DubanOrdersWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DubanOrdersWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DubanOrdersWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, DubanOrdersWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DubanOrdersWindow, filter_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);

  gtk_widget_class_install_action (widget_class, "orders.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "orders.save-pdf", NULL, save_pdf_action);
  gtk_widget_class_install_action (widget_class, "orders.refresh", NULL, refresh_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "orders.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "orders.save-pdf", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "orders.refresh", NULL);
  gtk_widget_class_install_action (widget_class, "orders.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "orders.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
duban_orders_window_init (DubanOrdersWindow *self)
{
  g_autoptr(GtkSortListModel) sorted = NULL;
  g_autoptr(GtkFilterListModel) filtered = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->orders = g_list_store_new (DUBAN_TYPE_TEXT_ROW);

  /* The platform's last answer has the width left over, and wraps in
   * it: the title is cut before it (its tooltip has it whole, as every
   * cell's). */
  duban_text_row_add_column (self->column_view, _("Issued"), CELL_ISSUED, 130);
  duban_text_row_add_column (self->column_view, _("Ticket"), CELL_TICKET, 120);
  duban_text_row_add_column (self->column_view, _("Title"), CELL_TITLE, 180);
  duban_text_row_add_column (self->column_view, _("Unit"), CELL_UNIT, 130);
  duban_text_row_add_column (self->column_view, _("Level"), CELL_LEVEL, 56);
  duban_text_row_add_column (self->column_view, _("Reply by"), CELL_RESPOND_BY, 130);
  /* "平台未接收，已保留" in two lines rather than cut after three characters */
  duban_text_row_add_wrapped_column (self->column_view, _("Delivery"), CELL_DELIVERY, 80, 2);
  /* a refusal's reason is what the supervisor acts on: read whole in
   * the row (a 400 with a sentence of reason takes four to six lines in
   * the column's width at the window's default size),
   * copied from it for the platform's staff */
  duban_text_row_add_wrapped_column (self->column_view, _("Last try"), CELL_LAST_ERROR, -1,
                                     DUBAN_ORDERS_WINDOW_ERROR_LINES);
  duban_text_row_add_column (self->column_view, _("Unit acted"), CELL_ACTED, 110);
  duban_text_row_add_column (self->column_view, _("Issued by"), CELL_ISSUED_BY, 80);

  /* The list keeps the store's order (newest first) until a header is
   * clicked; the search and the filter pick the rows first. */
  self->filter = gtk_custom_filter_new (order_row_matches, self, NULL);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->orders)),
                                        GTK_FILTER (g_object_ref (self->filter)));
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (filtered)),
                                    g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (sorted)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
}

GtkWidget *
duban_orders_window_new (GtkWindow    *parent,
                         DubanSession *session)
{
  DubanOrdersWindow *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DUBAN_IS_SESSION (session), NULL);

  self = g_object_new (DUBAN_TYPE_ORDERS_WINDOW,
                       "transient-for", parent,
                       NULL);
  self->session = g_object_ref (session);
  duban_orders_window_reload (self);

  return GTK_WIDGET (self);
}

GListModel *
duban_orders_window_get_model (DubanOrdersWindow *self)
{
  g_return_val_if_fail (DUBAN_IS_ORDERS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->orders);
}

GListModel *
duban_orders_window_get_shown (DubanOrdersWindow *self)
{
  g_return_val_if_fail (DUBAN_IS_ORDERS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->selection);
}

void
duban_orders_window_search (DubanOrdersWindow *self,
                            const char        *text,
                            guint              filter)
{
  g_return_if_fail (DUBAN_IS_ORDERS_WINDOW (self));
  g_return_if_fail (filter <= SHOW_NOT_ACTED);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  gtk_drop_down_set_selected (self->filter_dropdown, filter);
  /* at once, not after the entry's typing delay */
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}
