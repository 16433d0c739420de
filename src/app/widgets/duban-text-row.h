/* duban-text-row.h — a row of text cells for the desk's simple tables
 *
 * The orders and audit windows list a few hundred records of plain text;
 * one small item type and one column helper serve both.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DUBAN_TYPE_TEXT_ROW (duban_text_row_get_type ())
G_DECLARE_FINAL_TYPE (DubanTextRow, duban_text_row, DUBAN, TEXT_ROW, GObject)

/* Takes @cells; @payload is freed with @destroy. */
DubanTextRow *duban_text_row_new         (GStrv           cells,
                                          gpointer        payload,
                                          GDestroyNotify  destroy);
const char   *duban_text_row_get_cell    (DubanTextRow   *self,
                                          guint           column);
gpointer      duban_text_row_get_payload (DubanTextRow   *self);
/* A CSS class for one cell (e.g. "error"), or NULL. */
void          duban_text_row_set_cell_class (DubanTextRow *self,
                                             guint         column,
                                             const char   *css_class);

/* Appends a column showing cell @column, sortable by its text: one
 * line, cut with "…", the whole text in the tooltip. */
void          duban_text_row_add_column  (GtkColumnView  *view,
                                          const char     *title,
                                          guint           column,
                                          int             fixed_width);
/* The same for a text a person must read whole and may copy (a
 * platform's answer): wrapped over up to @max_lines lines, selectable,
 * the whole text in the tooltip still. */
void          duban_text_row_add_wrapped_column (GtkColumnView *view,
                                                 const char    *title,
                                                 guint          column,
                                                 int            fixed_width,
                                                 int            max_lines);

G_END_DECLS
