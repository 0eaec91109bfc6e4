/*
 * Members below the attendance target (policy.below_target), worked by hand.
 *
 * Everyone lives in Asia/Amman, permanently UTC+03 since October 2022 (no
 * clock change in 2025), and so does the teacher: local Monday 10:00 is
 * 07:00 UTC on every date below. The course: 10 lesson hours, all live
 * (synchronous_share 1), sessions of one hour, one a week, from Monday
 * 2025-01-06 to Friday 2025-03-14: the ten Mondays 01-06, 01-13, 01-20,
 * 01-27, 02-03, 02-10, 02-17, 02-24, 03-03 and 03-10 (and ten Tuesdays
 * 01-07 .. 03-11). The target 0.8 needs ceil(0.8 * 10) = 8 lessons; a floor
 * of 0.5 needs 5, of 0.6 needs 6.
 *
 * Problem A, pilot-2-like (cohort 7..25; teacher and participants free on
 * Mondays 10:00-11:00 only, so the only timetable anyone attends anything
 * of is Monday 10:00). Whole-day "not available" exceptions, counted from
 * 01-13 on: A1 none (10 of 10), A2 one (9), A3 two (8), B1 three (7),
 * B2 four (6), B3 and B4 five (5), C1 six (4). Only A1..A3 reach 80% on any
 * timetable, three people for a minimum of seven:
 *   - below_target "none" (the old behaviour): nothing opens; A1..A3 are
 *     "too_few" with 4 missing (7 - 3), the others "no_candidate";
 *   - floor 0.5 (the default): one cohort of A1..A3 (100%, 90%, 80%,
 *     reaching the target) and B1..B4 (70%, 60%, 50%, 50%, below it, each
 *     offered self-study for the lessons they miss); C1 (40%) stays out,
 *     "no_candidate" with best share 0.4;
 *   - floor 0.6: A1..A3, B1, B2 are 5 people at or above 60%, still 2
 *     short of 7: nothing opens and "too_few" says 2 are missing: the
 *     reason counts the people who could join at floor level.
 *
 * Problem B, lexicographic, not weighted (cohort 1..3; the teacher is free
 * Mondays and Tuesdays 10:00-11:00 but teaches at most one hour a week, so
 * one cohort opens). P is free Mondays only, no exception: 10 of 10 on
 * Monday 10:00. Q1 and Q2 are free Tuesdays only and miss four Tuesdays
 * (01-14 .. 02-04): 6 of 10 on Tuesday 10:00, below the target. An
 * objective that weighed a person below the target at 0.6 of one reaching
 * it would open Tuesday for Q1 and Q2 (1.2 > 1); the plan opens Monday for
 * P: one person reaching the target beats any number below it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/plan_json.h"
#include "formats/problem_json.h"
#include "pipeline/pipeline.h"
#include "test-config.h"

#include "common/check.h"
#include "plan-test.h"

static const char *const mondays[] = { "2025-01-13", "2025-01-20", "2025-01-27",
				       "2025-02-03", "2025-02-10", "2025-02-17" };

static void
person(char *buf, size_t len, size_t *w, const char *id, const char *days, int missed,
       const char *const *dates)
{
	*w += (size_t)snprintf(buf + *w, len - *w,
			       "%s{\"id\": \"%s\", \"zone\": \"Asia/Amman\", \"profile\": "
			       "\"labour_migrant\", \"languages\": [\"ar\"], \"availability\": "
			       "[{\"days\": [%s], \"start\": \"10:00\", \"end\": \"11:00\"}], "
			       "\"exceptions\": [",
			       buf[*w - 1] == '[' ? "" : ", ", id, days);
	for (int k = 0; k < missed; k++)
		*w += (size_t)snprintf(buf + *w, len - *w, "%s{\"from\": \"%s\", \"available\": false}",
				       k ? ", " : "", dates[k]);
	*w += (size_t)snprintf(buf + *w, len - *w, "]}");
}

/* The common part up to "participants": [ */
static size_t
head(char *buf, size_t len, int cmin, int cmax, const char *below, const char *tdays,
     int week_hours)
{
	return (size_t)snprintf(
		buf, len,
		"{\"version\": 1, \"course\": {\"id\": \"below\", \"language\": \"ar\", "
		"\"lesson_hours\": 10, \"synchronous_share\": 1, \"session_length\": \"PT1H\", "
		"\"sessions_per_week\": {\"min\": 1, \"max\": 1}, \"start\": \"2025-01-06\", "
		"\"end\": \"2025-03-14\"}, \"policy\": {\"cohort_size\": {\"min\": %d, \"max\": %d}%s%s}, "
		"\"teachers\": [{\"id\": \"T1\", \"zone\": \"Asia/Amman\", \"languages\": [\"ar\"], "
		"\"max_hours_per_week\": %d, \"availability\": [{\"days\": [%s], \"start\": \"10:00\", "
		"\"end\": \"11:00\"}]}], \"participants\": [",
		cmin, cmax, below ? ", \"below_target\": " : "", below ? below : "", week_hours,
		tdays);
}

static struct cp_plan *
solve(struct cp_tzdb *db, const char *json)
{
	struct cp_problem_json_options jo = { .holidays_dir = cp_pipeline_holidays_dir() };
	struct cp_problem *p = pt_parse(db, json, &jo);
	if (!p)
		return NULL;
	struct cp_pipeline_options o = pt_options(1735689600); /* 2025-01-01 */
	o.gap = 0;
	struct cp_plan *plan = pt_solve_with(db, p, &o, "");
	cp_problem_destroy(p);
	return plan;
}

static const char *
problem_a(char *buf, size_t len, const char *below)
{
	static const char *const ids[] = { "A1", "A2", "A3", "B1", "B2", "B3", "B4", "C1" };
	static const int missed[] = { 0, 1, 2, 3, 4, 5, 5, 6 };
	size_t w = head(buf, len, 7, 25, below, "\"mon\"", 24);
	for (int k = 0; k < 8; k++)
		person(buf, len, &w, ids[k], "\"mon\"", missed[k], mondays);
	snprintf(buf + w, len - w, "]}");
	return buf;
}

static void
check_problem_a(struct cp_tzdb *db)
{
	static char buf[16384];
	static const char *const ids[] = { "A1", "A2", "A3", "B1", "B2", "B3", "B4" };
	static const int attend[] = { 10, 9, 8, 7, 6, 5, 5 };

	/* Not admitted: the old behaviour, nobody placed. */
	struct cp_plan *plan = solve(db, problem_a(buf, sizeof buf, "\"none\""));
	if (plan) {
		CHECK(plan->n_cohorts == 0, "none: %zu cohorts, want 0", plan->n_cohorts);
		CHECK(plan->n_unplaced == 8, "none: %zu unplaced, want 8", plan->n_unplaced);
		for (int k = 0; k < 3; k++) {
			const struct cp_plan_unplaced *u = pt_unplaced(plan, ids[k]);
			CHECK(u && u->kind == CP_UNPLACED_TOO_FEW && u->missing == 4,
			      "none: %s should be too_few with 4 missing", ids[k]);
		}
		for (int k = 3; k < 7; k++) {
			const struct cp_plan_unplaced *u = pt_unplaced(plan, ids[k]);
			CHECK(u && u->kind == CP_UNPLACED_NO_CANDIDATE,
			      "none: %s should be no_candidate", ids[k]);
		}
		cp_plan_destroy(plan);
	}

	/* The default, floor 0.5 (no below_target field): one cohort of 7. */
	plan = solve(db, problem_a(buf, sizeof buf, NULL));
	if (plan) {
		CHECK(plan->n_cohorts == 1, "0.5: %zu cohorts, want 1", plan->n_cohorts);
		const struct cp_plan_cohort *co = plan->n_cohorts ? &plan->cohorts[0] : NULL;
		CHECK(co && co->n_members == 7 && co->n_lessons == 10,
		      "0.5: the cohort should hold 7 members and 10 lessons");
		/* Monday 10:00 in Amman is 07:00 UTC: 2025-01-06T07:00Z. */
		CHECK(co && co->n_lessons && co->lessons[0].start == 1736146800,
		      "0.5: the first lesson is Monday 2025-01-06 10:00 Amman");
		int reach = 0;
		for (int k = 0; co && k < 7; k++) {
			const struct cp_plan_cohort *in = NULL;
			const struct cp_plan_member *m = cp_plan_find_member(plan, ids[k], &in);
			CHECK(m && in == co, "0.5: %s is a member", ids[k]);
			if (!m)
				continue;
			double share = (double)m->attendable / (double)co->n_lessons;
			CHECK(m->attendable == attend[k], "0.5: %s attends %d, want %d (share %.1f)",
			      ids[k], m->attendable, attend[k], share);
			bool at = attend[k] >= 8;
			reach += cp_plan_member_reaches(plan, co, m);
			CHECK(cp_plan_member_reaches(plan, co, m) == at,
			      "0.5: %s reaches the target: want %d", ids[k], at);
			CHECK((m->self_study != NULL) == !at, "0.5: %s self-study iff below", ids[k]);
			/* The self-study names the missed lessons: lesson 2 is the
			 * first Monday anyone misses (01-13). */
			CHECK(at || (m->self_study && strstr(m->self_study, "lessons 2")),
			      "0.5: %s self-study names lesson 2: %s", ids[k],
			      m->self_study ? m->self_study : "(none)");
		}
		CHECK(reach == 3, "0.5: %d reach the target, want 3", reach);
		const struct cp_plan_unplaced *u = pt_unplaced(plan, "C1");
		CHECK(plan->n_unplaced == 1 && u && u->kind == CP_UNPLACED_NO_CANDIDATE &&
			      u->best_share > 0.399 && u->best_share < 0.401,
		      "0.5: C1 unplaced, no_candidate, best share 0.4");
		CHECK(plan->placeable == 7, "0.5: placeable %d, want 7", plan->placeable);
		/* plan.json keeps the self-study of members below the target
		 * (and none for the others). */
		size_t len = 0;
		char *json = cp_plan_json_write(plan, &len);
		struct cp_plan *back = NULL;
		struct cp_diag *diag = cp_diag_create(0);
		CHECK(json && cp_plan_json_parse(json, len, db, &back, diag) == CP_PLAN_JSON_OK,
		      "0.5: plan.json reads back");
		for (int k = 0; back && k < 7; k++) {
			const struct cp_plan_member *a = cp_plan_find_member(plan, ids[k], NULL);
			const struct cp_plan_member *b = cp_plan_find_member(back, ids[k], NULL);
			CHECK(a && b && (a->self_study == NULL) == (b->self_study == NULL) &&
				      (!a->self_study || strcmp(a->self_study, b->self_study) == 0),
			      "0.5: %s self-study survives plan.json", ids[k]);
		}
		cp_diag_destroy(diag);
		cp_plan_destroy(back);
		free(json);
		cp_plan_destroy(plan);
	}

	/* Floor 0.6: 5 people at 60% or more, 2 short of 7. */
	plan = solve(db, problem_a(buf, sizeof buf, "{\"floor\": 0.6}"));
	if (plan) {
		CHECK(plan->n_cohorts == 0, "0.6: %zu cohorts, want 0", plan->n_cohorts);
		for (int k = 0; k < 5; k++) {
			const struct cp_plan_unplaced *u = pt_unplaced(plan, ids[k]);
			CHECK(u && u->kind == CP_UNPLACED_TOO_FEW && u->missing == 2,
			      "0.6: %s should be too_few with 2 missing (got %d)", ids[k],
			      u ? u->missing : -1);
		}
		for (int k = 5; k < 7; k++) {
			const struct cp_plan_unplaced *u = pt_unplaced(plan, ids[k]);
			CHECK(u && u->kind == CP_UNPLACED_NO_CANDIDATE,
			      "0.6: %s (50%%) should be no_candidate", ids[k]);
		}
		cp_plan_destroy(plan);
	}
}

static void
check_problem_b(struct cp_tzdb *db)
{
	static char buf[8192];
	static const char *const tuesdays[] = { "2025-01-14", "2025-01-21", "2025-01-28",
						"2025-02-04" };
	size_t w = head(buf, sizeof buf, 1, 3, NULL, "\"mon\", \"tue\"", 1);
	person(buf, sizeof buf, &w, "P", "\"mon\"", 0, tuesdays);
	person(buf, sizeof buf, &w, "Q1", "\"tue\"", 4, tuesdays);
	person(buf, sizeof buf, &w, "Q2", "\"tue\"", 4, tuesdays);
	snprintf(buf + w, sizeof buf - w, "]}");

	struct cp_plan *plan = solve(db, buf);
	if (!plan)
		return;
	CHECK(plan->n_cohorts == 1, "lexicographic: %zu cohorts, want 1", plan->n_cohorts);
	const struct cp_plan_cohort *in = NULL;
	const struct cp_plan_member *m = cp_plan_find_member(plan, "P", &in);
	CHECK(m && in->n_members == 1 && m->attendable == 10 && cp_plan_member_reaches(plan, in, m),
	      "lexicographic: P alone on Monday, 10 of 10");
	CHECK(in && in->n_slots == 1 && in->slots[0].weekday == 1 && in->slots[0].start == 600,
	      "lexicographic: the cohort is Monday 10:00");
	CHECK(!cp_plan_find_member(plan, "Q1", NULL) && !cp_plan_find_member(plan, "Q2", NULL),
	      "lexicographic: Q1 and Q2 (60%% on Tuesday) are not traded for P");
	/* Checked by re-solving with Q1 and Q2 (one class) first: the
	 * teacher's one hour a week holds either Monday or Tuesday, so a plan
	 * with them is Tuesday with both (2 placed), and P, who reaches the
	 * target, loses their place: cost 1, and no plan with them costs
	 * less. */
	const struct cp_plan_unplaced *u = pt_unplaced(plan, "Q1");
	CHECK(u && u->kind == CP_UNPLACED_DISPLACES && u->places == 2 && u->cost == 1 &&
	      u->least_cost == 1,
	      "lexicographic: Q1 displaces, places 2 at the cost of 1 (the least): got %s %d %d %d",
	      u ? cp_unplaced_kind_name(u->kind) : "-", u ? u->places : -1, u ? u->cost : -1,
	      u ? u->least_cost : -1);
	cp_plan_destroy(plan);
}

int
main(void)
{
	static void (*const steps[])(struct cp_tzdb *) = { check_problem_a, check_problem_b };
	return pt_run(steps, sizeof steps / sizeof steps[0]);
}
