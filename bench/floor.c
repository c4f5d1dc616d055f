/* floor.c - the least a booking process can do: open an LMDB environment,
 * run one write transaction that reads a resource's claimed count, checks
 * it against the capacity, inserts a booking record and bumps the count,
 * then commit durably and exit. `berth book` is measured against this. */
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	MDB_val k, v;
	unsigned long long used = 0, cap, seq;
	char key[64], rec[128];
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: floor DIR CAPACITY\n");
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
