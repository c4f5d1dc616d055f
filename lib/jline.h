/* jline.h - one line of JSON read into a flat tree: what import reads a
 * whole-store file with (export --all's lines). jansson built a tree of
 * allocated nodes and strings for every line and spent a third of an
 * import's time doing it; this reader keeps one array of nodes and one
 * buffer for unescaped strings, reused line after line, and points into
 * the line itself for strings with no escapes (most of them). It is as
 * strict as the jansson reading it replaces (RFC 8259, duplicate keys
 * refused, no NUL in a string, integers that fit 64 bits): a line that
 * either refuses, this refuses (tests/unit/jline_test.c holds them side
 * by side). */
#ifndef BERTH_JLINE_H
#define BERTH_JLINE_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
	JL_NULL,
	JL_FALSE,
	JL_TRUE,
	JL_INT,
	JL_REAL,
	JL_STR,
	JL_ARR,
	JL_OBJ,
} jl_kind;

/* A value. A container's members follow it in the array, each with its
 * own members after it; `end` is the index just past the last of them, so
 * that a member is skipped whole. A member of an object has its key. */
typedef struct {
	jl_kind kind;
	uint32_t n;   /* a string's bytes; a container's members */
	uint32_t end; /* the index after this value and all it holds */
	uint32_t klen;
	const char *key; /* an object's member: its key (klen bytes) */
	const char *s;	 /* a string (n bytes; no NUL inside: refused) */
	int64_t i;	 /* an integer */
} jl_value;

typedef struct {
	jl_value *v;
	size_t n, cap;
	char *buf; /* unescaped strings of the line */
	size_t buf_cap;
	char err[96]; /* why the last line did not read */
} jline;

/* Reads line[0..len) into j (j->v[0] the top value, of any kind): 0, or
 * -1 with j->err (and -2 out of memory). Strings point into line or into
 * j's buffer, valid until the next call. */
int jline_read(jline *j, const char *line, size_t len);
void jline_free(jline *j);

/* The member of object v[o] under key, or NULL (a JSON null is
 * returned: callers tell null apart). */
const jl_value *jline_get(const jline *j, size_t o, const char *key);

#endif
