/* tz-zone.h - a time zone as a value: loaded once from the system's
 * database (RFC 8536 TZif: its table of transitions and, for the instants
 * after the last one, the POSIX TZ rule of its footer), then asked about as
 * often as a command likes, in as many zones as it likes, without ever
 * touching the process's TZ. */
#ifndef BERTH_TZ_ZONE_H
#define BERTH_TZ_ZONE_H

#include <stddef.h>
#include <stdint.h>

#define TZ_ABBR_MAX 16

/* A POSIX TZ rule (std offset [dst [offset] [,start[/time],end[/time]]]),
 * with RFC 8536's rule times from -167 to 167 hours. Offsets are seconds
 * east of UTC (POSIX writes them west: CET-1 is +3600). */
struct tz_rule_date {
	char kind;	/* 'J' (1-365, no Feb 29), 'N' (0-365), 'M' */
	int n;		/* J and N: the day */
	int m, w, d;	/* M: month, week (5 = last), weekday (0 Sun) */
	int32_t time;	/* seconds after that day's local midnight */
};

struct tz_rule {
	int32_t std_off, dst_off;
	int has_dst;
	struct tz_rule_date start, end; /* into and out of DST */
	char std_abbr[TZ_ABBR_MAX], dst_abbr[TZ_ABBR_MAX];
};

/* Parses a TZ string; 0 when it is one, -1 otherwise. An empty string is
 * no rule (-1): callers that allow an empty footer check for it first. */
int tz_rule_parse(const char *s, struct tz_rule *out);

/* What a zone says about one instant. abbr lives as long as the zone. */
typedef struct {
	int32_t off; /* seconds east of UTC */
	int isdst;
	const char *abbr;
} tz_local;

void tz_rule_at(const struct tz_rule *r, int64_t t, tz_local *out);

/* The first instant after t at which the rule changes its answer (the
 * start or end of DST), INT64_MAX when it never does. */
int64_t tz_rule_next_change(const struct tz_rule *r, int64_t t);

/* The stretch [*from, *to) around t over which the rule's answer holds
 * (INT64_MIN and INT64_MAX where it runs without end). */
void tz_rule_span(const struct tz_rule *r, int64_t t, int64_t *from,
		  int64_t *to);

typedef struct tz_zone tz_zone;

/* The zone of that name from the system's database (or UTC by one of its
 * file-less names), loaded on first use and kept for the life of the
 * process. NULL when the name is no zone, or its file is not a whole TZif
 * file. */
const tz_zone *tz_zone_get(const char *name);

/* Parses a TZif file held in memory into a zone; NULL when it is not a
 * whole one (tz_data_valid). Freed with tz_zone_free. */
tz_zone *tz_zone_parse(const unsigned char *data, size_t len);
void tz_zone_free(tz_zone *z);

void tz_zone_at(const tz_zone *z, int64_t t, tz_local *out);

/* The first instant after t where the zone's answer may change (a
 * transition of its table, then of its rule), INT64_MAX when none. */
int64_t tz_zone_next_change(const tz_zone *z, int64_t t);

/* tz_zone_at, and the stretch [*from, *to) around t over which its
 * answer holds (INT64_MIN and INT64_MAX where it runs without end), so a
 * caller asking about many nearby instants, as a listing does row after
 * row, asks the zone once a stretch. */
void tz_zone_span(const tz_zone *z, int64_t t, tz_local *out, int64_t *from,
		  int64_t *to);

/* Where the clocks jump forward over a wall time that never happens. */
struct tz_gap {
	int64_t at;	  /* the instant of the jump */
	int32_t before;	  /* the offset until then */
	int32_t after;	  /* and from then on */
};

/* The instant whose wall clock in the zone reads `naive` (the wall time's
 * fields counted as if they were UTC). 0 and *t: the earliest such instant
 * (a repeated hour means its first occurrence). 1 and *gap: no instant
 * reads that, the clocks jump over it. */
int tz_zone_find(const tz_zone *z, int64_t naive, int64_t *t,
		 struct tz_gap *gap);

#endif
