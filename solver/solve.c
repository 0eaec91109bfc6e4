/*
 * cp_solver_solve: the order of work that makes "always an answer" true.
 *  1. greedy plan (instant; also the issue-9 baseline)
 *  2. LP relaxation (the bound, the duals, and the values to round)
 *  3. LP rounding + completion
 *  4. GLPK branch-and-bound, seeded with our best plan, rounding at nodes
 *     (with the large neighbourhood search of lns.c in a second thread
 *     throughout, or for a while between 3 and 4 with one thread)
 *  5. completion of whatever plan won, then split and explanations.
 * Layers, one way: solve.c -> lns.c -> mip.c -> ctx.c (the shared state).
 * Each step only replaces the plan by a better one, and each bound only by
 * a lower one, so stopping anywhere (time limit, node limit, the callback)
 * still leaves a valid plan with a proven gap.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "solver-private.h"

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
	if (o->bb_max_pairs < 0)
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"branch-and-bound threshold %ld is negative",
				o->bb_max_pairs);
	if (o->threads < 0 || o->threads > 256)
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"threads %d is not between 0 and 256", o->threads);
	if (o->lns_rounds < 0)
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"neighbourhood rounds %ld is negative", o->lns_rounds);
	return CP_SOLVER_OK;
}

/* Deterministic mode: neighbourhood rounds and nodes per sub-problem. */
#define LNS_ROUNDS 40
#define LNS_SUB_NODES 200

/*
 * The neighbourhood search in one thread (threads 1 or deterministic),
 * called by mip.c between the root and branch-and-bound: a
 * worker runs while this thread waits, so only one computes at a time. It
 * gets half the time left when branch-and-bound follows (measured:
 * docs/solver.md, "Large neighbourhood search"), all of it when not; in
 * deterministic mode a fixed number of rounds, each bounded by nodes.
 */
static void lns_between(struct mip_ctx *ctx, struct mip_out *out, bool last)
{
	const struct cp_solver_options *o = ctx->o;
	struct lns_limits lim = { .workers = 1 };

	if (o->deterministic) {
		lim.max_rounds = o->lns_rounds > 0 ? o->lns_rounds : LNS_ROUNDS;
		lim.sub_nodes = LNS_SUB_NODES;
	} else {
		lim.timed = true;
		if (ctx->deadline > 0) {
			double now = solver_now();
			lim.until = last ? ctx->deadline
				: now + 0.5 * (ctx->deadline - now);
		}
	}
	if (solver_gap(best_objective(ctx), out->bound) <= o->gap)
		return;
	solver_report(ctx, CP_SOLVER_PHASE_LNS, out->bound, 0, true);
	struct lns_pool *pool = lns_start(ctx, &lim);
	lns_wait(pool);
	lns_stop(pool, ctx, NULL, NULL);
	solver_report(ctx, CP_SOLVER_PHASE_LNS, out->bound, 0, true);
}

/* Threads for this solve: the option, or the machine's cores. */
static size_t threads_of(const struct cp_solver_options *o)
{
	long n = o->threads;
	if (n <= 0)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (size_t)n : 1;
}

/*
 * Wait for the workers while they may still improve the plan: when there
 * was no branch-and-bound to search alongside them (models too large for
 * it) and time is left. Reports progress meanwhile.
 */
static void lns_alone(struct mip_ctx *ctx, struct mip_out *out)
{
	/* this thread has nothing else to do: it becomes a worker too */
	struct lns_limits lim = {
		.workers = 1,
		.until = ctx->deadline,
		.timed = true,
		.first_index = threads_of(ctx->o) - 1,
	};
	/* a worker's set-up (its own greedy over the whole model) and one
	 * round cost about two greedy plans: with less time left the thread
	 * only waits (it held the solve 2.5 s past its limit at 30,000
	 * people) */
	bool join = ctx->deadline <= 0 ||
		ctx->deadline - solver_now() > 2 * ctx->greedy_secs;
	struct lns_pool *more = join ? lns_start(ctx, &lim) : NULL;

	while (!(lns_done(ctx->lns) && lns_done(more)) && !ctx->stopped &&
	       (ctx->deadline <= 0 || solver_now() < ctx->deadline) &&
	       solver_gap(best_objective(ctx), out->bound) > ctx->o->gap) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };
		nanosleep(&ts, NULL);
		solver_report(ctx, CP_SOLVER_PHASE_LNS, out->bound, out->nodes,
				false);
	}
	lns_stop(more, ctx, NULL, NULL);
}

/*
 * Steps 2-4 with the neighbourhood search around them: with two threads or
 * more, workers search from the start, alongside the LP and
 * branch-and-bound; with one (or deterministic), mip.c calls lns_between
 * after the root. When no branch-and-bound ran (large models) the workers
 * go on, and this thread joins them, until the limit, the gap or a stall.
 */
static enum cp_solver_status search(struct mip_ctx *ctx, struct mip_out *mo,
		struct cp_solver_error *err)
{
	const struct cp_solver_options *o = ctx->o;
	enum cp_solver_status st;

	if (o->method == CP_SOLVER_METHOD_MIP && !o->deterministic &&
	    threads_of(o) >= 2) {
		struct lns_limits lim = {
			.workers = threads_of(o) - 1,
			.until = ctx->deadline,
			.timed = true,
		};
		ctx->lns = lns_start(ctx, &lim);
	}
	if (o->method == CP_SOLVER_METHOD_MIP && !ctx->lns)
		ctx->after_root = lns_between;
	st = mip_solve(ctx, mo, err);
	if (ctx->lns) {
		if (st == CP_SOLVER_OK && !mo->bb_ran && !mo->search_done)
			lns_alone(ctx, mo);
		lns_stop(ctx->lns, ctx, NULL, NULL);
		ctx->lns = NULL;
	}
	return st;
}

/* ---- the whole solve -------------------------------------------------- */

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
	/* the limit counts from here: building the model takes seconds at
	 * scale (30,000 people in 12 zones: 15 million pairs) */
	double t0 = solver_now();
	st = model_init(&m, p, o, err);
	if (st != CP_SOLVER_OK)
		return st;

	ctx_init(&ctx, &m, o, &best, t0);
	g = greedy_create(&m, o->seed);
	if (!mip_out_init(&mo, &m)) {
		greedy_destroy(g);
		ctx_finish(&ctx);
		model_finish(&m);
		return solver_fail(err, CP_SOLVER_ERR_NOMEM, "out of memory");
	}
	if (!g || !plan_init(&best, &m)) {
		st = solver_fail(err, CP_SOLVER_ERR_NOMEM, "out of memory");
		goto out;
	}

	/* 1. the plan that always exists */
	double g0 = solver_now();
	greedy_complete(g, &best);
	ctx.greedy_secs = solver_now() - g0;
	if (o->start && !plan_start(&m, o->start, &best)) {
		st = solver_fail(err, CP_SOLVER_ERR_NOMEM, "out of memory");
		goto out;
	}
	ctx.g = g;
	ctx.best_obj = ctx.incumbent = plan_objective(&m, &best);
	ctx.best_source = CP_SOLVER_SOURCE_GREEDY;
	mo.bound = model_trivial_bound(&m);
	mo.bound_ok = true;
	solver_report(&ctx, CP_SOLVER_PHASE_GREEDY, mo.bound, 0, true);

	/* 2-4. GLPK, unless there is nothing to decide */
	if (m.np > 0 && m.heads > 0 && !ctx.stopped) {
		st = search(&ctx, &mo, err);
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
	gap = solver_gap(ctx.best_obj, bound);
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
	mip_out_finish(&mo);
	ctx_finish(&ctx);
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
