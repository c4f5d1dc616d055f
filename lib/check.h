/* check.h - what the files of `berth check` share: the walk's state and
 * how a problem is reported. check.c walks the records, check-index.c the
 * indexes and what they add up to, check-audit.c the audit log. */
#ifndef BERTH_CHECK_H
#define BERTH_CHECK_H

#include "internal.h"

/* Ids in a table keyed by number must run 1, 2, ... up to the counter:
 * records are never deleted, and a counter is never behind. */
typedef struct {
	uint64_t next; /* the id expected next */
	store_table tb;
	id_kind kind;
} id_run;

/* A set of entries as a sum of their keyed hashes (check-sum.c). */
typedef struct {
	uint64_t lo, hi, n;
} entry_sum;

typedef struct {
	berth_txn *t;
	berth_problem_cb cb;
	void *arg;
	uint64_t problems;
	int stop;
	arena *scratch; /* emptied for every entry walked */
	arena *naming;	/* emptied for every key described */
	uint64_t counter[ID_COUNT];
	int have_counters; /* counter[] was read whole */
	/* The audit chain: its head as the counters keep it, the key of its
	 * personal values (have_key: read whole), and the last record's
	 * hash as the walk goes. */
	uint8_t chain_head[CHAIN_HASH_LEN], chain_key[CHAIN_HASH_LEN];
	uint8_t chain_prev[CHAIN_HASH_LEN];
	uint64_t chain_seq; /* whose hash chain_prev is */
	int have_key;
	struct chain_ctx *chain;
	id_run run;	   /* the ids of the table being walked */
	void *state;	   /* what a walk's callback keeps between entries */
	/* The audit log or its index has problems: records are not held
	 * against their last audit record (it could not be found right). */
	int audit_unsound;
	/* The index entries the claims imply, and those the indexes hold,
	 * each as one sum (check-sum.c), keyed with a seed of this run's. */
	uint64_t seed;
	entry_sum implied[T_COUNT], held[T_COUNT];
	/* Claims whose record the audit walk found to be what their last
	 * audit record says, whether one was not, and whether that covers
	 * every claim record: then check.c looks up no claim's audit. */
	uint64_t claims_vouched;
	int claims_doubted, claims_vouched_all;
	/* Each resource's reach as read (check_reach), by number: a million
	 * claims on a thousand resources read the reach table a thousand
	 * times, not a million. state 0: not read, 1: longest, 2: none, 3:
	 * does not decode. */
	struct reach_seen {
		uint32_t rid;
		int state;
		int64_t longest;
	} reach[1024];
} checker;

/* check-sum.c */
void sum_seed(checker *ck);
void sum_add(const checker *ck, entry_sum *s, sval k, sval v);
/* e encoded as table tb keeps it, added to s. */
void sum_entry(checker *ck, entry_sum *s, store_table tb, const void *e);
int sum_same(const entry_sum *a, const entry_sum *b);
/* check.c: a claim table's entries one by one, for the index entries of
 * table tb they imply, each looked up: the slow way, for a table whose
 * sums differ. */
void expect_claims_in(checker *ck, store_table claims, store_table tb);

/* One problem: the table, the key of the entry (k, described as people
 * read it) and what is wrong. */
void problem(checker *ck, store_table tb, sval k, int overbooked,
	     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The same for the entry whose key e's fields give. */
void entry_problem(checker *ck, store_table tb, const void *e, const char *fmt,
		   ...) __attribute__((format(printf, 4, 5)));

/* Calls fn for every entry of tb that decodes; every one that does not is
 * a problem. fn returns nonzero to stop the walk. */
typedef int (*walk_fn)(checker *ck, sval k, sval v, any_entry *e);
void walk(checker *ck, store_table tb, walk_fn fn);

/* A table of records numbered from 1, walked with its ids: a gap, an id
 * beyond its counter or a counter beyond the last id is a problem. */
void numbered(checker *ck, store_table tb, id_kind kind, walk_fn fn);
void id_seen(checker *ck, id_run *run, sval k, uint64_t id);
/* Compares the stored entry for e with e's encoding: 0 the same, 1 none
 * stored, 2 different, 3 one there that does not decode (reported with
 * its table). */
int compare_entry(checker *ck, store_table tb, const void *e);
/* A claim's record decoded into the scratch arena: 1, 0 absent, -1
 * damaged (reported where its table is walked). */
int load_claim(checker *ck, claim_kind kind, uint64_t id, claim_entry *out);

/* A resource by its number, as it is now: 1, 0 when it is gone (or its
 * name went to another), -1 damaged. Decoded into the naming arena. */
int load_resource(checker *ck, uint32_t rid, resource_entry *out);

/* check-index.c */
void check_indexes(checker *ck);
/* That a claim is no longer than its resource's reach (list seeks by it). */
void check_reach(checker *ck, const berth_claim *c, const char *id);
/* The index by customer's entry of claim c (custidx_entry), with the key
 * check read: -1 when the key is damaged (a problem of meta). */
int check_cust_of(checker *ck, const berth_claim *c, bycust_entry *out);
/* check-audit.c */
void check_audit(checker *ck);
/* check-calendar.c: hours, holidays, time off and their indexes. */
void check_calendar(checker *ck);
/* check-outbox.c: events against their audit records, notifiers and
 * deliveries against each other. */
void check_outbox(checker *ck);
/* check-service.c: every service decodes, names resources that were, and
 * is what its last audit record says. */
void check_service(checker *ck);
void check_customer(checker *ck);
/* check-waitlist.c: entries, their offers and their indexes. */
void check_waitlist(checker *ck);
/* A record's bytes (without the seal) against the `after` of its entity's
 * last audit record of that type: a problem when they differ, or when it
 * has none. */
void check_audited(checker *ck, store_table tb, sval k, sval v,
		   const char *entity, entity_type type);
/* The last audit record of an entity of that type (a resource may share
 * its name with a claim's id), decoded into the scratch arena: 1, or 0
 * when it has none (or it cannot be read: reported elsewhere). */
int last_audit(checker *ck, const char *entity, entity_type type,
	       audit_entry *out);
/* The sequence number of the record that made the resource now called
 * `name` (0: none). */
uint64_t created_seq(checker *ck, const char *name);

#endif
