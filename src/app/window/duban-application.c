/* duban-application.c — the desk application: options, actions, windows
 *
 * One window per store: `duban --db other.db` from a second terminal opens
 * (or raises) the window on that store in the running instance, and the
 * store path is resolved against the invoking terminal's directory.
 */
#define G_LOG_DOMAIN "duban-application"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-application.h"
#include "duban-preferences-window.h"
#include "duban-session.h"
#include "duban-store.h"
#include "duban-window.h"

struct _DubanApplication
{
  AdwApplication  parent_instance;

  /* store path → DubanSession */
  GHashTable     *sessions;
};

G_DEFINE_FINAL_TYPE (DubanApplication, duban_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "feed", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Read tickets from the platform at URL (and remember it)"), N_("URL") },
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Use the store at PATH instead of the default"), N_("PATH") },
  { NULL }
};

gboolean
duban_ui_language_is_chinese (void)
{
  const char * const *languages = g_get_language_names ();

  return languages != NULL && languages[0] != NULL && g_str_has_prefix (languages[0], "zh");
}

void
duban_install_chinese_fonts (void)
{
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display;

  /* Under LANG=C.UTF-8 fontconfig has no language to go by and picks the
   * Japanese member of Noto Sans CJK for Han, whose 门, 写, 骨 and 关 are
   * not the shapes a reader in the county knows. Naming the SC family
   * first settles it whatever the locale. */
  if (!duban_ui_language_is_chinese ())
    return;

  if (!(display = gdk_display_get_default ()))
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/duban/Duban/style-zh.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static DubanSession *
duban_application_get_session (DubanApplication *self,
                               const char       *store_path)
{
  DubanSession *session;

  g_assert (DUBAN_IS_APPLICATION (self));
  g_assert (store_path != NULL);

  if (!(session = g_hash_table_lookup (self->sessions, store_path)))
    {
      session = duban_session_new (store_path);
      g_hash_table_insert (self->sessions, g_strdup (store_path), session);
    }

  return session;
}

static void
duban_application_present_store (DubanApplication *self,
                                 const char       *store_path)
{
  DubanSession *session;
  GList *windows;
  DubanWindow *window;

  g_assert (DUBAN_IS_APPLICATION (self));

  session = duban_application_get_session (self, store_path);

  for (windows = gtk_application_get_windows (GTK_APPLICATION (self));
       windows != NULL;
       windows = windows->next)
    {
      if (DUBAN_IS_WINDOW (windows->data) &&
          duban_window_get_session (windows->data) == session)
        {
          gtk_window_present (windows->data);
          return;
        }
    }

  window = duban_window_new (GTK_APPLICATION (self), session);
  gtk_window_present (GTK_WINDOW (window));
}

static void
duban_application_activate (GApplication *app)
{
  DubanApplication *self = DUBAN_APPLICATION (app);
  GtkWindow *window;
  g_autofree char *path = NULL;

  if ((window = gtk_application_get_active_window (GTK_APPLICATION (self))))
    {
      gtk_window_present (window);
      return;
    }

  path = duban_store_default_path ();
  duban_application_present_store (self, path);
}

static int
duban_application_command_line (GApplication            *app,
                                GApplicationCommandLine *command_line)
{
  DubanApplication *self = DUBAN_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *feed = NULL;
  g_autofree char *db = NULL;
  g_autofree char *store_path = NULL;

  if (g_variant_dict_lookup (options, "feed", "&s", &feed))
    {
      g_autoptr(GUri) uri = g_uri_parse (feed, G_URI_FLAGS_NONE, NULL);
      g_autoptr(GSettings) settings = NULL;

      if (uri == NULL ||
          (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
           g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
        {
          g_application_command_line_printerr (command_line,
                                               _("Not an http or https address: %s\n"), feed);
          return EXIT_FAILURE;
        }

      settings = g_settings_new (APPLICATION_ID);
      g_settings_set_string (settings, "feed-url", feed);
    }

  if (g_variant_dict_lookup (options, "db", "^ay", &db))
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, db);

      store_path = g_file_get_path (file);
    }
  else
    {
      store_path = duban_store_default_path ();
    }

  duban_application_present_store (self, store_path);

  return EXIT_SUCCESS;
}

/* GTK 4.8 gives a tooltip's label as many "characters" of width as its
 * text has characters, counted in Latin widths: a Chinese character is
 * two of those, so "同步" came out as 同 over 步 and "主菜单" in three
 * lines. The tooltip window hangs under the widget's native (as a
 * popover does); once GTK has set the text, its label is given room for
 * the text on one line, wrapping past 70 Latin widths as GTK would. */
static void
widen_tooltip_labels (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    {
      const char *text = gtk_label_get_label (GTK_LABEL (widget));
      int wanted = (int) MIN (g_utf8_strlen (text != NULL ? text : "", -1) * 2, 70);

      if (gtk_label_get_max_width_chars (GTK_LABEL (widget)) < wanted)
        gtk_label_set_max_width_chars (GTK_LABEL (widget), wanted);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    widen_tooltip_labels (child);
}

static gboolean
widen_tooltips_of (gpointer user_data)
{
  GtkWidget *native = user_data;

  g_object_set_data (G_OBJECT (native), "duban-widen-tooltips", NULL);
  for (GtkWidget *child = gtk_widget_get_first_child (native); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (gtk_widget_get_css_name (child), "tooltip") == 0)
      widen_tooltip_labels (child);
  g_object_unref (native);
  return G_SOURCE_REMOVE;
}

static gboolean
query_tooltip_hook (GSignalInvocationHint *hint,
                    guint                  n_params,
                    const GValue          *params,
                    gpointer               user_data)
{
  GtkWidget *widget = g_value_get_object (&params[0]);
  GtkNative *native = GTK_IS_WIDGET (widget) ? gtk_widget_get_native (widget) : NULL;

  /* after GTK set the text (it does so after this hook); once per turn
   * of the main loop, however often the pointer moved */
  if (native != NULL && g_object_get_data (G_OBJECT (native), "duban-widen-tooltips") == NULL)
    {
      g_object_set_data (G_OBJECT (native), "duban-widen-tooltips", GINT_TO_POINTER (TRUE));
      g_idle_add (widen_tooltips_of, g_object_ref (native));
    }
  return TRUE;
}

static void
duban_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (duban_application_parent_class)->startup (app);

  /* style.css is loaded by AdwApplication from the resource base path. */
  duban_install_chinese_fonts ();

  /* the signal exists once the class does */
  g_type_class_unref (g_type_class_ref (GTK_TYPE_WIDGET));
  g_signal_add_emission_hook (g_signal_lookup ("query-tooltip", GTK_TYPE_WIDGET), 0,
                              query_tooltip_hook, NULL, NULL);
}

static void
duban_application_finalize (GObject *object)
{
  DubanApplication *self = (DubanApplication *)object;

  g_clear_pointer (&self->sessions, g_hash_table_unref);

  G_OBJECT_CLASS (duban_application_parent_class)->finalize (object);
}

static void
duban_application_about_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  DubanApplication *self = user_data;
  static const char *developers[] = { "The Duban developers", NULL };
  GtkWindow *window;

  g_assert (DUBAN_IS_APPLICATION (self));

  window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window,
                         "application-name", _("Duban"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("The Duban developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("The supervision center's desk: overdue and nearly-overdue "
                                       "citizens' requests first, by the county's rules and calendar."),
                         "developers", developers,
                         "copyright", "© 2026 The Duban developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: your names, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
duban_application_preferences_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  DubanApplication *self = user_data;
  GtkWindow *window;
  GtkWidget *preferences;

  g_assert (DUBAN_IS_APPLICATION (self));

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  preferences = duban_preferences_window_new (window,
                                              DUBAN_IS_WINDOW (window) ? duban_window_get_session (DUBAN_WINDOW (window))
                                                                       : NULL);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
duban_application_quit_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  DubanApplication *self = user_data;

  g_assert (DUBAN_IS_APPLICATION (self));

  g_application_quit (G_APPLICATION (self));
}

/* From the desktop notification after a sync (and anything else outside
 * a window): the queue, filtered, in the window that sent it or else the
 * active one. */
static void
duban_application_show_queue_filtered_action (GSimpleAction *action,
                                              GVariant      *parameter,
                                              gpointer       user_data)
{
  DubanApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  g_assert (DUBAN_IS_APPLICATION (self));

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (!DUBAN_IS_WINDOW (window))
    {
      GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

      for (; windows != NULL && !DUBAN_IS_WINDOW (windows->data); windows = windows->next)
        ;
      window = windows != NULL ? windows->data : NULL;
    }
  if (window == NULL)
    return;

  if (!duban_window_show_queue_filtered (DUBAN_WINDOW (window), g_variant_get_string (parameter, NULL), &error))
    g_warning ("%s", error->message);
  gtk_window_present (window);
}

static const GActionEntry app_actions[] = {
  { "show-queue-filtered", duban_application_show_queue_filtered_action, "s" },
  { "quit", duban_application_quit_action },
  { "preferences", duban_application_preferences_action },
  { "about", duban_application_about_action },
};

static void
duban_application_class_init (DubanApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = duban_application_finalize;

  app_class->activate = duban_application_activate;
  app_class->command_line = duban_application_command_line;
  app_class->startup = duban_application_startup;
}

static void
duban_application_init (DubanApplication *self)
{
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                         (const char *[]) { "<primary>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         (const char *[]) { "<primary>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.sync",
                                         (const char *[]) { "<primary>r", "F5", NULL });
  /* The supervision workbench. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.search",
                                         (const char *[]) { "<primary>f", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.next-ticket",
                                         (const char *[]) { "<alt>Down", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.previous-ticket",
                                         (const char *[]) { "<alt>Up", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.focus-queue",
                                         (const char *[]) { "<primary>l", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.toggle-mark",
                                         (const char *[]) { "<primary>m", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.issue-order",
                                         (const char *[]) { "<primary><shift>d", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.add-note",
                                         (const char *[]) { "<primary><shift>n", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.reveal-petitioner",
                                         (const char *[]) { "<primary><shift>p", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-orders",
                                         (const char *[]) { "<primary><shift>o", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-audit",
                                         (const char *[]) { "<primary><shift>l", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.clear-filters",
                                         (const char *[]) { "<primary><shift>BackSpace", NULL });
}

DubanApplication *
duban_application_new (void)
{
  return g_object_new (DUBAN_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/duban/Duban",
                       NULL);
}
