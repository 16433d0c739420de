/* duban-unit-report-store.c — a unit's page read from the store
 *
 * What the page needs and no more (issue 15, "read only what is asked"):
 * the unit's tickets it lists, whole, by the unit's index; the few other
 * tickets of the confirmed repeat groups it is in, whole, by id, for
 * whether the matter came back (回潮); and every unit's figures over the
 * six months for its rank, from a lean stream of the store's tickets in
 * which each ticket is added to the counts and let go. At two million
 * tickets that is the unit's share of them in memory, where before it
 * was every ticket of the county, whole.
 */
#define G_LOG_DOMAIN "duban-unit-report"

#include "config.h"

#include "duban-repeat-decisions.h"
#include "duban-store-scope.h"
#include "duban-store-unit.h"
#include "duban-unit-report-private.h"

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  const DubanTicket *x = *(const DubanTicket * const *) a;
  const DubanTicket *y = *(const DubanTicket * const *) b;

  return strcmp (x->id, y->id);
}

/* The tickets of the confirmed groups with a ticket among @own that
 * @own does not hold, whole; NULL and @error if the store cannot be read. */
static GPtrArray *
load_group_tickets (DubanStore  *store,
                    GPtrArray   *own,
                    GPtrArray   *decisions,
                    GError     **error)
{
  g_autoptr(GHashTable) held = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  DubanTicketScope scope = { .open_at = DUBAN_TIME_NONE };
  GHashTableIter iter;
  gpointer id;

  for (guint i = 0; i < own->len; i++)
    g_hash_table_add (held, ((DubanTicket *) g_ptr_array_index (own, i))->id);
  for (guint d = 0; decisions != NULL && d < decisions->len; d++)
    {
      const DubanRepeatDecision *decision = g_ptr_array_index (decisions, d);
      gboolean ours = FALSE;

      if (decision->kind != DUBAN_REPEAT_CONFIRMED)
        continue;
      for (guint i = 0; decision->ticket_ids[i] != NULL && !ours; i++)
        ours = g_hash_table_contains (held, decision->ticket_ids[i]);
      for (guint i = 0; ours && decision->ticket_ids[i] != NULL; i++)
        if (!g_hash_table_contains (held, decision->ticket_ids[i]))
          g_hash_table_add (wanted, decision->ticket_ids[i]);
    }
  if (g_hash_table_size (wanted) == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);

  g_hash_table_iter_init (&iter, wanted);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    g_ptr_array_add (ids, id);
  scope.ids = ids;
  return duban_store_load_tickets_scoped (store, &scope, error);
}

DubanUnitReport *
duban_unit_report_build_from_store (DubanStore           *store,
                                    const DubanSlaPolicy *policy,
                                    DubanCalendar        *calendar,
                                    GPtrArray            *local,
                                    GPtrArray            *decisions,
                                    const char           *unit_code,
                                    DubanNameLookup       name_lookup,
                                    gpointer              name_data,
                                    DubanTime             at,
                                    GCancellable         *cancellable,
                                    GError              **error)
{
  g_autoptr(DubanUnitReportMonths) months = NULL;
  g_autoptr(GPtrArray) own = NULL;
  g_autoptr(GPtrArray) others = NULL;
  g_autoptr(GPtrArray) related = NULL;
  g_autoptr(GArray) statuses = NULL;
  gboolean known = FALSE;

  g_return_val_if_fail (DUBAN_IS_STORE (store), NULL);
  g_return_val_if_fail (policy != NULL && calendar != NULL, NULL);
  g_return_val_if_fail (unit_code != NULL, NULL);

  months = duban_unit_report_months_new (policy, calendar, at);

  /* the unit's tickets the page lists, judged at the moment */
  if (!(own = duban_store_load_unit_tickets (store, unit_code, duban_unit_report_months_start (months), at, error)))
    return NULL;
  if (own->len == 0 && !duban_store_has_unit_tickets (store, unit_code, &known, error))
    return NULL;
  statuses = g_array_sized_new (FALSE, FALSE, sizeof (DubanSlaStatus), own->len);
  g_array_set_size (statuses, own->len);
  for (guint i = 0; i < own->len; i++)
    duban_sla_evaluate (policy, calendar, g_ptr_array_index (own, i), at,
                        &g_array_index (statuses, DubanSlaStatus, i));

  /* the groups' other tickets, beside the unit's, ordered by id as a
   * desk's are */
  if (!(others = load_group_tickets (store, own, decisions, error)))
    return NULL;
  related = g_ptr_array_sized_new (own->len + others->len);
  g_ptr_array_extend (related, own, NULL, NULL);
  g_ptr_array_extend (related, others, NULL, NULL);
  g_ptr_array_sort (related, compare_ids);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  /* every unit's figures: every ticket received by the moment, lean, one
   * at a time (any of them can count in the months: one received a year
   * ago and resolved last month is in that month's settled shares) */
  if (!duban_store_foreach_ticket_of_history (store, G_MININT64 + 1, at, duban_unit_report_months_take_cb,
                                              months, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  return duban_unit_report_build_over (own, (const DubanSlaStatus *) statuses->data, related, months, known,
                                       local, decisions, unit_code, name_lookup, name_data, at, error);
}
