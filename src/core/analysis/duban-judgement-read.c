/* duban-judgement-read.c — the 研判 of a period, read from the store
 *
 * Two ways to one tally. Judged whole, every stored ticket is read lean
 * and fed to duban_judgement_tally_add(), in two halves on two
 * connections at scale. With the kept history (duban-judgement-history.h)
 * only the tickets the history cannot stand for are read and judged —
 * those received in the period (the repeat groups and the findings name
 * them), those not settled by the moment (open, or with a time still to
 * come) and those of confirmed groups (counted by their group's first) —
 * and every other ticket is its row of numbers. Both make the same
 * findings: /desk-scope/judgement-history holds them to it.
 */
#define G_LOG_DOMAIN "duban-judgement"

#include "config.h"

#include <json-glib/json-glib.h>

#include "duban-judgement-history.h"
#include "duban-judgement-private.h"
#include "duban-store-judgement-history.h"
#include "duban-store-scope.h"

/* ---- every ticket judged ------------------------------------------------------ */

/* One part of the table's rows, fed to a tally of its own. */
typedef struct {
  DubanJudgementTally *tally;
  GPtrArray           *kept;         /* DubanTicket*, owned */
  DubanStore          *store;        /* the caller's, or NULL: a connection of its own on @path */
  const char          *path;
  DubanTime            words_from, words_to;
  gint64               first_row, last_row;
  GError              *error;
} Part;

static void
feed_ticket_cb (DubanTicket *ticket,
                gpointer     user_data)
{
  Part *part = user_data;

  if (duban_judgement_tally_add (part->tally, ticket, NULL))
    g_ptr_array_add (part->kept, ticket);
  else
    duban_ticket_free (ticket);
}

static gpointer
read_part (gpointer data)
{
  Part *part = data;
  g_autoptr(DubanStore) own = NULL;
  DubanStore *store = part->store;

  if (store == NULL && !(store = own = duban_store_open_existing (part->path, &part->error)))
    return NULL;
  duban_store_foreach_ticket_for_judgement (store, part->words_from, part->words_to, part->first_row,
                                            part->last_row, feed_ticket_cb, part, &part->error);
  return NULL;
}

static void
part_clear (Part *part)
{
  g_clear_pointer (&part->tally, duban_judgement_tally_free);
  g_clear_pointer (&part->kept, g_ptr_array_unref);
  g_clear_error (&part->error);
}

static DubanJudgement *
read_every_ticket (DubanStore           *store,
                   DubanRegions         *regions,
                   GPtrArray            *decisions,
                   const DubanSlaPolicy *policy,
                   DubanCalendar        *calendar,
                   DubanAreaLevel        level,
                   DubanDay              first,
                   DubanDay              last,
                   DubanTime             at,
                   DubanTime             judged_at,
                   DubanHotspotNameFunc  name_lookup,
                   gpointer              user_data,
                   GError              **error)
{
  DubanJudgement *judgement;
  Part parts[2] = { { 0 } };
  guint n_parts = 1;
  gint64 first_row, last_row, started, read;
  GThread *thread = NULL;

  if (!duban_store_ticket_rows (store, &first_row, &last_row, error))
    return NULL;

  /* Two halves of the table, read side by side on two connections when
   * there are many (at two million tickets the read is seconds, and a
   * workstation has two cores or more): each half fed to a tally of its
   * own, the second merged into the first — the first half's rows come
   * first, so the merged tally is the one a single read would make. A
   * sync committing between the two reads' starts is in one half or
   * neither, as any read sees the store at one moment or the next. */
  if (last_row - first_row + 1 >= duban_judgement_split_rows () && duban_store_get_path (store) != NULL &&
      g_get_num_processors () > 1)
    n_parts = 2;
  for (guint p = 0; p < n_parts; p++)
    {
      Part *part = &parts[p];

      part->tally = duban_judgement_tally_new_judged (regions, decisions, policy, calendar, level, first, last, at, judged_at);
      part->kept = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
      part->store = p == 0 ? store : NULL;
      part->path = duban_store_get_path (store);
      part->words_from = duban_day_start (first);
      part->words_to = duban_day_start (last + 1);
      part->first_row = n_parts == 1 ? G_MININT64 : p == 0 ? first_row : first_row + (last_row - first_row) / 2 + 1;
      part->last_row = n_parts == 1 ? G_MAXINT64 : p == 0 ? first_row + (last_row - first_row) / 2 : G_MAXINT64;
    }
  started = g_get_monotonic_time ();
  if (n_parts == 2)
    thread = g_thread_new ("duban-judgement", read_part, &parts[1]);
  read_part (&parts[0]);
  if (thread != NULL)
    g_thread_join (thread);
  read = g_get_monotonic_time ();

  for (guint p = 0; p < n_parts; p++)
    if (parts[p].error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&parts[p].error));
        part_clear (&parts[0]);
        part_clear (&parts[1]);
        return NULL;
      }
  if (n_parts == 2)
    {
      duban_judgement_tally_merge (parts[0].tally, parts[1].tally);
      g_ptr_array_extend_and_steal (parts[0].kept, g_steal_pointer (&parts[1].kept));
    }
  judgement = duban_judgement_tally_finish (parts[0].tally, parts[0].kept, name_lookup, user_data);
  g_debug ("研判 of %" G_GINT64_FORMAT " rows in %u parts: read in %.2f s, worked out in %.2f s; %u tickets kept",
           last_row - first_row + 1, n_parts, (read - started) / 1e6, (g_get_monotonic_time () - read) / 1e6,
           judgement->tickets->len);
  part_clear (&parts[0]);
  part_clear (&parts[1]);
  return judgement;
}

/* ---- the kept history -------------------------------------------------------- */

typedef struct {
  gint64 row;
  guint  area, category;     /* name ids */
} ThemeRow;

typedef struct {
  DubanCell *hotspot, *theme;
} CellPair;

/* The kept rows, fed to a tally of their own (curves and cells only). */
typedef struct {
  DubanJudgementTally *tally;
  DubanStore          *store;         /* in a read at the live read's moment, or NULL: */
  const char          *path;          /* a connection of its own on @path, checked */
  const char          *stamp;
  gint64               generation;    /* the live read's */
  gboolean             same_moment;   /* out: the store was the live read's */
  GPtrArray           *names;         /* id → name (pdata[0] NULL), the live read's */
  GHashTable          *grouped_rows;  /* rows of tickets read live for their group */
  DubanTime            at, skip_from, skip_to;
  GPtrArray           *strata;        /* id → the curve, made when first met */
  GHashTable          *cells;         /* (area, category) ids → CellPair* */
  GArray              *theme_rows;    /* ThemeRow: counted in the themes' months */
  guint                n_rows;
  GError              *error;
} Rows;

static const char *
name_of (GPtrArray *names,
         gint64     id)
{
  return id > 0 && id < (gint64) names->len ? g_ptr_array_index (names, (guint) id) : NULL;
}

/* a pair of 32-bit ids in a pointer, mixed: the low half alone (the
 * category) would chain every area's cells of a category together */
static guint
pair_hash (gconstpointer key)
{
  guint64 k = GPOINTER_TO_SIZE (key);

  k ^= k >> 29;
  k *= G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  return (guint) (k >> 32);
}

static void
feed_row_cb (gint64                          row,
             const DubanJudgementHistoryRow *kept,
             gpointer                        user_data)
{
  Rows *rows = user_data;
  DubanJudgementTally *tally = rows->tally;
  gint64 area_id;
  gpointer key;
  CellPair *pair;

  if (g_hash_table_contains (rows->grouped_rows, GSIZE_TO_POINTER ((gsize) row)))
    return;
  rows->n_rows++;

  /* what duban_judgement_tally_add() gives the curves ... */
  if (kept->stratum > 0)
    {
      gpointer curve = kept->stratum < (gint64) rows->strata->len ? rows->strata->pdata[kept->stratum] : NULL;
      const char *name;

      if (curve == NULL && (name = name_of (rows->names, kept->stratum)) != NULL)
        {
          if ((gint64) rows->strata->len <= kept->stratum)
            g_ptr_array_set_size (rows->strata, (guint) kept->stratum + 1);
          curve = rows->strata->pdata[kept->stratum] = duban_late_risk_curves_stratum (tally->curves, name);
        }
      if (curve != NULL)
        duban_late_risk_curves_add (tally->curves, curve, kept->urgent, kept->share, kept->event);
    }

  /* ... and the cells: a ticket of the period is never a row here, so
   * no id is the hotspots' to note; the themes note every one of their
   * months' when the cell is found one (read_with_history()) */
  area_id = tally->level == DUBAN_AREA_TOWN ? kept->town : tally->level == DUBAN_AREA_VILLAGE ? kept->village : kept->grid;
  if (name_of (rows->names, kept->category) == NULL || name_of (rows->names, area_id) == NULL ||
      area_id > G_MAXUINT32 || kept->category > G_MAXUINT32)
    return;
  key = GSIZE_TO_POINTER (((gsize) area_id << 32) | (gsize) kept->category);
  if ((pair = g_hash_table_lookup (rows->cells, key)) == NULL)
    {
      pair = g_new0 (CellPair, 1);
      g_hash_table_insert (rows->cells, key, pair);
    }
  duban_hotspot_tally_add_seen (tally->hotspots, kept->received_at, name_of (rows->names, area_id),
                                name_of (rows->names, kept->category), &pair->hotspot);
  if (duban_theme_tally_add_seen (tally->themes, kept->received_at, name_of (rows->names, area_id),
                                  name_of (rows->names, kept->category), &pair->theme))
    {
      ThemeRow theme_row = { row, (guint) area_id, (guint) kept->category };

      g_array_append_val (rows->theme_rows, theme_row);
    }
}

static gpointer
read_rows (gpointer data)
{
  Rows *rows = data;
  g_autoptr(DubanStore) own = NULL;
  DubanStore *store = rows->store;

  if (store == NULL)
    {
      gboolean current = FALSE;
      gint64 generation = -1;

      g_autoptr(GError) local_error = NULL;

      /* at the live read's moment, or not at all: no mark of a write and
       * the generation it saw (duban-store-schema.c, schema 9). Not at
       * all is no error: the rows are then read after the tickets, on
       * the live read's connection. */
      if (!(store = own = duban_store_open_existing (rows->path, &local_error)) ||
          !duban_store_judgement_history_read_begin (store, &local_error) ||
          !duban_store_judgement_history_is_current (store, rows->stamp, &current, NULL, &generation, &local_error) ||
          !current || generation != rows->generation)
        {
          if (local_error != NULL)
            g_debug ("研判: the kept rows not read beside the tickets: %s", local_error->message);
          if (own != NULL)
            duban_store_judgement_history_read_end (own);
          return NULL;
        }
    }
  rows->same_moment = TRUE;
  duban_store_foreach_judgement_history (store, rows->at, rows->skip_from, rows->skip_to, feed_row_cb, rows,
                                         &rows->error);
  if (own != NULL)
    duban_store_judgement_history_read_end (own);
  return NULL;
}

/* The tickets the rows leave out, read and judged. */
typedef struct {
  DubanJudgementTally *tally;
  GPtrArray           *kept;          /* DubanTicket*, owned */
  guint                n_live;
} Live;

static void
feed_live_cb (DubanTicket *ticket,
              gint64       row,
              gpointer     user_data)
{
  Live *live = user_data;

  live->n_live++;
  if (duban_judgement_tally_add (live->tally, ticket, NULL))
    g_ptr_array_add (live->kept, ticket);
  else
    duban_ticket_free (ticket);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The ids of the tickets the confirmed groups hold, as a JSON array. */
static char *
grouped_ids_json (DubanJudgementTally *tally)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  GHashTableIter iter;
  gpointer id;

  json_builder_begin_array (builder);
  g_hash_table_iter_init (&iter, tally->grouped);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    json_builder_add_string_value (builder, id);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* A theme names every ticket of its cell: those that were rows too. */
static gboolean
add_theme_ids (DubanJudgement *judgement,
               DubanStore     *store,
               Rows           *rows,
               GError        **error)
{
  for (guint t = 0; t < judgement->themes->len; t++)
    {
      DubanJudgementTheme *item = g_ptr_array_index (judgement->themes, t);
      g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (gint64));
      guint area = 0, category = 0;

      /* the theme's names as the rows' ids (each name is stored once) */
      for (guint n = 1; n < rows->names->len; n++)
        {
          const char *name = g_ptr_array_index (rows->names, n);

          if (g_strcmp0 (name, item->theme->area) == 0)
            area = n;
          if (g_strcmp0 (name, item->theme->category) == 0)
            category = n;
        }
      for (guint i = 0; area > 0 && category > 0 && i < rows->theme_rows->len; i++)
        {
          const ThemeRow *theme_row = &g_array_index (rows->theme_rows, ThemeRow, i);

          if (theme_row->area == area && theme_row->category == category)
            g_array_append_val (found, theme_row->row);
        }
      if (found->len == 0)
        continue;
      if (!duban_store_ticket_ids_of_rows (store, found, item->ticket_ids, error))
        return FALSE;
      g_ptr_array_sort (item->ticket_ids, compare_strings);
    }
  return TRUE;
}

/* The 研判 from the kept history, on @own (a connection of its own); NULL
 * with *@used FALSE when the history is not to be had (the store cannot
 * be written to bring it up to date, or changed under the read): the
 * caller judges every ticket instead. */
static DubanJudgement *
read_with_history (DubanStore           *own,
                   DubanRegions         *regions,
                   GPtrArray            *decisions,
                   const DubanSlaPolicy *policy,
                   DubanCalendar        *calendar,
                   DubanAreaLevel        level,
                   DubanDay              first,
                   DubanDay              last,
                   DubanTime             at,
                   DubanTime             judged_at,
                   DubanHotspotNameFunc  name_lookup,
                   gpointer              user_data,
                   gboolean             *used,
                   GError              **error)
{
  g_autofree char *stamp = duban_judgement_history_stamp (regions, policy, calendar);
  g_autofree char *years = NULL;
  g_autofree char *ids_json = NULL;
  g_autoptr(GError) local_error = NULL;
  DubanJudgement *judgement = NULL;
  Live live = { 0 };
  Rows rows = { 0 };
  GThread *thread = NULL;
  gboolean current = FALSE;
  gint64 started = g_get_monotonic_time (), read, first_row, last_row;

  *used = FALSE;

  if (!duban_store_judgement_history_is_current (own, stamp, &current, NULL, NULL, &local_error) ||
      (!current && !duban_judgement_history_refresh_stamped (own, stamp, regions, policy, calendar, NULL,
                                                             &local_error)))
    {
      g_debug ("研判 without its kept history: %s", local_error->message);
      return NULL;
    }

  /* the check and the reads at one moment of the store */
  if (!duban_store_judgement_history_read_begin (own, &local_error) ||
      !duban_store_judgement_history_is_current (own, stamp, &current, &years, &rows.generation, &local_error) ||
      !current)
    {
      g_debug ("研判 without its kept history: %s",
               local_error != NULL ? local_error->message : "the store changed since it was brought up to date");
      duban_store_judgement_history_read_end (own);
      return NULL;
    }

  live.tally = duban_judgement_tally_new_judged (regions, decisions, policy, calendar, level, first, last, at,
                                                 judged_at);
  live.kept = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  rows.tally = duban_judgement_tally_new_judged (regions, decisions, policy, calendar, level, first, last, at,
                                                 judged_at);
  rows.path = duban_store_get_path (own);
  rows.stamp = stamp;
  rows.at = judged_at;
  rows.skip_from = duban_day_start (first);
  rows.skip_to = duban_day_start (last + 1);
  rows.grouped_rows = g_hash_table_new (g_direct_hash, g_direct_equal);
  rows.strata = g_ptr_array_new ();
  rows.cells = g_hash_table_new_full (pair_hash, g_direct_equal, NULL, g_free);
  rows.theme_rows = g_array_new (FALSE, FALSE, sizeof (ThemeRow));
  ids_json = grouped_ids_json (live.tally);

  /* The rows on a second connection beside the live read when there are
   * many; both at one moment, which the rows' read checks. Else after it,
   * on this one. */
  if (!(rows.names = duban_store_judgement_names (own, error)) ||
      !duban_store_ticket_rows_of_ids (own, ids_json, rows.grouped_rows, error))
    goto out;
  if (!duban_store_ticket_rows (own, &first_row, &last_row, error))
    goto out;
  if (last_row - first_row + 1 >= duban_judgement_split_rows () && g_get_num_processors () > 1)
    thread = g_thread_new ("duban-judgement-rows", read_rows, &rows);
  if (!duban_store_foreach_ticket_for_judgement_live (own, rows.skip_from, rows.skip_to, judged_at, ids_json,
                                                      feed_live_cb, &live, error))
    goto out;
  if (thread != NULL)
    g_thread_join (g_steal_pointer (&thread));
  if (!rows.same_moment && rows.error == NULL)
    {
      /* a sync came between the two reads' starts: these rows again, on
       * this connection, which holds the live read's moment */
      g_debug ("研判: the kept rows read again, at the moment of the tickets read");
      g_clear_pointer (&rows.tally, duban_judgement_tally_free);
      rows.tally = duban_judgement_tally_new_judged (regions, decisions, policy, calendar, level, first, last, at,
                                                     judged_at);
      g_ptr_array_set_size (rows.strata, 0);
      g_hash_table_remove_all (rows.cells);
      g_array_set_size (rows.theme_rows, 0);
      rows.n_rows = 0;
      rows.store = own;
      read_rows (&rows);
    }
  if (rows.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&rows.error));
      goto out;
    }
  read = g_get_monotonic_time ();

  duban_judgement_tally_merge (live.tally, rows.tally);
  judgement = duban_judgement_tally_finish (live.tally, live.kept, name_lookup, user_data);
  if (!add_theme_ids (judgement, own, &rows, error))
    {
      g_clear_pointer (&judgement, duban_judgement_free);
      goto out;
    }

  /* the years the rows' tickets were judged on without a table, as
   * judging them again would note them */
  duban_judgement_history_note_years (calendar, years);

  g_debug ("研判 from its kept history: %u tickets judged, %u rows; read in %.2f s, worked out in %.2f s;"
           " %u tickets kept", live.n_live, rows.n_rows, (read - started) / 1e6,
           (g_get_monotonic_time () - read) / 1e6, judgement->tickets->len);

out:
  *used = TRUE;
  if (thread != NULL)
    g_thread_join (thread);
  duban_store_judgement_history_read_end (own);
  g_clear_pointer (&live.tally, duban_judgement_tally_free);
  g_clear_pointer (&live.kept, g_ptr_array_unref);
  g_clear_pointer (&rows.tally, duban_judgement_tally_free);
  g_clear_pointer (&rows.grouped_rows, g_hash_table_unref);
  g_clear_pointer (&rows.names, g_ptr_array_unref);
  g_clear_pointer (&rows.strata, g_ptr_array_unref);
  g_clear_pointer (&rows.cells, g_hash_table_unref);
  g_clear_pointer (&rows.theme_rows, g_array_unref);
  g_clear_error (&rows.error);
  return judgement;
}

/* The kept history is used unless DUBAN_JUDGEMENT_HISTORY is "0" (the
 * tests judge both ways and compare). */
static gboolean
history_wanted (void)
{
  return g_strcmp0 (g_getenv ("DUBAN_JUDGEMENT_HISTORY"), "0") != 0;
}

DubanJudgement *
duban_judgement_read (DubanStore           *store,
                      DubanRegions         *regions,
                      GPtrArray            *decisions,
                      const DubanSlaPolicy *policy,
                      DubanCalendar        *calendar,
                      DubanAreaLevel        level,
                      DubanDay              first,
                      DubanDay              last,
                      DubanTime             at,
                      DubanHotspotNameFunc  name_lookup,
                      gpointer              user_data,
                      GError              **error)
{
  g_autoptr(GPtrArray) listed = NULL;
  DubanTime judged_at = at != DUBAN_TIME_NONE ? at : duban_time_now ();
  DubanJudgement *judgement = NULL;
  gboolean used = FALSE;

  g_return_val_if_fail (DUBAN_IS_STORE (store), NULL);
  g_return_val_if_fail (policy != NULL, NULL);
  g_return_val_if_fail (DUBAN_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (first <= last, NULL);

  /* The history on a connection of its own: bringing it up to date
   * writes, and the reads hold one moment of the store in a transaction,
   * neither of which the caller's connection (the desk's, shared with its
   * syncs) should be made to wait on or hold. */
  if (history_wanted () && duban_store_get_path (store) != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(DubanStore) own = duban_store_open_existing (duban_store_get_path (store), &local_error);

      if (own == NULL)
        g_debug ("研判 without its kept history: %s", local_error->message);
      else
        judgement = read_with_history (own, regions, decisions, policy, calendar, level, first, last, at, judged_at,
                                       name_lookup, user_data, &used, error);
      if (used && judgement == NULL)
        return NULL;
    }
  if (!used)
    judgement = read_every_ticket (store, regions, decisions, policy, calendar, level, first, last, at, judged_at,
                                   name_lookup, user_data, error);
  if (judgement == NULL)
    return NULL;

  /* the likeliest late tickets are listed by title; they were read lean
   * unless received in the period */
  listed = g_ptr_array_new ();
  for (guint i = 0; i < judgement->late->len; i++)
    {
      const DubanLateRisk *risk = g_ptr_array_index (judgement->late, i);

      if (risk->ticket->title == NULL)
        g_ptr_array_add (listed, (gpointer) risk->ticket);
    }
  if (!duban_store_fill_ticket_words (store, listed, error))
    {
      duban_judgement_free (judgement);
      return NULL;
    }
  return judgement;
}
