/* store-pg.h - what the files of the PostgreSQL store share, and nothing
 * else sees: libpq's calls as loaded at run time (store-pg-lib.c), and
 * the handles behind store.h's names. store-pg.c has the connection, the
 * transaction runner, stats and copies; store-pg-txn.c what runs inside a
 * transaction, store-pg-pipe.c the pipeline the statements go through,
 * store-pg-cache.c the small tables read whole and store-pg-memo.c the
 * entries got one by one. They are the only files that call libpq.
 *
 * The database holds one table of every berth table's entries,
 *
 *     berth_kv (tb smallint, k bytea, v bytea, primary key (tb, k))
 *
 * (bytea orders as LMDB's keys do: bytes, then length), berth_store for
 * the layout's version, and berth_token for the tokens of commits whose
 * answer was lost (see run_write). */
#ifndef BERTH_STORE_PG_H
#define BERTH_STORE_PG_H

#include <libpq-fe.h>

#include "store-ops.h"
#include "store.h"

/* libpq, loaded by the first PostgreSQL store a process opens: a command
 * on an LMDB store never maps it (nor the TLS libraries it pulls in). */
struct pq_api {
	__typeof__(PQconnectdbParams) *connectdbParams;
	__typeof__(PQstatus) *status;
	__typeof__(PQerrorMessage) *errorMessage;
	__typeof__(PQfinish) *finish;
	__typeof__(PQexec) *exec;
	__typeof__(PQexecParams) *execParams;
	__typeof__(PQprepare) *prepare;
	__typeof__(PQexecPrepared) *execPrepared;
	__typeof__(PQresultStatus) *resultStatus;
	__typeof__(PQresultErrorField) *resultErrorField;
	__typeof__(PQresultErrorMessage) *resultErrorMessage;
	__typeof__(PQclear) *clear;
	__typeof__(PQntuples) *ntuples;
	__typeof__(PQgetvalue) *getvalue;
	__typeof__(PQgetlength) *getlength;
	__typeof__(PQgetisnull) *getisnull;
	__typeof__(PQcmdTuples) *cmdTuples;
	__typeof__(PQserverVersion) *serverVersion;
	__typeof__(PQparameterStatus) *parameterStatus;
	__typeof__(PQconninfoParse) *conninfoParse;
	__typeof__(PQconninfoFree) *conninfoFree;
	__typeof__(PQconninfo) *conninfo;
	__typeof__(PQsetNoticeProcessor) *setNoticeProcessor;
	__typeof__(PQfreemem) *freemem;
	__typeof__(PQsocket) *socket;
	__typeof__(PQconsumeInput) *consumeInput;
	__typeof__(PQnotifies) *notifies;
	__typeof__(PQescapeIdentifier) *escapeIdentifier;
	/* Pipeline mode (libpq 14 and later). */
	__typeof__(PQenterPipelineMode) *enterPipelineMode;
	__typeof__(PQexitPipelineMode) *exitPipelineMode;
	__typeof__(PQpipelineSync) *pipelineSync;
	__typeof__(PQsendQueryParams) *sendQueryParams;
	__typeof__(PQsendPrepare) *sendPrepare;
	__typeof__(PQsendQueryPrepared) *sendQueryPrepared;
	__typeof__(PQgetResult) *getResult;
};
extern struct pq_api pq;
berth_status pq_load(void);

/* The statements, prepared on a connection when first used. */
enum {
	Q_GET,
	Q_PUT,
	Q_PUT_NEW,
	Q_DEL,
	Q_CLEAR,
	Q_COUNT,
	Q_FIRST,
	Q_LAST,
	Q_GE,
	Q_GT,
	Q_LE,
	Q_LT,
	Q_TOKEN,
	Q_HAS_TOKEN,
	Q_PREFETCH,
	Q_LAYOUT,
	Q_COUNT_ALL
};

/* What to do with a statement's result when it is read (store-pg-pipe.c). */
enum pend_kind {
	PEND_DROP,	/* nothing but its failure */
	PEND_WANT,	/* handed to whoever waits for it */
	PEND_OLD,	/* of a transaction that has ended: ignored */
	PEND_PREPARE,	/* a statement prepared: aux is its Q_ */
	PEND_PREFETCH,	/* the small tables (store-pg-cache.c) */
	PEND_SYNC,	/* the end of a group */
};

struct pg_pend {
	int kind, aux;
};

/* The tables read whole at a transaction's first statement, when they
 * hold at most PG_SMALL entries: the meta table, resources, policies,
 * the calendar's... Each command reads several of their entries, some
 * many times; after this they cost no round trip. */
#define PG_SMALL 64
#define PG_SMALL_TABLES                                                        \
	(1ull << T_META | 1ull << T_RESOURCE | 1ull << T_RESID |             \
	 1ull << T_POLICY | 1ull << T_HOURS | 1ull << T_HOLIDAY |             \
	 1ull << T_HOLIDAY_DAY | 1ull << T_TIMEOFF | 1ull << T_TIMEOFF_BY |   \
	 1ull << T_SERVICE | 1ull << T_REACH | 1ull << T_NOTIFIER)

/* One entry of a table read whole: into a result, or a copy of a write. */
struct pg_row {
	const unsigned char *k, *v;
	size_t klen, vlen;
};

struct pg_table {
	int state; /* TB_* */
	struct pg_row *rows; /* in key order */
	size_t n, cap;
};

enum { TB_REMOTE, TB_PENDING, TB_WHOLE };

struct store {
	const struct store_ops *ops; /* first: see store-ops.h */
	PGconn *conn;
	char *conninfo; /* as given: passed to libpq only */
	char *shown;	/* the connection without its password */
	int rdonly;
	int verbose;
	double timeout; /* BERTH_LOCK_TIMEOUT: lock_timeout */
	double retry;	/* BERTH_PG_RETRY: seconds of retrying at most */
	unsigned prepared; /* Q_ bits prepared (or sent to be) on conn */
	PGconn *listen;	   /* LISTENing for commits (store_watch_fd) */
	/* The pipeline: what was sent and not read yet, in order. */
	struct pg_pend *pend;
	size_t npend, cpend, pend_at; /* pend_at: the first not read */
	int piped;		      /* conn is in pipeline mode */
	unsigned long long large;     /* PG_SMALL_TABLES found larger */
	/* BERTH_PG_TRIPS: what the command cost the server. */
	unsigned long trips, statements, connects;
	int count_trips;
};

/* A result kept while what it holds may still be read. */
struct pg_keep {
	PGresult *res;
	struct pg_keep *next;
};

struct store_txn {
	const struct store_ops *ops;
	store *s;
	int write;
	int wrote;	    /* something was written: a token to commit */
	int failed;	    /* sticky: the first failure */
	char state[6];	    /* its SQLSTATE ("" for none or a lost link) */
	char msg[256];	    /* its message */
	int lost;	    /* the connection went away */
	unsigned gen[T_COUNT]; /* bumped by every write: cursors re-read */
	struct pg_keep *keep; /* results read from, freed at a write */
	struct store_cursor *cursors; /* open ones, freed at the end */
	int begun;	    /* BEGIN sent */
	int prefetched;	    /* the small tables asked for */
	PGresult *small;    /* their rows */
	struct pg_table tables[T_COUNT];
	struct pg_copy *copies; /* values written to tables read whole */
	struct pg_memo **memo;	/* entries got one by one (store-pg-memo.c) */
	size_t memo_n;
};

struct store_cursor {
	const struct store_ops *ops;
	store_txn *t;
	store_table tb;
	PGresult *res;	     /* this batch (those before: the txn's keep) */
	int pos, n;	     /* the row we are on in res, and its rows */
	int dir;	     /* res's order: 1 ascending, -1 descending */
	int full;	     /* res had as many rows as were asked for */
	int batch;	     /* rows to ask for next */
	unsigned gen;	     /* the transaction's writes when res was read */
	unsigned char *key;  /* the key we are on (a copy) */
	size_t klen, kcap;
	int has_key;	     /* the cursor stands on key */
	PGresult *ahead;     /* seek_le's: the rows after its key */
	int ahead_full;
	struct store_cursor *next_open;
};

/* store-pg-pipe.c: statements sent down the pipeline. pg_send queues one
 * (prepared on the connection at its first use) whose result is read at
 * the next pg_sync, which waits for every result sent before it: one round
 * trip for all of them. NULL/0 once t failed; failures are sticky. */
int pg_send(store_txn *t, int q, int n, const char *const *vals,
	    const int *lens, int binary_out, int kind);
int pg_send_sql(store_txn *t, const char *sql, int kind);
/* Waits for everything sent; want[0..nwant-1] get the PEND_WANT results
 * in order (NULL when missing), the caller's to clear. 1 when nothing
 * failed. */
int pg_sync(store_txn *t, PGresult **want, int nwant);
/* Sends a sync without waiting: the server runs what is queued now (an
 * end of a transaction whose answer nobody needs). */
void pg_flush(store_txn *t);
/* Marks what the ended transaction sent and never read as not its own. */
void pg_orphan(store *s);
/* Out of pipeline mode, every result read (for PQexec). */
void pg_settle(store *s);
/* The connection went away: nothing of it is pending. */
void pg_pipe_reset(store *s);

/* store-pg-cache.c: the tables read whole. */
void pg_cache_load(store_txn *t, PGresult *r);
const struct pg_row *pg_cache_get(store_txn *t, store_table tb,
				  const void *key, size_t klen);
void pg_cache_put(store_txn *t, store_table tb, const void *key, size_t klen,
		  const void *val, size_t vlen);
void pg_cache_del(store_txn *t, store_table tb, const void *key, size_t klen);
void pg_cache_clear(store_txn *t, store_table tb);
/* The first row at or after key (ge) or at or before it (!ge), (size_t)-1
 * when none. */
size_t pg_cache_find(store_txn *t, store_table tb, const void *key,
		     size_t klen, int ge);
void pg_cache_end(store_txn *t);

/* store-pg-memo.c: the entries got one by one. */
int pg_memo_get(store_txn *t, store_table tb, const void *key, size_t klen,
		sval *val, int *present);
/* Kept (val NULL: absent); the copy, NULL when it could not be kept. */
const unsigned char *pg_memo_note(store_txn *t, store_table tb,
				  const void *key, size_t klen,
				  const void *val, size_t vlen);
/* A write: what is kept of the key follows it (val NULL: a delete). */
void pg_memo_write(store_txn *t, store_table tb, const void *key,
		   size_t klen, const void *val, size_t vlen);
void pg_memo_clear(store_txn *t, store_table tb);
void pg_memo_free(store_txn *t);

/* store-pg-txn.c: a statement run inside t and waited for, its failure
 * made sticky. NULL when it failed (or t had). */
PGresult *pg_exec(store_txn *t, int q, int n, const char *const *vals,
		  const int *lens, int binary_out);
/* The small tables asked for, when they were not yet in t. */
void pg_prefetch(store_txn *t);
/* A failure of libpq's kept in t (sticky). */
void pg_fail_res(store_txn *t, PGresult *r);
void pg_fail(store_txn *t, const char *state, const char *msg);
void pg_txn_end(store_txn *t);

/* The half of store_pg_ops in store-pg-txn.c. */
int pg_get(store_txn *t, store_table tb, const void *key, size_t klen,
	   sval *val);
uint64_t pg_count(store_txn *t, store_table tb);
int pg_put(store_txn *t, store_table tb, const void *key, size_t klen,
	   const void *val, size_t vlen, int fresh);
void pg_del(store_txn *t, store_table tb, const void *key, size_t klen);
void pg_clear(store_txn *t, store_table tb);
void pg_release(store_txn *t);
int pg_failed(const store_txn *t);
int pg_writable(const store_txn *t);
store_cursor *pg_cursor_open(store_txn *t, store_table tb);
store_cursor *pg_cursor_near(store_txn *t, store_table tb);
int pg_seek(store_cursor *c, const void *key, size_t klen, sval *k, sval *v);
int pg_seek_le(store_cursor *c, const void *key, size_t klen, sval *k,
	       sval *v);
int pg_first(store_cursor *c, sval *k, sval *v);
int pg_next(store_cursor *c, sval *k, sval *v);
int pg_prev(store_cursor *c, sval *k, sval *v);
void pg_cursor_close(store_cursor *c);

#endif
