/* store-lmdb-txn.c - the store inside one LMDB transaction: a table's
 * handle, get, put, delete, clear, and ordered cursors. Errors stick to the
 * transaction (knot's way) and the runner in store-lmdb.c reports them. */
#include "store-lmdb.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The handle of a table in this transaction, opening it on first use: a
 * command touches few tables, and opening all of them costs every process
 * a lookup per table. A table is created by the first write into it, never
 * by a read, so a write transaction that only read commits nothing. */
static int table(store_txn *t, store_table tb, int create, MDB_dbi *dbi)
{
	uint64_t bit = (uint64_t)1 << tb;
	int rc;

	if (t->rc)
		return 0;
	if (t->open_mask & bit) {
		*dbi = t->dbi[tb];
		return 1;
	}
	if (t->s->open_mask & bit) {
		*dbi = t->s->dbi[tb];
		return 1;
	}
	if ((t->absent_mask & bit) && !create)
		return 0;
	rc = mdb_dbi_open(t->txn, store_table_names[tb], create ? MDB_CREATE : 0,
			  &t->dbi[tb]);
	if (rc == MDB_NOTFOUND) {
		t->absent_mask |= bit;
		return 0;
	}
	if (rc) {
		t->rc = rc;
		return 0;
	}
	t->absent_mask &= ~bit;
	t->open_mask |= bit;
	*dbi = t->dbi[tb];
	return 1;
}

int lmdb_get(store_txn *t, store_table tb, const void *key, size_t klen,
	      sval *val)
{
	MDB_val k = {klen, (void *)key}, v;
	MDB_dbi dbi;
	int rc;

	if (!table(t, tb, 0, &dbi))
		return 0;
	rc = mdb_get(t->txn, dbi, &k, &v);
	if (rc == MDB_NOTFOUND)
		return 0;
	if (rc) {
		t->rc = rc;
		return 0;
	}
	val->data = v.mv_data;
	val->len = v.mv_size;
	return 1;
}

/* The table's put cursor, opened on first use. */
static int put_cursor(store_txn *t, store_table tb, MDB_dbi dbi)
{
	int rc;

	if (t->put_cur[tb])
		return 1;
	if ((rc = mdb_cursor_open(t->txn, dbi, &t->put_cur[tb]))) {
		t->put_cur[tb] = NULL;
		t->rc = rc;
		return 0;
	}
	return 1;
}

uint64_t lmdb_count(store_txn *t, store_table tb)
{
	MDB_stat ms;
	MDB_dbi dbi;
	int rc;

	if (!table(t, tb, 0, &dbi))
		return 0;
	if ((rc = mdb_stat(t->txn, dbi, &ms))) {
		t->rc = rc;
		return 0;
	}
	return ms.ms_entries;
}

static int put(store_txn *t, store_table tb, const void *key, size_t klen,
	       const void *val, size_t vlen, unsigned flags)
{
	MDB_val k = {klen, (void *)key}, v = {vlen, (void *)val};
	MDB_dbi dbi;
	int rc;

	if (!t->write && !t->rc)
		t->rc = EACCES;
	if (!table(t, tb, 1, &dbi))
		return 1;
	if (!put_cursor(t, tb, dbi))
		return 1;
	rc = mdb_cursor_put(t->put_cur[tb], &k, &v, flags);
	if (rc == MDB_KEYEXIST && (flags & MDB_NOOVERWRITE))
		return 0;
	if (rc)
		t->rc = rc;
	return 1;
}

int lmdb_put(store_txn *t, store_table tb, const void *key, size_t klen,
	     const void *val, size_t vlen, int fresh)
{
	return put(t, tb, key, klen, val, vlen, fresh ? MDB_NOOVERWRITE : 0);
}

void lmdb_del(store_txn *t, store_table tb, const void *key, size_t klen)
{
	MDB_val k = {klen, (void *)key};
	MDB_dbi dbi;
	int rc;

	if (!t->write && !t->rc)
		t->rc = EACCES;
	if (!table(t, tb, 0, &dbi))
		return;
	rc = mdb_del(t->txn, dbi, &k, NULL);
	if (rc && rc != MDB_NOTFOUND)
		t->rc = rc;
}

void lmdb_clear(store_txn *t, store_table tb)
{
	MDB_dbi dbi;
	int rc;

	if (!t->write && !t->rc)
		t->rc = EACCES;
	if (table(t, tb, 0, &dbi) && (rc = mdb_drop(t->txn, dbi, 0)))
		t->rc = rc;
}

int lmdb_failed(const store_txn *t)
{
	return t->rc != 0;
}

int lmdb_writable(const store_txn *t)
{
	return t->write;
}

store_cursor *lmdb_cursor_open(store_txn *t, store_table tb)
{
	store_cursor *c = calloc(1, sizeof *c);
	MDB_dbi dbi;
	int rc;

	if (c)
		c->ops = &store_lmdb_ops;
	if (!c) {
		if (!t->rc)
			t->rc = ENOMEM;
		return NULL;
	}
	c->t = t;
	if (table(t, tb, 0, &dbi) && (rc = mdb_cursor_open(t->txn, dbi, &c->cur)))
		t->rc = rc;
	return c;
}

store_cursor *lmdb_cursor_near(store_txn *t, store_table tb)
{
	store_cursor *c;
	MDB_dbi dbi;

	/* A read transaction's cursors are not closed with it: the walk
	 * gets its own, closed by store_cursor_close. */
	if (!t->write || !table(t, tb, 0, &dbi))
		return lmdb_cursor_open(t, tb);
	if (!put_cursor(t, tb, dbi))
		return NULL;
	if (!(c = t->near[tb]) && !(c = t->near[tb] = calloc(1, sizeof *c))) {
		t->rc = ENOMEM;
		return NULL;
	}
	c->ops = &store_lmdb_ops;
	c->t = t;
	c->cur = t->put_cur[tb];
	c->shared = 1;
	return c;
}

static int step(store_cursor *c, MDB_val *k, MDB_cursor_op op, sval *key,
		sval *val)
{
	MDB_val v;
	int rc;

	if (!c || !c->cur || c->t->rc)
		return 0;
	rc = mdb_cursor_get(c->cur, k, &v, op);
	if (rc == MDB_NOTFOUND)
		return 0;
	if (rc) {
		c->t->rc = rc;
		return 0;
	}
	if (key) {
		key->data = k->mv_data;
		key->len = k->mv_size;
	}
	if (val) {
		val->data = v.mv_data;
		val->len = v.mv_size;
	}
	return 1;
}

int lmdb_seek(store_cursor *c, const void *key, size_t klen, sval *k,
	       sval *v)
{
	MDB_val mk = {klen, (void *)key};
	return step(c, &mk, MDB_SET_RANGE, k, v);
}

int lmdb_seek_le(store_cursor *c, const void *key, size_t klen, sval *k,
		  sval *v)
{
	MDB_val mk = {klen, (void *)key};
	sval got;

	if (step(c, &mk, MDB_SET_RANGE, &got, v)) {
		if (got.len == klen && memcmp(got.data, key, klen) == 0) {
			if (k)
				*k = got;
			return 1;
		}
		return step(c, &mk, MDB_PREV, k, v);
	}
	if (!c || !c->cur || c->t->rc)
		return 0;
	return step(c, &mk, MDB_LAST, k, v);
}

int lmdb_first(store_cursor *c, sval *k, sval *v)
{
	MDB_val mk;
	return step(c, &mk, MDB_FIRST, k, v);
}

int lmdb_next(store_cursor *c, sval *k, sval *v)
{
	MDB_val mk;
	return step(c, &mk, MDB_NEXT, k, v);
}

int lmdb_prev(store_cursor *c, sval *k, sval *v)
{
	MDB_val mk;
	return step(c, &mk, MDB_PREV, k, v);
}

void lmdb_cursor_close(store_cursor *c)
{
	if (!c || c->shared)
		return; /* store_cursor_near's: freed with its transaction */
	if (c->cur)
		mdb_cursor_close(c->cur);
	free(c);
}
