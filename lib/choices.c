/* choices.c - a refusal names what it would have taken, and its message
 * has a fixed size: the list stops before the end of its buffer rather
 * than counting on the names being few. */
#include <string.h>

#include "choices.h"

/* What a cut list ends with. */
#define MORE ", ..."
#define MORE_LEN (sizeof MORE - 1)

void berth_choices_init(berth_choices *c, char *buf, size_t size)
{
	c->buf = buf;
	c->size = buf ? size : 0;
	c->len = 0;
	c->cut = 0;
	if (c->size)
		buf[0] = '\0';
}

static void put(berth_choices *c, const char *s, size_t n)
{
	memcpy(c->buf + c->len, s, n);
	c->len += n;
	c->buf[c->len] = '\0';
}

void berth_choices_add(berth_choices *c, const char *name)
{
	size_t n = strlen(name), sep = c->len ? 2 : 0;

	if (c->cut || !c->size)
		return;
	if (c->len + sep + n < c->size) {
		if (sep)
			put(c, ", ", 2);
		put(c, name, n);
		return;
	}
	/* It does not fit: give back whole names until the ellipsis does,
	 * so the list never ends in half a name. */
	c->cut = 1;
	while (c->len && c->len + MORE_LEN >= c->size) {
		size_t at = c->len;

		while (at > 1 && memcmp(c->buf + at - 2, ", ", 2))
			at--;
		c->len = at > 1 ? at - 2 : 0;
	}
	c->buf[c->len] = '\0';
	if (c->len)
		put(c, MORE, MORE_LEN);
	else if (c->size > 3)
		put(c, "...", 3);
}
