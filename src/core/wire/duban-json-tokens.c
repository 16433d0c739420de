/* duban-json-tokens.c — a JSON value as one flat array of tokens
 *
 * Two arrays and no allocation per value: the tokens, and one buffer
 * holding every name and string, each NUL-terminated so that the rules
 * may treat them as C strings (a string holding U+0000 never reaches
 * them: duban-feed-page.c sends its record to quarantine first).
 */

#define G_LOG_DOMAIN "duban-json-tokens"

#include "config.h"

#include <string.h>

#include "duban-json-tokens.h"

typedef struct {
  guint   index;      /* the open container */
  guint32 key;        /* its last member's name (objects), or G_MAXUINT32 */
  guint32 key_length;
  guint64 names;      /* a bit per name given so far (name_bit): most names need no search */
} Open;

struct _DubanJsonTokens {
  GArray  *tokens;    /* of DubanJsonToken */
  GString *text;
  GArray  *open;      /* of Open, innermost last */
  guint32  key;       /* the name of the next value, or G_MAXUINT32 */
  guint32  key_length;
  gboolean utf8_checked;
};

DubanJsonTokens *
duban_json_tokens_new (void)
{
  DubanJsonTokens *tokens = g_new0 (DubanJsonTokens, 1);

  tokens->tokens = g_array_sized_new (FALSE, FALSE, sizeof (DubanJsonToken), 256);
  tokens->text = g_string_sized_new (4096);
  tokens->open = g_array_new (FALSE, FALSE, sizeof (Open));
  tokens->key = G_MAXUINT32;
  return tokens;
}

void
duban_json_tokens_free (DubanJsonTokens *tokens)
{
  if (tokens == NULL)
    return;
  g_array_unref (tokens->tokens);
  g_string_free (tokens->text, TRUE);
  g_array_unref (tokens->open);
  g_free (tokens);
}

void
duban_json_tokens_reserve (DubanJsonTokens *tokens,
                           guint            n_tokens,
                           gsize            n_bytes)
{
  guint len = tokens->tokens->len;
  gsize text_len = tokens->text->len;

  /* grow once rather than by doubling and copying */
  if (n_tokens > len)
    {
      g_array_set_size (tokens->tokens, n_tokens);
      g_array_set_size (tokens->tokens, len);
    }
  if (n_bytes > text_len)
    {
      g_string_set_size (tokens->text, n_bytes);
      g_string_truncate (tokens->text, text_len);
    }
}

guint
duban_json_tokens_count (const DubanJsonTokens *tokens)
{
  return tokens->tokens->len;
}

static guint32
add_text (DubanJsonTokens *tokens,
          const char      *text,
          gsize            length)
{
  gsize offset = tokens->text->len;

  /* one copy, the terminator included; the GString keeps its own */
  g_string_set_size (tokens->text, offset + length + 1);
  memcpy (tokens->text->str + offset, text, length);
  tokens->text->str[offset + length] = '\0';
  return (guint32) offset;
}

static guint64
name_bit (const char *name,
          gsize       length)
{
  guint h = (guint) length * 31u;

  if (length > 0)
    h += (guchar) name[0] * 7u + (guchar) name[length - 1] * 3u + (guchar) name[length / 2];
  return G_GUINT64_CONSTANT (1) << (h % 64);
}

void
duban_json_tokens_set_utf8_checked (DubanJsonTokens *tokens,
                                    gboolean         checked)
{
  tokens->utf8_checked = checked;
}

gboolean
duban_json_tokens_get_utf8_checked (const DubanJsonTokens *tokens)
{
  return tokens->utf8_checked;
}

void
duban_json_tokens_add_key (DubanJsonTokens *tokens,
                           const char      *name,
                           gsize            length)
{
  tokens->key = add_text (tokens, name, length);
  tokens->key_length = (guint32) length;
  if (tokens->open->len > 0)
    {
      Open *open = &g_array_index (tokens->open, Open, tokens->open->len - 1);

      open->key = tokens->key;
      open->key_length = tokens->key_length;
      open->names |= name_bit (name, length);
    }
}

static DubanJsonToken *
add (DubanJsonTokens *tokens,
     DubanJsonType    type)
{
  DubanJsonToken *token;
  guint index = tokens->tokens->len;

  g_array_set_size (tokens->tokens, index + 1);
  token = &g_array_index (tokens->tokens, DubanJsonToken, index);
  token->type = type;
  token->length = 0;
  token->next = index + 1;
  token->key = tokens->key;
  token->key_length = tokens->key_length;
  token->v.text = 0;
  tokens->key = G_MAXUINT32;
  tokens->key_length = 0;

  if (tokens->open->len > 0)
    g_array_index (tokens->tokens, DubanJsonToken,
                   g_array_index (tokens->open, Open, tokens->open->len - 1).index).length++;
  return token;
}

void
duban_json_tokens_add_null (DubanJsonTokens *tokens)
{
  add (tokens, DUBAN_JSON_NULL);
}

void
duban_json_tokens_add_boolean (DubanJsonTokens *tokens,
                               gboolean         value)
{
  add (tokens, DUBAN_JSON_BOOLEAN)->v.boolean = value != FALSE;
}

void
duban_json_tokens_add_int (DubanJsonTokens *tokens,
                           gint64           value)
{
  add (tokens, DUBAN_JSON_INT)->v.integer = value;
}

void
duban_json_tokens_add_double (DubanJsonTokens *tokens,
                              double           value)
{
  add (tokens, DUBAN_JSON_DOUBLE)->v.number = value;
}

void
duban_json_tokens_add_number (DubanJsonTokens *tokens,
                              const char      *text,
                              gsize            length)
{
  char buffer[64];
  g_autofree char *long_text = NULL;
  const char *number = buffer;
  gboolean negative;
  guint64 magnitude;

  if (length < sizeof buffer)
    {
      memcpy (buffer, text, length);
      buffer[length] = '\0';
    }
  else
    number = long_text = g_strndup (text, length);

  if (memchr (number, '.', length) != NULL || memchr (number, 'e', length) != NULL ||
      memchr (number, 'E', length) != NULL)
    {
      duban_json_tokens_add_double (tokens, g_ascii_strtod (number, NULL));
      return;
    }

  /* json-glib's scanner reads the digits unsigned, saturating, and then
   * negates: 2^63 reads as G_MININT64 and 10^20 as -1. The same number
   * must be the same value whichever way a ticket arrived. */
  negative = number[0] == '-';
  magnitude = g_ascii_strtoull (number + (negative ? 1 : 0), NULL, 10);
  duban_json_tokens_add_int (tokens, (gint64) (negative ? (guint64) 0 - magnitude : magnitude));
}

void
duban_json_tokens_add_string (DubanJsonTokens *tokens,
                              const char      *text,
                              gsize            length)
{
  guint32 offset = add_text (tokens, text, length);
  DubanJsonToken *token = add (tokens, DUBAN_JSON_STRING);

  token->length = (guint32) length;
  token->v.text = offset;
}

guint
duban_json_tokens_open (DubanJsonTokens *tokens,
                        gboolean         is_array)
{
  Open open = { tokens->tokens->len, G_MAXUINT32, 0, 0 };

  add (tokens, is_array ? DUBAN_JSON_ARRAY : DUBAN_JSON_OBJECT);
  g_array_append_val (tokens->open, open);
  return open.index;
}

void
duban_json_tokens_close (DubanJsonTokens *tokens)
{
  Open *open;

  g_return_if_fail (tokens->open->len > 0);

  open = &g_array_index (tokens->open, Open, tokens->open->len - 1);
  g_array_index (tokens->tokens, DubanJsonToken, open->index).next = tokens->tokens->len;
  g_array_set_size (tokens->open, tokens->open->len - 1);
  tokens->key = G_MAXUINT32;
}

const char *
duban_json_tokens_open_key (const DubanJsonTokens *tokens,
                            gsize                 *length)
{
  for (guint i = tokens->open->len; i > 0; i--)
    {
      const Open *open = &g_array_index (tokens->open, Open, i - 1);

      if (g_array_index (tokens->tokens, DubanJsonToken, open->index).type != DUBAN_JSON_OBJECT)
        continue;
      if (open->key == G_MAXUINT32)
        return NULL;
      *length = open->key_length;
      return tokens->text->str + open->key;
    }
  return NULL;
}

gboolean
duban_json_tokens_open_has_key (const DubanJsonTokens *tokens,
                                const char            *name,
                                gsize                  length)
{
  const DubanJsonToken *all = (const DubanJsonToken *) tokens->tokens->data;
  const Open *open;

  if (tokens->open->len == 0)
    return FALSE;
  open = &g_array_index (tokens->open, Open, tokens->open->len - 1);
  if (all[open->index].type != DUBAN_JSON_OBJECT || (open->names & name_bit (name, length)) == 0)
    return FALSE;

  /* the members before this name are complete: step from one to the next */
  for (guint i = open->index + 1; i < tokens->tokens->len; i = all[i].next)
    if (all[i].key_length == length && memcmp (tokens->text->str + all[i].key, name, length) == 0)
      return TRUE;
  return FALSE;
}

guint
duban_json_tokens_add_node (DubanJsonTokens *tokens,
                            JsonNode        *node)
{
  guint index = tokens->tokens->len;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *value;

        duban_json_tokens_open (tokens, FALSE);
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &value))
          {
            duban_json_tokens_add_key (tokens, name, strlen (name));
            duban_json_tokens_add_node (tokens, value);
          }
        duban_json_tokens_close (tokens);
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint length = json_array_get_length (array);

        duban_json_tokens_open (tokens, TRUE);
        for (guint i = 0; i < length; i++)
          duban_json_tokens_add_node (tokens, json_array_get_element (array, i));
        duban_json_tokens_close (tokens);
      }
      break;
    case JSON_NODE_NULL:
      duban_json_tokens_add_null (tokens);
      break;
    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          duban_json_tokens_add_int (tokens, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          duban_json_tokens_add_double (tokens, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          duban_json_tokens_add_boolean (tokens, json_node_get_boolean (node));
          break;
        case G_TYPE_STRING:
          {
            const char *text = json_node_get_string (node);

            duban_json_tokens_add_string (tokens, text, strlen (text));
          }
          break;
        default:
          duban_json_tokens_add_null (tokens);
          break;
        }
      break;
    }

  return index;
}

const DubanJsonToken *
duban_json_tokens_get (const DubanJsonTokens *tokens,
                       guint                  index)
{
  g_return_val_if_fail (index < tokens->tokens->len, NULL);

  return &g_array_index (tokens->tokens, DubanJsonToken, index);
}

const char *
duban_json_tokens_string (const DubanJsonTokens *tokens,
                          const DubanJsonToken  *token)
{
  g_return_val_if_fail (token->type == DUBAN_JSON_STRING, NULL);

  return tokens->text->str + token->v.text;
}

guint
duban_json_tokens_index_of (const DubanJsonTokens *tokens,
                            const DubanJsonToken  *token)
{
  const DubanJsonToken *first = (const DubanJsonToken *) tokens->tokens->data;

  g_return_val_if_fail (token >= first && token < first + tokens->tokens->len, DUBAN_JSON_NONE);

  return (guint) (token - first);
}

void
duban_json_fields_init (DubanJsonFields       *fields,
                        const DubanJsonTokens *tokens,
                        guint                  object)
{
  g_return_if_fail (object < tokens->tokens->len);
  g_return_if_fail (g_array_index (tokens->tokens, DubanJsonToken, object).type == DUBAN_JSON_OBJECT);

  fields->tokens = tokens;
  fields->object = object;
  fields->cursor = object + 1;
}

const DubanJsonToken *
duban_json_fields_get (DubanJsonFields *fields,
                       const char      *name)
{
  const DubanJsonToken *all = (const DubanJsonToken *) fields->tokens->tokens->data;
  const char *text = fields->tokens->text->str;
  guint end = all[fields->object].next;
  gsize length = strlen (name);

  /* from where the last lookup stopped to the end, then from the start */
  for (guint pass = 0; pass < 2; pass++)
    {
      guint from = pass == 0 ? fields->cursor : fields->object + 1;
      guint to = pass == 0 ? end : fields->cursor;

      for (guint i = from; i < to; i = all[i].next)
        if (all[i].key_length == length && memcmp (text + all[i].key, name, length) == 0)
          {
            fields->cursor = all[i].next;
            return all[i].type == DUBAN_JSON_NULL ? NULL : &all[i];
          }
    }
  return NULL;
}
