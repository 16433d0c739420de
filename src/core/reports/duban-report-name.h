/* duban-report-name.h — the file name a report is saved under
 *
 * A clerk files the month's bulletin as 考评通报-2026年11月.pdf, not as the
 * document's whole title with two ISO dates: what it is and when, in the
 * words the office uses, so that a folder of them sorts and reads.
 */
#pragma once

#include "duban-report.h"

G_BEGIN_DECLS

/* "考评通报-2026年11月.pdf"; @extension without its dot. Never holds a
 * path separator. */
char *duban_report_file_name (const DubanReport *report,
                              const char        *extension);

G_END_DECLS
