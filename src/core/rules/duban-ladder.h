/* duban-ladder.h — the escalation ladder (提醒 → 黄牌 → 红牌 → 通报)
 *
 * The center presses a unit by rule, not by mood: each rung of the
 * ladder has conditions (how late, how often extended, how often the
 * matter was rated unsatisfied, how often it was complained about), and
 * an order whose reply is late climbs one rung by itself. For one ticket
 * at a moment this says the next step, with the reason a person reads
 * ("超期 2.5 个工作日，已黄牌 1 次，未回复"). The rules and their defaults
 * are in docs/sla-rules.md, "The escalation ladder".
 */
#pragma once

#include "duban-sla.h"
#include "duban-supervision.h"

G_BEGIN_DECLS

/* One rung's conditions: any one that holds puts a ticket on the rung.
 * A negative number (or 0 for a count) turns a condition off. */
typedef struct {
  gboolean warning;                /* 预警, or the first contact overdue (未联系) */
  double   overdue_hours;          /* urgent tickets: overdue by at least this many hours */
  double   overdue_working_days;   /* normal tickets: … working days */
  int      extensions;             /* extended at least this many times */
  int      unsatisfied;            /* the matter rated 不满意 at least this many times */
  int      repeats;                /* at least this many tickets on the same matter */
} DubanLadderRung;

typedef struct {
  DubanLadderRung rungs[DUBAN_ORDER_N_LEVELS];
  /* an order whose reply deadline passed without a reply puts the ticket
   * one rung above that order */
  gboolean        climb_on_late_reply;
} DubanLadderPolicy;

/* The defaults of docs/sla-rules.md. */
void duban_ladder_policy_init_defaults (DubanLadderPolicy *policy);

/* What the ladder knows of one ticket besides its state. */
typedef struct {
  const DubanTicket    *ticket;
  const DubanSlaStatus *status;
  /* every order for the ticket (DubanSupervision*): the platform's, and
   * the desk's own the platform does not have yet; NULL for none */
  GPtrArray            *orders;
  guint                 matter_tickets;       /* tickets on the same matter, this one included */
  guint                 matter_unsatisfied;   /* of them, rated 不满意 */
} DubanLadderFacts;

/* Why a ticket stands on a rung (flags). */
typedef enum {
  DUBAN_LADDER_WHY_WARNING     = 1 << 0,
  DUBAN_LADDER_WHY_OVERDUE     = 1 << 1,
  DUBAN_LADDER_WHY_EXTENSIONS  = 1 << 2,
  DUBAN_LADDER_WHY_UNSATISFIED = 1 << 3,
  DUBAN_LADDER_WHY_REPEATS     = 1 << 4,
  DUBAN_LADDER_WHY_LATE_REPLY  = 1 << 5,
} DubanLadderWhy;

/* The state of the replies to a ticket's orders. */
typedef enum {
  DUBAN_REPLY_NONE,      /* no order */
  DUBAN_REPLY_DUE,       /* the latest order awaits its reply, in time */
  DUBAN_REPLY_REPLIED,   /* the latest order was answered in time */
  DUBAN_REPLY_OVERDUE,   /* an order's reply deadline passed without a reply, or it came late */
} DubanReplyState;

typedef struct {
  gboolean         proposed;       /* there is a next step */
  gboolean         dismissed;      /* there was, and a supervisor dismissed it (set by the caller) */
  DubanOrderLevel  level;          /* the step proposed (when proposed) */
  DubanLadderWhy   why;            /* the conditions that hold on that step */
  gboolean         has_orders;
  DubanOrderLevel  highest;        /* the highest order issued (when has_orders) */
  guint            issued[DUBAN_ORDER_N_LEVELS];   /* orders at each level */
  DubanReplyState  reply;
  char            *reason;         /* for a person, translated; NULL when not proposed */
} DubanLadderProposal;

void     duban_ladder_proposal_clear (DubanLadderProposal *proposal);

/* The rung @facts put the ticket on by the conditions alone (-1 for
 * none), and why. Open tickets only: a done or cancelled ticket stands
 * on no rung. */
int      duban_ladder_rung_for      (const DubanLadderPolicy *policy,
                                     const DubanLadderFacts  *facts,
                                     DubanLadderWhy          *why);
/* The next step for the ticket at @at: the higher of its rung and one
 * above an order whose reply is late, proposed only when it is above
 * every order already issued — a unit is not pressed twice at the same
 * rung for the same thing. Fill @out, which the caller clears. */
void     duban_ladder_propose       (const DubanLadderPolicy *policy,
                                     const DubanLadderFacts  *facts,
                                     DubanTime                at,
                                     DubanLadderProposal     *out);
/* The replies' state at @at for a ticket's orders (DubanSupervision*). */
DubanReplyState duban_ladder_reply_state (GPtrArray *orders,
                                          DubanTime  at);
const char *duban_reply_state_to_display (DubanReplyState state);   /* 待回复 / 已回复 / 回复超期 */

G_END_DECLS
