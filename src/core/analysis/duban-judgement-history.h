/* duban-judgement-history.h — what each ticket leaves in the 研判, kept
 *
 * The hotspots weigh a period against a year, the themes six months and
 * the late risks every unit's whole record, so a 研判 at two million
 * tickets judged two million tickets. A ticket that is done and whose
 * every time has passed leaves the same counts and the same observation
 * at every later moment: those are worked out once and kept in the store
 * (duban-store-judgement-history.h), and a 研判 reads them as rows of
 * numbers, judging from the tickets themselves only those received in
 * its period, those not settled by its moment and those of confirmed
 * groups (duban_judgement_read()).
 */
#pragma once

#include "duban-calendar.h"
#include "duban-hotspots.h"
#include "duban-regions.h"
#include "duban-sla.h"
#include "duban-store.h"

G_BEGIN_DECLS

/* What the kept rows depend on besides their tickets: the calendar, the
 * policy and the region tree, as a digest. */
char     *duban_judgement_history_stamp   (DubanRegions         *regions,
                                           const DubanSlaPolicy *policy,
                                           DubanCalendar        *calendar);

/* Brings the kept rows up to date: the tickets written since, or all of
 * them when @stamp changed. FALSE and @error when the store cannot be
 * written (read-only, busy): the 研判 then judges every ticket. */
gboolean  duban_judgement_history_refresh (DubanStore           *store,
                                           DubanRegions         *regions,
                                           const DubanSlaPolicy *policy,
                                           DubanCalendar        *calendar,
                                           GError              **error);

/* The same with the stamp worked out, and *@fallback_years (may be NULL)
 * the calendar years the rows were worked out on without a table. */
gboolean  duban_judgement_history_refresh_stamped (DubanStore           *store,
                                                   const char           *stamp,
                                                   DubanRegions         *regions,
                                                   const DubanSlaPolicy *policy,
                                                   DubanCalendar        *calendar,
                                                   char                **fallback_years,
                                                   GError              **error);
/* Notes @years ("2024,2027") in @calendar's years without a table, as
 * judging the rows' tickets again would have. */
void      duban_judgement_history_note_years      (DubanCalendar        *calendar,
                                                   const char           *years);

/* The moment after which @ticket's judgement no longer changes, judged
 * with @policy and @calendar; DUBAN_JUDGEMENT_NEVER_SETTLED for one
 * not done. */
DubanTime duban_judgement_settled_at      (const DubanTicket    *ticket,
                                           const DubanSlaPolicy *policy,
                                           DubanCalendar        *calendar,
                                           DubanSlaStatus       *status);

G_END_DECLS
