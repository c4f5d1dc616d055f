/* emit-table.c - aligned columns for people. Alignment needs the widest
 * cell, so unlike the other formats every row is kept until emit_close. */
#include <stdlib.h>
#include <string.h>

#include "emit-private.h"

/* Keeps a row on one line and the terminal out of reach of escape
 * sequences hidden in data. */
const char *const emit_plain_esc[128] = {
    "\\x00", "\\x01", "\\x02", "\\x03", "\\x04",	  "\\x05", "\\x06",
    "\\x07", "\\x08", "\\t",   "\\n",	"\\x0b",	  "\\x0c", "\\r",
    "\\x0e", "\\x0f", "\\x10", "\\x11", "\\x12",	  "\\x13", "\\x14",
    "\\x15", "\\x16", "\\x17", "\\x18", "\\x19",	  "\\x1a", "\\x1b",
    "\\x1c", "\\x1d", "\\x1e", "\\x1f", [0x7f] = "\\x7f",
};

struct tcell {
	size_t off, len, width;
	/* A time, kept whole until the end shows whether the table spans
	 * zones; same_day: its date is the one of the time just left. */
	unsigned char instant, same_day;
};

struct table {
	emitter base;
	struct emit_cells cells;
	struct emit_buf arena; /* every cell as it will be shown */
	struct tcell *head;    /* the column names, shown the same way */
	struct tcell *grid;    /* rows * ncols */
	size_t *colw;
	unsigned char *timecol; /* a column of times: never cut */
	size_t ncells, gridcap;
	size_t fit; /* the terminal's width, 0 when not a terminal */
};

/* Narrowest a cut column gets: one character and the ellipsis, or a few. */
#define MIN_CUT 4

static void show(struct table *t, struct tcell *dst, const char *p, size_t n)
{
	struct emit_sink s = {NULL, &t->arena};

	dst->off = t->arena.len;
	emit_escape(&s, p, n, emit_plain_esc, 1);
	dst->len = t->arena.len - dst->off;
	dst->width = emit_width(emit_buf_at(&t->arena, dst->off), dst->len);
}

/* 2026-06-15T20:00:00+02:00 as 2026-06-15 20:00 (seconds when not zero):
 * the zone is the record's own, so the offset only repeats it, unless the
 * table holds times of several zones (with_offset: 2026-06-15 20:00+02).
 * With same_day, the clock time alone. Anything else is shown as it is
 * (0). out holds TIME_SHOWN_MAX bytes. */
#define TIME_SHOWN_MAX 64
static size_t short_time(const char *p, size_t n, int same_day,
			 int with_offset, char *out)
{
	size_t k = 0;

	if (n < 19 || n > 40 || p[10] != 'T' || p[13] != ':' || p[16] != ':')
		return 0;
	if (!same_day) {
		memcpy(out, p, 10);
		out[10] = ' ';
		k = 11;
	}
	memcpy(out + k, p + 11, 5);
	k += 5;
	if (p[17] != '0' || p[18] != '0') {
		memcpy(out + k, p + 16, 3);
		k += 3;
	}
	/* The offset as ISO 8601 shortens it, +02 (+05:45 keeps its
	 * minutes): every column a time takes is one a terminal's width
	 * has to give. */
	if (with_offset && n > 19) {
		size_t m = n == 25 && p[19] != 'Z' && p[23] == '0' &&
				   p[24] == '0'
			       ? 3
			       : n - 19;

		memcpy(out + k, p + 19, m);
		k += m;
	}
	return k;
}

static int head_init(struct table *t)
{
	struct emit_cells *c = &t->cells;

	t->head = emit_reallocarray(NULL, c->ncols, sizeof *t->head);
	t->colw = emit_reallocarray(NULL, c->ncols, sizeof *t->colw);
	t->timecol = emit_zalloc(c->ncols);
	if (!t->head || !t->colw || !t->timecol) {
		free(t->head);
		free(t->colw);
		free(t->timecol);
		t->head = NULL;
		t->colw = NULL;
		t->timecol = NULL;
		return -1;
	}
	for (size_t i = 0; i < c->ncols; i++) {
		const char *l = c->label && c->label[i] ? c->label[i] : NULL;

		if (l)
			show(t, &t->head[i], l, strlen(l));
		else
			show(t, &t->head[i],
			     emit_buf_at(&c->names, c->name[i].off),
			     c->name[i].len);
		t->colw[i] = t->head[i].width;
	}
	return 0;
}

static void table_row(emitter *e)
{
	struct table *t = (struct table *)e;
	struct emit_cells *c = &t->cells;
	const char *prev = NULL; /* the time just left, in a list */
	size_t i;

	if (!c->ncols)
		return;
	if (!t->head && head_init(t)) {
		e->failed = 1;
		return;
	}
	if (t->gridcap - t->ncells < c->ncols) {
		size_t cap = t->gridcap ? t->gridcap * 2 : c->ncols * 16;
		struct tcell *g;

		while (cap - t->ncells < c->ncols)
			cap *= 2;
		g = emit_reallocarray(t->grid, cap, sizeof *g);
		if (!g) {
			e->failed = 1;
			return;
		}
		t->grid = g;
		t->gridcap = cap;
	}
	for (i = 0; i < c->ncols; i++) {
		struct tcell *dst = &t->grid[t->ncells + i];
		struct emit_span *cell = &c->cell[i];
		const char *p = emit_buf_at(&c->text, cell->off);
		size_t n;

		dst->instant = dst->same_day = 0;
		if (cell->off == EMIT_MISSING || !cell->len) {
			/* A field this record has not (a hold's payment), or
			 * empty text, reads as null does: "-", never a blank
			 * that shifts the eye to the next column. */
			show(t, dst, c->null_text, strlen(c->null_text));
			if (dst->width > t->colw[i])
				t->colw[i] = dst->width;
			prev = NULL;
			continue;
		}
		n = cell->len;
		show(t, dst, p, n);
		if (cell->instant) {
			/* Shortened, and measured, in table_finish. */
			dst->instant = 1;
			dst->same_day = t->base.is_list && prev && n >= 10 &&
					memcmp(prev, p, 10) == 0;
			t->timecol[i] = 1;
			prev = p;
			continue;
		}
		prev = NULL;
		if (dst->width > t->colw[i])
			t->colw[i] = dst->width;
	}
	t->ncells += c->ncols;
}

static void spaces(FILE *f, size_t n)
{
	for (; n; n--)
		putc_unlocked(' ', f);
}

/* Writes a cell in at most w columns, cut with an ellipsis when wider;
 * returns the columns it took. */
static size_t put_cell(struct table *t, const struct tcell *x, size_t w)
{
	FILE *f = t->base.out;
	const char *p = emit_buf_at(&t->arena, x->off);
	size_t n, got;

	if (x->width <= w) {
		fwrite(p, 1, x->len, f);
		return x->width;
	}
	n = emit_cut(p, x->len, w ? w - 1 : 0, &got);
	fwrite(p, 1, n, f);
	fputs("\xe2\x80\xa6", f); /* … */
	return got + 1;
}

/* Padding is owed, not written, until a non-empty cell follows, so no line
 * ends in spaces. */
static void print_line(struct table *t, const struct tcell *row)
{
	FILE *f = t->base.out;
	size_t i, owed = 0;

	for (i = 0; i < t->cells.ncols; i++) {
		size_t took = 0;

		if (i)
			owed += 2;
		if (row[i].len) {
			spaces(f, owed);
			took = put_cell(t, &row[i], t->colw[i]);
			owed = 0;
		}
		owed += t->colw[i] - took;
	}
	putc_unlocked('\n', f);
}

static void print_record(struct table *t, const struct tcell *row, size_t keyw,
			 size_t valw)
{
	FILE *f = t->base.out;
	size_t i;

	for (i = 0; i < t->cells.ncols; i++) {
		const struct tcell *k = &t->head[i];

		fwrite(emit_buf_at(&t->arena, k->off), 1, k->len, f);
		if (row[i].len) {
			spaces(f, keyw - k->width + 2);
			put_cell(t, &row[i], valw);
		}
		putc_unlocked('\n', f);
	}
}

/* On a terminal narrower than the table, the widest column of text (not
 * of times, which a cut would make wrong) gives up what is too much, down
 * to MIN_CUT, then the next widest; cut cells end in an ellipsis. */
static void fit_columns(struct table *t)
{
	size_t ncols = t->cells.ncols, total = 0, i;

	for (i = 0; i < ncols; i++)
		total += t->colw[i] + (i ? 2 : 0);
	while (total > t->fit) {
		size_t j = ncols, next;

		for (i = 0; i < ncols; i++)
			if (!t->timecol[i] && t->colw[i] > MIN_CUT &&
			    (j == ncols || t->colw[i] > t->colw[j]))
				j = i;
		if (j == ncols)
			break;
		next = t->colw[j] - MIN_CUT >= total - t->fit
			       ? t->colw[j] - (total - t->fit)
			       : MIN_CUT;
		total -= t->colw[j] - next;
		t->colw[j] = next;
	}
}

/* Times as they will show, now that every row is in and the zones they
 * are in are known. A time is plain ASCII: its width is its length. */
static void shorten_times(struct table *t)
{
	size_t ncols = t->cells.ncols;

	for (size_t i = 0; i < t->ncells; i++) {
		struct tcell *x = &t->grid[i];
		char whole[TIME_SHOWN_MAX], out[TIME_SHOWN_MAX];
		size_t k;

		if (!x->instant)
			continue;
		if (x->len < sizeof whole) {
			/* Copied out: adding to the arena may move it. */
			memcpy(whole, emit_buf_at(&t->arena, x->off), x->len);
			k = short_time(whole, x->len, x->same_day,
				       t->cells.many_zones, out);
			if (k) {
				x->off = t->arena.len;
				emit_buf_add(&t->arena, out, k);
				x->len = x->width = k;
			}
		}
		if (x->width > t->colw[i % ncols])
			t->colw[i % ncols] = x->width;
	}
}

static void table_finish(emitter *e)
{
	struct table *t = (struct table *)e;
	size_t ncols = t->cells.ncols, r, keyw = 0, valw = SIZE_MAX;

	if (!t->ncells || !t->head)
		return;
	shorten_times(t);
	if (t->base.is_list) {
		if (t->fit)
			fit_columns(t);
		print_line(t, t->head);
		for (r = 0; r < t->ncells; r += ncols)
			print_line(t, t->grid + r);
		return;
	}
	for (r = 0; r < ncols; r++)
		if (t->head[r].width > keyw)
			keyw = t->head[r].width;
	if (t->fit && t->fit > keyw + 2 + MIN_CUT)
		valw = t->fit - keyw - 2;
	for (r = 0; r < t->ncells; r += ncols) {
		/* One record was promised; more are a caller's slip, kept
		 * apart so they still read. */
		if (r)
			putc_unlocked('\n', e->out);
		print_record(t, t->grid + r, keyw, valw);
	}
}

static void table_destroy(emitter *e)
{
	struct table *t = (struct table *)e;

	emit_cells_free(&t->cells);
	emit_buf_free(&t->arena);
	free(t->head);
	free(t->grid);
	free(t->colw);
	free(t->timecol);
}

static const struct emit_ops table_ops = {
    .record_begin = emit_cells_record_begin,
    .record_end = emit_cells_record_end,
    .key = emit_cells_key,
    .string = emit_cells_string,
    .integer = emit_cells_integer,
    .boolean = emit_cells_boolean,
    .null = emit_cells_null,
    .map_begin = emit_cells_map_begin,
    .list_begin = emit_cells_list_begin,
    .end = emit_cells_end,
    .finish = table_finish,
    .destroy = table_destroy,
};

emitter *emit_table_new(FILE *out)
{
	struct table *t = emit_zalloc(sizeof *t);

	if (!t)
		return NULL;
	t->fit = emit_term_width(out);
	t->base.ops = &table_ops;
	emit_buf_init(&t->arena, &t->base.failed);
	emit_cells_init(&t->base, &t->cells, table_row, "-", 0);
	t->cells.pairs = 1;
	return &t->base;
}
