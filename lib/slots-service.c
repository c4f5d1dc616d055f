/* slots-service.c - slots --service: the question about a service turned
 * into one about resources. Its resources (those at --location, and not
 * removed since the service named them) are walked as if named, its
 * duration is the default length and its buffer, when it has one, stands
 * for each resource's: the windows are those `book --service` would take. */
#include <string.h>

#include "service.h"

berth_status slots_of_service(berth_txn *t, const berth_slots_req *req,
			      berth_slots_req *out, int64_t *buffer)
{
	berth_service *s;
	berth_resource *r;
	berth_status st;
	const char **names;
	size_t n = 0;

	if (!req->service)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "--location chooses among a service's "
			       "resources: give --service too"),
		    "location", req->location);
	if (req->nresources)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "give resources or --service, not both");
	if (req->location &&
	    (st = berth_check_text("--location", req->location)))
		return st;
	if ((st = svc_by_name(t, req->service, &s)))
		return st;
	if (!(names = arena_alloc(t->a, (s->nres + 1) * sizeof *names)))
		return oom();
	for (uint32_t i = 0; i < s->nres; i++) {
		st = res_by_name(t, s->resources[i], &r);
		if (st == BERTH_NOT_FOUND && !store_failed(t->st)) {
			berth_clear(); /* removed since: not a candidate */
			continue;
		}
		if (st)
			return st;
		if (req->location &&
		    (!r->location || strcmp(r->location, req->location)))
			continue;
		names[n++] = s->resources[i];
	}
	if (!n)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "service '%s' has no resource%s%s to offer",
			       s->name, req->location ? " at " : "",
			       req->location ? req->location : ""),
		    "service", s->name);
	*out = *req;
	out->resources = names;
	out->nresources = n;
	out->service = out->location = NULL;
	if (!out->duration)
		out->duration = s->duration;
	*buffer = s->buffer;
	return BERTH_OK;
}
