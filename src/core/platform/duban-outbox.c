/* duban-outbox.c — delivering the desk's supervision orders to the platform
 *
 * The outbox row is the promise that an order will reach the platform;
 * it is removed only in the same transaction that records the platform's
 * answer on the order, so a crash at any point leaves either "still to
 * send" or "answered", never neither. Resending is harmless: the platform
 * keys orders by client_id (201 the first time, 200 after).
 *
 * Back-off lives in the table (attempts, next_attempt_at), not in memory,
 * so it survives restarts and days offline: each run sends only what is
 * due and leaves the rest for a later flush.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "duban-outbox.h"
#include "duban-store-private.h"

/* 30 s, 1 min, 2 min … capped at 6 h: a platform down for a weekend is
 * tried a few times an hour, not hammered, and not forgotten. */
#define BACKOFF_BASE_SECONDS 30
#define BACKOFF_MAX_SECONDS  (6 * 3600)

typedef struct {
  gint64  id;
  char   *client_id;
  char   *method;
  char   *path;
  char   *payload;
  gint64  attempts;
} OutboxEntry;

static void
outbox_entry_free (OutboxEntry *entry)
{
  g_free (entry->client_id);
  g_free (entry->method);
  g_free (entry->path);
  g_free (entry->payload);
  g_free (entry);
}

/* Read up front, then sent one by one: no statement stays open on the
 * store while the network is slow. */
static GPtrArray *
load_due (DubanStore  *store,
          DubanTime    now,
          GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) outbox_entry_free);
  sqlite3_stmt *stmt;
  int rc;

  g_assert (DUBAN_IS_STORE (store));

  if (!(stmt = duban_store_prepare (store,
                                    "SELECT id, client_id, method, path, payload, attempts FROM outbox"
                                    " WHERE next_attempt_at IS NULL OR next_attempt_at <= ?1"
                                    " ORDER BY created_at, id", error)))
    return NULL;
  duban_store_bind_time (stmt, 1, now);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OutboxEntry *entry = g_new0 (OutboxEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->client_id = duban_store_column_text (stmt, 1);
      entry->method = duban_store_column_text (stmt, 2);
      entry->path = duban_store_column_text (stmt, 3);
      entry->payload = duban_store_column_text (stmt, 4);
      entry->attempts = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      duban_store_set_sqlite_error (store, error, "read the outbox");
      return NULL;
    }

  return g_steal_pointer (&entries);
}

static guint
count_waiting (DubanStore  *store,
               GError     **error)
{
  sqlite3_stmt *stmt;
  guint count = 0;

  if (!(stmt = duban_store_prepare (store, "SELECT count(*) FROM outbox", error)))
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

static gboolean
step_done (DubanStore   *store,
           sqlite3_stmt *stmt,
           const char   *what,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (store, error, what);
  return TRUE;
}

/* The platform has answered for good: record it on the order and drop
 * the outbox row, together. */
static gboolean
settle (DubanStore        *store,
        const OutboxEntry *entry,
        gboolean           delivered,
        const char        *last_error,
        GError           **error)
{
  sqlite3_stmt *stmt;

  if (!duban_store_begin (store, error))
    return FALSE;

  if (delivered)
    stmt = duban_store_prepare (store,
                                "UPDATE supervision_orders SET delivery_state = 'delivered',"
                                " delivered_at = ?2, last_error = NULL WHERE client_id = ?1", error);
  else
    stmt = duban_store_prepare (store,
                                "UPDATE supervision_orders SET delivery_state = 'refused',"
                                " last_error = ?3 WHERE client_id = ?1", error);
  if (stmt == NULL)
    goto rollback;
  duban_store_bind_text (stmt, 1, entry->client_id);
  if (delivered)
    duban_store_bind_time (stmt, 2, duban_time_now ());
  else
    duban_store_bind_text (stmt, 3, last_error);
  if (!step_done (store, stmt, "record the order's delivery", error))
    goto rollback;

  if (!(stmt = duban_store_prepare (store, "DELETE FROM outbox WHERE id = ?1", error)))
    goto rollback;
  sqlite3_bind_int64 (stmt, 1, entry->id);
  if (!step_done (store, stmt, "remove the delivered order from the outbox", error))
    goto rollback;

  if (!delivered)
    {
      g_autofree char *detail = g_strdup_printf ("%s: %s", entry->client_id, last_error);

      if (!duban_store_audit (store, "order_refused", NULL, detail, error))
        goto rollback;
    }

  return duban_store_commit (store, error);

rollback:
  duban_store_rollback (store);
  return FALSE;
}

/* Exponential back-off with jitter (so that many desks coming back
 * online do not all knock at once), or the platform's Retry-After when it
 * asks for longer. */
static DubanTime
next_attempt (gint64 attempts,
              gint64 retry_after_seconds)
{
  gint64 ceiling = BACKOFF_BASE_SECONDS;
  gint64 seconds;

  for (gint64 i = 1; i < attempts && ceiling < BACKOFF_MAX_SECONDS; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, BACKOFF_MAX_SECONDS);
  seconds = ceiling / 2 + g_random_int_range (0, (gint32) (ceiling / 2) + 1);
  if (retry_after_seconds >= 0)
    seconds = MAX (seconds, retry_after_seconds);

  return duban_time_now () + seconds * DUBAN_USEC_PER_SECOND;
}

static gboolean
postpone (DubanStore        *store,
          const OutboxEntry *entry,
          gint64             retry_after_seconds,
          const char        *last_error,
          GError           **error)
{
  sqlite3_stmt *stmt;

  if (!duban_store_begin (store, error))
    return FALSE;

  if (!(stmt = duban_store_prepare (store,
                                    "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2"
                                    " WHERE id = ?1", error)))
    goto rollback;
  sqlite3_bind_int64 (stmt, 1, entry->id);
  duban_store_bind_time (stmt, 2, next_attempt (entry->attempts + 1, retry_after_seconds));
  if (!step_done (store, stmt, "postpone the order", error))
    goto rollback;

  if (!(stmt = duban_store_prepare (store,
                                    "UPDATE supervision_orders SET last_error = ?2 WHERE client_id = ?1", error)))
    goto rollback;
  duban_store_bind_text (stmt, 1, entry->client_id);
  duban_store_bind_text (stmt, 2, last_error);
  if (!step_done (store, stmt, "record the delivery failure", error))
    goto rollback;

  return duban_store_commit (store, error);

rollback:
  duban_store_rollback (store);
  return FALSE;
}

static gboolean
is_transient (guint status)
{
  return status == 0 || status == 429 || status == 408 || status >= 500;
}

gboolean
duban_outbox_flush (DubanFeedClient   *client,
                    const char        *store_path,
                    DubanOutboxStats  *stats,
                    GCancellable      *cancellable,
                    GError           **error)
{
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GPtrArray) due = NULL;
  DubanOutboxStats local_stats = { 0 };

  g_return_val_if_fail (DUBAN_IS_FEED_CLIENT (client), FALSE);
  g_return_val_if_fail (store_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (stats == NULL)
    stats = &local_stats;
  *stats = (DubanOutboxStats) { 0 };

  if (!(store = duban_store_open (store_path, error)))
    return FALSE;
  if (!(due = load_due (store, duban_time_now (), error)))
    return FALSE;

  for (guint i = 0; i < due->len; i++)
    {
      const OutboxEntry *entry = g_ptr_array_index (due, i);
      g_autoptr(GError) send_error = NULL;
      g_autofree char *message = NULL;
      g_autofree char *last_error = NULL;
      gint64 retry_after = -1;
      guint status;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      status = duban_feed_client_send_json (client, entry->method, entry->path, entry->payload,
                                            &retry_after, &message, cancellable, &send_error);
      if (g_error_matches (send_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&send_error));
          return FALSE;
        }

      if (status == 200 || status == 201)
        {
          if (!settle (store, entry, TRUE, NULL, error))
            return FALSE;
          stats->delivered++;
          continue;
        }

      if (send_error != NULL)
        last_error = g_strdup (send_error->message);
      else
        last_error = g_strdup_printf (_("The platform answered %u%s%s"), status,
                                      message != NULL ? ": " : "", message != NULL ? message : "");

      if (is_transient (status))
        {
          g_debug ("order %s: %s; trying again later", entry->client_id, last_error);
          if (!postpone (store, entry, retry_after, last_error, error))
            return FALSE;
        }
      else
        {
          if (!settle (store, entry, FALSE, last_error, error))
            return FALSE;
          stats->refused++;
        }
    }

  stats->waiting = count_waiting (store, NULL);
  return TRUE;
}

/* ---- async ---------------------------------------------------------- */

typedef struct {
  char             *store_path;
  DubanOutboxStats  stats;
} FlushData;

static void
flush_data_free (FlushData *data)
{
  g_free (data->store_path);
  g_free (data);
}

static void
flush_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FlushData *data = task_data;
  GError *error = NULL;

  if (duban_outbox_flush (source_object, data->store_path, &data->stats, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
duban_outbox_flush_async (DubanFeedClient     *client,
                          const char          *store_path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FlushData *data;

  g_return_if_fail (DUBAN_IS_FEED_CLIENT (client));
  g_return_if_fail (store_path != NULL);

  data = g_new0 (FlushData, 1);
  data->store_path = g_strdup (store_path);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, duban_outbox_flush_async);
  g_task_set_task_data (task, data, (GDestroyNotify) flush_data_free);
  g_task_run_in_thread (task, flush_thread);
}

gboolean
duban_outbox_flush_finish (DubanFeedClient   *client,
                           GAsyncResult      *result,
                           DubanOutboxStats  *stats,
                           GError           **error)
{
  GTask *task = G_TASK (result);

  g_return_val_if_fail (DUBAN_IS_FEED_CLIENT (client), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, client), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (task) == duban_outbox_flush_async, FALSE);

  if (stats != NULL)
    *stats = ((FlushData *) g_task_get_task_data (task))->stats;

  return g_task_propagate_boolean (task, error);
}
