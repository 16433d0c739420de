/* duban-ticket-row.c — one open ticket in the list
 *
 * Rows are recycled by GtkListView: everything shown is set again on each
 * duban_ticket_row_set_ticket(), including the state's CSS class.
 */
#define G_LOG_DOMAIN "duban-ticket-row"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-ticket-row.h"

struct _DubanTicketRow
{
  GtkWidget          parent_instance;

  DubanTicketObject *ticket;
  const char        *state_class;

  /* Template widgets */
  GtkWidget         *grid;
  GtkLabel          *title_label;
  GtkWidget         *badge;
  GtkImage          *badge_icon;
  GtkLabel          *badge_label;
  GtkLabel          *id_label;
  GtkLabel          *unit_label;
  GtkLabel          *deadline_label;
  GtkLabel          *clock_label;
  GtkWidget         *contact_icon;
};

G_DEFINE_FINAL_TYPE (DubanTicketRow, duban_ticket_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TICKET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
duban_ticket_row_update (DubanTicketRow *self)
{
  const DubanTicket *ticket;
  const DubanSlaStatus *status;
  g_autofree char *deadline = NULL;
  g_autofree char *due = NULL;
  g_autofree char *clock = NULL;
  const char *state_class;
  DubanGlance glance;

  g_assert (DUBAN_IS_TICKET_ROW (self));

  if (self->state_class != NULL)
    {
      gtk_widget_remove_css_class (self->badge, self->state_class);
      gtk_widget_remove_css_class (GTK_WIDGET (self->clock_label), self->state_class);
      self->state_class = NULL;
    }

  if (self->ticket == NULL)
    return;

  ticket = duban_ticket_object_get_ticket (self->ticket);
  status = duban_ticket_object_get_status (self->ticket);

  gtk_label_set_label (self->title_label, ticket->title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), ticket->title);
  gtk_label_set_label (self->id_label, ticket->id);
  gtk_label_set_label (self->unit_label,
                       ticket->unit_name != NULL ? ticket->unit_name : _("Not dispatched"));

  glance = duban_sla_glance (status);
  state_class = duban_glance_css_class (glance);
  gtk_widget_add_css_class (self->badge, state_class);
  gtk_widget_add_css_class (GTK_WIDGET (self->clock_label), state_class);
  self->state_class = state_class;
  gtk_image_set_from_icon_name (self->badge_icon, duban_glance_icon_name (glance));
  gtk_label_set_label (self->badge_label, duban_glance_to_display (glance));

  deadline = duban_time_format_civil (status->deadline);
  /* Translators: the deadline of a ticket, a date and time */
  due = g_strdup_printf (_("Due %s"), deadline);
  gtk_label_set_label (self->deadline_label, due);

  clock = duban_sla_describe_clock (status);
  gtk_label_set_label (self->clock_label, clock);

  gtk_widget_set_visible (self->contact_icon, status->contact_overdue);
}

static void
duban_ticket_row_dispose (GObject *object)
{
  DubanTicketRow *self = (DubanTicketRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), DUBAN_TYPE_TICKET_ROW);
  g_clear_object (&self->ticket);

  G_OBJECT_CLASS (duban_ticket_row_parent_class)->dispose (object);
}

static void
duban_ticket_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DubanTicketRow *self = DUBAN_TICKET_ROW (object);

  switch (prop_id)
    {
    case PROP_TICKET:
      g_value_set_object (value, self->ticket);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
duban_ticket_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  DubanTicketRow *self = DUBAN_TICKET_ROW (object);

  switch (prop_id)
    {
    case PROP_TICKET:
      duban_ticket_row_set_ticket (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
duban_ticket_row_class_init (DubanTicketRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = duban_ticket_row_dispose;
  object_class->get_property = duban_ticket_row_get_property;
  object_class->set_property = duban_ticket_row_set_property;

  properties[PROP_TICKET] =
    g_param_spec_object ("ticket", NULL, NULL,
                         DUBAN_TYPE_TICKET_OBJECT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/duban/Duban/duban-ticket-row.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ticketrow");

  gtk_widget_class_bind_template_child (widget_class, DubanTicketRow, grid);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketRow, badge);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketRow, badge_icon);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketRow, badge_label);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketRow, id_label);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketRow, unit_label);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketRow, deadline_label);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketRow, clock_label);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketRow, contact_icon);
}

static void
duban_ticket_row_init (DubanTicketRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
duban_ticket_row_new (void)
{
  return g_object_new (DUBAN_TYPE_TICKET_ROW, NULL);
}

DubanTicketObject *
duban_ticket_row_get_ticket (DubanTicketRow *self)
{
  g_return_val_if_fail (DUBAN_IS_TICKET_ROW (self), NULL);

  return self->ticket;
}

void
duban_ticket_row_set_ticket (DubanTicketRow    *self,
                             DubanTicketObject *ticket)
{
  g_return_if_fail (DUBAN_IS_TICKET_ROW (self));
  g_return_if_fail (!ticket || DUBAN_IS_TICKET_OBJECT (ticket));

  /* Always refreshed, even for the same object: its status may have been
   * evaluated again since the row last showed it. */
  g_set_object (&self->ticket, ticket);
  duban_ticket_row_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
}
