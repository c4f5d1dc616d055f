/* policy.c - named rules with values, for the store and per resource. A
 * resource's own value wins over the store's, which wins over the default. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const struct policy_def {
	const char *key;
	int64_t dflt;
	int is_duration;
	int64_t min; /* smallest value allowed */
} defs[] = {
	{"hold_ttl", 5 * 60, 1, 1},
	{"pending_timeout", 30 * 60, 1, 1},
	{"min_notice", 2 * 3600, 1, 0},
	{"horizon", 90 * 86400, 1, 0},
	{"cancel_deadline", 24 * 3600, 1, 0},
	{"reschedule_deadline", 2 * 3600, 1, 0},
	{"max_reschedules", 3, 0, 0},
	{"max_active_per_customer", 0, 0, 0},
};
#define NDEFS (sizeof defs / sizeof defs[0])

static const struct policy_def *find(const char *key)
{
	for (size_t i = 0; i < NDEFS; i++)
		if (strcmp(defs[i].key, key) == 0)
			return &defs[i];
	return NULL;
}

/* An unknown key, refused with the keys there are. */
static berth_status unknown_key(const char *key)
{
	char all[256];
	berth_choices c;

	berth_choices_init(&c, all, sizeof all);
	for (size_t i = 0; i < NDEFS; i++)
		berth_choices_add(&c, defs[i].key);
	return berth_fail(BERTH_INVALID_ARGUMENT,
			  "unknown policy '%.40s' (choose from %s)", key, all);
}

/* A value set for the scope: 1, with *out; 0 when none is; damage fails
 * the transaction (and reads as none here: nothing will be committed). */
static int stored(berth_txn *t, uint32_t rid, const char *key, int64_t *out)
{
	policy_entry e = {.rid = rid, .key = key};

	if (entry_get(t, T_POLICY, &e) != 1)
		return 0;
	*out = e.value;
	return 1;
}

int policy_known(const char *key, int64_t value)
{
	const struct policy_def *d = find(key);

	return d && value >= d->min &&
	       (d->is_duration || value <= 1000000);
}

int64_t policy_get(berth_txn *t, uint32_t rid, const char *key)
{
	const struct policy_def *d = find(key);
	int64_t v;

	if (rid && stored(t, rid, key, &v))
		return v;
	if (stored(t, 0, key, &v))
		return v;
	return d ? d->dflt : 0;
}

int64_t berth_policy_value(berth_txn *t, uint32_t rid, const char *key)
{
	return policy_get(t, rid, key);
}

static berth_status parse_value(const struct policy_def *d, const char *s,
				int64_t *out)
{
	if (d->is_duration) {
		if (clock_parse_duration(s, out))
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "%s takes a duration such as 5m or "
					  "1h30m, not '%.40s'",
					  d->key, s);
	} else {
		char *end;
		long long n;
		if (*s < '0' || *s > '9')
			goto bad;
		n = strtoll(s, &end, 10);
		if (*end || n > 1000000)
			goto bad;
		*out = n;
	}
	if (*out < d->min)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "%s must be more than zero", d->key);
	return BERTH_OK;
bad:
	return berth_fail(BERTH_INVALID_ARGUMENT,
			  "%s takes a whole number from 0 to 1000000, not "
			  "'%.40s'",
			  d->key, s);
}

berth_status berth_policy_check(const char *key, const char *value)
{
	const struct policy_def *d = find(key);
	int64_t v;

	if (!d)
		return unknown_key(key);
	return parse_value(d, value, &v);
}

berth_status berth_policy_set(berth_txn *t, const char *key,
			      const char *value, const char *resource,
			      berth_policy *out)
{
	const struct policy_def *d = find(key);
	berth_resource *r = NULL;
	berth_policy before;
	berth_status st;
	uint32_t rid = 0;
	char entity[BERTH_NAME_MAX + 64];

	if (!d)
		return unknown_key(key);
	memset(out, 0, sizeof *out);
	if ((st = parse_value(d, value, &out->value)))
		return st;
	if (resource) {
		if ((st = res_by_name(t, resource, &r)))
			return st;
		rid = r->rid;
	}
	out->key = d->key;
	out->scope = r ? r->name : NULL;
	out->is_duration = d->is_duration;
	before = *out;
	before.is_default = !stored(t, rid, key, &before.value);
	if (before.is_default)
		before.value = policy_get(t, rid, key);
	entry_put(t, T_POLICY, &(policy_entry){rid, d->key, out->value});
	snprintf(entity, sizeof entity, "policy/%s%s%s", d->key, r ? "/" : "",
		 r ? r->name : "");
	audit_append(t, "policy.set", entity, ENT_POLICY, &before, out, NULL,
		     NULL);
	return txn_status(t);
}

/* Every policy with the value in force for the scope asked: the store's
 * (resource NULL) or one resource's. */
berth_status berth_policy_each(berth_txn *t, const char *resource,
			       berth_policy_cb cb, void *arg)
{
	berth_resource *r = NULL;
	berth_status st;

	if (resource && (st = res_by_name(t, resource, &r)))
		return st;
	for (size_t i = 0; i < NDEFS; i++) {
		berth_policy p = {.key = defs[i].key,
				  .scope = r ? r->name : NULL,
				  .is_duration = defs[i].is_duration};
		int64_t v;
		if (r && stored(t, r->rid, p.key, &v)) {
			p.value = v;
		} else if (stored(t, 0, p.key, &v)) {
			p.value = v;
			p.scope = NULL;
		} else {
			p.value = defs[i].dflt;
			p.is_default = 1;
			p.scope = NULL;
		}
		if (cb(&p, arg))
			break;
	}
	return txn_status(t);
}
