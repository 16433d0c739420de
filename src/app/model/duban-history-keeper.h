/* duban-history-keeper.h — the 研判's kept rows brought up to date after a sync, off the main thread
 *
 * What each settled ticket leaves in the 研判 is kept in the store
 * (core/analysis/duban-judgement-history.h); every ticket a sync writes
 * is marked to be worked out again. The desk works the marked ones out
 * on a worker right after a good sync, in its turn with the other
 * background reads (duban-heavy-work.h), so that the 研判 page and the
 * county bulletin do not wait on it. No widgets.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Starts bringing the rows of the store at @store_path up to date; what
 * fails is logged (the 研判 then brings them up to date itself). */
void duban_history_keeper_refresh (const char *store_path);

G_END_DECLS
