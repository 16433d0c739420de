/* duban-proposal-button.c — the ladder's next step for one ticket, to accept or dismiss
 *
 * A queue row says the step in one word (提醒, 黄牌 …) coloured as the
 * order would be; its popover says why ("超期 2.5 个工作日，已黄牌 1 次，
 * 未回复") and offers the two things a supervisor does with it: issue the
 * order (the dialog opens prefilled, and may be changed: accepted or
 * edited), or dismiss it. Every decision is audited by the session.
 */
#define G_LOG_DOMAIN "duban-proposal-button"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "duban-order-dialog.h"
#include "duban-proposal-button.h"

struct _DubanProposalButton
{
  GtkWidget     parent_instance;

  DubanSession *session;
  char         *ticket_id;

  GtkWidget    *menu_button;
  GtkWidget    *reason;
  const char   *level_class;
};

G_DEFINE_FINAL_TYPE (DubanProposalButton, duban_proposal_button, GTK_TYPE_WIDGET)

static const char * const level_classes[DUBAN_ORDER_N_LEVELS] = {
  [DUBAN_ORDER_NOTICE]   = "proposal-notice",
  [DUBAN_ORDER_YELLOW]   = "proposal-yellow",
  [DUBAN_ORDER_RED]      = "proposal-red",
  [DUBAN_ORDER_BULLETIN] = "proposal-bulletin",
};

static const DubanLadderProposal *
current (DubanProposalButton *self)
{
  const DubanLadderProposal *proposal;

  if (self->session == NULL || self->ticket_id == NULL)
    return NULL;
  proposal = duban_session_get_proposal (self->session, self->ticket_id);
  return proposal != NULL && proposal->proposed ? proposal : NULL;
}

static void
issued_cb (gpointer user_data,
           guint    n_issued)
{
  g_autoptr(DubanSession) session = user_data;

  if (n_issued == 0)
    return;
  duban_session_records_changed (session);
  duban_session_flush_outbox (session);
}

void
duban_proposal_button_accept (DubanProposalButton *self)
{
  const DubanLadderProposal *proposal;
  GtkRoot *root;

  g_return_if_fail (DUBAN_IS_PROPOSAL_BUTTON (self));

  if (!(proposal = current (self)))
    return;

  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->menu_button));
  root = gtk_widget_get_root (GTK_WIDGET (self));
  duban_order_dialog_present_proposal (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       self->session, self->ticket_id, proposal,
                                       issued_cb, g_object_ref (self->session));
}

gboolean
duban_proposal_button_dismiss (DubanProposalButton  *self,
                               GError              **error)
{
  const DubanLadderProposal *proposal;
  g_autofree char *ticket_id = NULL;
  g_autofree char *reason = NULL;
  DubanOrderLevel level;

  g_return_val_if_fail (DUBAN_IS_PROPOSAL_BUTTON (self), FALSE);

  if (!(proposal = current (self)))
    return TRUE;

  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->menu_button));
  /* the decision works the proposals out again: copy what it reads */
  ticket_id = g_strdup (self->ticket_id);
  reason = g_strdup (proposal->reason);
  level = proposal->level;
  return duban_session_decide_proposal (self->session, ticket_id, level, DUBAN_LADDER_DISMISSED, reason, error);
}

static void
accept_clicked_cb (GtkButton           *button,
                   DubanProposalButton *self)
{
  duban_proposal_button_accept (self);
}

static void
dismiss_clicked_cb (GtkButton           *button,
                    DubanProposalButton *self)
{
  g_autoptr(GError) error = NULL;

  if (!duban_proposal_button_dismiss (self, &error))
    g_warning ("Cannot dismiss the proposal: %s", error->message);
}

static void
duban_proposal_button_dispose (GObject *object)
{
  DubanProposalButton *self = DUBAN_PROPOSAL_BUTTON (object);

  g_clear_pointer (&self->menu_button, gtk_widget_unparent);
  g_clear_object (&self->session);
  g_clear_pointer (&self->ticket_id, g_free);

  G_OBJECT_CLASS (duban_proposal_button_parent_class)->dispose (object);
}

static void
duban_proposal_button_class_init (DubanProposalButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = duban_proposal_button_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "proposal-button");
}

static void
duban_proposal_button_init (DubanProposalButton *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *accept = gtk_button_new_with_mnemonic (_("_Issue Order…"));
  GtkWidget *dismiss = gtk_button_new_with_mnemonic (_("_Dismiss"));
  GtkWidget *heading = gtk_label_new (_("The ladder proposes"));

  self->menu_button = gtk_menu_button_new ();
  gtk_widget_add_css_class (self->menu_button, "flat");
  gtk_widget_set_halign (self->menu_button, GTK_ALIGN_START);
  gtk_widget_set_parent (self->menu_button, GTK_WIDGET (self));

  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0.0);
  self->reason = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->reason), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->reason), 28);
  gtk_label_set_xalign (GTK_LABEL (self->reason), 0.0);
  gtk_widget_add_css_class (accept, "suggested-action");
  gtk_widget_set_tooltip_text (dismiss, _("No order: the step is not proposed again for this ticket unless the ladder climbs higher"));
  g_signal_connect (accept, "clicked", G_CALLBACK (accept_clicked_cb), self);
  g_signal_connect (dismiss, "clicked", G_CALLBACK (dismiss_clicked_cb), self);
  gtk_box_append (GTK_BOX (buttons), dismiss);
  gtk_box_append (GTK_BOX (buttons), accept);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), self->reason);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->menu_button), popover);
  gtk_widget_set_visible (self->menu_button, FALSE);
}

GtkWidget *
duban_proposal_button_new (void)
{
  return g_object_new (DUBAN_TYPE_PROPOSAL_BUTTON, NULL);
}

void
duban_proposal_button_set_ticket (DubanProposalButton *self,
                                  DubanSession        *session,
                                  const char          *ticket_id)
{
  const DubanLadderProposal *proposal;

  g_return_if_fail (DUBAN_IS_PROPOSAL_BUTTON (self));
  g_return_if_fail (session == NULL || DUBAN_IS_SESSION (session));

  g_set_object (&self->session, session);
  g_free (self->ticket_id);
  self->ticket_id = g_strdup (ticket_id);

  if (self->level_class != NULL)
    gtk_widget_remove_css_class (self->menu_button, self->level_class);
  self->level_class = NULL;

  if (!(proposal = current (self)))
    {
      gtk_menu_button_set_label (GTK_MENU_BUTTON (self->menu_button), "");
      gtk_widget_set_visible (self->menu_button, FALSE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
      return;
    }

  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->menu_button), duban_order_level_to_display (proposal->level));
  gtk_label_set_label (GTK_LABEL (self->reason), proposal->reason);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), proposal->reason);
  self->level_class = level_classes[proposal->level];
  gtk_widget_add_css_class (self->menu_button, self->level_class);
  gtk_widget_set_visible (self->menu_button, TRUE);
}

const char *
duban_proposal_button_get_label (DubanProposalButton *self)
{
  g_return_val_if_fail (DUBAN_IS_PROPOSAL_BUTTON (self), NULL);

  if (!gtk_widget_get_visible (self->menu_button))
    return "";
  return gtk_menu_button_get_label (GTK_MENU_BUTTON (self->menu_button));
}
