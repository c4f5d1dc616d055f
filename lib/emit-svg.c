/* emit-svg.c - the heat map as a standalone SVG image: for a web page or
 * an e-mail, with nothing to load (no fonts, scripts or styles from
 * elsewhere). Hours across, rows down, a heading above each group of rows,
 * axis titles and a legend; the same levels as the text map. */
#include <string.h>

#include "emit-map.h"

#define CELL_W 22
#define CELL_H 18
#define LEFT   110 /* the row labels */
#define TOP    56  /* the title and the hour axis */
#define GAP    22  /* a group's heading */

/* Light to dark: empty, under half, half or more, full; closed is pale
 * grey, so it reads apart from empty. */
static const char *const fill[4] = {"#d4ecc9", "#a1d99b", "#41ab5d", "#00441b"};
static const char *const closed_fill = "#fbfbfb";

/* Character data and attribute values: the five XML escapes. Stored text
 * has no control characters (SPEC), so nothing else needs care. */
static void xml(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&apos;", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

static int new_group(const emit_map *m, size_t i)
{
	const char *g = map_text(m, m->row[i].group);
	const char *prev = i ? map_text(m, m->row[i - 1].group) : NULL;

	return g && (!prev || strcmp(g, prev));
}

void emit_map_svg(emit_map *m)
{
	FILE *f = m->out;
	size_t groups = 0;
	int width = LEFT + 24 * CELL_W + 60, height, y;

	for (size_t i = 0; i < m->nrows; i++)
		groups += new_group(m, i);
	height = TOP + (int)groups * GAP + (int)m->nrows * CELL_H + 90;
	fprintf(f,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		"height=\"%d\" viewBox=\"0 0 %d %d\" "
		"font-family=\"sans-serif\" font-size=\"11\">\n",
		width, height, width, height);
	fputs("<title>", f);
	xml(f, map_text(m, m->title));
	fputs("</title>\n", f);
	fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
		width, height);
	fputs("<text x=\"8\" y=\"18\" font-size=\"14\" font-weight=\"bold\">",
	      f);
	xml(f, map_text(m, m->title));
	fputs("</text>\n", f);
	/* The x axis: its title and each hour. */
	fprintf(f,
		"<text x=\"%d\" y=\"34\" text-anchor=\"middle\">hour of the "
		"day</text>\n",
		LEFT + 12 * CELL_W);
	for (int h = 0; h < 24; h++)
		fprintf(f,
			"<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
			"fill=\"#555555\">%02d</text>\n",
			LEFT + h * CELL_W + CELL_W / 2, TOP - 6, h);
	/* The y axis's title, turned along it. */
	fprintf(f,
		"<text transform=\"translate(12 %d) rotate(-90)\" "
		"text-anchor=\"middle\">",
		TOP + (height - TOP - 90) / 2);
	xml(f, map_text(m, m->rows_are));
	fputs("</text>\n", f);
	y = TOP;
	for (size_t i = 0; i < m->nrows; i++) {
		const struct map_row *r = &m->row[i];
		if (new_group(m, i)) {
			fprintf(f,
				"<text x=\"24\" y=\"%d\" "
				"font-weight=\"bold\">",
				y + GAP - 6);
			xml(f, map_text(m, r->group));
			fputs("</text>\n", f);
			y += GAP;
		}
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
			LEFT - 6, y + CELL_H - 5);
		xml(f, map_text(m, r->label));
		fputs("</text>\n", f);
		for (int h = 0; h < 24; h++) {
			int k = r->level[h];
			fprintf(f,
				"<rect x=\"%d\" y=\"%d\" width=\"%d\" "
				"height=\"%d\" fill=\"%s\" stroke=\"#ffffff\">"
				"<title>%02d:00 %s</title></rect>\n",
				LEFT + h * CELL_W, y, CELL_W, CELL_H,
				k < 0 ? closed_fill : fill[k], h,
				k < 0 ? "closed" : map_level_name[k]);
		}
		if (r->pct >= 0)
			fprintf(f, "<text x=\"%d\" y=\"%d\">%d%%</text>\n",
				LEFT + 24 * CELL_W + 6, y + CELL_H - 5, r->pct);
		y += CELL_H;
	}
	/* The legend, under the rows. */
	y += 24;
	for (int k = -1; k < 4; k++) {
		int x = LEFT + (k + 1) * 100;
		fprintf(f,
			"<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" "
			"fill=\"%s\" stroke=\"#999999\"/>\n"
			"<text x=\"%d\" y=\"%d\">%s</text>\n",
			x, y, k < 0 ? closed_fill : fill[k], x + 18, y + 11,
			k < 0 ? "closed" : map_level_name[k]);
	}
	fputs("</svg>\n", f);
}
