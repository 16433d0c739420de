/* duban-ladder-decisions.c — the ladder's settings and what supervisors
 * did with its proposals
 *
 * The ladder's numbers go into the policy table under keys of their own
 * ("ladder.yellow.overdue_working_days" …), so a store without them — or
 * one an older desk wrote — proposes by the defaults of docs/sla-rules.md
 * and no migration is needed when a condition is added.
 */
#define G_LOG_DOMAIN "duban-ladder-decisions"

#include "config.h"

#include <string.h>

#include "duban-ladder-decisions.h"
#include "duban-orders.h"
#include "duban-store-private.h"

typedef enum {
  FIELD_BOOL,
  FIELD_DOUBLE,
  FIELD_INT,
} FieldType;

static const struct {
  const char *name;
  gsize       offset;
  FieldType   type;
} rung_fields[] = {
  { "warning", G_STRUCT_OFFSET (DubanLadderRung, warning), FIELD_BOOL },
  { "overdue_hours", G_STRUCT_OFFSET (DubanLadderRung, overdue_hours), FIELD_DOUBLE },
  { "overdue_working_days", G_STRUCT_OFFSET (DubanLadderRung, overdue_working_days), FIELD_DOUBLE },
  { "extensions", G_STRUCT_OFFSET (DubanLadderRung, extensions), FIELD_INT },
  { "unsatisfied", G_STRUCT_OFFSET (DubanLadderRung, unsatisfied), FIELD_INT },
  { "repeats", G_STRUCT_OFFSET (DubanLadderRung, repeats), FIELD_INT },
};

#define CLIMB_KEY "ladder.climb_on_late_reply"

static gboolean
set_field (DubanLadderPolicy *policy,
           const char        *key,
           double             value)
{
  if (g_str_equal (key, CLIMB_KEY))
    {
      policy->climb_on_late_reply = value != 0;
      return TRUE;
    }

  for (int level = 0; level < DUBAN_ORDER_N_LEVELS; level++)
    {
      g_autofree char *prefix = g_strdup_printf ("ladder.%s.", duban_order_level_to_wire (level));

      if (!g_str_has_prefix (key, prefix))
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (rung_fields); i++)
        if (g_str_equal (key + strlen (prefix), rung_fields[i].name))
          {
            gpointer field = G_STRUCT_MEMBER_P (&policy->rungs[level], rung_fields[i].offset);

            switch (rung_fields[i].type)
              {
              case FIELD_BOOL:   *(gboolean *) field = value != 0; break;
              case FIELD_DOUBLE: *(double *) field = value; break;
              case FIELD_INT:    *(int *) field = (int) CLAMP (value, 0, 1000); break;
              default: g_assert_not_reached ();
              }
            return TRUE;
          }
    }

  return FALSE;
}

gboolean
duban_ladder_load_policy (DubanStore         *store,
                          DubanLadderPolicy  *policy,
                          GError            **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);

  duban_ladder_policy_init_defaults (policy);

  if (!(stmt = duban_store_prepare (store, "SELECT key, value FROM policy WHERE key LIKE 'ladder.%'", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);

      if (key != NULL)
        set_field (policy, key, sqlite3_column_double (stmt, 1));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (store, error, "read the ladder");
  return TRUE;
}

static gboolean
save_value (DubanStore  *store,
            const char  *key,
            double       value,
            GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = duban_store_prepare (store, "INSERT OR REPLACE INTO policy (key, value) VALUES (?1, ?2)", error)))
    return FALSE;
  duban_store_bind_text (stmt, 1, key);
  sqlite3_bind_double (stmt, 2, value);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (store, error, "save the ladder");
  return TRUE;
}

gboolean
duban_ladder_save_policy (DubanStore               *store,
                          const DubanLadderPolicy  *policy,
                          GError                  **error)
{
  g_return_val_if_fail (DUBAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);

  if (!duban_store_begin (store, error))
    return FALSE;

  for (int level = 0; level < DUBAN_ORDER_N_LEVELS; level++)
    for (guint i = 0; i < G_N_ELEMENTS (rung_fields); i++)
      {
        gconstpointer field = G_STRUCT_MEMBER_P (&policy->rungs[level], rung_fields[i].offset);
        g_autofree char *key = g_strdup_printf ("ladder.%s.%s", duban_order_level_to_wire (level),
                                                rung_fields[i].name);
        double value;

        switch (rung_fields[i].type)
          {
          case FIELD_BOOL:   value = *(const gboolean *) field ? 1 : 0; break;
          case FIELD_DOUBLE: value = *(const double *) field; break;
          case FIELD_INT:    value = *(const int *) field; break;
          default: g_assert_not_reached ();
          }
        if (!save_value (store, key, value, error))
          goto rollback;
      }
  if (!save_value (store, CLIMB_KEY, policy->climb_on_late_reply ? 1 : 0, error) ||
      !duban_store_audit (store, "preference", NULL, "ladder", error) ||
      !duban_store_commit (store, error))
    goto rollback;
  return TRUE;

rollback:
  duban_store_rollback (store);
  return FALSE;
}

static const char *
decision_action (DubanLadderDecision decision)
{
  switch (decision)
    {
    case DUBAN_LADDER_ACCEPTED:  return DUBAN_AUDIT_LADDER_ACCEPTED;
    case DUBAN_LADDER_EDITED:    return DUBAN_AUDIT_LADDER_EDITED;
    case DUBAN_LADDER_DISMISSED: return DUBAN_AUDIT_LADDER_DISMISSED;
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
duban_ladder_decide (DubanStore           *store,
                     const char           *ticket_id,
                     DubanOrderLevel       level,
                     DubanLadderDecision   decision,
                     const char           *reason,
                     GError              **error)
{
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (ticket_id != NULL, FALSE);
  g_return_val_if_fail (level < DUBAN_ORDER_N_LEVELS, FALSE);
  g_return_val_if_fail (decision <= DUBAN_LADDER_DISMISSED, FALSE);

  if (!duban_store_begin (store, error))
    return FALSE;

  if (decision == DUBAN_LADDER_DISMISSED)
    {
      if (!(stmt = duban_store_prepare (store,
                                        "INSERT OR REPLACE INTO ladder_decisions"
                                        " (ticket_id, level, decision, decided_at, decided_by)"
                                        " VALUES (?1, ?2, 'dismissed', ?3, ?4)", error)))
        goto rollback;
      duban_store_bind_text (stmt, 1, ticket_id);
      duban_store_bind_text (stmt, 2, duban_order_level_to_wire (level));
      duban_store_bind_time (stmt, 3, duban_time_now ());
      duban_store_bind_text (stmt, 4, duban_orders_issuer_name ());
    }
  else
    {
      /* an order was issued: an older dismissal no longer stands */
      if (!(stmt = duban_store_prepare (store, "DELETE FROM ladder_decisions WHERE ticket_id = ?1", error)))
        goto rollback;
      duban_store_bind_text (stmt, 1, ticket_id);
    }
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      duban_store_set_sqlite_error (store, error, "record the ladder's decision");
      goto rollback;
    }

  detail = g_strdup_printf ("%s %s", duban_order_level_to_wire (level), reason != NULL ? reason : "");
  if (!duban_store_audit (store, decision_action (decision), ticket_id, g_strstrip (detail), error) ||
      !duban_store_commit (store, error))
    goto rollback;
  return TRUE;

rollback:
  duban_store_rollback (store);
  return FALSE;
}

GHashTable *
duban_ladder_load_dismissed (DubanStore  *store,
                             GError     **error)
{
  g_autoptr(GHashTable) dismissed = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (store), NULL);

  if (!(stmt = duban_store_prepare (store,
                                    "SELECT ticket_id, level FROM ladder_decisions WHERE decision = 'dismissed'", error)))
    return NULL;

  dismissed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *level_text = duban_store_column_text (stmt, 1);
      DubanOrderLevel level;

      if (duban_order_level_from_wire (level_text, &level))
        g_hash_table_insert (dismissed, duban_store_column_text (stmt, 0), GINT_TO_POINTER (level + 1));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      duban_store_set_sqlite_error (store, error, "read the dismissed proposals");
      return NULL;
    }
  return g_steal_pointer (&dismissed);
}

gboolean
duban_ladder_is_dismissed (GHashTable      *dismissed,
                           const char      *ticket_id,
                           DubanOrderLevel  level)
{
  int stored;

  if (dismissed == NULL || ticket_id == NULL)
    return FALSE;

  stored = GPOINTER_TO_INT (g_hash_table_lookup (dismissed, ticket_id));
  return stored > 0 && (int) level <= stored - 1;
}
