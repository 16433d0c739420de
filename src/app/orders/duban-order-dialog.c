/* duban-order-dialog.c — asking for a supervision order's level, note and reply deadline
 *
 * An AdwMessageDialog, reachable and answerable by keyboard alone: the
 * level, the opinion (several lines) and the reply deadline are three
 * fields; Enter issues, Ctrl+Enter from the opinion. It names the unit
 * and the ticket, and says what becomes of the order when the platform
 * cannot be reached.
 * Each order is saved (with its outbox and audit rows) before the dialog
 * reports back, so the caller only has to tell the outbox to send.
 */
#define G_LOG_DOMAIN "duban-order-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "duban-order-dialog.h"
#include "duban-orders.h"
#include "duban-proposals.h"

typedef struct {
  DubanSession         *session;
  GPtrArray            *ticket_ids;
  GPtrArray            *orders;        /* per ticket: its orders from every workstation (DubanSupervision*), or NULL */
  DubanOrderDialogDone  done;
  gpointer              user_data;
  AdwMessageDialog     *dialog;
  GtkDropDown          *level;
  GtkTextBuffer        *note;
  GtkEditable          *respond_by;
  GtkLabel             *pressed;       /* the warning: the unit was already pressed for this */
  /* the ladder's proposal the dialog was opened for, if any */
  gboolean              from_proposal;
  DubanOrderLevel       proposed_level;
  char                 *proposed_reason;
} OrderDialog;

static void
order_dialog_free (OrderDialog *data)
{
  g_clear_object (&data->session);
  g_clear_pointer (&data->ticket_ids, g_ptr_array_unref);
  g_clear_pointer (&data->orders, g_ptr_array_unref);
  g_free (data->proposed_reason);
  g_free (data);
}

static void
free_orders (gpointer orders)
{
  if (orders != NULL)
    g_ptr_array_unref (orders);
}

/* Every order each ticket already has, whoever issued it: the platform's
 * (as of the last sync) and this desk's own, not yet on the platform. */
static GPtrArray *
collect_orders (DubanSession *session,
                GPtrArray    *ticket_ids)
{
  GPtrArray *per_ticket = g_ptr_array_new_full (ticket_ids->len, free_orders);
  GPtrArray *tickets = duban_session_get_tickets (session);
  DubanStore *store = duban_session_get_store (session, NULL);

  for (guint i = 0; i < ticket_ids->len; i++)
    {
      const char *id = g_ptr_array_index (ticket_ids, i);
      g_autoptr(GPtrArray) local = store != NULL ? duban_orders_list (store, id, NULL) : NULL;
      GPtrArray *orders = NULL;

      for (guint k = 0; tickets != NULL && k < tickets->len; k++)
        {
          const DubanTicket *ticket = g_ptr_array_index (tickets, k);

          if (g_strcmp0 (ticket->id, id) == 0)
            {
              orders = duban_proposals_ticket_orders (ticket, local);
              break;
            }
        }
      g_ptr_array_add (per_ticket, orders);
    }

  return per_ticket;
}

/* The warning before pressing a unit twice for the same thing: an order
 * at the chosen level or above, still awaiting its reply in time (a late
 * reply is a reason to press again: the ladder climbs). */
static void
update_pressed (OrderDialog *data)
{
  DubanOrderLevel level = (DubanOrderLevel) gtk_drop_down_get_selected (data->level);
  g_autoptr(GString) text = g_string_new (NULL);
  DubanTime now = duban_time_now ();
  guint pressed = 0;

  for (guint i = 0; i < data->orders->len; i++)
    {
      GPtrArray *orders = g_ptr_array_index (data->orders, i);

      for (guint k = 0; orders != NULL && k < orders->len; k++)
        {
          const DubanSupervision *s = g_ptr_array_index (orders, k);
          g_autofree char *issued = NULL;
          g_autofree char *due = NULL;

          if (s->level < level || duban_supervision_reply_overdue (s, now) || duban_supervision_replied (s, now))
            continue;
          if (pressed++ > 0)
            g_string_append_c (text, '\n');
          issued = duban_time_format_civil (s->issued_at);
          due = s->respond_by != DUBAN_TIME_NONE ? duban_time_format_civil (s->respond_by) : g_strdup ("—");
          /* Translators: ticket, level, who, when issued, when the reply is due */
          g_string_append_printf (text, _("%s already has a %s from %s, issued %s, reply due %s"),
                                  (const char *) g_ptr_array_index (data->ticket_ids, i),
                                  duban_order_level_to_display (s->level),
                                  s->issued_by != NULL ? s->issued_by : _("another workstation"),
                                  issued, due);
        }
    }

  gtk_label_set_label (data->pressed, text->str);
  gtk_widget_set_visible (GTK_WIDGET (data->pressed), pressed > 0);
  adw_message_dialog_set_response_label (data->dialog, "issue", pressed > 0 ? _("_Issue Anyway") : _("_Issue"));
  adw_message_dialog_set_response_appearance (data->dialog, "issue",
                                              pressed > 0 ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
}

static void
level_changed_cb (GtkDropDown *level,
                  GParamSpec  *pspec,
                  OrderDialog *data)
{
  update_pressed (data);
}

gboolean
duban_order_dialog_parse_civil (const char *text,
                                DubanTime  *out_time)
{
  int year, month, day, hour, minute;
  char trailing;
  DubanDay civil_day;

  g_return_val_if_fail (out_time != NULL, FALSE);

  if (text == NULL ||
      sscanf (text, " %d-%d-%d %d:%d %c", &year, &month, &day, &hour, &minute, &trailing) != 5 ||
      month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59)
    return FALSE;

  civil_day = duban_day_from_ymd (year, month, day);
  {
    int y, m, d;

    /* 2026-02-30 is not a day. */
    duban_day_to_ymd (civil_day, &y, &m, &d);
    if (y != year || m != month || d != day)
      return FALSE;
  }

  *out_time = duban_day_start (civil_day) + hour * DUBAN_USEC_PER_HOUR + minute * 60 * DUBAN_USEC_PER_SECOND;
  return TRUE;
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             OrderDialog      *data)
{
  g_autoptr(GError) error = NULL;
  DubanStore *store;
  DubanTime respond_by;
  guint n_issued = 0;
  DubanOrderLevel level;
  g_autofree char *note = NULL;

  if (g_strcmp0 (response, "issue") != 0)
    {
      data->done (data->user_data, 0);
      return;
    }

  level = (DubanOrderLevel) gtk_drop_down_get_selected (data->level);
  {
    GtkTextIter start, end;

    gtk_text_buffer_get_bounds (data->note, &start, &end);
    note = g_strstrip (gtk_text_buffer_get_text (data->note, &start, &end, FALSE));
  }
  if (!duban_order_dialog_parse_civil (gtk_editable_get_text (data->respond_by), &respond_by))
    respond_by = DUBAN_TIME_NONE;

  if ((store = duban_session_get_store (data->session, &error)))
    {
      for (guint i = 0; i < data->ticket_ids->len; i++)
        {
          g_autoptr(DubanOrder) order = duban_orders_issue (store, g_ptr_array_index (data->ticket_ids, i),
                                                            level, note, respond_by, &error);

          if (order == NULL)
            break;
          n_issued++;
        }
    }

  /* the ladder's proposal taken as it was, or changed */
  if (error == NULL && n_issued > 0 && data->from_proposal)
    duban_session_decide_proposal (data->session, g_ptr_array_index (data->ticket_ids, 0), level,
                                   level == data->proposed_level ? DUBAN_LADDER_ACCEPTED : DUBAN_LADDER_EDITED,
                                   data->proposed_reason, &error);

  if (error != NULL)
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));
      GtkWidget *alert = adw_message_dialog_new (parent, _("The Order Was Not Saved"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (alert));
    }

  data->done (data->user_data, n_issued);
}

static void
respond_by_changed_cb (GtkEditable      *entry,
                       AdwMessageDialog *dialog)
{
  DubanTime respond_by;
  /* a reply due before the order is issued is a slip of the hand */
  gboolean valid = duban_order_dialog_parse_civil (gtk_editable_get_text (entry), &respond_by) &&
                   respond_by > duban_time_now ();

  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  adw_message_dialog_set_response_enabled (dialog, "issue", valid);
}

/* A day picked on the calendar replaces the date and keeps the time. */
static void
day_selected_cb (GtkCalendar *calendar,
                 GtkEditable *entry)
{
  g_autoptr(GDateTime) picked = gtk_calendar_get_date (calendar);
  DubanTime current;
  int hour = 17, minute = 0;
  g_autofree char *text = NULL;

  if (duban_order_dialog_parse_civil (gtk_editable_get_text (entry), &current))
    {
      gint64 since_midnight = current - duban_day_start (duban_day_of_time (current));

      hour = (int) (since_midnight / DUBAN_USEC_PER_HOUR);
      minute = (int) (since_midnight % DUBAN_USEC_PER_HOUR / (60 * DUBAN_USEC_PER_SECOND));
    }
  text = g_strdup_printf ("%04d-%02d-%02d %02d:%02d", g_date_time_get_year (picked),
                          g_date_time_get_month (picked), g_date_time_get_day_of_month (picked),
                          hour, minute);
  gtk_editable_set_text (entry, text);
  gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER)));
}

/* Enter writes a new line in the opinion; Ctrl+Enter issues, as Enter
 * does in the other fields. */
static gboolean
note_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     AdwMessageDialog      *dialog)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_CONTROL_MASK) &&
      adw_message_dialog_get_response_enabled (dialog, "issue"))
    {
      /* destroyed, not closed: closing would answer "cancel" as well */
      adw_message_dialog_response (dialog, "issue");
      gtk_window_destroy (GTK_WINDOW (dialog));
      return TRUE;
    }
  return FALSE;
}

/* "JX202611240001 · 吴楼村村内道路坑洼积水 · 县交通运输局": the order names
 * the ticket and the unit it presses, so the supervisor sees whom. */
static char *
describe_ticket (DubanSession *session,
                 const char   *ticket_id)
{
  const DubanTicket *ticket = duban_session_lookup_ticket (session, ticket_id);

  if (ticket == NULL)
    return g_strdup (ticket_id);
  return g_strdup_printf ("%s · %s · %s", ticket->id, ticket->title != NULL ? ticket->title : "—",
                          ticket->unit_name != NULL ? ticket->unit_name : _("Not dispatched"));
}

#define MAX_LISTED 6

/* A heading over @shown, whose mnemonic focuses @field (inside it). */
static GtkWidget *
labelled_row (const char *text,
              GtkWidget  *field,
              GtkWidget  *shown)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), field);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), shown);

  return box;
}

static GtkWidget *
labelled (const char *text,
          GtkWidget  *field)
{
  return labelled_row (text, field, field);
}

static OrderDialog *
present (GtkWindow            *parent,
         DubanSession         *session,
         GPtrArray            *ticket_ids,
         DubanOrderDialogDone  done,
         gpointer              user_data)
{
  static const char *levels[DUBAN_ORDER_N_LEVELS + 1] = { NULL, };
  OrderDialog *data;
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *level;
  GtkWidget *note;
  GtkWidget *respond_by;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *default_respond_by = NULL;
  DubanDay next_working_day;
  gboolean offline;
  int year, month, day;

  for (int i = 0; i < DUBAN_ORDER_N_LEVELS; i++)
    levels[i] = duban_order_level_to_display (i);

  data = g_new0 (OrderDialog, 1);
  data->session = g_object_ref (session);
  data->ticket_ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < ticket_ids->len; i++)
    g_ptr_array_add (data->ticket_ids, g_strdup (g_ptr_array_index (ticket_ids, i)));
  data->orders = collect_orders (session, data->ticket_ids);
  data->done = done;
  data->user_data = user_data;

  offline = duban_session_get_offline_since (session) != DUBAN_TIME_NONE;
  if (ticket_ids->len == 1)
    {
      const DubanTicket *ticket = duban_session_lookup_ticket (session, g_ptr_array_index (ticket_ids, 0));

      heading = g_strdup (_("Issue a Supervision Order"));
      if (ticket != NULL)
        /* Translators: the ticket's unit, then its number and title */
        body = g_strdup_printf (_("To %s, on ticket %s: %s"),
                                ticket->unit_name != NULL ? ticket->unit_name : _("Not dispatched"),
                                ticket->id, ticket->title != NULL ? ticket->title : "—");
      else
        /* Translators: %s is a ticket number */
        body = g_strdup_printf (_("For ticket %s."), (const char *) g_ptr_array_index (ticket_ids, 0));
    }
  else
    {
      GString *list = g_string_new (_("One order per ticket:"));
      guint i;

      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Issue a Supervision Order for %u Ticket",
                                              "Issue Supervision Orders for %u Tickets",
                                              ticket_ids->len),
                                 ticket_ids->len);
      for (i = 0; i < ticket_ids->len && i < MAX_LISTED; i++)
        {
          g_autofree char *line = describe_ticket (session, g_ptr_array_index (ticket_ids, i));

          g_string_append_printf (list, "\n%s", line);
        }
      if (i < ticket_ids->len)
        {
          g_string_append_c (list, '\n');
          g_string_append_printf (list, g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more",
                                                     ticket_ids->len - i),
                                  ticket_ids->len - i);
        }
      body = g_string_free (list, FALSE);
    }
  {
    /* what happens to it, offline too: nothing is lost */
    const char *fate = offline
      ? _("The platform cannot be reached now: the order is saved at once, and sent when the platform answers.")
      : _("The order is saved at once and sent to the platform; it can be printed from the list of orders.");
    g_autofree char *with_fate = g_strdup_printf ("%s\n\n%s", body, fate);

    g_free (body);
    body = g_steal_pointer (&with_fate);
  }

  dialog = adw_message_dialog_new (parent, heading, body);
  data->dialog = ADW_MESSAGE_DIALOG (dialog);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  level = gtk_drop_down_new_from_strings (levels);
  data->level = GTK_DROP_DOWN (level);
  gtk_box_append (GTK_BOX (box), labelled (_("_Level"), level));

  /* several lines: an opinion says what is wrong, what to do, by when */
  note = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (note), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (note), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (note), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (note), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (note), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (note), 8);
  gtk_widget_set_tooltip_text (note, _("What the unit must do; Ctrl+Enter issues"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (note), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("What the unit must do"), -1);
  data->note = gtk_text_view_get_buffer (GTK_TEXT_VIEW (note));
  {
    GtkWidget *scrolled = gtk_scrolled_window_new ();
    GtkWidget *frame = gtk_frame_new (NULL);

    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 96);
    gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 200);
    gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), note);
    gtk_frame_set_child (GTK_FRAME (frame), scrolled);
    gtk_widget_add_css_class (frame, "order-opinion");
    gtk_box_append (GTK_BOX (box), labelled_row (_("_Opinion"), note, frame));
  }

  /* The next working day at 17:00, the end of its office hours: an
   * order issued on Friday is not due on Saturday. */
  next_working_day = duban_calendar_next_working_day (duban_session_get_calendar (session),
                                                      duban_day_of_time (duban_time_now ()));
  duban_day_to_ymd (next_working_day, &year, &month, &day);
  default_respond_by = g_strdup_printf ("%04d-%02d-%02d 17:00", year, month, day);
  respond_by = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (respond_by), default_respond_by);
  gtk_entry_set_input_purpose (GTK_ENTRY (respond_by), GTK_INPUT_PURPOSE_DIGITS);
  gtk_entry_set_activates_default (GTK_ENTRY (respond_by), TRUE);
  gtk_widget_set_tooltip_text (respond_by, _("Year-month-day hour:minute"));
  gtk_widget_set_hexpand (respond_by, TRUE);
  data->respond_by = GTK_EDITABLE (respond_by);

  /* or the day picked on a calendar, opened beside it */
  {
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *pick = gtk_menu_button_new ();
    GtkWidget *popover = gtk_popover_new ();
    GtkWidget *calendar = gtk_calendar_new ();
    g_autoptr(GDateTime) shown = g_date_time_new_local (year, month, day, 0, 0, 0);

    gtk_calendar_select_day (GTK_CALENDAR (calendar), shown);
    gtk_popover_set_child (GTK_POPOVER (popover), calendar);
    gtk_menu_button_set_popover (GTK_MENU_BUTTON (pick), popover);
    gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (pick), "x-office-calendar-symbolic");
    gtk_widget_set_tooltip_text (pick, _("Pick the day on a calendar"));
    g_signal_connect (calendar, "day-selected", G_CALLBACK (day_selected_cb), respond_by);
    gtk_box_append (GTK_BOX (row), respond_by);
    gtk_box_append (GTK_BOX (row), pick);
    gtk_box_append (GTK_BOX (box), labelled_row (_("_Reply by"), respond_by, row));
  }

  data->pressed = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (data->pressed, TRUE);
  gtk_label_set_xalign (data->pressed, 0.0);
  gtk_widget_add_css_class (GTK_WIDGET (data->pressed), "warning");
  gtk_widget_set_visible (GTK_WIDGET (data->pressed), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (data->pressed));

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "issue", _("_Issue"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "issue", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "issue");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_signal_connect (respond_by, "changed", G_CALLBACK (respond_by_changed_cb), dialog);
  g_signal_connect (level, "notify::selected", G_CALLBACK (level_changed_cb), data);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    g_signal_connect (keys, "key-pressed", G_CALLBACK (note_key_pressed_cb), dialog);
    gtk_widget_add_controller (note, keys);
  }
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), data,
                         (GClosureNotify) order_dialog_free, 0);
  update_pressed (data);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (level);
  return data;
}

void
duban_order_dialog_present (GtkWindow            *parent,
                            DubanSession         *session,
                            GPtrArray            *ticket_ids,
                            DubanOrderDialogDone  done,
                            gpointer              user_data)
{
  g_return_if_fail (!parent || GTK_IS_WINDOW (parent));
  g_return_if_fail (DUBAN_IS_SESSION (session));
  g_return_if_fail (ticket_ids != NULL && ticket_ids->len > 0);
  g_return_if_fail (done != NULL);

  present (parent, session, ticket_ids, done, user_data);
}

void
duban_order_dialog_present_proposal (GtkWindow                 *parent,
                                     DubanSession              *session,
                                     const char                *ticket_id,
                                     const DubanLadderProposal *proposal,
                                     DubanOrderDialogDone       done,
                                     gpointer                   user_data)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  OrderDialog *data;

  g_return_if_fail (!parent || GTK_IS_WINDOW (parent));
  g_return_if_fail (DUBAN_IS_SESSION (session));
  g_return_if_fail (ticket_id != NULL);
  g_return_if_fail (proposal != NULL && proposal->proposed);
  g_return_if_fail (done != NULL);

  g_ptr_array_add (ids, (gpointer) ticket_id);
  data = present (parent, session, ids, done, user_data);
  data->from_proposal = TRUE;
  data->proposed_level = proposal->level;
  data->proposed_reason = g_strdup (proposal->reason);
  /* prefilled: the supervisor reads, changes what they will, and issues */
  gtk_drop_down_set_selected (data->level, proposal->level);
  gtk_text_buffer_set_text (data->note, proposal->reason, -1);
}
