/* duban-report-csv.h — a report as CSV, for scripts and other systems
 *
 * A report has several tables and a CSV file holds one grid, so the file
 * carries them one after another: a line "# KEY" (figures, units, towns,
 * accountability …), the table with its header of stable column keys,
 * then an empty line. Rates are fractions with six decimals, as
 * `duban-ctl figures --format csv` prints them; "no data" is an empty cell.
 */
#pragma once

#include "duban-report.h"

G_BEGIN_DECLS

char     *duban_report_to_csv     (const DubanReport  *report);
/* Writes atomically, owner-only (0600). */
gboolean  duban_report_write_csv  (const DubanReport  *report,
                                   const char         *path,
                                   GError            **error);

G_END_DECLS
