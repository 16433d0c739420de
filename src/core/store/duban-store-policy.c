/* duban-store-policy.c — the center's policy, kept in the store
 *
 * Limits, the warning share and the weights, in the store so that the
 * desk, duban-ctl and the reports of one store judge by the same rules;
 * a key not stored keeps its default.
 */

#define G_LOG_DOMAIN "duban-store-policy"

#include "config.h"

#include "duban-store-private.h"
#include "duban-store-reference.h"

/* ---- policy --------------------------------------------------------------- */

/* The stored keys, and where each lives in the struct. */
static const struct {
  const char *key;
  gsize       offset;
  gboolean    is_usec;
} policy_fields[] = {
  { "urgent_contact_hours", G_STRUCT_OFFSET (DubanSlaPolicy, urgent_contact_usec), TRUE },
  { "urgent_completion_hours", G_STRUCT_OFFSET (DubanSlaPolicy, urgent_completion_usec), TRUE },
  { "normal_completion_working_hours", G_STRUCT_OFFSET (DubanSlaPolicy, normal_completion_usec), TRUE },
  { "warning_fraction", G_STRUCT_OFFSET (DubanSlaPolicy, warning_fraction), FALSE },
  { "weight_contact", G_STRUCT_OFFSET (DubanSlaPolicy, weight_contact), FALSE },
  { "weight_completion", G_STRUCT_OFFSET (DubanSlaPolicy, weight_completion), FALSE },
  { "weight_satisfaction", G_STRUCT_OFFSET (DubanSlaPolicy, weight_satisfaction), FALSE },
  { "ranking_min_due", G_STRUCT_OFFSET (DubanSlaPolicy, ranking_min_due), FALSE },
};

gboolean
duban_store_load_policy (DubanStore      *self,
                         DubanSlaPolicy  *policy,
                         GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);

  duban_sla_policy_init_defaults (policy);

  if (!(stmt = duban_store_prepare (self, "SELECT key, value FROM policy", error)))
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      double value = sqlite3_column_double (stmt, 1);

      for (guint i = 0; i < G_N_ELEMENTS (policy_fields); i++)
        if (g_strcmp0 (key, policy_fields[i].key) == 0)
          {
            gpointer field = G_STRUCT_MEMBER_P (policy, policy_fields[i].offset);

            if (policy_fields[i].is_usec)
              *(gint64 *) field = (gint64) (value * DUBAN_USEC_PER_HOUR);
            else
              *(double *) field = value;
          }
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (self, error, "read policy");

  return TRUE;
}

gboolean
duban_store_save_policy (DubanStore            *self,
                         const DubanSlaPolicy  *policy,
                         GError               **error)
{
  g_return_val_if_fail (DUBAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (policy_fields); i++)
    {
      gconstpointer field = G_STRUCT_MEMBER_P (policy, policy_fields[i].offset);
      double value = policy_fields[i].is_usec
        ? (double) *(const gint64 *) field / DUBAN_USEC_PER_HOUR
        : *(const double *) field;
      sqlite3_stmt *stmt;
      int rc;

      if (!(stmt = duban_store_prepare (self, "INSERT OR REPLACE INTO policy (key, value) VALUES (?1, ?2)", error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, policy_fields[i].key, -1, SQLITE_STATIC);
      sqlite3_bind_double (stmt, 2, value);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return duban_store_set_sqlite_error (self, error, "save policy");
    }

  return TRUE;
}
