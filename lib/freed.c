/* freed.c - what a transaction freed: the windows of capacity that its
 * claims stopped taking (a release, a cancel, an expiry, a reschedule
 * away) or that it made without a claim (capacity raised, time off
 * removed). The capacity accounting (avail.c) and the catalogue note
 * them here as they go; the waitlist offers them before the transaction
 * commits. Kept in the transaction's arena: a run that is retried starts
 * with none. */
#include <string.h>

#include "internal.h"

static void note(berth_txn *t, const freed_note *n)
{
	freed_note *nl = arena_grow(t->a, t->freed, t->nfreed, t->nfreed + 1,
				    &t->freed_cap, sizeof *nl);

	if (!nl) {
		arena_set_failed(t->a);
		return;
	}
	t->freed = nl;
	t->freed[t->nfreed++] = *n;
}

uint64_t freed_offer_of(const berth_claim *c)
{
	if (c->kind != CLAIM_HOLD)
		return 0;
	for (size_t i = 0; i < c->attrs.n; i++) {
		const char *v = c->attrs.v[i].value;
		if (strcmp(c->attrs.v[i].key, OFFER_ATTR) || !v || v[0] != 'w')
			continue;
		/* A name that is not an id is no offer; one that names an
		 * entry whose offer is another hold is checked there. */
		uint64_t id = 0;
		for (const char *p = v + 1; *p; p++) {
			if (*p < '0' || *p > '9' || id > UINT64_MAX / 10 - 1)
				return 0;
			id = id * 10 + (uint64_t)(*p - '0');
		}
		return id;
	}
	return 0;
}

void freed_claim(berth_txn *t, const berth_claim *c)
{
	freed_note n = {.rid = c->rid,
			.start = c->start,
			.end = claim_busy_end(c),
			.quantity = c->quantity,
			.offer = freed_offer_of(c) ? c->id : 0};

	note(t, &n);
}

void freed_taken(berth_txn *t, const berth_claim *c)
{
	btime end = claim_busy_end(c);

	for (size_t i = t->nfreed; i-- > 0;) {
		freed_note *n = &t->freed[i];
		/* The offer a confirmed hold ended is still settled: only
		 * its window is taken again. */
		if (n->rid == c->rid && n->start == c->start && n->end == end &&
		    n->quantity == c->quantity) {
			n->rid = 0;
			return;
		}
	}
}

void freed_window(berth_txn *t, uint32_t rid, btime start, btime end)
{
	freed_note n = {.rid = rid, .start = start, .end = end};

	note(t, &n);
}
