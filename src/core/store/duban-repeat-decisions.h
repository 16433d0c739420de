/* duban-repeat-decisions.h — a supervisor's word on a proposed repeat group
 *
 * The repeat detector (analysis/duban-repeats.c) only proposes: that five
 * tickets are one matter badly handled is for a supervisor to say. This
 * keeps what they said about each proposed group — confirmed (one matter)
 * or rejected (separate matters) — with who said it and when, each
 * decision audited, so that the 研判 page stops proposing what was
 * rejected and the counts take a confirmed group as one matter.
 */
#pragma once

#include "duban-store.h"

G_BEGIN_DECLS

/* The action written to audit_log.action for a decision. */
#define DUBAN_AUDIT_REPEAT_DECISION "repeat_decision"

typedef enum {
  DUBAN_REPEAT_CONFIRMED,     /* the tickets are one matter */
  DUBAN_REPEAT_REJECTED,      /* they are separate matters */
} DubanRepeatDecisionKind;

const char *duban_repeat_decision_kind_to_wire   (DubanRepeatDecisionKind  kind);  /* "confirmed" … */
gboolean    duban_repeat_decision_kind_from_wire (const char              *wire,
                                                  DubanRepeatDecisionKind *out);

typedef struct {
  char                    *key;          /* the ids sorted, joined by ',' */
  GStrv                    ticket_ids;   /* as given when decided (oldest first) */
  DubanRepeatDecisionKind  kind;
  char                    *decided_by;
  DubanTime                decided_at;
} DubanRepeatDecision;

void        duban_repeat_decision_free    (DubanRepeatDecision *decision);

/* The key a set of tickets is decided under: the ids sorted, joined by
 * ','. A group that has grown since it was decided is another group. */
char       *duban_repeat_decision_key     (const char * const  *ticket_ids,
                                           guint                n_ids);

/* Records the decision on the group of @ticket_ids (at least two, no
 * comma in an id), replacing an earlier one on the same group, and its
 * audit row, in one transaction. */
gboolean    duban_repeat_decision_set     (DubanStore               *store,
                                           const char * const       *ticket_ids,
                                           guint                     n_ids,
                                           DubanRepeatDecisionKind   kind,
                                           GError                  **error);

/* Every decision, oldest first: DubanRepeatDecision*. */
GPtrArray  *duban_repeat_decisions_list   (DubanStore               *store,
                                           GError                  **error);

/* The decision on the group @key among @decisions, or NULL. */
const DubanRepeatDecision *
            duban_repeat_decisions_lookup (GPtrArray                *decisions,
                                           const char               *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanRepeatDecision, duban_repeat_decision_free)

G_END_DECLS
