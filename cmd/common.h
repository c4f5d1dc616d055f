/* common.h - what the verbs share: opening the store as the globals say,
 * parsing operands into engine types, and describing entities to the
 * emitter once, the same way for every verb. */
#ifndef BERTH_COMMON_H
#define BERTH_COMMON_H

#include "opt.h"

/* Opens the store (--db, BERTH_DB, $XDG_DATA_HOME/berth) with the actor,
 * role, source and clock from the globals, for reading or writing as the
 * running verb says (opt.h). Only the commands that make something from
 * nothing (init, resource add, policy set) create a missing store; the
 * others refuse with NOT_FOUND and leave no empty store behind. */
berth_status open_db(int create, berth_db **db);
/* The actor, role, source and clock of the command, on a store opened
 * otherwise (import's staged one). */
void db_configure(berth_db *db);
/* For a verb whose options decide (VERB_BY_OPTION): whether this run
 * writes. Called before open_db. */
void verb_writes(int yes);
/* SIGPIPE ignored, so that a write whose reader went away can still say
 * OUTPUT_FAILED (writing verbs only). */
void keep_writing_on_epipe(void);
/* The store's directory as the globals say, or NULL when nothing does. */
const char *store_dir(void);
/* berth_open's flags: create, and BERTH_TRUST_DB=1 for a store that is
 * not ours. */
unsigned open_flags(int create);
/* The default role when neither --role nor BERTH_ROLE says (expire acts as
 * the system). */
void default_role(berth_role r);
/* The zone a store made by open_db(1, ...) records (init --tz); without
 * one, TZ or the system's, and a TZ that is no zone is refused. */
void create_zone(const char *zone);

berth_status parse_time(const char *what, const char *s, civil_time *out);
/* An optional time option (--from, --to, --since): parsed into *out with
 * *has set when it was given; untouched when not. */
berth_status parse_time_opt(const char *what, const optval *v,
			    civil_time *out, int *has);
berth_status parse_duration(const char *what, const char *s, int64_t *out);
berth_status parse_int(const char *what, const char *s, int64_t min,
		       int64_t max, int64_t *out);
/* One --seat value, 3 or 3,4,7, added to the *n seats already in *seats
 * (NULL and 0 at first; a seat named twice across them is refused). On a
 * refusal, naming this value, *seats is freed and emptied. */
berth_status parse_seats(const char *s, uint32_t **seats, uint32_t *n);
/* k=v, repeated; with allow_empty, k= (to remove) */
berth_status parse_attrs(const optval *o, int allow_empty, berth_attrs *out);
berth_status parse_text(const char *what, const char *s);
/* An optional text option: when given, checked and stored in *out. */
berth_status opt_text(const optval *v, const char *what, const char **out);
berth_status need_args(int nargs, int min, int max);

/* Output: the emitter for --format, and closing it with stdout checked. */
emitter *out_open(int is_list);
/* A verb's own output format when none is given (events and notify: jsonl,
 * a line a record); a failure still reads as text (fail). */
void out_default(emit_format fmt);
/* A write calls this once its change has committed, with what it did in
 * words ("b12 was booked"). From then on an answer that cannot be written
 * is OUTPUT_FAILED (exit 9) saying so, never IO_ERROR (10): the change
 * stands, and a script that retries on 10 must not make it twice. */
void committed(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Standard output failed (errno says why): OUTPUT_FAILED naming what was
 * committed, or IO_ERROR when nothing was. */
berth_status output_failed(void);
berth_status out_close(emitter *e);
/* Closes the output after `st`: finished on success, discarded on failure
 * so a refusal prints nothing; returns the status to report. */
berth_status out_end(emitter *e, berth_status st);

/* For --format ics: the store's id (for UIDs), now and the calendar's
 * name (what the listing is of; NULL: the store's whole). */
void calendar_of(berth_txn *t, emitter *e, const char *name);
void emit_time(emitter *e, const char *key, btime t, const char *zone);
void emit_attrs(emitter *e, const berth_attrs *a);
void emit_str(emitter *e, const char *key, const char *s);
void emit_int(emitter *e, const char *key, int64_t v);
/* A top-level record, or (_fields) the fields alone, inside a map the
 * caller opened (an audit record's before and after). */
typedef enum { SHAPE_HOLD, SHAPE_BOOKING, SHAPE_BOTH } claim_shape;
void describe_claim(emitter *e, const berth_claim *c);
void describe_claim_as(emitter *e, const berth_claim *c, claim_shape shape);
void describe_claim_columns(emitter *e, claim_shape shape);
void describe_resource(emitter *e, const berth_resource *r);
void describe_claim_fields(emitter *e, const berth_claim *c);
void describe_resource_fields(emitter *e, const berth_resource *r);
/* A service, as every verb shows it. */
void describe_service(emitter *e, const berth_service *s);
void describe_customer_fields(emitter *e, const berth_customer *c);
/* common-waitlist.c: an entry's fields, its status as it is at now. */
void describe_waitlist_fields(emitter *e, const berth_waitlist *w, btime now);
/* A claim outside its calendar (check --report, a change's --dry-run). */
void describe_report(emitter *e, const berth_report_row *row);
void describe_service_fields(emitter *e, const berth_service *s);

/* Free what opt_parse kept for repeatable options. */
void opt_free(optval *vals, size_t n);

/* A sub-verb's run function that hands over to its verb's one function,
 * naming which: SUB_VERB(run_add, ADD) calls sub(v, argc, argv, ADD). */
#define SUB_VERB(fn, what)                                                     \
	static int fn(const struct verb *v, int argc, char **argv)             \
	{                                                                      \
		return sub(v, argc, argv, what);                               \
	}

#endif
