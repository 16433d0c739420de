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
  /* and, link after link, the tickets the scope's repeat_of names and
   * those whose repeat_of names one of the scope's: every ticket of a
   * matter the platform linked, however old (the ladder's repeat
   * complaints). Not with @lean, which has no repeat_of. */
  gboolean                linked;
} DubanTicketScope;

/* A lean ticket carries its id, its enums, times, codes, category, unit
 * name, position and extension (whose reason and measures the SLA checks
 * for blanks); its free text is NULL (title, description, petitioner's
 * name and phone, address, repeat_of) and it has no
 * supervisions. Enough for duban_sla_evaluate() and every figure; never
 * for a list, a screen or a document that prints a ticket. */

/* The tickets of @scope, each once, ordered by id. Element type
 * DubanTicket*, owned by the array. */
GPtrArray *duban_store_load_tickets_scoped (DubanStore             *self,
                                            const DubanTicketScope *scope,
                                            GError                **error);

/* Called with each ticket a read hands over, which the callee owns. */
typedef void (*DubanTicketFunc) (DubanTicket *ticket,
                                 gpointer     user_data);

/* The tickets received in [@from, @at] and those received before and
 * still open at @at (not cancelled nor resolved by then), read lean and
 * one at a time, in no order: a history for curves of how units handle
 * their tickets (analysis/duban-late-risk.c). FALSE and @error if the
 * store cannot be read. */
gboolean   duban_store_foreach_ticket_of_history (DubanStore      *self,
                                                  DubanTime        from,
                                                  DubanTime        at,
                                                  DubanTicketFunc  func,
                                                  gpointer         user_data,
                                                  GError         **error);

/* Every stored ticket, lean and one at a time, in no order, but for
 * those received in [@words_from, @words_to), which keep their title,
 * description, address and repeat_of: what the 研判 of a period weighs —
 * every ticket's times, places, kinds and units for the history, the
 * words only where the detectors compare them (the period's repeat
 * groups). Only the rows [@first_row, @last_row] of the table
 * (duban_store_ticket_rows()), so that two connections can read halves
 * of it; G_MININT64, G_MAXINT64: every row. FALSE and @error if the
 * store cannot be read. */
gboolean   duban_store_foreach_ticket_for_judgement (DubanStore      *self,
                                                     DubanTime        words_from,
                                                     DubanTime        words_to,
                                                     gint64           first_row,
                                                     gint64           last_row,
                                                     DubanTicketFunc  func,
                                                     gpointer         user_data,
                                                     GError         **error);

/* The first and the last row of the tickets' table (rowids; 0 and -1
 * when it is empty). */
gboolean   duban_store_ticket_rows (DubanStore  *self,
                                    gint64      *first_row,
                                    gint64      *last_row,
                                    GError     **error);

/* Gives each of @tickets (DubanTicket*) that was read lean its title,
 * description, address and repeat_of from the store, by id: the few a
 * lean read must name on a page. A ticket no longer stored keeps none. */
gboolean   duban_store_fill_ticket_words (DubanStore  *self,
                                          GPtrArray   *tickets,
                                          GError     **error);

G_END_DECLS
