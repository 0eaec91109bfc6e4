/*
 * The state of one solve (struct mip_ctx): the best plan shared between the
 * search's threads, progress reports, and the LP and search outputs. The
 * bottom of solver/: every other file may use it, it uses none of them.
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
	pthread_mutex_lock(&ctx->lock);
	pr.incumbent = ctx->incumbent;
	pthread_mutex_unlock(&ctx->lock);
	pr.bound = bound;
	pr.gap = solver_gap(pr.incumbent, bound);
	pr.elapsed = now - ctx->t0;
	pr.nodes = nodes;
	if (!o->progress(&pr, o->progress_data))
		ctx->stopped = true;
}

/* Relative gap as reported: (bound - obj) / max(|bound|, 1), >= 0. */
double solver_gap(double obj, double bound)
{
	double g = (bound - obj) / (fabs(bound) > 1 ? fabs(bound) : 1);
	return g > 0 ? g : 0;
}

/* ---- the shared best plan --------------------------------------------- */

void ctx_init(struct mip_ctx *ctx, const struct model *m,
		const struct cp_solver_options *o, struct plan *best)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->m = m;
	ctx->o = o;
	ctx->best = best;
	ctx->t0 = solver_now();
	/* GLPK looks at its clock only between LP solves, which take seconds
	 * on large models: it gets 95% of the time, the rest is margin */
	ctx->deadline = o->time_limit > 0 ? ctx->t0 + 0.95 * o->time_limit : 0;
	ctx->last_report = ctx->t0;
	pthread_mutex_init(&ctx->lock, NULL);
}

void ctx_finish(struct mip_ctx *ctx)
{
	free(ctx->lp_y);
	ctx->lp_y = NULL;
	pthread_mutex_destroy(&ctx->lock);
}

bool best_offer(struct mip_ctx *ctx, const struct plan *pl, double obj,
		int source)
{
	bool better;

	pthread_mutex_lock(&ctx->lock);
	better = obj > ctx->best_obj + 1e-9;
	if (better) {
		plan_copy(ctx->best, pl, ctx->m);
		ctx->best_obj = obj;
		ctx->best_source = source;
		ctx->version++;
		if (obj > ctx->incumbent)
			ctx->incumbent = obj;
	}
	pthread_mutex_unlock(&ctx->lock);
	return better;
}

bool best_take(struct mip_ctx *ctx, struct plan *dst, double *obj,
		unsigned long *seen)
{
	bool changed;

	pthread_mutex_lock(&ctx->lock);
	changed = ctx->version != *seen;
	if (changed) {
		plan_copy(dst, ctx->best, ctx->m);
		*obj = ctx->best_obj;
		*seen = ctx->version;
	}
	pthread_mutex_unlock(&ctx->lock);
	return changed;
}

double best_objective(struct mip_ctx *ctx)
{
	double v;

	pthread_mutex_lock(&ctx->lock);
	v = ctx->best_obj;
	pthread_mutex_unlock(&ctx->lock);
	return v;
}

bool mip_out_init(struct mip_out *mo, const struct model *m)
{
	memset(mo, 0, sizeof *mo);
	mo->row_dual = malloc((m->nr ? m->nr : 1) * sizeof *mo->row_dual);
	mo->cand_dual = malloc((m->nk ? m->nk : 1) * sizeof *mo->cand_dual);
	mo->ylp = malloc((m->nk ? m->nk : 1) * sizeof *mo->ylp);
	mo->xlp = malloc((m->np ? m->np : 1) * sizeof *mo->xlp);
	if (!mo->row_dual || !mo->cand_dual || !mo->ylp || !mo->xlp) {
		mip_out_finish(mo);
		return false;
	}
	for (size_t r = 0; r < m->nr; r++)
		mo->row_dual[r] = NAN;
	for (size_t k = 0; k < m->nk; k++)
		mo->cand_dual[k] = mo->ylp[k] = NAN;
	for (size_t i = 0; i < m->np; i++)
		mo->xlp[i] = NAN;
	return true;
}

void mip_out_finish(struct mip_out *mo)
{
	free(mo->row_dual);
	free(mo->cand_dual);
	free(mo->ylp);
	free(mo->xlp);
	memset(mo, 0, sizeof *mo);
}

