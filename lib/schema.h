/* schema.h - every table's keys and values, written once (docs/STORAGE.md
 * describes the same in prose). Each table has a typed entry below; its
 * key and value are built and read only by lib/schema*.c, and a read
 * checks the value's length, seal (checksum), record version and the
 * range of every number, so that a damaged entry is never taken for a
 * different one, nor for absent, free or zero (SPEC invariant 9).
 *
 * Two layers. The pure one (schema_decode) reports what is wrong and
 * leaves the transaction alone: `check` uses it to list every problem. The
 * transactional one (entry_read, entry_get) fails the whole transaction
 * with STORE_CORRUPT, naming the table and the key as a person reads them,
 * and nothing is written. */
#ifndef BERTH_SCHEMA_H
#define BERTH_SCHEMA_H

#include "codec.h"
#include "key.h"
#include "store.h"

typedef struct berth_txn berth_txn;

/* The store's format: 1 had no seals and took ids from each table's last
 * key; 2 seals every value and keeps counters; 3 adds the calendar
 * (hours, holidays, time off) and services, which a berth of format 2
 * would ignore; 4 chains the audit log; 5 adds the outbox. `berth
 * upgrade` rewrites a store of an older format; a newer one is refused. */
#define FORMAT_OLDEST  1
#define FORMAT_CURRENT BERTH_FORMAT_CURRENT

/* What stored numbers may be. A time outside [TIME_FIRST, TIME_LAST]
 * (years 0000 to 9999) cannot be printed, so it is damage; a profile level
 * is a sum of quantities, and LEVEL_MAX keeps every sum far from
 * overflowing. */
#define TIME_FIRST  (-62167219200LL)
#define TIME_LAST   253402300799LL
#define LEVEL_MAX   (1LL << 48)
#define POLICY_MAX  (100LL * 366 * 86400)
#define VERSION_MAX (1LL << 40) /* a claim's version and reschedules */

/* span: every claim that counts, by resource and start. */
typedef struct {
	uint32_t rid;
	btime start;
	claim_kind kind;
	uint64_t id;
	btime end;
	int64_t quantity;
	btime expires_at; /* BTIME_NEVER once it cannot expire */
} span_entry;

/* seat: one a seat of a counting claim, by resource, seat and start. */
typedef struct {
	uint32_t rid, seat;
	btime start;
	claim_kind kind;
	uint64_t id;
	btime end, expires_at;
} seat_entry;

/* expiry: the counting claims that can expire, by resource and time. */
typedef struct {
	uint32_t rid;
	btime expires_at;
	claim_kind kind;
	uint64_t id;
	btime start, end;
	int64_t quantity;
} expiry_entry;

/* due: the same claims, time first, for `expire`. */
typedef struct {
	btime expires_at;
	uint32_t rid;
	claim_kind kind;
	uint64_t id;
} due_entry;

/* byres: every claim a resource ever had, for `list --resource`. */
typedef struct {
	uint32_t rid;
	btime start;
	claim_kind kind;
	uint64_t id;
} byres_entry;

/* series: every claim of a series (book or lock --repeat), cancelled and
 * expired ones too, by series id and start: `list --series` and `cancel
 * --series` walk one range. Derived from the claims' series field. */
typedef struct {
	uint64_t series;
	btime start;
	claim_kind kind;
	uint64_t id;
} series_entry;

/* reach: the longest claim (end less start) a resource ever had, held or
 * booked, whatever became of it: every claim that overlaps an instant t
 * starts after t less this, so `list --resource --from` seeks there in
 * byres instead of walking the resource's history. It only grows; check
 * holds every claim against it, repair sets it to the longest there is. */
typedef struct {
	uint32_t rid;
	int64_t longest;
} reach_entry;

/* bycust: every counting claim of a customer, by a digest of the
 * customer and the claim's start, so that one customer's claims are one
 * range in start order (the limits per customer count them there, never
 * walking other customers' claims). The digest is the first bytes of the
 * customer's HMAC under the store's audit key, the one the audit chain
 * hashes customers with: a key made from the name itself would have to be
 * rewritten when the name is erased (customer forget), and would keep the
 * name in one more place. Claims with no customer have no entry. */
#define CUST_DIGEST_LEN 16
typedef struct {
	uint8_t cust[CUST_DIGEST_LEN];
	btime start;
	claim_kind kind;
	uint64_t id;
	uint32_t rid;
	btime end;	  /* the claim's own end, without its buffer */
	btime expires_at; /* BTIME_NEVER once it cannot expire */
} bycust_entry;

/* custhist: every claim that ever named a customer, by the same digest,
 * whatever became of the claim (customer show's history, and what
 * customer forget rewrites). Keyed by kind and id, not start, so a
 * rescheduled claim's entry stays where it is. */
typedef struct {
	uint8_t cust[CUST_DIGEST_LEN];
	claim_kind kind;
	uint64_t id;
} custhist_entry;

/* customer: contact data by customer id. */
typedef struct {
	berth_customer c;
} customer_entry;
/* waitlist: an entry by id (berth_waitlist, berth.h). waitday: each
 * waiting entry under every resource it may be offered on and every day
 * it waits for (its weekdays only), best first within a day (priority
 * high to low, then oldest), so that capacity freed on one resource and
 * day is offered after one seek, whatever waits on other days. waitdue:
 * each waiting entry by the end of its last day, for expire. Both hold
 * an entry exactly while it waits. */
typedef struct {
	berth_waitlist w;
} waitlist_entry;
typedef struct {
	uint32_t rid;
	int32_t day; /* yyyymmdd */
	int64_t priority;
	uint64_t id;
} waitday_entry;
typedef struct {
	btime until;
	uint64_t id;
} waitdue_entry;

/* profile: the level of units claimed from `at` on, and the step that
 * led to it from the point before (delta is never 0: a point that changes
 * nothing is not stored). Both are kept so that a reader can check, point
 * by point, that the levels it reads add up. */
typedef struct {
	uint32_t rid;
	btime at;
	int64_t level, delta;
} profile_entry;

/* resid: a resource's number and its name, kept after `resource rm`. */
typedef struct {
	uint32_t rid;
	const char *name;
} resid_entry;

/* policy: a value for the store (rid 0) or one resource. */
typedef struct {
	uint32_t rid;
	const char *key;
	int64_t value;
} policy_entry;

/* svcpolicy: a value for one service (format 9), by its name: what binds
 * the claims made for it, beside the store's and the resource's. */
typedef struct {
	const char *service;
	const char *key;
	int64_t value;
} svcpolicy_entry;

/* hours: a resource's week (date 0) or one date's exception. */
typedef struct {
	uint32_t rid;
	berth_hours h; /* h.date is the key's date */
} hours_entry;

/* holiday: by id. */
typedef struct {
	berth_holiday h;
} holiday_entry;

/* holiday_day: one a day a holiday covers (derived), by the day as
 * yyyymmdd, or as mmdd (year 0) for a yearly one. */
typedef struct {
	uint32_t day;
	uint64_t id;
} holiday_day_entry;

/* timeoff: by id. */
typedef struct {
	berth_timeoff o;
} timeoff_entry;

/* timeoff_by: a resource's time off by its end (derived), so a claim
 * finds what could overlap it by one seek to its start. */
typedef struct {
	uint32_t rid;
	btime to;
	uint64_t id;
	btime from;
} timeoff_by_entry;

/* service: by name. */
typedef struct {
	berth_service s;
} service_entry;

/* audit_by: an entity's audit records, by entity and sequence number. */
typedef struct {
	const char *entity;
	uint64_t seq;
} audit_by_entry;

/* hold and booking tables: a claim by its id. */
typedef struct {
	claim_kind kind;
	uint64_t id;
	berth_claim c; /* decoded into the arena given */
} claim_entry;

/* resource: by name. */
typedef struct {
	const char *name;
	berth_resource r;
} resource_entry;

/* idem: an idempotency key, the request it came with (opaque bytes,
 * compared whole) and the claim it answered with. Version 2 keeps the
 * request's fingerprint (idem-fingerprint.c); version 1 (legacy) kept the
 * options as given (idem-legacy.c reads them). Version 3 adds what a
 * retry needs to read itself as the first request was read: which of its
 * values were left to defaults, and the zone its local times were read
 * in. */
#define IDEM_DEF_LENGTH 1 /* the claim's length was the slot length */
#define IDEM_DEF_TTL	2 /* its time to live was the policy's */
#define IDEM_DEF_ALL	3
typedef struct {
	const char *key;
	int legacy;
	const uint8_t *request;
	size_t request_len;
	berth_claim result;
	const uint8_t *result_bytes; /* the result's record, as stored */
	size_t result_len;
	unsigned defaulted; /* IDEM_DEF_*; all, before version 3 */
	const char *zone;   /* NULL: none, or before version 3 */
} idem_entry;

/* event: one notification of a committed change, by its seq (the
 * outbox, outbox.c). The entity's state after the change is the audit
 * record's (audit_seq), not a copy: the log keeps it forever. */
typedef struct {
	uint64_t seq;
	btime at;
	const char *type, *entity;
	uint64_t audit_seq;
} event_entry;

/* notifier: a named notifier's cursor: every event up to it is settled
 * for it (delivered, given up, pruned or not of its types). */
typedef struct {
	const char *name;
	uint64_t cursor;
	btime created_at, last_at;
} notifier_entry;

/* delivery: one event's delivery to one notifier, from its first try. */
typedef enum {
	DELIVERY_PENDING,   /* tried and failed: due again at next_at */
	DELIVERY_DELIVERED, /* the command succeeded */
	DELIVERY_DEAD,	    /* failed max attempts: waits for events retry */
} delivery_status;
typedef struct {
	const char *name;
	uint64_t seq;
	delivery_status status;
	uint32_t attempts;
	btime next_at;	   /* when it is due again (pending) */
	btime lease_until; /* in flight until then (BTIME_NEVER: none) */
	uint64_t lease_owner;
	btime last_at;	   /* the last attempt's end (BTIME_NEVER: none) */
	int64_t last_exit; /* its exit status; 128+N a signal; -1 timeout */
	const char *last_error; /* the first line of its stderr */
} delivery_entry;

/* What an audit record holds before and after a change. */
typedef enum {
	ENT_NONE,
	ENT_CLAIM,
	ENT_RESOURCE,
	ENT_POLICY,
	ENT_HOURS,
	ENT_HOLIDAY,
	ENT_TIMEOFF,
	ENT_SERVICE,
	ENT_CUSTOMER,
	ENT_WAITLIST,
	ENT_COUNT
} entity_type;

/* The audit chain's hashes and the key of its personal values. */
#define CHAIN_HASH_LEN 32

/* audit: one change, by sequence number. */
typedef struct {
	uint64_t seq;
	berth_audit a; /* the public fields; a.scratch unused here */
	const char *idem_key;
	/* Before and after as stored: the entity's own record bytes. */
	entity_type type;
	const uint8_t *before, *after;
	size_t before_len, after_len;
} audit_entry;

/* Any one table's entry (meta aside): where code walks several tables,
 * or one it learns at run time, and decodes into one place. */
typedef union {
	span_entry span;
	seat_entry seat;
	expiry_entry expiry;
	due_entry due;
	byres_entry byres;
	reach_entry reach;
	bycust_entry bycust;
	series_entry series;
	custhist_entry custhist;
	customer_entry customer;
	waitlist_entry waitlist;
	waitday_entry waitday;
	waitdue_entry waitdue;
	profile_entry profile;
	resid_entry resid;
	policy_entry policy;
	svcpolicy_entry svcpolicy;
	audit_by_entry audit_by;
	claim_entry claim;
	resource_entry resource;
	idem_entry idem;
	audit_entry audit;
	hours_entry hours;
	holiday_entry holiday;
	holiday_day_entry holiday_day;
	timeoff_entry timeoff;
	timeoff_by_entry timeoff_by;
	service_entry service;
	event_entry event;
	notifier_entry notifier;
	delivery_entry delivery;
} any_entry;

/* Counters: ids are given from these, never from a table's last key, so a
 * deleted newest entry never gives its id back (DECISIONS.md). */
typedef enum {
	ID_HOLD,
	ID_BOOKING,
	ID_RESOURCE,
	ID_AUDIT,
	ID_HOLIDAY, /* since format 3 */
	ID_TIMEOFF, /* since format 3 */
	ID_EVENT,   /* since format 5 */
	ID_SERIES,  /* since counters version 5 (format 8) */
	ID_WAITLIST, /* since format 8 */
	ID_COUNT
} id_kind;

/* Where a claim of `kind` is kept, and which counter numbers it. */
static inline store_table claim_table(claim_kind kind)
{
	return kind == CLAIM_HOLD ? T_HOLD : T_BOOKING;
}

static inline id_kind claim_id_kind(claim_kind kind)
{
	return kind == CLAIM_HOLD ? ID_HOLD : ID_BOOKING;
}

/* --- keys, for seeks: the layouts of the entries above --- */
void span_key(keybuf *k, uint32_t rid, btime start, claim_kind kind,
	      uint64_t id);
void seat_key(keybuf *k, uint32_t rid, uint32_t seat, btime start,
	      claim_kind kind, uint64_t id);
void expiry_key(keybuf *k, uint32_t rid, btime at, claim_kind kind,
		uint64_t id);
void profile_key(keybuf *k, uint32_t rid, btime at);
void due_key(keybuf *k, btime at, uint32_t rid, claim_kind kind, uint64_t id);
void series_key(keybuf *k, uint64_t series, btime start, claim_kind kind,
		uint64_t id);
void byres_key(keybuf *k, uint32_t rid, btime start, claim_kind kind,
	       uint64_t id);
void bycust_key(keybuf *k, const uint8_t cust[CUST_DIGEST_LEN], btime start,
		claim_kind kind, uint64_t id);
/* Whether a key of bycust belongs to the customer of that digest. */
int key_of_cust(sval k, const uint8_t cust[CUST_DIGEST_LEN]);
/* custhist: the digest, then kind and id; kind and id given as 0 make
 * the first key of a customer's range. */
void custhist_key(keybuf *k, const uint8_t cust[CUST_DIGEST_LEN],
		  claim_kind kind, uint64_t id);
void waitday_key(keybuf *k, uint32_t rid, int32_t day, int64_t priority,
		 uint64_t id);
void waitdue_key(keybuf *k, btime until, uint64_t id);
void id_key(keybuf *k, uint64_t id);
void rid_key(keybuf *k, uint32_t rid);
void name_key(keybuf *k, const char *name);
void policy_key(keybuf *k, uint32_t rid, const char *key);
void svcpolicy_key(keybuf *k, const char *service, const char *key);
void audit_by_key(keybuf *k, const char *entity, uint64_t seq);
void hours_key(keybuf *k, uint32_t rid, int32_t date);
void holiday_day_key(keybuf *k, uint32_t day, uint64_t id);
void timeoff_by_key(keybuf *k, uint32_t rid, btime to, uint64_t id);
void delivery_key(keybuf *k, const char *name, uint64_t seq);
/* The first key of a resource's entries in a table keyed rid first. */
void rid_prefix(keybuf *k, uint32_t rid);
/* Whether a key of a rid-first table belongs to rid (its first 4 bytes). */
int key_of_rid(sval k, uint32_t rid);
/* The rid a key of a rid-first table starts with (0 when it is too short:
 * no resource has number 0). */
uint32_t rid_of_key(sval k);
/* The instant of a profile key, and the id of a table keyed by number
 * (hold, booking, audit, resid): 1, or 0 when the key is not of that
 * shape. For naming what cannot be decoded whole. */
int profile_key_at(sval k, btime *at);
int numbered_key(store_table tb, sval k, uint64_t *id);

/* --- the pure layer --- */

/* Decodes one entry of table tb (key k, value v) of a store in `format`
 * into *out, which is the entry type of that table (span_entry for T_SPAN,
 * claim_entry for T_HOLD, ...). Strings and arrays go into `a`. Returns 0,
 * or -1 with the reason in why (a sentence part: "value is 8 bytes, want
 * 21", "checksum does not match"). Meta entries have their own calls. */
int schema_decode(store_table tb, unsigned format, sval k, sval v, arena *a,
		  void *out, char *why, size_t size);
/* The value an entry is stored as (sealed), for comparing what is stored
 * with what a record implies. `k` gets the key. */
void schema_encode(store_table tb, const void *e, keybuf *k, wbuf *v);
/* The table as people read it ("seat index"), and as `check` lists it
 * ("seat"). */
const char *schema_label(store_table tb);
const char *schema_table(store_table tb);
/* Whether a table is derived from the others (an index, rebuilt by check
 * --repair and upgrade) rather than a record of its own. */
int schema_derived(store_table tb);

/* A claim's and a resource's own record: what their table holds without
 * the seal, and what an audit record holds as before and after. */
void schema_put_claim(wbuf *w, const berth_claim *c);
/* Attributes as records keep them: a count, then each key and value. */
void schema_put_attrs(wbuf *w, const berth_attrs *a);
void schema_get_attrs(rbuf *r, berth_attrs *a);
int schema_get_claim(const void *p, size_t n, arena *a, berth_claim *out,
		     char *why, size_t size);
void schema_put_resource(wbuf *w, const berth_resource *r);
/* A policy as an audit record keeps it before and after. */
void schema_put_policy(wbuf *w, const berth_policy *p);
/* The calendar's records, as their tables hold them without the seal
 * (schema-calendar.c), and as audit records keep them. */
void schema_put_hours(wbuf *w, const berth_hours *h);
void schema_put_holiday(wbuf *w, const berth_holiday *h);
void schema_put_timeoff(wbuf *w, const berth_timeoff *o);
/* A service's record (schema-service.c), likewise. */
void schema_put_service(wbuf *w, const berth_service *s);
void schema_put_customer(wbuf *w, const berth_customer *c);
/* A customer's record as an audit record keeps it: 0, or -1 when it does
 * not decode. */
int schema_customer_record(const uint8_t *p, size_t n, arena *a,
			   berth_customer *out);
/* A waitlist entry's record (schema-waitlist.c), likewise. */
void schema_put_waitlist(wbuf *w, const berth_waitlist *e);
/* The table's byte in every seal of its entries. */
uint8_t schema_tag(store_table tb);

/* --- the transactional layer --- */

/* Fails the transaction: STORE_CORRUPT naming the table and the key, with
 * why; sticky, so whatever a caller does next, nothing is committed. */
berth_status schema_corrupt(berth_txn *t, store_table tb, sval k,
			    const char *why);
/* The same for the entry whose key the fields of e give. */
berth_status entry_corrupt(berth_txn *t, store_table tb, const void *e,
			   const char *why);
/* The key as people read it: "hall seat 1 at 2026-06-15T20:00:00+02:00
 * (b3)". Reads resource names and zones from the store as it can. */
void schema_describe(berth_txn *t, store_table tb, sval k, char *buf,
		     size_t size);

/* An entry met by a scan, decoded, or the transaction failed (-1). */
int entry_read(berth_txn *t, store_table tb, sval k, sval v, void *out);
/* The entry whose key the fields of *e give: 1 found (and decoded into
 * *e), 0 absent, -1 damaged (the transaction failed). */
int entry_get(berth_txn *t, store_table tb, void *e);
void entry_put(berth_txn *t, store_table tb, const void *e);
/* The same for an entry whose key was just made (a new id): one there
 * already fails the transaction, never overwritten. */
void entry_put_new(berth_txn *t, store_table tb, const void *e);
void entry_del(berth_txn *t, store_table tb, const void *e);
/* Stores a claim's record, encoded by schema_put_claim, sealing it on the
 * way; rec holds the bare record again afterwards (for its audit). */
void claim_put_encoded(berth_txn *t, const berth_claim *c, wbuf *rec,
		       int is_new);
/* The key of an entry from its fields. */
void schema_key(store_table tb, const void *e, keybuf *k);

/* --- meta --- */

/* A meta entry: "schema" (the format, four bare bytes), "format" (the
 * same, sealed), "tz" and "store_id". */
typedef struct {
	const char *name;
	int is_number;
	uint64_t number;
	const char *text;
} meta_entry;
int meta_decode(sval k, sval v, unsigned format, arena *a, meta_entry *out,
		char *why, size_t size);
void meta_set_format(berth_txn *t, unsigned format);
void meta_set_zone(berth_txn *t, const char *zone);
void meta_set_store_id(berth_txn *t);
/* The audit chain's key for personal values (audit-chain.c): made once,
 * at init or by the upgrade to format 4, from the system's randomness;
 * meta_audit_key reads it, once a transaction: NULL with the transaction
 * failed when it is missing or damaged. */
void meta_set_audit_key(berth_txn *t);
const uint8_t *meta_audit_key(berth_txn *t);
/* import: the id and the key of the store a file came from, kept. */
berth_status meta_keep_store_id(berth_txn *t, const char *id);
berth_status meta_keep_audit_key(berth_txn *t, const char *hex);

/* One meta entry by name, read without failing the transaction: 1, 0
 * when there is none, -1 when it does not decode (why says how). */
int meta_peek(berth_txn *t, const char *name, unsigned format,
	      meta_entry *out, char *why, size_t size);
/* The store's format as recorded: 1, 0 when none is (a new store), -1
 * damaged (the transaction failed). */
int meta_format(berth_txn *t, unsigned *format);
/* A new store's meta: format, zone, store id and counters at zero. */
void meta_create(berth_txn *t, const char *zone);
/* Whether a table holds anything at all. */
int table_has_entries(berth_txn *t, store_table tb);
/* The store's zone, into the arena; NULL when the transaction failed. */
const char *meta_zone(berth_txn *t, unsigned format);
/* The store's random id (init, upgrade): NULL and the transaction failed
 * (STORE_CORRUPT) when it is missing or damaged. */
const char *meta_store_id(berth_txn *t, unsigned format);
/* --- the id counters: one sealed entry at the end of the audit table --- */

#define COUNTERS_KEY UINT64_MAX
const char *counter_name(id_kind kind); /* "bookings" */
void counters_key(keybuf *k);
/* Whether an entry met by a scan is the counters, not a record. */
int is_counters_key(store_table tb, sval k);
/* The counters as stored, without failing the transaction: 1, 0 when
 * they are missing, -1 damaged (why says which). */
int counters_get(berth_txn *t, uint64_t out[ID_COUNT],
		 uint8_t head[CHAIN_HASH_LEN], char *why, size_t size);
void counters_put(berth_txn *t, const uint64_t last[ID_COUNT],
		  const uint8_t head[CHAIN_HASH_LEN]);
/* The next id of a kind: counted in the transaction, written back by
 * counters_flush before it commits. */
uint64_t next_id(berth_txn *t, id_kind k);
void counters_flush(berth_txn *t);
/* An id kept from elsewhere (import): the counter moves up to it, so no
 * later id is given twice. -1 with the transaction failed. The chain's
 * head is t->chain_head, set by whoever writes the record it follows. */
int ids_keep(berth_txn *t, id_kind kind, uint64_t id);

#endif
