#include "opt.h"
#include "common-columns.h"
#include "verbs.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

struct globals G;

static const struct opt globals_table[] = {
	{"db", OPT_VALUE, "DIR", "the store (BERTH_DB)"},
	{"format", OPT_VALUE, "FMT", "table, json, jsonl, csv, tsv; list, slots: ics; report: svg; export: yaml (BERTH_FORMAT)"},
	{"as", OPT_VALUE, "ACTOR", "who acts, for the audit log (BERTH_ACTOR)"},
	{"role", OPT_VALUE, "ROLE", "customer, staff, admin or system (BERTH_ROLE)"},
	{"now", OPT_VALUE, "TIME", "the clock, for tests and replays (BERTH_NOW)"},
	{"columns", OPT_VALUE, "LIST", "the fields a table shows, or all (-o)"},
	{"quiet", OPT_FLAG, NULL, "print nothing on success (-q)"},
	{"verbose", OPT_FLAG, NULL, "say more on stderr (-v)"},
	{"help", OPT_FLAG, NULL, "show this help"},
	{NULL, 0, NULL, NULL},
};

size_t opt_count(const struct opt *opts)
{
	size_t n = 0;

	while (opts && opts[n].name)
		n++;
	return n;
}

int global_option(const char *name, const char *value, berth_status *st)
{
	*st = BERTH_OK;
	if (strcmp(name, "db") == 0) {
		if (!*value)
			*st = berth_detail_option(
			    berth_fail(BERTH_INVALID_ARGUMENT,
				       "--db needs a directory"),
			    "--db", value);
		G.db = value;
	} else if (strcmp(name, "format") == 0) {
		/* yaml is export's alone (the catalogue file, berth(5)): no
		 * emitter prints records as YAML. opt_parse refuses it for
		 * the others; a failure is then reported as in table. */
		G.yaml = strcmp(value, "yaml") == 0;
		G.format_set = 1;
		if (G.yaml)
			G.format = FORMAT_TABLE;
		else if (emit_parse_format(value, &G.format))
			*st = berth_detail_option(
			    berth_fail(BERTH_INVALID_ARGUMENT,
				       "unknown format '%.40s' (table, json, "
				       "jsonl, csv, tsv; list and slots: ics; "
				       "report: svg)",
				       value),
			    "--format", value);
	} else if (strcmp(name, "as") == 0) {
		if (!(*st = berth_check_text("--as", value)) && !*value)
			*st = berth_detail_option(
			    berth_fail(BERTH_INVALID_ARGUMENT,
				       "--as needs a name"),
			    "--as", value);
		G.actor = value;
	} else if (strcmp(name, "role") == 0) {
		if (berth_role_parse(value, &G.role))
			*st = berth_detail_option(
			    berth_fail(BERTH_INVALID_ARGUMENT,
				       "unknown role '%.40s' (customer, "
				       "staff, admin, system)",
				       value),
			    "--role", value);
		G.role_set = 1;
	} else if (strcmp(name, "now") == 0) {
		if ((*st = clock_parse(value, &G.now)))
			berth_detail_option(*st, "--now", value);
		G.now_set = 1;
	} else if (strcmp(name, "columns") == 0) {
		G.columns = value; /* checked against the verb's view */
	} else if (strcmp(name, "quiet") == 0) {
		G.quiet = 1;
	} else if (strcmp(name, "verbose") == 0) {
		G.verbose = 1;
	} else {
		return 0;
	}
	return 1;
}

berth_status globals_from_env(void)
{
	static const struct {
		const char *env, *opt;
	} map[] = {{"BERTH_DB", "db"},	   {"BERTH_FORMAT", "format"},
		   {"BERTH_ACTOR", "as"},  {"BERTH_ROLE", "role"},
		   {"BERTH_NOW", "now"}};
	berth_status st;

	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		const char *v = getenv(map[i].env);
		if (v && *v && global_option(map[i].opt, v, &st) && st) {
			char option[16];
			berth_fail(st, "%s: %s", map[i].env, berth_message());
			snprintf(option, sizeof option, "--%s", map[i].opt);
			berth_detail_str("option", option);
			berth_detail_str("variable", map[i].env);
			berth_detail_str("value", v);
			return st;
		}
	}
	return BERTH_OK;
}

void opt_usage(const struct verb *v, FILE *out)
{
	const struct opt *tables[2] = {v->opts, globals_table};

	fprintf(out, "usage: %s%s%s%s\n", G.prog, v->operands ? " " : "",
		v->operands ? v->operands : "", " [options]");
	fprintf(out, "%s\n", v->summary);
	/* A verb that also has commands (audit verify) names them. */
	if (v->subs) {
		fprintf(out, "\ncommands:\n");
		for (const struct verb *s = v->subs; s->name; s++)
			fprintf(out, "  %-24s %s\n", s->name, s->summary);
	}
	for (int t = 0; t < 2; t++) {
		const struct opt *o = tables[t];
		if (!opt_count(o))
			continue;
		fprintf(out, "\n%s:\n", t ? "global options" : "options");
		for (; o->name; o++) {
			char left[64];
			snprintf(left, sizeof left, "--%s%s%s", o->name,
				 o->arg ? " " : "", o->arg ? o->arg : "");
			fprintf(out, "  %-24s %s%s\n", left, o->help,
				o->type == OPT_REPEAT ? " (repeatable)" : "");
		}
	}
	/* "berth resource add" documents in berth-resource(1). */
	{
		const char *page = G.prog + (strncmp(G.prog, "berth ", 6) ? 0 : 6);
		size_t n = strcspn(page, " ");
		fprintf(out, "\nSee berth-%.*s(1).\n", (int)n, page);
	}
}

void opt_list(const struct verb *v, FILE *out)
{
	for (const struct opt *o = v->opts; o && o->name; o++)
		fprintf(out, "--%s\n", o->name);
	for (const struct opt *o = globals_table; o->name; o++)
		fprintf(out, "--%s\n", o->name);
}

berth_status opt_parse(const struct verb *v, int argc, char **argv,
		       optval *vals, int *nargs, int *done)
{
	size_t nv = opt_count(v->opts), ng = opt_count(globals_table);
	struct option *lo = calloc(nv + ng + 3, sizeof *lo);
	const struct view *view;
	berth_status st = BERTH_OK;
	int c, idx, list_columns = 0;

	*done = 0;
	*nargs = 0;
	/* Before any return: callers opt_free(vals) whatever the status. */
	if (nv)
		memset(vals, 0, nv * sizeof *vals);
	if (!lo)
		return berth_fail(BERTH_INTERNAL, "out of memory");
	for (size_t i = 0; i < nv; i++)
		lo[i] = (struct option){v->opts[i].name,
					v->opts[i].type == OPT_FLAG ? no_argument
								    : required_argument,
					NULL, (int)(1000 + i)};
	for (size_t i = 0; i < ng; i++)
		lo[nv + i] = (struct option){globals_table[i].name,
					     globals_table[i].type == OPT_FLAG
						     ? no_argument
						     : required_argument,
					     NULL, (int)(2000 + i)};
	lo[nv + ng] = (struct option){"list-opts", no_argument, NULL, 3000};
	lo[nv + ng + 1] =
	    (struct option){"list-columns", no_argument, NULL, 3001};

	/* Our own messages, one line with the SPEC code, not getopt's. */
	opterr = 0;
	/* 0, not 1: glibc (and musl and the BSDs) then start afresh. With 1,
	 * glibc goes on from where the last call stopped inside a cluster of
	 * short options (-zq refused at z leaves it at q, in the old argv),
	 * so a second opt_parse in one process would read freed memory and
	 * parse differently: found by the fuzz harness, which parses many
	 * argument vectors in one process
	 * (tests/fuzz/regress/opt_fuzz/getopt-stale-cluster). */
	optind = 0;
	while ((c = getopt_long(argc, argv, "-:qvho:", lo, &idx)) != -1) {
		if (c == 1) { /* an operand, in order */
			argv[1 + (*nargs)++] = optarg;
		} else if (c == 'q') {
			G.quiet = 1;
		} else if (c == 'v') {
			G.verbose = 1;
		} else if (c == 'o') {
			G.columns = optarg;
		} else if (c == 'h' || (c >= 2000 && c < 3000 &&
				       strcmp(globals_table[c - 2000].name,
					      "help") == 0)) {
			opt_usage(v, stdout);
			*done = 1;
			break;
		} else if (c == 3000) {
			opt_list(v, stdout);
			*done = 1;
			break;
		} else if (c == 3001) {
			/* Answered once every option is read: they may
			 * choose the records (list --holds). */
			list_columns = 1;
		} else if (c >= 2000) {
			global_option(globals_table[c - 2000].name, optarg, &st);
			if (st)
				break;
		} else if (c >= 1000) {
			optval *o = &vals[c - 1000];
			if (v->opts[c - 1000].type == OPT_REPEAT) {
				const char **nvs = realloc(
					o->values, (o->n + 1) * sizeof *nvs);
				if (!nvs) {
					st = berth_fail(BERTH_INTERNAL,
							"out of memory");
					break;
				}
				o->values = nvs;
				o->values[o->n++] = optarg;
			}
			o->set = 1;
			o->value = optarg;
		} else if (c == ':') {
			st = berth_detail_option(
			    berth_fail(BERTH_INVALID_ARGUMENT,
				       "option '%.60s' needs a value",
				       argv[optind - 1]),
			    argv[optind - 1], NULL);
			break;
		} else if (optopt != 0 && optopt < 1000) {
			/* A short option: inside a cluster (-qz) optind has
			 * not moved past the word yet, so argv[optind - 1] is
			 * the word before it; name the letter (glibc gives a
			 * byte of a multibyte letter as a negative char). */
			unsigned char b = (unsigned char)optopt;
			if (b > ' ' && b < 0x7f) {
				char name[3] = {'-', (char)b, '\0'};
				st = berth_detail_option(
				    berth_fail(BERTH_INVALID_ARGUMENT,
					       "unknown option '-%c' (see %s "
					       "--help)",
					       b, G.prog),
				    name, NULL);
			} else
				st = berth_fail(BERTH_INVALID_ARGUMENT,
						"unknown option: byte 0x%02x "
						"after '-' (see %s --help)",
						b, G.prog);
			break;
		} else {
			/* --name=value names the option without the value. */
			const char *word = argv[optind - 1];
			char name[64];
			snprintf(name, sizeof name, "%.*s",
				 (int)strcspn(word, "="), word);
			st = berth_detail_option(
			    berth_fail(BERTH_INVALID_ARGUMENT,
				       "unknown option '%.60s' (see %s --help)",
				       word, G.prog),
			    name, NULL);
			break;
		}
	}
	/* What follows `--` is operands. */
	while (!st && !*done && optind < argc)
		argv[1 + (*nargs)++] = argv[optind++];
	view = v->view_of ? v->view_of(vals) : v->view;
	/* yaml is the catalogue file's format: only the verb that prints
	 * the catalogue (export) takes it, before or after its name. */
	if (!st && !*done && G.yaml && view != &view_export)
		st = berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "--format yaml is for export only (table, json, "
			       "jsonl, csv, tsv)"),
		    "--format", "yaml");
	/* ics and svg are not records in rows: only the verbs that draw
	 * them take them. */
	if (!st && !*done &&
	    (G.format == FORMAT_ICS || G.format == FORMAT_SVG) &&
	    (int)G.format != v->draws)
		st = berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT, "--format %s is for %s only",
			       G.format == FORMAT_ICS ? "ics" : "svg",
			       G.format == FORMAT_ICS ? "list and slots"
						      : "report"),
		    "--format", G.format == FORMAT_ICS ? "ics" : "svg");
	if (!st && !*done && list_columns) {
		view_list(view, stdout);
		*done = 1;
	} else if (!st && !*done) {
		st = view_use(view);
	}
	free(lo);
	return st;
}
