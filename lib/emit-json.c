/* emit-json.c - json (one document) and jsonl (one record a line). Both
 * stream to the output a record at a time; only the closing bracket
 * waits. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emit-private.h"

const char *const emit_json_esc[128] = {
    "\\u0000", "\\u0001", "\\u0002",	  "\\u0003",	   "\\u0004",
    "\\u0005", "\\u0006", "\\u0007",	  "\\b",	   "\\t",
    "\\n",     "\\u000b", "\\f",	  "\\r",	   "\\u000e",
    "\\u000f", "\\u0010", "\\u0011",	  "\\u0012",	   "\\u0013",
    "\\u0014", "\\u0015", "\\u0016",	  "\\u0017",	   "\\u0018",
    "\\u0019", "\\u001a", "\\u001b",	  "\\u001c",	   "\\u001d",
    "\\u001e", "\\u001f", ['"'] = "\\\"", ['\\'] = "\\\\", [0x7f] = "\\u007f",
};

void emit_json_string(const struct emit_sink *s, const char *p, size_t n)
{
	emit_putc(s, '"');
	emit_escape(s, p, n, emit_json_esc, 0);
	emit_putc(s, '"');
}

void emit_json_prefix(emitter *e, const struct emit_sink *s)
{
	struct emit_frame *f = emit_top(e);

	/* Members of a map get their comma from the key. */
	if (!f->is_map && f->count)
		emit_putc(s, ',');
}

void emit_json_key(emitter *e, const struct emit_sink *s, const char *key)
{
	if (emit_top(e)->count)
		emit_putc(s, ',');
	emit_json_string(s, key, strlen(key));
	emit_putc(s, ':');
}

void emit_json_end(emitter *e, const struct emit_sink *s)
{
	emit_putc(s, emit_top(e)->is_map ? '}' : ']');
}

/* A record is put together in `line` and written with one fwrite at its
 * end: a row is some forty pieces of a few bytes each (a key, its quotes,
 * a colon), and stdio's per-call cost for each came to more than the
 * bytes themselves. The stream sees the same bytes in the same order, and
 * jsonl is still flushed a line at a time. */
struct json {
	emitter base;
	struct emit_buf line;
};

static struct emit_sink out_sink(emitter *e)
{
	struct emit_sink s = {NULL, &((struct json *)e)->line};
	return s;
}

/* What the record so far holds goes out before anything written straight
 * to the stream, and before the emitter goes away: a record cut short
 * still shows as far as it got, as it did when every piece was written
 * as it came. */
static void write_line(emitter *e)
{
	struct emit_buf *b = &((struct json *)e)->line;

	if (b->len)
		fwrite_unlocked(b->p, 1, b->len, e->out);
	b->len = 0;
}

/* Only a json list is one document spanning records; everything else is a
 * line per record. */
static int is_array(emitter *e)
{
	return e->fmt == FORMAT_JSON && e->is_list;
}

static void json_record_begin(emitter *e)
{
	struct emit_sink s = out_sink(e);

	if (is_array(e))
		emit_puts(&s, e->records ? ",\n" : "[\n");
	emit_putc(&s, '{');
}

static void json_record_end(emitter *e)
{
	struct emit_sink s = out_sink(e);

	emit_putc(&s, '}');
	if (!is_array(e))
		emit_putc(&s, '\n');
	write_line(e);
	if (e->fmt == FORMAT_JSONL && !e->hold)
		fflush(e->out);
}

static void json_key(emitter *e, const char *key)
{
	struct emit_sink s = out_sink(e);

	emit_json_key(e, &s, key);
}

static void json_string(emitter *e, const char *str)
{
	struct emit_sink s = out_sink(e);

	emit_json_prefix(e, &s);
	emit_json_string(&s, str, strlen(str));
}

static void json_integer(emitter *e, int64_t v)
{
	struct emit_sink s = out_sink(e);
	char num[24];

	emit_json_prefix(e, &s);
	emit_put(&s, num, emit_fmt_int(num, v));
}

static void json_boolean(emitter *e, int v)
{
	struct emit_sink s = out_sink(e);

	emit_json_prefix(e, &s);
	emit_puts(&s, v ? "true" : "false");
}

static void json_null(emitter *e)
{
	struct emit_sink s = out_sink(e);

	emit_json_prefix(e, &s);
	emit_puts(&s, "null");
}

static void json_map_begin(emitter *e)
{
	struct emit_sink s = out_sink(e);

	emit_json_prefix(e, &s);
	emit_putc(&s, '{');
}

static void json_list_begin(emitter *e)
{
	struct emit_sink s = out_sink(e);

	emit_json_prefix(e, &s);
	emit_putc(&s, '[');
}

static void json_end(emitter *e)
{
	struct emit_sink s = out_sink(e);

	emit_json_end(e, &s);
}

static void json_finish(emitter *e)
{
	write_line(e);
	if (is_array(e))
		fputs(e->records ? "\n]\n" : "[]\n", e->out);
}

static void json_destroy(emitter *e)
{
	write_line(e);
	emit_buf_free(&((struct json *)e)->line);
}

static const struct emit_ops json_ops = {
    .record_begin = json_record_begin,
    .record_end = json_record_end,
    .key = json_key,
    .string = json_string,
    .integer = json_integer,
    .boolean = json_boolean,
    .null = json_null,
    .map_begin = json_map_begin,
    .list_begin = json_list_begin,
    .end = json_end,
    .finish = json_finish,
    .destroy = json_destroy,
};

emitter *emit_json_new(void)
{
	struct json *j = emit_zalloc(sizeof *j);

	if (!j)
		return NULL;
	j->base.ops = &json_ops;
	emit_buf_init(&j->line, &j->base.failed);
	return &j->base;
}
