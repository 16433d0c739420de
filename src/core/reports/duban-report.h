/* duban-report.h — the content of a report for leadership, before layout
 *
 * A report is built once from the tickets, the calendar, the policy and a
 * period, as known at a moment; the PDF, the printout, the preview, the
 * XLSX and the CSV all lay out this one model, so they cannot disagree.
 * Every figure in it comes from duban_figures_compute() or
 * duban_figures_add(): nothing here decides a rule.
 */
#pragma once

#include "duban-desk.h"
#include "duban-documents.h"
#include "duban-figures.h"
#include "duban-judgement.h"
#include "duban-orders.h"
#include "duban-regions.h"
#include "duban-store.h"

G_BEGIN_DECLS

#define DUBAN_REPORT_ERROR (duban_report_error_quark ())
GQuark duban_report_error_quark (void);

typedef enum {
  DUBAN_REPORT_ERROR_INVALID,
  DUBAN_REPORT_ERROR_WRITE,
} DubanReportError;

typedef enum {
  DUBAN_REPORT_BULLETIN,      /* 考评通报 */
  DUBAN_REPORT_SUPERVISION,   /* 督办情况通报 */
} DubanReportKind;

typedef enum {
  DUBAN_SCOPE_COUNTY,
  DUBAN_SCOPE_TOWN,
  DUBAN_SCOPE_UNIT,
} DubanScopeKind;

/* "bulletin" / "supervision" */
gboolean    duban_report_kind_from_wire (const char       *wire,
                                         DubanReportKind  *out);
const char *duban_report_kind_to_wire   (DubanReportKind   kind);
/* "county", "town:370828101", "unit:U001"; @out_code is NULL for the county. */
gboolean    duban_report_scope_parse    (const char       *text,
                                         DubanScopeKind   *out_kind,
                                         char            **out_code,
                                         GError          **error);

/* The previous period of the same length, for the change: the same number
 * of whole months when [first, last] is whole months, else the same
 * number of days just before. */
void        duban_report_previous_period (DubanDay   first,
                                          DubanDay   last,
                                          DubanDay  *prev_first,
                                          DubanDay  *prev_last);

/* The tickets a report of [first, last] reads, for a desk loaded with
 * duban_desk_load_scoped(): those that can count in its period's or the
 * previous period's figures, and those its orders name. A report built
 * from them equals one built from every ticket. The county's bulletin
 * reads the whole history besides, for its 研判 section
 * (duban_report_has_judgement()). */
/* Whether a report of @kind over @scope has a 研判 section, which weighs
 * the period against every stored ticket (the late-risk curves, the
 * hotspots' history, six months of themes): read from its sources'
 * store, one ticket at a time, keeping only what the section names. */
gboolean    duban_report_has_judgement   (DubanReportKind  kind,
                                          DubanScopeKind   scope);
gboolean    duban_report_desk_scope      (DubanReportKind  kind,
                                          DubanScopeKind   scope,
                                          DubanDay         first,
                                          DubanDay         last,
                                          DubanDeskScope  *out);

typedef struct {
  GPtrArray            *tickets;       /* DubanTicket*: every stored ticket, or duban_report_desk_scope()'s */
  const DubanSlaPolicy *policy;
  DubanCalendar        *calendar;
  DubanNameLookup       name_lookup;   /* town / unit / grid code → name; may be NULL */
  gpointer              name_data;
  GPtrArray            *orders;        /* DubanOrder* (duban_orders_list()); may be NULL */
  DubanRegions         *regions;       /* for the bulletin's map; NULL: no map */
  GPtrArray            *repeat_decisions; /* DubanRepeatDecision*, for the 研判; may be NULL */
  DubanStore           *store;         /* for the 研判 (duban_report_has_judgement()): every
                                        * stored ticket, read from it one at a time
                                        * (duban_judgement_read()); NULL: @tickets */
  const DubanDocumentSettings *documents;  /* the issuer; NULL: the defaults */
} DubanReportSources;

/* A ticket that missed its completion deadline inside the period. */
typedef struct {
  char              *ticket_id;
  char              *title;
  char              *unit_code;
  char              *unit_name;
  DubanTime          deadline;
  double             overdue_by;      /* in @unit; as of the moment */
  DubanDurationUnit  unit;
  DubanState         state;           /* done late or open overdue, at the moment */
} DubanReportLateTicket;

typedef struct {
  DubanFigures *figures;              /* borrowed from the unit ranking */
  GPtrArray    *late;                 /* DubanReportLateTicket*, latest deadline last */
  GPtrArray    *worst;                /* borrowed from late: the worst first (duban_report_compare_worst) */
  guint         still_open;           /* of late, still open at the moment */
} DubanReportAccountable;

/* Worst first: a ticket still open before one done late, then the
 * longest late — hours for urgent tickets, a working day counted as 24
 * hours — then by ticket number. */
int duban_report_compare_worst (gconstpointer a,
                                gconstpointer b);

/* A count of received tickets by a key (category, grid), now and before. */
typedef struct {
  char  *key;
  char  *name;
  char  *parent_name;                 /* a grid's town */
  guint  received;
  guint  previous;
} DubanReportCount;

typedef struct {
  DubanDay day;
  guint    received;                  /* received_at that day */
  guint    resolved;                  /* resolved_at that day (resolved as of the moment) */
  guint    overdue;                   /* completion deadline that day, not met */
} DubanReportDay;

typedef struct {
  char      *ticket_id;
  char      *title;
  char      *category;
  char      *unit_name;
  char      *repeat_of;
  char      *petitioner;              /* masked */
  DubanTime  received_at;
} DubanReportRepeat;

typedef enum {
  DUBAN_RESPONSE_ON_TIME,     /* completion reply at or before respond_by */
  DUBAN_RESPONSE_LATE,        /* reply after respond_by */
  DUBAN_RESPONSE_MISSING,     /* no reply, respond_by passed */
  DUBAN_RESPONSE_PENDING,     /* no reply, respond_by not yet passed */
} DubanOrderResponse;

const char *duban_order_response_to_display (DubanOrderResponse response);

typedef struct {
  const DubanOrder       *record;     /* borrowed from the sources */
  char                   *ticket_title;
  char                   *unit_code;
  char                   *unit_name;
  DubanState              state;       /* the ticket's, at the moment */
  DubanTime               resolved_at; /* NONE when not resolved at the moment */
  DubanOrderResponse      response;
} DubanReportOrder;

typedef struct {
  char  *unit_code;
  char  *unit_name;
  guint  orders;
  guint  delivered;
  guint  responses[4];                /* by DubanOrderResponse */
} DubanReportUnitResponse;

typedef struct {
  DubanReportKind  kind;
  DubanScopeKind   scope;
  char            *scope_code;        /* NULL for the county */
  char            *scope_name;
  DubanDay         first, last;
  DubanDay         previous_first, previous_last;
  DubanTime        at;
  char            *document_number;   /* NULL until duban_report_take_number() */
  char            *issuer;            /* the issuing body (DubanDocumentSettings) */
  char            *seal;

  DubanFigures    *current;           /* the scope's figures */
  DubanFigures    *previous;
  GPtrArray       *units;             /* DubanFigures*, by score, best first */
  GPtrArray       *towns;             /* DubanFigures*, by score (county scope only) */
  GPtrArray       *red;               /* borrowed from units: the best */
  GPtrArray       *black;             /* borrowed from units: the worst */
  guint            ranking_min_due;   /* the policy's: fewer deadlines and a group is 样本不足 */
  GPtrArray       *accountable;       /* DubanReportAccountable*, worst rate first */
  guint            late_total;
  GPtrArray       *late_worst;        /* every DubanReportLateTicket of accountable, the worst first (borrowed) */
  GPtrArray       *categories;        /* DubanReportCount*, most received first */
  GPtrArray       *grids;             /* DubanReportCount*, the hotspots */
  GArray          *days;              /* DubanReportDay, one per day of the period */
  GPtrArray       *repeats;           /* DubanReportRepeat*, received in the period */
  guint            arrivals[7][24];   /* received in the period, by weekday (Monday first) and hour */

  GPtrArray       *orders;            /* DubanReportOrder*, issued in the period */
  GPtrArray       *unit_responses;    /* DubanReportUnitResponse* */
  guint            orders_by_level[3];      /* notice, yellow, red */
  guint            orders_by_delivery[3];   /* pending, delivered, refused */
  guint            orders_by_response[4];

  GArray          *fallback_years;    /* int: years counted Monday–Friday */
  DubanRegions    *regions;           /* a reference, for the map; NULL: no map */
  DubanJudgement  *judgement;         /* the county's bulletin's 研判 (duban-report-judgement.c); else NULL */
} DubanReport;

/* How many units the 红黑榜 names at each end. */
#define DUBAN_REPORT_BOARD_SIZE 3
/* How many of a unit's worst late tickets the PDF's accountability list
 * names, and how many late tickets its appendix lists at most (the
 * XLSX and the CSV list them all). */
#define DUBAN_REPORT_WORST_PER_UNIT 3
#define DUBAN_REPORT_LATE_ON_PAPER 100
/* How many categories and grids the report lists. */
#define DUBAN_REPORT_TOP_N 10

DubanReport *duban_report_build  (const DubanReportSources  *sources,
                                  DubanReportKind            kind,
                                  DubanScopeKind             scope,
                                  const char                *scope_code,
                                  DubanDay                   first,
                                  DubanDay                   last,
                                  DubanTime                  at,
                                  GError                   **error);
void         duban_report_free   (DubanReport *report);

/* What identifies the document, whenever it is made: its kind, scope
 * and period ("bulletin/county/2026-11-01/2026-11-30"). */
char        *duban_report_document_key  (const DubanReport            *report);
/* Gives @report its number from the store's sequence (the number it was
 * given before, when the same document was issued already), audited;
 * see duban_document_number_take(). The year is the year of the
 * report's moment. */
gboolean     duban_report_take_number   (DubanReport                  *report,
                                         DubanStore                   *store,
                                         const DubanDocumentSettings  *settings,
                                         GError                      **error);

const char  *duban_report_title  (const DubanReport *report);
/* One sentence per figure: how to check it by hand (docs/sla-rules.md).
 * NULL-terminated, owned by the function. */
const char * const *duban_report_definitions (DubanReportKind kind);

/* A group that has a score but too few deadlines to be ranked (样本不足),
 * listed apart from the ranking. */
gboolean     duban_report_is_sample_short (const DubanFigures *figures);
/* The footnote under the red and black boards: who is on them, and why. */
char        *duban_report_board_rule      (const DubanReport  *report);

/* Helpers the layouts share, so a rate reads the same in every output. */
char        *duban_report_format_rate   (double value);    /* "95.2%" or "no data" */
char        *duban_report_format_change (double now,
                                         double before);   /* "+1.3 pts" … percentage points */
char        *duban_report_format_period (const DubanReport *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanReport, duban_report_free)

G_END_DECLS
