/* duban-audit.h — the audit trail and notes on tickets
 *
 * Every local action (a supervision order, a note, revealing a
 * petitioner, an export, a change of policy) leaves a row in the store's
 * append-only audit_log with the time and the workstation user. Writing a
 * row is duban_store_audit(); this file reads the trail back, exports it,
 * and keeps the notes that supervisors leave on tickets.
 */
#pragma once

#include "duban-store.h"

G_BEGIN_DECLS

/* The action names written to audit_log.action. */
#define DUBAN_AUDIT_ORDER      "order"
#define DUBAN_AUDIT_NOTE       "note"
#define DUBAN_AUDIT_REVEAL     "reveal"
#define DUBAN_AUDIT_EXPORT     "export"
#define DUBAN_AUDIT_PREFERENCE "preference"
#define DUBAN_AUDIT_DOCUMENT   "document"   /* a document number given (duban-documents.c) */

typedef struct {
  gint64     id;
  DubanTime  at;
  char      *user;
  char      *action;
  char      *ticket_id;   /* NULL when the action is not about one ticket */
  char      *detail;
} DubanAuditEntry;

typedef struct {
  gint64     id;
  char      *ticket_id;
  char      *body;
  char      *author;
  DubanTime  created_at;
} DubanNote;

void        duban_audit_entry_free   (DubanAuditEntry *entry);
void        duban_note_free          (DubanNote       *note);

/* The display name of an action ("Supervision order", …), or @action
 * itself when it is not one the desk writes. */
const char *duban_audit_action_to_display (const char *action);

/* An entry's detail in the current language ("3 order sheets written to
 * …"), or a copy of @detail when its form is not one the desk writes.
 * The stored detail stays the stable text scripts read; the log's CSV
 * export carries both. */
char       *duban_audit_detail_to_display (const char *action,
                                           const char *detail);

/* Newest first. NULL @ticket_id: the whole log. @limit 0: no limit.
 * Element type DubanAuditEntry*. */
GPtrArray  *duban_audit_list         (DubanStore   *store,
                                      const char   *ticket_id,
                                      guint         limit,
                                      GError      **error);
/* Writes the whole log as CSV to @path, created owner-only (0600), and
 * audits the export itself. */
gboolean    duban_audit_export_csv   (DubanStore   *store,
                                      const char   *path,
                                      GError      **error);

/* Saves a note and its audit row in one transaction. */
gboolean    duban_audit_add_note     (DubanStore   *store,
                                      const char   *ticket_id,
                                      const char   *body,
                                      GError      **error);
/* A ticket's notes, oldest first. Element type DubanNote*. */
GPtrArray  *duban_audit_list_notes   (DubanStore   *store,
                                      const char   *ticket_id,
                                      GError      **error);

/* Records that a petitioner's personal data was shown, and why. A reason
 * is required: an unexplained reveal is not allowed. */
gboolean    duban_audit_reveal       (DubanStore   *store,
                                      const char   *ticket_id,
                                      const char   *reason,
                                      GError      **error);
/* Writes the reveal of the quarantine's raw records (@n_records of
 * them) with its reason; fails, writing nothing, without a reason. */
gboolean    duban_audit_reveal_quarantine (DubanStore  *store,
                                           guint        n_records,
                                           const char  *reason,
                                           GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanAuditEntry, duban_audit_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanNote, duban_note_free)

G_END_DECLS
