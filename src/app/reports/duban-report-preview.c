/* duban-report-preview.c — the pages of a report, as they will print */

#define G_LOG_DOMAIN "duban-report-preview"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-report-preview.h"

struct _DubanReportPreview
{
  GtkWidget            parent_instance;

  DubanReport         *report;
  DubanReportDocument *document;
  guint                page;
};

G_DEFINE_FINAL_TYPE (DubanReportPreview, duban_report_preview, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PAGE,
  PROP_N_PAGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
duban_report_preview_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  DubanReportPreview *self = DUBAN_REPORT_PREVIEW (widget);
  double width = gtk_widget_get_width (widget) - 24;
  double height = gtk_widget_get_height (widget) - 24;
  double scale, page_w, page_h, x, y;
  cairo_t *cr;

  if (self->document == NULL || width <= 0 || height <= 0)
    return;

  scale = MIN (width / DUBAN_REPORT_PAGE_WIDTH, height / DUBAN_REPORT_PAGE_HEIGHT);
  page_w = DUBAN_REPORT_PAGE_WIDTH * scale;
  page_h = DUBAN_REPORT_PAGE_HEIGHT * scale;
  x = (gtk_widget_get_width (widget) - page_w) / 2;
  y = 12;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                                 gtk_widget_get_height (widget)));
  /* a sheet of paper with a soft edge */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.18);
  cairo_rectangle (cr, x + 2, y + 3, page_w, page_h);
  cairo_fill (cr);
  cairo_translate (cr, x, y);
  duban_report_document_draw_page (self->document, cr, self->page, page_w, page_h);
  cairo_destroy (cr);
}

static void
duban_report_preview_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = 200, *natural = 620;
  else
    *minimum = 280, *natural = 860;
}

static void
duban_report_preview_finalize (GObject *object)
{
  DubanReportPreview *self = DUBAN_REPORT_PREVIEW (object);

  g_clear_pointer (&self->document, duban_report_document_free);
  g_clear_pointer (&self->report, duban_report_free);

  G_OBJECT_CLASS (duban_report_preview_parent_class)->finalize (object);
}

static void
duban_report_preview_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DubanReportPreview *self = DUBAN_REPORT_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      g_value_set_uint (value, self->page);
      break;

    case PROP_N_PAGES:
      g_value_set_uint (value, duban_report_preview_get_n_pages (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
duban_report_preview_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  DubanReportPreview *self = DUBAN_REPORT_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      duban_report_preview_set_page (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
duban_report_preview_class_init (DubanReportPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = duban_report_preview_finalize;
  object_class->get_property = duban_report_preview_get_property;
  object_class->set_property = duban_report_preview_set_property;
  widget_class->snapshot = duban_report_preview_snapshot;
  widget_class->measure = duban_report_preview_measure;

  properties[PROP_PAGE] =
    g_param_spec_uint ("page", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_PAGES] =
    g_param_spec_uint ("n-pages", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "reportpreview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
duban_report_preview_init (DubanReportPreview *self)
{
}

GtkWidget *
duban_report_preview_new (void)
{
  return g_object_new (DUBAN_TYPE_REPORT_PREVIEW, NULL);
}

void
duban_report_preview_set_report (DubanReportPreview *self,
                                 DubanReport        *report)
{
  g_return_if_fail (DUBAN_IS_REPORT_PREVIEW (self));

  /* the document borrows the report: free it first */
  g_clear_pointer (&self->document, duban_report_document_free);
  g_clear_pointer (&self->report, duban_report_free);
  self->report = report;
  if (report != NULL)
    self->document = duban_report_document_new (report);

  if (self->page >= duban_report_preview_get_n_pages (self))
    {
      self->page = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
duban_report_preview_report_changed (DubanReportPreview *self)
{
  g_return_if_fail (DUBAN_IS_REPORT_PREVIEW (self));

  g_clear_pointer (&self->document, duban_report_document_free);
  if (self->report != NULL)
    self->document = duban_report_document_new (self->report);
  if (self->page >= duban_report_preview_get_n_pages (self))
    {
      self->page = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const DubanReport *
duban_report_preview_get_report (DubanReportPreview *self)
{
  g_return_val_if_fail (DUBAN_IS_REPORT_PREVIEW (self), NULL);

  return self->report;
}

guint
duban_report_preview_get_n_pages (DubanReportPreview *self)
{
  g_return_val_if_fail (DUBAN_IS_REPORT_PREVIEW (self), 0);

  return self->document != NULL ? duban_report_document_get_n_pages (self->document) : 0;
}

guint
duban_report_preview_get_page (DubanReportPreview *self)
{
  g_return_val_if_fail (DUBAN_IS_REPORT_PREVIEW (self), 0);

  return self->page;
}

void
duban_report_preview_set_page (DubanReportPreview *self,
                               guint               page)
{
  guint n_pages;

  g_return_if_fail (DUBAN_IS_REPORT_PREVIEW (self));

  n_pages = duban_report_preview_get_n_pages (self);
  page = n_pages > 0 ? MIN (page, n_pages - 1) : 0;
  if (page == self->page)
    return;

  self->page = page;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}
