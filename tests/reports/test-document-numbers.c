/* Document numbers (issue 14 §1): taken from a sequence in the store
 * when a document is issued, shared by the kinds with one prefix, never
 * given twice — not after the settings change, not after the store is
 * opened again — kept by a document exported again, and each one in the
 * audit log; the issuer's settings round-trip through the store and
 * reach the document. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "duban-audit.h"
#include "duban-documents.h"
#include "duban-report.h"
#include "duban-report-pdf.h"
#include "duban-store-private.h"
#include "duban-test.h"

static char *
take (DubanStore                  *store,
      const DubanDocumentSettings *settings,
      DubanDocumentKind            kind,
      const char                  *key,
      int                          year)
{
  g_autoptr(GError) error = NULL;
  char *number = duban_document_number_take (store, settings, kind, key, year, &error);

  g_assert_no_error (error);
  g_assert_nonnull (number);
  return number;
}

static guint
count_audited (DubanStore *store)
{
  g_autoptr(GPtrArray) entries = duban_audit_list (store, NULL, 0, NULL);
  guint n = 0;

  for (guint i = 0; i < entries->len; i++)
    n += g_strcmp0 (((DubanAuditEntry *) g_ptr_array_index (entries, i))->action, DUBAN_AUDIT_DOCUMENT) == 0;
  return n;
}

static void
test_sequence (void)
{
  g_autofree char *dir = duban_test_make_dir ("numbers");
  g_autofree char *path = g_build_filename (dir, "d.db", NULL);
  g_autoptr(GError) error = NULL;
  DubanDocumentSettings settings;

  duban_document_settings_init (&settings);
  {
    g_autoptr(DubanStore) store = duban_store_open (path, &error);
    g_autofree char *nov = NULL, *summary = NULL, *again = NULL, *order = NULL, *order2 = NULL;

    g_assert_no_error (error);
    nov = take (store, &settings, DUBAN_DOCUMENT_BULLETIN, "bulletin/county/2026-11-01/2026-11-30", 2026);
    summary = take (store, &settings, DUBAN_DOCUMENT_SUPERVISION, "supervision/county/2026-11-01/2026-11-30", 2026);
    /* the same prefix: one sequence, two numbers (they were both 〔2026〕11号) */
    g_assert_cmpstr (nov, ==, "金社治督〔2026〕1号");
    g_assert_cmpstr (summary, ==, "金社治督〔2026〕2号");
    /* exported again, previewed again: the same number */
    again = take (store, &settings, DUBAN_DOCUMENT_BULLETIN, "bulletin/county/2026-11-01/2026-11-30", 2026);
    g_assert_cmpstr (again, ==, nov);
    /* an order sheet has its own prefix and sequence, not a UUID */
    order = take (store, &settings, DUBAN_DOCUMENT_ORDER_SHEET, "3f0c7d0e-order-one", 2026);
    order2 = take (store, &settings, DUBAN_DOCUMENT_ORDER_SHEET, "8a1b2c3d-order-two", 2026);
    g_assert_cmpstr (order, ==, "金督〔2026〕1号");
    g_assert_cmpstr (order2, ==, "金督〔2026〕2号");
    /* each number given once in the audit log, a re-export not again */
    g_assert_cmpuint (count_audited (store), ==, 4);
  }

  {
    g_autoptr(DubanStore) store = duban_store_open (path, &error);
    g_autofree char *renamed = NULL, *back = NULL, *old = NULL, *next_year = NULL, *looked_up = NULL;

    g_assert_no_error (error);
    /* opened again, the document keeps its number */
    looked_up = duban_document_number_lookup (store, DUBAN_DOCUMENT_BULLETIN, "bulletin/county/2026-11-01/2026-11-30", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (looked_up, ==, "金社治督〔2026〕1号");

    /* the prefix changed: a new sequence for new documents; the old
     * document keeps the number it was issued with */
    g_free (settings.prefix[DUBAN_DOCUMENT_BULLETIN]);
    settings.prefix[DUBAN_DOCUMENT_BULLETIN] = g_strdup ("金社督");
    renamed = take (store, &settings, DUBAN_DOCUMENT_BULLETIN, "bulletin/county/2026-12-01/2026-12-31", 2026);
    g_assert_cmpstr (renamed, ==, "金社督〔2026〕1号");
    old = take (store, &settings, DUBAN_DOCUMENT_BULLETIN, "bulletin/county/2026-11-01/2026-11-30", 2026);
    g_assert_cmpstr (old, ==, "金社治督〔2026〕1号");
    /* and back: the sequence goes on, 1 and 2 are never given again */
    g_free (settings.prefix[DUBAN_DOCUMENT_BULLETIN]);
    settings.prefix[DUBAN_DOCUMENT_BULLETIN] = g_strdup ("金社治督");
    back = take (store, &settings, DUBAN_DOCUMENT_BULLETIN, "bulletin/town:370828101/2026-11-01/2026-11-30", 2026);
    g_assert_cmpstr (back, ==, "金社治督〔2026〕3号");
    /* a new year starts at 1 */
    next_year = take (store, &settings, DUBAN_DOCUMENT_SUPERVISION, "supervision/county/2027-01-01/2027-01-31", 2027);
    g_assert_cmpstr (next_year, ==, "金社治督〔2027〕1号");
    g_assert_cmpuint (count_audited (store), ==, 7);
  }

  duban_document_settings_clear (&settings);
  duban_test_remove_dir (dir);
}

static void
test_settings_and_report (void)
{
  g_autofree char *dir = duban_test_make_dir ("numbers");
  g_autofree char *path = g_build_filename (dir, "d.db", NULL);
  g_autofree char *pdf = g_build_filename (dir, "b.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanStore) store = duban_store_open (path, &error);
  g_autoptr(GPtrArray) tickets = g_ptr_array_new ();
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(DubanReport) first = NULL;
  g_autoptr(DubanReport) again = NULL;
  g_autofree char *command = NULL, *text = NULL;
  DubanDocumentSettings settings, loaded;
  DubanReportSources sources = { 0 };
  DubanSlaPolicy policy;
  DubanDay day_1, day_30;
  DubanTime at;

  g_assert_no_error (error);
  duban_document_settings_init (&settings);
  g_free (settings.issuer);
  settings.issuer = g_strdup ("某某县民生诉求督办中心");
  g_free (settings.supervisor_name);
  settings.supervisor_name = g_strdup ("王晓明");
  g_assert_true (duban_document_settings_save (store, &settings, &error));
  g_assert_no_error (error);
  g_assert_true (duban_document_settings_load (store, &loaded, &error));
  g_assert_cmpstr (loaded.issuer, ==, "某某县民生诉求督办中心");
  g_assert_cmpstr (loaded.supervisor_name, ==, "王晓明");
  g_assert_cmpstr (loaded.prefix[DUBAN_DOCUMENT_ORDER_SHEET], ==, "金督");

  /* an empty prefix is refused and changes nothing */
  g_free (settings.prefix[DUBAN_DOCUMENT_BULLETIN]);
  settings.prefix[DUBAN_DOCUMENT_BULLETIN] = g_strdup ("  ");
  g_assert_false (duban_document_settings_save (store, &settings, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  duban_sla_policy_init_defaults (&policy);
  sources.tickets = tickets;
  sources.policy = &policy;
  sources.calendar = calendar;
  sources.documents = &loaded;
  g_assert_true (duban_day_parse ("2026-11-01", &day_1, NULL));
  g_assert_true (duban_day_parse ("2026-11-30", &day_30, NULL));
  g_assert_true (duban_time_parse_rfc3339 ("2026-12-01T12:00:00+08:00", &at, NULL));
  first = duban_report_build (&sources, DUBAN_REPORT_BULLETIN, DUBAN_SCOPE_COUNTY, NULL, day_1, day_30, at, &error);
  g_assert_no_error (error);
  g_assert_null (first->document_number);
  g_assert_true (duban_report_take_number (first, store, &loaded, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (first->document_number, ==, "金社治督〔2026〕1号");

  /* exported again a day later, after another sync: the same document */
  again = duban_report_build (&sources, DUBAN_REPORT_BULLETIN, DUBAN_SCOPE_COUNTY, NULL, day_1, day_30,
                              at + 24 * DUBAN_USEC_PER_HOUR, &error);
  g_assert_true (duban_report_take_number (again, store, &loaded, &error));
  g_assert_cmpstr (again->document_number, ==, first->document_number);

  /* the issuer and the number are on the page */
  g_assert_true (duban_report_write_pdf (again, pdf, &error));
  g_assert_no_error (error);
  command = g_strdup_printf ("pdftotext -enc UTF-8 '%s' -", pdf);
  g_assert_true (g_spawn_command_line_sync (command, &text, NULL, NULL, &error));
  g_assert_nonnull (strstr (text, "某某县民生诉求督办中心"));
  g_assert_nonnull (strstr (text, "金社治督〔2026〕1号"));

  duban_document_settings_clear (&settings);
  duban_document_settings_clear (&loaded);
  duban_test_remove_dir (dir);
}

/* A store of the previous schema, with a number-less order in it,
 * migrates: the settings read as the defaults and numbering starts at 1. */
static void
test_migration (void)
{
  g_autofree char *dir = duban_test_make_dir ("numbers");
  g_autofree char *path = g_build_filename (dir, "d.db", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(DubanDocumentSettings) settings = { 0 };
  g_autofree char *number = NULL;

  {
    /* 6: before the documents' tables (6 → 7) */
    g_autoptr(DubanStore) old = duban_store_open_at_version (path, 6, &error);

    g_assert_no_error (error);
    g_assert_cmpint (duban_store_get_schema_version (old), ==, 6);
    g_assert_true (duban_store_audit (old, DUBAN_AUDIT_NOTE, "JX1", "before the migration", &error));
  }
  {
    g_autoptr(DubanStore) store = duban_store_open (path, &error);

    g_assert_no_error (error);
    g_assert_cmpint (duban_store_get_schema_version (store), ==, DUBAN_STORE_SCHEMA_VERSION);
    g_assert_true (duban_document_settings_load (store, &settings, &error));
    g_assert_cmpstr (settings.issuer, ==, "金乡县社会治理服务中心督办中心");
    number = take (store, &settings, DUBAN_DOCUMENT_ORDER_SHEET, "an-old-order", 2026);
    g_assert_cmpstr (number, ==, "金督〔2026〕1号");
    /* the old log is still there, with the new entry */
    g_assert_cmpuint (count_audited (store), ==, 1);
  }
  duban_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/documents/sequence", test_sequence);
  g_test_add_func ("/documents/settings-and-report", test_settings_and_report);
  g_test_add_func ("/documents/migration", test_migration);

  return g_test_run ();
}
