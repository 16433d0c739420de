/* duban-desk.h — the loaded desk: one store and everything read from it
 *
 * A number on screen, in duban-ctl's output and in the PDF must be
 * computed from the same things read the same way: the store, the
 * working-day calendar with the platform's tables, the center's policy,
 * the regions and the names of areas and units, and the tickets with
 * their states at a moment. A DubanDesk is that set, loaded in one place
 * (as gnome-calendar's GcalContext is the one home of its loaded data);
 * duban-ctl, the desk's session and the pages' workers ask for one
 * instead of opening the store and assembling it themselves.
 *
 * A desk is loaded on one thread and read-only afterwards, so a page's
 * worker may read the desk the session holds while the main thread reads
 * it too. Only a desk loaded by the blocking call keeps its store
 * connection, for the thread that loaded it (duban-ctl's commands): a
 * connection is used from one thread.
 */
#pragma once

#include <gio/gio.h>

#include "duban-calendar.h"
#include "duban-regions.h"
#include "duban-ladder.h"
#include "duban-sla.h"
#include "duban-store.h"

G_BEGIN_DECLS

/* What to read besides the calendar, the policy and the names: a
 * command that needs no tickets does not read 10^6 of them. */
typedef enum {
  DUBAN_DESK_TICKETS = 1 << 0,   /* every ticket, with its state at the moment */
  DUBAN_DESK_REGIONS = 1 << 1,   /* the region tree (maps) */
  DUBAN_DESK_ORDERS  = 1 << 2,   /* the supervision orders (reports) */
  DUBAN_DESK_REPEAT_DECISIONS = 1 << 3,  /* the supervisors' word on repeat groups (研判) */
} DubanDeskContents;

typedef enum {
  DUBAN_DESK_OPEN_EXISTING,      /* a store that is not there is an error */
  DUBAN_DESK_OPEN_OR_CREATE,     /* the desk's first run, a first sync */
} DubanDeskOpen;

/* Which tickets DUBAN_DESK_TICKETS reads, for a question that needs
 * only some of them (duban_desk_load_scoped): at two million tickets a
 * list of what is open, or one month's figures, must not read every
 * ticket ever received. The terms add up. */
typedef struct {
  gboolean  open;            /* the tickets open at the desk's moment */
  DubanTime from;            /* DUBAN_TIME_NONE, or [from, to): the tickets */
  DubanTime to;              /*   that can count in that span's figures */
  gboolean  order_tickets;   /* the tickets the orders name (DUBAN_DESK_ORDERS) */
  gboolean  lean;            /* the tickets read lean (duban-store-scope.h): for
                              * figures only, never for a list or a document */
  gboolean  linked;          /* and, link after link, the tickets their repeat_of
                              * names and those whose repeat_of names one of
                              * them (the ladder's matters); not with lean */
} DubanDeskScope;

#define DUBAN_TYPE_DESK (duban_desk_get_type ())
G_DECLARE_FINAL_TYPE (DubanDesk, duban_desk, DUBAN, DESK, GObject)

/* NULL @store_path: duban_store_default_path(). The tickets' states are
 * those at @at. Blocking: for duban-ctl and workers. */
DubanDesk            *duban_desk_load            (const char           *store_path,
                                                  DubanDeskOpen         open,
                                                  DubanDeskContents     contents,
                                                  DubanTime             at,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
/* The same, with the tickets of @scope only (DUBAN_DESK_TICKETS must be
 * asked for). Every figure of a span computed from such a desk equals
 * the figure computed from every ticket. */
DubanDesk            *duban_desk_load_scoped     (const char           *store_path,
                                                  DubanDeskOpen         open,
                                                  DubanDeskContents     contents,
                                                  const DubanDeskScope *scope,
                                                  DubanTime             at,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
/* The same on a worker thread. */
void                  duban_desk_load_async      (const char           *store_path,
                                                  DubanDeskOpen         open,
                                                  DubanDeskContents     contents,
                                                  DubanTime             at,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
DubanDesk            *duban_desk_load_finish     (GAsyncResult         *result,
                                                  GError              **error);
/* duban_desk_load_scoped() on a worker thread; finished by
 * duban_desk_load_finish(). */
void                  duban_desk_load_scoped_async (const char           *store_path,
                                                    DubanDeskOpen         open,
                                                    DubanDeskContents     contents,
                                                    const DubanDeskScope *scope,
                                                    DubanTime             at,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
/* The same, with the tickets @search finds (trimmed as a query's) and
 * no other, in any state, whole (duban-store-search.h): what a search
 * of every ticket shows, without reading every ticket. */
DubanDesk            *duban_desk_load_search     (const char           *store_path,
                                                  DubanDeskOpen         open,
                                                  DubanDeskContents     contents,
                                                  const char           *search,
                                                  DubanTime             at,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
/* duban_desk_load_search() on a worker thread, its scan of the store
 * stopped midway when @cancellable is cancelled; finished by
 * duban_desk_load_finish(). */
void                  duban_desk_load_search_async (const char          *store_path,
                                                    DubanDeskOpen        open,
                                                    DubanDeskContents    contents,
                                                    const char          *search,
                                                    DubanTime            at,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
/* The search a desk was loaded with, or NULL. */
const char           *duban_desk_get_search      (DubanDesk            *self);
/* Whether the desk holds only the tickets of a scope, and which (@out
 * may be NULL; a search's desk holds those of a scope with no term but
 * its search). */
gboolean              duban_desk_get_scope       (DubanDesk            *self,
                                                  DubanDeskScope       *out);

/* The connection the desk was read with, for the thread that called
 * duban_desk_load(); NULL for a desk loaded with _async, whose connection
 * was closed on the worker. */
DubanStore           *duban_desk_get_store       (DubanDesk            *self);
DubanCalendar        *duban_desk_get_calendar    (DubanDesk            *self);
const DubanSlaPolicy *duban_desk_get_policy      (DubanDesk            *self);
DubanDeskContents     duban_desk_get_contents    (DubanDesk            *self);
/* The moment the tickets' states are as of. */
DubanTime             duban_desk_get_moment      (DubanDesk            *self);

/* Every ticket (or those of the scope it was loaded with), cancelled ones
 * included, ordered by id (DubanTicket*), and their states at the moment,
 * index for index. NULL without DUBAN_DESK_TICKETS. */
GPtrArray            *duban_desk_get_tickets     (DubanDesk            *self);
GArray               *duban_desk_get_statuses    (DubanDesk            *self);
/* The tickets' states at another moment, index for index (a new array):
 * states move with the clock, the loaded tickets do not. NULL @policy:
 * the desk's own; the desk's session passes the one just saved. */
GArray               *duban_desk_evaluate_at     (DubanDesk            *self,
                                                  const DubanSlaPolicy *policy,
                                                  DubanTime             at);

/* The region tree; NULL without DUBAN_DESK_REGIONS, or when the stored
 * regions cannot be read (the map and the reports go on without). */
DubanRegions         *duban_desk_get_regions     (DubanDesk            *self);
/* DubanOrder*; NULL without DUBAN_DESK_ORDERS. */
GPtrArray            *duban_desk_get_orders      (DubanDesk            *self);
/* DubanRepeatDecision*; NULL without DUBAN_DESK_REPEAT_DECISIONS. */
GPtrArray            *duban_desk_get_repeat_decisions (DubanDesk       *self);
/* The center's escalation ladder, and the proposals supervisors
 * dismissed (duban-ladder-decisions.h), always loaded: both are small. */
const DubanLadderPolicy *duban_desk_get_ladder   (DubanDesk            *self);
GHashTable           *duban_desk_get_dismissed   (DubanDesk            *self);

/* The platform's units (char* codes, in the store's order), whether or
 * not any ticket read names them: a report can be asked of a unit with
 * nothing open. */
GPtrArray            *duban_desk_get_unit_codes  (DubanDesk            *self);
/* The name of an area or a unit by its code, or NULL. Safe from any
 * thread: the names are read at load. */
const char           *duban_desk_lookup_name     (DubanDesk            *self,
                                                  const char           *code);
/* For DubanReportSources.name_lookup and the like: @user_data is the desk. */
char                 *duban_desk_dup_name_cb     (const char           *code,
                                                  gpointer              user_data);

gint64                duban_desk_get_ticket_count     (DubanDesk *self);
gint64                duban_desk_get_quarantine_count (DubanDesk *self);
/* DUBAN_TIME_NONE when the store was never synced. */
DubanTime             duban_desk_get_last_sync        (DubanDesk *self);

G_END_DECLS
