/* duban-ticket-detail-rows.c — the rows the ticket detail makes for each ticket
 *
 * Beside the fixed field rows, each ticket gets rows of its own: the
 * steps of its timeline with the core's verdict on each deadline, the
 * supervision orders and notes kept in the local store, and the tickets
 * it repeats, is repeated by or shares an address with. They are made
 * anew each time a ticket is shown, and removed before the next.
 */
#define G_LOG_DOMAIN "duban-ticket-detail-rows"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-audit.h"
#include "duban-ladder.h"
#include "duban-orders.h"
#include "duban-ticket-detail-private.h"

static void
clear_dynamic_rows (DubanTicketDetail *self)
{
  g_assert (DUBAN_IS_TICKET_DETAIL (self));

  for (guint i = 0; i < self->dynamic_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->dynamic_rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->dynamic_rows, 0);
}

static GtkWidget *
add_row (DubanTicketDetail   *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* Ticket text is the public's words, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->dynamic_rows, row);

  return row;
}

typedef enum {
  VERDICT_NONE,
  VERDICT_MET,
  VERDICT_MISSED,
  VERDICT_PENDING,
} StepVerdict;

static void
add_step (DubanTicketDetail *self,
          const char        *title,
          DubanTime          when,
          DubanTime          deadline,
          const char        *note,
          StepVerdict        verdict)
{
  g_autofree char *time_text = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *label;

  if (deadline != DUBAN_TIME_NONE)
    {
      g_autofree char *deadline_text = duban_time_format_civil (deadline);

      /* Translators: under a step of a ticket's timeline, e.g. "Deadline 2026-10-15 14:00" */
      subtitle = note != NULL ? g_strdup_printf (_("Deadline %s · %s"), deadline_text, note)
                              : g_strdup_printf (_("Deadline %s"), deadline_text);
    }
  else if (note != NULL)
    subtitle = g_strdup (note);

  row = add_row (self, self->timeline_group, title, subtitle);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  time_text = when != DUBAN_TIME_NONE ? duban_time_format_civil (when) : g_strdup (NO_VALUE);
  label = gtk_label_new (time_text);
  gtk_widget_add_css_class (label, "numeric");
  gtk_box_append (GTK_BOX (box), label);

  if (verdict != VERDICT_NONE)
    {
      GtkWidget *badge = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      const char *icon = verdict == VERDICT_MET ? "emblem-ok-symbolic"
                       : verdict == VERDICT_MISSED ? "alarm-symbolic"
                       : "content-loading-symbolic";
      const char *text = verdict == VERDICT_MET ? C_("deadline", "Met")
                       : verdict == VERDICT_MISSED ? C_("deadline", "Missed")
                       : C_("deadline", "Pending");
      GtkWidget *image = gtk_image_new_from_icon_name (icon);

      gtk_image_set_pixel_size (GTK_IMAGE (image), 12);
      gtk_box_append (GTK_BOX (badge), image);
      gtk_box_append (GTK_BOX (badge), gtk_label_new (text));
      gtk_widget_add_css_class (badge, "state-badge");
      gtk_widget_add_css_class (badge, verdict == VERDICT_MET ? "state-ok"
                                     : verdict == VERDICT_MISSED ? "state-overdue" : "state-other");
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), badge);
    }

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
}

/* The steps read the core's verdicts (DubanSlaStatus): nothing about a
 * deadline is worked out here. */
static void
update_timeline (DubanTicketDetail    *self,
                 const DubanTicket    *ticket,
                 const DubanSlaStatus *status)
{
  StepVerdict verdict;

  g_assert (DUBAN_IS_TICKET_DETAIL (self));

  add_step (self, _("Received"), ticket->received_at, DUBAN_TIME_NONE, NULL, VERDICT_NONE);
  add_step (self, _("Dispatched"), ticket->dispatched_at, DUBAN_TIME_NONE,
            _("The clock starts here"), VERDICT_NONE);

  if (status->contact_deadline == DUBAN_TIME_NONE)
    verdict = VERDICT_NONE;
  else if (status->contact_overdue)
    verdict = VERDICT_MISSED;
  else if (status->contacted)
    verdict = VERDICT_MET;
  else
    verdict = VERDICT_PENDING;
  add_step (self, _("First contact"), ticket->first_contact_at, status->contact_deadline,
            status->contact_deadline == DUBAN_TIME_NONE ? _("No contact deadline for normal tickets") : NULL,
            verdict);

  if (ticket->extension != NULL)
    {
      switch (status->extension)
        {
        case DUBAN_EXTENSION_COUNTED:    verdict = VERDICT_MET; break;
        case DUBAN_EXTENSION_NONE:       verdict = VERDICT_PENDING; break;
        case DUBAN_EXTENSION_FILED_LATE:
        case DUBAN_EXTENSION_INCOMPLETE:
        case DUBAN_EXTENSION_REJECTED:
        default:                         verdict = VERDICT_MISSED; break;
        }
      add_step (self, _("Extension"), ticket->extension->filed_at, status->original_deadline,
                duban_extension_verdict_to_display (status->extension), verdict);
    }
  else
    {
      add_step (self, _("Extension"), DUBAN_TIME_NONE, DUBAN_TIME_NONE,
                duban_extension_verdict_to_display (DUBAN_EXTENSION_NONE), VERDICT_NONE);
    }

  switch (status->state)
    {
    case DUBAN_STATE_DONE_ON_TIME: verdict = VERDICT_MET; break;
    case DUBAN_STATE_DONE_LATE:
    case DUBAN_STATE_OPEN_OVERDUE: verdict = VERDICT_MISSED; break;
    case DUBAN_STATE_OPEN_OK:
    case DUBAN_STATE_OPEN_WARNING: verdict = VERDICT_PENDING; break;
    case DUBAN_STATE_CANCELLED:
    case DUBAN_STATE_NOT_YET:
    default:                       verdict = VERDICT_NONE; break;
    }
  {
    g_autofree char *clock = duban_sla_describe_clock (status);

    add_step (self, _("Resolved"), ticket->resolved_at, status->deadline, clock, verdict);
  }

  add_step (self, _("Follow-up visit"), ticket->visited_at, DUBAN_TIME_NONE,
            ticket->satisfaction != DUBAN_SATISFACTION_NONE
              ? duban_enum_to_display (DUBAN_ENUM_SATISFACTION, ticket->satisfaction) : NULL,
            VERDICT_NONE);
}

/* The orders other workstations issued, as the platform carries them
 * (docs/feed-api.md, `supervisions`), with the unit's reply: this desk's
 * own are listed above, with their delivery. */
static void
add_platform_orders (DubanTicketDetail *self,
                     const DubanTicket *ticket,
                     GPtrArray         *local)
{
  DubanTime now = duban_time_now ();

  for (guint i = 0; ticket->supervisions != NULL && i < ticket->supervisions->len; i++)
    {
      const DubanSupervision *s = g_ptr_array_index (ticket->supervisions, i);
      g_autoptr(GPtrArray) one = g_ptr_array_new ();
      g_autofree char *issued = NULL;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      gboolean ours = FALSE;
      DubanReplyState reply;
      GtkWidget *row, *state;

      for (guint k = 0; k < local->len && !ours; k++)
        ours = g_strcmp0 (((DubanOrder *) g_ptr_array_index (local, k))->client_id, s->client_id) == 0;
      if (ours)
        continue;

      issued = duban_time_format_civil (s->issued_at);
      /* Translators: an order from another workstation: level, when, who */
      title = g_strdup_printf (_("%s · %s · %s"), duban_order_level_to_display (s->level), issued,
                               s->issued_by != NULL ? s->issued_by : _("another workstation"));
      subtitle = s->reply != NULL ? g_strdup_printf (_("%s\nReply: %s"), s->note, s->reply) : g_strdup (s->note);
      row = add_row (self, self->orders_group, title, subtitle[0] != '\0' ? subtitle : NULL);
      g_ptr_array_add (one, (gpointer) s);
      reply = duban_ladder_reply_state (one, now);
      state = gtk_label_new (duban_reply_state_to_display (reply));
      gtk_widget_add_css_class (state, reply == DUBAN_REPLY_OVERDUE ? "error"
                                     : reply == DUBAN_REPLY_REPLIED ? "success" : "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);
    }
}

static void
update_records (DubanTicketDetail *self,
                const DubanTicket *ticket)
{
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  DubanStore *store;

  g_assert (DUBAN_IS_TICKET_DETAIL (self));

  gtk_widget_set_visible (GTK_WIDGET (self->orders_group), FALSE);
  if (self->session == NULL || !(store = duban_session_get_store (self->session, &error)))
    {
      if (error != NULL)
        g_warning ("Cannot open the store for the ticket's records: %s", error->message);
      return;
    }

  if ((orders = duban_orders_list (store, ticket->id, &error)))
    {
      for (guint i = 0; i < orders->len; i++)
        {
          DubanOrder *order = g_ptr_array_index (orders, i);
          g_autofree char *issued = duban_time_format_civil (order->issued_at);
          g_autofree char *title = g_strdup_printf ("%s · %s", duban_order_level_to_display (order->level), issued);
          GtkWidget *row = add_row (self, self->orders_group, title,
                                    order->note[0] != '\0' ? order->note : NULL);
          GtkWidget *state = gtk_label_new (duban_delivery_state_to_display (order->delivery));

          gtk_widget_add_css_class (state, order->delivery == DUBAN_DELIVERY_DELIVERED ? "success"
                                         : order->delivery == DUBAN_DELIVERY_REFUSED ? "error" : "dim-label");
          if (order->last_error != NULL)
            gtk_widget_set_tooltip_text (state, order->last_error);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);
        }
      add_platform_orders (self, ticket, orders);
      gtk_widget_set_visible (GTK_WIDGET (self->orders_group),
                              orders->len > 0 || (ticket->supervisions != NULL && ticket->supervisions->len > 0));
    }
  else
    {
      g_warning ("Cannot read the ticket's orders: %s", error->message);
      g_clear_error (&error);
    }

  if ((notes = duban_audit_list_notes (store, ticket->id, &error)))
    {
      for (guint i = 0; i < notes->len; i++)
        {
          DubanNote *note = g_ptr_array_index (notes, i);
          g_autofree char *when = duban_time_format_civil (note->created_at);
          /* Translators: who wrote a note and when */
          g_autofree char *byline = g_strdup_printf (_("%s, %s"), note->author, when);
          GtkWidget *row = add_row (self, self->notes_group, note->body, byline);

          adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
        }
    }
  else
    {
      g_warning ("Cannot read the ticket's notes: %s", error->message);
    }
}

/* The other ticket's title, and under it what it is to this one, in
 * words: "它重复了本件 · JX…（11-20 受理）". */
static void
add_link (DubanTicketDetail *self,
          const char        *relation,
          const DubanTicket *other)
{
  g_autofree char *received = duban_time_format_civil (other->received_at);
  /* Translators: how a linked ticket relates to this one, its number and when it was received */
  g_autofree char *subtitle = g_strdup_printf (_("%s · %s, received %s"), relation, other->id, received);
  GtkWidget *row = add_row (self, self->related_group, other->title, subtitle);

  /* Target first: a name without its target warns of a type mismatch. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", other->id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.show-ticket");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
}

#define MAX_LINKS 8

static void
update_related (DubanTicketDetail *self,
                const DubanTicket *ticket)
{
  GPtrArray *tickets;
  guint n_links = 0;

  g_assert (DUBAN_IS_TICKET_DETAIL (self));

  tickets = self->session != NULL ? duban_session_get_tickets (self->session) : NULL;

  /* the ticket it repeats by its id, from the store when it is not open */
  if (self->session != NULL && ticket->repeat_of != NULL && g_strcmp0 (ticket->repeat_of, ticket->id) != 0)
    {
      const DubanTicket *other = duban_session_lookup_ticket (self->session, ticket->repeat_of);

      if (other != NULL)
        add_link (self, _("This ticket repeats it"), other), n_links++;
    }

  /* the others among the loaded ones: the open tickets and those the
   * orders name */
  for (guint i = 0; tickets != NULL && i < tickets->len && n_links < MAX_LINKS; i++)
    {
      const DubanTicket *other = g_ptr_array_index (tickets, i);

      if (g_strcmp0 (other->id, ticket->id) == 0)
        continue;

      if (ticket->repeat_of != NULL && g_strcmp0 (other->id, ticket->repeat_of) == 0)
        continue;
      else if (g_strcmp0 (other->repeat_of, ticket->id) == 0)
        add_link (self, _("It repeats this ticket"), other), n_links++;
      else if (ticket->address != NULL && g_strcmp0 (other->address, ticket->address) == 0 &&
               other->received_at < ticket->received_at)
        add_link (self, _("Earlier, from the same address"), other), n_links++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->related_group), n_links > 0);
}

void
duban_ticket_detail_update_rows (DubanTicketDetail    *self,
                                 const DubanTicket    *ticket,
                                 const DubanSlaStatus *status)
{
  g_assert (DUBAN_IS_TICKET_DETAIL (self));

  clear_dynamic_rows (self);
  update_timeline (self, ticket, status);
  update_records (self, ticket);
  update_related (self, ticket);
}
