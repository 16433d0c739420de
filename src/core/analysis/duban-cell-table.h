/* duban-cell-table.h — tickets counted by area and category, one at a time
 *
 * The hotspots and the themes both count tickets per cell (an area of a
 * level and a category), per area and per category, in a few slots (the
 * history and the period; the months). Fed one ticket at a time, from a
 * read of the store that keeps no ticket, the counts are all they hold:
 * two million tickets leave a few thousand cells. Areas and categories
 * are interned once, so that a ticket costs two lookups by name and one
 * by number, and no string is made per ticket.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DUBAN_CELL_SLOTS 6

typedef struct {
  guint      area;                    /* index of its area */
  guint      category;                /* index of its category */
  guint      slot[DUBAN_CELL_SLOTS];
  GPtrArray *ids;                     /* const char* (the table's), or NULL: none noted */
} DubanCell;

typedef struct _DubanCellTable DubanCellTable;

DubanCellTable *duban_cell_table_new          (void);
void            duban_cell_table_free         (DubanCellTable *self);

/* The cell of @area and @category, made on first sight. */
DubanCell      *duban_cell_table_get          (DubanCellTable *self,
                                               const char     *area,
                                               const char     *category);
/* The cell of two indices, or NULL when no ticket made it. */
DubanCell      *duban_cell_table_find         (DubanCellTable *self,
                                               guint           area,
                                               guint           category);
/* Counts one ticket in @slot of @cell, of its area, its category and the
 * whole table. */
void            duban_cell_table_count        (DubanCellTable *self,
                                               DubanCell      *cell,
                                               guint           slot);
/* Notes @id among @cell's tickets (a copy the table keeps). */
void            duban_cell_table_note_id      (DubanCellTable *self,
                                               DubanCell      *cell,
                                               const char     *id);
/* The index of @area, interned if it was not: an area of the family that
 * no ticket named. */
guint           duban_cell_table_add_area     (DubanCellTable *self,
                                               const char     *area);

guint           duban_cell_table_n_areas      (DubanCellTable *self);
const char     *duban_cell_table_area         (DubanCellTable *self,
                                               guint           area);
/* The area's counts over @first … @last slots (inclusive). */
guint           duban_cell_table_area_count   (DubanCellTable *self,
                                               guint           area,
                                               guint           first,
                                               guint           last);
guint           duban_cell_table_n_categories (DubanCellTable *self);
const char     *duban_cell_table_category     (DubanCellTable *self,
                                               guint           category);
guint           duban_cell_table_category_count (DubanCellTable *self,
                                                 guint           category,
                                                 guint           first,
                                                 guint           last);
guint           duban_cell_table_total        (DubanCellTable *self,
                                               guint           first,
                                               guint           last);
/* Adds @from's counts and noted ids to @self's, cell by cell (by name):
 * two tables fed halves of the tickets make the table of all of them. */
void            duban_cell_table_merge        (DubanCellTable *self,
                                               DubanCellTable *from);
/* Every cell made, in no particular order (DubanCell*, the table's). */
GPtrArray      *duban_cell_table_cells        (DubanCellTable *self);
/* @cell's noted ids, sorted (char*, copies). */
GPtrArray      *duban_cell_table_dup_ids      (DubanCellTable *self,
                                               const DubanCell *cell);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanCellTable, duban_cell_table_free)

G_END_DECLS
