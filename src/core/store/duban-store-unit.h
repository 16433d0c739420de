/* duban-store-unit.h — one unit's tickets, for its page (单位画像)
 *
 * A unit's page lists titles, so it reads the unit's tickets whole; but
 * only those it shows, by the unit's index (tickets_by_unit), never
 * every ticket of the county: docs/sla-rules.md, "A page per unit".
 */
#pragma once

#include "duban-store.h"

G_BEGIN_DECLS

/* @unit_code's tickets, whole (supervisions attached), ordered by id:
 * those received in [@from, @at], those open at @at (received by then,
 * neither cancelled nor resolved by then), those linking a repeat
 * (repeat_of), and those the platform's or this desk's orders name. NULL
 * and @error if the store cannot be read. */
GPtrArray *duban_store_load_unit_tickets (DubanStore  *self,
                                          const char  *unit_code,
                                          DubanTime    from,
                                          DubanTime    at,
                                          GError     **error);

/* Whether any ticket was ever @unit_code's (an index probe); FALSE with
 * @error if the store cannot be read. */
gboolean   duban_store_has_unit_tickets  (DubanStore  *self,
                                          const char  *unit_code,
                                          gboolean    *has,
                                          GError     **error);

/* The ids' query, for the tests to read its plan. */
extern const char duban_store_unit_ids_sql[];

G_END_DECLS
