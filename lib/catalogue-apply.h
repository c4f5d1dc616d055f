/* catalogue-apply.h - the parts of apply (catalogue-apply*.c) and what
 * they share. Not part of the public header. */
#ifndef BERTH_CATALOGUE_APPLY_H
#define BERTH_CATALOGUE_APPLY_H

#include "catalogue.h"

typedef struct {
	berth_txn *t;
	const catalogue *c;
	const char *file;
	cat_changes *out;
	/* The holidays and time off the file declares, by stored id: what
	 * --prune keeps. */
	uint64_t *holidays, *timeoff;
	size_t nholidays, ntimeoff;
} ap;

berth_status ap_at(const ap *a, cat_mark at, berth_status st);
/* The resource a file's object (a holiday, a service: `what` named
 * `owner`) names at n: one that does not exist is the file's mistake,
 * INVALID_ARGUMENT at n's place. */
berth_status ap_resource_named(ap *a, const cat_text *n, const char *what,
			       const char *owner, berth_resource **out);
berth_status ap_note(ap *a, const char *kind, const char *name,
		     const char *action);
/* Two optional texts equal (both NULL counts). */
int ap_same_text(const char *x, const char *y);

/* What the store holds of a resource's hours. */
typedef struct {
	arena *ar;
	int has_week;
	berth_hours week;
	berth_hours *dates;
	size_t ndates;
} stored_hours;
berth_status ap_stored_hours(ap *a, const char *resource, stored_hours *s);

berth_status ap_resource(ap *a, const cat_resource *r);
berth_status ap_hours(ap *a, const cat_resource *r);
/* A scope's policies (resource NULL: the store's). */
berth_status ap_policies(ap *a, const char *resource, const cat_policies *ps);
berth_status ap_service(ap *a, const cat_service *s);
/* A declared service's own policies (after the service itself), and with
 * prune those it sets that the file does not declare. */
berth_status ap_service_policies(ap *a, const cat_service *s, int prune);
berth_status ap_holidays(ap *a);
berth_status ap_timeoff(ap *a);
berth_status ap_prune(ap *a);

/* The name a time off's change goes by: RESOURCE FROM/TO. */
const char *ap_timeoff_name(ap *a, const char *resource, btime from, btime to,
			    const char *zone);
/* The name a policy's change goes by: key, or resource/key. */
const char *ap_policy_name(ap *a, const char *resource, const char *key);

#endif
