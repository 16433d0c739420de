/* duban-ladder-group.h — the escalation ladder's rungs (preferences)
 */
#pragma once

#include <adwaita.h>

#include "duban-ladder.h"
#include "duban-session.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_LADDER_GROUP (duban_ladder_group_get_type ())
G_DECLARE_FINAL_TYPE (DubanLadderGroup, duban_ladder_group, DUBAN, LADDER_GROUP, AdwPreferencesGroup)

/* Edits the ladder kept in @session's store (NULL: insensitive). */
GtkWidget *duban_ladder_group_new  (DubanSession      *session);
/* The ladder as the group shows it (for the tests). */
void       duban_ladder_group_read (DubanLadderGroup  *self,
                                    DubanLadderPolicy *policy);

G_END_DECLS
