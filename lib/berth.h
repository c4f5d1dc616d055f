/* berth.h - the engine's one public header. Commands parse their input into
 * the requests below, run one transaction through berth_run, and describe
 * what comes back; the engine decides, and never prints or exits. */
#ifndef BERTH_H
#define BERTH_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "choices.h"
#include "clock.h"
#include "status.h"

typedef struct berth_db berth_db;
typedef struct berth_txn berth_txn;

/* Who acts, for the audit log. */
typedef enum { ROLE_CUSTOMER, ROLE_STAFF, ROLE_ADMIN, ROLE_SYSTEM } berth_role;
const char *berth_role_name(berth_role r);
int berth_role_parse(const char *s, berth_role *out);

#define BERTH_FORMAT_CURRENT 9     /* the store format this berth writes */
#define BERTH_NAME_MAX 64    /* resource names */
#define BERTH_TEXT_MAX 256   /* customers, references, keys, attrs */
#define BERTH_CAPACITY_MAX 1000000
#define BERTH_SEATS_MAX 100000

/* Opening: BERTH_OPEN_CREATE makes the store when missing (its first
 * write transaction records the schema and zone); BERTH_OPEN_TRUST skips
 * the checks that the store belongs to us (see store.h);
 * BERTH_OPEN_READONLY opens it for reading only, which also works on a
 * store nobody can write (without it such a store is refused with
 * BERTH_PERMISSION); BERTH_OPEN_PRIVATE opens a copy that no other
 * process uses (a backup being checked) for reading, without any lock. */
enum {
	BERTH_OPEN_CREATE = 1,
	BERTH_OPEN_TRUST = 2,
	BERTH_OPEN_READONLY = 4,
	BERTH_OPEN_PRIVATE = 8,
	BERTH_OPEN_VERBOSE = 16, /* -v: say what is retried, opening too */
};
berth_status berth_open(const char *path, unsigned flags, berth_db **out);
/* A compacted, consistent copy into a new file, while writers go on. */
berth_status berth_backup(berth_db *db, const char *file);
/* A backup in the store's own directory, named WHY-TIME.bak, before a
 * change that rewrites the store (upgrade, check --repair); its path goes
 * to `path`. A backup that cannot be written is a failure: the change
 * must not go ahead without it. */
berth_status berth_backup_beside(berth_db *db, const char *why, char *path,
				size_t size);
/* The same copy written to a descriptor: a pipe, standard output. */
berth_status berth_backup_fd(berth_db *db, int fd);
/* A new store at `dir` from a backup file (or, with file NULL, from the
 * descriptor fd). The backup is copied beside `dir`, opened there and
 * checked in full first: anything wrong with it (cut short, not a store,
 * from a newer berth, any problem berth_check finds) is
 * BERTH_STORE_CORRUPT and `dir` is left as it was. An existing store at
 * `dir` is BERTH_ALREADY_EXISTS. */
berth_status berth_restore(const char *file, int fd, const char *dir);
void berth_close(berth_db *db);
const char *berth_path(const berth_db *db);
/* A store's name (--db) as messages may show it: a PostgreSQL connection
 * string loses its password. */
const char *berth_store_name(const char *name);
/* Whether --db names a PostgreSQL server rather than a directory. */
int berth_names_server(const char *name);
/* -v: the store says on stderr what it retries. */
void berth_set_verbose(berth_db *db, int on);
void berth_set_actor(berth_db *db, const char *actor, berth_role role,
		     const char *source);

/* The clock every rule reads; a local time resolves in the store's zone. */
void berth_set_now(berth_db *db, const civil_time *now);
/* Lets this handle open a store of an older format (berth upgrade). */
void berth_allow_any_format(berth_db *db);
/* Lets this handle read a store whose own format records are damaged, as
 * the format its bare record says: for check, to report everything. */
void berth_diagnose(berth_db *db);
/* The zone a new store records (init --tz); else the system's. */
void berth_set_init_zone(berth_db *db, const char *zone);

/* One transaction. fn may run more than once (see store_run) and must start
 * from scratch each time; the arena is emptied before each run and kept
 * after the last, so results can be printed after the commit. */
typedef berth_status (*berth_fn)(berth_txn *t, void *arg);
berth_status berth_run(berth_db *db, int write, berth_fn fn, void *arg);
/* A write transaction that is always thrown away: fn changes the store as
 * berth_run's would, sees its own changes, and nothing is written (a
 * --dry-run). What fn wants to print must be printed, or copied into the
 * arena, inside fn: values read from the store end with the abort. Returns
 * fn's refusal, or BERTH_OK. */
berth_status berth_run_dry(berth_db *db, berth_fn fn, void *arg);
arena *berth_arena(berth_txn *t);
/* The format of the store the transaction is in. */
unsigned berth_store_format(const berth_txn *t);
btime berth_now(const berth_txn *t);
const char *berth_zone(berth_txn *t); /* the store's zone */
/* The store's id, made at init and kept by copies: what names the store's
 * entities outside it (ICS UIDs are ID@STORE_ID). NULL when it is missing
 * (the transaction has failed: STORE_CORRUPT). */
const char *berth_store_id(berth_txn *t);

/* Attributes: free key=value pairs. */
typedef struct {
	const char *key, *value;
} berth_attr;
typedef struct {
	size_t n;
	berth_attr *v;
} berth_attrs;

/* Where the change comes from, as parts (user, host, pid, tty, the SSH
 * client, what a calling program says): kept in each audit record beside
 * the source (berth_set_actor's). The array must outlive the db. */
void berth_set_source_detail(berth_db *db, const berth_attrs *detail);

/* Input checks shared by commands and the engine. */
berth_status berth_check_text(const char *what, const char *s);
berth_status berth_check_name(const char *s);
berth_status berth_check_attrs(const berth_attrs *a);

typedef struct {
	uint32_t rid;
	const char *name;
	int64_t capacity;
	uint32_t seats; /* 0: not seated */
	const char *tz;
	int64_t buffer, slot; /* seconds */
	const char *location;
	berth_attrs attrs;
	btime created_at, updated_at;
} berth_resource;

/* What `resource set` changes: a field applies when its flag is set. */
typedef struct {
	int capacity_set, seats_set, tz_set, buffer_set, slot_set,
	    location_set;
	berth_resource v;
	berth_attrs attrs; /* merged; an empty value removes the key */
} berth_resource_change;

berth_status berth_resource_add(berth_txn *t, const berth_resource *in,
				berth_resource **out);
berth_status berth_resource_get(berth_txn *t, const char *name,
				berth_resource **out);
berth_status berth_resource_set(berth_txn *t, const char *name,
				const berth_resource_change *ch,
				berth_resource **out);
berth_status berth_resource_rm(berth_txn *t, const char *name,
			       berth_resource **out);
typedef int (*berth_resource_cb)(const berth_resource *r, void *arg);
berth_status berth_resource_each(berth_txn *t, berth_resource_cb cb,
				 void *arg);

/* Holds and bookings share one shape: a claim. */
typedef enum { CLAIM_HOLD, CLAIM_BOOKING } claim_kind;
enum { HOLD_ACTIVE, HOLD_USED, HOLD_RELEASED, HOLD_EXPIRED };
/* Attended and no-show (checkin, noshow) come after a booking started and
 * keep occupying its window: they count against capacity as confirmed
 * does, for the window is past or running when they are set. */
enum { BOOKING_PENDING, BOOKING_CONFIRMED, BOOKING_CANCELLED,
       BOOKING_EXPIRED, BOOKING_ATTENDED, BOOKING_NO_SHOW };
enum { PAY_NONE, PAY_PENDING, PAY_PAID, PAY_FAILED, PAY_REFUNDED };
enum { METHOD_NONE, METHOD_ON_ARRIVAL, METHOD_ONLINE };

typedef struct {
	claim_kind kind;
	uint64_t id;
	uint32_t rid;
	const char *resource;
	btime start, end;
	/* The time kept free after end (the buffer in force when the claim
	 * was made): the claim occupies [start, end + buffer) for every
	 * capacity, seat and overlap decision. */
	int64_t buffer;
	int64_t quantity;
	uint32_t nseats;
	uint32_t *seats;
	const char *customer;
	int status;
	int payment_status, payment_method;
	const char *payment_ref;
	uint64_t link; /* a booking's hold, a used hold's booking */
	uint64_t series;
	int64_t version, reschedules;
	berth_attrs attrs;
	btime created_at, updated_at;
	btime expires_at; /* BTIME_NEVER once it cannot expire */
	const char *zone; /* the resource's zone, for printing */
	/* The service the claim was made for (NULL: none) and the price it
	 * had then, fixed with the claim as the buffer is: a later `service
	 * set --price` changes no claim made before. What `pay --amount`
	 * recorded was paid. Money in hundredths (berth_price_parse); the
	 * has_ flags say whether there is one (a price may be 0.00). */
	const char *service;
	int has_price, has_paid;
	int64_t price, amount_paid;
} berth_claim;

const char *berth_claim_status_name(const berth_claim *c);
const char *berth_payment_name(int p);
int berth_payment_parse(const char *s, int *out);
const char *berth_method_name(int m);
/* "none", "on_arrival", "online": 0, or -1 for anything else. */
int berth_method_parse(const char *s, int *out);

/* Ids: h12 (hold), b7 (booking). Writes at most 24 bytes. */
void berth_id_format(claim_kind kind, uint64_t id, char *buf, size_t size);
berth_status berth_id_parse(const char *s, claim_kind *kind, uint64_t *id);

/* The claims a resource no longer has room for (after resource set made
 * it smaller): counting claims whose window has not ended, with a seat
 * beyond its seats, or beyond its capacity once confirmed bookings, then
 * pending ones, then holds, each in the order made, have kept their
 * place. Bookings first, then holds, each by id; *out in the arena. */
typedef struct {
	claim_kind kind;
	uint64_t id;
} berth_claim_ref;
berth_status berth_misfits(berth_txn *t, const berth_resource *r,
			   berth_claim_ref **out, size_t *n);

/* A request to lock or book, parsed before any transaction opens. Times are
 * civil: they resolve in the resource's zone inside the transaction. */
typedef struct {
	const char *resource; /* NULL with a service: its first that admits */
	civil_time start;
	/* A service: the length, the buffer (when it has one) and the
	 * resources the claim may take; with no resource, the first of them
	 * (at `location`, when given) that admits the whole claim. */
	const char *service;
	const char *location;
	int has_end;
	civil_time end;
	int64_t duration; /* seconds; 0: not given */
	int64_t quantity; /* 0: not given (1, or the number of seats) */
	uint32_t nseats;
	uint32_t *seats;
	int64_t ttl; /* 0: the hold_ttl policy */
	const char *customer;
	int pending;
	berth_attrs attrs;
	const char *idem_key;
	/* Why (the audit record's reason), and --force: an admin's claim
	 * past notice, horizon, hours, holidays and time off. */
	const char *reason;
	int force;
	/* The series the claim joins (series.c sets it for each occurrence;
	 * 0: none). */
	uint64_t series;
	/* --payment-method: how it will be paid (payment-method.c). */
	int has_payment_method, payment_method;
} berth_claim_req;

/* *replayed is set when an idempotency key returned a stored result. */
berth_status berth_lock(berth_txn *t, const berth_claim_req *req,
			berth_claim **out, int *replayed);
berth_status berth_book(berth_txn *t, const berth_claim_req *req,
			berth_claim **out, int *replayed);

typedef struct {
	const char *id;
	int payment; /* -1: not given */
	const char *payment_ref;
	const char *idem_key;
	int64_t if_version; /* 0: not given; else VERSION_MISMATCH if stale */
	int has_payment_method, payment_method;
} berth_confirm_req;
berth_status berth_confirm(berth_txn *t, const berth_confirm_req *req,
			   berth_claim **out, int *replayed);
berth_status berth_release(berth_txn *t, const char *id, berth_claim **out);

typedef struct {
	const char *id;
	const char *reason;
	const char *idem_key;
	int64_t if_version; /* 0: not given */
	int force;	    /* past cancel_deadline (admin, with a reason) */
} berth_cancel_req;
berth_status berth_cancel(berth_txn *t, const berth_cancel_req *req,
			  berth_claim **out, int *replayed);

/* reschedule (reschedule.c): a booking moved to a new window in one
 * step, checked as a new booking there would be but without its own
 * claim in the way; it keeps its id, its length (unless `duration`), its
 * quantity and, where they are free, its seats. */
typedef struct {
	const char *id;
	civil_time start;  /* read in the (new) resource's zone */
	int64_t duration;  /* seconds; 0: the booking's own length */
	const char *resource; /* NULL: where it is */
	uint32_t nseats;   /* seats to take instead (as many as it has) */
	uint32_t *seats;
	int64_t if_version; /* 0: not given */
	const char *reason;
	int force; /* past policies (admin, with a reason) */
} berth_reschedule_req;
berth_status berth_reschedule(berth_txn *t, const berth_reschedule_req *req,
			      berth_claim **out);

typedef struct {
	const char *id;
	int status; /* PAY_PAID, PAY_FAILED or PAY_REFUNDED */
	const char *ref;
	const char *idem_key;
	int64_t if_version; /* 0: not given */
	/* --amount: what was paid, in hundredths (with PAY_PAID only). */
	int has_amount;
	int64_t amount;
} berth_pay_req;
berth_status berth_pay(berth_txn *t, const berth_pay_req *req,
		       berth_claim **out, int *replayed);

/* A recurring series (series.c): book or lock --repeat. Every occurrence
 * is decided as the single claim would be, in the caller's one
 * transaction: all of them or none, or with skip_conflicts the ones that
 * can be made and a report of the rest. Wall-clock times repeat in the
 * resource's zone; a monthly series keeps its day of the month, or takes
 * the month's last day when it is shorter. */
enum { REPEAT_DAILY = 1, REPEAT_WEEKLY, REPEAT_MONTHLY };
#define BERTH_SERIES_MAX 1000 /* occurrences a series may have */
typedef struct {
	int unit;      /* REPEAT_* */
	int64_t every; /* 1: every day, week or month */
	int64_t count; /* 0: up to `until` */
	int32_t until; /* yyyymmdd, inclusive, in the resource's zone */
	int skip_conflicts;
} berth_repeat;
/* "daily", "weekly" or "monthly": 0, or -1 when s is none of them. */
int berth_repeat_parse(const char *s, int *unit);
typedef struct {
	int n;		  /* its number in the series, from 1 */
	btime start;	  /* BTIME_NEVER: no such instant (a DST gap) */
	char local[24];	  /* the wall-clock start, 2026-03-29T02:30:00 */
	const char *zone;
	berth_status st;
	const char *message;
	berth_details details;
} berth_series_skip;
typedef struct {
	uint64_t id;
	berth_claim **claims; /* the occurrences made, in order */
	size_t n;
	berth_series_skip *skips; /* those skipped (skip_conflicts) */
	size_t nskips;
	int replayed; /* the idempotency key returned a series made before */
} berth_series;
berth_status berth_series_claim(berth_txn *t, claim_kind kind,
				const berth_claim_req *req,
				const berth_repeat *rep, berth_series *out);
/* cancel --series (series-cancel.c): every pending or confirmed booking
 * of the series starting at or after `from` (now, when not given),
 * cancelled as berth_cancel would, all or none. */
typedef struct {
	uint64_t series;
	int has_from;
	civil_time from; /* read in the store's zone, as list's --from */
	const char *reason;
	int force;
} berth_series_cancel_req;
berth_status berth_series_cancel(berth_txn *t,
				 const berth_series_cancel_req *req,
				 berth_series *out);
/* confirm --series (series-confirm.c): every hold of the series not yet
 * used or released, and every booking of it still pending, confirmed as
 * berth_confirm would with the payment given, all or none; the bookings
 * confirmed go to out->claims. */
typedef struct {
	uint64_t series;
	int payment; /* -1: not given */
	const char *payment_ref;
	int has_payment_method, payment_method;
} berth_series_confirm_req;
berth_status berth_series_confirm(berth_txn *t,
				  const berth_series_confirm_req *req,
				  berth_series *out);
/* "s12" both ways. */
void berth_series_format(uint64_t id, char *buf, size_t size);
berth_status berth_series_parse(const char *s, uint64_t *id);

/* checkin and noshow (attendance.c): a confirmed booking that has
 * started becomes attended or no_show; with undo, one so marked goes back
 * to confirmed, on the same local day as it was marked. */
typedef struct {
	const char *id;
	int status; /* BOOKING_ATTENDED or BOOKING_NO_SHOW */
	int undo;
	int64_t if_version; /* 0: not given */
	const char *reason;
} berth_attend_req;
berth_status berth_attend(berth_txn *t, const berth_attend_req *req,
			  berth_claim **out);

berth_status berth_show(berth_txn *t, const char *id, berth_claim **out);

/* The order of a list: up to BERTH_SORT_MAX fields, each ascending or
 * descending, ties broken by id. lib/list-order.c. */
enum { SORT_ID, SORT_RESOURCE, SORT_START, SORT_END, SORT_QUANTITY,
       SORT_CUSTOMER, SORT_STATUS, SORT_PAYMENT, SORT_EXPIRES, SORT_CREATED,
       SORT_UPDATED };
#define BERTH_SORT_MAX 8
typedef struct {
	int n;
	struct {
		unsigned char field, desc;
	} k[BERTH_SORT_MAX];
} berth_sort;
/* FIELD[,FIELD...], each with a leading - for descending (-start,id), in
 * the output's field names; INVALID_ARGUMENT naming the valid ones. */
berth_status berth_sort_parse(const char *spec, int holds, berth_sort *out);

typedef struct {
	int holds; /* list holds instead of bookings */
	const char *resource;
	const char *customer;
	int status; /* -1: any */
	int has_from, has_to;
	civil_time from, to;
	berth_sort sort; /* n == 0: by start */
	uint64_t series; /* 0: any; else only this series' claims */
} berth_list_req;
/* cb returns nonzero to stop. Records passed to it live until it returns. */
typedef int (*berth_claim_cb)(const berth_claim *c, void *arg);
berth_status berth_list(berth_txn *t, const berth_list_req *req,
			berth_claim_cb cb, void *arg);
int berth_status_parse(int holds, const char *s, int *out);
/* The names berth_status_parse takes, for a message: "pending, ...". */
const char *berth_status_choices(int holds);

/* Sweeps holds and pending bookings whose time is up; each one swept is
 * passed to cb after it changed (or would change, with dry_run). */
berth_status berth_expire(berth_txn *t, int dry_run, berth_claim_cb cb,
			  void *arg);

typedef struct {
	const char *resource;
	btime start, end; /* the window the figures hold over */
	int64_t total, held, booked, available;
	const char *zone;
} berth_avail;
/* At an instant, or with has_at 0 the tightest window from now on. */
berth_status berth_availability(berth_txn *t, const char *resource,
				int has_at, const civil_time *at,
				berth_avail *out);

/* A window a question is about: [from, to), from now when no `from` is
 * given and for good when no `to` is (a day given to `to` is inclusive:
 * up to the end of that day), or with has_at the one instant `at`.
 * Resolved in the resource's zone. `to` as written goes into a refusal's
 * details. */
typedef struct {
	const char *resource;
	int has_from, has_to, has_at;
	civil_time from, to, at;
	const char *to_text;
} berth_window_req;
/* availability --from --to: one row per change of what is held or
 * booked, the first from `from`, the last up to `to` (end BTIME_NEVER
 * when the window runs for good). */
berth_status berth_availability_range(berth_txn *t, const berth_window_req *req,
				      berth_avail **rows, size_t *n);
/* availability --seats: the seats of a seated resource that no live claim
 * holds anywhere in the window, lowest first. */
typedef struct {
	const char *resource;
	btime start, end; /* end BTIME_NEVER: from start on */
	int64_t total, available;
	uint32_t *seats; /* `available` of them */
	const char *zone;
} berth_free_seats;
berth_status berth_seats_free(berth_txn *t, const berth_window_req *req,
			      berth_free_seats *out);

/* slots: the windows a booking could take now on each resource named,
 * from `from` (default now) up to `to` (a day: to its end; default seven
 * days on), in order of start then resource. Each window honours opening
 * hours, holidays and time off, the claims there are with their buffers
 * and the request's own, live holds (expired ones free at once), and the
 * min_notice and horizon policies. Starts lie on the resource's grid: its
 * slot length (15m when it has none) from the start of each open range.
 * cb is called for each window as it is found (nothing is gathered, so a
 * long answer costs no memory) and stops the walk by returning nonzero. */
#define BERTH_SLOTS_DAYS 7
typedef struct {
	const char *const *resources;
	size_t nresources;
	/* Or a service (no resources named): its resources, at `location`
	 * when given; its duration the default length and its buffer (when
	 * it has one) the request's in place of each resource's. */
	const char *service, *location;
	int has_from, has_to;
	civil_time from, to;
	int64_t duration; /* 0: the service's, else each resource's slot */
	int64_t quantity; /* 0: one */
	int all;	  /* also windows with too little room, with it */
} berth_slots_req;
typedef struct {
	const char *resource, *zone;
	btime start, end;
	int64_t available; /* units (seats, for a seated resource) */
} berth_slot;
typedef int (*berth_slot_cb)(const berth_slot *s, void *arg);
berth_status berth_slots(berth_txn *t, const berth_slots_req *req,
			 berth_slot_cb cb, void *arg);

/* Policies. */
typedef struct {
	const char *key;
	const char *scope; /* a resource name, or NULL for the store */
	int64_t value;
	int is_duration;
	int is_bool; /* value 0 or 1, shown as false or true */
	int is_default;
	/* The service whose own value this is (policy set --service), or
	 * the service asked for whose value is in force; NULL: none. */
	const char *service;
} berth_policy;
/* Whether KEY VALUE is a valid policy setting (VALUE NULL: whether KEY is
 * a policy), without a store. */
berth_status berth_policy_check(const char *key, const char *value);
berth_status berth_policy_set(berth_txn *t, const char *key,
			      const char *value, const char *resource,
			      berth_policy *out);
/* Removes the store's (resource NULL) or a resource's own value of KEY;
 * *out is then the value in force for that scope. *removed is 0 when
 * there was none to remove: nothing is written, and that is no failure. */
berth_status berth_policy_unset(berth_txn *t, const char *key,
				const char *resource, berth_policy *out,
				int *removed);
typedef int (*berth_policy_cb)(const berth_policy *p, void *arg);
berth_status berth_policy_each(berth_txn *t, const char *resource,
			       berth_policy_cb cb, void *arg);
/* A service's own policies (policy-service.c): set, unset, and every
 * policy as it binds a claim made for the service (on `resource`, when
 * given: then all three scopes count). A service's value is the
 * strictest with the store's and the resource's for a limit or deadline,
 * and is the one in force for a length (berth-policy(1)). */
berth_status berth_policy_set_service(berth_txn *t, const char *key,
				      const char *value, const char *service,
				      berth_policy *out);
berth_status berth_policy_unset_service(berth_txn *t, const char *key,
					const char *service, berth_policy *out,
					int *removed);
berth_status berth_policy_each_service(berth_txn *t, const char *service,
				       const char *resource,
				       berth_policy_cb cb, void *arg);
/* A service's own value of KEY: 1 with *value, 0 when it sets none. */
int berth_policy_own_service(berth_txn *t, const char *service,
			     const char *key, int64_t *value);
/* Every policy a service sets itself, service by service (export). */
berth_status berth_policy_each_own_service(berth_txn *t, berth_policy_cb cb,
					   void *arg);
/* The value in force for a resource: its own or the store's as
 * berth-policy(1) says, or the default. */
int64_t berth_policy_value(berth_txn *t, uint32_t rid, const char *key);

/* Opening hours, holidays and time off (lib/calendar-*.c). A clock time is
 * minutes from the day's 00:00 in the resource's zone, 0 to 1440 (24:00,
 * the end of the day). Dates are written yyyymmdd as one number. */
#define BERTH_DAY_RANGES 8 /* ranges a day at most */
typedef struct {
	int start, end; /* minutes, start < end <= 1440 */
} berth_range;
typedef struct {
	int n; /* 0: closed */
	berth_range r[BERTH_DAY_RANGES];
} berth_day;
typedef struct {
	const char *resource;
	int32_t date; /* a dated exception's yyyymmdd; 0: the week */
	int ndays;    /* 7 for the week (mon..sun), 1 for a date */
	berth_day day[7];
} berth_hours;
/* Reads `hours set` arguments before any store is opened: for the week
 * ('mon-fri 09:00-12:30,13:30-18:00', 'sun closed'), or with `dated` for
 * one date ('09:00-13:00', 'closed'). */
berth_status berth_hours_parse(char *const *specs, int n, int dated,
			       berth_hours *out);
/* "09:00-12:30,13:30-18:00", or "closed". */
void berth_day_format(const berth_day *d, char *buf, size_t size);
berth_status berth_date_parse(const char *what, const char *s, int32_t *ymd);
void berth_date_format(int32_t ymd, char *buf, size_t size);
const char *berth_weekday_name(int i); /* 0 mon .. 6 sun */
/* The weekday (0 mon .. 6 sun) of a yyyymmdd date. */
int berth_weekday_of(int32_t ymd);
berth_status berth_hours_set(berth_txn *t, berth_hours *h);
berth_status berth_hours_clear(berth_txn *t, const char *resource,
			       int32_t date);
typedef int (*berth_hours_cb)(const berth_hours *h, void *arg);
/* The week (when set), then the dated exceptions by date. */
berth_status berth_hours_each(berth_txn *t, const char *resource,
			      berth_hours_cb cb, void *arg);

typedef struct {
	uint64_t id;
	int32_t from, to; /* yyyymmdd, to >= from */
	int recurring;	  /* every year on the same month and day */
	const char *name;
	uint32_t nres; /* 0: every resource that has opening hours */
	const char **resources;
} berth_holiday;
berth_status berth_holiday_add(berth_txn *t, berth_holiday *h);
berth_status berth_holiday_rm(berth_txn *t, const char *id,
			      berth_holiday **out);
typedef int (*berth_holiday_cb)(const berth_holiday *h, void *arg);
/* Holidays by id; from/to (yyyymmdd, 0 for open) keep those that fall
 * on a day between them (a recurring one in any year). */
berth_status berth_holiday_each(berth_txn *t, int32_t from, int32_t to,
				berth_holiday_cb cb, void *arg);

typedef struct {
	uint64_t id;
	uint32_t rid;
	const char *resource;
	btime from, to;
	const char *reason;
	const char *zone; /* the resource's, for printing */
} berth_timeoff;
typedef struct {
	const char *resource;
	civil_time from, to;
	const char *reason;
} berth_timeoff_req;
berth_status berth_timeoff_add(berth_txn *t, const berth_timeoff_req *req,
			       berth_timeoff **out);
berth_status berth_timeoff_rm(berth_txn *t, const char *id,
			      berth_timeoff **out);
typedef int (*berth_timeoff_cb)(const berth_timeoff *o, void *arg);
berth_status berth_timeoff_each(berth_txn *t, const char *resource,
				berth_timeoff_cb cb, void *arg);

/* Services (lib/service*.c): a kind of appointment, by name. Its length,
 * an optional buffer (-1: none, the resource's applies), an optional price
 * in hundredths (-1: none; stored exactly, never as a float) and the
 * resources, by name, that can perform it, in the order given. */
#define BERTH_SERVICE_RESOURCES 256 /* resources a service names at most */
typedef struct {
	const char *name;
	int64_t duration; /* seconds, > 0 */
	int64_t buffer;	  /* seconds; -1: none */
	int64_t price;	  /* hundredths; -1: none */
	uint32_t nres;
	const char **resources;
	btime created_at, updated_at;
} berth_service;
/* What `service set` changes: a field applies when its flag is set. */
typedef struct {
	int duration_set, buffer_set, price_set, resources_set;
	berth_service v;
} berth_service_change;
/* "75", "75.5", "75.00" into hundredths: at most two decimals, not
 * negative, at most BERTH_PRICE_MAX hundredths. */
#define BERTH_PRICE_MAX 100000000000000LL
berth_status berth_price_parse(const char *s, int64_t *out);
/* The same for any option of money; `what` names it in messages. */
berth_status berth_money_parse(const char *what, const char *s, int64_t *out);
/* "75.00". */
void berth_price_format(int64_t hundredths, char *buf, size_t size);
/* "a,b,c" into names (at least one, each a valid name, none twice), into
 * the strings of s itself, which it changes; *out is malloc'd (the caller
 * frees it). */
berth_status berth_service_resources_parse(char *s, const char ***out,
					   uint32_t *n);
berth_status berth_service_add(berth_txn *t, const berth_service *in,
			       berth_service **out);
berth_status berth_service_get(berth_txn *t, const char *name,
			       berth_service **out);
berth_status berth_service_set(berth_txn *t, const char *name,
			       const berth_service_change *ch,
			       berth_service **out);
berth_status berth_service_rm(berth_txn *t, const char *name,
			      berth_service **out);
typedef int (*berth_service_cb)(const berth_service *s, void *arg);
berth_status berth_service_each(berth_txn *t, berth_service_cb cb,
				void *arg);

/* Customers (customer.c): contact data kept under the customer id that
 * claims name. A claim may name a customer with no record. Every text is
 * personal: the audit chain hashes each as its HMAC (audit-chain.c), so
 * `customer forget` can replace it by a pseudonym that carries that HMAC
 * (pseudonym.c) and the chain still verifies. */
typedef struct {
	const char *id;
	const char *name, *email, *phone; /* NULL: not given */
	berth_attrs attrs;
	btime created_at, updated_at;
} berth_customer;
/* What `customer set` changes: a field applies when not NULL (an empty
 * one clears it); attrs merge, an empty value removing the key. */
typedef struct {
	const char *name, *email, *phone;
	berth_attrs attrs;
} berth_customer_change;
/* A customer id that a person may give: valid text, and not of the form
 * `customer forget` gives its pseudonyms (INVALID_ARGUMENT). */
berth_status berth_check_customer(const char *id);
/* --email and --phone as a serious address book takes them: an email has
 * one @ with text either side and no space; a phone is digits, spaces and
 * + - ( ) . / with at least one digit. */
berth_status berth_check_email(const char *s);
berth_status berth_check_phone(const char *s);
berth_status berth_customer_add(berth_txn *t, const berth_customer *in,
				berth_customer **out);
berth_status berth_customer_get(berth_txn *t, const char *id,
				berth_customer **out);
berth_status berth_customer_set(berth_txn *t, const char *id,
				const berth_customer_change *ch,
				berth_customer **out);
typedef int (*berth_customer_cb)(const berth_customer *c, void *arg);
berth_status berth_customer_each(berth_txn *t, berth_customer_cb cb,
				 void *arg);
/* Every claim that ever named the customer (record or not), newest start
 * first, from the lasting index by customer (custhist). */
berth_status berth_customer_claims(berth_txn *t, const char *id,
				   berth_claim_cb cb, void *arg);
/* Erases the customer: its record, and its id in every claim, waitlist
 * entry, idempotency
 * answer and audit record, replaced by its pseudonym (returned in
 * *pseudonym). NOT_FOUND when there is neither a record nor a claim. */
typedef struct {
	const char *pseudonym;
	uint64_t claims, audit_records, idem_keys, waitlist_entries;
	int had_record;
} berth_forget_result;
berth_status berth_customer_forget(berth_txn *t, const char *id,
				   berth_forget_result *out);

/* The waitlist (waitlist*.c): a customer waiting for room on a resource,
 * or on any resource of a service (at a location), on some days within
 * a range of dates, at some times of day, for a length and a quantity.
 * When capacity frees up that fits, the best entry (priority high to
 * low, then the oldest) is offered a hold of it in the same transaction
 * (the hold's attribute `waitlist` names the entry); confirming that
 * hold fulfils the entry, and an offer that expires or is released
 * lapses it and offers the room to the next. */
enum { WAIT_WAITING, WAIT_OFFERED, WAIT_FULFILLED, WAIT_LAPSED,
       WAIT_EXPIRED, WAIT_REMOVED };
#define BERTH_WAIT_DAYS_MAX 366 /* dates one entry may wait over */
#define BERTH_PRIORITY_MAX 1000
typedef struct {
	uint64_t id;
	uint32_t rid;	      /* 0: a service's entry */
	const char *resource; /* NULL for a service's entry */
	const char *service, *location; /* NULL for a resource's */
	/* The resources it may be offered on: its own, or those its service
	 * named (at its location) when it was added. */
	uint32_t nrids;
	uint32_t *rids;
	const char *customer;
	int32_t from, to;	  /* yyyymmdd, both included */
	uint8_t days;		  /* weekdays, bit 0 monday .. bit 6 sunday */
	int times_start, times_end; /* minutes of the day, 0 to 1440 */
	int64_t duration;	  /* seconds */
	int64_t quantity, priority;
	int status;
	uint64_t offer;	    /* the hold offered, 0 before any */
	btime offer_expires; /* when that hold runs out */
	uint64_t booking;   /* fulfilled: the booking its hold became */
	int64_t version;
	btime until; /* the end of its last day: expire removes it then */
	btime created_at, updated_at;
	const char *zone; /* the zone its dates and times are read in */
} berth_waitlist;
typedef struct {
	const char *resource; /* or */
	const char *service, *location;
	const char *customer;
	int has_from, has_to;
	int32_t from, to;
	uint8_t days;	/* 0: every day */
	int has_times;
	int times_start, times_end;
	int64_t duration; /* 0: the service's */
	int64_t quantity; /* 0: 1 */
	int64_t priority;
} berth_waitlist_req;
const char *berth_waitlist_status_name(int status);
int berth_waitlist_status_parse(const char *s, int *out);
/* "w12". */
void berth_waitlist_id_format(uint64_t id, char *buf, size_t size);
/* The status as it is now: an offer whose hold ran out has lapsed,
 * whether or not a write has seen it yet. */
int berth_waitlist_effective(const berth_waitlist *e, btime now);
/* "mon,tue,sat" into a bit set; INVALID_ARGUMENT otherwise. */
berth_status berth_weekdays_parse(const char *s, uint8_t *out);
/* "10:00-12:00" (24:00 for the end of the day). */
berth_status berth_times_parse(const char *s, int *start, int *end);
berth_status berth_waitlist_add(berth_txn *t, const berth_waitlist_req *req,
				berth_waitlist **out);
berth_status berth_waitlist_get(berth_txn *t, const char *id,
				berth_waitlist **out);
/* Takes a waiting or offered entry off the list (its offer, if any, is
 * released and offered on). */
berth_status berth_waitlist_rm(berth_txn *t, const char *id,
			       berth_waitlist **out);
typedef struct {
	const char *resource, *service, *customer;
	int status; /* -1: any */
} berth_waitlist_filter;
typedef int (*berth_waitlist_cb)(const berth_waitlist *e, void *arg);
berth_status berth_waitlist_each(berth_txn *t, const berth_waitlist_filter *f,
				 berth_waitlist_cb cb, void *arg);
/* expire: entries still waiting after their last day; cb for each. */
berth_status berth_waitlist_expire(berth_txn *t, int dry_run,
				   berth_waitlist_cb cb, void *arg);
/* The open time of a resource within [from, to), in order: each day's
 * ranges (hours, exceptions, holidays per local day) less time off. Ranges
 * that touch (one day's 24:00 and the next day's 00:00) are given apart,
 * for each starts a grid of its own in `slots`; a claim may run across
 * them. cb returns nonzero to stop. */
typedef int (*berth_open_cb)(btime start, btime end, void *arg);
berth_status berth_open_each(berth_txn *t, const char *resource, btime from,
			     btime to, berth_open_cb cb, void *arg);

/* Utilisation (berth report, lib/usage*.c): per resource and period (a
 * local day, a local hour, or a weekday over the range), in each
 * resource's zone, the unit-seconds it was open (opening hours, holidays
 * and time off, times its capacity), booked and held, and counts of the
 * claims that start in the period (usage-count.c's table). */
typedef enum { USAGE_DAY, USAGE_HOUR, USAGE_WEEKDAY } berth_usage_by;
#define BERTH_USAGE_SPAN_MAX 3660 /* days a report covers at most */
#define BERTH_USAGE_COUNTERS 8	  /* room for the counters' table */
typedef struct {
	const char *const *resources; /* none and no service: every one */
	size_t nresources;
	const char *service; /* adds the resources that perform it */
	civil_time from, to; /* dates, each resource's; to inclusive */
	int has_from, has_to; /* default: the seven days ending today */
	berth_usage_by by;
} berth_usage_req;
typedef struct {
	const char *resource, *zone;
	berth_usage_by by;
	int32_t date;	  /* yyyymmdd (day, hour) */
	int hour;	  /* 0..23 (hour) */
	int weekday;	  /* 0 Monday .. 6 Sunday (weekday; and day, hour) */
	btime start, end; /* the period (day, hour); the range (weekday) */
	int64_t capacity;
	int64_t open, booked, held; /* unit-seconds */
	int64_t count[BERTH_USAGE_COUNTERS];
} berth_usage_row;
/* The counters' names (bookings, cancellations, ...), in count[] order;
 * NULL past the last. */
const char *berth_usage_counter(size_t i);
/* Whether counter i is a sum of money in hundredths (revenue, paid),
 * printed as an amount (35.00) rather than a count. */
int berth_usage_counter_money(size_t i);
/* Rows in resource order as named (else by name), each resource's in
 * time order. cb returns nonzero to stop. */
typedef int (*berth_usage_cb)(const berth_usage_row *row, void *arg);
berth_status berth_usage(berth_txn *t, const berth_usage_req *req,
			 berth_usage_cb cb, void *arg);

/* The audit log. */
typedef struct {
	uint64_t seq;
	btime at;
	const char *actor;
	berth_role role;
	const char *source;
	const char *action;
	const char *entity;
	const berth_claim *before_claim, *after_claim;
	const berth_resource *before_res, *after_res;
	const berth_policy *before_policy, *after_policy;
	const berth_hours *before_hours, *after_hours;
	const berth_holiday *before_holiday, *after_holiday;
	const berth_timeoff *before_timeoff, *after_timeoff;
	const berth_service *before_service, *after_service;
	const berth_customer *before_customer, *after_customer;
	const berth_waitlist *before_waitlist, *after_waitlist;
	const char *reason;
	berth_attrs source_detail;
	/* The record's link in the audit chain (audit-chain.c); has_hash 0
	 * for a record written before the chain. */
	uint8_t hash[32];
	int has_hash;
	arena *scratch; /* where the record was decoded */
} berth_audit;
typedef struct {
	const char *entity;
	int has_since, has_until;
	civil_time since, until; /* until: a date runs to its end */
	const char *actor;
	const char *action;
	const char *entity_type; /* booking, hold, resource, ...: the
				    action's first part */
} berth_audit_req;
typedef int (*berth_audit_cb)(const berth_audit *a, void *arg);
berth_status berth_audit_each(berth_txn *t, const berth_audit_req *req,
			      berth_audit_cb cb, void *arg);

/* The audit chain (audit-verify.c). The head: the last record's seq and
 * hash (seq 0 and zeros for an empty log). */
typedef struct {
	uint64_t seq;
	uint8_t hash[32];
} berth_chain_point;
berth_status berth_audit_head(berth_txn *t, berth_chain_point *out);
/* Walks the chain from record `from` (1: the whole log), each record's
 * hash recomputed from the one before and its content; with an anchor,
 * record anchor.seq must be there with anchor.hash. BERTH_TAMPERED names
 * the first record that does not follow (its seq in the details): edited,
 * removed, inserted or reordered, or a log cut short of the anchor or of
 * its own counters. `checked` counts the records walked; `head` is the
 * last one. */
typedef struct {
	uint64_t from;
	int has_anchor;
	berth_chain_point anchor;
	uint64_t checked;
	berth_chain_point head;
} berth_audit_verify_req;
berth_status berth_audit_verify(berth_txn *t, berth_audit_verify_req *v);
/* A hash as berth prints it: 64 hex digits. */
#define BERTH_HASH_HEX 65
void berth_hash_format(const uint8_t hash[32], char out[BERTH_HASH_HEX]);
/* "SEQ:HASH" as audit head prints it. */
berth_status berth_chain_point_parse(const char *s, berth_chain_point *out);
void berth_chain_point_format(const berth_chain_point *p, char *buf,
			      size_t size);

/* The outbox (outbox.c): every change's events, written in its
 * transaction, so an event exists exactly when its change committed. An
 * event's type is the audit's vocabulary (booking.created, hold.expired,
 * ...), with the events a change implies besides its own: a booking made
 * confirmed also emits booking.confirmed, a payment payment.updated, a
 * resource's change resource.changed. */
typedef enum {
	BERTH_DELIVERY_PENDING,
	BERTH_DELIVERY_DELIVERED,
	BERTH_DELIVERY_DEAD,
} berth_delivery_status;
typedef struct {
	berth_delivery_status status;
	unsigned attempts;
	btime next_at;	   /* pending: due again then */
	btime last_at;	   /* BTIME_NEVER: never tried */
	int64_t last_exit; /* 128+N: killed by signal N; -1: timed out */
	const char *last_error;
} berth_delivery;
typedef struct {
	uint64_t seq;
	const char *type;
	const char *entity;
	btime at;
	berth_audit audit; /* the change: action, actor, the state after */
	/* One notifier's delivery of it (events --dead). */
	int has_delivery;
	berth_delivery delivery;
	unsigned attempt; /* notify: the attempt about to be made */
} berth_event;
typedef int (*berth_event_cb)(const berth_event *ev, void *arg);
/* Types match by fnmatch(3) patterns: booking.*, *.cancelled. */
typedef struct {
	uint64_t after; /* only events after this seq */
	const char *const *types;
	size_t ntypes;
	const char *dead; /* only events this notifier gave up */
} berth_events_req;
berth_status berth_events_each(berth_txn *t, const berth_events_req *req,
			       berth_event_cb cb, void *arg);
/* Dead deliveries of a notifier made due again, with a fresh count of
 * attempts: one event (seq), or with seq 0 every dead one. *count says
 * how many; an event that is not dead is INVALID_STATE. */
berth_status berth_events_retry(berth_txn *t, const char *notifier,
				uint64_t seq, uint64_t *count);
/* Removes the events from before `before` that every notifier has
 * delivered (or passed over: not of its types), with their deliveries.
 * A dead one stays. With no notifier at all, nothing is delivered. */
berth_status berth_events_prune(berth_txn *t, const civil_time *before,
				uint64_t *count);

/* Waiting for the store to change (store-watch.c): wait returns 1 when
 * it may have, 0 after ms milliseconds (a poll where the system cannot
 * tell), -1 when a signal came. */
typedef struct berth_watch berth_watch;
berth_watch *berth_watch_open(berth_db *db);
int berth_watch_wait(berth_watch *w, int ms);
void berth_watch_close(berth_watch *w);
/* For a command that runs on (notify, events --follow): its clock moves
 * with the real one from the first transaction on, so a fixed --now is
 * where it starts (DECISIONS.md). */
void berth_now_runs(berth_db *db);

/* notify (notify.c). A pass: take leases events that are due to the
 * notifier (in seq order, at most one of an entity at a time, after every
 * earlier one of it is settled), at most `max`, each until now + lease,
 * calling cb for each with its attempt number; no write transaction is
 * held while the command runs; settle records each result. An event
 * another notifier of the same name holds is left alone until its lease
 * runs out. */
typedef struct {
	const char *name;
	const char *const *types;
	size_t ntypes;
	unsigned max;
	btime lease;
	uint64_t owner; /* this process's lease token */
	/* Only deliveries due by then (a pass takes each event once):
	 * BTIME_NEVER for all that are due. */
	btime due_by;
	/* Out: how many were taken, and the earliest time one not taken
	 * is due (BTIME_NEVER: none waits). */
	unsigned taken;
	btime next_due;
} berth_take_req;
berth_status berth_notify_take(berth_txn *t, berth_take_req *req,
			       berth_event_cb cb, void *arg);
typedef struct {
	uint64_t seq;
	int ok;
	int untried; /* taken but not run (stopping): its lease given back */
	int64_t exit; /* as berth_delivery.last_exit */
	const char *error;
	/* Out: the delivery as it now stands. */
	berth_delivery_status status;
	btime next_at;
} berth_attempt;
/* Failures are due again after 1 s × 2^(attempts-1), capped at
 * `backoff_cap`, plus up to a quarter of that at random; the last of
 * max_attempts makes the event dead. */
berth_status berth_notify_settle(berth_txn *t, const char *name,
				 uint64_t owner, berth_attempt *a, size_t n,
				 unsigned max_attempts, btime backoff_cap);

/* Invariants and index consistency. Each problem found goes to cb: the
 * table it is in, the entry's key as people read it, and what is wrong.
 * `overbooked` problems are claims that do not fit (SPEC's OVERBOOKED,
 * exit 4); every other problem is damage (STORE_CORRUPT, exit 10). */
typedef struct {
	const char *table;
	const char *key;
	const char *message;
	int overbooked;
	int repairable; /* in an index that check --repair rebuilds */
} berth_problem;
typedef int (*berth_problem_cb)(const berth_problem *p, void *arg);
berth_status berth_check(berth_txn *t, berth_problem_cb cb, void *arg,
			 uint64_t *problems);

/* check --report: each claim that counts and has not ended but lies where
 * its resource's calendar is now closed, with the refusal (code and
 * message) a new claim there would get. Not damage: check's verdict does
 * not change for them. */
typedef struct {
	const berth_claim *claim;
	const char *code, *reason;
} berth_report_row;
typedef int (*berth_report_cb)(const berth_report_row *row, void *arg);
berth_status berth_check_report(berth_txn *t, berth_report_cb cb, void *arg);
/* The same for one resource. */
berth_status berth_check_report_of(berth_txn *t, const char *name,
				   berth_report_cb cb, void *arg);

/* What a calendar change (hours, a holiday, time off) leaves outside the
 * rules: the claims that fit before it and not after (calendar-outside.c).
 * berth_outside_before, in the change's transaction before it is made,
 * notes what is outside already; berth_outside_after, after it, lists the
 * rest in `rows`, copied so that they outlive the transaction. Over the
 * resources named, or every one when there are none. */
typedef struct {
	const char *const *resources;
	size_t nresources;
	berth_claim_ref *before; /* private */
	size_t nbefore, cap;
	berth_report_row *rows;
	size_t n, rows_cap;
} berth_outside;
berth_status berth_outside_before(berth_txn *t, berth_outside *o);
berth_status berth_outside_after(berth_txn *t, berth_outside *o);

/* check --repair: rebuilds every index from the records, in this (write)
 * transaction, after checking again that the records themselves are
 * sound; refuses (STORE_CORRUPT, naming the first) when one is not. */
typedef struct {
	uint64_t found;	     /* problems before */
	uint64_t repaired;   /* of those, mended by the rebuild */
	uint64_t overbooked; /* problems left: claims that no longer fit */
	uint64_t entries;    /* index entries written */
} berth_repair_result;
berth_status berth_repair(berth_txn *t, berth_repair_result *out);

/* upgrade: rewrites a store of an older format in the current one, in
 * this (write) transaction (one of the current format is left alone). */
berth_status berth_upgrade(berth_txn *t);

typedef struct {
	const char *name;
	uint64_t count;
} berth_count;
typedef struct {
	const char *path;
	const char *store;  /* "lmdb" or "postgresql" */
	char server[64];    /* PostgreSQL's version; "" for LMDB */
	uint64_t map_size, map_used, map_limit, file_size;
	unsigned readers, max_readers;
	uint64_t resources, holds, bookings, audit_records;
	uint64_t events, events_dead, notifiers;
	uint64_t live_holds, pending, confirmed;
	/* Bytes the data takes (what a compacted backup holds), and that
	 * over the claims made: what a booking costs, indexes, audit and
	 * events included (0 with none). */
	uint64_t data_bytes, bytes_per_booking;
} berth_stats;
berth_status berth_get_stats(berth_db *db, berth_stats *out);

/* A whole store as lines (lib/export-all.c writes them, lib/import*.c
 * reads them back): one item a thing the store keeps, each of one type.
 * A type is one entry in the walk (export-all.c) and one in the put table
 * (import.c). The events and their deliveries are not part of it: they
 * are notices of changes made in the store they were made in, and a copy
 * would deliver them again. */
typedef enum {
	BERTH_X_STORE,	  /* the store's id, zone and, with the log, its key */
	BERTH_X_RESOURCE, /* a resource with its number */
	BERTH_X_RESID,	  /* the number of a removed resource */
	BERTH_X_POLICY,
	BERTH_X_HOURS,
	BERTH_X_HOLIDAY,
	BERTH_X_TIMEOFF,
	BERTH_X_SERVICE,
	BERTH_X_CLAIM, /* a hold or a booking */
	BERTH_X_IDEM,  /* an idempotency key and its answer, as stored */
	BERTH_X_AUDIT, /* an audit record, as stored */
	BERTH_X_CUSTOMER, /* a customer's record, as stored (key: its id) */
	BERTH_X_WAITLIST, /* a waitlist entry, as stored (seq: its number) */
	BERTH_X_COUNT
} berth_xtype;
/* The counters of ids carried over, so that an id removed before the
 * export (a holiday, a time off) is never given again. */
enum { BERTH_XID_HOLD, BERTH_XID_BOOKING, BERTH_XID_RESOURCE,
       BERTH_XID_HOLIDAY, BERTH_XID_TIMEOFF, BERTH_XID_SERIES,
       BERTH_XID_WAITLIST, BERTH_XID_COUNT };
const char *berth_xid_name(int i); /* "holds" */
typedef struct {
	const char *store_id, *tz;
	int audit;		/* the audit log follows (export --audit) */
	const char *audit_key;	/* its key, 64 hex digits (with the log) */
	uint64_t last[BERTH_XID_COUNT];
} berth_xstore;
typedef struct {
	berth_xtype type;
	berth_xstore store;
	berth_resource resource; /* also a removed one's rid and name */
	berth_policy policy;	 /* value: as policy set takes it, in text */
	const char *policy_value;
	berth_hours hours;
	berth_holiday holiday;
	berth_timeoff timeoff;
	berth_service service;
	berth_claim claim;
	/* A stored value kept as it is (idempotency keys, audit records):
	 * its key (the idempotency key; the audit record's seq), and the
	 * sealed bytes, which only this store's berth reads. */
	const char *key;
	uint64_t seq;
	const uint8_t *raw;
	size_t raw_len;
	const berth_audit *audit; /* export: the record, for people */
	const berth_waitlist *waitlist; /* export: the entry, for people */
} berth_xitem;
typedef int (*berth_xitem_cb)(const berth_xitem *it, void *arg);
/* Every item of the store in the order import takes them back: the
 * store, the catalogue, the customers, the holds, the bookings, the
 * waitlist (its offers are holds), the idempotency keys and
 * (with `audit`) the audit log. Memory stays flat: each claim and record
 * is decoded into an arena emptied after it. */
berth_status berth_export_all(berth_txn *t, int audit, berth_xitem_cb cb,
			      void *arg);

/* import: a new store, built in a directory of its own beside --db
 * (store-stage.c), filled by berth_import_put in transactions of the
 * caller's size, checked in full by berth_import_finish and only then put
 * in place; berth_import_abort takes it all back. Either the store comes
 * out whole and sound, or nothing was made. */
typedef struct berth_import berth_import;
berth_status berth_import_begin(const char *dir, berth_import **out);
/* import --merge: into the store db as it is, in the caller's one write
 * transaction (all or nothing by that), with no stage; the caller clears
 * the ids and numbers the file gives, which are the other store's, and
 * runs berth_import_check before it commits. */
berth_status berth_import_into(berth_db *db, berth_import **out);
/* A merge's transaction that starts again (berth_run may re-run it)
 * forgets the ids it gave: call it first thing in the transaction. */
void berth_import_restart(berth_import *im);
/* The whole store checked as import requires: INVALID_ARGUMENT when it
 * is not sound. */
berth_status berth_import_check(berth_txn *t, uint64_t *overbooked);
/* The staged store, for berth_run: the caller sets its clock and actor. */
berth_db *berth_import_db(berth_import *im);
/* One item, in a write transaction of the staged store. The first must be
 * the store (BERTH_X_STORE), or none: a file without one (a spreadsheet
 * of bookings) keeps the new store's own. Times of a claim that a
 * spreadsheet gives as local are read in its resource's zone (civil). */
typedef struct {
	int has_start, has_end; /* claim times still to resolve */
	civil_time start, end;
	int64_t duration; /* without an end: the resource's slot when 0 */
} berth_xcivil;
berth_status berth_import_put(berth_txn *t, berth_import *im,
			      berth_xitem *it, const berth_xcivil *cv);
/* Counters set after the largest ids, and the whole store checked; then
 * the store is put in place (berth_import_commit). */
typedef struct {
	uint64_t items[BERTH_X_COUNT];
	uint64_t overbooked;
} berth_import_summary;
berth_status berth_import_finish(berth_import *im, berth_import_summary *out);
berth_status berth_import_commit(berth_import *im);
void berth_import_abort(berth_import *im);

#endif
