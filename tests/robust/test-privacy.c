/* Personal data leaves the store masked (issue 11, §2): the mask rules
 * by characters, the quarantine's raw records whatever their shape, and
 * duban-ctl's output — in the clear only through --reveal --reason,
 * which writes an audit row. */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "duban-audit.h"
#include "duban-privacy.h"
#include "duban-store.h"
#include "duban-ticket.h"

static char *tmpdir;

/* ---- names and phones ------------------------------------------------- */

static void
assert_masked (const char *in,
               const char *expected)
{
  g_autofree char *out = duban_mask_phone (in);

  g_assert_true (g_utf8_validate (out, -1, NULL));
  g_assert_cmpstr (out, ==, expected);
}

static void
test_phone_full_width (void)
{
  /* bytewise, the first three bytes are one full-width digit and the
   * last four a digit and a third */
  assert_masked ("１３９１２３４５６７８", "１３９****５６７８");
}

static void
test_phone_followed_by_text (void)
{
  assert_masked ("13800138000转分机", "138****8000***");
  assert_masked ("张三13800138000", "**138****8000");
  assert_masked ("138 0013 8000", "138 **** 8000");
}

static void
test_phone_short (void)
{
  /* seven digits kept as three and four would be the whole number */
  assert_masked ("8888123", "*****23");
  assert_masked ("0537-8888", "****-**88");
  assert_masked ("12", "**");
  assert_masked ("1", "*");
  assert_masked ("", "");
  assert_masked ("（0537）8888", "（****）**88");
}

static void
test_name_by_characters (void)
{
  g_autofree char *a = duban_mask_name ("端木赐");
  g_autofree char *b = duban_mask_name ("Zhang Wei");
  g_autofree char *c = duban_mask_name ("\xe5\xbc\xa0\xff");   /* 张 and a stray byte */

  g_assert_cmpstr (a, ==, "端**");
  g_assert_cmpstr (b, ==, "Z********");
  g_assert_true (g_utf8_validate (c, -1, NULL));
  g_assert_true (g_str_has_prefix (c, "张"));
}

static void
test_petitioner_plain_string (void)
{
  g_autofree char *a = duban_privacy_mask_petitioner ("端木赐 13600136000");
  g_autofree char *b = duban_privacy_mask_petitioner ("李四，电话：１３９１２３４５６７８");
  g_autofree char *c = duban_privacy_mask_petitioner ("");

  g_assert_cmpstr (a, ==, "端** 136****6000");
  g_assert_cmpstr (b, ==, "李*，电*：１３９****５６７８");
  g_assert_cmpstr (c, ==, "");
}

static void
test_free_text (void)
{
  const char *known[] = { "88881234", NULL };
  g_autofree char *a = duban_privacy_mask_text ("请回电13800138000，谢谢", NULL);
  g_autofree char *b = duban_privacy_mask_text ("2026-10-09 网格370828001001001 JX-20261009-0001 3号楼", NULL);
  g_autofree char *c = duban_privacy_mask_text ("座机0537-88881234或138 0013 8000", NULL);
  g_autofree char *d = duban_privacy_mask_text ("打88881234找我", known);
  g_autofree char *e = duban_privacy_mask_text ("电话１３９１２３４５６７８", NULL);

  g_assert_cmpstr (a, ==, "请回电138****8000，谢谢");
  /* dates, grid codes, ticket numbers and short numbers read as they are */
  g_assert_cmpstr (b, ==, "2026-10-09 网格370828001001001 JX-20261009-0001 3号楼");
  g_assert_cmpstr (c, ==, "座机053*-****1234或138 **** 8000");
  g_assert_cmpstr (d, ==, "打******34找我");
  g_assert_cmpstr (e, ==, "电话１３９****５６７８");
}

/* ---- the raw record ----------------------------------------------------- */

static void
assert_absent (const char *text,
               const char *needle)
{
  if (strstr (text, needle) != NULL)
    g_error ("'%s' left in the clear: %s", needle, text);
}

static void
test_raw_object (void)
{
  const char *raw = "{\"id\":\"JX-1\",\"title\":\"漏水，电话13900139000\","
                    "\"petitioner\":{\"name\":\"张伟\",\"phone\":\"13812345678\"},"
                    "\"lat\":35.10, \"n\":1e2}";
  g_autofree char *out = duban_privacy_mask_raw (raw);

  g_assert_cmpstr (out, ==, "{\"id\":\"JX-1\",\"title\":\"漏水，电话139****9000\","
                            "\"petitioner\":{\"name\":\"张*\",\"phone\":\"138****5678\"},"
                            "\"lat\":35.10, \"n\":1e2}");
}

static void
test_raw_plain_string (void)
{
  g_autofree char *out = duban_privacy_mask_raw ("{\"id\":\"JX-2\",\"petitioner\":\"端木赐 13600136000\"}");

  g_assert_cmpstr (out, ==, "{\"id\":\"JX-2\",\"petitioner\":\"端** 136****6000\"}");
}

static void
test_raw_duplicate_keys (void)
{
  /* the bytes as received: both names, in their order, the number as written */
  g_autofree char *out = duban_privacy_mask_raw ("{\"petitioner\":{\"name\":\"张伟\",\"name\":\"李四\"},"
                                                 "\"petitioner\":{\"phone\":\"13812345678\"},\"x\":1.50}");

  g_assert_cmpstr (out, ==, "{\"petitioner\":{\"name\":\"张*\",\"name\":\"李*\"},"
                            "\"petitioner\":{\"phone\":\"138****5678\"},\"x\":1.50}");
}

static void
test_raw_escaped_and_typed (void)
{
  g_autofree char *a = duban_privacy_mask_raw ("{\"petitioner\":{\"name\":\"\\u5f20\\u4f1f\",\"phone\":13812345678}}");
  g_autofree char *b = duban_privacy_mask_raw ("{\"petitioner\":{\"name\":[\"张伟\",{\"alias\":\"小张\"}],"
                                               "\"contact\":{\"tel\":\"0537-8888123\"}}}");
  g_autofree char *c = duban_privacy_mask_raw ("[{\"petitioner\":{\"name\":\"王五\"}}]");

  g_assert_cmpstr (a, ==, "{\"petitioner\":{\"name\":\"张*\",\"phone\":\"138****5678\"}}");
  assert_absent (b, "张伟");
  assert_absent (b, "小张");
  assert_absent (b, "8888123");
  g_assert_cmpstr (c, ==, "[{\"petitioner\":{\"name\":\"王*\"}}]");
}

static void
test_raw_phone_elsewhere (void)
{
  /* the petitioner's own landline, named before the petitioner is */
  g_autofree char *out = duban_privacy_mask_raw ("{\"description\":\"请拨88881234联系\",\"address\":\"某路13800138000号\","
                                                 "\"petitioner\":{\"phone\":\"88881234\"}}");

  g_assert_cmpstr (out, ==, "{\"description\":\"请拨******34联系\",\"address\":\"某路138****8000号\","
                            "\"petitioner\":{\"phone\":\"******34\"}}");
}

static void
test_raw_broken (void)
{
  g_autofree char *a = duban_privacy_mask_raw ("{\"id\":\"JX-4\",\"petitioner\":{\"name\":\"张伟");
  g_autofree char *b = duban_privacy_mask_raw ("{\"id\":\"JX-5\",\"title\":\"电话13812345678");
  g_autofree char *c = duban_privacy_mask_raw ("<html>call 13812345678</html>");
  g_autofree char *d = duban_privacy_mask_raw ("{\"petitioner\":{\"name\":\"\xe5\xbc\xa0\xff\xe4\xbc\x9f\"}}");
  g_autofree char *e = duban_privacy_mask_raw ("");
  g_autoptr(GString) deep = g_string_new ("{\"petitioner\":");

  assert_absent (a, "张伟");
  g_assert_true (g_str_has_prefix (a, "{\"id\":\"JX-4\","));
  assert_absent (b, "13812345678");
  assert_absent (c, "13812345678");
  assert_absent (d, "伟");
  g_assert_true (g_utf8_validate (d, -1, NULL));
  {
    /* a stray byte outside the personal data: shown as U+FFFD, the rest kept */
    g_autofree char *out = duban_privacy_mask_raw ("{\"title\":\"\xff坏\",\"petitioner\":{\"name\":\"张伟\"}}");

    g_assert_cmpstr (out, ==, "{\"title\":\"\xef\xbf\xbd坏\",\"petitioner\":{\"name\":\"张*\"}}");
  }
  g_assert_cmpstr (e, ==, "");

  /* too deep to follow: still masked, and no stack overflow */
  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  g_string_append (deep, "\"端木赐 13600136000\"");
  {
    g_autofree char *out = duban_privacy_mask_raw (deep->str);

    assert_absent (out, "13600136000");
    assert_absent (out, "木赐");
  }
}

/* ---- duban-ctl ---------------------------------------------------------- */

static char *
make_store (const char *name)
{
  char *db = g_build_filename (tmpdir, name, NULL);
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  DubanTime at = duban_time_now ();

  store = duban_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (duban_store_add_quarantine (store, "JX-Q1", "field 'status' must be a string",
                                             "{\"id\":\"JX-Q1\",\"status\":1,"
                                             "\"petitioner\":{\"name\":\"张伟\",\"phone\":\"13812345678\"}}",
                                             at, &error));
  g_assert_no_error (error);
  g_assert_true (duban_store_add_quarantine (store, "JX-Q2", "field 'petitioner' must be an object",
                                             "{\"id\":\"JX-Q2\",\"petitioner\":\"端木赐 13600136000\"}",
                                             at, &error));
  g_assert_no_error (error);
  return db;
}

static char *
run_ctl (const char  *db,
         int          expected_status,
         const char  *first,
         ...) G_GNUC_NULL_TERMINATED;

static char *
run_ctl (const char  *db,
         int          expected_status,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("DUBAN_CTL"));
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, (char *) db);
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (proc) != expected_status)
    g_error ("duban-ctl %s: exit %d, expected %d; stderr: %s", first,
             g_subprocess_get_exit_status (proc), expected_status, err);

  return out;
}

static guint
count_reveals (const char *db)
{
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  store = duban_store_open (db, &error);
  g_assert_no_error (error);
  entries = duban_audit_list (store, NULL, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      const DubanAuditEntry *entry = g_ptr_array_index (entries, i);

      if (g_str_equal (entry->action, DUBAN_AUDIT_REVEAL))
        {
          g_assert_nonnull (strstr (entry->detail, "核实来电"));
          n++;
        }
    }
  return n;
}

static void
test_ctl_quarantine_masked (void)
{
  g_autofree char *db = make_store ("masked.db");
  g_autofree char *json = run_ctl (db, 0, "quarantine", "--format", "json", NULL);
  g_autofree char *table = run_ctl (db, 0, "quarantine", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *records;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  records = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (records), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const char *raw = json_object_get_string_member (json_array_get_object_element (records, i), "raw");

      assert_absent (raw, "张伟");
      assert_absent (raw, "13812345678");
      assert_absent (raw, "木赐");
      assert_absent (raw, "13600136000");
    }
  g_assert_nonnull (strstr (json, "138****5678"));
  g_assert_nonnull (strstr (json, "端** 136****6000"));
  assert_absent (table, "张伟");
  g_assert_cmpuint (count_reveals (db), ==, 0);
}

static void
test_ctl_reveal_needs_reason (void)
{
  g_autofree char *db = make_store ("no-reason.db");
  g_autofree char *a = run_ctl (db, 2, "quarantine", "--format", "json", "--reveal", NULL);
  g_autofree char *b = run_ctl (db, 2, "quarantine", "--format", "json", "--reveal", "--reason", "  ", NULL);
  g_autofree char *c = run_ctl (db, 2, "quarantine", "--format", "json", "--reason", "核实来电", NULL);

  g_assert_cmpstr (a, ==, "");
  g_assert_cmpstr (b, ==, "");
  g_assert_cmpstr (c, ==, "");
  g_assert_cmpuint (count_reveals (db), ==, 0);
}

static void
test_ctl_reveal_audited (void)
{
  g_autofree char *db = make_store ("reveal.db");
  g_autofree char *json = run_ctl (db, 0, "quarantine", "--format", "json",
                                   "--reveal", "--reason", "核实来电", NULL);

  g_assert_nonnull (strstr (json, "张伟"));
  g_assert_nonnull (strstr (json, "13812345678"));
  g_assert_nonnull (strstr (json, "端木赐 13600136000"));
  g_assert_cmpuint (count_reveals (db), ==, 1);
}

static void
test_ctl_overdue_title (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "overdue.db", NULL);
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanTicket) ticket = duban_ticket_new ();

  store = duban_store_open (db, &error);
  g_assert_no_error (error);
  ticket->id = g_strdup ("JX-O1");
  ticket->title = g_strdup ("噪音扰民，回电13812345678");
  ticket->kind = DUBAN_KIND_COMPLAINT;
  ticket->category = g_strdup ("环境");
  ticket->urgency = DUBAN_URGENCY_NORMAL;
  ticket->status = DUBAN_STATUS_IN_PROGRESS;
  ticket->unit_code = g_strdup ("U1");
  ticket->unit_name = g_strdup ("县环保局");
  ticket->petitioner_phone = g_strdup ("13812345678");
  g_assert_true (duban_time_parse_rfc3339 ("2026-09-08T09:00:00+08:00", &ticket->received_at, NULL));
  ticket->dispatched_at = ticket->received_at;
  ticket->updated_at = ticket->received_at;
  g_assert_true (duban_store_upsert_ticket (store, ticket, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 3; i++)
    {
      const char *format = (const char *[]) { "table", "csv", "json" }[i];
      g_autofree char *out = run_ctl (db, 0, "overdue", "--at", "2026-09-20T12:00:00+08:00",
                                      "--format", format, NULL);

      g_assert_nonnull (strstr (out, "JX-O1"));
      assert_absent (out, "13812345678");
      g_assert_nonnull (strstr (out, "138****5678"));
    }
}

static void
test_audit_export (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "audit.db", NULL);
  g_autofree char *path = g_build_filename (tmpdir, "audit.csv", NULL);
  g_autofree char *csv = NULL;
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = duban_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (duban_audit_add_note (store, "JX-A1", "已回电13812345678，诉求人满意", &error));
  g_assert_no_error (error);
  g_assert_true (duban_audit_export_csv (store, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));

  assert_absent (csv, "13812345678");
  g_assert_nonnull (strstr (csv, "已回电138****5678，诉求人满意"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("duban-privacy-XXXXXX", NULL);

  g_test_add_func ("/privacy/phone/full-width", test_phone_full_width);
  g_test_add_func ("/privacy/phone/followed-by-text", test_phone_followed_by_text);
  g_test_add_func ("/privacy/phone/short", test_phone_short);
  g_test_add_func ("/privacy/name/by-characters", test_name_by_characters);
  g_test_add_func ("/privacy/petitioner/plain-string", test_petitioner_plain_string);
  g_test_add_func ("/privacy/text/phones-only", test_free_text);
  g_test_add_func ("/privacy/raw/object", test_raw_object);
  g_test_add_func ("/privacy/raw/plain-string", test_raw_plain_string);
  g_test_add_func ("/privacy/raw/duplicate-keys", test_raw_duplicate_keys);
  g_test_add_func ("/privacy/raw/escaped-and-typed", test_raw_escaped_and_typed);
  g_test_add_func ("/privacy/raw/phone-elsewhere", test_raw_phone_elsewhere);
  g_test_add_func ("/privacy/raw/broken", test_raw_broken);
  g_test_add_func ("/privacy/audit/export", test_audit_export);
  g_test_add_func ("/privacy/ctl/quarantine-masked", test_ctl_quarantine_masked);
  g_test_add_func ("/privacy/ctl/reveal-needs-reason", test_ctl_reveal_needs_reason);
  g_test_add_func ("/privacy/ctl/reveal-audited", test_ctl_reveal_audited);
  g_test_add_func ("/privacy/ctl/overdue-title", test_ctl_overdue_title);

  status = g_test_run ();
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmpdir);
    (void) !system (command);
  }
  return status;
}
