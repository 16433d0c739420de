/* duban-reports-page.c — the report builder: bulletins for leadership, with a live preview */

#include "config.h"

#include <glib/gi18n.h>

#include "duban-reports-page.h"

struct _DubanReportsPage
{
  AdwBin        parent_instance;

  DubanSession *session;
};

G_DEFINE_FINAL_TYPE (DubanReportsPage, duban_reports_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
duban_reports_page_dispose (GObject *object)
{
  DubanReportsPage *self = DUBAN_REPORTS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DUBAN_TYPE_REPORTS_PAGE);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (duban_reports_page_parent_class)->dispose (object);
}

static void
duban_reports_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DubanReportsPage *self = DUBAN_REPORTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
duban_reports_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  DubanReportsPage *self = DUBAN_REPORTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      duban_reports_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
duban_reports_page_class_init (DubanReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = duban_reports_page_dispose;
  object_class->get_property = duban_reports_page_get_property;
  object_class->set_property = duban_reports_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         DUBAN_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/duban/Duban/duban-reports-page.ui");
}

static void
duban_reports_page_init (DubanReportsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

DubanSession *
duban_reports_page_get_session (DubanReportsPage *self)
{
  g_return_val_if_fail (DUBAN_IS_REPORTS_PAGE (self), NULL);

  return self->session;
}

void
duban_reports_page_set_session (DubanReportsPage *self,
                              DubanSession   *session)
{
  g_return_if_fail (DUBAN_IS_REPORTS_PAGE (self));
  g_return_if_fail (session == NULL || DUBAN_IS_SESSION (session));

  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}
