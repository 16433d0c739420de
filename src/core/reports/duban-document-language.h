/* duban-document-language.h — the language a document is written in
 *
 * A bulletin or a supervision summary leaves the center as a Chinese
 * document, whatever locale the process that wrote it runs in: cron and
 * many systemd units run duban-ctl under LANG=C, and a bulletin in English
 * under a Chinese red header is not a document anyone can send. The
 * command line's own messages still follow the process's locale; only
 * what is written between _begin and _end follows the document's.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The county's documents are Chinese unless asked otherwise. */
#define DUBAN_DOCUMENT_LANGUAGE_DEFAULT "zh_CN"

/* "zh_CN" or "en" (the untranslated source strings). */
gboolean duban_document_language_is_known (const char *language);

typedef struct _DubanDocumentLanguage DubanDocumentLanguage;

/* From here until _end, this thread's translations are @language's
 * (NULL: the default). Not for a process whose other threads translate
 * at the same time: the Chinese case sets LANGUAGE in the environment. */
DubanDocumentLanguage *duban_document_language_begin (const char            *language);
void                   duban_document_language_end   (DubanDocumentLanguage *saved);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanDocumentLanguage, duban_document_language_end)

G_END_DECLS
