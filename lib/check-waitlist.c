/* check-waitlist.c - the waitlist held together both ways: each entry
 * decodes, runs in ids 1 to its counter, is what its last audit record
 * says, has every index entry it implies while it waits (waitday,
 * waitdue), and names an offer hold that names it back (so no hold is
 * offered to two entries, nor an entry two holds), and a booking that
 * is there; and each index entry is one a waiting entry implies. */
#include <stdio.h>

#include "check.h"

typedef struct {
	checker *ck;
	uint64_t id;
} expecting;

static void expect(store_table tb, const void *entry, void *arg)
{
	expecting *x = arg;
	int rc = compare_entry(x->ck, tb, entry);

	if (rc == 1 || rc == 2)
		entry_problem(x->ck, tb, entry, "%s, though w%llu implies it",
			      rc == 1 ? "missing" : "different",
			      (unsigned long long)x->id);
}

static void check_offer(checker *ck, sval k, const berth_waitlist *w)
{
	claim_entry h, b;
	int rc;

	if (!w->offer)
		return;
	if ((rc = load_claim(ck, CLAIM_HOLD, w->offer, &h)) == 0)
		problem(ck, T_WAITLIST, k, 0,
			"was offered h%llu, which is "
			"not there",
			(unsigned long long)w->offer);
	else if (rc == 1 && freed_offer_of(&h.c) != w->id)
		problem(ck, T_WAITLIST, k, 0,
			"was offered h%llu, which does "
			"not name it",
			(unsigned long long)w->offer);
	if (!w->booking)
		return;
	if ((rc = load_claim(ck, CLAIM_BOOKING, w->booking, &b)) == 0)
		problem(ck, T_WAITLIST, k, 0,
			"was fulfilled by b%llu, which "
			"is not there",
			(unsigned long long)w->booking);
	else if (rc == 1 && b.c.link != w->offer)
		problem(ck, T_WAITLIST, k, 0,
			"was fulfilled by b%llu, which "
			"its offer h%llu did not become",
			(unsigned long long)w->booking,
			(unsigned long long)w->offer);
}

static int waitlist_fn(checker *ck, sval k, sval v, any_entry *e)
{
	const berth_waitlist *w = &e->waitlist.w;
	expecting x = {ck, w->id};
	char entity[24];

	id_seen(ck, &ck->run, k, w->id);
	waitlist_index_each(w, expect, &x);
	check_offer(ck, k, w);
	berth_waitlist_id_format(w->id, entity, sizeof entity);
	check_audited(ck, T_WAITLIST, k, v, entity, ENT_WAITLIST);
	return 0;
}

/* The entry an index entry names, decoded into scratch: 1, 0 when it is
 * not there (a problem), -1 damaged (reported with its table). */
static int entry_of(checker *ck, store_table tb, sval k, uint64_t id,
		    waitlist_entry *out)
{
	char why[160];
	keybuf wk;
	sval wkv, wv;

	id_key(&wk, id);
	wkv.data = wk.b;
	wkv.len = wk.len;
	if (!store_get(ck->t->st, T_WAITLIST, wk.b, wk.len, &wv)) {
		problem(ck, tb, k, 0, "names w%llu, which is not there",
			(unsigned long long)id);
		return 0;
	}
	if (schema_decode(T_WAITLIST, FORMAT_CURRENT, wkv, wv, ck->scratch, out,
			  why, sizeof why))
		return -1;
	if (out->w.status != WAIT_WAITING) {
		problem(ck, tb, k, 0, "names w%llu, which is %s, not waiting",
			(unsigned long long)id,
			berth_waitlist_status_name(out->w.status));
		return 0;
	}
	return 1;
}

typedef struct {
	store_table tb;
	const void *held;
	int found;
} finding;

static void find(store_table tb, const void *entry, void *arg)
{
	finding *f = arg;

	if (tb != f->tb || f->found)
		return;
	if (tb == T_WAITDAY) {
		const waitday_entry *a = entry, *b = f->held;
		f->found = a->rid == b->rid && a->day == b->day &&
			   a->priority == b->priority && a->id == b->id;
	} else {
		const waitdue_entry *a = entry, *b = f->held;
		f->found = a->until == b->until && a->id == b->id;
	}
}

static int implied(checker *ck, store_table tb, sval k, uint64_t id,
		   const void *held)
{
	waitlist_entry w;
	finding f = {tb, held, 0};

	if (entry_of(ck, tb, k, id, &w) != 1)
		return 0;
	waitlist_index_each(&w.w, find, &f);
	if (!f.found)
		problem(ck, tb, k, 0, "is not one w%llu implies",
			(unsigned long long)id);
	return 0;
}

static int waitday_fn(checker *ck, sval k, sval v, any_entry *e)
{
	(void)v;
	return implied(ck, T_WAITDAY, k, e->waitday.id, &e->waitday);
}

static int waitdue_fn(checker *ck, sval k, sval v, any_entry *e)
{
	(void)v;
	return implied(ck, T_WAITDUE, k, e->waitdue.id, &e->waitdue);
}

void check_waitlist(checker *ck)
{
	numbered(ck, T_WAITLIST, ID_WAITLIST, waitlist_fn);
	walk(ck, T_WAITDAY, waitday_fn);
	walk(ck, T_WAITDUE, waitdue_fn);
}
