/* emit-ics.c - RFC 5545 iCalendar: a VCALENDAR with one VEVENT a record,
 * so a calendar program can subscribe to a resource's bookings (list) or
 * its free windows (slots). A record is described as for every format; the
 * fields a calendar understands are picked out of it by name and the rest
 * is left, as a table drops the columns it does not show.
 *
 * Times are written in UTC (20260615T180000Z): every calendar program
 * places them right without a VTIMEZONE, whatever zone it shows them in.
 * Lines end in CRLF and are folded before 75 octets, never inside a UTF-8
 * sequence (RFC 5545 3.1); text values are escaped (3.3.11). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "emit-private.h"

/* The fields a VEVENT is made of; any other key is dropped. */
enum {
	F_ID,
	F_RESOURCE,
	F_START,
	F_END,
	F_STATUS,
	F_VERSION,
	F_CUSTOMER,
	F_QUANTITY,
	F_SEATS,
	F_PAYMENT,
	F_CREATED,
	F_UPDATED,
	F_EXPIRES,
	F_AVAILABLE,
	F_COUNT
};
static const char *const field_name[F_COUNT] = {
    "id",	  "resource",	"start",      "end",	   "status",
    "version",	  "customer",	"quantity",   "seats",	   "payment_status",
    "created_at", "updated_at", "expires_at", "available",
};

struct ics {
	emitter base;
	struct emit_buf val[F_COUNT];
	unsigned char set[F_COUNT];
	int cur;	      /* the field values go to, -1 to drop them */
	int in_map;	      /* a nested map: dropped whole */
	int begun;	      /* BEGIN:VCALENDAR written */
	struct emit_buf line; /* one content line, unfolded */
	char *domain;	      /* the UID's right-hand side: the store's id */
	char *stamp;	      /* now, for records with no time of change */
	char *name;	      /* X-WR-CALNAME */
};

static struct ics *ics_of(emitter *e)
{
	return (struct ics *)e;
}

static char *dup_text(const char *s, int *failed)
{
	size_t n = strlen(s) + 1;
	char *p = emit_realloc(NULL, n);

	if (!p)
		*failed = 1;
	else
		memcpy(p, s, n);
	return p;
}

void emit_calendar(emitter *e, const char *domain, const char *now,
		   const char *name)
{
	struct ics *x;

	if (!e || e->fmt != FORMAT_ICS)
		return;
	x = ics_of(e);
	free(x->domain);
	free(x->stamp);
	free(x->name);
	x->domain = dup_text(domain ? domain : "berth", &e->failed);
	x->stamp = dup_text(now ? now : "", &e->failed);
	x->name = dup_text(name ? name : "berth", &e->failed);
}

/* Writes the unfolded line in x->line as folded lines of at most 75
 * octets: a continuation starts with one space, which counts. */
static void put_line(struct ics *x)
{
	const unsigned char *p = (const unsigned char *)x->line.p;
	size_t n = x->line.len, used = 0;
	FILE *f = x->base.out;

	for (size_t i = 0; i < n;) {
		int k = emit_utf8_len(p + i, n - i);
		size_t len = k > 0 ? (size_t)k : (size_t)-k;
		if (used + len > 75) {
			fwrite_unlocked("\r\n ", 1, 3, f);
			used = 1;
		}
		fwrite_unlocked(p + i, 1, len, f);
		used += len;
		i += len;
	}
	fwrite_unlocked("\r\n", 1, 2, f);
	x->line.len = 0;
}

static void add(struct ics *x, const char *s, size_t n)
{
	emit_buf_add(&x->line, s, n);
}

static void adds(struct ics *x, const char *s)
{
	add(x, s, strlen(s));
}

/* TEXT (3.3.11): backslash, semicolon and comma escaped, a newline as
 * \n; other control characters (stored text has none) are dropped. */
static void add_text(struct ics *x, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\\' || c == ';' || c == ',') {
			char esc[2] = {'\\', (char)c};
			add(x, esc, 2);
		} else if (c == '\n') {
			add(x, "\\n", 2);
		} else if (c >= 0x20 && c != 0x7f) {
			add(x, s + i, 1);
		}
	}
}

static void text_line(struct ics *x, const char *name, const char *s, size_t n)
{
	adds(x, name);
	add(x, ":", 1);
	add_text(x, s, n);
	put_line(x);
}

static int has(struct ics *x, int f)
{
	return x->set[f];
}

static const char *val(struct ics *x, int f)
{
	struct emit_buf *b = &x->val[f];

	/* Every value is stored with its terminating NUL (set_value). */
	return x->set[f] && b->p ? b->p : "";
}

/* An RFC 3339 time as a UTC DATE-TIME: 20260615T180000Z; 0 when it does
 * not read as one. */
static int utc_form(const char *rfc3339, char out[17])
{
	civil_time ct;
	btime t;
	struct tm tm;
	time_t tt;

	if (!*rfc3339 || clock_parse(rfc3339, &ct) ||
	    clock_resolve_at(&ct, "UTC", 0, &t)) {
		berth_clear();
		return 0;
	}
	tt = (time_t)t;
	if (!gmtime_r(&tt, &tm))
		return 0;
	return strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm) == 16;
}

static void time_line(struct ics *x, const char *name, const char *rfc3339)
{
	char utc[17];

	if (!utc_form(rfc3339, utc))
		return;
	adds(x, name);
	add(x, ":", 1);
	add(x, utc, 16);
	put_line(x);
}

static void begin_calendar(struct ics *x)
{
	if (x->begun)
		return;
	x->begun = 1;
	adds(x, "BEGIN:VCALENDAR");
	put_line(x);
	adds(x, "VERSION:2.0");
	put_line(x);
	adds(x, "PRODID:-//berth//berth booking engine//EN");
	put_line(x);
	adds(x, "CALSCALE:GREGORIAN");
	put_line(x);
	if (x->name)
		text_line(x, "X-WR-CALNAME", x->name, strlen(x->name));
}

/* A claim's state as a calendar knows it: a pending booking or a live hold
 * is tentative; one that no longer holds its time is cancelled. */
static const char *status_of(const char *s)
{
	static const struct {
		const char *berth, *ics;
	} map[] = {
	    {"confirmed", "CONFIRMED"}, {"attended", "CONFIRMED"},
	    {"no_show", "CONFIRMED"},	{"pending", "TENTATIVE"},
	    {"active", "TENTATIVE"},	{"cancelled", "CANCELLED"},
	    {"expired", "CANCELLED"},	{"released", "CANCELLED"},
	    {"used", "CANCELLED"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(s, map[i].berth) == 0)
			return map[i].ics;
	return NULL;
}

static void claim_event(struct ics *x)
{
	const char *st = status_of(val(x, F_STATUS));
	const char *stamp = has(x, F_UPDATED) && *val(x, F_UPDATED)
				? val(x, F_UPDATED)
			    : has(x, F_CREATED) ? val(x, F_CREATED)
						: x->stamp;

	adds(x, "UID:");
	add_text(x, val(x, F_ID), strlen(val(x, F_ID)));
	add(x, "@", 1);
	add_text(x, x->domain ? x->domain : "berth",
		 strlen(x->domain ? x->domain : "berth"));
	put_line(x);
	/* Without a METHOD, DTSTAMP is the time the event was last changed
	 * (RFC 5545 3.8.7.2), so an unchanged feed is the same bytes. */
	time_line(x, "DTSTAMP", stamp);
	time_line(x, "DTSTART", val(x, F_START));
	time_line(x, "DTEND", val(x, F_END));
	if (has(x, F_CREATED))
		time_line(x, "CREATED", val(x, F_CREATED));
	if (has(x, F_UPDATED))
		time_line(x, "LAST-MODIFIED", val(x, F_UPDATED));
	adds(x, "SEQUENCE:");
	adds(x, *val(x, F_VERSION) ? val(x, F_VERSION) : "0");
	put_line(x);
	if (st) {
		adds(x, "STATUS:");
		adds(x, st);
		put_line(x);
	}
	adds(x, "SUMMARY:");
	add_text(x, val(x, F_RESOURCE), strlen(val(x, F_RESOURCE)));
	if (*val(x, F_CUSTOMER)) {
		add(x, ": ", 2);
		add_text(x, val(x, F_CUSTOMER), strlen(val(x, F_CUSTOMER)));
	}
	put_line(x);
	text_line(x, "LOCATION", val(x, F_RESOURCE),
		  strlen(val(x, F_RESOURCE)));
	adds(x, "DESCRIPTION:");
	add_text(x, val(x, F_ID), strlen(val(x, F_ID)));
	add(x, " ", 1);
	add_text(x, val(x, F_STATUS), strlen(val(x, F_STATUS)));
	if (*val(x, F_QUANTITY)) {
		adds(x, "\\nquantity ");
		adds(x, val(x, F_QUANTITY));
	}
	if (*val(x, F_SEATS)) {
		adds(x, "\\nseats ");
		add_text(x, val(x, F_SEATS), strlen(val(x, F_SEATS)));
	}
	if (*val(x, F_PAYMENT) && strcmp(val(x, F_PAYMENT), "none")) {
		adds(x, "\\npayment ");
		add_text(x, val(x, F_PAYMENT), strlen(val(x, F_PAYMENT)));
	}
	put_line(x);
	adds(x, "TRANSP:OPAQUE");
	put_line(x);
}

/* A free window: a transparent event, so a subscribed calendar shows it
 * without marking the person busy (a VFREEBUSY is not shown by the common
 * calendar programs when subscribed). Its UID is its resource and start,
 * which name it as long as it is free. */
static void slot_event(struct ics *x)
{
	char utc[17];

	if (!utc_form(val(x, F_START), utc))
		return;
	adds(x, "UID:free-");
	add(x, utc, 16);
	add(x, "-", 1);
	add_text(x, val(x, F_RESOURCE), strlen(val(x, F_RESOURCE)));
	add(x, "@", 1);
	add_text(x, x->domain ? x->domain : "berth",
		 strlen(x->domain ? x->domain : "berth"));
	put_line(x);
	time_line(x, "DTSTAMP", x->stamp ? x->stamp : "");
	time_line(x, "DTSTART", val(x, F_START));
	time_line(x, "DTEND", val(x, F_END));
	adds(x, "SUMMARY:free: ");
	add_text(x, val(x, F_RESOURCE), strlen(val(x, F_RESOURCE)));
	adds(x, " (");
	adds(x, val(x, F_AVAILABLE));
	adds(x, " left)");
	put_line(x);
	text_line(x, "LOCATION", val(x, F_RESOURCE),
		  strlen(val(x, F_RESOURCE)));
	adds(x, "TRANSP:TRANSPARENT");
	put_line(x);
}

static void ics_record_begin(emitter *e)
{
	struct ics *x = ics_of(e);

	for (int i = 0; i < F_COUNT; i++) {
		x->set[i] = 0;
		x->val[i].len = 0;
	}
	x->cur = -1;
	x->in_map = 0;
}

static void ics_record_end(emitter *e)
{
	struct ics *x = ics_of(e);

	begin_calendar(x);
	adds(x, "BEGIN:VEVENT");
	put_line(x);
	if (has(x, F_ID))
		claim_event(x);
	else
		slot_event(x);
	adds(x, "END:VEVENT");
	put_line(x);
}

static void ics_key(emitter *e, const char *key)
{
	struct ics *x = ics_of(e);

	x->cur = -1;
	if (e->depth != 1)
		return;
	for (int i = 0; i < F_COUNT; i++)
		if (strcmp(key, field_name[i]) == 0)
			x->cur = i;
}

/* A value stored NUL-terminated; within a list, the items joined by ",". */
static void set_value(emitter *e, const char *s, size_t n)
{
	struct ics *x = ics_of(e);
	struct emit_buf *b;

	if (x->cur < 0 || x->in_map)
		return;
	b = &x->val[x->cur];
	if (e->depth == 1)
		b->len = 0;
	else if (b->len)
		b->len--; /* over the NUL, for the next item */
	if (e->depth > 1 && b->len)
		emit_buf_add(b, ",", 1);
	emit_buf_add(b, s, n);
	emit_buf_add(b, "", 1);
	x->set[x->cur] = 1;
}

static void ics_string(emitter *e, const char *s)
{
	set_value(e, s, strlen(s));
}

static void ics_integer(emitter *e, int64_t v)
{
	char buf[24];

	set_value(e, buf, emit_fmt_int(buf, v));
}

static void ics_boolean(emitter *e, int v)
{
	set_value(e, v ? "true" : "false", v ? 4 : 5);
}

static void ics_null(emitter *e)
{
	(void)e; /* absent: the field is left out */
}

static void ics_map_begin(emitter *e)
{
	ics_of(e)->in_map++;
}

static void ics_list_begin(emitter *e)
{
	struct ics *x = ics_of(e);

	if (x->cur >= 0 && !x->in_map) {
		x->val[x->cur].len = 0;
		x->set[x->cur] = 1;
	}
}

static void ics_end(emitter *e)
{
	struct ics *x = ics_of(e);

	/* The frame being closed is the top one, still on the stack. */
	if (emit_top(e)->is_map && x->in_map)
		x->in_map--;
}

static void ics_finish(emitter *e)
{
	struct ics *x = ics_of(e);

	begin_calendar(x);
	adds(x, "END:VCALENDAR");
	put_line(x);
	if (x->line.len)
		e->failed = 1;
}

static void ics_destroy(emitter *e)
{
	struct ics *x = ics_of(e);

	for (int i = 0; i < F_COUNT; i++)
		emit_buf_free(&x->val[i]);
	emit_buf_free(&x->line);
	free(x->domain);
	free(x->stamp);
	free(x->name);
}

static const struct emit_ops ics_ops = {
    ics_record_begin, ics_record_end, ics_key,	  ics_string,
    ics_integer,      ics_boolean,    ics_null,	  ics_map_begin,
    ics_list_begin,   ics_end,	      ics_finish, ics_destroy,
};

emitter *emit_ics_new(void)
{
	struct ics *x = emit_zalloc(sizeof *x);

	if (!x)
		return NULL;
	x->base.ops = &ics_ops;
	for (int i = 0; i < F_COUNT; i++)
		emit_buf_init(&x->val[i], &x->base.failed);
	emit_buf_init(&x->line, &x->base.failed);
	x->cur = -1;
	return &x->base;
}
