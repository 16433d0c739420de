/* fake-platform.h — a platform that answers what the test says, and
 * remembers what it was asked
 *
 * The reference platform (duban-feed) behaves well; these tests need one
 * that answers 401 or 202 on cue and reports the raw path and the
 * Authorization header of every request. It answers on threads of its own, so
 * the test may block in a duban-ctl subprocess or in a blocking outbox
 * flush while it answers.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FakePlatform FakePlatform;

typedef struct {
  char *method;
  char *path;           /* as sent: percent-encoding kept */
  char *authorization;  /* NULL when none was sent */
} FakeRequest;

FakePlatform *fake_platform_new        (void);
void          fake_platform_free       (FakePlatform *self);
/* http://127.0.0.1:PORT */
const char   *fake_platform_get_url    (FakePlatform *self);
/* The next answers, in order (then 201 to a POST, 401 to anything else). */
void          fake_platform_queue      (FakePlatform *self,
                                        guint         status);
/* FakeRequest* in order; the caller frees the array. */
GPtrArray    *fake_platform_take_requests (FakePlatform *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakePlatform, fake_platform_free)

G_END_DECLS
