/* duban-documents-group.c — the issuing body, its seal, the supervisor and
 * the number scheme of each kind of document
 *
 * The settings live in the store (duban-documents.c), not in GSettings:
 * duban-ctl, run from cron on the same store, must issue the same
 * documents as the desk. Saving them is audited. A number already given
 * stays with its document; a new prefix starts its own sequence.
 */
#define G_LOG_DOMAIN "duban-documents-group"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-documents.h"
#include "duban-documents-group.h"

enum {
  ROW_ISSUER,
  ROW_SEAL,
  ROW_SUPERVISOR_NAME,
  ROW_SUPERVISOR_TITLE,
  ROW_PREFIX_ORDER_SHEET,
  ROW_PREFIX_BULLETIN,
  ROW_PREFIX_SUPERVISION,
  N_ROWS
};

struct _DubanDocumentsGroup
{
  AdwPreferencesGroup  parent_instance;

  DubanSession        *session;
  AdwEntryRow         *rows[N_ROWS];
  GtkWidget           *apply_button;
};

G_DEFINE_FINAL_TYPE (DubanDocumentsGroup, duban_documents_group, ADW_TYPE_PREFERENCES_GROUP)

/* Where each row's text lives in the settings. */
static char **
field_of (DubanDocumentSettings *settings,
          guint                  row)
{
  switch (row)
    {
    case ROW_ISSUER: return &settings->issuer;
    case ROW_SEAL: return &settings->seal;
    case ROW_SUPERVISOR_NAME: return &settings->supervisor_name;
    case ROW_SUPERVISOR_TITLE: return &settings->supervisor_title;
    case ROW_PREFIX_ORDER_SHEET: return &settings->prefix[DUBAN_DOCUMENT_ORDER_SHEET];
    case ROW_PREFIX_BULLETIN: return &settings->prefix[DUBAN_DOCUMENT_BULLETIN];
    case ROW_PREFIX_SUPERVISION: return &settings->prefix[DUBAN_DOCUMENT_SUPERVISION];
    default: g_assert_not_reached ();
    }
}

static void
load (DubanDocumentsGroup *self)
{
  g_auto(DubanDocumentSettings) settings = { 0 };
  g_autoptr(GError) error = NULL;
  DubanStore *store = self->session != NULL ? duban_session_get_store (self->session, NULL) : NULL;

  g_assert (DUBAN_IS_DOCUMENTS_GROUP (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self), store != NULL);
  if (store == NULL || !duban_document_settings_load (store, &settings, &error))
    duban_document_settings_init (&settings);
  for (guint i = 0; i < N_ROWS; i++)
    gtk_editable_set_text (GTK_EDITABLE (self->rows[i]), *field_of (&settings, i));
  gtk_widget_set_sensitive (self->apply_button, FALSE);
}

static void
changed_cb (DubanDocumentsGroup *self)
{
  gtk_widget_set_sensitive (self->apply_button, TRUE);
}

static void
apply_clicked_cb (DubanDocumentsGroup *self)
{
  g_auto(DubanDocumentSettings) settings = { 0 };
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  DubanStore *store;
  const char *toast;
  g_autofree char *message = NULL;

  g_assert (DUBAN_IS_DOCUMENTS_GROUP (self));

  duban_document_settings_init (&settings);
  for (guint i = 0; i < N_ROWS; i++)
    {
      char **field = field_of (&settings, i);

      g_free (*field);
      *field = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->rows[i]))));
    }

  if (self->session == NULL || !(store = duban_session_get_store (self->session, &error)) ||
      !duban_document_settings_save (store, &settings, &error))
    {
      message = g_strdup_printf (_("Cannot save the document settings: %s"),
                                 error != NULL ? error->message : _("No store is open"));
      toast = message;
    }
  else
    {
      toast = _("Document settings saved");
      gtk_widget_set_sensitive (self->apply_button, FALSE);
    }
  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (toast));
}

static void
duban_documents_group_dispose (GObject *object)
{
  DubanDocumentsGroup *self = DUBAN_DOCUMENTS_GROUP (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (duban_documents_group_parent_class)->dispose (object);
}

static void
duban_documents_group_class_init (DubanDocumentsGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = duban_documents_group_dispose;
}

static void
duban_documents_group_init (DubanDocumentsGroup *self)
{
  const char *titles[N_ROWS] = {
    [ROW_ISSUER] = _("Issuing body"),
    [ROW_SEAL] = _("Text of the seal"),
    [ROW_SUPERVISOR_NAME] = _("Supervisor's name"),
    [ROW_SUPERVISOR_TITLE] = _("Supervisor's title"),
    [ROW_PREFIX_ORDER_SHEET] = _("Number prefix of supervision orders"),
    [ROW_PREFIX_BULLETIN] = _("Number prefix of accountability bulletins"),
    [ROW_PREFIX_SUPERVISION] = _("Number prefix of supervision summaries"),
  };

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Documents"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("Who issues the center's documents and how they are numbered, kept in the store: "
                                           "duban-ctl issues the same. A number is given once and never again; "
                                           "kinds with the same prefix share one sequence a year."));
  self->apply_button = gtk_button_new_with_mnemonic (_("_Apply"));
  gtk_widget_set_valign (self->apply_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->apply_button, "suggested-action");
  g_signal_connect_swapped (self->apply_button, "clicked", G_CALLBACK (apply_clicked_cb), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self), self->apply_button);

  for (guint i = 0; i < N_ROWS; i++)
    {
      self->rows[i] = ADW_ENTRY_ROW (adw_entry_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->rows[i]), titles[i]);
      g_signal_connect_swapped (self->rows[i], "changed", G_CALLBACK (changed_cb), self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->rows[i]));
    }
}

GtkWidget *
duban_documents_group_new (DubanSession *session)
{
  DubanDocumentsGroup *self;

  g_return_val_if_fail (session == NULL || DUBAN_IS_SESSION (session), NULL);

  self = g_object_new (DUBAN_TYPE_DOCUMENTS_GROUP, NULL);
  g_set_object (&self->session, session);
  load (self);

  return GTK_WIDGET (self);
}
