/* duban-calendar.c — the working-day calendar (工作日)
 *
 * The figures ask for the working time between two instants for a couple
 * of hundred thousand tickets at once, each spanning up to a year, so no
 * question here walks day by day. Everything rests on W(d), the number of
 * working days before civil day d (counted from an arbitrary origin):
 *
 *   W(d) = Monday–Friday days before d            (closed form)
 *        + Σ corrections of tabled years before d  (per-year prefix sums)
 *
 * A year's table is stored as its correction against plain Monday–Friday:
 * delta_before[i] is (working days − weekdays) among its first i days.
 * Working days in [a, b) is then W(b) − W(a), and finding the k-th working
 * day is a binary search on W.
 */

#define G_LOG_DOMAIN "duban-calendar"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "duban-calendar.h"
#include "duban-core-resources.h"

#define MAX_DAYS_IN_YEAR 366

typedef struct {
  int                  year;
  DubanCalendarSource  source;
  DubanDay             first_day;
  int                  n_days;
  guint8               working[MAX_DAYS_IN_YEAR];
  gint16               delta_before[MAX_DAYS_IN_YEAR + 1];
} YearTable;

struct _DubanCalendar
{
  GObject     parent_instance;

  /* Tables sorted by year. Written only by load_json (write lock); every
   * question takes the read lock, so a platform sync may replace a year
   * while other threads compute. */
  GRWLock     tables_lock;
  GPtrArray  *tables;

  GMutex      fallback_lock;
  GHashTable *fallback_years;
};

G_DEFINE_FINAL_TYPE (DubanCalendar, duban_calendar, G_TYPE_OBJECT)

static const char * const bundled_years[] = {
  "/io/github/duban/Duban/core/calendar/2025.json",
  "/io/github/duban/Duban/core/calendar/2026.json",
};

static inline gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  if ((a % b != 0) && ((a < 0) != (b < 0)))
    q--;

  return q;
}

static inline gboolean
is_weekday (DubanDay day)
{
  return duban_day_weekday (day) <= 5;
}

static inline int
year_of_day (DubanDay day)
{
  int year;

  duban_day_to_ymd (day, &year, NULL, NULL);

  return year;
}

/* Monday–Friday days in [origin, day), origin being Monday 1969-12-29. */
static inline gint64
weekdays_before (DubanDay day)
{
  gint64 since_monday = (gint64) day + 3;
  gint64 weeks = floor_div (since_monday, 7);
  gint64 rest = since_monday - weeks * 7;

  return weeks * 5 + MIN (rest, 5);
}

static const YearTable *
find_table (DubanCalendar *self,
            int            year)
{
  g_assert (DUBAN_IS_CALENDAR (self));

  for (guint i = 0; i < self->tables->len; i++)
    {
      const YearTable *table = g_ptr_array_index (self->tables, i);

      if (table->year == year)
        return table;
      if (table->year > year)
        break;
    }

  return NULL;
}

/* Caller holds the read lock. */
static gint64
working_days_before (DubanCalendar *self,
                     DubanDay       day)
{
  gint64 count = weekdays_before (day);

  g_assert (DUBAN_IS_CALENDAR (self));

  for (guint i = 0; i < self->tables->len; i++)
    {
      const YearTable *table = g_ptr_array_index (self->tables, i);

      if (day >= table->first_day + table->n_days)
        count += table->delta_before[table->n_days];
      else if (day > table->first_day)
        count += table->delta_before[day - table->first_day];
      else
        break;
    }

  return count;
}

/* Caller holds the read lock. */
static gboolean
is_working_day_locked (DubanCalendar *self,
                       DubanDay       day)
{
  g_assert (DUBAN_IS_CALENDAR (self));

  for (guint i = 0; i < self->tables->len; i++)
    {
      const YearTable *table = g_ptr_array_index (self->tables, i);

      if (day < table->first_day)
        break;
      if (day < table->first_day + table->n_days)
        return table->working[day - table->first_day];
    }

  return is_weekday (day);
}

/* Records every year of [first, last] that has no table: the answer that
 * is about to be given relies on Monday–Friday for it. Caller holds the
 * read lock. */
static void
note_fallback_years (DubanCalendar *self,
                     DubanDay       first,
                     DubanDay       last)
{
  int first_year;
  int last_year;

  g_assert (DUBAN_IS_CALENDAR (self));

  if (last < first)
    return;

  first_year = year_of_day (first);
  last_year = year_of_day (last);

  for (int year = first_year; year <= last_year; year++)
    {
      if (find_table (self, year) != NULL)
        continue;

      g_mutex_lock (&self->fallback_lock);
      g_hash_table_add (self->fallback_years, GINT_TO_POINTER (year));
      g_mutex_unlock (&self->fallback_lock);
    }
}

static void
duban_calendar_finalize (GObject *object)
{
  DubanCalendar *self = (DubanCalendar *)object;

  g_clear_pointer (&self->tables, g_ptr_array_unref);
  g_clear_pointer (&self->fallback_years, g_hash_table_unref);
  g_rw_lock_clear (&self->tables_lock);
  g_mutex_clear (&self->fallback_lock);

  G_OBJECT_CLASS (duban_calendar_parent_class)->finalize (object);
}

static void
duban_calendar_class_init (DubanCalendarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = duban_calendar_finalize;
}

static void
duban_calendar_init (DubanCalendar *self)
{
  g_rw_lock_init (&self->tables_lock);
  g_mutex_init (&self->fallback_lock);
  self->tables = g_ptr_array_new_with_free_func (g_free);
  self->fallback_years = g_hash_table_new (NULL, NULL);
}

DubanCalendar *
duban_calendar_new_empty (void)
{
  return g_object_new (DUBAN_TYPE_CALENDAR, NULL);
}

DubanCalendar *
duban_calendar_new (void)
{
  DubanCalendar *self = duban_calendar_new_empty ();
  /* Looked up in our own resource rather than the global namespace: in a
   * static library nothing else would pull the resource's object file into
   * the program, and its constructor would never register it. */
  GResource *resource = duban_core_get_resource ();

  for (guint i = 0; i < G_N_ELEMENTS (bundled_years); i++)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      const char *data;
      gsize length;

      bytes = g_resource_lookup_data (resource, bundled_years[i],
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (bytes == NULL)
        {
          g_critical ("Bundled calendar %s missing: %s", bundled_years[i], error->message);
          continue;
        }

      data = g_bytes_get_data (bytes, &length);
      if (!duban_calendar_load_json (self, data, (gssize) length,
                                     DUBAN_CALENDAR_SOURCE_BUNDLED, &error))
        g_critical ("Bundled calendar %s invalid: %s", bundled_years[i], error->message);
    }

  return self;
}

static gboolean
read_day_list (JsonObject   *root,
               const char   *member,
               YearTable    *table,
               gboolean      holidays,
               GError      **error)
{
  JsonNode *node;
  JsonArray *array;
  guint length;

  g_assert (root != NULL);
  g_assert (table != NULL);

  node = json_object_get_member (root, member);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "calendar %d: '%s' must be an array of dates", table->year, member);
      return FALSE;
    }

  array = json_node_get_array (node);
  length = json_array_get_length (array);

  for (guint i = 0; i < length; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *text;
      DubanDay day;
      int index;

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          json_node_get_value_type (element) != G_TYPE_STRING)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "calendar %d: '%s' must be an array of dates", table->year, member);
          return FALSE;
        }

      text = json_node_get_string (element);
      if (!duban_day_parse (text, &day, error))
        {
          g_prefix_error (error, "calendar %d: ", table->year);
          return FALSE;
        }

      index = day - table->first_day;
      if (index < 0 || index >= table->n_days)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "calendar %d: %s is outside the year", table->year, text);
          return FALSE;
        }

      if (holidays && !is_weekday (day))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "calendar %d: holiday %s falls on a weekend", table->year, text);
          return FALSE;
        }

      if (!holidays && is_weekday (day))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "calendar %d: workday %s is not a weekend day", table->year, text);
          return FALSE;
        }

      /* Weekdays and weekend days are disjoint, so a day already flipped
       * away from its default can only be a repeat within the same list. */
      if (table->working[index] != is_weekday (day))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "calendar %d: %s is listed twice", table->year, text);
          return FALSE;
        }

      table->working[index] = !holidays;
    }

  return TRUE;
}

gboolean
duban_calendar_load_json (DubanCalendar        *self,
                          const char           *json,
                          gssize                length,
                          DubanCalendarSource   source,
                          GError              **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree YearTable *table = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *year_node;
  gint64 year;
  guint position;

  g_return_val_if_fail (DUBAN_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (source == DUBAN_CALENDAR_SOURCE_BUNDLED ||
                        source == DUBAN_CALENDAR_SOURCE_PLATFORM, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, length, error))
    return FALSE;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "calendar: not a JSON object");
      return FALSE;
    }

  object = json_node_get_object (root);
  year_node = json_object_get_member (object, "year");
  if (year_node == NULL || !JSON_NODE_HOLDS_VALUE (year_node) ||
      json_node_get_value_type (year_node) != G_TYPE_INT64)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "calendar: 'year' must be an integer");
      return FALSE;
    }

  year = json_node_get_int (year_node);
  if (year < 1 || year > 9999)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "calendar: year %" G_GINT64_FORMAT " out of range", year);
      return FALSE;
    }

  table = g_new0 (YearTable, 1);
  table->year = (int) year;
  table->source = source;
  table->first_day = duban_day_from_ymd ((int) year, 1, 1);
  table->n_days = duban_day_from_ymd ((int) year + 1, 1, 1) - table->first_day;
  g_assert (table->n_days <= MAX_DAYS_IN_YEAR);

  for (int i = 0; i < table->n_days; i++)
    table->working[i] = is_weekday (table->first_day + i);

  if (!read_day_list (object, "holidays", table, TRUE, error) ||
      !read_day_list (object, "workdays", table, FALSE, error))
    return FALSE;

  table->delta_before[0] = 0;
  for (int i = 0; i < table->n_days; i++)
    table->delta_before[i + 1] = table->delta_before[i]
                                 + table->working[i]
                                 - is_weekday (table->first_day + i);

  g_rw_lock_writer_lock (&self->tables_lock);

  for (position = 0; position < self->tables->len; position++)
    {
      YearTable *existing = g_ptr_array_index (self->tables, position);

      if (existing->year == table->year)
        {
          g_ptr_array_remove_index (self->tables, position);
          break;
        }
      if (existing->year > table->year)
        break;
    }
  g_ptr_array_insert (self->tables, position, g_steal_pointer (&table));

  g_rw_lock_writer_unlock (&self->tables_lock);

  /* From now on the year is counted from its table; keeping it in the
   * fallback list would make the UI warn about figures that no longer
   * rely on Monday–Friday. */
  g_mutex_lock (&self->fallback_lock);
  g_hash_table_remove (self->fallback_years, GINT_TO_POINTER ((int) year));
  g_mutex_unlock (&self->fallback_lock);

  return TRUE;
}

static void
append_day_list (GString         *out,
                 const YearTable *table,
                 gboolean         holidays)
{
  gboolean first = TRUE;

  g_assert (out != NULL);
  g_assert (table != NULL);

  g_string_append_c (out, '[');
  for (int i = 0; i < table->n_days; i++)
    {
      DubanDay day = table->first_day + i;
      g_autofree char *text = NULL;

      if (table->working[i] == is_weekday (day) || is_weekday (day) != holidays)
        continue;

      text = duban_day_format (day);
      g_string_append_printf (out, "%s\"%s\"", first ? "" : ",", text);
      first = FALSE;
    }
  g_string_append_c (out, ']');
}

/* NULL when the year has no table. */
char *
duban_calendar_year_to_json (DubanCalendar *self,
                             int            year)
{
  const YearTable *table;
  GString *out;

  g_return_val_if_fail (DUBAN_IS_CALENDAR (self), NULL);

  g_rw_lock_reader_lock (&self->tables_lock);

  table = find_table (self, year);
  if (table == NULL)
    {
      g_rw_lock_reader_unlock (&self->tables_lock);
      return NULL;
    }

  out = g_string_new (NULL);
  g_string_append_printf (out, "{\"year\":%d,\"holidays\":", year);
  append_day_list (out, table, TRUE);
  g_string_append (out, ",\"workdays\":");
  append_day_list (out, table, FALSE);
  g_string_append_c (out, '}');

  g_rw_lock_reader_unlock (&self->tables_lock);

  return g_string_free (out, FALSE);
}

DubanCalendarSource
duban_calendar_get_source (DubanCalendar *self,
                           int            year)
{
  const YearTable *table;
  DubanCalendarSource source;

  g_return_val_if_fail (DUBAN_IS_CALENDAR (self), DUBAN_CALENDAR_SOURCE_NONE);

  g_rw_lock_reader_lock (&self->tables_lock);
  table = find_table (self, year);
  source = table != NULL ? table->source : DUBAN_CALENDAR_SOURCE_NONE;
  g_rw_lock_reader_unlock (&self->tables_lock);

  return source;
}

gboolean
duban_calendar_is_working_day (DubanCalendar *self,
                               DubanDay       day)
{
  gboolean working;

  g_return_val_if_fail (DUBAN_IS_CALENDAR (self), FALSE);

  g_rw_lock_reader_lock (&self->tables_lock);
  note_fallback_years (self, day, day);
  working = is_working_day_locked (self, day);
  g_rw_lock_reader_unlock (&self->tables_lock);

  return working;
}

DubanDay
duban_calendar_next_working_day (DubanCalendar *self,
                                 DubanDay       day)
{
  DubanDay next = day + 1;

  g_return_val_if_fail (DUBAN_IS_CALENDAR (self), day + 1);

  g_rw_lock_reader_lock (&self->tables_lock);
  /* a table may declare a whole month off, never a year: past that the
   * table is wrong, and tomorrow is the answer that harms least */
  while (!is_working_day_locked (self, next) && next - day < 366)
    next++;
  if (!is_working_day_locked (self, next))
    next = day + 1;
  note_fallback_years (self, day + 1, next);
  g_rw_lock_reader_unlock (&self->tables_lock);

  return next;
}

/* The first day x ≥ @from such that [@from, x] holds @k working days.
 * Caller holds the read lock. */
static DubanDay
find_kth_working_day (DubanCalendar *self,
                      DubanDay       from,
                      gint64         k)
{
  gint64 base;
  gint64 lo;
  gint64 hi;
  gint64 step;

  g_assert (DUBAN_IS_CALENDAR (self));
  g_assert (k >= 1);

  base = working_days_before (self, from);

  /* Five working days a week outside the tables; a table can only hold
   * a few days off in a row, but a platform's table is not ours to trust,
   * so widen the bracket until it is sure to contain the answer. */
  step = k * 7 / 5 + 16;
  lo = from;
  hi = from + step;
  while (working_days_before (self, (DubanDay) (hi + 1)) - base < k)
    {
      lo = hi + 1;
      step *= 2;
      hi += step;
    }

  /* Smallest x in [lo, hi] with W(x + 1) − W(from) ≥ k. */
  while (lo < hi)
    {
      gint64 mid = lo + (hi - lo) / 2;

      if (working_days_before (self, (DubanDay) (mid + 1)) - base >= k)
        hi = mid;
      else
        lo = mid + 1;
    }

  return (DubanDay) lo;
}

DubanTime
duban_calendar_add_working_time (DubanCalendar *self,
                                 DubanTime      start,
                                 gint64         working_usec)
{
  DubanDay start_day;
  DubanDay from;
  DubanDay last;
  gint64 rest;
  gint64 full_days;
  gint64 part;
  DubanTime result;

  g_return_val_if_fail (DUBAN_IS_CALENDAR (self), DUBAN_TIME_NONE);
  g_return_val_if_fail (start != DUBAN_TIME_NONE, DUBAN_TIME_NONE);
  g_return_val_if_fail (working_usec >= 0, DUBAN_TIME_NONE);

  if (working_usec == 0)
    return start;

  start_day = duban_day_of_time (start);
  rest = working_usec;

  g_rw_lock_reader_lock (&self->tables_lock);

  if (is_working_day_locked (self, start_day))
    {
      gint64 left_today = duban_day_start (start_day + 1) - start;

      if (rest <= left_today)
        {
          note_fallback_years (self, start_day, start_day);
          g_rw_lock_reader_unlock (&self->tables_lock);
          return start + rest;
        }
      rest -= left_today;
    }

  /* From 00:00 of the day after the start: whole working days, then a
   * part of one more. Exactly filling a day ends at its 24:00, which is
   * the earliest moment at which the time has passed. */
  from = start_day + 1;
  full_days = rest / DUBAN_USEC_PER_DAY;
  part = rest % DUBAN_USEC_PER_DAY;

  if (part == 0)
    {
      last = find_kth_working_day (self, from, full_days);
      result = duban_day_start (last + 1);
    }
  else
    {
      last = find_kth_working_day (self, from, full_days + 1);
      result = duban_day_start (last) + part;
    }

  note_fallback_years (self, start_day, last);
  g_rw_lock_reader_unlock (&self->tables_lock);

  return result;
}

gint64
duban_calendar_working_time_between (DubanCalendar *self,
                                     DubanTime      from,
                                     DubanTime      to)
{
  DubanDay from_day;
  DubanDay to_day;
  gint64 total = 0;

  g_return_val_if_fail (DUBAN_IS_CALENDAR (self), 0);
  g_return_val_if_fail (from != DUBAN_TIME_NONE, 0);
  g_return_val_if_fail (to != DUBAN_TIME_NONE, 0);

  if (to < from)
    return -duban_calendar_working_time_between (self, to, from);
  if (to == from)
    return 0;

  from_day = duban_day_of_time (from);
  to_day = duban_day_of_time (to);

  g_rw_lock_reader_lock (&self->tables_lock);

  if (from_day == to_day)
    {
      if (is_working_day_locked (self, from_day))
        total = to - from;
    }
  else
    {
      DubanTime to_day_start = duban_day_start (to_day);

      if (is_working_day_locked (self, from_day))
        total += duban_day_start (from_day + 1) - from;

      total += (working_days_before (self, to_day)
                - working_days_before (self, from_day + 1)) * DUBAN_USEC_PER_DAY;

      if (to > to_day_start && is_working_day_locked (self, to_day))
        total += to - to_day_start;
    }

  /* [from, to) ends inside to_day only when to is past its 00:00. */
  note_fallback_years (self, from_day,
                       to > duban_day_start (to_day) ? to_day : to_day - 1);

  g_rw_lock_reader_unlock (&self->tables_lock);

  return total;
}

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  int x = *(const int *) a;
  int y = *(const int *) b;

  return (x > y) - (x < y);
}

GArray *
duban_calendar_get_fallback_years (DubanCalendar *self)
{
  GArray *years;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (DUBAN_IS_CALENDAR (self), NULL);

  years = g_array_new (FALSE, FALSE, sizeof (int));

  g_mutex_lock (&self->fallback_lock);
  g_hash_table_iter_init (&iter, self->fallback_years);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      int year = GPOINTER_TO_INT (key);

      g_array_append_val (years, year);
    }
  g_mutex_unlock (&self->fallback_lock);

  g_array_sort (years, compare_ints);

  return years;
}

/* A run of years without a table is named as one range: a deadline far
 * in the future asks about thousands of years, and a warning about them
 * must stay one line. */
char *
duban_calendar_format_years (GArray *years)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (years != NULL, NULL);

  for (guint i = 0; i < years->len;)
    {
      int first = g_array_index (years, int, i);
      int last = first;

      for (i++; i < years->len && g_array_index (years, int, i) == last + 1; i++)
        last++;

      if (text->len > 0)
        g_string_append (text, C_("list of years", ", "));
      if (last == first)
        g_string_append_printf (text, "%d", first);
      else if (last == first + 1)
        g_string_append_printf (text, "%d%s%d", first, C_("list of years", ", "), last);
      else
        g_string_append_printf (text, C_("range of years", "%d–%d"), first, last);
    }

  return g_string_free (text, FALSE);
}

void
duban_calendar_clear_fallback_years (DubanCalendar *self)
{
  g_return_if_fail (DUBAN_IS_CALENDAR (self));

  g_mutex_lock (&self->fallback_lock);
  g_hash_table_remove_all (self->fallback_years);
  g_mutex_unlock (&self->fallback_lock);
}

void
duban_calendar_working_time_before (DubanCalendar *self,
                                    DubanTime      end,
                                    gint64         working_usec,
                                    DubanTime     *latest,
                                    DubanTime     *earliest)
{
  /* Ten years of days off would be a broken table; stop there and answer
   * wide rather than loop. */
  const int max_days = 3660;
  DubanDay day;
  gint64 rest;

  g_return_if_fail (DUBAN_IS_CALENDAR (self));
  g_return_if_fail (end != DUBAN_TIME_NONE);
  g_return_if_fail (working_usec >= 0);
  g_return_if_fail (latest != NULL && earliest != NULL);

  day = duban_day_of_time (end);
  rest = working_usec;

  g_rw_lock_reader_lock (&self->tables_lock);

  if (rest == 0)
    {
      /* every start up to @end has at least nothing; at most nothing
       * reaches back over the days off that end at @end */
      *latest = *earliest = end;
      if (!is_working_day_locked (self, day))
        *earliest = duban_day_start (day);
      if (*earliest == duban_day_start (day))
        for (int walked = 1; walked < max_days && !is_working_day_locked (self, day - walked); walked++)
          *earliest = duban_day_start (day - walked);
      g_rw_lock_reader_unlock (&self->tables_lock);
      return;
    }

  for (int walked = 0; walked < max_days; walked++, day--)
    {
      DubanTime day_start = duban_day_start (day);
      DubanTime segment_end = walked == 0 ? end : duban_day_start (day + 1);
      gint64 available;

      if (!is_working_day_locked (self, day))
        continue;

      available = segment_end - day_start;
      if (rest > available)
        {
          rest -= available;
          continue;
        }

      *latest = segment_end - rest;
      *earliest = *latest;
      if (rest == available)
        {
          /* exactly used up at 00:00: the days off before add nothing */
          for (day--; walked < max_days && !is_working_day_locked (self, day); day--, walked++)
            *earliest = duban_day_start (day);
        }
      g_rw_lock_reader_unlock (&self->tables_lock);
      return;
    }

  g_rw_lock_reader_unlock (&self->tables_lock);
  *latest = end;
  *earliest = end - (gint64) max_days * DUBAN_USEC_PER_DAY;
}
