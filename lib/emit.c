/* emit.c - the part of the emitter every format shares: choosing the back
 * end, checking the order of calls, and errors; the bytes are emit-text.c's
 * and the cells behind csv, tsv and table emit-cells.c's. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emit-private.h"

int emit_parse_format(const char *name, emit_format *out)
{
	static const struct {
		const char *name;
		emit_format fmt;
	} names[] = {
	    {"table", FORMAT_TABLE}, {"json", FORMAT_JSON},
	    {"jsonl", FORMAT_JSONL}, {"csv", FORMAT_CSV},
	    {"tsv", FORMAT_TSV},     {"ics", FORMAT_ICS},
	    {"svg", FORMAT_SVG},
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
		e = emit_table_new(out);
		break;
	case FORMAT_ICS:
		e = emit_ics_new();
		break;
	default: /* svg is drawn whole by its command (emit-svg.c) */
		return NULL;
	}
	if (!e)
		return NULL;
	e->out = out;
	e->fmt = fmt;
	e->is_list = is_list != 0;
	return e;
}

void emit_hold(emitter *e, int on)
{
	if (e)
		e->hold = on != 0;
}

int emit_flush(emitter *e)
{
	return e && fflush(e->out) == EOF ? -1 : 0;
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

/* Only the zones of times that are shown count. */
static void note_zone(struct emit_cells *c, const char *zone, int *failed)
{
	size_t n;

	/* A template record only names the columns: it has no zone. */
	if (!zone || c->many_zones || c->template)
		return;
	if (c->zone) {
		c->many_zones = strcmp(c->zone, zone) != 0;
		return;
	}
	n = strlen(zone) + 1;
	if (!(c->zone = emit_realloc(NULL, n))) {
		*failed = 1;
		return;
	}
	memcpy(c->zone, zone, n);
}

void emit_instant(emitter *e, const char *s, const char *zone)
{
	long col;

	if (!e)
		return;
	/* The column the value goes to, known before it is stored. */
	col = e->cells && e->depth == 1 && !e->skip ? e->cells->col : -1;
	emit_string(e, s);
	if (s && col >= 0 && e->cells->cell[col].off != EMIT_MISSING) {
		e->cells->cell[col].instant = 1;
		note_zone(e->cells, zone, &e->failed);
	}
}

void emit_columns(emitter *e, const char *const *names,
		  const char *const *labels, size_t n)
{
	if (!e || !e->cells || e->records || e->depth)
		return;
	emit_cells_columns(e, names, labels, n);
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
	/* The back end may still hold what it had of a record (json). */
	if (e->ops->destroy)
		e->ops->destroy(e);
	fflush(e->out);
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

void emit_details(emitter *e, const berth_details *d)
{
	emit_map_begin(e);
	for (size_t i = 0; d && i < d->n; i++) {
		const berth_detail *x = &d->v[i];
		if (x->kind != DETAIL_END && x->key)
			emit_key(e, x->key);
		switch (x->kind) {
		case DETAIL_STR:
			emit_string(e, x->str);
			break;
		case DETAIL_INT:
			emit_integer(e, x->num);
			break;
		case DETAIL_NULL:
			emit_null(e);
			break;
		case DETAIL_LIST:
			emit_list_begin(e);
			break;
		case DETAIL_MAP:
			emit_map_begin(e);
			break;
		case DETAIL_END:
			emit_end(e);
			break;
		}
	}
	emit_end(e);
}

void emit_error(emit_format fmt, FILE *err, const char *code,
		const char *message, const berth_details *details)
{
	struct emit_sink s = {err, NULL};
	emitter *e;

	if (!err)
		return;
	if (!code)
		code = "INTERNAL";
	if (!message)
		message = "";
	/* Through the json emitter, which owns escaping and nesting; written
	 * by hand below only when it cannot be had (no memory). */
	if ((fmt == FORMAT_JSON || fmt == FORMAT_JSONL) &&
	    (e = emit_open(FORMAT_JSONL, err, 0))) {
		emit_record_begin(e);
		emit_key(e, "error");
		emit_map_begin(e);
		emit_key(e, "code");
		emit_string(e, code);
		emit_key(e, "message");
		emit_string(e, message);
		emit_key(e, "details");
		emit_details(e, details);
		emit_end(e);
		emit_record_end(e);
		emit_close(e);
	} else if (fmt == FORMAT_JSON || fmt == FORMAT_JSONL) {
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
