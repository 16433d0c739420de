/* duban-privacy.h — the one place that masks personal data
 *
 * A petitioner's name and phone (feed-api.md, personal data) leave the
 * store masked on every path: the screens, duban-ctl's output, every
 * export, the quarantine's raw records, logs and error messages. The
 * rules are here, once; everything else calls them. Showing the data in
 * the clear is an explicit action that writes an audit row
 * (duban_audit_reveal()), never a default.
 *
 * Masking works on characters, not bytes: full-width digits (１３９…)
 * and a phone followed by text give valid UTF-8 with no part of a
 * character left over.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 张伟 → 张*, 欧阳娜娜 → 欧***, 李 → 李*. */
char *duban_mask_name            (const char *name);
/* 13812341234 → 138****1234: of eleven or more digits the first three
 * and the last four show; of fewer, only the last two. Separators
 * (space, -, +, parentheses, their full-width forms) stay; any other
 * character in the field becomes '*'. */
char *duban_mask_phone           (const char *phone);
/* A petitioner given as free text ("端木赐 13600136000"): every run of
 * five or more digits is masked as a phone, every word as a name. */
char *duban_privacy_mask_petitioner (const char *text);
/* Free text that is not the petitioner field (a title, a description,
 * an address, a reason): runs that are phone numbers — a mainland
 * mobile number, a number with an area code, or one of @known_phones
 * (digits only, NULL-terminated; may be NULL) — are masked, the rest is
 * left as it is, so dates, grid codes and ticket numbers still read. */
char *duban_privacy_mask_text    (const char        *text,
                                  const char *const *known_phones);
/* A ticket's free text (its title, address, description) as it may
 * leave the store: duban_privacy_mask_text() with the ticket's own
 * petitioner phone (may be NULL) as the one known. */
char *duban_privacy_mask_ticket_text (const char *text,
                                      const char *petitioner_phone);
/* The platform's raw record (JSON, possibly broken or not UTF-8), with
 * its personal data masked and every other byte as received: strings
 * under "petitioner" (an object or plain text, at any depth) and
 * Open311's contact fields by the rules above, and in every other
 * string the petitioner's own phone and any phone-like run. Text that
 * cannot be read as JSON from some point on has its phone-like runs
 * masked from there. The result is UTF-8: a byte that is not becomes
 * U+FFFD. */
char *duban_privacy_mask_raw     (const char *raw);

G_END_DECLS
