/* duban-order-sheet.h — the printed supervision order (督办单)
 *
 * One page per order in the center's official layout: red masthead,
 * document number, the ticket's particulars in a ruled table, the
 * supervision opinion, the reply deadline and the signature block. Drawn
 * with cairo and pango on any cairo context, so the print dialog (the
 * desk) and the PDF file (here) come from the same code.
 */
#pragma once

#include <cairo.h>

#include "duban-documents.h"
#include "duban-orders.h"
#include "duban-sla.h"

G_BEGIN_DECLS

/* A4 in points, the size the sheet is laid out for. */
#define DUBAN_ORDER_SHEET_WIDTH  595.276
#define DUBAN_ORDER_SHEET_HEIGHT 841.89

typedef struct {
  const DubanOrder     *order;
  const DubanTicket    *ticket;   /* NULL when the ticket is no longer stored */
  const DubanSlaStatus *status;   /* the ticket as it stood when the order was issued, or NULL */
  const char           *number;   /* from duban_document_number_take(); NULL: none printed */
  const DubanDocumentSettings *documents;  /* the issuer, seal, supervisor; NULL: the defaults */
} DubanOrderSheet;

/* The order's number from the store's sequence of order sheets (the one
 * it was given when first printed, after), audited. */
char    *duban_order_sheet_take_number (DubanStore                  *store,
                                        const DubanDocumentSettings *documents,
                                        const DubanOrder            *order,
                                        GError                     **error);

/* Draws one sheet with its top-left corner at the context's origin, in
 * points, scaled to fit @width × @height. */
void     duban_order_sheet_draw       (cairo_t               *cr,
                                       const DubanOrderSheet *sheet,
                                       double                 width,
                                       double                 height);
/* One A4 page per sheet. */
gboolean duban_order_sheet_write_pdf  (const char            *path,
                                       const DubanOrderSheet *sheets,
                                       guint                  n_sheets,
                                       GError               **error);

G_END_DECLS
