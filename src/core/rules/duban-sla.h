/* duban-sla.h — deadlines and states, exactly as docs/sla-rules.md says
 *
 * Nothing here is stored as truth: a state is computed from a ticket's
 * stored times, the calendar and the policy, for a chosen moment.
 */
#pragma once

#include "duban-calendar.h"
#include "duban-ticket.h"

G_BEGIN_DECLS

/* The center's policy settings; the defaults are the county's rules. */
typedef struct {
  gint64 urgent_contact_usec;        /* 1 h, calendar time */
  gint64 urgent_completion_usec;     /* 24 h, calendar time */
  gint64 normal_completion_usec;     /* 2 working days of working time */
  double warning_fraction;           /* 0.25: 预警 at or below this share left */
  double weight_contact;             /* 30 */
  double weight_completion;          /* 35 */
  double weight_satisfaction;        /* 35 */
  double ranking_min_due;            /* DUBAN_SLA_DEFAULT_RANKING_MIN_DUE */
} DubanSlaPolicy;

/* The fewest completion deadlines in a period (`due`) with which a unit
 * or town is ranked; with fewer it is listed apart as 样本不足
 * (duban_figures_rank(), docs/sla-rules.md). */
#define DUBAN_SLA_DEFAULT_RANKING_MIN_DUE 5

void duban_sla_policy_init_defaults (DubanSlaPolicy *policy);

typedef enum {
  DUBAN_STATE_DONE_ON_TIME,
  DUBAN_STATE_DONE_LATE,
  DUBAN_STATE_OPEN_OK,
  DUBAN_STATE_OPEN_WARNING,
  DUBAN_STATE_OPEN_OVERDUE,
  DUBAN_STATE_CANCELLED,      /* not a state of the rules: left out of everything */
  DUBAN_STATE_NOT_YET,        /* not received yet at the moment asked about */
} DubanState;

typedef enum {
  DUBAN_DURATION_HOURS,          /* urgent tickets: calendar hours */
  DUBAN_DURATION_WORKING_DAYS,   /* normal tickets: working days */
} DubanDurationUnit;

typedef enum {
  DUBAN_EXTENSION_NONE,          /* no extension filed (or not yet, at the moment) */
  DUBAN_EXTENSION_COUNTED,
  DUBAN_EXTENSION_FILED_LATE,
  DUBAN_EXTENSION_INCOMPLETE,
  DUBAN_EXTENSION_REJECTED,
} DubanExtensionVerdict;

typedef struct {
  DubanTime              start;              /* dispatched_at, else received_at */
  DubanTime              contact_deadline;   /* NONE for normal tickets */
  DubanTime              original_deadline;
  DubanTime              deadline;           /* promised_at when the extension counts */
  DubanExtensionVerdict  extension;
  gboolean               resolved;           /* resolved as seen at the moment */
  gboolean               contacted;          /* first contact as seen at the moment */
  gboolean               contact_overdue;
  DubanState             state;
  DubanDurationUnit      unit;
  double                 allowed;            /* start → deadline, in unit */
  double                 remaining;          /* open only, else NAN */
  double                 overdue_by;         /* open overdue and done late, else NAN */
  /* how late in seconds of the unit's own time (working seconds for
   * normal tickets): comparable across tickets for sorting; 0 when not late,
   * negative = time left */
  double                 lateness_seconds;
} DubanSlaStatus;

/* The completion deadline for a start, without extension. */
DubanTime duban_sla_deadline_for          (const DubanSlaPolicy *policy,
                                           DubanCalendar        *calendar,
                                           DubanUrgency          urgency,
                                           DubanTime             start);
/* NONE for normal tickets. */
DubanTime duban_sla_contact_deadline_for  (const DubanSlaPolicy *policy,
                                           DubanUrgency          urgency,
                                           DubanTime             start);
DubanTime duban_sla_clock_start           (const DubanTicket    *ticket);

/* Evaluates @ticket as seen at @at (an extension filed after @at is not
 * yet known; a resolution after @at is not yet done). */
void      duban_sla_evaluate              (const DubanSlaPolicy *policy,
                                           DubanCalendar        *calendar,
                                           const DubanTicket    *ticket,
                                           DubanTime             at,
                                           DubanSlaStatus       *out);

/* open_ok, open_warning or open_overdue */
gboolean    duban_state_is_open    (DubanState state);

/* What a ticket's badge says at a glance, in the order of attention. It
 * is the state, except that an open urgent ticket whose first contact is
 * overdue (未联系) says so unless it is overdue outright: the unit broke
 * the one-hour rule whatever time is left to finish, and a green "in
 * time" would hide it and sort it among the tickets that need nothing. */
typedef enum {
  DUBAN_GLANCE_OVERDUE,
  DUBAN_GLANCE_NOT_CONTACTED,
  DUBAN_GLANCE_WARNING,
  DUBAN_GLANCE_OK,
  DUBAN_GLANCE_DONE_LATE,
  DUBAN_GLANCE_DONE_ON_TIME,
  DUBAN_GLANCE_NOT_YET,
  DUBAN_GLANCE_CANCELLED,
} DubanGlance;

DubanGlance duban_sla_glance          (const DubanSlaStatus *status);
const char *duban_glance_to_display   (DubanGlance           glance);   /* 未联系 … */

/* The order of attention: overdue first, then the open tickets whose
 * first contact is overdue, then 预警, then the rest, then the done ones
 * (duban_sla_glance); within a state, the latest (or closest to its deadline)
 * first; ties by ticket id, so that a list does not reshuffle. The state
 * comes first because lateness is measured in each ticket's own time
 * (calendar hours or working hours) and is only comparable within one. */
int         duban_sla_compare_attention (const DubanSlaStatus *a,
                                         const char           *id_a,
                                         const DubanSlaStatus *b,
                                         const char           *id_b);

const char *duban_state_to_wire    (DubanState state);   /* "open_overdue" … */
const char *duban_state_to_display (DubanState state);   /* 超期 … */
const char *duban_extension_verdict_to_display (DubanExtensionVerdict verdict);
/* "超期 1.5 个工作日", "剩余 3.5 小时" … for a status, in Chinese when translated. */
char       *duban_sla_describe_clock (const DubanSlaStatus *status);
/* "1.5 个工作日" / "3 小时" */
char       *duban_duration_format    (double value, DubanDurationUnit unit);

G_END_DECLS
