/* store-pg-txn.c - the store inside one PostgreSQL transaction: get, put,
 * delete, clear and ordered cursors over berth_kv, each a prepared
 * statement. Writes go to the server at once, so that every later read of
 * the transaction (a cursor's next batch included) sees them; failures
 * stick to the transaction as on LMDB, and the runner in store-pg.c
 * decides whether to run the whole command again. */
#include <stdlib.h>
#include <string.h>

#include "store-pg.h"

static const char *const sql[Q_COUNT_ALL] = {
    [Q_GET] = "SELECT v FROM berth_kv WHERE tb = $1 AND k = $2",
    [Q_PUT] = "INSERT INTO berth_kv (tb, k, v) VALUES ($1, $2, $3) "
	      "ON CONFLICT (tb, k) DO UPDATE SET v = excluded.v",
    [Q_PUT_NEW] = "INSERT INTO berth_kv (tb, k, v) VALUES ($1, $2, $3) "
		  "ON CONFLICT DO NOTHING",
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
};

/* Rows a cursor asks for first, and at most: most walks read a point or
 * two (a profile's level, the next id), some read a whole table (check,
 * list), so each batch is larger than the last. */
#define BATCH_FIRST 8
#define BATCH_MAX 1024

static void set_failure(store_txn *t, const char *state, const char *msg)
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
	set_failure(t, state, msg);
}

PGresult *pg_exec(store_txn *t, int q, int n, const char *const *vals,
		  const int *lens, int binary_out)
{
	static const int formats[3] = {1, 1, 1};
	store *s = t->s;
	PGresult *r;
	char name[8];
	ExecStatusType es;

	if (t->failed)
		return NULL;
	snprintf(name, sizeof name, "b%d", q);
	/* A statement's first run is parsed with it (one round trip); one
	 * run again on this connection is worth preparing (two round trips
	 * once, then one each, parsed no more): a one-shot `book` runs most
	 * of its statements once, a batch the same ones thousands of times. */
	if (!(s->prepared & (1u << q)) && !(s->used & (1u << q))) {
		s->used |= 1u << q;
		r = pq.execParams(s->conn, sql[q], n, NULL, vals, lens, formats,
				  binary_out);
	} else {
		if (!(s->prepared & (1u << q))) {
			r = pq.prepare(s->conn, name, sql[q], 0, NULL);
			if (!r || pq.resultStatus(r) != PGRES_COMMAND_OK) {
				pg_fail_res(t, r);
				pq.clear(r);
				return NULL;
			}
			pq.clear(r);
			s->prepared |= 1u << q;
		}
		r = pq.execPrepared(s->conn, name, n, vals, lens, formats,
				    binary_out);
	}
	es = r ? pq.resultStatus(r) : PGRES_FATAL_ERROR;
	if (es != PGRES_TUPLES_OK && es != PGRES_COMMAND_OK) {
		pg_fail_res(t, r);
		pq.clear(r);
		return NULL;
	}
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
		set_failure(t, "", "out of memory");
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

int pg_get(store_txn *t, store_table tb, const void *key, size_t klen,
	   sval *val)
{
	unsigned char b[2];
	const char *vals[2] = {(const char *)b, key};
	int lens[2] = {2, (int)klen};
	PGresult *r;

	be16(b, (unsigned)tb);
	if (!(r = pg_exec(t, Q_GET, 2, vals, lens, 1)))
		return 0;
	if (pq.ntuples(r) != 1) {
		pq.clear(r);
		return 0;
	}
	val->data = pq.getvalue(r, 0, 0);
	val->len = (size_t)pq.getlength(r, 0, 0);
	keep(t, r);
	return !t->failed;
}

uint64_t pg_count(store_txn *t, store_table tb)
{
	unsigned char b[2];
	const char *vals[1] = {(const char *)b};
	int lens[1] = {2};
	PGresult *r;
	uint64_t n = 0;

	be16(b, (unsigned)tb);
	if (!(r = pg_exec(t, Q_COUNT, 1, vals, lens, 1)))
		return 0;
	if (pq.ntuples(r) == 1 && pq.getlength(r, 0, 0) == 8)
		n = get_be64(pq.getvalue(r, 0, 0));
	pq.clear(r);
	return n;
}

/* Every write: earlier values may be gone (as on LMDB), and each cursor
 * reads afresh from where it stands, so that it sees the write. */
static int writing(store_txn *t)
{
	if (!t->write) {
		set_failure(t, "", "a write in a read transaction (a bug)");
		t->lost = 0;
	}
	if (t->failed)
		return 0;
	drop_kept(t);
	t->gen++;
	t->wrote = 1;
	return 1;
}

int pg_put(store_txn *t, store_table tb, const void *key, size_t klen,
	   const void *val, size_t vlen, int fresh)
{
	unsigned char b[2];
	const char *vals[3] = {(const char *)b, key, val};
	int lens[3] = {2, (int)klen, (int)vlen};
	PGresult *r;
	int made;

	if (!writing(t))
		return 1;
	be16(b, (unsigned)tb);
	if (!(r = pg_exec(t, fresh ? Q_PUT_NEW : Q_PUT, 3, vals, lens, 0)))
		return 1;
	made = strcmp(pq.cmdTuples(r), "0") != 0;
	pq.clear(r);
	return made;
}

void pg_del(store_txn *t, store_table tb, const void *key, size_t klen)
{
	unsigned char b[2];
	const char *vals[2] = {(const char *)b, key};
	int lens[2] = {2, (int)klen};

	if (!writing(t))
		return;
	be16(b, (unsigned)tb);
	pq.clear(pg_exec(t, Q_DEL, 2, vals, lens, 0));
}

void pg_clear(store_txn *t, store_table tb)
{
	unsigned char b[2];
	const char *vals[1] = {(const char *)b};
	int lens[1] = {2};

	if (!writing(t))
		return;
	be16(b, (unsigned)tb);
	pq.clear(pg_exec(t, Q_CLEAR, 1, vals, lens, 0));
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
		set_failure(t, "", "out of memory");
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
	free(c->key);
	free(c);
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
	if (klen > c->kcap) {
		unsigned char *nk = realloc(c->key, klen);
		if (!nk) {
			set_failure(c->t, "", "out of memory");
			return 0;
		}
		c->key = nk;
		c->kcap = klen;
	}
	memcpy(c->key, pq.getvalue(c->res, i, 0), klen);
	c->klen = klen;
	c->has_key = 1;
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

/* A new batch in direction dir from key (none: from the table's end).
 * The batches before stay readable until the transaction writes or ends:
 * LMDB's values do, and the engine keeps some (list reads a chunk of
 * claims by seeking one cursor, and uses them all afterwards). */
static int fetch(store_cursor *c, int q, const void *key, size_t klen,
		 int dir, sval *k, sval *v)
{
	store_txn *t = c->t;
	unsigned char b[2], lim[8];
	const char *vals[3] = {(const char *)b, key, (const char *)lim};
	int lens[3] = {2, (int)klen, 8};
	PGresult *r;

	if (!c->batch)
		c->batch = BATCH_FIRST;
	be16(b, (unsigned)c->tb);
	be64(lim, (uint64_t)c->batch);
	if (!key) {
		vals[1] = (const char *)lim;
		lens[1] = 8;
	}
	r = pg_exec(t, q, key ? 3 : 2, vals, lens, 1);
	if (!r)
		return 0;
	if (c->res)
		keep(t, c->res);
	c->res = r;
	c->n = pq.ntuples(r);
	c->full = c->n == c->batch;
	c->dir = dir;
	c->gen = t->gen;
	c->pos = 0;
	if (c->batch < BATCH_MAX)
		c->batch *= 4;
	if (c->n == 0)
		return 0;
	return row(c, 0, k, v);
}

static int step(store_cursor *c, int dir, sval *k, sval *v)
{
	if (!c || c->t->failed)
		return 0;
	if (!c->has_key)
		return fetch(c, dir > 0 ? Q_FIRST : Q_LAST, NULL, 0, dir, k, v);
	if (c->res && c->gen == c->t->gen && c->dir == dir) {
		if (c->pos + 1 < c->n)
			return row(c, c->pos + 1, k, v);
		if (!c->full)
			return 0;
	}
	return fetch(c, dir > 0 ? Q_GT : Q_LT, c->key, c->klen, dir, k, v);
}

/* A seek that finds nothing leaves the cursor nowhere: next is then the
 * first entry, prev the last, as after LMDB's MDB_SET_RANGE. */
int pg_seek(store_cursor *c, const void *key, size_t klen, sval *k, sval *v)
{
	if (!c || c->t->failed)
		return 0;
	c->batch = BATCH_FIRST;
	c->has_key = 0;
	return fetch(c, Q_GE, key, klen, 1, k, v);
}

int pg_seek_le(store_cursor *c, const void *key, size_t klen, sval *k,
	       sval *v)
{
	if (!c || c->t->failed)
		return 0;
	c->batch = BATCH_FIRST;
	c->has_key = 0;
	return fetch(c, Q_LE, key, klen, -1, k, v);
}

int pg_first(store_cursor *c, sval *k, sval *v)
{
	if (!c || c->t->failed)
		return 0;
	c->batch = BATCH_FIRST;
	c->has_key = 0;
	return fetch(c, Q_FIRST, NULL, 0, 1, k, v);
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

/* Whatever the transaction still holds, at its end. */
void pg_txn_end(store_txn *t)
{
	while (t->cursors) {
		store_cursor *c = t->cursors;
		t->cursors = c->next_open;
		cursor_free(c);
	}
	drop_kept(t);
}
