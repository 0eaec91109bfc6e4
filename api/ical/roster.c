/*
 * Shift rosters from iCalendar files (see roster.h for the contract).
 *
 * Three passes:
 *  1. Our own scan of the text: libical is lenient (a truncated file parses
 *     to nothing, a mismatched END is silently accepted, line numbers are
 *     lost), so structure is checked here first, where every error can name
 *     its line. The scan also records where each VEVENT starts, so later
 *     errors about an event or one of its properties can name a line too.
 *  2. libical parses values (dates, durations, recurrence rules). What it
 *     cannot parse it turns into X-LIC-ERROR properties; those that concern
 *     a property we use become errors.
 *  3. Expansion: recurrence on wall-clock time with libical's iterator,
 *     conversion to UTC with the pinned tzdata (tz.h).
 */
#include "roster.h"
#include "common/array.h"

#include "ical_tz.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libical/ical.h>

#include "common/quote.h"
#include "common/read_file.h"

#define HEAD_MAX 256     /* bytes of an unfolded line kept for checks and messages */
#define SHOWN_MAX 60     /* bytes of a value quoted in a message */
#define DEPTH_MAX 8      /* VCALENDAR > VEVENT > VALARM is 3 */
#define COMP_NAME_MAX 32
#define DAY 86400

const char *
cp_roster_fault_name(enum cp_roster_fault fault)
{
	switch (fault) {
	case CP_ROSTER_FAULT_NONE: return "success";
	case CP_ROSTER_FAULT_NOT_ICAL: return "not an iCalendar file";
	case CP_ROSTER_FAULT_SYNTAX: return "malformed iCalendar file";
	case CP_ROSTER_FAULT_PROPERTY: return "missing or unreadable event time";
	case CP_ROSTER_FAULT_RRULE: return "invalid recurrence rule";
	case CP_ROSTER_FAULT_UNKNOWN_TZID: return "unknown time zone";
	case CP_ROSTER_FAULT_RANGE: return "time out of range";
	case CP_ROSTER_FAULT_LIMIT: return "roster too large";
	case CP_ROSTER_FAULT_IO: return "roster file unreadable";
	case CP_ROSTER_FAULT_NOMEM: return "out of memory";
	case CP_ROSTER_FAULT_ARGUMENT: return "invalid roster options";
	}
	return "unknown roster error";
}

/* The api status of a fault: out of memory and I/O keep their own. */
static enum cp_status
fault_status(enum cp_roster_fault fault)
{
	switch (fault) {
	case CP_ROSTER_FAULT_NONE: return CP_OK;
	case CP_ROSTER_FAULT_IO: return CP_ERR_IO;
	case CP_ROSTER_FAULT_NOMEM: return CP_ERR_NOMEM;
	default: return CP_ERR_INVALID;
	}
}

/* ---- messages ----------------------------------------------------------- */

/* Quote at most SHOWN_MAX bytes of s (n bytes, or up to NUL when n is
 * SIZE_MAX) for a message (cp_quote). */
static const char *
quote_n(const char *s, size_t n, char *buf, size_t cap)
{
	return cp_quote(s, n, SHOWN_MAX, buf, cap);
}

#define QBUF (SHOWN_MAX * 4 + 8)
#define quote(s, buf) quote_n((s), SIZE_MAX, (buf), sizeof(buf))

/* ---- logical lines ------------------------------------------------------ */

struct cursor {
	const char *s;
	size_t len;
	size_t pos;
	unsigned line; /* number of the physical line at pos */
};

/* One content line, unfolded (RFC 5545 3.1), as far as we need it. */
struct lline {
	size_t offset;       /* byte offset of its first physical line */
	unsigned line;       /* that line's number */
	char head[HEAD_MAX]; /* unfolded text, truncated */
	size_t head_len;
	bool blank;          /* nothing but spaces and tabs */
	bool has_colon;      /* a ':' ends the name and parameters */
	size_t name_len;     /* length of the name (up to ';' or ':'), or SIZE_MAX */
	size_t colon;        /* index in head of the ':' ending the name and
			      * parameters, or SIZE_MAX when none (or beyond head) */
};

static bool
next_lline(struct cursor *c, struct lline *l)
{
	bool in_quote = false, first = true, found_colon = false;
	size_t n = 0; /* unfolded length so far */

	if (c->pos >= c->len)
		return false;
	l->offset = c->pos;
	l->line = c->line;
	l->head_len = 0;
	l->blank = true;
	l->name_len = SIZE_MAX;
	l->colon = SIZE_MAX;
	l->has_colon = false;
	for (;;) {
		size_t start = c->pos;
		const char *nl = memchr(c->s + start, '\n', c->len - start);
		size_t end = nl ? (size_t)(nl - c->s) : c->len;
		size_t cend = end > start && c->s[end - 1] == '\r' ? end - 1 : end;
		for (size_t i = first ? start : start + 1; i < cend; i++, n++) {
			char ch = c->s[i];
			if (ch != ' ' && ch != '\t')
				l->blank = false;
			if (!found_colon) {
				if (ch == '"') {
					in_quote = !in_quote;
				} else if (!in_quote && (ch == ';' || ch == ':')) {
					if (l->name_len == SIZE_MAX)
						l->name_len = n;
					if (ch == ':') {
						found_colon = true;
						if (n < HEAD_MAX - 1)
							l->colon = n;
					}
				}
			}
			if (l->head_len < HEAD_MAX - 1)
				l->head[l->head_len++] = ch;
		}
		c->pos = nl ? end + 1 : c->len;
		c->line++;
		first = false;
		if (c->pos < c->len && (c->s[c->pos] == ' ' || c->s[c->pos] == '\t'))
			continue; /* folded: the next physical line continues this one */
		break;
	}
	l->head[l->head_len] = '\0';
	l->has_colon = found_colon;
	return true;
}

static bool
lline_is(const struct lline *l, const char *name)
{
	size_t n = strlen(name);
	return l->name_len == n && strncasecmp(l->head, name, n) == 0;
}

/* The value of a BEGIN or END line ("VEVENT"), copied into out. */
static void
lline_value(const struct lline *l, char *out, size_t cap)
{
	size_t o = 0;
	if (l->colon != SIZE_MAX)
		for (size_t i = l->colon + 1; i < l->head_len && o + 1 < cap; i++)
			out[o++] = l->head[i];
	out[o] = '\0';
}

/* ---- the parse ---------------------------------------------------------- */

struct block {
	size_t offset; /* of the BEGIN:VEVENT line */
	unsigned line;
};

struct exclusion {
	size_t master;   /* index into events */
	cp_instant at;   /* the occurrence an override replaces */
};

struct when {
	struct cp_civil wall;
	const struct cp_tz *zone; /* NULL when utc */
	bool utc;
	bool date;
};

struct event {
	icalcomponent *comp;
	icalcomponent *cal;        /* its VCALENDAR, for VTIMEZONE lookups */
	const char *uid;           /* may be NULL; borrowed from comp */
	bool skip;                 /* cancelled or transparent */
	bool cancelled;
	icalproperty *rid_prop;    /* RECURRENCE-ID, or NULL */
	bool has_master;
	struct when start;
};

struct parse {
	const char *text;
	size_t len;
	const struct cp_roster_options *opts;
	const char *source;
	struct cp_error *err;

	struct block *blocks;
	size_t nblocks, capblocks;
	bool lines_known;

	struct event *events;
	size_t nevents;
	size_t cur;                /* event being worked on, or SIZE_MAX */

	struct exclusion *excl;
	size_t nexcl, capexcl;

	/* The last TZIDs resolved: exports repeat one or two TZIDs on every
	 * event, and a Windows name costs a failed lookup first. */
	struct {
		char tzid[64];
		icalcomponent *cal; /* VTIMEZONEs are per calendar */
		const struct cp_tz *zone;
	} tzcache[4];
	unsigned tznext;

	struct cp_interval_set busy;
	size_t max_intervals;
	size_t max_steps;
	size_t iterations;
};

static bool
fail_at(struct parse *p, enum cp_roster_fault st, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static bool
fail_at(struct parse *p, enum cp_roster_fault st, unsigned line, const char *fmt, ...)
{
	char what[384], ctx[160] = "", where[32] = "", q[QBUF];
	va_list ap;

	if (!p->err)
		return false;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (line)
		snprintf(where, sizeof(where), ":%u", line);
	if (p->cur != SIZE_MAX) {
		const struct event *ev = &p->events[p->cur];
		if (ev->uid)
			snprintf(ctx, sizeof(ctx), "event %zu (UID %s): ", p->cur + 1,
				 quote(ev->uid, q));
		else
			snprintf(ctx, sizeof(ctx), "event %zu: ", p->cur + 1);
	}
	cp_error_clear(p->err);
	p->err->status = fault_status(st);
	p->err->code = (int)st;
	p->err->line = line;
	/* Piece by piece: a long source name shortens the message, never
	 * overflows it. */
	char *m = p->err->message;
	size_t cap = sizeof(p->err->message), n = 0;
	const char *parts[] = { p->source, where, ": ", ctx, what };
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		size_t k = strlen(parts[i]);
		if (n + k >= cap)
			k = cap - 1 - n;
		memcpy(m + n, parts[i], k);
		n += k;
	}
	m[n] = '\0';
	return false;
}

static bool
nomem(struct parse *p)
{
	return fail_at(p, CP_ROSTER_FAULT_NOMEM, 0, "out of memory");
}

/* Line of the current event's first property `name` (NULL: of its
 * BEGIN:VEVENT), found by re-reading the event's text; 0 when unknown. */
static unsigned
prop_line(struct parse *p, const char *name)
{
	struct cursor c;
	struct lline l;
	int depth = 0;

	if (p->cur == SIZE_MAX || !p->lines_known)
		return 0;
	c.s = p->text;
	c.len = p->len;
	c.pos = p->blocks[p->cur].offset;
	c.line = p->blocks[p->cur].line;
	if (!name || !next_lline(&c, &l)) /* BEGIN:VEVENT */
		return p->blocks[p->cur].line;
	while (next_lline(&c, &l)) {
		if (lline_is(&l, "BEGIN")) {
			depth++;
		} else if (lline_is(&l, "END")) {
			if (depth-- == 0)
				break;
		} else if (depth == 0 && lline_is(&l, name)) {
			return l.line;
		}
	}
	return p->blocks[p->cur].line;
}

/* An error about the current event, at the line of property `prop` (NULL:
 * the event's BEGIN line). */
#define fail_ev(p, st, prop, ...) fail_at((p), (st), prop_line((p), (prop)), __VA_ARGS__)

/* ---- pass 1: structure ---------------------------------------------------- */

static bool
add_block(struct parse *p, const struct lline *l)
{
	struct block *b = cp_array_grow(p->blocks, p->nblocks, &p->capblocks, sizeof(*b), 64);

	if (!b)
		return nomem(p);
	p->blocks = b;
	p->blocks[p->nblocks].offset = l->offset;
	p->blocks[p->nblocks].line = l->line;
	p->nblocks++;
	return true;
}

static bool
scan(struct parse *p)
{
	struct {
		char name[COMP_NAME_MAX];
		unsigned line;
	} stack[DEPTH_MAX];
	struct cursor c = { .s = p->text, .len = p->len, .pos = 0, .line = 1 };
	char value[COMP_NAME_MAX + 8], q[QBUF], q2[QBUF];
	bool seen = false;
	int depth = 0;
	struct lline l;
	const char *nul = memchr(p->text, '\0', p->len);

	if (nul) {
		unsigned line = 1;
		for (const char *s = p->text; s < nul; s++)
			line += *s == '\n';
		return fail_at(p, CP_ROSTER_FAULT_NOT_ICAL, line,
			       "not an iCalendar file: binary data (a NUL byte)");
	}
	if (p->len >= 3 && memcmp(p->text, "\xEF\xBB\xBF", 3) == 0)
		c.pos = 3; /* UTF-8 byte order mark, written by some Windows tools */
	while (next_lline(&c, &l)) {
		if (l.blank)
			continue;
		if (!seen) {
			seen = true;
			lline_value(&l, value, sizeof(value));
			if (!lline_is(&l, "BEGIN") || strcasecmp(value, "VCALENDAR") != 0)
				return fail_at(p, CP_ROSTER_FAULT_NOT_ICAL, l.line,
					       "not an iCalendar file: it starts with \"%s\", "
					       "expected BEGIN:VCALENDAR", quote(l.head, q));
		}
		if (depth == 0 && !lline_is(&l, "BEGIN"))
			return fail_at(p, CP_ROSTER_FAULT_SYNTAX, l.line,
				       "\"%s\" after END:VCALENDAR", quote(l.head, q));
		if (!l.has_colon)
			return fail_at(p, CP_ROSTER_FAULT_SYNTAX, l.line,
				       "\"%s\" is not an iCalendar content line (NAME:value); "
				       "is the file cut or wrongly folded?", quote(l.head, q));
		if (lline_is(&l, "BEGIN")) {
			lline_value(&l, value, sizeof(value));
			if (depth == 0 && strcasecmp(value, "VCALENDAR") != 0)
				return fail_at(p, CP_ROSTER_FAULT_SYNTAX, l.line,
					       "BEGIN:%s outside BEGIN:VCALENDAR ... END:VCALENDAR",
					       quote(value, q));
			if (depth > 0 && strcasecmp(value, "VCALENDAR") == 0)
				return fail_at(p, CP_ROSTER_FAULT_SYNTAX, l.line,
					       "BEGIN:VCALENDAR inside BEGIN:%s from line %u",
					       quote(stack[depth - 1].name, q), stack[depth - 1].line);
			if (strcasecmp(value, "VEVENT") == 0) {
				if (depth != 1)
					return fail_at(p, CP_ROSTER_FAULT_SYNTAX, l.line,
						       "BEGIN:VEVENT inside BEGIN:%s from line %u; "
						       "events belong directly in VCALENDAR",
						       quote(stack[depth - 1].name, q),
						       stack[depth - 1].line);
				if (p->nblocks >= CP_ROSTER_MAX_EVENTS)
					return fail_at(p, CP_ROSTER_FAULT_LIMIT, l.line,
						       "more than %u events", CP_ROSTER_MAX_EVENTS);
				if (!add_block(p, &l))
					return false;
			}
			if (depth == DEPTH_MAX)
				return fail_at(p, CP_ROSTER_FAULT_SYNTAX, l.line,
					       "components nested more than %d deep", DEPTH_MAX);
			snprintf(stack[depth].name, COMP_NAME_MAX, "%.*s", COMP_NAME_MAX - 1, value);
			stack[depth].line = l.line;
			depth++;
		} else if (lline_is(&l, "END")) {
			lline_value(&l, value, sizeof(value));
			if (depth == 0)
				return fail_at(p, CP_ROSTER_FAULT_SYNTAX, l.line,
					       "END:%s without a matching BEGIN", quote(value, q));
			if (strcasecmp(value, stack[depth - 1].name) != 0)
				return fail_at(p, CP_ROSTER_FAULT_SYNTAX, l.line,
					       "END:%s does not close BEGIN:%s from line %u",
					       quote(value, q), quote(stack[depth - 1].name, q2),
					       stack[depth - 1].line);
			depth--;
		}
	}
	if (!seen)
		return fail_at(p, CP_ROSTER_FAULT_NOT_ICAL, 0,
			       "not an iCalendar file: it is empty (expected BEGIN:VCALENDAR)");
	if (depth > 0)
		return fail_at(p, CP_ROSTER_FAULT_SYNTAX, c.line - 1,
			       "the file ends inside BEGIN:%s from line %u (no END:%s); "
			       "is it truncated?", quote(stack[depth - 1].name, q),
			       stack[depth - 1].line, quote(stack[depth - 1].name, q2));
	return true;
}

/* ---- time zones ------------------------------------------------------------ */

/* Windows zone names (Outlook, Exchange) for the zones around our pilots,
 * mapped as CLDR's windowsZones.xml does for territory "001". */
static const struct {
	const char *windows;
	const char *iana;
} windows_zones[] = {
	{ "UTC", "Etc/UTC" },
	{ "GMT Standard Time", "Europe/London" },
	{ "Greenwich Standard Time", "Atlantic/Reykjavik" },
	{ "W. Europe Standard Time", "Europe/Berlin" },
	{ "Romance Standard Time", "Europe/Paris" },
	{ "Central Europe Standard Time", "Europe/Budapest" },
	{ "Central European Standard Time", "Europe/Warsaw" },
	{ "Morocco Standard Time", "Africa/Casablanca" },
	{ "Middle East Standard Time", "Asia/Beirut" },
	{ "Jordan Standard Time", "Asia/Amman" },
	{ "Egypt Standard Time", "Africa/Cairo" },
	{ "Syria Standard Time", "Asia/Damascus" },
	{ "Israel Standard Time", "Asia/Jerusalem" },
	{ "West Bank Standard Time", "Asia/Hebron" },
	{ "Turkey Standard Time", "Europe/Istanbul" },
	{ "Arab Standard Time", "Asia/Riyadh" },
	{ "Arabic Standard Time", "Asia/Baghdad" },
	{ "GTB Standard Time", "Europe/Bucharest" },
	{ "E. Europe Standard Time", "Europe/Chisinau" },
};

static const struct cp_tz *
zone_named(struct parse *p, const char *name)
{
	struct cp_tz_error terr;
	return cp_tzdb_zone(p->opts->tzdb, name, &terr);
}

/* The X-LIC-LOCATION of the VTIMEZONE in cal whose TZID is tzid, or NULL. */
static const char *
vtimezone_location(icalcomponent *cal, const char *tzid)
{
	for (icalcomponent *vtz = icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT);
	     vtz; vtz = icalcomponent_get_next_component(cal, ICAL_VTIMEZONE_COMPONENT)) {
		icalproperty *id = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
		const char *v = id ? icalproperty_get_tzid(id) : NULL;
		if (!v || strcmp(v, tzid) != 0)
			continue;
		for (icalproperty *x = icalcomponent_get_first_property(vtz, ICAL_X_PROPERTY); x;
		     x = icalcomponent_get_next_property(vtz, ICAL_X_PROPERTY)) {
			const char *name = icalproperty_get_x_name(x);
			if (name && strcasecmp(name, "X-LIC-LOCATION") == 0)
				return icalproperty_get_x(x);
		}
	}
	return NULL;
}

/* Resolve a TZID as roster.h describes; fails with the reason. */
static bool
lookup_tzid(struct parse *p, const char *prop, const char *tzid, const struct cp_tz **out)
{
	const struct cp_tz *z;
	struct cp_tz_error terr;
	const char *loc, *hint;
	char q[QBUF], q2[QBUF];

	for (size_t i = 0; i < sizeof(p->tzcache) / sizeof(p->tzcache[0]); i++) {
		if (p->tzcache[i].zone && p->tzcache[i].cal == p->events[p->cur].cal &&
		    strcmp(p->tzcache[i].tzid, tzid) == 0) {
			*out = p->tzcache[i].zone;
			return true;
		}
	}
	z = cp_tzdb_zone(p->opts->tzdb, tzid, &terr);
	if (z)
		goto found;
	if (tzid[0] == '/') {
		for (const char *s = tzid + 1; *s; s++)
			if (s[-1] == '/' && (z = zone_named(p, s)))
				goto found;
	}
	loc = vtimezone_location(p->events[p->cur].cal, tzid);
	if (loc && (z = zone_named(p, loc)))
		goto found;
	for (size_t i = 0; i < sizeof(windows_zones) / sizeof(windows_zones[0]); i++)
		if (strcmp(tzid, windows_zones[i].windows) == 0 &&
		    (z = zone_named(p, windows_zones[i].iana)))
			goto found;
	hint = terr.status == CP_TZ_ERR_UNKNOWN_ZONE && terr.suggestion[0] ? terr.suggestion
									       : NULL;
	fail_ev(p, CP_ROSTER_FAULT_UNKNOWN_TZID, prop,
		"%s has unknown TZID \"%s\": not a zone in tzdata %s%s%s%s%s%s%s", prop,
		quote(tzid, q), cp_tzdb_version(p->opts->tzdb),
		loc ? ", nor is its VTIMEZONE's X-LIC-LOCATION \"" : "",
		loc ? quote(loc, q2) : "", loc ? "\"" : "",
		hint ? "; did you mean \"" : "", hint ? hint : "", hint ? "\"?" : "");
	cp_error_set_suggestion(p->err, hint);
	return false;
found:
	if (strlen(tzid) < sizeof(p->tzcache[0].tzid)) {
		unsigned i = p->tznext++ % (sizeof(p->tzcache) / sizeof(p->tzcache[0]));
		memcpy(p->tzcache[i].tzid, tzid, strlen(tzid) + 1);
		p->tzcache[i].cal = p->events[p->cur].cal;
		p->tzcache[i].zone = z;
	}
	*out = z;
	return true;
}

/* ---- times ---------------------------------------------------------------- */

static void
fmt_when(const struct when *w, char *buf, size_t cap)
{
	const struct cp_civil *c = &w->wall;
	if (w->date)
		snprintf(buf, cap, "%04d%02d%02d", (int)c->year, c->month, c->day);
	else
		snprintf(buf, cap, "%04d%02d%02dT%02d%02d%02d%s", (int)c->year, c->month, c->day,
			 c->hour, c->minute, c->second, w->utc ? "Z" : "");
}

/* A property's time value as a struct when: "Z" is UTC, a TZID names the
 * zone, otherwise def (the participant's zone or the event's). */
static bool
to_when(struct parse *p, icalproperty *prop, const char *name, struct icaltimetype t,
	const struct cp_tz *def, struct when *w)
{
	icalparameter *tzp = icalproperty_get_first_parameter(prop, ICAL_TZID_PARAMETER);
	char buf[40];

	memset(w, 0, sizeof(*w));
	w->wall.year = t.year;
	w->wall.month = t.month;
	w->wall.day = t.day;
	w->date = t.is_date != 0;
	if (!w->date) {
		w->wall.hour = t.hour;
		w->wall.minute = t.minute;
		w->wall.second = t.second;
	}
	w->utc = icaltime_is_utc(t) && !w->date;
	if (!cp_civil_valid(&w->wall)) {
		fmt_when(w, buf, sizeof(buf));
		return fail_ev(p, CP_ROSTER_FAULT_RANGE, name, "%s %s is not a valid date and time",
			       name, buf);
	}
	if (w->utc)
		return true;
	if (tzp) {
		const char *tzid = icalparameter_get_tzid(tzp);
		return lookup_tzid(p, name, tzid ? tzid : "", &w->zone);
	}
	w->zone = def;
	return true;
}

/* RFC 5545 3.3.5: a skipped wall time moves forward by the gap, a repeated
 * one means its first occurrence; both are cp_tz_to_utc()'s `earliest`. */
static cp_instant
wall_to_utc(const struct cp_tz *zone, bool utc, const struct cp_civil *wall)
{
	struct cp_tz_resolution r;
	if (utc)
		return cp_civil_to_instant(wall);
	cp_tz_to_utc(zone, wall, &r);
	return r.earliest;
}

static cp_instant
when_instant(const struct when *w)
{
	return wall_to_utc(w->zone, w->utc, &w->wall);
}

static int64_t
when_days(const struct when *w)
{
	return cp_days_from_civil(w->wall.year, w->wall.month, w->wall.day);
}

static void
add_days(struct cp_civil *c, int64_t days)
{
	cp_civil_from_days(cp_days_from_civil(c->year, c->month, c->day) + days, &c->year,
			   &c->month, &c->day);
}

static int
civil_cmp(const struct cp_civil *a, const struct cp_civil *b)
{
	const int av[6] = { (int)a->year, a->month, a->day, a->hour, a->minute, a->second };
	const int bv[6] = { (int)b->year, b->month, b->day, b->hour, b->minute, b->second };
	for (int i = 0; i < 6; i++)
		if (av[i] != bv[i])
			return av[i] < bv[i] ? -1 : 1;
	return 0;
}

/* ---- pass 2: libical's verdict on the values we use ------------------------- */

static const char *const time_props[] = {
	"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", NULL,
};

/* libical's X-LIC-ERROR texts read "Can't parse as RECUR value in RRULE
 * property. Removing entire property: FREQ=..." or "Invalid VALUE type for
 * property DTSTART: VALUE=FOO". Which property is meant shows as a word of
 * the text before the first ':'. */
static const char *
error_property(const char *msg)
{
	const char *colon = strchr(msg, ':');
	size_t head = colon ? (size_t)(colon - msg) : strlen(msg);

	for (size_t i = 0; time_props[i]; i++) {
		size_t n = strlen(time_props[i]);
		for (const char *s = msg; (s = strstr(s, time_props[i])) && (size_t)(s - msg) < head; s++) {
			bool before = s == msg || s[-1] == ' ';
			bool after = s[n] == ' ' || s[n] == ':' || s[n] == '.' || s[n] == '\0';
			if (before && after)
				return time_props[i];
		}
	}
	return NULL;
}

static bool
check_libical_errors(struct parse *p, icalcomponent *comp)
{
	char q[QBUF], q2[QBUF];

	for (icalproperty *x = icalcomponent_get_first_property(comp, ICAL_XLICERROR_PROPERTY); x;
	     x = icalcomponent_get_next_property(comp, ICAL_XLICERROR_PROPERTY)) {
		const char *msg = icalproperty_get_xlicerror(x);
		const char *prop = msg ? error_property(msg) : NULL;
		if (!prop)
			continue; /* about a property rosters do not use */
		const char *value = strstr(msg, "Removing entire property: ");
		enum cp_roster_fault st = strcmp(prop, "RRULE") == 0 ? CP_ROSTER_FAULT_RRULE
								     : CP_ROSTER_FAULT_PROPERTY;
		size_t head = value ? (size_t)(value - msg) : strlen(msg);
		while (head > 0 && (msg[head - 1] == ' ' || msg[head - 1] == '.'))
			head--;
		if (value && value[26])
			return fail_ev(p, st, prop, "%s \"%s\" cannot be read (libical: %s)", prop,
				       quote(value + 26, q), quote_n(msg, head, q2, sizeof(q2)));
		return fail_ev(p, st, prop, "%s cannot be read (libical: %s)", prop,
			       quote_n(msg, head, q2, sizeof(q2)));
	}
	return true;
}

static bool
value_is(icalproperty *prop, const char *a, const char *b)
{
	char *v = icalproperty_get_value_as_string_r(prop);
	bool r = v && (strcasecmp(v, a) == 0 || (b && strcasecmp(v, b) == 0));
	free(v);
	return r;
}

/* First look at an event: its errors, DTSTART, UID, status. */
/* Equal without case and surrounding blanks? */
static bool
same_kind(const char *a, const char *b)
{
	size_t la, lb;
	while (*a == ' ' || *a == '\t')
		a++;
	while (*b == ' ' || *b == '\t')
		b++;
	la = strlen(a);
	lb = strlen(b);
	while (la && (a[la - 1] == ' ' || a[la - 1] == '\t'))
		la--;
	while (lb && (b[lb - 1] == ' ' || b[lb - 1] == '\t'))
		lb--;
	if (la != lb)
		return false;
	for (size_t i = 0; i < la; i++)
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
			return false;
	return true;
}

/* Is the event of the kind the options select (see roster.h)? */
static bool
kind_selected(const struct parse *p, const struct event *ev)
{
	const char *summary = icalcomponent_get_summary(ev->comp);
	long match = -1;
	for (size_t k = 0; summary && match < 0 && k < p->opts->n_kinds; k++)
		if (p->opts->kinds[k] && same_kind(summary, p->opts->kinds[k]))
			match = (long)k;
	return p->opts->kind < 0 ? match < 0 : match == p->opts->kind;
}

static bool
prepare_event(struct parse *p, struct event *ev)
{
	icalproperty *prop;

	prop = icalcomponent_get_first_property(ev->comp, ICAL_UID_PROPERTY);
	ev->uid = prop ? icalproperty_get_uid(prop) : NULL;
	if (ev->uid && !ev->uid[0])
		ev->uid = NULL;
	if (!check_libical_errors(p, ev->comp))
		return false;
	prop = icalcomponent_get_first_property(ev->comp, ICAL_DTSTART_PROPERTY);
	if (!prop)
		return fail_ev(p, CP_ROSTER_FAULT_PROPERTY, NULL,
			       "no DTSTART: every event needs a start");
	if (!to_when(p, prop, "DTSTART", icalproperty_get_dtstart(prop), p->opts->floating_zone,
		     &ev->start))
		return false;
	/* "CANCELED" is a common misspelling (and libical's own enum name). */
	prop = icalcomponent_get_first_property(ev->comp, ICAL_STATUS_PROPERTY);
	ev->cancelled = prop && value_is(prop, "CANCELLED", "CANCELED");
	prop = icalcomponent_get_first_property(ev->comp, ICAL_TRANSP_PROPERTY);
	ev->skip = ev->cancelled || (prop && value_is(prop, "TRANSPARENT", NULL));
	if (p->opts->n_kinds && !kind_selected(p, ev))
		ev->skip = true; /* another kind's: read in its own pass */
	ev->rid_prop = icalcomponent_get_first_property(ev->comp, ICAL_RECURRENCEID_PROPERTY);
	return true;
}

/* The zone a value without TZID or "Z" is read in: the DTSTART's. */
static const struct cp_tz *
event_zone(const struct parse *p, const struct event *ev)
{
	return ev->start.utc ? p->opts->floating_zone : ev->start.zone;
}

/* A value without TZID under a UTC DTSTART is UTC as well. */
static void
inherit_utc(const struct event *ev, icalproperty *prop, struct when *w)
{
	if (ev->start.utc && !w->utc && !w->date &&
	    !icalproperty_get_first_parameter(prop, ICAL_TZID_PARAMETER)) {
		w->utc = true;
		w->zone = NULL;
	}
}

/* A value of property prop (called name in messages) of an event whose
 * DTSTART ev gives: read in ev's zone, UTC under a UTC DTSTART
 * (inherit_utc). False on a fault, recorded in p. */
static bool
event_when(struct parse *p, const struct event *ev, icalproperty *prop, const char *name,
	   struct icaltimetype t, struct when *w)
{
	if (!to_when(p, prop, name, t, event_zone(p, ev), w))
		return false;
	inherit_utc(ev, prop, w);
	return true;
}

/* ---- overrides (RECURRENCE-ID) --------------------------------------------- */

/* A master event (one without RECURRENCE-ID) by UID, for bsearch. */
struct master {
	const char *uid;
	size_t index;
};

static int
cmp_master(const void *pa, const void *pb)
{
	const struct master *a = pa, *b = pb;
	int c = strcmp(a->uid, b->uid);
	if (c != 0)
		return c;
	return (a->index > b->index) - (a->index < b->index);
}

static int
cmp_exclusion(const void *pa, const void *pb)
{
	const struct exclusion *a = pa, *b = pb;
	if (a->master != b->master)
		return a->master < b->master ? -1 : 1;
	return (a->at > b->at) - (a->at < b->at);
}

/* Link every override to its master: the master then skips the overridden
 * occurrence, and the override stands as an event of its own. */
static bool
link_overrides(struct parse *p)
{
	struct master *masters = NULL;
	size_t nmasters = 0;
	bool ok = true;

	for (size_t i = 0; i < p->nevents; i++)
		nmasters += p->events[i].uid && !p->events[i].rid_prop;
	if (nmasters) {
		masters = malloc(nmasters * sizeof(*masters));
		if (!masters)
			return nomem(p);
		nmasters = 0;
		for (size_t i = 0; i < p->nevents; i++) {
			if (p->events[i].uid && !p->events[i].rid_prop) {
				masters[nmasters].uid = p->events[i].uid;
				masters[nmasters].index = i;
				nmasters++;
			}
		}
		qsort(masters, nmasters, sizeof(*masters), cmp_master);
	}
	for (size_t i = 0; ok && i < p->nevents; i++) {
		struct event *ev = &p->events[i];
		size_t lo = 0, hi = nmasters;
		struct when w;

		if (!ev->rid_prop)
			continue;
		p->cur = i;
		if (!ev->uid) {
			ok = fail_ev(p, CP_ROSTER_FAULT_PROPERTY, "RECURRENCE-ID",
				     "has a RECURRENCE-ID but no UID to say which event it changes");
			break;
		}
		/* The first master with this UID (a file may repeat a UID). */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (strcmp(masters[mid].uid, ev->uid) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == nmasters || strcmp(masters[lo].uid, ev->uid) != 0)
			continue; /* an orphan override is an event like any other */
		const struct event *m = &p->events[masters[lo].index];
		ok = event_when(p, m, ev->rid_prop, "RECURRENCE-ID",
				icalproperty_get_recurrenceid(ev->rid_prop), &w);
		if (!ok)
			break;
		struct exclusion *e = cp_array_grow(p->excl, p->nexcl, &p->capexcl, sizeof(*e), 16);
		if (!e) {
			ok = nomem(p);
			break;
		}
		p->excl = e;
		p->excl[p->nexcl].master = masters[lo].index;
		p->excl[p->nexcl].at = when_instant(&w);
		p->nexcl++;
	}
	free(masters);
	p->cur = SIZE_MAX;
	if (ok && p->nexcl)
		qsort(p->excl, p->nexcl, sizeof(*p->excl), cmp_exclusion);
	return ok;
}

static bool
overridden(const struct parse *p, size_t master, cp_instant at)
{
	struct exclusion key = { .master = master, .at = at };
	return p->nexcl && bsearch(&key, p->excl, p->nexcl, sizeof(key), cmp_exclusion);
}

/* ---- pass 3: expansion --------------------------------------------------------- */

/* How long each occurrence of an event lasts. */
struct length {
	int64_t days;    /* added on the wall clock */
	int64_t seconds; /* added as elapsed time */
	/* DTEND in the DTSTART's zone: the wall-clock span from DTSTART to
	 * DTEND, whose end counts when it is later (see roster.h). */
	bool wall_span;
	int64_t wall_seconds;
};

struct expansion {
	struct event *ev;
	size_t index;
	struct length len;
	/* EXDATE */
	cp_instant *ex_at;
	size_t n_ex_at, cap_ex_at;
	int64_t *ex_days;
	size_t n_ex_days, cap_ex_days;
};

static bool
occurrence_end(const struct when *start, cp_instant s, const struct length *len, cp_instant *e)
{
	struct cp_civil wall = start->wall;

	if (len->days == 0) {
		*e = s + len->seconds;
	} else {
		add_days(&wall, len->days);
		if (!cp_civil_valid(&wall))
			return false;
		*e = wall_to_utc(start->zone, start->utc, &wall) + len->seconds;
	}
	if (len->wall_span) {
		cp_instant_to_civil(cp_civil_to_instant(&start->wall) + len->wall_seconds, &wall);
		if (!cp_civil_valid(&wall))
			return false;
		cp_instant w = wall_to_utc(start->zone, start->utc, &wall);
		if (w > *e)
			*e = w;
	}
	if (*e < s)
		*e = s;
	return true;
}

static int
cmp_i64(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
	return (a > b) - (a < b);
}

/* EXDATE (both lists sorted by collect_exdates()) or an override. */
static bool
excluded(const struct parse *p, const struct expansion *x, const struct when *w, cp_instant s)
{
	int64_t d = when_days(w);
	if (x->n_ex_at && bsearch(&s, x->ex_at, x->n_ex_at, sizeof(s), cmp_i64))
		return true;
	if (x->n_ex_days && bsearch(&d, x->ex_days, x->n_ex_days, sizeof(d), cmp_i64))
		return true;
	return overridden(p, x->index, s);
}

static bool
add_busy(struct parse *p, cp_instant s, cp_instant e)
{
	if (e <= p->opts->from || s >= p->opts->to || e <= s)
		return true;
	if (p->busy.count >= p->max_intervals)
		return fail_ev(p, CP_ROSTER_FAULT_LIMIT, NULL,
			       "more than %zu busy intervals in the horizon", p->max_intervals);
	if (!cp_interval_set_add(&p->busy, s, e))
		return nomem(p);
	return true;
}

/* One occurrence starting at wall time w (in the event's zone). */
static bool
emit(struct parse *p, struct expansion *x, const struct when *w)
{
	cp_instant s = when_instant(w), e;
	char buf[40];

	if (excluded(p, x, w, s))
		return true;
	if (!occurrence_end(w, s, &x->len, &e)) {
		fmt_when(w, buf, sizeof(buf));
		return fail_ev(p, CP_ROSTER_FAULT_RANGE, NULL,
			       "the occurrence at %s ends after the year 9999", buf);
	}
	return add_busy(p, s, e);
}

static bool
event_length(struct parse *p, struct expansion *x)
{
	struct event *ev = x->ev;
	icalproperty *dtend = icalcomponent_get_first_property(ev->comp, ICAL_DTEND_PROPERTY);
	icalproperty *dur = icalcomponent_get_first_property(ev->comp, ICAL_DURATION_PROPERTY);
	char b1[40], b2[40];

	x->len.days = 0;
	x->len.seconds = 0;
	if (dtend && dur)
		return fail_ev(p, CP_ROSTER_FAULT_PROPERTY, "DURATION",
			       "has both DTEND and DURATION; RFC 5545 allows one");
	if (dtend) {
		struct when end;
		if (!event_when(p, ev, dtend, "DTEND", icalproperty_get_dtend(dtend), &end))
			return false;
		fmt_when(&end, b1, sizeof(b1));
		fmt_when(&ev->start, b2, sizeof(b2));
		if (end.date != ev->start.date)
			return fail_ev(p, CP_ROSTER_FAULT_PROPERTY, "DTEND",
				       "DTEND %s and DTSTART %s must both be dates or both "
				       "date-times", b1, b2);
		if (end.date) {
			x->len.days = when_days(&end) - when_days(&ev->start);
			if (x->len.days < 0)
				return fail_ev(p, CP_ROSTER_FAULT_RANGE, "DTEND",
					       "DTEND %s is before DTSTART %s", b1, b2);
		} else {
			x->len.seconds = when_instant(&end) - when_instant(&ev->start);
			if (x->len.seconds < 0)
				return fail_ev(p, CP_ROSTER_FAULT_RANGE, "DTEND",
					       "DTEND %s is before DTSTART %s", b1, b2);
			x->len.wall_span = !end.utc && !ev->start.utc && end.zone == ev->start.zone;
			x->len.wall_seconds = cp_civil_to_instant(&end.wall) -
					      cp_civil_to_instant(&ev->start.wall);
		}
	} else if (dur) {
		struct icaldurationtype d = icalproperty_get_duration(dur);
		char *text = icalproperty_get_value_as_string_r(dur);
		if (d.is_neg) {
			fail_ev(p, CP_ROSTER_FAULT_RANGE, "DURATION", "DURATION %s is negative",
				text ? text : "");
			free(text);
			return false;
		}
		free(text);
		x->len.days = (int64_t)d.weeks * 7 + d.days;
		x->len.seconds = (int64_t)d.hours * 3600 + (int64_t)d.minutes * 60 + d.seconds;
	} else if (ev->start.date) {
		x->len.days = 1; /* RFC 5545 3.6.1: an all-day event lasts one day */
	}
	return true;
}

/* Append v to the growing array *a (*n used, *cap allocated); false when
 * out of memory (then recorded in p). Instants and day numbers alike are
 * int64_t. */
static bool
push_i64(struct parse *p, int64_t **a, size_t *n, size_t *cap, int64_t v)
{
	int64_t *b = cp_array_grow(*a, *n, cap, sizeof(*b), 8);

	if (!b)
		return nomem(p);
	*a = b;
	(*a)[(*n)++] = v;
	return true;
}

static bool
collect_exdates(struct parse *p, struct expansion *x)
{
	struct event *ev = x->ev;

	for (icalproperty *prop = icalcomponent_get_first_property(ev->comp, ICAL_EXDATE_PROPERTY);
	     prop; prop = icalcomponent_get_next_property(ev->comp, ICAL_EXDATE_PROPERTY)) {
		struct when w;
		if (!event_when(p, ev, prop, "EXDATE", icalproperty_get_exdate(prop), &w))
			return false;
		if (w.date ? !push_i64(p, &x->ex_days, &x->n_ex_days, &x->cap_ex_days, when_days(&w))
			   : !push_i64(p, &x->ex_at, &x->n_ex_at, &x->cap_ex_at, when_instant(&w)))
			return false;
	}
	if (x->n_ex_at)
		qsort(x->ex_at, x->n_ex_at, sizeof(*x->ex_at), cmp_i64);
	if (x->n_ex_days)
		qsort(x->ex_days, x->n_ex_days, sizeof(*x->ex_days), cmp_i64);
	return true;
}

static bool
expand_rdates(struct parse *p, struct expansion *x)
{
	struct event *ev = x->ev;

	for (icalproperty *prop = icalcomponent_get_first_property(ev->comp, ICAL_RDATE_PROPERTY);
	     prop; prop = icalcomponent_get_next_property(ev->comp, ICAL_RDATE_PROPERTY)) {
		struct icaldatetimeperiodtype r = icalproperty_get_rdate(prop);
		icalvalue *v = icalproperty_get_value(prop);
		struct when w, we;
		char b1[40], b2[40];

		if (!v || icalvalue_isa(v) != ICAL_PERIOD_VALUE) {
			if (!event_when(p, ev, prop, "RDATE", r.time, &w))
				return false;
			if (!emit(p, x, &w))
				return false;
			continue;
		}
		/* A period carries its own end. */
		if (!event_when(p, ev, prop, "RDATE", r.period.start, &w))
			return false;
		cp_instant s = when_instant(&w), e;
		if (!icaltime_is_null_time(r.period.end)) {
			if (!event_when(p, ev, prop, "RDATE", r.period.end, &we))
				return false;
			e = when_instant(&we);
			if (e < s) {
				fmt_when(&w, b1, sizeof(b1));
				fmt_when(&we, b2, sizeof(b2));
				return fail_ev(p, CP_ROSTER_FAULT_RANGE, "RDATE",
					       "RDATE period %s/%s ends before it starts", b1, b2);
			}
		} else {
			struct icaldurationtype d = r.period.duration;
			struct length len = {
				.days = (int64_t)d.weeks * 7 + d.days,
				.seconds = (int64_t)d.hours * 3600 + (int64_t)d.minutes * 60 + d.seconds,
			};
			if (d.is_neg) {
				fmt_when(&w, b1, sizeof(b1));
				return fail_ev(p, CP_ROSTER_FAULT_RANGE, "RDATE",
					       "RDATE period from %s has a negative duration", b1);
			}
			if (!occurrence_end(&w, s, &len, &e))
				return fail_ev(p, CP_ROSTER_FAULT_RANGE, "RDATE",
					       "RDATE period ends after the year 9999");
		}
		if (!excluded(p, x, &w, s) && !add_busy(p, s, e))
			return false;
	}
	return true;
}

static bool
numeric_byday(const struct icalrecurrencetype *r)
{
	for (int i = 0; i < ICAL_BY_DAY_SIZE && r->by_day[i] != ICAL_RECURRENCE_ARRAY_MAX; i++)
		if (icalrecurrencetype_day_position(r->by_day[i]) != 0)
			return true;
	return false;
}

static bool
expand_rrule(struct parse *p, struct expansion *x, icalproperty *prop)
{
	struct event *ev = x->ev;
	struct icalrecurrencetype rule = icalproperty_get_rrule(prop);
	struct icaltimetype until = rule.until, dt = icaltime_null_time(), t;
	struct when uw = { 0 }, w = ev->start;
	cp_instant until_at = 0;
	/* Occurrences are generated in increasing wall time; a day of slack
	 * covers any UTC offset change. */
	cp_instant stop = p->opts->to > INT64_MAX - 2 * DAY ? INT64_MAX : p->opts->to + 2 * DAY;
	icalrecur_iterator *it;
	char *text = icalproperty_get_value_as_string_r(prop);
	char q[QBUF];
	bool ok = true;

	if (rule.freq == ICAL_NO_RECURRENCE) {
		ok = fail_ev(p, CP_ROSTER_FAULT_RRULE, "RRULE", "RRULE \"%s\" has no valid FREQ",
			     quote(text ? text : "", q));
		goto out;
	}
	if (numeric_byday(&rule) && rule.freq != ICAL_MONTHLY_RECURRENCE &&
	    rule.freq != ICAL_YEARLY_RECURRENCE) {
		/* RFC 5545 3.3.10 forbids it, and libical 3.0 then yields days
		 * that match nothing in the rule. */
		ok = fail_ev(p, CP_ROSTER_FAULT_RRULE, "RRULE",
			     "RRULE \"%s\": BYDAY with a number (like 2MO) needs "
			     "FREQ=MONTHLY or FREQ=YEARLY", quote(text ? text : "", q));
		goto out;
	}
	/* libical compares a UTC UNTIL against zone-less wall times and would
	 * cut off or add occurrences by the UTC offset; apply it here. */
	if (!icaltime_is_null_time(until)) {
		const struct icaltimetype u = until;
		uw.wall.year = u.year;
		uw.wall.month = u.month;
		uw.wall.day = u.day;
		uw.date = u.is_date != 0;
		if (!uw.date) {
			uw.wall.hour = u.hour;
			uw.wall.minute = u.minute;
			uw.wall.second = u.second;
		}
		uw.utc = icaltime_is_utc(until) && !until.is_date;
		if (!cp_civil_valid(&uw.wall)) {
			ok = fail_ev(p, CP_ROSTER_FAULT_RRULE, "RRULE",
				     "RRULE \"%s\": UNTIL is not a valid date",
				     quote(text ? text : "", q));
			goto out;
		}
		if (uw.utc)
			until_at = cp_civil_to_instant(&uw.wall);
		rule.until = icaltime_null_time();
	}
	dt.year = ev->start.wall.year;
	dt.month = ev->start.wall.month;
	dt.day = ev->start.wall.day;
	dt.is_date = ev->start.date;
	if (!ev->start.date) {
		dt.hour = ev->start.wall.hour;
		dt.minute = ev->start.wall.minute;
		dt.second = ev->start.wall.second;
	}
	it = icalrecur_iterator_new(rule, dt);
	if (!it) {
		ok = fail_ev(p, CP_ROSTER_FAULT_RRULE, "RRULE",
			     "RRULE \"%s\" cannot be expanded (libical rejects it)",
			     quote(text ? text : "", q));
		goto out;
	}
	while (ok) {
		t = icalrecur_iterator_next(it);
		if (icaltime_is_null_time(t))
			break;
		if (++p->iterations > p->max_steps) {
			ok = fail_ev(p, CP_ROSTER_FAULT_LIMIT, "RRULE",
				     "RRULE \"%s\" needs more than %zu steps to reach the end "
				     "of the horizon", quote(text ? text : "", q), p->max_steps);
			break;
		}
		w.wall.year = t.year;
		w.wall.month = t.month;
		w.wall.day = t.day;
		if (!w.date) {
			w.wall.hour = t.hour;
			w.wall.minute = t.minute;
			w.wall.second = t.second;
		}
		if (!cp_civil_valid(&w.wall))
			break; /* past the year 9999 */
		cp_instant s = when_instant(&w);
		if (!icaltime_is_null_time(until)) {
			bool past;
			if (uw.date || w.date)
				past = when_days(&w) > when_days(&uw);
			else if (uw.utc)
				past = s > until_at;
			else
				past = civil_cmp(&w.wall, &uw.wall) > 0;
			if (past)
				break;
		}
		if (s >= stop)
			break;
		ok = emit(p, x, &w);
	}
	icalrecur_iterator_free(it);
out:
	free(text);
	return ok;
}

static bool
expand_event(struct parse *p, size_t index)
{
	struct event *ev = &p->events[index];
	struct expansion x = { .ev = ev, .index = index };
	bool ok;

	if (ev->skip)
		return true; /* cancelled or transparent: blocks no time */
	p->cur = index;
	ok = event_length(p, &x) && collect_exdates(p, &x);
	/* A date-time event without DTEND or DURATION lasts no time. */
	if (ok && (x.len.days || x.len.seconds)) {
		ok = emit(p, &x, &ev->start);
		for (icalproperty *prop = icalcomponent_get_first_property(ev->comp, ICAL_RRULE_PROPERTY);
		     ok && prop; prop = icalcomponent_get_next_property(ev->comp, ICAL_RRULE_PROPERTY))
			ok = expand_rrule(p, &x, prop);
		ok = ok && expand_rdates(p, &x);
	}
	free(x.ex_at);
	free(x.ex_days);
	p->cur = SIZE_MAX;
	return ok;
}

/* ---- driver ---------------------------------------------------------------------- */

/* The VCALENDARs of a parse: the root itself, or the children of the XROOT
 * libical wraps several calendars in. */
static icalcomponent *
first_calendar(icalcomponent *root)
{
	if (icalcomponent_isa(root) == ICAL_XROOT_COMPONENT)
		return icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT);
	return root;
}

static icalcomponent *
next_calendar(icalcomponent *root)
{
	if (icalcomponent_isa(root) == ICAL_XROOT_COMPONENT)
		return icalcomponent_get_next_component(root, ICAL_VCALENDAR_COMPONENT);
	return NULL;
}

static bool
collect_events(struct parse *p, icalcomponent *root)
{
	size_t n = 0;

	for (icalcomponent *cal = first_calendar(root); cal; cal = next_calendar(root))
		n += (size_t)icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT);
	p->events = calloc(n ? n : 1, sizeof(*p->events));
	if (!p->events)
		return nomem(p);
	for (icalcomponent *cal = first_calendar(root); cal; cal = next_calendar(root)) {
		for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
		     ev && p->nevents < n;
		     ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
			p->events[p->nevents].comp = ev;
			p->events[p->nevents].cal = cal;
			p->nevents++;
		}
	}
	/* Our scan and libical must agree on the events, or the line numbers
	 * of our messages would point at the wrong one. */
	p->lines_known = p->nevents == p->nblocks;
	return true;
}

static bool
parse_locked(struct parse *p)
{
	icalcomponent *root;
	char *copy;
	bool ok = true;

	copy = malloc(p->len + 1);
	if (!copy)
		return nomem(p);
	memcpy(copy, p->text, p->len);
	copy[p->len] = '\0';
	root = icalparser_parse_string(copy);
	free(copy);
	if (!root)
		return fail_at(p, CP_ROSTER_FAULT_SYNTAX, 0, "libical cannot parse the file");
	if (icalcomponent_isa(root) != ICAL_VCALENDAR_COMPONENT &&
	    icalcomponent_isa(root) != ICAL_XROOT_COMPONENT) {
		icalcomponent_free(root);
		return fail_at(p, CP_ROSTER_FAULT_SYNTAX, 0,
			       "libical finds no VCALENDAR in the file");
	}
	ok = collect_events(p, root);
	for (size_t i = 0; ok && i < p->nevents; i++) {
		p->cur = i;
		ok = prepare_event(p, &p->events[i]);
	}
	p->cur = SIZE_MAX;
	ok = ok && link_overrides(p);
	for (size_t i = 0; ok && i < p->nevents; i++)
		ok = expand_event(p, i);
	icalcomponent_free(root);
	return ok;
}

bool
cp_roster_parse(const char *text, size_t len, const struct cp_roster_options *opts,
		struct cp_interval_set *out, struct cp_error *err)
{
	struct parse p = {
		.text = text,
		.len = len,
		.opts = opts,
		.source = opts && opts->source ? opts->source : "roster",
		.err = err,
		.cur = SIZE_MAX,
	};
	bool ok;

	cp_interval_set_init(&p.busy);
	cp_error_clear(err);
	if (!opts || !opts->tzdb || !opts->floating_zone || !out || (!text && len))
		return fail_at(&p, CP_ROSTER_FAULT_ARGUMENT, 0,
			       "missing argument (text, zone database, floating zone or output)");
	if (opts->from >= opts->to)
		return fail_at(&p, CP_ROSTER_FAULT_ARGUMENT, 0, "empty horizon (from >= to)");
	if (len > CP_ROSTER_MAX_BYTES)
		return fail_at(&p, CP_ROSTER_FAULT_LIMIT, 0, "%zu bytes, more than the %u allowed",
			       len, CP_ROSTER_MAX_BYTES);
	p.max_intervals = opts->max_intervals ? opts->max_intervals
					      : CP_ROSTER_DEFAULT_MAX_INTERVALS;
	p.max_steps = opts->max_steps ? opts->max_steps : CP_ROSTER_DEFAULT_MAX_STEPS;
	if (!text)
		text = p.text = "";

	ok = scan(&p);
	if (ok) {
		cp_ical_lock();
		ok = parse_locked(&p);
		cp_ical_unlock();
	}
	if (ok) {
		cp_interval_set_normalize(&p.busy);
		if (!cp_interval_set_add_set(out, &p.busy))
			ok = nomem(&p);
		else
			cp_interval_set_normalize(out);
	}
	cp_interval_set_finish(&p.busy);
	free(p.blocks);
	free(p.events);
	free(p.excl);
	return ok;
}

static bool
load_error(struct cp_error *err, enum cp_roster_fault st, const char *source,
	   const char *what)
{
	if (cp_error_set(err, fault_status(st), "%s: %s", source, what) != CP_OK && err)
		err->code = (int)st;
	return false;
}

bool
cp_roster_load(const char *path, const struct cp_roster_options *opts,
	       struct cp_interval_set *out, struct cp_error *err)
{
	struct cp_roster_options o;
	size_t len;
	char *buf, what[96];
	enum cp_read_status rs;
	int e;
	bool ok;

	if (!path || !opts)
		return load_error(err, CP_ROSTER_FAULT_ARGUMENT, "roster",
				  "missing path or options");
	o = *opts;
	if (!o.source)
		o.source = path;
	/* Regular files only: a FIFO would block, a device never end. */
	rs = cp_read_file(path, CP_ROSTER_MAX_BYTES, CP_READ_REGULAR_ONLY, &buf, &len, &e);
	switch (rs) {
	case CP_READ_OK:
		break;
	case CP_READ_ERR_NOMEM:
		return load_error(err, CP_ROSTER_FAULT_NOMEM, o.source, "out of memory");
	case CP_READ_ERR_TOO_BIG:
		snprintf(what, sizeof(what), "more than the %u bytes allowed", CP_ROSTER_MAX_BYTES);
		return load_error(err, CP_ROSTER_FAULT_LIMIT, o.source, what);
	case CP_READ_ERR_NOT_FILE:
		return load_error(err, CP_ROSTER_FAULT_IO, o.source, "not a regular file");
	case CP_READ_ERR_OPEN:
		snprintf(what, sizeof(what), "cannot open: %s", strerror(e));
		return load_error(err, CP_ROSTER_FAULT_IO, o.source, what);
	default:
		return load_error(err, CP_ROSTER_FAULT_IO, o.source, "read error");
	}
	ok = cp_roster_parse(buf, len, &o, out, err);
	free(buf);
	return ok;
}

void
cp_roster_cleanup(void)
{
	cp_ical_lock();
	icaltimezone_free_builtin_timezones();
	icalmemory_free_ring();
	cp_ical_unlock();
}
