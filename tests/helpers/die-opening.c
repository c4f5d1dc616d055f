/* die-opening.c - an LD_PRELOAD shim for durability-lmdb.bats: when
 * DIE_AT_DATA is set, a process that opens .../data.mdb sleeps DIE_AT_DATA
 * ms and then SIGKILLs itself. It dies after LMDB set up lock.mdb (as the
 * store's first user) and before it recorded the newest transaction there,
 * as a random SIGKILL can: the torture test found this window. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void maybe_die(const char *path)
{
	const char *ms = getenv("DIE_AT_DATA");
	size_t n = strlen(path);
	if (!ms || n < 8 || strcmp(path + n - 8, "data.mdb"))
		return;
	struct timespec ts = {atoi(ms) / 1000, (atoi(ms) % 1000) * 1000000L};
	nanosleep(&ts, NULL);
	raise(SIGKILL);
}
#define SHIM(name)                                                          \
	int name(const char *path, int flags, ...)                          \
	{                                                                   \
		static int (*real)(const char *, int, ...);                 \
		mode_t mode = 0;                                            \
		va_list ap;                                                 \
		va_start(ap, flags);                                        \
		if (flags & O_CREAT)                                        \
			mode = va_arg(ap, mode_t);                          \
		va_end(ap);                                                 \
		if (!real)                                                  \
			real = dlsym(RTLD_NEXT, #name);                     \
		maybe_die(path);                                            \
		return real(path, flags, mode);                             \
	}
SHIM(open)
SHIM(open64)
