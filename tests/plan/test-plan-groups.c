/*
 * Teachers planned in groups of alike ones, then assigned one by one
 * (engine/plan/assign.c): the exact assignment per group, with the alike
 * teachers' renamings cut, must hand every cohort the grouped model opened
 * to a concrete teacher without a clash, and place as many people as the
 * model where every teacher is planned alone with their own rows (exact by
 * construction, no assignment afterwards).
 *
 * Data: tests/data/plan/groups-office-60.json, written by `cohortplan
 * generate --participants 60 --seed 2` (3 zones, three teachers in
 * Brussels; two of them work the same weekday afternoons and evenings and
 * form one group). Checked in, so the test does not move with the
 * generator. Both solves run in deterministic mode (work bounds, no
 * clock), so each gives the same plan on any machine.
 *
 * The clash check is this file's own: lessons of one teacher (the
 * substitute where one gives a lesson) never overlap.
 */
#include <stdio.h>
#include <string.h>

#include "common/check.h"
#include "formats/problem_json.h"
#include "plan-test.h"

static struct cp_plan *
solve(struct cp_tzdb *db, const struct cp_problem *p, enum cp_planner_groups groups)
{
	struct cp_pipeline_options o;
	cp_pipeline_options_init(&o);
	o.now = 1700000000;
	o.deterministic = true;
	o.node_limit = 5;
	o.time_limit = 0; /* work bounds only: the same on any machine */
	o.teacher_groups = groups;
	struct cp_plan *plan = NULL;
	struct cp_pipeline_error err = { 0 };
	CHECK(cp_pipeline_solve(db, p, &o, &plan, &err) == CP_PIPELINE_OK, "solve: %s",
	      err.message);
	return plan;
}

static int
reaching(const struct cp_plan *plan)
{
	int n = 0;
	for (size_t c = 0; c < plan->n_cohorts; c++)
		for (size_t m = 0; m < plan->cohorts[c].n_members; m++)
			n += cp_plan_member_reaches(plan, &plan->cohorts[c],
						    &plan->cohorts[c].members[m]);
	return n;
}

static const char *
giver(const struct cp_plan_cohort *c, const struct cp_plan_lesson *l)
{
	return l->substitute ? l->substitute : c->teacher ? c->teacher : "";
}

static long
clashes(const struct cp_plan *plan)
{
	long n = 0;
	for (size_t a = 0; a < plan->n_cohorts; a++)
		for (size_t b = a + 1; b < plan->n_cohorts; b++) {
			const struct cp_plan_cohort *x = &plan->cohorts[a], *y = &plan->cohorts[b];
			for (size_t i = 0; i < x->n_lessons; i++)
				for (size_t j = 0; j < y->n_lessons; j++)
					n += x->lessons[i].start < y->lessons[j].end &&
					     y->lessons[j].start < x->lessons[i].end &&
					     strcmp(giver(x, &x->lessons[i]),
						    giver(y, &y->lessons[j])) == 0;
		}
	return n;
}

/* Distinct teachers among the cohorts. */
static size_t
teachers_used(const struct cp_plan *plan)
{
	size_t n = 0;
	for (size_t a = 0; a < plan->n_cohorts; a++) {
		bool seen = false;
		for (size_t b = 0; b < a && !seen; b++)
			seen = plan->cohorts[a].teacher && plan->cohorts[b].teacher &&
			       strcmp(plan->cohorts[a].teacher, plan->cohorts[b].teacher) == 0;
		n += !seen && plan->cohorts[a].teacher;
	}
	return n;
}

int
main(void)
{
	struct cp_tzdb *db = pt_open_db();
	if (!db)
		return 1;
	struct cp_problem_json_options jo = { .holidays_dir = cp_pipeline_holidays_dir() };
	struct cp_problem *p = NULL;
	struct cp_diag *diag = cp_diag_create(0);
	enum cp_problem_status ps =
		cp_problem_json_load(CP_TEST_DATA "/plan/groups-office-60.json", db, &jo, &p, diag);
	CHECK(ps == CP_PROBLEM_OK, "problem invalid: %s",
	      cp_diag_count(diag) ? cp_diag_entry(diag, 0)->message : cp_problem_strerror(ps));
	cp_diag_destroy(diag);
	if (!p) {
		cp_tzdb_destroy(db);
		return 1;
	}

	struct cp_plan *alone = solve(db, p, CP_PLANNER_GROUPS_NEVER);
	struct cp_plan *grouped = solve(db, p, CP_PLANNER_GROUPS_ALWAYS);
	if (alone && grouped) {
		printf("alone: %zu cohorts, %d reach 80%%; grouped: %zu cohorts, %d reach 80%%, "
		       "%zu teachers\n", alone->n_cohorts, reaching(alone), grouped->n_cohorts,
		       reaching(grouped), teachers_used(grouped));
		CHECK(clashes(alone) == 0, "alone: %ld clashes", clashes(alone));
		CHECK(clashes(grouped) == 0, "grouped: %ld clashes", clashes(grouped));
		for (size_t c = 0; c < grouped->n_cohorts; c++)
			CHECK(grouped->cohorts[c].teacher, "cohort %s without a teacher",
			      grouped->cohorts[c].id);
		/* both members of the group teach: the assignment spread
		 * the cohorts rather than stopping at the first */
		CHECK(teachers_used(grouped) >= 2, "grouped plan uses %zu teachers",
		      teachers_used(grouped));
		CHECK(reaching(grouped) == reaching(alone),
		      "grouped plan: %d reach 80%%, alone: %d", reaching(grouped), reaching(alone));
	}
	cp_plan_destroy(alone);
	cp_plan_destroy(grouped);
	cp_problem_destroy(p);
	cp_tzdb_destroy(db);
	printf("%ld passed, %d failed\n", checks - failures, failures);
	return failures ? 1 : 0;
}
