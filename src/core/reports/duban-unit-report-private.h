/* duban-unit-report-private.h — the one builder of a unit's page, for its two ways in */
#pragma once

#include "duban-unit-report.h"

G_BEGIN_DECLS

/* The page from @tickets (@statuses index for index; other units'
 * tickets are passed over) and @months, every unit's figures already
 * added; @related: where a confirmed group's other tickets are found;
 * @known: the unit is known even when @tickets has none of its. */
DubanUnitReport *duban_unit_report_build_over (GPtrArray             *tickets,
                                               const DubanSlaStatus  *statuses,
                                               GPtrArray             *related,
                                               DubanUnitReportMonths *months,
                                               gboolean               known,
                                               GPtrArray             *local,
                                               GPtrArray             *decisions,
                                               const char            *unit_code,
                                               DubanNameLookup        name_lookup,
                                               gpointer               name_data,
                                               DubanTime              at,
                                               GError               **error);

G_END_DECLS
