/* tz_oracle_test.c - berth's zones (lib/tz-zone.c, lib/tz-rule.c) against
 * the C library as the oracle, in every zone of the system's database
 * (posix/ and right/ aside, and files that are not TZif): at every change
 * from 1900 to 2100 and a second either side, and at samples spread over
 * those two centuries, which reach past the last transition of each file
 * into its footer's rule.
 *
 *   instant -> local: clock_local's fields, weekday, day of the year,
 *       offset, DST flag and abbreviation equal localtime_r's;
 *   local -> instant: tz_zone_find gives an instant whose wall clock
 *       localtime_r reads as asked, no later than mktime's, and the
 *       earlier of a repeated hour; a wall time the clocks jump over is
 *       a gap at the very change where localtime_r has no instant for it;
 *   no change missed: where localtime_r's answer differs between two
 *       samples, tz_zone_next_change finds a change between them.
 *
 * Only this test sets TZ (and tzset) in the process: the oracle needs it. */
#define _GNU_SOURCE
#include "clock.h"
#include "tz-zone.h"
#include "tz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define Y1900 INT64_C(-2208988800)
#define Y2100 INT64_C(4102444800)
/* An odd step, so samples fall at every hour of the day over the years. */
#define STEP  (9 * 86400 + 7 * 3600 + 13 * 60 + 7)

static int passed, failed, zones, kathmandu, eucla;
static const char *zone_name;

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		if (cond) {                                                    \
			passed++;                                              \
		} else {                                                       \
			if (failed++ < 40) {                                   \
				fprintf(stderr, "%s:%d: %s: CHECK(%s): ",      \
					__FILE__, __LINE__, zone_name, #cond); \
				fprintf(stderr, __VA_ARGS__);                  \
				fputc('\n', stderr);                           \
			}                                                      \
		}                                                              \
	} while (0)

/* What the oracle says at t, and its wall clock as naive seconds. */
struct said {
	struct tm tm;
	int64_t wall;
};

static int oracle(int64_t t, struct said *s)
{
	time_t tt = (time_t)t;
	struct tm copy;

	if (!localtime_r(&tt, &s->tm))
		return -1;
	copy = s->tm;
	s->wall = (int64_t)timegm(&copy);
	return 0;
}

static void compare_local(int64_t t, const struct said *o)
{
	struct tm m;

	clock_local(t, zone_name, &m);
	CHECK(m.tm_year == o->tm.tm_year && m.tm_mon == o->tm.tm_mon &&
		  m.tm_mday == o->tm.tm_mday && m.tm_hour == o->tm.tm_hour &&
		  m.tm_min == o->tm.tm_min && m.tm_sec == o->tm.tm_sec &&
		  m.tm_wday == o->tm.tm_wday && m.tm_yday == o->tm.tm_yday &&
		  m.tm_gmtoff == o->tm.tm_gmtoff &&
		  m.tm_isdst == o->tm.tm_isdst && m.tm_zone && o->tm.tm_zone &&
		  strcmp(m.tm_zone, o->tm.tm_zone) == 0,
	      "at %lld: ours %04d-%02d-%02d %02d:%02d:%02d %+ld %d %s, "
	      "libc's %04d-%02d-%02d %02d:%02d:%02d %+ld %d %s",
	      (long long)t, m.tm_year + 1900, m.tm_mon + 1, m.tm_mday,
	      m.tm_hour, m.tm_min, m.tm_sec, m.tm_gmtoff, m.tm_isdst,
	      m.tm_zone ? m.tm_zone : "?", o->tm.tm_year + 1900,
	      o->tm.tm_mon + 1, o->tm.tm_mday, o->tm.tm_hour, o->tm.tm_min,
	      o->tm.tm_sec, o->tm.tm_gmtoff, o->tm.tm_isdst,
	      o->tm.tm_zone ? o->tm.tm_zone : "?");
}

/* The wall clock o read at t must lead back to an instant that reads it,
 * no later than t or than mktime's answer; `earliest`, when known (the
 * second reading of a repeated hour), exactly that. */
static void compare_find(const tz_zone *z, int64_t t, const struct said *o,
			 int64_t earliest)
{
	struct tz_gap gap;
	struct said back, mk_said;
	struct tm ask = o->tm;
	int64_t got = 0, mk;
	int r = tz_zone_find(z, o->wall, &got, &gap);

	CHECK(r == 0 && oracle(got, &back) == 0 && back.wall == o->wall &&
		  got <= t,
	      "wall %lld (of %lld): %s %lld", (long long)o->wall,
	      (long long)t, r ? "gap" : "found", (long long)got);
	if (earliest != INT64_MIN)
		CHECK(got == earliest, "wall %lld: %lld, want the earlier %lld",
		      (long long)o->wall, (long long)got, (long long)earliest);
	ask.tm_isdst = -1;
	mk = (int64_t)mktime(&ask);
	if (oracle(mk, &mk_said) == 0 && mk_said.wall == o->wall)
		CHECK(got <= mk, "wall %lld: %lld, later than mktime's %lld",
		      (long long)o->wall, (long long)got, (long long)mk);
}

/* A wall time in [c + before, c + after) never happens. */
static void compare_gap(const tz_zone *z, int64_t c, long before, long after)
{
	int64_t walls[2] = {c + before, c + after - 1};

	for (int i = 0; i < 2; i++) {
		struct tz_gap gap = {0};
		struct said a, b;
		int64_t got = 0;
		int r = tz_zone_find(z, walls[i], &got, &gap);

		/* The oracle agrees no instant reads it. */
		if (oracle(walls[i] - before, &a) || oracle(walls[i] - after, &b) ||
		    a.wall == walls[i] || b.wall == walls[i])
			continue;
		CHECK(r == 1 && gap.at == c && gap.before == before &&
			  gap.after == after,
		      "wall %lld in the gap at %lld: %s %lld (gap at %lld "
		      "%d..%d)",
		      (long long)walls[i], (long long)c, r ? "gap" : "found",
		      (long long)got, (long long)gap.at, gap.before,
		      gap.after);
	}
}

static void check_zone(const char *name)
{
	char tz[sizeof TZ_ZONEINFO + 512];
	const tz_zone *z;
	struct said o, prev, around[3];
	int64_t c, t, last = INT64_MIN;

	zone_name = name;
	z = tz_zone_get(name);
	CHECK(z != NULL, "does not load");
	if (!z)
		return;
	zones++;
	kathmandu += strcmp(name, "Asia/Kathmandu") == 0;
	eucla += strcmp(name, "Australia/Eucla") == 0;
	snprintf(tz, sizeof tz, "%s/%s", TZ_ZONEINFO, name);
	setenv("TZ", tz, 1);
	tzset();

	/* Every change, and a second either side. */
	for (c = tz_zone_next_change(z, Y1900); c <= Y2100;
	     c = tz_zone_next_change(z, c)) {
		for (int i = 0; i < 3; i++) {
			if (oracle(c - 1 + i, &around[i]))
				break;
			compare_local(c - 1 + i, &around[i]);
		}
		long before = around[0].tm.tm_gmtoff, after = around[1].tm.tm_gmtoff;

		compare_find(z, c - 1, &around[0], INT64_MIN);
		/* After the clocks go back, the first reading came earlier. */
		for (int i = 1; i < 3; i++)
			compare_find(z, c - 1 + i, &around[i],
				     after < before ? c - 1 + i - (before - after)
						    : INT64_MIN);
		if (after > before)
			compare_gap(z, c, before, after);
		if (c <= last)
			break;
		last = c;
	}

	/* Samples over two centuries, and no change missed between them. */
	for (t = Y1900; t <= Y2100; t += STEP) {
		if (oracle(t, &o))
			continue;
		compare_local(t, &o);
		if ((t - Y1900) / STEP % 8 == 0)
			compare_find(z, t, &o, INT64_MIN);
		if (t > Y1900 &&
		    (prev.tm.tm_gmtoff != o.tm.tm_gmtoff ||
		     prev.tm.tm_isdst != o.tm.tm_isdst ||
		     strcmp(prev.tm.tm_zone, o.tm.tm_zone) != 0))
			CHECK(tz_zone_next_change(z, t - STEP) <= t,
			      "libc changes between %lld and %lld, we do not",
			      (long long)(t - STEP), (long long)t);
		prev = o;
	}
}

/* TZ rules alone, as a footer may hold them, held to the C library given
 * the same string as TZ: the forms the database does not use today
 * (Jn, n, negative and long rule times, southern and negative DST). */
static void check_rules(void)
{
	static const char *const rules[] = {
	    "XST3XDT,J60/2,J300/3",
	    "XST3XDT,59/2,299/3",
	    "XST3XDT,J1/0,J365/23",
	    "<-02>2<-01>,M3.5.0/-1,M10.5.0/0",
	    "XST-10XDT-11,M10.1.0,M4.1.0/3",
	    "XST-9:30XDT,M10.1.0/2:30,M4.1.0/3:15:30",
	    "IST-1GMT0,M10.5.0,M3.5.0/1",
	    "XST3XDT,M3.4.4/50,M10.4.4/50",
	    "XST4XDT,M9.1.6/24,M4.1.6/24",
	    "XST-5:45",
	    "<+0545>-5:45",
	    "<-0330>3:30",
	};
	struct tz_rule r;
	struct said o, prev = {0};
	tz_local l;

	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		zone_name = rules[i];
		CHECK(tz_rule_parse(rules[i], &r) == 0, "does not parse");
		setenv("TZ", rules[i], 1);
		tzset();
		for (int64_t t = 0, n = 0; t <= Y2100; t += STEP / 3, n++) {
			int64_t c;

			if (oracle(t, &o))
				continue;
			tz_rule_at(&r, t, &l);
			CHECK(l.off == o.tm.tm_gmtoff && l.isdst == o.tm.tm_isdst &&
				  strcmp(l.abbr, o.tm.tm_zone) == 0,
			      "at %lld: ours %+d %d %s, libc's %+ld %d %s",
			      (long long)t, l.off, l.isdst, l.abbr,
			      o.tm.tm_gmtoff, o.tm.tm_isdst, o.tm.tm_zone);
			c = tz_rule_next_change(&r, t);
			if (n && prev.tm.tm_gmtoff != o.tm.tm_gmtoff)
				CHECK(tz_rule_next_change(&r, t - STEP / 3) <= t,
				      "libc changes before %lld, we do not",
				      (long long)t);
			/* Both sides of the next change. */
			if (c != INT64_MAX && c <= Y2100) {
				for (int k = -1; k <= 0; k++) {
					if (oracle(c + k, &o))
						break;
					tz_rule_at(&r, c + k, &l);
					CHECK(l.off == o.tm.tm_gmtoff &&
						  l.isdst == o.tm.tm_isdst,
					      "at %lld, next to the change at "
					      "%lld: ours %+d, libc's %+ld",
					      (long long)(c + k), (long long)c,
					      l.off, o.tm.tm_gmtoff);
				}
				oracle(t, &o);
			}
			prev = o;
		}
	}
	/* Not rules: a footer holding one of these makes no zone. */
	zone_name = "(bad rules)";
	CHECK(tz_rule_parse("", &r) != 0, "empty");
	CHECK(tz_rule_parse("XS3", &r) != 0, "short name");
	CHECK(tz_rule_parse("XST3XDT,M3.2.0", &r) != 0, "one date");
	CHECK(tz_rule_parse("XST3XDT,M13.1.0,M3.1.0", &r) != 0, "month 13");
	CHECK(tz_rule_parse("XST3XDT,J0,J365", &r) != 0, "J0");
	CHECK(tz_rule_parse("XST3XDT,M3.2.0/168,M11.1.0", &r) != 0, "168h");
	CHECK(tz_rule_parse("XST25", &r) != 0, "offset 25h");
	CHECK(tz_rule_parse("XST3XDT,M3.2.0,M11.1.0x", &r) != 0, "trailing");
}

static int is_tzif(const char *path)
{
	char magic[4];
	FILE *f = fopen(path, "rb");
	int ok;

	if (!f)
		return 0;
	ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(f);
	return ok;
}

/* Every TZif file under TZ_ZONEINFO/rel. */
static void walk(const char *rel)
{
	char path[sizeof TZ_ZONEINFO + 1024], name[512];
	struct dirent **list;
	int n;

	snprintf(path, sizeof path, "%s%s%s", TZ_ZONEINFO, *rel ? "/" : "",
		 rel);
	if ((n = scandir(path, &list, NULL, alphasort)) < 0)
		return;
	for (int i = 0; i < n; i++) {
		const char *e = list[i]->d_name;
		struct stat st;

		snprintf(name, sizeof name, "%s%s%s", rel, *rel ? "/" : "", e);
		snprintf(path, sizeof path, "%s/%s", TZ_ZONEINFO, name);
		if (e[0] == '.' || (!*rel && (!strcmp(e, "posix") ||
					      !strcmp(e, "right") ||
					      !strcmp(e, "localtime"))) ||
		    stat(path, &st)) {
			free(list[i]);
			continue;
		}
		if (S_ISDIR(st.st_mode))
			walk(name);
		else if (S_ISREG(st.st_mode) && is_tzif(path))
			check_zone(name);
		free(list[i]);
	}
	free(list);
}

int main(void)
{
	walk("");
	check_rules();
	zone_name = "(all)";
	/* The database is there, whole, with its odd offsets. */
	CHECK(zones > 300, "only %d zones", zones);
	CHECK(kathmandu == 1 && eucla == 1, "Kathmandu %d, Eucla %d",
	      kathmandu, eucla);
	unsetenv("TZ");
	printf("tz_oracle: %d zones, %d passed, %d failed\n", zones, passed,
	       failed);
	return failed != 0;
}
