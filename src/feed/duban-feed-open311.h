/* duban-feed-open311.h — the same tickets as Open311 GeoReport v2
 *
 * Civic platforms that speak Open311 serve GET {endpoint}/requests.json;
 * the desk can read that too (docs/feed-api.md, "Open311 GeoReport v2"). The
 * reference platform offers this view of its tickets so the desk's
 * Open311 mode has something real to talk to.
 */
#pragma once

#include <glib.h>
#include "duban-calendar.h"
#include "duban-sla.h"

G_BEGIN_DECLS

typedef struct {
  DubanTime start;         /* requested_datetime ≥ start; NONE = unbounded */
  DubanTime end;           /* requested_datetime ≤ end;   NONE = unbounded */
  gboolean  want_open;
  gboolean  want_closed;
} DubanOpen311Query;

/* Reads start_date, end_date and status ("open", "closed" or both,
 * comma-separated) from a request's query; FALSE with a G_IO_ERROR_INVALID_ARGUMENT
 * naming the parameter when one is malformed. */
gboolean  duban_open311_query_parse  (GHashTable           *query,
                                      DubanOpen311Query    *out,
                                      GError              **error);

/* A JSON array of service requests for the @tickets (DubanTicket*) that
 * match @query; cancelled tickets are left out, Open311 has no word for
 * them. expected_datetime is the deadline as seen at @now. */
char     *duban_open311_requests_to_json (GPtrArray              *tickets,
                                          const DubanOpen311Query *query,
                                          const DubanSlaPolicy   *policy,
                                          DubanCalendar          *calendar,
                                          DubanTime               now);

/* services.json: one service per category seen in @tickets. */
char     *duban_open311_services_to_json (GPtrArray *tickets);

G_END_DECLS
