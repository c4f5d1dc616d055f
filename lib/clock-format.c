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

/* "00" to "99": a clock field is two digits, copied rather than divided
 * out digit by digit. */
static const char two[] = "00010203040506070809"
			  "10111213141516171819"
			  "20212223242526272829"
			  "30313233343536373839"
			  "40414243444546474849"
			  "50515253545556575859"
			  "60616263646566676869"
			  "70717273747576777879"
			  "80818283848586878889"
			  "90919293949596979899";

static char *put2(char *p, unsigned v)
{
	memcpy(p, two + 2 * v, 2);
	return p + 2;
}

/* The dates last written, by their day number: the times of a listing's
 * rows fall on a few days at a time (a booking's start and end, the day
 * it was made, in each zone shown), so most dates are copied, not worked
 * out. ok is 0 for a day whose year cannot be printed. */
#define DATES 8
static struct date_text {
	int64_t day;
	int valid, ok;
	char text[10]; /* YYYY-MM-DD, unterminated */
} dates[DATES];
static unsigned next_date;

static const struct date_text *date_of(int64_t day)
{
	struct date_text *d;
	int64_t y;
	int m, dd;

	for (d = dates; d < dates + DATES; d++)
		if (d->valid && d->day == day)
			return d;
	d = &dates[next_date++ % DATES];
	clock_civil_from_days(day, &y, &m, &dd);
	d->day = day;
	d->valid = 1;
	d->ok = y >= 1 && y <= MAX_YEAR;
	if (d->ok) {
		put2(put2(d->text, (unsigned)(y / 100)), (unsigned)(y % 100));
		d->text[4] = '-';
		put2(d->text + 5, (unsigned)m);
		d->text[7] = '-';
		put2(d->text + 8, (unsigned)dd);
	}
	return d;
}

/* An instant the calendar cannot print (years outside 1..9999) gives an
 * empty string and 0. Offsets with seconds (local mean time in a few zones
 * into the 1970s) are cut to whole minutes and the clock time moved to
 * match, so the printed text still names exactly `t`. */
size_t clock_format(btime t, const char *zone, char *buf, size_t size)
{
	char out[CLOCK_TIME_MAX], *p;
	const struct date_text *date;
	int64_t local, day;
	unsigned sec;
	long off, a;
	size_t n;

	if (size)
		buf[0] = '\0';
	if (t > MAX_INSTANT + 2 * DAY || t < INT64_C(-62135596800) + 2 * DAY ||
	    clock_zone_offset(zone, t, &off))
		return 0;
	local = t + off;
	day = clock_floor_div(local, DAY);
	sec = (unsigned)(local - day * DAY);
	date = date_of(day);
	if (!date->ok)
		return 0;
	a = labs(off);
	/* Straight into a buffer that holds it all, as nearly every does. */
	p = size >= CLOCK_TIME_MAX ? buf : out;
	memcpy(p, date->text, 10);
	p += 10;
	*p++ = 'T';
	p = put2(p, sec / 3600);
	*p++ = ':';
	p = put2(p, sec / 60 % 60);
	*p++ = ':';
	p = put2(p, sec % 60);
	*p++ = off < 0 ? '-' : '+';
	p = put2(p, (unsigned)(a / 3600));
	*p++ = ':';
	p = put2(p, (unsigned)(a / 60 % 60));
	if (size >= CLOCK_TIME_MAX) {
		*p = '\0';
		return (size_t)(p - buf);
	}
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
