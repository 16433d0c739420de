/* duban-ticket-detail.c — every field of one ticket, its deadlines and state
 *
 * The field rows are made from a table rather than written out in the
 * template: one place lists what is shown and in which group, and the
 * later views (supervision orders, notes) add groups, not rows by hand.
 * Personal data is shown masked; revealing it asks for a reason and is
 * written to the audit log first. Local records (orders, notes) are read
 * from the session's store each time the detail shows a ticket: they are
 * few, and another window may have added some. The rows made per ticket
 * and the grid's map are parts of this class in duban-ticket-detail-rows.c
 * and duban-ticket-detail-grid.c (see duban-ticket-detail-private.h).
 */
#define G_LOG_DOMAIN "duban-ticket-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-audit.h"
#include "duban-ticket-detail-private.h"

static const struct {
  DetailField  field;
  DetailGroup  group;
  const char  *title;
  gboolean     long_text;  /* free text that must wrap */
} detail_fields[] = {
  { FIELD_KIND,               GROUP_TICKET,     N_("Kind") },
  { FIELD_CATEGORY,           GROUP_TICKET,     N_("Category") },
  { FIELD_URGENCY,            GROUP_TICKET,     N_("Urgency") },
  { FIELD_SOURCE,             GROUP_TICKET,     N_("Source") },
  { FIELD_STATUS,             GROUP_TICKET,     N_("Status on the platform") },
  { FIELD_REPEAT_OF,          GROUP_TICKET,     N_("Repeat of") },
  { FIELD_PETITIONER_NAME,    GROUP_PETITIONER, N_("Name") },
  { FIELD_PETITIONER_PHONE,   GROUP_PETITIONER, N_("Phone") },
  { FIELD_ADDRESS,            GROUP_PLACE,      N_("Address"), TRUE },
  { FIELD_LOCATION,           GROUP_PLACE,      N_("Location") },
  { FIELD_GRID,               GROUP_PLACE,      N_("Grid") },
  { FIELD_UNIT,               GROUP_PLACE,      N_("Responsible unit"), TRUE },
  { FIELD_STATE,              GROUP_DEADLINES,  N_("State") },
  { FIELD_CLOCK,              GROUP_DEADLINES,  N_("Time") },
  { FIELD_CLOCK_START,        GROUP_DEADLINES,  N_("Clock started") },
  { FIELD_ALLOWED,            GROUP_DEADLINES,  N_("Time allowed") },
  { FIELD_DEADLINE,           GROUP_DEADLINES,  N_("Completion deadline") },
  { FIELD_ORIGINAL_DEADLINE,  GROUP_DEADLINES,  N_("Original deadline") },
  { FIELD_CONTACT_DEADLINE,   GROUP_DEADLINES,  N_("Contact deadline") },
  { FIELD_CONTACT,            GROUP_DEADLINES,  N_("First contact") },
  { FIELD_CLOSED,             GROUP_HANDLING,   N_("Closed") },
  { FIELD_UPDATED,            GROUP_HANDLING,   N_("Last updated") },
  { FIELD_EXTENSION_VERDICT,  GROUP_EXTENSION,  N_("Counts") },
  { FIELD_EXTENSION_REASON,   GROUP_EXTENSION,  N_("Reason"), TRUE },
  { FIELD_EXTENSION_MEASURES, GROUP_EXTENSION,  N_("Measures taken"), TRUE },
  { FIELD_EXTENSION_PROMISED, GROUP_EXTENSION,  N_("Promised by") },
  { FIELD_EXTENSION_FILED,    GROUP_EXTENSION,  N_("Filed") },
  { FIELD_EXTENSION_APPROVED, GROUP_EXTENSION,  N_("Approval") },
  { FIELD_DISPOSITION,        GROUP_RESULT,     N_("Outcome") },
  { FIELD_EVIDENCE,           GROUP_RESULT,     N_("Supporting documents") },
  { FIELD_HANDLED_LEVEL,      GROUP_RESULT,     N_("Settled at") },
  { FIELD_SATISFACTION,       GROUP_RESULT,     N_("Satisfaction") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (detail_fields) == N_FIELDS);

G_DEFINE_FINAL_TYPE (DubanTicketDetail, duban_ticket_detail, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TICKET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
format_time (DubanTime time)
{
  if (time == DUBAN_TIME_NONE)
    return g_strdup (NO_VALUE);

  return duban_time_format_civil (time);
}

static char *
format_enum (DubanEnumType type,
             int           value,
             gboolean      none_is_absent)
{
  const char *display;

  /* The enumerations that are optional on the wire use 0 for "absent". */
  if (none_is_absent && value == 0)
    return g_strdup (NO_VALUE);

  display = duban_enum_to_display (type, value);
  return g_strdup (display != NULL && display[0] != '\0' ? display : NO_VALUE);
}

static char *
format_text (const char *text)
{
  return g_strdup (text != NULL && text[0] != '\0' ? text : NO_VALUE);
}

static void
set_field (DubanTicketDetail *self,
           DetailField        field,
           char              *value)
{
  g_assert (DUBAN_IS_TICKET_DETAIL (self));
  g_assert (field < N_FIELDS);

  gtk_label_set_label (self->values[field], value);
  g_free (value);
}

static void
set_state_class (DubanTicketDetail *self,
                 const char        *state_class)
{
  g_assert (DUBAN_IS_TICKET_DETAIL (self));

  if (self->state_class != NULL)
    {
      gtk_widget_remove_css_class (self->badge, self->state_class);
      gtk_widget_remove_css_class (GTK_WIDGET (self->clock_label), self->state_class);
      gtk_widget_remove_css_class (GTK_WIDGET (self->values[FIELD_STATE]), self->state_class);
      gtk_widget_remove_css_class (GTK_WIDGET (self->values[FIELD_CLOCK]), self->state_class);
    }

  self->state_class = state_class;

  if (state_class != NULL)
    {
      gtk_widget_add_css_class (self->badge, state_class);
      gtk_widget_add_css_class (GTK_WIDGET (self->clock_label), state_class);
      gtk_widget_add_css_class (GTK_WIDGET (self->values[FIELD_STATE]), state_class);
      gtk_widget_add_css_class (GTK_WIDGET (self->values[FIELD_CLOCK]), state_class);
    }
}

static char *
format_contact (const DubanTicket    *ticket,
                const DubanSlaStatus *status)
{
  if (status->contact_deadline == DUBAN_TIME_NONE)
    return g_strdup (_("Not required"));
  if (status->contact_overdue)
    return g_strdup (_("Not within the hour"));
  if (status->contacted)
    return g_strdup (_("On time"));
  return g_strdup (_("Not yet"));
}

static char *
format_approval (const DubanExtension *extension)
{
  switch (extension->approved)
    {
    case 0:  return g_strdup (_("Rejected"));
    case 1:  return g_strdup (_("Approved"));
    default: return g_strdup (_("Not decided"));
    }
}

static char *
format_grid (DubanTicketDetail *self,
             const char        *grid_code)
{
  DubanDesk *desk = self->session != NULL ? duban_session_get_desk (self->session) : NULL;
  const char *name = desk != NULL ? duban_desk_lookup_name (desk, grid_code) : NULL;

  if (grid_code == NULL)
    return g_strdup (NO_VALUE);

  return name != NULL ? g_strdup_printf ("%s (%s)", name, grid_code) : g_strdup (grid_code);
}

static void
note_apply_cb (DubanTicketDetail *self,
               AdwEntryRow       *row)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  g_assert (DUBAN_IS_TICKET_DETAIL (self));

  if (!duban_ticket_detail_add_note (self, text, &error))
    {
      GtkWidget *toast_parent = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

      if (toast_parent != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (toast_parent), adw_toast_new (error->message));
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static void
duban_ticket_detail_update (DubanTicketDetail *self)
{
  const DubanTicket *ticket;
  const DubanSlaStatus *status;
  const DubanExtension *extension;
  g_autofree char *clock = NULL;

  g_assert (DUBAN_IS_TICKET_DETAIL (self));

  if (self->ticket == NULL)
    {
      set_state_class (self, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  ticket = duban_ticket_object_get_ticket (self->ticket);
  status = duban_ticket_object_get_status (self->ticket);
  extension = ticket->extension;

  gtk_label_set_label (self->title_label, ticket->title);
  gtk_label_set_label (self->id_label, ticket->id);

  {
    DubanGlance glance = duban_sla_glance (status);

    set_state_class (self, duban_glance_css_class (glance));
    gtk_image_set_from_icon_name (self->badge_icon, duban_glance_icon_name (glance));
    gtk_label_set_label (self->badge_label, duban_glance_to_display (glance));
  }
  clock = duban_sla_describe_clock (status);
  gtk_label_set_label (self->clock_label, clock);
  gtk_widget_set_visible (self->contact_badge, status->contact_overdue);

  gtk_label_set_label (self->description_label, ticket->description);
  gtk_widget_set_visible (self->description_box,
                          ticket->description != NULL && ticket->description[0] != '\0');

  set_field (self, FIELD_KIND, format_enum (DUBAN_ENUM_KIND, ticket->kind, FALSE));
  set_field (self, FIELD_CATEGORY, format_text (ticket->category));
  set_field (self, FIELD_URGENCY, format_enum (DUBAN_ENUM_URGENCY, ticket->urgency, FALSE));
  set_field (self, FIELD_SOURCE, format_enum (DUBAN_ENUM_SOURCE, ticket->source, TRUE));
  set_field (self, FIELD_STATUS, format_enum (DUBAN_ENUM_STATUS, ticket->status, FALSE));
  set_field (self, FIELD_REPEAT_OF, format_text (ticket->repeat_of));
  gtk_widget_set_visible (self->rows[FIELD_REPEAT_OF], ticket->repeat_of != NULL);

  if (duban_ticket_detail_get_revealed (self))
    {
      set_field (self, FIELD_PETITIONER_NAME, format_text (ticket->petitioner_name));
      set_field (self, FIELD_PETITIONER_PHONE, format_text (ticket->petitioner_phone));
    }
  else
    {
      set_field (self, FIELD_PETITIONER_NAME,
                 ticket->petitioner_name != NULL ? duban_mask_name (ticket->petitioner_name)
                                                 : g_strdup (NO_VALUE));
      set_field (self, FIELD_PETITIONER_PHONE,
                 ticket->petitioner_phone != NULL ? duban_mask_phone (ticket->petitioner_phone)
                                                  : g_strdup (NO_VALUE));
    }
  adw_preferences_group_set_description (self->groups[GROUP_PETITIONER],
                                         duban_ticket_detail_get_revealed (self)
                                           ? _("Shown for a reason written to the audit log")
                                           : _("Masked to protect personal data"));
  /* the same button masks again what it showed */
  {
    AdwButtonContent *content = ADW_BUTTON_CONTENT (gtk_button_get_child (GTK_BUTTON (self->reveal_button)));
    gboolean revealed = duban_ticket_detail_get_revealed (self);

    adw_button_content_set_icon_name (content, revealed ? "view-conceal-symbolic" : "view-reveal-symbolic");
    adw_button_content_set_label (content, revealed ? _("_Mask") : _("_Show…"));
    gtk_widget_set_tooltip_text (self->reveal_button,
                                 revealed ? _("Mask the name and phone number again (Ctrl+Shift+P)")
                                          : _("Show the name and phone number; asks for a reason, which is logged (Ctrl+Shift+P)"));
    gtk_widget_set_visible (self->reveal_button,
                            ticket->petitioner_name != NULL || ticket->petitioner_phone != NULL);
  }

  set_field (self, FIELD_ADDRESS, format_text (ticket->address));
  if (ticket->has_location)
    /* Translators: latitude, longitude and the coordinate system's name */
    set_field (self, FIELD_LOCATION,
               g_strdup_printf (_("%.6f, %.6f (%s)"), ticket->lat, ticket->lon,
                                ticket->crs == DUBAN_CRS_GCJ02 ? "GCJ-02" : "WGS-84"));
  else
    set_field (self, FIELD_LOCATION, g_strdup (NO_VALUE));
  set_field (self, FIELD_GRID, format_grid (self, ticket->grid_code));
  if (ticket->unit_code != NULL && ticket->unit_code[0] != '\0')
    {
      /* the target first: an action that takes a string must never see none */
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->unit_button), "s", ticket->unit_code);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->unit_button), "win.show-unit");
      gtk_widget_set_sensitive (self->unit_button, TRUE);
    }
  else
    {
      /* not dispatched: no unit to show */
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->unit_button), NULL);
      gtk_widget_set_sensitive (self->unit_button, FALSE);
    }
  if (ticket->unit_name != NULL && ticket->unit_code != NULL)
    set_field (self, FIELD_UNIT, g_strdup_printf ("%s (%s)", ticket->unit_name, ticket->unit_code));
  else
    set_field (self, FIELD_UNIT, format_text (ticket->unit_name != NULL ? ticket->unit_name
                                                                        : ticket->unit_code));

  set_field (self, FIELD_STATE, g_strdup (duban_state_to_display (status->state)));
  set_field (self, FIELD_CLOCK, g_strdup (clock));
  set_field (self, FIELD_CLOCK_START, format_time (status->start));
  set_field (self, FIELD_ALLOWED, duban_duration_format (status->allowed, status->unit));
  set_field (self, FIELD_DEADLINE, format_time (status->deadline));
  set_field (self, FIELD_ORIGINAL_DEADLINE, format_time (status->original_deadline));
  gtk_widget_set_visible (self->rows[FIELD_ORIGINAL_DEADLINE],
                          status->original_deadline != status->deadline);
  set_field (self, FIELD_CONTACT_DEADLINE, format_time (status->contact_deadline));
  gtk_widget_set_visible (self->rows[FIELD_CONTACT_DEADLINE],
                          status->contact_deadline != DUBAN_TIME_NONE);
  set_field (self, FIELD_CONTACT, format_contact (ticket, status));
  if (status->contact_overdue)
    gtk_widget_add_css_class (GTK_WIDGET (self->values[FIELD_CONTACT]), "state-overdue");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->values[FIELD_CONTACT]), "state-overdue");

  set_field (self, FIELD_CLOSED, format_time (ticket->closed_at));
  set_field (self, FIELD_UPDATED, format_time (ticket->updated_at));

  gtk_widget_set_visible (GTK_WIDGET (self->groups[GROUP_EXTENSION]), extension != NULL);
  if (extension != NULL)
    {
      set_field (self, FIELD_EXTENSION_VERDICT,
                 g_strdup (duban_extension_verdict_to_display (status->extension)));
      set_field (self, FIELD_EXTENSION_REASON, format_text (extension->reason));
      set_field (self, FIELD_EXTENSION_MEASURES, format_text (extension->measures));
      set_field (self, FIELD_EXTENSION_PROMISED, format_time (extension->promised_at));
      set_field (self, FIELD_EXTENSION_FILED, format_time (extension->filed_at));
      set_field (self, FIELD_EXTENSION_APPROVED, format_approval (extension));
    }

  set_field (self, FIELD_DISPOSITION, format_enum (DUBAN_ENUM_DISPOSITION, ticket->disposition, TRUE));
  set_field (self, FIELD_EVIDENCE, g_strdup_printf ("%d", ticket->evidence_count));
  set_field (self, FIELD_HANDLED_LEVEL, format_enum (DUBAN_ENUM_LEVEL, ticket->handled_level, TRUE));
  set_field (self, FIELD_SATISFACTION, format_enum (DUBAN_ENUM_SATISFACTION, ticket->satisfaction, TRUE));

  duban_ticket_detail_update_rows (self, ticket, status);
  duban_ticket_detail_update_grid_map (self, ticket);

  gtk_stack_set_visible_child_name (self->stack, "ticket");
}

static void
duban_ticket_detail_dispose (GObject *object)
{
  DubanTicketDetail *self = (DubanTicketDetail *)object;

  /* AdwBin keeps its own pointer to the stack; let go of it before the
   * template unparents the stack, or AdwBin would unparent it again. */
  if (self->ticket != NULL && self->changed_handler != 0)
    g_clear_signal_handler (&self->changed_handler, self->ticket);
  g_clear_pointer (&self->dynamic_rows, g_ptr_array_unref);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DUBAN_TYPE_TICKET_DETAIL);
  g_clear_object (&self->ticket);
  g_clear_object (&self->session);
  g_clear_pointer (&self->revealed_id, g_free);
  g_clear_pointer (&self->regions, duban_regions_unref);

  G_OBJECT_CLASS (duban_ticket_detail_parent_class)->dispose (object);
}

static void
duban_ticket_detail_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DubanTicketDetail *self = DUBAN_TICKET_DETAIL (object);

  switch (prop_id)
    {
    case PROP_TICKET:
      g_value_set_object (value, self->ticket);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
duban_ticket_detail_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  DubanTicketDetail *self = DUBAN_TICKET_DETAIL (object);

  switch (prop_id)
    {
    case PROP_TICKET:
      duban_ticket_detail_set_ticket (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
duban_ticket_detail_class_init (DubanTicketDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = duban_ticket_detail_dispose;
  object_class->get_property = duban_ticket_detail_get_property;
  object_class->set_property = duban_ticket_detail_set_property;

  properties[PROP_TICKET] =
    g_param_spec_object ("ticket", NULL, NULL,
                         DUBAN_TYPE_TICKET_OBJECT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/duban/Duban/duban-ticket-detail.ui");

  gtk_widget_class_bind_template_child (widget_class, DubanTicketDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketDetail, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketDetail, id_label);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketDetail, badge);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketDetail, badge_icon);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketDetail, badge_label);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketDetail, clock_label);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketDetail, contact_badge);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketDetail, description_box);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketDetail, actions_box);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketDetail, description_label);
  gtk_widget_class_bind_template_child_full (widget_class, "ticket_group", FALSE,
                                             G_STRUCT_OFFSET (DubanTicketDetail, groups[GROUP_TICKET]));
  gtk_widget_class_bind_template_child_full (widget_class, "petitioner_group", FALSE,
                                             G_STRUCT_OFFSET (DubanTicketDetail, groups[GROUP_PETITIONER]));
  gtk_widget_class_bind_template_child_full (widget_class, "place_group", FALSE,
                                             G_STRUCT_OFFSET (DubanTicketDetail, groups[GROUP_PLACE]));
  gtk_widget_class_bind_template_child_full (widget_class, "deadlines_group", FALSE,
                                             G_STRUCT_OFFSET (DubanTicketDetail, groups[GROUP_DEADLINES]));
  gtk_widget_class_bind_template_child_full (widget_class, "handling_group", FALSE,
                                             G_STRUCT_OFFSET (DubanTicketDetail, groups[GROUP_HANDLING]));
  gtk_widget_class_bind_template_child_full (widget_class, "extension_group", FALSE,
                                             G_STRUCT_OFFSET (DubanTicketDetail, groups[GROUP_EXTENSION]));
  gtk_widget_class_bind_template_child_full (widget_class, "result_group", FALSE,
                                             G_STRUCT_OFFSET (DubanTicketDetail, groups[GROUP_RESULT]));
  gtk_widget_class_bind_template_child (widget_class, DubanTicketDetail, timeline_group);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketDetail, orders_group);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketDetail, notes_group);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketDetail, related_group);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketDetail, note_row);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketDetail, grid_map_frame);
  gtk_widget_class_bind_template_child (widget_class, DubanTicketDetail, grid_map);

  gtk_widget_class_bind_template_callback (widget_class, note_apply_cb);
}

static void
duban_ticket_detail_init (DubanTicketDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Not owning: the groups own their rows. */
  self->dynamic_rows = g_ptr_array_new ();
  /* Not a bound template child: the group disposes its header suffix
   * itself, and disposing the template too would unparent it twice. */
  self->reveal_button = adw_preferences_group_get_header_suffix (self->groups[GROUP_PETITIONER]);
  gtk_drawing_area_set_draw_func (self->grid_map, duban_ticket_detail_draw_grid_map, self, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (detail_fields); i++)
    {
      DetailField field = detail_fields[i].field;
      GtkWidget *row;
      GtkWidget *value;

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(detail_fields[i].title));

      value = gtk_label_new (NO_VALUE);
      gtk_label_set_xalign (GTK_LABEL (value), 1.0);
      /* Only free text wraps: a wrapping label's minimum width is one
       * character, and a row squeezed to it would break times and names
       * at every glyph. */
      if (detail_fields[i].long_text)
        {
          gtk_label_set_wrap (GTK_LABEL (value), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
          gtk_label_set_justify (GTK_LABEL (value), GTK_JUSTIFY_RIGHT);
          gtk_label_set_width_chars (GTK_LABEL (value), 16);
          gtk_label_set_max_width_chars (GTK_LABEL (value), 40);
        }
      /* People copy ticket numbers, addresses and times into other
       * systems and messages. */
      gtk_label_set_selectable (GTK_LABEL (value), TRUE);
      gtk_widget_set_margin_top (value, 6);
      gtk_widget_set_margin_bottom (value, 6);
      gtk_widget_add_css_class (value, "field-value");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);

      /* the unit's page (win.show-unit), from wherever the ticket is
       * shown: the queue's detail and the map's */
      if (field == FIELD_UNIT)
        {
          self->unit_button = gtk_button_new_from_icon_name ("go-next-symbolic");
          gtk_widget_set_valign (self->unit_button, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (self->unit_button, "flat");
          gtk_widget_set_tooltip_text (self->unit_button, _("The unit's page"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->unit_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("The unit's page"), -1);
          gtk_widget_set_sensitive (self->unit_button, FALSE);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), self->unit_button);
        }

      adw_preferences_group_add (self->groups[detail_fields[i].group], row);
      self->rows[field] = row;
      self->values[field] = GTK_LABEL (value);
    }
}

GtkWidget *
duban_ticket_detail_new (void)
{
  return g_object_new (DUBAN_TYPE_TICKET_DETAIL, NULL);
}

DubanTicketObject *
duban_ticket_detail_get_ticket (DubanTicketDetail *self)
{
  g_return_val_if_fail (DUBAN_IS_TICKET_DETAIL (self), NULL);

  return self->ticket;
}

void
duban_ticket_detail_set_ticket (DubanTicketDetail *self,
                                DubanTicketObject *ticket)
{
  g_return_if_fail (DUBAN_IS_TICKET_DETAIL (self));
  g_return_if_fail (!ticket || DUBAN_IS_TICKET_OBJECT (ticket));

  if (self->ticket != ticket)
    {
      if (self->ticket != NULL && self->changed_handler != 0)
        g_clear_signal_handler (&self->changed_handler, self->ticket);
      g_set_object (&self->ticket, ticket);
      /* another ticket is read from its top, not from where the last one
       * was left */
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0.0);
      /* A sync or the clock updates the object in place. */
      if (ticket != NULL)
        self->changed_handler = g_signal_connect_swapped (ticket, "changed",
                                                          G_CALLBACK (duban_ticket_detail_update), self);
    }

  /* Updated even for the same object: its status may be newer. */
  duban_ticket_detail_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
}

const char *
duban_ticket_detail_get_displayed_id (DubanTicketDetail *self)
{
  g_return_val_if_fail (DUBAN_IS_TICKET_DETAIL (self), NULL);

  if (self->ticket == NULL)
    return NULL;

  return gtk_label_get_label (self->id_label);
}

void
duban_ticket_detail_set_session (DubanTicketDetail *self,
                                 DubanSession      *session)
{
  g_return_if_fail (DUBAN_IS_TICKET_DETAIL (self));
  g_return_if_fail (!session || DUBAN_IS_SESSION (session));

  if (self->session != NULL && self->session != session)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (g_set_object (&self->session, session) && session != NULL)
    {
      g_signal_connect_object (session, "reloaded", G_CALLBACK (duban_ticket_detail_forget_regions), self,
                               G_CONNECT_SWAPPED);
      /* an order issued or delivered, a note written, wherever it was */
      g_signal_connect_object (session, "records-changed", G_CALLBACK (duban_ticket_detail_update), self,
                               G_CONNECT_SWAPPED);
    }
  duban_ticket_detail_update (self);
}

void
duban_ticket_detail_refresh (DubanTicketDetail *self)
{
  g_return_if_fail (DUBAN_IS_TICKET_DETAIL (self));

  duban_ticket_detail_update (self);
}

gboolean
duban_ticket_detail_show_ticket_id (DubanTicketDetail *self,
                                    const char        *ticket_id)
{
  GPtrArray *tickets;

  g_return_val_if_fail (DUBAN_IS_TICKET_DETAIL (self), FALSE);
  g_return_val_if_fail (ticket_id != NULL, FALSE);

  if (self->session == NULL || !(tickets = duban_session_get_tickets (self->session)))
    return FALSE;

  for (guint i = 0; i < tickets->len; i++)
    if (g_strcmp0 (((DubanTicket *) g_ptr_array_index (tickets, i))->id, ticket_id) == 0)
      {
        GArray *statuses = duban_session_get_statuses (self->session);
        g_autoptr(DubanTicketObject) object =
          duban_ticket_object_new_shared (tickets, i, &g_array_index (statuses, DubanSlaStatus, i));

        duban_ticket_detail_set_ticket (self, object);
        return TRUE;
      }

  /* not open: a resolved ticket, read from the store by its id, judged now */
  {
    const DubanTicket *ticket = duban_session_lookup_ticket (self->session, ticket_id);
    g_autoptr(DubanTicketObject) object = NULL;
    DubanSlaStatus status;

    if (ticket == NULL)
      return FALSE;
    duban_sla_evaluate (duban_session_get_policy (self->session), duban_session_get_calendar (self->session),
                        ticket, duban_time_now (), &status);
    object = duban_ticket_object_new (duban_ticket_copy (ticket), &status);
    duban_ticket_detail_set_ticket (self, object);
    return TRUE;
  }
}

gboolean
duban_ticket_detail_get_revealed (DubanTicketDetail *self)
{
  g_return_val_if_fail (DUBAN_IS_TICKET_DETAIL (self), FALSE);

  return self->ticket != NULL && self->revealed_id != NULL &&
         g_strcmp0 (self->revealed_id, duban_ticket_object_get_id (self->ticket)) == 0;
}

gboolean
duban_ticket_detail_reveal (DubanTicketDetail  *self,
                            const char         *reason,
                            GError            **error)
{
  DubanStore *store;

  g_return_val_if_fail (DUBAN_IS_TICKET_DETAIL (self), FALSE);

  if (self->ticket == NULL || self->session == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No ticket is shown"));
      return FALSE;
    }

  /* The audit row first: if it cannot be written, nothing is shown. */
  if (!(store = duban_session_get_store (self->session, error)) ||
      !duban_audit_reveal (store, duban_ticket_object_get_id (self->ticket), reason, error))
    return FALSE;

  g_free (self->revealed_id);
  self->revealed_id = g_strdup (duban_ticket_object_get_id (self->ticket));
  duban_ticket_detail_update (self);

  return TRUE;
}

gboolean
duban_ticket_detail_add_note (DubanTicketDetail  *self,
                              const char         *body,
                              GError            **error)
{
  DubanStore *store;

  g_return_val_if_fail (DUBAN_IS_TICKET_DETAIL (self), FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  if (self->ticket == NULL || self->session == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No ticket is shown"));
      return FALSE;
    }

  if (!(store = duban_session_get_store (self->session, error)) ||
      !duban_audit_add_note (store, duban_ticket_object_get_id (self->ticket), body, error))
    return FALSE;

  /* this detail and every other that shows the ticket */
  duban_session_records_changed (self->session);
  return TRUE;
}

void
duban_ticket_detail_focus_note (DubanTicketDetail *self)
{
  g_return_if_fail (DUBAN_IS_TICKET_DETAIL (self));

  if (self->ticket != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->note_row));
}

gboolean
duban_ticket_detail_focus_first (DubanTicketDetail *self)
{
  g_return_val_if_fail (DUBAN_IS_TICKET_DETAIL (self), FALSE);

  /* The number and the title above the actions are selectable, and so
   * take the focus in reading order; a supervisor who leaves the list
   * with Tab means to act on the ticket, so the focus goes to its first
   * action (发出督办单), and from there on in reading order. */
  if (self->ticket != NULL && gtk_widget_is_drawable (self->actions_box) &&
      gtk_widget_child_focus (self->actions_box, GTK_DIR_TAB_FORWARD))
    return TRUE;
  return gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
}

void
duban_ticket_detail_mask (DubanTicketDetail *self)
{
  g_return_if_fail (DUBAN_IS_TICKET_DETAIL (self));

  if (self->revealed_id == NULL)
    return;
  g_clear_pointer (&self->revealed_id, g_free);
  duban_ticket_detail_update (self);
}
