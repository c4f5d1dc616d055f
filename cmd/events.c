/* events.c - berth events: the outbox, oldest first, as jsonl unless
 * --format says otherwise; --follow keeps printing what commits, a line
 * flushed at a time, until interrupted. events retry makes what a notifier
 * gave up due again; events prune removes what every notifier delivered. */
#include <signal.h>
#include <string.h>

#include "common-changes.h"
#include "common-columns.h"
#include "common-events.h"
#include "common.h"
#include "verbs.h"

void describe_event(emitter *e, const berth_event *ev, const char *zone,
		    const char *notifier)
{
	emit_record_begin(e);
	emit_int(e, "seq", (int64_t)ev->seq);
	emit_str(e, "type", ev->type);
	emit_time(e, "at", ev->at, zone);
	emit_str(e, "entity", ev->entity);
	emit_str(e, "action", ev->audit.action);
	emit_int(e, "audit_seq", (int64_t)ev->audit.seq);
	emit_str(e, "actor", ev->audit.actor);
	describe_snapshot(e, "state", &ev->audit, 1);
	if (notifier && ev->has_delivery) {
		const berth_delivery *d = &ev->delivery;
		emit_str(e, "notifier", notifier);
		emit_int(e, "attempts", d->attempts);
		if (d->last_at == BTIME_NEVER) {
			emit_key(e, "last_at");
			emit_null(e);
		} else {
			emit_time(e, "last_at", d->last_at, zone);
		}
		emit_int(e, "last_exit", d->last_exit);
		emit_str(e, "last_error", d->last_error);
	}
	emit_record_end(e);
}

berth_status parse_event_types(const optval *o)
{
	for (size_t i = 0; i < o->n; i++) {
		berth_status st = parse_text("--type", o->values[i]);
		if (!st && (!*o->values[i] || !strchr(o->values[i], '.')))
			st = berth_detail_option(
			    berth_fail(BERTH_INVALID_ARGUMENT,
				       "--type: '%.40s' is not ENTITY.VERB "
				       "(booking.created, booking.*)",
				       o->values[i]),
			    "--type", o->values[i]);
		if (st)
			return st;
	}
	return BERTH_OK;
}

berth_status parse_notifier(const optval *o, const char **out)
{
	berth_status st;

	*out = o->value ? o->value : "default";
	if ((st = parse_text("--name", *out)))
		return st;
	if (!**out || strlen(*out) > 64)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "--name: a notifier's name is 1 to 64 "
			       "characters"),
		    "--name", *out);
	return BERTH_OK;
}

enum { O_AFTER, O_TYPE, O_FOLLOW, O_DEAD, O_NAME, O_COUNT };
static const struct opt opts[] = {
	{"after", OPT_VALUE, "SEQ", "only events after this one"},
	{"type", OPT_REPEAT, "TYPE",
	 "only events of this type (booking.created, booking.*); repeatable"},
	{"follow", OPT_FLAG, NULL,
	 "keep printing events as they commit, until interrupted"},
	{"dead", OPT_FLAG, NULL,
	 "only events the notifier gave up on, with their last attempt"},
	{"name", OPT_VALUE, "NAME", "the notifier --dead is about (default)"},
	{NULL, 0, NULL, NULL},
};

struct listing {
	berth_events_req req;
	emitter *e;
	const char *zone;
	uint64_t last;
	int follow;
};

static int each(const berth_event *ev, void *arg)
{
	struct listing *l = arg;

	describe_event(l->e, ev, l->zone, l->req.dead);
	l->last = ev->seq;
	return 0;
}

static berth_status txn(berth_txn *t, void *arg)
{
	struct listing *l = arg;
	uint64_t last = l->last;
	berth_status st;

	l->zone = berth_zone(t);
	l->req.after = l->last;
	if ((st = berth_events_each(t, &l->req, each, l)))
		l->last = last; /* nothing of a failed read counts */
	return st;
}

static volatile sig_atomic_t stopping;
static void on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

/* Until a signal: each time the store may have changed, what is new. A
 * modest poll covers a file system where inotify says nothing. */
static berth_status follow(berth_db *db, struct listing *l)
{
	struct sigaction sa = {.sa_handler = on_stop};
	berth_watch *w = berth_watch_open(db);
	berth_status st = BERTH_OK;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (!stopping) {
		if (berth_watch_wait(w, 2000) < 0)
			continue;
		if ((st = berth_run(db, 0, txn, l)))
			break;
		if (ferror(stdout)) {
			st = output_failed();
			break;
		}
	}
	berth_watch_close(w);
	return st;
}

static int run_with(const struct verb *v, int argc, char **argv,
		    optval *vals)
{
	struct listing l = {0};
	berth_db *db = NULL;
	berth_status st;
	int nargs, done;

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (st || done)
		return st ? fail(st) : 0;
	if (!(st = need_args(nargs, 0, 0)) && vals[O_AFTER].value) {
		int64_t after;
		if (!(st = parse_int("--after", vals[O_AFTER].value, 0,
				     INT64_MAX, &after)))
			l.last = (uint64_t)after;
	}
	if (!st)
		st = parse_event_types(&vals[O_TYPE]);
	if (!st && vals[O_DEAD].set)
		st = parse_notifier(&vals[O_NAME], &l.req.dead);
	else if (!st && vals[O_NAME].value)
		st = berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "--name is for --dead (and notify)"),
		    "--name", vals[O_NAME].value);
	if (!st && vals[O_FOLLOW].set && vals[O_DEAD].set)
		st = berth_fail(BERTH_INVALID_ARGUMENT,
				"--follow and --dead do not go together");
	l.req.types = vals[O_TYPE].values;
	l.req.ntypes = vals[O_TYPE].n;
	if (!st && !(st = open_db(0, &db))) {
		/* jsonl unless asked otherwise: a follower's goes out a
		 * line at a time. */
		out_default(FORMAT_JSONL);
		l.e = out_open(1);
		if (!vals[O_FOLLOW].set && emit_template(l.e)) {
			berth_event none = {.type = "", .entity = "",
					    .has_delivery = 1};
			none.delivery.last_at = BTIME_NEVER;
			each(&none, &l);
		}
		st = berth_run(db, 0, txn, &l);
		if (!st && vals[O_FOLLOW].set)
			st = follow(db, &l);
		st = out_end(l.e, st);
	}
	berth_close(db);
	return st ? fail(st) : 0;
}

static const struct view *view_of(const optval *vals)
{
	return vals[O_DEAD].set ? &view_event_dead : &view_event;
}

/* --- events retry, events prune --- */

enum { R_DEAD, R_NAME, R_COUNT };
static const struct opt retry_opts[] = {
	{"dead", OPT_FLAG, NULL, "every event the notifier gave up on"},
	{"name", OPT_VALUE, "NAME", "the notifier (default)"},
	{NULL, 0, NULL, NULL},
};
enum { P_BEFORE, P_DELIVERED, P_COUNT };
static const struct opt prune_opts[] = {
	{"before", OPT_VALUE, "TIME", "remove events from before this time"},
	{"delivered", OPT_FLAG, NULL,
	 "only those every notifier delivered (always so; say it to be "
	 "plain)"},
	{NULL, 0, NULL, NULL},
};

struct change {
	int prune;
	const char *name;
	uint64_t seq;
	civil_time before;
	uint64_t count;
};

static berth_status change_txn(berth_txn *t, void *arg)
{
	struct change *c = arg;

	if (!c->prune)
		return berth_events_retry(t, c->name, c->seq, &c->count);
	return berth_events_prune(t, &c->before, &c->count);
}

static int sub(const struct verb *v, int argc, char **argv, int prune)
{
	optval vals[(int)R_COUNT + (int)P_COUNT] = {0}; /* either's */
	struct change c = {.prune = prune};
	berth_db *db = NULL;
	berth_status st;
	int nargs, done;

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (st || done)
		return st ? fail(st) : 0;
	if (prune) {
		int has;
		if (!(st = need_args(nargs, 0, 0)) &&
		    !(st = parse_time_opt("--before", &vals[P_BEFORE], &c.before,
					  &has)) &&
		    !has)
			st = berth_fail(BERTH_INVALID_ARGUMENT,
					"events prune needs --before TIME");
	} else if (!(st = need_args(nargs, 0, 1)) &&
		   !(st = parse_notifier(&vals[R_NAME], &c.name))) {
		if (nargs == 1 && vals[R_DEAD].set)
			st = berth_fail(BERTH_INVALID_ARGUMENT,
					"give a SEQ or --dead, not both");
		else if (nargs == 0 && !vals[R_DEAD].set)
			st = berth_fail(BERTH_INVALID_ARGUMENT,
					"events retry needs a SEQ or --dead");
		else if (nargs == 1) {
			int64_t seq;
			if (!(st = parse_int("the event", argv[1], 1, INT64_MAX,
					     &seq)))
				c.seq = (uint64_t)seq;
		}
	}
	if (!st && !(st = open_db(0, &db)) &&
	    !(st = berth_run(db, 1, change_txn, &c))) {
		emitter *e = out_open(0);
		emit_record_begin(e);
		if (!prune)
			emit_str(e, "notifier", c.name);
		emit_int(e, prune ? "pruned" : "retried", (int64_t)c.count);
		emit_record_end(e);
		st = out_close(e);
	}
	berth_close(db);
	return st ? fail(st) : 0;
}

SUB_VERB(run_retry, 0)
SUB_VERB(run_prune, 1)

/* Every way out of run_with frees what opt_parse gathered. */
static int run(const struct verb *v, int argc, char **argv)
{
	optval vals[O_COUNT];
	int rc = run_with(v, argc, argv, vals);

	opt_free(vals, O_COUNT);
	return rc;
}

static const struct verb subs[] = {
	{"retry", run_retry,
	 "make an event a notifier gave up on due again, or every one", "[SEQ]",
	 retry_opts, VERB_WRITES, NULL, &view_events_done, NULL, 0},
	{"prune", run_prune,
	 "remove the events every notifier delivered, from before a time",
	 NULL, prune_opts, VERB_WRITES, NULL, &view_events_done, NULL, 0},
	{NULL, NULL, NULL, NULL, NULL, VERB_UNSAID, NULL, NULL, NULL, 0},
};

const struct verb verb_events = {
	.name = "events",
	.run = run,
	.summary = "print the outbox of events as jsonl, or follow it",
	.opts = opts,
	.mode = VERB_READS,
	.subs = subs,
	.view = &view_event,
	.view_of = view_of,
};
