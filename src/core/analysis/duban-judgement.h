/* duban-judgement.h — the 研判 of a period, worked out once
 *
 * The desk's 研判 page and the bulletin's 研判 section show the same
 * findings: the period's hotspots, the proposed repeat groups with what
 * a supervisor decided on each and whether the matter came back (回潮),
 * the open tickets most likely to end late, and the candidate themes for
 * 每月一题. Both build them here, from the same tickets, so that the
 * page and the paper cannot disagree; each finding carries the ids of its
 * tickets, for the queue filtered to them.
 */
#pragma once

#include <glib.h>

#include "duban-hotspots.h"
#include "duban-late-risk.h"
#include "duban-repeat-matters.h"
#include "duban-store.h"
#include "duban-themes.h"

G_BEGIN_DECLS

/* How many of the likeliest late tickets are listed. */
#define DUBAN_JUDGEMENT_MAX_LATE 20

typedef struct {
  DubanHotspot *hotspot;
  GPtrArray    *ticket_ids;           /* char*: the cell's tickets in the period */
} DubanJudgementHotspot;

typedef struct {
  DubanRepeatGroup  *group;
  char              *key;             /* duban_repeat_group_key() */
  int                decision;        /* a DubanRepeatDecisionKind, or -1: not decided */
  const DubanTicket *resurgent;       /* 回潮: the ticket that came after a resolution, or NULL */
} DubanJudgementGroup;

typedef struct {
  DubanTheme *theme;
  GPtrArray  *ticket_ids;             /* char*: the cell's tickets over the months */
} DubanJudgementTheme;

typedef struct {
  GPtrArray      *tickets;            /* a reference: the findings borrow from it */
  DubanAreaLevel  level;
  DubanDay        first, last;
  DubanTime       at;
  GPtrArray      *hotspots;           /* DubanJudgementHotspot*, most significant first */
  GPtrArray      *groups;             /* DubanJudgementGroup*, oldest first, rejected ones left out */
  guint           n_rejected;         /* proposed groups a supervisor rejected */
  guint           n_merged;           /* tickets counted into a confirmed group's first */
  GPtrArray      *late;               /* DubanLateRisk*, not yet overdue, likeliest first */
  guint           n_open;             /* tickets open at the moment */
  GPtrArray      *themes;             /* DubanJudgementTheme*, most tickets first */
} DubanJudgement;

/* The 研判 of the period from day @first to day @last as known at @at,
 * over every stored ticket @tickets (DubanTicket*) with their states at
 * @at (@statuses, index for index, or NULL), the supervisors' repeat
 * @decisions (DubanRepeatDecision*, or NULL), areas of @level. @regions
 * (or NULL) and @name_lookup name the areas as in duban_hotspots_find(). */
DubanJudgement *duban_judgement_build (GPtrArray            *tickets,
                                       GArray               *statuses,
                                       DubanRegions         *regions,
                                       GPtrArray            *decisions,
                                       const DubanSlaPolicy *policy,
                                       DubanCalendar        *calendar,
                                       DubanAreaLevel        level,
                                       DubanDay              first,
                                       DubanDay              last,
                                       DubanTime             at,
                                       DubanHotspotNameFunc  name_lookup,
                                       gpointer              user_data);
void            duban_judgement_free  (DubanJudgement       *judgement);

/* The same 研判 from every ticket of @store, read once and lean, one
 * ticket at a time: only the tickets of the period (with their words,
 * which the repeat groups compare), those open at the moment and those of
 * confirmed groups are kept; the others leave their counts and are
 * freed. The likeliest late tickets listed are given their words (a
 * page lists them by title). NULL and @error when the store fails. */
DubanJudgement *duban_judgement_read  (DubanStore           *store,
                                       DubanRegions         *regions,
                                       GPtrArray            *decisions,
                                       const DubanSlaPolicy *policy,
                                       DubanCalendar        *calendar,
                                       DubanAreaLevel        level,
                                       DubanDay              first,
                                       DubanDay              last,
                                       DubanTime             at,
                                       DubanHotspotNameFunc  name_lookup,
                                       gpointer              user_data,
                                       GError              **error);

/* The judgement fed one ticket at a time: duban_judgement_build() and
 * duban_judgement_read() are tallies. A ticket given is borrowed until
 * the tally is finished when duban_judgement_tally_add() returns TRUE
 * (the judgement names it or compares it); otherwise the tally is done
 * with it on return. @status: its state at the moment, or NULL. */
typedef struct _DubanJudgementTally DubanJudgementTally;

DubanJudgementTally *duban_judgement_tally_new    (DubanRegions         *regions,
                                                   GPtrArray            *decisions,
                                                   const DubanSlaPolicy *policy,
                                                   DubanCalendar        *calendar,
                                                   DubanAreaLevel        level,
                                                   DubanDay              first,
                                                   DubanDay              last,
                                                   DubanTime             at);
void                 duban_judgement_tally_free   (DubanJudgementTally  *self);
gboolean             duban_judgement_tally_add    (DubanJudgementTally  *self,
                                                   const DubanTicket    *ticket,
                                                   const DubanSlaStatus *status);
/* The judgement; @tickets holds (or owns) every ticket the tally was told
 * to keep, and the judgement keeps a reference to it. */
DubanJudgement      *duban_judgement_tally_finish (DubanJudgementTally  *self,
                                                   GPtrArray            *tickets,
                                                   DubanHotspotNameFunc  name_lookup,
                                                   gpointer              user_data);


/* How many groups are confirmed, and how many came back (回潮). */
guint           duban_judgement_count_confirmed  (const DubanJudgement *judgement);
guint           duban_judgement_count_resurgent  (const DubanJudgement *judgement);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanJudgement, duban_judgement_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanJudgementTally, duban_judgement_tally_free)

G_END_DECLS
