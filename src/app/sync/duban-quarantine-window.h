/* duban-quarantine-window.h — the records the platform sent broken
 *
 * Each quarantined record with its reason, when it came, and its raw JSON
 * (the petitioner's name and phone masked, as everywhere); exported to a
 * private file on request, and the export audited.
 */
#pragma once

#include <adwaita.h>
#include "duban-session.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_QUARANTINE_WINDOW (duban_quarantine_window_get_type ())
G_DECLARE_FINAL_TYPE (DubanQuarantineWindow, duban_quarantine_window, DUBAN, QUARANTINE_WINDOW, AdwWindow)

DubanQuarantineWindow *duban_quarantine_window_new    (GtkWindow             *parent,
                                                       DubanSession          *session);
/* Writes every record as a JSON array to @path (created 0600) and audits
 * the export. The window's Export button calls it; so can tests. */
gboolean               duban_quarantine_window_export (DubanQuarantineWindow *self,
                                                       const char            *path,
                                                       GError               **error);

G_END_DECLS
