/* tzif_fuzz.c - libFuzzer harness for lib/tz.c's TZif check: a zone's
 * file is checked before its name is stored, so the check reads whatever
 * the file holds. The input is the file. Every violated invariant traps:
 *  - nothing read outside the input (ASan);
 *  - a file that passes is at least a header long, starts "TZif", and
 *    passes no longer: one byte more, or one byte less, is refused (the
 *    lengths add up to the file exactly). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tz.h"

#define require(cond)                                                          \
	do {                                                                   \
		if (!(cond))                                                   \
			__builtin_trap();                                      \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *more;

	if (!tz_data_valid(data, size))
		return 0;
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
