/*
 * Small random problems (fixed seeds) solved three ways, each compared with
 * an exhaustive search that shares no code with the solver:
 *  - METHOD_MIP: the optimum equals the search's and is reported optimal;
 *  - METHOD_GLPK with GLPK's presolver: the same optimum;
 *  - METHOD_GREEDY: a valid plan, never above the optimum;
 * and in all three the reported bound is never below the true optimum and
 * the cohorts are valid. Usage: test_brute [cases] [first-seed]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "testlib.h"

static long greedy_short; /* cases where the greedy plan was not optimal */

static int check_case(uint64_t seed, long *nonempty)
{
	struct tp t;
	struct cp_solver_problem *p;
	double opt;
	long nplans, maxheads;
	int failures = 0;

	tp_random(&t, seed);
	p = tp_build(&t);
	if (!p) {
		printf("seed %llu: cannot build the problem\n",
				(unsigned long long)seed);
		return 1;
	}
	opt = tp_brute_force(&t, &nplans, &maxheads);
	if (opt > 0.5)
		(*nonempty)++;

	for (int method = 0; method < 3; method++) {
		struct cp_solver_options o;
		struct cp_solver_result *r = NULL;
		struct cp_solver_error err;
		struct tp_plan pl;
		char why[256];
		double obj, bound, mine;

		cp_solver_options_init(&o);
		o.gap = 0;
		o.time_limit = 20;
		o.seed = seed;
		o.method = method == 0 ? CP_SOLVER_METHOD_MIP
			: method == 1 ? CP_SOLVER_METHOD_GLPK
			: CP_SOLVER_METHOD_GREEDY;
		o.presolve = method == 1;
		if (cp_solver_solve(p, &o, &r, &err) != CP_SOLVER_OK) {
			printf("seed %llu method %d: %s\n", (unsigned long long)seed,
					method, err.message);
			failures++;
			continue;
		}
		obj = cp_solver_result_objective(r);
		bound = cp_solver_result_bound(r);
		tp_from_result(&t, r, &pl);
		mine = tp_objective(&t, &pl);
		if (!tp_feasible(&t, &pl)) {
			printf("seed %llu method %d: plan infeasible\n",
					(unsigned long long)seed, method);
			failures++;
		}
		if (!tl_check_result(p, t.cls, t.cand, r, why, sizeof why)) {
			printf("seed %llu method %d: %s\n", (unsigned long long)seed,
					method, why);
			failures++;
		}
		if (fabs(mine - obj) > 1e-9 * (1 + fabs(obj))) {
			printf("seed %llu method %d: objective %.12g, recomputed %.12g\n",
					(unsigned long long)seed, method, obj, mine);
			failures++;
		}
		if (bound < opt - 1e-7 * (1 + fabs(opt))) {
			printf("seed %llu method %d: bound %.12g below optimum %.12g\n",
					(unsigned long long)seed, method, bound, opt);
			failures++;
		}
		if (obj > opt + 1e-9 * (1 + fabs(opt))) {
			printf("seed %llu method %d: objective %.12g above optimum %.12g\n",
					(unsigned long long)seed, method, obj, opt);
			failures++;
		}
		if (method < 2 && fabs(obj - opt) > 1e-7 * (1 + fabs(opt))) {
			printf("seed %llu method %d: objective %.12g, optimum %.12g (%ld plans)\n",
					(unsigned long long)seed, method, obj, opt,
					nplans);
			failures++;
		}
		if (method == 2 && obj < opt - 1e-7 * (1 + fabs(opt)))
			greedy_short++;
		if (method < 2 && cp_solver_result_outcome(r) != CP_SOLVER_OPTIMAL) {
			printf("seed %llu method %d: outcome %s\n",
					(unsigned long long)seed, method,
					cp_solver_outcome_to_str(
						cp_solver_result_outcome(r)));
			failures++;
		}
		if (cp_solver_result_placed_bound(r) < maxheads) {
			printf("seed %llu method %d: placed bound %ld below %ld\n",
					(unsigned long long)seed, method,
					cp_solver_result_placed_bound(r), maxheads);
			failures++;
		}
		/* lexicographic: the optimum places the most heads possible */
		if (method < 2 && cp_solver_result_placed(r) != maxheads) {
			printf("seed %llu method %d: placed %ld, could place %ld\n",
					(unsigned long long)seed, method,
					cp_solver_result_placed(r), maxheads);
			failures++;
		}
		cp_solver_result_destroy(r);
	}
	cp_solver_problem_destroy(p);
	return failures;
}

int main(int argc, char **argv)
{
	long cases = argc > 1 ? atol(argv[1]) : 300;
	uint64_t first = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
	long failures = 0, nonempty = 0;

	for (long i = 0; i < cases; i++)
		failures += check_case(first + (uint64_t)i, &nonempty);
	printf("%ld cases (%ld place someone, greedy not optimal in %ld), %ld failures\n",
			cases, nonempty, greedy_short, failures);
	return failures ? 1 : 0;
}
