/* duban-ticket-detail-private.h — what the parts of the ticket detail share
 *
 * One widget over three files: duban-ticket-detail.c (the field rows
 * made from a table, the header, revealing and notes, the public API),
 * duban-ticket-detail-rows.c (the rows made per ticket: the timeline,
 * its supervision orders and notes, the tickets related to it) and
 * duban-ticket-detail-grid.c (the small map of its grid).
 */
#pragma once

#include <adwaita.h>

#include "duban-ticket-detail.h"

G_BEGIN_DECLS

/* The value shown for anything the platform did not send. */
#define NO_VALUE "—"

typedef enum {
  GROUP_TICKET,
  GROUP_PETITIONER,
  GROUP_PLACE,
  GROUP_DEADLINES,
  GROUP_HANDLING,
  GROUP_EXTENSION,
  GROUP_RESULT,
  N_GROUPS
} DetailGroup;

typedef enum {
  FIELD_KIND,
  FIELD_CATEGORY,
  FIELD_URGENCY,
  FIELD_SOURCE,
  FIELD_STATUS,
  FIELD_REPEAT_OF,
  FIELD_PETITIONER_NAME,
  FIELD_PETITIONER_PHONE,
  FIELD_ADDRESS,
  FIELD_LOCATION,
  FIELD_GRID,
  FIELD_UNIT,
  FIELD_STATE,
  FIELD_CLOCK,
  FIELD_CLOCK_START,
  FIELD_ALLOWED,
  FIELD_DEADLINE,
  FIELD_ORIGINAL_DEADLINE,
  FIELD_CONTACT_DEADLINE,
  FIELD_CONTACT,
  /* received, dispatched, first contact, resolved and the follow-up
   * visit are steps of the timeline (duban-ticket-detail-rows.c), with
   * their deadlines: not said twice */
  FIELD_CLOSED,
  FIELD_UPDATED,
  FIELD_EXTENSION_VERDICT,
  FIELD_EXTENSION_REASON,
  FIELD_EXTENSION_MEASURES,
  FIELD_EXTENSION_PROMISED,
  FIELD_EXTENSION_FILED,
  FIELD_EXTENSION_APPROVED,
  FIELD_DISPOSITION,
  FIELD_EVIDENCE,
  FIELD_HANDLED_LEVEL,
  FIELD_SATISFACTION,
  N_FIELDS
} DetailField;

struct _DubanTicketDetail
{
  AdwBin             parent_instance;

  DubanSession      *session;
  DubanTicketObject *ticket;
  gulong             changed_handler;
  char              *revealed_id;     /* the ticket whose petitioner is shown */
  DubanRegions      *regions;         /* the county's areas, read when first drawn */
  GPtrArray         *dynamic_rows;    /* rows made per ticket: timeline, orders, notes, links */
  const char        *state_class;
  GtkLabel          *values[N_FIELDS];
  GtkWidget         *rows[N_FIELDS];
  GtkWidget         *unit_button;   /* opens the unit's page */

  /* Template widgets */
  GtkStack          *stack;
  GtkScrolledWindow *scrolled_window;
  GtkLabel          *title_label;
  GtkLabel          *id_label;
  GtkWidget         *badge;
  GtkImage          *badge_icon;
  GtkLabel          *badge_label;
  GtkLabel          *clock_label;
  GtkWidget         *contact_badge;
  GtkWidget         *description_box;
  GtkWidget         *actions_box;
  GtkLabel          *description_label;
  AdwPreferencesGroup *groups[N_GROUPS];
  AdwPreferencesGroup *timeline_group;
  AdwPreferencesGroup *orders_group;
  AdwPreferencesGroup *notes_group;
  AdwPreferencesGroup *related_group;
  AdwEntryRow         *note_row;
  GtkWidget           *reveal_button;
  GtkWidget           *grid_map_frame;
  GtkDrawingArea      *grid_map;
};

/* duban-ticket-detail-rows.c */
void duban_ticket_detail_update_rows     (DubanTicketDetail    *self,
                                          const DubanTicket    *ticket,
                                          const DubanSlaStatus *status);

/* duban-ticket-detail-grid.c */
void duban_ticket_detail_update_grid_map (DubanTicketDetail    *self,
                                          const DubanTicket    *ticket);
void duban_ticket_detail_draw_grid_map   (GtkDrawingArea       *area,
                                          cairo_t              *cr,
                                          int                   width,
                                          int                   height,
                                          gpointer              user_data);
/* The session reloaded: the regions are read again when next drawn. */
void duban_ticket_detail_forget_regions  (DubanTicketDetail    *self);

G_END_DECLS
