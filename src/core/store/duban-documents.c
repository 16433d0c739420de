/* duban-documents.c — the issuer's settings and the documents' numbers
 *
 * Two documents of the center must never share a number, and the same
 * document must keep its number however often it is previewed, printed
 * or exported: the number is a row of document_numbers, keyed by the
 * document (its kind and key) and by its place in its prefix's sequence
 * for the year. Rows are never deleted, so the next number of a sequence
 * (one more than the largest) is never one given before, whatever the
 * settings became since. Taking a number and auditing it happen in one
 * transaction: a number in a document is always in the audit log.
 */

#define G_LOG_DOMAIN "duban-documents"

#include "config.h"

#include <string.h>

#include "duban-audit.h"
#include "duban-documents.h"
#include "duban-store-private.h"

static const char *const kind_wire[DUBAN_N_DOCUMENT_KINDS] = {
  [DUBAN_DOCUMENT_ORDER_SHEET] = "order_sheet",
  [DUBAN_DOCUMENT_BULLETIN]    = "bulletin",
  [DUBAN_DOCUMENT_SUPERVISION] = "supervision",
};

const char *
duban_document_kind_to_wire (DubanDocumentKind kind)
{
  g_return_val_if_fail (kind < DUBAN_N_DOCUMENT_KINDS, NULL);

  return kind_wire[kind];
}

/* The stored keys, and where each lives in the struct. */
static const struct {
  const char *key;
  gsize       offset;
  gboolean    required;
} fields[] = {
  { "issuer", G_STRUCT_OFFSET (DubanDocumentSettings, issuer), TRUE },
  { "seal", G_STRUCT_OFFSET (DubanDocumentSettings, seal), FALSE },
  { "prefix.order_sheet", G_STRUCT_OFFSET (DubanDocumentSettings, prefix[DUBAN_DOCUMENT_ORDER_SHEET]), TRUE },
  { "prefix.bulletin", G_STRUCT_OFFSET (DubanDocumentSettings, prefix[DUBAN_DOCUMENT_BULLETIN]), TRUE },
  { "prefix.supervision", G_STRUCT_OFFSET (DubanDocumentSettings, prefix[DUBAN_DOCUMENT_SUPERVISION]), TRUE },
  { "supervisor_name", G_STRUCT_OFFSET (DubanDocumentSettings, supervisor_name), FALSE },
  { "supervisor_title", G_STRUCT_OFFSET (DubanDocumentSettings, supervisor_title), FALSE },
};

#define FIELD(settings, i) (*(char **) G_STRUCT_MEMBER_P ((settings), fields[(i)].offset))

void
duban_document_settings_init (DubanDocumentSettings *settings)
{
  g_return_if_fail (settings != NULL);

  /* One issuer for every document: the order sheet and the bulletins
   * once named the center differently. The bulletins share a prefix,
   * hence one sequence: 〔2026〕11号 is one document, not two. */
  memset (settings, 0, sizeof *settings);
  settings->issuer = g_strdup ("金乡县社会治理服务中心督办中心");
  settings->seal = g_strdup ("");
  settings->prefix[DUBAN_DOCUMENT_ORDER_SHEET] = g_strdup ("金督");
  settings->prefix[DUBAN_DOCUMENT_BULLETIN] = g_strdup ("金社治督");
  settings->prefix[DUBAN_DOCUMENT_SUPERVISION] = g_strdup ("金社治督");
  settings->supervisor_name = g_strdup ("");
  settings->supervisor_title = g_strdup ("");
}

void
duban_document_settings_clear (DubanDocumentSettings *settings)
{
  g_return_if_fail (settings != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_clear_pointer (&FIELD (settings, i), g_free);
}

void
duban_document_settings_copy (DubanDocumentSettings       *dest,
                              const DubanDocumentSettings *src)
{
  g_return_if_fail (dest != NULL && src != NULL);

  memset (dest, 0, sizeof *dest);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    FIELD (dest, i) = g_strdup (FIELD (src, i) ? FIELD (src, i) : "");
}

gboolean
duban_document_settings_load (DubanStore             *store,
                              DubanDocumentSettings  *settings,
                              GError                **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);

  duban_document_settings_init (settings);
  if (!(stmt = duban_store_prepare (store, "SELECT key, value FROM document_settings", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);

      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        if (g_strcmp0 (key, fields[i].key) == 0)
          {
            g_free (FIELD (settings, i));
            FIELD (settings, i) = duban_store_column_text (stmt, 1);
            if (FIELD (settings, i) == NULL)
              FIELD (settings, i) = g_strdup ("");
          }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (store, error, "read document settings");

  return TRUE;
}

gboolean
duban_document_settings_save (DubanStore                   *store,
                              const DubanDocumentSettings  *settings,
                              GError                      **error)
{
  g_autoptr(GString) detail = g_string_new ("documents");

  g_return_val_if_fail (DUBAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *value = FIELD (settings, i);

      if (fields[i].required && (value == NULL || value[strspn (value, " \t\n")] == '\0'))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "the document setting %s may not be empty", fields[i].key);
          return FALSE;
        }
    }

  if (!duban_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      sqlite3_stmt *stmt;
      int rc;

      if (!(stmt = duban_store_prepare (store, "INSERT OR REPLACE INTO document_settings (key, value) VALUES (?1, ?2)", error)))
        goto fail;
      sqlite3_bind_text (stmt, 1, fields[i].key, -1, SQLITE_STATIC);
      duban_store_bind_text (stmt, 2, FIELD (settings, i) ? FIELD (settings, i) : "");
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          duban_store_set_sqlite_error (store, error, "save document settings");
          goto fail;
        }
      g_string_append_printf (detail, " %s=%s", fields[i].key, FIELD (settings, i) ? FIELD (settings, i) : "");
    }
  if (!duban_store_audit (store, DUBAN_AUDIT_PREFERENCE, NULL, detail->str, error) ||
      !duban_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  duban_store_rollback (store);
  return FALSE;
}

char *
duban_document_number_format (const char *prefix,
                              int         year,
                              guint       sequence)
{
  g_return_val_if_fail (prefix != NULL, NULL);

  /* GB/T 9704: 发文字号 is the prefix, the year in 〔〕 and the number,
   * without leading zeros */
  return g_strdup_printf ("%s〔%d〕%u号", prefix, year, sequence);
}

char *
duban_document_number_lookup (DubanStore         *store,
                              DubanDocumentKind   kind,
                              const char         *key,
                              GError            **error)
{
  sqlite3_stmt *stmt;
  char *number = NULL;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (store), NULL);
  g_return_val_if_fail (kind < DUBAN_N_DOCUMENT_KINDS && key != NULL, NULL);

  if (!(stmt = duban_store_prepare (store, "SELECT number FROM document_numbers WHERE kind = ?1 AND document_key = ?2", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, kind_wire[kind], -1, SQLITE_STATIC);
  duban_store_bind_text (stmt, 2, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    number = duban_store_column_text (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    duban_store_set_sqlite_error (store, error, "read a document number");

  return number;
}

char *
duban_document_number_take (DubanStore                   *store,
                            const DubanDocumentSettings  *settings,
                            DubanDocumentKind             kind,
                            const char                   *key,
                            int                           year,
                            GError                      **error)
{
  g_autofree char *number = NULL;
  g_autofree char *detail = NULL;
  GError *local_error = NULL;
  sqlite3_stmt *stmt;
  gint64 sequence = 0;
  const char *prefix;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (store), NULL);
  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (kind < DUBAN_N_DOCUMENT_KINDS && key != NULL && *key != '\0', NULL);
  g_return_val_if_fail (year > 0 && year < 10000, NULL);

  prefix = settings->prefix[kind] != NULL && *settings->prefix[kind] != '\0' ? settings->prefix[kind] : "";

  if (!duban_store_begin (store, error))
    return NULL;

  /* read again inside the transaction: another process may have issued
   * the same document since */
  number = duban_document_number_lookup (store, kind, key, &local_error);
  if (local_error != NULL)
    goto fail;
  if (number != NULL)
    {
      duban_store_rollback (store);
      return g_steal_pointer (&number);
    }

  if (!(stmt = duban_store_prepare (store, "SELECT COALESCE (MAX (sequence), 0) FROM document_numbers WHERE prefix = ?1 AND year = ?2", &local_error)))
    goto fail;
  duban_store_bind_text (stmt, 1, prefix);
  sqlite3_bind_int (stmt, 2, year);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    sequence = sqlite3_column_int64 (stmt, 0) + 1;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      duban_store_set_sqlite_error (store, &local_error, "read a document sequence");
      goto fail;
    }

  number = duban_document_number_format (prefix, year, (guint) sequence);
  if (!(stmt = duban_store_prepare (store,
                                    "INSERT INTO document_numbers (prefix, year, sequence, kind, document_key, number, issued_at)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &local_error)))
    goto fail;
  duban_store_bind_text (stmt, 1, prefix);
  sqlite3_bind_int (stmt, 2, year);
  sqlite3_bind_int64 (stmt, 3, sequence);
  sqlite3_bind_text (stmt, 4, kind_wire[kind], -1, SQLITE_STATIC);
  duban_store_bind_text (stmt, 5, key);
  duban_store_bind_text (stmt, 6, number);
  sqlite3_bind_int64 (stmt, 7, duban_time_now ());
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      duban_store_set_sqlite_error (store, &local_error, "record a document number");
      goto fail;
    }

  /* the stable code first, for scripts; the number and the document */
  detail = g_strdup_printf ("%s %s %s", kind_wire[kind], number, key);
  if (!duban_store_audit (store, DUBAN_AUDIT_DOCUMENT, NULL, detail, &local_error) ||
      !duban_store_commit (store, &local_error))
    goto fail;

  return g_steal_pointer (&number);

fail:
  duban_store_rollback (store);
  g_propagate_error (error, local_error);
  return NULL;
}
