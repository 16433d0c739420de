/* duban-report-preview.h — the pages of a report, as they will print
 *
 * Draws with duban_report_document_draw_page(): the very code that
 * writes the PDF and serves GtkPrintOperation, so the preview is the
 * paper. One page at a time, fitted to the widget.
 */
#pragma once

#include <gtk/gtk.h>

#include "duban-report-pdf.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_REPORT_PREVIEW (duban_report_preview_get_type ())
G_DECLARE_FINAL_TYPE (DubanReportPreview, duban_report_preview, DUBAN, REPORT_PREVIEW, GtkWidget)

GtkWidget         *duban_report_preview_new        (void);
/* Takes @report (transfer full; NULL clears) and lays it out. */
void               duban_report_preview_set_report (DubanReportPreview *self,
                                                    DubanReport        *report);
const DubanReport *duban_report_preview_get_report (DubanReportPreview *self);
/* The report's text changed (it was given its number when issued): lays
 * it out again, on the same page. */
void               duban_report_preview_report_changed (DubanReportPreview *self);
guint              duban_report_preview_get_n_pages (DubanReportPreview *self);
guint              duban_report_preview_get_page   (DubanReportPreview *self);
void               duban_report_preview_set_page   (DubanReportPreview *self,
                                                    guint               page);

G_END_DECLS
