/* store-pg-cache.c - the small tables of a transaction read whole: at its
 * first statement one query brings every entry of the tables in
 * PG_SMALL_TABLES that hold at most PG_SMALL (the meta table, resources,
 * policies, the calendar's), and from then on the transaction reads them
 * here, in no round trip, its own writes applied as it makes them (and
 * sent to the server as well). A table found larger is read entry by
 * entry, as the others, and not asked for again on this connection.
 *
 * The rows point into the query's result, or into copies of what was
 * written, kept until the transaction ends. Keys order as bytea does:
 * bytes, then length. */
#include <stdlib.h>
#include <string.h>

#include "store-pg.h"

struct pg_copy {
	struct pg_copy *next;
	unsigned char data[];
};

static int key_cmp(const unsigned char *a, size_t alen, const void *b,
		   size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c)
		return c;
	return alen < blen ? -1 : alen > blen;
}

/* The first row whose key is >= key; *found when it is equal. */
static size_t lower(const struct pg_table *tb, const void *key, size_t klen,
		    int *found)
{
	size_t lo = 0, hi = tb->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (key_cmp(tb->rows[mid].k, tb->rows[mid].klen, key, klen) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < tb->n &&
		 key_cmp(tb->rows[lo].k, tb->rows[lo].klen, key, klen) == 0;
	return lo;
}

static int grow(store_txn *t, struct pg_table *tb)
{
	size_t cap;
	struct pg_row *rows;

	if (tb->n < tb->cap)
		return 1;
	cap = tb->cap ? tb->cap * 2 : 16;
	if (!(rows = realloc(tb->rows, cap * sizeof *rows))) {
		pg_fail(t, "", "out of memory");
		return 0;
	}
	tb->rows = rows;
	tb->cap = cap;
	return 1;
}

/* The query's rows: (tb, k, v), binary, in order of tb and k. */
void pg_cache_load(store_txn *t, PGresult *r)
{
	int n = pq.ntuples(r);
	size_t count[T_COUNT] = {0};

	for (int tb = 0; tb < T_COUNT; tb++)
		if (t->tables[tb].state == TB_PENDING)
			t->tables[tb].state = TB_WHOLE;
	for (int i = 0; i < n; i++) {
		const unsigned char *b = (const void *)pq.getvalue(r, i, 0);
		unsigned tb = (unsigned)b[0] << 8 | b[1];
		struct pg_table *pt;

		if (tb >= T_COUNT || t->tables[tb].state != TB_WHOLE)
			continue;
		pt = &t->tables[tb];
		if (++count[tb] > PG_SMALL) {
			pt->state = TB_REMOTE;
			pt->n = 0;
			t->s->large |= 1ull << tb;
			continue;
		}
		if (!grow(t, pt))
			break;
		pt->rows[pt->n].k = (const void *)pq.getvalue(r, i, 1);
		pt->rows[pt->n].klen = (size_t)pq.getlength(r, i, 1);
		pt->rows[pt->n].v = (const void *)pq.getvalue(r, i, 2);
		pt->rows[pt->n].vlen = (size_t)pq.getlength(r, i, 2);
		pt->n++;
	}
	pq.clear(t->small);
	t->small = r;
}

const struct pg_row *pg_cache_get(store_txn *t, store_table tb,
				  const void *key, size_t klen)
{
	struct pg_table *pt = &t->tables[tb];
	int found;
	size_t i = lower(pt, key, klen, &found);

	return found ? &pt->rows[i] : NULL;
}

static const unsigned char *copy(store_txn *t, const void *p, size_t len)
{
	struct pg_copy *c = malloc(sizeof *c + len + 1);

	if (!c) {
		pg_fail(t, "", "out of memory");
		return NULL;
	}
	memcpy(c->data, p, len);
	c->next = t->copies;
	t->copies = c;
	return c->data;
}

void pg_cache_put(store_txn *t, store_table tb, const void *key, size_t klen,
		  const void *val, size_t vlen)
{
	struct pg_table *pt = &t->tables[tb];
	int found;
	size_t i = lower(pt, key, klen, &found);
	const unsigned char *v = copy(t, val, vlen), *k;

	if (!v)
		return;
	if (!found) {
		if (!grow(t, pt) || !(k = copy(t, key, klen)))
			return;
		memmove(&pt->rows[i + 1], &pt->rows[i],
			(pt->n - i) * sizeof *pt->rows);
		pt->rows[i].k = k;
		pt->rows[i].klen = klen;
		pt->n++;
	}
	pt->rows[i].v = v;
	pt->rows[i].vlen = vlen;
}

void pg_cache_del(store_txn *t, store_table tb, const void *key, size_t klen)
{
	struct pg_table *pt = &t->tables[tb];
	int found;
	size_t i = lower(pt, key, klen, &found);

	if (!found)
		return;
	memmove(&pt->rows[i], &pt->rows[i + 1],
		(pt->n - i - 1) * sizeof *pt->rows);
	pt->n--;
}

void pg_cache_clear(store_txn *t, store_table tb)
{
	t->tables[tb].n = 0;
}

size_t pg_cache_find(store_txn *t, store_table tb, const void *key,
		     size_t klen, int ge)
{
	struct pg_table *pt = &t->tables[tb];
	int found;
	size_t i = lower(pt, key, klen, &found);

	if (ge)
		return i < pt->n ? i : (size_t)-1;
	if (found)
		return i;
	return i > 0 ? i - 1 : (size_t)-1;
}

void pg_cache_end(store_txn *t)
{
	for (int tb = 0; tb < T_COUNT; tb++) {
		free(t->tables[tb].rows);
		memset(&t->tables[tb], 0, sizeof t->tables[tb]);
	}
	while (t->copies) {
		struct pg_copy *c = t->copies;
		t->copies = c->next;
		free(c);
	}
	pq.clear(t->small);
	t->small = NULL;
	t->prefetched = 0;
}
