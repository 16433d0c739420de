/* test-report-name.c — the file a report is saved under says what and when
 *
 * 考评通报-2026年11月.pdf for a month, a day as a day, other spans by their
 * first and last days, in the document's language.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "duban-document-language.h"
#include "duban-report-name.h"

static char *
name_of (DubanReportKind  kind,
         const char      *first,
         const char      *last,
         const char      *extension)
{
  DubanReport report = { 0 };
  g_autoptr(GError) error = NULL;

  report.kind = kind;
  g_assert_true (duban_day_parse (first, &report.first, &error));
  g_assert_true (duban_day_parse (last, &report.last, &error));
  return duban_report_file_name (&report, extension);
}

static void
test_chinese (void)
{
  g_autoptr(DubanDocumentLanguage) language = NULL;
  struct {
    DubanReportKind kind;
    const char *first, *last, *extension, *expected;
  } cases[] = {
    { DUBAN_REPORT_BULLETIN, "2026-11-01", "2026-11-30", "pdf", "考评通报-2026年11月.pdf" },
    { DUBAN_REPORT_BULLETIN, "2026-02-01", "2026-02-28", "xlsx", "考评通报-2026年2月.xlsx" },
    { DUBAN_REPORT_SUPERVISION, "2026-11-03", "2026-11-03", "csv", "督办情况通报-2026年11月3日.csv" },
    /* a month and a day more is not a month */
    { DUBAN_REPORT_BULLETIN, "2026-11-01", "2026-12-01", "pdf", "考评通报-2026年11月1日至12月1日.pdf" },
    { DUBAN_REPORT_BULLETIN, "2026-11-02", "2026-11-30", "pdf", "考评通报-2026年11月2日至11月30日.pdf" },
    { DUBAN_REPORT_BULLETIN, "2026-12-28", "2027-01-03", "pdf", "考评通报-2026年12月28日至2027年1月3日.pdf" },
  };

  if (g_getenv ("DUBAN_TEST_LOCALEDIR") == NULL)
    {
      g_test_skip ("needs the built translations");
      return;
    }
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("DUBAN_TEST_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  language = duban_document_language_begin ("zh_CN");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = name_of (cases[i].kind, cases[i].first, cases[i].last, cases[i].extension);

      g_assert_cmpstr (name, ==, cases[i].expected);
    }
}

static void
test_english_and_no_path (void)
{
  g_autoptr(DubanDocumentLanguage) language = duban_document_language_begin ("en");
  g_autofree char *month = name_of (DUBAN_REPORT_BULLETIN, "2026-11-01", "2026-11-30", "pdf");
  g_autofree char *span = name_of (DUBAN_REPORT_SUPERVISION, "2026-11-02", "2026-11-08", "csv");

  g_assert_cmpstr (month, ==, "Accountability bulletin-2026-11.pdf");
  g_assert_cmpstr (span, ==, "Supervision summary-2026-11-02 to 11-08.csv");
  g_assert_null (strchr (month, '/'));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report-name/chinese", test_chinese);
  g_test_add_func ("/report-name/english-and-no-path", test_english_and_no_path);

  return g_test_run ();
}
