/* emit-private.h - what the emitter back ends share with emit.c. Commands
 * include emit.h only; this header is for lib/emit*.c and the unit test. */
#ifndef BERTH_EMIT_PRIVATE_H
#define BERTH_EMIT_PRIVATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "emit.h"

/* Far deeper than any record a command builds; past it values are dropped
 * and emit_close reports failure, so a runaway caller cannot exhaust memory
 * through the nesting stack. */
#define EMIT_MAX_DEPTH 64

/* A cell that no key of the record filled. */
#define EMIT_MISSING SIZE_MAX

/* A growable byte string. Every buffer points at its emitter's failure flag
 * so a failed allocation anywhere surfaces in emit_close. Not terminated. */
struct emit_buf {
	char *p;
	size_t len, cap;
	int *failed;
};

/* Where escaped text goes: the output stream, or a buffer when a nested
 * value must become one cell or a table must be measured first. */
struct emit_sink {
	FILE *f;
	struct emit_buf *b;
};

struct emit_span {
	size_t off, len;
	unsigned char instant; /* a cell: filled by emit_instant */
};

struct emit_ops {
	void (*record_begin)(emitter *e);
	void (*record_end)(emitter *e);
	void (*key)(emitter *e, const char *key);
	void (*string)(emitter *e, const char *s);
	void (*integer)(emitter *e, int64_t v);
	void (*boolean)(emitter *e, int v);
	void (*null)(emitter *e);
	void (*map_begin)(emitter *e);
	void (*list_begin)(emitter *e);
	void (*end)(emitter *e);
	/* Writes what only the end of the document decides. */
	void (*finish)(emitter *e);
	/* Frees the back end's own state; emit.c frees the emitter. */
	void (*destroy)(emitter *e);
};

struct emit_frame {
	unsigned char is_map;
	unsigned char want_value; /* a key was given, its value not yet */
	size_t count;		  /* values completed in this container */
};

struct emit_dropped {
	unsigned char len;
	char name[31]; /* longer names are not remembered */
};

/* Row machinery shared by csv, tsv and table: the first record names the
 * columns, every record fills one row of cells, a nested value collapses
 * into one cell. */
struct emit_cells {
	void (*row)(emitter *e); /* one record is complete */
	const char *null_text;
	int inert; /* defuse spreadsheet formulas */
	int pairs; /* a flat map shows as k=v,k=v and an empty one as null */
	int fixed; /* emit_columns named the columns: other keys are dropped */
	const char *const *label; /* a table's header for each fixed column */

	struct emit_buf names;
	struct emit_span *name;
	size_t ncols, colcap;
	int header_done;
	int template; /* the record being built only names columns */
	size_t rows;

	struct emit_buf text;
	struct emit_span *cell; /* off == EMIT_MISSING when unfilled */
	long col;		/* where the next value goes, -1 to drop it */
	size_t hint;		/* records usually repeat the key order */
	/* The keys, by their place in the record, that the last records
	 * dropped (no column of that name; len 0: none known). A key no
	 * column has is dropped again in every record, and finding that
	 * out costs a look at every column. */
	struct emit_dropped *dropped;
	size_t ndropped, place;

	struct emit_buf json, joined;
	int scalars_only, first_is_string, joining_map;

	/* The zone of the first time shown, and whether another followed. */
	char *zone;
	int many_zones;
};

struct emitter {
	const struct emit_ops *ops;
	FILE *out;
	emit_format fmt;
	int is_list;
	int hold; /* jsonl lines wait for emit_flush */
	int failed;
	int depth;		  /* 0 between records, 1 in a record's map */
	unsigned skip;		  /* levels of a nested value being dropped */
	size_t records;		  /* records begun so far */
	struct emit_buf line;	  /* json: the record being written */
	struct emit_cells *cells; /* csv, tsv and table only */
	struct emit_frame stack[EMIT_MAX_DEPTH];
};

/* Test hook: when positive, the allocation that brings it to zero fails. */
extern long emit_test_fail_alloc;

void *emit_realloc(void *p, size_t n);
void *emit_reallocarray(void *p, size_t n, size_t size);
void *emit_zalloc(size_t n);

void emit_buf_init(struct emit_buf *b, int *failed);
int emit_buf_grow(struct emit_buf *b, size_t extra);
void emit_buf_free(struct emit_buf *b);

static inline int emit_buf_add(struct emit_buf *b, const char *p, size_t n)
{
	if (n == 0)
		return 0;
	if (b->cap - b->len < n && emit_buf_grow(b, n))
		return -1;
	memcpy(b->p + b->len, p, n);
	b->len += n;
	return 0;
}

/* Empty buffers have no storage; arithmetic on their null pointer would be
 * undefined even with a zero offset. */
static inline const char *emit_buf_at(const struct emit_buf *b, size_t off)
{
	return b->p ? b->p + off : "";
}

static inline void emit_put(const struct emit_sink *s, const char *p, size_t n)
{
	/* One thread: no lock per write. Most pieces are a few bytes (a
	 * key, a word): stdio's putc macro copies them for less than
	 * fwrite's call chain costs. */
	if (s->f && n <= 16)
		for (size_t i = 0; i < n; i++)
			putc_unlocked(p[i], s->f);
	else if (s->f)
		fwrite_unlocked(p, 1, n, s->f);
	else
		emit_buf_add(s->b, p, n);
}

static inline void emit_putc(const struct emit_sink *s, char c)
{
	if (s->f)
		putc_unlocked(c, s->f);
	else if (s->b->len < s->b->cap)
		s->b->p[s->b->len++] = c; /* a quote, a comma: most bytes */
	else
		emit_buf_add(s->b, &c, 1);
}

static inline void emit_puts(const struct emit_sink *s, const char *str)
{
	emit_put(s, str, strlen(str));
}

static inline struct emit_frame *emit_top(emitter *e)
{
	return &e->stack[e->depth - 1];
}

/* Length of the well-formed UTF-8 sequence at p, or minus the length of the
 * maximal ill-formed subpart that one U+FFFD replaces (Unicode 3.9, the
 * practice Python's "replace" also follows). */
int emit_utf8_len(const unsigned char *p, size_t n);

/* Copies p to s with esc[c] in place of each ASCII byte that has an entry,
 * U+FFFD for ill-formed UTF-8, and, when c1 is set, \u00XX for C1 controls
 * (terminals act on them). esc may name only bytes below 0x20, 0x7f, '"'
 * and '\\': it skips runs of other bytes a word at a time unread. */
void emit_escape(const struct emit_sink *s, const char *p, size_t n,
		 const char *const esc[128], int c1);

/* Display width of UTF-8 text on a terminal (wcwidth under a UTF-8
 * locale); emit_cut returns how many bytes of it fit in maxw columns, and
 * their width in *width. emit-width.c. */
size_t emit_width(const char *s, size_t n);
size_t emit_cut(const char *s, size_t n, size_t maxw, size_t *width);
/* The terminal's width when f is one (COLUMNS, else TIOCGWINSZ), else 0. */
size_t emit_term_width(FILE *f);

/* Decimal form of v; dst needs 21 bytes. Returns the length. */
size_t emit_fmt_int(char *dst, int64_t v);

emitter *emit_json_new(void);
emitter *emit_ics_new(void);
emitter *emit_csv_new(int tab);
/* fits its lines to out when out is a terminal */
emitter *emit_table_new(FILE *out);

extern const char *const emit_json_esc[128];
extern const char *const emit_plain_esc[128];

void emit_json_string(const struct emit_sink *s, const char *p, size_t n);
void emit_json_prefix(emitter *e, const struct emit_sink *s);
void emit_json_key(emitter *e, const struct emit_sink *s, const char *key);
void emit_json_end(emitter *e, const struct emit_sink *s);

/* emit-formula.c: whether a spreadsheet would run the cell (the rule is
 * there); csv and tsv then start it with a '. */
int emit_runs_as_formula(const char *p, size_t n);

void emit_cells_init(emitter *e, struct emit_cells *c, void (*row)(emitter *),
		     const char *null_text, int inert);
void emit_cells_free(struct emit_cells *c);
void emit_cells_record_begin(emitter *e);
void emit_cells_record_end(emitter *e);
void emit_cells_key(emitter *e, const char *key);
void emit_cells_string(emitter *e, const char *s);
void emit_cells_integer(emitter *e, int64_t v);
void emit_cells_boolean(emitter *e, int v);
void emit_cells_null(emitter *e);
void emit_cells_map_begin(emitter *e);
void emit_cells_list_begin(emitter *e);
void emit_cells_end(emitter *e);
void emit_cells_columns(emitter *e, const char *const *names,
			const char *const *labels, size_t n);

#endif
