/* No CSV cell the project writes runs as a formula (issue 11, §6): every
 * writer — DubanTable, the bulletin and the supervision summary, the
 * audit log export, duban-ctl overdue and figures — fed hostile text,
 * read back with an RFC 4180 reader; numbers the code writes stay
 * numbers. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "duban-audit.h"
#include "duban-orders.h"
#include "duban-report.h"
#include "duban-report-csv.h"
#include "duban-store.h"
#include "duban-table.h"

static char *tmpdir;

/* Each begins with what a spreadsheet may run (OWASP's list, and a
 * space before '=', which spreadsheets skip). */
static const char *hostile[] = {
  "-2+3+cmd|' /C calc'!A0",
  "-1+1",
  "\t=1+1",
  "\r=1+1",
  " =1+1",
  "=HYPERLINK(\"http://x\",\"y\")",
  "+1+1",
  "@SUM(A1)",
};

/* ---- reading CSV back ---------------------------------------------------- */

/* RFC 4180 cells; @quoted says which cells were quoted. */
static GPtrArray *
read_cells (const char *csv,
            GArray     *quoted)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);
  const char *p = csv;

  while (*p != '\0')
    {
      GString *cell = g_string_new (NULL);
      gboolean q = *p == '"';

      if (q)
        {
          for (p++; *p != '\0'; p++)
            {
              if (*p == '"' && p[1] == '"')
                g_string_append_c (cell, *p++);
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                g_string_append_c (cell, *p);
            }
        }
      else
        while (*p != '\0' && *p != ',' && *p != '\r' && *p != '\n')
          g_string_append_c (cell, *p++);

      g_ptr_array_add (cells, g_string_free (cell, FALSE));
      g_array_append_val (quoted, q);
      if (*p == ',')
        p++;
      else if (*p == '\r' && p[1] == '\n')
        p += 2;
      else if (*p == '\n')
        p++;
      else if (*p != '\0')
        g_error ("stray character after a quoted cell at: %.20s", p);
    }

  return cells;
}

static gboolean
is_number (const char *cell)
{
  g_autoptr(GRegex) number = g_regex_new ("^-?[0-9]+(\\.[0-9]+)?$", 0, 0, NULL);

  return g_regex_match (number, cell, 0, NULL);
}

/* Every cell either a plain number or safe text; each hostile value
 * there, with its apostrophe. Returns the number of hostile cells. */
static guint
assert_no_formula (const char *csv)
{
  g_autoptr(GArray) quoted = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr(GPtrArray) cells = read_cells (csv, quoted);
  guint neutralised = 0;

  for (guint i = 0; i < cells->len; i++)
    {
      const char *cell = g_ptr_array_index (cells, i);
      const char *p = cell;

      if (is_number (cell))
        continue;
      while (*p == ' ')
        p++;
      if (strchr ("=+-@\t\r", *cell) != NULL && *cell != '\0')
        g_error ("cell %u runs as a formula: \"%s\"\n%s", i, g_strescape (cell, NULL), csv);
      if (*p != '\0' && strchr ("=+-@\t\r", *p) != NULL)
        g_error ("cell %u runs as a formula after spaces: \"%s\"", i, g_strescape (cell, NULL));
      if (cell[0] == '\'')
        {
          g_assert_true (g_array_index (quoted, gboolean, i));
          neutralised++;
        }
    }

  return neutralised;
}

static void
assert_holds (const char *csv,
              const char *value)
{
  g_autoptr(GArray) quoted = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr(GPtrArray) cells = read_cells (csv, quoted);
  g_autofree char *expected = g_strconcat ("'", value, NULL);

  for (guint i = 0; i < cells->len; i++)
    if (g_str_equal (g_ptr_array_index (cells, i), expected))
      return;

  g_error ("no cell holds '%s' neutralised:\n%s", g_strescape (value, NULL), csv);
}

/* ---- the one function ---------------------------------------------------- */

static void
test_cell (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autofree char *text = duban_csv_cell (hostile[i], FALSE);
      g_autofree char *in_number_column = duban_csv_cell (hostile[i], TRUE);

      g_assert_true (g_str_has_prefix (text, "\"'"));
      g_assert_true (g_str_has_suffix (text, "\""));
      g_assert_cmpstr (in_number_column, ==, text);
    }
  {
    g_autofree char *a = duban_csv_cell ("-1.5", TRUE);
    g_autofree char *b = duban_csv_cell ("12", TRUE);
    g_autofree char *c = duban_csv_cell ("-1.5", FALSE);
    g_autofree char *d = duban_csv_cell ("县水务局", FALSE);
    g_autofree char *e = duban_csv_cell ("a,\"b\"", FALSE);
    g_autofree char *f = duban_csv_cell ("", FALSE);
    g_autofree char *g = duban_csv_cell ("2026-09-08T09:00:00+08:00", FALSE);

    /* a number the code wrote stays a number; the same text in a text
     * column is text */
    g_assert_cmpstr (a, ==, "-1.5");
    g_assert_cmpstr (b, ==, "12");
    g_assert_cmpstr (c, ==, "\"'-1.5\"");
    g_assert_cmpstr (d, ==, "县水务局");
    g_assert_cmpstr (e, ==, "\"a,\"\"b\"\"\"");
    g_assert_cmpstr (f, ==, "");
    g_assert_cmpstr (g, ==, "2026-09-08T09:00:00+08:00");
  }
}

static void
test_table (void)
{
  g_autoptr(DubanTable) table = duban_table_new ();
  g_autofree char *csv = NULL;

  duban_table_add_columns (table, "name", "name", "score", "score", NULL);
  duban_table_set_numeric (table, "score", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    duban_table_add_row (table, hostile[i], hostile[i], NULL);
  duban_table_add_row (table, "plain", "-1.5", NULL);
  csv = duban_table_to_string (table, DUBAN_TABLE_CSV);

  g_assert_cmpuint (assert_no_formula (csv), ==, 2 * G_N_ELEMENTS (hostile));
  g_assert_nonnull (strstr (csv, "\r\nplain,-1.5\r\n"));
}

/* ---- the reports ---------------------------------------------------------- */

static DubanTime
t (const char *text)
{
  DubanTime time;

  g_assert_true (duban_time_parse_rfc3339 (text, &time, NULL));
  return time;
}

static DubanTicket *
ticket (const char *id,
        const char *title,
        const char *unit_code,
        const char *unit_name,
        const char *category,
        const char *dispatched,
        const char *resolved)
{
  DubanTicket *tk = duban_ticket_new ();

  tk->id = g_strdup (id);
  tk->title = g_strdup (title);
  tk->kind = DUBAN_KIND_COMPLAINT;
  tk->category = g_strdup (category);
  tk->urgency = DUBAN_URGENCY_NORMAL;
  tk->unit_code = g_strdup (unit_code);
  tk->unit_name = g_strdup (unit_name);
  tk->grid_code = g_strdup ("370828001001001");
  tk->status = resolved ? DUBAN_STATUS_RESOLVED : DUBAN_STATUS_IN_PROGRESS;
  tk->received_at = t (dispatched);
  tk->dispatched_at = t (dispatched);
  tk->resolved_at = resolved ? t (resolved) : DUBAN_TIME_NONE;
  tk->handled_level = resolved ? DUBAN_LEVEL_GRID : 0;
  tk->updated_at = resolved ? tk->resolved_at : tk->received_at;
  return tk;
}

/* Unit names, titles and categories from the hostile list; T1 and T2 are
 * late inside the period (the accountability list), T3 on time. */
static GPtrArray *
hostile_tickets (void)
{
  GPtrArray *tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);

  g_ptr_array_add (tickets, ticket ("T1", hostile[1], "U1", hostile[0], hostile[4],
                                    "2026-09-08T09:00:00+08:00", "2026-09-11T09:00:00+08:00"));
  g_ptr_array_add (tickets, ticket ("T2", hostile[3], "U2", hostile[7], hostile[2],
                                    "2026-09-07T10:00:00+08:00", NULL));
  g_ptr_array_add (tickets, ticket ("T3", "按时办结", "U3", hostile[6], hostile[5],
                                    "2026-09-09T10:00:00+08:00", "2026-09-09T15:00:00+08:00"));
  return tickets;
}

static void
test_bulletin (void)
{
  g_autoptr(GPtrArray) tickets = hostile_tickets ();
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  DubanReportSources sources = { 0 };
  DubanSlaPolicy policy;
  DubanReport *report;
  DubanDay first, last;

  duban_sla_policy_init_defaults (&policy);
  sources.tickets = tickets;
  sources.policy = &policy;
  sources.calendar = calendar;
  g_assert_true (duban_day_parse ("2026-09-07", &first, NULL));
  g_assert_true (duban_day_parse ("2026-09-13", &last, NULL));
  report = duban_report_build (&sources, DUBAN_REPORT_BULLETIN, DUBAN_SCOPE_COUNTY, NULL,
                               first, last, t ("2026-09-20T12:00:00+08:00"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->accountable->len, >, 0);
  /* for scripts and, with a byte order mark and Chinese names, for people */
  for (int headers = DUBAN_REPORT_CSV_NAMES; headers <= DUBAN_REPORT_CSV_KEYS; headers++)
    {
      g_free (csv);
      csv = duban_report_to_csv (report, headers);
      g_assert_cmpuint (assert_no_formula (csv), >, 0);
      /* units, boards, the accountability list, the categories */
      for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
        assert_holds (csv, hostile[i]);
    }
  duban_report_free (report);
}

static void
test_supervision (void)
{
  g_autoptr(GPtrArray) tickets = hostile_tickets ();
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_order_free);
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  DubanReportSources sources = { 0 };
  DubanSlaPolicy policy;
  DubanReport *report;
  DubanOrder *order = g_new0 (DubanOrder, 1);
  DubanDay day;

  order->client_id = g_strdup ("6f1c0f0e-0000-4000-8000-000000000001");
  order->ticket_id = g_strdup ("T2");
  order->level = DUBAN_ORDER_RED;
  order->note = g_strdup (hostile[5]);
  order->issued_by = g_strdup (hostile[0]);
  order->issued_at = t ("2026-09-15T09:00:00+08:00");
  order->respond_by = t ("2026-09-16T09:00:00+08:00");
  order->delivered_at = DUBAN_TIME_NONE;
  g_ptr_array_add (orders, order);

  duban_sla_policy_init_defaults (&policy);
  sources.tickets = tickets;
  sources.policy = &policy;
  sources.calendar = calendar;
  sources.orders = orders;
  g_assert_true (duban_day_parse ("2026-09-15", &day, NULL));
  report = duban_report_build (&sources, DUBAN_REPORT_SUPERVISION, DUBAN_SCOPE_COUNTY, NULL,
                               day, day, t ("2026-09-15T12:00:00+08:00"), &error);
  g_assert_no_error (error);
  for (int headers = DUBAN_REPORT_CSV_NAMES; headers <= DUBAN_REPORT_CSV_KEYS; headers++)
    {
      g_free (csv);
      csv = duban_report_to_csv (report, headers);
      assert_no_formula (csv);
      assert_holds (csv, hostile[0]);   /* issued_by */
      assert_holds (csv, hostile[7]);   /* the unit */
    }
  duban_report_free (report);
}

/* ---- the audit log --------------------------------------------------------- */

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
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      /* a note is stripped; the audit row is written as given */
      g_assert_true (duban_store_audit (store, DUBAN_AUDIT_NOTE, hostile[i], hostile[i], &error));
      g_assert_no_error (error);
    }
  g_assert_true (duban_audit_add_note (store, "T1", "-1+1 请核实", &error));
  g_assert_no_error (error);
  g_assert_true (duban_audit_export_csv (store, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));

  g_assert_cmpuint (assert_no_formula (csv), >=, 2 * G_N_ELEMENTS (hostile));
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    assert_holds (csv, hostile[i]);
  assert_holds (csv, "-1+1 请核实");
}

/* ---- duban-ctl ---------------------------------------------------------- */

static char *
run_ctl (const char *db,
         const char *first,
         ...) G_GNUC_NULL_TERMINATED;

static char *
run_ctl (const char *db,
         const char *first,
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
  if (g_subprocess_get_exit_status (proc) != 0)
    g_error ("duban-ctl %s: exit %d; stderr: %s", first, g_subprocess_get_exit_status (proc), err);

  return out;
}

static char *
hostile_store (void)
{
  char *db = g_build_filename (tmpdir, "ctl.db", NULL);
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GPtrArray) tickets = hostile_tickets ();
  g_autoptr(GError) error = NULL;

  if (g_file_test (db, G_FILE_TEST_EXISTS))
    return db;
  store = duban_store_open (db, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < tickets->len; i++)
    {
      g_assert_true (duban_store_upsert_ticket (store, g_ptr_array_index (tickets, i), NULL, &error));
      g_assert_no_error (error);
    }
  return db;
}

static void
test_ctl_overdue (void)
{
  g_autofree char *db = hostile_store ();
  g_autofree char *csv = run_ctl (db, "overdue", "--at", "2026-09-20T12:00:00+08:00", "--format", "csv", NULL);

  g_assert_nonnull (strstr (csv, "T2"));
  assert_no_formula (csv);
  assert_holds (csv, hostile[3]);   /* T2's title */
  assert_holds (csv, hostile[7]);   /* its unit */
}

static void
test_ctl_figures (void)
{
  g_autofree char *db = hostile_store ();
  g_autofree char *csv = run_ctl (db, "figures", "--from", "2026-09-07", "--to", "2026-09-13",
                                  "--at", "2026-09-20T12:00:00+08:00", "--by", "unit", "--format", "csv", NULL);

  assert_no_formula (csv);
  assert_holds (csv, hostile[0]);
  assert_holds (csv, hostile[6]);
  assert_holds (csv, hostile[7]);
  /* the counts are numbers: U3's row reads 1 received, 1 resolved */
  g_assert_nonnull (strstr (csv, "U3,\"'+1+1\",1,1,"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("duban-csv-XXXXXX", NULL);

  g_test_add_func ("/csv-injection/cell", test_cell);
  g_test_add_func ("/csv-injection/table", test_table);
  g_test_add_func ("/csv-injection/bulletin", test_bulletin);
  g_test_add_func ("/csv-injection/supervision", test_supervision);
  g_test_add_func ("/csv-injection/audit-export", test_audit_export);
  g_test_add_func ("/csv-injection/ctl-overdue", test_ctl_overdue);
  g_test_add_func ("/csv-injection/ctl-figures", test_ctl_figures);

  status = g_test_run ();
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmpdir);
    (void) !system (command);
  }
  return status;
}
