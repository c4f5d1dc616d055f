/* emit-table.c - aligned columns for people. Alignment needs the widest
 * cell, so unlike the other formats every row is kept until emit_close. */
#include <stdlib.h>

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
};

struct table {
	emitter base;
	struct emit_cells cells;
	struct emit_buf arena; /* every cell as it will be shown */
	struct tcell *head;    /* the column names, shown the same way */
	struct tcell *grid;    /* rows * ncols */
	size_t *colw;
	size_t ncells, gridcap;
};

static size_t codepoints(const char *p, size_t n)
{
	size_t i, w = 0;

	/* The arena holds only well-formed UTF-8, so counting the bytes
	 * that are not continuations counts code points. */
	for (i = 0; i < n; i++)
		w += ((unsigned char)p[i] & 0xc0) != 0x80;
	return w;
}

static void show(struct table *t, struct tcell *dst, const char *p, size_t n)
{
	struct emit_sink s = {NULL, &t->arena};

	dst->off = t->arena.len;
	emit_escape(&s, p, n, emit_plain_esc, 1);
	dst->len = t->arena.len - dst->off;
	dst->width = codepoints(emit_buf_at(&t->arena, dst->off), dst->len);
}

static void table_row(emitter *e)
{
	struct table *t = (struct table *)e;
	struct emit_cells *c = &t->cells;
	size_t i;

	if (!c->ncols)
		return;
	if (!t->head) {
		t->head = emit_reallocarray(NULL, c->ncols, sizeof *t->head);
		t->colw = emit_reallocarray(NULL, c->ncols, sizeof *t->colw);
		if (!t->head || !t->colw) {
			free(t->head);
			free(t->colw);
			t->head = NULL;
			t->colw = NULL;
			e->failed = 1;
			return;
		}
		for (i = 0; i < c->ncols; i++) {
			show(t, &t->head[i],
			     emit_buf_at(&c->names, c->name[i].off),
			     c->name[i].len);
			t->colw[i] = t->head[i].width;
		}
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

		if (cell->off == EMIT_MISSING) {
			dst->off = dst->len = dst->width = 0;
			continue;
		}
		show(t, dst, emit_buf_at(&c->text, cell->off), cell->len);
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

/* Padding is owed, not written, until a non-empty cell follows, so no line
 * ends in spaces. */
static void print_line(struct table *t, const struct tcell *row)
{
	FILE *f = t->base.out;
	size_t i, owed = 0;

	for (i = 0; i < t->cells.ncols; i++) {
		if (i)
			owed += 2;
		if (row[i].len) {
			spaces(f, owed);
			fwrite(emit_buf_at(&t->arena, row[i].off), 1,
			       row[i].len, f);
			owed = 0;
		}
		owed += t->colw[i] - row[i].width;
	}
	putc_unlocked('\n', f);
}

static void print_record(struct table *t, const struct tcell *row, size_t keyw)
{
	FILE *f = t->base.out;
	size_t i;

	for (i = 0; i < t->cells.ncols; i++) {
		const struct tcell *k = &t->head[i];

		fwrite(emit_buf_at(&t->arena, k->off), 1, k->len, f);
		if (row[i].len) {
			spaces(f, keyw - k->width + 2);
			fwrite(emit_buf_at(&t->arena, row[i].off), 1,
			       row[i].len, f);
		}
		putc_unlocked('\n', f);
	}
}

static void table_finish(emitter *e)
{
	struct table *t = (struct table *)e;
	size_t ncols = t->cells.ncols, r, keyw = 0;

	if (!t->ncells || !t->head)
		return;
	if (t->base.is_list) {
		print_line(t, t->head);
		for (r = 0; r < t->ncells; r += ncols)
			print_line(t, t->grid + r);
		return;
	}
	for (r = 0; r < ncols; r++)
		if (t->head[r].width > keyw)
			keyw = t->head[r].width;
	for (r = 0; r < t->ncells; r += ncols) {
		/* One record was promised; more are a caller's slip, kept
		 * apart so they still read. */
		if (r)
			putc_unlocked('\n', e->out);
		print_record(t, t->grid + r, keyw);
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

emitter *emit_table_new(void)
{
	struct table *t = emit_zalloc(sizeof *t);

	if (!t)
		return NULL;
	t->base.ops = &table_ops;
	emit_buf_init(&t->arena, &t->base.failed);
	emit_cells_init(&t->base, &t->cells, table_row, "-", 0);
	return &t->base;
}
