/* duban-unit-page.h — a page per unit (单位画像), for a unit meeting */
#pragma once

#include <adwaita.h>

#include "duban-session.h"
#include "duban-unit-report.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_UNIT_PAGE (duban_unit_page_get_type ())
G_DECLARE_FINAL_TYPE (DubanUnitPage, duban_unit_page, DUBAN, UNIT_PAGE, AdwWindow)

/* The page of @unit_code, read from the session's store on a worker
 * (duban_unit_report_build_from_store: only what the page shows): a
 * spinner until the first read is in, and after each reload the old
 * content until the new is in. A window GTK holds until it is destroyed
 * (as gtk_window_new()'s); NULL with an error when no stored ticket was
 * ever the unit's. */
DubanUnitPage         *duban_unit_page_new        (DubanSession   *session,
                                                   const char     *unit_code,
                                                   GError        **error);
/* NULL until the first read is in. */
const DubanUnitReport *duban_unit_page_get_report (DubanUnitPage  *self);
/* Whether a read is under way. */
gboolean               duban_unit_page_get_loading (DubanUnitPage *self);
/* What the export buttons do once a file is chosen: writes, audits. */
gboolean               duban_unit_page_export     (DubanUnitPage  *self,
                                                   const char     *path,
                                                   GError        **error);

G_END_DECLS
