/*
 * The bound by candidates (solver/lagrange.c) on a hand-worked model: each
 * candidate's best whole cohorts for given values, minimum sizes included.
 *
 * Classes: A (1 person), B (1 couple), C (2 people). Values per unit after
 * the multipliers (dx) are set by hand per pair, the value per cohort (dy)
 * per candidate:
 *
 *   k0: sizes 3..4, 1 cohort, dy -0.5; A +1.0, B +1.0, C -0.2 per unit.
 *       By value per head: A 1.0, B 0.5, C -0.1. A and B make 3 heads,
 *       the minimum: 2.0 - 0.5 = 1.5 (C not taken).
 *   k1: sizes 3..3, 1 cohort, dy 0; A +1.0, C -0.4 per unit. A alone is
 *       1 head: the cohort needs both of C: 1.0 - 0.8 = 0.2. (Relaxing the
 *       size rows, as the LP's dual bound does, would count A's 1.0.)
 *   k2: sizes 2..2, 2 cohorts, dy -0.5; C +0.3 per unit. One cohort: both
 *       of C, 0.6 - 0.5 = 0.1; two cohorts need 4 heads, C has 2.
 *   k3: sizes 2..4, 1 cohort, dy -2.0; A +1.0: worth -1.0, stays closed.
 *   k4: sizes 1..4, 1 cohort, dy 0; A -0.1: nothing gains, stays closed.
 *   k5: sizes 1..4, 1 cohort, dy +0.5; A -0.2: the cohort itself is worth
 *       something, A is the one head it needs: 0.5 - 0.2 = 0.3.
 *
 * Bound 1.5 + 0.2 + 0.1 + 0 + 0 + 0.3 = 2.1, cohorts (1, 1, 1, 0, 0, 1).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../solver/solver-private.h"

static int failures;

#define CHECK(cond) do { if (!(cond)) { \
		printf("%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		failures++; } } while (0)

static size_t add_class(struct cp_solver_problem *p, long count, int unit)
{
	struct cp_solver_class c = { count, unit, 0, 0 };
	size_t i = CP_SOLVER_NONE;
	CHECK(cp_solver_problem_add_class(p, &c, &i, NULL) == CP_SOLVER_OK);
	return i;
}

static size_t add_cand(struct cp_solver_problem *p, long min, long max, long open)
{
	struct cp_solver_candidate k = { 0, -1, min, max, open };
	size_t i = CP_SOLVER_NONE;
	CHECK(cp_solver_problem_add_candidate(p, &k, &i, NULL) == CP_SOLVER_OK);
	return i;
}

static void elig(struct cp_solver_problem *p, size_t c, size_t k)
{
	struct cp_solver_eligibility e = { 0.9, 0, 0, 0 };
	CHECK(cp_solver_problem_add_eligibility(p, c, k, &e, NULL) == CP_SOLVER_OK);
}

static bool near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

int main(void)
{
	struct cp_solver_problem *p = cp_solver_problem_create();
	struct cp_solver_options o;
	struct model m;
	size_t A, B, C, k[6];

	if (!p)
		return 1;
	A = add_class(p, 1, 1);
	B = add_class(p, 1, 2);
	C = add_class(p, 2, 1);
	k[0] = add_cand(p, 3, 4, 1);
	k[1] = add_cand(p, 3, 3, 1);
	k[2] = add_cand(p, 2, 2, 2);
	k[3] = add_cand(p, 2, 4, 1);
	k[4] = add_cand(p, 1, 4, 1);
	k[5] = add_cand(p, 1, 4, 1);
	elig(p, A, k[0]);
	elig(p, B, k[0]);
	elig(p, C, k[0]);
	elig(p, A, k[1]);
	elig(p, C, k[1]);
	elig(p, C, k[2]);
	elig(p, A, k[3]);
	elig(p, A, k[4]);
	elig(p, A, k[5]);
	cp_solver_options_init(&o);
	CHECK(model_init(&m, p, &o, NULL) == CP_SOLVER_OK);

	double dx[9], xub[9], yub[6], xopt[9];
	double dy[6] = { -0.5, 0, -0.5, -2.0, 0, 0.5 };
	long yopt[6];
	struct { size_t c, k; double v; } set[] = {
		{ A, 0, 1.0 }, { B, 0, 1.0 }, { C, 0, -0.2 },
		{ A, 1, 1.0 }, { C, 1, -0.4 }, { C, 2, 0.3 }, { A, 3, 1.0 },
		{ A, 4, -0.1 }, { A, 5, -0.2 },
	};
	CHECK(m.np == 9 && m.nk == 6);
	for (size_t t = 0; t < 9; t++) {
		size_t i = model_pair(&m, set[t].c, k[set[t].k]);
		CHECK(i < m.np);
		dx[i] = set[t].v;
	}
	for (size_t i = 0; i < m.np; i++)
		xub[i] = (double)m.pub[i];
	for (size_t kk = 0; kk < 6; kk++)
		yub[kk] = (double)p->cand[kk].max_open;

	double b = lagr_candidates(&m, dx, dy, xub, yub, yopt, xopt);
	printf("bound by candidates %.6f (expected 2.1)\n", b);
	CHECK(near(b, 2.1));
	CHECK(yopt[0] == 1 && yopt[1] == 1 && yopt[2] == 1 && yopt[3] == 0 &&
	      yopt[4] == 0 && yopt[5] == 1);
	CHECK(near(xopt[model_pair(&m, A, k[0])], 1));
	CHECK(near(xopt[model_pair(&m, B, k[0])], 1));
	CHECK(near(xopt[model_pair(&m, C, k[0])], 0));
	CHECK(near(xopt[model_pair(&m, C, k[1])], 2));
	CHECK(near(xopt[model_pair(&m, C, k[2])], 2));
	CHECK(near(xopt[model_pair(&m, A, k[3])], 0));
	CHECK(near(xopt[model_pair(&m, A, k[4])], 0));
	CHECK(near(xopt[model_pair(&m, A, k[5])], 1));

	/* without the optional outputs: the same bound */
	CHECK(near(lagr_candidates(&m, dx, dy, xub, yub, NULL, NULL), 2.1));

	/* a column fixed at 0 is left out: k1 without A cannot open (C alone
	 * is 2 heads of 3) */
	xub[model_pair(&m, A, k[1])] = 0;
	CHECK(near(lagr_candidates(&m, dx, dy, xub, yub, NULL, NULL), 1.9));

	model_finish(&m);
	cp_solver_problem_destroy(p);
	printf("%d failures\n", failures);
	return failures ? 1 : 0;
}
