/* tz-zone.c - zones as values; see tz-zone.h.
 *
 * A zone is read from its TZif file once per process, the way zic wrote
 * it: the 64-bit data of version 2 and later (version 1 files have only
 * the 32-bit data and no rule), then the footer's rule for what follows the
 * last transition. Where RFC 8536 leaves a choice, the C library's choice
 * is taken, since it is the oracle the tests hold this to: an instant
 * before the first transition has the first standard-time type, and a file
 * without transitions keeps its one type whatever its footer says. */
#include "tz-zone.h"
#include "tz.h"

#include <stdlib.h>
#include <string.h>

#define HEADER 44
#define DAY    INT64_C(86400)

struct tz_type {
	int32_t off;
	unsigned char isdst;
	unsigned char abbr; /* index into chars */
};

struct tz_zone {
	char *name;
	size_t ntrans, ntypes;
	int64_t *trans;	      /* ascending */
	unsigned char *index; /* the type from each transition on */
	struct tz_type *types;
	char *chars;	  /* abbreviations, each ending in NUL */
	unsigned initial; /* the type before the first transition */
	int has_rule;
	struct tz_rule rule;
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int64_t be_time(const unsigned char *p, unsigned size)
{
	if (size == 4)
		return (int32_t)be32(p);
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

void tz_zone_free(tz_zone *z)
{
	if (!z)
		return;
	free(z->name);
	free(z->trans);
	free(z->index);
	free(z->types);
	free(z->chars);
	free(z);
}

/* The counts of the header at p: isut isstd leap time type chars. */
static void counts(const unsigned char *p, uint32_t c[6])
{
	for (int i = 0; i < 6; i++)
		c[i] = be32(p + 20 + 4 * i);
}

static size_t block_len(const uint32_t c[6], unsigned tsize)
{
	return (size_t)c[3] * (tsize + 1) + (size_t)c[4] * 6 + c[5] +
	       (size_t)c[2] * (tsize + 4) + c[1] + c[0];
}

/* Reads the data block at p (tz_data_valid has vouched for its layout). */
static int take_block(tz_zone *z, const unsigned char *p, const uint32_t c[6],
		      unsigned tsize)
{
	const unsigned char *idx = p + (size_t)c[3] * tsize;
	const unsigned char *types = idx + c[3];
	const unsigned char *chars = types + (size_t)c[4] * 6;

	z->ntrans = c[3];
	z->ntypes = c[4];
	z->trans = malloc((z->ntrans ? z->ntrans : 1) * sizeof *z->trans);
	z->index = malloc(z->ntrans ? z->ntrans : 1);
	z->types = malloc(z->ntypes * sizeof *z->types);
	z->chars = malloc(c[5]);
	if (!z->trans || !z->index || !z->types || !z->chars)
		return -1;
	for (size_t i = 0; i < z->ntrans; i++)
		z->trans[i] = be_time(p + i * tsize, tsize);
	memcpy(z->index, idx, z->ntrans);
	for (size_t i = 0; i < z->ntypes; i++) {
		z->types[i].off = (int32_t)be32(types + 6 * i);
		z->types[i].isdst = types[6 * i + 4];
		z->types[i].abbr = types[6 * i + 5];
	}
	memcpy(z->chars, chars, c[5]);
	z->initial = 0;
	while (z->initial < z->ntypes && z->types[z->initial].isdst)
		z->initial++;
	if (z->initial == z->ntypes)
		z->initial = 0;
	return 0;
}

tz_zone *tz_zone_parse(const unsigned char *d, size_t len)
{
	tz_zone *z;
	uint32_t c[6];
	size_t n, end;
	char footer[256];

	if (!tz_data_valid(d, len) || !(z = calloc(1, sizeof *z)))
		return NULL;
	counts(d, c);
	n = HEADER + block_len(c, 4);
	if (d[4] == 0) {
		if (take_block(z, d + HEADER, c, 4))
			goto fail;
		return z;
	}
	counts(d + n, c);
	if (take_block(z, d + n + HEADER, c, 8))
		goto fail;
	/* The footer: "\n" TZ-string "\n", checked whole by tz_data_valid. */
	n += HEADER + block_len(c, 8) + 1;
	end = len - 1;
	if (end > n && end - n < sizeof footer) {
		memcpy(footer, d + n, end - n);
		footer[end - n] = '\0';
		z->has_rule = tz_rule_parse(footer, &z->rule) == 0;
	}
	return z;
fail:
	tz_zone_free(z);
	return NULL;
}

static tz_zone *utc_zone(const char *name)
{
	static const char utc[] = "UTC", gmt[] = "GMT";
	tz_zone *z = calloc(1, sizeof *z);
	const char *abbr = strstr(name, "GMT") ? gmt : utc;

	if (!z)
		return NULL;
	z->ntypes = 1;
	z->types = calloc(1, sizeof *z->types);
	z->chars = malloc(sizeof utc);
	if (!z->types || !z->chars) {
		tz_zone_free(z);
		return NULL;
	}
	memcpy(z->chars, abbr, sizeof utc);
	return z;
}

/* Every zone a process asked for, for the rest of its life: a command
 * uses a handful, and each is a few KiB. */
static tz_zone **cache;
static size_t ncache, capcache;

const tz_zone *tz_zone_get(const char *name)
{
	static tz_zone *last;
	unsigned char *data;
	size_t len;
	tz_zone *z;

	if (!name)
		return NULL;
	if (last && strcmp(last->name, name) == 0)
		return last;
	for (size_t i = 0; i < ncache; i++)
		if (strcmp(cache[i]->name, name) == 0)
			return last = cache[i];
	if (tz_is_utc(name)) {
		z = utc_zone(name);
	} else {
		if (!tz_name_ok(name) || !(data = tz_read(name, &len)))
			return NULL;
		z = tz_zone_parse(data, len);
		free(data);
	}
	if (!z)
		return NULL;
	if (ncache == capcache) {
		size_t cap = capcache ? capcache * 2 : 8;
		tz_zone **c = realloc(cache, cap * sizeof *c);

		if (!c) {
			tz_zone_free(z);
			return NULL;
		}
		cache = c;
		capcache = cap;
	}
	if (!(z->name = strdup(name))) {
		tz_zone_free(z);
		return NULL;
	}
	cache[ncache++] = z;
	return last = z;
}

/* How many transitions are at or before t. */
static size_t upto(const tz_zone *z, int64_t t)
{
	size_t lo = 0, hi = z->ntrans;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (z->trans[mid] <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int by_rule(const tz_zone *z, int64_t t)
{
	return z->has_rule && z->ntrans && t >= z->trans[z->ntrans - 1];
}

void tz_zone_at(const tz_zone *z, int64_t t, tz_local *out)
{
	const struct tz_type *ty;
	size_t k;

	if (by_rule(z, t)) {
		tz_rule_at(&z->rule, t, out);
		return;
	}
	k = upto(z, t);
	ty = &z->types[k ? z->index[k - 1] : z->initial];
	out->off = ty->off;
	out->isdst = ty->isdst;
	out->abbr = z->chars + ty->abbr;
}

int64_t tz_zone_next_change(const tz_zone *z, int64_t t)
{
	size_t k;

	if (by_rule(z, t))
		return tz_rule_next_change(&z->rule, t);
	k = upto(z, t);
	if (k < z->ntrans)
		return z->trans[k];
	return z->has_rule && z->ntrans ? tz_rule_next_change(&z->rule, t)
					: INT64_MAX;
}

void tz_zone_span(const tz_zone *z, int64_t t, tz_local *out, int64_t *from,
		  int64_t *to)
{
	size_t k;

	tz_zone_at(z, t, out);
	if (by_rule(z, t)) {
		tz_rule_span(&z->rule, t, from, to);
		if (*from < z->trans[z->ntrans - 1])
			*from = z->trans[z->ntrans - 1];
		return;
	}
	k = upto(z, t);
	*from = k ? z->trans[k - 1] : INT64_MIN;
	*to = k < z->ntrans ? z->trans[k] : INT64_MAX;
}

static int32_t offset_at(const tz_zone *z, int64_t t)
{
	tz_local l;

	tz_zone_at(z, t, &l);
	return l.off;
}

/* Every instant whose wall clock reads `naive` lies within a day and a
 * few hours of it (no offset reaches 26 hours), and has one of the offsets
 * the zone uses in that stretch: try each, keep those the zone really uses
 * at the instant they imply, take the earliest. None is a gap, and the
 * change that makes it is the one whose jump the wall time falls in. */
int tz_zone_find(const tz_zone *z, int64_t naive, int64_t *t,
		 struct tz_gap *gap)
{
	int64_t lo = naive - 2 * DAY, hi = naive + 2 * DAY, x, c;
	int64_t best = INT64_MAX;
	int32_t offs[16], prev;
	int n = 0;

	offs[n++] = offset_at(z, lo);
	for (x = lo; n < 16 && (c = tz_zone_next_change(z, x)) <= hi; x = c)
		offs[n++] = offset_at(z, c);
	for (int i = 0; i < n; i++)
		if (naive - offs[i] < best &&
		    offset_at(z, naive - offs[i]) == offs[i])
			best = naive - offs[i];
	if (best != INT64_MAX) {
		*t = best;
		return 0;
	}
	prev = offs[0];
	gap->at = naive - prev;
	gap->before = gap->after = prev;
	for (x = lo; (c = tz_zone_next_change(z, x)) <= hi; x = c) {
		int32_t now = offset_at(z, c);

		if (now > prev && naive >= c + prev && naive < c + now) {
			gap->at = c;
			gap->before = prev;
			gap->after = now;
			break;
		}
		prev = now;
	}
	return 1;
}
