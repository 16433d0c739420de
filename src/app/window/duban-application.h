/* duban-application.h — the desk application: options, actions, windows */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DUBAN_TYPE_APPLICATION (duban_application_get_type ())
G_DECLARE_FINAL_TYPE (DubanApplication, duban_application, DUBAN, APPLICATION, AdwApplication)

DubanApplication *duban_application_new (void);

/* Whether the user interface language wants Simplified Chinese glyphs. */
gboolean          duban_ui_language_is_chinese (void);
/* Makes Han characters render with Simplified Chinese shapes when the UI
 * language is Chinese; no-op otherwise. Needs a display. */
void              duban_install_chinese_fonts  (void);

G_END_DECLS
