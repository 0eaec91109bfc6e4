/*
 * Small random problems (fixed seeds) solved four ways, each compared with
 * an exhaustive search that shares no code with the solver (its cohort
 * splits are found by search, not by the solver's parity rows):
 *  - METHOD_MIP (defaults, and with strong links and the profile term) and
 *    METHOD_GLPK with GLPK's presolver: the optimum equals the search's,
 *    is reported optimal and places the most heads possible;
 *  - METHOD_GREEDY: a valid plan, never above the optimum;
 * and in all four the reported bound is never below the true optimum, the
 * placed-heads bound never below the most heads placeable, and the cohorts
 * are valid. Every other problem has members below the target on some
 * eligibilities: there the exact methods must also match the
 * lexicographic best (heads reaching the target, then heads below it),
 * which the search counts directly, not through the objective.
 * Then each problem once more with one class in focus (options.focus):
 * the most units of it and the others' best, against the search.
 * Usage: test_brute [cases] [first-seed]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "testlib.h"

/* A failure of the case under test (tc), printed after its tag. */
#define BAD(...) tl_bad(&tc, __VA_ARGS__)

static long greedy_short; /* cases where the greedy plan was not optimal */
static long below_cases;  /* cases whose optimum places heads below target */
static long focus_gain;   /* focus cases placing more of the class than the optimum */

/*
 * Variants: 0 METHOD_MIP with default options; 1 METHOD_MIP with strong
 * links and the profile term; 2 METHOD_GLPK with GLPK's presolver and the
 * profile term; 3 METHOD_GREEDY. Variants 0-2 must be optimal.
 */
static int check_variant(uint64_t seed, int variant, long *nonempty)
{
	struct tp t;
	struct cp_solver_problem *p;
	struct cp_solver_options o;
	struct cp_solver_result *r;
	struct tl_case tc;
	struct tp_plan pl;
	char why[256];
	double opt, obj, bound, mine;
	long nplans, maxheads, reach, below;
	bool exact = variant < 3, any_below = false;

	tp_random(&t, seed);
	for (int c = 0; c < t.nc; c++)
		for (int k = 0; k < t.nk; k++)
			any_below = any_below || (t.elig[c][k] && t.e[c][k].below);
	cp_solver_options_init(&o);
	if (variant == 0)
		t.w = o.weights; /* the defaults */
	else
		o.weights = t.w; /* with the profile term */
	o.gap = 0;
	o.time_limit = 20;
	o.seed = seed;
	o.strong_links = variant == 1;
	o.method = variant == 2 ? CP_SOLVER_METHOD_GLPK
		: variant == 3 ? CP_SOLVER_METHOD_GREEDY : CP_SOLVER_METHOD_MIP;
	o.presolve = variant == 2;
	p = tp_build(&t);
	if (!p) {
		printf("seed %llu: cannot build the problem\n",
				(unsigned long long)seed);
		return 1;
	}
	opt = tp_brute_force_lex(&t, &nplans, &maxheads, &reach, &below);
	if (variant == 0 && opt > 0.5)
		(*nonempty)++;
	if (variant == 0 && below > 0)
		below_cases++;
	tl_case_init(&tc, p, "seed %llu variant %d", (unsigned long long)seed, variant);
	if (!tl_case_solve(&tc, &o))
		return tl_case_finish(&tc);
	r = tc.r;
	obj = cp_solver_result_objective(r);
	bound = cp_solver_result_bound(r);
	tp_from_result(&t, r, &pl);
	mine = tp_objective(&t, &pl);
	if (!tp_feasible(&t, &pl))
		BAD("plan infeasible");
	if (!tl_check_result(p, t.cls, t.cand, r, why, sizeof why))
		BAD("%s", why);
	if (fabs(mine - obj) > 1e-9 * (1 + fabs(obj)))
		BAD("objective %.12g, recomputed %.12g", obj, mine);
	if (bound < opt - 1e-7 * (1 + fabs(opt)))
		BAD("bound %.12g below optimum %.12g", bound, opt);
	if (obj > opt + 1e-9 * (1 + fabs(opt)))
		BAD("objective %.12g above optimum %.12g", obj, opt);
	if (cp_solver_result_placed_bound(r) < maxheads)
		BAD("placed bound %ld below %ld", cp_solver_result_placed_bound(r),
				maxheads);
	if (cp_solver_result_reaching_bound(r) < reach)
		BAD("reaching bound %ld below %ld",
				cp_solver_result_reaching_bound(r), reach);
	if (any_below) {
		long mb = tp_brute_force_below(&t, cp_solver_result_reaching(r));
		if (cp_solver_result_below_bound(r) < mb)
			BAD("below bound %ld, a plan with %ld reaching has %ld below",
					cp_solver_result_below_bound(r),
					cp_solver_result_reaching(r), mb);
		if (exact && cp_solver_result_below_bound(r) != below)
			BAD("below bound %ld of an optimal plan, best %ld",
					cp_solver_result_below_bound(r), below);
	}
	if (cp_solver_result_warning(r))
		BAD("warning: %s", cp_solver_result_warning(r));
	if (exact) {
		if (fabs(obj - opt) > 1e-7 * (1 + fabs(opt)))
			BAD("objective %.12g, optimum %.12g (%ld plans)", obj, opt,
					nplans);
		if (cp_solver_result_outcome(r) != CP_SOLVER_OPTIMAL)
			BAD("outcome %s", cp_solver_outcome_to_str(
					cp_solver_result_outcome(r)));
		/* lexicographic: the optimum has the most heads reaching the
		 * target possible, then the most below it; without members
		 * below the target, the most heads possible */
		if (cp_solver_result_reaching(r) != reach)
			BAD("reaching %ld, could reach %ld",
					cp_solver_result_reaching(r), reach);
		if (cp_solver_result_placed(r) != reach + below)
			BAD("placed %ld, lexicographic best %ld + %ld",
					cp_solver_result_placed(r), reach, below);
		if (!any_below && cp_solver_result_placed(r) != maxheads)
			BAD("placed %ld, could place %ld",
					cp_solver_result_placed(r), maxheads);
	} else if (obj < opt - 1e-7 * (1 + fabs(opt))) {
		greedy_short++;
	}
	return tl_case_finish(&tc);
}

/* Focus on one class (the seed picks it): the search places the most
 * units of it any plan can (the exhaustive search's count), its focus
 * bound says exactly that, among such plans it has the most heads
 * reaching the target (the next level of the objective), and the others'
 * heads reaching it never exceed what the search allows or what the bound
 * proves. */
static int check_focus(uint64_t seed)
{
	struct tp t;
	struct cp_solver_problem *p;
	struct cp_solver_options o;
	struct cp_solver_result *r;
	struct cp_solver_error err;
	struct tl_case tc;
	long units, others, reach, got, own = 0;
	int c;

	tp_random(&t, seed);
	if (t.nc == 0)
		return 0;
	c = (int)(seed % (uint64_t)t.nc);
	p = tp_build(&t);
	if (!p)
		return 1;
	tp_brute_force_focus(&t, c, &units, &others, &reach);
	cp_solver_options_init(&o);
	t.w = o.weights;
	o.gap = 0;
	o.time_limit = 20;
	o.seed = seed;
	o.focus = true;
	o.focus_class = (size_t)c;
	tl_case_init(&tc, p, "seed %llu focus %d", (unsigned long long)seed, c);
	if (!tl_case_solve(&tc, &o))
		return tl_case_finish(&tc);
	r = tc.r;
	got = cp_solver_result_class_placed(r, (size_t)c);
	for (int k = 0; k < t.nk; k++)
		own += cp_solver_result_assigned(r, (size_t)c, (size_t)k) *
			(t.cls[c].unit_size - t.e[c][k].below);
	if (got != units)
		BAD("places %ld units, the most possible is %ld", got, units);
	o.focus = false;
	{
		struct cp_solver_result *plain = NULL;
		if (cp_solver_solve(p, &o, &plain, &err) == CP_SOLVER_OK &&
		    cp_solver_result_class_placed(plain, (size_t)c) < got)
			focus_gain++;
		cp_solver_result_destroy(plain);
	}
	if (cp_solver_result_focus_bound(r) != units)
		BAD("focus bound %ld, the most possible is %ld",
				cp_solver_result_focus_bound(r), units);
	if (cp_solver_result_reaching(r) != reach)
		BAD("reaching %ld, best with %ld units is %ld",
				cp_solver_result_reaching(r), units, reach);
	if (cp_solver_result_reaching(r) - own > others)
		BAD("others reaching %ld, best with %ld units is %ld",
				cp_solver_result_reaching(r) - own, units, others);
	if (cp_solver_result_focus_reaching_bound(r, units) < others)
		BAD("others' bound %ld below %ld",
				cp_solver_result_focus_reaching_bound(r, units), others);
	if (cp_solver_result_focus_reaching_bound(r, units + 1) != -1)
		BAD("a plan with %ld units is not excluded", units + 1);
	return tl_case_finish(&tc);
}

int main(int argc, char **argv)
{
	uint64_t first;
	long cases = tl_cases(argc, argv, 300, &first);
	long failures = 0, nonempty = 0;

	for (long i = 0; i < cases; i++)
		for (int v = 0; v < 4; v++)
			failures += check_variant(first + (uint64_t)i, v,
					&nonempty);
	for (long i = 0; i < cases; i++)
		failures += check_focus(first + (uint64_t)i);
	printf("%ld cases (%ld place someone, %ld someone below the target, greedy not optimal in %ld, focus placing more of its class in %ld), %ld failures\n",
			cases, nonempty, below_cases, greedy_short, focus_gain, failures);
	return failures ? 1 : 0;
}
