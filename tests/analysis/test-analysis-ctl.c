/* test-analysis-ctl.c — duban-ctl hotspots, repeats and risk, end to end
 *
 * A real duban-feed with a planted county, a real sync, the three
 * commands' JSON read back and held to the interface the issue gives
 * (the keys, the order), and to what was planted, which the same
 * generator made in-process with the same seed tells.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "duban-county-generator.h"
#include "duban-desk.h"
#include "duban-judgement-history.h"
#include "duban-store-judgement-history.h"
#include "duban-proposals.h"
#include "duban-sla.h"

#define SEED      "20221117"
#define N_TICKETS "3000"
#define NOW       "2026-03-16T10:00:00+08:00"

static char *feed_url;
static GSubprocess *feed;
static char *tmpdir;
static char *db;
static DubanCounty *county;

static char *
run_ctl (int          expected_status,
         const char  *first,
         ...) G_GNUC_NULL_TERMINATED;

static char *
run_ctl (int          expected_status,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("DUBAN_CTL"));
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, db);
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (proc) != expected_status)
    g_error ("duban-ctl %s: exit %d, expected %d; stderr: %s", first,
             g_subprocess_get_exit_status (proc), expected_status, err);
  return out;
}

static JsonArray *
parse_array (const char  *text,
             JsonNode   **root)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_data (parser, text, -1, &error))
    g_error ("not JSON (%s): %s", error->message, text);
  *root = json_node_copy (json_parser_get_root (parser));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (*root));
  return json_node_get_array (*root);
}

static void
assert_members (JsonObject         *object,
                const char * const *names)
{
  g_autoptr(GList) members = json_object_get_members (object);

  g_assert_cmpuint (g_list_length (members), ==, g_strv_length ((char **) names));
  for (guint i = 0; names[i] != NULL; i++)
    g_assert_true (json_object_has_member (object, names[i]));
}

static void
test_hotspots (void)
{
  static const char * const keys[] = { "area", "name", "level", "category", "from", "to",
                                       "count", "expected", "p_value", NULL };
  GPtrArray *planted = duban_county_get_planted_hotspots (county);

  for (guint h = 0; h < planted->len; h++)
    {
      const DubanPlantedHotspot *plant = g_ptr_array_index (planted, h);
      g_autofree char *from = duban_day_format (plant->first);
      g_autofree char *to = duban_day_format (plant->last);
      g_autofree char *out = run_ctl (0, "hotspots", "--from", from, "--to", to, "--at", NOW,
                                      "--format", "json", NULL);
      g_autoptr(JsonNode) root = NULL;
      JsonArray *array = parse_array (out, &root);
      gboolean found = FALSE;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *object = json_array_get_object_element (array, i);

          assert_members (object, keys);
          g_assert_cmpstr (json_object_get_string_member (object, "level"), ==, "village");
          g_assert_cmpstr (json_object_get_string_member (object, "from"), ==, from);
          g_assert_cmpstr (json_object_get_string_member (object, "to"), ==, to);
          g_assert_cmpfloat (json_object_get_double_member (object, "p_value"), <=, 0.05);
          if (i > 0)
            g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (array, i - 1), "p_value"),
                               <=, json_object_get_double_member (object, "p_value"));
          if (g_str_equal (json_object_get_string_member (object, "area"), plant->village_code) &&
              g_str_equal (json_object_get_string_member (object, "category"), plant->category))
            {
              found = TRUE;
              /* named from the stored regions, not by its code */
              g_assert_cmpstr (json_object_get_string_member (object, "name"), !=, plant->village_code);
            }
        }
      g_assert_true (found);
    }

  /* the town level finds the strongest burst's town */
  {
    const DubanPlantedHotspot *plant = g_ptr_array_index (planted, 0);
    g_autofree char *from = duban_day_format (plant->first);
    g_autofree char *to = duban_day_format (plant->last);
    g_autofree char *out = run_ctl (0, "hotspots", "--from", from, "--to", to, "--level", "town",
                                    "--at", NOW, "--format", "json", NULL);
    g_autofree char *table = run_ctl (0, "hotspots", "--from", from, "--to", to, "--at", NOW, NULL);
    g_autoptr(JsonNode) root = NULL;
    JsonArray *array = parse_array (out, &root);
    g_autofree char *town = g_strndup (plant->village_code, 9);

    g_assert_cmpuint (json_array_get_length (array), >=, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "area"), ==, town);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "level"), ==, "town");
    g_assert_nonnull (strstr (table, plant->village_code));
  }
}

static void
test_repeats (void)
{
  g_autofree char *out = run_ctl (0, "repeats", "--format", "json", NULL);
  g_autofree char *ranged = run_ctl (0, "repeats", "--from", "2026-01-01", "--to", "2026-01-31",
                                     "--format", "json", NULL);
  static const char * const keys[] = { "ids", "reason", NULL };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) ranged_root = NULL;
  JsonArray *array = parse_array (out, &root);
  JsonArray *ranged_array = parse_array (ranged, &ranged_root);
  GPtrArray *tickets = duban_county_get_tickets (county);
  g_autoptr(GHashTable) received = g_hash_table_new (g_str_hash, g_str_equal);
  guint linked = 0;

  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);

      g_hash_table_insert (received, ticket->id, (gpointer) ticket);
    }

  g_assert_cmpuint (json_array_get_length (array), >, 0);
  for (guint g = 0; g < json_array_get_length (array); g++)
    {
      JsonObject *object = json_array_get_object_element (array, g);
      JsonArray *ids = json_object_get_array_member (object, "ids");

      assert_members (object, keys);
      g_assert_cmpuint (json_array_get_length (ids), >=, 2);
      g_assert_cmpuint (strlen (json_object_get_string_member (object, "reason")), >, 0);
      for (guint i = 0; i < json_array_get_length (ids); i++)
        {
          const DubanTicket *ticket = g_hash_table_lookup (received, json_array_get_string_element (ids, i));

          g_assert_nonnull (ticket);
          if (ticket->repeat_of != NULL)
            linked++;
          if (i > 0)
            {
              const DubanTicket *before = g_hash_table_lookup (received, json_array_get_string_element (ids, i - 1));

              g_assert_cmpint (before->received_at, <=, ticket->received_at);
            }
        }
    }
  /* most of what is proposed is what was planted */
  g_assert_cmpuint (linked, >, 0);

  /* a month holds fewer groups than the year, each within the month */
  g_assert_cmpuint (json_array_get_length (ranged_array), <, json_array_get_length (array));
  for (guint g = 0; g < json_array_get_length (ranged_array); g++)
    {
      JsonArray *ids = json_object_get_array_member (json_array_get_object_element (ranged_array, g), "ids");

      for (guint i = 0; i < json_array_get_length (ids); i++)
        g_assert_true (g_str_has_prefix (json_array_get_string_element (ids, i), "JX202601"));
    }
}

/* `duban-ctl sync` leaves the 研判's kept rows up to date: the next
 * bulletin judges no year of tickets again */
static void
test_history_after_sync (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanDesk) desk = duban_desk_load (db, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_REGIONS, duban_time_now (),
                                               NULL, &error);
  g_autofree char *stamp = NULL;
  gboolean current = FALSE;

  g_assert_no_error (error);
  stamp = duban_judgement_history_stamp (duban_desk_get_regions (desk), duban_desk_get_policy (desk),
                                         duban_desk_get_calendar (desk));
  g_assert_true (duban_store_judgement_history_is_current (duban_desk_get_store (desk), stamp, &current, NULL, NULL,
                                                           &error));
  g_assert_no_error (error);
  g_assert_true (current);
}

static void
test_risk (void)
{
  const char *at_text = "2026-03-10T10:00:00+08:00";
  g_autofree char *out = run_ctl (0, "risk", "--at", at_text, "--format", "json", NULL);
  g_autofree char *table = run_ctl (0, "risk", "--at", at_text, NULL);
  static const char * const keys[] = { "id", "p_late", "basis", NULL };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array = parse_array (out, &root);
  GPtrArray *tickets = duban_county_get_tickets (county);
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  DubanSlaPolicy policy;
  DubanTime at;
  guint open = 0;

  g_assert_true (duban_time_parse_rfc3339 (at_text, &at, NULL));
  duban_sla_policy_init_defaults (&policy);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      JsonObject *before = i > 0 ? json_array_get_object_element (array, i - 1) : NULL;

      assert_members (object, keys);
      g_assert_cmpuint (strlen (json_object_get_string_member (object, "basis")), >, 0);
      /* null without a basis (样本不足), after every figure */
      if (json_object_get_null_member (object, "p_late"))
        g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "basis"), "Too little history"));
      else
        {
          double p = json_object_get_double_member (object, "p_late");

          g_assert_cmpfloat (p, >=, 0.0);
          g_assert_cmpfloat (p, <=, 1.0);
          if (before != NULL)
            {
              g_assert_false (json_object_get_null_member (before, "p_late"));
              g_assert_cmpfloat (json_object_get_double_member (before, "p_late"), >=, p);
            }
        }
      g_hash_table_add (listed, (gpointer) json_object_get_string_member (object, "id"));
    }

  /* every ticket open at --at, and only those */
  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      DubanSlaStatus status;

      duban_sla_evaluate (&policy, calendar, ticket, at, &status);
      if (duban_state_is_open (status.state))
        {
          open++;
          g_assert_true (g_hash_table_contains (listed, ticket->id));
        }
    }
  g_assert_cmpuint (open, >, 0);
  g_assert_cmpuint (json_array_get_length (array), ==, open);
  g_assert_nonnull (strstr (table, json_object_get_string_member (json_array_get_object_element (array, 0), "id")));
}

/* duban-ctl ladder says what the desk's queue proposes: the same steps
 * for the same tickets, worked out from the same store at the same moment,
 * the strongest first, each with its reason. */
static void
test_ladder (void)
{
  const char *at_text = "2026-03-10T10:00:00+08:00";
  g_autofree char *out = run_ctl (0, "ladder", "--at", at_text, "--format", "json", NULL);
  g_autofree char *table = run_ctl (0, "ladder", "--at", at_text, NULL);
  static const char * const keys[] = { "id", "unit", "level", "orders", "reason", NULL };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array = parse_array (out, &root);
  g_autoptr(DubanDesk) desk = NULL;
  g_autoptr(GHashTable) proposals = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint proposed = 0;
  DubanTime at;

  g_assert_true (duban_time_parse_rfc3339 (at_text, &at, NULL));
  desk = duban_desk_load (db, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_TICKETS | DUBAN_DESK_ORDERS, at, NULL, &error);
  g_assert_no_error (error);
  proposals = duban_proposals_compute (desk, NULL, NULL, NULL, NULL, at);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      const DubanLadderProposal *proposal = g_hash_table_lookup (proposals, json_object_get_string_member (object, "id"));
      DubanOrderLevel level;

      assert_members (object, keys);
      g_assert_true (duban_order_level_from_wire (json_object_get_string_member (object, "level"), &level));
      g_assert_nonnull (proposal);
      g_assert_true (proposal->proposed);
      g_assert_cmpint (proposal->level, ==, level);
      g_assert_cmpstr (json_object_get_string_member (object, "reason"), ==, proposal->reason);
      if (i > 0)
        {
          DubanOrderLevel before;

          g_assert_true (duban_order_level_from_wire (
            json_object_get_string_member (json_array_get_object_element (array, i - 1), "level"), &before));
          g_assert_cmpint (before, >=, level);
        }
    }

  g_hash_table_iter_init (&iter, proposals);
  while (g_hash_table_iter_next (&iter, &key, &value))
    proposed += ((DubanLadderProposal *) value)->proposed;
  /* the county has late tickets: the ladder has something to say, all of it listed */
  g_assert_cmpuint (proposed, >, 0);
  g_assert_cmpuint (json_array_get_length (array), ==, proposed);
  g_assert_nonnull (strstr (table, json_object_get_string_member (json_array_get_object_element (array, 0), "id")));
}

static void
test_usage_errors (void)
{
  g_autofree char *a = run_ctl (2, "hotspots", "--from", "2026-03-01", NULL);
  g_autofree char *b = run_ctl (2, "hotspots", "--from", "2026-03-01", "--to", "2026-03-07", "--level", "county", NULL);
  g_autofree char *c = run_ctl (2, "hotspots", "--from", "2026-03-07", "--to", "2026-03-01", NULL);
  g_autofree char *d = run_ctl (2, "repeats", "--from", "2026-03-01", NULL);
  g_autofree char *e = run_ctl (2, "repeats", "--format", "csv", NULL);
  g_autofree char *f = run_ctl (2, "risk", "--at", "2026-03-10T10:00:00", NULL);
  g_autofree char *g = run_ctl (2, "risk", "extra", NULL);
  g_autofree char *h = run_ctl (2, "ladder", "--format", "csv", NULL);
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
start_feed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *line = NULL;
  const char *argv[] = { g_getenv ("DUBAN_FEED"), "--port", "0", "--seed", SEED, "--tickets", N_TICKETS,
                         "--plant", "--now", NOW, NULL };

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  feed = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (feed));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "duban-feed listening on http://127.0.0.1:"));
  feed_url = g_strdup (strrchr (line, ' ') + 1);
}

int
main (int argc, char **argv)
{
  DubanCountyParams params = { .seed = (guint32) g_ascii_strtoull (SEED, NULL, 10),
                               .n_tickets = (guint) g_ascii_strtoull (N_TICKETS, NULL, 10),
                               .plant = TRUE };
  int status;

  g_test_init (&argc, &argv, NULL);

  g_assert_true (duban_time_parse_rfc3339 (NOW, &params.now, NULL));
  county = duban_county_generate (&params);
  tmpdir = g_dir_make_tmp ("duban-analysis-ctl-XXXXXX", NULL);
  db = g_build_filename (tmpdir, "duban.db", NULL);
  start_feed ();
  g_free (run_ctl (0, "sync", "--feed", feed_url, NULL));

  /* first: before any command could have brought the rows up to date */
  g_test_add_func ("/analysis-ctl/history-after-sync", test_history_after_sync);
  g_test_add_func ("/analysis-ctl/hotspots", test_hotspots);
  g_test_add_func ("/analysis-ctl/repeats", test_repeats);
  g_test_add_func ("/analysis-ctl/risk", test_risk);
  g_test_add_func ("/analysis-ctl/ladder", test_ladder);
  g_test_add_func ("/analysis-ctl/usage-errors", test_usage_errors);

  status = g_test_run ();

  g_subprocess_force_exit (feed);
  g_subprocess_wait (feed, NULL, NULL);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  }
  duban_county_free (county);
  g_free (feed_url);
  g_free (db);
  g_free (tmpdir);

  return status;
}
