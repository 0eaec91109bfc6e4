/*
 * Rosters from .ics files: fixtures with hand-computed UTC instants (from
 * the facts in docs/domain.md: Beirut +03 -> +02 at 2024-10-27 00:00
 * local, Brussels +01/+02, Amman +03, Casablanca +00 during Ramadan), and a
 * corpus of broken files whose error must name the right line and value.
 */
#include "tz-test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/interval.h>

#include <libical/ical.h>

#include "ical/ical_tz.h"
#include "ical/roster.h"
#include "test-config.h"

#define FIXTURES CP_SOURCE_ROOT "/tests/calendar/fixtures"

static struct cp_tzdb *db;

static cp_instant
utc(const char *s)
{
	cp_instant t = 0;
	if (!cp_parse_utc(s, &t)) {
		fprintf(stderr, "bad test instant %s\n", s);
		exit(2);
	}
	return t;
}

/* Recurrence steps allowed per file; 0 for the default. The broken corpus
 * uses a lower cap so that its runaway rule stays quick under valgrind
 * (libical 3.0 takes about 2 us a step, natively). */
static size_t max_steps;

static bool
load(const char *name, const char *zone, const char *from, const char *to,
     struct cp_interval_set *out, struct cp_error *err)
{
	char path[512];
	struct cp_roster_options o = {
		.source = name,
		.tzdb = db,
		.floating_zone = tt_zone(db, zone),
		.from = utc(from),
		.to = utc(to),
		.max_steps = max_steps,
	};
	snprintf(path, sizeof(path), "%s/%s", FIXTURES, name);
	return cp_roster_load(path, &o, out, err);
}

struct span {
	const char *start, *end;
};

/* The set must be exactly these intervals, in this order. */
static void
expect_spans(const char *what, const struct cp_interval_set *s, const struct span *want,
	     size_t n)
{
	char a[32], b[32];

	CHECK(s->normalized, "%s: normalized", what);
	CHECK_INT(s->count, n, "%s: number of busy intervals", what);
	for (size_t i = 0; i < n && i < s->count; i++) {
		cp_instant ws = utc(want[i].start), we = utc(want[i].end);
		CHECK(s->items[i].start == ws && s->items[i].end == we,
		      "%s: interval %zu is %s..%s, expected %s..%s", what, i,
		      tt_utc_str(s->items[i].start, a), tt_utc_str(s->items[i].end, b),
		      want[i].start, want[i].end);
	}
	for (size_t i = n; i < s->count; i++)
		CHECK(false, "%s: unexpected interval %s..%s", what,
		      tt_utc_str(s->items[i].start, a), tt_utc_str(s->items[i].end, b));
}

/* Load fixture `name` for a participant in `zone` over [from, to) into the
 * empty set s, which must then be exactly want[0..n). */
static void
expect_loaded(const char *what, const char *name, const char *zone, const char *from,
	      const char *to, struct cp_interval_set *s, const struct span *want, size_t n)
{
	struct cp_error err;

	CHECK(load(name, zone, from, to, s, &err), "%s: %s", what, err.message);
	expect_spans(what, s, want, n);
}

/* The same into a set of its own. */
static void
expect_file(const char *what, const char *name, const char *zone, const char *from,
	    const char *to, const struct span *want, size_t n)
{
	struct cp_interval_set s;

	cp_interval_set_init(&s);
	expect_loaded(what, name, zone, from, to, &s, want, n);
	cp_interval_set_finish(&s);
}

static void
test_rotation(void)
{
	/* 07:00 Beirut is 04:00Z up to 2024-10-26 and 05:00Z from 2024-10-27;
	 * 22:00 Beirut is 19:00Z on 10-25 and 10-26, 20:00Z on 10-27. */
	static const struct span want[] = {
		{ "2024-10-21T04:00:00Z", "2024-10-21T12:00:00Z" }, /* early Mo */
		/* early Tu 10-22 removed by EXDATE */
		{ "2024-10-23T04:00:00Z", "2024-10-23T12:00:00Z" }, /* early We */
		{ "2024-10-25T19:00:00Z", "2024-10-26T03:00:00Z" }, /* night Fr */
		{ "2024-10-26T19:00:00Z", "2024-10-27T03:00:00Z" }, /* night Sa, across the change */
		{ "2024-10-27T20:00:00Z", "2024-10-28T04:00:00Z" }, /* night Su */
		{ "2024-10-28T13:00:00Z", "2024-10-28T21:00:00Z" }, /* late */
		{ "2024-10-29T13:00:00Z", "2024-10-29T21:00:00Z" },
		{ "2024-10-30T13:00:00Z", "2024-10-30T21:00:00Z" },
		{ "2024-11-04T05:00:00Z", "2024-11-04T13:00:00Z" }, /* early, winter time */
		{ "2024-11-05T05:00:00Z", "2024-11-05T13:00:00Z" },
		/* UNTIL=20241106T050000Z is exactly this start: included */
		{ "2024-11-06T05:00:00Z", "2024-11-06T13:00:00Z" },
		{ "2024-11-11T13:00:00Z", "2024-11-11T21:00:00Z" }, /* late, COUNT=6 */
		{ "2024-11-12T13:00:00Z", "2024-11-12T21:00:00Z" },
		{ "2024-11-13T13:00:00Z", "2024-11-13T21:00:00Z" },
	};
	struct cp_interval_set s;

	cp_interval_set_init(&s);
	expect_loaded("rotation", "rotation-beirut.ics", "Asia/Beirut", "2024-10-01T00:00:00Z",
		      "2025-01-01T00:00:00Z", &s, want, sizeof(want) / sizeof(want[0]));

	/* The participant's own zone does not matter: every time has a TZID. */
	expect_file("rotation, participant elsewhere", "rotation-beirut.ics", "America/Mexico_City",
		    "2024-10-01T00:00:00Z", "2025-01-01T00:00:00Z", want,
		    sizeof(want) / sizeof(want[0]));

	/* A horizon keeps whole intervals that overlap it. */
	cp_interval_set_clear(&s);
	expect_loaded("rotation, horizon", "rotation-beirut.ics", "Asia/Beirut",
		      "2024-10-28T00:00:00Z", "2024-11-05T00:00:00Z", &s, want + 4, 5);

	/* Queries the engine will ask. */
	CHECK(!cp_interval_set_overlaps(&s, utc("2024-10-29T06:00:00Z"), utc("2024-10-29T09:00:00Z")),
	      "a lesson on the morning of a late shift is clear");
	CHECK(cp_interval_set_overlaps(&s, utc("2024-10-29T06:00:00Z") - 0,
				       utc("2024-10-29T13:00:00Z") + 1800),
	      "a lesson running into the late shift is not");
	cp_interval_set_finish(&s);
}

static void
test_floating(void)
{
	struct cp_interval_set s;

	/* Floating 09:00-17:00 in Amman (+03 all year since 2022). */
	static const struct span amman[] = {
		{ "2024-03-05T06:00:00Z", "2024-03-05T14:00:00Z" },
		{ "2024-03-06T10:00:00Z", "2024-03-06T11:30:00Z" }, /* the UTC event */
		{ "2024-03-07T19:00:00Z", "2024-03-08T03:00:00Z" }, /* night across midnight */
		{ "2024-03-12T06:00:00Z", "2024-03-12T14:00:00Z" },
	};
	/* The same file for someone in Casablanca: +01, but +00 during
	 * Ramadan from 2024-03-10. */
	static const struct span casablanca[] = {
		{ "2024-03-05T08:00:00Z", "2024-03-05T16:00:00Z" },
		{ "2024-03-06T10:00:00Z", "2024-03-06T11:30:00Z" },
		{ "2024-03-07T21:00:00Z", "2024-03-08T05:00:00Z" },
		{ "2024-03-12T09:00:00Z", "2024-03-12T17:00:00Z" },
	};

	cp_interval_set_init(&s);
	expect_loaded("floating, Amman", "floating.ics", "Asia/Amman", "2024-03-01T00:00:00Z",
		      "2024-04-01T00:00:00Z", &s, amman, 4);
	cp_interval_set_clear(&s);
	expect_loaded("floating, Casablanca", "floating.ics", "Africa/Casablanca",
		      "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z", &s, casablanca, 4);
	cp_interval_set_finish(&s);
}

static void
test_status(void)
{
	/* Brussels is +01 until 2024-03-31; the all-day event is read in the
	 * participant's zone, Beirut (+02 until 2024-03-31). */
	static const struct span want[] = {
		{ "2024-03-04T17:00:00Z", "2024-03-04T19:00:00Z" }, /* weekly */
		/* 03-05 cancelled event, 03-06 transparent event: not busy */
		{ "2024-03-07T17:00:00Z", "2024-03-07T19:00:00Z" }, /* RDATE */
		/* 03-11 moved by the override to 03-12 19:00 */
		{ "2024-03-12T18:00:00Z", "2024-03-12T20:00:00Z" },
		/* 03-18 cancelled by an override */
		{ "2024-03-19T22:00:00Z", "2024-03-21T22:00:00Z" }, /* all day 03-20, 03-21 */
		/* 03-23 event without end: no busy time */
		{ "2024-03-25T17:00:00Z", "2024-03-25T19:00:00Z" }, /* weekly, COUNT=4 */
		{ "2024-04-01T08:00:00Z", "2024-04-01T09:00:00Z" },
		{ "2024-04-02T08:00:00Z", "2024-04-02T10:00:00Z" }, /* PERIOD with duration */
		{ "2024-04-03T08:00:00Z", "2024-04-03T08:30:00Z" }, /* PERIOD with end */
	};
	expect_file("status", "status.ics", "Asia/Beirut", "2024-03-01T00:00:00Z",
		    "2024-05-01T00:00:00Z", want, sizeof(want) / sizeof(want[0]));
}

static void
test_tzids(void)
{
	static const struct span want[] = {
		{ "2024-03-09T11:00:00Z", "2024-03-10T12:00:00Z" }, /* P1D across Casablanca's +01 -> +00 */
		{ "2024-03-31T01:30:00Z", "2024-03-31T02:30:00Z" }, /* 02:30 skipped: 03:30 CEST */
		{ "2024-10-27T00:30:00Z", "2024-10-27T01:30:00Z" }, /* 02:30 twice: the first */
		{ "2024-10-28T05:00:00Z", "2024-10-28T06:00:00Z" }, /* TZID=Asia/Beirut */
		{ "2024-11-04T05:00:00Z", "2024-11-04T06:00:00Z" }, /* /freeassociation.../Asia/Beirut, folded */
		{ "2024-11-11T05:00:00Z", "2024-11-11T06:00:00Z" }, /* VTIMEZONE X-LIC-LOCATION */
		{ "2024-11-18T05:00:00Z", "2024-11-18T06:00:00Z" }, /* Windows name */
	};
	expect_file("tzid", "tzid.ics", "UTC", "2024-01-01T00:00:00Z",
		    "2025-01-01T00:00:00Z", want, sizeof(want) / sizeof(want[0]));
}

static void
test_night_change(void)
{
	static const struct span want[] = {
		/* PT8H from 22:00 (+02) on the eve of spring forward: 07:00 (+03) */
		{ "2024-03-30T20:00:00Z", "2024-03-31T04:00:00Z" },
		{ "2024-10-25T19:00:00Z", "2024-10-26T03:00:00Z" },
		/* DTEND 06:00: eight hours by the first night, nine by the
		 * clock; the later end counts */
		{ "2024-10-26T19:00:00Z", "2024-10-27T04:00:00Z" },
		{ "2024-10-27T20:00:00Z", "2024-10-28T04:00:00Z" },
		{ "2024-11-01T20:00:00Z", "2024-11-02T04:00:00Z" },
	};
	expect_file("night-change", "night-change.ics", "Asia/Beirut", "2024-01-01T00:00:00Z",
		    "2025-01-01T00:00:00Z", want, sizeof(want) / sizeof(want[0]));
}

/* ---- broken files ---------------------------------------------------------- */

static void
test_broken(void)
{
	static const struct {
		const char *file;
		enum cp_roster_fault fault;
		unsigned line;
		const char *needle[3];
	} cases[] = {
		{ "not-ical.ics", CP_ROSTER_FAULT_NOT_ICAL, 1,
		  { "not an iCalendar file", "starts with \"{\\x22participants\\x22:", "BEGIN:VCALENDAR" } },
		{ "empty.ics", CP_ROSTER_FAULT_NOT_ICAL, 0, { "empty" } },
		{ "truncated.ics", CP_ROSTER_FAULT_SYNTAX, 7,
		  { "ends inside BEGIN:VEVENT from line 4", "truncated" } },
		{ "truncated-line.ics", CP_ROSTER_FAULT_SYNTAX, 6,
		  { "\"DTEND;TZID=Asia/Be\"", "not an iCalendar content line" } },
		{ "no-dtstart.ics", CP_ROSTER_FAULT_PROPERTY, 8,
		  { "event 2 (UID no-start@broken.example)", "no DTSTART" } },
		{ "bad-rrule.ics", CP_ROSTER_FAULT_RRULE, 7,
		  { "event 1 (UID fortnight@broken.example)", "RRULE", "FREQ=FORTNIGHTLY;BYDAY=MO" } },
		{ "bad-rrule-byday.ics", CP_ROSTER_FAULT_RRULE, 7, { "FREQ=WEEKLY;BYDAY=2MO", "MONTHLY" } },
		{ "unknown-tzid.ics", CP_ROSTER_FAULT_UNKNOWN_TZID, 5,
		  { "DTSTART has unknown TZID \"Asia/Beyrouth\"", "tzdata " CP_TZDATA_VERSION } },
		{ "tzid-case.ics", CP_ROSTER_FAULT_UNKNOWN_TZID, 5,
		  { "\"asia/beirut\"", "did you mean \"Asia/Beirut\"" } },
		{ "dtend-before.ics", CP_ROSTER_FAULT_RANGE, 6,
		  { "UID backwards@broken.example", "DTEND 20241028T050000 is before DTSTART 20241028T070000" } },
		{ "mismatched-end.ics", CP_ROSTER_FAULT_SYNTAX, 6,
		  { "END:VTODO does not close BEGIN:VEVENT from line 3" } },
		{ "bad-date.ics", CP_ROSTER_FAULT_RANGE, 5, { "DTSTART 20241341T070000Z is not a valid date" } },
		{ "bad-dtstart-value.ics", CP_ROSTER_FAULT_PROPERTY, 5, { "DTSTART", "cannot be read" } },
		{ "dtend-and-duration.ics", CP_ROSTER_FAULT_PROPERTY, 7, { "both DTEND and DURATION" } },
		{ "negative-duration.ics", CP_ROSTER_FAULT_RANGE, 6, { "DURATION -PT8H is negative" } },
		{ "runaway-rrule.ics", CP_ROSTER_FAULT_LIMIT, 7, { "RRULE \"FREQ=SECONDLY\"", "more than 20000 steps" } },
		{ "after-end.ics", CP_ROSTER_FAULT_SYNTAX, 9, { "\"Regards, the HR department\" after END:VCALENDAR" } },
		{ "nested-event.ics", CP_ROSTER_FAULT_SYNTAX, 6, { "BEGIN:VEVENT inside BEGIN:VEVENT from line 3" } },
		{ "rid-without-uid.ics", CP_ROSTER_FAULT_PROPERTY, 4, { "RECURRENCE-ID but no UID" } },
	};
	char name[128];

	max_steps = 20000;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cp_interval_set s;
		struct cp_error err = { 0 };

		/* out must be left exactly as it was. */
		cp_interval_set_init(&s);
		CHECK(cp_interval_set_add(&s, 1, 2), "seed");
		snprintf(name, sizeof(name), "broken/%s", cases[i].file);
		CHECK(!load(name, "Asia/Beirut", "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z", &s,
			    &err), "%s must fail", name);
		CHECK(s.count == 1 && s.items[0].start == 1 && s.items[0].end == 2,
		      "%s: output untouched", name);
		CHECK_INT(err.status, CP_ERR_INVALID, "%s: status (%s)", name, err.message);
		CHECK_INT(err.code, cases[i].fault, "%s: fault (%s)", name, err.message);
		/* The "did you mean" is a field too, not only words in the message. */
		CHECK_STR(err.suggestion, strcmp(cases[i].file, "tzid-case.ics") == 0 ? "Asia/Beirut" : "",
			  "%s: suggestion", name);
		CHECK_INT(err.line, cases[i].line, "%s: line (%s)", name, err.message);
		CHECK(strncmp(err.message, name, strlen(name)) == 0,
		      "%s: message names the file: %s", name, err.message);
		if (cases[i].line) {
			char where[160];
			snprintf(where, sizeof(where), "%s:%u: ", name, cases[i].line);
			CHECK(strncmp(err.message, where, strlen(where)) == 0,
			      "%s: message starts with \"%s\": %s", name, where, err.message);
		}
		for (int k = 0; k < 3 && cases[i].needle[k]; k++)
			CHECK(strstr(err.message, cases[i].needle[k]) != NULL,
			      "%s: \"%s\" should contain \"%s\"", name, err.message,
			      cases[i].needle[k]);
		CHECK(strchr(err.message, '\n') == NULL, "%s: one line", name);
		cp_interval_set_finish(&s);
	}
	max_steps = 0;
}

static void
test_inline_errors(void)
{
	struct cp_roster_options o = {
		.source = "inline",
		.tzdb = db,
		.floating_zone = tt_zone(db, "Asia/Beirut"),
		.from = utc("2024-01-01T00:00:00Z"),
		.to = utc("2025-01-01T00:00:00Z"),
	};
	struct cp_interval_set s;
	struct cp_error err;
	static const char binary[] = "BEGIN:VCALENDAR\r\nX-DATA:\x89PNG\0\0\r\nEND:VCALENDAR\r\n";

	cp_interval_set_init(&s);
	CHECK(!cp_roster_parse(binary, sizeof(binary) - 1, &o, &s, &err) &&
	      err.code == CP_ROSTER_FAULT_NOT_ICAL && err.line == 2 && strstr(err.message, "NUL"),
	      "NUL byte: %s", err.message);
	const char min[] = "BEGIN:VCALENDAR\nEND:VCALENDAR\n";
	CHECK(cp_roster_parse(min, strlen(min), &o, &s, &err) && s.count == 0,
	      "an empty calendar is an empty roster");
	struct cp_roster_options bad = o;
	bad.to = bad.from;
	CHECK(!cp_roster_parse(min, strlen(min), &bad, &s, &err) &&
	      err.code == CP_ROSTER_FAULT_ARGUMENT, "empty horizon");
	bad = o;
	bad.floating_zone = NULL;
	CHECK(!cp_roster_parse(min, strlen(min), &bad, &s, &err) &&
	      err.code == CP_ROSTER_FAULT_ARGUMENT, "no zone");
	CHECK(!cp_roster_load(FIXTURES "/no-such-file.ics", &o, &s, &err) &&
	      err.status == CP_ERR_IO && err.code == CP_ROSTER_FAULT_IO && strstr(err.message, "inline: cannot open"),
	      "missing file: %s", err.message);
	/* A short cap on intervals. */
	const char many[] = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:d\nDTSTART:20240101T080000Z\n"
			    "DURATION:PT1H\nRRULE:FREQ=DAILY\nEND:VEVENT\nEND:VCALENDAR\n";
	bad = o;
	bad.max_intervals = 100;
	CHECK(!cp_roster_parse(many, strlen(many), &bad, &s, &err) &&
	      err.code == CP_ROSTER_FAULT_LIMIT && err.line == 2, "interval cap: %s", err.message);
	bad = o;
	bad.max_steps = 10;
	CHECK(!cp_roster_parse(many, strlen(many), &bad, &s, &err) &&
	      err.code == CP_ROSTER_FAULT_LIMIT && err.line == 6 &&
	      strstr(err.message, "more than 10 steps"), "step cap: %s", err.message);
	CHECK(cp_roster_parse(many, strlen(many), &o, &s, &err) && s.count == 366,
	      "a daily shift through 2024: 366 intervals (%zu)", s.count);
	/* Several rosters go into one set. */
	const char other[] = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:e\nDTSTART:20240101T090000Z\n"
			     "DURATION:PT2H\nEND:VEVENT\nEND:VCALENDAR\n";
	CHECK(cp_roster_parse(other, strlen(other), &o, &s, &err) && s.count == 366 &&
	      s.items[0].end == utc("2024-01-01T11:00:00Z"), "merged into the first shift");
	CHECK_STR(cp_roster_fault_name(CP_ROSTER_FAULT_UNKNOWN_TZID), "unknown time zone", "fault name");
	cp_interval_set_finish(&s);
}

/* libical reads the fixture, writes it out again, and the rewritten text
 * must give the same busy time: our reading agrees with libical's model of
 * the file. */
static void
test_libical_roundtrip(void)
{
	static const char *const files[] = {
		"rotation-beirut.ics", "floating.ics", "status.ics", "tzid.ics", "night-change.ics",
	};

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct cp_interval_set a, b;
		struct cp_error err;
		char path[512], *text = NULL;
		size_t len = 0;

		snprintf(path, sizeof(path), "%s/%s", FIXTURES, files[i]);
		FILE *f = fopen(path, "rb");
		CHECK(f != NULL, "open %s", path);
		if (!f)
			continue;
		static char buf[1 << 16];
		len = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[len] = '\0';

		cp_ical_lock();
		icalcomponent *c = icalparser_parse_string(buf);
		if (c) {
			CHECK_INT(icalcomponent_count_errors(c), 0, "%s: libical finds no errors", files[i]);
			text = icalcomponent_as_ical_string_r(c);
			icalcomponent_free(c);
		}
		cp_ical_unlock();
		CHECK(text != NULL, "%s: libical round trip", files[i]);
		if (!text)
			continue;

		struct cp_roster_options o = {
			.source = files[i],
			.tzdb = db,
			.floating_zone = tt_zone(db, "Asia/Beirut"),
			.from = utc("2024-01-01T00:00:00Z"),
			.to = utc("2025-01-01T00:00:00Z"),
		};
		cp_interval_set_init(&a);
		cp_interval_set_init(&b);
		CHECK(cp_roster_parse(buf, len, &o, &a, &err), "%s: %s", files[i], err.message);
		CHECK(cp_roster_parse(text, strlen(text), &o, &b, &err), "%s rewritten: %s", files[i],
		      err.message);
		CHECK(a.count > 0, "%s: busy time found", files[i]);
		CHECK_INT(b.count, a.count, "%s: same number of intervals", files[i]);
		for (size_t k = 0; k < a.count && k < b.count; k++)
			CHECK(a.items[k].start == b.items[k].start && a.items[k].end == b.items[k].end,
			      "%s: interval %zu", files[i], k);
		cp_interval_set_finish(&a);
		cp_interval_set_finish(&b);
		free(text);
	}
}

int
main(void)
{
	db = tt_open_db();
	test_rotation();
	test_floating();
	test_status();
	test_tzids();
	test_night_change();
	test_broken();
	test_inline_errors();
	test_libical_roundtrip();
	cp_tzdb_destroy(db);
	cp_roster_cleanup();
	return tt_finish("calendar-roster");
}
