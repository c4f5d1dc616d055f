#include "status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	int exit;
} table[BERTH_STATUS_COUNT] = {
	[BERTH_OK] = {"OK", 0},
	[BERTH_INTERNAL] = {"INTERNAL", 1},
	[BERTH_INVALID_ARGUMENT] = {"INVALID_ARGUMENT", 2},
	[BERTH_INVALID_TIME] = {"INVALID_TIME", 2},
	[BERTH_NOT_FOUND] = {"NOT_FOUND", 3},
	[BERTH_CAPACITY_FULL] = {"CAPACITY_FULL", 4},
	[BERTH_SEAT_TAKEN] = {"SEAT_TAKEN", 4},
	[BERTH_HOLD_ALREADY_USED] = {"HOLD_ALREADY_USED", 4},
	[BERTH_VERSION_MISMATCH] = {"VERSION_MISMATCH", 4},
	[BERTH_IDEMPOTENCY_MISMATCH] = {"IDEMPOTENCY_MISMATCH", 4},
	[BERTH_ALREADY_EXISTS] = {"ALREADY_EXISTS", 4},
	[BERTH_IN_USE] = {"IN_USE", 4},
	[BERTH_INVALID_STATE] = {"INVALID_STATE", 4},
	[BERTH_OVERBOOKED] = {"OVERBOOKED", 4},
	[BERTH_PAST] = {"PAST", 5},
	[BERTH_OUTSIDE_HOURS] = {"OUTSIDE_HOURS", 5},
	[BERTH_HOLIDAY] = {"HOLIDAY", 5},
	[BERTH_TIME_OFF] = {"TIME_OFF", 5},
	[BERTH_MIN_NOTICE] = {"MIN_NOTICE", 5},
	[BERTH_BEYOND_HORIZON] = {"BEYOND_HORIZON", 5},
	[BERTH_CANCEL_DEADLINE] = {"CANCEL_DEADLINE", 5},
	[BERTH_RESCHEDULE_DEADLINE] = {"RESCHEDULE_DEADLINE", 5},
	[BERTH_MAX_RESCHEDULES] = {"MAX_RESCHEDULES", 5},
	[BERTH_CUSTOMER_LIMIT] = {"CUSTOMER_LIMIT", 5},
	[BERTH_FORBIDDEN] = {"FORBIDDEN", 5},
	[BERTH_HOLD_EXPIRED] = {"HOLD_EXPIRED", 6},
	[BERTH_BOOKING_EXPIRED] = {"BOOKING_EXPIRED", 6},
	[BERTH_PAYMENT_FAILED] = {"PAYMENT_FAILED", 7},
	[BERTH_PAYMENT_REQUIRED] = {"PAYMENT_REQUIRED", 7},
	[BERTH_OUTPUT_FAILED] = {"OUTPUT_FAILED", 9},
	[BERTH_STORE_LOCKED] = {"STORE_LOCKED", 10},
	[BERTH_STORE_FULL] = {"STORE_FULL", 10},
	[BERTH_STORE_CORRUPT] = {"STORE_CORRUPT", 10},
	[BERTH_PERMISSION] = {"PERMISSION", 10},
	[BERTH_IO] = {"IO_ERROR", 10},
	[BERTH_STORE_FORMAT] = {"STORE_FORMAT", 10},
	[BERTH_TAMPERED] = {"TAMPERED", 10},
	[BERTH_STORE_UNAVAILABLE] = {"STORE_UNAVAILABLE", 10},
};

static berth_status last;
static char message[512];

/* The details, and the strings they point to, each its own allocation so
 * that growing the list moves no string. */
static berth_detail *details;
static size_t ndetails, detail_cap;
static int details_lost; /* memory ran out: they are all dropped */

static void details_clear(void)
{
	for (size_t i = 0; i < ndetails; i++) {
		free((char *)details[i].key);
		free((char *)details[i].str);
	}
	ndetails = 0;
	details_lost = 0;
}

static char *copy(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static void detail_add(berth_detail_kind kind, const char *key,
		       const char *str, size_t len, int64_t num)
{
	berth_detail d = {kind, NULL, NULL, num};

	if (details_lost)
		return;
	if (ndetails == detail_cap) {
		size_t cap = detail_cap ? detail_cap * 2 : 16;
		berth_detail *nd = realloc(details, cap * sizeof *nd);
		if (!nd)
			goto lost;
		details = nd;
		detail_cap = cap;
	}
	if ((key && !(d.key = copy(key, strlen(key)))) ||
	    (str && !(d.str = copy(str, len)))) {
		free((char *)d.key);
		goto lost;
	}
	details[ndetails++] = d;
	return;
lost:
	details_clear();
	details_lost = 1;
}

const char *berth_status_name(berth_status s)
{
	return (unsigned)s < BERTH_STATUS_COUNT ? table[s].name : "INTERNAL";
}

int berth_status_exit(berth_status s)
{
	return (unsigned)s < BERTH_STATUS_COUNT ? table[s].exit : 1;
}

berth_status berth_failv(berth_status s, const char *fmt, va_list ap)
{
	char buf[sizeof message];

	/* Formatted apart first: callers often wrap the last message in a
	 * new one, and the arguments may point into `message` itself. */
	vsnprintf(buf, sizeof buf, fmt, ap);
	memcpy(message, buf, sizeof message);
	last = s;
	details_clear();
	return s;
}

berth_status berth_fail(berth_status s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	berth_failv(s, fmt, ap);
	va_end(ap);
	return s;
}

const char *berth_message(void)
{
	return message;
}

berth_status berth_last(void)
{
	return last;
}

void berth_clear(void)
{
	last = BERTH_OK;
	message[0] = '\0';
	details_clear();
}

void berth_detail_str(const char *key, const char *value)
{
	if (!value)
		berth_detail_null(key);
	else
		detail_add(DETAIL_STR, key, value, strlen(value), 0);
}

void berth_detail_int(const char *key, int64_t value)
{
	detail_add(DETAIL_INT, key, NULL, 0, value);
}

void berth_detail_null(const char *key)
{
	detail_add(DETAIL_NULL, key, NULL, 0, 0);
}

void berth_detail_begin(berth_detail_kind list_or_map, const char *key)
{
	detail_add(list_or_map == DETAIL_MAP ? DETAIL_MAP : DETAIL_LIST, key,
		   NULL, 0, 0);
}

void berth_detail_end(void)
{
	detail_add(DETAIL_END, NULL, NULL, 0, 0);
}

/* A value echoed back is cut where a message would cut it, at a character
 * boundary: a script needs to know which value, not a megabyte of it. */
#define VALUE_ECHO_MAX 256

berth_status berth_detail_option(berth_status st, const char *option,
				 const char *value)
{
	size_t n;

	berth_detail_str("option", option);
	if (value) {
		n = strlen(value);
		if (n > VALUE_ECHO_MAX) {
			n = VALUE_ECHO_MAX;
			while (n && ((unsigned char)value[n] & 0xc0) == 0x80)
				n--;
		}
		detail_add(DETAIL_STR, "value", value, n, 0);
	}
	return st;
}

berth_details berth_details_get(void)
{
	berth_details d = {details_lost ? 0 : ndetails, details};

	return d;
}

berth_details berth_details_copy(arena *a)
{
	berth_details none = {0, NULL}, d = berth_details_get();
	berth_detail *v;

	if (!d.n)
		return none;
	if (!(v = arena_alloc(a, d.n * sizeof *v)))
		return none;
	for (size_t i = 0; i < d.n; i++) {
		v[i] = d.v[i];
		if ((d.v[i].key && !(v[i].key = arena_strdup(a, d.v[i].key))) ||
		    (d.v[i].str && !(v[i].str = arena_strdup(a, d.v[i].str))))
			return none;
	}
	d.v = v;
	return d;
}
