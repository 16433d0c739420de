/* duban-analysis-page.c — the analysis page: cards and charts of the figures
 *
 * The period's numbers come from the same report model as the bulletin
 * (duban_report_build(), hence duban_figures_compute()), built on a
 * worker thread; today's counts from the SLA engine at this moment.
 * Clicking a bar or a cell asks the window for the queue filtered to it
 * and to the same period, resolved tickets included
 * (win.show-queue-filtered). A period that runs past today stops at it,
 * and every figure says its period and the moment it is known at.
 */

#define G_LOG_DOMAIN "duban-analysis-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "duban-analysis-page.h"
#include "duban-chart.h"
#include "duban-period.h"
#include "duban-report.h"

struct _DubanAnalysisPage
{
  AdwBin        parent_instance;

  DubanSession *session;
  GCancellable *cancellable;
  guint         generation;
  DubanReport  *report;
  guint         today[3];       /* open, 预警, overdue */
  gboolean      stale;          /* asked for while not shown: refreshed when mapped */

  GtkSpinner   *spinner;
  GtkDropDown  *period_dropdown;
  GtkFlowBox   *today_box;
  GtkLabel     *period_label;
  GtkFlowBox   *rates_box;
  DubanChart   *trend_chart;
  DubanChart   *heat_chart;
  DubanChart   *units_chart;
  DubanChart   *categories_chart;
};

G_DEFINE_FINAL_TYPE (DubanAnalysisPage, duban_analysis_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  DubanDesk      *desk;       /* the session's: the calendar and the names */
  GPtrArray      *tickets;
  DubanSlaPolicy  policy;
  DubanDay        first;
  DubanDay        last;
  DubanTime       at;
  guint           generation;
  guint           today[3];
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->desk);
  g_clear_pointer (&job->tickets, g_ptr_array_unref);
  g_free (job);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  DubanCalendar *calendar = duban_desk_get_calendar (job->desk);
  g_autoptr(GError) error = NULL;
  DubanReportSources sources = { 0 };
  DubanReport *report;

  /* today: every ticket's state at this moment */
  for (guint i = 0; i < job->tickets->len; i++)
    {
      DubanSlaStatus status;

      duban_sla_evaluate (&job->policy, calendar, g_ptr_array_index (job->tickets, i), job->at, &status);
      if (!duban_state_is_open (status.state))
        continue;
      job->today[0]++;
      if (status.state == DUBAN_STATE_OPEN_WARNING)
        job->today[1]++;
      else if (status.state == DUBAN_STATE_OPEN_OVERDUE)
        job->today[2]++;
    }

  sources.tickets = job->tickets;
  sources.policy = &job->policy;
  sources.calendar = calendar;
  sources.name_lookup = duban_desk_dup_name_cb;
  sources.name_data = job->desk;
  report = duban_report_build (&sources, DUBAN_REPORT_BULLETIN, DUBAN_SCOPE_COUNTY, NULL,
                               job->first, job->last, job->at, &error);
  if (report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, report, (GDestroyNotify) duban_report_free);
}

static GtkWidget *
card_new (const char *value,
          const char *caption,
          const char *detail,
          gboolean    alarm)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *value_label = gtk_label_new (value);
  GtkWidget *caption_label = gtk_label_new (caption);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (value_label, "title-1");
  if (alarm)
    gtk_widget_add_css_class (value_label, "error");
  gtk_widget_add_css_class (caption_label, "heading");
  gtk_widget_set_margin_top (value_label, 12);
  gtk_widget_set_margin_start (value_label, 12);
  gtk_widget_set_margin_start (caption_label, 12);
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_xalign (GTK_LABEL (caption_label), 0);
  gtk_box_append (GTK_BOX (box), value_label);
  gtk_box_append (GTK_BOX (box), caption_label);
  if (detail != NULL)
    {
      GtkWidget *detail_label = gtk_label_new (detail);

      gtk_widget_add_css_class (detail_label, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (detail_label), 0);
      gtk_label_set_wrap (GTK_LABEL (detail_label), TRUE);
      gtk_widget_set_margin_start (detail_label, 12);
      gtk_widget_set_margin_end (detail_label, 12);
      gtk_box_append (GTK_BOX (box), detail_label);
    }
  gtk_widget_set_margin_bottom (gtk_widget_get_last_child (box), 12);
  return box;
}

static void
clear_flow_box (GtkFlowBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_flow_box_remove (box, child);
}

static void
add_rate_card (DubanAnalysisPage *self,
               const char        *caption,
               double             now,
               double             before,
               guint              numerator,
               guint              denominator,
               gboolean           has_target,
               const char        *period)
{
  g_autofree char *value = duban_report_format_rate (now);
  g_autofree char *change = duban_report_format_change (now, before);
  g_autofree char *counts = has_target
    ? g_strdup_printf (_("%u of %u · target 100%% · change %s"), numerator, denominator, change)
    : g_strdup_printf (_("%u of %u · change %s"), numerator, denominator, change);
  g_autofree char *detail = g_strdup_printf ("%s\n%s", counts, period);

  gtk_flow_box_append (self->rates_box,
                       card_new (value, caption, detail, has_target && !isnan (now) && numerator < denominator));
}

static void
show_report (DubanAnalysisPage *self)
{
  const DubanReport *r = self->report;
  const DubanFigures *now = r->current, *before = r->previous;
  g_autofree char *period = duban_period_describe_days (r->first, r->last, r->at);
  g_autofree char *previous = duban_period_describe_previous (r->first, r->last,
                                                              r->previous_first, r->previous_last);
  g_autofree char *moment = duban_time_format_civil (r->at);
  g_autofree char *today_detail = g_strdup_printf (_("Now, as of %s"), moment);
  /* Translators: the period of the figures below, and what their change is against */
  g_autofree char *heading = g_strdup_printf (_("The period: %s · change against %s"), period, previous);
  const char *series[] = { _("Received"), _("Resolved"), _("Late (deadline that day, not met)") };

  clear_flow_box (self->today_box);
  {
    /* the threshold is the center's policy, not a constant */
    double threshold = self->session != NULL ? duban_session_get_policy (self->session)->warning_fraction : 0.25;
    g_autofree char *warning = g_strdup_printf (_("Warning (%.0f%% or less of the time left)"), 100.0 * threshold);
    const char *captions[] = { _("Open"), warning, _("Overdue") };

    for (guint i = 0; i < 3; i++)
      {
        g_autofree char *value = g_strdup_printf ("%u", self->today[i]);

        gtk_flow_box_append (self->today_box, card_new (value, captions[i], today_detail, i == 2 && self->today[i] > 0));
      }
  }

  gtk_label_set_text (self->period_label, heading);
  clear_flow_box (self->rates_box);
  add_rate_card (self, _("On-time completion rate"), now->on_time_completion_rate,
                 before->on_time_completion_rate, now->on_time, now->due, TRUE, period);
  add_rate_card (self, _("On-time contact rate (urgent)"), now->on_time_contact_rate,
                 before->on_time_contact_rate, now->contacted_on_time, now->urgent_due, FALSE, period);
  add_rate_card (self, _("Satisfaction rate"), now->satisfaction_rate,
                 before->satisfaction_rate, now->satisfied, now->visited, FALSE, period);
  {
    g_autofree char *score = isnan (now->score) ? g_strdup (_("no data")) : g_strdup_printf ("%.1f", now->score);
    g_autofree char *completion = duban_report_format_rate (now->completion_rate);
    g_autofree char *counts = g_strdup_printf (_("%u received, %u resolved (%s)"), now->received,
                                               now->resolved, completion);
    g_autofree char *detail = g_strdup_printf ("%s\n%s", counts, period);

    gtk_flow_box_append (self->rates_box, card_new (score, _("Score"), detail, FALSE));
  }

  /* trend */
  {
    guint n = r->days->len;
    g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
    g_autofree double *values = g_new0 (double, 3 * MAX (n, 1));

    for (guint d = 0; d < n; d++)
      {
        const DubanReportDay *day = &g_array_index (r->days, DubanReportDay, d);

        g_ptr_array_add (labels, duban_day_format (day->day));
        values[d] = day->received;
        values[n + d] = day->resolved;
        values[2 * n + d] = day->overdue;
      }
    duban_chart_set_lines (self->trend_chart, n, (const char * const *) labels->pdata, 3, series, values);
  }

  duban_chart_set_heat (self->heat_chart, r->arrivals);

  /* units by score, best first, as the bulletin ranks them (样本不足 last) */
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint i = 0; i < r->units->len; i++)
      {
        const DubanFigures *f = g_ptr_array_index (r->units, i);
        g_autofree char *rate = duban_report_format_rate (f->on_time_completion_rate);

        if (isnan (f->score) || *f->key == '\0')
          continue;
        g_ptr_array_add (labels, f->name);
        g_ptr_array_add (keys, g_strdup_printf ("unit:%s", f->key));
        /* the ranked first; those with too few deadlines after, saying so */
        g_ptr_array_add (texts, duban_report_is_sample_short (f)
                                  ? g_strdup_printf ("%.1f · %s · %s", f->score, rate, _("Too few to rank"))
                                  : g_strdup_printf ("%.1f · %s", f->score, rate));
        g_array_append_val (values, f->score);
      }
    duban_chart_set_bars (self->units_chart, labels->len, (const char * const *) labels->pdata,
                          (const char * const *) keys->pdata, (double *) values->data,
                          (const char * const *) texts->pdata, 100);
  }

  /* categories, most received first */
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint i = 0; i < r->categories->len && labels->len < DUBAN_REPORT_TOP_N; i++)
      {
        const DubanReportCount *c = g_ptr_array_index (r->categories, i);
        double value = c->received;

        if (c->received == 0)
          break;
        g_ptr_array_add (labels, c->name);
        g_ptr_array_add (keys, g_strdup_printf ("category:%s", c->key));
        g_ptr_array_add (texts, g_strdup_printf ("%u (%+d)", c->received, (int) c->received - (int) c->previous));
        g_array_append_val (values, value);
      }
    duban_chart_set_bars (self->categories_chart, labels->len, (const char * const *) labels->pdata,
                          (const char * const *) keys->pdata, (double *) values->data,
                          (const char * const *) texts->pdata, 0);
  }
}

static void
build_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DubanAnalysisPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Job *job = g_task_get_task_data (G_TASK (result));
  DubanReport *report = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || job->generation != self->generation)
    {
      g_clear_pointer (&report, duban_report_free);
      return;
    }

  gtk_spinner_stop (self->spinner);
  if (report == NULL)
    {
      g_warning ("Cannot compute the analysis: %s", error->message);
      return;
    }

  g_clear_pointer (&self->report, duban_report_free);
  self->report = report;
  memcpy (self->today, job->today, sizeof self->today);
  show_report (self);
}

/* The period's tickets are in (or were already): the figures on a worker. */
static void refresh (DubanAnalysisPage *self);

typedef struct {
  DubanAnalysisPage *self;
  Job               *job;
} SpanWait;

static void
span_wait_free (SpanWait *wait)
{
  g_clear_object (&wait->self);
  g_clear_pointer (&wait->job, job_free);
  g_free (wait);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpanWait, span_wait_free)

static void
span_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SpanWait) wait = user_data;
  DubanAnalysisPage *self = wait->self;
  Job *job = wait->job;
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanDesk) desk = NULL;
  GTask *build;

  desk = duban_session_load_span_finish (DUBAN_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || job->generation != self->generation)
    return;
  if (desk == NULL)
    {
      gtk_spinner_stop (self->spinner);
      g_warning ("Cannot read the period's tickets: %s", error->message);
      return;
    }

  job->desk = g_object_ref (desk);
  job->tickets = g_ptr_array_ref (duban_desk_get_tickets (desk));
  build = g_task_new (NULL, self->cancellable, build_done_cb, g_object_ref (self));
  g_task_set_source_tag (build, refresh);
  g_task_set_task_data (build, g_steal_pointer (&wait->job), (GDestroyNotify) job_free);
  g_task_run_in_thread (build, build_thread);
  g_object_unref (build);
}

static void
refresh (DubanAnalysisPage *self)
{
  SpanWait *wait;
  DubanDay previous_first, previous_last;
  Job *job;

  if (self->session == NULL || duban_session_get_desk (self->session) == NULL)
    return;
  /* a page that is not shown reads nothing: it asks when it is mapped */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  self->stale = FALSE;

  job = g_new0 (Job, 1);
  job->policy = *duban_session_get_policy (self->session);
  job->at = duban_time_now ();
  job->generation = ++self->generation;
  /* "this month" is the month so far: no future days plotted as zeros */
  duban_period_preset_days_to_date (gtk_drop_down_get_selected (self->period_dropdown),
                                    duban_day_of_time (job->at), &job->first, &job->last);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  gtk_spinner_start (self->spinner);
  /* the tickets the period's figures and the previous period's can
   * count (the change is against it), and those open now (the cards):
   * the old view stays until the new one is in */
  duban_report_previous_period (job->first, job->last, &previous_first, &previous_last);
  wait = g_new0 (SpanWait, 1);
  wait->self = g_object_ref (self);
  wait->job = job;
  duban_session_load_span_async (self->session, duban_day_start (MIN (previous_first, job->first)),
                                 duban_day_start (job->last + 1), self->cancellable,
                                 span_loaded_cb, wait);
}

static void
mapped_cb (DubanAnalysisPage *self)
{
  if (self->stale)
    refresh (self);
}

static void
period_changed_cb (DubanAnalysisPage *self)
{
  refresh (self);
}

static void
chart_activated_cb (DubanAnalysisPage *self,
                    const char        *key)
{
  g_autofree char *spec = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  if (self->report == NULL)
    return;

  /* the tickets of the same period, resolved ones included: those a
   * unit's score counts, or those received for the arrivals and the
   * categories (the query's terms: docs/sla-rules.md) */
  first = duban_day_format (self->report->first);
  last = duban_day_format (self->report->last);
  spec = g_strdup_printf ("%s:%s..%s;%s", g_str_has_prefix (key, "unit:") ? "counted" : "period",
                          first, last, key);
  /* the queue's own action; with no queue yet, nothing happens */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-queue-filtered", "s", spec);
}

/* A unit's bar, secondary click: the unit's page (win.show-unit). */
static void
chart_context_activated_cb (DubanAnalysisPage *self,
                            const char        *key)
{
  if (g_str_has_prefix (key, "unit:") && key[strlen ("unit:")] != '\0')
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-unit", "s", key + strlen ("unit:"));
}

static void
duban_analysis_page_dispose (GObject *object)
{
  DubanAnalysisPage *self = DUBAN_ANALYSIS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DUBAN_TYPE_ANALYSIS_PAGE);
  g_clear_object (&self->session);
  g_clear_pointer (&self->report, duban_report_free);

  G_OBJECT_CLASS (duban_analysis_page_parent_class)->dispose (object);
}

static void
duban_analysis_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DubanAnalysisPage *self = DUBAN_ANALYSIS_PAGE (object);

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
duban_analysis_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  DubanAnalysisPage *self = DUBAN_ANALYSIS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      duban_analysis_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
duban_analysis_page_class_init (DubanAnalysisPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = duban_analysis_page_dispose;
  object_class->get_property = duban_analysis_page_get_property;
  object_class->set_property = duban_analysis_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         DUBAN_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DUBAN_TYPE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/duban/Duban/duban-analysis-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DubanAnalysisPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, DubanAnalysisPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DubanAnalysisPage, today_box);
  gtk_widget_class_bind_template_child (widget_class, DubanAnalysisPage, period_label);
  gtk_widget_class_bind_template_child (widget_class, DubanAnalysisPage, rates_box);
  gtk_widget_class_bind_template_child (widget_class, DubanAnalysisPage, trend_chart);
  gtk_widget_class_bind_template_child (widget_class, DubanAnalysisPage, heat_chart);
  gtk_widget_class_bind_template_child (widget_class, DubanAnalysisPage, units_chart);
  gtk_widget_class_bind_template_child (widget_class, DubanAnalysisPage, categories_chart);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, chart_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, chart_context_activated_cb);
}

static void
duban_analysis_page_init (DubanAnalysisPage *self)
{
  g_autoptr(GtkStringList) periods = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (mapped_cb), NULL);

  /* every preset but the custom one: the analysis follows the calendar */
  for (guint i = 0; i < DUBAN_PERIOD_CUSTOM; i++)
    gtk_string_list_append (periods, duban_period_preset_to_display (i));
  g_signal_handlers_block_by_func (self->period_dropdown, period_changed_cb, self);
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (periods));
  gtk_drop_down_set_selected (self->period_dropdown, DUBAN_PERIOD_THIS_MONTH);
  g_signal_handlers_unblock_by_func (self->period_dropdown, period_changed_cb, self);
}

DubanSession *
duban_analysis_page_get_session (DubanAnalysisPage *self)
{
  g_return_val_if_fail (DUBAN_IS_ANALYSIS_PAGE (self), NULL);

  return self->session;
}

void
duban_analysis_page_set_session (DubanAnalysisPage *self,
                                 DubanSession      *session)
{
  g_return_if_fail (DUBAN_IS_ANALYSIS_PAGE (self));
  g_return_if_fail (session == NULL || DUBAN_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_swapped (session, "reloaded", G_CALLBACK (refresh), self);
      refresh (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

const DubanReport *
duban_analysis_page_get_report (DubanAnalysisPage *self)
{
  g_return_val_if_fail (DUBAN_IS_ANALYSIS_PAGE (self), NULL);

  return self->report;
}
