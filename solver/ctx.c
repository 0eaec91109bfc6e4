/*
 * The state of one solve (struct mip_ctx): the best plan shared between the
 * search's threads, progress reports, and the LP and search outputs. The
 * bottom of solver/: every other file may use it, it uses none of them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "solver-private.h"
#include "cp_util.h"

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
		const struct cp_solver_options *o, struct plan *best, double t0)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->m = m;
	ctx->o = o;
	ctx->best = best;
	ctx->t0 = t0;
	/* GLPK looks at its clock only between LP solves, which take seconds
	 * on large models: it gets 95% of the time, the rest is margin */
	ctx->deadline = o->time_limit > 0 ? ctx->t0 + 0.95 * o->time_limit : 0;
	ctx->last_report = ctx->t0;
	ctx->cuts.nk = m->nk;
	pthread_mutex_init(&ctx->lock, NULL);
}

/* ---- cuts from plans -------------------------------------------------- */

/* Free what cuts holds and empty it (its nk stays). */
static void cuts_release(struct cp_solver_cuts *cuts)
{
	size_t nk = cuts->nk;
	free(cuts->first);
	free(cuts->bound);
	free(cuts->hash);
	free(cuts->cand);
	memset(cuts, 0, sizeof *cuts);
	cuts->nk = nk;
}

void ctx_finish(struct mip_ctx *ctx)
{
	free(ctx->lp_y);
	ctx->lp_y = NULL;
	cuts_release(&ctx->cuts); /* embedded: not _destroy */
	pthread_mutex_destroy(&ctx->lock);
}

static uint64_t cut_hash(const size_t *cands, size_t n, double bound)
{
	uint64_t h = 1469598103934665603u ^ (uint64_t)(bound * 16);
	for (size_t i = 0; i < n; i++) {
		h ^= (uint64_t)cands[i] + 0x9e3779b97f4a7c15u;
		h *= 1099511628211u;
	}
	return h;
}

enum cp_solver_status cp_solver_cuts_add(struct cp_solver_cuts *cuts,
		const size_t *cands, size_t n, double bound)
{
	if (!cuts || (n && !cands) || !(bound >= 0))
		return CP_SOLVER_ERR_INVALID;
	for (size_t i = 0; i < n; i++)
		if (cands[i] >= cuts->nk)
			return CP_SOLVER_ERR_INVALID;
	uint64_t h = cut_hash(cands, n, bound);
	for (size_t r = 0; r < cuts->n; r++)
		if (cuts->hash[r] == h && cuts->bound[r] == bound &&
		    cuts->first[r + 1] - cuts->first[r] == n &&
		    memcmp(cuts->cand + cuts->first[r], cands, n * sizeof *cands) == 0)
			return CP_SOLVER_OK;
	/* first, bound and hash share cap: grow all three, then record it */
	size_t cap = cuts->cap, cap_bound = cuts->cap, cap_hash = cuts->cap;
	if (!CP_GROW(cuts->first, cap, cuts->n + 2, 64) ||
	    !CP_GROW(cuts->bound, cap_bound, cuts->n + 2, 64) ||
	    !CP_GROW(cuts->hash, cap_hash, cuts->n + 2, 64))
		return CP_SOLVER_ERR_NOMEM;
	cuts->cap = cap;
	if (cuts->n == 0)
		cuts->first[0] = 0;
	if (!CP_GROW(cuts->cand, cuts->capcand, cuts->ncand + n, 256))
		return CP_SOLVER_ERR_NOMEM;
	memcpy(cuts->cand + cuts->ncand, cands, n * sizeof *cands);
	cuts->ncand += n;
	cuts->bound[cuts->n] = bound;
	cuts->hash[cuts->n] = h;
	cuts->first[++cuts->n] = cuts->ncand;
	return CP_SOLVER_OK;
}

struct cp_solver_cuts *cp_solver_cuts_create(size_t ncand)
{
	struct cp_solver_cuts *cuts = calloc(1, sizeof *cuts);
	if (cuts)
		cuts->nk = ncand;
	return cuts;
}

void cp_solver_cuts_destroy(struct cp_solver_cuts *cuts)
{
	if (!cuts)
		return;
	cuts_release(cuts);
	free(cuts);
}

size_t cp_solver_cuts_count(const struct cp_solver_cuts *cuts)
{
	return cuts ? cuts->n : 0;
}

const size_t *cp_solver_cuts_get(const struct cp_solver_cuts *cuts, size_t i,
		size_t *n, double *bound)
{
	if (!cuts || i >= cuts->n) {
		*n = 0;
		*bound = 0;
		return NULL;
	}
	*n = cuts->first[i + 1] - cuts->first[i];
	*bound = cuts->bound[i];
	return cuts->cand + cuts->first[i];
}

/* Heads of one cohort of candidate k in pl (its heads over its cohorts). */
static double cohort_heads(const struct model *m, const struct plan *pl, size_t k)
{
	long heads = 0;
	for (size_t j = m->kfirst[k]; j < m->kfirst[k + 1]; j++) {
		size_t i = m->kpairs[j];
		heads += pl->x[i] * m->prob->cls[m->pc[i]].unit_size;
	}
	return pl->y[k] > 0 ? (double)heads / (double)pl->y[k] : 0;
}

/* A cut broken by e cohorts costs the e smallest of its cohorts, which a
 * real plan cannot hold: counted as e times the smallest cohort's heads
 * (an estimate from below of what the teacher assignment loses). */
double cuts_penalty(const struct mip_ctx *ctx, const struct plan *pl)
{
	const struct cp_solver_cuts *cuts = &ctx->cuts;
	double pen = 0;
	for (size_t r = 0; r < cuts->n; r++) {
		long lhs = 0;
		for (size_t q = cuts->first[r]; q < cuts->first[r + 1]; q++)
			lhs += pl->y[cuts->cand[q]];
		if ((double)lhs <= cuts->bound[r] + 1e-9)
			continue;
		double least = -1;
		for (size_t q = cuts->first[r]; q < cuts->first[r + 1]; q++) {
			size_t k = cuts->cand[q];
			if (pl->y[k] > 0) {
				double h = cohort_heads(ctx->m, pl, k);
				if (least < 0 || h < least)
					least = h;
			}
		}
		pen += ((double)lhs - cuts->bound[r]) * least;
	}
	return pen;
}

bool best_offer(struct mip_ctx *ctx, const struct plan *pl, double obj,
		int source)
{
	bool better;

	pthread_mutex_lock(&ctx->lock);
	better = obj > ctx->best_obj + 1e-9;
	if (ctx->o->separate) {
		/* judged less the heads beyond the cuts, those this plan
		 * shows included */
		ctx->o->separate(pl->y, ctx->m->nk, &ctx->cuts, ctx->o->separate_data);
		better = obj - cuts_penalty(ctx, pl) >
			 ctx->best_obj - cuts_penalty(ctx, ctx->best) + 1e-9;
	}
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

