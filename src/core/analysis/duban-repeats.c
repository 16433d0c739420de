/* duban-repeats.c — proposing groups of repeat complaints
 *
 * Two tickets are linked when they share a category, the later was
 * received within the window after the earlier, they are near each other
 * and their words are alike; a group is what the links join (a series
 * that goes on for weeks stays one matter while each complaint follows
 * the last within the window). Where the two tickets are is their
 * position when both have one — a grid is about a square kilometre, and
 * two neighbours' burst pipes are not one matter — and only when one has
 * none, their grid, for which the words must agree more. Words are
 * compared as sets of characters and character bigrams, weighted by how
 * rare each is among the tickets looked at (tf-idf cosine): no
 * dictionary, no segmenter, and a burst main written up by two people
 * shares 停水, 水管, 恢复 whatever else they say. docs/sla-rules.md,
 * "研判", gives the parameters and why.
 */
#define G_LOG_DOMAIN "duban-repeats"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "duban-geo.h"
#include "duban-repeats.h"

#define USEC_PER_DAY ((double) DUBAN_USEC_PER_DAY)

void
duban_repeat_params_init (DubanRepeatParams *params)
{
  g_return_if_fail (params != NULL);

  *params = (DubanRepeatParams) {
    /* one spot a person names, give or take a phone's error: the
     * planted series lie within about 140 m of each other, and every
     * 50 m more lets in more neighbours' unrelated complaints (300 m
     * doubled the false groups of the null county) */
    .max_metres = 150.0,
    /* a person who is not answered writes again within days; seven let
     * in a quarter more false groups for a tenth more recall */
    .window_days = 5.0,
    /* tf-idf cosine: the same matter in other words scores 0.05 to 0.3,
     * unrelated complaints of one category mostly below 0.05 — but two
     * tickets from one form or template score 1, which no threshold
     * tells from a true repeat (docs/sla-rules.md, "研判") */
    .min_similarity = 0.05,
    /* without a position a grid (about 1 km²) is all that says where:
     * only nearly the same words then */
    .min_similarity_grid = 0.6,
  };

}

void
duban_repeat_group_free (DubanRepeatGroup *group)
{
  if (group == NULL)
    return;

  g_ptr_array_unref (group->tickets);
  g_free (group->category);
  g_free (group->reason);
  g_free (group);
}

/* ---- text --------------------------------------------------------------- */

static int
compare_u64 (const void *a,
             const void *b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : (x > y ? 1 : 0);
}

/* The sorted, distinct characters and character bigrams of the letters
 * and digits of @text (a character c as c, a bigram ab as a << 32 | b);
 * runs are cut at punctuation and spaces. Characters count too: people
 * put one matter as 停水, 没水, 水管 — one character in common. */
static void
add_bigrams (GArray     *bigrams,
             const char *text)
{
  gunichar previous = 0;

  if (text == NULL)
    return;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalnum (c))
        {
          previous = 0;
          continue;
        }
      c = g_unichar_tolower (c);
      {
        guint64 unigram = c;

        g_array_append_val (bigrams, unigram);
      }
      if (previous != 0)
        {
          guint64 bigram = ((guint64) previous << 32) | c;

          g_array_append_val (bigrams, bigram);
        }
      previous = c;
    }
}

static GArray *
bigrams_of (const char *first,
            const char *second)
{
  GArray *bigrams = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint n = 0;

  add_bigrams (bigrams, first);
  add_bigrams (bigrams, second);
  if (bigrams->len == 0)
    return bigrams;

  qsort (bigrams->data, bigrams->len, sizeof (guint64), compare_u64);
  for (guint i = 0; i < bigrams->len; i++)
    if (n == 0 || g_array_index (bigrams, guint64, i) != g_array_index (bigrams, guint64, n - 1))
      g_array_index (bigrams, guint64, n++) = g_array_index (bigrams, guint64, i);
  g_array_set_size (bigrams, n);
  return bigrams;
}

/* The bigrams of @text that are not in @address: where a ticket is,
 * the village's and the street's name, is judged by the place test; the
 * words must agree on what happened. */
static GArray *
bigrams_of_ticket (const DubanTicket *ticket)
{
  g_autoptr(GArray) all = bigrams_of (ticket->title, ticket->description);
  g_autoptr(GArray) place = bigrams_of (ticket->address, NULL);
  GArray *kept = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint j = 0;

  for (guint i = 0; i < all->len; i++)
    {
      guint64 bigram = g_array_index (all, guint64, i);

      while (j < place->len && g_array_index (place, guint64, j) < bigram)
        j++;
      if (j < place->len && g_array_index (place, guint64, j) == bigram)
        continue;
      g_array_append_val (kept, bigram);
    }
  return kept;
}

/* The weight of a bigram is its inverse document frequency among the
 * tickets looked at: 停水 or 烧烤 says much more about a matter than 村里
 * or 希望, which every ticket has. */
static double
cosine (const GArray *a,
        double        norm_a,
        const GArray *b,
        double        norm_b,
        GHashTable   *idf)
{
  guint i = 0, j = 0;
  double dot = 0.0;

  if (norm_a <= 0.0 || norm_b <= 0.0)
    return 0.0;

  while (i < a->len && j < b->len)
    {
      guint64 x = g_array_index (a, guint64, i), y = g_array_index (b, guint64, j);

      if (x == y)
        {
          double *w = g_hash_table_lookup (idf, &x);

          dot += *w * *w;
          i++;
          j++;
        }
      else if (x < y)
        i++;
      else
        j++;
    }

  return dot / (norm_a * norm_b);
}

/* ---- candidates and links ------------------------------------------------ */

typedef struct {
  const DubanTicket *ticket;
  GArray            *bigrams;
  double             norm;      /* of its idf vector */
  gboolean           located;
  double             lat, lon;   /* WGS-84 */
  guint              run;       /* which category, once sorted: a number to compare */
  DubanTime          received_at;  /* the ticket's, here: the pair loop reads no ticket */
} Candidate;

typedef struct {
  guint  a, b;
  double metres;                 /* NAN: linked by grid */
  double similarity;
} Link;

static gboolean
in_range (const DubanTicket *ticket,
          DubanTime          from,
          DubanTime          to)
{
  if (ticket->status == DUBAN_STATUS_CANCELLED || ticket->category == NULL)
    return FALSE;
  if (from != DUBAN_TIME_NONE && ticket->received_at < from)
    return FALSE;
  if (to != DUBAN_TIME_NONE && ticket->received_at >= to)
    return FALSE;
  return TRUE;
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const DubanTicket *x = ((const Candidate *) a)->ticket;
  const DubanTicket *y = ((const Candidate *) b)->ticket;
  int by_category = strcmp (x->category, y->category);

  if (by_category != 0)
    return by_category;
  if (x->received_at != y->received_at)
    return x->received_at < y->received_at ? -1 : 1;
  return strcmp (x->id, y->id);
}

static guint
find_root (guint *parent,
           guint  i)
{
  while (parent[i] != i)
    {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
  return i;
}

static void
join (guint *parent,
      guint  a,
      guint  b)
{
  guint ra = find_root (parent, a), rb = find_root (parent, b);

  /* the smaller index (the older ticket within a category) stays root */
  if (ra < rb)
    parent[rb] = ra;
  else if (rb < ra)
    parent[ra] = rb;
}

/* Whether @a and @b are near enough: the distance in metres through
 * @metres (NAN when only the grid decides), and the similarity their
 * words must reach through @needed. */
static gboolean
near_enough (const Candidate         *a,
             const Candidate         *b,
             const DubanRepeatParams *params,
             double                  *metres,
             double                  *needed)
{
  if (a->located && b->located)
    {
      /* A great circle is never shorter than the meridian's arc between
       * the two latitudes (R·|Δφ|, duban_geo_distance()'s radius): most
       * pairs of a county fail that, and are let go without the
       * trigonometry, half of a month's bulletin at two million tickets
       * (perf). A metre to spare, so that rounding never decides. */
      if (fabs (b->lat - a->lat) * (G_PI / 180.0) * 6378137.0 > params->max_metres + 1.0)
        {
          *metres = NAN;
          *needed = params->min_similarity;
          return FALSE;
        }
      *metres = duban_geo_distance (a->lat, a->lon, b->lat, b->lon);
      *needed = params->min_similarity;
      return *metres <= params->max_metres;
    }

  *metres = NAN;
  *needed = params->min_similarity_grid;
  return a->ticket->grid_code != NULL && b->ticket->grid_code != NULL &&
         g_str_equal (a->ticket->grid_code, b->ticket->grid_code);
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const DubanRepeatGroup *x = *(DubanRepeatGroup * const *) a;
  const DubanRepeatGroup *y = *(DubanRepeatGroup * const *) b;
  const DubanTicket *fx = g_ptr_array_index (x->tickets, 0);
  const DubanTicket *fy = g_ptr_array_index (y->tickets, 0);

  if (fx->received_at != fy->received_at)
    return fx->received_at < fy->received_at ? -1 : 1;
  return strcmp (fx->id, fy->id);
}

static char *
describe_group (const DubanRepeatGroup *group)
{
  g_autofree char *where = NULL;

  if (group->by_grid_only && isnan (group->max_metres))
    where = g_strdup (_("in the same grid"));
  else if (group->by_grid_only)
    where = g_strdup_printf (_("within %.0f m or in the same grid"), group->max_metres);
  else
    where = g_strdup_printf (_("within %.0f m"), group->max_metres);

  return g_strdup_printf (_("%s, %u tickets %s over %.1f days, text similarity at least %.2f"),
                          group->category, group->tickets->len, where, group->span_days,
                          group->min_similarity);
}

GPtrArray *
duban_repeats_find (GPtrArray               *tickets,
                    DubanTime                from,
                    DubanTime                to,
                    const DubanRepeatParams *params)
{
  DubanRepeatParams defaults;
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_autoptr(GArray) links = g_array_new (FALSE, FALSE, sizeof (Link));
  g_autoptr(GHashTable) by_root = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) idf = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autofree guint *parent = NULL;
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) duban_repeat_group_free);
  gint64 window;
  double max_dlat;
  g_autoptr(GHashTable) by_band = NULL;   /* (category run, band of latitude) → candidate indices, oldest first */
  g_autoptr(GHashTable) by_grid = NULL;   /* (category run, grid) → candidate indices, oldest first */
  g_autoptr(GHashTable) grids = NULL;     /* grid code → its number + 1, for by_grid's keys */

  g_return_val_if_fail (tickets != NULL, NULL);

  if (params == NULL)
    {
      duban_repeat_params_init (&defaults);
      params = &defaults;
    }
  window = (gint64) (params->window_days * USEC_PER_DAY);
  /* in degrees, with room for rounding: never skips a pair in reach */
  max_dlat = params->max_metres / (DUBAN_GEO_EARTH_RADIUS * G_PI / 180.0) * 1.001 + 1e-9;

  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);
      Candidate candidate = { ticket };

      candidate.received_at = ticket->received_at;

      if (!in_range (ticket, from, to))
        continue;
      candidate.bigrams = bigrams_of_ticket (ticket);
      candidate.located = ticket->has_location;
      if (ticket->has_location && ticket->crs == DUBAN_CRS_GCJ02)
        duban_geo_gcj02_to_wgs84 (ticket->lat, ticket->lon, &candidate.lat, &candidate.lon);
      else
        {
          candidate.lat = ticket->lat;
          candidate.lon = ticket->lon;
        }
      g_array_append_val (candidates, candidate);
    }
  g_array_sort (candidates, compare_candidates);
  /* sorted by category first: the same category is one run of them */
  for (guint i = 1; i < candidates->len; i++)
    {
      Candidate *candidate = &g_array_index (candidates, Candidate, i);
      const Candidate *before = &g_array_index (candidates, Candidate, i - 1);

      candidate->run = before->run + !g_str_equal (before->ticket->category, candidate->ticket->category);
    }

  /* Document frequencies over every ticket looked at, then
   * idf = ln (N / df). (Within a category instead was measured worse:
   * it weighs the words a category shares, 停水 among 供水, next to
   * nothing, and those are what two people writing about one matter
   * have in common.) */
  for (guint i = 0; i < candidates->len; i++)
    {
      GArray *bigrams = g_array_index (candidates, Candidate, i).bigrams;

      for (guint b = 0; b < bigrams->len; b++)
        {
          double *df = g_hash_table_lookup (idf, &g_array_index (bigrams, guint64, b));

          if (df == NULL)
            {
              df = g_new0 (double, 1);
              g_hash_table_insert (idf, g_memdup2 (&g_array_index (bigrams, guint64, b), sizeof (guint64)), df);
            }
          *df += 1.0;
        }
    }
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, idf);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      *(double *) value = log ((double) candidates->len / *(double *) value);
  }
  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *candidate = &g_array_index (candidates, Candidate, i);
      double sum = 0.0;

      for (guint b = 0; b < candidate->bigrams->len; b++)
        {
          double *w = g_hash_table_lookup (idf, &g_array_index (candidate->bigrams, guint64, b));

          sum += *w * *w;
        }
      candidate->norm = sqrt (sum);
    }

  parent = g_new (guint, MAX (candidates->len, 1));
  for (guint i = 0; i < candidates->len; i++)
    parent[i] = i;

  /* Every pair of the same category within the window, the later one
   * against each earlier one that can be near enough: located ones in
   * the same or a neighbouring band of latitude max_dlat wide (a pair
   * further apart north–south is too far whatever its longitudes: a
   * great circle is never shorter than the difference of latitudes),
   * and by the grid when either has no location. The same pairs as
   * looking at every earlier ticket of the window, which over a
   * prefecture's week of one category is thousands each; the groups do
   * not depend on the order the links are found in (the oldest stays
   * root, the links' figures are a maximum, a minimum and an or). */
  by_band = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_array_unref);
  by_grid = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_array_unref);
  grids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < candidates->len; i++)
    {
      const Candidate *later = &g_array_index (candidates, Candidate, i);
      gboolean has_grid = later->ticket->grid_code != NULL;
      GArray *lists[4] = { NULL, };
      gint64 band = 0, key, grid_key = 0;

      if (later->located)
        {
          band = (gint64) floor (later->lat / max_dlat);
          for (int d = -1; d <= 1; d++)
            {
              key = ((gint64) later->run << 40) + (band + d);
              lists[d + 1] = g_hash_table_lookup (by_band, &key);
            }
        }
      if (has_grid)
        {
          gpointer number = g_hash_table_lookup (grids, later->ticket->grid_code);

          if (number == NULL)
            {
              number = GUINT_TO_POINTER (g_hash_table_size (grids) + 1);
              g_hash_table_insert (grids, (gpointer) later->ticket->grid_code, number);
            }
          grid_key = ((gint64) later->run << 32) + GPOINTER_TO_UINT (number);
          lists[3] = g_hash_table_lookup (by_grid, &grid_key);
        }

      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        for (guint k = lists[l] != NULL ? lists[l]->len : 0; k-- > 0;)
          {
            guint j = g_array_index (lists[l], guint, k);
            const Candidate *earlier = &g_array_index (candidates, Candidate, j);
            double metres, needed, similarity;

            if (later->received_at - earlier->received_at > window)
              break;
            /* two located ones are the bands' */
            if (l == 3 && later->located && earlier->located)
              continue;
            if (!near_enough (earlier, later, params, &metres, &needed))
              continue;
            similarity = cosine (earlier->bigrams, earlier->norm, later->bigrams, later->norm, idf);
            if (similarity < needed)
              continue;

            {
              Link link = { j, i, metres, similarity };

              g_array_append_val (links, link);
              join (parent, j, i);
            }
          }

      if (later->located)
        {
          GArray *list;

          key = ((gint64) later->run << 40) + band;
          if (!(list = g_hash_table_lookup (by_band, &key)))
            {
              list = g_array_new (FALSE, FALSE, sizeof (guint));
              g_hash_table_insert (by_band, g_memdup2 (&key, sizeof key), list);
            }
          g_array_append_val (list, i);
        }
      if (has_grid)
        {
          GArray *list;

          if (!(list = g_hash_table_lookup (by_grid, &grid_key)))
            {
              list = g_array_new (FALSE, FALSE, sizeof (guint));
              g_hash_table_insert (by_grid, g_memdup2 (&grid_key, sizeof grid_key), list);
            }
          g_array_append_val (list, i);
        }
    }

  /* candidates are in order of category and time, so adding a group's
   * members in index order keeps them oldest first */
  for (guint i = 0; i < candidates->len; i++)
    {
      guint root = find_root (parent, i);
      DubanRepeatGroup *group;

      if (root == i)
        {
          /* a root is the first of its members; its group is made when
           * a link says it has one */
          continue;
        }
      group = g_hash_table_lookup (by_root, GUINT_TO_POINTER (root));
      if (group == NULL)
        {
          const Candidate *first = &g_array_index (candidates, Candidate, root);

          group = g_new0 (DubanRepeatGroup, 1);
          group->tickets = g_ptr_array_new ();
          group->category = g_strdup (first->ticket->category);
          group->max_metres = NAN;
          group->min_similarity = 1.0;
          g_ptr_array_add (group->tickets, (gpointer) first->ticket);
          g_hash_table_insert (by_root, GUINT_TO_POINTER (root), group);
          g_ptr_array_add (groups, group);
        }
      g_ptr_array_add (group->tickets, (gpointer) g_array_index (candidates, Candidate, i).ticket);
    }

  for (guint l = 0; l < links->len; l++)
    {
      const Link *link = &g_array_index (links, Link, l);
      DubanRepeatGroup *group = g_hash_table_lookup (by_root, GUINT_TO_POINTER (find_root (parent, link->a)));

      g_assert (group != NULL);
      if (isnan (link->metres))
        group->by_grid_only = TRUE;
      else if (isnan (group->max_metres) || link->metres > group->max_metres)
        group->max_metres = link->metres;
      group->min_similarity = MIN (group->min_similarity, link->similarity);
    }

  for (guint g = 0; g < groups->len; g++)
    {
      DubanRepeatGroup *group = g_ptr_array_index (groups, g);
      const DubanTicket *first = g_ptr_array_index (group->tickets, 0);
      const DubanTicket *last = g_ptr_array_index (group->tickets, group->tickets->len - 1);

      group->span_days = (double) (last->received_at - first->received_at) / USEC_PER_DAY;
      group->reason = describe_group (group);
    }
  g_ptr_array_sort (groups, compare_groups);

  for (guint i = 0; i < candidates->len; i++)
    g_array_unref (g_array_index (candidates, Candidate, i).bigrams);

  return groups;
}

/* ---- measuring against repeat_of ---------------------------------------- */

static guint64
pairs_of (guint64 n)
{
  return n * (n - 1) / 2;
}

void
duban_repeats_score (GPtrArray        *tickets,
                     DubanTime         from,
                     DubanTime         to,
                     GPtrArray        *groups,
                     DubanRepeatScore *out)
{
  g_autoptr(GHashTable) index_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  g_autofree guint *parent = NULL;
  g_autofree guint *sizes = NULL;

  g_return_if_fail (tickets != NULL && groups != NULL && out != NULL);

  *out = (DubanRepeatScore) { 0 };

  for (guint i = 0; i < tickets->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (tickets, i);

      if (!in_range (ticket, from, to))
        continue;
      g_hash_table_insert (index_of, ticket->id, GUINT_TO_POINTER (chosen->len));
      g_ptr_array_add (chosen, (gpointer) ticket);
    }

  parent = g_new (guint, MAX (chosen->len, 1));
  sizes = g_new0 (guint, MAX (chosen->len, 1));
  for (guint i = 0; i < chosen->len; i++)
    parent[i] = i;
  for (guint i = 0; i < chosen->len; i++)
    {
      const DubanTicket *ticket = g_ptr_array_index (chosen, i);
      gpointer target;

      if (ticket->repeat_of != NULL &&
          g_hash_table_lookup_extended (index_of, ticket->repeat_of, NULL, &target))
        join (parent, GPOINTER_TO_UINT (target), i);
    }
  for (guint i = 0; i < chosen->len; i++)
    sizes[find_root (parent, i)]++;
  for (guint i = 0; i < chosen->len; i++)
    if (sizes[i] > 1)
      {
        out->true_pairs += pairs_of (sizes[i]);
        out->true_groups++;
      }

  for (guint g = 0; g < groups->len; g++)
    {
      const DubanRepeatGroup *group = g_ptr_array_index (groups, g);
      g_autoptr(GHashTable) per_root = g_hash_table_new (NULL, NULL);
      GHashTableIter iter;
      gpointer count;

      out->found_pairs += pairs_of (group->tickets->len);
      out->found_groups++;
      for (guint t = 0; t < group->tickets->len; t++)
        {
          const DubanTicket *ticket = g_ptr_array_index (group->tickets, t);
          gpointer index;
          guint root;

          if (!g_hash_table_lookup_extended (index_of, ticket->id, NULL, &index))
            continue;
          root = find_root (parent, GPOINTER_TO_UINT (index));
          g_hash_table_insert (per_root, GUINT_TO_POINTER (root),
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (per_root, GUINT_TO_POINTER (root))) + 1));
        }
      g_hash_table_iter_init (&iter, per_root);
      while (g_hash_table_iter_next (&iter, NULL, &count))
        out->correct_pairs += pairs_of (GPOINTER_TO_UINT (count));
    }

  out->precision = out->found_pairs > 0 ? (double) out->correct_pairs / (double) out->found_pairs : NAN;
  out->recall = out->true_pairs > 0 ? (double) out->correct_pairs / (double) out->true_pairs : NAN;
}
