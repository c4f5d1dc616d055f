/* common-changes.h - an audit record's changes in one line (audit.c). */
#ifndef BERTH_AUDIT_CHANGES_H
#define BERTH_AUDIT_CHANGES_H

#include "common.h"

/* What record r changed, written into buf; NULL when there is nothing to
 * say (an unchanged entity). */
const char *audit_changes(const berth_audit *r, char *buf, size_t size);

#endif
