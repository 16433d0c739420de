/* duban-report.c — the content of a report for leadership, before layout
 *
 * Every count here is a DubanFigures field filled by duban_figures_add()
 * or duban_figures_compute() (their _evaluated forms, fed each ticket's
 * one duban_sla_evaluate() at the report's moment, so that 200,000
 * tickets are judged once, not seven times); the only things this file decides are what
 * to list and in which order. Per-day and per-ticket facts (which ticket
 * was late, on which day a deadline fell) are read off the figures
 * themselves — a ticket is late in the period exactly when adding it
 * raised `due` and not `on_time` — so the accountability list and the
 * trend cannot drift from the rates above them.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "duban-report.h"
#include "duban-privacy.h"

G_DEFINE_QUARK (duban-report-error-quark, duban_report_error)

gboolean
duban_report_kind_from_wire (const char      *wire,
                             DubanReportKind *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (g_strcmp0 (wire, "bulletin") == 0)
    *out = DUBAN_REPORT_BULLETIN;
  else if (g_strcmp0 (wire, "supervision") == 0)
    *out = DUBAN_REPORT_SUPERVISION;
  else
    return FALSE;

  return TRUE;
}

const char *
duban_report_kind_to_wire (DubanReportKind kind)
{
  return kind == DUBAN_REPORT_SUPERVISION ? "supervision" : "bulletin";
}

gboolean
duban_report_scope_parse (const char      *text,
                          DubanScopeKind  *out_kind,
                          char           **out_code,
                          GError         **error)
{
  const char *code = NULL;

  g_return_val_if_fail (out_kind != NULL && out_code != NULL, FALSE);

  *out_code = NULL;
  if (text == NULL || g_str_equal (text, "county"))
    {
      *out_kind = DUBAN_SCOPE_COUNTY;
      return TRUE;
    }

  if (g_str_has_prefix (text, "town:"))
    *out_kind = DUBAN_SCOPE_TOWN, code = text + strlen ("town:");
  else if (g_str_has_prefix (text, "unit:"))
    *out_kind = DUBAN_SCOPE_UNIT, code = text + strlen ("unit:");

  if (code == NULL || *code == '\0' ||
      (*out_kind == DUBAN_SCOPE_TOWN && (strlen (code) != 9 || strspn (code, "0123456789") != 9)))
    {
      g_set_error (error, DUBAN_REPORT_ERROR, DUBAN_REPORT_ERROR_INVALID,
                   "scope must be county, town:CODE (9 digits) or unit:CODE, not '%s'", text);
      return FALSE;
    }

  *out_code = g_strdup (code);
  return TRUE;
}

static gboolean
is_month_start (DubanDay day)
{
  int y, m, d;

  duban_day_to_ymd (day, &y, &m, &d);
  return d == 1;
}

void
duban_report_previous_period (DubanDay  first,
                              DubanDay  last,
                              DubanDay *prev_first,
                              DubanDay *prev_last)
{
  g_return_if_fail (prev_first != NULL && prev_last != NULL);

  /* A month is compared with the month before, not with the 30 days
   * before: leaders read "September against August". */
  if (is_month_start (first) && is_month_start (last + 1))
    {
      int fy, fm, fd, ly, lm, ld;
      int months;

      duban_day_to_ymd (first, &fy, &fm, &fd);
      duban_day_to_ymd (last + 1, &ly, &lm, &ld);
      months = (ly * 12 + lm) - (fy * 12 + fm);
      fm -= months;
      while (fm < 1)
        fm += 12, fy--;
      *prev_first = duban_day_from_ymd (fy, fm, 1);
      *prev_last = first - 1;
      return;
    }

  *prev_last = first - 1;
  *prev_first = first - (last - first + 1);
}

/* ---- supervision orders ------------------------------------------------- */

const char *
duban_order_response_to_display (DubanOrderResponse response)
{
  switch (response)
    {
    case DUBAN_RESPONSE_ON_TIME: return C_("order response", "Replied in time");
    case DUBAN_RESPONSE_LATE:    return C_("order response", "Replied late");
    case DUBAN_RESPONSE_MISSING: return C_("order response", "No reply, past due");
    case DUBAN_RESPONSE_PENDING: return C_("order response", "Awaiting reply");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* ---- building ----------------------------------------------------------- */

static void
late_ticket_free (DubanReportLateTicket *late)
{
  g_free (late->ticket_id);
  g_free (late->title);
  g_free (late->unit_code);
  g_free (late->unit_name);
  g_free (late);
}

static void
accountable_free (DubanReportAccountable *accountable)
{
  g_ptr_array_unref (accountable->late);
  g_free (accountable);
}

static void
count_free (DubanReportCount *count)
{
  g_free (count->key);
  g_free (count->name);
  g_free (count->parent_name);
  g_free (count);
}

static void
repeat_free (DubanReportRepeat *repeat)
{
  g_free (repeat->ticket_id);
  g_free (repeat->title);
  g_free (repeat->category);
  g_free (repeat->unit_name);
  g_free (repeat->repeat_of);
  g_free (repeat->petitioner);
  g_free (repeat);
}

static void
report_order_free (DubanReportOrder *order)
{
  g_free (order->ticket_title);
  g_free (order->unit_code);
  g_free (order->unit_name);
  g_free (order);
}

static void
unit_response_free (DubanReportUnitResponse *response)
{
  g_free (response->unit_code);
  g_free (response->unit_name);
  g_free (response);
}

void
duban_report_free (DubanReport *report)
{
  if (report == NULL)
    return;

  g_free (report->scope_code);
  g_free (report->scope_name);
  g_free (report->document_number);
  duban_figures_free (report->current);
  duban_figures_free (report->previous);
  g_clear_pointer (&report->red, g_ptr_array_unref);
  g_clear_pointer (&report->black, g_ptr_array_unref);
  g_clear_pointer (&report->accountable, g_ptr_array_unref);
  g_clear_pointer (&report->units, g_ptr_array_unref);
  g_clear_pointer (&report->towns, g_ptr_array_unref);
  g_clear_pointer (&report->categories, g_ptr_array_unref);
  g_clear_pointer (&report->grids, g_ptr_array_unref);
  g_clear_pointer (&report->days, g_array_unref);
  g_clear_pointer (&report->repeats, g_ptr_array_unref);
  g_clear_pointer (&report->orders, g_ptr_array_unref);
  g_clear_pointer (&report->unit_responses, g_ptr_array_unref);
  g_clear_pointer (&report->fallback_years, g_array_unref);
  g_clear_pointer (&report->regions, duban_regions_unref);
  g_free (report);
}

static gboolean
in_scope (const DubanTicket *ticket,
          DubanScopeKind     scope,
          const char        *code)
{
  switch (scope)
    {
    case DUBAN_SCOPE_COUNTY:
      return TRUE;
    case DUBAN_SCOPE_TOWN:
      /* the same town as duban_figures_compute()'s town grouping */
      return ticket->grid_code != NULL && strlen (ticket->grid_code) >= 9 &&
             strncmp (ticket->grid_code, code, 9) == 0;
    case DUBAN_SCOPE_UNIT:
      return g_strcmp0 (ticket->unit_code, code) == 0;
    default:
      g_assert_not_reached ();
    }
}

/* Best first: by score, then on-time completion; no data last; ties by code
 * so that the ranking is stable from one run to the next. */
static int
compare_by_score (gconstpointer a,
                  gconstpointer b)
{
  const DubanFigures *fa = *(const DubanFigures **) a;
  const DubanFigures *fb = *(const DubanFigures **) b;

  if (isnan (fa->score) != isnan (fb->score))
    return isnan (fa->score) ? 1 : -1;
  if (!isnan (fa->score) && fa->score != fb->score)
    return fa->score > fb->score ? -1 : 1;
  if (isnan (fa->on_time_completion_rate) != isnan (fb->on_time_completion_rate))
    return isnan (fa->on_time_completion_rate) ? 1 : -1;
  if (!isnan (fa->on_time_completion_rate) && fa->on_time_completion_rate != fb->on_time_completion_rate)
    return fa->on_time_completion_rate > fb->on_time_completion_rate ? -1 : 1;
  return strcmp (fa->key, fb->key);
}

/* Worst first: the lowest on-time completion rate, then the most late tickets. */
static int
compare_accountable (gconstpointer a,
                     gconstpointer b)
{
  const DubanReportAccountable *aa = *(const DubanReportAccountable **) a;
  const DubanReportAccountable *ab = *(const DubanReportAccountable **) b;

  if (aa->figures->on_time_completion_rate != ab->figures->on_time_completion_rate)
    return aa->figures->on_time_completion_rate < ab->figures->on_time_completion_rate ? -1 : 1;
  if (aa->late->len != ab->late->len)
    return aa->late->len > ab->late->len ? -1 : 1;
  return strcmp (aa->figures->key, ab->figures->key);
}

static int
compare_late (gconstpointer a,
              gconstpointer b)
{
  const DubanReportLateTicket *la = *(const DubanReportLateTicket **) a;
  const DubanReportLateTicket *lb = *(const DubanReportLateTicket **) b;

  if (la->deadline != lb->deadline)
    return la->deadline < lb->deadline ? -1 : 1;
  return strcmp (la->ticket_id, lb->ticket_id);
}

static int
compare_counts (gconstpointer a,
                gconstpointer b)
{
  const DubanReportCount *ca = *(const DubanReportCount **) a;
  const DubanReportCount *cb = *(const DubanReportCount **) b;

  if (ca->received != cb->received)
    return ca->received > cb->received ? -1 : 1;
  return strcmp (ca->key, cb->key);
}

static int
compare_repeats (gconstpointer a,
                 gconstpointer b)
{
  const DubanReportRepeat *ra = *(const DubanReportRepeat **) a;
  const DubanReportRepeat *rb = *(const DubanReportRepeat **) b;

  if (ra->received_at != rb->received_at)
    return ra->received_at < rb->received_at ? -1 : 1;
  return strcmp (ra->ticket_id, rb->ticket_id);
}

static char *
lookup (const DubanReportSources *sources,
        const char               *code)
{
  if (code == NULL || *code == '\0' || sources->name_lookup == NULL)
    return NULL;
  return sources->name_lookup (code, sources->name_data);
}

typedef struct {
  DubanReportCount *count;
  DubanFigures      now;     /* only the counts are used */
  DubanFigures      before;
} CountSlot;

static DubanReportCount *
bump_count (GHashTable  *table,
            const char  *key,
            gboolean     now,
            gboolean     before)
{
  DubanReportCount *count = g_hash_table_lookup (table, key);

  if (count == NULL)
    {
      count = g_new0 (DubanReportCount, 1);
      count->key = g_strdup (key);
      g_hash_table_insert (table, count->key, count);
    }
  count->received += now ? 1 : 0;
  count->previous += before ? 1 : 0;
  return count;
}

static GPtrArray *
sorted_counts (GHashTable *table)
{
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) count_free);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      DubanReportCount *count = value;

      /* a category that had tickets only before still shows its fall,
       * but one with none in either period says nothing */
      if (count->received > 0 || count->previous > 0)
        g_ptr_array_add (result, count);
      else
        count_free (count);
    }
  g_hash_table_steal_all (table);
  g_ptr_array_sort (result, compare_counts);
  return result;
}

/* The figures of one scoped set of tickets as a single group: the county
 * grouping of duban_figures_compute(), so every count is the engine's. */
static DubanFigures *
scope_figures (GPtrArray                *tickets,
               const DubanSlaStatus     *statuses,
               const DubanReportSources *sources,
               const DubanPeriod        *period)
{
  g_autoptr(GPtrArray) groups = duban_figures_compute_evaluated (tickets, statuses, sources->policy,
                                                                 sources->calendar, period, DUBAN_GROUP_COUNTY,
                                                                 sources->name_lookup, sources->name_data);

  g_assert (groups->len == 1);
  return g_ptr_array_steal_index (groups, 0);
}

static DubanOrderResponse
order_response (const DubanOrder             *record,
                const DubanSlaStatus         *status,
                DubanTime                     resolved_at,
                DubanTime                     at)
{
  if (status != NULL && status->resolved)
    return record->respond_by == DUBAN_TIME_NONE || resolved_at <= record->respond_by
           ? DUBAN_RESPONSE_ON_TIME : DUBAN_RESPONSE_LATE;
  if (record->respond_by != DUBAN_TIME_NONE && at > record->respond_by)
    return DUBAN_RESPONSE_MISSING;
  return DUBAN_RESPONSE_PENDING;
}

static int
compare_orders (gconstpointer a,
                gconstpointer b)
{
  const DubanReportOrder *oa = *(const DubanReportOrder **) a;
  const DubanReportOrder *ob = *(const DubanReportOrder **) b;

  if (oa->record->issued_at != ob->record->issued_at)
    return oa->record->issued_at < ob->record->issued_at ? -1 : 1;
  return strcmp (oa->record->client_id, ob->record->client_id);
}

static void
build_orders (DubanReport              *report,
              const DubanReportSources *sources,
              GHashTable               *scoped_by_id,
              const DubanPeriod        *period)
{
  g_autoptr(GHashTable) by_unit = g_hash_table_new (g_str_hash, g_str_equal);

  report->orders = g_ptr_array_new_with_free_func ((GDestroyNotify) report_order_free);
  report->unit_responses = g_ptr_array_new_with_free_func ((GDestroyNotify) unit_response_free);

  if (sources->orders == NULL)
    return;

  for (guint i = 0; i < sources->orders->len; i++)
    {
      const DubanOrder *record = g_ptr_array_index (sources->orders, i);
      const DubanTicket *ticket = g_hash_table_lookup (scoped_by_id, record->ticket_id);
      DubanReportUnitResponse *unit;
      DubanReportOrder *order;
      DubanSlaStatus status;
      const char *unit_key;

      /* issued inside the period, as known at the moment */
      if (record->issued_at == DUBAN_TIME_NONE || record->issued_at < period->start ||
          record->issued_at >= period->end || record->issued_at > period->at)
        continue;
      /* an order on a ticket the store no longer has belongs to no town
       * or unit: only the county sees it */
      if (ticket == NULL && report->scope != DUBAN_SCOPE_COUNTY)
        continue;

      order = g_new0 (DubanReportOrder, 1);
      order->record = record;
      order->resolved_at = DUBAN_TIME_NONE;
      order->state = DUBAN_STATE_NOT_YET;
      if (ticket != NULL)
        {
          duban_sla_evaluate (sources->policy, sources->calendar, ticket, period->at, &status);
          order->ticket_title = duban_privacy_mask_ticket_text (ticket->title, ticket->petitioner_phone);
          order->unit_code = g_strdup (ticket->unit_code ? ticket->unit_code : "");
          order->unit_name = g_strdup (ticket->unit_name ? ticket->unit_name : _("Not dispatched"));
          order->state = status.state;
          if (status.resolved)
            order->resolved_at = ticket->resolved_at;
        }
      else
        {
          order->ticket_title = g_strdup (_("(ticket no longer on the platform)"));
          order->unit_code = g_strdup ("");
          order->unit_name = g_strdup (_("Not dispatched"));
        }
      order->response = order_response (record, ticket ? &status : NULL, order->resolved_at, period->at);
      g_ptr_array_add (report->orders, order);

      report->orders_by_level[MIN (record->level, 2)]++;
      report->orders_by_delivery[MIN (record->delivery, 2)]++;
      report->orders_by_response[order->response]++;

      unit_key = order->unit_code;
      if ((unit = g_hash_table_lookup (by_unit, unit_key)) == NULL)
        {
          unit = g_new0 (DubanReportUnitResponse, 1);
          unit->unit_code = g_strdup (unit_key);
          unit->unit_name = g_strdup (order->unit_name);
          g_hash_table_insert (by_unit, unit->unit_code, unit);
          g_ptr_array_add (report->unit_responses, unit);
        }
      unit->orders++;
      unit->delivered += record->delivery == DUBAN_DELIVERY_DELIVERED;
      unit->responses[order->response]++;
    }

  g_ptr_array_sort (report->orders, compare_orders);
}

static char *
document_number (DubanDay first,
                 DubanDay last)
{
  int fy, fm, fd, ly, lm, ld;
  int number;

  duban_day_to_ymd (first, &fy, &fm, &fd);
  duban_day_to_ymd (last, &ly, &lm, &ld);
  /* a month's bulletin is numbered by the month, any other by the week
   * its last day falls in */
  if (fd == 1 && fy == ly && fm == lm && is_month_start (last + 1))
    number = lm;
  else
    number = (last - duban_day_from_ymd (ly, 1, 1)) / 7 + 1;

  return g_strdup_printf ("金社治督〔%d〕%d号", ly, number);
}

DubanReport *
duban_report_build (const DubanReportSources  *sources,
                    DubanReportKind            kind,
                    DubanScopeKind             scope,
                    const char                *scope_code,
                    DubanDay                   first,
                    DubanDay                   last,
                    DubanTime                  at,
                    GError                   **error)
{
  g_autoptr(DubanReport) report = NULL;
  g_autoptr(GPtrArray) scoped = NULL;
  g_autoptr(GHashTable) scoped_by_id = NULL;
  g_autofree DubanSlaStatus *statuses = NULL;
  g_autoptr(GHashTable) unit_index = NULL;
  g_autoptr(GHashTable) late_by_unit = NULL;
  g_autoptr(GHashTable) categories = NULL;
  g_autoptr(GHashTable) grids = NULL;
  g_autofree DubanFigures *day_figures = NULL;
  g_autofree DubanPeriod *day_periods = NULL;
  DubanPeriod period, previous;
  guint n_days, n_ranked;

  g_return_val_if_fail (sources != NULL && sources->tickets != NULL, NULL);
  g_return_val_if_fail (sources->policy != NULL && DUBAN_IS_CALENDAR (sources->calendar), NULL);
  g_return_val_if_fail (scope == DUBAN_SCOPE_COUNTY || scope_code != NULL, NULL);

  if (last < first)
    {
      g_set_error_literal (error, DUBAN_REPORT_ERROR, DUBAN_REPORT_ERROR_INVALID,
                           "the period ends before it starts");
      return NULL;
    }
  /* one bulletin covers at most a few years; a typo of a year would
   * otherwise allocate a day table for centuries */
  if (last - first >= 3 * 366)
    {
      g_set_error_literal (error, DUBAN_REPORT_ERROR, DUBAN_REPORT_ERROR_INVALID,
                           "the period is longer than three years");
      return NULL;
    }

  duban_calendar_clear_fallback_years (sources->calendar);

  report = g_new0 (DubanReport, 1);
  report->kind = kind;
  report->scope = scope;
  report->scope_code = g_strdup (scope == DUBAN_SCOPE_COUNTY ? NULL : scope_code);
  report->first = first;
  report->last = last;
  report->at = at;
  duban_report_previous_period (first, last, &report->previous_first, &report->previous_last);
  report->document_number = document_number (first, last);

  duban_period_init (&period, first, last, at);
  duban_period_init (&previous, report->previous_first, report->previous_last, at);

  scoped = g_ptr_array_new ();
  scoped_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < sources->tickets->len; i++)
    {
      DubanTicket *ticket = g_ptr_array_index (sources->tickets, i);

      if (in_scope (ticket, scope, scope_code))
        {
          g_ptr_array_add (scoped, ticket);
          g_hash_table_insert (scoped_by_id, ticket->id, ticket);
        }
    }

  /* Every figure below is known at the same moment: each ticket is
   * judged once, and every period and group counts that judgement. */
  statuses = g_new0 (DubanSlaStatus, scoped->len);
  for (guint i = 0; i < scoped->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (scoped, i);

      if (ticket->status == DUBAN_STATUS_CANCELLED)
        statuses[i].state = DUBAN_STATE_CANCELLED;
      else
        duban_sla_evaluate (sources->policy, sources->calendar, ticket, period.at, &statuses[i]);
    }
  g_assert (previous.at == period.at);

  /* The scope's own figures, now and before, and the groups beneath it. */
  report->current = scope_figures (scoped, statuses, sources, &period);
  report->previous = scope_figures (scoped, statuses, sources, &previous);
  if (scope != DUBAN_SCOPE_COUNTY)
    {
      g_autofree char *name = lookup (sources, scope_code);

      /* a unit's name travels with its tickets when the store has no units table */
      if (name == NULL && scope == DUBAN_SCOPE_UNIT)
        for (guint i = 0; i < scoped->len && name == NULL; i++)
          name = g_strdup (((DubanTicket *) g_ptr_array_index (scoped, i))->unit_name);
      report->scope_name = g_strdup (name ? name : scope_code);
      for (DubanFigures **f = (DubanFigures *[]) { report->current, report->previous, NULL }; *f; f++)
        {
          g_free ((*f)->key), (*f)->key = g_strdup (scope_code);
          g_free ((*f)->name), (*f)->name = g_strdup (report->scope_name);
        }
    }
  else
    {
      g_autofree char *name = lookup (sources, report->current->key);

      report->scope_name = g_strdup (name ? name : report->current->name);
    }

  report->units = duban_figures_compute_evaluated (scoped, statuses, sources->policy, sources->calendar, &period,
                                                   DUBAN_GROUP_UNIT, sources->name_lookup, sources->name_data);
  g_ptr_array_sort (report->units, compare_by_score);
  if (scope == DUBAN_SCOPE_COUNTY)
    {
      report->towns = duban_figures_compute_evaluated (scoped, statuses, sources->policy, sources->calendar,
                                                       &period, DUBAN_GROUP_TOWN,
                                                       sources->name_lookup, sources->name_data);
      g_ptr_array_sort (report->towns, compare_by_score);
    }
  else
    report->towns = g_ptr_array_new ();

  /* 红黑榜: dispatched units with a score; the two ends never overlap. */
  report->red = g_ptr_array_new ();
  report->black = g_ptr_array_new ();
  n_ranked = 0;
  for (guint i = 0; i < report->units->len; i++)
    {
      DubanFigures *f = g_ptr_array_index (report->units, i);

      if (*f->key != '\0' && !isnan (f->score))
        n_ranked++;
    }
  for (guint i = 0, taken = 0; i < report->units->len && taken < MIN (DUBAN_REPORT_BOARD_SIZE, (n_ranked + 1) / 2); i++)
    {
      DubanFigures *f = g_ptr_array_index (report->units, i);

      if (*f->key != '\0' && !isnan (f->score))
        g_ptr_array_add (report->red, f), taken++;
    }
  for (guint i = report->units->len, taken = 0; i > 0 && taken < MIN (DUBAN_REPORT_BOARD_SIZE, n_ranked / 2); i--)
    {
      DubanFigures *f = g_ptr_array_index (report->units, i - 1);

      if (*f->key != '\0' && !isnan (f->score))
        g_ptr_array_add (report->black, f), taken++;
    }

  unit_index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < report->units->len; i++)
    {
      DubanFigures *f = g_ptr_array_index (report->units, i);

      g_hash_table_insert (unit_index, f->key, f);
    }

  /* One walk over the scope's tickets for the days, the late tickets, the
   * categories, the grids and the repeats. */
  n_days = last - first + 1;
  day_figures = g_new0 (DubanFigures, n_days);
  day_periods = g_new0 (DubanPeriod, n_days);
  for (guint d = 0; d < n_days; d++)
    duban_period_init (&day_periods[d], first + d, first + d, at);
  report->days = g_array_sized_new (FALSE, TRUE, sizeof (DubanReportDay), n_days);
  g_array_set_size (report->days, n_days);

  late_by_unit = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  categories = g_hash_table_new (g_str_hash, g_str_equal);
  grids = g_hash_table_new (g_str_hash, g_str_equal);
  report->repeats = g_ptr_array_new_with_free_func ((GDestroyNotify) repeat_free);

  for (guint i = 0; i < scoped->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (scoped, i);
      DubanFigures before = { 0 };
      gboolean received_now = FALSE;
      DubanSlaStatus status;
      gint64 received_day, deadline_day, resolved_day;
      guint due, on_time;

      /* a cancelled ticket's status says so */
      status = statuses[i];
      if (status.state == DUBAN_STATE_NOT_YET || status.state == DUBAN_STATE_CANCELLED)
        continue;

      /* The trend: each ticket goes into the day it was received and the
       * day its deadline fell; the days' counts add up to the period's. */
      received_day = (gint64) duban_day_of_time (ticket->received_at) - first;
      deadline_day = status.deadline != DUBAN_TIME_NONE ? (gint64) duban_day_of_time (status.deadline) - first : -1;
      if (deadline_day >= n_days)
        deadline_day = -1;
      due = deadline_day >= 0 ? day_figures[deadline_day].due : 0;
      on_time = deadline_day >= 0 ? day_figures[deadline_day].on_time : 0;
      if (received_day >= 0 && received_day < n_days)
        {
          guint received = day_figures[received_day].received;

          /* the days partition the period: received in the period exactly
           * when received in its day */
          duban_figures_add_evaluated (&day_figures[received_day], sources->calendar,
                                       &day_periods[received_day], ticket, &status);
          received_now = day_figures[received_day].received > received;
        }
      if (deadline_day >= 0)
        {
          DubanFigures *day = &day_figures[deadline_day];

          if (deadline_day != received_day)
            duban_figures_add_evaluated (day, sources->calendar, &day_periods[deadline_day], ticket, &status);

          /* late in the period: it raised `due` and not `on_time` */
          if (day->due > due && day->on_time == on_time)
            {
              const char *key = ticket->unit_code ? ticket->unit_code : "";
              DubanFigures *unit = g_hash_table_lookup (unit_index, key);
              DubanReportLateTicket *late = g_new0 (DubanReportLateTicket, 1);
              GPtrArray *list = g_hash_table_lookup (late_by_unit, key);

              late->ticket_id = g_strdup (ticket->id);
              /* the report leaves the store: a phone in the title is masked */
              late->title = duban_privacy_mask_ticket_text (ticket->title, ticket->petitioner_phone);
              late->unit_code = g_strdup (key);
              late->unit_name = g_strdup (unit ? unit->name : key);
              late->deadline = status.deadline;
              late->overdue_by = status.overdue_by;
              late->unit = status.unit;
              late->state = status.state;
              if (list == NULL)
                {
                  list = g_ptr_array_new_with_free_func ((GDestroyNotify) late_ticket_free);
                  g_hash_table_insert (late_by_unit, unit ? unit->key : late->unit_code, list);
                }
              g_ptr_array_add (list, late);
              report->late_total++;
            }
        }

      /* "received in the previous period" as the figures count it; a
       * ticket received at or after this period's start cannot be (the
       * previous period ends there), which spares most of the walk */
      if (ticket->received_at < period.start)
        duban_figures_add_evaluated (&before, sources->calendar, &previous, ticket, &status);
      if (received_now || before.received > 0)
        {
          bump_count (categories, ticket->category, received_now, before.received > 0);
          if (ticket->grid_code != NULL && *ticket->grid_code != '\0')
            bump_count (grids, ticket->grid_code, received_now, before.received > 0);
        }

      if (received_now)
        {
          DubanDay day = duban_day_of_time (ticket->received_at);
          gint64 hour = (ticket->received_at - duban_day_start (day)) / DUBAN_USEC_PER_HOUR;

          report->arrivals[duban_day_weekday (day) - 1][CLAMP (hour, 0, 23)]++;
        }

      if (received_now && ticket->repeat_of != NULL && *ticket->repeat_of != '\0')
        {
          DubanReportRepeat *repeat = g_new0 (DubanReportRepeat, 1);

          repeat->ticket_id = g_strdup (ticket->id);
          repeat->title = duban_privacy_mask_ticket_text (ticket->title, ticket->petitioner_phone);
          repeat->category = g_strdup (ticket->category);
          repeat->unit_name = g_strdup (ticket->unit_name ? ticket->unit_name : _("Not dispatched"));
          repeat->repeat_of = g_strdup (ticket->repeat_of);
          repeat->petitioner = ticket->petitioner_name ? duban_mask_name (ticket->petitioner_name) : g_strdup ("");
          repeat->received_at = ticket->received_at;
          g_ptr_array_add (report->repeats, repeat);
        }

      resolved_day = status.resolved ? (gint64) duban_day_of_time (ticket->resolved_at) - first : -1;
      if (resolved_day >= 0 && resolved_day < n_days)
        g_array_index (report->days, DubanReportDay, resolved_day).resolved++;
    }

  for (guint d = 0; d < n_days; d++)
    {
      DubanReportDay *day = &g_array_index (report->days, DubanReportDay, d);

      day->day = first + d;
      day->received = day_figures[d].received;
      day->overdue = day_figures[d].due - day_figures[d].on_time;
    }

  /* Accountability: every unit short of 100% on-time completion. */
  report->accountable = g_ptr_array_new_with_free_func ((GDestroyNotify) accountable_free);
  for (guint i = 0; i < report->units->len; i++)
    {
      DubanFigures *f = g_ptr_array_index (report->units, i);
      DubanReportAccountable *accountable;
      GPtrArray *late;

      if (f->due == 0 || f->on_time >= f->due)
        continue;

      accountable = g_new0 (DubanReportAccountable, 1);
      accountable->figures = f;
      late = g_hash_table_lookup (late_by_unit, f->key);
      if (late != NULL)
        g_hash_table_steal (late_by_unit, f->key);
      else
        late = g_ptr_array_new_with_free_func ((GDestroyNotify) late_ticket_free);
      g_ptr_array_sort (late, compare_late);
      accountable->late = late;
      /* the walk and the figures count the same tickets; say so loudly if not */
      g_warn_if_fail (late->len == f->due - f->on_time);
      g_ptr_array_add (report->accountable, accountable);
    }
  g_ptr_array_sort (report->accountable, compare_accountable);

  report->categories = sorted_counts (categories);
  for (guint i = 0; i < report->categories->len; i++)
    {
      DubanReportCount *count = g_ptr_array_index (report->categories, i);

      count->name = g_strdup (count->key);
    }
  report->grids = sorted_counts (grids);
  for (guint i = 0; i < report->grids->len; i++)
    {
      DubanReportCount *count = g_ptr_array_index (report->grids, i);
      g_autofree char *town = duban_grid_code_town (count->key);

      /* only the hotspots are named: a name lookup is a query */
      if (i >= DUBAN_REPORT_TOP_N * 3)
        break;
      count->name = lookup (sources, count->key);
      count->parent_name = lookup (sources, town);
      if (count->name == NULL)
        count->name = g_strdup (count->key);
      if (count->parent_name == NULL)
        count->parent_name = g_strdup (town ? town : "");
    }
  for (guint i = DUBAN_REPORT_TOP_N * 3; i < report->grids->len; i++)
    {
      DubanReportCount *count = g_ptr_array_index (report->grids, i);

      count->name = g_strdup (count->key);
      count->parent_name = g_strdup ("");
    }
  g_ptr_array_sort (report->repeats, compare_repeats);

  build_orders (report, sources, scoped_by_id, &period);

  report->fallback_years = duban_calendar_get_fallback_years (sources->calendar);
  if (sources->regions != NULL)
    report->regions = duban_regions_ref (sources->regions);

  return g_steal_pointer (&report);
}

/* ---- text --------------------------------------------------------------- */

const char *
duban_report_title (const DubanReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);

  return report->kind == DUBAN_REPORT_SUPERVISION
    ? _("Bulletin on supervision orders")
    : _("Accountability bulletin on the handling of citizens' requests");
}

const char * const *
duban_report_definitions (DubanReportKind kind)
{
  static const char *bulletin[] = {
    N_("Period: from 00:00 of the first day up to, but not including, 00:00 after the last day (Beijing time). A moment falls in the period when it is inside that span and not after the moment the report was made (A). T is the end of the period or A, whichever is earlier. Cancelled tickets are left out of every figure."),
    N_("Received: tickets whose received_at falls in the period. Resolved: of those, resolved before the end of the period and not after A. Completion rate = resolved ÷ received."),
    N_("On-time completion rate (target 100%): among tickets whose completion deadline (the extended one when an extension counts) falls in the period, the share resolved at or before it. A ticket not resolved by its deadline is late, resolved later or still open. Deadline: urgent tickets 24 hours after the start of the clock; normal tickets 2 working days of working time after it; the clock starts at dispatch, or at intake when never dispatched."),
    N_("On-time contact rate: among urgent tickets whose contact deadline (1 hour after the start) falls in the period, the share first contacted at or before it."),
    N_("Satisfaction rate: among tickets whose follow-up visit falls in the period, rated other than unreachable, leaving out explained requests with supporting documents: the share satisfied or basically satisfied."),
    N_("Mean handling time: among tickets received in the period, the mean of (resolution, or T when not resolved by T) minus the start of the clock; hours for urgent tickets, working days for normal ones."),
    N_("Level of settlement: among tickets resolved in the period with a recorded level, the shares settled in the grid, the town and the county."),
    N_("Score = 100 × weighted mean of the on-time contact, on-time completion and satisfaction rates (weights 30 / 35 / 35 unless the center set others); a rate with no tickets is left out and the other weights rescaled. \"No data\" means an empty denominator, never 0% or 100%."),
    N_("Change: the same figure for the previous period of the same length (the previous months for whole months), as known at A; in percentage points for rates."),
    N_("Accountability list: every unit whose on-time completion rate is under 100%, with each ticket whose deadline fell in the period and was not met; how late is counted to its resolution, or to A when still open. Trend: per day, tickets received, resolved, and whose deadline fell that day and was not met."),
    N_("Categories and hotspot grids: tickets received in the period, against the previous period. Repeat complaints: tickets received in the period that name an earlier ticket on the same matter. Personal data is masked."),
    NULL
  };
  static const char *supervision[] = {
    N_("Orders: supervision orders issued in the period (from 00:00 of the first day to 00:00 after the last, Beijing time, and not after the moment the report was made, A), on tickets in the scope."),
    N_("Delivery: pending (kept in the desk's outbox, not yet acknowledged by the platform), delivered (acknowledged), refused (the platform refused it; a person must act)."),
    N_("Response: replied in time when the unit's completion reply on the ticket came at or before the order's reply-by time; replied late when after it; no reply when the reply-by time has passed by A without one; awaiting reply otherwise. The ticket's state is as of A."),
    NULL
  };
  static gsize translated = 0;
  static const char *bulletin_t[G_N_ELEMENTS (bulletin)];
  static const char *supervision_t[G_N_ELEMENTS (supervision)];

  if (g_once_init_enter (&translated))
    {
      for (guint i = 0; bulletin[i] != NULL; i++)
        bulletin_t[i] = _(bulletin[i]);
      for (guint i = 0; supervision[i] != NULL; i++)
        supervision_t[i] = _(supervision[i]);
      g_once_init_leave (&translated, 1);
    }

  return kind == DUBAN_REPORT_SUPERVISION ? supervision_t : bulletin_t;
}

char *
duban_report_format_rate (double value)
{
  /* two decimals, as duban-ctl figures prints them */
  return isnan (value) ? g_strdup (_("no data")) : g_strdup_printf ("%.2f%%", 100.0 * value);
}

char *
duban_report_format_change (double now,
                            double before)
{
  if (isnan (now) || isnan (before))
    return g_strdup ("—");
  return g_strdup_printf (C_("percentage points", "%+.2f pts"), 100.0 * (now - before));
}

char *
duban_report_format_period (const DubanReport *report)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  from = duban_day_format (report->first);
  to = duban_day_format (report->last);
  return g_strdup_printf (C_("report period", "%s to %s"), from, to);
}
