/* catalogue_test.c - the catalogue reader (lib/catalogue-yaml.c): a whole
 * file read into its parts, and every kind of malformed file refused with
 * its file, line and column. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "status.h"
#include "unit.h"

static berth_status read_text(const char *yaml, arena *a, catalogue *c)
{
	return catalogue_read(yaml, strlen(yaml), "salon.yaml", a, c);
}

static const char salon[] =
	"# a salon\n"
	"policies:\n"
	"  min_notice: 2h\n"
	"  horizon: 90d\n"
	"resources:\n"
	"  - name: anna\n"
	"    tz: Europe/Paris\n"
	"    slot: 15m\n"
	"    buffer: 10m\n"
	"    location: downtown\n"
	"    attrs: {floor: \"2\", chair: red}\n"
	"    hours:\n"
	"      - mon-fri 09:00-12:30,13:30-18:00\n"
	"      - sat 08:00-16:00\n"
	"      - sun closed\n"
	"    exceptions:\n"
	"      2026-12-24: 09:00-13:00\n"
	"      2026-12-31: closed\n"
	"    policies:\n"
	"      min_notice: 1h\n"
	"  - name: hall\n"
	"    seats: 120\n"
	"  - name: bay\n"
	"    capacity: 3\n"
	"services:\n"
	"  - name: cut\n"
	"    duration: 45m\n"
	"    buffer: 15m\n"
	"    price: \"75.00\"\n"
	"    resources: [anna, ben]\n"
	"holidays:\n"
	"  - name: Christmas\n"
	"    date: 2026-12-25\n"
	"    recurring: true\n"
	"  - name: works\n"
	"    date: 2026-08-01\n"
	"    to: 2026-08-15\n"
	"    resources:\n"
	"      - bay\n"
	"timeoff:\n"
	"  - resource: anna\n"
	"    from: 2026-12-10T09:00\n"
	"    to: 2026-12-10T18:00\n"
	"    reason: training\n";

static void whole_file(void)
{
	arena *a = arena_new();
	catalogue c;
	berth_status st = read_text(salon, a, &c);

	CHECK(st == BERTH_OK, "%s", berth_message());
	if (st) {
		arena_free(a);
		return;
	}
	CHECK(c.policies.n == 2, "%zu store policies", c.policies.n);
	CHECK(!strcmp(c.policies.v[1].key.text, "horizon") &&
		      !strcmp(c.policies.v[1].value.text, "90d"),
	      "horizon");
	CHECK(c.nresources == 3, "%zu resources", c.nresources);
	const cat_resource *r = &c.resources[0];
	CHECK(!strcmp(r->name.text, "anna"), "name %s", r->name.text);
	CHECK(r->at.line == 6 && r->at.col == 5, "anna at %u:%u", r->at.line,
	      r->at.col);
	CHECK(r->has_slot && r->slot == 900, "slot");
	CHECK(r->has_buffer && r->buffer == 600, "buffer");
	CHECK(!r->has_capacity && !r->has_seats, "no capacity");
	CHECK(!strcmp(r->tz.text, "Europe/Paris"), "tz");
	CHECK(!strcmp(r->location.text, "downtown"), "location");
	CHECK(r->attrs.n == 2 && !strcmp(r->attrs.v[0].key, "floor") &&
		      !strcmp(r->attrs.v[0].value, "2"),
	      "attrs");
	CHECK(r->hours.n == 3 &&
		      !strcmp(r->hours.v[0].text,
			      "mon-fri 09:00-12:30,13:30-18:00") &&
		      r->hours.v[0].at.line == 13 && r->hours.v[0].at.col == 9,
	      "hours");
	CHECK(r->nexceptions == 2 &&
		      !strcmp(r->exceptions[0].date.text, "2026-12-24") &&
		      !strcmp(r->exceptions[0].hours.text, "09:00-13:00") &&
		      !strcmp(r->exceptions[1].hours.text, "closed"),
	      "exceptions");
	CHECK(r->policies.n == 1 &&
		      !strcmp(r->policies.v[0].value.text, "1h"),
	      "resource policies");
	CHECK(c.resources[1].has_seats && c.resources[1].seats == 120, "seats");
	CHECK(c.resources[2].has_capacity && c.resources[2].capacity == 3,
	      "capacity");
	CHECK(c.nservices == 1 && c.services[0].duration == 2700 &&
		      c.services[0].has_buffer && c.services[0].buffer == 900 &&
		      !strcmp(c.services[0].price.text, "75.00") &&
		      c.services[0].resources.n == 2 &&
		      !strcmp(c.services[0].resources.v[1].text, "ben"),
	      "service");
	CHECK(c.nholidays == 2 && c.holidays[0].recurring &&
		      !strcmp(c.holidays[0].date.text, "2026-12-25") &&
		      !c.holidays[0].to.text && !c.holidays[1].recurring &&
		      !strcmp(c.holidays[1].to.text, "2026-08-15") &&
		      c.holidays[1].resources.n == 1,
	      "holidays");
	CHECK(c.ntimeoff == 1 && !strcmp(c.timeoff[0].reason.text, "training") &&
		      !strcmp(c.timeoff[0].from.text, "2026-12-10T09:00"),
	      "timeoff");
	arena_free(a);
}

/* Each malformed file and the start of the message it must give. */
static const struct {
	const char *yaml, *want;
} bad[] = {
	{"resources:\n  - name: a\n    capacity: -1\n",
	 "salon.yaml:3:15: capacity must be a whole number from 1 to 1000000"},
	{"resources:\n  - name: a\n    capacity: 2.5\n",
	 "salon.yaml:3:15: capacity must be a whole number"},
	{"resources:\n  - name: a\n    capacity: 1000001\n",
	 "salon.yaml:3:15: capacity must be a whole number"},
	{"resources:\n  - name: a\n    seats: [1]\n",
	 "salon.yaml:3:12: seats must be a single value, not a list"},
	{"resources:\n  - name: a\n    colour: red\n",
	 "salon.yaml:3:5: unknown key 'colour' in a resource"},
	{"resource:\n  - name: a\n",
	 "salon.yaml:1:1: unknown key 'resource' in the catalogue"},
	{"resources:\n  - name: a\n   capacity: 2\n", "salon.yaml:3:"},
	{"resources:\n  - name: a\n    name: b\n",
	 "salon.yaml:3:5: name is given twice"},
	{"resources:\n  - capacity: 2\n",
	 "salon.yaml:2:5: a resource has no name"},
	{"resources:\n  name: a\n",
	 "salon.yaml:2:3: resources must be a list, not a mapping"},
	{"- a\n- b\n",
	 "salon.yaml:1:1: the catalogue must be a mapping (key: value), not a "
	 "list"},
	{"services:\n  - name: cut\n    duration: 45x\n",
	 "salon.yaml:3:15: duration must be a duration"},
	{"services:\n  - name: cut\n",
	 "salon.yaml:2:5: service cut has no duration"},
	{"holidays:\n  - name: x\n    date: 2026-12-25\n    recurring: yes\n",
	 "salon.yaml:4:16: recurring must be true or false"},
	{"holidays:\n  - date: 2026-12-25\n",
	 "salon.yaml:2:5: a holiday has no name"},
	{"timeoff:\n  - resource: a\n    from: x\n",
	 "salon.yaml:2:5: time off has no to"},
	{"base: &b {name: a}\nresources: [*b]\n",
	 "salon.yaml:1:1: unknown key 'base'"},
	{"resources:\n  - &b {name: a}\n  - *b\n",
	 "salon.yaml:2:5: this value is used again through an alias"},
	{"resources:\n  - name:\n", "salon.yaml:2:10: name is empty"},
	{"resources: []\n---\nservices: []\n",
	 "salon.yaml:3:1: a second document"},
	{"resources: [\n", "salon.yaml:2:1: did not find expected node"},
	{"policies:\n  min_notice: [2h]\n",
	 "salon.yaml:2:15: min_notice must be a single value"},
	{"resources:\n  - name: a\n    hours: mon 09:00-10:00\n",
	 "salon.yaml:3:12: hours must be a list"},
	{"resources:\n  - name: a\n    exceptions: [2026-12-24]\n",
	 "salon.yaml:3:17: exceptions must be a mapping"},
	{"resources:\n  - name: \"a\\0b\"\n", "salon.yaml:2:11: name holds a NUL"},
};

static void malformed(void)
{
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		arena *a = arena_new();
		catalogue c;
		berth_status st = read_text(bad[i].yaml, a, &c);
		CHECK(st == BERTH_INVALID_ARGUMENT, "bad[%zu]: status %d", i,
		      (int)st);
		CHECK(!strncmp(berth_message(), bad[i].want,
			       strlen(bad[i].want)),
		      "bad[%zu]: got '%s', want '%s...'", i, berth_message(),
		      bad[i].want);
		berth_clear();
		arena_free(a);
	}
}

static void empty(void)
{
	const char *files[] = {"", "# nothing yet\n", "---\n"};

	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		arena *a = arena_new();
		catalogue c;
		CHECK(read_text(files[i], a, &c) == BERTH_OK && !c.nresources &&
			      !c.policies.n,
		      "empty[%zu]: %s", i, berth_message());
		arena_free(a);
	}
}

int main(void)
{
	whole_file();
	malformed();
	empty();
	printf("catalogue: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
