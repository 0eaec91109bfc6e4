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
 * The clash check (tests/common/plan-facts.h) is the tests' own: lessons
 * of one teacher (the substitute where one gives a lesson) never overlap.
 */
#include <stdio.h>
#include <string.h>

#include "common/check.h"
#include "common/plan-facts.h"
#include "formats/problem_json.h"
#include "plan-test.h"

static struct cp_plan *
solve(struct cp_tzdb *db, const struct cp_problem *p, enum cp_planner_groups groups)
{
	struct cp_pipeline_options o = pt_options(1700000000);
	o.deterministic = true;
	o.node_limit = 5;
	o.time_limit = 0; /* work bounds only: the same on any machine */
	o.teacher_groups = groups;
	return pt_solve_with(db, p, &o, "");
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

static void
check_groups(struct cp_tzdb *db, const struct cp_problem *p)
{
	struct cp_plan *alone = solve(db, p, CP_PLANNER_GROUPS_NEVER);
	struct cp_plan *grouped = solve(db, p, CP_PLANNER_GROUPS_ALWAYS);
	if (alone && grouped) {
		printf("alone: %zu cohorts, %d reach 80%%; grouped: %zu cohorts, %d reach 80%%, "
		       "%zu teachers\n", alone->n_cohorts, pf_reaching(alone), grouped->n_cohorts,
		       pf_reaching(grouped), teachers_used(grouped));
		CHECK(pf_clashes(alone) == 0, "alone: %ld clashes", pf_clashes(alone));
		CHECK(pf_clashes(grouped) == 0, "grouped: %ld clashes", pf_clashes(grouped));
		for (size_t c = 0; c < grouped->n_cohorts; c++)
			CHECK(grouped->cohorts[c].teacher, "cohort %s without a teacher",
			      grouped->cohorts[c].id);
		/* both members of the group teach: the assignment spread
		 * the cohorts rather than stopping at the first */
		CHECK(teachers_used(grouped) >= 2, "grouped plan uses %zu teachers",
		      teachers_used(grouped));
		CHECK(pf_reaching(grouped) == pf_reaching(alone),
		      "grouped plan: %d reach 80%%, alone: %d", pf_reaching(grouped), pf_reaching(alone));
	}
	cp_plan_destroy(alone);
	cp_plan_destroy(grouped);
}

int
main(void)
{
	return pt_run_problem(CP_TEST_DATA "/plan/groups-office-60.json", check_groups);
}
