/* common-import-csv.c - a spreadsheet's bookings, as RFC 4180 rows (fields in
 * double quotes may hold commas and doubled quotes; a row is one line).
 * The columns are named by the header row in any order; an unknown name
 * is refused rather than dropped, so that a column that meant something
 * never goes missing unseen. Empty cells are absent values. */
#include <stdlib.h>
#include <string.h>

#include "common-import-csv.h"

enum {
	C_ID,
	C_RESOURCE,
	C_START,
	C_END,
	C_DURATION,
	C_QUANTITY,
	C_SEATS,
	C_CUSTOMER,
	C_STATUS,
	C_PAYMENT_STATUS,
	C_PAYMENT_METHOD,
	C_PAYMENT_REF,
	C_CREATED_AT,
	C_SERVICE,
	C_PRICE,
	C_AMOUNT_PAID,
	C_COUNT
};
static const char *const names[C_COUNT] = {
    "id",	  "resource",	    "start",	      "end",
    "duration",	  "quantity",	    "seats",	      "customer",
    "status",	  "payment_status", "payment_method", "payment_ref",
    "created_at", "service",	    "price",	      "amount_paid",
};

/* Splits one row in place into at most max cells; -1 on a quote that
 * does not close or text after a closing quote. */
static int split(char *line, char **cells, int max)
{
	int n = 0;
	char *p = line;
	size_t len = strlen(line);

	if (len && line[len - 1] == '\r')
		line[len - 1] = '\0';
	for (;;) {
		char *out = p, *start = p;
		if (n == max)
			return -1;
		if (*p == '"') {
			p++;
			for (;;) {
				if (!*p)
					return -1;
				if (*p == '"' && p[1] == '"') {
					*out++ = '"';
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					*out++ = *p++;
				}
			}
			if (*p && *p != ',')
				return -1;
		} else {
			while (*p && *p != ',')
				*out++ = *p++;
		}
		cells[n++] = start;
		if (!*p) {
			*out = '\0';
			return n;
		}
		*out = '\0';
		p++;
	}
}

berth_status csv_header_read(char *line, arena *a, csv_header *h)
{
	char *cells[CSV_COLUMNS];
	int n = split(line, cells, CSV_COLUMNS), seen = 0;

	(void)a;
	if (n < 0)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "the header row does not read as csv (at "
				  "most %d columns)",
				  CSV_COLUMNS);
	for (int i = 0; i < n; i++) {
		int f;
		for (f = 0; f < C_COUNT && strcmp(cells[i], names[f]); f++)
			;
		if (f == C_COUNT)
			return berth_detail_option(
			    berth_fail(BERTH_INVALID_ARGUMENT,
				       "unknown column '%.40s' (column %d)",
				       cells[i], i + 1),
			    "column", cells[i]);
		if (seen & (1 << f))
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "column '%s' named twice", names[f]);
		seen |= 1 << f;
		h->field[i] = f;
		h->names[i] = cells[i];
	}
	if (!(seen & (1 << C_RESOURCE)) || !(seen & (1 << C_START)))
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "the header names no resource or no start "
				  "column");
	h->n = (size_t)n;
	return BERTH_OK;
}

berth_status csv_header_keep(csv_header *h)
{
	for (size_t i = 0; i < h->n; i++)
		if (!(h->names[i] = strdup(h->names[i])))
			return berth_fail(BERTH_INTERNAL, "out of memory");
	return BERTH_OK;
}

void csv_header_free(csv_header *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->names[i]);
	h->n = 0;
}

static berth_status bad(const char *column, const char *why)
{
	return berth_detail_option(
	    berth_fail(BERTH_INVALID_ARGUMENT, "%s: %s", column, why), column,
	    NULL);
}

static berth_status seats(char *s, arena *a, berth_claim *c)
{
	size_t n = 1;

	for (char *p = s; *p; p++)
		n += *p == ' ' || *p == ';';
	if (!(c->seats = arena_alloc(a, n * sizeof *c->seats)))
		return berth_fail(BERTH_INTERNAL, "out of memory");
	c->nseats = 0;
	for (char *tok = strtok(s, " ;"); tok; tok = strtok(NULL, " ;")) {
		char *end;
		long v = strtol(tok, &end, 10);
		if (*end || v < 1 || v > BERTH_SEATS_MAX)
			return bad("seats", "seat numbers separated by ';'");
		c->seats[c->nseats++] = (uint32_t)v;
	}
	c->quantity = c->nseats ? c->nseats : c->quantity;
	return BERTH_OK;
}

static berth_status cell(int f, char *s, arena *a, berth_claim *c,
			 berth_xcivil *cv)
{
	char *end;
	long long n;

	switch (f) {
	case C_ID:
		if (s[0] != 'b' || (n = strtoll(s + 1, &end, 10), *end) ||
		    n < 1)
			return bad("id", "a booking id such as b12");
		c->id = (uint64_t)n;
		return BERTH_OK;
	case C_RESOURCE:
		c->resource = arena_strdup(a, s);
		return BERTH_OK;
	case C_START:
		cv->has_start = 1;
		return parse_time("start", s, &cv->start);
	case C_END:
		cv->has_end = 1;
		return parse_time("end", s, &cv->end);
	case C_DURATION:
		return parse_duration("duration", s, &cv->duration);
	case C_QUANTITY:
		n = strtoll(s, &end, 10);
		if (*end || n < 1 || n > BERTH_CAPACITY_MAX)
			return bad("quantity", "a whole number from 1");
		c->quantity = n;
		return BERTH_OK;
	case C_SEATS:
		return seats(s, a, c);
	case C_CUSTOMER:
		c->customer = arena_strdup(a, s);
		return BERTH_OK;
	case C_STATUS:
		return berth_status_parse(0, s, &c->status)
			   ? bad("status", berth_status_choices(0))
			   : BERTH_OK;
	case C_PAYMENT_STATUS:
		return berth_payment_parse(s, &c->payment_status)
			   ? bad("payment_status", "none, pending, paid, "
						   "failed or refunded")
			   : BERTH_OK;
	case C_PAYMENT_METHOD:
		for (int m = METHOD_NONE; m <= METHOD_ONLINE; m++)
			if (!strcmp(s, berth_method_name(m))) {
				c->payment_method = m;
				return BERTH_OK;
			}
		return bad("payment_method", "none, on_arrival or online");
	case C_PAYMENT_REF:
		c->payment_ref = arena_strdup(a, s);
		return BERTH_OK;
	case C_SERVICE:
		if (berth_check_name(s)) {
			berth_clear();
			return bad("service", "a service's name");
		}
		c->service = arena_strdup(a, s);
		return BERTH_OK;
	case C_PRICE:
	case C_AMOUNT_PAID: {
		/* Money as a price is written, exactly (berth-service(1)). */
		int64_t *v = f == C_PRICE ? &c->price : &c->amount_paid;
		if (berth_price_parse(s, v)) {
			berth_clear();
			return bad(names[f], "an amount like 35.00");
		}
		*(f == C_PRICE ? &c->has_price : &c->has_paid) = 1;
		return BERTH_OK;
	}
	case C_CREATED_AT: {
		civil_time ct;
		berth_status st = parse_time("created_at", s, &ct);
		if (!st && (ct.kind != CIVIL_ABSOLUTE ||
			    clock_resolve_at(&ct, "UTC", 0, &c->created_at)))
			st = bad("created_at", "a time with its offset");
		return st;
	}
	}
	return BERTH_OK;
}

berth_status csv_row_read(const csv_header *h, char *line, arena *a,
			  berth_xitem *it, berth_xcivil *cv)
{
	char *cells[CSV_COLUMNS];
	int n = split(line, cells, CSV_COLUMNS);
	berth_claim *c = &it->claim;
	berth_status st;

	memset(it, 0, sizeof *it);
	memset(cv, 0, sizeof *cv);
	if (n < 0)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "the row does not read as csv");
	if ((size_t)n != h->n)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "%d cells, and the header names %zu", n,
				  h->n);
	it->type = BERTH_X_CLAIM;
	c->kind = CLAIM_BOOKING;
	c->status = BOOKING_CONFIRMED;
	c->quantity = 1;
	c->version = 1;
	c->expires_at = BTIME_NEVER;
	for (int i = 0; i < n; i++)
		if (*cells[i] && (st = cell(h->field[i], cells[i], a, c, cv)))
			return st;
	if (!c->resource || !cv->has_start)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "a row needs its resource and start");
	/* A pending booking from elsewhere has no timeout running here: it
	 * is imported as pending and never expires by itself. */
	return BERTH_OK;
}
