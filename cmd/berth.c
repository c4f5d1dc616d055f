/* berth.c - main: the global options, the table of verbs, plugins from
 * PATH, `help` and the one place where a status becomes an exit code. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "verbs.h"

#ifndef BERTH_VERSION
#define BERTH_VERSION "0.1.0"
#endif

static const struct verb *const verbs[] = {
	&verb_init,    &verb_resource, &verb_policy,	   &verb_lock,
	&verb_release, &verb_confirm,  &verb_book,	   &verb_cancel,
	&verb_reschedule, &verb_pay, &verb_checkin, &verb_noshow, &verb_show,     &verb_list,	   &verb_availability, &verb_slots,
	&verb_expire,  &verb_check,    &verb_stats,	   &verb_audit,
	&verb_backup,  &verb_restore,  &verb_upgrade, &verb_hours,
	&verb_holiday, &verb_timeoff, &verb_service, &verb_customer, &verb_apply,
	&verb_export,  &verb_import,  &verb_events,  &verb_notify,
	&verb_report,  &verb_waitlist,
};
#define NVERBS (sizeof verbs / sizeof verbs[0])

int fail(berth_status st)
{
	const char *msg = berth_message();
	berth_details d = berth_details_get();

	/* The details belong to the last failure only when it is this one
	 * (a status passed on without its own berth_fail has none). */
	if (berth_last() != st)
		d.n = 0;
	/* A verb's default format is for its records; errors stay text
	 * unless a format was asked for. */
	emit_error(G.format_defaulted ? FORMAT_TABLE : G.format, stderr,
		   berth_status_name(st),
		   *msg ? msg : berth_status_name(st), &d);
	berth_clear();
	return berth_status_exit(st);
}

/* Runs a verb that has no sub-verbs, opening the store as it says. A verb
 * whose options decide says so itself (verb_writes), which also sees to
 * SIGPIPE for it. */
static int run_leaf(const struct verb *v, int argc, char **argv)
{
	if (v->mode == VERB_UNSAID)
		return fail(berth_fail(BERTH_INTERNAL,
				       "%s does not say whether it writes the "
				       "store (a bug)",
				       G.prog));
	G.writes = v->mode == VERB_BY_OPTION ? -1 : v->mode == VERB_WRITES;
	if (v->mode == VERB_WRITES)
		keep_writing_on_epipe();
	return v->run(v, argc, argv);
}

static int sub_named(const struct verb *v, const char *name)
{
	for (const struct verb *s = v->subs; s->name; s++)
		if (strcmp(s->name, name) == 0)
			return 1;
	return 0;
}

/* A verb with sub-verbs (resource add) hands over to the one named next. */
static int run_sub(const struct verb *v, int argc, char **argv)
{
	static char prog[128];

	if (argc < 2 || argv[1][0] == '-') {
		if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
				  strcmp(argv[1], "-h") == 0)) {
			printf("usage: berth %s COMMAND [options]\n%s\n\n", v->name,
			       v->summary);
			for (const struct verb *s = v->subs; s->name; s++)
				printf("  %-8s %s\n", s->name, s->summary);
			printf("\nSee berth-%s(1).\n", v->name);
			return 0;
		}
		if (argc >= 2 && strcmp(argv[1], "--list-cmds") == 0) {
			for (const struct verb *s = v->subs; s->name; s++)
				printf("%s\n", s->name);
			return 0;
		}
		return fail(berth_fail(BERTH_INVALID_ARGUMENT,
				       "berth %s needs a command (see berth %s "
				       "--help)",
				       v->name, v->name));
	}
	for (const struct verb *s = v->subs; s->name; s++)
		if (strcmp(s->name, argv[1]) == 0) {
			snprintf(prog, sizeof prog, "berth %s %s", v->name,
				 s->name);
			G.prog = prog;
			return run_leaf(s, argc - 1, argv + 1);
		}
	return fail(berth_fail(BERTH_INVALID_ARGUMENT,
			       "berth %s: unknown command '%.40s'", v->name,
			       argv[1]));
}

int run_verb(const struct verb *v, int argc, char **argv)
{
	static char prog[64];

	snprintf(prog, sizeof prog, "berth %s", v->name);
	G.prog = prog;
	/* A verb with sub-verbs and a run of its own (audit ID, audit
	 * verify) runs its own unless a sub-verb is named. */
	if (v->subs && (!v->run || (argc >= 2 && (sub_named(v, argv[1]) ||
						  !strcmp(argv[1],
							  "--list-cmds")))))
		return run_sub(v, argc, argv);
	return run_leaf(v, argc, argv);
}

/* berth-VERB from PATH, like git: plugins extend the verb set. Returns
 * only when it could not run: -1 when there is no such plugin. */
static int run_plugin(char **argv)
{
	char name[256];
	char *verb = argv[0];

	if (snprintf(name, sizeof name, "berth-%s", verb) >= (int)sizeof name ||
	    strchr(verb, '/'))
		return -1;
	argv[0] = name;
	execvp(name, argv);
	argv[0] = verb;
	return errno == ENOENT ? -1 : 0;
}

/* The man pages next to a build-tree binary (../man or ./man), so `help`
 * works before `make install`. */
static int build_tree_page(const char *page, char *out, size_t size)
{
	char exe[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	struct stat st;

	if (n <= 0)
		return 0;
	exe[n] = '\0';
	if (!(slash = strrchr(exe, '/')))
		return 0;
	*slash = '\0';
	snprintf(out, size, "%s/man/%s.1", exe, page);
	if (stat(out, &st) == 0)
		return 1;
	snprintf(out, size, "%s/../man/%s.1", exe, page);
	return stat(out, &st) == 0;
}

/* Not on a terminal, man's output passes through us: man ignores a full
 * disk or a closed pipe, and a command that exits 0 must have said what it
 * did. Returns man's exit status, or 1 when it could not run. */
static int man_to_stdout(const char *a, const char *b)
{
	char buf[8192];
	int fd[2], status;
	ssize_t n;
	pid_t pid;

	if (pipe(fd))
		return 1;
	if ((pid = fork()) < 0) {
		close(fd[0]);
		close(fd[1]);
		return 1;
	}
	if (pid == 0) {
		dup2(fd[1], STDOUT_FILENO);
		close(fd[0]);
		close(fd[1]);
		execlp("man", "man", a, b, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	while ((n = read(fd[0], buf, sizeof buf)) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	close(fd[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return 1;
	return WEXITSTATUS(status);
}

/* The list of commands: the answer to --help on stdout, and on stderr the
 * reply to a bare `berth`, which named nothing to do. */
static void usage(FILE *out)
{
	fprintf(out, "usage: berth [--db DIR] [--format FMT] [--as ACTOR] "
		     "[--role ROLE] [--now TIME] [-q] [-v] COMMAND [ARGS]\n\n");
	for (size_t i = 0; i < NVERBS; i++)
		fprintf(out, "  %-13s %s\n", verbs[i]->name, verbs[i]->summary);
	fprintf(out, "\n'berth help COMMAND' shows a command's manual; "
		     "'berth COMMAND --help' its options.\n");
}

static int help(int argc, char **argv)
{
	char page[96], path[PATH_MAX + 128];
	const struct verb *v = NULL;

	if (argc < 2) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < NVERBS; i++)
		if (strcmp(verbs[i]->name, argv[1]) == 0)
			v = verbs[i];
	if (!v && strcmp(argv[1], "berth"))
		return fail(berth_fail(BERTH_INVALID_ARGUMENT,
				       "no command '%.40s' (see berth help)",
				       argv[1]));
	snprintf(page, sizeof page, v ? "berth-%s" : "berth", argv[1]);
	fflush(stdout);
	if (build_tree_page(page, path, sizeof path)) {
		if (!isatty(STDOUT_FILENO)) {
			if (man_to_stdout("-l", path) == 0)
				return 0;
		} else {
			execlp("man", "man", "-l", path, (char *)NULL);
		}
	} else if (!isatty(STDOUT_FILENO)) {
		if (man_to_stdout(page, NULL) == 0)
			return 0;
	} else {
		/* Installed pages; when man is missing or has no page, the
		 * built-in help still says the essentials. */
		pid_t pid = fork();
		int status;
		if (pid == 0) {
			execlp("man", "man", page, (char *)NULL);
			_exit(127);
		}
		if (pid > 0 && waitpid(pid, &status, 0) == pid &&
		    WIFEXITED(status) && WEXITSTATUS(status) == 0)
			return 0;
	}
	if (v) {
		char *av[] = {(char *)v->name, "--help", NULL};
		return run_verb(v, 2, av);
	}
	return help(1, argv);
}

/* A command that exits 0 has said what it did: a full disk or a closed
 * pipe on stdout is a failure, never a silent success; after a write's
 * commit, a failure of its own kind (see committed()). */
static int finish(int rc)
{
	if ((fflush(stdout) || ferror(stdout) || fclose(stdout)) && rc == 0)
		rc = fail(output_failed());
	return rc;
}

/* A standard descriptor that came closed would be the next file opened,
 * the store's among them, and a message for stderr would be written over
 * data.mdb. Each is held by /dev/null opened the wrong way round, so using
 * it still fails as a closed one does (EBADF) and is reported as before. */
static void hold_std_fds(void)
{
	for (int fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF &&
		    open("/dev/null", fd ? O_RDONLY : O_WRONLY) < 0)
			_exit(1); /* cannot make it safe: touch nothing */
}

/* A word of short global options before the verb, read as getopt reads
 * them: a cluster of flags (-qv), and -o taking the rest of the word as
 * its value (-oid) or, at the word's end, the next word (-o id). *i is
 * left on the last word used; *help is set by -h. */
static berth_status short_globals(int argc, char **argv, int *i, int *help)
{
	const char *p = argv[*i] + 1;

	for (; *p; p++) {
		if (*p == 'q') {
			G.quiet = 1;
		} else if (*p == 'v') {
			G.verbose = 1;
		} else if (*p == 'h') {
			*help = 1;
		} else if (*p == 'o') { /* like ps -o */
			if (p[1]) {
				G.columns = p + 1;
			} else if (*i + 1 < argc) {
				G.columns = argv[++*i];
			} else {
				return berth_detail_option(
				    berth_fail(BERTH_INVALID_ARGUMENT,
					       "option '-o' needs a value"),
				    "-o", NULL);
			}
			return BERTH_OK;
		} else {
			unsigned char b = (unsigned char)*p;
			char name[3] = {'-', (char)b, '\0'};

			if (b <= ' ' || b >= 0x7f)
				return berth_fail(BERTH_INVALID_ARGUMENT,
						  "unknown option: byte 0x%02x "
						  "after '-' (see berth --help)",
						  b);
			return berth_detail_option(
			    berth_fail(BERTH_INVALID_ARGUMENT,
				       "unknown option '%s' (see berth --help)",
				       name),
			    name, NULL);
		}
	}
	return BERTH_OK;
}

int main(int argc, char **argv)
{
	berth_status st;
	int i;

	hold_std_fds();
	G.format = FORMAT_TABLE;
	G.prog = "berth";
	if ((st = globals_from_env()))
		return finish(fail(st));

	/* Global options before the verb. */
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i], *name, *eq;
		char buf[32];
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (strcmp(a, "--version") == 0) {
			printf("berth %s\n", BERTH_VERSION);
			return finish(0);
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			return finish(help(1, argv));
		if (strcmp(a, "--list-cmds") == 0) {
			for (size_t j = 0; j < NVERBS; j++)
				printf("%s\n", verbs[j]->name);
			printf("help\n");
			return finish(0);
		}
		if (a[1] != '-') {
			int want_help = 0;

			if ((st = short_globals(argc, argv, &i, &want_help)))
				return finish(fail(st));
			if (want_help)
				return finish(help(1, argv));
			continue;
		}
		name = a + 2;
		eq = strchr(name, '=');
		if (eq) {
			if ((size_t)(eq - name) >= sizeof buf)
				goto unknown;
			memcpy(buf, name, (size_t)(eq - name));
			buf[eq - name] = '\0';
			name = buf;
		}
		if (strcmp(name, "quiet") == 0 || strcmp(name, "verbose") == 0) {
			if (eq)
				return finish(fail(berth_detail_option(
				    berth_fail(BERTH_INVALID_ARGUMENT,
					       "option '--%s' takes no value",
					       name),
				    a, NULL)));
			global_option(name, "", &st);
			continue;
		}
		if (!eq && i + 1 >= argc)
			return finish(fail(berth_detail_option(
			    berth_fail(BERTH_INVALID_ARGUMENT,
				       "option '%s' needs a value", a),
			    a, NULL)));
		if (!global_option(name, eq ? eq + 1 : argv[++i], &st))
			goto unknown;
		if (st)
			return finish(fail(st));
	}
	/* No command is a usage error, as git has it: a script that lost its
	 * verb must not read success. */
	if (i >= argc) {
		usage(stderr);
		return finish(2);
	}
	argc -= i;
	argv += i;
	if (strcmp(argv[0], "help") == 0)
		return finish(help(argc, argv));
	for (size_t j = 0; j < NVERBS; j++)
		if (strcmp(verbs[j]->name, argv[0]) == 0)
			return finish(run_verb(verbs[j], argc, argv));
	if (run_plugin(argv) < 0)
		return finish(fail(berth_fail(BERTH_INVALID_ARGUMENT,
					      "'%.40s' is not a berth command "
					      "(see berth help)",
					      argv[0])));
	/* Found but not runnable: 126, as the shell says it. */
	fail(berth_fail(BERTH_PERMISSION, "cannot run berth-%s: %s", argv[0],
			strerror(errno)));
	return finish(126);
unknown:
	return finish(fail(berth_fail(BERTH_INVALID_ARGUMENT,
				      "unknown option '%.60s' (see berth "
				      "--help)",
				      argv[i])));
}
