/* audit.c - berth audit: the log of every change, oldest first. */
#include "common-changes.h"
#include "common.h"
#include "verbs.h"
#include "common-columns.h"

enum { O_SINCE, O_ACTOR, O_ACTION, O_COUNT };
static const struct opt opts[] = {
	{"since", OPT_VALUE, "TIME", "only changes at or after"},
	{"actor", OPT_VALUE, "A", "only changes by this actor"},
	{"action", OPT_VALUE, "A", "only this action (booking.created, ...)"},
	{NULL, 0, NULL, NULL},
};

struct listing {
	const berth_audit_req *req;
	emitter *e;
	const char *zone;
};

static void snapshot(emitter *e, const char *key, const berth_audit *a,
		     int after)
{
	const berth_claim *c = after ? a->after_claim : a->before_claim;
	const berth_resource *r = after ? a->after_res : a->before_res;
	const berth_policy *p = after ? a->after_policy : a->before_policy;

	emit_key(e, key);
	if (c) {
		emit_map_begin(e);
		describe_claim_fields(e, c);
		emit_end(e);
	} else if (r) {
		emit_map_begin(e);
		describe_resource_fields(e, r);
		emit_end(e);
	} else if (p) {
		emit_map_begin(e);
		emit_str(e, "key", p->key);
		emit_str(e, "scope", p->scope);
		emit_int(e, "value", p->value);
		emit_end(e);
	} else if (after ? a->after_hours : a->before_hours) {
		const berth_hours *h = after ? a->after_hours : a->before_hours;
		char hours[160];
		emit_map_begin(e);
		emit_str(e, "resource", h->resource);
		for (int i = 0; i < h->ndays; i++) {
			berth_day_format(&h->day[i], hours, sizeof hours);
			emit_str(e, h->ndays == 1 ? "hours"
						  : berth_weekday_name(i),
				 hours);
		}
		emit_end(e);
	} else if (after ? a->after_holiday : a->before_holiday) {
		const berth_holiday *h =
		    after ? a->after_holiday : a->before_holiday;
		char from[16], to[16];
		berth_date_format(h->from, from, sizeof from);
		berth_date_format(h->to, to, sizeof to);
		emit_map_begin(e);
		emit_str(e, "from", from);
		emit_str(e, "to", to);
		emit_str(e, "name", h->name);
		emit_key(e, "recurring");
		emit_boolean(e, h->recurring);
		emit_key(e, "resources");
		emit_list_begin(e);
		for (uint32_t i = 0; i < h->nres; i++)
			emit_string(e, h->resources[i]);
		emit_end(e);
		emit_end(e);
	} else if (after ? a->after_timeoff : a->before_timeoff) {
		const berth_timeoff *o =
		    after ? a->after_timeoff : a->before_timeoff;
		emit_map_begin(e);
		emit_str(e, "resource", o->resource);
		emit_time(e, "from", o->from, NULL);
		emit_time(e, "to", o->to, NULL);
		emit_str(e, "reason", o->reason);
		emit_end(e);
	} else if (after ? a->after_service : a->before_service) {
		emit_map_begin(e);
		describe_service_fields(
		    e, after ? a->after_service : a->before_service);
		emit_end(e);
	} else {
		emit_null(e);
	}
}

static int each(const berth_audit *a, void *arg)
{
	struct listing *l = arg;
	emitter *e = l->e;
	char changes[512];

	emit_record_begin(e);
	emit_int(e, "seq", (int64_t)a->seq);
	emit_time(e, "at", a->at, l->zone);
	emit_str(e, "actor", a->actor);
	emit_str(e, "role", berth_role_name(a->role));
	emit_str(e, "source", a->source);
	emit_str(e, "action", a->action);
	emit_str(e, "entity", a->entity);
	snapshot(e, "before", a, 0);
	snapshot(e, "after", a, 1);
	emit_str(e, "changes", audit_changes(a, changes, sizeof changes));
	emit_str(e, "reason", a->reason);
	emit_key(e, "hash");
	emit_null(e);
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

const struct verb verb_audit = {
	.name = "audit",
	.run = run,
	.summary = "list the audit log, or one entity's history",
	.operands = "[ID]",
	.opts = opts,
	.mode = VERB_READS,
	.view = &view_audit,
};
