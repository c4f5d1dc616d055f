/* service.h - what the engine's files share of services: one read by
 * name, and the entity its audit records are filed under. */
#ifndef BERTH_SERVICE_H
#define BERTH_SERVICE_H

#include "internal.h"

/* The service of that name, into the arena, or NOT_FOUND (a name that
 * could never exist is INVALID_ARGUMENT). */
berth_status svc_by_name(berth_txn *t, const char *name,
			 berth_service **out);
/* "service/NAME": services and resources may share a name, so a
 * service's audit records are filed apart from a resource's. */
void svc_entity(const char *name, char *buf, size_t size);
/* Whether a service's values are in range and its resources there. */
berth_status svc_validate(berth_txn *t, const berth_service *s);
/* Whether the service names the resource (any does, when it names
 * none). */
int svc_names(const berth_service *s, const char *resource);

/* claim-service.c: the service a lock or book names (NULL: none), after
 * the checks a request with one must pass: no --end or --duration beside
 * it, --location only with it and without a resource. */
berth_status claim_service_of(berth_txn *t, const berth_claim_req *req,
			      berth_service **svc);
/* A request with a service and no resource: the first of the service's
 * resources, by name, that admits the whole claim, normalised into *n;
 * else the last one's refusal, CAPACITY_FULL when all were full. */
berth_status claim_service_pick(berth_txn *t, claim_kind kind,
				const berth_claim_req *req,
				const berth_service *s, berth_resource **res,
				idem_request *n);

/* slots-service.c: slots --service: *out is req with the service's
 * resources (at its location, those still there) in place of names, and
 * the service's duration unless one was given; *buffer the service's, or
 * -1 (each resource's). */
berth_status slots_of_service(berth_txn *t, const berth_slots_req *req,
			      berth_slots_req *out, int64_t *buffer);

#endif
