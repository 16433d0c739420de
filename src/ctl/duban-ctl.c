/* duban-ctl.c — the desk's engine without a window
 *
 * The command-line interface is a contract that scripts and tests outside
 * the project use: exit 0 on success, 1 with a one-line message on stderr
 * on failure, 2 on a usage error. Every rule comes from core/. Each
 * command family lives in its own duban-ctl-*.c; this file reads the
 * global options and dispatches.
 */

#define G_LOG_DOMAIN "duban-ctl"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "duban-ctl-private.h"

/* ---- main --------------------------------------------------------------- */

static const struct {
  const char  *name;
  CommandFunc  func;
  const char  *summary;
} commands[] = {
  { "deadline", command_deadline, "deadline --start TIME --urgency urgent|normal" },
  { "sync", command_sync, "sync --feed URL [--token-file FILE] [--open311]" },
  { "status", command_status, "status [--at TIME] [ID ...]" },
  { "overdue", command_overdue, "overdue [--at TIME] [--format table|csv|json]" },
  { "figures", command_figures, "figures --from DATE --to DATE [--by county|town|unit] [--at TIME] [--format table|csv|json]" },
  { "quarantine", command_quarantine, "quarantine [--format table|json]" },
  { "order", command_order, "order --ticket ID --level notice|yellow|red|bulletin --note TEXT --respond-by DATE [--issued-by NAME]" },
  { "outbox", command_outbox, "outbox [--format table|json]" },
  /* the same command, listed twice so each form has its usage line */
  { "outbox", command_outbox, "outbox --deliver --feed URL [--token-file FILE]" },
  { "report", command_report, "report --kind bulletin|supervision --from DATE --to DATE [--scope county|town:CODE|unit:CODE] [--at TIME] [--lang zh_CN|en] [--csv-keys] --out FILE.pdf|.xlsx|.csv" },
  { "documents", command_documents, "documents [--issuer NAME] [--seal TEXT] [--supervisor-name NAME] [--supervisor-title TITLE] [--prefix-order-sheet P] [--prefix-bulletin P] [--prefix-supervision P]" },
  { "hotspots", command_hotspots, "hotspots --from DATE --to DATE [--level grid|village|town] [--at TIME] [--format table|json]" },
  { "repeats", command_repeats, "repeats [--from DATE --to DATE] [--format table|json]" },
  { "risk", command_risk, "risk [--at TIME] [--format table|json]" },
  { "ladder", command_ladder, "ladder [--at TIME] [--format table|json]" },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "Usage:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  duban-ctl [--db PATH] %s\n", commands[i].summary);
}

int
main (int    argc,
      char **argv)
{
  Globals globals = { NULL };
  g_autofree char *db_path = NULL;
  const char *localedir;
  int i;

  setlocale (LC_ALL, "");
  localedir = g_getenv ("DUBAN_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Global options come before the command. */
  for (i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--db"))
        {
          if (i + 1 >= argc)
            {
              g_printerr ("duban-ctl: --db needs a path\n");
              return EXIT_USAGE;
            }
          g_free (db_path);
          db_path = g_strdup (argv[++i]);
        }
      else if (g_str_has_prefix (argv[i], "--db="))
        {
          g_free (db_path);
          db_path = g_strdup (argv[i] + strlen ("--db="));
        }
      else if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          print_usage (stdout);
          return 0;
        }
      else
        break;
    }
  globals.db_path = db_path;

  if (i >= argc)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    if (g_str_equal (argv[i], commands[c].name))
      {
        /* the command sees itself as argv[0] */
        g_autofree char **command_argv = g_new0 (char *, argc - i + 1);
        g_autofree char *program = g_strdup_printf ("duban-ctl %s", commands[c].name);

        command_argv[0] = program;
        for (int j = i + 1; j < argc; j++)
          command_argv[j - i] = argv[j];

        return commands[c].func (&globals, argc - i, command_argv);
      }

  g_printerr ("duban-ctl: unknown command '%s'\n", argv[i]);
  print_usage (stderr);
  return EXIT_USAGE;
}
