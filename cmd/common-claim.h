/* common-claim.h - lock and book take the same request. */
#ifndef BERTH_COMMON_CLAIM_H
#define BERTH_COMMON_CLAIM_H

#include "common.h"

/* The options lock and book share, in this order, first in their tables. */
enum { CO_END, CO_DURATION, CO_SERVICE, CO_LOCATION, CO_QUANTITY, CO_SEAT,
       CO_TTL, CO_CUSTOMER, CO_IDEM, CO_ATTR, CO_REASON, CO_FORCE,
       CO_REPEAT, CO_EVERY, CO_COUNT_N, CO_UNTIL, CO_SKIP, CO_METHOD,
       CO_COUNT };
#define CLAIM_OPTS                                                            \
	{"end", OPT_VALUE, "TIME", "when the claim ends"},                    \
	{"duration", OPT_VALUE, "DUR", "how long it lasts (90m, 1h30m)"},     \
	{"service", OPT_VALUE, "S", "a service: its length, buffer, resources"}, \
	{"location", OPT_VALUE, "L", "with --service alone: where to look"},  \
	{"quantity", OPT_VALUE, "N", "units to claim (default 1)"},           \
	{"seat", OPT_REPEAT, "N[,N...]", "numbered seats, all or nothing"},    \
	{"ttl", OPT_VALUE, "DUR", "how long a hold lives (hold_ttl policy)"}, \
	{"customer", OPT_VALUE, "C", "who the claim is for"},                 \
	{"idempotency-key", OPT_VALUE, "K", "replay instead of repeating"},   \
	{"attr", OPT_REPEAT, "K=V", "a free attribute"},                    \
	{"reason", OPT_VALUE, "R", "why, for the audit log"},                 \
	{"force", OPT_FLAG, NULL, "past notice, horizon and the calendar "   \
				  "(admin, with --reason)"},                 \
	{"repeat", OPT_VALUE, "FREQ", "a series: daily, weekly or monthly"},   \
	{"every", OPT_VALUE, "N", "with --repeat: every N days, weeks, months"}, \
	{"count", OPT_VALUE, "N", "with --repeat: this many occurrences"},    \
	{"until", OPT_VALUE, "DATE", "with --repeat: up to this date"},        \
	{"skip-conflicts", OPT_FLAG, NULL,                                    \
	 "with --repeat: make the free ones, report the rest"},               \
	{"payment-method", OPT_VALUE, "METHOD",                               \
	 "none, on_arrival or online"}

/* Fills req from [RESOURCE] START (nargs of them: the resource may be
 * left out with --service) and the shared options; frees nothing that
 * outlives the process. */
berth_status claim_req_parse(char **args, int nargs, const optval *vals,
			     berth_claim_req *req);
/* --repeat and the options that go with it into *rep (unit 0: no
 * series); any of them without --repeat is refused. */
berth_status claim_repeat_parse(const optval *vals, berth_repeat *rep);
/* --payment-method none|on_arrival|online into *has and *method. */
berth_status parse_payment_method(const optval *v, int *has, int *method);
/* Runs lock or book once and prints the claim; with rep->unit, makes the
 * series and prints its occurrences (and what was skipped). */
int claim_run(int book, berth_claim_req *req, const berth_repeat *rep);

/* One occurrence a series skipped: occurrence, start, and the error as a
 * refused batch line carries it (book --repeat, book --batch). */
void describe_series_skip(emitter *e, const berth_series_skip *s);

/* A verb that changes or reads one claim and prints it: opens the store,
 * runs op in one transaction, prints what it returned. A write says what
 * it did in `done`, a format taking the claim's id ("%s was booked"; see
 * committed()); a read passes NULL. */
typedef berth_status (*claim_op)(berth_txn *t, void *arg, berth_claim **out);

/* A whole series' verb (cancel --series, confirm --series): fn in one
 * write transaction, then "N NOUN of series sID were DONE" and the claims
 * *out holds (filled by fn), as list prints them. */
int series_op_run(berth_fn fn, void *arg, uint64_t series,
		  const berth_series *out, const char *noun, const char *done);
int claim_op_run(const char *done, claim_op op, void *arg);
/* A verb whose only operand is an id (release, show): op gets the id. */
int claim_id_verb(const struct verb *v, int argc, char **argv,
		  const char *done, claim_op op);

#endif
