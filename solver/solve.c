/*
 * cp_solver_solve: the order of work that makes "always an answer" true.
 *  1. greedy plan (instant; also the issue-9 baseline)
 *  2. LP relaxation (the bound, the duals, and the values to round)
 *  3. LP rounding + completion
 *  4. GLPK branch-and-bound, seeded with our best plan, rounding at nodes
 *  5. completion of whatever plan won, then split and explanations.
 * Each step only replaces the plan by a better one, and each bound only by
 * a lower one, so stopping anywhere (time limit, node limit, the callback)
 * still leaves a valid plan with a proven gap.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "solver-private.h"

void solver_report(struct mip_ctx *ctx, enum cp_solver_phase phase,
		double bound, long nodes, bool force)
{
	const struct cp_solver_options *o = ctx->o;
	struct cp_solver_progress pr;
	double now;

	if (!o->progress)
		return;
	now = solver_now();
	if (!force && now - ctx->last_report < o->progress_interval)
		return;
	ctx->last_report = now;
	pr.phase = phase;
	pr.has_incumbent = true; /* the greedy plan exists from the start */
	pr.incumbent = ctx->incumbent;
	pr.bound = bound;
	pr.gap = (bound - ctx->incumbent) / (fabs(bound) > 1 ? fabs(bound) : 1);
	if (pr.gap < 0)
		pr.gap = 0;
	pr.elapsed = now - ctx->t0;
	pr.nodes = nodes;
	if (!o->progress(&pr, o->progress_data))
		ctx->stopped = true;
}

static enum cp_solver_status check_options(const struct cp_solver_options *o,
		struct cp_solver_error *err)
{
	if (isnan(o->time_limit))
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"time limit is not a number");
	if (!(o->gap >= 0) || !isfinite(o->gap))
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"gap %g is not finite and >= 0", o->gap);
	if (o->node_limit < 0)
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"node limit %ld is negative", o->node_limit);
	if (o->method != CP_SOLVER_METHOD_MIP &&
	    o->method != CP_SOLVER_METHOD_GREEDY &&
	    o->method != CP_SOLVER_METHOD_GLPK)
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"unknown method %d", (int)o->method);
	if (!(o->progress_interval >= 0))
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"progress interval %g is negative",
				o->progress_interval);
	if (o->colgen_pairs < 0)
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"column generation threshold %ld is negative",
				o->colgen_pairs);
	if (o->threads < 0 || o->threads > 256)
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"threads %d is not between 0 and 256", o->threads);
	if (o->lns_rounds < 0)
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"neighbourhood rounds %ld is negative", o->lns_rounds);
	return CP_SOLVER_OK;
}

/* A bound that needs no LP: everyone with a candidate placed in the one
 * of their candidates worth the most per head (reaching the target before
 * below it, then the best secondary score; the focus bonus per head). */
static double trivial_bound(const struct model *m)
{
	const struct cp_solver_problem *p = m->prob;
	double b = 0;

	for (size_t c = 0; c < m->nc; c++) {
		int unit = p->cls[c].unit_size;
		double best = -1.0;
		bool any = false;
		for (size_t i = m->cfirst[c]; i < m->cfirst[c + 1]; i++) {
			double head;
			if (m->pub[i] == 0)
				continue;
			head = m->pbelow[i] == 0 ? 1.0
				: ((double)(unit - m->pbelow[i]) +
				   (double)m->pbelow[i] * m->below_w) / unit;
			head += m->scale * m->psec[i];
			if (c == m->focus)
				head += m->focus_w / unit;
			if (!any || head > best)
				best = head;
			any = true;
		}
		if (any)
			b += (double)(p->cls[c].count * unit) * best;
	}
	return b;
}

enum cp_solver_status cp_solver_solve(const struct cp_solver_problem *p,
		const struct cp_solver_options *opt, struct cp_solver_result **out,
		struct cp_solver_error *err)
{
	struct cp_solver_options defaults;
	const struct cp_solver_options *o = opt;
	struct model m;
	struct plan best = { 0 };
	struct greedy *g = NULL;
	struct mip_ctx ctx;
	struct mip_out mo;
	struct result_in ri;
	enum cp_solver_status st;
	double bound, gap;
	int outcome;

	if (!o) {
		cp_solver_options_init(&defaults);
		o = &defaults;
	}
	st = check_options(o, err);
	if (st != CP_SOLVER_OK)
		return st;
	st = model_init(&m, p, o, err);
	if (st != CP_SOLVER_OK)
		return st;

	memset(&ctx, 0, sizeof ctx);
	memset(&mo, 0, sizeof mo);
	ctx.m = &m;
	ctx.o = o;
	ctx.t0 = solver_now();
	/* GLPK looks at its clock only between LP solves, which take seconds
	 * on large models: it gets 95% of the time, the rest is margin */
	ctx.deadline = o->time_limit > 0 ? ctx.t0 + 0.95 * o->time_limit : 0;
	ctx.last_report = ctx.t0;
	ctx.best = &best;

	mo.row_dual = malloc((m.nr ? m.nr : 1) * sizeof *mo.row_dual);
	mo.cand_dual = malloc((m.nk ? m.nk : 1) * sizeof *mo.cand_dual);
	mo.ylp = malloc((m.nk ? m.nk : 1) * sizeof *mo.ylp);
	mo.xlp = malloc((m.np ? m.np : 1) * sizeof *mo.xlp);
	g = greedy_create(&m, o->seed);
	if (!mo.row_dual || !mo.cand_dual || !mo.ylp || !mo.xlp || !g ||
	    !plan_init(&best, &m)) {
		st = solver_fail(err, CP_SOLVER_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (size_t r = 0; r < m.nr; r++)
		mo.row_dual[r] = NAN;
	for (size_t k = 0; k < m.nk; k++)
		mo.cand_dual[k] = mo.ylp[k] = NAN;
	for (size_t i = 0; i < m.np; i++)
		mo.xlp[i] = NAN;

	/* 1. the plan that always exists */
	greedy_complete(g, &best);
	if (o->start && !plan_start(&m, o->start, &best)) {
		st = solver_fail(err, CP_SOLVER_ERR_NOMEM, "out of memory");
		goto out;
	}
	ctx.g = g;
	ctx.best_obj = ctx.incumbent = plan_objective(&m, &best);
	ctx.best_source = CP_SOLVER_SOURCE_GREEDY;
	mo.bound = trivial_bound(&m);
	mo.bound_ok = true;
	solver_report(&ctx, CP_SOLVER_PHASE_GREEDY, mo.bound, 0, true);

	/* 2-4. GLPK, unless there is nothing to decide */
	if (m.np > 0 && m.heads > 0 && !ctx.stopped) {
		st = mip_solve(&ctx, &mo, err);
		if (st != CP_SOLVER_OK)
			goto out;
	} else {
		mo.search_done = true;
	}

	/* 5. a plan from GLPK may leave room that is free to use (not for
	 * METHOD_GLPK, which shows what GLPK alone does) */
	if (o->method != CP_SOLVER_METHOD_GLPK)
		greedy_complete(g, &best);
	if (!plan_feasible(&m, &best)) {
		st = solver_fail(err, CP_SOLVER_ERR_INTERNAL,
				"the final plan violates a constraint");
		goto out;
	}
	ctx.best_obj = plan_objective(&m, &best);

	bound = mo.bound;
	if (mo.search_done && ctx.best_obj >= bound - 1e-6 * (1 + fabs(bound)))
		bound = ctx.best_obj; /* exhausted tree: proven optimal */
	if (bound < ctx.best_obj)
		bound = ctx.best_obj; /* rounding noise only */
	gap = (bound - ctx.best_obj) / (fabs(bound) > 1 ? fabs(bound) : 1);
	if (gap <= 1e-9)
		outcome = CP_SOLVER_OPTIMAL;
	else if (gap <= o->gap || mo.gap_reached)
		outcome = CP_SOLVER_GAP_REACHED;
	else
		outcome = CP_SOLVER_FEASIBLE;

	ri.m = &m;
	ri.pl = &best;
	ri.mo = &mo;
	ri.outcome = outcome;
	ri.source = ctx.best_source;
	ri.objective = ctx.best_obj;
	ri.bound = bound;
	ri.gap = gap;
	ri.elapsed = solver_now() - ctx.t0;
	ri.nodes = mo.nodes;
	ri.warning = mo.warning[0] ? mo.warning : NULL;
	st = result_build(&ri, out, err);
	if (st == CP_SOLVER_OK) {
		ctx.incumbent = ctx.best_obj;
		solver_report(&ctx, CP_SOLVER_PHASE_DONE, bound, mo.nodes, true);
	}
out:
	greedy_destroy(g);
	plan_finish(&best);
	free(mo.row_dual);
	free(mo.cand_dual);
	free(mo.ylp);
	free(mo.xlp);
	model_finish(&m);
	return st;
}

enum cp_solver_status cp_solver_write_mps(const struct cp_solver_problem *p,
		const struct cp_solver_options *opt, const char *path,
		struct cp_solver_error *err)
{
	struct cp_solver_options defaults;
	const struct cp_solver_options *o = opt;
	struct model m;
	enum cp_solver_status st;

	if (!o) {
		cp_solver_options_init(&defaults);
		o = &defaults;
	}
	st = model_init(&m, p, o, err);
	if (st != CP_SOLVER_OK)
		return st;
	st = mip_write_mps(&m, path, err);
	model_finish(&m);
	return st;
}
