/* duban-report-pdf.c — a report laid out as an official document (GB/T 9704)
 *
 * The document is a list of blocks (header, title, headings, paragraphs,
 * tables, a chart) paginated once on A4 in points. Tables split between
 * rows and repeat their header; a heading never ends a page. Text is
 * measured with a Pango context of its own (72 dpi, no hinting), so the
 * same rows land on the same pages whatever surface draws them: the PDF,
 * the printer's cairo_t, or the preview widget.
 */

#define G_LOG_DOMAIN "duban-report-pdf"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "duban-map-painter.h"
#include "duban-report-judgement.h"
#include "duban-report-pdf.h"

#define MM                 (72.0 / 25.4)
/* GB/T 9704: top margin 37 mm, left 28 mm, a text block of 156 × 225 mm */
#define MARGIN_TOP         (37 * MM)
#define MARGIN_LEFT        (28 * MM)
#define TEXT_WIDTH         (156 * MM)
#define TEXT_HEIGHT        (225 * MM)
#define TEXT_BOTTOM        (MARGIN_TOP + TEXT_HEIGHT)
#define BLOCK_GAP          6.0
#define CELL_PADDING       2.5
#define CHART_HEIGHT       170.0
#define MAP_HEIGHT         260.0
#define LEGEND_SCALE       0.6
#define MAX_COLUMNS        10
#define MAX_REPEATS_ON_PAPER 40u

/* the red of the issuing body's mark */
#define RED_R 0.80
#define RED_G 0.05
#define RED_B 0.05

typedef enum {
  BLOCK_HEADER,
  BLOCK_TITLE,
  BLOCK_SUBTITLE,
  BLOCK_HEADING,
  BLOCK_SUBHEADING,
  BLOCK_PARAGRAPH,
  BLOCK_PLAIN,
  BLOCK_NOTE,
  BLOCK_TABLE,
  BLOCK_CHART,
  BLOCK_MAP,
  BLOCK_SIGNATURE,
} BlockKind;

typedef enum {
  FONT_HEADER,
  FONT_NUMBER,
  FONT_TITLE,
  FONT_SUBTITLE,
  FONT_HEADING,
  FONT_SUBHEADING,
  FONT_BODY,
  FONT_NOTE,
  FONT_TABLE,
  FONT_TABLE_HEAD,
  FONT_SMALL,
  N_FONTS
} FontRole;

typedef struct {
  const char *title;
  double      share;      /* of the text width */
  gboolean    numeric;    /* right-aligned */
} Column;

typedef struct {
  BlockKind   kind;
  char       *text;
  double      height;          /* measured; tables: one row */
  /* tables */
  guint       n_columns;
  Column      columns[MAX_COLUMNS];
  GPtrArray  *cells;           /* char*, row-major */
  guint       n_rows;
} Block;

typedef struct {
  guint  block;
  double y;
  guint  row_start;
  guint  row_end;
} Placed;

struct _DubanReportDocument
{
  const DubanReport  *report;
  GPtrArray          *blocks;
  GPtrArray          *pages;        /* GArray of Placed */
  PangoContext       *context;
  PangoLayout        *layouts[N_FONTS];
  double              row_height;
  double              head_height;   /* a table's column titles, up to two lines */
};

static const struct {
  const char *family;
  double      size;
  PangoWeight weight;
} fonts[N_FONTS] = {
  [FONT_HEADER]     = { DUBAN_REPORT_SANS_FONT, 26, PANGO_WEIGHT_BOLD },
  [FONT_NUMBER]     = { DUBAN_REPORT_SERIF_FONT, 13, PANGO_WEIGHT_NORMAL },
  [FONT_TITLE]      = { DUBAN_REPORT_SERIF_FONT, 19, PANGO_WEIGHT_BOLD },
  [FONT_SUBTITLE]   = { DUBAN_REPORT_SERIF_FONT, 11.5, PANGO_WEIGHT_NORMAL },
  [FONT_HEADING]    = { DUBAN_REPORT_SANS_FONT, 13, PANGO_WEIGHT_BOLD },
  [FONT_SUBHEADING] = { DUBAN_REPORT_SANS_FONT, 10.5, PANGO_WEIGHT_BOLD },
  [FONT_BODY]       = { DUBAN_REPORT_SERIF_FONT, 11.5, PANGO_WEIGHT_NORMAL },
  [FONT_NOTE]       = { DUBAN_REPORT_SERIF_FONT, 8.5, PANGO_WEIGHT_NORMAL },
  [FONT_TABLE]      = { DUBAN_REPORT_SANS_FONT, 8, PANGO_WEIGHT_NORMAL },
  [FONT_TABLE_HEAD] = { DUBAN_REPORT_SANS_FONT, 8, PANGO_WEIGHT_BOLD },
  [FONT_SMALL]      = { DUBAN_REPORT_SANS_FONT, 7.5, PANGO_WEIGHT_NORMAL },
};

static void
block_free (Block *block)
{
  g_free (block->text);
  g_clear_pointer (&block->cells, g_ptr_array_unref);
  g_free (block);
}

static PangoLayout *
layout_for (DubanReportDocument *doc,
            FontRole             role)
{
  g_assert (role < N_FONTS);

  if (doc->layouts[role] == NULL)
    {
      PangoFontDescription *desc = pango_font_description_new ();
      PangoLayout *layout = pango_layout_new (doc->context);

      pango_font_description_set_family (desc, fonts[role].family);
      pango_font_description_set_size (desc, (int) (fonts[role].size * PANGO_SCALE));
      pango_font_description_set_weight (desc, fonts[role].weight);
      pango_layout_set_font_description (layout, desc);
      pango_font_description_free (desc);
      doc->layouts[role] = layout;
    }

  return doc->layouts[role];
}

/* A layout ready to show @text in @width points (0: unbounded, one line). */
static PangoLayout *
prepare_text (DubanReportDocument *doc,
              FontRole             role,
              const char          *text,
              double               width,
              PangoAlignment       alignment,
              gboolean             single_line,
              double               indent)
{
  PangoLayout *layout = layout_for (doc, role);

  pango_layout_set_tabs (layout, NULL);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, width > 0 ? (int) (width * PANGO_SCALE) : -1);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_indent (layout, (int) (indent * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (layout, single_line ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  pango_layout_set_spacing (layout, single_line ? 0 : (int) (fonts[role].size * 0.35 * PANGO_SCALE));
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

/* ---- building the blocks ------------------------------------------------ */

static Block *
add_block (DubanReportDocument *doc,
           BlockKind            kind,
           const char          *text)
{
  Block *block = g_new0 (Block, 1);

  block->kind = kind;
  block->text = g_strdup (text);
  g_ptr_array_add (doc->blocks, block);
  return block;
}

static Block *
add_table (DubanReportDocument *doc,
           const Column        *columns,
           guint                n_columns)
{
  Block *block = add_block (doc, BLOCK_TABLE, NULL);
  double total = 0;

  g_assert (n_columns <= MAX_COLUMNS);
  block->n_columns = n_columns;
  for (guint i = 0; i < n_columns; i++)
    total += columns[i].share;
  for (guint i = 0; i < n_columns; i++)
    {
      block->columns[i] = columns[i];
      block->columns[i].share = columns[i].share / total;
    }
  block->cells = g_ptr_array_new_with_free_func (g_free);
  return block;
}

/* Exactly n_columns strings; the table copies them. */
static void
table_row (Block *table,
           ...)
{
  va_list args;

  va_start (args, table);
  for (guint i = 0; i < table->n_columns; i++)
    {
      const char *cell = va_arg (args, const char *);

      g_ptr_array_add (table->cells, g_strdup (cell ? cell : ""));
    }
  va_end (args);
  table->n_rows++;
}

static char *
count_text (guint value)
{
  return g_strdup_printf ("%u", value);
}

static char *
number_text (double value,
             int    decimals)
{
  return isnan (value) ? g_strdup (_("no data")) : g_strdup_printf ("%.*f", decimals, value);
}

static char *
signed_count (guint now,
              guint before)
{
  return g_strdup_printf ("%+d", (int) now - (int) before);
}

static char *
civil_date (DubanDay day)
{
  int y, m, d;

  duban_day_to_ymd (day, &y, &m, &d);
  /* TRANSLATORS: a document's date; positional: year, month, day (e.g. %1$d年%2$d月%3$d日) */
  return g_strdup_printf (C_("document date", "%1$d-%2$02d-%3$02d"), y, m, d);
}

static void
add_figures_table (DubanReportDocument *doc)
{
  const DubanReport *r = doc->report;
  const DubanFigures *now = r->current, *before = r->previous;
  /* "−33.33 百分点" must fit whole in the change column: a reader
   * checks the change by hand, and an ellipsis hides its unit */
  static const Column columns[] = {
    { N_("Figure"), 2.8, FALSE },
    { N_("This period"), 1.2, TRUE },
    { N_("Count"), 1.3, TRUE },
    { N_("Previous period"), 1.3, TRUE },
    { N_("Change"), 1.9, TRUE },
    { N_("Target"), 1.0, TRUE },
  };
  Column translated[G_N_ELEMENTS (columns)];
  Block *table;

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    translated[i] = columns[i], translated[i].title = _(columns[i].title);
  table = add_table (doc, translated, G_N_ELEMENTS (columns));

  {
    g_autofree char *a = count_text (now->received);
    g_autofree char *b = count_text (before->received);
    g_autofree char *c = signed_count (now->received, before->received);
    table_row (table, _("Tickets received"), a, "", b, c, "");
  }
  {
    g_autofree char *a = count_text (now->resolved);
    g_autofree char *b = count_text (before->resolved);
    g_autofree char *c = signed_count (now->resolved, before->resolved);
    table_row (table, _("Resolved of those"), a, "", b, c, "");
  }
#define RATE_ROW(label, field, num, den, target) \
  { \
    g_autofree char *a = duban_report_format_rate (now->field); \
    g_autofree char *n = g_strdup_printf ("%u / %u", now->num, now->den); \
    g_autofree char *b = duban_report_format_rate (before->field); \
    g_autofree char *c = duban_report_format_change (now->field, before->field); \
    table_row (table, label, a, n, b, c, target); \
  }
  RATE_ROW (_("On-time completion rate"), on_time_completion_rate, on_time, due, "100%");
  RATE_ROW (_("On-time contact rate (urgent)"), on_time_contact_rate, contacted_on_time, urgent_due, "");
  RATE_ROW (_("Satisfaction rate"), satisfaction_rate, satisfied, visited, "");
  RATE_ROW (_("Completion rate"), completion_rate, resolved, received, "");
#undef RATE_ROW
  {
    g_autofree char *a = number_text (now->mean_hours_urgent, 1);
    g_autofree char *n = g_strdup_printf ("%u", now->received_urgent);
    g_autofree char *b = number_text (before->mean_hours_urgent, 1);
    table_row (table, _("Mean handling time, urgent (hours)"), a, n, b, "", "");
  }
  {
    g_autofree char *a = number_text (now->mean_working_days_normal, 2);
    g_autofree char *n = g_strdup_printf ("%u", now->received_normal);
    g_autofree char *b = number_text (before->mean_working_days_normal, 2);
    table_row (table, _("Mean handling time, normal (working days)"), a, n, b, "", "");
  }
  {
    g_autofree char *a = number_text (now->score, 1);
    g_autofree char *b = number_text (before->score, 1);
    g_autofree char *c = isnan (now->score) || isnan (before->score)
      ? g_strdup ("—") : g_strdup_printf ("%+.1f", now->score - before->score);
    table_row (table, _("Score"), a, "", b, c, "");
  }
}

static void
add_ranking (DubanReportDocument *doc,
             GPtrArray           *groups,
             const char          *name_title)
{
  const Column columns[] = {
    { _("Rank"), 0.6, TRUE },
    { name_title, 3.2, FALSE },
    { _("Received"), 1.1, TRUE },
    { _("Due"), 0.7, TRUE },
    { _("On time"), 0.9, TRUE },
    { _("On-time completion"), 1.3, TRUE },
    { _("On-time contact"), 1.2, TRUE },
    { C_("rate column", "Satisfaction"), 1.4, TRUE },
    { _("Score"), 1.0, TRUE },
  };
  Block *table = add_table (doc, columns, G_N_ELEMENTS (columns));

  for (guint i = 0; i < groups->len; i++)
    {
      const DubanFigures *f = g_ptr_array_index (groups, i);
      g_autofree char *rank = isnan (f->score) ? g_strdup ("—") : g_strdup_printf ("%u", i + 1);
      g_autofree char *received = count_text (f->received);
      g_autofree char *due = count_text (f->due);
      g_autofree char *on_time = count_text (f->on_time);
      g_autofree char *completion = duban_report_format_rate (f->on_time_completion_rate);
      g_autofree char *contact = duban_report_format_rate (f->on_time_contact_rate);
      g_autofree char *satisfaction = duban_report_format_rate (f->satisfaction_rate);
      g_autofree char *score = number_text (f->score, 1);

      table_row (table, rank, f->name, received, due, on_time, completion, contact, satisfaction, score);
    }
}

static void
add_board (DubanReportDocument *doc,
           GPtrArray           *units,
           const char          *label)
{
  const Column columns[] = {
    { _("Board"), 1.3, FALSE },
    { _("Unit"), 3.4, FALSE },
    { _("Score"), 1.0, TRUE },
    { _("On-time completion"), 1.5, TRUE },
    { C_("rate column", "Satisfaction"), 1.3, TRUE },
  };
  Block *table;

  if (units->len == 0)
    return;
  table = add_table (doc, columns, G_N_ELEMENTS (columns));
  for (guint i = 0; i < units->len; i++)
    {
      const DubanFigures *f = g_ptr_array_index (units, i);
      g_autofree char *score = number_text (f->score, 1);
      g_autofree char *completion = duban_report_format_rate (f->on_time_completion_rate);
      g_autofree char *satisfaction = duban_report_format_rate (f->satisfaction_rate);

      table_row (table, label, f->name, score, completion, satisfaction);
    }
}

static void
add_accountability (DubanReportDocument *doc)
{
  const DubanReport *r = doc->report;
  const Column columns[] = {
    /* the deadline whole, to the minute: lateness is checked against it */
    { _("Ticket"), 1.5, FALSE },
    { _("Title"), 2.3, FALSE },
    { _("Deadline"), 2.0, FALSE },
    { _("How late"), 1.6, TRUE },
    { _("State"), 1.1, FALSE },
  };

  if (r->accountable->len == 0)
    {
      add_block (doc, BLOCK_PARAGRAPH, _("Every unit met every deadline that fell in the period."));
      return;
    }

  {
    g_autofree char *intro = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "%u unit fell short of 100%% on-time completion, with %u late tickets in all:",
                                                           "%u units fell short of 100%% on-time completion, with %u late tickets in all:",
                                                           r->accountable->len),
                                              r->accountable->len, r->late_total);
    add_block (doc, BLOCK_PARAGRAPH, intro);
  }

  for (guint i = 0; i < r->accountable->len; i++)
    {
      const DubanReportAccountable *a = g_ptr_array_index (r->accountable, i);
      g_autofree char *rate = duban_report_format_rate (a->figures->on_time_completion_rate);
      g_autofree char *line = g_strdup_printf (_("%s — on-time completion %s (%u of %u on time), %u late"),
                                               a->figures->name, rate, a->figures->on_time,
                                               a->figures->due, a->late->len);
      Block *table;

      add_block (doc, BLOCK_SUBHEADING, line);
      table = add_table (doc, columns, G_N_ELEMENTS (columns));
      for (guint j = 0; j < a->late->len; j++)
        {
          const DubanReportLateTicket *late = g_ptr_array_index (a->late, j);
          g_autofree char *deadline = duban_time_format_civil (late->deadline);
          g_autofree char *how_late = duban_duration_format (late->overdue_by, late->unit);

          table_row (table, late->ticket_id, late->title, deadline, how_late,
                     duban_state_to_display (late->state));
        }
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
  Block *table = add_table (doc, columns, G_N_ELEMENTS (columns));
  const struct { const char *label; guint count; double share; } rows[] = {
    { _("Settled in the grid (small matters stay in the grid)"), f->settled_grid, f->settled_grid_share },
    { _("Settled in the town (big matters stay in the town)"), f->settled_town, f->settled_town_share },
    { _("Settled in the county (hard matters stay in the county)"), f->settled_county, f->settled_county_share },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *count = count_text (rows[i].count);
      g_autofree char *share = duban_report_format_rate (rows[i].share);

      table_row (table, rows[i].label, count, share);
    }
  {
    g_autofree char *total = count_text (f->settled_total);
    table_row (table, _("Total with a recorded level"), total, "");
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
  Block *table = grids ? add_table (doc, grid_columns, G_N_ELEMENTS (grid_columns))
                       : add_table (doc, category_columns, G_N_ELEMENTS (category_columns));

  for (guint i = 0; i < counts->len && i < DUBAN_REPORT_TOP_N; i++)
    {
      const DubanReportCount *c = g_ptr_array_index (counts, i);
      g_autofree char *now = count_text (c->received);
      g_autofree char *before = count_text (c->previous);
      g_autofree char *change = signed_count (c->received, c->previous);

      if (c->received == 0)
        break;
      if (grids)
        table_row (table, c->name, c->parent_name, now, before, change);
      else
        table_row (table, c->name, now, before, change);
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
      add_block (doc, BLOCK_PARAGRAPH, _("No ticket received in the period repeats an earlier one."));
      return;
    }

  intro = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u ticket received in the period repeats an earlier one (%.2f%% of %u received):",
                                        "%u tickets received in the period repeat an earlier one (%.2f%% of %u received):",
                                        r->repeats->len),
                           r->repeats->len,
                           r->current->received ? 100.0 * r->repeats->len / r->current->received : 0.0,
                           r->current->received);
  add_block (doc, BLOCK_PARAGRAPH, intro);
  /* a year has thousands: the paper shows the latest, the workbook all */
  if (r->repeats->len > MAX_REPEATS_ON_PAPER)
    {
      g_autofree char *note = g_strdup_printf (_("The latest %u are listed; the Excel and CSV exports list all %u."),
                                               MAX_REPEATS_ON_PAPER, r->repeats->len);
      add_block (doc, BLOCK_NOTE, note);
    }
  table = add_table (doc, columns, G_N_ELEMENTS (columns));
  for (guint i = r->repeats->len > MAX_REPEATS_ON_PAPER ? r->repeats->len - MAX_REPEATS_ON_PAPER : 0;
       i < r->repeats->len; i++)
    {
      const DubanReportRepeat *repeat = g_ptr_array_index (r->repeats, i);
      g_autofree char *received = duban_time_format_civil (repeat->received_at);

      table_row (table, repeat->ticket_id, received, repeat->category, repeat->unit_name,
                 repeat->petitioner, repeat->repeat_of);
    }
}

static void
add_front_matter (DubanReportDocument *doc)
{
  const DubanReport *r = doc->report;
  g_autofree char *period = duban_report_format_period (r);
  g_autofree char *at = duban_time_format_civil (r->at);
  g_autofree char *subtitle = g_strdup_printf (_("%s · %s · as known at %s"), r->scope_name, period, at);

  add_block (doc, BLOCK_HEADER, r->document_number);
  add_block (doc, BLOCK_TITLE, duban_report_title (r));
  add_block (doc, BLOCK_SUBTITLE, subtitle);
  add_block (doc, BLOCK_PLAIN, _("To every town and subdistrict and every responsible unit:"));
}

static void
add_signature_and_notes (DubanReportDocument *doc)
{
  const DubanReport *r = doc->report;
  g_autofree char *date = civil_date (duban_day_of_time (r->at));
  g_autofree char *signature = g_strdup_printf ("%s%s\n%s", DUBAN_REPORT_ISSUER, DUBAN_REPORT_DEPARTMENT, date);
  const char * const *definitions = duban_report_definitions (r->kind);

  add_block (doc, BLOCK_SIGNATURE, signature);
  add_block (doc, BLOCK_SUBHEADING, _("Notes: how each figure is counted"));
  for (guint i = 0; definitions[i] != NULL; i++)
    {
      g_autofree char *line = g_strdup_printf ("%u. %s", i + 1, definitions[i]);
      add_block (doc, BLOCK_NOTE, line);
    }
  for (guint i = 0; i < r->fallback_years->len; i++)
    {
      g_autofree char *line = g_strdup_printf (_("No working-day calendar was available for %d: working days in it were counted Monday to Friday."),
                                               g_array_index (r->fallback_years, int, i));
      add_block (doc, BLOCK_NOTE, line);
    }
}

static void
build_bulletin (DubanReportDocument *doc)
{
  const DubanReport *r = doc->report;
  const DubanFigures *now = r->current;
  g_autofree char *completion = duban_report_format_rate (now->completion_rate);
  g_autofree char *on_time = duban_report_format_rate (now->on_time_completion_rate);
  g_autofree char *on_time_change = duban_report_format_change (now->on_time_completion_rate, r->previous->on_time_completion_rate);
  g_autofree char *contact = duban_report_format_rate (now->on_time_contact_rate);
  g_autofree char *satisfaction = duban_report_format_rate (now->satisfaction_rate);
  g_autofree char *score = number_text (now->score, 1);
  g_autofree char *summary = NULL;

  add_front_matter (doc);

  summary = g_strdup_printf (_("In the period %u tickets were received and %u of them resolved (completion rate %s). "
                               "%u tickets reached their deadline in the period and %u were resolved on time: "
                               "the on-time completion rate is %s against a target of 100%% (%s on the previous period). "
                               "On-time contact rate %s, satisfaction rate %s, score %s. "
                               "%u late tickets are listed for accountability below."),
                             now->received, now->resolved, completion,
                             now->due, now->on_time, on_time, on_time_change,
                             contact, satisfaction, score, r->late_total);
  add_block (doc, BLOCK_PARAGRAPH, summary);

  add_block (doc, BLOCK_HEADING, _("The figures against their targets"));
  add_figures_table (doc);

  add_block (doc, BLOCK_HEADING, _("Ranking of the responsible units"));
  add_ranking (doc, r->units, _("Unit"));

  if (r->towns->len > 0)
    {
      add_block (doc, BLOCK_HEADING, _("Ranking of the towns and subdistricts"));
      add_ranking (doc, r->towns, _("Town"));
    }

  add_block (doc, BLOCK_HEADING, _("Red and black boards"));
  if (r->red->len == 0)
    add_block (doc, BLOCK_PARAGRAPH, _("No unit has a score for the period."));
  add_board (doc, r->red, _("Red board"));
  add_board (doc, r->black, _("Black board"));

  add_block (doc, BLOCK_HEADING, _("Accountability list"));
  add_accountability (doc);

  add_block (doc, BLOCK_HEADING, _("Level of settlement"));
  add_settlement (doc);

  add_block (doc, BLOCK_HEADING, _("Top categories"));
  add_counts (doc, r->categories, FALSE);

  add_block (doc, BLOCK_HEADING, _("Hotspot grids"));
  /* drawn by the desk's own map painter, grids coloured by what they received */
  if (r->regions != NULL && r->grids->len > 0)
    add_block (doc, BLOCK_MAP, NULL);
  add_counts (doc, r->grids, TRUE);

  add_block (doc, BLOCK_HEADING, _("Tickets per day"));
  add_block (doc, BLOCK_CHART, NULL);

  add_block (doc, BLOCK_HEADING, _("Repeat complaints"));
  add_repeats (doc);

  if (r->judgement != NULL)
    {
      g_autoptr(GPtrArray) judgement = duban_report_judgement_paragraphs (r);

      add_block (doc, BLOCK_HEADING, _("Analysis: problems before they grow"));
      for (guint i = 0; i < judgement->len; i++)
        add_block (doc, BLOCK_PARAGRAPH, g_ptr_array_index (judgement, i));
    }

  add_signature_and_notes (doc);
}

static void
build_supervision (DubanReportDocument *doc)
{
  const DubanReport *r = doc->report;
  const Column level_columns[] = {
    { _("Level"), 2.0, FALSE },
    { _("Orders"), 1.0, TRUE },
  };
  const Column unit_columns[] = {
    { _("Unit"), 3.0, FALSE },
    { _("Orders"), 0.8, TRUE },
    { _("Delivered"), 0.9, TRUE },
    { C_("order response", "Replied in time"), 1.1, TRUE },
    { C_("order response", "Replied late"), 1.0, TRUE },
    { C_("order response", "No reply, past due"), 1.2, TRUE },
    { C_("order response", "Awaiting reply"), 1.1, TRUE },
  };
  const Column order_columns[] = {
    { _("Ticket"), 1.4, FALSE },
    { _("Unit"), 1.6, FALSE },
    { _("Level"), 0.6, FALSE },
    { _("Issued"), 1.3, FALSE },
    { _("Reply by"), 1.3, FALSE },
    { _("Delivery"), 0.9, FALSE },
    { _("Response"), 1.3, FALSE },
    { _("State"), 0.9, FALSE },
  };
  g_autofree char *summary = NULL;
  Block *table;

  add_front_matter (doc);

  summary = g_strdup_printf (_("In the period %u supervision orders were issued: %u delivered to the platform, %u pending, %u refused. "
                               "The units replied in time to %u, late to %u; %u are past their reply-by time without a reply and %u are awaiting a reply."),
                             r->orders->len, r->orders_by_delivery[1], r->orders_by_delivery[0], r->orders_by_delivery[2],
                             r->orders_by_response[DUBAN_RESPONSE_ON_TIME], r->orders_by_response[DUBAN_RESPONSE_LATE],
                             r->orders_by_response[DUBAN_RESPONSE_MISSING], r->orders_by_response[DUBAN_RESPONSE_PENDING]);
  add_block (doc, BLOCK_PARAGRAPH, summary);

  add_block (doc, BLOCK_HEADING, _("Orders by level"));
  table = add_table (doc, level_columns, G_N_ELEMENTS (level_columns));
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *count = count_text (r->orders_by_level[i]);
      table_row (table, duban_order_level_to_display (i), count);
    }

  add_block (doc, BLOCK_HEADING, _("The units' responses"));
  if (r->unit_responses->len == 0)
    add_block (doc, BLOCK_PARAGRAPH, _("No supervision order was issued in the period."));
  else
    {
      table = add_table (doc, unit_columns, G_N_ELEMENTS (unit_columns));
      for (guint i = 0; i < r->unit_responses->len; i++)
        {
          const DubanReportUnitResponse *u = g_ptr_array_index (r->unit_responses, i);
          g_autofree char *orders = count_text (u->orders);
          g_autofree char *delivered = count_text (u->delivered);
          g_autofree char *a = count_text (u->responses[0]);
          g_autofree char *b = count_text (u->responses[1]);
          g_autofree char *c = count_text (u->responses[2]);
          g_autofree char *d = count_text (u->responses[3]);

          table_row (table, u->unit_name, orders, delivered, a, b, c, d);
        }
    }

  add_block (doc, BLOCK_HEADING, _("The orders"));
  if (r->orders->len > 0)
    {
      table = add_table (doc, order_columns, G_N_ELEMENTS (order_columns));
      for (guint i = 0; i < r->orders->len; i++)
        {
          const DubanReportOrder *o = g_ptr_array_index (r->orders, i);
          g_autofree char *issued = duban_time_format_civil (o->record->issued_at);
          g_autofree char *reply_by = o->record->respond_by != DUBAN_TIME_NONE ? duban_time_format_civil (o->record->respond_by) : g_strdup ("—");

          table_row (table, o->record->ticket_id, o->unit_name, duban_order_level_to_display (o->record->level),
                     issued, reply_by, duban_delivery_state_to_display (o->record->delivery),
                     duban_order_response_to_display (o->response),
                     o->state == DUBAN_STATE_NOT_YET ? "—" : duban_state_to_display (o->state));
        }
    }

  add_signature_and_notes (doc);
}

/* ---- measuring and paginating ------------------------------------------- */

static double
measure_block (DubanReportDocument *doc,
               Block               *block)
{
  switch (block->kind)
    {
    case BLOCK_HEADER:
      return 110.0;
    case BLOCK_TITLE:
      return layout_height (prepare_text (doc, FONT_TITLE, block->text, TEXT_WIDTH, PANGO_ALIGN_CENTER, FALSE, 0)) + 6;
    case BLOCK_SUBTITLE:
      return layout_height (prepare_text (doc, FONT_SUBTITLE, block->text, TEXT_WIDTH, PANGO_ALIGN_CENTER, FALSE, 0)) + 10;
    case BLOCK_HEADING:
      return layout_height (prepare_text (doc, FONT_HEADING, block->text, TEXT_WIDTH, PANGO_ALIGN_LEFT, FALSE, 0)) + 6;
    case BLOCK_SUBHEADING:
      return layout_height (prepare_text (doc, FONT_SUBHEADING, block->text, TEXT_WIDTH, PANGO_ALIGN_LEFT, FALSE, 0)) + 2;
    case BLOCK_PARAGRAPH:
      return layout_height (prepare_text (doc, FONT_BODY, block->text, TEXT_WIDTH, PANGO_ALIGN_LEFT, FALSE, 2 * fonts[FONT_BODY].size));
    case BLOCK_PLAIN:
      return layout_height (prepare_text (doc, FONT_BODY, block->text, TEXT_WIDTH, PANGO_ALIGN_LEFT, FALSE, 0));
    case BLOCK_NOTE:
      return layout_height (prepare_text (doc, FONT_NOTE, block->text, TEXT_WIDTH, PANGO_ALIGN_LEFT, FALSE, 0)) - BLOCK_GAP + 2;
    case BLOCK_SIGNATURE:
      return layout_height (prepare_text (doc, FONT_BODY, block->text, TEXT_WIDTH - 2 * fonts[FONT_BODY].size, PANGO_ALIGN_RIGHT, FALSE, 0)) + 24;
    case BLOCK_TABLE:
      return doc->row_height;
    case BLOCK_CHART:
      return CHART_HEIGHT;
    case BLOCK_MAP:
      return MAP_HEIGHT;
    default:
      g_assert_not_reached ();
    }
}

static GArray *
new_page (DubanReportDocument *doc)
{
  GArray *page = g_array_new (FALSE, FALSE, sizeof (Placed));

  g_ptr_array_add (doc->pages, page);
  return page;
}

static void
paginate (DubanReportDocument *doc)
{
  GArray *page = new_page (doc);
  double y = MARGIN_TOP;

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (doc->blocks, i);

      if (block->kind == BLOCK_TABLE)
        {
          guint row = 0;
          /* a table starts where its header and three rows fit */
          double need = doc->head_height + doc->row_height * MIN (block->n_rows, 3);

          if (y + need > TEXT_BOTTOM && y > MARGIN_TOP)
            page = new_page (doc), y = MARGIN_TOP;

          do
            {
              guint fit = (guint) floor ((TEXT_BOTTOM - y - doc->head_height) / doc->row_height);
              guint n = MIN (fit, block->n_rows - row);

              /* no widows: a page never starts with a table's last lonely row */
              if (n < block->n_rows - row && block->n_rows - row - n < 2 && n > 2)
                n--;
              Placed placed = { i, y, row, row + n };

              if (fit == 0)
                {
                  page = new_page (doc), y = MARGIN_TOP;
                  continue;
                }
              g_array_append_val (page, placed);
              y += doc->head_height + doc->row_height * n;
              row += n;
              if (row < block->n_rows)
                page = new_page (doc), y = MARGIN_TOP;
            }
          while (row < block->n_rows);
          y += BLOCK_GAP;
        }
      else
        {
          double need = block->height;
          Placed placed = { i, 0, 0, 0 };

          /* headings keep with what follows */
          if ((block->kind == BLOCK_HEADING || block->kind == BLOCK_SUBHEADING) && i + 1 < doc->blocks->len)
            {
              Block *next = g_ptr_array_index (doc->blocks, i + 1);

              need += BLOCK_GAP;
              need += next->kind == BLOCK_TABLE ? doc->head_height + doc->row_height * MIN (next->n_rows, 3)
                                                : MIN (next->height, TEXT_HEIGHT / 3);
            }
          if (y + need > TEXT_BOTTOM && y > MARGIN_TOP)
            page = new_page (doc), y = MARGIN_TOP;
          placed.y = y;
          g_array_append_val (page, placed);
          y += block->height + BLOCK_GAP;
        }
    }
}

DubanReportDocument *
duban_report_document_new (const DubanReport *report)
{
  DubanReportDocument *doc;
  cairo_font_options_t *options;
  PangoFontMap *font_map;

  g_return_val_if_fail (report != NULL, NULL);

  doc = g_new0 (DubanReportDocument, 1);
  doc->report = report;
  doc->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  doc->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  /* Metrics of our own, not the surface's: the preview on a screen and
   * the printer must break pages where the PDF does. */
  font_map = pango_cairo_font_map_get_default ();
  doc->context = pango_font_map_create_context (font_map);
  pango_cairo_context_set_resolution (doc->context, 72.0);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (doc->context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (doc->context, FALSE);

  doc->row_height = layout_height (prepare_text (doc, FONT_TABLE, "国 0", 0, PANGO_ALIGN_LEFT, TRUE, 0)) + 2 * CELL_PADDING;
  /* column titles may take two lines: English ones are long */
  doc->head_height = layout_height (prepare_text (doc, FONT_TABLE_HEAD, "国\n0", 0, PANGO_ALIGN_LEFT, FALSE, 0)) + 2 * CELL_PADDING;

  if (report->kind == DUBAN_REPORT_SUPERVISION)
    build_supervision (doc);
  else
    build_bulletin (doc);

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (doc->blocks, i);

      block->height = measure_block (doc, block);
    }
  paginate (doc);

  return doc;
}

void
duban_report_document_free (DubanReportDocument *document)
{
  if (document == NULL)
    return;

  for (guint i = 0; i < N_FONTS; i++)
    g_clear_object (&document->layouts[i]);
  g_clear_object (&document->context);
  g_ptr_array_unref (document->blocks);
  g_ptr_array_unref (document->pages);
  g_free (document);
}

guint
duban_report_document_get_n_pages (DubanReportDocument *document)
{
  g_return_val_if_fail (document != NULL, 0);

  return document->pages->len;
}

/* ---- drawing ------------------------------------------------------------ */

static void
show_text (DubanReportDocument *doc,
           cairo_t             *cr,
           FontRole             role,
           const char          *text,
           double               x,
           double               y,
           double               width,
           PangoAlignment       alignment,
           gboolean             single_line,
           double               indent)
{
  PangoLayout *layout = prepare_text (doc, role, text, width, alignment, single_line, indent);

  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* Appends @text cut to about @width points of @size-point type. A
 * half-width character is reckoned 0.6 em and a full-width one 1.2 em —
 * more than they take — so that a cut cell never reaches the next tab. */
static void
append_fitted (GString    *out,
               const char *text,
               double      width,
               double      size)
{
  double budget = width / (0.6 * size);
  double used = 0;
  const char *p;

  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      used += g_unichar_iswide (c) ? 2 : 1;
      if (used > budget)
        break;
    }
  if (*p == '\0')
    {
      g_string_append (out, text);
      return;
    }

  /* room for the ellipsis */
  used = 0;
  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      double w = g_unichar_iswide (c) ? 2 : 1;

      if (used + w > budget - 2)
        break;
      used += w;
    }
  g_string_append_len (out, text, p - text);
  g_string_append (out, "…");
}

/* One row is one line of text with a tab stop per column (left for text,
 * right for numbers): a single layout and a single glyph run per row
 * rather than one per cell, which is what keeps a year's bulletin of
 * thousands of late tickets quick to write. */
static void
show_row (DubanReportDocument *doc,
          cairo_t             *cr,
          const Block         *block,
          FontRole             role,
          const char * const  *cells,
          double               y)
{
  PangoLayout *layout = layout_for (doc, role);
  PangoTabArray *tabs = pango_tab_array_new (block->n_columns, FALSE);
  g_autoptr(GString) line = g_string_sized_new (128);
  double x = 0;

  for (guint c = 0; c < block->n_columns; c++)
    {
      double w = block->columns[c].share * TEXT_WIDTH;
      gboolean numeric = block->columns[c].numeric;

      pango_tab_array_set_tab (tabs, c, numeric ? PANGO_TAB_RIGHT : PANGO_TAB_LEFT,
                               (int) ((numeric ? x + w - CELL_PADDING : x + CELL_PADDING) * PANGO_SCALE));
      g_string_append_c (line, '\t');
      append_fitted (line, cells[c], w - 2 * CELL_PADDING, fonts[role].size);
      x += w;
    }

  pango_layout_set_width (layout, -1);
  pango_layout_set_indent (layout, 0);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_spacing (layout, 0);
  pango_layout_set_alignment (layout, PANGO_ALIGN_LEFT);
  pango_layout_set_tabs (layout, tabs);
  pango_layout_set_text (layout, line->str, (int) line->len);
  cairo_move_to (cr, MARGIN_LEFT, y + CELL_PADDING);
  pango_cairo_show_layout (cr, layout);
  pango_layout_set_tabs (layout, NULL);
  pango_tab_array_free (tabs);
}

static void
draw_table (DubanReportDocument *doc,
            cairo_t             *cr,
            const Block         *block,
            const Placed        *placed)
{
  double y = placed->y;
  double rh = doc->row_height;

  /* header, repeated on every page the table spans; each title wraps
   * onto a second line rather than being cut */
  cairo_set_source_rgb (cr, 0.92, 0.92, 0.92);
  cairo_rectangle (cr, MARGIN_LEFT, y, TEXT_WIDTH, doc->head_height);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  {
    double x = MARGIN_LEFT;

    for (guint c = 0; c < block->n_columns; c++)
      {
        double w = block->columns[c].share * TEXT_WIDTH;
        PangoLayout *layout = prepare_text (doc, FONT_TABLE_HEAD, block->columns[c].title, w - 2 * CELL_PADDING,
                                            block->columns[c].numeric ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT,
                                            FALSE, 0);

        pango_layout_set_spacing (layout, 0);
        pango_layout_set_height (layout, -2);
        pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
        cairo_move_to (cr, x + CELL_PADDING, y + CELL_PADDING);
        pango_cairo_show_layout (cr, layout);
        pango_layout_set_height (layout, -1);
        x += w;
      }
  }
  y += doc->head_height;

  for (guint r = placed->row_start; r < placed->row_end; r++)
    {
      show_row (doc, cr, block, FONT_TABLE,
                (const char * const *) &g_ptr_array_index (block->cells, r * block->n_columns), y);
      y += rh;
      cairo_move_to (cr, MARGIN_LEFT, y);
      cairo_line_to (cr, MARGIN_LEFT + TEXT_WIDTH, y);
    }
  cairo_set_line_width (cr, 0.4);
  cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
}

static guint
nice_ceiling (guint value)
{
  guint step = 1;

  while (step * 10 <= value)
    step *= 10;
  for (guint m = 1; m <= 10; m++)
    if (step * m >= value)
      return MAX (step * m, 1);
  return value;
}

static void
draw_chart (DubanReportDocument *doc,
            cairo_t             *cr,
            double               top)
{
  const DubanReport *r = doc->report;
  const double left = MARGIN_LEFT + 34, right = MARGIN_LEFT + TEXT_WIDTH - 4;
  const double plot_top = top + 22, plot_bottom = top + CHART_HEIGHT - 18;
  const struct { const char *label; double red, green, blue; } series[] = {
    { _("Received"), 0.16, 0.38, 0.75 },
    { _("Resolved"), 0.20, 0.60, 0.30 },
    { _("Late (deadline that day, not met)"), RED_R, RED_G, RED_B },
  };
  guint n = r->days->len, max = 0, top_value;
  double legend_x = left;

  for (guint d = 0; d < n; d++)
    {
      const DubanReportDay *day = &g_array_index (r->days, DubanReportDay, d);

      max = MAX (max, MAX (day->received, MAX (day->resolved, day->overdue)));
    }
  top_value = nice_ceiling (MAX (max, 1));

  /* axes and grid lines at 0, ½ and the top */
  cairo_set_line_width (cr, 0.4);
  for (guint i = 0; i <= 2; i++)
    {
      double y = plot_bottom - (plot_bottom - plot_top) * i / 2.0;
      g_autofree char *label = g_strdup_printf ("%u", top_value * i / 2);

      cairo_set_source_rgb (cr, 0.8, 0.8, 0.8);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      show_text (doc, cr, FONT_SMALL, label, MARGIN_LEFT, y - 5, 30, PANGO_ALIGN_RIGHT, TRUE, 0);
    }
  for (guint i = 0; i < 3 && n > 0; i++)
    {
      guint d = i == 0 ? 0 : i == 1 ? n / 2 : n - 1;
      double x = n > 1 ? left + (right - left) * d / (n - 1) : left;
      g_autofree char *label = duban_day_format (g_array_index (r->days, DubanReportDay, d).day);

      show_text (doc, cr, FONT_SMALL, label, x - 40, plot_bottom + 3, 80,
                 i == 0 ? PANGO_ALIGN_LEFT : i == 1 ? PANGO_ALIGN_CENTER : PANGO_ALIGN_RIGHT, TRUE, 0);
    }

  for (guint s = 0; s < G_N_ELEMENTS (series); s++)
    {
      cairo_set_source_rgb (cr, series[s].red, series[s].green, series[s].blue);
      cairo_set_line_width (cr, n > 120 ? 0.6 : 1.2);
      for (guint d = 0; d < n; d++)
        {
          const DubanReportDay *day = &g_array_index (r->days, DubanReportDay, d);
          guint value = s == 0 ? day->received : s == 1 ? day->resolved : day->overdue;
          double x = n > 1 ? left + (right - left) * d / (n - 1) : (left + right) / 2;
          double y = plot_bottom - (plot_bottom - plot_top) * value / top_value;

          if (d == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      if (n == 1)
        cairo_rel_line_to (cr, 0.1, 0);
      cairo_stroke (cr);

      /* legend */
      cairo_rectangle (cr, legend_x, top + 6, 10, 3);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      show_text (doc, cr, FONT_SMALL, series[s].label, legend_x + 13, top + 1, 150, PANGO_ALIGN_LEFT, TRUE, 0);
      legend_x += 160;
    }
  cairo_set_source_rgb (cr, 0, 0, 0);
}

/* The county with its grids coloured by the tickets each received in the
 * period (the hotspot counts above), through the desk's map painter. */
static void
draw_map (DubanReportDocument *doc,
          cairo_t             *cr,
          double               top)
{
  const DubanReport *r = doc->report;
  guint n_areas = duban_regions_get_n_areas (r->regions);
  g_autofree double *values = g_new (double, MAX (n_areas, 1));
  DubanChoropleth choropleth = { DUBAN_CHOROPLETH_RECEIVED, DUBAN_AREA_GRID, values, 1 };
  double legend_width = 0, legend_height = 0;
  double min_x, min_y, max_x, max_y;
  DubanMapStyle style;
  DubanMapView view;

  for (guint i = 0; i < n_areas; i++)
    values[i] = duban_regions_get_area (r->regions, i)->level == DUBAN_AREA_GRID ? 0 : NAN;
  for (guint i = 0; i < r->grids->len; i++)
    {
      const DubanReportCount *count = g_ptr_array_index (r->grids, i);
      int index = duban_regions_lookup (r->regions, count->key);

      if (index >= 0)
        {
          values[index] = count->received;
          choropleth.max = MAX (choropleth.max, count->received);
        }
    }

  cairo_save (cr);
  cairo_translate (cr, MARGIN_LEFT, top);
  cairo_rectangle (cr, 0, 0, TEXT_WIDTH, MAP_HEIGHT);
  cairo_clip (cr);
  /* the painter's legend is sized for a screen: smaller on paper */
  cairo_save (cr);
  cairo_scale (cr, LEGEND_SCALE, LEGEND_SCALE);
  duban_map_painter_draw_legend (cr, &choropleth, FALSE, DUBAN_REPORT_SANS_FONT, 0, 0,
                                 &legend_width, &legend_height);
  cairo_restore (cr);
  legend_width *= LEGEND_SCALE;

  duban_regions_get_bounds (r->regions, &min_x, &min_y, &max_x, &max_y);
  duban_map_view_fit (&view, TEXT_WIDTH - legend_width - 8, MAP_HEIGHT, min_x, min_y, max_x, max_y, 4);
  duban_map_style_init (&style);
  style.background = FALSE;
  style.font = DUBAN_REPORT_SANS_FONT;
  cairo_translate (cr, legend_width + 8, 0);
  duban_map_painter_draw (cr, r->regions, &view, &choropleth, &style);
  cairo_restore (cr);
}

static void
draw_header (DubanReportDocument *doc,
             cairo_t             *cr,
             const Block         *block,
             double               top)
{
  g_autofree char *mark = g_strdup_printf ("%s%s", DUBAN_REPORT_ISSUER, DUBAN_REPORT_DEPARTMENT);
  double rule_y = top + block->height - 12;

  /* the issuing body's mark in red, then the number, then the red rule */
  cairo_set_source_rgb (cr, RED_R, RED_G, RED_B);
  show_text (doc, cr, FONT_HEADER, mark, MARGIN_LEFT, top, TEXT_WIDTH, PANGO_ALIGN_CENTER, TRUE, 0);
  cairo_set_source_rgb (cr, 0, 0, 0);
  show_text (doc, cr, FONT_NUMBER, block->text, MARGIN_LEFT, rule_y - 26, TEXT_WIDTH, PANGO_ALIGN_CENTER, TRUE, 0);
  cairo_set_source_rgb (cr, RED_R, RED_G, RED_B);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, MARGIN_LEFT, rule_y);
  cairo_line_to (cr, MARGIN_LEFT + TEXT_WIDTH, rule_y);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
}

static void
draw_block (DubanReportDocument *doc,
            cairo_t             *cr,
            const Block         *block,
            const Placed        *placed)
{
  double y = placed->y;

  switch (block->kind)
    {
    case BLOCK_HEADER:
      draw_header (doc, cr, block, y);
      break;
    case BLOCK_TITLE:
      show_text (doc, cr, FONT_TITLE, block->text, MARGIN_LEFT, y, TEXT_WIDTH, PANGO_ALIGN_CENTER, FALSE, 0);
      break;
    case BLOCK_SUBTITLE:
      show_text (doc, cr, FONT_SUBTITLE, block->text, MARGIN_LEFT, y, TEXT_WIDTH, PANGO_ALIGN_CENTER, FALSE, 0);
      break;
    case BLOCK_HEADING:
      show_text (doc, cr, FONT_HEADING, block->text, MARGIN_LEFT, y + 4, TEXT_WIDTH, PANGO_ALIGN_LEFT, FALSE, 0);
      break;
    case BLOCK_SUBHEADING:
      show_text (doc, cr, FONT_SUBHEADING, block->text, MARGIN_LEFT, y, TEXT_WIDTH, PANGO_ALIGN_LEFT, FALSE, 0);
      break;
    case BLOCK_PARAGRAPH:
      show_text (doc, cr, FONT_BODY, block->text, MARGIN_LEFT, y, TEXT_WIDTH, PANGO_ALIGN_LEFT, FALSE, 2 * fonts[FONT_BODY].size);
      break;
    case BLOCK_PLAIN:
      show_text (doc, cr, FONT_BODY, block->text, MARGIN_LEFT, y, TEXT_WIDTH, PANGO_ALIGN_LEFT, FALSE, 0);
      break;
    case BLOCK_NOTE:
      show_text (doc, cr, FONT_NOTE, block->text, MARGIN_LEFT, y, TEXT_WIDTH, PANGO_ALIGN_LEFT, FALSE, 0);
      break;
    case BLOCK_SIGNATURE:
      show_text (doc, cr, FONT_BODY, block->text, MARGIN_LEFT, y + 18,
                 TEXT_WIDTH - 2 * fonts[FONT_BODY].size, PANGO_ALIGN_RIGHT, FALSE, 0);
      break;
    case BLOCK_TABLE:
      draw_table (doc, cr, block, placed);
      break;
    case BLOCK_CHART:
      draw_chart (doc, cr, y);
      break;
    case BLOCK_MAP:
      draw_map (doc, cr, y);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
draw_page_content (DubanReportDocument *doc,
                   cairo_t             *cr,
                   guint                page_index)
{
  GArray *page = g_ptr_array_index (doc->pages, page_index);
  g_autofree char *number = g_strdup_printf ("— %u —", page_index + 1);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);

  /* the marking on every page, top left as GB/T 9704 places it */
  show_text (doc, cr, FONT_SUBHEADING, _("Internal material"), MARGIN_LEFT, MARGIN_TOP - 30 * MM / 2.5,
             TEXT_WIDTH, PANGO_ALIGN_LEFT, TRUE, 0);

  for (guint i = 0; i < page->len; i++)
    {
      const Placed *placed = &g_array_index (page, Placed, i);

      draw_block (doc, cr, g_ptr_array_index (doc->blocks, placed->block), placed);
    }

  /* page numbers: outside corners alternate, as on bound documents */
  show_text (doc, cr, FONT_NUMBER, number, MARGIN_LEFT, TEXT_BOTTOM + 7 * MM, TEXT_WIDTH,
             page_index % 2 == 0 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT, TRUE, 0);
}

void
duban_report_document_draw_page (DubanReportDocument *document,
                                 cairo_t             *cr,
                                 guint                page,
                                 double               width,
                                 double               height)
{
  double scale;

  g_return_if_fail (document != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page < document->pages->len);
  g_return_if_fail (width > 0 && height > 0);

  scale = MIN (width / DUBAN_REPORT_PAGE_WIDTH, height / DUBAN_REPORT_PAGE_HEIGHT);

  cairo_save (cr);
  cairo_translate (cr, (width - DUBAN_REPORT_PAGE_WIDTH * scale) / 2,
                   (height - DUBAN_REPORT_PAGE_HEIGHT * scale) / 2);
  cairo_scale (cr, scale, scale);
  cairo_rectangle (cr, 0, 0, DUBAN_REPORT_PAGE_WIDTH, DUBAN_REPORT_PAGE_HEIGHT);
  cairo_clip (cr);
  draw_page_content (document, cr, page);
  cairo_restore (cr);
}

/* ---- the PDF file ------------------------------------------------------- */

static cairo_status_t
append_to_bytes (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

gboolean
duban_report_write_pdf (const DubanReport  *report,
                        const char         *path,
                        GError            **error)
{
  g_autoptr(DubanReportDocument) doc = NULL;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  doc = duban_report_document_new (report);
  return duban_report_document_write_pdf (doc, path, error);
}

gboolean
duban_report_document_write_pdf (DubanReportDocument  *doc,
                                 const char           *path,
                                 GError              **error)
{
  const DubanReport *report;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *subject = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  report = doc->report;

  /* built in memory, then written in one go: a reader never finds half a
   * bulletin, and the file is owner-only from its first byte */
  surface = cairo_pdf_surface_create_for_stream (append_to_bytes, bytes,
                                                 DUBAN_REPORT_PAGE_WIDTH, DUBAN_REPORT_PAGE_HEIGHT);
  subject = duban_report_format_period (report);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, duban_report_title (report));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, subject);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, DUBAN_REPORT_ISSUER DUBAN_REPORT_DEPARTMENT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Duban " PACKAGE_VERSION);
  cr = cairo_create (surface);

  for (guint i = 0; i < doc->pages->len; i++)
    {
      draw_page_content (doc, cr, i);
      cairo_show_page (cr);
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, DUBAN_REPORT_ERROR, DUBAN_REPORT_ERROR_WRITE,
                   "cannot draw the PDF: %s", cairo_status_to_string (status));
      return FALSE;
    }

  return g_file_set_contents_full (path, (const char *) bytes->data, bytes->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}
