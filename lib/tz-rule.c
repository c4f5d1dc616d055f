/* tz-rule.c - the POSIX TZ rule a TZif file's footer holds (RFC 8536
 * section 3.3), which says what a zone does after its last listed
 * transition: CET-1CEST,M3.5.0,M10.5.0/3 is an hour east of UTC, two in
 * summer, from the last Sunday of March at 02:00 to the last Sunday of
 * October at 03:00. Parsed once into numbers, evaluated per instant. */
#include "tz-zone.h"

#include <string.h>

#define DAY INT64_C(86400)
/* Far beyond any year a person writes (some 35 million years), and near
 * enough to zero that a year's arithmetic cannot overflow. */
#define RULE_REACH (INT64_C(1) << 50)

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* An abbreviation: three or more letters, or <...> of three or more
 * letters, digits, + and -; copied without the brackets. */
static const char *parse_abbr(const char *p, char *out)
{
	const char *s;
	size_t n;

	if (*p == '<') {
		for (s = ++p;
		     is_alpha(*p) || is_digit(*p) || *p == '+' || *p == '-';
		     p++)
			;
		if (*p != '>')
			return NULL;
		n = (size_t)(p++ - s);
	} else {
		for (s = p; is_alpha(*p); p++)
			;
		n = (size_t)(p - s);
	}
	if (n < 3 || n >= TZ_ABBR_MAX)
		return NULL;
	memcpy(out, s, n);
	out[n] = '\0';
	return p;
}

/* A number of at most `width` digits, from lo to hi. */
static const char *parse_num(const char *p, int width, int lo, int hi,
			     int *out)
{
	int v = 0, n = 0;

	while (n < width && is_digit(*p))
		v = v * 10 + (*p++ - '0'), n++;
	if (!n || is_digit(*p) || v < lo || v > hi)
		return NULL;
	*out = v;
	return p;
}

/* [+-]hh[:mm[:ss]], hours up to max_hours, as signed seconds. */
static const char *parse_hms(const char *p, int max_hours, int32_t *out)
{
	int sign = 1, v, part[2] = {0, 0};

	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	if (!(p = parse_num(p, 3, 0, max_hours, &v)))
		return NULL;
	for (int i = 0; i < 2 && p && *p == ':'; i++)
		p = parse_num(p + 1, 2, 0, 59, &part[i]);
	if (p)
		*out = sign * (v * 3600 + part[0] * 60 + part[1]);
	return p;
}

/* Jn (1-365), n (0-365) or Mm.w.d, then an optional /time (02:00 when
 * none). */
static const char *parse_date(const char *p, struct tz_rule_date *d)
{
	d->time = 7200;
	if (*p == 'M') {
		d->kind = 'M';
		if (!(p = parse_num(p + 1, 2, 1, 12, &d->m)) || *p++ != '.' ||
		    !(p = parse_num(p, 1, 1, 5, &d->w)) || *p++ != '.' ||
		    !(p = parse_num(p, 1, 0, 6, &d->d)))
			return NULL;
	} else if (*p == 'J') {
		d->kind = 'J';
		p = parse_num(p + 1, 3, 1, 365, &d->n);
	} else {
		d->kind = 'N';
		p = parse_num(p, 3, 0, 365, &d->n);
	}
	if (p && *p == '/')
		p = parse_hms(p + 1, 167, &d->time);
	return p;
}

int tz_rule_parse(const char *s, struct tz_rule *r)
{
	int32_t west;

	memset(r, 0, sizeof *r);
	if (!(s = parse_abbr(s, r->std_abbr)) || !(s = parse_hms(s, 24, &west)))
		return -1;
	r->std_off = r->dst_off = -west;
	if (!*s)
		return 0;
	if (!(s = parse_abbr(s, r->dst_abbr)))
		return -1;
	r->has_dst = 1;
	r->dst_off = r->std_off + 3600;
	if (*s && *s != ',') {
		if (!(s = parse_hms(s, 24, &west)))
			return -1;
		r->dst_off = -west;
	}
	if (!*s) {
		/* No dates: the United States' rules, as the C library's
		 * posixrules default has them. */
		r->start = (struct tz_rule_date){'M', 0, 3, 2, 0, 7200};
		r->end = (struct tz_rule_date){'M', 0, 11, 1, 0, 7200};
		return 0;
	}
	if (*s++ != ',' || !(s = parse_date(s, &r->start)) || *s++ != ',' ||
	    !(s = parse_date(s, &r->end)))
		return -1;
	return *s ? -1 : 0;
}

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Days from 1970-01-01 to January 1st of y (proleptic Gregorian). */
static int64_t year_start(int64_t y)
{
	int64_t p = y - 1;

	return (y - 1970) * 365 + floor_div(p, 4) - floor_div(p, 100) +
	       floor_div(p, 400) - (1969 / 4 - 1969 / 100 + 1969 / 400);
}

/* The UTC calendar year of t. */
static int64_t year_of(int64_t t)
{
	int64_t days = floor_div(t, DAY);
	int64_t y = 1970 + floor_div(days * 400, 146097);

	while (year_start(y) > days)
		y--;
	while (year_start(y + 1) <= days)
		y++;
	return y;
}

static const int month_start[2][13] = {
    {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365},
    {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366},
};

/* The instant a rule date names in year y, its time read with `off`. */
static int64_t change_at(const struct tz_rule_date *d, int64_t y, int32_t off)
{
	int leap = is_leap(y);
	int64_t day = year_start(y);

	if (d->kind == 'J') {
		day += d->n - 1 + (leap && d->n >= 60);
	} else if (d->kind == 'N') {
		day += d->n;
	} else {
		int64_t first = day + month_start[leap][d->m - 1];
		int len = month_start[leap][d->m] - month_start[leap][d->m - 1];
		/* 1970-01-01 was a Thursday. */
		int wday = (int)((first % 7 + 7 + 4) % 7);
		int mday = 1 + (d->d - wday + 7) % 7 + 7 * (d->w - 1);

		while (mday > len)
			mday -= 7;
		day = first + mday - 1;
	}
	return day * DAY + d->time - off;
}

/* Whether t falls in DST by the changes of year y. A rule whose DST runs
 * over the new year (the southern hemisphere's) starts later in the year
 * than it ends. */
static int in_dst(const struct tz_rule *r, int64_t y, int64_t t)
{
	int64_t s = change_at(&r->start, y, r->std_off);
	int64_t e = change_at(&r->end, y, r->dst_off);

	return s < e ? (t >= s && t < e) : !(t >= e && t < s);
}

/* The year whose changes decide is t's year in UTC, as the C library
 * reckons it; the two agree for every rule a zone uses, whose changes are
 * nowhere near the new year. */
void tz_rule_at(const struct tz_rule *r, int64_t t, tz_local *out)
{
	int dst = r->has_dst && t > -RULE_REACH && t < RULE_REACH &&
		  in_dst(r, year_of(t), t);

	out->off = dst ? r->dst_off : r->std_off;
	out->isdst = dst;
	out->abbr = dst ? r->dst_abbr : r->std_abbr;
}

int64_t tz_rule_next_change(const struct tz_rule *r, int64_t t)
{
	int64_t y, best = INT64_MAX;

	if (!r->has_dst || t <= -RULE_REACH || t >= RULE_REACH)
		return INT64_MAX;
	y = year_of(t);
	for (int64_t k = y - 1; k <= y + 1; k++) {
		int64_t s = change_at(&r->start, k, r->std_off);
		int64_t e = change_at(&r->end, k, r->dst_off);

		/* A rule whose changes sit at the new year flips there too,
		 * where the year that decides does (see tz_rule_at). */
		int64_t ny = year_start(k + 1) * DAY;

		if (s > t && s < best)
			best = s;
		if (e > t && e < best)
			best = e;
		if (ny > t && ny < best &&
		    in_dst(r, k, ny - 1) != in_dst(r, k + 1, ny))
			best = ny;
	}
	return best;
}

/* The candidates are tz_rule_next_change's: every instant where the
 * answer really changes is among them, and one that is not only makes the
 * stretch shorter. Beyond RULE_REACH either way the answer is standard
 * time for good. */
void tz_rule_span(const struct tz_rule *r, int64_t t, int64_t *from,
		  int64_t *to)
{
	int64_t y, best = INT64_MIN;

	if (!r->has_dst) {
		*from = INT64_MIN;
		*to = INT64_MAX;
		return;
	}
	if (t >= RULE_REACH || t <= -RULE_REACH) {
		*from = t >= RULE_REACH ? RULE_REACH : INT64_MIN;
		*to = t >= RULE_REACH ? INT64_MAX : -RULE_REACH + 1;
		return;
	}
	y = year_of(t);
	for (int64_t k = y - 1; k <= y + 1; k++) {
		int64_t s = change_at(&r->start, k, r->std_off);
		int64_t e = change_at(&r->end, k, r->dst_off);
		int64_t ny = year_start(k + 1) * DAY;

		if (s <= t && s > best)
			best = s;
		if (e <= t && e > best)
			best = e;
		if (ny <= t && ny > best &&
		    in_dst(r, k, ny - 1) != in_dst(r, k + 1, ny))
			best = ny;
	}
	*from = best > -RULE_REACH + 1 ? best : -RULE_REACH + 1;
	*to = tz_rule_next_change(r, t);
	if (*to > RULE_REACH)
		*to = RULE_REACH;
}
