/* choices.h - the "choose from a, b, c" list of a refusal's message,
 * written into a caller's fixed buffer: never past its end, and a list too
 * long for it cut after a whole name with "...". */
#ifndef BERTH_CHOICES_H
#define BERTH_CHOICES_H

#include <stddef.h>

typedef struct {
	char *buf;
	size_t size, len;
	int cut; /* a name did not fit: "..." is written, nothing more is */
} berth_choices;

/* An empty list in buf (size bytes, the NUL included; 0 writes nothing). */
void berth_choices_init(berth_choices *c, char *buf, size_t size);
/* name after the others, ", " between them. */
void berth_choices_add(berth_choices *c, const char *name);

#endif
