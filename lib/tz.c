/* tz.c - the system's time-zone database; see tz.h.
 *
 * Zones are read by their full path, so TZDIR never steers them; what is
 * checked here is that a zone someone gives us is really there and whole,
 * before a store records its name (and before tz-zone.c loads it). */
#include "tz.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "tz-zone.h"

#define HEADER	      44	/* "TZif", version, 15 unused, 6 counts */
#define TZ_FILE_MAX   (1 << 20) /* the largest zone is a few KiB */
#define TZ_STRING_MAX 256

int tz_is_utc(const char *zone)
{
	static const char *const names[] = {"UTC", "Etc/UTC", "GMT", "Etc/GMT"};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(zone, names[i]) == 0)
			return 1;
	return 0;
}

int tz_name_ok(const char *zone)
{
	size_t len = strlen(zone);

	if (len == 0 || len >= TZ_NAME_MAX || zone[0] == '/' ||
	    strstr(zone, "..") || strstr(zone, "//"))
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = zone[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '+' ||
		      c == '-' || c == '/'))
			return 0;
	}
	return 1;
}

/* The zone's file, opened: a regular file, never a fifo planted in the
 * database (O_NONBLOCK, so opening one does not hang us). */
static int open_zone(const char *zone, struct stat *st)
{
	char path[sizeof TZ_ZONEINFO + TZ_NAME_MAX + 1];
	int fd;

	snprintf(path, sizeof path, "%s/%s", TZ_ZONEINFO, zone);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		return -1;
	}
	return fd;
}

unsigned char *tz_read(const char *zone, size_t *len)
{
	struct stat st;
	unsigned char *data;
	size_t got = 0;
	ssize_t n;
	int fd;

	if (!tz_name_ok(zone) || (fd = open_zone(zone, &st)) < 0)
		return NULL;
	if (st.st_size < HEADER || st.st_size > TZ_FILE_MAX ||
	    !(data = malloc((size_t)st.st_size))) {
		close(fd);
		return NULL;
	}
	while (got < (size_t)st.st_size &&
	       (n = read(fd, data + got, (size_t)st.st_size - got)) > 0)
		got += (size_t)n;
	close(fd);
	if (got != (size_t)st.st_size) {
		free(data);
		return NULL;
	}
	*len = got;
	return data;
}

int clock_zone_valid(const char *zone)
{
	unsigned char *data;
	size_t len;
	int ok;

	if (!zone)
		return 0;
	if (tz_is_utc(zone))
		return 1;
	if (!(data = tz_read(zone, &len)))
		return 0;
	ok = tz_data_valid(data, len);
	free(data);
	return ok;
}

/* --- TZif, RFC 8536 --- */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int64_t be_time(const unsigned char *p, int size)
{
	if (size == 4)
		return (int32_t)be32(p);
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

struct counts {
	uint32_t isut, isstd, leap, time, type, chars;
};

/* A header at p, with `left` bytes from there to the end of the file. */
static int header(const unsigned char *p, size_t left, unsigned char *version,
		  struct counts *c)
{
	if (left < HEADER || memcmp(p, "TZif", 4) != 0)
		return 0;
	*version = p[4];
	if (*version != 0 && (*version < '2' || *version > '9'))
		return 0;
	c->isut = be32(p + 20);
	c->isstd = be32(p + 24);
	c->leap = be32(p + 28);
	c->time = be32(p + 32);
	c->type = be32(p + 36);
	c->chars = be32(p + 40);
	return 1;
}

/* The length of the data block the counts describe; 0 when the counts
 * themselves are impossible. Each count is below 2^32 and each record at
 * most 12 bytes, so the sum cannot overflow 64 bits. */
static uint64_t block_len(const struct counts *c, unsigned tsize)
{
	/* A transition names its type in one byte: more than 256 types
	 * could never be used. */
	if (c->type == 0 || c->type > 256 || c->chars == 0 ||
	    (c->isut && c->isut != c->type) ||
	    (c->isstd && c->isstd != c->type))
		return 0;
	return (uint64_t)c->time * (tsize + 1) + (uint64_t)c->type * 6 +
	       c->chars + (uint64_t)c->leap * (tsize + 4) + c->isstd + c->isut;
}

static int block_valid(const unsigned char *p, const struct counts *c,
		       unsigned tsize)
{
	const unsigned char *idx = p + (size_t)c->time * tsize;
	const unsigned char *types = idx + c->time;
	const unsigned char *chars = types + (size_t)c->type * 6;
	const unsigned char *isstd = chars + c->chars;
	const unsigned char *isut = isstd + c->isstd;
	int64_t prev = 0;

	if (c->leap)
		return 0;
	for (uint32_t i = 0; i < c->time; i++) {
		int64_t t = be_time(p + (size_t)i * tsize, (int)tsize);
		if ((i && t <= prev) || idx[i] >= c->type)
			return 0;
		prev = t;
	}
	for (uint32_t i = 0; i < c->type; i++) {
		int32_t utoff = (int32_t)be32(types + 6 * i);
		/* Within (-25 h, +26 h), as tzfile(5) says every real zone
		 * is; this also keeps -2^31, which negates to nothing. */
		if (utoff < -89999 || utoff > 93599 || types[6 * i + 4] > 1 ||
		    types[6 * i + 5] >= c->chars)
			return 0;
	}
	/* Every abbreviation ends inside the table. */
	if (chars[c->chars - 1] != '\0')
		return 0;
	for (uint32_t i = 0; i < c->isstd; i++)
		if (isstd[i] > 1)
			return 0;
	/* A UT indicator may be set only where the standard one is. */
	for (uint32_t i = 0; i < c->isut; i++)
		if (isut[i] > 1 || (isut[i] && !(c->isstd && isstd[i])))
			return 0;
	return 1;
}

int tz_data_valid(const unsigned char *d, size_t len)
{
	char tz[TZ_STRING_MAX];
	struct tz_rule rule;
	unsigned char v1, v2;
	struct counts c;
	uint64_t n;
	size_t left, footer;

	if (!header(d, len, &v1, &c) || !(n = block_len(&c, 4)) ||
	    n > len - HEADER || !block_valid(d + HEADER, &c, 4))
		return 0;
	left = len - HEADER - (size_t)n;
	d += HEADER + (size_t)n;
	if (v1 == 0)
		return left == 0;
	/* Version 2 and later: the same again with 64-bit times, then the
	 * footer, and nothing after it. */
	if (!header(d, left, &v2, &c) || v2 != v1 || !(n = block_len(&c, 8)) ||
	    n > left - HEADER || !block_valid(d + HEADER, &c, 8))
		return 0;
	left -= HEADER + (size_t)n;
	d += HEADER + (size_t)n;
	if (left < 2 || d[0] != '\n' || d[left - 1] != '\n')
		return 0;
	footer = left - 2;
	if (footer >= sizeof tz || memchr(d + 1, '\n', footer) ||
	    memchr(d + 1, '\0', footer))
		return 0;
	memcpy(tz, d + 1, footer);
	tz[footer] = '\0';
	/* Empty: no rule after the last transition. */
	return !tz[0] || tz_rule_parse(tz, &rule) == 0;
}
