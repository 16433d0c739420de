/* duban-risk-book.c — how likely each open ticket is to end late, worked out off the main thread
 *
 * Reading a year of tickets and drawing the curves costs seconds in a
 * large county: all of it runs on a worker, with its own connection to
 * the store (a DubanStore is one connection for one thread), and the
 * main thread only swaps one finished table for the old one.
 */
#define G_LOG_DOMAIN "duban-risk-book"

#include "config.h"

#include "duban-desk.h"
#include "duban-heavy-work.h"
#include "duban-late-risk.h"
#include "duban-risk-book.h"
#include "duban-store-scope.h"

struct _DubanRiskBook
{
  GObject       parent_instance;

  char         *store_path;
  GHashTable   *risks;          /* id → DubanTicketRisk*; NULL before the first */
  DubanTime     worked_out_at;  /* when the last run started; DUBAN_TIME_NONE: never */
  GCancellable *cancellable;    /* the run under way; NULL: none */
  gboolean      again;          /* asked to run while one ran */
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DubanRiskBook, duban_risk_book, G_TYPE_OBJECT)

static void
ticket_risk_free (gpointer data)
{
  DubanTicketRisk *risk = data;

  g_free (risk->basis);
  g_free (risk);
}

static void
duban_risk_book_dispose (GObject *object)
{
  DubanRiskBook *self = (DubanRiskBook *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (duban_risk_book_parent_class)->dispose (object);
}

static void
duban_risk_book_finalize (GObject *object)
{
  DubanRiskBook *self = (DubanRiskBook *) object;

  g_free (self->store_path);
  g_clear_pointer (&self->risks, g_hash_table_unref);

  G_OBJECT_CLASS (duban_risk_book_parent_class)->finalize (object);
}

static void
duban_risk_book_class_init (DubanRiskBookClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = duban_risk_book_dispose;
  object_class->finalize = duban_risk_book_finalize;

  /* New risks are in (duban_risk_book_get_risks()). */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
duban_risk_book_init (DubanRiskBook *self)
{
  self->worked_out_at = DUBAN_TIME_NONE;
}

DubanRiskBook *
duban_risk_book_new (const char *store_path)
{
  DubanRiskBook *self = g_object_new (DUBAN_TYPE_RISK_BOOK, NULL);

  self->store_path = g_strdup (store_path);
  return self;
}

/* ---- the worker ---------------------------------------------------------------- */

typedef struct {
  char      *store_path;
  DubanTime  at;
} Run;

static void
run_free (Run *run)
{
  g_free (run->store_path);
  g_free (run);
}

typedef struct {
  const DubanSlaPolicy *policy;
  DubanCalendar        *calendar;
  DubanTime             at;
  DubanLateRiskCurves  *curves;
  GPtrArray            *open;       /* DubanTicket*, the open ones kept */
  GArray               *statuses;   /* theirs, index for index */
} History;

/* One ticket of the history: judged at the moment, a point on its
 * curves; kept only when it is open, to be assessed. */
static void
history_ticket_cb (DubanTicket *ticket,
                   gpointer     user_data)
{
  History *history = user_data;
  DubanSlaStatus status;

  duban_sla_evaluate (history->policy, history->calendar, ticket, history->at, &status);
  duban_late_risk_curves_observe (history->curves, ticket, &status);
  if (duban_state_is_open (status.state))
    {
      g_ptr_array_add (history->open, ticket);
      g_array_append_val (history->statuses, status);
    }
  else
    duban_ticket_free (ticket);
}

static void
run_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Run *run = task_data;
  g_autoptr(DubanHeavyWork) turn = duban_heavy_work_begin ();
  g_autoptr(DubanDesk) desk = NULL;
  g_autoptr(GPtrArray) assessed = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GArray) statuses = NULL;
  g_autoptr(DubanLateRiskCurves) curves = NULL;
  History history;
  GHashTable *risks;
  GError *error = NULL;

  /* a run put off behind another background read may be stale by now */
  if (g_task_return_error_if_cancelled (task))
    return;

  /* the calendar and the policy, and the connection to read with */
  desk = duban_desk_load (run->store_path, DUBAN_DESK_OPEN_EXISTING, 0, run->at, cancellable, &error);
  if (desk == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The open tickets, to be assessed, and the past year's, the history
   * (the open ones are censored observations of it), read lean and one
   * at a time: at two million tickets a year is the whole store, and
   * only a share and a stratum of each is kept (tens of MB, where the
   * tickets whole would be gigabytes). */
  curves = duban_late_risk_curves_new (duban_desk_get_calendar (desk));
  open = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_ticket_free);
  statuses = g_array_new (FALSE, FALSE, sizeof (DubanSlaStatus));
  history = (History) { duban_desk_get_policy (desk), duban_desk_get_calendar (desk), run->at,
                        curves, open, statuses };
  if (!duban_store_foreach_ticket_of_history (duban_desk_get_store (desk),
                                              run->at - DUBAN_RISK_BOOK_HISTORY_DAYS * G_TIME_SPAN_DAY, run->at,
                                              history_ticket_cb, &history, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  assessed = duban_late_risk_curves_assess (curves, open, statuses);
  risks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, ticket_risk_free);
  for (guint i = 0; i < assessed->len; i++)
    {
      DubanLateRisk *late = g_ptr_array_index (assessed, i);
      DubanTicketRisk *risk = g_new0 (DubanTicketRisk, 1);

      risk->p_late = late->p_late;
      risk->has_basis = late->has_basis;
      risk->basis = g_steal_pointer (&late->basis);
      g_hash_table_replace (risks, g_strdup (late->ticket->id), risk);
    }
  g_task_return_pointer (task, risks, (GDestroyNotify) g_hash_table_unref);
}

static void duban_risk_book_start (DubanRiskBook *self);

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  DubanRiskBook *self = DUBAN_RISK_BOOK (object);
  g_autoptr(GError) error = NULL;
  GHashTable *risks;

  risks = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    {
      g_clear_pointer (&risks, g_hash_table_unref);
      return;
    }
  g_clear_object (&self->cancellable);

  if (risks == NULL)
    /* the old risks are still the best known */
    g_warning ("Cannot work out how likely the open tickets are to end late: %s", error->message);
  else
    {
      g_clear_pointer (&self->risks, g_hash_table_unref);
      self->risks = risks;
      g_debug ("Risks worked out for %u open tickets", g_hash_table_size (risks));
      g_signal_emit (self, signals[CHANGED], 0);
    }

  if (self->again && self->cancellable == NULL)
    {
      self->again = FALSE;
      duban_risk_book_start (self);
    }
}

static void
duban_risk_book_start (DubanRiskBook *self)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_assert (DUBAN_IS_RISK_BOOK (self));
  g_assert (self->cancellable == NULL);

  run = g_new0 (Run, 1);
  run->store_path = g_strdup (self->store_path);
  run->at = duban_time_now ();
  self->worked_out_at = run->at;
  self->cancellable = g_cancellable_new ();

  task = g_task_new (self, self->cancellable, run_done_cb, NULL);
  g_task_set_source_tag (task, duban_risk_book_start);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  /* the store is read by this run's own connection: no other thread's */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, run_thread);
}

void
duban_risk_book_refresh (DubanRiskBook *self,
                         gboolean       force)
{
  g_return_if_fail (DUBAN_IS_RISK_BOOK (self));

  if (!force && self->worked_out_at != DUBAN_TIME_NONE &&
      duban_time_now () - self->worked_out_at < DUBAN_RISK_BOOK_INTERVAL)
    return;
  /* one run at a time: a reload during a run is read by a run after it */
  if (self->cancellable != NULL)
    {
      self->again = TRUE;
      return;
    }
  duban_risk_book_start (self);
}

gboolean
duban_risk_book_get_busy (DubanRiskBook *self)
{
  g_return_val_if_fail (DUBAN_IS_RISK_BOOK (self), FALSE);

  return self->cancellable != NULL;
}

GHashTable *
duban_risk_book_get_risks (DubanRiskBook *self)
{
  g_return_val_if_fail (DUBAN_IS_RISK_BOOK (self), NULL);

  return self->risks;
}

const DubanTicketRisk *
duban_risk_book_lookup (DubanRiskBook *self,
                        const char    *ticket_id)
{
  g_return_val_if_fail (DUBAN_IS_RISK_BOOK (self), NULL);

  if (self->risks == NULL || ticket_id == NULL)
    return NULL;
  return g_hash_table_lookup (self->risks, ticket_id);
}
