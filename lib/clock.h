/* clock.h - the clock, times and durations: parsing what people and scripts
 * write, printing RFC 3339 with a zone's offset, and zones from the
 * system's tz database, each loaded once as a value (tz-zone.h), never by
 * switching the process's TZ. */
#ifndef BERTH_CLOCK_H
#define BERTH_CLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* Seconds since the Unix epoch, UTC. */
typedef int64_t btime;
#define BTIME_NEVER INT64_MAX

/* A time as written, before a zone gives it meaning. Parsing happens before
 * any transaction opens; resolving needs the resource's zone, which only the
 * store knows, so the two are separate steps. */
typedef enum {
	CIVIL_ABSOLUTE, /* had Z, an offset, or was @EPOCH: zone ignored */
	CIVIL_LOCAL,	/* date and clock time in the zone given to resolve */
	CIVIL_DATE,	/* a date alone: 00:00 of that day in the zone */
	CIVIL_RELATIVE, /* now, tomorrow 20:00, +2h...: counted from the clock */
} civil_kind;

/* What a relative time counts from (lib/clock-relative.c). */
typedef enum {
	RELATIVE_NOW,	  /* now plus `shift` seconds (+2h, -1d, now) */
	RELATIVE_DAY,	  /* `days` days after today (today, tomorrow) */
	RELATIVE_WEEKDAY, /* the first day after today that is `days`, 0 Sun */
} relative_anchor;

typedef struct {
	civil_kind kind;
	int year, month, day, hour, minute, second;
	int offset;  /* seconds east of UTC, CIVIL_ABSOLUTE only */
	btime epoch; /* set when written as @EPOCH */
	int is_epoch;
	/* CIVIL_RELATIVE only; the clock time, if given, is in hour, minute
	 * and second, and has_clock says it was. */
	relative_anchor anchor;
	int days;
	int has_clock;
	int64_t shift;
} civil_time;

/* Accepts RFC 3339 (2026-06-15T20:00:00+02:00, ...Z, with any fraction of
 * a second, which is dropped: .999 is still that second), local
 * 2026-06-15T20:00[:ss[.fff]] or 2026-06-15 20:00[:ss[.fff]], a date
 * 2026-06-15, @SECONDS, and the relative times of clock-relative.c (now,
 * today, tomorrow 20:00, +2h, next mon 10:00, ...). Hours run 00..24
 * (24:00 only with :00 minutes, meaning the end of the day). Years
 * 1970..9999. Anything else is BERTH_INVALID_TIME with a message naming
 * the text. */
berth_status clock_parse(const char *text, civil_time *out);

/* The instant `ct` names in `zone` (an IANA name such as Europe/Paris, or
 * UTC), a relative time counted from `now` (the transaction's: --now, or
 * the real clock when the command began, so `+2h` means two hours after
 * the instant every rule of that command reads as now). A local clock time
 * that a DST change skips is refused with BERTH_INVALID_TIME naming the
 * gap (a date alone, or today/tomorrow alone, is the day's first instant
 * instead); a repeated one takes its first occurrence. An instant that
 * `zone` would print past 9999-12-31 is refused (see
 * clock_check_printable). */
berth_status clock_resolve_at(const civil_time *ct, const char *zone,
			      btime now, btime *out);

/* clock_resolve_at with the real clock. There is no process-wide clock
 * any more: in a transaction a relative time counts from the
 * transaction's now, so code there must say which (hence the warning). */
berth_status clock_resolve(const civil_time *ct, const char *zone, btime *out)
    __attribute__((deprecated("use clock_resolve_at(ct, zone, t->now, out)")));

/* The end of a range given as `to` (lib/clock-until.c): a day without a
 * clock time (2026-06-15, today, tomorrow, next mon) is inclusive, so it
 * resolves to the next day's first instant in `zone` (BTIME_NEVER after
 * 9999-12-31); anything else as clock_resolve_at. */
berth_status clock_resolve_until(const civil_time *ct, const char *zone,
				 btime now, btime *out);

/* Whether `t` prints in `zone` as RFC 3339, a year from 0000 to 9999:
 * every time berth stores is printed back, and one that cannot be prints
 * as null, which means "never". BERTH_INVALID_TIME naming `what`
 * otherwise. clock_resolve checks what it returns; a caller that computes
 * a time (start + duration, now + ttl) checks the sum. */
berth_status clock_check_printable(const char *what, btime t,
				   const char *zone);

/* Durations: one or more NUMBER UNIT pairs, units w d h m s, largest first
 * (90m, 1h30m, 2d, 45s); a bare 0 is zero. At most 3650 days. */
berth_status clock_parse_duration(const char *text, int64_t *seconds);

/* RFC 3339 with the zone's offset at that instant, e.g.
 * 2026-06-15T20:00:00+02:00 (UTC prints +00:00). Returns the length; the
 * buffer needs CLOCK_TIME_MAX bytes. */
#define CLOCK_TIME_MAX 32
size_t clock_format(btime t, const char *zone, char *buf, size_t size);

/* 1h30m, 2d, 45s, 0s. */
size_t clock_format_duration(int64_t seconds, char *buf, size_t size);

/* Whether `zone` names a zone of the system's time-zone database
 * (/usr/share/zoneinfo, whatever TZDIR says) whose file is a whole TZif
 * file, or is UTC. Refuses names with .. or a leading / so a zone can never
 * name a file outside the database. Reads the whole file: for a zone being
 * given (init, resource --tz), not for every use of a stored one. */
int clock_zone_valid(const char *zone);

/* The zone this process runs in, for a new store: $TZ when set (a leading
 * ':' dropped; a path into the system's database names its zone), else
 * /etc/timezone or the target of /etc/localtime, else UTC. A TZ that is
 * set but is no zone of the system's database (a POSIX rule such as
 * EST+5EDT,M3.2.0/2,M11.1.0/2, a file elsewhere, an unknown name) is
 * BERTH_INVALID_ARGUMENT, never read as UTC; buf then holds "UTC". */
berth_status clock_system_zone(char *buf, size_t size);

/* Broken-down local time of `t` in `zone` (for hours, dates, reports):
 * tm_wday, tm_yday, tm_isdst, tm_gmtoff and tm_zone (the abbreviation,
 * which lives as long as the process) are filled in too. An unknown zone
 * is UTC. */
struct tm;
void clock_local(btime t, const char *zone, struct tm *out);

#endif
