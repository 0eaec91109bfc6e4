/*
 * plan.json: write -> read -> write gives the same bytes and the same plan;
 * the strict reader reports each kind of mistake at its JSON Pointer
 * (table-driven); the writer fails cleanly when memory runs out.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/plan.h>
#include <cohortplan/problem.h>

#include "formats/plan_json.h"
#include "test-config.h"

#define CHECK_PREFIX "FAIL "
#include "common/check.h"
#include "common/open-db.h"
#include "common/plan-build.h"

static struct cp_plan *
sample(void)
{
	struct cp_plan *p = cp_plan_create();
	p->course = "mo-pilot2-2024";
	p->course_title = "Civic orientation, \"pilot\" 2 \xe2\x80\x94 \xd8\xaf\xd8\xb1\xd8\xb3";
	p->language = "ar";
	p->tzdata = "2026f";
	p->created = 1708423200; /* 2024-02-20T10:00:00Z */
	p->attendance_target = 0.8;
	p->participants = 3;
	p->placeable = 2;
	p->status = CP_PLAN_HEURISTIC;
	p->objective = 2.5;
	p->bound = NAN; /* a heuristic plan has no bound: written as null */
	p->gap = 0.1 + 0.2;  /* not exactly representable in short decimal */
	p->solve_seconds = 1.0 / 3.0;
	struct cp_plan_cohort *c = pb_cohort(p, "C01", "T-1", "Europe/Brussels", "ar", 180,
					     (const int[]){ 2 }, 1, 19 * 60);
	for (int i = 0; i < 3; i++) {
		struct cp_plan_lesson *l = cp_plan_add_lesson(p, c);
		l->number = i + 1;
		l->start = 1709661600 + i * 2 * 86400;
		l->end = l->start + 10800;
		l->theme = i == 1 ? NULL : "work";
		l->sequence = i;
		l->modified = i ? 1708423200 + i : 0;
		if (i == 2) { /* given by a substitute (docs/plan.md) */
			l->substitute = "T-2";
			l->substitute_zone = "Europe/Brussels";
		}
	}
	struct cp_plan_lesson *x = cp_plan_add_cancelled(p, c);
	x->number = 4;
	x->start = 1710266400;
	x->end = x->start + 10800;
	x->theme = "health";
	x->sequence = 2;
	x->modified = 1708500000;
	const char *ids[2] = { "P-1", "P-2" };
	for (int j = 0; j < 2; j++) {
		struct cp_plan_member *m = cp_plan_add_member(p, c);
		m->participant = ids[j];
		m->zone = j ? "Africa/Casablanca" : "Asia/Beirut";
		m->profile = "partner";
		m->verdicts[1] = j ? CP_VERDICT_RAMADAN : CP_VERDICT_OK;
		m->attendable = j ? 2 : 3;
		struct cp_plan_module *md = cp_plan_add_module(p, m);
		md->module = "m-work";
		md->theme = "work";
		md->minutes = 144;
		md->available = 1709661600;
		md->due = 1710280740;
	}
	struct cp_plan_unplaced *u = cp_plan_add_unplaced(p);
	u->participant = "P-3";
	u->zone = "Asia/Amman";
	u->profile = NULL;
	u->kind = CP_UNPLACED_TOO_FEW;
	u->best_share = 0.75;
	u->missing = 4;
	u->detail = "line one\nline two";
	struct cp_plan_reason_count *rc = cp_plan_add_reason(p, u);
	rc->verdict = CP_VERDICT_TOO_LATE;
	rc->lessons = 5;
	/* The numbers the reason is worded from (docs/plan.md). */
	u->best = (struct cp_plan_timetable){ CP_DAYBIT(1) | CP_DAYBIT(0), 17 * 60,
					      "Europe/Brussels", 19800, false };
	u->timetable = (struct cp_plan_timetable){ CP_DAYBIT(6), 9 * 60, "Asia/Amman",
						   INT64_MIN, true };
	u->best_minutes = 900;
	u->live_minutes = 2160;
	u->floor_minutes = 1080;
	struct cp_plan_cover_option *bl = cp_plan_add_blocked(p, u);
	bl->teacher = "T-1";
	bl->blocked = "max_week";
	/* A reason checked by re-solving (docs/plan.md, "Reasons"): a plan
	 * with P-4 places 2 of their situation and 3 others lose their place;
	 * any plan placing as many costs at least 1. */
	u = cp_plan_add_unplaced(p);
	u->participant = "P-4";
	u->zone = "Asia/Amman";
	u->kind = CP_UNPLACED_DISPLACES;
	u->cost = 3;
	u->least_cost = 1;
	u->places = 2;
	struct cp_plan_advice *a = cp_plan_add_advice(p);
	a->text = "one more teacher on Saturdays";
	a->would_place = 3;
	a = cp_plan_advise(p, CP_ADVICE_IDLE_WEEKS, 0);
	a->n[0] = 7;
	a->n[1] = 2;
	a->n[2] = 6;
	struct cp_plan_idle *idle = cp_plan_add_idle(p, a);
	idle->teacher = "T-2";
	idle->weeks = 4;
	idle->from = 19801;
	a = cp_plan_advise(p, CP_ADVICE_LEAVE, 0);
	a->n[0] = 3;
	a->n[3] = 1;
	a->cohort = "C01";
	a->lesson = 3;
	a->teacher = "T-1";
	struct cp_plan_uncovered *uc = cp_plan_add_uncovered(p);
	uc->cohort = "C01";
	uc->lesson = 2;
	uc->teacher = "T-1";
	struct cp_plan_cover_option *o = cp_plan_add_cover_option(p, uc);
	o->teacher = "T-2";
	o->blocked = "rest";
	return p;
}

static void
round_trip(struct cp_tzdb *db)
{
	struct cp_plan *p = sample();
	size_t len1, len2;
	char *t1 = cp_plan_json_write(p, &len1);
	CHECK(t1 && len1 == strlen(t1), "writer failed");
	struct cp_diag *d = cp_diag_create(0);
	struct cp_plan *q = NULL;
	enum cp_plan_json_status s = cp_plan_json_parse(t1, len1, db, &q, d);
	for (size_t i = 0; i < cp_diag_count(d); i++)
		fprintf(stderr, "  %s: %s\n", cp_diag_entry(d, i)->path, cp_diag_entry(d, i)->message);
	CHECK(s == CP_PLAN_JSON_OK, "round trip parse: %s", cp_plan_json_status_name(s));
	if (q) {
		char *t2 = cp_plan_json_write(q, &len2);
		CHECK(t2 && len1 == len2 && memcmp(t1, t2, len1) == 0,
		      "write(read(write(plan))) differs from write(plan)");
		CHECK(q->gap == p->gap && q->solve_seconds == p->solve_seconds,
		      "doubles do not read back exactly");
		CHECK(isnan(q->bound), "bound null -> NaN");
		CHECK(q->cohorts[0].n_cancelled == 1 && q->cohorts[0].cancelled[0].sequence == 2,
		      "cancelled lessons lost");
		CHECK(q->cohorts[0].members[1].verdicts[1] == CP_VERDICT_RAMADAN, "verdicts lost");
		CHECK(q->cohorts[0].lessons[2].modified == 1708423202, "modified lost");
		CHECK(strcmp(q->course_title, p->course_title) == 0, "UTF-8 title lost");
		CHECK(strcmp(q->unplaced[0].detail, "line one\nline two") == 0, "newline lost");
		CHECK(q->n_unplaced == 2 && q->unplaced[0].cost == 0 && q->unplaced[0].places == 0 &&
			      q->unplaced[1].kind == CP_UNPLACED_DISPLACES &&
			      q->unplaced[1].cost == 3 && q->unplaced[1].least_cost == 1 &&
			      q->unplaced[1].places == 2,
		      "a displaces reason and its numbers lost");
		CHECK(!strstr(t1, "\"cost\"") ||
			      strstr(t1, "\"cost\"") > strstr(t1, "\"participant\":\t\"P-4\""),
		      "cost written for a reason other than displaces");
		CHECK(!q->cohorts[0].lessons[1].substitute &&
			      strcmp(q->cohorts[0].lessons[2].substitute, "T-2") == 0 &&
			      strcmp(q->cohorts[0].lessons[2].substitute_zone, "Europe/Brussels") == 0,
		      "substitute lost");
		const struct cp_plan_unplaced *u = &q->unplaced[0];
		CHECK(u->best.days == (CP_DAYBIT(1) | CP_DAYBIT(0)) && u->best.start == 17 * 60 &&
			      strcmp(u->best.zone, "Europe/Brussels") == 0 &&
			      u->best.first == 19800 && !u->best.by_week &&
			      u->timetable.by_week && u->timetable.first == INT64_MIN &&
			      u->best_minutes == 900 && u->live_minutes == 2160 &&
			      u->floor_minutes == 1080 && u->n_blocked == 1 &&
			      strcmp(u->blocked[0].blocked, "max_week") == 0 &&
			      q->unplaced[1].best.days == 0 && q->unplaced[1].floor_minutes == 0,
		      "a reason's numbers and timetables lost");
		CHECK(q->n_advice == 3 && q->advice[0].kind == CP_ADVICE_TEXT &&
			      q->advice[1].kind == CP_ADVICE_IDLE_WEEKS && q->advice[1].n[2] == 6 &&
			      q->advice[1].n_idle == 1 && q->advice[1].idle[0].from == 19801 &&
			      !q->advice[1].text && q->advice[2].kind == CP_ADVICE_LEAVE &&
			      q->advice[2].n[3] == 1 && q->advice[2].lesson == 3 &&
			      strcmp(q->advice[2].cohort, "C01") == 0,
		      "advice kinds, numbers and ids lost");
		CHECK(q->n_uncovered == 1 && q->uncovered[0].lesson == 2 &&
			      q->uncovered[0].n_options == 1 &&
			      strcmp(q->uncovered[0].options[0].blocked, "rest") == 0,
		      "uncovered lost");
		free(t2);
	}
	cp_plan_destroy(q);
	cp_diag_destroy(d);
	free(t1);
	cp_plan_destroy(p);
}

/* Each case replaces the first occurrence of `from` in the sample's JSON
 * by `to` and expects an error at `path` whose message contains `msg`. */
static const struct bad {
	const char *from, *to, *path, *msg;
} bad[] = {
	{ "\"format\": \"cohortplan-plan\"", "\"format\": \"cohortplan-problem\"", "/format",
	  "not a cohortplan plan" },
	{ "\"version\": 1", "\"version\": 2", "/version", "reads plan version 1 only" },
	{ "\"course\": \"mo-pilot2-2024\"", "\"course\": \"mo pilot\"", "/course", "not a valid id" },
	{ "\"created\": \"2024-02-20T10:00:00Z\"", "\"created\": \"2024-02-20 10:00\"", "/created",
	  "not a valid UTC time" },
	{ "\"tzdata\"", "\"tz_data\"", "/tz_data", "did you mean \"tzdata\"" },
	{ "\"attendance_target\": 0.8", "\"attendance_target\": 80", "/attendance_target",
	  "out of range" },
	{ "\"status\": \"heuristic\"", "\"status\": \"great\"", "/status", "expected \"optimal\"" },
	{ "\"teacher_zone\": \"Europe/Brussels\"", "\"teacher_zone\": \"Europe/Brusels\"",
	  "/cohorts/0/teacher_zone", "unknown time zone" },
	{ "\"number\": 2", "\"number\": 1", "/cohorts/0/lessons/1/number", "used twice" },
	{ "\"number\": 4", "\"number\": 3", "/cohorts/0/cancelled/0/number", "used twice" },
	{ "\"end\": \"2024-03-05T21:00:00Z\"", "\"end\": \"2024-03-05T17:00:00Z\"",
	  "/cohorts/0/lessons/0/end", "ends before it starts" },
	{ "\"ramadan\"", "\"fasting\"", "/cohorts/0/members/1/verdicts/1", "unknown verdict" },
	{ "\"ramadan\"", "\"ramadan\", \"ok\"", "/cohorts/0/members/1/verdicts",
	  "4 verdicts for 3 lessons" },
	{ "\"attendable\": 3", "\"attendable\": 2", "/cohorts/0/members/0/attendable",
	  "2 lessons are attendable but 3" },
	{ "\"participant\": \"P-2\"", "\"participant\": \"P-1\"",
	  "/cohorts/0/members/1/participant", "appears more than once" },
	{ "\"participant\": \"P-3\"", "\"participant\": \"P-2\"", "/unplaced/0/participant",
	  "appears more than once" },
	{ "\"day\": \"tue\"", "\"day\": \"tuesday\"", "/cohorts/0/slots/0/day", "weekday" },
	{ "\"start\": \"19:00\"", "\"start\": \"7pm\"", "/cohorts/0/slots/0/start", "HH:MM" },
	{ "\"due\": \"2024-03-12T21:59:00Z\"", "\"due\": \"2024-03-01T00:00:00Z\"",
	  "/cohorts/0/members/0/modules/0/due", "due before it is available" },
	{ "\"kind\": \"too_few\"", "\"kind\": \"few\"", "/unplaced/0/kind", "expected a kind" },
	{ "\"kind\": \"displaces\"", "\"kind\": \"capacity\"", "/unplaced/1/cost",
	  "only a \"displaces\" reason has \"cost\"" },
	{ "\"least_cost\": 1", "\"least_cost\": 4", "/unplaced/1/least_cost", "above cost 3" },
	{ "\"places\": 2", "\"places\": 0", "/unplaced/1/places", "out of range" },
	{ "\"cost\": 3", "\"price\": 3", "/unplaced/1/cost",
	  "a \"displaces\" reason needs \"cost\"" },
	{ "\"session_minutes\": 180,", "", "/cohorts/0", "missing required field \"session_minutes\"" },
	{ "\"would_place\": 3", "\"would_place\": 3, \"would_place\": 4", "/advice/0/would_place",
	  "given twice" },
	{ "{", "[", "", "syntax" },
	{ "\"substitute\": \"T-2\",", "", "/cohorts/0/lessons/2",
	  "\"substitute_zone\" is given without \"substitute\"" },
	{ "\"substitute_zone\": \"Europe/Brussels\"", "\"substitute_zone\": \"Europe/Brusels\"",
	  "/cohorts/0/lessons/2/substitute_zone", "unknown time zone" },
	{ "\"blocked\": \"rest\"", "\"blocked\": \"tired\"", "/uncovered/0/options/0/blocked",
	  "expected a reason" },
	{ "\"lesson\": 2", "\"lesson\": 0", "/uncovered/0/lesson", "out of range" },
	{ "\"kind\": \"idle_weeks\"", "\"kind\": \"idle\"", "/advice/1/kind", "advice kind" },
	{ "\"days\": [\"mon\", \"sun\"]", "\"days\": [\"mon\", \"sunday\"]",
	  "/unplaced/0/best/days", "weekdays" },
	{ "\"from\": \"2024-03-18\"", "\"from\": \"2024-03-32\"", "/unplaced/0/best/from",
	  "YYYY-MM-DD" },
	/* Forged plans whose report would have no end (a 1.8 GB page): times
	 * outside 1970..2199, a lesson of more than 8 hours, lessons spread
	 * over more than three years. */
	{ "\"end\": \"2024-03-05T21:00:00Z\"", "\"end\": \"9999-03-05T21:00:00Z\"",
	  "/cohorts/0/lessons/0/end", "outside the years 1970 to 2199" },
	{ "\"end\": \"2024-03-05T21:00:00Z\"", "\"end\": \"2024-03-06T21:00:00Z\"",
	  "/cohorts/0/lessons/0/end", "more than 8 hours" },
	{ "\"created\": \"2024-02-20T10:00:00Z\"", "\"created\": \"0001-02-20T10:00:00Z\"",
	  "/created", "outside the years 1970 to 2199" },
	{ "\"end\": \"2024-03-12T21:00:00Z\"", "\"end\": \"2099-03-12T21:00:00Z\"",
	  "/cohorts", "a plan may span at most 1098" },
};

/* The cases are written with ": " for readability; cJSON prints ":\t". */
static char *
tabbed(const char *s)
{
	char *t = strdup(s);
	for (char *p = t; (p = strstr(p, ": ")); p++)
		p[1] = '\t';
	return t;
}

static char *
replace(const char *text, const char *from_spaced, const char *to_spaced)
{
	char *from = tabbed(from_spaced), *to = tabbed(to_spaced);
	const char *at = strstr(text, from);
	if (!at) {
		free(from);
		free(to);
		return NULL;
	}
	size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
	char *s = malloc(n);
	snprintf(s, n, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	free(from);
	free(to);
	return s;
}

static void
bad_inputs(struct cp_tzdb *db)
{
	struct cp_plan *p = sample();
	char *good = cp_plan_json_write(p, NULL);
	cp_plan_destroy(p);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *t = replace(good, bad[i].from, bad[i].to);
		CHECK(t, "case %zu: '%s' not in the sample", i, bad[i].from);
		if (!t)
			continue;
		struct cp_diag *d = cp_diag_create(0);
		struct cp_plan *q = (struct cp_plan *)1;
		enum cp_plan_json_status s = cp_plan_json_parse(t, strlen(t), db, &q, d);
		bool found = false;
		for (size_t k = 0; k < cp_diag_count(d); k++) {
			const struct cp_diag_entry *e = cp_diag_entry(d, k);
			found |= strcmp(e->path, bad[i].path) == 0 && strstr(e->message, bad[i].msg);
		}
		CHECK(s == CP_PLAN_JSON_ERR_INVALID && q == NULL, "case %zu: accepted", i);
		CHECK(found, "case %zu: no error at %s containing '%s'", i, bad[i].path, bad[i].msg);
		if (!found)
			for (size_t k = 0; k < cp_diag_count(d); k++)
				fprintf(stderr, "    got %s: %s\n", cp_diag_entry(d, k)->path,
					cp_diag_entry(d, k)->message);
		cp_diag_destroy(d);
		free(t);
	}
	free(good);
}

static void
load_errors(struct cp_tzdb *db)
{
	struct cp_diag *d = cp_diag_create(0);
	struct cp_plan *q;
	CHECK(cp_plan_json_load("/nonexistent/plan.json", db, &q, d) == CP_PLAN_JSON_ERR_IO &&
	      !q, "missing file");
	CHECK(cp_diag_count(d) == 1 && strstr(cp_diag_entry(d, 0)->message, "/nonexistent"),
	      "missing file names the file");
	cp_diag_destroy(d);
}

int
main(void)
{
	struct cp_tzdb *db = test_open_db();
	if (!db)
		return 1;
	round_trip(db);
	round_trip(NULL);
	bad_inputs(db);
	load_errors(db);
	cp_tzdb_destroy(db);
	return check_tally();
}
