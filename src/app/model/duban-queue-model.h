/* duban-queue-model.h — the open tickets in the queue, filtered and sorted
 *
 * A GListModel of DubanTicketObject over the session's array of every
 * stored ticket and their statuses, that keeps only an array of indices:
 * filtering and sorting work on that array, and an item object is made
 * only when a position is asked for (the rows on screen, the selection).
 * An object, once made, is the ticket's for as long as something holds
 * it; a newer load updates it in place, so rows, the selection and the
 * scroll position follow their tickets across syncs.
 */
#pragma once

#include <gio/gio.h>

#include "duban-sla.h"
#include "duban-ticket-object.h"

G_BEGIN_DECLS

typedef enum {
  DUBAN_QUEUE_STATE_ANY_OPEN,
  DUBAN_QUEUE_STATE_OVERDUE,
  DUBAN_QUEUE_STATE_CONTACT_OVERDUE,
  DUBAN_QUEUE_STATE_WARNING,
  DUBAN_QUEUE_STATE_OK,
  DUBAN_QUEUE_N_STATES
} DubanQueueState;

typedef enum {
  DUBAN_QUEUE_SORT_ATTENTION,   /* duban_sla_compare_attention(): the default */
  DUBAN_QUEUE_SORT_ID,
  DUBAN_QUEUE_SORT_TITLE,
  DUBAN_QUEUE_SORT_TOWN,
  DUBAN_QUEUE_SORT_UNIT,
  DUBAN_QUEUE_SORT_CATEGORY,
  DUBAN_QUEUE_SORT_URGENCY,
  DUBAN_QUEUE_SORT_SOURCE,
  DUBAN_QUEUE_SORT_DEADLINE,
  DUBAN_QUEUE_SORT_RECEIVED,
} DubanQueueSort;

/* Registered so that a template can name a sort key ("title", "unit"…). */
#define DUBAN_TYPE_QUEUE_SORT (duban_queue_sort_get_type ())
GType duban_queue_sort_get_type (void) G_GNUC_CONST;

typedef struct {
  char            *town;        /* 9-digit town code, NULL: any */
  char            *unit;        /* unit code, NULL: any */
  char            *category;    /* NULL: any */
  int              urgency;     /* DubanUrgency, -1: any */
  int              source;      /* DubanSource, -1: any */
  DubanQueueState  state;
  char            *search;      /* over id, title, description, address; NULL: none */
  /* Set from elsewhere (a notification, the map, a report), not by the
   * filter bar: a set of ids, and a weekday (1–7) and hour (0–23) of
   * receipt. */
  GHashTable      *ids;         /* char* set, NULL: any */
  int              weekday;     /* -1: any */
  int              hour;        /* -1: any */
} DubanQueueFilter;

void     duban_queue_filter_init   (DubanQueueFilter       *filter);
void     duban_queue_filter_clear  (DubanQueueFilter       *filter);
void     duban_queue_filter_copy   (DubanQueueFilter       *dest,
                                    const DubanQueueFilter *src);
/* Parses the win.show-queue-filtered parameter ("unit:CODE", "town:CODE",
 * "category:供水", "state:open_overdue", "urgency:urgent",
 * "source:hotline", "weekday-hour:3:14", "ids:A,B", "search:text") into
 * @filter, reset first. */
gboolean duban_queue_filter_parse  (DubanQueueFilter       *filter,
                                    const char             *spec,
                                    GError                **error);

#define DUBAN_TYPE_QUEUE_MODEL (duban_queue_model_get_type ())
G_DECLARE_FINAL_TYPE (DubanQueueModel, duban_queue_model, DUBAN, QUEUE_MODEL, GObject)

DubanQueueModel        *duban_queue_model_new          (void);
/* @tickets: DubanTicket*; @statuses: DubanSlaStatus, one per ticket. Both
 * are referenced, not copied, and must not change afterwards. */
void                    duban_queue_model_set_tickets  (DubanQueueModel        *self,
                                                        GPtrArray              *tickets,
                                                        GArray                 *statuses);
void                    duban_queue_model_set_filter   (DubanQueueModel        *self,
                                                        const DubanQueueFilter *filter);
const DubanQueueFilter *duban_queue_model_get_filter   (DubanQueueModel        *self);
void                    duban_queue_model_set_sort     (DubanQueueModel        *self,
                                                        DubanQueueSort          sort,
                                                        gboolean                descending);
/* Per DubanQueueState, over the tickets that pass every filter but the
 * state one; [DUBAN_QUEUE_STATE_ANY_OPEN] is all of them. */
void                    duban_queue_model_get_counts   (DubanQueueModel        *self,
                                                        guint                   counts[DUBAN_QUEUE_N_STATES]);
/* G_MAXUINT when not in the list. */
guint                   duban_queue_model_find         (DubanQueueModel        *self,
                                                        const char             *ticket_id);
/* The ticket at @position without making an object. */
const DubanTicket      *duban_queue_model_peek_ticket  (DubanQueueModel        *self,
                                                        guint                   position);
const DubanSlaStatus   *duban_queue_model_peek_status  (DubanQueueModel        *self,
                                                        guint                   position);

/* The civil weekday (1 = Monday) and hour of an instant, as the
 * weekday-hour filter reads received_at. */
void                    duban_queue_weekday_hour       (DubanTime               time,
                                                        int                    *weekday,
                                                        int                    *hour);

G_END_DECLS
