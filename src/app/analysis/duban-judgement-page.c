/* duban-judgement-page.c — the 研判 page: problems before they grow
 *
 * What analysis/duban-judgement.c finds for a rolling window of days — the
 * hotspots on a map and as a list, the proposed repeat groups a
 * supervisor confirms or rejects, the open tickets likeliest to end late,
 * the candidate themes for 每月一题 — worked out on a worker thread from
 * the session's tickets, as the bulletin's 研判 section is. Every row
 * opens the queue filtered to its tickets (win.show-queue-filtered with
 * "ids:…"). It sits in the analysis room beside the figures' page: both
 * read the period's tickets and send the supervisor to the queue; only
 * the questions differ.
 */

#define G_LOG_DOMAIN "duban-judgement-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "duban-judgement-page.h"
#include "duban-map-painter.h"

struct _DubanJudgementPage
{
  AdwBin          parent_instance;

  DubanSession   *session;
  GCancellable   *cancellable;
  guint           generation;
  DubanJudgement *judgement;
  DubanRegions   *regions;
  int             selected_area;   /* region index outlined on the map, or -1 */
  gboolean        stale;           /* asked for while not shown: refreshed when mapped */

  GtkSpinner     *spinner;
  GtkDropDown    *window_dropdown;
  GtkDropDown    *level_dropdown;
  GtkLabel       *summary_label;
  GtkDrawingArea *map_area;
  GtkListBox     *hotspot_list;
  GtkListBox     *repeat_list;
  GtkListBox     *late_list;
  GtkListBox     *theme_list;
};

G_DEFINE_FINAL_TYPE (DubanJudgementPage, duban_judgement_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_JUDGEMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The windows offered, in days up to today: a week finds a burst, three
 * months a slower rise. */
static const guint window_days[] = { 7, 30, 90 };
static const DubanAreaLevel levels[] = { DUBAN_AREA_VILLAGE, DUBAN_AREA_GRID, DUBAN_AREA_TOWN };

typedef struct {
  char           *store_path;
  DubanDesk      *desk;           /* the worker's: its own connection, the regions */
  GPtrArray      *decisions;
  DubanSlaPolicy  policy;
  DubanAreaLevel  level;
  DubanDay        first;
  DubanDay        last;
  DubanTime       at;
  guint           generation;
} Job;

static void
job_free (Job *job)
{
  g_free (job->store_path);
  g_clear_object (&job->desk);
  g_clear_pointer (&job->decisions, g_ptr_array_unref);
  g_free (job);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  DubanJudgement *judgement;

  /* every stored ticket, one at a time on this worker's own connection:
   * the late risk learns from each unit's whole history (docs/sla-rules.md,
   * "研判"), and only what the page names is kept — not the two million
   * tickets a desk of every ticket would hold */
  if (!(job->desk = duban_desk_load (job->store_path, DUBAN_DESK_OPEN_EXISTING, DUBAN_DESK_REGIONS,
                                     job->at, cancellable, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  judgement = duban_judgement_read (duban_desk_get_store (job->desk), duban_desk_get_regions (job->desk),
                                    job->decisions, &job->policy, duban_desk_get_calendar (job->desk),
                                    job->level, job->first, job->last, job->at,
                                    duban_desk_dup_name_cb, job->desk, &error);
  if (judgement == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, judgement, (GDestroyNotify) duban_judgement_free);
}

/* ---- the rows --------------------------------------------------------------- */

static char *
ids_spec (GPtrArray *ids)
{
  GString *spec = g_string_new ("ids:");

  for (guint i = 0; i < ids->len; i++)
    {
      if (i > 0)
        g_string_append_c (spec, ',');
      g_string_append (spec, g_ptr_array_index (ids, i));
    }
  return g_string_free (spec, FALSE);
}

/* A row that opens the queue filtered to @spec when activated. */
static GtkWidget *
item_row_new (const char *title,
              const char *subtitle,
              const char *spec)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Show these tickets in the queue"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data_full (G_OBJECT (row), "duban-spec", g_strdup (spec), g_free);
  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
set_placeholder (GtkListBox *list,
                 const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_list_box_set_placeholder (list, label);
}

static void refresh (DubanJudgementPage *self);

static void
decide (DubanJudgementPage      *self,
        GtkWidget               *button,
        DubanRepeatDecisionKind  kind)
{
  const DubanJudgementGroup *item = g_object_get_data (G_OBJECT (button), "duban-group");
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  DubanStore *store;
  GtkRoot *root;

  g_assert (item != NULL);

  for (guint i = 0; i < item->group->tickets->len; i++)
    g_ptr_array_add (ids, ((DubanTicket *) g_ptr_array_index (item->group->tickets, i))->id);

  if ((store = duban_session_get_store (self->session, &error)) == NULL ||
      !duban_repeat_decision_set (store, (const char * const *) ids->pdata, ids->len, kind, &error))
    {
      root = gtk_widget_get_root (GTK_WIDGET (self));
      if (GTK_IS_WINDOW (root))
        {
          GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (root), _("The decision was not saved"),
                                                      error->message);

          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
      g_warning ("Cannot save the repeat decision: %s", error->message);
      return;
    }

  /* the audit log of each ticket shows the decision */
  duban_session_records_changed (self->session);
  refresh (self);
}

static void
confirm_clicked_cb (GtkButton          *button,
                    DubanJudgementPage *self)
{
  decide (self, GTK_WIDGET (button), DUBAN_REPEAT_CONFIRMED);
}

static void
reject_clicked_cb (GtkButton          *button,
                   DubanJudgementPage *self)
{
  decide (self, GTK_WIDGET (button), DUBAN_REPEAT_REJECTED);
}

static GtkWidget *
decision_button_new (DubanJudgementPage        *self,
                     const DubanJudgementGroup *item,
                     const char                *label,
                     const char                *tooltip,
                     GCallback                  callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  g_object_set_data (G_OBJECT (button), "duban-group", (gpointer) item);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static void
show_hotspots (DubanJudgementPage *self)
{
  const DubanJudgement *j = self->judgement;

  clear_list (self->hotspot_list);
  for (guint i = 0; i < j->hotspots->len; i++)
    {
      const DubanJudgementHotspot *item = g_ptr_array_index (j->hotspots, i);
      const DubanHotspot *h = item->hotspot;
      g_autofree char *title = g_strdup_printf ("%s · %s", h->name, h->category);
      /* the test counts matters: a confirmed group in the cell is one,
       * while the queue it opens shows every ticket of it */
      g_autofree char *subtitle =
        item->ticket_ids->len != h->count
          ? g_strdup_printf (_("%u matters (%u tickets) against %.1f expected · p = %.2g · q = %.2g"),
                             h->count, item->ticket_ids->len, h->expected, h->p_value, h->q_value)
          : g_strdup_printf (_("%u tickets against %.1f expected · p = %.2g · q = %.2g"),
                             h->count, h->expected, h->p_value, h->q_value);
      g_autofree char *spec = ids_spec (item->ticket_ids);
      GtkWidget *row = item_row_new (title, subtitle, spec);

      g_object_set_data_full (G_OBJECT (row), "duban-area", g_strdup (h->area), g_free);
      gtk_list_box_append (self->hotspot_list, row);
    }
}

static void
show_repeats (DubanJudgementPage *self)
{
  const DubanJudgement *j = self->judgement;

  clear_list (self->repeat_list);
  for (guint i = 0; i < j->groups->len; i++)
    {
      const DubanJudgementGroup *item = g_ptr_array_index (j->groups, i);
      const DubanRepeatGroup *group = item->group;
      const DubanTicket *first = g_ptr_array_index (group->tickets, 0);
      g_autoptr(GPtrArray) ids = g_ptr_array_new ();
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *spec = NULL;
      GtkWidget *row;

      for (guint t = 0; t < group->tickets->len; t++)
        g_ptr_array_add (ids, ((DubanTicket *) g_ptr_array_index (group->tickets, t))->id);
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u ticket · %s", "%s · %u tickets · %s",
                                            group->tickets->len),
                               group->category, group->tickets->len,
                               first->title != NULL ? first->title : first->id);
      if (item->resurgent != NULL)
        subtitle = g_strdup_printf (_("%s — came back: %s was received after the matter was reported resolved"),
                                    group->reason, item->resurgent->id);
      else
        subtitle = g_strdup (group->reason);
      spec = ids_spec (ids);
      row = item_row_new (title, subtitle, spec);

      if (item->resurgent != NULL)
        {
          GtkWidget *flag = gtk_label_new (_("Came back"));

          gtk_widget_add_css_class (flag, "error");
          gtk_widget_add_css_class (flag, "heading");
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), flag);
        }
      if (item->decision == DUBAN_REPEAT_CONFIRMED)
        {
          GtkWidget *label = gtk_label_new (_("Confirmed as one matter"));

          gtk_widget_add_css_class (label, "success");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     decision_button_new (self, item, _("_Reject"),
                                                          _("These are separate matters after all"),
                                                          G_CALLBACK (reject_clicked_cb)));
        }
      else
        {
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     decision_button_new (self, item, _("_Confirm"),
                                                          _("These tickets are one matter: count them once"),
                                                          G_CALLBACK (confirm_clicked_cb)));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     decision_button_new (self, item, _("_Reject"),
                                                          _("These are separate matters: stop proposing them"),
                                                          G_CALLBACK (reject_clicked_cb)));
        }
      gtk_list_box_append (self->repeat_list, row);
    }
}

static void
show_late (DubanJudgementPage *self)
{
  const DubanJudgement *j = self->judgement;

  clear_list (self->late_list);
  for (guint i = 0; i < j->late->len; i++)
    {
      const DubanLateRisk *risk = g_ptr_array_index (j->late, i);
      const DubanTicket *ticket = risk->ticket;
      g_autofree char *share = risk->has_basis ? g_strdup_printf ("%.0f%%", 100.0 * risk->p_late)
                                               : g_strdup ("—");   /* 样本不足: the basis says so */
      /* Translators: the chance of ending late ("72%", or "—" when there is
       * too little history), the ticket's id, its title */
      g_autofree char *title = g_strdup_printf (_("%s · %s · %s"), share, ticket->id,
                                                ticket->title != NULL ? ticket->title : "");
      g_autofree char *spec = g_strdup_printf ("ids:%s", ticket->id);

      /* the basis names the unit, the category and the urgency */
      gtk_list_box_append (self->late_list, item_row_new (title, risk->basis, spec));
    }
}

static void
show_themes (DubanJudgementPage *self)
{
  const DubanJudgement *j = self->judgement;

  clear_list (self->theme_list);
  for (guint i = 0; i < j->themes->len; i++)
    {
      const DubanJudgementTheme *item = g_ptr_array_index (j->themes, i);
      const DubanTheme *t = item->theme;
      g_autofree char *title = g_strdup_printf ("%s · %s", t->name, t->category);
      g_autofree char *subtitle = g_strdup_printf (_("%u tickets in %u of the last %u months, %.1f times what the county's mix predicts (%.1f) · p = %.2g"),
                                                   t->count, t->months, t->n_months,
                                                   t->expected > 0 ? t->count / t->expected : 0.0,
                                                   t->expected, t->p_value);
      g_autofree char *spec = ids_spec (item->ticket_ids);

      gtk_list_box_append (self->theme_list, item_row_new (title, subtitle, spec));
    }
}

static void
show_judgement (DubanJudgementPage *self)
{
  const DubanJudgement *j = self->judgement;
  g_autofree char *first = duban_day_format (j->first);
  g_autofree char *last = duban_day_format (j->last);
  g_autofree char *summary = NULL;

  summary = g_strdup_printf (_("From %s to %s: %u hotspots, %u proposed repeat groups (%u confirmed, %u came back, %u rejected), "
                               "%u open tickets of which the %u likeliest to end late are listed, %u candidates for the problem of the month. "
                               "%u tickets are counted into a confirmed group's first."),
                             first, last, j->hotspots->len, j->groups->len, duban_judgement_count_confirmed (j),
                             duban_judgement_count_resurgent (j), j->n_rejected, j->n_open, j->late->len,
                             j->themes->len, j->n_merged);
  gtk_label_set_text (self->summary_label, summary);

  self->selected_area = -1;
  show_hotspots (self);
  show_repeats (self);
  show_late (self);
  show_themes (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->map_area));
}

/* ---- the map ---------------------------------------------------------------- */

/* The county, each area of the level coloured by the tickets of its
 * hotspots, the selected hotspot's area outlined. */
static void
draw_map_cb (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  DubanJudgementPage *self = DUBAN_JUDGEMENT_PAGE (user_data);
  g_autofree double *values = NULL;
  DubanChoropleth choropleth = { DUBAN_CHOROPLETH_RECEIVED, DUBAN_AREA_VILLAGE, NULL, 1 };
  double legend_width = 0, legend_height = 0;
  double min_x, min_y, max_x, max_y;
  DubanMapStyle style;
  DubanMapView view;
  guint n_areas;

  if (self->regions == NULL || (n_areas = duban_regions_get_n_areas (self->regions)) == 0)
    return;

  values = g_new (double, n_areas);
  choropleth.values = values;
  if (self->judgement != NULL)
    choropleth.level = self->judgement->level;
  for (guint i = 0; i < n_areas; i++)
    values[i] = duban_regions_get_area (self->regions, i)->level == choropleth.level ? 0 : NAN;
  for (guint i = 0; self->judgement != NULL && i < self->judgement->hotspots->len; i++)
    {
      const DubanHotspot *h = ((DubanJudgementHotspot *) g_ptr_array_index (self->judgement->hotspots, i))->hotspot;
      int index = duban_regions_lookup (self->regions, h->area);

      if (index >= 0)
        {
          values[index] += h->count;
          choropleth.max = MAX (choropleth.max, values[index]);
        }
    }

  /* measured first for the room it takes, drawn last over the paper */
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, 0, 0);
  cairo_clip (cr);
  duban_map_painter_draw_legend (cr, &choropleth, FALSE, NULL, 8, 8, &legend_width, &legend_height);
  cairo_restore (cr);
  duban_regions_get_bounds (self->regions, &min_x, &min_y, &max_x, &max_y);
  duban_map_view_fit (&view, MAX (width - legend_width - 24, 1), height, min_x, min_y, max_x, max_y, 8);
  duban_map_style_init (&style);
  style.selected = self->selected_area;
  style.background = TRUE;

  cairo_save (cr);
  cairo_translate (cr, legend_width + 16, 0);
  duban_map_painter_draw (cr, self->regions, &view, &choropleth, &style);
  cairo_restore (cr);
  duban_map_painter_draw_legend (cr, &choropleth, FALSE, NULL, 8, 8, &legend_width, &legend_height);
}

static void
hotspot_selected_cb (GtkListBox         *list,
                     GtkListBoxRow      *row,
                     DubanJudgementPage *self)
{
  const char *area = row != NULL ? g_object_get_data (G_OBJECT (row), "duban-area") : NULL;

  /* the list lets its selection go as the template is disposed */
  if (self->map_area == NULL)
    return;
  self->selected_area = area != NULL && self->regions != NULL ? duban_regions_lookup (self->regions, area) : -1;
  gtk_widget_queue_draw (GTK_WIDGET (self->map_area));
}

/* ---- loading ---------------------------------------------------------------- */

static void
build_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DubanJudgementPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Job *job = g_task_get_task_data (G_TASK (result));
  DubanJudgement *judgement = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || job->generation != self->generation)
    {
      g_clear_pointer (&judgement, duban_judgement_free);
      return;
    }

  gtk_spinner_stop (self->spinner);
  if (judgement == NULL)
    {
      g_warning ("Cannot work out the 研判: %s", error != NULL ? error->message : "?");
      return;
    }

  g_clear_pointer (&self->judgement, duban_judgement_free);
  self->judgement = judgement;
  g_clear_pointer (&self->regions, duban_regions_unref);
  if (duban_desk_get_regions (job->desk) != NULL)
    self->regions = duban_regions_ref (duban_desk_get_regions (job->desk));
  show_judgement (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JUDGEMENT]);
}


static void
refresh (DubanJudgementPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  DubanStore *store;
  guint window;
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
  /* the decisions are a few rows: read on the main thread's connection */
  if ((store = duban_session_get_store (self->session, &error)) != NULL)
    job->decisions = duban_repeat_decisions_list (store, &error);
  if (error != NULL)
    g_warning ("Cannot read the repeat decisions: %s", error->message);
  job->policy = *duban_session_get_policy (self->session);
  /* judged now, the states with them (the session's are of its last
   * minute tick) */
  job->at = duban_time_now ();
  window = MIN (gtk_drop_down_get_selected (self->window_dropdown), G_N_ELEMENTS (window_days) - 1);
  job->level = levels[MIN (gtk_drop_down_get_selected (self->level_dropdown), G_N_ELEMENTS (levels) - 1)];
  job->last = duban_day_of_time (job->at);
  job->first = job->last - (DubanDay) (window_days[window] - 1);
  job->generation = ++self->generation;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_spinner_start (self->spinner);

  /* read when the page is shown, not at start; the old view stays until
   * the new one is in */
  job->store_path = g_strdup (duban_session_get_store_path (self->session));
  task = g_task_new (NULL, self->cancellable, build_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, refresh);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, build_thread);
}

static void
mapped_cb (DubanJudgementPage *self)
{
  if (self->stale)
    refresh (self);
}

static void
options_changed_cb (DubanJudgementPage *self)
{
  refresh (self);
}

static void
row_activated_cb (GtkListBox         *list,
                  GtkListBoxRow      *row,
                  DubanJudgementPage *self)
{
  const char *spec = g_object_get_data (G_OBJECT (row), "duban-spec");

  /* the queue's own action; with no queue around, nothing happens */
  if (spec != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-queue-filtered", "s", spec);
}

/* ---- the object ------------------------------------------------------------- */

static void
duban_judgement_page_dispose (GObject *object)
{
  DubanJudgementPage *self = DUBAN_JUDGEMENT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DUBAN_TYPE_JUDGEMENT_PAGE);
  g_clear_object (&self->session);
  g_clear_pointer (&self->judgement, duban_judgement_free);
  g_clear_pointer (&self->regions, duban_regions_unref);

  G_OBJECT_CLASS (duban_judgement_page_parent_class)->dispose (object);
}

static void
duban_judgement_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DubanJudgementPage *self = DUBAN_JUDGEMENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_JUDGEMENT:
      g_value_set_pointer (value, self->judgement);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
duban_judgement_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  DubanJudgementPage *self = DUBAN_JUDGEMENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      duban_judgement_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
duban_judgement_page_class_init (DubanJudgementPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = duban_judgement_page_dispose;
  object_class->get_property = duban_judgement_page_get_property;
  object_class->set_property = duban_judgement_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         DUBAN_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_JUDGEMENT] =
    g_param_spec_pointer ("judgement", NULL, NULL,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/duban/Duban/duban-judgement-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DubanJudgementPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, DubanJudgementPage, window_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DubanJudgementPage, level_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DubanJudgementPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DubanJudgementPage, map_area);
  gtk_widget_class_bind_template_child (widget_class, DubanJudgementPage, hotspot_list);
  gtk_widget_class_bind_template_child (widget_class, DubanJudgementPage, repeat_list);
  gtk_widget_class_bind_template_child (widget_class, DubanJudgementPage, late_list);
  gtk_widget_class_bind_template_child (widget_class, DubanJudgementPage, theme_list);
  gtk_widget_class_bind_template_callback (widget_class, options_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, hotspot_selected_cb);
}

static void
duban_judgement_page_init (DubanJudgementPage *self)
{
  g_autoptr(GtkStringList) windows = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) level_names = gtk_string_list_new (NULL);

  self->selected_area = -1;
  g_signal_connect (self, "map", G_CALLBACK (mapped_cb), NULL);
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (window_days); i++)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Last %u day", "Last %u days",
                                                            window_days[i]),
                                               window_days[i]);

      gtk_string_list_append (windows, text);
    }
  gtk_string_list_append (level_names, _("By village"));
  gtk_string_list_append (level_names, _("By grid"));
  gtk_string_list_append (level_names, _("By town"));

  g_signal_handlers_block_by_func (self->window_dropdown, options_changed_cb, self);
  g_signal_handlers_block_by_func (self->level_dropdown, options_changed_cb, self);
  gtk_drop_down_set_model (self->window_dropdown, G_LIST_MODEL (windows));
  gtk_drop_down_set_selected (self->window_dropdown, 1);
  gtk_drop_down_set_model (self->level_dropdown, G_LIST_MODEL (level_names));
  gtk_drop_down_set_selected (self->level_dropdown, 0);
  g_signal_handlers_unblock_by_func (self->window_dropdown, options_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->level_dropdown, options_changed_cb, self);

  gtk_drawing_area_set_draw_func (self->map_area, draw_map_cb, self, NULL);
  set_placeholder (self->hotspot_list, _("No area has significantly more tickets of a category than its own past predicts."));
  set_placeholder (self->repeat_list, _("No tickets of the period look like one matter."));
  set_placeholder (self->late_list, _("No open ticket is waiting for its deadline."));
  set_placeholder (self->theme_list, _("No area and category recurs with significantly more tickets over the last months."));
}

DubanSession *
duban_judgement_page_get_session (DubanJudgementPage *self)
{
  g_return_val_if_fail (DUBAN_IS_JUDGEMENT_PAGE (self), NULL);

  return self->session;
}

void
duban_judgement_page_set_session (DubanJudgementPage *self,
                                  DubanSession       *session)
{
  g_return_if_fail (DUBAN_IS_JUDGEMENT_PAGE (self));
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

const DubanJudgement *
duban_judgement_page_get_judgement (DubanJudgementPage *self)
{
  g_return_val_if_fail (DUBAN_IS_JUDGEMENT_PAGE (self), NULL);

  return self->judgement;
}
