/* service-parse.c - what `service add|set` reads before any store opens:
 * a price, exactly (hundredths as an integer, never a float, so 0.1 + 0.2
 * is never 0.30000000000000004), and the list of resources it names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* An amount of money, for the option `what` names in its messages
 * (--price, --amount): digits, and at most two decimals after a point. */
berth_status berth_money_parse(const char *what, const char *s, int64_t *out)
{
	int64_t whole = 0, frac = 0;
	const char *p = s;
	int digits = 0, decimals = 0;

	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		whole = whole * 10 + (*p - '0');
		if (whole > BERTH_PRICE_MAX / 100)
			goto bad;
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, decimals++) {
			if (decimals == 2)
				return berth_fail(BERTH_INVALID_ARGUMENT,
						  "%s: '%.40s' has more "
						  "than two decimals",
						  what, s);
			frac = frac * 10 + (*p - '0');
		}
		if (!decimals)
			goto bad;
	}
	if (!digits || *p)
		goto bad;
	*out = whole * 100 + (decimals == 1 ? frac * 10 : frac);
	if (*out > BERTH_PRICE_MAX)
		goto bad;
	return BERTH_OK;
bad:
	return berth_fail(BERTH_INVALID_ARGUMENT,
			  "%s: '%.40s' is not an amount like 75.00 (not "
			  "negative, at most %lld.00)",
			  what, s, BERTH_PRICE_MAX / 100);
}

berth_status berth_price_parse(const char *s, int64_t *out)
{
	return berth_money_parse("--price", s, out);
}

void berth_price_format(int64_t hundredths, char *buf, size_t size)
{
	snprintf(buf, size, "%lld.%02lld", (long long)(hundredths / 100),
		 (long long)(hundredths % 100));
}

berth_status berth_service_resources_parse(char *s, const char ***out,
					   uint32_t *n)
{
	const char **v;
	berth_status st;
	uint32_t k = 0;
	char *p = s;

	*out = NULL;
	*n = 0;
	if (!(v = calloc(BERTH_SERVICE_RESOURCES, sizeof *v)))
		return oom();
	for (;;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		if (k == BERTH_SERVICE_RESOURCES) {
			free(v);
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "--resources: at most %d",
					  BERTH_SERVICE_RESOURCES);
		}
		if ((st = berth_check_name(p))) {
			char msg[256];
			snprintf(msg, sizeof msg, "%s", berth_message());
			free(v);
			return berth_fail(st, "--resources: %s", msg);
		}
		for (uint32_t i = 0; i < k; i++)
			if (strcmp(v[i], p) == 0) {
				free(v);
				return berth_fail(BERTH_INVALID_ARGUMENT,
						  "--resources: '%s' is given "
						  "twice",
						  p);
			}
		v[k++] = p;
		if (!comma)
			break;
		p = comma + 1;
	}
	*out = v;
	*n = k;
	return BERTH_OK;
}
