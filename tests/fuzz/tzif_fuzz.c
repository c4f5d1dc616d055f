/* tzif_fuzz.c - libFuzzer harness for lib/tz.c's TZif check: a zone's
 * file is checked before its name is stored, so the check reads whatever
 * the file holds. The input is the file. Every violated invariant traps:
 *  - nothing read outside the input (ASan);
 *  - a file that passes is at least a header long, starts "TZif", and
 *    passes no longer: one byte more, or one byte less, is refused (the
 *    lengths add up to the file exactly);
 *  - a file that passes loads as a zone (tz-zone.c), and asking it about
 *    any instant, or any wall time, reads nothing outside what it holds:
 *    an instant found reads that wall time, and the next change is
 *    always later than the instant asked about. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tz-zone.h"
#include "tz.h"

#define require(cond)                                                          \
	do {                                                                   \
		if (!(cond))                                                   \
			__builtin_trap();                                      \
	} while (0)

static void ask(const uint8_t *data, size_t size)
{
	static const int64_t at[] = {INT64_C(-2208988800), 0, 1781546400,
				     INT64_C(4102444800), INT64_C(253402300799)};
	tz_zone *z = tz_zone_parse(data, size);
	struct tz_gap gap;
	tz_local l;
	int64_t t;

	if (!z)
		return;
	for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
		tz_zone_at(z, at[i], &l);
		require(l.abbr != NULL);
		require(tz_zone_next_change(z, at[i]) > at[i]);
		if (tz_zone_find(z, at[i], &t, &gap) == 0) {
			tz_zone_at(z, t, &l);
			require(t + l.off == at[i]);
		}
	}
	tz_zone_free(z);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *more;

	if (!tz_data_valid(data, size))
		return 0;
	ask(data, size);
	require(size >= 44 && memcmp(data, "TZif", 4) == 0);
	require(!tz_data_valid(data, size - 1));
	/* A copy one byte longer, so ASan sees a read past the input. */
	if (!(more = malloc(size + 1)))
		return 0;
	memcpy(more, data, size);
	more[size] = '\n';
	require(!tz_data_valid(more, size + 1));
	free(more);
	return 0;
}
