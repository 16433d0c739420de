/* duban-documents-group.h — who issues the center's documents, and how
 * they are numbered (preferences)
 */
#pragma once

#include <adwaita.h>

#include "duban-session.h"

G_BEGIN_DECLS

#define DUBAN_TYPE_DOCUMENTS_GROUP (duban_documents_group_get_type ())
G_DECLARE_FINAL_TYPE (DubanDocumentsGroup, duban_documents_group, DUBAN, DOCUMENTS_GROUP, AdwPreferencesGroup)

/* Edits the settings kept in @session's store (NULL: insensitive). */
GtkWidget *duban_documents_group_new (DubanSession *session);

G_END_DECLS
