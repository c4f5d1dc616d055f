/* import.c - berth import FILE|-: a new store (--db) made from what
 * export --all wrote, one item a line; with --format csv, bookings from a
 * spreadsheet (common-common-import-csv.c). Any other --format reads jsonl and says the
 * summary in that format. Lines go in in groups of up to 16384 a
 * transaction, as book --batch's (the same line reader; the JSON through
 * lib/jline.c, made for these lines),
 * into a store staged beside --db that is put in place only when the
 * last line is in and check finds it sound: a refused line (named by its
 * number) leaves nothing behind. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common-lines.h"
#include "common-xitems.h"
#include "common-import-csv.h"
#include "verbs.h"

enum { O_MERGE, O_COUNT };
static const struct opt opts[] = {
    {"merge", OPT_FLAG, NULL,
     "into the store as it is, in one transaction; every conflicting line "
     "is named"},
    {NULL, 0, NULL, NULL},
};

#define GROUP_MAX      16384
#define LINE_MAX_BYTES (1 << 20) /* an audit record of a big claim */

typedef struct {
	long line;
	berth_xitem it;
	berth_xcivil cv;
} item;

typedef struct {
	berth_import *im;
	item *items;
	size_t n;
	long bad_line; /* the line a refusal came from */
} group;

static berth_status group_txn(berth_txn *t, void *arg)
{
	group *g = arg;
	berth_status st;

	for (size_t i = 0; i < g->n; i++) {
		/* The file's item may be changed by its put (names resolved
		 * into the store's): a retry of the transaction starts from
		 * a copy. */
		berth_xitem it = g->items[i].it;
		if ((st = berth_import_put(t, g->im, &it, &g->items[i].cv))) {
			g->bad_line = g->items[i].line;
			return st;
		}
	}
	return BERTH_OK;
}

typedef struct {
	struct timespec start;
	off_t size; /* of the file, 0 when unknown (a pipe) */
	off_t done; /* bytes read so far */
	int tty;
	long lines;
	uint64_t count[BERTH_X_COUNT + 1]; /* +1: holds apart from bookings */
} progress;

static double elapsed(const progress *p)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - p->start.tv_sec) +
	       (double)(now.tv_nsec - p->start.tv_nsec) / 1e9;
}

/* On a terminal: lines, the rate, and when the size is known the time
 * left, on one line rewritten in place. */
static void show_progress(const progress *p, int last)
{
	double s = elapsed(p), rate = s > 0 ? p->lines / s : 0;

	if (!p->tty || G.quiet)
		return;
	fprintf(stderr, "\rberth: import: %ld lines, %.0f lines/s", p->lines,
		rate);
	if (p->size > 0 && p->done > 0 && p->done < p->size && s > 0)
		fprintf(stderr, ", about %.0f s left",
			s * (double)(p->size - p->done) / (double)p->done);
	fputs(last ? "\n" : "   ", stderr);
	fflush(stderr);
}

static berth_status line_fail(berth_status st, long line)
{
	berth_fail(st, "line %ld: %s", line, berth_message());
	berth_detail_int("line", line);
	return st;
}

static berth_status import_lines(berth_import *im, int fd, int csv, progress *p)
{
	reader r = {.fd = fd};
	arena *a = arena_new();
	item *items = calloc(GROUP_MAX, sizeof *items);
	csv_header hdr = {0};
	berth_status st = BERTH_OK;
	group g = {im, items, 0, 0};
	jline jl = {0};
	size_t len;
	int rc;

	if (!a || !items) {
		st = berth_fail(BERTH_INTERNAL, "out of memory");
		goto out;
	}
	for (;;) {
		char *line;
		g.n = 0;
		arena_reset(a);
		while (g.n < GROUP_MAX) {
			if (!(line = reader_line(&r))) {
				if (r.len - r.pos >= LINE_MAX_BYTES) {
					st = berth_fail(BERTH_INVALID_ARGUMENT,
							"line %ld is longer "
							"than %d bytes",
							r.line + 1,
							LINE_MAX_BYTES);
					goto out;
				}
				if ((rc = reader_fill(&r, 1)) < 0) {
					st = berth_fail(BERTH_IO,
							"cannot read the file: "
							"%s",
							strerror(errno));
					goto out;
				}
				if (rc == 0 && r.eof && r.len == r.pos)
					break;
				continue;
			}
			r.line++;
			len = strlen(line);
			p->done += (off_t)len + 1;
			if (line[strspn(line, " \t\r")] == '\0')
				continue;
			item *it = &items[g.n];
			it->line = r.line;
			if (csv && !hdr.n) {
				if ((st = csv_header_read(line, a, &hdr)))
					goto bad;
				/* The header's names outlive the group. */
				if ((st = csv_header_keep(&hdr)))
					goto bad;
				continue;
			}
			st = csv ? csv_row_read(&hdr, line, a, &it->it, &it->cv)
				 : xitem_read(&jl, line, len, a, &it->it,
					      &it->cv);
			if (!st && it->it.type == BERTH_X_STORE && r.line != 1)
				st = berth_fail(BERTH_INVALID_ARGUMENT,
						"the store line comes first");
			if (st)
				goto bad;
			g.n++;
		}
		if (g.n == 0)
			break;
		if ((st = berth_run(berth_import_db(im), 1, group_txn, &g))) {
			st = line_fail(st, g.bad_line);
			goto out;
		}
		for (size_t i = 0; i < g.n; i++) {
			const berth_xitem *x = &items[i].it;
			p->count[x->type == BERTH_X_CLAIM &&
					 x->claim.kind == CLAIM_HOLD
				     ? BERTH_X_COUNT
				     : x->type]++;
		}
		p->lines = r.line;
		show_progress(p, 0);
		if (r.eof && r.pos == r.len)
			break;
	}
	p->lines = r.line;
	goto out;
bad:
	st = line_fail(st, r.line);
out:
	csv_header_free(&hdr);
	jline_free(&jl);
	arena_free(a);
	free(items);
	free(r.buf);
	return st;
}

/* --- --merge: into the store in place, in one write transaction --- */

typedef struct {
	long line;
	berth_status st;
	const char *msg;
} refusal;

typedef struct {
	berth_import *im;
	const char *text; /* the whole file */
	size_t len;
	int csv;
	progress *p;
	arena *scratch; /* one line's values, emptied after it */
	jline jl;	/* the line's JSON, its memory kept for the next */
	refusal *refused;
	size_t nrefused, cap;
} merge_ctx;

static int note_refusal(merge_ctx *m, long line, berth_status st)
{
	if (m->nrefused == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 16;
		refusal *r = realloc(m->refused, cap * sizeof *r);
		if (!r)
			return -1;
		m->refused = r;
		m->cap = cap;
	}
	m->refused[m->nrefused++] =
	    (refusal){line, st, strdup(berth_message())};
	return 0;
}

/* What another store's file gives that cannot be this store's: its
 * identity and log (refused), its ids and numbers (new ones are given,
 * so a merged thing never takes an id this store gave or will give). */
static berth_status merge_item(berth_xitem *it)
{
	switch (it->type) {
	case BERTH_X_STORE:
		if (it->store.audit)
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "an audit log cannot be merged into "
					  "another store's");
		return BERTH_OK;
	case BERTH_X_AUDIT:
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "an audit log cannot be merged into another "
				  "store's");
	case BERTH_X_RESOURCE:
		it->resource.rid = 0;
		return BERTH_OK;
	case BERTH_X_HOLIDAY:
		it->holiday.id = 0;
		return BERTH_OK;
	case BERTH_X_TIMEOFF:
		it->timeoff.id = 0;
		return BERTH_OK;
	case BERTH_X_CLAIM:
		/* Its id, links and series the merge renumbers (the
		 * library's import-merge.c); the resource is found by name. */
		it->claim.rid = 0;
		return BERTH_OK;
	default:
		return BERTH_OK;
	}
}

static void free_refusals(merge_ctx *m)
{
	for (size_t i = 0; i < m->nrefused; i++)
		free((char *)m->refused[i].msg);
	m->nrefused = 0;
}

static berth_status merge_txn(berth_txn *t, void *arg)
{
	merge_ctx *m = arg;
	csv_header hdr = {0};
	const char *p = m->text, *end = m->text + m->len;
	berth_status st = BERTH_OK;
	long line = 0;

	free_refusals(m);
	berth_import_restart(m->im);
	memset(m->p->count, 0, sizeof m->p->count);
	while (p < end && !st) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *copy;
		berth_xitem it;
		berth_xcivil cv;
		berth_status ls;
		line++;
		arena_reset(m->scratch);
		if (!(copy = arena_alloc(m->scratch, n + 1)))
			return berth_fail(BERTH_INTERNAL, "out of memory");
		memcpy(copy, p, n);
		copy[n] = '\0';
		p += n + (nl != NULL);
		if (copy[strspn(copy, " \t\r")] == '\0')
			continue;
		if (m->csv && !hdr.n) {
			if ((ls = csv_header_read(copy, m->scratch, &hdr)) ||
			    (ls = csv_header_keep(&hdr))) {
				csv_header_free(&hdr);
				return line_fail(ls, line);
			}
			continue;
		}
		ls = m->csv ? csv_row_read(&hdr, copy, m->scratch, &it, &cv)
			    : xitem_read(&m->jl, copy, n, m->scratch, &it,
					 &cv);
		if (!ls)
			ls = merge_item(&it);
		if (!ls && it.type != BERTH_X_STORE && it.type != BERTH_X_RESID)
			ls = berth_import_put(t, m->im, &it, &cv);
		if (ls == BERTH_INTERNAL || ls >= BERTH_STORE_LOCKED)
			st = ls; /* the store failed: no verdict on lines */
		else if (ls && note_refusal(m, line, ls))
			st = berth_fail(BERTH_INTERNAL, "out of memory");
		else if (!ls)
			m->p->count[it.type == BERTH_X_CLAIM &&
					    it.claim.kind == CLAIM_HOLD
					? BERTH_X_COUNT
					: it.type]++;
	}
	csv_header_free(&hdr);
	m->p->lines = line;
	if (st)
		return st;
	if (m->nrefused)
		return m->refused[0].st;
	return berth_import_check(t, NULL);
}

static berth_status read_all(int fd, char **out, size_t *len)
{
	reader r = {.fd = fd};
	int rc;

	while ((rc = reader_fill(&r, 1)) > 0)
		;
	if (rc < 0) {
		free(r.buf);
		return berth_fail(BERTH_IO, "cannot read the file: %s",
				  strerror(errno));
	}
	*out = r.buf;
	*len = r.len;
	return BERTH_OK;
}

static berth_status merge(int fd, int csv, progress *p)
{
	merge_ctx m = {.csv = csv, .p = p};
	berth_db *db = NULL;
	char *text = NULL;
	berth_status st;

	if ((st = read_all(fd, &text, &m.len)))
		return st;
	m.text = text ? text : "";
	if (!(m.scratch = arena_new())) {
		st = berth_fail(BERTH_INTERNAL, "out of memory");
		goto out;
	}
	if ((st = open_db(0, &db)) || (st = berth_import_into(db, &m.im)))
		goto out;
	st = berth_run(db, 1, merge_txn, &m);
	if (st && m.nrefused) {
		/* Every refused line, as book --batch answers a line; then
		 * the first as the command's refusal. */
		emitter *e = emit_open(FORMAT_JSONL, stdout, 1);
		for (size_t i = 0; i < m.nrefused && !G.quiet; i++) {
			emit_record_begin(e);
			emit_int(e, "line", m.refused[i].line);
			emit_key(e, "error");
			emit_map_begin(e);
			emit_str(e, "code", berth_status_name(m.refused[i].st));
			emit_str(e, "message", m.refused[i].msg);
			emit_end(e);
			emit_record_end(e);
		}
		out_close(e);
		st = berth_fail(m.refused[0].st,
				"line %ld: %s (%zu line%s refused; nothing was "
				"imported)",
				m.refused[0].line, m.refused[0].msg, m.nrefused,
				m.nrefused == 1 ? "" : "s");
		berth_detail_int("line", m.refused[0].line);
	}
out:
	free_refusals(&m);
	free(m.refused);
	if (m.im)
		berth_import_commit(m.im);
	berth_close(db);
	arena_free(m.scratch);
	jline_free(&m.jl);
	free(text);
	return st;
}

static void describe_summary(emitter *e, const progress *p, const char *dir,
			     double seconds)
{
	static const struct {
		const char *name;
		int i;
	} kinds[] = {
	    {"resources", BERTH_X_RESOURCE},
	    {"services", BERTH_X_SERVICE},
	    {"policies", BERTH_X_POLICY},
	    {"hours", BERTH_X_HOURS},
	    {"holidays", BERTH_X_HOLIDAY},
	    {"timeoff", BERTH_X_TIMEOFF},
	    {"holds", BERTH_X_COUNT},
	    {"bookings", BERTH_X_CLAIM},
	    {"customers", BERTH_X_CUSTOMER},
	    {"waitlist", BERTH_X_WAITLIST},
	    {"idempotency_keys", BERTH_X_IDEM},
	    {"audit_records", BERTH_X_AUDIT},
	};

	emit_record_begin(e);
	emit_str(e, "store", dir);
	emit_int(e, "lines", p->lines);
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		emit_int(e, kinds[i].name, (int64_t)p->count[kinds[i].i]);
	emit_int(e, "lines_per_second",
		 seconds > 0 ? (int64_t)(p->lines / seconds) : p->lines);
	emit_record_end(e);
}

static int run(const struct verb *v, int argc, char **argv)
{
	optval vals[O_COUNT];
	progress p = {0};
	berth_import *im = NULL;
	berth_import_summary sum;
	berth_status st;
	const char *dir, *file;
	struct stat sb;
	int nargs, done, fd = STDIN_FILENO;

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	opt_free(vals, O_COUNT);
	if (st || done)
		return st ? fail(st) : 0;
	if ((st = need_args(nargs, 1, 1)))
		return fail(st);
	file = argv[1];
	if (!*file)
		return fail(berth_fail(BERTH_INVALID_ARGUMENT,
				       "the file name is empty"));
	if (!(dir = store_dir()))
		return fail(berth_fail(BERTH_INVALID_ARGUMENT,
				       "import into which store? give --db"));
	if (strcmp(file, "-") == 0) {
		if (isatty(STDIN_FILENO))
			return fail(berth_fail(BERTH_INVALID_ARGUMENT,
					       "standard input is a terminal: "
					       "give a FILE, or pipe one in"));
	} else if ((fd = open(file, O_RDONLY | O_CLOEXEC)) < 0) {
		int rc = errno;
		if (rc != ENOENT)
			return fail(
			    berth_fail(BERTH_IO, "%s: %s", file, strerror(rc)));
		berth_fail(BERTH_NOT_FOUND, "%s: %s", file, strerror(rc));
		berth_detail_str("kind", "file");
		berth_detail_str("id", file);
		return fail(BERTH_NOT_FOUND);
	}
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
		p.size = sb.st_size;
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		st = berth_fail(BERTH_INVALID_ARGUMENT, "%s is a directory",
				file);
		goto out;
	}
	p.tty = isatty(STDERR_FILENO);
	clock_gettime(CLOCK_MONOTONIC, &p.start);
	if (vals[O_MERGE].set) {
		if ((st = merge(fd, G.format == FORMAT_CSV, &p)))
			goto out;
	} else {
		if ((st = berth_import_begin(dir, &im)))
			goto out;
		db_configure(berth_import_db(im));
		if ((st = import_lines(im, fd, G.format == FORMAT_CSV, &p)))
			goto out;
		show_progress(&p, 1);
		if ((st = berth_import_finish(im, &sum)))
			goto out;
		st = berth_import_commit(im);
		im = NULL;
	}
	if (!st) {
		double s = elapsed(&p);
		emitter *e;
		committed("the store at %s was imported from %s", dir,
			  fd == STDIN_FILENO ? "standard input" : file);
		/* The summary, for people on stderr and for scripts in the
		 * format asked for. */
		if (!G.quiet)
			fprintf(stderr,
				"berth: imported %ld lines into %s in %.1f s "
				"(%.0f lines/s)\n",
				p.lines, dir, s, s > 0 ? p.lines / s : 0.0);
		e = out_open(0);
		describe_summary(e, &p, dir, s);
		st = out_end(e, BERTH_OK);
	}
out:
	if (p.tty && st && !G.quiet)
		fputc('\n', stderr);
	berth_import_abort(im);
	if (fd != STDIN_FILENO)
		close(fd);
	return st ? fail(st) : 0;
}

const struct verb verb_import = {
    .name = "import",
    .run = run,
    .summary = "make a new store (--db) from export --all's lines, or "
	       "bookings from csv",
    .operands = "FILE",
    .opts = opts,
    .mode = VERB_WRITES,
};
