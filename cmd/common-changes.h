/* common-changes.h - an audit record's changes in one line, and its
 * entity before and after (audit.c, events.c). */
#ifndef BERTH_AUDIT_CHANGES_H
#define BERTH_AUDIT_CHANGES_H

#include "common.h"

/* What record r changed, written into buf; NULL when there is nothing to
 * say (an unchanged entity). */
const char *audit_changes(const berth_audit *r, char *buf, size_t size);

/* The entity record r keeps before (after 0) or after the change, under
 * key: a map, or null when there is none. */
void describe_snapshot(emitter *e, const char *key, const berth_audit *r,
		       int after);

#endif
