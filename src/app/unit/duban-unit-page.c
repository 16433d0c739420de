/* duban-unit-page.c — a page per unit (单位画像), for a unit meeting
 *
 * One window a supervisor takes into a meeting with a unit: its rates
 * against target month by month and its rank, its open and late tickets,
 * the orders it was given from every workstation and how it replied, its
 * repeat complaints, and how many matters its tickets are once the repeat
 * groups a supervisor confirmed count once; exportable as PDF and Excel.
 * The content is core's (reports/duban-unit-report.c), so the window, the
 * PDF and the workbook say the same; an export is written to the audit
 * log like every other. It is read from the store on a worker, only what
 * the page needs (duban_unit_report_build_from_store): a spinner the
 * first time, and after each reload the old content until the new is in.
 */
#define G_LOG_DOMAIN "duban-unit-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "duban-audit.h"
#include "duban-desk.h"
#include "duban-orders.h"
#include "duban-repeat-decisions.h"
#include "duban-store-unit.h"
#include "duban-unit-page.h"

struct _DubanUnitPage
{
  AdwWindow        parent_instance;

  DubanSession    *session;
  char            *unit_code;
  DubanUnitReport *report;        /* NULL until the first read is in */
  GCancellable    *cancellable;   /* the read under way */
  gulong           reloaded_id;

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkBox          *content;
  GtkButton       *pdf_button;
  GtkButton       *xlsx_button;
};

G_DEFINE_FINAL_TYPE (DubanUnitPage, duban_unit_page, ADW_TYPE_WINDOW)

/* ---- the content ------------------------------------------------------------ */

static GtkWidget *
section (DubanUnitPage *self,
         const char    *title,
         const char    *summary)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (summary != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), summary);
  gtk_box_append (self->content, group);
  return group;
}

static GtkWidget *
row (GtkWidget  *group,
     const char *title,
     const char *subtitle,
     const char *suffix,
     const char *suffix_class)
{
  GtkWidget *r = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (r), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (r), subtitle);
  if (suffix != NULL)
    {
      GtkWidget *label = gtk_label_new (suffix);

      gtk_widget_add_css_class (label, "numeric");
      if (suffix_class != NULL)
        gtk_widget_add_css_class (label, suffix_class);
      adw_action_row_add_suffix (ADW_ACTION_ROW (r), label);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), r);
  return r;
}

static void
fill_trend (DubanUnitPage *self)
{
  const DubanUnitReport *report = self->report;
  g_autofree char *matters = duban_unit_report_describe_matters (report);
  g_autofree char *summary = g_strdup_printf ("%s\n%s", matters, duban_unit_report_matters_note ());
  GtkWidget *group = section (self, _("Rates against target, month by month (target 100%)"), summary);

  for (guint i = 0; i < report->months->len; i++)
    {
      const DubanUnitMonth *month = g_ptr_array_index (report->months, i);
      int y, m, d;
      g_autofree char *name = NULL;
      g_autofree char *on_time = NULL;
      g_autofree char *contact = NULL;
      g_autofree char *satisfaction = NULL;
      g_autofree char *line = NULL;
      g_autofree char *rank = NULL;
      const DubanFigures *f = month->figures;

      duban_day_to_ymd (month->first, &y, &m, &d);
      name = i + 1 == report->months->len ? g_strdup_printf (_("%04d-%02d (to date)"), y, m)
                                          : g_strdup_printf ("%04d-%02d", y, m);
      on_time = duban_report_format_rate (f != NULL ? f->on_time_completion_rate : NAN);
      contact = duban_report_format_rate (f != NULL ? f->on_time_contact_rate : NAN);
      satisfaction = duban_report_format_rate (f != NULL ? f->satisfaction_rate : NAN);
      /* Translators: one month of a unit's rates */
      line = g_strdup_printf (_("On-time completion %s, on-time contact %s, satisfaction %s"),
                              on_time, contact, satisfaction);
      {
        /* Translators: a month of a unit's page, after its rates */
        g_autofree char *count = g_strdup_printf (_("%u tickets, %u matters"), month->received, month->matters);
        char *both = g_strconcat (line, "\n", count, NULL);

        g_free (line);
        line = both;
      }
      rank = month->rank > 0 ? g_strdup_printf (_("Rank %u of %u"), month->rank, month->peers)
                             : g_strdup (_("Not ranked"));
      row (group, name, line, rank,
           f != NULL && !isnan (f->on_time_completion_rate) && f->on_time_completion_rate < 1.0 ? "warning" : NULL);
    }
}

static void
fill_open (DubanUnitPage *self)
{
  const DubanUnitReport *report = self->report;
  g_autofree char *summary = g_strdup_printf (_("Open tickets: %u, of them overdue: %u"),
                                              report->open->len, report->late);
  GtkWidget *group = section (self, _("Open and late tickets"), summary);

  for (guint i = 0; i < report->open->len; i++)
    {
      const DubanUnitTicket *t = g_ptr_array_index (report->open, i);
      g_autofree char *clock = duban_sla_describe_clock (&t->status);
      g_autofree char *title = g_strdup_printf ("%s  %s", t->ticket_id, t->title != NULL ? t->title : "");
      DubanGlance glance = duban_sla_glance (&t->status);

      row (group, title, duban_glance_to_display (glance), clock,
           glance == DUBAN_GLANCE_OVERDUE || glance == DUBAN_GLANCE_NOT_CONTACTED ? "error"
           : glance == DUBAN_GLANCE_WARNING ? "warning" : NULL);
    }
}

static void
fill_orders (DubanUnitPage *self)
{
  const DubanUnitReport *report = self->report;
  g_autofree char *summary = g_strdup_printf (_("Orders: %u; replied in time %u, awaiting a reply %u, reply overdue %u"),
                                              report->orders->len, report->replies[DUBAN_REPLY_REPLIED],
                                              report->replies[DUBAN_REPLY_DUE], report->replies[DUBAN_REPLY_OVERDUE]);
  GtkWidget *group = section (self, _("Supervision orders and replies"), summary);

  for (guint i = 0; i < report->orders->len; i++)
    {
      const DubanUnitOrder *o = g_ptr_array_index (report->orders, i);
      g_autofree char *issued = duban_time_format_civil (o->order->issued_at);
      g_autofree char *title = g_strdup_printf ("%s  %s  %s", duban_order_level_to_display (o->order->level),
                                                o->ticket_id, o->title != NULL ? o->title : "");
      g_autofree char *subtitle = NULL;

      /* Translators: who issued an order and when, then the unit's reply */
      subtitle = g_strdup_printf (_("%s, %s. %s"), o->order->issued_by != NULL ? o->order->issued_by : "—", issued,
                                  o->order->reply != NULL ? o->order->reply : "");
      row (group, title, g_strstrip (subtitle), duban_reply_state_to_display (o->reply),
           o->reply == DUBAN_REPLY_OVERDUE ? "error" : NULL);
    }
}

static void
fill_repeats (DubanUnitPage *self)
{
  const DubanUnitReport *report = self->report;
  g_autofree char *groups = duban_unit_report_describe_groups (report);
  g_autofree char *repeats = report->repeats->len > 0 ? duban_unit_report_describe_repeats (report)
                                                      : g_strdup (_("None linked by the platform"));
  g_autofree char *summary = g_strdup_printf ("%s\n%s", groups, repeats);
  GtkWidget *group = section (self, _("Repeat complaints"), summary);

  /* the confirmed groups first, each one matter */
  for (guint i = 0; i < report->groups->len; i++)
    {
      const DubanUnitMatter *m = g_ptr_array_index (report->groups, i);
      g_autofree char *ids = duban_unit_matter_format_ids (m);
      g_autofree char *title = g_strdup_printf ("%s  %s", m->ticket_ids[0], m->title != NULL ? m->title : "");
      /* Translators: a confirmed repeat group on a unit's page: its category, the unit's tickets, the group's */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %u of this unit's tickets, %u in the group"),
                                                   m->category != NULL ? m->category : "",
                                                   g_strv_length (m->ticket_ids), m->n_group);
      GtkWidget *r;

      if (m->resurgent_id != NULL)
        {
          char *back = g_strdup_printf (_("%s — came back: %s was received after the matter was reported resolved"),
                                        subtitle, m->resurgent_id);

          g_free (subtitle);
          subtitle = back;
        }
      if (m->ticket_ids[1] != NULL)
        {
          g_autofree char *line = g_strdup_printf (C_("unit page", "Tickets: %s"), ids);
          char *with = g_strconcat (subtitle, "\n", line, NULL);

          g_free (subtitle);
          subtitle = with;
        }
      r = row (group, title, subtitle, m->resurgent_id != NULL ? _("Came back") : _("Confirmed as one matter"),
               m->resurgent_id != NULL ? "error" : NULL);
      gtk_widget_set_name (r, "unit-matter");
    }

  for (guint i = 0; i < report->repeats->len; i++)
    {
      const DubanUnitRepeat *r = g_ptr_array_index (report->repeats, i);
      g_autofree char *title = g_strdup_printf ("%s  %s", r->ticket_id, r->title != NULL ? r->title : "");
      g_autofree char *subtitle = g_strdup_printf (_("%s, again after %s"), r->category, r->repeat_of);

      row (group, title, subtitle, NULL, NULL);
    }
}

/* ---- export ------------------------------------------------------------------ */

gboolean
duban_unit_page_export (DubanUnitPage  *self,
                        const char     *path,
                        GError        **error)
{
  g_autofree char *detail = NULL;
  DubanStore *store;
  gboolean written;

  g_return_val_if_fail (DUBAN_IS_UNIT_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->report == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING, _("The unit's tickets are still being read"));
      return FALSE;
    }
  if (g_str_has_suffix (path, ".xlsx"))
    written = duban_unit_report_write_xlsx (self->report, path, error);
  else
    written = duban_unit_report_write_pdf (self->report, path, error);
  if (!written)
    return FALSE;

  /* a unit's page leaves the office: logged as every export is */
  detail = g_strdup_printf ("unit %s %s", self->report->unit_code, path);
  return (store = duban_session_get_store (self->session, error)) != NULL &&
         duban_store_audit (store, DUBAN_AUDIT_EXPORT, NULL, detail, error);
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    DubanUnitPage   *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;
  const char *extension = g_object_get_data (G_OBJECT (dialog), "extension");

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) &&
      (path = g_file_get_path (file)))
    {
      if (!g_str_has_suffix (path, extension))
        {
          char *with = g_strconcat (path, extension, NULL);

          g_free (path);
          path = with;
        }
      message = duban_unit_page_export (self, path, &error)
                ? g_strdup_printf (_("Exported to %s"), path)
                : g_strdup_printf (_("Cannot export: %s"), error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_clicked_cb (DubanUnitPage *self,
                   GtkButton     *button)
{
  gboolean xlsx = button == self->xlsx_button;
  const char *extension = xlsx ? ".xlsx" : ".pdf";
  g_autofree char *title = duban_unit_report_title (self->report);
  g_autofree char *name = g_strconcat (title, extension, NULL);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (xlsx ? _("Export Excel") : _("Export PDF"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_object_set_data (G_OBJECT (dialog), "extension", (gpointer) extension);
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- the object ---------------------------------------------------------------- */

static void
duban_unit_page_dispose (GObject *object)
{
  DubanUnitPage *self = DUBAN_UNIT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_signal_handler (&self->reloaded_id, self->session);
  g_clear_object (&self->session);
  g_clear_pointer (&self->unit_code, g_free);
  g_clear_pointer (&self->report, duban_unit_report_free);

  G_OBJECT_CLASS (duban_unit_page_parent_class)->dispose (object);
}

static void
duban_unit_page_class_init (DubanUnitPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = duban_unit_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/duban/Duban/duban-unit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DubanUnitPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DubanUnitPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, DubanUnitPage, content);
  gtk_widget_class_bind_template_child (widget_class, DubanUnitPage, pdf_button);
  gtk_widget_class_bind_template_child (widget_class, DubanUnitPage, xlsx_button);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
duban_unit_page_init (DubanUnitPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ---- reading ------------------------------------------------------------------ */

typedef struct {
  char          *store_path;
  char          *unit_code;
  DubanSlaPolicy policy;
  DubanTime      at;
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  g_free (job->store_path);
  g_free (job->unit_code);
  g_free (job);
}

/* On a worker, with a connection of its own: the calendar, the names,
 * this desk's orders and the repeat decisions as they are now (a group
 * confirmed on the 研判 page a moment ago counts), then the page. */
static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadJob *job = task_data;
  g_autoptr(DubanDesk) desk = NULL;
  g_autoptr(GError) error = NULL;
  DubanUnitReport *report = NULL;

  desk = duban_desk_load (job->store_path, DUBAN_DESK_OPEN_EXISTING,
                          DUBAN_DESK_ORDERS | DUBAN_DESK_REPEAT_DECISIONS, job->at, cancellable, &error);
  if (desk != NULL)
    report = duban_unit_report_build_from_store (duban_desk_get_store (desk), &job->policy,
                                                 duban_desk_get_calendar (desk), duban_desk_get_orders (desk),
                                                 duban_desk_get_repeat_decisions (desk), job->unit_code,
                                                 duban_desk_dup_name_cb, desk, job->at, cancellable, &error);
  if (report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, report, (GDestroyNotify) duban_unit_report_free);
}

static void
show_spinner (DubanUnitPage *self)
{
  GtkWidget *spinner = gtk_spinner_new ();

  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_vexpand (spinner, TRUE);
  gtk_widget_set_name (spinner, "unit-page-spinner");
  gtk_box_append (self->content, spinner);
}

static void
clear_content (DubanUnitPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content))) != NULL)
    gtk_box_remove (self->content, child);
}

static void
show_report (DubanUnitPage *self)
{
  g_autofree char *title = duban_unit_report_title (self->report);
  g_autofree char *at = duban_time_format_civil (self->report->at);
  g_autofree char *subtitle = g_strdup_printf (_("As of %s"), at);

  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);

  clear_content (self);
  fill_trend (self);
  fill_open (self);
  fill_orders (self);
  fill_repeats (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pdf_button), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->xlsx_button), TRUE);
}

static void
read_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DubanUnitPage) self = user_data;
  g_autoptr(GError) error = NULL;
  DubanUnitReport *report = g_task_propagate_pointer (G_TASK (result), &error);

  /* a newer read took its place, or the window is gone */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    {
      g_clear_pointer (&report, duban_unit_report_free);
      return;
    }
  g_clear_object (&self->cancellable);

  if (report == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot read the unit's tickets: %s"), error->message);

      /* the old content stays; the first time, the spinner gives way */
      if (self->report == NULL)
        {
          clear_content (self);
          gtk_box_append (self->content, gtk_label_new (message));
        }
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      return;
    }
  g_clear_pointer (&self->report, duban_unit_report_free);
  self->report = report;
  show_report (self);
}

/* Reads the page again; what is shown stays until the new is in. */
static void
start_read (DubanUnitPage *self)
{
  g_autoptr(GTask) task = NULL;
  ReadJob *job = g_new0 (ReadJob, 1);

  job->store_path = g_strdup (duban_session_get_store_path (self->session));
  job->unit_code = g_strdup (self->unit_code);
  job->policy = *duban_session_get_policy (self->session);
  job->at = duban_time_now ();

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, read_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_read);
  g_task_set_task_data (task, job, (GDestroyNotify) read_job_free);
  g_task_run_in_thread (task, read_thread);
}

static void
reloaded_cb (DubanUnitPage *self)
{
  start_read (self);
}

DubanUnitPage *
duban_unit_page_new (DubanSession  *session,
                     const char    *unit_code,
                     GError       **error)
{
  DubanUnitPage *self;
  DubanStore *store;
  gboolean known = FALSE;

  g_return_val_if_fail (DUBAN_IS_SESSION (session), NULL);
  g_return_val_if_fail (unit_code != NULL, NULL);

  /* an index probe on the main thread's connection, so that a unit no
   * ticket was ever given to opens no window */
  if (!(store = duban_session_get_store (session, error)) ||
      !duban_store_has_unit_tickets (store, unit_code, &known, error))
    return NULL;
  if (!known)
    {
      g_set_error (error, DUBAN_REPORT_ERROR, DUBAN_REPORT_ERROR_INVALID,
                   _("No ticket was ever given to the unit %s"), unit_code);
      return NULL;
    }

  /* like gtk_window_new(): GTK holds the window until it is destroyed */
  self = g_object_new (DUBAN_TYPE_UNIT_PAGE, NULL);
  self->session = g_object_ref (session);
  self->unit_code = g_strdup (unit_code);
  {
    /* the unit's name while its tickets are read, as the desk knows it */
    DubanDesk *desk = duban_session_get_desk (session);
    const char *name = desk != NULL ? duban_desk_lookup_name (desk, unit_code) : NULL;

    adw_window_title_set_title (self->window_title, name != NULL ? name : unit_code);
  }
  gtk_widget_set_sensitive (GTK_WIDGET (self->pdf_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->xlsx_button), FALSE);
  show_spinner (self);
  self->reloaded_id = g_signal_connect_swapped (session, "reloaded", G_CALLBACK (reloaded_cb), self);
  start_read (self);

  return self;
}

gboolean
duban_unit_page_get_loading (DubanUnitPage *self)
{
  g_return_val_if_fail (DUBAN_IS_UNIT_PAGE (self), FALSE);

  return self->cancellable != NULL;
}

const DubanUnitReport *
duban_unit_page_get_report (DubanUnitPage *self)
{
  g_return_val_if_fail (DUBAN_IS_UNIT_PAGE (self), NULL);

  return self->report;
}
