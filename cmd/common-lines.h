/* common-lines.h - reading standard input a line at a time without a
 * copy per line: book --batch and import share it. */
#ifndef BERTH_COMMON_LINES_H
#define BERTH_COMMON_LINES_H

#include <stddef.h>

/* Bytes buf[pos..len) are unread; consumed lines are dropped only when
 * the buffer is refilled, so a line costs no copy of what follows it. */
typedef struct {
	int fd, eof;
	char *buf;
	size_t pos, len, cap;
	long line;
} reader;

/* Reads more (block: wait for it; else only what is there now): 1 read,
 * 0 nothing (r->eof at the end), -1 an error (errno). */
int reader_fill(reader *r, int block);
/* The next line (without its newline) or NULL when none is complete; the
 * last line may lack a newline at end of input. */
char *reader_line(reader *r);

#endif
