/* duban-print.c — printing a report through GtkPrintOperation */

#define G_LOG_DOMAIN "duban-print"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-print.h"
#include "duban-print-preview.h"
#include "duban-report-pdf.h"

static void
preview_page_cb (cairo_t  *cr,
                 guint     page,
                 double    width,
                 double    height,
                 gpointer  user_data)
{
  duban_report_document_draw_page (user_data, cr, page, width, height);
}

static void
begin_print_cb (GtkPrintOperation   *operation,
                GtkPrintContext     *context,
                DubanReportDocument *document)
{
  gtk_print_operation_set_n_pages (operation, (int) duban_report_document_get_n_pages (document));
}

static void
draw_page_cb (GtkPrintOperation   *operation,
              GtkPrintContext     *context,
              int                  page_nr,
              DubanReportDocument *document)
{
  /* the same drawing as the PDF, scaled into what the printer gives */
  duban_report_document_draw_page (document, gtk_print_context_get_cairo_context (context), page_nr,
                                   gtk_print_context_get_width (context),
                                   gtk_print_context_get_height (context));
}

gboolean
duban_print_report (GtkWindow          *parent,
                    const DubanReport  *report,
                    gboolean           *printed,
                    GError            **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(GtkPaperSize) a4 = NULL;
  g_autoptr(DubanReportDocument) document = NULL;
  GtkPrintOperationResult result;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  document = duban_report_document_new (report);

  operation = gtk_print_operation_new ();
  setup = gtk_page_setup_new ();
  a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  /* GB/T 9704 margins are in the layout: the whole sheet is ours */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_job_name (operation, duban_report_title (report));
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), document);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), document);
  /* 预览 shows the desk's own preview: no external previewer needed */
  duban_print_preview_attach (operation, duban_report_document_get_n_pages (document),
                              DUBAN_REPORT_PAGE_WIDTH, DUBAN_REPORT_PAGE_HEIGHT, preview_page_cb, document);

  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, error);
  if (printed != NULL)
    *printed = result == GTK_PRINT_OPERATION_RESULT_APPLY;
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}
