/* The words of the documents and of the desk's records, in Chinese (issue
 * 14 §2): a quarantine reason and an audit detail are stored as stable
 * English codes and said in the user's language, the field's name and
 * the values kept; unknown text passes through; the bulletin's footnotes
 * name no raw field (received_at). */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "duban-audit.h"
#include "duban-document-language.h"
#include "duban-report.h"
#include "duban-ticket-reason.h"

static gboolean
bind_translations (void)
{
  if (g_getenv ("DUBAN_TEST_LOCALEDIR") == NULL)
    {
      g_test_skip ("needs the built translations");
      return FALSE;
    }
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("DUBAN_TEST_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  return TRUE;
}

static void
assert_said (char       *said,
             const char *expected)
{
  g_assert_cmpstr (said, ==, expected);
  g_free (said);
}

static void
test_reasons (void)
{
  g_autoptr(DubanDocumentLanguage) language = NULL;

  if (!bind_translations ())
    return;
  language = duban_document_language_begin ("zh_CN");

  assert_said (duban_ticket_reason_to_display ("missing required field 'title'"), "缺少必填字段“title”");
  assert_said (duban_ticket_reason_to_display ("unknown value 'soon' for field 'urgency'"),
               "字段“urgency”的取值“soon”无法识别");
  assert_said (duban_ticket_reason_to_display ("field 'location.lat' is outside [-90, 90]: 91"),
               "字段“location.lat”超出 [-90, 90]：91");
  assert_said (duban_ticket_reason_to_display ("field 'received_at' is in the future: 2027-01-01T00:00:00+08:00"),
               "字段“received_at”晚于当前时间：2027-01-01T00:00:00+08:00");
  /* not a form the desk writes: as it came */
  assert_said (duban_ticket_reason_to_display ("certificate not trusted"), "certificate not trusted");
}

static void
test_audit_details (void)
{
  g_autoptr(DubanDocumentLanguage) language = NULL;

  if (!bind_translations ())
    return;
  language = duban_document_language_begin ("zh_CN");

  assert_said (duban_audit_detail_to_display (DUBAN_AUDIT_ORDER, "yellow f6b60baa-1c2d"), "黄牌，督办单 f6b60baa-1c2d");
  assert_said (duban_audit_detail_to_display (DUBAN_AUDIT_EXPORT, "3 order sheets to /tmp/a.pdf"),
               "3 份督办单已导出至 /tmp/a.pdf");
  assert_said (duban_audit_detail_to_display (DUBAN_AUDIT_EXPORT, "2 order sheets printed"), "已打印 2 份督办单");
  assert_said (duban_audit_detail_to_display (DUBAN_AUDIT_DOCUMENT,
                                              "bulletin 金社治督〔2026〕1号 bulletin/county/2026-11-01/2026-11-30"),
               "考评通报编号 金社治督〔2026〕1号（bulletin/county/2026-11-01/2026-11-30）");
  /* a note's text, a reason typed by a person: as written */
  assert_said (duban_audit_detail_to_display (DUBAN_AUDIT_NOTE, "已电话督促"), "已电话督促");
  assert_said (duban_audit_detail_to_display (DUBAN_AUDIT_ORDER, "purple x"), "purple x");
  g_assert_cmpstr (duban_audit_action_to_display (DUBAN_AUDIT_DOCUMENT), ==, "公文编号");
}

static void
test_footnotes (void)
{
  g_autoptr(DubanDocumentLanguage) language = NULL;
  g_autoptr(GRegex) field = g_regex_new ("[a-z]+_[a-z_]+", 0, 0, NULL);

  if (!bind_translations ())
    return;
  language = duban_document_language_begin ("zh_CN");

  for (DubanReportKind kind = DUBAN_REPORT_BULLETIN; kind <= DUBAN_REPORT_SUPERVISION; kind++)
    {
      const char * const *definitions = duban_report_definitions (kind);

      for (guint i = 0; definitions[i] != NULL; i++)
        if (g_regex_match (field, definitions[i], 0, NULL))
          g_error ("a footnote names a raw field: %s", definitions[i]);
    }
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/document-text/reasons", test_reasons);
  g_test_add_func ("/document-text/audit-details", test_audit_details);
  g_test_add_func ("/document-text/footnotes", test_footnotes);

  return g_test_run ();
}
