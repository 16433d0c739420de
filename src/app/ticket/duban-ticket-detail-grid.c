/* duban-ticket-detail-grid.c — the small map of a ticket's grid in its detail
 *
 * The ticket's grid among its neighbours in the village, drawn by the
 * same map painter as the map page and the reports, over the regions
 * of the session's desk.
 */
#define G_LOG_DOMAIN "duban-ticket-detail-grid"

#include "config.h"

#include <math.h>

#include "duban-map-painter.h"
#include "duban-ticket-detail-private.h"

/* The session's regions, read with its tickets on the reload's worker. */
static DubanRegions *
ensure_regions (DubanTicketDetail *self)
{
  DubanDesk *desk;

  g_assert (DUBAN_IS_TICKET_DETAIL (self));

  if (self->regions != NULL || self->session == NULL ||
      (desk = duban_session_get_desk (self->session)) == NULL ||
      duban_desk_get_regions (desk) == NULL)
    return self->regions;

  self->regions = duban_regions_ref (duban_desk_get_regions (desk));
  return self->regions;
}

void
duban_ticket_detail_forget_regions (DubanTicketDetail *self)
{
  g_clear_pointer (&self->regions, duban_regions_unref);
}

/* The ticket's grid and its neighbours in the village, the grid outlined
 * and the ticket's mark where it was reported: the map painter's drawing,
 * the same as the map page's and the reports'. */
void
duban_ticket_detail_draw_grid_map (GtkDrawingArea *area,
                                   cairo_t        *cr,
                                   int             width,
                                   int             height,
                                   gpointer        user_data)
{
  DubanTicketDetail *self = user_data;
  const DubanTicket *ticket;
  const DubanArea *grid_area;
  DubanRegions *regions;
  DubanMapView view;
  DubanMapStyle style;
  double x, y;
  int grid;
  int context;

  if (self->ticket == NULL || !(regions = ensure_regions (self)))
    return;

  ticket = duban_ticket_object_get_ticket (self->ticket);
  if ((grid = duban_regions_place_ticket (regions, ticket, &x, &y)) < 0)
    return;

  grid_area = duban_regions_get_area (regions, grid);
  context = grid_area->parent >= 0 ? grid_area->parent : grid;
  {
    const DubanArea *box = duban_regions_get_area (regions, context);

    duban_map_view_fit (&view, width, height, box->min_x, box->min_y, box->max_x, box->max_y, 10);
  }

  duban_map_style_init (&style);
  style.focus = context;
  style.selected = grid;
  duban_map_painter_draw (cr, regions, &view, NULL, &style);

  if (!isnan (x) && !isnan (y))
    {
      double sx, sy;

      duban_map_view_to_screen (&view, x, y, &sx, &sy);
      duban_map_painter_draw_mark (cr, duban_map_mark_for_state (duban_ticket_object_get_status (self->ticket)->state),
                                   sx, sy, 14);
    }
}

void
duban_ticket_detail_update_grid_map (DubanTicketDetail *self,
                                     const DubanTicket *ticket)
{
  DubanRegions *regions = ensure_regions (self);
  double x, y;

  g_assert (DUBAN_IS_TICKET_DETAIL (self));

  /* No regions synced, or a ticket in no grid: the grid row says what
   * is known, and no empty frame stands there. */
  gtk_widget_set_visible (self->grid_map_frame,
                          regions != NULL && duban_regions_place_ticket (regions, ticket, &x, &y) >= 0);
  gtk_widget_queue_draw (GTK_WIDGET (self->grid_map));
}
