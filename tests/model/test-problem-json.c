/*
 * Table-driven tests of the problem reader and the model's checks: each row
 * is a small document (a template with one field replaced) and the path
 * and message fragment of the error it must give, or none.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-config.h"
#include "formats/problem_json.h"

#include <cohortplan/problem.h>

#include "common/check.h"
#include "common/open-db.h"

/* @P@ is replaced by the first participant's extra fields, @C@ by the
 * course's, @T@ by the teacher's, @X@ by top-level extras. */
static const char tmpl[] =
	"{\"version\": 1 @X@,\n"
	" \"course\": {\"id\": \"c\", \"language\": \"ar\", \"lesson_hours\": 60,\n"
	"   \"session_length\": \"PT3H\", \"start\": \"2024-10-21\", \"end\": \"2024-12-20\" @C@},\n"
	" \"teachers\": [{\"id\": \"T1\", \"zone\": \"Europe/Brussels\", \"languages\": [\"ar\"] @T@}],\n"
	" \"participants\": [\n"
	"  {\"id\": \"P1\", \"zone\": \"Asia/Beirut\", \"profile\": \"partner\", \"languages\": [\"ar\"] @P@},\n"
	"  {\"id\": \"P2\", \"zone\": \"Africa/Casablanca\", \"profile\": \"family_migrant\", \"languages\": [\"ar\", \"fr\"]}]}\n";

static char *fill(const char *p, const char *c, const char *t, const char *x)
{
	size_t n = sizeof(tmpl) + strlen(p) + strlen(c) + strlen(t) + strlen(x);
	char *out = malloc(n);
	size_t k = 0;
	for (const char *s = tmpl; *s;) {
		const char *rep = NULL;
		if (strncmp(s, "@P@", 3) == 0)
			rep = p;
		else if (strncmp(s, "@C@", 3) == 0)
			rep = c;
		else if (strncmp(s, "@T@", 3) == 0)
			rep = t;
		else if (strncmp(s, "@X@", 3) == 0)
			rep = x;
		if (rep) {
			memcpy(out + k, rep, strlen(rep));
			k += strlen(rep);
			s += 3;
		} else {
			out[k++] = *s++;
		}
	}
	out[k] = '\0';
	return out;
}

struct row {
	const char *name;
	const char *p, *c, *t, *x; /* extras, each starting with ", " */
	const char *path;          /* NULL: must be valid */
	const char *fragment;
};

static const struct row rows[] = {
	{ "minimal", "", "", "", "", NULL, NULL },
	/* times */
	{ "window ok", ", \"availability\": [{\"days\": [\"mon\"], \"start\": \"18:00\", \"end\": \"24:00\"}]",
	  "", "", "", NULL, NULL },
	{ "start 24:00", ", \"availability\": [{\"days\": [\"mon\"], \"start\": \"24:00\", \"end\": \"24:00\"}]",
	  "", "", "", "/participants/0/availability/0/start", "from 00:00 to 23:59" },
	{ "time 9:00", ", \"availability\": [{\"days\": \"weekend\", \"start\": \"9:00\", \"end\": \"12:00\"}]",
	  "", "", "", "/participants/0/availability/0/start", "\"9:00\" is not a valid time" },
	{ "time 18:60", ", \"availability\": [{\"days\": \"weekend\", \"start\": \"09:00\", \"end\": \"18:60\"}]",
	  "", "", "", "/participants/0/availability/0/end", "is not a valid time" },
	{ "days shorthand", ", \"availability\": [{\"days\": \"weekdayz\", \"start\": \"09:00\", \"end\": \"12:00\"}]",
	  "", "", "", "/participants/0/availability/0/days", "\"weekdays\", \"weekend\", \"every_day\"" },
	{ "long weekday", ", \"availability\": [{\"days\": [\"monday\"], \"start\": \"09:00\", \"end\": \"12:00\"}]",
	  "", "", "", NULL, NULL },
	/* durations */
	{ "PT2H30M", "", ", \"modules\": [{\"id\": \"m\", \"duration\": \"PT2H30M\"}]", "", "", NULL, NULL },
	{ "P1DT2H", "", ", \"modules\": [{\"id\": \"m\", \"duration\": \"P1DT2H\"}]", "", "", NULL, NULL },
	{ "PT90S", "", ", \"modules\": [{\"id\": \"m\", \"duration\": \"PT90S\"}]", "", "",
	  "/course/modules/0/duration", "in whole minutes" },
	{ "PT120S", "", ", \"modules\": [{\"id\": \"m\", \"duration\": \"PT120S\"}]", "", "", NULL, NULL },
	{ "P", "", ", \"modules\": [{\"id\": \"m\", \"duration\": \"P\"}]", "", "",
	  "/course/modules/0/duration", "not a valid duration" },
	{ "PT", "", ", \"modules\": [{\"id\": \"m\", \"duration\": \"PT\"}]", "", "",
	  "/course/modules/0/duration", "not a valid duration" },
	{ "PT30M2H", "", ", \"modules\": [{\"id\": \"m\", \"duration\": \"PT30M2H\"}]", "", "",
	  "/course/modules/0/duration", "not a valid duration" },
	{ "P2W", "", ", \"modules\": [{\"id\": \"m\", \"duration\": \"P2W\"}]", "", "",
	  "/course/modules/0/duration", "no fixed length" },
	{ "key twice", "", ", \"session_length\": \"PT2H\"", "", "",
	  "/course/session_length", "given twice" },
	/* dates */
	{ "leap day", ", \"departure\": \"2024-02-29\"", "", "", "", NULL, NULL },
	{ "not leap", ", \"departure\": \"2023-02-29\"", "", "", "", "/participants/0/departure",
	  "not a valid date" },
	{ "date with time", ", \"departure\": \"2024-02-01T10:00\"", "", "", "",
	  "/participants/0/departure", "not a valid date" },
	/* numbers */
	{ "hours fraction", "", "", ", \"max_hours_per_day\": 2.51", "", "/teachers/0/max_hours_per_day",
	  "whole number of minutes" },
	{ "hours 4.5", "", "", ", \"max_hours_per_day\": 4.5", "", NULL, NULL },
	{ "sessions 1.5", "", ", \"sessions_per_week\": {\"min\": 1.5}", "", "",
	  "/course/sessions_per_week/min", "not a whole number" },
	{ "share 0", "", ", \"synchronous_share\": 0", "", "", "/course/synchronous_share",
	  "leaves no live lessons to plan" },
	/* strings */
	{ "schema not a string", "", "", "", ", \"$schema\": 1", "/$schema", "expected the URI" },
	{ "id unicode", ", \"display_name\": \"Fatima \u00e9\"", "", "", "", NULL, NULL },
	{ "lang twice", ", \"languages\": [\"ar\", \"ar\"]", "", "", "",
	  "/participants/0/languages", "given twice" },
	{ "key with slash", ", \"a/b~c\": 1", "", "", "", "/participants/0/a~1b~0c", "unknown field" },
	{ "country", ", \"country\": \"ma\"", "", "", "", "/participants/0/country", "two capital letters" },
	/* structure */
	{ "partner same", ", \"partner\": {\"id\": \"P2\", \"cohort\": \"same\"}", "", "", "", NULL, NULL },
	{ "partner default", ", \"partner\": {\"id\": \"P2\"}", "", "", "", NULL, NULL },
	{ "roster ics no files", ", \"roster\": {\"ics\": \"r/x.ics\"}", "", "", "", NULL, NULL },
	{ "roster url", ", \"roster\": {\"ics\": \"https://example.org/x.ics\"}", "", "", "",
	  "/participants/0/roster/ics", "no absolute paths or URLs" },
	{ "shift", ", \"roster\": {\"shifts\": [{\"start\": \"2024-10-26T22:00\", \"end\": \"2024-10-27T06:00\"}]}",
	  "", "", "", NULL, NULL },
	{ "policy unknown", "", "", "", ", \"policy\": {\"latests\": \"21:00\"}", "/policy/latests",
	  "did you mean \"latest\"" },
	{ "quiz", "", ", \"final_quiz\": {\"pass_mark\": 0.5, \"live\": false}", "", "", NULL, NULL },
	/* own calendars, periods, margins */
	{ "own calendar lower case", ", \"holidays\": [\"mx\"]", "", "", "",
	  "/participants/0/holidays/0", "not a calendar id" },
	{ "calendar date bad", "", "", "", ", \"calendars\": [{\"id\": \"MX\", \"dates\": [16]}]",
	  "/calendars/0/dates/0", "\"YYYY-MM-DD\" or {" },
	{ "period without windows field", "", "", ", \"periods\": [{\"from\": \"2024-11-01\", "
	  "\"to\": \"2024-11-02\"}]", "", "/teachers/0/periods/0", "missing required field \"availability\"" },
	{ "margin minutes", ", \"roster\": {\"margin_after\": 480, \"shifts\": []}", "", "", "",
	  "/participants/0/roster/margin_after", "ISO 8601 duration" },
};

static void run_rows(struct cp_tzdb *db)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		char *doc = fill(r->p, r->c, r->t, r->x);
		struct cp_diag *d = cp_diag_create(0);
		struct cp_problem *p = NULL;
		struct cp_problem_json_options o = { .no_files = true };
		enum cp_problem_status st = cp_problem_json_parse(doc, strlen(doc), db, &o, &p, d);
		if (!r->path) {
			CHECK(st == CP_PROBLEM_OK && p, "%s: expected valid, got %s: %s", r->name,
			      cp_problem_strerror(st),
			      cp_diag_count(d) ? cp_diag_entry(d, 0)->message : "");
		} else {
			bool found = false;
			for (size_t k = 0; k < cp_diag_count(d); k++) {
				const struct cp_diag_entry *e = cp_diag_entry(d, k);
				if (e->severity == CP_DIAG_ERROR && strcmp(e->path, r->path) == 0 &&
				    strstr(e->message, r->fragment))
					found = true;
			}
			CHECK(st == CP_PROBLEM_ERR_INVALID && !p, "%s: expected invalid", r->name);
			if (!found) {
				for (size_t k = 0; k < cp_diag_count(d); k++)
					fprintf(stderr, "  got %s: %s\n", cp_diag_entry(d, k)->path,
						cp_diag_entry(d, k)->message);
			}
			CHECK(found, "%s: no error at %s containing '%s'", r->name, r->path, r->fragment);
		}
		cp_problem_destroy(p);
		cp_diag_destroy(d);
		free(doc);
	}
}

/* A night shift across Beirut's fall-back (2024-10-27 00:00 EEST -> 23:00
 * EET the day before): 22:00 +03 to 06:00 +02 is 9 hours, not 8. */
static void test_busy(struct cp_tzdb *db)
{
	char *doc = fill(", \"roster\": {\"shifts\": ["
			 "{\"start\": \"2024-10-26T22:00\", \"end\": \"2024-10-27T06:00\"},"
			 "{\"start\": \"2024-10-27T06:00\", \"end\": \"2024-10-27T08:00\"},"
			 "{\"start\": \"2024-10-29T07:00\", \"end\": \"2024-10-29T15:00\"}]}",
			 "", "", "");
	struct cp_diag *d = cp_diag_create(0);
	struct cp_problem *p = NULL;
	enum cp_problem_status st = cp_problem_json_parse(doc, strlen(doc), db, NULL, &p, d);
	CHECK(st == CP_PROBLEM_OK, "busy: %s", cp_problem_strerror(st));
	if (p) {
		const struct cp_participant *x = cp_problem_participant(p, 0);
		const struct cp_interval_set *b = &x->roster.busy;
		/* touching shifts merge into one interval */
		CHECK(b->count == 2, "busy: %zu intervals", b->count);
		if (b->count == 2) {
			cp_instant s;
			CHECK(cp_parse_utc("2024-10-26T19:00:00Z", &s) && b->items[0].start == s,
			      "busy: night shift start");
			CHECK(b->items[0].end - b->items[0].start == 11 * 3600,
			      "busy: 22:00 to 08:00 over fall-back is 11 h, got %lld",
			      (long long)(b->items[0].end - b->items[0].start));
		}
		CHECK(cp_problem_find_participant(p, "P2") == 1, "find P2");
		CHECK(cp_problem_find_participant(p, "P3") == -1, "find P3");
		CHECK(cp_problem_find_teacher(p, "T1") == 0, "find T1");
		const struct cp_course *co = cp_problem_course(p);
		CHECK(co->live_minutes == 36 * 60 && co->self_paced_minutes == 24 * 60,
		      "60 h -> 36 h live + 24 h self-paced, got %d + %d", co->live_minutes,
		      co->self_paced_minutes);
		CHECK(x->country && strcmp(x->country, "LB") == 0, "country from zone");
	}
	cp_problem_destroy(p);
	cp_diag_destroy(d);
	free(doc);
}

static void test_48h(struct cp_tzdb *db)
{
	char *doc = fill("", ", \"lesson_hours\": 48", "", "");
	/* "lesson_hours" twice: the template has 60 already */
	struct cp_diag *d = cp_diag_create(0);
	struct cp_problem *p = NULL;
	cp_problem_json_parse(doc, strlen(doc), db, NULL, &p, d);
	CHECK(!p, "lesson_hours twice must be an error");
	CHECK(cp_diag_count(d) >= 1 && strstr(cp_diag_entry(d, 0)->message, "given twice"),
	      "duplicate key message");
	free(doc);
	cp_diag_destroy(d);

	static const char *const t48 =
		"{\"version\": 1, \"course\": {\"id\": \"c\", \"language\": \"ar\", \"lesson_hours\": 48,"
		" \"session_length\": \"PT2H24M\", \"start\": \"2023-11-08\", \"end\": \"2024-01-12\"},"
		" \"teachers\": [{\"id\": \"T\", \"zone\": \"Europe/Brussels\", \"languages\": [\"ar\"]}],"
		" \"participants\": [{\"id\": \"P\", \"zone\": \"Africa/Casablanca\", \"profile\": \"partner\","
		" \"languages\": [\"ar\"]}]}";
	d = cp_diag_create(0);
	cp_problem_json_parse(t48, strlen(t48), db, NULL, &p, d);
	CHECK(p, "48 h course valid");
	if (p) {
		const struct cp_course *co = cp_problem_course(p);
		CHECK(co->live_minutes == 1728 && co->self_paced_minutes == 1152,
		      "48 h -> 28.8 h + 19.2 h, got %d + %d min", co->live_minutes,
		      co->self_paced_minutes);
	}
	cp_problem_destroy(p);
	cp_diag_destroy(d);
}

/* Regression (found by fuzzing): a long string of escaped control
 * characters in an error message overflowed the value buffer. */
static void test_long_escaped_value(struct cp_tzdb *db)
{
	char p[1024] = ", \"departure\": \"";
	for (int i = 0; i < 80; i++)
		strcat(p, "\\u0001");
	strcat(p, "\"");
	char *doc = fill(p, "", "", "");
	struct cp_diag *d = cp_diag_create(0);
	struct cp_problem *pr = NULL;
	cp_problem_json_parse(doc, strlen(doc), db, NULL, &pr, d);
	CHECK(!pr && cp_diag_count(d) == 1 && strstr(cp_diag_entry(d, 0)->value, "..."),
	      "long escaped value is shortened");
	cp_diag_destroy(d);
	free(doc);
}

static void test_preflight(void)
{
	struct cp_diag *d = cp_diag_create(0);
	CHECK(!cp_json_preflight("{\"a\": 1}", 8, 4, 0, d), "size cap");
	CHECK(cp_diag_count(d) == 1 && strstr(cp_diag_entry(d, 0)->message, "at most 4 bytes"),
	      "size message");
	cp_diag_clear(d);
	CHECK(cp_json_preflight("[[\"[[[[[[\"]]", 12, 0, 3, d), "brackets in strings do not count");
	CHECK(!cp_json_preflight("[[[[", 4, 0, 3, d), "depth cap");
	CHECK(cp_diag_count(d) == 1 && cp_diag_entry(d, 0)->offset == 3, "depth offset");
	cp_diag_clear(d);
	CHECK(!cp_json_preflight("\"\xed\xa0\x80\"", 5, 0, 0, d), "surrogate in UTF-8");
	CHECK(!cp_json_preflight("\"\xf4\x90\x80\x80\"", 6, 0, 0, d), "beyond U+10FFFF");
	CHECK(cp_json_preflight("\"\xe2\x82\xac\xf0\x9f\x98\x80\"", 9, 0, 0, d), "valid UTF-8");
	CHECK(!cp_json_preflight("\"\\\"\x80", 4, 0, 0, d), "lone continuation byte");
	CHECK(!cp_json_preflight("[\"P\\u0000a\"]", 12, 0, 0, d), "escaped NUL");
	CHECK(cp_json_preflight("[\"P\\\\u0000a\"]", 13, 0, 0, d), "escaped backslash, then text");
	cp_diag_destroy(d);
}

static void test_closest(void)
{
	static const char *const names[] = { "availability", "exceptions", "languages", "zone" };
	CHECK(cp_json_closest("availabilty", names, 4) == names[0], "availabilty");
	CHECK(cp_json_closest("Zone", names, 4) == names[3], "Zone");
	CHECK(cp_json_closest("shifts", names, 4) == NULL, "shifts has no close match");
}

static void test_diag(void)
{
	struct cp_diag *d = cp_diag_create(2);
	cp_diag_add(d, CP_DIAG_ERROR, "/participants/10/id", "\"x\"", "b");
	cp_diag_add(d, CP_DIAG_WARNING, "/participants/9/id", NULL, "a %d", 1);
	cp_diag_add(d, CP_DIAG_ERROR, "/course", NULL, "dropped");
	CHECK(cp_diag_count(d) == 2 && cp_diag_errors(d) == 2 && cp_diag_warnings(d) == 1,
	      "cap counts");
	CHECK(cp_diag_truncated(d) && !cp_diag_nomem(d), "truncated");
	cp_diag_sort(d);
	CHECK(strcmp(cp_diag_entry(d, 0)->path, "/participants/9/id") == 0, "numeric sort");
	CHECK(strcmp(cp_diag_entry(d, 0)->message, "a 1") == 0, "format");
	cp_diag_destroy(d);
	cp_diag_destroy(NULL);
	cp_problem_destroy(NULL);
}

/* Own calendars, calendars defined in the problem, periods and roster
 * margins reach the model as written. */
static void test_personal(struct cp_tzdb *db)
{
	char *doc = fill(", \"holidays\": [\"MX\"], \"periods\": [{\"from\": \"2024-11-01\", "
			 "\"to\": \"2024-11-10\", \"availability\": [{\"days\": \"weekdays\", "
			 "\"start\": \"10:00\", \"end\": \"14:00\"}]}], \"roster\": {\"margin_before\": "
			 "\"PT1H\", \"margin_after\": \"PT8H\", \"shifts\": ["
			 "{\"start\": \"2024-10-28T22:00\", \"end\": \"2024-10-29T06:00\"},"
			 "{\"start\": \"2024-10-30T22:00\", \"end\": \"2024-10-31T06:00\", "
			 "\"margin_after\": \"PT2H\"}]}",
			 "", ", \"holidays\": [\"MX\", \"BE\"]",
			 ", \"calendars\": [{\"id\": \"MX\", \"dates\": [\"2024-11-18\", "
			 "{\"from\": \"2024-12-12\", \"to\": \"2024-12-13\", \"name\": \"Guadalupe\"}]}]");
	struct cp_diag *d = cp_diag_create(0);
	struct cp_problem *p = NULL;
	struct cp_problem_json_options o = { .no_files = true };
	enum cp_problem_status st = cp_problem_json_parse(doc, strlen(doc), db, &o, &p, d);
	CHECK(st == CP_PROBLEM_OK, "personal: %s: %s", cp_problem_strerror(st),
	      cp_diag_count(d) ? cp_diag_entry(d, 0)->message : "");
	if (p) {
		const struct cp_participant *x = cp_problem_participant(p, 0);
		const struct cp_teacher *t = cp_problem_teacher(p, 0);
		const struct cp_calendar_def *mx = cp_problem_find_calendar(p, "MX");
		CHECK(cp_problem_calendar_count(p) == 1 && mx && mx->n_dates == 2, "calendar MX");
		if (mx && mx->n_dates == 2)
			CHECK(mx->dates[0].from == mx->dates[0].to &&
			      mx->dates[0].from == cp_days_from_civil(2024, 11, 18) &&
			      mx->dates[1].to == cp_days_from_civil(2024, 12, 13) &&
			      strcmp(mx->dates[1].name, "Guadalupe") == 0, "MX dates");
		CHECK(x->n_holidays == 1 && strcmp(x->holidays[0], "MX") == 0, "P1 holidays");
		CHECK(t->n_holidays == 2 && strcmp(t->holidays[1], "BE") == 0, "T1 holidays");
		CHECK(x->n_periods == 1 && x->periods[0].from == cp_days_from_civil(2024, 11, 1) &&
		      x->periods[0].to == cp_days_from_civil(2024, 11, 10) &&
		      x->periods[0].n_availability == 1 && x->periods[0].availability[0].start == 600,
		      "P1 period");
		CHECK(x->roster.margin_before == 60 && x->roster.margin_after == 480, "roster margins");
		/* The second shift has a margin of its own: kept apart, with its
		 * before unset (the roster's 1 h applies). */
		CHECK(x->roster.busy.count == 1 && x->roster.n_groups == 1, "busy %zu, groups %zu",
		      x->roster.busy.count, x->roster.n_groups);
		if (x->roster.n_groups == 1) {
			const struct cp_margin_group *g = &x->roster.groups[0];
			CHECK(g->after == 120 && g->before == CP_MIN_UNSET && g->busy.count == 1 &&
			      g->busy.items[0].end - g->busy.items[0].start == 8 * 3600,
			      "shift with its own margin");
		}
		/* MX is the problem's own: only BE would be loaded from files. */
		const char *ids[4];
		char where[4][CP_PROBLEM_PATH_LEN];
		CHECK(cp_problem_shipped_calendars(p, ids, where, 4) == 1 &&
		      strcmp(ids[0], "BE") == 0 && strcmp(where[0], "/teachers/0/holidays/1") == 0,
		      "shipped calendars");
		CHECK(cp_problem_shipped_calendars(p, ids, where, 0) == 1, "too many calendars");
	}
	cp_problem_destroy(p);
	cp_diag_destroy(d);
	free(doc);
}

int main(void)
{
	struct cp_tzdb *db = test_open_db();
	if (!db)
		return 1;
	run_rows(db);
	test_busy(db);
	test_48h(db);
	test_long_escaped_value(db);
	test_preflight();
	test_closest();
	test_diag();
	test_personal(db);
	cp_tzdb_destroy(db);
	return check_tally();
}
