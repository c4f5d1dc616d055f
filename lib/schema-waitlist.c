/* schema-waitlist.c - the waitlist's tables: the entry's record (also
 * what its audit records keep before and after), the index of who waits
 * on which resource and day (waitday), and the index of waiting entries
 * by the end of their last day (waitdue). docs/STORAGE.md describes the
 * layouts. */
#include <string.h>

#include "schema-codec.h"

/* Version 1: the fields in the order of berth_waitlist. */
#define WAITLIST_RECORD 1

static int ymd_ok(int32_t ymd)
{
	int m = ymd / 100 % 100, d = ymd % 100;

	return ymd >= 101 && ymd <= 99991231 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= 31;
}

void waitday_key(keybuf *k, uint32_t rid, int32_t day, int64_t priority,
		 uint64_t id)
{
	key_reset(k);
	key_u32(k, rid);
	key_u32(k, (uint32_t)day);
	/* Highest priority first: the complement sorts it so. */
	key_u32(k, (uint32_t)(BERTH_PRIORITY_MAX - priority));
	key_u64(k, id);
}

void waitdue_key(keybuf *k, btime until, uint64_t id)
{
	key_reset(k);
	key_time(k, until);
	key_u64(k, id);
}

void schema_put_waitlist(wbuf *w, const berth_waitlist *e)
{
	wb_u8(w, WAITLIST_RECORD);
	wb_u64(w, e->id);
	wb_u32(w, e->rid);
	wb_str(w, e->resource);
	wb_str(w, e->service);
	wb_str(w, e->location);
	wb_u32(w, e->nrids);
	for (uint32_t i = 0; i < e->nrids; i++)
		wb_u32(w, e->rids[i]);
	wb_str(w, e->zone);
	wb_str(w, e->customer);
	wb_u32(w, (uint32_t)e->from);
	wb_u32(w, (uint32_t)e->to);
	wb_u8(w, e->days);
	wb_u32(w, (uint32_t)e->times_start);
	wb_u32(w, (uint32_t)e->times_end);
	wb_i64(w, e->duration);
	wb_i64(w, e->quantity);
	wb_i64(w, e->priority);
	wb_u8(w, (uint8_t)e->status);
	wb_u64(w, e->offer);
	wb_i64(w, e->offer_expires);
	wb_u64(w, e->booking);
	wb_i64(w, e->version);
	wb_i64(w, e->until);
	wb_i64(w, e->created_at);
	wb_i64(w, e->updated_at);
}

/* After the version byte; every number held to what add can make. */
void get_waitlist_fields(rbuf *r, berth_waitlist *e)
{
	memset(e, 0, sizeof *e);
	e->id = rb_u64(r);
	id_in_range(r, e->id);
	e->rid = rb_u32(r);
	e->resource = rb_str(r);
	e->service = rb_str(r);
	e->location = rb_str(r);
	e->nrids = rb_u32(r);
	if (!r->bad && (!e->nrids || e->nrids > BERTH_SERVICE_RESOURCES ||
			e->nrids > rb_left(r) / 4)) {
		rb_bad(r, "waits on %u resources", e->nrids);
		return;
	}
	if (!r->bad &&
	    !(e->rids = arena_alloc(r->a, e->nrids * sizeof *e->rids))) {
		rb_bad(r, "out of memory");
		return;
	}
	for (uint32_t i = 0; !r->bad && i < e->nrids; i++) {
		e->rids[i] = rb_u32(r);
		rid_in_range(r, e->rids[i]);
	}
	e->zone = rb_str(r);
	e->customer = rb_str(r);
	e->from = (int32_t)rb_u32(r);
	e->to = (int32_t)rb_u32(r);
	e->days = rb_u8(r);
	e->times_start = (int)rb_u32(r);
	e->times_end = (int)rb_u32(r);
	e->duration = rb_i64(r);
	e->quantity = rb_i64(r);
	e->priority = rb_i64(r);
	e->status = rb_u8(r);
	e->offer = rb_u64(r);
	e->offer_expires = rb_i64(r);
	e->booking = rb_u64(r);
	e->version = rb_i64(r);
	e->until = rb_i64(r);
	e->created_at = rb_i64(r);
	e->updated_at = rb_i64(r);
	if (r->bad)
		return;
	if (!e->resource == !e->service)
		rb_bad(r, "names %s",
		       e->resource ? "a resource and a service"
				   : "no resource or service");
	else if (e->resource && !e->rid)
		rb_bad(r, "names resource %s without its number", e->resource);
	else if (e->service && e->rid)
		rb_bad(r, "of a service names resource number %u", e->rid);
	else if (e->rid && (e->nrids != 1 || e->rids[0] != e->rid))
		rb_bad(r, "of resource number %u waits on others", e->rid);
	else if (!e->customer)
		rb_bad(r, "names no customer");
	else if (!e->zone)
		rb_bad(r, "has no zone");
	else if (!ymd_ok(e->from) || !ymd_ok(e->to) || e->to < e->from)
		rb_bad(r, "dates %d to %d are not a range", e->from, e->to);
	else if (!e->days || e->days > 0x7f)
		rb_bad(r, "weekdays %#x are not a set of days", e->days);
	else if (e->times_start < 0 || e->times_end > 1440 ||
		 e->times_start >= e->times_end)
		rb_bad(r, "times %d-%d are not a range of the day",
		       e->times_start, e->times_end);
	else if (e->duration <= 0 || e->duration > POLICY_MAX)
		rb_bad(r, "length %lld is out of range",
		       (long long)e->duration);
	else if (e->priority < 0 || e->priority > BERTH_PRIORITY_MAX)
		rb_bad(r, "priority %lld is out of range",
		       (long long)e->priority);
	else if (e->status > WAIT_REMOVED)
		rb_bad(r, "status %d is unknown", e->status);
	else if ((e->status == WAIT_OFFERED || e->status == WAIT_FULFILLED ||
		  e->status == WAIT_LAPSED) != !!e->offer &&
		 e->status != WAIT_REMOVED)
		rb_bad(r, "is %s %s an offer",
		       berth_waitlist_status_name(e->status),
		       e->offer ? "with" : "without");
	else if ((e->status == WAIT_FULFILLED) != !!e->booking)
		rb_bad(r, "is %s %s a booking",
		       berth_waitlist_status_name(e->status),
		       e->booking ? "with" : "without");
	else if (e->version < 1 || e->version > VERSION_MAX)
		rb_bad(r, "version %lld is out of range",
		       (long long)e->version);
	if (r->bad)
		return;
	quantity_in_range(r, e->quantity);
	time_in_range(r, "end of its last day", e->until);
	time_in_range(r, "creation", e->created_at);
	time_in_range(r, "change", e->updated_at);
	if (e->offer)
		time_in_range(r, "offer's expiry", e->offer_expires);
}

void get_waitlist(rbuf *r, berth_waitlist *e)
{
	unsigned version = rb_u8(r);

	if (!r->bad && version != WAITLIST_RECORD) {
		rb_bad(r, "waitlist record version %u is unknown", version);
		return;
	}
	get_waitlist_fields(r, e);
}

void enc_waitlist(const void *ep, keybuf *k, wbuf *w)
{
	const waitlist_entry *e = ep;

	id_key(k, e->w.id);
	if (w)
		schema_put_waitlist(w, &e->w);
}

void dec_waitlist(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	waitlist_entry *e = ep;
	uint64_t id = rb_u64(k);

	(void)version;
	get_waitlist_fields(r, &e->w);
	if (!r->bad && !k->bad && id != e->w.id)
		rb_bad(r, "the record is of w%llu",
		       (unsigned long long)e->w.id);
}

void enc_waitday(const void *ep, keybuf *k, wbuf *w)
{
	const waitday_entry *e = ep;

	waitday_key(k, e->rid, e->day, e->priority, e->id);
	if (w)
		wb_u8(w, INDEX_RECORD);
}

void dec_waitday(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	waitday_entry *e = ep;
	uint32_t inv;

	(void)r;
	(void)version;
	e->rid = rb_u32(k);
	rid_in_range(k, e->rid);
	e->day = (int32_t)rb_u32(k);
	inv = rb_u32(k);
	e->priority = BERTH_PRIORITY_MAX - (int64_t)inv;
	e->id = rb_u64(k);
	id_in_range(k, e->id);
	if (k->bad)
		return;
	if (!ymd_ok(e->day))
		rb_bad(k, "day %d is not a day", e->day);
	else if (inv > BERTH_PRIORITY_MAX)
		rb_bad(k, "priority %lld is out of range",
		       (long long)e->priority);
}

void enc_waitdue(const void *ep, keybuf *k, wbuf *w)
{
	const waitdue_entry *e = ep;

	waitdue_key(k, e->until, e->id);
	if (w)
		wb_u8(w, INDEX_RECORD);
}

void dec_waitdue(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	waitdue_entry *e = ep;

	(void)r;
	(void)version;
	e->until = rk_time(k);
	time_in_range(k, "end of its last day", e->until);
	e->id = rb_u64(k);
	id_in_range(k, e->id);
}
