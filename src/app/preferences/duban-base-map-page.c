/* duban-base-map-page.c — the preferences page for what lies under the map
 *
 * None (the county's own areas are the base map: works with no network),
 * OpenStreetMap, 天地图 (with the user's key), any tile URL template (an
 * intranet server), or an offline MBTiles file. Stored in GSettings
 * (base-map, tianditu-key, base-map-url, mbtiles-path); the map page
 * follows the settings as they change.
 */
#define G_LOG_DOMAIN "duban-base-map-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "duban-base-map-page.h"

struct _DubanBaseMapPage
{
  AdwPreferencesPage    parent_instance;

  GSettings            *settings;
  AdwComboRow          *kind_row;
  AdwPasswordEntryRow  *key_row;
  AdwEntryRow          *url_row;
  AdwActionRow         *file_row;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (DubanBaseMapPage, duban_base_map_page, ADW_TYPE_PREFERENCES_PAGE)

/* The combo's order. */
static const char * const kinds[] = { "none", "osm", "tianditu", "custom", "mbtiles" };

static void
update_rows (DubanBaseMapPage *self)
{
  g_autofree char *kind = g_settings_get_string (self->settings, "base-map");
  g_autofree char *path = g_settings_get_string (self->settings, "mbtiles-path");

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kind, kinds[i]) && adw_combo_row_get_selected (self->kind_row) != i)
      adw_combo_row_set_selected (self->kind_row, i);

  gtk_widget_set_visible (GTK_WIDGET (self->key_row), g_str_equal (kind, "tianditu"));
  gtk_widget_set_visible (GTK_WIDGET (self->url_row), g_str_equal (kind, "custom"));
  gtk_widget_set_visible (GTK_WIDGET (self->file_row), g_str_equal (kind, "mbtiles"));
  adw_action_row_set_subtitle (self->file_row, path[0] != '\0' ? path : _("No file chosen"));
}

static void
kind_selected_cb (DubanBaseMapPage *self)
{
  guint i = adw_combo_row_get_selected (self->kind_row);

  if (i < G_N_ELEMENTS (kinds))
    g_settings_set_string (self->settings, "base-map", kinds[i]);
}

static void
key_apply_cb (DubanBaseMapPage *self)
{
  g_autofree char *key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));

  g_settings_set_string (self->settings, "tianditu-key", key);
}

static void
url_apply_cb (DubanBaseMapPage *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));

  /* Without the three placeholders every tile would be the same one. */
  if (url[0] != '\0' && (strstr (url, "{z}") == NULL || strstr (url, "{x}") == NULL || strstr (url, "{y}") == NULL))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
  g_settings_set_string (self->settings, "base-map-url", url);
}

static void
file_chosen_cb (DubanBaseMapPage     *self,
                int                   response,
                GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        g_settings_set_string (self->settings, "mbtiles-path", path);
    }
  g_clear_object (&self->chooser);
}

static void
choose_clicked_cb (DubanBaseMapPage *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Choose an MBTiles File"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), NULL);
  gtk_file_filter_set_name (filter, _("MBTiles files"));
  gtk_file_filter_add_pattern (filter, "*.mbtiles");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (file_chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
duban_base_map_page_dispose (GObject *object)
{
  DubanBaseMapPage *self = DUBAN_BASE_MAP_PAGE (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->chooser);

  G_OBJECT_CLASS (duban_base_map_page_parent_class)->dispose (object);
}

static void
duban_base_map_page_class_init (DubanBaseMapPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = duban_base_map_page_dispose;
}

static void
duban_base_map_page_init (DubanBaseMapPage *self)
{
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *choose;
  g_autofree char *key = NULL;
  g_autofree char *url = NULL;

  self->settings = g_settings_new (APPLICATION_ID);

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Map"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "mark-location-symbolic");

  adw_preferences_group_set_title (group, _("Base Map"));
  adw_preferences_group_set_description (group,
    _("What the map draws under the county's areas. With none, the county's own towns, villages and grids are the map, and it needs no network."));

  gtk_string_list_append (choices, _("None: the county's own areas"));
  gtk_string_list_append (choices, _("OpenStreetMap"));
  /* Translators: the national online map service of China, keep the name */
  gtk_string_list_append (choices, _("天地图 (Tianditu)"));
  gtk_string_list_append (choices, _("Tile server (URL template)"));
  gtk_string_list_append (choices, _("Offline MBTiles file"));

  self->kind_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kind_row), _("Base map"));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (choices));
  adw_preferences_group_add (group, GTK_WIDGET (self->kind_row));

  self->key_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row), _("天地图 key"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (self->key_row), TRUE);
  key = g_settings_get_string (self->settings, "tianditu-key");
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), key);
  adw_preferences_group_add (group, GTK_WIDGET (self->key_row));

  self->url_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row), _("Tile URL, with {z}, {x} and {y}"));
  adw_entry_row_set_show_apply_button (self->url_row, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), (url = g_settings_get_string (self->settings, "base-map-url")));
  adw_preferences_group_add (group, GTK_WIDGET (self->url_row));

  self->file_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), _("MBTiles file"));
  choose = gtk_button_new_with_mnemonic (_("_Choose…"));
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (self->file_row, choose);
  adw_preferences_group_add (group, GTK_WIDGET (self->file_row));

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), group);

  update_rows (self);
  g_signal_connect_object (self->kind_row, "notify::selected", G_CALLBACK (kind_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->key_row, "apply", G_CALLBACK (key_apply_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->url_row, "apply", G_CALLBACK (url_apply_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (choose, "clicked", G_CALLBACK (choose_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (update_rows), self, G_CONNECT_SWAPPED);
}

GtkWidget *
duban_base_map_page_new (void)
{
  return g_object_new (DUBAN_TYPE_BASE_MAP_PAGE, NULL);
}
