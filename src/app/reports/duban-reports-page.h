/* duban-reports-page.h — the report builder: bulletins for leadership, with a live preview */
#pragma once

#include <adwaita.h>

#include "duban-report.h"
#include "duban-session.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_REPORTS_PAGE (duban_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (DubanReportsPage, duban_reports_page, DUBAN, REPORTS_PAGE, AdwBin)

DubanSession *duban_reports_page_get_session (DubanReportsPage *self);
void          duban_reports_page_set_session (DubanReportsPage *self,
                                            DubanSession   *session);

/* For tests. */
const DubanReport *duban_reports_page_get_report (DubanReportsPage  *self);
void               duban_reports_page_choose     (DubanReportsPage  *self,
                                                  DubanReportKind    kind,
                                                  DubanDay           first,
                                                  DubanDay           last,
                                                  const char        *scope);

G_END_DECLS
