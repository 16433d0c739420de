/* duban-judgement-private.h — the 研判's tally, shared by its files
 *
 * duban-judgement.c feeds and finishes a tally; duban-judgement-read.c
 * feeds it from the store, whole or from the kept history
 * (duban-judgement-history.h).
 */
#pragma once

#include "duban-judgement.h"

G_BEGIN_DECLS

struct _DubanJudgementTally {
  DubanRegions         *regions;      /* borrowed, as the policy and the calendar */
  DubanSlaPolicy        policy;
  DubanCalendar        *calendar;
  GPtrArray            *decisions;    /* a reference, or NULL */
  DubanAreaLevel        level;
  DubanDay              first, last;
  DubanTime             at;
  DubanTime             judged_at;    /* @at, or the moment the tally was made */
  DubanTime             start, end;   /* the period, cut at the moment */
  DubanHotspotTally    *hotspots;
  DubanThemeTally      *themes;
  DubanLateRiskCurves  *curves;
  GHashTable           *grouped;      /* id → the confirmed decision it joins */
  GPtrArray            *held;         /* const DubanTicket*: of a confirmed group */
  GPtrArray            *period;       /* const DubanTicket*: received in the period */
  GPtrArray            *open;         /* const DubanTicket*: open at the moment */
  GArray               *open_statuses;
};

/* @judged_at: the moment the states are judged at, @at or now */
DubanJudgementTally *duban_judgement_tally_new_judged (DubanRegions         *regions,
                                                       GPtrArray            *decisions,
                                                       const DubanSlaPolicy *policy,
                                                       DubanCalendar        *calendar,
                                                       DubanAreaLevel        level,
                                                       DubanDay              first,
                                                       DubanDay              last,
                                                       DubanTime             at,
                                                       DubanTime             judged_at);
/* Adds what @from was fed to @self: made alike, each fed a part of the
 * tickets, in order; @self's part came first. */
void                 duban_judgement_tally_merge      (DubanJudgementTally  *self,
                                                       DubanJudgementTally  *from);
/* How many rows are worth a second connection and thread (and half as
 * many period tickets, the repeat groups' own thread). */
gint64               duban_judgement_split_rows       (void);

G_END_DECLS
