/* duban-map-choropleth.c — which colour an area gets for a figure
 *
 * The choropleth of the map painter: a figure per area (open overdue,
 * rates, received…), its classes and their colours, the same on the desk
 * and in the reports. Counts are classed on a square-root scale over a
 * ramp of the figure's hue, zero letting the paper show through; rates
 * on fixed bands from red (poor) to green (good), read against the
 * targets, so that a colour means the same rate on every map. A rate
 * over fewer tickets than the minimum is "too few" (样本不足), not a
 * colour.
 */
#define G_LOG_DOMAIN "duban-map-choropleth"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "duban-map-painter.h"

static const double NO_DATA[3]    = { 0.90, 0.90, 0.88 };
static const double ZERO_FILL[3]  = { 0.965, 0.961, 0.945 };

/* Sequential ramps, light to dark, per figure hue. */
static const double RAMP_RED[5][3] = {
  { 0.996, 0.878, 0.824 }, { 0.988, 0.733, 0.631 }, { 0.984, 0.502, 0.424 },
  { 0.871, 0.176, 0.149 }, { 0.647, 0.059, 0.082 },
};
static const double RAMP_BLUE[5][3] = {
  { 0.871, 0.922, 0.969 }, { 0.776, 0.859, 0.937 }, { 0.620, 0.792, 0.882 },
  { 0.259, 0.573, 0.776 }, { 0.031, 0.318, 0.612 },
};
static const double RAMP_PURPLE[5][3] = {
  { 0.937, 0.929, 0.961 }, { 0.855, 0.855, 0.922 }, { 0.737, 0.741, 0.863 },
  { 0.502, 0.490, 0.729 }, { 0.329, 0.153, 0.561 },
};
/* Rates: red for poor, amber, then greens for good. */
static const double RAMP_RATE[5][3] = {
  { 0.843, 0.188, 0.153 }, { 0.957, 0.427, 0.263 }, { 0.992, 0.682, 0.380 },
  { 0.651, 0.851, 0.416 }, { 0.102, 0.596, 0.314 },
};
static const double RATE_STOPS[5] = { 0.0, 0.6, 0.8, 0.9, 0.97 };

const char *
duban_choropleth_figure_to_display (DubanChoroplethFigure figure)
{
  switch (figure)
    {
    case DUBAN_CHOROPLETH_NONE:
      return C_("map figure", "No colouring");
    case DUBAN_CHOROPLETH_OPEN:
      return C_("map figure", "Open tickets");
    case DUBAN_CHOROPLETH_OPEN_OVERDUE:
      return C_("map figure", "Open overdue");
    case DUBAN_CHOROPLETH_ON_TIME_RATE:
      return C_("map figure", "On-time completion rate");
    case DUBAN_CHOROPLETH_SATISFACTION_RATE:
      return C_("map figure", "Satisfaction rate");
    case DUBAN_CHOROPLETH_RECEIVED:
      return C_("map figure", "Tickets in the period");
    default:
      return "";
    }
}

gboolean
duban_choropleth_figure_is_rate (DubanChoroplethFigure figure)
{
  return figure == DUBAN_CHOROPLETH_ON_TIME_RATE || figure == DUBAN_CHOROPLETH_SATISFACTION_RATE;
}

double
duban_choropleth_value_of (DubanChoroplethFigure  figure,
                           const DubanAreaStats  *stats)
{
  g_return_val_if_fail (stats != NULL, NAN);

  switch (figure)
    {
    case DUBAN_CHOROPLETH_OPEN:
      return stats->open;
    case DUBAN_CHOROPLETH_OPEN_OVERDUE:
      return stats->open_overdue;
    case DUBAN_CHOROPLETH_ON_TIME_RATE:
      return stats->figures.on_time_completion_rate;
    case DUBAN_CHOROPLETH_SATISFACTION_RATE:
      return stats->figures.satisfaction_rate;
    case DUBAN_CHOROPLETH_RECEIVED:
      return stats->figures.received;
    case DUBAN_CHOROPLETH_NONE:
    default:
      return NAN;
    }
}

guint
duban_choropleth_denominator_of (DubanChoroplethFigure  figure,
                                 const DubanAreaStats  *stats)
{
  g_return_val_if_fail (stats != NULL, G_MAXUINT);

  /* as duban-figures.c divides */
  switch (figure)
    {
    case DUBAN_CHOROPLETH_ON_TIME_RATE:
      return stats->figures.due;
    case DUBAN_CHOROPLETH_SATISFACTION_RATE:
      return stats->figures.visited;
    default:
      return G_MAXUINT;
    }
}

gboolean
duban_choropleth_too_few (DubanChoroplethFigure  figure,
                          const DubanAreaStats  *stats,
                          guint                  min_denominator)
{
  guint denominator;

  g_return_val_if_fail (stats != NULL, FALSE);

  /* An empty denominator is "no data", not a small sample. */
  denominator = duban_choropleth_denominator_of (figure, stats);
  return denominator > 0 && denominator < min_denominator;
}

void
duban_choropleth_init (DubanChoropleth        *choropleth,
                       DubanChoroplethFigure   figure,
                       DubanAreaLevel          level,
                       const DubanRegions     *regions,
                       const DubanRegionStats *stats,
                       double                 *values,
                       guint                  *denominators,
                       guint                   min_denominator)
{
  guint first, end;
  double max = 0;

  g_return_if_fail (choropleth != NULL);
  g_return_if_fail (regions != NULL);
  g_return_if_fail (stats != NULL);
  g_return_if_fail (values != NULL);
  g_return_if_fail (stats->n_areas == duban_regions_get_n_areas (regions));

  for (guint i = 0; i < stats->n_areas; i++)
    values[i] = duban_choropleth_value_of (figure, &stats->areas[i]);
  if (denominators != NULL)
    for (guint i = 0; i < stats->n_areas; i++)
      denominators[i] = duban_choropleth_denominator_of (figure, &stats->areas[i]);

  duban_regions_get_level_range (regions, level, &first, &end);
  for (guint i = first; i < end; i++)
    if (!isnan (values[i]))
      max = MAX (max, values[i]);

  choropleth->figure = figure;
  choropleth->level = level;
  choropleth->values = values;
  choropleth->max = duban_choropleth_figure_is_rate (figure) ? 1.0 : max;
  choropleth->denominators = denominators;
  choropleth->min_denominator = denominators != NULL ? min_denominator : 0;
}

static void
ramp_color (const double ramp[5][3],
            double       t,
            double      *rgba)
{
  double pos = CLAMP (t, 0.0, 1.0) * 4.0;
  guint i = MIN ((guint) pos, 3u);
  double f = pos - i;

  for (guint k = 0; k < 3; k++)
    rgba[k] = ramp[i][k] * (1 - f) + ramp[i + 1][k] * f;
  rgba[3] = 1.0;
}

static const double (*ramp_for (DubanChoroplethFigure figure))[3]
{
  switch (figure)
    {
    case DUBAN_CHOROPLETH_OPEN_OVERDUE:
      return RAMP_RED;
    case DUBAN_CHOROPLETH_RECEIVED:
      return RAMP_PURPLE;
    case DUBAN_CHOROPLETH_ON_TIME_RATE:
    case DUBAN_CHOROPLETH_SATISFACTION_RATE:
      return RAMP_RATE;
    case DUBAN_CHOROPLETH_OPEN:
    case DUBAN_CHOROPLETH_NONE:
    default:
      return RAMP_BLUE;
    }
}

guint
duban_choropleth_get_classes (const DubanChoropleth *choropleth,
                              double                *from,
                              double                *to)
{
  guint n = 0;

  g_return_val_if_fail (choropleth != NULL, 0);
  g_return_val_if_fail (from != NULL && to != NULL, 0);

  if (choropleth->figure == DUBAN_CHOROPLETH_NONE)
    return 0;

  if (duban_choropleth_figure_is_rate (choropleth->figure))
    {
      /* Rates are read against the county's targets, not the spread of
       * the day's values: the bands stay put from one week to the next. */
      for (guint i = 0; i < G_N_ELEMENTS (RATE_STOPS); i++)
        {
          from[n] = RATE_STOPS[i];
          to[n] = i + 1 < G_N_ELEMENTS (RATE_STOPS) ? RATE_STOPS[i + 1] : 1.0;
          n++;
        }
      return n;
    }

  /* Counts: zero (no problem: the paper shows through), then up to four
   * steps on a square-root scale, so that a few hot grids do not wash
   * out every grid with one ticket. */
  from[n] = to[n] = 0;
  n++;
  {
    double max = MAX (1, floor (choropleth->max));
    double previous = 0;

    for (guint j = 1; j <= 4; j++)
      {
        double upper = j == 4 ? max : round (max * (j * j) / 16.0);

        if (upper <= previous)
          continue;
        from[n] = previous + 1;
        to[n] = upper;
        previous = upper;
        n++;
      }
  }
  return n;
}

int
duban_choropleth_class_of (const DubanChoropleth *choropleth,
                           double                 value)
{
  g_return_val_if_fail (choropleth != NULL, -1);

  if (isnan (value) || choropleth->figure == DUBAN_CHOROPLETH_NONE)
    return -1;

  if (duban_choropleth_figure_is_rate (choropleth->figure))
    {
      int k = 0;

      while (k + 1 < (int) G_N_ELEMENTS (RATE_STOPS) && value >= RATE_STOPS[k + 1])
        k++;
      return k;
    }
  else
    {
      double from[DUBAN_CHOROPLETH_MAX_CLASSES], to[DUBAN_CHOROPLETH_MAX_CLASSES];
      guint n = duban_choropleth_get_classes (choropleth, from, to);

      if (value <= 0)
        return 0;
      for (guint k = 1; k < n; k++)
        if (value <= to[k])
          return k;
      return n - 1;
    }
}

int
duban_choropleth_class_of_area (const DubanChoropleth *choropleth,
                                guint                  area_index)
{
  g_return_val_if_fail (choropleth != NULL && choropleth->values != NULL, -1);

  if (choropleth->denominators != NULL && choropleth->min_denominator > 0 &&
      choropleth->denominators[area_index] > 0 &&
      choropleth->denominators[area_index] < choropleth->min_denominator)
    return DUBAN_CHOROPLETH_CLASS_TOO_FEW;
  return duban_choropleth_class_of (choropleth, choropleth->values[area_index]);
}

void
duban_choropleth_class_color (const DubanChoropleth *choropleth,
                              int                    klass,
                              double                *rgba)
{
  double from[DUBAN_CHOROPLETH_MAX_CLASSES], to[DUBAN_CHOROPLETH_MAX_CLASSES];
  guint n;

  g_return_if_fail (choropleth != NULL);
  g_return_if_fail (rgba != NULL);

  rgba[3] = 1.0;
  n = duban_choropleth_get_classes (choropleth, from, to);
  if (klass < 0 || (guint) klass >= n)
    {
      for (guint k = 0; k < 3; k++)
        rgba[k] = NO_DATA[k];
      return;
    }

  if (duban_choropleth_figure_is_rate (choropleth->figure))
    {
      for (guint k = 0; k < 3; k++)
        rgba[k] = RAMP_RATE[klass][k];
      return;
    }

  if (klass == 0)
    {
      for (guint k = 0; k < 3; k++)
        rgba[k] = ZERO_FILL[k];
      return;
    }

  /* The top class darkest; the first one already plainly coloured: one
   * overdue ticket is a problem to see at a glance, not a tint. */
  ramp_color (ramp_for (choropleth->figure),
              n > 2 ? 0.5 + 0.5 * (klass - 1) / (double) (n - 2) : 0.8, rgba);
}

void
duban_choropleth_color (const DubanChoropleth *choropleth,
                        double                 value,
                        double                *rgba)
{
  g_return_if_fail (choropleth != NULL);
  g_return_if_fail (rgba != NULL);

  duban_choropleth_class_color (choropleth, duban_choropleth_class_of (choropleth, value), rgba);
}
