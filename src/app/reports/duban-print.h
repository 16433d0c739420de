/* duban-print.h — printing a report through GtkPrintOperation
 *
 * draw-page calls duban_report_document_draw_page(): the PDF's own
 * drawing code, on the printer's cairo_t. The print dialog offers the
 * preview.
 */
#pragma once

#include <gtk/gtk.h>

#include "duban-report.h"

G_BEGIN_DECLS

/* Runs the print dialog for @report (A4, full page, in points).
 * Returns FALSE with @error on failure; TRUE when printed or cancelled
 * (@printed says which). */
gboolean duban_print_report (GtkWindow          *parent,
                             const DubanReport  *report,
                             gboolean           *printed,
                             GError            **error);

G_END_DECLS
