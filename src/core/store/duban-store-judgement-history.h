/* duban-store-judgement-history.h — the 研判's history, kept in the store
 *
 * What each ticket leaves in the hotspots' and themes' cells and in its
 * unit's late-risk curve, worked out once (src/core/analysis/
 * duban-judgement-history.c) and kept as one compact row per ticket, so
 * that a bulletin reads a year of rows of numbers instead of judging a
 * year of tickets. The store only keeps the rows: what goes in them is
 * the analysis room's. A row is good while its ticket is unchanged and
 * the calendar, the policy and the region tree are the ones it was
 * worked out with (the stamp): every write of a ticket drops its row and
 * marks it (triggers, schema 9), a new stamp marks every ticket.
 */
#pragma once

#include "duban-store.h"

G_BEGIN_DECLS

/* A ticket read with its row in the tickets' table. */
typedef void (*DubanTicketRowFunc) (DubanTicket *ticket,
                                    gint64       row,
                                    gpointer     user_data);

/* Never settled: the ticket is judged from itself at every moment. */
#define DUBAN_JUDGEMENT_NEVER_SETTLED G_MAXINT64

typedef struct {
  /* from this moment on, the ticket's judgement no longer changes (it is
   * done and nothing of it lies later); DUBAN_JUDGEMENT_NEVER_SETTLED */
  DubanTime settled_at;
  DubanTime received_at;
  /* ids in judgement_names; 0 for none: no category (or cancelled: not
   * counted in any cell), not placed at that level, no observation */
  gint64    category;
  gint64    town, village, grid;
  gint64    stratum;
  gboolean  urgent;
  double    share;
  gboolean  event;
} DubanJudgementHistoryRow;

typedef void (*DubanJudgementHistoryFunc) (gint64                          row,
                                           const DubanJudgementHistoryRow *history,
                                           gpointer                        user_data);

/* Begins bringing the history up to date, in a write transaction: when
 * the stored stamp is not @stamp (or @rebuild), every row is dropped and
 * every ticket marked. *@fallback_years (out, may be NULL) gets the
 * calendar years the rows were worked out on without a table, "2024,2027". */
gboolean   duban_store_judgement_history_begin  (DubanStore   *self,
                                                 const char   *stamp,
                                                 gboolean      rebuild,
                                                 char        **fallback_years,
                                                 GError      **error);
/* The names the rows refer to, by id (pdata[0] NULL), and a new one's id,
 * inside the transaction above. */
GPtrArray *duban_store_judgement_names          (DubanStore   *self,
                                                 GError      **error);
gint64     duban_store_judgement_name_add       (DubanStore   *self,
                                                 const char   *name,
                                                 GError      **error);
/* Each marked ticket, lean (no words), with its row. */
gboolean   duban_store_foreach_marked_ticket    (DubanStore          *self,
                                                 DubanTicketRowFunc   func,
                                                 gpointer             user_data,
                                                 GError             **error);
gboolean   duban_store_judgement_history_put    (DubanStore                     *self,
                                                 gint64                          row,
                                                 const DubanJudgementHistoryRow *history,
                                                 GError                        **error);
/* Ends it: the marks cleared, and commits when every ticket has its row
 * (*@whole TRUE). Else, or on an error, rolls back. */
gboolean   duban_store_judgement_history_end    (DubanStore   *self,
                                                 const char   *fallback_years,
                                                 gboolean     *whole,
                                                 GError      **error);
void       duban_store_judgement_history_abort  (DubanStore   *self);

/* A read of the rows and the tickets they leave out, at one moment of
 * the store: between these two, no sync commit is seen half (a ticket
 * written meanwhile would lose its row and not yet be read live). */
gboolean   duban_store_judgement_history_read_begin (DubanStore  *self,
                                                     GError     **error);
void       duban_store_judgement_history_read_end   (DubanStore  *self);

/* Whether the history is up to date with @stamp: nothing marked; and
 * (may be NULL) the calendar years its rows were worked out on without
 * a table, as duban_store_judgement_history_begin() gives them, and how
 * many times it was brought up to date (two reads in transactions that
 * both find it current at one generation saw the same tickets). */
gboolean   duban_store_judgement_history_is_current (DubanStore  *self,
                                                     const char  *stamp,
                                                     gboolean    *current,
                                                     char       **fallback_years,
                                                     gint64      *generation,
                                                     GError     **error);

/* Each row settled at or before @at whose ticket was not received in
 * [@skip_from, @skip_to), in the order of the tickets' rows. */
gboolean   duban_store_foreach_judgement_history (DubanStore                 *self,
                                                  DubanTime                   at,
                                                  DubanTime                   skip_from,
                                                  DubanTime                   skip_to,
                                                  DubanJudgementHistoryFunc   func,
                                                  gpointer                    user_data,
                                                  GError                    **error);
/* What the rows above leave out, lean, in the order of their rows: the
 * tickets received in [@words_from, @words_to) (with their words), those
 * not settled by @at, and those whose ids are in @ids_json (a JSON array
 * of strings, or NULL). */
gboolean   duban_store_foreach_ticket_for_judgement_live (DubanStore          *self,
                                                          DubanTime            words_from,
                                                          DubanTime            words_to,
                                                          DubanTime            at,
                                                          const char          *ids_json,
                                                          DubanTicketRowFunc   func,
                                                          gpointer             user_data,
                                                          GError             **error);
/* The rows of the tickets whose ids are in @ids_json (a JSON array of
 * strings), added to @rows (a set of rows in pointers). */
gboolean   duban_store_ticket_rows_of_ids       (DubanStore   *self,
                                                 const char   *ids_json,
                                                 GHashTable   *rows,
                                                 GError      **error);
/* The ids of the tickets at @rows (gint64), added to @ids (char*, owned). */
gboolean   duban_store_ticket_ids_of_rows       (DubanStore   *self,
                                                 GArray       *rows,
                                                 GPtrArray    *ids,
                                                 GError      **error);

G_END_DECLS
