/* apply.c - berth apply FILE [--dry-run] [--prune]: make the store hold
 * the catalogue a YAML file declares (berth(5)), in one transaction. The
 * file is read and checked for its shape before the store is opened; what
 * it means against the store is judged by the library inside the
 * transaction. The answer is one record per object, then the claims the
 * catalogue leaves outside its calendar (check --report's list), so a
 * dry run shows what a change of hours would strand. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/catalogue.h"
#include "common-columns.h"
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

typedef struct {
	const char *kind, *name, *code, *reason;
} outside;

struct call {
	const catalogue *c;
	const char *file;
	int prune;
	cat_changes changes;
	outside *out;
	size_t nout;
	arena *ar; /* the transaction's */
	int oom;
};

/* Copied into the arena: in a dry run the claim goes with the abort. */
static int keep_outside(const berth_report_row *row, void *arg)
{
	struct call *c = arg;
	arena *a = c->ar;
	outside *v = arena_alloc(a, (c->nout + 1) * sizeof *v);
	char id[24];

	if (!v) {
		c->oom = 1;
		return 1;
	}
	if (c->nout)
		memcpy(v, c->out, c->nout * sizeof *v);
	berth_id_format(row->claim->kind, row->claim->id, id, sizeof id);
	v[c->nout].kind = row->claim->kind == CLAIM_HOLD ? "hold" : "booking";
	v[c->nout].name = arena_strdup(a, id);
	v[c->nout].code = arena_strdup(a, row->code);
	v[c->nout].reason = arena_strdup(a, row->reason);
	if (!v[c->nout].name || !v[c->nout].code || !v[c->nout].reason)
		c->oom = 1;
	c->out = v;
	c->nout++;
	return c->oom;
}

static berth_status txn(berth_txn *t, void *arg)
{
	struct call *c = arg;
	berth_status st;

	c->ar = berth_arena(t);
	c->out = NULL;
	c->nout = 0;
	c->oom = 0;
	if ((st = catalogue_apply(t, c->c, c->file, c->prune, &c->changes)) ||
	    (st = berth_check_report(t, keep_outside, c)))
		return st;
	return c->oom ? berth_fail(BERTH_INTERNAL, "out of memory") : BERTH_OK;
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

/* The change stands (SPEC invariant 6: a booking is never dropped), so a
 * person is told on stderr, even with -q, that claims lie outside the
 * calendar now; the answer lists them all. A dry run only lists them. */
#define WARN_IDS 10
static void warn_outside(const struct call *c)
{
	if (!c->nout)
		return;
	fprintf(stderr,
		"berth: warning: %zu claim%s outside %s calendar:", c->nout,
		c->nout == 1 ? " lies" : "s lie",
		c->nout == 1 ? "its resource's" : "their resources'");
	for (size_t i = 0; i < c->nout && i < WARN_IDS; i++)
		fprintf(stderr, "%s %s", i ? "," : "", c->out[i].name);
	if (c->nout > WARN_IDS)
		fprintf(stderr, " and %zu more", c->nout - WARN_IDS);
	fputs(" (see berth check --report)\n", stderr);
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
	if (!st && !dry)
		warn_outside(&c);
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
		for (size_t i = 0; i < c.nout; i++)
			describe(e, c.out[i].kind, c.out[i].name, "outside",
				 c.out[i].code, c.out[i].reason);
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
