/* tz.h - the system's time-zone database: which names are zones in it, and
 * whether a zone's file is a whole TZif file (RFC 8536). Only the system's
 * database counts: a zone found through TZDIR, or a POSIX TZ string, is
 * not one, since the same store must mean the same times on every machine
 * that opens it. */
#ifndef BERTH_TZ_H
#define BERTH_TZ_H

#include <stddef.h>

#define TZ_ZONEINFO "/usr/share/zoneinfo"
#define TZ_NAME_MAX 256

/* UTC by one of the names that need no file: UTC, Etc/UTC, GMT, Etc/GMT. */
int tz_is_utc(const char *zone);

/* A name that can only mean a file inside the database: letters, digits,
 * _ + - and /, never a leading /, never "..", shorter than TZ_NAME_MAX. */
int tz_name_ok(const char *zone);

/* The whole file of `zone` in the system's database (a regular file of
 * sane size, never a fifo), malloc'd, its length in *len; NULL when there
 * is none or the name is not one tz_name_ok accepts. */
unsigned char *tz_read(const char *zone, size_t *len);

/* Whether `data` is a whole TZif file as RFC 8536 describes it: header,
 * counts, and data blocks whose lengths add up to the file exactly (the
 * version 1 block, and for version 2 and later the second header, its
 * block and a footer holding a POSIX TZ string between newlines); every
 * transition in order and naming a type that exists, every type's offset
 * and abbreviation sound. A file with leap seconds (the right/ zones) is
 * refused: berth's seconds are POSIX seconds. */
int tz_data_valid(const unsigned char *data, size_t len);

#endif
