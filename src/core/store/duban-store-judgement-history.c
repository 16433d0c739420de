/* duban-store-judgement-history.c — the 研判's history, kept
 *
 * See duban-store-judgement-history.h. The tables and the triggers that
 * keep them honest are schema 9's (duban-store-schema.c).
 */
#define G_LOG_DOMAIN "duban-store"

#include "config.h"

#include "duban-store-private.h"

static void
bind_id (sqlite3_stmt *stmt,
         int           index,
         gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

static gint64
column_id (sqlite3_stmt *stmt,
           int           index)
{
  return sqlite3_column_type (stmt, index) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, index);
}

gboolean
duban_store_judgement_history_begin (DubanStore   *self,
                                     const char   *stamp,
                                     gboolean      rebuild,
                                     char        **fallback_years,
                                     GError      **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *stored = NULL;
  g_autofree char *years = NULL;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (stamp != NULL, FALSE);

  if (!duban_store_begin (self, error))
    return FALSE;
  if (!(stmt = duban_store_prepare (self, "SELECT stamp, fallback_years FROM judgement_stamp WHERE key = 1", error)))
    goto failed;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      stored = duban_store_column_text (stmt, 0);
      years = duban_store_column_text (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      duban_store_set_sqlite_error (self, error, "read the 研判's history");
      goto failed;
    }

  if (rebuild || g_strcmp0 (stored, stamp) != 0)
    {
      /* worked out with another calendar, policy or region tree: all of
       * it again */
      if (!duban_store_exec (self, "DELETE FROM judgement_history", error) ||
          !duban_store_exec (self, "DELETE FROM judgement_names", error) ||
          !duban_store_exec (self, "INSERT OR IGNORE INTO judgement_dirty (row) SELECT rowid FROM tickets", error))
        goto failed;
      if (!(stmt = duban_store_prepare (self, "INSERT OR REPLACE INTO judgement_stamp (key, stamp, fallback_years)"
                                              " VALUES (1, ?1, '')", error)))
        goto failed;
      duban_store_bind_text (stmt, 1, stamp);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      if (rc != SQLITE_DONE)
        {
          duban_store_set_sqlite_error (self, error, "write the 研判's history");
          goto failed;
        }
      g_clear_pointer (&years, g_free);
    }
  if (fallback_years != NULL)
    *fallback_years = years != NULL ? g_steal_pointer (&years) : g_strdup ("");
  return TRUE;

failed:
  duban_store_rollback (self);
  return FALSE;
}

GPtrArray *
duban_store_judgement_names (DubanStore  *self,
                             GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), NULL);

  if (!(stmt = duban_store_prepare (self, "SELECT id, name FROM judgement_names ORDER BY id", error)))
    return NULL;
  g_ptr_array_add (names, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      /* ids are given in order from 1; a gap (a row deleted by hand) is
       * left empty */
      if (id < 1 || id > G_MAXINT32)
        continue;
      if ((gint64) names->len <= id)
        g_ptr_array_set_size (names, (guint) id + 1);
      g_free (names->pdata[id]);
      names->pdata[id] = duban_store_column_text (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      duban_store_set_sqlite_error (self, error, "read the 研判's history");
      return NULL;
    }
  return g_steal_pointer (&names);
}

gint64
duban_store_judgement_name_add (DubanStore  *self,
                                const char  *name,
                                GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  if (!(stmt = duban_store_prepare (self, "INSERT INTO judgement_names (name) VALUES (?1)", error)))
    return 0;
  duban_store_bind_text (stmt, 1, name);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      duban_store_set_sqlite_error (self, error, "write the 研判's history");
      return 0;
    }
  return sqlite3_last_insert_rowid (self->db);
}

gboolean
duban_store_foreach_marked_ticket (DubanStore          *self,
                                   DubanTicketRowFunc   func,
                                   gpointer             user_data,
                                   GError             **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* no words: ?1 and ?2 left NULL */
  if (!(stmt = duban_store_prepare (self, "SELECT " DUBAN_STORE_JUDGEMENT_COLUMNS ", rowid FROM tickets"
                                          " WHERE rowid IN (SELECT row FROM judgement_dirty)", error)))
    return FALSE;
  return duban_store_step_tickets_with_rows (self, stmt, DUBAN_STORE_JUDGEMENT_N_COLUMNS, func, user_data, error);
}

gboolean
duban_store_judgement_history_put (DubanStore                     *self,
                                   gint64                          row,
                                   const DubanJudgementHistoryRow *history,
                                   GError                        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (history != NULL, FALSE);

  if (!(stmt = duban_store_prepare (self, "INSERT OR REPLACE INTO judgement_history (row, settled_at, received_at,"
                                          " category, town, village, grid, stratum, urgent, share, event)"
                                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row);
  sqlite3_bind_int64 (stmt, 2, history->settled_at);
  sqlite3_bind_int64 (stmt, 3, history->received_at);
  bind_id (stmt, 4, history->category);
  bind_id (stmt, 5, history->town);
  bind_id (stmt, 6, history->village);
  bind_id (stmt, 7, history->grid);
  bind_id (stmt, 8, history->stratum);
  sqlite3_bind_int (stmt, 9, history->urgent ? 1 : 0);
  if (history->stratum > 0)
    sqlite3_bind_double (stmt, 10, history->share);
  else
    sqlite3_bind_null (stmt, 10);
  sqlite3_bind_int (stmt, 11, history->event ? 1 : 0);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (self, error, "write the 研判's history");
  return TRUE;
}

gboolean
duban_store_judgement_history_end (DubanStore   *self,
                                   const char   *fallback_years,
                                   gboolean     *whole,
                                   GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (whole != NULL, FALSE);

  *whole = FALSE;
  if (!duban_store_exec (self, "DELETE FROM judgement_dirty", error))
    goto failed;
  if (!(stmt = duban_store_prepare (self, "UPDATE judgement_stamp SET fallback_years = ?1,"
                                          " generation = generation + 1 WHERE key = 1", error)))
    goto failed;
  duban_store_bind_text (stmt, 1, fallback_years != NULL ? fallback_years : "");
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      duban_store_set_sqlite_error (self, error, "write the 研判's history");
      goto failed;
    }

  /* Every ticket has its row, and no row is without its ticket: what the
   * triggers promise, checked, since a row too many or too few would
   * change a count without a word. A store written by a tool that
   * bypassed them is worked out again whole (the caller's choice). */
  if (!(stmt = duban_store_prepare (self, "SELECT (SELECT count(*) FROM judgement_history) ="
                                          " (SELECT count(*) FROM tickets)", error)))
    goto failed;
  rc = sqlite3_step (stmt);
  *whole = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 1;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      duban_store_set_sqlite_error (self, error, "read the 研判's history");
      goto failed;
    }
  if (!*whole)
    {
      duban_store_rollback (self);
      return TRUE;
    }
  if (!duban_store_commit (self, error))
    goto failed;
  return TRUE;

failed:
  duban_store_rollback (self);
  return FALSE;
}

void
duban_store_judgement_history_abort (DubanStore *self)
{
  g_return_if_fail (DUBAN_IS_STORE (self));

  duban_store_rollback (self);
}

gboolean
duban_store_judgement_history_read_begin (DubanStore  *self,
                                          GError     **error)
{
  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->transaction_depth == 0, FALSE);

  /* DEFERRED: a reader takes no write lock, and sees the store as it was
   * at its first read until the end */
  if (!duban_store_exec (self, "BEGIN DEFERRED", error))
    return FALSE;
  self->transaction_depth = 1;
  return TRUE;
}

void
duban_store_judgement_history_read_end (DubanStore *self)
{
  g_return_if_fail (DUBAN_IS_STORE (self));

  duban_store_rollback (self);
}

gboolean
duban_store_judgement_history_is_current (DubanStore  *self,
                                          const char  *stamp,
                                          gboolean    *current,
                                          char       **fallback_years,
                                          gint64      *generation,
                                          GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (stamp != NULL && current != NULL, FALSE);

  if (!(stmt = duban_store_prepare (self, "SELECT ifnull ((SELECT stamp = ?1 FROM judgement_stamp WHERE key = 1), 0)"
                                          " AND NOT EXISTS (SELECT 1 FROM judgement_dirty),"
                                          " (SELECT fallback_years FROM judgement_stamp WHERE key = 1),"
                                          " (SELECT generation FROM judgement_stamp WHERE key = 1)", error)))
    return FALSE;
  duban_store_bind_text (stmt, 1, stamp);
  rc = sqlite3_step (stmt);
  *current = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 1;
  if (fallback_years != NULL)
    *fallback_years = rc == SQLITE_ROW ? duban_store_column_text (stmt, 1) : NULL;
  if (generation != NULL)
    *generation = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 2) : 0;
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_ROW)
    return duban_store_set_sqlite_error (self, error, "read the 研判's history");
  return TRUE;
}

gboolean
duban_store_foreach_judgement_history (DubanStore                 *self,
                                       DubanTime                   at,
                                       DubanTime                   skip_from,
                                       DubanTime                   skip_to,
                                       DubanJudgementHistoryFunc   func,
                                       gpointer                    user_data,
                                       GError                    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* the whole table in its order (the unary + keeps SQLite off the
   * index on settled_at, which would visit most rows out of order) */
  if (!(stmt = duban_store_prepare (self, "SELECT row, settled_at, received_at, category, town, village, grid,"
                                          " stratum, urgent, share, event FROM judgement_history"
                                          " WHERE +settled_at <= ?1 AND (received_at < ?2 OR received_at >= ?3)",
                                    error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, at);
  sqlite3_bind_int64 (stmt, 2, skip_from);
  sqlite3_bind_int64 (stmt, 3, skip_to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DubanJudgementHistoryRow history;

      history.settled_at = sqlite3_column_int64 (stmt, 1);
      history.received_at = sqlite3_column_int64 (stmt, 2);
      history.category = column_id (stmt, 3);
      history.town = column_id (stmt, 4);
      history.village = column_id (stmt, 5);
      history.grid = column_id (stmt, 6);
      history.stratum = column_id (stmt, 7);
      history.urgent = sqlite3_column_int (stmt, 8) != 0;
      history.share = sqlite3_column_double (stmt, 9);
      history.event = sqlite3_column_int (stmt, 10) != 0;
      func (sqlite3_column_int64 (stmt, 0), &history, user_data);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (self, error, "read the 研判's history");
  return TRUE;
}

/* The rows wanted, gathered from three indices into one list that SQLite
 * walks in order: an OR of the three conditions sorted every row it
 * read, words and all, in a temporary tree (1.5× the time at 2M). */
const char duban_store_judgement_live_sql[] =
  "SELECT " DUBAN_STORE_JUDGEMENT_COLUMNS ", rowid FROM tickets WHERE rowid IN ("
  "SELECT rowid FROM tickets WHERE received_at >= ?1 AND received_at < ?2"
  " UNION ALL SELECT row FROM judgement_history WHERE settled_at > ?3"
  " UNION ALL SELECT rowid FROM tickets WHERE id IN (SELECT value FROM json_each (?4)))"
  " ORDER BY rowid";

gboolean
duban_store_foreach_ticket_for_judgement_live (DubanStore          *self,
                                               DubanTime            words_from,
                                               DubanTime            words_to,
                                               DubanTime            at,
                                               const char          *ids_json,
                                               DubanTicketRowFunc   func,
                                               gpointer             user_data,
                                               GError             **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* sql-ok: a literal, named so that the tests can read its plan */
  if (!(stmt = duban_store_prepare (self, duban_store_judgement_live_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, words_from);
  sqlite3_bind_int64 (stmt, 2, words_to);
  sqlite3_bind_int64 (stmt, 3, at);
  duban_store_bind_text (stmt, 4, ids_json != NULL ? ids_json : "[]");
  return duban_store_step_tickets_with_rows (self, stmt, DUBAN_STORE_JUDGEMENT_N_COLUMNS, func, user_data, error);
}

gboolean
duban_store_ticket_ids_of_rows (DubanStore   *self,
                                GArray       *rows,
                                GPtrArray    *ids,
                                GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (rows != NULL && ids != NULL, FALSE);

  if (!(stmt = duban_store_prepare (self, "SELECT id FROM tickets WHERE rowid = ?1", error)))
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      int rc;

      sqlite3_bind_int64 (stmt, 1, g_array_index (rows, gint64, i));
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        g_ptr_array_add (ids, duban_store_column_text (stmt, 0));
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return duban_store_set_sqlite_error (self, error, "read tickets");
    }
  return TRUE;
}

gboolean
duban_store_ticket_rows_of_ids (DubanStore  *self,
                                const char  *ids_json,
                                GHashTable  *rows,
                                GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (ids_json != NULL && rows != NULL, FALSE);

  if (!(stmt = duban_store_prepare (self, "SELECT rowid FROM tickets WHERE id IN (SELECT value FROM json_each (?1))",
                                    error)))
    return FALSE;
  duban_store_bind_text (stmt, 1, ids_json);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (rows, GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 0)));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (self, error, "read tickets");
  return TRUE;
}
