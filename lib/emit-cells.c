/* emit-cells.c - the cell machinery behind csv, tsv and table. Values at
 * depth 1 are the record's own cells; deeper values belong to one nested
 * value, rendered as compact JSON and, while it is a flat list, also as
 * plain items joined by commas, since which form wins is only known when
 * the value ends. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emit-private.h"

void emit_cells_init(emitter *e, struct emit_cells *c, void (*row)(emitter *),
		     const char *null_text, int inert)
{
	memset(c, 0, sizeof *c);
	c->row = row;
	c->null_text = null_text;
	c->inert = inert;
	c->col = -1;
	emit_buf_init(&c->names, &e->failed);
	emit_buf_init(&c->text, &e->failed);
	emit_buf_init(&c->json, &e->failed);
	emit_buf_init(&c->joined, &e->failed);
	e->cells = c;
}

void emit_cells_free(struct emit_cells *c)
{
	emit_buf_free(&c->names);
	emit_buf_free(&c->text);
	emit_buf_free(&c->json);
	emit_buf_free(&c->joined);
	free(c->dropped);
	c->dropped = NULL;
	free(c->name);
	free(c->cell);
	free(c->zone);
	c->name = c->cell = NULL;
	c->zone = NULL;
}

static void store_cell(struct emit_cells *c, const char *p, size_t n, int inert)
{
	size_t off = c->text.len;

	if (c->col < 0)
		return;
	if ((inert && emit_buf_add(&c->text, "'", 1)) ||
	    emit_buf_add(&c->text, p, n)) {
		c->text.len = off;
		return;
	}
	c->cell[c->col].off = off;
	c->cell[c->col].len = c->text.len - off;
	c->col = -1;
}

static struct emit_sink json_sink(struct emit_cells *c)
{
	struct emit_sink s = {NULL, &c->json};
	return s;
}

void emit_cells_record_begin(emitter *e)
{
	struct emit_cells *c = e->cells;
	size_t i;

	c->text.len = 0;
	for (i = 0; i < c->ncols; i++) {
		c->cell[i].off = EMIT_MISSING;
		c->cell[i].instant = 0;
	}
	c->col = -1;
	c->hint = 0;
	c->place = 0;
}

int emit_template(emitter *e)
{
	if (!e || !e->cells || e->records || e->depth)
		return 0;
	e->cells->template = 1;
	return 1;
}

void emit_cells_record_end(emitter *e)
{
	struct emit_cells *c = e->cells;

	c->header_done = 1;
	if (c->template) {
		c->template = 0;
		e->records--;
		return;
	}
	c->row(e);
	c->rows++;
}

static int same_name(struct emit_cells *c, size_t i, const char *key, size_t n)
{
	return c->name[i].len == n &&
	       memcmp(emit_buf_at(&c->names, c->name[i].off), key, n) == 0;
}

/* A new column named key; -1 when memory ran out. */
static long add_column(emitter *e, const char *key, size_t n)
{
	struct emit_cells *c = e->cells;

	if (c->ncols == c->colcap) {
		size_t cap = c->colcap ? c->colcap * 2 : 16;
		struct emit_span *p;

		p = emit_reallocarray(c->name, cap, sizeof *p);
		if (!p)
			goto oom;
		c->name = p;
		p = emit_reallocarray(c->cell, cap, sizeof *p);
		if (!p)
			goto oom;
		c->cell = p;
		c->colcap = cap;
	}
	c->name[c->ncols].off = c->names.len;
	c->name[c->ncols].len = n;
	c->name[c->ncols].instant = 0;
	if (emit_buf_add(&c->names, key, n))
		return -1;
	c->cell[c->ncols].off = EMIT_MISSING;
	c->cell[c->ncols].instant = 0;
	return (long)c->ncols++;
oom:
	e->failed = 1;
	return -1;
}

void emit_cells_columns(emitter *e, const char *const *names,
			const char *const *labels, size_t n)
{
	struct emit_cells *c = e->cells;

	c->ncols = 0;
	c->names.len = 0;
	for (size_t i = 0; i < n; i++)
		if (add_column(e, names[i], strlen(names[i])) < 0)
			return;
	c->label = labels;
	c->fixed = 1;
}

/* Notes that the key at `place` has no column. Only a help: without
 * memory for it, the next record looks at every column again, so its
 * memory is the plain allocator's, not counted by the test hook that
 * makes the emitter's own allocations fail. */
static void remember_dropped(struct emit_cells *c, size_t place,
			     const char *key, size_t n)
{
	if (n > sizeof c->dropped->name)
		return;
	if (place >= c->ndropped) {
		size_t cap = place < 16 ? 32 : place * 2;
		struct emit_dropped *d;

		/* A record of thousands of keys is no listing's row. */
		if (place >= 4096 ||
		    !(d = realloc(c->dropped, cap * sizeof *d)))
			return;
		for (size_t i = c->ndropped; i < cap; i++)
			d[i].len = 0;
		c->dropped = d;
		c->ndropped = cap;
	}
	memcpy(c->dropped[place].name, key, n);
	c->dropped[place].len = (unsigned char)n;
}

void emit_cells_key(emitter *e, const char *key)
{
	struct emit_cells *c = e->cells;
	size_t n = strlen(key), i, place;

	if (e->depth >= 2) {
		struct emit_sink s = json_sink(c);

		if (e->depth == 2 && c->scalars_only && c->joining_map) {
			if (emit_top(e)->count)
				emit_buf_add(&c->joined, ",", 1);
			emit_buf_add(&c->joined, key, n);
			emit_buf_add(&c->joined, "=", 1);
		}
		emit_json_key(e, &s, key);
		return;
	}
	c->col = -1;
	if (!c->header_done && !c->fixed) {
		c->col = add_column(e, key, n);
		return;
	}
	place = c->place++;
	if (c->hint < c->ncols && same_name(c, c->hint, key, n)) {
		c->col = (long)c->hint++;
		return;
	}
	if (place < c->ndropped && c->dropped[place].len == n && n &&
	    memcmp(c->dropped[place].name, key, n) == 0)
		return;
	for (i = 0; i < c->ncols; i++) {
		if (same_name(c, i, key, n)) {
			c->col = (long)i;
			c->hint = i + 1;
			return;
		}
	}
	remember_dropped(c, place, key, n);
}

enum { K_STRING, K_PLAIN, K_NULL };

static void cells_value(emitter *e, int kind, const char *p, size_t n)
{
	struct emit_cells *c = e->cells;
	struct emit_sink s;

	if (kind == K_NULL) {
		p = c->null_text;
		n = strlen(p);
	}
	if (e->depth == 1) {
		store_cell(c, p, n,
			   kind == K_STRING && c->inert &&
				   emit_runs_as_formula(p, n));
		return;
	}
	s = json_sink(c);
	emit_json_prefix(e, &s);
	if (kind == K_STRING)
		emit_json_string(&s, p, n);
	else if (kind == K_NULL)
		emit_puts(&s, "null");
	else
		emit_put(&s, p, n);
	if (e->depth == 2 && c->scalars_only) {
		if (emit_top(e)->count && !c->joining_map)
			emit_buf_add(&c->joined, ",", 1);
		else
			c->first_is_string = kind == K_STRING;
		emit_buf_add(&c->joined, p, n);
	}
}

void emit_cells_string(emitter *e, const char *s)
{
	cells_value(e, K_STRING, s, strlen(s));
}

void emit_cells_integer(emitter *e, int64_t v)
{
	char num[24];

	cells_value(e, K_PLAIN, num, emit_fmt_int(num, v));
}

void emit_cells_boolean(emitter *e, int v)
{
	cells_value(e, K_PLAIN, v ? "true" : "false", v ? 4 : 5);
}

void emit_cells_null(emitter *e)
{
	cells_value(e, K_NULL, NULL, 0);
}

static void cells_open(emitter *e, char bracket)
{
	struct emit_cells *c = e->cells;
	struct emit_sink s = json_sink(c);

	if (e->depth == 1) {
		c->json.len = 0;
		c->joined.len = 0;
		c->scalars_only = bracket == '[' || c->pairs;
		c->joining_map = bracket == '{';
		c->first_is_string = 0;
	} else {
		emit_json_prefix(e, &s);
		c->scalars_only = 0;
	}
	emit_putc(&s, bracket);
}

void emit_cells_map_begin(emitter *e)
{
	cells_open(e, '{');
}

void emit_cells_list_begin(emitter *e)
{
	cells_open(e, '[');
}

void emit_cells_end(emitter *e)
{
	struct emit_cells *c = e->cells;
	struct emit_sink s = json_sink(c);

	emit_json_end(e, &s);
	if (e->depth != 2)
		return;
	if (c->scalars_only && c->pairs && !c->joined.len)
		store_cell(c, c->null_text, strlen(c->null_text), 0);
	else if (c->scalars_only)
		/* A spreadsheet reads the joined text as one formula when
		 * its first item was a string such as "=cmd". */
		store_cell(c, c->joined.p, c->joined.len,
			   c->inert && c->first_is_string &&
			       emit_runs_as_formula(c->joined.p,
						    c->joined.len));
	else
		store_cell(c, c->json.p, c->json.len, 0);
}
