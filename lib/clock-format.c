/* clock-format.c - times and durations as berth prints them: RFC 3339
 * with the zone's offset, and 1h30m. */
#include "clock-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t finish(int n, size_t size)
{
	if (n < 0 || size == 0)
		return 0;
	return (size_t)n < size ? (size_t)n : size - 1;
}

static char *digits(char *p, unsigned v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

/* An instant the calendar cannot print (years outside 1..9999) gives an
 * empty string and 0. Offsets with seconds (local mean time in a few zones
 * into the 1970s) are cut to whole minutes and the clock time moved to
 * match, so the printed text still names exactly `t`. */
size_t clock_format(btime t, const char *zone, char *buf, size_t size)
{
	char out[CLOCK_TIME_MAX], *p = out;
	struct civil_fields f;
	long off, a;
	size_t n;

	if (size)
		buf[0] = '\0';
	if (t > MAX_INSTANT + 2 * DAY || t < INT64_C(-62135596800) + 2 * DAY ||
	    clock_zone_offset(zone, t, &off))
		return 0;
	civil_from_seconds(t + off, &f);
	if (f.year < 1 || f.year > MAX_YEAR)
		return 0;
	a = labs(off);
	p = digits(p, (unsigned)f.year, 4);
	*p++ = '-';
	p = digits(p, (unsigned)f.month, 2);
	*p++ = '-';
	p = digits(p, (unsigned)f.day, 2);
	*p++ = 'T';
	p = digits(p, (unsigned)f.hour, 2);
	*p++ = ':';
	p = digits(p, (unsigned)f.minute, 2);
	*p++ = ':';
	p = digits(p, (unsigned)f.second, 2);
	*p++ = off < 0 ? '-' : '+';
	p = digits(p, (unsigned)(a / 3600), 2);
	*p++ = ':';
	p = digits(p, (unsigned)(a / 60 % 60), 2);
	n = (size_t)(p - out);
	if (size) {
		size_t k = n < size ? n : size - 1;
		memcpy(buf, out, k);
		buf[k] = '\0';
	}
	return n < size ? n : (size ? size - 1 : 0);
}

/* Negative durations keep their sign in front (-1h30m). */
size_t clock_format_duration(int64_t seconds, char *buf, size_t size)
{
	static const char units[] = "dhms";
	static const uint64_t unit_size[] = {86400, 3600, 60, 1};
	char tmp[64];
	size_t n = 0;
	uint64_t left = seconds < 0 ? -(uint64_t)seconds : (uint64_t)seconds;

	if (seconds < 0)
		tmp[n++] = '-';
	if (left == 0)
		n += (size_t)snprintf(tmp + n, sizeof tmp - n, "0s");
	for (int i = 0; i < 4; i++) {
		uint64_t q = left / unit_size[i];

		if (!q)
			continue;
		left -= q * unit_size[i];
		n += (size_t)snprintf(tmp + n, sizeof tmp - n, "%llu%c",
				      (unsigned long long)q, units[i]);
	}
	tmp[n] = '\0';
	return finish(snprintf(buf, size, "%s", tmp), size);
}
