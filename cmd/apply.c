/* apply.c - berth apply FILE [--dry-run] [--prune]: make the store hold
 * the catalogue a YAML file declares (berth(5)), in one transaction. The
 * file is read and checked for its shape before the store is opened; what
 * it means against the store is judged by the library inside the
 * transaction. The answer is one record per object, then the claims the
 * file leaves outside the calendar that were not outside before it, so a
 * dry run shows what a change of hours would strand. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/catalogue.h"
#include "common-columns.h"
#include "common-outside.h"
#include "common.h"
#include "verbs.h"

enum { O_DRY, O_PRUNE, O_COUNT };
static const struct opt opts[] = {
    {"dry-run", OPT_FLAG, NULL, "show what would change, write nothing"},
    {"prune", OPT_FLAG, NULL, "also remove what the file does not declare"},
    {NULL, 0, NULL, NULL},
};

/* A catalogue is a few pages at most; a bound keeps a mistaken file (a
 * disk image) from being read whole. */
#define FILE_MAX (16u << 20)

struct call {
	const catalogue *c;
	const char *file;
	int prune;
	cat_changes changes;
	/* The claims the file leaves outside the calendar that were not
	 * outside before it (over every resource: a file may touch any). */
	outside_change out;
};

static berth_status txn(berth_txn *t, void *arg)
{
	struct call *c = arg;
	berth_status st;

	if ((st = berth_outside_before(t, &c->out.o)) ||
	    (st = catalogue_apply(t, c->c, c->file, c->prune, &c->changes)))
		return st;
	return berth_outside_after(t, &c->out.o);
}

static void describe(emitter *e, const char *kind, const char *name,
		     const char *action, const char *code, const char *reason)
{
	emit_record_begin(e);
	emit_str(e, "kind", kind);
	emit_str(e, "name", name);
	emit_str(e, "action", action);
	emit_str(e, "code", code);
	emit_str(e, "reason", reason);
	emit_record_end(e);
}

static size_t count(const cat_changes *ch, const char *action)
{
	size_t n = 0;

	for (size_t i = 0; i < ch->n; i++)
		n += !strcmp(ch->v[i].action, action);
	return n;
}

static berth_status read_all(const char *path, char **buf, size_t *len)
{
	size_t cap = 0, n = 0;
	char *b = NULL;
	FILE *f;

	if (!*path)
		return berth_fail(
		    BERTH_INVALID_ARGUMENT,
		    "the catalogue file is an empty name (- reads "
		    "standard input)");
	f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f)
		return berth_fail(
		    errno == ENOENT ? BERTH_NOT_FOUND : BERTH_INVALID_ARGUMENT,
		    "cannot read %.200s: %s", path, strerror(errno));
	for (;;) {
		size_t got;
		if (n == cap) {
			char *nb;
			cap = cap ? cap * 2 : 8192;
			if (cap > FILE_MAX + 1)
				cap = FILE_MAX + 1;
			if (!(nb = realloc(b, cap))) {
				free(b);
				if (f != stdin)
					fclose(f);
				return berth_fail(BERTH_INTERNAL,
						  "out of memory");
			}
			b = nb;
		}
		got = fread(b + n, 1, cap - n, f);
		n += got;
		if (n > FILE_MAX || !got)
			break;
	}
	if (ferror(f) || n > FILE_MAX) {
		int big = n > FILE_MAX;
		free(b);
		if (f != stdin)
			fclose(f);
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  big ? "%.200s: larger than a catalogue can be"
				      : "cannot read %.200s",
				  path);
	}
	if (f != stdin)
		fclose(f);
	*buf = b;
	*len = n;
	return BERTH_OK;
}

static int run(const struct verb *v, int argc, char **argv)
{
	optval vals[O_COUNT];
	struct call c = {0};
	catalogue cat;
	berth_db *db = NULL;
	arena *a = NULL;
	char *yaml = NULL;
	size_t len = 0;
	berth_status st;
	emitter *e;
	int nargs, done, dry;

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (st || done)
		goto out;
	if ((st = need_args(nargs, 1, 1)))
		goto out;
	dry = vals[O_DRY].set;
	c.prune = vals[O_PRUNE].set;
	c.file = strcmp(argv[1], "-") ? argv[1] : "(stdin)";
	c.c = &cat;
	if ((st = read_all(argv[1], &yaml, &len)))
		goto out;
	if (!(a = arena_new())) {
		st = berth_fail(BERTH_INTERNAL, "out of memory");
		goto out;
	}
	if ((st = catalogue_read(yaml, len, c.file, a, &cat)))
		goto out;
	/* A dry run must leave no store behind where there was none. */
	if ((st = open_db(!dry, &db)))
		goto out;
	e = out_open(1);
	st = dry ? berth_run_dry(db, txn, &c) : berth_run(db, 1, txn, &c);
	/* The change stands (SPEC invariant 6: a booking is never dropped):
	 * a person is told on stderr, even with -q, as the calendar verbs
	 * tell it. */
	if (!st && !dry)
		outside_warn(&c.out);
	if (!st && dry)
		fprintf(stderr,
			"berth: dry run, nothing was written; the file would "
			"leave %zu claim%s outside the calendar\n",
			c.out.o.n, c.out.o.n == 1 ? "" : "s");
	if (!st && !dry)
		committed("%s was applied: %zu created, %zu changed, %zu "
			  "removed, %zu unchanged",
			  c.file, count(&c.changes, "created"),
			  count(&c.changes, "changed"),
			  count(&c.changes, "removed"),
			  count(&c.changes, "unchanged"));
	if (!st) {
		for (size_t i = 0; i < c.changes.n; i++)
			describe(e, c.changes.v[i].kind, c.changes.v[i].name,
				 c.changes.v[i].action, NULL, NULL);
		for (size_t i = 0; i < c.out.o.n; i++) {
			const berth_report_row *r = &c.out.o.rows[i];
			char id[24];
			berth_id_format(r->claim->kind, r->claim->id, id,
					sizeof id);
			describe(e,
				 r->claim->kind == CLAIM_HOLD ? "hold"
							      : "booking",
				 id, "outside", r->code, r->reason);
		}
	}
	st = out_end(e, st);
out:
	berth_close(db);
	arena_free(a);
	free(yaml);
	opt_free(vals, O_COUNT);
	return st ? fail(st) : 0;
}

const struct verb verb_apply = {
    .name = "apply",
    .run = run,
    .summary = "make the store hold a catalogue file (berth(5))",
    .operands = "FILE",
    .opts = opts,
    .mode = VERB_WRITES,
    .view = &view_changes,
};
