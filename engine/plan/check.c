/*
 * Checking unplaced classes by re-solving with each in focus (check.h).
 */
#include "check.h"


/* The options of one check. The gap: a plan with u focus units is worth
 * between (2H + 2) u - 1/2 and (2H + 2) u + H + 1/2 (docs/solver.md,
 * "Focus"), and the bound of such a search is below (2H + 2) count + H + 1,
 * so a relative gap below 0.4 / that leaves less than half a head: a stop
 * for the gap has decided both the class and the heads of the others. */
static void
check_options(struct cp_solver_options *o, const struct cp_solver_options *base,
	      const struct cp_solver_result *main, size_t cls, long count, double seconds,
	      long nodes)
{
	double h = (double)cp_solver_result_heads(main);
	double top = (2.0 * h + 2.0) * (double)count + h + 1.0;
	double gap = 0.4 / top;

	*o = *base;
	o->focus = true;
	o->focus_class = cls;
	o->method = CP_SOLVER_METHOD_MIP;
	o->progress = NULL;
	o->progress_data = NULL;
	o->threads = 1;
	if (o->gap > gap)
		o->gap = gap;
	o->time_limit = seconds;
	if (seconds <= 0)
		o->node_limit = nodes;
}

static void
judge(struct cp_check *c, const struct cp_solver_result *main, const struct cp_solver_result *r,
      cp_check_reaching_fn reaching, const void *data)
{
	long had = cp_solver_result_class_placed(main, c->cls);
	long got = cp_solver_result_class_placed(r, c->cls);

	c->had = had;
	if (got > had) {
		c->answer = CP_CHECK_MORE;
		c->units = got;
		c->reaching = cp_solver_result_reaching(r);
		c->others_reaching = c->reaching - reaching(r, c->cls, data);
		c->others_most = cp_solver_result_focus_reaching_bound(r, got);
		if (c->others_most < c->others_reaching)
			c->others_most = c->others_reaching;
	} else if (cp_solver_result_focus_bound(r) <= had) {
		c->answer = CP_CHECK_EXCLUDED;
	} else {
		c->answer = CP_CHECK_UNDECIDED;
	}
}

/* Is a's plan better than b's for the plain objective's first levels
 * (heads reaching the target, then all heads placed)? */
static bool
plain_better(const struct cp_solver_result *a, const struct cp_solver_result *b)
{
	if (cp_solver_result_reaching(a) != cp_solver_result_reaching(b))
		return cp_solver_result_reaching(a) > cp_solver_result_reaching(b);
	return cp_solver_result_placed(a) > cp_solver_result_placed(b);
}

enum cp_solver_status
cp_check_run(const struct cp_solver_problem *sp, const struct cp_solver_options *base,
	     const struct cp_solver_result *main, struct cp_check *checks, size_t n,
	     const struct cp_check_limits *lim, cp_check_reaching_fn reaching, const void *data,
	     double *seconds, struct cp_solver_result **better, struct cp_solver_error *err)
{
	const struct cp_solver_result *best = main;
	struct cp_solver_result *keep = NULL;

	double t0 = plan_seconds(), last = 0;
	size_t run = n < lim->max_checks ? n : lim->max_checks;

	for (size_t i = 0; i < n; i++)
		checks[i].answer = CP_CHECK_NOT_RUN;
	*seconds = 0;
	for (size_t i = 0; i < run; i++) {
		double slice = 0, start = plan_seconds();
		if (lim->seconds > 0) {
			/* What is left, shared by the checks still to run. A
			 * large model costs more than a small slice (building,
			 * the first LP): a check starts only while what is left
			 * covers what the previous one took, so the checks end
			 * at most about one check after their budget. */
			double left = lim->seconds - (start - t0);
			slice = left / (double)(run - i);
			if (slice < 0.01 || left < last)
				break;
		}
		struct cp_solver_options o;
		struct cp_solver_result *r = NULL;
		check_options(&o, base, main, checks[i].cls, checks[i].count, slice, lim->nodes);
		enum cp_solver_status st = cp_solver_solve(sp, &o, &r, err);
		if (st != CP_SOLVER_OK) {
			*seconds = plan_seconds() - t0;
			cp_solver_result_destroy(keep);
			return st;
		}
		judge(&checks[i], main, r, reaching, data);
		if (better && plain_better(r, best)) {
			cp_solver_result_destroy(keep);
			best = keep = r;
		} else {
			cp_solver_result_destroy(r);
		}
		last = plan_seconds() - start;
	}
	*seconds = plan_seconds() - t0;
	if (better)
		*better = keep;
	return CP_SOLVER_OK;
}
