/* duban-judgement-history.c — what each ticket leaves in the 研判, kept
 *
 * See duban-judgement-history.h. A row holds what duban_judgement_tally_add()
 * would take from its ticket at any moment after the ticket settled: the
 * received time, the category and the areas its cells are keyed by, and
 * the late-risk observation (stratum, urgency, share, event). The rules
 * that make those numbers are the ones the tally calls — area_of, the
 * SLA evaluation, the late risk's share — called here once per ticket
 * instead of once per 研判.
 */
#define G_LOG_DOMAIN "duban-judgement"

#include "config.h"

#include "duban-judgement-history.h"
#include "duban-late-risk.h"
#include "duban-store-judgement-history.h"

/* Raised when what a row means changes (what is kept, how it is worked
 * out): every store works its rows out again. */
#define HISTORY_VERSION "duban-judgement-history 1"

/* the calendar years a stamp looks at: any a ticket can fall in */
#define FIRST_YEAR 1970
#define LAST_YEAR  2199

static void
checksum_text (GChecksum  *checksum,
               const char *text)
{
  /* with its end, so that "ab" + "c" is not "a" + "bc" */
  if (text != NULL)
    g_checksum_update (checksum, (const guchar *) text, (gssize) strlen (text) + 1);
  else
    g_checksum_update (checksum, (const guchar *) "\x01", 1);
}

static void
checksum_printf (GChecksum  *checksum,
                 const char *format,
                 ...) G_GNUC_PRINTF (2, 3);

static void
checksum_printf (GChecksum  *checksum,
                 const char *format,
                 ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  checksum_text (checksum, text);
}

char *
duban_judgement_history_stamp (DubanRegions         *regions,
                               const DubanSlaPolicy *policy,
                               DubanCalendar        *calendar)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_return_val_if_fail (policy != NULL, NULL);
  g_return_val_if_fail (DUBAN_IS_CALENDAR (calendar), NULL);

  checksum_text (checksum, HISTORY_VERSION);

  /* every field, printed: a struct's bytes would take its padding in */
  checksum_printf (checksum, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %.17g %.17g %.17g %.17g %.17g",
                   policy->urgent_contact_usec, policy->urgent_completion_usec, policy->normal_completion_usec,
                   policy->warning_fraction, policy->weight_contact, policy->weight_completion,
                   policy->weight_satisfaction, policy->ranking_min_due);

  for (int year = FIRST_YEAR; year <= LAST_YEAR; year++)
    {
      DubanCalendarSource source = duban_calendar_get_source (calendar, year);
      g_autofree char *json = NULL;

      if (source == DUBAN_CALENDAR_SOURCE_NONE)
        continue;
      json = duban_calendar_year_to_json (calendar, year);
      checksum_printf (checksum, "year %d %d", year, (int) source);
      checksum_text (checksum, json);
    }

  if (regions == NULL)
    checksum_text (checksum, "no regions");
  for (guint i = 0; regions != NULL && i < duban_regions_get_n_areas (regions); i++)
    {
      const DubanArea *area = duban_regions_get_area (regions, i);

      checksum_printf (checksum, "area %s %d %d %.17g %.17g %.17g %.17g %u", area->code, (int) area->level,
                       area->parent, area->min_x, area->min_y, area->max_x, area->max_y, area->n_rings);
      /* a path element by element: a header's union leaves bytes unset */
      for (int k = 0; area->path != NULL && k < area->path->num_data; k += area->path->data[k].header.length)
        {
          const cairo_path_data_t *data = &area->path->data[k];

          checksum_printf (checksum, "%d", (int) data->header.type);
          for (int p = 1; p < data->header.length; p++)
            checksum_printf (checksum, "%.17g,%.17g", data[p].point.x, data[p].point.y);
          if (data->header.length <= 0)
            break;
        }
    }

  return g_strdup (g_checksum_get_string (checksum));
}

static DubanTime
later (DubanTime a,
       DubanTime b)
{
  return MAX (a, b);
}

DubanTime
duban_judgement_settled_at (const DubanTicket    *ticket,
                            const DubanSlaPolicy *policy,
                            DubanCalendar        *calendar,
                            DubanSlaStatus       *status)
{
  DubanSlaStatus own, *out = status != NULL ? status : &own;
  DubanTime last;

  g_return_val_if_fail (ticket != NULL && policy != NULL, DUBAN_JUDGEMENT_NEVER_SETTLED);
  g_return_val_if_fail (DUBAN_IS_CALENDAR (calendar), DUBAN_JUDGEMENT_NEVER_SETTLED);

  if (ticket->received_at == DUBAN_TIME_NONE)
    return DUBAN_JUDGEMENT_NEVER_SETTLED;

  /* An evaluation compares its moment with the ticket's times and with
   * the deadlines drawn from them, nothing else (duban_sla_evaluate()):
   * past the last of them, every moment gives the same status. */
  last = ticket->received_at;
  last = later (last, ticket->dispatched_at);
  last = later (last, ticket->first_contact_at);
  last = later (last, ticket->resolved_at);
  last = later (last, ticket->closed_at);
  last = later (last, ticket->visited_at);
  if (ticket->extension != NULL)
    {
      last = later (last, ticket->extension->filed_at);
      last = later (last, ticket->extension->promised_at);
    }
  duban_sla_evaluate (policy, calendar, ticket, last, out);
  last = later (last, out->contact_deadline);
  last = later (last, out->original_deadline);
  last = later (last, out->deadline);
  if (last >= DUBAN_JUDGEMENT_NEVER_SETTLED - 1)
    return DUBAN_JUDGEMENT_NEVER_SETTLED;

  /* one microsecond past: the rules compare "at > deadline" */
  duban_sla_evaluate (policy, calendar, ticket, last + 1, out);
  switch (out->state)
    {
    case DUBAN_STATE_DONE_ON_TIME:
    case DUBAN_STATE_DONE_LATE:
    case DUBAN_STATE_CANCELLED:
      return last + 1;
    case DUBAN_STATE_OPEN_OK:
    case DUBAN_STATE_OPEN_WARNING:
    case DUBAN_STATE_OPEN_OVERDUE:
    case DUBAN_STATE_NOT_YET:
    default:
      /* open: it changes with every moment until it is done */
      return DUBAN_JUDGEMENT_NEVER_SETTLED;
    }
}

/* ---- bringing the rows up to date ---------------------------------------- */

typedef struct {
  DubanStore           *store;
  DubanRegions         *regions;
  const DubanSlaPolicy *policy;
  DubanCalendar        *calendar;   /* a copy of the caller's: see refresh() */
  GHashTable           *ids;        /* name → id (gint64 in a pointer) */
  guint                 n_rows;
  GError               *error;
} Refresh;

static gint64
name_id (Refresh    *refresh,
         const char *name)
{
  gpointer found;
  gint64 id;

  if (name == NULL || refresh->error != NULL)
    return 0;
  if ((found = g_hash_table_lookup (refresh->ids, name)) != NULL)
    return (gint64) GPOINTER_TO_SIZE (found);
  if ((id = duban_store_judgement_name_add (refresh->store, name, &refresh->error)) <= 0)
    return 0;
  g_hash_table_insert (refresh->ids, g_strdup (name), GSIZE_TO_POINTER ((gsize) id));
  return id;
}

static void
work_out_cb (DubanTicket *ticket,
             gint64       row,
             gpointer     user_data)
{
  Refresh *refresh = user_data;
  DubanJudgementHistoryRow history = { 0 };
  DubanSlaStatus status;

  if (refresh->error != NULL)
    {
      duban_ticket_free (ticket);
      return;
    }

  history.received_at = ticket->received_at;
  history.settled_at = duban_judgement_settled_at (ticket, refresh->policy, refresh->calendar, &status);
  if (history.settled_at != DUBAN_JUDGEMENT_NEVER_SETTLED)
    {
      /* the cells: what duban_judgement_tally_add() gives the hotspots and
       * the themes, at each level a 研判 can be asked for */
      if (ticket->status != DUBAN_STATUS_CANCELLED && ticket->category != NULL)
        {
          char buffer[16];

          history.category = name_id (refresh, ticket->category);
          history.town = name_id (refresh, duban_hotspot_area_of (ticket, refresh->regions, DUBAN_AREA_TOWN, buffer));
          history.village = name_id (refresh, duban_hotspot_area_of (ticket, refresh->regions, DUBAN_AREA_VILLAGE, buffer));
          history.grid = name_id (refresh, duban_hotspot_area_of (ticket, refresh->regions, DUBAN_AREA_GRID, buffer));
        }
      /* the curve: what duban_late_risk_curves_observe() adds */
      if (duban_late_risk_observation (ticket, &status, refresh->calendar, &history.share, &history.event))
        {
          g_autofree char *key = duban_late_risk_stratum_key (ticket);

          history.stratum = name_id (refresh, key);
          history.urgent = ticket->urgency == DUBAN_URGENCY_URGENT;
        }
    }
  if (refresh->error == NULL &&
      duban_store_judgement_history_put (refresh->store, row, &history, &refresh->error))
    refresh->n_rows++;
  duban_ticket_free (ticket);
}

/* A calendar with the caller's tables and nothing else: the years it
 * notes without a table are the rows' alone (the caller's may be in use
 * elsewhere, noting its own). */
static DubanCalendar *
calendar_copy (DubanCalendar *calendar)
{
  DubanCalendar *copy = duban_calendar_new_empty ();

  for (int year = FIRST_YEAR; year <= LAST_YEAR; year++)
    {
      DubanCalendarSource source = duban_calendar_get_source (calendar, year);
      g_autofree char *json = NULL;

      if (source == DUBAN_CALENDAR_SOURCE_NONE || (json = duban_calendar_year_to_json (calendar, year)) == NULL)
        continue;
      if (!duban_calendar_load_json (copy, json, -1, source, NULL))
        g_warning ("the calendar's table of %d does not load again", year);
    }
  return copy;
}

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  int x = *(const int *) a, y = *(const int *) b;

  return (x > y) - (x < y);
}

/* "2024,2027" and @years (sorted, unique) as one such list */
static char *
years_union (const char *stored,
             GArray     *years)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (int));
  g_auto(GStrv) parts = g_strsplit (stored != NULL ? stored : "", ",", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      {
        int year = (int) g_ascii_strtoll (parts[i], NULL, 10);

        g_array_append_val (all, year);
      }
  g_array_append_vals (all, years->data, years->len);
  g_array_sort (all, compare_ints);
  for (guint i = 0; i < all->len; i++)
    if (i == 0 || g_array_index (all, int, i) != g_array_index (all, int, i - 1))
      g_string_append_printf (out, "%s%d", out->len > 0 ? "," : "", g_array_index (all, int, i));
  return g_string_free (out, FALSE);
}

gboolean
duban_judgement_history_refresh_stamped (DubanStore           *store,
                                         const char           *stamp,
                                         DubanRegions         *regions,
                                         const DubanSlaPolicy *policy,
                                         DubanCalendar        *calendar,
                                         char                **fallback_years,
                                         GError              **error)
{
  g_autoptr(DubanCalendar) copy = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GHashTable) ids = NULL;
  gint64 started = g_get_monotonic_time ();

  g_return_val_if_fail (DUBAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (stamp != NULL && policy != NULL, FALSE);
  g_return_val_if_fail (DUBAN_IS_CALENDAR (calendar), FALSE);

  copy = calendar_copy (calendar);

  /* twice at most: a store whose rows do not add up (written past the
   * triggers) is worked out again whole */
  for (int attempt = 0; attempt < 2; attempt++)
    {
      g_autofree char *stored_years = NULL;
      g_autofree char *years = NULL;
      g_autoptr(GArray) noted = NULL;
      Refresh refresh = { 0 };
      gboolean whole = FALSE;

      if (!duban_store_judgement_history_begin (store, stamp, attempt > 0, &stored_years, error))
        return FALSE;
      if ((names = duban_store_judgement_names (store, error)) == NULL)
        {
          duban_store_judgement_history_abort (store);
          return FALSE;
        }
      ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 1; i < names->len; i++)
        if (names->pdata[i] != NULL)
          g_hash_table_insert (ids, g_strdup (names->pdata[i]), GSIZE_TO_POINTER ((gsize) i));

      refresh.store = store;
      refresh.regions = regions;
      refresh.policy = policy;
      refresh.calendar = copy;
      refresh.ids = ids;
      duban_calendar_clear_fallback_years (copy);
      if (!duban_store_foreach_marked_ticket (store, work_out_cb, &refresh, error) || refresh.error != NULL)
        {
          if (refresh.error != NULL)
            g_propagate_error (error, refresh.error);
          duban_store_judgement_history_abort (store);
          return FALSE;
        }

      noted = duban_calendar_get_fallback_years (copy);
      years = years_union (stored_years, noted);
      if (!duban_store_judgement_history_end (store, years, &whole, error))
        return FALSE;
      if (whole)
        {
          g_debug ("研判 history: %u rows worked out in %.2f s", refresh.n_rows,
                   (g_get_monotonic_time () - started) / 1e6);
          if (fallback_years != NULL)
            *fallback_years = g_steal_pointer (&years);
          return TRUE;
        }
      g_message ("the 研判's kept rows do not match the tickets; working them all out again");
      g_clear_pointer (&ids, g_hash_table_unref);
      g_clear_pointer (&names, g_ptr_array_unref);
    }

  g_set_error_literal (error, DUBAN_STORE_ERROR, DUBAN_STORE_ERROR_SQLITE,
                       "the 研判's kept rows do not match the tickets");
  return FALSE;
}

gboolean
duban_judgement_history_refresh (DubanStore           *store,
                                 DubanRegions         *regions,
                                 const DubanSlaPolicy *policy,
                                 DubanCalendar        *calendar,
                                 GError              **error)
{
  g_autofree char *stamp = NULL;
  gboolean current = FALSE;

  g_return_val_if_fail (DUBAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (DUBAN_IS_CALENDAR (calendar), FALSE);

  stamp = duban_judgement_history_stamp (regions, policy, calendar);
  /* a read first: up to date, no write lock is taken */
  if (!duban_store_judgement_history_is_current (store, stamp, &current, NULL, NULL, error))
    return FALSE;
  if (current)
    return TRUE;
  return duban_judgement_history_refresh_stamped (store, stamp, regions, policy, calendar, NULL, error);
}

void
duban_judgement_history_note_years (DubanCalendar *calendar,
                                    const char    *years)
{
  g_auto(GStrv) parts = NULL;

  g_return_if_fail (DUBAN_IS_CALENDAR (calendar));

  /* a year without a table is noted by being asked about */
  parts = g_strsplit (years != NULL ? years : "", ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      duban_calendar_is_working_day (calendar, duban_day_from_ymd ((int) g_ascii_strtoll (parts[i], NULL, 10), 1, 1));
}
