/* Ticket parsing and validation, as docs/feed-api.md says. */

#include "config.h"

#include <string.h>

#include "duban-ticket.h"

static const char *valid_ticket =
  "{"
  "  \"id\": \"JX20261009001\","
  "  \"title\": \"小区停水三天无人处理\","
  "  \"description\": \"金乡街道某小区自10月6日起停水\","
  "  \"kind\": \"complaint\","
  "  \"category\": \"供水\","
  "  \"urgency\": \"urgent\","
  "  \"source\": \"wechat\","
  "  \"petitioner\": { \"name\": \"张伟\", \"phone\": \"13812341234\" },"
  "  \"address\": \"金乡县金乡街道建设路1号\","
  "  \"location\": { \"lat\": 35.07, \"lon\": 116.31, \"crs\": \"gcj02\" },"
  "  \"grid_code\": \"370828001001001\","
  "  \"unit\": { \"code\": \"SW\", \"name\": \"县水务局\" },"
  "  \"status\": \"resolved\","
  "  \"received_at\": \"2026-10-09T14:03:00+08:00\","
  "  \"dispatched_at\": \"2026-10-09T14:10:00+08:00\","
  "  \"first_contact_at\": \"2026-10-09T14:40:00+08:00\","
  "  \"resolved_at\": \"2026-10-10T09:00:00.250+08:00\","
  "  \"updated_at\": \"2026-10-10T09:00:00Z\","
  "  \"extension\": { \"reason\": \"r\", \"measures\": \"m\", \"promised_at\": \"2026-10-12T18:00:00+08:00\","
  "                   \"filed_at\": \"2026-10-10T08:00:00+08:00\", \"approved\": true },"
  "  \"disposition\": \"explained\","
  "  \"evidence_count\": 2,"
  "  \"handled_level\": \"town\","
  "  \"satisfaction\": \"basically_satisfied\","
  "  \"visited_at\": \"2026-10-11T10:00:00+08:00\","
  "  \"repeat_of\": \"JX20261001007\","
  "  \"some_future_field\": { \"ignored\": true }"
  "}";

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* A number in a sync page is read from its text (duban-json-tokens.c);
 * the same number through json-glib (the feed server, Open311) must be
 * the same value of the same kind, or a ticket would depend on its road. */
static void
test_numbers_as_json_glib (void)
{
  static const char * const numbers[] = {
    "0", "-0", "2", "-17", "1.5", "1e2", "1E+2", "0.1e1", "-2.5e-3", "1e999", "-1e999", "1e-400",
    "9223372036854775807", "9223372036854775808", "-9223372036854775809",
    "18446744073709551615", "18446744073709551616", "99999999999999999999",
    "35.07000000000000028421709430404007434844970703125",
  };

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *text = g_strdup_printf ("[%s]", numbers[i]);
      g_autoptr(JsonNode) node = parse (text);
      JsonNode *element = json_array_get_element (json_node_get_array (node), 0);
      g_autoptr(DubanJsonTokens) tokens = duban_json_tokens_new ();
      const DubanJsonToken *token;

      duban_json_tokens_add_number (tokens, numbers[i], strlen (numbers[i]));
      token = duban_json_tokens_get (tokens, 0);
      if (json_node_get_value_type (element) == G_TYPE_INT64)
        {
          g_assert_cmpint (token->type, ==, DUBAN_JSON_INT);
          g_assert_cmpint (token->v.integer, ==, json_node_get_int (element));
        }
      else
        {
          double expected = json_node_get_double (element);

          g_assert_cmpint (token->type, ==, DUBAN_JSON_DOUBLE);
          g_assert_true (memcmp (&token->v.number, &expected, sizeof expected) == 0);
        }
    }
}

static void
test_valid (void)
{
  g_autoptr(JsonNode) node = parse (valid_ticket);
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanTicket) ticket = duban_ticket_new_from_json (node, &error);
  DubanTime expected;

  g_assert_no_error (error);
  g_assert_nonnull (ticket);
  g_assert_cmpstr (ticket->id, ==, "JX20261009001");
  g_assert_cmpint (ticket->kind, ==, DUBAN_KIND_COMPLAINT);
  g_assert_cmpint (ticket->urgency, ==, DUBAN_URGENCY_URGENT);
  g_assert_cmpint (ticket->source, ==, DUBAN_SOURCE_WECHAT);
  g_assert_cmpint (ticket->crs, ==, DUBAN_CRS_GCJ02);
  g_assert_true (ticket->has_location);
  g_assert_cmpfloat (ticket->lat, ==, 35.07);
  g_assert_cmpstr (ticket->unit_name, ==, "县水务局");
  g_assert_cmpint (ticket->status, ==, DUBAN_STATUS_RESOLVED);
  g_assert_true (duban_time_parse_rfc3339 ("2026-10-10T01:00:00Z", &expected, NULL));
  g_assert_cmpint (ticket->resolved_at, ==, expected + 250000);
  g_assert_nonnull (ticket->extension);
  g_assert_cmpint (ticket->extension->approved, ==, 1);
  g_assert_cmpint (ticket->evidence_count, ==, 2);
  g_assert_cmpint (ticket->handled_level, ==, DUBAN_LEVEL_TOWN);
  g_assert_cmpint (ticket->satisfaction, ==, DUBAN_SATISFACTION_BASICALLY_SATISFIED);
}

/* Writing and reading again gives the same ticket. */
static void
test_round_trip (void)
{
  g_autoptr(JsonNode) node = parse (valid_ticket);
  g_autoptr(DubanTicket) first = duban_ticket_new_from_json (node, NULL);
  g_autoptr(JsonNode) written = duban_ticket_to_json (first);
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanTicket) second = duban_ticket_new_from_json (written, &error);
  g_autoptr(JsonNode) rewritten = NULL;
  g_autofree char *a = NULL, *b = NULL;

  g_assert_no_error (error);
  rewritten = duban_ticket_to_json (second);
  a = json_to_string (written, FALSE);
  b = json_to_string (rewritten, FALSE);
  g_assert_cmpstr (a, ==, b);
  g_assert_nonnull (strstr (a, "\"resolved_at\":\"2026-10-10T09:00:00.25+08:00\"") ?:
                    strstr (a, "\"resolved_at\":\"2026-10-10T09:00:00.250000+08:00\""));
  g_assert_cmpint (second->resolved_at, ==, first->resolved_at);
  g_assert_cmpstr (second->petitioner_phone, ==, "13812341234");
}

/* Replaces @field's value (the text after "field": up to the next
 * top-level comma) or, with @value NULL, removes it. */
static char *
with_field (const char *field,
            const char *value)
{
  g_autoptr(JsonNode) node = parse (valid_ticket);
  JsonObject *object = json_node_get_object (node);

  json_object_remove_member (object, field);
  if (value != NULL)
    json_object_set_member (object, field, parse (value));

  return json_to_string (node, FALSE);
}

typedef struct {
  const char *field;
  const char *value;   /* JSON text, or NULL to remove the field */
  const char *reason;  /* a part of the expected message */
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  { "id", NULL, "missing required field 'id'" },
  { "id", "42", "field 'id' must be a string" },
  { "id", "\"\"", "required field 'id' is empty" },
  { "id", "\"JX01234567890123456789012345678901234567890123456789012345678901234\"", "longer than 64" },
  { "title", NULL, "missing required field 'title'" },
  { "title", "null", "missing required field 'title'" },
  { "kind", "\"rant\"", "unknown value 'rant' for field 'kind'" },
  { "kind", NULL, "missing required field 'kind'" },
  { "category", NULL, "missing required field 'category'" },
  { "urgency", "\"very\"", "unknown value 'very' for field 'urgency'" },
  { "source", "\"fax\"", "unknown value 'fax' for field 'source'" },
  { "status", "\"done\"", "unknown value 'done' for field 'status'" },
  { "status", "[]", "field 'status' must be a string" },
  { "received_at", "\"2026-10-09T14:03:00\"", "field 'received_at'" },
  { "received_at", "\"2026-10-09 14:03:00+08:00\"", "field 'received_at'" },
  { "received_at", "\"yesterday\"", "field 'received_at'" },
  { "updated_at", NULL, "missing required field 'updated_at'" },
  { "location", "{\"lat\": 123, \"lon\": 116}", "'location.lat' is outside" },
  { "location", "{\"lat\": 35, \"lon\": -181}", "'location.lon' is outside" },
  { "location", "{\"lat\": \"35\", \"lon\": 116}", "'location.lat' must be a number" },
  { "location", "{\"lat\": 35, \"lon\": 116, \"crs\": \"bd09\"}", "unknown value 'bd09' for field 'crs'" },
  { "location", "[35, 116]", "field 'location' must be an object" },
  { "grid_code", "\"37082800100100\"", "field 'grid_code' must be 15 digits" },
  { "petitioner", "\"张伟\"", "field 'petitioner' must be an object" },
  { "unit", "{\"name\": \"县水务局\"}", "missing required field 'unit.code'" },
  { "evidence_count", "-1", "'evidence_count' is out of range" },
  { "evidence_count", "1.5", "'evidence_count' must be a whole number" },
  { "extension", "{\"approved\": \"yes\"}", "'extension.approved' must be true or false" },
  { "extension", "{\"promised_at\": \"2026-10-12\"}", "field 'extension.promised_at'" },
  { "satisfaction", "\"happy\"", "unknown value 'happy' for field 'satisfaction'" },
  { "resolved_at", NULL, "status 'resolved' without 'resolved_at'" },
};

static void
test_invalid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      const InvalidCase *c = &invalid_cases[i];
      g_autofree char *text = with_field (c->field, c->value);
      g_autoptr(JsonNode) node = parse (text);
      g_autoptr(GError) error = NULL;
      g_autoptr(DubanTicket) ticket = duban_ticket_new_from_json (node, &error);

      g_test_message ("case %u: %s = %s", i, c->field, c->value ? c->value : "(removed)");
      g_assert_null (ticket);
      g_assert_error (error, DUBAN_TICKET_ERROR, DUBAN_TICKET_ERROR_INVALID);
      if (strstr (error->message, c->reason) == NULL)
        g_error ("case %u: expected '%s' in '%s'", i, c->reason, error->message);
    }
}

static void
test_long_strings (void)
{
  g_autoptr(GString) title = g_string_new ("\"");
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DubanTicket) ticket = NULL;

  /* 200 Chinese characters is the limit, counted in characters, not bytes */
  for (int i = 0; i < 200; i++)
    g_string_append (title, "水");
  g_string_append_c (title, '"');
  text = with_field ("title", title->str);
  node = parse (text);
  ticket = duban_ticket_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ticket);
  g_clear_pointer (&ticket, duban_ticket_free);
  g_clear_pointer (&node, json_node_unref);
  g_free (text);

  g_string_insert (title, 1, "水");
  text = with_field ("title", title->str);
  node = parse (text);
  ticket = duban_ticket_new_from_json (node, &error);
  g_assert_null (ticket);
  g_assert_error (error, DUBAN_TICKET_ERROR, DUBAN_TICKET_ERROR_INVALID);
}

static void
test_not_an_object (void)
{
  g_autoptr(JsonNode) node = parse ("[1, 2, 3]");
  g_autoptr(GError) error = NULL;

  g_assert_null (duban_ticket_new_from_json (node, &error));
  g_assert_error (error, DUBAN_TICKET_ERROR, DUBAN_TICKET_ERROR_INVALID);
}

/* Optional fields may be null; "returned" may carry an old resolved_at. */
static void
test_lenient_where_allowed (void)
{
  g_autofree char *a = with_field ("description", "null");
  g_autofree char *b = NULL;
  g_autoptr(JsonNode) node = parse (a);
  g_autoptr(DubanTicket) ticket = duban_ticket_new_from_json (node, NULL);
  g_autoptr(JsonNode) node2 = NULL;
  g_autoptr(DubanTicket) ticket2 = NULL;

  g_assert_nonnull (ticket);
  g_assert_null (ticket->description);

  b = with_field ("status", "\"returned\"");
  node2 = parse (b);
  ticket2 = duban_ticket_new_from_json (node2, NULL);
  g_assert_nonnull (ticket2);
  g_assert_cmpint (ticket2->status, ==, DUBAN_STATUS_RETURNED);
}

static void
test_masking (void)
{
  g_autofree char *a = duban_mask_name ("张伟");
  g_autofree char *b = duban_mask_name ("欧阳娜娜");
  g_autofree char *c = duban_mask_phone ("13812341234");
  g_autofree char *d = duban_mask_phone ("0537-8888");
  g_autofree char *e = duban_mask_name ("");
  g_autofree char *f = duban_mask_name ("李");

  g_assert_cmpstr (a, ==, "张*");
  g_assert_cmpstr (b, ==, "欧***");
  g_assert_cmpstr (c, ==, "138****1234");
  /* eight digits: the last two show (three and four would be seven of eight) */
  g_assert_cmpstr (d, ==, "****-**88");
  g_assert_cmpstr (e, ==, "");
  g_assert_cmpstr (f, ==, "李*");
}

static void
test_enums (void)
{
  int value;

  g_assert_true (duban_enum_from_wire (DUBAN_ENUM_STATUS, "in_progress", &value));
  g_assert_cmpint (value, ==, DUBAN_STATUS_IN_PROGRESS);
  g_assert_false (duban_enum_from_wire (DUBAN_ENUM_STATUS, "", &value));
  g_assert_cmpstr (duban_enum_to_wire (DUBAN_ENUM_LEVEL, DUBAN_LEVEL_COUNTY), ==, "county");
  g_assert_cmpstr (duban_enum_to_display (DUBAN_ENUM_URGENCY, DUBAN_URGENCY_URGENT), ==, "Urgent");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ticket/numbers-as-json-glib", test_numbers_as_json_glib);
  g_test_add_func ("/ticket/valid", test_valid);
  g_test_add_func ("/ticket/round-trip", test_round_trip);
  g_test_add_func ("/ticket/invalid", test_invalid);
  g_test_add_func ("/ticket/long-strings", test_long_strings);
  g_test_add_func ("/ticket/not-an-object", test_not_an_object);
  g_test_add_func ("/ticket/lenient", test_lenient_where_allowed);
  g_test_add_func ("/ticket/masking", test_masking);
  g_test_add_func ("/ticket/enums", test_enums);

  return g_test_run ();
}
