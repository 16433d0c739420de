/* A bulletin of six hand-built tickets, every figure worked out by hand
 * below, then the same report as PDF (fonts and text), XLSX (numbers as
 * numbers) and CSV; and a supervision summary of orders issued through
 * the orders API. */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "duban-orders.h"
#include "duban-report.h"
#include "duban-report-csv.h"
#include "duban-report-pdf.h"
#include "duban-report-xlsx.h"

#define TOWN1_GRID "370828001001001"
#define TOWN2_GRID "370828002001001"

static char *tmpdir;

static DubanTime
t (const char *text)
{
  DubanTime time;
  g_autoptr(GError) error = NULL;

  g_assert_true (duban_time_parse_rfc3339 (text, &time, &error));
  g_assert_no_error (error);
  return time;
}

static DubanDay
d (const char *text)
{
  DubanDay day;

  g_assert_true (duban_day_parse (text, &day, NULL));
  return day;
}

static DubanTicket *
ticket (const char   *id,
        DubanUrgency  urgency,
        const char   *unit_code,
        const char   *unit_name,
        const char   *grid,
        const char   *category,
        const char   *dispatched)
{
  DubanTicket *tk = duban_ticket_new ();

  tk->id = g_strdup (id);
  tk->title = g_strdup_printf ("工单 %s", id);
  tk->kind = DUBAN_KIND_COMPLAINT;
  tk->category = g_strdup (category);
  tk->urgency = urgency;
  tk->unit_code = g_strdup (unit_code);
  tk->unit_name = g_strdup (unit_name);
  tk->grid_code = g_strdup (grid);
  tk->status = DUBAN_STATUS_IN_PROGRESS;
  tk->received_at = t (dispatched);
  tk->dispatched_at = t (dispatched);
  tk->updated_at = tk->received_at;
  return tk;
}

static void
resolve (DubanTicket       *tk,
         const char        *at,
         DubanHandledLevel  level)
{
  tk->status = DUBAN_STATUS_RESOLVED;
  tk->resolved_at = t (at);
  tk->handled_level = level;
  tk->updated_at = tk->resolved_at;
}

static void
visit (DubanTicket       *tk,
       const char        *at,
       DubanSatisfaction  satisfaction)
{
  tk->visited_at = t (at);
  tk->satisfaction = satisfaction;
  tk->status = DUBAN_STATUS_CLOSED;
}

static char *
name_lookup (const char *code,
             gpointer    user_data)
{
  if (g_strcmp0 (code, "370828") == 0)
    return g_strdup ("金乡县");
  if (g_strcmp0 (code, "370828001") == 0)
    return g_strdup ("金乡街道");
  if (g_strcmp0 (code, "370828002") == 0)
    return g_strdup ("鸡黍镇");
  return NULL;
}

/* The data set (2026; the period is Mon 09-07 … Sun 09-13, seen at 09-20 12:00):
 *   T1 normal U1 dispatched Mon 10:00, due Wed 10:00, resolved Tue 15:00 (grid), visited satisfied
 *   T2 normal U1 dispatched Tue 09:00, due Thu 09:00, resolved Fri 09:00 — 1 working day late (town), visited unsatisfied
 *   T3 urgent U2 dispatched Wed 08:00, contact by 09:00 (08:30), due Thu 08:00, resolved Wed 20:00 (county), basically satisfied
 *   T4 urgent U2 dispatched Fri 10:00, contact by 11:00 (12:00, late), due Sat 10:00, still open: 194 h late at A;
 *      repeats T1; petitioner 张三
 *   T5 normal U1 dispatched Thu 09-03 10:00 (previous period), due Mon 09-07 10:00, resolved Mon 09:00 (grid)
 *   T6 cancelled, received in the period: in no figure */
static GPtrArray *
hand_built_tickets (void)
{
  GPtrArray *tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  DubanTicket *tk;

  tk = ticket ("JXT1", DUBAN_URGENCY_NORMAL, "U1", "县水务局", TOWN1_GRID, "供水", "2026-09-07T10:00:00+08:00");
  resolve (tk, "2026-09-08T15:00:00+08:00", DUBAN_LEVEL_GRID);
  visit (tk, "2026-09-09T10:00:00+08:00", DUBAN_SATISFACTION_SATISFIED);
  g_ptr_array_add (tickets, tk);

  tk = ticket ("JXT2", DUBAN_URGENCY_NORMAL, "U1", "县水务局", TOWN1_GRID, "供水", "2026-09-08T09:00:00+08:00");
  resolve (tk, "2026-09-11T09:00:00+08:00", DUBAN_LEVEL_TOWN);
  visit (tk, "2026-09-12T10:00:00+08:00", DUBAN_SATISFACTION_UNSATISFIED);
  g_ptr_array_add (tickets, tk);

  tk = ticket ("JXT3", DUBAN_URGENCY_URGENT, "U2", "县住建局", TOWN2_GRID, "道路交通", "2026-09-09T08:00:00+08:00");
  tk->first_contact_at = t ("2026-09-09T08:30:00+08:00");
  resolve (tk, "2026-09-09T20:00:00+08:00", DUBAN_LEVEL_COUNTY);
  visit (tk, "2026-09-10T10:00:00+08:00", DUBAN_SATISFACTION_BASICALLY_SATISFIED);
  g_ptr_array_add (tickets, tk);

  tk = ticket ("JXT4", DUBAN_URGENCY_URGENT, "U2", "县住建局", TOWN2_GRID, "道路交通", "2026-09-11T10:00:00+08:00");
  tk->first_contact_at = t ("2026-09-11T12:00:00+08:00");
  tk->repeat_of = g_strdup ("JXT1");
  tk->petitioner_name = g_strdup ("张三");
  tk->petitioner_phone = g_strdup ("13812341234");
  g_ptr_array_add (tickets, tk);

  tk = ticket ("JXT5", DUBAN_URGENCY_NORMAL, "U1", "县水务局", TOWN1_GRID, "供水", "2026-09-03T10:00:00+08:00");
  resolve (tk, "2026-09-07T09:00:00+08:00", DUBAN_LEVEL_GRID);
  g_ptr_array_add (tickets, tk);

  tk = ticket ("JXT6", DUBAN_URGENCY_NORMAL, "U1", "县水务局", TOWN1_GRID, "供水", "2026-09-08T11:00:00+08:00");
  tk->status = DUBAN_STATUS_CANCELLED;
  g_ptr_array_add (tickets, tk);

  return tickets;
}

typedef struct {
  GPtrArray      *tickets;
  DubanCalendar  *calendar;
  DubanSlaPolicy  policy;
  DubanReport    *report;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  DubanReportSources sources = { 0 };
  g_autoptr(GError) error = NULL;

  f->tickets = hand_built_tickets ();
  f->calendar = duban_calendar_new ();
  duban_sla_policy_init_defaults (&f->policy);
  /* a handful of hand-built tickets: every unit is ranked on them (the
   * minimum count has its own test in test-ranking.c) */
  f->policy.ranking_min_due = 1;
  sources.tickets = f->tickets;
  sources.policy = &f->policy;
  sources.calendar = f->calendar;
  sources.name_lookup = name_lookup;
  f->report = duban_report_build (&sources, DUBAN_REPORT_BULLETIN, DUBAN_SCOPE_COUNTY, NULL,
                                  d ("2026-09-07"), d ("2026-09-13"),
                                  t ("2026-09-20T12:00:00+08:00"), &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->report);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  duban_report_free (f->report);
  g_object_unref (f->calendar);
  g_ptr_array_unref (f->tickets);
}

static void
test_figures_by_hand (Fixture       *f,
                      gconstpointer  data)
{
  const DubanReport *r = f->report;
  const DubanFigures *c = r->current;

  g_assert_cmpstr (r->scope_name, ==, "金乡县");
  /* received T1–T4 (T5 came before, T6 is cancelled); resolved by the end: T1 T2 T3 */
  g_assert_cmpuint (c->received, ==, 4);
  g_assert_cmpuint (c->resolved, ==, 3);
  g_assert_cmpfloat_with_epsilon (c->completion_rate, 0.75, 1e-12);
  /* deadlines in the period: T1 09-09, T2 09-10, T3 09-10, T4 09-12, T5 09-07; met: T1 T3 T5 */
  g_assert_cmpuint (c->due, ==, 5);
  g_assert_cmpuint (c->on_time, ==, 3);
  g_assert_cmpfloat_with_epsilon (c->on_time_completion_rate, 0.6, 1e-12);
  /* contact deadlines: T3 (met), T4 (missed) */
  g_assert_cmpuint (c->urgent_due, ==, 2);
  g_assert_cmpuint (c->contacted_on_time, ==, 1);
  /* visits: T1 satisfied, T2 unsatisfied, T3 basically satisfied */
  g_assert_cmpuint (c->visited, ==, 3);
  g_assert_cmpuint (c->satisfied, ==, 2);
  /* 100 × (30 × 0.5 + 35 × 0.6 + 35 × 2/3) / 100 */
  g_assert_cmpfloat_with_epsilon (c->score, 15 + 21 + 35.0 * 2 / 3, 1e-9);
  /* settled in the period: T5 grid, T1 grid, T3 county, T2 town */
  g_assert_cmpuint (c->settled_total, ==, 4);
  g_assert_cmpuint (c->settled_grid, ==, 2);
  g_assert_cmpuint (c->settled_town, ==, 1);
  g_assert_cmpuint (c->settled_county, ==, 1);
  /* urgent: T3 12 h, T4 open at the end of the period 09-14 00:00: 62 h */
  g_assert_cmpfloat_with_epsilon (c->mean_hours_urgent, 37.0, 1e-9);
  /* normal: T1 1 d 5 h = 29/24, T2 3 working days */
  g_assert_cmpfloat_with_epsilon (c->mean_working_days_normal, (29.0 / 24 + 3) / 2, 1e-9);

  /* the previous period, 08-31 … 09-06: T5 received, not resolved by 09-07 00:00, no deadline */
  g_assert_cmpint (r->previous_first, ==, d ("2026-08-31"));
  g_assert_cmpint (r->previous_last, ==, d ("2026-09-06"));
  g_assert_cmpuint (r->previous->received, ==, 1);
  g_assert_cmpuint (r->previous->resolved, ==, 0);
  g_assert_cmpuint (r->previous->due, ==, 0);
  g_assert_true (isnan (r->previous->on_time_completion_rate));
  {
    g_autofree char *change = duban_report_format_change (c->on_time_completion_rate, r->previous->on_time_completion_rate);
    g_assert_cmpstr (change, ==, "—");
  }
}

static void
test_rankings_and_accountability (Fixture       *f,
                                  gconstpointer  data)
{
  const DubanReport *r = f->report;
  const DubanFigures *u1, *u2;
  const DubanReportAccountable *a;
  const DubanReportLateTicket *late;

  /* U2: contact 1/2, on time 1/2, satisfied 1/1 → 15 + 17.5 + 35 = 67.5
   * U1: no urgent ticket, on time 2/3, satisfied 1/2 → (35 × 2/3 + 35 × 0.5) / 70 × 100 */
  g_assert_cmpuint (r->units->len, ==, 2);
  u2 = g_ptr_array_index (r->units, 0);
  u1 = g_ptr_array_index (r->units, 1);
  g_assert_cmpstr (u2->key, ==, "U2");
  g_assert_cmpstr (u2->name, ==, "县住建局");
  g_assert_cmpfloat_with_epsilon (u2->score, 67.5, 1e-9);
  g_assert_cmpstr (u1->key, ==, "U1");
  g_assert_cmpfloat_with_epsilon (u1->score, 100.0 * (35.0 * 2 / 3 + 17.5) / 70, 1e-9);
  g_assert_true (isnan (u1->on_time_contact_rate));

  /* towns: the same two sets of tickets */
  g_assert_cmpuint (r->towns->len, ==, 2);
  g_assert_cmpstr (((DubanFigures *) g_ptr_array_index (r->towns, 0))->name, ==, "鸡黍镇");
  g_assert_cmpstr (((DubanFigures *) g_ptr_array_index (r->towns, 1))->name, ==, "金乡街道");

  /* 红黑榜 */
  g_assert_cmpuint (r->red->len, ==, 1);
  g_assert_true (g_ptr_array_index (r->red, 0) == u2);
  g_assert_cmpuint (r->black->len, ==, 1);
  g_assert_true (g_ptr_array_index (r->black, 0) == u1);

  /* accountability: U2 at 50% (T4), then U1 at 66.67% (T2) */
  g_assert_cmpuint (r->accountable->len, ==, 2);
  g_assert_cmpuint (r->late_total, ==, 2);
  a = g_ptr_array_index (r->accountable, 0);
  g_assert_true (a->figures == u2);
  g_assert_cmpuint (a->late->len, ==, 1);
  late = g_ptr_array_index (a->late, 0);
  g_assert_cmpstr (late->ticket_id, ==, "JXT4");
  g_assert_cmpint (late->deadline, ==, t ("2026-09-12T10:00:00+08:00"));
  g_assert_cmpint (late->state, ==, DUBAN_STATE_OPEN_OVERDUE);
  g_assert_cmpint (late->unit, ==, DUBAN_DURATION_HOURS);
  /* 09-12 10:00 → 09-20 12:00 */
  g_assert_cmpfloat_with_epsilon (late->overdue_by, 8 * 24 + 2, 1e-9);

  g_assert_cmpuint (a->still_open, ==, 1);
  g_assert_true (g_ptr_array_index (a->worst, 0) == late);

  a = g_ptr_array_index (r->accountable, 1);
  g_assert_true (a->figures == u1);
  g_assert_cmpuint (a->still_open, ==, 0);
  late = g_ptr_array_index (a->late, 0);
  g_assert_cmpstr (late->ticket_id, ==, "JXT2");

  /* the appendix's order: the ticket still open (T4, 194 h) before the
   * one done a working day late (T2) */
  g_assert_cmpuint (r->late_worst->len, ==, 2);
  g_assert_cmpstr (((DubanReportLateTicket *) g_ptr_array_index (r->late_worst, 0))->ticket_id, ==, "JXT4");
  g_assert_cmpstr (((DubanReportLateTicket *) g_ptr_array_index (r->late_worst, 1))->ticket_id, ==, "JXT2");
  g_assert_cmpint (late->state, ==, DUBAN_STATE_DONE_LATE);
  g_assert_cmpint (late->unit, ==, DUBAN_DURATION_WORKING_DAYS);
  g_assert_cmpfloat_with_epsilon (late->overdue_by, 1.0, 1e-9);
}

static void
test_trend_categories_repeats (Fixture       *f,
                               gconstpointer  data)
{
  const DubanReport *r = f->report;
  const guint received[] = { 1, 1, 1, 0, 1, 0, 0 };
  const guint resolved[] = { 1, 1, 1, 0, 1, 0, 0 };   /* T5 Mon, T1 Tue, T3 Wed, T2 Fri */
  const guint overdue[] = { 0, 0, 0, 1, 0, 1, 0 };    /* T2 due Thu, T4 due Sat */
  const DubanReportCount *count;
  const DubanReportRepeat *repeat;

  g_assert_cmpuint (r->days->len, ==, 7);
  for (guint i = 0; i < 7; i++)
    {
      const DubanReportDay *day = &g_array_index (r->days, DubanReportDay, i);

      g_assert_cmpint (day->day, ==, d ("2026-09-07") + (int) i);
      g_assert_cmpuint (day->received, ==, received[i]);
      g_assert_cmpuint (day->resolved, ==, resolved[i]);
      g_assert_cmpuint (day->overdue, ==, overdue[i]);
    }

  /* 供水: T1 T2 now, T5 before; 道路交通: T3 T4 now */
  g_assert_cmpuint (r->categories->len, ==, 2);
  count = g_ptr_array_index (r->categories, 0);
  g_assert_cmpstr (count->key, ==, "供水");
  g_assert_cmpuint (count->received, ==, 2);
  g_assert_cmpuint (count->previous, ==, 1);
  count = g_ptr_array_index (r->categories, 1);
  g_assert_cmpstr (count->key, ==, "道路交通");
  g_assert_cmpuint (count->received, ==, 2);
  g_assert_cmpuint (count->previous, ==, 0);

  g_assert_cmpuint (r->grids->len, ==, 2);
  count = g_ptr_array_index (r->grids, 0);
  g_assert_cmpstr (count->key, ==, TOWN1_GRID);
  g_assert_cmpstr (count->parent_name, ==, "金乡街道");
  g_assert_cmpuint (count->received, ==, 2);

  g_assert_cmpuint (r->repeats->len, ==, 1);
  repeat = g_ptr_array_index (r->repeats, 0);
  g_assert_cmpstr (repeat->ticket_id, ==, "JXT4");
  g_assert_cmpstr (repeat->repeat_of, ==, "JXT1");
  g_assert_cmpstr (repeat->petitioner, ==, "张*");
}

static void
test_scope_unit (Fixture       *f,
                 gconstpointer  data)
{
  DubanReportSources sources = { f->tickets, &f->policy, f->calendar, name_lookup, NULL, NULL };
  g_autoptr(DubanReport) r = NULL;
  g_autoptr(GError) error = NULL;

  r = duban_report_build (&sources, DUBAN_REPORT_BULLETIN, DUBAN_SCOPE_UNIT, "U1",
                          d ("2026-09-07"), d ("2026-09-13"), t ("2026-09-20T12:00:00+08:00"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (r->scope_name, ==, "县水务局");
  g_assert_cmpuint (r->current->due, ==, 3);
  g_assert_cmpuint (r->current->on_time, ==, 2);
  g_assert_cmpuint (r->units->len, ==, 1);
  g_assert_cmpuint (r->towns->len, ==, 0);
  g_assert_cmpuint (r->late_total, ==, 1);

  {
    DubanScopeKind kind;
    g_autofree char *code = NULL;

    g_assert_true (duban_report_scope_parse ("town:370828001", &kind, &code, NULL));
    g_assert_cmpint (kind, ==, DUBAN_SCOPE_TOWN);
    g_assert_cmpstr (code, ==, "370828001");
    g_clear_pointer (&code, g_free);
    g_assert_false (duban_report_scope_parse ("town:12", &kind, &code, NULL));
    g_assert_false (duban_report_scope_parse ("village:1", &kind, &code, NULL));
  }
}

static void
test_previous_month (void)
{
  DubanDay first, last;

  /* a month against the month before, whatever their lengths */
  duban_report_previous_period (d ("2026-03-01"), d ("2026-03-31"), &first, &last);
  g_assert_cmpint (first, ==, d ("2026-02-01"));
  g_assert_cmpint (last, ==, d ("2026-02-28"));
  duban_report_previous_period (d ("2026-01-01"), d ("2026-03-31"), &first, &last);
  g_assert_cmpint (first, ==, d ("2025-10-01"));
  g_assert_cmpint (last, ==, d ("2025-12-31"));
}

static char *
run (const char *command_line)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_command_line_sync (command_line, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", command_line, err);
  return g_steal_pointer (&out);
}

static void
assert_private (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_pdf (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmpdir, "bulletin.pdf", NULL);
  g_autofree char *command = NULL;
  g_autofree char *fonts = NULL;
  g_autofree char *text = NULL;
  g_autofree char *how_late = duban_duration_format (194, DUBAN_DURATION_HOURS);
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanReportDocument) doc = duban_report_document_new (f->report);

  g_assert_true (duban_report_write_pdf (f->report, path, &error));
  g_assert_no_error (error);
  assert_private (path);

  /* both CJK SC faces, embedded */
  command = g_strdup_printf ("pdffonts '%s'", path);
  fonts = run (command);
  g_test_message ("%s", fonts);
  {
    g_auto(GStrv) lines = g_strsplit (fonts, "\n", -1);
    gboolean serif = FALSE, sans = FALSE;

    for (guint i = 2; lines[i] != NULL; i++)
      {
        if (*lines[i] == '\0')
          continue;
        /* every font embedded: the "emb" column says yes */
        g_assert_nonnull (strstr (lines[i], " yes "));
        serif |= strstr (lines[i], "NotoSerifCJKsc") != NULL;
        sans |= strstr (lines[i], "NotoSansCJKsc") != NULL;
      }
    g_assert_true (serif);
    g_assert_true (sans);
  }

  g_free (command);
  command = g_strdup_printf ("pdftotext -enc UTF-8 -layout '%s' -", path);
  text = run (command);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "金乡县社会治理服务中心督办中心"));
  /* not issued: no number (test-document-numbers.c gives one) */
  g_assert_null (f->report->document_number);
  g_assert_nonnull (strstr (text, "60.00%"));      /* on-time completion, 3 / 5 */
  /* pdftotext may drop the thin spaces of "3 / 5" */
  g_assert_true (strstr (text, "3 / 5") != NULL || strstr (text, "3/5") != NULL);
  g_assert_nonnull (strstr (text, "66.67%"));      /* satisfaction, 2 / 3 */
  g_assert_nonnull (strstr (text, "59.3"));        /* the score */
  g_assert_nonnull (strstr (text, "67.5"));        /* U2's score */
  g_assert_nonnull (strstr (text, "县住建局"));
  g_assert_nonnull (strstr (text, "JXT4"));
  g_assert_nonnull (strstr (text, how_late));
  g_assert_nonnull (strstr (text, "张*"));
  g_assert_null (strstr (text, "张三"));
  g_assert_null (strstr (text, "13812341234"));
  g_assert_true (strstr (text, "— 1 —") != NULL || strstr (text, "—1—") != NULL);
  /* every page of the file is a page of the document the preview draws */
  g_free (command);
  command = g_strdup_printf ("pdfinfo '%s'", path);
  {
    g_autofree char *info = run (command);
    const char *line = strstr (info, "Pages:");

    g_assert_nonnull (line);
    g_assert_cmpuint (g_ascii_strtoull (line + strlen ("Pages:"), NULL, 10), ==,
                      duban_report_document_get_n_pages (doc));
  }
}

/* The <c> element of @cell in a sheet's XML, or NULL. */
static char *
find_cell (const char *xml,
           const char *cell)
{
  g_autofree char *needle = g_strdup_printf ("<c r=\"%s\"", cell);
  const char *start = strstr (xml, needle);
  const char *end;

  if (start == NULL)
    return NULL;
  end = strstr (start, "</c>");
  if (end == NULL || (strstr (start, "/>") != NULL && strstr (start, "/>") < end))
    end = strstr (start, "/>");
  return g_strndup (start, end - start);
}

static void
test_xlsx (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmpdir, "bulletin.xlsx", NULL);
  g_autofree char *command = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *units = NULL;
  g_autofree char *cell = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (duban_report_write_xlsx (f->report, path, &error));
  g_assert_no_error (error);
  assert_private (path);

  command = g_strdup_printf ("unzip -p '%s' xl/worksheets/sheet1.xml", path);
  summary = run (command);
  /* row 4: the on-time completion rate, 0.6 as a number (no t="s") with a format */
  cell = find_cell (summary, "B4");
  g_assert_nonnull (cell);
  g_test_message ("B4: %s", cell);
  g_assert_null (strstr (cell, "t=\"s\""));
  g_assert_nonnull (strstr (cell, " s=\""));
  g_assert_nonnull (strstr (cell, "<v>0.6</v>"));
  g_clear_pointer (&cell, g_free);
  /* C4 and D4: numerator and denominator */
  cell = find_cell (summary, "C4");
  g_assert_nonnull (strstr (cell, "<v>3</v>"));
  g_clear_pointer (&cell, g_free);
  cell = find_cell (summary, "D4");
  g_assert_nonnull (strstr (cell, "<v>5</v>"));
  g_clear_pointer (&cell, g_free);
  /* B2: received, a plain count */
  cell = find_cell (summary, "B2");
  g_assert_nonnull (strstr (cell, "<v>4</v>"));
  g_assert_null (strstr (cell, "t=\"s\""));
  g_clear_pointer (&cell, g_free);

  /* the units sheet: U2 first, score 67.5 in column R */
  g_free (command);
  command = g_strdup_printf ("unzip -p '%s' xl/worksheets/sheet2.xml", path);
  units = run (command);
  cell = find_cell (units, "R2");
  g_assert_nonnull (cell);
  g_assert_nonnull (strstr (cell, "<v>67.5</v>"));
  g_assert_null (strstr (cell, "t=\"s\""));
  g_clear_pointer (&cell, g_free);
  /* U1's contact rate has no data: the one text allowed in a number column */
  cell = find_cell (units, "L3");
  g_assert_nonnull (strstr (cell, "t=\"s\""));

  /* the percent format is a real number format */
  g_free (command);
  command = g_strdup_printf ("unzip -p '%s' xl/styles.xml", path);
  {
    g_autofree char *styles = run (command);
    g_assert_nonnull (strstr (styles, "formatCode=\"0.00%\""));
  }
}

static void
test_csv (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmpdir, "bulletin.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (duban_report_write_csv (f->report, DUBAN_REPORT_CSV_KEYS, path, &error));
  g_assert_no_error (error);
  assert_private (path);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  /* for scripts: no byte order mark, stable keys */
  g_assert_true (g_str_has_prefix (text, "# figures\r\nrank,key,name,"));
  g_assert_nonnull (strstr (text, "# accountability\r\n"));
  /* the county line: received 4, resolved 3, 0.75, due 5, on time 3, 0.6 */
  g_assert_nonnull (strstr (text, ",金乡县,4,3,0.750000,5,3,0.600000,2,1,0.500000,3,2,0.666667,"));
  g_assert_nonnull (strstr (text, "U2,县住建局,JXT4,工单 JXT4,2026-09-12T10:00:00+08:00,194.0000,hours,open_overdue"));
  g_assert_nonnull (strstr (text, "2026-09-10,0,0,1\r\n"));

  /* for people, the default: the byte order mark Excel needs to read
   * UTF-8, names instead of keys, civil times, states as shown */
  g_clear_pointer (&text, g_free);
  g_assert_true (duban_report_write_csv (f->report, DUBAN_REPORT_CSV_NAMES, path, &error));
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_true (g_str_has_prefix (text, "\xef\xbb\xbf# "));
  g_assert_null (strstr (text, "rank,key,name,"));
  g_assert_null (strstr (text, "# accountability\r\n"));
  g_assert_null (strstr (text, "open_overdue"));
  g_assert_nonnull (strstr (text, ",JXT4,工单 JXT4,2026-09-12 10:00,194.0000,"));
  g_assert_nonnull (strstr (text, duban_state_to_display (DUBAN_STATE_OPEN_OVERDUE)));
}

static void
test_supervision (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "orders.db", NULL);
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GPtrArray) tickets = hand_built_tickets ();
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(DubanReport) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (tmpdir, "supervision.pdf", NULL);
  g_autofree char *command = NULL;
  g_autofree char *text = NULL;
  DubanReportSources sources = { 0 };
  DubanSlaPolicy policy;
  DubanTime now = duban_time_now ();
  DubanDay today = duban_day_of_time (now);
  const DubanReportUnitResponse *u;

  store = duban_store_open (db, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < tickets->len; i++)
    g_assert_true (duban_store_upsert_ticket (store, g_ptr_array_index (tickets, i), NULL, &error));

  /* T1 was resolved long before its reply-by time; T4 is still open */
  g_autoptr(DubanOrder) a = duban_orders_issue (store, "JXT1", DUBAN_ORDER_NOTICE, "请核实", now + DUBAN_USEC_PER_DAY, &error);
  g_assert_no_error (error);
  g_autoptr(DubanOrder) b = duban_orders_issue (store, "JXT4", DUBAN_ORDER_RED, "立即办理", now + DUBAN_USEC_PER_DAY, &error);
  g_assert_no_error (error);
  orders = duban_orders_list (store, NULL, &error);
  g_assert_no_error (error);

  duban_sla_policy_init_defaults (&policy);
  sources.tickets = tickets;
  sources.policy = &policy;
  sources.calendar = calendar;
  sources.orders = orders;
  r = duban_report_build (&sources, DUBAN_REPORT_SUPERVISION, DUBAN_SCOPE_COUNTY, NULL,
                          today, today, now + DUBAN_USEC_PER_HOUR, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->orders->len, ==, 2);
  g_assert_cmpuint (r->orders_by_level[DUBAN_ORDER_NOTICE], ==, 1);
  g_assert_cmpuint (r->orders_by_level[DUBAN_ORDER_RED], ==, 1);
  g_assert_cmpuint (r->orders_by_delivery[DUBAN_DELIVERY_PENDING], ==, 2);
  g_assert_cmpuint (r->orders_by_response[DUBAN_RESPONSE_ON_TIME], ==, 1);
  g_assert_cmpuint (r->orders_by_response[DUBAN_RESPONSE_PENDING], ==, 1);
  g_assert_cmpuint (r->unit_responses->len, ==, 2);
  u = g_ptr_array_index (r->unit_responses, 0);
  g_assert_cmpuint (u->orders, ==, 1);

  /* a unit's scope sees only its own orders */
  {
    g_autoptr(DubanReport) unit = duban_report_build (&sources, DUBAN_REPORT_SUPERVISION, DUBAN_SCOPE_UNIT, "U2",
                                                      today, today, now + DUBAN_USEC_PER_HOUR, &error);
    g_assert_cmpuint (unit->orders->len, ==, 1);
    g_assert_cmpint (((DubanReportOrder *) g_ptr_array_index (unit->orders, 0))->response, ==, DUBAN_RESPONSE_PENDING);
  }
  /* a day later, T4's reply-by time has passed without a reply */
  {
    g_autoptr(DubanReport) later = duban_report_build (&sources, DUBAN_REPORT_SUPERVISION, DUBAN_SCOPE_COUNTY, NULL,
                                                       today, today, now + 2 * DUBAN_USEC_PER_DAY, &error);
    g_assert_cmpuint (later->orders_by_response[DUBAN_RESPONSE_MISSING], ==, 1);
  }

  g_assert_true (duban_report_write_pdf (r, pdf, &error));
  command = g_strdup_printf ("pdftotext -enc UTF-8 -layout '%s' -", pdf);
  text = run (command);
  g_assert_nonnull (strstr (text, "JXT4"));
  g_assert_nonnull (strstr (text, "县住建局"));
  g_assert_nonnull (strstr (text, r->issuer));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("duban-report-XXXXXX", NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/report/figures-by-hand", test_figures_by_hand);
  ADD ("/report/rankings-and-accountability", test_rankings_and_accountability);
  ADD ("/report/trend-categories-repeats", test_trend_categories_repeats);
  ADD ("/report/scope-unit", test_scope_unit);
  ADD ("/report/pdf", test_pdf);
  ADD ("/report/xlsx", test_xlsx);
  ADD ("/report/csv", test_csv);
#undef ADD
  g_test_add_func ("/report/previous-month", test_previous_month);
  g_test_add_func ("/report/supervision", test_supervision);

  status = g_test_run ();

  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  }
  return status;
}
