/* test-repeat-decisions.c — a supervisor's word on a repeat group
 *
 * A decision is stored with its audit row, survives reopening the store,
 * replaces an earlier one on the same tickets and refuses a group of one;
 * a confirmed group is counted as one matter — the planted burst of the
 * demo county stops being a hotspot once its tickets are confirmed as one
 * matter, and a rejected group changes nothing; a matter complained about
 * again after it was resolved is flagged (回潮).
 */
#include "config.h"

#include <glib.h>
#include <locale.h>
#include <string.h>

#include "duban-county-generator.h"
#include "duban-judgement.h"
#include "duban-repeat-decisions.h"
#include "duban-repeat-matters.h"
#include "duban-store-private.h"
#include "duban-test.h"

static DubanTime now;

static gint64
audit_rows (const char *path)
{
  return duban_test_count_rows (path, "SELECT count(*) FROM audit_log WHERE action = ?1",
                                DUBAN_AUDIT_REPEAT_DECISION);
}

static void
test_stored_and_audited (void)
{
  g_autofree char *dir = duban_test_make_dir ("repeat-decisions");
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  const char *group[] = { "T3", "T1", "T2" };
  const char *alone[] = { "T9" };
  const char *comma[] = { "T1", "T2,T3" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) decisions = NULL;
  const DubanRepeatDecision *decision;
  g_autofree char *key = NULL;

  {
    g_autoptr(DubanStore) store = duban_store_open (path, &error);

    g_assert_no_error (error);
    g_assert_true (duban_repeat_decision_set (store, group, G_N_ELEMENTS (group), DUBAN_REPEAT_CONFIRMED, &error));
    g_assert_no_error (error);
    g_assert_cmpint (audit_rows (path), ==, 1);
    g_assert_cmpint (duban_test_count_rows (path, "SELECT count(*) FROM audit_log WHERE ticket_id = ?1", "T3"), ==, 1);

    /* a group of one, or an id that would split the key: refused, nothing written */
    g_assert_false (duban_repeat_decision_set (store, alone, 1, DUBAN_REPEAT_CONFIRMED, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_false (duban_repeat_decision_set (store, comma, 2, DUBAN_REPEAT_CONFIRMED, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_cmpint (audit_rows (path), ==, 1);
    g_assert_cmpint (duban_test_count_rows (path, "SELECT count(*) FROM repeat_decisions", NULL), ==, 1);
  }

  /* reopened: still there, under the sorted key, the ids as given */
  {
    g_autoptr(DubanStore) store = duban_store_open (path, &error);
    const char *reordered[] = { "T2", "T3", "T1" };

    g_assert_no_error (error);
    decisions = duban_repeat_decisions_list (store, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (decisions->len, ==, 1);
    key = duban_repeat_decision_key (reordered, 3);
    g_assert_cmpstr (key, ==, "T1,T2,T3");
    decision = duban_repeat_decisions_lookup (decisions, key);
    g_assert_nonnull (decision);
    g_assert_cmpint (decision->kind, ==, DUBAN_REPEAT_CONFIRMED);
    g_assert_cmpstr (decision->ticket_ids[0], ==, "T3");
    g_assert_cmpuint (g_strv_length (decision->ticket_ids), ==, 3);
    g_assert_cmpstr (decision->decided_by, ==, g_get_user_name ());
    g_assert_cmpint (decision->decided_at, >, 0);
    g_clear_pointer (&decisions, g_ptr_array_unref);

    /* rejected afterwards: the decision is replaced, both are in the trail */
    g_assert_true (duban_repeat_decision_set (store, reordered, 3, DUBAN_REPEAT_REJECTED, &error));
    g_assert_no_error (error);
    decisions = duban_repeat_decisions_list (store, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (decisions->len, ==, 1);
    g_assert_cmpint (((DubanRepeatDecision *) g_ptr_array_index (decisions, 0))->kind, ==, DUBAN_REPEAT_REJECTED);
    g_assert_cmpint (audit_rows (path), ==, 2);
  }

  duban_test_assert_integrity (path);
  duban_test_remove_dir (dir);
}

/* A store left at version 3 by an older Duban gains the table. */
static void
test_migrated (void)
{
  g_autofree char *dir = duban_test_make_dir ("repeat-decisions-migrate");
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  const char *group[] = { "A", "B" };
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(DubanStore) old = duban_store_open_at_version (path, 3, &error);

    g_assert_no_error (error);
  }
  {
    g_autoptr(DubanStore) store = duban_store_open (path, &error);

    g_assert_no_error (error);
    g_assert_cmpint (duban_store_get_schema_version (store), ==, DUBAN_STORE_SCHEMA_VERSION);
    g_assert_true (duban_repeat_decision_set (store, group, 2, DUBAN_REPEAT_CONFIRMED, &error));
    g_assert_no_error (error);
  }
  duban_test_remove_dir (dir);
}

static DubanTicket *
ticket_new (const char *id,
            DubanTime   received_at,
            DubanTime   resolved_at)
{
  DubanTicket *ticket = duban_ticket_new ();

  ticket->id = g_strdup (id);
  ticket->category = g_strdup ("供水");
  ticket->received_at = received_at;
  ticket->resolved_at = resolved_at;
  ticket->status = resolved_at != DUBAN_TIME_NONE ? DUBAN_STATUS_RESOLVED : DUBAN_STATUS_DISPATCHED;
  return ticket;
}

static DubanRepeatDecision *
decision_new (const char              *ids,
              DubanRepeatDecisionKind  kind)
{
  DubanRepeatDecision *decision = g_new0 (DubanRepeatDecision, 1);

  decision->ticket_ids = g_strsplit (ids, ",", -1);
  decision->key = duban_repeat_decision_key ((const char * const *) decision->ticket_ids,
                                             g_strv_length (decision->ticket_ids));
  decision->kind = kind;
  return decision;
}

static void
test_collapse (void)
{
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  g_autoptr(GPtrArray) decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_repeat_decision_free);
  g_autoptr(GPtrArray) matters = NULL;
  guint merged = 99;

  /* C was received first: it is the one kept, wherever it stands */
  g_ptr_array_add (tickets, ticket_new ("A", 2000, DUBAN_TIME_NONE));
  g_ptr_array_add (tickets, ticket_new ("B", 3000, DUBAN_TIME_NONE));
  g_ptr_array_add (tickets, ticket_new ("C", 1000, DUBAN_TIME_NONE));
  g_ptr_array_add (tickets, ticket_new ("D", 4000, DUBAN_TIME_NONE));
  g_ptr_array_add (tickets, ticket_new ("E", 5000, DUBAN_TIME_NONE));

  matters = duban_repeat_matters_collapse (tickets, NULL, &merged);
  g_assert_cmpuint (matters->len, ==, 5);
  g_assert_cmpuint (merged, ==, 0);
  g_clear_pointer (&matters, g_ptr_array_unref);

  g_ptr_array_add (decisions, decision_new ("A,B,C", DUBAN_REPEAT_CONFIRMED));
  g_ptr_array_add (decisions, decision_new ("D,E", DUBAN_REPEAT_REJECTED));
  matters = duban_repeat_matters_collapse (tickets, decisions, &merged);
  g_assert_cmpuint (merged, ==, 2);
  g_assert_cmpuint (matters->len, ==, 3);
  g_assert_cmpstr (((DubanTicket *) g_ptr_array_index (matters, 0))->id, ==, "C");
  g_assert_cmpstr (((DubanTicket *) g_ptr_array_index (matters, 1))->id, ==, "D");
  g_assert_cmpstr (((DubanTicket *) g_ptr_array_index (matters, 2))->id, ==, "E");
}

static void
test_resurgence (void)
{
  g_autoptr(DubanTicket) a = ticket_new ("A", 1000, 5000);
  g_autoptr(DubanTicket) b = ticket_new ("B", 3000, DUBAN_TIME_NONE);
  g_autoptr(DubanTicket) c = ticket_new ("C", 5000, DUBAN_TIME_NONE);
  const DubanTicket *before[] = { a, b };
  const DubanTicket *after[] = { a, b, c };

  /* B came while A was still being handled: a repeat, not a return */
  g_assert_null (duban_repeat_matters_resurgence (before, 2));
  /* C came when A had been reported resolved: 回潮 */
  g_assert_true (duban_repeat_matters_resurgence (after, 3) == c);
  g_assert_null (duban_repeat_matters_resurgence (after, 0));
}

/* The demo county's strongest planted burst is a hotspot; confirmed as
 * one matter, it is one ticket in its cell, and no longer one. */
static void
test_confirmed_counts_once (void)
{
  DubanCountyParams params = { .seed = 20221117u, .n_tickets = 2000, .plant = TRUE, .now = now };
  g_autoptr(DubanCounty) county = duban_county_generate (&params);
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanRegions) regions = duban_regions_new_from_geojson (duban_county_get_regions_json (county), &error);
  g_autoptr(DubanCalendar) calendar = duban_calendar_new ();
  g_autoptr(GPtrArray) decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_repeat_decision_free);
  g_autoptr(DubanJudgement) before = NULL;
  g_autoptr(DubanJudgement) after = NULL;
  GPtrArray *planted = duban_county_get_planted_hotspots (county);
  const DubanPlantedHotspot *plant = NULL;
  const DubanJudgementHotspot *found = NULL;
  DubanRepeatDecision *decision;
  DubanSlaPolicy policy;

  g_assert_no_error (error);
  duban_sla_policy_init_defaults (&policy);
  for (guint i = 0; i < planted->len; i++)
    {
      const DubanPlantedHotspot *p = g_ptr_array_index (planted, i);

      if (plant == NULL || p->count > plant->count)
        plant = p;
    }
  g_assert_nonnull (plant);

  before = duban_judgement_build (duban_county_get_tickets (county), NULL, regions, NULL, &policy, calendar,
                                  DUBAN_AREA_VILLAGE, plant->first, plant->last, now, NULL, NULL);
  for (guint i = 0; i < before->hotspots->len; i++)
    {
      const DubanJudgementHotspot *item = g_ptr_array_index (before->hotspots, i);

      if (g_str_equal (item->hotspot->area, plant->village_code) &&
          g_str_equal (item->hotspot->category, plant->category))
        found = item;
    }
  g_assert_nonnull (found);
  /* the finding names the tickets it counted, for the queue */
  g_assert_cmpuint (found->ticket_ids->len, ==, found->hotspot->count);

  /* rejected: nothing changes */
  decision = g_new0 (DubanRepeatDecision, 1);
  g_ptr_array_add (found->ticket_ids, NULL);
  decision->ticket_ids = g_strdupv ((char **) found->ticket_ids->pdata);
  g_ptr_array_remove_index (found->ticket_ids, found->ticket_ids->len - 1);
  decision->key = duban_repeat_decision_key ((const char * const *) decision->ticket_ids, found->ticket_ids->len);
  decision->kind = DUBAN_REPEAT_REJECTED;
  g_ptr_array_add (decisions, decision);
  after = duban_judgement_build (duban_county_get_tickets (county), NULL, regions, decisions, &policy, calendar,
                                 DUBAN_AREA_VILLAGE, plant->first, plant->last, now, NULL, NULL);
  g_assert_cmpuint (after->n_merged, ==, 0);
  g_assert_cmpuint (after->hotspots->len, ==, before->hotspots->len);
  g_clear_pointer (&after, duban_judgement_free);

  /* confirmed: one matter */
  decision->kind = DUBAN_REPEAT_CONFIRMED;
  after = duban_judgement_build (duban_county_get_tickets (county), NULL, regions, decisions, &policy, calendar,
                                 DUBAN_AREA_VILLAGE, plant->first, plant->last, now, NULL, NULL);
  g_assert_cmpuint (after->n_merged, ==, found->ticket_ids->len - 1);
  for (guint i = 0; i < after->hotspots->len; i++)
    {
      const DubanJudgementHotspot *item = g_ptr_array_index (after->hotspots, i);

      g_assert_false (g_str_equal (item->hotspot->area, plant->village_code) &&
                      g_str_equal (item->hotspot->category, plant->category));
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_assert_true (duban_time_parse_rfc3339 ("2026-03-16T10:00:00+08:00", &now, NULL));

  g_test_add_func ("/repeat-decisions/stored-and-audited", test_stored_and_audited);
  g_test_add_func ("/repeat-decisions/migrated", test_migrated);
  g_test_add_func ("/repeat-decisions/collapse", test_collapse);
  g_test_add_func ("/repeat-decisions/resurgence", test_resurgence);
  g_test_add_func ("/repeat-decisions/confirmed-counts-once", test_confirmed_counts_once);

  return g_test_run ();
}
