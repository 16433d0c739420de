/* test-desk.c — the loaded desk is what every earlier loader loaded
 *
 * duban-ctl, the session and the pages once each assembled the store,
 * the calendar with the platform's tables, the policy, the names and the
 * tickets' states themselves; DubanDesk is now the one loader. These
 * tests hold it to what the store says, whichever way it is loaded.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "duban-county-generator.h"
#include "duban-desk.h"
#include "duban-orders.h"
#include "duban-store-reference.h"

#define AT "2026-10-15T12:00:00+08:00"

static char *tmpdir;
static char *store_path;

static DubanTime
t (const char *text)
{
  DubanTime time;
  g_autoptr(GError) error = NULL;

  g_assert_true (duban_time_parse_rfc3339 (text, &time, &error));
  return time;
}

static void
make_store (void)
{
  DubanCountyParams params = { .seed = 7, .n_tickets = 600, .now = t (AT) };
  g_autoptr(DubanCounty) county = duban_county_generate (&params);
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tickets = duban_county_get_tickets (county);
  DubanSlaPolicy policy;

  store = duban_store_open (store_path, &error);
  g_assert_no_error (error);
  g_assert_true (duban_store_begin (store, &error));
  g_assert_true (duban_store_replace_regions (store, duban_county_get_regions_json (county), &error));
  g_assert_true (duban_store_replace_units (store, duban_county_get_units_json (county), &error));
  for (guint i = 0; i < tickets->len; i++)
    g_assert_true (duban_store_upsert_ticket (store, g_ptr_array_index (tickets, i), NULL, &error));
  /* a platform calendar that takes Friday 2026-10-16 off: the desk must
   * judge by it, not by the bundled table */
  g_assert_true (duban_store_save_calendar (store, 2026,
                                            "{\"year\": 2026, \"holidays\": [\"2026-01-01\", \"2026-01-02\","
                                            " \"2026-10-01\", \"2026-10-02\", \"2026-10-05\", \"2026-10-06\","
                                            " \"2026-10-07\", \"2026-10-16\"], \"workdays\": []}", &error));
  g_assert_true (duban_store_commit (store, &error));
  g_assert_no_error (error);

  /* a center that warns earlier than the county's default */
  duban_sla_policy_init_defaults (&policy);
  policy.warning_fraction = 0.4;
  g_assert_true (duban_store_save_policy (store, &policy, &error));
}

static void
test_missing_store (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "absent", "duban.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanDesk) desk = NULL;

  desk = duban_desk_load (path, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_TICKETS, t (AT), NULL, &error);
  g_assert_null (desk);
  g_assert_error (error, DUBAN_STORE_ERROR, DUBAN_STORE_ERROR_NO_STORE);
  /* and nothing was made there */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
assert_same_states (GPtrArray     *tickets,
                    GArray        *statuses,
                    DubanCalendar *calendar,
                    const DubanSlaPolicy *policy,
                    DubanTime      at)
{
  g_assert_cmpuint (statuses->len, ==, tickets->len);
  for (guint i = 0; i < tickets->len; i++)
    {
      DubanSlaStatus expected;
      const DubanSlaStatus *got = &g_array_index (statuses, DubanSlaStatus, i);

      duban_sla_evaluate (policy, calendar, g_ptr_array_index (tickets, i), at, &expected);
      g_assert_cmpint (got->state, ==, expected.state);
      g_assert_cmpint (got->deadline, ==, expected.deadline);
      g_assert_cmpint (got->contact_overdue, ==, expected.contact_overdue);
    }
}

static void
test_everything_the_store_says (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanDesk) desk = NULL;
  g_autoptr(DubanStore) store = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  DubanSlaPolicy policy;
  GPtrArray *tickets;
  const DubanTicket *first;
  g_autofree char *town = NULL;
  g_autofree char *town_name = NULL;
  g_autofree char *unit_name = NULL;
  g_autofree char *dup = NULL;

  desk = duban_desk_load (store_path, DUBAN_DESK_OPEN_EXISTING,
                          DUBAN_DESK_TICKETS | DUBAN_DESK_REGIONS | DUBAN_DESK_ORDERS, t (AT), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (desk);
  g_assert_nonnull (duban_desk_get_store (desk));
  g_assert_cmpint (duban_desk_get_moment (desk), ==, t (AT));

  /* the store's own answers, read the old way */
  store = duban_store_open (store_path, &error);
  g_assert_no_error (error);
  stored = duban_store_load_tickets (store, &error);
  g_assert_no_error (error);
  g_assert_true (duban_store_apply_calendars (store, calendar, &error));
  g_assert_true (duban_store_load_policy (store, &policy, &error));

  /* the center's policy and the platform's calendar */
  g_assert_cmpfloat (duban_desk_get_policy (desk)->warning_fraction, ==, 0.4);
  g_assert_false (duban_calendar_is_working_day (duban_desk_get_calendar (desk),
                                                 duban_day_of_time (t ("2026-10-16T12:00:00+08:00"))));

  /* every ticket, in the store's order, judged at the moment */
  tickets = duban_desk_get_tickets (desk);
  g_assert_cmpuint (tickets->len, ==, stored->len);
  g_assert_cmpint (duban_desk_get_ticket_count (desk), ==, stored->len);
  for (guint i = 0; i < tickets->len; i++)
    g_assert_cmpstr (((DubanTicket *) g_ptr_array_index (tickets, i))->id, ==,
                     ((DubanTicket *) g_ptr_array_index (stored, i))->id);
  assert_same_states (stored, duban_desk_get_statuses (desk), calendar, &policy, t (AT));

  /* states move with the clock */
  {
    DubanTime later = t ("2026-10-20T12:00:00+08:00");
    g_autoptr(GArray) moved = duban_desk_evaluate_at (desk, NULL, later);

    assert_same_states (stored, moved, calendar, &policy, later);
  }

  /* names of areas and units, as the store names them */
  first = g_ptr_array_index (tickets, 0);
  for (guint i = 0; first->grid_code == NULL && i < tickets->len; i++)
    first = g_ptr_array_index (tickets, i);
  g_assert_nonnull (first->grid_code);
  town = duban_grid_code_town (first->grid_code);
  town_name = duban_store_region_name (store, town);
  g_assert_nonnull (town_name);
  g_assert_cmpstr (duban_desk_lookup_name (desk, town), ==, town_name);
  {
    g_autofree char *grid_name = duban_store_region_name (store, first->grid_code);

    g_assert_nonnull (grid_name);
    g_assert_cmpstr (duban_desk_lookup_name (desk, first->grid_code), ==, grid_name);
  }
  unit_name = duban_store_region_name (store, "370828D03");
  g_assert_cmpstr (unit_name, ==, "县综合行政执法局（城管）");
  g_assert_cmpstr (duban_desk_lookup_name (desk, "370828D03"), ==, unit_name);
  g_assert_null (duban_desk_lookup_name (desk, "no-such-code"));
  g_assert_null (duban_desk_lookup_name (desk, NULL));
  dup = duban_desk_dup_name_cb (town, desk);
  g_assert_cmpstr (dup, ==, town_name);

  /* the map and the reports' extras */
  g_assert_nonnull (duban_desk_get_regions (desk));
  g_assert_nonnull (duban_desk_get_orders (desk));
  g_assert_cmpuint (duban_desk_get_orders (desk)->len, ==, 0);
  g_assert_cmpint (duban_desk_get_last_sync (desk), ==, DUBAN_TIME_NONE);
}

static void
test_only_what_is_asked (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanDesk) desk = NULL;

  desk = duban_desk_load (store_path, DUBAN_DESK_OPEN_EXISTING, 0, t (AT), NULL, &error);
  g_assert_no_error (error);
  g_assert_null (duban_desk_get_tickets (desk));
  g_assert_null (duban_desk_get_statuses (desk));
  g_assert_null (duban_desk_get_regions (desk));
  g_assert_null (duban_desk_get_orders (desk));
  /* the calendar, the policy and the names always */
  g_assert_cmpfloat (duban_desk_get_policy (desk)->warning_fraction, ==, 0.4);
  g_assert_nonnull (duban_desk_lookup_name (desk, "370828D03"));
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  DubanDesk **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = duban_desk_load_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanDesk) blocking = NULL;
  DubanDesk *desk = NULL;

  duban_desk_load_async (store_path, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_TICKETS, t (AT), NULL,
                         loaded_cb, &desk);
  while (desk == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* its connection stayed on the worker */
  g_assert_null (duban_desk_get_store (desk));
  blocking = duban_desk_load (store_path, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_TICKETS, t (AT), NULL, &error);
  g_assert_no_error (error);
  assert_same_states (duban_desk_get_tickets (blocking), duban_desk_get_statuses (desk),
                      duban_desk_get_calendar (blocking), duban_desk_get_policy (blocking), t (AT));
  g_object_unref (desk);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("duban-test-desk-XXXXXX", NULL);
  store_path = g_build_filename (tmpdir, "duban.db", NULL);
  make_store ();

  g_test_add_func ("/desk/missing-store", test_missing_store);
  g_test_add_func ("/desk/everything-the-store-says", test_everything_the_store_says);
  g_test_add_func ("/desk/only-what-is-asked", test_only_what_is_asked);
  g_test_add_func ("/desk/async", test_async);
  status = g_test_run ();

  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  }
  return status;
}
