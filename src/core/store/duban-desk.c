/* duban-desk.c — loading the desk in one place
 *
 * The order is that of every earlier copy of this code, now the only
 * one: the calendar first (bundled tables, then the platform's, which
 * override them for their years), then the policy the center stored,
 * then what was asked for. A broken cached calendar or broken regions are
 * warned about and left out: the queue and the figures still stand on
 * the bundled tables, and the map goes without. A broken policy or
 * ticket table is an error: no number may be computed from it.
 */

#define G_LOG_DOMAIN "duban-desk"

#include "config.h"

#include "duban-desk.h"
#include "duban-orders.h"
#include "duban-repeat-decisions.h"
#include "duban-ladder-decisions.h"
#include "duban-store-private.h"
#include "duban-store-reference.h"
#include "duban-store-scope.h"
#include "duban-store-search.h"

struct _DubanDesk
{
  GObject            parent_instance;

  char              *store_path;
  DubanDeskContents  contents;
  DubanTime          moment;
  gboolean           scoped;      /* the tickets are those of @scope, not all */
  DubanDeskScope     scope;
  char              *search;      /* scoped: and the tickets this search finds */

  DubanStore        *store;       /* only for a blocking load */
  DubanCalendar     *calendar;
  DubanSlaPolicy     policy;
  GHashTable        *names;       /* code → name, areas and units */
  GPtrArray         *unit_codes;  /* the platform's units, by code */
  GPtrArray         *tickets;
  GArray            *statuses;
  DubanRegions      *regions;
  GPtrArray         *orders;
  GPtrArray         *repeat_decisions;
  DubanLadderPolicy  ladder;
  GHashTable        *dismissed;   /* the ladder's dismissed proposals */

  gint64             ticket_count;
  gint64             quarantine_count;
  DubanTime          last_sync;
};

G_DEFINE_FINAL_TYPE (DubanDesk, duban_desk, G_TYPE_OBJECT)

static void
duban_desk_finalize (GObject *object)
{
  DubanDesk *self = (DubanDesk *)object;

  g_free (self->store_path);
  g_free (self->search);
  g_clear_object (&self->store);
  g_clear_object (&self->calendar);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->unit_codes, g_ptr_array_unref);
  g_clear_pointer (&self->tickets, g_ptr_array_unref);
  g_clear_pointer (&self->statuses, g_array_unref);
  g_clear_pointer (&self->regions, duban_regions_unref);
  g_clear_pointer (&self->orders, g_ptr_array_unref);
  g_clear_pointer (&self->repeat_decisions, g_ptr_array_unref);
  g_clear_pointer (&self->dismissed, g_hash_table_unref);

  G_OBJECT_CLASS (duban_desk_parent_class)->finalize (object);
}

static void
duban_desk_class_init (DubanDeskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = duban_desk_finalize;
}

static void
duban_desk_init (DubanDesk *self)
{
  duban_sla_policy_init_defaults (&self->policy);
  self->last_sync = DUBAN_TIME_NONE;
}

/* Every area's and unit's name, read once: looking one up is then a hash
 * lookup that any thread may make, where a query would need the store's
 * one connection. */
static gboolean
load_names (DubanDesk   *self,
            GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_assert (DUBAN_IS_DESK (self));

  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->unit_codes = g_ptr_array_new_with_free_func (g_free);
  /* a unit and an area never share a code; were they to, the area wins,
   * as duban_store_region_name() decides */
  if (!(stmt = duban_store_prepare (self->store,
                                    "SELECT code, name, 1 FROM units"
                                    " UNION ALL SELECT code, name, 0 FROM regions", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char *code = duban_store_column_text (stmt, 0);
      char *name = duban_store_column_text (stmt, 1);

      if (code == NULL || name == NULL)
        {
          g_free (code);
          g_free (name);
          continue;
        }
      if (sqlite3_column_int (stmt, 2))
        g_ptr_array_add (self->unit_codes, g_strdup (code));
      g_hash_table_replace (self->names, code, name);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return duban_store_set_sqlite_error (self->store, error, "reading the names of areas and units");

  return TRUE;
}

static DubanTime
read_last_sync (DubanStore *store)
{
  g_autofree char *text = duban_store_get_state (store, "last_sync_at");
  DubanTime when;

  if (text == NULL || !duban_time_parse_rfc3339 (text, &when, NULL))
    return DUBAN_TIME_NONE;
  return when;
}

/* The tickets the scope asks for, by the store's indexes; the span of a
 * period is worked out with this desk's calendar and policy, so it is
 * never stale. */
static GPtrArray *
load_scoped_tickets (DubanDesk     *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  DubanTicketScope scope = { DUBAN_TIME_NONE, NULL, NULL, FALSE };
  DubanFiguresSpan span;
  g_autoptr(GPtrArray) ids = NULL;

  g_assert (DUBAN_IS_DESK (self) && self->scoped);

  /* a search's desk has no other term */
  if (self->search != NULL)
    return duban_store_search_tickets (self->store, self->search, cancellable, error);

  if (self->scope.open)
    scope.open_at = self->moment;
  scope.lean = self->scope.lean;
  scope.linked = self->scope.linked;
  if (self->scope.from != DUBAN_TIME_NONE && self->scope.to != DUBAN_TIME_NONE)
    {
      duban_figures_span_init (&span, &self->policy, self->calendar, self->scope.from, self->scope.to);
      scope.span = &span;
    }
  if (self->scope.order_tickets && self->orders != NULL)
    {
      ids = g_ptr_array_new ();
      for (guint i = 0; i < self->orders->len; i++)
        g_ptr_array_add (ids, ((DubanOrder *) g_ptr_array_index (self->orders, i))->ticket_id);
      scope.ids = ids;
    }

  return duban_store_load_tickets_scoped (self->store, &scope, error);
}

static gboolean
duban_desk_read (DubanDesk     *self,
                 DubanDeskOpen  open,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GError) calendar_error = NULL;
  g_autofree char *path = NULL;

  g_assert (DUBAN_IS_DESK (self));

  path = self->store_path != NULL ? g_strdup (self->store_path) : duban_store_default_path ();
  self->store = open == DUBAN_DESK_OPEN_EXISTING ? duban_store_open_existing (path, error)
                                                 : duban_store_open (path, error);
  if (self->store == NULL)
    return FALSE;

  self->calendar = duban_calendar_new ();
  if (!duban_store_apply_calendars (self->store, self->calendar, &calendar_error))
    g_warning ("Cannot use the platform's calendars from the store, the bundled tables apply: %s",
               calendar_error->message);

  if (!duban_store_load_policy (self->store, &self->policy, error) ||
      !duban_ladder_load_policy (self->store, &self->ladder, error) ||
      !(self->dismissed = duban_ladder_load_dismissed (self->store, error)) ||
      !load_names (self, error))
    return FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* the orders before the tickets: a scope may ask for their tickets */
  if ((self->contents & DUBAN_DESK_ORDERS) != 0 &&
      !(self->orders = duban_orders_list (self->store, NULL, error)))
    return FALSE;

  if ((self->contents & DUBAN_DESK_TICKETS) != 0)
    {
      self->tickets = self->scoped ? load_scoped_tickets (self, cancellable, error)
                                   : duban_store_load_tickets (self->store, error);
      if (self->tickets == NULL)
        return FALSE;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      self->statuses = duban_desk_evaluate_at (self, NULL, self->moment);
    }

  if ((self->contents & DUBAN_DESK_REGIONS) != 0)
    self->regions = duban_store_load_regions (self->store);

  if ((self->contents & DUBAN_DESK_REPEAT_DECISIONS) != 0 &&
      !(self->repeat_decisions = duban_repeat_decisions_list (self->store, error)))
    return FALSE;

  self->ticket_count = duban_store_count_tickets (self->store);
  self->quarantine_count = duban_store_count_quarantine (self->store);
  self->last_sync = read_last_sync (self->store);

  return TRUE;
}

static DubanDesk *
duban_desk_new (const char        *store_path,
                DubanDeskContents  contents,
                DubanTime          at)
{
  DubanDesk *self = g_object_new (DUBAN_TYPE_DESK, NULL);

  self->store_path = g_strdup (store_path);
  self->contents = contents;
  self->moment = at;

  return self;
}

DubanDesk *
duban_desk_load_scoped (const char           *store_path,
                        DubanDeskOpen         open,
                        DubanDeskContents     contents,
                        const DubanDeskScope *scope,
                        DubanTime             at,
                        GCancellable         *cancellable,
                        GError              **error)
{
  g_autoptr(DubanDesk) self = NULL;

  g_return_val_if_fail (scope != NULL, NULL);
  g_return_val_if_fail ((contents & DUBAN_DESK_TICKETS) != 0, NULL);
  g_return_val_if_fail (!scope->order_tickets || (contents & DUBAN_DESK_ORDERS) != 0, NULL);
  g_return_val_if_fail ((scope->from == DUBAN_TIME_NONE) == (scope->to == DUBAN_TIME_NONE), NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = duban_desk_new (store_path, contents, at);
  self->scoped = TRUE;
  self->scope = *scope;
  if (!duban_desk_read (self, open, cancellable, error))
    return NULL;

  return g_steal_pointer (&self);
}

DubanDesk *
duban_desk_load (const char         *store_path,
                 DubanDeskOpen       open,
                 DubanDeskContents   contents,
                 DubanTime           at,
                 GCancellable       *cancellable,
                 GError            **error)
{
  g_autoptr(DubanDesk) self = NULL;

  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = duban_desk_new (store_path, contents, at);
  if (!duban_desk_read (self, open, cancellable, error))
    return NULL;

  return g_steal_pointer (&self);
}

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  DubanDesk *self = task_data;
  GError *error = NULL;
  DubanDeskOpen open = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "duban-desk-open"));

  g_assert (DUBAN_IS_DESK (self));

  if (!duban_desk_read (self, open, cancellable, &error))
    {
      g_clear_object (&self->store);
      g_task_return_error (task, error);
      return;
    }
  /* the connection stays on this thread: the desk goes to another */
  g_clear_object (&self->store);
  g_task_return_pointer (task, g_object_ref (self), g_object_unref);
}

void
duban_desk_load_async (const char          *store_path,
                       DubanDeskOpen        open,
                       DubanDeskContents    contents,
                       DubanTime            at,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, duban_desk_load_async);
  g_task_set_task_data (task, duban_desk_new (store_path, contents, at), g_object_unref);
  g_object_set_data (G_OBJECT (task), "duban-desk-open", GINT_TO_POINTER (open));
  g_task_run_in_thread (task, load_worker);
}

void
duban_desk_load_scoped_async (const char           *store_path,
                              DubanDeskOpen         open,
                              DubanDeskContents     contents,
                              const DubanDeskScope *scope,
                              DubanTime             at,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  DubanDesk *self;

  g_return_if_fail (scope != NULL);
  g_return_if_fail ((contents & DUBAN_DESK_TICKETS) != 0);
  g_return_if_fail (!scope->order_tickets || (contents & DUBAN_DESK_ORDERS) != 0);
  g_return_if_fail ((scope->from == DUBAN_TIME_NONE) == (scope->to == DUBAN_TIME_NONE));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  self = duban_desk_new (store_path, contents, at);
  self->scoped = TRUE;
  self->scope = *scope;
  /* finished by duban_desk_load_finish(), as the load of every ticket */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, duban_desk_load_async);
  g_task_set_task_data (task, self, g_object_unref);
  g_object_set_data (G_OBJECT (task), "duban-desk-open", GINT_TO_POINTER (open));
  g_task_run_in_thread (task, load_worker);
}

/* A scope with no term: only the search's tickets. */
static DubanDesk *
duban_desk_new_search (const char        *store_path,
                       DubanDeskContents  contents,
                       const char        *search,
                       DubanTime          at)
{
  DubanDesk *self = duban_desk_new (store_path, contents, at);

  self->scoped = TRUE;
  self->scope.from = self->scope.to = DUBAN_TIME_NONE;
  self->search = g_strdup (search);
  return self;
}

DubanDesk *
duban_desk_load_search (const char         *store_path,
                        DubanDeskOpen       open,
                        DubanDeskContents   contents,
                        const char         *search,
                        DubanTime           at,
                        GCancellable       *cancellable,
                        GError            **error)
{
  g_autoptr(DubanDesk) self = NULL;

  g_return_val_if_fail (search != NULL, NULL);
  g_return_val_if_fail ((contents & DUBAN_DESK_TICKETS) != 0, NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = duban_desk_new_search (store_path, contents, search, at);
  if (!duban_desk_read (self, open, cancellable, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
duban_desk_load_search_async (const char          *store_path,
                              DubanDeskOpen        open,
                              DubanDeskContents    contents,
                              const char          *search,
                              DubanTime            at,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (search != NULL);
  g_return_if_fail ((contents & DUBAN_DESK_TICKETS) != 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  /* finished by duban_desk_load_finish(), as the load of every ticket */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, duban_desk_load_async);
  g_task_set_task_data (task, duban_desk_new_search (store_path, contents, search, at), g_object_unref);
  g_object_set_data (G_OBJECT (task), "duban-desk-open", GINT_TO_POINTER (open));
  g_task_run_in_thread (task, load_worker);
}

const char *
duban_desk_get_search (DubanDesk *self)
{
  g_return_val_if_fail (DUBAN_IS_DESK (self), NULL);

  return self->search;
}

gboolean
duban_desk_get_scope (DubanDesk      *self,
                      DubanDeskScope *out)
{
  g_return_val_if_fail (DUBAN_IS_DESK (self), FALSE);

  if (out != NULL && self->scoped)
    *out = self->scope;
  return self->scoped;
}

DubanDesk *
duban_desk_load_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == duban_desk_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

DubanStore *
duban_desk_get_store (DubanDesk *self)
{
  g_return_val_if_fail (DUBAN_IS_DESK (self), NULL);

  return self->store;
}

DubanCalendar *
duban_desk_get_calendar (DubanDesk *self)
{
  g_return_val_if_fail (DUBAN_IS_DESK (self), NULL);

  return self->calendar;
}

const DubanSlaPolicy *
duban_desk_get_policy (DubanDesk *self)
{
  g_return_val_if_fail (DUBAN_IS_DESK (self), NULL);

  return &self->policy;
}

DubanDeskContents
duban_desk_get_contents (DubanDesk *self)
{
  g_return_val_if_fail (DUBAN_IS_DESK (self), 0);

  return self->contents;
}

DubanTime
duban_desk_get_moment (DubanDesk *self)
{
  g_return_val_if_fail (DUBAN_IS_DESK (self), DUBAN_TIME_NONE);

  return self->moment;
}

GPtrArray *
duban_desk_get_tickets (DubanDesk *self)
{
  g_return_val_if_fail (DUBAN_IS_DESK (self), NULL);

  return self->tickets;
}

GArray *
duban_desk_get_statuses (DubanDesk *self)
{
  g_return_val_if_fail (DUBAN_IS_DESK (self), NULL);

  return self->statuses;
}

GArray *
duban_desk_evaluate_at (DubanDesk            *self,
                        const DubanSlaPolicy *policy,
                        DubanTime             at)
{
  GArray *statuses;

  g_return_val_if_fail (DUBAN_IS_DESK (self), NULL);
  g_return_val_if_fail (self->tickets != NULL, NULL);

  /* statuses, not objects: 10^5 tickets cost an array */
  statuses = g_array_sized_new (FALSE, FALSE, sizeof (DubanSlaStatus), self->tickets->len);
  g_array_set_size (statuses, self->tickets->len);
  for (guint i = 0; i < self->tickets->len; i++)
    duban_sla_evaluate (policy != NULL ? policy : &self->policy, self->calendar,
                        g_ptr_array_index (self->tickets, i), at,
                        &g_array_index (statuses, DubanSlaStatus, i));

  return statuses;
}

DubanRegions *
duban_desk_get_regions (DubanDesk *self)
{
  g_return_val_if_fail (DUBAN_IS_DESK (self), NULL);

  return self->regions;
}

GPtrArray *
duban_desk_get_orders (DubanDesk *self)
{
  g_return_val_if_fail (DUBAN_IS_DESK (self), NULL);

  return self->orders;
}

GPtrArray *
duban_desk_get_repeat_decisions (DubanDesk *self)
{
  g_return_val_if_fail (DUBAN_IS_DESK (self), NULL);

  return self->repeat_decisions;
}

const DubanLadderPolicy *
duban_desk_get_ladder (DubanDesk *self)
{
  g_return_val_if_fail (DUBAN_IS_DESK (self), NULL);

  return &self->ladder;
}

GHashTable *
duban_desk_get_dismissed (DubanDesk *self)
{
  g_return_val_if_fail (DUBAN_IS_DESK (self), NULL);

  return self->dismissed;
}

GPtrArray *
duban_desk_get_unit_codes (DubanDesk *self)
{
  g_return_val_if_fail (DUBAN_IS_DESK (self), NULL);

  return self->unit_codes;
}

const char *
duban_desk_lookup_name (DubanDesk  *self,
                        const char *code)
{
  g_return_val_if_fail (DUBAN_IS_DESK (self), NULL);

  return code != NULL ? g_hash_table_lookup (self->names, code) : NULL;
}

char *
duban_desk_dup_name_cb (const char *code,
                        gpointer    user_data)
{
  return g_strdup (duban_desk_lookup_name (DUBAN_DESK (user_data), code));
}

gint64
duban_desk_get_ticket_count (DubanDesk *self)
{
  g_return_val_if_fail (DUBAN_IS_DESK (self), 0);

  return self->ticket_count;
}

gint64
duban_desk_get_quarantine_count (DubanDesk *self)
{
  g_return_val_if_fail (DUBAN_IS_DESK (self), 0);

  return self->quarantine_count;
}

DubanTime
duban_desk_get_last_sync (DubanDesk *self)
{
  g_return_val_if_fail (DUBAN_IS_DESK (self), DUBAN_TIME_NONE);

  return self->last_sync;
}
