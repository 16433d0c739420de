/* duban-ctl-report.c — writing the documents leaders read
 *
 * `report`: the bulletin or the supervision report as PDF, XLSX or CSV, in
 * the document's language whatever the terminal's locale.
 */

#define G_LOG_DOMAIN "duban-ctl-report"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "duban-ctl-private.h"
#include "duban-document-language.h"
#include "duban-report-csv.h"
#include "duban-report-pdf.h"
#include "duban-report-xlsx.h"
#include "duban-store-scope.h"

/* ---- report ------------------------------------------------------------- */

int
command_report (const Globals *globals,
                int            argc,
                char         **argv)
{
  g_autofree char *kind_text = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *scope_text = NULL;
  g_autofree char *at_text = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *lang_text = NULL;
  gboolean csv_keys = FALSE;
  GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, N_("bulletin or supervision"), "KIND" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("First day of the period"), "DATE" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Last day of the period"), "DATE" },
    { "scope", 0, 0, G_OPTION_ARG_STRING, &scope_text, N_("county, town:CODE or unit:CODE"), "SCOPE" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("As known at this moment (default: now)"), "TIME" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, N_("The file to write: .pdf, .xlsx or .csv"), "FILE" },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang_text, N_("The document's language: zh_CN (the default, whatever the locale) or en"), "LANG" },
    { "csv-keys", 0, 0, G_OPTION_ARG_NONE, &csv_keys, N_("CSV for scripts: stable keys, RFC 3339 times, no byte order mark"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- write a bulletin or a supervision summary");
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanReport) report = NULL;
  g_autoptr(DubanDesk) desk = NULL;
  g_autofree char *scope_code = NULL;
  DubanReportSources sources = { 0 };
  DubanDeskScope desk_scope;
  gboolean scoped;
  g_auto(DubanDocumentSettings) documents = { 0 };
  DubanReportKind kind;
  DubanScopeKind scope;
  DubanDay first, last;
  DubanTime at;
  gboolean written;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = ctl_parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    return ctl_usage_error (context, "unexpected argument");
  if (kind_text == NULL || !duban_report_kind_from_wire (kind_text, &kind))
    return ctl_usage_error (context, "--kind must be bulletin or supervision");
  if (from_text == NULL || to_text == NULL)
    return ctl_usage_error (context, "--from and --to are required");
  if (!duban_day_parse (from_text, &first, &error) || !duban_day_parse (to_text, &last, &error))
    return ctl_usage_error (context, error->message);
  if (last < first)
    return ctl_usage_error (context, "--to is before --from");
  if (!duban_report_scope_parse (scope_text, &scope, &scope_code, &error))
    return ctl_usage_error (context, error->message);
  if (!ctl_parse_moment (at_text, &at, &error))
    return ctl_usage_error (context, error->message);
  if (out_path == NULL ||
      !(g_str_has_suffix (out_path, ".pdf") || g_str_has_suffix (out_path, ".xlsx") ||
        g_str_has_suffix (out_path, ".csv")))
    return ctl_usage_error (context, "--out must name a .pdf, .xlsx or .csv file");
  if (lang_text != NULL && !duban_document_language_is_known (lang_text))
    return ctl_usage_error (context, "--lang must be zh_CN or en");

  /* only the tickets the report reads, and for a 研判 section the
   * history, lean but where it reads words */
  scoped = duban_report_desk_scope (kind, scope, first, last, &desk_scope);
  if (!(desk = ctl_load_desk (globals, DUBAN_DESK_TICKETS | DUBAN_DESK_ORDERS | DUBAN_DESK_REGIONS |
                                       DUBAN_DESK_REPEAT_DECISIONS,
                              scoped ? &desk_scope : NULL, at, &error)))
    return ctl_failed ("%s", error->message);

  /* the issuer and the number scheme the desk's Preferences set */
  if (!duban_document_settings_load (duban_desk_get_store (desk), &documents, &error))
    return ctl_failed ("%s", error->message);

  sources.tickets = duban_desk_get_tickets (desk);
  sources.policy = duban_desk_get_policy (desk);
  sources.calendar = duban_desk_get_calendar (desk);
  sources.name_lookup = duban_desk_dup_name_cb;
  sources.name_data = desk;
  sources.orders = duban_desk_get_orders (desk);
  sources.regions = duban_desk_get_regions (desk);
  sources.repeat_decisions = duban_desk_get_repeat_decisions (desk);
  /* the 研判 weighs every stored ticket, read one at a time */
  sources.store = duban_desk_get_store (desk);
  sources.documents = &documents;
  /* the document in its language, whatever this process's locale */
  {
    g_autoptr(DubanDocumentLanguage) document_language = duban_document_language_begin (lang_text);

    report = duban_report_build (&sources, kind, scope, scope_code, first, last, at, &error);
    /* issued: numbered from the store's sequence, or the number the same
     * document was given before */
    if (report == NULL || !duban_report_take_number (report, duban_desk_get_store (desk), &documents, &error))
      written = FALSE;
    else if (g_str_has_suffix (out_path, ".pdf"))
      written = duban_report_write_pdf (report, out_path, &error);
    else if (g_str_has_suffix (out_path, ".xlsx"))
      written = duban_report_write_xlsx (report, out_path, &error);
    else
      written = duban_report_write_csv (report, csv_keys ? DUBAN_REPORT_CSV_KEYS : DUBAN_REPORT_CSV_NAMES,
                                        out_path, &error);
  }
  if (!written)
    return ctl_failed ("%s", error->message);

  {
    g_autofree char *detail = g_strdup_printf ("%s %s %s..%s %s %s", duban_report_kind_to_wire (kind),
                                               scope_text ? scope_text : "county", from_text, to_text,
                                               report->document_number, out_path);
    if (!duban_store_audit (duban_desk_get_store (desk), "report-export", NULL, detail, &error))
      return ctl_failed ("%s", error->message);
  }

  ctl_warn_fallback_years (duban_desk_get_calendar (desk));
  return 0;
}

/* ---- documents ------------------------------------------------------------ */

/* Shows the issuer's settings, or sets those given: the same settings as
 * the desk's Preferences, kept in the store, audited. */
int
command_documents (const Globals *globals,
                   int            argc,
                   char         **argv)
{
  char *given[7] = { NULL };
  GOptionEntry entries[] = {
    { "issuer", 0, 0, G_OPTION_ARG_STRING, &given[0], N_("Issuing body"), "NAME" },
    { "seal", 0, 0, G_OPTION_ARG_STRING, &given[1], N_("Text of the seal"), "TEXT" },
    { "supervisor-name", 0, 0, G_OPTION_ARG_STRING, &given[2], N_("Supervisor's name"), "NAME" },
    { "supervisor-title", 0, 0, G_OPTION_ARG_STRING, &given[3], N_("Supervisor's title"), "TITLE" },
    { "prefix-order-sheet", 0, 0, G_OPTION_ARG_STRING, &given[4], N_("Number prefix of supervision orders"), "PREFIX" },
    { "prefix-bulletin", 0, 0, G_OPTION_ARG_STRING, &given[5], N_("Number prefix of accountability bulletins"), "PREFIX" },
    { "prefix-supervision", 0, 0, G_OPTION_ARG_STRING, &given[6], N_("Number prefix of supervision summaries"), "PREFIX" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- show or set who issues the documents and their numbers");
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = NULL;
  g_auto(DubanDocumentSettings) settings = { 0 };
  char **fields[7];
  static const char *keys[7] = { "issuer", "seal", "supervisor_name", "supervisor_title",
                                 "prefix.order_sheet", "prefix.bulletin", "prefix.supervision" };
  gboolean changed = FALSE;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  status = ctl_parse_options (context, &argc, &argv);
  if (status < 0 && argc > 1)
    status = ctl_usage_error (context, "unexpected argument");
  if (status < 0 && !(store = ctl_open_store (globals, &error)))
    status = ctl_failed ("%s", error->message);
  if (status < 0 && !duban_document_settings_load (store, &settings, &error))
    status = ctl_failed ("%s", error->message);

  if (status < 0)
    {
      fields[0] = &settings.issuer, fields[1] = &settings.seal;
      fields[2] = &settings.supervisor_name, fields[3] = &settings.supervisor_title;
      fields[4] = &settings.prefix[DUBAN_DOCUMENT_ORDER_SHEET];
      fields[5] = &settings.prefix[DUBAN_DOCUMENT_BULLETIN];
      fields[6] = &settings.prefix[DUBAN_DOCUMENT_SUPERVISION];
      for (guint i = 0; i < G_N_ELEMENTS (given); i++)
        if (given[i] != NULL)
          {
            g_free (*fields[i]);
            *fields[i] = g_strstrip (g_strdup (given[i]));
            changed = TRUE;
          }
      if (changed && !duban_document_settings_save (store, &settings, &error))
        status = ctl_failed ("%s", error->message);
      else
        {
          /* key and value, one a line: for people and for scripts */
          for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
            g_print ("%s\t%s\n", keys[i], *fields[i]);
          status = 0;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    g_free (given[i]);
  return status;
}
