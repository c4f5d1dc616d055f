/* store-ops.h - how store.c reaches the store behind a handle: each kind
 * of store (LMDB, PostgreSQL) fills one table of these, and its handles
 * (store, store_txn, store_cursor) each begin with a pointer to it, so
 * that store.c needs to know nothing else about them. Only store.c and
 * the stores' own files include this. */
#ifndef BERTH_STORE_OPS_H
#define BERTH_STORE_OPS_H

#include "store.h"

struct store_ops {
	void (*close)(store *s);
	const char *(*path)(const store *s);
	void (*set_verbose)(store *s, int on);
	berth_status (*run)(store *s, int write, store_fn fn, void *arg);
	int (*get)(store_txn *t, store_table tb, const void *key, size_t klen,
		   sval *val);
	uint64_t (*count)(store_txn *t, store_table tb);
	/* fresh: a key that must be new (store_put_new) */
	int (*put)(store_txn *t, store_table tb, const void *key, size_t klen,
		   const void *val, size_t vlen, int fresh);
	void (*del)(store_txn *t, store_table tb, const void *key, size_t klen);
	void (*clear)(store_txn *t, store_table tb);
	/* NULL for a store whose values cost nothing to keep (LMDB's map). */
	void (*release)(store_txn *t);
	int (*failed)(const store_txn *t);
	int (*writable)(const store_txn *t);
	store_cursor *(*cursor_open)(store_txn *t, store_table tb);
	store_cursor *(*cursor_near)(store_txn *t, store_table tb);
	int (*seek)(store_cursor *c, const void *key, size_t klen, sval *k,
		    sval *v);
	int (*seek_le)(store_cursor *c, const void *key, size_t klen, sval *k,
		       sval *v);
	int (*first)(store_cursor *c, sval *k, sval *v);
	int (*next)(store_cursor *c, sval *k, sval *v);
	int (*prev)(store_cursor *c, sval *k, sval *v);
	void (*cursor_close)(store_cursor *c);
	berth_status (*stats)(store *s, store_stats *out);
	berth_status (*backup)(store *s, const char *file);
	berth_status (*backup_fd)(store *s, int fd);
	/* NULL for a store watched by its files (LMDB: inotify). */
	int (*watch_fd)(store *s);
	void (*watch_drain)(store *s);
};

/* The first member of every handle. */
struct store_head {
	const struct store_ops *ops;
};

extern const struct store_ops store_lmdb_ops, store_pg_ops;

/* Each kind's opening; store_open chooses by the name it is given. */
berth_status store_lmdb_open(const char *path, int flags, store **out);
berth_status store_pg_open(const char *conninfo, int flags, store **out);

/* store-copy.c: the whole of `from` into a new store `to` (a server's
 * connection string, or an LMDB backup file to write). */
berth_status store_copy_to(store *from, const char *to);
/* An LMDB backup of `from` written to fd (berth backup -). */
berth_status store_copy_to_fd(store *from, int fd);

#endif
