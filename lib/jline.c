/* jline.c - one line of JSON into a flat tree (jline.h): a recursive
 * descent over the bytes, values appended to one array in document order,
 * strings left where they are unless an escape makes them differ. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jline.h"

/* Deeper than any line berth writes (two levels), shallow enough that the
 * recursion never nears the stack's end. */
#define JL_DEPTH 32

struct parse {
	jline *j;
	const char *line, *s, *e;
	char *out; /* where the next unescaped string goes in j->buf */
	int depth;
};

__attribute__((format(printf, 2, 3))) static int fail(struct parse *p,
						       const char *fmt, ...)
{
	char why[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	snprintf(p->j->err, sizeof p->j->err, "%s at byte %zu", why,
		 (size_t)(p->s - p->line) + 1);
	return -1;
}

static void ws(struct parse *p)
{
	while (p->s < p->e &&
	       (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r'))
		p->s++;
}

/* A new value at the end of the array: its index, or -2 out of memory. */
static long push(struct parse *p)
{
	jline *j = p->j;

	if (j->n == j->cap) {
		size_t cap = j->cap ? j->cap * 2 : 64;
		jl_value *v = realloc(j->v, cap * sizeof *v);
		if (!v)
			return -2;
		j->v = v;
		j->cap = cap;
	}
	memset(&j->v[j->n], 0, sizeof *j->v);
	return (long)j->n++;
}

/* The length of the well-formed UTF-8 sequence at s (RFC 3629: no
 * overlong forms, no surrogates, nothing past U+10FFFF), or 0. */
static size_t utf8_len(const unsigned char *s, const unsigned char *e)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t n;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if ((size_t)(e - s) < n || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

static int hex4(const char *s, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static char *put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xc0 | cp >> 6);
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xe0 | cp >> 12);
		*o++ = (char)(0x80 | (cp >> 6 & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*o++ = (char)(0xf0 | cp >> 18);
		*o++ = (char)(0x80 | (cp >> 12 & 0x3f));
		*o++ = (char)(0x80 | (cp >> 6 & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	}
	return o;
}

/* A string, p->s on its opening quote: *out and *len the text. One with
 * nothing to undo (printable ASCII, no escape) stays in the line. */
static int string(struct parse *p, const char **out, uint32_t *len)
{
	const char *start = ++p->s;
	char *o;

	while (p->s < p->e && *p->s != '"' && *p->s != '\\' &&
	       (unsigned char)*p->s >= 0x20 && (unsigned char)*p->s < 0x80)
		p->s++;
	if (p->s < p->e && *p->s == '"') {
		*out = start;
		*len = (uint32_t)(p->s - start);
		p->s++;
		return 0;
	}
	/* The slow way, from the string's start, into the buffer (which
	 * holds as many bytes as the line: nothing unescaped is longer). */
	o = p->out;
	memcpy(o, start, (size_t)(p->s - start));
	o += p->s - start;
	for (;;) {
		unsigned char c;
		if (p->s >= p->e)
			return fail(p, "a string is not closed");
		c = (unsigned char)*p->s;
		if (c == '"')
			break;
		if (c < 0x20)
			return fail(p, "a control character in a string");
		if (c >= 0x80) {
			size_t n = utf8_len((const unsigned char *)p->s,
					    (const unsigned char *)p->e);
			if (!n)
				return fail(p, "not UTF-8");
			memcpy(o, p->s, n);
			o += n;
			p->s += n;
			continue;
		}
		if (c != '\\') {
			*o++ = (char)c;
			p->s++;
			continue;
		}
		if (p->e - p->s < 2)
			return fail(p, "a string is not closed");
		switch (p->s[1]) {
		case '"':
		case '\\':
		case '/':
			*o++ = p->s[1];
			break;
		case 'b':
			*o++ = '\b';
			break;
		case 'f':
			*o++ = '\f';
			break;
		case 'n':
			*o++ = '\n';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'u': {
			unsigned cp, lo;
			if (p->e - p->s < 6 || hex4(p->s + 2, &cp))
				return fail(p, "a bad \\u escape");
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return fail(p, "a lone low surrogate");
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (p->e - p->s < 12 || p->s[6] != '\\' ||
				    p->s[7] != 'u' || hex4(p->s + 8, &lo) ||
				    lo < 0xdc00 || lo > 0xdfff)
					return fail(p, "a lone high surrogate");
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				     (lo - 0xdc00);
				p->s += 6;
			}
			if (cp == 0)
				return fail(p, "\\u0000 in a string");
			o = put_utf8(o, cp);
			p->s += 4;
			break;
		}
		default:
			return fail(p, "a bad escape");
		}
		p->s += 2;
	}
	p->s++;
	*out = p->out;
	*len = (uint32_t)(o - p->out);
	p->out = o;
	return 0;
}

static int digits(struct parse *p)
{
	const char *from = p->s;

	while (p->s < p->e && *p->s >= '0' && *p->s <= '9')
		p->s++;
	return p->s > from;
}

/* RFC 8259's number: an integer when it has no fraction or exponent (and
 * fits 64 bits, or is refused as jansson refused it), else a real. */
static int number(struct parse *p, jl_value *v)
{
	const char *start = p->s;
	int neg = *p->s == '-', real = 0;

	p->s += neg;
	if (p->s >= p->e || *p->s < '0' || *p->s > '9')
		return fail(p, "a bad number");
	if (*p->s == '0') {
		p->s++;
		if (p->s < p->e && *p->s >= '0' && *p->s <= '9')
			return fail(p, "a number with a leading zero");
	} else {
		digits(p);
	}
	if (p->s < p->e && *p->s == '.') {
		p->s++;
		if (!digits(p))
			return fail(p, "a bad number");
		real = 1;
	}
	if (p->s < p->e && (*p->s == 'e' || *p->s == 'E')) {
		p->s++;
		if (p->s < p->e && (*p->s == '+' || *p->s == '-'))
			p->s++;
		if (!digits(p))
			return fail(p, "a bad number");
		real = 1;
	}
	if (real) {
		/* The grammar is checked: strtod reads exactly it, and
		 * stops where it ends. */
		char num[64];
		size_t n = (size_t)(p->s - start);
		double d;
		if (n >= sizeof num)
			n = sizeof num - 1; /* its value is never used */
		memcpy(num, start, n);
		num[n] = 0;
		d = strtod(num, NULL);
		if (isinf(d))
			return fail(p, "a real number too big");
		v->kind = JL_REAL;
		return 0;
	}
	{
		uint64_t u = 0, lim = neg ? (uint64_t)INT64_MAX + 1 : INT64_MAX;
		for (const char *d = start + neg; d < p->s; d++) {
			unsigned dig = (unsigned)(*d - '0');
			if (u > (lim - dig) / 10)
				return fail(p, "an integer too big");
			u = u * 10 + dig;
		}
		v->kind = JL_INT;
		v->i = neg ? (int64_t)(0 - u) : (int64_t)u;
	}
	return 0;
}

static int literal(struct parse *p, const char *word, jl_kind kind,
		   jl_value *v)
{
	size_t n = strlen(word);

	if ((size_t)(p->e - p->s) < n || memcmp(p->s, word, n))
		return fail(p, "an unexpected character");
	p->s += n;
	v->kind = kind;
	return 0;
}

static int value(struct parse *p, size_t at);

/* An object or an array, p->s on its bracket; its members after v[at]. */
static int container(struct parse *p, size_t at, int obj)
{
	jline *j = p->j;
	char close = obj ? '}' : ']';
	uint32_t members = 0;

	if (++p->depth > JL_DEPTH)
		return fail(p, "nested too deep");
	j->v[at].kind = obj ? JL_OBJ : JL_ARR;
	p->s++;
	ws(p);
	if (p->s < p->e && *p->s == close) {
		p->s++;
		goto done;
	}
	for (;;) {
		const char *key = NULL;
		uint32_t klen = 0;
		long m;
		int rc;
		ws(p);
		if (obj) {
			if (p->s >= p->e || *p->s != '"')
				return fail(p, "a key expected");
			if (string(p, &key, &klen))
				return -1;
			/* A key given twice is refused, as jansson's
			 * JSON_REJECT_DUPLICATES did: which would count? */
			for (size_t c = at + 1; c < j->n; c = j->v[c].end)
				if (j->v[c].klen == klen &&
				    !memcmp(j->v[c].key, key, klen))
					return fail(p, "a duplicate key");
			ws(p);
			if (p->s >= p->e || *p->s != ':')
				return fail(p, "':' expected");
			p->s++;
			ws(p);
		}
		if ((m = push(p)) < 0)
			return (int)m;
		j->v[m].key = key;
		j->v[m].klen = klen;
		if ((rc = value(p, (size_t)m)))
			return rc;
		members++;
		ws(p);
		if (p->s < p->e && *p->s == ',') {
			p->s++;
			continue;
		}
		if (p->s < p->e && *p->s == close) {
			p->s++;
			break;
		}
		return fail(p, "',' or '%c' expected", close);
	}
done:
	p->depth--;
	j->v[at].n = members;
	return 0;
}

static int value(struct parse *p, size_t at)
{
	jline *j = p->j;
	int rc;

	if (p->s >= p->e)
		return fail(p, "a value expected");
	switch (*p->s) {
	case '{':
	case '[':
		rc = container(p, at, *p->s == '{');
		break;
	case '"': {
		const char *s;
		uint32_t n;
		if (!(rc = string(p, &s, &n))) {
			j->v[at].kind = JL_STR;
			j->v[at].s = s;
			j->v[at].n = n;
		}
		break;
	}
	case 't':
		rc = literal(p, "true", JL_TRUE, &j->v[at]);
		break;
	case 'f':
		rc = literal(p, "false", JL_FALSE, &j->v[at]);
		break;
	case 'n':
		rc = literal(p, "null", JL_NULL, &j->v[at]);
		break;
	default:
		if (*p->s == '-' || (*p->s >= '0' && *p->s <= '9'))
			rc = number(p, &j->v[at]);
		else
			rc = fail(p, "an unexpected character");
	}
	j->v[at].end = (uint32_t)j->n;
	return rc;
}

int jline_read(jline *j, const char *line, size_t len)
{
	struct parse p = {j, line, line, line + len, NULL, 0};
	int rc;

	j->n = 0;
	j->err[0] = 0;
	if (len + 1 > j->buf_cap) {
		char *b = realloc(j->buf, len + 1);
		if (!b)
			return -2;
		j->buf = b;
		j->buf_cap = len + 1;
	}
	p.out = j->buf;
	ws(&p);
	if (push(&p) < 0)
		return -2;
	if ((rc = value(&p, 0)))
		return rc;
	ws(&p);
	if (p.s != p.e)
		return fail(&p, "the line goes on after its value");
	return 0;
}

void jline_free(jline *j)
{
	free(j->v);
	free(j->buf);
	memset(j, 0, sizeof *j);
}

const jl_value *jline_get(const jline *j, size_t o, const char *key)
{
	size_t n = strlen(key);

	if (j->v[o].kind != JL_OBJ)
		return NULL;
	for (size_t c = o + 1; c < j->v[o].end; c = j->v[c].end)
		if (j->v[c].klen == n && !memcmp(j->v[c].key, key, n))
			return &j->v[c];
	return NULL;
}
