/* duban-open311.h — reading Open311 GeoReport v2 service requests
 *
 * Maps one record of GET {endpoint}/requests.json to a ticket in the
 * feed's wire form, as docs/feed-api.md says, so that one validator judges
 * both kinds of platform.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* NULL and a reason when the record breaks the GeoReport spec. */
JsonNode *duban_open311_to_feed_ticket (JsonNode  *request,
                                        GError   **error);

G_END_DECLS
