/* common-events.h - an event as events and notify describe it: the same
 * JSON a follower reads and a notifier's command gets on its stdin. */
#ifndef BERTH_COMMON_EVENTS_H
#define BERTH_COMMON_EVENTS_H

#include "common.h"

/* One record: the event, its change and the entity's state after it;
 * with a notifier's name, its delivery (events --dead). */
void describe_event(emitter *e, const berth_event *ev, const char *zone,
		    const char *notifier);
/* --type patterns: each ENTITY.VERB, or a pattern of them. */
berth_status parse_event_types(const optval *o);
/* --name: a notifier's name, "default" when not given. */
berth_status parse_notifier(const optval *o, const char **out);

#endif
