/* duban-feed-json.c — writing JSON text by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "duban-feed-json"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-feed-json.h"

void
duban_feed_json_append_string (GString    *out,
                               const char *text)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (text != NULL);

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          /* UTF-8 passes through: JSON text is UTF-8 */
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", (guint) c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}
