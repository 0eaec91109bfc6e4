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
 *
 * Data: tests/data/plan/clash-ring.json, the same week, teachers and
 * rules, cohorts of 2 to 5. A ring of five pairs of days at 09:00-12:00:
 * Mon+Tue (S1-1..3), Tue+Wed (S2-1..3), Wed+Thu (S3-1..3), Thu+Fri
 * (S4-1..3), free then only; Mon+Fri: S5-1..3 (also free Wed and Thu
 * 13:00-16:00), X1 and X2 (only then). Z is free Wed and Thu 13:00-16:00.
 *
 * By hand: at 09:00 a teacher takes at most two disjoint pairs of the
 * ring, so the two teachers hold at most four of the five. No three of
 * them pairwise share a day, so no clique says it; the set's independence
 * number, 2, does (at most 2 x 2). Best: the four S pairs at 09:00 (12)
 * and Wed+Thu 13:00 with S5-1..3 and Z (4; no overlap, and a Wednesday or
 * Thursday of 6 hours is a teacher's day): 16, X1 and X2 left out. Mon+Fri
 * at 09:00 (S5 and X: 5) costs one of the four: 5 + 9 = 14. Planned with
 * each teacher alone (`cohortplan solve`, no groups) the plan is the same
 * 16. The grouped model without the cut opens all five at 09:00, which
 * no assignment can teach (checked with the cut disabled: the solver's
 * plan counts 18, the taught plan 15).
 */
#include <stdio.h>
#include <string.h>

#include "common/check.h"
#include "common/plan-facts.h"
#include "plan-test.h"

/* UTC hour of an instant. */
static int
utc_hour(cp_instant t)
{
	return (int)(((t % 86400) + 86400) % 86400 / 3600);
}

/* Solve file with two alike teachers as one group; every cohort taught,
 * no clash, nobody called left placed, want_cohorts cohorts and
 * want_reach reaching the target; *plan_out kept for more checks. */
static void
check_plan(const char *file, const char *left, size_t want_cohorts, int want_reach,
	   void (*more)(const struct cp_plan *plan))
{
	struct cp_tzdb *db;
	struct cp_problem *p;
	if (!pt_open_problem(file, &db, &p))
		return;
	struct cp_plan *plan = pt_solve_grouped(db, p, file);
	if (plan) {
		for (size_t c = 0; c < plan->n_cohorts; c++) {
			const struct cp_plan_cohort *pc = &plan->cohorts[c];
			CHECK(pc->teacher != NULL, "%s: cohort %s without a teacher", file, pc->id);
			printf("%s: teacher %s, %zu members (%s...), first lesson at %02d:00Z\n", pc->id,
			       pc->teacher ? pc->teacher : "-", pc->n_members,
			       pc->n_members ? pc->members[0].participant : "",
			       pc->n_lessons ? utc_hour(pc->lessons[0].start) : -1);
			for (size_t m = 0; m < pc->n_members; m++)
				CHECK(strcmp(pc->members[m].participant, left) != 0, "%s: %s placed in %s",
				      file, left, pc->id);
		}
		CHECK(plan->n_cohorts == want_cohorts, "%s: %zu cohorts, want %zu", file,
		      plan->n_cohorts, want_cohorts);
		CHECK(pf_reaching(plan) == want_reach, "%s: %d reach 80%%, want %d", file,
		      pf_reaching(plan), want_reach);
		CHECK(pf_clashes(plan) == 0, "%s: %ld clashes", file, pf_clashes(plan));
		if (more)
			more(plan);
	}
	cp_plan_destroy(plan);
	cp_problem_destroy(p);
	cp_tzdb_destroy(db);
}

/* The ring: S5's cohort at 13:00 Brussels (12:00Z), the others at 09:00;
 * X2 not placed either. */
static void
ring_hours(const struct cp_plan *plan)
{
	for (size_t c = 0; c < plan->n_cohorts; c++) {
		const struct cp_plan_cohort *pc = &plan->cohorts[c];
		bool s5 = false;
		for (size_t m = 0; m < pc->n_members; m++) {
			s5 |= strncmp(pc->members[m].participant, "S5-", 3) == 0;
			CHECK(strcmp(pc->members[m].participant, "X2") != 0, "ring: X2 placed in %s",
			      pc->id);
		}
		for (size_t l = 0; l < pc->n_lessons; l++)
			CHECK(utc_hour(pc->lessons[l].start) == (s5 ? 12 : 8),
			      "ring: cohort %s lesson %zu at %02d:00Z", pc->id, l + 1,
			      utc_hour(pc->lessons[l].start));
	}
}

int
main(void)
{
	check_plan(CP_TEST_DATA "/plan/clash-triangle.json", "C4", 3, 11, NULL);
	check_plan(CP_TEST_DATA "/plan/clash-ring.json", "X1", 5, 16, ring_hours);
	return check_tally();
}
