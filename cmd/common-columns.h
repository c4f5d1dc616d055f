/* common-columns.h - which fields a table shows. Each kind of record a verb
 * prints has a view: every field, in the order the record is described,
 * and the few a list shows by default. --columns (-o) picks others. The
 * emitter does the picking (emit_columns); this only says what to pick. */
#ifndef BERTH_COLUMNS_H
#define BERTH_COLUMNS_H

#include "opt.h"

struct view {
	const char *what;	    /* "booking", for messages */
	const char *const *fields;  /* every field, NULL-terminated */
	const char *const *listing; /* a list's default, or NULL: every field */
};

extern const struct view view_booking, view_hold, view_claim, view_shown, view_expired,
	view_audit, view_audit_verify, view_audit_head, view_resource, view_resource_set, view_policy,
	view_availability, view_free_seats,
	view_problem, view_repair, view_ping, view_stats, view_init, view_upgrade,
	view_hours, view_holiday, view_timeoff, view_waitlist, view_slots, view_report,
	view_service, view_changes, view_export, view_event, view_event_dead,
	view_events_done, view_attempt, view_usage, view_customer,
	view_customer_show, view_customer_forget;

/* The view the running verb prints, with --columns checked against it:
 * INVALID_ARGUMENT naming the choices for a column it does not have.
 * opt_parse calls it with the verb's own (struct verb's view, or what its
 * view_of says the options chose). */
berth_status view_use(const struct view *v);

/* VERB --list-columns: the field names of v, one a line (nothing for a
 * verb that prints no columns), for completions: they need no store. */
void view_list(const struct view *v, FILE *out);

/* Tells the emitter which columns to show: in a table the list's default
 * or --columns (short headers in a list), in csv and tsv only what
 * --columns names, in json every field. */
void view_apply(emitter *e, int is_list);

#endif
