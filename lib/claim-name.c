/* claim-name.c - what the statuses, payment statuses and payment methods
 * of holds and bookings are called, both ways. */
#include <string.h>

#include "internal.h"

static const char *const hold_names[] = {"active", "used", "released",
					 "expired"};
static const char *const booking_names[] = {"pending", "confirmed",
					    "cancelled", "expired",
					    "attended", "no_show"};
static const char *const payment_names[] = {"none", "pending", "paid",
					    "failed", "refunded"};
static const char *const method_names[] = {"none", "on_arrival", "online"};

#define COUNT(a) (int)(sizeof a / sizeof a[0])

const char *berth_claim_status_name(const berth_claim *c)
{
	if (c->kind == CLAIM_HOLD)
		return c->status < COUNT(hold_names) ? hold_names[c->status]
						     : "unknown";
	return c->status < COUNT(booking_names) ? booking_names[c->status]
						: "unknown";
}

const char *berth_payment_name(int p)
{
	return p >= 0 && p < COUNT(payment_names) ? payment_names[p] : "unknown";
}

int berth_payment_parse(const char *s, int *out)
{
	for (int i = 0; i < COUNT(payment_names); i++)
		if (strcmp(s, payment_names[i]) == 0) {
			*out = i;
			return 0;
		}
	return -1;
}

const char *berth_method_name(int m)
{
	return m >= 0 && m < COUNT(method_names) ? method_names[m] : "unknown";
}

const char *berth_status_choices(int holds)
{
	static char joined[2][80];
	const char *const *names = holds ? hold_names : booking_names;
	int n = holds ? COUNT(hold_names) : COUNT(booking_names);
	char *buf = joined[holds != 0];
	berth_choices c;

	if (!*buf) {
		berth_choices_init(&c, buf, sizeof joined[0]);
		for (int i = 0; i < n; i++)
			berth_choices_add(&c, names[i]);
	}
	return buf;
}

int berth_status_parse(int holds, const char *s, int *out)
{
	const char *const *names = holds ? hold_names : booking_names;
	int n = holds ? COUNT(hold_names) : COUNT(booking_names);

	for (int i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = i;
			return 0;
		}
	return -1;
}
