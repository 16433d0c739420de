/* duban-report-pdf.h — a report laid out as an official document (GB/T 9704)
 *
 * One layout and one drawing code serve the PDF, the desk's printout
 * (GtkPrintOperation's draw-page) and the live preview: a document is
 * paginated once on A4, in points, with its own font metrics (no hinting),
 * so the pages break at the same rows on paper, on screen and in the file.
 */
#pragma once

#include <cairo.h>

#include "duban-report.h"

G_BEGIN_DECLS

#define DUBAN_REPORT_PAGE_WIDTH   595.2756   /* A4 in points */
#define DUBAN_REPORT_PAGE_HEIGHT  841.8898

#define DUBAN_REPORT_SERIF_FONT "Noto Serif CJK SC"
#define DUBAN_REPORT_SANS_FONT  "Noto Sans CJK SC"

typedef struct _DubanReportDocument DubanReportDocument;

/* @report must outlive the document. */
DubanReportDocument *duban_report_document_new       (const DubanReport   *report);
void                 duban_report_document_free      (DubanReportDocument *document);
guint                duban_report_document_get_n_pages (DubanReportDocument *document);
/* Draws page @page (from 0) scaled to fit @width × @height of @cr's user
 * space, centred, on white. */
void                 duban_report_document_draw_page (DubanReportDocument *document,
                                                      cairo_t             *cr,
                                                      guint                page,
                                                      double               width,
                                                      double               height);

/* Writes the document's pages as a PDF, atomically, owner-only (0600). */
gboolean             duban_report_document_write_pdf (DubanReportDocument *document,
                                                      const char          *path,
                                                      GError             **error);
/* The same, for a report laid out without a map. */
gboolean             duban_report_write_pdf          (const DubanReport   *report,
                                                      const char          *path,
                                                      GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanReportDocument, duban_report_document_free)

G_END_DECLS
