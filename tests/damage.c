/* damage.c - damages one entry of one table of a berth store, as a failing
 * disk or a buggy older version would, for the damage tests. It speaks
 * LMDB directly, knowing nothing of berth's layouts: what it breaks is
 * bytes, and berth must notice.
 *
 *   damage DIR list                      each table and its entry count
 *   damage DIR dump TABLE                each entry: KEYHEX VALUEHEX
 *   damage DIR TABLE OP [ARG] [--entry I | --key HEX]
 *
 * OP is one of
 *   cut [N]       the value cut to N bytes (default: half of it)
 *   lengthen [N]  N zero bytes added to the value (default 1)
 *   flip [OFF]    one byte of the value inverted (default: the middle one)
 *   flipkey [OFF] one byte of the key inverted (the entry moves)
 *   delete        the entry removed
 *   set HEX       the value replaced
 *   put KEYHEX    a new entry with that key and the value of the one chosen
 *   reseal        the value's seal made right again for its key and bytes
 * With --reseal after any op, the damaged entry is sealed as berth would
 * seal it: a forgery that only berth's own reading of the numbers can
 * catch (the one thing this tool knows of berth: its seal, 32 bits of
 * XXH3 over the table's tag, the key and the value, as its last four
 * bytes).
 * The entry is the first of the table unless --entry I (0 is the first,
 * -1 the last) or --key HEX says otherwise. Exit 0 when done, 1 when the
 * table or entry is not there, 2 on a usage error. */
#include <errno.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

static void usage(void)
{
	fprintf(
	    stderr,
	    "usage: damage DIR list | DIR dump TABLE |\n"
	    "       DIR TABLE cut|lengthen|flip|flipkey|delete|set|put|reseal "
	    "[ARG] [--entry I | --key HEX] [--reseal]\n");
	exit(2);
}

/* The tags berth seals each table's entries with (lib/schema.c's
 * codecs[]); tests/damage.bats reseals an untouched entry and expects the
 * same bytes, so that these cannot drift from berth's. */
static const char *const tags[] = {
    "",	     "meta",	 "resource", "resid",  "hold",	 "booking",
    "span",  "profile",	 "seat",     "expiry", "policy", "idem",
    "audit", "audit_by", "due",	     "byres",  "hours",  "holiday",
    "holiday_day", "timeoff", "timeoff_by", "service", "event", "notifier",
    "delivery", "reach", "bycust", "series", "customer", "custhist",
    "waitlist", "waitday", "waitdue", "svcpolicy",
};

static void reseal(const char *table, const MDB_val *k, MDB_val *v)
{
	unsigned char tag = 0, *p = v->mv_data;
	uint32_t c;

	for (size_t i = 1; i < sizeof tags / sizeof *tags; i++)
		if (strcmp(tags[i], table) == 0)
			tag = (unsigned char)i;
	if (!tag || v->mv_size < 4) {
		fprintf(stderr, "damage: cannot reseal %s\n", table);
		exit(1);
	}
	c = (uint32_t)XXH3_64bits_withSeed(
	    p, v->mv_size - 4,
	    XXH3_64bits_withSeed(k->mv_data, k->mv_size, tag));
	for (int i = 0; i < 4; i++)
		p[v->mv_size - 4 + i] = (unsigned char)(c >> (24 - 8 * i));
}

static void die(const char *what, int rc)
{
	fprintf(stderr, "damage: %s: %s\n", what, mdb_strerror(rc));
	exit(1);
}

static void hex(const MDB_val *v)
{
	for (size_t i = 0; i < v->mv_size; i++)
		printf("%02x", ((const unsigned char *)v->mv_data)[i]);
}

static size_t unhex(const char *s, unsigned char **out)
{
	size_t n = strlen(s) / 2;
	unsigned char *p = malloc(n ? n : 1);

	if (!p || strlen(s) % 2)
		usage();
	for (size_t i = 0; i < n; i++) {
		unsigned b;
		if (sscanf(s + 2 * i, "%2x", &b) != 1)
			usage();
		p[i] = (unsigned char)b;
	}
	*out = p;
	return n;
}

static long number(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (!*s || *end)
		usage();
	return n;
}

/* Every named table of the store, with its entry count. */
static void list(MDB_env *env)
{
	MDB_txn *txn;
	MDB_cursor *c;
	MDB_dbi main;
	MDB_val k, v;
	int rc;

	if ((rc = mdb_txn_begin(env, NULL, MDB_RDONLY, &txn)) ||
	    (rc = mdb_dbi_open(txn, NULL, 0, &main)) ||
	    (rc = mdb_cursor_open(txn, main, &c)))
		die("list", rc);
	while (mdb_cursor_get(c, &k, &v, MDB_NEXT) == 0) {
		char name[128];
		MDB_dbi dbi;
		MDB_stat st;
		snprintf(name, sizeof name, "%.*s", (int)k.mv_size,
			 (const char *)k.mv_data);
		if (mdb_dbi_open(txn, name, 0, &dbi) == 0 &&
		    mdb_stat(txn, dbi, &st) == 0)
			printf("%s %zu\n", name, st.ms_entries);
	}
	mdb_txn_abort(txn);
}

int main(int argc, char **argv)
{
	const char *dir, *table, *op, *arg = NULL, *keyhex = NULL;
	long entry = 0;
	int sealed = 0;
	MDB_env *env;
	MDB_txn *txn;
	MDB_cursor *c;
	MDB_dbi dbi;
	MDB_val k, v, nk, nv;
	unsigned char *buf, *kbuf, *want = NULL;
	int rc, found = 0;

	if (argc < 3)
		usage();
	dir = argv[1];
	if ((rc = mdb_env_create(&env)) || (rc = mdb_env_set_maxdbs(env, 64)) ||
	    (rc = mdb_env_open(env, dir, 0, 0600)))
		die(dir, rc);
	if (strcmp(argv[2], "list") == 0) {
		list(env);
		mdb_env_close(env);
		return 0;
	}
	if (argc < 4)
		usage();
	if (strcmp(argv[2], "dump") == 0) {
		table = argv[3];
		op = "dump";
	} else {
		table = argv[2];
		op = argv[3];
	}
	for (int i = 4; i < argc; i++) {
		if (strcmp(argv[i], "--entry") == 0 && i + 1 < argc)
			entry = number(argv[++i]);
		else if (strcmp(argv[i], "--key") == 0 && i + 1 < argc)
			keyhex = argv[++i];
		else if (strcmp(argv[i], "--reseal") == 0)
			sealed = 1;
		else if (!arg)
			arg = argv[i];
		else
			usage();
	}

	if ((rc = mdb_txn_begin(env, NULL, 0, &txn)))
		die("begin", rc);
	if ((rc = mdb_dbi_open(txn, table, 0, &dbi)))
		die(table, rc);
	if ((rc = mdb_cursor_open(txn, dbi, &c)))
		die(table, rc);
	if (strcmp(op, "dump") == 0) {
		while (mdb_cursor_get(c, &k, &v, MDB_NEXT) == 0) {
			hex(&k);
			putchar(' ');
			hex(&v);
			putchar('\n');
		}
		mdb_txn_abort(txn);
		mdb_env_close(env);
		return 0;
	}
	if (keyhex) {
		k.mv_size = unhex(keyhex, &want);
		k.mv_data = want;
		found = mdb_cursor_get(c, &k, &v, MDB_SET_KEY) == 0;
	} else if (entry < 0) {
		found = mdb_cursor_get(c, &k, &v, MDB_LAST) == 0;
		while (found && ++entry < 0)
			found = mdb_cursor_get(c, &k, &v, MDB_PREV) == 0;
	} else {
		found = mdb_cursor_get(c, &k, &v, MDB_FIRST) == 0;
		while (found && entry-- > 0)
			found = mdb_cursor_get(c, &k, &v, MDB_NEXT) == 0;
	}
	if (!found) {
		fprintf(stderr, "damage: %s: no such entry\n", table);
		mdb_txn_abort(txn);
		mdb_env_close(env);
		free(want);
		return 1;
	}

	/* Copies: the cursor's pointers die with the first write. */
	kbuf = malloc(k.mv_size + 1);
	buf = malloc(v.mv_size + 4096);
	if (!kbuf || !buf)
		die("memory", ENOMEM);
	memcpy(kbuf, k.mv_data, k.mv_size);
	memcpy(buf, v.mv_data, v.mv_size);
	nk = (MDB_val){k.mv_size, kbuf};
	nv = (MDB_val){v.mv_size, buf};

	if (strcmp(op, "delete") == 0) {
		rc = mdb_del(txn, dbi, &nk, NULL);
	} else if (strcmp(op, "reseal") == 0) {
		reseal(table, &nk, &nv);
		rc = mdb_put(txn, dbi, &nk, &nv, 0);
	} else if (strcmp(op, "cut") == 0) {
		long n = arg ? number(arg) : (long)nv.mv_size / 2;
		if (n < 0 || (size_t)n > nv.mv_size)
			usage();
		nv.mv_size = (size_t)n;
		if (sealed)
			reseal(table, &nk, &nv);
		rc = mdb_put(txn, dbi, &nk, &nv, 0);
	} else if (strcmp(op, "lengthen") == 0) {
		long n = arg ? number(arg) : 1;
		if (n < 1 || n > 4096)
			usage();
		memset(buf + nv.mv_size, 0, (size_t)n);
		nv.mv_size += (size_t)n;
		if (sealed)
			reseal(table, &nk, &nv);
		rc = mdb_put(txn, dbi, &nk, &nv, 0);
	} else if (strcmp(op, "flip") == 0 || strcmp(op, "flipkey") == 0) {
		int inkey = op[4] == 'k';
		MDB_val *t = inkey ? &nk : &nv;
		long off = arg ? number(arg) : (long)t->mv_size / 2;
		if (t->mv_size == 0 || off < 0 || (size_t)off >= t->mv_size) {
			fprintf(stderr, "damage: no byte %ld to flip\n", off);
			return 1;
		}
		((unsigned char *)t->mv_data)[off] ^= 0xff;
		if (inkey && (rc = mdb_del(txn, dbi, &k, NULL)))
			die("flipkey", rc);
		if (sealed)
			reseal(table, &nk, &nv);
		rc = mdb_put(txn, dbi, &nk, &nv, 0);
	} else if (strcmp(op, "set") == 0 && arg) {
		unsigned char *p;
		nv.mv_size = unhex(arg, &p);
		nv.mv_data = p;
		if (sealed)
			reseal(table, &nk, &nv);
		rc = mdb_put(txn, dbi, &nk, &nv, 0);
	} else if (strcmp(op, "put") == 0 && arg) {
		unsigned char *p;
		nk.mv_size = unhex(arg, &p);
		nk.mv_data = p;
		if (sealed)
			reseal(table, &nk, &nv);
		rc = mdb_put(txn, dbi, &nk, &nv, 0);
	} else {
		usage();
	}
	if (rc)
		die(op, rc);
	if ((rc = mdb_txn_commit(txn)))
		die("commit", rc);
	mdb_env_close(env);
	if (nk.mv_data != kbuf)
		free(nk.mv_data);
	if (nv.mv_data != buf)
		free(nv.mv_data);
	free(kbuf);
	free(buf);
	free(want);
	return 0;
}
