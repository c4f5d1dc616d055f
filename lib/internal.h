/* internal.h - what the engine's files share and commands never see. */
#ifndef BERTH_INTERNAL_H
#define BERTH_INTERNAL_H

#include "berth.h"
#include "key.h"
#include "record.h"
#include "store.h"

struct berth_db {
	store *s;
	arena *a;
	const char *actor, *source;
	berth_role role;
	civil_time now_civil;
	int now_set;
	char init_zone[128];
};

/* Resources decoded in this transaction, by a hash of the name: a batch
 * books the same few resources over and over. Entries live in the arena
 * the transaction started with; any write to a resource empties it. */
#define RES_CACHE 64

struct berth_txn {
	berth_db *db;
	store_txn *st;
	arena *a;
	btime now;
	const char *zone;
	arena *cache_arena;
	berth_resource *res_cache[RES_CACHE];
	void *profile_memo; /* avail.c: the profile read to admit a claim */
};

/* What an audit record holds before and after a change. */
typedef enum { ENT_NONE, ENT_CLAIM, ENT_RESOURCE, ENT_POLICY } entity_type;

/* Out of memory inside a transaction: one message for every site. */
berth_status oom(void);
/* A failure of the store inside a transaction, as a status. */
berth_status txn_status(berth_txn *t);

/* resource.c */
berth_status res_by_name(berth_txn *t, const char *name,
			 berth_resource **out);
berth_status res_by_rid(berth_txn *t, uint32_t rid, berth_resource **out);

/* claim.c */
berth_status claim_load(berth_txn *t, claim_kind kind, uint64_t id,
			berth_claim **out);
/* Writes the claim and its audit record: the one way a claim changes. */
void claim_write(berth_txn *t, const berth_claim *before,
		 const berth_claim *after, const char *action,
		 const char *reason);
berth_claim *claim_copy(berth_txn *t, const berth_claim *c);
/* Sets the zone a decoded claim prints in. */
void claim_zone(berth_txn *t, berth_claim *c);

/* Key lengths: rid 4, times 8, kind 1, ids 8, seats 4. */
#define SPAN_KEY_LEN 21
#define SEAT_KEY_LEN 25
#define EXPIRY_KEY_LEN 21
#define PROFILE_KEY_LEN 12
#define DUE_KEY_LEN 21
#define BYRES_KEY_LEN 21

/* avail.c: capacity accounting. */
/* Checks that the claim fits (choosing the lowest free seats when it names
 * none on a seated resource) and fills c->seats. Writes nothing. */
berth_status avail_admit(berth_txn *t, const berth_resource *r,
			 berth_claim *c);
/* Adds or removes a claim's footprint: profile, span, seats, expiry. */
void avail_add(berth_txn *t, const berth_claim *c);
void avail_remove(berth_txn *t, const berth_claim *c);
void span_key(keybuf *k, uint32_t rid, btime start, claim_kind kind,
	      uint64_t id);
void seat_key(keybuf *k, uint32_t rid, uint32_t seat, btime start,
	      claim_kind kind, uint64_t id);
void expiry_key(keybuf *k, uint32_t rid, btime at, claim_kind kind,
		uint64_t id);
void profile_key(keybuf *k, uint32_t rid, btime at);
void due_key(keybuf *k, btime at, uint32_t rid, claim_kind kind, uint64_t id);

/* audit.c */
/* `after_enc`: after's record already encoded (or NULL), so the hot path
 * encodes a claim once for its table and its audit record. */
void audit_append(berth_txn *t, const char *action, const char *entity,
		  entity_type type, const void *before, const void *after,
		  const wbuf *after_enc, const char *reason);

/* idem.c: a request is remembered under its key with its result. */
typedef struct {
	const char *key;
	wbuf request;
} idem_req;
/* Sets *replay to the stored result when the same request was made. */
berth_status idem_lookup(berth_txn *t, const idem_req *r,
			 berth_claim **replay);
void idem_store(berth_txn *t, const idem_req *r, const berth_claim *result);
void idem_civil(wbuf *w, const civil_time *ct);

/* policy.c */
int64_t policy_get(berth_txn *t, uint32_t rid, const char *key);

/* Whether a claim counts against capacity (until used, released,
 * cancelled or expired), and whether it counts but its time is up. */
int claim_counts(const berth_claim *c);
int claim_dead(const berth_claim *c, btime now);

#endif
