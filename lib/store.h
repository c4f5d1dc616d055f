/* store.h - a small ordered key-value store with transactions. Everything
 * above this header speaks tables, keys and values; store-lmdb.c and
 * store-lmdb-txn.c are the only files that know LMDB, and a PostgreSQL implementation is one more file
 * behind the same calls (a table becomes a key prefix byte). */
#ifndef BERTH_STORE_H
#define BERTH_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* The tables (LMDB named sub-databases). Their keys are described in
 * docs/STORAGE.md; the numbering is part of the on-disk format only through
 * the names in store-lmdb.c and the seal tags in schema.c. */
typedef enum {
	T_META,	    /* name -> value: schema, tz */
	T_RESOURCE, /* name -> resource record */
	T_RESID,    /* rid -> name, kept after rm so old claims still read */
	T_HOLD,	    /* hold id -> claim record */
	T_BOOKING,  /* booking id -> claim record */
	T_SPAN,	    /* rid, start, kind, id -> claim footprint */
	T_PROFILE,  /* rid, instant -> units claimed from that instant on */
	T_SEAT,	    /* rid, seat, start, kind, id -> end, expires_at */
	T_EXPIRY,   /* rid, expires_at, kind, id -> start, end, quantity */
	T_POLICY,   /* rid (0: the store), key -> value */
	T_IDEM,	    /* idempotency key -> request and result */
	T_AUDIT,    /* seq -> audit record */
	T_AUDIT_BY, /* entity, seq -> (empty): audit ID */
	T_DUE,	    /* expires_at, rid, kind, id -> (empty): what expire sweeps */
	T_BYRES,    /* rid, start, kind, id -> (empty): every claim, ever */
	T_HOURS,    /* rid, date (0: the week) -> opening hours */
	T_HOLIDAY,  /* holiday id -> holiday record */
	T_HOLIDAY_DAY, /* day (yyyymmdd; mmdd when yearly), id -> (empty) */
	T_TIMEOFF,  /* time-off id -> time-off record */
	T_TIMEOFF_BY,  /* rid, to, id -> from: a resource's time off */
	T_SERVICE,  /* service name -> service record */
	T_EVENT,    /* event seq -> event: the outbox */
	T_NOTIFIER, /* notifier name -> its cursor */
	T_DELIVERY, /* notifier name, event seq -> attempts, lease, result */
	T_REACH,    /* rid -> the longest claim it ever had: list's seek */
	T_BYCUST,   /* customer digest, start, kind, id -> rid, end, expiry */
	T_SERIES,   /* series id, start, kind, id -> (empty): a series' claims */
	T_CUSTOMER, /* customer id -> contact record */
	T_CUSTHIST, /* customer digest, kind, id -> (empty): every claim, ever */
	T_WAITLIST, /* waitlist entry id -> waitlist record */
	T_WAITDAY,  /* rid, day, priority, id -> (empty): who waits when */
	T_WAITDUE,  /* until, id -> (empty): waiting entries, by their end */
	T_SVCPOLICY, /* service name, key -> value: a service's policies */
	T_COUNT
} store_table;

/* Each table's name (store-lmdb.c): its LMDB sub-database. */
extern const char *const store_table_names[T_COUNT];

typedef struct store store;
typedef struct store_txn store_txn;
typedef struct store_cursor store_cursor;

typedef struct {
	const void *data;
	size_t len;
} sval;

/* What a store can tell about itself, for `berth stats`. */
typedef struct {
	const char *kind;   /* "lmdb" or "postgresql" */
	char server[64];    /* PostgreSQL's version; "" for LMDB */
	uint64_t map_size;  /* bytes mapped */
	uint64_t map_used;  /* bytes in use up to the last page */
	uint64_t map_limit; /* the most it may grow to */
	uint64_t file_size; /* the data file on disk */
	unsigned readers;   /* reader slots in use */
	unsigned max_readers;
	uint64_t entries[T_COUNT];
	/* Bytes in the tables' pages (branch, leaf and overflow), and the
	 * catalogue and meta pages: what a compacted copy holds, without the
	 * free pages a long-lived file carries. */
	uint64_t data_bytes;
} store_stats;

enum {
	STORE_WRITE = 1,   /* create the store when missing */
	STORE_TRUST = 2,   /* skip the ownership checks (the user opted in) */
	STORE_RDONLY = 4,  /* for reading only: no write transaction */
	STORE_PRIVATE = 8, /* a copy nobody else opens: read-only, no locks */
	STORE_VERBOSE = 16, /* say on stderr what is retried (-v) */
};

/* Opens the store at `path` (a directory). Without STORE_WRITE a missing
 * store is BERTH_NOT_FOUND and nothing is created. Unless STORE_TRUST, a
 * store that is not ours is refused with BERTH_PERMISSION: a directory
 * owned by another user or writable by anyone, or store files that are
 * symbolic links or not regular files (someone could point them at a file
 * of ours, and we would write into it).
 *
 * Without STORE_RDONLY, a store nobody can write (its data file has no
 * write bit, or its file system is read-only) is refused with
 * BERTH_PERMISSION; with it, such a store is read. A data file shorter
 * than its meta page says is BERTH_STORE_CORRUPT. Every lock is waited for
 * at most BERTH_LOCK_TIMEOUT seconds (default 30), then
 * BERTH_STORE_LOCKED. */
berth_status store_open(const char *path, int flags, store **out);
void store_close(store *s);
/* The directory, or for a server the connection as people may see it
 * (never its password). */
const char *store_path(const store *s);
/* A name that store_open takes for a PostgreSQL server: a libpq URI
 * (postgresql://, postgres://) or a keyword string beginning with one of
 * libpq's keywords (host=..., dbname=..., service=...). */
int store_names_server(const char *name);
int store_is_server(const store *s);
/* The whole store at `from` (a backup staged by store_stage_new, opened
 * as STORE_PRIVATE) copied into a new store `to`. */
berth_status store_copy_path(const char *from, const char *to);
/* A store's name as messages may show it: a connection string without
 * its password. */
const char *store_shown_name(const char *name);
/* A server's store: a descriptor that becomes readable when a change
 * commits (-1: none now, poll), and what to call once it did. */
int store_watch_fd(store *s);
void store_watch_drain(store *s);
/* Say on stderr what the runner retries (-v). */
void store_set_verbose(store *s, int on);

/* Runs fn inside a transaction and commits it durably. fn may be run more
 * than once (after the map grows, or another process resized it), each time
 * from scratch, so it must reset whatever it collects. A failure returned by
 * fn aborts the transaction and is returned. */
typedef berth_status (*store_fn)(store_txn *t, void *arg);
berth_status store_run(store *s, int write, store_fn fn, void *arg);

/* Inside a transaction. Errors are sticky (knot's way): after the first
 * failure every call is a no-op and the runner reports it at the end, so
 * call sites read straight down. Values returned are valid until the next
 * write in this transaction or its end; copy what must outlive that. */
int store_get(store_txn *t, store_table tb, const void *key, size_t klen,
	      sval *val);
/* How many entries tb holds, as this transaction sees it (0 for a table
 * not made yet). */
uint64_t store_count(store_txn *t, store_table tb);
void store_put(store_txn *t, store_table tb, const void *key, size_t klen,
	       const void *val, size_t vlen);
/* A put of a key that must be new (an id just given): 0, writing nothing,
 * when the key is there already. */
int store_put_new(store_txn *t, store_table tb, const void *key, size_t klen,
		  const void *val, size_t vlen);
void store_del(store_txn *t, store_table tb, const void *key, size_t klen);
/* Empties a table (berth check --repair and upgrade rebuild indexes). */
void store_clear(store_txn *t, store_table tb);
/* Nonzero once something failed in this transaction. */
int store_failed(const store_txn *t);
int store_writable(const store_txn *t);

/* The values t returned so far are not used any more, but for the entry
 * each open cursor stands on: the store may free them. A long walk calls
 * it at each entry, so that a store that keeps what it read (PostgreSQL
 * keeps every answer until a write or the transaction's end, to honour
 * the promise above) does not hold the whole store in memory. */
void store_release(store_txn *t);

/* Ordered scans. seek: the first key >= key; seek_le: the last key <= key;
 * next, prev: step. Each returns 1 with key and value set, or 0 at the end
 * (or after a failure). */
store_cursor *store_cursor_open(store_txn *t, store_table tb);
int store_seek(store_cursor *c, const void *key, size_t klen, sval *k,
	       sval *v);
int store_seek_le(store_cursor *c, const void *key, size_t klen, sval *k,
		  sval *v);
int store_first(store_cursor *c, sval *k, sval *v);
int store_next(store_cursor *c, sval *k, sval *v);
int store_prev(store_cursor *c, sval *k, sval *v);
void store_cursor_close(store_cursor *c);
/* In a write transaction, a walk on the cursor the store keeps for its
 * puts to the table: the puts that follow it, near where it ended (a
 * claim's profile points after reading them), land without a search
 * from the root. One at a time a table, and closed before the next put
 * to it. Elsewhere (a read) a cursor of its own, as store_cursor_open. */
store_cursor *store_cursor_near(store_txn *t, store_table tb);

berth_status store_get_stats(store *s, store_stats *out);
/* A consistent, compacted copy of the store, written to `file` (created;
 * an existing file is refused) and synced, while writers go on. */
berth_status store_backup(store *s, const char *file);
/* The same copy written to a descriptor (a pipe, standard output). */
berth_status store_backup_fd(store *s, int fd);

/* Restoring in steps, so that the engine can check a backup before it
 * counts. store_stage_new copies the backup (`file`, or when NULL the
 * descriptor `fd`) into a new directory of its own beside the store `dir`
 * (inside it when it exists), where it can be opened with STORE_PRIVATE.
 * store_stage_commit then puts it into place, never over an existing
 * data.mdb; store_stage_abort takes back everything the stage made. Both
 * free the stage. */
typedef struct store_stage store_stage;
berth_status store_stage_new(const char *file, int fd, const char *dir,
			     store_stage **out);
/* An empty stage, where `verb` (import) makes a new store to put at dir. */
berth_status store_stage_empty(const char *dir, const char *verb,
			       store_stage **out);
const char *store_stage_path(const store_stage *st);
berth_status store_stage_commit(store_stage *st);
void store_stage_abort(store_stage *st);

#endif
