/* duban-unit-report.h — one unit's page (单位画像), for a unit meeting
 *
 * Everything a supervisor takes into a meeting with one unit, gathered
 * once for the desk's unit page and its exports: the unit's open and late
 * tickets, the orders it was given from every workstation and its
 * replies, its rates against target month by month, its rank among its
 * peers, its repeat complaints — and how many matters its tickets are,
 * a repeat group a supervisor confirmed counted once, while its rates
 * stay per ticket as the county's rules of accountability count them.
 * docs/sla-rules.md, "A page per unit".
 */
#pragma once

#include "duban-figures.h"
#include "duban-ladder.h"
#include "duban-repeat-decisions.h"
#include "duban-report.h"
#include "duban-store.h"
#include "duban-unit-report-months.h"

G_BEGIN_DECLS

typedef struct {
  char              *ticket_id;
  char              *title;       /* masked */
  DubanSlaStatus     status;      /* at the moment */
  guint              orders;      /* orders it was given */
} DubanUnitTicket;

typedef struct {
  char             *ticket_id;
  char             *title;        /* masked */
  DubanSupervision *order;        /* a copy: the platform's, or this desk's own not yet on it */
  DubanReplyState   reply;        /* at the moment */
} DubanUnitOrder;

typedef struct {
  DubanDay      first;
  DubanDay      last;             /* the moment's day for the current month */
  DubanFigures *figures;          /* the unit's; NULL when it had no ticket */
  guint         rank;             /* by score among the units with figures, 1 = best; 0 when none */
  guint         peers;
  guint         received;         /* the unit's tickets received in the month (to the moment), cancelled ones left out */
  guint         matters;          /* the same, each confirmed repeat group once */
} DubanUnitMonth;

typedef struct {
  char      *ticket_id;
  char      *title;               /* masked */
  char      *category;
  char      *repeat_of;
  DubanTime  received_at;
} DubanUnitRepeat;

/* A confirmed repeat group with the unit's tickets in it: one matter. */
typedef struct {
  GStrv      ticket_ids;          /* the unit's tickets of the group in the trend's months, oldest first */
  char      *title;               /* the first's, masked */
  char      *category;
  DubanTime  received_at;         /* the first's */
  guint      n_group;             /* tickets in the whole group, every unit's */
  char      *resurgent_id;        /* the ticket of the group received after an earlier one was
                                   * reported resolved (回潮), or NULL */
} DubanUnitMatter;

typedef struct {
  char      *unit_code;
  char      *unit_name;
  DubanTime  at;
  GPtrArray *open;                /* DubanUnitTicket*, in the order of attention */
  guint      late;                /* of them, overdue */
  GPtrArray *orders;              /* DubanUnitOrder*, newest first */
  guint      replies[4];          /* by DubanReplyState, one per order */
  GPtrArray *months;              /* DubanUnitMonth*, oldest first, this month last */
  GPtrArray *repeats;             /* DubanUnitRepeat*: the unit's tickets the platform links as repeats, newest first */
  guint      repeat_matters;      /* how many matters those repeats are about (their first tickets) */
  guint      received;            /* the unit's tickets received in the trend's months, to the moment */
  guint      matters;             /* the same, each confirmed repeat group once (duban_repeat_matters_collapse) */
  GPtrArray *groups;              /* DubanUnitMatter*: the confirmed groups among them, newest first */
  guint      resurgent;           /* of them, came back (回潮) */
} DubanUnitReport;

/* @tickets and @statuses (at @at, index for index) as a desk holds them;
 * @local: this desk's own orders (DubanOrder*), may be NULL; @decisions:
 * the supervisors' word on repeat groups (DubanRepeatDecision*), may be
 * NULL. NULL with an error when no ticket was ever the unit's. */
DubanUnitReport *duban_unit_report_build (GPtrArray            *tickets,
                                          GArray               *statuses,
                                          const DubanSlaPolicy *policy,
                                          DubanCalendar        *calendar,
                                          GPtrArray            *local,
                                          GPtrArray            *decisions,
                                          const char           *unit_code,
                                          DubanNameLookup       name_lookup,
                                          gpointer              name_data,
                                          DubanTime             at,
                                          GError              **error);
/* The same page read from @store, on a worker: the unit's tickets whole
 * but only those the page shows (duban_store_load_unit_tickets: its six
 * months, its open ones, those its orders name, its repeats) and the
 * other tickets of the confirmed groups it is in; every unit's figures
 * from the store's lean stream, no ticket kept. Equal, figure for figure
 * and list for list, to duban_unit_report_build() over every ticket
 * (tests/reports/test-unit-report.c). */
DubanUnitReport *duban_unit_report_build_from_store (DubanStore           *store,
                                                     const DubanSlaPolicy *policy,
                                                     DubanCalendar        *calendar,
                                                     GPtrArray            *local,
                                                     GPtrArray            *decisions,
                                                     const char           *unit_code,
                                                     DubanNameLookup       name_lookup,
                                                     gpointer              name_data,
                                                     DubanTime             at,
                                                     GCancellable         *cancellable,
                                                     GError              **error);
void             duban_unit_report_free  (DubanUnitReport *report);

/* The document's title: "县水务局工作情况" */
char            *duban_unit_report_title (const DubanUnitReport *report);

/* What the page, the PDF and the workbook say alike of the matters: the
 * months' tickets and matters; the footnote that the rates stay per
 * ticket; the confirmed groups and how many came back; the platform's
 * repeats and the matters they are about; a group's tickets, "A, B". */
char            *duban_unit_report_describe_matters (const DubanUnitReport *report);
const char      *duban_unit_report_matters_note     (void);
char            *duban_unit_report_describe_groups  (const DubanUnitReport *report);
char            *duban_unit_report_describe_repeats (const DubanUnitReport *report);
char            *duban_unit_matter_format_ids       (const DubanUnitMatter *matter);

/* Written atomically, owner-only (0600), as the reports are. */
gboolean         duban_unit_report_write_pdf  (const DubanUnitReport *report,
                                               const char            *path,
                                               GError               **error);
gboolean         duban_unit_report_write_xlsx (const DubanUnitReport *report,
                                               const char            *path,
                                               GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanUnitReport, duban_unit_report_free)

G_END_DECLS
