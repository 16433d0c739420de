/* duban-print-preview.c — the desk's own print preview
 *
 * GtkPrintOperation emits ::preview when the dialog's 预览 is pressed;
 * unhandled, GTK writes the pages to a file and runs the previewer named
 * by gtk-print-preview-command, and where that program is missing the
 * button silently does nothing. Handled here, the preview is a window of
 * the desk's own, drawing the same pages with the same code as the
 * printer, so what the clerk sees is what leaves the office.
 */
#define G_LOG_DOMAIN "duban-print-preview"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-print-preview.h"

struct _DubanPrintPreview
{
  GtkWindow              parent_instance;

  GtkWidget             *area;
  GtkWidget             *page_label;
  GtkWidget             *previous_button;
  GtkWidget             *next_button;
  guint                  n_pages;
  guint                  page;
  double                 page_width;
  double                 page_height;
  GPtrArray             *pages;         /* cairo recording surfaces */
};

G_DEFINE_FINAL_TYPE (DubanPrintPreview, duban_print_preview, GTK_TYPE_WINDOW)

static void
update (DubanPrintPreview *self)
{
  g_autofree char *label = NULL;

  g_assert (DUBAN_IS_PRINT_PREVIEW (self));

  /* Translators: the print preview's page, e.g. "第 2 页，共 7 页" */
  label = g_strdup_printf (_("Page %u of %u"), self->page + 1, MAX (self->n_pages, 1));
  gtk_label_set_text (GTK_LABEL (self->page_label), label);
  gtk_widget_set_sensitive (self->previous_button, self->page > 0);
  gtk_widget_set_sensitive (self->next_button, self->page + 1 < self->n_pages);
  gtk_widget_queue_draw (self->area);
}

static void
draw_area_cb (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  DubanPrintPreview *self = user_data;
  double scale, w, h;

  /* a grey desk under a white sheet */
  cairo_set_source_rgb (cr, 0.85, 0.85, 0.85);
  cairo_paint (cr);
  if (self->n_pages == 0)
    return;

  scale = MIN ((width - 24) / self->page_width, (height - 24) / self->page_height);
  if (scale <= 0)
    return;
  w = self->page_width * scale;
  h = self->page_height * scale;
  cairo_save (cr);
  cairo_translate (cr, (width - w) / 2, (height - h) / 2);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_fill (cr);
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_clip (cr);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, g_ptr_array_index (self->pages, self->page), 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
}

static void
previous_clicked_cb (DubanPrintPreview *self)
{
  if (self->page > 0)
    duban_print_preview_set_page (self, self->page - 1);
}

static void
next_clicked_cb (DubanPrintPreview *self)
{
  duban_print_preview_set_page (self, self->page + 1);
}

static void
duban_print_preview_finalize (GObject *object)
{
  DubanPrintPreview *self = DUBAN_PRINT_PREVIEW (object);

  g_clear_pointer (&self->pages, g_ptr_array_unref);

  G_OBJECT_CLASS (duban_print_preview_parent_class)->finalize (object);
}

static void
duban_print_preview_class_init (DubanPrintPreviewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = duban_print_preview_finalize;
}

static void
duban_print_preview_init (DubanPrintPreview *self)
{
  GtkWidget *header = gtk_header_bar_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->previous_button = gtk_button_new_from_icon_name ("go-previous-symbolic");
  gtk_widget_set_tooltip_text (self->previous_button, _("Previous page"));
  self->next_button = gtk_button_new_from_icon_name ("go-next-symbolic");
  gtk_widget_set_tooltip_text (self->next_button, _("Next page"));
  self->page_label = gtk_label_new (NULL);
  gtk_box_append (GTK_BOX (box), self->previous_button);
  gtk_box_append (GTK_BOX (box), self->page_label);
  gtk_box_append (GTK_BOX (box), self->next_button);
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), box);
  gtk_window_set_titlebar (GTK_WINDOW (self), header);
  g_signal_connect_swapped (self->previous_button, "clicked", G_CALLBACK (previous_clicked_cb), self);
  g_signal_connect_swapped (self->next_button, "clicked", G_CALLBACK (next_clicked_cb), self);

  self->area = gtk_drawing_area_new ();
  gtk_widget_set_hexpand (self->area, TRUE);
  gtk_widget_set_vexpand (self->area, TRUE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->area), draw_area_cb, self, NULL);
  gtk_window_set_child (GTK_WINDOW (self), self->area);
  gtk_window_set_default_size (GTK_WINDOW (self), 620, 860);
}

GtkWidget *
duban_print_preview_new (GtkWindow             *parent,
                         const char            *title,
                         guint                  n_pages,
                         double                 page_width,
                         double                 page_height,
                         DubanPrintPreviewDraw  draw,
                         gpointer               user_data)
{
  DubanPrintPreview *self;
  cairo_rectangle_t extents = { 0, 0, page_width, page_height };

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (page_width > 0 && page_height > 0 && draw != NULL, NULL);

  self = g_object_new (DUBAN_TYPE_PRINT_PREVIEW, "transient-for", parent, NULL);
  gtk_window_set_title (GTK_WINDOW (self), title != NULL ? title : _("Print Preview"));
  self->n_pages = n_pages;
  self->page_width = page_width;
  self->page_height = page_height;
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
  for (guint i = 0; i < n_pages; i++)
    {
      cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
      cairo_t *cr = cairo_create (surface);

      draw (cr, i, page_width, page_height, user_data);
      cairo_destroy (cr);
      g_ptr_array_add (self->pages, surface);
    }
  update (self);

  return GTK_WIDGET (self);
}

guint
duban_print_preview_get_n_pages (DubanPrintPreview *self)
{
  g_return_val_if_fail (DUBAN_IS_PRINT_PREVIEW (self), 0);

  return self->n_pages;
}

guint
duban_print_preview_get_page (DubanPrintPreview *self)
{
  g_return_val_if_fail (DUBAN_IS_PRINT_PREVIEW (self), 0);

  return self->page;
}

void
duban_print_preview_set_page (DubanPrintPreview *self,
                              guint              page)
{
  g_return_if_fail (DUBAN_IS_PRINT_PREVIEW (self));

  if (page >= self->n_pages)
    return;
  self->page = page;
  update (self);
}

typedef struct {
  guint                  n_pages;
  double                 page_width;
  double                 page_height;
  DubanPrintPreviewDraw  draw;
  gpointer               user_data;
} Attached;

static void
attached_closure_notify (gpointer  data,
                         GClosure *closure)
{
  g_free (data);
}

static gboolean
preview_cb (GtkPrintOperation        *operation,
            GtkPrintOperationPreview *preview,
            GtkPrintContext          *context,
            GtkWindow                *parent,
            Attached                 *attached)
{
  GtkWidget *window;

  /* the pages are recorded now, while the document is there; the
   * operation is told its preview is over, and the window lives as long
   * as the clerk keeps it open */
  window = duban_print_preview_new (parent, NULL, attached->n_pages, attached->page_width, attached->page_height,
                                    attached->draw, attached->user_data);
  gtk_print_operation_preview_end_preview (preview);
  gtk_window_present (GTK_WINDOW (window));
  return TRUE;
}

void
duban_print_preview_attach (GtkPrintOperation     *operation,
                            guint                  n_pages,
                            double                 page_width,
                            double                 page_height,
                            DubanPrintPreviewDraw  draw,
                            gpointer               user_data)
{
  Attached *attached;

  g_return_if_fail (GTK_IS_PRINT_OPERATION (operation));
  g_return_if_fail (draw != NULL);

  attached = g_new0 (Attached, 1);
  attached->n_pages = n_pages;
  attached->page_width = page_width;
  attached->page_height = page_height;
  attached->draw = draw;
  attached->user_data = user_data;
  g_signal_connect_data (operation, "preview", G_CALLBACK (preview_cb), attached,
                         attached_closure_notify, 0);
}
