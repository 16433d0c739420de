/* duban-unit-page.c — a page per unit (单位画像), for a unit meeting
 *
 * One window a supervisor takes into a meeting with a unit: its rates
 * against target month by month and its rank, its open and late tickets,
 * the orders it was given from every workstation and how it replied, its
 * repeat complaints, and how many matters its tickets are once the repeat
 * groups a supervisor confirmed count once; exportable as PDF and Excel.
 * The content is core's (reports/duban-unit-report.c), so the window, the
 * PDF and the workbook say the same; an export is written to the audit
 * log like every other.
 */
#define G_LOG_DOMAIN "duban-unit-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "duban-audit.h"
#include "duban-orders.h"
#include "duban-unit-page.h"

struct _DubanUnitPage
{
  AdwWindow        parent_instance;

  DubanSession    *session;
  DubanUnitReport *report;

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

  g_clear_object (&self->session);
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

DubanUnitPage *
duban_unit_page_new (DubanSession  *session,
                     DubanDesk     *desk,
                     const char    *unit_code,
                     GError       **error)
{
  DubanUnitPage *self;
  g_autoptr(GPtrArray) local = NULL;
  g_autoptr(GPtrArray) decisions = NULL;
  g_autofree char *title = NULL;
  g_autofree char *at = NULL;
  g_autofree char *subtitle = NULL;
  DubanStore *store;

  g_return_val_if_fail (DUBAN_IS_SESSION (session), NULL);
  g_return_val_if_fail (desk == NULL || DUBAN_IS_DESK (desk), NULL);
  g_return_val_if_fail (unit_code != NULL, NULL);

  if (desk == NULL || duban_desk_get_tickets (desk) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("The tickets are not loaded yet"));
      return NULL;
    }
  if ((store = duban_session_get_store (session, NULL)) != NULL)
    {
      local = duban_orders_list (store, NULL, NULL);
      /* read afresh, as the 研判 page reads them: a group confirmed there
       * a moment ago counts here */
      decisions = duban_repeat_decisions_list (store, NULL);
    }

  /* like gtk_window_new(): GTK holds the window until it is destroyed */
  self = g_object_new (DUBAN_TYPE_UNIT_PAGE, NULL);
  self->session = g_object_ref (session);
  self->report = duban_unit_report_build (duban_desk_get_tickets (desk), duban_desk_get_statuses (desk),
                                          duban_session_get_policy (session), duban_session_get_calendar (session),
                                          local, decisions, unit_code, duban_desk_dup_name_cb, desk,
                                          duban_time_now (), error);
  if (self->report == NULL)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }

  title = duban_unit_report_title (self->report);
  at = duban_time_format_civil (self->report->at);
  subtitle = g_strdup_printf (_("As of %s"), at);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);

  fill_trend (self);
  fill_open (self);
  fill_orders (self);
  fill_repeats (self);

  return self;
}

const DubanUnitReport *
duban_unit_page_get_report (DubanUnitPage *self)
{
  g_return_val_if_fail (DUBAN_IS_UNIT_PAGE (self), NULL);

  return self->report;
}
