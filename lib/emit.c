/* emit.c - the part of the emitter every format shares: choosing the back
 * end, checking the order of calls, and the cell machinery behind csv, tsv
 * and table. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emit-private.h"

long emit_test_fail_alloc;

void *emit_realloc(void *p, size_t n)
{
	if (emit_test_fail_alloc > 0 && --emit_test_fail_alloc == 0)
		return NULL;
	return realloc(p, n ? n : 1);
}

void *emit_reallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return emit_realloc(p, n * size);
}

void *emit_zalloc(size_t n)
{
	void *p = emit_realloc(NULL, n);

	if (p)
		memset(p, 0, n);
	return p;
}

void emit_buf_init(struct emit_buf *b, int *failed)
{
	b->p = NULL;
	b->len = b->cap = 0;
	b->failed = failed;
}

int emit_buf_grow(struct emit_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > SIZE_MAX - b->len)
		goto fail;
	need = b->len + extra;
	cap = b->cap < 64 ? 64 : b->cap;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = emit_realloc(b->p, cap);
	if (!p)
		goto fail;
	b->p = p;
	b->cap = cap;
	return 0;
fail:
	*b->failed = 1;
	return -1;
}

void emit_buf_free(struct emit_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

static int cont(unsigned char c, unsigned char lo, unsigned char hi)
{
	return c >= lo && c <= hi;
}

int emit_utf8_len(const unsigned char *p, size_t n)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xbf;
	int need, i;

	if (c < 0x80)
		return 1;
	if (c < 0xc2 || c > 0xf4)
		return -1;
	if (c < 0xe0) {
		need = 2;
	} else if (c < 0xf0) {
		need = 3;
		/* Overlong forms and UTF-16 surrogates are ruled out at the
		 * second byte, so the subpart replaced is the lead alone. */
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else {
		need = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	}
	for (i = 1; i < need; i++) {
		if ((size_t)i >= n || !cont(p[i], lo, hi))
			return -i;
		lo = 0x80;
		hi = 0xbf;
	}
	return need;
}

void emit_escape(const struct emit_sink *s, const char *str, size_t n,
		 const char *const esc[128], int c1)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)str;
	size_t i = 0, run = 0;
	int k;

	if (n == 0)
		return;
	while (i < n) {
		unsigned char c = p[i];

		if (c < 0x80) {
			if (!esc[c]) {
				i++;
				continue;
			}
			emit_put(s, str + run, i - run);
			emit_puts(s, esc[c]);
			run = ++i;
			continue;
		}
		k = emit_utf8_len(p + i, n - i);
		if (k > 0 && !(c1 && c == 0xc2 && p[i + 1] < 0xa0)) {
			i += (size_t)k;
			continue;
		}
		emit_put(s, str + run, i - run);
		if (k > 0) {
			char u[] = "\\u0080";

			u[4] = hex[p[i + 1] >> 4];
			u[5] = hex[p[i + 1] & 15];
			emit_put(s, u, 6);
			i += 2;
		} else {
			emit_put(s, "\xef\xbf\xbd", 3);
			i += (size_t)-k;
		}
		run = i;
	}
	emit_put(s, str + run, i - run);
}

size_t emit_fmt_int(char *dst, int64_t v)
{
	char tmp[20];
	/* INT64_MIN has no positive int64_t; -(v + 1) always does. */
	uint64_t u = v < 0 ? (uint64_t) - (v + 1) + 1 : (uint64_t)v;
	size_t n = 0, len = 0;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		dst[len++] = '-';
	while (n)
		dst[len++] = tmp[--n];
	dst[len] = '\0';
	return len;
}

int emit_parse_format(const char *name, emit_format *out)
{
	static const struct {
		const char *name;
		emit_format fmt;
	} names[] = {
	    {"table", FORMAT_TABLE}, {"json", FORMAT_JSON},
	    {"jsonl", FORMAT_JSONL}, {"csv", FORMAT_CSV},
	    {"tsv", FORMAT_TSV},
	};
	size_t i;

	if (!name)
		return -1;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(name, names[i].name) == 0) {
			if (out)
				*out = names[i].fmt;
			return 0;
		}
	}
	return -1;
}

emitter *emit_open(emit_format fmt, FILE *out, int is_list)
{
	emitter *e;

	if (!out)
		return NULL;
	switch (fmt) {
	case FORMAT_JSON:
	case FORMAT_JSONL:
		e = emit_json_new();
		break;
	case FORMAT_CSV:
		e = emit_csv_new(0);
		break;
	case FORMAT_TSV:
		e = emit_csv_new(1);
		break;
	case FORMAT_TABLE:
		e = emit_table_new();
		break;
	default:
		return NULL;
	}
	if (!e)
		return NULL;
	e->out = out;
	e->fmt = fmt;
	e->is_list = is_list != 0;
	return e;
}

/* Calls out of order are a bug in the command, not in the data: the
 * emitter drops what it cannot place, keeps its output well-formed, and
 * lets emit_close report the failure. */
static int value_ok(emitter *e)
{
	struct emit_frame *f;

	if (e->skip)
		return 0;
	if (e->depth == 0) {
		e->failed = 1;
		return 0;
	}
	f = emit_top(e);
	if (f->is_map && !f->want_value) {
		e->failed = 1;
		return 0;
	}
	return 1;
}

static void value_done(emitter *e)
{
	struct emit_frame *f = emit_top(e);

	f->count++;
	f->want_value = 0;
}

static void fill_dangling_key(emitter *e)
{
	if (emit_top(e)->want_value) {
		e->failed = 1;
		e->ops->null(e);
		value_done(e);
	}
}

static void close_frame(emitter *e)
{
	fill_dangling_key(e);
	e->ops->end(e);
	e->depth--;
}

static void finish_record(emitter *e)
{
	while (e->depth > 1) {
		e->failed = 1;
		close_frame(e);
	}
	fill_dangling_key(e);
	e->ops->record_end(e);
	e->depth = 0;
}

void emit_record_begin(emitter *e)
{
	if (!e)
		return;
	if (e->skip || e->depth) {
		e->failed = 1;
		return;
	}
	e->ops->record_begin(e);
	e->stack[0].is_map = 1;
	e->stack[0].want_value = 0;
	e->stack[0].count = 0;
	e->depth = 1;
	e->records++;
}

void emit_record_end(emitter *e)
{
	if (!e)
		return;
	if (e->skip) {
		e->failed = 1;
		e->skip = 0;
	}
	if (!e->depth) {
		e->failed = 1;
		return;
	}
	finish_record(e);
}

void emit_key(emitter *e, const char *key)
{
	if (!e || e->skip)
		return;
	if (!e->depth || !emit_top(e)->is_map) {
		e->failed = 1;
		return;
	}
	fill_dangling_key(e);
	e->ops->key(e, key ? key : "");
	emit_top(e)->want_value = 1;
}

void emit_string(emitter *e, const char *s)
{
	if (!e || !value_ok(e))
		return;
	if (s)
		e->ops->string(e, s);
	else
		e->ops->null(e);
	value_done(e);
}

void emit_integer(emitter *e, int64_t v)
{
	if (!e || !value_ok(e))
		return;
	e->ops->integer(e, v);
	value_done(e);
}

void emit_boolean(emitter *e, int v)
{
	if (!e || !value_ok(e))
		return;
	e->ops->boolean(e, v != 0);
	value_done(e);
}

void emit_null(emitter *e)
{
	if (!e || !value_ok(e))
		return;
	e->ops->null(e);
	value_done(e);
}

static void open_nested(emitter *e, int is_map)
{
	struct emit_frame *f;

	if (!e)
		return;
	if (!value_ok(e) || e->depth == EMIT_MAX_DEPTH) {
		if (e->depth == EMIT_MAX_DEPTH)
			e->failed = 1;
		e->skip++;
		return;
	}
	if (is_map)
		e->ops->map_begin(e);
	else
		e->ops->list_begin(e);
	value_done(e);
	f = &e->stack[e->depth++];
	f->is_map = (unsigned char)is_map;
	f->want_value = 0;
	f->count = 0;
}

void emit_map_begin(emitter *e)
{
	open_nested(e, 1);
}

void emit_list_begin(emitter *e)
{
	open_nested(e, 0);
}

void emit_end(emitter *e)
{
	if (!e)
		return;
	if (e->skip) {
		e->skip--;
		return;
	}
	if (e->depth < 2) {
		e->failed = 1;
		return;
	}
	close_frame(e);
}

void emit_discard(emitter *e)
{
	if (!e)
		return;
	fflush(e->out);
	if (e->ops->destroy)
		e->ops->destroy(e);
	free(e);
}

int emit_close(emitter *e)
{
	int rc;

	if (!e)
		return -1;
	if (e->skip || e->depth) {
		e->failed = 1;
		e->skip = 0;
		if (e->depth)
			finish_record(e);
	}
	e->ops->finish(e);
	rc = fflush(e->out) == EOF || ferror(e->out) || e->failed ? -1 : 0;
	if (e->ops->destroy)
		e->ops->destroy(e);
	free(e);
	return rc;
}

void emit_error(emit_format fmt, FILE *err, const char *code,
		const char *message)
{
	struct emit_sink s = {err, NULL};

	if (!err)
		return;
	if (!code)
		code = "INTERNAL";
	if (!message)
		message = "";
	if (fmt == FORMAT_JSON || fmt == FORMAT_JSONL) {
		emit_puts(&s, "{\"error\":{\"code\":");
		emit_json_string(&s, code, strlen(code));
		emit_puts(&s, ",\"message\":");
		emit_json_string(&s, message, strlen(message));
		emit_puts(&s, ",\"details\":{}}}\n");
	} else {
		emit_puts(&s, "berth: ");
		emit_escape(&s, code, strlen(code), emit_plain_esc, 1);
		emit_puts(&s, ": ");
		emit_escape(&s, message, strlen(message), emit_plain_esc, 1);
		emit_putc(&s, '\n');
	}
	fflush(err);
}

/* The cell machinery. Values at depth 1 are the record's own cells; deeper
 * values belong to one nested value, rendered as compact JSON and, while it
 * is a flat list, also as plain items joined by commas, since which form
 * wins is only known when the value ends. */

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
	free(c->name);
	free(c->cell);
	c->name = c->cell = NULL;
}

static int is_trigger(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
	       c == '\r';
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
	for (i = 0; i < c->ncols; i++)
		c->cell[i].off = EMIT_MISSING;
	c->col = -1;
	c->hint = 0;
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

void emit_cells_key(emitter *e, const char *key)
{
	struct emit_cells *c = e->cells;
	size_t n = strlen(key), i;

	if (e->depth >= 2) {
		struct emit_sink s = json_sink(c);

		emit_json_key(e, &s, key);
		return;
	}
	c->col = -1;
	if (!c->header_done) {
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
		if (emit_buf_add(&c->names, key, n))
			return;
		c->cell[c->ncols].off = EMIT_MISSING;
		c->col = (long)c->ncols++;
		return;
	}
	if (c->hint < c->ncols && same_name(c, c->hint, key, n)) {
		c->col = (long)c->hint++;
		return;
	}
	for (i = 0; i < c->ncols; i++) {
		if (same_name(c, i, key, n)) {
			c->col = (long)i;
			c->hint = i + 1;
			return;
		}
	}
	return;
oom:
	e->failed = 1;
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
			   kind == K_STRING && c->inert && is_trigger(p[0]));
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
		if (emit_top(e)->count)
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
		c->scalars_only = bracket == '[';
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
	if (c->scalars_only)
		/* A spreadsheet reads the joined text as one formula when
		 * its first item was a string such as "=cmd". */
		store_cell(c, c->joined.p, c->joined.len,
			   c->inert && c->first_is_string && c->joined.len &&
			       is_trigger(c->joined.p[0]));
	else
		store_cell(c, c->json.p, c->json.len, 0);
}
