/* test-store-search.c — the store's search finds what the query finds
 *
 * A search in the queue reads from the store only the tickets it finds
 * (duban-store-search.c, the query's rule run by SQLite on each row).
 * Held here to the query's own test (duban_ticket_query_matches) over
 * every ticket read whole, both ways, for searches taken from the
 * tickets themselves and for the awkward ones: an id in lower case,
 * % and _ (which LIKE would read), ASCII letters in either case beside
 * Han text and full-width letters (which the rule does not fold), blanks
 * around the text, a blank search, text no ticket has.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "duban-county-generator.h"
#include "duban-desk.h"
#include "duban-store-reference.h"
#include "duban-store-search.h"
#include "duban-ticket-query.h"

#define AT "2026-10-15T12:00:00+08:00"

static char *tmpdir;
static char *store_path;
static GPtrArray *all_tickets;   /* every stored ticket, read whole */

static DubanTime
t (const char *text)
{
  DubanTime time;
  g_autoptr(GError) error = NULL;

  g_assert_true (duban_time_parse_rfc3339 (text, &time, &error));
  return time;
}

/* Tickets whose text holds what a search must not misread. */
static const struct { const char *id, *title, *address, *description; } odd[] = {
  { "ZZ-odd-1", "100%满意_回访", "幸福路 1 号", NULL },
  { "ZZ-odd-2", "100满意回访", NULL, "a_b%c 群众反映" },
  { "ZZ-odd-3", "ＡＢＣ全角字母", "Main Street 12", "Mixed CASE text" },
  { "zz-odd-4", "abc小写", "main street 12", "" },
};

static void
make_store (void)
{
  DubanCountyParams params = { .seed = 23, .n_tickets = 4000, .now = t (AT) };
  g_autoptr(DubanCounty) county = duban_county_generate (&params);
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tickets = duban_county_get_tickets (county);

  store = duban_store_open (store_path, &error);
  g_assert_no_error (error);
  g_assert_true (duban_store_begin (store, &error));
  g_assert_true (duban_store_replace_regions (store, duban_county_get_regions_json (county), &error));
  g_assert_true (duban_store_replace_units (store, duban_county_get_units_json (county), &error));
  for (guint i = 0; i < tickets->len; i++)
    g_assert_true (duban_store_upsert_ticket (store, g_ptr_array_index (tickets, i), NULL, &error));
  for (guint i = 0; i < G_N_ELEMENTS (odd); i++)
    {
      DubanTicket *ticket = duban_ticket_copy (g_ptr_array_index (tickets, i * 11));

      g_free (ticket->id), ticket->id = g_strdup (odd[i].id);
      g_free (ticket->title), ticket->title = g_strdup (odd[i].title);
      g_free (ticket->address), ticket->address = g_strdup (odd[i].address);
      g_free (ticket->description), ticket->description = g_strdup (odd[i].description);
      g_free (ticket->repeat_of), ticket->repeat_of = NULL;
      g_assert_true (duban_store_upsert_ticket (store, ticket, NULL, &error));
      duban_ticket_free (ticket);
    }
  g_assert_true (duban_store_commit (store, &error));
  g_assert_no_error (error);

  all_tickets = duban_store_load_tickets (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all_tickets->len, ==, tickets->len + G_N_ELEMENTS (odd));
}

/* A piece of @text: @n characters from character @from, or NULL. */
static char *
piece (const char *text,
       guint       from,
       guint       n)
{
  const char *start, *end;

  if (text == NULL || g_utf8_strlen (text, -1) < from + n)
    return NULL;
  start = g_utf8_offset_to_pointer (text, from);
  end = g_utf8_offset_to_pointer (start, n);
  return g_strndup (start, end - start);
}

/* The searches: the awkward ones, then pieces of the tickets' own
 * fields, the ids in lower case. */
static GPtrArray *
make_searches (void)
{
  GPtrArray *searches = g_ptr_array_new_with_free_func (g_free);
  static const char *fixed[] = {
    "%", "_", "%_", "100%", "0%满", "满意_回", "a_b%c", "a%b", "\\", "'", "\"",
    "a", "A", "abc", "ABC", "ＡＢＣ", "ａｂｃ", "main STREET", "mixed case", "ZZ-ODD", "zz-odd-4",
    "  满意  ", "\t回访\n", "   ", "", "不存在的文字", "路", "号", "的",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (searches, g_strdup (fixed[i]));
  for (guint i = 0; i < 40; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (all_tickets, g_rand_int_range (rand, 0, all_tickets->len));
      const char *fields[] = { ticket->title, ticket->address, ticket->description };
      char *text;

      g_ptr_array_add (searches, g_ascii_strdown (ticket->id, -1));
      g_ptr_array_add (searches, g_strndup (ticket->id, 6));
      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        if ((text = piece (fields[f], g_rand_int_range (rand, 0, 4), g_rand_int_range (rand, 2, 7))))
          g_ptr_array_add (searches, text);
    }
  return searches;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* The ids the query finds over every ticket, sorted. */
static GPtrArray *
query_ids (const char *search)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  DubanTicketQuery query;
  DubanSlaStatus status = { .state = DUBAN_STATE_OPEN_OK };

  duban_ticket_query_init (&query);
  duban_ticket_query_set_search (&query, search);
  query.state = DUBAN_QUERY_STATE_ANY;
  if (query.search != NULL)
    for (guint i = 0; i < all_tickets->len; i++)
      {
        const DubanTicket *ticket = g_ptr_array_index (all_tickets, i);

        /* the text's test alone: a search passes every state (but
         * "not yet", which the desk's statuses leave out later) */
        if (duban_ticket_query_matches (&query, ticket, &status))
          g_ptr_array_add (ids, g_strdup (ticket->id));
      }
  duban_ticket_query_clear (&query);
  g_ptr_array_sort (ids, compare_strings);
  return ids;
}

static void
assert_same_ids (GPtrArray  *found,
                 GPtrArray  *expected,
                 const char *search)
{
  if (found->len != expected->len)
    g_error ("search '%s': the store found %u tickets, the query %u", search, found->len, expected->len);
  for (guint i = 0; i < found->len; i++)
    if (!g_str_equal (g_ptr_array_index (found, i), g_ptr_array_index (expected, i)))
      g_error ("search '%s': the store found %s where the query found %s", search,
               (char *) g_ptr_array_index (found, i), (char *) g_ptr_array_index (expected, i));
}

static void
test_ids (void)
{
  g_autoptr(DubanStore) store = duban_store_open_existing (store_path, NULL);
  g_autoptr(GPtrArray) searches = make_searches ();
  guint n_some = 0, n_none = 0;

  g_assert_nonnull (store);
  for (guint s = 0; s < searches->len; s++)
    {
      const char *search = g_ptr_array_index (searches, s);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) found = duban_store_search_ticket_ids (store, search, NULL, &error);
      g_autoptr(GPtrArray) expected = query_ids (search);

      g_assert_no_error (error);
      g_assert_nonnull (found);
      g_ptr_array_sort (found, compare_strings);
      assert_same_ids (found, expected, search);
      if (expected->len > 0 && expected->len < all_tickets->len)
        n_some++;
      else if (expected->len == 0)
        n_none++;
    }
  /* the searches tell tickets apart: most find some, not all */
  g_assert_cmpuint (n_some, >, searches->len / 2);
  g_assert_cmpuint (n_none, >=, 3);
}

static void
test_awkward (void)
{
  g_autoptr(DubanStore) store = duban_store_open_existing (store_path, NULL);
  static const struct { const char *search; const char *ids; } cases[] = {
    /* % and _ are text: only the odd tickets hold them */
    { "%", "ZZ-odd-1,ZZ-odd-2" },
    { "_", "ZZ-odd-1,ZZ-odd-2" },
    { "100%", "ZZ-odd-1" },
    { "a_b%c", "ZZ-odd-2" },
    /* ASCII letters in either case, in every field; full-width ones as they are */
    { "MAIN street", "ZZ-odd-3,zz-odd-4" },
    { "ＡＢＣ", "ZZ-odd-3" },
    { "zz-ODD-4", "zz-odd-4" },
    /* trimmed; a blank search finds none */
    { "  满意_回访 ", "ZZ-odd-1" },
    { " \t ", "" },
  };

  g_assert_nonnull (store);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) found = duban_store_search_ticket_ids (store, cases[i].search, NULL, &error);
      g_autoptr(GString) joined = g_string_new (NULL);

      g_assert_no_error (error);
      g_ptr_array_sort (found, compare_strings);
      for (guint j = 0; j < found->len; j++)
        {
          const char *id = g_ptr_array_index (found, j);

          /* the county's own tickets may hold the letters too: only the odd ones are named */
          if (g_ascii_strncasecmp (id, "zz-odd", 6) == 0)
            g_string_append_printf (joined, "%s%s", joined->len > 0 ? "," : "", id);
        }
      g_assert_cmpstr (joined->str, ==, cases[i].ids);
    }
}

static const DubanTicket *
find_whole (const char *id)
{
  for (guint i = 0; i < all_tickets->len; i++)
    if (g_str_equal (((DubanTicket *) g_ptr_array_index (all_tickets, i))->id, id))
      return g_ptr_array_index (all_tickets, i);
  g_assert_not_reached ();
}

/* The desk of a search holds exactly its tickets, whole, in id order,
 * with the states the desk of every ticket gives them. */
static void
test_desk (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanDesk) every = NULL;
  /* "金乡" is in nearly every address: read as every ticket, those not found dropped */
  static const char *searches[] = { "满意", "main street", "%", "路", "不存在的文字", "金乡" };
  DubanTime at = t (AT);

  every = duban_desk_load (store_path, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_TICKETS, at, NULL, &error);
  g_assert_no_error (error);

  for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
    {
      g_autoptr(DubanDesk) desk = NULL;
      g_autoptr(GPtrArray) expected = query_ids (searches[s]);
      GPtrArray *tickets, *every_tickets = duban_desk_get_tickets (every);
      GArray *statuses, *every_statuses = duban_desk_get_statuses (every);
      DubanDeskScope back;
      guint j = 0;
      gboolean some_closed = FALSE;

      desk = duban_desk_load_search (store_path, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_TICKETS, searches[s], at,
                                     NULL, &error);
      g_assert_no_error (error);
      tickets = duban_desk_get_tickets (desk);
      statuses = duban_desk_get_statuses (desk);
      /* a scope with no term but the search */
      g_assert_true (duban_desk_get_scope (desk, &back));
      g_assert_false (back.open);
      g_assert_false (back.order_tickets);
      g_assert_cmpint (back.from, ==, DUBAN_TIME_NONE);
      g_assert_cmpstr (duban_desk_get_search (desk), ==, searches[s]);
      g_assert_cmpuint (tickets->len, ==, expected->len);

      for (guint i = 0; i < tickets->len; i++)
        {
          const DubanTicket *ticket = g_ptr_array_index (tickets, i);
          const DubanTicket *whole = find_whole (ticket->id);
          const DubanSlaStatus *status = &g_array_index (statuses, DubanSlaStatus, i);

          g_assert_cmpstr (ticket->id, ==, g_ptr_array_index (expected, i));
          /* whole: the text a detail shows, the platform's orders */
          g_assert_cmpstr (ticket->title, ==, whole->title);
          g_assert_cmpstr (ticket->description, ==, whole->description);
          g_assert_cmpstr (ticket->address, ==, whole->address);
          g_assert_cmpstr (ticket->petitioner_name, ==, whole->petitioner_name);
          g_assert_cmpstr (ticket->petitioner_phone, ==, whole->petitioner_phone);
          g_assert_cmpstr (ticket->repeat_of, ==, whole->repeat_of);
          g_assert_cmpuint (ticket->supervisions != NULL ? ticket->supervisions->len : 0, ==,
                            whole->supervisions != NULL ? whole->supervisions->len : 0);
          while (!g_str_equal (((DubanTicket *) g_ptr_array_index (every_tickets, j))->id, ticket->id))
            j++;
          g_assert_cmpint (status->state, ==, g_array_index (every_statuses, DubanSlaStatus, j).state);
          some_closed |= !duban_state_is_open (status->state);
        }
      if (tickets->len > 20)
        g_assert_true (some_closed);
      if (g_str_equal (searches[s], "金乡"))
        g_assert_cmpuint (tickets->len * 2, >, all_tickets->len);
    }
}

/* A search typed on: the read asked for first stops with CANCELLED. */
static void
test_cancelled (void)
{
  g_autoptr(DubanStore) store = duban_store_open_existing (store_path, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) again = NULL;

  g_cancellable_cancel (cancellable);
  found = duban_store_search_ticket_ids (store, "路", cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (found);
  g_clear_error (&error);

  /* the read of the tickets found, and a desk's */
  g_assert_null (duban_store_search_tickets (store, "路", cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_null (duban_desk_load_search (store_path, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_TICKETS, "路",
                                         t (AT), cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* the connection is fine afterwards */
  again = duban_store_search_tickets (store, "路", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("duban-store-search-XXXXXX", NULL);
  store_path = g_build_filename (tmpdir, "store.db", NULL);
  make_store ();

  g_test_add_func ("/store-search/ids", test_ids);
  g_test_add_func ("/store-search/awkward", test_awkward);
  g_test_add_func ("/store-search/desk", test_desk);
  g_test_add_func ("/store-search/cancelled", test_cancelled);

  status = g_test_run ();

  g_clear_pointer (&all_tickets, g_ptr_array_unref);
  g_remove (store_path);
  g_autofree char *wal = g_strconcat (store_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (store_path, "-shm", NULL);
  g_remove (wal);
  g_remove (shm);
  g_rmdir (tmpdir);
  g_free (store_path);
  g_free (tmpdir);
  return status;
}
