/* duban-repeat-decisions.c — a supervisor's word on a proposed repeat group
 *
 * A decision and its audit row go in one transaction: a confirmation that
 * changes how matters are counted must never exist without the row that
 * says who made it. A group is named by its sorted ids, so the same
 * tickets proposed again in another order find their decision, and a
 * group that grew is proposed afresh (docs/sla-rules.md, "研判").
 */
#define G_LOG_DOMAIN "duban-repeat-decisions"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "duban-repeat-decisions.h"
#include "duban-store-private.h"

static const char * const kind_wire[] = {
  [DUBAN_REPEAT_CONFIRMED] = "confirmed",
  [DUBAN_REPEAT_REJECTED]  = "rejected",
};

const char *
duban_repeat_decision_kind_to_wire (DubanRepeatDecisionKind kind)
{
  g_return_val_if_fail (kind <= DUBAN_REPEAT_REJECTED, NULL);

  return kind_wire[kind];
}

gboolean
duban_repeat_decision_kind_from_wire (const char              *wire,
                                      DubanRepeatDecisionKind *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (kind_wire); i++)
    if (g_strcmp0 (wire, kind_wire[i]) == 0)
      {
        *out = (DubanRepeatDecisionKind) i;
        return TRUE;
      }

  return FALSE;
}

void
duban_repeat_decision_free (DubanRepeatDecision *decision)
{
  if (decision == NULL)
    return;

  g_free (decision->key);
  g_strfreev (decision->ticket_ids);
  g_free (decision->decided_by);
  g_free (decision);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char *
duban_repeat_decision_key (const char * const *ticket_ids,
                           guint               n_ids)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  g_return_val_if_fail (ticket_ids != NULL || n_ids == 0, NULL);

  for (guint i = 0; i < n_ids; i++)
    g_ptr_array_add (sorted, (gpointer) ticket_ids[i]);
  g_ptr_array_sort (sorted, compare_ids);
  g_ptr_array_add (sorted, NULL);

  return g_strjoinv (",", (char **) sorted->pdata);
}

gboolean
duban_repeat_decision_set (DubanStore               *store,
                           const char * const       *ticket_ids,
                           guint                     n_ids,
                           DubanRepeatDecisionKind   kind,
                           GError                  **error)
{
  g_autofree char *key = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *detail = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) strv = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (ticket_ids != NULL, FALSE);
  g_return_val_if_fail (kind <= DUBAN_REPEAT_REJECTED, FALSE);

  if (n_ids < 2)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A repeat group has at least two tickets"));
      return FALSE;
    }
  builder = g_strv_builder_new ();
  for (guint i = 0; i < n_ids; i++)
    {
      if (ticket_ids[i] == NULL || ticket_ids[i][0] == '\0' || strchr (ticket_ids[i], ',') != NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Not a ticket number: “%s”"), ticket_ids[i] != NULL ? ticket_ids[i] : "");
          return FALSE;
        }
      g_strv_builder_add (builder, ticket_ids[i]);
    }
  strv = g_strv_builder_end (builder);

  key = duban_repeat_decision_key (ticket_ids, n_ids);
  ids = g_strjoinv (",", strv);
  detail = g_strdup_printf ("%s: %s", kind_wire[kind], ids);

  if (!duban_store_begin (store, error))
    return FALSE;

  if (!(stmt = duban_store_prepare (store,
                                    "INSERT INTO repeat_decisions (group_key, ticket_ids, decision, decided_by, decided_at)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5)"
                                    " ON CONFLICT (group_key) DO UPDATE SET ticket_ids = excluded.ticket_ids,"
                                    " decision = excluded.decision, decided_by = excluded.decided_by,"
                                    " decided_at = excluded.decided_at", error)))
    goto rollback;
  duban_store_bind_text (stmt, 1, key);
  duban_store_bind_text (stmt, 2, ids);
  duban_store_bind_text (stmt, 3, kind_wire[kind]);
  duban_store_bind_text (stmt, 4, g_get_user_name ());
  duban_store_bind_time (stmt, 5, duban_time_now ());
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      duban_store_set_sqlite_error (store, error, "save the repeat decision");
      goto rollback;
    }

  /* the audit row names the group's oldest ticket, so that ticket's
   * trail shows it */
  if (!duban_store_audit (store, DUBAN_AUDIT_REPEAT_DECISION, strv[0], detail, error) ||
      !duban_store_commit (store, error))
    goto rollback;

  return TRUE;

rollback:
  duban_store_rollback (store);
  return FALSE;
}

GPtrArray *
duban_repeat_decisions_list (DubanStore  *store,
                             GError     **error)
{
  g_autoptr(GPtrArray) decisions = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (store), NULL);

  if (!(stmt = duban_store_prepare (store,
                                    "SELECT group_key, ticket_ids, decision, decided_by, decided_at"
                                    " FROM repeat_decisions ORDER BY decided_at, group_key", error)))
    return NULL;

  decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_repeat_decision_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DubanRepeatDecision *decision = g_new0 (DubanRepeatDecision, 1);
      g_autofree char *ids = duban_store_column_text (stmt, 1);
      g_autofree char *kind = duban_store_column_text (stmt, 2);

      decision->key = duban_store_column_text (stmt, 0);
      decision->ticket_ids = g_strsplit (ids != NULL ? ids : "", ",", -1);
      /* a value this version does not know reads as the weaker word */
      if (!duban_repeat_decision_kind_from_wire (kind, &decision->kind))
        decision->kind = DUBAN_REPEAT_REJECTED;
      decision->decided_by = duban_store_column_text (stmt, 3);
      decision->decided_at = duban_store_column_time (stmt, 4);
      g_ptr_array_add (decisions, decision);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      duban_store_set_sqlite_error (store, error, "read the repeat decisions");
      return NULL;
    }

  return g_steal_pointer (&decisions);
}

const DubanRepeatDecision *
duban_repeat_decisions_lookup (GPtrArray  *decisions,
                               const char *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  if (decisions == NULL)
    return NULL;

  for (guint i = 0; i < decisions->len; i++)
    {
      const DubanRepeatDecision *decision = g_ptr_array_index (decisions, i);

      if (g_str_equal (decision->key, key))
        return decision;
    }

  return NULL;
}
