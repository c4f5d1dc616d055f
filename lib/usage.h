/* usage.h - what report's files share: the table of counters. */
#ifndef BERTH_USAGE_H
#define BERTH_USAGE_H

#include "internal.h"

struct usage_counter {
	const char *name;
	/* Whether the claim (as it is now, claim_effective) counts here. */
	int (*counts)(const berth_claim *c);
	/* NULL: one a claim; else what the claim adds (money, in
	 * hundredths: a sum, not a count). */
	int64_t (*amount)(const berth_claim *c);
};
extern const struct usage_counter usage_counters[];
extern const size_t usage_ncounters;

#endif
