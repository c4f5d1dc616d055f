/* waitlist-offer.c - freed capacity to the waitlist. Before a write
 * commits, the transaction runner hands over what it freed (freed.c):
 * each offer whose hold ended is settled (confirmed: the entry is
 * fulfilled; released or expired: it lapsed), then each freed window is
 * offered, entry by entry, best first (priority high to low, then the
 * oldest), to those waiting on its resource on its days, found by a seek
 * a day in the waitday index: entries waiting on other days cost
 * nothing. An entry that fits gets a hold (the offer) of the earliest
 * time in the window its days and times allow, admitted as any new
 * claim is (capacity, seats, hours, holidays, time off, notice, horizon,
 * limits per customer), for the offer_ttl policy; one that does not fit
 * is passed over. Capacity admits each offer, so a freed unit is offered
 * to one entry at a time. Offers are the system's doing: they are
 * audited with the role system, whoever freed the room. */
#include <stdlib.h>
#include <string.h>

#include "calendar.h"

/* Entries looked at a window, at most: the best of each day first. */
#define OFFER_CANDIDATES 64
/* Starts tried a day, a grid step apart: a day of 15-minute steps. */
#define OFFER_TRIES 96
/* A window that runs for good (capacity raised) is offered this far. */
#define OFFER_REACH ((int64_t)BERTH_WAIT_DAYS_MAX * 86400)

typedef struct {
	int64_t priority;
	uint64_t id;
} candidate;

static int by_rank(const void *a, const void *b)
{
	const candidate *x = a, *y = b;

	if (x->priority != y->priority)
		return x->priority > y->priority ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The hold an offer made came back: fulfilled, or lapsed. */
static void settle_offer(berth_txn *t, uint64_t hold)
{
	berth_waitlist *e, *x;
	berth_claim *h;
	uint64_t wid;

	if (claim_load(t, CLAIM_HOLD, hold, &h))
		return;
	if (!(wid = freed_offer_of(h)))
		return;
	if (waitlist_load(t, wid, &e)) {
		berth_clear(); /* an attribute that names no entry */
		return;
	}
	if (e->status != WAIT_OFFERED || e->offer != h->id)
		return;
	if (!(x = waitlist_copy(t, e))) {
		arena_set_failed(t->a);
		return;
	}
	if (h->status == HOLD_USED) {
		x->status = WAIT_FULFILLED;
		x->booking = h->link;
		waitlist_write(t, e, x, "waitlist.fulfilled");
	} else if (h->status == HOLD_RELEASED || h->status == HOLD_EXPIRED) {
		x->status = WAIT_LAPSED;
		waitlist_write(t, e, x, "waitlist.lapsed");
	}
}

/* Whether a refusal was a refusal (0) or damage (-1). */
static int refused(berth_txn *t)
{
	if (txn_status(t))
		return -1;
	berth_clear();
	return 0;
}

/* The claim an offer of e would make at start, admitted: 1, 0 refused,
 * -1 the transaction failed. */
static int admit(berth_txn *t, const berth_resource *r, const berth_waitlist *e,
		 int64_t buffer, int64_t price, btime start, berth_claim *c)
{
	memset(c, 0, sizeof *c);
	c->kind = CLAIM_HOLD;
	c->rid = r->rid;
	c->resource = r->name;
	c->zone = r->tz;
	c->start = start;
	c->end = start + e->duration;
	c->buffer = buffer;
	c->quantity = e->quantity;
	c->customer = e->customer;
	/* An entry for a service is offered as `lock --service` would make
	 * it: the service and its price now, bound by its policies. */
	c->service = e->service;
	c->has_price = e->service && price >= 0;
	c->price = c->has_price ? price : 0;
	c->status = HOLD_ACTIVE;
	c->version = 1;
	c->created_at = c->updated_at = t->now;
	c->expires_at =
	    t->now + policy_get_svc(t, r->rid, e->service, "offer_ttl");
	if (notice_admit(t, r, e->service, start) || calendar_admit(t, r, c) ||
	    customer_limit_admit(t, r, c) || avail_admit(t, r, c))
		return refused(t);
	return 1;
}

/* The earliest time of [ws, we) e's days and times allow on r that is
 * admitted, into *c: 1 found, 0 nothing fits, -1 failed. */
static int earliest(berth_txn *t, const berth_resource *r,
		    const berth_waitlist *e, btime ws, btime we, berth_claim *c)
{
	int32_t d0 = cal_local_date(ws, e->zone),
		d1 = cal_local_date(we - 1, e->zone);
	int64_t buffer = r->buffer, step = r->slot > 0 ? r->slot : 15 * 60;
	int64_t price = -1;
	berth_service *s;
	int rc = 0;

	if (e->quantity > r->capacity)
		return 0;
	if (e->service) {
		if (!berth_service_get(t, e->service, &s)) {
			if (s->buffer >= 0)
				buffer = s->buffer;
			price = s->price;
		} else if (refused(t)) {
			return -1;
		}
	}
	if (d0 < e->from)
		d0 = e->from;
	if (d1 > e->to)
		d1 = e->to;
	for (int64_t d = cal_days(d0); d0 <= d1 && d <= cal_days(d1); d++) {
		btime a, b, start;
		if (!(e->days & (1u << berth_weekday_of(cal_ymd(d)))))
			continue;
		a = cal_wall(d * 86400 + e->times_start * 60, e->zone);
		b = cal_wall(d * 86400 + e->times_end * 60, e->zone);
		if (b > we)
			b = we;
		/* The earliest start that is admitted, a grid step at a
		 * time (the resource's slot, or 15 minutes), a bounded
		 * number of tries a day. */
		start = a > ws ? a : ws;
		for (int k = 0; k < OFFER_TRIES && start + e->duration <= b;
		     k++, start += step)
			if ((rc = admit(t, r, e, buffer, price, start, c)))
				return rc;
	}
	return 0;
}

/* The hold c (admitted) offered to e: 1, or -1 failed. */
static int offer(berth_txn *t, const berth_waitlist *e, berth_claim *c)
{
	berth_waitlist *x;
	char name[24];

	if (!(c->attrs.v = arena_alloc(t->a, sizeof *c->attrs.v)))
		return arena_set_failed(t->a), -1;
	if (!(c->id = next_id(t, ID_HOLD)))
		return -1;
	berth_waitlist_id_format(e->id, name, sizeof name);
	c->attrs.v[0].key = OFFER_ATTR;
	c->attrs.v[0].value = arena_strdup(t->a, name);
	c->attrs.n = 1;
	claim_write(t, NULL, c, "hold.created", NULL);
	avail_add(t, c);
	if (!(x = waitlist_copy(t, e)))
		return arena_set_failed(t->a), -1;
	x->status = WAIT_OFFERED;
	x->offer = c->id;
	x->offer_expires = c->expires_at;
	waitlist_write(t, e, x, "waitlist.offered");
	return txn_status(t) ? -1 : 1;
}

/* The window of a note that is offered: from now on, and at most
 * OFFER_REACH long; 0 when nothing of it is left. */
static int note_window(const berth_txn *t, const freed_note *fn, btime *ws,
		       btime *we)
{
	*ws = fn->start > t->now ? fn->start : t->now;
	*we = fn->end;
	if (*we == BTIME_NEVER || *we - *ws > OFFER_REACH)
		*we = *ws + OFFER_REACH;
	return *we > *ws;
}

/* The resource of number rid: 1, 0 when it is gone (no one to offer
 * to), -1 failed. */
static int note_resource(berth_txn *t, uint32_t rid, berth_resource **r)
{
	resid_entry ri = {.rid = rid};

	if (entry_get(t, T_RESID, &ri) != 1)
		return txn_status(t) ? -1 : 0;
	if (res_by_name(t, ri.name, r))
		return refused(t) ? -1 : 0;
	return 1;
}

static int waits_on(const berth_waitlist *e, uint32_t rid)
{
	for (uint32_t i = 0; i < e->nrids; i++)
		if (e->rids[i] == rid)
			return 1;
	return 0;
}

/* A service's entry waits on several resources: what this settle freed
 * on any of them, from note `from` on (those before it were offered
 * already), is compared, and the entry is offered the earliest start of
 * all, not the first resource's that fits. Ties go to the room noted
 * first. 1 offered, 0 nothing fits, -1 failed. */
static int offer_earliest(berth_txn *t, const berth_waitlist *e, size_t from)
{
	berth_claim *best = NULL, *c = NULL;

	for (size_t j = from; j < t->nfreed; j++) {
		freed_note fn = t->freed[j];
		berth_resource *r;
		btime ws, we;
		int rc;
		if (!fn.rid || !waits_on(e, fn.rid) ||
		    !note_window(t, &fn, &ws, &we))
			continue;
		if ((rc = note_resource(t, fn.rid, &r)) <= 0) {
			if (rc < 0)
				return -1;
			continue;
		}
		if (!c && !(c = arena_alloc(t->a, sizeof *c)))
			return arena_set_failed(t->a), -1;
		if ((rc = earliest(t, r, e, ws, we, c)) < 0)
			return -1;
		if (rc && (!best || c->start < best->start)) {
			berth_claim *was = best;
			best = c;
			c = was;
		}
	}
	return best ? offer(t, e, best) : 0;
}

/* Offers e the earliest time of [ws, we) on r that its days and times
 * allow and that is admitted: 1 offered, 0 nothing fits, -1 failed. */
static int offer_to(berth_txn *t, const berth_resource *r,
		    const berth_waitlist *e, btime ws, btime we)
{
	berth_claim *c = arena_alloc(t->a, sizeof *c);
	int rc;

	if (!c)
		return arena_set_failed(t->a), -1;
	if ((rc = earliest(t, r, e, ws, we, c)) <= 0)
		return rc;
	return offer(t, e, c);
}

/* Who waits on resource rid from day d0 to d1: the best of each day. */
static size_t gather(berth_txn *t, uint32_t rid, int32_t d0, int32_t d1,
		     candidate *out)
{
	store_cursor *c = store_cursor_open(t->st, T_WAITDAY);
	size_t n = 0;
	keybuf k;
	sval kv, v;

	for (int64_t d = cal_days(d0);
	     d <= cal_days(d1) && n < OFFER_CANDIDATES; d++) {
		int32_t ymd = cal_ymd(d);
		waitday_key(&k, rid, ymd, BERTH_PRIORITY_MAX, 0);
		for (int ok = store_seek(c, k.b, k.len, &kv, &v);
		     ok && n < OFFER_CANDIDATES; ok = store_next(c, &kv, &v)) {
			waitday_entry w;
			if (entry_read(t, T_WAITDAY, kv, v, &w))
				goto out;
			if (w.rid != rid || w.day != ymd)
				break;
			out[n].priority = w.priority;
			out[n++].id = w.id;
		}
	}
out:
	store_cursor_close(c);
	return n;
}

/* Offers note i's window to those waiting on its resource, best first. */
static void offer_window(berth_txn *t, size_t i)
{
	candidate cand[OFFER_CANDIDATES];
	freed_note note = t->freed[i];
	const freed_note *fn = &note;
	btime ws, we;
	berth_resource *r;
	size_t n;

	if (!note_window(t, fn, &ws, &we) || note_resource(t, fn->rid, &r) <= 0)
		return; /* a resource gone has no one to offer to */
	/* A resource's entries read their days in its zone, a service's in
	 * the store's: where the two differ, a day either side. */
	{
		int wide = strcmp(r->tz, t->zone) != 0;
		n = gather(
		    t, r->rid,
		    cal_ymd(cal_days(cal_local_date(ws, r->tz)) - wide),
		    cal_ymd(cal_days(cal_local_date(we - 1, r->tz)) + wide),
		    cand);
	}
	qsort(cand, n, sizeof *cand, by_rank);
	for (size_t k = 0; k < n && !txn_status(t); k++) {
		berth_waitlist *e;
		if (k && cand[k].id == cand[k - 1].id)
			continue; /* waits on two of the days */
		if (waitlist_load(t, cand[k].id, &e)) {
			entry_corrupt(t, T_WAITDAY,
				      &(waitday_entry){r->rid, 0,
						       cand[k].priority,
						       cand[k].id},
				      "its entry is not there");
			return;
		}
		if (e->status != WAIT_WAITING)
			continue; /* offered a moment ago, on another day */
		if ((e->nrids > 1 ? offer_earliest(t, e, i)
				  : offer_to(t, r, e, ws, we)) < 0)
			return;
	}
}

void waitlist_settle(berth_txn *t)
{
	berth_role role = t->db->role;
	const char *idem = t->idem_key, *reason = t->reason;
	int force = t->force;
	uint64_t forced = t->forced;

	if (t->settling)
		return;
	t->settling = 1;
	t->db->role = ROLE_SYSTEM;
	t->idem_key = t->reason = NULL;
	t->force = 0;
	t->forced = 0;
	/* Notes made while settling (an offer taking room) join the list
	 * and are seen in turn; each is copied, for the list may move. */
	for (size_t i = 0; i < t->nfreed && !txn_status(t); i++) {
		freed_note fn = t->freed[i];
		if (fn.offer)
			settle_offer(t, fn.offer);
		if (fn.rid && !txn_status(t))
			offer_window(t, i);
	}
	/* Settled: a second settle before the commit (waitlist add's, then
	 * the runner's) starts from what is noted after this one. */
	t->nfreed = 0;
	t->db->role = role;
	t->idem_key = idem;
	t->reason = reason;
	t->force = force;
	t->forced = forced;
	t->settling = 0;
}
