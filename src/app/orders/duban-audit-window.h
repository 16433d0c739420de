/* duban-audit-window.h — the audit log: every local action, who and when, and its export */
#pragma once

#include <adwaita.h>

#include "duban-session.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_AUDIT_WINDOW (duban_audit_window_get_type ())
G_DECLARE_FINAL_TYPE (DubanAuditWindow, duban_audit_window, DUBAN, AUDIT_WINDOW, AdwWindow)

GtkWidget  *duban_audit_window_new       (GtkWindow        *parent,
                                          DubanSession     *session);
void        duban_audit_window_reload    (DubanAuditWindow *self);
/* Element type DubanTextRow: time, user, action, ticket, detail. */
GListModel *duban_audit_window_get_model (DubanAuditWindow *self);

G_END_DECLS
