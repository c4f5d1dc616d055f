/* emit-map.c - report's occupancy heat map: the rows kept, and drawn as
 * text. A row is a label, 24 hourly cells and its share in all; a cell two
 * columns wide, so a week of one resource fits 80 columns (10 + 48 + 5).
 * Blocks ░▒▓█ under a UTF-8 locale, . - + # otherwise (LC_ALL=C, a
 * terminal that could not show them); colour only on a terminal, and not
 * with NO_COLOR. */
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emit-map.h"

const char *const map_level_name[4] = {"empty", "under half", "half or more",
				       "full"};

int emit_map_level(int64_t open, int64_t used)
{
	if (open <= 0)
		return used > 0 ? 3 : -1;
	if (used <= 0)
		return 0;
	if (used >= open)
		return 3;
	return used * 2 < open ? 1 : 2;
}

static size_t keep_text(emit_map *m, const char *s)
{
	size_t off = m->text.len;

	if (!s)
		return MAP_NONE;
	emit_buf_add(&m->text, s, strlen(s));
	emit_buf_add(&m->text, "", 1);
	return off;
}

emit_map *emit_map_open(emit_format fmt, FILE *out, const char *title,
			const char *rows)
{
	emit_map *m;

	if (!out || (fmt != FORMAT_TABLE && fmt != FORMAT_SVG) ||
	    !(m = emit_zalloc(sizeof *m)))
		return NULL;
	m->fmt = fmt;
	m->out = out;
	emit_buf_init(&m->text, &m->failed);
	m->title = keep_text(m, title ? title : "");
	m->rows_are = keep_text(m, rows ? rows : "");
	return m;
}

void emit_map_row(emit_map *m, const char *group, const char *label,
		  const int64_t open[24], const int64_t used[24])
{
	struct map_row *r, *grown;
	int64_t o = 0, u = 0;

	if (!m)
		return;
	if (m->nrows == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		if (!(grown = emit_reallocarray(m->row, cap, sizeof *grown))) {
			m->failed = 1;
			return;
		}
		m->row = grown;
		m->cap = cap;
	}
	r = &m->row[m->nrows++];
	r->group = keep_text(m, group);
	r->label = keep_text(m, label ? label : "");
	for (int h = 0; h < 24; h++) {
		r->level[h] = (signed char)emit_map_level(open[h], used[h]);
		o += open[h];
		u += used[h];
	}
	r->pct = o > 0 ? (int)((u * 100 + o / 2) / o) : -1;
}

/* Under a UTF-8 locale (the user's, as the environment names it). */
static int utf8(void)
{
	locale_t l = newlocale(LC_CTYPE_MASK, "", (locale_t)0);
	int yes;

	if (!l)
		return 0;
	yes = strcmp(nl_langinfo_l(CODESET, l), "UTF-8") == 0;
	freelocale(l);
	return yes;
}

static int colour(FILE *out)
{
	const char *no = getenv("NO_COLOR");

	return isatty(fileno(out)) && !(no && *no);
}

static const char *const block[4] = {"\u2591", "\u2592", "\u2593", "\u2588"};
static const char ascii[4] = {'.', '-', '+', '#'};
/* dim, green, yellow, red */
static const char *const ansi[4] = {"\033[2m", "\033[32m", "\033[33m",
				    "\033[31m"};

static void glyph(FILE *f, int level, int u8, int col)
{
	if (level < 0) {
		fputs("  ", f);
		return;
	}
	if (col)
		fputs(ansi[level], f);
	for (int i = 0; i < 2; i++)
		if (u8)
			fputs(block[level], f);
		else
			fputc(ascii[level], f);
	if (col)
		fputs("\033[0m", f);
}

static void text(emit_map *m)
{
	int u8 = utf8(), col = colour(m->out);
	size_t w = 0;
	FILE *f = m->out;
	const char *last = NULL;

	for (size_t i = 0; i < m->nrows; i++) {
		const char *l = map_text(m, m->row[i].label);
		size_t lw = emit_width(l, strlen(l));
		if (lw > w)
			w = lw;
	}
	if (w > 20)
		w = 20;
	if (*map_text(m, m->title))
		fprintf(f, "%s\n", map_text(m, m->title));
	for (size_t i = 0; i < m->nrows; i++) {
		const struct map_row *r = &m->row[i];
		const char *g = map_text(m, r->group);
		const char *l = map_text(m, r->label);
		size_t lw, n = emit_cut(l, strlen(l), w, &lw);
		if (i == 0 || (g && (!last || strcmp(g, last)))) {
			if (g)
				fprintf(f, "%s%s\n", i ? "\n" : "", g);
			fprintf(f, "%*s", (int)w, "");
			for (int h = 0; h < 24; h += 2)
				fprintf(f, " %02d ", h);
			fputc('\n', f);
			last = g;
		}
		fwrite(l, 1, n, f);
		fprintf(f, "%*s ", (int)(w - lw), "");
		for (int h = 0; h < 24; h++)
			glyph(f, r->level[h], u8, col);
		if (r->pct >= 0)
			fprintf(f, " %3d%%\n", r->pct);
		else
			fputs("    -\n", f);
	}
	fputc('\n', f);
	for (int k = 0; k < 4; k++) {
		glyph(f, k, u8, col);
		fprintf(f, " %s  ", map_level_name[k]);
	}
	fputs("(blank: closed)\n", f);
}

static void map_free(emit_map *m)
{
	emit_buf_free(&m->text);
	free(m->row);
	free(m);
}

int emit_map_close(emit_map *m)
{
	int rc;

	if (!m)
		return -1;
	if (!m->failed) {
		if (m->fmt == FORMAT_SVG)
			emit_map_svg(m);
		else
			text(m);
	}
	rc = m->failed || fflush(m->out) == EOF || ferror(m->out) ? -1 : 0;
	map_free(m);
	return rc;
}

void emit_map_discard(emit_map *m)
{
	if (m)
		map_free(m);
}
