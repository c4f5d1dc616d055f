/* catalogue.h - the catalogue as a file declares it (berth(5)): resources,
 * services, holidays, time off and policies, read from YAML by
 * catalogue-yaml.c. The reader knows the file's shape: which keys there
 * are, which are lists, which are numbers or durations. What a value means
 * against the store (an hours range, a zone, a date, a resource a service
 * names) is judged where it is applied, with the value's place in the file
 * (`at`) to name in the error. */
#ifndef BERTH_CATALOGUE_H
#define BERTH_CATALOGUE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "berth.h"

/* A place in the file: line and column, from 1. */
typedef struct {
	uint32_t line, col;
} cat_mark;

/* A scalar as written, with its place; text NULL when absent. */
typedef struct {
	const char *text;
	cat_mark at;
} cat_text;

typedef struct {
	cat_text *v;
	size_t n;
} cat_texts;

/* A policy: its key and its value as written (a duration, a count or
 * true|false: policy set judges it). */
typedef struct {
	cat_text key, value;
} cat_policy;

typedef struct {
	cat_policy *v;
	size_t n;
} cat_policies;

/* A dated exception: that day's ranges ('09:00-13:00' or 'closed'). */
typedef struct {
	cat_text date, hours;
} cat_exception;

typedef struct {
	cat_mark at;
	cat_text name;
	int has_capacity, has_seats, has_buffer, has_slot;
	int64_t capacity, buffer, slot;
	uint32_t seats;
	cat_text tz, location;
	berth_attrs attrs;
	cat_texts hours; /* each as `hours set` takes it: 'mon-fri 09:00-17:00' */
	cat_exception *exceptions;
	size_t nexceptions;
	cat_policies policies;
} cat_resource;

typedef struct {
	cat_mark at;
	cat_text name;
	int64_t duration;
	int has_buffer;
	int64_t buffer;
	cat_text price;
	cat_texts resources;
	cat_policies policies; /* the service's own (format 9) */
} cat_service;

typedef struct {
	cat_mark at;
	cat_text name, date, to;
	int recurring;
	cat_texts resources;
} cat_holiday;

typedef struct {
	cat_mark at;
	cat_text resource, from, to, reason;
} cat_timeoff;

typedef struct {
	cat_resource *resources;
	size_t nresources;
	cat_service *services;
	size_t nservices;
	cat_holiday *holidays;
	size_t nholidays;
	cat_timeoff *timeoff;
	size_t ntimeoff;
	cat_policies policies; /* the store's */
} catalogue;

/* Reads a catalogue from `len` bytes of YAML, allocating from `a`. A file
 * that is not a catalogue is INVALID_ARGUMENT with a message
 * `FILE:LINE:COL: what is wrong`, naming `file` as given. An empty file is
 * an empty catalogue. */
berth_status catalogue_read(const char *yaml, size_t len, const char *file,
			    arena *a, catalogue *out);

/* What apply did to one object of the catalogue (or, in a dry run, would
 * do): its kind (resource, hours, policy, service, holiday, timeoff), its
 * name as people read it, and created, changed, unchanged or removed. */
typedef struct {
	const char *kind, *name, *action;
} cat_change;

typedef struct {
	cat_change *v;
	size_t n, cap;
} cat_changes;

/* Makes the store hold what the file declares (berth(5), "APPLYING"),
 * in this write transaction: each object declared replaces the stored one
 * of its key and is written only when it differs; with prune, the objects
 * the file does not declare are removed. Every change goes through the
 * library's own calls, so each is checked and audited as the verbs do.
 * A value the store refuses fails with `file:LINE:COL: message` (a name
 * that does not exist is INVALID_ARGUMENT: the file is wrong). Each
 * object's change is added to *out, in the arena. lib/catalogue-apply.c. */
berth_status catalogue_apply(berth_txn *t, const catalogue *c,
			     const char *file, int prune, cat_changes *out);

/* The catalogue the store holds, as a file would declare it (export):
 * every object apply would read back as unchanged, in the arena.
 * lib/catalogue-export.c. */
berth_status catalogue_export(berth_txn *t, catalogue *out);

/* A catalogue as YAML in berth(5)'s shape, through libyaml's emitter; -1
 * when writing failed. lib/catalogue-write.c. */
int catalogue_write_yaml(const catalogue *c, FILE *out);

#endif
