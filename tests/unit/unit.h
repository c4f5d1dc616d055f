/* unit.h - what every unit test shares: counts of checks passed and
 * failed, and CHECK(cond[, fmt, ...]), which names the file, line and
 * condition of a failure and, when given, says more. Each test prints
 * "NAME: N passed, N failed" and exits non-zero on a failure. */
#ifndef BERTH_UNIT_H
#define BERTH_UNIT_H

#include <stdarg.h>
#include <stdio.h>

static int passed, failed;

/* The rest of a failure's line: fmt begins with a space that is not
 * printed (so CHECK without a message still passes a literal). */
__attribute__((format(printf, 1, 2))) static void unit_note(const char *fmt,
							     ...)
{
	va_list ap;

	if (fmt[1]) {
		fputs(": ", stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt + 1, ap);
		va_end(ap);
	}
	fputc('\n', stderr);
}

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		if (cond) {                                                    \
			passed++;                                              \
		} else {                                                       \
			failed++;                                              \
			fprintf(stderr, "%s:%d: failed: %s", __FILE__,         \
				__LINE__, #cond);                              \
			unit_note(" " __VA_ARGS__);                            \
		}                                                              \
	} while (0)

#endif
