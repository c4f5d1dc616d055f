/* jline_test.c - lib/jline.c against jansson, which import read its lines
 * with before: lines written out here, and a few hundred thousand made by
 * breaking export --all's lines a byte or a few at a time, must be taken
 * or refused by both alike, and what both take must read the same. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jline.h"
#include "unit.h"

static jline jl;

/* 1 taken as an object, 0 refused (or not an object). */
static int by_jansson(const char *s, json_t **out)
{
	json_error_t err;
	json_t *o = json_loads(s, JSON_REJECT_DUPLICATES, &err);

	if (o && !json_is_object(o)) {
		json_decref(o);
		o = NULL;
	}
	*out = o;
	return o != NULL;
}

static int by_jline(const char *s)
{
	return jline_read(&jl, s, strlen(s)) == 0 && jl.v[0].kind == JL_OBJ;
}

/* Every member of the top object: the same kind and value both ways. */
static int same(json_t *o)
{
	size_t m, n = 0;

	for (m = 1; m < jl.v[0].end; m = jl.v[m].end, n++) {
		const jl_value *v = &jl.v[m];
		char key[256];
		json_t *x;
		snprintf(key, sizeof key, "%.*s", (int)v->klen, v->key);
		if (!(x = json_object_get(o, key)))
			return 0;
		switch (v->kind) {
		case JL_STR:
			if (!json_is_string(x) || json_string_length(x) != v->n ||
			    memcmp(json_string_value(x), v->s, v->n))
				return 0;
			break;
		case JL_INT:
			if (!json_is_integer(x) || json_integer_value(x) != v->i)
				return 0;
			break;
		case JL_REAL:
			if (!json_is_real(x))
				return 0;
			break;
		case JL_TRUE:
		case JL_FALSE:
			if (!json_is_boolean(x) ||
			    json_is_true(x) != (v->kind == JL_TRUE))
				return 0;
			break;
		case JL_NULL:
			if (!json_is_null(x))
				return 0;
			break;
		case JL_ARR:
			if (!json_is_array(x) || json_array_size(x) != v->n)
				return 0;
			break;
		case JL_OBJ:
			if (!json_is_object(x) || json_object_size(x) != v->n)
				return 0;
			break;
		}
	}
	return n == json_object_size(o);
}

static void both(const char *s)
{
	json_t *o;
	int a = by_jansson(s, &o), b = by_jline(s);

	CHECK(a == b, "%s: jansson %s it, jline %s (%s)", s,
	      a ? "takes" : "refuses", b ? "takes" : "refuses", jl.err);
	if (a && b)
		CHECK(same(o), "%s: read differently", s);
	json_decref(o);
}

static const char *const lines[] = {
    "{}",
    " { } ",
    "{\"a\":1}",
    "{\"a\":-0}",
    "{\"a\":9223372036854775807}",
    "{\"a\":9223372036854775808}",
    "{\"a\":-9223372036854775808}",
    "{\"a\":-9223372036854775809}",
    "{\"a\":1.5e3,\"b\":-0.0,\"c\":1E-2}",
    "{\"a\":1e999}",
    "{\"a\":1e-999}",
    "{\"a\":01}",
    "{\"a\":1.}",
    "{\"a\":.5}",
    "{\"a\":-}",
    "{\"a\":+1}",
    "{\"a\":1e}",
    "{\"a\":true,\"b\":false,\"c\":null}",
    "{\"a\":tru}",
    "{\"a\":nul}",
    "{\"a\":truex}",
    "{\"a\":1,}",
    "{,\"a\":1}",
    "{\"a\" 1}",
    "{\"a\":1 \"b\":2}",
    "{\"a\":1,\"a\":2}",
    "{\"a\":{\"b\":1,\"b\":2}}",
    "{\"a\":{\"b\":1},\"c\":{\"b\":2}}",
    "{\"a\":[1,2,[3,{}]],\"b\":[]}",
    "{\"a\":[1,2,]}",
    "{\"a\":[,]}",
    "{\"a\":\"\\u00e9\\u4e2d\\ud83d\\ude00\"}",
    "{\"a\":\"\\ud83d\"}",
    "{\"a\":\"\\ude00\"}",
    "{\"a\":\"\\ud83dx\"}",
    "{\"a\":\"\\u0000\"}",
    "{\"a\":\"\\u00\"}",
    "{\"a\":\"\\uzzzz\"}",
    "{\"a\":\"\\x\"}",
    "{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}",
    "{\"a\":\"tab\there\"}",
    "{\"a\":\"caf\xc3\xa9\"}",
    "{\"a\":\"\xc3\"}",
    "{\"a\":\"\xc0\xaf\"}",
    "{\"a\":\"\xed\xa0\x80\"}",
    "{\"a\":\"\xf4\x90\x80\x80\"}",
    "{\"a\":\"\xf0\x9f\x98\x80\"}",
    "{\"a\":\"\xe0\x80\xaf\"}",
    "{\"\\u0061\":1,\"a\":2}",
    "{\"a\":\"unclosed}",
    "{\"a\":1}x",
    "{\"a\":1} ",
    "{\"a\":1}{}",
    "[1,2]",
    "\"s\"",
    "42",
    "",
    "{",
    "}",
    "{\"a\":1",
    "{\"a\":\x01}",
    "{\r\n\"a\"\t:\t1\r\n}",
};

/* export --all's lines, each broken a few bytes at a time. */
static const char *const shapes[] = {
    "{\"type\":\"store\",\"store_id\":\"f6f12c7c88828478440c8eb587f08359\","
    "\"tz\":\"UTC\",\"audit\":true,\"last_ids\":{\"holds\":0,\"bookings\":"
    "100000}}",
    "{\"type\":\"booking\",\"id\":\"b1\",\"resource\":\"c0001\","
    "\"resource_number\":1,\"start\":\"2026-05-28T20:26:40+00:00\",\"end\":"
    "\"2026-05-28T21:26:40+00:00\",\"seats\":[1,2],\"customer\":"
    "\"J\\u00f6rg \\\"Jo\\\"\",\"status\":\"confirmed\",\"attrs\":{\"x\":"
    "\"y\"},\"created_at\":\"2026-01-01T00:00:00+00:00\"}",
    "{\"type\":\"hours\",\"resource\":\"r\",\"week\":[\"9-17\",\"9-17\","
    "\"9-17\",\"9-17\",\"9-17\",\"closed\",\"closed\"],\"price\":-12.5e1,"
    "\"n\":null}",
};

static const char mutants[] = "{}[]\",:\\u0123456789.eE-+tfnrl \x01\x7f\xc3"
			      "\xa9\xed\xf0";

int main(void)
{
	unsigned long seed = 12345;

	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
		both(lines[i]);
	for (size_t sh = 0; sh < sizeof shapes / sizeof *shapes; sh++) {
		size_t n = strlen(shapes[sh]);
		char *s = malloc(n + 8);
		for (int round = 0; round < 60000; round++) {
			int edits = 1 + round % 4;
			size_t len = n;
			memcpy(s, shapes[sh], n + 1);
			while (edits--) {
				size_t at;
				char c;
				seed = seed * 6364136223846793005UL +
				       1442695040888963407UL;
				at = (seed >> 33) % len;
				c = mutants[(seed >> 20) % (sizeof mutants - 1)];
				switch ((seed >> 12) % 3) {
				case 0: /* replace */
					s[at] = c;
					break;
				case 1: /* delete */
					memmove(s + at, s + at + 1, len - at);
					len--;
					break;
				default: /* insert, when there is room */
					if (len < n + 7) {
						memmove(s + at + 1, s + at,
							len - at + 1);
						s[at] = c;
						len++;
					}
				}
			}
			both(s);
		}
		free(s);
	}
	jline_free(&jl);
	printf("jline: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
