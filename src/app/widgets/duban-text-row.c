/* duban-text-row.c — a row of text cells for the desk's simple tables */
#define G_LOG_DOMAIN "duban-text-row"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-text-row.h"

#define MAX_CELL_CLASSES 16

struct _DubanTextRow
{
  GObject         parent_instance;

  GStrv           cells;
  gpointer        payload;
  GDestroyNotify  destroy;
  const char     *cell_classes[MAX_CELL_CLASSES];
};

G_DEFINE_FINAL_TYPE (DubanTextRow, duban_text_row, G_TYPE_OBJECT)

static void
duban_text_row_finalize (GObject *object)
{
  DubanTextRow *self = (DubanTextRow *)object;

  g_strfreev (self->cells);
  if (self->destroy != NULL && self->payload != NULL)
    self->destroy (self->payload);

  G_OBJECT_CLASS (duban_text_row_parent_class)->finalize (object);
}

static void
duban_text_row_class_init (DubanTextRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = duban_text_row_finalize;
}

static void
duban_text_row_init (DubanTextRow *self)
{
}

DubanTextRow *
duban_text_row_new (GStrv          cells,
                    gpointer       payload,
                    GDestroyNotify destroy)
{
  DubanTextRow *self;

  g_return_val_if_fail (cells != NULL, NULL);

  self = g_object_new (DUBAN_TYPE_TEXT_ROW, NULL);
  self->cells = cells;
  self->payload = payload;
  self->destroy = destroy;

  return self;
}

const char *
duban_text_row_get_cell (DubanTextRow *self,
                         guint         column)
{
  g_return_val_if_fail (DUBAN_IS_TEXT_ROW (self), NULL);

  if (column >= g_strv_length (self->cells))
    return "";
  return self->cells[column];
}

gpointer
duban_text_row_get_payload (DubanTextRow *self)
{
  g_return_val_if_fail (DUBAN_IS_TEXT_ROW (self), NULL);

  return self->payload;
}

void
duban_text_row_set_cell_class (DubanTextRow *self,
                               guint         column,
                               const char   *css_class)
{
  g_return_if_fail (DUBAN_IS_TEXT_ROW (self));
  g_return_if_fail (column < MAX_CELL_CLASSES);

  self->cell_classes[column] = g_intern_string (css_class);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (list_item, label);
}

/* @user_data: the most lines the text wraps over */
static void
setup_wrapped_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_yalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  /* a reason in Chinese has no spaces to break at */
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (label), GPOINTER_TO_INT (user_data));
  /* beyond the lines, "…": the tooltip and a copy have the rest */
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* the natural width of one long line would widen the column past the
   * window's: it wraps within the column instead */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         gpointer                  user_data)
{
  guint column = GPOINTER_TO_UINT (user_data);
  DubanTextRow *row = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  const char *old_class = g_object_get_data (G_OBJECT (label), "cell-class");
  const char *css_class = column < MAX_CELL_CLASSES ? row->cell_classes[column] : NULL;
  const char *text = duban_text_row_get_cell (row, column);

  if (old_class != NULL)
    gtk_widget_remove_css_class (label, old_class);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  g_object_set_data (G_OBJECT (label), "cell-class", (gpointer) css_class);

  gtk_label_set_label (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, text[0] != '\0' ? text : NULL);
}

static int
compare_cells (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  guint column = GPOINTER_TO_UINT (user_data);

  return g_strcmp0 (duban_text_row_get_cell ((DubanTextRow *) a, column),
                    duban_text_row_get_cell ((DubanTextRow *) b, column));
}

static void
add_column (GtkColumnView      *view,
            const char         *title,
            guint               column,
            int                 fixed_width,
            GtkListItemFactory *factory)
{
  GtkColumnViewColumn *view_column;
  GtkSorter *sorter;

  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), GUINT_TO_POINTER (column));

  view_column = gtk_column_view_column_new (title, factory);
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_cells, GUINT_TO_POINTER (column), NULL));
  gtk_column_view_column_set_sorter (view_column, sorter);
  g_object_unref (sorter);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (view_column, fixed_width);
  else
    gtk_column_view_column_set_expand (view_column, TRUE);

  gtk_column_view_append_column (view, view_column);
  g_object_unref (view_column);
}

void
duban_text_row_add_column (GtkColumnView *view,
                           const char    *title,
                           guint          column,
                           int            fixed_width)
{
  GtkListItemFactory *factory;

  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  add_column (view, title, column, fixed_width, factory);
}

void
duban_text_row_add_wrapped_column (GtkColumnView *view,
                                   const char    *title,
                                   guint          column,
                                   int            fixed_width,
                                   int            max_lines)
{
  GtkListItemFactory *factory;

  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));
  g_return_if_fail (max_lines > 0);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_wrapped_cb), GINT_TO_POINTER (max_lines));
  add_column (view, title, column, fixed_width, factory);
}
