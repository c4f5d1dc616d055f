/* opt.h - the declarative option layer every verb shares. A verb lists its
 * options once; the same table drives parsing (getopt_long, stopping at
 * nothing: options and operands may mix, `--` ends options), --help,
 * --list-opts for the completions, and the guard tests. The global options
 * are accepted by every verb too (notmuch's opt_inherit). */
#ifndef BERTH_OPT_H
#define BERTH_OPT_H

#include <stddef.h>

#include "../lib/berth.h"
#include "../lib/emit.h"

enum opt_type {
	OPT_FLAG,   /* --name */
	OPT_VALUE,  /* --name VALUE, the last one wins */
	OPT_REPEAT, /* --name VALUE, every one kept in order */
};

struct opt {
	const char *name;
	enum opt_type type;
	const char *arg;  /* what VALUE is, for --help */
	const char *help; /* one line */
};

typedef struct {
	int set;
	const char *value;
	const char **values; /* OPT_REPEAT */
	size_t n;
} optval;

/* Whether a verb changes the store. A reading verb opens it read-only: it
 * works on a store nobody can write, and cannot write by mistake. A
 * writing verb takes the writer's lock, and is refused on a read-only
 * store. A verb whose options decide (expire --dry-run) says which with
 * verb_writes() before it opens the store. Every verb and sub-verb says
 * one of these; run_verb refuses one that says none. */
struct view; /* common-columns.h */

enum verb_mode { VERB_UNSAID, VERB_READS, VERB_WRITES, VERB_BY_OPTION };

/* A verb: name, the function that runs it, one line of summary, the
 * operands it takes for the usage line, its options, and its mode (a verb
 * with sub-verbs has none of its own: each sub-verb has one). */
struct verb {
	const char *name;
	int (*run)(const struct verb *v, int argc, char **argv);
	const char *summary;
	const char *operands;
	const struct opt *opts; /* ends with {NULL} */
	enum verb_mode mode;
	const struct verb *subs; /* sub-verbs (resource add ...), ends {NULL} */
	const struct view *view; /* the records it prints, for --columns */
	/* For a verb whose options choose its records (list --holds,
	 * availability --seats): the view they choose, instead of `view`. */
	const struct view *(*view_of)(const optval *vals);
	/* A format beyond the five every verb writes (ics for list and
	 * slots, svg for report), or 0: kept on the verb, so that opt.c
	 * names no verb and links without them (the fuzzers do). */
	int draws;
};

/* The global options and what they set. */
struct globals {
	const char *db;
	emit_format format;
	int yaml; /* --format yaml: export's own, refused by other verbs */
	int format_set; /* given (--format, BERTH_FORMAT): not the default */
	int format_defaulted; /* the verb's own default (out_default) */
	const char *actor;
	berth_role role;
	int role_set;
	civil_time now;
	int now_set;
	int quiet, verbose;
	const char *prog; /* "berth resource add", for messages */
	int writes;	  /* the running verb writes: 1, reads: 0, unsaid: -1 */
	const char *columns;	 /* --columns, -o: checked by view_use */
	const struct view *view; /* what the running verb prints */
};
extern struct globals G;

/* Reads BERTH_* from the environment into G. */
berth_status globals_from_env(void);
/* Parses one global option (name without dashes); 1 when it was one. */
int global_option(const char *name, const char *value, berth_status *st);

/* Parses argv (argv[0] is the verb) against v->opts and the globals.
 * vals has one slot per entry of v->opts. Operands are moved to the front
 * of argv+1 and counted in *nargs. --help prints usage and sets *done;
 * --list-opts prints the option names and sets *done; so does
 * --list-columns, with the names of the columns the verb would print
 * (after reading the other options, which may choose them). Otherwise the
 * verb's view is checked against --columns (view_use). */
berth_status opt_parse(const struct verb *v, int argc, char **argv,
		       optval *vals, int *nargs, int *done);
size_t opt_count(const struct opt *opts);
void opt_usage(const struct verb *v, FILE *out);
void opt_list(const struct verb *v, FILE *out);

#endif
