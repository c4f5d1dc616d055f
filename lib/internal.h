/* internal.h - what the engine's files share and commands never see. */
#ifndef BERTH_INTERNAL_H
#define BERTH_INTERNAL_H

#include "berth.h"
#include "codec.h"
#include "key.h"
#include "schema.h"
#include "store.h"

struct berth_db {
	store *s;
	arena *a;
	const char *actor, *source;
	berth_attrs source_detail; /* berth_set_source_detail */
	berth_role role;
	civil_time now_civil;
	int now_set;
	char init_zone[128];
	int any_format; /* upgrade: open a store of an older format */
	int no_events;	/* import: changes that are no news write none */
	/* import into a new store: every audit record in it was linked by
	 * this process (made, or its link verified as it came in), so the
	 * final check need not hash the whole chain a second time. */
	int chain_linked;
	int diagnosing; /* check: read on past damaged format records */
	/* berth_now_runs: the clock at the first transaction, and the
	 * monotonic clock then, in nanoseconds: the clock moves by whole
	 * seconds elapsed, not by the real clock's second ticking over. */
	int now_runs, now_based;
	btime now_base;
	int64_t mono_base;
};

/* Resources decoded in this transaction, by a hash of the name: a batch
 * books the same few resources over and over. Entries live in the arena
 * the transaction started with; any write to a resource empties it. */
#define RES_CACHE 64
/* A transaction that has missed more than RES_CACHE times (a batch over
 * many resources) moves to a cache of RES_CACHE_BIG in the arena: with
 * 64, a batch over 1,000 resources missed on most lookups. A command of
 * one claim never pays for clearing the big one. */
#define RES_CACHE_BIG 4096
/* Policies read in this transaction (policy.c), by resource and policy:
 * admitting a claim reads several, each its resource's and the store's.
 * Emptied by any write to the policy table (schema-store.c bumps
 * policy_writes). Made once a transaction has read POLICY_MEMO_AFTER
 * policies: a command of one claim reads a handful. A batch reads three
 * a claim on each of its resources: 1,024 slots held a third of 1,000
 * resources' and three of four reads missed; 16,384 (384 KB, once a
 * batch's group) keep several thousand resources' with few collisions. */
#define POLICY_MEMO 16384
#define POLICY_MEMO_AFTER 64
struct policy_memo {
	uint32_t rid;
	unsigned char def;   /* index of the policy + 1; 0: empty */
	unsigned char found; /* a value is stored for the scope */
	unsigned writes;     /* policy_writes when it was read */
	int64_t value;
};

struct berth_txn {
	berth_db *db;
	store_txn *st;
	arena *a;
	btime now;
	const char *zone;
	unsigned format; /* the store's, as its meta says */
	arena *cache_arena;
	berth_resource *res_cache[RES_CACHE];
	berth_resource **res_big; /* RES_CACHE_BIG of them, or NULL */
	unsigned res_misses;
	void *profile_memo; /* avail.c: the profile read to admit a claim */
	struct policy_memo *policy_memo; /* POLICY_MEMO of them, or NULL */
	unsigned policy_writes;
	unsigned policy_reads;
	void *zone_memo;    /* resource.c: res_zone's, by number */
	unsigned zone_reads; /* res_zone's calls before its memo is made */
	/* The first failure that must end the transaction whatever the code
	 * that met it does next (damage found deep in a read): sticky, with
	 * its own copy of the message. */
	berth_status failed;
	char failed_msg[512];
	/* Counters read in this transaction, written back before commit,
	 * with the audit chain's head: the last record's hash. */
	uint64_t ids[ID_COUNT];
	uint8_t chain_head[CHAIN_HASH_LEN];
	int ids_read, ids_dirty;
	uint8_t audit_key[CHAIN_HASH_LEN];
	int audit_key_read;
	struct chain_ctx *chain; /* txn_chain */
	/* The idempotency key the change in progress was made under, for
	 * its audit records. */
	const char *idem_key;
	/* force.c: why the change is made (--reason), whether an admin
	 * forces it past policy refusals, and the refusals it went past
	 * (a bit per status), which its audit records then name. */
	const char *reason;
	int force;
	uint64_t forced;
	/* freed.c: the capacity this transaction freed, and the offers
	 * whose holds it ended, which the waitlist settles before the
	 * transaction commits (waitlist-offer.c). */
	struct freed_note *freed;
	size_t nfreed, freed_cap;
	int settling;
};

/* freed.c: what a transaction freed. A note is a window of a resource
 * (rid 0: taken again in the same transaction), and when it came from a hold that was a waitlist
 * offer, that hold, so the waitlist learns the offer ended. */
typedef struct freed_note {
	uint32_t rid;
	btime start, end;
	int64_t quantity;
	uint64_t offer; /* the hold's id when it was an offer, else 0 */
} freed_note;
/* A counting claim stopped counting (avail_remove): its time and units
 * are free. */
void freed_claim(berth_txn *t, const berth_claim *c);
/* A claim started counting (avail_add): a note of exactly its window
 * (a confirm moves a claim out and in again) frees nothing after all. */
void freed_taken(berth_txn *t, const berth_claim *c);
/* Room made without a claim: capacity raised, time off removed. */
void freed_window(berth_txn *t, uint32_t rid, btime start, btime end);
/* The waitlist entry an offer hold names (its attribute), or 0. */
uint64_t freed_offer_of(const berth_claim *c);
#define OFFER_ATTR "waitlist"

/* waitlist.c: entries, and the one path by which they change (their
 * record, their indexes while they wait, and the audit record). */
berth_status waitlist_load(berth_txn *t, uint64_t id, berth_waitlist **out);
void waitlist_write(berth_txn *t, const berth_waitlist *before,
		    const berth_waitlist *after, const char *action);
berth_waitlist *waitlist_copy(berth_txn *t, const berth_waitlist *e);
/* waitlist-index.c: the index entries (waitday, waitdue) a waiting
 * entry implies, each passed to fn; none for an entry not waiting. */
void waitlist_index_each(const berth_waitlist *e,
			 void (*fn)(store_table tb, const void *entry,
				    void *arg),
			 void *arg);
void waitlist_index(berth_txn *t, const berth_waitlist *e, int add);
/* waitlist-offer.c: offers what the transaction freed to the waitlist,
 * and settles the offers it ended; run by the transaction runner before
 * every write commits, so that no path that frees capacity can skip it. */
void waitlist_settle(berth_txn *t);

/* Out of memory inside a transaction: one message for every site. */
berth_status oom(void);
/* The transaction's state as a status: its sticky failure, memory that
 * ran out, or the store's own failure. */
berth_status txn_status(berth_txn *t);
/* Makes st (with the current message) the transaction's sticky failure,
 * unless one is there already; returns the one that sticks. */
berth_status txn_fail(berth_txn *t, berth_status st);

/* list.c: the claims a listing matches, in the order the store keeps
 * them (one resource's by start, then id; all of them by id). */
berth_status list_walk(berth_txn *t, const berth_list_req *req,
		       berth_claim_cb cb, void *arg);
/* --from and --to as instants (INT64_MIN and INT64_MAX when not given). */
berth_status list_window(berth_txn *t, const berth_list_req *req,
			 btime *from, btime *to);
/* The claim of tb at k, v decoded into t->a as it is now: 1 when the
 * listing's filters keep it; *st set when it does not decode. */
int list_admits(berth_txn *t, const berth_list_req *req, store_table tb,
		sval k, sval v, btime from, btime to, berth_claim **out,
		berth_status *st);
/* list-merge.c: every claim of the kind asked for in start order, then
 * id, straight from each resource's index, merged: no sort, and memory
 * that grows with the resources, not the claims. */
berth_status list_merged(berth_txn *t, const berth_list_req *req,
			 berth_claim_cb cb, void *arg);

/* reach.c: the longest claim a resource ever had. reach_note keeps it as
 * a claim is made; reach_of reads it (0 when the resource never had one). */
void reach_note(berth_txn *t, const berth_claim *c);
berth_status reach_of(berth_txn *t, uint32_t rid, int64_t *out);

/* resource.c */
/* The zone claims of resource number rid (called name) print in: the
 * resource's, while it is there, else NULL; copied into t->a. A listing
 * decodes into an arena of its own, where res_by_name caches nothing:
 * this remembers each resource's zone by its number for the transaction,
 * so a million claims read a thousand resources once each. */
const char *res_zone(berth_txn *t, const char *name, uint32_t rid);
berth_status res_by_name(berth_txn *t, const char *name,
			 berth_resource **out);
/* Whether a resource's values are ones resource add would take. */
berth_status resource_validate(const berth_resource *r);

/* audit.c: record seq decoded into scratch, its snapshots in their
 * zones; BERTH_NOT_FOUND when there is none. */
berth_status audit_load(berth_txn *t, uint64_t seq, arena *scratch,
			berth_audit *out);

/* outbox.c: the events a change implies, written beside its audit record
 * (seq). outbox_types names them for an action: `created` when the entity
 * is new, `confirmed` when it is a booking confirmed after the change;
 * returns how many (at most OUTBOX_TYPES). */
#define OUTBOX_TYPES 2
void outbox_emit(berth_txn *t, uint64_t audit_seq, const char *action,
		 const char *entity, entity_type type, const void *before,
		 const void *after);
size_t outbox_types(const char *action, int created, int confirmed,
		    const char *out[OUTBOX_TYPES]);
/* Whether an event type is among the patterns (none: every type). */
int outbox_type_wanted(const char *type, const char *const *types,
		       size_t n);
/* An event with its change (the audit record), decoded into scratch. */
berth_status outbox_event_load(berth_txn *t, const event_entry *e,
			       arena *scratch, berth_event *out);
void outbox_delivery_public(const delivery_entry *d, berth_delivery *out);
/* A notifier by name: 1, 0 when there is none, -1 damaged. */
int outbox_notifier(berth_txn *t, const char *name, notifier_entry *out);
/* For stats: dead deliveries and notifiers. */
berth_status outbox_count(berth_txn *t, uint64_t *dead, uint64_t *notifiers);

/* claim.c */
berth_status claim_load(berth_txn *t, claim_kind kind, uint64_t id,
			berth_claim **out);
/* Writes the claim and its audit record: the one way a claim changes. */
void claim_write(berth_txn *t, const berth_claim *before,
		 const berth_claim *after, const char *action,
		 const char *reason);
/* The same without the audit record (import, when the file brings the
 * log): the record and its lists by resource; w gets the bare record. */
void claim_store(berth_txn *t, const berth_claim *before,
		 const berth_claim *after, wbuf *w);
berth_claim *claim_copy(berth_txn *t, const berth_claim *c);
/* Sets the zone a decoded claim prints in. */
void claim_zone(berth_txn *t, berth_claim *c);
/* What list.c and payment.c share with claim.c: a claim as it is shown
 * now (expired once its time is up), one met by a scan, one named by id
 * (a booking's, with `hint` for a hold's id), and why one can no longer
 * change (BERTH_OK while live). */
void claim_effective(berth_claim *c, btime now);
berth_status claim_decode(berth_txn *t, store_table tb, sval k, sval v,
			  berth_claim **out);
berth_status claim_load_id(berth_txn *t, const char *id, berth_claim **out);
berth_status claim_load_booking(berth_txn *t, const char *id,
				const char *hint, berth_claim **out);
berth_status claim_not_live(berth_txn *t, const berth_claim *c);

/* payment.c: none|pending -> paid|failed, failed -> paid, paid ->
 * refunded. */
int pay_allowed(int from, int to);

/* payment-method.c: the moves of a payment a method allows (none: as
 * pay_allowed); a new claim's method and its first payment status, and
 * require_payment for a booking made confirmed; what confirm leaves of
 * the method and the payment, checked against both and the policy. */
int payment_move_ok(int method, int from, int to);
berth_status payment_claim_admit(berth_txn *t, const berth_claim_req *req,
				 berth_claim *c);
typedef struct {
	int method, status;
} payment_after;
berth_status payment_confirm_admit(berth_txn *t, const berth_confirm_req *req,
				   const berth_claim *c, payment_after *out);

/* index.c: the index entries a claim record implies. */
typedef struct {
	byres_entry byres; /* every claim, ever */
	int counts;	   /* span and seats only while it counts */
	span_entry span;
	int expires; /* expiry and due only while it counts and can expire */
	expiry_entry expiry;
	due_entry due;
} claim_index;
void claim_index_of(const berth_claim *c, claim_index *out);
void claim_seat(const berth_claim *c, uint32_t i, seat_entry *out);

/* repair.c: empties every derived table and writes it again from the
 * records; returns how many entries it wrote, and the largest id of each
 * kind it met (for the counters an upgrade sets). */
uint64_t rebuild_indexes(berth_txn *t, uint64_t max_id[ID_COUNT]);
/* The whole store checked for damage: BERTH_OK when check finds nothing
 * but overbooking (counted in *overbooked when given), else STORE_CORRUPT
 * saying how many problems and the first. */
berth_status check_sound(berth_txn *t, uint64_t *overbooked);
/* The same after a rebuild (`what`: "repair", "upgrade"), in its own
 * transaction, whose failure then writes nothing. */
berth_status verify_rebuilt(berth_txn *t, const char *what,
			    uint64_t *overbooked);

/* avail.c: capacity accounting. */
/* Checks that the claim fits (choosing the lowest free seats when it names
 * none on a seated resource) and fills c->seats. Writes nothing. */
berth_status avail_admit(berth_txn *t, const berth_resource *r,
			 berth_claim *c);
/* Adds or removes a claim's footprint: profile, span, seats, expiry. */
void avail_add(berth_txn *t, const berth_claim *c);
void avail_remove(berth_txn *t, const berth_claim *c);

/* role.c: what the role declared with --role may do (DECISIONS.md).
 * role_may_claim: a customer acts only on claims whose customer is the
 * actor (`id` names the claim, NULL for a new one). role_may_change: a
 * staff member changes no resource, service, hours or policy, a customer
 * nothing but claims; `action` is what was asked (resource.created).
 * role_guard is the same at the one place every change passes (the audit
 * record): it fails the transaction, and returns nonzero, for a change the
 * role may not make, so no path can slip past the rule. */
berth_status role_may_claim(berth_txn *t, const char *customer,
			    const char *id);
berth_status role_may_change(berth_txn *t, entity_type type,
			     const char *action);
int role_guard(berth_txn *t, entity_type type, const char *action,
	       const void *before, const void *after);
/* The store's upkeep (events retry and prune, check --repair, upgrade):
 * anyone but a customer, whose role is its own claims. */
berth_status role_may_run(berth_txn *t, const char *what);

/* force.c: --force and --reason for the change in progress. force_begin
 * takes them (FORBIDDEN but for admin, INVALID_ARGUMENT without a
 * reason); force_past turns a policy refusal st (notice, horizon,
 * deadlines, limits, hours, holidays, time off) into BERTH_OK when the
 * change is forced, noting it; anything else (PAST, capacity, seats,
 * payment, state) is returned as it is. force_reason: the audit reason
 * of a record of this change, naming the refusals forced past. */
berth_status force_begin(berth_txn *t, int force, const char *reason);
berth_status force_past(berth_txn *t, berth_status st);
const char *force_reason(berth_txn *t, const char *reason);

/* claim-admit.c: whether the caller may change claim c as it asked:
 * the role may act on it and, with if_version (0: not given), c is still
 * at the version the caller saw (VERSION_MISMATCH). */
berth_status claim_change_admit(berth_txn *t, const berth_claim *c,
				int64_t if_version);
/* A new claim for req->customer by this role, with --force and --reason
 * taken for the change. */
berth_status claim_req_admit(berth_txn *t, const berth_claim_req *req);

/* deadline.c: whether booking c may still be cancelled now, by the
 * cancel_deadline policy in force (CANCEL_DEADLINE), or moved, by the
 * reschedule_deadline one (RESCHEDULE_DEADLINE). */
berth_status deadline_cancel(berth_txn *t, const berth_claim *c);
berth_status deadline_reschedule(berth_txn *t, const berth_claim *c);

/* audit.c */
/* `after_enc`: after's record already encoded (or NULL), so the hot path
 * encodes a claim once for its table and its audit record. */
void audit_append(berth_txn *t, const char *action, const char *entity,
		  entity_type type, const void *before, const void *after,
		  const wbuf *after_enc, const char *reason);
/* The audit log's name for a customer: "customer/" and its digest in
 * hex (size at least CUSTOMER_ENTITY_LEN), never the id itself, so that
 * forgetting the customer leaves no trace of it in the entity audit_by
 * and the chain hold. */
#define CUSTOMER_ENTITY_LEN (9 + 2 * CUST_DIGEST_LEN + 1)
berth_status audit_customer_entity(berth_txn *t, const char *id, char *out,
				   size_t size);
/* An entity's record as audit keeps it. */
void audit_entity_record(wbuf *w, entity_type type, const void *e);

/* audit-chain.c: the hash that links record e after `prev`, with the
 * store's key for personal values (a chain_ctx holds it, made once a walk
 * or transaction: txn_chain gives the transaction's, NULL with the
 * transaction failed when the key is missing or damaged); before and
 * after are e's entities as typed (chain_link_of takes them from a
 * decoded record). -1 when memory ran out. */
#define CHAIN_HEX_LEN (2 * CHAIN_HASH_LEN + 1)
typedef struct chain_ctx chain_ctx;
chain_ctx *chain_ctx_new(arena *a, const uint8_t key[CHAIN_HASH_LEN]);
chain_ctx *txn_chain(berth_txn *t);
int chain_link(chain_ctx *cx, const uint8_t prev[CHAIN_HASH_LEN],
	       const audit_entry *e, const void *before, const void *after,
	       uint8_t out[CHAIN_HASH_LEN]);
int chain_link_of(chain_ctx *cx, const uint8_t prev[CHAIN_HASH_LEN],
		  const audit_entry *e, uint8_t out[CHAIN_HASH_LEN]);
void chain_hex(const uint8_t h[CHAIN_HASH_LEN], char out[CHAIN_HEX_LEN]);
/* 0, or -1 when s is not 64 hex digits. */
int chain_unhex(const char *s, uint8_t out[CHAIN_HASH_LEN]);
/* The digest a customer is indexed by (bycust): the first bytes of the
 * HMAC the chain hashes it as, memoised with it, so a claim's index entry
 * and its audit record cost one HMAC. -1 with the transaction failed when
 * the store's key is missing or damaged. */
int chain_customer_digest(berth_txn *t, const char *customer,
			  uint8_t out[CUST_DIGEST_LEN]);
/* The same with a context of the caller's (check, which reports a damaged
 * key rather than failing on it). */
void chain_digest(chain_ctx *cx, const char *customer,
		  uint8_t out[CUST_DIGEST_LEN]);

/* series-index.c: the index of a series' claims (series_entry).
 * series_entry_of gives the entry a claim implies (0: in no series);
 * series_index_note keeps it as claim_write changes a claim; series_each
 * walks one series' entries in start order (fn returns nonzero to stop). */
int series_entry_of(const berth_claim *c, series_entry *out);
void series_index_note(berth_txn *t, const berth_claim *before,
		       const berth_claim *after);
berth_status series_each(berth_txn *t, uint64_t series,
			 int (*fn)(berth_txn *t, const series_entry *e,
				   void *arg),
			 void *arg);

/* pseudonym.c: a forgotten customer's texts. pseudonym_hex gives the
 * HMAC (64 hex digits) a pseudonym carries, or NULL when v is none;
 * pseudonym_make makes one of an HMAC in hex. */
const char *pseudonym_hex(const char *v);
char *pseudonym_make(arena *a, const char *hex);
/* The HMAC of a personal value in hex (a pseudonym: the one it carries),
 * into out (CHAIN_HEX_LEN bytes). -1 with the transaction failed when the
 * store's key is missing or damaged. */
int chain_personal_hex(berth_txn *t, const char *value, char *out);

/* attrs.c: attributes changed as `resource set` and `customer set` change
 * them: a key given again replaces its value, an empty value removes it. */
berth_status attrs_merge(berth_txn *t, berth_attrs *into,
			 const berth_attrs *ch);

/* custidx.c: the index by customer (bycust). custidx_of gives the entry a
 * claim implies: 1 while it counts and names a customer, 0 when it has
 * none, -1 with the transaction failed. custidx_add and custidx_remove
 * keep it beside the capacity accounting (avail.c), at the same points. */
int custidx_of(berth_txn *t, const berth_claim *c, bycust_entry *out);
int custidx_entry(chain_ctx *cx, const berth_claim *c, bycust_entry *out);
void custidx_add(berth_txn *t, const berth_claim *c);
void custidx_remove(berth_txn *t, const berth_claim *c);
/* custhist: every claim ever made naming a customer. custhist_note
 * writes a new claim's entry (claim_write); custhist_walk walks one
 * customer's, by kind and id, until fn returns nonzero. */
int custhist_entry_of(chain_ctx *cx, const berth_claim *c,
		      custhist_entry *out);
void custhist_note(berth_txn *t, const berth_claim *c);
berth_status custhist_walk(berth_txn *t, const uint8_t cust[CUST_DIGEST_LEN],
			   int (*fn)(const custhist_entry *e, void *arg),
			   void *arg);
/* Walks one customer's counting claims starting in [from, to), in start
 * order, until fn returns nonzero; damage fails the transaction. */
berth_status custidx_walk(berth_txn *t, const char *customer, btime from,
			  btime to, int (*fn)(const bycust_entry *e, void *arg),
			  void *arg);

/* customer-limit.c: max_active_per_customer and max_per_customer_per_day
 * (CUSTOMER_LIMIT, forceable) for a new claim c on r, counting the
 * customer's claims in the index by customer. */
berth_status customer_limit_admit(berth_txn *t, const berth_resource *r,
				  const berth_claim *c);

/* idem-fingerprint.c: a request as it is meant, the same for every
 * spelling of it: instants, not times as written; defaults filled in.
 * Fields a verb does not have stay zero (payment -1). */
typedef struct {
	const char *verb;
	/* lock, book */
	uint32_t rid;
	btime start, end;
	int64_t quantity;
	uint32_t nseats;
	const uint32_t *seats; /* as named, in any order */
	int64_t ttl;	       /* resolved; 0 for a booking that never expires */
	const char *customer;
	int pending;
	const berth_attrs *attrs; /* in any order */
	/* lock, book with a service: its name, the location asked for and
	 * the buffer the claim keeps (the service's, else the resource's).
	 * Without a service, buffer is the resource's and is no part of the
	 * fingerprint, which stays what it was before services. */
	const char *service, *location;
	int64_t buffer;
	/* confirm, cancel, pay: the claim acted on (kind + 1, id) */
	int target_kind;
	uint64_t target;
	int64_t payment;
	const char *ref, *reason;
	/* lock, book, confirm: --payment-method + 1; 0 when not given, and
	 * then no part of the fingerprint, which stays what it was. */
	int payment_method;
	/* pay --amount: 0 when not given, and then no part of the
	 * fingerprint. */
	int has_amount;
	int64_t amount;
	/* lock, book with a service: its price when the request was made
	 * (has_price), for the claim to keep. No part of the fingerprint: it
	 * is the service's, not the request's, and a retry replays the
	 * answer whatever the price has become. */
	int has_price;
	int64_t price;
} idem_request;
/* The one fingerprint of a request, for every verb that takes a key. */
void idem_fingerprint(wbuf *w, const idem_request *r);

/* idem-legacy.c: the request a version-1 key stored, as it was given. */
typedef struct {
	const char *verb;
	berth_claim_req claim; /* lock, book */
	const char *id;	       /* confirm, cancel, pay */
	int64_t payment;
	const char *ref, *reason;
} idem_legacy;
int idem_legacy_read(const uint8_t *p, size_t n, arena *a, idem_legacy *out);

/* idem.c: a request is remembered under its key with its result, by its
 * fingerprint. `legacy` fingerprints a request stored in the old form. */
/* What a key holds for a retry to be read as the first request was: the
 * answer (NULL when the key is new), which values were left to defaults
 * (those are the answer's), and the zone local times were read in (NULL:
 * the resource's). */
typedef struct idem_prior {
	berth_claim *answer;
	unsigned defaulted;
	const char *zone;
} idem_prior;

typedef struct {
	const char *key;
	wbuf request; /* idem_fingerprint of the request */
	int (*legacy)(berth_txn *t, const uint8_t *p, size_t n,
		      const idem_prior *prior, wbuf *out);
	unsigned defaulted; /* kept with the answer: IDEM_DEF_* */
	const char *zone;   /* the zone its local times were read in */
} idem_req;
berth_status idem_prior_of(berth_txn *t, const char *key, idem_prior *out);
/* Sets *replay to the stored result when the same request was made. */
berth_status idem_lookup(berth_txn *t, const idem_req *r,
			 berth_claim **replay);
void idem_store(berth_txn *t, const idem_req *r, const berth_claim *result);

/* claim-request.c: requests on claims in their normal form. */
/* Finds the resource and resolves the window (not checked against now),
 * the quantity and the time to live. A retry of a keyed request passes the
 * answer its key holds: the resource and the defaults the first request
 * left out are that answer's, not the store's as it is now. */
berth_status claim_normalise(berth_txn *t, claim_kind kind,
			     const berth_claim_req *req,
			     const idem_prior *prior, berth_resource **res,
			     idem_request *n);
/* payment-method.c: pay --amount's checks. */
berth_status payment_amount_admit(const berth_pay_req *req);
/* claim-service.c: what a claim keeps of the service it is made for
 * (its name and its price now), from the normalised request. */
void claim_service_note(const idem_request *n, berth_claim *c);
/* Which of a lock's or book's values were left to their defaults. */
unsigned claim_defaulted(const berth_claim_req *req);
/* confirm, cancel, pay: the verb and the claim it acts on. */
berth_status claim_target_normal(const char *verb, const char *id,
				 idem_request *n);
int claim_legacy_fingerprint(berth_txn *t, const uint8_t *p, size_t len,
			     const idem_prior *prior, wbuf *w);
/* claim.c: a request settled by its idempotency key: a replay in *out,
 * or a failure in *st. */
int claim_answered(berth_txn *t, const idem_req *ir, berth_claim **out,
		   int *replayed, berth_status *st);

/* policy.c */
/* The value in force for resource `rid` (0: the store) and where it comes
 * from: rid 0 the store's, else the resource's; is_default when neither
 * sets it. Point reads only: one for a length the resource sets, else
 * two (a limit needs the store's and the resource's to take the
 * strictest). */
typedef struct {
	int64_t value;
	uint32_t rid;
	int is_default;
	const char *service; /* set when the service's value is in force */
} policy_value;
void policy_in_force(berth_txn *t, uint32_t rid, const char *key,
		     policy_value *out);
/* The same for a claim made for `service` (NULL: none) on resource rid:
 * the service's own value joins the store's and the resource's. A limit
 * or deadline is the strictest of the three; a length (hold_ttl,
 * pending_timeout, offer_ttl) is the most specific scope's: the
 * service's, else the resource's, else the store's. */
void policy_in_force_svc(berth_txn *t, uint32_t rid, const char *service,
			 const char *key, policy_value *out);
int64_t policy_get_svc(berth_txn *t, uint32_t rid, const char *service,
		       const char *key);
/* A service's own value of KEY: 1 with *out, 0 when it sets none. */
int policy_svc_stored(berth_txn *t, const char *service, const char *key,
		      int64_t *out);
/* KEY VALUE read as policy set reads them, into out's key (the policy's
 * own spelling), value and type flags. */
berth_status policy_parse(const char *key, const char *value,
			  berth_policy *out);
/* service rm: the service's own policies go with it (each audited as
 * unset), so a service made again under the name starts with none. */
void policy_drop_service(berth_txn *t, const char *service);
/* A refusal's "scope" detail: "store", the resource's name, or
 * "service:NAME", as `policy list` names them. */
void policy_detail_scope(const policy_value *v, const char *resource);
/* The audit log's name of a service's value of KEY. */
void policy_service_entity(char *buf, size_t size, const char *key,
			   const char *service);
int64_t policy_get(berth_txn *t, uint32_t rid, const char *key);
/* A value as policy set takes it ("2h", "true", "3"). */
void policy_value_text(const berth_policy *p, char *buf, size_t size);
/* import.c: a scope's value stored as policy set would, audited as
 * policy.imported unless the file brings its log (audited). */
berth_status policy_import(berth_txn *t, const char *key, const char *value,
			   const char *resource, int audited,
			   berth_policy *out);
/* The same for a service's own value (policy-service.c). */
berth_status policy_import_service(berth_txn *t, const char *key,
				   const char *value, const char *service,
				   int audited, berth_policy *out);
/* Whether a stored policy's key and value are ones `policy set` makes. */
int policy_known(const char *key, int64_t value);

/* notice.c: whether a claim on `r` may start at `start`, by the
 * min_notice and horizon policies in force (MIN_NOTICE, BEYOND_HORIZON). */
berth_status notice_admit(berth_txn *t, const berth_resource *r,
			  const char *service, btime start);
/* The starts notice_admit allows on resource rid: from *earliest (now, or
 * now + min_notice) to *latest (now + horizon; BTIME_NEVER when off),
 * both included. */
void notice_window(berth_txn *t, uint32_t rid, const char *service,
		   btime *earliest, btime *latest);

/* Whether a claim counts against capacity (until used, released,
 * cancelled or expired), and whether it counts but its time is up. */
int claim_counts(const berth_claim *c);
/* Whether a booking's attendance is marked (attended or no_show): it
 * still counts, but no longer changes but by checkin/noshow --undo and
 * its payment. */
int claim_marked(const berth_claim *c);
/* The end of the time a claim occupies: its end and its buffer. */
static inline btime claim_busy_end(const berth_claim *c)
{
	return c->end + c->buffer;
}
int claim_dead(const berth_claim *c, btime now);

#endif
