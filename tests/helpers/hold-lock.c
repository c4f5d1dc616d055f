/* hold-lock.c - a test helper: opens the LMDB environment DIR, takes its
 * write lock by beginning a write transaction, prints "locked" and sleeps
 * until killed. durability-lmdb.bats kills it with SIGKILL to prove that a
 * writer dying while it holds the lock does not wedge the store.
 *   cc -o hold-lock hold-lock.c -llmdb;  hold-lock DIR */
#include <lmdb.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	MDB_env *env;
	MDB_txn *txn;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: hold-lock DIR\n");
		return 2;
	}
	if ((rc = mdb_env_create(&env)) ||
	    (rc = mdb_env_set_maxdbs(env, 32)) ||
	    (rc = mdb_env_open(env, argv[1], MDB_NOTLS, 0600)) ||
	    (rc = mdb_txn_begin(env, NULL, 0, &txn))) {
		fprintf(stderr, "hold-lock: %s\n", mdb_strerror(rc));
		return 1;
	}
	printf("locked\n");
	fflush(stdout);
	for (;;)
		pause();
}
