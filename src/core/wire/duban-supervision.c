/* duban-supervision.c — an order (督办单) as the platform carries it
 *
 * The orders a ticket carries are read as strictly as the ticket itself:
 * an order is evidence that a unit was pressed, so one the desk cannot
 * read makes the ticket go to quarantine with the reason rather than be
 * shown without it. The level names live here, once, for the desk's own
 * orders (store/duban-orders.c) and the platform's alike.
 */
#define G_LOG_DOMAIN "duban-supervision"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-supervision.h"
#include "duban-ticket.h"

/* More than this on one ticket is not a record of supervision but a
 * platform gone wrong; the ticket goes to quarantine. */
#define MAX_SUPERVISIONS 200

static const char * const level_wire[] = {
  [DUBAN_ORDER_NOTICE]   = "notice",
  [DUBAN_ORDER_YELLOW]   = "yellow",
  [DUBAN_ORDER_RED]      = "red",
  [DUBAN_ORDER_BULLETIN] = "bulletin",
};

G_STATIC_ASSERT (G_N_ELEMENTS (level_wire) == DUBAN_ORDER_N_LEVELS);

const char *
duban_order_level_to_wire (DubanOrderLevel level)
{
  g_return_val_if_fail (level < DUBAN_ORDER_N_LEVELS, NULL);

  return level_wire[level];
}

gboolean
duban_order_level_from_wire (const char      *wire,
                             DubanOrderLevel *level)
{
  g_return_val_if_fail (level != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (level_wire); i++)
    if (g_strcmp0 (wire, level_wire[i]) == 0)
      {
        *level = i;
        return TRUE;
      }

  return FALSE;
}

const char *
duban_order_level_to_display (DubanOrderLevel level)
{
  switch (level)
    {
    case DUBAN_ORDER_NOTICE:   return C_("supervision order level", "Notice");
    case DUBAN_ORDER_YELLOW:   return C_("supervision order level", "Yellow card");
    case DUBAN_ORDER_RED:      return C_("supervision order level", "Red card");
    case DUBAN_ORDER_BULLETIN: return C_("supervision order level", "Public notice");
    default:
      g_return_val_if_reached (NULL);
    }
}

void
duban_supervision_free (DubanSupervision *supervision)
{
  if (supervision == NULL)
    return;

  g_free (supervision->client_id);
  g_free (supervision->note);
  g_free (supervision->issued_by);
  g_free (supervision->reply);
  g_free (supervision);
}

DubanSupervision *
duban_supervision_copy (const DubanSupervision *supervision)
{
  DubanSupervision *copy;

  g_return_val_if_fail (supervision != NULL, NULL);

  copy = g_memdup2 (supervision, sizeof *supervision);
  copy->client_id = g_strdup (supervision->client_id);
  copy->note = g_strdup (supervision->note);
  copy->issued_by = g_strdup (supervision->issued_by);
  copy->reply = g_strdup (supervision->reply);
  return copy;
}

gboolean
duban_supervision_replied (const DubanSupervision *supervision,
                           DubanTime               at)
{
  g_return_val_if_fail (supervision != NULL, FALSE);

  return supervision->replied_at != DUBAN_TIME_NONE && supervision->replied_at <= at;
}

gboolean
duban_supervision_reply_overdue (const DubanSupervision *supervision,
                                 DubanTime               at)
{
  g_return_val_if_fail (supervision != NULL, FALSE);

  if (supervision->respond_by == DUBAN_TIME_NONE || at <= supervision->respond_by)
    return FALSE;
  /* a reply after the deadline was late, and stays late once it came:
   * the ladder counts it, the unit was pressed and did not answer in time */
  if (supervision->replied_at == DUBAN_TIME_NONE || supervision->replied_at > at)
    return TRUE;
  return supervision->replied_at > supervision->respond_by;
}

/* ---- reading ----------------------------------------------------------- */

static gboolean
fail (GError     **error,
      guint        index,
      const char  *field,
      const char  *problem)
{
  g_set_error (error, DUBAN_TICKET_ERROR, DUBAN_TICKET_ERROR_INVALID,
               "field 'supervisions[%u].%s' %s", index, field, problem);
  return FALSE;
}

static gboolean
read_text (DubanJsonFields *object,
           guint            index,
           const char      *name,
           gboolean         required,
           glong            max_chars,
           char           **out,
           GError         **error)
{
  const DubanJsonToken *node = duban_json_fields_get (object, name);
  const char *value;

  if (node == NULL)
    return required ? fail (error, index, name, "is missing") : TRUE;
  if (node->type != DUBAN_JSON_STRING)
    return fail (error, index, name, "must be a string");
  value = duban_json_tokens_string (object->tokens, node);
  if (!duban_json_tokens_get_utf8_checked (object->tokens) &&
      !g_utf8_validate_len (value, node->length, NULL))
    return fail (error, index, name, "is not valid UTF-8");
  if (required && value[0] == '\0')
    return fail (error, index, name, "is empty");
  if ((glong) node->length > max_chars && g_utf8_strlen (value, node->length) > max_chars)
    return fail (error, index, name, "is too long");

  *out = g_strndup (value, node->length);
  return TRUE;
}

static gboolean
read_time (DubanJsonFields *object,
           guint        index,
           const char  *name,
           gboolean     required,
           DubanTime   *out,
           GError     **error)
{
  g_autofree char *text = NULL;

  *out = DUBAN_TIME_NONE;
  if (!read_text (object, index, name, required, 64, &text, error))
    return FALSE;
  if (text != NULL && !duban_time_parse_rfc3339 (text, out, NULL))
    return fail (error, index, name, "is not an RFC 3339 time with an offset");
  return TRUE;
}

static DubanSupervision *
read_one (const DubanJsonTokens *tokens,
          guint                  element,
          guint                  index,
          GError               **error)
{
  g_autoptr(DubanSupervision) supervision = g_new0 (DubanSupervision, 1);
  g_autofree char *level = NULL;
  DubanJsonFields fields;
  DubanJsonFields *object = &fields;

  if (duban_json_tokens_get (tokens, element)->type != DUBAN_JSON_OBJECT)
    {
      g_set_error (error, DUBAN_TICKET_ERROR, DUBAN_TICKET_ERROR_INVALID,
                   "field 'supervisions[%u]' must be an object", index);
      return NULL;
    }
  duban_json_fields_init (&fields, tokens, element);

  if (!read_text (object, index, "client_id", TRUE, 128, &supervision->client_id, error) ||
      !read_text (object, index, "level", TRUE, 16, &level, error))
    return NULL;
  if (!duban_order_level_from_wire (level, &supervision->level))
    {
      fail (error, index, "level", "is not notice, yellow, red or bulletin");
      return NULL;
    }
  if (!read_text (object, index, "note", FALSE, 10000, &supervision->note, error) ||
      !read_text (object, index, "issued_by", FALSE, 200, &supervision->issued_by, error) ||
      !read_time (object, index, "issued_at", TRUE, &supervision->issued_at, error) ||
      !read_time (object, index, "respond_by", FALSE, &supervision->respond_by, error) ||
      !read_time (object, index, "replied_at", FALSE, &supervision->replied_at, error) ||
      !read_text (object, index, "reply", FALSE, 10000, &supervision->reply, error))
    return NULL;
  if (supervision->note == NULL)
    supervision->note = g_strdup ("");
  if (supervision->replied_at != DUBAN_TIME_NONE && supervision->replied_at < supervision->issued_at)
    {
      fail (error, index, "replied_at", "is before the order was issued");
      return NULL;
    }

  return g_steal_pointer (&supervision);
}

static int
compare_issued (gconstpointer a,
                gconstpointer b)
{
  const DubanSupervision *x = *(const DubanSupervision * const *) a;
  const DubanSupervision *y = *(const DubanSupervision * const *) b;

  if (x->issued_at != y->issued_at)
    return x->issued_at < y->issued_at ? -1 : 1;
  return g_strcmp0 (x->client_id, y->client_id);
}

gboolean
duban_supervisions_read (JsonObject  *ticket_object,
                         GPtrArray  **out,
                         GError     **error)
{
  g_autoptr(DubanJsonTokens) tokens = NULL;
  g_autoptr(JsonNode) node = NULL;
  DubanJsonFields fields;

  g_return_val_if_fail (ticket_object != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  /* the rules are read over tokens, once: write the object out as such */
  tokens = duban_json_tokens_new ();
  node = json_node_init_object (json_node_alloc (), ticket_object);
  duban_json_fields_init (&fields, tokens, duban_json_tokens_add_node (tokens, node));
  return duban_supervisions_read_fields (&fields, out, error);
}

gboolean
duban_supervisions_read_fields (DubanJsonFields  *ticket_fields,
                                GPtrArray       **out,
                                GError          **error)
{
  g_autoptr(GPtrArray) supervisions = NULL;
  g_autoptr(GHashTable) seen = NULL;
  const DubanJsonToken *node;
  guint element;
  guint length;

  g_return_val_if_fail (ticket_fields != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  *out = NULL;
  node = duban_json_fields_get (ticket_fields, "supervisions");
  if (node == NULL)
    return TRUE;
  if (node->type != DUBAN_JSON_ARRAY)
    {
      g_set_error_literal (error, DUBAN_TICKET_ERROR, DUBAN_TICKET_ERROR_INVALID,
                           "field 'supervisions' must be an array");
      return FALSE;
    }

  length = node->length;
  /* the first element follows its array */
  element = duban_json_tokens_index_of (ticket_fields->tokens, node) + 1;
  if (length > MAX_SUPERVISIONS)
    {
      g_set_error (error, DUBAN_TICKET_ERROR, DUBAN_TICKET_ERROR_INVALID,
                   "field 'supervisions' has %u orders, more than %u", length, MAX_SUPERVISIONS);
      return FALSE;
    }
  if (length == 0)
    return TRUE;

  supervisions = g_ptr_array_new_full (length, (GDestroyNotify) duban_supervision_free);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < length; i++)
    {
      DubanSupervision *supervision = read_one (ticket_fields->tokens, element, i, error);

      element = duban_json_tokens_get (ticket_fields->tokens, element)->next;
      if (supervision == NULL)
        return FALSE;
      g_ptr_array_add (supervisions, supervision);
      /* one order told twice would count twice on the ladder */
      if (!g_hash_table_add (seen, supervision->client_id))
        return fail (error, i, "client_id", "repeats an earlier order's");
    }

  g_ptr_array_sort (supervisions, compare_issued);
  *out = g_steal_pointer (&supervisions);
  return TRUE;
}

/* ---- writing ----------------------------------------------------------- */

static void
add_text (JsonBuilder *builder,
          const char  *name,
          const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          DubanTime    time)
{
  g_autofree char *text = NULL;

  if (time == DUBAN_TIME_NONE)
    return;
  text = duban_time_format_rfc3339 (time);
  add_text (builder, name, text);
}

void
duban_supervisions_write (JsonBuilder *builder,
                          GPtrArray   *supervisions)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));

  if (supervisions == NULL || supervisions->len == 0)
    return;

  json_builder_set_member_name (builder, "supervisions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < supervisions->len; i++)
    {
      const DubanSupervision *supervision = g_ptr_array_index (supervisions, i);

      json_builder_begin_object (builder);
      add_text (builder, "client_id", supervision->client_id);
      add_text (builder, "level", duban_order_level_to_wire (supervision->level));
      add_text (builder, "note", supervision->note);
      add_time (builder, "respond_by", supervision->respond_by);
      add_text (builder, "issued_by", supervision->issued_by);
      add_time (builder, "issued_at", supervision->issued_at);
      add_time (builder, "replied_at", supervision->replied_at);
      add_text (builder, "reply", supervision->reply);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}
