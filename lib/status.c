#include "status.h"

#include <stdio.h>
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
};

static berth_status last;
static char message[512];

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
}
