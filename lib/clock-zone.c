/* clock-zone.c - the process's TZ: switching the C library between zones,
 * local wall times to instants, offsets, and the zone the system runs in.
 * This file is the only one that sets TZ. */
#define _GNU_SOURCE
#include "clock-internal.h"
#include "tz.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* TZ as the process had it before we took it over, so clock_system_zone
 * answers the same after any resolve or format. */
static char *original_tz;
static char current_zone[TZ_NAME_MAX];
static char current_tz[sizeof TZ_ZONEINFO + TZ_NAME_MAX + 1];
static int current_valid;

/* Whether TZ still holds what use_zone put there: someone else may have
 * changed it since, and then both our cache and its saved original are
 * stale. */
static int tz_is_ours(const char *tz)
{
	return current_valid && tz && strcmp(tz, current_tz) == 0;
}

/* Resolving and formatting run per row of a listing; tzset rereads the
 * zone file whenever TZ changes, so only a new zone may pay for it (and for
 * the look that opens the file: the zone was checked in full when it was
 * given, see clock_zone_valid).
 *
 * The C library gets the zone's full path, never its name: given a name it
 * looks in $TZDIR first, which would let the environment swap a zone's
 * meaning under a store, and falls back to UTC, silently, on a name it
 * cannot find there. UTC needs no file at all. */
int clock_use_zone(const char *zone)
{
	const char *tz = getenv("TZ");
	int utc;

	if (tz_is_ours(tz) && zone && strcmp(zone, current_zone) == 0)
		return 0;
	if (!zone || !((utc = tz_is_utc(zone)) ||
		       (tz_name_ok(zone) && tz_file_present(zone))))
		return -1;
	if (!tz_is_ours(tz)) {
		free(original_tz);
		original_tz = tz ? strdup(tz) : NULL;
	}
	if (utc)
		snprintf(current_tz, sizeof current_tz, "UTC0");
	else
		snprintf(current_tz, sizeof current_tz, "%s/%s", TZ_ZONEINFO,
			 zone);
	if (setenv("TZ", current_tz, 1) != 0) {
		current_valid = 0;
		return -1;
	}
	tzset();
	strcpy(current_zone, zone);
	current_valid = 1;
	return 0;
}

/* Unknown zones print as UTC rather than fail: formatting has no status. */
static void use_zone_or_utc(const char *zone)
{
	if (clock_use_zone(zone) != 0)
		clock_use_zone("UTC");
}

static int local_fields(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;

	if ((int64_t)tt != t || !localtime_r(&tt, tm))
		return -1;
	return 0;
}

static long offset_at(int64_t t)
{
	struct tm tm;

	return local_fields(t, &tm) ? 0 : tm.tm_gmtoff;
}

/* The instant whose wall clock in the current zone reads `naive`.
 *
 * Every offset the zone uses around that wall time shows up either a day
 * before or a day after it (no zone moves further than that), and a
 * candidate offset counts only if the zone really uses it at the instant it
 * implies. mktime's own answer joins the candidates for zones with two
 * changes in two days. Several fits are a repeated hour: the earliest wins,
 * which glibc's mktime does not guarantee (it picks the later one).
 * No fit is a skipped hour: reading the wall time with the offset from
 * before the change moves it forward by exactly the gap, so 02:30 in a
 * one-hour spring gap becomes 03:30. */
int64_t clock_local_instant(int64_t naive)
{
	struct civil_fields f;
	struct tm tm = {0};
	long before = offset_at(naive - DAY), after = offset_at(naive + DAY);
	int64_t best = INT64_MAX;
	time_t mk;

	civil_from_seconds(naive, &f);
	tm.tm_year = (int)f.year - 1900;
	tm.tm_mon = f.month - 1;
	tm.tm_mday = f.day;
	tm.tm_hour = f.hour;
	tm.tm_min = f.minute;
	tm.tm_sec = f.second;
	tm.tm_isdst = -1;
	mk = mktime(&tm);
	if (tm.tm_year == f.year - 1900 && tm.tm_mon == f.month - 1 &&
	    tm.tm_mday == f.day && tm.tm_hour == f.hour &&
	    tm.tm_min == f.minute && tm.tm_sec == f.second)
		best = mk;
	if (offset_at(naive - before) == before && naive - before < best)
		best = naive - before;
	if (offset_at(naive - after) == after && naive - after < best)
		best = naive - after;
	return best != INT64_MAX ? best : naive - before;
}

/* The zone's offset at t, in whole minutes. localtime_r takes a lock and
 * re-reads TZ on every call, and a booking prints four times (a batch, tens
 * of thousands): remember the offset of each quarter hour asked about, when
 * the zone uses the same offset at both its ends. Zones change offset a
 * few times a year, always far more than a quarter hour apart. */
#define BUCKET 900
static struct {
	char zone[64];
	int64_t bucket;
	long off;
} offsets[8];
static unsigned next_offset;

int clock_zone_offset(const char *zone, int64_t t, long *off)
{
	int64_t bucket = t >= 0 ? t / BUCKET : (t - BUCKET + 1) / BUCKET;
	struct tm a, b;
	size_t zl = zone ? strlen(zone) : 0;
	unsigned i;

	if (zone && tz_is_utc(zone)) {
		*off = 0;
		return 0;
	}
	for (i = 0; i < 8; i++)
		if (offsets[i].bucket == bucket &&
		    zl < sizeof offsets[i].zone && zone &&
		    strcmp(offsets[i].zone, zone) == 0) {
			*off = offsets[i].off;
			return 0;
		}
	use_zone_or_utc(zone);
	if (local_fields(t, &a))
		return -1;
	*off = a.tm_gmtoff / 60 * 60;
	if (zone && zl < sizeof offsets[0].zone &&
	    !local_fields(bucket * BUCKET, &a) &&
	    !local_fields(bucket * BUCKET + BUCKET - 1, &b) &&
	    a.tm_gmtoff == b.tm_gmtoff && a.tm_gmtoff / 60 * 60 == *off) {
		i = next_offset++ % 8;
		memcpy(offsets[i].zone, zone, zl + 1);
		offsets[i].bucket = bucket;
		offsets[i].off = *off;
	}
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
	if (tz_is_ours(tz))
		tz = original_tz;
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
	use_zone_or_utc(zone);
	if (local_fields(t, out))
		memset(out, 0, sizeof *out);
}
