/* status.h - the outcome of every library call: a SPEC error code with an
 * exit status, and a one-line message a person understands. */
#ifndef BERTH_STATUS_H
#define BERTH_STATUS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/* Order matters only within this file: berth_status_exit() maps each to the
 * SPEC's exit codes, berth_status_name() to its error code. */
typedef enum {
	BERTH_OK = 0,
	BERTH_INTERNAL,		  /* 1: a bug */
	BERTH_INVALID_ARGUMENT,	  /* 2 */
	BERTH_INVALID_TIME,	  /* 2 */
	BERTH_NOT_FOUND,	  /* 3 */
	BERTH_CAPACITY_FULL,	  /* 4 */
	BERTH_SEAT_TAKEN,	  /* 4 */
	BERTH_HOLD_ALREADY_USED,  /* 4 */
	BERTH_VERSION_MISMATCH,	  /* 4 */
	BERTH_IDEMPOTENCY_MISMATCH, /* 4 */
	BERTH_ALREADY_EXISTS,	  /* 4 */
	BERTH_IN_USE,		  /* 4 */
	BERTH_INVALID_STATE,	  /* 4: the entity's status forbids it */
	BERTH_OVERBOOKED,	  /* 4: check found more claimed than fits */
	BERTH_PAST,		  /* 5 */
	BERTH_OUTSIDE_HOURS,	  /* 5: the resource is closed then */
	BERTH_HOLIDAY,		  /* 5: a holiday closes the day */
	BERTH_TIME_OFF,		  /* 5: the resource has time off then */
	BERTH_MIN_NOTICE,	  /* 5: starts sooner than the notice asked */
	BERTH_BEYOND_HORIZON,	  /* 5: starts later than the horizon */
	BERTH_CANCEL_DEADLINE,	  /* 5: too close to its start to cancel */
	BERTH_RESCHEDULE_DEADLINE, /* 5: too close to its start to move */
	BERTH_MAX_RESCHEDULES,	  /* 5: moved as often as allowed */
	BERTH_CUSTOMER_LIMIT,	  /* 5: the customer has as many as allowed */
	BERTH_FORBIDDEN,	  /* 5: the role may not (--role) */
	BERTH_HOLD_EXPIRED,	  /* 6 */
	BERTH_BOOKING_EXPIRED,	  /* 6: a pending booking past its timeout */
	BERTH_PAYMENT_FAILED,	  /* 7 */
	BERTH_PAYMENT_REQUIRED,	  /* 7 */
	BERTH_OUTPUT_FAILED,	  /* 9: committed, but the answer was lost */
	BERTH_STORE_LOCKED,	  /* 10 */
	BERTH_STORE_FULL,	  /* 10 */
	BERTH_STORE_CORRUPT,	  /* 10 */
	BERTH_PERMISSION,	  /* 10 */
	BERTH_IO,		  /* 10: the disk or a stream refused */
	BERTH_STORE_FORMAT,	  /* 10: a format this berth does not use */
	BERTH_TAMPERED,		  /* 10: the audit chain is broken */
	BERTH_STORE_UNAVAILABLE,  /* 10: the server cannot be reached */
	BERTH_STATUS_COUNT
} berth_status;

const char *berth_status_name(berth_status s);
int berth_status_exit(berth_status s);

/* The message that goes with the last failure. The library is used by one
 * command in one thread, so one slot is enough and keeps call sites short:
 * `return berth_fail(BERTH_NOT_FOUND, "no resource '%s'", name);`. */
berth_status berth_fail(berth_status s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
berth_status berth_failv(berth_status s, const char *fmt, va_list ap);
const char *berth_message(void);
/* The failing status with its message, or BERTH_OK; for callers that must
 * carry a failure across a transaction retry. */
berth_status berth_last(void);
void berth_clear(void);

/* Details: what a script needs to act on the last failure (the seats
 * taken and by whom, the next instant with room, the option and value
 * refused), kept beside its message and printed by the emitter as the
 * JSON error's "details" object. They are recorded as the calls that
 * describe them, like an emitter's: a key and a value at the top, values
 * alone inside a list. berth_fail and berth_clear empty them, so the code
 * that fails adds its details right after its berth_fail. Strings are
 * copied. Running out of memory drops them all, never the failure. */
typedef enum {
	DETAIL_STR,
	DETAIL_INT,
	DETAIL_NULL,
	DETAIL_LIST, /* begins a list, up to its DETAIL_END */
	DETAIL_MAP,  /* begins a map, up to its DETAIL_END */
	DETAIL_END,
} berth_detail_kind;

typedef struct {
	berth_detail_kind kind;
	const char *key; /* NULL for a value inside a list, and for an end */
	const char *str;
	int64_t num;
} berth_detail;

typedef struct {
	size_t n;
	const berth_detail *v;
} berth_details;

void berth_detail_str(const char *key, const char *value);
void berth_detail_int(const char *key, int64_t value);
void berth_detail_null(const char *key);
void berth_detail_begin(berth_detail_kind list_or_map, const char *key);
void berth_detail_end(void);
/* The common INVALID_* details, {"option":..,"value":..} (value left out
 * when NULL), added to the failure st that was just made; returns st. */
berth_status berth_detail_option(berth_status st, const char *option,
				 const char *value);
/* The last failure's details (empty when it has none), valid until the
 * next failure or clear. */
berth_details berth_details_get(void);
/* A copy in `a` that outlives the next failure (a batch keeps each line's
 * until its answer is written); empty when `a` runs out. */
berth_details berth_details_copy(arena *a);

#endif
