/* duban-ticket.c — parsing, validating and writing tickets (docs/feed-api.md)
 *
 * Validation is strict where the contract is (types, enums, lengths, times
 * with offsets, coordinate ranges, resolved without resolved_at) and
 * lenient where it says to be (unknown fields are ignored; JSON null in
 * an optional field means "absent"). The first problem found is the
 * reason given, phrased so a supervisor reading the quarantine can act
 * on it.
 */

#define G_LOG_DOMAIN "duban-ticket"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "duban-ticket.h"

G_DEFINE_QUARK (duban-ticket-error-quark, duban_ticket_error)

typedef struct {
  const char *wire;
  const char *context;
  const char *display;
} EnumEntry;

static const EnumEntry kind_table[] = {
  { "complaint", "kind", NC_("kind", "Complaint") },
  { "help", "kind", NC_("kind", "Help") },
  { "consultation", "kind", NC_("kind", "Consultation") },
  { "report", "kind", NC_("kind", "Report") },
  { "suggestion", "kind", NC_("kind", "Suggestion") },
  { NULL }
};

static const EnumEntry urgency_table[] = {
  { "normal", "urgency", NC_("urgency", "Normal") },
  { "urgent", "urgency", NC_("urgency", "Urgent") },
  { NULL }
};

static const EnumEntry source_table[] = {
  { "", "source", NC_("source", "Unknown") },
  { "app", "source", NC_("source", "App") },
  { "wechat", "source", NC_("source", "WeChat mini-program") },
  { "hotline", "source", NC_("source", "Hotline") },
  { "grid", "source", NC_("source", "Grid patrol") },
  { "other", "source", NC_("source", "Other") },
  { NULL }
};

static const EnumEntry status_table[] = {
  { "received", "status", NC_("status", "Received") },
  { "dispatched", "status", NC_("status", "Dispatched") },
  { "in_progress", "status", NC_("status", "In progress") },
  { "resolved", "status", NC_("status", "Resolved") },
  { "closed", "status", NC_("status", "Closed") },
  { "returned", "status", NC_("status", "Returned") },
  { "cancelled", "status", NC_("status", "Cancelled") },
  { NULL }
};

static const EnumEntry disposition_table[] = {
  { "", "disposition", NC_("disposition", "None") },
  { "resolved", "disposition", NC_("disposition", "Solved") },
  { "explained", "disposition", NC_("disposition", "Explained") },
  { "unresolvable", "disposition", NC_("disposition", "Cannot be solved yet") },
  { NULL }
};

static const EnumEntry level_table[] = {
  { "", "level", NC_("level", "None") },
  { "grid", "level", NC_("level", "Within the grid") },
  { "town", "level", NC_("level", "Within the town") },
  { "county", "level", NC_("level", "Within the county") },
  { NULL }
};

static const EnumEntry satisfaction_table[] = {
  { "", "satisfaction", NC_("satisfaction", "Not visited") },
  { "satisfied", "satisfaction", NC_("satisfaction", "Satisfied") },
  { "basically_satisfied", "satisfaction", NC_("satisfaction", "Basically satisfied") },
  { "unsatisfied", "satisfaction", NC_("satisfaction", "Unsatisfied") },
  { "unreachable", "satisfaction", NC_("satisfaction", "Unreachable") },
  { NULL }
};

static const EnumEntry crs_table[] = {
  { "wgs84", "crs", "WGS-84" },
  { "gcj02", "crs", "GCJ-02" },
  { NULL }
};

static const EnumEntry *
enum_table (DubanEnumType type)
{
  switch (type)
    {
    case DUBAN_ENUM_KIND: return kind_table;
    case DUBAN_ENUM_URGENCY: return urgency_table;
    case DUBAN_ENUM_SOURCE: return source_table;
    case DUBAN_ENUM_STATUS: return status_table;
    case DUBAN_ENUM_DISPOSITION: return disposition_table;
    case DUBAN_ENUM_LEVEL: return level_table;
    case DUBAN_ENUM_SATISFACTION: return satisfaction_table;
    case DUBAN_ENUM_CRS: return crs_table;
    default: g_assert_not_reached ();
    }
}

static guint
enum_table_length (const EnumEntry *table)
{
  guint n = 0;
  while (table[n].wire != NULL)
    n++;
  return n;
}

gboolean
duban_enum_from_wire (DubanEnumType  type,
                      const char    *wire,
                      int           *out_value)
{
  const EnumEntry *table = enum_table (type);

  g_return_val_if_fail (out_value != NULL, FALSE);

  if (wire == NULL || *wire == '\0')
    return FALSE;

  for (guint i = 0; table[i].wire != NULL; i++)
    if (strcmp (table[i].wire, wire) == 0)
      {
        *out_value = (int) i;
        return TRUE;
      }

  return FALSE;
}

const char *
duban_enum_to_wire (DubanEnumType type,
                    int           value)
{
  const EnumEntry *table = enum_table (type);

  g_return_val_if_fail (value >= 0 && (guint) value < enum_table_length (table), NULL);

  return table[value].wire;
}

const char *
duban_enum_to_display (DubanEnumType type,
                       int           value)
{
  const EnumEntry *table = enum_table (type);

  g_return_val_if_fail (value >= 0 && (guint) value < enum_table_length (table), "");

  if (type == DUBAN_ENUM_CRS)
    return table[value].display;

  return g_dpgettext2 (GETTEXT_PACKAGE, table[value].context, table[value].display);
}

DubanTicket *
duban_ticket_new (void)
{
  DubanTicket *ticket = g_new0 (DubanTicket, 1);

  ticket->received_at = DUBAN_TIME_NONE;
  ticket->dispatched_at = DUBAN_TIME_NONE;
  ticket->first_contact_at = DUBAN_TIME_NONE;
  ticket->resolved_at = DUBAN_TIME_NONE;
  ticket->closed_at = DUBAN_TIME_NONE;
  ticket->updated_at = DUBAN_TIME_NONE;
  ticket->visited_at = DUBAN_TIME_NONE;

  return ticket;
}

static void
extension_free (DubanExtension *extension)
{
  if (extension == NULL)
    return;
  g_free (extension->reason);
  g_free (extension->measures);
  g_free (extension);
}

void
duban_ticket_free (DubanTicket *ticket)
{
  if (ticket == NULL)
    return;

  g_free (ticket->id);
  g_free (ticket->title);
  g_free (ticket->description);
  g_free (ticket->category);
  g_free (ticket->petitioner_name);
  g_free (ticket->petitioner_phone);
  g_free (ticket->address);
  g_free (ticket->grid_code);
  g_free (ticket->unit_code);
  g_free (ticket->unit_name);
  g_free (ticket->repeat_of);
  extension_free (ticket->extension);
  g_clear_pointer (&ticket->supervisions, g_ptr_array_unref);
  g_free (ticket);
}

static gpointer
copy_supervision (gconstpointer supervision,
                  gpointer      user_data)
{
  return duban_supervision_copy (supervision);
}

DubanTicket *
duban_ticket_copy (const DubanTicket *ticket)
{
  DubanTicket *copy;

  g_return_val_if_fail (ticket != NULL, NULL);

  copy = g_memdup2 (ticket, sizeof *ticket);
  copy->id = g_strdup (ticket->id);
  copy->title = g_strdup (ticket->title);
  copy->description = g_strdup (ticket->description);
  copy->category = g_strdup (ticket->category);
  copy->petitioner_name = g_strdup (ticket->petitioner_name);
  copy->petitioner_phone = g_strdup (ticket->petitioner_phone);
  copy->address = g_strdup (ticket->address);
  copy->grid_code = g_strdup (ticket->grid_code);
  copy->unit_code = g_strdup (ticket->unit_code);
  copy->unit_name = g_strdup (ticket->unit_name);
  copy->repeat_of = g_strdup (ticket->repeat_of);

  if (ticket->extension != NULL)
    {
      copy->extension = g_memdup2 (ticket->extension, sizeof *ticket->extension);
      copy->extension->reason = g_strdup (ticket->extension->reason);
      copy->extension->measures = g_strdup (ticket->extension->measures);
    }

  if (ticket->supervisions != NULL)
    copy->supervisions = g_ptr_array_copy (ticket->supervisions, copy_supervision, NULL);

  return copy;
}

/* ---- reading ----------------------------------------------------------- */

/* The rules read a ticket as duban-json-tokens.h writes it, whichever
 * way it came (a sync page's record, or a JsonNode): one validator.
 * A member given as JSON null counts as absent (duban_json_fields_get). */
typedef DubanJsonFields Fields;

static const char *
text_of (Fields               *object,
         const DubanJsonToken *token)
{
  return duban_json_tokens_string (object->tokens, token);
}

static gboolean
fail (GError    **error,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError    **error,
      const char *format,
      ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, DUBAN_TICKET_ERROR, DUBAN_TICKET_ERROR_INVALID, message);
  g_free (message);

  return FALSE;
}

/* A string member, checked, borrowed from the tokens (NULL when absent). */
static gboolean
read_text (Fields       *object,
           const char   *prefix,
           const char   *name,
           gboolean      required,
           guint         max_chars,
           const char  **out,
           GError      **error)
{
  const DubanJsonToken *node = duban_json_fields_get (object, name);
  const char *value;

  *out = NULL;

  if (node == NULL)
    {
      if (required)
        return fail (error, "missing required field '%s%s'", prefix, name);
      return TRUE;
    }

  if (node->type != DUBAN_JSON_STRING)
    return fail (error, "field '%s%s' must be a string", prefix, name);

  value = text_of (object, node);

  if (!duban_json_tokens_get_utf8_checked (object->tokens) &&
      !g_utf8_validate_len (value, node->length, NULL))
    return fail (error, "field '%s%s' is not valid UTF-8", prefix, name);

  if (required && *value == '\0')
    return fail (error, "required field '%s%s' is empty", prefix, name);

  /* no more characters than bytes: only a long string is counted */
  if (max_chars > 0 && node->length > max_chars &&
      g_utf8_strlen (value, node->length) > (glong) max_chars)
    return fail (error, "field '%s%s' is longer than %u characters", prefix, name, max_chars);

  *out = value;
  return TRUE;
}

static gboolean
read_string (Fields      *object,
             const char  *prefix,
             const char  *name,
             gboolean     required,
             guint        max_chars,
             char       **out,
             GError     **error)
{
  const char *value;

  if (!read_text (object, prefix, name, required, max_chars, &value, error))
    return FALSE;
  if (value != NULL)
    *out = g_strdup (value);
  return TRUE;
}

static gboolean
read_enum (Fields        *object,
           const char    *name,
           DubanEnumType  type,
           gboolean       required,
           int           *out,
           GError       **error)
{
  const char *wire;

  if (!read_text (object, "", name, required, 0, &wire, error))
    return FALSE;

  if (wire == NULL)
    return TRUE;

  if (!duban_enum_from_wire (type, wire, out) ||
      /* the "" entries stand for "absent" and are not wire values */
      *duban_enum_to_wire (type, *out) == '\0')
    return fail (error, "unknown value '%s' for field '%s'", wire, name);

  return TRUE;
}

static gboolean
read_time (Fields      *object,
           const char  *prefix,
           const char  *name,
           gboolean     required,
           DubanTime   *out,
           GError     **error)
{
  const char *text;
  g_autoptr(GError) local_error = NULL;

  if (!read_text (object, prefix, name, required, 64, &text, error))
    return FALSE;

  if (text == NULL)
    return TRUE;

  if (!duban_time_parse_rfc3339 (text, out, &local_error))
    return fail (error, "field '%s%s': %s", prefix, name, local_error->message);

  return TRUE;
}

static gboolean
read_number (const DubanJsonToken *node,
             const char           *name,
             double               *out,
             GError              **error)
{
  if (node == NULL)
    return fail (error, "missing required field '%s'", name);

  if (node->type == DUBAN_JSON_DOUBLE)
    *out = node->v.number;
  else if (node->type == DUBAN_JSON_INT)
    *out = (double) node->v.integer;
  else
    return fail (error, "field '%s' must be a number", name);

  if (!isfinite (*out))
    return fail (error, "field '%s' is not a finite number", name);

  return TRUE;
}

static gboolean
read_object (Fields      *object,
             const char  *name,
             Fields      *out,
             gboolean    *present,
             GError     **error)
{
  const DubanJsonToken *node = duban_json_fields_get (object, name);

  *present = FALSE;
  if (node == NULL)
    return TRUE;

  if (node->type != DUBAN_JSON_OBJECT)
    return fail (error, "field '%s' must be an object", name);

  duban_json_fields_init (out, object->tokens, duban_json_tokens_index_of (object->tokens, node));
  *present = TRUE;
  return TRUE;
}

static gboolean
all_digits (const char *text,
            gsize       length)
{
  if (strlen (text) != length)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;

  return TRUE;
}

static gboolean
read_location (Fields      *object,
               DubanTicket *ticket,
               GError     **error)
{
  Fields location;
  gboolean present;
  int crs = DUBAN_CRS_WGS84;

  if (!read_object (object, "location", &location, &present, error))
    return FALSE;
  if (!present)
    return TRUE;

  if (!read_number (duban_json_fields_get (&location, "lat"), "location.lat", &ticket->lat, error) ||
      !read_number (duban_json_fields_get (&location, "lon"), "location.lon", &ticket->lon, error))
    return FALSE;

  if (ticket->lat < -90.0 || ticket->lat > 90.0)
    return fail (error, "field 'location.lat' is outside [-90, 90]: %g", ticket->lat);
  if (ticket->lon < -180.0 || ticket->lon > 180.0)
    return fail (error, "field 'location.lon' is outside [-180, 180]: %g", ticket->lon);

  if (!read_enum (&location, "crs", DUBAN_ENUM_CRS, FALSE, &crs, error))
    return FALSE;

  ticket->crs = crs;
  ticket->has_location = TRUE;
  return TRUE;
}

static gboolean
read_extension (Fields      *object,
                DubanTicket *ticket,
                GError     **error)
{
  Fields ext_object;
  gboolean present;
  DubanExtension *extension;
  const DubanJsonToken *approved;

  if (!read_object (object, "extension", &ext_object, &present, error))
    return FALSE;
  if (!present)
    return TRUE;

  /* An extension's parts are all optional on the wire: an incomplete one
   * is a fact the SLA engine judges (it does not count), not bad data. */
  extension = g_new0 (DubanExtension, 1);
  extension->promised_at = DUBAN_TIME_NONE;
  extension->filed_at = DUBAN_TIME_NONE;
  extension->approved = -1;
  ticket->extension = extension;

  if (!read_string (&ext_object, "extension.", "reason", FALSE, 2000, &extension->reason, error) ||
      !read_string (&ext_object, "extension.", "measures", FALSE, 2000, &extension->measures, error) ||
      !read_time (&ext_object, "extension.", "promised_at", FALSE, &extension->promised_at, error) ||
      !read_time (&ext_object, "extension.", "filed_at", FALSE, &extension->filed_at, error))
    return FALSE;

  approved = duban_json_fields_get (&ext_object, "approved");
  if (approved != NULL)
    {
      if (approved->type != DUBAN_JSON_BOOLEAN)
        return fail (error, "field 'extension.approved' must be true or false");
      extension->approved = approved->v.boolean ? 1 : 0;
    }

  return TRUE;
}

gboolean
duban_ticket_id_is_valid (const char *id,
                          gssize      length)
{
  const char *end;
  glong chars = 0;

  g_return_val_if_fail (id != NULL, FALSE);

  if (length < 0)
    length = strlen (id);
  end = id + length;

  if (length == 0 || !g_utf8_validate_len (id, length, NULL))
    return FALSE;
  if ((length == 1 && id[0] == '.') || (length == 2 && id[0] == '.' && id[1] == '.'))
    return FALSE;

  for (const char *p = id; p < end; p = g_utf8_next_char (p))
    {
      /* a NUL has already failed g_utf8_validate_len */
      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        return FALSE;
      chars++;
    }

  return chars <= 64;
}

static gboolean
parse_ticket (Fields      *object,
              DubanTicket *ticket,
              GError     **error)
{
  Fields sub;
  gboolean present;
  const DubanJsonToken *node;
  int value;

  if (!read_string (object, "", "id", TRUE, 64, &ticket->id, error))
    return FALSE;

  /* An id names the ticket's row, its orders and its URL path: one that
   * a control character or a dot-segment could make equal to another
   * is not a name. (A NUL never reaches here: json-glib cuts the string
   * at it, which is why duban-feed-page.c looks at the bytes first.) */
  if (!duban_ticket_id_is_valid (ticket->id, -1))
    {
      GString *shown = g_string_new (NULL);

      /* control characters as \uXXXX, the rest as it is */
      for (const char *p = ticket->id; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (g_unichar_iscntrl (c))
            g_string_append_printf (shown, "\\u%04X", c);
          else
            g_string_append_len (shown, p, g_utf8_next_char (p) - p);
        }
      fail (error, "field 'id' is not a valid ticket id: '%s'", shown->str);
      g_string_free (shown, TRUE);
      return FALSE;
    }

  if (!read_string (object, "", "title", TRUE, 200, &ticket->title, error) ||
      !read_string (object, "", "description", FALSE, 10000, &ticket->description, error))
    return FALSE;

  value = 0;
  if (!read_enum (object, "kind", DUBAN_ENUM_KIND, TRUE, &value, error))
    return FALSE;
  ticket->kind = value;

  if (!read_string (object, "", "category", TRUE, 64, &ticket->category, error))
    return FALSE;

  value = 0;
  if (!read_enum (object, "urgency", DUBAN_ENUM_URGENCY, TRUE, &value, error))
    return FALSE;
  ticket->urgency = value;

  value = DUBAN_SOURCE_NONE;
  if (!read_enum (object, "source", DUBAN_ENUM_SOURCE, FALSE, &value, error))
    return FALSE;
  ticket->source = value;

  if (!read_object (object, "petitioner", &sub, &present, error))
    return FALSE;
  if (present &&
      (!read_string (&sub, "petitioner.", "name", FALSE, 100, &ticket->petitioner_name, error) ||
       !read_string (&sub, "petitioner.", "phone", FALSE, 40, &ticket->petitioner_phone, error)))
    return FALSE;

  if (!read_string (object, "", "address", FALSE, 500, &ticket->address, error) ||
      !read_location (object, ticket, error) ||
      !read_string (object, "", "grid_code", FALSE, 0, &ticket->grid_code, error))
    return FALSE;

  if (ticket->grid_code != NULL && !all_digits (ticket->grid_code, 15))
    return fail (error, "field 'grid_code' must be 15 digits: '%s'", ticket->grid_code);

  if (!read_object (object, "unit", &sub, &present, error))
    return FALSE;
  if (present &&
      (!read_string (&sub, "unit.", "code", TRUE, 64, &ticket->unit_code, error) ||
       !read_string (&sub, "unit.", "name", FALSE, 200, &ticket->unit_name, error)))
    return FALSE;

  value = 0;
  if (!read_enum (object, "status", DUBAN_ENUM_STATUS, TRUE, &value, error))
    return FALSE;
  ticket->status = value;

  if (!read_time (object, "", "received_at", TRUE, &ticket->received_at, error) ||
      !read_time (object, "", "dispatched_at", FALSE, &ticket->dispatched_at, error) ||
      !read_time (object, "", "first_contact_at", FALSE, &ticket->first_contact_at, error) ||
      !read_time (object, "", "resolved_at", FALSE, &ticket->resolved_at, error) ||
      !read_time (object, "", "closed_at", FALSE, &ticket->closed_at, error) ||
      !read_time (object, "", "updated_at", TRUE, &ticket->updated_at, error) ||
      !read_extension (object, ticket, error))
    return FALSE;

  value = DUBAN_DISPOSITION_NONE;
  if (!read_enum (object, "disposition", DUBAN_ENUM_DISPOSITION, FALSE, &value, error))
    return FALSE;
  ticket->disposition = value;

  node = duban_json_fields_get (object, "evidence_count");
  if (node != NULL)
    {
      gint64 count;

      if (node->type != DUBAN_JSON_INT)
        return fail (error, "field 'evidence_count' must be a whole number");
      count = node->v.integer;
      if (count < 0 || count > G_MAXINT)
        return fail (error, "field 'evidence_count' is out of range: %" G_GINT64_FORMAT, count);
      ticket->evidence_count = (int) count;
    }

  value = DUBAN_LEVEL_NONE;
  if (!read_enum (object, "handled_level", DUBAN_ENUM_LEVEL, FALSE, &value, error))
    return FALSE;
  ticket->handled_level = value;

  value = DUBAN_SATISFACTION_NONE;
  if (!read_enum (object, "satisfaction", DUBAN_ENUM_SATISFACTION, FALSE, &value, error))
    return FALSE;
  ticket->satisfaction = value;

  if (!read_time (object, "", "visited_at", FALSE, &ticket->visited_at, error) ||
      !read_string (object, "", "repeat_of", FALSE, 64, &ticket->repeat_of, error) ||
      !duban_supervisions_read_fields (object, &ticket->supervisions, error))
    return FALSE;

  if ((ticket->status == DUBAN_STATUS_RESOLVED || ticket->status == DUBAN_STATUS_CLOSED) &&
      ticket->resolved_at == DUBAN_TIME_NONE)
    return fail (error, "status '%s' without 'resolved_at'",
                 duban_enum_to_wire (DUBAN_ENUM_STATUS, ticket->status));

  return TRUE;
}

DubanTicket *
duban_ticket_new_from_tokens (const DubanJsonTokens  *tokens,
                              guint                   index,
                              GError                **error)
{
  g_autoptr(DubanTicket) ticket = NULL;
  Fields object;

  g_return_val_if_fail (tokens != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (index >= duban_json_tokens_count (tokens) ||
      duban_json_tokens_get (tokens, index)->type != DUBAN_JSON_OBJECT)
    {
      fail (error, "a ticket must be a JSON object");
      return NULL;
    }

  ticket = duban_ticket_new ();
  duban_json_fields_init (&object, tokens, index);
  if (!parse_ticket (&object, ticket, error))
    return NULL;

  return g_steal_pointer (&ticket);
}

DubanTicket *
duban_ticket_new_from_json (JsonNode  *node,
                            GError   **error)
{
  g_autoptr(DubanJsonTokens) tokens = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, "a ticket must be a JSON object");
      return NULL;
    }

  /* written out as the page cutter writes a record, and read by the same rules */
  tokens = duban_json_tokens_new ();
  return duban_ticket_new_from_tokens (tokens, duban_json_tokens_add_node (tokens, node), error);
}

gboolean
duban_ticket_check_times (const DubanTicket  *ticket,
                          DubanTime           latest,
                          GError            **error)
{
  const struct { const char *name; DubanTime time; } times[] = {
    { "received_at", ticket->received_at },
    { "dispatched_at", ticket->dispatched_at },
    { "first_contact_at", ticket->first_contact_at },
    { "resolved_at", ticket->resolved_at },
    { "closed_at", ticket->closed_at },
    { "updated_at", ticket->updated_at },
    { "visited_at", ticket->visited_at },
  };

  g_return_val_if_fail (ticket != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    if (times[i].time != DUBAN_TIME_NONE && times[i].time > latest)
      {
        g_autofree char *text = duban_time_format_rfc3339 (times[i].time);

        return fail (error, "field '%s' is in the future: %s", times[i].name, text);
      }

  return TRUE;
}

/* ---- writing ----------------------------------------------------------- */

static void
add_time (JsonBuilder *builder,
          const char  *name,
          DubanTime    time)
{
  g_autofree char *text = NULL;

  if (time == DUBAN_TIME_NONE)
    return;

  text = duban_time_format_rfc3339 (time);
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, text);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_enum (JsonBuilder   *builder,
          const char    *name,
          DubanEnumType  type,
          int            value)
{
  const char *wire = duban_enum_to_wire (type, value);

  if (wire != NULL && *wire != '\0')
    add_string (builder, name, wire);
}

JsonNode *
duban_ticket_to_json (const DubanTicket *ticket)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (ticket != NULL, NULL);

  json_builder_begin_object (builder);
  add_string (builder, "id", ticket->id);
  add_string (builder, "title", ticket->title);
  add_string (builder, "description", ticket->description);
  add_enum (builder, "kind", DUBAN_ENUM_KIND, ticket->kind);
  add_string (builder, "category", ticket->category);
  add_enum (builder, "urgency", DUBAN_ENUM_URGENCY, ticket->urgency);
  add_enum (builder, "source", DUBAN_ENUM_SOURCE, ticket->source);

  if (ticket->petitioner_name != NULL || ticket->petitioner_phone != NULL)
    {
      json_builder_set_member_name (builder, "petitioner");
      json_builder_begin_object (builder);
      add_string (builder, "name", ticket->petitioner_name);
      add_string (builder, "phone", ticket->petitioner_phone);
      json_builder_end_object (builder);
    }

  add_string (builder, "address", ticket->address);

  if (ticket->has_location)
    {
      json_builder_set_member_name (builder, "location");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "lat");
      json_builder_add_double_value (builder, ticket->lat);
      json_builder_set_member_name (builder, "lon");
      json_builder_add_double_value (builder, ticket->lon);
      add_enum (builder, "crs", DUBAN_ENUM_CRS, ticket->crs);
      json_builder_end_object (builder);
    }

  add_string (builder, "grid_code", ticket->grid_code);

  if (ticket->unit_code != NULL)
    {
      json_builder_set_member_name (builder, "unit");
      json_builder_begin_object (builder);
      add_string (builder, "code", ticket->unit_code);
      add_string (builder, "name", ticket->unit_name);
      json_builder_end_object (builder);
    }

  add_enum (builder, "status", DUBAN_ENUM_STATUS, ticket->status);
  add_time (builder, "received_at", ticket->received_at);
  add_time (builder, "dispatched_at", ticket->dispatched_at);
  add_time (builder, "first_contact_at", ticket->first_contact_at);
  add_time (builder, "resolved_at", ticket->resolved_at);
  add_time (builder, "closed_at", ticket->closed_at);
  add_time (builder, "updated_at", ticket->updated_at);

  if (ticket->extension != NULL)
    {
      const DubanExtension *extension = ticket->extension;

      json_builder_set_member_name (builder, "extension");
      json_builder_begin_object (builder);
      add_string (builder, "reason", extension->reason);
      add_string (builder, "measures", extension->measures);
      add_time (builder, "promised_at", extension->promised_at);
      add_time (builder, "filed_at", extension->filed_at);
      if (extension->approved >= 0)
        {
          json_builder_set_member_name (builder, "approved");
          json_builder_add_boolean_value (builder, extension->approved != 0);
        }
      json_builder_end_object (builder);
    }

  add_enum (builder, "disposition", DUBAN_ENUM_DISPOSITION, ticket->disposition);
  if (ticket->evidence_count > 0)
    {
      json_builder_set_member_name (builder, "evidence_count");
      json_builder_add_int_value (builder, ticket->evidence_count);
    }
  add_enum (builder, "handled_level", DUBAN_ENUM_LEVEL, ticket->handled_level);
  add_enum (builder, "satisfaction", DUBAN_ENUM_SATISFACTION, ticket->satisfaction);
  add_time (builder, "visited_at", ticket->visited_at);
  add_string (builder, "repeat_of", ticket->repeat_of);
  duban_supervisions_write (builder, ticket->supervisions);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Masking personal data is duban-privacy.c's. */

char *
duban_grid_code_town (const char *grid_code)
{
  if (grid_code == NULL || strlen (grid_code) < 9)
    return NULL;

  return g_strndup (grid_code, 9);
}
