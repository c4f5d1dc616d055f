/* check.c - berth check: verify the invariants over the whole store; with
 * --repair, rebuild every index from the records after a backup. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "verbs.h"
#include "common-columns.h"

enum { O_REPAIR, O_REPORT, O_PING, O_COUNT };
static const struct opt opts[] = {
    {"repair", OPT_FLAG, NULL,
     "rebuild every index from the records, after a backup"},
    {"report", OPT_FLAG, NULL,
     "list the claims the calendar no longer fits (not problems)"},
    {"ping", OPT_FLAG, NULL,
     "only say whether the store is reachable and writable (exit 0)"},
    {NULL, 0, NULL, NULL},
};

struct report {
	emitter *e;
	int damaged;	/* a problem that is damage (10), not overbooking */
	int mendable;	/* one --repair rebuilds */
	int unmendable; /* damage in a record: only a backup mends it */
};

/* Damage to records or indexes is the store's (10); claims that no longer
 * fit, after a capacity was lowered say, are a conflict with what the
 * store holds (4): the bookings are all there, and reported. */
static int each(const berth_problem *p, void *arg)
{
	struct report *r = arg;

	r->damaged |= !p->overbooked;
	r->mendable |= p->repairable;
	r->unmendable |= !p->overbooked && !p->repairable;
	emit_record_begin(r->e);
	emit_str(r->e, "table", p->table);
	emit_str(r->e, "key", p->key);
	emit_str(r->e, "problem", p->message);
	emit_record_end(r->e);
	return 0;
}

struct run {
	struct report r;
	uint64_t problems;
};

static berth_status check_txn(berth_txn *t, void *arg)
{
	struct run *c = arg;

	c->problems = 0;
	c->r.damaged = c->r.mendable = c->r.unmendable = 0;
	return berth_check(t, each, &c->r, &c->problems);
}

/* Claims that do not fit are what the store holds, not damage: no rebuild
 * mends them, and the message says what does. */
static berth_status verdict(const struct run *c)
{
	if (!c->problems)
		return BERTH_OK;
	return berth_fail(c->r.damaged ? BERTH_STORE_CORRUPT : BERTH_OVERBOOKED,
			  "%llu problem%s found%s",
			  (unsigned long long)c->problems,
			  c->problems == 1 ? "" : "s",
			  c->r.damaged ? ""
				       : ": claims that do not fit their "
					 "resource; --repair cannot mend that "
					 "(cancel or move them, or make the "
					 "resource larger)");
}

static int check(berth_db *db)
{
	struct run c = {{NULL, 0, 0, 0}, 0};
	berth_status st;

	c.r.e = out_open(1);
	if (emit_template(c.r.e)) {
		berth_problem none = {"", "", "", 0, 0};
		each(&none, &c.r);
	}
	st = out_end(c.r.e, berth_run(db, 0, check_txn, &c));
	return st ? fail(st) : verdict(&c) ? fail(berth_last()) : 0;
}

static int report_row(const berth_report_row *row, void *arg)
{
	describe_report(arg, row);
	return ferror(stdout) != 0; /* out_end says so */
}

static berth_status report_txn(berth_txn *t, void *arg)
{
	return berth_check_report(t, report_row, arg);
}

/* --report: the check runs as ever, its problems counted (the verdict and
 * exit status are check's), and what is printed is the claims that no
 * longer fit the calendar: a schedule change leaves them where they are,
 * so they are no problem, but a person may want to move them. */
static int report(berth_db *db)
{
	struct run c = {{NULL, 0, 0, 0}, 0};
	berth_report_row none = {&(berth_claim){.resource = "", .zone = "UTC"},
				 "", ""};
	berth_status st;
	emitter *e;

	if ((st = berth_run(db, 0, check_txn, &c)))
		return fail(st);
	e = out_open(1);
	if (emit_template(e))
		report_row(&none, e);
	if ((st = out_end(e, berth_run(db, 0, report_txn, e))))
		return fail(st);
	return verdict(&c) ? fail(berth_last()) : 0;
}

static berth_status repair_txn(berth_txn *t, void *arg)
{
	return berth_repair(t, arg);
}

static int repair(berth_db *db)
{
	struct run c = {{NULL, 0, 0, 0}, 0};
	berth_repair_result res = {0};
	char backup[4096];
	uint64_t found;
	berth_status st;
	emitter *e;

	/* A look first, in a read transaction (its problems counted, not
	 * printed: what --repair prints is what it did): a damaged record
	 * is refused before any backup is written, and a sound store is
	 * left alone. The repair checks again under the write lock, since
	 * the store may have changed in between. */
	if ((st = berth_run(db, 0, check_txn, &c)))
		return fail(st);
	found = c.problems;
	if (c.r.unmendable)
		return fail(berth_run(db, 1, repair_txn, &res));
	if (c.r.mendable) {
		if ((st = berth_backup_beside(db, "repair", backup,
					      sizeof backup)))
			return fail(st);
		if ((st = berth_run(db, 1, repair_txn, &res))) {
			unlink(backup); /* nothing was repaired */
			return fail(st);
		}
		committed("the indexes were rebuilt (a backup is at %s)",
			  backup);
		/* What is left is overbooking, if anything: the bookings
		 * stay, and the exit says so. */
		c.problems = res.overbooked;
		c.r.damaged = 0;
	}
	e = out_open(0);
	emit_record_begin(e);
	emit_int(e, "problems", (int64_t)found);
	emit_int(e, "repaired", (int64_t)res.repaired);
	emit_int(e, "entries", (int64_t)res.entries);
	emit_str(e, "backup", c.r.mendable ? backup : NULL);
	emit_record_end(e);
	if ((st = out_close(e)))
		return fail(st);
	return verdict(&c) ? fail(berth_last()) : 0;
}

static berth_status ping_txn(berth_txn *t, void *arg)
{
	(void)t, (void)arg;
	return BERTH_OK; /* the store's meta was read: its format is ours */
}

/* --ping: for a monitoring script. A write transaction begun, the
 * store's format read, and nothing written (a dry run): the writer's lock
 * taken (on PostgreSQL the lock on berth_kv, which needs the right to
 * write it) proves the store writable, not merely there. */
static int ping(berth_db *db)
{
	struct timespec a, b;
	berth_status st;
	berth_stats s;
	emitter *e;

	clock_gettime(CLOCK_MONOTONIC, &a);
	if ((st = berth_run_dry(db, ping_txn, NULL)))
		return fail(st);
	clock_gettime(CLOCK_MONOTONIC, &b);
	memset(&s, 0, sizeof s);
	e = out_open(0);
	emit_record_begin(e);
	emit_str(e, "path", berth_path(db));
	emit_str(e, "store",
		 berth_names_server(berth_path(db)) ? "postgresql" : "lmdb");
	emit_key(e, "writable");
	emit_boolean(e, 1);
	emit_int(e, "ms",
		 (int64_t)((b.tv_sec - a.tv_sec) * 1000 +
			   (b.tv_nsec - a.tv_nsec) / 1000000));
	emit_record_end(e);
	return (st = out_close(e)) ? fail(st) : 0;
}

static int run(const struct verb *v, int argc, char **argv)
{
	optval vals[O_COUNT];
	berth_db *db = NULL;
	berth_status st;
	int nargs, done, rc;

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (st || done)
		return st ? fail(st) : 0;
	/* Only --repair writes (and --ping begins a write it never
	 * commits); a plain check opens the store read-only. */
	verb_writes(vals[O_REPAIR].set || vals[O_PING].set);
	if (vals[O_REPAIR].set + vals[O_REPORT].set + vals[O_PING].set > 1)
		return fail(berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "give one of --repair, --report and --ping"),
		    vals[O_PING].set ? "--ping" : "--report", NULL));
	if ((vals[O_PING].set && (st = view_use(&view_ping))) ||
	    (vals[O_REPAIR].set && (st = view_use(&view_repair))) ||
	    (vals[O_REPORT].set && (st = view_use(&view_report))) ||
	    (st = need_args(nargs, 0, 0)) || (st = open_db(0, &db)))
		return fail(st);
	if (!vals[O_REPAIR].set && !vals[O_PING].set)
		berth_diagnose(db);
	rc = vals[O_PING].set	  ? ping(db)
	     : vals[O_REPAIR].set ? repair(db)
	     : vals[O_REPORT].set ? report(db)
				  : check(db);
	berth_close(db);
	return rc;
}

/* --repair and --report answer with other fields. */
static const struct view *view_of(const optval *vals)
{
	return vals[O_PING].set	    ? &view_ping
	       : vals[O_REPAIR].set ? &view_repair
	       : vals[O_REPORT].set ? &view_report
				    : &view_problem;
}

const struct verb verb_check = {
    .name = "check",
    .run = run,
    .summary = "verify every invariant and index over the whole store",
    .opts = opts,
    .mode = VERB_BY_OPTION,
    .view_of = view_of,
};
