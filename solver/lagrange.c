/*
 * A bound by candidates (docs/solver.md, "Bound by candidates"): with
 * multipliers on the rows that tie candidates together (classes, capacity,
 * separations), the model falls apart into one small problem per
 * candidate, solved here with whole cohorts (y integer), so that minimum
 * sizes count, and x continuous. The LP relaxation lets a cohort open a
 * tenth to hold one person; this bound does not, which is where the LP was
 * weakest (many zones, few people per timetable).
 */
#include <math.h>
#include <stdlib.h>

#include "solver-private.h"

/* A pair of the candidate at hand, by value per head. */
struct item {
	double w;    /* value per head */
	double d;    /* value per unit */
	long cap;    /* units at most (the column's bound) */
	int size;    /* heads per unit */
	size_t pair;
};

static int by_value(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	if (x->w != y->w)
		return x->w > y->w ? -1 : 1;
	return x->pair < y->pair ? -1 : x->pair > y->pair;
}

/*
 * The best value of y cohorts of one candidate: items by value per head
 * (it[0..n)), at most Uh heads, at least Lh; each item at most its cap and
 * per_cohort(i)·y units. Positive items first while there is room; then
 * the least negative until the minimum is met. x continuous, so taking
 * them in this order is optimal. -HUGE_VAL when even everyone is too few.
 * xs (n entries, or NULL) gets the units taken.
 */
static double cohorts_value(const struct item *it, size_t n, long y, long Lh,
		long Uh, long U, double *xs)
{
	double heads = 0, value = 0;

	for (size_t t = 0; t < n; t++) {
		if (xs)
			xs[t] = 0;
	}
	for (size_t t = 0; t < n; t++) {
		if (heads >= Uh || (it[t].w <= 0 && heads >= Lh))
			break;
		long per = (U / it[t].size) * y;
		double units = it[t].cap < per ? it[t].cap : per;
		/* room left, in units of this item: all of it while the value
		 * is positive, only up to the minimum after that */
		double room = ((it[t].w > 0 ? Uh : Lh) - heads) / it[t].size;
		if (units > room)
			units = room;
		heads += units * it[t].size;
		value += units * it[t].d;
		if (xs)
			xs[t] = units;
	}
	return heads + 1e-9 >= Lh ? value : -HUGE_VAL;
}

double lagr_candidates(const struct model *m, const double *dx, const double *dy,
		const double *xub, const double *yub, long *yopt, double *xopt)
{
	const struct cp_solver_problem *p = m->prob;
	size_t most = 0;
	double total = 0;

	for (size_t k = 0; k < m->nk; k++) {
		size_t n = m->kfirst[k + 1] - m->kfirst[k];
		most = n > most ? n : most;
	}
	struct item *it = malloc((most ? most : 1) * sizeof *it);
	double *xs = xopt ? malloc((most ? most : 1) * sizeof *xs) : NULL;
	if (!it || (xopt && !xs)) {
		free(it);
		free(xs);
		return HUGE_VAL;
	}
	if (xopt)
		for (size_t i = 0; i < m->np; i++)
			xopt[i] = 0;
	for (size_t k = 0; k < m->nk; k++) {
		const struct cp_solver_candidate *kk = &p->cand[k];
		long u = (long)yub[k], L = kk->min_size, U = kk->max_size;
		long Umax = m->pool[k] < U ? m->pool[k] : U;
		size_t n = 0, gain = 0;
		if (yopt)
			yopt[k] = 0;
		if (u <= 0)
			continue;
		for (size_t jj = m->kfirst[k]; jj < m->kfirst[k + 1]; jj++) {
			size_t i = m->kpairs[jj];
			if (xub[i] <= 0)
				continue;
			int s = p->cls[m->pc[i]].unit_size;
			it[n++] = (struct item){ dx[i] / s, dx[i], (long)xub[i], s, i };
			gain += dx[i] > 0;
		}
		/* nothing worth more than nothing: every cohort is worth at most
		 * its cohort value dy, so it stays closed (most candidates, once
		 * the multipliers are good; the sort below is the cost) */
		if (n == 0 || (gain == 0 && dy[k] <= 0))
			continue;
		qsort(it, n, sizeof *it, by_value);
		double best = 0;
		long besty = 0;
		for (long y = 1; y <= u; y++) {
			double v = cohorts_value(it, n, y, L * y, Umax * y, U, NULL) +
				dy[k] * (double)y;
			if (v > best) {
				best = v;
				besty = y;
			}
		}
		total += best;
		if (besty > 0 && (yopt || xopt)) {
			if (yopt)
				yopt[k] = besty;
			if (xopt) {
				cohorts_value(it, n, besty, L * besty, Umax * besty, U, xs);
				for (size_t t = 0; t < n; t++)
					xopt[it[t].pair] = xs[t];
			}
		}
	}
	free(it);
	free(xs);
	return total;
}
