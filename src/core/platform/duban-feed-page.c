/* duban-feed-page.c — reading a page from the platform, record by record
 *
 * Why a streaming parser and not json-glib for the page: json-glib 1.6
 * hands strings back as C strings, so "JX-REAL\u0000x" arrives as
 * "JX-REAL" and cannot be told from the genuine ticket after parsing; it
 * recurses, so one record nested too deep must fail the whole page before
 * parsing; and it keeps one of each duplicate key, so a record cannot be
 * kept as it was sent. yajl (Debian's libyajl2) reports every string with
 * its length, every token with its byte offset, and keeps its nesting on
 * a heap stack rather than the C stack. It is small, has no dependencies
 * and is what Debian's own tools of this kind (jq's ancestors, libvirt)
 * have long used; json-c and jansson give lengths but no offsets.
 *
 * This file only cuts the page: each record's bytes, its id as sent, and
 * the first reason it cannot be read alone; and, in the same pass, each
 * record's values as tokens (duban-json-tokens.h), so that no record is
 * parsed a second time (by json-glib, as it was: a tree of GObjects and
 * hash tables per record cost more than the whole floor of bench-sync). Validating a record against
 * the contract is duban-ticket.c's; storing it is the feed client's.
 */

#define G_LOG_DOMAIN "duban-feed-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "duban-feed-client.h"
#include "duban-feed-page.h"
#include "duban-ticket.h"

typedef enum {
  MEMBER_OTHER,
  MEMBER_TICKETS,
  MEMBER_DELETED,
  MEMBER_NEXT,
  MEMBER_SYNC,
  MEMBER_SERVER_TIME,
  N_MEMBERS,
} Member;

static const char *member_names[N_MEMBERS] = {
  NULL, "tickets", "deleted_ids", "next_page_token", "sync_token", "server_time",
};

typedef struct {
  DubanFeedPage *page;
  yajl_handle    handle;
  DubanFeedPageKind kind;
  const char    *id_member;

  guint          depth;          /* containers open now */
  gsize          last_end;       /* offset just past the last token */

  /* the envelope (ticket pages) */
  Member         member;         /* the root member whose value is being read */
  guint          seen_members;   /* bit per Member */
  gboolean       in_records;     /* inside the array whose elements are records */
  guint          records_depth;  /* depth of that array */

  /* the record being read */
  gboolean       in_record;
  gsize          record_start;
  guint          record_deepest;
  char          *record_problem;
  gboolean       record_id_next; /* the next value is the record's id */
  char          *record_id;
  gboolean       record_id_valid;
  guint          record_token;   /* the record's value in page->tokens */
} Reader;

static gsize
consumed (Reader *r)
{
  return yajl_get_bytes_consumed (r->handle);
}

static void
record_fail (Reader     *r,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
record_fail (Reader     *r,
             const char *format,
             ...)
{
  va_list args;

  /* the first reason is the one shown */
  if (r->record_problem != NULL)
    return;

  va_start (args, format);
  r->record_problem = g_strdup_vprintf (format, args);
  va_end (args);
}

/* Text without NULs as the user can read it: control characters as
 * \uXXXX, bytes that are not UTF-8 as U+FFFD. */
static char *
printable (const char *text,
           gsize       length)
{
  g_autofree char *valid = g_utf8_make_valid (text, length);
  GString *out = g_string_sized_new (length);
  const char *end = valid + strlen (valid);

  for (const char *p = valid; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_printf (out, "\\u%04X", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }

  return g_string_free (out, FALSE);
}

static char *
escaped_id (const char *text,
            gsize       length)
{
  GString *out;

  if (memchr (text, '\0', length) == NULL)
    return printable (text, length);

  /* printable() goes through C strings: cut at each NUL and show it */
  out = g_string_new (NULL);
  for (gsize start = 0; start <= length; )
    {
      const char *nul = memchr (text + start, '\0', length - start);
      gsize part = nul != NULL ? (gsize) (nul - (text + start)) : length - start;
      g_autofree char *shown = printable (text + start, part);

      g_string_append (out, shown);
      if (nul == NULL)
        break;
      g_string_append (out, "\\u0000");
      start += part + 1;
    }
  return g_string_free (out, FALSE);
}

/* ---- records ------------------------------------------------------------ */

static gboolean
at_record_level (Reader *r)
{
  return r->in_records && !r->in_record && r->depth == r->records_depth;
}

static void
record_begin (Reader *r,
              gsize   start)
{
  r->in_record = TRUE;
  r->record_start = start;
  r->record_deepest = r->depth;
  g_clear_pointer (&r->record_problem, g_free);
  g_clear_pointer (&r->record_id, g_free);
  r->record_id_valid = FALSE;
  r->record_id_next = FALSE;
  r->record_token = duban_json_tokens_count (r->page->tokens);
}

static void
record_end (Reader *r,
            gsize   end)
{
  DubanFeedRecord record = { 0 };

  g_assert (r->in_record);

  record.offset = r->record_start;
  record.length = end - r->record_start;
  record.id = g_steal_pointer (&r->record_id);
  record.id_valid = r->record_id_valid;
  record.problem = g_steal_pointer (&r->record_problem);
  record.token = r->record_token;
  g_array_append_val (r->page->records, record);

  r->in_record = FALSE;
}

/* The start of a scalar: the first byte after the separators that
 * follow the previous token. */
static gsize
scalar_start (Reader *r)
{
  gsize i = r->last_end;

  while (i < r->page->length &&
         (r->page->text[i] == ',' || r->page->text[i] == ' ' || r->page->text[i] == '\t' ||
          r->page->text[i] == '\n' || r->page->text[i] == '\r'))
    i++;
  return i;
}

/* Called for every value. @container says whether it opens one. */
static void
value_begin (Reader  *r,
             gboolean container)
{
  if (at_record_level (r))
    record_begin (r, container ? consumed (r) - 1 : scalar_start (r));
}

static void
value_end (Reader *r)
{
  if (r->in_record && r->depth == r->records_depth)
    record_end (r, consumed (r));
  r->last_end = consumed (r);
}

/* Whether the string just read, as sent, has a \\u escape of half a
 * UTF-16 surrogate pair without its other half. yajl reads a lone high
 * half as "?" and a lone low half as bytes that are not UTF-8; either
 * way the text is not what was sent. */
static gboolean
has_lone_surrogate (Reader *r)
{
  const char *p = r->page->text + r->last_end;
  const char *end = r->page->text + consumed (r);
  gboolean high = FALSE;   /* the last escape was a high half */

  p = memchr (p, '"', end - p);
  if (p == NULL || memchr (p, '\\', end - p) == NULL)
    return FALSE;

  for (p++; p < end && *p != '"'; p++)
    {
      guint unit = 0;

      if (*p != '\\')
        {
          if (high)
            return TRUE;
          continue;
        }
      if (p + 1 >= end || p[1] != 'u' || p + 5 >= end)
        {
          if (high)
            return TRUE;
          p++;
          continue;
        }
      for (guint i = 2; i < 6; i++)
        unit = unit * 16 + g_ascii_xdigit_value (p[i]);
      p += 5;
      if (unit >= 0xDC00 && unit <= 0xDFFF)
        {
          if (!high)
            return TRUE;
          high = FALSE;
        }
      else if (high)
        return TRUE;
      else
        high = unit >= 0xD800 && unit <= 0xDBFF;
    }
  return high;
}

/* A string inside a record: its true length decides. */
static void
record_string (Reader              *r,
               const unsigned char *text,
               gsize                length,
               gboolean             is_name)
{
  /* the common case in one scan: g_utf8_validate_len also fails on NUL */
  if (G_LIKELY (g_utf8_validate_len ((const char *) text, length, NULL)))
    {
      if (has_lone_surrogate (r))
        record_fail (r, "the record holds a \\u escape of half a UTF-16 surrogate pair");
    }
  else if (memchr (text, '\0', length) != NULL)
    {
      g_autofree char *shown = escaped_id ((const char *) text, length);
      gsize key_length = 0;
      const char *key = duban_json_tokens_open_key (r->page->tokens, &key_length);

      if (is_name)
        record_fail (r, "a field name holds U+0000 (NUL): '%s'", shown);
      else if (key != NULL && memchr (key, '\0', key_length) == NULL)
        record_fail (r, "field '%s' holds U+0000 (NUL): '%s'", key, shown);
      else
        record_fail (r, "a string holds U+0000 (NUL): '%s'", shown);
    }
  else
    record_fail (r, "the record holds bytes that are not UTF-8");
}

/* ---- envelope ----------------------------------------------------------- */

static void
envelope_fail (Reader     *r,
               const char *message)
{
  if (r->page->envelope_problem == NULL)
    r->page->envelope_problem = g_strdup (message);
}

/* A token or time of the envelope: a string without NUL or control
 * characters, or the page is not the contract's. */
static char *
envelope_string (Reader              *r,
                 const unsigned char *text,
                 gsize                length,
                 const char          *message)
{
  for (gsize i = 0; i < length; i++)
    if (text[i] < 0x20 || text[i] == 0x7f)
      {
        envelope_fail (r, message);
        return NULL;
      }
  if (!g_utf8_validate_len ((const char *) text, length, NULL))
    {
      envelope_fail (r, message);
      return NULL;
    }
  return g_strndup ((const char *) text, length);
}

/* A scalar at the root of a ticket page, or an element of deleted_ids. */
static void
envelope_scalar (Reader              *r,
                 gboolean             is_null,
                 const unsigned char *text,   /* a string, or NULL */
                 gsize                length)
{
  DubanFeedPage *page = r->page;

  if (r->depth == 2 && r->member == MEMBER_DELETED)
    {
      /* non-strings are skipped, as before; an id that no ticket can
       * have (a NUL, a control character, "..") is not passed on cut */
      if (text == NULL)
        return;
      if (duban_ticket_id_is_valid ((const char *) text, length))
        g_ptr_array_add (page->deleted_ids, g_strndup ((const char *) text, length));
      else
        page->deleted_invalid++;
      return;
    }

  if (r->depth != 1)
    return;

  switch (r->member)
    {
    case MEMBER_TICKETS:
      envelope_fail (r, _("The platform's page has no 'tickets' array"));
      break;
    case MEMBER_DELETED:
      if (!is_null)
        envelope_fail (r, _("The platform's page has a 'deleted_ids' that is not an array"));
      break;
    case MEMBER_NEXT:
      if (is_null)
        break;
      page->has_next = TRUE;
      /* a second one has already failed the page; the last is kept */
      g_clear_pointer (&page->next_page_token, g_free);
      if (text == NULL || length == 0)
        envelope_fail (r, _("The platform's 'next_page_token' is not a string"));
      else
        page->next_page_token = envelope_string (r, text, length,
                                                 _("The platform's 'next_page_token' is not a string"));
      break;
    case MEMBER_SYNC:
      g_clear_pointer (&page->sync_token, g_free);
      if (text != NULL)
        page->sync_token = envelope_string (r, text, length,
                                            _("The platform's last page has no 'sync_token'"));
      break;
    case MEMBER_SERVER_TIME:
      g_clear_pointer (&page->server_time, g_free);
      if (text != NULL)
        page->server_time = g_utf8_validate_len ((const char *) text, length, NULL) &&
                            memchr (text, '\0', length) == NULL
          ? g_strndup ((const char *) text, length) : NULL;
      break;
    case MEMBER_OTHER:
    case N_MEMBERS:
    default:
      break;
    }
}

/* ---- yajl callbacks ----------------------------------------------------- */

static void
scalar (Reader              *r,
        gboolean             is_null,
        const unsigned char *text,
        gsize                length,
        gboolean             is_number,
        gboolean             boolean)
{
  value_begin (r, FALSE);

  if (r->in_record)
    {
      if (text != NULL && !is_number)
        record_string (r, text, length, FALSE);
      if (is_null)
        duban_json_tokens_add_null (r->page->tokens);
      else if (is_number)
        duban_json_tokens_add_number (r->page->tokens, (const char *) text, length);
      else if (text != NULL)
        duban_json_tokens_add_string (r->page->tokens, (const char *) text, length);
      else
        duban_json_tokens_add_boolean (r->page->tokens, boolean);
      if (r->record_id_next)
        {
          r->record_id_next = FALSE;
          if (text != NULL && r->record_id == NULL)
            {
              r->record_id = escaped_id ((const char *) text, length);
              r->record_id_valid = duban_ticket_id_is_valid ((const char *) text, length);
            }
        }
    }
  else if (r->kind == DUBAN_FEED_PAGE_TICKETS)
    envelope_scalar (r, is_null, is_number ? NULL : text, length);
  else if (r->depth == 0)
    envelope_fail (r, _("The Open311 answer is not an array of requests"));

  value_end (r);
}

static int
null_cb (void *ctx)
{
  scalar (ctx, TRUE, NULL, 0, FALSE, FALSE);
  return 1;
}

static int
boolean_cb (void *ctx, int value)
{
  scalar (ctx, FALSE, NULL, 0, FALSE, value);
  return 1;
}

static int
number_cb (void *ctx, const char *text, size_t length)
{
  scalar (ctx, FALSE, (const unsigned char *) text, length, TRUE, FALSE);
  return 1;
}

static int
string_cb (void *ctx, const unsigned char *text, size_t length)
{
  scalar (ctx, FALSE, text, length, FALSE, FALSE);
  return 1;
}

static void
open_container (Reader  *r,
                gboolean is_array)
{
  value_begin (r, TRUE);
  r->depth++;

  if (r->in_record)
    {
      r->record_id_next = FALSE;
      if (r->depth > r->record_deepest)
        {
          r->record_deepest = r->depth;
          if (r->depth - r->records_depth == DUBAN_FEED_RECORD_MAX_DEPTH + 1)
            record_fail (r, "the record is nested deeper than %d levels", DUBAN_FEED_RECORD_MAX_DEPTH);
        }
      duban_json_tokens_open (r->page->tokens, is_array);
    }
  else if (r->kind == DUBAN_FEED_PAGE_TICKETS)
    {
      if (r->depth == 1 && is_array)
        envelope_fail (r, _("The platform's page has no 'tickets' array"));
      else if (r->depth == 2 && r->member == MEMBER_TICKETS)
        {
          if (!is_array)
            envelope_fail (r, _("The platform's page has no 'tickets' array"));
          else
            {
              r->in_records = TRUE;
              r->records_depth = 2;
              r->page->has_tickets = TRUE;
            }
        }
      else if (r->depth == 2 && r->member == MEMBER_DELETED && !is_array)
        envelope_fail (r, _("The platform's page has a 'deleted_ids' that is not an array"));
      else if (r->depth == 2 && (r->member == MEMBER_NEXT || r->member == MEMBER_SYNC))
        envelope_fail (r, r->member == MEMBER_NEXT
                       ? _("The platform's 'next_page_token' is not a string")
                       : _("The platform's last page has no 'sync_token'"));
    }
  else if (r->depth == 1)
    {
      if (!is_array)
        envelope_fail (r, _("The Open311 answer is not an array of requests"));
      else
        {
          r->in_records = TRUE;
          r->records_depth = 1;
          r->page->has_tickets = TRUE;
        }
    }

  r->last_end = consumed (r);
}

static void
close_container (Reader  *r,
                 gboolean is_array)
{
  if (r->in_record)
    duban_json_tokens_close (r->page->tokens);

  if (!r->in_record && r->in_records && r->depth == r->records_depth)
    r->in_records = FALSE;

  r->depth--;
  if (r->in_record && r->depth == r->records_depth)
    record_end (r, consumed (r));
  if (!r->in_record && r->kind == DUBAN_FEED_PAGE_TICKETS && r->depth == 1)
    r->member = MEMBER_OTHER;
  r->last_end = consumed (r);
}

static int
start_map_cb (void *ctx)
{
  open_container (ctx, FALSE);
  return 1;
}

static int
end_map_cb (void *ctx)
{
  close_container (ctx, FALSE);
  return 1;
}

static int
start_array_cb (void *ctx)
{
  open_container (ctx, TRUE);
  return 1;
}

static int
end_array_cb (void *ctx)
{
  close_container (ctx, TRUE);
  return 1;
}

static int
map_key_cb (void *ctx, const unsigned char *text, size_t length)
{
  Reader *r = ctx;

  if (r->in_record)
    {
      record_string (r, text, length, TRUE);
      /* a name with a NUL has already spoilt the record; of two equal
       * names a reader keeps one, and which one is its choice: the
       * record says two things, and neither is taken */
      if (r->record_problem == NULL &&
          duban_json_tokens_open_has_key (r->page->tokens, (const char *) text, length))
        {
          g_autofree char *shown = escaped_id ((const char *) text, length);

          record_fail (r, "field '%s' appears more than once", shown);
        }
      duban_json_tokens_add_key (r->page->tokens, (const char *) text, length);
      r->record_id_next = (r->depth == r->records_depth + 1 &&
                           length == strlen (r->id_member) &&
                           memcmp (text, r->id_member, length) == 0);
    }
  else if (r->kind == DUBAN_FEED_PAGE_TICKETS && r->depth == 1)
    {
      r->member = MEMBER_OTHER;
      for (guint m = MEMBER_TICKETS; m < N_MEMBERS; m++)
        if (length == strlen (member_names[m]) && memcmp (text, member_names[m], length) == 0)
          {
            if (r->seen_members & (1u << m))
              {
                g_autofree char *message = g_strdup_printf (_("The platform's page has '%s' more than once"),
                                                            member_names[m]);

                envelope_fail (r, message);
              }
            r->seen_members |= 1u << m;
            r->member = m;
          }
    }

  r->last_end = consumed (r);
  return 1;
}

static const yajl_callbacks callbacks = {
  null_cb, boolean_cb, NULL, NULL, number_cb, string_cb,
  start_map_cb, map_key_cb, end_map_cb, start_array_cb, end_array_cb,
};

/* ---- the page ----------------------------------------------------------- */

void
duban_feed_page_free (DubanFeedPage *page)
{
  if (page == NULL)
    return;

  for (guint i = 0; i < page->records->len; i++)
    {
      DubanFeedRecord *record = &g_array_index (page->records, DubanFeedRecord, i);

      g_free (record->id);
      g_free (record->problem);
    }
  g_array_unref (page->records);
  g_free (page->next_page_token);
  g_free (page->sync_token);
  g_free (page->server_time);
  g_ptr_array_unref (page->deleted_ids);
  g_free (page->envelope_problem);
  duban_json_tokens_free (page->tokens);
  g_free (page);
}

DubanFeedPage *
duban_feed_page_read (const char         *text,
                      gsize               length,
                      DubanFeedPageKind   kind,
                      GError            **error)
{
  g_autoptr(DubanFeedPage) page = g_new0 (DubanFeedPage, 1);
  Reader r = { 0 };
  yajl_status status;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  page->text = text;
  page->length = length;
  page->records = g_array_new (FALSE, TRUE, sizeof (DubanFeedRecord));
  page->deleted_ids = g_ptr_array_new_with_free_func (g_free);
  page->tokens = duban_json_tokens_new ();
  /* a ticket page: about a token per 24 bytes, and most of its bytes are strings */
  duban_json_tokens_reserve (page->tokens, MIN (length / 24, 1u << 20), MIN (length, 16u << 20));
  /* a record with a string that is not UTF-8 never reaches the rules */
  duban_json_tokens_set_utf8_checked (page->tokens, TRUE);

  r.page = page;
  r.kind = kind;
  r.id_member = kind == DUBAN_FEED_PAGE_TICKETS ? "id" : "service_request_id";
  r.handle = yajl_alloc (&callbacks, NULL, &r);
  /* bytes that are not UTF-8 spoil the record they are in, not the
   * page: the record's strings are checked one by one above */
  yajl_config (r.handle, yajl_dont_validate_strings, 1);

  status = yajl_parse (r.handle, (const unsigned char *) text, length);
  if (status == yajl_status_ok)
    status = yajl_complete_parse (r.handle);

  if (status != yajl_status_ok)
    {
      unsigned char *message = yajl_get_error (r.handle, 0, (const unsigned char *) text, length);
      g_autofree char *shown = g_utf8_make_valid ((const char *) message, -1);

      g_strchomp (shown);
      g_set_error (error, DUBAN_FEED_ERROR, DUBAN_FEED_ERROR_MALFORMED,
                   _("The platform's answer is not valid JSON: %s"), shown);
      yajl_free_error (r.handle, message);
      yajl_free (r.handle);
      g_free (r.record_problem);
      g_free (r.record_id);
      return NULL;
    }

  yajl_free (r.handle);
  g_free (r.record_problem);
  g_free (r.record_id);

  if (!page->has_tickets && page->envelope_problem == NULL)
    envelope_fail (&r, kind == DUBAN_FEED_PAGE_TICKETS
                   ? _("The platform's page has no 'tickets' array")
                   : _("The Open311 answer is not an array of requests"));

  return g_steal_pointer (&page);
}
