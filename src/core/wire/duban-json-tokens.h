/* duban-json-tokens.h — a JSON value as one flat array of tokens
 *
 * What the contract's validator reads (duban-ticket.c, duban-supervision.c):
 * each value one token in document order, a container followed by what it
 * holds, every string copied once into one buffer. A sync page's records
 * are written here by the page cutter while yajl reads the page, so a
 * record is parsed once, and no tree of GObjects or hash tables is built
 * per record; a JsonNode (the feed server, Open311, tests) is written here
 * by walking it, so the rules are read over one form only.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  DUBAN_JSON_NULL,
  DUBAN_JSON_BOOLEAN,
  DUBAN_JSON_INT,      /* as json-glib reads an integer: G_TYPE_INT64 */
  DUBAN_JSON_DOUBLE,   /* a number with a fraction or an exponent */
  DUBAN_JSON_STRING,
  DUBAN_JSON_OBJECT,
  DUBAN_JSON_ARRAY,
} DubanJsonType;

#define DUBAN_JSON_NONE G_MAXUINT

typedef struct {
  DubanJsonType type;
  guint32       length;      /* a string's bytes; a container's members or elements */
  guint         next;        /* the token after this value and all it holds */
  guint32       key;         /* a member's name: its offset in the text, or G_MAXUINT32 */
  guint32       key_length;
  union {
    gsize    text;           /* a string: its offset in the text (NUL-terminated there) */
    gint64   integer;
    double   number;
    gboolean boolean;
  } v;
} DubanJsonToken;

typedef struct _DubanJsonTokens DubanJsonTokens;

DubanJsonTokens *duban_json_tokens_new         (void);
void             duban_json_tokens_free        (DubanJsonTokens *tokens);
guint            duban_json_tokens_count       (const DubanJsonTokens *tokens);
/* Room for about @n_tokens tokens and @n_bytes of strings. */
void             duban_json_tokens_reserve     (DubanJsonTokens *tokens,
                                                guint            n_tokens,
                                                gsize            n_bytes);

/* ---- writing, in document order ----------------------------------------- */

/* Whoever wrote every string and name has checked it is UTF-8 (the page
 * cutter checks each record's bytes first): the rules need not again. */
void             duban_json_tokens_set_utf8_checked (DubanJsonTokens *tokens,
                                                     gboolean         checked);
gboolean         duban_json_tokens_get_utf8_checked (const DubanJsonTokens *tokens);

/* The name of the next value, inside an object. */
void             duban_json_tokens_add_key     (DubanJsonTokens *tokens,
                                                const char      *name,
                                                gsize            length);
void             duban_json_tokens_add_null    (DubanJsonTokens *tokens);
void             duban_json_tokens_add_boolean (DubanJsonTokens *tokens,
                                                gboolean         value);
/* A number as JSON writes it; read as json-glib 1.6 reads it (an integer
 * without fraction or exponent wraps as its scanner's does). */
void             duban_json_tokens_add_number  (DubanJsonTokens *tokens,
                                                const char      *text,
                                                gsize            length);
void             duban_json_tokens_add_int     (DubanJsonTokens *tokens,
                                                gint64           value);
void             duban_json_tokens_add_double  (DubanJsonTokens *tokens,
                                                double           value);
void             duban_json_tokens_add_string  (DubanJsonTokens *tokens,
                                                const char      *text,
                                                gsize            length);
/* Returns the container's index. */
guint            duban_json_tokens_open        (DubanJsonTokens *tokens,
                                                gboolean         is_array);
void             duban_json_tokens_close       (DubanJsonTokens *tokens);
/* The last name given in the innermost open object, or NULL. */
const char      *duban_json_tokens_open_key    (const DubanJsonTokens *tokens,
                                                gsize                 *length);
/* Whether the innermost open object already has a member named so. */
gboolean         duban_json_tokens_open_has_key (const DubanJsonTokens *tokens,
                                                 const char            *name,
                                                 gsize                  length);
/* Writes @node and returns its index. */
guint            duban_json_tokens_add_node    (DubanJsonTokens *tokens,
                                                JsonNode        *node);

/* ---- reading ------------------------------------------------------------ */

const DubanJsonToken *duban_json_tokens_get    (const DubanJsonTokens *tokens,
                                                guint                  index);
const char      *duban_json_tokens_string      (const DubanJsonTokens *tokens,
                                                const DubanJsonToken  *token);
/* The index of @token, one of @tokens' own. */
guint            duban_json_tokens_index_of    (const DubanJsonTokens *tokens,
                                                const DubanJsonToken  *token);

/* An object's members looked up by name. Lookups that follow the order
 * the members were sent in cost one comparison each. */
typedef struct {
  const DubanJsonTokens *tokens;
  guint                  object;
  guint                  cursor;
} DubanJsonFields;

void             duban_json_fields_init        (DubanJsonFields       *fields,
                                                const DubanJsonTokens *tokens,
                                                guint                  object);
/* The member named @name; NULL when it is absent or JSON null. */
const DubanJsonToken *duban_json_fields_get    (DubanJsonFields       *fields,
                                                const char            *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanJsonTokens, duban_json_tokens_free)

G_END_DECLS
