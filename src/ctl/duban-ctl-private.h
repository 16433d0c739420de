/* duban-ctl-private.h — what duban-ctl's command families share
 *
 * duban-ctl is one program spread over a file per command family
 * (tickets, sync, figures, report, orders, analysis), as the anchors
 * spread one class over several files. This header is their contract:
 * the global options, the exit codes, the helpers that keep every
 * command's output and errors alike, and the commands main() dispatches.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "duban-calendar.h"
#include "duban-desk.h"
#include "duban-sla.h"
#include "duban-store.h"
#include "duban-table.h"
#include "duban-time.h"

G_BEGIN_DECLS

#define EXIT_FAILED 1
#define EXIT_USAGE  2

typedef struct {
  const char *db_path;   /* NULL: the desk's default store */
} Globals;

typedef int (*CommandFunc) (const Globals *globals, int argc, char **argv);

/* ---- shared helpers (duban-ctl-common.c) -------------------------------- */

int         ctl_usage_error         (GOptionContext     *context,
                                     const char         *message);
int         ctl_failed              (const char         *format,
                                     ...) G_GNUC_PRINTF (1, 2);
int         ctl_parse_options       (GOptionContext     *context,
                                     int                *argc,
                                     char             ***argv);
gboolean    ctl_parse_moment        (const char         *text,
                                     DubanTime          *out,
                                     GError            **error);
gboolean    ctl_parse_format        (const char         *text,
                                     const char         *allowed,
                                     DubanTableFormat   *out);
void        ctl_print_json          (JsonNode           *node);
void        ctl_add_time_member     (JsonBuilder        *builder,
                                     const char         *name,
                                     DubanTime           time);
const char *ctl_unit_wire           (DubanDurationUnit   unit);
void        ctl_add_duration_member (JsonBuilder        *builder,
                                     const char         *name,
                                     double              value,
                                     DubanDurationUnit   unit);
DubanStore *ctl_open_store          (const Globals      *globals,
                                     GError            **error);
DubanDesk  *ctl_load_desk           (const Globals      *globals,
                                     DubanDeskContents   contents,
                                     const DubanDeskScope *scope,
                                     DubanTime           at,
                                     GError            **error);
void        ctl_warn_fallback_years (DubanCalendar      *calendar);
gboolean    ctl_platform_token      (const char         *feed,
                                     const char         *token_file,
                                     char              **token,
                                     GError            **error);

/* ---- the commands, one family per file ---------------------------------- */

int command_deadline   (const Globals *globals, int argc, char **argv);
int command_status     (const Globals *globals, int argc, char **argv);
int command_overdue    (const Globals *globals, int argc, char **argv);
int command_sync       (const Globals *globals, int argc, char **argv);
int command_quarantine (const Globals *globals, int argc, char **argv);
int command_figures    (const Globals *globals, int argc, char **argv);
int command_report     (const Globals *globals, int argc, char **argv);
int command_documents  (const Globals *globals, int argc, char **argv);
int command_order      (const Globals *globals, int argc, char **argv);
int command_outbox     (const Globals *globals, int argc, char **argv);
int command_hotspots   (const Globals *globals, int argc, char **argv);
int command_repeats    (const Globals *globals, int argc, char **argv);
int command_risk       (const Globals *globals, int argc, char **argv);
int command_ladder     (const Globals *globals, int argc, char **argv);

G_END_DECLS
