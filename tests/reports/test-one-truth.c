/* One truth: on the demo county (a duban-feed process, synced by
 * duban-ctl), every figure of the report equals `duban-ctl figures` and
 * duban_figures_compute() — in the model, in the CSV, the XLSX and the
 * PDF text that `duban-ctl report` writes. */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "duban-report.h"
#include "duban-store-reference.h"

#define AT    "2026-10-15T12:00:00+08:00"
#define FROM  "2026-09-01"
#define TO    "2026-09-30"

static char *tmpdir;
static char *db;
static GSubprocess *feed;
static char *feed_url;

static char *
run_ctl (const char *first,
         ...) G_GNUC_NULL_TERMINATED;

static char *
run_ctl (const char *first,
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
  g_ptr_array_add (argv, db);
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
  if (g_subprocess_get_exit_status (proc) != 0)
    g_error ("duban-ctl %s: exit %d: %s", first, g_subprocess_get_exit_status (proc), err);
  return out;
}

static char *
run (const char *command_line)
{
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  g_assert_true (g_spawn_command_line_sync (command_line, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The groups of `duban-ctl figures --format json`, by key. */
static GHashTable *
ctl_figures (const char *by,
             const char *from,
             const char *to)
{
  g_autofree char *out = run_ctl ("figures", "--from", from, "--to", to, "--by", by, "--at", AT,
                                  "--format", "json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GHashTable *groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
  JsonArray *array;

  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  array = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "groups");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *key = json_object_get_string_member (json_node_get_object (node), "key");

      g_hash_table_insert (groups, g_strdup (key), json_node_ref (node));
    }
  return groups;
}

static void
assert_same_member (JsonObject *ctl,
                    JsonObject *ours,
                    const char *member,
                    const char *group)
{
  JsonNode *a = json_object_get_member (ctl, member);
  JsonNode *b = json_object_get_member (ours, member);

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  if (JSON_NODE_HOLDS_OBJECT (a))
    {
      JsonObject *oa = json_node_get_object (a), *ob = json_node_get_object (b);
      g_autoptr(GList) names = json_object_get_members (oa);

      for (GList *l = names; l != NULL; l = l->next)
        assert_same_member (oa, ob, l->data, group);
      return;
    }
  if (JSON_NODE_HOLDS_NULL (a) || JSON_NODE_HOLDS_NULL (b))
    {
      if (JSON_NODE_HOLDS_NULL (a) != JSON_NODE_HOLDS_NULL (b))
        g_error ("%s.%s: one says no data, the other does not", group, member);
      return;
    }
  if (json_node_get_value_type (a) == G_TYPE_STRING)
    {
      g_assert_cmpstr (json_node_get_string (a), ==, json_node_get_string (b));
      return;
    }
  /* exactly: the same function computed both */
  if (json_node_get_double (a) != json_node_get_double (b))
    g_error ("%s.%s: duban-ctl says %.17g, the report %.17g", group, member,
             json_node_get_double (a), json_node_get_double (b));
}

static void
assert_same_figures (JsonNode           *ctl,
                     const DubanFigures *figures)
{
  g_autoptr(JsonNode) ours = duban_figures_to_json (figures);
  JsonObject *object = json_node_get_object (ctl);
  g_autoptr(GList) names = json_object_get_members (object);

  for (GList *l = names; l != NULL; l = l->next)
    assert_same_member (object, json_node_get_object (ours), l->data, figures->key);
}

static char *
lookup_name (const char *code,
             gpointer    user_data)
{
  return duban_store_region_name (DUBAN_STORE (user_data), code);
}

typedef struct {
  DubanStore     *store;
  DubanCalendar  *calendar;
  DubanSlaPolicy  policy;
  GPtrArray      *tickets;
  GPtrArray      *orders;
} Engine;

static void
engine_load (Engine *e)
{
  g_autoptr(GError) error = NULL;

  e->store = duban_store_open (db, &error);
  g_assert_no_error (error);
  e->calendar = duban_calendar_new ();
  g_assert_true (duban_store_apply_calendars (e->store, e->calendar, &error));
  g_assert_true (duban_store_load_policy (e->store, &e->policy, &error));
  e->tickets = duban_store_load_tickets (e->store, &error);
  g_assert_no_error (error);
  e->orders = duban_orders_list (e->store, NULL, &error);
  g_assert_no_error (error);
}

static void
engine_clear (Engine *e)
{
  g_ptr_array_unref (e->orders);
  g_ptr_array_unref (e->tickets);
  g_object_unref (e->calendar);
  g_object_unref (e->store);
}

static DubanReport *
build (Engine         *e,
       DubanScopeKind  scope,
       const char     *code)
{
  DubanReportSources sources = { e->tickets, &e->policy, e->calendar, lookup_name, e->store, e->orders };
  g_autoptr(GError) error = NULL;
  DubanDay first, last;
  DubanTime at;
  DubanReport *report;

  g_assert_true (duban_day_parse (FROM, &first, NULL));
  g_assert_true (duban_day_parse (TO, &last, NULL));
  g_assert_true (duban_time_parse_rfc3339 (AT, &at, NULL));
  report = duban_report_build (&sources, DUBAN_REPORT_BULLETIN, scope, code, first, last, at, &error);
  g_assert_no_error (error);
  return report;
}

static void
test_model_equals_ctl (void)
{
  g_autoptr(GHashTable) county = ctl_figures ("county", FROM, TO);
  g_autoptr(GHashTable) previous = ctl_figures ("county", "2026-08-01", "2026-08-31");
  g_autoptr(GHashTable) units = ctl_figures ("unit", FROM, TO);
  g_autoptr(GHashTable) towns = ctl_figures ("town", FROM, TO);
  g_autoptr(DubanReport) report = NULL;
  g_autoptr(GPtrArray) computed = NULL;
  Engine e = { 0 };
  DubanPeriod period;
  guint late = 0;

  engine_load (&e);
  report = build (&e, DUBAN_SCOPE_COUNTY, NULL);
  g_assert_cmpuint (report->current->received, >, 100);
  g_assert_cmpuint (report->units->len, >, 5);

  /* the scope, now and in the previous month, as duban-ctl says */
  g_assert_cmpuint (g_hash_table_size (county), ==, 1);
  assert_same_figures (g_hash_table_lookup (county, report->current->key), report->current);
  assert_same_figures (g_hash_table_lookup (previous, report->previous->key), report->previous);

  /* every unit and every town of the rankings, and no other */
  g_assert_cmpuint (g_hash_table_size (units), ==, report->units->len);
  for (guint i = 0; i < report->units->len; i++)
    {
      const DubanFigures *f = g_ptr_array_index (report->units, i);
      JsonNode *node = g_hash_table_lookup (units, f->key);

      g_assert_nonnull (node);
      assert_same_figures (node, f);
      if (f->due > f->on_time)
        late += f->due - f->on_time;
    }
  g_assert_cmpuint (g_hash_table_size (towns), ==, report->towns->len);
  for (guint i = 0; i < report->towns->len; i++)
    {
      const DubanFigures *f = g_ptr_array_index (report->towns, i);

      g_assert_nonnull (g_hash_table_lookup (towns, f->key));
      assert_same_figures (g_hash_table_lookup (towns, f->key), f);
    }

  /* the accountability list holds exactly the late tickets the rates count */
  g_assert_cmpuint (report->late_total, ==, late);
  g_assert_cmpuint (report->late_total, ==, report->current->due - report->current->on_time);
  for (guint i = 0; i < report->accountable->len; i++)
    {
      const DubanReportAccountable *a = g_ptr_array_index (report->accountable, i);

      g_assert_cmpuint (a->late->len, ==, a->figures->due - a->figures->on_time);
    }

  /* the days add up to the period */
  {
    guint received = 0, overdue = 0;

    for (guint d = 0; d < report->days->len; d++)
      {
        received += g_array_index (report->days, DubanReportDay, d).received;
        overdue += g_array_index (report->days, DubanReportDay, d).overdue;
      }
    g_assert_cmpuint (received, ==, report->current->received);
    g_assert_cmpuint (overdue, ==, report->current->due - report->current->on_time);
  }

  /* and duban_figures_compute() itself, called here */
  g_assert_true (duban_time_parse_rfc3339 (AT, &period.at, NULL));
  {
    DubanDay first, last;

    duban_day_parse (FROM, &first, NULL);
    duban_day_parse (TO, &last, NULL);
    duban_period_init (&period, first, last, period.at);
  }
  computed = duban_figures_compute (e.tickets, &e.policy, e.calendar, &period, DUBAN_GROUP_UNIT,
                                    lookup_name, e.store);
  g_assert_cmpuint (computed->len, ==, report->units->len);
  for (guint i = 0; i < computed->len; i++)
    {
      const DubanFigures *f = g_ptr_array_index (computed, i);
      g_autoptr(JsonNode) node = duban_figures_to_json (f);

      for (guint j = 0; j < report->units->len; j++)
        if (g_str_equal (f->key, ((DubanFigures *) g_ptr_array_index (report->units, j))->key))
          assert_same_figures (node, g_ptr_array_index (report->units, j));
    }

  /* a unit's own bulletin says what the county's ranking says of it */
  {
    const DubanFigures *unit = g_ptr_array_index (report->units, report->units->len / 2);
    g_autoptr(DubanReport) own = build (&e, DUBAN_SCOPE_UNIT, unit->key);
    g_autoptr(JsonNode) a = duban_figures_to_json (unit);

    /* the name may come from the units table or the tickets: the numbers must not differ */
    json_object_remove_member (json_node_get_object (a), "name");
    assert_same_figures (a, own->current);
  }

  engine_clear (&e);
}

/* The CSV sections, by key: each a table of rows keyed by their first field named @key_column. */
static GHashTable *
csv_section (const char *text,
             const char *section,
             const char *key_column)
{
  g_autofree char *marker = g_strdup_printf ("# %s\r\n", section);
  const char *start = strstr (text, marker);
  GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  guint key_index = 0;

  g_assert_nonnull (start);
  start += strlen (marker);
  lines = g_strsplit (start, "\r\n", -1);
  header = g_strsplit (lines[0], ",", -1);
  while (header[key_index] != NULL && !g_str_equal (header[key_index], key_column))
    key_index++;
  g_assert_nonnull (header[key_index]);
  /* no quoted fields in these columns: names of units and towns have no commas */
  for (guint i = 1; lines[i] != NULL && *lines[i] != '\0' && *lines[i] != '#'; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);

      g_hash_table_insert (rows, g_strdup (fields[key_index]), g_strdupv (fields));
    }
  return rows;
}

static void
test_files_equal_ctl (void)
{
  g_autofree char *csv_path = g_build_filename (tmpdir, "bulletin.csv", NULL);
  g_autofree char *xlsx_path = g_build_filename (tmpdir, "bulletin.xlsx", NULL);
  g_autofree char *pdf_path = g_build_filename (tmpdir, "bulletin.pdf", NULL);
  g_autofree char *a = run_ctl ("report", "--kind", "bulletin", "--from", FROM, "--to", TO, "--at", AT,
                                "--csv-keys", "--out", csv_path, NULL);
  g_autofree char *b = run_ctl ("report", "--kind", "bulletin", "--from", FROM, "--to", TO, "--at", AT,
                                "--out", xlsx_path, NULL);
  g_autofree char *c = run_ctl ("report", "--kind", "bulletin", "--from", FROM, "--to", TO, "--at", AT,
                                "--out", pdf_path, NULL);
  g_autofree char *figures_csv = run_ctl ("figures", "--from", FROM, "--to", TO, "--by", "unit", "--at", AT,
                                          "--format", "csv", NULL);
  g_autoptr(GHashTable) county = ctl_figures ("county", FROM, TO);
  g_autoptr(GHashTable) units_json = ctl_figures ("unit", FROM, TO);
  g_autofree char *report_csv = NULL;
  g_autofree char *wrapped = NULL;
  g_autoptr(GHashTable) ours = NULL;
  g_autoptr(GHashTable) theirs = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *county_figures;
  GHashTableIter iter;
  gpointer key, value;

  /* CSV: the units section row for row against `duban-ctl figures --format csv` */
  g_assert_true (g_file_get_contents (csv_path, &report_csv, NULL, &error));
  ours = csv_section (report_csv, "units", "key");
  wrapped = g_strdup_printf ("# units\r\n%s", figures_csv);
  theirs = csv_section (wrapped, "units", "key");
  g_assert_cmpuint (g_hash_table_size (ours), ==, g_hash_table_size (theirs));
  g_hash_table_iter_init (&iter, theirs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      char **ctl_row = value;
      char **our_row = g_hash_table_lookup (ours, key);

      g_assert_nonnull (our_row);
      /* ours has the rank first, then the same columns */
      for (guint i = 0; ctl_row[i] != NULL; i++)
        g_assert_cmpstr (our_row[i + 1], ==, ctl_row[i]);
    }

  /* XLSX: the summary's on-time completion rate is the number duban-ctl computes */
  county_figures = json_node_get_object (g_hash_table_lookup (county, "370828"));
  {
    g_autofree char *command = g_strdup_printf ("unzip -p '%s' xl/worksheets/sheet1.xml", xlsx_path);
    g_autofree char *sheet = run (command);
    const char *cell = strstr (sheet, "<c r=\"B4\"");
    const char *v;

    g_assert_nonnull (cell);
    v = strstr (cell, "<v>");
    g_assert_nonnull (v);
    g_assert_cmpfloat (g_ascii_strtod (v + 3, NULL), ==,
                       json_object_get_double_member (county_figures, "on_time_completion_rate"));
    cell = strstr (sheet, "<c r=\"D4\"");
    g_assert_cmpint (g_ascii_strtoll (strstr (cell, "<v>") + 3, NULL, 10), ==,
                     json_object_get_int_member (county_figures, "due"));
  }

  /* PDF: the county's rates, and each unit's on-time completion rate in its ranking line */
  {
    g_autofree char *command = g_strdup_printf ("pdftotext -enc UTF-8 -layout '%s' -", pdf_path);
    g_autofree char *text = run (command);
    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
    const char *rates[] = { "on_time_completion_rate", "on_time_contact_rate", "satisfaction_rate", "completion_rate" };

    for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
      {
        g_autofree char *rate = duban_report_format_rate (json_object_get_double_member (county_figures, rates[i]));

        g_assert_nonnull (strstr (text, rate));
      }
    g_hash_table_iter_init (&iter, units_json);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        JsonObject *unit = json_node_get_object (value);
        const char *name = json_object_get_string_member (unit, "name");
        JsonNode *rate_node = json_object_get_member (unit, "on_time_completion_rate");
        g_autofree char *rate = JSON_NODE_HOLDS_NULL (rate_node)
          ? duban_report_format_rate (NAN)
          : duban_report_format_rate (json_node_get_double (rate_node));
        /* every rate beside what it is a share of: on time / due */
        g_autofree char *due = g_strdup_printf (" %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " ",
                                                json_object_get_int_member (unit, "on_time"),
                                                json_object_get_int_member (unit, "due"));
        gboolean found = FALSE;

        /* the ranking line: the name, on time / due and its rate on one line */
        for (guint l = 0; lines[l] != NULL && !found; l++)
          found = strstr (lines[l], name) != NULL && strstr (lines[l], rate) != NULL && strstr (lines[l], due) != NULL;
        if (!found)
          g_error ("the PDF has no ranking line for %s with %s and%s", name, rate, due);
      }
  }
}

/* The bulletin in Chinese, as leadership reads it: nothing a reader
 * checks by hand is cut short — every change keeps its unit (百分点) and
 * every time in the late list its minutes. Only long titles may be
 * shortened, beside their ticket numbers. */
static void
test_chinese_pdf_whole (void)
{
  g_autofree char *pdf_path = g_build_filename (tmpdir, "通报.pdf", NULL);
  g_autofree char *command = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) ctl = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) cut_time = g_regex_new ("\\d{4}-\\d\\d-\\d\\d \\d{0,2}(:\\d?)?…", 0, 0, NULL);
  g_auto(GStrv) lines = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  guint changes = 0;

  if (g_getenv ("DUBAN_TEST_LOCALEDIR") == NULL || pdftotext == NULL)
    {
      g_test_skip ("needs the built translations and pdftotext");
      return;
    }

  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "zh_CN", TRUE);
  g_subprocess_launcher_setenv (launcher, "LANG", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LC_ALL");
  g_subprocess_launcher_setenv (launcher, "DUBAN_LOCALEDIR", g_getenv ("DUBAN_TEST_LOCALEDIR"), TRUE);
  ctl = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("DUBAN_CTL"), "--db", db, "report",
                                     "--kind", "bulletin", "--from", FROM, "--to", TO, "--at", AT,
                                     "--out", pdf_path, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (ctl, NULL, &error));
  g_assert_no_error (error);

  command = g_strdup_printf ("pdftotext -enc UTF-8 -layout '%s' -", pdf_path);
  text = run (command);
  g_assert_nonnull (strstr (text, "考评通报"));
  lines = g_strsplit (text, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    {
      if (strstr (lines[l], "百分点") != NULL)
        changes++;
      if (strstr (lines[l], "百…") != NULL || strstr (lines[l], "百分…") != NULL ||
          g_regex_match (cut_time, lines[l], 0, NULL))
        g_error ("cut short in the Chinese bulletin: %s", lines[l]);
    }
  /* the figures table's four rates each have a change */
  g_assert_cmpuint (changes, >=, 4);
}

/* The bulletin's words under a locale that is not Chinese (cron and many
 * systemd units run duban-ctl under LANG=C): Chinese unless --lang says
 * otherwise. */
static char *
bulletin_text_under_locale (const char *locale,
                            const char *lang)
{
  g_autofree char *name = g_strdup_printf ("bulletin-%s-%s.pdf", locale, lang ? lang : "default");
  g_autofree char *pdf_path = g_build_filename (tmpdir, name, NULL);
  g_autofree char *command = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) ctl = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_subprocess_launcher_setenv (launcher, "LANG", locale, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", locale, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_setenv (launcher, "DUBAN_LOCALEDIR", g_getenv ("DUBAN_TEST_LOCALEDIR"), TRUE);
  g_ptr_array_add (args, (gpointer) g_getenv ("DUBAN_CTL"));
  g_ptr_array_add (args, "--db");
  g_ptr_array_add (args, db);
  g_ptr_array_add (args, "report");
  g_ptr_array_add (args, "--kind");
  g_ptr_array_add (args, "bulletin");
  g_ptr_array_add (args, "--from");
  g_ptr_array_add (args, FROM);
  g_ptr_array_add (args, "--to");
  g_ptr_array_add (args, TO);
  g_ptr_array_add (args, "--at");
  g_ptr_array_add (args, AT);
  g_ptr_array_add (args, "--out");
  g_ptr_array_add (args, pdf_path);
  if (lang != NULL)
    {
      g_ptr_array_add (args, "--lang");
      g_ptr_array_add (args, (gpointer) lang);
    }
  g_ptr_array_add (args, NULL);
  ctl = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (ctl, NULL, &error));
  g_assert_no_error (error);

  command = g_strdup_printf ("pdftotext -enc UTF-8 -layout '%s' -", pdf_path);
  return run (command);
}

static void
test_chinese_whatever_the_locale (void)
{
  g_autofree char *chinese = NULL;
  g_autofree char *english = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");

  if (g_getenv ("DUBAN_TEST_LOCALEDIR") == NULL || pdftotext == NULL)
    {
      g_test_skip ("needs the built translations and pdftotext");
      return;
    }

  chinese = bulletin_text_under_locale ("C", NULL);
  g_assert_nonnull (strstr (chinese, "群众诉求办理情况考评通报"));
  g_assert_nonnull (strstr (chinese, "各项指标完成情况"));
  g_assert_null (strstr (chinese, "Accountability bulletin"));
  /* numbered when issued, and the same number when issued again */
  g_assert_nonnull (strstr (chinese, "金社治督〔"));

  /* cron's LANG=C and a clerk's zh_CN give the same document, word for
   * word and number for number */
  {
    g_autofree char *under_zh = bulletin_text_under_locale ("zh_CN.UTF-8", NULL);

    g_assert_cmpstr (under_zh, ==, chinese);
  }

  english = bulletin_text_under_locale ("C", "en");
  g_assert_nonnull (strstr (english, "Accountability bulletin"));
  g_assert_null (strstr (english, "考评通报"));
}

/* duban-ctl documents: the desk's Documents preferences from cron's side,
 * in the same store. */
static void
test_documents_settings (void)
{
  g_autofree char *shown = run_ctl ("documents", NULL);
  g_autofree char *set = NULL;
  g_autofree char *again = NULL;

  g_assert_nonnull (strstr (shown, "issuer\t金乡县社会治理服务中心督办中心\n"));
  g_assert_nonnull (strstr (shown, "prefix.bulletin\t金社治督\n"));
  set = run_ctl ("documents", "--seal", "督办专用章", "--supervisor-name", " 王晓明 ", NULL);
  g_assert_nonnull (strstr (set, "seal\t督办专用章\n"));
  again = run_ctl ("documents", NULL);
  g_assert_nonnull (strstr (again, "supervisor_name\t王晓明\n"));
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
start_feed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  const char *argv[] = { g_getenv ("DUBAN_FEED"), "--port", "0", "--now", AT, NULL };

  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                      G_SUBPROCESS_FLAGS_STDERR_SILENCE);

  /* a failed assertion aborts this process: the platform must not outlive it */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  feed = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (feed));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "duban-feed listening on http://127.0.0.1:"));
  feed_url = g_strdup (strrchr (line, ' ') + 1);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("duban-one-truth-XXXXXX", NULL);
  db = g_build_filename (tmpdir, "duban.db", NULL);
  start_feed ();
  g_free (run_ctl ("sync", "--feed", feed_url, NULL));

  g_test_add_func ("/one-truth/model", test_model_equals_ctl);
  g_test_add_func ("/one-truth/documents-settings", test_documents_settings);
  g_test_add_func ("/one-truth/files", test_files_equal_ctl);
  g_test_add_func ("/one-truth/chinese-pdf-whole", test_chinese_pdf_whole);
  g_test_add_func ("/one-truth/chinese-whatever-the-locale", test_chinese_whatever_the_locale);

  status = g_test_run ();

  g_subprocess_force_exit (feed);
  g_subprocess_wait (feed, NULL, NULL);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  }
  return status;
}
