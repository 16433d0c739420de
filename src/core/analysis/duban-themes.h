/* duban-themes.h — candidate themes for 每月一题
 *
 * Beijing's 接诉即办 picks one recurring problem a month (每月一题) from
 * its hotline data and governs it at the root. A hotspot is a cell rising
 * above its own past; a theme is the opposite: a cell — an area and a
 * category — that has too many tickets month after month, so that its
 * own past is no yardstick. This proposes the cells that recur in most of
 * the last months with significantly more tickets than the area's size
 * and the category's weight in the county imply. docs/sla-rules.md,
 * "研判", gives the method and its parameters.
 */
#pragma once

#include <glib.h>

#include "duban-hotspots.h"

G_BEGIN_DECLS

/* How many months a theme is looked for over, and in how many of them
 * the cell must have had tickets. */
#define DUBAN_THEME_MONTHS          6
#define DUBAN_THEME_MIN_MONTHS      4
/* How many times its independent expectation the cell must have had,
 * and the significance, Bonferroni over the cells, it is held to. */
#define DUBAN_THEME_MIN_RATIO       1.5
#define DUBAN_THEME_ALPHA           0.05
/* How many candidates are proposed at most. */
#define DUBAN_THEME_MAX             10

typedef struct {
  char           *area;
  char           *name;
  DubanAreaLevel  level;
  char           *category;
  DubanDay        first;        /* the first day of the first month */
  DubanDay        last;
  guint           n_months;     /* months looked at */
  guint           months;       /* of them, with tickets in the cell */
  guint           count;        /* tickets over them */
  double          expected;     /* if area and category were independent */
  double          p_value;      /* P(count or more | expected), exact Poisson */
} DubanTheme;

void        duban_theme_free   (DubanTheme           *theme);

/* The candidates among @tickets (DubanTicket*; collapse confirmed repeat
 * groups first to count matters) over the DUBAN_THEME_MONTHS calendar
 * months that end with the month of @last (cut at @last) as known at @at,
 * areas of @level placed as duban_hotspot_area_of() places them:
 * DubanTheme*, most tickets first. */
GPtrArray  *duban_themes_find  (GPtrArray            *tickets,
                                DubanRegions         *regions,
                                DubanAreaLevel        level,
                                DubanDay              last,
                                DubanTime             at,
                                DubanHotspotNameFunc  name_lookup,
                                gpointer              user_data);

/* The same search fed one ticket at a time: duban_themes_find() is a
 * tally over an array. */
typedef struct _DubanThemeTally DubanThemeTally;

DubanThemeTally *duban_theme_tally_new     (DubanRegions          *regions,
                                            DubanAreaLevel         level,
                                            DubanDay               last,
                                            DubanTime              at);
void             duban_theme_tally_free    (DubanThemeTally       *self);
/* Whether @ticket can count: received in the months, by the moment, not
 * cancelled, of a category. */
gboolean         duban_theme_tally_wants   (const DubanThemeTally *self,
                                            const DubanTicket     *ticket);
/* @ticket in @area (NULL: none), counted when @counted, its id noted when
 * @note_id. */
void             duban_theme_tally_add     (DubanThemeTally       *self,
                                            const DubanTicket     *ticket,
                                            const char            *area,
                                            gboolean               counted,
                                            gboolean               note_id);
/* A ticket kept as numbers (duban-judgement-history.h), not cancelled,
 * received at @received_at in @area, of @category: counted as
 * duban_theme_tally_add() counts it; TRUE when it was (received in the
 * months), and its id is then the caller's to note, should the cell be
 * found a theme (duban_theme_tally_note_id()). *@cell as for
 * duban_hotspot_tally_add_seen(). */
gboolean         duban_theme_tally_add_seen (DubanThemeTally       *self,
                                             DubanTime              received_at,
                                             const char            *area,
                                             const char            *category,
                                             DubanCell            **cell);
void             duban_theme_tally_note_id  (DubanThemeTally       *self,
                                             const DubanTheme      *theme,
                                             const char            *id);
/* Adds what @from was fed (a tally made alike) to @self. */
void             duban_theme_tally_merge   (DubanThemeTally       *self,
                                            DubanThemeTally       *from);
GPtrArray       *duban_theme_tally_find    (DubanThemeTally       *self,
                                            DubanHotspotNameFunc   name_lookup,
                                            gpointer               user_data);
/* The ids noted in @theme's cell, sorted (char*). */
GPtrArray       *duban_theme_tally_dup_ids (DubanThemeTally       *self,
                                            const DubanTheme      *theme);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanTheme, duban_theme_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanThemeTally, duban_theme_tally_free)

G_END_DECLS
