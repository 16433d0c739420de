/* Fuzzes the masking of personal data (duban-privacy.c): the raw record
 * scanner reads whatever the platform sent, broken or not, and every
 * mask gives valid UTF-8 that shows no more of a phone than its rule. */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "duban-privacy.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static guint
digits (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    n += g_unichar_digit_value (g_utf8_get_char (p)) >= 0;
  return n;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* a C string, as the store hands the raw record over */
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *raw = duban_privacy_mask_raw (text);
  g_autofree char *phone = duban_mask_phone (text);
  g_autofree char *name = duban_mask_name (text);
  g_autofree char *petitioner = duban_privacy_mask_petitioner (text);
  g_autofree char *free_text = duban_privacy_mask_text (text, NULL);

  g_assert (g_utf8_validate (raw, -1, NULL));
  g_assert (g_utf8_validate (phone, -1, NULL));
  g_assert (g_utf8_validate (name, -1, NULL));
  g_assert (g_utf8_validate (petitioner, -1, NULL));
  g_assert (g_utf8_validate (free_text, -1, NULL));
  /* a phone shows at most seven digits, and most of them hidden */
  g_assert (digits (phone) <= 7);
  g_assert (digits (name) <= 1);

  return 0;
}
