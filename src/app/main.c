/* main.c — the desk's entry point */
#define G_LOG_DOMAIN "duban"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "duban-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DubanApplication) app = NULL;
  const char *localedir;

  setlocale (LC_ALL, "");

  /* The demo runs from the build dir, whose compiled catalogue is not
   * under the install prefix's locale dir. */
  localedir = g_getenv ("DUBAN_LOCALEDIR");
  if (localedir == NULL || localedir[0] == '\0')
    localedir = LOCALEDIR;
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Duban"));

  app = duban_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
