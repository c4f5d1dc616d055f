/* clock-internal.h - what the clock's files share and nothing else sees:
 * the calendar's fields, the range berth can print, and the ways into the
 * process's TZ, which clock-zone.c alone sets. clock.c parses and resolves,
 * clock-zone.c owns TZ, clock-format.c prints. */
#ifndef BERTH_CLOCK_INTERNAL_H
#define BERTH_CLOCK_INTERNAL_H

#include "clock.h"

#define MIN_YEAR    1970
#define MAX_YEAR    9999
#define MAX_INSTANT INT64_C(253402300799) /* 9999-12-31T23:59:59Z */
#define DAY	    INT64_C(86400)

/* A time broken into its proleptic Gregorian calendar fields, UTC. */
struct civil_fields {
	int64_t year;
	int month, day, hour, minute, second;
};

void civil_from_seconds(int64_t t, struct civil_fields *f);

/* The forms a time may take, for messages about one that is none. */
extern const char clock_time_forms[];

int64_t clock_floor_div(int64_t a, int64_t b);

/* clock_resolve, naming the time in messages as `given` (NULL: as ct
 * reads); clock-relative.c resolves the local time a relative one names
 * through it, so messages still say what the user wrote. */
berth_status clock_resolve_as(const civil_time *ct, const char *zone,
			      const char *given, btime *out);

/* clock-relative.c: what clock_parse hands on when a time does not start
 * like a date or @SECONDS, and what clock_resolve hands on for
 * CIVIL_RELATIVE. */
berth_status clock_relative_parse(const char *text, civil_time *out);
berth_status clock_relative_resolve(const civil_time *ct, const char *zone,
				    btime now, btime *out);

/* Arguments can hold anything; a message must stay one readable line.
 * One static buffer: use the answer before the next call. */
const char *clock_shown(const char *text);

/* Makes `zone` the C library's zone; -1 when it is no zone (nothing
 * changed then). */
int clock_use_zone(const char *zone);

/* The instant whose wall clock in the zone clock_use_zone set reads
 * `naive` (that wall time's fields read as UTC). */
int64_t clock_local_instant(int64_t naive);

/* The offset of `zone` at `t` in whole minutes (an unknown zone is UTC);
 * -1 when the C library cannot say. */
int clock_zone_offset(const char *zone, int64_t t, long *off);

#endif
