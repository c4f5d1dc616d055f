/* waitlist.c - waitlist entries: adding one, reading, listing and taking
 * one off, and the one path by which an entry changes (waitlist_write:
 * its record, its index entries while it waits, its audit record and so
 * its event). Offers are waitlist-offer.c's, the indexes
 * waitlist-index.c's, the expiry of entries waitlist-expire.c's. */
#include <stdio.h>
#include <string.h>

#include "calendar.h"

/* An entry with no --to waits this many days from its first. */
#define WAIT_DAYS_DEFAULT 30

static const char *const status_names[] = {
    [WAIT_WAITING] = "waiting",	    [WAIT_OFFERED] = "offered",
    [WAIT_FULFILLED] = "fulfilled", [WAIT_LAPSED] = "lapsed",
    [WAIT_EXPIRED] = "expired",	    [WAIT_REMOVED] = "removed",
};

const char *berth_waitlist_status_name(int status)
{
	if (status < 0 || status > WAIT_REMOVED)
		return "unknown";
	return status_names[status];
}

int berth_waitlist_status_parse(const char *s, int *out)
{
	for (int i = 0; i <= WAIT_REMOVED; i++)
		if (!strcmp(s, status_names[i])) {
			*out = i;
			return 0;
		}
	return -1;
}

void berth_waitlist_id_format(uint64_t id, char *buf, size_t size)
{
	snprintf(buf, size, "w%llu", (unsigned long long)id);
}

int berth_waitlist_effective(const berth_waitlist *e, btime now)
{
	if (e->status == WAIT_OFFERED && e->offer_expires <= now)
		return WAIT_LAPSED;
	return e->status;
}

berth_status waitlist_load(berth_txn *t, uint64_t id, berth_waitlist **out)
{
	waitlist_entry *e = arena_alloc(t->a, sizeof *e);
	char name[24];
	int rc;

	if (!e)
		return oom();
	e->w.id = id;
	if ((rc = entry_get(t, T_WAITLIST, e)) < 0 ||
	    (rc == 0 && store_failed(t->st)))
		return txn_status(t);
	if (!rc) {
		berth_waitlist_id_format(id, name, sizeof name);
		berth_fail(BERTH_NOT_FOUND, "no waitlist entry %s", name);
		berth_detail_str("id", name);
		return BERTH_NOT_FOUND;
	}
	*out = &e->w;
	return BERTH_OK;
}

berth_waitlist *waitlist_copy(berth_txn *t, const berth_waitlist *e)
{
	berth_waitlist *n = arena_alloc(t->a, sizeof *n);

	if (n) {
		*n = *e;
		n->version++;
		n->updated_at = t->now;
	}
	return n;
}

void waitlist_write(berth_txn *t, const berth_waitlist *before,
		    const berth_waitlist *after, const char *action)
{
	char name[24];

	if (before)
		waitlist_index(t, before, 0);
	if (before)
		entry_put(t, T_WAITLIST, &(waitlist_entry){*after});
	else
		entry_put_new(t, T_WAITLIST, &(waitlist_entry){*after});
	waitlist_index(t, after, 1);
	berth_waitlist_id_format(after->id, name, sizeof name);
	audit_append(t, action, name, ENT_WAITLIST, before, after, NULL, NULL);
}

/* --- add --- */

static berth_status check_req(const berth_waitlist_req *req)
{
	berth_status st;

	if (!req->customer)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "a waitlist entry needs --customer");
	if ((st = berth_check_text("customer", req->customer)))
		return st;
	if (!req->resource == !req->service)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "name a resource or --service, not %s",
				  req->resource ? "both" : "neither");
	if (req->location && !req->service)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "--location goes with --service");
	if (req->location && (st = berth_check_text("location", req->location)))
		return st;
	if (req->quantity < 0 || req->quantity > BERTH_CAPACITY_MAX)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "--quantity must be 1 to %d",
				  BERTH_CAPACITY_MAX);
	if (req->priority < 0 || req->priority > BERTH_PRIORITY_MAX)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "--priority must be 0 to %d",
				  BERTH_PRIORITY_MAX);
	if (req->duration < 0 || req->duration > POLICY_MAX)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "--duration is out of range");
	if (req->has_times && (req->times_start < 0 || req->times_end > 1440 ||
			       req->times_start >= req->times_end))
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "--times must run forwards within a day");
	if (req->days > 0x7f)
		return berth_fail(BERTH_INVALID_ARGUMENT, "--days is not days");
	return BERTH_OK;
}

/* The resources a service's entry waits on: those it names, at the
 * location when one is given. */
static berth_status service_rids(berth_txn *t, const berth_waitlist_req *req,
				 berth_waitlist *e, const berth_service **svc)
{
	berth_service *s;
	berth_resource *r;
	berth_status st;

	if ((st = berth_service_get(t, req->service, &s)))
		return st;
	*svc = s;
	if (!(e->rids = arena_alloc(t->a, (s->nres + 1) * sizeof *e->rids)))
		return oom();
	for (uint32_t i = 0; i < s->nres; i++) {
		if ((st = res_by_name(t, s->resources[i], &r))) {
			if (st != BERTH_NOT_FOUND)
				return st;
			berth_clear();
			continue;
		}
		if (req->location &&
		    (!r->location || strcmp(r->location, req->location)))
			continue;
		if (req->quantity > r->capacity)
			continue;
		e->rids[e->nrids++] = r->rid;
	}
	if (e->nrids)
		return BERTH_OK;
	berth_fail(BERTH_NOT_FOUND, "service %s has no resource%s%s%s", s->name,
		   req->location ? " at " : "",
		   req->location ? req->location : "",
		   req->quantity > 1 ? " with room for that many" : "");
	berth_detail_str("service", s->name);
	if (req->location)
		berth_detail_str("location", req->location);
	return BERTH_NOT_FOUND;
}

static berth_status dates(berth_txn *t, const berth_waitlist_req *req,
			  berth_waitlist *e)
{
	int32_t today = cal_local_date(t->now, e->zone);
	char buf[16];

	e->from = req->has_from ? req->from : today;
	e->to = req->has_to
		    ? req->to
		    : cal_ymd(cal_days(e->from) + WAIT_DAYS_DEFAULT - 1);
	if (e->to < e->from)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "--to is before --from");
	if (cal_days(e->to) - cal_days(e->from) + 1 > BERTH_WAIT_DAYS_MAX)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "an entry waits at most %d days",
				  BERTH_WAIT_DAYS_MAX);
	if (e->to < today) {
		berth_date_format(e->to, buf, sizeof buf);
		berth_fail(BERTH_PAST, "%s is in the past", buf);
		berth_detail_str("to", buf);
		return BERTH_PAST;
	}
	e->until = cal_wall((cal_days(e->to) + 1) * 86400, e->zone);
	return BERTH_OK;
}

berth_status berth_waitlist_add(berth_txn *t, const berth_waitlist_req *req,
				berth_waitlist **out)
{
	const berth_service *svc = NULL;
	berth_waitlist *e;
	berth_resource *r;
	berth_status st;

	if ((st = check_req(req)) ||
	    (st = role_may_claim(t, req->customer, NULL)))
		return st;
	if (!(e = arena_alloc(t->a, sizeof *e)))
		return oom();
	memset(e, 0, sizeof *e);
	e->quantity = req->quantity ? req->quantity : 1;
	if (req->resource) {
		if ((st = res_by_name(t, req->resource, &r)))
			return st;
		if (e->quantity > r->capacity)
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "%s has room for %lld at most",
					  r->name, (long long)r->capacity);
		if (!req->duration)
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "--duration is needed for a "
					  "resource (a service gives its own)");
		if (!(e->rids = arena_alloc(t->a, sizeof *e->rids)))
			return oom();
		e->rid = e->rids[0] = r->rid;
		e->nrids = 1;
		e->resource = r->name;
		e->zone = r->tz;
	} else {
		if ((st = service_rids(t, req, e, &svc)))
			return st;
		e->service = svc->name;
		e->location = req->location;
		e->zone = t->zone;
	}
	e->duration = req->duration ? req->duration : svc->duration;
	e->days = req->days ? req->days : 0x7f;
	e->times_start = req->has_times ? req->times_start : 0;
	e->times_end = req->has_times ? req->times_end : 1440;
	if (e->duration > (int64_t)(e->times_end - e->times_start) * 60)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "%lld minutes do not fit in --times",
				  (long long)(e->duration / 60));
	if ((st = dates(t, req, e)))
		return st;
	e->customer = req->customer;
	e->priority = req->priority;
	e->status = WAIT_WAITING;
	e->version = 1;
	e->created_at = e->updated_at = t->now;
	if (!(e->id = next_id(t, ID_WAITLIST)))
		return txn_status(t);
	waitlist_write(t, NULL, e, "waitlist.created");
	/* Room there is already is offered at once, as room freed later
	 * would be: the entry's whole span, on each of its resources. */
	for (uint32_t i = 0; i < e->nrids; i++)
		freed_window(t, e->rids[i],
			     cal_wall(cal_days(e->from) * 86400, e->zone),
			     e->until);
	waitlist_settle(t);
	if ((st = txn_status(t)))
		return st;
	return waitlist_load(t, e->id, out);
}

/* --- read, list, remove --- */

static berth_status id_parse(const char *id, uint64_t *n)
{
	return cal_id_parse('w', "waitlist", id, n);
}

berth_status berth_waitlist_get(berth_txn *t, const char *id,
				berth_waitlist **out)
{
	berth_status st;
	uint64_t n;

	if ((st = id_parse(id, &n)))
		return st;
	return waitlist_load(t, n, out);
}

berth_status berth_waitlist_rm(berth_txn *t, const char *id,
			       berth_waitlist **out)
{
	berth_waitlist *e, *x;
	berth_claim *h;
	berth_status st;
	char hold[24];

	if ((st = berth_waitlist_get(t, id, &e)) ||
	    (st = role_may_claim(t, e->customer, id)))
		return st;
	if (e->status != WAIT_WAITING && e->status != WAIT_OFFERED)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_STATE, "%s is %s already", id,
			       berth_waitlist_status_name(
				   berth_waitlist_effective(e, t->now))),
		    "id", id);
	if (!(x = waitlist_copy(t, e)))
		return oom();
	x->status = WAIT_REMOVED;
	waitlist_write(t, e, x, "waitlist.removed");
	/* An offer still live goes back, and on to the next in line. */
	if (e->status == WAIT_OFFERED && e->offer_expires > t->now) {
		berth_id_format(CLAIM_HOLD, e->offer, hold, sizeof hold);
		if ((st = claim_load(t, CLAIM_HOLD, e->offer, &h)))
			return st;
		if (h->status == HOLD_ACTIVE &&
		    (st = berth_release(t, hold, &h)))
			return st;
	}
	*out = x;
	return txn_status(t);
}

static int wanted(const berth_waitlist_filter *f, const berth_waitlist *e,
		  btime now)
{
	if (f->resource && (!e->resource || strcmp(f->resource, e->resource)))
		return 0;
	if (f->service && (!e->service || strcmp(f->service, e->service)))
		return 0;
	if (f->customer && strcmp(f->customer, e->customer))
		return 0;
	return f->status < 0 || berth_waitlist_effective(e, now) == f->status;
}

berth_status berth_waitlist_each(berth_txn *t, const berth_waitlist_filter *f,
				 berth_waitlist_cb cb, void *arg)
{
	arena *keep = t->a, *scratch;
	berth_resource *r;
	berth_service *s;
	store_cursor *c;
	waitlist_entry e;
	berth_status st;
	sval kv, v;

	/* A name that cannot be, or names nothing, is refused as list
	 * --resource refuses it: an empty answer would hide the typo. */
	if ((f->resource && (st = res_by_name(t, f->resource, &r))) ||
	    (f->service && (st = berth_service_get(t, f->service, &s))))
		return st;
	if (f->customer && (st = berth_check_text("customer", f->customer)))
		return st;
	c = store_cursor_open(t->st, T_WAITLIST);
	if (!(scratch = arena_new())) {
		store_cursor_close(c);
		return oom();
	}
	/* Each entry decodes into scratch, emptied after it is passed on:
	 * a long list costs the memory of one entry. */
	t->a = scratch;
	for (int ok = store_first(c, &kv, &v); ok;
	     ok = store_next(c, &kv, &v)) {
		arena_reset(scratch);
		if (entry_read(t, T_WAITLIST, kv, v, &e))
			break;
		if (wanted(f, &e.w, t->now) && cb(&e.w, arg))
			break;
	}
	t->a = keep;
	store_cursor_close(c);
	arena_free(scratch);
	return txn_status(t);
}
