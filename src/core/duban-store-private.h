/* duban-store-private.h — for the store's own tests */
#pragma once

#include "duban-store.h"

G_BEGIN_DECLS

/* Opens (creating) a store migrated only up to @version, as an older
 * Duban would have left it. */
DubanStore *duban_store_open_at_version (const char  *path,
                                         int          version,
                                         GError     **error);

/* Full-sync bookkeeping, in a TEMP table of this connection: which ids
 * the platform listed, so the rest can be removed in the last page's
 * transaction. */
gboolean    duban_store_reset_seen      (DubanStore  *self,
                                         GError     **error);
gboolean    duban_store_mark_seen       (DubanStore  *self,
                                         const char  *id,
                                         GError     **error);
gboolean    duban_store_delete_unseen   (DubanStore  *self,
                                         guint       *deleted,
                                         GError     **error);

G_END_DECLS
