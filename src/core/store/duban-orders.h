/* duban-orders.h — supervision orders (督办单) issued from the desk
 *
 * An order is saved locally at once, with its outbox entry and its audit
 * row, in one transaction: once duban_orders_issue() returns, a crash
 * cannot lose it. Delivery to the platform is the outbox's work
 * (duban-outbox.h), idempotent by client_id.
 */
#pragma once

#include "duban-store.h"

G_BEGIN_DECLS

/* DubanOrderLevel and its names are the contract's: wire/duban-supervision.h */

typedef enum {
  DUBAN_DELIVERY_PENDING,     /* in the outbox, not yet acknowledged (or waiting for a new token after a 401) */
  DUBAN_DELIVERY_DELIVERED,   /* the platform answered 201 or 200 */
  DUBAN_DELIVERY_REFUSED,     /* the platform's last answer was not an acknowledgement nor a failure
                               * that passes (a 4xx, a 202 …): still in the outbox, with its error,
                               * for a person to look at */
} DubanDeliveryState;

typedef struct {
  char               *client_id;     /* a UUID, the idempotency key */
  char               *ticket_id;
  DubanOrderLevel     level;
  char               *note;
  DubanTime           respond_by;
  char               *issued_by;
  DubanTime           issued_at;
  DubanDeliveryState  delivery;
  DubanTime           delivered_at;  /* NONE until delivered */
  char               *last_error;    /* the last delivery failure, or NULL */
} DubanOrder;

void          duban_order_free             (DubanOrder *order);

const char   *duban_delivery_state_to_wire    (DubanDeliveryState state);
const char   *duban_delivery_state_to_display (DubanDeliveryState state);

/* Saves the order, queues it in the outbox and writes the audit row, in
 * one transaction. Returns the new order (its client_id set). The ticket
 * must be in the store (DUBAN_STORE_ERROR_NOT_FOUND otherwise). */
DubanOrder   *duban_orders_issue           (DubanStore      *store,
                                            const char      *ticket_id,
                                            DubanOrderLevel  level,
                                            const char      *note,
                                            DubanTime        respond_by,
                                            GError         **error);
/* The same, in the name of @issued_by (NULL: duban_orders_issuer_name),
 * for `duban-ctl order --issued-by`. */
DubanOrder   *duban_orders_issue_as        (DubanStore      *store,
                                            const char      *ticket_id,
                                            DubanOrderLevel  level,
                                            const char      *note,
                                            DubanTime        respond_by,
                                            const char      *issued_by,
                                            GError         **error);
/* "/api/v1/tickets/{id}/supervisions", the id one percent-encoded path
 * segment whatever it holds ("/", "?", "%", spaces). NULL with an error
 * for "", "." and "..", which no URL can name (dot segments). */
char         *duban_orders_delivery_path   (const char      *ticket_id,
                                            GError         **error);
/* Puts back in the outbox every order not acknowledged that has no
 * outbox row: earlier versions took an order out for good when the
 * platform refused it, or answered 401 or 202. Cheap when there is none. */
gboolean      duban_orders_requeue_unacknowledged (DubanStore  *store,
                                                   guint       *requeued,
                                                   GError     **error);
/* All orders (or a ticket's), newest first. DubanOrder* */
GPtrArray    *duban_orders_list            (DubanStore      *store,
                                            const char      *ticket_id,
                                            GError         **error);

/* One order by its client_id; DUBAN_STORE_ERROR_NOT_FOUND when none. */
DubanOrder   *duban_orders_get             (DubanStore      *store,
                                            const char      *client_id,
                                            GError         **error);
/* The name written as the issuer: the account's full name, else its login. */
const char   *duban_orders_issuer_name     (void);
/* Whether the ticket (as now stored) changed after the order was issued:
 * updated, first contact or resolution later than issued_at. */
gboolean      duban_order_unit_has_acted   (const DubanOrder  *order,
                                            const DubanTicket *ticket);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanOrder, duban_order_free)

G_END_DECLS
