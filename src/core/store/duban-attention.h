/* duban-attention.h — what newly needs the supervisors' attention
 *
 * After each sync the desk tells the user which tickets have newly become
 * overdue or 预警. "Newly" is against what it told them before, kept per
 * ticket in the store's ticket_flags table, so that a restart does not
 * announce the same tickets again and a ticket that got better (an
 * extension was approved) and worse again is announced again.
 */
#pragma once

#include "duban-calendar.h"
#include "duban-sla.h"
#include "duban-store.h"

G_BEGIN_DECLS

typedef struct {
  GPtrArray *newly_overdue;   /* char* ticket ids */
  GPtrArray *newly_warning;   /* char* ticket ids */
} DubanAttentionChanges;

void     duban_attention_changes_clear (DubanAttentionChanges *changes);

/* Evaluates @tickets (DubanTicket*) at @at, compares each open overdue or
 * 预警 ticket with the state last notified, fills @changes with those
 * that got worse, and records the new states — all in one transaction. */
gboolean duban_attention_update        (DubanStore            *store,
                                        const DubanSlaPolicy  *policy,
                                        DubanCalendar         *calendar,
                                        GPtrArray             *tickets,
                                        DubanTime              at,
                                        DubanAttentionChanges *changes,
                                        GError               **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DubanAttentionChanges, duban_attention_changes_clear)

G_END_DECLS
