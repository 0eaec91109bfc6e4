/*
 * Cuts from plans (engine/plan/groupcuts.c): cohorts of a teacher group
 * that pairwise clash for one teacher, hand-worked.
 *
 * Data: tests/data/plan/clash-triangle.json. One week (Mon 3 - Fri 7
 * March 2025, Brussels), two lessons of 3 h each; everyone must attend
 * both (80% of 360 minutes is 288), cohorts of 2 to 4. Two alike teachers,
 * TA and TB, free on weekdays 09:00-17:00 (one group). People free
 * 09:00-12:00 only: A1-A4 on Tue and Wed, B1-B4 on Tue and Fri, C1-C3 on
 * Mon, Wed, Thu and Fri, C4 on Wed and Fri.
 *
 * By hand: every lesson is at 09:00, so a teacher's cohorts use disjoint
 * pairs of days. Tue+Wed, Tue+Fri and Wed+Fri pairwise share a day: one
 * teacher holds at most one of them, the two teachers two. The best plan
 * is Tue+Wed (A, 4) and Tue+Fri (B, 4), one teacher each, and C1-C3 on two
 * days the teacher of their cohort has free (Mon+Thu with either; Wed+Thu
 * or Mon+Wed with B's teacher, Thu+Fri or Mon+Fri with A's): 11 reach the
 * target, C4 (Wed+Fri only) cannot. The grouped model counts the group's
 * lessons per instant (Tue, Wed, Fri: two each) and prefers Tue+Wed,
 * Tue+Fri and Wed+Fri with C1-C4 (12), which no assignment can teach:
 * without the cut one of the three loses its teacher and 8 reach the
 * target (checked with the cut disabled).
 */
#include <stdio.h>
#include <string.h>

#include "common/check.h"
#include "common/plan-facts.h"
#include "plan-test.h"

/* The weekday (0 Monday) of an instant. */
static int
weekday(cp_instant t)
{
	long days = (long)((t - (((t % 86400) + 86400) % 86400)) / 86400);
	return (int)(((days + 3) % 7 + 7) % 7);
}

int
main(void)
{
	struct cp_tzdb *db;
	struct cp_problem *p;
	if (!pt_open_problem(CP_TEST_DATA "/plan/clash-triangle.json", &db, &p))
		return 1;
	struct cp_pipeline_options o = pt_options(1700000000);
	o.deterministic = true;
	o.time_limit = 0;
	o.teacher_groups = CP_PLANNER_GROUPS_ALWAYS;
	struct cp_plan *plan = pt_solve_with(db, p, &o, "clash-triangle");
	if (plan) {
		/* per teacher: the days of their lessons, disjoint */
		int days_of[2] = { 0, 0 };
		for (size_t c = 0; c < plan->n_cohorts; c++) {
			const struct cp_plan_cohort *pc = &plan->cohorts[c];
			CHECK(pc->teacher != NULL, "cohort %s without a teacher", pc->id);
			int mask = 0;
			for (size_t l = 0; l < pc->n_lessons; l++)
				mask |= 1 << weekday(pc->lessons[l].start);
			printf("%s: teacher %s, %zu members (%s...), days %#x\n", pc->id,
			       pc->teacher ? pc->teacher : "-", pc->n_members,
			       pc->n_members ? pc->members[0].participant : "", mask);
			for (size_t m = 0; m < pc->n_members; m++)
				CHECK(strcmp(pc->members[m].participant, "C4") != 0,
				      "C4 placed in %s", pc->id);
			if (!pc->teacher)
				continue;
			int t = strcmp(pc->teacher, "TA") == 0 ? 0 : 1;
			CHECK((days_of[t] & mask) == 0, "teacher %s teaches twice on a day", pc->teacher);
			days_of[t] |= mask;
		}
		CHECK(plan->n_cohorts == 3, "%zu cohorts, want 3", plan->n_cohorts);
		CHECK(pf_reaching(plan) == 11, "%d reach 80%%, want 11", pf_reaching(plan));
		CHECK(pf_clashes(plan) == 0, "%ld clashes", pf_clashes(plan));
	}
	cp_plan_destroy(plan);
	cp_problem_destroy(p);
	cp_tzdb_destroy(db);
	return check_tally();
}
