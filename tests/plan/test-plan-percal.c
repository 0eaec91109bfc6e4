/*
 * Own holiday calendars through the whole planning job (reader, shipped
 * calendar loading, engine, solver, plan): a Belgian teacher (Europe/Brussels,
 * the shipped BE calendar) and a Mexican one (America/Mexico_City, a calendar
 * "MX" defined in the problem with Revolution Day, Monday 2026-11-16).
 * Course 2026-11-09 .. 2026-12-11, four 3-hour lessons, one a week. Three
 * participants in Brussels, free only on one weekday 16:00-20:00 local.
 *   Wednesdays: 11-11, 11-18, 11-25, 12-02. 11 November (Armistice Day) is
 *     a BE holiday for the Belgian teacher only: the cohort must be the
 *     Mexican teacher's (16:00 Brussels, CET, is 09:00 in Mexico City,
 *     UTC-6), and it keeps its 11 November lesson for the participants.
 *   Mondays: 11-09, 11-16, 11-23, 11-30. 16 November is the Mexican
 *     teacher's holiday: the cohort must be the Belgian teacher's.
 * The same again with the Mexican teacher living in Brussels.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/problem_json.h"
#include "pipeline/pipeline.h"
#include "test-config.h"

#include "common/check.h"
#include "plan-test.h"

static const char tmpl[] =
	"{\"version\": 1,\n"
	" \"course\": {\"id\": \"c\", \"language\": \"ar\", \"lesson_hours\": 20,\n"
	"   \"session_length\": \"PT3H\", \"sessions_per_week\": {\"min\": 1, \"max\": 1},\n"
	"   \"start\": \"2026-11-09\", \"end\": \"2026-12-11\"},\n"
	" \"policy\": {\"cohort_size\": {\"min\": 3, \"max\": 10}},\n"
	" \"calendars\": [{\"id\": \"MX\", \"dates\": [{\"from\": \"2026-11-16\", \"name\": \"Revolution Day\"}]}],\n"
	" \"teachers\": [\n"
	"  {\"id\": \"T-BE\", \"zone\": \"Europe/Brussels\", \"languages\": [\"ar\"], \"holidays\": [\"BE\"]},\n"
	"  {\"id\": \"T-MX\", \"zone\": \"@Z@\", \"languages\": [\"ar\"], \"holidays\": [\"MX\"]}],\n"
	" \"participants\": [\n"
	"  {\"id\": \"P1\", \"zone\": \"Europe/Brussels\", \"profile\": \"partner\", \"languages\": [\"ar\"], @W@},\n"
	"  {\"id\": \"P2\", \"zone\": \"Europe/Brussels\", \"profile\": \"partner\", \"languages\": [\"ar\"], @W@},\n"
	"  {\"id\": \"P3\", \"zone\": \"Europe/Brussels\", \"profile\": \"partner\", \"languages\": [\"ar\"], @W@}]}\n";

static void plan_for(struct cp_tzdb *db, const char *zone, const char *day,
		     const char *want_teacher, const char *first_lesson)
{
	char w[128], doc[sizeof(tmpl) + 3 * sizeof(w)];
	snprintf(w, sizeof w,
		 "\"availability\": [{\"days\": [\"%s\"], \"start\": \"16:00\", \"end\": \"20:00\"}]",
		 day);
	size_t k = 0;
	for (const char *s = tmpl; *s && k + sizeof(w) < sizeof(doc);) {
		if (strncmp(s, "@W@", 3) == 0 || strncmp(s, "@Z@", 3) == 0) {
			k += (size_t)snprintf(doc + k, sizeof(doc) - k, "%s", s[1] == 'W' ? w : zone);
			s += 3;
		} else {
			doc[k++] = *s++;
		}
	}
	doc[k] = '\0';

	struct cp_problem_json_options jo = { .holidays_dir = cp_pipeline_holidays_dir() };
	struct cp_problem *p = pt_parse(db, doc, &jo);
	CHECK(p, "%s: problem invalid", day);
	if (!p)
		return;

	struct cp_plan *plan = pt_solve(db, p);
	CHECK(plan, "%s: solve failed", day);
	if (plan) {
		CHECK(plan->n_cohorts == 1, "%s: %zu cohorts", day, plan->n_cohorts);
		if (plan->n_cohorts == 1) {
			const struct cp_plan_cohort *c = &plan->cohorts[0];
			cp_instant t;
			CHECK(c->teacher && strcmp(c->teacher, want_teacher) == 0,
			      "%s: teacher %s, want %s", day, c->teacher ? c->teacher : "-",
			      want_teacher);
			CHECK(c->n_members == 3, "%s: %zu members", day, c->n_members);
			CHECK(c->n_lessons == 4 && cp_parse_utc(first_lesson, &t) &&
			      c->lessons[0].start >= t && c->lessons[0].start < t + 86400,
			      "%s: the first lesson is not on the teacher's colleague's holiday", day);
		}
	}
	cp_plan_destroy(plan);
	cp_problem_destroy(p);
}

static void teacher_in_mexico(struct cp_tzdb *db)
{
	plan_for(db, "America/Mexico_City", "wed", "T-MX", "2026-11-11T00:00:00Z");
	plan_for(db, "America/Mexico_City", "mon", "T-BE", "2026-11-09T00:00:00Z");
}

/* A Mexican teacher living in Brussels: the two teachers now share a zone
 * and limits (one group for the solver), and the holidays still decide who
 * teaches. */
static void teacher_in_brussels(struct cp_tzdb *db)
{
	plan_for(db, "Europe/Brussels", "wed", "T-MX", "2026-11-11T00:00:00Z");
	plan_for(db, "Europe/Brussels", "mon", "T-BE", "2026-11-09T00:00:00Z");
}

int main(void)
{
	static void (*const steps[])(struct cp_tzdb *) = { teacher_in_mexico, teacher_in_brussels };
	return pt_run(steps, sizeof steps / sizeof steps[0]);
}
