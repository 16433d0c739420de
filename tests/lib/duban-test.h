/* duban-test.h — what the tests share
 *
 * The reference platform run as the programs run it, the rows of a
 * store counted behind its back, a temporary folder removed afterwards:
 * each written once here (as gnome-calendar's gcal-test-private) rather
 * than once per test file.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The reference platform, duban-feed ($DUBAN_FEED), on a free loopback
 * port. It dies with the test, so a failed assertion leaves no platform
 * holding the test runner's pipes open. */
typedef struct _DubanTestPlatform DubanTestPlatform;

/* @args: duban-feed's options after --port 0, NULL-terminated. */
DubanTestPlatform *duban_test_platform_start (const char * const *args);
const char        *duban_test_platform_url   (DubanTestPlatform  *platform);
void               duban_test_platform_stop  (DubanTestPlatform  *platform);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanTestPlatform, duban_test_platform_stop)

/* The one number @sql (a literal with no parameters, or one bound to
 * @bound) selects from the store at @db_path, read without the store's
 * own code. */
gint64             duban_test_count_rows     (const char         *db_path,
                                              const char         *sql,
                                              const char         *bound);
/* PRAGMA integrity_check of the store at @db_path is ok. */
void               duban_test_assert_integrity (const char       *db_path);

/* A new temporary folder, and its removal with everything in it. */
char              *duban_test_make_dir       (const char         *name);
void               duban_test_remove_dir     (const char         *path);

G_END_DECLS
