/* duban-table.c — a table of text for terminals and CSV files
 *
 * Every CSV the project writes goes through here (duban-ctl, the
 * reports, the audit log), so the rule that keeps a spreadsheet from
 * running a cell as a formula is written once: duban_csv_cell().
 */

#define G_LOG_DOMAIN "duban-table"

#include "config.h"

#include <string.h>

#include "duban-table.h"

struct _DubanTable
{
  GPtrArray *titles;   /* char* */
  GPtrArray *keys;     /* char* */
  GPtrArray *rows;     /* GStrv */
  GArray    *numeric;  /* gboolean, one a column: the code writes numbers there */
};

DubanTable *
duban_table_new (void)
{
  DubanTable *table = g_new0 (DubanTable, 1);

  table->titles = g_ptr_array_new_with_free_func (g_free);
  table->keys = g_ptr_array_new_with_free_func (g_free);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  table->numeric = g_array_new (FALSE, TRUE, sizeof (gboolean));

  return table;
}

void
duban_table_free (DubanTable *table)
{
  if (table == NULL)
    return;

  g_ptr_array_unref (table->titles);
  g_ptr_array_unref (table->keys);
  g_ptr_array_unref (table->rows);
  g_array_unref (table->numeric);
  g_free (table);
}

void
duban_table_add_columns (DubanTable *table,
                         const char *first_title,
                         ...)
{
  const char *title = first_title;
  va_list args;

  g_return_if_fail (table != NULL);
  g_return_if_fail (table->rows->len == 0);

  va_start (args, first_title);
  while (title != NULL)
    {
      const char *key = va_arg (args, const char *);

      g_ptr_array_add (table->titles, g_strdup (title));
      g_ptr_array_add (table->keys, g_strdup (key ? key : title));
      title = va_arg (args, const char *);
    }
  va_end (args);
  g_array_set_size (table->numeric, table->keys->len);
}

void
duban_table_set_numeric (DubanTable *table,
                         const char *first_key,
                         ...)
{
  const char *key = first_key;
  va_list args;

  g_return_if_fail (table != NULL);

  va_start (args, first_key);
  for (; key != NULL; key = va_arg (args, const char *))
    {
      guint index;

      if (!g_ptr_array_find_with_equal_func (table->keys, key, g_str_equal, &index))
        {
          g_critical ("%s: no column %s", G_STRFUNC, key);
          continue;
        }
      g_array_index (table->numeric, gboolean, index) = TRUE;
    }
  va_end (args);
}

void
duban_table_add_row (DubanTable *table,
                     const char *first_cell,
                     ...)
{
  GStrv row;
  const char *cell = first_cell;
  va_list args;
  guint n = 0;

  g_return_if_fail (table != NULL);

  row = g_new0 (char *, table->titles->len + 1);
  va_start (args, first_cell);
  while (cell != NULL && n < table->titles->len)
    {
      row[n++] = g_strdup (cell);
      cell = va_arg (args, const char *);
    }
  va_end (args);

  /* missing cells are empty, never a crash */
  for (; n < table->titles->len; n++)
    row[n] = g_strdup ("");

  g_ptr_array_add (table->rows, row);
}

guint
duban_table_get_n_rows (DubanTable *table)
{
  g_return_val_if_fail (table != NULL, 0);

  return table->rows->len;
}

gsize
duban_text_width (const char *text)
{
  gsize width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }

  return width;
}

/* -1.5, 12, 0.333333: what the code prints with %u and %.*f */
static gboolean
is_plain_number (const char *cell)
{
  const char *p = cell;

  if (*p == '-')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  return *p == '\0';
}

/* What a spreadsheet may take for a formula (OWASP, CSV injection): a
 * cell that begins with = + - @, a tab or a carriage return; and one
 * that begins so after leading spaces, which spreadsheets skip. */
static gboolean
is_formula_like (const char *cell)
{
  const char *p = cell;

  if (*p == '\t' || *p == '\r' || *p == '\n')
    return TRUE;
  while (*p == ' ')
    p++;

  return *p == '=' || *p == '+' || *p == '-' || *p == '@' || *p == '\t' || *p == '\r' || *p == '\n';
}

char *
duban_csv_cell (const char *cell,
                gboolean    numeric)
{
  gboolean formula, quote;
  GString *out;

  g_return_val_if_fail (cell != NULL, NULL);

  /* A number the code wrote stays a number; anything else in a numeric
   * column is text like any other. */
  if (numeric && is_plain_number (cell))
    return g_strdup (cell);

  /* RFC 4180 quoting; a formula-like text cell is prefixed with an
   * apostrophe and quoted, so it reads as the text it is. */
  formula = is_formula_like (cell);
  quote = formula || strpbrk (cell, ",\"\r\n") != NULL;
  if (!quote)
    return g_strdup (cell);

  out = g_string_new ("\"");
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = cell; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');

  return g_string_free (out, FALSE);
}

static void
append_csv_line (GString       *out,
                 char *const   *cells,
                 const gboolean *numeric,
                 guint          n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *cell = duban_csv_cell (cells[i], numeric != NULL && numeric[i]);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, cell);
    }
  g_string_append (out, "\r\n");
}

static void
append_padded (GString    *out,
               const char *text,
               gsize       width)
{
  gsize own = duban_text_width (text);

  g_string_append (out, text);
  for (; own < width; own++)
    g_string_append_c (out, ' ');
}

char *
duban_table_to_string (DubanTable       *table,
                       DubanTableFormat  format)
{
  GString *out = g_string_new (NULL);
  guint n = table->titles->len;

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (format != DUBAN_TABLE_JSON, NULL);

  if (format == DUBAN_TABLE_CSV || format == DUBAN_TABLE_CSV_TITLED)
    {
      append_csv_line (out, (char **) (format == DUBAN_TABLE_CSV ? table->keys : table->titles)->pdata, NULL, n);
      for (guint r = 0; r < table->rows->len; r++)
        append_csv_line (out, g_ptr_array_index (table->rows, r), (gboolean *) table->numeric->data, n);
    }
  else
    {
      g_autofree gsize *widths = g_new0 (gsize, n);

      for (guint c = 0; c < n; c++)
        widths[c] = duban_text_width (g_ptr_array_index (table->titles, c));
      for (guint r = 0; r < table->rows->len; r++)
        {
          char **row = g_ptr_array_index (table->rows, r);
          for (guint c = 0; c < n; c++)
            widths[c] = MAX (widths[c], duban_text_width (row[c]));
        }

      for (guint c = 0; c < n; c++)
        {
          append_padded (out, g_ptr_array_index (table->titles, c), c + 1 < n ? widths[c] + 2 : 0);
        }
      g_string_append_c (out, '\n');

      for (guint r = 0; r < table->rows->len; r++)
        {
          char **row = g_ptr_array_index (table->rows, r);

          for (guint c = 0; c < n; c++)
            append_padded (out, row[c], c + 1 < n ? widths[c] + 2 : 0);
          g_string_append_c (out, '\n');
        }
    }

  return g_string_free (out, FALSE);
}

void
duban_table_print (DubanTable       *table,
                   DubanTableFormat  format,
                   FILE             *stream)
{
  g_autofree char *text = duban_table_to_string (table, format);

  fputs (text, stream);
}
