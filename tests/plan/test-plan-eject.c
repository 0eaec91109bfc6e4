/*
 * The teacher assignment moves a cohort out of the way (engine/plan/
 * eject.c), hand-worked.
 *
 * Data: tests/data/plan/eject-ring.json. One week (Mon 3 - Fri 7 March
 * 2025, Brussels, CET = UTC+1), two lessons of 3 h each; everyone must
 * attend both (80% of 360 minutes is 288). Two alike teachers, TA and TB,
 * free on weekdays 09:00-17:00 (one group), and TC, free Mon and Tue
 * 09:00-12:00 only. Five pairs of days in a ring, Mon+Tue, Tue+Wed,
 * Wed+Thu, Thu+Fri, Fri+Mon, each with three people free 09:00-12:00 on
 * those two days only (two people on Fri+Mon).
 *
 * By hand: a teacher's 09:00 lessons on one day exclude each other, so
 * a teacher's cohorts use disjoint pairs of days; in a ring of five pairs
 * at most two are disjoint, so TA and TB hold at most four of the five
 * cohorts, and TC can hold only Mon+Tue. All 14 people reach the target
 * only when TC teaches Mon+Tue and TA and TB the other four, two each,
 * every lesson at 09:00 (08:00Z).
 *
 * Deterministic mode, so the grouped solve gives the same plan on any
 * machine: it gives the Mon+Tue cohort to the group of TA and TB (the
 * grouped model counts their lessons at an instant, two at most, and lets
 * all five in), the exact assignment then finds no place for Fri+Mon, and
 * TC cannot take Fri+Mon. Only moving Mon+Tue from TA to TC makes room:
 * without that repair this plan places 12.
 */
#include <stdio.h>
#include <string.h>

#include "common/check.h"
#include "common/plan-facts.h"
#include "plan-test.h"

/* Hour of the day (UTC) of an instant. */
static int
utc_hour(cp_instant t)
{
	return (int)(((t % 86400) + 86400) % 86400 / 3600);
}

static void
check_ring(struct cp_tzdb *db, const struct cp_problem *p)
{
	struct cp_plan *plan = pt_solve_grouped(db, p, "eject-ring");
	if (plan) {
		for (size_t c = 0; c < plan->n_cohorts; c++) {
			const struct cp_plan_cohort *pc = &plan->cohorts[c];
			int h = pc->n_lessons ? utc_hour(pc->lessons[0].start) : -1;
			printf("%s: teacher %s, %zu members (%s...), lessons at %02d:00Z\n", pc->id,
			       pc->teacher ? pc->teacher : "-", pc->n_members,
			       pc->n_members ? pc->members[0].participant : "", h);
			CHECK(pc->teacher != NULL, "cohort %s without a teacher", pc->id);
			bool mon_tue = pc->n_members && strncmp(pc->members[0].participant, "S1-", 3) == 0;
			for (size_t l = 0; l < pc->n_lessons; l++)
				CHECK(utc_hour(pc->lessons[l].start) == 8, "cohort %s lesson %zu at %02d:00Z",
				      pc->id, l + 1, utc_hour(pc->lessons[l].start));
			if (pc->teacher)
				CHECK((strcmp(pc->teacher, "TC") == 0) == mon_tue,
				      "cohort %s (%s) has teacher %s", pc->id,
				      mon_tue ? "Mon+Tue" : "not Mon+Tue", pc->teacher);
		}
		CHECK(plan->n_cohorts == 5, "%zu cohorts, want 5", plan->n_cohorts);
		CHECK(pf_reaching(plan) == 14, "%d reach 80%%, want all 14", pf_reaching(plan));
		CHECK(pf_clashes(plan) == 0, "%ld clashes", pf_clashes(plan));
	}
	cp_plan_destroy(plan);
}

int
main(void)
{
	return pt_run_problem(CP_TEST_DATA "/plan/eject-ring.json", check_ring);
}
