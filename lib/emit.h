/* emit.h - one description of output, several formats (after notmuch's
 * sprinter). A command describes records once; the emitter chosen by
 * --format owns layout and escaping. */
#ifndef BERTH_EMIT_H
#define BERTH_EMIT_H

#include <stdint.h>
#include <stdio.h>

#include "status.h"

typedef enum {
	FORMAT_TABLE,
	FORMAT_JSON,
	FORMAT_JSONL,
	FORMAT_CSV,
	FORMAT_TSV,
	FORMAT_ICS, /* list and slots: RFC 5545 iCalendar (emit-ics.c) */
	FORMAT_SVG, /* report: a heat map drawn whole, not records */
} emit_format;

typedef struct emitter emitter;

/* 0 and *out set, or -1 for an unknown name. */
int emit_parse_format(const char *name, emit_format *out);

/* A list of records (a json array, jsonl lines, rows under one header) or
 * exactly one record (a json object, one jsonl line, a table of key and
 * value, one csv row under its header). */
emitter *emit_open(emit_format fmt, FILE *out, int is_list);

/* jsonl is flushed a line at a time, so a reader of a stream (events
 * --follow) gets each line as it is made. A caller that answers a group of
 * lines at once (book --batch, after its commit) turns that off with
 * emit_hold(e, 1) and calls emit_flush when the group is out: its output
 * goes in large blocks, not a write a line. A listing, all there at once,
 * holds to its end (out_end flushes). */
void emit_hold(emitter *e, int on);
int emit_flush(emitter *e);

/* A top-level record is a map: record_begin, then key + value pairs, then
 * record_end. Values: string (NULL prints as null), integer, boolean, null,
 * or a nested map or list (map_begin/list_begin ... end). In table, csv and
 * tsv a nested value fills one cell: a list of scalars joined by ",",
 * anything else as compact JSON. */
void emit_record_begin(emitter *e);
void emit_record_end(emitter *e);
void emit_key(emitter *e, const char *key);
void emit_string(emitter *e, const char *s);
void emit_integer(emitter *e, int64_t v);
void emit_boolean(emitter *e, int v);
void emit_null(emitter *e);
void emit_map_begin(emitter *e);
void emit_list_begin(emitter *e);
void emit_end(emitter *e);

/* A time, RFC 3339 in `zone` (the zone it is to be read in; NULL when
 * unknown). json, csv and tsv print it as given; a table shows it short,
 * in that zone: 2026-06-15 20:00 (seconds only when not zero), and in a
 * list only the clock time when the time just left of it in the row is on
 * the same date. When a table's times are in more than one zone, each
 * keeps its offset (2026-06-15 20:00+02): without it, a list in time
 * order would read out of order. */
void emit_instant(emitter *e, const char *rfc3339, const char *zone);

/* For ics, before the first record: the UID's right-hand side (the
 * store's id, so ids from two stores never collide in one calendar), now
 * as RFC 3339 (the DTSTAMP of a record that carries no time of change)
 * and the calendar's name. Other formats ignore it. */
void emit_calendar(emitter *e, const char *domain, const char *now,
		   const char *name);

/* Which top-level fields a table, csv or tsv shows, in this order, before
 * the first record: other keys are dropped, and a name no record fills is
 * an empty column. labels (NULL for the names themselves) head a table's
 * columns. json and jsonl keep every field. The arrays are not copied. */
void emit_columns(emitter *e, const char *const *names,
		  const char *const *labels, size_t n);

/* For table, csv and tsv, before the first record: returns 1 and makes
 * the next record a template that only names the columns, so an empty
 * list still prints its header row (csv, tsv). Returns 0 for json and
 * jsonl, which need none: the caller then describes nothing. */
int emit_template(emitter *e);

/* Frees the emitter without finishing the document: for a command that
 * failed before anything was described, so a refusal prints nothing on
 * stdout (json's brackets and csv's header are written only when due). */
void emit_discard(emitter *e);

/* Finishes the document (closing bracket, the buffered table), frees the
 * emitter, and returns 0, or -1 when writing failed (ferror on the stream).
 * jsonl flushes after every record so a reader sees each line as it comes. */
int emit_close(emitter *e);

/* A failure's details (status.h) as a map value: after emit_key, or
 * inside a list. No details make an empty map. */
void emit_details(emitter *e, const berth_details *d);

/* The error line for a failed command: `berth: CODE: message` for table,
 * csv and tsv; {"error":{"code":..,"message":..,"details":{..}}} for json
 * and jsonl, the details as emit_details writes them (NULL: none). One
 * line, always newline-terminated. */
void emit_error(emit_format fmt, FILE *err, const char *code,
		const char *message, const berth_details *details);

/* An occupancy heat map (report): rows of 24 hourly cells, each shaded by
 * how much of its open capacity was used, from empty to full; a cell with
 * no open time is closed (blank). Rows are kept (a byte a cell) and drawn
 * at emit_map_close: for table as text (blocks when the locale is UTF-8,
 * ASCII otherwise; colour on a terminal without NO_COLOR), for svg as a
 * standalone image with labelled axes and a legend. */
typedef struct emit_map emit_map;
/* title: the map's heading; rows: what a row is ("day", "resource"). */
emit_map *emit_map_open(emit_format fmt, FILE *out, const char *title,
			const char *rows);
/* group: the heading of the rows that follow, until another (a resource;
 * NULL: none). open and used are unit-seconds a cell, used = booked +
 * held. */
void emit_map_row(emit_map *m, const char *group, const char *label,
		  const int64_t open[24], const int64_t used[24]);
/* 0, or -1 when writing failed; frees the map. emit_map_discard frees it
 * writing nothing (a refusal). */
int emit_map_close(emit_map *m);
void emit_map_discard(emit_map *m);
/* A cell's level: -1 closed (nothing open, nothing used), 0 empty, 1 up
 * to half, 2 half or more, 3 full. */
int emit_map_level(int64_t open, int64_t used);

#endif
