/* duban-cell-table.c — tickets counted by area and category, one at a time
 *
 * See duban-cell-table.h. A cell is found by the pair of indices packed
 * into one pointer-sized key, so that the table of cells hashes numbers,
 * not strings.
 */
#define G_LOG_DOMAIN "duban-cell-table"

#include "config.h"

#include <string.h>

#include "duban-cell-table.h"

typedef struct {
  guint slot[DUBAN_CELL_SLOTS];
} Counts;

/* names interned: name → index + 1, and the counts per index */
typedef struct {
  GHashTable *index;
  GPtrArray  *names;
  GArray     *counts;
} Names;

struct _DubanCellTable {
  Names         areas;
  Names         categories;
  GHashTable   *cells;           /* key (area, category) → DubanCell* */
  GPtrArray    *all;             /* DubanCell*, owned */
  Counts        total;
  GStringChunk *ids;
};

static void
names_init (Names *names)
{
  names->index = g_hash_table_new (g_str_hash, g_str_equal);
  names->names = g_ptr_array_new_with_free_func (g_free);
  names->counts = g_array_new (FALSE, TRUE, sizeof (Counts));
}

static void
names_clear (Names *names)
{
  g_clear_pointer (&names->index, g_hash_table_unref);
  g_clear_pointer (&names->names, g_ptr_array_unref);
  g_clear_pointer (&names->counts, g_array_unref);
}

static guint
names_intern (Names      *names,
              const char *name)
{
  gpointer found = g_hash_table_lookup (names->index, name);
  char *copy;

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;
  copy = g_strdup (name);
  g_ptr_array_add (names->names, copy);
  g_array_set_size (names->counts, names->names->len);
  g_hash_table_insert (names->index, copy, GUINT_TO_POINTER (names->names->len));
  return names->names->len - 1;
}

static guint
counts_sum (const Counts *counts,
            guint         first,
            guint         last)
{
  guint sum = 0;

  g_return_val_if_fail (first <= last && last < DUBAN_CELL_SLOTS, 0);

  for (guint s = first; s <= last; s++)
    sum += counts->slot[s];
  return sum;
}

static gpointer
cell_key (guint area,
          guint category)
{
  /* 32 bits each on a 64-bit machine; on a 32-bit one, 16 each, more
   * than any county's areas or categories */
  return GSIZE_TO_POINTER (((gsize) area << (GLIB_SIZEOF_SIZE_T * 4)) | (gsize) category);
}

/* g_direct_hash() keeps the low 32 bits only: the category alone, which
 * would chain every area's cells of a category in one bucket */
static guint
cell_hash (gconstpointer key)
{
  guint64 k = GPOINTER_TO_SIZE (key);

  return (guint) ((k ^ (k >> 32)) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) >> 32);
}

static void
cell_free (DubanCell *cell)
{
  g_clear_pointer (&cell->ids, g_ptr_array_unref);
  g_free (cell);
}

DubanCellTable *
duban_cell_table_new (void)
{
  DubanCellTable *self = g_new0 (DubanCellTable, 1);

  names_init (&self->areas);
  names_init (&self->categories);
  self->cells = g_hash_table_new (cell_hash, g_direct_equal);
  self->all = g_ptr_array_new_with_free_func ((GDestroyNotify) cell_free);
  self->ids = g_string_chunk_new (64 * 1024);
  return self;
}

void
duban_cell_table_free (DubanCellTable *self)
{
  if (self == NULL)
    return;

  names_clear (&self->areas);
  names_clear (&self->categories);
  g_hash_table_unref (self->cells);
  g_ptr_array_unref (self->all);
  g_string_chunk_free (self->ids);
  g_free (self);
}

DubanCell *
duban_cell_table_get (DubanCellTable *self,
                      const char     *area,
                      const char     *category)
{
  guint a, c;
  gpointer key;
  DubanCell *cell;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (area != NULL && category != NULL, NULL);

  a = names_intern (&self->areas, area);
  c = names_intern (&self->categories, category);
  key = cell_key (a, c);
  if ((cell = g_hash_table_lookup (self->cells, key)) == NULL)
    {
      cell = g_new0 (DubanCell, 1);
      cell->area = a;
      cell->category = c;
      g_hash_table_insert (self->cells, key, cell);
      g_ptr_array_add (self->all, cell);
    }
  return cell;
}

DubanCell *
duban_cell_table_find (DubanCellTable *self,
                       guint           area,
                       guint           category)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_hash_table_lookup (self->cells, cell_key (area, category));
}

void
duban_cell_table_count (DubanCellTable *self,
                        DubanCell      *cell,
                        guint           slot)
{
  g_return_if_fail (self != NULL && cell != NULL);
  g_return_if_fail (slot < DUBAN_CELL_SLOTS);

  cell->slot[slot]++;
  g_array_index (self->areas.counts, Counts, cell->area).slot[slot]++;
  g_array_index (self->categories.counts, Counts, cell->category).slot[slot]++;
  self->total.slot[slot]++;
}

void
duban_cell_table_note_id (DubanCellTable *self,
                          DubanCell      *cell,
                          const char     *id)
{
  g_return_if_fail (self != NULL && cell != NULL && id != NULL);

  if (cell->ids == NULL)
    cell->ids = g_ptr_array_new ();
  g_ptr_array_add (cell->ids, g_string_chunk_insert (self->ids, id));
}

guint
duban_cell_table_add_area (DubanCellTable *self,
                           const char     *area)
{
  g_return_val_if_fail (self != NULL && area != NULL, 0);

  return names_intern (&self->areas, area);
}

guint
duban_cell_table_n_areas (DubanCellTable *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->areas.names->len;
}

const char *
duban_cell_table_area (DubanCellTable *self,
                       guint           area)
{
  g_return_val_if_fail (self != NULL && area < self->areas.names->len, NULL);

  return g_ptr_array_index (self->areas.names, area);
}

guint
duban_cell_table_area_count (DubanCellTable *self,
                             guint           area,
                             guint           first,
                             guint           last)
{
  g_return_val_if_fail (self != NULL && area < self->areas.names->len, 0);

  return counts_sum (&g_array_index (self->areas.counts, Counts, area), first, last);
}

guint
duban_cell_table_n_categories (DubanCellTable *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->categories.names->len;
}

const char *
duban_cell_table_category (DubanCellTable *self,
                           guint           category)
{
  g_return_val_if_fail (self != NULL && category < self->categories.names->len, NULL);

  return g_ptr_array_index (self->categories.names, category);
}

guint
duban_cell_table_category_count (DubanCellTable *self,
                                 guint           category,
                                 guint           first,
                                 guint           last)
{
  g_return_val_if_fail (self != NULL && category < self->categories.names->len, 0);

  return counts_sum (&g_array_index (self->categories.counts, Counts, category), first, last);
}

guint
duban_cell_table_total (DubanCellTable *self,
                        guint           first,
                        guint           last)
{
  g_return_val_if_fail (self != NULL, 0);

  return counts_sum (&self->total, first, last);
}

void
duban_cell_table_merge (DubanCellTable *self,
                        DubanCellTable *from)
{
  g_return_if_fail (self != NULL && from != NULL);

  for (guint i = 0; i < from->all->len; i++)
    {
      const DubanCell *other = g_ptr_array_index (from->all, i);
      DubanCell *cell = duban_cell_table_get (self, g_ptr_array_index (from->areas.names, other->area),
                                              g_ptr_array_index (from->categories.names, other->category));

      for (guint s = 0; s < DUBAN_CELL_SLOTS; s++)
        {
          cell->slot[s] += other->slot[s];
          g_array_index (self->areas.counts, Counts, cell->area).slot[s] += other->slot[s];
          g_array_index (self->categories.counts, Counts, cell->category).slot[s] += other->slot[s];
          self->total.slot[s] += other->slot[s];
        }
      for (guint k = 0; other->ids != NULL && k < other->ids->len; k++)
        duban_cell_table_note_id (self, cell, g_ptr_array_index (other->ids, k));
    }
}

GPtrArray *
duban_cell_table_cells (DubanCellTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->all;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
duban_cell_table_dup_ids (DubanCellTable  *self,
                          const DubanCell *cell)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (self != NULL && cell != NULL, ids);

  for (guint i = 0; cell->ids != NULL && i < cell->ids->len; i++)
    g_ptr_array_add (ids, g_strdup (g_ptr_array_index (cell->ids, i)));
  g_ptr_array_sort (ids, compare_strings);
  return ids;
}
