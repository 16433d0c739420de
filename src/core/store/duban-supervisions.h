/* duban-supervisions.h — the orders the platform says a ticket carries
 *
 * Every order any workstation issued, with the unit's reply, as the
 * platform last sent it (docs/feed-api.md, "Ticket", `supervisions`).
 * They are the platform's record, replaced whole with each copy of the
 * ticket the sync keeps; the desk's own orders (duban-orders.h) are kept
 * apart, since they exist before the platform has them.
 */
#pragma once

#include "duban-store.h"

G_BEGIN_DECLS

/* Replaces the stored orders of @ticket with its own; a ticket without
 * any leaves those stored (docs/feed-api.md says why). Called by duban_store_upsert_ticket() inside
 * the page's transaction. */
gboolean  duban_supervisions_save   (DubanStore         *store,
                                     const DubanTicket  *ticket,
                                     GError            **error);
/* Sets each ticket's supervisions from the store (@tickets: DubanTicket*),
 * one read of the whole table: orders are few beside tickets. */
gboolean  duban_supervisions_attach (DubanStore         *store,
                                     GPtrArray          *tickets,
                                     GError            **error);

G_END_DECLS
