/* duban-ticket-query.c — which tickets a view shows, and in which order
 *
 * The queue and the map each had their own copy of "does this ticket
 * pass" (and the queue its own order); a rule a supervisor is shown by
 * belongs here once. Everything works on the plain ticket and status
 * arrays, so that the queue filters and sorts 50,000 open tickets without
 * one GObject; names sort by pinyin through ICU, one collator per thread.
 */
#define G_LOG_DOMAIN "duban-ticket-query"

#include "config.h"

#include <string.h>

#include <unicode/ucol.h>
#include <unicode/ustring.h>

#include "duban-ticket-query.h"

G_DEFINE_ENUM_TYPE (DubanQuerySort, duban_query_sort,
                    G_DEFINE_ENUM_VALUE (DUBAN_QUERY_SORT_ATTENTION, "attention"),
                    G_DEFINE_ENUM_VALUE (DUBAN_QUERY_SORT_ID, "id"),
                    G_DEFINE_ENUM_VALUE (DUBAN_QUERY_SORT_TITLE, "title"),
                    G_DEFINE_ENUM_VALUE (DUBAN_QUERY_SORT_TOWN, "town"),
                    G_DEFINE_ENUM_VALUE (DUBAN_QUERY_SORT_UNIT, "unit"),
                    G_DEFINE_ENUM_VALUE (DUBAN_QUERY_SORT_CATEGORY, "category"),
                    G_DEFINE_ENUM_VALUE (DUBAN_QUERY_SORT_URGENCY, "urgency"),
                    G_DEFINE_ENUM_VALUE (DUBAN_QUERY_SORT_SOURCE, "source"),
                    G_DEFINE_ENUM_VALUE (DUBAN_QUERY_SORT_DEADLINE, "deadline"),
                    G_DEFINE_ENUM_VALUE (DUBAN_QUERY_SORT_RECEIVED, "received"),
                    G_DEFINE_ENUM_VALUE (DUBAN_QUERY_SORT_RISK, "risk"))

/* ---- the query ---------------------------------------------------------------- */

void
duban_ticket_query_init (DubanTicketQuery *query)
{
  g_return_if_fail (query != NULL);

  memset (query, 0, sizeof *query);
  query->period_start = DUBAN_TIME_NONE;
  query->period_end = G_MAXINT64;
  query->state = DUBAN_QUERY_STATE_OPEN;
  query->urgency = DUBAN_QUERY_ANY;
  query->source = DUBAN_QUERY_ANY;
  query->weekday = DUBAN_QUERY_ANY;
  query->hour = DUBAN_QUERY_ANY;
  query->sort = DUBAN_QUERY_SORT_ATTENTION;
}

void
duban_ticket_query_clear (DubanTicketQuery *query)
{
  g_return_if_fail (query != NULL);

  g_clear_pointer (&query->town, g_free);
  g_clear_pointer (&query->unit, g_free);
  g_clear_pointer (&query->category, g_free);
  g_clear_pointer (&query->search, g_free);
  g_clear_pointer (&query->ids, g_hash_table_unref);
  duban_ticket_query_init (query);
}

void
duban_ticket_query_copy (DubanTicketQuery       *dest,
                         const DubanTicketQuery *src)
{
  g_return_if_fail (dest != NULL && src != NULL);

  if (dest == src)
    return;

  duban_ticket_query_clear (dest);
  *dest = *src;
  dest->town = g_strdup (src->town);
  dest->unit = g_strdup (src->unit);
  dest->category = g_strdup (src->category);
  dest->search = g_strdup (src->search);
  /* never changed once made: shared */
  dest->ids = src->ids != NULL ? g_hash_table_ref (src->ids) : NULL;
}

gboolean
duban_ticket_query_equal (const DubanTicketQuery *a,
                          const DubanTicketQuery *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->period_start == b->period_start && a->period_end == b->period_end &&
         a->backlog == b->backlog && a->counted == b->counted && a->state == b->state &&
         g_strcmp0 (a->town, b->town) == 0 && g_strcmp0 (a->unit, b->unit) == 0 &&
         g_strcmp0 (a->category, b->category) == 0 && a->urgency == b->urgency &&
         a->source == b->source && g_strcmp0 (a->search, b->search) == 0 &&
         a->ids == b->ids && a->weekday == b->weekday && a->hour == b->hour &&
         a->sort == b->sort && a->descending == b->descending;
}

void
duban_ticket_query_set_days (DubanTicketQuery *query,
                             DubanDay          first,
                             DubanDay          last,
                             gboolean          backlog)
{
  g_return_if_fail (query != NULL);
  g_return_if_fail (first <= last);

  query->period_start = duban_day_start (first);
  query->period_end = duban_day_start (last + 1);
  query->backlog = !!backlog;
}

void
duban_ticket_query_set_search (DubanTicketQuery *query,
                               const char       *search)
{
  g_autofree char *text = NULL;

  g_return_if_fail (query != NULL);

  text = g_strstrip (g_strdup (search != NULL ? search : ""));
  g_clear_pointer (&query->search, g_free);
  if (text[0] != '\0')
    query->search = g_steal_pointer (&text);
}

/* ---- parsing a spec ------------------------------------------------------------- */

static gboolean
parse_int_in (const char *text,
              int         min,
              int         max,
              int        *out)
{
  gint64 value;
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  value = g_ascii_strtoll (text, &end, 10);
  if (end == NULL || *end != '\0' || value < min || value > max)
    return FALSE;
  *out = (int) value;
  return TRUE;
}

static gboolean
parse_state (const char      *value,
             DubanQueryState *state)
{
  static const struct { const char *name; DubanQueryState state; } names[] = {
    { "any", DUBAN_QUERY_STATE_ANY },
    { "open", DUBAN_QUERY_STATE_OPEN },
    { "contact_overdue", DUBAN_QUERY_STATE_CONTACT_OVERDUE },
    { "done", DUBAN_QUERY_STATE_DONE },
  };

  if (g_str_equal (value, duban_state_to_wire (DUBAN_STATE_OPEN_OVERDUE)))
    return *state = DUBAN_QUERY_STATE_OVERDUE, TRUE;
  if (g_str_equal (value, duban_state_to_wire (DUBAN_STATE_OPEN_WARNING)))
    return *state = DUBAN_QUERY_STATE_WARNING, TRUE;
  if (g_str_equal (value, duban_state_to_wire (DUBAN_STATE_OPEN_OK)))
    return *state = DUBAN_QUERY_STATE_OPEN_OK, TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (value, names[i].name))
      return *state = names[i].state, TRUE;
  return FALSE;
}

/* One term; @state_given says whether a state term came, so that a
 * period term's "any state" does not undo it, whichever comes first. */
static gboolean
parse_term (DubanTicketQuery *query,
            const char       *kind,
            const char       *value,
            gboolean         *state_given)
{
  if (value == NULL || value[0] == '\0')
    return FALSE;

  if (g_str_equal (kind, "unit"))
    g_free (query->unit), query->unit = g_strdup (value);
  else if (g_str_equal (kind, "town"))
    g_free (query->town), query->town = g_strdup (value);
  else if (g_str_equal (kind, "category"))
    g_free (query->category), query->category = g_strdup (value);
  else if (g_str_equal (kind, "urgency"))
    return duban_enum_from_wire (DUBAN_ENUM_URGENCY, value, &query->urgency);
  else if (g_str_equal (kind, "source"))
    return duban_enum_from_wire (DUBAN_ENUM_SOURCE, value, &query->source);
  else if (g_str_equal (kind, "state"))
    {
      *state_given = TRUE;
      return parse_state (value, &query->state);
    }
  else if (g_str_equal (kind, "weekday-hour"))
    {
      g_auto(GStrv) numbers = g_strsplit (value, ":", 2);

      return numbers[0] != NULL && numbers[1] != NULL &&
             parse_int_in (numbers[0], 1, 7, &query->weekday) &&
             parse_int_in (numbers[1], 0, 23, &query->hour);
    }
  else if (g_str_equal (kind, "period") || g_str_equal (kind, "counted"))
    {
      g_auto(GStrv) days = g_strsplit (value, "..", 2);
      DubanDay first, last;

      if (days[0] == NULL || days[1] == NULL ||
          !duban_day_parse (days[0], &first, NULL) || !duban_day_parse (days[1], &last, NULL) ||
          first > last)
        return FALSE;
      duban_ticket_query_set_days (query, first, last, FALSE);
      query->counted = g_str_equal (kind, "counted");
      /* the tickets of a period, resolved ones included */
      if (!*state_given)
        query->state = DUBAN_QUERY_STATE_ANY;
    }
  else if (g_str_equal (kind, "ids"))
    {
      g_auto(GStrv) ids = g_strsplit (value, ",", -1);

      g_clear_pointer (&query->ids, g_hash_table_unref);
      query->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; ids[i] != NULL; i++)
        {
          g_strstrip (ids[i]);
          if (ids[i][0] != '\0')
            g_hash_table_add (query->ids, g_strdup (ids[i]));
        }
    }
  else
    return FALSE;

  return TRUE;
}

gboolean
duban_ticket_query_parse (DubanTicketQuery  *query,
                          const char        *spec,
                          GError           **error)
{
  const char *p;
  gboolean state_given = FALSE;

  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  duban_ticket_query_clear (query);

  for (p = spec; ; )
    {
      const char *colon = strchr (p, ':');
      const char *end;
      g_autofree char *kind = NULL;
      g_autofree char *value = NULL;

      if (colon == NULL)
        goto invalid;
      kind = g_strndup (p, colon - p);
      if (g_str_equal (kind, "search"))
        {
          duban_ticket_query_set_search (query, colon + 1);
          if (query->search == NULL)
            goto invalid;
          break;
        }
      end = strchr (colon + 1, ';');
      value = end != NULL ? g_strndup (colon + 1, end - colon - 1) : g_strdup (colon + 1);
      if (!parse_term (query, kind, value, &state_given))
        goto invalid;
      if (end == NULL)
        break;
      p = end + 1;
    }

  return TRUE;

invalid:
  duban_ticket_query_clear (query);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "not a ticket query: %s", spec);
  return FALSE;
}

/* ---- does a ticket pass ----------------------------------------------------------- */

void
duban_query_weekday_hour (DubanTime  time,
                          int       *weekday,
                          int       *hour)
{
  DubanDay day = duban_day_of_time (time);

  if (weekday != NULL)
    *weekday = duban_day_weekday (day);
  if (hour != NULL)
    *hour = (int) ((time - duban_day_start (day)) / DUBAN_USEC_PER_HOUR);
}

/* ASCII case-insensitive substring: ticket numbers are typed in either
 * case; Han text has no case and its bytes compare as they are. A needle
 * without ASCII letters is a plain strstr() (glibc's, which skips ahead
 * rather than trying every byte); one with letters is tried only where
 * its first byte, in either case, occurs. */
static gboolean
contains (const char *haystack,
          const char *needle,
          gsize       needle_len,
          gboolean    fold)
{
  char first[3];

  if (haystack == NULL)
    return FALSE;
  if (!fold)
    return strstr (haystack, needle) != NULL;

  first[0] = g_ascii_tolower (needle[0]);
  first[1] = g_ascii_toupper (needle[0]);
  first[2] = '\0';
  for (const char *p = haystack; (p = strpbrk (p, first)) != NULL; p++)
    if (g_ascii_strncasecmp (p, needle, needle_len) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
has_ascii_letter (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isalpha (*p))
      return TRUE;
  return FALSE;
}

gboolean
duban_ticket_search_matches (const char *search,
                             const char *id,
                             const char *title,
                             const char *address,
                             const char *description)
{
  gsize len;
  gboolean fold;

  g_return_val_if_fail (search != NULL && search[0] != '\0', FALSE);

  len = strlen (search);
  fold = has_ascii_letter (search);
  return contains (id, search, len, fold) || contains (title, search, len, fold) ||
         contains (address, search, len, fold) || contains (description, search, len, fold);
}

static inline gboolean
state_matches (DubanQueryState       state,
               const DubanSlaStatus *status)
{
  switch (state)
    {
    case DUBAN_QUERY_STATE_ANY:             return TRUE;
    case DUBAN_QUERY_STATE_OPEN:            return duban_state_is_open (status->state);
    case DUBAN_QUERY_STATE_OVERDUE:         return status->state == DUBAN_STATE_OPEN_OVERDUE;
    case DUBAN_QUERY_STATE_WARNING:         return status->state == DUBAN_STATE_OPEN_WARNING;
    case DUBAN_QUERY_STATE_OPEN_OK:         return status->state == DUBAN_STATE_OPEN_OK;
    case DUBAN_QUERY_STATE_DONE:            return status->state == DUBAN_STATE_DONE_ON_TIME ||
                                                   status->state == DUBAN_STATE_DONE_LATE;
    case DUBAN_QUERY_STATE_CONTACT_OVERDUE: return duban_state_is_open (status->state) && status->contact_overdue;
    case DUBAN_QUERY_N_STATES:
    default:                                g_return_val_if_reached (FALSE);
    }
}

gboolean
duban_query_state_matches (DubanQueryState       state,
                           const DubanSlaStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  return state_matches (state, status);
}

static gboolean
town_matches (const char *town,
              const char *grid_code)
{
  /* a town's code is the first nine digits of its grids' */
  return grid_code != NULL && strlen (grid_code) >= 9 && strncmp (grid_code, town, 9) == 0 &&
         strlen (town) == 9;
}

static gboolean
matches_except_state (const DubanTicketQuery *query,
                      const DubanTicket      *ticket,
                      const DubanSlaStatus   *status)
{
  gboolean open;

  if (status->state == DUBAN_STATE_NOT_YET)
    return FALSE;
  if (status->state == DUBAN_STATE_CANCELLED && query->search == NULL)
    return FALSE;

  open = duban_state_is_open (status->state);
  if (query->counted)
    {
      DubanPeriod period = {
        query->period_start == DUBAN_TIME_NONE ? G_MININT64 + 1 : query->period_start,
        query->period_end,
        G_MAXINT64,
      };

      if (!(query->backlog && open) && !duban_figures_ticket_counts (&period, ticket, status))
        return FALSE;
    }
  /* The bounds first: the queue's default has none, and then the ticket
   * itself (a cache miss each, 50,000 times) is not read at all. */
  else if ((query->period_start != DUBAN_TIME_NONE || query->period_end != G_MAXINT64) &&
           !(query->backlog && open) &&
           ((query->period_start != DUBAN_TIME_NONE && ticket->received_at < query->period_start) ||
            ticket->received_at >= query->period_end))
    return FALSE;

  if (query->unit != NULL && g_strcmp0 (ticket->unit_code, query->unit) != 0)
    return FALSE;
  if (query->town != NULL && !town_matches (query->town, ticket->grid_code))
    return FALSE;
  if (query->category != NULL && g_strcmp0 (ticket->category, query->category) != 0)
    return FALSE;
  if (query->urgency != DUBAN_QUERY_ANY && (int) ticket->urgency != query->urgency)
    return FALSE;
  if (query->source != DUBAN_QUERY_ANY && (int) ticket->source != query->source)
    return FALSE;
  if (query->ids != NULL && !g_hash_table_contains (query->ids, ticket->id))
    return FALSE;
  if (query->weekday != DUBAN_QUERY_ANY || query->hour != DUBAN_QUERY_ANY)
    {
      int weekday, hour;

      duban_query_weekday_hour (ticket->received_at, &weekday, &hour);
      if ((query->weekday != DUBAN_QUERY_ANY && weekday != query->weekday) ||
          (query->hour != DUBAN_QUERY_ANY && hour != query->hour))
        return FALSE;
    }
  if (query->search != NULL &&
      !duban_ticket_search_matches (query->search, ticket->id, ticket->title, ticket->address,
                                    ticket->description))
    return FALSE;

  return TRUE;
}

gboolean
duban_ticket_query_matches_except_state (const DubanTicketQuery *query,
                                         const DubanTicket      *ticket,
                                         const DubanSlaStatus   *status)
{
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (ticket != NULL && status != NULL, FALSE);

  return matches_except_state (query, ticket, status);
}

DubanQueryState
duban_ticket_query_get_state (const DubanTicketQuery *query)
{
  g_return_val_if_fail (query != NULL, DUBAN_QUERY_STATE_OPEN);

  /* a search finds any ticket, closed ones too */
  if (query->state == DUBAN_QUERY_STATE_OPEN && query->search != NULL)
    return DUBAN_QUERY_STATE_ANY;
  return query->state;
}

gboolean
duban_ticket_query_matches (const DubanTicketQuery *query,
                            const DubanTicket      *ticket,
                            const DubanSlaStatus   *status)
{
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (ticket != NULL && status != NULL, FALSE);

  return duban_ticket_query_matches_except_state (query, ticket, status) &&
         duban_query_state_matches (duban_ticket_query_get_state (query), status);
}

/* ---- names by their reading ------------------------------------------------------- */

static void
collator_free (gpointer collator)
{
  ucol_close (collator);
}

static GPrivate collator_key = G_PRIVATE_INIT (collator_free);

/* ICU collators are not to be shared between threads: one each. NULL
 * when ICU has no data (then names sort by code point). */
static UCollator *
thread_collator (void)
{
  UCollator *collator = g_private_get (&collator_key);

  if (collator == NULL)
    {
      UErrorCode status = U_ZERO_ERROR;

      /* "zh": pinyin, the order of a Chinese dictionary's index */
      collator = ucol_open ("zh", &status);
      if (U_FAILURE (status))
        {
          g_warning ("No Chinese collation (%s): names sort by code point", u_errorName (status));
          return NULL;
        }
      g_private_set (&collator_key, collator);
    }
  return collator;
}

char *
duban_name_collate_key (const char *name)
{
  UCollator *collator;
  UErrorCode status = U_ZERO_ERROR;
  g_autofree UChar *text = NULL;
  int32_t n_text = 0;
  int32_t n_key;
  guint8 *key;

  if (name == NULL)
    return NULL;
  if ((collator = thread_collator ()) == NULL)
    return g_strdup (name);

  u_strFromUTF8Lenient (NULL, 0, &n_text, name, -1, &status);
  if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE (status))
    return g_strdup (name);
  status = U_ZERO_ERROR;
  text = g_new (UChar, n_text + 1);
  u_strFromUTF8Lenient (text, n_text + 1, NULL, name, -1, &status);
  if (U_FAILURE (status))
    return g_strdup (name);

  /* a sort key ends with its only zero byte: strcmp() compares two */
  n_key = ucol_getSortKey (collator, text, n_text, NULL, 0);
  key = g_malloc (MAX (n_key, 1));
  key[0] = '\0';
  ucol_getSortKey (collator, text, n_text, key, n_key);
  return (char *) key;
}

/* ---- in which order ---------------------------------------------------------------- */

typedef struct {
  const DubanTicketQuery *query;
  GPtrArray              *tickets;
  GArray                 *statuses;
  char                  **keys;      /* by ticket index, for name keys; NULL: none */
} SortData;

static int
compare_strings (const char *a,
                 const char *b)
{
  /* Absent values last whichever way the column is sorted reads oddly;
   * first is at least stable. */
  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);
  return strcmp (a, b);
}

static int
compare_towns (const char *a,
               const char *b)
{
  /* By code: the county numbers its towns in its official order. */
  gboolean has_a = a != NULL && strlen (a) >= 9;
  gboolean has_b = b != NULL && strlen (b) >= 9;

  if (!has_a || !has_b)
    return has_a - has_b;
  return strncmp (a, b, 9);
}

static int
compare_times (DubanTime a,
               DubanTime b)
{
  return (a > b) - (a < b);
}

static int
compare_indices (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const SortData *data = user_data;
  guint ia = *(const guint *) a;
  guint ib = *(const guint *) b;
  const DubanTicket *ta = g_ptr_array_index (data->tickets, ia);
  const DubanTicket *tb = g_ptr_array_index (data->tickets, ib);
  const DubanSlaStatus *sa = &g_array_index (data->statuses, DubanSlaStatus, ia);
  const DubanSlaStatus *sb = &g_array_index (data->statuses, DubanSlaStatus, ib);
  int result = 0;

  switch (data->query->sort)
    {
    case DUBAN_QUERY_SORT_ATTENTION:
      break;
    case DUBAN_QUERY_SORT_ID:
      result = compare_strings (ta->id, tb->id);
      break;
    case DUBAN_QUERY_SORT_TITLE:
    case DUBAN_QUERY_SORT_UNIT:
    case DUBAN_QUERY_SORT_CATEGORY:
      result = compare_strings (data->keys[ia], data->keys[ib]);
      break;
    case DUBAN_QUERY_SORT_TOWN:
      result = compare_towns (ta->grid_code, tb->grid_code);
      break;
    case DUBAN_QUERY_SORT_URGENCY:
      result = (int) tb->urgency - (int) ta->urgency;
      break;
    case DUBAN_QUERY_SORT_SOURCE:
      result = (int) ta->source - (int) tb->source;
      break;
    case DUBAN_QUERY_SORT_DEADLINE:
      result = compare_times (sa->deadline, sb->deadline);
      break;
    case DUBAN_QUERY_SORT_RECEIVED:
      result = compare_times (ta->received_at, tb->received_at);
      break;
    case DUBAN_QUERY_SORT_RISK:
      /* the risks are the ranks' (duban_ticket_ranks_new_with_risks()):
       * without them no ticket has a basis, and every one ties */
      break;
    default:
      g_assert_not_reached ();
    }

  if (result == 0)
    result = duban_sla_compare_attention (sa, ta->id, sb, tb->id);

  return data->query->descending ? -result : result;
}

static const char *
name_of (const DubanTicket *ticket,
         DubanQuerySort     sort)
{
  switch (sort)
    {
    case DUBAN_QUERY_SORT_TITLE:    return ticket->title;
    case DUBAN_QUERY_SORT_UNIT:     return ticket->unit_name;
    case DUBAN_QUERY_SORT_CATEGORY: return ticket->category;
    default:                        g_assert_not_reached ();
    }
}

/* the ticket the search names exactly comes first, whatever the order */
static void
search_id_first (const DubanTicketQuery *query,
                 GPtrArray              *tickets,
                 GArray                 *indices)
{
  if (query->search != NULL)
    for (guint i = 0; i < indices->len; i++)
      {
        guint index = g_array_index (indices, guint, i);
        const DubanTicket *ticket = g_ptr_array_index (tickets, index);

        if (ticket->id != NULL && g_ascii_strcasecmp (ticket->id, query->search) == 0)
          {
            if (i > 0)
              {
                memmove (&g_array_index (indices, guint, 1), &g_array_index (indices, guint, 0), i * sizeof (guint));
                g_array_index (indices, guint, 0) = index;
              }
            break;
          }
      }
}

void
duban_ticket_query_sort (const DubanTicketQuery *query,
                         GPtrArray              *tickets,
                         GArray                 *statuses,
                         GArray                 *indices)
{
  SortData data = { query, tickets, statuses, NULL };

  g_return_if_fail (query != NULL);
  g_return_if_fail (tickets != NULL && statuses != NULL && indices != NULL);
  g_return_if_fail (tickets->len == statuses->len);

  if (query->sort == DUBAN_QUERY_SORT_TITLE || query->sort == DUBAN_QUERY_SORT_UNIT ||
      query->sort == DUBAN_QUERY_SORT_CATEGORY)
    {
      /* a key per ticket sorted, not per comparison */
      data.keys = g_new0 (char *, MAX (tickets->len, 1));
      for (guint i = 0; i < indices->len; i++)
        {
          guint index = g_array_index (indices, guint, i);

          g_assert (index < tickets->len);
          if (data.keys[index] == NULL)
            data.keys[index] = duban_name_collate_key (name_of (g_ptr_array_index (tickets, index), query->sort));
        }
    }

  g_array_sort_with_data (indices, compare_indices, &data);

  if (data.keys != NULL)
    {
      for (guint i = 0; i < indices->len; i++)
        g_clear_pointer (&data.keys[g_array_index (indices, guint, i)], g_free);
      g_free (data.keys);
    }

  search_id_first (query, tickets, indices);
}

/* ---- ranks: a re-sort as an integer sort ---------------------------------------- */

/* A ticket's keys for the columns that read the ticket itself, side by
 * side, so that a re-sort never chases a ticket pointer (a cache miss
 * each, 50,000 times). */
typedef struct {
  gint64  received_at;
  guint64 town;         /* the grid code's first eight bytes, big-endian */
  guint8  has_town;     /* compare_towns(): no town first */
  guint8  town_ninth;
  gint8   urgency;
  gint8   source;
} ColumnKeys;

struct _DubanTicketRanks {
  GPtrArray  *tickets;
  guint32    *id;
  ColumnKeys *columns;
  guint32    *names[3];  /* title, unit, category; NULL until computed */
  /* the id folded to lower case -> index + 1, or AMBIGUOUS when two ids
   * fold alike: which ticket the search names, without reading them all */
  GHashTable *folded_ids;
  /* duban_ticket_ranks_new_with_risks(): the ranks it was made from,
   * whose arrays above are borrowed, and the risk order's key per
   * ticket; NULL both in ranks made by duban_ticket_ranks_new() */
  DubanTicketRanks *base;
  gint64           *risk;
};

#define AMBIGUOUS GUINT_TO_POINTER (G_MAXUINT)

typedef struct {
  const char *name;
  char       *key;
  guint32     rank;
} NameSlot;

static int
name_of_index (DubanQuerySort sort)
{
  switch (sort)
    {
    case DUBAN_QUERY_SORT_TITLE:    return 0;
    case DUBAN_QUERY_SORT_UNIT:     return 1;
    case DUBAN_QUERY_SORT_CATEGORY: return 2;
    default:                        return -1;
    }
}

static int
compare_id_slots (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  GPtrArray *tickets = user_data;

  return compare_strings (((const DubanTicket *) g_ptr_array_index (tickets, *(const guint *) a))->id,
                          ((const DubanTicket *) g_ptr_array_index (tickets, *(const guint *) b))->id);
}

static int
compare_name_slots (gconstpointer a,
                    gconstpointer b)
{
  return strcmp ((*(NameSlot * const *) a)->key, (*(NameSlot * const *) b)->key);
}

/* Each distinct name's collation key once (a county has some sixty
 * units, a few dozen categories; titles repeat less), then ranks in
 * their order, equal keys equal ranks; no name ranks 0, first, as
 * compare_strings() puts it. */
static guint32 *
rank_names (GPtrArray      *tickets,
            DubanQuerySort  sort)
{
  g_autoptr(GHashTable) slots = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  NameSlot *all = g_new0 (NameSlot, MAX (tickets->len, 1));
  guint32 *ranks = g_new0 (guint32, MAX (tickets->len, 1));
  guint n_slots = 0;
  guint32 rank = 0;

  for (guint i = 0; i < tickets->len; i++)
    {
      const char *name = name_of (g_ptr_array_index (tickets, i), sort);

      if (name != NULL && !g_hash_table_contains (slots, name))
        {
          NameSlot *slot = &all[n_slots++];

          slot->name = name;
          slot->key = duban_name_collate_key (name);
          g_hash_table_insert (slots, (gpointer) name, slot);
          g_ptr_array_add (sorted, slot);
        }
    }

  g_ptr_array_sort (sorted, compare_name_slots);
  for (guint i = 0; i < sorted->len; i++)
    {
      NameSlot *slot = g_ptr_array_index (sorted, i);

      if (i == 0 || strcmp (((NameSlot *) g_ptr_array_index (sorted, i - 1))->key, slot->key) != 0)
        rank++;
      slot->rank = rank;
    }

  for (guint i = 0; i < tickets->len; i++)
    {
      const char *name = name_of (g_ptr_array_index (tickets, i), sort);

      ranks[i] = name != NULL ? ((NameSlot *) g_hash_table_lookup (slots, name))->rank : 0;
    }

  for (guint i = 0; i < n_slots; i++)
    g_free (all[i].key);
  g_free (all);

  return ranks;
}

DubanTicketRanks *
duban_ticket_ranks_new (GPtrArray *tickets,
                        gboolean   names)
{
  DubanTicketRanks *ranks;
  gboolean in_order = TRUE;

  g_return_val_if_fail (tickets != NULL, NULL);

  ranks = g_atomic_rc_box_new0 (DubanTicketRanks);
  ranks->tickets = g_ptr_array_ref (tickets);
  ranks->id = g_new0 (guint32, MAX (tickets->len, 1));
  ranks->columns = g_new0 (ColumnKeys, MAX (tickets->len, 1));
  ranks->folded_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      ColumnKeys *keys = &ranks->columns[i];

      if (ticket->id != NULL)
        {
          char *folded = g_ascii_strdown (ticket->id, -1);

          if (g_hash_table_contains (ranks->folded_ids, folded))
            g_hash_table_insert (ranks->folded_ids, folded, AMBIGUOUS);
          else
            g_hash_table_insert (ranks->folded_ids, folded, GUINT_TO_POINTER (i + 1));
        }
      keys->received_at = ticket->received_at;
      keys->urgency = (gint8) ticket->urgency;
      keys->source = (gint8) ticket->source;
      if (ticket->grid_code != NULL && strlen (ticket->grid_code) >= 9)
        {
          const guchar *code = (const guchar *) ticket->grid_code;

          keys->has_town = 1;
          for (guint k = 0; k < 8; k++)
            keys->town = (keys->town << 8) | code[k];
          keys->town_ninth = code[8];
        }
    }

  /* The store reads tickets in id order: then an id's rank is its place. */
  for (guint i = 1; i < tickets->len && in_order; i++)
    in_order = compare_strings (((const DubanTicket *) g_ptr_array_index (tickets, i - 1))->id,
                                ((const DubanTicket *) g_ptr_array_index (tickets, i))->id) <= 0;

  if (in_order)
    {
      for (guint i = 1; i < tickets->len; i++)
        ranks->id[i] = ranks->id[i - 1] +
                       (compare_strings (((const DubanTicket *) g_ptr_array_index (tickets, i - 1))->id,
                                         ((const DubanTicket *) g_ptr_array_index (tickets, i))->id) != 0);
    }
  else
    {
      g_autofree guint *order = g_new (guint, MAX (tickets->len, 1));

      for (guint i = 0; i < tickets->len; i++)
        order[i] = i;
      g_qsort_with_data (order, tickets->len, sizeof (guint), compare_id_slots, tickets);
      for (guint i = 1; i < tickets->len; i++)
        ranks->id[order[i]] = ranks->id[order[i - 1]] + (compare_id_slots (&order[i - 1], &order[i], tickets) != 0);
    }

  if (names)
    {
      ranks->names[0] = rank_names (tickets, DUBAN_QUERY_SORT_TITLE);
      ranks->names[1] = rank_names (tickets, DUBAN_QUERY_SORT_UNIT);
      ranks->names[2] = rank_names (tickets, DUBAN_QUERY_SORT_CATEGORY);
    }

  return ranks;
}

DubanTicketRanks *
duban_ticket_ranks_ref (DubanTicketRanks *ranks)
{
  g_return_val_if_fail (ranks != NULL, NULL);

  return g_atomic_rc_box_acquire (ranks);
}

static void
ranks_clear (gpointer data)
{
  DubanTicketRanks *ranks = data;

  if (ranks->base != NULL)
    {
      g_free (ranks->risk);
      duban_ticket_ranks_unref (ranks->base);
      return;
    }
  g_ptr_array_unref (ranks->tickets);
  g_free (ranks->id);
  g_free (ranks->columns);
  g_hash_table_unref (ranks->folded_ids);
  for (guint i = 0; i < G_N_ELEMENTS (ranks->names); i++)
    g_free (ranks->names[i]);
}

void
duban_ticket_ranks_unref (DubanTicketRanks *ranks)
{
  g_return_if_fail (ranks != NULL);

  g_atomic_rc_box_release_full (ranks, ranks_clear);
}

/* The risk order's key, an integer: a probability in [0, 1] is a
 * non-negative double, whose bits order as its value does; negated so
 * that the highest risk comes first, and no basis (negative) after 0. */
static gint64
risk_key (double p_late)
{
  gint64 bits;

  if (!(p_late >= 0.0))
    return 1;
  p_late = MIN (p_late, 1.0) + 0.0;   /* + 0.0: no -0.0 */
  memcpy (&bits, &p_late, sizeof bits);
  return -bits;
}

DubanTicketRanks *
duban_ticket_ranks_new_with_risks (DubanTicketRanks *ranks,
                                   const double     *p_late)
{
  DubanTicketRanks *with;
  DubanTicketRanks *base;

  g_return_val_if_fail (ranks != NULL, NULL);

  base = ranks->base != NULL ? ranks->base : ranks;
  if (p_late == NULL)
    return duban_ticket_ranks_ref (base);
  with = g_atomic_rc_box_new0 (DubanTicketRanks);
  *with = *base;
  with->base = duban_ticket_ranks_ref (base);
  with->risk = g_new (gint64, MAX (base->tickets->len, 1));
  for (guint i = 0; i < base->tickets->len; i++)
    with->risk[i] = risk_key (p_late[i]);

  return with;
}

gboolean
duban_ticket_ranks_has_risks (const DubanTicketRanks *ranks)
{
  g_return_val_if_fail (ranks != NULL, FALSE);

  return ranks->risk != NULL;
}

GPtrArray *
duban_ticket_ranks_get_tickets (const DubanTicketRanks *ranks)
{
  g_return_val_if_fail (ranks != NULL, NULL);

  return ranks->tickets;
}

gboolean
duban_ticket_ranks_has_names (const DubanTicketRanks *ranks)
{
  g_return_val_if_fail (ranks != NULL, FALSE);

  return ranks->names[0] != NULL;
}

gboolean
duban_ticket_query_sort_needs_names (const DubanTicketQuery *query)
{
  g_return_val_if_fail (query != NULL, FALSE);

  return name_of_index (query->sort) >= 0;
}

/* The keys of compare_indices(), as integers: the column's (a, b, c),
 * then the order of attention (glance, lateness, id). */
typedef struct {
  gint64  a;
  guint64 b;
  guint32 c;
  gint32  glance;
  gint64  lateness;
  guint32 id;
  guint32 index;
} RankedEntry;

static int
compare_ranked (gconstpointer pa,
                gconstpointer pb,
                gpointer      user_data)
{
  const RankedEntry *x = pa, *y = pb;
  gboolean descending = GPOINTER_TO_INT (user_data);
  int result;

  if (x->a != y->a)
    result = x->a < y->a ? -1 : 1;
  else if (x->b != y->b)
    result = x->b < y->b ? -1 : 1;
  else if (x->c != y->c)
    result = x->c < y->c ? -1 : 1;
  else if (x->glance != y->glance)
    result = x->glance < y->glance ? -1 : 1;
  else if (x->lateness != y->lateness)
    result = x->lateness > y->lateness ? -1 : 1;
  else if (x->id != y->id)
    result = x->id < y->id ? -1 : 1;
  else
    /* the same id twice: as they came, as a stable sort leaves them */
    return (x->index > y->index) - (x->index < y->index);

  return descending ? -result : result;
}

void
duban_ticket_query_sort_ranked (const DubanTicketQuery  *query,
                                GPtrArray               *tickets,
                                GArray                  *statuses,
                                const DubanTicketRanks  *ranks,
                                GArray                  *indices)
{
  g_autofree RankedEntry *entries = NULL;
  const guint32 *names = NULL;

  g_return_if_fail (query != NULL);
  g_return_if_fail (tickets != NULL && statuses != NULL && indices != NULL);
  g_return_if_fail (tickets->len == statuses->len);
  g_return_if_fail (ranks != NULL && ranks->tickets == tickets);

  if (name_of_index (query->sort) >= 0 && (names = ranks->names[name_of_index (query->sort)]) == NULL)
    {
      duban_ticket_query_sort (query, tickets, statuses, indices);
      return;
    }

  entries = g_new0 (RankedEntry, MAX (indices->len, 1));
  for (guint i = 0; i < indices->len; i++)
    {
      guint index = g_array_index (indices, guint, i);
      const ColumnKeys *columns = &ranks->columns[index];
      const DubanSlaStatus *status = &g_array_index (statuses, DubanSlaStatus, index);
      RankedEntry *entry = &entries[i];

      g_assert (index < tickets->len);
      entry->index = index;
      entry->glance = duban_sla_glance (status);
      entry->lateness = status->lateness_seconds;
      entry->id = ranks->id[index];

      switch (query->sort)
        {
        case DUBAN_QUERY_SORT_ATTENTION:
          break;
        case DUBAN_QUERY_SORT_ID:
          entry->a = ranks->id[index];
          break;
        case DUBAN_QUERY_SORT_TITLE:
        case DUBAN_QUERY_SORT_UNIT:
        case DUBAN_QUERY_SORT_CATEGORY:
          entry->a = names[index];
          break;
        case DUBAN_QUERY_SORT_TOWN:
          /* compare_towns(): no town first, then the code's nine bytes */
          entry->a = columns->has_town;
          entry->b = columns->town;
          entry->c = columns->town_ninth;
          break;
        case DUBAN_QUERY_SORT_URGENCY:
          entry->a = -(gint64) columns->urgency;
          break;
        case DUBAN_QUERY_SORT_SOURCE:
          entry->a = (gint64) columns->source;
          break;
        case DUBAN_QUERY_SORT_DEADLINE:
          entry->a = status->deadline;
          break;
        case DUBAN_QUERY_SORT_RECEIVED:
          entry->a = columns->received_at;
          break;
        case DUBAN_QUERY_SORT_RISK:
          entry->a = ranks->risk != NULL ? ranks->risk[index] : 0;
          break;
        default:
          g_assert_not_reached ();
        }
    }

  g_qsort_with_data (entries, indices->len, sizeof (RankedEntry), compare_ranked,
                     GINT_TO_POINTER (query->descending));
  for (guint i = 0; i < indices->len; i++)
    g_array_index (indices, guint, i) = entries[i].index;

  /* search_id_first(), by the folded ids: the same ticket, unless two
   * ids fold alike (then as search_id_first() finds it) */
  if (query->search != NULL)
    {
      g_autofree char *folded = g_ascii_strdown (query->search, -1);
      gpointer value = g_hash_table_lookup (ranks->folded_ids, folded);

      if (value == AMBIGUOUS)
        search_id_first (query, tickets, indices);
      else if (value != NULL)
        for (guint i = 0; i < indices->len; i++)
          if (g_array_index (indices, guint, i) == GPOINTER_TO_UINT (value) - 1)
            {
              memmove (&g_array_index (indices, guint, 1), &g_array_index (indices, guint, 0), i * sizeof (guint));
              g_array_index (indices, guint, 0) = GPOINTER_TO_UINT (value) - 1;
              break;
            }
    }
}

void
duban_ticket_query_select (const DubanTicketQuery *query,
                           GPtrArray              *tickets,
                           GArray                 *statuses,
                           GArray                 *indices,
                           guint                   counts[DUBAN_QUERY_N_STATES])
{
  DubanQueryState state;

  g_return_if_fail (query != NULL);
  g_return_if_fail (tickets != NULL && statuses != NULL && indices != NULL);
  g_return_if_fail (tickets->len == statuses->len);

  state = duban_ticket_query_get_state (query);
  if (counts != NULL)
    memset (counts, 0, DUBAN_QUERY_N_STATES * sizeof (guint));

  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanSlaStatus *status = &g_array_index (statuses, DubanSlaStatus, i);

      if (!matches_except_state (query, g_ptr_array_index (tickets, i), status))
        continue;

      if (counts != NULL)
        for (guint s = 0; s < DUBAN_QUERY_N_STATES; s++)
          counts[s] += state_matches (s, status);

      if (state_matches (state, status))
        g_array_append_val (indices, i);
    }
}
