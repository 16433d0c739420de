/* duban-store-scope.h — reading only the tickets a question needs
 *
 * At two million tickets, a list of what is open now or the figures of
 * one month must not read everything ever received. A scope names the
 * tickets a question needs; the store reads them by its indexes
 * (EXPLAIN QUERY PLAN shows one index range per term, no table scan).
 */
#pragma once

#include "duban-figures-span.h"
#include "duban-store.h"

G_BEGIN_DECLS

typedef struct {
  /* DUBAN_TIME_NONE, or the tickets open at this moment: received by
   * then and neither cancelled nor resolved by then */
  DubanTime               open_at;
  /* NULL, or the tickets that can count in the span's figures */
  const DubanFiguresSpan *span;
  /* NULL, or these tickets too (char* ids) */
  GPtrArray              *ids;
  /* only what the rules judge by (below) */
  gboolean                lean;
} DubanTicketScope;

/* A lean ticket carries its id, its enums, times, codes, unit name,
 * position and extension (whose reason and measures the SLA checks for
 * blanks); its free text is NULL (title, description, category,
 * petitioner's name and phone, address, repeat_of) and it has no
 * supervisions. Enough for duban_sla_evaluate() and every figure; never
 * for a list, a screen or a document that prints a ticket. */

/* The tickets of @scope, each once, ordered by id. Element type
 * DubanTicket*, owned by the array. */
GPtrArray *duban_store_load_tickets_scoped (DubanStore             *self,
                                            const DubanTicketScope *scope,
                                            GError                **error);

G_END_DECLS
