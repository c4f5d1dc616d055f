/* catalogue_fuzz.c - libFuzzer harness for the catalogue reader
 * (lib/catalogue-yaml.c, over libyaml): the input is a catalogue file, as
 * `berth apply` reads it. Every violated invariant traps:
 *  - nothing read outside the input, nothing leaked (ASan);
 *  - a file is either read, or refused with INVALID_ARGUMENT and a message
 *    that names the file, a line and a column ("fuzz.yaml:L:C: ...");
 *  - a file read gives every object the keys it must have (a resource and
 *    a service their name, a holiday its name and date, time off its
 *    resource, from and to), every text non-empty, every number in its
 *    range, and places from line 1 and column 1;
 *  - a file read is written back (lib/catalogue-write.c, as export writes
 *    it) as a file the reader reads again, with the same objects. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "status.h"

#define require(cond)                                                          \
	do {                                                                   \
		if (!(cond))                                                   \
			__builtin_trap();                                      \
	} while (0)

static void text(const cat_text *t, int needed)
{
	if (!t->text) {
		require(!needed);
		return;
	}
	require(t->text[0] && t->at.line >= 1 && t->at.col >= 1);
}

static void texts(const cat_texts *t)
{
	for (size_t i = 0; i < t->n; i++)
		text(&t->v[i], 1);
}

static void policies(const cat_policies *p)
{
	for (size_t i = 0; i < p->n; i++) {
		text(&p->v[i].key, 1);
		text(&p->v[i].value, 1);
	}
}

static void read_back(const catalogue *c)
{
	for (size_t i = 0; i < c->nresources; i++) {
		const cat_resource *r = &c->resources[i];
		text(&r->name, 1);
		text(&r->tz, 0);
		text(&r->location, 0);
		require(!r->has_capacity ||
			(r->capacity >= 1 && r->capacity <= 1000000));
		require(!r->has_seats || (r->seats >= 1 && r->seats <= 100000));
		require(!r->has_buffer || r->buffer >= 0);
		texts(&r->hours);
		for (size_t j = 0; j < r->nexceptions; j++) {
			text(&r->exceptions[j].date, 1);
			text(&r->exceptions[j].hours, 1);
		}
		for (size_t j = 0; j < r->attrs.n; j++)
			require(r->attrs.v[j].key[0] && r->attrs.v[j].value[0]);
		policies(&r->policies);
	}
	for (size_t i = 0; i < c->nservices; i++) {
		text(&c->services[i].name, 1);
		require(c->services[i].duration > 0);
		texts(&c->services[i].resources);
	}
	for (size_t i = 0; i < c->nholidays; i++) {
		text(&c->holidays[i].name, 1);
		text(&c->holidays[i].date, 1);
		texts(&c->holidays[i].resources);
	}
	for (size_t i = 0; i < c->ntimeoff; i++) {
		text(&c->timeoff[i].resource, 1);
		text(&c->timeoff[i].from, 1);
		text(&c->timeoff[i].to, 1);
	}
	policies(&c->policies);
}

/* What the writer wrote reads back, object for object. */
static void write_back(const catalogue *c)
{
	arena *a = arena_new();
	char *buf = NULL;
	size_t len = 0;
	catalogue again;
	FILE *f;

	if (!a)
		return;
	f = open_memstream(&buf, &len);
	require(f);
	require(catalogue_write_yaml(c, f) == 0);
	require(fclose(f) == 0);
	require(catalogue_read(buf, len, "written.yaml", a, &again) ==
		BERTH_OK);
	require(again.nresources == c->nresources &&
		again.nservices == c->nservices &&
		again.nholidays == c->nholidays &&
		again.ntimeoff == c->ntimeoff &&
		again.policies.n == c->policies.n);
	for (size_t i = 0; i < c->nresources; i++)
		require(!strcmp(again.resources[i].name.text,
				c->resources[i].name.text) &&
			again.resources[i].attrs.n == c->resources[i].attrs.n &&
			again.resources[i].hours.n == c->resources[i].hours.n);
	free(buf);
	arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena *a = arena_new();
	catalogue c;
	berth_status st;
	unsigned line, col;

	if (!a)
		return 0;
	st = catalogue_read((const char *)data, size, "fuzz.yaml", a, &c);
	if (st == BERTH_OK) {
		read_back(&c);
		write_back(&c);
	} else {
		require(st == BERTH_INVALID_ARGUMENT);
		require(sscanf(berth_message(), "fuzz.yaml:%u:%u: ", &line,
			       &col) == 2 &&
			line >= 1 && col >= 1);
	}
	berth_clear();
	arena_free(a);
	return 0;
}
