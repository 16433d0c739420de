/* Fuzzes what a sync does with a page from the platform: cut it into
 * records (duban-feed-page.c), then read and validate each record from
 * the tokens the cutter wrote, as the feed client does, and again
 * through json-glib and duban_ticket_new_from_json, which must agree.
 * Anything goes in; nothing may crash, leak or read out of bounds, and
 * the records cut out lie inside the page, in order. */

#include "config.h"

#include <stdint.h>

#include "duban-feed-page.h"
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
  gsize end = 0;

  g_log_set_default_handler (quiet_log, NULL);

  page = duban_feed_page_read ((const char *) data, size, DUBAN_FEED_PAGE_TICKETS, NULL);
  if (page == NULL)
    return 0;

  for (guint i = 0; i < page->records->len; i++)
    {
      const DubanFeedRecord *record = &g_array_index (page->records, DubanFeedRecord, i);
      g_autoptr(JsonParser) parser = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(DubanTicket) ticket = NULL;

      g_assert (record->offset >= end && record->length > 0);
      g_assert (record->offset + record->length <= size);
      end = record->offset + record->length;
      g_assert (record->id == NULL || g_utf8_validate (record->id, -1, NULL));

      if (record->problem != NULL)
        continue;

      /* as the sync reads it: from the tokens the cutter wrote */
      ticket = duban_ticket_new_from_tokens (page->tokens, record->token, &error);
      /* exactly one of the two, always */
      g_assert ((ticket == NULL) != (error == NULL));

      /* the same record through json-glib and the adapter: the same verdict */
      parser = json_parser_new_immutable ();
      if (json_parser_load_from_data (parser, page->text + record->offset, record->length, NULL))
        {
          g_autoptr(GError) again_error = NULL;
          g_autoptr(DubanTicket) again = duban_ticket_new_from_json (json_parser_get_root (parser), &again_error);

          g_assert ((again == NULL) == (ticket == NULL));
          g_assert (again_error == NULL || g_str_equal (again_error->message, error->message));
        }

      if (ticket != NULL)
        {
          /* what is accepted must survive the round trip */
          g_autoptr(JsonNode) written = duban_ticket_to_json (ticket);
          g_autoptr(DubanTicket) again = duban_ticket_new_from_json (written, NULL);

          g_assert (again != NULL);
          g_assert (again->received_at == ticket->received_at);
          g_assert (duban_ticket_id_is_valid (ticket->id, -1));
        }
    }

  for (guint i = 0; i < page->deleted_ids->len; i++)
    g_assert (duban_ticket_id_is_valid (g_ptr_array_index (page->deleted_ids, i), -1));

  return 0;
}
