/* store-pg-memo.c - the entries a transaction got one by one, kept for
 * the rest of it: a batch reads the same resource, and the audit table's
 * counters, for each of its bookings, and each read is a round trip. The
 * writer holds the table lock and reads one snapshot, so what it read
 * changes only by its own writes, which update what is kept here as they
 * are made (a key never read is not added). The values are copies, valid
 * until a write to their key, a store_release or the end; past PG_MEMO
 * entries the memo is emptied at the next write (a value may go then). */
#include <stdlib.h>
#include <string.h>

#include "store-pg.h"

#define BUCKETS 4096
#define PG_MEMO 65536

struct pg_memo {
	struct pg_memo *next;
	unsigned char *v; /* NULL: the key is known to be absent */
	size_t vlen, klen;
	int tb;
	unsigned char k[];
};

static size_t hash(int tb, const void *key, size_t klen)
{
	const unsigned char *p = key;
	size_t h = 2166136261u ^ (size_t)tb;

	for (size_t i = 0; i < klen; i++)
		h = (h ^ p[i]) * 16777619u;
	return h % BUCKETS;
}

static struct pg_memo **slot(store_txn *t, int tb, const void *key,
			     size_t klen)
{
	struct pg_memo **p;

	if (!t->memo)
		return NULL;
	for (p = &t->memo[hash(tb, key, klen)]; *p; p = &(*p)->next)
		if ((*p)->tb == tb && (*p)->klen == klen &&
		    memcmp((*p)->k, key, klen) == 0)
			return p;
	return p;
}

/* 1 and *val when the key was read (0 in *present when it is absent). */
int pg_memo_get(store_txn *t, store_table tb, const void *key, size_t klen,
		sval *val, int *present)
{
	struct pg_memo **p = slot(t, (int)tb, key, klen);

	if (!p || !*p)
		return 0;
	*present = (*p)->v != NULL;
	if (*present) {
		val->data = (*p)->v;
		val->len = (*p)->vlen;
	}
	return 1;
}

static int set_value(struct pg_memo *m, const void *val, size_t vlen)
{
	unsigned char *v = NULL;

	if (val && !(v = malloc(vlen ? vlen : 1)))
		return 0;
	if (val)
		memcpy(v, val, vlen);
	free(m->v);
	m->v = v;
	m->vlen = vlen;
	return 1;
}

const unsigned char *pg_memo_note(store_txn *t, store_table tb,
				  const void *key, size_t klen,
				  const void *val, size_t vlen)
{
	struct pg_memo **p, *m;

	if (!t->memo && !(t->memo = calloc(BUCKETS, sizeof *t->memo)))
		return NULL;
	p = slot(t, (int)tb, key, klen);
	if (!*p) {
		if (!(m = calloc(1, sizeof *m + klen)))
			return NULL;
		m->tb = (int)tb;
		m->klen = klen;
		memcpy(m->k, key, klen);
		*p = m;
		t->memo_n++;
	}
	if (!set_value(*p, val, vlen)) {
		/* Not kept: forgotten, so that nothing stale is read. */
		m = *p;
		*p = m->next;
		free(m->v);
		free(m);
		t->memo_n--;
		return NULL;
	}
	return (*p)->v;
}

void pg_memo_write(store_txn *t, store_table tb, const void *key,
		   size_t klen, const void *val, size_t vlen)
{
	struct pg_memo **p;

	if (t->memo_n > PG_MEMO)
		pg_memo_free(t);
	if (!(p = slot(t, (int)tb, key, klen)) || !*p)
		return;
	pg_memo_note(t, tb, key, klen, val, vlen);
}

void pg_memo_clear(store_txn *t, store_table tb)
{
	if (!t->memo)
		return;
	for (size_t b = 0; b < BUCKETS; b++)
		for (struct pg_memo **p = &t->memo[b]; *p;) {
			struct pg_memo *m = *p;
			if (m->tb != (int)tb) {
				p = &m->next;
				continue;
			}
			*p = m->next;
			free(m->v);
			free(m);
			t->memo_n--;
		}
}

void pg_memo_free(store_txn *t)
{
	if (!t->memo)
		return;
	for (size_t b = 0; b < BUCKETS; b++)
		while (t->memo[b]) {
			struct pg_memo *m = t->memo[b];
			t->memo[b] = m->next;
			free(m->v);
			free(m);
		}
	free(t->memo);
	t->memo = NULL;
	t->memo_n = 0;
}
