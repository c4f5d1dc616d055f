/* list-merge.c - every claim in start order, then id, as `berth list`
 * shows them by default, without gathering and sorting them first.
 *
 * The by-resource index keeps each resource's claims in exactly that
 * order (its key: rid, start, kind, id). One cursor a resource, each at
 * its next claim of the kind listed, and a heap of them by (start, id)
 * hand the claims out in order: the first line goes out at once, and
 * memory is a cursor and an entry a resource, however many claims there
 * are. Each claim is then read by id and shown through list.c's filters,
 * as list_walk does for one resource. */
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

struct head {
	store_cursor *c;
	uint32_t rid;
	sval k; /* the index entry's key, to name it when its claim is not */
	byres_entry e;
};

struct merge {
	berth_txn *t;
	claim_kind kind;
	btime to;
	struct head *h;
	size_t n;
	uint64_t met; /* index entries of the kind, for the count at the end */
};

static int before(const struct head *a, const struct head *b)
{
	if (a->e.start != b->e.start)
		return a->e.start < b->e.start;
	return a->e.id < b->e.id;
}

static void sift_down(struct merge *m, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, min = i;
		struct head tmp;
		if (l < m->n && before(&m->h[l], &m->h[min]))
			min = l;
		if (r < m->n && before(&m->h[r], &m->h[min]))
			min = r;
		if (min == i)
			return;
		tmp = m->h[i];
		m->h[i] = m->h[min];
		m->h[min] = tmp;
		i = min;
	}
}

/* The head's cursor on to its resource's next claim of the kind listed,
 * from the entry it is on (ok: there is one): 1, or 0 when the resource
 * has none left before --to, -1 for an entry that does not decode. */
static int settle(struct merge *m, struct head *h, int ok, sval v)
{
	for (; ok && key_of_rid(h->k, h->rid); ok = store_next(h->c, &h->k, &v)) {
		if (entry_read(m->t, T_BYRES, h->k, v, &h->e))
			return -1;
		if (h->e.kind != m->kind)
			continue;
		m->met++;
		/* Nothing that starts at or after --to is listed, and the
		 * rest of this resource starts later still. */
		return h->e.start < m->to;
	}
	return 0;
}

/* One head for every resource the index has entries of (a resource
 * since removed keeps its claims there), each on its first claim. */
static berth_status open_heads(struct merge *m)
{
	store_cursor *scan = store_cursor_open(m->t->st, T_BYRES);
	size_t cap = 0;
	keybuf pk;
	sval k, v;
	int ok;

	if (!scan)
		return oom();
	ok = store_first(scan, &k, &v);
	while (ok) {
		uint32_t rid = rid_of_key(k);
		struct head *h;
		int rc;
		if (!rid) {
			store_cursor_close(scan);
			return schema_corrupt(m->t, T_BYRES, k,
					      "its key names no resource");
		}
		if (m->n == cap) {
			size_t c2 = cap ? cap * 2 : 64;
			struct head *p = realloc(m->h, c2 * sizeof *p);
			if (!p) {
				store_cursor_close(scan);
				return oom();
			}
			m->h = p;
			cap = c2;
		}
		h = &m->h[m->n];
		h->rid = rid;
		if (!(h->c = store_cursor_open(m->t->st, T_BYRES))) {
			store_cursor_close(scan);
			return oom();
		}
		rid_prefix(&pk, rid);
		rc = settle(m, h, store_seek(h->c, pk.b, pk.len, &h->k, &v), v);
		if (rc < 0) {
			store_cursor_close(h->c);
			store_cursor_close(scan);
			return txn_status(m->t);
		}
		if (rc)
			m->n++;
		else
			store_cursor_close(h->c);
		if (rid == UINT32_MAX)
			break;
		rid_prefix(&pk, rid + 1);
		ok = store_seek(scan, pk.b, pk.len, &k, &v);
	}
	store_cursor_close(scan);
	return txn_status(m->t);
}

berth_status list_merged(berth_txn *t, const berth_list_req *req,
			 berth_claim_cb cb, void *arg)
{
	struct merge m = {t, req->holds ? CLAIM_HOLD : CLAIM_BOOKING, 0,
			  NULL, 0, 0};
	store_table tb = claim_table(m.kind);
	arena *keep = t->a;
	berth_status st;
	btime from;
	int stopped = 0;

	if ((st = list_window(t, req, &from, &m.to)))
		return st;
	if (!(t->a = arena_new())) {
		t->a = keep;
		return oom();
	}
	st = open_heads(&m);
	for (size_t i = m.n / 2; !st && i-- > 0;)
		sift_down(&m, i);
	while (!st && m.n && !stopped) {
		struct head *h = &m.h[0];
		berth_claim *cl;
		keybuf id;
		sval v, idk;
		int rc;

		id_key(&id, h->e.id);
		idk.data = id.b;
		idk.len = id.len;
		arena_reset(t->a);
		if (!store_get(t->st, tb, id.b, id.len, &v)) {
			st = store_failed(t->st)
				 ? BERTH_INTERNAL
				 : schema_corrupt(t, T_BYRES, h->k,
						  "its claim is not there");
			break;
		}
		if (list_admits(t, req, tb, idk, v, from, m.to, &cl, &st) &&
		    cb(cl, arg))
			stopped = 1;
		if (st)
			break;
		rc = settle(&m, h, store_next(h->c, &h->k, &v), v);
		if (rc < 0) {
			st = txn_status(t);
			break;
		}
		if (!rc) {
			store_cursor_close(h->c);
			m.h[0] = m.h[--m.n];
		}
		sift_down(&m, 0);
	}
	/* Every claim was listed from the index: one the index lacks would
	 * be missing from the list without a word. A whole listing (no --to
	 * cut a resource short, none stopped) met as many entries as there
	 * are claims, or the store is damaged. */
	if (!st && !stopped && !req->has_to &&
	    m.met != store_count(t->st, tb)) {
		char why[160];
		snprintf(why, sizeof why,
			 "the by-resource index has %llu of its %llu claims "
			 "(berth check names them)",
			 (unsigned long long)m.met,
			 (unsigned long long)store_count(t->st, tb));
		st = schema_corrupt(t, T_BYRES, (sval){"", 0}, why);
	}
	for (size_t i = 0; i < m.n; i++)
		store_cursor_close(m.h[i].c);
	free(m.h);
	arena_free(t->a);
	t->a = keep;
	return st ? st : txn_status(t);
}
