/* batch_fuzz.c - libFuzzer harness for batch_parse_line (cmd/common-batch.c),
 * one `book --batch` request line, linked with the real cmd/common.c,
 * cmd/opt.c and the library.
 *
 * A line is refused with INVALID_ARGUMENT or INVALID_TIME, or gives a
 * request whose every field holds what the parser promises; either way
 * nothing leaks (the arena holds what the request keeps). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common-batch.h"

/* Reading every byte of a string, so ASan sees one that is not ended. */
static volatile size_t sink;
#define touch(s) (sink += strlen(s))

#define require(cond)                                                          \
	do {                                                                   \
		if (!(cond))                                                   \
			__builtin_trap();                                      \
	} while (0)

static void check_civil(const civil_time *ct)
{
	btime t;
	berth_status st;

	/* A relative time (tomorrow 20:00, +2h) has no date until it is
	 * resolved against the clock (a fixed one here). */
	require(ct->kind == CIVIL_RELATIVE ||
		(ct->year >= 1970 && ct->year <= 9999));
	st = clock_resolve_at(ct, "Europe/Paris", 1780308000, &t);
	require(st == BERTH_OK || st == BERTH_INVALID_TIME);
}

static void check_request(const berth_claim_req *req)
{
	require(req->resource != NULL);
	touch(req->resource);
	check_civil(&req->start);
	if (req->has_end)
		check_civil(&req->end);
	require(!(req->has_end && req->duration));
	require(req->duration >= 0 && req->duration <= 3650 * 86400);
	require(req->ttl >= 0 && req->ttl <= 3650 * 86400);
	require(req->quantity >= 0 && req->quantity <= BERTH_CAPACITY_MAX);
	require(req->pending == 0 || req->pending == 1);
	require(req->nseats <= BERTH_SEATS_MAX);
	require((req->nseats == 0) == (req->seats == NULL));
	for (uint32_t i = 0; i < req->nseats; i++)
		require(req->seats[i] >= 1 && req->seats[i] <= BERTH_SEATS_MAX);
	if (req->customer)
		touch(req->customer);
	if (req->idem_key)
		touch(req->idem_key);
	require(req->attrs.n == 0 || req->attrs.v != NULL);
	for (size_t i = 0; i < req->attrs.n; i++) {
		require(req->attrs.v[i].key && req->attrs.v[i].value);
		touch(req->attrs.v[i].key);
		touch(req->attrs.v[i].value);
	}
}

static void check_repeat(const berth_repeat *rep)
{
	if (!rep->unit) {
		require(!rep->every && !rep->count && !rep->until &&
			!rep->skip_conflicts);
		return;
	}
	require(rep->unit >= REPEAT_DAILY && rep->unit <= REPEAT_MONTHLY);
	require(rep->every >= 1 && rep->every <= BERTH_SERIES_MAX);
	require(!rep->count != !rep->until);
	require(rep->count >= 0 && rep->count <= BERTH_SERIES_MAX);
	require(rep->skip_conflicts == 0 || rep->skip_conflicts == 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1);
	arena *a = arena_new();
	berth_claim_req req;
	berth_repeat rep;
	berth_status st;

	if (!line || !a) {
		free(line);
		arena_free(a);
		return 0;
	}
	/* book --batch hands over one line without its newline. */
	memcpy(line, data, size);
	line[size] = '\0';
	line[strcspn(line, "\n")] = '\0';
	st = batch_parse_line(line, a, &req, &rep);
	if (st == BERTH_OK) {
		check_request(&req);
		check_repeat(&rep);
		require(!req.has_payment_method ||
			(req.payment_method >= METHOD_NONE &&
			 req.payment_method <= METHOD_ONLINE));
	}
	else
		require(st == BERTH_INVALID_ARGUMENT ||
			st == BERTH_INVALID_TIME);
	arena_free(a);
	free(line);
	return 0;
}
