/* duban-report-orders.c — the supervision summary: the orders issued in the period and how units answered
 *
 * An order is counted in the period it was issued, as known at the
 * report's moment, on a ticket of the scope; whether its unit replied in
 * time is read off the ticket's resolution against the order's reply-by
 * time. The counts by level, delivery and response, and each unit's line,
 * are made in the same walk, so the summary's totals are its rows'.
 */
#define G_LOG_DOMAIN "duban-report-orders"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "duban-report-private.h"

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

/* One order as the summary lists it: its ticket's title, unit and state
 * at the report's moment, and the unit's response. */
static DubanReportOrder *
report_order_new (DubanReportBuild  *build,
                  const DubanOrder  *record,
                  const DubanTicket *ticket)
{
  const DubanReportSources *sources = build->sources;
  DubanReportOrder *order = g_new0 (DubanReportOrder, 1);
  DubanSlaStatus status;

  order->record = record;
  order->resolved_at = DUBAN_TIME_NONE;
  order->state = DUBAN_STATE_NOT_YET;
  if (ticket != NULL)
    {
      duban_sla_evaluate (sources->policy, sources->calendar, ticket, build->period.at, &status);
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
  order->response = order_response (record, ticket ? &status : NULL, order->resolved_at, build->period.at);

  return order;
}

void
duban_report_build_orders (DubanReportBuild *build)
{
  DubanReport *report = build->report;
  const DubanReportSources *sources = build->sources;
  const DubanPeriod *period = &build->period;
  g_autoptr(GHashTable) by_unit = g_hash_table_new (g_str_hash, g_str_equal);

  report->orders = g_ptr_array_new_with_free_func ((GDestroyNotify) report_order_free);
  report->unit_responses = g_ptr_array_new_with_free_func ((GDestroyNotify) unit_response_free);

  if (sources->orders == NULL)
    return;

  for (guint i = 0; i < sources->orders->len; i++)
    {
      const DubanOrder *record = g_ptr_array_index (sources->orders, i);
      const DubanTicket *ticket = g_hash_table_lookup (build->scoped_by_id, record->ticket_id);
      DubanReportUnitResponse *unit;
      DubanReportOrder *order;

      /* issued inside the period, as known at the moment */
      if (record->issued_at == DUBAN_TIME_NONE || record->issued_at < period->start ||
          record->issued_at >= period->end || record->issued_at > period->at)
        continue;
      /* an order on a ticket the store no longer has belongs to no town
       * or unit: only the county sees it */
      if (ticket == NULL && report->scope != DUBAN_SCOPE_COUNTY)
        continue;

      order = report_order_new (build, record, ticket);
      g_ptr_array_add (report->orders, order);

      report->orders_by_level[MIN (record->level, 2)]++;
      report->orders_by_delivery[MIN (record->delivery, 2)]++;
      report->orders_by_response[order->response]++;

      if ((unit = g_hash_table_lookup (by_unit, order->unit_code)) == NULL)
        {
          unit = g_new0 (DubanReportUnitResponse, 1);
          unit->unit_code = g_strdup (order->unit_code);
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
