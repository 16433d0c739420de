/* duban-print-preview.h — the desk's own print preview
 *
 * The print dialog's 预览 hands the pages to an external previewer
 * (evince, by gtk-print-preview-command) and does nothing at all where
 * none is installed, as on the county's workstations. The desk shows its
 * own preview instead: the pages drawn by the same code that prints
 * them, one at a time, with the page number.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Draws page @page of the document at the context's origin, scaled to
 * @width × @height. */
typedef void (*DubanPrintPreviewDraw) (cairo_t  *cr,
                                       guint     page,
                                       double    width,
                                       double    height,
                                       gpointer  user_data);

#define DUBAN_TYPE_PRINT_PREVIEW (duban_print_preview_get_type ())
G_DECLARE_FINAL_TYPE (DubanPrintPreview, duban_print_preview, DUBAN, PRINT_PREVIEW, GtkWindow)

/* A window over the pages @draw draws, @page_width × @page_height
 * points each. They are recorded at once, so the window lives on its
 * own after the document it was drawn from is gone. */
GtkWidget *duban_print_preview_new      (GtkWindow             *parent,
                                         const char            *title,
                                         guint                  n_pages,
                                         double                 page_width,
                                         double                 page_height,
                                         DubanPrintPreviewDraw  draw,
                                         gpointer               user_data);
guint      duban_print_preview_get_n_pages (DubanPrintPreview  *self);
guint      duban_print_preview_get_page (DubanPrintPreview     *self);
void       duban_print_preview_set_page (DubanPrintPreview     *self,
                                         guint                  page);

/* Connects to @operation's ::preview so that the dialog's 预览 opens
 * this window over the same pages instead of an external previewer.
 * @user_data must live as long as @operation. */
void       duban_print_preview_attach   (GtkPrintOperation     *operation,
                                         guint                  n_pages,
                                         double                 page_width,
                                         double                 page_height,
                                         DubanPrintPreviewDraw  draw,
                                         gpointer               user_data);

G_END_DECLS
