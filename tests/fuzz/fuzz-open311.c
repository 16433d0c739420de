/* Fuzzes the Open311 GeoReport v2 reader: requests.json → feed tickets. */

#include "config.h"

#include <stdint.h>

#include "duban-open311.h"
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
  JsonNode *root;

  g_log_set_default_handler (quiet_log, NULL);

  if (!json_parser_load_from_data (parser, (const char *) data, size, NULL))
    return 0;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return 0;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) mapped = duban_open311_to_feed_ticket (json_array_get_element (json_node_get_array (root), i), &error);
      g_autoptr(DubanTicket) ticket = NULL;

      g_assert ((mapped == NULL) != (error == NULL));
      if (mapped != NULL)
        ticket = duban_ticket_new_from_json (mapped, NULL);
    }

  return 0;
}
