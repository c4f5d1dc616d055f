/* calendar-timeoff.c - time off: a closed range of instants for one
 * resource (leave, training), a record by id (t1, t2, ...) and an entry in
 * its resource's index by end, which is what a claim reads. Removing one
 * leaves every claim as it is. */
#include <stdio.h>
#include <string.h>

#include "calendar.h"

void timeoff_entity(uint64_t id, char *buf, size_t size)
{
	snprintf(buf, size, "t%llu", (unsigned long long)id);
}

berth_status berth_timeoff_add(berth_txn *t, const berth_timeoff_req *req,
			       berth_timeoff **out)
{
	timeoff_by_entry ix;
	berth_resource *r;
	berth_timeoff *o;
	berth_status st;
	char entity[24];

	if ((st = role_may_change(t, ENT_TIMEOFF, "timeoff.created")))
		return st;
	if (req->reason && (st = berth_check_text("reason", req->reason)))
		return st;
	if ((st = res_by_name(t, req->resource, &r)))
		return st;
	if (!(o = arena_alloc(t->a, sizeof *o)))
		return oom();
	memset(o, 0, sizeof *o);
	o->rid = r->rid;
	o->resource = r->name;
	o->zone = r->tz;
	o->reason = req->reason;
	if ((st = clock_resolve_at(&req->from, r->tz, t->now, &o->from)) ||
	    (st = clock_resolve_until(&req->to, r->tz, t->now, &o->to)))
		return st;
	if (o->to <= o->from)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "time off must end after it starts"),
		    "to", NULL);
	if (!(o->id = next_id(t, ID_TIMEOFF)))
		return txn_status(t);
	entry_put_new(t, T_TIMEOFF, &(timeoff_entry){*o});
	timeoff_index_of(o, &ix);
	entry_put(t, T_TIMEOFF_BY, &ix);
	timeoff_entity(o->id, entity, sizeof entity);
	audit_append(t, "timeoff.created", entity, ENT_TIMEOFF, NULL, o, NULL,
		     NULL);
	*out = o;
	return txn_status(t);
}

/* The zone a time off prints in: its resource's, while there is one. */
static void zone_of(berth_txn *t, berth_timeoff *o)
{
	berth_resource *r;

	o->zone = res_by_name(t, o->resource, &r) == BERTH_OK &&
			  r->rid == o->rid
		      ? r->tz
		      : t->zone;
	berth_clear();
}

berth_status berth_timeoff_rm(berth_txn *t, const char *id,
			      berth_timeoff **out)
{
	timeoff_by_entry ix;
	timeoff_entry *e;
	berth_status st;
	char entity[24];
	uint64_t n;
	int rc;

	if ((st = role_may_change(t, ENT_TIMEOFF, "timeoff.removed")))
		return st;
	if ((st = cal_id_parse('t', "time-off", id, &n)))
		return st;
	if (!(e = arena_alloc(t->a, sizeof *e)))
		return oom();
	memset(e, 0, sizeof *e);
	e->o.id = n;
	if ((rc = entry_get(t, T_TIMEOFF, e)) < 0)
		return txn_status(t);
	if (!rc)
		return berth_detail_option(
		    berth_fail(BERTH_NOT_FOUND, "no time off %s", id), "id",
		    id);
	entry_del(t, T_TIMEOFF, e);
	timeoff_index_of(&e->o, &ix);
	entry_del(t, T_TIMEOFF_BY, &ix);
	/* The time it closed is open again, for the waitlist. */
	if (e->o.to > t->now)
		freed_window(t, e->o.rid, e->o.from > t->now ? e->o.from : t->now,
			     e->o.to);
	timeoff_entity(n, entity, sizeof entity);
	audit_append(t, "timeoff.removed", entity, ENT_TIMEOFF, &e->o, NULL,
		     NULL, NULL);
	zone_of(t, &e->o);
	*out = &e->o;
	return txn_status(t);
}

berth_status berth_timeoff_each(berth_txn *t, const char *resource,
				berth_timeoff_cb cb, void *arg)
{
	berth_resource *r = NULL;
	berth_status st;
	store_cursor *c;
	sval kv, v;

	if (resource && (st = res_by_name(t, resource, &r)))
		return st;
	c = store_cursor_open(t->st, T_TIMEOFF);
	for (int ok = store_first(c, &kv, &v); ok; ok = store_next(c, &kv, &v)) {
		timeoff_entry e;
		if (entry_read(t, T_TIMEOFF, kv, v, &e))
			break;
		if (r && e.o.rid != r->rid)
			continue;
		zone_of(t, &e.o);
		if (cb(&e.o, arg))
			break;
	}
	store_cursor_close(c);
	return txn_status(t);
}
