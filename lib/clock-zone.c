/* clock-zone.c - what the clock asks of zones: offsets, broken-down
 * local time, and the zone the system runs in. Zones are values
 * (tz-zone.c), loaded once each; nothing here reads or sets the process's
 * TZ except clock_system_zone, which reads it to name a new store's zone. */
#include "clock-internal.h"
#include "tz.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Unknown zones are UTC here: formatting has no status, and a stored
 * zone was checked when it was given. */
static const tz_zone *zone_or_utc(const char *zone)
{
	const tz_zone *z = tz_zone_get(zone);

	return z ? z : tz_zone_get("UTC");
}

/* The stretches of offset last asked about. A listing prints a handful of
 * times a row (start, end, created_at...) that fall in one or two
 * stretches of their zone between its changes, so a few remembered
 * stretches (two for each of a few zones) answer nearly every row without
 * a search of the zone's transitions or an evaluation of its rule. Zones
 * live as long as the process (tz_zone_get), so their pointers name them
 * safely. */
#define SPANS 8
static struct span {
	const tz_zone *z;
	int64_t from, to; /* [from, to) */
	long off;
} spans[SPANS];
static unsigned next_span;

/* Offsets with seconds (local mean time in a few zones into the 1970s)
 * are cut to whole minutes, as RFC 3339 writes them. */
int clock_zone_offset(const char *zone, int64_t t, long *off)
{
	const tz_zone *z = zone_or_utc(zone);
	struct span *s;
	tz_local l;

	if (!z)
		return -1;
	for (s = spans; s < spans + SPANS; s++)
		if (s->z == z && t >= s->from && t < s->to) {
			*off = s->off;
			return 0;
		}
	s = &spans[next_span++ % SPANS];
	tz_zone_span(z, t, &l, &s->from, &s->to);
	s->z = z;
	s->off = l.off / 60 * 60;
	*off = s->off;
	return 0;
}

/* A path into the database names the zone by what follows "zoneinfo/". */
static const char *after_zoneinfo(const char *path)
{
	const char *z = strstr(path, "zoneinfo/");

	return z ? z + strlen("zoneinfo/") : path;
}

/* The zone $TZ names: a zone's name, or the path of its file in the
 * system's database, with or without a leading ':'. NULL for anything else:
 * a POSIX rule (EST+5EDT,M3.2.0/2,M11.1.0/2), a file elsewhere, a name the
 * database does not have. */
static const char *zone_of_tz(const char *tz)
{
	static const char prefix[] = TZ_ZONEINFO "/";
	const char *zone = tz[0] == ':' ? tz + 1 : tz;

	if (zone[0] == '/') {
		if (strncmp(zone, prefix, sizeof prefix - 1) != 0)
			return NULL;
		zone += sizeof prefix - 1;
	}
	return clock_zone_valid(zone) ? zone : NULL;
}

berth_status clock_system_zone(char *buf, size_t size)
{
	char line[PATH_MAX];
	const char *zone = NULL, *tz;
	FILE *f;
	ssize_t n;

	if (!size)
		return BERTH_OK;
	tz = getenv("TZ");
	/* TZ=/etc/localtime says "the system's zone", as an unset TZ does. */
	if (tz && *tz && strcmp(tz[0] == ':' ? tz + 1 : tz, "/etc/localtime")) {
		if (!(zone = zone_of_tz(tz))) {
			snprintf(buf, size, "UTC");
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "TZ is '%s', which is not a zone of "
					  "the system's time-zone database "
					  "(%s); set TZ to a zone such as "
					  "Europe/Paris, or give --tz",
					  clock_shown(tz), TZ_ZONEINFO);
		}
	}
	if (!zone && (f = fopen("/etc/timezone", "re"))) {
		if (fgets(line, sizeof line, f)) {
			size_t len = strcspn(line, "\r\n");

			while (len &&
			       (line[len - 1] == ' ' || line[len - 1] == '\t'))
				len--;
			line[len] = '\0';
			if (len)
				zone = line;
		}
		fclose(f);
	}
	if (!zone) {
		n = readlink("/etc/localtime", line, sizeof line - 1);
		if (n > 0) {
			line[n] = '\0';
			if (strstr(line, "zoneinfo/"))
				zone = after_zoneinfo(line);
		}
	}
	if (!zone || !clock_zone_valid(zone) || strlen(zone) >= size)
		zone = "UTC";
	snprintf(buf, size, "%s", zone);
	return BERTH_OK;
}

void clock_local(btime t, const char *zone, struct tm *out)
{
	const tz_zone *z = zone_or_utc(zone);
	struct civil_fields f;
	int64_t days;
	tz_local l;

	memset(out, 0, sizeof *out);
	if (!z || t > MAX_INSTANT + 2 * DAY || t < -MAX_INSTANT)
		return;
	tz_zone_at(z, t, &l);
	civil_from_seconds(t + l.off, &f);
	days = clock_floor_div(t + l.off, DAY);
	out->tm_year = (int)(f.year - 1900);
	out->tm_mon = f.month - 1;
	out->tm_mday = f.day;
	out->tm_hour = f.hour;
	out->tm_min = f.minute;
	out->tm_sec = f.second;
	/* 1970-01-01 was a Thursday. */
	out->tm_wday = (int)((days % 7 + 7 + 4) % 7);
	out->tm_yday = (int)(days - clock_days_from_civil(f.year, 1, 1));
	out->tm_isdst = l.isdst;
	out->tm_gmtoff = l.off;
	out->tm_zone = l.abbr;
}
