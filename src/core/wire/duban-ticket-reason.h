/* duban-ticket-reason.h — why a record was quarantined, for a person
 *
 * The reason is stored as duban_ticket_new_from_json() wrote it, in
 * English, naming the field: a stable text that scripts and the
 * platform's maintainers grep for. The desk shows it in the user's
 * language, the field's name kept as the code it is.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @reason in the current language, or a copy of it when it is not one
 * the desk writes. */
char *duban_ticket_reason_to_display (const char *reason);

/* The text matcher both translators use: @text matched against the
 * English printf-like @pattern whose only conversions are %s; on a match
 * returns the pieces (NULL-terminated), else NULL. */
char **duban_text_match_pattern (const char *text,
                                 const char *pattern);

G_END_DECLS
