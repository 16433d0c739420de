/* duban-ladder-decisions.h — the ladder's settings and what supervisors
 * did with its proposals
 *
 * The center's ladder (rules/duban-ladder.h) is kept in the store's
 * policy table beside the deadlines, so that the desk and duban-ctl of
 * one store propose by the same rules. A proposal a supervisor accepts,
 * edits or dismisses is written to the audit log; a dismissal is also
 * remembered, so that the queue stops proposing that step for that
 * ticket — until the ladder climbs above it.
 */
#pragma once

#include "duban-ladder.h"
#include "duban-store.h"

G_BEGIN_DECLS

#define DUBAN_AUDIT_LADDER_ACCEPTED  "ladder_accepted"
#define DUBAN_AUDIT_LADDER_EDITED    "ladder_edited"
#define DUBAN_AUDIT_LADDER_DISMISSED "ladder_dismissed"

typedef enum {
  DUBAN_LADDER_ACCEPTED,    /* the order issued as proposed */
  DUBAN_LADDER_EDITED,      /* an order issued, at another level or with another reply deadline */
  DUBAN_LADDER_DISMISSED,   /* no order: the supervisor judged the step not needed */
} DubanLadderDecision;

/* The stored ladder, each key absent taking its default. */
gboolean    duban_ladder_load_policy    (DubanStore               *store,
                                         DubanLadderPolicy        *policy,
                                         GError                  **error);
gboolean    duban_ladder_save_policy    (DubanStore               *store,
                                         const DubanLadderPolicy  *policy,
                                         GError                  **error);

/* Records a supervisor's decision on the proposal of @level for
 * @ticket_id with its audit row, in one transaction. @reason is the
 * proposal's reason as shown, kept in the audit row. */
gboolean    duban_ladder_decide         (DubanStore               *store,
                                         const char               *ticket_id,
                                         DubanOrderLevel           level,
                                         DubanLadderDecision       decision,
                                         const char               *reason,
                                         GError                  **error);

/* The dismissed steps: ticket id (char*) → level + 1 (GINT_TO_POINTER). */
GHashTable *duban_ladder_load_dismissed (DubanStore               *store,
                                         GError                  **error);

/* A dismissal at @dismissed_plus_one (as in the table above, 0 for none)
 * hides a proposal at that level or below. */
gboolean    duban_ladder_is_dismissed   (GHashTable               *dismissed,
                                         const char               *ticket_id,
                                         DubanOrderLevel           level);

G_END_DECLS
