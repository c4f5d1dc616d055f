/* opt_fuzz.c - libFuzzer harness for the option layer (cmd/opt.c) and the
 * lock/book request parser (cmd/common-claim.c), linked with the real
 * cmd/common.c and the library.
 *
 * The input is an argument vector: words split on NUL or newline, after the
 * verb's own name. It is parsed against book's option table (the claim
 * options and a flag) and the globals, as `berth book ...` would; when
 * that succeeds with two operands, they and the options become a request.
 * Refusals must be INVALID_ARGUMENT or INVALID_TIME; a request must hold
 * what the parsers promise; nothing may leak. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common-claim.h"
#include "verbs.h"

#define MAX_WORDS 64

#define require(cond)                                                          \
	do {                                                                   \
		if (!(cond))                                                   \
			__builtin_trap();                                      \
	} while (0)

static volatile size_t sink;
#define touch(s) (sink += strlen(s))

/* fail() lives in cmd/berth.c beside main() and the table of every verb,
 * so the real one would drag in the whole program. Only claim_op_run
 * calls it, after opening a store, which never happens here. */
int fail(berth_status st)
{
	(void)st;
	__builtin_trap();
}

enum { O_PENDING = CO_COUNT, O_COUNT };
static const struct opt opts[] = {
    CLAIM_OPTS,
    {"pending", OPT_FLAG, NULL, "book as pending, confirmed later"},
    {NULL, 0, NULL, NULL},
};

static const struct verb verb = {
    .name = "book",
    .summary = "book capacity or seats",
    .operands = "RESOURCE START",
    .opts = opts,
    .mode = VERB_WRITES,
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* --help and --list-opts print to stdout. */
	if (!freopen("/dev/null", "w", stdout))
		abort();
	return 0;
}

static void check_request(const berth_claim_req *req, char **words,
			  size_t nwords)
{
	int from_input = 0;

	require(req->resource != NULL);
	for (size_t i = 0; i < nwords; i++)
		from_input |= req->resource == words[i];
	require(from_input);
	/* A relative time (tomorrow 20:00, +2h) has no date until it is
	 * resolved against the clock. */
	require(req->start.kind == CIVIL_RELATIVE ||
		(req->start.year >= 1970 && req->start.year <= 9999));
	if (req->has_end)
		require(req->end.kind == CIVIL_RELATIVE ||
			(req->end.year >= 1970 && req->end.year <= 9999));
	require(!(req->has_end && req->duration));
	require(req->duration >= 0 && req->duration <= 3650 * 86400);
	require(req->ttl >= 0 && req->ttl <= 3650 * 86400);
	require(req->quantity >= 0 && req->quantity <= BERTH_CAPACITY_MAX);
	require(req->nseats <= BERTH_SEATS_MAX);
	for (uint32_t i = 0; i < req->nseats; i++) {
		require(req->seats[i] >= 1 && req->seats[i] <= BERTH_SEATS_MAX);
		for (uint32_t j = 0; j < i; j++)
			require(req->seats[i] != req->seats[j]);
	}
	if (req->customer)
		require(berth_check_text("customer", req->customer) ==
			BERTH_OK);
	if (req->idem_key)
		require(berth_check_text("key", req->idem_key) == BERTH_OK);
	require(berth_check_attrs(&req->attrs) == BERTH_OK);
	for (size_t i = 0; i < req->attrs.n; i++) {
		require(*req->attrs.v[i].key && *req->attrs.v[i].value);
		touch(req->attrs.v[i].key);
		touch(req->attrs.v[i].value);
	}
}

/* One parse of words as `berth book WORDS...`, from a fresh G. */
struct parse {
	char *argv[MAX_WORDS + 2];
	optval vals[O_COUNT];
	int argc, nargs, done;
	berth_status st;
	struct globals g;
};

static void parse(struct parse *p, char **words, size_t nwords)
{
	p->argv[0] = (char *)"book";
	for (size_t i = 0; i < nwords; i++)
		p->argv[1 + i] = words[i];
	p->argc = (int)nwords + 1;
	p->argv[p->argc] = NULL;
	memset(p->vals, 0, sizeof p->vals);
	p->nargs = p->done = -1;
	/* As main() leaves them. */
	G = (struct globals){.format = FORMAT_TABLE, .prog = "berth book"};
	berth_clear();
	p->st =
	    opt_parse(&verb, p->argc, p->argv, p->vals, &p->nargs, &p->done);
	p->g = G;
}

/* getopt keeps state between calls; opt_parse must start afresh, so the
 * same words parse the same way whatever was parsed before. */
static void same_parse(const struct parse *a, const struct parse *b)
{
	require(a->st == b->st);
	require(a->nargs == b->nargs && a->done == b->done);
	for (int i = 1; !a->st && i <= a->nargs; i++)
		require(a->argv[i] == b->argv[i]);
	for (int i = 0; i < O_COUNT; i++) {
		require(a->vals[i].set == b->vals[i].set);
		require(a->vals[i].value == b->vals[i].value);
		require(a->vals[i].n == b->vals[i].n);
	}
	require(a->g.db == b->g.db && a->g.format == b->g.format);
	require(a->g.actor == b->g.actor && a->g.role == b->g.role);
	require(a->g.quiet == b->g.quiet && a->g.verbose == b->g.verbose);
	require(a->g.now_set == b->g.now_set);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct parse before, again;
	char *words[MAX_WORDS];
	berth_claim_req req = {0};
	size_t nwords = 0, start = 0;
	struct parse *p = &again;
	berth_status st;

	/* Each word its own allocation, so ASan sees a read past one. */
	for (size_t i = 0; i <= size && nwords < MAX_WORDS; i++) {
		if (i < size && data[i] != '\0' && data[i] != '\n')
			continue;
		if (!(words[nwords] = malloc(i - start + 1)))
			goto out;
		memcpy(words[nwords], data + start, i - start);
		words[nwords++][i - start] = '\0';
		start = i + 1;
	}

	parse(&before, words, nwords);
	opt_free(before.vals, O_COUNT);
	parse(&again, words, nwords);
	same_parse(&before, &again);
	if (p->st) {
		require(p->st == BERTH_INVALID_ARGUMENT ||
			p->st == BERTH_INVALID_TIME);
		goto free_vals;
	}
	require(p->nargs >= 0 && p->nargs < p->argc);
	require(p->done == 0 || p->done == 1);
	if (p->done || p->nargs != 2)
		goto free_vals;
	for (int i = 1; i <= p->nargs; i++)
		touch(p->argv[i]);
	st = claim_req_parse(p->argv + 1, p->nargs, p->vals, &req);
	if (st)
		require(st == BERTH_INVALID_ARGUMENT ||
			st == BERTH_INVALID_TIME);
	else
		check_request(&req, words, nwords);
	free(req.seats);
	free(req.attrs.v);
free_vals:
	opt_free(p->vals, O_COUNT);
out:
	for (size_t i = 0; i < nwords; i++)
		free(words[i]);
	return 0;
}
