/* duban-ladder-group.c — the escalation ladder's rungs, set by the center
 *
 * The ladder (rules/duban-ladder.h, docs/sla-rules.md "The escalation
 * ladder") is the center's policy, kept in the store beside the time
 * limits so that the desk, duban-ctl ladder and every workstation on the
 * store propose the same next step. Each rung (提醒, 黄牌, 红牌, 通报)
 * is an expander with its conditions; any one that holds puts a ticket on
 * the rung. Saving is audited (duban_ladder_save_policy) and the session
 * reloads, so the queue's proposals follow at once.
 */
#define G_LOG_DOMAIN "duban-ladder-group"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-ladder-decisions.h"
#include "duban-ladder-group.h"

enum {
  COND_OVERDUE_HOURS,
  COND_OVERDUE_WORKING_DAYS,
  COND_EXTENSIONS,
  COND_UNSATISFIED,
  COND_REPEATS,
  N_CONDS
};

struct _DubanLadderGroup
{
  AdwPreferencesGroup  parent_instance;

  DubanSession        *session;
  GtkSwitch           *warning[DUBAN_ORDER_N_LEVELS];
  GtkAdjustment       *conds[DUBAN_ORDER_N_LEVELS][N_CONDS];
  GtkSwitch           *climb;
  GtkWidget           *apply_button;
  gboolean             loading;
};

G_DEFINE_FINAL_TYPE (DubanLadderGroup, duban_ladder_group, ADW_TYPE_PREFERENCES_GROUP)

static void
load (DubanLadderGroup *self)
{
  g_autoptr(GError) error = NULL;
  DubanStore *store = self->session != NULL ? duban_session_get_store (self->session, NULL) : NULL;
  DubanLadderPolicy policy;

  g_assert (DUBAN_IS_LADDER_GROUP (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self), store != NULL);
  if (store == NULL || !duban_ladder_load_policy (store, &policy, &error))
    duban_ladder_policy_init_defaults (&policy);

  self->loading = TRUE;
  for (int level = 0; level < DUBAN_ORDER_N_LEVELS; level++)
    {
      const DubanLadderRung *rung = &policy.rungs[level];

      gtk_switch_set_active (self->warning[level], rung->warning);
      gtk_adjustment_set_value (self->conds[level][COND_OVERDUE_HOURS], rung->overdue_hours);
      gtk_adjustment_set_value (self->conds[level][COND_OVERDUE_WORKING_DAYS], rung->overdue_working_days);
      gtk_adjustment_set_value (self->conds[level][COND_EXTENSIONS], rung->extensions);
      gtk_adjustment_set_value (self->conds[level][COND_UNSATISFIED], rung->unsatisfied);
      gtk_adjustment_set_value (self->conds[level][COND_REPEATS], rung->repeats);
    }
  gtk_switch_set_active (self->climb, policy.climb_on_late_reply);
  self->loading = FALSE;
  gtk_widget_set_sensitive (self->apply_button, FALSE);
}

static void
changed_cb (DubanLadderGroup *self)
{
  if (!self->loading)
    gtk_widget_set_sensitive (self->apply_button, TRUE);
}

static void
read_policy (DubanLadderGroup  *self,
             DubanLadderPolicy *policy)
{
  g_assert (DUBAN_IS_LADDER_GROUP (self));

  duban_ladder_policy_init_defaults (policy);
  for (int level = 0; level < DUBAN_ORDER_N_LEVELS; level++)
    {
      DubanLadderRung *rung = &policy->rungs[level];

      rung->warning = gtk_switch_get_active (self->warning[level]);
      rung->overdue_hours = gtk_adjustment_get_value (self->conds[level][COND_OVERDUE_HOURS]);
      rung->overdue_working_days = gtk_adjustment_get_value (self->conds[level][COND_OVERDUE_WORKING_DAYS]);
      rung->extensions = (int) gtk_adjustment_get_value (self->conds[level][COND_EXTENSIONS]);
      rung->unsatisfied = (int) gtk_adjustment_get_value (self->conds[level][COND_UNSATISFIED]);
      rung->repeats = (int) gtk_adjustment_get_value (self->conds[level][COND_REPEATS]);
    }
  policy->climb_on_late_reply = gtk_switch_get_active (self->climb);
}

static void
reloaded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!duban_session_reload_finish (DUBAN_SESSION (object), result, &error))
    g_warning ("Cannot reload after saving the ladder: %s", error->message);
}

static void
apply_clicked_cb (DubanLadderGroup *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  DubanLadderPolicy policy;
  DubanStore *store;
  const char *toast;

  g_assert (DUBAN_IS_LADDER_GROUP (self));

  read_policy (self, &policy);
  if (self->session == NULL || !(store = duban_session_get_store (self->session, &error)) ||
      !duban_ladder_save_policy (store, &policy, &error))
    {
      message = g_strdup_printf (_("Cannot save the ladder: %s"),
                                 error != NULL ? error->message : _("No store is open"));
      toast = message;
    }
  else
    {
      toast = _("Ladder saved; the queue's proposals follow it");
      gtk_widget_set_sensitive (self->apply_button, FALSE);
      /* the desk the proposals are worked out from reads the ladder */
      duban_session_reload_async (self->session, NULL, reloaded_cb, NULL);
    }
  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (toast));
}

static GtkAdjustment *
add_spin_row (DubanLadderGroup *self,
              AdwExpanderRow   *expander,
              const char       *title,
              const char       *subtitle,
              double            lower,
              double            step,
              int               digits)
{
  GtkAdjustment *adjustment = gtk_adjustment_new (0, lower, 1000, step, step * 10, 0);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new (adjustment, step, digits);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (changed_cb), self);
  adw_expander_row_add_row (expander, row);

  return adjustment;
}

static GtkSwitch *
add_switch_row (DubanLadderGroup *self,
                GtkWidget        *parent,
                const char       *title,
                const char       *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  g_signal_connect_swapped (toggle, "notify::active", G_CALLBACK (changed_cb), self);
  if (ADW_IS_EXPANDER_ROW (parent))
    adw_expander_row_add_row (ADW_EXPANDER_ROW (parent), row);
  else
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (parent), row);

  return GTK_SWITCH (toggle);
}

static void
duban_ladder_group_dispose (GObject *object)
{
  DubanLadderGroup *self = DUBAN_LADDER_GROUP (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (duban_ladder_group_parent_class)->dispose (object);
}

static void
duban_ladder_group_class_init (DubanLadderGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = duban_ladder_group_dispose;
}

static void
duban_ladder_group_init (DubanLadderGroup *self)
{
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Escalation ladder"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("When the queue proposes each step of supervision: any condition of a step "
                                           "that holds puts a ticket on it. Kept in the store, so every workstation and "
                                           "duban-ctl ladder propose the same."));
  self->apply_button = gtk_button_new_with_mnemonic (_("_Apply"));
  gtk_widget_set_valign (self->apply_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->apply_button, "suggested-action");
  g_signal_connect_swapped (self->apply_button, "clicked", G_CALLBACK (apply_clicked_cb), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self), self->apply_button);

  for (int level = 0; level < DUBAN_ORDER_N_LEVELS; level++)
    {
      GtkWidget *expander = adw_expander_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), duban_order_level_to_display (level));
      self->warning[level] = add_switch_row (self, expander, _("When nearly overdue, or the first contact missed"), NULL);
      self->conds[level][COND_OVERDUE_HOURS] =
        add_spin_row (self, ADW_EXPANDER_ROW (expander), _("Urgent tickets overdue by hours"),
                      _("At least this many hours past the deadline; −1 leaves the condition out"), -1, 1, 1);
      self->conds[level][COND_OVERDUE_WORKING_DAYS] =
        add_spin_row (self, ADW_EXPANDER_ROW (expander), _("Normal tickets overdue by working days"),
                      _("At least this many working days past the deadline; −1 leaves the condition out"), -1, 0.5, 1);
      self->conds[level][COND_EXTENSIONS] =
        add_spin_row (self, ADW_EXPANDER_ROW (expander), _("Extensions"),
                      _("Extended at least this many times; 0 leaves the condition out"), 0, 1, 0);
      self->conds[level][COND_UNSATISFIED] =
        add_spin_row (self, ADW_EXPANDER_ROW (expander), _("Rated unsatisfied"),
                      _("The matter rated unsatisfied at least this many times; 0 leaves the condition out"), 0, 1, 0);
      self->conds[level][COND_REPEATS] =
        add_spin_row (self, ADW_EXPANDER_ROW (expander), _("Complaints on the same matter"),
                      _("At least this many tickets on the same matter; 0 leaves the condition out"), 0, 1, 0);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), expander);
    }
  self->climb = add_switch_row (self, GTK_WIDGET (self), _("A late reply climbs one step"),
                                _("An order whose reply deadline passed without a reply puts the ticket one step above it"));
}

GtkWidget *
duban_ladder_group_new (DubanSession *session)
{
  DubanLadderGroup *self;

  g_return_val_if_fail (session == NULL || DUBAN_IS_SESSION (session), NULL);

  self = g_object_new (DUBAN_TYPE_LADDER_GROUP, NULL);
  g_set_object (&self->session, session);
  load (self);

  return GTK_WIDGET (self);
}

/* For the tests: the ladder as the group shows it. */
void
duban_ladder_group_read (DubanLadderGroup  *self,
                         DubanLadderPolicy *policy)
{
  g_return_if_fail (DUBAN_IS_LADDER_GROUP (self));
  g_return_if_fail (policy != NULL);

  read_policy (self, policy);
}
