/* duban-hotspots.h — areas and categories with more tickets than usual
 *
 * A burst of 供水 complaints in one village this week is a problem
 * emerging before any single ticket is late. This finds the areas (grid,
 * village or town) and categories whose count in a period is
 * significantly above the cell's own baseline: an exact Poisson test per
 * cell against its history, with the Benjamini–Hochberg procedure
 * holding the false discovery rate across all cells at
 * DUBAN_HOTSPOT_FDR. docs/sla-rules.md, "研判", says how and why.
 */
#pragma once

#include <glib.h>

#include "duban-cell-table.h"
#include "duban-regions.h"
#include "duban-ticket.h"

G_BEGIN_DECLS

/* The false discovery rate the findings are held to. */
#define DUBAN_HOTSPOT_FDR 0.05
/* How far back the baseline reaches before the period. */
#define DUBAN_HOTSPOT_HISTORY_DAYS 365

typedef struct {
  char           *area;          /* the area's code */
  char           *name;          /* its name, or the code when unknown */
  DubanAreaLevel  level;
  char           *category;
  DubanDay        first;
  DubanDay        last;
  guint           count;         /* tickets in the period */
  double          expected;      /* from the cell's baseline */
  double          p_value;       /* P(count or more | expected), exact Poisson */
  double          q_value;       /* Benjamini–Hochberg adjusted */
} DubanHotspot;

void        duban_hotspot_free           (DubanHotspot   *hotspot);

/* P(X ≥ @k) for X ~ Poisson(@mu), accurate in the far tail. */
double      duban_poisson_upper_tail     (guint           k,
                                          double          mu);

/* The significant cells of @level for the tickets (DubanTicket*)
 * received from day @first to day @last (both included) and by @at:
 * DubanHotspot*, most significant first. @regions (or NULL) places a
 * ticket without a grid code by its position and names the areas;
 * without it a ticket's area is read from its grid code (the national
 * division codes: 9 digits for a town, 12 for a village, 15 for a grid)
 * and @name_lookup, if given, names them. @level is a grid, village or
 * town. */
typedef char *(*DubanHotspotNameFunc) (const char *code,
                                       gpointer    user_data);

GPtrArray  *duban_hotspots_find          (GPtrArray            *tickets,
                                          DubanRegions         *regions,
                                          DubanAreaLevel        level,
                                          DubanDay              first,
                                          DubanDay              last,
                                          DubanTime             at,
                                          DubanHotspotNameFunc  name_lookup,
                                          gpointer              user_data);

/* The same test fed one ticket at a time (a read of the store keeps no
 * ticket): duban_hotspots_find() is a tally over an array. */
typedef struct _DubanHotspotTally DubanHotspotTally;

DubanHotspotTally *duban_hotspot_tally_new     (DubanRegions            *regions,
                                                DubanAreaLevel           level,
                                                DubanDay                 first,
                                                DubanDay                 last,
                                                DubanTime                at);
void               duban_hotspot_tally_free    (DubanHotspotTally       *self);
/* Whether @ticket can count: received in the history or the period, by
 * the moment, not cancelled, of a category. */
gboolean           duban_hotspot_tally_wants   (const DubanHotspotTally *self,
                                                const DubanTicket       *ticket);
/* @ticket in @area (duban_hotspot_area_of(), NULL: none), counted when
 * @counted (a confirmed repeat group counts its first ticket only), its id
 * noted when @note_id and it is of the period. */
void               duban_hotspot_tally_add     (DubanHotspotTally       *self,
                                                const DubanTicket       *ticket,
                                                const char              *area,
                                                gboolean                 counted,
                                                gboolean                 note_id);
/* A ticket kept as numbers (duban-judgement-history.h), not cancelled,
 * received at @received_at in @area, of @category: counted as
 * duban_hotspot_tally_add() counts it, its id not noted — a ticket of the
 * period is never one. *@cell (in and out) is the caller's memory of the
 * cell of @area and @category, NULL at first: a year of rows falls in a
 * few thousand cells, found once each. */
void               duban_hotspot_tally_add_seen (DubanHotspotTally     *self,
                                                 DubanTime              received_at,
                                                 const char            *area,
                                                 const char            *category,
                                                 DubanCell            **cell);
/* Adds what @from was fed (a tally made alike) to @self. */
void               duban_hotspot_tally_merge   (DubanHotspotTally       *self,
                                                DubanHotspotTally       *from);
GPtrArray         *duban_hotspot_tally_find    (DubanHotspotTally       *self,
                                                DubanHotspotNameFunc     name_lookup,
                                                gpointer                 user_data);
/* The ids noted in @hotspot's cell, sorted (char*). */
GPtrArray         *duban_hotspot_tally_dup_ids (DubanHotspotTally       *self,
                                                const DubanHotspot      *hotspot);

const char *duban_area_level_to_wire     (DubanAreaLevel  level);   /* "village" … */

/* The code of the area of @level that @ticket lies in, as the cells
 * above place it (by @regions when given, else by its grid code), or
 * NULL; may point into @buffer. */
const char *duban_hotspot_area_of        (const DubanTicket *ticket,
                                          DubanRegions      *regions,
                                          DubanAreaLevel     level,
                                          char               buffer[16]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanHotspot, duban_hotspot_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DubanHotspotTally, duban_hotspot_tally_free)

G_END_DECLS
