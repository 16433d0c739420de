/* Fuzzes the Open311 GeoReport v2 reader: requests.json → feed tickets. */

#include "config.h"

#include <stdint.h>

#include "duban-feed-page.h"
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
  g_autoptr(DubanFeedPage) page = NULL;

  g_log_set_default_handler (quiet_log, NULL);

  /* cut as the sync cuts it: each request read from its own bytes */
  page = duban_feed_page_read ((const char *) data, size, DUBAN_FEED_PAGE_OPEN311, NULL);
  if (page == NULL)
    return 0;

  for (guint i = 0; i < page->records->len; i++)
    {
      const DubanFeedRecord *record = &g_array_index (page->records, DubanFeedRecord, i);
      g_autoptr(JsonParser) parser = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) mapped = NULL;
      g_autoptr(DubanTicket) ticket = NULL;

      g_assert (record->offset + record->length <= size);
      if (record->problem != NULL)
        continue;

      parser = json_parser_new_immutable ();
      if (!json_parser_load_from_data (parser, page->text + record->offset, record->length, NULL))
        continue;

      mapped = duban_open311_to_feed_ticket (json_parser_get_root (parser), &error);
      g_assert ((mapped == NULL) != (error == NULL));
      if (mapped != NULL)
        ticket = duban_ticket_new_from_json (mapped, NULL);
    }

  return 0;
}
