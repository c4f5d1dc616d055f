/* floor.c - the least a booking process can do: open an LMDB environment,
 * run one write transaction that reads a resource's claimed count, checks
 * it against the capacity, inserts a booking record and bumps the count,
 * then commit durably and exit. `berth book` is measured against this.
 *
 * `floor DIR --batch N [GROUP]` is the floor of `book --batch`: N puts of
 * a 160-byte record under growing keys, in one transaction or, given
 * GROUP, a durable commit every GROUP puts as berth commits its groups. */
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int batch(const char *dir, unsigned long long n, unsigned long long group)
{
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	MDB_val k, v;
	unsigned char key[9], rec[160];
	int rc;

	mkdir(dir, 0700);
	memset(rec, 'x', sizeof rec);
	if ((rc = mdb_env_create(&env)) || (rc = mdb_env_set_maxdbs(env, 16)) ||
	    (rc = mdb_env_set_mapsize(env, 1ull << 30)) ||
	    (rc = mdb_env_open(env, dir, 0, 0600)) ||
	    (rc = mdb_txn_begin(env, NULL, 0, &txn)) ||
	    (rc = mdb_dbi_open(txn, "floor", MDB_CREATE, &dbi)))
		goto fail;
	/* Keys as berth lays ids: a prefix, then the number big-endian. */
	key[0] = 'b';
	for (unsigned long long i = 1; i <= n; i++) {
		for (int b = 0; b < 8; b++)
			key[1 + b] = (unsigned char)(i >> (56 - 8 * b));
		memcpy(rec, key, sizeof key);
		k.mv_data = key;
		k.mv_size = sizeof key;
		v.mv_data = rec;
		v.mv_size = sizeof rec;
		if ((rc = mdb_put(txn, dbi, &k, &v, 0)))
			goto fail;
		if (group && i % group == 0 && i < n &&
		    ((rc = mdb_txn_commit(txn)) ||
		     (rc = mdb_txn_begin(env, NULL, 0, &txn))))
			goto fail;
	}
	if ((rc = mdb_txn_commit(txn)))
		goto fail;
	mdb_env_close(env);
	printf("%llu\n", n);
	return 0;
fail:
	fprintf(stderr, "floor: %s\n", mdb_strerror(rc));
	return 10;
}

int main(int argc, char **argv)
{
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	MDB_val k, v;
	unsigned long long used = 0, cap, seq;
	char key[64], rec[128];
	int rc;

	if ((argc == 4 || argc == 5) && strcmp(argv[2], "--batch") == 0)
		return batch(argv[1], strtoull(argv[3], NULL, 10),
			     argc == 5 ? strtoull(argv[4], NULL, 10) : 0);
	if (argc != 3) {
		fprintf(stderr, "usage: floor DIR CAPACITY | floor DIR --batch N [GROUP]\n");
		return 2;
	}
	cap = strtoull(argv[2], NULL, 10);
	mkdir(argv[1], 0700);
	if ((rc = mdb_env_create(&env)) || (rc = mdb_env_set_maxdbs(env, 16)) ||
	    (rc = mdb_env_set_mapsize(env, 64ull << 20)) ||
	    (rc = mdb_env_open(env, argv[1], 0, 0600)) ||
	    (rc = mdb_txn_begin(env, NULL, 0, &txn)) ||
	    (rc = mdb_dbi_open(txn, "floor", MDB_CREATE, &dbi)))
		goto fail;
	k.mv_data = "used";
	k.mv_size = 4;
	if (mdb_get(txn, dbi, &k, &v) == 0 && v.mv_size == sizeof used)
		memcpy(&used, v.mv_data, sizeof used);
	if (used >= cap) {
		mdb_txn_abort(txn);
		fprintf(stderr, "floor: full\n");
		return 4;
	}
	seq = ++used;
	v.mv_data = &used;
	v.mv_size = sizeof used;
	if ((rc = mdb_put(txn, dbi, &k, &v, 0)))
		goto fail;
	k.mv_size = (size_t)snprintf(key, sizeof key, "b%llu", seq);
	k.mv_data = key;
	v.mv_size = (size_t)snprintf(rec, sizeof rec, "booking %llu", seq);
	v.mv_data = rec;
	if ((rc = mdb_put(txn, dbi, &k, &v, 0)) || (rc = mdb_txn_commit(txn)))
		goto fail;
	mdb_env_close(env);
	printf("b%llu\n", seq);
	return 0;
fail:
	fprintf(stderr, "floor: %s\n", mdb_strerror(rc));
	return 10;
}
