/* verbs.h - every verb's entry point, for the table in berth.c. */
#ifndef BERTH_VERBS_H
#define BERTH_VERBS_H

#include "opt.h"

#define VERB(name) extern const struct verb verb_##name
VERB(init);
VERB(resource);
VERB(policy);
VERB(hours);
VERB(holiday);
VERB(timeoff);
VERB(service);
VERB(customer);
VERB(lock);
VERB(release);
VERB(confirm);
VERB(book);
VERB(cancel);
VERB(reschedule);
VERB(pay);
VERB(checkin);
VERB(noshow);
VERB(show);
VERB(list);
VERB(availability);
VERB(slots);
VERB(expire);
VERB(check);
VERB(stats);
VERB(audit);
VERB(backup);
VERB(restore);
VERB(upgrade);
VERB(apply);
VERB(export);
VERB(import);
VERB(events);
VERB(notify);
VERB(report);
VERB(waitlist);
#undef VERB

/* Runs a verb (or its sub-verb) from argv[0]: parses, runs, reports. */
int run_verb(const struct verb *v, int argc, char **argv);
/* The exit status for a failure, after printing it in the --format. */
int fail(berth_status st);

#endif
