/*
 * cp_plan_advise_n: an advice with its kind, would_place and its four
 * numbers in order, appended after the advice already in the plan, which
 * it leaves as it was.
 */
#include <cohortplan/plan.h>

#include "common/check.h"

int
main(void)
{
	struct cp_plan *p = cp_plan_create();
	CHECK(p, "plan");
	if (!p)
		return check_tally();
	struct cp_plan_advice *first = cp_plan_advise(p, CP_ADVICE_BETTER_PLAN, 3);
	CHECK(first, "first advice");
	if (first)
		first->n[0] = 3;
	struct cp_plan_advice *a = cp_plan_advise_n(p, CP_ADVICE_LEAVE, 2, 11, 7, 3, 1);
	CHECK(a, "advice");
	CHECK(p->n_advice == 2, "%zu advice", p->n_advice);
	if (p->n_advice == 2) {
		const struct cp_plan_advice *b = &p->advice[1];
		CHECK(b->kind == CP_ADVICE_LEAVE && b->would_place == 2, "kind %d would_place %d",
		      (int)b->kind, b->would_place);
		CHECK(b->n[0] == 11 && b->n[1] == 7 && b->n[2] == 3 && b->n[3] == 1,
		      "n %ld %ld %ld %ld", b->n[0], b->n[1], b->n[2], b->n[3]);
		CHECK(p->advice[0].kind == CP_ADVICE_BETTER_PLAN && p->advice[0].n[0] == 3 &&
			      p->advice[0].n[1] == 0 && p->advice[0].would_place == 3,
		      "first advice changed");
	}
	cp_plan_destroy(p);
	return check_tally();
}
