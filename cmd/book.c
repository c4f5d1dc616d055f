/* book.c - berth book: claim directly, atomically checked; and --batch, one
 * request a line, each its own all-or-nothing decision. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common-batch.h"
#include "common-lines.h"
#include "common-claim.h"
#include "verbs.h"
#include "common-columns.h"

enum { O_PENDING = CO_COUNT, O_BATCH, O_COUNT };
static const struct opt opts[] = {
	CLAIM_OPTS,
	{"pending", OPT_FLAG, NULL, "book as pending, confirmed later"},
	{"batch", OPT_FLAG, NULL, "read jsonl requests from stdin"},
	{NULL, 0, NULL, NULL},
};

/* --- batch --- */

/* A group is committed at once, and its result lines printed only after
 * the commit: what is printed is durable. A group ends at GROUP_MAX lines
 * or when no more input is waiting, so an interactive producer gets each
 * answer without waiting for others.
 *
 * Each claim lands at its own place in the indexes by resource and time
 * (span, profile, byres), so a group of thousands dirties nearly every
 * page of them, and the commit writes those pages whole: the fewer the
 * commits, the fewer times each page is written: 100,000 bookings on
 * 1,000 resources wrote 217 MB in groups of up to 16384 lines, 790 MB in
 * groups of 4096. A group's dirty pages stay in memory until its commit:
 * here about four a line at most.
 *
 * Groups start at GROUP_FIRST and double up to GROUP_MAX: the first
 * answers come as soon as they did with groups of 4096, and a batch that
 * fails early (a full disk) has committed and printed what it could, as
 * before; a long batch soon commits in the large groups. */
#define GROUP_FIRST 4096
#define GROUP_MAX 16384
#define LINE_MAX_BYTES 65536

/* A line with a repetition is a series: all its occurrences or none, by
 * its own transaction, for a refusal of one occurrence is undone only by
 * throwing the transaction away. Such a line ends its group: the lines
 * before it commit in theirs, and it commits alone right after. */
typedef struct {
	long line;
	int parsed; /* else st and msg say why not */
	berth_claim_req req;
	berth_repeat rep; /* unit 0: a single booking */
	berth_status st; /* a parse failure, before the transaction */
	const char *msg;
	berth_details details; /* the failure's, as fail() would print them */
	berth_claim *out;
	berth_series series; /* a series line's, until the next run */
} batch_item;

typedef struct {
	batch_item *items;
	size_t n;
} group;

static berth_status group_txn(berth_txn *t, void *arg)
{
	group *g = arg;

	for (size_t i = 0; i < g->n; i++) {
		batch_item *it = &g->items[i];
		int replayed;
		berth_status st;
		if (!it->parsed)
			continue;
		st = berth_book(t, &it->req, &it->out, &replayed);
		if (st == BERTH_INTERNAL || st >= BERTH_STORE_LOCKED)
			return st; /* the store failed: the whole group */
		it->st = st;
		it->msg = st ? arena_strdup(berth_arena(t), berth_message())
			     : NULL;
		if (st)
			it->details = berth_details_copy(berth_arena(t));
		if (st)
			it->out = NULL;
	}
	return BERTH_OK;
}

static berth_status series_txn(berth_txn *t, void *arg)
{
	batch_item *it = arg;

	return berth_series_claim(t, CLAIM_BOOKING, &it->req, &it->rep,
				  &it->series);
}

static void emit_line_error(emitter *e, long line, berth_status st,
			    const char *msg, const berth_details *details)
{
	emit_record_begin(e);
	emit_int(e, "line", line);
	emit_key(e, "error");
	emit_map_begin(e);
	emit_str(e, "code", berth_status_name(st));
	emit_str(e, "message", msg);
	emit_key(e, "details");
	emit_details(e, details);
	emit_end(e);
	emit_record_end(e);
}

/* A line's answer: its booking, a series' occurrences (each a line,
 * and each one skipped a line as a refused line is), or its refusal. */
static void answer(emitter *e, const batch_item *it, berth_status *first)
{
	char sid[24];

	if (it->st) {
		if (!*first)
			*first = it->st;
		if (!G.quiet)
			emit_line_error(e, it->line, it->st, it->msg,
					&it->details);
		return;
	}
	if (G.quiet)
		return;
	if (!it->rep.unit) {
		/* The line, as errors carry it, so a script pairs each
		 * answer with its request. */
		emit_record_begin(e);
		emit_int(e, "line", it->line);
		describe_claim_fields(e, it->out);
		emit_record_end(e);
		return;
	}
	for (size_t i = 0; i < it->series.n; i++) {
		emit_record_begin(e);
		emit_int(e, "line", it->line);
		describe_claim_fields(e, it->series.claims[i]);
		emit_record_end(e);
	}
	berth_series_format(it->series.id, sid, sizeof sid);
	for (size_t i = 0; i < it->series.nskips; i++) {
		emit_record_begin(e);
		emit_int(e, "line", it->line);
		emit_str(e, "series", sid);
		describe_series_skip(e, &it->series.skips[i]);
		emit_record_end(e);
	}
}

static int batch(void)
{
	reader r = {.fd = 0};
	arena *a = arena_new();
	batch_item *items = calloc(GROUP_MAX, sizeof *items);
	berth_status st = BERTH_OK, first = BERTH_OK;
	berth_db *db = NULL;
	emitter *e = NULL;
	long booked = 0, refused = 0;
	size_t group_max = GROUP_FIRST;
	int rc;

	if (!a || !items) {
		st = berth_fail(BERTH_INTERNAL, "out of memory");
		goto out;
	}
	if ((st = open_db(0, &db)))
		goto out;
	/* Results are jsonl whatever --format says: a line is a booking or
	 * an error, and only jsonl holds both. A group's lines are printed
	 * together after its commit, so they are written together: a large
	 * buffer, flushed once a group. */
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	e = emit_open(FORMAT_JSONL, stdout, 1);
	emit_hold(e, 1);
	for (;;) {
		group g = {items, 0};
		batch_item *series;
		char *line;

		arena_reset(a);
		/* Gather a group: block for its first line only. */
		while (g.n < group_max) {
			line = reader_line(&r);
			if (!line) {
				if (r.len - r.pos >= LINE_MAX_BYTES) {
					st = berth_fail(BERTH_INVALID_ARGUMENT,
							"line %ld is longer than "
							"%d bytes",
							r.line + 1, LINE_MAX_BYTES);
					goto out;
				}
				rc = reader_fill(&r, g.n == 0);
				if (rc < 0) {
					st = berth_fail(BERTH_IO,
							"cannot read stdin: %s",
							strerror(errno));
					goto out;
				}
				if (rc == 0 && r.eof && r.len > r.pos)
					continue; /* a last line without \n */
				if (rc == 0 && (g.n > 0 || r.eof))
					break;
				continue;
			}
			r.line++;
			if (line[strspn(line, " \t\r")] != '\0') {
				batch_item *it = &g.items[g.n++];
				memset(it, 0, sizeof *it);
				it->line = r.line;
				it->st = batch_parse_line(line, a, &it->req,
							  &it->rep);
				it->parsed = it->st == BERTH_OK;
				if (it->st) {
					it->msg = arena_strdup(a, berth_message());
					it->details = berth_details_copy(a);
				}
				if (it->parsed && it->rep.unit)
					break; /* a series ends its group */
			}
		}
		if (g.n == 0)
			break;
		series = g.items[g.n - 1].parsed && g.items[g.n - 1].rep.unit
				 ? &g.items[g.n - 1]
				 : NULL;
		/* The group's single lines, then its series line alone. */
		g.n -= series != NULL;
		if (g.n && (st = berth_run(db, 1, group_txn, &g)))
			goto out;
		if (group_max < GROUP_MAX)
			group_max *= 2;
		for (size_t i = 0; i < g.n; i++)
			g.items[i].st ? refused++ : booked++;
		/* Refusals alone change nothing: losing their answers is an
		 * IO_ERROR that a retry repeats harmlessly. */
		if (booked)
			committed("the batch committed lines 1 to %ld (%ld "
				  "booked, %ld refused)",
				  series ? series->line - 1 : r.line, booked,
				  refused);
		for (size_t i = 0; i < g.n; i++)
			answer(e, &g.items[i], &first);
		/* Printed before the series runs: its run empties the
		 * arena the group's answers are in. */
		if (emit_flush(e) || ferror(stdout)) {
			st = output_failed();
			goto out;
		}
		if (series) {
			st = berth_run(db, 1, series_txn, series);
			if (st == BERTH_INTERNAL || st >= BERTH_STORE_LOCKED)
				goto out;
			series->st = st;
			if (st) {
				series->msg = arena_strdup(a, berth_message());
				series->details = berth_details_copy(a);
				st = BERTH_OK;
			}
			series->st ? refused++ : booked++;
			if (booked)
				committed("the batch committed lines 1 to %ld "
					  "(%ld booked, %ld refused)",
					  series->line, booked, refused);
			answer(e, series, &first);
			if (emit_flush(e) || ferror(stdout)) {
				st = output_failed();
				goto out;
			}
		}
		if (r.eof && r.pos == r.len)
			break;
	}
out:
	if (e && out_close(e) && !st)
		st = berth_last();
	berth_close(db);
	arena_free(a);
	free(items);
	free(r.buf);
	if (st)
		return fail(st);
	return first ? berth_status_exit(first) : 0;
}

static int run(const struct verb *v, int argc, char **argv)
{
	optval vals[O_COUNT];
	berth_claim_req req = {0};
	berth_repeat rep = {0};
	berth_status st;
	int nargs, done, rc;

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (!st && !done && vals[O_BATCH].set) {
		for (int i = 0; i < CO_COUNT + 1; i++)
			if (vals[i].set)
				st = berth_fail(BERTH_INVALID_ARGUMENT,
						"--batch takes its options from "
						"each line");
		if (!st && !(st = need_args(nargs, 0, 0))) {
			opt_free(vals, O_COUNT);
			return batch();
		}
	}
	if (!st && !done && !(st = need_args(nargs, 1, 2)) &&
	    !(st = claim_req_parse(argv + 1, nargs, vals, &req)) &&
	    !(st = claim_repeat_parse(vals, &rep)))
		req.pending = vals[O_PENDING].set;
	rc = st ? fail(st) : done ? 0 : claim_run(1, &req, &rep);
	free(req.seats);
	free(req.attrs.v);
	opt_free(vals, O_COUNT);
	return rc;
}

const struct verb verb_book = {
	.name = "book",
	.run = run,
	.summary = "claim capacity or seats directly, atomically checked",
	.operands = "[RESOURCE] START | --batch",
	.opts = opts,
	.mode = VERB_WRITES,
	.view = &view_claim,
};
