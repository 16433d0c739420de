/* duban-late-risk.c — Kaplan–Meier per unit, category and urgency
 *
 * Time is measured as the share of the allowed time a ticket has used
 * (in its own unit: calendar hours for urgent tickets, working time for
 * normal ones), so that a ticket with an extension and one without, or
 * one received on a Friday and one on a Monday, lie on one axis and
 * "late" is always "past 1". A resolved ticket is an event at the share
 * it used; a ticket still open at the moment is censored at the share
 * used so far — leaving it out would make every unit look faster than
 * it is, since the slow tickets are the ones still open.
 *
 * For an open ticket that has used e of its time, the probability of
 * ending late is S(1) / S(e): of the tickets that were still unresolved
 * at e, the share still unresolved at 1. A unit's own curve for a
 * category and urgency is often thin, so its estimate is shrunk toward
 * the county's (same urgency): p = (n · p_unit + k · p_county) / (n + k),
 * n the unit's tickets still at risk at e (the ones its estimate rests
 * on) and k = DUBAN_LATE_RISK_PRIOR_TICKETS — a unit with 20 tickets at
 * risk counts half, one with 200 almost wholly. When no ticket of the
 * county went unresolved as long as this one has, there is nothing to
 * estimate from: the risk has no basis (has_basis FALSE), is shown as
 * "—" wherever a person reads it, and sorts after every risk with one.
 */
#define G_LOG_DOMAIN "duban-late-risk"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "duban-late-risk.h"

void
duban_late_risk_free (DubanLateRisk *risk)
{
  if (risk == NULL)
    return;

  g_free (risk->basis);
  g_free (risk);
}

/* ---- the curves ---------------------------------------------------------- */

typedef struct {
  double   share;                /* of the allowed time used */
  gboolean event;                /* resolved there; else still open there */
} Observation;

typedef struct {
  GArray *observations;          /* Observation, sorted once filled */
  guint   n_tickets;
  gboolean sorted;
  /* Once sorted, by distinct share t_j ascending: the first observation
   * at t_j (those at risk at t_j are the ones from there on) and the
   * product of the Kaplan–Meier factors of every t_i ≥ t_j up to a share
   * of 1. S(1) / S(e) is that product from the first t_j > e: a binary
   * search, where walking the curve for each open ticket made the
   * county's curves quadratic in the store (half of a month's bulletin
   * at 200k, most of it at 2M). */
  GArray *times;                 /* double */
  GArray *first;                 /* guint */
  GArray *tail;                  /* double */
} Curve;

static void
curve_free (gpointer data)
{
  Curve *curve = data;

  g_array_unref (curve->observations);
  g_clear_pointer (&curve->times, g_array_unref);
  g_clear_pointer (&curve->first, g_array_unref);
  g_clear_pointer (&curve->tail, g_array_unref);
  g_free (curve);
}

static Curve *
curve_new (void)
{
  Curve *curve = g_new0 (Curve, 1);

  curve->observations = g_array_new (FALSE, FALSE, sizeof (Observation));
  return curve;
}

static int
compare_observations (gconstpointer a,
                      gconstpointer b)
{
  const Observation *x = a, *y = b;

  if (x->share != y->share)
    return x->share < y->share ? -1 : 1;
  /* at a tie the event comes first: a ticket censored at t was still at
   * risk at t */
  return (int) y->event - (int) x->event;
}

static void
curve_add (Curve    *curve,
           double    share,
           gboolean  event)
{
  Observation observation = { share, event };

  g_array_append_val (curve->observations, observation);
  curve->n_tickets++;
  curve->sorted = FALSE;
}

/* S(1) / S(@e) by Kaplan–Meier, and through @at_risk how many were still
 * unresolved after @e. FALSE when none was (no estimate). */
static gboolean
curve_late_given (Curve  *curve,
                  double  e,
                  double *p_late,
                  guint  *at_risk)
{
  GArray *obs = curve->observations;
  guint lo, hi, k;

  if (!curve->sorted)
    {
      guint n_times;

      g_array_sort (obs, compare_observations);
      curve->sorted = TRUE;

      g_clear_pointer (&curve->times, g_array_unref);
      g_clear_pointer (&curve->first, g_array_unref);
      g_clear_pointer (&curve->tail, g_array_unref);
      curve->times = g_array_new (FALSE, FALSE, sizeof (double));
      curve->first = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint i = 0; i < obs->len; i++)
        if (i == 0 || g_array_index (obs, Observation, i).share != g_array_index (obs, Observation, i - 1).share)
          {
            g_array_append_val (curve->times, g_array_index (obs, Observation, i).share);
            g_array_append_val (curve->first, i);
          }

      /* 1 − d/n at each t ≤ 1, n the observations from t on */
      n_times = curve->times->len;
      curve->tail = g_array_sized_new (FALSE, FALSE, sizeof (double), n_times + 1);
      g_array_set_size (curve->tail, n_times + 1);
      g_array_index (curve->tail, double, n_times) = 1.0;
      for (guint j = n_times; j-- > 0;)
        {
          guint from = g_array_index (curve->first, guint, j);
          guint to = j + 1 < n_times ? g_array_index (curve->first, guint, j + 1) : obs->len;
          guint events = 0;
          double factor;

          if (g_array_index (curve->times, double, j) > 1.0)
            {
              g_array_index (curve->tail, double, j) = 1.0;
              continue;
            }
          for (guint i = from; i < to; i++)
            events += g_array_index (obs, Observation, i).event ? 1 : 0;
          factor = 1.0 - (double) events / (double) (obs->len - from);
          g_array_index (curve->tail, double, j) = factor * g_array_index (curve->tail, double, j + 1);
        }
    }

  /* the first share after e: those at or before it are behind us */
  lo = 0;
  hi = curve->times->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (curve->times, double, mid) <= e)
        lo = mid + 1;
      else
        hi = mid;
    }
  k = lo;

  *at_risk = k < curve->times->len ? obs->len - g_array_index (curve->first, guint, k) : 0;
  if (*at_risk == 0)
    return FALSE;

  *p_late = g_array_index (curve->tail, double, k);
  return TRUE;
}

/* ---- one ticket on the axis ---------------------------------------------- */

static gint64
span_usec (DubanCalendar     *calendar,
           DubanDurationUnit  unit,
           DubanTime          from,
           DubanTime          to)
{
  if (unit == DUBAN_DURATION_HOURS)
    return to - from;
  return duban_calendar_working_time_between (calendar, from, to);
}

/* The share of its allowed time @ticket had used when resolved (@event)
 * or has used by the moment of @status (open); FALSE when it is neither
 * open nor done, or has no allowed time. */
static gboolean
share_used (const DubanTicket    *ticket,
            const DubanSlaStatus *status,
            DubanCalendar        *calendar,
            double               *share,
            gboolean             *event)
{
  gint64 allowed;

  if (status->allowed <= 0.0 || isnan (status->allowed))
    return FALSE;

  switch (status->state)
    {
    case DUBAN_STATE_DONE_LATE:
    case DUBAN_STATE_OPEN_OVERDUE:
      *share = 1.0 + status->overdue_by / status->allowed;
      *event = status->state == DUBAN_STATE_DONE_LATE;
      /* resolved past the deadline is past 1, whatever the rounding */
      *share = MAX (*share, 1.0 + 1e-9);
      return TRUE;
    case DUBAN_STATE_DONE_ON_TIME:
      allowed = span_usec (calendar, status->unit, status->start, status->deadline);
      if (allowed <= 0)
        return FALSE;
      *share = (double) span_usec (calendar, status->unit, status->start, ticket->resolved_at) / (double) allowed;
      *share = CLAMP (*share, 0.0, 1.0);
      *event = TRUE;
      return TRUE;
    case DUBAN_STATE_OPEN_OK:
    case DUBAN_STATE_OPEN_WARNING:
      *share = CLAMP (1.0 - status->remaining / status->allowed, 0.0, 1.0);
      *event = FALSE;
      return TRUE;
    case DUBAN_STATE_CANCELLED:
    case DUBAN_STATE_NOT_YET:
    default:
      return FALSE;
    }
}

/* The key of @ticket's stratum, "unit\x1fcategory\x1furgency", written
 * into @buffer when it fits (a 研判 keys two million tickets: no string
 * made for each), else allocated into *@allocated. */
static const char *
stratum_key_of (const DubanTicket *ticket,
                char               buffer[128],
                char             **allocated)
{
  const char *unit = ticket->unit_code != NULL ? ticket->unit_code : "";
  const char *category = ticket->category != NULL ? ticket->category : "";
  size_t u = strlen (unit), c = strlen (category);
  int urgency = (int) ticket->urgency;

  *allocated = NULL;
  /* the urgency is one digit; anything else goes the long way */
  if (urgency < 0 || urgency > 9 || u + c + 4 > 128)
    return *allocated = g_strdup_printf ("%s\x1f%s\x1f%d", unit, category, urgency);
  memcpy (buffer, unit, u);
  buffer[u] = '\x1f';
  memcpy (buffer + u + 1, category, c);
  buffer[u + 1 + c] = '\x1f';
  buffer[u + 2 + c] = (char) ('0' + urgency);
  buffer[u + 3 + c] = '\0';
  return buffer;
}

static int
compare_risks (gconstpointer a,
               gconstpointer b)
{
  const DubanLateRisk *x = *(DubanLateRisk * const *) a;
  const DubanLateRisk *y = *(DubanLateRisk * const *) b;

  /* a risk without a basis is no figure: after every one with a basis,
   * not among them at the prior it stands on */
  if (x->has_basis != y->has_basis)
    return x->has_basis ? -1 : 1;
  if (x->has_basis && x->p_late != y->p_late)
    return x->p_late > y->p_late ? -1 : 1;
  return duban_sla_compare_attention (&x->status, x->ticket->id, &y->status, y->ticket->id);
}

/* ---- the curves, fed one ticket at a time ------------------------------------ */

struct _DubanLateRiskCurves {
  DubanCalendar *calendar;
  GHashTable    *strata;         /* unit · category · urgency → Curve */
  Curve         *county[2];      /* by urgency: normal, urgent */
};

DubanLateRiskCurves *
duban_late_risk_curves_new (DubanCalendar *calendar)
{
  DubanLateRiskCurves *self;

  g_return_val_if_fail (DUBAN_IS_CALENDAR (calendar), NULL);

  self = g_new0 (DubanLateRiskCurves, 1);
  self->calendar = g_object_ref (calendar);
  self->strata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, curve_free);
  self->county[0] = curve_new ();
  self->county[1] = curve_new ();
  return self;
}

void
duban_late_risk_curves_free (DubanLateRiskCurves *self)
{
  if (self == NULL)
    return;

  g_object_unref (self->calendar);
  g_hash_table_unref (self->strata);
  curve_free (self->county[0]);
  curve_free (self->county[1]);
  g_free (self);
}

/* Adds @ticket to its stratum's curve and its urgency's county curve;
 * returns the share it used, or NAN when it is no observation. */
static double
curves_observe (DubanLateRiskCurves  *self,
                const DubanTicket    *ticket,
                const DubanSlaStatus *status)
{
  double share;
  gboolean event;
  Curve *curve;
  char buffer[128];
  char *allocated;
  const char *key;

  if (!share_used (ticket, status, self->calendar, &share, &event))
    return NAN;

  key = stratum_key_of (ticket, buffer, &allocated);
  curve = g_hash_table_lookup (self->strata, key);
  if (curve == NULL)
    {
      curve = curve_new ();
      g_hash_table_insert (self->strata, allocated != NULL ? g_steal_pointer (&allocated) : g_strdup (key), curve);
    }
  g_free (allocated);
  curve_add (curve, share, event);
  curve_add (self->county[ticket->urgency == DUBAN_URGENCY_URGENT], share, event);
  return share;
}

gboolean
duban_late_risk_observation (const DubanTicket    *ticket,
                             const DubanSlaStatus *status,
                             DubanCalendar        *calendar,
                             double               *share,
                             gboolean             *event)
{
  g_return_val_if_fail (ticket != NULL && status != NULL, FALSE);
  g_return_val_if_fail (DUBAN_IS_CALENDAR (calendar), FALSE);
  g_return_val_if_fail (share != NULL && event != NULL, FALSE);

  return share_used (ticket, status, calendar, share, event);
}

char *
duban_late_risk_stratum_key (const DubanTicket *ticket)
{
  char buffer[128];
  char *allocated;
  const char *key;

  g_return_val_if_fail (ticket != NULL, NULL);

  key = stratum_key_of (ticket, buffer, &allocated);
  return allocated != NULL ? allocated : g_strdup (key);
}

gpointer
duban_late_risk_curves_stratum (DubanLateRiskCurves *self,
                                const char          *key)
{
  Curve *curve;

  g_return_val_if_fail (self != NULL && key != NULL, NULL);

  if ((curve = g_hash_table_lookup (self->strata, key)) == NULL)
    {
      curve = curve_new ();
      g_hash_table_insert (self->strata, g_strdup (key), curve);
    }
  return curve;
}

void
duban_late_risk_curves_add (DubanLateRiskCurves *self,
                            gpointer             stratum,
                            gboolean             urgent,
                            double               share,
                            gboolean             event)
{
  g_return_if_fail (self != NULL && stratum != NULL);

  curve_add (stratum, share, event);
  curve_add (self->county[urgent ? 1 : 0], share, event);
}

void
duban_late_risk_curves_observe (DubanLateRiskCurves  *self,
                                const DubanTicket    *ticket,
                                const DubanSlaStatus *status)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (ticket != NULL && status != NULL);

  curves_observe (self, ticket, status);
}

static void
curve_merge (Curve       *curve,
             const Curve *from)
{
  g_array_append_vals (curve->observations, from->observations->data, from->observations->len);
  curve->n_tickets += from->n_tickets;
  curve->sorted = FALSE;
}

void
duban_late_risk_curves_merge (DubanLateRiskCurves *self,
                              DubanLateRiskCurves *from)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (self != NULL && from != NULL);

  g_hash_table_iter_init (&iter, from->strata);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Curve *curve = g_hash_table_lookup (self->strata, key);

      if (curve == NULL)
        {
          curve = curve_new ();
          g_hash_table_insert (self->strata, g_strdup (key), curve);
        }
      curve_merge (curve, value);
    }
  curve_merge (self->county[0], from->county[0]);
  curve_merge (self->county[1], from->county[1]);
}

/* The risk of @ticket, open in @status, having used @e of its time; NULL
 * when it is not open or has no allowed time. */
static DubanLateRisk *
curves_risk (DubanLateRiskCurves  *self,
             const DubanTicket    *ticket,
             guint                 index,
             const DubanSlaStatus *status,
             double                e)
{
  DubanLateRisk *risk;

  if (!duban_state_is_open (status->state) || isnan (e))
    return NULL;

  risk = g_new0 (DubanLateRisk, 1);
  risk->ticket = ticket;
  risk->index = index;
  risk->status = *status;

  if (status->state == DUBAN_STATE_OPEN_OVERDUE)
    {
      risk->p_late = 1.0;
      risk->has_basis = TRUE;
      risk->basis = g_strdup (_("already past its deadline"));
    }
  else
    {
      char buffer[128];
      g_autofree char *allocated = NULL;
      Curve *own = g_hash_table_lookup (self->strata, stratum_key_of (ticket, buffer, &allocated));
      Curve *all = self->county[ticket->urgency == DUBAN_URGENCY_URGENT];
      double p_own = 0.0, p_all = 0.0, weight;
      guint n_own = 0, n_all = 0;
      gboolean has_own, has_all;

      /* an open ticket was observed (censored) before it is assessed */
      g_return_val_if_fail (own != NULL, (duban_late_risk_free (risk), NULL));
      const char *unit = ticket->unit_name != NULL ? ticket->unit_name
                           : (ticket->unit_code != NULL ? ticket->unit_code : _("no unit"));
      const char *category = ticket->category != NULL ? ticket->category : "";
      const char *urgency = duban_enum_to_display (DUBAN_ENUM_URGENCY, ticket->urgency);

      has_own = curve_late_given (own, e, &p_own, &n_own);
      has_all = curve_late_given (all, e, &p_all, &n_all);
      if (!has_all)
        {
          /* nothing in the county lasted this long (the unit's tickets are
           * the county's, so neither did they): no knowledge. The prior
           * keeps p_late a probability for whoever averages it; has_basis
           * keeps it from being shown as the unit's record. */
          risk->p_late = 0.5;
          risk->has_basis = FALSE;
          /* the counts are of the others: this ticket is in both curves */
          risk->basis = g_strdup_printf (_("Too little history: none of the county's %u other %s tickets went unresolved as long as this one has (%s · %s: %u others)"),
                                         all->n_tickets - 1, urgency, unit, category, own->n_tickets - 1);
          return risk;
        }
      weight = has_own ? (double) n_own / ((double) n_own + DUBAN_LATE_RISK_PRIOR_TICKETS) : 0.0;
      risk->p_late = CLAMP (weight * p_own + (1.0 - weight) * p_all, 0.0, 1.0);
      risk->has_basis = TRUE;
      risk->basis = g_strdup_printf (_("%s · %s · %s: %u tickets, %u unresolved this far; county: %u, %u unresolved this far; weight on the unit %.2f"),
                                     unit, category, urgency,
                                     own->n_tickets, n_own, all->n_tickets, n_all, weight);
    }
  return risk;
}

GPtrArray *
duban_late_risk_curves_assess (DubanLateRiskCurves *self,
                               GPtrArray           *tickets,
                               GArray              *statuses)
{
  GPtrArray *risks;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (tickets != NULL && statuses != NULL, NULL);
  g_return_val_if_fail (statuses->len == tickets->len, NULL);

  risks = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_late_risk_free);
  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      const DubanSlaStatus *status = &g_array_index (statuses, DubanSlaStatus, i);
      double e, share;
      gboolean event;
      DubanLateRisk *risk;

      e = share_used (ticket, status, self->calendar, &share, &event) ? share : NAN;
      if ((risk = curves_risk (self, ticket, i, status, e)) != NULL)
        g_ptr_array_add (risks, risk);
    }
  g_ptr_array_sort (risks, compare_risks);
  return risks;
}

GPtrArray *
duban_late_risk_assess (GPtrArray            *tickets,
                        GArray               *statuses,
                        const DubanSlaPolicy *policy,
                        DubanCalendar        *calendar,
                        DubanTime             at)
{
  g_autoptr(GArray) own_statuses = NULL;
  g_autoptr(GArray) shares = NULL;
  DubanLateRiskCurves *curves;
  GPtrArray *risks;

  g_return_val_if_fail (tickets != NULL, NULL);
  g_return_val_if_fail (statuses == NULL || statuses->len == tickets->len, NULL);
  g_return_val_if_fail (policy != NULL, NULL);
  g_return_val_if_fail (DUBAN_IS_CALENDAR (calendar), NULL);

  if (statuses == NULL)
    {
      own_statuses = g_array_sized_new (FALSE, FALSE, sizeof (DubanSlaStatus), tickets->len);
      g_array_set_size (own_statuses, tickets->len);
      for (guint i = 0; i < tickets->len; i++)
        duban_sla_evaluate (policy, calendar, g_ptr_array_index (tickets, i), at,
                            &g_array_index (own_statuses, DubanSlaStatus, i));
      statuses = own_statuses;
    }

  /* every ticket is history (the open ones censored), then the open
   * ones are assessed against it */
  curves = duban_late_risk_curves_new (calendar);
  shares = g_array_sized_new (FALSE, FALSE, sizeof (double), tickets->len);
  g_array_set_size (shares, tickets->len);
  for (guint i = 0; i < tickets->len; i++)
    g_array_index (shares, double, i) = curves_observe (curves, g_ptr_array_index (tickets, i),
                                                        &g_array_index (statuses, DubanSlaStatus, i));

  risks = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_late_risk_free);
  for (guint i = 0; i < tickets->len; i++)
    {
      DubanLateRisk *risk = curves_risk (curves, g_ptr_array_index (tickets, i), i,
                                         &g_array_index (statuses, DubanSlaStatus, i),
                                         g_array_index (shares, double, i));

      if (risk != NULL)
        g_ptr_array_add (risks, risk);
    }
  g_ptr_array_sort (risks, compare_risks);

  duban_late_risk_curves_free (curves);
  return risks;
}

/* ---- the backtest ---------------------------------------------------------- */

static int
compare_attention (gconstpointer a,
                   gconstpointer b)
{
  const DubanLateRisk *x = *(DubanLateRisk * const *) a;
  const DubanLateRisk *y = *(DubanLateRisk * const *) b;

  return duban_sla_compare_attention (&x->status, x->ticket->id, &y->status, y->ticket->id);
}

static guint
late_among_first (GPtrArray      *order,
                  guint           k,
                  const gboolean *ended_late)
{
  guint late = 0;

  for (guint i = 0; i < MIN (k, order->len); i++)
    late += ended_late[((DubanLateRisk *) g_ptr_array_index (order, i))->index] ? 1 : 0;
  return late;
}

void
duban_late_risk_backtest (GPtrArray             *tickets,
                          const DubanSlaPolicy  *policy,
                          DubanCalendar         *calendar,
                          DubanTime              at,
                          DubanTime              truth_at,
                          DubanLateRiskBacktest *out)
{
  g_autoptr(GPtrArray) by_risk = NULL;
  g_autoptr(GPtrArray) by_attention = NULL;
  g_autofree gboolean *ended_late = NULL;

  g_return_if_fail (tickets != NULL && policy != NULL && out != NULL);
  g_return_if_fail (DUBAN_IS_CALENDAR (calendar));
  g_return_if_fail (truth_at >= at);

  *out = (DubanLateRiskBacktest) { .at = at };
  by_risk = duban_late_risk_assess (tickets, NULL, policy, calendar, at);
  /* the same risks, borrowed, in the order of attention */
  by_attention = g_ptr_array_sized_new (by_risk->len);
  for (guint i = 0; i < by_risk->len; i++)
    g_ptr_array_add (by_attention, g_ptr_array_index (by_risk, i));
  g_ptr_array_sort (by_attention, compare_attention);

  ended_late = g_new0 (gboolean, MAX (tickets->len, 1));
  for (guint i = 0; i < by_risk->len; i++)
    {
      const DubanLateRisk *risk = g_ptr_array_index (by_risk, i);
      DubanSlaStatus truth;

      duban_sla_evaluate (policy, calendar, risk->ticket, truth_at, &truth);
      ended_late[risk->index] = truth.state == DUBAN_STATE_DONE_LATE ||
                                truth.state == DUBAN_STATE_OPEN_OVERDUE;
      out->n_late += ended_late[risk->index] ? 1 : 0;
      out->n_unknown += truth.state == DUBAN_STATE_OPEN_OK || truth.state == DUBAN_STATE_OPEN_WARNING ? 1 : 0;
    }
  out->n_open = by_risk->len;
  out->risk_top20 = late_among_first (by_risk, 20, ended_late);
  out->risk_top50 = late_among_first (by_risk, 50, ended_late);
  out->attention_top20 = late_among_first (by_attention, 20, ended_late);
  out->attention_top50 = late_among_first (by_attention, 50, ended_late);
}
