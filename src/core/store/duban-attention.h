/* duban-attention.h — what newly needs the supervisors' attention
 *
 * After each sync the desk tells the user which tickets have newly become
 * overdue or 预警, and which open ones newly missed their first contact
 * (未联系). "Newly" is against what it told them before, kept per
 * ticket in the store's ticket_flags table, so that a restart does not
 * announce the same tickets again and a ticket that got better (an
 * extension was approved) and worse again is announced again. The missed
 * contact is kept in the same column as the state, as "<state>;uncontacted"
 * (a row written before it was kept reads as contacted).
 */
#pragma once

#include "duban-calendar.h"
#include "duban-sla.h"
#include "duban-store.h"

G_BEGIN_DECLS

typedef struct {
  GPtrArray *newly_overdue;   /* char* ticket ids */
  GPtrArray *newly_warning;   /* char* ticket ids */
  GPtrArray *newly_uncontacted;   /* char* ticket ids: open, first contact newly overdue */
} DubanAttentionChanges;

void     duban_attention_changes_clear (DubanAttentionChanges *changes);

/* Evaluates @tickets (DubanTicket*) at @at, compares each open overdue,
 * 预警 or 未联系 ticket with the state last notified, fills @changes with
 * those that got worse (a ticket may be in two lists: newly overdue and
 * newly 未联系), and records the new states — all in one transaction. */
gboolean duban_attention_update        (DubanStore            *store,
                                        const DubanSlaPolicy  *policy,
                                        DubanCalendar         *calendar,
                                        GPtrArray             *tickets,
                                        DubanTime              at,
                                        DubanAttentionChanges *changes,
                                        GError               **error);

/* The tickets of @tickets with an order the unit answered after @since
 * and by @until (its supervisions' replied_at, as the platform gives
 * them): the replies a sync brought since the one before. char* ids,
 * owned by the array, in the order of @tickets. No state is kept for
 * this: the previous sync's moment says what the supervisors were told. */
GPtrArray *duban_attention_newly_replied (GPtrArray *tickets,
                                          DubanTime  since,
                                          DubanTime  until);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DubanAttentionChanges, duban_attention_changes_clear)

G_END_DECLS
