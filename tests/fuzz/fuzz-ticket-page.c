/* Fuzzes what a sync does with a page from the platform: parse it as
 * JSON, then validate every ticket in it. Anything goes in; nothing may
 * crash, leak or read out of bounds. */

#include "config.h"

#include <stdint.h>

#include "duban-ticket.h"

static void
quiet_log (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root, *tickets;

  g_log_set_default_handler (quiet_log, NULL);

  if (!json_parser_load_from_data (parser, (const char *) data, size, NULL))
    return 0;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;

  tickets = json_object_get_member (json_node_get_object (root), "tickets");
  if (tickets == NULL || !JSON_NODE_HOLDS_ARRAY (tickets))
    return 0;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (tickets)); i++)
    {
      JsonNode *record = json_array_get_element (json_node_get_array (tickets), i);
      g_autoptr(GError) error = NULL;
      g_autoptr(DubanTicket) ticket = duban_ticket_new_from_json (record, &error);

      /* exactly one of the two, always */
      g_assert ((ticket == NULL) != (error == NULL));

      if (ticket != NULL)
        {
          /* what is accepted must survive the round trip */
          g_autoptr(JsonNode) written = duban_ticket_to_json (ticket);
          g_autoptr(DubanTicket) again = duban_ticket_new_from_json (written, NULL);

          g_assert (again != NULL);
          g_assert (again->received_at == ticket->received_at);
        }
    }

  return 0;
}
