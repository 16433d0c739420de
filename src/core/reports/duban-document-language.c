/* duban-document-language.c — documents in Chinese whatever the locale
 *
 * gettext honours LANGUAGE only when the messages locale is not "C", so a
 * process under LANG=C cannot be asked for Chinese by LANGUAGE alone. For
 * the length of a document this thread uses a locale whose messages
 * category is C.UTF-8 (always present on Debian, and not "C" to gettext)
 * and every other category the process's own, with LANGUAGE naming the
 * document's language. glibc caches translations per language list: its
 * counter is bumped so that the change is seen at once.
 */

#define G_LOG_DOMAIN "duban-document-language"

#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "duban-document-language.h"

#ifdef __GLIBC__
extern int _nl_msg_cat_cntr;
#endif

struct _DubanDocumentLanguage
{
  locale_t  previous;     /* this thread's locale before _begin */
  locale_t  document;     /* ours, freed at _end */
  char     *language_env; /* LANGUAGE before _begin */
  gboolean  had_language_env;
  gboolean  set_language_env;
};

static void
translations_changed (void)
{
#ifdef __GLIBC__
  ++_nl_msg_cat_cntr;
#endif
}

gboolean
duban_document_language_is_known (const char *language)
{
  return language != NULL && (g_str_equal (language, "zh_CN") || g_str_equal (language, "en"));
}

DubanDocumentLanguage *
duban_document_language_begin (const char *language)
{
  DubanDocumentLanguage *saved = g_new0 (DubanDocumentLanguage, 1);
  gboolean english;
  locale_t base;

  if (language == NULL)
    language = DUBAN_DOCUMENT_LANGUAGE_DEFAULT;
  g_return_val_if_fail (duban_document_language_is_known (language), saved);
  english = g_str_equal (language, "en");

  /* every category but messages stays as the process has it */
  base = duplocale (LC_GLOBAL_LOCALE);
  if (base == (locale_t) 0)
    return saved;
  saved->document = newlocale (LC_MESSAGES_MASK, english ? "C" : "C.UTF-8", base);
  if (saved->document == (locale_t) 0 && !english)
    saved->document = newlocale (LC_MESSAGES_MASK, "zh_CN.UTF-8", base);
  if (saved->document == (locale_t) 0)
    {
      /* no usable locale: the document is written as the process would */
      g_warning ("no locale to write a document in %s; it follows the process's locale", language);
      freelocale (base);
      return saved;
    }
  saved->previous = uselocale (saved->document);

  if (!english)
    {
      const char *current = g_getenv ("LANGUAGE");

      saved->had_language_env = current != NULL;
      saved->language_env = g_strdup (current);
      saved->set_language_env = TRUE;
      g_setenv ("LANGUAGE", language, TRUE);
    }
  translations_changed ();

  return saved;
}

void
duban_document_language_end (DubanDocumentLanguage *saved)
{
  if (saved == NULL)
    return;

  if (saved->set_language_env)
    {
      if (saved->had_language_env)
        g_setenv ("LANGUAGE", saved->language_env, TRUE);
      else
        g_unsetenv ("LANGUAGE");
    }
  if (saved->document != (locale_t) 0)
    {
      uselocale (saved->previous);
      freelocale (saved->document);
    }
  translations_changed ();

  g_free (saved->language_env);
  g_free (saved);
}
