/* duban-feed-store.h — the reference platform's change log
 *
 * Every change to the feed (a ticket put, replaced or deleted) is a row
 * with a new, strictly increasing sequence number, kept in an in-memory
 * SQLite database. Old versions stay in the log, so a page read "as of"
 * an upper sequence is the same however many changes arrive while a
 * client is paging: that is what makes page tokens stable.
 *
 * Entries are text, not parsed tickets: the platform must be able to
 * serve invalid ticket objects (and even broken JSON) for testing.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DUBAN_TYPE_FEED_STORE (duban_feed_store_get_type ())
G_DECLARE_FINAL_TYPE (DubanFeedStore, duban_feed_store, DUBAN, FEED_STORE, GObject)

typedef struct {
  gint64    seq;
  char     *id;        /* NULL for an entry without a usable id */
  char     *json;      /* NULL when deleted */
  gboolean  deleted;
} DubanFeedChange;

void             duban_feed_change_free            (DubanFeedChange *change);

DubanFeedStore  *duban_feed_store_new              (GError         **error);

/* Groups many changes in one transaction (loading a county). */
void             duban_feed_store_begin            (DubanFeedStore  *self);
void             duban_feed_store_commit           (DubanFeedStore  *self);

/* Inserts or replaces the entry with @id; an entry with a NULL id is
 * always new. Returns the change's sequence number. */
gint64           duban_feed_store_put              (DubanFeedStore  *self,
                                                    const char      *id,
                                                    const char      *json);
/* FALSE when there is no live entry with @id. */
gboolean         duban_feed_store_delete           (DubanFeedStore  *self,
                                                    const char      *id);
/* The live entry's text, or NULL. */
char            *duban_feed_store_lookup           (DubanFeedStore  *self,
                                                    const char      *id);

gint64           duban_feed_store_get_last_seq     (DubanFeedStore  *self);
guint            duban_feed_store_count_live       (DubanFeedStore  *self);

/* The latest version of every entry as of @upper, with a sequence in
 * (@after, @upper], in sequence order, at most @limit. Deleted entries
 * are included only when @with_deleted (an incremental sync reports
 * them; a full sync does not). DubanFeedChange* */
GPtrArray       *duban_feed_store_read_changes     (DubanFeedStore  *self,
                                                    gint64           after,
                                                    gint64           upper,
                                                    gboolean         with_deleted,
                                                    guint            limit);

/* Supervision orders, keyed by the desk's client_id, which makes a
 * resend harmless. Stores the order unless its client_id is known, and
 * says which: @out_new, and the ticket and time of the first receipt
 * (so the caller can refuse a client_id reused for another ticket). */
void             duban_feed_store_add_supervision  (DubanFeedStore  *self,
                                                    const char      *client_id,
                                                    const char      *ticket_id,
                                                    const char      *json,
                                                    gint64           received_at,
                                                    gboolean        *out_new,
                                                    char           **out_ticket_id,
                                                    gint64          *out_received_at);
/* Orders stored with @client_id, or all orders when it is NULL. */
guint            duban_feed_store_count_supervisions (DubanFeedStore *self,
                                                      const char     *client_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanFeedChange, duban_feed_change_free)

G_END_DECLS
