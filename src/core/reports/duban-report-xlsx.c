/* duban-report-xlsx.c — a report as an Excel workbook, one sheet per table
 *
 * The workbook is written to a temporary file created owner-only beside
 * the destination (libxlsxwriter reopens it, keeping the mode), then
 * renamed over it: a reader never sees half a workbook, nor a
 * world-readable one.
 *
 * libxlsxwriter prints its own errors and warnings on stderr
 * ("[ERROR][packager.c:…]: …"), and 1.1.4 has no way to turn that off; the
 * caller gets the error as a GError, and duban-ctl promises one line. So
 * while the workbook is written those messages go to a buffer, and from
 * there to the debug log.
 */

#define G_LOG_DOMAIN "duban-report-xlsx"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "duban-report-xlsx.h"

typedef struct {
  lxw_workbook *workbook;
  lxw_format   *head;
  lxw_format   *percent;
  lxw_format   *decimal1;
  lxw_format   *decimal2;
  lxw_format   *datetime;
  lxw_format   *date;
  lxw_format   *wrap;
} Book;

typedef struct {
  lxw_worksheet *sheet;
  lxw_row_t      row;
} Sheet;

/* The header row; widths in characters. */
static Sheet
add_sheet (Book       *book,
           const char *name,
           ...)
{
  Sheet sheet = { workbook_add_worksheet (book->workbook, name), 0 };
  const char *title;
  lxw_col_t col = 0;
  va_list args;

  va_start (args, name);
  while ((title = va_arg (args, const char *)) != NULL)
    {
      double width = va_arg (args, double);

      worksheet_set_column (sheet.sheet, col, col, width, NULL);
      worksheet_write_string (sheet.sheet, 0, col++, title, book->head);
    }
  va_end (args);
  worksheet_freeze_panes (sheet.sheet, 1, 0);
  sheet.row = 1;
  return sheet;
}

static void
put_text (Sheet      *sheet,
          lxw_col_t   col,
          const char *text)
{
  worksheet_write_string (sheet->sheet, sheet->row, col, text ? text : "", NULL);
}

static void
put_count (Sheet     *sheet,
           lxw_col_t  col,
           double     value)
{
  worksheet_write_number (sheet->sheet, sheet->row, col, value, NULL);
}

/* NAN is "no data": the one text a number column may hold. */
static void
put_number (Sheet      *sheet,
            lxw_col_t   col,
            double      value,
            lxw_format *format)
{
  if (isnan (value))
    worksheet_write_string (sheet->sheet, sheet->row, col, _("no data"), NULL);
  else
    worksheet_write_number (sheet->sheet, sheet->row, col, value, format);
}

static void
put_time (Book      *book,
          Sheet     *sheet,
          lxw_col_t  col,
          DubanTime  time)
{
  DubanDay day;
  lxw_datetime value;
  double seconds;

  if (time == DUBAN_TIME_NONE)
    {
      worksheet_write_blank (sheet->sheet, sheet->row, col, NULL);
      return;
    }

  /* civil time in Asia/Shanghai, as every time in the report */
  day = duban_day_of_time (time);
  duban_day_to_ymd (day, &value.year, &value.month, &value.day);
  seconds = (double) (time - duban_day_start (day)) / DUBAN_USEC_PER_SECOND;
  value.hour = (int) (seconds / 3600);
  value.min = (int) fmod (seconds / 60, 60);
  value.sec = floor (fmod (seconds, 60));
  worksheet_write_datetime (sheet->sheet, sheet->row, col, &value, book->datetime);
}

static void
put_day (Book      *book,
         Sheet     *sheet,
         lxw_col_t  col,
         DubanDay   day)
{
  lxw_datetime value = { 0 };

  duban_day_to_ymd (day, &value.year, &value.month, &value.day);
  worksheet_write_datetime (sheet->sheet, sheet->row, col, &value, book->date);
}

static void
write_ranking (Book       *book,
               const char *sheet_name,
               const char *name_title,
               GPtrArray  *groups)
{
  Sheet s = add_sheet (book, sheet_name,
                       _("Rank"), 6.0, _("Code"), 18.0, name_title, 28.0,
                       _("Received"), 10.0, _("Resolved"), 10.0, _("Completion rate"), 12.0,
                       _("Due"), 8.0, _("On time"), 8.0, _("On-time completion rate"), 14.0,
                       _("Urgent due"), 10.0, _("Contacted on time"), 12.0, _("On-time contact rate"), 14.0,
                       _("Rated visits"), 10.0, _("Satisfied"), 10.0, _("Satisfaction rate"), 12.0,
                       _("Mean hours (urgent)"), 12.0, _("Mean working days (normal)"), 14.0,
                       _("Score"), 8.0, NULL);

  for (guint i = 0; i < groups->len; i++, s.row++)
    {
      const DubanFigures *f = g_ptr_array_index (groups, i);

      if (f->rank > 0)
        put_count (&s, 0, f->rank);
      else
        put_text (&s, 0, duban_report_is_sample_short (f) ? _("Too few to rank") : "—");
      put_text (&s, 1, f->key);
      put_text (&s, 2, f->name);
      put_count (&s, 3, f->received);
      put_count (&s, 4, f->resolved);
      put_number (&s, 5, f->completion_rate, book->percent);
      put_count (&s, 6, f->due);
      put_count (&s, 7, f->on_time);
      put_number (&s, 8, f->on_time_completion_rate, book->percent);
      put_count (&s, 9, f->urgent_due);
      put_count (&s, 10, f->contacted_on_time);
      put_number (&s, 11, f->on_time_contact_rate, book->percent);
      put_count (&s, 12, f->visited);
      put_count (&s, 13, f->satisfied);
      put_number (&s, 14, f->satisfaction_rate, book->percent);
      put_number (&s, 15, f->mean_hours_urgent, book->decimal1);
      put_number (&s, 16, f->mean_working_days_normal, book->decimal2);
      put_number (&s, 17, f->score, book->decimal1);
    }
}

static void
write_summary (Book              *book,
               const DubanReport *r)
{
  const DubanFigures *now = r->current, *before = r->previous;
  g_autofree char *period = duban_report_format_period (r);
  g_autofree char *prev_from = duban_day_format (r->previous_first);
  g_autofree char *prev_to = duban_day_format (r->previous_last);
  g_autofree char *previous = g_strdup_printf (C_("report period", "%s to %s"), prev_from, prev_to);
  Sheet s = add_sheet (book, _("Summary"),
                       _("Figure"), 40.0, _("This period"), 14.0, _("Numerator"), 12.0,
                       _("Denominator"), 12.0, _("Previous period"), 16.0, _("Change"), 12.0,
                       _("Target"), 10.0, NULL);
  const struct {
    const char *label;
    double now, before;
    double num, den;
    lxw_format *format;
    double target;
  } rows[] = {
    { _("Tickets received"), now->received, before->received, NAN, NAN, NULL, NAN },
    { _("Resolved of those"), now->resolved, before->resolved, NAN, NAN, NULL, NAN },
    { _("On-time completion rate"), now->on_time_completion_rate, before->on_time_completion_rate, now->on_time, now->due, book->percent, 1.0 },
    { _("On-time contact rate (urgent)"), now->on_time_contact_rate, before->on_time_contact_rate, now->contacted_on_time, now->urgent_due, book->percent, NAN },
    { _("Satisfaction rate"), now->satisfaction_rate, before->satisfaction_rate, now->satisfied, now->visited, book->percent, NAN },
    { _("Completion rate"), now->completion_rate, before->completion_rate, now->resolved, now->received, book->percent, NAN },
    { _("Mean handling time, urgent (hours)"), now->mean_hours_urgent, before->mean_hours_urgent, now->sum_hours_urgent, now->received_urgent, book->decimal1, NAN },
    { _("Mean handling time, normal (working days)"), now->mean_working_days_normal, before->mean_working_days_normal, now->sum_working_days_normal, now->received_normal, book->decimal2, NAN },
    { _("Settled in the grid"), now->settled_grid_share, before->settled_grid_share, now->settled_grid, now->settled_total, book->percent, NAN },
    { _("Settled in the town"), now->settled_town_share, before->settled_town_share, now->settled_town, now->settled_total, book->percent, NAN },
    { _("Settled in the county"), now->settled_county_share, before->settled_county_share, now->settled_county, now->settled_total, book->percent, NAN },
    { _("Score"), now->score, before->score, NAN, NAN, book->decimal1, NAN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++, s.row++)
    {
      put_text (&s, 0, rows[i].label);
      put_number (&s, 1, rows[i].now, rows[i].format);
      if (!isnan (rows[i].num))
        {
          put_number (&s, 2, rows[i].num, rows[i].format == book->percent ? NULL : book->decimal2);
          put_count (&s, 3, rows[i].den);
        }
      put_number (&s, 4, rows[i].before, rows[i].format);
      if (!isnan (rows[i].now) && !isnan (rows[i].before))
        put_number (&s, 5, rows[i].now - rows[i].before, rows[i].format);
      if (!isnan (rows[i].target))
        put_number (&s, 6, rows[i].target, book->percent);
    }

  s.row++;
  put_text (&s, 0, _("Scope")), put_text (&s, 1, r->scope_name), s.row++;
  put_text (&s, 0, _("Period")), put_text (&s, 1, period), s.row++;
  put_text (&s, 0, _("Previous period")), put_text (&s, 1, previous), s.row++;
  put_text (&s, 0, _("As known at")), put_time (book, &s, 1, r->at), s.row++;
  put_text (&s, 0, _("Document number")), put_text (&s, 1, r->document_number ? r->document_number : ""), s.row++;
}

static void
write_bulletin (Book              *book,
                const DubanReport *r)
{
  Sheet s;

  write_summary (book, r);
  write_ranking (book, _("Units"), _("Unit"), r->units);
  if (r->towns->len > 0)
    write_ranking (book, _("Towns"), _("Town"), r->towns);

  s = add_sheet (book, _("Red and black boards"),
                 _("Board"), 12.0, _("Code"), 18.0, _("Unit"), 28.0, _("Score"), 10.0,
                 _("On-time completion rate"), 14.0, _("Satisfaction rate"), 12.0, NULL);
  for (guint board = 0; board < 2; board++)
    {
      GPtrArray *units = board == 0 ? r->red : r->black;

      for (guint i = 0; i < units->len; i++, s.row++)
        {
          const DubanFigures *f = g_ptr_array_index (units, i);

          put_text (&s, 0, board == 0 ? _("Red board") : _("Black board"));
          put_text (&s, 1, f->key);
          put_text (&s, 2, f->name);
          put_number (&s, 3, f->score, book->decimal1);
          put_number (&s, 4, f->on_time_completion_rate, book->percent);
          put_number (&s, 5, f->satisfaction_rate, book->percent);
        }
    }

  s = add_sheet (book, _("Accountability"),
                 _("Unit"), 28.0, _("Unit on-time completion rate"), 14.0, _("Ticket"), 20.0,
                 _("Title"), 40.0, _("Deadline"), 17.0, _("How late"), 10.0, _("In"), 12.0,
                 _("State"), 10.0, NULL);
  for (guint i = 0; i < r->accountable->len; i++)
    {
      const DubanReportAccountable *a = g_ptr_array_index (r->accountable, i);

      for (guint j = 0; j < a->late->len; j++, s.row++)
        {
          const DubanReportLateTicket *late = g_ptr_array_index (a->late, j);

          put_text (&s, 0, a->figures->name);
          put_number (&s, 1, a->figures->on_time_completion_rate, book->percent);
          put_text (&s, 2, late->ticket_id);
          put_text (&s, 3, late->title);
          put_time (book, &s, 4, late->deadline);
          put_number (&s, 5, late->overdue_by, book->decimal1);
          put_text (&s, 6, late->unit == DUBAN_DURATION_HOURS ? _("hours") : _("working days"));
          put_text (&s, 7, duban_state_to_display (late->state));
        }
    }

  s = add_sheet (book, _("Settlement"), _("Level"), 30.0, _("Tickets"), 10.0, _("Share"), 10.0, NULL);
  {
    const DubanFigures *f = r->current;
    const struct { const char *label; guint count; double share; } rows[] = {
      { _("Settled in the grid"), f->settled_grid, f->settled_grid_share },
      { _("Settled in the town"), f->settled_town, f->settled_town_share },
      { _("Settled in the county"), f->settled_county, f->settled_county_share },
    };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++, s.row++)
      {
        put_text (&s, 0, rows[i].label);
        put_count (&s, 1, rows[i].count);
        put_number (&s, 2, rows[i].share, book->percent);
      }
    put_text (&s, 0, _("Total with a recorded level"));
    put_count (&s, 1, f->settled_total);
  }

  s = add_sheet (book, _("Categories"), _("Category"), 20.0, _("Received"), 10.0,
                 _("Previous period"), 14.0, _("Change"), 10.0, NULL);
  for (guint i = 0; i < r->categories->len; i++, s.row++)
    {
      const DubanReportCount *c = g_ptr_array_index (r->categories, i);

      put_text (&s, 0, c->name);
      put_count (&s, 1, c->received);
      put_count (&s, 2, c->previous);
      put_count (&s, 3, (double) c->received - c->previous);
    }

  s = add_sheet (book, _("Hotspot grids"), _("Grid code"), 18.0, _("Grid"), 24.0, _("Town"), 16.0,
                 _("Received"), 10.0, _("Previous period"), 14.0, NULL);
  for (guint i = 0; i < r->grids->len; i++, s.row++)
    {
      const DubanReportCount *c = g_ptr_array_index (r->grids, i);

      put_text (&s, 0, c->key);
      put_text (&s, 1, c->name);
      put_text (&s, 2, c->parent_name);
      put_count (&s, 3, c->received);
      put_count (&s, 4, c->previous);
    }

  s = add_sheet (book, _("Trend"), _("Day"), 12.0, _("Received"), 10.0, _("Resolved"), 10.0,
                 _("Late (deadline that day, not met)"), 16.0, NULL);
  for (guint d = 0; d < r->days->len; d++, s.row++)
    {
      const DubanReportDay *day = &g_array_index (r->days, DubanReportDay, d);

      put_day (book, &s, 0, day->day);
      put_count (&s, 1, day->received);
      put_count (&s, 2, day->resolved);
      put_count (&s, 3, day->overdue);
    }

  s = add_sheet (book, _("Repeat complaints"), _("Ticket"), 20.0, _("Received"), 17.0,
                 _("Title"), 40.0, _("Category"), 12.0, _("Unit"), 24.0, _("Petitioner"), 10.0,
                 _("Repeat of"), 20.0, NULL);
  for (guint i = 0; i < r->repeats->len; i++, s.row++)
    {
      const DubanReportRepeat *repeat = g_ptr_array_index (r->repeats, i);

      put_text (&s, 0, repeat->ticket_id);
      put_time (book, &s, 1, repeat->received_at);
      put_text (&s, 2, repeat->title);
      put_text (&s, 3, repeat->category);
      put_text (&s, 4, repeat->unit_name);
      put_text (&s, 5, repeat->petitioner);
      put_text (&s, 6, repeat->repeat_of);
    }
}

static void
write_supervision (Book              *book,
                   const DubanReport *r)
{
  Sheet s;

  s = add_sheet (book, _("Responses by unit"), _("Code"), 18.0, _("Unit"), 28.0, _("Orders"), 8.0,
                 _("Delivered"), 10.0, C_("order response", "Replied in time"), 14.0,
                 C_("order response", "Replied late"), 12.0, C_("order response", "No reply, past due"), 16.0,
                 C_("order response", "Awaiting reply"), 14.0, NULL);
  for (guint i = 0; i < r->unit_responses->len; i++, s.row++)
    {
      const DubanReportUnitResponse *u = g_ptr_array_index (r->unit_responses, i);

      put_text (&s, 0, u->unit_code);
      put_text (&s, 1, u->unit_name);
      put_count (&s, 2, u->orders);
      put_count (&s, 3, u->delivered);
      for (guint k = 0; k < 4; k++)
        put_count (&s, 4 + k, u->responses[k]);
    }

  s = add_sheet (book, _("Orders"), _("Ticket"), 20.0, _("Title"), 36.0, _("Unit"), 24.0,
                 _("Level"), 8.0, _("Note"), 30.0, _("Issued"), 17.0, _("Issued by"), 12.0,
                 _("Reply by"), 17.0, _("Delivery"), 10.0, _("Delivered at"), 17.0,
                 _("Response"), 14.0, _("Resolved at"), 17.0, _("State"), 10.0, NULL);
  for (guint i = 0; i < r->orders->len; i++, s.row++)
    {
      const DubanReportOrder *o = g_ptr_array_index (r->orders, i);

      put_text (&s, 0, o->record->ticket_id);
      put_text (&s, 1, o->ticket_title);
      put_text (&s, 2, o->unit_name);
      put_text (&s, 3, duban_order_level_to_display (o->record->level));
      put_text (&s, 4, o->record->note);
      put_time (book, &s, 5, o->record->issued_at);
      put_text (&s, 6, o->record->issued_by);
      put_time (book, &s, 7, o->record->respond_by);
      put_text (&s, 8, duban_delivery_state_to_display (o->record->delivery));
      put_time (book, &s, 9, o->record->delivered_at);
      put_text (&s, 10, duban_order_response_to_display (o->response));
      put_time (book, &s, 11, o->resolved_at);
      put_text (&s, 12, o->state == DUBAN_STATE_NOT_YET ? "" : duban_state_to_display (o->state));
    }
}

static void
write_notes (Book              *book,
             const DubanReport *r)
{
  const char * const *definitions = duban_report_definitions (r->kind);
  Sheet s = add_sheet (book, _("Notes"), _("How each figure is counted"), 140.0, NULL);

  for (guint i = 0; definitions[i] != NULL; i++, s.row++)
    worksheet_write_string (s.sheet, s.row, 0, definitions[i], book->wrap);
  for (guint i = 0; i < r->fallback_years->len; i++, s.row++)
    {
      g_autofree char *line = g_strdup_printf (_("No working-day calendar was available for %d: working days in it were counted Monday to Friday."),
                                               g_array_index (r->fallback_years, int, i));
      worksheet_write_string (s.sheet, s.row, 0, line, book->wrap);
    }
}

/* stderr is the process's: one workbook at a time holds it */
static GMutex quiet_lock;

typedef struct {
  FILE   *saved;
  FILE   *buffer;
  char   *text;
  size_t  size;
} Quiet;

static void
quiet_begin (Quiet *quiet)
{
  g_mutex_lock (&quiet_lock);
  fflush (stderr);
  quiet->saved = stderr;
  quiet->buffer = open_memstream (&quiet->text, &quiet->size);
  if (quiet->buffer != NULL)
    stderr = quiet->buffer;
}

/* libxlsxwriter's lines to the debug log; anything another thread printed
 * meanwhile to stderr, where it was going */
static void
quiet_end (Quiet *quiet)
{
  if (quiet->buffer != NULL)
    {
      g_auto(GStrv) lines = NULL;

      stderr = quiet->saved;
      fclose (quiet->buffer);
      lines = g_strsplit (quiet->text, "\n", -1);
      free (quiet->text);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          if (lines[i][0] == '\0')
            continue;
          if (g_str_has_prefix (lines[i], "[ERROR]") || g_str_has_prefix (lines[i], "[WARNING]"))
            g_debug ("libxlsxwriter: %s", lines[i]);
          else
            fprintf (stderr, "%s\n", lines[i]);
        }
    }
  g_mutex_unlock (&quiet_lock);
}

static gboolean write_workbook (const DubanReport  *report,
                                const char         *path,
                                GError            **error);

gboolean
duban_report_write_xlsx (const DubanReport  *report,
                         const char         *path,
                         GError            **error)
{
  Quiet quiet = { 0 };
  gboolean written;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  quiet_begin (&quiet);
  written = write_workbook (report, path, error);
  quiet_end (&quiet);
  return written;
}

static gboolean
write_workbook (const DubanReport  *report,
                const char         *path,
                GError            **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  lxw_doc_properties properties = { 0 };
  Book book = { 0 };
  lxw_error status;
  int fd;

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  {
    g_autofree char *tmpl = g_strdup_printf (".%s.XXXXXX", base);
    tmp_path = g_build_filename (dir, tmpl, NULL);
  }
  if ((fd = g_mkstemp_full (tmp_path, O_RDWR, 0600)) < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot create %s: %s", tmp_path, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  book.workbook = workbook_new (tmp_path);
  if (book.workbook == NULL)
    {
      g_unlink (tmp_path);
      g_set_error (error, DUBAN_REPORT_ERROR, DUBAN_REPORT_ERROR_WRITE, "cannot start the workbook %s", path);
      return FALSE;
    }
  book.head = workbook_add_format (book.workbook);
  format_set_bold (book.head);
  format_set_bg_color (book.head, 0xEBEBEB);
  book.percent = workbook_add_format (book.workbook);
  format_set_num_format (book.percent, "0.00%");
  book.decimal1 = workbook_add_format (book.workbook);
  format_set_num_format (book.decimal1, "0.0");
  book.decimal2 = workbook_add_format (book.workbook);
  format_set_num_format (book.decimal2, "0.00");
  book.datetime = workbook_add_format (book.workbook);
  format_set_num_format (book.datetime, "yyyy-mm-dd hh:mm");
  book.date = workbook_add_format (book.workbook);
  format_set_num_format (book.date, "yyyy-mm-dd");
  book.wrap = workbook_add_format (book.workbook);
  format_set_text_wrap (book.wrap);

  properties.title = (char *) duban_report_title (report);
  properties.author = report->issuer;
  properties.company = report->issuer;
  workbook_set_properties (book.workbook, &properties);

  if (report->kind == DUBAN_REPORT_SUPERVISION)
    write_supervision (&book, report);
  else
    write_bulletin (&book, report);
  write_notes (&book, report);

  status = workbook_close (book.workbook);
  if (status != LXW_NO_ERROR)
    {
      g_unlink (tmp_path);
      g_set_error (error, DUBAN_REPORT_ERROR, DUBAN_REPORT_ERROR_WRITE,
                   "cannot write %s: %s", path, lxw_strerror (status));
      return FALSE;
    }

  /* the mode survives libxlsxwriter's fopen(); say so to the kernel anyway */
  if (g_chmod (tmp_path, 0600) != 0 || g_rename (tmp_path, path) != 0)
    {
      int saved = errno;
      g_unlink (tmp_path);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot write %s: %s", path, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}
