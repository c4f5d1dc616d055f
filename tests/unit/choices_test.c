/* choices_test.c - unit tests for the "choose from ..." list of a refusal
 * (lib/choices.c): joined with ", ", and a list longer than its buffer
 * cut at a whole name with "...", never written past the buffer. */
#include "choices.h"
#include "unit.h"

#include <stdio.h>
#include <string.h>

/* A buffer of `size` inside a larger one whose tail must stay untouched. */
static void joined_in(size_t size, const char *const *names, size_t n,
		      const char *want)
{
	char buf[128];
	berth_choices c;

	memset(buf, '#', sizeof buf);
	berth_choices_init(&c, buf, size);
	for (size_t i = 0; i < n; i++)
		berth_choices_add(&c, names[i]);
	CHECK(strcmp(buf, want) == 0);
	if (strcmp(buf, want))
		fprintf(stderr, "  size %zu: got '%s', want '%s'\n", size, buf,
			want);
	for (size_t i = size; i < sizeof buf; i++)
		CHECK(buf[i] == '#');
}

int main(void)
{
	static const char *const three[] = {"pending", "confirmed", "expired"};
	static const char *const many[] = {"aaaa", "bbbb", "cccc", "dddd",
					   "eeee", "ffff", "gggg", "hhhh"};
	static const char *const huge[] = {
	    "a-name-far-longer-than-the-whole-buffer-it-is-written-into"};
	char one[1];
	berth_choices c;

	joined_in(64, three, 3, "pending, confirmed, expired");
	joined_in(64, three, 0, "");
	/* exactly fits: 27 characters and the NUL */
	joined_in(28, three, 3, "pending, confirmed, expired");
	/* one short: cut at a whole name, with the ellipsis */
	joined_in(27, three, 3, "pending, confirmed, ...");
	joined_in(20, many, 8, "aaaa, bbbb, ...");
	joined_in(16, huge, 1, "...");
	joined_in(6, many, 8, "...");
	joined_in(4, many, 8, "...");
	joined_in(3, many, 8, "");
	/* nothing after a cut, even a name that would fit */
	berth_choices_init(&c, one, sizeof one);
	berth_choices_add(&c, "x");
	CHECK(one[0] == '\0');
	berth_choices_init(&c, NULL, 0);
	berth_choices_add(&c, "x");
	printf("choices_test: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
