/* list-merge.c - every claim in start order, then id, as `berth list`
 * shows them by default, without gathering and sorting them first.
 *
 * The by-resource index keeps each resource's claims in exactly that
 * order (its key: rid, start, kind, id). One cursor a resource, each at
 * its next claim of the kind listed, and a heap of them by (start, id)
 * hand the claims out in order: the first line goes out at once, and
 * memory is a cursor and an entry a resource, however many claims there
 * are. Each claim is then read by id and shown through list.c's filters,
 * as list_walk does for one resource.
 *
 * Read one by one in start order, the claims' ids are scattered over the
 * table: a lookup from the root each, the page most likely not in the
 * CPU's cache. So the merge hands out a chunk of CHUNK claims at a time,
 * whose records are looked up in id order with one cursor (LMDB looks in
 * the page it is on first), then shown in start order: memory for the
 * chunk is fixed, whatever the store holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct head {
	store_cursor *c;
	uint32_t rid;
	sval k; /* the index entry's key, to name it when its claim is not */
	byres_entry e;
};

#define CHUNK 65536

/* A claim of the chunk, in start order: its id, the index entry it came
 * from, and its record once read. */
struct pick {
	uint64_t id;
	sval k, v;
};

/* The chunk's ids in id order, each with its place in start order: what
 * is sorted is these 16 bytes, not the picks. */
struct by {
	uint64_t id;
	size_t at;
};

static int by_id(const void *a, const void *b)
{
	uint64_t x = ((const struct by *)a)->id, y = ((const struct by *)b)->id;
	return (x > y) - (x < y);
}

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

/* The next chunk of claims in start order into p (*n of them), each
 * head moved on past the one it gave. */
static berth_status next_chunk(struct merge *m, struct pick *p, size_t *n)
{
	*n = 0;
	while (m->n && *n < CHUNK) {
		struct head *h = &m->h[0];
		sval v;
		int rc;
		p[*n] = (struct pick){h->e.id, h->k, {NULL, 0}};
		(*n)++;
		rc = settle(m, h, store_next(h->c, &h->k, &v), v);
		if (rc < 0)
			return txn_status(m->t);
		if (!rc) {
			store_cursor_close(h->c);
			m->h[0] = m->h[--m->n];
		}
		sift_down(m, 0);
	}
	return BERTH_OK;
}

/* The chunk's records, looked up in id order with one cursor. */
static berth_status read_chunk(struct merge *m, store_cursor *c,
			       struct pick *p, struct by *o, size_t n)
{
	for (size_t i = 0; i < n; i++)
		o[i] = (struct by){p[i].id, i};
	qsort(o, n, sizeof *o, by_id);
	for (size_t i = 0; i < n; i++) {
		struct pick *x = &p[o[i].at];
		keybuf id;
		sval k;
		id_key(&id, x->id);
		if (!store_seek(c, id.b, id.len, &k, &x->v) ||
		    k.len != id.len || memcmp(k.data, id.b, id.len)) {
			if (store_failed(m->t->st))
				return BERTH_INTERNAL;
			return schema_corrupt(m->t, T_BYRES, x->k,
					      "its claim is not there");
		}
	}
	return BERTH_OK;
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
	struct pick *picks = NULL;
	struct by *order = NULL;
	store_cursor *rc = NULL;

	if ((st = list_window(t, req, &from, &m.to)))
		return st;
	if (!(t->a = arena_new())) {
		t->a = keep;
		return oom();
	}
	st = open_heads(&m);
	for (size_t i = m.n / 2; !st && i-- > 0;)
		sift_down(&m, i);
	if (!st && (!(picks = malloc(CHUNK * sizeof *picks)) ||
		    !(order = malloc(CHUNK * sizeof *order))))
		st = oom();
	if (!st && !(rc = store_cursor_open(t->st, tb)))
		st = oom();
	while (!st && m.n && !stopped) {
		size_t n;
		if ((st = next_chunk(&m, picks, &n)) ||
		    (st = read_chunk(&m, rc, picks, order, n)))
			break;
		for (size_t i = 0; i < n && !st && !stopped; i++) {
			berth_claim *cl;
			keybuf id;
			sval idk;
			id_key(&id, picks[i].id);
			idk.data = id.b;
			idk.len = id.len;
			arena_reset(t->a);
			if (list_admits(t, req, tb, idk, picks[i].v, from,
					m.to, &cl, &st) &&
			    cb(cl, arg))
				stopped = 1;
		}
	}
	store_cursor_close(rc);
	free(picks);
	free(order);
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
