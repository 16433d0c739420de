/* duban-judgement-page.h — the 研判 page: problems before they grow */
#pragma once

#include <adwaita.h>

#include "duban-judgement.h"
#include "duban-session.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_JUDGEMENT_PAGE (duban_judgement_page_get_type ())
G_DECLARE_FINAL_TYPE (DubanJudgementPage, duban_judgement_page, DUBAN, JUDGEMENT_PAGE, AdwBin)

DubanSession         *duban_judgement_page_get_session   (DubanJudgementPage *self);
void                  duban_judgement_page_set_session   (DubanJudgementPage *self,
                                                          DubanSession       *session);

/* For tests: the findings the page shows, or NULL while they are worked
 * out (::notify::judgement says when they change). */
const DubanJudgement *duban_judgement_page_get_judgement (DubanJudgementPage *self);

G_END_DECLS
