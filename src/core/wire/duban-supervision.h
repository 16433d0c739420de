/* duban-supervision.h — an order (督办单) as the platform carries it
 *
 * Each ticket on the platform carries `supervisions`: every order any
 * workstation of the center issued for it, with the unit's reply. The
 * desk reads them so that every workstation sees every order whoever
 * issued it, and the ladder (rules/duban-ladder.h) knows what was pressed
 * and whether the unit answered in time. docs/feed-api.md, "Ticket".
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "duban-json-tokens.h"
#include "duban-time.h"

G_BEGIN_DECLS

/* The ladder's rungs, from the mildest: 提醒 → 黄牌 → 红牌 → 通报. */
typedef enum {
  DUBAN_ORDER_NOTICE,     /* 提醒 */
  DUBAN_ORDER_YELLOW,     /* 黄牌 */
  DUBAN_ORDER_RED,        /* 红牌 */
  DUBAN_ORDER_BULLETIN,   /* 通报 */
} DubanOrderLevel;

#define DUBAN_ORDER_N_LEVELS (DUBAN_ORDER_BULLETIN + 1)

/* "notice" / "yellow" / "red" / "bulletin" */
const char   *duban_order_level_to_wire    (DubanOrderLevel  level);
gboolean      duban_order_level_from_wire  (const char      *wire,
                                            DubanOrderLevel *level);
const char   *duban_order_level_to_display (DubanOrderLevel  level);   /* 提醒 / 黄牌 / 红牌 / 通报 */

typedef struct {
  char            *client_id;    /* the issuing desk's idempotency key */
  DubanOrderLevel  level;
  char            *note;         /* never NULL once read */
  DubanTime        respond_by;   /* or NONE */
  char            *issued_by;    /* or NULL */
  DubanTime        issued_at;
  DubanTime        replied_at;   /* the unit's reply, or NONE */
  char            *reply;        /* or NULL */
} DubanSupervision;

void              duban_supervision_free (DubanSupervision       *supervision);
DubanSupervision *duban_supervision_copy (const DubanSupervision *supervision);

/* Whether the unit's reply is late at @at: a reply deadline passed
 * before a reply came (or with none yet at @at). A reply that came after
 * @at is not yet known. */
gboolean          duban_supervision_reply_overdue (const DubanSupervision *supervision,
                                                   DubanTime               at);
/* Whether the unit had replied by @at. */
gboolean          duban_supervision_replied       (const DubanSupervision *supervision,
                                                   DubanTime               at);

/* Reads the `supervisions` member of a ticket object: NULL (and no
 * error) when it is absent or null, else an array of DubanSupervision*,
 * oldest first. A malformed entry makes the whole ticket invalid; the
 * message names the field ("supervisions[2].level"). */
gboolean          duban_supervisions_read         (JsonObject  *ticket_object,
                                                   GPtrArray  **out,
                                                   GError     **error);
/* The same over a ticket's members as tokens: where the rules are; the
 * JsonObject form writes the member as tokens and reads it here. */
gboolean          duban_supervisions_read_fields  (DubanJsonFields *ticket_fields,
                                                   GPtrArray      **out,
                                                   GError         **error);
/* Adds the `supervisions` member (nothing when @supervisions is NULL or empty). */
void              duban_supervisions_write        (JsonBuilder *builder,
                                                   GPtrArray   *supervisions);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanSupervision, duban_supervision_free)

G_END_DECLS
