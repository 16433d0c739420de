/* duban-report-judgement.h — the bulletin's 研判 section
 *
 * A leader reading the county's bulletin should see what the 研判 page
 * shows a supervisor — the period's hotspots, the repeat complaints, the
 * tickets likely to be late, the candidate 每月一题 — in a few sentences,
 * from the same findings (analysis/duban-judgement.c).
 */
#pragma once

#include "duban-report.h"

G_BEGIN_DECLS

/* The section's paragraphs, in the document's language: char*, empty when
 * the report has no 研判 (a town's or unit's, or the supervision report). */
GPtrArray *duban_report_judgement_paragraphs (const DubanReport *report);

G_END_DECLS
