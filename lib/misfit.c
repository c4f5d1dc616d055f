/* misfit.c - the claims a resource no longer has room for. Changing a
 * resource never alters a booking (SPEC invariant 6), so a resource made
 * smaller than what is booked on it keeps every claim; this file says which
 * ones no longer fit, for `resource set` to warn about and `check` to name.
 *
 * Only claims that still matter are held to the resource as it is now:
 * those that count (not used, released, cancelled or expired), whose time
 * is not up and whose window has not ended. A window that is over was
 * booked against the resource as it was then, which nothing records.
 *
 * A claim does not fit when it holds a seat beyond the resource's seats,
 * or when, at some instant of its window, the claims that keep their place
 * leave it too little capacity. Who keeps their place is decided as a
 * person would: confirmed bookings first, then pending ones, then holds,
 * each in the order they were made (by id). So the list names the claims
 * to move or cancel, not every claim that shares a crowded hour. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "misfit.h"

int misfit_counts(const span_entry *s, btime now)
{
	return s->expires_at > now && s->end > now;
}

void misfit_item_of(const span_entry *s, misfit_item *out)
{
	*out = (misfit_item){
	    .kind = s->kind,
	    .id = s->id,
	    .start = s->start,
	    .end = s->end,
	    .quantity = s->quantity,
	    .rank = s->kind == CLAIM_HOLD	   ? 2
		    : s->expires_at == BTIME_NEVER ? 0
						   : 1,
	};
}

/* Bookings before holds, each by id: the order ids are listed in. */
static int by_claim(const void *a, const void *b)
{
	const misfit_item *x = a, *y = b;
	int kx = x->kind == CLAIM_HOLD, ky = y->kind == CLAIM_HOLD;

	if (kx != ky)
		return kx - ky;
	return (x->id > y->id) - (x->id < y->id);
}

static int by_rank(const void *a, const void *b)
{
	const misfit_item *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank - y->rank;
	return (x->id > y->id) - (x->id < y->id);
}

void misfit_sort(misfit_item *v, size_t n)
{
	if (n)
		qsort(v, n, sizeof *v, by_claim);
}

misfit_item *misfit_find(misfit_item *v, size_t n, claim_kind kind, uint64_t id)
{
	misfit_item key = {.kind = kind, .id = id};

	return n ? bsearch(&key, v, n, sizeof *v, by_claim) : NULL;
}

typedef struct {
	btime at;
	int64_t q;
} step;

static int by_at(const void *a, const void *b)
{
	btime x = ((const step *)a)->at, y = ((const step *)b)->at;
	return (x > y) - (x < y);
}

static int cmp_time(const void *a, const void *b)
{
	btime x = *(const btime *)a, y = *(const btime *)b;
	return (x > y) - (x < y);
}

/* The most units the items not set aside hold at once (-1: no memory).
 * Windows are half-open: one ending when another starts do not meet. */
static int64_t peak(const misfit_item *v, size_t n)
{
	step *s = malloc((2 * n + 1) * sizeof *s);
	int64_t level = 0, top = 0;
	size_t m = 0;

	if (!s)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!v[i].out) {
			s[m++] = (step){v[i].start, v[i].quantity};
			s[m++] = (step){v[i].end, -v[i].quantity};
		}
	qsort(s, m, sizeof *s, by_at);
	for (size_t i = 0; i < m; i++) {
		level += s[i].q;
		if ((i + 1 == m || s[i + 1].at != s[i].at) && level > top)
			top = level;
	}
	free(s);
	return top;
}

/* A segment tree over the instants where windows start and end: add
 * units over a run of them, and read the most held anywhere in a run.
 * Each claim costs a logarithm of the claims, so a shrink of a resource
 * with many thousand claims is still quick. */
typedef struct {
	int64_t *top, *add;
	size_t n; /* elementary ranges [x[i], x[i+1]) */
} tree;

static void tree_add(tree *t, size_t node, size_t lo, size_t hi, size_t l,
		     size_t r, int64_t q)
{
	if (r <= lo || hi <= l)
		return;
	if (l <= lo && hi <= r) {
		t->top[node] += q;
		t->add[node] += q;
		return;
	}
	size_t mid = lo + (hi - lo) / 2;
	tree_add(t, 2 * node, lo, mid, l, r, q);
	tree_add(t, 2 * node + 1, mid, hi, l, r, q);
	t->top[node] = t->add[node] + (t->top[2 * node] > t->top[2 * node + 1]
					   ? t->top[2 * node]
					   : t->top[2 * node + 1]);
}

static int64_t tree_top(const tree *t, size_t node, size_t lo, size_t hi,
			size_t l, size_t r)
{
	if (r <= lo || hi <= l)
		return 0;
	if (l <= lo && hi <= r)
		return t->top[node];
	size_t mid = lo + (hi - lo) / 2;
	int64_t a = tree_top(t, 2 * node, lo, mid, l, r);
	int64_t b = tree_top(t, 2 * node + 1, mid, hi, l, r);
	return t->add[node] + (a > b ? a : b);
}

static size_t index_of(const btime *x, size_t n, btime at)
{
	const btime *p = bsearch(&at, x, n, sizeof *x, cmp_time);
	return (size_t)(p - x);
}

int misfit_fit(misfit_item *v, size_t n, int64_t capacity)
{
	btime *x = NULL;
	tree t = {0};
	size_t nx = 0;
	int64_t most;
	int rc = -1;

	if ((most = peak(v, n)) < 0)
		return -1;
	if (most <= capacity)
		return 0;
	if (!(x = malloc(2 * n * sizeof *x)))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!v[i].out) {
			x[nx++] = v[i].start;
			x[nx++] = v[i].end;
		}
	qsort(x, nx, sizeof *x, cmp_time);
	{
		size_t u = 0;
		for (size_t i = 0; i < nx; i++)
			if (!u || x[u - 1] != x[i])
				x[u++] = x[i];
		nx = u;
	}
	if (nx < 2) { /* cannot be: a claim's end follows its start */
		rc = 0;
		goto out;
	}
	t.n = nx - 1;
	t.top = calloc(4 * t.n, sizeof *t.top);
	t.add = calloc(4 * t.n, sizeof *t.add);
	if (!t.top || !t.add)
		goto out;
	qsort(v, n, sizeof *v, by_rank);
	for (size_t i = 0; i < n; i++) {
		size_t l, r;
		if (v[i].out)
			continue;
		l = index_of(x, nx, v[i].start);
		r = index_of(x, nx, v[i].end);
		if (tree_top(&t, 1, 0, t.n, l, r) + v[i].quantity > capacity)
			v[i].out = 1;
		else
			tree_add(&t, 1, 0, t.n, l, r, v[i].quantity);
	}
	rc = 0;
out:
	misfit_sort(v, n);
	free(t.top);
	free(t.add);
	free(x);
	return rc;
}

/* The counting claims of the resource that matter now, from its spans. */
static berth_status collect(berth_txn *t, uint32_t rid, misfit_item **out,
			    size_t *n)
{
	store_cursor *c = store_cursor_open(t->st, T_SPAN);
	misfit_item *v = NULL, *nv;
	size_t cap = 0;
	span_entry e;
	keybuf k;
	sval kv, sv;

	*n = 0;
	rid_prefix(&k, rid);
	for (int ok = store_seek(c, k.b, k.len, &kv, &sv);
	     ok && key_of_rid(kv, rid); ok = store_next(c, &kv, &sv)) {
		if (entry_read(t, T_SPAN, kv, sv, &e))
			break;
		if (!misfit_counts(&e, t->now))
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			if (!(nv = realloc(v, cap * sizeof *v))) {
				arena_set_failed(t->a);
				break;
			}
			v = nv;
		}
		misfit_item_of(&e, &v[(*n)++]);
	}
	store_cursor_close(c);
	*out = v;
	return txn_status(t);
}

void misfit_beyond_seats(berth_txn *t, const berth_resource *r,
			 misfit_item *v, size_t n, arena *scratch)
{
	store_cursor *c = store_cursor_open(t->st, T_SEAT);
	char why[160];
	seat_entry e;
	misfit_item *m;
	keybuf k;
	sval kv, sv;

	seat_key(&k, r->rid, r->seats + 1, INT64_MIN, (claim_kind)0, 0);
	for (int ok = store_seek(c, k.b, k.len, &kv, &sv);
	     ok && key_of_rid(kv, r->rid); ok = store_next(c, &kv, &sv)) {
		if (scratch) {
			if (schema_decode(T_SEAT, FORMAT_CURRENT, kv, sv,
					  scratch, &e, why, sizeof why))
				continue;
		} else if (entry_read(t, T_SEAT, kv, sv, &e)) {
			break;
		}
		if (e.expires_at > t->now && e.end > t->now &&
		    (m = misfit_find(v, n, e.kind, e.id)))
			m->out = 1;
	}
	store_cursor_close(c);
}

berth_status berth_misfits(berth_txn *t, const berth_resource *r,
			   berth_claim_ref **out, size_t *n)
{
	misfit_item *v = NULL;
	size_t nv = 0, k = 0;
	berth_status st;

	*out = NULL;
	*n = 0;
	if ((st = collect(t, r->rid, &v, &nv)))
		goto out;
	misfit_sort(v, nv);
	if (r->seats) {
		misfit_beyond_seats(t, r, v, nv, NULL);
		if ((st = txn_status(t)))
			goto out;
	}
	if (misfit_fit(v, nv, r->capacity)) {
		st = oom();
		goto out;
	}
	for (size_t i = 0; i < nv; i++)
		k += v[i].out;
	if (k && !(*out = arena_alloc(t->a, k * sizeof **out))) {
		st = oom();
		goto out;
	}
	for (size_t i = 0; i < nv; i++)
		if (v[i].out)
			(*out)[(*n)++] = (berth_claim_ref){v[i].kind, v[i].id};
out:
	free(v);
	return st;
}
