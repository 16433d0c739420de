/* duban-privacy.c — the one place that masks personal data
 *
 * Before this file the desk's quarantine window had its own rule and
 * duban-ctl none, so the same record left masked one way and in the
 * clear the other. Every path out of the store now calls these
 * functions; see duban-privacy.h for the rules.
 *
 * The raw record is masked by scanning its text rather than parsing and
 * re-serialising it: the quarantine keeps the bytes as received (with
 * duplicate keys, odd number forms, even broken JSON), and only the
 * personal values in it may change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "duban-privacy"

#include "config.h"

#include <string.h>

#include "duban-privacy.h"

/* ---- characters --------------------------------------------------------- */

static gboolean
is_digit (gunichar c)
{
  /* every decimal digit, full-width ones included */
  return g_unichar_digit_value (c) >= 0;
}

static gboolean
is_phone_separator (gunichar c)
{
  switch (c)
    {
    case ' ': case '-': case '+': case '(': case ')':
    case 0x3000:               /* ideographic space */
    case 0xFF0D:               /* － */
    case 0xFF0B:               /* ＋ */
    case 0xFF08: case 0xFF09:  /* （ ） */
      return TRUE;
    default:
      return FALSE;
    }
}

static char *
valid_copy (const char *text)
{
  return g_utf8_validate (text, -1, NULL) ? g_strdup (text) : g_utf8_make_valid (text, -1);
}

/* ---- names and phones --------------------------------------------------- */

char *
duban_mask_name (const char *name)
{
  g_autofree char *valid = NULL;
  GString *masked;
  glong length;

  if (name == NULL || *name == '\0')
    return g_strdup ("");

  /* Keep the surname, hide the given name: 张伟 → 张*, 欧阳娜娜 → 欧***. */
  valid = valid_copy (name);
  length = g_utf8_strlen (valid, -1);
  masked = g_string_new (NULL);
  g_string_append_unichar (masked, g_utf8_get_char (valid));
  for (glong i = 1; i < MAX (length, 2); i++)
    g_string_append_c (masked, '*');

  return g_string_free (masked, FALSE);
}

static guint
count_digits (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    n += is_digit (g_utf8_get_char (p));

  return n;
}

char *
duban_mask_phone (const char *phone)
{
  g_autofree char *valid = NULL;
  GString *masked;
  guint n, i = 0;

  if (phone == NULL || *phone == '\0')
    return g_strdup ("");

  /* 138****1234 for a mobile number; shorter numbers keep only their
   * last two digits, which identify nobody (the first three and last
   * four of an eight-digit landline would be seven of its eight). */
  valid = valid_copy (phone);
  n = count_digits (valid);
  masked = g_string_new (NULL);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_digit (c))
        {
          gboolean keep = n >= 11 ? (i < 3 || i + 4 >= n) : (n > 2 && i + 2 >= n);

          if (keep)
            g_string_append_unichar (masked, c);
          else
            g_string_append_c (masked, '*');
          i++;
        }
      else if (is_phone_separator (c))
        g_string_append_unichar (masked, c);
      else
        g_string_append_c (masked, '*');
    }

  return g_string_free (masked, FALSE);
}

/* ---- runs of digits ----------------------------------------------------- */

typedef struct {
  const char *start;   /* first byte of the group's first digit */
  const char *end;     /* byte after its last digit */
  GString    *digits;  /* ASCII */
} Group;

static void
group_clear (gpointer data)
{
  Group *group = data;

  g_string_free (group->digits, TRUE);
}

/* The groups of digits in @text, each a maximal run of digits. */
static GArray *
find_groups (const char *text)
{
  GArray *groups = g_array_new (FALSE, FALSE, sizeof (Group));
  const char *p = text;

  g_array_set_clear_func (groups, group_clear);
  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);

      if (!is_digit (c))
        {
          p = g_utf8_next_char (p);
          continue;
        }

      Group group = { p, NULL, g_string_new (NULL) };
      while (*p != '\0' && is_digit (c = g_utf8_get_char (p)))
        {
          g_string_append_c (group.digits, (char) ('0' + g_unichar_digit_value (c)));
          p = g_utf8_next_char (p);
        }
      group.end = p;
      g_array_append_val (groups, group);
    }

  return groups;
}

/* Whether only one phone separator stands between two groups. */
static gboolean
joined (const Group *a,
        const Group *b)
{
  const char *between = a->end;

  return g_utf8_next_char (between) == b->start && is_phone_separator (g_utf8_get_char (between));
}

static gboolean
is_known (const char        *digits,
          const char *const *known)
{
  for (guint i = 0; known != NULL && known[i] != NULL; i++)
    if (strlen (known[i]) >= 5 && strstr (digits, known[i]) != NULL)
      return TRUE;

  return FALSE;
}

static gboolean
looks_like_phone (const char        *digits,
                  const char *const *known)
{
  gsize n = strlen (digits);

  /* 1[3-9] and nine more: a mainland mobile number; 0 and an area code
   * of two or three digits before seven or eight: a landline. Dates,
   * ticket numbers and 15-digit grid codes match neither. */
  if (n == 11 && digits[0] == '1' && digits[1] >= '3' && digits[1] <= '9')
    return TRUE;
  if ((n == 13 && g_str_has_prefix (digits, "861") && digits[3] >= '3' && digits[3] <= '9'))
    return TRUE;
  if (n >= 10 && n <= 12 && digits[0] == '0' && digits[1] != '0')
    return TRUE;

  return is_known (digits, known);
}

char *
duban_privacy_mask_text (const char        *text,
                         const char *const *known_phones)
{
  g_autofree char *valid = NULL;
  g_autoptr(GArray) groups = NULL;
  GString *out;
  const char *copied;
  guint g = 0;

  if (text == NULL)
    return g_strdup ("");

  valid = valid_copy (text);
  groups = find_groups (valid);
  out = g_string_new (NULL);
  copied = valid;

  /* A phone may be written in groups ("138 0013 8000", "0537-8888888"):
   * from each group, join the groups that follow it one separator apart
   * and mask the longest span that reads as a phone. */
  while (g < groups->len)
    {
      g_autoptr(GString) digits = g_string_new (NULL);
      guint last = G_MAXUINT;

      for (guint h = g; h < groups->len; h++)
        {
          const Group *group = &g_array_index (groups, Group, h);

          if (h > g && !joined (&g_array_index (groups, Group, h - 1), group))
            break;
          g_string_append (digits, group->digits->str);
          if (digits->len > 13)
            break;
          /* the longest span from here that reads as a phone */
          if (looks_like_phone (digits->str, known_phones))
            last = h;
        }

      if (last == G_MAXUINT)
        {
          g++;
          continue;
        }

      {
        const Group *first = &g_array_index (groups, Group, g);
        const Group *end = &g_array_index (groups, Group, last);
        g_autofree char *span = g_strndup (first->start, end->end - first->start);
        g_autofree char *masked = duban_mask_phone (span);

        g_string_append_len (out, copied, first->start - copied);
        g_string_append (out, masked);
        copied = end->end;
        g = last + 1;
      }
    }
  g_string_append (out, copied);

  return g_string_free (out, FALSE);
}

char *
duban_privacy_mask_ticket_text (const char *text,
                                const char *petitioner_phone)
{
  g_autoptr(GArray) groups = NULL;
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *known[] = { NULL, NULL };

  if (petitioner_phone != NULL)
    {
      g_autofree char *valid = valid_copy (petitioner_phone);

      groups = find_groups (valid);
      for (guint g = 0; g < groups->len; g++)
        g_string_append (digits, g_array_index (groups, Group, g).digits->str);
      if (digits->len >= 5)
        known[0] = digits->str;
    }

  return duban_privacy_mask_text (text, known);
}

char *
duban_privacy_mask_petitioner (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;
  const char *p;

  if (text == NULL)
    return g_strdup ("");

  valid = valid_copy (text);
  out = g_string_new (NULL);
  p = valid;
  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);
      const char *start = p;

      if (is_digit (c))
        {
          /* digits and the separators between them, as one number */
          const char *end = p;
          g_autofree char *span = NULL;

          while (*p != '\0')
            {
              c = g_utf8_get_char (p);
              if (is_digit (c))
                end = p = g_utf8_next_char (p);
              else if (is_phone_separator (c) && c != ' ' && c != 0x3000)
                p = g_utf8_next_char (p);
              else
                break;
            }
          p = end;
          span = g_strndup (start, end - start);
          if (count_digits (span) >= 5)
            {
              g_autofree char *masked = duban_mask_phone (span);
              g_string_append (out, masked);
            }
          else
            g_string_append (out, span);
        }
      else if (g_unichar_isalpha (c) || g_unichar_ismark (c))
        {
          g_autofree char *word = NULL;
          g_autofree char *masked = NULL;

          while (*p != '\0' && (g_unichar_isalpha (c = g_utf8_get_char (p)) || g_unichar_ismark (c)))
            p = g_utf8_next_char (p);
          word = g_strndup (start, p - start);
          masked = duban_mask_name (word);
          g_string_append (out, masked);
        }
      else
        {
          g_string_append_unichar (out, c);
          p = g_utf8_next_char (p);
        }
    }

  return g_string_free (out, FALSE);
}

/* ---- the raw record ----------------------------------------------------- */

typedef enum {
  PLACE_PLAIN,        /* outside the petitioner: free text */
  PLACE_PERSON,       /* inside the petitioner, or a contact field */
  PLACE_NAME,         /* petitioner.name */
  PLACE_PHONE,        /* petitioner.phone */
} Place;

typedef struct {
  const char *raw;
  gsize       length;
  gsize       pos;
  guint       depth;
  GString    *out;       /* NULL in the first pass, which only collects */
  gsize       copied;    /* raw[0..copied) is in out */
  GPtrArray  *known;     /* the petitioner's phones, digits only */
  gboolean    broken_in_person;
  gsize       person_failed_at;   /* where the innermost failed value began */
} Scan;

/* Deeper than this is read as broken (and masked as such): no record the
 * desk stores nests so deep, and the scan must not run out of stack. */
#define MAX_DEPTH 256

static gboolean scan_value (Scan *s, Place place);

static void
skip_space (Scan *s)
{
  while (s->pos < s->length &&
         (s->raw[s->pos] == ' ' || s->raw[s->pos] == '\t' || s->raw[s->pos] == '\n' || s->raw[s->pos] == '\r'))
    s->pos++;
}

static int
hex_value (char c)
{
  return g_ascii_xdigit_value (c);
}

static gboolean
read_hex4 (Scan     *s,
           gunichar *out)
{
  gunichar value = 0;

  if (s->pos + 4 > s->length)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int v = hex_value (s->raw[s->pos + i]);
      if (v < 0)
        return FALSE;
      value = value * 16 + (gunichar) v;
    }
  s->pos += 4;
  *out = value;
  return TRUE;
}

/* A JSON string at s->pos, decoded (escapes resolved, not necessarily
 * valid UTF-8: the raw bytes may not be). */
static gboolean
read_string (Scan     *s,
             GString **out)
{
  GString *text;

  g_assert (s->raw[s->pos] == '"');
  s->pos++;
  text = g_string_new (NULL);
  while (s->pos < s->length)
    {
      char c = s->raw[s->pos++];

      if (c == '"')
        {
          *out = text;
          return TRUE;
        }
      if (c != '\\')
        {
          g_string_append_c (text, c);
          continue;
        }
      if (s->pos >= s->length)
        break;
      c = s->raw[s->pos++];
      switch (c)
        {
        case 'b': g_string_append_c (text, '\b'); break;
        case 'f': g_string_append_c (text, '\f'); break;
        case 'n': g_string_append_c (text, '\n'); break;
        case 'r': g_string_append_c (text, '\r'); break;
        case 't': g_string_append_c (text, '\t'); break;
        case 'u':
          {
            gunichar u, low;

            if (!read_hex4 (s, &u))
              goto broken;
            if (u >= 0xD800 && u < 0xDC00 && s->pos + 6 <= s->length &&
                s->raw[s->pos] == '\\' && s->raw[s->pos + 1] == 'u')
              {
                gsize back = s->pos;

                s->pos += 2;
                if (read_hex4 (s, &low) && low >= 0xDC00 && low < 0xE000)
                  u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
                else
                  s->pos = back;
              }
            if (u == 0 || (u >= 0xD800 && u < 0xE000))
              u = 0xFFFD;
            g_string_append_unichar (text, u);
          }
          break;
        default:
          g_string_append_c (text, c);
          break;
        }
    }

broken:
  g_string_free (text, TRUE);
  return FALSE;
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      else if ((guchar) *p < 0x20)
        g_string_append_printf (out, "\\u%04x", (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* Digit runs of five or more in a petitioner's text, for the free text
 * elsewhere in the record. */
static void
collect_phones (Scan       *s,
                const char *text)
{
  g_autofree char *valid = valid_copy (text);
  g_autoptr(GArray) groups = find_groups (valid);
  g_autoptr(GString) joined_digits = g_string_new (NULL);

  for (guint g = 0; g < groups->len; g++)
    {
      const Group *group = &g_array_index (groups, Group, g);

      if (group->digits->len >= 5)
        g_ptr_array_add (s->known, g_strdup (group->digits->str));
      g_string_append (joined_digits, group->digits->str);
    }
  /* 138 0013 8000 is one phone too */
  if (groups->len > 1 && joined_digits->len >= 5)
    g_ptr_array_add (s->known, g_strdup (joined_digits->str));
}

static char *
mask_for_place (Scan       *s,
                Place       place,
                const char *text)
{
  switch (place)
    {
    case PLACE_NAME:
      return duban_mask_name (text);
    case PLACE_PHONE:
      return duban_mask_phone (text);
    case PLACE_PERSON:
      return duban_privacy_mask_petitioner (text);
    case PLACE_PLAIN:
    default:
      g_ptr_array_add (s->known, NULL);
      {
        char *masked = duban_privacy_mask_text (text, (const char *const *) s->known->pdata);
        g_ptr_array_remove_index (s->known, s->known->len - 1);
        return masked;
      }
    }
}

/* Replaces raw[start..s->pos) by @replacement in the output. */
static void
replace (Scan       *s,
         gsize       start,
         const char *replacement)
{
  g_string_append_len (s->out, s->raw + s->copied, start - s->copied);
  append_json_string (s->out, replacement);
  s->copied = s->pos;
}

static gboolean
scan_string_value (Scan  *s,
                   Place  place)
{
  gsize start = s->pos;
  g_autoptr(GString) text = NULL;
  g_autofree char *masked = NULL;
  GString *decoded;

  if (!read_string (s, &decoded))
    return FALSE;
  text = decoded;

  if (s->out == NULL)
    {
      if (place == PLACE_PHONE || place == PLACE_PERSON)
        collect_phones (s, text->str);
      return TRUE;
    }

  masked = mask_for_place (s, place, text->str);
  if (!g_str_equal (masked, text->str))
    replace (s, start, masked);

  return TRUE;
}

static Place
member_place (Place       parent,
              const char *key)
{
  if (parent != PLACE_PLAIN)
    return g_str_equal (key, "name") ? PLACE_NAME
         : g_str_equal (key, "phone") ? PLACE_PHONE
         : PLACE_PERSON;

  /* the desk's petitioner, and Open311's contact fields */
  if (g_str_equal (key, "petitioner") || g_str_equal (key, "first_name") ||
      g_str_equal (key, "last_name") || g_str_equal (key, "email"))
    return PLACE_PERSON;
  if (g_str_equal (key, "phone"))
    return PLACE_PHONE;

  return PLACE_PLAIN;
}

static gboolean
scan_container (Scan  *s,
                Place  place,
                char   close)
{
  gboolean object = close == '}';
  gboolean first = TRUE;

  if (++s->depth > MAX_DEPTH)
    return FALSE;
  s->pos++;

  for (;;)
    {
      Place inner = place;

      skip_space (s);
      if (s->pos >= s->length)
        return FALSE;
      if (s->raw[s->pos] == close && first)
        break;
      if (!first)
        {
          if (s->raw[s->pos] == close)
            break;
          if (s->raw[s->pos] != ',')
            return FALSE;
          s->pos++;
          skip_space (s);
        }
      first = FALSE;

      if (object)
        {
          GString *key;

          if (s->pos >= s->length || s->raw[s->pos] != '"' || !read_string (s, &key))
            return FALSE;
          inner = member_place (place, key->str);
          g_string_free (key, TRUE);
          skip_space (s);
          if (s->pos >= s->length || s->raw[s->pos] != ':')
            return FALSE;
          s->pos++;
        }
      else if (place == PLACE_NAME || place == PLACE_PHONE)
        inner = place;

      if (!scan_value (s, inner))
        return FALSE;
    }

  s->pos++;
  s->depth--;
  return TRUE;
}

static gboolean scan_token (Scan *s, Place place);

static gboolean
scan_value (Scan  *s,
            Place  place)
{
  gsize start;

  skip_space (s);
  start = s->pos;
  if (scan_token (s, place))
    return TRUE;
  /* the innermost value fails first */
  if (place != PLACE_PLAIN && !s->broken_in_person)
    {
      s->broken_in_person = TRUE;
      s->person_failed_at = start;
    }
  return FALSE;
}

static gboolean
scan_token (Scan  *s,
            Place  place)
{
  skip_space (s);
  if (s->pos >= s->length)
    return FALSE;

  switch (s->raw[s->pos])
    {
    case '{':
      return scan_container (s, place, '}');
    case '[':
      return scan_container (s, place, ']');
    case '"':
      return scan_string_value (s, place);
    default:
      {
        /* a number or a literal: a phone sent as a number is masked as one */
        gsize start = s->pos;
        g_autofree char *token = NULL;

        while (s->pos < s->length && strchr ("+-.0123456789eEtruefalsn", s->raw[s->pos]) != NULL)
          s->pos++;
        if (s->pos == start)
          return FALSE;
        token = g_strndup (s->raw + start, s->pos - start);
        if (place != PLACE_PLAIN && count_digits (token) > 0)
          {
            if (s->out == NULL)
              collect_phones (s, token);
            else
              {
                g_autofree char *masked = duban_mask_phone (token);
                replace (s, start, masked);
              }
          }
        return TRUE;
      }
    }
}

/* One pass over the record; FALSE with s->pos at the failure when it is
 * not JSON from some point on. */
static gboolean
scan_record (Scan *s)
{
  if (!scan_value (s, PLACE_PLAIN))
    return FALSE;
  skip_space (s);
  return s->pos == s->length;
}

char *
duban_privacy_mask_raw (const char *raw)
{
  g_autoptr(GPtrArray) known = g_ptr_array_new_with_free_func (g_free);
  Scan s = { 0 };
  gboolean whole;

  if (raw == NULL)
    return g_strdup ("");

  s.raw = raw;
  s.length = strlen (raw);
  s.known = known;

  /* first the petitioner's phones, wherever the member stands */
  scan_record (&s);

  s.pos = 0;
  s.depth = 0;
  s.out = g_string_new (NULL);
  s.broken_in_person = FALSE;
  s.person_failed_at = 0;
  whole = scan_record (&s);

  if (whole)
    g_string_append_len (s.out, raw + s.copied, s.length - s.copied);
  else
    {
      /* Broken from here on: its phones are masked; and when it broke
       * inside the petitioner, the value that failed may be a name cut
       * short, so from that value on it is masked as a petitioner's
       * text. */
      gsize person = s.broken_in_person ? MAX (s.person_failed_at, s.copied) : s.length;
      g_autofree char *before = g_strndup (raw + s.copied, person - s.copied);
      g_autofree char *after = g_strndup (raw + person, s.length - person);
      g_autofree char *masked_before = NULL;
      g_autofree char *masked_after = NULL;

      g_ptr_array_add (known, NULL);
      masked_before = duban_privacy_mask_text (before, (const char *const *) known->pdata);
      masked_after = duban_privacy_mask_petitioner (after);
      g_string_append (s.out, masked_before);
      g_string_append (s.out, masked_after);
    }

  /* whoever shows it needs text: a byte that is not UTF-8 becomes U+FFFD */
  if (!g_utf8_validate (s.out->str, s.out->len, NULL))
    {
      char *valid = g_utf8_make_valid (s.out->str, s.out->len);

      g_string_free (s.out, TRUE);
      return valid;
    }

  return g_string_free (s.out, FALSE);
}
