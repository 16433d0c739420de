/* duban-store-tickets.c — the platform's tickets in the store
 *
 * One row per ticket, its fields in columns (enums as their wire names),
 * so that the lists and the figures can filter in SQL; the copy with the
 * greatest updated_at is the one kept, as the contract says.
 */

#define G_LOG_DOMAIN "duban-store-tickets"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "duban-store-private.h"
#include "duban-store-scope.h"
#include "duban-supervisions.h"

/* SQLITE_STATIC: the ticket (or the enum's wire name, a constant)
 * outlives the statement's step, after which the statement is reset, and
 * the store's statement cache clears its bindings before it is used
 * again. A full sync binds some twenty strings a ticket; copying each is
 * work for nothing. */
static void
bind_borrowed (sqlite3_stmt *stmt,
               int           index,
               const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

static void
bind_enum (sqlite3_stmt  *stmt,
           int            index,
           DubanEnumType  type,
           int            value)
{
  const char *wire = duban_enum_to_wire (type, value);

  bind_borrowed (stmt, index, wire != NULL && *wire != '\0' ? wire : NULL);
}

/* The last wire name a column of a read held, and its value: the rows of
 * a read mostly repeat their neighbours' states, levels and codes, so
 * one comparison usually replaces a walk along the enum's names. @wire
 * is the enum's own constant, never a row's text. */
typedef struct
{
  const char *wire;
  int         value;
} EnumMemo;

/* What one read of many rows keeps from row to row: the enums' memos,
 * and whether the statement reads the free text at all (a lean one
 * selects NULL in its place: six calls into SQLite a row for nothing).
 * With one call a time (column_time) a lean read of a month at 2M took
 * 8% less. */
typedef struct
{
  EnumMemo kind, urgency, source, crs, status, disposition, level, satisfaction;
  gboolean lean;
} RowReader;

/* A lean statement's title is the literal NULL, an expression with no
 * declared type named "NULL"; the whole row's is the table's column. (A
 * 研判's is an expression too, a CASE that gives some rows their words:
 * not lean.) */
static void
row_reader_init (RowReader    *reader,
                 sqlite3_stmt *stmt)
{
  memset (reader, 0, sizeof *reader);
  reader->lean = sqlite3_column_decltype (stmt, 1) == NULL &&
                 g_strcmp0 (sqlite3_column_name (stmt, 1), "NULL") == 0;
}

static int
column_enum (sqlite3_stmt  *stmt,
             int            index,
             DubanEnumType  type,
             int            fallback,
             EnumMemo      *memo)
{
  const char *wire = (const char *) sqlite3_column_text (stmt, index);
  int value;

  if (wire == NULL)
    return fallback;
  if (memo->wire != NULL && strcmp (memo->wire, wire) == 0)
    return memo->value;
  if (!duban_enum_from_wire (type, wire, &value))
    return fallback;
  memo->wire = duban_enum_to_wire (type, value);
  memo->value = value;
  return value;
}

/* One call into SQLite for a time, not two: only a NULL or a time of
 * 0 (1970) reads as 0, and only then is the type asked. */
static inline DubanTime
column_time (sqlite3_stmt *stmt,
             int           index)
{
  gint64 value = sqlite3_column_int64 (stmt, index);

  if (value == 0 && sqlite3_column_type (stmt, index) == SQLITE_NULL)
    return DUBAN_TIME_NONE;
  return value;
}

/* ---- tickets ------------------------------------------------------------ */

#define TICKET_COLUMNS \
  "id, title, description, kind, category, urgency, source, petitioner_name," \
  " petitioner_phone, address, lat, lon, crs, grid_code, unit_code, unit_name," \
  " status, received_at, dispatched_at, first_contact_at, resolved_at, closed_at," \
  " updated_at, has_extension, ext_reason, ext_measures, ext_promised_at," \
  " ext_filed_at, ext_approved, disposition, evidence_count, handled_level," \
  " satisfaction, visited_at, repeat_of"

static void
bind_ticket (sqlite3_stmt      *stmt,
             const DubanTicket *t)
{
  const DubanExtension *ext = t->extension;

  bind_borrowed (stmt, 1, t->id);
  bind_borrowed (stmt, 2, t->title);
  bind_borrowed (stmt, 3, t->description);
  bind_enum (stmt, 4, DUBAN_ENUM_KIND, t->kind);
  bind_borrowed (stmt, 5, t->category);
  bind_enum (stmt, 6, DUBAN_ENUM_URGENCY, t->urgency);
  bind_enum (stmt, 7, DUBAN_ENUM_SOURCE, t->source);
  bind_borrowed (stmt, 8, t->petitioner_name);
  bind_borrowed (stmt, 9, t->petitioner_phone);
  bind_borrowed (stmt, 10, t->address);
  if (t->has_location)
    {
      sqlite3_bind_double (stmt, 11, t->lat);
      sqlite3_bind_double (stmt, 12, t->lon);
      bind_enum (stmt, 13, DUBAN_ENUM_CRS, t->crs);
    }
  else
    {
      sqlite3_bind_null (stmt, 11);
      sqlite3_bind_null (stmt, 12);
      sqlite3_bind_null (stmt, 13);
    }
  bind_borrowed (stmt, 14, t->grid_code);
  bind_borrowed (stmt, 15, t->unit_code);
  bind_borrowed (stmt, 16, t->unit_name);
  bind_enum (stmt, 17, DUBAN_ENUM_STATUS, t->status);
  duban_store_bind_time (stmt, 18, t->received_at);
  duban_store_bind_time (stmt, 19, t->dispatched_at);
  duban_store_bind_time (stmt, 20, t->first_contact_at);
  duban_store_bind_time (stmt, 21, t->resolved_at);
  duban_store_bind_time (stmt, 22, t->closed_at);
  duban_store_bind_time (stmt, 23, t->updated_at);
  sqlite3_bind_int (stmt, 24, ext != NULL);
  bind_borrowed (stmt, 25, ext ? ext->reason : NULL);
  bind_borrowed (stmt, 26, ext ? ext->measures : NULL);
  duban_store_bind_time (stmt, 27, ext ? ext->promised_at : DUBAN_TIME_NONE);
  duban_store_bind_time (stmt, 28, ext ? ext->filed_at : DUBAN_TIME_NONE);
  if (ext != NULL && ext->approved >= 0)
    sqlite3_bind_int (stmt, 29, ext->approved);
  else
    sqlite3_bind_null (stmt, 29);
  bind_enum (stmt, 30, DUBAN_ENUM_DISPOSITION, t->disposition);
  sqlite3_bind_int (stmt, 31, t->evidence_count);
  bind_enum (stmt, 32, DUBAN_ENUM_LEVEL, t->handled_level);
  bind_enum (stmt, 33, DUBAN_ENUM_SATISFACTION, t->satisfaction);
  duban_store_bind_time (stmt, 34, t->visited_at);
  bind_borrowed (stmt, 35, t->repeat_of);
}

static DubanTicket *
read_ticket (sqlite3_stmt *stmt,
             RowReader    *reader)
{
  DubanTicket *t = duban_ticket_new ();

  t->id = duban_store_column_text (stmt, 0);
  if (!reader->lean)
    {
      t->title = duban_store_column_text (stmt, 1);
      t->description = duban_store_column_text (stmt, 2);
      t->petitioner_name = duban_store_column_text (stmt, 7);
      t->petitioner_phone = duban_store_column_text (stmt, 8);
      t->address = duban_store_column_text (stmt, 9);
      t->repeat_of = duban_store_column_text (stmt, 34);
    }
  t->kind = column_enum (stmt, 3, DUBAN_ENUM_KIND, DUBAN_KIND_COMPLAINT, &reader->kind);
  t->category = duban_store_column_text (stmt, 4);
  t->urgency = column_enum (stmt, 5, DUBAN_ENUM_URGENCY, DUBAN_URGENCY_NORMAL, &reader->urgency);
  t->source = column_enum (stmt, 6, DUBAN_ENUM_SOURCE, DUBAN_SOURCE_NONE, &reader->source);
  if (sqlite3_column_type (stmt, 10) != SQLITE_NULL)
    {
      t->has_location = TRUE;
      t->lat = sqlite3_column_double (stmt, 10);
      t->lon = sqlite3_column_double (stmt, 11);
      t->crs = column_enum (stmt, 12, DUBAN_ENUM_CRS, DUBAN_CRS_WGS84, &reader->crs);
    }
  t->grid_code = duban_store_column_text (stmt, 13);
  t->unit_code = duban_store_column_text (stmt, 14);
  t->unit_name = duban_store_column_text (stmt, 15);
  t->status = column_enum (stmt, 16, DUBAN_ENUM_STATUS, DUBAN_STATUS_RECEIVED, &reader->status);
  t->received_at = column_time (stmt, 17);
  t->dispatched_at = column_time (stmt, 18);
  t->first_contact_at = column_time (stmt, 19);
  t->resolved_at = column_time (stmt, 20);
  t->closed_at = column_time (stmt, 21);
  t->updated_at = column_time (stmt, 22);
  if (sqlite3_column_int (stmt, 23))
    {
      DubanExtension *ext = g_new0 (DubanExtension, 1);

      ext->reason = duban_store_column_text (stmt, 24);
      ext->measures = duban_store_column_text (stmt, 25);
      ext->promised_at = column_time (stmt, 26);
      ext->filed_at = column_time (stmt, 27);
      ext->approved = sqlite3_column_type (stmt, 28) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 28);
      t->extension = ext;
    }
  t->disposition = column_enum (stmt, 29, DUBAN_ENUM_DISPOSITION, DUBAN_DISPOSITION_NONE, &reader->disposition);
  t->evidence_count = sqlite3_column_int (stmt, 30);
  t->handled_level = column_enum (stmt, 31, DUBAN_ENUM_LEVEL, DUBAN_LEVEL_NONE, &reader->level);
  t->satisfaction = column_enum (stmt, 32, DUBAN_ENUM_SATISFACTION, DUBAN_SATISFACTION_NONE, &reader->satisfaction);
  t->visited_at = column_time (stmt, 33);

  return t;
}

gboolean
duban_store_upsert_ticket (DubanStore         *self,
                           const DubanTicket  *ticket,
                           DubanUpsertResult  *result,
                           GError            **error)
{
  sqlite3_stmt *stmt;
  gboolean existed = FALSE;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (ticket != NULL && ticket->id != NULL, FALSE);

  if (!(stmt = duban_store_prepare (self, "SELECT updated_at FROM tickets WHERE id = ?1", error)))
    return FALSE;
  bind_borrowed (stmt, 1, ticket->id);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      existed = TRUE;
      /* The contract: keep the copy with the greatest updated_at; on a tie
       * the later one received wins. */
      if (sqlite3_column_int64 (stmt, 0) > ticket->updated_at)
        {
          sqlite3_reset (stmt);
          if (result)
            *result = DUBAN_UPSERT_KEPT_NEWER;
          return TRUE;
        }
      break;
    case SQLITE_DONE:
      break;
    default:
      return duban_store_set_sqlite_error (self, error, "read ticket");
    }
  sqlite3_reset (stmt);

  if (!(stmt = duban_store_prepare (self,
                        "INSERT OR REPLACE INTO tickets (" TICKET_COLUMNS ") VALUES ("
                        "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                        "?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28,"
                        "?29, ?30, ?31, ?32, ?33, ?34, ?35)",
                        error)))
    return FALSE;

  bind_ticket (stmt, ticket);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      duban_store_set_sqlite_error (self, error, "store ticket");
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);

  if (!duban_supervisions_save (self, ticket, error))
    return FALSE;

  if (result)
    *result = existed ? DUBAN_UPSERT_UPDATED : DUBAN_UPSERT_INSERTED;

  return TRUE;
}

gboolean
duban_store_delete_ticket (DubanStore  *self,
                           const char  *id,
                           gboolean    *deleted,
                           GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!(stmt = duban_store_prepare (self, "DELETE FROM tickets WHERE id = ?1", error)))
    return FALSE;
  duban_store_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return duban_store_set_sqlite_error (self, error, "delete ticket");
    }
  sqlite3_reset (stmt);

  if (deleted)
    *deleted = sqlite3_changes (self->db) > 0;

  return TRUE;
}

DubanTicket *
duban_store_get_ticket (DubanStore  *self,
                        const char  *id,
                        GError     **error)
{
  sqlite3_stmt *stmt;
  DubanTicket *ticket = NULL;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (!(stmt = duban_store_prepare (self, "SELECT " TICKET_COLUMNS " FROM tickets WHERE id = ?1", error)))
    return NULL;
  duban_store_bind_text (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      RowReader reader;

      row_reader_init (&reader, stmt);
      ticket = read_ticket (stmt, &reader);
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, DUBAN_STORE_ERROR, DUBAN_STORE_ERROR_NOT_FOUND,
                 _("No ticket %s in the store"), id);
  else
    duban_store_set_sqlite_error (self, error, "read ticket");
  sqlite3_reset (stmt);

  if (ticket != NULL)
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new ();

      g_ptr_array_add (one, ticket);
      if (!duban_supervisions_attach (self, one, error))
        g_clear_pointer (&ticket, duban_ticket_free);
    }

  return ticket;
}

/* Steps @stmt to its end, each row read into a ticket handed to @func
 * (which owns it); resets the statement. FALSE and @error on failure. */
static gboolean
step_tickets (DubanStore      *self,
              sqlite3_stmt    *stmt,
              DubanTicketFunc  func,
              gpointer         user_data,
              GError         **error)
{
  RowReader reader;
  int rc;

  row_reader_init (&reader, stmt);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func (read_ticket (stmt, &reader), user_data);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (self, error, "read tickets");
  return TRUE;
}

gboolean
duban_store_step_tickets_with_rows (DubanStore         *self,
                                    sqlite3_stmt       *stmt,
                                    int                 row_column,
                                    DubanTicketRowFunc  func,
                                    gpointer            user_data,
                                    GError            **error)
{
  RowReader reader;
  int rc;

  row_reader_init (&reader, stmt);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 row = sqlite3_column_int64 (stmt, row_column);

      func (read_ticket (stmt, &reader), row, user_data);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (self, error, "read tickets");
  return TRUE;
}

static void
add_ticket_cb (DubanTicket *ticket,
               gpointer     user_data)
{
  g_ptr_array_add (user_data, ticket);
}

GPtrArray *
duban_store_load_tickets (DubanStore  *self,
                          GError     **error)
{
  g_autoptr(GPtrArray) tickets = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DUBAN_IS_STORE (self), NULL);

  if (!(stmt = duban_store_prepare (self, "SELECT " TICKET_COLUMNS " FROM tickets ORDER BY id", error)))
    return NULL;

  tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  if (!step_tickets (self, stmt, add_ticket_cb, tickets, error))
    return NULL;

  if (!duban_supervisions_attach (self, tickets, error))
    return NULL;

  return g_steal_pointer (&tickets);
}

/* The columns a lean scoped read fills, in TICKET_COLUMNS' places so
 * that read_ticket() reads both: the times, states, codes and levels the
 * SLA and the figures judge by, the unit's name the figures print, the
 * position the area figures count, and the extension's reason and
 * measures (an extension counts only when neither is blank; few tickets
 * have one), and the category, a short word by which the late-risk curves
 * are drawn per unit, category and urgency. The free text (title,
 * description, petitioner, address, repeat_of) is NULL: at two million tickets it is most of
 * what a read copies, and no figure reads it. */
#define TICKET_LEAN_COLUMNS \
  "id, NULL, NULL, kind, category, urgency, source, NULL," \
  " NULL, NULL, lat, lon, crs, grid_code, unit_code, unit_name," \
  " status, received_at, dispatched_at, first_contact_at, resolved_at, closed_at," \
  " updated_at, has_extension, ext_reason, ext_measures, ext_promised_at," \
  " ext_filed_at, ext_approved, disposition, evidence_count, handled_level," \
  " satisfaction, visited_at, NULL"

/* The scope's tickets are found in two steps. First their rowids, one
 * index's range a term (the `+` keeps the planner on open_until, which
 * few tickets pass, rather than on received_at, which nearly all do); a
 * term whose parameters are NULL selects nothing. The ranges are read
 * from the indexes alone (SQLite seeks a row only when a column of it is
 * asked) but for open_until's, whose received_at the row holds; a ticket
 * named by several terms is simply named again: the rowids go into a bitmap
 * (ScopeRows). Gathering them in SQL instead (`rowid IN (… UNION ALL …)`)
 * built an ephemeral B-tree of some 730,000 entries for a month at 2M,
 * a quarter of the figures' time (perf). */
#define SCOPED_ROWIDS \
  "  SELECT rowid FROM tickets WHERE open_until > ?1 AND +received_at <= ?1" \
  "  UNION ALL SELECT rowid FROM tickets WHERE received_at >= ?2 AND received_at < ?3" \
  "  UNION ALL SELECT rowid FROM tickets WHERE resolved_at >= ?2 AND resolved_at < ?3" \
  "  UNION ALL SELECT rowid FROM tickets WHERE visited_at >= ?2 AND visited_at < ?3" \
  "  UNION ALL SELECT rowid FROM tickets WHERE ext_promised_at >= ?2 AND ext_promised_at < ?3" \
  "  UNION ALL SELECT rowid FROM tickets WHERE urgency = 'urgent' AND clock_start >= ?4 AND clock_start < ?5" \
  "  UNION ALL SELECT rowid FROM tickets WHERE urgency = 'normal' AND clock_start >= ?6 AND clock_start <= ?7" \
  "  UNION ALL SELECT rowid FROM tickets WHERE id IN (SELECT value FROM json_each (?8))"

/* Then the rows, a range of rowids at a time, in the table's own order:
 * a ticket is stored near those synced with it, so the scope's rowids
 * come in long runs, and a run is read as a scan of the table's B-tree
 * rather than by one seek a ticket. A run bridges gaps of a few rowids
 * (duban_store_scoped_gap); duban_scope_has() (a function of this file's,
 * over the bitmap bound as a pointer) drops the rows in them before a
 * column is read. The order by id is made in memory: in SQL it would
 * walk the whole id index. */
#define SCOPED_ROWS \
  " FROM tickets WHERE rowid >= ?1 AND rowid <= ?2 AND duban_scope_has (?3, rowid)"

const char duban_store_scoped_rowids_sql[] = SCOPED_ROWIDS;
const char duban_store_scoped_sql[] = "SELECT " TICKET_COLUMNS SCOPED_ROWS;
const char duban_store_scoped_lean_sql[] = "SELECT " TICKET_LEAN_COLUMNS SCOPED_ROWS;

/* 2M tickets, a month: the scope's 323,854 rowids in 35,149 runs; gaps
 * of up to 64 bridged make 38 reads with 90,435 rows dropped, each of
 * which costs less than a seek. */
guint duban_store_scoped_gap = 64;

/* The first sixteen bytes of an id as two big-endian numbers, zeros past
 * its end: two such keys are ordered as strcmp() orders their ids' first
 * sixteen bytes, and an id is rarely longer ("JX202604222494"). Sorting
 * a month at 2M by strcmp() through each ticket was 7% of the figures'
 * time: two pointers followed a comparison. */
typedef struct
{
  guint64      head;
  guint64      tail;
  DubanTicket *ticket;
} IdKey;

static guint64
id_bytes (const char *text,
          gsize       length)
{
  guint64 key = 0;

  for (gsize i = 0; i < 8; i++)
    key = key << 8 | (i < length ? (guchar) text[i] : 0);
  return key;
}

/* Every link the platform made, in one scan of the covering partial
 * index tickets_by_repeat_of (a few per hundred tickets: 40,075 at two
 * million), and the tickets they lead to, by id. */
const char duban_store_links_sql[] = "SELECT id, repeat_of FROM tickets WHERE repeat_of IS NOT NULL";
const char duban_store_by_ids_sql[] =
  "SELECT " TICKET_COLUMNS " FROM tickets WHERE id IN (SELECT value FROM json_each (?1))";

static int
compare_id_keys (const void *a,
                 const void *b)
{
  const IdKey *ka = a, *kb = b;

  if (ka->head != kb->head)
    return ka->head < kb->head ? -1 : 1;
  if (ka->tail != kb->tail)
    return ka->tail < kb->tail ? -1 : 1;
  return strcmp (ka->ticket->id, kb->ticket->id);
}

static void
id_key_init (IdKey       *key,
             DubanTicket *ticket)
{
  gsize length = strlen (ticket->id);

  key->head = id_bytes (ticket->id, length);
  key->tail = length > 8 ? id_bytes (ticket->id + 8, length - 8) : 0;
  key->ticket = ticket;
}

/* Its tickets in @keys' order; frees @keys. */
static GPtrArray *
id_keys_sort_free (GArray *keys)
{
  GPtrArray *tickets = g_ptr_array_new_full (keys->len, (GDestroyNotify) duban_ticket_free);

  /* qsort() of no element may still not be given NULL (an empty GArray's data) */
  if (keys->len > 1)
    qsort (keys->data, keys->len, sizeof (IdKey), compare_id_keys);
  for (guint i = 0; i < keys->len; i++)
    g_ptr_array_add (tickets, g_array_index (keys, IdKey, i).ticket);
  g_array_free (keys, TRUE);
  return tickets;
}

/* A ticket read, keyed while its id is still in the cache. */
static void
add_keyed_ticket_cb (DubanTicket *ticket,
                     gpointer     user_data)
{
  GArray *keys = user_data;

  g_array_set_size (keys, keys->len + 1);
  id_key_init (&g_array_index (keys, IdKey, keys->len - 1), ticket);
}

static void
free_keyed_tickets (GArray *keys)
{
  for (guint i = 0; i < keys->len; i++)
    duban_ticket_free (g_array_index (keys, IdKey, i).ticket);
  g_array_free (keys, TRUE);
}

/* Orders @tickets by id, as strcmp() would. */
static void
sort_by_id (GPtrArray *tickets)
{
  g_autofree IdKey *keys = g_new (IdKey, MAX (tickets->len, 1));

  for (guint i = 0; i < tickets->len; i++)
    id_key_init (&keys[i], g_ptr_array_index (tickets, i));
  qsort (keys, tickets->len, sizeof *keys, compare_id_keys);
  for (guint i = 0; i < tickets->len; i++)
    tickets->pdata[i] = keys[i].ticket;
}

static char *
ids_to_json (GPtrArray *ids)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < ids->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (ids, i));
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* ---- the scope's rowids -------------------------------------------------- */

/* A set of rowids, a bit each: at 2M tickets 250 kB, a thousandth of
 * what the ephemeral B-tree it replaces allocated. */
typedef struct
{
  guint64 *words;
  gint64   count;   /* words */
} ScopeRows;

#define SCOPE_ROWS_POINTER "duban-scope-rows"

static inline gboolean
scope_rows_has (const ScopeRows *rows,
                gint64           rowid)
{
  return rowid >= 0 && rowid / 64 < rows->count &&
         (rows->words[rowid / 64] >> (rowid % 64) & 1) != 0;
}

static void
scope_rows_add (ScopeRows *rows,
                gint64     rowid)
{
  if (rowid < 0)
    return;
  if (rowid / 64 >= rows->count)
    {
      /* a rowid above the greatest one counted: not in a read
       * transaction's snapshot, but cheap to allow */
      gint64 count = MAX (rowid / 64 + 1, rows->count * 2);

      rows->words = g_renew (guint64, rows->words, count);
      memset (rows->words + rows->count, 0, (count - rows->count) * sizeof (guint64));
      rows->count = count;
    }
  rows->words[rowid / 64] |= G_GUINT64_CONSTANT (1) << (rowid % 64);
}

/* The first rowid in @rows at or after @from, or -1. */
static gint64
scope_rows_next (const ScopeRows *rows,
                 gint64           from)
{
  gint64 w = from / 64;
  guint64 word;

  if (from < 0 || w >= rows->count)
    return -1;
  word = rows->words[w] & (~G_GUINT64_CONSTANT (0) << (from % 64));
  while (word == 0)
    {
      if (++w >= rows->count)
        return -1;
      word = rows->words[w];
    }
  return w * 64 + __builtin_ctzll (word);
}

/* duban_scope_has (ROWS, ROWID): whether ROWID is in ROWS, a ScopeRows
 * bound as a pointer (sqlite3_bind_pointer: SQL text cannot forge one). */
static void
scope_has_cb (sqlite3_context  *context,
              int               argc,
              sqlite3_value   **argv)
{
  const ScopeRows *rows = sqlite3_value_pointer (argv[0], SCOPE_ROWS_POINTER);

  sqlite3_result_int (context, rows != NULL && scope_rows_has (rows, sqlite3_value_int64 (argv[1])));
}

/* Defines duban_scope_has() on the store's connection, once: defining a
 * function again would expire every cached statement. */
static gboolean
ensure_scope_function (DubanStore  *self,
                       GError     **error)
{
  GQuark quark = g_quark_from_static_string ("duban-store-scope-function");

  if (g_object_get_qdata (G_OBJECT (self), quark) != NULL)
    return TRUE;
  if (sqlite3_create_function_v2 (self->db, "duban_scope_has", 2,
                                  SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL,
                                  scope_has_cb, NULL, NULL, NULL) != SQLITE_OK)
    return duban_store_set_sqlite_error (self, error, "define duban_scope_has");
  g_object_set_qdata (G_OBJECT (self), quark, GINT_TO_POINTER (1));
  return TRUE;
}

char *
duban_store_explain (DubanStore  *self,
                     const char  *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  GString *plan = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (DUBAN_IS_STORE (self), NULL);

  /* the scoped rows' statements call it */
  ensure_scope_function (self, NULL);
  /* not a cached statement: read once; @sql is one of the store's own
   * literals (duban_store_scoped_sql) behind EXPLAIN QUERY PLAN.
   * sql-ok: a literal, prefixed */
  if (sqlite3_prepare_v2 (self->db, explain, -1, &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);

  return g_string_free (plan, FALSE);
}

/* Fills @rows with the rowids of the scope's tickets. */
static gboolean
gather_scope_rows (DubanStore             *self,
                   const DubanTicketScope *scope,
                   ScopeRows              *rows,
                   GError                **error)
{
  sqlite3_stmt *stmt;
  gint64 greatest;
  int rc;

  greatest = duban_store_count_rows (self, "SELECT coalesce (max (rowid), 0) FROM tickets");
  rows->count = MAX (greatest, 0) / 64 + 1;
  rows->words = g_new0 (guint64, rows->count);

  /* sql-ok: a literal, named so that the tests can read its plan */
  if (!(stmt = duban_store_prepare (self, duban_store_scoped_rowids_sql, error)))
    return FALSE;
  duban_store_bind_time (stmt, 1, scope->open_at);
  if (scope->span != NULL)
    {
      const DubanFiguresSpan *span = scope->span;

      duban_store_bind_time (stmt, 2, span->from);
      duban_store_bind_time (stmt, 3, span->to);
      duban_store_bind_time (stmt, 4, span->urgent_first);
      duban_store_bind_time (stmt, 5, span->urgent_end);
      duban_store_bind_time (stmt, 6, span->normal_first);
      duban_store_bind_time (stmt, 7, span->normal_last);
    }
  if (scope->ids != NULL && scope->ids->len > 0)
    {
      char *json = ids_to_json (scope->ids);

      sqlite3_bind_text (stmt, 8, json, -1, g_free);
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    scope_rows_add (rows, sqlite3_column_int64 (stmt, 0));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (self, error, "read the scope's tickets");
  return TRUE;
}

/* Reads the tickets of @rows into @keys (IdKey), a run of rowids at a
 * time. */
static gboolean
read_scope_rows (DubanStore      *self,
                 const ScopeRows *rows,
                 gboolean         lean,
                 GArray          *keys,
                 GError         **error)
{
  gint64 first = scope_rows_next (rows, 0);

  while (first >= 0)
    {
      gint64 last = first, next;
      sqlite3_stmt *stmt;

      /* the run: up to the next gap wider than the gap bridged */
      while ((next = scope_rows_next (rows, last + 1)) >= 0 &&
             next - last - 1 <= (gint64) duban_store_scoped_gap)
        last = next;

      /* sql-ok: literals, named so that the tests can read their plans */
      if (!(stmt = duban_store_prepare (self, lean ? duban_store_scoped_lean_sql
                                                   : duban_store_scoped_sql, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, first);
      sqlite3_bind_int64 (stmt, 2, last);
      sqlite3_bind_pointer (stmt, 3, (void *) rows, SCOPE_ROWS_POINTER, NULL);
      if (!step_tickets (self, stmt, add_keyed_ticket_cb, keys, error))
        return FALSE;
      first = next;
    }
  return TRUE;
}

static void
add_neighbour (GHashTable *neighbours,
               const char *from,
               const char *to)
{
  GPtrArray *next = g_hash_table_lookup (neighbours, from);

  if (next == NULL)
    g_hash_table_insert (neighbours, (gpointer) from, next = g_ptr_array_new ());
  g_ptr_array_add (next, (gpointer) to);
}

/* Adds to @tickets every ticket linked to them by repeat_of, either way
 * and link after link, that it does not hold. The links are read whole
 * and followed in memory: one scan of an index of the few tickets that
 * are repeats, where asking the index for each ticket held (hundreds of
 * thousands at 2M) cost a second more; then the tickets reached, by id. */
static gboolean
add_linked (DubanStore  *self,
            GPtrArray   *tickets,
            GError     **error)
{
  g_autoptr(GHashTable) neighbours = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                            (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) have = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) reached = g_ptr_array_new ();
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  GStringChunk *names = g_string_chunk_new (64 * 1024);
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;
  int rc;

  /* sql-ok: a literal, named so that the tests can read its plan */
  if (!(stmt = duban_store_prepare (self, duban_store_links_sql, error)))
    goto out;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = g_string_chunk_insert_const (names, (const char *) sqlite3_column_text (stmt, 0));
      const char *of = g_string_chunk_insert_const (names, (const char *) sqlite3_column_text (stmt, 1));

      add_neighbour (neighbours, id, of);
      add_neighbour (neighbours, of, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      duban_store_set_sqlite_error (self, error, "read the repeat links");
      goto out;
    }

  for (guint i = 0; i < tickets->len; i++)
    {
      const char *id = ((DubanTicket *) g_ptr_array_index (tickets, i))->id;

      if (g_hash_table_add (have, (gpointer) id) && g_hash_table_contains (neighbours, id))
        g_ptr_array_add (reached, (gpointer) id);
    }
  for (guint i = 0; i < reached->len; i++)
    {
      GPtrArray *next = g_hash_table_lookup (neighbours, g_ptr_array_index (reached, i));

      for (guint j = 0; next != NULL && j < next->len; j++)
        if (g_hash_table_add (have, g_ptr_array_index (next, j)))
          {
            g_ptr_array_add (reached, g_ptr_array_index (next, j));
            g_ptr_array_add (missing, g_ptr_array_index (next, j));
          }
    }

  ok = TRUE;
  if (missing->len > 0)
    {
      /* sql-ok: a literal, named so that the tests can read its plan */
      if (!(stmt = duban_store_prepare (self, duban_store_by_ids_sql, error)))
        ok = FALSE;
      else
        {
          sqlite3_bind_text (stmt, 1, ids_to_json (missing), -1, g_free);
          ok = step_tickets (self, stmt, add_ticket_cb, tickets, error);
        }
    }

out:
  /* the hash tables' keys are the chunk's and the tickets': before it */
  g_clear_pointer (&neighbours, g_hash_table_unref);
  g_clear_pointer (&have, g_hash_table_unref);
  g_string_chunk_free (names);
  return ok;
}

GPtrArray *
duban_store_load_tickets_scoped (DubanStore             *self,
                                 const DubanTicketScope *scope,
                                 GError                **error)
{
  g_autoptr(GPtrArray) tickets = NULL;
  ScopeRows rows = { NULL, 0 };
  GArray *keys;
  gboolean snapshot, ok;

  g_return_val_if_fail (DUBAN_IS_STORE (self), NULL);
  g_return_val_if_fail (scope != NULL, NULL);
  g_return_val_if_fail (!(scope->lean && scope->linked), NULL);

  if (!ensure_scope_function (self, error))
    return NULL;
  /* the rowids and the rows from one snapshot: a sync between the two
   * could move a ticket to a new rowid (INSERT OR REPLACE) */
  snapshot = sqlite3_get_autocommit (self->db);
  if (snapshot && !duban_store_exec (self, "BEGIN DEFERRED", error))
    return NULL;

  keys = g_array_new (FALSE, FALSE, sizeof (IdKey));
  ok = gather_scope_rows (self, scope, &rows, error) &&
       read_scope_rows (self, &rows, scope->lean, keys, error);
  g_free (rows.words);
  if (snapshot)
    {
      if (ok)
        ok = duban_store_exec (self, "COMMIT", error);
      else
        duban_store_exec (self, "ROLLBACK", NULL);
    }
  if (!ok)
    {
      free_keyed_tickets (keys);
      return NULL;
    }

  tickets = id_keys_sort_free (keys);
  /* the tickets linked to them by repeat_of, either way, are found from
   * the scope's: in order by id again once they are in */
  if (scope->linked)
    {
      if (!add_linked (self, tickets, error))
        return NULL;
      sort_by_id (tickets);
    }
  /* a lean ticket goes to the rules, which never read the orders'
   * history on the platform */
  if (!scope->lean && !duban_supervisions_attach (self, tickets, error))
    return NULL;
  return g_steal_pointer (&tickets);
}

/* Every ticket for a 研判, lean, with the words of those received in
 * [?1, ?2) in one read (DUBAN_STORE_JUDGEMENT_COLUMNS). */
const char duban_store_judgement_sql[] =
  "SELECT " DUBAN_STORE_JUDGEMENT_COLUMNS " FROM tickets WHERE rowid BETWEEN ?3 AND ?4";

gboolean
duban_store_foreach_ticket_for_judgement (DubanStore      *self,
                                          DubanTime        words_from,
                                          DubanTime        words_to,
                                          gint64           first_row,
                                          gint64           last_row,
                                          DubanTicketFunc  func,
                                          gpointer         user_data,
                                          GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* sql-ok: a literal, named so that the tests can read its plan */
  if (!(stmt = duban_store_prepare (self, duban_store_judgement_sql, error)))
    return FALSE;
  duban_store_bind_time (stmt, 1, words_from);
  duban_store_bind_time (stmt, 2, words_to);
  sqlite3_bind_int64 (stmt, 3, first_row);
  sqlite3_bind_int64 (stmt, 4, last_row);
  return step_tickets (self, stmt, func, user_data, error);
}

gboolean
duban_store_ticket_rows (DubanStore  *self,
                         gint64      *first_row,
                         gint64      *last_row,
                         GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);

  /* both ends of the table's B-tree: two seeks (min and max in one
   * SELECT would scan it) */
  if (!(stmt = duban_store_prepare (self, "SELECT ifnull ((SELECT min (rowid) FROM tickets), 0),"
                                          " ifnull ((SELECT max (rowid) FROM tickets), -1)",
                                    error)))
    return FALSE;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      *first_row = sqlite3_column_int64 (stmt, 0);
      *last_row = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return duban_store_set_sqlite_error (self, error, "read tickets");
  return TRUE;
}

gboolean
duban_store_fill_ticket_words (DubanStore  *self,
                               GPtrArray   *tickets,
                               GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (tickets != NULL, FALSE);

  if (!(stmt = duban_store_prepare (self, "SELECT title, description, address, repeat_of FROM tickets WHERE id = ?1",
                                    error)))
    return FALSE;
  for (guint i = 0; i < tickets->len; i++)
    {
      DubanTicket *ticket = g_ptr_array_index (tickets, i);
      int rc;

      duban_store_bind_text (stmt, 1, ticket->id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          g_free (ticket->title);
          ticket->title = duban_store_column_text (stmt, 0);
          g_free (ticket->description);
          ticket->description = duban_store_column_text (stmt, 1);
          g_free (ticket->address);
          ticket->address = duban_store_column_text (stmt, 2);
          g_free (ticket->repeat_of);
          ticket->repeat_of = duban_store_column_text (stmt, 3);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return duban_store_set_sqlite_error (self, error, "read ticket");
    }
  sqlite3_clear_bindings (stmt);
  return TRUE;
}

/* A history of some months, read lean: the tickets received in it and
 * those received before and still open at its end. The two terms are
 * disjoint, so no set of rowids is gathered. Which form is cheaper
 * depends on the share of the store the history is: through the
 * received_at index a row costs about five times what it costs in a
 * scan of the table (2M tickets, a year of them: 4.3 s by the index,
 * 0.76 s scanned), so the scan is taken when the history is more than a
 * fifth of the store — a year in a store that has kept one or two. */
#define HISTORY_WHERE_INDEXED \
  " FROM tickets WHERE received_at >= ?1 AND received_at <= ?2" \
  " UNION ALL SELECT " TICKET_LEAN_COLUMNS \
  " FROM tickets WHERE open_until > ?2 AND +received_at < ?1"
#define HISTORY_WHERE_SCANNED \
  " FROM tickets WHERE (+received_at >= ?1 AND +received_at <= ?2)" \
  " OR (+open_until > ?2 AND +received_at < ?1)"

const char duban_store_history_indexed_sql[] = "SELECT " TICKET_LEAN_COLUMNS HISTORY_WHERE_INDEXED;
const char duban_store_history_scanned_sql[] = "SELECT " TICKET_LEAN_COLUMNS HISTORY_WHERE_SCANNED;

static gboolean
history_is_most (DubanStore *self,
                 DubanTime   from,
                 DubanTime   to,
                 gboolean   *most,
                 GError    **error)
{
  sqlite3_stmt *stmt;
  gint64 in_history = 0, stored = 0;

  /* both counts read an index only: tens of ms at two million */
  if (!(stmt = duban_store_prepare (self, "SELECT (SELECT count(*) FROM tickets WHERE received_at >= ?1 AND received_at <= ?2),"
                                          " (SELECT count(*) FROM tickets)", error)))
    return FALSE;
  duban_store_bind_time (stmt, 1, from);
  duban_store_bind_time (stmt, 2, to);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      in_history = sqlite3_column_int64 (stmt, 0);
      stored = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  *most = in_history * 5 > stored;
  return TRUE;
}

gboolean
duban_store_foreach_ticket_of_history (DubanStore      *self,
                                       DubanTime        from,
                                       DubanTime        at,
                                       DubanTicketFunc  func,
                                       gpointer         user_data,
                                       GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean most;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!history_is_most (self, from, at, &most, error))
    return FALSE;
  /* sql-ok: literals, named so that the tests can read their plans */
  if (!(stmt = duban_store_prepare (self, most ? duban_store_history_scanned_sql
                                               : duban_store_history_indexed_sql, error)))
    return FALSE;
  duban_store_bind_time (stmt, 1, from);
  duban_store_bind_time (stmt, 2, at);
  return step_tickets (self, stmt, func, user_data, error);
}

gint64
duban_store_count_tickets (DubanStore *self)
{
  g_return_val_if_fail (DUBAN_IS_STORE (self), -1);

  return duban_store_count_rows (self, "SELECT count(*) FROM tickets");
}

