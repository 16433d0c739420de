/* duban-store-schema.c — the store's schema and its migrations
 *
 * PRAGMA user_version is the schema's version; each migration takes it
 * one step forward in a transaction of its own, so a store an older Duban
 * left is brought up to date when opened, and a crash mid-migration
 * leaves the previous version whole.
 */

#define G_LOG_DOMAIN "duban-store-schema"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-store-private.h"

/* Each entry takes the schema from version i to i + 1. Never edit a
 * migration that has shipped: add a new one. */
static const char *const migrations[] = {
  /* 0 → 1: tickets, quarantine, sync state and the local records */
  "CREATE TABLE tickets ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  title TEXT NOT NULL,"
  "  description TEXT,"
  "  kind TEXT NOT NULL,"
  "  category TEXT NOT NULL,"
  "  urgency TEXT NOT NULL,"
  "  source TEXT,"
  "  petitioner_name TEXT,"
  "  petitioner_phone TEXT,"
  "  address TEXT,"
  "  lat REAL,"
  "  lon REAL,"
  "  crs TEXT,"
  "  grid_code TEXT,"
  "  unit_code TEXT,"
  "  unit_name TEXT,"
  "  status TEXT NOT NULL,"
  "  received_at INTEGER NOT NULL,"
  "  dispatched_at INTEGER,"
  "  first_contact_at INTEGER,"
  "  resolved_at INTEGER,"
  "  closed_at INTEGER,"
  "  updated_at INTEGER NOT NULL,"
  "  has_extension INTEGER NOT NULL DEFAULT 0,"
  "  ext_reason TEXT,"
  "  ext_measures TEXT,"
  "  ext_promised_at INTEGER,"
  "  ext_filed_at INTEGER,"
  "  ext_approved INTEGER,"
  "  disposition TEXT,"
  "  evidence_count INTEGER NOT NULL DEFAULT 0,"
  "  handled_level TEXT,"
  "  satisfaction TEXT,"
  "  visited_at INTEGER,"
  "  repeat_of TEXT"
  ");"
  "CREATE TABLE quarantine ("
  "  id INTEGER PRIMARY KEY,"
  "  ticket_id TEXT,"
  "  reason TEXT NOT NULL,"
  "  raw TEXT NOT NULL,"
  "  received_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE sync_state ("
  "  key TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT"
  ");"
  "CREATE TABLE supervision_orders ("
  "  client_id TEXT PRIMARY KEY NOT NULL,"
  "  ticket_id TEXT NOT NULL,"
  "  level TEXT NOT NULL,"
  "  note TEXT NOT NULL DEFAULT '',"
  "  respond_by INTEGER,"
  "  issued_by TEXT NOT NULL,"
  "  issued_at INTEGER NOT NULL,"
  "  delivery_state TEXT NOT NULL DEFAULT 'pending',"
  "  delivered_at INTEGER,"
  "  last_error TEXT"
  ");"
  "CREATE TABLE outbox ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id TEXT NOT NULL UNIQUE,"
  "  method TEXT NOT NULL,"
  "  path TEXT NOT NULL,"
  "  payload TEXT NOT NULL,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_at INTEGER,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE notes ("
  "  id INTEGER PRIMARY KEY,"
  "  ticket_id TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  author TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE audit_log ("
  "  id INTEGER PRIMARY KEY,"
  "  at INTEGER NOT NULL,"
  "  user TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  ticket_id TEXT,"
  "  detail TEXT"
  ");"
  /* The audit trail is evidence: nothing in the desk may rewrite it. */
  "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;",

  /* 1 → 2: the platform's regions, units and calendar, cached for offline
   * work, and the indexes the lists and figures filter by */
  "CREATE TABLE regions ("
  "  code TEXT PRIMARY KEY NOT NULL,"
  "  name TEXT NOT NULL,"
  "  level TEXT NOT NULL,"
  "  parent_code TEXT,"
  "  geometry TEXT NOT NULL"
  ");"
  "CREATE TABLE units ("
  "  code TEXT PRIMARY KEY NOT NULL,"
  "  name TEXT NOT NULL,"
  "  kind TEXT"
  ");"
  "CREATE TABLE calendars ("
  "  year INTEGER PRIMARY KEY NOT NULL,"
  "  json TEXT NOT NULL"
  ");"
  "CREATE INDEX tickets_by_status ON tickets (status);"
  "CREATE INDEX tickets_by_grid ON tickets (grid_code);"
  "CREATE INDEX tickets_by_unit ON tickets (unit_code);"
  "CREATE INDEX notes_by_ticket ON notes (ticket_id);"
  "CREATE INDEX orders_by_ticket ON supervision_orders (ticket_id);",

  /* 2 → 3: the center's policy settings (deadlines, warning threshold,
   * weights), kept in the store so that the desk, duban-ctl and the
   * reports of one store judge by the same rules; and the last state the
   * desk told the user about, per ticket, so a sync can say what newly
   * became overdue or 预警 */
  "CREATE TABLE policy ("
  "  key TEXT PRIMARY KEY NOT NULL,"
  "  value REAL NOT NULL"
  ");"
  "CREATE TABLE ticket_flags ("
  "  ticket_id TEXT PRIMARY KEY NOT NULL,"
  "  notified_state TEXT,"
  "  notified_at INTEGER"
  ");"
  "CREATE INDEX outbox_by_next_attempt ON outbox (next_attempt_at);"
  "CREATE INDEX audit_by_ticket ON audit_log (ticket_id);",

  /* 3 → 4: read only what is asked. The open tickets and a period's
   * figures are read by index (duban_store_load_tickets_scoped): when a
   * ticket stops being open, and when its clock starts, are columns the
   * database derives from the ticket itself; the deadlines, which also
   * depend on the calendar and the policy, are not stored at all (see
   * duban-figures-span.h). */
  "ALTER TABLE tickets ADD COLUMN clock_start INTEGER"
  "  GENERATED ALWAYS AS (coalesce (dispatched_at, received_at)) VIRTUAL;"
  "ALTER TABLE tickets ADD COLUMN open_until INTEGER"
  "  GENERATED ALWAYS AS (CASE"
  "    WHEN status = 'cancelled' THEN received_at"
  "    WHEN status IN ('resolved', 'closed') AND resolved_at IS NOT NULL THEN resolved_at"
  "    ELSE 9223372036854775807 END) VIRTUAL;"
  "CREATE INDEX tickets_by_open_until ON tickets (open_until);"
  "CREATE INDEX tickets_by_received ON tickets (received_at);"
  "CREATE INDEX tickets_by_resolved ON tickets (resolved_at);"
  "CREATE INDEX tickets_by_visited ON tickets (visited_at);"
  "CREATE INDEX tickets_by_promised ON tickets (ext_promised_at);"
  "CREATE INDEX tickets_by_clock_start ON tickets (urgency, clock_start);",

  /* 4 → 5: a supervisor's decision on a proposed repeat group (研判),
   * keyed by the group's sorted ticket ids (duban-repeat-decisions.c) */
  "CREATE TABLE repeat_decisions ("
  "  group_key TEXT PRIMARY KEY NOT NULL,"
  "  ticket_ids TEXT NOT NULL,"
  "  decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'rejected')),"
  "  decided_by TEXT NOT NULL,"
  "  decided_at INTEGER NOT NULL"
  ");",

  /* 5 → 6: the orders each ticket carries on the platform, with the
   * unit's replies (duban-supervisions.c), and what a supervisor did with
   * the ladder's proposals (duban-ladder-decisions.c) */
  "CREATE TABLE ticket_supervisions ("
  "  ticket_id TEXT NOT NULL,"
  "  client_id TEXT NOT NULL,"
  "  level TEXT NOT NULL,"
  "  note TEXT NOT NULL DEFAULT '',"
  "  respond_by INTEGER,"
  "  issued_by TEXT,"
  "  issued_at INTEGER NOT NULL,"
  "  replied_at INTEGER,"
  "  reply TEXT,"
  "  PRIMARY KEY (ticket_id, client_id)"
  ");"
  "CREATE TRIGGER tickets_take_their_supervisions AFTER DELETE ON tickets"
  "  BEGIN DELETE FROM ticket_supervisions WHERE ticket_id = OLD.id; END;"
  "CREATE TABLE ladder_decisions ("
  "  ticket_id TEXT PRIMARY KEY NOT NULL,"
  "  level TEXT NOT NULL,"
  "  decision TEXT NOT NULL,"
  "  decided_at INTEGER NOT NULL,"
  "  decided_by TEXT NOT NULL"
  ");",

  /* 6 → 7: who issues the center's documents, and their numbers, never
   * reused (duban-documents.c) */
  "CREATE TABLE document_settings ("
  "  key TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT NOT NULL"
  ");"
  "CREATE TABLE document_numbers ("
  "  prefix TEXT NOT NULL,"
  "  year INTEGER NOT NULL,"
  "  sequence INTEGER NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  document_key TEXT NOT NULL,"
  "  number TEXT NOT NULL,"
  "  issued_at INTEGER NOT NULL,"
  "  PRIMARY KEY (prefix, year, sequence),"
  "  UNIQUE (kind, document_key)"
  ");",

  /* 7 → 8: the platform's repeat links, by index: a desk that reads
   * only the open tickets reads, for the ladder's repeat complaints, the
   * old resolved tickets linked to them either way
   * (duban_store_load_tickets_scoped, its linked term), from every link
   * read in one scan of this index alone. Partial: most tickets are no
   * repeat; covering: the links need nothing else of the row. */
  "CREATE INDEX tickets_by_repeat_of ON tickets (repeat_of, id) WHERE repeat_of IS NOT NULL;",

  /* 8 → 9: the 研判's history (duban-store-judgement-history.c): what
   * each ticket leaves in the hotspots' and themes' cells and in its
   * unit's late-risk curve, worked out once and kept, so that a
   * bulletin reads a year of compact rows instead of judging a year of
   * tickets. A row is good until its ticket changes: every insert,
   * update or delete of a ticket drops its row and marks the ticket to
   * be worked out again. INSERT OR REPLACE gives the ticket a new rowid
   * without firing the delete trigger (no recursive triggers), hence
   * the BEFORE INSERT one, which finds the old row by id. A delete
   * leaves its mark too, of a row no longer there: until the next
   * refresh every write shows, and a refresh counts itself in the
   * generation, so that two reads that both find no mark and one
   * generation saw the same tickets (duban-judgement-read.c reads the
   * rows and the tickets on two connections). Every ticket already
   * stored is marked: the first 研判 works them all out. */
  "CREATE TABLE judgement_history ("
  "  row INTEGER PRIMARY KEY,"
  "  settled_at INTEGER,"
  "  received_at INTEGER NOT NULL,"
  "  category INTEGER,"
  "  town INTEGER,"
  "  village INTEGER,"
  "  grid INTEGER,"
  "  stratum INTEGER,"
  "  urgent INTEGER NOT NULL DEFAULT 0,"
  "  share REAL,"
  "  event INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX judgement_history_by_settled ON judgement_history (settled_at);"
  "CREATE TABLE judgement_names ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE"
  ");"
  "CREATE TABLE judgement_dirty (row INTEGER PRIMARY KEY);"
  "CREATE TABLE judgement_stamp ("
  "  key INTEGER PRIMARY KEY CHECK (key = 1),"
  "  stamp TEXT NOT NULL,"
  "  fallback_years TEXT NOT NULL DEFAULT '',"
  "  generation INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TRIGGER tickets_judgement_replaced BEFORE INSERT ON tickets BEGIN"
  "  DELETE FROM judgement_history WHERE row = (SELECT rowid FROM tickets WHERE id = NEW.id); END;"
  "CREATE TRIGGER tickets_judgement_inserted AFTER INSERT ON tickets BEGIN"
  "  INSERT OR IGNORE INTO judgement_dirty (row) VALUES (NEW.rowid); END;"
  "CREATE TRIGGER tickets_judgement_updated AFTER UPDATE ON tickets BEGIN"
  "  DELETE FROM judgement_history WHERE row = OLD.rowid;"
  "  INSERT OR IGNORE INTO judgement_dirty (row) VALUES (NEW.rowid); END;"
  "CREATE TRIGGER tickets_judgement_deleted AFTER DELETE ON tickets BEGIN"
  "  DELETE FROM judgement_history WHERE row = OLD.rowid;"
  "  INSERT OR IGNORE INTO judgement_dirty (row) VALUES (OLD.rowid); END;"
  "INSERT INTO judgement_dirty (row) SELECT rowid FROM tickets;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == DUBAN_STORE_SCHEMA_VERSION);

int
duban_store_read_user_version (DubanStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);

  return version;
}


/* Brings the schema up to @target, each step in its own transaction, so a
 * crash mid-migration leaves the previous version intact. The version is
 * read inside the transaction, under the write lock: two programs that
 * open a new store at once (two `duban-ctl sync`, the desk and a script)
 * take turns, and the second finds the step already done. */
gboolean
duban_store_migrate (DubanStore  *self,
                     int          target,
                     GError     **error)
{
  for (;;)
    {
      g_autofree char *set_version = NULL;
      int version;

      if (!duban_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      version = duban_store_read_user_version (self);
      if (version < 0)
        {
          duban_store_set_sqlite_error (self, error, "read schema version");
          duban_store_exec (self, "ROLLBACK", NULL);
          return FALSE;
        }

      if (version > DUBAN_STORE_SCHEMA_VERSION)
        {
          duban_store_exec (self, "ROLLBACK", NULL);
          g_set_error (error, DUBAN_STORE_ERROR, DUBAN_STORE_ERROR_TOO_NEW,
                       _("The store %s was written by a newer Duban (schema %d; this one knows %d)"),
                       self->path, version, DUBAN_STORE_SCHEMA_VERSION);
          return FALSE;
        }

      if (version >= target)
        return duban_store_exec (self, "COMMIT", error);

      /* sql-ok: PRAGMA takes no bound parameters; an integer we computed */
      set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      /* sql-ok: the migrations are the literals above */
      if (!duban_store_exec (self, migrations[version], error) ||
          !duban_store_exec (self, set_version, error))   /* sql-ok: an integer, above */
        {
          duban_store_exec (self, "ROLLBACK", NULL);
          g_prefix_error (error, "migrating the store to schema %d: ", version + 1);
          return FALSE;
        }

      if (!duban_store_exec (self, "COMMIT", error))
        return FALSE;
    }
}

