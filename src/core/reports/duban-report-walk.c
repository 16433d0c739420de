/* duban-report-walk.c — one walk over the scope's tickets for everything listed per ticket or per day
 *
 * The trend, the accountability list, the categories, the hotspot grids,
 * the hours of arrival and the repeat complaints all come from one pass
 * over the scoped tickets, each with its one judgement at the report's
 * moment. Per-day and per-ticket facts are read off the figures
 * themselves: each ticket is added to the DubanFigures of the day it was
 * received and of the day its deadline fell, and it is late in the period
 * exactly when adding it raised `due` and not `on_time`; so the list and
 * the trend cannot drift from the rates above them.
 */
#define G_LOG_DOMAIN "duban-report-walk"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "duban-report-private.h"

typedef struct {
  DubanReportBuild *build;
  guint             n_days;
  DubanFigures     *day_figures;   /* n_days, one per day of the period */
  DubanPeriod      *day_periods;   /* n_days */
  GHashTable       *unit_index;    /* unit key → DubanFigures* in report->units */
  GHashTable       *late_by_unit;  /* unit key → GPtrArray of DubanReportLateTicket* */
  GHashTable       *categories;    /* category → DubanReportCount* */
  GHashTable       *grids;         /* grid code → DubanReportCount* */
} ReportWalk;

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
  g_ptr_array_unref (accountable->worst);
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

static double
late_hours (const DubanReportLateTicket *late)
{
  return late->unit == DUBAN_DURATION_HOURS ? late->overdue_by : late->overdue_by * 24.0;
}

int
duban_report_compare_worst (gconstpointer a,
                            gconstpointer b)
{
  const DubanReportLateTicket *la = *(const DubanReportLateTicket **) a;
  const DubanReportLateTicket *lb = *(const DubanReportLateTicket **) b;
  gboolean open_a = la->state == DUBAN_STATE_OPEN_OVERDUE, open_b = lb->state == DUBAN_STATE_OPEN_OVERDUE;

  if (open_a != open_b)
    return open_a ? -1 : 1;
  if (late_hours (la) != late_hours (lb))
    return late_hours (la) > late_hours (lb) ? -1 : 1;
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

static void
walk_init (ReportWalk       *walk,
           DubanReportBuild *build)
{
  DubanReport *report = build->report;

  g_assert (report->units != NULL);

  walk->build = build;
  walk->n_days = report->last - report->first + 1;
  walk->day_figures = g_new0 (DubanFigures, walk->n_days);
  walk->day_periods = g_new0 (DubanPeriod, walk->n_days);
  for (guint d = 0; d < walk->n_days; d++)
    duban_period_init (&walk->day_periods[d], report->first + d, report->first + d, report->at);

  walk->unit_index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < report->units->len; i++)
    {
      DubanFigures *f = g_ptr_array_index (report->units, i);

      g_hash_table_insert (walk->unit_index, f->key, f);
    }
  walk->late_by_unit = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  walk->categories = g_hash_table_new (g_str_hash, g_str_equal);
  walk->grids = g_hash_table_new (g_str_hash, g_str_equal);

  report->days = g_array_sized_new (FALSE, TRUE, sizeof (DubanReportDay), walk->n_days);
  g_array_set_size (report->days, walk->n_days);
  report->repeats = g_ptr_array_new_with_free_func ((GDestroyNotify) repeat_free);
}

static void
walk_clear (ReportWalk *walk)
{
  g_clear_pointer (&walk->day_figures, g_free);
  g_clear_pointer (&walk->day_periods, g_free);
  g_clear_pointer (&walk->unit_index, g_hash_table_unref);
  g_clear_pointer (&walk->late_by_unit, g_hash_table_unref);
  g_clear_pointer (&walk->categories, g_hash_table_unref);
  g_clear_pointer (&walk->grids, g_hash_table_unref);
}

/* ---- the trend and the late tickets ------------------------------------- */

/* Adds @ticket to the day it was received and the day its deadline fell;
 * the days' counts add up to the period's. Returns whether it was
 * received in the period; *late says whether it is late in it. */
static gboolean
walk_trend (ReportWalk           *walk,
            const DubanTicket    *ticket,
            const DubanSlaStatus *status,
            gboolean             *late)
{
  DubanCalendar *calendar = walk->build->sources->calendar;
  DubanDay first = walk->build->report->first;
  gint64 received_day, deadline_day;
  gboolean received_now = FALSE;
  guint due, on_time;

  received_day = (gint64) duban_day_of_time (ticket->received_at) - first;
  deadline_day = status->deadline != DUBAN_TIME_NONE ? (gint64) duban_day_of_time (status->deadline) - first : -1;
  if (deadline_day >= walk->n_days)
    deadline_day = -1;
  due = deadline_day >= 0 ? walk->day_figures[deadline_day].due : 0;
  on_time = deadline_day >= 0 ? walk->day_figures[deadline_day].on_time : 0;
  if (received_day >= 0 && received_day < walk->n_days)
    {
      guint received = walk->day_figures[received_day].received;

      /* the days partition the period: received in the period exactly
       * when received in its day */
      duban_figures_add_evaluated (&walk->day_figures[received_day], calendar,
                                   &walk->day_periods[received_day], ticket, status);
      received_now = walk->day_figures[received_day].received > received;
    }

  *late = FALSE;
  if (deadline_day >= 0)
    {
      DubanFigures *day = &walk->day_figures[deadline_day];

      if (deadline_day != received_day)
        duban_figures_add_evaluated (day, calendar, &walk->day_periods[deadline_day], ticket, status);

      /* late in the period: it raised `due` and not `on_time` */
      *late = day->due > due && day->on_time == on_time;
    }

  return received_now;
}

static void
add_late_ticket (ReportWalk           *walk,
                 const DubanTicket    *ticket,
                 const DubanSlaStatus *status)
{
  const char *key = ticket->unit_code ? ticket->unit_code : "";
  DubanFigures *unit = g_hash_table_lookup (walk->unit_index, key);
  DubanReportLateTicket *late = g_new0 (DubanReportLateTicket, 1);
  GPtrArray *list = g_hash_table_lookup (walk->late_by_unit, key);

  late->ticket_id = g_strdup (ticket->id);
  /* the report leaves the store: a phone in the title is masked */
  late->title = duban_privacy_mask_ticket_text (ticket->title, ticket->petitioner_phone);
  late->unit_code = g_strdup (key);
  late->unit_name = g_strdup (unit ? unit->name : key);
  late->deadline = status->deadline;
  late->overdue_by = status->overdue_by;
  late->unit = status->unit;
  late->state = status->state;
  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func ((GDestroyNotify) late_ticket_free);
      g_hash_table_insert (walk->late_by_unit, unit ? unit->key : late->unit_code, list);
    }
  g_ptr_array_add (list, late);
  walk->build->report->late_total++;
}

static void
count_resolved (ReportWalk           *walk,
                const DubanTicket    *ticket,
                const DubanSlaStatus *status)
{
  DubanReport *report = walk->build->report;
  gint64 resolved_day = status->resolved ? (gint64) duban_day_of_time (ticket->resolved_at) - report->first : -1;

  if (resolved_day >= 0 && resolved_day < walk->n_days)
    g_array_index (report->days, DubanReportDay, resolved_day).resolved++;
}

static void
finish_trend (ReportWalk *walk)
{
  DubanReport *report = walk->build->report;

  for (guint d = 0; d < walk->n_days; d++)
    {
      DubanReportDay *day = &g_array_index (report->days, DubanReportDay, d);

      day->day = report->first + d;
      day->received = walk->day_figures[d].received;
      day->overdue = walk->day_figures[d].due - walk->day_figures[d].on_time;
    }
}

/* Accountability: every unit short of 100% on-time completion. */
static void
build_accountable (ReportWalk *walk)
{
  DubanReport *report = walk->build->report;

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
      late = g_hash_table_lookup (walk->late_by_unit, f->key);
      if (late != NULL)
        g_hash_table_steal (walk->late_by_unit, f->key);
      else
        late = g_ptr_array_new_with_free_func ((GDestroyNotify) late_ticket_free);
      g_ptr_array_sort (late, compare_late);
      accountable->late = late;
      /* borrowed: a copy would take late's free function along */
      accountable->worst = g_ptr_array_sized_new (late->len);
      g_ptr_array_extend (accountable->worst, late, NULL, NULL);
      g_ptr_array_sort (accountable->worst, duban_report_compare_worst);
      for (guint j = 0; j < late->len; j++)
        accountable->still_open += ((DubanReportLateTicket *) g_ptr_array_index (late, j))->state == DUBAN_STATE_OPEN_OVERDUE;
      /* the walk and the figures count the same tickets; say so loudly if not */
      g_warn_if_fail (late->len == f->due - f->on_time);
      g_ptr_array_add (report->accountable, accountable);
    }
  g_ptr_array_sort (report->accountable, compare_accountable);

  report->late_worst = g_ptr_array_sized_new (report->late_total);
  for (guint i = 0; i < report->accountable->len; i++)
    {
      DubanReportAccountable *a = g_ptr_array_index (report->accountable, i);

      g_ptr_array_extend (report->late_worst, a->late, NULL, NULL);
    }
  g_ptr_array_sort (report->late_worst, duban_report_compare_worst);
}

/* ---- categories and hotspots -------------------------------------------- */

static void
bump_count (GHashTable *table,
            const char *key,
            gboolean    now,
            gboolean    before)
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
}

/* "Received in the previous period" as the figures count it; a ticket
 * received at or after this period's start cannot be (the previous
 * period ends there), which spares most of the walk. */
static gboolean
received_before (ReportWalk           *walk,
                 const DubanTicket    *ticket,
                 const DubanSlaStatus *status)
{
  DubanFigures before = { 0 };

  if (ticket->received_at < walk->build->period.start)
    duban_figures_add_evaluated (&before, walk->build->sources->calendar, &walk->build->previous, ticket, status);
  return before.received > 0;
}

static void
count_category_and_grid (ReportWalk        *walk,
                         const DubanTicket *ticket,
                         gboolean           now,
                         gboolean           before)
{
  if (!now && !before)
    return;

  bump_count (walk->categories, ticket->category, now, before);
  if (ticket->grid_code != NULL && *ticket->grid_code != '\0')
    bump_count (walk->grids, ticket->grid_code, now, before);
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

static void
build_categories (ReportWalk *walk)
{
  DubanReport *report = walk->build->report;

  report->categories = sorted_counts (walk->categories);
  for (guint i = 0; i < report->categories->len; i++)
    {
      DubanReportCount *count = g_ptr_array_index (report->categories, i);

      count->name = g_strdup (count->key);
    }
}

static void
build_hotspots (ReportWalk *walk)
{
  DubanReport *report = walk->build->report;
  const DubanReportSources *sources = walk->build->sources;

  report->grids = sorted_counts (walk->grids);
  for (guint i = 0; i < report->grids->len; i++)
    {
      DubanReportCount *count = g_ptr_array_index (report->grids, i);
      g_autofree char *town = NULL;

      /* only the hotspots are named: a name lookup is a query */
      if (i >= DUBAN_REPORT_TOP_N * 3)
        {
          count->name = g_strdup (count->key);
          count->parent_name = g_strdup ("");
          continue;
        }
      town = duban_grid_code_town (count->key);
      count->name = duban_report_lookup_name (sources, count->key);
      count->parent_name = duban_report_lookup_name (sources, town);
      if (count->name == NULL)
        count->name = g_strdup (count->key);
      if (count->parent_name == NULL)
        count->parent_name = g_strdup (town ? town : "");
    }
}

/* ---- arrivals and repeats ----------------------------------------------- */

static void
count_arrival (DubanReport       *report,
               const DubanTicket *ticket)
{
  DubanDay day = duban_day_of_time (ticket->received_at);
  gint64 hour = (ticket->received_at - duban_day_start (day)) / DUBAN_USEC_PER_HOUR;

  report->arrivals[duban_day_weekday (day) - 1][CLAMP (hour, 0, 23)]++;
}

static void
add_repeat (DubanReport       *report,
            const DubanTicket *ticket)
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

/* ---- the walk ------------------------------------------------------------ */

void
duban_report_walk_tickets (DubanReportBuild *build)
{
  DubanReport *report = build->report;
  ReportWalk walk;

  walk_init (&walk, build);

  for (guint i = 0; i < build->scoped->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (build->scoped, i);
      /* a cancelled ticket's status says so */
      const DubanSlaStatus *status = &build->statuses[i];
      gboolean now, before, late;

      if (status->state == DUBAN_STATE_NOT_YET || status->state == DUBAN_STATE_CANCELLED)
        continue;

      now = walk_trend (&walk, ticket, status, &late);
      if (late)
        add_late_ticket (&walk, ticket, status);
      before = received_before (&walk, ticket, status);
      count_category_and_grid (&walk, ticket, now, before);
      if (now)
        count_arrival (report, ticket);
      if (now && ticket->repeat_of != NULL && *ticket->repeat_of != '\0')
        add_repeat (report, ticket);
      count_resolved (&walk, ticket, status);
    }

  finish_trend (&walk);
  build_accountable (&walk);
  build_categories (&walk);
  build_hotspots (&walk);
  g_ptr_array_sort (report->repeats, compare_repeats);

  walk_clear (&walk);
}
