/* notify.c - berth notify: delivers each event to the user's own command,
 * at least once. A pass takes a batch of due events under a lease (a
 * short write transaction), runs the command for each with no
 * transaction open (the event's JSON on stdin, BERTH_EVENT_ID, _TYPE and
 * _ATTEMPT in its environment, a timeout), and records the results in
 * another. Without --once it runs on, waking when the store changes or a
 * retry falls due; SIGTERM or SIGINT lets the attempt in flight finish.
 * DECISIONS.md: everything after --exec is the command. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common-columns.h"
#include "common-events.h"
#include "common.h"
#include "verbs.h"

enum { O_NAME, O_TYPE, O_MAX, O_TIMEOUT, O_ONCE, O_EXEC, O_COUNT };
static const struct opt opts[] = {
	{"name", OPT_VALUE, "NAME",
	 "the notifier: its own cursor and attempts (default)"},
	{"type", OPT_REPEAT, "TYPE",
	 "only events of this type (booking.created, booking.*); repeatable"},
	{"max-attempts", OPT_VALUE, "N",
	 "give an event up as dead after N failures (default 15)"},
	{"timeout", OPT_VALUE, "DUR",
	 "the most one attempt may take (default 30s)"},
	{"once", OPT_FLAG, NULL,
	 "one pass over what is due, then exit (for cron)"},
	{"exec", OPT_VALUE, "CMD [ARG...]",
	 "the command, run without a shell: everything after --exec"},
	{NULL, 0, NULL, NULL},
};

#define BATCH 32
#define BACKOFF_CAP 3600
#define ERROR_MAX 200

struct taken {
	uint64_t seq;
	char *type, *entity, *json;
	size_t json_len;
	unsigned attempt;
};

struct pass {
	berth_take_req req;
	struct taken t[BATCH];
	size_t n;
	berth_attempt a[BATCH];
	char errors[BATCH][ERROR_MAX + 1];
	unsigned max_attempts;
	const char *zone;
	btime now; /* the take's */
	int failed; /* memory ran out describing an event */
};

static volatile sig_atomic_t stopping;
static void on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

static void pass_free(struct pass *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->t[i].type);
		free(p->t[i].entity);
		free(p->t[i].json);
	}
	p->n = 0;
}

/* Each event taken, as the JSON line its command reads: copied out of
 * the transaction, which ends before the command runs. */
static int keep(const berth_event *ev, void *arg)
{
	struct pass *p = arg;
	struct taken *k = &p->t[p->n];
	FILE *f;
	emitter *e;

	memset(k, 0, sizeof *k);
	if (!(f = open_memstream(&k->json, &k->json_len))) {
		p->failed = 1;
		return 1;
	}
	e = emit_open(FORMAT_JSONL, f, 0);
	describe_event(e, ev, p->zone, NULL);
	emit_close(e);
	fclose(f);
	k->seq = ev->seq;
	k->type = strdup(ev->type);
	k->entity = strdup(ev->entity);
	k->attempt = ev->attempt;
	p->n++;
	if (!k->json || !k->type || !k->entity) {
		p->failed = 1;
		return 1;
	}
	return 0;
}

static berth_status take_txn(berth_txn *t, void *arg)
{
	struct pass *p = arg;

	pass_free(p);
	p->zone = berth_zone(t);
	return berth_notify_take(t, &p->req, keep, p);
}

static berth_status settle_txn(berth_txn *t, void *arg)
{
	struct pass *p = arg;

	return berth_notify_settle(t, p->req.name, p->req.owner, p->a, p->n,
				   p->max_attempts, BACKOFF_CAP);
}

/* The first line of what the command said on stderr, as a stored text
 * may be: printable, valid UTF-8, or else ASCII with the rest as '?'. */
static void first_line(char *s)
{
	s[strcspn(s, "\r\n")] = '\0';
	if (berth_check_text("error", s) == BERTH_OK)
		return;
	berth_clear();
	for (char *c = s; *c; c++)
		if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f)
			*c = '?';
}

static long long ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void child(char **cmd, int in, int err, const struct taken *k)
{
	char n[24];

	/* Its own process group, so that a timeout stops all it started. */
	setpgid(0, 0);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	/* Its stdout joins our stderr: our stdout is the attempts' record. */
	if (dup2(in, 0) < 0 || dup2(2, 1) < 0 || dup2(err, 2) < 0)
		_exit(127);
	snprintf(n, sizeof n, "%llu", (unsigned long long)k->seq);
	setenv("BERTH_EVENT_ID", n, 1);
	setenv("BERTH_EVENT_TYPE", k->type, 1);
	snprintf(n, sizeof n, "%u", k->attempt);
	setenv("BERTH_EVENT_ATTEMPT", n, 1);
	execvp(cmd[0], cmd);
	dprintf(2, "cannot run %s: %s\n", cmd[0], strerror(errno));
	_exit(127);
}

/* One attempt: 1 when the command exited 0 within the timeout. */
/* Wait for the command to end, up to the deadline: 1 when it did (its
 * status in *status), 0 when the deadline came first. A command usually
 * ends a moment after it closes stderr; sleeping a fixed 10 ms to see it
 * would cost more than the fork and exec themselves (10,000 events took
 * 80 s that way), so poll the process's pidfd, which wakes as it exits,
 * or without one (kernels before 5.3) sleep 0.1 ms at first, doubling. */
static int reap(pid_t pid, long long deadline, int *status)
{
	int pfd = (int)syscall(SYS_pidfd_open, pid, 0), nap_us = 100, ended = 0;

	for (;;) {
		pid_t w = waitpid(pid, status, WNOHANG);
		long long left = deadline - ms_now();

		if (w == pid || (w < 0 && errno != EINTR)) {
			ended = 1;
			break;
		}
		if (left <= 0)
			break;
		if (pfd >= 0) {
			struct pollfd f = {pfd, POLLIN, 0};
			poll(&f, 1, (int)(left > 1000 ? 1000 : left));
		} else {
			struct timespec ts = {0, (long)nap_us * 1000};
			nanosleep(&ts, NULL);
			if (nap_us < 10000)
				nap_us *= 2;
		}
	}
	if (pfd >= 0)
		close(pfd);
	return ended;
}

static int deliver(char **cmd, const struct taken *k, int timeout,
		   berth_attempt *a, char *error)
{
	int in[2], err[2], status = 0, timed_out = 0, out_open = 1,
	    err_open = 1;
	size_t sent = 0, got = 0;
	long long deadline = ms_now() + (long long)timeout * 1000;
	pid_t pid;

	error[0] = '\0';
	if (pipe2(in, O_CLOEXEC) < 0)
		goto cannot;
	if (pipe2(err, O_CLOEXEC) < 0) {
		close(in[0]);
		close(in[1]);
		goto cannot;
	}
	if ((pid = fork()) < 0) {
		close(in[0]);
		close(in[1]);
		close(err[0]);
		close(err[1]);
		goto cannot;
	}
	if (pid == 0)
		child(cmd, in[0], err[1], k);
	setpgid(pid, pid);
	close(in[0]);
	close(err[1]);
	fcntl(in[1], F_SETFL, O_NONBLOCK);
	fcntl(err[0], F_SETFL, O_NONBLOCK);
	/* Feed stdin and read stderr together, so that neither side waits
	 * on a full pipe; keep the first line, drop the rest. */
	while (err_open) {
		struct pollfd fds[2] = {{err[0], POLLIN, 0},
					{out_open ? in[1] : -1, POLLOUT, 0}};
		long long left = deadline - ms_now();
		char buf[512];
		ssize_t r;

		if (left <= 0) {
			timed_out = 1;
			break;
		}
		if (poll(fds, 2, (int)(left > 1000 ? 1000 : left)) < 0 &&
		    errno != EINTR)
			break;
		if (out_open && fds[1].revents) {
			r = write(in[1], k->json + sent, k->json_len - sent);
			if (r > 0)
				sent += (size_t)r;
			if ((r < 0 && errno != EAGAIN) || sent == k->json_len) {
				close(in[1]);
				out_open = 0;
			}
		}
		if (fds[0].revents) {
			r = read(err[0], buf, sizeof buf);
			if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR))
				err_open = 0;
			else if (r > 0 && got < ERROR_MAX &&
				 !memchr(error, '\n', got)) {
				size_t n = (size_t)r < ERROR_MAX - got
					       ? (size_t)r
					       : ERROR_MAX - got;
				memcpy(error + got, buf, n);
				got += n;
				error[got] = '\0';
			}
		}
	}
	close(err[0]);
	if (out_open)
		close(in[1]);
	/* stderr closed: the command is ending. Wait for it, up to the
	 * deadline, then stop its whole group. */
	if (!timed_out)
		timed_out = !reap(pid, deadline, &status);
	if (timed_out) {
		kill(-pid, SIGTERM);
		for (int i = 0; i < 200 && waitpid(pid, &status, WNOHANG) == 0;
		     i++)
			poll(NULL, 0, 10);
		kill(-pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		a->exit = -1;
		snprintf(error, ERROR_MAX + 1, "timed out after %ds", timeout);
		return 0;
	}
	first_line(error);
	if (WIFEXITED(status)) {
		a->exit = WEXITSTATUS(status);
		return a->exit == 0;
	}
	a->exit = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
	if (!error[0])
		snprintf(error, ERROR_MAX + 1, "killed by signal %d",
			 WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return 0;
cannot:
	a->exit = -1;
	snprintf(error, ERROR_MAX + 1, "cannot start: %s", strerror(errno));
	return 0;
}

static void describe_attempt(emitter *e, const struct taken *k,
			     const berth_attempt *a, const char *zone)
{
	static const char *const result[] = {
	    [BERTH_DELIVERY_PENDING] = "failed",
	    [BERTH_DELIVERY_DELIVERED] = "delivered",
	    [BERTH_DELIVERY_DEAD] = "dead",
	};

	emit_record_begin(e);
	emit_int(e, "seq", (int64_t)k->seq);
	emit_str(e, "type", k->type);
	emit_str(e, "entity", k->entity);
	emit_int(e, "attempt", k->attempt);
	emit_str(e, "result", result[a->status]);
	emit_int(e, "exit", a->exit);
	emit_str(e, "error", a->error && *a->error ? a->error : NULL);
	if (a->status == BERTH_DELIVERY_PENDING) {
		emit_time(e, "next_at", a->next_at, zone);
	} else {
		emit_key(e, "next_at");
		emit_null(e);
	}
	emit_record_end(e);
}

/* Whether CMD can be run at all: refused up front, with nothing taken,
 * rather than giving every event up after max attempts. */
static berth_status runnable(const char *cmd)
{
	const char *path = getenv("PATH");
	char buf[4096];

	if (strchr(cmd, '/'))
		goto check;
	for (const char *p = path ? path : "/usr/bin:/bin"; p;) {
		const char *end = strchr(p, ':');
		int n = end ? (int)(end - p) : (int)strlen(p);
		snprintf(buf, sizeof buf, "%.*s/%s", n, n ? p : ".", cmd);
		if (access(buf, X_OK) == 0)
			return BERTH_OK;
		p = end ? end + 1 : NULL;
	}
	goto refuse;
check:
	if (access(cmd, X_OK) == 0) {
		struct stat sb;
		if (stat(cmd, &sb) == 0 && !S_ISDIR(sb.st_mode))
			return BERTH_OK;
	}
refuse:
	return berth_detail_option(
	    berth_fail(BERTH_INVALID_ARGUMENT,
		       "--exec: cannot run '%.80s': no such program (or not "
		       "executable)",
		       cmd),
	    "--exec", cmd);
}

static int run_with(const struct verb *v, int argc, char **argv,
		    optval *vals)
{
	static struct pass p;
	struct sigaction sa = {.sa_handler = on_stop};
	berth_watch *w = NULL;
	berth_db *db = NULL;
	emitter *e = NULL;
	berth_status st;
	char **cmd = NULL;
	int nargs, done, exec_at = 0;
	int64_t n, timeout = 30;

	/* The command is everything after --exec: options end there. */
	for (int i = 1; i < argc && !exec_at; i++)
		if (!strcmp(argv[i], "--exec"))
			exec_at = i;
		else if (!strcmp(argv[i], "--"))
			break;
	/* notify acts as the system, as expire does (SPEC), unless told. */
	default_role(ROLE_SYSTEM);
	st = opt_parse(v, exec_at ? exec_at : argc, argv, vals, &nargs, &done);
	if (st || done)
		return st ? fail(st) : 0;
	memset(&p, 0, sizeof p);
	p.max_attempts = 15;
	if ((st = need_args(nargs, 0, 0)))
		return fail(st);
	if (!exec_at)
		return fail(berth_fail(BERTH_INVALID_ARGUMENT,
				       "notify needs --exec CMD [ARG...], last"));
	cmd = argv + exec_at + 1;
	if (!cmd[0] || !*cmd[0])
		return fail(berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "--exec needs a command"),
		    "--exec", ""));
	if (vals[O_MAX].value) {
		if ((st = parse_int("--max-attempts", vals[O_MAX].value, 1,
				    1000, &n)))
			return fail(st);
		p.max_attempts = (unsigned)n;
	}
	if (vals[O_TIMEOUT].value) {
		if ((st = parse_duration("--timeout", vals[O_TIMEOUT].value,
					 &timeout)))
			return fail(st);
		if (timeout < 1 || timeout > 86400)
			return fail(berth_detail_option(
			    berth_fail(BERTH_INVALID_ARGUMENT,
				       "--timeout: 1s to 1d"),
			    "--timeout", vals[O_TIMEOUT].value));
	}
	if ((st = parse_event_types(&vals[O_TYPE])) ||
	    (st = parse_notifier(&vals[O_NAME], &p.req.name)) ||
	    (st = runnable(cmd[0])))
		return fail(st);
	p.req.types = vals[O_TYPE].values;
	p.req.ntypes = vals[O_TYPE].n;
	p.req.max = BATCH;
	/* Long enough for a batch's attempts, short enough that a notifier
	 * killed mid-batch holds its events up only that long. */
	p.req.lease = 2 * timeout + 30;
	p.req.due_by = BTIME_NEVER;
	/* Unique among the notifiers running at once: pid and start. */
	p.req.owner = (uint64_t)getpid() << 32 ^ (uint64_t)ms_now();
	if ((st = open_db(0, &db)))
		return fail(st);
	berth_now_runs(db);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* jsonl unless asked otherwise: a line an attempt, as it happens. */
	out_default(FORMAT_JSONL);
	e = out_open(1);
	if (!vals[O_ONCE].set)
		w = berth_watch_open(db);
	for (int first = 1; !stopping; first = 0) {
		long long took;

		if ((st = berth_run(db, 1, take_txn, &p)))
			break;
		if (p.failed) {
			st = berth_fail(BERTH_INTERNAL, "out of memory");
			break;
		}
		/* --once is one pass: what fails in it waits for the next,
		 * however soon it falls due. */
		if (first && vals[O_ONCE].set)
			p.req.due_by = p.now;
		took = ms_now();
		for (size_t i = 0; i < p.n; i++) {
			berth_attempt *a = &p.a[i];
			memset(a, 0, sizeof *a);
			a->seq = p.t[i].seq;
			/* Stopping, or past the lease: given back untried. */
			if (stopping ||
			    (ms_now() - took) / 1000 + timeout + 5 > p.req.lease) {
				a->untried = 1;
				continue;
			}
			a->ok = deliver(cmd, &p.t[i], (int)timeout, a,
					p.errors[i]);
			a->error = a->ok ? NULL : p.errors[i];
		}
		if (p.n && (st = berth_run(db, 1, settle_txn, &p)))
			break;
		for (size_t i = 0; i < p.n; i++)
			if (!p.a[i].untried)
				describe_attempt(e, &p.t[i], &p.a[i], p.zone);
		if (ferror(stdout)) {
			st = output_failed();
			break;
		}
		if (p.req.taken)
			continue;
		if (vals[O_ONCE].set)
			break;
		{
			/* Wait for a commit, or the next retry, or a
			 * minute: whichever comes first. */
			long long ms = 60000;
			if (p.req.next_due != BTIME_NEVER &&
			    (p.req.next_due - p.now) * 1000 < ms)
				ms = (p.req.next_due - p.now) * 1000;
			berth_watch_wait(w, (int)(ms < 100 ? 100 : ms));
		}
	}
	pass_free(&p);
	berth_watch_close(w);
	st = out_end(e, st);
	berth_close(db);
	return st ? fail(st) : 0;
}

/* Every way out of run_with frees what opt_parse gathered. */
static int run(const struct verb *v, int argc, char **argv)
{
	optval vals[O_COUNT];
	int rc = run_with(v, argc, argv, vals);

	opt_free(vals, O_COUNT);
	return rc;
}

const struct verb verb_notify = {
	.name = "notify",
	.run = run,
	.summary = "deliver each event to a command, at least once, with "
		   "retries",
	.operands = NULL,
	.opts = opts,
	.mode = VERB_WRITES,
	.view = &view_attempt,
};
