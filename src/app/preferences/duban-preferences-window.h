/* duban-preferences-window.h — the platform address, the token, sync and warning settings */
#pragma once

#include <adwaita.h>

#include "duban-session.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_PREFERENCES_WINDOW (duban_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (DubanPreferencesWindow, duban_preferences_window, DUBAN, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *duban_preferences_window_new (GtkWindow    *transient_for,
                                         DubanSession *session);

G_END_DECLS
