/* calendar-id.c - the ids of holidays (d12) and time off (t3). */
#include <stdlib.h>

#include "calendar.h"

berth_status cal_id_parse(char prefix, const char *what, const char *s,
			  uint64_t *id)
{
	char *end;
	unsigned long long n;

	if (s[0] != prefix || s[1] < '1' || s[1] > '9')
		goto bad;
	n = strtoull(s + 1, &end, 10);
	if (*end || n > INT64_MAX)
		goto bad;
	*id = n;
	return BERTH_OK;
bad:
	return berth_detail_option(
	    berth_fail(BERTH_INVALID_ARGUMENT,
		       "'%.40s' is not a %s id (%c1, %c2, ...)", s, what,
		       prefix, prefix),
	    "id", s);
}
