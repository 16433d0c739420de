/* duban-audit.c — the audit trail and notes on tickets
 *
 * Writing an audit row is the store's (duban_store_audit); here the trail
 * is read back and exported, and the actions that must never happen
 * without their row (a note, a reveal, an export) pair the two in one
 * transaction or in the one function that does them.
 */
#define G_LOG_DOMAIN "duban-audit"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "duban-audit.h"
#include "duban-ladder-decisions.h"
#include "duban-orders.h"
#include "duban-ticket-reason.h"
#include "duban-privacy.h"
#include "duban-repeat-decisions.h"
#include "duban-store-private.h"
#include "duban-table.h"

void
duban_audit_entry_free (DubanAuditEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->user);
  g_free (entry->action);
  g_free (entry->ticket_id);
  g_free (entry->detail);
  g_free (entry);
}

void
duban_note_free (DubanNote *note)
{
  if (note == NULL)
    return;

  g_free (note->ticket_id);
  g_free (note->body);
  g_free (note->author);
  g_free (note);
}

const char *
duban_audit_action_to_display (const char *action)
{
  g_return_val_if_fail (action != NULL, NULL);

  if (g_str_equal (action, DUBAN_AUDIT_ORDER))
    return C_("audit action", "Supervision order");
  if (g_str_equal (action, DUBAN_AUDIT_NOTE))
    return C_("audit action", "Note");
  if (g_str_equal (action, DUBAN_AUDIT_REVEAL))
    return C_("audit action", "Personal data shown");
  if (g_str_equal (action, DUBAN_AUDIT_EXPORT))
    return C_("audit action", "Export");
  if (g_str_equal (action, DUBAN_AUDIT_PREFERENCE))
    return C_("audit action", "Policy change");
  if (g_str_equal (action, DUBAN_AUDIT_REPEAT_DECISION))
    return C_("audit action", "Repeat group decided");
  if (g_str_equal (action, DUBAN_AUDIT_LADDER_ACCEPTED))
    return C_("audit action", "Proposal accepted");
  if (g_str_equal (action, DUBAN_AUDIT_LADDER_EDITED))
    return C_("audit action", "Proposal changed");
  if (g_str_equal (action, DUBAN_AUDIT_LADDER_DISMISSED))
    return C_("audit action", "Proposal dismissed");
  if (g_str_equal (action, DUBAN_AUDIT_DOCUMENT))
    return C_("audit action", "Document number");
  if (g_str_equal (action, "report-export"))
    return C_("audit action", "Report export");
  if (g_str_equal (action, "export_quarantine"))
    return C_("audit action", "Quarantine export");
  if (g_str_equal (action, "order_refused"))
    return C_("audit action", "Order refused by the platform");
  if (g_str_equal (action, "order_requeued"))
    return C_("audit action", "Orders queued again");

  return action;
}

/* The details the desk writes, by action, as their English forms (%s
 * only) and what a person reads. */
static const struct {
  const char *action;
  const char *pattern;
  const char *display;
} details[] = {
  { DUBAN_AUDIT_EXPORT, "%s order sheets to %s", N_("%1$s order sheets written to %2$s") },
  { DUBAN_AUDIT_EXPORT, "%s order sheets printed", N_("%1$s order sheets printed") },
  { DUBAN_AUDIT_EXPORT, "audit log, %s rows, to %s", N_("the audit log, %1$s rows, written to %2$s") },
  { DUBAN_AUDIT_REVEAL, "quarantine raw records (%s): %s", N_("raw quarantined records shown (%1$s), because: %2$s") },
  { "export_quarantine", "%s records to %s", N_("%1$s quarantined records written to %2$s") },
  { "order_refused", "%s: %s", N_("order %1$s: %2$s") },
};

static char *
level_order (const char *level)
{
  DubanOrderLevel value;

  return duban_order_level_from_wire (level, &value) ? g_strdup (duban_order_level_to_display (value)) : NULL;
}

char *
duban_audit_detail_to_display (const char *action,
                               const char *detail)
{
  g_return_val_if_fail (action != NULL, NULL);

  if (detail == NULL)
    return g_strdup ("");

  /* "yellow 3f0c…": the level as the desk names it, then the order */
  if (g_str_equal (action, DUBAN_AUDIT_ORDER))
    {
      g_auto(GStrv) pieces = duban_text_match_pattern (detail, "%s %s");
      g_autofree char *level = pieces != NULL ? level_order (pieces[0]) : NULL;

      if (level != NULL)
        /* Translators: an order in the audit log: its level (黄牌) and its identifier */
        return g_strdup_printf (_("%1$s, order %2$s"), level, pieces[1]);
    }
  /* "bulletin 金社治督〔2026〕1号 bulletin/county/…" */
  if (g_str_equal (action, DUBAN_AUDIT_DOCUMENT))
    {
      g_auto(GStrv) words = g_strsplit (detail, " ", 3);

      if (g_strv_length (words) == 3)
        {
          const char *kind = g_str_equal (words[0], "order_sheet") ? _("supervision order")
                           : g_str_equal (words[0], "supervision") ? _("supervision summary")
                           : g_str_equal (words[0], "bulletin") ? _("accountability bulletin") : words[0];

          /* Translators: a document number given: the kind of document, its number, the document */
          return g_strdup_printf (_("%1$s numbered %2$s (%3$s)"), kind, words[1], words[2]);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (details); i++)
    {
      g_auto(GStrv) pieces = NULL;

      if (!g_str_equal (action, details[i].action) ||
          !(pieces = duban_text_match_pattern (detail, details[i].pattern)))
        continue;
      return g_strdup_printf (_(details[i].display), pieces[0], pieces[1] ? pieces[1] : "");
    }

  return g_strdup (detail);
}

GPtrArray *
duban_audit_list (DubanStore  *store,
                  const char  *ticket_id,
                  guint        limit,
                  GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (store), NULL);

  if (ticket_id == NULL)
    stmt = duban_store_prepare (store,
                                "SELECT id, at, user, action, ticket_id, detail FROM audit_log"
                                " ORDER BY at DESC, id DESC LIMIT ?1", error);
  else
    stmt = duban_store_prepare (store,
                                "SELECT id, at, user, action, ticket_id, detail FROM audit_log"
                                " WHERE ticket_id = ?2 ORDER BY at DESC, id DESC LIMIT ?1", error);
  if (stmt == NULL)
    return NULL;

  /* LIMIT -1 is SQLite's "no limit". */
  sqlite3_bind_int64 (stmt, 1, limit == 0 ? -1 : (sqlite3_int64) limit);
  if (ticket_id != NULL)
    duban_store_bind_text (stmt, 2, ticket_id);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify)duban_audit_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DubanAuditEntry *entry = g_new0 (DubanAuditEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->at = duban_store_column_time (stmt, 1);
      entry->user = duban_store_column_text (stmt, 2);
      entry->action = duban_store_column_text (stmt, 3);
      entry->ticket_id = duban_store_column_text (stmt, 4);
      entry->detail = duban_store_column_text (stmt, 5);
      g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      duban_store_set_sqlite_error (store, error, "read audit log");
      return NULL;
    }

  return g_steal_pointer (&entries);
}

gboolean
duban_audit_export_csv (DubanStore  *store,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(DubanTable) table = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (DUBAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!(entries = duban_audit_list (store, NULL, 0, error)))
    return FALSE;

  table = duban_table_new ();
  duban_table_add_columns (table,
                           C_("audit column", "Time"), "at",
                           C_("audit column", "User"), "user",
                           C_("audit column", "Action"), "action",
                           C_("audit column", "Ticket"), "ticket_id",
                           C_("audit column", "Detail"), "detail",
                           C_("audit column", "Detail, in words"), "detail_text",
                           NULL);

  /* Oldest first in the file: it reads as a trail. */
  for (guint i = entries->len; i > 0; i--)
    {
      DubanAuditEntry *entry = g_ptr_array_index (entries, i - 1);
      g_autofree char *at = duban_time_format_rfc3339 (entry->at);
      /* a note or a reason may quote a petitioner's phone; the export
       * leaves the store, so it leaves masked */
      g_autofree char *detail_masked = duban_privacy_mask_text (entry->detail, NULL);
      g_autofree char *text = duban_audit_detail_to_display (entry->action != NULL ? entry->action : "", entry->detail);
      g_autofree char *text_masked = duban_privacy_mask_text (text, NULL);

      duban_table_add_row (table, at,
                           entry->user != NULL ? entry->user : "",
                           entry->action != NULL ? entry->action : "",
                           entry->ticket_id != NULL ? entry->ticket_id : "",
                           detail_masked,
                           text_masked,
                           NULL);
    }

  csv = duban_table_to_string (table, DUBAN_TABLE_CSV);
  /* Owner-only from its first byte (the log names people and
   * petitioners' tickets), and written beside and renamed over: a
   * crash leaves the old file or the new one, never half of either. */
  if (!g_file_set_contents_full (path, csv, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;

  detail = g_strdup_printf ("audit log, %u rows, to %s", entries->len, path);
  return duban_store_audit (store, DUBAN_AUDIT_EXPORT, NULL, detail, error);
}

gboolean
duban_audit_add_note (DubanStore  *store,
                      const char  *ticket_id,
                      const char  *body,
                      GError     **error)
{
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (DUBAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (ticket_id != NULL, FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  stripped = g_strstrip (g_strdup (body));
  if (stripped[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("A note cannot be empty"));
      return FALSE;
    }

  if (!duban_store_begin (store, error))
    return FALSE;

  if (!duban_store_add_note (store, ticket_id, stripped, error) ||
      !duban_store_audit (store, DUBAN_AUDIT_NOTE, ticket_id, stripped, error) ||
      !duban_store_commit (store, error))
    {
      duban_store_rollback (store);
      return FALSE;
    }

  return TRUE;
}

GPtrArray *
duban_audit_list_notes (DubanStore  *store,
                        const char  *ticket_id,
                        GError     **error)
{
  g_autoptr(GPtrArray) notes = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (store), NULL);
  g_return_val_if_fail (ticket_id != NULL, NULL);

  if (!(stmt = duban_store_prepare (store,
                                    "SELECT id, ticket_id, body, author, created_at FROM notes"
                                    " WHERE ticket_id = ?1 ORDER BY created_at, id", error)))
    return NULL;
  duban_store_bind_text (stmt, 1, ticket_id);

  notes = g_ptr_array_new_with_free_func ((GDestroyNotify)duban_note_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DubanNote *note = g_new0 (DubanNote, 1);

      note->id = sqlite3_column_int64 (stmt, 0);
      note->ticket_id = duban_store_column_text (stmt, 1);
      note->body = duban_store_column_text (stmt, 2);
      note->author = duban_store_column_text (stmt, 3);
      note->created_at = duban_store_column_time (stmt, 4);
      g_ptr_array_add (notes, note);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      duban_store_set_sqlite_error (store, error, "read notes");
      return NULL;
    }

  return g_steal_pointer (&notes);
}

gboolean
duban_audit_reveal (DubanStore  *store,
                    const char  *ticket_id,
                    const char  *reason,
                    GError     **error)
{
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (DUBAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (ticket_id != NULL, FALSE);

  stripped = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  if (stripped[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Say why the personal data is needed"));
      return FALSE;
    }

  return duban_store_audit (store, DUBAN_AUDIT_REVEAL, ticket_id, stripped, error);
}

gboolean
duban_audit_reveal_quarantine (DubanStore  *store,
                               guint        n_records,
                               const char  *reason,
                               GError     **error)
{
  g_autofree char *stripped = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (DUBAN_IS_STORE (store), FALSE);

  /* the same rule as a ticket's reveal: no reason, no clear text */
  stripped = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  if (stripped[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Say why the personal data is needed"));
      return FALSE;
    }

  detail = g_strdup_printf ("quarantine raw records (%u): %s", n_records, stripped);
  return duban_store_audit (store, DUBAN_AUDIT_REVEAL, NULL, detail, error);
}
