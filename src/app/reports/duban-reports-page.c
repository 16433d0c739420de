/* duban-reports-page.c — the report builder: bulletins for leadership, with a live preview
 *
 * The report is built on a worker thread from the session's tickets and
 * a DubanDesk of its own (the orders and regions as they are now, loaded
 * as duban-ctl loads them), so the preview, the printout and every export
 * show what `duban-ctl report` would write for the same choices.
 */

#define G_LOG_DOMAIN "duban-reports-page"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-orders.h"
#include "duban-period.h"
#include "duban-print.h"
#include "duban-regions.h"
#include "duban-report-csv.h"
#include "duban-report-name.h"
#include "duban-report-pdf.h"
#include "duban-report-preview.h"
#include "duban-report-xlsx.h"
#include "duban-reports-page.h"
#include "duban-store-scope.h"
#include "duban-store.h"

struct _DubanReportsPage
{
  AdwBin              parent_instance;

  DubanSession       *session;
  GPtrArray          *scopes;         /* char*: "county", "town:CODE", "unit:CODE" */
  GCancellable       *cancellable;
  guint               rebuild_source;
  guint               generation;
  gboolean            stale;          /* asked for while not shown: rebuilt when mapped */

  AdwComboRow        *kind_row;
  AdwComboRow        *period_row;
  AdwEntryRow        *from_row;
  AdwEntryRow        *to_row;
  AdwComboRow        *scope_row;
  GtkButton          *print_button;
  GtkButton          *pdf_button;
  GtkButton          *xlsx_button;
  GtkButton          *csv_button;
  GtkLabel           *status_label;
  GtkButton          *previous_button;
  GtkButton          *next_button;
  GtkLabel           *page_label;
  GtkSpinner         *spinner;
  DubanReportPreview *preview;
};

G_DEFINE_FINAL_TYPE (DubanReportsPage, duban_reports_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  char            *store_path;
  GPtrArray       *tickets;
  DubanSlaPolicy   policy;
  DubanReportKind  kind;
  DubanScopeKind   scope;
  char            *scope_code;
  DubanDay         first;
  DubanDay         last;
  DubanTime        at;
  guint            generation;
} BuildJob;

static void
build_job_free (BuildJob *job)
{
  g_free (job->store_path);
  g_clear_pointer (&job->tickets, g_ptr_array_unref);
  g_free (job->scope_code);
  g_free (job);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildJob *job = task_data;
  const DubanDeskContents contents = DUBAN_DESK_TICKETS | DUBAN_DESK_ORDERS | DUBAN_DESK_REGIONS |
                                     DUBAN_DESK_REPEAT_DECISIONS;
  DubanDeskScope scope;
  g_autoptr(DubanDesk) desk = NULL;
  g_autoptr(GError) error = NULL;
  DubanReportSources sources = { 0 };
  g_auto(DubanDocumentSettings) documents = { 0 };
  DubanReport *report;

  /* the orders, the regions and the tickets the report reads, as they
   * are now, read as duban-ctl reads them: only those that can count in
   * the period's and the previous period's figures and those the orders
   * name */
  if (duban_report_desk_scope (job->kind, job->scope, job->first, job->last, &scope))
    desk = duban_desk_load_scoped (job->store_path, DUBAN_DESK_OPEN_EXISTING, contents, &scope,
                                   job->at, cancellable, &error);
  else
    desk = duban_desk_load (job->store_path, DUBAN_DESK_OPEN_EXISTING, contents, job->at, cancellable, &error);
  if (desk == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  sources.tickets = duban_desk_get_tickets (desk);
  sources.policy = &job->policy;
  sources.calendar = duban_desk_get_calendar (desk);
  sources.name_lookup = duban_desk_dup_name_cb;
  sources.name_data = desk;
  sources.orders = duban_desk_get_orders (desk);
  sources.regions = duban_desk_get_regions (desk);
  sources.repeat_decisions = duban_desk_get_repeat_decisions (desk);
  /* the county's bulletin weighs its 研判 against every stored ticket,
   * read one at a time by this worker's own connection */
  sources.store = duban_desk_get_store (desk);
  if (!duban_document_settings_load (duban_desk_get_store (desk), &documents, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  sources.documents = &documents;
  report = duban_report_build (&sources, job->kind, job->scope, job->scope_code,
                               job->first, job->last, job->at, &error);
  /* the preview shows the number the document was issued with; one not
   * yet issued is numbered when it is printed or exported, so browsing
   * periods spends no number */
  if (report != NULL)
    {
      g_autofree char *key = duban_report_document_key (report);

      report->document_number = duban_document_number_lookup (duban_desk_get_store (desk),
                                                              job->kind == DUBAN_REPORT_SUPERVISION
                                                                ? DUBAN_DOCUMENT_SUPERVISION : DUBAN_DOCUMENT_BULLETIN,
                                                              key, &error);
      if (error != NULL)
        g_clear_pointer (&report, duban_report_free);
    }
  if (report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, report, (GDestroyNotify) duban_report_free);
}

static void
set_status (DubanReportsPage *self,
            const char       *text)
{
  gtk_label_set_text (self->status_label, text ? text : "");
}

static void
update_sensitivity (DubanReportsPage *self)
{
  gboolean have = duban_report_preview_get_report (self->preview) != NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->print_button), have);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pdf_button), have);
  gtk_widget_set_sensitive (GTK_WIDGET (self->xlsx_button), have);
  gtk_widget_set_sensitive (GTK_WIDGET (self->csv_button), have);
}

static void
build_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DubanReportsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  BuildJob *job = g_task_get_task_data (G_TASK (result));
  DubanReport *report = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* only the latest choices count */
  if (job->generation != self->generation)
    {
      g_clear_pointer (&report, duban_report_free);
      return;
    }

  gtk_spinner_stop (self->spinner);
  if (report == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Cannot build the report: %s"), error->message);

      set_status (self, text);
      return;
    }

  set_status (self, NULL);
  duban_report_preview_set_report (self->preview, report);
  update_sensitivity (self);
}

/* The period chosen, or FALSE when the custom dates do not parse. */
static gboolean
chosen_days (DubanReportsPage *self,
             DubanDay         *first,
             DubanDay         *last)
{
  DubanPeriodPreset preset = adw_combo_row_get_selected (self->period_row);

  if (preset == DUBAN_PERIOD_CUSTOM)
    return duban_day_parse (gtk_editable_get_text (GTK_EDITABLE (self->from_row)), first, NULL) &&
           duban_day_parse (gtk_editable_get_text (GTK_EDITABLE (self->to_row)), last, NULL) &&
           *first <= *last;

  return duban_period_preset_days (preset, duban_day_of_time (duban_time_now ()), first, last);
}

static gboolean
rebuild_cb (gpointer user_data)
{
  DubanReportsPage *self = user_data;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  const char *scope_text;
  BuildJob *job;
  guint scope_index;

  self->rebuild_source = 0;
  if (self->session == NULL || duban_session_get_desk (self->session) == NULL)
    return G_SOURCE_REMOVE;
  /* a page that is not shown reads nothing: it asks when it is mapped */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return G_SOURCE_REMOVE;
    }
  self->stale = FALSE;

  job = g_new0 (BuildJob, 1);
  job->store_path = g_strdup (duban_session_get_store_path (self->session));
  job->policy = *duban_session_get_policy (self->session);
  job->kind = adw_combo_row_get_selected (self->kind_row) == 1 ? DUBAN_REPORT_SUPERVISION : DUBAN_REPORT_BULLETIN;
  job->at = duban_time_now ();
  job->generation = ++self->generation;
  scope_index = adw_combo_row_get_selected (self->scope_row);
  scope_text = scope_index < self->scopes->len ? g_ptr_array_index (self->scopes, scope_index) : "county";
  if (!duban_report_scope_parse (scope_text, &job->scope, &job->scope_code, &error) ||
      !chosen_days (self, &job->first, &job->last))
    {
      set_status (self, _("Enter the period as two dates, YYYY-MM-DD, the first not after the last."));
      build_job_free (job);
      return G_SOURCE_REMOVE;
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  gtk_spinner_start (self->spinner);
  task = g_task_new (NULL, self->cancellable, build_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, rebuild_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) build_job_free);
  g_task_run_in_thread (task, build_thread);

  return G_SOURCE_REMOVE;
}

static void
schedule_rebuild (DubanReportsPage *self)
{
  /* typing a date or flicking through scopes rebuilds once, after a pause */
  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  self->rebuild_source = g_timeout_add (200, rebuild_cb, self);
}

static void
mapped_cb (DubanReportsPage *self)
{
  if (self->stale)
    schedule_rebuild (self);
}

static void
settings_changed_cb (DubanReportsPage *self)
{
  schedule_rebuild (self);
}

static void
period_changed_cb (DubanReportsPage *self)
{
  gboolean custom = adw_combo_row_get_selected (self->period_row) == DUBAN_PERIOD_CUSTOM;

  gtk_widget_set_visible (GTK_WIDGET (self->from_row), custom);
  gtk_widget_set_visible (GTK_WIDGET (self->to_row), custom);
  if (custom && *gtk_editable_get_text (GTK_EDITABLE (self->from_row)) == '\0')
    {
      DubanDay first, last;
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      /* start from last month rather than from nothing */
      duban_period_preset_days (DUBAN_PERIOD_LAST_MONTH, duban_day_of_time (duban_time_now ()), &first, &last);
      from = duban_day_format (first);
      to = duban_day_format (last);
      gtk_editable_set_text (GTK_EDITABLE (self->from_row), from);
      gtk_editable_set_text (GTK_EDITABLE (self->to_row), to);
    }
  schedule_rebuild (self);
}

static void
pages_changed_cb (DubanReportsPage *self)
{
  guint n = duban_report_preview_get_n_pages (self->preview);
  guint page = duban_report_preview_get_page (self->preview);
  g_autofree char *text = n > 0 ? g_strdup_printf (_("Page %u of %u"), page + 1, n) : g_strdup ("");

  gtk_label_set_text (self->page_label, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->previous_button), page > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), page + 1 < n);
}

static void
previous_clicked_cb (DubanReportsPage *self)
{
  guint page = duban_report_preview_get_page (self->preview);

  if (page > 0)
    duban_report_preview_set_page (self->preview, page - 1);
}

static void
next_clicked_cb (DubanReportsPage *self)
{
  duban_report_preview_set_page (self->preview, duban_report_preview_get_page (self->preview) + 1);
}

static char *
scope_name_for (DubanReportsPage *self,
                const char       *code,
                const char       *fallback)
{
  DubanDesk *desk = self->session != NULL ? duban_session_get_desk (self->session) : NULL;
  const char *name = desk != NULL ? duban_desk_lookup_name (desk, code) : NULL;

  return g_strdup (name != NULL ? name : fallback != NULL ? fallback : code);
}

/* The county first, then every town and unit: those of the platform's
 * regions and units, and any other the tickets read name. The session
 * reads only what is open, so the tickets alone would leave out a town
 * or a unit with nothing open, whose month a leader may still ask for. */
static void
rebuild_scopes (DubanReportsPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GHashTable) towns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) units = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GList) town_keys = NULL;
  g_autoptr(GList) unit_keys = NULL;
  g_autofree char *previous = NULL;
  GPtrArray *tickets = self->session ? duban_session_get_tickets (self->session) : NULL;
  DubanDesk *desk = self->session != NULL ? duban_session_get_desk (self->session) : NULL;
  DubanRegions *regions;
  guint selected = 0, index = adw_combo_row_get_selected (self->scope_row);

  if (index < self->scopes->len)
    previous = g_strdup (g_ptr_array_index (self->scopes, index));

  if (desk != NULL && (regions = duban_desk_get_regions (desk)) != NULL)
    for (guint i = 0; i < duban_regions_get_n_areas (regions); i++)
      {
        const DubanArea *area = duban_regions_get_area (regions, i);

        if (area->level == DUBAN_AREA_TOWN && !g_hash_table_contains (towns, area->code))
          g_hash_table_add (towns, g_strdup (area->code));
      }
  for (guint i = 0; desk != NULL && i < duban_desk_get_unit_codes (desk)->len; i++)
    {
      const char *code = g_ptr_array_index (duban_desk_get_unit_codes (desk), i);

      g_hash_table_replace (units, g_strdup (code), g_strdup (duban_desk_lookup_name (desk, code)));
    }

  for (guint i = 0; tickets != NULL && i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      char *town = duban_grid_code_town (ticket->grid_code);

      if (town != NULL && !g_hash_table_contains (towns, town))
        g_hash_table_add (towns, town);
      else
        g_free (town);
      if (ticket->unit_code != NULL && !g_hash_table_contains (units, ticket->unit_code))
        g_hash_table_insert (units, g_strdup (ticket->unit_code), g_strdup (ticket->unit_name));
    }

  g_ptr_array_set_size (self->scopes, 0);
  g_ptr_array_add (self->scopes, g_strdup ("county"));
  gtk_string_list_append (names, _("The whole county"));

  town_keys = g_list_sort (g_hash_table_get_keys (towns), (GCompareFunc) g_strcmp0);
  for (GList *l = town_keys; l != NULL; l = l->next)
    {
      g_autofree char *name = scope_name_for (self, l->data, NULL);
      g_autofree char *label = g_strdup_printf (C_("scope", "Town: %s"), name);

      g_ptr_array_add (self->scopes, g_strdup_printf ("town:%s", (char *) l->data));
      gtk_string_list_append (names, label);
    }
  unit_keys = g_list_sort (g_hash_table_get_keys (units), (GCompareFunc) g_strcmp0);
  for (GList *l = unit_keys; l != NULL; l = l->next)
    {
      const char *name = g_hash_table_lookup (units, l->data);
      g_autofree char *label = g_strdup_printf (C_("scope", "Unit: %s"), name != NULL ? name : (char *) l->data);

      g_ptr_array_add (self->scopes, g_strdup_printf ("unit:%s", (char *) l->data));
      gtk_string_list_append (names, label);
    }

  for (guint i = 0; previous != NULL && i < self->scopes->len; i++)
    if (g_str_equal (previous, g_ptr_array_index (self->scopes, i)))
      selected = i;

  g_signal_handlers_block_by_func (self->scope_row, settings_changed_cb, self);
  adw_combo_row_set_model (self->scope_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->scope_row, selected);
  g_signal_handlers_unblock_by_func (self->scope_row, settings_changed_cb, self);
}

static void
session_reloaded_cb (DubanReportsPage *self)
{
  rebuild_scopes (self);
  schedule_rebuild (self);
}

static GtkWindow *
parent_window (DubanReportsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* A document leaves the center with its number: taken from the store's
 * sequence when first printed or exported, the same one after. */
static gboolean
issue (DubanReportsPage  *self,
       const DubanReport *report,
       GError           **error)
{
  g_auto(DubanDocumentSettings) documents = { 0 };
  DubanStore *store;

  if (report->document_number != NULL)
    return TRUE;
  if (self->session == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("No store is open"));
      return FALSE;
    }
  if (!(store = duban_session_get_store (self->session, error)))
    return FALSE;
  if (!duban_document_settings_load (store, &documents, error) ||
      !duban_report_take_number ((DubanReport *) report, store, &documents, error))
    return FALSE;
  duban_report_preview_report_changed (self->preview);
  return TRUE;
}

/* Every export leaves a line in the audit trail: who wrote which report where. */
static void
audit_export (DubanReportsPage  *self,
              const DubanReport *report,
              const char        *format,
              const char        *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *period = duban_report_format_period (report);
  g_autofree char *scope = report->scope == DUBAN_SCOPE_COUNTY
    ? g_strdup ("county")
    : g_strdup_printf ("%s:%s", report->scope == DUBAN_SCOPE_TOWN ? "town" : "unit", report->scope_code);
  g_autofree char *detail = g_strdup_printf ("%s %s %s %s %s → %s", duban_report_kind_to_wire (report->kind),
                                             format, scope, period,
                                             report->document_number ? report->document_number : "—", path);

  DubanStore *store = self->session != NULL ? duban_session_get_store (self->session, &error) : NULL;

  if (store == NULL ||
      !duban_store_audit (store, "report-export", NULL, detail, &error))
    g_warning ("Could not record the export in the audit log: %s", error->message);
}

typedef enum {
  EXPORT_PDF,
  EXPORT_XLSX,
  EXPORT_CSV,
} ExportFormat;

static const char *export_extensions[] = { "pdf", "xlsx", "csv" };

static void
export_response_cb (GtkNativeDialog  *dialog,
                    int               response,
                    DubanReportsPage *self)
{
  ExportFormat format = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "format"));
  const DubanReport *report = duban_report_preview_get_report (self->preview);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;
  gboolean written = FALSE;

  if (response != GTK_RESPONSE_ACCEPT || report == NULL)
    goto out;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  path = g_file_get_path (file);
  if (path == NULL)
    {
      set_status (self, _("Choose a local file to export to."));
      goto out;
    }
  if (!g_str_has_suffix (path, export_extensions[format]))
    {
      char *with = g_strdup_printf ("%s.%s", path, export_extensions[format]);
      g_free (path);
      path = with;
    }

  if (!issue (self, report, &error))
    {
      message = g_strdup_printf (_("Cannot export: %s"), error->message);
      set_status (self, message);
      goto out;
    }

  /* the writers create the file owner-only (0600), atomically */
  switch (format)
    {
    case EXPORT_PDF: written = duban_report_write_pdf (report, path, &error); break;
    case EXPORT_XLSX: written = duban_report_write_xlsx (report, path, &error); break;
    case EXPORT_CSV: written = duban_report_write_csv (report, DUBAN_REPORT_CSV_NAMES, path, &error); break;
    default: g_assert_not_reached ();
    }

  if (written)
    {
      audit_export (self, report, export_extensions[format], path);
      message = g_strdup_printf (_("Exported to %s"), path);
    }
  else
    message = g_strdup_printf (_("Cannot export: %s"), error->message);
  set_status (self, message);

out:
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_clicked_cb (DubanReportsPage *self,
                   GtkButton        *button)
{
  const DubanReport *report = duban_report_preview_get_report (self->preview);
  ExportFormat format = button == self->xlsx_button ? EXPORT_XLSX : button == self->csv_button ? EXPORT_CSV : EXPORT_PDF;
  const char *titles[] = { N_("Export PDF"), N_("Export Excel"), N_("Export CSV") };
  g_autofree char *name = NULL;
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *pattern = NULL;

  if (report == NULL)
    return;

  dialog = gtk_file_chooser_native_new (_(titles[format]), parent_window (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  /* in the user's documents, named as a clerk files it: 考评通报-2026年11月.pdf */
  name = duban_report_file_name (report, export_extensions[format]);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  {
    const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
    g_autoptr(GFile) folder = g_file_new_for_path (documents != NULL ? documents : g_get_home_dir ());

    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL);
  }
  pattern = g_strdup_printf ("*.%s", export_extensions[format]);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_filter_set_name (filter, pattern);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_set_data (G_OBJECT (dialog), "format", GUINT_TO_POINTER (format));
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
print_clicked_cb (DubanReportsPage *self)
{
  const DubanReport *report = duban_report_preview_get_report (self->preview);
  g_autoptr(GError) error = NULL;
  gboolean printed = FALSE;

  if (report == NULL)
    return;

  if (!issue (self, report, &error) ||
      !duban_print_report (parent_window (self), report, &printed, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Cannot print: %s"), error->message);

      set_status (self, text);
      return;
    }
  if (printed)
    audit_export (self, report, "print", "printer");
}

static void
duban_reports_page_dispose (GObject *object)
{
  DubanReportsPage *self = DUBAN_REPORTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DUBAN_TYPE_REPORTS_PAGE);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (duban_reports_page_parent_class)->dispose (object);
}

static void
duban_reports_page_finalize (GObject *object)
{
  DubanReportsPage *self = DUBAN_REPORTS_PAGE (object);

  g_ptr_array_unref (self->scopes);

  G_OBJECT_CLASS (duban_reports_page_parent_class)->finalize (object);
}

static void
duban_reports_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DubanReportsPage *self = DUBAN_REPORTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
duban_reports_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  DubanReportsPage *self = DUBAN_REPORTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      duban_reports_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
duban_reports_page_class_init (DubanReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = duban_reports_page_dispose;
  object_class->finalize = duban_reports_page_finalize;
  object_class->get_property = duban_reports_page_get_property;
  object_class->set_property = duban_reports_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         DUBAN_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DUBAN_TYPE_REPORT_PREVIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/duban/Duban/duban-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DubanReportsPage, kind_row);
  gtk_widget_class_bind_template_child (widget_class, DubanReportsPage, period_row);
  gtk_widget_class_bind_template_child (widget_class, DubanReportsPage, from_row);
  gtk_widget_class_bind_template_child (widget_class, DubanReportsPage, to_row);
  gtk_widget_class_bind_template_child (widget_class, DubanReportsPage, scope_row);
  gtk_widget_class_bind_template_child (widget_class, DubanReportsPage, print_button);
  gtk_widget_class_bind_template_child (widget_class, DubanReportsPage, pdf_button);
  gtk_widget_class_bind_template_child (widget_class, DubanReportsPage, xlsx_button);
  gtk_widget_class_bind_template_child (widget_class, DubanReportsPage, csv_button);
  gtk_widget_class_bind_template_child (widget_class, DubanReportsPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, DubanReportsPage, previous_button);
  gtk_widget_class_bind_template_child (widget_class, DubanReportsPage, next_button);
  gtk_widget_class_bind_template_child (widget_class, DubanReportsPage, page_label);
  gtk_widget_class_bind_template_child (widget_class, DubanReportsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, DubanReportsPage, preview);
  gtk_widget_class_bind_template_callback (widget_class, settings_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, pages_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, previous_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, print_clicked_cb);
}

static void
duban_reports_page_init (DubanReportsPage *self)
{
  g_autoptr(GtkStringList) periods = gtk_string_list_new (NULL);

  self->scopes = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (mapped_cb), NULL);

  for (guint i = 0; i < DUBAN_PERIOD_N_PRESETS; i++)
    gtk_string_list_append (periods, duban_period_preset_to_display (i));
  g_signal_handlers_block_by_func (self->period_row, period_changed_cb, self);
  adw_combo_row_set_model (self->period_row, G_LIST_MODEL (periods));
  /* leaders read last month's bulletin */
  adw_combo_row_set_selected (self->period_row, DUBAN_PERIOD_LAST_MONTH);
  g_signal_handlers_unblock_by_func (self->period_row, period_changed_cb, self);

  rebuild_scopes (self);
  update_sensitivity (self);
  pages_changed_cb (self);
}

DubanSession *
duban_reports_page_get_session (DubanReportsPage *self)
{
  g_return_val_if_fail (DUBAN_IS_REPORTS_PAGE (self), NULL);

  return self->session;
}

void
duban_reports_page_set_session (DubanReportsPage *self,
                                DubanSession     *session)
{
  g_return_if_fail (DUBAN_IS_REPORTS_PAGE (self));
  g_return_if_fail (session == NULL || DUBAN_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_swapped (session, "reloaded", G_CALLBACK (session_reloaded_cb), self);
      session_reloaded_cb (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/* For tests: the report on screen, or NULL while none is built. */
const DubanReport *
duban_reports_page_get_report (DubanReportsPage *self)
{
  g_return_val_if_fail (DUBAN_IS_REPORTS_PAGE (self), NULL);

  return duban_report_preview_get_report (self->preview);
}

/* For tests: chooses the kind, a period and a scope as a person would. */
void
duban_reports_page_choose (DubanReportsPage  *self,
                           DubanReportKind    kind,
                           DubanDay           first,
                           DubanDay           last,
                           const char        *scope)
{
  g_autofree char *from = duban_day_format (first);
  g_autofree char *to = duban_day_format (last);

  g_return_if_fail (DUBAN_IS_REPORTS_PAGE (self));

  adw_combo_row_set_selected (self->kind_row, kind == DUBAN_REPORT_SUPERVISION ? 1 : 0);
  adw_combo_row_set_selected (self->period_row, DUBAN_PERIOD_CUSTOM);
  gtk_editable_set_text (GTK_EDITABLE (self->from_row), from);
  gtk_editable_set_text (GTK_EDITABLE (self->to_row), to);
  for (guint i = 0; scope != NULL && i < self->scopes->len; i++)
    if (g_str_equal (scope, g_ptr_array_index (self->scopes, i)))
      adw_combo_row_set_selected (self->scope_row, i);
}
