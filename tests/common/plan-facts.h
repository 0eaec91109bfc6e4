/*
 * Facts about a plan that tests and benchmarks count for themselves, from
 * the plan's own data and independently of the planner's bookkeeping:
 * members reaching the attendance target, members placed, and teacher
 * clashes (two
 * lessons of one teacher at once; a lesson on leave counts for the
 * substitute who gives it, engine/plan/substitute.c).
 */
#ifndef CP_TESTS_PLAN_FACTS_H
#define CP_TESTS_PLAN_FACTS_H

#include <string.h>

#include <cohortplan/plan.h>

static inline int
pf_reaching(const struct cp_plan *plan)
{
	int n = 0;
	for (size_t c = 0; c < plan->n_cohorts; c++)
		for (size_t m = 0; m < plan->cohorts[c].n_members; m++)
			n += cp_plan_member_reaches(plan, &plan->cohorts[c],
						    &plan->cohorts[c].members[m]);
	return n;
}

static inline const char *
pf_giver(const struct cp_plan_cohort *c, const struct cp_plan_lesson *l)
{
	return l->substitute ? l->substitute : c->teacher ? c->teacher : "";
}

static inline long
pf_clashes(const struct cp_plan *plan)
{
	long n = 0;
	for (size_t a = 0; a < plan->n_cohorts; a++)
		for (size_t b = a + 1; b < plan->n_cohorts; b++) {
			const struct cp_plan_cohort *x = &plan->cohorts[a], *y = &plan->cohorts[b];
			for (size_t i = 0; i < x->n_lessons; i++)
				for (size_t j = 0; j < y->n_lessons; j++)
					n += x->lessons[i].start < y->lessons[j].end &&
					     y->lessons[j].start < x->lessons[i].end &&
					     strcmp(pf_giver(x, &x->lessons[i]),
						    pf_giver(y, &y->lessons[j])) == 0;
		}
	return n;
}

/* Members of all cohorts. */
static inline size_t
pf_placed(const struct cp_plan *plan)
{
	size_t n = 0;
	for (size_t c = 0; c < plan->n_cohorts; c++)
		n += plan->cohorts[c].n_members;
	return n;
}

#endif
