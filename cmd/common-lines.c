/* common-lines.c - standard input a line at a time (common-lines.h). */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common-lines.h"

int reader_fill(reader *r, int block)
{
	ssize_t n;

	if (r->eof)
		return 0;
	if (r->pos) {
		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->pos = 0;
	}
	if (!block) {
		struct pollfd p = {.fd = r->fd, .events = POLLIN};
		if (poll(&p, 1, 0) <= 0)
			return 0;
	}
	if (r->cap - r->len < 65536) {
		size_t cap = r->cap ? r->cap * 2 : 131072;
		char *b = realloc(r->buf, cap);
		if (!b)
			return -1;
		r->buf = b;
		r->cap = cap;
	}
	do
		n = read(r->fd, r->buf + r->len, r->cap - r->len - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	if (n == 0) {
		r->eof = 1;
		return 0;
	}
	r->len += (size_t)n;
	return 1;
}

/* The next line (without its newline) or NULL when none is complete; the
 * last line may lack a newline at end of input. */
char *reader_line(reader *r)
{
	char *start = r->buf + r->pos;
	char *nl =
	    r->len > r->pos ? memchr(start, '\n', r->len - r->pos) : NULL;

	if (nl) {
		*nl = '\0';
		r->pos = (size_t)(nl - r->buf) + 1;
		return start;
	}
	if (r->eof && r->len > r->pos) {
		r->buf[r->len] = '\0'; /* reader_fill leaves room for it */
		r->pos = r->len;
		return start;
	}
	return NULL;
}
