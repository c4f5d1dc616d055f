/* store-pg-txn.c - the store inside one PostgreSQL transaction: get, put,
 * delete, clear and ordered cursors over berth_kv, each a prepared
 * statement sent down the pipeline (store-pg-pipe.c). A read waits for its
 * answer, and takes every write sent before it along in the same round
 * trip: the server runs them in order, so the read sees them. The small
 * tables are read whole at the first statement (store-pg-cache.c) and
 * then here. Failures stick to the transaction as on LMDB, and the runner
 * in store-pg.c decides whether to run the whole command again. */
#include <stdlib.h>
#include <string.h>

#include "store-pg.h"

const char *const pg_sql[Q_COUNT_ALL] = {
    [Q_GET] = "SELECT v FROM berth_kv WHERE tb = $1 AND k = $2",
    [Q_PUT] = "INSERT INTO berth_kv (tb, k, v) VALUES ($1, $2, $3) "
	      "ON CONFLICT (tb, k) DO UPDATE SET v = excluded.v",
    /* A key that must be new and is not fails the transaction (23505,
     * an id given twice): its answer is not waited for. */
    [Q_PUT_NEW] = "INSERT INTO berth_kv (tb, k, v) VALUES ($1, $2, $3)",
    [Q_DEL] = "DELETE FROM berth_kv WHERE tb = $1 AND k = $2",
    [Q_CLEAR] = "DELETE FROM berth_kv WHERE tb = $1",
    [Q_COUNT] = "SELECT count(*) FROM berth_kv WHERE tb = $1",
    [Q_FIRST] = "SELECT k, v FROM berth_kv WHERE tb = $1 ORDER BY k "
		"LIMIT $2",
    [Q_LAST] = "SELECT k, v FROM berth_kv WHERE tb = $1 ORDER BY k DESC "
	       "LIMIT $2",
    [Q_GE] = "SELECT k, v FROM berth_kv WHERE tb = $1 AND k >= $2 "
	     "ORDER BY k LIMIT $3",
    [Q_GT] = "SELECT k, v FROM berth_kv WHERE tb = $1 AND k > $2 "
	     "ORDER BY k LIMIT $3",
    [Q_LE] = "SELECT k, v FROM berth_kv WHERE tb = $1 AND k <= $2 "
	     "ORDER BY k DESC LIMIT $3",
    [Q_LT] = "SELECT k, v FROM berth_kv WHERE tb = $1 AND k < $2 "
	     "ORDER BY k DESC LIMIT $3",
    /* The token, and a notification on the store's channel that the
     * server sends when (and only if) the transaction commits: those
     * who follow the store (events --follow, notify) wake at once. */
    [Q_TOKEN] = "INSERT INTO berth_token (token) SELECT $1 FROM "
		"(SELECT pg_notify('berth:' || current_schema(), '')) n",
    [Q_HAS_TOKEN] = "SELECT 1 FROM berth_token WHERE token = $1",
    /* The tables of the bits of $1, up to $2 entries each. */
    [Q_PREFETCH] = "SELECT x.tb, x.k, x.v FROM generate_series(0, 63) t(n), "
		   "LATERAL (SELECT b.tb, b.k, b.v FROM berth_kv b "
		   "WHERE b.tb = t.n ORDER BY b.k LIMIT $2) x "
		   "WHERE ($1::int8 >> t.n) & 1 = 1 ORDER BY x.tb, x.k",
    [Q_LAYOUT] = "SELECT value FROM berth_store WHERE name = 'layout'",
};

/* Rows a cursor asks for first, and at most: most walks read a point or
 * two (a profile's level, the next id), some read a whole table (check,
 * list), so each batch is larger than the last. */
#define BATCH_FIRST 8
#define BATCH_MAX 1024

void pg_fail(store_txn *t, const char *state, const char *msg)
{
	size_t n;

	if (t->failed)
		return;
	t->failed = 1;
	snprintf(t->state, sizeof t->state, "%s", state ? state : "");
	snprintf(t->msg, sizeof t->msg, "%s", msg && *msg ? msg : "unknown");
	/* One line: libpq's messages end in a newline, some have two. */
	n = strcspn(t->msg, "\n");
	t->msg[n] = '\0';
	t->lost = pq.status(t->s->conn) != CONNECTION_OK ||
		  strncmp(t->state, "08", 2) == 0 ||
		  strncmp(t->state, "57P0", 4) == 0;
}

void pg_fail_res(store_txn *t, PGresult *r)
{
	const char *state = r ? pq.resultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? pq.resultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)
			    : NULL;

	if (!msg)
		msg = pq.errorMessage(t->s->conn);
	pg_fail(t, state, msg);
}

PGresult *pg_exec(store_txn *t, int q, int n, const char *const *vals,
		  const int *lens, int binary_out)
{
	PGresult *r;

	if (!pg_send(t, q, n, vals, lens, binary_out, PEND_WANT) ||
	    !pg_sync(t, &r, 1))
		return NULL;
	if (!r)
		pg_fail(t, "", "no result (a bug)");
	return r;
}

/* Statement parameters: the table as a binary int2, a row count as a
 * binary int8 (network order, as PostgreSQL's binary format is). */
static void be16(unsigned char *b, unsigned v)
{
	b[0] = (unsigned char)(v >> 8);
	b[1] = (unsigned char)v;
}

static void be64(unsigned char *b, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		b[i] = (unsigned char)v;
}

static uint64_t get_be64(const char *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | (unsigned char)p[i];
	return v;
}

/* What store_get returned stays readable until the next write. */
static void keep(store_txn *t, PGresult *r)
{
	struct pg_keep *k = malloc(sizeof *k);

	if (!k) {
		pq.clear(r);
		pg_fail(t, "", "out of memory");
		return;
	}
	k->res = r;
	k->next = t->keep;
	t->keep = k;
}

static void drop_kept(store_txn *t)
{
	while (t->keep) {
		struct pg_keep *k = t->keep;
		t->keep = k->next;
		pq.clear(k->res);
		free(k);
	}
}

/* The small tables asked for at the transaction's first statement (with
 * it, in the same round trip). */
void pg_prefetch(store_txn *t)
{
	unsigned long long want = PG_SMALL_TABLES & ~t->s->large;
	unsigned char mask[8], lim[8];
	const char *vals[2] = {(const char *)mask, (const char *)lim};
	int lens[2] = {8, 8};

	if (t->prefetched || t->failed)
		return;
	t->prefetched = 1;
	if (!want)
		return;
	be64(mask, want);
	be64(lim, PG_SMALL + 1);
	if (!pg_send(t, Q_PREFETCH, 2, vals, lens, 1, PEND_PREFETCH))
		return;
	for (int tb = 0; tb < T_COUNT; tb++)
		if (want & 1ull << tb)
			t->tables[tb].state = TB_PENDING;
}

/* Whether tb is read whole here: its rows waited for when they are on
 * their way. */
static int whole(store_txn *t, store_table tb)
{
	pg_prefetch(t);
	if (t->tables[tb].state == TB_PENDING)
		pg_sync(t, NULL, 0);
	return !t->failed && t->tables[tb].state == TB_WHOLE;
}

int pg_get(store_txn *t, store_table tb, const void *key, size_t klen,
	   sval *val)
{
	unsigned char b[2];
	const char *vals[2] = {(const char *)b, key};
	int lens[2] = {2, (int)klen};
	const unsigned char *kept;
	PGresult *r;
	int present;

	if (whole(t, tb)) {
		const struct pg_row *row = pg_cache_get(t, tb, key, klen);
		if (!row)
			return 0;
		val->data = row->v;
		val->len = row->vlen;
		return 1;
	}
	if (pg_memo_get(t, tb, key, klen, val, &present))
		return present;
	be16(b, (unsigned)tb);
	if (!(r = pg_exec(t, Q_GET, 2, vals, lens, 1)))
		return 0;
	if (pq.ntuples(r) != 1) {
		pq.clear(r);
		pg_memo_note(t, tb, key, klen, NULL, 0);
		return 0;
	}
	val->data = pq.getvalue(r, 0, 0);
	val->len = (size_t)pq.getlength(r, 0, 0);
	/* Kept as a copy: the answer itself can go at once. */
	if ((kept = pg_memo_note(t, tb, key, klen, val->data, val->len))) {
		val->data = kept;
		pq.clear(r);
	} else {
		keep(t, r);
	}
	return !t->failed;
}

uint64_t pg_count(store_txn *t, store_table tb)
{
	unsigned char b[2];
	const char *vals[1] = {(const char *)b};
	int lens[1] = {2};
	PGresult *r;
	uint64_t n = 0;

	if (whole(t, tb))
		return t->tables[tb].n;
	be16(b, (unsigned)tb);
	if (!(r = pg_exec(t, Q_COUNT, 1, vals, lens, 1)))
		return 0;
	if (pq.ntuples(r) == 1 && pq.getlength(r, 0, 0) == 8)
		n = get_be64(pq.getvalue(r, 0, 0));
	pq.clear(r);
	return n;
}

/* Every write: earlier values may be gone (as on LMDB), and each cursor
 * on the table reads afresh from where it stands, so that it sees the
 * write. The write itself is sent (libpq copies its parameters, which may
 * be values read before) and not waited for; what this transaction keeps
 * of the table follows it after. */
static int may_write(store_txn *t)
{
	if (!t->write) {
		pg_fail(t, "", "a write in a read transaction (a bug)");
		t->lost = 0;
	}
	return !t->failed;
}

static void written(store_txn *t, store_table tb)
{
	drop_kept(t);
	t->gen[tb]++;
	t->wrote = 1;
}

int pg_put(store_txn *t, store_table tb, const void *key, size_t klen,
	   const void *val, size_t vlen, int fresh)
{
	unsigned char b[2];
	const char *vals[3] = {(const char *)b, key, val};
	int lens[3] = {2, (int)klen, (int)vlen};
	int local = whole(t, tb), present = 0;
	sval was;

	if (!may_write(t))
		return 1;
	/* Where the answer is known, a key that must be new and is there
	 * is told to the engine, as on LMDB (elsewhere the server fails the
	 * transaction). */
	if (fresh && (local ? pg_cache_get(t, tb, key, klen) != NULL
			    : pg_memo_get(t, tb, key, klen, &was, &present) &&
				  present))
		return 0;
	be16(b, (unsigned)tb);
	pg_send(t, fresh ? Q_PUT_NEW : Q_PUT, 3, vals, lens, 0, PEND_DROP);
	if (local)
		pg_cache_put(t, tb, key, klen, val, vlen);
	else
		pg_memo_write(t, tb, key, klen, val, vlen);
	written(t, tb);
	return 1;
}

void pg_del(store_txn *t, store_table tb, const void *key, size_t klen)
{
	unsigned char b[2];
	const char *vals[2] = {(const char *)b, key};
	int lens[2] = {2, (int)klen};
	int local = whole(t, tb);

	if (!may_write(t))
		return;
	be16(b, (unsigned)tb);
	pg_send(t, Q_DEL, 2, vals, lens, 0, PEND_DROP);
	if (local)
		pg_cache_del(t, tb, key, klen);
	else
		pg_memo_write(t, tb, key, klen, NULL, 0);
	written(t, tb);
}

void pg_clear(store_txn *t, store_table tb)
{
	unsigned char b[2];
	const char *vals[1] = {(const char *)b};
	int lens[1] = {2};
	int local = whole(t, tb);

	if (!may_write(t))
		return;
	be16(b, (unsigned)tb);
	pg_send(t, Q_CLEAR, 1, vals, lens, 0, PEND_DROP);
	if (local)
		pg_cache_clear(t, tb);
	pg_memo_clear(t, tb);
	written(t, tb);
}

/* The answers of gets and the batches cursors have left; each open
 * cursor's own batch stays. */
void pg_release(store_txn *t)
{
	drop_kept(t);
	/* The memo is kept while small: a walk's lookups repeat (the same
	 * resources, again and again). */
	if (t->memo_n > 4096)
		pg_memo_free(t);
}

int pg_failed(const store_txn *t)
{
	return t->failed;
}

int pg_writable(const store_txn *t)
{
	return t->write;
}

store_cursor *pg_cursor_open(store_txn *t, store_table tb)
{
	store_cursor *c = calloc(1, sizeof *c);

	if (!c) {
		pg_fail(t, "", "out of memory");
		return NULL;
	}
	c->ops = &store_pg_ops;
	c->t = t;
	c->tb = tb;
	c->next_open = t->cursors;
	t->cursors = c;
	return c;
}

/* No cursor of LMDB's to share: every walk reads its own batches. */
store_cursor *pg_cursor_near(store_txn *t, store_table tb)
{
	return pg_cursor_open(t, tb);
}

/* What the cursor read last stays readable after it is closed, as on
 * LMDB, until the transaction writes or ends. */
static void cursor_free(store_cursor *c)
{
	if (c->res)
		keep(c->t, c->res);
	pq.clear(c->ahead);
	free(c->key);
	free(c);
}

/* The cursor stands on key (copied: the row it came from may go). */
static int stand(store_cursor *c, const void *key, size_t klen)
{
	if (klen > c->kcap) {
		unsigned char *nk = realloc(c->key, klen);
		if (!nk) {
			pg_fail(c->t, "", "out of memory");
			return 0;
		}
		c->key = nk;
		c->kcap = klen;
	}
	memcpy(c->key, key, klen);
	c->klen = klen;
	c->has_key = 1;
	return 1;
}

/* Row i of the table read whole, or the end ((size_t)-1 or past it). */
static int local_row(store_cursor *c, size_t i, sval *k, sval *v)
{
	const struct pg_table *pt = &c->t->tables[c->tb];

	if (i >= pt->n)
		return 0;
	if (!stand(c, pt->rows[i].k, pt->rows[i].klen))
		return 0;
	if (k) {
		k->data = pt->rows[i].k;
		k->len = pt->rows[i].klen;
	}
	if (v) {
		v->data = pt->rows[i].v;
		v->len = pt->rows[i].vlen;
	}
	return 1;
}

/* A step from the key the cursor stands on, found again: the table may
 * have changed under it. */
static int local_step(store_cursor *c, int dir, sval *k, sval *v)
{
	const struct pg_table *pt = &c->t->tables[c->tb];
	size_t i;

	if (!c->has_key)
		return local_row(c, dir > 0 ? 0 : pt->n - 1, k, v);
	i = pg_cache_find(c->t, c->tb, c->key, c->klen, 1);
	if (dir > 0) {
		if (i == (size_t)-1)
			return 0;
		if (pt->rows[i].klen == c->klen &&
		    memcmp(pt->rows[i].k, c->key, c->klen) == 0)
			i++;
		return local_row(c, i, k, v);
	}
	if (i == (size_t)-1)
		i = pt->n;
	return i == 0 ? 0 : local_row(c, i - 1, k, v);
}

/* Row i of the batch: the cursor stands on it. Past the batch: the end,
 * the cursor stays where it stood (LMDB's cursors do the same). */
static int row(store_cursor *c, int i, sval *k, sval *v)
{
	size_t klen;

	if (i >= c->n)
		return 0;
	c->pos = i;
	klen = (size_t)pq.getlength(c->res, i, 0);
	if (!stand(c, pq.getvalue(c->res, i, 0), klen))
		return 0;
	if (k) {
		k->data = pq.getvalue(c->res, i, 0);
		k->len = klen;
	}
	if (v) {
		v->data = pq.getvalue(c->res, i, 1);
		v->len = (size_t)pq.getlength(c->res, i, 1);
	}
	return 1;
}

/* The batch the cursor reads next: r, in direction dir. */
static void take_batch(store_cursor *c, PGresult *r, int dir, int full)
{
	if (c->res)
		keep(c->t, c->res);
	c->res = r;
	c->n = pq.ntuples(r);
	c->full = full;
	c->dir = dir;
	c->gen = c->t->gen[c->tb];
	c->pos = 0;
}

/* A new batch in direction dir from key (none: from the table's end).
 * The batches before stay readable until the transaction writes or ends:
 * LMDB's values do, and the engine keeps some (list reads a chunk of
 * claims by seeking one cursor, and uses them all afterwards). A seek_le
 * (Q_LE) asks for the rows after key as well, in the same round trip:
 * a walk that seeks the level before a point goes on forward. */
static int fetch(store_cursor *c, int q, const void *key, size_t klen,
		 int dir, sval *k, sval *v)
{
	store_txn *t = c->t;
	unsigned char b[2], lim[8];
	const char *vals[3] = {(const char *)b, key, (const char *)lim};
	int lens[3] = {2, (int)klen, 8};
	PGresult *r[2];
	int asked = c->batch ? c->batch : BATCH_FIRST;

	c->batch = asked < BATCH_MAX ? asked * 4 : asked;
	pq.clear(c->ahead);
	c->ahead = NULL;
	be16(b, (unsigned)c->tb);
	be64(lim, (uint64_t)asked);
	if (!key) {
		vals[1] = (const char *)lim;
		lens[1] = 8;
	}
	if (!pg_send(t, q, key ? 3 : 2, vals, lens, 1, PEND_WANT) ||
	    (q == Q_LE &&
	     !pg_send(t, Q_GT, 3, vals, lens, 1, PEND_WANT)) ||
	    !pg_sync(t, r, q == Q_LE ? 2 : 1))
		return 0;
	if (q == Q_LE) {
		c->ahead = r[1];
		c->ahead_full = r[1] && pq.ntuples(r[1]) == asked;
	}
	take_batch(c, r[0], dir, pq.ntuples(r[0]) == asked);
	if (c->n == 0)
		return 0;
	return row(c, 0, k, v);
}

static int step(store_cursor *c, int dir, sval *k, sval *v)
{
	store_txn *t;

	if (!c || c->t->failed)
		return 0;
	t = c->t;
	if (whole(t, c->tb))
		return local_step(c, dir, k, v);
	if (!c->has_key)
		return fetch(c, dir > 0 ? Q_FIRST : Q_LAST, NULL, 0, dir, k, v);
	if (c->res && c->gen == t->gen[c->tb] && c->dir == dir) {
		if (c->pos + 1 < c->n)
			return row(c, c->pos + 1, k, v);
		if (!c->full)
			return 0;
	}
	/* Forward from the row seek_le found: the rows after it came
	 * with it. */
	if (dir > 0 && c->ahead && c->res && c->gen == t->gen[c->tb] &&
	    c->dir < 0 && c->pos == 0) {
		PGresult *a = c->ahead;
		c->ahead = NULL;
		take_batch(c, a, 1, c->ahead_full);
		return c->n ? row(c, 0, k, v) : 0;
	}
	return fetch(c, dir > 0 ? Q_GT : Q_LT, c->key, c->klen, dir, k, v);
}

/* A seek that finds nothing leaves the cursor nowhere: next is then the
 * first entry, prev the last, as after LMDB's MDB_SET_RANGE. */
static int position(store_cursor *c, int q, const void *key, size_t klen,
		    sval *k, sval *v)
{
	if (!c || c->t->failed)
		return 0;
	c->batch = BATCH_FIRST;
	c->has_key = 0;
	if (whole(c->t, c->tb)) {
			if (q == Q_FIRST)
			return local_row(c, 0, k, v);
		return local_row(c, pg_cache_find(c->t, c->tb, key, klen,
						   q == Q_GE),
				 k, v);
	}
	return fetch(c, q, key, klen, q == Q_LE ? -1 : 1, k, v);
}

int pg_seek(store_cursor *c, const void *key, size_t klen, sval *k, sval *v)
{
	return position(c, Q_GE, key, klen, k, v);
}

int pg_seek_le(store_cursor *c, const void *key, size_t klen, sval *k,
	       sval *v)
{
	return position(c, Q_LE, key, klen, k, v);
}

int pg_first(store_cursor *c, sval *k, sval *v)
{
	return position(c, Q_FIRST, NULL, 0, k, v);
}

int pg_next(store_cursor *c, sval *k, sval *v)
{
	return step(c, 1, k, v);
}

int pg_prev(store_cursor *c, sval *k, sval *v)
{
	return step(c, -1, k, v);
}

void pg_cursor_close(store_cursor *c)
{
	store_cursor **p;

	if (!c)
		return;
	for (p = &c->t->cursors; *p; p = &(*p)->next_open)
		if (*p == c) {
			*p = c->next_open;
			break;
		}
	cursor_free(c);
}

/* Whatever the transaction still holds, at its end; what it sent and
 * did not read is not its own any more. */
void pg_txn_end(store_txn *t)
{
	while (t->cursors) {
		struct store_cursor *c = t->cursors;
		t->cursors = c->next_open;
		cursor_free(c);
	}
	drop_kept(t);
	pg_cache_end(t);
	pg_memo_free(t);
	pg_orphan(t->s);
}
