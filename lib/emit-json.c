/* emit-json.c - json (one document) and jsonl (one record a line). Both
 * stream to the output a record at a time: each is built in a buffer and
 * written with one fwrite, not one a token (a listing of a million
 * records spent a seventh of its time in fwrite's own work); only the
 * closing bracket waits for the end. */
#include <stdint.h>
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

/* Keys that needed no escaping, as written ("key":), by the address of
 * the key: the commands' keys are the same few literals row after row,
 * and a listing of a million rows spent a sixth of its time checking
 * each of them afresh. The text is held against the key on every use,
 * so a key at an address that held another (one of a record's
 * attributes) is never written as the old one. */
#define KEY_MEMO 256 /* in pairs: two keys that hash alike both stay */
static struct key_memo {
	const char *key;
	size_t len; /* of text: the quotes and the colon included */
	char text[68];
} key_memo[KEY_MEMO];

/* A key not in the memo: checked, written, and memoised when plain. */
__attribute__((noinline)) static void key_slow(emitter *e,
					       const struct emit_sink *s,
					       const char *key,
					       struct key_memo *m)
{
	char plain[68];
	const unsigned char *k = (const unsigned char *)key;
	size_t len = 0;

	/* Keys are the commands' own words: one that needs no escaping
	 * goes out as one piece, comma, quotes and colon included, copied
	 * as it is checked. */
	if (emit_top(e)->count)
		plain[len++] = ',';
	plain[len++] = '"';
	while (*k && *k < 0x80 && !emit_json_esc[*k] && len < 64)
		plain[len++] = (char)*k++;
	if (!*k) {
		size_t at = plain[0] == ',';
		plain[len++] = '"';
		plain[len++] = ':';
		emit_put(s, plain, len);
		m->key = key;
		m->len = len - at;
		memcpy(m->text, plain + at, m->len);
		return;
	}
	if (emit_top(e)->count)
		emit_putc(s, ',');
	emit_json_string(s, key, strlen(key));
	emit_putc(s, ':');
}

static int key_memo_has(const struct key_memo *m, const char *key)
{
	return m->key == key && !memcmp(key, m->text + 1, m->len - 3) &&
	       !key[m->len - 3];
}

void emit_json_key(emitter *e, const struct emit_sink *s, const char *key)
{
	struct key_memo *m =
	    &key_memo[((uintptr_t)key * 0x9e3779b97f4a7c15u) >> 57 << 1];

	if (key_memo_has(m, key) || key_memo_has(++m, key)) {
		if (emit_top(e)->count)
			emit_putc(s, ',');
		emit_put(s, m->text, m->len);
		return;
	}
	/* The pair's first is filled first; then the second, replaced. */
	key_slow(e, s, key, m[-1].key ? m : m - 1);
}

void emit_json_end(emitter *e, const struct emit_sink *s)
{
	emit_putc(s, emit_top(e)->is_map ? '}' : ']');
}

static struct emit_sink out_sink(emitter *e)
{
	struct emit_sink s = {NULL, &e->line};
	return s;
}

/* Only a json list is one document spanning records; everything else is a
 * line per record. */
static int is_array(emitter *e)
{
	return e->fmt == FORMAT_JSON && e->is_list;
}

static void json_record_begin(emitter *e)
{
	e->line.len = 0;
	if (is_array(e))
		emit_buf_add(&e->line, e->records ? ",\n" : "[\n", 2);
	emit_buf_add(&e->line, "{", 1);
}

static void json_record_end(emitter *e)
{
	emit_buf_add(&e->line, "}\n", is_array(e) ? 1 : 2);
	if (e->line.len)
		fwrite_unlocked(e->line.p, 1, e->line.len, e->out);
	e->line.len = 0;
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

static void json_destroy(emitter *e)
{
	emit_buf_free(&e->line);
}

static void json_finish(emitter *e)
{
	if (is_array(e))
		fputs(e->records ? "\n]\n" : "[]\n", e->out);
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
	emitter *e = emit_zalloc(sizeof *e);

	if (e) {
		e->ops = &json_ops;
		emit_buf_init(&e->line, &e->failed);
	}
	return e;
}
