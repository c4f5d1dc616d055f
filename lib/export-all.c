/* export-all.c - the whole store as items, in the order import takes them
 * back (a resource before what names it, a hold before the booking made
 * of it, the log last): each type one entry of walks[]. Records are read
 * as they are stored, never as they are shown now (a hold whose time is up
 * but that expire has not swept is still active in its record, and goes
 * out so), because a copy must hold the same records as its source for
 * its audit log to still describe it. */
#include <string.h>

#include "import.h"

typedef struct {
	berth_txn *t;
	int audit;
	berth_xitem_cb cb;
	void *arg;
	int stopped;
} walk;

static const char *const xid_names[BERTH_XID_COUNT] = {
    "holds", "bookings", "resources", "holidays", "timeoff", "series",
    "waitlist"};
static const id_kind xid_kinds[BERTH_XID_COUNT] = {
    ID_HOLD,	ID_BOOKING, ID_RESOURCE, ID_HOLIDAY,
    ID_TIMEOFF, ID_SERIES,  ID_WAITLIST};

const char *berth_xid_name(int i)
{
	return i >= 0 && i < BERTH_XID_COUNT ? xid_names[i] : NULL;
}

id_kind xid_kind(int i)
{
	return xid_kinds[i];
}

static int give(walk *w, berth_xitem *it)
{
	if (!w->stopped && w->cb(it, w->arg))
		w->stopped = 1;
	return w->stopped;
}

static berth_status walk_store(walk *w)
{
	berth_xitem it = {.type = BERTH_X_STORE};
	uint64_t ids[ID_COUNT];
	uint8_t head[CHAIN_HASH_LEN];
	char why[160], *hex;
	meta_entry m;

	if (meta_peek(w->t, "store_id", FORMAT_CURRENT, &m, why, sizeof why) ==
	    1)
		it.store.store_id = m.text;
	it.store.tz = w->t->zone;
	it.store.audit = w->audit;
	if (counters_get(w->t, ids, head, why, sizeof why) != 1)
		return berth_fail(BERTH_STORE_CORRUPT, "%s", why);
	for (int i = 0; i < BERTH_XID_COUNT; i++)
		it.store.last[i] = ids[xid_kinds[i]];
	/* The key goes with the log only: it is what the log's links were
	 * made with, and a copy without the log draws its own. */
	if (w->audit) {
		const uint8_t *key = meta_audit_key(w->t);
		if (!key || !(hex = arena_alloc(w->t->a, CHAIN_HEX_LEN)))
			return txn_status(w->t) ? txn_status(w->t) : oom();
		chain_hex(key, hex);
		it.store.audit_key = hex;
	}
	give(w, &it);
	return BERTH_OK;
}

static int resource_cb(const berth_resource *r, void *arg)
{
	berth_xitem it = {.type = BERTH_X_RESOURCE, .resource = *r};

	return give(arg, &it);
}

static berth_status walk_resources(walk *w)
{
	return berth_resource_each(w->t, resource_cb, w);
}

/* Numbers of resources removed since: their claims still name them. */
static berth_status walk_resids(walk *w)
{
	store_cursor *c = store_cursor_open(w->t->st, T_RESID);
	berth_status st = BERTH_OK;
	sval k, v;

	for (int ok = store_first(c, &k, &v); ok && !w->stopped;
	     ok = store_next(c, &k, &v)) {
		resid_entry e;
		berth_resource *r;
		berth_xitem it = {.type = BERTH_X_RESID};
		if (entry_read(w->t, T_RESID, k, v, &e)) {
			st = txn_status(w->t);
			break;
		}
		if (res_by_name(w->t, e.name, &r) == BERTH_OK &&
		    r->rid == e.rid)
			continue;
		berth_clear();
		it.resource.rid = e.rid;
		it.resource.name = e.name;
		give(w, &it);
	}
	store_cursor_close(c);
	return st ? st : txn_status(w->t);
}

typedef struct {
	walk *w;
	int store;
} pol_walk;

static int policy_cb(const berth_policy *p, void *arg)
{
	pol_walk *pw = arg;
	berth_xitem it = {.type = BERTH_X_POLICY, .policy = *p};
	char value[32];

	/* Each scope's own values: the store's that are set, a
	 * resource's that it sets itself. */
	if (pw->store ? p->is_default : p->scope == NULL)
		return 0;
	policy_value_text(p, value, sizeof value);
	it.policy_value = value;
	return give(pw->w, &it);
}

static int policy_res_cb(const berth_resource *r, void *arg)
{
	pol_walk *pw = arg;

	return berth_policy_each(pw->w->t, r->name, policy_cb, pw) != 0 ||
	       pw->w->stopped;
}

static berth_status walk_policies(walk *w)
{
	pol_walk own = {w, 1}, res = {w, 0};
	berth_status st = berth_policy_each(w->t, NULL, policy_cb, &own);

	return st ? st : berth_resource_each(w->t, policy_res_cb, &res);
}

static int svc_policy_cb(const berth_policy *p, void *arg)
{
	walk *w = arg;
	berth_xitem it = {.type = BERTH_X_POLICY, .policy = *p};
	char value[32];

	policy_value_text(p, value, sizeof value);
	it.policy_value = value;
	return give(w, &it);
}

/* A service's own policies, after the services they belong to. */
static berth_status walk_service_policies(walk *w)
{
	return berth_policy_each_own_service(w->t, svc_policy_cb, w);
}

static int hours_cb(const berth_hours *h, void *arg)
{
	berth_xitem it = {.type = BERTH_X_HOURS, .hours = *h};

	return give(arg, &it);
}

static int hours_res_cb(const berth_resource *r, void *arg)
{
	walk *w = arg;

	return berth_hours_each(w->t, r->name, hours_cb, w) != 0 || w->stopped;
}

static berth_status walk_hours(walk *w)
{
	return berth_resource_each(w->t, hours_res_cb, w);
}

static int holiday_cb(const berth_holiday *h, void *arg)
{
	berth_xitem it = {.type = BERTH_X_HOLIDAY, .holiday = *h};

	return give(arg, &it);
}

static berth_status walk_holidays(walk *w)
{
	return berth_holiday_each(w->t, 0, 0, holiday_cb, w);
}

static int timeoff_cb(const berth_timeoff *o, void *arg)
{
	berth_xitem it = {.type = BERTH_X_TIMEOFF, .timeoff = *o};

	return give(arg, &it);
}

static berth_status walk_timeoff(walk *w)
{
	return berth_timeoff_each(w->t, NULL, timeoff_cb, w);
}

static int service_cb(const berth_service *s, void *arg)
{
	berth_xitem it = {.type = BERTH_X_SERVICE, .service = *s};

	return give(arg, &it);
}

static berth_status walk_services(walk *w)
{
	return berth_service_each(w->t, service_cb, w);
}

/* A table walked in key order, each entry decoded into an arena emptied
 * after it, so a million claims take the memory of one. */
static berth_status walk_table(walk *w, store_table tb,
			       berth_status (*one)(walk *w, store_table tb,
						   sval k, sval v))
{
	store_cursor *c = store_cursor_open(w->t->st, tb);
	arena *keep = w->t->a;
	berth_status st = BERTH_OK;
	sval k, v;

	if (!(w->t->a = arena_new())) {
		w->t->a = keep;
		store_cursor_close(c);
		return oom();
	}
	for (int ok = store_first(c, &k, &v); ok && !w->stopped && !st;
	     ok = store_next(c, &k, &v)) {
		arena_reset(w->t->a);
		st = one(w, tb, k, v);
	}
	store_cursor_close(c);
	arena_free(w->t->a);
	w->t->a = keep;
	return st ? st : txn_status(w->t);
}

static berth_status claim_one(walk *w, store_table tb, sval k, sval v)
{
	berth_xitem it = {.type = BERTH_X_CLAIM};
	berth_claim *c;
	berth_status st = claim_decode(w->t, tb, k, v, &c);

	if (st)
		return st;
	it.claim = *c;
	give(w, &it);
	return BERTH_OK;
}

static berth_status walk_holds(walk *w)
{
	return walk_table(w, T_HOLD, claim_one);
}

static berth_status walk_bookings(walk *w)
{
	return walk_table(w, T_BOOKING, claim_one);
}

/* Kept as stored, seal and all: an idempotency key's answer is the bytes
 * a retry compares with, and an audit record is what the chain hashed;
 * import checks each as a read does (length, seal, every field). */
static berth_status raw_one(walk *w, store_table tb, sval k, sval v)
{
	berth_xitem it = {.type = tb == T_IDEM ? BERTH_X_IDEM : BERTH_X_AUDIT};
	any_entry e;
	berth_audit *a = NULL;
	berth_status st;

	if (is_counters_key(tb, k))
		return BERTH_OK;
	if (entry_read(w->t, tb, k, v, &e))
		return txn_status(w->t);
	it.raw = v.data;
	it.raw_len = v.len;
	if (tb == T_IDEM) {
		it.key = e.idem.key;
	} else {
		it.seq = e.audit.seq;
		if (!(a = arena_alloc(w->t->a, sizeof *a)))
			return oom();
		if ((st = audit_load(w->t, e.audit.seq, w->t->a, a)))
			return st;
		it.audit = a;
	}
	give(w, &it);
	return BERTH_OK;
}

/* A customer's record and a waitlist entry go as stored too: every
 * field of theirs comes back as it was (an offer's hold, the resource
 * numbers an entry waits on, a forgotten customer's pseudonym), checked
 * as a read checks it; the fields beside are for people. */
static berth_status entity_one(walk *w, store_table tb, sval k, sval v)
{
	berth_xitem it = {.type = tb == T_CUSTOMER ? BERTH_X_CUSTOMER
						   : BERTH_X_WAITLIST};
	any_entry e;

	if (entry_read(w->t, tb, k, v, &e))
		return txn_status(w->t);
	it.raw = v.data;
	it.raw_len = v.len;
	if (tb == T_CUSTOMER) {
		it.key = e.customer.c.id;
	} else {
		it.seq = e.waitlist.w.id;
		it.waitlist = &e.waitlist.w;
	}
	give(w, &it);
	return BERTH_OK;
}

static berth_status walk_customers(walk *w)
{
	return walk_table(w, T_CUSTOMER, entity_one);
}

static berth_status walk_waitlist(walk *w)
{
	return walk_table(w, T_WAITLIST, entity_one);
}

static berth_status walk_idem(walk *w)
{
	return walk_table(w, T_IDEM, raw_one);
}

static berth_status walk_audit(walk *w)
{
	return w->audit ? walk_table(w, T_AUDIT, raw_one) : BERTH_OK;
}

/* The order import needs: what an item names comes before it. */
static berth_status (*const walks[])(walk *w) = {
    walk_store,	   walk_resources, walk_resids,	  walk_policies,
    walk_hours,	   walk_holidays,  walk_timeoff,  walk_services,
    walk_service_policies,
    walk_customers, walk_holds,	   walk_bookings, walk_waitlist,
    walk_idem,	   walk_audit,
};

berth_status berth_export_all(berth_txn *t, int audit, berth_xitem_cb cb,
			      void *arg)
{
	walk w = {t, audit, cb, arg, 0};
	berth_status st = BERTH_OK;

	for (size_t i = 0;
	     i < sizeof walks / sizeof *walks && !st && !w.stopped; i++)
		st = walks[i](&w);
	return st;
}
