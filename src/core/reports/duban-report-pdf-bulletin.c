/* duban-report-pdf-bulletin.c — the blocks of the 考评通报
 *
 * The bulletin's sections in the order a leader reads them: the figures
 * against their targets, the rankings, the red and black boards, the
 * accountability list, the level of settlement, categories, hotspots, the
 * trend and the repeat complaints. Each section is a function, so another
 * section is one more call in duban_report_pdf_build_bulletin().
 */

#define G_LOG_DOMAIN "duban-report-pdf-bulletin"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "duban-report-judgement.h"
#include "duban-report-pdf-private.h"

static void
add_figures_table (DubanReportDocument *doc)
{
  const DubanReport *r = doc->report;
  const DubanFigures *now = r->current, *before = r->previous;
  /* "−33.33 百分点" must fit whole in the change column: a reader
   * checks the change by hand, and an ellipsis hides its unit */
  static const Column columns[] = {
    { N_("Figure"), 2.6, FALSE },
    { N_("This period"), 1.2, TRUE },
    { N_("Count"), 1.7, TRUE },
    { N_("Previous period"), 1.3, TRUE },
    { N_("Change"), 1.9, TRUE },
    { N_("Target"), 1.0, TRUE },
  };
  Column translated[G_N_ELEMENTS (columns)];
  Block *table;

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    translated[i] = columns[i], translated[i].title = _(columns[i].title);
  table = duban_report_pdf_add_table (doc, translated, G_N_ELEMENTS (columns));

  {
    g_autofree char *a = duban_report_pdf_count_text (now->received);
    g_autofree char *b = duban_report_pdf_count_text (before->received);
    g_autofree char *c = duban_report_pdf_signed_count (now->received, before->received);
    duban_report_pdf_table_row (table, _("Tickets received"), a, "", b, c, "");
  }
  {
    g_autofree char *a = duban_report_pdf_count_text (now->resolved);
    g_autofree char *b = duban_report_pdf_count_text (before->resolved);
    g_autofree char *c = duban_report_pdf_signed_count (now->resolved, before->resolved);
    duban_report_pdf_table_row (table, _("Resolved of those"), a, "", b, c, "");
  }
#define RATE_ROW(label, field, num, den, target) \
  { \
    g_autofree char *a = duban_report_format_rate (now->field); \
    g_autofree char *n = g_strdup_printf ("%u / %u", now->num, now->den); \
    g_autofree char *b = duban_report_format_rate (before->field); \
    g_autofree char *c = duban_report_format_change (now->field, before->field); \
    duban_report_pdf_table_row (table, label, a, n, b, c, target); \
  }
  RATE_ROW (_("On-time completion rate"), on_time_completion_rate, on_time, due, "100%");
  RATE_ROW (_("On-time contact rate (urgent)"), on_time_contact_rate, contacted_on_time, urgent_due, "");
  RATE_ROW (_("Satisfaction rate"), satisfaction_rate, satisfied, visited, "");
  RATE_ROW (_("Completion rate"), completion_rate, resolved, received, "");
#undef RATE_ROW
  {
    g_autofree char *a = duban_report_pdf_number_text (now->mean_hours_urgent, 1);
    g_autofree char *n = g_strdup_printf ("%u", now->received_urgent);
    g_autofree char *b = duban_report_pdf_number_text (before->mean_hours_urgent, 1);
    duban_report_pdf_table_row (table, _("Mean handling time, urgent (hours)"), a, n, b, "", "");
  }
  {
    g_autofree char *a = duban_report_pdf_number_text (now->mean_working_days_normal, 2);
    g_autofree char *n = g_strdup_printf ("%u", now->received_normal);
    g_autofree char *b = duban_report_pdf_number_text (before->mean_working_days_normal, 2);
    duban_report_pdf_table_row (table, _("Mean handling time, normal (working days)"), a, n, b, "", "");
  }
  {
    g_autofree char *a = duban_report_pdf_number_text (now->score, 1);
    g_autofree char *b = duban_report_pdf_number_text (before->score, 1);
    g_autofree char *c = isnan (now->score) || isnan (before->score)
      ? g_strdup ("—") : g_strdup_printf ("%+.1f", now->score - before->score);
    duban_report_pdf_table_row (table, _("Score"), a, "", b, c, "");
  }
}

static char *
fraction_text (guint numerator,
               guint denominator)
{
  return g_strdup_printf ("%u/%u", numerator, denominator);
}

/* A rate is never printed without what it is a share of: "95.00%" beside
 * "19/20", so a reader sees a town ranked on three tickets for what it is. */
static void
ranking_rows (Block     *table,
              GPtrArray *groups,
              gboolean   sample_short)
{
  for (guint i = 0; i < groups->len; i++)
    {
      const DubanFigures *f = g_ptr_array_index (groups, i);
      g_autofree char *rank = NULL;
      g_autofree char *received = duban_report_pdf_count_text (f->received);
      g_autofree char *on_time = fraction_text (f->on_time, f->due);
      g_autofree char *completion = duban_report_format_rate (f->on_time_completion_rate);
      g_autofree char *contacted = fraction_text (f->contacted_on_time, f->urgent_due);
      g_autofree char *contact = duban_report_format_rate (f->on_time_contact_rate);
      g_autofree char *satisfied = fraction_text (f->satisfied, f->visited);
      g_autofree char *satisfaction = duban_report_format_rate (f->satisfaction_rate);
      g_autofree char *score = duban_report_pdf_number_text (f->score, 1);

      if (duban_report_is_sample_short (f) != sample_short)
        continue;
      rank = f->rank > 0 ? g_strdup_printf ("%u", f->rank) : g_strdup ("—");
      duban_report_pdf_table_row (table, rank, f->name, received, on_time, completion,
                                  contacted, contact, satisfied, satisfaction, score);
    }
}

static guint
count_sample_short (GPtrArray *groups)
{
  guint n = 0;

  for (guint i = 0; i < groups->len; i++)
    {
      const DubanFigures *f = g_ptr_array_index (groups, i);

      n += duban_report_is_sample_short (f);
    }
  return n;
}

/* The ranked groups, then apart those too small to rank (样本不足): one
 * dissatisfied ticket must not put a unit that handled three at the
 * bottom of a public bulletin. */
static void
add_ranking (DubanReportDocument *doc,
             GPtrArray           *groups,
             const char          *name_title)
{
  /* in points of the 442-point text width: a unit's full name (12 Han
   * characters), "100.00%" and a prefecture's month, "19441/22000", whole */
  const Column columns[] = {
    { _("Rank"), 17, TRUE },
    { name_title, 102, FALSE },
    { _("Received"), 28, TRUE },
    { _("On time / due"), 52, TRUE },
    { _("On-time completion"), 36, TRUE },
    { _("On time / urgent due"), 52, TRUE },
    { _("On-time contact"), 36, TRUE },
    { _("Satisfied / rated"), 52, TRUE },
    { C_("rate column", "Satisfaction"), 36, TRUE },
    { _("Score"), 31, TRUE },
  };
  guint min_due = doc->report->ranking_min_due;
  guint n_short = count_sample_short (groups);
  Block *table;

  if (groups->len == 0)
    {
      duban_report_pdf_add_block (doc, BLOCK_PARAGRAPH, _("No ticket was received in the period."));
      return;
    }
  /* ten columns: set a size smaller, so that every cell is whole */
  table = duban_report_pdf_add_table (doc, columns, G_N_ELEMENTS (columns));
  table->dense = TRUE;

  ranking_rows (table, groups, FALSE);
  if (n_short > 0)
    {
      g_autofree char *line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "Too few to rank: fewer than %u deadline in the period",
                                                            "Too few to rank: fewer than %u deadlines in the period",
                                                            min_due),
                                               min_due);

      duban_report_pdf_add_block (doc, BLOCK_SUBHEADING, line);
      table = duban_report_pdf_add_table (doc, columns, G_N_ELEMENTS (columns));
      table->dense = TRUE;
      ranking_rows (table, groups, TRUE);
    }
}

static void
add_board (DubanReportDocument *doc,
           GPtrArray           *units,
           const char          *label)
{
  const Column columns[] = {
    { _("Board"), 40, FALSE },
    { _("Rank"), 24, TRUE },
    { _("Unit"), 130, FALSE },
    { _("Score"), 30, TRUE },
    { _("On time / due"), 56, TRUE },
    { _("On-time completion"), 52, TRUE },
    { _("Satisfied / rated"), 56, TRUE },
    { C_("rate column", "Satisfaction"), 54, TRUE },
  };
  Block *table;

  if (units->len == 0)
    return;
  table = duban_report_pdf_add_table (doc, columns, G_N_ELEMENTS (columns));
  for (guint i = 0; i < units->len; i++)
    {
      const DubanFigures *f = g_ptr_array_index (units, i);
      g_autofree char *rank = g_strdup_printf ("%u", f->rank);
      g_autofree char *score = duban_report_pdf_number_text (f->score, 1);
      g_autofree char *on_time = fraction_text (f->on_time, f->due);
      g_autofree char *completion = duban_report_format_rate (f->on_time_completion_rate);
      g_autofree char *satisfied = fraction_text (f->satisfied, f->visited);
      g_autofree char *satisfaction = duban_report_format_rate (f->satisfaction_rate);

      duban_report_pdf_table_row (table, label, rank, f->name, score, on_time, completion, satisfied, satisfaction);
    }
}

static void
late_row (Block                       *table,
          const char                  *unit_name,
          const DubanReportLateTicket *late)
{
  g_autofree char *deadline = duban_time_format_civil (late->deadline);
  g_autofree char *how_late = duban_duration_format (late->overdue_by, late->unit);

  duban_report_pdf_table_row (table, unit_name != NULL ? unit_name : "", late->ticket_id, late->title,
                              deadline, how_late, duban_state_to_display (late->state));
}

/* A leader reads one line per unit and its worst cases: the PDF's length
 * follows the number of units, not of late tickets. Every late ticket
 * is in the appendix's count and in the XLSX and CSV. */
static void
add_accountability (DubanReportDocument *doc)
{
  const DubanReport *r = doc->report;
  const Column unit_columns[] = {
    { _("Unit"), 150, FALSE },
    { _("On time / due"), 60, TRUE },
    { _("On-time completion"), 64, TRUE },
    { _("Late"), 40, TRUE },
    { _("Of them still open"), 54, TRUE },
    { _("Longest late"), 74, TRUE },
  };
  /* the deadline whole, to the minute: lateness is checked against it */
  const Column worst_columns[] = {
    { _("Unit"), 90, FALSE },
    { _("Ticket"), 68, FALSE },
    { _("Title"), 104, FALSE },
    { _("Deadline"), 72, FALSE },
    { _("How late"), 62, TRUE },
    { _("State"), 46, FALSE },
  };
  Block *table;

  if (r->accountable->len == 0)
    {
      duban_report_pdf_add_block (doc, BLOCK_PARAGRAPH, _("Every unit met every deadline that fell in the period."));
      return;
    }

  {
    g_autofree char *intro = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "%u unit fell short of 100%% on-time completion, with %u late tickets in all:",
                                                           "%u units fell short of 100%% on-time completion, with %u late tickets in all:",
                                                           r->accountable->len),
                                              r->accountable->len, r->late_total);
    duban_report_pdf_add_block (doc, BLOCK_PARAGRAPH, intro);
  }

  table = duban_report_pdf_add_table (doc, unit_columns, G_N_ELEMENTS (unit_columns));
  for (guint i = 0; i < r->accountable->len; i++)
    {
      const DubanReportAccountable *a = g_ptr_array_index (r->accountable, i);
      g_autofree char *on_time = fraction_text (a->figures->on_time, a->figures->due);
      g_autofree char *rate = duban_report_format_rate (a->figures->on_time_completion_rate);
      g_autofree char *late = duban_report_pdf_count_text (a->late->len);
      g_autofree char *open = duban_report_pdf_count_text (a->still_open);
      g_autofree char *longest = NULL;

      if (a->worst->len > 0)
        {
          const DubanReportLateTicket *w = g_ptr_array_index (a->worst, 0);

          longest = duban_duration_format (w->overdue_by, w->unit);
        }
      duban_report_pdf_table_row (table, a->figures->name, on_time, rate, late, open, longest ? longest : "—");
    }

  {
    g_autofree char *line = g_strdup_printf (_("The worst late tickets of each unit (at most %u): still open first, then the longest late"),
                                             DUBAN_REPORT_WORST_PER_UNIT);

    duban_report_pdf_add_block (doc, BLOCK_SUBHEADING, line);
  }
  table = duban_report_pdf_add_table (doc, worst_columns, G_N_ELEMENTS (worst_columns));
  for (guint i = 0; i < r->accountable->len; i++)
    {
      const DubanReportAccountable *a = g_ptr_array_index (r->accountable, i);

      for (guint j = 0; j < a->worst->len && j < DUBAN_REPORT_WORST_PER_UNIT; j++)
        late_row (table, a->figures->name, g_ptr_array_index (a->worst, j));
    }
}

/* 附件: the late tickets, the worst first, as many as a leader can read;
 * it says how many there are and where the rest are. */
static void
add_late_appendix (DubanReportDocument *doc)
{
  const DubanReport *r = doc->report;
  const Column columns[] = {
    { _("Unit"), 90, FALSE },
    { _("Ticket"), 68, FALSE },
    { _("Title"), 104, FALSE },
    { _("Deadline"), 72, FALSE },
    { _("How late"), 62, TRUE },
    { _("State"), 46, FALSE },
  };
  guint shown = MIN (r->late_total, DUBAN_REPORT_LATE_ON_PAPER);
  g_autofree char *intro = NULL;
  g_autoptr(GHashTable) unit_of = NULL;
  Block *table;

  if (r->late_total == 0)
    return;

  duban_report_pdf_add_block (doc, BLOCK_HEADING, _("Appendix: late tickets"));
  if (shown < r->late_total)
    intro = g_strdup_printf (_("%u tickets missed their deadline in the period. The %u worst are listed here "
                               "(still open first, then the longest late); the Excel and CSV exports list all %u."),
                             r->late_total, shown, r->late_total);
  else
    intro = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u ticket missed its deadline in the period; it is listed here, as in the Excel and CSV exports.",
                                          "%u tickets missed their deadline in the period; all are listed here, as in the Excel and CSV exports.",
                                          r->late_total),
                             r->late_total);
  duban_report_pdf_add_block (doc, BLOCK_PARAGRAPH, intro);

  /* a late ticket's unit is its accountable entry's */
  unit_of = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < r->accountable->len; i++)
    {
      const DubanReportAccountable *a = g_ptr_array_index (r->accountable, i);

      for (guint j = 0; j < a->late->len; j++)
        g_hash_table_insert (unit_of, g_ptr_array_index (a->late, j), a->figures->name);
    }
  table = duban_report_pdf_add_table (doc, columns, G_N_ELEMENTS (columns));
  for (guint i = 0; i < shown; i++)
    {
      const DubanReportLateTicket *late = g_ptr_array_index (r->late_worst, i);

      late_row (table, g_hash_table_lookup (unit_of, late), late);
    }
}

static void
add_settlement (DubanReportDocument *doc)
{
  const DubanFigures *f = doc->report->current;
  const Column columns[] = {
    { _("Level"), 3.0, FALSE },
    { _("Tickets"), 1.0, TRUE },
    { _("Share"), 1.0, TRUE },
  };
  Block *table = duban_report_pdf_add_table (doc, columns, G_N_ELEMENTS (columns));
  const struct { const char *label; guint count; double share; } rows[] = {
    { _("Settled in the grid (small matters stay in the grid)"), f->settled_grid, f->settled_grid_share },
    { _("Settled in the town (big matters stay in the town)"), f->settled_town, f->settled_town_share },
    { _("Settled in the county (hard matters stay in the county)"), f->settled_county, f->settled_county_share },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *count = duban_report_pdf_count_text (rows[i].count);
      g_autofree char *share = duban_report_format_rate (rows[i].share);

      duban_report_pdf_table_row (table, rows[i].label, count, share);
    }
  {
    g_autofree char *total = duban_report_pdf_count_text (f->settled_total);
    duban_report_pdf_table_row (table, _("Total with a recorded level"), total, "");
  }
}

static void
add_counts (DubanReportDocument *doc,
            GPtrArray           *counts,
            gboolean             grids)
{
  const Column category_columns[] = {
    { _("Category"), 3.0, FALSE },
    { _("Received"), 1.0, TRUE },
    { _("Previous period"), 1.4, TRUE },
    { _("Change"), 1.0, TRUE },
  };
  const Column grid_columns[] = {
    { _("Grid"), 3.0, FALSE },
    { _("Town"), 1.6, FALSE },
    { _("Received"), 1.0, TRUE },
    { _("Previous period"), 1.6, TRUE },
    { _("Change"), 1.0, TRUE },
  };
  Block *table;

  /* no heading over an empty table */
  if (counts->len == 0 || ((DubanReportCount *) g_ptr_array_index (counts, 0))->received == 0)
    {
      duban_report_pdf_add_block (doc, BLOCK_PARAGRAPH, _("No ticket was received in the period."));
      return;
    }
  table = grids ? duban_report_pdf_add_table (doc, grid_columns, G_N_ELEMENTS (grid_columns))
                : duban_report_pdf_add_table (doc, category_columns, G_N_ELEMENTS (category_columns));

  for (guint i = 0; i < counts->len && i < DUBAN_REPORT_TOP_N; i++)
    {
      const DubanReportCount *c = g_ptr_array_index (counts, i);
      g_autofree char *now = duban_report_pdf_count_text (c->received);
      g_autofree char *before = duban_report_pdf_count_text (c->previous);
      g_autofree char *change = duban_report_pdf_signed_count (c->received, c->previous);

      if (c->received == 0)
        break;
      if (grids)
        duban_report_pdf_table_row (table, c->name, c->parent_name, now, before, change);
      else
        duban_report_pdf_table_row (table, c->name, now, before, change);
    }
}

static void
add_repeats (DubanReportDocument *doc)
{
  const DubanReport *r = doc->report;
  const Column columns[] = {
    { _("Ticket"), 1.5, FALSE },
    { _("Received"), 2.0, FALSE },
    { _("Category"), 0.9, FALSE },
    { _("Unit"), 1.5, FALSE },
    { _("Petitioner"), 0.8, FALSE },
    { _("Repeat of"), 1.5, FALSE },
  };
  g_autofree char *intro = NULL;
  Block *table;

  if (r->repeats->len == 0)
    {
      duban_report_pdf_add_block (doc, BLOCK_PARAGRAPH, _("No ticket received in the period repeats an earlier one."));
      return;
    }

  intro = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u ticket received in the period repeats an earlier one (%.2f%% of %u received):",
                                        "%u tickets received in the period repeat an earlier one (%.2f%% of %u received):",
                                        r->repeats->len),
                           r->repeats->len,
                           r->current->received ? 100.0 * r->repeats->len / r->current->received : 0.0,
                           r->current->received);
  duban_report_pdf_add_block (doc, BLOCK_PARAGRAPH, intro);
  /* a year has thousands: the paper shows the latest, the workbook all */
  if (r->repeats->len > MAX_REPEATS_ON_PAPER)
    {
      g_autofree char *note = g_strdup_printf (_("The latest %u are listed; the Excel and CSV exports list all %u."),
                                               MAX_REPEATS_ON_PAPER, r->repeats->len);
      duban_report_pdf_add_block (doc, BLOCK_NOTE, note);
    }
  table = duban_report_pdf_add_table (doc, columns, G_N_ELEMENTS (columns));
  for (guint i = r->repeats->len > MAX_REPEATS_ON_PAPER ? r->repeats->len - MAX_REPEATS_ON_PAPER : 0;
       i < r->repeats->len; i++)
    {
      const DubanReportRepeat *repeat = g_ptr_array_index (r->repeats, i);
      g_autofree char *received = duban_time_format_civil (repeat->received_at);

      duban_report_pdf_table_row (table, repeat->ticket_id, received, repeat->category, repeat->unit_name,
                 repeat->petitioner, repeat->repeat_of);
    }
}

void
duban_report_pdf_build_bulletin (DubanReportDocument *doc)
{
  const DubanReport *r = doc->report;
  const DubanFigures *now = r->current;
  g_autofree char *completion = duban_report_format_rate (now->completion_rate);
  g_autofree char *on_time = duban_report_format_rate (now->on_time_completion_rate);
  g_autofree char *on_time_change = duban_report_format_change (now->on_time_completion_rate, r->previous->on_time_completion_rate);
  g_autofree char *contact = duban_report_format_rate (now->on_time_contact_rate);
  g_autofree char *satisfaction = duban_report_format_rate (now->satisfaction_rate);
  g_autofree char *score = duban_report_pdf_number_text (now->score, 1);
  g_autofree char *summary = NULL;

  duban_report_pdf_add_front_matter (doc);

  summary = g_strdup_printf (_("In the period %u tickets were received and %u of them resolved (completion rate %s). "
                               "%u tickets reached their deadline in the period and %u were resolved on time: "
                               "the on-time completion rate is %s against a target of 100%% (%s on the previous period). "
                               "On-time contact rate %s, satisfaction rate %s, score %s. "
                               "%u late tickets are listed for accountability below."),
                             now->received, now->resolved, completion,
                             now->due, now->on_time, on_time, on_time_change,
                             contact, satisfaction, score, r->late_total);
  duban_report_pdf_add_block (doc, BLOCK_PARAGRAPH, summary);

  duban_report_pdf_add_block (doc, BLOCK_HEADING, _("The figures against their targets"));
  add_figures_table (doc);

  duban_report_pdf_add_block (doc, BLOCK_HEADING, _("Ranking of the responsible units"));
  add_ranking (doc, r->units, _("Unit"));

  if (r->towns->len > 0)
    {
      duban_report_pdf_add_block (doc, BLOCK_HEADING, _("Ranking of the towns and subdistricts"));
      add_ranking (doc, r->towns, _("Town"));
    }

  duban_report_pdf_add_block (doc, BLOCK_HEADING, _("Red and black boards"));
  if (r->red->len == 0)
    duban_report_pdf_add_block (doc, BLOCK_PARAGRAPH, _("No unit has a score for the period."));
  add_board (doc, r->red, _("Red board"));
  add_board (doc, r->black, _("Black board"));
  {
    g_autofree char *rule = duban_report_board_rule (r);

    duban_report_pdf_add_block (doc, BLOCK_NOTE, rule);
  }

  duban_report_pdf_add_block (doc, BLOCK_HEADING, _("Accountability list"));
  add_accountability (doc);

  duban_report_pdf_add_block (doc, BLOCK_HEADING, _("Level of settlement"));
  add_settlement (doc);

  duban_report_pdf_add_block (doc, BLOCK_HEADING, _("Top categories"));
  add_counts (doc, r->categories, FALSE);

  duban_report_pdf_add_block (doc, BLOCK_HEADING, _("Hotspot grids"));
  /* drawn by the desk's own map painter, grids coloured by what they received */
  if (r->regions != NULL && r->grids->len > 0)
    duban_report_pdf_add_block (doc, BLOCK_MAP, NULL);
  add_counts (doc, r->grids, TRUE);

  duban_report_pdf_add_block (doc, BLOCK_HEADING, _("Tickets per day"));
  duban_report_pdf_add_block (doc, BLOCK_CHART, NULL);

  duban_report_pdf_add_block (doc, BLOCK_HEADING, _("Repeat complaints"));
  add_repeats (doc);

  if (r->judgement != NULL)
    {
      g_autoptr(GPtrArray) judgement = duban_report_judgement_paragraphs (r);

      duban_report_pdf_add_block (doc, BLOCK_HEADING, _("Analysis: problems before they grow"));
      for (guint i = 0; i < judgement->len; i++)
        duban_report_pdf_add_block (doc, BLOCK_PARAGRAPH, g_ptr_array_index (judgement, i));
    }

  duban_report_pdf_add_signature_and_notes (doc);
  add_late_appendix (doc);
}
