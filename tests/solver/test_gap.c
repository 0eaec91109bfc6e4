/*
 * Issue 9: the method used at programme scale stops as soon as its proven
 * gap reaches the requested one (greedy plan + trivial bound, LP with a
 * capped budget, rounding, then branch-and-bound only while the gap is
 * open). On small random problems (fixed seeds; the exhaustive search of
 * testlib shares no code with the solver) and for requested gaps of 0.1%,
 * 1%, 5% and 20%, its answer must stay within its reported gap of the true
 * optimum:
 *   objective <= optimum <= bound,  optimum - objective <= gap * max(bound, 1),
 * the reported gap must be at most the requested one (these problems are
 * far too small to hit the time limit), and the plan must be valid.
 * With "colgen" as third argument the root LP runs by column generation on
 * every problem (colgen_pairs = 1): each round's dual bound, the restricted
 * LP and the branch-and-bound on it must keep the same promises.
 * With "nobb" the same, and no problem gets branch-and-bound
 * (bb_max_pairs = 1, as for the largest models): the last restricted LP
 * stands for the LP, rounding and the neighbourhood search make the plan.
 * Its answers must still be honest (objective <= optimum <= bound, within
 * the reported gap); without a tree the requested gap need not be reached.
 * Usage: test_gap [cases] [first-seed] [colgen|nobb]
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

/* A failure of the case under test (tc), printed after its tag. */
#define BAD(...) tl_bad(&tc, __VA_ARGS__)

static const double gaps[] = { 0.001, 0.01, 0.05, 0.2 };

static long within_gap_not_optimal; /* answers that used their gap */
static long colgen_pairs;           /* 0: the solver's default */
static bool no_bb;                  /* bb_max_pairs = 1 */

static int check(uint64_t seed, double want)
{
	struct tp t;
	struct cp_solver_options o;
	struct tl_case tc;
	struct tp_plan pl;
	char why[256];
	long nplans, maxheads;

	tp_random(&t, seed);
	cp_solver_options_init(&o);
	t.w = o.weights;
	o.gap = want;
	o.time_limit = 20;
	o.seed = seed;
	if (colgen_pairs)
		o.colgen_pairs = colgen_pairs;
	if (no_bb)
		o.bb_max_pairs = 1;
	struct cp_solver_problem *p = tp_build(&t);
	if (!p) {
		printf("seed %llu: cannot build the problem\n", (unsigned long long)seed);
		return 1;
	}
	double opt = tp_brute_force(&t, &nplans, &maxheads);
	tl_case_init(&tc, p, "seed %llu gap %g", (unsigned long long)seed, want);
	if (!tl_case_solve(&tc, &o))
		return tl_case_finish(&tc);
	const struct cp_solver_result *r = tc.r;
	double obj = cp_solver_result_objective(r);
	double bound = cp_solver_result_bound(r);
	double gap = cp_solver_result_gap(r);
	double tol = 1e-7 * (1 + fabs(opt));
	tp_from_result(&t, r, &pl);
	if (!tp_feasible(&t, &pl))
		BAD("plan infeasible");
	if (!tl_check_result(p, t.cls, t.cand, r, why, sizeof why))
		BAD("%s", why);
	if (fabs(tp_objective(&t, &pl) - obj) > 1e-9 * (1 + fabs(obj)))
		BAD("objective %.12g, recomputed %.12g", obj, tp_objective(&t, &pl));
	if (bound < opt - tol)
		BAD("bound %.12g below optimum %.12g", bound, opt);
	if (obj > opt + tol)
		BAD("objective %.12g above optimum %.12g", obj, opt);
	if (opt - obj > gap * (fabs(bound) > 1 ? fabs(bound) : 1) + tol)
		BAD("optimum %.12g, objective %.12g: more than the reported gap %g", opt, obj,
		    gap);
	if (!no_bb && gap > want + 1e-12)
		BAD("reported gap %g above the requested %g (outcome %s)", gap, want,
		    cp_solver_outcome_to_str(cp_solver_result_outcome(r)));
	if (cp_solver_result_placed_bound(r) < maxheads)
		BAD("placed bound %ld below %ld", cp_solver_result_placed_bound(r), maxheads);
	if (obj < opt - tol)
		within_gap_not_optimal++;
	return tl_case_finish(&tc);
}

int main(int argc, char **argv)
{
	uint64_t first;
	long cases = tl_cases(argc, argv, 200, &first);
	long failures = 0;
	if (argc > 3 && strcmp(argv[3], "colgen") == 0)
		colgen_pairs = 1;
	if (argc > 3 && strcmp(argv[3], "nobb") == 0) {
		colgen_pairs = 1;
		no_bb = true;
	}

	for (long i = 0; i < cases; i++)
		for (size_t g = 0; g < sizeof gaps / sizeof gaps[0]; g++)
			failures += check(first + (uint64_t)i, gaps[g]);
	printf("%ld cases x %zu gaps (%ld answers below the optimum, within their gap), %ld failures\n",
	       cases, sizeof gaps / sizeof gaps[0], within_gap_not_optimal, failures);
	return failures ? 1 : 0;
}
