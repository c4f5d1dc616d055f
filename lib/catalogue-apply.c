/* catalogue-apply.c - apply: the store made to hold what a catalogue file
 * declares. Each object is compared with the stored one of its key and
 * written only when it differs, through the same library calls the verbs
 * use, so a second apply of the same file writes nothing (no audit
 * records) and every change is checked and audited once. The store's own
 * checks stay where they are; here only which object a failure came from
 * is added, as the file's line and column. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue-apply.h"
#include "catalogue.h"

/* A store failure about a value of the file, named at its place. Only
 * failures about the input are: a damaged store or a conflict keeps its
 * own words. A name that does not exist is the file's mistake here, so
 * INVALID_ARGUMENT (exit 2) rather than NOT_FOUND. */
berth_status ap_at(const ap *a, cat_mark at, berth_status st)
{
	char msg[512];

	if (st != BERTH_INVALID_ARGUMENT && st != BERTH_INVALID_TIME &&
	    st != BERTH_NOT_FOUND)
		return st;
	snprintf(msg, sizeof msg, "%s", berth_message());
	return berth_fail(st == BERTH_NOT_FOUND ? BERTH_INVALID_ARGUMENT : st,
			  "%s:%u:%u: %s", a->file, at.line, at.col, msg);
}

berth_status ap_resource_named(ap *a, const cat_text *n, const char *what,
			       const char *owner, berth_resource **out)
{
	berth_status st = berth_resource_get(a->t, n->text, out);

	if (st != BERTH_NOT_FOUND)
		return st;
	return berth_fail(BERTH_INVALID_ARGUMENT,
			  "%s:%u:%u: %s %s names resource '%s', which does "
			  "not exist",
			  a->file, n->at.line, n->at.col, what, owner, n->text);
}

berth_status ap_note(ap *a, const char *kind, const char *name,
		     const char *action)
{
	arena *ar = berth_arena(a->t);
	cat_changes *c = a->out;
	cat_change *v;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		if (!(v = arena_alloc(ar, cap * sizeof *v)))
			return berth_fail(BERTH_INTERNAL, "out of memory");
		if (c->n)
			memcpy(v, c->v, c->n * sizeof *v);
		c->v = v;
		c->cap = cap;
	}
	v = &c->v[c->n];
	v->kind = kind;
	v->action = action;
	if (!(v->name = arena_strdup(ar, name)))
		return berth_fail(BERTH_INTERNAL, "out of memory");
	c->n++;
	return BERTH_OK;
}

int ap_same_text(const char *x, const char *y)
{
	if (!x || !y)
		return x == y;
	return strcmp(x, y) == 0;
}

/* A name declared twice in one list: the second would silently replace
 * the first, so it is refused where it is written. */
static berth_status twice(const ap *a, const cat_text *name,
			  const cat_text *earlier, const char *what)
{
	return berth_fail(BERTH_INVALID_ARGUMENT,
			  "%s:%u:%u: %s %s is declared twice (first at line "
			  "%u)",
			  a->file, name->at.line, name->at.col, what,
			  name->text, earlier->at.line);
}

static berth_status unique(const ap *a, const catalogue *c)
{
	for (size_t i = 0; i < c->nresources; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(c->resources[i].name.text,
				    c->resources[j].name.text))
				return twice(a, &c->resources[i].name,
					     &c->resources[j].name, "resource");
	for (size_t i = 0; i < c->nservices; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(c->services[i].name.text,
				    c->services[j].name.text))
				return twice(a, &c->services[i].name,
					     &c->services[j].name, "service");
	for (size_t i = 0; i < c->nholidays; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(c->holidays[i].name.text,
				    c->holidays[j].name.text))
				return twice(a, &c->holidays[i].name,
					     &c->holidays[j].name, "holiday");
	return BERTH_OK;
}

berth_status catalogue_apply(berth_txn *t, const catalogue *c, const char *file,
			     int prune, cat_changes *out)
{
	ap a = {.t = t, .c = c, .file = file, .out = out};
	berth_status st;

	memset(out, 0, sizeof *out);
	if ((st = unique(&a, c)))
		return st;
	/* Resources first: everything else names them. */
	for (size_t i = 0; i < c->nresources; i++)
		if ((st = ap_resource(&a, &c->resources[i])))
			return st;
	for (size_t i = 0; i < c->nresources; i++)
		if ((st = ap_hours(&a, &c->resources[i])) ||
		    (st = ap_policies(&a, c->resources[i].name.text,
				      &c->resources[i].policies)))
			return st;
	if ((st = ap_policies(&a, NULL, &c->policies)))
		return st;
	for (size_t i = 0; i < c->nservices; i++)
		if ((st = ap_service(&a, &c->services[i])) ||
		    (st = ap_service_policies(&a, &c->services[i], prune)))
			return st;
	if ((st = ap_holidays(&a)) || (st = ap_timeoff(&a)))
		return st;
	return prune ? ap_prune(&a) : BERTH_OK;
}
