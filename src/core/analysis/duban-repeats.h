/* duban-repeats.h — tickets likely about the same matter (重复诉求)
 *
 * The platform links some repeat complaints itself (repeat_of); many it
 * does not, and a matter complained about five times in a week is one
 * matter badly handled, not five. This proposes groups of tickets that
 * are likely about the same matter: the same category, near each other,
 * a few days apart, in similar words. The rules and their parameters are
 * in docs/sla-rules.md, "研判".
 */
#pragma once

#include <glib.h>

#include "duban-ticket.h"

G_BEGIN_DECLS

typedef struct {
  double max_metres;             /* two located tickets at most this far apart */
  double window_days;            /* a ticket follows another within this */
  double min_similarity;         /* text similarity (0 … 1) of two located tickets */
  double min_similarity_grid;    /* … when only their grid says where they are */
} DubanRepeatParams;

/* The parameters of docs/sla-rules.md. */
void        duban_repeat_params_init  (DubanRepeatParams       *params);

typedef struct {
  GPtrArray *tickets;            /* const DubanTicket* (borrowed), oldest first */
  char      *category;
  gboolean   by_grid_only;       /* some link rests on the grid alone, not a distance */
  double     max_metres;         /* the largest distance of a located link, or NAN */
  double     span_days;          /* first to last received */
  double     min_similarity;     /* the weakest link's text similarity */
  char      *reason;             /* for a person, translated */
} DubanRepeatGroup;

void        duban_repeat_group_free   (DubanRepeatGroup        *group);

/* The groups among @tickets (DubanTicket*) received from @from (inclusive)
 * to @to (exclusive; either DUBAN_TIME_NONE for no bound), cancelled ones
 * left out: DubanRepeatGroup*, the group with the oldest first ticket
 * first. @params NULL: the defaults. */
GPtrArray  *duban_repeats_find        (GPtrArray               *tickets,
                                       DubanTime                from,
                                       DubanTime                to,
                                       const DubanRepeatParams *params);

/* How the groups agree with the platform's repeat_of links among the
 * same tickets, counted in pairs of tickets: two tickets are truly one
 * matter when repeat_of links join them; precision is the share of the
 * pairs the groups put together that are truly one matter, recall the
 * share of the true pairs the groups put together. */
typedef struct {
  guint64 true_pairs;
  guint64 found_pairs;
  guint64 correct_pairs;
  guint   true_groups;           /* tickets joined by repeat_of, counted as groups */
  guint   found_groups;
  double  precision;             /* NAN when nothing was found */
  double  recall;                /* NAN when there is nothing to find */
} DubanRepeatScore;

void        duban_repeats_score       (GPtrArray               *tickets,
                                       DubanTime                from,
                                       DubanTime                to,
                                       GPtrArray               *groups,
                                       DubanRepeatScore        *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanRepeatGroup, duban_repeat_group_free)

G_END_DECLS
