/* duban-report-csv.h — a report as CSV, for a spreadsheet or a script
 *
 * A report has several tables and a CSV file holds one grid, so the file
 * carries them one after another: a line "# SECTION" (figures, units,
 * towns, accountability …), the table with its header row, then an empty
 * line. Rates are fractions with six decimals, as `duban-ctl figures
 * --format csv` prints them; "no data" is an empty cell.
 */
#pragma once

#include "duban-report.h"

G_BEGIN_DECLS

typedef enum {
  /* for people, the default: a UTF-8 byte order mark, section and
   * column names in the document's language, civil times, states and
   * levels as the desk shows them */
  DUBAN_REPORT_CSV_NAMES,
  /* for scripts: the stable keys (figures, units …; rank, key, name …),
   * RFC 3339 times, wire values, no byte order mark */
  DUBAN_REPORT_CSV_KEYS,
} DubanReportCsvHeaders;

char     *duban_report_to_csv     (const DubanReport      *report,
                                   DubanReportCsvHeaders   headers);
/* Writes atomically, owner-only (0600). */
gboolean  duban_report_write_csv  (const DubanReport      *report,
                                   DubanReportCsvHeaders   headers,
                                   const char             *path,
                                   GError                **error);

G_END_DECLS
