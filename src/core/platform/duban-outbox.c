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
 *
 * Only 200 and 201 acknowledge an order. The contract promises that the
 * desk keeps every order until then, so no other answer removes it: a
 * 202 says "accepted for later", not "stored"; a 401 is the desk's token,
 * not the order; a 404 may be a ticket the platform has not listed yet.
 *
 * The path is made again from the order's ticket id at each attempt
 * (duban_orders_delivery_path), so a row queued by an earlier version
 * with an id that was not escaped as one segment goes where it should,
 * and one for a ticket ".." (which no URL can name) is never sent.
 */
#define G_LOG_DOMAIN "duban-outbox"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-orders.h"
#include "duban-outbox.h"
#include "duban-store-private.h"

/* 30 s, 1 min, 2 min … capped at 6 h: a platform down for a weekend is
 * tried a few times an hour, not hammered, and not forgotten. */
#define BACKOFF_BASE_SECONDS 30
#define BACKOFF_MAX_SECONDS  (6 * 3600)
/* Delivering now retries as the sync retries a page: six tries, the
 * waits growing from a quarter second to at most 30 s (Retry-After up to
 * two minutes honoured). */
#define NOW_MAX_ATTEMPTS      6
#define NOW_MAX_DELAY_USEC    (30 * G_USEC_PER_SEC)
#define NOW_MAX_RETRY_AFTER   120

typedef struct {
  gint64  id;
  char   *client_id;
  char   *method;
  char   *path;
  char   *payload;
  gint64  attempts;
  GError *unsendable;   /* why there is no path to send it to */
} OutboxEntry;

static void
outbox_entry_free (OutboxEntry *entry)
{
  g_free (entry->client_id);
  g_free (entry->method);
  g_free (entry->path);
  g_free (entry->payload);
  g_clear_error (&entry->unsendable);
  g_free (entry);
}

/* Read up front, then sent one by one: no statement stays open on the
 * store while the network is slow. */
static GPtrArray *
load_due (DubanStore  *store,
          DubanTime    now,
          gboolean     all,
          GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) outbox_entry_free);
  sqlite3_stmt *stmt;
  int rc;

  g_assert (DUBAN_IS_STORE (store));

  if (!(stmt = duban_store_prepare (store,
                                    "SELECT o.id, o.client_id, o.method, o.path, o.payload, o.attempts, s.ticket_id"
                                    " FROM outbox o LEFT JOIN supervision_orders s ON s.client_id = o.client_id"
                                    " WHERE o.next_attempt_at IS NULL OR o.next_attempt_at <= ?1"
                                    " ORDER BY o.created_at, o.id", error)))
    return NULL;
  /* all: as if every order were due */
  duban_store_bind_time (stmt, 1, all ? G_MAXINT64 : now);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OutboxEntry *entry = g_new0 (OutboxEntry, 1);
      g_autofree char *ticket_id = duban_store_column_text (stmt, 6);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->client_id = duban_store_column_text (stmt, 1);
      entry->method = duban_store_column_text (stmt, 2);
      /* NULL when the id names no path: kept, never sent */
      if (ticket_id != NULL)
        entry->path = duban_orders_delivery_path (ticket_id, &entry->unsendable);
      else
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

/* The platform has acknowledged the order: record it and drop the
 * outbox row, together. The only way an order leaves the outbox. */
static gboolean
settle (DubanStore        *store,
        const OutboxEntry *entry,
        GError           **error)
{
  sqlite3_stmt *stmt;

  if (!duban_store_begin (store, error))
    return FALSE;

  if (!(stmt = duban_store_prepare (store,
                                    "UPDATE supervision_orders SET delivery_state = 'delivered',"
                                    " delivered_at = ?2, last_error = NULL WHERE client_id = ?1", error)))
    goto rollback;
  duban_store_bind_text (stmt, 1, entry->client_id);
  duban_store_bind_time (stmt, 2, duban_time_now ());
  if (!step_done (store, stmt, "record the order's delivery", error))
    goto rollback;

  if (!(stmt = duban_store_prepare (store, "DELETE FROM outbox WHERE id = ?1", error)))
    goto rollback;
  sqlite3_bind_int64 (stmt, 1, entry->id);
  if (!step_done (store, stmt, "remove the delivered order from the outbox", error))
    goto rollback;

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

typedef enum {
  OUTCOME_TRANSIENT,      /* may pass by itself: back off, stay pending */
  OUTCOME_UNAUTHORIZED,   /* 401: due again as soon as there is a new token */
  OUTCOME_REFUSED,        /* anything else: back off, marked refused */
} Outcome;

/* The order stays queued with its error; only when and as what it is
 * tried again differ. */
static gboolean
postpone (DubanStore        *store,
          const OutboxEntry *entry,
          Outcome            outcome,
          gint64             retry_after_seconds,
          const char        *last_error,
          GError           **error)
{
  sqlite3_stmt *stmt;
  gboolean newly_refused = FALSE;

  if (!duban_store_begin (store, error))
    return FALSE;

  /* a refusal is worth a line in the audit log when it is news: the
   * first, or the first after the order was waiting for another reason;
   * every later try would only repeat it */
  if (outcome == OUTCOME_REFUSED)
    {
      g_autofree char *state = NULL;

      if (!(stmt = duban_store_prepare (store,
                                        "SELECT delivery_state FROM supervision_orders WHERE client_id = ?1", error)))
        goto rollback;
      duban_store_bind_text (stmt, 1, entry->client_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        state = duban_store_column_text (stmt, 0);
      sqlite3_reset (stmt);
      newly_refused = g_strcmp0 (state, "refused") != 0;
    }

  if (!(stmt = duban_store_prepare (store,
                                    "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2"
                                    " WHERE id = ?1", error)))
    goto rollback;
  sqlite3_bind_int64 (stmt, 1, entry->id);
  /* after a 401 nothing is gained by waiting: the next run (after a new
   * token, or the next sync) tries it first */
  duban_store_bind_time (stmt, 2, outcome == OUTCOME_UNAUTHORIZED ? DUBAN_TIME_NONE
                                  : next_attempt (entry->attempts + 1, retry_after_seconds));
  if (!step_done (store, stmt, "postpone the order", error))
    goto rollback;

  if (!(stmt = duban_store_prepare (store,
                                    "UPDATE supervision_orders SET last_error = ?2, delivery_state = ?3"
                                    " WHERE client_id = ?1 AND delivery_state <> 'delivered'", error)))
    goto rollback;
  duban_store_bind_text (stmt, 1, entry->client_id);
  duban_store_bind_text (stmt, 2, last_error);
  duban_store_bind_text (stmt, 3, duban_delivery_state_to_wire (outcome == OUTCOME_REFUSED ? DUBAN_DELIVERY_REFUSED
                                                                 : DUBAN_DELIVERY_PENDING));
  if (!step_done (store, stmt, "record the delivery failure", error))
    goto rollback;

  if (newly_refused)
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

static gboolean
is_transient (guint status)
{
  return status == 0 || status == 429 || status == 408 || status >= 500;
}

static gboolean
sleep_cancellable (gint64        usec,
                   GCancellable *cancellable)
{
  gint64 end = g_get_monotonic_time () + usec;

  while (g_get_monotonic_time () < end)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      g_usleep (MIN (50 * 1000, MAX (end - g_get_monotonic_time (), 0)));
    }

  return !g_cancellable_is_cancelled (cancellable);
}

/* One order, once, or (@retry) up to NOW_MAX_ATTEMPTS times while the
 * failure may pass. */
static guint
send_entry (DubanFeedClient    *client,
            const OutboxEntry  *entry,
            gboolean            retry,
            gint64             *retry_after,
            char              **message,
            GCancellable       *cancellable,
            GError            **error)
{
  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      gint64 delay_usec;
      guint status;

      g_clear_pointer (message, g_free);
      status = duban_feed_client_send_json (client, entry->method, entry->path, entry->payload,
                                            retry_after, message, cancellable, &local_error);
      if (!retry || attempt >= NOW_MAX_ATTEMPTS || !is_transient (status) ||
          g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          if (local_error != NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          return status;
        }

      delay_usec = g_random_int_range (0, (gint32) MIN ((gint64) (250 * 1000) << attempt, NOW_MAX_DELAY_USEC));
      if (*retry_after >= 0)
        delay_usec = MIN (*retry_after, NOW_MAX_RETRY_AFTER) * G_USEC_PER_SEC;
      g_debug ("order %s: try %u failed, again in %.1f s", entry->client_id, attempt, delay_usec / 1e6);
      if (!sleep_cancellable (delay_usec, cancellable))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Delivery cancelled"));
          return 0;
        }
    }
}

static gboolean
flush (DubanFeedClient   *client,
       const char        *store_path,
       gboolean           now,
       DubanOutboxStats  *stats,
       GCancellable      *cancellable,
       GError           **error)
{
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GPtrArray) due = NULL;
  DubanOutboxStats local_stats = { 0 };

  g_assert (DUBAN_IS_FEED_CLIENT (client) && store_path != NULL);

  if (stats == NULL)
    stats = &local_stats;
  *stats = (DubanOutboxStats) { 0 };

  if (!(store = duban_store_open (store_path, error)))
    return FALSE;
  if (!duban_orders_requeue_unacknowledged (store, NULL, error))
    return FALSE;
  if (!(due = load_due (store, duban_time_now (), now, error)))
    return FALSE;

  for (guint i = 0; i < due->len; i++)
    {
      const OutboxEntry *entry = g_ptr_array_index (due, i);
      g_autoptr(GError) send_error = NULL;
      g_autofree char *message = NULL;
      g_autofree char *last_error = NULL;
      gint64 retry_after = -1;
      Outcome outcome;
      guint status;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (entry->path == NULL)
        {
          if (!postpone (store, entry, OUTCOME_REFUSED, -1,
                         entry->unsendable != NULL ? entry->unsendable->message : "", error))
            return FALSE;
          stats->refused++;
          continue;
        }

      status = send_entry (client, entry, now, &retry_after, &message, cancellable, &send_error);
      if (g_error_matches (send_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&send_error));
          return FALSE;
        }

      if (status == 200 || status == 201)
        {
          if (!settle (store, entry, error))
            return FALSE;
          stats->delivered++;
          continue;
        }

      if (send_error != NULL)
        {
          last_error = g_strdup (send_error->message);
          outcome = OUTCOME_TRANSIENT;
        }
      else if (status == 401)
        {
          last_error = g_strdup_printf (_("The platform did not accept the token (401%s%s); the order waits for a new token"),
                                        message != NULL ? ": " : "", message != NULL ? message : "");
          outcome = OUTCOME_UNAUTHORIZED;
        }
      else
        {
          last_error = g_strdup_printf (_("The platform answered %u%s%s"), status,
                                        message != NULL ? ": " : "", message != NULL ? message : "");
          outcome = is_transient (status) ? OUTCOME_TRANSIENT : OUTCOME_REFUSED;
        }

      g_debug ("order %s: %s; kept for a later try", entry->client_id, last_error);
      if (!postpone (store, entry, outcome, retry_after, last_error, error))
        return FALSE;
      stats->refused += outcome == OUTCOME_REFUSED;

      /* every order after it would be sent with the same token */
      if (outcome == OUTCOME_UNAUTHORIZED)
        {
          stats->unauthorized = TRUE;
          break;
        }
      /* after six tries at an unreachable platform, every other order
       * would take as long to fail */
      if (now && send_error != NULL)
        break;
    }

  stats->waiting = count_waiting (store, NULL);
  return TRUE;
}

gboolean
duban_outbox_flush (DubanFeedClient   *client,
                    const char        *store_path,
                    DubanOutboxStats  *stats,
                    GCancellable      *cancellable,
                    GError           **error)
{
  g_return_val_if_fail (DUBAN_IS_FEED_CLIENT (client), FALSE);
  g_return_val_if_fail (store_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return flush (client, store_path, FALSE, stats, cancellable, error);
}

gboolean
duban_outbox_deliver_now (DubanFeedClient   *client,
                          const char        *store_path,
                          DubanOutboxStats  *stats,
                          GCancellable      *cancellable,
                          GError           **error)
{
  g_return_val_if_fail (DUBAN_IS_FEED_CLIENT (client), FALSE);
  g_return_val_if_fail (store_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return flush (client, store_path, TRUE, stats, cancellable, error);
}

/* ---- the list ------------------------------------------------------- */

void
duban_outbox_item_free (DubanOutboxItem *item)
{
  if (item == NULL)
    return;

  g_free (item->client_id);
  g_free (item->ticket_id);
  g_free (item->last_error);
  g_free (item);
}

GPtrArray *
duban_outbox_list (DubanStore  *store,
                   GError     **error)
{
  g_autoptr(GPtrArray) items = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* From the orders, not the outbox: an order an earlier version took out
   * of the outbox is not acknowledged either, and is listed (with no
   * attempts) until the next run queues it again. */
  if (!(stmt = duban_store_prepare (store,
                                    "SELECT s.client_id, s.ticket_id, s.level, s.delivery_state,"
                                    " coalesce(o.attempts, 0), o.next_attempt_at, s.last_error"
                                    " FROM supervision_orders s LEFT JOIN outbox o ON o.client_id = s.client_id"
                                    " WHERE s.delivery_state <> 'delivered'"
                                    " ORDER BY s.issued_at, s.client_id", error)))
    return NULL;

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_outbox_item_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DubanOutboxItem *item = g_new0 (DubanOutboxItem, 1);
      g_autofree char *level = duban_store_column_text (stmt, 2);
      g_autofree char *state = duban_store_column_text (stmt, 3);

      item->client_id = duban_store_column_text (stmt, 0);
      item->ticket_id = duban_store_column_text (stmt, 1);
      if (!duban_order_level_from_wire (level, &item->level))
        item->level = DUBAN_ORDER_NOTICE;
      item->delivery = g_strcmp0 (state, "refused") == 0 ? DUBAN_DELIVERY_REFUSED : DUBAN_DELIVERY_PENDING;
      item->attempts = sqlite3_column_int64 (stmt, 4);
      item->next_attempt_at = duban_store_column_time (stmt, 5);
      item->last_error = duban_store_column_text (stmt, 6);
      g_ptr_array_add (items, item);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      duban_store_set_sqlite_error (store, error, "list the outbox");
      return NULL;
    }

  return g_steal_pointer (&items);
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
