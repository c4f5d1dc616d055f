/* audit.c - berth audit: the log of every change, oldest first. */
#include <string.h>

#include "common-changes.h"
#include "common.h"
#include "verbs.h"
#include "common-columns.h"

enum { O_SINCE, O_UNTIL, O_ACTOR, O_ACTION, O_TYPE, O_COUNT };
static const struct opt opts[] = {
	{"since", OPT_VALUE, "TIME", "only changes at or after"},
	{"until", OPT_VALUE, "TIME",
	 "only changes before (a date: up to its end)"},
	{"actor", OPT_VALUE, "A", "only changes by this actor"},
	{"action", OPT_VALUE, "A", "only this action (booking.created, ...)"},
	{"entity-type", OPT_VALUE, "TYPE",
	 "only changes to this kind: booking, hold, resource, service, "
	 "holiday, timeoff, hours, policy"},
	{NULL, 0, NULL, NULL},
};

static const char *const entity_types[] = {
    "booking", "hold",	"resource", "service",
    "holiday", "timeoff", "hours",	"policy", NULL};

struct listing {
	const berth_audit_req *req;
	emitter *e;
	const char *zone;
};

static int each(const berth_audit *a, void *arg)
{
	struct listing *l = arg;
	emitter *e = l->e;
	char changes[512], hex[BERTH_HASH_HEX];

	emit_record_begin(e);
	emit_int(e, "seq", (int64_t)a->seq);
	emit_time(e, "at", a->at, l->zone);
	emit_str(e, "actor", a->actor);
	emit_str(e, "role", berth_role_name(a->role));
	emit_str(e, "source", a->source);
	emit_key(e, "source_detail");
	emit_map_begin(e);
	for (size_t i = 0; i < a->source_detail.n; i++)
		emit_str(e, a->source_detail.v[i].key,
			 a->source_detail.v[i].value);
	emit_end(e);
	emit_str(e, "action", a->action);
	emit_str(e, "entity", a->entity);
	describe_snapshot(e, "before", a, 0);
	describe_snapshot(e, "after", a, 1);
	emit_str(e, "changes", audit_changes(a, changes, sizeof changes));
	emit_str(e, "reason", a->reason);
	if (a->has_hash)
		berth_hash_format(a->hash, hex);
	emit_str(e, "hash", a->has_hash ? hex : NULL);
	emit_record_end(e);
	return 0;
}

static berth_status txn(berth_txn *t, void *arg)
{
	struct listing *l = arg;

	l->zone = berth_zone(t);
	return berth_audit_each(t, l->req, each, l);
}

static int run(const struct verb *v, int argc, char **argv)
{
	optval vals[O_COUNT];
	berth_audit_req req = {0};
	struct listing l = {&req, NULL, NULL};
	berth_db *db = NULL;
	berth_status st;
	int nargs, done;

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (st || done)
		return st ? fail(st) : 0;
	if (!(st = need_args(nargs, 0, 1)) && nargs == 1)
		req.entity = argv[1];
	req.actor = vals[O_ACTOR].value;
	req.action = vals[O_ACTION].value;
	if (!st && req.entity && !(st = parse_text("the entity", req.entity)) &&
	    !*req.entity)
		st = berth_fail(BERTH_INVALID_ARGUMENT, "the entity is empty");
	if (!st && req.actor)
		st = parse_text("--actor", req.actor);
	if (!st && req.action)
		st = parse_text("--action", req.action);
	if (!st)
		st = parse_time_opt("--since", &vals[O_SINCE], &req.since,
				    &req.has_since);
	if (!st)
		st = parse_time_opt("--until", &vals[O_UNTIL], &req.until,
				    &req.has_until);
	if (!st && (req.entity_type = vals[O_TYPE].value)) {
		size_t i = 0;
		while (entity_types[i] && strcmp(entity_types[i], req.entity_type))
			i++;
		if (!entity_types[i])
			st = berth_detail_option(
			    berth_fail(BERTH_INVALID_ARGUMENT,
				       "--entity-type: '%.40s' is not one of "
				       "booking, hold, resource, service, "
				       "holiday, timeoff, hours, policy",
				       req.entity_type),
			    "--entity-type", req.entity_type);
	}
	if (!st && !(st = open_db(0, &db))) {
		l.e = out_open(1);
		if (emit_template(l.e)) {
			berth_audit none = {.action = "", .entity = ""};
			l.zone = "UTC";
			each(&none, &l);
		}
		st = out_end(l.e, berth_run(db, 0, txn, &l));
	}
	berth_close(db);
	return st ? fail(st) : 0;
}

/* --- audit head, audit verify --- */

enum { V_FROM, V_ANCHOR, V_COUNT };
static const struct opt verify_opts[] = {
	{"from", OPT_VALUE, "SEQ", "start at this record (default 1)"},
	{"anchor", OPT_VALUE, "SEQ:HASH",
	 "a head written down before: its record must still have its hash"},
	{NULL, 0, NULL, NULL},
};
static const struct opt head_opts[] = {
	{NULL, 0, NULL, NULL},
};

static void describe_point(emitter *e, const berth_chain_point *p)
{
	char anchor[96], hex[BERTH_HASH_HEX];

	berth_hash_format(p->hash, hex);
	berth_chain_point_format(p, anchor, sizeof anchor);
	emit_int(e, "seq", (int64_t)p->seq);
	emit_str(e, "hash", hex);
	emit_str(e, "anchor", anchor);
}

static berth_status head_txn(berth_txn *t, void *arg)
{
	return berth_audit_head(t, arg);
}

static berth_status verify_txn(berth_txn *t, void *arg)
{
	return berth_audit_verify(t, arg);
}

/* audit head, and audit verify (which reaches a head too): one record. */
static int sub(const struct verb *v, int argc, char **argv, int verify)
{
	optval vals[V_COUNT] = {0};
	berth_audit_verify_req req = {0};
	berth_chain_point head;
	berth_db *db = NULL;
	berth_status st;
	int nargs, done;
	emitter *e;

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (st || done)
		return st ? fail(st) : 0;
	if ((st = need_args(nargs, 0, 0)))
		return fail(st);
	if (verify && vals[V_FROM].value) {
		int64_t from;
		if ((st = parse_int("--from", vals[V_FROM].value, 1, INT64_MAX,
				    &from)))
			return fail(st);
		req.from = (uint64_t)from;
	}
	if (verify && vals[V_ANCHOR].value &&
	    (st = berth_chain_point_parse(vals[V_ANCHOR].value, &req.anchor)))
		return fail(berth_detail_option(st, "--anchor",
						vals[V_ANCHOR].value));
	req.has_anchor = verify && vals[V_ANCHOR].value != NULL;
	if (!(st = open_db(0, &db)) &&
	    !(st = verify ? berth_run(db, 0, verify_txn, &req)
			  : berth_run(db, 0, head_txn, &head))) {
		e = out_open(0);
		emit_record_begin(e);
		if (verify) {
			emit_int(e, "from", (int64_t)(req.from ? req.from : 1));
			emit_int(e, "checked", (int64_t)req.checked);
		}
		describe_point(e, verify ? &req.head : &head);
		emit_record_end(e);
		st = out_end(e, BERTH_OK);
	}
	berth_close(db);
	return st ? fail(st) : 0;
}

SUB_VERB(run_head, 0)
SUB_VERB(run_verify, 1)

static const struct verb subs[] = {
	{"verify", run_verify,
	 "check that the log is whole: each record follows from the one "
	 "before",
	 NULL, verify_opts, VERB_READS, NULL, &view_audit_verify, NULL, 0},
	{"head", run_head, "print the last record's seq and hash, to keep",
	 NULL, head_opts, VERB_READS, NULL, &view_audit_head, NULL, 0},
	{NULL, NULL, NULL, NULL, NULL, VERB_UNSAID, NULL, NULL, NULL, 0},
};

const struct verb verb_audit = {
	.name = "audit",
	.run = run,
	.summary = "list the audit log, or one entity's history",
	.operands = "[ID]",
	.opts = opts,
	.mode = VERB_READS,
	.subs = subs,
	.view = &view_audit,
};
