/* duban-table.h — a table of text for terminals and CSV files
 *
 * Columns have a display title (translated, for people) and a key (for
 * CSV headers, stable for machines). Text output aligns by display width,
 * so Chinese (two cells a character) lines up.
 */
#pragma once

#include <glib.h>
#include <stdio.h>

G_BEGIN_DECLS

typedef enum {
  DUBAN_TABLE_TEXT,
  DUBAN_TABLE_CSV,
  DUBAN_TABLE_CSV_TITLED,  /* CSV whose header row is the titles, not the keys: for people */
  DUBAN_TABLE_JSON,   /* not printed by the table: callers build their own JSON */
} DubanTableFormat;

typedef struct _DubanTable DubanTable;

DubanTable *duban_table_new          (void);
void        duban_table_free         (DubanTable       *table);
/* Pairs of (title, key), NULL-terminated. */
void        duban_table_add_columns  (DubanTable       *table,
                                      const char       *first_title,
                                      ...) G_GNUC_NULL_TERMINATED;
/* One string per column, NULL-terminated. */
void        duban_table_add_row      (DubanTable       *table,
                                      const char       *first_cell,
                                      ...) G_GNUC_NULL_TERMINATED;
/* Keys of the columns where the code writes numbers (NULL-terminated):
 * a plain number there (-1.5, 12) is written as a number; everything
 * else, there and in every other column, is text (duban_csv_cell()). */
void        duban_table_set_numeric  (DubanTable       *table,
                                      const char       *first_key,
                                      ...) G_GNUC_NULL_TERMINATED;
guint       duban_table_get_n_rows   (DubanTable       *table);
char       *duban_table_to_string    (DubanTable       *table,
                                      DubanTableFormat  format);
void        duban_table_print        (DubanTable       *table,
                                      DubanTableFormat  format,
                                      FILE             *stream);
/* One CSV cell as written: RFC 4180 quoting, and a text cell that
 * begins with = + - @, a tab or a CR (after any spaces) prefixed with an
 * apostrophe and quoted (OWASP), so no spreadsheet runs it as a
 * formula. @numeric: the code wrote a number here; a plain number is
 * then left as it is. */
char       *duban_csv_cell           (const char       *cell,
                                      gboolean          numeric);
/* Display width in terminal cells. */
gsize       duban_text_width         (const char       *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanTable, duban_table_free)

G_END_DECLS
