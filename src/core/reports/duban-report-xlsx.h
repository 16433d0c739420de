/* duban-report-xlsx.h — a report as an Excel workbook, one sheet per table
 *
 * Numbers are written as numbers with number formats (percentages,
 * decimals, dates), never as text, so a reader can sort, sum and check
 * them; "no data" (an empty denominator) is the only text in a number
 * column.
 */
#pragma once

#include "duban-report.h"

G_BEGIN_DECLS

/* Writes atomically, owner-only (0600). */
gboolean duban_report_write_xlsx (const DubanReport  *report,
                                  const char         *path,
                                  GError            **error);

G_END_DECLS
