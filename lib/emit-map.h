/* emit-map.h - what the heat map's two writers share: the rows as kept
 * until the map is drawn (emit-map.c draws text, emit-svg.c an image). */
#ifndef BERTH_EMIT_MAP_H
#define BERTH_EMIT_MAP_H

#include "emit-private.h"

#define MAP_NONE SIZE_MAX /* a row without a group */

struct map_row {
	size_t group, label; /* offsets in text, NUL-terminated */
	signed char level[24];
	int pct; /* the row's used share of its open time; -1: none open */
};

struct emit_map {
	emit_format fmt;
	FILE *out;
	int failed;
	struct emit_buf text; /* the title, the rows' labels and groups */
	size_t title, rows_are;
	struct map_row *row;
	size_t nrows, cap;
};

static inline const char *map_text(const emit_map *m, size_t off)
{
	return off == MAP_NONE ? NULL : emit_buf_at(&m->text, off);
}

/* The level's name in the legend. */
extern const char *const map_level_name[4];

/* emit-svg.c */
void emit_map_svg(emit_map *m);

#endif
