/* duban-unit-report.c — one unit's page (单位画像), for a unit meeting
 *
 * Gathered from the unit's tickets judged at the moment, the orders
 * every workstation gave (the platform's `supervisions`) and this desk's
 * own, and every unit's figures month by month (duban-unit-report-months.c)
 * — from every ticket a desk holds, or from the store reading only what
 * the page shows (duban-unit-report-store.c), one builder for both —
 * with the figures and the ladder's reply states of core, so the page,
 * its PDF and its workbook say the same numbers as the bulletin does. The PDF and the workbook are written as the reports are:
 * in memory or beside the file, then renamed over it, owner-only; every
 * title is masked as the bulletin masks it.
 */
#define G_LOG_DOMAIN "duban-unit-report"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "duban-orders.h"
#include "duban-privacy.h"
#include "duban-repeat-matters.h"
#include "duban-report-pdf.h"
#include "duban-documents.h"
#include "duban-unit-report-private.h"

/* ---- building ------------------------------------------------------------ */

static void
unit_ticket_free (DubanUnitTicket *t)
{
  g_free (t->ticket_id);
  g_free (t->title);
  g_free (t);
}

static void
unit_order_free (DubanUnitOrder *o)
{
  g_free (o->ticket_id);
  g_free (o->title);
  duban_supervision_free (o->order);
  g_free (o);
}

static void
unit_month_free (DubanUnitMonth *m)
{
  duban_figures_free (m->figures);
  g_free (m);
}

static void
unit_repeat_free (DubanUnitRepeat *r)
{
  g_free (r->ticket_id);
  g_free (r->title);
  g_free (r->category);
  g_free (r->repeat_of);
  g_free (r);
}

static void
unit_matter_free (DubanUnitMatter *m)
{
  g_strfreev (m->ticket_ids);
  g_free (m->title);
  g_free (m->category);
  g_free (m->resurgent_id);
  g_free (m);
}

void
duban_unit_report_free (DubanUnitReport *report)
{
  if (report == NULL)
    return;

  g_free (report->unit_code);
  g_free (report->unit_name);
  g_clear_pointer (&report->open, g_ptr_array_unref);
  g_clear_pointer (&report->orders, g_ptr_array_unref);
  g_clear_pointer (&report->months, g_ptr_array_unref);
  g_clear_pointer (&report->repeats, g_ptr_array_unref);
  g_clear_pointer (&report->groups, g_ptr_array_unref);
  g_free (report);
}

char *
duban_unit_report_title (const DubanUnitReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);

  /* Translators: the title of a unit's page and of its PDF; %s is the unit */
  return g_strdup_printf (_("Work of %s"), report->unit_name);
}

static int
compare_open (gconstpointer a,
              gconstpointer b)
{
  const DubanUnitTicket *x = *(const DubanUnitTicket * const *) a;
  const DubanUnitTicket *y = *(const DubanUnitTicket * const *) b;

  return duban_sla_compare_attention (&x->status, x->ticket_id, &y->status, y->ticket_id);
}

static int
compare_orders (gconstpointer a,
                gconstpointer b)
{
  const DubanUnitOrder *x = *(const DubanUnitOrder * const *) a;
  const DubanUnitOrder *y = *(const DubanUnitOrder * const *) b;

  if (x->order->issued_at != y->order->issued_at)
    return x->order->issued_at > y->order->issued_at ? -1 : 1;
  return g_strcmp0 (x->order->client_id, y->order->client_id);
}

static int
compare_repeats (gconstpointer a,
                 gconstpointer b)
{
  const DubanUnitRepeat *x = *(const DubanUnitRepeat * const *) a;
  const DubanUnitRepeat *y = *(const DubanUnitRepeat * const *) b;

  if (x->received_at != y->received_at)
    return x->received_at > y->received_at ? -1 : 1;
  return g_strcmp0 (x->ticket_id, y->ticket_id);
}

static int
compare_matters (gconstpointer a,
                 gconstpointer b)
{
  const DubanUnitMatter *x = *(const DubanUnitMatter * const *) a;
  const DubanUnitMatter *y = *(const DubanUnitMatter * const *) b;

  if (x->received_at != y->received_at)
    return x->received_at > y->received_at ? -1 : 1;
  return g_strcmp0 (x->ticket_ids[0], y->ticket_ids[0]);
}

/* oldest first, as a group's tickets are given to the 回潮 test */
static int
compare_received (gconstpointer a,
                  gconstpointer b)
{
  const DubanTicket *x = *(const DubanTicket * const *) a;
  const DubanTicket *y = *(const DubanTicket * const *) b;

  if (x->received_at != y->received_at)
    return x->received_at < y->received_at ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

static int
compare_score (gconstpointer a,
               gconstpointer b)
{
  const DubanFigures *x = *(const DubanFigures * const *) a;
  const DubanFigures *y = *(const DubanFigures * const *) b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return g_strcmp0 (x->key, y->key);
}

/* Month @k: the unit's figures and its rank by score among the units
 * with a score. */
static DubanUnitMonth *
build_month (DubanUnitReportMonths *months,
             guint                  k,
             const char            *unit_code,
             const char            *unit_name)
{
  DubanUnitMonth *month = g_new0 (DubanUnitMonth, 1);
  g_autoptr(GPtrArray) units = duban_unit_report_months_steal (months, k);
  g_autoptr(GPtrArray) ranked = g_ptr_array_new ();

  duban_unit_report_months_days (months, k, &month->first, &month->last);
  for (guint i = 0; i < units->len; i++)
    {
      DubanFigures *figures = g_ptr_array_index (units, i);

      if (figures->key[0] != '\0' && !isnan (figures->score))
        g_ptr_array_add (ranked, figures);
    }
  g_ptr_array_sort (ranked, compare_score);
  month->peers = ranked->len;
  for (guint i = 0; i < ranked->len; i++)
    if (g_strcmp0 (((DubanFigures *) g_ptr_array_index (ranked, i))->key, unit_code) == 0)
      month->rank = i + 1;
  for (guint i = 0; i < units->len; i++)
    if (g_strcmp0 (((DubanFigures *) g_ptr_array_index (units, i))->key, unit_code) == 0)
      {
        month->figures = g_ptr_array_steal_index_fast (units, i);
        break;
      }
  /* the name the page gives the unit, however a stream met its tickets */
  if (month->figures != NULL)
    {
      g_free (month->figures->name);
      month->figures->name = g_strdup (unit_name);
    }

  return month;
}

static DubanSupervision *
supervision_of_order (const DubanOrder *order)
{
  DubanSupervision *s = g_new0 (DubanSupervision, 1);

  s->client_id = g_strdup (order->client_id);
  s->level = order->level;
  s->note = g_strdup (order->note != NULL ? order->note : "");
  s->respond_by = order->respond_by;
  s->issued_by = g_strdup (order->issued_by);
  s->issued_at = order->issued_at;
  s->replied_at = DUBAN_TIME_NONE;
  return s;
}

static void
add_order (DubanUnitReport    *report,
           const DubanTicket  *ticket,
           DubanSupervision   *supervision,
           DubanTime           at)
{
  DubanUnitOrder *o = g_new0 (DubanUnitOrder, 1);
  GPtrArray *one = g_ptr_array_new ();

  o->ticket_id = g_strdup (ticket->id);
  o->title = duban_privacy_mask_ticket_text (ticket->title, ticket->petitioner_phone);
  o->order = supervision;
  g_ptr_array_add (one, supervision);
  o->reply = duban_ladder_reply_state (one, at);
  g_ptr_array_unref (one);
  report->replies[o->reply]++;
  g_ptr_array_add (report->orders, o);
}

/* The ticket @id of @tickets by bisection, as if they were ordered by
 * id; NULL when not found so (the caller then looks the slow way). */
static DubanTicket *
find_by_id (GPtrArray  *tickets,
            const char *id)
{
  guint low = 0, high = tickets->len;

  while (low < high)
    {
      guint mid = low + (high - low) / 2;
      DubanTicket *ticket = g_ptr_array_index (tickets, mid);
      int order = g_strcmp0 (ticket->id, id);

      if (order == 0)
        return ticket;
      if (order < 0)
        low = mid + 1;
      else
        high = mid;
    }
  return NULL;
}

/* The months' tickets, @live (the unit's received by the moment, not
 * cancelled) of the trend's months, as matters: collapsed among the
 * unit's own tickets, so that a group it shares with another unit is one
 * matter on each unit's page. Then the confirmed groups with a ticket of
 * the unit's among them, 回潮 judged on the whole group (every unit's
 * tickets: the matter came back whoever reported it resolved). */
static void
count_matters (DubanUnitReport *report,
               GPtrArray       *tickets,
               GPtrArray       *live,
               GPtrArray       *decisions)
{
  DubanTime start;
  g_autoptr(GPtrArray) grouped = g_ptr_array_new ();  /* the span's tickets in a confirmed group */
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GPtrArray) touching = g_ptr_array_new ();
  g_autoptr(GHashTable) decided = g_hash_table_new (g_str_hash, g_str_equal);  /* ids of confirmed groups */
  g_autoptr(GHashTable) in_span = g_hash_table_new (g_str_hash, g_str_equal);  /* of them, the span's */
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);  /* id → its ticket, once found */
  g_autoptr(GHashTable) first_kept = g_hash_table_new (NULL, NULL);
  guint n_months = report->months->len;
  DubanTime from[DUBAN_UNIT_REPORT_MONTHS];

  g_assert (n_months == DUBAN_UNIT_REPORT_MONTHS);
  for (guint k = 0; k < n_months; k++)
    from[k] = duban_day_start (((DubanUnitMonth *) g_ptr_array_index (report->months, k))->first);
  start = from[0];

  /* The few ids decided on, so that the unit's many tickets are each
   * looked up in a small table; the tickets of no group are matters of
   * their own, so collapsing the grouped ones alone collapses the span. */
  for (guint d = 0; decisions != NULL && d < decisions->len; d++)
    {
      const DubanRepeatDecision *decision = g_ptr_array_index (decisions, d);

      if (decision->kind == DUBAN_REPEAT_CONFIRMED)
        for (guint i = 0; decision->ticket_ids[i] != NULL; i++)
          g_hash_table_add (decided, decision->ticket_ids[i]);
    }

  for (guint i = 0; i < live->len; i++)
    {
      DubanTicket *ticket = g_ptr_array_index (live, i);

      if (ticket->received_at < start)
        continue;
      report->received++;
      for (guint k = n_months; k-- > 0;)
        if (ticket->received_at >= from[k])
          {
            DubanUnitMonth *month = g_ptr_array_index (report->months, k);

            month->received++;
            month->matters++;
            break;
          }
      if (g_hash_table_size (decided) > 0 && g_hash_table_contains (decided, ticket->id))
        {
          g_ptr_array_add (grouped, ticket);
          g_hash_table_insert (in_span, ticket->id, ticket);
        }
    }
  report->matters = report->received;

  kept = duban_repeat_matters_collapse (grouped, decisions, NULL);
  for (guint i = 0; i < kept->len; i++)
    g_hash_table_add (first_kept, g_ptr_array_index (kept, i));
  for (guint i = 0; i < grouped->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (grouped, i);

      if (g_hash_table_contains (first_kept, ticket))
        continue;
      report->matters--;
      for (guint k = n_months; k-- > 0;)
        if (ticket->received_at >= from[k])
          {
            ((DubanUnitMonth *) g_ptr_array_index (report->months, k))->matters--;
            break;
          }
    }

  for (guint d = 0; decisions != NULL && d < decisions->len; d++)
    {
      const DubanRepeatDecision *decision = g_ptr_array_index (decisions, d);
      gboolean ours = FALSE;

      if (decision->kind != DUBAN_REPEAT_CONFIRMED)
        continue;
      for (guint i = 0; decision->ticket_ids[i] != NULL && !ours; i++)
        ours = g_hash_table_contains (in_span, decision->ticket_ids[i]);
      if (!ours)
        continue;
      g_ptr_array_add (touching, (gpointer) decision);
      for (guint i = 0; decision->ticket_ids[i] != NULL; i++)
        g_hash_table_insert (wanted, decision->ticket_ids[i], NULL);
    }
  if (touching->len == 0)
    return;

  /* the other units' tickets of those groups: looked up by id in a
   * desk's tickets, which come ordered by id; a pass over them all for
   * any not found so (another order, or a ticket no longer held) */
  {
    GHashTableIter iter;
    gpointer id, found;
    gboolean missing = FALSE;

    g_hash_table_iter_init (&iter, wanted);
    while (g_hash_table_iter_next (&iter, &id, &found))
      {
        DubanTicket *ticket = find_by_id (tickets, id);

        if (ticket != NULL)
          g_hash_table_iter_replace (&iter, ticket);
        else
          missing = TRUE;
      }
    for (guint i = 0; missing && i < tickets->len; i++)
      {
        DubanTicket *ticket = g_ptr_array_index (tickets, i);

        if (g_hash_table_contains (wanted, ticket->id))
          g_hash_table_insert (wanted, ticket->id, ticket);
      }
  }

  for (guint d = 0; d < touching->len; d++)
    {
      const DubanRepeatDecision *decision = g_ptr_array_index (touching, d);
      g_autoptr(GPtrArray) all = g_ptr_array_new ();
      g_autoptr(GPtrArray) own = g_ptr_array_new ();
      DubanUnitMatter *m = g_new0 (DubanUnitMatter, 1);
      const DubanTicket *first, *back;

      for (guint i = 0; decision->ticket_ids[i] != NULL; i++)
        {
          DubanTicket *ticket = g_hash_table_lookup (wanted, decision->ticket_ids[i]);

          if (ticket != NULL)
            g_ptr_array_add (all, ticket);
          if ((ticket = g_hash_table_lookup (in_span, decision->ticket_ids[i])) != NULL)
            g_ptr_array_add (own, ticket);
        }
      g_ptr_array_sort (all, compare_received);
      g_ptr_array_sort (own, compare_received);

      first = g_ptr_array_index (own, 0);
      m->ticket_ids = g_new0 (char *, own->len + 1);
      for (guint i = 0; i < own->len; i++)
        m->ticket_ids[i] = g_strdup (((const DubanTicket *) g_ptr_array_index (own, i))->id);
      m->title = duban_privacy_mask_ticket_text (first->title, first->petitioner_phone);
      m->category = g_strdup (first->category);
      m->received_at = first->received_at;
      m->n_group = g_strv_length (decision->ticket_ids);
      back = duban_repeat_matters_resurgence ((const DubanTicket * const *) all->pdata, all->len);
      if (back != NULL)
        {
          m->resurgent_id = g_strdup (back->id);
          report->resurgent++;
        }
      g_ptr_array_add (report->groups, m);
    }
  g_ptr_array_sort (report->groups, compare_matters);
}

/* How many matters the platform's repeats are about: each repeat's
 * first ticket, followed up its `repeat_of` links among the unit's own
 * tickets (a link to another unit's ticket ends there). */
static guint
count_repeat_matters (GPtrArray  *repeats,
                      GHashTable *unit_tickets)
{
  g_autoptr(GHashTable) firsts = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < repeats->len; i++)
    {
      const DubanUnitRepeat *r = g_ptr_array_index (repeats, i);
      const char *first = r->repeat_of;
      const DubanTicket *up;

      /* bounded: a loop of links on the platform must not hang the page */
      for (guint hops = 0; hops < 64 && (up = g_hash_table_lookup (unit_tickets, first)) != NULL &&
                           up->repeat_of != NULL; hops++)
        first = up->repeat_of;
      g_hash_table_add (firsts, (gpointer) first);
    }
  return g_hash_table_size (firsts);
}

DubanUnitReport *
duban_unit_report_build_over (GPtrArray             *tickets,
                              const DubanSlaStatus  *statuses,
                              GPtrArray             *related,
                              DubanUnitReportMonths *months,
                              gboolean               known,
                              GPtrArray             *local,
                              GPtrArray             *decisions,
                              const char            *unit_code,
                              DubanNameLookup        name_lookup,
                              gpointer               name_data,
                              DubanTime              at,
                              GError               **error)
{
  g_autoptr(DubanUnitReport) report = NULL;
  g_autoptr(GHashTable) unit_tickets = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) on_platform = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) live = g_ptr_array_new ();

  g_return_val_if_fail (tickets != NULL && (statuses != NULL || tickets->len == 0), NULL);
  g_return_val_if_fail (related != NULL && months != NULL, NULL);
  g_return_val_if_fail (unit_code != NULL, NULL);

  report = g_new0 (DubanUnitReport, 1);
  report->unit_code = g_strdup (unit_code);
  report->at = at;
  report->open = g_ptr_array_new_with_free_func ((GDestroyNotify) unit_ticket_free);
  report->orders = g_ptr_array_new_with_free_func ((GDestroyNotify) unit_order_free);
  report->months = g_ptr_array_new_with_free_func ((GDestroyNotify) unit_month_free);
  report->repeats = g_ptr_array_new_with_free_func ((GDestroyNotify) unit_repeat_free);
  report->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) unit_matter_free);

  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      const DubanSlaStatus *status = &statuses[i];
      guint n_orders = 0;

      if (g_strcmp0 (ticket->unit_code, unit_code) != 0)
        continue;
      g_hash_table_insert (unit_tickets, ticket->id, (gpointer) ticket);
      if (report->unit_name == NULL && ticket->unit_name != NULL)
        report->unit_name = g_strdup (ticket->unit_name);
      if (ticket->status == DUBAN_STATUS_CANCELLED || ticket->received_at > at)
        continue;
      g_ptr_array_add (live, (gpointer) ticket);

      for (guint k = 0; ticket->supervisions != NULL && k < ticket->supervisions->len; k++)
        {
          DubanSupervision *s = g_ptr_array_index (ticket->supervisions, k);

          if (s->issued_at > at)
            continue;
          g_hash_table_add (on_platform, s->client_id);
          add_order (report, ticket, duban_supervision_copy (s), at);
          n_orders++;
        }

      if (duban_state_is_open (status->state))
        {
          DubanUnitTicket *t = g_new0 (DubanUnitTicket, 1);

          t->ticket_id = g_strdup (ticket->id);
          t->title = duban_privacy_mask_ticket_text (ticket->title, ticket->petitioner_phone);
          t->status = *status;
          t->orders = n_orders;
          g_ptr_array_add (report->open, t);
          report->late += status->state == DUBAN_STATE_OPEN_OVERDUE;
        }

      if (ticket->repeat_of != NULL)
        {
          DubanUnitRepeat *r = g_new0 (DubanUnitRepeat, 1);

          r->ticket_id = g_strdup (ticket->id);
          r->title = duban_privacy_mask_ticket_text (ticket->title, ticket->petitioner_phone);
          r->category = g_strdup (ticket->category);
          r->repeat_of = g_strdup (ticket->repeat_of);
          r->received_at = ticket->received_at;
          g_ptr_array_add (report->repeats, r);
        }
    }

  if (g_hash_table_size (unit_tickets) == 0 && !known)
    {
      g_set_error (error, DUBAN_REPORT_ERROR, DUBAN_REPORT_ERROR_INVALID,
                   _("No ticket was ever given to the unit %s"), unit_code);
      return NULL;
    }

  /* this desk's own orders the platform does not list yet */
  for (guint i = 0; local != NULL && i < local->len; i++)
    {
      const DubanOrder *order = g_ptr_array_index (local, i);
      const DubanTicket *ticket = g_hash_table_lookup (unit_tickets, order->ticket_id);

      if (ticket != NULL && order->issued_at <= at && !g_hash_table_contains (on_platform, order->client_id))
        {
          add_order (report, ticket, supervision_of_order (order), at);
          for (guint k = 0; k < report->open->len; k++)
            {
              DubanUnitTicket *t = g_ptr_array_index (report->open, k);

              if (g_str_equal (t->ticket_id, ticket->id))
                t->orders++;
            }
        }
    }

  if (report->unit_name == NULL && name_lookup != NULL)
    report->unit_name = name_lookup (unit_code, name_data);
  if (report->unit_name == NULL)
    report->unit_name = g_strdup (unit_code);

  for (guint k = 0; k < DUBAN_UNIT_REPORT_MONTHS; k++)
    g_ptr_array_add (report->months, build_month (months, k, unit_code, report->unit_name));

  count_matters (report, related, live, decisions);
  report->repeat_matters = count_repeat_matters (report->repeats, unit_tickets);

  g_ptr_array_sort (report->open, compare_open);
  g_ptr_array_sort (report->orders, compare_orders);
  g_ptr_array_sort (report->repeats, compare_repeats);

  return g_steal_pointer (&report);
}

DubanUnitReport *
duban_unit_report_build (GPtrArray            *tickets,
                         GArray               *statuses,
                         const DubanSlaPolicy *policy,
                         DubanCalendar        *calendar,
                         GPtrArray            *local,
                         GPtrArray            *decisions,
                         const char           *unit_code,
                         DubanNameLookup       name_lookup,
                         gpointer              name_data,
                         DubanTime             at,
                         GError              **error)
{
  g_autoptr(DubanUnitReportMonths) months = NULL;

  g_return_val_if_fail (tickets != NULL && statuses != NULL && statuses->len == tickets->len, NULL);
  g_return_val_if_fail (policy != NULL && calendar != NULL, NULL);
  g_return_val_if_fail (unit_code != NULL, NULL);

  months = duban_unit_report_months_new (policy, calendar, at);
  for (guint i = 0; i < tickets->len; i++)
    duban_unit_report_months_add (months, g_ptr_array_index (tickets, i),
                                  &g_array_index (statuses, DubanSlaStatus, i));
  return duban_unit_report_build_over (tickets, (const DubanSlaStatus *) statuses->data, tickets, months, FALSE,
                                       local, decisions, unit_code, name_lookup, name_data, at, error);
}

/* ---- what every output says alike ---------------------------------------- */

static char *
format_month (const DubanUnitMonth *month)
{
  int y, m, d;

  duban_day_to_ymd (month->first, &y, &m, &d);
  return g_strdup_printf ("%04d-%02d", y, m);
}

static char *
format_rank (const DubanUnitMonth *month)
{
  if (month->rank == 0)
    return g_strdup ("—");
  return g_strdup_printf ("%u / %u", month->rank, month->peers);
}

static char *
format_score (const DubanUnitMonth *month)
{
  if (month->figures == NULL || isnan (month->figures->score))
    return g_strdup (_("no data"));
  return g_strdup_printf ("%.1f", month->figures->score);
}

static char *
format_rate (const DubanUnitMonth *month,
             gsize                 offset)
{
  return duban_report_format_rate (month->figures != NULL ? G_STRUCT_MEMBER (double, month->figures, offset) : NAN);
}

char *
duban_unit_report_describe_matters (const DubanUnitReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);

  /* Translators: the unit page's count of matters; %u months, %u tickets, %u matters */
  return g_strdup_printf (_("In these %u months: %u tickets, merged into %u matters "
                            "(a repeat group confirmed by a supervisor counts as one)"),
                          report->months->len, report->received, report->matters);
}

const char *
duban_unit_report_matters_note (void)
{
  return _("Note: only the count of matters merges confirmed repeat groups; the rates and the rank count "
           "every ticket, as the county's rules of accountability do.");
}

char *
duban_unit_report_describe_groups (const DubanUnitReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);

  return g_strdup_printf (_("Repeat groups confirmed as one matter: %u; came back after reported resolved: %u"),
                          report->groups->len, report->resurgent);
}

char *
duban_unit_report_describe_repeats (const DubanUnitReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);

  return g_strdup_printf (_("Linked by the platform: %u repeat complaints about %u matters"),
                          report->repeats->len, report->repeat_matters);
}

char *
duban_unit_matter_format_ids (const DubanUnitMatter *matter)
{
  g_return_val_if_fail (matter != NULL, NULL);

  return g_strjoinv (", ", matter->ticket_ids);
}

static const struct {
  const char *title;
  gsize       offset;
} rate_columns[] = {
  { N_("On-time completion"), G_STRUCT_OFFSET (DubanFigures, on_time_completion_rate) },
  { N_("On-time contact"), G_STRUCT_OFFSET (DubanFigures, on_time_contact_rate) },
  { N_("Satisfaction"), G_STRUCT_OFFSET (DubanFigures, satisfaction_rate) },
};

/* ---- PDF ------------------------------------------------------------------ */

#define MARGIN 56.0
#define LINE_GAP 4.0

typedef struct {
  cairo_t *cr;
  double   y;
  guint    page;
} Pen;

static cairo_status_t
append_to_bytes (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static PangoLayout *
layout_for (Pen        *pen,
            const char *text,
            double      size,
            gboolean    bold,
            double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (pen->cr);
  PangoFontDescription *font = pango_font_description_from_string (DUBAN_REPORT_SANS_FONT);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

static void
ensure_room (Pen    *pen,
             double  height)
{
  if (pen->y + height <= DUBAN_REPORT_PAGE_HEIGHT - MARGIN)
    return;
  cairo_show_page (pen->cr);
  pen->page++;
  pen->y = MARGIN;
}

static void
paragraph (Pen        *pen,
           const char *text,
           double      size,
           gboolean    bold,
           gboolean    centred)
{
  double width = DUBAN_REPORT_PAGE_WIDTH - 2 * MARGIN;
  g_autoptr(PangoLayout) layout = layout_for (pen, text, size, bold, width);
  int w, h;

  pango_layout_set_alignment (layout, centred ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
  pango_layout_get_pixel_size (layout, &w, &h);
  ensure_room (pen, h);
  cairo_move_to (pen->cr, MARGIN, pen->y);
  pango_cairo_show_layout (pen->cr, layout);
  pen->y += h + LINE_GAP;
}

/* One row of cells, each ellipsized to its column; @widths in points. */
static void
table_row (Pen                *pen,
           const char * const *cells,
           const double       *widths,
           guint               n,
           gboolean            head)
{
  double x = MARGIN;
  double height = 0;

  ensure_room (pen, 16);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PangoLayout) layout = layout_for (pen, cells[i], 9, head, widths[i] - 4);
      int w, h;

      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (layout, &w, &h);
      cairo_move_to (pen->cr, x, pen->y);
      pango_cairo_show_layout (pen->cr, layout);
      height = MAX (height, h);
      x += widths[i];
    }
  pen->y += height + 2;
  if (head)
    {
      cairo_set_line_width (pen->cr, 0.5);
      cairo_move_to (pen->cr, MARGIN, pen->y);
      cairo_line_to (pen->cr, DUBAN_REPORT_PAGE_WIDTH - MARGIN, pen->y);
      cairo_stroke (pen->cr);
      pen->y += 3;
    }
}

static void
draw_report (Pen                   *pen,
             const DubanUnitReport *report)
{
  g_autofree char *title = duban_unit_report_title (report);
  g_autofree char *at = duban_time_format_civil (report->at);
  g_autofree char *as_of = g_strdup_printf (_("As of %s"), at);
  g_autofree char *open = NULL;
  g_autofree char *replies = NULL;

  paragraph (pen, title, 20, TRUE, TRUE);
  paragraph (pen, as_of, 10, FALSE, TRUE);
  pen->y += 10;

  /* 1. the trend and the rank */
  paragraph (pen, _("Rates against target, month by month (target 100%)"), 13, TRUE, FALSE);
  {
    static const double widths[] = { 56, 76, 76, 64, 44, 70, 44, 50 };
    const char *head[] = { _("Month"), _(rate_columns[0].title), _(rate_columns[1].title),
                           _(rate_columns[2].title), _("Score"), _("Rank among units"),
                           C_("unit page count", "Tickets"), C_("unit page count", "Matters") };

    table_row (pen, head, widths, G_N_ELEMENTS (widths), TRUE);
    for (guint i = 0; i < report->months->len; i++)
      {
        const DubanUnitMonth *month = g_ptr_array_index (report->months, i);
        g_autofree char *name = format_month (month);
        g_autofree char *r0 = format_rate (month, rate_columns[0].offset);
        g_autofree char *r1 = format_rate (month, rate_columns[1].offset);
        g_autofree char *r2 = format_rate (month, rate_columns[2].offset);
        g_autofree char *score = format_score (month);
        g_autofree char *rank = format_rank (month);
        g_autofree char *received = g_strdup_printf ("%u", month->received);
        g_autofree char *matters = g_strdup_printf ("%u", month->matters);
        const char *cells[] = { name, r0, r1, r2, score, rank, received, matters };

        table_row (pen, cells, widths, G_N_ELEMENTS (widths), FALSE);
      }
  }
  {
    g_autofree char *matters = duban_unit_report_describe_matters (report);

    pen->y += 4;
    paragraph (pen, matters, 10, FALSE, FALSE);
    paragraph (pen, duban_unit_report_matters_note (), 8, FALSE, FALSE);
  }
  pen->y += 10;

  /* 2. open and late */
  open = g_strdup_printf (_("Open tickets: %u, of them overdue: %u"), report->open->len, report->late);
  paragraph (pen, _("Open and late tickets"), 13, TRUE, FALSE);
  paragraph (pen, open, 10, FALSE, FALSE);
  {
    static const double widths[] = { 110, 200, 110, 60 };
    const char *head[] = { _("Ticket"), _("Title"), _("Time"), _("Orders") };

    table_row (pen, head, widths, G_N_ELEMENTS (widths), TRUE);
    for (guint i = 0; i < report->open->len; i++)
      {
        const DubanUnitTicket *t = g_ptr_array_index (report->open, i);
        g_autofree char *clock = duban_sla_describe_clock (&t->status);
        g_autofree char *orders = g_strdup_printf ("%u", t->orders);
        const char *cells[] = { t->ticket_id, t->title, clock, orders };

        table_row (pen, cells, widths, G_N_ELEMENTS (widths), FALSE);
      }
  }
  pen->y += 10;

  /* 3. orders and replies */
  replies = g_strdup_printf (_("Orders: %u; replied in time %u, awaiting a reply %u, reply overdue %u"),
                             report->orders->len, report->replies[DUBAN_REPLY_REPLIED],
                             report->replies[DUBAN_REPLY_DUE], report->replies[DUBAN_REPLY_OVERDUE]);
  paragraph (pen, _("Supervision orders and replies"), 13, TRUE, FALSE);
  paragraph (pen, replies, 10, FALSE, FALSE);
  {
    static const double widths[] = { 100, 46, 90, 90, 70, 88 };
    const char *head[] = { _("Ticket"), _("Level"), _("Issued"), _("Reply by"), _("Reply"), _("Issued by") };

    table_row (pen, head, widths, G_N_ELEMENTS (widths), TRUE);
    for (guint i = 0; i < report->orders->len; i++)
      {
        const DubanUnitOrder *o = g_ptr_array_index (report->orders, i);
        g_autofree char *issued = duban_time_format_civil (o->order->issued_at);
        g_autofree char *due = o->order->respond_by != DUBAN_TIME_NONE ? duban_time_format_civil (o->order->respond_by)
                                                                        : g_strdup ("—");
        const char *cells[] = { o->ticket_id, duban_order_level_to_display (o->order->level), issued, due,
                                duban_reply_state_to_display (o->reply),
                                o->order->issued_by != NULL ? o->order->issued_by : "—" };

        table_row (pen, cells, widths, G_N_ELEMENTS (widths), FALSE);
        if (o->order->reply != NULL)
          {
            g_autofree char *text = g_strdup_printf (_("Reply: %s"), o->order->reply);
            paragraph (pen, text, 9, FALSE, FALSE);
          }
      }
  }
  pen->y += 10;

  /* 4. repeat complaints, as matters */
  paragraph (pen, _("Repeat complaints"), 13, TRUE, FALSE);
  {
    static const double widths[] = { 105, 150, 50, 60, 105 };
    g_autofree char *groups = duban_unit_report_describe_groups (report);
    const char *head[] = { C_("unit page", "First ticket"), _("Title"), _("Category"),
                           C_("unit page", "Unit / group"), _("Came back") };

    paragraph (pen, groups, 10, FALSE, FALSE);
    if (report->groups->len > 0)
      table_row (pen, head, widths, G_N_ELEMENTS (widths), TRUE);
    for (guint i = 0; i < report->groups->len; i++)
      {
        const DubanUnitMatter *m = g_ptr_array_index (report->groups, i);
        g_autofree char *size = g_strdup_printf ("%u / %u", g_strv_length (m->ticket_ids), m->n_group);
        const char *cells[] = { m->ticket_ids[0], m->title, m->category, size,
                                m->resurgent_id != NULL ? m->resurgent_id : "—" };

        table_row (pen, cells, widths, G_N_ELEMENTS (widths), FALSE);
        /* every id, which no column has room for */
        if (m->ticket_ids[1] != NULL)
          {
            g_autofree char *ids = duban_unit_matter_format_ids (m);
            g_autofree char *line = g_strdup_printf (C_("unit page", "Tickets: %s"), ids);

            paragraph (pen, line, 8, FALSE, FALSE);
          }
      }
    pen->y += 6;
  }
  {
    g_autofree char *repeats = duban_unit_report_describe_repeats (report);

    paragraph (pen, repeats, 10, FALSE, FALSE);
  }
  {
    static const double widths[] = { 110, 200, 70, 100 };
    const char *head[] = { _("Ticket"), _("Title"), _("Category"), _("Repeat of") };

    table_row (pen, head, widths, G_N_ELEMENTS (widths), TRUE);
    for (guint i = 0; i < report->repeats->len; i++)
      {
        const DubanUnitRepeat *r = g_ptr_array_index (report->repeats, i);
        const char *cells[] = { r->ticket_id, r->title, r->category, r->repeat_of };

        table_row (pen, cells, widths, G_N_ELEMENTS (widths), FALSE);
      }
  }
}

gboolean
duban_unit_report_write_pdf (const DubanUnitReport  *report,
                             const char             *path,
                             GError                **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *title = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  Pen pen = { 0 };

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  title = duban_unit_report_title (report);
  surface = cairo_pdf_surface_create_for_stream (append_to_bytes, bytes,
                                                 DUBAN_REPORT_PAGE_WIDTH, DUBAN_REPORT_PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Duban " PACKAGE_VERSION);
  pen.cr = cairo_create (surface);
  pen.y = MARGIN;
  cairo_set_source_rgb (pen.cr, 0, 0, 0);
  draw_report (&pen, report);
  cairo_show_page (pen.cr);
  cairo_destroy (pen.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, DUBAN_REPORT_ERROR, DUBAN_REPORT_ERROR_WRITE,
                   "%s: %s", path, cairo_status_to_string (status));
      return FALSE;
    }

  return g_file_set_contents_full (path, (const char *) bytes->data, bytes->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* ---- XLSX ----------------------------------------------------------------- */

static lxw_worksheet *
sheet_with_head (lxw_workbook       *workbook,
                 lxw_format         *head,
                 const char         *name,
                 const char * const *titles,
                 guint               n)
{
  lxw_worksheet *sheet = workbook_add_worksheet (workbook, name);

  for (guint i = 0; i < n; i++)
    {
      worksheet_set_column (sheet, i, i, 16, NULL);
      worksheet_write_string (sheet, 0, i, titles[i], head);
    }
  worksheet_freeze_panes (sheet, 1, 0);
  return sheet;
}

static void
put_rate (lxw_worksheet *sheet,
          lxw_row_t      row,
          lxw_col_t      col,
          double         value,
          lxw_format    *percent)
{
  /* NAN is "no data", the one text a number column may hold */
  if (isnan (value))
    worksheet_write_string (sheet, row, col, _("no data"), NULL);
  else
    worksheet_write_number (sheet, row, col, value, percent);
}

static void
put_civil (lxw_worksheet *sheet,
           lxw_row_t      row,
           lxw_col_t      col,
           DubanTime      time)
{
  g_autofree char *text = time != DUBAN_TIME_NONE ? duban_time_format_civil (time) : NULL;

  worksheet_write_string (sheet, row, col, text != NULL ? text : "", NULL);
}

static void
write_sheets (lxw_workbook          *workbook,
              const DubanUnitReport *report)
{
  lxw_format *head = workbook_add_format (workbook);
  lxw_format *percent = workbook_add_format (workbook);
  lxw_worksheet *sheet;

  format_set_bold (head);
  format_set_bg_color (head, 0xEBEBEB);
  format_set_num_format (percent, "0.00%");

  {
    const char *titles[] = { _("Month"), _(rate_columns[0].title), _(rate_columns[1].title),
                             _(rate_columns[2].title), _("Score"), _("Rank among units"), _("Units ranked"),
                             C_("unit page count", "Tickets"), C_("unit page count", "Matters") };

    sheet = sheet_with_head (workbook, head, _("Trend"), titles, G_N_ELEMENTS (titles));
    for (guint i = 0; i < report->months->len; i++)
      {
        const DubanUnitMonth *month = g_ptr_array_index (report->months, i);
        g_autofree char *name = format_month (month);
        lxw_row_t row = i + 1;

        worksheet_write_string (sheet, row, 0, name, NULL);
        for (guint c = 0; c < G_N_ELEMENTS (rate_columns); c++)
          put_rate (sheet, row, c + 1,
                    month->figures != NULL ? G_STRUCT_MEMBER (double, month->figures, rate_columns[c].offset) : NAN,
                    percent);
        if (month->figures != NULL && !isnan (month->figures->score))
          worksheet_write_number (sheet, row, 4, month->figures->score, NULL);
        else
          worksheet_write_string (sheet, row, 4, _("no data"), NULL);
        if (month->rank > 0)
          worksheet_write_number (sheet, row, 5, month->rank, NULL);
        worksheet_write_number (sheet, row, 6, month->peers, NULL);
        worksheet_write_number (sheet, row, 7, month->received, NULL);
        worksheet_write_number (sheet, row, 8, month->matters, NULL);
      }
    {
      g_autofree char *matters = duban_unit_report_describe_matters (report);
      lxw_row_t row = report->months->len + 2;

      worksheet_write_string (sheet, row, 0, matters, NULL);
      worksheet_write_string (sheet, row + 1, 0, duban_unit_report_matters_note (), NULL);
    }
  }

  {
    const char *titles[] = { _("Ticket"), _("Title"), _("State"), _("Time"), _("Deadline"), _("Orders") };

    sheet = sheet_with_head (workbook, head, _("Open tickets"), titles, G_N_ELEMENTS (titles));
    for (guint i = 0; i < report->open->len; i++)
      {
        const DubanUnitTicket *t = g_ptr_array_index (report->open, i);
        g_autofree char *clock = duban_sla_describe_clock (&t->status);
        lxw_row_t row = i + 1;

        /* every cell a string: a title is the petitioner's text, never a formula */
        worksheet_write_string (sheet, row, 0, t->ticket_id, NULL);
        worksheet_write_string (sheet, row, 1, t->title != NULL ? t->title : "", NULL);
        worksheet_write_string (sheet, row, 2, duban_glance_to_display (duban_sla_glance (&t->status)), NULL);
        worksheet_write_string (sheet, row, 3, clock, NULL);
        put_civil (sheet, row, 4, t->status.deadline);
        worksheet_write_number (sheet, row, 5, t->orders, NULL);
      }
  }

  {
    const char *titles[] = { _("Ticket"), _("Title"), _("Level"), _("Issued"), _("Issued by"),
                             _("Reply by"), _("Replied"), _("Reply"), _("Reply state"), _("Opinion") };

    sheet = sheet_with_head (workbook, head, _("Orders"), titles, G_N_ELEMENTS (titles));
    for (guint i = 0; i < report->orders->len; i++)
      {
        const DubanUnitOrder *o = g_ptr_array_index (report->orders, i);
        lxw_row_t row = i + 1;

        worksheet_write_string (sheet, row, 0, o->ticket_id, NULL);
        worksheet_write_string (sheet, row, 1, o->title != NULL ? o->title : "", NULL);
        worksheet_write_string (sheet, row, 2, duban_order_level_to_display (o->order->level), NULL);
        put_civil (sheet, row, 3, o->order->issued_at);
        worksheet_write_string (sheet, row, 4, o->order->issued_by != NULL ? o->order->issued_by : "", NULL);
        put_civil (sheet, row, 5, o->order->respond_by);
        put_civil (sheet, row, 6, o->order->replied_at);
        worksheet_write_string (sheet, row, 7, o->order->reply != NULL ? o->order->reply : "", NULL);
        worksheet_write_string (sheet, row, 8, duban_reply_state_to_display (o->reply), NULL);
        worksheet_write_string (sheet, row, 9, o->order->note != NULL ? o->order->note : "", NULL);
      }
  }

  {
    const char *titles[] = { C_("unit page", "Tickets"), _("Title"), _("Category"), _("Received"),
                             C_("unit page", "The unit's"), C_("unit page", "In the group"), _("Came back") };

    sheet = sheet_with_head (workbook, head, C_("unit page sheet", "Matters"), titles, G_N_ELEMENTS (titles));
    for (guint i = 0; i < report->groups->len; i++)
      {
        const DubanUnitMatter *m = g_ptr_array_index (report->groups, i);
        g_autofree char *ids = duban_unit_matter_format_ids (m);
        lxw_row_t row = i + 1;

        worksheet_write_string (sheet, row, 0, ids, NULL);
        worksheet_write_string (sheet, row, 1, m->title != NULL ? m->title : "", NULL);
        worksheet_write_string (sheet, row, 2, m->category != NULL ? m->category : "", NULL);
        put_civil (sheet, row, 3, m->received_at);
        worksheet_write_number (sheet, row, 4, g_strv_length (m->ticket_ids), NULL);
        worksheet_write_number (sheet, row, 5, m->n_group, NULL);
        worksheet_write_string (sheet, row, 6, m->resurgent_id != NULL ? m->resurgent_id : "", NULL);
      }
  }

  {
    const char *titles[] = { _("Ticket"), _("Title"), _("Category"), _("Repeat of"), _("Received") };

    sheet = sheet_with_head (workbook, head, _("Repeat complaints"), titles, G_N_ELEMENTS (titles));
    for (guint i = 0; i < report->repeats->len; i++)
      {
        const DubanUnitRepeat *r = g_ptr_array_index (report->repeats, i);
        lxw_row_t row = i + 1;

        worksheet_write_string (sheet, row, 0, r->ticket_id, NULL);
        worksheet_write_string (sheet, row, 1, r->title != NULL ? r->title : "", NULL);
        worksheet_write_string (sheet, row, 2, r->category != NULL ? r->category : "", NULL);
        worksheet_write_string (sheet, row, 3, r->repeat_of, NULL);
        put_civil (sheet, row, 4, r->received_at);
      }
  }
}

gboolean
duban_unit_report_write_xlsx (const DubanUnitReport  *report,
                              const char             *path,
                              GError                **error)
{
  g_auto(DubanDocumentSettings) documents = { 0 };
  g_autofree char *dir = NULL;
  g_autofree char *tmpl = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *base = NULL;
  g_autofree char *title = NULL;
  lxw_doc_properties properties = { 0 };
  lxw_workbook *workbook;
  lxw_error status;
  int fd;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* beside the destination, owner-only, renamed over it when whole */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmpl = g_strdup_printf (".%s.XXXXXX", base);
  tmp_path = g_build_filename (dir, tmpl, NULL);
  if ((fd = g_mkstemp_full (tmp_path, O_RDWR, 0600)) < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot create %s: %s", tmp_path, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  if (!(workbook = workbook_new (tmp_path)))
    {
      g_unlink (tmp_path);
      g_set_error (error, DUBAN_REPORT_ERROR, DUBAN_REPORT_ERROR_WRITE, "cannot start the workbook %s", path);
      return FALSE;
    }
  title = duban_unit_report_title (report);
  properties.title = title;
  /* the issuing body of the county's documents by default: the unit page
   * is read at a meeting, not issued with a number */
  duban_document_settings_init (&documents);
  properties.author = documents.issuer;
  properties.company = documents.issuer;
  workbook_set_properties (workbook, &properties);
  write_sheets (workbook, report);

  if ((status = workbook_close (workbook)) != LXW_NO_ERROR)
    {
      g_unlink (tmp_path);
      g_set_error (error, DUBAN_REPORT_ERROR, DUBAN_REPORT_ERROR_WRITE,
                   "cannot write %s: %s", path, lxw_strerror (status));
      return FALSE;
    }
  if (g_chmod (tmp_path, 0600) != 0 || g_rename (tmp_path, path) != 0)
    {
      int saved = errno;
      g_unlink (tmp_path);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot write %s: %s", path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
