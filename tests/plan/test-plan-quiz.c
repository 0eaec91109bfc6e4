/*
 * The final quiz (cp_plan_schedule_quiz, docs/plan.md "Final quiz") on a
 * plan built in C, with every instant worked out by hand from the tzdata
 * rules, and its round trip through plan.json.
 *
 * Cohort C01, anchored in Brussels, Mondays 10:00, last lesson Monday
 * 2025-03-24 10:00 CET (09:00 UTC). The EU changes on the last Sunday of
 * March, 2025-03-30 at 01:00 UTC, so the next Monday 10:00 is CEST:
 * 2025-03-31 08:00 UTC. A live quiz of 60 minutes: 08:00-09:00 UTC.
 * Online instead: it opens at the end of the last lesson (12:00 UTC) and a
 * member in New York (EDT since 2025-03-09, UTC-4) has until the end of
 * their day 7 days after 2025-03-24 (05:00 EDT there), i.e. 2025-04-01
 * 00:00 EDT = 04:00 UTC; a member in Casablanca (+00 during Ramadan,
 * 2025-02-23 to 2025-04-06) has until 2025-04-01 00:00 +00 = 00:00 UTC.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/plan.h>

#include "formats/plan_json.h"
#include "test-config.h"

#include "common/check.h"
#include "common/open-db.h"
#include "common/plan-build.h"

static struct cp_plan *
make(void)
{
	struct cp_plan *p = cp_plan_create();
	struct cp_plan_cohort *c = pb_cohort(p, "C01", "T1", "Europe/Brussels", NULL, 180,
					     (const int[]){ 1 }, 1, 600);
	p->course = cp_plan_strdup(p, "quiz-test");
	p->created = 1735689600; /* 2025-01-01 */
	p->attendance_target = 0.8;
	for (int i = 0; i < 12; i++) {
		struct cp_plan_lesson *l = cp_plan_add_lesson(p, c);
		l->number = i + 1;
		l->start = 1736154000 + (cp_instant)i * 7 * 86400; /* 2025-01-06T09:00Z */
		l->end = l->start + 180 * 60;
	}
	const char *zones[2] = { "America/New_York", "Africa/Casablanca" };
	for (int k = 0; k < 2; k++) {
		struct cp_plan_member *m = cp_plan_add_member(p, c);
		m->participant = cp_plan_strdup(p, k ? "M-CAS" : "M-NYC");
		m->zone = cp_plan_strdup(p, zones[k]);
		m->profile = cp_plan_strdup(p, "partner");
		for (int l = 0; l < 12; l++)
			m->verdicts[l] = CP_VERDICT_OK;
		m->attendable = 12;
	}
	return p;
}

int
main(void)
{
	struct cp_tzdb *db = test_open_db();
	if (!db)
		return 1;
	cp_instant t;

	struct cp_plan *p = make();
	CHECK(cp_plan_schedule_quiz(p, 60, true, db), "live quiz scheduled");
	const struct cp_plan_cohort *c = &p->cohorts[0];
	cp_parse_utc("2025-03-31T08:00:00Z", &t);
	CHECK(c->quiz.present && c->quiz.live, "live quiz present");
	CHECK(c->quiz.start == t, "live quiz starts Monday 10:00 CEST = 08:00 UTC");
	CHECK(c->quiz.end == t + 3600, "and lasts 60 minutes");
	CHECK(c->members[0].quiz_due == 0, "no personal deadline for a live quiz");

	/* plan.json round trip. */
	char *text = cp_plan_json_write(p, NULL);
	CHECK(text && strstr(text, "\"quiz\":") && strstr(text, "2025-03-31T08:00:00Z"),
	      "plan.json has the quiz");
	struct cp_diag *d = cp_diag_create(0);
	struct cp_plan *back = NULL;
	CHECK(text && cp_plan_json_parse(text, strlen(text), db, &back, d) == CP_PLAN_JSON_OK,
	      "plan.json reads back");
	if (back)
		CHECK(back->cohorts[0].quiz.live && back->cohorts[0].quiz.start == t &&
		      back->cohorts[0].quiz.end == t + 3600, "the quiz reads back");
	cp_plan_destroy(back);
	free(text);
	cp_plan_destroy(p);

	p = make();
	CHECK(cp_plan_schedule_quiz(p, 60, false, db), "online quiz scheduled");
	c = &p->cohorts[0];
	cp_parse_utc("2025-03-24T12:00:00Z", &t);
	CHECK(c->quiz.present && !c->quiz.live && c->quiz.start == t,
	      "online quiz opens at the end of the last lesson");
	cp_parse_utc("2025-04-01T04:00:00Z", &t);
	CHECK(c->members[0].quiz_due == t, "New York: end of 2025-03-31 EDT = 04:00 UTC");
	cp_parse_utc("2025-04-01T00:00:00Z", &t);
	CHECK(c->members[1].quiz_due == t, "Casablanca: end of 2025-03-31 at +00 = 00:00 UTC");
	text = cp_plan_json_write(p, NULL);
	back = NULL;
	CHECK(text && cp_plan_json_parse(text, strlen(text), db, &back, d) == CP_PLAN_JSON_OK,
	      "online plan.json reads back");
	if (back)
		CHECK(!back->cohorts[0].quiz.live && back->cohorts[0].members[1].quiz_due == t,
		      "quiz_due reads back");
	cp_plan_destroy(back);
	free(text);
	cp_plan_destroy(p);

	/* A live quiz without its end is refused with its path. */
	const char *bad = "\"quiz\":{\"live\":true,\"start\":\"2025-03-31T08:00:00Z\"}";
	p = make();
	cp_plan_schedule_quiz(p, 60, true, db);
	text = cp_plan_json_write(p, NULL);
	char *q = text ? strstr(text, "\"quiz\":") : NULL;
	if (q) {
		char *endq = strchr(q, '}');
		size_t n = strlen(text) + strlen(bad) + 1;
		char *edited = malloc(n);
		snprintf(edited, n, "%.*s%s%s", (int)(q - text), text, bad, endq + 1);
		cp_diag_clear(d);
		back = NULL;
		CHECK(cp_plan_json_parse(edited, strlen(edited), db, &back, d) ==
			      CP_PLAN_JSON_ERR_INVALID && cp_diag_count(d) > 0 &&
		      strcmp(cp_diag_entry(d, 0)->path, "/cohorts/0/quiz") == 0,
		      "a live quiz without its end is refused at /cohorts/0/quiz (%s)",
		      cp_diag_count(d) ? cp_diag_entry(d, 0)->path : "no error");
		cp_plan_destroy(back);
		free(edited);
	}
	free(text);
	cp_plan_destroy(p);
	cp_diag_destroy(d);
	cp_tzdb_destroy(db);
	return check_tally();
}
