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

static int
column_enum (sqlite3_stmt  *stmt,
             int            index,
             DubanEnumType  type,
             int            fallback)
{
  const char *wire = (const char *) sqlite3_column_text (stmt, index);
  int value;

  if (wire != NULL && duban_enum_from_wire (type, wire, &value))
    return value;

  return fallback;
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
read_ticket (sqlite3_stmt *stmt)
{
  DubanTicket *t = duban_ticket_new ();

  t->id = duban_store_column_text (stmt, 0);
  t->title = duban_store_column_text (stmt, 1);
  t->description = duban_store_column_text (stmt, 2);
  t->kind = column_enum (stmt, 3, DUBAN_ENUM_KIND, DUBAN_KIND_COMPLAINT);
  t->category = duban_store_column_text (stmt, 4);
  t->urgency = column_enum (stmt, 5, DUBAN_ENUM_URGENCY, DUBAN_URGENCY_NORMAL);
  t->source = column_enum (stmt, 6, DUBAN_ENUM_SOURCE, DUBAN_SOURCE_NONE);
  t->petitioner_name = duban_store_column_text (stmt, 7);
  t->petitioner_phone = duban_store_column_text (stmt, 8);
  t->address = duban_store_column_text (stmt, 9);
  if (sqlite3_column_type (stmt, 10) != SQLITE_NULL)
    {
      t->has_location = TRUE;
      t->lat = sqlite3_column_double (stmt, 10);
      t->lon = sqlite3_column_double (stmt, 11);
      t->crs = column_enum (stmt, 12, DUBAN_ENUM_CRS, DUBAN_CRS_WGS84);
    }
  t->grid_code = duban_store_column_text (stmt, 13);
  t->unit_code = duban_store_column_text (stmt, 14);
  t->unit_name = duban_store_column_text (stmt, 15);
  t->status = column_enum (stmt, 16, DUBAN_ENUM_STATUS, DUBAN_STATUS_RECEIVED);
  t->received_at = duban_store_column_time (stmt, 17);
  t->dispatched_at = duban_store_column_time (stmt, 18);
  t->first_contact_at = duban_store_column_time (stmt, 19);
  t->resolved_at = duban_store_column_time (stmt, 20);
  t->closed_at = duban_store_column_time (stmt, 21);
  t->updated_at = duban_store_column_time (stmt, 22);
  if (sqlite3_column_int (stmt, 23))
    {
      DubanExtension *ext = g_new0 (DubanExtension, 1);

      ext->reason = duban_store_column_text (stmt, 24);
      ext->measures = duban_store_column_text (stmt, 25);
      ext->promised_at = duban_store_column_time (stmt, 26);
      ext->filed_at = duban_store_column_time (stmt, 27);
      ext->approved = sqlite3_column_type (stmt, 28) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 28);
      t->extension = ext;
    }
  t->disposition = column_enum (stmt, 29, DUBAN_ENUM_DISPOSITION, DUBAN_DISPOSITION_NONE);
  t->evidence_count = sqlite3_column_int (stmt, 30);
  t->handled_level = column_enum (stmt, 31, DUBAN_ENUM_LEVEL, DUBAN_LEVEL_NONE);
  t->satisfaction = column_enum (stmt, 32, DUBAN_ENUM_SATISFACTION, DUBAN_SATISFACTION_NONE);
  t->visited_at = duban_store_column_time (stmt, 33);
  t->repeat_of = duban_store_column_text (stmt, 34);

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
    ticket = read_ticket (stmt);
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

GPtrArray *
duban_store_load_tickets (DubanStore  *self,
                          GError     **error)
{
  g_autoptr(GPtrArray) tickets = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), NULL);

  if (!(stmt = duban_store_prepare (self, "SELECT " TICKET_COLUMNS " FROM tickets ORDER BY id", error)))
    return NULL;

  tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tickets, read_ticket (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      duban_store_set_sqlite_error (self, error, "read tickets");
      return NULL;
    }

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

/* One set of rowids for every scope: a term whose parameters are NULL
 * selects nothing, and each term is one index's range (the `+` keeps
 * the planner on open_until, which few tickets pass, rather than on
 * received_at, which nearly all do). UNION ALL, not UNION: `rowid IN`
 * already gathers the rowids into one ephemeral index, so a ticket
 * named by two terms is read once, and a UNION would build a second
 * one for nothing (callgrind, a month at 200k: B-tree inserts 116 M
 * instructions with UNION, 96 M without). The order by id is made in
 * memory: in SQL it would walk the whole id index. */
#define SCOPED_WHERE \
  " FROM tickets WHERE rowid IN (" \
  "  SELECT rowid FROM tickets WHERE open_until > ?1 AND +received_at <= ?1" \
  "  UNION ALL SELECT rowid FROM tickets WHERE received_at >= ?2 AND received_at < ?3" \
  "  UNION ALL SELECT rowid FROM tickets WHERE resolved_at >= ?2 AND resolved_at < ?3" \
  "  UNION ALL SELECT rowid FROM tickets WHERE visited_at >= ?2 AND visited_at < ?3" \
  "  UNION ALL SELECT rowid FROM tickets WHERE ext_promised_at >= ?2 AND ext_promised_at < ?3" \
  "  UNION ALL SELECT rowid FROM tickets WHERE urgency = 'urgent' AND clock_start >= ?4 AND clock_start < ?5" \
  "  UNION ALL SELECT rowid FROM tickets WHERE urgency = 'normal' AND clock_start >= ?6 AND clock_start <= ?7" \
  "  UNION ALL SELECT rowid FROM tickets WHERE id IN (SELECT value FROM json_each (?8)))"

const char duban_store_scoped_sql[] = "SELECT " TICKET_COLUMNS SCOPED_WHERE;
const char duban_store_scoped_lean_sql[] = "SELECT " TICKET_LEAN_COLUMNS SCOPED_WHERE;

/* Every link the platform made, in one scan of the covering partial
 * index tickets_by_repeat_of (a few per hundred tickets: 40,075 at two
 * million), and the tickets they lead to, by id. */
const char duban_store_links_sql[] = "SELECT id, repeat_of FROM tickets WHERE repeat_of IS NOT NULL";
const char duban_store_by_ids_sql[] =
  "SELECT " TICKET_COLUMNS " FROM tickets WHERE id IN (SELECT value FROM json_each (?1))";

static int
compare_ticket_ids (gconstpointer a,
                    gconstpointer b)
{
  const DubanTicket *ta = *(const DubanTicket **) a;
  const DubanTicket *tb = *(const DubanTicket **) b;

  return strcmp (ta->id, tb->id);
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

char *
duban_store_explain (DubanStore  *self,
                     const char  *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  GString *plan = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (DUBAN_IS_STORE (self), NULL);

  /* not a cached statement: read once; @sql is one of the store's own
   * literals (duban_store_scoped_sql) behind EXPLAIN QUERY PLAN.
   * sql-ok: a literal, prefixed */
  if (sqlite3_prepare_v2 (self->db, explain, -1, &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);

  return g_string_free (plan, FALSE);
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
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func (read_ticket (stmt), user_data);
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

/* The scope's statement, prepared and bound; NULL and @error on failure. */
static sqlite3_stmt *
prepare_scoped (DubanStore             *self,
                const DubanTicketScope *scope,
                GError                **error)
{
  sqlite3_stmt *stmt;

  /* sql-ok: literals, named so that the tests can read their plans */
  if (!(stmt = duban_store_prepare (self, scope->lean ? duban_store_scoped_lean_sql
                                                      : duban_store_scoped_sql, error)))
    return NULL;

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
  return stmt;
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
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DUBAN_IS_STORE (self), NULL);
  g_return_val_if_fail (scope != NULL, NULL);
  g_return_val_if_fail (!(scope->lean && scope->linked), NULL);

  if (!(stmt = prepare_scoped (self, scope, error)))
    return NULL;

  tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  if (!step_tickets (self, stmt, add_ticket_cb, tickets, error))
    return NULL;
  if (scope->linked && !add_linked (self, tickets, error))
    return NULL;

  g_ptr_array_sort (tickets, compare_ticket_ids);
  /* a lean ticket goes to the rules, which never read the orders'
   * history on the platform */
  if (!scope->lean && !duban_supervisions_attach (self, tickets, error))
    return NULL;
  return g_steal_pointer (&tickets);
}

/* Every ticket for a 研判, lean, with the words of those received in
 * [?1, ?2) in one read. The condition is on a stored column: one on the
 * generated open_until (as the words of the open tickets once were) is
 * worked out again for every column that asks, and cost more than the
 * read. */
#define WORDS_IF(column) "CASE WHEN received_at >= ?1 AND received_at < ?2 THEN " column " END"
const char duban_store_judgement_sql[] =
  "SELECT id, " WORDS_IF ("title") ", " WORDS_IF ("description") ", kind, category, urgency, source, NULL,"
  " NULL, " WORDS_IF ("address") ", lat, lon, crs, grid_code, unit_code, unit_name,"
  " status, received_at, dispatched_at, first_contact_at, resolved_at, closed_at,"
  " updated_at, has_extension, ext_reason, ext_measures, ext_promised_at,"
  " ext_filed_at, ext_approved, disposition, evidence_count, handled_level,"
  " satisfaction, visited_at, " WORDS_IF ("repeat_of") " FROM tickets WHERE rowid BETWEEN ?3 AND ?4";

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

