/* duban-documents.h — who issues the center's documents, and their numbers
 *
 * A supervision order, a 督办情况通报 or a 考评通报 leaves the center with
 * the issuing body's name, its seal, a number and the supervisor's name.
 * These settings are kept in the store, so the desk and duban-ctl issue
 * the same documents; a number is taken from a sequence in the store
 * when a document is first issued, never reused, recorded with the
 * document and in the audit log, and given again to the same document
 * when it is previewed or exported again.
 */
#pragma once

#include "duban-store.h"

G_BEGIN_DECLS

typedef enum {
  DUBAN_DOCUMENT_ORDER_SHEET,   /* 督办单 */
  DUBAN_DOCUMENT_BULLETIN,      /* 考评通报 */
  DUBAN_DOCUMENT_SUPERVISION,   /* 督办情况通报 */
  DUBAN_N_DOCUMENT_KINDS
} DubanDocumentKind;

/* "order_sheet", "bulletin", "supervision" */
const char *duban_document_kind_to_wire (DubanDocumentKind kind);

typedef struct {
  char *issuer;                            /* the issuing body, in the red masthead and the signature */
  char *seal;                              /* the text in the seal's place */
  char *prefix[DUBAN_N_DOCUMENT_KINDS];    /* 金督, 金社治督 …: the number's prefix per kind */
  char *supervisor_name;                   /* the supervisor's real name; "" : the order's issuer */
  char *supervisor_title;                  /* 督办科科长 …; may be "" */
} DubanDocumentSettings;

/* The county's defaults; documents of two kinds with the same prefix
 * share its sequence, so they never share a number. */
void     duban_document_settings_init  (DubanDocumentSettings  *settings);
void     duban_document_settings_clear (DubanDocumentSettings  *settings);
void     duban_document_settings_copy  (DubanDocumentSettings  *dest,
                                        const DubanDocumentSettings *src);
/* The stored settings over the defaults. */
gboolean duban_document_settings_load  (DubanStore             *store,
                                        DubanDocumentSettings  *settings,
                                        GError                **error);
/* Saves and audits (DUBAN_AUDIT_PREFERENCE), in one transaction. An
 * empty issuer or prefix is refused. */
gboolean duban_document_settings_save  (DubanStore                   *store,
                                        const DubanDocumentSettings  *settings,
                                        GError                      **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DubanDocumentSettings, duban_document_settings_clear)

/* "金督〔2026〕7号" */
char    *duban_document_number_format  (const char             *prefix,
                                        int                     year,
                                        guint                   sequence);

/* The number of the document @key of @kind (an order's client id; a
 * report's kind, scope and period): the one it was given when first
 * issued, or else the next of its prefix's sequence in @year, recorded
 * with @key and audited (DUBAN_AUDIT_DOCUMENT), in one transaction. A
 * number once given is never given to another document, even when the
 * settings change. */
char    *duban_document_number_take    (DubanStore                   *store,
                                        const DubanDocumentSettings  *settings,
                                        DubanDocumentKind             kind,
                                        const char                   *key,
                                        int                           year,
                                        GError                      **error);
/* The number @key was given, or NULL (no error) when it has none yet. */
char    *duban_document_number_lookup  (DubanStore                   *store,
                                        DubanDocumentKind             kind,
                                        const char                   *key,
                                        GError                      **error);

G_END_DECLS
