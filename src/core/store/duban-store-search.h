/* duban-store-search.h — the tickets a search finds, and only those
 *
 * A search in the queue looks at every ticket ever received (a closed
 * one named in a bulletin too). At two million tickets, reading them all
 * whole to keep the few the search finds costs seconds and gigabytes;
 * the store applies the query's own rule (duban_ticket_search_matches())
 * to each row instead, and only the rows it finds are read whole.
 */
#pragma once

#include <gio/gio.h>

#include "duban-store.h"

G_BEGIN_DECLS

/* The ids (char*, owned by the array) of the stored tickets that
 * @search finds, in any state, in no order: exactly those
 * duban_ticket_search_matches() finds, @search first trimmed as a
 * query's (duban_ticket_query_set_search(); a blank one finds none).
 * Every row's id, title, address and description is read, nothing
 * else. NULL and @error on failure, or when @cancellable is
 * cancelled meanwhile (G_IO_ERROR_CANCELLED). */
GPtrArray *duban_store_search_ticket_ids  (DubanStore    *self,
                                           const char    *search,
                                           GCancellable  *cancellable,
                                           GError       **error);

/* Those tickets, whole (their orders' history on the platform
 * attached), ordered by id. */
GPtrArray *duban_store_search_tickets     (DubanStore    *self,
                                           const char    *search,
                                           GCancellable  *cancellable,
                                           GError       **error);

G_END_DECLS
