/* duban-unit-page.h — a page per unit (单位画像), for a unit meeting */
#pragma once

#include <adwaita.h>

#include "duban-session.h"
#include "duban-unit-report.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_UNIT_PAGE (duban_unit_page_get_type ())
G_DECLARE_FINAL_TYPE (DubanUnitPage, duban_unit_page, DUBAN, UNIT_PAGE, AdwWindow)

/* The page of @unit_code from @desk's tickets and states (every ticket:
 * duban_session_load_span_async() with no span, for the unit's orders
 * and repeats of any age), a window GTK holds until it is destroyed (as
 * gtk_window_new()'s); NULL with an error when the desk knows no ticket
 * of that unit. */
DubanUnitPage         *duban_unit_page_new        (DubanSession   *session,
                                                   DubanDesk      *desk,
                                                   const char     *unit_code,
                                                   GError        **error);
const DubanUnitReport *duban_unit_page_get_report (DubanUnitPage  *self);
/* What the export buttons do once a file is chosen: writes, audits. */
gboolean               duban_unit_page_export     (DubanUnitPage  *self,
                                                   const char     *path,
                                                   GError        **error);

G_END_DECLS
