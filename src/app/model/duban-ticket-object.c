/* duban-ticket-object.c — one ticket and its state, as a list item */
#define G_LOG_DOMAIN "duban-ticket-object"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-ticket-object.h"

struct _DubanTicketObject
{
  GObject         parent_instance;

  /* Either owned (ticket_owned) or borrowed from @shared, which the
   * object keeps alive. */
  DubanTicket    *ticket;
  GPtrArray      *shared;
  DubanSlaStatus  status;
  guint           ticket_owned : 1;
};

G_DEFINE_FINAL_TYPE (DubanTicketObject, duban_ticket_object, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
duban_ticket_object_finalize (GObject *object)
{
  DubanTicketObject *self = (DubanTicketObject *)object;

  if (self->ticket_owned)
    g_clear_pointer (&self->ticket, duban_ticket_free);
  g_clear_pointer (&self->shared, g_ptr_array_unref);

  G_OBJECT_CLASS (duban_ticket_object_parent_class)->finalize (object);
}

static void
duban_ticket_object_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DubanTicketObject *self = DUBAN_TICKET_OBJECT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->ticket->id);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->ticket->title);
      break;

    case PROP_STATE:
      g_value_set_int (value, self->status.state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
duban_ticket_object_class_init (DubanTicketObjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = duban_ticket_object_finalize;
  object_class->get_property = duban_ticket_object_get_property;

  /* Read-only: expressions (search, filters) can look at them; changes
   * come through duban_ticket_object_set_status() only. */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      DUBAN_STATE_DONE_ON_TIME, DUBAN_STATE_NOT_YET, DUBAN_STATE_OPEN_OK,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The ticket or its status changed: whatever shows it, shows it again. */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
duban_ticket_object_init (DubanTicketObject *self)
{
}

DubanTicketObject *
duban_ticket_object_new (DubanTicket          *ticket,
                         const DubanSlaStatus *status)
{
  DubanTicketObject *self;

  g_return_val_if_fail (ticket != NULL, NULL);
  g_return_val_if_fail (status != NULL, NULL);

  self = g_object_new (DUBAN_TYPE_TICKET_OBJECT, NULL);
  self->ticket = ticket;
  self->ticket_owned = TRUE;
  self->status = *status;

  return self;
}

DubanTicketObject *
duban_ticket_object_new_shared (GPtrArray            *tickets,
                                guint                 index,
                                const DubanSlaStatus *status)
{
  DubanTicketObject *self;

  g_return_val_if_fail (tickets != NULL, NULL);
  g_return_val_if_fail (index < tickets->len, NULL);
  g_return_val_if_fail (status != NULL, NULL);

  self = g_object_new (DUBAN_TYPE_TICKET_OBJECT, NULL);
  self->shared = g_ptr_array_ref (tickets);
  self->ticket = g_ptr_array_index (tickets, index);
  self->status = *status;

  return self;
}

void
duban_ticket_object_update (DubanTicketObject    *self,
                            GPtrArray            *tickets,
                            guint                 index,
                            const DubanSlaStatus *status)
{
  DubanState old_state;

  g_return_if_fail (DUBAN_IS_TICKET_OBJECT (self));
  g_return_if_fail (tickets != NULL && index < tickets->len);
  g_return_if_fail (status != NULL);

  if (self->ticket_owned)
    g_clear_pointer (&self->ticket, duban_ticket_free);
  self->ticket_owned = FALSE;
  if (self->shared != tickets)
    {
      g_clear_pointer (&self->shared, g_ptr_array_unref);
      self->shared = g_ptr_array_ref (tickets);
    }
  self->ticket = g_ptr_array_index (tickets, index);

  old_state = self->status.state;
  self->status = *status;

  if (old_state != status->state)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_signal_emit (self, signals[CHANGED], 0);
}

const DubanTicket *
duban_ticket_object_get_ticket (DubanTicketObject *self)
{
  g_return_val_if_fail (DUBAN_IS_TICKET_OBJECT (self), NULL);

  return self->ticket;
}

const char *
duban_ticket_object_get_id (DubanTicketObject *self)
{
  g_return_val_if_fail (DUBAN_IS_TICKET_OBJECT (self), NULL);

  return self->ticket->id;
}

const DubanSlaStatus *
duban_ticket_object_get_status (DubanTicketObject *self)
{
  g_return_val_if_fail (DUBAN_IS_TICKET_OBJECT (self), NULL);

  return &self->status;
}

void
duban_ticket_object_set_status (DubanTicketObject    *self,
                                const DubanSlaStatus *status)
{
  DubanState old_state;

  g_return_if_fail (DUBAN_IS_TICKET_OBJECT (self));
  g_return_if_fail (status != NULL);

  old_state = self->status.state;
  self->status = *status;

  if (old_state != status->state)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_signal_emit (self, signals[CHANGED], 0);
}

int
duban_ticket_object_compare_urgency (gconstpointer a,
                                     gconstpointer b,
                                     gpointer      user_data)
{
  const DubanTicketObject *ta = a;
  const DubanTicketObject *tb = b;

  return duban_sla_compare_attention (&ta->status, ta->ticket->id, &tb->status, tb->ticket->id);
}

const char *
duban_state_css_class (DubanState state)
{
  switch (state)
    {
    case DUBAN_STATE_OPEN_OVERDUE: return "state-overdue";
    case DUBAN_STATE_OPEN_WARNING: return "state-warning";
    case DUBAN_STATE_OPEN_OK:      return "state-ok";
    case DUBAN_STATE_DONE_LATE:    return "state-done-late";
    case DUBAN_STATE_DONE_ON_TIME: return "state-done";
    case DUBAN_STATE_CANCELLED:
    case DUBAN_STATE_NOT_YET:
    default:                       return "state-other";
    }
}

const char *
duban_state_icon_name (DubanState state)
{
  switch (state)
    {
    case DUBAN_STATE_OPEN_OVERDUE: return "alarm-symbolic";
    case DUBAN_STATE_OPEN_WARNING: return "dialog-warning-symbolic";
    case DUBAN_STATE_OPEN_OK:      return "emblem-ok-symbolic";
    case DUBAN_STATE_DONE_LATE:    return "alarm-symbolic";
    case DUBAN_STATE_DONE_ON_TIME: return "emblem-ok-symbolic";
    case DUBAN_STATE_CANCELLED:
    case DUBAN_STATE_NOT_YET:
    default:                       return "action-unavailable-symbolic";
    }
}

const char *
duban_glance_css_class (DubanGlance glance)
{
  switch (glance)
    {
    case DUBAN_GLANCE_OVERDUE:
    case DUBAN_GLANCE_NOT_CONTACTED: return "state-overdue";
    case DUBAN_GLANCE_WARNING:       return "state-warning";
    case DUBAN_GLANCE_OK:            return "state-ok";
    case DUBAN_GLANCE_DONE_LATE:     return "state-done-late";
    case DUBAN_GLANCE_DONE_ON_TIME:  return "state-done";
    case DUBAN_GLANCE_NOT_YET:
    case DUBAN_GLANCE_CANCELLED:
    default:                         return "state-other";
    }
}

const char *
duban_glance_icon_name (DubanGlance glance)
{
  switch (glance)
    {
    case DUBAN_GLANCE_NOT_CONTACTED: return "call-missed-symbolic";
    case DUBAN_GLANCE_OVERDUE:       return duban_state_icon_name (DUBAN_STATE_OPEN_OVERDUE);
    case DUBAN_GLANCE_WARNING:       return duban_state_icon_name (DUBAN_STATE_OPEN_WARNING);
    case DUBAN_GLANCE_OK:            return duban_state_icon_name (DUBAN_STATE_OPEN_OK);
    case DUBAN_GLANCE_DONE_LATE:     return duban_state_icon_name (DUBAN_STATE_DONE_LATE);
    case DUBAN_GLANCE_DONE_ON_TIME:  return duban_state_icon_name (DUBAN_STATE_DONE_ON_TIME);
    case DUBAN_GLANCE_NOT_YET:
    case DUBAN_GLANCE_CANCELLED:
    default:                         return duban_state_icon_name (DUBAN_STATE_CANCELLED);
    }
}
