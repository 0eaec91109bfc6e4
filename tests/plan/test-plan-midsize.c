/*
 * A mid-size many-zone problem where the search used to stop short
 * (issue 13): 100 generated participants in 12 zones from UTC-6 to UTC+8,
 * 6 teachers in Brussels, Bogota and Amman, a 10-week course over Ramadan
 * and two clock changes. The data is checked in (tests/data/plan/
 * midsize-12zones.json, written by `cohortplan generate --participants 100
 * --seed 1 --zones world --teachers varied` before the realistic generator
 * existed), so the test does not move when the generator does.
 *
 * The optimum is known independently: the model of this problem exported
 * with `cohortplan solve --export-model` (12,810 columns, 4,456 rows) and
 * solved by COIN-OR CBC 2.10.8 (`cbc FILE -sec 240 -solve`: "Optimal
 * solution found", objective -32.14999051 in 65 s) and by glpsol 5.0 with
 * its MIP presolver and MIR cuts (the same value, gap < 0.1%). The
 * objective is lexicographic (docs/solver.md), so 32.14999 means 32 people
 * reaching 80% at best.
 *
 * Before the neighbourhood search the plan had 29 reaching 80% after 30 s
 * (objective 29.19, proven gap 11.95%), and 29 after 60 s. Now the default
 * search (default time limit, default threads) must reach the optimum; the
 * progress callback stops it as soon as it does, so the test takes seconds.
 * A second run in deterministic mode must also reach it and give the same
 * plan twice.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/check.h"
#include "common/plan-facts.h"
#include "formats/problem_json.h"
#include "plan-test.h"

#define OPTIMUM 32.14999051 /* CBC and glpsol, see above */
#define OPTIMUM_REACHING 32

struct watch {
	double reached_at; /* seconds to the optimum, or -1 */
};

static bool
until_optimum(const struct cp_solver_progress *pr, void *data)
{
	struct watch *w = data;
	/* the objective is heads reaching 80% plus less than half a head of
	 * lower-ranked terms: past OPTIMUM_REACHING - 0.5 it has the
	 * optimum's heads, and the secondary terms are optimised only within
	 * the requested gap (docs/solver.md) */
	if (pr->incumbent > OPTIMUM_REACHING - 0.5) {
		if (w->reached_at < 0)
			w->reached_at = pr->elapsed;
		return false; /* stop: nothing better exists */
	}
	return true;
}

static struct cp_plan *
solve(struct cp_tzdb *db, const struct cp_problem *p, bool deterministic, struct watch *w)
{
	struct cp_pipeline_options o;
	cp_pipeline_options_init(&o); /* the default time limit (60 s) */
	o.now = 1700000000;
	if (deterministic) {
		o.deterministic = true;
		o.node_limit = 5;
		o.time_limit = 0; /* work bounds only: the same on any machine */
	} else {
		o.progress = until_optimum;
		o.progress_data = w;
	}
	return pt_solve_with(db, p, &o, "");
}

/* Same cohorts, timetables, teachers and members, in the same order. */
static bool
same_plan(const struct cp_plan *a, const struct cp_plan *b)
{
	if (a->n_cohorts != b->n_cohorts || a->objective != b->objective)
		return false;
	for (size_t c = 0; c < a->n_cohorts; c++) {
		const struct cp_plan_cohort *x = &a->cohorts[c], *y = &b->cohorts[c];
		if (x->n_members != y->n_members || x->n_lessons != y->n_lessons ||
		    strcmp(x->teacher ? x->teacher : "", y->teacher ? y->teacher : "") != 0)
			return false;
		for (size_t l = 0; l < x->n_lessons; l++)
			if (x->lessons[l].start != y->lessons[l].start)
				return false;
		for (size_t m = 0; m < x->n_members; m++)
			if (strcmp(x->members[m].participant, y->members[m].participant) != 0)
				return false;
	}
	return true;
}

static void
check_midsize(struct cp_tzdb *db, const struct cp_problem *p)
{
	struct watch w = { -1 };
	struct cp_plan *plan = solve(db, p, false, &w);
	if (plan) {
		CHECK(w.reached_at >= 0, "the search did not reach the optimum %.5f in the time "
		      "limit (objective %.5f, bound %.5f)", OPTIMUM, plan->objective, plan->bound);
		CHECK(plan->objective <= OPTIMUM + 1e-6, "objective %.6f above the proven "
		      "optimum %.6f", plan->objective, OPTIMUM);
		CHECK(plan->bound >= OPTIMUM - 1e-6, "bound %.6f below the known optimum",
		      plan->bound);
		CHECK(pf_reaching(plan) == OPTIMUM_REACHING, "%d reach 80%%, the optimum has %d",
		      pf_reaching(plan), OPTIMUM_REACHING);
		printf("default search: optimum after %.1f s\n", w.reached_at);
	}
	cp_plan_destroy(plan);

	struct cp_plan *d1 = solve(db, p, true, NULL);
	struct cp_plan *d2 = solve(db, p, true, NULL);
	if (d1 && d2) {
		CHECK(same_plan(d1, d2), "deterministic mode gave two plans (objectives %.6f, %.6f)",
		      d1->objective, d2->objective);
		CHECK(pf_reaching(d1) == OPTIMUM_REACHING, "deterministic: %d reach 80%%, optimum %d",
		      pf_reaching(d1), OPTIMUM_REACHING);
		CHECK(d1->bound >= OPTIMUM - 1e-6, "deterministic bound %.6f below the optimum",
		      d1->bound);
	}
	cp_plan_destroy(d1);
	cp_plan_destroy(d2);
}

int
main(void)
{
	return pt_run_problem(CP_TEST_DATA "/plan/midsize-12zones.json", check_midsize);
}
