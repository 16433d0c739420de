/* duban-ticket-filter.c — which tickets a view shows, and as of when
 *
 * The map's filter as properties a widget can bind to, around a
 * DubanTicketQuery: the rule of which ticket passes is the query's
 * (core/rules/duban-ticket-query.c), not this file's.
 */

#define G_LOG_DOMAIN "duban-ticket-filter"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-ticket-filter.h"

struct _DubanTicketFilter
{
  GObject           parent_instance;

  DubanTicketQuery  query;
  DubanTime         as_of;
};

G_DEFINE_FINAL_TYPE (DubanTicketFilter, duban_ticket_filter, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PERIOD_START,
  PROP_PERIOD_END,
  PROP_AS_OF,
  PROP_STATE,
  PROP_URGENCY,
  PROP_SOURCE,
  PROP_CATEGORY,
  PROP_UNIT_CODE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
duban_ticket_filter_finalize (GObject *object)
{
  DubanTicketFilter *self = DUBAN_TICKET_FILTER (object);

  duban_ticket_query_clear (&self->query);

  G_OBJECT_CLASS (duban_ticket_filter_parent_class)->finalize (object);
}

static void
duban_ticket_filter_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DubanTicketFilter *self = DUBAN_TICKET_FILTER (object);

  switch (prop_id)
    {
    case PROP_PERIOD_START:
      g_value_set_int64 (value, self->query.period_start);
      break;
    case PROP_PERIOD_END:
      g_value_set_int64 (value, self->query.period_end);
      break;
    case PROP_AS_OF:
      g_value_set_int64 (value, self->as_of);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->query.state);
      break;
    case PROP_URGENCY:
      g_value_set_int (value, self->query.urgency);
      break;
    case PROP_SOURCE:
      g_value_set_int (value, self->query.source);
      break;
    case PROP_CATEGORY:
      g_value_set_string (value, self->query.category);
      break;
    case PROP_UNIT_CODE:
      g_value_set_string (value, self->query.unit);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
duban_ticket_filter_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  DubanTicketFilter *self = DUBAN_TICKET_FILTER (object);

  switch (prop_id)
    {
    case PROP_PERIOD_START:
      duban_ticket_filter_set_period (self, g_value_get_int64 (value), self->query.period_end);
      break;
    case PROP_PERIOD_END:
      duban_ticket_filter_set_period (self, self->query.period_start, g_value_get_int64 (value));
      break;
    case PROP_AS_OF:
      duban_ticket_filter_set_as_of (self, g_value_get_int64 (value));
      break;
    case PROP_STATE:
      duban_ticket_filter_set_state (self, g_value_get_int (value));
      break;
    case PROP_URGENCY:
      duban_ticket_filter_set_urgency (self, g_value_get_int (value));
      break;
    case PROP_SOURCE:
      duban_ticket_filter_set_source (self, g_value_get_int (value));
      break;
    case PROP_CATEGORY:
      duban_ticket_filter_set_category (self, g_value_get_string (value));
      break;
    case PROP_UNIT_CODE:
      duban_ticket_filter_set_unit_code (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
duban_ticket_filter_class_init (DubanTicketFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = duban_ticket_filter_finalize;
  object_class->get_property = duban_ticket_filter_get_property;
  object_class->set_property = duban_ticket_filter_set_property;

  properties[PROP_PERIOD_START] =
    g_param_spec_int64 ("period-start", NULL, NULL, G_MININT64, G_MAXINT64, DUBAN_TIME_NONE,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PERIOD_END] =
    g_param_spec_int64 ("period-end", NULL, NULL, G_MININT64, G_MAXINT64, G_MAXINT64,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_AS_OF] =
    g_param_spec_int64 ("as-of", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, DUBAN_QUERY_STATE_ANY, DUBAN_QUERY_N_STATES - 1, DUBAN_QUERY_STATE_ANY,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_URGENCY] =
    g_param_spec_int ("urgency", NULL, NULL, DUBAN_QUERY_ANY, DUBAN_URGENCY_URGENT, DUBAN_QUERY_ANY,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SOURCE] =
    g_param_spec_int ("source", NULL, NULL, DUBAN_QUERY_ANY, DUBAN_SOURCE_OTHER, DUBAN_QUERY_ANY,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_UNIT_CODE] =
    g_param_spec_string ("unit-code", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* One signal for any change, after the property's notify. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
duban_ticket_filter_init (DubanTicketFilter *self)
{
  duban_ticket_query_init (&self->query);
  /* the map: every state, and the backlog whatever the period */
  self->query.state = DUBAN_QUERY_STATE_ANY;
  self->query.backlog = TRUE;
  self->as_of = duban_time_now ();
}

DubanTicketFilter *
duban_ticket_filter_new (void)
{
  return g_object_new (DUBAN_TYPE_TICKET_FILTER, NULL);
}

DubanTicketFilter *
duban_ticket_filter_copy (DubanTicketFilter *self)
{
  DubanTicketFilter *copy;

  g_return_val_if_fail (DUBAN_IS_TICKET_FILTER (self), NULL);

  copy = duban_ticket_filter_new ();
  duban_ticket_query_copy (&copy->query, &self->query);
  copy->as_of = self->as_of;
  return copy;
}

/* GLib 2.74 has no g_set_str(). */
static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
changed (DubanTicketFilter *self,
         guint              prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
duban_ticket_filter_set_period (DubanTicketFilter *self,
                                DubanTime          start,
                                DubanTime          end)
{
  g_return_if_fail (DUBAN_IS_TICKET_FILTER (self));

  if (self->query.period_start == start && self->query.period_end == end)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->query.period_start != start)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD_START]);
  if (self->query.period_end != end)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD_END]);
  self->query.period_start = start;
  self->query.period_end = end;
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

DubanTime
duban_ticket_filter_get_period_start (DubanTicketFilter *self)
{
  g_return_val_if_fail (DUBAN_IS_TICKET_FILTER (self), DUBAN_TIME_NONE);

  return self->query.period_start;
}

DubanTime
duban_ticket_filter_get_period_end (DubanTicketFilter *self)
{
  g_return_val_if_fail (DUBAN_IS_TICKET_FILTER (self), DUBAN_TIME_NONE);

  return self->query.period_end;
}

void
duban_ticket_filter_set_as_of (DubanTicketFilter *self,
                               DubanTime          as_of)
{
  g_return_if_fail (DUBAN_IS_TICKET_FILTER (self));

  if (self->as_of == as_of)
    return;
  self->as_of = as_of;
  changed (self, PROP_AS_OF);
}

DubanTime
duban_ticket_filter_get_as_of (DubanTicketFilter *self)
{
  g_return_val_if_fail (DUBAN_IS_TICKET_FILTER (self), DUBAN_TIME_NONE);

  return self->as_of;
}

void
duban_ticket_filter_get_figures_period (DubanTicketFilter *self,
                                        DubanPeriod       *period)
{
  g_return_if_fail (DUBAN_IS_TICKET_FILTER (self));
  g_return_if_fail (period != NULL);

  period->start = self->query.period_start == DUBAN_TIME_NONE ? G_MININT64 + 1 : self->query.period_start;
  period->end = self->query.period_end;
  period->at = self->as_of;
}

void
duban_ticket_filter_set_state (DubanTicketFilter *self,
                               DubanQueryState   state)
{
  g_return_if_fail (DUBAN_IS_TICKET_FILTER (self));

  if (self->query.state == state)
    return;
  self->query.state = state;
  changed (self, PROP_STATE);
}

DubanQueryState
duban_ticket_filter_get_state (DubanTicketFilter *self)
{
  g_return_val_if_fail (DUBAN_IS_TICKET_FILTER (self), DUBAN_QUERY_STATE_ANY);

  return self->query.state;
}

void
duban_ticket_filter_set_urgency (DubanTicketFilter *self,
                                 int                urgency)
{
  g_return_if_fail (DUBAN_IS_TICKET_FILTER (self));

  if (self->query.urgency == urgency)
    return;
  self->query.urgency = urgency;
  changed (self, PROP_URGENCY);
}

int
duban_ticket_filter_get_urgency (DubanTicketFilter *self)
{
  g_return_val_if_fail (DUBAN_IS_TICKET_FILTER (self), DUBAN_QUERY_ANY);

  return self->query.urgency;
}

void
duban_ticket_filter_set_source (DubanTicketFilter *self,
                                int                source)
{
  g_return_if_fail (DUBAN_IS_TICKET_FILTER (self));

  if (self->query.source == source)
    return;
  self->query.source = source;
  changed (self, PROP_SOURCE);
}

int
duban_ticket_filter_get_source (DubanTicketFilter *self)
{
  g_return_val_if_fail (DUBAN_IS_TICKET_FILTER (self), DUBAN_QUERY_ANY);

  return self->query.source;
}

void
duban_ticket_filter_set_category (DubanTicketFilter *self,
                                  const char        *category)
{
  g_return_if_fail (DUBAN_IS_TICKET_FILTER (self));

  if (category != NULL && category[0] == '\0')
    category = NULL;
  if (replace_string (&self->query.category, category))
    changed (self, PROP_CATEGORY);
}

const char *
duban_ticket_filter_get_category (DubanTicketFilter *self)
{
  g_return_val_if_fail (DUBAN_IS_TICKET_FILTER (self), NULL);

  return self->query.category;
}

void
duban_ticket_filter_set_unit_code (DubanTicketFilter *self,
                                   const char        *unit_code)
{
  g_return_if_fail (DUBAN_IS_TICKET_FILTER (self));

  if (unit_code != NULL && unit_code[0] == '\0')
    unit_code = NULL;
  if (replace_string (&self->query.unit, unit_code))
    changed (self, PROP_UNIT_CODE);
}

const char *
duban_ticket_filter_get_unit_code (DubanTicketFilter *self)
{
  g_return_val_if_fail (DUBAN_IS_TICKET_FILTER (self), NULL);

  return self->query.unit;
}

const DubanTicketQuery *
duban_ticket_filter_get_query (DubanTicketFilter *self)
{
  g_return_val_if_fail (DUBAN_IS_TICKET_FILTER (self), NULL);

  return &self->query;
}

gboolean
duban_ticket_filter_matches (DubanTicketFilter    *self,
                             const DubanTicket    *ticket,
                             const DubanSlaStatus *status)
{
  g_return_val_if_fail (DUBAN_IS_TICKET_FILTER (self), FALSE);
  g_return_val_if_fail (ticket != NULL, FALSE);
  g_return_val_if_fail (status != NULL, FALSE);

  return duban_ticket_query_matches (&self->query, ticket, status);
}

gboolean
duban_ticket_filter_predicate (const DubanTicket    *ticket,
                               const DubanSlaStatus *status,
                               gpointer              filter)
{
  return duban_ticket_filter_matches (filter, ticket, status);
}
