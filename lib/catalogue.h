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

#endif
