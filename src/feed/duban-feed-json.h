/* duban-feed-json.h — writing JSON text by hand
 *
 * The feed's large bodies (a page of tickets, the county's GeoJSON) are
 * spliced together from stored text rather than built as trees: it is
 * faster, keeps coordinates in a fixed short format, and lets the server
 * pass stored objects (even broken ones) through verbatim.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends @text as a JSON string literal, quotes included. */
void duban_feed_json_append_string (GString    *out,
                                    const char *text);

G_END_DECLS
