/* duban-report-pdf-private.h — what the files of the report's document share
 *
 * DubanReportDocument is one writer over four files: the document,
 * its measuring and pagination (duban-report-pdf.c), the blocks every
 * document shares and the supervision summary (duban-report-pdf-blocks.c),
 * the bulletin's sections (duban-report-pdf-bulletin.c), and drawing
 * (duban-report-pdf-draw.c).
 */
#pragma once

#include <pango/pangocairo.h>

#include "duban-report-pdf.h"

G_BEGIN_DECLS

#define MM                 (72.0 / 25.4)
/* GB/T 9704: top margin 37 mm, left 28 mm, a text block of 156 × 225 mm */
#define MARGIN_TOP         (37 * MM)
#define MARGIN_LEFT        (28 * MM)
#define TEXT_WIDTH         (156 * MM)
#define TEXT_HEIGHT        (225 * MM)
#define TEXT_BOTTOM        (MARGIN_TOP + TEXT_HEIGHT)
#define BLOCK_GAP          6.0
#define CELL_PADDING       2.5
#define CHART_HEIGHT       170.0
#define MAP_HEIGHT         330.0
#define MAP_ZOOM           1.8
#define LEGEND_SCALE       0.6
#define MAX_COLUMNS        10
#define MAX_REPEATS_ON_PAPER 40u

/* the red of the issuing body's mark */
#define RED_R 0.80
#define RED_G 0.05
#define RED_B 0.05

typedef enum {
  BLOCK_HEADER,
  BLOCK_TITLE,
  BLOCK_SUBTITLE,
  BLOCK_HEADING,
  BLOCK_SUBHEADING,
  BLOCK_PARAGRAPH,
  BLOCK_PLAIN,
  BLOCK_NOTE,
  BLOCK_TABLE,
  BLOCK_CHART,
  BLOCK_MAP,
  BLOCK_SIGNATURE,
} BlockKind;

typedef enum {
  FONT_HEADER,
  FONT_NUMBER,
  FONT_TITLE,
  FONT_SUBTITLE,
  FONT_HEADING,
  FONT_SUBHEADING,
  FONT_BODY,
  FONT_NOTE,
  FONT_TABLE,
  FONT_TABLE_HEAD,
  FONT_SMALL,
  N_FONTS
} FontRole;

typedef struct {
  const char *title;
  double      share;      /* of the text width */
  gboolean    numeric;    /* right-aligned */
} Column;

typedef struct {
  BlockKind   kind;
  char       *text;
  double      height;          /* measured; tables: one row */
  /* tables */
  guint       n_columns;
  Column      columns[MAX_COLUMNS];
  GPtrArray  *cells;           /* char*, row-major */
  gboolean    dense;           /* many columns: its rows in FONT_SMALL */
  guint       n_rows;
} Block;

typedef struct {
  guint  block;
  double y;
  guint  row_start;
  guint  row_end;
} Placed;

struct _DubanReportDocument
{
  const DubanReport  *report;
  GPtrArray          *blocks;
  GPtrArray          *pages;        /* GArray of Placed */
  PangoContext       *context;
  PangoLayout        *layouts[N_FONTS];
  double              row_height;
  double              head_height;   /* a table's column titles, up to two lines */
};

typedef struct {
  const char *family;
  double      size;
  PangoWeight weight;
} DubanReportPdfFont;

extern const DubanReportPdfFont duban_report_pdf_fonts[N_FONTS];

/* duban-report-pdf.c: text measured with the document's own context */
PangoLayout *duban_report_pdf_layout_for    (DubanReportDocument *doc,
                                             FontRole             role);
/* A layout ready to show @text in @width points (0: unbounded, one line). */
PangoLayout *duban_report_pdf_prepare_text  (DubanReportDocument *doc,
                                             FontRole             role,
                                             const char          *text,
                                             double               width,
                                             PangoAlignment       alignment,
                                             gboolean             single_line,
                                             double               indent);
double       duban_report_pdf_layout_height (PangoLayout         *layout);

/* duban-report-pdf-blocks.c */
Block *duban_report_pdf_add_block   (DubanReportDocument *doc,
                                     BlockKind            kind,
                                     const char          *text);
Block *duban_report_pdf_add_table   (DubanReportDocument *doc,
                                     const Column        *columns,
                                     guint                n_columns);
/* Exactly n_columns strings; the table copies them. */
void   duban_report_pdf_table_row   (Block               *table,
                                     ...);
char  *duban_report_pdf_count_text    (guint  value);
char  *duban_report_pdf_number_text   (double value,
                                       int    decimals);
char  *duban_report_pdf_signed_count  (guint  now,
                                       guint  before);
void   duban_report_pdf_add_front_matter        (DubanReportDocument *doc);
void   duban_report_pdf_add_signature_and_notes (DubanReportDocument *doc);
void   duban_report_pdf_build_supervision       (DubanReportDocument *doc);

/* duban-report-pdf-bulletin.c */
void   duban_report_pdf_build_bulletin          (DubanReportDocument *doc);

/* duban-report-pdf-draw.c */
void   duban_report_pdf_draw_page_content       (DubanReportDocument *doc,
                                                 cairo_t             *cr,
                                                 guint                page_index);

G_END_DECLS
