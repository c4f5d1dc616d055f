/* policy.c - named rules with values, for the store and per resource, and
 * which value is in force for a resource. A length (hold_ttl,
 * pending_timeout) is the resource's own when it has one: it says how long
 * its claims live, and a resource may want longer or shorter. A limit is
 * the strictest of the store's and the resource's, so a resource can
 * tighten the store's rule but never loosen it (DECISIONS.md). Every limit
 * defaults to 0, off: a fresh store enforces nothing nobody asked for. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* What a value is written as. */
typedef enum { AS_DURATION, AS_NUMBER, AS_BOOL } policy_type;

/* Which of the store's and the resource's values is in force when both
 * are set (only one set: that one; none: the default). */
typedef enum {
	OWN,	  /* the resource's */
	LARGEST,  /* notice, deadlines (time before the start), true */
	SMALLEST, /* horizon, max_*: the smallest, 0 (off) never winning */
} policy_rule;

static const struct policy_def {
	const char *key;
	int64_t dflt;
	policy_type type;
	int64_t min; /* smallest value allowed */
	policy_rule rule;
} defs[] = {
	{"hold_ttl", 5 * 60, AS_DURATION, 1, OWN},
	{"pending_timeout", 30 * 60, AS_DURATION, 1, OWN},
	{"offer_ttl", 2 * 3600, AS_DURATION, 1, OWN},
	{"min_notice", 0, AS_DURATION, 0, LARGEST},
	{"horizon", 0, AS_DURATION, 0, SMALLEST},
	{"cancel_deadline", 0, AS_DURATION, 0, LARGEST},
	{"reschedule_deadline", 0, AS_DURATION, 0, LARGEST},
	{"max_reschedules", 0, AS_NUMBER, 0, SMALLEST},
	{"max_active_per_customer", 0, AS_NUMBER, 0, SMALLEST},
	{"max_per_customer_per_day", 0, AS_NUMBER, 0, SMALLEST},
	{"require_payment", 0, AS_BOOL, 0, LARGEST},
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
static int stored_read(berth_txn *t, uint32_t rid, const char *key,
		       int64_t *out)
{
	policy_entry e = {.rid = rid, .key = key};

	if (entry_get(t, T_POLICY, &e) != 1)
		return 0;
	*out = e.value;
	return 1;
}

/* stored(), remembered for the transaction: a batch admits thousands of
 * claims on the same resources, each reading the same policies. Only
 * what lives as long as the transaction is remembered (not a walk's
 * scratch arena), and only reads that found the store whole. */
static int stored(berth_txn *t, uint32_t rid, const struct policy_def *d,
		  const char *key, int64_t *out)
{
	unsigned def = d ? (unsigned)(d - defs) + 1 : 0, h;
	struct policy_memo *m;
	int found;

	if (!def || t->a != t->cache_arena ||
	    (!t->policy_memo && ++t->policy_reads < POLICY_MEMO_AFTER))
		return stored_read(t, rid, key, out);
	if (!t->policy_memo &&
	    (t->policy_memo = arena_alloc(t->cache_arena,
					  POLICY_MEMO * sizeof *t->policy_memo)))
		memset(t->policy_memo, 0, POLICY_MEMO * sizeof *t->policy_memo);
	if (!t->policy_memo)
		return stored_read(t, rid, key, out);
	h = (rid * 2654435761u + def * 40503u) % POLICY_MEMO;
	m = &t->policy_memo[h];
	if (m->def == def && m->rid == rid && m->writes == t->policy_writes) {
		*out = m->value;
		return m->found;
	}
	found = stored_read(t, rid, key, out);
	if (!txn_status(t)) {
		m->def = (unsigned char)def;
		m->rid = rid;
		m->writes = t->policy_writes;
		m->found = (unsigned char)found;
		m->value = found ? *out : 0;
	}
	return found;
}

int policy_known(const char *key, int64_t value)
{
	const struct policy_def *d = find(key);

	return d && value >= d->min &&
	       (d->type == AS_DURATION || value <= 1000000) &&
	       (d->type != AS_BOOL || value <= 1);
}

/* Whether the resource's value `own` is the one in force over the
 * store's value `shared`. */
static int own_wins(policy_rule rule, int64_t own, int64_t shared)
{
	switch (rule) {
	case LARGEST:
		return own >= shared;
	case SMALLEST:
		return own && (!shared || own <= shared);
	case OWN:
		break;
	}
	return 1;
}

void policy_in_force(berth_txn *t, uint32_t rid, const char *key,
		     policy_value *out)
{
	const struct policy_def *d = find(key);
	int64_t own, shared;
	int has_own = rid && stored(t, rid, d, key, &own);

	memset(out, 0, sizeof *out);
	/* A length that the resource sets needs no second read. */
	if (has_own && (!d || d->rule == OWN)) {
		out->value = own;
		out->rid = rid;
	} else if (stored(t, 0, d, key, &shared)) {
		out->value = shared;
		if (has_own && own_wins(d->rule, own, shared)) {
			out->value = own;
			out->rid = rid;
		}
	} else if (has_own) {
		out->value = own;
		out->rid = rid;
	} else {
		out->value = d ? d->dflt : 0;
		out->is_default = 1;
	}
}

int policy_svc_stored(berth_txn *t, const char *service, const char *key,
		      int64_t *out)
{
	svcpolicy_entry e = {.service = service, .key = key};

	if (entry_get(t, T_SVCPOLICY, &e) != 1)
		return 0;
	*out = e.value;
	return 1;
}

void policy_in_force_svc(berth_txn *t, uint32_t rid, const char *service,
			 const char *key, policy_value *out)
{
	const struct policy_def *d = find(key);
	int64_t own;

	policy_in_force(t, rid, key, out);
	if (!service || !d || !policy_svc_stored(t, service, d->key, &own))
		return;
	/* A length is the most specific scope's; a limit or deadline the
	 * strictest of the three (DECISIONS.md). */
	if (d->rule == OWN || out->is_default ||
	    own_wins(d->rule, own, out->value)) {
		out->value = own;
		out->rid = 0;
		out->is_default = 0;
		out->service = service;
	}
}

int64_t policy_get_svc(berth_txn *t, uint32_t rid, const char *service,
		       const char *key)
{
	policy_value v;

	policy_in_force_svc(t, rid, service, key, &v);
	return v.value;
}

int64_t policy_get(berth_txn *t, uint32_t rid, const char *key)
{
	policy_value v;

	policy_in_force(t, rid, key, &v);
	return v.value;
}

int64_t berth_policy_value(berth_txn *t, uint32_t rid, const char *key)
{
	return policy_get(t, rid, key);
}

static berth_status parse_value(const struct policy_def *d, const char *s,
				int64_t *out)
{
	if (d->type == AS_DURATION) {
		if (clock_parse_duration(s, out))
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "%s takes a duration such as 5m or "
					  "1h30m, not '%.40s'",
					  d->key, s);
	} else if (d->type == AS_BOOL) {
		if (strcmp(s, "true") && strcmp(s, "false"))
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "%s takes true or false, not '%.40s'",
					  d->key, s);
		*out = !strcmp(s, "true");
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
	return value ? parse_value(d, value, &v) : BERTH_OK;
}

/* A policy as shown: its key and type, the value and where it is from. */
static void shown(const struct policy_def *d, const berth_resource *r,
		  const policy_value *v, berth_policy *out)
{
	memset(out, 0, sizeof *out);
	out->key = d->key;
	out->is_duration = d->type == AS_DURATION;
	out->is_bool = d->type == AS_BOOL;
	out->value = v->value;
	out->is_default = v->is_default;
	out->scope = r && v->rid == r->rid && !v->service ? r->name : NULL;
	out->service = v->service;
}

berth_status policy_parse(const char *key, const char *value,
			  berth_policy *out)
{
	const struct policy_def *d = find(key);

	memset(out, 0, sizeof *out);
	if (!d)
		return unknown_key(key);
	out->key = d->key;
	out->is_duration = d->type == AS_DURATION;
	out->is_bool = d->type == AS_BOOL;
	return value ? parse_value(d, value, &out->value) : BERTH_OK;
}

/* The policy named and the resource it is asked for (NULL: the store). */
static berth_status scope_of(berth_txn *t, const char *key,
			     const char *resource,
			     const struct policy_def **d, berth_resource **r)
{
	*r = NULL;
	if (!(*d = find(key)))
		return unknown_key(key);
	return resource ? res_by_name(t, resource, r) : BERTH_OK;
}

/* The audit trail's name of one scope's value of a policy. */
static void entity_name(char *buf, size_t size, const char *key,
			const berth_resource *r)
{
	snprintf(buf, size, "policy/%s%s%s", key, r ? "/" : "",
		 r ? r->name : "");
}

void policy_value_text(const berth_policy *p, char *buf, size_t size)
{
	if (p->is_duration)
		clock_format_duration(p->value, buf, size);
	else if (p->is_bool)
		snprintf(buf, size, "%s", p->value ? "true" : "false");
	else
		snprintf(buf, size, "%lld", (long long)p->value);
}

/* import: a scope's value as policy set would store it, with no record
 * of a change before it. The caller audits it, or not when the file
 * brings the log that set it. */
berth_status policy_import(berth_txn *t, const char *key, const char *value,
			   const char *resource, int audited,
			   berth_policy *out)
{
	const struct policy_def *d;
	berth_resource *r;
	berth_status st;
	char entity[BERTH_NAME_MAX + 64];

	if ((st = scope_of(t, key, resource, &d, &r)))
		return st;
	memset(out, 0, sizeof *out);
	if ((st = parse_value(d, value, &out->value)))
		return st;
	out->key = d->key;
	out->scope = r ? r->name : NULL;
	out->is_duration = d->type == AS_DURATION;
	out->is_bool = d->type == AS_BOOL;
	entry_put(t, T_POLICY,
		  &(policy_entry){r ? r->rid : 0, d->key, out->value});
	if (!audited) {
		entity_name(entity, sizeof entity, d->key, r);
		audit_append(t, "policy.imported", entity, ENT_POLICY, NULL,
			     out, NULL, NULL);
	}
	return txn_status(t);
}

berth_status berth_policy_set(berth_txn *t, const char *key,
			      const char *value, const char *resource,
			      berth_policy *out)
{
	const struct policy_def *d;
	berth_resource *r;
	berth_policy before;
	berth_status st;
	uint32_t rid;
	char entity[BERTH_NAME_MAX + 64];

	if ((st = role_may_change(t, ENT_POLICY, "policy.set")))
		return st;
	if ((st = scope_of(t, key, resource, &d, &r)))
		return st;
	memset(out, 0, sizeof *out);
	if ((st = parse_value(d, value, &out->value)))
		return st;
	rid = r ? r->rid : 0;
	out->key = d->key;
	out->scope = r ? r->name : NULL;
	out->is_duration = d->type == AS_DURATION;
	out->is_bool = d->type == AS_BOOL;
	before = *out;
	before.is_default = !stored(t, rid, d, key, &before.value);
	if (before.is_default)
		before.value = policy_get(t, rid, key);
	entry_put(t, T_POLICY, &(policy_entry){rid, d->key, out->value});
	entity_name(entity, sizeof entity, d->key, r);
	audit_append(t, "policy.set", entity, ENT_POLICY, &before, out, NULL,
		     NULL);
	return txn_status(t);
}

/* Unsetting what is not set changes nothing and is no failure: the state
 * asked for (no value of its own) is there, so a script can unset without
 * asking first. Only a real removal is audited. */
berth_status berth_policy_unset(berth_txn *t, const char *key,
				const char *resource, berth_policy *out,
				int *removed)
{
	const struct policy_def *d;
	berth_resource *r;
	berth_policy before;
	policy_value now;
	berth_status st;
	uint32_t rid;
	char entity[BERTH_NAME_MAX + 64];

	if ((st = role_may_change(t, ENT_POLICY, "policy.unset")))
		return st;
	*removed = 0;
	if ((st = scope_of(t, key, resource, &d, &r)))
		return st;
	rid = r ? r->rid : 0;
	memset(&before, 0, sizeof before);
	if (stored(t, rid, d, d->key, &before.value)) {
		before.key = d->key;
		before.scope = r ? r->name : NULL;
		before.is_duration = d->type == AS_DURATION;
		before.is_bool = d->type == AS_BOOL;
		entry_del(t, T_POLICY, &(policy_entry){rid, d->key, 0});
		entity_name(entity, sizeof entity, d->key, r);
		audit_append(t, "policy.unset", entity, ENT_POLICY, &before,
			     NULL, NULL, NULL);
		*removed = 1;
	}
	policy_in_force(t, rid, d->key, &now);
	shown(d, r, &now, out);
	return txn_status(t);
}

void policy_detail_scope(const policy_value *v, const char *resource)
{
	char buf[BERTH_NAME_MAX + 16];

	if (!v->service) {
		berth_detail_str("scope", v->rid ? resource : "store");
		return;
	}
	snprintf(buf, sizeof buf, "service:%.*s", BERTH_NAME_MAX, v->service);
	berth_detail_str("scope", buf);
}

void policy_service_entity(char *buf, size_t size, const char *key,
			   const char *service)
{
	snprintf(buf, size, "policy/%s/service:%s", key, service);
}

void policy_drop_service(berth_txn *t, const char *service)
{
	char entity[BERTH_NAME_MAX + 64];

	for (size_t i = 0; i < NDEFS; i++) {
		berth_policy before;
		if (!policy_svc_stored(t, service, defs[i].key, &before.value))
			continue;
		shown(&defs[i], NULL, &(policy_value){before.value, 0, 0,
						      service},
		      &before);
		entry_del(t, T_SVCPOLICY,
			  &(svcpolicy_entry){service, defs[i].key, 0});
		policy_service_entity(entity, sizeof entity, defs[i].key,
				      service);
		audit_append(t, "policy.unset", entity, ENT_POLICY, &before,
			     NULL, NULL, NULL);
	}
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
		berth_policy p;
		policy_value v;
		policy_in_force(t, r ? r->rid : 0, defs[i].key, &v);
		shown(&defs[i], r, &v, &p);
		if (cb(&p, arg))
			break;
	}
	return txn_status(t);
}
