/* duban-orders.c — supervision orders (督办单) issued from the desk
 *
 * The order row, its outbox entry and its audit row go in one IMMEDIATE
 * transaction: a crash before COMMIT leaves none of them, a crash after
 * leaves all three, and the outbox's UNIQUE client_id means the order is
 * queued exactly once however often it is looked at again.
 */
#define G_LOG_DOMAIN "duban-orders"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "duban-orders.h"
#include "duban-store-private.h"

static const char * const delivery_wire[] = {
  [DUBAN_DELIVERY_PENDING]   = "pending",
  [DUBAN_DELIVERY_DELIVERED] = "delivered",
  [DUBAN_DELIVERY_REFUSED]   = "refused",
};

void
duban_order_free (DubanOrder *order)
{
  if (order == NULL)
    return;

  g_free (order->client_id);
  g_free (order->ticket_id);
  g_free (order->note);
  g_free (order->issued_by);
  g_free (order->last_error);
  g_free (order);
}

const char *
duban_delivery_state_to_wire (DubanDeliveryState state)
{
  g_return_val_if_fail (state <= DUBAN_DELIVERY_REFUSED, NULL);

  return delivery_wire[state];
}

static gboolean
delivery_state_from_wire (const char         *wire,
                          DubanDeliveryState *state)
{
  g_assert (state != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (delivery_wire); i++)
    if (g_strcmp0 (wire, delivery_wire[i]) == 0)
      {
        *state = i;
        return TRUE;
      }

  return FALSE;
}

const char *
duban_delivery_state_to_display (DubanDeliveryState state)
{
  switch (state)
    {
    case DUBAN_DELIVERY_PENDING:   return C_("order delivery", "Waiting to be sent");
    case DUBAN_DELIVERY_DELIVERED: return C_("order delivery", "Delivered");
    case DUBAN_DELIVERY_REFUSED:   return C_("order delivery", "Not accepted by the platform, kept");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
duban_orders_issuer_name (void)
{
  const char *real = g_get_real_name ();

  /* GLib answers "Unknown" when the account has no full name. */
  if (real != NULL && real[0] != '\0' && g_strcmp0 (real, "Unknown") != 0)
    return real;

  return g_get_user_name ();
}

static char *
build_payload (const DubanOrder *order)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *respond_by = NULL;
  g_autofree char *issued_at = NULL;

  g_assert (order != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "client_id");
  json_builder_add_string_value (builder, order->client_id);
  json_builder_set_member_name (builder, "level");
  json_builder_add_string_value (builder, duban_order_level_to_wire (order->level));
  json_builder_set_member_name (builder, "note");
  json_builder_add_string_value (builder, order->note);
  json_builder_set_member_name (builder, "respond_by");
  if (order->respond_by != DUBAN_TIME_NONE)
    {
      respond_by = duban_time_format_rfc3339 (order->respond_by);
      json_builder_add_string_value (builder, respond_by);
    }
  else
    {
      json_builder_add_null_value (builder);
    }
  json_builder_set_member_name (builder, "issued_by");
  json_builder_add_string_value (builder, order->issued_by);
  json_builder_set_member_name (builder, "issued_at");
  issued_at = duban_time_format_rfc3339 (order->issued_at);
  json_builder_add_string_value (builder, issued_at);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

char *
duban_orders_delivery_path (const char  *ticket_id,
                            GError     **error)
{
  g_autofree char *segment = NULL;

  g_return_val_if_fail (ticket_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* "." and ".." are dot segments (RFC 3986 §5.2.4): resolved away, so
   * "/tickets/../supervisions" is "/supervisions". Escaping does not
   * save them: %2E is an unreserved character's escape, which GUri (and
   * so libsoup), like most servers, decodes before removing dot segments.
   * No URL names such a ticket; the order is not sent. */
  if (ticket_id[0] == '\0' || g_str_equal (ticket_id, ".") || g_str_equal (ticket_id, ".."))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The ticket id “%s” cannot be sent to the platform as a path segment"), ticket_id);
      return NULL;
    }

  /* Every byte but the unreserved ones is escaped, so a slash, a '?', a
   * '#', a '%' or a space stays inside the one segment. */
  segment = g_uri_escape_string (ticket_id, NULL, FALSE);
  return g_strdup_printf ("/api/v1/tickets/%s/supervisions", segment);
}

static gboolean
insert_order (DubanStore        *store,
              const DubanOrder  *order,
              const char        *payload,
              GError           **error)
{
  g_autofree char *path = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_assert (DUBAN_IS_STORE (store));

  /* Inside the transaction: the ticket cannot go between the look and
   * the order. An order for a ticket the desk never had would be sent to
   * a path made of whatever id the caller typed. */
  if (!(stmt = duban_store_prepare (store, "SELECT 1 FROM tickets WHERE id = ?1", error)))
    return FALSE;
  duban_store_bind_text (stmt, 1, order->ticket_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, DUBAN_STORE_ERROR, DUBAN_STORE_ERROR_NOT_FOUND,
                   _("No ticket %s in the store: an order is issued only for a stored ticket"),
                   order->ticket_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return duban_store_set_sqlite_error (store, error, "look up the ordered ticket");

  if (!(stmt = duban_store_prepare (store,
                                    "INSERT INTO supervision_orders"
                                    " (client_id, ticket_id, level, note, respond_by, issued_by, issued_at, delivery_state)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending')", error)))
    return FALSE;
  duban_store_bind_text (stmt, 1, order->client_id);
  duban_store_bind_text (stmt, 2, order->ticket_id);
  duban_store_bind_text (stmt, 3, duban_order_level_to_wire (order->level));
  duban_store_bind_text (stmt, 4, order->note);
  duban_store_bind_time (stmt, 5, order->respond_by);
  duban_store_bind_text (stmt, 6, order->issued_by);
  duban_store_bind_time (stmt, 7, order->issued_at);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (store, error, "save supervision order");

  if (!(path = duban_orders_delivery_path (order->ticket_id, error)))
    return FALSE;

  if (!(stmt = duban_store_prepare (store,
                                    "INSERT INTO outbox (client_id, method, path, payload, attempts, next_attempt_at, created_at)"
                                    " VALUES (?1, 'POST', ?2, ?3, 0, ?4, ?4)", error)))
    return FALSE;
  duban_store_bind_text (stmt, 1, order->client_id);
  duban_store_bind_text (stmt, 2, path);
  duban_store_bind_text (stmt, 3, payload);
  duban_store_bind_time (stmt, 4, order->issued_at);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (store, error, "queue supervision order");

  detail = g_strdup_printf ("%s %s", duban_order_level_to_wire (order->level), order->client_id);
  return duban_store_audit (store, "order", order->ticket_id, detail, error);
}

DubanOrder *
duban_orders_issue (DubanStore       *store,
                    const char       *ticket_id,
                    DubanOrderLevel   level,
                    const char       *note,
                    DubanTime         respond_by,
                    GError          **error)
{
  return duban_orders_issue_as (store, ticket_id, level, note, respond_by, NULL, error);
}

DubanOrder *
duban_orders_issue_as (DubanStore       *store,
                       const char       *ticket_id,
                       DubanOrderLevel   level,
                       const char       *note,
                       DubanTime         respond_by,
                       const char       *issued_by,
                       GError          **error)
{
  g_autoptr(DubanOrder) order = NULL;
  g_autofree char *payload = NULL;

  g_return_val_if_fail (DUBAN_IS_STORE (store), NULL);
  g_return_val_if_fail (ticket_id != NULL && ticket_id[0] != '\0', NULL);
  g_return_val_if_fail (level < DUBAN_ORDER_N_LEVELS, NULL);
  g_return_val_if_fail (issued_by == NULL || issued_by[0] != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  order = g_new0 (DubanOrder, 1);
  order->client_id = g_uuid_string_random ();
  order->ticket_id = g_strdup (ticket_id);
  order->level = level;
  order->note = g_strdup (note != NULL ? note : "");
  order->respond_by = respond_by;
  order->issued_by = g_strdup (issued_by != NULL ? issued_by : duban_orders_issuer_name ());
  /* Whole seconds: the payload's RFC 3339 text and the stored integer
   * must name the same instant. */
  order->issued_at = duban_time_now () / DUBAN_USEC_PER_SECOND * DUBAN_USEC_PER_SECOND;
  order->delivery = DUBAN_DELIVERY_PENDING;
  order->delivered_at = DUBAN_TIME_NONE;

  payload = build_payload (order);

  if (!duban_store_begin (store, error))
    return NULL;

  if (!insert_order (store, order, payload, error) ||
      !duban_store_commit (store, error))
    {
      duban_store_rollback (store);
      return NULL;
    }

  return g_steal_pointer (&order);
}

static gint64
count_unqueued (DubanStore  *store,
                GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 count;
  int rc;

  if (!(stmt = duban_store_prepare (store,
                                    "SELECT count(*) FROM supervision_orders WHERE delivery_state <> 'delivered'"
                                    " AND client_id NOT IN (SELECT client_id FROM outbox)", error)))
    return -1;
  rc = sqlite3_step (stmt);
  count = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
  sqlite3_reset (stmt);
  if (count < 0)
    duban_store_set_sqlite_error (store, error, "count the orders not in the outbox");
  return count;
}

gboolean
duban_orders_requeue_unacknowledged (DubanStore  *store,
                                     guint       *requeued,
                                     GError     **error)
{
  g_autoptr(GPtrArray) orders = NULL;
  gint64 missing;
  guint added = 0;

  g_return_val_if_fail (DUBAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (requeued != NULL)
    *requeued = 0;
  /* the common case, every unacknowledged order queued, costs one count */
  if ((missing = count_unqueued (store, error)) < 0)
    return FALSE;
  if (missing == 0)
    return TRUE;

  if (!duban_store_begin (store, error))
    return FALSE;
  if (!(orders = duban_orders_list (store, NULL, error)))
    goto rollback;

  for (guint i = 0; i < orders->len; i++)
    {
      const DubanOrder *order = g_ptr_array_index (orders, i);
      g_autofree char *payload = NULL;
      g_autofree char *path = NULL;
      sqlite3_stmt *stmt;
      int rc;

      if (order->delivery == DUBAN_DELIVERY_DELIVERED)
        continue;

      payload = build_payload (order);
      if (!(path = duban_orders_delivery_path (order->ticket_id, error)))
    return FALSE;
      /* OR IGNORE: the ones still queued keep their row and back-off */
      if (!(stmt = duban_store_prepare (store,
                                        "INSERT OR IGNORE INTO outbox (client_id, method, path, payload, attempts, next_attempt_at, created_at)"
                                        " VALUES (?1, 'POST', ?2, ?3, 0, NULL, ?4)", error)))
        goto rollback;
      duban_store_bind_text (stmt, 1, order->client_id);
      duban_store_bind_text (stmt, 2, path);
      duban_store_bind_text (stmt, 3, payload);
      duban_store_bind_time (stmt, 4, order->issued_at);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        added += sqlite3_changes (sqlite3_db_handle (stmt)) > 0;
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          duban_store_set_sqlite_error (store, error, "queue the order again");
          goto rollback;
        }
    }

  if (added > 0 && !duban_store_audit (store, "order_requeued", NULL, NULL, error))
    goto rollback;
  if (!duban_store_commit (store, error))
    goto rollback;
  if (requeued != NULL)
    *requeued = added;
  return TRUE;

rollback:
  duban_store_rollback (store);
  return FALSE;
}

GPtrArray *
duban_orders_list (DubanStore  *store,
                   const char  *ticket_id,
                   GError     **error)
{
  g_autoptr(GPtrArray) orders = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DUBAN_IS_STORE (store), NULL);

  /* Two literal statements rather than one built from the arguments. */
  if (ticket_id == NULL)
    stmt = duban_store_prepare (store,
                                "SELECT client_id, ticket_id, level, note, respond_by, issued_by, issued_at,"
                                " delivery_state, delivered_at, last_error"
                                " FROM supervision_orders ORDER BY issued_at DESC, client_id", error);
  else
    stmt = duban_store_prepare (store,
                                "SELECT client_id, ticket_id, level, note, respond_by, issued_by, issued_at,"
                                " delivery_state, delivered_at, last_error"
                                " FROM supervision_orders WHERE ticket_id = ?1"
                                " ORDER BY issued_at DESC, client_id", error);
  if (stmt == NULL)
    return NULL;
  if (ticket_id != NULL)
    duban_store_bind_text (stmt, 1, ticket_id);

  orders = g_ptr_array_new_with_free_func ((GDestroyNotify)duban_order_free);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DubanOrder *order = g_new0 (DubanOrder, 1);
      g_autofree char *level = duban_store_column_text (stmt, 2);
      g_autofree char *delivery = duban_store_column_text (stmt, 7);

      order->client_id = duban_store_column_text (stmt, 0);
      order->ticket_id = duban_store_column_text (stmt, 1);
      if (!duban_order_level_from_wire (level, &order->level))
        order->level = DUBAN_ORDER_NOTICE;
      order->note = duban_store_column_text (stmt, 3);
      order->respond_by = duban_store_column_time (stmt, 4);
      order->issued_by = duban_store_column_text (stmt, 5);
      order->issued_at = duban_store_column_time (stmt, 6);
      if (!delivery_state_from_wire (delivery, &order->delivery))
        order->delivery = DUBAN_DELIVERY_PENDING;
      order->delivered_at = duban_store_column_time (stmt, 8);
      order->last_error = duban_store_column_text (stmt, 9);
      if (order->note == NULL)
        order->note = g_strdup ("");

      g_ptr_array_add (orders, order);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      duban_store_set_sqlite_error (store, error, "list supervision orders");
      return NULL;
    }

  return g_steal_pointer (&orders);
}

DubanOrder *
duban_orders_get (DubanStore  *store,
                  const char  *client_id,
                  GError     **error)
{
  g_autoptr(GPtrArray) all = NULL;

  g_return_val_if_fail (DUBAN_IS_STORE (store), NULL);
  g_return_val_if_fail (client_id != NULL, NULL);

  /* Orders are few (a handful a day); the list is the one reader. */
  if (!(all = duban_orders_list (store, NULL, error)))
    return NULL;

  for (guint i = 0; i < all->len; i++)
    {
      DubanOrder *order = g_ptr_array_index (all, i);

      if (g_strcmp0 (order->client_id, client_id) == 0)
        return g_ptr_array_steal_index (all, i);
    }

  g_set_error (error, DUBAN_STORE_ERROR, DUBAN_STORE_ERROR_NOT_FOUND,
               "no supervision order %s", client_id);
  return NULL;
}

gboolean
duban_order_unit_has_acted (const DubanOrder  *order,
                            const DubanTicket *ticket)
{
  g_return_val_if_fail (order != NULL, FALSE);

  if (ticket == NULL)
    return FALSE;

  /* Any of these after the order means the unit moved: the platform bumps
   * updated_at on every change the unit makes. */
  return (ticket->updated_at != DUBAN_TIME_NONE && ticket->updated_at > order->issued_at) ||
         (ticket->first_contact_at != DUBAN_TIME_NONE && ticket->first_contact_at > order->issued_at) ||
         (ticket->resolved_at != DUBAN_TIME_NONE && ticket->resolved_at > order->issued_at);
}
