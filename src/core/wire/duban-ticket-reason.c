/* duban-ticket-reason.c — a quarantine reason in the user's language
 *
 * duban-ticket.c writes its reasons in English with the field's name
 * (missing required field 'title'): they are the record's stable code,
 * kept in the store and in every export. Chinese reached the desk's
 * quarantine window as that English; here each of those forms is
 * matched and said again through gettext, the field's name and the
 * values kept as they were.
 */
#define G_LOG_DOMAIN "duban-ticket-reason"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "duban-ticket-reason.h"

char **
duban_text_match_pattern (const char *text,
                          const char *pattern)
{
  g_auto(GStrv) literals = NULL;
  g_autoptr(GPtrArray) pieces = NULL;
  const char *p = text;
  guint n;

  g_return_val_if_fail (text != NULL && pattern != NULL, NULL);

  literals = g_strsplit (pattern, "%s", -1);
  n = g_strv_length (literals);
  if (!g_str_has_prefix (p, literals[0]))
    return NULL;
  p += strlen (literals[0]);

  pieces = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 1; i < n; i++)
    {
      /* the last literal ends the text; the others are the next match */
      const char *end;

      if (i == n - 1)
        {
          gsize lit = strlen (literals[i]);

          if (strlen (p) < lit || strcmp (p + strlen (p) - lit, literals[i]) != 0)
            return NULL;
          end = p + strlen (p) - lit;
        }
      else if (*literals[i] == '\0' || !(end = strstr (p, literals[i])))
        return NULL;
      g_ptr_array_add (pieces, g_strndup (p, end - p));
      p = end + strlen (literals[i]);
    }
  if (n == 1 && *p != '\0')
    return NULL;

  g_ptr_array_add (pieces, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&pieces), FALSE);
}

/* The forms duban-ticket.c and the sync write, most specific first. */
static const struct {
  const char *pattern;
  const char *display;
} reasons[] = {
  { "missing required field '%s'", N_("missing required field “%1$s”") },
  { "field '%s' must be a string", N_("field “%1$s” must be text") },
  { "field '%s' is not valid UTF-8", N_("field “%1$s” is not valid UTF-8") },
  { "required field '%s' is empty", N_("required field “%1$s” is empty") },
  { "field '%s' is longer than %s characters", N_("field “%1$s” is longer than %2$s characters") },
  { "unknown value '%s' for field '%s'", N_("unknown value “%1$s” for field “%2$s”") },
  { "field '%s' must be a number", N_("field “%1$s” must be a number") },
  { "field '%s' is not a finite number", N_("field “%1$s” is not a finite number") },
  { "field '%s' must be an object", N_("field “%1$s” must be an object") },
  { "field '%s' must be true or false", N_("field “%1$s” must be true or false") },
  { "field '%s' is not a valid ticket id: '%s'", N_("field “%1$s” is not a valid ticket number: “%2$s”") },
  { "field '%s' must be 15 digits: '%s'", N_("field “%1$s” must be 15 digits: “%2$s”") },
  { "field '%s' must be a whole number", N_("field “%1$s” must be a whole number") },
  { "field '%s' is out of range: %s", N_("field “%1$s” is out of range: %2$s") },
  { "field '%s' is outside %s: %s", N_("field “%1$s” is outside %2$s: %3$s") },
  { "field '%s' is in the future: %s", N_("field “%1$s” is in the future: %2$s") },
  { "status '%s' without 'resolved_at'", N_("status “%1$s” without “resolved_at”") },
  { "a ticket must be a JSON object", N_("a ticket must be a JSON object") },
  { "field '%s': %s", N_("field “%1$s”: %2$s") },
};

static char *
format_pieces (const char  *format,
               char       **pieces)
{
  guint n = g_strv_length (pieces);

  /* the translations are positional: at most three pieces */
  return g_strdup_printf (format, n > 0 ? pieces[0] : "", n > 1 ? pieces[1] : "", n > 2 ? pieces[2] : "");
}

char *
duban_ticket_reason_to_display (const char *reason)
{
  g_return_val_if_fail (reason != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    {
      g_auto(GStrv) pieces = duban_text_match_pattern (reason, reasons[i].pattern);

      if (pieces != NULL)
        return format_pieces (_(reasons[i].display), pieces);
    }
  return g_strdup (reason);
}
