/* resource.c - what is booked: add, read, change and remove resources.
 * A resource gets a number (rid) that never changes and is never reused;
 * indexes use it, so renaming is impossible and removal leaves history
 * readable. */
#include <string.h>

#include "internal.h"

/* A decoded resource, copied out of the entry into the arena. */
static berth_status keep(berth_txn *t, const resource_entry *e,
			 berth_resource **out)
{
	if (!(*out = arena_alloc(t->a, sizeof **out)))
		return oom();
	**out = e->r;
	return BERTH_OK;
}

static unsigned name_hash(const char *s)
{
	unsigned h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* The slot of a name in the cache in use. */
static berth_resource **slot(berth_txn *t, unsigned h)
{
	return t->res_big ? &t->res_big[h % RES_CACHE_BIG]
			  : &t->res_cache[h % RES_CACHE];
}

/* Callers may change what they get (resource set): they get a copy. */
static berth_status cached(berth_txn *t, berth_resource *r, berth_resource **out)
{
	if (!(*out = arena_alloc(t->a, sizeof **out)))
		return oom();
	**out = *r;
	return BERTH_OK;
}

berth_status res_by_name(berth_txn *t, const char *name, berth_resource **out)
{
	unsigned h = name_hash(name);
	berth_resource *r = *slot(t, h);
	resource_entry e = {.r.name = name};
	berth_status st;
	int rc;

	if (r && t->a == t->cache_arena && strcmp(r->name, name) == 0)
		return cached(t, r, out);
	if ((rc = entry_get(t, T_RESOURCE, &e)) < 0)
		return txn_status(t);
	if (rc == 0) {
		if (store_failed(t->st))
			return txn_status(t);
		/* No name that could never exist is merely not found. */
		if ((st = berth_check_name(name)))
			return st;
		berth_fail(BERTH_NOT_FOUND, "no resource '%.80s'", name);
		berth_detail_str("kind", "resource");
		berth_detail_str("id", name);
		return BERTH_NOT_FOUND;
	}
	if ((st = keep(t, &e, out)))
		return st;
	/* Only what lives as long as the transaction is remembered. */
	if (t->a == t->cache_arena) {
		if (!t->res_big && ++t->res_misses > RES_CACHE &&
		    (t->res_big = arena_alloc(t->cache_arena,
					      RES_CACHE_BIG * sizeof *t->res_big)))
			memset(t->res_big, 0, RES_CACHE_BIG * sizeof *t->res_big);
		*slot(t, h) = *out;
		return cached(t, *out, out);
	}
	return BERTH_OK;
}

/* res_zone's memo: direct-mapped by number, so its size is fixed however
 * many resources a listing meets (more than ZONE_MEMO only cost
 * lookups). A zone longer than any in the tz database is not kept. It is
 * made after ZONE_MEMO_AFTER calls: clearing its 72 KB cost a listing of
 * a few rows more than the rows did (and a tenth of its instructions),
 * where res_by_name's own cache answers a few. */
#define ZONE_MEMO 1024
#define ZONE_MEMO_AFTER 64
struct zone_slot {
	uint32_t rid; /* 0: empty */
	int gone;     /* no resource of that number and name: no zone */
	char zone[64];
};

const char *res_zone(berth_txn *t, const char *name, uint32_t rid)
{
	struct zone_slot *m = t->zone_memo, *s;
	berth_resource *r;
	const char *z = NULL;

	if (!m && ++t->zone_reads > ZONE_MEMO_AFTER &&
	    (m = arena_alloc(t->cache_arena, ZONE_MEMO * sizeof *m))) {
		memset(m, 0, ZONE_MEMO * sizeof *m);
		t->zone_memo = m;
	}
	s = m ? &m[rid % ZONE_MEMO] : NULL;
	if (s && s->rid == rid && rid)
		return s->gone ? NULL : arena_strdup(t->a, s->zone);
	/* Read in the caller's arena (a listing's is emptied every claim),
	 * so that a miss costs a lookup, never memory that stays. */
	if (res_by_name(t, name, &r) == BERTH_OK && r->rid == rid)
		z = r->tz;
	berth_clear();
	if (s && (!z || strlen(z) < sizeof s->zone)) {
		s->rid = rid;
		s->gone = !z;
		if (z)
			strcpy(s->zone, z);
	}
	return z ? arena_strdup(t->a, z) : NULL;
}

static void forget(berth_txn *t)
{
	memset(t->res_cache, 0, sizeof t->res_cache);
	if (t->res_big)
		memset(t->res_big, 0, RES_CACHE_BIG * sizeof *t->res_big);
	if (t->zone_memo)
		memset(t->zone_memo, 0, ZONE_MEMO * sizeof(struct zone_slot));
}

berth_status resource_validate(const berth_resource *r)
{
	berth_status st;

	if (r->capacity < 1 || r->capacity > BERTH_CAPACITY_MAX)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "capacity must be 1 to %d", BERTH_CAPACITY_MAX);
	if (r->seats > BERTH_SEATS_MAX)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "seats must be 1 to %d", BERTH_SEATS_MAX);
	if (r->seats && r->capacity != (int64_t)r->seats)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "a seated resource's capacity is its number "
				  "of seats (%u)",
				  r->seats);
	if (!clock_zone_valid(r->tz))
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "unknown time zone '%.80s'", r->tz);
	if (r->buffer < 0 || r->slot < 0)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "buffer and slot cannot be negative");
	if (r->location && (st = berth_check_text("location", r->location)))
		return st;
	return berth_check_attrs(&r->attrs);
}

static void put(berth_txn *t, const berth_resource *r)
{
	resource_entry e = {.name = r->name, .r = *r};

	forget(t);
	entry_put(t, T_RESOURCE, &e);
}

berth_status berth_resource_add(berth_txn *t, const berth_resource *in,
				berth_resource **out)
{
	berth_resource *r;
	berth_status st;
	keybuf k;
	sval v;

	if ((st = role_may_change(t, ENT_RESOURCE, "resource.created")))
		return st;
	if ((st = berth_check_name(in->name)))
		return st;
	name_key(&k, in->name);
	if (store_get(t->st, T_RESOURCE, k.b, k.len, &v))
		return berth_fail(BERTH_ALREADY_EXISTS,
				  "resource '%s' already exists", in->name);
	if (!(r = arena_alloc(t->a, sizeof *r)))
		return oom();
	*r = *in;
	if (!r->tz)
		r->tz = t->zone;
	if (r->seats)
		r->capacity = r->capacity ? r->capacity : r->seats;
	else if (!r->capacity)
		r->capacity = 1;
	if ((st = resource_validate(r)))
		return st;
	if (!(r->rid = (uint32_t)next_id(t, ID_RESOURCE)))
		return txn_status(t);
	r->created_at = r->updated_at = t->now;
	put(t, r);
	entry_put_new(t, T_RESID, &(resid_entry){r->rid, r->name});
	audit_append(t, "resource.created", r->name, ENT_RESOURCE, NULL, r,
		     NULL, NULL);
	*out = r;
	return txn_status(t);
}

berth_status berth_resource_get(berth_txn *t, const char *name,
				berth_resource **out)
{
	return res_by_name(t, name, out);
}

berth_status berth_resource_set(berth_txn *t, const char *name,
				const berth_resource_change *ch,
				berth_resource **out)
{
	berth_resource *before, *r;
	berth_status st;

	if ((st = role_may_change(t, ENT_RESOURCE, "resource.updated")))
		return st;
	if ((st = res_by_name(t, name, &before)))
		return st;
	if (!(r = arena_alloc(t->a, sizeof *r)))
		return oom();
	*r = *before;
	if (ch->seats_set) {
		r->seats = ch->v.seats;
		if (r->seats)
			r->capacity = r->seats;
	}
	if (ch->capacity_set)
		r->capacity = ch->v.capacity;
	if (ch->tz_set)
		r->tz = ch->v.tz;
	if (ch->buffer_set)
		r->buffer = ch->v.buffer;
	if (ch->slot_set)
		r->slot = ch->v.slot;
	if (ch->location_set)
		r->location = ch->v.location[0] ? ch->v.location : NULL;
	if ((st = attrs_merge(t, &r->attrs, &ch->attrs)))
		return st;
	if ((st = resource_validate(r)))
		return st;
	r->updated_at = t->now;
	put(t, r);
	/* More units: room from now on, for the waitlist. */
	if (r->capacity > before->capacity)
		freed_window(t, r->rid, t->now, BTIME_NEVER);
	audit_append(t, "resource.updated", r->name, ENT_RESOURCE, before, r,
		     NULL, NULL);
	*out = r;
	return txn_status(t);
}

/* Whether anything still claims the resource: a live hold, or a pending
 * or confirmed booking whose window has not ended (-1: damage met). */
static int in_use(berth_txn *t, uint32_t rid)
{
	store_cursor *c = store_cursor_open(t->st, T_SPAN);
	span_entry e;
	keybuf k;
	sval kv, v;
	int used = 0;

	rid_prefix(&k, rid);
	for (int ok = store_seek(c, k.b, k.len, &kv, &v);
	     ok && key_of_rid(kv, rid); ok = store_next(c, &kv, &v)) {
		if (entry_read(t, T_SPAN, kv, v, &e)) {
			used = -1;
			break;
		}
		if (e.end > t->now && e.expires_at > t->now) {
			used = 1;
			break;
		}
	}
	store_cursor_close(c);
	return used;
}

berth_status berth_resource_rm(berth_txn *t, const char *name,
			       berth_resource **out)
{
	berth_resource *r;
	berth_status st;
	keybuf k;
	int used;

	if ((st = role_may_change(t, ENT_RESOURCE, "resource.removed")))
		return st;
	if ((st = res_by_name(t, name, &r)))
		return st;
	if ((used = in_use(t, r->rid)) < 0)
		return txn_status(t);
	if (used)
		return berth_fail(BERTH_IN_USE,
				  "resource '%s' has live holds or future "
				  "bookings; cancel or release them first",
				  name);
	forget(t);
	name_key(&k, name);
	store_del(t->st, T_RESOURCE, k.b, k.len);
	audit_append(t, "resource.removed", name, ENT_RESOURCE, r, NULL, NULL,
		     NULL);
	*out = r;
	return txn_status(t);
}

berth_status berth_resource_each(berth_txn *t, berth_resource_cb cb,
				 void *arg)
{
	store_cursor *c = store_cursor_open(t->st, T_RESOURCE);
	berth_status st = BERTH_OK;
	sval k, v;

	for (int ok = store_first(c, &k, &v); ok; ok = store_next(c, &k, &v)) {
		resource_entry e;
		berth_resource *r = NULL;
		if (entry_read(t, T_RESOURCE, k, v, &e)) {
			st = txn_status(t);
			break;
		}
		if ((st = keep(t, &e, &r)) || cb(r, arg))
			break;
	}
	store_cursor_close(c);
	return st ? st : txn_status(t);
}
