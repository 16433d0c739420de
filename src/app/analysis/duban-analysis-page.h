/* duban-analysis-page.h — the analysis page: cards and charts of the figures */
#pragma once

#include <adwaita.h>

#include "duban-report.h"
#include "duban-session.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_ANALYSIS_PAGE (duban_analysis_page_get_type ())
G_DECLARE_FINAL_TYPE (DubanAnalysisPage, duban_analysis_page, DUBAN, ANALYSIS_PAGE, AdwBin)

DubanSession *duban_analysis_page_get_session (DubanAnalysisPage *self);
void          duban_analysis_page_set_session (DubanAnalysisPage *self,
                                            DubanSession   *session);

/* For tests: the period's report the cards and charts show, or NULL. */
const DubanReport *duban_analysis_page_get_report (DubanAnalysisPage *self);

G_END_DECLS
