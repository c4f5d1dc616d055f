/* import-merge.c - import --merge: the ids a file gives are another
 * store's, so each thing merged gets a new one of this store's, and every
 * id that names it is renumbered with it: a claim's series (the
 * occurrences of one series stay one series), the links between a hold
 * and the booking it became, the waitlist entry an offer hold names and
 * the hold and booking an entry names. The file comes in export --all's
 * order (holds, then bookings, then the waitlist), so a used hold meets
 * its booking's id before the booking, and an offer hold its entry's:
 * the new id is given at the first sight of the old one, by whichever
 * line names it first, and kept for the rest of the file. A waitlist
 * entry's resources are found again by name (a service's entry: the
 * service's resources here, as waitlist add finds them).
 *
 * The map lives beside the merge (berth_import) and is emptied when the
 * merge's transaction starts again (berth_import_restart). */
#include <stdlib.h>
#include <string.h>

#include "import.h"

typedef struct {
	uint64_t old, new;
	uint8_t kind; /* id_kind + 1; 0: a free slot */
	uint8_t placed; /* the thing itself came */
} slot;

struct import_ids {
	slot *v;
	size_t n, cap; /* cap a power of two, or 0 */
};

static size_t hash(int kind, uint64_t old, size_t cap)
{
	uint64_t h = (old ^ ((uint64_t)kind << 56)) * 0x9e3779b97f4a7c15ULL;

	return (size_t)(h >> 17) & (cap - 1);
}

static slot *find(import_ids *m, int kind, uint64_t old)
{
	if (!m->cap)
		return NULL;
	for (size_t i = hash(kind, old, m->cap);; i = (i + 1) & (m->cap - 1)) {
		slot *s = &m->v[i];
		if (!s->kind || (s->kind == kind + 1 && s->old == old))
			return s;
	}
}

static int grow(import_ids *m)
{
	size_t cap = m->cap ? m->cap * 2 : 256;
	slot *old = m->v, *v = calloc(cap, sizeof *v);

	if (!v)
		return -1;
	m->v = v;
	m->cap = cap;
	for (size_t i = 0; old && i < cap / 2; i++)
		if (old[i].kind)
			*find(m, old[i].kind - 1, old[i].old) = old[i];
	free(old);
	return 0;
}

import_ids *import_ids_new(void)
{
	return calloc(1, sizeof(import_ids));
}

void import_ids_clear(import_ids *m)
{
	if (!m)
		return;
	free(m->v);
	memset(m, 0, sizeof *m);
}

void import_ids_free(import_ids *m)
{
	import_ids_clear(m);
	free(m);
}

/* The new id of old: given at the first sight when `make`, else 0 when
 * the file has not named it yet. 0 with the transaction failed too. */
static uint64_t renumber(berth_txn *t, import_ids *m, id_kind kind,
			 uint64_t old, int make, slot **out)
{
	slot *s = find(m, kind, old);

	if (s && s->kind) {
		*out = s;
		return s->new;
	}
	if (!make)
		return 0;
	if ((m->n + 1) * 2 > m->cap && grow(m)) {
		oom();
		return 0;
	}
	s = find(m, kind, old);
	if (!(s->new = next_id(t, kind)))
		return 0;
	s->kind = (uint8_t)(kind + 1);
	s->old = old;
	m->n++;
	*out = s;
	return s->new;
}

static const char prefix[ID_COUNT] = {[ID_HOLD] = 'h', [ID_BOOKING] = 'b',
				      [ID_SERIES] = 's', [ID_WAITLIST] = 'w'};

/* The thing's own id: new, or refused when the file gave it before. */
static berth_status own(berth_txn *t, import_ids *m, id_kind kind,
			uint64_t *id)
{
	slot *s = NULL;
	uint64_t n = renumber(t, m, kind, *id, 1, &s);

	if (!n)
		return txn_status(t) ? txn_status(t) : oom();
	if (s->placed)
		return berth_fail(BERTH_ALREADY_EXISTS,
				  "the file gives %c%llu twice", prefix[kind],
				  (unsigned long long)*id);
	s->placed = 1;
	*id = n;
	return BERTH_OK;
}

static berth_status failed(berth_txn *t)
{
	return txn_status(t) ? txn_status(t) : oom();
}

berth_status import_merge_claim(berth_txn *t, import_ids *m, berth_claim *c)
{
	slot *s;
	uint64_t wid;
	berth_status st;

	if (c->id && (st = own(t, m, claim_id_kind(c->kind), &c->id)))
		return st;
	/* A used hold names the booking it became, which follows it; a
	 * booking names the hold before it, if the file brought one. */
	if (c->link && c->kind == CLAIM_HOLD &&
	    !(c->link = renumber(t, m, ID_BOOKING, c->link, 1, &s)))
		return failed(t);
	if (c->link && c->kind == CLAIM_BOOKING)
		c->link = renumber(t, m, ID_HOLD, c->link, 0, &s);
	if (c->series && !(c->series = renumber(t, m, ID_SERIES, c->series, 1,
						&s)))
		return failed(t);
	if ((wid = freed_offer_of(c))) {
		berth_attr *v = arena_alloc(t->a, c->attrs.n * sizeof *v);
		char name[24];
		if (!v || !(wid = renumber(t, m, ID_WAITLIST, wid, 1, &s)))
			return failed(t);
		memcpy(v, c->attrs.v, c->attrs.n * sizeof *v);
		berth_waitlist_id_format(wid, name, sizeof name);
		for (size_t i = 0; i < c->attrs.n; i++)
			if (!strcmp(v[i].key, OFFER_ATTR))
				v[i].value = arena_strdup(t->a, name);
		c->attrs.v = v;
	}
	return txn_status(t);
}

/* A service's entry waits on the service's resources here (at its
 * location), those with room for its quantity, as waitlist add does. */
static berth_status service_rids(berth_txn *t, berth_waitlist *w)
{
	berth_service *sv;
	berth_resource *r;
	berth_status st;

	if ((st = berth_service_get(t, w->service, &sv)))
		return st;
	if (!(w->rids = arena_alloc(t->a, (sv->nres + 1) * sizeof *w->rids)))
		return oom();
	w->nrids = 0;
	for (uint32_t i = 0; i < sv->nres; i++) {
		if ((st = res_by_name(t, sv->resources[i], &r))) {
			if (st != BERTH_NOT_FOUND)
				return st;
			berth_clear();
			continue;
		}
		if ((w->location && (!r->location ||
				     strcmp(r->location, w->location))) ||
		    w->quantity > r->capacity)
			continue;
		w->rids[w->nrids++] = r->rid;
	}
	if (w->nrids)
		return BERTH_OK;
	berth_fail(BERTH_NOT_FOUND, "service %s has no resource here for it",
		   sv->name);
	berth_detail_str("service", sv->name);
	return BERTH_NOT_FOUND;
}

berth_status import_merge_waitlist(berth_txn *t, import_ids *m,
				   berth_waitlist *w)
{
	uint64_t old = w->id, hold = w->offer, booking = w->booking;
	berth_resource *r;
	berth_status st;
	slot *s;

	if ((st = own(t, m, ID_WAITLIST, &w->id)))
		return st;
	if (w->resource) {
		if ((st = res_by_name(t, w->resource, &r)))
			return st;
		if (!(w->rids = arena_alloc(t->a, sizeof *w->rids)))
			return oom();
		w->rid = w->rids[0] = r->rid;
		w->nrids = 1;
	} else if ((st = service_rids(t, w))) {
		return st;
	}
	/* Its offer and the booking that fulfilled it come before it in
	 * the file; an entry that names one the file did not bring would
	 * name a claim this store does not have. */
	if (hold && !(w->offer = renumber(t, m, ID_HOLD, hold, 0, &s)))
		return txn_status(t) ? txn_status(t)
				     : berth_fail(BERTH_INVALID_ARGUMENT,
						  "w%llu was offered h%llu, "
						  "which the file does not "
						  "bring before it",
						  (unsigned long long)old,
						  (unsigned long long)hold);
	if (booking &&
	    !(w->booking = renumber(t, m, ID_BOOKING, booking, 0, &s)))
		return txn_status(t) ? txn_status(t)
				     : berth_fail(BERTH_INVALID_ARGUMENT,
						  "w%llu was fulfilled by "
						  "b%llu, which the file does "
						  "not bring before it",
						  (unsigned long long)old,
						  (unsigned long long)booking);
	return txn_status(t);
}
