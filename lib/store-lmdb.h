/* store-lmdb.h - what the two files of the LMDB store share, and nothing
 * else sees: the handles behind store.h's names. store-lmdb.c has the
 * environment (opening, the transaction runner, stats, backups);
 * store-lmdb-txn.c what runs inside a transaction (tables, reads, writes,
 * cursors). They are the only files that call LMDB. */
#ifndef BERTH_STORE_LMDB_H
#define BERTH_STORE_LMDB_H

#include <lmdb.h>

#include "store-ops.h"
#include "store.h"

struct store {
	const struct store_ops *ops; /* first: see store-ops.h */
	MDB_env *env;
	char *path;
	uint64_t map_max;
	MDB_dbi dbi[T_COUNT];
	uint64_t open_mask; /* handles valid in the environment */
	int file_mode;
	int rdonly;	/* opened for reading only */
	int private;	/* a copy nobody else opens (restore's stage) */
	int write_fd;	/* write.lock, held for each write transaction */
	double timeout; /* seconds any lock is waited for */
};

struct store_txn {
	const struct store_ops *ops;
	store *s;
	MDB_txn *txn;
	int rc; /* the first LMDB failure; sticky */
	int write;
	uint64_t open_mask;   /* handles opened or confirmed in this txn */
	uint64_t absent_mask; /* tables that do not exist (read txn) */
	MDB_dbi dbi[T_COUNT];
	/* A cursor a table for this transaction's puts, opened on the
	 * first: it stays on the page it last wrote, and LMDB looks there
	 * before it descends from the root, so a key next to the last one
	 * (a new id, the next audit record, the end of a claim beside its
	 * start) is found without a search. LMDB closes them with the
	 * transaction. */
	MDB_cursor *put_cur[T_COUNT];
	struct store_cursor *near[T_COUNT]; /* store_cursor_near's */
};

struct store_cursor {
	const struct store_ops *ops;
	store_txn *t;
	MDB_cursor *cur; /* NULL: the table is absent or failed */
	int shared;	 /* cur is the table's put_cur: not ours to close */
};

/* store-lmdb-txn.c's half of store_lmdb_ops. */
int lmdb_get(store_txn *t, store_table tb, const void *key, size_t klen,
	     sval *val);
uint64_t lmdb_count(store_txn *t, store_table tb);
int lmdb_put(store_txn *t, store_table tb, const void *key, size_t klen,
	     const void *val, size_t vlen, int fresh);
void lmdb_del(store_txn *t, store_table tb, const void *key, size_t klen);
void lmdb_clear(store_txn *t, store_table tb);
int lmdb_failed(const store_txn *t);
int lmdb_writable(const store_txn *t);
store_cursor *lmdb_cursor_open(store_txn *t, store_table tb);
store_cursor *lmdb_cursor_near(store_txn *t, store_table tb);
int lmdb_seek(store_cursor *c, const void *key, size_t klen, sval *k,
	      sval *v);
int lmdb_seek_le(store_cursor *c, const void *key, size_t klen, sval *k,
		 sval *v);
int lmdb_first(store_cursor *c, sval *k, sval *v);
int lmdb_next(store_cursor *c, sval *k, sval *v);
int lmdb_prev(store_cursor *c, sval *k, sval *v);
void lmdb_cursor_close(store_cursor *c);

#endif
