/* duban-ticket.h — a ticket (工单) as the feed contract defines it
 *
 * A plain struct, not a GObject: the desk holds hundreds of thousands of
 * them and the SLA engine and figures walk them in tight loops.
 * Enumerations have a wire name (the feed's) and a display name (Chinese
 * through gettext); the tables live once, in duban-ticket.c.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include "duban-json-tokens.h"
#include "duban-time.h"
#include "duban-privacy.h"
#include "duban-supervision.h"

G_BEGIN_DECLS

/* The reason a ticket record is invalid; the message names the field. */
#define DUBAN_TICKET_ERROR (duban_ticket_error_quark ())
GQuark duban_ticket_error_quark (void);

typedef enum {
  DUBAN_TICKET_ERROR_INVALID,
} DubanTicketError;

typedef enum {
  DUBAN_KIND_COMPLAINT,
  DUBAN_KIND_HELP,
  DUBAN_KIND_CONSULTATION,
  DUBAN_KIND_REPORT,
  DUBAN_KIND_SUGGESTION,
} DubanKind;

typedef enum {
  DUBAN_URGENCY_NORMAL,
  DUBAN_URGENCY_URGENT,
} DubanUrgency;

typedef enum {
  DUBAN_SOURCE_NONE,
  DUBAN_SOURCE_APP,
  DUBAN_SOURCE_WECHAT,
  DUBAN_SOURCE_HOTLINE,
  DUBAN_SOURCE_GRID,
  DUBAN_SOURCE_OTHER,
} DubanSource;

typedef enum {
  DUBAN_STATUS_RECEIVED,
  DUBAN_STATUS_DISPATCHED,
  DUBAN_STATUS_IN_PROGRESS,
  DUBAN_STATUS_RESOLVED,
  DUBAN_STATUS_CLOSED,
  DUBAN_STATUS_RETURNED,
  DUBAN_STATUS_CANCELLED,
} DubanStatus;

typedef enum {
  DUBAN_DISPOSITION_NONE,
  DUBAN_DISPOSITION_RESOLVED,
  DUBAN_DISPOSITION_EXPLAINED,
  DUBAN_DISPOSITION_UNRESOLVABLE,
} DubanDisposition;

typedef enum {
  DUBAN_LEVEL_NONE,
  DUBAN_LEVEL_GRID,
  DUBAN_LEVEL_TOWN,
  DUBAN_LEVEL_COUNTY,
} DubanHandledLevel;

typedef enum {
  DUBAN_SATISFACTION_NONE,
  DUBAN_SATISFACTION_SATISFIED,
  DUBAN_SATISFACTION_BASICALLY_SATISFIED,
  DUBAN_SATISFACTION_UNSATISFIED,
  DUBAN_SATISFACTION_UNREACHABLE,
} DubanSatisfaction;

typedef enum {
  DUBAN_CRS_WGS84,
  DUBAN_CRS_GCJ02,
} DubanCrs;

/* Which enumeration a wire/display lookup is about. */
typedef enum {
  DUBAN_ENUM_KIND,
  DUBAN_ENUM_URGENCY,
  DUBAN_ENUM_SOURCE,
  DUBAN_ENUM_STATUS,
  DUBAN_ENUM_DISPOSITION,
  DUBAN_ENUM_LEVEL,
  DUBAN_ENUM_SATISFACTION,
  DUBAN_ENUM_CRS,
} DubanEnumType;

typedef struct {
  char      *reason;        /* 原因 */
  char      *measures;      /* 工作措施 */
  DubanTime  promised_at;   /* 承诺办理时限, or NONE */
  DubanTime  filed_at;      /* or NONE */
  int        approved;      /* -1 absent, 0 false, 1 true */
} DubanExtension;

typedef struct {
  char              *id;
  char              *title;
  char              *description;
  DubanKind          kind;
  char              *category;
  DubanUrgency       urgency;
  DubanSource        source;
  char              *petitioner_name;
  char              *petitioner_phone;
  char              *address;
  gboolean           has_location;
  double             lat;
  double             lon;
  DubanCrs           crs;
  char              *grid_code;
  char              *unit_code;
  char              *unit_name;
  DubanStatus        status;
  DubanTime          received_at;
  DubanTime          dispatched_at;
  DubanTime          first_contact_at;
  DubanTime          resolved_at;
  DubanTime          closed_at;
  DubanTime          updated_at;
  DubanExtension    *extension;       /* NULL when none */
  DubanDisposition   disposition;
  int                evidence_count;  /* 0 when absent */
  DubanHandledLevel  handled_level;
  DubanSatisfaction  satisfaction;
  DubanTime          visited_at;
  char              *repeat_of;
  GPtrArray         *supervisions;    /* DubanSupervision*, oldest first; NULL when none */
} DubanTicket;

DubanTicket *duban_ticket_new             (void);
DubanTicket *duban_ticket_copy            (const DubanTicket *ticket);
void         duban_ticket_free            (DubanTicket       *ticket);

/* Parses and validates one ticket object exactly as docs/feed-api.md says.
 * On failure returns NULL and an error whose message is the reason, in
 * English with the field named ("missing required field 'title'"). */
DubanTicket *duban_ticket_new_from_json   (JsonNode          *node,
                                           GError           **error);
/* The same, for the value at @index of @tokens (a sync page's record as
 * duban-feed-page.c cut it): the one place the contract's rules are.
 * duban_ticket_new_from_json writes its node as tokens and reads it here. */
DubanTicket *duban_ticket_new_from_tokens (const DubanJsonTokens *tokens,
                                           guint                  index,
                                           GError               **error);
/* An id a ticket may have: 1 to 64 characters of UTF-8, counted over
 * all @length bytes, with no NUL or other control character, and not
 * "." or "..", which are path segments and not names. */
gboolean     duban_ticket_id_is_valid     (const char        *id,
                                           gssize             length);
/* A valid ticket whose times lie after @latest (now, and a little for
 * clock skew) is not plausible: the platform's clock or data is wrong,
 * and a deadline computed from it would mislead. */
gboolean     duban_ticket_check_times     (const DubanTicket *ticket,
                                           DubanTime          latest,
                                           GError           **error);

/* The feed's wire form (all times +08:00). */
JsonNode    *duban_ticket_to_json         (const DubanTicket *ticket);

/* Wire name → value; returns FALSE for an unknown name. */
gboolean     duban_enum_from_wire         (DubanEnumType      type,
                                           const char        *wire,
                                           int               *out_value);
const char  *duban_enum_to_wire           (DubanEnumType      type,
                                           int                value);
/* Translated display name (e.g. "紧急"). */
const char  *duban_enum_to_display        (DubanEnumType      type,
                                           int                value);

/* The 9-digit town code of a grid code, or NULL. */
char        *duban_grid_code_town         (const char        *grid_code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanTicket, duban_ticket_free)

G_END_DECLS
